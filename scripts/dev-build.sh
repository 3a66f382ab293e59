#!/usr/bin/env bash
# A developer's own build folders, so several people can build in one working tree at once
# without overwriting build/native, build/wasm or each other's web outputs.
#   scripts/dev-build.sh native <name> [ninja targets...]   -> build/dev-<name>/
#   scripts/dev-build.sh wasm <name> [ninja targets...]     -> build/dev-<name>-wasm/, with the
#        page in build/dev-<name>-wasm/public/ (test it with
#        TCPVIZ_PUBLIC_DIR=build/dev-<name>-wasm/public node tests/browser/shell.test.mjs)
# Run scripts/deps.sh (or scripts/test.sh deps) once first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kind="${1:?usage: dev-build.sh native|wasm <name> [targets...]}"
name="${2:?usage: dev-build.sh native|wasm <name> [targets...]}"
shift 2
[[ "$name" =~ ^[a-z0-9_-]+$ ]] || die "dev-build.sh: name '$name' must be [a-z0-9_-]+"

case "$kind" in
  native)
    dir="$TCPVIZ_ROOT/build/dev-$name"
    [[ -f "$dir/build.ninja" ]] ||
      cmake -G Ninja -S "$TCPVIZ_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
        -DTCPVIZ_REQUIRE_APP=ON -DTCPVIZ_IMGUI_DIR="$(imgui_dir)" >/dev/null
    ;;
  wasm)
    dir="$TCPVIZ_ROOT/build/dev-$name-wasm"
    [[ -f "$dir/build.ninja" ]] ||
      emcmake cmake -G Ninja -S "$TCPVIZ_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
        -DTCPVIZ_REQUIRE_APP=ON -DTCPVIZ_IMGUI_DIR="$(imgui_dir)" \
        -DTCPVIZ_SDL2_WASM_DIR="$(sdl2_wasm_dir)" -DTCPVIZ_WEB_OUT_DIR="$dir/public" >/dev/null
    ;;
  *) die "dev-build.sh: unknown kind '$kind' (native or wasm)" ;;
esac
cmake --build "$dir" -- -j2 "$@"
# The page's static files may have changed without a relink: copy them again.
if [[ "$kind" == wasm && -d "$dir/public" ]]; then
  cmake -DSRC="$TCPVIZ_ROOT/public" -DDST="$dir/public" -P "$TCPVIZ_ROOT/cmake/copy_public_static.cmake"
fi
