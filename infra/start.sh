#!/usr/bin/env bash
# npm start — the whole system on this machine: infrastructure, migrations, every service, demo data.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source infra/local/lib.sh
source infra/services.sh
bash infra/install.sh
bash infra/local/up.sh

export KAFKA_BROKERS="$KAFKA_BROKERS_LOCAL"
mkdir -p "$LINKAGE_STATE/run"
for svc in "${SERVICES[@]}"; do
  pidfile="$LINKAGE_STATE/run/$svc.pid"
  if pid_alive "$pidfile"; then log "$svc already running (pid $(cat "$pidfile"))"; continue; fi
  PORT="${SERVICE_PORT[$svc]}" DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/${SERVICE_DB[$svc]}" \
    nohup node_modules/.bin/tsx "services/$svc/src/server.ts" >"$LINKAGE_STATE/run/$svc.log" 2>&1 &
  echo $! >"$pidfile"
done
for svc in "${SERVICES[@]}"; do
  port="${SERVICE_PORT[$svc]}"
  deadline=$((SECONDS + 60))
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    pid_alive "$LINKAGE_STATE/run/$svc.pid" || { tail -20 "$LINKAGE_STATE/run/$svc.log" >&2; die "$svc exited (log: $LINKAGE_STATE/run/$svc.log)"; }
    [ $SECONDS -lt $deadline ] || die "$svc not ready on :$port within 60s (log: $LINKAGE_STATE/run/$svc.log)"
    sleep 0.5
  done
  log "$svc ready on http://127.0.0.1:$port (docs: /docs)"
done
node_modules/.bin/tsx infra/scripts/seed-demo.ts
cat >&2 <<MSG

Linkage is running. Logs: $LINKAGE_STATE/run/<service>.log — stop everything with: npm stop
Get a token:   npm run -s token -- --role hotline_operator --dept wf:district
Open a case:   curl -s -X POST localhost:4101/cases -H "authorization: Bearer \$TOKEN" -H 'content-type: application/json' \\
                 -d '{"channel":"hotline_12338","category":"domestic_violence","victim":{"age":34,"street":"xinqi"},"needs":["dv_protection"],"consent":{"police":true}}'
MSG
