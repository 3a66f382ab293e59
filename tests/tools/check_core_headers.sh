#!/usr/bin/env bash
# Keeps core/ free of platform code: no ImGui, SDL, Emscripten, OpenGL or OS headers, no
# includes of the layers above it (ui/, live/, web/, desktop/, cli/), no __EMSCRIPTEN__.
#   tests/tools/check_core_headers.sh [DIR...]     (default: core/ of this repository)
# Exits 1 and lists the offending lines if anything is found.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dirs=("$@")
((${#dirs[@]})) || dirs=("$root/core")

# Header paths (as written between <> or "") that core/ must not include.
banned='(imgui[^/]*\.h|imgui/|SDL[^/]*\.h|SDL2/|emscripten|GL/|GLES[0-9]*/|EGL/|KHR/|glad/|'
banned+='sys/|unistd\.h|fcntl\.h|poll\.h|dlfcn\.h|pthread\.h|signal\.h|termios\.h|ifaddrs\.h|netdb\.h|'
banned+='linux/|net/|netinet/|netpacket/|arpa/|windows\.h|winsock[^/]*\.h|ws2[^/]*\.h|'
banned+='ui/|live/|web/|desktop/|cli/)'
include_re="^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]${banned}"

status=0
for dir in "${dirs[@]}"; do
  [[ -d "$dir" ]] || { echo "check_core_headers: no directory $dir" >&2; exit 2; }
  if grep -rnE --include='*.hpp' --include='*.cpp' --include='*.h' --include='*.ipp' --include='*.inc' \
       "$include_re" "$dir"; then
    status=1
  fi
  if grep -rnE --include='*.hpp' --include='*.cpp' --include='*.h' --include='*.ipp' --include='*.inc' \
       '__EMSCRIPTEN__' "$dir"; then
    status=1
  fi
done

if ((status)); then
  echo "check_core_headers: FAILED: core/ must not include platform headers (lines above)" >&2
else
  echo "check_core_headers: ok (${dirs[*]})"
fi
exit "$status"
