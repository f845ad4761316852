"""Reads Readout's Parquet event exports with pyarrow, pandas and DuckDB and checks them
against the same export as JSONL: same rows, typed columns, month partitions.

Usage: python check_parquet.py PARQUET_DIR JSONL_FILE
"""
import json
import sys

import duckdb
import pandas as pd
import pyarrow.dataset as ds

parquet_dir, jsonl = sys.argv[1], sys.argv[2]
expected = [json.loads(line) for line in open(jsonl, encoding="utf-8")]

table = ds.dataset(parquet_dir, format="parquet", partitioning="hive").to_table()
frame = table.to_pandas()
assert len(frame) == len(expected), (len(frame), len(expected))
types = {f.name: str(f.type) for f in table.schema}
for col, want in [("GlobalEventID", "int64"), ("Day", "int64"), ("GoldsteinScale", "double"),
                  ("QuadClass", "int64"), ("EventCode", "string"), ("Actor1Code", "string")]:
    assert types[col] == want, (col, types[col])
by_id = {r["GlobalEventID"]: r for r in expected}
for row in frame.to_dict("records"):
    want = by_id[row["GlobalEventID"]]
    for col in ("EventCode", "Actor1Code", "Actor2Code", "Status", "Sentence"):
        got = row[col]
        got = None if (got is None or (isinstance(got, float) and pd.isna(got))) else got
        assert got == want[col], (col, got, want[col])
    if want["MonthYear"] is not None:
        month = str(want["MonthYear"])
        assert str(row["month"]) == f"{month[:4]}-{month[4:]}", (row["month"], month)

con = duckdb.connect()
n = con.execute(
    f"SELECT COUNT(*) FROM read_parquet('{parquet_dir}/**/*.parquet', hive_partitioning = true)"
).fetchone()[0]
assert n == len(expected), (n, len(expected))
roots = con.execute(
    f"SELECT EventRootCode, COUNT(*) FROM read_parquet('{parquet_dir}/**/*.parquet') "
    "GROUP BY 1 ORDER BY 1"
).fetchall()
assert sum(c for _, c in roots) == len(expected)
print(f"ok: {len(expected)} events, {len(types)} columns, pyarrow/pandas/DuckDB agree")
