#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a unix socket, for the tests and benchmarks (issue 19).
#
#   eval "$(scripts/pg_cluster.sh start [DIR])"   # prints `export MENTORNET_TEST_PG=...; export PGCLUSTER_DIR=...`
#   scripts/pg_cluster.sh stop [DIR]              # stops it and removes DIR
#   scripts/pg_cluster.sh url [DIR]               # the URL of a running cluster
#
# DIR defaults to a new temporary folder. The server listens on no TCP port (listen_addresses=''),
# only on a socket in DIR, with trust authentication for its one role `mentornet`: nothing outside
# this machine can reach it and nothing on it outlives `stop`. Run as root (CI), the cluster runs
# as `nobody` (initdb refuses root); the PostgreSQL binaries come from the distribution's package
# when none are installed (Debian: apt-get install postgresql). Durability is off (fsync=off):
# a throwaway cluster never needs to survive a crash, and the tests run faster without it.
set -euo pipefail

ROLE=mentornet
DATABASE=mentornet_test

log() { echo "pg_cluster: $*" >&2; }

bindir() {
    local found
    for found in "$(command -v pg_config >/dev/null 2>&1 && pg_config --bindir || true)" \
                 $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -n "$found" ] && [ -x "$found/initdb" ] && [ -x "$found/pg_ctl" ]; then
            echo "$found"; return 0
        fi
    done
    return 1
}

ensure_binaries() {
    if bindir >/dev/null; then return 0; fi
    if [ "$(id -u)" != 0 ]; then
        log "no PostgreSQL binaries (initdb, pg_ctl) and not root: install the 'postgresql' package"; exit 1
    fi
    log "installing PostgreSQL from the distribution's packages"
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
    bindir >/dev/null || { log "the 'postgresql' package gave no initdb"; exit 1; }
}

# run a command as the cluster's owner: ourselves, or `nobody` when we are root
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

url() { echo "postgresql:///$DATABASE?host=$1&user=$ROLE"; }

start() {
    local dir=${1:-}
    ensure_binaries
    local bin; bin=$(bindir)
    if [ -z "$dir" ]; then dir=$(mktemp -d "${TMPDIR:-/tmp}/mentornet-pg.XXXXXX"); fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    # the socket path must fit in 107 bytes: DIR/.s.PGSQL.5432
    if [ $(( ${#dir} + 17 )) -gt 107 ]; then log "$dir is too long a path for a unix socket"; exit 1; fi
    if [ "$(id -u)" = 0 ]; then chown nobody "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U "$ROLE" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
            >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2 || { cat "$dir/server.log" >&2; exit 1; }
    # the database the tests use; each test makes its own inside it (a schema or a database)
    if ! "$bin/psql" -h "$dir" -U "$ROLE" -d postgres -XAtqc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" \
        | grep -q 1; then
        "$bin/createdb" -h "$dir" -U "$ROLE" "$DATABASE"
    fi
    echo "export PGCLUSTER_DIR='$dir'"
    echo "export MENTORNET_TEST_PG='$(url "$dir")'"
}

stop() {
    local dir=${1:-${PGCLUSTER_DIR:-}}
    [ -n "$dir" ] || { log "which cluster? pass its folder or set PGCLUSTER_DIR"; exit 1; }
    if [ -f "$dir/data/postmaster.pid" ]; then
        local bin; bin=$(bindir)
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2
    fi
    case "$dir" in
        */mentornet-pg.*) rm -rf "$dir" ;;  # one we made: remove it
        *) [ -d "$dir/data" ] && rm -rf "$dir/data" "$dir/server.log" "$dir/initdb.log" ;;
    esac
}

case "${1:-}" in
    start) start "${2:-}" ;;
    stop) stop "${2:-}" ;;
    url) url "${2:-${PGCLUSTER_DIR:?pass the cluster folder}}" ;;
    *) echo "usage: $0 start [DIR] | stop [DIR] | url [DIR]" >&2; exit 2 ;;
esac
