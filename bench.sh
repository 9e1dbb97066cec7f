#!/usr/bin/env bash
# The load-and-fault bench (relais-bench). Against the running local stack by default:
#   ./run-local.sh --wrap-up 0s &            # in another terminal; the reference profile's wrap-up is 0s
#   ./bench.sh                               # the reference profile (relais-bench/profiles/reference.properties)
#   ./bench.sh rate=50 duration=90           # any profile key overridden
#   ./bench.sh --profile relais-bench/profiles/erlang-c.properties --managed
#   ./bench.sh --managed --scenario kill-routing      # a fault scenario (the bench owns its own stack)
#   ./bench.sh --managed --scenario all
# Results: relais-bench/results/<label>.json and .md. Exit status 1 if any contact was lost or doubled.
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! -f relais-bench/target/relais-bench.jar ]]; then
  ./mvnw -B -q install -DskipTests
fi
exec java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "relais-bench/target/relais-bench.jar:relais-bench/target/lib/*" io.relais.bench.BenchMain "$@"
