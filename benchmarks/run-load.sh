#!/usr/bin/env bash
# The load benchmark in one command: builds the application variants, the OTLP sink and the
# Java agent copy, installs wrk if it is missing, then runs benchmarks/load/loadbench.py.
#
#   benchmarks/run-load.sh               the measured run (about 40 minutes on 2 cores): all variants
#                                        live, 20 cycles of short phases at one offered rate in a new
#                                        random order, a markdown table with bootstrap intervals
#   benchmarks/run-load.sh --quick       a smoke run: every variant starts, serves and exports
#   benchmarks/run-load.sh --sequential  rounds of one variant after another, with saturated phases
#                                        (throughput and dropped spans)
#   benchmarks/run-load.sh --only cello,cello-noexport --paired 0 --profile 30
#                                        a differential CPU profile against untraced (async-profiler)
#
# Other options (--paired N, --rounds N, --max-warmup S, --extra) are passed to loadbench.py; see --help.
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/load/require-wrk.sh

./mvnw -B -q -Pbenchmarks -DskipTests package \
  -pl benchmarks/load-app,benchmarks/load-app-cello,benchmarks/load-app-boot,benchmarks/load-app-boot-full,benchmarks/otlp-sink -am
# The analysis first (pairing, bootstrap, ratios, profile differences), on numbers with a known answer.
python3 -m unittest discover -s benchmarks/load
exec python3 benchmarks/load/loadbench.py "$@"
