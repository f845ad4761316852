#!/usr/bin/env bash
# Readout against spaCy, side by side, in one run on this machine, and how Readout's cost
# grows with articles and with length. Writes everything it prints to bench/out/compare.txt.
#
#   1. the corpus: the 28 Wikinews articles repeated to REPEAT × 28 (default 1,800: 50,400
#      articles) with distinct ids; spaCy, ~100 times slower, gets the first SPACY_REPEAT × 28
#      of them (default 10: 280), the same texts;
#   2. spaCy en_core_web_sm (bench/spacy, PyPI, in bench/.venv), one process, one thread:
#      NER only, then the full pipeline; its own timer, which leaves out loading and I/O;
#   3. `readout code --format jsonl`, whole pipeline (every layer), --jobs 1 then all cores,
#      wall time including start-up and I/O, peak RSS from /usr/bin/time -v (a stream: memory
#      must not grow with the number of articles);
#   4. start-up: `readout code` on an empty article, median of 30 runs;
#   5. length: one article of 5 KB, 10 KB, 100 KB and 1 MB (the Wikinews texts one after
#      another), each coded enough times for ~5 MB, time per KB;
#   6. ingest into SQLite, all cores (bench/ingest.sh does one core and a rerun too).
#
# Usage: bash bench/compare.sh [REPEAT] [SPACY_REPEAT]
# Run it on a quiet machine: every figure is wall-clock time.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${1:-1800}"
spacy_repeat="${2:-10}"
out=bench/out
mkdir -p "$out"
exec > >(tee "$out/compare.txt") 2>&1

cargo build --release --quiet
bin=target/release/readout
bench/spacy/setup.sh > "$out/spacy-setup.txt"
py=bench/.venv/bin/python
cores=$(nproc)

corpus=$out/wikinews-x$repeat.jsonl
python3 bench/wikinews_corpus.py "$repeat" > "$corpus"
small=$out/wikinews-x$spacy_repeat.jsonl
python3 bench/wikinews_corpus.py "$spacy_repeat" > "$small"
stats() { python3 -c "
import json, sys
n = b = 0
for l in open(sys.argv[1], encoding='utf-8'):
    n += 1; b += len(json.loads(l)['text'].encode())
print(n, b)" "$1"; }
read -r articles bytes < <(stats "$corpus")
read -r small_articles small_bytes < <(stats "$small")

echo "== $(date -u +%FT%TZ), readout $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
echo "machine: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
sed -n 's/^/spaCy: /p' "$out/spacy-setup.txt" | grep -v '^spaCy: ok' || true
echo "corpus: $articles articles, $((bytes / 1000)) KB of text (Readout); spaCy: the first $small_articles of them, $((small_bytes / 1000)) KB"
echo

# -- spaCy ---------------------------------------------------------------------------------
spacy_rate() {  # mode → articles/s (its own timer: the NLP, not loading or I/O)
  "$py" bench/spacy/ner.py --mode "$1" --no-output "$small" 2> "$out/spacy-$1.txt" > /dev/null
  sed -n 's/.*  \([0-9.]*\) articles\/s.*/\1/p' "$out/spacy-$1.txt"
}
spacy_ner=$(spacy_rate ner)
spacy_full=$(spacy_rate full)
echo "spaCy en_core_web_sm, NER only:      $spacy_ner articles/s (one process, one thread)"
echo "spaCy en_core_web_sm, full pipeline: $spacy_full articles/s"

# -- Readout ---------------------------------------------------------------------------------
timed() {  # label command... → "seconds peak_rss_kb"
  /usr/bin/time -v -o "$out/time-$1.txt" "${@:2}" > /dev/null
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$out/time-$1.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time-$1.txt")
  echo "$secs $rss"
}
read -r one_s one_rss < <(timed jobs1 "$bin" code "$corpus" --format jsonl --jobs 1)
read -r all_s all_rss < <(timed jobsall "$bin" code "$corpus" --format jsonl --jobs "$cores")
python3 - "$articles" "$bytes" "$one_s" "$one_rss" "$all_s" "$all_rss" "$cores" "$spacy_ner" "$spacy_full" <<'PY'
import sys
n, b, one_s, one_rss, all_s, all_rss, cores, ner, full = sys.argv[1:]
n, b, one_s, all_s, ner, full = int(n), int(b), float(one_s), float(all_s), float(ner), float(full)
one, both = n / one_s, n / all_s
print(f"readout code --jobs 1:      {one:8,.0f} articles/s  {b / one_s / 1e6:6.2f} MB/s  "
      f"peak RSS {int(one_rss) / 1024:4.0f} MB  ({one_s:.2f} s)")
print(f"readout code --jobs {cores}:      {both:8,.0f} articles/s  {b / all_s / 1e6:6.2f} MB/s  "
      f"peak RSS {int(all_rss) / 1024:4.0f} MB  ({all_s:.2f} s)")
print(f"  {cores} cores / 1 core:         {both / one:5.2f}x")
print(f"  Readout (1 core) / spaCy NER only:      {one / ner:6.0f}x")
print(f"  Readout (1 core) / spaCy full pipeline: {one / full:6.0f}x")
PY

# -- start-up ----------------------------------------------------------------------------------
"$py" - "$bin" <<'PY'
import subprocess, sys, time
ts = []
for _ in range(30):
    t = time.perf_counter()
    subprocess.run([sys.argv[1], "code", "-", "--format", "jsonl"], input=b"",
                   stdout=subprocess.DEVNULL, check=True)
    ts.append(time.perf_counter() - t)
ts.sort()
print(f"start-up (an empty article, 30 runs): median {ts[15] * 1000:.0f} ms, min {ts[0] * 1000:.0f} ms")
PY

# -- length --------------------------------------------------------------------------------------
echo "length (one article of each size, coded repeatedly to ~5 MB, --jobs 1):"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
texts = [json.loads(l) for l in open("tests/fixtures/wikinews/articles.jsonl", encoding="utf-8")]
for kb in (5, 10, 100, 1000):
    text = ""
    i = 0
    while len(text.encode()) < kb * 1000:
        text += texts[i % len(texts)]["text"] + "\n\n"
        i += 1
    copies = max(5, 5_000 // kb)
    with open(f"{out}/long-{kb}KB.jsonl", "w", encoding="utf-8") as f:
        for c in range(copies):
            f.write(json.dumps({"id": f"long-{kb}-{c}", "published": "2024-01-01", "text": text},
                               ensure_ascii=False) + "\n")
PY
base_per_kb=""
for kb in 5 10 100 1000; do
  file=$out/long-${kb}KB.jsonl
  read -r n b < <(stats "$file")
  read -r secs rss < <(timed "long$kb" "$bin" code "$file" --format jsonl --jobs 1)
  per_kb=$(python3 -c "print(f'{$secs / ($b / 1000) * 1e6:.1f}')")
  base_per_kb=${base_per_kb:-$per_kb}
  python3 -c "print(f'  {$kb:>5} KB x {$n:>4}: {$secs:6.2f} s, {$per_kb:>6} us per KB '
                    f'({$per_kb / $base_per_kb:.2f}x the 5 KB figure), peak RSS {$rss / 1024:.0f} MB')"
done

# -- ingest ----------------------------------------------------------------------------------------
db=$out/compare-ingest.db
rm -f "$db" "$db-wal" "$db-shm"
read -r ing_s ing_rss < <(timed ingest "$bin" ingest "$corpus" --db "sqlite:$db" --jobs "$cores" -q)
python3 -c "print(f'readout ingest (SQLite, --jobs $cores): {$articles / $ing_s:,.0f} articles/s, peak RSS {$ing_rss / 1024:.0f} MB ({$ing_s:.2f} s)')"
rm -f "$db" "$db-wal" "$db-shm"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
