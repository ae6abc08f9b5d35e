#!/usr/bin/env bash
# A private PostgreSQL cluster (initdb + pg_ctl) from the system's binaries, one database per service.
# usage: postgres.sh up|down|status      (both idempotent)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

find_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    apt_install postgresql
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$d"
}

as_owner() { # initdb/pg_ctl refuse to run as root
  if [ "$(id -u)" -eq 0 ]; then
    id "$PG_USER_OS" >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$PG_USER_OS"
    su "$PG_USER_OS" -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

psql_admin() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }

up() {
  BIN=$(find_bin)
  mkdir -p "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown "$PG_USER_OS" "$PG_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA"
    as_owner "$BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if as_owner "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "postgres already running on 127.0.0.1:$PG_PORT"
  else
    as_owner "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/postgres.log" -w -t 60 start \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c max_connections=600 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
      || { tail -20 "$PG_DIR/postgres.log" >&2; die "postgres did not start (log: $PG_DIR/postgres.log)"; }
    log "postgres up on 127.0.0.1:$PG_PORT"
  fi
  for db in "${SERVICE_DATABASES[@]}"; do
    if [ -z "$(psql_admin -tAc "select 1 from pg_database where datname='$db'")" ]; then
      psql_admin -c "create database $db" && log "created database $db"
    fi
  done
}

down() {
  BIN=$(find_bin)
  if [ -f "$PG_DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_owner "$BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && log "postgres stopped"
  else
    log "postgres not running"
  fi
}

status() { BIN=$(find_bin); if psql_admin -tAc 'select 1' >/dev/null 2>&1; then echo "postgres: up on 127.0.0.1:$PG_PORT"; else echo "postgres: down"; return 1; fi; }

case "${1:-}" in up) up ;; down) down ;; status) status ;; *) die "usage: postgres.sh up|down|status" ;; esac
