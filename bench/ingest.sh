#!/usr/bin/env bash
# Ingest speed into the embedded store (SQLite), all cores and one core, on this machine: the
# Wikinews examples repeated with distinct ids, into a fresh database each run; then a second
# pass over the same input (everything already present).
# Usage: bash bench/ingest.sh [REPEAT]   (default 200: the 28 Wikinews articles × 200)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${1:-200}"
mkdir -p bench/out
cargo build --release --quiet
bin=target/release/readout
corpus=bench/out/wikinews-x${repeat}.jsonl
python3 bench/wikinews_corpus.py "$repeat" > "$corpus"
articles=$(wc -l < "$corpus")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "corpus: $articles articles ($corpus)"
run() {  # jobs label
  local db=bench/out/ingest.db secs rss
  rm -f "$db" "$db-wal" "$db-shm"
  /usr/bin/time -f "%e %M" -o bench/out/time.txt "$bin" ingest "$corpus" --db "sqlite:$db" --jobs "$1" -q
  read -r secs rss < bench/out/time.txt
  python3 -c "s=$secs; print(f'ingest --jobs $1: {s:.2f} s, {$articles/s:,.0f} articles/s, peak RSS {$rss/1024:.0f} MB, database {__import__(\"os\").path.getsize(\"$db\")/1e6:.0f} MB')"
}
run 1
run "$(nproc)"
/usr/bin/time -f "%e" -o bench/out/time.txt "$bin" ingest "$corpus" --db "sqlite:bench/out/ingest.db" -q
python3 -c "s=$(cat bench/out/time.txt); print(f'again (all already present): {s:.2f} s, {$articles/s:,.0f} articles/s')"
