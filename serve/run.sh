#!/usr/bin/env bash
# `make serve`: the atlas for a classroom's network.
#
#   ATLAS_BIND=0.0.0.0 ATLAS_PORT=8501 ATLAS_PROCESSES=1 serve/run.sh
#
# One process (ATLAS_PROCESSES=1, the default): Streamlit itself listens on ATLAS_BIND:ATLAS_PORT.
# Several (a whole school, ATLAS_PROCESSES=N): N Streamlit processes on 127.0.0.1 behind
# HAProxy (Debian's haproxy package), which listens on ATLAS_BIND:ATLAS_PORT and keeps each
# browser on one process with a cookie, so that its websocket and its session stay together.
#
# Production settings, on the command line so that `make run` keeps the developer's defaults:
# no file watcher and no run-on-save (nothing reloads under a class), XSRF protection on, no
# traceback or exception type ever shown to a viewer (details stay in this log), the toolbar
# of a viewer, a 20 MB cap on a message to a browser (the largest page sends ~0.3 MB) and 2 MB on
# one from it (a browser sends a few kB of widget values; the default is 25 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
BIND="${ATLAS_BIND:-0.0.0.0}"
PORT="${ATLAS_PORT:-8501}"
PROCESSES="${ATLAS_PROCESSES:-1}"
FIRST_BACKEND_PORT="${ATLAS_BACKEND_PORT:-$((PORT + 1000))}"

streamlit_run() {  # address port
  exec "$PYTHON" -m streamlit run app.py \
    --server.address "$1" --server.port "$2" --server.headless true \
    --server.fileWatcherType none --server.runOnSave false \
    --server.enableXsrfProtection true --server.maxMessageSize 20 --server.maxWidgetStateSize 2 \
    --client.showErrorDetails none --client.toolbarMode viewer \
    --global.developmentMode false --browser.gatherUsageStats false
}

announce() {
  local host
  host="$BIND"
  if [ "$BIND" = "0.0.0.0" ]; then
    host="$(hostname -I 2>/dev/null | awk '{print $1}')"
    host="${host:-localhost}"
  fi
  echo "NATO Atlas for the class: bound to ${BIND}:${PORT} (${PROCESSES} process(es))"
  echo "Students open:  http://${host}:${PORT}/"
}

if [ "$PROCESSES" -le 1 ]; then
  announce
  streamlit_run "$BIND" "$PORT"
fi

command -v haproxy >/dev/null || {
  echo "ATLAS_PROCESSES=$PROCESSES needs HAProxy: sudo apt-get install -y haproxy" >&2; exit 1; }
RUNTIME="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$RUNTIME"' EXIT INT TERM
BACKENDS=""
for i in $(seq 0 $((PROCESSES - 1))); do
  port=$((FIRST_BACKEND_PORT + i))
  (streamlit_run 127.0.0.1 "$port") &
  BACKENDS="${BACKENDS}    server atlas${i} 127.0.0.1:${port} cookie a${i} check\n"
done
sed -e "s|@BIND@|${BIND}|; s|@PORT@|${PORT}|" serve/haproxy.cfg > "$RUNTIME/haproxy.cfg"
printf "$BACKENDS" >> "$RUNTIME/haproxy.cfg"
announce
haproxy -W -db -f "$RUNTIME/haproxy.cfg" &
wait -n
