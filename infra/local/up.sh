#!/usr/bin/env bash
# Start the local infrastructure (Postgres + Kafka) and create the topics. Idempotent.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$LINKAGE_ROOT/infra/local/postgres.sh" up
bash "$LINKAGE_ROOT/infra/local/kafka.sh" up
if [ "${SKIP_TOPICS:-0}" != 1 ]; then
  KAFKA_BROKERS="$KAFKA_BROKERS_LOCAL" "$LINKAGE_ROOT/node_modules/.bin/tsx" "$LINKAGE_ROOT/infra/scripts/create-topics.ts"
fi
