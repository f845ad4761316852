//! A readout/1 document as table rows: one insert per row, each a statement and its values.

use std::collections::HashMap;

use readout_core::{DocumentOut, EntityOut};

use crate::value::Value;

pub(crate) struct Insert {
    pub sql: &'static str,
    pub values: Vec<Value>,
}

/// Codes that name no country in their first three letters (international and non-state
/// actors): their country comes from the entity, not the code.
const NON_STATE_PREFIXES: &[&str] = &["IGO", "NGO", "IMG", "MNC", "UIS", "REB", "---"];

/// The country of an event side: its entity's, else its code's first three letters.
fn side_country(entity: Option<&EntityOut>, code: Option<&str>) -> Option<String> {
    if let Some(c) = entity.and_then(|e| e.country.clone()) {
        return Some(c);
    }
    let code = code?;
    let prefix = code.get(..3)?;
    (prefix.chars().all(|c| c.is_ascii_uppercase()) && !NON_STATE_PREFIXES.contains(&prefix))
        .then(|| prefix.to_string())
}

/// The month an event date falls in (`YYYY-MM`), for dates of a day, week or month: the ISO
/// week's Thursday decides a week's month, as ISO 8601 assigns weeks to years. Years, decades
/// and references have none.
pub fn event_month(value: &str, precision: &str) -> Option<String> {
    match precision {
        "day" | "month" => {
            let m = value.get(..7)?;
            (m.as_bytes()[4] == b'-'
                && m[..4]
                    .bytes()
                    .chain(m[5..].bytes())
                    .all(|b| b.is_ascii_digit()))
            .then(|| m.to_string())
        }
        "week" => {
            let (y, w) = value.split_once("-W")?;
            let week = jiff::civil::ISOWeekDate::new(
                y.parse().ok()?,
                w.get(..2).unwrap_or(w).parse().ok()?,
                jiff::civil::Weekday::Thursday,
            )
            .ok()?;
            Some(jiff::civil::Date::from(week).strftime("%Y-%m").to_string())
        }
        _ => None,
    }
}

pub(crate) fn document_rows(
    doc: &DocumentOut,
    id: &str,
    text_hash: &str,
    readout_version: &str,
    lexicon_hash: &str,
    coded_at: &str,
) -> Result<(Insert, Vec<Insert>), serde_json::Error> {
    // the readout/1 JSON without its text: the `text` column holds that once
    let json = {
        let mut v = serde_json::to_value(doc)?;
        if let Some(o) = v.as_object_mut() {
            o.remove("text");
        }
        serde_json::to_string(&v)?
    };
    // apart from the rest: it is written first, and the rest only if it was inserted
    let document = Insert {
        sql: "INSERT INTO documents (id, title, source, url, published, text, text_hash, \
              readout_version, lexicon_hash, coded_at, document) \
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        values: vec![
            id.into(),
            doc.title.clone().into(),
            doc.source.clone().into(),
            doc.url.clone().into(),
            doc.published.clone().into(),
            doc.text.as_str().into(),
            text_hash.into(),
            readout_version.into(),
            lexicon_hash.into(),
            coded_at.into(),
            json.into(),
        ],
    };
    let mut rows = Vec::new();
    let entities: HashMap<&str, &EntityOut> =
        doc.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    for e in &doc.entities {
        rows.push(Insert {
            sql: "INSERT INTO entities (doc_id, entity_id, kind, name, country, code, subtype, \
                  mentions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            values: vec![
                id.into(),
                e.id.as_str().into(),
                e.kind.as_str().into(),
                e.name.as_str().into(),
                e.country.clone().into(),
                e.code.clone().into(),
                e.subtype.clone().into(),
                e.mentions.len().into(),
            ],
        });
        let mut seen = std::collections::HashSet::new();
        for m in &e.mentions {
            if !seen.insert((m.start, m.end)) {
                continue;
            }
            rows.push(Insert {
                sql: "INSERT INTO mentions (doc_id, entity_id, start_offset, end_offset, text, \
                      mention_type) VALUES (?, ?, ?, ?, ?, ?)",
                values: vec![
                    id.into(),
                    e.id.as_str().into(),
                    m.start.into(),
                    m.end.into(),
                    m.text.as_str().into(),
                    m.mention_type.as_str().into(),
                ],
            });
        }
    }
    let chars: Vec<(usize, char)> = doc.text.char_indices().collect();
    let slice = |start: usize, end: usize| -> String {
        let at = |c: usize| chars.get(c).map_or(doc.text.len(), |&(b, _)| b);
        doc.text
            .get(at(start)..at(end.max(start)))
            .unwrap_or("")
            .to_string()
    };
    for v in &doc.events {
        let side = |a: &Option<readout_core::ActorOut>| {
            let entity = a
                .as_ref()
                .and_then(|a| a.entity.as_deref())
                .and_then(|id| entities.get(id).copied());
            let code = a.as_ref().and_then(|a| a.code.clone());
            (
                a.as_ref().and_then(|a| a.entity.clone()),
                code.clone(),
                side_country(entity, code.as_deref()),
                entity.map(|e| e.name.clone()),
                a.as_ref().map(|a| a.text.clone()),
            )
        };
        let (ae, ac, acountry, aname, atext) = side(&v.actor);
        let (re, rc, rcountry, rname, rtext) = side(&v.recipient);
        rows.push(Insert {
            sql: "INSERT INTO events (doc_id, event_id, event_date, event_month, date_precision, date_from, \
                  cameo, cameo_root, cameo_label, plover, plover_mode, goldstein, quad_class, \
                  actor_entity, actor_code, actor_country, actor_name, actor_text, \
                  recipient_entity, recipient_code, recipient_country, recipient_name, \
                  recipient_text, is_symmetric, status, place_name, place_country, \
                  place_geonameid, place_lat, place_lon, sentence_start, sentence_end, sentence, \
                  trigger_text, quote_id, rule, retellings) \
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \
                  ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values: vec![
                id.into(),
                v.id.as_str().into(),
                v.date.as_ref().map(|d| d.value.clone()).into(),
                v.date
                    .as_ref()
                    .and_then(|d| event_month(&d.value, &d.precision))
                    .into(),
                v.date.as_ref().map(|d| d.precision.clone()).into(),
                v.date.as_ref().map(|d| d.from.clone()).into(),
                v.cameo.as_str().into(),
                v.cameo.get(..2).unwrap_or(&v.cameo).into(),
                v.cameo_label.as_str().into(),
                v.plover.clone().into(),
                v.plover_mode.clone().into(),
                v.goldstein.into(),
                i64::from(v.quad_class).into(),
                ae.into(),
                ac.into(),
                acountry.into(),
                aname.into(),
                atext.into(),
                re.into(),
                rc.into(),
                rcountry.into(),
                rname.into(),
                rtext.into(),
                v.symmetric.into(),
                v.status.as_str().into(),
                v.place.as_ref().map(|p| p.name.clone()).into(),
                v.place.as_ref().and_then(|p| p.country.clone()).into(),
                v.place
                    .as_ref()
                    .and_then(|p| p.geonameid)
                    .map(|g| i64::try_from(g).unwrap_or(i64::MAX))
                    .into(),
                v.place.as_ref().and_then(|p| p.lat).into(),
                v.place.as_ref().and_then(|p| p.lon).into(),
                v.sentence.start.into(),
                v.sentence.end.into(),
                slice(v.sentence.start, v.sentence.end).into(),
                v.trigger.text.as_str().into(),
                v.quote.clone().into(),
                v.rule.as_str().into(),
                v.mentions.len().into(),
            ],
        });
    }
    for q in &doc.quotes {
        let speaker = q.speaker.as_ref();
        let entity = speaker
            .and_then(|s| s.entity.as_deref())
            .and_then(|id| entities.get(id).copied());
        rows.push(Insert {
            sql: "INSERT INTO quotes (doc_id, quote_id, kind, text, start_offset, end_offset, \
                  speaker_entity, speaker_text, speaker_name, speaker_country, speaker_code, \
                  quote_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values: vec![
                id.into(),
                q.id.as_str().into(),
                q.kind.as_str().into(),
                q.text.as_str().into(),
                q.start.into(),
                q.end.into(),
                speaker.and_then(|s| s.entity.clone()).into(),
                speaker.map(|s| s.text.clone()).into(),
                entity.map(|e| e.name.clone()).into(),
                entity.and_then(|e| e.country.clone()).into(),
                entity.and_then(|e| e.code.clone()).into(),
                q.date.clone().into(),
            ],
        });
    }
    for s in &doc.sources {
        rows.push(Insert {
            sql: "INSERT INTO sources (doc_id, source_id, text, outlet, anonymous, cue) \
                  VALUES (?, ?, ?, ?, ?, ?)",
            values: vec![
                id.into(),
                s.id.as_str().into(),
                s.text.as_str().into(),
                s.outlet.clone().into(),
                s.anonymous.into(),
                s.cue.as_str().into(),
            ],
        });
    }
    Ok((document, rows))
}

#[cfg(test)]
mod tests {
    use super::event_month;

    #[test]
    fn an_event_month_comes_from_days_months_and_iso_weeks_only() {
        assert_eq!(event_month("2023-06-05", "day").as_deref(), Some("2023-06"));
        assert_eq!(event_month("2022-11", "month").as_deref(), Some("2022-11"));
        // ISO week 39 of 2019 runs 23-29 September; week 1 of 2021 starts on 4 January
        assert_eq!(event_month("2019-W39", "week").as_deref(), Some("2019-09"));
        assert_eq!(event_month("2020-W53", "week").as_deref(), Some("2020-12"));
        assert_eq!(event_month("2023", "year"), None);
        assert_eq!(event_month("201", "decade"), None);
        assert_eq!(event_month("PAST_REF", "ref"), None);
        assert_eq!(event_month("garbage", "day"), None);
    }
}
