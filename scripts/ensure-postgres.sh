#!/usr/bin/env bash
# The second test run needs PostgreSQL on 127.0.0.1:5432. Start the local cluster if it is down; if it
# cannot be had, say so loudly and fail: a suite that silently ran on SQLite only would hide the bugs
# that only PostgreSQL shows (locking, ordering, strict types).
set -euo pipefail

ready() { pg_isready -q -h 127.0.0.1 -p 5432; }

if command -v pg_isready >/dev/null && ready; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ] && [ "$(id -u)" -eq 0 ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 30); do
    if ready; then
      exit 0
    fi
    sleep 1
  done
fi
cat >&2 <<'MESSAGE'

##########################################################################################
##  PostgreSQL is NOT available on 127.0.0.1:5432, so the PostgreSQL test run cannot   ##
##  happen. The tests are not skipped: this is a failure.                              ##
##  Start it (as root: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql)   ##
##  main start) or install it, with user postgres allowed in (trust) from 127.0.0.1.   ##
##########################################################################################

MESSAGE
exit 1
