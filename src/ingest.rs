//! `readout ingest`: read articles, code them on every core, and keep them in a store — one
//! writer, one transaction per batch, so a killed run loses at most the batch in flight and a
//! rerun finishes the job without duplicates.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use readout_core::{DocumentOut, Pipeline};
use readout_store::{NewDocument, Prepared, PutOutcome, Store};

use crate::code::{load_pipeline, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::input::{Failure, Item, Origin, ReadOptions, Source};
use crate::ordered::{self, Emitter, Sink};
use crate::shard::{document_id as article_id, Shard};

/// The embedded store, when `--db` is not given.
pub const DEFAULT_DB: &str = "sqlite:readout.db";

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Articles: files, directories or `-` for standard input (the same forms `code` reads).
    #[arg(value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// The store: `sqlite:PATH` (embedded, the default: sqlite:readout.db) or
    /// `postgres://USER:PASSWORD@HOST/DB`.
    #[arg(long, value_name = "URL", default_value = DEFAULT_DB, env = "READOUT_DB")]
    pub db: String,
    /// Coding threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
    /// Store only the K-th of N disjoint parts of the input, chosen by document id, so that N
    /// processes (on one machine or several) can share one corpus and one store; see
    /// docs/scale.md. Example: `--shard 2/4`.
    #[arg(long, value_name = "K/N", value_parser = crate::shard::parse)]
    pub shard: Option<Shard>,
    /// Publication date for articles that carry none (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = crate::cli::parse_published)]
    pub published: Option<jiff::civil::Date>,
    /// Extra lexicon files (TOML), as for `code`; their contents are part of the lexicon
    /// fingerprint each document records.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,
    /// Largest article accepted, in bytes (suffixes K/KiB, M/MiB, G/GiB, KB/MB/GB), as for
    /// `code`.
    #[arg(long, value_name = "BYTES", value_parser = crate::cli::parse_size, default_value = "64MiB")]
    pub max_article_bytes: u64,
    /// Replace invalid UTF-8 instead of refusing the article.
    #[arg(long)]
    pub lossy: bool,
    /// Documents per transaction.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub batch: usize,
    /// How standard input (`-`) is read, as for `code`: `jsonl` for a stream of articles
    /// whatever its first line (a pipe from a crawler or another job), `auto` to sniff it.
    #[arg(long, value_enum, default_value_t = crate::cli::StdinFormat::Auto, value_name = "FORMAT")]
    pub stdin_format: crate::cli::StdinFormat,
    /// Write every failure as a JSON line to this file.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// How long to keep trying when the connection to a PostgreSQL store is lost (a server
    /// restart, a network cut), in seconds: the batch in flight is written again on a new
    /// connection; after this long without success the ingest stops (exit status 1).
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub retry_for: u64,
    /// No progress bar and no summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub const INGEST_AFTER_HELP: &str = "\
Examples:
  readout ingest tests/fixtures/wikinews/articles.jsonl          # into ./readout.db
  readout ingest corpus/ --db sqlite:news.db --jobs 2
  readout ingest corpus/ --db postgres://readout:secret@localhost/readout

Ingesting the same articles again adds nothing (an id already stored with the same text is
skipped; with another text it is reported and left alone). After a crash or kill, run the same
command again to finish. Several ingests may write to one store at once: each document is
stored once, by whichever comes first. A lost PostgreSQL connection (a server restart) costs a
retry of the batch, for up to --retry-for seconds. Exit status: 0 when every article was stored or already present, 1
when any failed, 2 for a usage error (bad option, unreadable lexicon, unusable database).";

/// The fingerprint of what codes: this Readout and the user's lexicon files.
pub fn lexicon_hash(files: &[PathBuf]) -> Result<String, String> {
    let mut all = format!("readout {}\n", env!("CARGO_PKG_VERSION"));
    for f in files {
        let src = std::fs::read_to_string(f)
            .map_err(|e| format!("cannot read lexicon {}: {e}", f.display()))?;
        all.push_str(&src);
        all.push('\n');
    }
    Ok(readout_store::text_hash(&all))
}

/// How many articles the inputs hold, when that is cheap to know before coding: plain JSONL
/// files (their non-blank lines; reading them is fast next to coding them), and text or HTML
/// files (one each). Standard input, directories, compressed files and WARC leave it unknown.
fn count_articles(inputs: &[PathBuf]) -> Option<u64> {
    let mut total = 0u64;
    for path in inputs {
        let name = path.to_string_lossy().to_lowercase();
        if path.as_os_str() == "-" || path.is_dir() {
            return None;
        }
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            let file = std::fs::File::open(path).ok()?;
            let reader = io::BufReader::new(file);
            total += io::BufRead::split(reader, b'\n')
                .filter_map(Result::ok)
                .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
                .count() as u64;
        } else if [".gz", ".zst", ".warc"].iter().any(|e| name.ends_with(e)) {
            return None;
        } else {
            total += 1;
        }
    }
    Some(total)
}

/// A document's id: the one it was given, else its URL, else a hash of its text.
pub fn document_id(doc: &DocumentOut) -> String {
    article_id(doc.id.as_deref(), doc.url.as_deref(), &doc.text)
}

enum Coded {
    /// coded, and prepared as rows on the worker
    Doc(Origin, Box<Prepared>),
    /// stored before, with the same text: not coded again
    Present,
    Failed(Origin, Failure),
}

struct IngestSink {
    store: Store,
    batch: Vec<(Origin, Prepared)>,
    batch_size: usize,
    stored: u64,
    present: u64,
    failed: u64,
    conflicts: u64,
    errors: Option<io::BufWriter<std::fs::File>>,
    bar: ProgressBar,
    /// the store's URL without its password, for messages
    db: String,
    retry_for: Duration,
}

impl IngestSink {
    fn fail(&mut self, origin: &Origin, id: Option<&str>, message: &str) {
        self.failed += 1;
        let at = match origin.line {
            Some(l) => format!("{}:{l}", origin.file),
            None => origin.file.to_string(),
        };
        self.bar.suspend(|| {
            let _ = writeln!(io::stderr(), "readout: {at}: {message}");
        });
        if let Some(w) = &mut self.errors {
            let record = serde_json::json!({
                "file": &*origin.file, "line": origin.line, "id": id, "error": message,
            });
            let _ = writeln!(w, "{record}");
        }
    }

    fn write_batch(&mut self) -> io::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        let (origins, prepared): (Vec<Origin>, Vec<Prepared>) = batch.into_iter().unzip();
        let outcomes = self.put_retrying(&prepared)?;
        for ((origin, p), outcome) in origins.iter().zip(&prepared).zip(outcomes) {
            match outcome {
                PutOutcome::Stored => self.stored += 1,
                PutOutcome::AlreadyPresent => self.present += 1,
                PutOutcome::Conflict(why) => {
                    self.conflicts += 1;
                    self.fail(origin, Some(&p.id), &why);
                }
            }
        }
        Ok(())
    }
}

impl IngestSink {
    /// Writes a batch, again and again while the error is one a new connection or a new
    /// transaction can cure (a PostgreSQL restart, a deadlock with another writer), for up to
    /// `retry_for`: a long ingest should not be lost to a server restart. Retrying is safe
    /// because a batch is one transaction: either it committed (and the retry finds its
    /// documents present) or nothing of it is stored.
    fn put_retrying(&mut self, prepared: &[Prepared]) -> io::Result<Vec<PutOutcome>> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(100);
        let mut attempts = 1u32;
        loop {
            let e = match self.store.put_prepared(prepared) {
                Ok(outcomes) => return Ok(outcomes),
                Err(e) => e,
            };
            if !e.is_retryable() || started.elapsed() >= self.retry_for {
                return Err(self.gave_up(&e, attempts, started));
            }
            let what = if e.is_connection_lost() {
                "lost the connection to"
            } else {
                "a conflict with another writer in"
            };
            let (db, left) = (&self.db, self.retry_for.saturating_sub(started.elapsed()));
            self.bar.suspend(|| {
                let _ = writeln!(
                    io::stderr(),
                    "readout: {what} the store {db} ({e}); writing the batch again (giving up \
                     in {} s)",
                    left.as_secs()
                );
            });
            attempts += 1;
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_secs(2));
            if !e.is_connection_lost() {
                continue;
            }
            // a server shutting down or starting up refuses connections for a while
            loop {
                match self.store.reconnect() {
                    Ok(()) => break,
                    Err(e) if e.is_retryable() && started.elapsed() < self.retry_for => {
                        std::thread::sleep(pause);
                        pause = (pause * 2).min(Duration::from_secs(2));
                    }
                    Err(e) => return Err(self.gave_up(&e, attempts, started)),
                }
            }
        }
    }

    fn gave_up(&self, e: &readout_store::StoreError, attempts: u32, started: Instant) -> io::Error {
        let after = if attempts > 1 {
            format!(
                " (tried {attempts} times in {:.0} s)",
                started.elapsed().as_secs_f64()
            )
        } else {
            String::new()
        };
        let why = if e.is_locked() {
            format!(
                " (another process kept the store locked for over {} s)",
                readout_store::LOCK_WAIT.as_secs()
            )
        } else {
            String::new()
        };
        io::Error::other(format!(
            "cannot store documents in {}: {e}{why}{after}",
            self.db
        ))
    }
}

impl Sink<Coded> for IngestSink {
    fn item(&mut self, r: Coded) -> io::Result<()> {
        self.bar.inc(1);
        match r {
            Coded::Doc(origin, d) => {
                self.batch.push((origin, *d));
                if self.batch.len() >= self.batch_size {
                    self.write_batch()?;
                }
            }
            Coded::Present => self.present += 1,
            Coded::Failed(origin, failure) => {
                self.conflicts += u64::from(failure.message.contains("already stored"));
                self.fail(&origin, failure.id.as_deref(), &failure.message);
            }
        }
        Ok(())
    }

    fn idle(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn error(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "readout: {message}");
}

pub fn run(args: IngestArgs) -> u8 {
    let inputs = if args.inputs.is_empty() {
        vec!["-".into()]
    } else {
        args.inputs.clone()
    };
    let lexicon_hash = match lexicon_hash(&args.lexicon) {
        Ok(h) => h,
        Err(message) => {
            error(message);
            return EXIT_USAGE;
        }
    };
    let pipeline: Arc<Pipeline> = match load_pipeline(&args.lexicon) {
        Ok(p) => Arc::new(p),
        Err(message) => {
            error(message);
            return EXIT_USAGE;
        }
    };
    let mut store = match Store::open(&args.db) {
        Ok(s) => s,
        Err(e) => {
            error(format_args!(
                "cannot open the store {}: {e}",
                readout_store::redacted(&args.db)
            ));
            return EXIT_USAGE;
        }
    };
    // what is stored already (a rerun after a crash, a feed sent twice) is not coded again
    let stored: Arc<HashMap<String, String>> = match store.stored_ids() {
        Ok(ids) => Arc::new(ids),
        Err(e) => {
            error(format_args!(
                "cannot read the store {}: {e}",
                readout_store::redacted(&args.db)
            ));
            return EXIT_USAGE;
        }
    };
    let errors = match &args.errors {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Some(io::BufWriter::new(f)),
            Err(e) => {
                error(format_args!("cannot create {}: {e}", path.display()));
                return EXIT_USAGE;
            }
        },
        None => None,
    };
    let inputs_for_count = inputs.clone();
    let sources: Vec<Source> = inputs
        .into_iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                Source::stdin_as(args.stdin_format, args.max_article_bytes)
            } else {
                Source::for_path(p)
            }
        })
        .collect();
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |n| n.get(),
    );
    let opts = ReadOptions {
        max_bytes: args.max_article_bytes,
        lossy: args.lossy,
        published: args.published,
    };
    let shard = args.shard;
    let bar = if args.quiet || !io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        // with a known total: a bar with the ETA; from a stream: a counter with the rate
        // a shard takes an unknown share of what the inputs hold
        let total = count_articles(&inputs_for_count).filter(|_| shard.is_none());
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
        let template = if total.is_some() {
            "{bar:30} {pos}/{len} articles  {rate}  ETA {eta}"
        } else {
            "{spinner} {pos} articles  {rate}  {elapsed_precise}"
        };
        bar.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_spinner())
                .with_key(
                    "rate",
                    |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0} articles/s", state.per_sec());
                    },
                ),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    };
    let started = Instant::now();
    let mut sink = IngestSink {
        store,
        batch: Vec::new(),
        batch_size: args.batch.max(1),
        stored: 0,
        present: 0,
        failed: 0,
        conflicts: 0,
        errors,
        bar: bar.clone(),
        db: readout_store::redacted(&args.db),
        retry_for: Duration::from_secs(args.retry_for),
    };
    let result = ordered::run(
        jobs,
        ordered::Window::for_jobs(jobs),
        move |emitter: &mut Emitter<Item>| crate::shard::read_all(sources, &opts, shard, emitter),
        move |item: Item| code_one(&pipeline, &lexicon_hash, &stored, item),
        &mut sink,
    );
    let flushed = result
        .map_err(|e| match e {
            ordered::Error::Sink(e) => e.to_string(),
            ordered::Error::Panicked(what) => {
                format!("internal error: {what} (please report this bug)")
            }
        })
        .and_then(|()| sink.write_batch().map_err(|e| e.to_string()));
    bar.finish_and_clear();
    if let Some(w) = &mut sink.errors {
        let _ = w.flush();
    }
    let secs = started.elapsed().as_secs_f64();
    if let Err(message) = flushed {
        error(format_args!(
            "{message}; stored before the failure: {} (run the same command again to finish)",
            sink.stored
        ));
        return EXIT_FAILED;
    }
    if !args.quiet {
        let total = sink.stored + sink.present + sink.failed;
        let _ = writeln!(
            io::stderr(),
            "readout: {total} articles{} in {secs:.1} s ({:.0}/s): {} stored, {} already present, {} failed{} — {}",
            shard.map(|s| format!(" of shard {s}")).unwrap_or_default(),
            total as f64 / secs.max(1e-9),
            sink.stored,
            sink.present,
            sink.failed,
            if sink.conflicts > 0 {
                format!(" ({} id conflicts)", sink.conflicts)
            } else {
                String::new()
            },
            readout_store::redacted(&args.db)
        );
    }
    if sink.failed > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}

/// Runs on a worker: codes one article and turns it into rows. A panic in the pipeline is a
/// failure of this article only.
fn code_one(
    pipeline: &Pipeline,
    lexicon_hash: &str,
    stored: &HashMap<String, String>,
    item: Item,
) -> Coded {
    let article = match item.article {
        Ok(a) => a,
        Err(failure) => return Coded::Failed(item.origin, failure),
    };
    // the id the document will have, known before coding
    let id = article_id(article.id.as_deref(), article.url.as_deref(), &article.text);
    if let Some(hash) = stored.get(&id) {
        if *hash == readout_store::text_hash(&article.text) {
            return Coded::Present;
        }
        return Coded::Failed(
            item.origin,
            Failure {
                message: format!("id '{id}' is already stored with a different text; not stored"),
                id: Some(id),
            },
        );
    }
    let coded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.code(&article)));
    let doc = match coded {
        Ok(doc) => doc,
        Err(_) => {
            return Coded::Failed(
                item.origin,
                Failure {
                    id: article.id,
                    message: "internal error while coding (please report this bug)".into(),
                },
            )
        }
    };
    let id = document_id(&doc);
    let prepared = Prepared::new(&NewDocument {
        doc: &doc,
        id: &id,
        readout_version: env!("CARGO_PKG_VERSION"),
        lexicon_hash,
    });
    match prepared {
        Ok(p) => Coded::Doc(item.origin, Box::new(p)),
        Err(e) => Coded::Failed(
            item.origin,
            Failure {
                id: Some(id),
                message: format!("cannot prepare the document for the store: {e}"),
            },
        ),
    }
}

#[derive(Debug, Args)]
pub struct RecodeArgs {
    /// The store: `sqlite:PATH` (default sqlite:readout.db) or `postgres://...`.
    #[arg(long, value_name = "URL", default_value = DEFAULT_DB, env = "READOUT_DB")]
    pub db: String,
    /// The lexicon files to code with now (as for `code`).
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,
    /// Re-code every document, stale or not.
    #[arg(long)]
    pub all: bool,
    /// Documents per transaction.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub batch: usize,
}

/// Re-code stale documents from their stored text and metadata, replacing each whole.
pub fn recode(args: RecodeArgs) -> u8 {
    let lexicon_hash = match lexicon_hash(&args.lexicon) {
        Ok(h) => h,
        Err(message) => {
            error(message);
            return EXIT_USAGE;
        }
    };
    let pipeline = match load_pipeline(&args.lexicon) {
        Ok(p) => p,
        Err(message) => {
            error(message);
            return EXIT_USAGE;
        }
    };
    let mut store = match Store::open(&args.db) {
        Ok(s) => s,
        Err(e) => {
            error(format_args!(
                "cannot open the store {}: {e}",
                readout_store::redacted(&args.db)
            ));
            return EXIT_USAGE;
        }
    };
    let version = env!("CARGO_PKG_VERSION");
    let ids = if args.all {
        store.stale("", "")
    } else {
        store.stale(version, &lexicon_hash)
    };
    let ids = match ids {
        Ok(ids) => ids,
        Err(e) => {
            error(e);
            return EXIT_FAILED;
        }
    };
    let mut done = 0usize;
    for chunk in ids.chunks(args.batch.max(1)) {
        let mut coded = Vec::with_capacity(chunk.len());
        for id in chunk {
            match store.document(id) {
                Ok(Some(old)) => {
                    let article = readout_core::Article {
                        id: Some(id.clone()),
                        title: old.title.clone(),
                        source: old.source.clone(),
                        url: old.url.clone(),
                        published: old.published.as_deref().and_then(|d| d.parse().ok()),
                        text: old.text.clone(),
                    };
                    coded.push(pipeline.code(&article));
                }
                Ok(None) => {}
                Err(e) => {
                    error(format_args!("cannot read stored document {id}: {e}"));
                    return EXIT_FAILED;
                }
            }
        }
        let docs: Vec<NewDocument<'_>> = coded
            .iter()
            .zip(chunk)
            .map(|(d, id)| NewDocument {
                doc: d,
                id,
                readout_version: version,
                lexicon_hash: &lexicon_hash,
            })
            .collect();
        if let Err(e) = store.replace(&docs) {
            error(format_args!(
                "cannot store re-coded documents: {e}; {done} re-coded before (run again to finish)"
            ));
            return EXIT_FAILED;
        }
        done += docs.len();
    }
    let _ = writeln!(
        io::stderr(),
        "readout: {done} documents re-coded — {}",
        args.db
    );
    EXIT_OK
}
