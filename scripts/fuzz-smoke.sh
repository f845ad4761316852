#!/usr/bin/env bash
# Fuzz smoke run (CI): builds the cargo-fuzz targets in fuzz/ and runs each for a few seconds
# from the committed seeds and regression inputs; fails on any crash, timeout or out-of-memory
# (the input is left in fuzz/artifacts/TARGET/). Long runs and the targets: fuzz/README.md.
# FUZZ_SMOKE_SECONDS sets the seconds per target (default 15).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SMOKE_SECONDS:-15}
# cargo-fuzz needs nightly flags (-Z, sanitizer coverage); the stable toolchain accepts them so.
export RUSTC_BOOTSTRAP=1
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked
fi
# Its own target directory and 16 codegen units: a cold build (CI) spreads over the cores (a
# few seconds of fuzzing need no top speed), and the long runs' build in fuzz/target is left
# alone.
export FUZZ_BUILD_ARGS="--codegen-units 16 --target-dir target/smoke"
# shellcheck disable=SC2086
(cd fuzz && cargo fuzz build -s none -a $FUZZ_BUILD_ARGS)
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
for target in code_text code_bytes html jsonl warc lexicon; do
  echo "fuzz smoke: $target for ${seconds}s" >&2
  mkdir -p "$corpus/$target"
  if ! fuzz/run.sh "$target" "$seconds" "$corpus/$target" >"$corpus/$target.log" 2>&1; then
    tail -n 60 "$corpus/$target.log" >&2
    echo "fuzz smoke: $target found a failure; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -a 'stat::number_of_executed_units\|DONE' "$corpus/$target.log" >&2 || true
done
