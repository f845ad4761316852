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

#[test]
fn a_dash_and_a_name_after_a_quote_attribute_it() {
    let d = code("\"The market will punish this merger before the year is out.\" - Maria Lindqvist\nThe merger was announced on Monday.");
    assert_eq!(
        entity_of(&d, "The market will").as_deref(),
        Some("Maria Lindqvist")
    );
}

#[test]
fn in_the_words_of_names_the_speaker_in_apposition() {
    let d = code("The damage was severe and, in the words of the chief inspector, Paolo Ferri, \"nothing on the upper floors could be saved at all.\"");
    assert_eq!(
        entity_of(&d, "nothing on the upper").as_deref(),
        Some("Paolo Ferri")
    );
}

#[test]
fn a_description_with_commas_of_its_own_leaves_the_name_speaking() {
    let d = code("Helen Marsh, curator of prints at the University of Leeds, Yorkshire, said, \"These photographs show the city as nobody remembers it now.\"");
    assert_eq!(
        entity_of(&d, "These photographs").as_deref(),
        Some("Helen Marsh")
    );
    // ...but a name inside the commas is the speaker, not a description of the one before
    let d = code("According to the agency Reuters, the chief prosecutor, Omar Haddad, said the suspects must face \"charges of fraud and theft\" next month.");
    assert_eq!(
        entity_of(&d, "charges of fraud").as_deref(),
        Some("Omar Haddad")
    );
}

#[test]
fn a_quote_after_reported_speech_continues_its_speaker() {
    let d = code("Senator Ruth Calder also said the bill was a compromise. \"We gave up a lot to get the votes we needed, and I would do it again.\"");
    assert_eq!(entity_of(&d, "We gave up").as_deref(), Some("Ruth Calder"));
}

#[test]
fn a_paragraph_that_is_only_a_quote_continues_the_speaker_of_the_one_before() {
    let d = code("\"The water supply is safe for now,\" engineer Tomas Novak said.\n\"If the dam fails, though, the whole valley floods within hours.\"\n\"The river is rising,\" the mayor said, \"and we are ready.\" Officials met later.\n\"Nobody told us anything about the dam.\" Residents, however, disagreed.");
    assert_eq!(entity_of(&d, "If the dam").as_deref(), Some("Tomas Novak"));
    // a paragraph with words of its own besides the quote is not a continuation
    assert_ne!(
        speaker(&d, "Nobody told us").0.as_deref(),
        Some("the mayor")
    );
}

#[test]
fn a_pronoun_after_a_quote_is_the_speaker_before_not_a_name_quoted() {
    let d = code("\"The Northern Army will answer every shell with ten of its own,\" said the Eastern Press Agency. \"Provocation deserves punishment,\" it added.");
    assert_eq!(
        entity_of(&d, "Provocation deserves").as_deref(),
        Some("Eastern Press Agency")
    );
}

#[test]
fn a_document_speaks_for_its_author() {
    let d = code("The sanctions will stay, according to a statement released by the Foreign Office. \"No relief is possible while the occupation continues,\" according to a tweet on Monday by Secretary of State Linda Grey.");
    assert_eq!(entity_of(&d, "No relief").as_deref(), Some("Linda Grey"));
    let d = code("\"Someone sent me a tool that crashes the website,\" said the post by an anonymous author on the forum.");
    assert_eq!(
        speaker(&d, "Someone sent").0.as_deref(),
        Some("the post by an anonymous author on the forum")
    );
}

#[test]
fn by_saying_and_who_stated_speak_for_their_subject() {
    let d = code("Mining minister Robert Dunmore defended the licence by saying, \"The company met every condition we set.\"");
    assert_eq!(
        entity_of(&d, "The company met").as_deref(),
        Some("Robert Dunmore")
    );
    let d = code("A contrary view came from Peter Hale, a historian at the University of Ghent, who stated, \"Great empires rarely fall from outside.\"");
    assert_eq!(
        entity_of(&d, "Great empires").as_deref(),
        Some("Peter Hale")
    );
}

#[test]
fn quoted_as_saying_names_the_speaker_not_the_outlet() {
    let d = code("\"We do not need to buy ships from Europe,\" the daily Kompas quoted Minister Andi Wirawan as saying.");
    assert_eq!(
        entity_of(&d, "We do not need").as_deref(),
        Some("Andi Wirawan")
    );
}

#[test]
fn a_name_before_a_colon_speaks_as_in_a_transcript() {
    let d = code("The exchange went as follows: Director of Communications Paul Brandt: \"We don't have to stay quiet about this.\"");
    assert_eq!(entity_of(&d, "We don't").as_deref(), Some("Paul Brandt"));
}

#[test]
fn an_organisation_and_a_title_describe_the_name_in_apposition() {
    let d = code("Ryanair chairman, Michael O'Neill, explained his choice by saying, \"The new aircraft burns far less fuel.\"");
    assert_eq!(
        entity_of(&d, "The new aircraft").as_deref(),
        Some("Michael O'Neill")
    );
}

#[test]
fn a_quote_paragraph_after_an_attribution_with_an_appositive_continues_it() {
    let d = code("\"The years ahead will be exciting,\" said Neil Carter, manager of the label.\n\"We wish them every success and look forward to working together.\"");
    assert_eq!(
        entity_of(&d, "We wish them").as_deref(),
        Some("Neil Carter")
    );
}

#[test]
fn a_first_name_ends_a_title_complement() {
    let d = code("Assistant Secretary of the Navy for Acquisition Daniel Castle said, \"This was not a competitive process.\"");
    assert_eq!(
        entity_of(&d, "This was not").as_deref(),
        Some("Daniel Castle")
    );
}
