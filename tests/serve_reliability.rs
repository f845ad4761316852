//! `readout serve` under bad input, many connections and load: a body one byte over the limit,
//! malformed JSON and malformed HTTP, hostile articles, a thousand idle connections, connections
//! that never finish their request, and a minute of load. After each the server must still
//! answer the API correctly (`still_serving`).
//!
//! That hostile articles render as inert text in a browser is `tests/dashboard.rs`'s
//! (`hostile_articles_render_as_inert_text`, headless Chromium); here the server's side of it:
//! the API gives the text back verbatim as JSON and no page carries article text in its HTML.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{agent, serve, Server};
use serde_json::Value;

/// `--max-body`'s default, 10 MB (docs/api.md).
const LIMIT: usize = 10_000_000;

/// Generous bounds, for a slow CI machine that also runs other tests: they catch a server that
/// stalls or hangs, not one that is merely slow.
const PROMPT: Duration = Duration::from_secs(10);

fn sqlite(dir: &Path) -> String {
    format!("sqlite:{}", dir.join("r.db").display())
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn get(s: &Server, path: &str) -> (u16, Value) {
    let mut r = agent().get(format!("{}{path}", s.base)).call().unwrap();
    let status = r.status().as_u16();
    (status, json(&r.body_mut().read_to_string().unwrap()))
}

fn post(s: &Server, path: &str, content_type: &str, body: &[u8]) -> (u16, String, Value) {
    let mut r = agent()
        .post(format!("{}{path}", s.base))
        .header("content-type", content_type)
        .send(body)
        .unwrap();
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (
        r.status().as_u16(),
        kind,
        json(&r.body_mut().read_to_string().unwrap()),
    )
}

const SMALL: &str = "Germany invaded France on Monday.";

/// Stores one article, for `still_serving` to find.
fn store_one(s: &Server) -> &'static str {
    let article = serde_json::json!({"id": "kept", "text": SMALL, "published": "2015-08-13"});
    let (status, _, doc) = post(
        s,
        "/api/code?store=true",
        "application/json",
        article.to_string().as_bytes(),
    );
    assert_eq!(status, 200, "{doc}");
    "kept"
}

/// The server answers the API correctly: it lists what it stored, codes an article, and
/// answers a question about the store.
fn still_serving(s: &Server, after: &str) {
    let (status, docs) = get(s, "/api/documents");
    assert_eq!(status, 200, "after {after}: {docs}");
    assert!(
        docs["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == "kept"),
        "after {after}: {docs}"
    );
    let (status, _, doc) = post(
        s,
        "/api/code?published=2015-08-13",
        "text/plain",
        SMALL.as_bytes(),
    );
    assert_eq!(status, 200, "after {after}: {doc}");
    assert_eq!(doc["events"][0]["cameo"], "192", "after {after}: {doc}");
    let (status, events) = get(s, "/api/events?document=kept");
    assert_eq!(status, 200, "after {after}: {events}");
    assert_eq!(
        events["events"][0]["cameo"], "192",
        "after {after}: {events}"
    );
}

/// What a raw HTTP/1.1 exchange got back.
struct Raw {
    status: u16,
    head: String,
    body: String,
}

/// Sends `request` on a connection of its own (from another thread, so that a server that
/// answers before reading it all is heard) and reads the answer until the server closes.
fn exchange(s: &Server, request: Vec<u8>) -> Raw {
    let mut stream = TcpStream::connect(s.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    // the server may close once it has answered; the rest of the request is then refused
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&request);
    });
    let mut reply = Vec::new();
    let read = stream.read_to_end(&mut reply);
    if let Err(e) = read {
        assert!(
            !reply.is_empty(),
            "no answer before the connection failed: {e}"
        );
    }
    sender.join().unwrap();
    let text = String::from_utf8_lossy(&reply).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    Raw {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A request with a body, announced by Content-Length.
fn with_length(path: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// The same body in chunks, with no length announced.
fn chunked(path: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: {content_type}\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for chunk in body.chunks(64 * 1024) {
        r.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        r.extend_from_slice(chunk);
        r.extend_from_slice(b"\r\n");
    }
    r.extend_from_slice(b"0\r\n\r\n");
    r
}

fn assert_json_error(r: &Raw, status: u16, what: &str) {
    assert_eq!(r.status, status, "{what}: {}\n{}", r.head, r.body);
    assert!(
        r.head
            .to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{what}: {}",
        r.head
    );
    let v = json(&r.body);
    assert!(
        v["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{what}: {v}"
    );
}

#[test]
fn a_body_of_exactly_10_mb_is_coded_and_one_byte_more_is_413() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(&sqlite(dir.path()), &[]);
    store_one(&s);
    // an article object followed by blanks, which JSON allows: the body is as long as wanted
    // while the article stays short to code
    let article =
        br#"{"id":"big","text":"Germany invaded France on Monday.","published":"2015-08-13"}"#;
    let body = |len: usize| {
        let mut b = article.to_vec();
        b.resize(len, b' ');
        b
    };

    let r = exchange(
        &s,
        with_length("/api/code", "application/json", &body(LIMIT)),
    );
    assert_eq!(r.status, 200, "exactly 10 MB: {}\n{}", r.head, r.body);
    let doc = json(&r.body);
    assert_eq!(
        (&doc["id"], &doc["events"][0]["cameo"]),
        (&"big".into(), &"192".into())
    );
    still_serving(&s, "a body of exactly 10 MB");

    let r = exchange(
        &s,
        with_length("/api/code", "application/json", &body(LIMIT + 1)),
    );
    assert_json_error(&r, 413, "10 MB + 1 byte with Content-Length");
    still_serving(&s, "10 MB + 1 byte with Content-Length");

    let r = exchange(
        &s,
        chunked("/api/code", "application/json", &body(LIMIT + 1)),
    );
    assert_json_error(&r, 413, "10 MB + 1 byte chunked");
    still_serving(&s, "10 MB + 1 byte chunked");

    // a plain-text body over the limit, and one just under it through the same path
    let r = exchange(
        &s,
        with_length("/api/code", "text/plain", &vec![b'a'; LIMIT + 1]),
    );
    assert_json_error(&r, 413, "text over the limit");
    still_serving(&s, "text over the limit");
}

#[test]
fn malformed_json_is_400_with_a_message_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(&sqlite(dir.path()), &[]);
    store_one(&s);
    let deep = "[".repeat(100_000);
    let braces = "{".repeat(1_000_000);
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("empty", b"".to_vec()),
        ("not JSON", b"{not json".to_vec()),
        (
            "truncated",
            br#"{"id":"x","text":"Egypt met Sudan"#.to_vec(),
        ),
        ("an array", b"[]".to_vec()),
        ("null", b"null".to_vec()),
        ("a string", br#""Egypt met Sudan.""#.to_vec()),
        ("text a number", br#"{"text":5}"#.to_vec()),
        ("no text", br#"{"id":"x"}"#.to_vec()),
        ("a lone surrogate", br#"{"text":"\ud800"}"#.to_vec()),
        ("invalid UTF-8", b"{\"text\":\"\xff\xfe\"}".to_vec()),
        ("a NUL byte", b"{\"text\":\"a\"}\0".to_vec()),
        (
            "trailing garbage",
            br#"{"text":"Egypt met Sudan."} {"#.to_vec(),
        ),
        ("nested 100,000 deep", deep.into_bytes()),
        ("a million braces", braces.into_bytes()),
        (
            "a bad date",
            br#"{"text":"Egypt met Sudan.","published":"2023-02-30"}"#.to_vec(),
        ),
        ("a number too large", br#"{"id":1e999,"text":"x"}"#.to_vec()),
    ];
    for (what, body) in &bodies {
        let (status, kind, err) = post(&s, "/api/code?store=true", "application/json", body);
        assert_eq!(status, 400, "{what}: {err}");
        assert!(kind.starts_with("application/json"), "{what}: {kind}");
        assert!(
            err["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{what}: {err}"
        );
        still_serving(&s, what);
    }
    // a text body that is not UTF-8
    let (status, _, err) = post(&s, "/api/code", "text/plain", b"Egypt \xff met Sudan.");
    assert_eq!(status, 400, "{err}");
    assert!(err["error"].as_str().unwrap().contains("UTF-8"), "{err}");
    still_serving(&s, "a text body that is not UTF-8");
    // nothing was stored by any of them
    let (_, docs) = get(&s, "/api/documents");
    assert_eq!(docs["documents"].as_array().unwrap().len(), 1, "{docs}");
}

/// Requests that are not HTTP, or break its framing, are refused by the HTTP layer (hyper)
/// before any handler sees them; the server goes on.
#[test]
fn malformed_http_is_refused_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(&sqlite(dir.path()), &[]);
    store_one(&s);
    let huge_header = format!(
        "GET /api/documents HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1_000_000)
    );
    let requests: Vec<(&str, Vec<u8>, &[u16])> = vec![
        ("garbage", b"GARBAGE\r\n\r\n".to_vec(), &[400]),
        (
            "a bad Content-Length",
            b"POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n".to_vec(),
            &[400],
        ),
        (
            "two Content-Lengths",
            b"POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"
                .to_vec(),
            &[400],
        ),
        (
            "a bad chunk",
            b"POST /api/code HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n\r\n"
                .to_vec(),
            &[400],
        ),
        ("a megabyte of header", huge_header.into_bytes(), &[431]),
        (
            "a bad header name",
            b"GET /api/documents HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n".to_vec(),
            &[400],
        ),
    ];
    for (what, request, statuses) in requests {
        let r = exchange(&s, request);
        assert!(statuses.contains(&r.status), "{what}: {}", r.head);
        still_serving(&s, what);
    }
}

#[test]
fn hostile_articles_come_back_as_text_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(&sqlite(dir.path()), &[]);
    store_one(&s);
    let payloads = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "<svg onload=alert(1)></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "</textarea><b id=\"injected\">bold</b>",
    ];
    let text = format!(
        "US Secretary of State Antony Blinken met Chinese officials in Beijing on Monday. {} \
         \"We will not accept {}\", Blinken said. {} {} {}",
        payloads[0], payloads[1], payloads[2], payloads[3], payloads[4]
    );
    let id = "x<script>alert(1)</script>";
    let article = serde_json::json!({
        "id": id, "title": payloads[1], "url": "javascript:alert(1)",
        "published": "2023-06-06", "text": text,
    });
    let (status, kind, doc) = post(
        &s,
        "/api/code?store=true",
        "application/json",
        article.to_string().as_bytes(),
    );
    assert_eq!(status, 200, "{doc}");
    assert!(kind.starts_with("application/json"), "{kind}");
    assert_eq!(doc["text"], text.as_str());
    assert!(!doc["events"].as_array().unwrap().is_empty(), "{doc}");
    let encoded = "x%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    let (status, stored) = get(&s, &format!("/api/documents/{encoded}"));
    assert_eq!(status, 200, "{stored}");
    assert_eq!(
        (&stored["text"], &stored["title"]),
        (&doc["text"], &doc["title"])
    );
    // every page is the same static shell: article text reaches it only through the API, as
    // text (the browser test checks what the scripts do with it)
    for page in [
        format!("/documents/{encoded}"),
        "/corpus?q=alert".to_string(),
        "/".to_string(),
    ] {
        let mut r = agent().get(format!("{}{page}", s.base)).call().unwrap();
        assert_eq!(r.status().as_u16(), 200, "{page}");
        let csp = r.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{page}: {csp}");
        let html = r.body_mut().read_to_string().unwrap();
        for p in &payloads {
            assert!(!html.contains(p), "{page} holds {p}");
        }
    }
    still_serving(&s, "hostile articles");
}

/// The open sockets of a process (its listening socket, connections, store files excluded).
fn open_sockets(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .filter(|target| target.to_string_lossy().starts_with("socket:"))
        .count()
}

/// Raises this process's soft limit of open files to at least `wanted` (up to the hard
/// limit), as the server does at start-up: the default soft limit is often 1,024.
fn allow_open_files(wanted: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        if limit.rlim_cur < wanted {
            limit.rlim_cur = limit.rlim_max.min(wanted);
            assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
        }
    }
    assert!(
        limit.rlim_cur >= wanted,
        "the hard limit of open files ({}) is under {wanted}",
        limit.rlim_max
    );
}

/// The server's open sockets once the count has held still for half a second (a connection
/// just answered may still be closing).
fn settled_sockets(pid: u32) -> usize {
    let mut last = open_sockets(pid);
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = open_sockets(pid);
        if now == last {
            return now;
        }
        last = now;
    }
}

/// Waits up to `limit` for `done`.
fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    done()
}

/// Opens `n` connections that never complete a request: a third say nothing, a third send
/// half a request line, a third send a request's head and a tenth of its body.
fn idle_connections(s: &Server, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|k| {
            let mut c = TcpStream::connect(s.addr()).unwrap();
            match k % 3 {
                0 => {}
                1 => c.write_all(b"GET /api/docu").unwrap(),
                _ => c
                    .write_all(
                        b"POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n\
                          Content-Length: 100\r\n\r\n0123456789",
                    )
                    .unwrap(),
            }
            c
        })
        .collect()
}

#[test]
fn a_thousand_idle_connections_do_not_stop_other_clients() {
    allow_open_files(4096);
    let dir = tempfile::tempdir().unwrap();
    // a timeout far beyond this test, so that every connection stays open throughout
    let s = serve(&sqlite(dir.path()), &["--request-timeout", "600"]);
    store_one(&s);
    let before = settled_sockets(s.pid());
    let idle = idle_connections(&s, 1000);
    assert!(
        wait_for(Duration::from_secs(60), || open_sockets(s.pid())
            >= before + 1000),
        "the server holds {} sockets, not {} + 1000",
        open_sockets(s.pid()),
        before
    );

    // another client: questions, coding, storing, each timed
    let mut latencies = Vec::new();
    let mut timed = |what: &str, request: &dyn Fn() -> u16| {
        let start = Instant::now();
        let status = request();
        latencies.push(start.elapsed());
        assert_eq!(status, 200, "{what} beside 1,000 idle connections");
    };
    for k in 0..10 {
        timed("a list", &|| get(&s, "/api/documents").0);
        timed("a question", &|| get(&s, "/api/events?document=kept").0);
        timed("coding", &|| {
            post(&s, "/api/code", "text/plain", SMALL.as_bytes()).0
        });
        let article = serde_json::json!({"id": format!("n{k}"), "text": SMALL});
        timed("storing", &|| {
            post(
                &s,
                "/api/code?store=true",
                "application/json",
                article.to_string().as_bytes(),
            )
            .0
        });
    }
    latencies.sort();
    let (median, max) = (
        latencies[latencies.len() / 2],
        latencies[latencies.len() - 1],
    );
    eprintln!(
        "{} sockets held by the server; another client's {} requests took {median:?} (median) \
         to {max:?} (max)",
        open_sockets(s.pid()),
        latencies.len()
    );
    assert!(
        max < PROMPT,
        "a request took {max:?} beside 1,000 idle connections"
    );
    still_serving(&s, "1,000 idle connections");
    // the idle connections are all still there, unanswered
    assert!(open_sockets(s.pid()) >= before + 1000);
    for mut c in idle.iter() {
        c.set_nonblocking(true).unwrap();
        let mut b = [0u8; 1];
        let e = c
            .read(&mut b)
            .expect_err("an idle connection got an answer");
        assert_eq!(e.kind(), ErrorKind::WouldBlock);
    }
    drop(idle);
    assert!(
        wait_for(Duration::from_secs(60), || open_sockets(s.pid()) <= before),
        "the server still holds {} sockets after the clients left ({before} before)",
        open_sockets(s.pid())
    );
    still_serving(&s, "1,000 idle connections closed");
}

/// A client that opens a connection and sends nothing, or half a request, or stops after a
/// response, is disconnected after `--request-timeout`: idle connections cannot pile up until
/// the server runs out of file descriptors.
#[test]
fn connections_that_never_complete_a_request_are_closed_after_the_request_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(&sqlite(dir.path()), &["--request-timeout", "2"]);
    store_one(&s);
    let before = settled_sockets(s.pid());
    let start = Instant::now();
    let mut idle = idle_connections(&s, 150);
    // one that had its answer and keeps the connection open
    let mut kept = TcpStream::connect(s.addr()).unwrap();
    kept.write_all(b"GET /api/documents HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut first = [0u8; 12];
    kept.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    idle.push(kept);

    for (k, mut c) in idle.into_iter().enumerate() {
        c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut rest = Vec::new();
        // the server closes: end of stream (a reset is a close too)
        match c.read_to_end(&mut rest) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
            Err(e) => panic!("connection {k} still open after {:?}: {e}", start.elapsed()),
        }
        let rest = String::from_utf8_lossy(&rest);
        if k < 150 && k % 3 == 2 {
            // the one with half a body had its request: it times out as a request (408)
            assert!(rest.starts_with("HTTP/1.1 408"), "connection {k}: {rest}");
        }
    }
    let closed = start.elapsed();
    eprintln!("151 idle connections closed {closed:?} after they opened (timeout 2 s)");
    assert!(
        closed >= Duration::from_secs(2),
        "closed before the timeout"
    );
    assert!(
        wait_for(Duration::from_secs(30), || open_sockets(s.pid()) <= before),
        "the server holds {} sockets ({before} before)",
        open_sockets(s.pid())
    );
    still_serving(&s, "connections closed by the timeout");
}

/// The server's resident memory, in kB.
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

/// `clients` threads POST the Wikinews articles to /api/code (every fourth also stored) until
/// `until`; the number of answers, each checked.
fn load(s: &Server, articles: &[String], clients: usize, until: Instant) -> usize {
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..clients)
            .map(|k| {
                scope.spawn(move || {
                    let mut done = 0;
                    let mut i = k;
                    while Instant::now() < until {
                        let path = if i % 4 == 0 {
                            "/api/code?store=true"
                        } else {
                            "/api/code"
                        };
                        let article = &articles[i % articles.len()];
                        let (status, _, doc) =
                            post(s, path, "application/json", article.as_bytes());
                        assert_eq!(status, 200, "{doc}");
                        assert_eq!(doc["schema"], "readout/1");
                        done += 1;
                        i += clients;
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    })
}

#[test]
#[ignore = "slow: 60 s load"]
fn memory_after_a_minute_of_load_is_within_20_percent_of_before() {
    const CLIENTS: usize = 8;
    let dir = tempfile::tempdir().unwrap();
    let s = serve(&sqlite(dir.path()), &[]);
    store_one(&s);
    let wikinews = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wikinews/articles.jsonl"),
    )
    .unwrap();
    let articles: Vec<String> = wikinews
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    // warm-up: as many clients as under load, so that the coding threads, their heaps and
    // the store's caches are all in use before the first measurement
    let warm = load(
        &s,
        &articles,
        CLIENTS,
        Instant::now() + Duration::from_secs(15),
    );
    let before = rss_kb(s.pid());
    let start = Instant::now();
    let answered = load(&s, &articles, CLIENTS, start + Duration::from_secs(60));
    let took = start.elapsed();
    let after = rss_kb(s.pid());
    eprintln!(
        "RSS {before} kB after warm-up ({warm} requests), {after} kB after {answered} requests \
         in {took:.1?} from {CLIENTS} clients ({:.1} requests/s): {:+.1} %",
        answered as f64 / took.as_secs_f64(),
        (after as f64 / before as f64 - 1.0) * 100.0
    );
    assert!(answered > 0);
    assert!(
        after as f64 <= before as f64 * 1.2,
        "RSS grew from {before} kB to {after} kB under load"
    );
    still_serving(&s, "a minute of load");
}

/// The usual soft limit of open files (1,024) is under what a server may be asked to hold; the
/// server takes the hard limit at start-up. Started here under a soft limit of 256.
#[test]
fn the_server_raises_its_soft_limit_of_open_files_to_the_hard_limit() {
    use std::io::BufRead;
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -S -n 256 && exec '{}' serve --addr 127.0.0.1:0 --db sqlite::memory:",
            env!("CARGO_BIN_EXE_readout")
        ))
        .env_remove("READOUT_TOKEN")
        .env_remove("READOUT_DB")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("listening"), "{line}");
    let open_files: Vec<&str> = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap()
        .split_whitespace()
        .skip(3)
        .take(2)
        .collect();
    assert_eq!(open_files[0], open_files[1], "soft, hard: {open_files:?}");
    assert_ne!(open_files[0], "256");
}

/// Stopping gracefully finishes the requests under way, and does not wait for clients that
/// never sent one.
#[test]
fn sigterm_finishes_requests_under_way_and_does_not_wait_for_idle_connections() {
    let s = serve("sqlite::memory:", &["--request-timeout", "600"]);
    let before = settled_sockets(s.pid());
    let idle: Vec<TcpStream> = idle_connections(&s, 300)
        .into_iter()
        .enumerate()
        .filter(|(k, _)| k % 3 != 2)
        .map(|(_, c)| c)
        .collect();
    // a request under way: its head sent, its body not yet
    let body = SMALL.as_bytes();
    let mut busy = TcpStream::connect(s.addr()).unwrap();
    busy.write_all(
        format!(
            "POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .unwrap();
    assert!(wait_for(Duration::from_secs(30), || open_sockets(s.pid())
        >= before + 201));
    // time for the server to read the head it was sent
    std::thread::sleep(Duration::from_millis(500));
    let start = Instant::now();
    let stopping = std::thread::spawn(move || s.terminate());
    std::thread::sleep(Duration::from_millis(500));
    busy.write_all(body).unwrap();
    busy.set_read_timeout(Some(PROMPT)).unwrap();
    let mut answer = Vec::new();
    let _ = busy.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"cameo\":\"192\""), "{answer}");
    assert!(stopping.join().unwrap().success());
    eprintln!(
        "stopped {:?} after SIGTERM beside 200 idle connections and a request under way",
        start.elapsed()
    );
    assert!(start.elapsed() < PROMPT, "took {:?}", start.elapsed());
    drop(idle);
}
