//! The founding article against its gold: every person (name, country, role, organisation,
//! mention count), organisation, place, `not_people` entry and timex. Matching follows the
//! gold's own `how_to_match` and `shared/tools/check-seed.py`.

use readout_core::{Article, Lexicon, Pipeline};
use serde_json::Value;

const TEXT: &str = include_str!("fixtures/seed/000_96816e06d1c519d8.txt");
const GOLD: &str = include_str!("fixtures/seed/000_96816e06d1c519d8.gold.json");

fn norm(s: &str) -> String {
    let s = s
        .replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"");
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn name_match(gold: &str, name: &str) -> bool {
    let (g, n) = (norm(gold), norm(name));
    if g == n {
        return true;
    }
    let gw: Vec<&str> = g.split(' ').collect();
    let nw: Vec<&str> = n.split(' ').collect();
    gw.iter().all(|w| nw.contains(w)) && nw.len() <= gw.len() + 1
}

fn coded() -> (Value, Value) {
    let gold: Value = serde_json::from_str(GOLD).unwrap();
    let published = gold["published"].as_str().unwrap().parse().unwrap();
    let pipeline = Pipeline::new(Lexicon::builtin().unwrap()).unwrap();
    let out = pipeline.code(&Article {
        id: Some("seed".into()),
        published: Some(published),
        text: TEXT.to_string(),
        ..Default::default()
    });
    (gold, serde_json::to_value(out).unwrap())
}

fn entities<'a>(doc: &'a Value, kinds: &[&str]) -> Vec<&'a Value> {
    doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| kinds.contains(&e["kind"].as_str().unwrap()))
        .collect()
}

fn names_and_mentions(e: &Value) -> Vec<String> {
    let mut v = vec![norm(e["name"].as_str().unwrap_or(""))];
    v.extend(
        e["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| norm(m["text"].as_str().unwrap())),
    );
    v
}

#[test]
fn seed_people_have_their_country_role_and_organisation() {
    let (gold, doc) = coded();
    let persons = entities(&doc, &["person"]);
    let mut failures = Vec::new();
    for p in gold["people"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let found = persons.iter().any(|e| {
            if !name_match(name, e["name"].as_str().unwrap()) || e["country"] != p["country"] {
                return false;
            }
            let titles: Vec<String> = e["roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    format!(
                        "{} | {}",
                        norm(r["title"].as_str().unwrap_or("")),
                        norm(r["org"].as_str().unwrap_or(""))
                    )
                })
                .collect();
            let role_ok = titles
                .iter()
                .any(|t| t.contains(&norm(p["role"].as_str().unwrap())));
            let org_ok = p["org"]
                .as_str()
                .is_none_or(|o| titles.iter().any(|t| t.contains(&norm(o))));
            let mentions_ok = e["mentions"].as_array().unwrap().len() as u64
                >= p["mentions_at_least"].as_u64().unwrap_or(1);
            role_ok && org_ok && mentions_ok
        });
        if !found {
            failures.push(name.to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "people not coded as the gold says: {failures:?}\n{}",
        serde_json::to_string_pretty(&persons).unwrap()
    );
}

#[test]
fn seed_not_people_are_not_people() {
    let (gold, doc) = coded();
    let person_names: Vec<String> = entities(&doc, &["person"])
        .iter()
        .map(|e| norm(e["name"].as_str().unwrap()))
        .collect();
    for n in gold["not_people"].as_array().unwrap() {
        let n = norm(n.as_str().unwrap());
        assert!(!person_names.contains(&n), "'{n}' was coded as a person");
    }
}

#[test]
fn seed_organisations_are_found_with_their_country() {
    let (gold, doc) = coded();
    let orgs = entities(&doc, &["organization", "group"]);
    for o in gold["organizations"].as_array().unwrap() {
        let mut names = vec![norm(o["name"].as_str().unwrap())];
        names.extend(
            o["aliases"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| norm(a.as_str().unwrap())),
        );
        let hit = orgs.iter().any(|e| {
            names.iter().any(|n| names_and_mentions(e).contains(n))
                && o["country"].as_str().is_none_or(|c| e["country"] == c)
        });
        assert!(
            hit,
            "organisation {} not found with that name and country",
            o["name"]
        );
    }
}

#[test]
fn seed_places_have_their_country() {
    let (gold, doc) = coded();
    let places = entities(&doc, &["place"]);
    for p in gold["places"].as_array().unwrap() {
        let hit = places.iter().any(|e| {
            norm(e["name"].as_str().unwrap()) == norm(p["name"].as_str().unwrap())
                && e["country"] == p["country"]
        });
        assert!(
            hit,
            "place {} not found with country {}",
            p["name"], p["country"]
        );
    }
}

#[test]
fn seed_timexes_resolve_against_the_publication_date() {
    let (gold, doc) = coded();
    let timexes = doc["timexes"].as_array().unwrap();
    for t in gold["timexes"].as_array().unwrap() {
        let text = norm(t["text"].as_str().unwrap());
        let same: Vec<&Value> = timexes
            .iter()
            .filter(|x| {
                let xt = norm(x["text"].as_str().unwrap());
                xt.contains(&text) || (!xt.is_empty() && text.contains(&xt))
            })
            .collect();
        assert!(!same.is_empty(), "timex '{text}' not found");
        for x in same {
            let value = x["value"].as_str().unwrap_or("");
            let ok = if t["value"] == "future" {
                value.starts_with("FUTURE")
            } else {
                value == t["value"].as_str().unwrap()
            };
            assert!(ok, "timex '{text}' = {value}, gold {}", t["value"]);
        }
    }
}

#[test]
fn seed_blinken_is_one_entity_with_his_surname_and_description() {
    let (_, doc) = coded();
    let blinken: Vec<&Value> = entities(&doc, &["person"])
        .into_iter()
        .filter(|e| e["name"] == "Antony Blinken")
        .collect();
    assert_eq!(blinken.len(), 1, "one entity for Blinken");
    let mentions: Vec<String> = blinken[0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| norm(m["text"].as_str().unwrap()))
        .collect();
    assert!(
        mentions.contains(&"the top us diplomat".to_string()),
        "{mentions:?}"
    );
    assert!(
        mentions.iter().filter(|m| *m == "blinken").count() >= 5,
        "{mentions:?}"
    );
    assert_eq!(blinken[0]["code"], "USAGOV");
}

fn strip_quote(s: &str) -> String {
    norm(s)
        .trim_matches(|c: char| " \"'.,;:".contains(c))
        .to_string()
}

#[test]
fn seed_quotes_have_their_speaker_and_date() {
    let (gold, doc) = coded();
    let entities: Vec<&Value> = doc["entities"].as_array().unwrap().iter().collect();
    let mut failures = Vec::new();
    for q in gold["quotes"].as_array().unwrap() {
        let starts = strip_quote(q["starts"].as_str().unwrap());
        let mut wanted = vec![norm(q["speaker"].as_str().unwrap())];
        wanted.extend(
            q["speaker_aliases"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| norm(a.as_str().unwrap())),
        );
        let ok = doc["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| strip_quote(x["text"].as_str().unwrap()).starts_with(&starts))
            .any(|x| {
                let sp = &x["speaker"];
                let mut names = vec![norm(sp["text"].as_str().unwrap_or(""))];
                if let Some(e) = entities.iter().find(|e| e["id"] == sp["entity"]) {
                    names.extend(names_and_mentions(e));
                }
                let speaker_ok = wanted.iter().any(|w| {
                    names
                        .iter()
                        .any(|n| !n.is_empty() && n.contains(w.as_str()))
                });
                let date_ok = q["date"].as_str().is_none_or(|d| x["date"] == d);
                speaker_ok && date_ok
            });
        if !ok {
            failures.push(starts);
        }
    }
    assert!(
        failures.is_empty(),
        "quotes without the gold speaker or date: {failures:?}\n{}",
        serde_json::to_string_pretty(&doc["quotes"]).unwrap()
    );
}

#[test]
fn seed_sources_have_outlet_and_anonymity() {
    let (gold, doc) = coded();
    let sources = doc["sources"].as_array().unwrap();
    for s in gold["sources"].as_array().unwrap() {
        let g = norm(s["text"].as_str().unwrap());
        let hits: Vec<&Value> = sources
            .iter()
            .filter(|x| {
                let t = norm(x["text"].as_str().unwrap());
                t.contains(&g) || (g.contains(&t) && t.len() * 10 >= g.len() * 6)
            })
            .collect();
        assert!(!hits.is_empty(), "source '{g}' not found in {sources:?}");
        if let Some(outlet) = s["outlet"].as_str() {
            assert!(
                hits.iter().any(|x| x["outlet"] == outlet),
                "source '{g}': outlet {outlet} missing"
            );
        }
        if let Some(anon) = s["anonymous"].as_bool() {
            assert!(
                hits.iter().any(|x| x["anonymous"] == anon),
                "source '{g}': anonymity should be {anon}"
            );
        }
    }
}

#[test]
fn seed_pronoun_and_description_speakers_are_mentions_of_their_entity() {
    let (_, doc) = coded();
    for q in doc["quotes"].as_array().unwrap() {
        let sp = &q["speaker"];
        let Some(id) = sp["entity"].as_str() else {
            continue;
        };
        let e = doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .expect("speaker entity exists");
        let (start, end) = (sp["start"].as_u64().unwrap(), sp["end"].as_u64().unwrap());
        let covered =
            e["mentions"].as_array().unwrap().iter().any(|m| {
                m["start"].as_u64().unwrap() <= start && end <= m["end"].as_u64().unwrap()
            });
        assert!(
            covered,
            "speaker '{}' is not a mention of {}",
            sp["text"], e["name"]
        );
    }
}

/// The country of an event side: its entity's country, else its code's first three letters
/// (as check-seed.py reads it).
fn side_country(doc: &Value, side: &Value) -> Option<String> {
    if side.is_null() {
        return None;
    }
    let entity = side["entity"].as_str().and_then(|id| {
        doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"].as_str() == Some(id))
    });
    if let Some(c) = entity.and_then(|e| e["country"].as_str()) {
        return Some(c.to_string());
    }
    side["code"]
        .as_str()
        .filter(|c| c.len() >= 3)
        .map(|c| c[..3].to_string())
}

#[test]
fn seed_events_have_actors_date_place_status_and_participants() {
    let (gold, doc) = coded();
    let events = doc["events"].as_array().unwrap();
    let entity_name = |id: &str| {
        doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"].as_str() == Some(id))
            .map(|e| e["name"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let mut failures = Vec::new();
    for g in gold["events"].as_array().unwrap() {
        let want = (
            g["actor"].as_str().map(str::to_string),
            g["recipient"].as_str().map(str::to_string),
        );
        let mut why = "no event with these actors".to_string();
        let ok = events.iter().any(|v| {
            let got = (
                side_country(&doc, &v["actor"]),
                side_country(&doc, &v["recipient"]),
            );
            let swapped = (got.1.clone(), got.0.clone());
            if got != want && !(v["symmetric"] == true && swapped == want) {
                return false;
            }
            if let Some(date) = g["date"].as_str() {
                let value = v["date"]["value"].as_str().unwrap_or("");
                if !value.starts_with(date) {
                    why = format!("date {value} != {date}");
                    return false;
                }
            }
            if let Some(place) = g["place"].as_str() {
                if norm(v["place"]["name"].as_str().unwrap_or("")) != norm(place) {
                    why = format!("place {} != {place}", v["place"]["name"]);
                    return false;
                }
            }
            if let Some(status) = g["status"].as_str() {
                if v["status"].as_str() != Some(status) {
                    why = format!("status {} != {status}", v["status"]);
                    return false;
                }
            }
            if let Some(plover) = g["plover"].as_str() {
                if !plover.split('|').any(|p| v["plover"].as_str() == Some(p)) {
                    why = format!("plover {} not in {plover}", v["plover"]);
                    return false;
                }
            }
            if let Some(root) = g["cameo_root"].as_str() {
                let code = v["cameo"].as_str().unwrap_or("");
                if !root.split('|').any(|r| code.starts_with(r)) {
                    why = format!("cameo {code} not in root {root}");
                    return false;
                }
            }
            let names: Vec<String> = v["participants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| entity_name(p.as_str().unwrap()))
                .collect();
            let missing: Vec<&str> = g["participants"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter()
                .filter(|p| !names.iter().any(|n| name_match(p, n)))
                .collect();
            if !missing.is_empty() {
                why = format!("participants missing {missing:?}");
                return false;
            }
            true
        });
        if !ok {
            failures.push(format!("{}: {why}", g["what"]));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
