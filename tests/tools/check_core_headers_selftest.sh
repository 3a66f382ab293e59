#!/usr/bin/env bash
# Proves check_core_headers.sh can fail: every banned include, alone in a scratch tree, must
# be caught, and a clean tree (standard headers, core/ includes) must pass.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
check="$here/check_core_headers.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

failures=0
bad_includes=(
  '#include "imgui.h"' '#include <imgui_internal.h>' '#include <SDL.h>' '#include <SDL2/SDL.h>'
  '#include <emscripten.h>' '#include <emscripten/html5.h>' '#include <GL/gl.h>'
  '#include <GLES3/gl3.h>' '#include <sys/socket.h>' '#include <unistd.h>' '  #  include <fcntl.h>'
  '#include <linux/if_tun.h>' '#include <net/if.h>' '#include <netinet/in.h>' '#include <arpa/inet.h>'
  '#include <windows.h>' '#include "live/tap_device.hpp"' '#include "ui/app.hpp"'
  '#if defined(__EMSCRIPTEN__)'
)
for line in "${bad_includes[@]}"; do
  rm -rf "$tmp/core" && mkdir -p "$tmp/core/wire"
  printf '#pragma once\n#include <cstdint>\n%s\n' "$line" >"$tmp/core/wire/bad.hpp"
  if "$check" "$tmp/core" >/dev/null 2>&1; then
    echo "selftest: NOT caught: $line"
    failures=$((failures + 1))
  fi
done

rm -rf "$tmp/core" && mkdir -p "$tmp/core/tcp"
cat >"$tmp/core/tcp/good.cpp" <<'CPP'
#include <cstdint>
#include <span>
#include <system_error>
#include <nlohmann/json.hpp>
#include "core/wire/seq.hpp"
#include "core/util/result.hpp"
// A comment that mentions SDL.h or <sys/socket.h> is fine.
CPP
if ! "$check" "$tmp/core" >/dev/null 2>&1; then
  echo "selftest: a clean tree was rejected"
  failures=$((failures + 1))
fi

if ((failures)); then
  echo "check_core_headers selftest: FAILED ($failures)"
  exit 1
fi
echo "check_core_headers selftest: ok (${#bad_includes[@]} bad includes caught, clean tree passes)"
