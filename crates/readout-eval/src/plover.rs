//! The PLOVER gold standard records (Open Event Data Alliance, `openeventdata/PLOVER`,
//! CC BY-SA 4.0; `shared/eval/plover-gsr/PLOVER_GSR_CAMEO_readme.tex`): a JSON array of
//! records, each a sentence (or short story) from the CAMEO manual coded with one PLOVER 0.5
//! event:
//!
//! ```text
//! [{"id": "PLOVER-GSR01-DOCUMENT-0001", "event": "DOCUMENT", ..},          (skipped)
//!  {"id": "PLOVER-GSR01-AGREE-0001", "date": "2000-01-01", "event": "AGREE",
//!   "source": [{"actorText": "Hungarian", "code": "HUN", "sector": "GOV"}, ..],
//!   "target": "", "eventText": "agreed cooperate", "context": "refugees",
//!   "text": "Senior Hungarian and Romanian officials agreed on Wednesday ..", ..}, ..]
//! ```
//!
//! Every record but the `DOCUMENT` one becomes a [`GoldDoc`] whose text is the record's
//! `text` and whose one [`GoldEvent`] is its `event`, `source` and `target`. A side that is
//! not a non-empty list (`null`, a string such as `""` or `"diplomatic"`, `[]`) has no gold
//! actor. Only files named `plover-gsr*.json` are read as GSR ([`is_gsr`]).

use std::path::Path;

use serde_json::{Map, Value};

use crate::meantime::{day_of, Loaded};
use crate::{EvalError, GoldActor, GoldDoc, GoldEvent, GoldFormat, PLOVER_GSR};

/// Country codes of the GSR that are not ISO 3166-1 alpha-3, although the readme says every
/// nation-state was recoded to its ISO code, with that code: `ITL` (Italy, 2 records), `JAP`
/// (Japan, 1), `VTN` (Vietnam, 1). Rewritten on loading, so a coder giving the ISO code is
/// not marked wrong.
const CODE_FIXES: [(&str, &str); 3] = [("ITL", "ITA"), ("JAP", "JPN"), ("VTN", "VNM")];

/// `plover-gsr*.json` (any case), not a `*.gold.json` speaker gold file.
pub(crate) fn is_gsr(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        n.starts_with("plover-gsr") && n.ends_with(".json") && !n.ends_with(".gold.json")
    })
}

pub(crate) fn load(path: &Path, raw: &str) -> Result<Vec<Loaded>, EvalError> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let value: Value = serde_json::from_str(raw).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        source,
    })?;
    let records = value
        .as_array()
        .ok_or_else(|| EvalError::format(path, "PLOVER GSR is not a JSON array of records"))?;
    let mut out = vec![];
    for (i, record) in records.iter().enumerate() {
        let n = i + 1;
        let obj = record
            .as_object()
            .ok_or_else(|| EvalError::format(path, format!("record {n} is not a JSON object")))?;
        let Some(id) = text_field(obj, "id") else {
            return Err(EvalError::format(
                path,
                format!("record {n} has no `id` (a string)"),
            ));
        };
        let what = |message: &str| EvalError::format(path, format!("record {n} ({id}): {message}"));
        let Some(category) = text_field(obj, "event") else {
            return Err(what("no `event` (the PLOVER category)"));
        };
        let category = category.to_ascii_uppercase();
        // The file's own documentation, not an event.
        if category == "DOCUMENT" {
            continue;
        }
        let Some(text) = obj
            .get("text")
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
        else {
            return Err(what("no `text`"));
        };
        let published = match obj.get("date") {
            None | Some(Value::Null) => None,
            Some(d) => Some(
                d.as_str()
                    .and_then(|d| day_of(d.trim()))
                    .ok_or_else(|| what(&format!("`date` {d} is not YYYY-MM-DD")))?,
            ),
        };
        let mut loaded = Loaded::default();
        let mut side = |key: &str| -> Result<Vec<GoldActor>, EvalError> {
            let Some(items) = obj.get(key).and_then(Value::as_array) else {
                return Ok(vec![]);
            };
            let mut actors = vec![];
            for (j, a) in items.iter().enumerate() {
                let a = a.as_object().ok_or_else(|| {
                    what(&format!("`{key}` entry {} is not a JSON object", j + 1))
                })?;
                let code = text_field(a, "code").map(|c| {
                    let c = c.to_ascii_uppercase();
                    match CODE_FIXES.iter().find(|(bad, _)| *bad == c) {
                        Some((_, iso)) => {
                            loaded.codes_rewritten += 1;
                            iso.to_string()
                        }
                        None => c,
                    }
                });
                actors.push(GoldActor {
                    text: text_field(a, "actorText").unwrap_or_default(),
                    code,
                    sector: text_field(a, "sector"),
                });
            }
            Ok(actors)
        };
        let source = side("source")?;
        let target = side("target")?;
        loaded.doc = GoldDoc {
            id,
            corpus: PLOVER_GSR.to_string(),
            format: GoldFormat::PloverGsr,
            text: text.to_string(),
            published,
            title: None,
            mentions: vec![],
            timexes: vec![],
            quotes: vec![],
            events: vec![GoldEvent {
                category,
                mode: text_field(obj, "mode"),
                text: text_field(obj, "eventText"),
                context: text_field(obj, "context"),
                source,
                target,
            }],
            // The record is its whole text.
            annotated_until: None,
        };
        out.push(loaded);
    }
    Ok(out)
}

/// A string field, trimmed; `None` when absent, not a string or empty.
fn text_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
