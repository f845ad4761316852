//! The store under crashes, load and bad conditions, through the binary: `readout ingest`
//! SIGKILLed at random points and rerun, a PostgreSQL restart in the middle of an ingest,
//! several ingests writing to one store at once, a full disk, a read-only file system and a
//! missing directory. After each, the store must equal that of one uninterrupted run: the same
//! documents, each once and whole, every table's rows equal per document.
//!
//! The random kill points come from a seeded generator; the seed is printed, and
//! `READOUT_TEST_SEED=N` replays a run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::TempDatabase;
use readout_store::{Store, Value};
use serde_json::Value as Json;

const BIN: &str = env!("CARGO_BIN_EXE_readout");

/// The tables of the store, children after `documents`.
const TABLES: &[&str] = &[
    "documents",
    "entities",
    "mentions",
    "events",
    "quotes",
    "sources",
];

/// Columns that differ between two runs of the same input by design.
const PER_RUN_COLUMNS: &[&str] = &["coded_at"];

/// Small batches, so that kills land inside transactions as well as between them.
const BATCH: &str = "3";

fn wikinews() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wikinews/articles.jsonl")
}

/// The Wikinews examples, copies `from..to` of them with distinct ids, as one JSONL file.
fn corpus(dir: &Path, name: &str, copies: std::ops::Range<usize>) -> PathBuf {
    let src = std::fs::read_to_string(wikinews()).unwrap();
    let mut out = String::new();
    for c in copies {
        for line in src.lines().filter(|l| !l.trim().is_empty()) {
            let mut v: Json = serde_json::from_str(line).unwrap();
            let id = format!("{}-{c}", v["id"].as_str().unwrap());
            v["id"] = Json::String(id);
            out.push_str(&v.to_string());
            out.push('\n');
        }
    }
    let path = dir.join(name);
    std::fs::write(&path, out).unwrap();
    path
}

fn ingest_command(input: &Path, db: &str, extra: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("ingest")
        .arg(input)
        .args(["--db", db, "--batch", BATCH, "--jobs", "2"])
        .args(extra)
        .env_remove("READOUT_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn ingest(input: &Path, db: &str, extra: &[&str]) -> Output {
    let out = ingest_command(input, db, extra).output().unwrap();
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What a finished ingest said it did: (stored, already present, failed).
fn summary(o: &Output) -> (u64, u64, u64) {
    let err = stderr(o);
    let line = err
        .lines()
        .rfind(|l| l.contains(" stored, "))
        .unwrap_or_else(|| panic!("no summary in: {err}"));
    let number_before = |what: &str| -> u64 {
        let head = &line[..line.find(what).unwrap_or_else(|| panic!("{what}: {line}"))];
        head.rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{what}: {line}"))
    };
    (
        number_before(" stored,"),
        number_before(" already present"),
        number_before(" failed"),
    )
}

/// SplitMix64: a few lines, the same numbers everywhere for a seed.
struct Rng(u64);

impl Rng {
    fn from_env(test: &str) -> Rng {
        let seed = std::env::var("READOUT_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("{test}: seed {seed} (READOUT_TEST_SEED={seed} replays it)");
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A store's rows, per document and table, without the per-run columns, each document's rows
/// sorted: what two runs over the same input must agree on.
type Dump = BTreeMap<String, BTreeMap<&'static str, Vec<String>>>;

fn open(db: &str) -> Store {
    Store::open(db).unwrap_or_else(|e| panic!("cannot open {db}: {e}"))
}

fn columns(store: &mut Store, table: &str) -> Vec<String> {
    let sql = if store.backend_name() == "sqlite" {
        "SELECT name FROM pragma_table_info(?)"
    } else {
        "SELECT column_name FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position"
    };
    let cols: Vec<String> = store
        .rows(sql, &[table.into()])
        .unwrap()
        .into_iter()
        .filter_map(|r| r.into_iter().next().and_then(Value::into_text))
        .filter(|c| !PER_RUN_COLUMNS.contains(&c.as_str()))
        .collect();
    assert!(cols.len() > 2, "{table}: {cols:?}");
    cols
}

fn dump(db: &str) -> Dump {
    let mut store = open(db);
    let mut out = Dump::new();
    for &table in TABLES {
        let cols = columns(&mut store, table);
        let key = if table == "documents" { "id" } else { "doc_id" };
        let sql = format!("SELECT {key}, {} FROM {table}", cols.join(", "));
        for row in store.rows(&sql, &[]).unwrap() {
            let mut cells = row.into_iter();
            let id = cells.next().and_then(Value::into_text).unwrap();
            let rest: Vec<Value> = cells.collect();
            out.entry(id)
                .or_default()
                .entry(table)
                .or_default()
                .push(format!("{rest:?}"));
        }
    }
    for tables in out.values_mut() {
        for rows in tables.values_mut() {
            rows.sort();
        }
    }
    out
}

/// What must hold of a store at any moment, however its writers ended: SQLite's own checks
/// (pages, indexes, foreign keys, the full-text index against its content), no child row
/// without its document, and every document present whole and as the uninterrupted run wrote
/// it. Returns how many documents it holds.
fn check_consistent(db: &str, whole: &Dump, when: &str) -> usize {
    let mut store = open(db);
    if store.backend_name() == "sqlite" {
        let ok = store.rows("PRAGMA integrity_check", &[]).unwrap();
        assert_eq!(ok, vec![vec![Value::from("ok")]], "{when}: integrity_check");
        let fk = store.rows("PRAGMA foreign_key_check", &[]).unwrap();
        assert!(fk.is_empty(), "{when}: foreign_key_check: {fk:?}");
        // a statement that writes nothing and fails if the index disagrees with the documents
        store
            .rows(
                "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')",
                &[],
            )
            .unwrap_or_else(|e| panic!("{when}: full-text index: {e}"));
    }
    for &table in &TABLES[1..] {
        let orphans = store
            .rows(
                &format!(
                    "SELECT COUNT(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)"
                ),
                &[],
            )
            .unwrap();
        assert_eq!(
            orphans[0][0],
            Value::Int(0),
            "{when}: rows of {table} without a document"
        );
    }
    drop(store);
    let got = dump(db);
    for (id, tables) in &got {
        let expected = whole
            .get(id)
            .unwrap_or_else(|| panic!("{when}: {id} is stored but not in the input"));
        if tables != expected {
            for &t in TABLES {
                assert_eq!(
                    tables.get(t),
                    expected.get(t),
                    "{when}: document {id}, table {t}, differs from the uninterrupted run's"
                );
            }
        }
    }
    got.len()
}

fn assert_equal_to_whole(db: &str, whole: &Dump, when: &str) {
    let n = check_consistent(db, whole, when);
    let got = dump(db);
    let missing: Vec<&String> = whole.keys().filter(|id| !got.contains_key(*id)).collect();
    assert!(missing.is_empty(), "{when}: missing documents {missing:?}");
    assert_eq!(n, whole.len(), "{when}");
}

/// The uninterrupted run: its dump and how long it took.
fn whole_run(dir: &Path, input: &Path) -> (Dump, Duration) {
    let db = format!("sqlite:{}", dir.join("whole.db").display());
    let started = Instant::now();
    let out = ingest(input, &db, &[]);
    let took = started.elapsed();
    assert!(out.status.success(), "{}", stderr(&out));
    let (stored, present, failed) = summary(&out);
    assert_eq!((present, failed), (0, 0), "{}", stderr(&out));
    let whole = dump(&db);
    assert_eq!(whole.len() as u64, stored);
    // every document has rows in the child tables of its kind somewhere, or the comparison
    // would compare little
    for t in &TABLES[1..] {
        assert!(
            whole.values().any(|d| d.contains_key(t)),
            "no rows in {t} at all"
        );
    }
    (whole, took)
}

fn documents(db: &str) -> usize {
    let mut store = open(db);
    store.count("documents").unwrap() as usize
}

/// How many documents the store holds, read without taking any lock a writer waits for
/// (a reader of SQLite's WAL; a plain query on PostgreSQL); 0 before the tables exist.
fn stored_now(db: &str) -> usize {
    if let Some(path) = db.strip_prefix("sqlite:") {
        let Ok(conn) =
            rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        else {
            return 0;
        };
        return conn
            .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get::<_, i64>(0))
            .map_or(0, |n| n as usize);
    }
    postgres::Client::connect(db, postgres::NoTls)
        .ok()
        .and_then(|mut c| c.query_one("SELECT COUNT(*) FROM documents", &[]).ok())
        .map_or(0, |r| r.get::<_, i64>(0) as usize)
}

/// Kills ingests of `input` into `db` with SIGKILL at random points, `kills` times, rerunning
/// after each; the last run of a round goes to completion and is checked against the
/// uninterrupted run, and the next round starts on an empty store.
///
/// A kill point is a random number of the documents still missing, then a random pause of up
/// to 60 ms: points in the progress of the work (not in time, which a loaded machine
/// stretches), landing before, between and inside transactions. Returns the kill points
/// (documents stored when the kill was decided, pause in ms).
fn kill_rounds(
    rng: &mut Rng,
    input: &Path,
    fresh_db: &mut dyn FnMut() -> String,
    whole: &Dump,
    kills: usize,
    per_round: usize,
) -> Vec<(usize, u64)> {
    let total = whole.len();
    let mut points = Vec::new();
    let mut round = 0;
    while points.len() < kills {
        round += 1;
        let db = fresh_db();
        let mut in_round = 0;
        loop {
            let before = documents(&db);
            let mut child: Child = ingest_command(input, &db, &[]).spawn().unwrap();
            // the last twentieth would draw every later kill point into itself
            let last =
                in_round >= per_round || points.len() >= kills || before >= total - total / 20;
            let mut finished = None;
            let mut point = (0, 0);
            if !last {
                let target = before + (rng.unit() * (total - before) as f64) as usize;
                let pause = (rng.unit() * 60.0) as u64;
                while finished.is_none() && stored_now(&db) < target {
                    std::thread::sleep(Duration::from_millis(2));
                    finished = child.try_wait().unwrap();
                }
                std::thread::sleep(Duration::from_millis(pause));
                point = (target, pause);
                if finished.is_none() {
                    finished = child.try_wait().unwrap();
                }
            }
            if last || finished.is_some() {
                let out = child.wait_with_output().unwrap();
                assert!(out.status.success(), "round {round}: {}", stderr(&out));
                // what the run said it stored is there, and it found the rest present
                let (stored, present, failed) = summary(&out);
                assert_eq!(failed, 0, "{}", stderr(&out));
                assert_eq!(stored as usize + before, total, "{}", stderr(&out));
                assert_eq!(present as usize, before, "{}", stderr(&out));
                assert_equal_to_whole(&db, whole, &format!("round {round}, after the rerun"));
                break;
            }
            child.kill().unwrap(); // SIGKILL
            if child.wait().unwrap().success() {
                // it finished between the check and the kill: not a kill
                continue;
            }
            points.push(point);
            in_round += 1;
            let n = check_consistent(
                &db,
                whole,
                &format!("round {round}, after a kill at {point:?}"),
            );
            eprintln!(
                "round {round}: killed after {} documents + {} ms: {n:>3}/{total} stored",
                point.0, point.1
            );
        }
        // the disk is shared: a round's store is not kept
        if let Some(path) = db.strip_prefix("sqlite:") {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
        }
    }
    points
}

#[test]
fn sigkilled_sqlite_ingests_finish_on_rerun_as_if_never_killed() {
    let mut rng = Rng::from_env("sqlite kills");
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "corpus.jsonl", 0..10);
    let (whole, took) = whole_run(dir.path(), &input);
    eprintln!(
        "uninterrupted: {} documents in {} ms",
        whole.len(),
        took.as_millis()
    );
    let mut n = 0;
    let mut fresh = || {
        n += 1;
        format!(
            "sqlite:{}",
            dir.path().join(format!("killed-{n}.db")).display()
        )
    };
    let started = Instant::now();
    let points = kill_rounds(&mut rng, &input, &mut fresh, &whole, 24, 8);
    eprintln!(
        "{} kills in {n} rounds, {} s: {points:?}",
        points.len(),
        started.elapsed().as_secs()
    );
    assert!(points.len() >= 20);
}

#[test]
#[ignore = "needs a PostgreSQL server (READOUT_TEST_POSTGRES); run by scripts/test-all.sh"]
fn sigkilled_postgres_ingests_finish_on_rerun_as_if_never_killed() {
    let mut rng = Rng::from_env("postgres kills");
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "corpus.jsonl", 0..10);
    let (whole, _) = whole_run(dir.path(), &input);
    let mut databases = Vec::new();
    let mut fresh = || {
        let db = TempDatabase::new("kills");
        let url = db.url.clone();
        databases.push(db);
        url
    };
    let points = kill_rounds(&mut rng, &input, &mut fresh, &whole, 6, 6);
    eprintln!("{} kills: {points:?}", points.len());
    // an uninterrupted run on PostgreSQL stores what SQLite's stored, row for row
    let pg = fresh();
    let out = ingest(&input, &pg, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_equal_to_whole(&pg, &whole, "PostgreSQL, uninterrupted");
}

/// Ingests running at once into `db`, over overlapping parts of the corpus: each must succeed
/// and, between them, store every document exactly once.
fn concurrent_ingests(dir: &Path, db: &str, whole: &Dump) {
    // four writers, as `--shard i/4` workers over an overlapping corpus would be
    let parts = [0..6, 3..9, 0..10, 5..10];
    let inputs: Vec<(PathBuf, usize)> = parts
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                corpus(dir, &format!("part-{i}.jsonl"), r.clone()),
                r.len() * 28,
            )
        })
        .collect();
    let children: Vec<Child> = inputs
        .iter()
        .map(|(input, _)| ingest_command(input, db, &[]).spawn().unwrap())
        .collect();
    let mut stored_total = 0;
    for (child, (input, n)) in children.into_iter().zip(&inputs) {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            input.display(),
            stderr(&out)
        );
        let (stored, present, failed) = summary(&out);
        assert_eq!(failed, 0, "{}", stderr(&out));
        assert_eq!((stored + present) as usize, *n, "{}", stderr(&out));
        stored_total += stored as usize;
        eprintln!(
            "{}: {stored} stored, {present} already present",
            input.display()
        );
    }
    // each document stored by exactly one of them
    assert_eq!(stored_total, whole.len());
    assert_equal_to_whole(db, whole, "after concurrent ingests");
}

#[test]
fn concurrent_sqlite_ingests_store_every_document_once() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "corpus.jsonl", 0..10);
    let (whole, _) = whole_run(dir.path(), &input);
    let db = format!("sqlite:{}", dir.path().join("shared.db").display());
    concurrent_ingests(dir.path(), &db, &whole);
}

#[test]
#[ignore = "needs a PostgreSQL server (READOUT_TEST_POSTGRES); run by scripts/test-all.sh"]
fn concurrent_postgres_ingests_store_every_document_once() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "corpus.jsonl", 0..10);
    let (whole, _) = whole_run(dir.path(), &input);
    let pg = TempDatabase::new("concurrent");
    concurrent_ingests(dir.path(), &pg.url, &whole);
}

#[test]
fn a_writer_kept_waiting_by_another_says_so_and_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "corpus.jsonl", 0..1);
    let (whole, _) = whole_run(dir.path(), &input);
    let path = dir.path().join("locked.db");
    let db = format!("sqlite:{}", path.display());
    // the store exists, in WAL mode, before another process takes its write lock
    let out = ingest(&corpus(dir.path(), "none.jsonl", 0..0), &db, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let child = ingest_command(&input, &db, &[]).spawn().unwrap();
    std::thread::sleep(Duration::from_secs(6));
    other.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("another process is writing to the SQLite store; waiting for it"),
        "{err}"
    );
    assert_equal_to_whole(&db, &whole, "after waiting for another writer");
}

#[test]
fn a_missing_directory_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "corpus.jsonl", 0..1);
    let missing = dir.path().join("no/such/dir");
    let db = format!("sqlite:{}", missing.join("r.db").display());
    let out = ingest(&input, &db, &[]);
    // 2, as for any unusable --db: nothing was read or coded, the command line is at fault
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("cannot open the store"), "{err}");
    assert!(
        err.contains(&format!(
            "the directory {} does not exist",
            missing.display()
        )),
        "{err}"
    );
    // nothing was created on the way
    assert!(!dir.path().join("no").exists());
    for question in [&["events"][..], &["search", "minister"], &["entities"]] {
        let out = Command::new(BIN)
            .args(question)
            .args(["--db", &db])
            .env_remove("READOUT_DB")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{question:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    }
}

/// Root's tools: mount, pg_ctlcluster. An ignored test that needs them fails without them.
fn require_root(what: &str) {
    let uid = Command::new("id").arg("-u").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&uid.stdout).trim(),
        "0",
        "{what} needs root (scripts/test-all.sh runs as root in CI)"
    );
}

fn run(cmd: &str, args: &[&str]) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
}

/// A tmpfs of a given size, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn new(size: &str) -> Tmpfs {
        let dir = tempfile::tempdir().unwrap();
        run(
            "mount",
            &[
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                dir.path().to_str().unwrap(),
            ],
        );
        Tmpfs { dir }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn remount(&self, options: &str) {
        run(
            "mount",
            &[
                "-o",
                &format!("remount,{options}"),
                self.path().to_str().unwrap(),
            ],
        );
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
#[ignore = "needs root to mount a small tmpfs; run by scripts/test-all.sh"]
fn a_full_disk_is_a_clear_error_and_loses_nothing_reported_stored() {
    require_root("mounting a tmpfs");
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "corpus.jsonl", 0..10);
    let (whole, _) = whole_run(dir.path(), &input);
    // the whole store takes about 13 MB: 3 MB holds a part of it
    let disk = Tmpfs::new("3m");
    let path = disk.path().join("full.db");
    let db = format!("sqlite:{}", path.display());
    let out = ingest(&input, &db, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("cannot store documents in {db}")),
        "{err}"
    );
    assert!(err.contains("disk is full"), "{err}");
    assert!(err.contains("run the same command again"), "{err}");
    let reported: usize = err
        .split("stored before the failure: ")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of stored documents: {err}"));
    assert!(reported > 0, "{err}");
    // still full: reading works, and what was reported stored is there, whole
    let n = check_consistent(&db, &whole, "on the full disk");
    assert_eq!(n, reported, "{err}");
    // a rerun on the still-full disk fails the same way and breaks nothing
    let out = ingest(&input, &db, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        check_consistent(&db, &whole, "after a rerun on the full disk"),
        n
    );

    disk.remount("size=64m");
    let out = ingest(&input, &db, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (stored, present, _) = summary(&out);
    assert_eq!(present as usize, n, "{}", stderr(&out));
    assert_eq!(stored as usize + n, whole.len());
    assert_equal_to_whole(&db, &whole, "after making room");
}

#[test]
#[ignore = "needs root to mount a read-only file system; run by scripts/test-all.sh"]
fn a_read_only_store_is_a_clear_error() {
    require_root("mounting a tmpfs");
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "corpus.jsonl", 0..2);
    let (whole, _) = whole_run(dir.path(), &input);
    let disk = Tmpfs::new("64m");
    let path = disk.path().join("r.db");
    let db = format!("sqlite:{}", path.display());
    let first = corpus(dir.path(), "first.jsonl", 0..1);
    let out = ingest(&first, &db, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    disk.remount("ro");
    for target in [
        db.clone(),
        format!("sqlite:{}", disk.path().join("new.db").display()),
    ] {
        let out = ingest(&input, &target, &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains(&format!("cannot open the store {target}")),
            "{err}"
        );
        assert!(err.contains("read-only file system"), "{err}");
    }
    disk.remount("rw");
    assert_eq!(
        check_consistent(&db, &whole, "after the read-only mount"),
        28
    );
    let out = ingest(&input, &db, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_equal_to_whole(&db, &whole, "after the read-only mount and a rerun");
}

/// A PostgreSQL cluster of the test's own (Debian's pg_createcluster), so that stopping it
/// disturbs no other test; dropped with its data afterwards.
struct Cluster {
    version: String,
    name: String,
    url: String,
}

impl Cluster {
    fn new() -> Cluster {
        require_root("a PostgreSQL cluster of its own (pg_createcluster, pg_ctlcluster)");
        let version = std::env::var("READOUT_TEST_PG_VERSION").unwrap_or_else(|_| {
            let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
                .expect(
                    "PostgreSQL is not installed (/usr/lib/postgresql): run scripts/postgres.sh",
                )
                .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect();
            versions.sort();
            versions
                .last()
                .expect("no PostgreSQL version under /usr/lib/postgresql")
                .to_string()
        });
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
            .to_string();
        let name = format!("reliability{}", std::process::id());
        run(
            "pg_createcluster",
            &[
                "-p",
                &port,
                &version,
                &name,
                "--",
                "--auth-host=trust",
                "--auth-local=trust",
            ],
        );
        let cluster = Cluster {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            version,
            name,
        };
        cluster.start();
        cluster
    }
    fn start(&self) {
        run("pg_ctlcluster", &[&self.version, &self.name, "start"]);
    }
    /// A fast shutdown, as a service manager's: sessions are ended, not waited for.
    fn stop(&self) {
        run(
            "pg_ctlcluster",
            &[&self.version, &self.name, "stop", "-m", "fast"],
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("pg_dropcluster")
            .args(["--stop", &self.version, &self.name])
            .status();
    }
}

/// Waits until the ingest into `url` has stored something (so that what follows happens in
/// the middle of it), at most a minute.
fn wait_for_documents(url: &str, child: &mut Child) {
    let started = Instant::now();
    loop {
        let stored = postgres::Client::connect(url, postgres::NoTls)
            .ok()
            .and_then(|mut c| c.query_one("SELECT COUNT(*) FROM documents", &[]).ok())
            .map_or(0, |r| r.get::<_, i64>(0));
        if stored > 0 {
            return;
        }
        if child.try_wait().unwrap().is_some() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            panic!("the ingest ended before storing anything: {err}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "nothing stored in a minute"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
#[ignore = "needs root and PostgreSQL's cluster tools (pg_createcluster); run by scripts/test-all.sh"]
fn a_postgres_restart_in_the_middle_of_an_ingest_costs_a_retry_not_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), "corpus.jsonl", 0..10);
    let (whole, _) = whole_run(dir.path(), &input);
    let cluster = Cluster::new();

    // stopped for a moment and started again: the ingest waits, reconnects and goes on
    let mut child = ingest_command(&input, &cluster.url, &[]).spawn().unwrap();
    wait_for_documents(&cluster.url, &mut child);
    cluster.stop();
    std::thread::sleep(Duration::from_secs(2));
    cluster.start();
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    eprintln!("the ingest across the restart said:\n{err}");
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("lost the connection to the store {}", cluster.url)),
        "the restart went unnoticed: {err}"
    );
    let (stored, present, failed) = summary(&out);
    // a batch whose commit was cut short counts as present when written again
    assert_eq!(failed, 0, "{err}");
    assert_eq!((stored + present) as usize, whole.len(), "{err}");
    assert_equal_to_whole(&cluster.url, &whole, "after a restart");

    // stopped for longer than the ingest waits: a clear error, and a rerun finishes
    let pg = {
        let mut c = postgres::Client::connect(&cluster.url, postgres::NoTls).unwrap();
        c.batch_execute("CREATE DATABASE outage").unwrap();
        let (server, _) = cluster.url.rsplit_once('/').unwrap();
        format!("{server}/outage")
    };
    let mut child = ingest_command(&input, &pg, &["--retry-for", "3"])
        .spawn()
        .unwrap();
    wait_for_documents(&pg, &mut child);
    cluster.stop();
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    eprintln!("the ingest across the outage said:\n{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("cannot store documents in {pg}")),
        "{err}"
    );
    assert!(err.contains("run the same command again"), "{err}");
    cluster.start();
    let out = ingest(&input, &pg, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_equal_to_whole(&pg, &whole, "after an outage and a rerun");
}
