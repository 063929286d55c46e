#!/usr/bin/env bash
# Soak: the collector (browser and JSON sources, default mapping, local file sink) under a
# realistic mix of requests (bench/soak_mix.py: page views, custom events, re-sent beacons, app
# JSON events, tag fetches, pings) at half of the maximum rate measured first with the same mix,
# for SOAK_SECONDS (default 600) after a warm-up of WARMUP_SECONDS (default 60). Collector on core
# 0, wrk on core 1. Prints the resident memory after the warm-up, every minute and at the end
# (goal: growth under 5% after warm-up), and every error count (goal: zero): wrk's socket errors
# and non-2xx answers, and the drop, rejection, failure and pending counters of /metrics.
# Usage: bench/soak.sh [seconds]
set -euo pipefail

seconds=${1:-${SOAK_SECONDS:-600}}
warmup=${WARMUP_SECONDS:-60}
connections=64
top=$(cd "$(dirname "$0")/.." && pwd)
binary=${DIVOLTE_BIN:-$top/build/release/src/divolte-collector}
[[ -x $binary ]] || { echo "build first: make build ($binary missing)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "run scripts/bootstrap" >&2; exit 1; }
source "$top/bench/lib.sh"

work=$(mktemp -d /tmp/divolte-soak.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/working" "$work/published"
(cd "$top/bench" && /usr/bin/python3 soak_mix.py 200000 >"$work/mix.tsv")
port=$(free_port)
cat >"$work/collector.conf" <<CONF
divolte {
  global.server { host = 127.0.0.1, port = $port }
  sources {
    browser { type = browser }
    json { type = json, event_path = /json }
  }
  mappings.default { sources = [browser, json], sinks = [files] }
  sinks.files {
    type = hdfs
    file_strategy {
      working_dir = "$work/working", publish_dir = "$work/published", roll_every = 1 minute
    }
  }
}
CONF
taskset -c 0 "$binary" --config "$work/collector.conf" >"$work/log" 2>&1 &
pid=$!
wait_for_port "$port"

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
metric_sum() {  # the sum of every sample of metric $1 whose labels match the regex $2
  curl -s "http://127.0.0.1:$port/metrics" |
    awk -v name="$1" -v labels="${2:-}" '$1 ~ "^"name"({|$)" && $1 ~ labels {sum += $2} END {printf "%d\n", sum}'
}

# wrk with the mix at SOAK_RATE requests/s (0: as fast as it can); prints its summary.
run_mix() {
  SOAK_MIX=$work/mix.tsv SOAK_RATE=$1 SOAK_CONNECTIONS=$connections \
    taskset -c 1 wrk -t1 -c"$connections" -d"${2}s" -s "$top/bench/soak_mix.lua" \
    "http://127.0.0.1:$port"
}

echo "measuring the maximum rate with the mix (10 s)..."
max=$(run_mix 1000000000 10 | awk '/^Requests\/sec:/ {printf "%d", $2}')
rate=$((max / 2))
# wrk waits delay() after each answer, so the achieved rate falls short of the paced one: one
# 10 s calibration at the target, then the pacing is scaled by how far it fell short.
achieved=$(run_mix "$rate" 10 | awk '/^Requests\/sec:/ {printf "%d", $2}')
paced=$((rate * rate / achieved))
echo "maximum $max req/s; target $rate req/s (paced at $paced after a calibration that gave $achieved); ${warmup} s warm-up + ${seconds} s"

run_mix "$paced" "$((warmup + seconds))" >"$work/wrk.out" &
load=$!
sleep "$warmup"
rss_start=$(rss_kib)
echo "after warm-up: resident $((rss_start / 1024)) MiB"
elapsed=0
while ((elapsed < seconds)); do
  step=$((seconds - elapsed < 60 ? seconds - elapsed : 60))
  sleep "$step"
  elapsed=$((elapsed + step))
  echo "t+${elapsed}s: resident $(($(rss_kib) / 1024)) MiB"
done
wait "$load"
rss_end=$(rss_kib)
cat "$work/wrk.out"

growth=$(awk -v a="$rss_start" -v b="$rss_end" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
errors=$(awk '/Socket errors/ {n = 0; for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n}' "$work/wrk.out")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.out")
dropped=$(metric_sum divolte_events_dropped_total)
rejected=$(metric_sum divolte_events_rejected_total)
sink_dropped=$(metric_sum divolte_sink_dropped_total)
failures=$(( $(metric_sum divolte_mapping_failures_total) + $(metric_sum divolte_sink_failures_total) ))
received=$(metric_sum divolte_events_received_total)
kill -TERM "$pid"
wait "$pid" || true
lost=$(grep -c "Shutdown lost" "$work/log" || true)
records=$(/usr/bin/python3 "$top/bench/count_avro_records.py" "$work"/published/*.avro)

echo
soak_rate=$(awk '/^Requests\/sec:/ {printf "%d", $2}' "$work/wrk.out")
echo "rate: $soak_rate req/s achieved (target $rate, half of the maximum $max) for $seconds s after a $warmup s warm-up"
echo "resident memory: $((rss_start / 1024)) MiB after warm-up, $((rss_end / 1024)) MiB at the end: growth $growth% (goal < 5%)"
echo "errors: wrk socket ${errors:-0}, non-2xx ${non2xx:-0}; events dropped $dropped, rejected $rejected; sink dropped $sink_dropped; failures $failures; shutdown losses $lost (goal: all 0)"
echo "events received $received, records published $records"
ok=true
awk -v g="$growth" 'BEGIN {exit !(g < 5)}' || ok=false
((${errors:-0} + ${non2xx:-0} + dropped + rejected + sink_dropped + failures + lost == 0)) || ok=false
((records == received)) || ok=false
echo "soak goals met: $ok"
$ok
