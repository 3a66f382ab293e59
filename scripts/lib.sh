# Shared helpers for scripts/*.sh (sourced, not run).
# shellcheck shell=bash

TCPVIZ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TCPVIZ_ROOT
# Fetched/built third-party artefacts that outlive a clone (shared by every clone on the machine).
export TCPVIZ_CACHE="${TCPVIZ_CACHE:-/var/cache/tcpviz}"
# emcc needs Debian's node modules (acorn, ...) with this machine's node.
export NODE_PATH=/usr/share/nodejs
# playwright-core drives Debian's /usr/bin/chromium; never fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

TCPVIZ_SDL2_VERSION=2.26.5
TCPVIZ_IMGUI_VERSION=1.86

log() { printf '\033[1m[tcpviz]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[tcpviz] error:\033[0m %s\n' "$*" >&2; exit 1; }

# The directory SDL2-for-wasm is installed to: keyed by the SDL version, the recipe in
# cmake/sdl2-wasm/ and the emcc version, so a changed recipe or compiler builds anew.
sdl2_wasm_dir() {
  local emcc_version key
  emcc_version="$(emcc --version 2>/dev/null | head -n1)"
  key="$( { printf '%s\n' "$TCPVIZ_SDL2_VERSION" "$emcc_version"
            cat "$TCPVIZ_ROOT"/cmake/sdl2-wasm/CMakeLists.txt "$TCPVIZ_ROOT"/cmake/sdl2-wasm/SDL_config.h
          } | sha256sum | cut -c1-12)"
  printf '%s/sdl2-wasm-%s-%s\n' "$TCPVIZ_CACHE" "$TCPVIZ_SDL2_VERSION" "$key"
}

imgui_dir() { printf '%s/.deps/imgui-%s\n' "$TCPVIZ_ROOT" "$TCPVIZ_IMGUI_VERSION"; }

# cache_value <build dir> <variable>: a variable's value in a build dir's CMakeCache.txt.
cache_value() {
  sed -n "s/^$2:[A-Z]*=//p" "$1/CMakeCache.txt" 2>/dev/null
}

# Configure (when needed) and build one of the canonical build directories.
#   build_native | build_wasm | build_fuzz   [ninja targets...]
build_native() {
  local dir="$TCPVIZ_ROOT/build/native"
  if [[ ! -f "$dir/build.ninja" || "$(cache_value "$dir" TCPVIZ_IMGUI_DIR)" != "$(imgui_dir)" ]]; then
    cmake -G Ninja -S "$TCPVIZ_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
      -DTCPVIZ_REQUIRE_APP=ON -DTCPVIZ_IMGUI_DIR="$(imgui_dir)" >/dev/null
  fi
  cmake --build "$dir" -- "$@"
}

build_wasm() {
  local dir="$TCPVIZ_ROOT/build/wasm" sdl
  sdl="$(sdl2_wasm_dir)"
  if [[ ! -f "$dir/build.ninja" || "$(cache_value "$dir" TCPVIZ_SDL2_WASM_DIR)" != "$sdl" ||
        "$(cache_value "$dir" TCPVIZ_IMGUI_DIR)" != "$(imgui_dir)" ]]; then
    emcmake cmake -G Ninja -S "$TCPVIZ_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
      -DTCPVIZ_REQUIRE_APP=ON -DTCPVIZ_IMGUI_DIR="$(imgui_dir)" \
      -DTCPVIZ_SDL2_WASM_DIR="$sdl" >/dev/null
  fi
  cmake --build "$dir" -- "$@"
}

build_fuzz() {
  local dir="$TCPVIZ_ROOT/build/fuzz"
  if [[ ! -f "$dir/build.ninja" ]]; then
    CC=clang CXX=clang++ cmake -G Ninja -S "$TCPVIZ_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
      -DTCPVIZ_FUZZ=ON >/dev/null
  fi
  cmake --build "$dir" -- "$@"
}
