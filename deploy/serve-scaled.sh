#!/usr/bin/env bash
# `make serve-scaled`: the production topology on this machine, on loopback and plain HTTP.
# nginx (as this user, config generated in RUN_DIR) in front of WORKERS daphne processes,
# the sweep, PostgreSQL and Redis from DATABASE_URL and REDIS_URL, the production settings.
# A worker that dies is started again within a second (as systemd does in production).
# Ctrl+C (or SIGTERM) stops everything.
#
#   PORT=8080 WORKERS=3 WORKER_PORT=8101 DATABASE_URL=... REDIS_URL=... deploy/serve-scaled.sh
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
WORKERS=${WORKERS:-3}
WORKER_PORT=${WORKER_PORT:-8101}
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
  echo "  upstream cchc_daphne {"
  for ((i = 0; i < WORKERS; i++)); do
    echo "    server 127.0.0.1:$((WORKER_PORT + i)) max_fails=0;"  # deploy/nginx/cchc.conf says why
  done
  echo "    keepalive 32;"
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

declare -A worker_pids=()
# Each child runs in its own session: Ctrl+C reaches this script only, which stops them in
# order (nginx would otherwise quit first and the supervisor below take it for a crash).
start_worker() {  # port
  setsid "$ROOT/.venv/bin/daphne" -b 127.0.0.1 -p "$1" --websocket_connect_timeout 30 \
    --access-log /dev/null config.asgi:application >> "$RUN_DIR/logs/daphne-$1.log" 2>&1 &
  worker_pids[$1]=$!
  echo "$!" > "$RUN_DIR/daphne-$1.pid"
}

stopping=0
stop_all() {  # exit status
  stopping=1
  trap - INT TERM EXIT
  echo "Đang dừng / stopping…"
  kill -TERM "${worker_pids[@]}" ${sweep_pid:-} ${nginx_pid:-} 2>/dev/null || true
  wait 2>/dev/null || true
  rm -f "$RUN_DIR"/daphne-*.pid "$RUN_DIR/sweep.pid"
  exit "$1"
}
trap 'stop_all 0' INT TERM
trap 'stop_all $?' EXIT

for ((i = 0; i < WORKERS; i++)); do start_worker $((WORKER_PORT + i)); done
setsid "$PY" manage.py sweep --every 30 >> "$RUN_DIR/logs/sweep.log" 2>&1 &
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
echo "Serving on http://127.0.0.1:$PORT/ — nginx, $WORKERS daphne workers" \
  "(127.0.0.1:$WORKER_PORT…$((WORKER_PORT + WORKERS - 1))), the sweep. Logs: $RUN_DIR/logs. Ctrl+C to stop."

# Supervise: a worker that dies (a crash, or kill -9 in a fault test) comes back.
while [ "$stopping" = 0 ]; do
  for port in "${!worker_pids[@]}"; do
    if ! kill -0 "${worker_pids[$port]}" 2>/dev/null; then
      echo "$(date +%T) worker $port exited; starting it again" | tee -a "$RUN_DIR/logs/supervisor.log"
      start_worker "$port"
    fi
  done
  if ! kill -0 "$nginx_pid" 2>/dev/null; then
    echo "nginx exited: see $RUN_DIR/logs/nginx-error.log" >&2
    exit 1
  fi
  sleep 1
done
