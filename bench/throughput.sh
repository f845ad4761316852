#!/usr/bin/env bash
# Throughput, start-up and peak memory of `readout code`, on this machine, in one run.
# Usage: bash bench/throughput.sh [REPEAT]   (default 200: the 28 Wikinews articles × 200)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${1:-200}"
mkdir -p bench/out
cargo build --release --quiet
bin=target/release/readout
corpus=bench/out/wikinews-x${repeat}.jsonl
python3 bench/wikinews_corpus.py "$repeat" > "$corpus"
articles=$(wc -l < "$corpus")
bytes=$(python3 -c "import json,sys;print(sum(len(json.loads(l)['text'].encode()) for l in open('$corpus')))")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "corpus: $articles articles, $bytes bytes of text ($corpus)"
run() {  # jobs
  local start end secs rss
  /usr/bin/time -f "%e %M" -o bench/out/time.txt "$bin" code "$corpus" --format jsonl --jobs "$1" > /dev/null
  read -r secs rss < bench/out/time.txt
  python3 -c "s=$secs; print(f'--jobs $1: {s:.2f} s, {$articles/s:,.0f} articles/s, {$bytes/s/1e6:.2f} MB/s, peak RSS {$rss/1024:.0f} MB')"
}
run 1
run "$(nproc)"
echo "start-up (code an empty article, 20 runs):"
python3 - "$bin" <<'PY'
import subprocess, sys, time
ts = []
for _ in range(20):
    t = time.perf_counter()
    subprocess.run([sys.argv[1], "code", "-", "--format", "jsonl"], input=b"", stdout=subprocess.DEVNULL, check=True)
    ts.append(time.perf_counter() - t)
ts.sort()
print(f"  median {ts[len(ts)//2]*1000:.0f} ms, min {ts[0]*1000:.0f} ms")
PY
