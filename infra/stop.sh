#!/usr/bin/env bash
# npm stop — stop every service started by npm start (each supervisor first, so nothing restarts,
# then the service: SIGTERM, bounded wait, SIGKILL), check their ports are free, then stop the
# infrastructure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/infra/local/lib.sh"
source "$ROOT/infra/services.sh"
# The known services, and anything else this state directory runs (second instances, other tools).
declare -A names=()
for svc in "${SERVICES[@]}"; do names[$svc]=1; done
for f in "$RUN_DIR"/*.pid; do
  [ -e "$f" ] || continue
  n=$(basename "$f" .pid); names[${n%.supervisor}]=1
done
# All at once: each waits for its service's graceful shutdown (seconds: consumers leave their groups).
for name in "${!names[@]}"; do stop_service "$name" & done
wait
left=0
for svc in "${SERVICES[@]}"; do
  listener=$(port_listener "${SERVICE_PORT[$svc]}")
  if [ -n "$listener" ]; then log "port ${SERVICE_PORT[$svc]} ($svc) is still in use by: $listener"; left=1; fi
done
listener=$(port_listener "$CONSOLE_PORT")
if [ -n "$listener" ]; then log "port $CONSOLE_PORT (console) is still in use by: $listener"; left=1; fi
bash "$ROOT/infra/local/down.sh"
[ "$left" = 0 ] || die "some service ports are still in use (see above): a process not started by npm start in $LINKAGE_STATE?"
