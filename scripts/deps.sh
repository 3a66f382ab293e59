#!/usr/bin/env bash
# Installs and prepares everything the build and the tests need. Idempotent and quick when
# nothing is missing. Only Debian's archive and the npm registry are used.
#   - Debian packages (apt-get; `apt-get update` only when something is missing)
#   - a deb-src entry, then the Debian source packages imgui and libsdl2
#     (downloaded into $TCPVIZ_CACHE/src, ImGui unpacked into .deps/)
#   - SDL2 built for wasm from Debian's source (recipe: cmake/sdl2-wasm/), cached in
#     $TCPVIZ_CACHE/sdl2-wasm-<ver>-<hash>
#   - npm packages from package-lock.json (playwright-core; it never downloads a browser)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APT_PACKAGES=(
  build-essential cmake ninja-build dpkg-dev pkg-config git ca-certificates
  clang libclang-rt-14-dev
  emscripten
  libsdl2-dev libgl-dev catch2 nlohmann-json3-dev
  chromium xvfb xauth imagemagick
  python3-fonttools fonts-wqy-microhei
  tcpdump tshark iproute2 netcat-openbsd curl socat python3-scapy iperf3
)

need_root() {
  [[ $(id -u) -eq 0 ]] || die "$1 needs root (run as root or install it by hand)"
}

apt_packages() {
  local missing=()
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    need_root "installing ${missing[*]}"
    log "apt-get install ${missing[*]}"
    apt-get update -qq || log "apt-get update reported errors (unreachable extra sources?); going on"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v node >/dev/null || {
    log "apt-get install nodejs npm"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  }
}

# A deb-src entry mirroring the Debian archive entry (same URI, suites and key).
deb_src() {
  local f=/etc/apt/sources.list.d/debian-src.sources
  if grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ || grep -qs '^deb-src ' /etc/apt/sources.list; then
    return 0
  fi
  need_root "adding a deb-src entry"
  log "adding $f"
  cat >"$f" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update -qq || log "apt-get update reported errors (unreachable extra sources?); going on"
}

# fetch_source <source package> <glob of the orig tarball>: prints the tarball's path.
fetch_source() {
  local pkg="$1" glob="$2" dir="$TCPVIZ_CACHE/src"
  mkdir -p "$dir"
  local tarball
  tarball="$(compgen -G "$dir/$glob" | head -n1 || true)"
  if [[ -z "$tarball" ]]; then
    deb_src
    log "apt-get source --download-only $pkg"
    if ! (cd "$dir" && apt-get source -qq -o APT::Sandbox::User=root --download-only "$pkg" >/dev/null); then
      apt-get update -qq || true
      (cd "$dir" && apt-get source -qq -o APT::Sandbox::User=root --download-only "$pkg" >/dev/null)
    fi
    tarball="$(compgen -G "$dir/$glob" | head -n1 || true)"
    [[ -n "$tarball" ]] || die "apt-get source $pkg gave no $glob"
  fi
  printf '%s\n' "$tarball"
}

imgui_source() {
  local dest
  dest="$(imgui_dir)"
  [[ -f "$dest/imgui.cpp" && -f "$dest/backends/imgui_impl_sdl.cpp" ]] && return 0
  local tarball tmp
  tarball="$(fetch_source imgui "imgui_${TCPVIZ_IMGUI_VERSION}*.orig.tar.*")"
  log "unpacking $(basename "$tarball") into .deps/"
  tmp="$(mktemp -d "$TCPVIZ_ROOT/.deps.XXXXXX")"
  tar -xf "$tarball" -C "$tmp"
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest"
  mv "$tmp"/* "$dest"
  rmdir "$tmp"
}

sdl2_wasm() {
  local prefix
  prefix="$(sdl2_wasm_dir)"
  [[ -f "$prefix/lib/libSDL2.a" ]] && return 0
  local tarball work start
  tarball="$(fetch_source libsdl2 "libsdl2_${TCPVIZ_SDL2_VERSION}*.orig.tar.*")"
  log "building SDL2 $TCPVIZ_SDL2_VERSION for wasm into $prefix (once per machine)"
  start=$SECONDS
  work="$(mktemp -d "$TCPVIZ_CACHE/sdl2-build.XXXXXX")"
  tar -xf "$tarball" -C "$work"
  local src
  src="$(compgen -G "$work/SDL2-*" | head -n1)"
  emcmake cmake -G Ninja -S "$TCPVIZ_ROOT/cmake/sdl2-wasm" -B "$work/build" \
    -DSDL2_SOURCE_DIR="$src" -DCMAKE_INSTALL_PREFIX="$work/install" >"$work/configure.log" 2>&1 ||
    { tail -n 30 "$work/configure.log"; die "SDL2 wasm configure failed (log: $work/configure.log)"; }
  cmake --build "$work/build" >"$work/build.log" 2>&1 ||
    { tail -n 30 "$work/build.log"; die "SDL2 wasm build failed (log: $work/build.log)"; }
  cmake --install "$work/build" >/dev/null
  rm -rf "$prefix"
  mv "$work/install" "$prefix"
  rm -rf "$work"
  log "SDL2 for wasm built in $((SECONDS - start)) s"
}

npm_packages() {
  local stamp="$TCPVIZ_ROOT/node_modules/.tcpviz-lock-sha256" want
  want="$(sha256sum <"$TCPVIZ_ROOT/package-lock.json")"
  if [[ -d "$TCPVIZ_ROOT/node_modules/playwright-core" && "$(cat "$stamp" 2>/dev/null)" == "$want" ]]; then
    return 0
  fi
  log "npm ci"
  (cd "$TCPVIZ_ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  printf '%s\n' "$want" >"$stamp"
}

main() {
  apt_packages
  mkdir -p "$TCPVIZ_CACHE"
  imgui_source
  sdl2_wasm
  npm_packages
}

# One line: bash reads a script as it runs, so nothing after main may be read later
# (an edit of this file during a run would otherwise be executed from the old offset).
main "$@"; exit $?
