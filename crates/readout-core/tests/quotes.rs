//! Speaker attribution on small, invented sentences: one test per grammatical pattern that
//! decides who speaks.

use std::sync::OnceLock;

use readout_core::{Article, DocumentOut, Lexicon, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Lexicon::builtin().unwrap()).unwrap())
}

fn code(text: &str) -> DocumentOut {
    pipeline().code(&Article {
        text: text.into(),
        published: Some("2024-03-06".parse().unwrap()),
        ..Default::default()
    })
}

/// The speaker of the quote whose text starts with `starts`: its words and, when it has one,
/// its entity's name.
fn speaker(doc: &DocumentOut, starts: &str) -> (Option<String>, Option<String>) {
    let q = doc
        .quotes
        .iter()
        .find(|q| q.text.starts_with(starts))
        .unwrap_or_else(|| panic!("no quote starting '{starts}' in {:#?}", doc.quotes));
    let Some(sp) = &q.speaker else {
        return (None, None);
    };
    let entity = sp.entity.as_ref().map(|id| {
        doc.entities
            .iter()
            .find(|e| &e.id == id)
            .unwrap_or_else(|| panic!("speaker entity {id} missing"))
            .name
            .clone()
    });
    (Some(sp.text.clone()), entity)
}

fn entity_of(doc: &DocumentOut, starts: &str) -> Option<String> {
    speaker(doc, starts).1
}

#[test]
fn a_participle_speaks_for_the_subject_of_its_clause() {
    let d = code("Foreign Minister Anna Berg criticised the ruling by the Supreme Court, saying \"This verdict ignores the evidence we submitted to the court.\"");
    assert_eq!(entity_of(&d, "This verdict").as_deref(), Some("Anna Berg"));
}

#[test]
fn a_coordinated_verb_takes_the_appositive_name_of_a_partitive_subject() {
    let d = code("One of the rebel groups, the National Liberation Front, rejected the offer and said it had received \"no guarantees whatsoever from the government.\"");
    let (text, _) = speaker(&d, "no guarantees");
    assert_eq!(text.as_deref(), Some("National Liberation Front"));
}

#[test]
fn the_name_speaks_not_the_end_of_its_description() {
    let d = code("Pedro Alvarez, the trade minister of Chile, responded on Twitter: \"We will not accept these tariffs on our copper exports.\"");
    assert_eq!(
        entity_of(&d, "We will not").as_deref(),
        Some("Pedro Alvarez")
    );
}

#[test]
fn a_description_subject_gives_way_to_its_appositive_name() {
    let d = code("Since then, a senator, Maria Lopez, has voiced support for the inquiry, telling reporters: \"Let the committees do their work and see where it goes.\"");
    assert_eq!(
        entity_of(&d, "Let the committees").as_deref(),
        Some("Maria Lopez")
    );
}

#[test]
fn the_next_sentence_speaks_only_for_a_quote_that_is_a_sentence_of_its_own() {
    let d = code("Defence Minister Karl Novak posted on Twitter, saying there was \"no sign of an attack from the north.\" Analyst Jane Wu said questions remain.");
    assert_eq!(entity_of(&d, "no sign").as_deref(), Some("Karl Novak"));
    let d = code("\"Our house is burning and we are looking elsewhere.\" President Emile Durand told the summit on Monday.");
    assert_eq!(entity_of(&d, "Our house").as_deref(), Some("Emile Durand"));
}

#[test]
fn they_refers_to_a_plural_subject_not_to_an_adjective() {
    let d = code("On Monday, a meeting of several finance ministers in Geneva discussed the debt crisis. The Spanish finance minister, Carlos Ruiz, attended as an observer. They agreed that the plan was \"unworkable and unfair\" to the poorest states.");
    let (text, entity) = speaker(&d, "unworkable");
    assert_eq!(text.as_deref(), Some("They"));
    assert_eq!(entity.as_deref(), Some("finance ministers"));
}

#[test]
fn a_quote_inside_a_quote_has_the_speaker_named_inside() {
    let d = code("Senator Ruth Adler described the call: \"I asked for a vote and Chairman Paul Grey said, 'We will vote next week.' Then he hung up.\"");
    assert_eq!(entity_of(&d, "I asked").as_deref(), Some("Ruth Adler"));
    assert_eq!(entity_of(&d, "We will vote").as_deref(), Some("Paul Grey"));
    let outer = d
        .quotes
        .iter()
        .find(|q| q.text.starts_with("I asked"))
        .unwrap();
    assert!(outer.text.ends_with("Then he hung up."), "{}", outer.text);
}

#[test]
fn a_double_quote_inside_a_double_quote_does_not_break_the_pairing() {
    let text = "Envoy Sam Novak wrote: \"The \"peace plan\" is not a plan at all. It is a wish.\" Novak later wrote, \"Nobody asked the villagers.\"";
    let d = code(text);
    let texts: Vec<&str> = d.quotes.iter().map(|q| q.text.as_str()).collect();
    assert!(texts.contains(&"peace plan"), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("The \"peace plan\" is not")),
        "{texts:?}"
    );
    assert_eq!(entity_of(&d, "Nobody asked").as_deref(), Some("Sam Novak"));
    // a scare quote inside someone's words: nobody is named as saying it
    assert_eq!(speaker(&d, "peace plan"), (None, None));
}

#[test]
fn apostrophes_outside_quotes_open_nothing() {
    let d =
        code("The officials' plan for rock 'n' roll night was 'cancelled' by the mayor's office.");
    assert!(
        d.quotes.iter().all(|q| q.kind != "direct"),
        "{:?}",
        d.quotes
    );
}
