#!/usr/bin/env bash
# A Python venv with what the tests read Readout's files with (pyarrow, pandas, DuckDB, from
# PyPI), made once under target/; prints its python.
# Usage: export READOUT_TEST_PYTHON="$(bash scripts/pyvenv.sh)"
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/test-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyarrow, pandas, duckdb" 2>/dev/null; then
  echo "pyvenv.sh: installing pyarrow, pandas and duckdb into $venv" >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet pyarrow pandas duckdb >&2
fi
echo "$PWD/$venv/bin/python"
