#!/usr/bin/env bash
# The load benchmark in one command: builds the application variants, the OTLP sink and the
# Java agent copy, installs wrk if it is missing, then runs benchmarks/load/loadbench.py.
#
#   benchmarks/run-load.sh            the full run (about 35 minutes on 2 cores), a markdown table
#   benchmarks/run-load.sh --quick    a smoke run: every variant starts, serves and exports
#   benchmarks/run-load.sh --paired 20   all variants live, measured in 20 cycles of short paced
#                                        phases in random order, with bootstrap intervals
#
# Other options (--rounds N, --only cello,boot) are passed to loadbench.py; see --help.
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/load/require-wrk.sh

./mvnw -B -q -Pbenchmarks -DskipTests package \
  -pl benchmarks/load-app,benchmarks/load-app-cello,benchmarks/load-app-boot,benchmarks/load-app-boot-full,benchmarks/otlp-sink -am
exec python3 benchmarks/load/loadbench.py "$@"
