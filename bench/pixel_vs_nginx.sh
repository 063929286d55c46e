#!/usr/bin/env bash
# Pixel server throughput: the collector (default pipeline into the local file sink) against
# nginx (empty_gif with an access log, one worker), both pinned to core 0, wrk pinned to core 1,
# the same realistic beacon request, alternating A/B rounds. Prints the median req/s of each,
# their ratio and p99 latencies, and checks that the collector wrote one record per completed
# request. /metrics is scraped every SCRAPE_INTERVAL seconds (default 1, far more often than a
# Prometheus would) during the collector's load, so its cost is in the measurement; the last
# scrape's request-duration histogram must count every completed request.
# Usage: bench/pixel_vs_nginx.sh [rounds] [seconds]   (defaults 5 and 10)
set -euo pipefail

rounds=${1:-5}
seconds=${2:-10}
scrape_interval=${SCRAPE_INTERVAL:-1}
top=$(cd "$(dirname "$0")/.." && pwd)
binary=${DIVOLTE_BIN:-$top/build/release/src/divolte-collector}
[[ -x $binary ]] || { echo "build first: make build ($binary missing)" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "run scripts/bootstrap" >&2; exit 1; }
(($(nproc) >= 2)) || { echo "needs two cores" >&2; exit 1; }

work=$(mktemp -d /tmp/divolte-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
query=$(/usr/bin/python3 "$top/bench/make_request.py")
user_agent='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
referer='https://shop.example.com/garden/chairs?page=2'
cookies='_dvp=0:lb7k2xqe:Wn3pQ8vYk2ZtR5mH9cLd1sFa7GjB4eXu; _dvs=0:lb7k2xqf:Hq6Tz1Nw8Kc3Vb5Mx2Ry9Lp4Sd7Gf0Ja'

source "$top/bench/lib.sh"

# Runs wrk against $1 (URL) and prints "<req/s> <p99 ms> <completed> <non2xx>".
run_wrk() {
  local out
  out=$(taskset -c 1 wrk -t1 -c64 -d"${seconds}s" --latency -H "User-Agent: $user_agent" \
        -H "Referer: $referer" -H "Cookie: $cookies" "$1")
  local rps p99 completed non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  completed=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  echo "$rps $p99 $completed ${non2xx:-0}"
}

collector_round() {
  local dir=$work/collector-$1 port
  mkdir -p "$dir/working" "$dir/published"
  port=$(free_port)
  cat >"$dir/collector.conf" <<CONF
divolte {
  global.server { host = 127.0.0.1, port = $port }
  sinks.hdfs {
    type = hdfs
    file_strategy { working_dir = "$dir/working", publish_dir = "$dir/published" }
  }
}
CONF
  taskset -c 0 "$binary" --config "$dir/collector.conf" >"$dir/log" 2>&1 &
  local pid=$!
  wait_for_port "$port"
  # Scraped like Prometheus would, from core 1, while the load runs.
  (while sleep "$scrape_interval"; do
     taskset -c 1 curl -s -o "$dir/metrics" "http://127.0.0.1:$port/metrics" || true
   done) &
  local scraper=$!
  local result
  result=$(run_wrk "http://127.0.0.1:$port/csc-event?$query")
  kill "$scraper"
  wait "$scraper" 2>/dev/null || true
  taskset -c 1 curl -s -o "$dir/metrics" "http://127.0.0.1:$port/metrics"
  local timed
  timed=$(awk '/^divolte_http_request_duration_seconds_count\{route="event"\}/ {print $2}' "$dir/metrics")
  kill -TERM "$pid"
  wait "$pid"
  local records
  records=$(/usr/bin/python3 "$top/bench/count_avro_records.py" "$dir"/published/*.avro)
  echo "$result $records ${timed:-0}"
  rm -rf "$dir"
}

nginx_round() {
  local dir=$work/nginx-$1 port
  mkdir -p "$dir"
  port=$(free_port)
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 1024; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location = /csc-event { empty_gif; }
  }
}
CONF
  taskset -c 0 nginx -c "$dir/nginx.conf" -p "$dir" &
  local pid=$!
  wait_for_port "$port"
  run_wrk "http://127.0.0.1:$port/csc-event?$query"
  kill -QUIT "$pid"
  wait "$pid" || true
  rm -rf "$dir"
}


collector_rps=() nginx_rps=() collector_p99=() nginx_p99=()
records_ok=true
for round in $(seq 1 "$rounds"); do
  read -r rps p99 completed non2xx records timed < <(collector_round "$round")
  collector_rps+=("$rps"); collector_p99+=("$p99")
  # wrk stops counting at the deadline: up to one request per connection may be answered
  # (and recorded) without being counted as completed.
  status=ok
  if ((non2xx != 0 || records < completed || records > completed + 64)); then
    status=MISMATCH; records_ok=false
  fi
  timed=${timed%.*}
  if ((timed < completed || timed > completed + 64)); then
    status="$status, METRICS MISMATCH"; records_ok=false
  fi
  echo "round $round collector: $rps req/s, p99 $p99 ms, completed $completed, records $records, timed by /metrics $timed ($status)"
  read -r rps p99 completed non2xx < <(nginx_round "$round")
  nginx_rps+=("$rps"); nginx_p99+=("$p99")
  echo "round $round nginx:     $rps req/s, p99 $p99 ms, completed $completed"
done

c_median=$(printf '%s\n' "${collector_rps[@]}" | median)
n_median=$(printf '%s\n' "${nginx_rps[@]}" | median)
c_p99=$(printf '%s\n' "${collector_p99[@]}" | median)
n_p99=$(printf '%s\n' "${nginx_p99[@]}" | median)
ratio=$(awk -v c="$c_median" -v n="$n_median" 'BEGIN {printf "%.3f", c / n}')
echo
echo "collector median: $c_median req/s, p99 $c_p99 ms"
echo "nginx median:     $n_median req/s, p99 $n_p99 ms"
echo "ratio collector/nginx: $ratio"
echo "records match completed requests: $records_ok"
$records_ok
