//! Offsets are sacred: for any input, every span lies inside the text, on code-point
//! boundaries, and its `text` equals the slice it points at; ids referenced exist; coding is
//! deterministic.

use std::sync::OnceLock;

use proptest::prelude::*;
use readout_core::{Article, DocumentOut, Lexicon, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Lexicon::builtin().unwrap()).unwrap())
}

fn code(text: &str) -> DocumentOut {
    let published = "2023-06-06".parse().ok();
    pipeline().code(&Article {
        text: text.to_string(),
        published,
        ..Default::default()
    })
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn check(doc: &DocumentOut) {
    let len = doc.text.chars().count();
    let check_span = |start: usize, end: usize, text: &str, what: &str| {
        assert!(
            start <= end && end <= len,
            "{what} [{start},{end}) outside text of {len} chars"
        );
        assert_eq!(
            slice(&doc.text, start, end),
            text,
            "{what} text differs from its slice"
        );
    };
    for e in &doc.entities {
        assert!(!e.mentions.is_empty(), "entity {} without mentions", e.id);
        for m in &e.mentions {
            check_span(m.start, m.end, &m.text, "mention");
        }
        for r in &e.roles {
            check_span(r.start, r.end, &r.title, "role");
            if let Some(id) = &r.org_entity {
                assert!(
                    doc.entities.iter().any(|x| &x.id == id),
                    "role names missing entity {id}"
                );
            }
        }
    }
    for t in &doc.timexes {
        check_span(t.start, t.end, &t.text, "timex");
    }
    let entity_exists = |id: &str| doc.entities.iter().any(|e| e.id == id);
    for q in &doc.quotes {
        check_span(q.start, q.end, &q.text, "quote");
        if let Some(sp) = &q.speaker {
            check_span(sp.start, sp.end, &sp.text, "speaker");
            if let Some(id) = &sp.entity {
                assert!(entity_exists(id), "quote speaker names missing entity {id}");
            }
        }
        if let Some(c) = &q.cue {
            check_span(c.start, c.end, &c.text, "cue");
        }
    }
    for s in &doc.sources {
        check_span(s.start, s.end, &s.text, "source");
        for id in &s.who {
            assert!(entity_exists(id), "source names missing entity {id}");
        }
    }
}

const NEWS_WORDS: &[&str] = &[
    "US",
    "U.S.",
    "China",
    "Chinese",
    "Secretary",
    "of",
    "State",
    "Antony",
    "Blinken",
    "said",
    "Monday",
    "in",
    "Beijing",
    "the",
    "“",
    "”",
    "\"",
    "'s",
    "’s",
    "Ministry",
    "Foreign",
    "Affairs",
    "and",
    "officials",
    "two",
    "last",
    "month",
    ".",
    ",",
    "\n",
    "Gen.",
    "Jan.",
    "5",
    "2023",
    "-",
    "Ma",
    "Zhaoxu",
    "é",
    "日本",
    "🙂",
    "Sen.",
    "Yang",
    "Tao",
    "Director",
    "General",
    "for",
    "a",
    "source",
    "familiar",
    "with",
    "matter",
    "told",
    "CNN",
    "November",
    "will",
    "meet",
    "next",
    "week",
    "Vienna",
    "NSC",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_string_keeps_offsets_inside_and_texts_equal(text in "\\PC{0,200}") {
        check(&code(&text));
    }

    #[test]
    fn news_like_text_keeps_offsets_inside_and_texts_equal(words in proptest::collection::vec(proptest::sample::select(NEWS_WORDS), 0..80), spaces in proptest::collection::vec(0u8..4, 80)) {
        let mut text = String::new();
        for (w, s) in words.iter().zip(spaces.iter()) {
            text.push_str(w);
            if *s > 0 { text.push(' '); }
        }
        let a = code(&text);
        check(&a);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&code(&text)).unwrap());
    }
}

#[test]
fn seed_article_spans_are_exact() {
    let text = include_str!("../../../tests/fixtures/seed/000_96816e06d1c519d8.txt");
    check(&code(text));
}

#[test]
fn empty_and_whitespace_give_empty_layers() {
    for text in ["", "   \n\t  ", "\u{FEFF}"] {
        let d = code(text);
        assert!(d.entities.is_empty() && d.timexes.is_empty());
    }
}

#[test]
fn contractions_terminate_and_split() {
    for text in [
        "can't",
        "don't won't",
        "n't",
        "He didn't.",
        "O'Brien's",
        "rock 'n' roll",
    ] {
        check(&code(text));
    }
}

/// Inputs that once took quadratic time (every pass rescanning the document) still code, with
/// exact offsets. No time is asserted: a quadratic pass makes this test hang, which the test
/// runner reports; speed itself is measured by the benchmarks.
#[test]
fn pathological_inputs_code() {
    let seed = include_str!("../../../tests/fixtures/seed/000_96816e06d1c519d8.txt");
    let inputs = [
        "Word ".repeat(50_000),
        "\"".repeat(50_000),
        "(".repeat(50_000),
        "word ".repeat(50_000),
        format!("{}\n", seed).repeat(40),
        "Ministry of Foreign Affairs ".repeat(5_000),
        "the official said ".repeat(10_000),
        format!("He said, \u{201C}{}\u{201D}", "word ".repeat(10_000)),
        "\u{201C}".repeat(20_000),
        // one sentence of thousands of events: no trigger may read its whole sentence
        "Germany attacked France and Egypt agreed to meet Sudan and ".repeat(1_000),
        "rock \u{2019}n\u{2019} roll, the US\u{2019} readiness, Blinken\u{2019}s trip. "
            .repeat(2_000),
    ];
    for text in &inputs {
        check(&code(text));
    }
}
