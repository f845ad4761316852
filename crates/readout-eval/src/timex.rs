//! Temporal expression scoring: spans and normalised values.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::metrics::{count_exact, match_overlapping, overlap, Prf};
use crate::predictions::{array, pairing_notes, span_of, Index};
use crate::{fmt_ratio, GoldDoc, Plural, GUM, MEANTIME};

/// One row of the timex table: a corpus or `overall`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimexRow {
    pub corpus: String,
    pub docs: usize,
    /// Overlapping spans, matched one-to-one: the main span score.
    pub span: Prf,
    /// Identical spans.
    pub exact_span: Prf,
    /// Gold DURATION and SET expressions, not scored.
    pub excluded_gold: usize,
    /// Predictions overlapping only excluded gold, neither right nor wrong.
    pub neutral_predictions: usize,
    /// Documents annotated only in part (`GoldDoc::annotated_until` is set).
    pub docs_annotated_in_part: usize,
    /// Predictions (distinct spans) starting after the annotated part of their document,
    /// neither right nor wrong.
    pub predictions_after_annotation: usize,
    /// Scored gold expressions with a comparable value.
    pub gold_with_value: usize,
    /// Matched gold expressions with a comparable value.
    pub values_compared: usize,
    /// ... whose predicted value equals the gold value at the gold's precision.
    pub values_correct: usize,
    /// `values_correct / values_compared`.
    pub value_accuracy: f64,
    /// ... whose predicted value equals the gold value exactly (after normalisation).
    pub values_correct_strict: usize,
    /// `values_correct_strict / values_compared`.
    pub value_accuracy_strict: f64,
    /// `values_correct / gold_with_value`: found and resolved right, end to end.
    pub value_recall: f64,
}

impl TimexRow {
    fn new(corpus: &str) -> TimexRow {
        TimexRow {
            corpus: corpus.to_string(),
            docs: 0,
            span: Prf::default(),
            exact_span: Prf::default(),
            excluded_gold: 0,
            neutral_predictions: 0,
            docs_annotated_in_part: 0,
            predictions_after_annotation: 0,
            gold_with_value: 0,
            values_compared: 0,
            values_correct: 0,
            value_accuracy: 0.0,
            values_correct_strict: 0,
            value_accuracy_strict: 0.0,
            value_recall: 0.0,
        }
    }

    fn add(&mut self, o: &TimexRow) {
        self.docs += o.docs;
        self.span = self.span.plus(o.span);
        self.exact_span = self.exact_span.plus(o.exact_span);
        self.excluded_gold += o.excluded_gold;
        self.neutral_predictions += o.neutral_predictions;
        self.docs_annotated_in_part += o.docs_annotated_in_part;
        self.predictions_after_annotation += o.predictions_after_annotation;
        self.gold_with_value += o.gold_with_value;
        self.values_compared += o.values_compared;
        self.values_correct += o.values_correct;
        self.values_correct_strict += o.values_correct_strict;
        self.finish();
    }

    fn finish(&mut self) {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.value_accuracy = ratio(self.values_correct, self.values_compared);
        self.value_accuracy_strict = ratio(self.values_correct_strict, self.values_compared);
        self.value_recall = ratio(self.values_correct, self.gold_with_value);
    }
}

/// Timex scores per corpus and overall. `Display` prints a Markdown table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimexReport {
    /// One row per corpus (`meantime`, `gum`), then `overall`.
    pub rows: Vec<TimexRow>,
    /// Gold documents with no prediction (counted as predicting nothing).
    pub docs_missing: usize,
    /// Gold documents whose prediction has a different `text` (counted as predicting nothing).
    pub docs_text_mismatch: usize,
    /// Predicted documents whose id is not a gold document id.
    pub predictions_unmatched: usize,
    /// Predicted timexes whose offsets are missing, empty or past the end of the text.
    pub timexes_invalid: usize,
    /// Gold documents skipped because they do not annotate temporal expressions (speaker
    /// gold).
    pub docs_without_timex_gold: usize,
}

impl TimexReport {
    /// The row of a corpus or `overall` (case-insensitive).
    pub fn row(&self, corpus: &str) -> Option<&TimexRow> {
        self.rows
            .iter()
            .find(|r| r.corpus.eq_ignore_ascii_case(corpus))
    }

    /// Span (overlap) F1 (0 for an unknown row).
    pub fn f1(&self, corpus: &str) -> f64 {
        self.row(corpus).map_or(0.0, |r| r.span.f1)
    }

    pub fn precision(&self, corpus: &str) -> f64 {
        self.row(corpus).map_or(0.0, |r| r.span.precision)
    }

    pub fn recall(&self, corpus: &str) -> f64 {
        self.row(corpus).map_or(0.0, |r| r.span.recall)
    }

    /// Value accuracy at the gold's precision over matched gold with a value.
    pub fn value_accuracy(&self, corpus: &str) -> f64 {
        self.row(corpus).map_or(0.0, |r| r.value_accuracy)
    }

    /// Exact value accuracy over matched gold with a value.
    pub fn value_accuracy_strict(&self, corpus: &str) -> f64 {
        self.row(corpus).map_or(0.0, |r| r.value_accuracy_strict)
    }
}

/// A TIMEX3-style value in comparable form, or `None` when it says nothing comparable.
///
/// With `precision` (Readout's `day`, `month`, `year`, `decade`) the value is first cut to
/// it. Then: upper case; a time of day is dropped (`2005-04-27T08:30Z` → `2005-04-27`:
/// Readout resolves dates, not clock times); unknown trailing parts are dropped
/// (`2011-06-XX` → `2011-06`); decades are written TIMEX3-style (`196X`, `1960s` → `196`);
/// a value with an unknown year (`XXXX-XX-XX`) is `None`. `PRESENT_REF`, `P2Y`, `2006-Q4`,
/// `2017-W28` are kept as they are.
pub fn normalise_value(value: &str, precision: Option<&str>) -> Option<String> {
    let mut v = value.trim().to_ascii_uppercase();
    if v.is_empty() {
        return None;
    }
    let digits =
        |s: &str, n: usize| s.len() >= n && s.as_bytes()[..n].iter().all(u8::is_ascii_digit);
    if digits(&v, 4) {
        let cut = match precision.map(|p| p.trim().to_ascii_lowercase()).as_deref() {
            Some("day") => Some(10),
            Some("month") => Some(7),
            Some("year") => Some(4),
            Some("decade") => Some(3),
            Some("century") => Some(2),
            _ => None,
        };
        if let Some(n) = cut {
            v.truncate(n.min(v.len()));
        }
    }
    // Time of day after a (possibly partly unknown) date.
    if let Some(t) = v.find('T') {
        let date = &v[..t];
        let date_like = date.len() >= 4
            && date
                .split('-')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'X'));
        if date_like {
            v.truncate(t);
        }
    }
    while v.len() > 4 && v.ends_with("-XX") {
        v.truncate(v.len() - 3);
    }
    if v.len() == 4 && digits(&v, 3) && v.ends_with('X') {
        v.truncate(3);
    } else if v.len() == 4 && digits(&v, 2) && v.ends_with("XX") {
        v.truncate(2);
    } else if v.len() == 5 && digits(&v, 4) && v.ends_with("0S") {
        v.truncate(3);
    }
    if v.starts_with('X') {
        return None;
    }
    Some(v)
}

/// `2007`, `2007-05`, `196`, `19`: a calendar period that finer dates fall inside.
fn is_calendar_prefix(v: &str) -> bool {
    let b = v.as_bytes();
    match b.len() {
        2..=4 => b.iter().all(u8::is_ascii_digit),
        7 => {
            b[..4].iter().all(u8::is_ascii_digit)
                && b[4] == b'-'
                && b[5..].iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Equal at the gold's precision: a finer prediction inside the gold period counts
/// (gold `2007-05`, predicted `2007-05-14`), a coarser one does not.
pub(crate) fn same_at_gold_precision(gold: &str, pred: &str) -> bool {
    if gold == pred {
        return true;
    }
    is_calendar_prefix(gold)
        && pred.starts_with(gold)
        && pred.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && (gold.len() < 4 || pred.as_bytes().get(gold.len()) == Some(&b'-'))
}

/// Scores predicted timexes against the DATE and TIME expressions of every gold document.
/// See `docs/eval.md`.
pub fn score_timexes(gold: &[GoldDoc], predictions: &[Value]) -> TimexReport {
    let index = Index::new(predictions, gold);
    let mut report = TimexReport {
        rows: vec![],
        docs_missing: 0,
        docs_text_mismatch: 0,
        predictions_unmatched: index.unmatched,
        timexes_invalid: 0,
        docs_without_timex_gold: 0,
    };
    let mut corpora: Vec<TimexRow> = vec![];
    for doc in gold {
        if !doc.format.has_timex_gold() {
            report.docs_without_timex_gold += 1;
            continue;
        }
        let row = match corpora.iter().position(|r| r.corpus == doc.corpus) {
            Some(i) => &mut corpora[i],
            None => {
                corpora.push(TimexRow::new(&doc.corpus));
                corpora.last_mut().unwrap()
            }
        };
        let pred = index.find(
            doc,
            &mut report.docs_missing,
            &mut report.docs_text_mismatch,
        );
        let mut doc_row = TimexRow::new(&doc.corpus);
        score_doc(doc, pred, &mut doc_row, &mut report.timexes_invalid);
        row.add(&doc_row);
    }
    let rank = |c: &str| match c {
        MEANTIME => 0,
        GUM => 1,
        _ => 2,
    };
    corpora.sort_by(|a, b| (rank(&a.corpus), &a.corpus).cmp(&(rank(&b.corpus), &b.corpus)));
    let mut overall = TimexRow::new("overall");
    for r in &corpora {
        overall.add(r);
    }
    report.rows = corpora;
    report.rows.push(overall);
    report
}

fn score_doc(doc: &GoldDoc, pred: Option<&Value>, row: &mut TimexRow, invalid: &mut usize) {
    row.docs = 1;
    row.docs_annotated_in_part = doc.annotated_until.is_some() as usize;
    let mut gold = vec![];
    let mut excluded = vec![];
    for t in &doc.timexes {
        if t.is_scored() {
            if !gold.iter().any(|(s, _)| *s == (t.start, t.end)) {
                let value = t.value.as_deref().and_then(|v| normalise_value(v, None));
                gold.push(((t.start, t.end), value));
            }
        } else {
            excluded.push((t.start, t.end));
        }
    }
    row.excluded_gold = excluded.len();
    row.gold_with_value = gold.iter().filter(|g| g.1.is_some()).count();

    let len = doc.text.chars().count();
    let mut predicted: Vec<((usize, usize), Option<String>)> = vec![];
    let mut after: Vec<(usize, usize)> = vec![];
    for t in pred.map_or(&[][..], |p| array(p, "timexes")) {
        let Some(span) = span_of(t, len) else {
            *invalid += 1;
            continue;
        };
        if !doc.is_annotated_at(span.0) {
            if !after.contains(&span) {
                after.push(span);
            }
            continue;
        }
        let touches_gold = gold.iter().any(|g| overlap(g.0, span) > 0);
        if !touches_gold && excluded.iter().any(|&e| overlap(e, span) > 0) {
            row.neutral_predictions += 1;
            continue;
        }
        if predicted.iter().any(|p| p.0 == span) {
            continue;
        }
        let precision = t.get("precision").and_then(Value::as_str);
        let value = t
            .get("value")
            .and_then(Value::as_str)
            .and_then(|v| normalise_value(v, precision));
        predicted.push((span, value));
    }

    row.predictions_after_annotation = after.len();

    let g: Vec<(usize, usize)> = gold.iter().map(|g| g.0).collect();
    let p: Vec<(usize, usize)> = predicted.iter().map(|p| p.0).collect();
    let matches = match_overlapping(&g, &p);
    row.span = Prf::new(matches.len(), g.len(), p.len());
    row.exact_span = Prf::new(count_exact(&g, &p), g.len(), p.len());
    for (gi, pi) in matches {
        let Some(gv) = &gold[gi].1 else { continue };
        row.values_compared += 1;
        if let Some(pv) = &predicted[pi].1 {
            if pv == gv {
                row.values_correct_strict += 1;
            }
            if same_at_gold_precision(gv, pv) {
                row.values_correct += 1;
            }
        }
    }
    row.finish();
}

impl fmt::Display for TimexReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Temporal expressions (DATE and TIME; span = overlapping, one-to-one; value = at the gold's precision, over matched gold with a value)."
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "| corpus | docs | gold | predicted | P | R | F1 | exact-span F1 | values | value acc | strict acc | value recall |"
        )?;
        writeln!(f, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")?;
        for r in &self.rows {
            let name = if r.corpus == "overall" {
                "**overall**"
            } else {
                r.corpus.as_str()
            };
            let s = &r.span;
            writeln!(
                f,
                "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.docs,
                s.gold,
                s.predicted,
                fmt_ratio(s.precision, s.predicted),
                fmt_ratio(s.recall, s.gold),
                fmt_ratio(s.f1, s.gold + s.predicted),
                fmt_ratio(r.exact_span.f1, s.gold + s.predicted),
                r.values_compared,
                fmt_ratio(r.value_accuracy, r.values_compared),
                fmt_ratio(r.value_accuracy_strict, r.values_compared),
                fmt_ratio(r.value_recall, r.gold_with_value),
            )?;
        }
        writeln!(f)?;
        let mut notes = vec![];
        if self.docs_without_timex_gold > 0 {
            notes.push(format!(
                "{} without timex gold skipped",
                Plural(self.docs_without_timex_gold, "document")
            ));
        }
        notes.extend(pairing_notes(
            self.docs_missing,
            self.docs_text_mismatch,
            self.predictions_unmatched,
        ));
        let all = self.rows.last();
        if let Some(all) = all.filter(|r| r.docs_annotated_in_part > 0) {
            notes.push(format!(
                "{} after the annotated part left out ({} of {} annotated only in part)",
                Plural(all.predictions_after_annotation, "prediction"),
                all.docs_annotated_in_part,
                Plural(all.docs, "document"),
            ));
        }
        notes.push(format!(
            "{} not scored ({} on them neutral); {}",
            Plural(
                all.map_or(0, |r| r.excluded_gold),
                "DURATION/SET gold expression"
            ),
            Plural(all.map_or(0, |r| r.neutral_predictions), "prediction"),
            Plural(self.timexes_invalid, "invalid predicted span"),
        ));
        writeln!(f, "Notes: {}.", notes.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: &str) -> Option<String> {
        normalise_value(v, None)
    }

    #[test]
    fn normalising() {
        assert_eq!(n("2005-04-27T08:30Z").as_deref(), Some("2005-04-27"));
        assert_eq!(n("2009-12-11TXX").as_deref(), Some("2009-12-11"));
        assert_eq!(n("2011-06-XX").as_deref(), Some("2011-06"));
        assert_eq!(n("XXXX-XX-XX"), None);
        assert_eq!(n("196X").as_deref(), Some("196"));
        assert_eq!(n("1960s").as_deref(), Some("196"));
        assert_eq!(n("19XX").as_deref(), Some("19"));
        assert_eq!(n("present_ref").as_deref(), Some("PRESENT_REF"));
        assert_eq!(n("PT30M").as_deref(), Some("PT30M"));
        assert_eq!(n("2017-W28").as_deref(), Some("2017-W28"));
        assert_eq!(n(" "), None);
        assert_eq!(
            normalise_value("2007-05-01", Some("month")).as_deref(),
            Some("2007-05")
        );
        assert_eq!(
            normalise_value("1965-01-01", Some("decade")).as_deref(),
            Some("196")
        );
        assert_eq!(
            normalise_value("PAST_REF", Some("ref")).as_deref(),
            Some("PAST_REF")
        );
    }

    #[test]
    fn gold_precision() {
        assert!(same_at_gold_precision("2007-05", "2007-05"));
        assert!(same_at_gold_precision("2007-05", "2007-05-14"));
        assert!(same_at_gold_precision("2007", "2007-05"));
        assert!(same_at_gold_precision("196", "1965"));
        assert!(!same_at_gold_precision("2007-05-14", "2007-05"));
        assert!(!same_at_gold_precision("2007", "20071"));
        assert!(!same_at_gold_precision("PRESENT_REF", "PAST_REF"));
        assert!(!same_at_gold_precision("2017-W28", "2017-W28-WE"));
    }
}
