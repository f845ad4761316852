//! Finding the prediction for a gold document and reading spans out of it.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::{GoldDoc, Plural};

pub(crate) struct Index<'a> {
    by_id: HashMap<&'a str, &'a Value>,
    /// Predicted documents whose id names no gold document (or that have no id).
    pub unmatched: usize,
}

pub(crate) enum Lookup<'a> {
    Found(&'a Value),
    /// No prediction for the document: scored as if nothing was predicted.
    Missing,
    /// The prediction's `text` differs from the gold text, so its offsets mean nothing:
    /// scored as if nothing was predicted.
    TextMismatch,
}

impl<'a> Index<'a> {
    pub fn new(predictions: &'a [Value], gold: &[GoldDoc]) -> Index<'a> {
        let gold_ids: HashSet<&str> = gold.iter().map(|g| g.id.as_str()).collect();
        let mut by_id = HashMap::new();
        let mut unmatched = 0;
        for p in predictions {
            match p.get("id").and_then(Value::as_str) {
                Some(id) if gold_ids.contains(id) => {
                    // The first prediction for an id wins.
                    by_id.entry(id).or_insert(p);
                }
                _ => unmatched += 1,
            }
        }
        Index { by_id, unmatched }
    }

    pub fn lookup(&self, doc: &GoldDoc) -> Lookup<'a> {
        match self.by_id.get(doc.id.as_str()) {
            None => Lookup::Missing,
            Some(p) => match p.get("text").and_then(Value::as_str) {
                Some(t) if t != doc.text => Lookup::TextMismatch,
                _ => Lookup::Found(p),
            },
        }
    }
}

impl<'a> Index<'a> {
    /// The prediction to score `doc` against, counting the documents that have none (or one
    /// whose text differs) in the report's `missing` and `mismatch`.
    pub fn find(
        &self,
        doc: &GoldDoc,
        missing: &mut usize,
        mismatch: &mut usize,
    ) -> Option<&'a Value> {
        match self.lookup(doc) {
            Lookup::Found(p) => Some(p),
            Lookup::Missing => {
                *missing += 1;
                None
            }
            Lookup::TextMismatch => {
                *mismatch += 1;
                None
            }
        }
    }
}

/// The notes every report gives about pairing predictions with gold documents.
pub(crate) fn pairing_notes(missing: usize, mismatch: usize, unmatched: usize) -> Vec<String> {
    let mut notes = vec![];
    if missing > 0 {
        notes.push(format!(
            "{} had no prediction (scored as empty)",
            Plural(missing, "document")
        ));
    }
    if mismatch > 0 {
        notes.push(format!(
            "{} had a prediction whose text differs from the gold text (scored as empty)",
            Plural(mismatch, "document")
        ));
    }
    if unmatched > 0 {
        notes.push(format!(
            "{} matched no gold document id",
            Plural(unmatched, "prediction")
        ));
    }
    notes
}

/// `start`/`end` of a predicted item as a non-empty span inside a text of `len` code points.
pub(crate) fn span_of(item: &Value, len: usize) -> Option<(usize, usize)> {
    let start = usize::try_from(item.get("start")?.as_u64()?).ok()?;
    let end = usize::try_from(item.get("end")?.as_u64()?).ok()?;
    (start < end && end <= len).then_some((start, end))
}

/// The array `key` of a predicted document (empty when absent).
pub(crate) fn array<'a>(doc: &'a Value, key: &str) -> &'a [Value] {
    doc.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}
