#!/usr/bin/env bash
# Starts local Kafka (KRaft, single combined broker+controller), ClickHouse and
# Redis as background processes on 127.0.0.1 and waits until both are healthy.
# Idempotent: running + healthy -> nothing to do; stale pid file -> cleaned up;
# ports already answering healthy (e.g. another worktree's infra) -> reused.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started_ns=$(date +%s%N)
require_cmd java "run tools/infra/install.sh"
require_cmd curl "run tools/infra/install.sh"
require_cmd clickhouse-server "run tools/infra/install.sh"
require_cmd redis-server "run tools/infra/install.sh"
require_cmd redis-cli "run tools/infra/install.sh"
require_cmd node "the Kafka health check runs kafkajs under node"
[[ -f $KAFKA_LIBS/.pom.sha256 ]] || die "no Kafka jars in $KAFKA_LIBS: run tools/infra/install.sh"
[[ -d $REPO_ROOT/node_modules/kafkajs ]] || die "kafkajs missing (the Kafka health check uses it): run 'npm ci' at the repo root"

kafka_note="" ch_note="" redis_note=""              # what we did, for the summary
kafka_launched="" ch_launched="" redis_launched=""  # pid of what we launched (to notice early death)

start_kafka() {
  local pid port
  if pid=$(running_pid "$KAFKA_PID_FILE" "$KAFKA_MAIN"); then
    kafka_note="already running (pid $pid)"
    kafka_launched=$pid
    return
  fi
  if [[ -e $KAFKA_PID_FILE ]]; then
    log "removing stale pid file $KAFKA_PID_FILE"
    rm -f "$KAFKA_PID_FILE"
  fi
  if port_open "$KAFKA_PORT" && kafka_health >/dev/null; then
    kafka_note="reusing the Kafka already answering on 127.0.0.1:$KAFKA_PORT (not started from $VAR_DIR)"
    return
  fi
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$port" && die "port $port is taken by something that is not a healthy Kafka (set KAFKA_PORT / KAFKA_CONTROLLER_PORT, or stop it)"
  done

  mkdir -p "$KAFKA_DIR/logs" "$KAFKA_DIR/data"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
    -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@KAFKA_DATA_DIR@|$KAFKA_DIR/data|g" \
    "$INFRA_DIR/kafka/server.properties" >"$KAFKA_DIR/server.properties"

  local heap java_opts
  read -ra heap <<<"$KAFKA_HEAP_OPTS"
  java_opts=("${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$INFRA_DIR/kafka/log4j2.xml" "-Dkafka.logs.dir=$KAFKA_DIR/logs")

  if [[ ! -f $KAFKA_DIR/data/meta.properties ]]; then
    [[ -s $KAFKA_DIR/cluster.id ]] ||
      java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid >"$KAFKA_DIR/cluster.id"
    log "formatting Kafka storage (cluster id $(<"$KAFKA_DIR/cluster.id"))"
    java "${java_opts[@]}" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format --ignore-formatted \
      --cluster-id "$(<"$KAFKA_DIR/cluster.id")" --config "$KAFKA_DIR/server.properties" \
      >>"$KAFKA_DIR/logs/format.log" 2>&1 ||
      { tail_logs "$KAFKA_DIR/logs/format.log"; die "kafka storage format failed"; }
  fi

  setsid java "${java_opts[@]}" -cp "$KAFKA_LIBS/*" "$KAFKA_MAIN" "$KAFKA_DIR/server.properties" \
    </dev/null >"$KAFKA_DIR/logs/kafka.out" 2>&1 &
  kafka_launched=$!
  echo "$kafka_launched" >"$KAFKA_PID_FILE"
  kafka_note="started (pid $kafka_launched)"
}

start_clickhouse() {
  local pid port
  if pid=$(running_pid "$CH_PID_FILE" clickhouse-server); then
    ch_note="already running (pid $pid)"
    ch_launched=$pid
    return
  fi
  if [[ -e $CH_PID_FILE ]]; then
    log "removing stale pid file $CH_PID_FILE"
    rm -f "$CH_PID_FILE"
  fi
  if port_open "$CLICKHOUSE_HTTP_PORT" && clickhouse_health >/dev/null; then
    ch_note="reusing the ClickHouse already answering on 127.0.0.1:$CLICKHOUSE_HTTP_PORT (not started from $VAR_DIR)"
    return
  fi
  for port in "$CLICKHOUSE_HTTP_PORT" "$CLICKHOUSE_TCP_PORT"; do
    port_open "$port" && die "port $port is taken by something that is not a healthy ClickHouse (set CLICKHOUSE_HTTP_PORT / CLICKHOUSE_TCP_PORT, or stop it)"
  done

  mkdir -p "$CH_DIR/data" "$CH_DIR/logs"
  chown "$CH_USER:" "$CH_DIR" "$CH_DIR/data" "$CH_DIR/logs"
  runuser -u "$CH_USER" -- test -w "$CH_DIR/data" -a -r "$INFRA_DIR/clickhouse/config.xml" ||
    die "user $CH_USER cannot write $CH_DIR/data or read $INFRA_DIR/clickhouse/config.xml (check the parent folders' permissions)"

  export SWITCHYARD_CH_PATH="$CH_DIR/data/"
  export SWITCHYARD_CH_LOG="$CH_DIR/logs/clickhouse-server.log"
  export SWITCHYARD_CH_ERRORLOG="$CH_DIR/logs/clickhouse-server.err.log"
  setsid runuser -u "$CH_USER" -- clickhouse-server --config-file="$INFRA_DIR/clickhouse/config.xml" \
    </dev/null >"$CH_DIR/logs/stdout.log" 2>&1 &
  ch_launched=$!
  # runuser stays as the parent (and turns a SIGTERM into SIGKILL after 2s), so the
  # pid we record and signal is clickhouse-server's: runuser's only child.
  # (clickhouse-server --pid-file only works with --daemon in 18.16.)
  local child="" tries=0
  while [[ -z $child ]] && ((tries++ < 100)); do
    child=$(cat "/proc/$ch_launched/task/$ch_launched/children" 2>/dev/null) || break
    [[ -n $child ]] || sleep 0.02
  done
  if [[ -n $child ]]; then
    ch_launched=${child%% *}
    echo "$ch_launched" >"$CH_PID_FILE"
  fi
  ch_note="started (pid $ch_launched)"
}

start_redis() {
  local pid
  if pid=$(running_pid "$REDIS_PID_FILE" redis-server); then
    redis_note="already running (pid $pid)"
    redis_launched=$pid
    return
  fi
  if [[ -e $REDIS_PID_FILE ]]; then
    log "removing stale pid file $REDIS_PID_FILE"
    rm -f "$REDIS_PID_FILE"
  fi
  if port_open "$REDIS_PORT" && redis_health >/dev/null; then
    redis_note="reusing the Redis already answering on 127.0.0.1:$REDIS_PORT (not started from $VAR_DIR)"
    return
  fi
  port_open "$REDIS_PORT" && die "port $REDIS_PORT is taken by something that is not a healthy Redis (set REDIS_PORT, or stop it)"

  mkdir -p "$REDIS_DIR/data" "$REDIS_DIR/logs"
  # Persistence on (append-only file, fsync every second) so stored responses survive a restart.
  setsid redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR/data" \
    --appendonly yes --appendfsync everysec --save 60 1000 --daemonize no \
    --logfile "$REDIS_DIR/logs/redis-server.log" </dev/null >"$REDIS_DIR/logs/stdout.log" 2>&1 &
  redis_launched=$!
  echo "$redis_launched" >"$REDIS_PID_FILE"
  redis_note="started (pid $redis_launched)"
}

# wait_healthy NAME CHECK PID LOG...: poll CHECK until it passes; fail early if PID dies.
wait_healthy() {
  local name=$1 check=$2 pid=$3 out
  shift 3
  local deadline=$((SECONDS + START_TIMEOUT))
  until out=$("$check"); do
    if [[ -n $pid ]] && ! alive "$pid"; then
      tail_logs "$@"
      die "$name exited during startup (logs above)"
    fi
    if ((SECONDS >= deadline)); then
      tail_logs "$@"
      die "$name not healthy after ${START_TIMEOUT}s: $out (it may still be starting: down.sh stops it)"
    fi
    sleep 0.2
  done
  echo "$out"
}

kafka_ready() {
  port_open "$KAFKA_PORT" || {
    echo "127.0.0.1:$KAFKA_PORT not accepting connections"
    return 1
  }
  kafka_health
}

clickhouse_ready() { clickhouse_health; }
redis_ready() { redis_health; }

start_kafka # slowest to come up: launch it first, then ClickHouse
start_clickhouse
start_redis
ch_info=$(wait_healthy ClickHouse clickhouse_ready "$ch_launched" \
  "$CH_DIR/logs/stdout.log" "$CH_DIR/logs/clickhouse-server.err.log")
redis_info=$(wait_healthy Redis redis_ready "$redis_launched" "$REDIS_DIR/logs/redis-server.log" "$REDIS_DIR/logs/stdout.log")
kafka_info=$(wait_healthy Kafka kafka_ready "$kafka_launched" \
  "$KAFKA_DIR/logs/kafka.out" "$KAFKA_DIR/logs/server.log")

# where NOTE DIR: data/log location, unless we are reusing someone else's process
where() {
  if [[ $1 == reusing* ]]; then
    echo "(data and logs: wherever that one was started from)"
  else
    echo "data $2/data, logs $2/logs"
  fi
}

elapsed_ms=$((($(date +%s%N) - started_ns) / 1000000))
cat <<EOF
[infra] up in $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000)))s
  Kafka       127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT): $kafka_note
              $kafka_info
              $(where "$kafka_note" "$KAFKA_DIR")
  ClickHouse  http://127.0.0.1:$CLICKHOUSE_HTTP_PORT, native 127.0.0.1:$CLICKHOUSE_TCP_PORT, user 'default' (no password): $ch_note
              $ch_info
              $(where "$ch_note" "$CH_DIR")
  Redis       127.0.0.1:$REDIS_PORT: $redis_note
              $redis_info
              $(where "$redis_note" "$REDIS_DIR")
EOF
