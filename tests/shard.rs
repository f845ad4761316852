//! Many workers, one store (issue 9): `readout ingest --shard K/N` processes code disjoint
//! parts of one corpus into one database at the same time, idempotently, while readers query
//! it. Four workers run at once over an overlapping corpus (every worker reads all of it, and
//! part of it twice); the store must then hold every document exactly once, each as a single
//! uninterrupted ingest codes it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_readout");
const WORKERS: usize = 4;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `copies` copies of the Wikinews examples with distinct ids (`ID-c`), as JSONL lines.
fn corpus_lines(copies: std::ops::Range<usize>) -> Vec<String> {
    let src = std::fs::read_to_string(root().join("tests/fixtures/wikinews/articles.jsonl"))
        .expect("the Wikinews fixtures");
    let mut out = Vec::new();
    for c in copies {
        for line in src.lines().filter(|l| !l.trim().is_empty()) {
            let mut v: Value = serde_json::from_str(line).expect("a fixture line");
            v["id"] = Value::String(format!("{}-{c}", v["id"].as_str().expect("an id")));
            out.push(v.to_string());
        }
    }
    out
}

fn write_lines(path: &Path, lines: &[String]) -> PathBuf {
    std::fs::write(path, lines.join("\n") + "\n").expect("write corpus");
    path.to_path_buf()
}

fn ingest(db: &str, inputs: &[&Path], extra: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("ingest")
        .args(inputs)
        .args(["--db", db, "--batch", "7", "--jobs", "1"])
        .args(extra)
        .env_remove("READOUT_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// "N stored" from an ingest's summary line.
fn stored(summary: &str) -> usize {
    let (before, _) = summary
        .split_once(" stored")
        .unwrap_or_else(|| panic!("no summary in {summary:?}"));
    before
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no stored count in {summary:?}"))
}

/// "N articles" (everything the run read) from an ingest's summary line.
fn read_count(summary: &str) -> usize {
    let at = summary
        .find("readout: ")
        .unwrap_or_else(|| panic!("no summary in {summary:?}"));
    summary[at + 9..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no article count in {summary:?}"))
}

/// Every stored document, as coded (the JSON `readout/1` document without the per-run fields).
fn documents(db: &str) -> BTreeMap<String, Value> {
    let mut store = readout_store::Store::open(db).expect("open the store");
    let ids: BTreeSet<String> = store.stored_ids().expect("ids").into_keys().collect();
    ids.into_iter()
        .map(|id| {
            let doc = store
                .document(&id)
                .expect("read")
                .expect("listed, so present");
            (id, serde_json::to_value(doc).expect("JSON"))
        })
        .collect()
}

/// The documents an uninterrupted single ingest of `input` stores.
fn reference(dir: &Path, input: &Path) -> BTreeMap<String, Value> {
    let db = format!("sqlite:{}", dir.join("reference.db").display());
    let out = ingest(&db, &[input], &[]).output().expect("run ingest");
    assert!(out.status.success(), "reference ingest: {}", stderr(&out));
    documents(&db)
}

/// Four workers, shard k of 4 each, all reading the whole corpus plus an overlap file that
/// repeats a third of it; readers poll the store over HTTP (when `serve_db` is given) and the
/// CLI while they run.
fn four_workers_at_once(db: &str, dir: &Path) {
    let all = corpus_lines(0..8); // 224 articles
    let corpus = write_lines(&dir.join("corpus.jsonl"), &all);
    let overlap = write_lines(&dir.join("overlap.jsonl"), &all[..all.len() / 3]);
    let expected = reference(dir, &corpus);
    assert_eq!(expected.len(), all.len());

    let server = common::serve(db, &[]);
    let started = Instant::now();
    let mut workers: Vec<Child> = (1..=WORKERS)
        .map(|k| {
            ingest(
                db,
                &[&corpus, &overlap],
                &["--shard", &format!("{k}/{WORKERS}")],
            )
            .spawn()
            .expect("start a worker")
        })
        .collect();

    // Readers meanwhile: the document list only grows and every answer is whole JSON.
    let mut seen = 0usize;
    let mut reads = 0usize;
    while workers
        .iter_mut()
        .any(|w| w.try_wait().expect("wait").is_none())
    {
        let docs: Value = ureq::get(&format!("{}/api/documents?limit=1000", server.base))
            .call()
            .expect("GET /api/documents while ingesting")
            .body_mut()
            .read_to_string()
            .map(|b| serde_json::from_str(&b).expect("whole JSON"))
            .expect("a body");
        let n = docs["documents"].as_array().expect("a list").len();
        assert!(
            n >= seen,
            "the store shrank under a reader: {seen} then {n}"
        );
        seen = n;
        let events = ureq::get(&format!("{}/api/events?limit=50", server.base))
            .call()
            .expect("GET /api/events while ingesting");
        assert_eq!(events.status(), 200);
        reads += 1;
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "workers still running after 10 minutes"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(reads > 0, "the readers never ran during the ingest");

    let (mut total_stored, mut total_read) = (0, 0);
    for (k, w) in workers.into_iter().enumerate() {
        let out = w.wait_with_output().expect("worker output");
        let err = stderr(&out);
        assert!(out.status.success(), "worker {}: {err}", k + 1);
        let n = stored(&err);
        assert!(n > 0, "worker {} stored nothing: {err}", k + 1);
        total_stored += n;
        total_read += read_count(&err);
    }
    // disjoint shards: every input line went to exactly one worker, and each document was
    // stored by exactly one worker, once
    assert_eq!(
        total_read,
        all.len() + all.len() / 3,
        "input lines split among workers"
    );
    assert_eq!(
        total_stored,
        all.len(),
        "stored counts add up to the corpus"
    );

    let got = documents(db);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "every document once, nothing missing"
    );
    for (id, doc) in &expected {
        assert_eq!(&got[id], doc, "{id} differs from the uninterrupted ingest");
    }
    // a second round adds nothing: every worker finds its shard stored
    for k in 1..=WORKERS {
        let out = ingest(db, &[&corpus], &["--shard", &format!("{k}/{WORKERS}")])
            .output()
            .expect("rerun");
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stored(&stderr(&out)), 0, "{}", stderr(&out));
    }
    drop(server);
}

#[test]
fn four_shard_workers_share_one_sqlite_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite:{}", dir.path().join("shared.db").display());
    four_workers_at_once(&db, dir.path());
}

#[test]
#[ignore = "needs PostgreSQL (READOUT_TEST_POSTGRES; scripts/test-all.sh starts one)"]
fn four_shard_workers_share_one_postgres_database() {
    let pg = common::TempDatabase::new("shards");
    let dir = tempfile::tempdir().expect("temp dir");
    four_workers_at_once(&pg.url, dir.path());
}

#[test]
fn shards_split_a_corpus_into_disjoint_parts_that_cover_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let all = corpus_lines(0..4);
    let corpus = write_lines(&dir.path().join("corpus.jsonl"), &all);
    let mut union = BTreeSet::new();
    for k in 1..=3 {
        let out = Command::new(BIN)
            .args(["code", "--format", "jsonl", "--shard", &format!("{k}/3")])
            .arg(&corpus)
            .output()
            .expect("run code");
        assert!(out.status.success(), "{}", stderr(&out));
        let ids: Vec<String> = String::from_utf8(out.stdout)
            .expect("UTF-8")
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("JSON line");
                v["id"].as_str().expect("id").to_string()
            })
            .collect();
        assert!(
            ids.len() > all.len() / 6,
            "shard {k}/3 has {} of {} articles: badly balanced",
            ids.len(),
            all.len()
        );
        for id in ids {
            assert!(union.insert(id.clone()), "{id} in two shards");
        }
    }
    assert_eq!(union.len(), all.len(), "the shards cover the corpus");
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    for bad in ["0/4", "5/4", "1/0", "1", "a/b", "2/1"] {
        let out = Command::new(BIN)
            .args(["ingest", "--db", "sqlite::memory:", "--shard", bad, "-"])
            .stdin(Stdio::null())
            .output()
            .expect("run");
        assert_eq!(
            out.status.code(),
            Some(2),
            "--shard {bad}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("--shard"), "{}", stderr(&out));
    }
}
