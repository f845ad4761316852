#!/usr/bin/env bash
# Quote detection and speaker accuracy, Readout against spaCy + textacy's direct_quotations, on
# the hand-made Wikinews speaker gold (tests/fixtures/quotes) and on GUM's quotations.
# Usage: bash bench/quotes.sh   (SHARED=path/to/shared to move the GUM gold)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${SHARED:-../shared}"
mkdir -p bench/out
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/readout"
echo "# Quotes ($(date +%F), readout $(git rev-parse --short HEAD))"
echo
echo "## Readout — Wikinews speaker gold"
"$bin" eval quotes --gold tests/fixtures/quotes
echo
echo "## Readout — GUM quotations"
"$bin" eval quotes --gold "$shared/eval"
bash bench/textacy/setup.sh > /dev/null
"$bin" eval export --gold tests/fixtures/quotes > bench/out/quote-gold-articles.jsonl
"$bin" eval export --gold "$shared/eval" > bench/out/gum-articles.jsonl
bench/.venv/bin/python bench/textacy/quotes.py bench/out/quote-gold-articles.jsonl > bench/out/textacy-quotes.jsonl 2> bench/out/textacy-quotes.err
bench/.venv/bin/python bench/textacy/quotes.py bench/out/gum-articles.jsonl > bench/out/textacy-gum.jsonl 2> bench/out/textacy-gum.err
echo
echo "## spaCy en_core_web_sm + textacy direct_quotations — Wikinews speaker gold"
"$bin" eval quotes --gold tests/fixtures/quotes --predictions bench/out/textacy-quotes.jsonl
echo
echo "## spaCy en_core_web_sm + textacy direct_quotations — GUM quotations"
"$bin" eval quotes --gold "$shared/eval" --predictions bench/out/textacy-gum.jsonl
