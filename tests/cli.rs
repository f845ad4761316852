//! The `readout` binary's own behaviour: inputs, formats, ordering, errors and exit codes.
//! (What the pipeline finds in an article is tested elsewhere; nothing here depends on it.)

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_readout");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

/// Runs `readout ARGS` with `stdin` as standard input.
fn readout(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn readout");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        // readout may stop reading early (e.g. on a usage error); that is fine.
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for readout");
    feeder.join().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "readout panicked: {}",
        String::from_utf8_lossy(&out.stderr)
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

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON value ({e}):\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

fn jsonl(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSONL line {l:?}: {e}")))
        .collect()
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_string()
}

fn assert_empty_layers(doc: &Value) {
    for layer in ["entities", "timexes", "quotes", "sources", "events"] {
        assert!(doc[layer].is_array(), "{layer} missing in {doc}");
    }
}

fn ids(docs: &[Value]) -> Vec<String> {
    docs.iter()
        .map(|d| d["id"].as_str().unwrap_or("null").to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Plain-text files, formats and order

#[test]
fn single_file_is_one_pretty_json_document() {
    let path = fixture("000_blinken.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let out = readout(
        &["code", path.to_str().unwrap(), "--published", "2023-06-06"],
        b"",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("{\n  \""), "pretty-printed object");
    let doc = json(&out);
    assert_eq!(doc["schema"], "readout/1");
    assert_eq!(doc["id"], "000_blinken");
    assert_eq!(doc["published"], "2023-06-06");
    assert_eq!(doc["text"], text.as_str());
    assert_empty_layers(&doc);
}

#[test]
fn without_published_the_date_is_null() {
    let path = fixture("000_blinken.txt");
    let out = readout(&["code", path.to_str().unwrap()], b"");
    assert_eq!(status(&out), 0);
    assert!(json(&out)["published"].is_null());
}

#[test]
fn published_accepts_rfc3339_and_keeps_the_written_date() {
    let path = fixture("000_blinken.txt");
    let p = path.to_str().unwrap();
    let out = readout(
        &["code", p, "--published", "2023-06-06T23:30:00-05:00"],
        b"",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(json(&out)["published"], "2023-06-06");
}

#[test]
fn two_files_in_jsonl_keep_their_order() {
    let dir = tempfile::tempdir().unwrap();
    let b = write(dir.path(), "b.txt", "Second file named first.");
    let a = write(dir.path(), "a.txt", "First file named second.");
    let out = readout(&["code", &b, &a, "--format", "jsonl"], b"");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let docs = jsonl(&out);
    assert_eq!(ids(&docs), ["b", "a"]);
    assert_eq!(docs[0]["text"], "Second file named first.");
    assert_eq!(docs[1]["text"], "First file named second.");
    // One compact document per line.
    assert_eq!(stdout(&out).lines().count(), 2);
}

#[test]
fn several_files_in_json_are_an_array() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", "A.");
    let b = write(dir.path(), "b.txt", "B.");
    let out = readout(&["code", &a, &b], b"");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let docs = json(&out);
    let docs = docs.as_array().expect("a JSON array");
    assert_eq!(ids(docs), ["a", "b"]);
    // Pretty-printed, one document per element, in schema field order.
    let s = stdout(&out);
    assert!(
        s.starts_with("[\n  {\n    \"schema\": \"readout/1\",\n"),
        "{s}"
    );
    assert!(s.contains("\n  },\n  {\n    \"schema\""), "{s}");
    assert!(s.ends_with("\n  }\n]\n"), "{s}");
}

#[test]
fn file_stem_is_the_id_and_a_utf8_bom_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "2023.06.06-story.txt", b"\xEF\xBB\xBFHello.");
    let out = readout(&["code", &p], b"");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["id"], "2023.06.06-story");
    assert_eq!(doc["text"], "Hello.");
}

// ---------------------------------------------------------------------------------------------
// Standard input

#[test]
fn stdin_plain_text() {
    let out = readout(
        &["code", "--published", "2024-01-02"],
        b"Plain text on stdin.\n",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["schema"], "readout/1");
    assert!(doc["id"].is_null());
    assert_eq!(doc["text"], "Plain text on stdin.\n");
    assert_eq!(doc["published"], "2024-01-02");
}

#[test]
fn dash_reads_stdin_between_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", "A.");
    let out = readout(&["code", &a, "-", "--format", "jsonl"], b"From stdin.");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["text"], "From stdin.");
}

#[test]
fn stdin_twice_is_a_usage_error() {
    let out = readout(&["code", "-", "-"], b"x");
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("only once"), "{}", stderr(&out));
}

fn articles(n: usize) -> String {
    (0..n)
        .map(|i| {
            let text = "The minister met officials in Geneva. ".repeat(i % 7);
            format!(
                "{}\n",
                serde_json::json!({ "id": format!("art-{i:04}"), "text": text })
            )
        })
        .collect()
}

#[test]
fn stdin_jsonl_with_jobs_keeps_input_order() {
    let input = articles(200);
    let out = readout(
        &["code", "--format", "jsonl", "--jobs", "4"],
        input.as_bytes(),
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let docs = jsonl(&out);
    let expected: Vec<String> = (0..200).map(|i| format!("art-{i:04}")).collect();
    assert_eq!(ids(&docs), expected);
    for d in &docs {
        assert_eq!(d["schema"], "readout/1");
    }
}

#[test]
fn stdin_jsonl_defaults_to_a_json_array() {
    let out = readout(&["code"], articles(3).as_bytes());
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(
        ids(json(&out).as_array().unwrap()),
        ["art-0000", "art-0001", "art-0002"]
    );
}

#[test]
fn jsonl_fields_and_published_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"a","text":"A","published":"2020-01-02","title":"T","source":"S","url":"https://example.org/a","extra":1}"#,
        r#"{"id":"b","text":"B","published":"2021-03-04T23:59:00+09:00"}"#,
        r#"{"id":"c","text":"C"}"#,
        r#"{"id":"d","text":"D","published":null}"#,
        "",
        "   ",
        r#"{"text":"E"}"#,
    ];
    let p = write(dir.path(), "in.jsonl", lines.join("\r\n"));
    let out = readout(
        &["code", &p, "--format", "jsonl", "--published", "1999-12-31"],
        b"",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let docs = jsonl(&out);
    // Blank lines are skipped.
    assert_eq!(ids(&docs), ["a", "b", "c", "d", "null"]);
    assert_eq!(docs[0]["title"], "T");
    assert_eq!(docs[0]["source"], "S");
    assert_eq!(docs[0]["url"], "https://example.org/a");
    let dates: Vec<&str> = docs
        .iter()
        .map(|d| d["published"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "2020-01-02",
            "2021-03-04",
            "1999-12-31",
            "1999-12-31",
            "1999-12-31"
        ]
    );
}

#[test]
fn streams_output_before_input_ends() {
    let mut child = Command::new(BIN)
        .args(["code", "--format", "jsonl", "--jobs", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    for i in 0..3 {
        writeln!(stdin, r#"{{"id":"s{i}","text":"Line {i}."}}"#).unwrap();
        stdin.flush().unwrap();
        // Each document arrives while stdin is still open.
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("document written before input ended");
        let doc: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(doc["id"], format!("s{i}"));
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

// ---------------------------------------------------------------------------------------------
// Robustness

#[test]
fn empty_and_whitespace_only_inputs_are_coded() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", "");
    let blank = write(dir.path(), "blank.txt", " \n\t\n");
    let out = readout(&["code", &empty, &blank, "--format", "jsonl"], b"");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let docs = jsonl(&out);
    assert_eq!(ids(&docs), ["empty", "blank"]);
    assert_eq!(docs[0]["text"], "");
    assert_eq!(docs[1]["text"], " \n\t\n");
    for d in &docs {
        assert_empty_layers(d);
    }

    for stdin in [&b""[..], b"  \n \n"] {
        let out = readout(&["code"], stdin);
        assert_eq!(status(&out), 0, "{}", stderr(&out));
        let doc = json(&out);
        assert_eq!(doc["text"], std::str::from_utf8(stdin).unwrap());
        assert_empty_layers(&doc);
    }

    // A JSONL article whose text is empty or blank.
    let out = readout(
        &["code", "--format", "jsonl"],
        b"{\"id\":\"e\",\"text\":\"\"}\n{\"id\":\"w\",\"text\":\"  \"}\n",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(ids(&jsonl(&out)), ["e", "w"]);

    // An empty JSONL file has no articles: an empty array, not an error.
    let none = write(dir.path(), "none.jsonl", "");
    let out = readout(&["code", &none], b"");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "[]\n");
}

#[test]
fn invalid_utf8_names_file_and_offset_and_lossy_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "latin1.txt", b"Caf\xe9 society");
    let out = readout(&["code", &bad], b"");
    assert_eq!(status(&out), 1);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("latin1.txt"), "{err}");
    assert!(err.contains("invalid UTF-8 at byte offset 3"), "{err}");
    assert!(err.contains("--lossy"), "{err}");

    let out = readout(&["code", &bad, "--lossy"], b"");
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(json(&out)["text"], "Caf\u{FFFD} society");
}

#[test]
fn invalid_utf8_in_a_jsonl_line() {
    let out = readout(
        &["code", "--format", "jsonl"],
        b"{\"id\":\"x\",\"text\":\"Caf\xe9\"}\n{\"id\":\"y\",\"text\":\"ok\"}\n",
    );
    assert_eq!(status(&out), 1);
    let docs = jsonl(&out);
    assert_eq!(docs[0]["line"], 1);
    assert!(docs[0]["error"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(docs[1]["id"], "y");

    let out = readout(
        &["code", "--format", "jsonl", "--lossy"],
        b"{\"id\":\"x\",\"text\":\"Caf\xe9\"}\n",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(jsonl(&out)[0]["text"], "Caf\u{FFFD}");
}

#[test]
fn binary_file_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let bin = write(dir.path(), "image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    for extra in [&[][..], &["--lossy"][..]] {
        let mut args = vec!["code", bin.as_str()];
        args.extend_from_slice(extra);
        let out = readout(&args, b"");
        assert_eq!(status(&out), 1);
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert!(err.contains("image.png"), "{err}");
        assert!(err.contains("looks binary"), "{err}");
    }
}

#[test]
fn missing_file_is_named_and_the_others_are_still_coded() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", "A.");
    let missing = dir.path().join("nope.txt");
    let missing = missing.to_str().unwrap();
    let out = readout(&["code", missing, &a, "--format", "jsonl"], b"");
    assert_eq!(status(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("nope.txt"), "{err}");
    assert!(err.contains("no such file"), "{err}");
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(
        docs[0],
        serde_json::json!({"id": "nope", "line": null, "file": missing, "error": "cannot open: no such file"})
    );
    assert_eq!(docs[1]["id"], "a");

    // Alone, in the default format: nothing on stdout, the error on stderr.
    let out = readout(&["code", missing], b"");
    assert_eq!(status(&out), 1);
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("nope.txt"));

    // A missing JSONL file too.
    let gone = dir.path().join("gone.jsonl");
    let out = readout(&["code", gone.to_str().unwrap(), "--format", "jsonl"], b"");
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("gone.jsonl"));
    assert_eq!(jsonl(&out)[0]["id"], Value::Null);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "secret.txt", "x");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        return; // running as root: permissions are not enforced
    }
    let out = readout(&["code", &p], b"");
    assert_eq!(status(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("secret.txt") && err.contains("permission denied"),
        "{err}"
    );
}

#[test]
fn directory_is_rejected_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("articles.jsonl");
    std::fs::create_dir(&sub).unwrap();
    let out = readout(&["code", sub.to_str().unwrap()], b"");
    assert_eq!(status(&out), 1);
    assert!(
        stderr(&out).contains("articles.jsonl: is a directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_jsonl_lines_become_error_records_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"ok1","text":"Fine."}"#,
        r#"this is not json"#,
        r#"{"id":"no-text","title":"T"}"#,
        r#"{"id":"num-text","text":42}"#,
        r#"{"id":"bad-date","text":"x","published":"last week"}"#,
        r#"["an","array"]"#,
        r#"{"id":"ok2","text":"Also fine."}"#,
    ];
    let p = write(dir.path(), "mixed.jsonl", lines.join("\n") + "\n");
    let out = readout(&["code", &p, "--format", "jsonl"], b"");
    assert_eq!(status(&out), 1);
    let docs = jsonl(&out);
    assert_eq!(docs.len(), lines.len(), "one output line per input line");
    assert_eq!(docs[0]["schema"], "readout/1");
    assert_eq!(docs[6]["schema"], "readout/1");
    assert_eq!(docs[6]["id"], "ok2");

    let expect = [
        (1, Value::Null, "not valid JSON"),
        (2, "no-text".into(), "missing \"text\""),
        (
            3,
            "num-text".into(),
            "\"text\" must be a string, found a number",
        ),
        (4, "bad-date".into(), "bad \"published\""),
        (5, Value::Null, "expected a JSON object, found an array"),
    ];
    let err = stderr(&out);
    for (i, id, why) in expect {
        let rec = docs[i].as_object().unwrap();
        let keys: Vec<&str> = rec.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{rec:?}");
        for k in ["id", "line", "file", "error"] {
            assert!(rec.contains_key(k), "{k} missing in {rec:?}");
        }
        assert_eq!(rec["id"], id);
        assert_eq!(rec["line"], i + 1);
        assert_eq!(rec["file"], p.as_str());
        assert!(rec["error"].as_str().unwrap().contains(why), "{rec:?}");
        // stderr names file, line and why.
        let needle = format!("{p}:{}", i + 1);
        let line = err
            .lines()
            .find(|l| l.contains(&needle))
            .unwrap_or_else(|| panic!("{needle} not on stderr:\n{err}"));
        assert!(line.contains(why), "{line}");
    }
    assert!(err.contains("5 of 7 articles failed"), "{err}");
}

#[test]
fn error_records_keep_their_place_in_a_json_array() {
    let out = readout(
        &["code"],
        b"{\"id\":\"a\",\"text\":\"x\"}\nnope\n{\"id\":\"c\",\"text\":\"y\"}\n",
    );
    assert_eq!(status(&out), 1);
    let docs = json(&out);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[1]["file"], "<stdin>");
    assert_eq!(docs[1]["line"], 2);
    assert!(stderr(&out).contains("<stdin>:2: not valid JSON"));
}

#[test]
fn pretty_reports_failures_on_stderr_only() {
    let out = readout(
        &["code", "--format", "pretty"],
        b"{\"id\":\"a\",\"text\":\"x\"}\n{}\n",
    );
    assert_eq!(status(&out), 1);
    assert!(stdout(&out).contains("a\n"));
    assert!(!stdout(&out).contains("missing"));
    assert!(stderr(&out).contains("<stdin>:2: missing \"text\""));
}

#[test]
fn bad_published_flag_is_a_usage_error() {
    let path = fixture("000_blinken.txt");
    for bad in ["yesterday", "2023-02-30", "06/06/2023"] {
        let out = readout(&["code", path.to_str().unwrap(), "--published", bad], b"");
        assert_eq!(status(&out), 2, "{bad}");
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert!(err.contains("--published"), "{err}");
        assert!(err.contains("YYYY-MM-DD"), "{err}");
    }
}

#[test]
fn oversized_articles_are_rejected_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.txt", "x".repeat(2000));
    let small = write(dir.path(), "small.txt", "tiny");
    let out = readout(
        &[
            "code",
            &big,
            &small,
            "--format",
            "jsonl",
            "--max-article-bytes",
            "1K",
        ],
        b"",
    );
    assert_eq!(status(&out), 1);
    let docs = jsonl(&out);
    assert_eq!(docs[0]["id"], "big");
    assert!(
        docs[0]["error"].as_str().unwrap().contains("2000 bytes"),
        "{}",
        docs[0]
    );
    assert_eq!(docs[1]["id"], "small");
    assert!(stderr(&out).contains("big.txt"));

    // A long JSONL line is skipped without stopping the file.
    let line = serde_json::json!({"id": "long", "text": "y".repeat(5000)}).to_string();
    let input = format!("{line}\n{{\"id\":\"short\",\"text\":\"ok\"}}\n");
    let out = readout(
        &["code", "--format", "jsonl", "--max-article-bytes", "1024"],
        input.as_bytes(),
    );
    assert_eq!(status(&out), 1);
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["line"], 1);
    assert!(docs[0]["error"]
        .as_str()
        .unwrap()
        .contains("max-article-bytes"));
    assert_eq!(docs[1]["id"], "short");

    // Too-large plain text on stdin.
    let out = readout(&["code", "--max-article-bytes", "10"], b"0123456789abc");
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("13 bytes"), "{}", stderr(&out));
}

#[test]
fn bad_lexicon_stops_before_coding() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", "A.");
    let missing = dir.path().join("missing.toml");
    let out = readout(&["code", &a, "--lexicon", missing.to_str().unwrap()], b"");
    assert_eq!(status(&out), 2);
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("missing.toml"), "{}", stderr(&out));

    let not_utf8 = write(dir.path(), "latin1.toml", b"name = \"Caf\xe9\"\n");
    let out = readout(&["code", &a, "--lexicon", &not_utf8], b"");
    assert_eq!(status(&out), 2);
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("latin1.toml"), "{}", stderr(&out));
}

#[test]
fn broken_pipe_exits_quietly() {
    let input = articles(20_000);
    let mut child = Command::new(BIN)
        .args(["code", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("readout/1"));
    drop(stdout); // like `| head -1`
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    feeder.join().unwrap();
    assert!(err.is_empty(), "stderr: {err}");
    assert_eq!(status.code(), Some(0));
}

// ---------------------------------------------------------------------------------------------
// Pretty output and help

#[test]
fn pretty_has_header_and_sections_without_colour_when_piped() {
    let path = fixture("000_blinken.txt");
    let p = path.to_str().unwrap();
    let out = readout(
        &["code", p, "--format", "pretty", "--published", "2023-06-06"],
        b"",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let s = stdout(&out);
    assert!(s.starts_with("000_blinken\n"), "{s}");
    for needle in ["published  2023-06-06", "Entities (", "Timexes ("] {
        assert!(s.contains(needle), "{needle} missing in\n{s}");
    }
    assert!(
        !s.contains('\u{1b}'),
        "no ANSI escapes when not a terminal:\n{s}"
    );

    let out = readout(&["code", p, "--format", "pretty", "--color", "always"], b"");
    assert!(stdout(&out).contains("\u{1b}["), "--color always colours");
}

#[test]
fn pretty_separates_documents() {
    let out = readout(
        &["code", "--format", "pretty"],
        b"{\"id\":\"one\",\"text\":\"x\",\"title\":\"First\"}\n{\"id\":\"two\",\"text\":\"y\"}\n",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let s = stdout(&out);
    assert!(s.starts_with("one\n  title      First\n"), "{s}");
    assert!(s.contains("\n\ntwo\n"), "{s}");
    assert!(s.contains("published  unknown"), "{s}");
}

#[test]
fn help_explains_every_flag() {
    let out = readout(&["code", "--help"], b"");
    assert_eq!(status(&out), 0);
    let help = stdout(&out);
    for flag in [
        "--format",
        "--published",
        "--jobs",
        "--lexicon",
        "--max-article-bytes",
        "--lossy",
        "--color",
        "--help",
        "json",
        "jsonl",
        "pretty",
        "Example",
        "64 MiB",
        "Exit status",
    ] {
        assert!(
            help.contains(flag),
            "`readout code --help` lacks {flag}:\n{help}"
        );
    }

    let out = readout(&["--help"], b"");
    assert_eq!(status(&out), 0);
    let help = stdout(&out);
    for needle in [
        "code",
        "Examples:",
        "readout code a.txt b.txt --format jsonl",
    ] {
        assert!(
            help.contains(needle),
            "`readout --help` lacks {needle}:\n{help}"
        );
    }
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let out = readout(&["code", "--frobnicate"], b"");
    assert_eq!(status(&out), 2);
    let out = readout(&["code", "--format", "xml"], b"");
    assert_eq!(status(&out), 2);
    let out = readout(&["code", "--jobs", "0"], b"");
    assert_eq!(status(&out), 2);
}

#[test]
fn lexicon_file_adds_actors_and_bad_contents_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "mine.toml",
        "[[actor]]\nname = \"Zorbu Quennel\"\nkind = \"person\"\ncodes = [\"FRAGOV\"]\naliases = [\"Quennel\"]\n",
    );
    let out = readout(
        &["code", "--lexicon", &good, "--format", "jsonl"],
        b"Zorbu Quennel spoke. Later Quennel left.",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let doc = &jsonl(&out)[0];
    let e = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Zorbu Quennel")
        .expect("user actor");
    assert_eq!(e["code"], "FRAGOV");
    assert_eq!(e["mentions"].as_array().unwrap().len(), 2);

    let bad = write(
        dir.path(),
        "bad.toml",
        "[[actor]]\nname = \"X\"\nkind = \"person\"\ncuntry = \"USA\"\n",
    );
    let out = readout(&["code", "--lexicon", &bad], b"text");
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("bad.toml:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("cuntry"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn seed_article_is_coded_end_to_end() {
    let out = readout(
        &[
            "code",
            "tests/fixtures/seed/000_96816e06d1c519d8.txt",
            "--published",
            "2023-06-06",
        ],
        b"",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let doc = json(&out);
    let names: Vec<&str> = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "person")
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for p in [
        "Antony Blinken",
        "Vedant Patel",
        "Ma Zhaoxu",
        "Jake Sullivan",
        "Wang Yi",
    ] {
        assert!(names.contains(&p), "{p} not in {names:?}");
    }
}

#[test]
fn explain_shows_the_rule_dictionary_entries_and_spans_of_an_event() {
    let out = readout(
        &["explain", "-", "--published", "2015-08-13", "--event", "V1"],
        b"Germany invaded France on Monday.",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let s = stdout(&out);
    for want in [
        "V1  192",
        "trigger    'invaded'",
        "rule       CAMEO.2.0 INVADE",
        "data/events/verbs.tsv: 'invaded' is INVADE",
        "actor      'Germany' → Germany (code DEU)",
        "recipient  'France' → France (code FRA)",
        "date       2015-08-10 (day), from 'Monday'",
        "status     occurred",
    ] {
        assert!(s.contains(want), "missing {want:?} in\n{s}");
    }
}

#[test]
fn explain_names_the_events_there_are_when_the_one_asked_for_is_missing() {
    let out = readout(
        &["explain", "-", "--published", "2015-08-13", "--event", "V7"],
        b"Germany invaded France.",
    );
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("no event V7"), "{}", stderr(&out));
    assert!(stderr(&out).contains("V1"), "{}", stderr(&out));
}

#[test]
fn pretty_lists_events_under_their_sentence() {
    let out = readout(
        &[
            "code",
            "-",
            "--published",
            "2015-08-13",
            "--format",
            "pretty",
            "--color",
            "never",
        ],
        b"Germany invaded France on Monday.",
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let s = stdout(&out);
    assert!(s.contains("2015-08-10  DEU \u{2192} FRA  COERCE/"), "{s}");
    assert!(s.contains("Germany [invaded] France on Monday."), "{s}");
}
