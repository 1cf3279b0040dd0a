#!/usr/bin/env bash
# manage.py with the site's environment, as systemd gives it to the services:
#   sudo -u cchc /srv/cchc/app/deploy/manage.sh migrate
# CCHC_ENV names another environment file (default /etc/cchc/cchc.env). Its lines are
# NAME=value without quotes, as systemd's EnvironmentFile reads them; values may hold spaces.
set -euo pipefail
env_file=${CCHC_ENV:-/etc/cchc/cchc.env}
if [ ! -r "$env_file" ]; then
  echo "Cannot read $env_file (run as the site's user, e.g. sudo -u cchc $0 $*)" >&2
  exit 2
fi
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in '' | '#'*) continue ;; esac
  export "${line%%=*}=${line#*=}"
done < "$env_file"
cd "$(dirname "$0")/.."
exec .venv/bin/python manage.py "$@"
