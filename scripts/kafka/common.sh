# Shared settings of the local Kafka broker scripts (sourced, not run).
# Everything lives under KAFKA_HOME_DIR (default: <repo>/.kafka, gitignored):
#   lib/<version>/   the broker's jars (fetched once from Maven Central, then reused)
#   data/            KRaft metadata + log segments (formatted once)
#   logs/            broker output
#   kafka.pid        pid of the running broker
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
SCALA_VERSION="${SCALA_VERSION:-2.13}"
LOG4J_VERSION="${LOG4J_VERSION:-2.25.3}"
SLF4J_VERSION="${SLF4J_VERSION:-2.0.17}"
KAFKA_HOME_DIR="${KAFKA_HOME_DIR:-$REPO_ROOT/.kafka}"
KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"

KAFKA_LIB_DIR="$KAFKA_HOME_DIR/lib/kafka_${SCALA_VERSION}-${KAFKA_VERSION}-log4j-${LOG4J_VERSION}-slf4j-${SLF4J_VERSION}"
KAFKA_DATA_DIR="$KAFKA_HOME_DIR/data"
KAFKA_LOG_DIR="$KAFKA_HOME_DIR/logs"
KAFKA_CONF_DIR="$KAFKA_HOME_DIR/config"
KAFKA_PID_FILE="$KAFKA_HOME_DIR/kafka.pid"

log() { printf '[kafka] %s\n' "$*" >&2; }

# True when the pid file names a live process that is our broker (not a recycled pid).
broker_running() {
  [[ -f "$KAFKA_PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$KAFKA_PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -q 'kafka.Kafka' "/proc/$pid/cmdline" 2>/dev/null
}

port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0 || return 1
}
