#!/usr/bin/env bash
# Installs what tools/infra/up.sh runs. Idempotent: a fast no-op when all is there.
#   - ClickHouse: Debian's clickhouse-server (18.16), never started as a system service
#   - Redis: Debian's redis-server (7.0), likewise (the Responses API's stored responses)
#   - Kafka: broker jars from Maven Central (tools/infra/kafka/pom.xml) into .cache/kafka/libs
#   - plus the tools the scripts use: java (17+), mvn, curl
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# --- Debian packages ----------------------------------------------------------
missing=()
command -v clickhouse-server >/dev/null 2>&1 || missing+=(clickhouse-server)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)

no_service_start_during_apt() {
  # Debian's postinst would start clickhouse-server and redis-server as services; a policy-rc.d
  # that answers 101 ("forbidden") stops that. Only ours is removed afterwards.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
}

apt_install() {
  local apt=(apt-get install -y --no-install-recommends -o Dpkg::Use-Pty=0)
  if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" "$@"; then
    log "apt-get install failed; running apt-get update and retrying"
    apt-get update
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" "$@"
  fi
}

if ((${#missing[@]})); then
  [[ $EUID -eq 0 ]] || die "need root to install: ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  no_service_start_during_apt
  apt_install "${missing[@]}"
fi

# We run clickhouse-server and redis-server as plain processes (up.sh); keep the packaged services off.
for service in clickhouse-server redis-server; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled --quiet "$service" 2>/dev/null; then
    log "disabling the $service system service (up.sh runs it as a plain process)"
    if [[ -d /run/systemd/system ]]; then
      systemctl disable --now "$service"
    else
      systemctl disable "$service"
    fi
  fi
done
id -u "$CH_USER" >/dev/null 2>&1 || die "user '$CH_USER' missing (the clickhouse-server package creates it)"

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
((${java_major%%.*} >= 17)) || die "Kafka needs Java 17+, found java $java_major"

# --- Kafka jars ---------------------------------------------------------------
pom="$INFRA_DIR/kafka/pom.xml"
stamp="$KAFKA_LIBS/.pom.sha256"
want=$(sha256sum "$pom" | cut -d' ' -f1)
if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
  log "Kafka jars up to date in ${KAFKA_LIBS#"$REPO_ROOT"/}"
else
  kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom")
  log "resolving Kafka $kafka_version jars from Maven Central"
  tmp="$KAFKA_LIBS.tmp"
  rm -rf "$tmp"
  mkdir -p "$(dirname "$KAFKA_LIBS")"
  mvn_log="$REPO_ROOT/.cache/kafka/mvn.log"
  mvn -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DoutputDirectory="$tmp" >"$mvn_log" 2>&1 ||
    { tail -n 40 "$mvn_log" >&2; die "mvn dependency:copy-dependencies failed (full log: $mvn_log)"; }
  echo "$want" >"$tmp/.pom.sha256"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  log "Kafka $kafka_version: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars in ${KAFKA_LIBS#"$REPO_ROOT"/}"
fi

# --- node client for health checks ----------------------------------------------
if [[ ! -d $REPO_ROOT/node_modules/kafkajs ]]; then
  log "note: up.sh's Kafka health check uses kafkajs from the root node_modules: run 'npm ci' first"
fi
log "install done"
