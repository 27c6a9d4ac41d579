# shellcheck shell=bash source-path=SCRIPTDIR
# shellcheck disable=SC2034 # settings are used by the scripts that source this
# Shared settings and helpers for tools/infra/*.sh. Sourced, not run.

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/../.." && pwd)"

# --- settings (env overrides) -------------------------------------------------
export KAFKA_PORT="${KAFKA_PORT:-19092}"
export KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
export CLICKHOUSE_HTTP_PORT="${CLICKHOUSE_HTTP_PORT:-18123}"
export CLICKHOUSE_TCP_PORT="${CLICKHOUSE_TCP_PORT:-19000}"
export REDIS_PORT="${REDIS_PORT:-16379}"
VAR_DIR="${SWITCHYARD_VAR_DIR:-$REPO_ROOT/.var}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
START_TIMEOUT="${INFRA_START_TIMEOUT:-60}" # seconds, per service
STOP_TIMEOUT="${INFRA_STOP_TIMEOUT:-30}"   # seconds before SIGKILL

KAFKA_LIBS="$REPO_ROOT/.cache/kafka/libs"
KAFKA_DIR="$VAR_DIR/kafka"
KAFKA_PID_FILE="$KAFKA_DIR/kafka.pid"
KAFKA_MAIN="kafka.Kafka" # also how we recognise our broker in /proc/PID/cmdline
CH_DIR="$VAR_DIR/clickhouse"
CH_PID_FILE="$CH_DIR/clickhouse-server.pid"
CH_USER=clickhouse
REDIS_DIR="$VAR_DIR/redis"
REDIS_PID_FILE="$REDIS_DIR/redis-server.pid"

# --- output -------------------------------------------------------------------
log() { printf '[infra] %s\n' "$*"; }
die() {
  printf '[infra] ERROR: %s\n' "$*" >&2
  exit 1
}

# tail_logs FILE... : last lines of each existing log, for error reports
tail_logs() {
  local f
  for f in "$@"; do
    [[ -s $f ]] || continue
    printf -- '----- last lines of %s -----\n' "$f" >&2
    tail -n 20 "$f" >&2
  done
}

# --- processes ----------------------------------------------------------------
# running_pid FILE PATTERN: print the pid in FILE if that process is alive and
# its command line contains PATTERN (guards against recycled pids).
running_pid() {
  local file=$1 pattern=$2 pid
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$pattern" || return 1
  echo "$pid"
}

# alive PID: the process exists and is not a zombie (an exited child that nobody
# reaped yet still answers kill -0, e.g. under a container init that reaps lazily).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) } # fields after "(comm) "; the first one is the state
  [[ ${stat:0:1} != Z ]]
}

# stop_pid NAME PID: SIGTERM, wait up to STOP_TIMEOUT, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2 ticks=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while alive "$pid"; do
    if ((ticks == STOP_TIMEOUT * 10)); then
      log "$name (pid $pid) still running after ${STOP_TIMEOUT}s: sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    elif ((ticks > STOP_TIMEOUT * 10 + 100)); then
      die "$name (pid $pid) survived SIGKILL for 10s"
    fi
    sleep 0.1
    ticks=$((ticks + 1))
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- health checks --------------------------------------------------------------
# Kafka: a real Metadata request through kafkajs (the client the services use).
kafka_health() {
  node "$INFRA_DIR/kafka-health.js" "127.0.0.1:$KAFKA_PORT" 2>&1
}

# ClickHouse: GET /ping answers "Ok."
clickhouse_health() {
  local body
  body=$(curl -fsS --max-time 2 "http://127.0.0.1:$CLICKHOUSE_HTTP_PORT/ping" 2>&1) || {
    echo "$body"
    return 1
  }
  [[ $body == Ok.* ]] || {
    echo "unexpected /ping answer: $body"
    return 1
  }
  curl -fsS --max-time 2 "http://127.0.0.1:$CLICKHOUSE_HTTP_PORT/?query=SELECT%20version()" |
    sed 's/^/ClickHouse /'
}

# Redis: PING answers PONG; then the server version.
redis_health() {
  local out
  out=$(redis-cli -p "$REDIS_PORT" ping 2>&1) || {
    echo "$out"
    return 1
  }
  [[ $out == PONG ]] || {
    echo "unexpected PING answer: $out"
    return 1
  }
  redis-cli -p "$REDIS_PORT" info server | sed -n 's/^redis_version:\(.*\)\r\?$/Redis \1/p'
}

require_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found: $2"
}
