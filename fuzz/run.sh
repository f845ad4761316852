#!/usr/bin/env bash
# Runs one fuzz target with its flags: fuzz/run.sh TARGET SECONDS [CORPUS_DIR] [libFuzzer args...]
# The corpus directory (default fuzz/corpus/TARGET, untracked) collects what the fuzzer finds;
# the committed seeds and regression inputs are read too. Findings go to fuzz/artifacts/TARGET/.
# Build first with: RUSTC_BOOTSTRAP=1 cargo fuzz build -s none -a   (see fuzz/README.md)
# FUZZ_BUILD_ARGS: more cargo-fuzz build options (scripts/fuzz-smoke.sh sets its own).
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=$2
corpus=${3:-corpus/$target}
shift $(($# < 3 ? $# : 3))
case $target in
  # A news article is a few KB; 64 KB is ten long articles, and per-input cost must stay linear.
  code_text | code_bytes | jsonl) max_len=65536 ;;
  # Real pages are 100-500 KB of markup: allow a whole page of the seeds.
  html) max_len=131072 ;;
  warc) max_len=65536 ;;
  # A lexicon file is a handful of entries.
  lexicon) max_len=8192 ;;
  *) echo "fuzz/run.sh: unknown target $target" >&2; exit 2 ;;
esac
case $target in
  html) dict=dicts/html.dict ;;
  jsonl) dict=dicts/json.dict ;;
  warc) dict=dicts/warc.dict ;;
  lexicon) dict=dicts/toml.dict ;;
  *) dict= ;;
esac
mkdir -p "$corpus" "artifacts/$target"
inputs=("$corpus" "seeds/$target")
[ -d "regressions/$target" ] && inputs+=("regressions/$target")
export RUSTC_BOOTSTRAP=1
# -timeout: a few seconds on a 64 KB input is a hang, not slowness (an article codes in ms).
# -rss_limit_mb: the largest input coded stays far under 2 GB; more is a leak or a blow-up.
# shellcheck disable=SC2086 # FUZZ_BUILD_ARGS is a list of options
exec cargo fuzz run -s none -a ${FUZZ_BUILD_ARGS:-} "$target" "${inputs[@]}" -- \
  -max_total_time="$seconds" -max_len=$max_len -timeout=5 -rss_limit_mb=2048 \
  -print_final_stats=1 ${dict:+-dict=$dict} "$@"
