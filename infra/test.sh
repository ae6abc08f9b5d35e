#!/usr/bin/env bash
# npm test — every test, on a fresh machine too: installs what it needs, starts the local Kafka and
# Postgres unless KAFKA_BROKERS/PG_ADMIN_URL name others (and stops what it started), then runs
# lint, typecheck, unit, integration and end-to-end tiers, and prints one summary line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source infra/local/lib.sh
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
t0=$SECONDS
bash infra/install.sh

started_pg=0 started_kafka=0
cleanup() {
  [ "$started_kafka" = 1 ] && bash infra/local/kafka.sh down || true
  [ "$started_pg" = 1 ] && bash infra/local/postgres.sh down || true
}
trap cleanup EXIT
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${PG_ADMIN_URL:-}" ]; then
  bash infra/local/postgres.sh status >/dev/null 2>&1 || started_pg=1
  bash infra/local/kafka.sh status >/dev/null 2>&1 || started_kafka=1
  # Only the cluster npm test starts (and stops) itself may skip durability (fsync etc. off, faster);
  # a cluster that is already running is used as it is.
  if [ "$started_pg" = 1 ]; then PG_DURABLE=0 bash infra/local/postgres.sh up; else bash infra/local/postgres.sh up; fi
  k0=$SECONDS; bash infra/local/kafka.sh up; echo "[test] kafka ready after $((SECONDS - k0))s" >&2
  export KAFKA_BROKERS="$KAFKA_BROKERS_LOCAL" PG_ADMIN_URL="$PG_ADMIN_URL_LOCAL"
fi

rm -rf "$LINKAGE_STATE/test-results"
# The run's id starts every topic prefix its tests make, so the run can delete its topics at the end.
LINKAGE_TEST_RUN=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
export LINKAGE_TEST_RUN
status=0
# infra/scripts are not a workspace package: check them here
{ npx prettier --check . --log-level warn && npx tsc -p infra/tsconfig.json && npx eslint infra; } || status=$?
[ "$status" = 0 ] && { npx turbo run lint typecheck test:unit --env-mode=loose --output-logs=new-only || status=$?; }
if [ "$status" = 0 ]; then
  # Two lanes, one per core: @linkage/e2e's end-to-end files (the longest task by far, mostly waiting on the
  # processes, brokers and clones they start) and the console's, beside every package's integration tier and the
  # other end-to-end tiers, one at a time (lanes of 11.6 and 15.2 min before the console's moved).
  # Each test has its own databases, topic prefix and consumer groups, free ports (first-hour's 4100-4105 are
  # no other test's), and its own broker or cluster where it kills one.
  npx turbo run test:e2e --filter=@linkage/e2e --filter=@linkage/console --concurrency=1 --env-mode=loose \
    --output-logs=full &
  e2e_lane=$!
  { npx turbo run test:int --concurrency=1 --env-mode=loose --output-logs=full \
    && npx turbo run test:e2e --filter='!@linkage/e2e' --filter='!@linkage/console' --concurrency=1 --env-mode=loose \
      --output-logs=full; } || status=$?
  wait "$e2e_lane" || status=$?
fi
# A broker this run did not start outlives it: delete the run's topics (best effort; a leftover costs files only).
if [ "$started_kafka" = 0 ]; then node_modules/.bin/tsx infra/scripts/delete-test-topics.ts || true; fi
node infra/scripts/test-summary.mjs "$LINKAGE_STATE/test-results" || true
echo "[test] finished in $((SECONDS - t0))s with status $status" >&2
exit "$status"
