//! Properties of `readout/1` output for any input, beyond the spans that `offsets.rs` checks:
//! every id a record refers to exists (entities, timexes, quotes) and ids count up from 1; the
//! events' spans lie in the text and say what they point at; the JSON validates against the
//! published JSON Schema (`docs/readout-1.schema.json`); coding is deterministic — twice with
//! one pipeline, with a second pipeline, and in other processes (whose hash seeds differ).
//!
//! The inputs reach every layer: news-like articles built from sentences with titled names,
//! organisations, countries, places, dates, quotes with their attributions and sourcing, in
//! straight and curly quotes, with and without a publication date; and random Unicode.

use std::collections::HashSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use readout_core::{Article, DocumentOut, Lexicon, Pipeline};
use serde_json::Value;

const SCHEMA: &str = include_str!("../../../docs/readout-1.schema.json");
const SEED: &str = include_str!("../../../tests/fixtures/seed/000_96816e06d1c519d8.txt");
const WIKINEWS: &str = include_str!("../../../tests/fixtures/wikinews/articles.jsonl");

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Lexicon::builtin().unwrap()).unwrap())
}

/// A pipeline of its own, so that anything a pipeline keeps between articles, or lays out by
/// its own hash seeds, would show as a difference from `pipeline()`.
fn second_pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Lexicon::builtin().unwrap()).unwrap())
}

fn schema_value() -> &'static Value {
    static S: OnceLock<Value> = OnceLock::new();
    S.get_or_init(|| serde_json::from_str(SCHEMA).expect("docs/readout-1.schema.json is JSON"))
}

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        jsonschema::draft202012::meta::validate(schema_value())
            .expect("the schema is a valid draft 2020-12 schema");
        jsonschema::draft202012::new(schema_value()).unwrap()
    })
}

/// The schema's errors for `v`, one per line with where they are (instances masked: a whole
/// article text in a message helps nobody).
fn schema_errors(v: &Value) -> Vec<String> {
    validator()
        .iter_errors(v)
        .map(|e| format!("{}: {}", e.instance_path(), e.masked()))
        .collect()
}

fn assert_valid(doc: &DocumentOut) {
    let v = serde_json::to_value(doc).unwrap();
    let errors = schema_errors(&v);
    assert!(
        errors.is_empty(),
        "document {:?} does not validate against docs/readout-1.schema.json:\n{}\ntext: {:?}",
        doc.id,
        errors.join("\n"),
        doc.text
    );
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Ids count `P1`, `P2`... in order, so each is unique and a reader can index by it.
fn assert_numbered<'a>(prefix: char, ids: impl Iterator<Item = &'a String>) {
    for (i, id) in ids.enumerate() {
        assert_eq!(id, &format!("{prefix}{}", i + 1), "ids out of order");
    }
}

/// References between records, and the spans of events (the layers' other spans are
/// `offsets.rs`'s).
fn check_references(doc: &DocumentOut) {
    let len = doc.text.chars().count();
    assert_numbered('E', doc.entities.iter().map(|e| &e.id));
    assert_numbered('T', doc.timexes.iter().map(|t| &t.id));
    assert_numbered('Q', doc.quotes.iter().map(|q| &q.id));
    assert_numbered('S', doc.sources.iter().map(|s| &s.id));
    assert_numbered('V', doc.events.iter().map(|e| &e.id));
    let entities: HashSet<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
    let entity = |id: &str, what: &str| {
        assert!(entities.contains(id), "{what} names missing entity {id}");
    };
    let inside = |start: usize, end: usize, what: &str| {
        assert!(
            start <= end && end <= len,
            "{what} [{start},{end}) outside text of {len} chars"
        );
    };
    let exact = |start: usize, end: usize, text: &str, what: &str| {
        inside(start, end, what);
        assert_eq!(
            slice(&doc.text, start, end),
            text,
            "{what} differs from its slice"
        );
    };

    for e in &doc.entities {
        for r in &e.roles {
            if let Some(id) = &r.org_entity {
                entity(id, "role");
            }
        }
        for m in &e.mentions {
            // a titled mention's name lies inside the phrase
            if let (Some(s), Some(t)) = (m.name_start, m.name_end) {
                assert!(
                    m.start <= s && s < t && t <= m.end,
                    "{}: name [{s},{t}) outside its mention [{},{})",
                    e.id,
                    m.start,
                    m.end
                );
            }
        }
    }
    for q in &doc.quotes {
        if let Some(id) = q.speaker.as_ref().and_then(|s| s.entity.as_deref()) {
            entity(id, "quote speaker");
        }
        // a quote's date is a time expression's value
        if let Some(date) = &q.date {
            assert!(
                doc.timexes.iter().any(|t| t.value.as_ref() == Some(date)),
                "{}: date {date} is no timex's value",
                q.id
            );
        }
    }
    for s in &doc.sources {
        for id in &s.who {
            entity(id, "source");
        }
    }
    for v in &doc.events {
        let what = |part: &str| format!("{} {part}", v.id);
        for (side, name) in [(&v.actor, "actor"), (&v.recipient, "recipient")] {
            if let Some(a) = side {
                exact(a.start, a.end, &a.text, &what(name));
                if let Some(id) = &a.entity {
                    entity(id, &what(name));
                }
            }
        }
        for id in &v.participants {
            entity(id, &what("participant"));
        }
        if let Some(id) = v.place.as_ref().and_then(|p| p.entity.as_deref()) {
            entity(id, &what("place"));
        }
        if let Some(d) = &v.date {
            match &d.timex {
                Some(id) => {
                    let t = doc
                        .timexes
                        .iter()
                        .find(|t| &t.id == id)
                        .unwrap_or_else(|| panic!("{} names missing timex {id}", v.id));
                    assert_eq!(t.value.as_ref(), Some(&d.value), "{} date", v.id);
                    assert_eq!(t.precision, d.precision, "{} date precision", v.id);
                }
                None => assert_eq!(
                    Some(&d.value),
                    doc.published.as_ref(),
                    "{}: an event dated without a timex takes the publication date",
                    v.id
                ),
            }
        }
        if let Some(id) = &v.quote {
            assert!(
                doc.quotes.iter().any(|q| &q.id == id),
                "{} names missing quote {id}",
                v.id
            );
        }
        inside(v.sentence.start, v.sentence.end, &what("sentence"));
        for m in &v.mentions {
            inside(m.start, m.end, &what("retelling"));
        }
        exact(
            v.trigger.start,
            v.trigger.end,
            &v.trigger.text,
            &what("trigger"),
        );
        assert!(!v.trigger.text.is_empty(), "{} has an empty trigger", v.id);
        // the sentence that tells the event holds its trigger
        assert!(
            v.sentence.start <= v.trigger.start && v.trigger.start < v.sentence.end,
            "{}: trigger at {} outside its sentence [{},{})",
            v.id,
            v.trigger.start,
            v.sentence.start,
            v.sentence.end
        );
    }
}

fn json(doc: &DocumentOut) -> String {
    serde_json::to_string(doc).unwrap()
}

/// Coded with the shared pipeline: references and schema hold, and coding again — by the same
/// pipeline and by another one — gives the same bytes.
fn check_article(article: &Article) -> DocumentOut {
    let doc = pipeline().code(article);
    check_references(&doc);
    assert_valid(&doc);
    let first = json(&doc);
    assert_eq!(
        json(&pipeline().code(article)),
        first,
        "coded twice, differently"
    );
    assert_eq!(
        json(&second_pipeline().code(article)),
        first,
        "another pipeline coded it differently"
    );
    doc
}

// --- news-like articles ---------------------------------------------------------------------

const PEOPLE: &[&str] = &[
    "US Secretary of State Antony Blinken",
    "Blinken",
    "Chinese Foreign Minister Wang Yi",
    "Wang",
    "President Joe Biden",
    "Xi Jinping",
    "Russian President Vladimir Putin",
    "Putin",
    "Ukrainian President Volodymyr Zelensky",
    "Israeli Prime Minister Benjamin Netanyahu",
    "State Department principal deputy spokesperson Vedant Patel",
    "Director General for North American and Oceanian Affairs Yang Tao",
    "German Chancellor Olaf Scholz",
    "Turkish President Recep Tayyip Erdoğan",
    "Gen. Mark Milley",
    "Sen. Marco Rubio",
    "a senior administration official",
    "two US officials and a source familiar with the matter",
    "the official",
    "the top US diplomat",
    "he",
    "she",
    "they",
    "a spokesperson for the ministry",
];

const ORGS: &[&str] = &[
    "the United Nations",
    "NATO",
    "the State Department",
    "China's Foreign Ministry",
    "the Ministry of Foreign Affairs",
    "the European Union",
    "Hamas",
    "the Taliban",
    "the Kremlin",
    "the Pentagon",
    "Iraqi lawmakers",
    "protesters",
    "rebels from Syria",
    "the US military",
    "Israeli troops",
    "the NSC",
];

const COUNTRIES: &[&str] = &[
    "China",
    "the United States",
    "the US",
    "the U.S.",
    "Iran",
    "Ukraine",
    "Russia",
    "Israel",
    "Germany",
    "France",
    "Turkey",
    "Saudi Arabia",
    "North Korea",
    "Taiwan",
    "Japan",
    "Egypt",
    "Sudan",
];

const PLACES: &[&str] = &[
    "Beijing",
    "Kyiv",
    "Gaza",
    "Bali",
    "Vienna",
    "Moscow",
    "Tehran",
    "New York",
    "Cairo",
    "Jerusalem",
    "Damascus",
    "Hong Kong",
    "São Paulo",
    "the capital",
];

const VERBS: &[&str] = &[
    "met with",
    "met",
    "visited",
    "attacked",
    "accused",
    "criticized",
    "condemned",
    "praised",
    "sanctioned",
    "arrested",
    "expelled",
    "invaded",
    "held talks with",
    "signed an agreement with",
    "agreed to meet",
    "threatened to attack",
    "urged",
    "called on",
    "will visit",
    "is expected to travel to",
    "plans to meet",
    "postponed a trip to",
    "denied attacking",
    "called off talks with",
    "did not attack",
    "would meet",
    "could sanction",
    "refused to meet",
    "promised aid to",
    "fired missiles at",
    "protested against",
    "rejected",
    "warned",
    "phoned",
    "hosted",
    "demanded that",
];

const DATES: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "last week",
    "on June 5",
    "in 2019",
    "next month",
    "three years ago",
    "5000 years ago",
    "1000000 days ago",
    "on Jan. 5, 2023",
    "in the coming weeks",
    "recently",
    "in November",
    "in the 1990s",
    "yesterday",
    "today",
    "on 12 March 2020",
    "in May 2022",
    "this week",
    "next year",
    "on Feb. 30",
    "two days ago",
    "now",
];

const CLAUSES: &[&str] = &[
    "We have no travel for the Secretary to announce",
    "the talks were candid and productive",
    "China will respond firmly",
    "we will not accept this",
    "the attack was a violation of international law",
    "there is no military solution",
    "we are ready to meet them in Vienna",
    "the US would defend its allies",
    "Iran must release the prisoners",
    "it went well",
];

const OUTLETS: &[&str] = &["CNN", "Reuters", "the BBC", "Xinhua", "The New York Times"];

const PUBLISHED: &[&str] = &[
    "2023-06-06",
    "2019-01-23",
    "2020-02-29",
    "1999-12-31",
    "0001-01-01",
    "9999-12-31",
];

/// Picks from the word lists by the bytes of a sentence's draw.
struct Slots<'a>(std::slice::Iter<'a, u8>);

impl Slots<'_> {
    fn pick(&mut self, list: &[&'static str]) -> &'static str {
        let n = self.0.next().copied().unwrap_or(0) as usize;
        list[n % list.len()]
    }
    /// Anyone who can act: a person, an organisation or a country.
    fn agent(&mut self) -> &'static str {
        match self.0.next().copied().unwrap_or(0) % 3 {
            0 => self.pick(PEOPLE),
            1 => self.pick(ORGS),
            _ => self.pick(COUNTRIES),
        }
    }
    /// A date after a space, or nothing.
    fn date(&mut self) -> String {
        let d = self.pick(DATES);
        if self.0.next().copied().unwrap_or(0) % 4 == 0 {
            String::new()
        } else {
            format!(" {d}")
        }
    }
    fn place(&mut self) -> String {
        let p = self.pick(PLACES);
        match self.0.next().copied().unwrap_or(0) % 3 {
            0 => String::new(),
            1 => format!(" in {p}"),
            _ => format!(" at the UN headquarters in {p}"),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One sentence of kind `template`, its words drawn by `draw`.
fn sentence(template: u8, draw: &[u8]) -> String {
    let mut s = Slots(draw.iter());
    let s = &mut s;
    let text = match template % 15 {
        0 => {
            let (a, v, b, d) = (s.agent(), s.pick(VERBS), s.agent(), s.date());
            format!("{a} {v} {b}{d}{}.", s.place())
        }
        1 => format!(
            "“{},” {} said{}.",
            s.pick(CLAUSES),
            s.pick(PEOPLE),
            s.date()
        ),
        2 => {
            let (sp, d) = (s.pick(PEOPLE), s.date());
            let (a, v, b) = (s.agent(), s.pick(VERBS), s.agent());
            format!("{sp} said{d} that {a} {v} {b}.")
        }
        3 => format!("“{},” said {}.", s.pick(CLAUSES), s.pick(PEOPLE)),
        4 => {
            let sp = s.pick(PEOPLE);
            let (a, v, b, d) = (s.agent(), s.pick(VERBS), s.agent(), s.date());
            format!("According to {sp}, {a} {v} {b}{d}.")
        }
        5 => format!(
            "{} told {} that {}.",
            s.pick(PEOPLE),
            s.pick(OUTLETS),
            s.pick(CLAUSES)
        ),
        6 => {
            let (a, v, b) = (s.agent(), s.pick(VERBS), s.agent());
            format!("{a} {v} {b}, {} said.", s.pick(PEOPLE))
        }
        7 => format!(
            "{} called the meeting “{}.”",
            s.pick(PEOPLE),
            s.pick(&["candid", "productive and constructive", "a mistake"])
        ),
        8 => {
            let (d, a, b, v) = (s.pick(DATES), s.agent(), s.agent(), s.pick(VERBS));
            format!("{d}, {a} and {b} {v} {}{}.", s.agent(), s.place())
        }
        9 => {
            let (o, d) = (s.pick(OUTLETS), s.date());
            let (a, v, b) = (s.agent(), s.pick(VERBS), s.agent());
            format!("{o} first reported{d} that {a} {v} {b}.")
        }
        10 => format!("\"{},\" {} said.", s.pick(CLAUSES), s.pick(PEOPLE)),
        11 => format!(
            "{}'s trip to {} was postponed{}.",
            s.pick(PEOPLE),
            s.pick(PLACES),
            s.date()
        ),
        // a quote left open runs to the end of its paragraph
        12 => format!("“{}.", s.pick(CLAUSES)),
        13 => format!("{} said: “{}.”", s.pick(PEOPLE), s.pick(CLAUSES)),
        _ => {
            let (a, v, b) = (s.agent(), s.pick(VERBS), s.agent());
            format!(
                "In {}, {a} {v} {b}{}, {} reported.",
                s.pick(PLACES),
                s.date(),
                s.pick(OUTLETS)
            )
        }
    };
    capitalise(text.trim_start())
}

/// An article of news-like sentences, in paragraphs, perhaps with a stretch of random Unicode
/// somewhere, a publication date or none, and arbitrary metadata.
fn news_article() -> impl Strategy<Value = Article> {
    (
        proptest::collection::vec((any::<u8>(), any::<[u8; 12]>(), 0u8..4), 1..9),
        proptest::option::of(0..PUBLISHED.len()),
        proptest::option::of((any::<prop::sample::Index>(), "\\PC{0,24}")),
        proptest::option::of("\\PC{0,16}"),
        proptest::option::of("\\PC{0,16}"),
    )
        .prop_map(|(sentences, published, noise, id, title)| {
            let mut text = String::new();
            for (template, draw, gap) in &sentences {
                if !text.is_empty() {
                    text.push_str(match gap {
                        0 => "\n\n",
                        1 => "\n",
                        _ => " ",
                    });
                }
                text.push_str(&sentence(*template, draw));
            }
            if let Some((at, noise)) = noise {
                let boundaries: Vec<usize> = text
                    .char_indices()
                    .map(|(b, _)| b)
                    .chain([text.len()])
                    .collect();
                text.insert_str(boundaries[at.index(boundaries.len())], &noise);
            }
            Article {
                id,
                title,
                source: Some("Wire".into()),
                url: None,
                published: published.map(|p| PUBLISHED[p].parse().unwrap()),
                text,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn news_like_articles_keep_their_references_validate_and_code_alike(article in news_article()) {
        check_article(&article);
    }

    #[test]
    fn any_text_keeps_its_references_validates_and_codes_alike(
        text in "\\PC{0,300}",
        published in proptest::option::of(0..PUBLISHED.len()),
    ) {
        check_article(&Article {
            text,
            published: published.map(|p| PUBLISHED[p].parse().unwrap()),
            ..Default::default()
        });
    }
}

/// The generator reaches the layers: over a fixed draw of articles, every kind of record comes
/// out, so the properties above are not checked on empty documents only.
#[test]
fn the_news_like_articles_reach_every_layer() {
    let docs: Vec<DocumentOut> = generated(200).iter().map(|a| pipeline().code(a)).collect();
    let count = |f: fn(&DocumentOut) -> usize| docs.iter().map(f).sum::<usize>();
    let events = count(|d| d.events.len());
    let dated = count(|d| {
        d.events
            .iter()
            .filter(|e| e.date.as_ref().is_some_and(|x| x.timex.is_some()))
            .count()
    });
    let placed = count(|d| d.events.iter().filter(|e| e.place.is_some()).count());
    let statements = count(|d| d.events.iter().filter(|e| e.quote.is_some()).count());
    let spoken = count(|d| {
        d.quotes
            .iter()
            .filter(|q| q.speaker.as_ref().is_some_and(|s| s.entity.is_some()))
            .count()
    });
    let roles = count(|d| d.entities.iter().map(|e| e.roles.len()).sum());
    let unresolved = count(|d| d.timexes.iter().filter(|t| t.value.is_none()).count());
    let sources = count(|d| d.sources.len());
    let not_occurred = count(|d| d.events.iter().filter(|e| e.status != "occurred").count());
    for (what, n) in [
        ("events", events),
        ("events dated by a timex", dated),
        ("events with a place", placed),
        ("statement events", statements),
        ("quotes with a speaker entity", spoken),
        ("roles", roles),
        ("unresolved timexes", unresolved),
        ("sources", sources),
        ("events not occurred", not_occurred),
    ] {
        assert!(n >= 10, "only {n} {what} in 200 generated articles");
    }
}

/// `n` articles of the news-like generator, the same ones in every process.
fn generated(n: usize) -> Vec<Article> {
    let mut runner = TestRunner::deterministic();
    let strategy = news_article();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

/// The 28 Wikinews articles and the seed article, as the CLI and the tests code them.
fn fixtures() -> Vec<Article> {
    let mut articles: Vec<Article> = WIKINEWS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            let s = |k: &str| v[k].as_str().map(String::from);
            Article {
                id: s("id"),
                title: s("title"),
                source: s("source"),
                url: s("url"),
                published: s("published").map(|p| p.parse().unwrap()),
                text: s("text").unwrap(),
            }
        })
        .collect();
    assert_eq!(articles.len(), 28);
    articles.push(Article {
        id: Some("000_96816e06d1c519d8".into()),
        published: "2023-06-06".parse().ok(),
        text: SEED.to_string(),
        ..Default::default()
    });
    articles
}

#[test]
fn the_fixtures_keep_their_references_validate_and_code_alike() {
    for article in fixtures() {
        let doc = check_article(&article);
        assert!(!doc.events.is_empty(), "{:?} has no events", doc.id);
    }
}

/// The schema is strict: it does reject what `readout/1` never holds. Each change to a real
/// document must make it invalid.
#[test]
fn the_schema_rejects_what_readout_1_is_not() {
    let doc = pipeline().code(fixtures().last().unwrap());
    let good = serde_json::to_value(&doc).unwrap();
    assert!(schema_errors(&good).is_empty());
    type Change = fn(&mut Value);
    let changes: &[(&str, Change)] = &[
        ("an unknown field", |v| v["extra"] = 1.into()),
        ("another schema", |v| v["schema"] = "readout/2".into()),
        ("no events", |v| {
            v.as_object_mut().unwrap().remove("events");
        }),
        ("a bad published date", |v| {
            v["published"] = "06/06/2023".into()
        }),
        ("an unknown entity kind", |v| {
            v["entities"][0]["kind"] = "alien".into()
        }),
        ("an entity id out of pattern", |v| {
            v["entities"][0]["id"] = "X1".into()
        }),
        ("a lower-case country", |v| {
            v["entities"][0]["country"] = "usa".into()
        }),
        ("a negative offset", |v| {
            v["entities"][0]["mentions"][0]["start"] = (-1).into()
        }),
        ("a titled mention without its name", |v| {
            let mentions = v["entities"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .flat_map(|e| e["mentions"].as_array_mut().unwrap().iter_mut());
            let titled = mentions.into_iter().find(|m| m["type"] == "title").unwrap();
            titled.as_object_mut().unwrap().remove("name_start");
        }),
        ("a name inside a plain mention", |v| {
            v["entities"][0]["mentions"][0]["type"] = "name".into();
            v["entities"][0]["mentions"][0]["name_start"] = 0.into();
        }),
        ("an unknown precision", |v| {
            v["timexes"][0]["precision"] = "hour".into()
        }),
        ("a day value at month precision", |v| {
            v["timexes"][0]["precision"] = "month".into();
            v["timexes"][0]["value"] = "2023-06-05".into();
        }),
        ("an unknown quote kind", |v| {
            v["quotes"][0]["kind"] = "rumour".into()
        }),
        ("quad class 5", |v| v["events"][0]["quad_class"] = 5.into()),
        ("an unknown status", |v| {
            v["events"][0]["status"] = "rumoured".into()
        }),
        ("a CAMEO code of letters", |v| {
            v["events"][0]["cameo"] = "MEET".into()
        }),
        ("an unknown PLOVER category", |v| {
            v["events"][0]["plover"] = "HUG".into()
        }),
        ("a Goldstein score over 10", |v| {
            v["events"][0]["goldstein"] = 11.0.into()
        }),
        ("a published date with a timex", |v| {
            let e = &mut v["events"][0];
            e["date"] = serde_json::json!({"value": "2023-06-06", "precision": "day",
                "from": "published", "timex": "T1"});
        }),
        ("a timex date without its timex", |v| {
            let e = &mut v["events"][0];
            e["date"] = serde_json::json!({"value": "2023-06-06", "precision": "day",
                "from": "timex", "timex": null});
        }),
        ("empty retellings", |v| {
            v["events"][0]["mentions"] = serde_json::json!([])
        }),
        ("a string for a boolean", |v| {
            v["sources"][0]["anonymous"] = "yes".into()
        }),
    ];
    for (what, change) in changes {
        let mut bad = good.clone();
        change(&mut bad);
        assert!(
            !schema_errors(&bad).is_empty(),
            "the schema accepts a document with {what}"
        );
    }
}

/// Hash seeds, addresses and thread timing differ between processes; the output must not.
/// This test runs itself in two child processes, which write what they coded to a file.
#[test]
fn coding_is_the_same_in_other_processes() {
    const OUT: &str = "READOUT_PROPERTIES_OUT";
    let coded = || -> String {
        let mut articles = fixtures();
        articles.extend(generated(60));
        articles
            .iter()
            .map(|a| json(&pipeline().code(a)) + "\n")
            .collect()
    };
    if let Ok(path) = std::env::var(OUT) {
        std::fs::write(path, coded()).unwrap();
        return;
    }
    let dir = std::env::temp_dir().join(format!("readout-properties-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mine = coded();
    for child in 0..2 {
        let path = dir.join(format!("coded-{child}.jsonl"));
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "coding_is_the_same_in_other_processes",
                "--exact",
                "--test-threads=1",
            ])
            .env(OUT, &path)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "child process {child}: {status}");
        let theirs = std::fs::read_to_string(&path).unwrap();
        assert_eq!(theirs.lines().count(), 89, "child {child} coded too little");
        for (i, (a, b)) in mine.lines().zip(theirs.lines()).enumerate() {
            assert_eq!(
                a, b,
                "article {i} coded differently in child process {child}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
