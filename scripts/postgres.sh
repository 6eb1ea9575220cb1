#!/usr/bin/env bash
# Ensures a PostgreSQL server for Switchyard's tests/CI and prints its URL.
#
#   url=$(bash scripts/postgres.sh)
#
# 1. $SWITCHYARD_PG_URL, when set and reachable, is used as is.
# 2. Otherwise a private cluster is run from <repo>/.tools/pg (git-ignored):
#    binaries from PATH or the newest /usr/lib/postgresql/*/bin, installed with
#    apt-get when missing; data in .tools/pg/data; listening on 127.0.0.1 port
#    $SWITCHYARD_PG_PORT (default 55432) with trust auth; database
#    switchyard_test. PostgreSQL refuses to run as root, so as root the cluster
#    runs as the `postgres` OS user (created when missing).
# The URL is written to .tools/pg/url (tests read it) and printed on stdout;
# progress goes to stderr. Idempotent, and quick when the server is already up.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_ROOT="$REPO_ROOT/.tools/pg"
DATA_DIR="$PG_ROOT/data"
LOG_FILE="$PG_ROOT/postgres.log"
URL_FILE="$PG_ROOT/url"
PORT="${SWITCHYARD_PG_PORT:-55432}"
DB_NAME="switchyard_test"
SUPERUSER="postgres"

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

publish() { # <url>: the script's result
  mkdir -p "$PG_ROOT"
  printf '%s\n' "$1" >"$URL_FILE.tmp" && mv "$URL_FILE.tmp" "$URL_FILE"
  printf '%s\n' "$1"
}

# --- binaries ----------------------------------------------------------------
BIN_DIR=""
find_bin_dir() {
  local initdb dir
  if initdb="$(command -v initdb 2>/dev/null)" && [[ -x "$(dirname "$(readlink -f "$initdb")")/pg_ctl" ]]; then
    BIN_DIR="$(dirname "$(readlink -f "$initdb")")"
    return 0
  fi
  # Debian/Ubuntu keep server binaries off PATH, one directory per major version.
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
    BIN_DIR="$dir"
    return 0
  fi
  return 1
}

# Client tool (pg_isready, psql, createdb) from the server's bin dir, else PATH.
client() {
  if [[ -n "$BIN_DIR" && -x "$BIN_DIR/$1" ]]; then printf '%s' "$BIN_DIR/$1"; else command -v "$1" 2>/dev/null; fi
}

install_postgres() {
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL binaries and no apt-get: install PostgreSQL (initdb, pg_ctl) or set SWITCHYARD_PG_URL"
  local sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "installing PostgreSQL needs root (or sudo)"
    sudo=(sudo)
  fi
  log "installing PostgreSQL with apt-get (one-time)"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
}

# --- reachability --------------------------------------------------------------
reachable() { # <url>
  local tool
  if tool="$(client pg_isready)" && [[ -n "$tool" ]]; then
    "$tool" -q -t 3 -d "$1" >/dev/null 2>&1
  elif tool="$(client psql)" && [[ -n "$tool" ]]; then
    PGCONNECT_TIMEOUT=3 "$tool" "$1" -qtAc 'select 1' >/dev/null 2>&1
  elif [[ -d "$REPO_ROOT/node_modules/pg" ]]; then
    (cd "$REPO_ROOT" && node -e '
      const c = new (require("pg").Client)({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
      c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));' "$1") >/dev/null 2>&1
  else
    return 1
  fi
}

if [[ -n "${SWITCHYARD_PG_URL:-}" ]]; then
  find_bin_dir || true
  if reachable "$SWITCHYARD_PG_URL"; then
    publish "$SWITCHYARD_PG_URL"
    exit 0
  fi
  log "SWITCHYARD_PG_URL is set but not reachable; falling back to the local cluster"
fi

# --- local cluster ---------------------------------------------------------------
URL="postgres://$SUPERUSER@127.0.0.1:$PORT/$DB_NAME"
mkdir -p "$PG_ROOT"

# Serialise concurrent runs (parallel CI steps, two terminals) on one cluster.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$PG_ROOT/.lock"
  flock -w 120 9 || die "timed out waiting for another postgres.sh run"
fi

find_bin_dir || { install_postgres; find_bin_dir || die "PostgreSQL installed but initdb/pg_ctl not found"; }
PSQL="$(client psql)" || die "psql not found next to $BIN_DIR or on PATH"

# Fast path: already up with our database.
if "$PSQL" "$URL" -qtAc 'select 1' >/dev/null 2>&1; then
  publish "$URL"
  exit 0
fi

# Unix sockets have a ~107 byte path limit; a deep checkout falls back to /tmp.
SOCKET_DIR="$PG_ROOT/run"
if (( ${#SOCKET_DIR} + 20 > 107 )); then
  SOCKET_DIR="${TMPDIR:-/tmp}/switchyard-pg-$(printf '%s' "$PG_ROOT" | cksum | cut -d' ' -f1)"
fi
mkdir -p "$DATA_DIR" "$SOCKET_DIR"

# Run server commands as `postgres` when we are root, else as ourselves.
# fd 9 (the flock) is closed for them: a server started with it open would hold
# the lock for its whole life.
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    if command -v runuser >/dev/null 2>&1; then
      (cd "$PG_ROOT" && runuser -u postgres -- "$@" 9>&-)
    else
      (cd "$PG_ROOT" && su -s /bin/sh postgres -c "$(printf '%q ' "$@")" 9>&-)
    fi
  else
    "$@" 9>&-
  fi
}

if [[ $EUID -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    log "creating OS user postgres"
    useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  chown postgres: "$DATA_DIR" "$SOCKET_DIR"
  touch "$LOG_FILE" && chown postgres: "$LOG_FILE"
  chmod 700 "$DATA_DIR"
  as_pg test -x "$PG_ROOT" -a -w "$DATA_DIR" ||
    die "user postgres cannot reach $PG_ROOT (a parent directory is not world-searchable); move the checkout or set SWITCHYARD_PG_URL"
fi

if [[ ! -s "$DATA_DIR/PG_VERSION" ]]; then
  log "initialising cluster in $DATA_DIR ($("$BIN_DIR/initdb" --version))"
  # Trust auth is for this loopback-only test cluster; never copy it to production.
  as_pg "$BIN_DIR/initdb" -D "$DATA_DIR" -U "$SUPERUSER" --auth-local=trust --auth-host=trust \
    --encoding=UTF8 --locale=C --no-sync >&2
fi

# Test-only durability trade-offs (fsync off) make schema-per-test setup fast.
# pg_ctl runs the server through sh, hence the inner quotes around the path.
SERVER_OPTS="-c listen_addresses=127.0.0.1 -p $PORT -k '$SOCKET_DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"

running_port() { # port of the running postmaster, empty when not running
  if as_pg "$BIN_DIR/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
    sed -n 4p "$DATA_DIR/postmaster.pid"
  fi
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

current="$(running_port)"
if [[ -z "${SWITCHYARD_PG_PORT:-}" ]]; then
  # No port asked for: keep ours where it runs, or take the first free one from
  # the default (another checkout's cluster may hold 55432 on the same machine).
  if [[ -n "$current" ]]; then
    PORT="$current"
  else
    while port_taken "$PORT"; do PORT=$((PORT + 1)); done
  fi
  URL="postgres://$SUPERUSER@127.0.0.1:$PORT/$DB_NAME"
  SERVER_OPTS="-c listen_addresses=127.0.0.1 -p $PORT -k '$SOCKET_DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
if [[ -n "$current" && "$current" != "$PORT" ]]; then
  log "cluster runs on port $current, restarting on $PORT"
  as_pg "$BIN_DIR/pg_ctl" -D "$DATA_DIR" -m fast -w stop >&2
  current=""
fi
if [[ -z "$current" ]]; then
  log "starting PostgreSQL on 127.0.0.1:$PORT (log: $LOG_FILE)"
  if ! as_pg "$BIN_DIR/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -o "$SERVER_OPTS" -w -t 60 start >&2; then
    tail -n 20 "$LOG_FILE" >&2 || true
    die "PostgreSQL failed to start (is port $PORT taken? set SWITCHYARD_PG_PORT)"
  fi
fi

ADMIN_URL="postgres://$SUPERUSER@127.0.0.1:$PORT/postgres"
if [[ "$("$PSQL" "$ADMIN_URL" -qtAc "select 1 from pg_database where datname = '$DB_NAME'")" != "1" ]]; then
  log "creating database $DB_NAME"
  "$PSQL" "$ADMIN_URL" -qc "create database $DB_NAME" >&2
fi

"$PSQL" "$URL" -qtAc 'select 1' >/dev/null || die "server is up but $URL does not answer"
publish "$URL"
