#!/usr/bin/env bash
# `make serve-scaled`: the production topology on this machine, on loopback and plain HTTP.
# nginx (as this user, config generated in RUN_DIR) sends /ws/ to DAPHNE_WORKERS daphne
# processes and everything else to WSGI_WORKERS granian processes (Django's WSGI handler on
# WSGI_THREADS threads each); the sweep; PostgreSQL and Redis from DATABASE_URL and REDIS_URL;
# the production settings. A worker of either kind that dies is started again within a second
# (as systemd does in production). Ctrl+C (or SIGTERM) stops everything.
#
#   PORT=8080 WSGI_WORKERS=2 WSGI_PORT=8101 DAPHNE_WORKERS=2 DAPHNE_PORT=8201 \
#     DATABASE_URL=... REDIS_URL=... deploy/serve-scaled.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  echo "Cần DATABASE_URL (PostgreSQL) và REDIS_URL, ví dụ:" >&2
  echo "DATABASE_URL and REDIS_URL are required, e.g.:" >&2
  echo "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc REDIS_URL=redis://127.0.0.1:6379/0 make serve-scaled" >&2
  exit 2
fi
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
if [ ! -x "$NGINX" ]; then
  echo "Không tìm thấy nginx / nginx is missing: apt-get install nginx" >&2
  exit 2
fi

PORT=${PORT:-8080}
WSGI_WORKERS=${WSGI_WORKERS:-2}
WSGI_PORT=${WSGI_PORT:-8101}
WSGI_THREADS=${WSGI_THREADS:-4}
DAPHNE_WORKERS=${DAPHNE_WORKERS:-2}
DAPHNE_PORT=${DAPHNE_PORT:-8201}
PY=${PY:-$ROOT/.venv/bin/python}
RUN_DIR=${RUN_DIR:-${TMPDIR:-/tmp}/cchc-scaled-$PORT}
# nginx's connections: as many as this user's open-file limit allows, at most 16,384.
nofile=$(ulimit -Hn)
[ "$nofile" = unlimited ] && nofile=65536
NGINX_CONNECTIONS=${NGINX_CONNECTIONS:-$(( nofile / 2 < 16384 ? nofile / 2 : 16384 ))}
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/tmp"

export DJANGO_SETTINGS_MODULE=config.settings.production
export SITE_BASE_URL=${SITE_BASE_URL:-http://127.0.0.1:$PORT}
# Plain HTTP on loopback: no redirect to HTTPS, cookies without the Secure flag, no HSTS.
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
export STATIC_ROOT=${STATIC_ROOT:-$ROOT/staticfiles}
export MEDIA_ROOT=${MEDIA_ROOT:-$ROOT/media}
if [ -z "${SECRET_KEY:-}" ]; then
  # The same key as `make run` (git-ignored), so sessions survive a restart.
  [ -s .secret_key ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > .secret_key
  SECRET_KEY=$(cat .secret_key)
  export SECRET_KEY
fi
mkdir -p "$MEDIA_ROOT"

"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput --verbosity 0
if [ "${SEED_DEMO:-1}" = 1 ]; then "$PY" manage.py seed_demo; fi

# nginx's own configuration: the site's shared parts from deploy/nginx, this run's paths.
{
  echo "daemon off;"
  echo "worker_processes 1;"
  [ "$(id -u)" = 0 ] && echo "user $(id -un) $(id -gn);"  # root: workers stay this user
  echo "pid $RUN_DIR/nginx.pid;"
  echo "error_log $RUN_DIR/logs/nginx-error.log warn;"
  # A board viewer holds two connections (phone and worker), a participant one or two: 4,096
  # was not enough for 2,000 viewers and 1,000 participants (bench/soak.py, docs/reliability.md).
  echo "worker_rlimit_nofile $((NGINX_CONNECTIONS * 2));"
  echo "events { worker_connections $NGINX_CONNECTIONS; }"
  echo "http {"
  echo "  include /etc/nginx/mime.types;"
  echo "  default_type application/octet-stream;"
  echo "  sendfile on;"
  echo "  include $ROOT/deploy/nginx/cchc-http.conf;"
  echo "  access_log $RUN_DIR/logs/nginx-access.log cchc_timed;"
  for kind in client_body proxy fastcgi uwsgi scgi; do
    echo "  ${kind}_temp_path $RUN_DIR/tmp/$kind;"
  done
  # max_fails=0: deploy/nginx/cchc.conf says why.
  echo "  upstream cchc_wsgi {"
  for ((i = 0; i < WSGI_WORKERS; i++)); do
    echo "    server 127.0.0.1:$((WSGI_PORT + i)) max_fails=0;"
  done
  echo "    keepalive 32;"
  echo "  }"
  echo "  upstream cchc_daphne {"
  for ((i = 0; i < DAPHNE_WORKERS; i++)); do
    echo "    server 127.0.0.1:$((DAPHNE_PORT + i)) max_fails=0;"
  done
  echo "  }"
  echo "  server {"
  echo "    listen 127.0.0.1:$PORT;"
  echo "    set \$cchc_static $STATIC_ROOT;"
  echo "    set \$cchc_media $MEDIA_ROOT;"
  echo "    set \$cchc_errors $ROOT/deploy/nginx/errors;"
  echo "    include $ROOT/deploy/nginx/cchc-locations.conf;"
  echo "  }"
  echo "}"
} > "$RUN_DIR/nginx.conf"
"$NGINX" -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"

declare -A worker_pids=() worker_kinds=()
# Each child runs in its own session (its process group has the child's pid): Ctrl+C reaches
# this script only, which stops them in order (nginx would otherwise quit first and the
# supervisor below take it for a crash).
start_worker() {  # kind (wsgi or daphne) port
  local kind=$1 port=$2
  if [ "$kind" = wsgi ]; then
    # granian's own process restarts its worker process if that one dies; this script
    # restarts granian. The same command as deploy/systemd/cchc-wsgi@.service.
    setsid "$ROOT/.venv/bin/granian" --interface wsgi --host 127.0.0.1 --port "$port" \
      --workers 1 --blocking-threads "$WSGI_THREADS" --blocking-threads-idle-timeout 600 \
      --respawn-failed-workers --no-access-log config.wsgi:application \
      >> "$RUN_DIR/logs/wsgi-$port.log" 2>&1 &
  else
    # Websockets only (nginx sends nothing else here); /healthz answers local probes.
    setsid "$ROOT/.venv/bin/daphne" -b 127.0.0.1 -p "$port" --websocket_connect_timeout 30 \
      --access-log /dev/null config.asgi:application >> "$RUN_DIR/logs/daphne-$port.log" 2>&1 &
  fi
  worker_pids[$port]=$!
  worker_kinds[$port]=$kind
  echo "$!" > "$RUN_DIR/$kind-$port.pid"
}

stopping=0
stop_all() {  # exit status
  stopping=1
  trap - INT TERM EXIT
  echo "Đang dừng / stopping…"
  kill -TERM "${worker_pids[@]}" ${sweep_pid:-} ${nginx_pid:-} 2>/dev/null || true
  wait 2>/dev/null || true
  # Whatever a worker left behind in its process group (granian's worker process).
  for pid in "${worker_pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  rm -f "$RUN_DIR"/wsgi-*.pid "$RUN_DIR"/daphne-*.pid "$RUN_DIR/sweep.pid"
  exit "$1"
}
trap 'stop_all 0' INT TERM
trap 'stop_all $?' EXIT

for ((i = 0; i < WSGI_WORKERS; i++)); do start_worker wsgi $((WSGI_PORT + i)); done
for ((i = 0; i < DAPHNE_WORKERS; i++)); do start_worker daphne $((DAPHNE_PORT + i)); done
setsid "$PY" manage.py sweep --every 5 >> "$RUN_DIR/logs/sweep.log" 2>&1 &
sweep_pid=$!
echo "$sweep_pid" > "$RUN_DIR/sweep.pid"
setsid "$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" &
nginx_pid=$!

ready() {
  "$PY" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" 2>/dev/null
}
for _ in $(seq 1 120); do ready && break; sleep 0.5; done
if ! ready; then
  echo "Not answering on http://127.0.0.1:$PORT/healthz after 60 s: see $RUN_DIR/logs" >&2
  exit 1
fi
echo "Serving on http://127.0.0.1:$PORT/ — nginx, $WSGI_WORKERS WSGI workers" \
  "(granian, 127.0.0.1:$WSGI_PORT…$((WSGI_PORT + WSGI_WORKERS - 1))), $DAPHNE_WORKERS daphne" \
  "workers for /ws/ (127.0.0.1:$DAPHNE_PORT…$((DAPHNE_PORT + DAPHNE_WORKERS - 1))), the sweep." \
  "Logs: $RUN_DIR/logs. Ctrl+C to stop."

# Supervise: a worker that dies (a crash, or kill -9 in a fault test) comes back.
while [ "$stopping" = 0 ]; do
  for port in "${!worker_pids[@]}"; do
    if ! kill -0 "${worker_pids[$port]}" 2>/dev/null; then
      kind=${worker_kinds[$port]}
      echo "$(date +%T) $kind worker $port exited; starting it again" | tee -a "$RUN_DIR/logs/supervisor.log"
      # A granian killed outright leaves its worker process serving the port: end the group.
      kill -KILL -- "-${worker_pids[$port]}" 2>/dev/null || true
      start_worker "$kind" "$port"
    fi
  done
  if ! kill -0 "$nginx_pid" 2>/dev/null; then
    echo "nginx exited: see $RUN_DIR/logs/nginx-error.log" >&2
    exit 1
  fi
  sleep 1
done
