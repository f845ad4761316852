//! `readout serve` on an ephemeral port, over HTTP: coding, storing, the questions, errors as
//! JSON with the right status, the body limit, the token, and the OpenAPI document.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_readout");

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &str, extra: &[&str]) -> Server {
    let mut child = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--db", db])
        .args(extra)
        .env_remove("READOUT_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server {
        child,
        base: format!("http://{addr}"),
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn seed() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed/000_96816e06d1c519d8.txt"),
    )
    .unwrap()
}

fn json(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn get(s: &Server, path: &str) -> (u16, Value) {
    let mut r = agent().get(format!("{}{path}", s.base)).call().unwrap();
    let status = r.status().as_u16();
    (status, json(r.body_mut().read_to_string().unwrap()))
}

#[test]
fn the_api_codes_stores_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("r.db").display());
    let s = serve(&db, &[]);
    let mut r = agent()
        .post(format!(
            "{}/api/code?published=2023-06-06&store=true",
            s.base
        ))
        .header("content-type", "text/plain")
        .send(seed())
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.headers()
            .get("x-readout-store")
            .and_then(|v| v.to_str().ok()),
        Some("stored")
    );
    let doc: Value = json(r.body_mut().read_to_string().unwrap());
    assert_eq!(doc["schema"], "readout/1");
    assert!(!doc["events"].as_array().unwrap().is_empty());

    let (status, events) = get(&s, "/api/events?actor=USA&recipient=CHN&both=true");
    assert_eq!(status, 200);
    assert!(
        events["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["place"] == "Beijing"),
        "{events:#}"
    );
    let (status, timeline) = get(&s, "/api/timeline?a=USA&b=CHN&by=month");
    assert_eq!(status, 200);
    assert!(timeline["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["period"] == "2023-06"));
    let (_, docs) = get(&s, "/api/documents");
    let id = docs["documents"][0]["id"].as_str().unwrap().to_string();
    let (status, stored) = get(&s, &format!("/api/documents/{id}"));
    assert_eq!(status, 200);
    assert_eq!(stored["events"], doc["events"]);
    let (status, hits) = get(&s, "/api/search?q=spy%20balloon");
    assert_eq!(status, 200);
    assert!(!hits["hits"].as_array().unwrap().is_empty());
    let (_, quotes) = get(&s, "/api/quotes?speaker=Patel");
    assert!(!quotes["quotes"].as_array().unwrap().is_empty());

    // an article object in JSON
    let mut r = agent()
        .post(format!("{}/api/code", s.base))
        .header("content-type", "application/json")
        .send(r#"{"text": "Germany invaded France on Monday.", "published": "2015-08-13"}"#)
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = json(r.body_mut().read_to_string().unwrap());
    assert_eq!(v["events"][0]["cameo"], "192");

    // errors are JSON with the right status
    let (status, err) = get(&s, "/api/documents/no-such-id");
    assert_eq!(status, 404);
    assert!(err["error"].as_str().unwrap().contains("no-such-id"));
    let (status, err) = get(&s, "/api/timeline?a=USA&b=CHN&by=fortnight");
    assert_eq!(status, 400);
    assert!(err["error"].as_str().unwrap().contains("fortnight"));
    let (status, _) = get(&s, "/api/nothing-here");
    assert_eq!(status, 404);
    let r = agent()
        .post(format!("{}/api/code", s.base))
        .header("content-type", "application/json")
        .send("{not json")
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);

    let (status, api) = get(&s, "/api/openapi.json");
    assert_eq!(status, 200);
    assert!(api["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in ["/api/code", "/api/events", "/api/timeline", "/api/search"] {
        assert!(api["paths"].get(path).is_some(), "{path} missing");
    }
}

#[test]
fn bodies_over_the_limit_get_413_and_storing_needs_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("r.db").display());
    let s = serve(&db, &["--max-body", "1KB", "--token", "s3cret"]);
    let r = agent()
        .post(format!("{}/api/code", s.base))
        .header("content-type", "text/plain")
        .send("a".repeat(1001))
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    let small = "Germany invaded France on Monday.";
    let r = agent()
        .post(format!("{}/api/code?store=true", s.base))
        .send(small)
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let r = agent()
        .post(format!("{}/api/code?store=true", s.base))
        .header("authorization", "Bearer s3cret")
        .send(small)
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // coding without storing needs no token
    let r = agent()
        .post(format!("{}/api/code", s.base))
        .send(small)
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
    let db = format!("sqlite:{}", dir.path().join("r.db").display());
    let s = serve(&db, &["--request-timeout", "1"]);
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
    let mut reply = [0u8; 64];
    let n = slow.read(&mut reply).unwrap();
    let head = String::from_utf8_lossy(&reply[..n]);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}
