//! The input forms of `readout code` beyond text and JSONL: HTML pages, compressed JSONL,
//! WARC files, directories, HTML on standard input; `readout extract`; `readout eval html`.
//! Errors name the file (and WARC record offset) and the rest of the batch is still coded.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_readout");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html")
        .join(name)
}

fn readout(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn readout");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for readout");
    feeder.join().unwrap();
    assert!(
        !stderr(&out).contains("panicked"),
        "readout panicked: {}",
        stderr(&out)
    );
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

fn jsonl(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSONL line {l:?}: {e}")))
        .collect()
}

/// Text in ISO-8859-1 (which windows-1252 extends): one byte a character.
fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A WARC record of `kind` with `block` as its content.
fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2023-06-06T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{}>\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// An HTTP response record holding `body`.
fn warc_response(uri: &str, http_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\n{http_headers}\r\n").into_bytes();
    http.extend_from_slice(body);
    warc_record("response", uri, "application/http; msgtype=response", &http)
}

fn page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<html><head><title>{title}</title></head><body><nav><a href=/>Home</a> \
         <a href=/world>World</a></nav><article><h1>{title}</h1>\n{body}</article>\
         <footer>Copyright</footer></body></html>"
    )
}

/// A WARC file: a warcinfo record, a request, an HTML response whose charset only the HTTP
/// header gives (windows-1252), an image response (skipped), a 404 (skipped), and an HTML
/// response with a canonical URL, gzip Content-Encoding and chunked transfer encoding.
fn warc_file() -> Vec<u8> {
    let mut w = warc_record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: readout-test\r\n",
    );
    w.extend(warc_record(
        "request",
        "https://news.example/a",
        "application/http; msgtype=request",
        b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
    ));
    let french = page(
        "Réunion à Genève",
        &[
            "Le ministre des Affaires étrangères a rencontré lundi son homologue allemand à Genève, a déclaré le ministère.",
            "Les deux ministres ont qualifié la réunion de très utile et prévoient une autre rencontre en juillet.",
        ],
    );
    let cp1252 = latin1(&french);
    w.extend(warc_response(
        "https://news.example/a",
        "Content-Type: text/html; charset=windows-1252\r\n",
        &cp1252,
    ));
    w.extend(warc_response(
        "https://news.example/logo.png",
        "Content-Type: image/png\r\n",
        b"\x89PNG\r\n\x1a\n....",
    ));
    let mut missing = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n".to_vec();
    missing
        .extend_from_slice(page("Not found", &["There is no such page here at all."]).as_bytes());
    w.extend(warc_record(
        "response",
        "https://news.example/gone",
        "application/http; msgtype=response",
        &missing,
    ));
    let english = page(
        "Leaders meet in Paris",
        &[
            "The leaders of France and Germany met in Paris on Tuesday to discuss energy security, officials said.",
            "They agreed to hold another meeting in Berlin before the end of the year.",
        ],
    )
    .replace(
        "<head>",
        "<head><link rel=\"canonical\" href=\"https://news.example/2023/06/06/leaders\">",
    );
    let gz = gzip(english.as_bytes());
    let mut chunked = Vec::new();
    for part in gz.chunks(50) {
        chunked.extend(format!("{:x}\r\n", part.len()).into_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    w.extend(warc_response(
        "https://news.example/b?utm=1",
        "Content-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
        &chunked,
    ));
    w
}

/// A .warc.gz as Common Crawl writes them: one gzip member per record.
fn gzip_per_record(warc: &[u8]) -> Vec<u8> {
    let mut out = vec![];
    let mut rest = warc;
    while !rest.is_empty() {
        let next = rest[1..]
            .windows(8)
            .position(|w| w == b"WARC/1.0")
            .map_or(rest.len(), |i| i + 1);
        out.extend(gzip(&rest[..next]));
        rest = &rest[next..];
    }
    out
}

fn jsonl_articles(prefix: &str) -> String {
    format!(
        "{{\"id\":\"{prefix}-1\",\"text\":\"Russia and Ukraine held talks in Istanbul on Tuesday.\",\"published\":\"2022-03-29\"}}\n\
         {{\"id\":\"{prefix}-2\",\"text\":\"The United Nations called for a ceasefire.\"}}\n"
    )
}

/// A corpus folder with every input form, plus files that are not articles.
fn corpus(dir: &Path) {
    let sub = dir.join("b-pages");
    std::fs::create_dir_all(sub.join("nested")).unwrap();
    std::fs::write(
        dir.join("a-note.txt"),
        "Japan and South Korea agreed on Monday to resume talks.",
    )
    .unwrap();
    std::fs::copy(fixture("article.html"), sub.join("article.html")).unwrap();
    std::fs::copy(fixture("latin1.html"), sub.join("nested/latin1.HTM")).unwrap();
    std::fs::write(
        dir.join("c.jsonl.gz"),
        gzip(jsonl_articles("gz").as_bytes()),
    )
    .unwrap();
    std::fs::write(
        dir.join("d.jsonl.zst"),
        zstd::encode_all(jsonl_articles("zst").as_bytes(), 3).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("e.warc.gz"), gzip_per_record(&warc_file())).unwrap();
    // Not articles: skipped.
    std::fs::write(dir.join("README.md"), "# notes").unwrap();
    std::fs::write(dir.join("data.json"), "{}").unwrap();
    std::fs::create_dir_all(dir.join(".cache")).unwrap();
    std::fs::write(dir.join(".cache/x.txt"), "hidden").unwrap();
}

#[test]
fn a_directory_of_every_form_is_coded_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let root = dir.path().to_str().unwrap();
    let out = readout(&["code", root, "--format", "jsonl", "--jobs", "2"], b"");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let docs = jsonl(&out);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "a-note",
            "https://daily.example/world/2023/06/05/border-talks",
            "b-pages/nested/latin1",
            "gz-1",
            "gz-2",
            "zst-1",
            "zst-2",
            "https://news.example/a",
            "https://news.example/2023/06/06/leaders",
        ]
    );
    let by_id = |id: &str| docs.iter().find(|d| d["id"] == id).unwrap();

    // The HTML page: its metadata and only the article's paragraphs.
    let page = by_id("https://daily.example/world/2023/06/05/border-talks");
    assert_eq!(page["title"], "Ministers agree to resume border talks");
    assert_eq!(page["published"], "2023-06-05");
    assert_eq!(page["source"], "The Daily Example");
    let text = page["text"].as_str().unwrap();
    assert!(
        text.starts_with("The foreign ministers of India and China"),
        "{text}"
    );
    assert_eq!(text.split("\n\n").count(), 4, "{text}");
    for noise in [
        "cookies",
        "Most read",
        "Share on",
        "Photo:",
        "rights reserved",
    ] {
        assert!(!text.contains(noise), "{noise:?} in {text}");
    }
    // The page is coded: India and China are found.
    let names: Vec<&str> = page["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert!(
        names.contains(&"India") && names.contains(&"China"),
        "{names:?}"
    );

    // windows-1252 declared with http-equiv.
    assert!(by_id("b-pages/nested/latin1").as_object().unwrap()["text"]
        .as_str()
        .unwrap()
        .contains("Le ministre des Affaires étrangères a rencontré lundi"));

    // JSONL fields survive decompression.
    assert_eq!(by_id("gz-1")["published"], "2022-03-29");
    assert_eq!(
        by_id("zst-2")["text"],
        "The United Nations called for a ceasefire."
    );

    // WARC: the charset from the HTTP header; the target URI as id and URL.
    let a = by_id("https://news.example/a");
    assert_eq!(a["url"], "https://news.example/a");
    assert_eq!(a["title"], "Réunion à Genève");
    assert!(a["text"].as_str().unwrap().contains("Affaires étrangères"));
    assert!(!a["text"].as_str().unwrap().contains("Home"));
    // Gzip content encoding and chunks undone; the canonical URL beats the target URI.
    let b = by_id("https://news.example/2023/06/06/leaders");
    assert_eq!(b["url"], "https://news.example/2023/06/06/leaders");
    assert_eq!(b["published"], "2023-06-06");
    assert!(b["text"]
        .as_str()
        .unwrap()
        .starts_with("The leaders of France and Germany met in Paris"));
}

#[test]
fn uncompressed_warc_and_a_single_page() {
    let dir = tempfile::tempdir().unwrap();
    let warc = dir.path().join("crawl.WARC");
    std::fs::write(&warc, warc_file()).unwrap();
    let out = readout(&["code", warc.to_str().unwrap(), "--format", "jsonl"], b"");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(jsonl(&out).len(), 2);

    // One HTML file in the default format: one JSON document, --published as a fallback
    // only.
    let html = fixture("latin1.html");
    let out = readout(
        &["code", html.to_str().unwrap(), "--published", "2024-01-02"],
        b"",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["id"], "latin1");
    assert_eq!(doc["published"], "2024-01-02");
    let out = readout(
        &[
            "code",
            fixture("article.html").to_str().unwrap(),
            "--published",
            "2024-01-02",
        ],
        b"",
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["published"], "2023-06-05");
}

#[test]
fn broken_inputs_are_named_and_the_rest_is_coded() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    // A gzip file that is not gzip, and one cut in half.
    std::fs::write(
        dir.path().join("c0-bad.jsonl.gz"),
        b"this is not gzip at all",
    )
    .unwrap();
    let gz = gzip(jsonl_articles("cut").repeat(50).as_bytes());
    std::fs::write(dir.path().join("c1-cut.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    // A WARC cut inside its third record, and one that is no WARC at all.
    let warc = warc_file();
    let third = warc
        .windows(8)
        .enumerate()
        .filter(|(_, w)| w == b"WARC/1.0")
        .nth(2)
        .unwrap()
        .0;
    std::fs::write(dir.path().join("f-cut.warc"), &warc[..third + 300]).unwrap();
    std::fs::write(dir.path().join("g-junk.warc"), b"<html>not a warc</html>").unwrap();
    // A page with no text.
    std::fs::write(
        dir.path().join("h-empty.html"),
        "<html><body><nav>Menu</nav></body></html>",
    )
    .unwrap();

    let root = dir.path().to_str().unwrap();
    let out = readout(&["code", root, "--format", "jsonl"], b"");
    assert_eq!(status(&out), 1);
    let err = stderr(&out);
    let docs = jsonl(&out);
    let errors: Vec<&Value> = docs.iter().filter(|d| d.get("error").is_some()).collect();
    let coded = docs.len() - errors.len();
    // The nine articles of the corpus, and the lines of the cut gzip before the cut.
    assert!(coded >= 9, "{coded} coded; stderr: {err}");
    assert!(
        err.contains("c0-bad.jsonl.gz") && err.contains("corrupt gzip data"),
        "{err}"
    );
    assert!(err.contains("c1-cut.jsonl.gz"), "{err}");
    let cut_warc = format!("f-cut.warc: WARC record at offset {third}: truncated");
    assert!(err.contains(&cut_warc), "{err}");
    assert!(
        err.contains("g-junk.warc: WARC record at offset 0: not a WARC record"),
        "{err}"
    );
    assert!(
        err.contains("h-empty.html: cannot read the page: no article text found"),
        "{err}"
    );
    // Each failure also has an error record in its place, naming the file.
    for name in ["c0-bad", "c1-cut", "f-cut", "g-junk", "h-empty"] {
        assert!(
            errors
                .iter()
                .any(|e| e["file"].as_str().unwrap().contains(name)),
            "{name}: {errors:?}"
        );
    }
    assert!(err.contains(&format!(
        "{} of {} articles failed",
        errors.len(),
        docs.len()
    )));
}

#[test]
fn an_empty_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "x").unwrap();
    let out = readout(&["code", dir.path().to_str().unwrap()], b"");
    assert_eq!(status(&out), 1);
    assert!(
        stderr(&out).contains("no article files"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn html_on_standard_input() {
    let html = std::fs::read(fixture("article.html")).unwrap();
    let out = readout(&["code", "--format", "jsonl"], &html);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0]["id"],
        "https://daily.example/world/2023/06/05/border-talks"
    );
    assert_eq!(docs[0]["title"], "Ministers agree to resume border talks");
}

#[test]
fn extract_prints_what_was_read() {
    let page = fixture("article.html");
    let out = readout(&["extract", page.to_str().unwrap()], b"");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 5);
    assert_eq!(v["title"], "Ministers agree to resume border talks");
    assert_eq!(v["published"], "2023-06-05T08:30:00+00:00");
    assert_eq!(
        v["url"],
        "https://daily.example/world/2023/06/05/border-talks"
    );
    assert_eq!(v["site"], "The Daily Example");
    let text = v["text"].as_str().unwrap();

    // The text is the one `code` annotates.
    let coded = readout(&["code", page.to_str().unwrap()], b"");
    let doc: Value = serde_json::from_slice(&coded.stdout).unwrap();
    assert_eq!(doc["text"], text);

    let out = readout(
        &["extract", page.to_str().unwrap(), "--format", "text"],
        b"",
    );
    assert_eq!(status(&out), 0);
    let expected = format!(
        "title: Ministers agree to resume border talks\npublished: 2023-06-05T08:30:00+00:00\n\
         url: https://daily.example/world/2023/06/05/border-talks\nsite: The Daily Example\n\n{text}\n"
    );
    assert_eq!(stdout(&out), expected);

    // Standard input, with the charset given as a Content-Type.
    let original = std::fs::read(fixture("latin1.html")).unwrap();
    let stripped: String = original.iter().map(|&b| char::from(b)).collect();
    let stripped = stripped.replace("charset=windows-1252", "");
    let bytes = latin1(&stripped);
    let out = readout(
        &[
            "extract",
            "-",
            "--format",
            "text",
            "--content-type",
            "text/html; charset=cp1252",
        ],
        &bytes,
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("url: (none)"));
    assert!(stdout(&out).contains("Affaires étrangères"));
}

#[test]
fn extract_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "<html><body></body></html>").unwrap();
    let out = readout(&["extract", empty.to_str().unwrap()], b"");
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("empty.html: cannot read the page: no article text found"));
    let missing = dir.path().join("missing.html");
    let out = readout(&["extract", missing.to_str().unwrap()], b"");
    assert_eq!(status(&out), 1);
    assert!(
        stderr(&out).contains("missing.html: no such file"),
        "{}",
        stderr(&out)
    );
    let out = readout(
        &["extract", "-", "--max-article-bytes", "10"],
        b"<p>more than ten bytes</p>",
    );
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("over --max-article-bytes"));
    let out = readout(&["extract", "-", "--format", "yaml"], b"");
    assert_eq!(status(&out), 2);
}

#[test]
fn eval_html_on_the_fixture_gold() {
    let gold = fixture("gold");
    let out = readout(&["eval", "html", "--gold", gold.to_str().unwrap()], b"");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.contains("| 01_ministers | 111 | 111 | 1.000 | 1.000 | 1.000 | yes | yes |"),
        "{md}"
    );
    assert!(md.contains("| **mean** |"), "{md}");

    let out = readout(
        &[
            "eval",
            "html",
            "--gold",
            gold.to_str().unwrap(),
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(status(&out), 0);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["gold"]["pages"], 1);
    assert_eq!(v["html"]["f1"], 1.0);
    assert_eq!(v["html"]["titles_correct"], 1);
    assert_eq!(
        v["html"]["pages"][0]["published_predicted"],
        "2023-06-05T08:30:00+00:00"
    );

    let out = readout(&["eval", "html", "--gold", "/nonexistent/gold"], b"");
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("does not exist"));
}

/// The real pages in `../shared/html/readability`, when present: the target.
#[test]
fn eval_html_on_the_shared_pages_reaches_the_target() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/html/readability");
    if !gold.join("index.jsonl").exists() {
        eprintln!("skipping: {} not found", gold.display());
        return;
    }
    let out = readout(
        &[
            "eval",
            "html",
            "--gold",
            gold.to_str().unwrap(),
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f1 = v["html"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.95, "mean F1 {f1}");
    assert_eq!(v["html"]["titles_correct"], v["html"]["titles_compared"]);
    assert_eq!(
        v["html"]["published_correct"],
        v["html"]["published_compared"]
    );
}
