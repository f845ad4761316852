//! `readout export`: events, quotes or entities from a store as CSV or JSONL files, optionally
//! partitioned by month (`DIR/month=2023-06/part-0.csv`, the layout Spark, DuckDB and pandas
//! read as a partitioned dataset). The events use GDELT 2.0's column names where a column has
//! a GDELT meaning, so existing GDELT analysis code reads them, plus Readout's own columns.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use readout_store::{EntityFilter, EventFilter, EventRow, QuoteFilter, Store};
use serde_json::{json, Value};

use crate::code::{EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::ingest::DEFAULT_DB;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum What {
    Events,
    Quotes,
    Entities,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
    /// Apache Parquet (Snappy), with integer, float and string columns typed
    Parquet,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PartitionBy {
    Month,
    Year,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub what: What,
    /// The store: `sqlite:PATH` (default sqlite:readout.db) or `postgres://...`.
    #[arg(long, value_name = "URL", default_value = DEFAULT_DB, env = "READOUT_DB")]
    pub db: String,
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Split into one directory per month or year of the event date (publication date for
    /// quotes); rows without a date go to `month=unknown`.
    #[arg(long, value_enum)]
    pub partition_by: Option<PartitionBy>,
    /// Output directory (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub const EXPORT_AFTER_HELP: &str = "\
Examples:
  readout export events --format csv --out exports/
  readout export events --format jsonl --partition-by month --out exports/events
  readout export quotes --out exports/

Event columns: GDELT 2.0 names (GlobalEventID, Day, MonthYear, Year, FractionDate, Actor1Code,
Actor1Name, Actor1CountryCode, Actor2Code, Actor2Name, Actor2CountryCode, EventCode,
EventBaseCode, EventRootCode, QuadClass, GoldsteinScale, NumMentions, NumSources, NumArticles,
ActionGeo_FullName, ActionGeo_CountryCode, ActionGeo_Lat, ActionGeo_Long, SOURCEURL) then
Readout's own (DocumentId, EventId, DatePrecision, Status, PloverCategory, PloverMode,
Trigger, Sentence, Rule). Country codes are ISO 3166-1 alpha-3, as CAMEO writes them.";

fn error(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "readout: {message}");
}

/// A stable GlobalEventID: 63 bits of a hash of the document and event ids.
fn global_id(doc: &str, event: &str) -> i64 {
    let h = readout_store::text_hash(&format!("{doc}\u{1f}{event}"));
    (u64::from_str_radix(&h, 16).unwrap_or(0) >> 1) as i64
}

/// GDELT's QuadClass has no class for statements: CAMEO 01-02 count as verbal cooperation.
fn gdelt_quad(q: i64) -> i64 {
    q.max(1)
}

/// One exported row: its columns in order.
type Record = Vec<(&'static str, Value)>;

fn event_record(e: &EventRow) -> Record {
    let precision = e.date_precision.as_deref().unwrap_or("");
    let date = e.date.as_deref().unwrap_or("");
    let number = |s: Option<&str>| s.and_then(|s| s.replace('-', "").parse::<i64>().ok());
    let day = (precision == "day").then(|| number(Some(date))).flatten();
    let month_year = number(e.month.as_deref());
    let year = matches!(precision, "day" | "week" | "month" | "year")
        .then(|| number(date.get(..4)))
        .flatten();
    let fraction = day.map(|d| {
        let (y, m, dd) = (d / 10_000, (d / 100) % 100, d % 100);
        y as f64 + ((m - 1) * 30 + dd) as f64 / 365.0
    });
    let mut m: Record = Vec::with_capacity(34);
    let mut put = |k: &'static str, v: Value| m.push((k, v));
    put("GlobalEventID", json!(global_id(&e.doc_id, &e.event_id)));
    put("Day", json!(day));
    put("MonthYear", json!(month_year));
    put("Year", json!(year));
    put("FractionDate", json!(fraction));
    put("Actor1Code", json!(e.actor_code));
    put("Actor1Name", json!(e.actor_name));
    put("Actor1CountryCode", json!(e.actor_country));
    put("Actor2Code", json!(e.recipient_code));
    put("Actor2Name", json!(e.recipient_name));
    put("Actor2CountryCode", json!(e.recipient_country));
    put("EventCode", json!(e.cameo));
    put("EventBaseCode", json!(e.cameo.get(..3).unwrap_or(&e.cameo)));
    put("EventRootCode", json!(e.cameo.get(..2).unwrap_or(&e.cameo)));
    put("QuadClass", json!(gdelt_quad(e.quad_class)));
    put("GoldsteinScale", json!(e.goldstein));
    put("NumMentions", json!(1 + e.retellings));
    put("NumSources", json!(1));
    put("NumArticles", json!(1));
    put("ActionGeo_FullName", json!(e.place));
    put("ActionGeo_CountryCode", json!(e.place_country));
    put("ActionGeo_Lat", json!(e.lat));
    put("ActionGeo_Long", json!(e.lon));
    put("SOURCEURL", json!(e.url));
    put("DocumentId", json!(e.doc_id));
    put("EventId", json!(e.event_id));
    put("Date", json!(e.date));
    put("DatePrecision", json!(e.date_precision));
    put("Status", json!(e.status));
    put("PloverCategory", json!(e.plover));
    put("PloverMode", json!(e.plover_mode));
    put("Trigger", json!(e.trigger));
    put("Sentence", json!(e.sentence));
    put("Rule", json!(e.rule));
    m
}

/// An event's year, for partitions, when its date has no month.
fn year_of(e: &EventRow) -> Option<String> {
    matches!(
        e.date_precision.as_deref(),
        Some("day" | "week" | "month" | "year")
    )
    .then(|| e.date.as_deref().and_then(|d| d.get(..4)).map(String::from))
    .flatten()
}

fn quote_record(q: &readout_store::QuoteRow) -> Record {
    vec![
        ("DocumentId", json!(q.doc_id)),
        ("QuoteId", json!(q.quote_id)),
        ("Published", json!(q.published)),
        ("Date", json!(q.date)),
        ("Kind", json!(q.kind)),
        ("Speaker", json!(q.speaker)),
        ("SpeakerText", json!(q.speaker_text)),
        ("SpeakerCountry", json!(q.speaker_country)),
        ("SpeakerCode", json!(q.speaker_code)),
        ("Text", json!(q.text)),
        ("SOURCEURL", json!(q.url)),
    ]
}

fn entity_record(e: &readout_store::EntityRow) -> Record {
    vec![
        ("Name", json!(e.name)),
        ("Kind", json!(e.kind)),
        ("CountryCode", json!(e.country)),
        ("ActorCode", json!(e.code)),
        ("Documents", json!(e.documents)),
        ("Mentions", json!(e.mentions)),
    ]
}

/// Records (ordered columns) and the date each is partitioned by.
type Records = Vec<(Option<String>, Record)>;

fn records(store: &mut Store, what: What) -> Result<Records, readout_store::StoreError> {
    Ok(match what {
        What::Events => store
            .events(&EventFilter::default())?
            .iter()
            .map(|e| (e.month.clone().or_else(|| year_of(e)), event_record(e)))
            .collect(),
        What::Quotes => store
            .quotes(&QuoteFilter::default())?
            .iter()
            .map(|q| (q.published.clone(), quote_record(q)))
            .collect(),
        What::Entities => store
            .entities(&EntityFilter::default())?
            .iter()
            .map(|e| (None, entity_record(e)))
            .collect(),
    })
}

/// The columns of an export, in order (also for an empty one).
fn columns(what: What) -> Vec<&'static str> {
    let empty = match what {
        What::Events => event_record(&EventRow::default()),
        What::Quotes => quote_record(&readout_store::QuoteRow::default()),
        What::Entities => entity_record(&readout_store::EntityRow::default()),
    };
    empty.into_iter().map(|(k, _)| k).collect()
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The type of an exported column, the same in every file so that partitions merge.
#[derive(Clone, Copy)]
enum Kind {
    Int,
    Float,
    Text,
}

fn column_kind(name: &str) -> Kind {
    match name {
        "GlobalEventID" | "Day" | "MonthYear" | "Year" | "QuadClass" | "NumMentions"
        | "NumSources" | "NumArticles" | "Documents" | "Mentions" => Kind::Int,
        "FractionDate" | "GoldsteinScale" | "ActionGeo_Lat" | "ActionGeo_Long" => Kind::Float,
        _ => Kind::Text,
    }
}

fn write_parquet(
    file: std::fs::File,
    columns: &[&'static str],
    rows: &[&Record],
) -> io::Result<()> {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};

    let fields: Vec<Field> = columns
        .iter()
        .map(|&c| {
            let t = match column_kind(c) {
                Kind::Int => DataType::Int64,
                Kind::Float => DataType::Float64,
                Kind::Text => DataType::Utf8,
            };
            Field::new(c, t, true)
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let arrays: Vec<ArrayRef> = columns
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let cells = rows.iter().map(|r| r.get(i).map(|(_, v)| v));
            match column_kind(c) {
                Kind::Int => Arc::new(Int64Array::from_iter(
                    cells.map(|v| v.and_then(Value::as_i64)),
                )) as ArrayRef,
                Kind::Float => Arc::new(Float64Array::from_iter(
                    cells.map(|v| v.and_then(Value::as_f64)),
                )),
                Kind::Text => Arc::new(StringArray::from_iter(cells.map(|v| match v {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(cell(v)),
                }))),
            }
        })
        .collect();
    let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(io::Error::other)?;
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .build();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, schema, Some(props))
        .map_err(io::Error::other)?;
    w.write(&batch).map_err(io::Error::other)?;
    w.close().map_err(io::Error::other)?;
    Ok(())
}

fn write_part(
    path: &Path,
    format: ExportFormat,
    columns: &[&'static str],
    rows: &[&Record],
) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = std::fs::File::create(path)?;
    if let ExportFormat::Parquet = format {
        return write_parquet(file, columns, rows);
    }
    let mut out = io::BufWriter::new(file);
    match format {
        ExportFormat::Jsonl => {
            for r in rows {
                let object: serde_json::Map<String, Value> =
                    r.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
                serde_json::to_writer(&mut out, &object)?;
                out.write_all(b"\n")?;
            }
        }
        ExportFormat::Parquet => unreachable!("written above"),
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(columns)?;
            for r in rows {
                w.write_record(r.iter().map(|(_, v)| cell(v)))?;
            }
            w.flush()?;
        }
    }
    out.flush()
}

pub fn run(args: ExportArgs) -> u8 {
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
    let rows = match records(&mut store, args.what) {
        Ok(r) => r,
        Err(e) => {
            error(e);
            return EXIT_FAILED;
        }
    };
    let name = match args.what {
        What::Events => "events",
        What::Quotes => "quotes",
        What::Entities => "entities",
    };
    let ext = match args.format {
        ExportFormat::Csv => "csv",
        ExportFormat::Jsonl => "jsonl",
        ExportFormat::Parquet => "parquet",
    };
    let mut parts: BTreeMap<PathBuf, Vec<&Record>> = BTreeMap::new();
    for (date, r) in &rows {
        let path = match args.partition_by {
            None => args.out.join(format!("{name}.{ext}")),
            Some(by) => {
                let (key, len) = match by {
                    PartitionBy::Month => ("month", 7),
                    PartitionBy::Year => ("year", 4),
                };
                // a year-precise event has no month: `month=unknown`, as an undated one
                let value = date
                    .as_deref()
                    .filter(|d| d.len() >= len)
                    .and_then(|d| d.get(..len))
                    .unwrap_or("unknown");
                args.out
                    .join(format!("{key}={value}"))
                    .join(format!("{name}.{ext}"))
            }
        };
        parts.entry(path).or_default().push(r);
    }
    if parts.is_empty() {
        parts.insert(args.out.join(format!("{name}.{ext}")), Vec::new());
    }
    let columns = columns(args.what);
    for (path, rows) in &parts {
        if let Err(e) = write_part(path, args.format, &columns, rows) {
            error(format_args!("cannot write {}: {e}", path.display()));
            return EXIT_FAILED;
        }
    }
    let _ = writeln!(
        io::stderr(),
        "readout: {} {name} in {} file(s) under {}",
        rows.len(),
        parts.len(),
        args.out.display()
    );
    EXIT_OK
}
