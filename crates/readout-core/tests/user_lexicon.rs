//! `--lexicon` files extend the built-in knowledge without recompiling.

use readout_core::{Article, Lexicon, Pipeline};

const EXTRA: &str = r#"
[[actor]]
name = "Zorbu Quennel"
kind = "person"
codes = ["FRAGOV@2020-01-01..2022-12-31", "FRAELI@2023-01-01.."]
aliases = ["Quennel"]

[[place]]
name = "Vostrakia"
country = "UKR"
kind = "region"
lat = 48.0
lon = 38.0

[[title]]
phrase = "grand vizier"
sector = "GOV"
"#;

fn code(lexicon: Lexicon, text: &str, date: &str) -> readout_core::DocumentOut {
    let pipeline = Pipeline::new(lexicon).unwrap();
    pipeline.code(&Article {
        text: text.into(),
        published: Some(date.parse().unwrap()),
        ..Default::default()
    })
}

#[test]
fn user_actor_place_and_title_are_used_with_date_bounded_codes() {
    let mut lex = Lexicon::builtin().unwrap();
    lex.add_toml("extra.toml", EXTRA).unwrap();
    let text =
        "Zorbu Quennel visited Vostrakia on Monday. Later, grand vizier Ostap Melnyk met Quennel.";
    let doc = code(lex, text, "2021-05-05");
    let quennel = doc
        .entities
        .iter()
        .find(|e| e.name == "Zorbu Quennel")
        .expect("user actor found");
    assert_eq!(quennel.code.as_deref(), Some("FRAGOV"));
    assert_eq!(quennel.country.as_deref(), Some("FRA"));
    assert_eq!(
        quennel.mentions.len(),
        2,
        "alias is a mention of the same entity"
    );
    let place = doc
        .entities
        .iter()
        .find(|e| e.name == "Vostrakia")
        .expect("user place found");
    assert_eq!(
        (place.kind.as_str(), place.country.as_deref()),
        ("place", Some("UKR"))
    );
    let vizier = doc
        .entities
        .iter()
        .find(|e| e.name == "Ostap Melnyk")
        .expect("titled person");
    assert_eq!(vizier.roles[0].title, "grand vizier");

    let mut lex = Lexicon::builtin().unwrap();
    lex.add_toml("extra.toml", EXTRA).unwrap();
    let later = code(lex, text, "2024-01-01");
    let quennel = later
        .entities
        .iter()
        .find(|e| e.name == "Zorbu Quennel")
        .unwrap();
    assert_eq!(
        quennel.code.as_deref(),
        Some("FRAELI"),
        "the code in force at publication"
    );
}

#[test]
fn bad_lexicon_names_file_and_line() {
    let mut lex = Lexicon::builtin().unwrap();
    let err = lex
        .add_toml(
            "mine.toml",
            "[[actor]]\nname = \"X\"\nkind = \"person\"\ncuntry = \"USA\"\n",
        )
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("mine.toml:"), "{err}");
    assert!(err.contains("cuntry"), "{err}");
    let err = lex
        .add_toml("mine.toml", "[[actor]]\nname = \"X\"\nkind = \"wizard\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("wizard"), "{err}");
    let err = lex
        .add_toml(
            "mine.toml",
            "[[actor]]\nname = \"X\"\nkind = \"person\"\ncodes = [\"USAGOV@2020-13-01..\"]\n",
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("2020-13-01"), "{err}");
}

#[test]
fn user_event_verbs_and_nouns_code_events() {
    let mut lex = Lexicon::builtin().unwrap();
    lex.add_toml(
        "events.toml",
        r#"
[[event_verb]]
form = "quarantined"
lemma = "quarantine"
code = "1721"

[[event_noun]]
noun = "naval cordon"
code = "191"
"#,
    )
    .unwrap();
    let d = code(
        lex,
        "Egypt quarantined Sudan. The Egyptian naval cordon around Sudan held.",
        "2024-03-06",
    );
    let verb = d
        .events
        .iter()
        .find(|e| e.trigger.text == "quarantined")
        .unwrap_or_else(|| panic!("{:#?}", d.events));
    assert_eq!(verb.cameo, "1721");
    assert!(verb.rule.contains("USER"), "{}", verb.rule);
    let noun = d
        .events
        .iter()
        .find(|e| e.trigger.text == "naval cordon")
        .unwrap_or_else(|| panic!("{:#?}", d.events));
    assert_eq!(noun.cameo, "191");
    assert_eq!(
        noun.actor.as_ref().and_then(|a| a.code.as_deref()),
        Some("EGY")
    );
}

#[test]
fn a_bad_event_code_is_an_error_naming_the_entry() {
    let mut lex = Lexicon::builtin().unwrap();
    let err = lex
        .add_toml(
            "bad.toml",
            "[[event_verb]]\nform = \"zapped\"\ncode = \"zap\"\n",
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.toml") && err.contains("zapped"), "{err}");
}
