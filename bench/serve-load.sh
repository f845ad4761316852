#!/usr/bin/env bash
# Load test of the HTTP API, on loopback only: CLIENTS concurrent connections POST the 28
# Wikinews articles round-robin to /api/code (text/plain, ?published=DATE) for SECONDS, with
# wrk (bench/serve-load.lua); then the same load again while 2 more connections GET
# /api/events?actor=USA, measured apart. Prints requests/s, articles/s, MB/s of text, latency
# percentiles, errors, and the server's RSS (sampled every second from /proc) before, during
# and after.
# Usage: bash bench/serve-load.sh [SECONDS] [CLIENTS]   (default 20 s, 32 clients)
#
# Fails (exit 1) if any request fails (a status other than 2xx, a /api/code answer that is not
# a readout/1 document, a connect/read/write error or a timeout), if the server dies, or if
# memory is not flat: the RSS after the run must be within 20 % of the RSS after the warm-up
# (a 3 s burst of the same load, so that the thread pool and the allocator's heaps are grown
# before the baseline is read; a leak shows as growth with the tens of thousands of requests
# that follow). The server, the samplers and the temporary directory go on exit.
# Needs wrk (Debian's; installed with apt-get if missing), python3 and a Rust toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-20}"
clients="${2:-32}"
[[ "$secs" =~ ^[1-9][0-9]*$ && "$clients" =~ ^[1-9][0-9]*$ ]] || {
  echo "usage: bash bench/serve-load.sh [SECONDS] [CLIENTS]" >&2
  exit 2
}
warmup=3
reads=2                 # GET connections in the second phase
read_path='/api/events?actor=USA'
threads=$(nproc)        # wrk threads: one per core, at most one per connection
((threads > clients)) && threads=$clients
max_rss_growth=1.20     # after / after-warm-up

if ! command -v wrk > /dev/null; then
  echo "installing wrk (apt-get)" >&2
  apt-get install -y wrk > /dev/null || { apt-get update > /dev/null && apt-get install -y wrk > /dev/null; }
fi
cargo build --release --quiet
bin=target/release/readout

tmp=$(mktemp -d "${TMPDIR:-/tmp}/serve-load.XXXXXX")
server_pid=""
sampler_pid=""
cleanup() {
  if [[ -n "$sampler_pid" ]]; then kill "$sampler_pid" 2> /dev/null || true; fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2> /dev/null; then
    kill -INT "$server_pid" 2> /dev/null || true # graceful shutdown (the server waits for ctrl-c)
    for _ in $(seq 50); do kill -0 "$server_pid" 2> /dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2> /dev/null || true
  fi
  wait 2> /dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the articles, one text file each, and an index the Lua script reads ("published<TAB>file")
read -r n_articles text_bytes < <(python3 - "$tmp/articles" <<'PY'
import json, os, sys
out = sys.argv[1]
os.makedirs(out)
n = total = 0
with open("tests/fixtures/wikinews/articles.jsonl", encoding="utf-8") as src, \
        open(os.path.join(out, "index.tsv"), "w", encoding="utf-8") as index:
    for line in src:
        if not line.strip():
            continue
        a = json.loads(line)
        body = a["text"].encode("utf-8")
        name = f"{n:03}.txt"
        with open(os.path.join(out, name), "wb") as f:
            f.write(body)
        index.write(f"{a.get('published') or ''}\t{name}\n")
        n += 1
        total += len(body)
print(n, total)
PY
)
mean_bytes=$((text_bytes / n_articles))

# a store with the same articles in it, so that the reads of the second phase find events
"$bin" ingest tests/fixtures/wikinews/articles.jsonl --db "sqlite:$tmp/load.db" -q

# shellcheck disable=SC2086 # READOUT_SERVE_ARGS is a list of words
"$bin" serve --addr 127.0.0.1:0 --db "sqlite:$tmp/load.db" ${READOUT_SERVE_ARGS:-} > "$tmp/server.out" 2> "$tmp/server.err" &
server_pid=$!
addr=""
for _ in $(seq 300); do
  addr=$(sed -n '1s|^readout: listening on http://\([^ ]*\) .*|\1|p' "$tmp/server.out")
  [[ -n "$addr" ]] && break
  kill -0 "$server_pid" 2> /dev/null || break
  sleep 0.1
done
if [[ ! "$addr" =~ ^127\.0\.0\.1:[0-9]+$ ]]; then
  echo "serve-load: the server did not start on loopback (got '$addr'):" >&2
  cat "$tmp/server.out" "$tmp/server.err" >&2
  exit 1
fi
url="http://$addr"

# the server's VmRSS or VmHWM (kB) and CPU time (ticks, user + system); 0 once it is gone
status_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$server_pid/status" 2> /dev/null || echo 0; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat" 2> /dev/null || echo 0; }
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }  # all CPUs, not idle
mb() { awk -v kb="$1" 'BEGIN { printf "%.0f MB", kb / 1024 }'; }
result() { awk -v k="$1" '$1 == "RESULT" && $2 == k { print $3 }' "$2"; }

failures=()
# wrk LOG DURATION CONNECTIONS THREADS MODE ARG: one load; its report goes to LOG
load() {
  wrk -t "$4" -c "$3" -d "$2" --timeout 10s --latency -s bench/serve-load.lua "$url" -- "$5" "$6" > "$1" 2> "$1.err" || true
}
# check LABEL LOG: any failed request makes the run fail
check() {
  local n ok bad body c r w t s
  n=$(result requests "$2"); ok=$(result ok "$2"); bad=$(result non2xx "$2"); body=$(result bad_body "$2")
  c=$(result err_connect "$2"); r=$(result err_read "$2"); w=$(result err_write "$2"); t=$(result err_timeout "$2")
  s=$(result err_status "$2")
  if [[ -z "$n" || -z "$ok" || -z "$bad" || -z "$s" ]]; then
    failures+=("$1: wrk gave no result ($(tr '\n' ' ' < "$2.err"))")
  elif ((n == 0 || ok != n || bad + c + r + w + t + s > 0)); then
    failures+=("$1: $n requests, $ok good, $bad failed (by status: $(result non2xx_codes "$2"); $body 2xx without a readout/1 document; wrk counted $s over 399), socket errors: connect $c, read $r, write $w, timeout $t")
  fi
  if [[ -s "$2.err" ]]; then sed 's/^/  wrk: /' "$2.err" >&2; fi
}
# summary LABEL LOG: one line of figures
summary() {
  awk -v label="$1" -v mean_bytes="$mean_bytes" '
    $1 == "RESULT" { r[$2] = $3 }
    END {
      ms = 0.001
      printf "%s: %d requests in %.1f s, %.0f req/s", label, r["requests"], r["seconds"], r["req_per_s"]
      if (r["mode"] == "post") printf " (articles/s), %.2f MB/s of text in", r["ok"] * mean_bytes / r["seconds"] / 1e6
      printf ", %.1f MB/s out; latency mean %.1f ms, p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f ms; failed: %d not 2xx, %d socket errors\n",
        r["resp_mb_per_s"], r["lat_mean_us"] * ms, r["lat_p50_us"] * ms, r["lat_p90_us"] * ms,
        r["lat_p99_us"] * ms, r["lat_p99.9_us"] * ms, r["lat_max_us"] * ms, r["non2xx"],
        r["err_connect"] + r["err_read"] + r["err_write"] + r["err_timeout"]
    }' "$2"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); wrk and the server share them; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "readout $(git rev-parse --short HEAD 2> /dev/null || echo '?')$(git diff --quiet HEAD -- src crates 2> /dev/null || echo ' (with uncommitted changes)'), $url, store $tmp/load.db"
echo "articles: $n_articles Wikinews texts, $text_bytes bytes (mean $mean_bytes), round-robin; $clients clients, $threads wrk threads, $secs s"
rss_start=$(status_kb VmRSS)

# warm-up: the same load for a few seconds (grows the blocking pool and the allocator's heaps)
load "$tmp/warmup.log" "${warmup}s" "$clients" "$threads" post "$tmp/articles"
check warm-up "$tmp/warmup.log"
sleep 1
rss_before=$(status_kb VmRSS)

# RSS and thread count of the server every second, from here to the end
(
  while kill -0 "$server_pid" 2> /dev/null; do
    awk '$1 == "VmRSS:" { r = $2 } $1 == "Threads:" { t = $2 } END { print r, t }' "/proc/$server_pid/status" 2> /dev/null || true
    sleep 1
  done
) > "$tmp/rss.log" &
sampler_pid=$!

# phase 1: POST /api/code only
cpu0=$(cpu_ticks) busy0=$(busy_ticks)
TIMEFORMAT='%U %S' # bash's time: wrk's user and system CPU seconds
{ time load "$tmp/post.log" "${secs}s" "$clients" "$threads" post "$tmp/articles"; } 2> "$tmp/wrk.time"
cpu1=$(cpu_ticks) busy1=$(busy_ticks)
check "POST /api/code" "$tmp/post.log"
rss_mid=$(status_kb VmRSS)

# phase 2: the same load, and $reads connections reading at the same time
load "$tmp/mixed-post.log" "${secs}s" "$clients" "$threads" post "$tmp/articles" &
mixed_pid=$!
load "$tmp/mixed-get.log" "${secs}s" "$reads" 1 get "$read_path"
wait "$mixed_pid" || true
check "POST /api/code (with reads)" "$tmp/mixed-post.log"
check "GET $read_path (under load)" "$tmp/mixed-get.log"

sleep 2
kill "$sampler_pid" 2> /dev/null || true
wait "$sampler_pid" 2> /dev/null || true
sampler_pid=""
if ! kill -0 "$server_pid" 2> /dev/null; then
  failures+=("the server died: $(tail -5 "$tmp/server.err" | tr '\n' ' ')")
  rss_after=0 rss_hwm=0
else
  rss_after=$(status_kb VmRSS)
  rss_hwm=$(status_kb VmHWM)
fi
rss_peak=$(awk 'BEGIN { m = 0 } $1 > m { m = $1 } END { print m }' "$tmp/rss.log")
max_threads=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$tmp/rss.log")

echo
echo "== wrk, phase 1 (POST /api/code) =="
grep -v '^RESULT' "$tmp/post.log"
echo
summary "POST /api/code" "$tmp/post.log"
read -r wrk_user wrk_sys < "$tmp/wrk.time"
((cpu1 > 0)) && awk -v s="$(result seconds "$tmp/post.log")" -v srv="$((cpu1 - cpu0))" -v all="$((busy1 - busy0))" -v hz="$(getconf CLK_TCK)" \
  -v u="$wrk_user" -v y="$wrk_sys" -v n="$(nproc)" 'BEGIN {
    srv /= hz * s; w = (u + y) / s; all /= hz * s
    printf "  CPU during phase 1 (of %d cores): server %.2f, wrk %.2f, everything else on the machine %.2f\n", n, srv, w, all - srv - w
  }'
summary "POST /api/code, with reads" "$tmp/mixed-post.log"
summary "GET $read_path, under that load ($reads connections)" "$tmp/mixed-get.log"
echo "server RSS: start $(mb "$rss_start"), after warm-up $(mb "$rss_before"), after phase 1 $(mb "$rss_mid"), peak sampled $(mb "$rss_peak") (VmHWM $(mb "$rss_hwm")), after $(mb "$rss_after"); up to $max_threads threads"
echo "  samples (MB, every second): $(awk '{ printf "%s%.0f", (NR > 1 ? " " : ""), $1 / 1024 }' "$tmp/rss.log")"
if [[ -s "$tmp/server.err" ]]; then
  echo "server stderr:"
  sed 's/^/  /' "$tmp/server.err"
fi

if ((rss_after > 0)) && awk -v a="$rss_after" -v b="$rss_before" -v m="$max_rss_growth" 'BEGIN { exit !(a > b * m) }'; then
  failures+=("memory not flat: RSS $(mb "$rss_after") after the run, $(mb "$rss_before") after the warm-up (limit ×$max_rss_growth)")
fi
if ((${#failures[@]} > 0)); then
  printf 'FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "OK: no failed request, memory flat (after/after-warm-up $(awk -v a="$rss_after" -v b="$rss_before" 'BEGIN { printf "%.2f", a / b }'), limit $max_rss_growth)"
