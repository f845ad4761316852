//! Readout as a streaming filter inside other engines (docs/scale.md): `readout code --format
//! jsonl --stdin-format jsonl` answers each article as it arrives, turns a broken line into
//! one error record, keeps its memory bounded over a long stream; and Spark (PySpark in local
//! mode) pipes 5,000 articles through it with the same events as one process.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_readout");
const FILTER: [&str; 5] = ["code", "--format", "jsonl", "--stdin-format", "jsonl"];

fn wikinews() -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wikinews/articles.jsonl");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `n` articles: the Wikinews articles over and over, each copy with its own id (`ID~COPY`).
fn articles(n: usize) -> Vec<String> {
    let base = wikinews();
    (0..n)
        .map(|i| {
            let mut a = base[i % base.len()].clone();
            let id = format!("{}~{}", a["id"].as_str().unwrap(), i / base.len());
            a["id"] = Value::String(id);
            a.to_string()
        })
        .collect()
}

/// The filter, with its stdout read line by line on a thread (so that it never blocks on a
/// full pipe) and its stderr kept.
fn filter(extra: &[&str]) -> (Child, Receiver<String>) {
    let mut child = Command::new(BIN)
        .args(FILTER)
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn readout");
    let lines = read_lines(child.stdout.take().unwrap());
    (child, lines)
}

fn read_lines(stdout: ChildStdout) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.expect("stdout is UTF-8 lines")).is_err() {
                break;
            }
        }
    });
    rx
}

fn next(lines: &Receiver<String>) -> Value {
    let line = lines
        .recv_timeout(Duration::from_secs(120))
        .expect("a line out while the input is still open");
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("bad output line {line:?}: {e}"))
}

fn stderr_of(child: &mut Child) -> String {
    let mut s = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut s).unwrap();
    s
}

#[test]
fn each_article_is_answered_before_the_next_is_sent_and_failures_are_records() {
    let (mut child, lines) = filter(&[]);
    let mut stdin = child.stdin.take().unwrap();
    let arts = articles(2);
    // A broken first line is an error record, not the start of one plain-text article.
    let sent = [
        "this line is not JSON".to_string(),
        arts[0].clone(),
        r#"{"id":"no-text","title":"T"}"#.to_string(),
        arts[1].clone(),
    ];
    let mut got = Vec::new();
    for line in &sent {
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
        got.push(next(&lines));
    }
    assert_eq!(got[0]["id"], Value::Null);
    assert_eq!(got[0]["file"], "<stdin>");
    assert_eq!(got[0]["line"], 1);
    assert!(
        got[0]["error"].as_str().unwrap().contains("not valid JSON"),
        "{}",
        got[0]
    );
    assert_eq!(got[2]["id"], "no-text");
    assert_eq!(got[2]["line"], 3);
    assert!(
        got[2]["error"]
            .as_str()
            .unwrap()
            .contains("missing \"text\""),
        "{}",
        got[2]
    );
    for (doc, i) in [(&got[1], 1), (&got[3], 3)] {
        let want: Value = serde_json::from_str(&sent[i]).unwrap();
        assert_eq!(doc["schema"], "readout/1");
        assert_eq!(doc["id"], want["id"]);
        assert!(
            !doc["events"].as_array().unwrap().is_empty(),
            "{}",
            doc["id"]
        );
    }
    drop(stdin);
    let err = stderr_of(&mut child);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "an article failed: {err}");
    assert!(err.contains("2 of 4 articles failed"), "{err}");
    assert!(lines.recv().is_err(), "nothing after the last answer");
}

#[test]
fn an_empty_input_is_no_article() {
    // An empty Spark partition: no document, exit 0 (sniffing would code one empty article).
    for input in [&b""[..], b"\n\n"] {
        let (mut child, lines) = filter(&[]);
        child.stdin.take().unwrap().write_all(input).unwrap();
        assert_eq!(child.wait().unwrap().code(), Some(0));
        assert!(lines.recv().is_err(), "no output for {input:?}");
    }
    let out = Command::new(BIN)
        .args(["code", "--format", "jsonl"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        1,
        "without --stdin-format, an empty input is one empty plain-text article"
    );
}

#[test]
fn stdin_format_text_and_html_override_the_first_character() {
    let code = |format: &str, input: &str| -> Value {
        let mut child = Command::new(BIN)
            .args(["code", "--format", "jsonl", "--stdin-format", format])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        serde_json::from_str(&text).unwrap()
    };
    // Sniffed, this would be a JSONL article with the id "x".
    let line = r#"{"id":"x","text":"Body."}"#;
    assert_eq!(code("text", line)["text"], line);
    // Sniffed, this would be plain text with its tags.
    let page = "Breaking news<p>The minister met officials in Geneva on Monday.</p>";
    let doc = code("html", page);
    let text = doc["text"].as_str().unwrap();
    assert!(
        text.contains("The minister met officials") && !text.contains("<p>"),
        "{doc}"
    );
}

/// The peak resident set of a running process, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status")
}

#[test]
#[ignore = "long: 10,000 articles (110 MB of documents) through the debug binary; run by scripts/test-all.sh"]
fn memory_stays_bounded_over_a_long_stream() {
    const N: usize = 10_000;
    const WARM: usize = 1_000;
    let (mut child, lines) = filter(&["--jobs", "2"]);
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let input = articles(N);
    let in_bytes: usize = input.iter().map(|l| l.len() + 1).sum();
    // The writer goes as fast as the pipe takes it, as Spark's feeding thread does.
    let feeder = std::thread::spawn(move || {
        for line in &input {
            writeln!(stdin, "{line}").unwrap();
        }
        stdin
    });
    let mut out_bytes = 0usize;
    let mut warm_peak = 0;
    for i in 0..N {
        let line = lines
            .recv_timeout(Duration::from_secs(300))
            .expect("a document for every article");
        out_bytes += line.len() + 1;
        assert!(
            line.starts_with(r#"{"schema":"readout/1""#),
            "{}",
            &line[..200]
        );
        if i + 1 == WARM {
            warm_peak = peak_rss_kib(pid);
        }
    }
    let stdin = feeder.join().unwrap();
    let end_peak = peak_rss_kib(pid); // stdin still open: the process is alive
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
    eprintln!(
        "{N} articles, {} MB in, {} MB out; peak RSS {} MB after {WARM}, {} MB after all",
        in_bytes >> 20,
        out_bytes >> 20,
        warm_peak >> 10,
        end_peak >> 10
    );
    // Bounded: the peak after 10x the articles is within 32 MB of the peak after the first
    // thousand, while 100+ MB of documents went through.
    assert!(out_bytes > 100 << 20, "{out_bytes}");
    assert!(
        end_peak < warm_peak + (32 << 10),
        "memory grew with the stream: {warm_peak} KiB -> {end_peak} KiB"
    );
}

fn run(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().expect("exited normally"), err)
}

#[test]
#[ignore = "needs PySpark and Java 17 (READOUT_TEST_SPARK_PYTHON, scripts/spark.sh); run by scripts/test-all.sh"]
fn spark_pipes_5000_articles_with_the_events_of_one_process() {
    let python = std::env::var("READOUT_TEST_SPARK_PYTHON").expect(
        "READOUT_TEST_SPARK_PYTHON must name a python with pyspark (scripts/spark.sh prints it)",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| -> PathBuf { dir.path().join(name) };

    // 5,000 articles and three broken lines, the first of them on line 1.
    let mut lines = articles(5_000);
    lines.insert(0, "this line is not JSON".into());
    lines.insert(2_000, r#"{"id":"no-text~0","title":"no text"}"#.into());
    lines.insert(
        4_000,
        r#"{"id":"bad-date~0","text":"x","published":"last week"}"#.into(),
    );
    let input = path("articles.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();

    let single = path("single.jsonl");
    let started = Instant::now();
    let (status, err) = run(Command::new(BIN)
        .args(["code", "--format", "jsonl"])
        .arg(&input)
        .stdout(std::fs::File::create(&single).unwrap()));
    eprintln!(
        "single process (all cores): 5,003 lines in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(status, 1, "three lines fail: {err}");
    assert!(err.contains("3 of 5003 articles failed"), "{err}");

    let db = format!("sqlite:{}", path("store.db").display());
    let (status, err) = run(Command::new(BIN)
        .args(["ingest", "--quiet", "--db", &db])
        .arg(&input));
    assert_eq!(status, 1, "three lines fail: {err}");
    let export = path("export");
    let (status, err) = run(Command::new(BIN)
        .args([
            "export",
            "events",
            "--format",
            "parquet",
            "--partition-by",
            "month",
        ])
        .args(["--db", &db, "--out"])
        .arg(&export));
    assert_eq!(status, 0, "{err}");

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/spark_pipe.py");
    let started = Instant::now();
    let out = Command::new(&python)
        .arg(script)
        .args([Path::new(BIN), &input, &single, &export, dir.path()])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!(
        "{stdout}spark_pipe.py: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        out.status.success(),
        "spark_pipe.py failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("readout export read by Spark"), "{stdout}");
}
