#!/usr/bin/env bash
# Builds everything and runs every test. One function per stage; a failed stage does not
# stop the others (stages that need a failed build are skipped). Exits non-zero if any
# stage failed and ends with "N passed, N failed, N skipped" (stages, not test cases).
#   scripts/test.sh                     everything
#   TCPVIZ_FUZZ_SECONDS=5 scripts/test.sh   shorter fuzzing (default 20 s per target)
#   scripts/test.sh native_tests browser    only the named stages (after deps)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$TCPVIZ_ROOT"

FUZZ_SECONDS="${TCPVIZ_FUZZ_SECONDS:-20}"
JOBS="$(nproc)"
SHOTS="$TCPVIZ_ROOT/build/screenshots"

declare -A RESULT=()
PASSED=0 FAILED=0 SKIPPED=0
FAILED_NAMES=()

# run_stage <name> [needs...]: runs stage_<name> in a subshell with `set -e`, timed.
run_stage() {
  local name="$1"; shift
  local need
  for need in "$@"; do
    if [[ "${RESULT[$need]:-}" != pass ]]; then
      printf '\n\033[1m=== %s\033[0m  skipped (needs %s)\n' "$name" "$need"
      RESULT[$name]=skip; SKIPPED=$((SKIPPED + 1))
      return 0
    fi
  done
  printf '\n\033[1m=== %s\033[0m\n' "$name"
  local start=$SECONDS rc=0
  # Not inside `if`: bash ignores `set -e` in a subshell whose status is being tested.
  (set -eo pipefail; "stage_$name")
  rc=$?
  if ((rc == 0)); then
    RESULT[$name]=pass; PASSED=$((PASSED + 1))
    printf '\033[32m--- %s: passed\033[0m (%d s)\n' "$name" $((SECONDS - start))
  else
    RESULT[$name]=fail; FAILED=$((FAILED + 1)); FAILED_NAMES+=("$name")
    printf '\033[31m--- %s: FAILED\033[0m (%d s)\n' "$name" $((SECONDS - start))
  fi
}

stage_deps() {
  "$TCPVIZ_ROOT/scripts/deps.sh"
}

stage_native_build() {
  build_native
}

stage_native_tests() {
  ctest --test-dir build/native --output-on-failure -j "$JOBS" --timeout 300
}

stage_cli() {
  local out
  out="$(build/native/tcpviz-cli --version)"
  echo "$out"
  [[ "$out" == "tcpviz-cli "* ]]
}

stage_wasm_build() {
  build_wasm
  # The offline page: public/tcpviz.html with everything inlined (README "For course authors").
  node scripts/build_single_file.mjs public
}

stage_wasm_tests() {
  node --no-experimental-fetch build/wasm/tcpviz_tests.js
}

stage_core_headers() {
  tests/tools/check_core_headers_selftest.sh
  tests/tools/check_core_headers.sh
}

stage_fuzz() {
  build_fuzz
  local targets=() target name corpus
  mapfile -t targets < <(find build/fuzz -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x | sort)
  if ((${#targets[@]} == 0)); then
    echo "no fuzz targets (fuzz/*.cpp) yet"
    return 0
  fi
  for target in "${targets[@]}"; do
    name="$(basename "$target")"; name="${name#fuzz_}"
    corpus="build/fuzz/corpus/$name"
    mkdir -p "$corpus"
    local seeds=()
    [[ -d "fuzz/corpus/$name" ]] && seeds=("fuzz/corpus/$name")
    echo "fuzz_$name: ${FUZZ_SECONDS} s${seeds:+ (seeds: ${seeds[*]})}"
    # New inputs go to build/fuzz/corpus/<name>; the committed seeds are only read.
    if ! "$target" -max_total_time="$FUZZ_SECONDS" -print_final_stats=0 \
         -artifact_prefix="build/fuzz/crash-$name-" "$corpus" "${seeds[@]}" \
         >"build/fuzz/$name.log" 2>&1; then
      tail -n 60 "build/fuzz/$name.log"
      echo "fuzz_$name FAILED (log: build/fuzz/$name.log; reproducer: build/fuzz/crash-$name-*)"
      return 1
    fi
    grep -E '^#[0-9]+.*DONE' "build/fuzz/$name.log" | tail -n1 || true
  done
}

# Live mode against the real Linux kernel, in network namespaces each test makes and removes
# (tests/live/README: root and /dev/net/tun needed; without them each test skips, saying why).
stage_live() {
  TCPVIZ_CLI="$TCPVIZ_ROOT/build/native/tcpviz-cli" bash tests/live/run_all.sh
}

# Every preset exported as pcap and read back by tshark (the independent reader): no
# malformed packets, and the flags, seq, ack and lengths of the trace.
stage_pcap_export() {
  scripts/check_pcap_export.sh build/native/tcpviz-cli
}

stage_browser() {
  mkdir -p "$SHOTS"
  node tests/browser/shell.test.mjs
}

stage_desktop() {
  mkdir -p "$SHOTS"
  local display pid_x pid_app rc colours shot="$SHOTS/desktop.png"
  display="$(free_display)"
  Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"build/xvfb.log" 2>&1 &
  pid_x=$!
  # The stage runs in its own subshell: stop the Xvfb we started, by PID, when it ends.
  # shellcheck disable=SC2064
  trap "kill $pid_x 2>/dev/null; wait $pid_x 2>/dev/null" EXIT
  local i
  for i in $(seq 50); do
    [[ -S "/tmp/.X11-unix/X$display" ]] && break
    sleep 0.1
  done
  [[ -S "/tmp/.X11-unix/X$display" ]] || { echo "Xvfb :$display did not start"; return 1; }

  # About 60 frames per second without vsync: 180 frames leave time for a screenshot.
  (cd build && DISPLAY=":$display" ./native/tcpviz --frames 180) &
  pid_app=$!
  rm -f "$shot"
  colours=0
  for i in $(seq 40); do
    sleep 0.25
    kill -0 "$pid_app" 2>/dev/null || break
    DISPLAY=":$display" import -window root "$shot" 2>/dev/null || continue
    colours="$(convert "$shot" -format '%k' info:)"
    ((colours >= 8)) && break
  done
  rc=0; wait "$pid_app" || rc=$?
  echo "tcpviz --frames 180 exited with $rc; screenshot has $colours colours: $shot"
  [[ $rc -eq 0 ]] || return 1
  ((colours >= 8)) || { echo "the desktop window looks blank"; return 1; }
  # A short --frames 60 run must also exit cleanly.
  (cd build && DISPLAY=":$display" ./native/tcpviz --frames 60)
  echo "tcpviz --frames 60 exited with 0"
}

free_display() {
  local n
  for n in $(seq 90 199); do
    if [[ ! -e "/tmp/.X$n-lock" && ! -e "/tmp/.X11-unix/X$n" ]]; then
      echo "$n"; return 0
    fi
  done
  return 1
}

payload_sizes() {
  printf '\n\033[1m=== web payload\033[0m\n'
  local total_raw=0 total_gz=0 f raw gz
  printf '  %-20s %10s %10s\n' file raw gzip-9
  for f in tcpviz.wasm tcpviz.js tcpviz-page.js tcpviz-lessons.js tcpviz-captures.js tcpviz-messages.js index.html; do
    [[ -f "public/$f" ]] || continue
    raw=$(stat -c %s "public/$f"); gz=$(gzip -9 -c "public/$f" | wc -c)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
    printf '  %-20s %10d %10d\n' "$f" "$raw" "$gz"
  done
  printf '  %-20s %10d %10d\n' total "$total_raw" "$total_gz"
  if [[ -f public/tcpviz.html ]]; then
    printf '  %-20s %10d %10d  (offline single file)\n' tcpviz.html \
      "$(stat -c %s public/tcpviz.html)" "$(gzip -9 -c public/tcpviz.html | wc -c)"
  fi
}

main() {
  local only=("$@")
  local start=$SECONDS
  run_stage deps
  if ((${#only[@]})); then
    local s
    for s in "${only[@]}"; do run_stage "$s" deps; done
  else
    run_stage core_headers
    run_stage native_build deps
    run_stage native_tests native_build
    run_stage cli native_build
    run_stage pcap_export native_build
    run_stage live native_build
    run_stage desktop native_build
    run_stage wasm_build deps
    run_stage wasm_tests wasm_build
    run_stage browser wasm_build
    run_stage fuzz deps
    payload_sizes
  fi
  printf '\n'
  ((FAILED)) && printf 'failed stages: %s\n' "${FAILED_NAMES[*]}"
  printf 'test.sh took %d s\n' $((SECONDS - start))
  if ((SKIPPED)); then
    printf '%d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
  else
    printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  fi
  ((FAILED == 0 && SKIPPED == 0))
}

# One line: bash reads a script as it runs, so nothing after main may be read later
# (an edit of this file during a run would otherwise be executed from the old offset).
main "$@"; exit $?
