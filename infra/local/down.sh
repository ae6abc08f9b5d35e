#!/usr/bin/env bash
# Stop the local infrastructure. Idempotent; data stays in .local/ (delete it to start clean).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$LINKAGE_ROOT/infra/local/kafka.sh" down
bash "$LINKAGE_ROOT/infra/local/postgres.sh" down
