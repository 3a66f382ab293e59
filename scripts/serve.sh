#!/usr/bin/env bash
# Installs what is missing, builds the web app and serves public/ on http://127.0.0.1:8080
# (loopback only), with public/tcpviz.html (the offline single file) next to it.
# PORT=9000 scripts/serve.sh picks another port.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$TCPVIZ_ROOT"

"$TCPVIZ_ROOT/scripts/deps.sh"
log "building the web app (build/wasm -> public/tcpviz.js, public/tcpviz.wasm)"
build_wasm tcpviz_web
# The offline single file too, so http://127.0.0.1:8080/tcpviz.html (or the file itself) works.
node "$TCPVIZ_ROOT/scripts/build_single_file.mjs" "$TCPVIZ_ROOT/public"
exec node "$TCPVIZ_ROOT/scripts/serve.mjs" --root "$TCPVIZ_ROOT/public" --host 127.0.0.1 --port "${PORT:-8080}"
