//! The lexicon baked into the binary at build time is the one the data files describe.

use readout_core::lexicon::DATA_FILES;
use readout_core::{Article, Lexicon, Pipeline};

fn from_sources() -> Lexicon {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let files: Vec<(&str, String)> = DATA_FILES
        .iter()
        .map(|f| (*f, std::fs::read_to_string(data.join(f)).unwrap()))
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Lexicon::from_sources(&refs).unwrap()
}

#[test]
fn baked_and_parsed_lexicons_code_alike() {
    let baked = Lexicon::builtin().unwrap();
    let parsed = from_sources();
    assert_eq!(baked.actors.len(), parsed.actors.len());
    assert_eq!(baked.places.len(), parsed.places.len());
    assert_eq!(baked.countries.len(), parsed.countries.len());
    let text = include_str!("../../../tests/fixtures/seed/000_96816e06d1c519d8.txt");
    let article = Article {
        text: text.into(),
        published: "2023-06-06".parse().ok(),
        ..Default::default()
    };
    let a = Pipeline::new(baked).unwrap().code(&article);
    let b = Pipeline::new(parsed).unwrap().code(&article);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn bake_round_trips() {
    let bytes = from_sources().bake().unwrap();
    assert!(
        bytes.len() > 1_000_000,
        "the automaton and entries are in it"
    );
}
