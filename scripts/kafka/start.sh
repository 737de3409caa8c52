#!/usr/bin/env bash
# Starts a single-node Apache Kafka 4 (KRaft, combined broker+controller) on 127.0.0.1.
# Idempotent: when our broker is already running this only checks it answers.
# Works from a clean clone: fetches the jars (once) and formats the storage (once).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
started_at=$(date +%s%N)

if broker_running; then
  log "already running (pid $(cat "$KAFKA_PID_FILE")) on $KAFKA_HOST:$KAFKA_PORT"
  node "$REPO_ROOT/scripts/kafka/wait-ready.mjs" "$KAFKA_HOST:$KAFKA_PORT" "$KAFKA_START_TIMEOUT" "$(cat "$KAFKA_PID_FILE")"
  exit 0
fi
rm -f "$KAFKA_PID_FILE"
if port_open "$KAFKA_HOST" "$KAFKA_PORT" || port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
  log "port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT is taken by another process (not our broker): set KAFKA_PORT/KAFKA_CONTROLLER_PORT"
  exit 1
fi
command -v java >/dev/null || { log "java not found on PATH (Java 17+ needed)"; exit 1; }

bash "$REPO_ROOT/scripts/kafka/fetch.sh"
mkdir -p "$KAFKA_DATA_DIR" "$KAFKA_LOG_DIR" "$KAFKA_CONF_DIR"

cat > "$KAFKA_CONF_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA_DIR
auto.create.topics.enable=true
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
log.retention.hours=24
log.segment.bytes=16777216
delete.topic.enable=true
PROPS

if [[ ! -f "$KAFKA_DATA_DIR/meta.properties" ]]; then
  cluster_id="$(node -e "process.stdout.write(require('node:crypto').randomBytes(16).toString('base64url'))")"
  log "formatting KRaft storage in $KAFKA_DATA_DIR (cluster $cluster_id)"
  java -Xmx256m -cp "$KAFKA_LIB_DIR/*" \
    -Dlog4j2.configurationFile="$REPO_ROOT/scripts/kafka/log4j2.properties" -Dkafka.logs.dir="$KAFKA_LOG_DIR" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_CONF_DIR/server.properties" >>"$KAFKA_LOG_DIR/format.log" 2>&1 \
    || { cat "$KAFKA_LOG_DIR/format.log" >&2; exit 1; }
fi

log "starting Kafka $KAFKA_VERSION on $KAFKA_HOST:$KAFKA_PORT (controller :$KAFKA_CONTROLLER_PORT)"
# setsid: the broker outlives the shell (and npm/jest) that started it; `exec` keeps the pid.
setsid bash -c 'echo $$ > "$0"; exec "$@"' "$KAFKA_PID_FILE" \
  java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
  -Djava.awt.headless=true -Dkafka.logs.dir="$KAFKA_LOG_DIR" \
  -Dlog4j2.configurationFile="$REPO_ROOT/scripts/kafka/log4j2.properties" \
  -cp "$KAFKA_LIB_DIR/*" kafka.Kafka "$KAFKA_CONF_DIR/server.properties" \
  >>"$KAFKA_LOG_DIR/kafka.out" 2>&1 </dev/null &
for _ in $(seq 1 50); do [[ -s "$KAFKA_PID_FILE" ]] && break; sleep 0.1; done
pid="$(cat "$KAFKA_PID_FILE")"
if ! node "$REPO_ROOT/scripts/kafka/wait-ready.mjs" "$KAFKA_HOST:$KAFKA_PORT" "$KAFKA_START_TIMEOUT" "$pid"; then
  tail -n 40 "$KAFKA_LOG_DIR/server.log" "$KAFKA_LOG_DIR/kafka.out" >&2 || true
  kill "$pid" 2>/dev/null || true
  rm -f "$KAFKA_PID_FILE"
  exit 1
fi
log "ready (pid $pid) in $(( ($(date +%s%N) - started_at) / 1000000 )) ms"
