#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, broker+controller) from Maven Central jars.
# usage: kafka.sh up|down|status      (both idempotent)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PIDFILE="$KAFKA_DIR/kafka.pid"
JAVA_CP="$KAFKA_LIBS/*"

fetch_jars() {
  if [ -f "$KAFKA_LIBS/.complete" ]; then return; fi
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  log "fetching Apache Kafka $KAFKA_VERSION jars with Maven into $KAFKA_LIBS (one time)"
  mkdir -p "$KAFKA_LIBS"
  mvn -q -B -f "$LINKAGE_ROOT/infra/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIBS" -DincludeScope=runtime >"$LINKAGE_CACHE/mvn.log" 2>&1 \
    || { tail -20 "$LINKAGE_CACHE/mvn.log" >&2; die "maven could not fetch the Kafka jars (log: $LINKAGE_CACHE/mvn.log)"; }
  touch "$KAFKA_LIBS/.complete"
}

write_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=-1
PROPS
  cat >"$KAFKA_DIR/log4j.properties" <<'PROPS'
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${kafka.logs.dir}/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
PROPS
}

java_run() { java -Xms128m -Xmx512m -Dkafka.logs.dir="$KAFKA_DIR" -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -cp "$JAVA_CP" "$@"; }

answers() { # a real metadata request: list the topics (a JVM start: slow on a busy machine, KAFKA_PROBE_TIMEOUT)
  timeout "${KAFKA_PROBE_TIMEOUT:-20}" java -Xmx128m -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -Dkafka.logs.dir="$KAFKA_DIR" \
    -cp "$JAVA_CP" org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list >/dev/null 2>&1
}

up() {
  if pid_alive "$PIDFILE"; then log "kafka already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$KAFKA_PORT"; return; fi
  fetch_jars
  write_config
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    local cid; cid=$(java_run kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    java_run kafka.tools.StorageTool format -t "$cid" -c "$KAFKA_DIR/server.properties" --ignore-formatted >/dev/null \
      || die "kafka storage format failed"
  fi
  local t0=$SECONDS
  nohup java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_DIR" -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" \
    -cp "$JAVA_CP" kafka.Kafka "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/stdout.log" 2>&1 &
  echo $! >"$PIDFILE"
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until answers; do
    pid_alive "$PIDFILE" || { tail -30 "$KAFKA_DIR/stdout.log" "$KAFKA_DIR/server.log" 2>/dev/null >&2; die "kafka exited during start-up (logs in $KAFKA_DIR)"; }
    [ $SECONDS -lt $deadline ] || { tail -30 "$KAFKA_DIR/server.log" 2>/dev/null >&2; die "kafka did not answer a metadata request on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT:-90}s (logs in $KAFKA_DIR)"; }
    sleep 1
  done
  # Answering metadata is not ready yet: on a new cluster the first group lookup creates __consumer_offsets and
  # the first idempotent producer waits for producer ids, and kafkajs logs each retry as an error in whichever
  # service comes first. Wait here until groups and producers are served, so services start on a ready broker.
  KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" "$LINKAGE_ROOT/node_modules/.bin/tsx" "$LINKAGE_ROOT/packages/messaging/src/cli/broker-ready.ts" \
    --timeout-ms "$(( (deadline - SECONDS > 30 ? deadline - SECONDS : 30) * 1000 ))" \
    || die "kafka answers on 127.0.0.1:$KAFKA_PORT but does not serve consumer groups and producers (logs in $KAFKA_DIR)"
  log "kafka $KAFKA_VERSION up on 127.0.0.1:$KAFKA_PORT in $((SECONDS - t0))s (pid $(cat "$PIDFILE"))"
}

down() {
  if ! pid_alive "$PIDFILE"; then rm -f "$PIDFILE"; log "kafka not running"; return; fi
  local pid; pid=$(cat "$PIDFILE")
  kill "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && { log "kafka did not stop in 30s; killing"; kill -9 "$pid"; }
  rm -f "$PIDFILE"
  log "kafka stopped"
}

status() { if pid_alive "$PIDFILE" && answers; then echo "kafka: up on 127.0.0.1:$KAFKA_PORT"; else echo "kafka: down"; return 1; fi; }

case "${1:-}" in up) up ;; down) down ;; status) status ;; *) die "usage: kafka.sh up|down|status" ;; esac
