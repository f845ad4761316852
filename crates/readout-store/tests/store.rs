//! One suite of store tests, run on SQLite (always) and on PostgreSQL (`#[ignore]`d: it needs a
//! server; `scripts/test-all.sh` starts one and sets `READOUT_TEST_POSTGRES`). The PostgreSQL
//! run also checks that both backends give the same answers.

use std::path::Path;
use std::sync::OnceLock;

use readout_core::{Article, DocumentOut, Lexicon, Pipeline};
use readout_store::{
    EntityFilter, EventFilter, NewDocument, Period, PutOutcome, QuoteFilter, SearchFilter, Store,
};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Lexicon::builtin().unwrap()).unwrap())
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The seed article and the Wikinews examples, coded.
fn corpus() -> &'static Vec<DocumentOut> {
    static C: OnceLock<Vec<DocumentOut>> = OnceLock::new();
    C.get_or_init(|| {
        let seed =
            std::fs::read_to_string(root().join("tests/fixtures/seed/000_96816e06d1c519d8.txt"))
                .unwrap();
        let mut docs = vec![pipeline().code(&Article {
            id: Some("seed".into()),
            text: seed,
            published: Some("2023-06-06".parse().unwrap()),
            ..Default::default()
        })];
        let jsonl =
            std::fs::read_to_string(root().join("tests/fixtures/wikinews/articles.jsonl")).unwrap();
        for line in jsonl.lines().take(12) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            docs.push(pipeline().code(&Article {
                id: v["id"].as_str().map(String::from),
                title: v["title"].as_str().map(String::from),
                url: v["url"].as_str().map(String::from),
                text: v["text"].as_str().unwrap().to_string(),
                published: v["published"].as_str().map(|d| d.parse().unwrap()),
                ..Default::default()
            }));
        }
        docs
    })
}

fn new_docs(docs: &[DocumentOut]) -> Vec<NewDocument<'_>> {
    docs.iter()
        .map(|d| NewDocument {
            doc: d,
            id: d.id.as_deref().unwrap(),
            readout_version: "test",
            lexicon_hash: "lex1",
        })
        .collect()
}

/// Everything the suite asks, as text, to compare backends.
fn answers(store: &mut Store) -> String {
    let mut out = String::new();
    let events = store
        .events(&EventFilter {
            actor: Some("USA".into()),
            recipient: Some("CHN".into()),
            both_directions: true,
            ..Default::default()
        })
        .unwrap();
    out.push_str(&serde_json::to_string(&events).unwrap());
    let timeline = store
        .timeline("USA", "CHN", Period::Month, None, None)
        .unwrap();
    out.push_str(&serde_json::to_string(&timeline).unwrap());
    let quotes = store
        .quotes(&QuoteFilter {
            speaker: Some("Patel".into()),
            ..Default::default()
        })
        .unwrap();
    out.push_str(&serde_json::to_string(&quotes).unwrap());
    let entities = store
        .entities(&EntityFilter {
            kind: Some("person".into()),
            limit: Some(10),
            ..Default::default()
        })
        .unwrap();
    out.push_str(&serde_json::to_string(&entities).unwrap());
    // stop words, short words that stemmers change ("us"/"used"), prefixes, accents
    for query in [
        "spy balloon",
        "the",
        "us",
        "talk",
        "was will",
        "Erdoğan",
        "beijing 2023",
    ] {
        let hits = store.search(&words(query)).unwrap();
        out.push_str(&serde_json::to_string(&hits).unwrap());
    }
    out
}

fn suite(url: &str) -> String {
    let docs = corpus();
    let mut store = Store::open(url).unwrap();
    let outcomes = store.put(&new_docs(docs)).unwrap();
    assert!(
        outcomes.iter().all(|o| *o == PutOutcome::Stored),
        "{outcomes:?}"
    );
    let counts = |s: &mut Store| {
        ["documents", "entities", "events", "quotes", "sources"].map(|t| s.count(t).unwrap())
    };
    let before = counts(&mut store);
    assert_eq!(before[0], docs.len() as i64);
    assert!(before[2] > 0 && before[3] > 0);

    // storing the same documents again adds nothing
    let again = store.put(&new_docs(docs)).unwrap();
    assert!(again.iter().all(|o| *o == PutOutcome::AlreadyPresent));
    assert_eq!(counts(&mut store), before);

    // the same id with another text is a conflict and changes nothing
    let mut other = docs[1].clone();
    other.text.push_str(" An added sentence.");
    let conflict = store.put(&new_docs(std::slice::from_ref(&other))).unwrap();
    assert!(
        matches!(conflict[0], PutOutcome::Conflict(_)),
        "{conflict:?}"
    );
    assert_eq!(counts(&mut store), before);

    // a reopened store (migrations already applied) keeps everything
    drop(store);
    let mut store = Store::open(url).unwrap();
    assert_eq!(counts(&mut store), before);

    // the document comes back as it was coded
    assert_eq!(store.document("seed").unwrap().as_ref(), Some(&docs[0]));

    // the seed's US–China events, both ways, with the Beijing meeting
    let events = store
        .events(&EventFilter {
            actor: Some("USA".into()),
            recipient: Some("CHN".into()),
            both_directions: true,
            ..Default::default()
        })
        .unwrap();
    assert!(
        events.iter().any(|e| e.doc_id == "seed"
            && e.date.as_deref() == Some("2023-06-05")
            && e.place.as_deref() == Some("Beijing")),
        "{events:#?}"
    );
    let one_way = store
        .events(&EventFilter {
            actor: Some("CHN".into()),
            recipient: Some("USA".into()),
            from: Some("2023-02-01".into()),
            to: Some("2023-02-28".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(one_way
        .iter()
        .all(|e| e.date.as_deref().is_some_and(|d| d.starts_with("2023-02"))));

    // the timeline has the months of the seed's events
    let timeline = store
        .timeline("USA", "CHN", Period::Month, None, None)
        .unwrap();
    assert!(
        timeline
            .iter()
            .any(|r| r.period == "2023-06" && r.events > 0),
        "{timeline:#?}"
    );
    for r in &timeline {
        assert_eq!(r.quad.iter().sum::<i64>(), r.events);
        // a month's events (what the dashboard lists on a click) are those the month counts
        let (actor, recipient) = r.direction.split_once('→').unwrap();
        let listed = store
            .events(&EventFilter {
                actor: Some(actor.into()),
                recipient: Some(recipient.into()),
                month: Some(r.period.clone()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(listed.len() as i64, r.events, "{r:?}");
    }

    // quotes by speaker, full-text search with sentences
    let quotes = store
        .quotes(&QuoteFilter {
            speaker: Some("Patel".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(!quotes.is_empty());
    let hits = store.search(&words("spy balloon")).unwrap();
    assert!(
        hits.iter()
            .any(|h| h.doc_id == "seed" && !h.sentences.is_empty()),
        "{hits:#?}"
    );
    assert!(store.search(&words("")).unwrap().is_empty());
    assert!(store.search(&words("\"unbalanced (query*")).is_ok());
    // the filters narrow the same hits: by publication date and by an actor of an event
    let ids = |store: &mut Store, f: SearchFilter| -> Vec<String> {
        store
            .search(&f)
            .unwrap()
            .into_iter()
            .map(|h| h.doc_id)
            .collect()
    };
    let day = "2023-06-06".to_string(); // the seed's date in corpus()
    for (filter, kept) in [
        (
            SearchFilter {
                from: Some(day.clone()),
                to: Some(day.clone()),
                ..words("spy balloon")
            },
            true,
        ),
        (
            SearchFilter {
                from: Some("2099-01-01".into()),
                ..words("spy balloon")
            },
            false,
        ),
        (
            SearchFilter {
                to: Some("1999-12".into()),
                ..words("spy balloon")
            },
            false,
        ),
        (
            SearchFilter {
                actor: Some("CHN".into()),
                ..words("spy balloon")
            },
            true,
        ),
        (
            SearchFilter {
                actor: Some("Antony Blinken".into()),
                ..words("spy balloon")
            },
            true,
        ),
        (
            SearchFilter {
                actor: Some("NZL".into()),
                ..words("spy balloon")
            },
            false,
        ),
    ] {
        let found = ids(&mut store, filter.clone());
        assert_eq!(
            found.contains(&"seed".to_string()),
            kept,
            "{filter:?}: {found:?}"
        );
    }

    // stale documents and re-coding replace a document whole
    assert!(store.stale("test", "lex1").unwrap().is_empty());
    assert_eq!(store.stale("test", "lex2").unwrap().len(), docs.len());
    let recoded: Vec<NewDocument<'_>> = docs[..1]
        .iter()
        .map(|d| NewDocument {
            doc: d,
            id: "seed",
            readout_version: "test",
            lexicon_hash: "lex2",
        })
        .collect();
    store.replace(&recoded).unwrap();
    assert_eq!(store.stale("test", "lex2").unwrap().len(), docs.len() - 1);
    assert_eq!(counts(&mut store), before);
    let answered = answers(&mut store);

    // a deleted document leaves nothing behind: rows, search index, questions
    let gone = "seed".to_string();
    assert!(!store.search(&words("spy balloon")).unwrap().is_empty());
    assert!(store.delete(&gone).unwrap());
    assert!(!store.delete(&gone).unwrap());
    assert!(store.document(&gone).unwrap().is_none());
    assert_eq!(counts(&mut store)[0], before[0] - 1);
    let doc_rows = |s: &mut Store, table: &str| {
        s.rows(
            &format!("SELECT COUNT(*) FROM {table} WHERE doc_id = ?"),
            &[gone.as_str().into()],
        )
        .unwrap()[0][0]
            .int()
    };
    for table in ["entities", "mentions", "events", "quotes", "sources"] {
        assert_eq!(doc_rows(&mut store, table), Some(0), "{table}");
    }
    assert!(store.search(&words("spy balloon")).unwrap().is_empty());
    answered
}

#[test]
fn sqlite_store_is_idempotent_and_answers_questions() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("readout.db").display());
    suite(&url);
}

#[test]
fn a_bad_url_is_a_clear_error() {
    let err = Store::open("mysql://localhost/db")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("unknown scheme"), "{err}");
    let err = Store::open("sqlite:").err().unwrap().to_string();
    assert!(err.contains("no path"), "{err}");
}

#[test]
fn a_missing_directory_is_an_error_not_a_panic() {
    assert!(Store::open("sqlite:/nonexistent/dir/readout.db").is_err());
}

/// A fresh database on the server named by `READOUT_TEST_POSTGRES` (an admin URL such as
/// `postgres://postgres@127.0.0.1/postgres`), dropped afterwards.
struct TempDatabase {
    admin: String,
    name: String,
    url: String,
}

impl TempDatabase {
    fn new(tag: &str) -> TempDatabase {
        let admin = std::env::var("READOUT_TEST_POSTGRES").expect(
            "READOUT_TEST_POSTGRES must name a PostgreSQL admin URL (scripts/test-all.sh sets it)",
        );
        let name = format!("readout_test_{tag}_{}", std::process::id());
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        // one statement each: DROP/CREATE DATABASE cannot run inside a transaction block
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        TempDatabase { admin, name, url }
    }
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

#[test]
#[ignore = "needs a PostgreSQL server (READOUT_TEST_POSTGRES); run by scripts/test-all.sh"]
fn postgres_store_gives_the_same_answers_as_sqlite() {
    let db = TempDatabase::new("same");
    let on_postgres = suite(&db.url);
    let dir = tempfile::tempdir().unwrap();
    let on_sqlite = suite(&format!(
        "sqlite:{}",
        dir.path().join("readout.db").display()
    ));
    assert_eq!(on_postgres, on_sqlite);
}

fn words(query: &str) -> SearchFilter {
    SearchFilter {
        query: query.into(),
        limit: Some(10),
        ..Default::default()
    }
}
