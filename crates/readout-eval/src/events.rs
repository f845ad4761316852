//! Event scoring against the PLOVER gold standard records: for each record, is an event of
//! the gold category predicted, and does one carry the gold source and target codes.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::predictions::{array, pairing_notes, Index};
use crate::{fmt_ratio, ratio, write_table, GoldDoc, Plural};

/// The PLOVER 0.5 categories of the gold standard records that are not PLOVER 2021
/// categories, with the CAMEO roots of the events that are of them. A predicted event is of
/// a gold category when its `plover` is the category's name, or, for these four, when its
/// `cameo` code starts with one of the roots. Every other GSR category (AGREE, CONSULT,
/// SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE,
/// COERCE, ASSAULT) is a PLOVER 2021 category and is matched by name only.
///
/// The roots are the CAMEO categories PLOVER 0.5 took the four from (the GSR records are the
/// CAMEO manual's examples of them; `docs/eval.md` gives the reasons), and where the 2021
/// CAMEO→PLOVER table (`shared/lexicons/plover/CAMEO2PLOVER-2021.txt`) now puts them:
pub const CAMEO_ROOTS: [(&str, &[&str]); 4] = [
    // CAMEO 10 DEMAND; PLOVER 2021 REQUEST.
    ("DEMAND", &["10"]),
    // CAMEO 11 DISAPPROVE; PLOVER 2021 ACCUSE (modes disapprove, allege).
    ("DISAPPROVE", &["11"]),
    // CAMEO 19 FIGHT (conventional military force: small arms, artillery, aerial weapons)
    // and 20 USE UNCONVENTIONAL MASS VIOLENCE (201 mass expulsion); PLOVER 2021 ASSAULT,
    // except 191-192 (blockade, occupation), now COERCE.
    ("FIGHT", &["19", "20"]),
    // CAMEO 09 INVESTIGATE; PLOVER 2021 ACCUSE, mode investigate.
    ("INVESTIGATE", &["09"]),
];

/// CAMEO's transnational actor codes. A gold code starting with one of them is matched by a
/// predicted code starting with the whole gold code (gold `IGO` matches `IGOUNO`); any
/// other gold code by a predicted code with the same first three letters, its country.
const TRANSNATIONAL: [&str; 4] = ["IGO", "IMG", "MNC", "NGO"];

/// One row of the event table: a corpus with event gold, or `overall`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub corpus: String,
    /// Gold events scored (one a PLOVER GSR record).
    pub records: usize,
    /// Records with at least one predicted event of the gold category.
    pub found: usize,
    /// `found / records`.
    pub category_accuracy: f64,
    /// Found records with gold source codes, and those where a predicted event of the
    /// category has an actor with one of the codes.
    pub sources_compared: usize,
    pub sources_correct: usize,
    /// `sources_correct / sources_compared`.
    pub source_accuracy: f64,
    /// Found records with gold target codes, and those where a predicted event of the
    /// category has a recipient with one of the codes.
    pub targets_compared: usize,
    pub targets_correct: usize,
    /// `targets_correct / targets_compared`.
    pub target_accuracy: f64,
    /// Predicted events in the scored documents.
    pub predicted: usize,
    /// `predicted / records`.
    pub events_per_record: f64,
    /// Predicted events not of the gold category (of no gold category of their document).
    pub false_events: usize,
    /// `false_events / records`.
    pub false_events_per_record: f64,
}

impl EventRow {
    fn new(corpus: &str) -> EventRow {
        EventRow {
            corpus: corpus.to_string(),
            records: 0,
            found: 0,
            category_accuracy: 0.0,
            sources_compared: 0,
            sources_correct: 0,
            source_accuracy: 0.0,
            targets_compared: 0,
            targets_correct: 0,
            target_accuracy: 0.0,
            predicted: 0,
            events_per_record: 0.0,
            false_events: 0,
            false_events_per_record: 0.0,
        }
    }

    fn add(&mut self, o: &EventRow) {
        self.records += o.records;
        self.found += o.found;
        self.sources_compared += o.sources_compared;
        self.sources_correct += o.sources_correct;
        self.targets_compared += o.targets_compared;
        self.targets_correct += o.targets_correct;
        self.predicted += o.predicted;
        self.false_events += o.false_events;
        self.finish();
    }

    fn finish(&mut self) {
        self.category_accuracy = ratio(self.found, self.records);
        self.source_accuracy = ratio(self.sources_correct, self.sources_compared);
        self.target_accuracy = ratio(self.targets_correct, self.targets_compared);
        self.events_per_record = ratio(self.predicted, self.records);
        self.false_events_per_record = ratio(self.false_events, self.records);
    }
}

/// One row of the per-category table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventCategoryRow {
    /// The gold category (PLOVER 0.5 name).
    pub category: String,
    /// Gold records of the category.
    pub gold: usize,
    /// Those with at least one predicted event of the category.
    pub found: usize,
    /// `found / gold`.
    pub accuracy: f64,
}

/// Event scores. `Display` prints Markdown tables; `Serialize` gives the numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventReport {
    /// Per corpus with event gold (`plover-gsr`), then `overall` when there are several.
    pub rows: Vec<EventRow>,
    /// Per gold category over all corpora, sorted by category.
    pub categories: Vec<EventCategoryRow>,
    /// Gold documents skipped because they do not annotate events (MEANTIME, GUM, speaker
    /// gold).
    pub docs_without_event_gold: usize,
    /// Scored gold documents with no prediction (counted as predicting nothing).
    pub docs_missing: usize,
    /// Scored gold documents whose prediction has a different `text` (counted as predicting
    /// nothing).
    pub docs_text_mismatch: usize,
    /// Predicted documents whose id is not a gold document id.
    pub predictions_unmatched: usize,
}

impl EventReport {
    /// The row of a corpus (or `overall`).
    pub fn row(&self, corpus: &str) -> Option<&EventRow> {
        self.rows
            .iter()
            .find(|r| r.corpus.eq_ignore_ascii_case(corpus))
    }

    /// The row of a gold category (`AGREE`, case-insensitive).
    pub fn category(&self, category: &str) -> Option<&EventCategoryRow> {
        self.categories
            .iter()
            .find(|r| r.category.eq_ignore_ascii_case(category))
    }

    /// Category accuracy of a row (0 for an unknown row).
    pub fn category_accuracy(&self, corpus: &str) -> f64 {
        self.row(corpus).map_or(0.0, |r| r.category_accuracy)
    }

    /// Source code accuracy of a row (0 for an unknown row).
    pub fn source_accuracy(&self, corpus: &str) -> f64 {
        self.row(corpus).map_or(0.0, |r| r.source_accuracy)
    }

    /// Target code accuracy of a row (0 for an unknown row).
    pub fn target_accuracy(&self, corpus: &str) -> f64 {
        self.row(corpus).map_or(0.0, |r| r.target_accuracy)
    }
}

/// A string field of a predicted event, trimmed.
fn field<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item.get(key).and_then(Value::as_str).map(str::trim)
}

/// Whether a predicted event is of the gold `category`: its `plover` is the category's name
/// (any case), or its `cameo` starts with a root [`CAMEO_ROOTS`] gives the category.
pub(crate) fn is_of(event: &Value, category: &str) -> bool {
    if field(event, "plover").is_some_and(|p| p.eq_ignore_ascii_case(category)) {
        return true;
    }
    let Some(cameo) = field(event, "cameo") else {
        return false;
    };
    CAMEO_ROOTS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(category))
        .is_some_and(|(_, roots)| roots.iter().any(|r| cameo.starts_with(r)))
}

/// The code of a predicted actor (`actor` or `recipient`), upper case: its `code`, else the
/// `country` of its entity in the document's `entities`.
fn actor_code(doc: &Value, actor: Option<&Value>) -> Option<String> {
    let actor = actor.filter(|a| a.is_object())?;
    let code = field(actor, "code").filter(|c| !c.is_empty()).or_else(|| {
        let entity = field(actor, "entity")?;
        array(doc, "entities")
            .iter()
            .find(|e| field(e, "id") == Some(entity))
            .and_then(|e| field(e, "country"))
            .filter(|c| !c.is_empty())
    })?;
    Some(code.to_ascii_uppercase())
}

/// Whether a predicted code carries the gold code (both upper case): the same country (the
/// first three letters), or for a transnational gold code ([`TRANSNATIONAL`]) the whole
/// gold code as a prefix.
pub(crate) fn code_matches(gold: &str, predicted: &str) -> bool {
    let key = if TRANSNATIONAL.iter().any(|t| gold.starts_with(t)) {
        gold
    } else {
        gold.get(..3).unwrap_or(gold)
    };
    !key.is_empty() && predicted.starts_with(key)
}

/// Which side of a gold event is compared.
#[derive(Clone, Copy)]
enum Side {
    Source,
    Target,
}

/// Whether a predicted event has, on the gold side's role (`actor` for the source,
/// `recipient` for the target), an actor whose code matches one of `codes`. A `symmetric`
/// event ("met", "talks between") names its two sides in no meaningful order, so either
/// of its actor and recipient may match.
fn side_matches(doc: &Value, event: &Value, codes: &[&str], side: Side) -> bool {
    let (own, other) = match side {
        Side::Source => ("actor", "recipient"),
        Side::Target => ("recipient", "actor"),
    };
    let symmetric = event.get("symmetric").and_then(Value::as_bool) == Some(true);
    let roles: &[&str] = if symmetric { &[own, other] } else { &[own] };
    roles.iter().any(|role| {
        actor_code(doc, event.get(*role))
            .is_some_and(|code| codes.iter().any(|g| code_matches(g, &code)))
    })
}

/// Scores predicted events against the gold events (the PLOVER GSR). Documents without
/// event gold are skipped. See `docs/eval.md`.
pub fn score_events(gold: &[GoldDoc], predictions: &[Value]) -> EventReport {
    let index = Index::new(predictions, gold);
    let mut report = EventReport {
        rows: vec![],
        categories: vec![],
        docs_without_event_gold: 0,
        docs_missing: 0,
        docs_text_mismatch: 0,
        predictions_unmatched: index.unmatched,
    };
    let mut rows: Vec<EventRow> = vec![];
    // Category -> (gold, found).
    let mut categories: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let empty = Value::Null;
    for doc in gold {
        if !doc.format.has_event_gold() {
            report.docs_without_event_gold += 1;
            continue;
        }
        let pred = index.find(
            doc,
            &mut report.docs_missing,
            &mut report.docs_text_mismatch,
        );
        let events = pred.map_or(&[][..], |p| array(p, "events"));
        let pred = pred.unwrap_or(&empty);

        let mut row = EventRow::new(&doc.corpus);
        row.predicted = events.len();
        row.false_events = events
            .iter()
            .filter(|e| !doc.events.iter().any(|g| is_of(e, &g.category)))
            .count();
        for g in &doc.events {
            row.records += 1;
            let of: Vec<&Value> = events.iter().filter(|e| is_of(e, &g.category)).collect();
            let cat = categories.entry(g.category.as_str()).or_default();
            cat.0 += 1;
            if of.is_empty() {
                continue;
            }
            cat.1 += 1;
            row.found += 1;
            let sources = g.source_codes();
            if !sources.is_empty() {
                row.sources_compared += 1;
                row.sources_correct += of
                    .iter()
                    .any(|e| side_matches(pred, e, &sources, Side::Source))
                    as usize;
            }
            let targets = g.target_codes();
            if !targets.is_empty() {
                row.targets_compared += 1;
                row.targets_correct += of
                    .iter()
                    .any(|e| side_matches(pred, e, &targets, Side::Target))
                    as usize;
            }
        }
        match rows.iter_mut().find(|r| r.corpus == doc.corpus) {
            Some(r) => r.add(&row),
            None => {
                let mut r = EventRow::new(&doc.corpus);
                r.add(&row);
                rows.push(r);
            }
        }
    }
    rows.sort_by(|a, b| a.corpus.cmp(&b.corpus));
    if rows.len() > 1 {
        let mut all = EventRow::new("overall");
        for r in &rows {
            all.add(r);
        }
        rows.push(all);
    }
    report.rows = rows;
    report.categories = categories
        .into_iter()
        .map(|(category, (gold, found))| EventCategoryRow {
            category: category.to_string(),
            gold,
            found,
            accuracy: ratio(found, gold),
        })
        .collect();
    report
}

impl fmt::Display for EventReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.rows.is_empty() {
            writeln!(
                f,
                "Events: no gold document codes events (PLOVER gold standard records, `plover-gsr*.json`)."
            )?;
        } else {
            writeln!(
                f,
                "Events (PLOVER gold standard records, one gold event a record; found = some predicted event of the gold category: its `plover`, or its CAMEO root for DEMAND 10, DISAPPROVE 11, FIGHT 19/20, INVESTIGATE 09; source and target acc over found records with gold codes: some event of the category whose actor (recipient) has a gold source (target) country code, either way round when it is symmetric; false events = predicted events not of the gold category)."
            )?;
            writeln!(f)?;
            let rows: Vec<Vec<String>> = self
                .rows
                .iter()
                .map(|r| {
                    let name = if r.corpus == "overall" {
                        "**overall**".to_string()
                    } else {
                        r.corpus.clone()
                    };
                    vec![
                        name,
                        r.records.to_string(),
                        r.found.to_string(),
                        fmt_ratio(r.category_accuracy, r.records),
                        r.sources_compared.to_string(),
                        r.sources_correct.to_string(),
                        fmt_ratio(r.source_accuracy, r.sources_compared),
                        r.targets_compared.to_string(),
                        r.targets_correct.to_string(),
                        fmt_ratio(r.target_accuracy, r.targets_compared),
                        r.predicted.to_string(),
                        fmt_ratio(r.events_per_record, r.records),
                        r.false_events.to_string(),
                        fmt_ratio(r.false_events_per_record, r.records),
                    ]
                })
                .collect();
            write_table(
                f,
                &[
                    "corpus",
                    "records",
                    "found",
                    "category acc",
                    "sources",
                    "sources right",
                    "source acc",
                    "targets",
                    "targets right",
                    "target acc",
                    "events",
                    "events/record",
                    "false events",
                    "false/record",
                ],
                1,
                &rows,
            )?;
            writeln!(f)?;
            writeln!(
                f,
                "Per gold category (found = records with a predicted event of the category)."
            )?;
            writeln!(f)?;
            let rows: Vec<Vec<String>> = self
                .categories
                .iter()
                .map(|c| {
                    vec![
                        c.category.clone(),
                        c.gold.to_string(),
                        c.found.to_string(),
                        fmt_ratio(c.accuracy, c.gold),
                    ]
                })
                .collect();
            write_table(f, &["category", "gold", "found", "accuracy"], 1, &rows)?;
        }
        let mut notes = vec![];
        if self.docs_without_event_gold > 0 {
            notes.push(format!(
                "{} without event gold skipped",
                Plural(self.docs_without_event_gold, "document")
            ));
        }
        notes.extend(pairing_notes(
            self.docs_missing,
            self.docs_text_mismatch,
            self.predictions_unmatched,
        ));
        if !notes.is_empty() {
            writeln!(f)?;
            writeln!(f, "Also: {}.", notes.join("; "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ev(plover: &str, cameo: &str) -> Value {
        json!({"plover": plover, "cameo": cameo})
    }

    #[test]
    fn categories_by_name_or_mapped_root() {
        // A PLOVER 2021 category: by name only, any case.
        assert!(is_of(&ev("CONSULT", "043"), "CONSULT"));
        assert!(is_of(&ev(" consult ", "043"), "CONSULT"));
        assert!(!is_of(&ev("SUPPORT", "043"), "CONSULT"));
        assert!(!is_of(&json!({"cameo": "040"}), "CONSULT"));
        // The four PLOVER 0.5 categories: by name, or by their CAMEO roots.
        assert!(is_of(&ev("REQUEST", "1042"), "DEMAND"));
        assert!(is_of(&ev("DEMAND", "999"), "DEMAND"));
        assert!(!is_of(&ev("REQUEST", "0102"), "DEMAND"));
        assert!(is_of(&ev("ACCUSE", "112"), "DISAPPROVE"));
        assert!(!is_of(&ev("REJECT", "120"), "DISAPPROVE"));
        assert!(is_of(&ev("ACCUSE", "091"), "INVESTIGATE"));
        assert!(!is_of(&ev("ACCUSE", "112"), "INVESTIGATE"));
        assert!(is_of(&ev("ASSAULT", "194"), "FIGHT"));
        assert!(is_of(&ev("COERCE", "192"), "FIGHT"));
        assert!(is_of(&ev("ASSAULT", "201"), "FIGHT"));
        assert!(!is_of(&ev("ASSAULT", "183"), "FIGHT"));
        // ASSAULT is a PLOVER 2021 name: matched by name, whatever the root.
        assert!(is_of(&ev("ASSAULT", "194"), "ASSAULT"));
        assert!(!is_of(&ev("FIGHT", "194"), "ASSAULT"));
        // Not an object, no fields: of no category.
        assert!(!is_of(&json!("AGREE"), "AGREE"));
    }

    #[test]
    fn codes_by_country_or_transnational_prefix() {
        assert!(code_matches("USA", "USA"));
        assert!(code_matches("USA", "USAGOV"));
        assert!(!code_matches("USA", "RUSGOV"));
        assert!(!code_matches("USA", "US"));
        assert!(code_matches("IGO", "IGOUNO"));
        assert!(!code_matches("IGO", "NGOAMN"));
        // A longer transnational gold code is a prefix as a whole, not its first letters.
        assert!(code_matches("IGOUNO", "IGOUNOIAE"));
        assert!(!code_matches("IGOUNO", "IGOWSTNAT"));
        // A longer country gold code compares by its country.
        assert!(code_matches("ISRMIL", "ISRGOV"));
        assert!(!code_matches("", "USA"));
    }
}
