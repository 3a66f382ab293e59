// The one place the version lives, so the CLI, the desktop title and window.tcpviz agree.
#include "core/version.hpp"
