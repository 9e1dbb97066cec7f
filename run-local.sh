#!/usr/bin/env bash
# Runs the whole of Relais on this machine: a real Kafka broker (KRaft) and a real PostgreSQL, both from Maven
# Central jars (no Docker), then context-service (8081), knowledge-service (8082) and routing-service (8083),
# with demo agents and articles. Ctrl-C stops everything. Data stays in .relais/ between runs.
#
#   ./run-local.sh            build if needed, start, keep data
#   ./run-local.sh --fresh    start from empty data (and load the demo data again)
#   ./run-local.sh --no-build skip the Maven build
set -euo pipefail
cd "$(dirname "$0")"

build=true
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=false ;;
    *) args+=("$a") ;;
  esac
done

if $build; then
  # install, not package: then `../mvnw quarkus:dev` in a service folder finds the shared modules too
  echo "[relais] building (./mvnw install -DskipTests)…"
  ./mvnw -B -q install -DskipTests
fi
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "local-stack/target/local-stack.jar:local-stack/target/lib/*" \
  io.relais.stack.LocalStack "${args[@]+"${args[@]}"}"
