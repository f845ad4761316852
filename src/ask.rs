//! The questions asked of a store: `events`, `quotes`, `entities`, `timeline`, `search`.
//! Each prints a readable table by default, or JSON or CSV.

use std::io::{self, Write};

use clap::{Args, ValueEnum};
use readout_store::{
    EntityFilter, EventFilter, EventRow, Period, QuoteFilter, SearchFilter, SearchHit, Store,
    TimelineRow,
};
use serde::Serialize;

use crate::code::{EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::ingest::DEFAULT_DB;

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum TableFormat {
    /// aligned columns for reading
    #[default]
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The store: `sqlite:PATH` (default sqlite:readout.db) or `postgres://...`.
    #[arg(long, value_name = "URL", default_value = DEFAULT_DB, env = "READOUT_DB")]
    pub db: String,
    /// Output: `table`, `json` or `csv`.
    #[arg(long, short = 'f', value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Who acts: a country code (USA), an actor code (USAGOV) or a name.
    #[arg(long)]
    pub actor: Option<String>,
    /// Who it is done to, in the same forms.
    #[arg(long)]
    pub recipient: Option<String>,
    /// Either way round: actor→recipient and recipient→actor.
    #[arg(long)]
    pub both: bool,
    /// First day (YYYY-MM-DD, or YYYY-MM, YYYY).
    #[arg(long, value_parser = crate::cli::parse_date_bound)]
    pub from: Option<String>,
    /// Last day, inclusive.
    #[arg(long, value_parser = crate::cli::parse_date_bound)]
    pub to: Option<String>,
    /// Events the month view of `timeline` counts in this month (YYYY-MM), ISO weeks included.
    #[arg(long, value_parser = crate::cli::parse_month)]
    pub month: Option<String>,
    /// PLOVER category (CONSULT, ASSAULT, ...).
    #[arg(long)]
    pub plover: Option<String>,
    /// CAMEO root code (two digits: 04, 19, ...).
    #[arg(long)]
    pub cameo: Option<String>,
    /// occurred, planned, postponed, cancelled, denied or hypothetical.
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Part of the speaker's name or words (case-insensitive).
    #[arg(long)]
    pub speaker: Option<String>,
    /// The speaker's country code.
    #[arg(long)]
    pub country: Option<String>,
    /// direct, partial or indirect.
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long, value_parser = crate::cli::parse_date_bound)]
    pub from: Option<String>,
    #[arg(long, value_parser = crate::cli::parse_date_bound)]
    pub to: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// person, organization, country, place or group.
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub country: Option<String>,
    /// Part of the name.
    #[arg(long)]
    pub name: Option<String>,
    /// How many, most named first.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum By {
    Day,
    Month,
    Year,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// One side: a country code, actor code or name.
    pub a: String,
    /// The other side.
    pub b: String,
    #[arg(long, value_enum, default_value_t = By::Month)]
    pub by: By,
    #[arg(long, value_parser = crate::cli::parse_date_bound)]
    pub from: Option<String>,
    #[arg(long, value_parser = crate::cli::parse_date_bound)]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Words that must all be in one sentence (or the title).
    pub query: String,
    /// Only documents published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = crate::cli::parse_date_bound)]
    pub from: Option<String>,
    /// Only documents published on or before this date.
    #[arg(long, value_parser = crate::cli::parse_date_bound)]
    pub to: Option<String>,
    /// Only documents with an event whose actor or recipient is this (code or name).
    #[arg(long)]
    pub actor: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

fn error(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "readout: {message}");
}

fn open(db: &str) -> Result<Store, u8> {
    Store::open(db).map_err(|e| {
        error(format_args!(
            "cannot open the store {}: {e}",
            readout_store::redacted(db)
        ));
        EXIT_USAGE
    })
}

/// A table: headers and rows of cells, printed in the chosen format.
struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn print<T: Serialize>(&self, format: TableFormat, records: &[T]) -> io::Result<()> {
        let stdout = io::stdout();
        let mut out = io::BufWriter::new(stdout.lock());
        match format {
            TableFormat::Json => {
                serde_json::to_writer_pretty(&mut out, records)?;
                writeln!(out)?;
            }
            TableFormat::Csv => {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(&self.headers)?;
                for r in &self.rows {
                    w.write_record(r)?;
                }
                w.flush()?;
            }
            TableFormat::Table => {
                if self.rows.is_empty() {
                    writeln!(out, "(none)")?;
                    return out.flush();
                }
                let cap = 60;
                let clip = |s: &str| -> String {
                    if s.chars().count() > cap {
                        let mut c: String = s.chars().take(cap - 1).collect();
                        c.push('…');
                        c
                    } else {
                        s.to_string()
                    }
                };
                let mut widths: Vec<usize> =
                    self.headers.iter().map(|h| h.chars().count()).collect();
                for r in &self.rows {
                    for (w, c) in widths.iter_mut().zip(r) {
                        *w = (*w).max(clip(c).chars().count());
                    }
                }
                let line = |cells: Vec<String>| -> String {
                    cells
                        .iter()
                        .zip(&widths)
                        .map(|(c, w)| format!("{c:<w$}"))
                        .collect::<Vec<_>>()
                        .join("  ")
                        .trim_end()
                        .to_string()
                };
                writeln!(
                    out,
                    "{}",
                    line(self.headers.iter().map(|h| h.to_string()).collect())
                )?;
                for r in &self.rows {
                    writeln!(out, "{}", line(r.iter().map(|c| clip(c)).collect()))?;
                }
            }
        }
        out.flush()
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn finish(result: io::Result<()>) -> u8 {
    match result {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            error(format_args!("cannot write output: {e}"));
            EXIT_FAILED
        }
    }
}

fn side(code: &Option<String>, name: &Option<String>) -> String {
    match (code, name) {
        (Some(c), Some(n)) => format!("{c} {n}"),
        (Some(c), None) => c.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => "?".into(),
    }
}

fn events_table(rows: &[EventRow]) -> Table {
    Table {
        headers: vec![
            "date",
            "actor",
            "recipient",
            "plover",
            "cameo",
            "goldstein",
            "status",
            "place",
            "trigger",
            "document",
        ],
        rows: rows
            .iter()
            .map(|e| {
                vec![
                    opt(&e.date),
                    side(&e.actor_code, &e.actor_name),
                    side(&e.recipient_code, &e.recipient_name),
                    e.plover.clone().unwrap_or_else(|| "-".into()),
                    format!("{} {}", e.cameo, e.cameo_label),
                    e.goldstein.map_or(String::new(), |g| format!("{g:+.1}")),
                    e.status.clone(),
                    opt(&e.place),
                    e.trigger.clone(),
                    e.doc_id.clone(),
                ]
            })
            .collect(),
    }
}

pub fn events(args: EventsArgs) -> u8 {
    let mut store = match open(&args.store.db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let filter = EventFilter {
        actor: args.actor,
        recipient: args.recipient,
        both_directions: args.both,
        from: args.from,
        to: args.to,
        month: args.month,
        plover: args.plover,
        cameo_root: args.cameo,
        status: args.status,
        doc_id: None,
        limit: Some(args.limit),
    };
    match store.events(&filter) {
        Ok(rows) => finish(events_table(&rows).print(args.store.format, &rows)),
        Err(e) => {
            error(e);
            EXIT_FAILED
        }
    }
}

pub fn quotes(args: QuotesArgs) -> u8 {
    let mut store = match open(&args.store.db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let filter = QuoteFilter {
        speaker: args.speaker,
        country: args.country,
        kind: args.kind,
        from: args.from,
        to: args.to,
        limit: Some(args.limit),
    };
    match store.quotes(&filter) {
        Ok(rows) => {
            let table = Table {
                headers: vec!["published", "speaker", "kind", "quote", "document"],
                rows: rows
                    .iter()
                    .map(|q| {
                        vec![
                            opt(&q.published),
                            q.speaker
                                .clone()
                                .or(q.speaker_text.clone())
                                .unwrap_or_default(),
                            q.kind.clone(),
                            format!("“{}”", q.text),
                            q.doc_id.clone(),
                        ]
                    })
                    .collect(),
            };
            finish(table.print(args.store.format, &rows))
        }
        Err(e) => {
            error(e);
            EXIT_FAILED
        }
    }
}

pub fn entities(args: EntitiesArgs) -> u8 {
    let mut store = match open(&args.store.db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let filter = EntityFilter {
        kind: args.kind,
        country: args.country,
        name: args.name,
        limit: Some(args.top),
    };
    match store.entities(&filter) {
        Ok(rows) => {
            let table = Table {
                headers: vec!["name", "kind", "country", "code", "documents", "mentions"],
                rows: rows
                    .iter()
                    .map(|e| {
                        vec![
                            e.name.clone(),
                            e.kind.clone(),
                            opt(&e.country),
                            opt(&e.code),
                            e.documents.to_string(),
                            e.mentions.to_string(),
                        ]
                    })
                    .collect(),
            };
            finish(table.print(args.store.format, &rows))
        }
        Err(e) => {
            error(e);
            EXIT_FAILED
        }
    }
}

fn timeline_table(rows: &[TimelineRow]) -> Table {
    Table {
        headers: vec![
            "period",
            "direction",
            "events",
            "neutral",
            "verbal coop",
            "material coop",
            "verbal conflict",
            "material conflict",
            "goldstein sum",
            "goldstein mean",
        ],
        rows: rows
            .iter()
            .map(|r| {
                let mut cells = vec![r.period.clone(), r.direction.clone(), r.events.to_string()];
                cells.extend(r.quad.iter().map(|n| n.to_string()));
                cells.push(format!("{:+.1}", r.goldstein_sum));
                cells.push(
                    r.goldstein_mean
                        .map_or(String::new(), |m| format!("{m:+.2}")),
                );
                cells
            })
            .collect(),
    }
}

pub fn timeline(args: TimelineArgs) -> u8 {
    let mut store = match open(&args.store.db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let by = match args.by {
        By::Day => Period::Day,
        By::Month => Period::Month,
        By::Year => Period::Year,
    };
    match store.timeline(
        &args.a,
        &args.b,
        by,
        args.from.as_deref(),
        args.to.as_deref(),
    ) {
        Ok(rows) => finish(timeline_table(&rows).print(args.store.format, &rows)),
        Err(e) => {
            error(e);
            EXIT_FAILED
        }
    }
}

pub fn search(args: SearchArgs) -> u8 {
    let mut store = match open(&args.store.db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let filter = SearchFilter {
        query: args.query,
        from: args.from,
        to: args.to,
        actor: args.actor,
        limit: Some(args.limit),
    };
    match store.search(&filter) {
        Ok(hits) => {
            let table = Table {
                headers: vec!["published", "document", "title", "sentence"],
                rows: hits
                    .iter()
                    .flat_map(|h: &SearchHit| {
                        let first = h.sentences.first().cloned().unwrap_or_default();
                        let more = h.sentences.len().saturating_sub(1);
                        let sentence = if more > 0 {
                            format!("{first} (+{more} more)")
                        } else {
                            first
                        };
                        [vec![
                            opt(&h.published),
                            h.doc_id.clone(),
                            opt(&h.title),
                            sentence,
                        ]]
                    })
                    .collect(),
            };
            finish(table.print(args.store.format, &hits))
        }
        Err(e) => {
            error(e);
            EXIT_FAILED
        }
    }
}
