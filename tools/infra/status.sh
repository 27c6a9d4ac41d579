#!/usr/bin/env bash
# Prints the health of local Kafka, ClickHouse and Redis. Exit 0 only if all are healthy.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rc=0
# report NAME WHERE PID_FILE CMDLINE_PATTERN HEALTH_CHECK
report() {
  local name=$1 where=$2 pid_file=$3 pattern=$4 health=$5 out owner pid
  if pid=$(running_pid "$pid_file" "$pattern"); then
    owner="pid $pid, from $VAR_DIR"
  else
    owner="no process from $VAR_DIR"
  fi
  if out=$("$health" 2>&1); then
    printf '%-11s healthy    %s (%s)\n            %s\n' "$name" "$where" "$owner" "$out"
  else
    printf '%-11s UNHEALTHY  %s (%s)\n            %s\n' "$name" "$where" "$owner" "${out:-no answer}"
    rc=1
  fi
}

report Kafka "127.0.0.1:$KAFKA_PORT" "$KAFKA_PID_FILE" "$KAFKA_MAIN" kafka_health
report ClickHouse "http://127.0.0.1:$CLICKHOUSE_HTTP_PORT" "$CH_PID_FILE" clickhouse-server clickhouse_health
report Redis "127.0.0.1:$REDIS_PORT" "$REDIS_PID_FILE" redis-server redis_health
exit "$rc"
