//! What the command line writes validates against the published JSON Schema
//! (`docs/readout-1.schema.json`): documents from text, web pages and JSONL, and the error
//! records that take a failed article's place in JSONL and JSON-array output.
//! (`crates/readout-core/tests/properties.rs` validates the pipeline's documents for any input.)

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_readout");

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

/// A validator for one of the schema's definitions (`document`, `error_record`, `line`).
fn validator(definition: &str) -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(repo("docs/readout-1.schema.json")).unwrap())
            .unwrap();
    let wrapper = json!({
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "$ref": format!("#/$defs/{definition}"),
    });
    jsonschema::draft202012::new(&wrapper).unwrap()
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {}", e.instance_path(), e.masked()))
        .collect()
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// Every item validates as a line, and as a document or an error record as `is_error` says,
/// and not as the other.
fn check(items: &[Value], is_error: impl Fn(usize) -> bool) {
    let (line, document, error) = (
        validator("line"),
        validator("document"),
        validator("error_record"),
    );
    for (i, item) in items.iter().enumerate() {
        let e = errors(&line, item);
        assert!(e.is_empty(), "item {i}:\n{}", e.join("\n"));
        let (good, bad) = if is_error(i) {
            (&error, &document)
        } else {
            (&document, &error)
        };
        let e = errors(good, item);
        assert!(e.is_empty(), "item {i}:\n{}", e.join("\n"));
        assert!(!bad.is_valid(item), "item {i} validates as both: {item}");
    }
}

fn jsonl(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn jsonl_output_validates_documents_and_error_records_alike() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let lines = [
        r#"{"id":"a","text":"Germany invaded France on Monday.","published":"2015-08-13","title":"T","source":"S","url":"https://example.org/a"}"#,
        r#"{not json"#,
        r#"{"id":"b","text":"Egypt met Sudan.","published":"someday"}"#,
        r#"{"id":"c"}"#,
        r#"{"text":"“We will not accept this,” Chinese Foreign Minister Wang Yi said on Tuesday."}"#,
        r#"{"id":7,"text":"x"}"#,
    ];
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let input = input.display().to_string();
    let out = run(&["code", &input, "--format", "jsonl"], None);
    let items = jsonl(&out.stdout);
    assert_eq!(items.len(), lines.len(), "one output line per input line");
    let failed = [1, 2, 3];
    check(&items, |i| failed.contains(&i));
    // the error records say where, and why
    assert_eq!(items[1]["line"], 2);
    assert_eq!(items[1]["id"], Value::Null);
    assert_eq!(items[2]["id"], "b");
    assert!(items[2]["error"].as_str().unwrap().contains("someday"));
    assert_eq!(items[3]["file"], input.as_str());

    // the same as a JSON array
    let out = run(&["code", &input, "--format", "json"], None);
    let array: Value = serde_json::from_slice(&out.stdout).unwrap();
    let array = array.as_array().unwrap();
    assert_eq!(array, &items);

    // standard input
    let out = run(&["code", "--format", "jsonl"], Some("{\"id\":\"x\"\n"));
    let items = jsonl(&out.stdout);
    assert_eq!(items.len(), 1);
    check(&items, |_| true);
    assert_eq!(items[0]["file"], "<stdin>");
}

#[test]
fn documents_from_text_and_web_pages_validate() {
    let seed = repo("tests/fixtures/seed/000_96816e06d1c519d8.txt");
    let page = repo("tests/fixtures/html/article.html");
    let latin1 = repo("tests/fixtures/html/latin1.html");
    let out = run(
        &[
            "code",
            &seed,
            &page,
            &latin1,
            "--format",
            "jsonl",
            "--published",
            "2023-06-06",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items = jsonl(&out.stdout);
    assert_eq!(items.len(), 3);
    check(&items, |_| false);
    assert!(!items[0]["events"].as_array().unwrap().is_empty());
    // a single text is one pretty-printed document: the schema's top level
    let out = run(&["code", &seed, "--published", "2023-06-06"], None);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(repo("docs/readout-1.schema.json")).unwrap())
            .unwrap();
    let top = jsonschema::draft202012::new(&schema).unwrap();
    let e = errors(&top, &doc);
    assert!(e.is_empty(), "{}", e.join("\n"));
    assert_eq!(doc, items[0]);
}
