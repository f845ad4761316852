#!/usr/bin/env python3
"""Stopgap scorer for direct quotes and their speakers against tests/fixtures/quotes gold.

    python3 bench/textacy/score_speakers.py GOLD_DIR PREDICTIONS.jsonl [-v] [--kinds direct,partial]

GOLD_DIR holds NNN_slug.gold.json files (tests/fixtures/quotes/wikinews); PREDICTIONS.jsonl is
readout/1 JSONL whose `id` is the gold document's file stem. Only `quotes` is read. The Rust
scorer `readout eval quotes` will be the reference; this one exists to score the textacy baseline
until then. Standard library only.

Predicted quotes scored: those whose `kind` is in --kinds (default direct,partial: quoted text;
an `indirect` quote has no quotation marks and cannot be a direct quote). The others are dropped
before matching and counted apart.

Quote detection. A predicted quote matches a gold quote of the same document when its
normalised text starts with the gold `starts` (normalisation as check-seed.py: NFKC, typographic
quotes made straight, whitespace collapsed, lower case, quotation marks and . , ; : stripped at
both ends). Matching is one-to-one: each gold quote takes at most one prediction (one whose
speaker is right first, else the first in text order). Only gold quotes of kind "direct" count:
  TP  predictions matched to a direct gold quote
  FP  predictions matched to nothing (duplicates of an already matched quote included)
  FN  direct gold quotes left unmatched
  a prediction that matches no direct gold quote but does match a "partial" gold entry (scare
  quotes, one- or two-word quotes, names) is ignored: neither TP nor FP.
Speaker accuracy is over TP pairs: the predicted speaker is right when, compared word by word
(case, accents, possessive 's and the function words the/a/an/some/one/of ignored), its words
contain all the words of the gold speaker or of one of its speaker_aliases, or are all contained
in them (word-level, so a pronoun such as "he" never matches by accident inside "the king").
The speaker is the quote's `speaker.text`; if `speaker.entity` names an entity of the document,
that entity's name and mention texts count too. A pronoun counts as given: wrong.
"""
import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

FUNCTION_WORDS = {"the", "a", "an", "some", "one", "of"}


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def strip_q(s):
    return norm(s).strip(" \"'.,;:")


def words(s):
    s = unicodedata.normalize("NFKD", norm(s))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"'s\b", "", s)
    return {w for w in re.split(r"[^\w-]+", s) if w and w not in FUNCTION_WORDS}


def speaker_right(candidates, gold):
    wanted = [words(gold["speaker"] or "")] + [words(a) for a in gold.get("speaker_aliases", [])]
    for cand in candidates:
        p = words(cand)
        if p and any(w and (w <= p or p <= w) for w in wanted):
            return True
    return False


def speaker_candidates(doc, quote):
    sp = quote.get("speaker") or {}
    cands = [sp.get("text") or ""]
    for e in doc.get("entities", []):
        if sp.get("entity") is not None and e.get("id") == sp.get("entity"):
            cands += [e.get("name") or ""] + [m.get("text") or "" for m in e.get("mentions", [])]
    return [c for c in cands if c]


def score_document(gold, doc, verbose, out, kinds):
    direct = [q for q in gold["quotes"] if q.get("kind", "direct") == "direct"]
    partial = [q for q in gold["quotes"] if q.get("kind") == "partial"]
    allp = doc.get("quotes", []) if doc else []
    preds = sorted((q for q in allp if q.get("kind", "direct") in kinds),
                   key=lambda q: q.get("start") or 0)
    ptext = [strip_q(q.get("text")) for q in preds]
    pcands = [speaker_candidates(doc, q) for q in preds]
    taken, pairs = set(), {}
    for want_speaker in (True, False):  # first pairs with the right speaker, then any
        for gi, g in enumerate(direct):
            if gi in pairs:
                continue
            start = strip_q(g["starts"])
            for pi, t in enumerate(ptext):
                if pi in taken or not t.startswith(start):
                    continue
                if want_speaker and not speaker_right(pcands[pi], g):
                    continue
                pairs[gi] = pi
                taken.add(pi)
                break
    ignored = {pi for pi, t in enumerate(ptext) if pi not in taken
               and any(t.startswith(strip_q(g["starts"])) for g in partial)}
    fp = [pi for pi in range(len(preds)) if pi not in taken and pi not in ignored]
    right = [gi for gi, pi in pairs.items() if speaker_right(pcands[pi], direct[gi])]
    if verbose:
        name = gold["document"]
        for gi, g in enumerate(direct):
            if gi not in pairs:
                out.write(f"{name}: FN  {g['starts'][:60]!r} ({g['speaker']})\n")
            elif gi not in right:
                out.write(f"{name}: SPK {g['starts'][:60]!r}: {pcands[pairs[gi]]} is not "
                          f"{[g['speaker']] + g.get('speaker_aliases', [])}\n")
        for pi in fp:
            out.write(f"{name}: FP  {preds[pi].get('text', '')[:60]!r} ({pcands[pi]})\n")
    return {"gold": len(direct), "partial": len(partial), "predicted": len(preds),
            "other_kinds": len(allp) - len(preds),
            "tp": len(pairs), "fp": len(fp), "fn": len(direct) - len(pairs),
            "ignored": len(ignored), "speaker_right": len(right)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("gold_dir")
    ap.add_argument("predictions")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses on stderr")
    ap.add_argument("--kinds", default="direct,partial",
                    help="predicted quote kinds to score, comma-separated (default: direct,partial)")
    args = ap.parse_args()

    docs = {}
    with open(args.predictions, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                docs[d.get("id")] = d
    golds = sorted(Path(args.gold_dir).glob("*.gold.json"))
    if not golds:
        sys.exit(f"score_speakers.py: no *.gold.json in {args.gold_dir}")
    total = {}
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc_id = Path(gold["document"]).stem
        if doc_id not in docs:
            print(f"score_speakers.py: {doc_id}: not in the predictions (scored as no quotes)",
                  file=sys.stderr)
        for k, v in score_document(gold, docs.get(doc_id), args.verbose, sys.stderr,
                                     set(args.kinds.split(","))).items():
            total[k] = total.get(k, 0) + v

    tp, fp, fn = total["tp"], total["fp"], total["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = total["speaker_right"] / tp if tp else 0.0
    print(f"documents {len(golds)}  gold direct quotes {total['gold']}  "
          f"(partial, not scored: {total['partial']})  predicted {total['predicted']}"
          f" (other kinds, not scored: {total['other_kinds']})")
    print(f"quotes    TP {tp}  FP {fp}  FN {fn}  ignored (match a partial entry) "
          f"{total['ignored']}")
    print(f"          P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    print(f"speakers  {total['speaker_right']}/{tp} right on matched quotes = {acc:.3f}  "
          f"(right quote and right speaker: {total['speaker_right']}/{total['gold']} = "
          f"{total['speaker_right'] / total['gold'] if total['gold'] else 0:.3f} of gold)")


if __name__ == "__main__":
    main()
