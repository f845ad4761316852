//! Named entity mention scoring.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::metrics::{count_exact, match_overlapping, overlap, Prf};
use crate::predictions::{array, pairing_notes, span_of, Index};
use crate::text::slice_chars;
use crate::{fmt_ratio, GoldDoc, Plural, ENTITY_LABELS};

/// One row of the entity table: a label, `micro` (over PER/ORG/LOC) or `span` (any label).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRow {
    pub label: String,
    /// Same span and label.
    pub exact: Prf,
    /// Overlapping span and same label, one-to-one.
    pub partial: Prf,
}

/// Entity mention scores. `Display` prints a Markdown table; `Serialize` gives the numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityReport {
    /// Corpora whose documents were scored.
    pub corpora: Vec<String>,
    /// Gold documents scored.
    pub docs: usize,
    /// Gold documents skipped because they have no entity gold (GUM, speaker gold).
    pub docs_without_entity_gold: usize,
    /// Scored gold documents with no prediction (counted as predicting nothing).
    pub docs_missing: usize,
    /// Scored gold documents whose prediction has a different `text` (counted as predicting
    /// nothing: the offsets would point elsewhere).
    pub docs_text_mismatch: usize,
    /// Predicted documents whose id is not a gold document id.
    pub predictions_unmatched: usize,
    /// `PER`, `ORG`, `LOC`, then `micro` and `span`.
    pub rows: Vec<EntityRow>,
    /// Predicted mentions that are not names (pronouns, common nouns), left out.
    pub mentions_not_names: usize,
    /// Predicted mentions of entities whose kind is not scored (`group`, unknown), left out.
    pub mentions_unscored_kind: usize,
    /// Predicted mentions inside unscored gold annotation (a product name, an appositive,
    /// a nominal the gold marks), neither right nor wrong.
    pub mentions_neutral: usize,
    /// Predicted mentions whose offsets are missing, empty or past the end of the text.
    pub mentions_invalid: usize,
    /// Scored gold documents annotated only in part (`GoldDoc::annotated_until` is set).
    pub docs_annotated_in_part: usize,
    /// Predicted mentions that would be scored (a name of a scored kind, distinct span and
    /// label) but start after the annotated part of their document: neither right nor wrong.
    pub mentions_after_annotation: usize,
}

impl EntityReport {
    /// The row for `PER`, `ORG`, `LOC`, `micro` or `span` (case-insensitive).
    pub fn row(&self, label: &str) -> Option<&EntityRow> {
        self.rows
            .iter()
            .find(|r| r.label.eq_ignore_ascii_case(label))
    }

    /// Exact-match F1 of a row (0 for an unknown row).
    pub fn f1(&self, label: &str) -> f64 {
        self.row(label).map_or(0.0, |r| r.exact.f1)
    }

    pub fn precision(&self, label: &str) -> f64 {
        self.row(label).map_or(0.0, |r| r.exact.precision)
    }

    pub fn recall(&self, label: &str) -> f64 {
        self.row(label).map_or(0.0, |r| r.exact.recall)
    }

    /// Overlap-match F1 of a row (0 for an unknown row).
    pub fn partial_f1(&self, label: &str) -> f64 {
        self.row(label).map_or(0.0, |r| r.partial.f1)
    }
}

/// The scored label of a predicted entity kind: Readout's kinds, plus the usual NER labels
/// so that other systems' output can be scored unchanged.
pub(crate) fn label_of_kind(kind: &str) -> Option<&'static str> {
    match kind.trim().to_ascii_lowercase().as_str() {
        "person" | "per" => Some("PER"),
        "organization" | "organisation" | "org" => Some("ORG"),
        "country" | "place" | "loc" | "location" | "gpe" => Some("LOC"),
        _ => None,
    }
}

/// Pronouns and determiners: a capitalised one (`He`, `The company`) does not make a name.
const FUNCTION_WORDS: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "we",
    "us",
    "our",
    "ours",
    "you",
    "your",
    "yours",
    "he",
    "him",
    "his",
    "she",
    "her",
    "hers",
    "it",
    "its",
    "they",
    "them",
    "their",
    "theirs",
    "this",
    "that",
    "these",
    "those",
    "the",
    "a",
    "an",
    "who",
    "whom",
    "whose",
    "which",
    "what",
    "there",
    "here",
    "one",
    "someone",
    "everyone",
    "anyone",
    "nobody",
    "some",
    "any",
    "all",
    "both",
    "each",
    "either",
    "neither",
    "itself",
    "himself",
    "herself",
    "themselves",
];

/// Whether a predicted mention reads as a name: some word other than a pronoun or
/// determiner has a capital letter (`US` counts; `He`, `The company`, `its` do not).
pub(crate) fn is_name_like(s: &str) -> bool {
    s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let caps = w.chars().filter(|c| c.is_uppercase()).count();
        let all_caps = caps >= 2 && !w.chars().any(char::is_lowercase);
        caps > 0 && (all_caps || !FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
    })
}

/// Scores predicted entity mentions against the named PER/ORG/LOC mentions of the gold
/// documents whose corpus has entity gold (MEANTIME). See `docs/eval.md`.
pub fn score_entities(gold: &[GoldDoc], predictions: &[Value]) -> EntityReport {
    let index = Index::new(predictions, gold);
    let mut report = EntityReport {
        corpora: vec![],
        docs: 0,
        docs_without_entity_gold: 0,
        docs_missing: 0,
        docs_text_mismatch: 0,
        predictions_unmatched: index.unmatched,
        rows: vec![],
        mentions_not_names: 0,
        mentions_unscored_kind: 0,
        mentions_neutral: 0,
        mentions_invalid: 0,
        docs_annotated_in_part: 0,
        mentions_after_annotation: 0,
    };
    let mut exact = [Prf::default(); 3];
    let mut partial = [Prf::default(); 3];
    let mut span_exact = Prf::default();
    let mut span_partial = Prf::default();

    for doc in gold {
        if !doc.format.has_entity_gold() {
            report.docs_without_entity_gold += 1;
            continue;
        }
        report.docs += 1;
        report.docs_annotated_in_part += doc.annotated_until.is_some() as usize;
        if !report.corpora.contains(&doc.corpus) {
            report.corpora.push(doc.corpus.clone());
        }
        let pred = index.find(
            doc,
            &mut report.docs_missing,
            &mut report.docs_text_mismatch,
        );
        let predicted = pred.map_or_else(Vec::new, |p| predicted_mentions(doc, p, &mut report));

        for (li, label) in ENTITY_LABELS.iter().enumerate() {
            let g: Vec<(usize, usize)> = doc
                .mentions
                .iter()
                .filter(|m| m.label == *label)
                .map(|m| (m.start, m.end))
                .collect();
            let p: Vec<(usize, usize)> = predicted
                .iter()
                .filter(|m| m.2 == *label)
                .map(|m| (m.0, m.1))
                .collect();
            exact[li] = exact[li].plus(Prf::new(count_exact(&g, &p), g.len(), p.len()));
            let tp = match_overlapping(&g, &p).len();
            partial[li] = partial[li].plus(Prf::new(tp, g.len(), p.len()));
        }
        let mut g: Vec<(usize, usize)> = doc.scored_mentions().map(|m| (m.start, m.end)).collect();
        g.dedup();
        let mut p: Vec<(usize, usize)> = predicted.iter().map(|m| (m.0, m.1)).collect();
        p.sort();
        p.dedup();
        span_exact = span_exact.plus(Prf::new(count_exact(&g, &p), g.len(), p.len()));
        span_partial =
            span_partial.plus(Prf::new(match_overlapping(&g, &p).len(), g.len(), p.len()));
    }

    for (li, label) in ENTITY_LABELS.iter().enumerate() {
        report.rows.push(EntityRow {
            label: label.to_string(),
            exact: exact[li],
            partial: partial[li],
        });
    }
    report.rows.push(EntityRow {
        label: "micro".to_string(),
        exact: exact.iter().fold(Prf::default(), |a, &b| a.plus(b)),
        partial: partial.iter().fold(Prf::default(), |a, &b| a.plus(b)),
    });
    report.rows.push(EntityRow {
        label: "span".to_string(),
        exact: span_exact,
        partial: span_partial,
    });
    report
}

/// The scorable predicted mentions of one document: `(start, end, label)`, sorted, unique.
fn predicted_mentions(
    doc: &GoldDoc,
    pred: &Value,
    report: &mut EntityReport,
) -> Vec<(usize, usize, &'static str)> {
    let len = doc.text.chars().count();
    let scored: Vec<(usize, usize)> = doc.scored_mentions().map(|m| (m.start, m.end)).collect();
    let mut out = vec![];
    let mut after = vec![];
    for entity in array(pred, "entities") {
        let label = entity
            .get("kind")
            .and_then(Value::as_str)
            .and_then(label_of_kind);
        for m in array(entity, "mentions") {
            // Readout says which mentions are names: a titled mention ("US Secretary of State
            // Antony Blinken") is scored by its name part; descriptions ("the top US
            // diplomat") are not named mentions. Demonyms ("Chinese") are: MEANTIME marks them as LOC
            // names of their country, as Readout does.
            let mention_type = m.get("type").and_then(Value::as_str).unwrap_or("name");
            if matches!(mention_type, "description" | "group" | "pronoun") {
                report.mentions_not_names += 1;
                continue;
            }
            let name_span = match (
                m.get("name_start").and_then(Value::as_u64),
                m.get("name_end").and_then(Value::as_u64),
            ) {
                (Some(s), Some(e)) => Some(serde_json::json!({"start": s, "end": e})),
                _ => None,
            };
            let Some(span) = span_of(name_span.as_ref().unwrap_or(m), len) else {
                report.mentions_invalid += 1;
                continue;
            };
            let Some(label) = label else {
                report.mentions_unscored_kind += 1;
                continue;
            };
            if !is_name_like(&slice_chars(&doc.text, span.0, span.1)) {
                report.mentions_not_names += 1;
                continue;
            }
            if !doc.is_annotated_at(span.0) {
                after.push((span.0, span.1, label));
                continue;
            }
            if is_neutral(doc, &scored, span) {
                report.mentions_neutral += 1;
                continue;
            }
            out.push((span.0, span.1, label));
        }
    }
    after.sort();
    after.dedup();
    report.mentions_after_annotation += after.len();
    out.sort();
    out.dedup();
    out
}

/// A prediction touching no scored gold mention is neutral when it lies inside a named
/// unscored gold mention (`PRO`, `FIN`, `MIX`, `UNK`, `EXT`) or is exactly a `NOM` one.
fn is_neutral(doc: &GoldDoc, scored: &[(usize, usize)], span: (usize, usize)) -> bool {
    if scored.iter().any(|&g| overlap(g, span) > 0) {
        return false;
    }
    doc.mentions.iter().filter(|m| !m.is_scored()).any(|m| {
        if m.label == "NOM" {
            (m.start, m.end) == span
        } else {
            m.start <= span.0 && span.1 <= m.end
        }
    })
}

impl fmt::Display for EntityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let corpora = if self.corpora.is_empty() {
            "no corpus with entity gold".to_string()
        } else {
            self.corpora.join(", ")
        };
        writeln!(
            f,
            "Entity mentions: {} ({corpora}); exact = same span and label, partial = overlapping span and same label.",
            Plural(self.docs, "document"),
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "| label | gold | predicted | P | R | F1 | partial P | partial R | partial F1 |"
        )?;
        writeln!(f, "|---|--:|--:|--:|--:|--:|--:|--:|--:|")?;
        for r in &self.rows {
            let label = match r.label.as_str() {
                "micro" => "**micro**",
                "span" => "span (any label)",
                l => l,
            };
            let (e, p) = (&r.exact, &r.partial);
            writeln!(
                f,
                "| {label} | {} | {} | {} | {} | {} | {} | {} | {} |",
                e.gold,
                e.predicted,
                fmt_ratio(e.precision, e.predicted),
                fmt_ratio(e.recall, e.gold),
                fmt_ratio(e.f1, e.gold + e.predicted),
                fmt_ratio(p.precision, p.predicted),
                fmt_ratio(p.recall, p.gold),
                fmt_ratio(p.f1, p.gold + p.predicted),
            )?;
        }
        writeln!(f)?;
        let mut notes = pairing_notes(
            self.docs_missing,
            self.docs_text_mismatch,
            self.predictions_unmatched,
        );
        if self.docs_without_entity_gold > 0 {
            notes.push(format!(
                "{} without entity gold skipped",
                Plural(self.docs_without_entity_gold, "document")
            ));
        }
        if self.docs_annotated_in_part > 0 {
            notes.push(format!(
                "{} after the annotated part left out ({} of {} annotated only in part)",
                Plural(self.mentions_after_annotation, "predicted mention"),
                self.docs_annotated_in_part,
                Plural(self.docs, "document"),
            ));
        }
        notes.push(format!(
            "predicted mentions left out: {} not names, {} of unscored kinds, {} neutral (inside unscored gold), {} invalid",
            self.mentions_not_names,
            self.mentions_unscored_kind,
            self.mentions_neutral,
            self.mentions_invalid
        ));
        writeln!(f, "Notes: {}.", notes.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_like() {
        for s in [
            "Boeing",
            "US",
            "the United States",
            "Michael O'Leary",
            "AT&T",
            "eBay",
        ] {
            assert!(is_name_like(s), "{s}");
        }
        for s in [
            "he",
            "He",
            "The company",
            "its",
            "I",
            "the US manufacturer's",
            "it",
        ] {
            assert_eq!(is_name_like(s), s.contains("US"), "{s}");
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(label_of_kind("person"), Some("PER"));
        assert_eq!(label_of_kind("country"), Some("LOC"));
        assert_eq!(label_of_kind("place"), Some("LOC"));
        assert_eq!(label_of_kind("organization"), Some("ORG"));
        assert_eq!(label_of_kind("group"), None);
        assert_eq!(label_of_kind("GPE"), Some("LOC"));
    }
}
