#!/usr/bin/env bash
# `make run-scale`: the several-process shape on one machine, from Debian's packages, on the demo data:
# PostgreSQL (a private cluster on 127.0.0.1:5433) + Redis (127.0.0.1:6380) + 2 web workers (127.0.0.1:8000)
# + 2 job workers (one also runs the schedule). Everything lives in ./data-scale; Ctrl+C stops what this started.
# Needs: apt-get install postgresql redis-server (as .ci/run does).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"
ROOT_DIR="$(pwd)/data-scale"
PG_PORT="${WARDEN_SCALE_PG_PORT:-5433}"
REDIS_PORT="${WARDEN_SCALE_REDIS_PORT:-6380}"
PG_DATA="$ROOT_DIR/pg"
mkdir -p "$ROOT_DIR"

PG_BIN="/usr/lib/postgresql/$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)/bin"
[ -x "$PG_BIN/pg_ctl" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "Redis is not installed: apt-get install redis-server" >&2; exit 1; }
AS=()  # PostgreSQL refuses to run as root: the cluster then belongs to the postgres user
if [ "$(id -u)" -eq 0 ]; then AS=(runuser -u postgres --); fi

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait "${pids[@]}" 2>/dev/null || true
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    install -d -m 700 "$PG_DATA"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DATA"; fi
    "${AS[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DATA" start >/dev/null
psql "host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres" -Atqc \
    "select 1 from pg_database where datname = 'warden'" | grep -q 1 ||
    psql "host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres" -qc "create database warden" >/dev/null

mkdir -p "$ROOT_DIR/redis"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes --save "" --appendonly no \
    --daemonize yes --dir "$ROOT_DIR/redis" --logfile "$ROOT_DIR/redis/redis.log"

export WARDEN_DATA_DIR="$ROOT_DIR/app"
export WARDEN_DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/warden"
export WARDEN_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
export WARDEN_POLICY="${WARDEN_POLICY:-gosport}"

"$BIN/warden" serve --demo --workers 2 --host 127.0.0.1 --port "${WARDEN_PORT:-8000}" &
pids+=($!)
for _ in $(seq 1 120); do  # the demo is seeded before the web workers start: then the job workers may
    if curl -fsS "http://127.0.0.1:${WARDEN_PORT:-8000}/readyz" >/dev/null 2>&1; then break; fi
    sleep 1
done
"$BIN/warden" worker --as site.owner --beat &
pids+=($!)
"$BIN/warden" worker --as site.owner &
pids+=($!)
echo "web: http://127.0.0.1:${WARDEN_PORT:-8000}/login (2 workers), 2 job workers, PostgreSQL :$PG_PORT, Redis :$REDIS_PORT"
wait -n "${pids[@]}"
