#!/usr/bin/env bash
# The soak run in one command: builds the load benchmark's Cello application and the OTLP sink,
# installs wrk if it is missing, then runs benchmarks/soak/soak.py (see docs/soak.md).
#
#   benchmarks/run-soak.sh                  an hour of load while the collector flaps; exit 1 on failure
#   benchmarks/run-soak.sh --minutes 2      a smoke run
#
# Other options (--phase-seconds, --rate, --path, --results DIR) are passed on; see --help.
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/load/require-wrk.sh

./mvnw -B -q -Pbenchmarks -DskipTests package \
  -pl benchmarks/load-app,benchmarks/load-app-cello,benchmarks/otlp-sink -am
exec python3 benchmarks/soak/soak.py "$@"
