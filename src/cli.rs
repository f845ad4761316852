//! Command-line arguments (clap derive). Each subcommand has its own `Args` struct and its own
//! module that runs it; `main.rs` only parses and dispatches.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

const TOP_AFTER_HELP: &str = "\
Examples:
  readout code article.txt --published 2023-06-06       # one article, pretty-printed JSON
  readout code a.txt b.txt --format jsonl > out.jsonl   # one readout/1 document per line
  cat articles.jsonl | readout code --format jsonl      # JSONL in, JSONL out, input order
  readout code article.txt --format pretty              # a human-readable readout

Run `readout code --help` for every option.";

#[derive(Debug, Parser)]
#[command(
    name = "readout",
    version,
    about = "Code news articles into explainable readout/1 records of international politics",
    long_about = "Readout codes news articles into `readout/1` JSON documents: the entities \
                  in each article (people, organizations, countries, places, groups) with \
                  their roles, country and actor codes, and the time expressions resolved \
                  against the publication date.",
    after_help = TOP_AFTER_HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Code articles (text, HTML, JSONL, WARC, directories or standard input) into readout/1
    /// documents.
    #[command(long_about = CODE_LONG_ABOUT, after_help = CODE_AFTER_HELP)]
    Code(CodeArgs),
    /// Show what Readout reads from a web page: title, date, URL, outlet and main text.
    #[command(long_about = EXTRACT_LONG_ABOUT, after_help = EXTRACT_AFTER_HELP)]
    Extract(ExtractArgs),
    /// Explain how Readout coded an article's events: rule, dictionary entries and spans.
    #[command(after_help = EXPLAIN_AFTER_HELP)]
    Explain(ExplainArgs),
    /// Score Readout (or another system's readout/1 output) against entity, date, quote and event gold.
    #[command(long_about = EVAL_LONG_ABOUT, after_help = EVAL_AFTER_HELP)]
    Eval(EvalArgs),
    /// Code articles into a store (SQLite by default, or PostgreSQL): parallel, idempotent,
    /// resumable.
    #[command(after_help = crate::ingest::INGEST_AFTER_HELP)]
    Ingest(crate::ingest::IngestArgs),
    /// Events in the store, filtered by actors, dates, category and status.
    Events(crate::ask::EventsArgs),
    /// Quotes in the store, by speaker or the speaker's country.
    Quotes(crate::ask::QuotesArgs),
    /// Entities in the store, most named first.
    Entities(crate::ask::EntitiesArgs),
    /// How the relation between two actors moves: events per quad class and Goldstein, by
    /// day, month or year, both directions.
    Timeline(crate::ask::TimelineArgs),
    /// Full-text search over the stored articles, with the matching sentences.
    Search(crate::ask::SearchArgs),
    /// Export events (GDELT 2.0 column names), quotes or entities as CSV, JSONL or Parquet files.
    #[command(after_help = crate::export::EXPORT_AFTER_HELP)]
    Export(crate::export::ExportArgs),
    /// Re-code the stored documents that another Readout version or other lexicons coded.
    Recode(crate::ingest::RecodeArgs),
    /// Serve the HTTP API (code articles, ask the store) on loopback by default.
    Serve(crate::serve::ServeArgs),
}

const CODE_LONG_ABOUT: &str = "\
Code articles into readout/1 documents.

Inputs (by name, case-insensitive):
  *.txt, or any name not listed below  one plain-text article; its id is the file stem
                                       (`000_96816e06d1c519d8.txt` gives id
                                       `000_96816e06d1c519d8`)
  *.html, *.htm, *.xhtml               one web page: its main text without navigation, ads
                                       and other boilerplate, with its title, publication
                                       date, canonical URL and outlet (`readout extract`
                                       shows what is read); the character set comes from
                                       the page (<meta charset>, http-equiv), else UTF-8,
                                       else windows-1252; its id is the canonical URL, else
                                       the file stem
  *.jsonl, *.ndjson                    one article object per line:
                                       {\"id\", \"text\", \"published\", \"title\",
                                        \"source\", \"url\"}; only `text` is required;
                                       `published` is YYYY-MM-DD or an RFC 3339 timestamp
                                       (its date is taken); blank lines are skipped
  *.jsonl.gz, *.jsonl.zst              the same, gzip- or zstd-compressed (also .ndjson.*),
                                       decompressed as they stream
  *.warc, *.warc.gz                    web archives (e.g. Common Crawl News): every
                                       `response` record holding a 2xx HTTP response with an
                                       HTML page, read as above with the charset of its HTTP
                                       Content-Type; its id is the canonical URL, else the
                                       WARC-Target-URI; other records are skipped
  DIRECTORY                            every file of the kinds above (.txt, .html, .htm,
                                       .xhtml, .jsonl, .ndjson, .jsonl.gz, .jsonl.zst,
                                       .warc, .warc.gz) in it and its subdirectories, in
                                       name order, depth first; hidden files and other
                                       names are skipped; a whole-file article's id is its
                                       path below DIRECTORY without the extension
                                       (`2023/06/story`)
  -  (or no PATH at all)               standard input: JSONL when it starts with `{`, one
                                       HTML page when it starts with `<`, else one
                                       plain-text article

Output keeps the input order and is streamed: every document is written as soon as it and
all documents before it are coded, so huge JSONL files work in bounded memory.

An input that cannot be read or parsed (missing file, invalid UTF-8, binary data, a JSONL line
that is not an article, an article over --max-article-bytes, a page with no text, corrupt or
truncated compressed data, a broken WARC record) is reported on stderr with its file and line
(or WARC record offset); with --format jsonl or a JSON array an error record
{\"id\": .., \"line\": N, \"file\": .., \"error\": ..} takes its place on stdout so output
stays aligned with input. The remaining articles are still coded.

Exit status: 0 when every article was coded, 1 when any failed, 2 for a usage error (bad
option, bad --published date, unreadable or invalid --lexicon file).";

const CODE_AFTER_HELP: &str = "\
Examples:
  readout code ../shared/corpus/seed/000_96816e06d1c519d8.txt --published 2023-06-06
  readout code a.txt b.txt --format jsonl > out.jsonl
  cat articles.jsonl | readout code --format jsonl --jobs 8
  readout code a.txt --format pretty --color always | less -R
  readout code big.jsonl --lexicon my-actors.toml --max-article-bytes 4MiB > out.jsonl
  readout code scraped.txt --lossy
  readout code pages/ crawl.warc.gz archive.jsonl.zst --format jsonl > out.jsonl";

const EXTRACT_LONG_ABOUT: &str = "\
Show what Readout reads from a web page, the text `readout code` then annotates: the title
(og:title, JSON-LD headline, <title> or <h1>, without a trailing outlet name), the publication
date (JSON-LD datePublished, article:published_time, itemprop=datePublished, other common
<meta> names, <time pubdate>, else a date in the URL; YYYY-MM-DD, or an RFC 3339 timestamp
when the page gives a time with its offset), the canonical URL (<link rel=canonical>, og:url),
the outlet (og:site_name, else the JSON-LD publisher) and the main text (the article found by
a Readability implementation, one paragraph per block, paragraphs separated by a blank line;
figures, captions, navigation and forms left out).

The character set is the one --content-type names, else the page's own (a byte-order mark,
<meta charset>, http-equiv), else UTF-8 when the bytes are UTF-8, else windows-1252.

Exit status: 0 when text was read, 1 when the page cannot be read or has no text, 2 for a
usage error.";

const EXTRACT_AFTER_HELP: &str = "\
Examples:
  readout extract page.html
  readout extract page.html --format text | less
  curl -s https://example.org/story | readout extract -
  readout extract saved.htm --content-type 'text/html; charset=ISO-8859-1'";

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The page: an HTML file, or `-` for standard input.
    #[arg(value_name = "PAGE")]
    pub input: PathBuf,

    /// Output format: `json` (an object with `title`, `published`, `url`, `site`, `text`;
    /// null for what the page does not give) or `text` (those fields as `name: value` lines,
    /// a blank line, then the text).
    ///
    /// Example: `--format text`.
    #[arg(short, long, value_enum, default_value_t = ExtractFormat::Json, value_name = "FORMAT")]
    pub format: ExtractFormat,

    /// The HTTP Content-Type the page was served with; its charset overrides the page's own.
    ///
    /// Example: `--content-type 'text/html; charset=windows-1252'`.
    #[arg(long, value_name = "TYPE")]
    pub content_type: Option<String>,

    /// Largest page accepted, in bytes, with an optional suffix (as for `readout code`).
    ///
    /// Example: `--max-article-bytes 8MiB`.
    #[arg(long, value_name = "BYTES", value_parser = parse_size, default_value = "64MiB")]
    pub max_article_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// One pretty-printed JSON object.
    Json,
    /// `title: ...` lines, a blank line, then the text.
    Text,
}

const EXPLAIN_AFTER_HELP: &str = "\
Examples:
  readout explain ../shared/corpus/seed/000_96816e06d1c519d8.txt --published 2023-06-06 --event V3
  readout explain articles.jsonl --id 004_turkey --event V1
  readout explain article.txt --published 2024-03-06

Exit status: 0 when the event was explained, 1 when the article could not be read or has no
such event, 2 for a usage error.";

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The article: a plain-text file, or a .jsonl file (the first article, or the one --id
    /// names); `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub input: PathBuf,

    /// The event to explain (`V3`); without it, every event of the article.
    ///
    /// Example: `--event V3`.
    #[arg(long, value_name = "ID")]
    pub event: Option<String>,

    /// In a JSONL file, the article with this `id`.
    ///
    /// Example: `--id 004_turkey`.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Publication date for an article that has none of its own (YYYY-MM-DD).
    ///
    /// Example: `--published 2023-06-06`.
    #[arg(long, value_name = "DATE", value_parser = parse_published_arg)]
    pub published: Option<Date>,

    /// A user lexicon (TOML) on top of the built-in one; repeat for several files.
    ///
    /// Example: `--lexicon my-actors.toml`.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Articles to code: plain-text and HTML files, .jsonl/.ndjson (also .gz or .zst) with
    /// one article per line, .warc/.warc.gz web archives, directories of them; `-` or no PATH
    /// reads standard input.
    #[arg(value_name = "PATH")]
    pub inputs: Vec<PathBuf>,

    /// Output format: `json` (one pretty-printed document for a single plain-text input, else
    /// a JSON array), `jsonl` (one document per line), or `pretty` (for people).
    ///
    /// Example: `--format jsonl`.
    #[arg(short, long, value_enum, default_value_t = Format::Json, value_name = "FORMAT")]
    pub format: Format,

    /// Publication date for every article that has none of its own (YYYY-MM-DD or an RFC 3339
    /// timestamp); relative dates ("last Tuesday") are resolved against it. Without it, and
    /// without a date in the input, `published` is null and relative dates stay unresolved.
    ///
    /// Example: `--published 2023-06-06`.
    #[arg(long, value_name = "DATE", value_parser = parse_published_arg)]
    pub published: Option<Date>,

    /// Number of articles coded in parallel [default: all cores]. Output order never changes.
    ///
    /// Example: `--jobs 4`.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,

    /// Code only the K-th of N disjoint parts of the input, chosen by document id, so that N
    /// processes (on one machine or several) can share one corpus; see docs/scale.md.
    ///
    /// Example: `--shard 2/4`.
    #[arg(long, value_name = "K/N", value_parser = crate::shard::parse)]
    pub shard: Option<crate::shard::Shard>,

    /// A user lexicon (TOML) to load on top of the built-in one; repeat for several files.
    /// A file that cannot be read or parsed stops Readout before anything is coded (exit 2).
    ///
    /// Example: `--lexicon my-actors.toml --lexicon my-places.toml`.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,

    /// Largest article accepted, in bytes, with an optional suffix: K/KiB, M/MiB, G/GiB
    /// (powers of 1024) or KB/MB/GB (powers of 1000). A larger text file or JSONL line is
    /// reported as a failed article without being read into memory. The default, 64 MiB, is
    /// far above any real news article yet stops a stray log or data dump before it exhausts
    /// memory.
    ///
    /// Example: `--max-article-bytes 4MiB`.
    #[arg(long, value_name = "BYTES", value_parser = parse_size, default_value = "64MiB")]
    pub max_article_bytes: u64,

    /// Replace invalid UTF-8 sequences with U+FFFD instead of rejecting the article.
    ///
    /// Example: `readout code scraped.txt --lossy`.
    #[arg(long)]
    pub lossy: bool,

    /// Colour the `pretty` format: `auto` colours only when stdout is a terminal and NO_COLOR
    /// is unset or empty.
    ///
    /// Example: `--color always`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// How standard input is read: `auto` goes by its first non-blank character (`{` JSONL,
    /// `<` one HTML page, else one plain-text article); `jsonl` always reads one article per
    /// line, so that an empty input is no article and a broken first line is an error record,
    /// as a streaming filter needs (e.g. Spark's `rdd.pipe`, Hadoop streaming); `html` and
    /// `text` read one article.
    ///
    /// Example: `readout code --format jsonl --stdin-format jsonl`.
    #[arg(long, value_enum, default_value_t = StdinFormat::Auto, value_name = "FORMAT")]
    pub stdin_format: StdinFormat,
}

const EVAL_LONG_ABOUT: &str = "\
Score entity mentions, time expressions, quotes and events against annotated gold: MEANTIME
(NewsReader; named PER/ORG/LOC mentions and TIMEX3 dates), GUM news (dates and quotation
spans), speaker gold (hand-made *.gold.json beside a *.txt article: quotes and who said
them) and the PLOVER gold standard records (plover-gsr*.json: one event a sentence, with its
category and source and target codes). See docs/eval.md for what is scored and why,
docs/accuracy.md for the current figures.

Subcommands:
  entities   named entity mentions, PER / ORG / LOC and micro-averaged, exact and partial
             (MEANTIME only: GUM has no name-level entity gold)
  timex      DATE and TIME expressions: span P/R/F1 and value accuracy, per corpus
  quotes     quotation spans (GUM <quote>: direct and any kind, overlap and exact) and, on
             speaker gold, quotes found by their opening words and speaker accuracy
  events     events (PLOVER GSR): category accuracy, source and target code accuracy,
             predicted and false events per record, and accuracy per category
  all        all four tables
  html       reading web pages: main text against expected text (4-word shingles) and the
             title and publication date, on pages with their expected article (--gold
             ../shared/html/readability)
  export     the gold documents as input JSONL ({\"id\", \"text\", \"published\",
             \"title\"}, one a line), to code them with another system

Without --predictions, every gold document is coded with Readout's built-in pipeline (plus any
--lexicon files), exactly as `readout code` would code the exported JSONL. With --predictions
FILE, the readout/1 documents in FILE (JSONL, or a JSON array; matched to the gold by `id`)
are scored instead.

--gold names a directory (walked recursively for MEANTIME and GUM XML, *.gold.json speaker
gold and plover-gsr*.json), or one such file; without it, ../shared/eval is used when it
exists.

Exit status: 0 on success, 1 on any error (unreadable gold or predictions, a predictions line
that is not a readout/1 document, a bad --lexicon), 2 for a bad option.";

const EVAL_AFTER_HELP: &str = "\
Examples:
  readout eval entities --gold ../shared/eval
  readout eval timex --gold ../shared/eval/gum-news --format json
  readout eval quotes --gold ../shared/eval/gum-news
  readout eval quotes --gold tests/fixtures/quotes --predictions out.jsonl
  readout eval events --gold ../shared/eval/plover-gsr/plover-gsr-dev.json
  readout eval all --gold ../shared/eval --lexicon my-actors.toml
  readout eval export --gold ../shared/eval > gold-articles.jsonl
  readout eval all --gold ../shared/eval --predictions spacy.jsonl
  readout eval html --gold ../shared/html/readability";

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub command: EvalCommand,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score named entity mentions (MEANTIME PER / ORG / LOC), exact and partial.
    #[command(after_help = "\
Examples:
  readout eval entities --gold ../shared/eval
  readout eval entities --gold ../shared/eval/meantime --format json
  readout eval entities --gold ../shared/eval --predictions bench/out/spacy-gold.jsonl")]
    Entities(ScoreArgs),
    /// Score DATE and TIME expressions (MEANTIME and GUM): spans and normalised values.
    #[command(after_help = "\
Examples:
  readout eval timex --gold ../shared/eval
  readout eval timex --gold ../shared/eval/gum-news --format json
  readout eval timex --gold ../shared/eval --predictions bench/out/spacy-gold.jsonl")]
    Timex(ScoreArgs),
    /// Score quotes: quotation spans (GUM) and quotes with their speakers (*.gold.json).
    #[command(
        long_about = "Score quotes. On GUM news, predicted quote spans against GUM's <quote> \
                      quotations (without the quotation marks): a `direct` row (gold \
                      quotations starting with a capital letter against predicted `direct` \
                      quotes) and an `any kind` row, each by overlap (one-to-one) and exactly. \
                      On speaker gold (*.gold.json beside a *.txt article, the seed's format), \
                      a gold quote is found by a predicted quote whose text starts with its \
                      opening words (`starts`), as check-seed.py matches them; speaker \
                      accuracy over the quotes found, speaker recall over all gold quotes.",
        after_help = "\
Examples:
  readout eval quotes --gold ../shared/eval/gum-news
  readout eval quotes --gold tests/fixtures/quotes --format json
  readout eval quotes --gold ../shared/eval --predictions readout-gold.jsonl"
    )]
    Quotes(ScoreArgs),
    /// Score events (PLOVER GSR): category, source code and target code accuracy.
    #[command(
        long_about = "Score events against the PLOVER gold standard records (plover-gsr*.json, \
                      one event a sentence). A record is found when some predicted event is \
                      of its category: the event's `plover` is the category, or, for the \
                      PLOVER 0.5 categories that PLOVER 2021 dropped, its `cameo` code has \
                      the category's CAMEO root (DEMAND 10, DISAPPROVE 11, FIGHT 19 or 20, \
                      INVESTIGATE 09). Over the found records with gold codes, source \
                      (target) code accuracy is the share where such an event has an actor \
                      (recipient) of a gold source (target) country, either way round when \
                      the event is symmetric. Also: predicted events and false events (not \
                      of the gold category) per record, and the accuracy per category.",
        after_help = "\
Examples:
  readout eval events --gold ../shared/eval/plover-gsr/plover-gsr-dev.json
  readout eval events --gold ../shared/eval --format json
  readout eval events --gold ../shared/eval --predictions readout-gold.jsonl"
    )]
    Events(ScoreArgs),
    /// Print the entity, time-expression, quote and event tables.
    #[command(after_help = "\
Examples:
  readout eval all --gold ../shared/eval
  readout eval all --gold ../shared/eval --format json > scores.json")]
    All(ScoreArgs),
    /// Score reading web pages: main text, title and publication date.
    #[command(
        long_about = "Score how Readout reads web pages (`readout extract`, and `readout code` \
                      on HTML): each page's main text against the expected article text, by \
                      4-word shingles of lower-cased words (precision, recall and F1 per page, \
                      then averaged over the pages, as the ScrapingHub article-extraction \
                      benchmark scores them), and whether the title and publication date \
                      (its YYYY-MM-DD) agree with the gold's. The gold directory holds an \
                      index.jsonl, one page a line ({\"dir\", \"source_html\", \"expected\", \
                      \"title\", \"published\", ...}), each `dir` with the page and the \
                      expected article as HTML (its tags stripped for the expected text).",
        after_help = "\
Examples:
  readout eval html --gold ../shared/html/readability
  readout eval html --gold ../shared/html/readability --format json"
    )]
    Html(HtmlEvalArgs),
    /// Write the gold documents as input JSONL (one article a line) to standard output.
    #[command(
        long_about = "Write the gold documents as input JSONL to standard output: one \
                      {\"id\", \"text\", \"published\", \"title\"} object a line, in id order. \
                      This is what another system (e.g. bench/spacy/ner.py) must code for its \
                      output to be scored with --predictions: the ids and texts must be kept.",
        after_help = "\
Examples:
  readout eval export --gold ../shared/eval > gold-articles.jsonl
  readout eval export --gold ../shared/eval | readout code --format jsonl > readout-gold.jsonl
  readout eval entities --gold ../shared/eval --predictions readout-gold.jsonl"
    )]
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Gold directory (walked recursively for MEANTIME and GUM XML, *.gold.json speaker gold
    /// and plover-gsr*.json) or one such file [default: ../shared/eval, when it exists].
    ///
    /// Example: `--gold ../shared/eval/meantime`.
    #[arg(long, value_name = "DIR")]
    pub gold: Option<PathBuf>,

    /// Score these readout/1 documents (JSONL, or a JSON array; `-` for standard input)
    /// instead of coding the gold with Readout. Documents are matched to the gold by `id`;
    /// their `text` must be the gold text.
    ///
    /// Example: `--predictions bench/out/spacy-gold.jsonl`.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,

    /// Output format: `markdown` (tables) or `json` (every count and ratio).
    ///
    /// Example: `--format json`.
    #[arg(short, long, value_enum, default_value_t = EvalFormat::Markdown, value_name = "FORMAT")]
    pub format: EvalFormat,

    /// A user lexicon (TOML) to load on top of the built-in one when coding the gold; repeat
    /// for several files.
    ///
    /// Example: `--lexicon my-actors.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "predictions")]
    pub lexicon: Vec<PathBuf>,

    /// Number of documents coded in parallel [default: all cores].
    ///
    /// Example: `--jobs 4`.
    #[arg(short, long, value_name = "N", conflicts_with = "predictions")]
    pub jobs: Option<NonZeroUsize>,
}

#[derive(Debug, Args)]
pub struct HtmlEvalArgs {
    /// Gold directory with an index.jsonl of pages [default: ../shared/html/readability, when
    /// it exists].
    ///
    /// Example: `--gold ../shared/html/readability`.
    #[arg(long, value_name = "DIR")]
    pub gold: Option<PathBuf>,

    /// Output format: `markdown` (a table, a row per page) or `json` (every count and ratio,
    /// and what was read from each page).
    ///
    /// Example: `--format json`.
    #[arg(short, long, value_enum, default_value_t = EvalFormat::Markdown, value_name = "FORMAT")]
    pub format: EvalFormat,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Gold directory (walked recursively for MEANTIME and GUM XML, *.gold.json speaker gold
    /// and plover-gsr*.json) or one such file [default: ../shared/eval, when it exists].
    ///
    /// Example: `--gold ../shared/eval`.
    #[arg(long, value_name = "DIR")]
    pub gold: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// Markdown tables, as in docs/accuracy.md.
    Markdown,
    /// One JSON object: {"gold", "predictions", "entities", "timexes", "quotes", "events"}
    /// (the tables asked for) with every count and ratio of the tables.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON: one pretty-printed document, or an array when there can be several.
    Json,
    /// JSON Lines: one compact document per line.
    Jsonl,
    /// A human-readable readout.
    Pretty,
}

/// How `readout code` reads standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StdinFormat {
    /// By its first non-blank character.
    Auto,
    /// One JSON article per line.
    Jsonl,
    /// One HTML page.
    Html,
    /// One plain-text article.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_published_arg(s: &str) -> Result<Date, String> {
    parse_published(s)
}

/// A publication date: `YYYY-MM-DD`, an RFC 3339 timestamp (`2023-06-06T14:03:00Z`, its date
/// as written, in its own offset), or a civil date-time without offset (`2023-06-06T14:03:00`).
pub fn parse_published(s: &str) -> Result<Date, String> {
    let t = s.trim();
    let bad = || {
        format!("invalid date {s:?}: expected YYYY-MM-DD or an RFC 3339 timestamp like 2023-06-06T14:03:00Z")
    };
    if t.len() == 10 {
        return t.parse::<Date>().map_err(|_| bad());
    }
    if t.len() > 10 && t.is_char_boundary(10) {
        let (date, rest) = t.split_at(10);
        let date: Date = date.parse().map_err(|_| bad())?;
        if !rest.starts_with(['T', 't', ' ']) {
            return Err(bad());
        }
        // Validate the whole timestamp; the date is the one written (not converted to UTC).
        let ok = t.parse::<jiff::Timestamp>().is_ok() || t.parse::<jiff::civil::DateTime>().is_ok();
        return if ok { Ok(date) } else { Err(bad()) };
    }
    Err(bad())
}

/// A date bound of a question: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real day).
pub fn parse_date_bound(s: &str) -> Result<String, String> {
    let t = s.trim();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = t.split('-').collect();
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && ("01"..="12").contains(m),
        [_, _, _] => t.parse::<Date>().is_ok(),
        _ => false,
    };
    if ok {
        Ok(t.to_string())
    } else {
        Err(format!(
            "invalid date {s:?}: expected YYYY, YYYY-MM or YYYY-MM-DD"
        ))
    }
}

/// A month: `YYYY-MM`.
pub fn parse_month(s: &str) -> Result<String, String> {
    match parse_date_bound(s) {
        Ok(m) if m.len() == 7 => Ok(m),
        _ => Err(format!("invalid month {s:?}: expected YYYY-MM")),
    }
}

/// `1048576`, `64MiB`, `4M`, `500KB`, `1G`...
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad =
        || format!("invalid size {s:?}: expected a number of bytes like 1048576, 64MiB or 4MB");
    let n: u64 = num.parse().map_err(|_| bad())?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        _ => return Err(bad()),
    };
    let v = n.checked_mul(mult).ok_or_else(bad)?;
    if v == 0 {
        return Err("--max-article-bytes must be at least 1".to_string());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_published("2023-06-06").unwrap().to_string(),
            "2023-06-06"
        );
        assert_eq!(
            parse_published("2023-06-06T23:30:00-05:00")
                .unwrap()
                .to_string(),
            "2023-06-06"
        );
        assert_eq!(
            parse_published("2023-06-06T01:00:00Z").unwrap().to_string(),
            "2023-06-06"
        );
        assert_eq!(
            parse_published("2023-06-06T01:00:00").unwrap().to_string(),
            "2023-06-06"
        );
        for bad in [
            "",
            "yesterday",
            "2023-13-01",
            "2023-02-30",
            "06/06/2023",
            "2023-06-06X",
            "2023-06-06Tfoo",
        ] {
            assert!(parse_published(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64MiB").unwrap(), 64 * 1024 * 1024);
        assert_eq!(parse_size("10").unwrap(), 10);
        assert_eq!(parse_size("4M").unwrap(), 4 << 20);
        assert_eq!(parse_size("2kb").unwrap(), 2000);
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }
}
