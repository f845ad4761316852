#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, then every test,
# including the #[ignore]d ones that need services. README.md's test command.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-nextest >/dev/null 2>&1 && ! cargo nextest --version >/dev/null 2>&1; then
  echo "installing cargo-nextest" >&2
  cargo install cargo-nextest --locked
fi

# Services, installed with apt-get and started on loopback, for the #[ignore]d tests:
# PostgreSQL (the store's server option; readout-store's tests create a database per run).
READOUT_TEST_POSTGRES="$(bash scripts/postgres.sh)"
export READOUT_TEST_POSTGRES
# a Python venv with pyarrow, pandas and DuckDB (PyPI), which must read the Parquet exports
READOUT_TEST_PYTHON="$(bash scripts/pyvenv.sh)"
export READOUT_TEST_PYTHON
# a venv with PySpark (PyPI) and Java 17, for Readout piped through Spark (tests/spark.rs)
READOUT_TEST_SPARK_PYTHON="$(bash scripts/spark.sh)"
export READOUT_TEST_SPARK_PYTHON

# Debian's Chromium and ChromeDriver, for the dashboard's end-to-end tests in a real browser
{ read -r READOUT_TEST_CHROMIUM; read -r READOUT_TEST_CHROMEDRIVER; } < <(bash scripts/chromium.sh)
export READOUT_TEST_CHROMIUM READOUT_TEST_CHROMEDRIVER

# nextest does not run doctests; they go first so that nextest's summary closes the run
cargo test --workspace --doc --quiet
cargo nextest run --workspace --all-targets --run-ignored all --no-fail-fast
