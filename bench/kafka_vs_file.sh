#!/usr/bin/env bash
# Kafka sink throughput against the local file sink (issue 7, point 4). The collector (browser
# source, default mapping with user-agent fields) is pinned to core 0; wrk and librdkafka's mock
# cluster (3 brokers, topic of 6 partitions, tests/testutil/kafka_mock_cluster) to core 1. Rounds
# alternate a file-sink run and a Kafka run, each with a fresh collector. After each Kafka run the
# script waits until every enqueued record is acknowledged, checks that every answered request was
# delivered, and reads the delivery-latency histogram (arrival to acknowledgement). A last pair of
# Kafka runs with one connection (below saturation) gives the latency of an unloaded pipeline.
# Prints the medians, the ratio Kafka/file (goal at least 0.7) and p50/p99 latencies.
# Usage: bench/kafka_vs_file.sh [rounds] [seconds]   (defaults 5 and 10)
set -euo pipefail

rounds=${1:-5}
seconds=${2:-10}
top=$(cd "$(dirname "$0")/.." && pwd)
binary=${DIVOLTE_BIN:-$top/build/release/src/divolte-collector}
mock=${DIVOLTE_KAFKA_MOCK_BIN:-$top/build/release/tests/kafka_mock_cluster}
[[ -x $binary && -x $mock ]] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "run scripts/bootstrap" >&2; exit 1; }
(($(nproc) >= 2)) || { echo "needs two cores" >&2; exit 1; }

work=$(mktemp -d /tmp/divolte-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
query=$(/usr/bin/python3 "$top/bench/make_request.py")
user_agent='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'

source "$top/bench/lib.sh"

# Runs wrk with $1 connections; prints "<req/s> <completed> <non2xx>".
run_wrk() {
  local out
  out=$(taskset -c 1 wrk -t1 -c"$1" -d"${seconds}s" -H "User-Agent: $user_agent" \
        "http://127.0.0.1:$port/csc-event?$query")
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") $(awk '/requests in/ {print $1}' <<<"$out") $(awk '/Non-2xx/ {print $NF}' <<<"$out" | grep . || echo 0)"
}

# Starts the mock cluster on core 1; sets `bootstrap`. Its stdin stays open on fd 7.
start_cluster() {
  exec 7> >(taskset -c 1 "$mock" --brokers 3 --topic divolte:6 >"$work/mock.out" 2>&1)
  for _ in $(seq 1 200); do
    bootstrap=$(awk '/^BOOTSTRAP/ {print $2}' "$work/mock.out" 2>/dev/null || true)
    [[ -n $bootstrap ]] && return 0
    sleep 0.05
  done
  echo "the mock cluster did not start" >&2; return 1
}
stop_cluster() { echo quit >&7; exec 7>&-; rm -f "$work/mock.out"; }

start_collector() {  # <dir name> <sink block>
  dir=$work/$1
  mkdir -p "$dir/working" "$dir/published"
  port=$(free_port)
  cat >"$dir/collector.conf" <<CONF
divolte {
  global.server { host = 127.0.0.1, port = $port }
  global.kafka { enabled = true, producer { bootstrap.servers = "${bootstrap:-none}"${KAFKA_EXTRA:+, $KAFKA_EXTRA} } }
  mappings.default { sources = [browser], sinks = [out] }
  sinks.out { $2 }
}
CONF
  taskset -c 0 "$binary" --config "$dir/collector.conf" >"$dir/log" 2>&1 &
  pid=$!
  wait_for_port "$port"
}
stop_collector() { kill -TERM "$pid"; wait "$pid"; }

kafka_sink="type = kafka, topic = divolte"

# A Kafka run with $1 connections; sets rps, completed, non2xx, delivered, p50, p99 and
# delivery_rate (records acknowledged per second, from the start of the load until the last one).
kafka_run() {
  start_cluster
  start_collector "kafka-$2" "$kafka_sink"
  local started
  started=$(date +%s.%N)
  read -r rps completed non2xx < <(run_wrk "$1")
  local enqueued
  for _ in $(seq 1 1200); do  # every enqueued record acknowledged (up to 120 s)
    read -r enqueued delivered p50 p99 < <(/usr/bin/python3 "$top/bench/sink_metrics.py" "$port" out)
    ((enqueued > 0 && delivered >= enqueued)) && break
    sleep 0.1
  done
  if ((delivered < enqueued)); then
    echo "kafka run $2: only $delivered of $enqueued records acknowledged after 120 s" >&2
    ok=false
  fi
  delivery_rate=$(awk -v d="$delivered" -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.0f", d / (e - s)}')
  stop_collector
  stop_cluster
}

file_rps=() kafka_rps=() p50s=() p99s=() delivery_rates=() ok=true
# Every answered request delivered: wrk stops counting at its deadline, so up to one request per
# connection ($1) may be answered (and delivered) without being counted.
# Sets `status`.
check() {
  status=ok
  if ((non2xx != 0 || delivered < completed || delivered > completed + $1)); then
    status=MISMATCH
    ok=false
  fi
}
for round in $(seq 1 "$rounds"); do
  start_collector "file-$round" "type = hdfs, file_strategy { working_dir = \"$work/file-$round/working\", publish_dir = \"$work/file-$round/published\" }"
  read -r rps completed non2xx < <(run_wrk 64)
  stop_collector
  records=$(/usr/bin/python3 "$top/bench/count_avro_records.py" "$dir"/published/*.avro)
  rm -rf "$dir"
  file_rps+=("$rps")
  echo "round $round file:  $rps req/s, completed $completed, records $records"
  kafka_run 64 "$round"
  check 64
  kafka_rps+=("$rps") p50s+=("$p50") p99s+=("$p99")
  delivery_rates+=("$delivery_rate")
  echo "round $round kafka: $rps req/s, completed $completed, delivered $delivered ($status) at $delivery_rate/s sustained, latency p50 $p50 ms p99 $p99 ms"
done
kafka_run 1 light
check 1
echo "one connection, kafka: $rps req/s, completed $completed, delivered $delivered ($status), latency p50 $p50 ms p99 $p99 ms"

f_median=$(printf '%s\n' "${file_rps[@]}" | median)
k_median=$(printf '%s\n' "${kafka_rps[@]}" | median)
echo
echo "file sink median:  $f_median req/s"
echo "kafka sink median: $k_median req/s (latency under saturation: p50 $(printf '%s\n' "${p50s[@]}" | median) ms, p99 $(printf '%s\n' "${p99s[@]}" | median) ms)"
echo "kafka sustained delivery median: $(printf '%s\n' "${delivery_rates[@]}" | median) records/s (the queues absorb the difference)"
echo "ratio kafka/file: $(awk -v k="$k_median" -v f="$f_median" 'BEGIN {printf "%.3f", k / f}')"
echo "every answered request delivered to Kafka: $($ok && echo yes || echo NO)"
$ok
