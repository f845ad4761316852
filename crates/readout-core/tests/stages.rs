//! Stage behaviour on small, general cases: sentence splitting around abbreviations and
//! quotes, tense-aware date resolution, titles and countries.

use std::sync::OnceLock;

use readout_core::{Article, DocumentOut, Lexicon, Pipeline, Stage};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Lexicon::builtin().unwrap()).unwrap())
}

fn sentences(text: &str) -> Vec<String> {
    let doc = pipeline().annotate(text, None);
    doc.sentences
        .iter()
        .map(|s| doc.slice(s.span).to_string())
        .collect()
}

fn code(text: &str, published: &str) -> DocumentOut {
    pipeline().code(&Article {
        text: text.into(),
        published: Some(published.parse().unwrap()),
        ..Default::default()
    })
}

fn timex(doc: &DocumentOut, text: &str) -> Option<String> {
    doc.timexes
        .iter()
        .find(|t| t.text == text)
        .unwrap_or_else(|| panic!("no timex '{text}' in {:?}", doc.timexes))
        .value
        .clone()
}

#[test]
fn abbreviations_do_not_end_sentences() {
    let s = sentences("U.S. officials met Gen. Mark Milley on Jan. 5 in Washington, D.C. He said Sen. Smith agreed. The talks ended.");
    assert_eq!(
        s,
        vec![
            "U.S. officials met Gen. Mark Milley on Jan. 5 in Washington, D.C.",
            "He said Sen. Smith agreed.",
            "The talks ended."
        ]
    );
}

#[test]
fn closing_quotes_stay_with_their_sentence_and_lines_split() {
    let s = sentences("“We will go,” he said. “Now.”\nBEIJING — The ministry replied.");
    assert_eq!(
        s,
        vec![
            "“We will go,” he said.",
            "“Now.”",
            "BEIJING — The ministry replied."
        ]
    );
}

#[test]
fn weekdays_and_months_follow_the_tense_of_their_clause() {
    // published on Tuesday 2023-06-06
    let d = code("They met on Monday. They will meet again on Thursday. The summit was held in November. A vote is planned for November. It happened last week.", "2023-06-06");
    assert_eq!(timex(&d, "Monday").as_deref(), Some("2023-06-05"));
    assert_eq!(timex(&d, "Thursday").as_deref(), Some("2023-06-08"));
    let novembers: Vec<_> = d
        .timexes
        .iter()
        .filter(|t| t.text == "November")
        .map(|t| t.value.clone().unwrap())
        .collect();
    assert_eq!(novembers, vec!["2022-11", "2023-11"]);
    assert_eq!(timex(&d, "last week").as_deref(), Some("2023-W22"));
}

#[test]
fn absolute_and_relative_dates() {
    let d = code(
        "On June 5, 2021, and again 3 days ago, in 2019, yesterday and earlier this year.",
        "2023-06-06",
    );
    assert_eq!(timex(&d, "June 5, 2021").as_deref(), Some("2021-06-05"));
    assert_eq!(timex(&d, "3 days ago").as_deref(), Some("2023-06-03"));
    assert_eq!(timex(&d, "2019").as_deref(), Some("2019"));
    assert_eq!(timex(&d, "yesterday").as_deref(), Some("2023-06-05"));
    assert_eq!(timex(&d, "earlier this year").as_deref(), Some("2023"));
}

#[test]
fn relative_dates_without_publication_date_stay_unresolved() {
    let d = pipeline().code(&Article {
        text: "They met on Monday and will meet in 2024.".into(),
        ..Default::default()
    });
    assert_eq!(timex(&d, "Monday"), None);
    assert_eq!(timex(&d, "2024").as_deref(), Some("2024"));
}

#[test]
fn titles_give_role_country_and_code() {
    let d = code("French Foreign Minister Catherine Colonna met Indian Prime Minister Narendra Modi in Paris.", "2023-06-06");
    let colonna = d
        .entities
        .iter()
        .find(|e| e.name == "Catherine Colonna")
        .expect("Colonna");
    assert_eq!(colonna.country.as_deref(), Some("FRA"));
    assert_eq!(colonna.code.as_deref(), Some("FRAGOV"));
    assert_eq!(colonna.roles[0].title, "Foreign Minister");
    let modi = d
        .entities
        .iter()
        .find(|e| e.name == "Narendra Modi")
        .expect("Modi");
    assert_eq!(modi.country.as_deref(), Some("IND"));
    let paris = d
        .entities
        .iter()
        .find(|e| e.name == "Paris")
        .expect("Paris");
    assert_eq!(
        (paris.kind.as_str(), paris.country.as_deref()),
        ("place", Some("FRA"))
    );
}

#[test]
fn anonymous_sources_are_groups() {
    let d = code("Two senior US officials told Reuters, and people familiar with the matter said the talks failed.", "2023-06-06");
    let groups: Vec<_> = d
        .entities
        .iter()
        .filter(|e| e.kind == "group")
        .map(|e| (e.name.as_str(), e.country.as_deref()))
        .collect();
    assert!(
        groups.contains(&("senior US officials", Some("USA"))),
        "{groups:?}"
    );
    assert!(
        groups
            .iter()
            .any(|(n, _)| n.starts_with("people familiar with")),
        "{groups:?}"
    );
    assert!(d
        .entities
        .iter()
        .any(|e| e.name == "Reuters" && e.kind == "organization"));
}

#[test]
fn forms_of_one_name_are_one_person() {
    let d = code("Adviser Bolton resigned. Trump had asked national security adviser John R. Bolton to leave. \"I thank John Bolton,\" Trump wrote. George W. Bush met George H. W. Bush.", "2019-09-10");
    let bolton: Vec<_> = d
        .entities
        .iter()
        .filter(|e| e.name.contains("Bolton"))
        .collect();
    assert_eq!(bolton.len(), 1, "{bolton:#?}");
    assert!(bolton[0].name.ends_with("Bolton"));
    assert_eq!(bolton[0].mentions.len(), 3, "{:?}", bolton[0].mentions);
    let bushes = d
        .entities
        .iter()
        .filter(|e| e.name.contains("Bush"))
        .count();
    assert_eq!(bushes, 2);
}

#[test]
fn organisation_names_with_complements_and_acronyms() {
    let d = code("The Committee for the Protection of Journalists and the Federal Commission on Maritime Safety (FCMS) met the Kurdish Workers Alliance (KWA). The Ministry on Tuesday said nothing.", "2024-01-01");
    let orgs: Vec<&str> = d
        .entities
        .iter()
        .filter(|e| e.kind == "organization")
        .map(|e| e.name.as_str())
        .collect();
    for name in [
        "Committee for the Protection of Journalists",
        "Federal Commission on Maritime Safety",
        "Kurdish Workers Alliance",
    ] {
        assert!(orgs.contains(&name), "{name} not in {orgs:?}");
    }
    assert!(!orgs.iter().any(|o| o.contains("Tuesday")), "{orgs:?}");
}

#[test]
fn running_the_stages_through_one_adds_only_the_layers_up_to_it() {
    let text = "US Secretary of State Antony Blinken met Chinese officials in Beijing on Monday. \
                \"It went well,\" he said.";
    let published = Some("2023-06-06".parse().unwrap());
    let layers = |stage| {
        let doc = pipeline().annotate_through(text, published, stage);
        [
            doc.tokens.len(),
            doc.sentences.len(),
            doc.timexes.len(),
            doc.mentions.len(),
            doc.entities.len(),
            doc.quotes.len(),
            doc.events.len(),
        ]
        .map(|n| n > 0)
    };
    assert_eq!(
        layers(Stage::Tokens),
        [true, false, false, false, false, false, false]
    );
    assert_eq!(
        layers(Stage::Timexes),
        [true, true, true, false, false, false, false]
    );
    assert_eq!(
        layers(Stage::Entities),
        [true, true, true, true, true, false, false]
    );
    assert_eq!(layers(Stage::Events), [true; 7]);
    let whole = pipeline().annotate(text, published);
    let through = pipeline().annotate_through(text, published, Stage::Events);
    assert_eq!(
        format!("{:?}", whole.events),
        format!("{:?}", through.events)
    );
    assert_eq!(Stage::ALL.last(), Some(&Stage::Events));
}
