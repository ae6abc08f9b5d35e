#!/usr/bin/env bash
# Shared settings for the local (Docker-free) infrastructure. Sourced, not run.
set -euo pipefail

LINKAGE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Per-checkout state (data dirs, pids, logs); jars are cached per user so a
# second start (or another clone) needs no network.
LINKAGE_STATE="${LINKAGE_STATE:-$LINKAGE_ROOT/.local}"
LINKAGE_CACHE="${LINKAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/linkage}"

KAFKA_VERSION=3.9.1
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_LIBS="$LINKAGE_CACHE/kafka-$KAFKA_VERSION/libs"
KAFKA_DIR="$LINKAGE_STATE/kafka"

PG_PORT="${PG_PORT:-15432}"
PG_DIR="$LINKAGE_STATE/postgres"
PG_DATA="$PG_DIR/data"
PG_USER_OS=postgres   # initdb refuses to run as root; when root we run the cluster as this user
SERVICE_DATABASES=(linkage_intake linkage_dv_referral linkage_legal_aid linkage_elder_care linkage_case_timeline)

export KAFKA_BROKERS_LOCAL="127.0.0.1:$KAFKA_PORT"
export PG_ADMIN_URL_LOCAL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

apt_install() {
  command -v apt-get >/dev/null || die "missing $* and no apt-get to install it"
  log "installing $* with apt-get (one time)"
  if [ "$(id -u)" -ne 0 ]; then die "need root to apt-get install $*; install it and retry"; fi
  if [ ! -f "$LINKAGE_CACHE/.apt-updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && mkdir -p "$LINKAGE_CACHE" && touch "$LINKAGE_CACHE/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
