#!/usr/bin/env bash
# make loadtest: a bounded load test on loopback. Creates its own PostgreSQL database, loads the demo park,
# serves it with gunicorn and the worker, runs USERS virtual users for DURATION, checks that every
# acknowledged write is in the database, writes artifacts/loadtest/<time>/report.md, and then stops what
# it started and drops its database, whatever happened. Exit status 1: errors or lost writes.
#
#   USERS=50 DURATION=10m scripts/loadtest/run.sh        (the audit's run)
#   USERS=10 DURATION=60s scripts/loadtest/run.sh        (a quick check)
set -euo pipefail
cd "$(dirname "$0")/../.."

USERS=${USERS:-50}
DURATION=${DURATION:-10m}
PG_SERVER=${LOADTEST_POSTGRES:-postgres://postgres@127.0.0.1:5432}
DB_NAME=${LOADTEST_DB:-parkops_load}
# Sized for the 2-CPU machine: three processes of four threads each (pages wait on PostgreSQL as much as
# on Python), the worker's default two processes beside them. --keep-alive 75: gunicorn's default (2 s)
# closes an idle connection just as a user who paused 2 s reuses it, and the request dies with "connection
# reset by peer"; a keep-alive longer than any pause leaves the closing to the client (as nginx in front
# does: its upstream keepalive_timeout must stay below gunicorn's keep-alive).
GUNICORN_WORKERS=${LOADTEST_GUNICORN_WORKERS:-3}
GUNICORN_THREADS=${LOADTEST_GUNICORN_THREADS:-4}
BIN=.venv/bin

case "$DURATION" in
  *m) SECONDS_TOTAL=$(( ${DURATION%m} * 60 )) ;;
  *s) SECONDS_TOTAL=${DURATION%s} ;;
  *) SECONDS_TOTAL=$DURATION ;;
esac
OUT=artifacts/loadtest/$(date -u +%Y%m%d-%H%M%S)-${USERS}u-${DURATION}
mkdir -p "$OUT"
WORK=$(mktemp -d -t parkops-loadtest.XXXXXX)
PORT=$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

export DATABASE_URL="$PG_SERVER/$DB_NAME"
export DEBUG=0 SECRET_KEY="loadtest-$(head -c 24 /dev/urandom | base64)" ALLOWED_HOSTS=127.0.0.1
export PARKOPS_DATA_DIR="$WORK" SITE_URL="http://127.0.0.1:$PORT" LOG_LEVEL=WARNING
export PYTHONUNBUFFERED=1

pids=()
cleanup() {
  status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  echo "== Stopped gunicorn and the worker, dropped $DB_NAME; report in $OUT"
  exit "$status"
}
trap cleanup EXIT INT TERM

echo "== Database $DB_NAME (a fresh one), migrate, the demo park"
psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
psql "$PG_SERVER/postgres" -qc "CREATE DATABASE $DB_NAME" >/dev/null
$BIN/parkops migrate --noinput -v 0
$BIN/parkops load-demo > "$OUT/load-demo.log"
$BIN/parkops collectstatic --noinput -v 0
$BIN/python scripts/loadtest/prepare.py --clerks 30 --supervisors 12 --leaders 30 -o "$WORK/setup.json"

echo "== gunicorn on 127.0.0.1:$PORT ($GUNICORN_WORKERS x $GUNICORN_THREADS threads) and the worker"
$BIN/gunicorn parkops.wsgi:application --bind "127.0.0.1:$PORT" --workers "$GUNICORN_WORKERS" \
  --threads "$GUNICORN_THREADS" --worker-class gthread --timeout 120 --graceful-timeout 10 --keep-alive 75 \
  --access-logfile "$OUT/gunicorn-access.log" --error-logfile "$OUT/gunicorn-error.log" &
pids+=($!)
$BIN/parkops worker > "$OUT/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/login/" && break
  sleep 1
done

echo "== $USERS users for $DURATION"
$BIN/python scripts/loadtest/client.py --base "http://127.0.0.1:$PORT" --plan "$WORK/setup.json" \
  --users "$USERS" --seconds "$SECONDS_TOTAL" --output "$OUT"

echo "== Every acknowledged write, looked for in the database"
$BIN/python scripts/loadtest/check.py --output "$OUT" \
  --server "gunicorn gthread ${GUNICORN_WORKERS} workers x ${GUNICORN_THREADS} threads, parkops worker (django-q2, ORM queue), DEBUG=0, PostgreSQL database $DB_NAME"
