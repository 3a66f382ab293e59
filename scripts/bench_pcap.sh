#!/usr/bin/env bash
# Capture import benchmark (issue 6): generates a >= 1 GiB synthetic pcap (bench_gen_capture,
# deterministic from the seed; reused when a cached one of the same seed and size exists under
# /tmp/tcpviz-bench-*/), then runs bench_pcap_import, which times the connection list
# (summarize_file over the mapped file, best of 3, wall and CPU time, peak memory), the full
# rebuild it replaced (read_capture + summarize, once, checking both give identical
# summaries), and `tshark -r file -q -z conv,tcp` on the same file in the same run.
#
#   scripts/bench_pcap.sh [build_dir (default build/native)] [extra bench_pcap_import args...]
#   env: TCPVIZ_PCAP_BYTES (default 1073741824), TCPVIZ_PCAP_SEED (default 1),
#        TCPVIZ_PCAP_FULL=0 to leave out the full rebuild (it needs about 4 GiB of memory)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/native}"
shift || true
bytes="${TCPVIZ_PCAP_BYTES:-1073741824}"
seed="${TCPVIZ_PCAP_SEED:-1}"
name="capture-seed${seed}-${bytes}.pcap"
for bin in bench_gen_capture bench_pcap_import; do
  if [[ ! -x "$build/$bin" ]]; then
    echo "missing $build/$bin: build it first (cmake --build $build --target $bin)" >&2
    exit 1
  fi
done
file=""
for candidate in /tmp/tcpviz-bench-*/"$name"; do
  if [[ -f "$candidate" && $(stat -c %s "$candidate") -ge "$bytes" ]]; then file="$candidate"; break; fi
done
if [[ -z "$file" ]]; then
  dir="/tmp/tcpviz-bench-$$"
  mkdir -p "$dir"
  file="$dir/$name"
  "$build/bench_gen_capture" "$file" "$bytes" "$seed"
else
  echo "reusing $file"
fi
command -v tshark >/dev/null || { echo "tshark not found: running without it" >&2; set -- --no-tshark "$@"; }
[[ "${TCPVIZ_PCAP_FULL:-1}" == 0 ]] || set -- --full "$@"
"$build/bench_pcap_import" "$file" 3 "$@"
