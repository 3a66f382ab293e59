#!/usr/bin/env bash
# Builds and runs every benchmark (bench/<name>.cpp -> bench_<name>), natively and as wasm
# under node. Arguments are passed to each benchmark.
#   scripts/bench.sh [args...]        TCPVIZ_BENCH_WASM=0 skips the wasm runs
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$TCPVIZ_ROOT"

"$TCPVIZ_ROOT/scripts/deps.sh"
mapfile -t benches < <(find bench -maxdepth 1 -name '*.cpp' -printf 'bench_%f\n' 2>/dev/null | sed 's/\.cpp$//' | sort)
if ((${#benches[@]} == 0)); then
  log "no benchmarks (bench/*.cpp) yet"
  exit 0
fi

build_native "${benches[@]}"
for b in "${benches[@]}"; do
  log "native: $b $*"
  "build/native/$b" "$@"
done

if [[ "${TCPVIZ_BENCH_WASM:-1}" != 0 ]]; then
  build_wasm "${benches[@]/%/.js}"
  for b in "${benches[@]}"; do
    log "wasm (node $(node --version)): $b $*"
    node --no-experimental-fetch "build/wasm/$b.js" "$@"
  done
fi
