//! The pathological articles of docs/reliability.md, at full size, through the command line:
//! each is coded with exact offsets and a peak memory proportional to its size, or refused by
//! the documented limit (`--max-article-bytes`) with memory that does not follow its size.
//! Time is not asserted (the runner's slow-test timeout catches a quadratic pass); the release
//! figures are in docs/reliability.md.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_readout");

/// What the process needs before it reads anything: the baked lexicon, the allocator's arenas
/// and the binary (about 100 MB in release, more in a debug build).
const BASE_RSS_BYTES: u64 = 250 << 20;

/// Memory allowed per byte of article: tokens, the layers, the output records and the JSON
/// (7 bytes per byte of text for a dense news text) are all held for one document; measured
/// at 65 for a 20 MB news text (docs/reliability.md).
const RSS_PER_ARTICLE_BYTE: u64 = 100;

/// Peak RSS of the largest child this test process has waited for. nextest runs every test in
/// its own process, so it is that of this test's `readout` runs.
fn children_peak_rss() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a rusage into the pointer it is given, which is valid for it.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    assert_eq!(rc, 0, "getrusage failed");
    // SAFETY: getrusage returned 0, so it filled the struct.
    let usage = unsafe { usage.assume_init() };
    // Linux reports ru_maxrss in KiB
    usage.ru_maxrss as u64 * 1024
}

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn code_jsonl(input: &[u8], extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("articles.jsonl");
    std::fs::write(&path, input).expect("write input");
    let out = Command::new(BIN)
        .arg("code")
        .arg(&path)
        .args(["--format", "jsonl", "--jobs", "1"])
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .expect("run readout");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn article_line(id: &str, text: &str) -> Vec<u8> {
    let mut line = serde_json::to_vec(&serde_json::json!({
        "id": id, "published": "2024-01-01", "text": text,
    }))
    .expect("serialise");
    line.push(b'\n');
    line
}

/// Every object with `start`/`end` (code points) and a `text` is the slice it claims to be;
/// every `start`/`end` pair lies inside the text.
fn check_spans(doc: &Value, chars: &[char]) {
    fn walk(v: &Value, chars: &[char]) {
        match v {
            Value::Object(o) => {
                if let (Some(s), Some(e)) = (
                    o.get("start").and_then(Value::as_u64),
                    o.get("end").and_then(Value::as_u64),
                ) {
                    let (s, e) = (s as usize, e as usize);
                    assert!(s <= e && e <= chars.len(), "span {s}..{e} outside the text");
                    if let Some(t) = o.get("text").and_then(Value::as_str) {
                        let slice: String = chars[s..e].iter().collect();
                        assert_eq!(t, slice, "span {s}..{e}");
                    }
                }
                for (k, x) in o {
                    if k != "text" {
                        walk(x, chars);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, chars)),
            _ => {}
        }
    }
    walk(doc, chars);
}

fn codes_in_bounded_memory(name: &str, text: &str) {
    let input = article_line(name, text);
    let run = code_jsonl(&input, &[]);
    assert_eq!(run.status, 0, "{name}: {}", run.stderr);
    let docs: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(docs.len(), 1, "{name}: one document");
    assert_eq!(docs[0]["text"].as_str(), Some(text), "{name}: text kept");
    let chars: Vec<char> = text.chars().collect();
    check_spans(&docs[0], &chars);
    let peak = children_peak_rss();
    let bound = BASE_RSS_BYTES + RSS_PER_ARTICLE_BYTE * text.len() as u64;
    assert!(
        peak <= bound,
        "{name}: peak RSS {} MB over the bound {} MB for {} bytes",
        peak >> 20,
        bound >> 20,
        text.len()
    );
}

#[test]
fn a_million_straight_quotation_marks() {
    codes_in_bounded_memory("quotes", &"\"".repeat(1_000_000));
}

#[test]
fn a_million_curly_quotation_marks() {
    let text = format!(
        "{}{}",
        "\u{201C}".repeat(500_000),
        "\u{201D}".repeat(500_000)
    );
    codes_in_bounded_memory("curly-quotes", &text);
}

#[test]
fn a_hundred_thousand_nested_brackets() {
    let text = format!(
        "{}Germany banned imports from Iran on Monday.{}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    codes_in_bounded_memory("brackets", &text);
}

#[test]
fn a_sentence_of_a_megabyte_without_punctuation() {
    let words = [
        "the",
        "minister",
        "met",
        "officials",
        "from",
        "Germany",
        "to",
        "discuss",
        "trade",
        "and",
        "said",
        "China",
        "would",
        "attack",
    ];
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 1_000_000 {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(words[i % words.len()]);
        i += 1;
    }
    codes_in_bounded_memory("sentence", &text);
}

#[test]
fn ten_thousand_capitalised_words_in_a_row() {
    let names = [
        "Germany",
        "Ministry",
        "Foreign",
        "Affairs",
        "Joe",
        "Biden",
        "President",
        "United",
        "Nations",
        "Security",
        "Council",
        "Said",
        "Antony",
        "Blinken",
    ];
    let text = (0..10_000)
        .map(|i| names[i % names.len()])
        .collect::<Vec<_>>()
        .join(" ");
    codes_in_bounded_memory("capitals", &text);
}

/// A 200 MB single-line article over the limit: refused with the file, the line and the
/// limit, the article after it coded, exit status 1 — and the line is skipped, not buffered,
/// so memory follows the limit, not the line.
#[test]
fn a_200_megabyte_line_over_the_limit_is_refused_without_buffering_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        f.write_all(br#"{"id": "huge", "text": ""#).expect("write");
        let block = "Germany banned imports from Iran on Monday. ".repeat(1_000);
        for _ in 0..(200_000_000 / block.len()) {
            f.write_all(block.as_bytes()).expect("write");
        }
        f.write_all(b"\"}\n").expect("write");
        f.write_all(&article_line(
            "after",
            "Germany banned imports from Iran on Monday.",
        ))
        .expect("write");
        f.flush().expect("flush");
    }
    let out = Command::new(BIN)
        .arg("code")
        .arg(&path)
        .args(["--format", "jsonl", "--max-article-bytes", "1MiB"])
        .output()
        .expect("run readout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("huge.jsonl:1:") && stderr.contains("over --max-article-bytes 1048576"),
        "the error names the file, the line and the limit: {stderr}"
    );
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "an error record, then the next article");
    assert_eq!(lines[0]["line"], 1);
    assert!(lines[0]["error"].as_str().is_some());
    assert_eq!(lines[1]["id"], "after");
    assert!(!lines[1]["events"].as_array().expect("events").is_empty());
    let peak = children_peak_rss();
    assert!(
        peak <= BASE_RSS_BYTES + (16 << 20),
        "peak RSS {} MB: the over-long line was buffered",
        peak >> 20
    );
}
