#!/usr/bin/env bash
# `make serve`: the atlas for a classroom's network.
#
#   ATLAS_BIND=0.0.0.0 ATLAS_PORT=8501 ATLAS_PROCESSES=1 serve/run.sh
#
# nginx (Debian's nginx package) listens on ATLAS_BIND:ATLAS_PORT and serves the files that are
# the same for every device from disk (serve/nginx.conf); the page and its websocket go to
# Streamlit on 127.0.0.1. Several processes (a whole school, ATLAS_PROCESSES=N): N Streamlit
# processes behind HAProxy (Debian's haproxy package), between nginx and them, which keeps each
# browser on one process with a cookie, so that its websocket and its session stay together.
# Without nginx, Streamlit (or HAProxy) listens on ATLAS_BIND:ATLAS_PORT itself and serves the
# files too: slower for a class arriving at once (bench/README.md).
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

# The address students type: the one printed below, and the link a teacher's class shows
# (atlas/classlink.py reads ATLAS_PUBLIC_URL; set it yourself for a name or a proxy in front).
HOST="$BIND"
if [ "$BIND" = "0.0.0.0" ]; then
  HOST="$(hostname -I 2>/dev/null | awk '{print $1}')"
  HOST="${HOST:-localhost}"
fi
export ATLAS_PUBLIC_URL="${ATLAS_PUBLIC_URL:-http://${HOST}:${PORT}/}"

announce() {
  echo "NATO Atlas for the class: bound to ${BIND}:${PORT} (${PROCESSES} process(es))"
  echo "Students open:  ${ATLAS_PUBLIC_URL}"
}

RUNTIME="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$RUNTIME"' EXIT INT TERM

# Who listens on the room's address (nginx, or else the app itself), and where the app (one
# Streamlit process, or HAProxy in front of several) listens.
if command -v nginx >/dev/null; then
  NGINX=yes
  APP_BIND=127.0.0.1
  APP_PORT=$((FIRST_BACKEND_PORT + PROCESSES))
else
  NGINX=no
  APP_BIND="$BIND"
  APP_PORT="$PORT"
  echo "nginx is not installed: Streamlit serves every file itself, slower for a class" \
       "arriving at once (sudo apt-get install -y nginx)" >&2
fi

if [ "$PROCESSES" -le 1 ]; then
  (streamlit_run "$APP_BIND" "$APP_PORT") &
else
  command -v haproxy >/dev/null || {
    echo "ATLAS_PROCESSES=$PROCESSES needs HAProxy: sudo apt-get install -y haproxy" >&2; exit 1; }
  BACKENDS=""
  for i in $(seq 0 $((PROCESSES - 1))); do
    port=$((FIRST_BACKEND_PORT + i))
    (streamlit_run 127.0.0.1 "$port") &
    BACKENDS="${BACKENDS}    server atlas${i} 127.0.0.1:${port} cookie a${i} check\n"
  done
  sed -e "s|@BIND@|${APP_BIND}|; s|@PORT@|${APP_PORT}|" serve/haproxy.cfg > "$RUNTIME/haproxy.cfg"
  printf "$BACKENDS" >> "$RUNTIME/haproxy.cfg"
  haproxy -W -db -f "$RUNTIME/haproxy.cfg" &
fi

if [ "$NGINX" = yes ]; then
  # Streamlit's page and bundle, copied and gzipped once here: nginx sends the .gz as it is.
  { read -r STREAMLIT_STATIC; read -r FOLIUM_BUILD; } < <("$PYTHON" -c '
import pathlib, streamlit, streamlit_folium
print(pathlib.Path(streamlit.__file__).parent / "static")
print(pathlib.Path(streamlit_folium.__file__).parent / "frontend" / "build")')
  cp -r "$STREAMLIT_STATIC" "$RUNTIME/streamlit-static"
  find "$RUNTIME/streamlit-static" -type f \( -name '*.js' -o -name '*.css' -o -name '*.ttf' \
    -o -name '*.html' \) \
    -size +1k -exec gzip -k -6 {} +
  mkdir -p "$PWD/static/gen/classes"
  sed -e "s|@BIND@|${BIND}|; s|@PORT@|${PORT}|; s|@RUNTIME@|${RUNTIME}|g" \
      -e "s|@UPSTREAM@|${APP_BIND}:${APP_PORT}|g; s|@MIME_TYPES@|/etc/nginx/mime.types|" \
      -e "s|@STREAMLIT_STATIC@|${RUNTIME}/streamlit-static|; s|@FOLIUM_BUILD@|${FOLIUM_BUILD}|" \
      -e "s|@APP_STATIC@|${PWD}/static|g" serve/nginx.conf > "$RUNTIME/nginx.conf"
  # Started as root (a container, CI), nginx hands its workers to the user "nobody", who may not
  # be let into the checkout (a home directory): they stay with the user who started it, as they
  # do when a teacher starts it.
  USER_DIRECTIVE=""
  if [ "$(id -u)" = 0 ]; then USER_DIRECTIVE="user root;"; fi
  nginx -e stderr -p "$RUNTIME" -c "$RUNTIME/nginx.conf" -g "$USER_DIRECTIVE" &
fi

announce
wait -n
