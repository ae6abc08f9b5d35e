#!/usr/bin/env bash
# npm start — the whole system on this machine: infrastructure, migrations, every service, demo data.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source infra/local/lib.sh
source infra/services.sh
bash infra/install.sh
bash infra/local/up.sh

# Durable Postgres only: the relaxed settings (fsync etc. off) are for npm test's throw-away cluster.
if [ "${PG_DURABLE:-1}" != 0 ] && ! settings=$(bash infra/local/postgres.sh durability); then
  die "Postgres on 127.0.0.1:$PG_PORT is running without durability (${settings//$'\n'/ }) — a cluster started for tests; a crash could lose committed cases. Stop it (npm stop, or npm run infra:down) and run npm start again, which starts it durable; or accept it for this run with PG_DURABLE=0 npm start"
fi

export KAFKA_BROKERS="$KAFKA_BROKERS_LOCAL"
# Each service runs under its supervisor (infra/scripts/supervise.ts), which restarts it when it
# exits, with backoff, as Kubernetes would; $LINKAGE_STATE/run/<service>.pid is the service's pid.
for svc in "${SERVICES[@]}"; do
  db_url=""
  [ -n "${SERVICE_DB[$svc]:-}" ] && db_url="postgres://postgres@127.0.0.1:$PG_PORT/${SERVICE_DB[$svc]}"
  start_service "$svc" "${SERVICE_PORT[$svc]}" "$db_url"
done
for svc in "${SERVICES[@]}"; do
  port="${SERVICE_PORT[$svc]}"
  deadline=$((SECONDS + 90))
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    pid_alive "$RUN_DIR/$svc.supervisor.pid" || { tail -20 "$RUN_DIR/$svc.log" >&2; die "$svc's supervisor exited (log: $RUN_DIR/$svc.log)"; }
    [ $SECONDS -lt $deadline ] || { tail -20 "$RUN_DIR/$svc.log" >&2; die "$svc not ready on :$port within 90s (log: $RUN_DIR/$svc.log)"; }
    sleep 0.5
  done
  log "$svc ready on http://127.0.0.1:$port (docs: /docs), pid $(cat "$RUN_DIR/$svc.pid" 2>/dev/null || echo -)"
done
# The demo data, once per cluster: the marker sits beside the cluster's data, so a later npm start (the next day
# too, when the seed's Idempotency-Keys have expired) seeds nothing again, and a new cluster is seeded anew.
SEEDED="$PG_DIR/demo-seeded"
if [ -f "$SEEDED" ]; then
  log "demo data already seeded at $(cat "$SEEDED") (to seed again: npm run seed, or delete $SEEDED)"
else
  INTAKE_URL="http://127.0.0.1:${SERVICE_PORT[intake]}" DV_URL="http://127.0.0.1:${SERVICE_PORT[dv-referral]}" LEGAL_AID_URL="http://127.0.0.1:${SERVICE_PORT[legal-aid]}" ELDER_CARE_URL="http://127.0.0.1:${SERVICE_PORT[elder-care]}" \
    node_modules/.bin/tsx infra/scripts/seed-demo.ts
  date -u +'%Y-%m-%dT%H:%M:%SZ' >"$SEEDED"
fi

# The console: build the app if its sources changed, then serve it in front of the services.
npm run -s -w @linkage/console build:if-stale >&2
INTAKE_URL="http://127.0.0.1:${SERVICE_PORT[intake]}" DV_REFERRAL_URL="http://127.0.0.1:${SERVICE_PORT[dv-referral]}" LEGAL_AID_URL="http://127.0.0.1:${SERVICE_PORT[legal-aid]}" \
  ELDER_CARE_URL="http://127.0.0.1:${SERVICE_PORT[elder-care]}" CASE_TIMELINE_URL="http://127.0.0.1:${SERVICE_PORT[case-timeline]}" \
  start_service console "$CONSOLE_PORT"
deadline=$((SECONDS + 60))
until curl -fsS "http://127.0.0.1:$CONSOLE_PORT/readyz" >/dev/null 2>&1; do
  pid_alive "$RUN_DIR/console.supervisor.pid" || { tail -20 "$RUN_DIR/console.log" >&2; die "the console's supervisor exited (log: $RUN_DIR/console.log)"; }
  [ $SECONDS -lt $deadline ] || { tail -20 "$RUN_DIR/console.log" >&2; die "the console is not ready on :$CONSOLE_PORT within 60s (log: $RUN_DIR/console.log)"; }
  sleep 0.5
done
cat >&2 <<MSG

Console (工作台):  http://127.0.0.1:$CONSOLE_PORT
  Sign in locally: choose a role and department on the sign-in page (development only), e.g.
  "12338 热线接线员 — 全区妇联" to open a case, "派出所民警 — 新碶街道派出所" for the Xinqi police queue,
  "妇儿工委协调员 — 全区妇儿工委" for the coordinator's dashboard.
MSG
cat >&2 <<MSG

Linkage is running, each service under a supervisor that restarts it if it exits.
Logs: $RUN_DIR/<service>.log — stop everything with: npm stop
Get a token:   npm run -s token -- --role hotline_operator --dept wf:district
Open a case:   curl -s -X POST localhost:${SERVICE_PORT[intake]}/cases -H "authorization: Bearer \$TOKEN" -H 'content-type: application/json' \\
                 -d '{"channel":"hotline_12338","category":"domestic_violence","victim":{"age":34,"street":"xinqi"},"needs":["dv_protection"],"consent":{"police":true}}'
MSG
