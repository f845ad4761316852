//! `readout eval`: score Readout's output (or a predictions file in the `readout/1` shape)
//! against the MEANTIME, GUM, speaker and PLOVER GSR gold with the `readout-eval` crate, or
//! export the gold documents as input JSONL.

use std::io::{self, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use readout_core::{Article, Pipeline};
use readout_eval::GoldDoc;
use serde_json::{json, Value};

use crate::cli::{
    parse_published, EvalArgs, EvalCommand, EvalFormat, ExportArgs, HtmlEvalArgs, ScoreArgs,
};

/// Exit status: the scores (or the export) were written.
pub const EXIT_OK: u8 = 0;
/// Exit status: anything went wrong (gold, predictions, lexicon, output).
pub const EXIT_FAILED: u8 = 1;

/// Where the gold is looked for when `--gold` is not given (relative to the working
/// directory: the shared folder beside the repository).
const DEFAULT_GOLD: &str = "../shared/eval";

/// Which tables a subcommand prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tables {
    entities: bool,
    timexes: bool,
    quotes: bool,
    events: bool,
}

impl Tables {
    const NONE: Tables = Tables {
        entities: false,
        timexes: false,
        quotes: false,
        events: false,
    };
    const ENTITIES: Tables = Tables {
        entities: true,
        ..Tables::NONE
    };
    const TIMEXES: Tables = Tables {
        timexes: true,
        ..Tables::NONE
    };
    const QUOTES: Tables = Tables {
        quotes: true,
        ..Tables::NONE
    };
    const EVENTS: Tables = Tables {
        events: true,
        ..Tables::NONE
    };
    const ALL: Tables = Tables {
        entities: true,
        timexes: true,
        quotes: true,
        events: true,
    };
}

pub fn run(args: EvalArgs) -> u8 {
    let result = match args.command {
        EvalCommand::Entities(a) => score(a, Tables::ENTITIES),
        EvalCommand::Timex(a) => score(a, Tables::TIMEXES),
        EvalCommand::Quotes(a) => score(a, Tables::QUOTES),
        EvalCommand::Events(a) => score(a, Tables::EVENTS),
        EvalCommand::All(a) => score(a, Tables::ALL),
        EvalCommand::Html(a) => html(a),
        EvalCommand::Export(a) => export(a),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(message) => {
            let _ = writeln!(io::stderr(), "readout eval: {message}");
            EXIT_FAILED
        }
    }
}

/// `--gold`, or the default when it exists.
fn gold_dir(gold: Option<PathBuf>) -> Result<PathBuf, String> {
    match gold {
        Some(dir) if dir.exists() => Ok(dir),
        Some(dir) => Err(format!(
            "gold directory {} does not exist (--gold names the folder holding the MEANTIME \
             and GUM XML, *.gold.json speaker gold or plover-gsr*.json, e.g. ../shared/eval)",
            dir.display()
        )),
        None if Path::new(DEFAULT_GOLD).exists() => Ok(PathBuf::from(DEFAULT_GOLD)),
        None => Err(format!(
            "no --gold given and the default {DEFAULT_GOLD} does not exist here; pass \
             --gold DIR, the folder holding the MEANTIME and GUM XML, *.gold.json speaker \
             gold or plover-gsr*.json"
        )),
    }
}

fn load_gold(dir: &Path) -> Result<Vec<GoldDoc>, String> {
    readout_eval::load_gold(dir).map_err(|e| format!("cannot load the gold: {e}"))
}

fn score(args: ScoreArgs, tables: Tables) -> Result<(), String> {
    let dir = gold_dir(args.gold)?;
    let gold = load_gold(&dir)?;

    let (predictions, source) = match &args.predictions {
        Some(file) => {
            let predictions = read_predictions(file)?;
            let source =
                json!({"file": file.display().to_string(), "documents": predictions.len()});
            (predictions, source)
        }
        None => {
            let started = Instant::now();
            let pipeline = crate::code::load_pipeline(&args.lexicon)?;
            let jobs = args.jobs.map_or_else(
                || std::thread::available_parallelism().map_or(1, |n| n.get()),
                |n| n.get(),
            );
            let predictions = code_gold(&pipeline, &gold, jobs)?;
            let _ = writeln!(
                io::stderr(),
                "readout eval: coded {} gold document{} in {:.2} s",
                gold.len(),
                if gold.len() == 1 { "" } else { "s" },
                started.elapsed().as_secs_f64()
            );
            let lexicons: Vec<String> = args
                .lexicon
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            let source = json!({
                "system": format!("readout {}", env!("CARGO_PKG_VERSION")),
                "lexicons": lexicons,
            });
            (predictions, source)
        }
    };

    let entities = tables
        .entities
        .then(|| readout_eval::score_entities(&gold, &predictions));
    let timexes = tables
        .timexes
        .then(|| readout_eval::score_timexes(&gold, &predictions));
    let quotes = tables
        .quotes
        .then(|| readout_eval::score_quotes(&gold, &predictions));
    let events = tables
        .events
        .then(|| readout_eval::score_events(&gold, &predictions));

    if !gold.is_empty() && matched(&gold, &predictions) == 0 {
        let _ = writeln!(
            io::stderr(),
            "readout eval: warning: no prediction matches a gold document (same id and text); \
             were the predictions made from `readout eval export`?"
        );
    }

    let mut out = String::new();
    match args.format {
        EvalFormat::Markdown => {
            out.push_str(&header(&dir, &gold, &source));
            for table in [
                entities.as_ref().map(ToString::to_string),
                timexes.as_ref().map(ToString::to_string),
                quotes.as_ref().map(ToString::to_string),
                events.as_ref().map(ToString::to_string),
            ]
            .into_iter()
            .flatten()
            {
                out.push_str("\n\n");
                out.push_str(table.trim_end());
            }
            out.push('\n');
        }
        EvalFormat::Json => {
            let mut value = json!({
                "gold": {"path": dir.display().to_string(), "documents": gold.len(),
                         "corpora": corpus_counts(&gold)},
                "predictions": source,
            });
            if let Some(r) = &entities {
                value["entities"] = to_value(r)?;
            }
            if let Some(r) = &timexes {
                value["timexes"] = to_value(r)?;
            }
            if let Some(r) = &quotes {
                value["quotes"] = to_value(r)?;
            }
            if let Some(r) = &events {
                value["events"] = to_value(r)?;
            }
            out = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
            out.push('\n');
        }
    }
    write_stdout(out.as_bytes())
}

fn to_value(report: &impl serde::Serialize) -> Result<Value, String> {
    serde_json::to_value(report).map_err(|e| format!("cannot serialize the scores: {e}"))
}

/// `[("meantime", 60), ("gum", 24)]` as a JSON object, corpora in order of appearance.
fn corpus_counts(gold: &[GoldDoc]) -> Value {
    let mut counts = serde_json::Map::new();
    for doc in gold {
        let n = counts.get(&doc.corpus).and_then(Value::as_u64).unwrap_or(0);
        counts.insert(doc.corpus.clone(), json!(n + 1));
    }
    Value::Object(counts)
}

/// The line above the Markdown tables: what was scored against what.
fn header(dir: &Path, gold: &[GoldDoc], source: &Value) -> String {
    let corpora = corpus_counts(gold)
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{v} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let predictions = match source.get("file").and_then(Value::as_str) {
        Some(file) => format!(
            "{file} ({} documents)",
            source["documents"].as_u64().unwrap_or(0)
        ),
        None => {
            let system = source["system"].as_str().unwrap_or("readout");
            let lexicons: Vec<&str> = source["lexicons"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if lexicons.is_empty() {
                format!("{system}, built-in lexicon")
            } else {
                format!("{system}, built-in lexicon + {}", lexicons.join(", "))
            }
        }
    };
    format!(
        "Predictions: {predictions}. Gold: {} ({} documents: {corpora}).",
        dir.display(),
        gold.len()
    )
}

/// The article `readout code` would read from the gold document's exported JSONL line.
fn article_of(doc: &GoldDoc) -> Result<Article, String> {
    let line = readout_eval::article_json(doc);
    let field = |key: &str| line.get(key).and_then(Value::as_str).map(str::to_string);
    let published = match field("published") {
        Some(p) => Some(
            parse_published(&p)
                .map_err(|e| format!("gold document {}: bad publication date: {e}", doc.id))?,
        ),
        None => None,
    };
    Ok(Article {
        id: field("id"),
        title: field("title"),
        published,
        text: field("text").unwrap_or_default(),
        ..Article::default()
    })
}

/// Codes every gold document with `pipeline` on `jobs` threads; the documents come back as
/// `readout/1` JSON, in gold order.
fn code_gold(pipeline: &Pipeline, gold: &[GoldDoc], jobs: usize) -> Result<Vec<Value>, String> {
    let articles = gold.iter().map(article_of).collect::<Result<Vec<_>, _>>()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| format!("cannot start {jobs} threads: {e}"))?;
    pool.install(|| {
        articles
            .par_iter()
            .map(|article| {
                let id = article.id.as_deref().unwrap_or("?");
                let doc =
                    catch_unwind(AssertUnwindSafe(|| pipeline.code(article))).map_err(|panic| {
                        let what = panic
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| panic.downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "unknown panic".to_string());
                        format!(
                            "internal error while coding gold document {id}: {what} (please \
                             report this bug)"
                        )
                    })?;
                serde_json::to_value(&doc)
                    .map_err(|e| format!("cannot serialize gold document {id}: {e}"))
            })
            .collect()
    })
}

/// Reads `readout/1` documents: JSONL (blank lines skipped) or one JSON array; `-` is
/// standard input. Every document must be a JSON object with an `id`; errors name the file
/// and line.
fn read_predictions(path: &Path) -> Result<Vec<Value>, String> {
    let name = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let mut raw = Vec::new();
    let read = if path.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut raw)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut raw))
    };
    read.map_err(|e| format!("cannot read predictions {name}: {e}"))?;

    let first = raw.iter().position(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|i| raw[i] == b'[') {
        let docs: Vec<Value> = serde_json::from_slice(&raw).map_err(|e| {
            format!(
                "{name}:{}: not a JSON array of readout/1 documents: {e}",
                e.line()
            )
        })?;
        // Line numbers of array elements are not kept; number them instead.
        for (i, doc) in docs.iter().enumerate() {
            check_document(doc).map_err(|m| format!("{name}: array element {}: {m}", i + 1))?;
        }
        return Ok(docs);
    }

    let mut docs = Vec::new();
    for (i, line) in raw.split(|&b| b == b'\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text =
            std::str::from_utf8(line).map_err(|e| format!("{name}:{n}: not valid UTF-8: {e}"))?;
        let doc: Value = serde_json::from_str(text).map_err(|e| {
            // The position is within this one line: report it as file:line:column.
            let mut why = e.to_string();
            if let Some(at) = why.rfind(" at line ") {
                why.truncate(at);
            }
            format!(
                "{name}:{n}:{}: not a JSON readout/1 document: {why}",
                e.column()
            )
        })?;
        check_document(&doc).map_err(|m| format!("{name}:{n}: {m}"))?;
        docs.push(doc);
    }
    if docs.is_empty() {
        return Err(format!("{name}: no predictions (the file is empty)"));
    }
    Ok(docs)
}

/// Gold documents with a prediction of the same id and text.
fn matched(gold: &[GoldDoc], predictions: &[Value]) -> usize {
    let texts: std::collections::HashMap<&str, Option<&str>> = predictions
        .iter()
        .filter_map(|p| {
            Some((
                p.get("id")?.as_str()?,
                p.get("text").and_then(Value::as_str),
            ))
        })
        .collect();
    gold.iter()
        .filter(|d| match texts.get(d.id.as_str()) {
            Some(Some(text)) => *text == d.text,
            Some(None) => true,
            None => false,
        })
        .count()
}

/// Why a parsed predictions line is not a document that can be scored.
fn check_document(doc: &Value) -> Result<(), String> {
    let Some(obj) = doc.as_object() else {
        return Err("not a readout/1 document (expected a JSON object)".to_string());
    };
    if let (Some(error), None) = (obj.get("error"), obj.get("text")) {
        let error = error
            .as_str()
            .map_or_else(|| error.to_string(), str::to_string);
        return Err(format!(
            "an error record, not a document (the article failed: {error})"
        ));
    }
    match obj.get("id") {
        Some(Value::String(_)) => Ok(()),
        _ => Err(
            "the document has no string \"id\" (predictions are matched to the gold by id)"
                .to_string(),
        ),
    }
}

/// Where the page gold is looked for when `--gold` is not given.
const DEFAULT_HTML_GOLD: &str = "../shared/html/readability";

/// `readout eval html`: reads every gold page as `readout extract` does and scores the text,
/// title and date.
fn html(args: HtmlEvalArgs) -> Result<(), String> {
    let dir = match args.gold {
        Some(dir) if dir.exists() => dir,
        Some(dir) => {
            return Err(format!(
                "gold directory {} does not exist (--gold names a folder with an index.jsonl \
                 of pages, e.g. ../shared/html/readability)",
                dir.display()
            ))
        }
        None if Path::new(DEFAULT_HTML_GOLD).exists() => PathBuf::from(DEFAULT_HTML_GOLD),
        None => {
            return Err(format!(
                "no --gold given and the default {DEFAULT_HTML_GOLD} does not exist here; pass \
                 --gold DIR, a folder with an index.jsonl of pages"
            ))
        }
    };
    let gold = readout_eval::load_html_gold(&dir)
        .map_err(|e| format!("cannot load the page gold: {e}"))?;
    let started = Instant::now();
    let mut extracted = vec![];
    let mut errors = std::collections::HashMap::new();
    for page in &gold {
        let read = std::fs::read(&page.source)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|bytes| readout_html::read_page(&bytes, None).map_err(|e| e.to_string()));
        match read {
            Ok(p) => extracted.push(readout_eval::HtmlExtraction {
                id: page.id.clone(),
                text: p.text,
                title: p.title,
                published: p.published,
            }),
            Err(e) => {
                errors.insert(page.id.clone(), e);
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let report = readout_eval::score_html(&gold, &extracted, &errors);
    let system = format!("readout-html {} (dom_smoothie)", env!("CARGO_PKG_VERSION"));
    let out = match args.format {
        EvalFormat::Markdown => format!(
            "Extractor: {system}. Gold: {} ({} page{}), read in {:.2} s.\n\n{}\n",
            dir.display(),
            gold.len(),
            if gold.len() == 1 { "" } else { "s" },
            seconds,
            report.to_string().trim_end()
        ),
        EvalFormat::Json => {
            let value = json!({
                "gold": {"path": dir.display().to_string(), "pages": gold.len()},
                "extractor": system,
                "html": to_value(&report)?,
            });
            let mut s = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
            s.push('\n');
            s
        }
    };
    write_stdout(out.as_bytes())
}

fn export(args: ExportArgs) -> Result<(), String> {
    let dir = gold_dir(args.gold)?;
    let gold = load_gold(&dir)?;
    let mut out = Vec::with_capacity(gold.iter().map(|d| d.text.len() + 100).sum());
    for doc in &gold {
        serde_json::to_writer(&mut out, &readout_eval::article_json(doc))
            .map_err(|e| format!("cannot serialize gold document {}: {e}", doc.id))?;
        out.push(b'\n');
    }
    write_stdout(&out)
}

/// Writes everything to stdout; a reader that went away (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_checked() {
        assert!(check_document(&json!({"id": "a", "text": "x"})).is_ok());
        assert!(check_document(&json!([1])).is_err());
        assert!(check_document(&json!({"text": "x"})).is_err());
        let e = check_document(&json!({"id": "a", "file": "f", "line": 3, "error": "boom"}))
            .unwrap_err();
        assert!(e.contains("error record") && e.contains("boom"), "{e}");
    }

    #[test]
    fn jsonl_and_arrays() {
        let dir = tempfile::tempdir().unwrap();
        let jsonl = dir.path().join("p.jsonl");
        std::fs::write(&jsonl, "{\"id\":\"a\"}\r\n\n{\"id\":\"b\"}\n").unwrap();
        assert_eq!(read_predictions(&jsonl).unwrap().len(), 2);
        let array = dir.path().join("p.json");
        std::fs::write(&array, " [{\"id\":\"a\"},\n {\"id\":\"b\"}]").unwrap();
        assert_eq!(read_predictions(&array).unwrap().len(), 2);
        let bad = dir.path().join("bad.jsonl");
        std::fs::write(&bad, "{\"id\":\"a\"}\n\n{oops\n").unwrap();
        let e = read_predictions(&bad).unwrap_err();
        assert!(e.contains("bad.jsonl:3:2: not a JSON"), "{e}");
    }
}
