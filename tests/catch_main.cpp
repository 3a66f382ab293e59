// The one Catch2 main for tcpviz_tests (native and wasm). Test files go in tests/core/.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
