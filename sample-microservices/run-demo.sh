#!/usr/bin/env bash
# Runs the demo without Docker: Zipkin (its server jar from Maven Central) and the three
# services, exporting to it; sends some traffic and says where to look. Ctrl-C stops all.
#
#   sample-microservices/run-demo.sh            run until Ctrl-C
#   sample-microservices/run-demo.sh --smoke    run, check the traces through Zipkin's API, stop
#
# Ports: ZIPKIN_PORT (9411), API_GATEWAY_PORT (8081), ORDER_SERVICE_PORT (8082), USER_SERVICE_PORT (8083).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
mode=${1:-run}
zipkin_version=3.5.1
zipkin_port=${ZIPKIN_PORT:-9411}
gateway_port=${API_GATEWAY_PORT:-8081}
order_port=${ORDER_SERVICE_PORT:-8082}
user_port=${USER_SERVICE_PORT:-8083}
work="$here/target/demo"
pids=()

log() { printf '[demo] %s\n' "$*"; }
fail() { printf '[demo] FAILED: %s\n' "$*" >&2; exit 1; }

stop_all() {
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT
trap 'log "stopping"; exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for port in "$zipkin_port" "$gateway_port" "$order_port" "$user_port"; do
  port_free "$port" || fail "port $port on 127.0.0.1 is taken; set ZIPKIN_PORT, API_GATEWAY_PORT, ORDER_SERVICE_PORT or USER_SERVICE_PORT to free ports"
done

mkdir -p "$work"
log "building the starter and the services"
(cd "$root" && ./mvnw -B -q install -DskipTests) || fail "build failed"

zipkin_jar="$work/zipkin-server-$zipkin_version-exec.jar"
if [ ! -f "$zipkin_jar" ]; then
  log "fetching Zipkin's server $zipkin_version from Maven Central"
  (cd "$root" && ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="io.zipkin:zipkin-server:$zipkin_version:jar:exec" -DoutputDirectory="$work" -Dmdep.overWriteIfNewer=true) \
    || fail "could not fetch io.zipkin:zipkin-server:$zipkin_version:exec"
fi

wait_for() { # name url seconds
  local deadline=$((SECONDS + $3))
  until curl -fsS -o /dev/null "$2" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || fail "$1 did not come up at $2 (log: $work/$1.log)"
    sleep 1
  done
}

start() { # name command...
  local name=$1; shift
  "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
}

log "starting Zipkin on 127.0.0.1:$zipkin_port"
start zipkin java -Xmx512m -jar "$zipkin_jar" --server.address=127.0.0.1 --server.port="$zipkin_port" --logging.level.root=WARN
wait_for zipkin "http://127.0.0.1:$zipkin_port/health" 120

common=(-Xmx256m -Dserver.address=127.0.0.1 -Dcello.telemetry.exporter=zipkin
  -Dcello.telemetry.zipkin-endpoint="http://127.0.0.1:$zipkin_port/api/v2/spans" -Dcello.telemetry.schedule-delay=500ms)
service_jar() { echo "$here/$1/target/$1-0.1.0-SNAPSHOT-exec.jar"; }

log "starting user-service on $user_port, order-service on $order_port, api-gateway on $gateway_port"
start user-service java "${common[@]}" -Dserver.port="$user_port" -jar "$(service_jar user-service)"
start order-service java "${common[@]}" -Dserver.port="$order_port" -Ddemo.user-service-url="http://127.0.0.1:$user_port" -jar "$(service_jar order-service)"
start api-gateway java "${common[@]}" -Dserver.port="$gateway_port" -Ddemo.order-service-url="http://127.0.0.1:$order_port" -jar "$(service_jar api-gateway)"
wait_for user-service "http://127.0.0.1:$user_port/actuator/health" 120
wait_for order-service "http://127.0.0.1:$order_port/actuator/health" 120
wait_for api-gateway "http://127.0.0.1:$gateway_port/actuator/health" 120

gateway="http://127.0.0.1:$gateway_port"
log "sending traffic: orders 1-5, the declined order 13 and the slow order 99"
for id in 1 2 3 4 5 13 99; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Request-ID: demo-$id" "$gateway/api/orders/$id")
  log "GET /api/orders/$id -> $code"
done

if [ "$mode" = "--smoke" ]; then
  log "checking the traces through Zipkin's API"
  sleep 3
  python3 "$here/check-demo-traces.py" "http://127.0.0.1:$zipkin_port" || fail "the traces in Zipkin fall short (see above)"
  log "smoke check passed"
  exit 0
fi

cat <<INFO

  The demo is running.
    Zipkin UI:    http://127.0.0.1:$zipkin_port/zipkin/  (pick api-gateway, "Run Query")
    Try:          curl -H 'X-Request-ID: my-1' $gateway/api/orders/1
    Error path:   curl $gateway/api/orders/13
    Slow path:    curl $gateway/api/orders/99
    Metrics:      http://127.0.0.1:$gateway_port/actuator/prometheus
    Logs:         $work/*.log

  Ctrl-C stops everything.
INFO
wait
