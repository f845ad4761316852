//! Events on small, general sentences: PETRARCH2's actor-coding facts with the production
//! dictionaries, and one test per mechanism (patterns, passives, coordination, moods, status,
//! date, place, statements, retellings).

use std::sync::OnceLock;

use readout_core::{Article, DocumentOut, EventOut, Lexicon, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Lexicon::builtin().unwrap()).unwrap())
}

fn code(text: &str, published: &str) -> DocumentOut {
    pipeline().code(&Article {
        text: text.into(),
        published: Some(published.parse().unwrap()),
        ..Default::default()
    })
}

/// The event whose trigger is `trigger`.
fn event<'d>(doc: &'d DocumentOut, trigger: &str) -> &'d EventOut {
    doc.events
        .iter()
        .find(|e| e.trigger.text == trigger)
        .unwrap_or_else(|| panic!("no event triggered by '{trigger}' in {:#?}", doc.events))
}

fn codes(e: &EventOut) -> (Option<&str>, Option<&str>) {
    (
        e.actor.as_ref().and_then(|a| a.code.as_deref()),
        e.recipient.as_ref().and_then(|a| a.code.as_deref()),
    )
}

// ---------------------------------------------------------------- PETRARCH2's facts

#[test]
fn invasion_and_arrest_codes() {
    let d = code("Germany invaded France.", "2015-08-13");
    let e = event(&d, "invaded");
    assert_eq!(
        (e.cameo.as_str(), codes(e)),
        ("192", (Some("DEU"), Some("FRA")))
    );
    // CAMEO 192 (occupy territory) is PLOVER COERCE in the CAMEO→PLOVER table
    assert_eq!(e.plover.as_deref(), Some("COERCE"));
    assert_eq!(e.quad_class, 4);
    let d = code("Germany arrested France.", "2015-08-13");
    let e = event(&d, "arrested");
    assert_eq!(
        (e.cameo.as_str(), codes(e)),
        ("173", (Some("DEU"), Some("FRA")))
    );
}

#[test]
fn coordinated_leaders_code_as_their_governments() {
    let d = code(
        "Barack Obama and Vladimir Putin met in Paris.",
        "2015-08-13",
    );
    let e = event(&d, "met");
    assert_eq!(codes(e), (Some("USAGOV"), Some("RUSGOV")));
    assert!(e.symmetric);
    assert_eq!(e.participants.len(), 2);
    assert_eq!(e.place.as_ref().map(|p| p.name.as_str()), Some("Paris"));
}

#[test]
fn unnamed_agents_code_country_and_sector() {
    let d = code(
        "The US commander in Iraq attacked the rebels from Syria.",
        "2015-08-13",
    );
    let e = event(&d, "attacked");
    assert_eq!(codes(e), (Some("USAMIL"), Some("SYRREB")));
}

#[test]
fn organisations_code_from_the_actor_dictionary() {
    let d = code(
        "The Islamic State attacked the North Atlantic Treaty Organization.",
        "2015-08-13",
    );
    let e = event(&d, "attacked");
    assert_eq!(codes(e), (Some("IMGMUSISI"), Some("IGOWSTNAT")));
}

#[test]
fn officials_code_by_their_role_at_the_event_date() {
    for (published, want) in [("2015-08-13", "SWEGOV"), ("1972-08-13", "SWEELI")] {
        let d = code(
            "Carl XVI Gustaf met Vladimir Putin in Stockholm.",
            published,
        );
        let e = event(&d, "met");
        assert_eq!(codes(e).0, Some(want), "{published}");
    }
    // the date of the event, not of the article, decides
    let d = code(
        "In 1972, Carl XVI Gustaf met the Danish prime minister in Stockholm.",
        "2015-08-13",
    );
    assert_eq!(codes(event(&d, "met")).0, Some("SWEELI"));
}

// ---------------------------------------------------------------- mechanisms

#[test]
fn a_pattern_refines_the_verb_code() {
    // MEET_PEOPLE's pattern `* (FOR TALKS)` codes 036 rather than the verb's 040
    let d = code("Iran met Iraq for talks on Monday.", "2024-03-06");
    let e = event(&d, "met");
    assert_eq!(e.cameo, "036", "{}", e.rule);
    assert!(e.rule.contains("FOR TALKS"), "{}", e.rule);
}

#[test]
fn a_passive_agent_is_the_actor() {
    let d = code("Kenya was attacked by Somalia on Friday.", "2024-03-06");
    let e = event(&d, "attacked");
    assert_eq!(codes(e), (Some("SOM"), Some("KEN")));
    assert_eq!(e.date.as_ref().unwrap().value, "2024-03-01");
    assert_eq!(e.date.as_ref().unwrap().from, "timex");
}

#[test]
fn status_follows_the_words_around_the_trigger() {
    let cases = [
        (
            "Egypt is expected to visit Sudan next week.",
            "visit",
            "planned",
        ),
        ("Egypt will attack Sudan.", "attack", "planned"),
        (
            "Egypt's visit to Sudan was postponed.",
            "visit",
            "postponed",
        ),
        (
            "Egypt called off its visit to Sudan.",
            "called off",
            "cancelled",
        ),
        (
            "Egypt would attack Sudan if provoked.",
            "attack",
            "hypothetical",
        ),
        ("Egypt attacked Sudan.", "attacked", "occurred"),
    ];
    for (text, trigger, status) in cases {
        let d = code(text, "2024-03-06");
        assert_eq!(event(&d, trigger).status, status, "{text}");
    }
    // a negated event is no event, and not one of the opposite kind
    let d = code("Egypt did not attack Sudan.", "2024-03-06");
    assert!(d.events.is_empty(), "{:#?}", d.events);
}

#[test]
fn moods_combine_with_what_is_to_be_done() {
    let cases = [
        ("Egypt agreed to meet Sudan.", "agreed", "036"),
        ("Egypt threatened to attack Sudan.", "threatened", "138"),
        ("Egypt refused to meet Sudan.", "refused", "125"),
        (
            "Egypt demanded that Sudan release the prisoners.",
            "demanded",
            "105",
        ),
        ("Egypt urged Sudan to meet Ethiopia.", "urged", "026"),
        (
            "Egypt said Sudan must release the prisoners.",
            "said",
            "105",
        ),
        ("Egypt will give Sudan a loan.", "give", "033"),
        // no complement: the mood's general code when the dictionary codes nothing
        ("Egypt rejected the Sudanese peace plan.", "rejected", "120"),
        // an intent on a condition is a threat
        (
            "Egypt said it will attack Sudan unless Sudan pays.",
            "said",
            "138",
        ),
    ];
    for (text, trigger, cameo) in cases {
        let d = code(text, "2024-03-06");
        let e = event(&d, trigger);
        assert_eq!(e.cameo, cameo, "{text}: {}", e.rule);
        assert_eq!(codes(e), (Some("EGY"), Some("SDN")), "{text}");
    }
}

#[test]
fn a_noun_names_an_event_with_its_owner_and_recipient() {
    let d = code(
        "Antony Blinken flew home. His trip to Beijing was originally scheduled for February but was postponed.",
        "2023-06-06",
    );
    let e = event(&d, "trip");
    assert_eq!(e.cameo, "042");
    assert_eq!(e.status, "postponed");
    assert_eq!(e.date.as_ref().unwrap().value, "2023-02");
    assert_eq!(
        codes(e).1.map(|c| &c[..3]),
        Some("CHN"),
        "a city visited stands for its country"
    );
}

#[test]
fn a_quote_is_the_content_of_a_statement() {
    let d = code(
        "\"We will not accept these terms,\" Iran's Foreign Ministry said on Monday.",
        "2024-03-06",
    );
    let q = &d.quotes[0];
    let e = d
        .events
        .iter()
        .find(|e| e.quote.as_deref() == Some(q.id.as_str()))
        .unwrap_or_else(|| panic!("no event for {}: {:#?}", q.id, d.events));
    assert!(e.cameo.starts_with("01"), "{}", e.cameo);
    assert_eq!(codes(e).0.map(|c| &c[..3]), Some("IRN"));
}

#[test]
fn one_happening_told_twice_is_one_event() {
    let d = code(
        "American and Chinese officials held talks in Beijing on Monday. US envoy John Kerry met with Chinese Foreign Minister Wang Yi.",
        "2024-03-06",
    );
    let consults: Vec<_> = d
        .events
        .iter()
        .filter(|e| e.cameo.starts_with("04"))
        .collect();
    assert_eq!(consults.len(), 1, "{consults:#?}");
    let e = consults[0];
    assert_eq!(e.mentions.len(), 1, "the second sentence is kept");
    assert_eq!(e.date.as_ref().unwrap().value, "2024-03-04");
    assert_eq!(e.place.as_ref().map(|p| p.name.as_str()), Some("Beijing"));
    let names: Vec<&str> = e
        .participants
        .iter()
        .filter_map(|id| d.entities.iter().find(|x| &x.id == id))
        .map(|x| x.name.as_str())
        .collect();
    assert!(
        names.contains(&"John Kerry") && names.contains(&"Wang Yi"),
        "{names:?}"
    );
}

#[test]
fn every_event_span_is_its_text_and_ids_resolve() {
    let d = code(
        "Germany invaded France on Monday. Barack Obama and Vladimir Putin met in Paris. \"We refuse,\" Putin said.",
        "2015-08-13",
    );
    let chars: Vec<char> = d.text.chars().collect();
    let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    assert!(!d.events.is_empty());
    for e in &d.events {
        assert_eq!(slice(e.trigger.start, e.trigger.end), e.trigger.text);
        assert!(slice(e.sentence.start, e.sentence.end).contains(&e.trigger.text));
        for side in [&e.actor, &e.recipient].into_iter().flatten() {
            assert_eq!(slice(side.start, side.end), side.text);
            if let Some(id) = &side.entity {
                assert!(d.entities.iter().any(|x| &x.id == id), "{id}");
            }
        }
        for p in &e.participants {
            assert!(d.entities.iter().any(|x| &x.id == p), "{p}");
        }
        if let Some(q) = &e.quote {
            assert!(d.quotes.iter().any(|x| &x.id == q), "{q}");
        }
        if let Some(t) = e.date.as_ref().and_then(|d| d.timex.as_ref()) {
            assert!(d.timexes.iter().any(|x| &x.id == t), "{t}");
        }
    }
}

#[test]
fn purposes_idioms_and_nouns_are_not_events() {
    for text in [
        "Egypt sent envoys in order to prevent a war with Sudan.",
        "The meeting of Egypt and Sudan will take place in Cairo.",
        "Egypt urged Sudan to demand an end to the war.",
    ] {
        let d = code(text, "2024-03-06");
        for e in &d.events {
            assert!(
                !matches!(e.trigger.text.as_str(), "prevent" | "take" | "demand"),
                "{text}: {e:#?}"
            );
        }
    }
}

#[test]
fn a_phrasal_pattern_needs_its_particle_right_after_the_verb() {
    // PRESS's `* ON` (press on, advance) does not match "pressed Sudan on its debts"
    let d = code("Egypt pressed Sudan on its debts.", "2024-03-06");
    let e = event(&d, "pressed");
    assert!(!e.rule.contains(": * ON"), "{}", e.rule);
    assert_eq!(codes(e), (Some("EGY"), Some("SDN")));
}

#[test]
fn status_and_moods_read_the_reporters_words_not_the_quote() {
    let d = code(
        "If Iran attacks Israel, the US will respond. \"Israel will pay,\" Iran warned.",
        "2024-03-06",
    );
    assert_eq!(event(&d, "attacks").status, "hypothetical");
    assert_eq!(event(&d, "warned").status, "occurred");
    // "will not": a refusal, not no event; "will ... if": a threat
    let d = code("Finland will not give aid to Tanzania.", "2024-03-06");
    assert!(event(&d, "give").cameo.starts_with("12"), "{:#?}", d.events);
    let d = code(
        "Iran will attack Israel if the US intervenes.",
        "2024-03-06",
    );
    assert!(
        event(&d, "attack").cameo.starts_with("13"),
        "{:#?}",
        d.events
    );
}

#[test]
fn verbs_after_ordinals_coordinations_and_sentence_initial_nouns() {
    let d = code("Iran last attacked Israel in 2020.", "2024-03-06");
    assert_eq!(event(&d, "attacked").cameo, "190");
    let d = code("Iran and Iraq meet on Monday.", "2024-03-06");
    assert_eq!(codes(event(&d, "meet")), (Some("IRN"), Some("IRQ")));
    let d = code("Talks between Iran and Iraq ended on Monday.", "2024-03-06");
    assert_eq!(event(&d, "Talks").cameo, "040");
}

#[test]
fn a_postponed_visit_is_the_visit_with_its_status() {
    for text in [
        "The visit by Putin to China was postponed.",
        "Putin's visit to China was postponed.",
    ] {
        let d = code(text, "2024-03-06");
        assert_eq!(d.events.len(), 1, "{text}: {:#?}", d.events);
        let e = event(&d, "visit");
        assert_eq!(e.status, "postponed", "{text}");
        assert_eq!(codes(e), (Some("RUSGOV"), Some("CHN")), "{text}");
    }
}

#[test]
fn a_relative_clause_has_its_antecedent_as_subject_and_does_not_cut_the_main_clause() {
    let d = code(
        "Iran, which attacked Israel last week, met Iraq.",
        "2024-03-06",
    );
    assert_eq!(codes(event(&d, "attacked")), (Some("IRN"), Some("ISR")));
    assert_eq!(codes(event(&d, "met")), (Some("IRN"), Some("IRQ")));
}

#[test]
fn a_conditional_offer_is_an_intent_and_a_conditional_boycott_a_threat() {
    let d = code(
        "Kenyan rebel leaders said they would meet the mediator if he gave them a veto.",
        "2024-03-06",
    );
    assert_eq!(event(&d, "said").cameo, "036", "{:#?}", d.events);
    let d = code(
        "The Kenyan opposition will boycott the vote unless the president resigns.",
        "2024-03-06",
    );
    let e = event(&d, "boycott");
    assert!(e.cameo.starts_with("13"), "{e:#?}");
    // "unless" coerces whatever is promised
    let d = code(
        "Kenya announced that it will withdraw its troops from Somalia unless the raids stop.",
        "2024-03-06",
    );
    let e = event(&d, "announced");
    assert!(e.cameo.starts_with("13"), "{e:#?}");
}

#[test]
fn a_pattern_does_not_reach_into_a_complement_clause() {
    // EXPLAIN_VERBAL's `* SANCTIONS` (163) is about announcing sanctions, not saying that
    // lifting them is out of the question
    let d = code(
        "Kenyan officials said yesterday that lifting the sanctions on Somalia was unthinkable.",
        "2024-03-06",
    );
    assert!(d.events.iter().all(|e| e.cameo != "163"), "{:#?}", d.events);
}

#[test]
fn a_date_a_hyphenated_word_or_a_name_inside_a_pattern_does_not_break_it() {
    let d = code(
        "Egypt lifted on Friday a week-old blockade on Sudanese ports.",
        "2024-03-06",
    );
    assert_eq!(event(&d, "lifted").cameo, "0872");
    let d = code(
        "Japan gave Sri Lanka 20 million dollars of aid.",
        "2024-03-06",
    );
    let e = event(&d, "gave");
    assert!(e.cameo.starts_with("07"), "{e:#?}");
    assert_eq!(codes(e), (Some("JPN"), Some("LKA")));
}

#[test]
fn a_participle_hyphenated_onto_a_word_is_no_verb() {
    let d = code("Saudi-led forces entered Yemen on Monday.", "2024-03-06");
    assert!(
        d.events.iter().all(|e| e.trigger.text != "led"),
        "{:#?}",
        d.events
    );
}

#[test]
fn its_and_their_own_an_event_noun_and_of_names_its_target() {
    let d = code(
        "Ethiopia launched its long-planned invasion of Eritrea.",
        "2024-03-06",
    );
    let e = event(&d, "invasion");
    assert!(e.cameo.starts_with("19"), "{e:#?}");
    assert_eq!(codes(e), (Some("ETH"), Some("ERI")));
}

#[test]
fn what_is_demanded_or_refused_is_not_an_event() {
    let d = code(
        "Egypt repeated its demand for talks with Sudan.",
        "2024-03-06",
    );
    let e = event(&d, "demand");
    // a demand to meet (CAMEO 1.1b3: 106 "Demand meeting, negotiation")
    assert_eq!(e.cameo, "106", "{e:#?}");
    assert_eq!(e.cameo_label, "Demand meeting, negotiation");
    assert_eq!(codes(e), (Some("EGY"), Some("SDN")));
    assert!(
        d.events.iter().all(|e| e.trigger.text != "talks"),
        "{:#?}",
        d.events
    );
}

#[test]
fn a_reported_clause_with_a_long_subject_and_a_modal_is_a_demand() {
    let d = code(
        "Egypt said on Friday that the Kenyan government and the rebels in the north must sign a truce.",
        "2024-03-06",
    );
    let e = event(&d, "said");
    assert!(e.cameo.starts_with("10"), "{e:#?}");
    assert_eq!(codes(e).0, Some("EGY"));
}
