// Placeholder command-line tool: prints the version and usage. To be replaced by the real CLI.
#include <cstdio>
#include <string>
#include <string_view>

#include "core/version.hpp"

int main(int argc, char** argv) {
    const std::string version(tcpviz::kVersion);
    if (argc == 2 && (std::string_view(argv[1]) == "--version" || std::string_view(argv[1]) == "-V")) {
        std::printf("tcpviz-cli %s\n", version.c_str());
        return 0;
    }
    std::printf("tcpviz-cli %s\n"
                "usage: tcpviz-cli --version\n"
                "       tcpviz-cli --help\n",
                version.c_str());
    const bool help = argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h");
    return argc == 1 || help ? 0 : 2;
}
