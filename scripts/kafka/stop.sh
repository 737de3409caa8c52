#!/usr/bin/env bash
# Stops the broker started by start.sh, by the pid in its pid file (graceful, then KILL).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if ! broker_running; then
  log "not running"
  rm -f "$KAFKA_PID_FILE"
  exit 0
fi
pid="$(cat "$KAFKA_PID_FILE")"
log "stopping pid $pid"
kill -TERM "$pid"
for _ in $(seq 1 300); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$KAFKA_PID_FILE"; log "stopped"; exit 0; }
  sleep 0.1
done
log "pid $pid did not stop within 30 s: KILL"
kill -KILL "$pid" 2>/dev/null || true
rm -f "$KAFKA_PID_FILE"
