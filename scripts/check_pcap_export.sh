#!/usr/bin/env bash
# Checks that Wireshark reads the pcap files tcpviz exports without complaint: every built-in
# preset (or the scenarios given) is exported with `tcpviz-cli pcap export` and read back with
# `tshark`, which must find as many TCP packets as were written and no malformed packet or
# expert error (bad checksum, bad header length, ...), and whose flags, seq, ack and lengths
# are the trace's (scripts/compare_pcap_trace.py against `tcpviz-cli run --json`); `capinfos`
# must accept the file too. The independent witness for core/pcap/pcap_writer.* (the Catch2
# tests only read exports back with our own reader).
#
#   scripts/check_pcap_export.sh [path/to/tcpviz-cli] [preset-id|scenario.json ...]
set -euo pipefail
cd "$(dirname "$0")/.."
cli="${1:-build/native/tcpviz-cli}"
shift || true
command -v tshark >/dev/null || { echo "tshark not installed: skipped" >&2; exit 0; }
[[ -x "$cli" ]] || { echo "no $cli: build it first" >&2; exit 1; }
sources=("$@")
if [[ ${#sources[@]} -eq 0 ]]; then
  mapfile -t sources < <("$cli" presets --json | python3 -c 'import json,sys; [print(p["id"]) for p in json.load(sys.stdin)]')
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
for src in "${sources[@]}"; do
  out="$tmp/$(basename "$src" .json).pcap"
  if ! written="$("$cli" pcap export "$src" -o "$out" 2>&1)"; then
    echo "FAIL $src: export failed: $written"; fail=1; continue
  fi
  n_written="$(sed -n 's/^wrote \([0-9]*\) segments.*/\1/p' <<<"$written")"
  n_tcp="$(tshark -r "$out" -Y tcp 2>/dev/null | wc -l)"
  bad="$(tshark -r "$out" -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
          -Y '_ws.malformed || _ws.expert.severity >= "error" || tcp.checksum.status == "Bad" || ip.checksum.status == "Bad"' 2>/dev/null | wc -l)"
  if [[ "$n_tcp" != "$n_written" || "$bad" != 0 ]]; then
    echo "FAIL $src: wrote $n_written, tshark saw $n_tcp TCP packets, $bad malformed or bad"
    fail=1
  elif ! "$cli" run "$src" --json >"$tmp/trace.json" ||
       ! tshark -r "$out" -Y tcp -T fields -e tcp.flags -e tcp.seq_raw -e tcp.ack_raw -e tcp.len \
           >"$tmp/fields.txt" 2>/dev/null ||
       ! diff_out="$(python3 scripts/compare_pcap_trace.py "$tmp/trace.json" "$tmp/fields.txt")"; then
    echo "FAIL $src: tshark's flags/seq/ack/len differ from the trace's"
    printf '%s\n' "${diff_out:-}"
    fail=1
  elif command -v capinfos >/dev/null && ! capinfos "$out" >/dev/null 2>&1; then
    echo "FAIL $src: capinfos does not accept the file"
    fail=1
  else
    echo "ok   $src: $n_tcp packets, flags/seq/ack/len as in the trace"
  fi
done
exit "$fail"
