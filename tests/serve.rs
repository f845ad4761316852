//! `readout serve` on an ephemeral port, over HTTP: coding, storing, the questions, errors as
//! JSON with the right status, the body limit, the token, and the OpenAPI document.
//!
//! Every behaviour that touches the store is written once, as a function of the store's URL,
//! and run on both backends by `on_both_backends!`: on SQLite (`on_sqlite::...`, plain
//! `cargo test`) and on PostgreSQL (`on_postgres::...`, ignored; scripts/test-all.sh runs them
//! with READOUT_TEST_POSTGRES naming the server, and each gets a fresh database).

mod common;

use std::path::Path;
use std::process::Command;

use common::{agent, serve, Server, TempDatabase};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_readout");

/// `#[test] fn $behaviour()` in `on_sqlite` and an ignored one in `on_postgres`, each calling
/// `$behaviour(url)` with a store of its own on that backend.
macro_rules! on_both_backends {
    ($($behaviour:ident),+ $(,)?) => {
        mod on_sqlite {
            $(
                #[test]
                fn $behaviour() {
                    let dir = tempfile::tempdir().unwrap();
                    super::$behaviour(&super::sqlite_url(dir.path()));
                }
            )+
        }
        mod on_postgres {
            $(
                #[test]
                #[ignore = "needs a PostgreSQL server (READOUT_TEST_POSTGRES); run by scripts/test-all.sh"]
                fn $behaviour() {
                    let db = super::TempDatabase::new("serve");
                    super::$behaviour(&db.url);
                }
            )+
        }
    };
}

on_both_backends!(
    the_api_codes_stores_and_answers,
    storing_again_is_already_present_and_another_text_is_a_conflict,
    documents_are_listed_newest_first_and_paged,
    errors_are_json_with_their_status,
    storing_needs_the_token,
);

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite:{}", dir.join("r.db").display())
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn seed() -> String {
    fixture("tests/fixtures/seed/000_96816e06d1c519d8.txt")
}

fn json(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn get(s: &Server, path: &str) -> (u16, Value) {
    let mut r = agent().get(format!("{}{path}", s.base)).call().unwrap();
    let status = r.status().as_u16();
    (status, json(r.body_mut().read_to_string().unwrap()))
}

/// A GET that must succeed: its JSON.
fn ask(s: &Server, path: &str) -> Value {
    let (status, v) = get(s, path);
    assert_eq!(status, 200, "GET {path}: {v}");
    v
}

/// What a POST got: its status, its `x-readout-store` header and its JSON body.
struct Reply {
    status: u16,
    stored: Option<String>,
    body: Value,
}

fn post(s: &Server, path: &str, content_type: &str, body: &str) -> Reply {
    let mut r = agent()
        .post(format!("{}{path}", s.base))
        .header("content-type", content_type)
        .send(body)
        .unwrap();
    Reply {
        status: r.status().as_u16(),
        stored: r
            .headers()
            .get("x-readout-store")
            .and_then(|v| v.to_str().ok())
            .map(String::from),
        body: json(r.body_mut().read_to_string().unwrap()),
    }
}

/// An article object, as `POST /api/code` takes it in JSON.
fn article(id: &str, text: &str, published: Option<&str>) -> String {
    let mut v = serde_json::json!({ "id": id, "text": text });
    if let Some(p) = published {
        v["published"] = p.into();
    }
    v.to_string()
}

fn ids(documents: &Value) -> Vec<&str> {
    documents["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect()
}

fn the_api_codes_stores_and_answers(db: &str) {
    let s = serve(db, &[]);
    let r = post(
        &s,
        "/api/code?published=2023-06-06&store=true",
        "text/plain",
        &seed(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.stored.as_deref(), Some("stored"));
    let doc = r.body;
    assert_eq!(doc["schema"], "readout/1");
    assert!(!doc["events"].as_array().unwrap().is_empty());

    let events = ask(&s, "/api/events?actor=USA&recipient=CHN&both=true");
    assert!(
        events["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["place"] == "Beijing"),
        "{events:#}"
    );
    let timeline = ask(&s, "/api/timeline?a=USA&b=CHN&by=month");
    assert!(
        timeline["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["period"] == "2023-06"
                && r["direction"] == "USA→CHN"
                && r["events"].as_i64().unwrap() > 0),
        "{timeline:#}"
    );
    let docs = ask(&s, "/api/documents");
    assert_eq!(docs["documents"].as_array().unwrap().len(), 1, "{docs:#}");
    assert_eq!(docs["documents"][0]["published"], "2023-06-06");
    let id = docs["documents"][0]["id"].as_str().unwrap().to_string();
    let stored = ask(&s, &format!("/api/documents/{id}"));
    assert_eq!(stored["events"], doc["events"]);
    assert_eq!(stored["text"], doc["text"]);
    let hits = ask(&s, "/api/search?q=spy%20balloon");
    assert_eq!(hits["hits"][0]["doc_id"], id.as_str(), "{hits:#}");
    assert!(ask(&s, "/api/search?q=no%20such%20words%20here")["hits"]
        .as_array()
        .unwrap()
        .is_empty());
    let quotes = ask(&s, "/api/quotes?speaker=Patel");
    assert!(
        !quotes["quotes"].as_array().unwrap().is_empty(),
        "{quotes:#}"
    );
    let entities = ask(&s, "/api/entities?kind=person");
    assert!(
        entities["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "Antony Blinken"),
        "{entities:#}"
    );

    // an article object in JSON, coded without being stored
    let r = post(
        &s,
        "/api/code",
        "application/json",
        &article("g", "Germany invaded France on Monday.", Some("2015-08-13")),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.stored, None);
    assert_eq!(r.body["events"][0]["cameo"], "192");
    assert_eq!(ids(&ask(&s, "/api/documents")), [id.as_str()]);
}

fn storing_again_is_already_present_and_another_text_is_a_conflict(db: &str) {
    let s = serve(db, &[]);
    let first = article("x", "Germany invaded France on Monday.", Some("2015-08-13"));
    let r = post(&s, "/api/code?store=true", "application/json", &first);
    assert_eq!((r.status, r.stored.as_deref()), (200, Some("stored")));
    let r = post(&s, "/api/code?store=true", "application/json", &first);
    assert_eq!(
        (r.status, r.stored.as_deref()),
        (200, Some("already present"))
    );
    let other = article(
        "x",
        "Germany arrested France on Monday.",
        Some("2015-08-13"),
    );
    let r = post(&s, "/api/code?store=true", "application/json", &other);
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        r.body["error"].as_str().unwrap().contains("different text"),
        "{}",
        r.body
    );
    // the first text stays
    assert_eq!(ids(&ask(&s, "/api/documents")), ["x"]);
    let events = ask(&s, "/api/events?document=x");
    let triggers: Vec<&Value> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["trigger"])
        .collect();
    assert_eq!(triggers, ["invaded"], "{events:#}");
}

fn documents_are_listed_newest_first_and_paged(db: &str) {
    let s = serve(db, &[]);
    for (id, text, published) in [
        ("b", "Egypt met Sudan in Cairo.", "2015-08-13"),
        ("c", "France met Spain in Madrid.", "2016-01-02"),
        ("a", "Germany invaded France on Monday.", "2015-08-13"),
        ("d", "Japan met Korea in Seoul.", "2014-03-01"),
    ] {
        let r = post(
            &s,
            "/api/code?store=true",
            "application/json",
            &article(id, text, Some(published)),
        );
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let all = ask(&s, "/api/documents");
    assert_eq!(ids(&all), ["c", "a", "b", "d"]);
    assert_eq!((&all["limit"], &all["offset"]), (&50.into(), &0.into()));
    let page = ask(&s, "/api/documents?limit=2&offset=1");
    assert_eq!(ids(&page), ["a", "b"]);
    assert_eq!((&page["limit"], &page["offset"]), (&2.into(), &1.into()));
    assert_eq!(ids(&ask(&s, "/api/documents?offset=4")), [] as [&str; 0]);
    // a limit beyond the cap is capped
    assert_eq!(ask(&s, "/api/documents?limit=999999")["limit"], 1000);
}

fn errors_are_json_with_their_status(db: &str) {
    let s = serve(db, &[]);
    let (status, err) = get(&s, "/api/documents/no-such-id");
    assert_eq!(status, 404);
    assert!(
        err["error"].as_str().unwrap().contains("no-such-id"),
        "{err}"
    );
    let (status, err) = get(&s, "/api/timeline?a=USA&b=CHN&by=fortnight");
    assert_eq!(status, 400);
    assert!(
        err["error"].as_str().unwrap().contains("fortnight"),
        "{err}"
    );
    let (status, err) = get(&s, "/api/nothing-here");
    assert_eq!(status, 404);
    assert!(err["error"].is_string(), "{err}");
    let r = post(&s, "/api/code", "application/json", "{not json");
    assert_eq!(r.status, 400);
    assert!(r.body["error"].is_string(), "{}", r.body);
    let r = post(
        &s,
        "/api/code?published=someday&store=true",
        "text/plain",
        "Egypt met Sudan in Cairo.",
    );
    assert_eq!(r.status, 400);
    assert!(
        r.body["error"].as_str().unwrap().contains("someday"),
        "{}",
        r.body
    );
    // errors that axum answers itself are JSON too: a bad query string, a wrong method
    for (path, status) in [
        ("/api/timeline?a=USA", 400),
        ("/api/search", 400),
        ("/api/events?limit=abc", 400),
        ("/api/events?from=notadate", 400),
        ("/api/events?month=2023-13", 400),
        ("/api/quotes?to=2023-02-30", 400),
        ("/api/search?q=x&from=06/06/2023", 400),
        ("/api/code", 405),
    ] {
        let (got, err) = get(&s, path);
        assert_eq!(got, status, "{path}: {err}");
        assert!(!err["error"].as_str().unwrap().is_empty(), "{path}: {err}");
    }
    let r = post(
        &s,
        "/api/code?store=maybe",
        "text/plain",
        "Egypt met Sudan.",
    );
    assert_eq!(r.status, 400);
    assert!(r.body["error"].is_string(), "{}", r.body);
    // nothing was stored by the failed requests
    assert_eq!(ids(&ask(&s, "/api/documents")), [] as [&str; 0]);
}

fn storing_needs_the_token(db: &str) {
    let s = serve(db, &["--token", "s3cret"]);
    let small = "Germany invaded France on Monday.";
    let store = |authorization: Option<&str>| {
        let mut request = agent().post(format!("{}/api/code?store=true", s.base));
        if let Some(a) = authorization {
            request = request.header("authorization", a);
        }
        let mut r = request.send(small).unwrap();
        (
            r.status().as_u16(),
            json(r.body_mut().read_to_string().unwrap()),
        )
    };
    for wrong in [
        None,
        Some("Bearer nope"),
        Some("s3cret"),
        Some("Basic s3cret"),
    ] {
        let (status, err) = store(wrong);
        assert_eq!(status, 401, "{wrong:?}: {err}");
        assert!(err["error"].as_str().unwrap().contains("token"), "{err}");
    }
    assert_eq!(ids(&ask(&s, "/api/documents")), [] as [&str; 0]);
    let (status, doc) = store(Some("Bearer s3cret"));
    assert_eq!(status, 200, "{doc}");
    assert_eq!(
        ask(&s, "/api/documents")["documents"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // coding without storing, and reading, need no token
    let r = post(&s, "/api/code", "text/plain", small);
    assert_eq!(r.status, 200);
    assert_eq!(ask(&s, "/api/events")["events"][0]["cameo"], "192");

    // deleting needs it too; then the document and its events are gone
    let id = ask(&s, "/api/documents")["documents"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let delete = |authorization: Option<&str>| {
        let mut request = agent().delete(format!("{}/api/documents/{id}", s.base));
        if let Some(a) = authorization {
            request = request.header("authorization", a);
        }
        let mut r = request.call().unwrap();
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_string().unwrap();
        (status, body)
    };
    let (status, err) = delete(Some("Bearer nope"));
    assert_eq!(status, 401, "{err}");
    assert_eq!(ids(&ask(&s, "/api/documents")), [id.as_str()]);
    let (status, body) = delete(Some("Bearer s3cret"));
    assert_eq!((status, body.as_str()), (204, ""));
    assert_eq!(ids(&ask(&s, "/api/documents")), [] as [&str; 0]);
    assert_eq!(ask(&s, "/api/events")["events"], serde_json::json!([]));
    let (status, err) = delete(Some("Bearer s3cret"));
    assert_eq!(status, 404, "{err}");
}

/// The questions `the_same_articles_give_the_same_answers_on_both_backends` asks both servers.
const QUESTIONS: &[&str] = &[
    "/api/documents?limit=1000",
    "/api/documents?limit=7&offset=5",
    "/api/events?limit=10000",
    "/api/events?actor=USA&recipient=CHN&both=true",
    "/api/events?actor=USA&from=2023-06-01&to=2023-06-30&plover=CONSULT",
    "/api/events?cameo=19&limit=10000",
    "/api/events?status=postponed",
    "/api/events?limit=5",
    "/api/quotes?limit=10000",
    "/api/quotes?speaker=Patel",
    "/api/quotes?country=USA&kind=direct",
    "/api/entities?limit=10000",
    "/api/entities?kind=person&country=CHN",
    "/api/entities?name=Blinken",
    "/api/timeline?a=USA&b=CHN&by=month",
    "/api/timeline?a=USA&b=CHN&by=day&from=2023-01-01&to=2023-12-31",
    "/api/timeline?a=USA&b=IRN&by=year",
    "/api/search?q=prime%20minister",
    "/api/search?q=spy%20balloon",
    "/api/search?q=officials&limit=3",
    "/api/search?q=minister&actor=USA&from=2019-01-01",
    // stop words and short words that stemmers change ("us" and "used") answer alike
    "/api/search?q=the",
    "/api/search?q=US",
    "/api/search?q=was%20will",
    "/api/events?actor=USA&recipient=CHN&both=true&month=2023-06",
];

#[test]
#[ignore = "needs a PostgreSQL server (READOUT_TEST_POSTGRES); run by scripts/test-all.sh"]
fn the_same_articles_give_the_same_answers_on_both_backends() {
    let pg = TempDatabase::new("serve_alike");
    let dir = tempfile::tempdir().unwrap();
    let servers = [serve(&pg.url, &[]), serve(&sqlite_url(dir.path()), &[])];
    // the Wikinews examples as article objects, and the seed article as text
    let wikinews = fixture("tests/fixtures/wikinews/articles.jsonl");
    for s in &servers {
        for line in wikinews.lines().filter(|l| !l.trim().is_empty()) {
            let r = post(s, "/api/code?store=true", "application/json", line);
            assert_eq!((r.status, r.stored.as_deref()), (200, Some("stored")));
        }
        let r = post(
            s,
            "/api/code?published=2023-06-06&store=true",
            "text/plain",
            &seed(),
        );
        assert_eq!((r.status, r.stored.as_deref()), (200, Some("stored")));
        // an undated article: it comes last on both backends, wherever their NULLs sort
        let r = post(
            s,
            "/api/code?store=true",
            "application/json",
            &article(
                "undated",
                "The US met China in Beijing. \"It went well,\" Blinken said.",
                None,
            ),
        );
        assert_eq!((r.status, r.stored.as_deref()), (200, Some("stored")));
    }
    let [pg_server, sqlite_server] = &servers;
    for q in QUESTIONS {
        assert_eq!(ask(pg_server, q), ask(sqlite_server, q), "{q}");
    }
    // and the answers are not empty ones
    let documents = ask(sqlite_server, "/api/documents?limit=1000");
    assert_eq!(ids(&documents).len(), 30);
    assert_eq!(ids(&documents).last(), Some(&"undated"));
    for (q, key) in [
        ("/api/events?actor=USA&recipient=CHN&both=true", "events"),
        ("/api/quotes?speaker=Patel", "quotes"),
        ("/api/timeline?a=USA&b=CHN&by=month", "timeline"),
        ("/api/search?q=prime%20minister", "hits"),
        ("/api/search?q=the", "hits"),
    ] {
        let v = ask(sqlite_server, q);
        assert!(!v[key].as_array().unwrap().is_empty(), "{q}: {v}");
    }
    // every stored document comes back the same
    for id in ids(&documents) {
        let path = format!("/api/documents/{id}");
        assert_eq!(ask(pg_server, &path), ask(sqlite_server, &path), "{id}");
    }
}

#[test]
#[ignore = "needs a PostgreSQL server (READOUT_TEST_POSTGRES); run by scripts/test-all.sh"]
fn a_lost_database_connection_is_a_json_500_then_the_server_reconnects() {
    let pg = TempDatabase::new("serve_lost");
    let s = serve(&pg.url, &[]);
    assert_eq!(ids(&ask(&s, "/api/documents")), [] as [&str; 0]);
    let mut admin = postgres::Client::connect(&pg.admin, postgres::NoTls).unwrap();
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&pg.name],
        )
        .unwrap();
    let (status, err) = get(&s, "/api/documents");
    assert_eq!(status, 500, "{err}");
    assert!(err["error"].is_string(), "{err}");
    // what needs no store is still served
    let r = post(
        &s,
        "/api/code",
        "text/plain",
        "Germany invaded France on Monday.",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let (status, _) = get(&s, "/api/openapi.json");
    assert_eq!(status, 200);
    // the next question connects again (the one that met the closed connection failed)
    let (status, docs) = get(&s, "/api/documents");
    assert_eq!(status, 200, "{docs}");
}

#[test]
fn the_openapi_document_describes_every_endpoint() {
    let s = serve("sqlite::memory:", &[]);
    let api = ask(&s, "/api/openapi.json");
    assert!(api["openapi"].as_str().unwrap().starts_with("3.1"), "{api}");
    assert_eq!(api["info"]["version"], env!("CARGO_PKG_VERSION"));
    for path in [
        "/api/code",
        "/api/documents",
        "/api/documents/{id}",
        "/api/events",
        "/api/quotes",
        "/api/entities",
        "/api/timeline",
        "/api/search",
    ] {
        assert!(api["paths"].get(path).is_some(), "{path} missing");
    }
}

#[test]
fn bodies_over_the_limit_get_413() {
    let s = serve("sqlite::memory:", &["--max-body", "1KB"]);
    let r = agent()
        .post(format!("{}/api/code", s.base))
        .header("content-type", "text/plain")
        .send("a".repeat(1001))
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    let body = json(r.into_body().read_to_string().unwrap());
    assert!(body["error"].is_string(), "{body}");
    let r = agent()
        .post(format!("{}/api/code", s.base))
        .header("content-type", "text/plain")
        .send("Germany invaded France on Monday.")
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

#[test]
fn binding_beyond_loopback_without_a_token_is_refused() {
    let out = Command::new(BIN)
        .args(["serve", "--addr", "0.0.0.0:0", "--db", "sqlite::memory:"])
        .env_remove("READOUT_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --token"));
}

#[test]
fn a_slow_client_times_out_and_every_response_forbids_inline_scripts() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let s = serve(&sqlite_url(dir.path()), &["--request-timeout", "1"]);
    let addr = s.base.trim_start_matches("http://").to_string();
    // a body announced as 100 bytes of which 10 arrive
    let mut slow = std::net::TcpStream::connect(&addr).unwrap();
    slow.write_all(
        b"POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n0123456789",
    )
    .unwrap();
    // meanwhile other clients are served
    let r = agent()
        .get(format!("{}/api/documents", s.base))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let csp = r
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    // and the slow one gets 408
    slow.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut reply = [0u8; 512];
    let n = slow.read(&mut reply).unwrap();
    let head = String::from_utf8_lossy(&reply[..n]);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    assert!(
        head.to_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let s = serve("sqlite::memory:", &["--jobs", "1"]);
    let r = post(
        &s,
        "/api/code",
        "text/plain",
        "Germany invaded France on Monday.",
    );
    assert_eq!(r.status, 200);
    assert!(s.terminate().success());
}

#[test]
fn concurrent_clients_get_the_same_documents_as_one_client() {
    let s = serve("sqlite::memory:", &["--jobs", "2"]);
    let wikinews = fixture("tests/fixtures/wikinews/articles.jsonl");
    let lines: Vec<&str> = wikinews.lines().filter(|l| !l.trim().is_empty()).collect();
    let alone: Vec<Value> = lines
        .iter()
        .map(|l| post(&s, "/api/code", "application/json", l).body)
        .collect();
    // 16 clients at once, each posting every article, more clients than coding turns
    std::thread::scope(|scope| {
        let clients: Vec<_> = (0..16)
            .map(|k| {
                let (s, lines) = (&s, &lines);
                scope.spawn(move || {
                    (0..lines.len())
                        .map(|i| {
                            let i = (i + k) % lines.len();
                            let r = post(s, "/api/code", "application/json", lines[i]);
                            assert_eq!(r.status, 200, "{}", r.body);
                            (i, r.body)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for client in clients {
            for (i, doc) in client.join().unwrap() {
                assert_eq!(doc, alone[i], "article {i}");
            }
        }
    });
}
