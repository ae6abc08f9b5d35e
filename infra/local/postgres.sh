#!/usr/bin/env bash
# A private PostgreSQL cluster (initdb + pg_ctl) from the system's binaries, one database per service.
# usage: postgres.sh up|down|status|durability      (up and down idempotent)
#
# Durable by default (fsync, synchronous_commit and full_page_writes on): a crash of the machine or
# of Postgres loses nothing that was committed. Only a throw-away cluster may trade that for speed:
# PG_DURABLE=0 (set by infra/test.sh for the cluster `npm test` starts and stops itself) starts it
# with the three off. `durability` prints the running cluster's settings and fails if any is off.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_DURABLE="${PG_DURABLE:-1}"
DURABILITY_SETTINGS=(fsync synchronous_commit full_page_writes)

find_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    apt_install postgresql
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$d"
}

ensure_owner() { id "$PG_USER_OS" >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$PG_USER_OS"; }

# As root the owner's commands run from /, so paths must be absolute: started from a folder the owner cannot enter
# (a clone in root's home or in a `mktemp -d` folder), initdb and pg_ctl printed "could not change directory to …:
# Permission denied".
[[ "$PG_DIR" = /* ]] || { PG_DIR="$PWD/$PG_DIR"; PG_DATA="$PG_DIR/data"; }

as_owner() { # initdb/pg_ctl refuse to run as root
  if [ "$(id -u)" -eq 0 ]; then
    ensure_owner
    (cd / && su "$PG_USER_OS" -s /bin/bash -c "$(printf '%q ' "$@")")
  else
    "$@"
  fi
}

# As root the cluster runs as $PG_USER_OS, which must be able to enter every folder on the way to its data. A
# clone in root's home or in a `mktemp -d` folder (mode 0700) is not: then the data lives under that user's home
# (one folder per state directory) and $PG_DIR is a link to it, so paths under $LINKAGE_STATE keep working.
locate_cluster() {
  [ "$(id -u)" -eq 0 ] || return 0
  if [ -L "$PG_DIR" ]; then
    PG_DIR=$(readlink -f "$PG_DIR"); PG_DATA="$PG_DIR/data"
    [ -d "$PG_DIR" ] || die "$LINKAGE_STATE/postgres links to $PG_DIR, which is gone; remove the link to start a new cluster"
    return 0
  fi
  ensure_owner
  mkdir -p "$LINKAGE_STATE"
  if su "$PG_USER_OS" -s /bin/bash -c "cd $(printf '%q' "$LINKAGE_STATE")" 2>/dev/null; then return 0; fi
  if [ -f "$PG_DATA/PG_VERSION" ]; then
    die "the $PG_USER_OS user cannot enter $LINKAGE_STATE, where this cluster's data is ($PG_DATA): let it in (chmod o+x on $LINKAGE_STATE and each folder above it) or move the data to a folder it can enter and set LINKAGE_STATE"
  fi
  [ -d "$PG_DIR" ] && { rmdir "$PG_DIR" 2>/dev/null || die "the $PG_USER_OS user cannot enter $LINKAGE_STATE and $PG_DIR is not empty: move it away and retry"; }
  local home key target
  home=$(getent passwd "$PG_USER_OS" | cut -d: -f6)
  [ -n "$home" ] && [ "$home" != / ] || home=/var/lib/postgresql
  key=$(printf '%s' "$(cd "$LINKAGE_STATE" && pwd -P)" | sha256sum | cut -c1-16)
  target="$home/linkage/$key"
  mkdir -p "$target"
  chown "$PG_USER_OS" "$home" "$home/linkage" "$target"
  chmod 700 "$target"
  su "$PG_USER_OS" -s /bin/bash -c "cd $(printf '%q' "$target")" \
    || die "the $PG_USER_OS user can enter neither $LINKAGE_STATE nor $target; set LINKAGE_STATE to a folder it can enter"
  ln -s "$target" "$PG_DIR"
  log "the $PG_USER_OS user cannot enter $LINKAGE_STATE: keeping the cluster's data in $target (linked from $PG_DIR)"
  PG_DIR="$target"; PG_DATA="$target/data"
}

psql_admin() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }

up() {
  BIN=$(find_bin)
  locate_cluster
  mkdir -p "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown "$PG_USER_OS" "$PG_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA"
    as_owner "$BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if as_owner "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "postgres already running on 127.0.0.1:$PG_PORT"
  else
    # track_commit_timestamp: `npm run bench` reads when a timeline entry became readable (its commit time) instead
    # of polling for it under load.
    local opts="-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c max_connections=600 -c track_commit_timestamp=on" mode=durable
    if [ "$PG_DURABLE" = 0 ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off" mode="NOT durable (PG_DURABLE=0: fsync, synchronous_commit, full_page_writes off)"
    else
      opts="$opts -c fsync=on -c synchronous_commit=on -c full_page_writes=on"
    fi
    as_owner "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/postgres.log" -w -t 60 start -o "$opts" >/dev/null \
      || { tail -20 "$PG_DIR/postgres.log" >&2; die "postgres did not start (log: $PG_DIR/postgres.log)"; }
    log "postgres up on 127.0.0.1:$PG_PORT, $mode"
  fi
  if [ "$PG_DURABLE" != 0 ] && ! durability >/dev/null; then
    log "WARNING: the running cluster on 127.0.0.1:$PG_PORT is not durable ($(durability | tr '\n' ' ')); a crash can lose committed data — stop it (npm run infra:down) and start it again"
  fi
  for db in "${SERVICE_DATABASES[@]}"; do
    if [ -z "$(psql_admin -tAc "select 1 from pg_database where datname='$db'")" ]; then
      psql_admin -c "create database $db" && log "created database $db"
    fi
  done
}

down() {
  BIN=$(find_bin)
  [ -L "$PG_DIR" ] && { PG_DIR=$(readlink -f "$PG_DIR"); PG_DATA="$PG_DIR/data"; }
  if [ -f "$PG_DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_owner "$BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && log "postgres stopped"
  else
    log "postgres not running"
  fi
}

status() { BIN=$(find_bin); if psql_admin -tAc 'select 1' >/dev/null 2>&1; then echo "postgres: up on 127.0.0.1:$PG_PORT"; else echo "postgres: down"; return 1; fi; }

# Prints "fsync=on synchronous_commit=on full_page_writes=on" (one a line); fails if any is off.
durability() {
  BIN=$(find_bin)
  local ok=0 name value
  for name in "${DURABILITY_SETTINGS[@]}"; do
    value=$(psql_admin -tAc "show $name") || die "postgres on 127.0.0.1:$PG_PORT does not answer"
    echo "$name=$value"
    [ "$value" = off ] && ok=1
  done
  return $ok
}

case "${1:-}" in up) up ;; down) down ;; status) status ;; durability) durability ;; *) die "usage: postgres.sh up|down|status|durability" ;; esac
