#!/usr/bin/env bash
# JSON source throughput against the browser pixel (issue 5, point 5): one collector with a
# browser source and a JSON source, both into the local file sink, pinned to core 0; wrk pinned to
# core 1 sends either the realistic beacon (GET) or a realistic 400-byte JSON event (POST),
# alternating rounds (a fresh collector per run) so both see the same machine. Prints the
# median req/s of each, their ratio (goal: JSON at least 0.7 of the pixel), and checks that the
# collector wrote one record per answered request. Usage: bench/json_vs_pixel.sh [rounds] [seconds]
set -euo pipefail

rounds=${1:-5}
seconds=${2:-10}
top=$(cd "$(dirname "$0")/.." && pwd)
binary=${DIVOLTE_BIN:-$top/build/release/src/divolte-collector}
[[ -x $binary ]] || { echo "build first: make build ($binary missing)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "run scripts/bootstrap" >&2; exit 1; }
(($(nproc) >= 2)) || { echo "needs two cores" >&2; exit 1; }

work=$(mktemp -d /tmp/divolte-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
query=$(/usr/bin/python3 "$top/bench/make_request.py")
user_agent='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
party='0:lb7k2xqe:Wn3pQ8vYk2ZtR5mH9cLd1sFa7GjB4eXu'

# A realistic app event: 400 bytes of JSON.
body=$(/usr/bin/python3 - <<'PY'
import json
event = {"session_id": "0:lb7k2xqf:Hq6Tz1Nw8Kc3Vb5Mx2Ry9Lp4Sd7Gf0Ja",
         "event_id": "Pc4Lx8Wq2Zn6Tb1Ym5Rv9Kd3Hs7Fg0Je0", "is_new_party": False,
         "is_new_session": False, "client_timestamp_iso": "2026-11-21T10:15:30.123+01:00",
         "event_type": "addToCart",
         "parameters": {"sku": "GARDEN-CHAIR-0042", "quantity": 2, "price": 59.9,
                        "currency": "EUR",
                        "campaign": {"source": "newsletter", "medium": "email"}}}
text = json.dumps(event, separators=(",", ":"))
text = text[:-1] + ',"pad":"' + "x" * (400 - len(text) - 9) + '"}'
assert len(text) == 400, len(text)
print(text)
PY
)
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
LUA

source "$top/bench/lib.sh"

# Runs wrk with the extra arguments; prints "<req/s> <completed> <non2xx>".
run_wrk() {
  local out
  out=$(taskset -c 1 wrk -t1 -c64 -d"${seconds}s" -H "User-Agent: $user_agent" "$@")
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") $(awk '/requests in/ {print $1}' <<<"$out") $(awk '/Non-2xx/ {print $NF}' <<<"$out" | grep . || echo 0)"
}

# One collector per run, so that every run starts with empty queues: a run measures the request
# path and the pipeline together, and every answered request must be a record.
start_collector() {
  dir=$work/collector-$1
  mkdir -p "$dir/working" "$dir/published"
  port=$(free_port)
  cat >"$dir/collector.conf" <<CONF
divolte {
  global.server { host = 127.0.0.1, port = $port }
  sources {
    browser { type = browser }
    app { type = json, event_path = /json }
  }
  mappings.default { sources = [browser, app], sinks = [hdfs] }
  sinks.hdfs {
    type = hdfs
    file_strategy { working_dir = "$dir/working", publish_dir = "$dir/published" }
  }
}
CONF
  taskset -c 0 "$binary" --config "$dir/collector.conf" >"$dir/log" 2>&1 &
  pid=$!
  wait_for_port "$port"
}

# Stops the collector; sets `records` to the number of records it wrote.
stop_collector() {
  kill -TERM "$pid"
  wait "$pid"
  records=$(/usr/bin/python3 "$top/bench/count_avro_records.py" "$dir"/published/*.avro)
  rm -rf "$dir"
}

pixel_rps=() json_rps=() ok=true
# wrk stops counting at the deadline: up to one request per connection may be answered (and
# recorded) without being counted.
check() {  # kind completed non2xx records
  local status=ok
  if (($3 != 0 || $4 < $2 || $4 > $2 + 64)); then status=MISMATCH; ok=false; fi
  echo "$status"
}
for round in $(seq 1 "$rounds"); do
  start_collector "pixel-$round"
  read -r rps completed non2xx < <(run_wrk "http://127.0.0.1:$port/csc-event?$query")
  stop_collector
  pixel_rps+=("$rps")
  echo "round $round pixel: $rps req/s, completed $completed, non-2xx $non2xx, records $records ($(check pixel "$completed" "$non2xx" "$records"))"
  start_collector "json-$round"
  read -r rps completed non2xx < <(run_wrk -s "$work/post.lua" "http://127.0.0.1:$port/json?p=$party")
  stop_collector
  json_rps+=("$rps")
  echo "round $round json:  $rps req/s, completed $completed, non-2xx $non2xx, records $records ($(check json "$completed" "$non2xx" "$records"))"
done

p_median=$(printf '%s\n' "${pixel_rps[@]}" | median)
j_median=$(printf '%s\n' "${json_rps[@]}" | median)
ratio=$(awk -v j="$j_median" -v p="$p_median" 'BEGIN {printf "%.3f", j / p}')
echo
echo "pixel median: $p_median req/s"
echo "json median:  $j_median req/s (400-byte body)"
echo "ratio json/pixel: $ratio"
echo "every answered request is a record, no non-2xx: $($ok && echo yes || echo NO)"
$ok
