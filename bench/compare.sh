#!/usr/bin/env bash
# Readout against spaCy, side by side, in one run on this machine, and how Readout's cost
# grows with articles and with length. Writes everything it prints to bench/out/compare.txt.
#
#   1. the corpus: the 28 Wikinews articles repeated to REPEAT × 28 (default 1,800: 50,400
#      articles) with distinct ids; spaCy, ~100 times slower, gets the first SPACY_REPEAT × 28
#      of them (default 10: 280), the same texts;
#   2. spaCy en_core_web_sm (bench/spacy, PyPI, in bench/.venv), one process, one thread,
#      pinned to one core: NER only, then the full pipeline; its own timer, which leaves out
#      loading and I/O;
#   3. `readout code --format jsonl`, whole pipeline (every layer): the whole process pinned to
#      one core (`taskset -c 0`: reading, coding and writing share it), then --jobs 1 unpinned
#      (one coding thread; reading and writing overlap on the other core), then all cores;
#      wall time including start-up and I/O, peak RSS from /usr/bin/time -v (a stream: memory
#      must not grow with the number of articles);
#   4. start-up: `readout code` on an empty article, median of 30 runs;
#   5. length: one article of 5 KB, 10 KB, 100 KB and 1 MB (the Wikinews texts one after
#      another), each coded enough times for ~5 MB, time per KB;
#   6. ingest into SQLite: pinned to one core, then all cores (the writer is a thread of its own,
#      so only pinning gives a one-core figure).
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
# one core: the whole process on CPU 0 (every thread), for Readout and spaCy alike
one_core=(taskset -c 0)

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
  "${one_core[@]}" "$py" bench/spacy/ner.py --mode "$1" --no-output "$small" \
    2> "$out/spacy-$1.txt" > /dev/null
  sed -n 's/.*  \([0-9.]*\) articles\/s.*/\1/p' "$out/spacy-$1.txt"
}
spacy_ner=$(spacy_rate ner)
spacy_full=$(spacy_rate full)
echo "spaCy en_core_web_sm, NER only:      $spacy_ner articles/s (one process, one thread, one core)"
echo "spaCy en_core_web_sm, full pipeline: $spacy_full articles/s"

# -- Readout ---------------------------------------------------------------------------------
timed() {  # label command... → "seconds peak_rss_kb"
  /usr/bin/time -v -o "$out/time-$1.txt" "${@:2}" > /dev/null
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$out/time-$1.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time-$1.txt")
  echo "$secs $rss"
}
read -r pin_s pin_rss < <(timed core1 "${one_core[@]}" "$bin" code "$corpus" --format jsonl --jobs 1)
read -r one_s one_rss < <(timed jobs1 "$bin" code "$corpus" --format jsonl --jobs 1)
read -r all_s all_rss < <(timed jobsall "$bin" code "$corpus" --format jsonl --jobs "$cores")
python3 - "$articles" "$bytes" "$pin_s" "$pin_rss" "$one_s" "$one_rss" "$all_s" "$all_rss" "$cores" \
  "$spacy_ner" "$spacy_full" <<'PY'
import sys
n, b, pin_s, pin_rss, one_s, one_rss, all_s, all_rss, cores, ner, full = sys.argv[1:]
n, b, ner, full = int(n), int(b), float(ner), float(full)
pin_s, one_s, all_s = float(pin_s), float(one_s), float(all_s)
pin, one, both = n / pin_s, n / one_s, n / all_s
def row(label, secs, rss):
    print(f"{label:<38}{n / secs:8,.0f} articles/s  {b / secs / 1e6:6.2f} MB/s  "
          f"peak RSS {int(rss) / 1024:4.0f} MB  ({secs:.2f} s)")
row("readout code, one core (pinned):", pin_s, pin_rss)
row("readout code --jobs 1 (unpinned):", one_s, one_rss)
row(f"readout code --jobs {cores}:", all_s, all_rss)
print(f"  {cores} cores / one core:                    {both / pin:5.2f}x")
print(f"  Readout / spaCy NER only, both on one core:      {pin / ner:6.0f}x")
print(f"  Readout --jobs 1 / spaCy NER only:               {one / ner:6.0f}x")
print(f"  Readout / spaCy full pipeline, both on one core: {pin / full:6.0f}x")
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
echo "length (one article of each size, coded repeatedly to ~5 MB, one core):"
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
  read -r secs rss < <(timed "long$kb" "${one_core[@]}" "$bin" code "$file" --format jsonl --jobs 1)
  per_kb=$(python3 -c "print(f'{$secs / ($b / 1000) * 1e6:.1f}')")
  base_per_kb=${base_per_kb:-$per_kb}
  python3 -c "print(f'  {$kb:>5} KB x {$n:>4}: {$secs:6.2f} s, {$per_kb:>6} us per KB '
                    f'({$per_kb / $base_per_kb:.2f}x the 5 KB figure), peak RSS {$rss / 1024:.0f} MB')"
done

# -- ingest ----------------------------------------------------------------------------------------
db=$out/compare-ingest.db
ingest() {  # label jobs taskset... → "seconds rss"
  rm -f "$db" "$db-wal" "$db-shm"
  timed "$1" "${@:3}" "$bin" ingest "$corpus" --db "sqlite:$db" --jobs "$2" -q
}
read -r ing1_s ing1_rss < <(ingest ingest1 1 "${one_core[@]}")
read -r ing_s ing_rss < <(ingest ingest "$cores")
python3 -c "
n = $articles
print(f'readout ingest (SQLite), one core (pinned): {n / $ing1_s:6,.0f} articles/s, peak RSS {$ing1_rss / 1024:.0f} MB ({$ing1_s:.2f} s)')
print(f'readout ingest (SQLite), --jobs $cores:        {n / $ing_s:6,.0f} articles/s, peak RSS {$ing_rss / 1024:.0f} MB ({$ing_s:.2f} s)')
print(f'  $cores cores / one core: {$ing1_s / $ing_s:.2f}x')"
rm -f "$db" "$db-wal" "$db-shm"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
