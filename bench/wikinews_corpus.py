"""Writes the Wikinews examples repeated REPEAT times with distinct ids, as JSONL on stdout:
the throughput corpus of bench/throughput.sh and bench/ingest.sh.

Usage: python3 bench/wikinews_corpus.py REPEAT > corpus.jsonl
"""
import json
import sys

rows = [json.loads(l) for l in open("tests/fixtures/wikinews/articles.jsonl", encoding="utf-8")]
for r in range(int(sys.argv[1])):
    for a in rows:
        b = dict(a)
        b["id"] = f"{a['id']}#{r}"
        print(json.dumps(b, ensure_ascii=False))
