//! Quote scoring: quotation spans against GUM's `<quote>`, quotes and speakers against the
//! speaker gold (`*.gold.json`).

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::metrics::{count_exact, match_overlapping, overlap, Prf};
use crate::predictions::{array, pairing_notes, span_of, Index};
use crate::speakers::{norm, strip_q};
use crate::{fmt_ratio, ratio, GoldDoc, GoldQuote, Plural, GUM, MEANTIME};

/// `direct` when the first letter of a quotation is a capital (a quoted sentence),
/// `partial` when it is lower case (a fragment run into the reporter's sentence), `direct`
/// when it has no letter.
pub(crate) fn kind_by_case(text: &str) -> &'static str {
    match text.chars().find(|c| c.is_alphabetic()) {
        Some(c) if c.is_lowercase() => "partial",
        _ => "direct",
    }
}

/// One row of the quote span table: a corpus (or `overall`) and which quotes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteSpanRow {
    pub corpus: String,
    /// `direct`: gold direct quotations against predicted quotes of kind `direct`; `any`:
    /// every gold quotation against predicted quotes of any kind.
    pub quotes: String,
    pub docs: usize,
    /// Overlapping spans, matched one-to-one: the main score.
    pub overlap: Prf,
    /// Identical spans once quotation marks, white space and `. , ; :` are trimmed from
    /// both ends.
    pub exact: Prf,
    /// Predictions overlapping no gold quotation but a GUM `<q>` (quotation marks that GUM
    /// says do not mark a quotation) or quotation marks GUM left unannotated, neither right
    /// nor wrong.
    pub neutral: usize,
    /// `any` row: predicted `indirect` quotes overlapping no gold quotation, neither right
    /// nor wrong (GUM does not annotate reported speech).
    pub indirect_left_out: usize,
    /// Overlap-matched pairs, and those whose predicted kind is the gold kind
    /// (`direct`/`partial`).
    pub kinds_compared: usize,
    pub kinds_agree: usize,
    /// `kinds_agree / kinds_compared`.
    pub kind_accuracy: f64,
}

impl QuoteSpanRow {
    fn new(corpus: &str, quotes: &str) -> QuoteSpanRow {
        QuoteSpanRow {
            corpus: corpus.to_string(),
            quotes: quotes.to_string(),
            docs: 0,
            overlap: Prf::default(),
            exact: Prf::default(),
            neutral: 0,
            indirect_left_out: 0,
            kinds_compared: 0,
            kinds_agree: 0,
            kind_accuracy: 0.0,
        }
    }

    fn add(&mut self, o: &QuoteSpanRow) {
        self.docs += o.docs;
        self.overlap = self.overlap.plus(o.overlap);
        self.exact = self.exact.plus(o.exact);
        self.neutral += o.neutral;
        self.indirect_left_out += o.indirect_left_out;
        self.kinds_compared += o.kinds_compared;
        self.kinds_agree += o.kinds_agree;
        self.kind_accuracy = ratio(self.kinds_agree, self.kinds_compared);
    }
}

/// One row of the speaker table: a corpus of speaker gold, or `overall`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteSpeakerRow {
    pub corpus: String,
    pub docs: usize,
    /// Gold quotes found: `tp` scored gold quotes matched (one-to-one) by a predicted quote
    /// whose text starts with their opening words; `gold` the scored gold quotes;
    /// `predicted` the predicted `direct` quotes plus the predicted quotes of other kinds
    /// that found a gold quote, less those matching an unscored entry.
    pub detection: Prf,
    /// Predicted quotes matching an unscored gold entry (`partial`: scare quotes, names,
    /// one- or two-word quotes), neither right nor wrong.
    pub neutral: usize,
    /// Predicted quotes of other kinds than `direct` (`partial`, `indirect`) that found no
    /// gold entry, neither right nor wrong.
    pub left_out: usize,
    /// Scored gold quotes with a speaker.
    pub gold_with_speaker: usize,
    /// Found gold quotes with a speaker, and those whose predicted speaker is right.
    pub speakers_compared: usize,
    pub speakers_correct: usize,
    /// `speakers_correct / speakers_compared`.
    pub speaker_accuracy: f64,
    /// `speakers_correct / gold_with_speaker`: found and attributed right, end to end.
    pub speaker_recall: f64,
    /// Found gold quotes with a date, and those whose predicted `date` is that date.
    pub dates_compared: usize,
    pub dates_correct: usize,
    pub date_accuracy: f64,
    /// Scored gold quotes found with the right speaker and (when the gold gives one) the
    /// right date: what `check-seed.py quotes` counts as passed.
    pub passed: usize,
}

impl QuoteSpeakerRow {
    fn new(corpus: &str) -> QuoteSpeakerRow {
        QuoteSpeakerRow {
            corpus: corpus.to_string(),
            docs: 0,
            detection: Prf::default(),
            neutral: 0,
            left_out: 0,
            gold_with_speaker: 0,
            speakers_compared: 0,
            speakers_correct: 0,
            speaker_accuracy: 0.0,
            speaker_recall: 0.0,
            dates_compared: 0,
            dates_correct: 0,
            date_accuracy: 0.0,
            passed: 0,
        }
    }

    fn add(&mut self, o: &QuoteSpeakerRow) {
        self.docs += o.docs;
        self.detection = self.detection.plus(o.detection);
        self.neutral += o.neutral;
        self.left_out += o.left_out;
        self.gold_with_speaker += o.gold_with_speaker;
        self.speakers_compared += o.speakers_compared;
        self.speakers_correct += o.speakers_correct;
        self.dates_compared += o.dates_compared;
        self.dates_correct += o.dates_correct;
        self.passed += o.passed;
        self.speaker_accuracy = ratio(self.speakers_correct, self.speakers_compared);
        self.speaker_recall = ratio(self.speakers_correct, self.gold_with_speaker);
        self.date_accuracy = ratio(self.dates_correct, self.dates_compared);
    }
}

/// Quote scores. `Display` prints Markdown tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteReport {
    /// Span scores per corpus with quotation spans (`gum`): a `direct` and an `any` row
    /// each, then `overall` rows when there is more than one corpus.
    pub spans: Vec<QuoteSpanRow>,
    /// Speaker scores per corpus of speaker gold, then `overall` when there is more than
    /// one.
    pub speakers: Vec<QuoteSpeakerRow>,
    /// Gold documents skipped because they do not annotate quotes (MEANTIME).
    pub docs_without_quote_gold: usize,
    /// Gold documents with no prediction (counted as predicting nothing).
    pub docs_missing: usize,
    /// Gold documents whose prediction has a different `text` (counted as predicting nothing).
    pub docs_text_mismatch: usize,
    /// Predicted documents whose id is not a gold document id.
    pub predictions_unmatched: usize,
    /// Predicted quotes with neither a valid span nor a `text` (speaker gold) or without a
    /// valid span (GUM).
    pub quotes_invalid: usize,
}

impl QuoteReport {
    /// The span row of a corpus (or `overall`) for `direct` or `any` quotes.
    pub fn span_row(&self, corpus: &str, quotes: &str) -> Option<&QuoteSpanRow> {
        self.spans
            .iter()
            .find(|r| r.corpus.eq_ignore_ascii_case(corpus) && r.quotes == quotes)
    }

    /// The speaker row of a corpus (or `overall`).
    pub fn speaker_row(&self, corpus: &str) -> Option<&QuoteSpeakerRow> {
        self.speakers
            .iter()
            .find(|r| r.corpus.eq_ignore_ascii_case(corpus))
    }

    /// Overlap F1 of a span row (0 for an unknown row).
    pub fn span_f1(&self, corpus: &str, quotes: &str) -> f64 {
        self.span_row(corpus, quotes).map_or(0.0, |r| r.overlap.f1)
    }

    /// Quote detection F1 of a speaker row (0 for an unknown row).
    pub fn detection_f1(&self, corpus: &str) -> f64 {
        self.speaker_row(corpus).map_or(0.0, |r| r.detection.f1)
    }

    /// Speaker accuracy over found quotes of a speaker row (0 for an unknown row).
    pub fn speaker_accuracy(&self, corpus: &str) -> f64 {
        self.speaker_row(corpus).map_or(0.0, |r| r.speaker_accuracy)
    }
}

/// A predicted quote.
struct Pred<'a> {
    item: &'a Value,
    span: Option<(usize, usize)>,
    /// `kind`, lower case; empty when absent.
    kind: String,
}

impl Pred<'_> {
    fn is(&self, kind: &str) -> bool {
        self.kind == kind
    }
}

fn preds<'a>(doc: &GoldDoc, pred: Option<&'a Value>) -> Vec<Pred<'a>> {
    let len = doc.text.chars().count();
    pred.map_or(&[][..], |p| array(p, "quotes"))
        .iter()
        .map(|item| Pred {
            item,
            span: span_of(item, len),
            kind: item
                .get("kind")
                .and_then(Value::as_str)
                .map(|k| k.trim().to_lowercase())
                .unwrap_or_default(),
        })
        .collect()
}

/// Scores predicted quotes against GUM's quotation spans and the speaker gold. Documents
/// that annotate no quotes (MEANTIME) are skipped. See `docs/eval.md`.
pub fn score_quotes(gold: &[GoldDoc], predictions: &[Value]) -> QuoteReport {
    let index = Index::new(predictions, gold);
    let mut report = QuoteReport {
        spans: vec![],
        speakers: vec![],
        docs_without_quote_gold: 0,
        docs_missing: 0,
        docs_text_mismatch: 0,
        predictions_unmatched: index.unmatched,
        quotes_invalid: 0,
    };
    // Per corpus: the `direct` and `any` rows.
    let mut span_rows: Vec<(QuoteSpanRow, QuoteSpanRow)> = vec![];
    let mut speaker_rows: Vec<QuoteSpeakerRow> = vec![];
    for doc in gold {
        let spans = doc.format.has_quote_spans();
        let speakers = doc.format.has_quote_speakers();
        if !spans && !speakers {
            report.docs_without_quote_gold += 1;
            continue;
        }
        let pred = index.find(
            doc,
            &mut report.docs_missing,
            &mut report.docs_text_mismatch,
        );
        let preds = preds(doc, pred);
        if spans {
            let (direct, any) = score_spans(doc, &preds, &mut report.quotes_invalid);
            match span_rows.iter_mut().find(|r| r.0.corpus == doc.corpus) {
                Some(rows) => {
                    rows.0.add(&direct);
                    rows.1.add(&any);
                }
                None => {
                    let mut rows = (
                        QuoteSpanRow::new(&doc.corpus, "direct"),
                        QuoteSpanRow::new(&doc.corpus, "any"),
                    );
                    rows.0.add(&direct);
                    rows.1.add(&any);
                    span_rows.push(rows);
                }
            }
        } else {
            let row = score_speakers(doc, pred, &preds, &mut report.quotes_invalid);
            match speaker_rows.iter_mut().find(|r| r.corpus == doc.corpus) {
                Some(r) => r.add(&row),
                None => {
                    let mut r = QuoteSpeakerRow::new(&doc.corpus);
                    r.add(&row);
                    speaker_rows.push(r);
                }
            }
        }
    }
    let rank = |c: &str| match c {
        MEANTIME => 0,
        GUM => 1,
        _ => 2,
    };
    span_rows
        .sort_by(|a, b| (rank(&a.0.corpus), &a.0.corpus).cmp(&(rank(&b.0.corpus), &b.0.corpus)));
    speaker_rows.sort_by(|a, b| a.corpus.cmp(&b.corpus));
    if span_rows.len() > 1 {
        let mut all = (
            QuoteSpanRow::new("overall", "direct"),
            QuoteSpanRow::new("overall", "any"),
        );
        for r in &span_rows {
            all.0.add(&r.0);
            all.1.add(&r.1);
        }
        span_rows.push(all);
    }
    if speaker_rows.len() > 1 {
        let mut all = QuoteSpeakerRow::new("overall");
        for r in &speaker_rows {
            all.add(r);
        }
        speaker_rows.push(all);
    }
    report.spans = span_rows.into_iter().flat_map(|(d, a)| [d, a]).collect();
    report.speakers = speaker_rows;
    report
}

/// `span` with quotation marks, white space and `. , ; :` trimmed from both ends (what
/// `check-seed.py` ignores around a quote); `None` when nothing is left.
fn trimmed(chars: &[char], (start, end): (usize, usize)) -> Option<(usize, usize)> {
    let skip = |c: char| c.is_whitespace() || "\"'.,;:\u{201c}\u{201d}\u{2018}\u{2019}".contains(c);
    let mut s = start;
    let mut e = end.min(chars.len());
    while s < e && skip(chars[s]) {
        s += 1;
    }
    while e > s && skip(chars[e - 1]) {
        e -= 1;
    }
    (s < e).then_some((s, e))
}

/// The `direct` and `any` rows of one document with quotation spans.
fn score_spans(doc: &GoldDoc, preds: &[Pred], invalid: &mut usize) -> (QuoteSpanRow, QuoteSpanRow) {
    let chars: Vec<char> = doc.text.chars().collect();
    let quotations: Vec<&GoldQuote> = doc.scored_quotes().collect();
    // GUM `<q>` and quotation marks outside any element.
    let unscored: Vec<(usize, usize)> = doc
        .quotes
        .iter()
        .filter(|q| !q.is_scored())
        .map(|q| (q.start, q.end))
        .collect();
    let touches_quotation = |span: (usize, usize)| {
        quotations
            .iter()
            .any(|q| overlap((q.start, q.end), span) > 0)
    };
    let touches_unscored = |span: (usize, usize)| unscored.iter().any(|&s| overlap(s, span) > 0);

    let mut rows = [
        QuoteSpanRow::new(&doc.corpus, "direct"),
        QuoteSpanRow::new(&doc.corpus, "any"),
    ];
    for (row, direct_only) in rows.iter_mut().zip([true, false]) {
        row.docs = 1;
        let gold: Vec<&GoldQuote> = quotations
            .iter()
            .copied()
            .filter(|q| !direct_only || q.kind == "direct")
            .collect();
        let mut predicted: Vec<((usize, usize), &str)> = vec![];
        for p in preds {
            if direct_only && !p.is("direct") {
                continue;
            }
            let Some(span) = p.span else {
                if !direct_only {
                    *invalid += 1;
                }
                continue;
            };
            if !touches_quotation(span) {
                if touches_unscored(span) {
                    row.neutral += 1;
                    continue;
                }
                if p.is("indirect") {
                    row.indirect_left_out += 1;
                    continue;
                }
            }
            if !predicted.iter().any(|(s, _)| *s == span) {
                predicted.push((span, p.kind.as_str()));
            }
        }
        let g: Vec<(usize, usize)> = gold.iter().map(|q| (q.start, q.end)).collect();
        let p: Vec<(usize, usize)> = predicted.iter().map(|x| x.0).collect();
        let matches = match_overlapping(&g, &p);
        row.overlap = Prf::new(matches.len(), g.len(), p.len());
        for &(gi, pi) in &matches {
            row.kinds_compared += 1;
            row.kinds_agree += (predicted[pi].1 == gold[gi].kind) as usize;
        }
        row.kind_accuracy = ratio(row.kinds_agree, row.kinds_compared);
        let mut gt: Vec<(usize, usize)> = g.iter().filter_map(|&s| trimmed(&chars, s)).collect();
        let mut pt: Vec<(usize, usize)> = p.iter().filter_map(|&s| trimmed(&chars, s)).collect();
        gt.sort_unstable();
        gt.dedup();
        pt.sort_unstable();
        pt.dedup();
        row.exact = Prf::new(count_exact(&gt, &pt), g.len(), p.len());
    }
    let [direct, any] = rows;
    (direct, any)
}

/// Whether a predicted quote's speaker is the gold speaker, as `check-seed.py` decides: the
/// speaker's `text`, or the name or any mention of its `entity`, contains the gold name or
/// an alias (normalised: case, typographic quotes, white space).
fn speaker_ok(doc: &Value, quote: &Value, gold: &crate::GoldSpeaker) -> bool {
    let Some(sp) = quote.get("speaker").filter(|s| s.is_object()) else {
        return false;
    };
    let text = |v: &Value| v.get("text").and_then(Value::as_str).map(norm);
    let mut cands: Vec<String> = text(sp).into_iter().collect();
    if let Some(id) = sp.get("entity").and_then(Value::as_str) {
        let entity = array(doc, "entities")
            .iter()
            .find(|e| e.get("id").and_then(Value::as_str) == Some(id));
        if let Some(e) = entity {
            cands.extend(e.get("name").and_then(Value::as_str).map(norm));
            cands.extend(array(e, "mentions").iter().filter_map(text));
        }
    }
    let wanted: Vec<String> = std::iter::once(&gold.name)
        .chain(&gold.aliases)
        .map(|w| norm(w))
        .filter(|w| !w.is_empty())
        .collect();
    cands
        .iter()
        .filter(|c| !c.is_empty())
        .any(|c| wanted.iter().any(|w| c.contains(w.as_str())))
}

/// The row of one document of speaker gold.
///
/// Matching is one-to-one, scored gold quotes first (in text order) and in three rounds:
/// first to a prediction with the right speaker and date, then the right speaker, then any;
/// the unscored entries then take what they match among the rest.
fn score_speakers(
    doc: &GoldDoc,
    pred_doc: Option<&Value>,
    preds: &[Pred],
    invalid: &mut usize,
) -> QuoteSpeakerRow {
    let mut row = QuoteSpeakerRow::new(&doc.corpus);
    row.docs = 1;
    let pred_doc = pred_doc.unwrap_or(&Value::Null);
    // The normalised text of every predicted quote with one.
    let texts: Vec<Option<String>> = preds
        .iter()
        .map(|p| {
            let text = match p.item.get("text").and_then(Value::as_str) {
                Some(t) => Some(t.to_string()),
                None => p.span.map(|(s, e)| doc.slice(s, e)),
            };
            if text.is_none() {
                *invalid += 1;
            }
            text.map(|t| strip_q(&t))
        })
        .collect();
    let scored: Vec<&GoldQuote> = doc.scored_quotes().collect();
    let speaker = |q: &GoldQuote, i: usize| {
        q.speaker
            .as_ref()
            .is_none_or(|s| speaker_ok(pred_doc, preds[i].item, s))
    };
    let date = |q: &GoldQuote, i: usize| {
        q.date
            .as_deref()
            .is_none_or(|d| preds[i].item.get("date").and_then(Value::as_str) == Some(d))
    };
    let starts_with = |q: &GoldQuote, i: usize| {
        let starts = strip_q(q.starts.as_deref().unwrap_or(""));
        !starts.is_empty() && texts[i].as_deref().is_some_and(|t| t.starts_with(&starts))
    };
    let mut used = vec![false; preds.len()];
    // Scored gold quote -> prediction.
    let mut pairs: Vec<Option<usize>> = vec![None; scored.len()];
    for round in 0..3 {
        for (g, q) in scored.iter().enumerate() {
            if pairs[g].is_some() {
                continue;
            }
            let fits = |i: usize| match round {
                0 => speaker(q, i) && date(q, i),
                1 => speaker(q, i),
                _ => true,
            };
            if let Some(i) = (0..preds.len()).find(|&i| !used[i] && starts_with(q, i) && fits(i)) {
                used[i] = true;
                pairs[g] = Some(i);
            }
        }
    }
    let mut neutral = vec![false; preds.len()];
    for q in doc.quotes.iter().filter(|q| !q.is_scored()) {
        if let Some(i) = (0..preds.len()).find(|&i| !used[i] && starts_with(q, i)) {
            used[i] = true;
            neutral[i] = true;
        }
    }

    row.gold_with_speaker = scored.iter().filter(|q| q.speaker.is_some()).count();
    let mut found = 0;
    for (q, pair) in scored.iter().zip(&pairs) {
        let Some(i) = *pair else { continue };
        found += 1;
        if q.speaker.is_some() {
            row.speakers_compared += 1;
            row.speakers_correct += speaker(q, i) as usize;
        }
        if q.date.is_some() {
            row.dates_compared += 1;
            row.dates_correct += date(q, i) as usize;
        }
        row.passed += (speaker(q, i) && date(q, i)) as usize;
    }
    let mut predicted = 0;
    for (i, p) in preds.iter().enumerate() {
        if texts[i].is_none() {
            continue;
        }
        if neutral[i] {
            row.neutral += 1;
        } else if used[i] || p.is("direct") {
            predicted += 1;
        } else {
            row.left_out += 1;
        }
    }
    row.detection = Prf::new(found, scored.len(), predicted);
    row.speaker_accuracy = ratio(row.speakers_correct, row.speakers_compared);
    row.speaker_recall = ratio(row.speakers_correct, row.gold_with_speaker);
    row.date_accuracy = ratio(row.dates_correct, row.dates_compared);
    row
}

impl fmt::Display for QuoteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.spans.is_empty() && self.speakers.is_empty() {
            writeln!(
                f,
                "Quotes: no gold document annotates quotes (GUM `<quote>`, or `*.gold.json` speaker gold)."
            )?;
        }
        if !self.spans.is_empty() {
            writeln!(
                f,
                "Quote spans (GUM `<quote>`, without the quotation marks; overlapping spans matched one-to-one; exact = same span, quotation marks, spaces and . , ; : at the ends ignored; direct = gold quotations starting with a capital against predicted `direct` quotes, any = all gold quotations against predicted quotes of any kind)."
            )?;
            writeln!(f)?;
            writeln!(
                f,
                "| corpus | quotes | docs | gold | predicted | P | R | F1 | exact P | exact R | exact F1 | kind acc |"
            )?;
            writeln!(f, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")?;
            for r in &self.spans {
                let name = if r.corpus == "overall" {
                    "**overall**"
                } else {
                    r.corpus.as_str()
                };
                let (o, e) = (&r.overlap, &r.exact);
                writeln!(
                    f,
                    "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    if r.quotes == "any" {
                        "any kind"
                    } else {
                        "direct"
                    },
                    r.docs,
                    o.gold,
                    o.predicted,
                    fmt_ratio(o.precision, o.predicted),
                    fmt_ratio(o.recall, o.gold),
                    fmt_ratio(o.f1, o.gold + o.predicted),
                    fmt_ratio(e.precision, e.predicted),
                    fmt_ratio(e.recall, e.gold),
                    fmt_ratio(e.f1, e.gold + e.predicted),
                    fmt_ratio(r.kind_accuracy, r.kinds_compared),
                )?;
            }
            writeln!(f)?;
            let any = self.spans.iter().rev().find(|r| r.quotes == "any");
            let mut notes = vec![format!(
                "{} on GUM `<q>` marks (not quotations) or on quotation marks GUM left unannotated neutral",
                Plural(any.map_or(0, |r| r.neutral), "predicted quote")
            )];
            notes.push(format!(
                "{} outside any gold quotation left out (GUM does not annotate reported speech)",
                Plural(any.map_or(0, |r| r.indirect_left_out), "indirect quote")
            ));
            writeln!(f, "Notes: {}.", notes.join("; "))?;
        }
        if !self.speakers.is_empty() {
            if !self.spans.is_empty() {
                writeln!(f)?;
            }
            writeln!(
                f,
                "Quote speakers (speaker gold `*.gold.json`; a gold quote is found by a predicted quote whose text starts with its opening words, one-to-one; P over predicted direct quotes and the others that found a quote; speaker acc over found quotes, speaker recall over all gold quotes with a speaker; passed = found with the right speaker and date, as check-seed.py counts)."
            )?;
            writeln!(f)?;
            writeln!(
                f,
                "| corpus | docs | gold | predicted | found | P | R | F1 | speaker acc | speaker recall | date acc | passed |"
            )?;
            writeln!(f, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")?;
            for r in &self.speakers {
                let name = if r.corpus == "overall" {
                    "**overall**"
                } else {
                    r.corpus.as_str()
                };
                let d = &r.detection;
                writeln!(
                    f,
                    "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    r.docs,
                    d.gold,
                    d.predicted,
                    d.tp,
                    fmt_ratio(d.precision, d.predicted),
                    fmt_ratio(d.recall, d.gold),
                    fmt_ratio(d.f1, d.gold + d.predicted),
                    fmt_ratio(r.speaker_accuracy, r.speakers_compared),
                    fmt_ratio(r.speaker_recall, r.gold_with_speaker),
                    fmt_ratio(r.date_accuracy, r.dates_compared),
                    r.passed,
                )?;
            }
            writeln!(f)?;
            let last = self.speakers.last();
            writeln!(
                f,
                "Notes: {} matching a gold entry that is not scored (kind partial: scare quotes, names, one- or two-word quotes) neutral; {} of other kinds than direct that found no gold entry left out.",
                Plural(last.map_or(0, |r| r.neutral), "predicted quote"),
                Plural(last.map_or(0, |r| r.left_out), "predicted quote"),
            )?;
        }
        let mut notes = vec![];
        if self.docs_without_quote_gold > 0 {
            notes.push(format!(
                "{} without quote gold skipped",
                Plural(self.docs_without_quote_gold, "document")
            ));
        }
        notes.extend(pairing_notes(
            self.docs_missing,
            self.docs_text_mismatch,
            self.predictions_unmatched,
        ));
        if self.quotes_invalid > 0 {
            notes.push(format!(
                "{} without a valid span",
                Plural(self.quotes_invalid, "predicted quote")
            ));
        }
        if !notes.is_empty() {
            writeln!(f)?;
            writeln!(f, "Also: {}.", notes.join("; "))?;
        }
        Ok(())
    }
}
