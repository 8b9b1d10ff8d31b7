# Throwaway PostgreSQL and Redis servers on free loopback ports, stopped when the calling script exits.
# Source it from a script: it exports DATABASE_URL and REDIS_URL. PostgreSQL refuses to run as root, so as
# root it runs as the postgres user, in a temporary data directory.
BIN=${BIN:-.venv/bin}

workdir=$(mktemp -d /tmp/microcred-test.XXXXXX)
chmod 755 "$workdir"
pg_data="$workdir/pg"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)

# PostgreSQL refuses to run as root: as root, run it as the postgres user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$workdir/redis.pid" ] && kill "$(cat "$workdir/redis.pid")" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT

mkdir -p "$pg_data"
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_data"
as_pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -o \
  "-p $PG_PORT -k $pg_data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$workdir/redis.pid" --dir "$workdir" --logfile "$workdir/redis.log"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/microcred"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
"$pg_bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres microcred
echo "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"

