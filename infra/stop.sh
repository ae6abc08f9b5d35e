#!/usr/bin/env bash
# npm stop — stop every service started by npm start, then the infrastructure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/infra/local/lib.sh"
source "$ROOT/infra/services.sh"
for svc in "${SERVICES[@]}"; do
  pidfile="$LINKAGE_STATE/run/$svc.pid"
  if pid_alive "$pidfile"; then
    pid=$(cat "$pidfile"); kill "$pid"
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    log "$svc stopped"
  fi
  rm -f "$pidfile"
done
bash "$ROOT/infra/local/down.sh"
