//! `readout eval`: tables, JSON, scoring a predictions file, export and errors, on the small
//! gold documents in `tests/fixtures/eval` (one MEANTIME, two GUM, the seed article with its
//! speaker gold, six PLOVER gold standard records).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_readout");

fn gold_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")
}

fn gold() -> Vec<readout_eval::GoldDoc> {
    readout_eval::load_gold(&gold_dir()).expect("fixture gold loads")
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

fn eval(args: &[&str]) -> Output {
    let gold = gold_dir();
    let mut all = vec!["eval"];
    all.extend_from_slice(&args[..1]);
    all.extend_from_slice(&["--gold", gold.to_str().unwrap()]);
    all.extend_from_slice(&args[1..]);
    readout(&all, b"")
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

fn ok(out: Output) -> Output {
    assert_eq!(status(&out), 0, "stderr: {}", stderr(&out));
    out
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(out)))
}

/// The gold itself as `readout/1` predictions: every scored mention its own entity, every
/// scored timex with its gold value, every scored quote with its kind (and, for speaker
/// gold, its opening words as text and its speaker and date), every gold event with its
/// category and its first source and target codes as actor and recipient codes.
fn perfect_predictions() -> String {
    let mut lines = String::new();
    for doc in gold() {
        let entities: Vec<Value> = doc
            .scored_mentions()
            .map(|m| {
                let kind = match m.label.as_str() {
                    "PER" => "person",
                    "ORG" => "organization",
                    _ => "place",
                };
                json!({"kind": kind, "name": doc.slice(m.start, m.end),
                       "mentions": [{"start": m.start, "end": m.end,
                                     "text": doc.slice(m.start, m.end)}]})
            })
            .collect();
        let timexes: Vec<Value> = doc
            .scored_timexes()
            .map(|t| {
                json!({"start": t.start, "end": t.end, "text": doc.slice(t.start, t.end),
                       "value": t.value})
            })
            .collect();
        let quotes: Vec<Value> = doc
            .scored_quotes()
            .map(|q| {
                let text = q
                    .starts
                    .clone()
                    .unwrap_or_else(|| doc.slice(q.start, q.end));
                let speaker = q.speaker.as_ref().map(
                    |s| json!({"entity": null, "text": s.name, "start": q.start, "end": q.start}),
                );
                json!({"start": q.start, "end": q.end, "text": text, "kind": q.kind,
                       "speaker": speaker, "cue": null, "date": q.date, "evidence": ""})
            })
            .collect();
        let events: Vec<Value> = doc
            .events
            .iter()
            .map(|e| {
                let side = |codes: Vec<&str>| {
                    codes
                        .first()
                        .map(|c| json!({"entity": null, "code": c, "text": c}))
                };
                json!({"plover": e.category, "cameo": "", "actor": side(e.source_codes()),
                       "recipient": side(e.target_codes()), "symmetric": false})
            })
            .collect();
        let line = json!({"schema": "readout/1", "id": doc.id, "text": doc.text,
                          "entities": entities, "timexes": timexes,
                          "quotes": quotes, "sources": [], "events": events});
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    lines
}

/// Every ratio (`precision`, `recall`, `f1`, `value_*`) anywhere under `v`.
fn ratios(v: &Value, out: &mut Vec<(String, f64)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let is_ratio = matches!(
                    k.as_str(),
                    "precision"
                        | "recall"
                        | "f1"
                        | "value_accuracy"
                        | "value_accuracy_strict"
                        | "value_recall"
                        | "kind_accuracy"
                        | "speaker_accuracy"
                        | "speaker_recall"
                        | "date_accuracy"
                        | "category_accuracy"
                        | "source_accuracy"
                        | "target_accuracy"
                        | "accuracy"
                );
                if is_ratio {
                    let n = x
                        .as_f64()
                        .unwrap_or_else(|| panic!("{k} is not a number: {x}"));
                    out.push((k.clone(), n));
                } else {
                    ratios(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| ratios(x, out)),
        _ => {}
    }
}

fn entity_row<'a>(report: &'a Value, label: &str) -> &'a Value {
    report["entities"]["rows"]
        .as_array()
        .expect("entity rows")
        .iter()
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("no {label} row"))
}

fn span_row<'a>(report: &'a Value, corpus: &str, quotes: &str) -> &'a Value {
    report["quotes"]["spans"]
        .as_array()
        .expect("quote span rows")
        .iter()
        .find(|r| r["corpus"] == corpus && r["quotes"] == quotes)
        .unwrap_or_else(|| panic!("no {corpus} {quotes} row"))
}

fn speaker_row<'a>(report: &'a Value, corpus: &str) -> &'a Value {
    report["quotes"]["speakers"]
        .as_array()
        .expect("quote speaker rows")
        .iter()
        .find(|r| r["corpus"] == corpus)
        .unwrap_or_else(|| panic!("no {corpus} row"))
}

fn event_row(report: &Value) -> &Value {
    report["events"]["rows"]
        .as_array()
        .expect("event rows")
        .iter()
        .find(|r| r["corpus"] == "plover-gsr")
        .expect("no plover-gsr row")
}

/// The hand-made event predictions for the six GSR records of the fixture gold (see
/// `tests/fixtures/eval/README.md`).
fn event_predictions() -> PathBuf {
    gold_dir().join("events-predictions.jsonl")
}

fn timex_row<'a>(report: &'a Value, corpus: &str) -> &'a Value {
    report["timexes"]["rows"]
        .as_array()
        .expect("timex rows")
        .iter()
        .find(|r| r["corpus"] == corpus)
        .unwrap_or_else(|| panic!("no {corpus} row"))
}

#[test]
fn entities_markdown_table() {
    let out = ok(eval(&["entities"]));
    let text = stdout(&out);
    for row in [
        "| PER |",
        "| ORG |",
        "| LOC |",
        "| **micro** |",
        "| span (any label) |",
    ] {
        assert!(text.contains(row), "no {row} row in:\n{text}");
    }
    assert!(
        text.contains("| label | gold | predicted | P | R | F1 |"),
        "{text}"
    );
    assert!(text.starts_with("Predictions: readout "), "{text}");
    assert!(!text.contains("| corpus |"), "entities only:\n{text}");
}

#[test]
fn timex_markdown_table() {
    let out = ok(eval(&["timex"]));
    let text = stdout(&out);
    for row in ["| meantime |", "| gum |", "| **overall** |"] {
        assert!(text.contains(row), "no {row} row in:\n{text}");
    }
    assert!(!text.contains("| PER |"), "timexes only:\n{text}");
    assert!(!text.contains("| direct |"), "timexes only:\n{text}");
    // The speaker gold and the GSR records have no timex gold.
    assert!(
        text.contains("7 documents without timex gold skipped"),
        "{text}"
    );
}

#[test]
fn quotes_markdown_table() {
    let out = ok(eval(&["quotes"]));
    let text = stdout(&out);
    for row in [
        "| gum | direct | 2 |",
        "| gum | any kind | 2 |",
        "| seed | 1 | 8 |",
    ] {
        assert!(text.contains(row), "no {row} row in:\n{text}");
    }
    assert!(
        text.contains("| corpus | quotes | docs | gold | predicted | P | R | F1 |"),
        "{text}"
    );
    assert!(
        text.contains("| corpus | docs | gold | predicted | found | P | R | F1 | speaker acc |"),
        "{text}"
    );
    assert!(
        text.contains("7 documents without quote gold skipped"),
        "{text}"
    );
    assert!(text.starts_with("Predictions: readout "), "{text}");
    assert!(
        !text.contains("| PER |") && !text.contains("exact-span F1"),
        "{text}"
    );
}

#[test]
fn quotes_json_and_empty_predictions() {
    let report = json_of(&ok(eval(&["quotes", "--format", "json"])));
    assert!(report.get("quotes").is_some());
    assert!(report.get("entities").is_none() && report.get("timexes").is_none());
    // Four direct quotations in GUM_news_korea (one of three sentences), none in
    // GUM_news_worship; eight quotes in the seed's gold.
    assert_eq!(span_row(&report, "gum", "direct")["overlap"]["gold"], 4);
    assert_eq!(span_row(&report, "gum", "any")["overlap"]["gold"], 4);
    assert_eq!(speaker_row(&report, "seed")["detection"]["gold"], 8);
    assert_eq!(report["quotes"]["docs_without_quote_gold"], 7);

    // No quotes predicted: zeros, no division by zero, `–` in the tables.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("empty.jsonl");
    let lines: String = gold()
        .iter()
        .map(|d| json!({"id": d.id, "text": d.text, "quotes": []}).to_string() + "\n")
        .collect();
    std::fs::write(&file, lines).unwrap();
    let file = file.to_str().unwrap();
    let report = json_of(&ok(eval(&[
        "quotes",
        "--predictions",
        file,
        "--format",
        "json",
    ])));
    let mut found = vec![];
    ratios(&report["quotes"], &mut found);
    assert!(found.len() > 10, "{found:?}");
    assert!(found.iter().all(|(_, x)| *x == 0.0), "{found:?}");
    let text = stdout(&ok(eval(&["quotes", "--predictions", file])));
    assert!(
        text.contains("| gum | direct | 2 | 4 | 0 | – | 0.000 | 0.000 | – | 0.000 | 0.000 | – |"),
        "{text}"
    );
    assert!(
        text.contains("| seed | 1 | 8 | 0 | 0 | – | 0.000 | 0.000 | – | 0.000 | – | 0 |"),
        "{text}"
    );
}

#[test]
fn all_json_has_ratios_in_unit_interval() {
    let out = ok(eval(&["all", "--format", "json"]));
    let report = json_of(&out);
    assert_eq!(report["gold"]["documents"], 10);
    assert_eq!(
        report["gold"]["corpora"],
        json!({"gum": 2, "meantime": 1, "plover-gsr": 6, "seed": 1})
    );
    assert!(report["predictions"]["system"]
        .as_str()
        .unwrap()
        .starts_with("readout "));
    let mut found = vec![];
    ratios(&report["entities"], &mut found);
    ratios(&report["timexes"], &mut found);
    ratios(&report["quotes"], &mut found);
    ratios(&report["events"], &mut found);
    assert!(found.len() > 70, "{found:?}");
    for (k, x) in &found {
        assert!((0.0..=1.0).contains(x), "{k} = {x}");
    }
    // The gold counts come through: 1 PER, 1 ORG, 2 LOC; 3 MEANTIME dates and 1 + 5 GUM
    // dates; 4 GUM quotations, 8 seed quotes.
    assert_eq!(entity_row(&report, "micro")["exact"]["gold"], 4);
    assert_eq!(timex_row(&report, "overall")["span"]["gold"], 9);
    assert_eq!(span_row(&report, "gum", "any")["overlap"]["gold"], 4);
    assert_eq!(speaker_row(&report, "seed")["detection"]["gold"], 8);
    // Six GSR records, five with gold source codes.
    assert_eq!(event_row(&report)["records"], 6);
    assert_eq!(report["events"]["categories"].as_array().unwrap().len(), 6);
    // Readout finds something on this article.
    assert!(
        entity_row(&report, "micro")["exact"]["predicted"]
            .as_u64()
            .unwrap()
            > 0
    );
}

#[test]
fn events_markdown_table() {
    let text = stdout(&ok(eval(&["events"])));
    assert!(text.starts_with("Predictions: readout "), "{text}");
    assert!(
        text.contains("| corpus | records | found | category acc | sources | sources right | source acc | targets | targets right | target acc | events | events/record | false events | false/record |"),
        "{text}"
    );
    assert!(text.contains("| plover-gsr | 6 | "), "{text}");
    assert!(
        text.contains("| category | gold | found | accuracy |"),
        "{text}"
    );
    for category in [
        "AGREE",
        "CONSULT",
        "DEMAND",
        "DISAPPROVE",
        "FIGHT",
        "SANCTION",
    ] {
        assert!(
            text.contains(&format!("| {category} | 1 | ")),
            "no {category} row in:\n{text}"
        );
    }
    assert!(
        text.contains("4 documents without event gold skipped"),
        "{text}"
    );
    assert!(
        !text.contains("| PER |") && !text.contains("| direct |") && !text.contains("| meantime |"),
        "events only:\n{text}"
    );
    // `all` prints the event tables after the others.
    let text = stdout(&ok(eval(&["all"])));
    let quotes = text
        .find("| corpus | docs | gold | predicted | found |")
        .unwrap();
    let events = text
        .find("| plover-gsr | 6 | ")
        .expect("event table in all");
    assert!(quotes < events, "{text}");
}

/// Hand-made predictions (`tests/fixtures/eval/events-predictions.jsonl`), one mistake of
/// each kind: AGREE the right category with the wrong actor; CONSULT symmetric with its
/// sides swapped (right); DEMAND found by its CAMEO root 10 (PLOVER 2021 REQUEST), its actor
/// coded by its entity's country; DISAPPROVE coded REJECT (wrong category); SANCTION right,
/// the IAEA's `IGOUNOIAE` for the gold `IGO`, and an ACCUSE event besides (a false event);
/// FIGHT found by CAMEO root 19, sides swapped on an event that is not symmetric (both
/// wrong).
#[test]
fn events_scored_from_hand_made_predictions() {
    let file = event_predictions();
    let file = file.to_str().unwrap();
    let report = json_of(&ok(eval(&[
        "events",
        "--predictions",
        file,
        "--format",
        "json",
    ])));
    assert!(report.get("events").is_some());
    assert!(report.get("entities").is_none() && report.get("quotes").is_none());
    let row = event_row(&report);
    let counts = |keys: &[&str]| -> Vec<u64> {
        keys.iter()
            .map(|k| row[*k].as_u64().unwrap_or_else(|| panic!("{k}: {row}")))
            .collect()
    };
    assert_eq!(
        counts(&[
            "records",
            "found",
            "sources_compared",
            "sources_correct",
            "targets_compared",
            "targets_correct",
            "predicted",
            "false_events"
        ]),
        [6, 5, 5, 3, 4, 3, 7, 2],
        "{row}"
    );
    assert_eq!(row["source_accuracy"], 0.6);
    assert_eq!(row["target_accuracy"], 0.75);
    let categories = report["events"]["categories"].as_array().unwrap();
    let found: Vec<(&str, u64)> = categories
        .iter()
        .map(|c| {
            (
                c["category"].as_str().unwrap(),
                c["found"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("AGREE", 1),
            ("CONSULT", 1),
            ("DEMAND", 1),
            ("DISAPPROVE", 0),
            ("FIGHT", 1),
            ("SANCTION", 1)
        ]
    );
    // The other gold documents have no event gold: not missing.
    assert_eq!(report["events"]["docs_missing"], 0);
    assert_eq!(report["events"]["docs_without_event_gold"], 4);

    let text = stdout(&ok(eval(&["events", "--predictions", file])));
    assert!(
        text.contains("| plover-gsr | 6 | 5 | 0.833 | 5 | 3 | 0.600 | 4 | 3 | 0.750 | 7 | 1.167 | 2 | 0.333 |"),
        "{text}"
    );
    assert!(text.contains("| DISAPPROVE | 1 | 0 | 0.000 |"), "{text}");
    assert!(
        text.starts_with(&format!("Predictions: {file} (6 documents)")),
        "{text}"
    );

    // --gold naming the GSR file itself: the same scores, nothing else loaded.
    let gsr = gold_dir().join("plover-gsr-sample.json");
    let out = ok(readout(
        &[
            "eval",
            "events",
            "--gold",
            gsr.to_str().unwrap(),
            "--predictions",
            file,
        ],
        b"",
    ));
    let text = stdout(&out);
    assert!(
        text.contains("| plover-gsr | 6 | 5 | 0.833 | 5 | 3 | 0.600 | 4 | 3 | 0.750 | 7 | 1.167 | 2 | 0.333 |"),
        "{text}"
    );
    assert!(text.contains("(6 documents: 6 plover-gsr)"), "{text}");
    assert!(!text.contains("Also:"), "{text}");
}

#[test]
fn entities_json_has_only_entities() {
    let report = json_of(&ok(eval(&["entities", "--format", "json"])));
    assert!(report.get("entities").is_some());
    assert!(report.get("timexes").is_none());
}

#[test]
fn gold_as_predictions_scores_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("perfect.jsonl");
    std::fs::write(&file, perfect_predictions()).unwrap();
    let file = file.to_str().unwrap();

    let report = json_of(&ok(eval(&[
        "all",
        "--predictions",
        file,
        "--format",
        "json",
    ])));
    assert_eq!(report["predictions"]["file"], file);
    for label in ["PER", "ORG", "LOC", "micro", "span"] {
        let row = entity_row(&report, label);
        assert_eq!(row["exact"]["f1"], 1.0, "{label}: {row}");
        assert_eq!(row["partial"]["f1"], 1.0, "{label}: {row}");
    }
    for corpus in ["meantime", "gum", "overall"] {
        let row = timex_row(&report, corpus);
        assert_eq!(row["span"]["f1"], 1.0, "{corpus}: {row}");
        assert_eq!(row["exact_span"]["f1"], 1.0, "{corpus}: {row}");
        assert_eq!(row["value_accuracy"], 1.0, "{corpus}: {row}");
    }
    for quotes in ["direct", "any"] {
        let row = span_row(&report, "gum", quotes);
        assert_eq!(row["overlap"]["f1"], 1.0, "{quotes}: {row}");
        assert_eq!(row["exact"]["f1"], 1.0, "{quotes}: {row}");
    }
    let row = speaker_row(&report, "seed");
    for key in ["speaker_accuracy", "speaker_recall", "date_accuracy"] {
        assert_eq!(row[key], 1.0, "{key}: {row}");
    }
    assert_eq!(row["detection"]["f1"], 1.0, "{row}");
    assert_eq!(row["passed"], 8, "{row}");
    let row = event_row(&report);
    for key in ["category_accuracy", "source_accuracy", "target_accuracy"] {
        assert_eq!(row[key], 1.0, "{key}: {row}");
    }
    assert_eq!(row["false_events"], 0, "{row}");

    let text = stdout(&ok(eval(&["entities", "--predictions", file])));
    let micro = text
        .lines()
        .find(|l| l.starts_with("| **micro** |"))
        .expect("micro row");
    assert_eq!(
        micro, "| **micro** | 4 | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |",
        "{text}"
    );
    assert!(
        text.starts_with(&format!("Predictions: {file} (10 documents)")),
        "{text}"
    );
}

#[test]
fn predictions_from_stdin_and_as_array() {
    let perfect = perfect_predictions();
    let gold = gold_dir();
    let out = ok(readout(
        &[
            "eval",
            "entities",
            "--gold",
            gold.to_str().unwrap(),
            "--predictions",
            "-",
            "--format",
            "json",
        ],
        perfect.as_bytes(),
    ));
    assert_eq!(entity_row(&json_of(&out), "micro")["exact"]["f1"], 1.0);

    let docs: Vec<Value> = perfect
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("perfect.json");
    std::fs::write(&file, serde_json::to_string_pretty(&docs).unwrap()).unwrap();
    let out = ok(eval(&[
        "timex",
        "--predictions",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(timex_row(&json_of(&out), "overall")["span"]["f1"], 1.0);
}

#[test]
fn export_writes_one_line_per_gold_document() {
    let out = ok(eval(&["export"]));
    let text = stdout(&out);
    let gold = gold();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), gold.len(), "{text}");
    for (line, doc) in lines.iter().zip(&gold) {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v, readout_eval::article_json(doc));
        assert_eq!(v["text"], doc.text.as_str());
    }
    // The speaker gold's article goes out as it is, with the gold's publication date.
    let seed = lines
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|v| v["id"] == "000_96816e06d1c519d8")
        .expect("the seed article is exported");
    let article =
        std::fs::read_to_string(gold_dir().join("quotes/seed/000_96816e06d1c519d8.txt")).unwrap();
    assert_eq!(seed["text"], article.as_str());
    assert_eq!(seed["published"], "2023-06-06");
}

/// Coding the export with `readout code` and scoring the result gives the scores `eval`
/// computes itself: both use the same pipeline on the same input.
#[test]
fn built_in_scores_equal_scoring_readout_code_output() {
    let articles = ok(eval(&["export"])).stdout;
    let coded = ok(readout(&["code", "--format", "jsonl"], &articles));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("coded.jsonl");
    std::fs::write(&file, &coded.stdout).unwrap();

    let built_in = json_of(&ok(eval(&["all", "--format", "json"])));
    let scored = json_of(&ok(eval(&[
        "all",
        "--format",
        "json",
        "--predictions",
        file.to_str().unwrap(),
    ])));
    assert_eq!(built_in["entities"], scored["entities"]);
    assert_eq!(built_in["timexes"], scored["timexes"]);
    assert_eq!(built_in["quotes"], scored["quotes"]);
    assert_eq!(built_in["events"], scored["events"]);
}

#[test]
fn missing_gold_dir_exits_1_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-gold");
    for sub in ["entities", "timex", "quotes", "events", "all", "export"] {
        let out = readout(&["eval", sub, "--gold", missing.to_str().unwrap()], b"");
        assert_eq!(status(&out), 1, "{sub}");
        assert!(
            stderr(&out).contains(missing.to_str().unwrap()),
            "{sub}: {}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty(), "{sub}");
    }
}

#[test]
fn default_gold_missing_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["eval", "entities"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(status(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("--gold") && err.contains("../shared/eval"),
        "{err}"
    );
}

#[test]
fn gold_without_gold_documents_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.xml"), "<notes/>").unwrap();
    let out = readout(
        &["eval", "all", "--gold", dir.path().to_str().unwrap()],
        b"",
    );
    assert_eq!(status(&out), 1);
    assert!(
        stderr(&out).contains(dir.path().to_str().unwrap()),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_predictions_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = perfect_predictions();
    let first = good.lines().next().unwrap();
    let cases = [
        (format!("{first}\n\n{{\"id\": \"x\", oops\n"), ":3:", "not a JSON"),
        (format!("{first}\n[1, 2]\n"), ":2:", "expected a JSON object"),
        (format!("{first}\n{{\"text\": \"no id\"}}\n"), ":2:", "\"id\""),
        (
            format!("{{\"id\": \"a\", \"file\": \"in.jsonl\", \"line\": 1, \"error\": \"boom\"}}\n{first}\n"),
            ":1:",
            "error record",
        ),
    ];
    for (i, (content, line, why)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("bad{i}.jsonl"));
        std::fs::write(&file, content).unwrap();
        let out = eval(&["entities", "--predictions", file.to_str().unwrap()]);
        assert_eq!(status(&out), 1, "case {i}");
        let err = stderr(&out);
        let at = format!("{}{line}", file.display());
        assert!(err.contains(&at), "case {i}: want {at} in {err}");
        assert!(err.contains(why), "case {i}: want {why} in {err}");
        assert!(out.stdout.is_empty(), "case {i}");
    }

    let missing = dir.path().join("missing.jsonl");
    let out = eval(&["timex", "--predictions", missing.to_str().unwrap()]);
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains(missing.to_str().unwrap()));
}

#[test]
fn unmatched_predictions_warn() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.jsonl");
    std::fs::write(&file, "{\"id\": \"other\", \"text\": \"x\"}\n").unwrap();
    let out = ok(eval(&["all", "--predictions", file.to_str().unwrap()]));
    assert!(
        stderr(&out).contains("no prediction matches"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("1 prediction matched no gold document id"));
}

#[test]
fn bad_lexicon_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    let out = eval(&["entities", "--lexicon", missing.to_str().unwrap()]);
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains(missing.to_str().unwrap()));
}

#[test]
fn help_explains_each_subcommand_with_an_example() {
    let out = ok(readout(&["eval", "--help"], b""));
    let text = stdout(&out);
    for word in [
        "entities",
        "timex",
        "quotes",
        "events",
        "all",
        "export",
        "--predictions",
        "Examples:",
    ] {
        assert!(text.contains(word), "{word} not in:\n{text}");
    }
    for sub in ["entities", "timex", "quotes", "events", "all", "export"] {
        let text = stdout(&ok(readout(&["eval", sub, "--help"], b"")));
        assert!(
            text.contains(&format!("readout eval {sub} --gold")),
            "{sub}:\n{text}"
        );
    }
}
