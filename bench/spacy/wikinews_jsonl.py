#!/usr/bin/env python3
"""Write shared/corpus/wikinews as JSONL for ner.py: one {id, title, source, url, published, text}
per article, text being the .txt file verbatim (its first line is the title).

    python3 bench/spacy/wikinews_jsonl.py ../shared > bench/out/wikinews.jsonl
"""
import json
import sys
from pathlib import Path


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: wikinews_jsonl.py SHARED_DIR > wikinews.jsonl", file=sys.stderr)
        return 2
    corpus = Path(sys.argv[1]) / "corpus" / "wikinews"
    index = {}
    with open(corpus / "index.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                index[row["file"]] = row
    for path in sorted(corpus.glob("*.txt")):
        meta = index.get(path.name, {})
        out = {
            "id": path.stem,
            "title": meta.get("title"),
            "source": meta.get("source"),
            "url": meta.get("url"),
            "published": meta.get("published"),
            "text": path.read_text(encoding="utf-8"),
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
