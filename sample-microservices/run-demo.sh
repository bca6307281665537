#!/usr/bin/env bash
# Runs the demo without Docker: Zipkin (its server jar from Maven Central), an Apache Kafka
# broker (KRaft, single node, its jars from Maven Central), Prometheus (the Debian package,
# installed when missing) and the three services, exporting traces to Zipkin, order-service
# publishing order-confirmed events that user-service consumes, Prometheus scraping all
# three; sends some traffic and says where to look. Ctrl-C stops all.
#
#   sample-microservices/run-demo.sh            run until Ctrl-C
#   sample-microservices/run-demo.sh --smoke    run, check the traces through Zipkin's API and
#                                               the metrics through Prometheus' API, stop
#
# Ports: ZIPKIN_PORT (9411), API_GATEWAY_PORT (8081), ORDER_SERVICE_PORT (8082), USER_SERVICE_PORT (8083);
# KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093) and PROMETHEUS_PORT (9090), each taken when free,
# else any free port.
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

stop_all() { # the services first, then what they use: the last started, the first stopped
  local i pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[$i]}
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT
trap 'log "stopping"; exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The port asked for, else the default when free, else one the kernel picks (not among $2..).
pick_port() { # asked default taken...
  local asked=$1 default=$2; shift 2
  if [ -n "$asked" ]; then echo "$asked"; return; fi
  if port_free "$default" && [[ " $* " != *" $default "* ]]; then echo "$default"; return; fi
  python3 - "$@" <<'PY'
import socket, sys
while True:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    if str(port) not in sys.argv[1:]:
        print(port)
        break
PY
}

mkdir -p "$work"

# Before the ports are picked: the package may start a Prometheus service on 9090.
if ! command -v prometheus >/dev/null 2>&1; then
  log "installing Prometheus (Debian package 'prometheus'; the demo runs the binary, not the service)"
  command -v apt-get >/dev/null 2>&1 || fail "no prometheus on the PATH and no apt-get to install it"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus; } >"$work/prometheus-install.log" 2>&1 \
    || fail "could not install Prometheus (log: $work/prometheus-install.log)"
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
fi

taken=("$zipkin_port" "$gateway_port" "$order_port" "$user_port")
kafka_port=$(pick_port "${KAFKA_PORT:-}" 9092 "${taken[@]}")
taken+=("$kafka_port")
controller_port=$(pick_port "${KAFKA_CONTROLLER_PORT:-}" 9093 "${taken[@]}")
taken+=("$controller_port")
prometheus_port=$(pick_port "${PROMETHEUS_PORT:-}" 9090 "${taken[@]}")
taken+=("$prometheus_port")

[ "$(printf '%s\n' "${taken[@]}" | sort -u | wc -l)" -eq "${#taken[@]}" ] || fail "two of the ports are the same: ${taken[*]}"
for port in "${taken[@]}"; do
  port_free "$port" || fail "port $port on 127.0.0.1 is taken; set ZIPKIN_PORT, API_GATEWAY_PORT, ORDER_SERVICE_PORT, USER_SERVICE_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT or PROMETHEUS_PORT to free ports"
done

log "building the starter and the services"
(cd "$root" && ./mvnw -B -q install -DskipTests) || fail "build failed"

zipkin_jar="$work/zipkin-server-$zipkin_version-exec.jar"
if [ ! -f "$zipkin_jar" ]; then
  log "fetching Zipkin's server $zipkin_version from Maven Central"
  (cd "$root" && ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="io.zipkin:zipkin-server:$zipkin_version:jar:exec" -DoutputDirectory="$work" -Dmdep.overWriteIfNewer=true) \
    || fail "could not fetch io.zipkin:zipkin-server:$zipkin_version:exec"
fi

# The broker's classpath: kafka-broker/pom.xml, resolved from Maven Central (cached after the first run).
kafka_classpath="$work/kafka-classpath.txt"
if [ ! -s "$kafka_classpath" ] || [ "$here/kafka-broker/pom.xml" -nt "$kafka_classpath" ]; then
  log "resolving Apache Kafka's broker from Maven Central"
  (cd "$root" && ./mvnw -B -q -f "$here/kafka-broker/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$kafka_classpath") || fail "could not resolve the Kafka broker (sample-microservices/kafka-broker/pom.xml)"
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

wait_for_log() { # name pattern seconds
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$work/$1.log" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || fail "$1 did not log '$2' (log: $work/$1.log)"
    sleep 1
  done
}

log "starting Zipkin on 127.0.0.1:$zipkin_port"
start zipkin java -Xmx512m -jar "$zipkin_jar" --server.address=127.0.0.1 --server.port="$zipkin_port" --logging.level.root=WARN

# Kafka in KRaft mode, one process as broker and controller, a fresh log directory each run.
kafka_dir="$work/kafka"
rm -rf "$kafka_dir" && mkdir -p "$kafka_dir"
cat > "$kafka_dir/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$kafka_dir/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES
kafka_java=(java -Xmx512m -Dlog4j2.configurationFile="$here/kafka-broker/log4j2.properties" -cp "$(cat "$kafka_classpath")")
cluster_id=$("${kafka_java[@]}" kafka.tools.StorageTool random-uuid 2>>"$work/kafka-format.log") \
  || fail "could not make a Kafka cluster ID (log: $work/kafka-format.log)"
"${kafka_java[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$kafka_dir/server.properties" >>"$work/kafka-format.log" 2>&1 \
  || fail "could not format Kafka's log directory (log: $work/kafka-format.log)"
log "starting Kafka (KRaft, broker and controller) on 127.0.0.1:$kafka_port, controller on $controller_port"
start kafka "${kafka_java[@]}" kafka.Kafka "$kafka_dir/server.properties"

# Prometheus: its own configuration and storage, exemplars kept (they come with OpenMetrics scrapes).
prometheus_dir="$work/prometheus"
rm -rf "$prometheus_dir" && mkdir -p "$prometheus_dir"
{
  printf 'global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\n\nscrape_configs:\n'
  for job in "api-gateway:$gateway_port" "order-service:$order_port" "user-service:$user_port"; do
    printf '  - job_name: %s\n    metrics_path: /actuator/prometheus\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' "${job%%:*}" "${job#*:}"
  done
} > "$prometheus_dir/prometheus.yml"
log "starting Prometheus on 127.0.0.1:$prometheus_port"
start prometheus prometheus --config.file="$prometheus_dir/prometheus.yml" --storage.tsdb.path="$prometheus_dir/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" --enable-feature=exemplar-storage --log.level=warn

wait_for zipkin "http://127.0.0.1:$zipkin_port/health" 120
wait_for_log kafka "Kafka Server started" 120
wait_for prometheus "http://127.0.0.1:$prometheus_port/-/ready" 60

# Exemplars on the histogram buckets only: Prometheus before 2.43 (Debian 12 ships 2.42) rejects a
# whole OpenMetrics scrape that has an exemplar on a _count series, which Micrometer adds by default.
common=(-Xmx256m -Dserver.address=127.0.0.1 -Dcello.telemetry.exporter=zipkin
  -Dcello.telemetry.zipkin-endpoint="http://127.0.0.1:$zipkin_port/api/v2/spans" -Dcello.telemetry.schedule-delay=500ms
  -Dspring.kafka.bootstrap-servers="127.0.0.1:$kafka_port")
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
  log "checking that order-service published the order-confirmed events and user-service recorded them"
  wait_for_log order-service "order 1 confirmed: published to order-confirmed" 30
  wait_for_log user-service "order 1 confirmed: recorded in confirmed_orders" 60
  ! grep -q "order 13 confirmed" "$work/order-service.log" || fail "the declined order 13 published an order-confirmed event"
  log "checking the traces through Zipkin's API"
  sleep 3
  python3 "$here/check-demo-traces.py" "http://127.0.0.1:$zipkin_port" || fail "the traces in Zipkin fall short (see above)"
  log "checking the scrapes and exemplars through Prometheus' API"
  python3 "$here/check-demo-metrics.py" "http://127.0.0.1:$prometheus_port" "http://127.0.0.1:$zipkin_port" \
    || fail "the metrics in Prometheus fall short (see above)"
  log "smoke check passed"
  exit 0
fi

cat <<INFO

  The demo is running.
    Zipkin UI:    http://127.0.0.1:$zipkin_port/zipkin/  (pick api-gateway, "Run Query")
    Prometheus:   http://127.0.0.1:$prometheus_port/  (e.g. http_server_requests_seconds_count; exemplars on)
    Kafka:        127.0.0.1:$kafka_port, topic order-confirmed (order-service -> user-service)
    Try:          curl -H 'X-Request-ID: my-1' $gateway/api/orders/1
    Error path:   curl $gateway/api/orders/13
    Slow path:    curl $gateway/api/orders/99
    Metrics:      http://127.0.0.1:$gateway_port/actuator/prometheus
    Logs:         $work/*.log

  Ctrl-C stops everything.
INFO
wait
