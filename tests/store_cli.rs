//! `readout ingest` and the questions asked of a store, through the binary: idempotence, a
//! SIGKILL in the middle of an ingest, conflicts, unusable databases, and the answers.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::TempDatabase;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_readout");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn readout(args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .env_remove("READOUT_DB")
        .stdin(Stdio::null())
        .output()
        .expect("run readout");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "readout panicked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            stderr(o)
        )
    })
}

fn wikinews() -> String {
    root()
        .join("tests/fixtures/wikinews/articles.jsonl")
        .display()
        .to_string()
}

fn seed() -> String {
    root()
        .join("tests/fixtures/seed/000_96816e06d1c519d8.txt")
        .display()
        .to_string()
}

/// `copies` copies of the Wikinews examples with distinct ids, as one JSONL file.
fn corpus(dir: &Path, copies: usize) -> PathBuf {
    let src = std::fs::read_to_string(wikinews()).unwrap();
    let mut out = String::new();
    for c in 0..copies {
        for line in src.lines().filter(|l| !l.trim().is_empty()) {
            let mut v: Value = serde_json::from_str(line).unwrap();
            let id = format!("{}-{c}", v["id"].as_str().unwrap());
            v["id"] = Value::String(id);
            out.push_str(&v.to_string());
            out.push('\n');
        }
    }
    let path = dir.join(format!("corpus-{copies}.jsonl"));
    std::fs::write(&path, out).unwrap();
    path
}

fn count(db: &str, what: &str) -> usize {
    let out = readout(&[what, "--db", db, "--format", "json", "--limit", "100000"]);
    assert!(out.status.success(), "{}", stderr(&out));
    json(&out).as_array().unwrap().len()
}

#[test]
fn ingesting_twice_adds_nothing_and_the_questions_answer() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("r.db").display());
    let first = readout(&[
        "ingest",
        &wikinews(),
        &seed(),
        "--db",
        &db,
        "--published",
        "2023-06-06",
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("29 stored, 0 already present, 0 failed"),
        "{}",
        stderr(&first)
    );
    let events = count(&db, "events");
    let quotes = count(&db, "quotes");
    let again = readout(&[
        "ingest",
        &wikinews(),
        &seed(),
        "--db",
        &db,
        "--published",
        "2023-06-06",
    ]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("0 stored, 29 already present"),
        "{}",
        stderr(&again)
    );
    assert_eq!(count(&db, "events"), events);
    assert_eq!(count(&db, "quotes"), quotes);

    let timeline = readout(&[
        "timeline", "USA", "CHN", "--by", "month", "--db", &db, "-f", "json",
    ]);
    let rows = json(&timeline);
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["period"] == "2023-06"
                && r["direction"] == "USA→CHN"
                && r["events"].as_i64().unwrap() > 0),
        "{rows:#}"
    );
    let beijing = readout(&[
        "events",
        "--actor",
        "USA",
        "--recipient",
        "CHN",
        "--from",
        "2023-06-01",
        "--to",
        "2023-06-30",
        "--plover",
        "CONSULT",
        "--db",
        &db,
        "-f",
        "json",
    ]);
    let rows = json(&beijing);
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|e| e["place"] == "Beijing"),
        "{rows:#}"
    );
    let search = readout(&["search", "spy balloon", "--db", &db, "-f", "json"]);
    let hits = json(&search);
    assert!(hits
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["doc_id"] == "000_96816e06d1c519d8"));
    let csv = readout(&["quotes", "--speaker", "Patel", "--db", &db, "-f", "csv"]);
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(
        text.starts_with("published,speaker,kind,quote,document"),
        "{text}"
    );
    assert!(text.contains("Vedant Patel"), "{text}");
    let table = readout(&["entities", "--kind", "country", "--top", "3", "--db", &db]);
    assert!(String::from_utf8_lossy(&table.stdout).starts_with("name "));
}

#[test]
fn a_killed_ingest_finishes_on_rerun_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 25);
    let input = input.to_str().unwrap();
    let whole = format!("sqlite:{}", dir.path().join("whole.db").display());
    let out = readout(&["ingest", input, "--db", &whole, "--batch", "50", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = count(&whole, "events");
    let expected_quotes = count(&whole, "quotes");

    let killed = format!("sqlite:{}", dir.path().join("killed.db").display());
    for delay_ms in [40, 120, 250] {
        let mut child = Command::new(BIN)
            .args([
                "ingest", input, "--db", &killed, "--batch", "50", "-q", "--jobs", "2",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
    }
    let rerun = readout(&["ingest", input, "--db", &killed, "--batch", "50", "-q"]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert_eq!(count(&killed, "events"), expected);
    assert_eq!(count(&killed, "quotes"), expected_quotes);
}

#[test]
fn the_same_id_with_another_text_is_reported_and_the_rest_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("r.db").display());
    let a = dir.path().join("a.jsonl");
    std::fs::write(
        &a,
        "{\"id\":\"x\",\"text\":\"Germany invaded France on Monday.\",\"published\":\"2015-08-13\"}\n",
    )
    .unwrap();
    let b = dir.path().join("b.jsonl");
    std::fs::write(
        &b,
        "{\"id\":\"x\",\"text\":\"Germany arrested France on Monday.\",\"published\":\"2015-08-13\"}\n\
         {\"id\":\"y\",\"text\":\"Egypt met Sudan in Cairo.\",\"published\":\"2015-08-13\"}\n\
         not json\n",
    )
    .unwrap();
    let errors = dir.path().join("errors.jsonl");
    assert!(readout(&["ingest", a.to_str().unwrap(), "--db", &db])
        .status
        .success());
    let out = readout(&[
        "ingest",
        b.to_str().unwrap(),
        "--db",
        &db,
        "--errors",
        errors.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("already stored with a different text"),
        "{err}"
    );
    assert!(err.contains("b.jsonl:3"), "{err}");
    assert!(
        err.contains("1 stored, 0 already present, 2 failed"),
        "{err}"
    );
    let lines = std::fs::read_to_string(&errors).unwrap();
    assert_eq!(lines.lines().count(), 2, "{lines}");
    // the stored text of x is the first one
    let events = readout(&["events", "--db", &db, "-f", "json"]);
    let rows = json(&events);
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|e| e["trigger"] == "invaded"),
        "{rows:#}"
    );
    assert!(!rows
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["trigger"] == "arrested"));
}

#[test]
fn an_unusable_database_is_a_clear_usage_error() {
    let out = readout(&["ingest", &seed(), "--db", "sqlite:/nonexistent/dir/r.db"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot open the store"),
        "{}",
        stderr(&out)
    );
    let out = readout(&["events", "--db", "mysql://x/y"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown scheme"), "{}", stderr(&out));
}

#[test]
#[ignore = "needs a PostgreSQL server (READOUT_TEST_POSTGRES); run by scripts/test-all.sh"]
fn postgres_and_sqlite_stores_answer_alike_through_the_cli() {
    let pg = TempDatabase::new("cli_alike");
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite:{}", dir.path().join("r.db").display());
    for db in [pg.url.as_str(), sqlite.as_str()] {
        let out = readout(&[
            "ingest",
            &wikinews(),
            &seed(),
            "--db",
            db,
            "--published",
            "2023-06-06",
        ]);
        assert!(out.status.success(), "{db}: {}", stderr(&out));
        // and again: nothing added on either
        let out = readout(&["ingest", &wikinews(), "--db", db, "-q"]);
        assert!(out.status.success(), "{db}: {}", stderr(&out));
    }
    let questions: &[&[&str]] = &[
        &["events", "--limit", "100000"],
        &["events", "--actor", "USA", "--recipient", "CHN", "--both"],
        &["timeline", "USA", "CHN", "--by", "month"],
        &["timeline", "USA", "IRN", "--by", "year"],
        &["quotes", "--limit", "100000"],
        &["entities", "--top", "50"],
        &["search", "prime minister"],
    ];
    for q in questions {
        let ask = |db: &str| {
            let mut args: Vec<&str> = q.to_vec();
            args.extend(["--db", db, "-f", "json"]);
            let out = readout(&args);
            assert!(out.status.success(), "{q:?} on {db}: {}", stderr(&out));
            json(&out)
        };
        assert_eq!(ask(&pg.url), ask(&sqlite), "{q:?}");
    }
}

#[test]
fn exports_use_gdelt_columns_and_partition_by_month_and_recode_replaces_stale_documents() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("r.db").display());
    let out = readout(&[
        "ingest",
        &seed(),
        "--db",
        &db,
        "--published",
        "2023-06-06",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let events = count(&db, "events");

    let csv_dir = dir.path().join("csv");
    let out = readout(&[
        "export",
        "events",
        "--db",
        &db,
        "--out",
        csv_dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(csv_dir.join("events.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    for column in [
        "GlobalEventID",
        "Day",
        "MonthYear",
        "Actor1Code",
        "Actor2CountryCode",
        "EventCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "ActionGeo_FullName",
        "SOURCEURL",
        "Status",
        "PloverCategory",
        "Sentence",
    ] {
        assert!(
            header.split(',').any(|c| c == column),
            "{column} missing in {header}"
        );
    }
    assert_eq!(csv.lines().count() - 1, events);
    assert!(csv.contains(",20230605,202306,2023,"), "{csv}");

    let parts = dir.path().join("parts");
    let out = readout(&[
        "export",
        "events",
        "--db",
        &db,
        "--format",
        "jsonl",
        "--partition-by",
        "month",
        "--out",
        parts.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let june = std::fs::read_to_string(parts.join("month=2023-06/events.jsonl")).unwrap();
    for line in june.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["MonthYear"], 202306, "{v}");
    }
    let total: usize = std::fs::read_dir(&parts)
        .unwrap()
        .map(|d| {
            std::fs::read_to_string(d.unwrap().path().join("events.jsonl"))
                .unwrap()
                .lines()
                .count()
        })
        .sum();
    assert_eq!(total, events);

    // nothing is stale for the same Readout and lexicons; another lexicon makes all stale
    let out = readout(&["recode", "--db", &db]);
    assert!(
        stderr(&out).contains("0 documents re-coded"),
        "{}",
        stderr(&out)
    );
    let extra = dir.path().join("extra.toml");
    std::fs::write(&extra, "").unwrap();
    let out = readout(&["recode", "--db", &db, "--lexicon", extra.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 documents re-coded"),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&db, "events"), events);
}

#[test]
#[ignore = "needs pyarrow, pandas and DuckDB (READOUT_TEST_PYTHON); run by scripts/test-all.sh"]
fn parquet_exports_open_in_pyarrow_pandas_and_duckdb() {
    let python = std::env::var("READOUT_TEST_PYTHON").expect(
        "READOUT_TEST_PYTHON must name a python with pyarrow, pandas and duckdb (scripts/pyvenv.sh)",
    );
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("r.db").display());
    let out = readout(&[
        "ingest",
        &wikinews(),
        &seed(),
        "--db",
        &db,
        "--published",
        "2023-06-06",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let parquet = dir.path().join("parquet");
    let jsonl = dir.path().join("jsonl");
    for (format, out_dir, partition) in [
        ("parquet", &parquet, Some("month")),
        ("jsonl", &jsonl, None),
    ] {
        let mut args = vec!["export", "events", "--db", &db, "--format", format, "--out"];
        args.push(out_dir.to_str().unwrap());
        if let Some(p) = partition {
            args.extend(["--partition-by", p]);
        }
        let out = readout(&args);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let check = Command::new(python)
        .arg(root().join("tests/python/check_parquet.py"))
        .arg(&parquet)
        .arg(jsonl.join("events.jsonl"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
#[ignore = "needs a PostgreSQL server (READOUT_TEST_POSTGRES); run by scripts/test-all.sh"]
fn a_lost_postgres_connection_costs_a_retry_not_the_ingest() {
    let pg = TempDatabase::new("cli_lost");
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 25);
    let input = input.to_str().unwrap();
    let whole = format!("sqlite:{}", dir.path().join("whole.db").display());
    assert!(readout(&["ingest", input, "--db", &whole, "-q"])
        .status
        .success());
    let expected = count(&whole, "events");

    let child = Command::new(BIN)
        .args(["ingest", input, "--db", &pg.url, "--batch", "20", "-q"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // cut the ingest's connection once it has stored something
    let mut admin = postgres::Client::connect(&pg.admin, postgres::NoTls).unwrap();
    let started = std::time::Instant::now();
    loop {
        let mut c = postgres::Client::connect(&pg.url, postgres::NoTls).unwrap();
        let stored: i64 = c
            .query_one("SELECT COUNT(*) FROM documents", &[])
            .map(|r| r.get(0))
            .unwrap_or(0);
        if stored > 0 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&pg.name],
        )
        .unwrap();
    // the ingest connects again and writes the batch it lost again
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("lost the connection to the store"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(count(&pg.url, "events"), expected);

    let rerun = readout(&["ingest", input, "--db", &pg.url, "-q"]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert_eq!(count(&pg.url, "events"), expected);
}

/// A stream piped into `ingest -` whose first line is broken: with `--stdin-format jsonl` that
/// line is one failed article and the rest are stored (sniffed, the whole stream would be read
/// as one plain-text article).
#[test]
fn ingest_reads_stdin_as_jsonl_when_told() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("piped.db").display());
    let fixtures = std::fs::read_to_string(wikinews()).unwrap();
    let articles = fixtures.lines().filter(|l| !l.trim().is_empty()).count();
    let input = format!("not an article\n{fixtures}");
    let mut child = Command::new(BIN)
        .args(["ingest", "-", "--db", &db, "--stdin-format", "jsonl"])
        .env_remove("READOUT_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run readout");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("<stdin>:1"), "{}", stderr(&out));
    let out = readout(&["ingest", "--db", &db, &wikinews()]);
    assert!(
        stderr(&out).contains(&format!("0 stored, {articles} already present")),
        "every article of the stream was stored: {}",
        stderr(&out)
    );
}
