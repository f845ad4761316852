//! Scores `readout/1` output (Readout's, or any predictions in the same JSON shape, such as
//! spaCy's run through an adapter) against annotated gold corpora:
//!
//! * **MEANTIME** (NewsReader, CAT XML): named entity mentions (PER/ORG/LOC) and TIMEX3
//!   expressions with normalised values;
//! * **GUM** news (TEI-style XML): `<date>`/`<time>` expressions with normalised dates, and
//!   `<quote>` quotation spans;
//! * **speaker gold** (`*.gold.json` beside a `*.txt` article, the seed's format): quotes
//!   with their speakers;
//! * the **PLOVER gold standard records** (`plover-gsr*.json`, OEDA): one event a record,
//!   with its PLOVER category and its source and target actor codes.
//!
//! [`load_gold`] rebuilds each gold document's natural text from the corpus tokens and maps
//! every annotation to code-point offsets into that text; [`article_json`] is the input line
//! the coder is given; [`score_entities`], [`score_timexes`], [`score_quotes`] and
//! [`score_events`] compare predictions with the gold. `docs/eval.md` describes the
//! definitions and their reasons.

use std::fmt;
use std::path::{Path, PathBuf};

mod entities;
mod events;
mod gum;
mod html;
mod meantime;
mod metrics;
mod plover;
mod predictions;
mod quotes;
mod speakers;
#[cfg(test)]
mod tests;
mod text;
mod timex;

pub use entities::{score_entities, EntityReport, EntityRow};
pub use events::{score_events, EventCategoryRow, EventReport, EventRow, CAMEO_ROOTS};
pub use html::{
    html_text, load_html_gold, score_html, score_text, HtmlExtraction, HtmlGoldPage, HtmlPageRow,
    HtmlReport, ShingleScore,
};
pub use metrics::Prf;
pub use quotes::{score_quotes, QuoteReport, QuoteSpanRow, QuoteSpeakerRow};
pub use timex::{normalise_value, score_timexes, TimexReport, TimexRow};

/// Labels of the entity mentions that are scored.
pub const ENTITY_LABELS: [&str; 3] = ["PER", "ORG", "LOC"];

/// Corpus name of documents loaded from MEANTIME CAT XML.
pub const MEANTIME: &str = "meantime";
/// Corpus name of documents loaded from GUM TEI XML.
pub const GUM: &str = "gum";
/// Corpus name of documents loaded from the PLOVER gold standard records.
pub const PLOVER_GSR: &str = "plover-gsr";

/// The kind of gold a document comes from, which says what it annotates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoldFormat {
    /// MEANTIME CAT XML: entity mentions and TIMEX3 (no quotes).
    #[default]
    Meantime,
    /// GUM TEI XML: dates and times, quotation spans (no entity gold).
    Gum,
    /// A `*.gold.json` file beside its `*.txt` article: quotes with speakers (no spans,
    /// entity mentions or temporal expressions are scored from it).
    QuoteSpeakers,
    /// A record of the PLOVER gold standard (`plover-gsr*.json`): one event with its
    /// category and actor codes (nothing else is scored from it).
    PloverGsr,
}

impl GoldFormat {
    /// Whether documents of this format carry scored entity mentions.
    pub fn has_entity_gold(self) -> bool {
        self == GoldFormat::Meantime
    }

    /// Whether documents of this format carry scored temporal expressions.
    pub fn has_timex_gold(self) -> bool {
        matches!(self, GoldFormat::Meantime | GoldFormat::Gum)
    }

    /// Whether documents of this format carry quote spans (GUM `<quote>`), scored by
    /// overlap.
    pub fn has_quote_spans(self) -> bool {
        self == GoldFormat::Gum
    }

    /// Whether documents of this format carry quotes with speakers, scored by their opening
    /// words.
    pub fn has_quote_speakers(self) -> bool {
        self == GoldFormat::QuoteSpeakers
    }

    /// Whether documents of this format carry scored events.
    pub fn has_event_gold(self) -> bool {
        self == GoldFormat::PloverGsr
    }
}

/// One gold document.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct GoldDoc {
    /// `meantime-<doc_id>` for MEANTIME, the GUM document id (`GUM_news_afghan`) for GUM,
    /// the article's file name without `.txt` for speaker gold (`000_96816e06d1c519d8`),
    /// the record's `id` for the PLOVER GSR (`PLOVER-GSR01-AGREE-0001`).
    pub id: String,
    /// [`MEANTIME`], [`GUM`] or [`PLOVER_GSR`]; for speaker gold, the `corpus` field of the
    /// gold file or the name of the directory holding it (`wikinews`, `seed`).
    pub corpus: String,
    /// Which gold the document comes from, hence which layers it annotates.
    pub format: GoldFormat,
    /// The article body rebuilt from the corpus tokens (title excluded): one line per
    /// MEANTIME sentence, one line per GUM paragraph, heading or caption; the article file
    /// as it is for speaker gold; the record's `text` as it is for the PLOVER GSR.
    pub text: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    pub title: Option<String>,
    /// Entity mentions, sorted by `(start, end)`. Only `PER`, `ORG` and `LOC` are scored
    /// (see [`GoldMention::is_scored`]); the other labels mark regions where a predicted
    /// mention is neither right nor wrong. Empty for GUM.
    pub mentions: Vec<GoldMention>,
    /// Temporal expressions, sorted by `(start, end)`.
    pub timexes: Vec<GoldTimex>,
    /// Quotes, sorted by `(start, end)`: GUM quotations and scare quotes, or the quotes of
    /// a speaker gold file. Empty for MEANTIME (which does not annotate quotes).
    pub quotes: Vec<GoldQuote>,
    /// Events: the one event of a PLOVER GSR record. Empty for the other formats.
    pub events: Vec<GoldEvent>,
    /// Code-point offset in [`GoldDoc::text`] where the annotated part ends, `None` when the
    /// whole text is annotated (GUM). MEANTIME annotates only the opening sentences of each
    /// article; this is the end of the last line (sentence) holding an entity mention of any
    /// type or a TIMEX3. Predictions starting at or after it are left out of the scores,
    /// neither right nor wrong (see [`GoldDoc::is_annotated_at`]); every gold annotation lies
    /// before it. [`article_json`] still gives the coder the whole text.
    pub annotated_until: Option<usize>,
}

/// A gold entity mention.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GoldMention {
    /// Unicode code points into [`GoldDoc::text`].
    pub start: usize,
    pub end: usize,
    /// `PER`, `ORG`, `LOC` (scored); `PRO`, `FIN`, `MIX`, `UNK` (a named mention of an
    /// unscored or unknown type), `EXT` (the long extent of a name that is scored on its
    /// inner name, e.g. `Ryanair CEO, Michael O'Leary`), `NOM` (a nominal, pronominal or
    /// other non-name mention).
    pub label: String,
}

impl GoldMention {
    /// Whether the mention counts in the scores (label `PER`, `ORG` or `LOC`).
    pub fn is_scored(&self) -> bool {
        ENTITY_LABELS.contains(&self.label.as_str())
    }
}

/// A gold temporal expression.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GoldTimex {
    /// Unicode code points into [`GoldDoc::text`].
    pub start: usize,
    pub end: usize,
    /// TIMEX3-style value as annotated (`2007-05`, `2005-06-13T08:30Z`, `PRESENT_REF`,
    /// `2017-W28`); `None` when the corpus gives no value comparable to a TIMEX3 value.
    pub value: Option<String>,
    /// `DATE`, `TIME`, `DURATION` or `SET`. Only `DATE` and `TIME` are scored.
    pub kind: String,
}

impl GoldTimex {
    /// Whether the expression counts in the scores (kind `DATE` or `TIME`).
    pub fn is_scored(&self) -> bool {
        self.kind == "DATE" || self.kind == "TIME"
    }
}

/// A gold quote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GoldQuote {
    /// Unicode code points into [`GoldDoc::text`]: the quoted words without the quotation
    /// marks. For speaker gold, where the file gives only the opening words (`starts`), the
    /// span is where those words are found in the text, not the whole quote.
    pub start: usize,
    pub end: usize,
    /// GUM: `direct` (a quotation whose first letter is a capital: a quoted sentence) or
    /// `partial` (one starting in lower case: a fragment run into the reporter's sentence);
    /// and two kinds of regions that are not scored but where a predicted quote is neither
    /// right nor wrong: `scare` (`<q>`: quotation marks that, per GUM, do not mark a
    /// quotation, such as scare quotes, names and titles) and `unannotated` (quotation marks
    /// outside any `<quote>` or `<q>`: GUM left them unannotated).
    ///
    /// Speaker gold: the file's `kind`, `direct` when it gives none. There `direct` is a
    /// scored quote (of three words or more, whether a whole sentence or a fragment woven
    /// into the reporting sentence) and `partial` an entry that is not scored (scare quotes,
    /// names, one- or two-word quotes): a prediction matching it is neither right nor wrong.
    pub kind: String,
    /// Whether the quote counts in the scores: GUM `direct` and `partial`, speaker gold
    /// `direct`.
    pub scored: bool,
    /// Speaker gold: the quote's opening words as the file gives them.
    pub starts: Option<String>,
    /// Speaker gold: who said it (`None` when the file names no speaker).
    pub speaker: Option<GoldSpeaker>,
    /// Speaker gold: the date the quote was said (`YYYY-MM-DD`), when the file gives one.
    pub date: Option<String>,
}

impl GoldQuote {
    /// Whether the quote counts in the scores ([`GoldQuote::scored`]).
    pub fn is_scored(&self) -> bool {
        self.scored
    }
}

/// The speaker of a gold quote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GoldSpeaker {
    /// The name (`Vedant Patel`) or description (`senior administration official`).
    pub name: String,
    /// Other names that count as right (`Foreign Ministry`).
    pub aliases: Vec<String>,
    /// The file marks the speaker as anonymous.
    pub anonymous: bool,
}

/// A gold event: what a PLOVER gold standard record codes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GoldEvent {
    /// The PLOVER 0.5 category as the gold names it (`AGREE`, `DEMAND`, `FIGHT`); see
    /// [`CAMEO_ROOTS`] for the names that are not PLOVER 2021 categories.
    pub category: String,
    /// The PLOVER mode (`visit`, `heavy-weapons`), when given; not scored.
    pub mode: Option<String>,
    /// The words of the event (`agreed cooperate`), when given; not scored.
    pub text: Option<String>,
    /// The context (`refugees`), when given; not scored.
    pub context: Option<String>,
    /// Source actors, empty when the record gives none (no list, `null`, a string).
    pub source: Vec<GoldActor>,
    /// Target actors, empty when the record gives none.
    pub target: Vec<GoldActor>,
}

impl GoldEvent {
    /// The codes of the source actors (upper case, as loaded), without duplicates.
    pub fn source_codes(&self) -> Vec<&str> {
        codes(&self.source)
    }

    /// The codes of the target actors (upper case, as loaded), without duplicates.
    pub fn target_codes(&self) -> Vec<&str> {
        codes(&self.target)
    }
}

fn codes(actors: &[GoldActor]) -> Vec<&str> {
    let mut out: Vec<&str> = vec![];
    for code in actors.iter().filter_map(|a| a.code.as_deref()) {
        if !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// A source or target actor of a gold event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GoldActor {
    /// The words naming it (`Senior Hungarian officials` may be given as `Hungarian`).
    pub text: String,
    /// CAMEO-style code, upper case: an ISO 3166-1 alpha-3 country (`HUN`) or a
    /// transnational code (`IGO`, `NGO`, `IMG`); `None` when the record gives none. Three
    /// non-ISO country codes of the GSR are rewritten (`ITL` → `ITA`, `JAP` → `JPN`,
    /// `VTN` → `VNM`; docs/eval.md).
    pub code: Option<String>,
    /// The sector (`GOV`, `MIL`, `REB`), when given; not scored.
    pub sector: Option<String>,
}

impl GoldDoc {
    /// The quotes that count in the scores (GUM `scare` and `unannotated` regions and
    /// speaker gold `partial` entries left out).
    pub fn scored_quotes(&self) -> impl Iterator<Item = &GoldQuote> {
        self.quotes.iter().filter(|q| q.is_scored())
    }

    /// The mentions that count in the scores.
    pub fn scored_mentions(&self) -> impl Iterator<Item = &GoldMention> {
        self.mentions.iter().filter(|m| m.is_scored())
    }

    /// The temporal expressions that count in the scores.
    pub fn scored_timexes(&self) -> impl Iterator<Item = &GoldTimex> {
        self.timexes.iter().filter(|t| t.is_scored())
    }

    /// Whether the gold annotates the text at code-point offset `start`: a prediction
    /// starting there is scored; one starting at or after [`GoldDoc::annotated_until`] is
    /// neither right nor wrong.
    pub fn is_annotated_at(&self, start: usize) -> bool {
        self.annotated_until.is_none_or(|end| start < end)
    }

    /// The code-point slice `[start, end)` of the text.
    pub fn slice(&self, start: usize, end: usize) -> String {
        text::slice_chars(&self.text, start, end)
    }
}

/// Why gold data could not be loaded. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not well-formed XML: {source}")]
    Xml {
        path: PathBuf,
        #[source]
        source: roxmltree::Error,
    },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    #[error("{path}: document id {id} is also used by {other}")]
    DuplicateId {
        path: PathBuf,
        id: String,
        other: PathBuf,
    },
    #[error("{path}: not valid JSON: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error(
        "{path}: no MEANTIME, GUM, speaker gold (*.gold.json) or PLOVER GSR (plover-gsr*.json) documents found"
    )]
    NoDocuments { path: PathBuf },
}

impl EvalError {
    pub(crate) fn format(path: &Path, message: impl Into<String>) -> EvalError {
        EvalError::Format {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

/// Loads every gold document under `dir` (walked recursively; a single file works too).
///
/// XML files whose root is MEANTIME's `<Document>` or GUM's `<text id=..>` are loaded, and
/// every `*.gold.json` speaker gold file with its article (`document`, else the `*.txt` of
/// the same name beside it), and every `plover-gsr*.json` (one document a record); other
/// files are skipped. Documents are sorted by id. Pointing at the directory holding
/// `meantime/`, `gum-news/` and `plover-gsr/` loads all three corpora.
pub fn load_gold(dir: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    Ok(load_all(dir)?.into_iter().map(|l| l.doc).collect())
}

/// [`load_gold`] with what each loader set aside.
pub(crate) fn load_all(dir: &Path) -> Result<Vec<meantime::Loaded>, EvalError> {
    let mut files = vec![];
    collect_gold_files(dir, &mut files)?;
    files.sort();
    let mut docs: Vec<(meantime::Loaded, PathBuf)> = vec![];
    for path in files {
        let raw = std::fs::read_to_string(&path).map_err(|source| EvalError::Io {
            path: path.clone(),
            source,
        })?;
        let loaded = if is_speaker_gold(&path) {
            vec![speakers::load(&path, &raw)?]
        } else if plover::is_gsr(&path) {
            plover::load(&path, &raw)?
        } else {
            load_str(&path, &raw)?.into_iter().collect()
        };
        docs.extend(loaded.into_iter().map(|l| (l, path.clone())));
    }
    if docs.is_empty() {
        return Err(EvalError::NoDocuments {
            path: dir.to_path_buf(),
        });
    }
    docs.sort_by(|a, b| a.0.doc.id.cmp(&b.0.doc.id));
    for w in docs.windows(2) {
        if w[0].0.doc.id == w[1].0.doc.id {
            return Err(EvalError::DuplicateId {
                path: w[1].1.clone(),
                id: w[1].0.doc.id.clone(),
                other: w[0].1.clone(),
            });
        }
    }
    Ok(docs.into_iter().map(|(d, _)| d).collect())
}

/// One XML file's gold document; `None` when it is neither MEANTIME nor GUM.
pub(crate) fn load_str(path: &Path, raw: &str) -> Result<Option<meantime::Loaded>, EvalError> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let xml =
        roxmltree::Document::parse_with_options(raw, opts).map_err(|source| EvalError::Xml {
            path: path.to_path_buf(),
            source,
        })?;
    let root = xml.root_element();
    Ok(match root.tag_name().name() {
        "Document" if root.children().any(|c| c.has_tag_name("token")) => {
            Some(meantime::load_checked(path, &xml)?)
        }
        "text" if root.has_attribute("id") => Some(gum::load_checked(path, &xml)?),
        _ => None,
    })
}

/// `*.gold.json`: a speaker gold file.
fn is_speaker_gold(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        n.len() > ".gold.json".len() && n.to_ascii_lowercase().ends_with(".gold.json")
    })
}

fn collect_gold_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), EvalError> {
    let io = |source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_file() {
        let is_xml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
        if is_xml || is_speaker_gold(path) || plover::is_gsr(path) {
            out.push(path.to_path_buf());
        }
        return Ok(());
    }
    for entry in std::fs::read_dir(path).map_err(io)? {
        let entry = entry.map_err(io)?;
        collect_gold_files(&entry.path(), out)?;
    }
    Ok(())
}

/// The input line the coder (or spaCy) is given for a gold document:
/// `{"id", "text", "published", "title"}`.
pub fn article_json(doc: &GoldDoc) -> serde_json::Value {
    serde_json::json!({
        "id": doc.id,
        "text": doc.text,
        "published": doc.published,
        "title": doc.title,
    })
}

/// `a / b`, 0 when `b` is zero.
pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Writes a Markdown table: the header row of `columns`, the first `left` of them aligned
/// left (names) and the others right (numbers), then `rows`.
pub(crate) fn write_table(
    f: &mut fmt::Formatter<'_>,
    columns: &[&str],
    left: usize,
    rows: &[Vec<String>],
) -> fmt::Result {
    writeln!(f, "| {} |", columns.join(" | "))?;
    let align: Vec<&str> = (0..columns.len())
        .map(|i| if i < left { "---" } else { "--:" })
        .collect();
    writeln!(f, "|{}|", align.join("|"))?;
    for row in rows {
        writeln!(f, "| {} |", row.join(" | "))?;
    }
    Ok(())
}

/// `x` with three decimals, or `–` when `n` (its denominator) is zero.
pub(crate) fn fmt_ratio(x: f64, n: usize) -> String {
    if n == 0 {
        "–".to_string()
    } else {
        format!("{x:.3}")
    }
}

pub(crate) struct Plural<'a>(pub usize, pub &'a str);

impl fmt::Display for Plural<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 1 {
            write!(f, "1 {}", self.1)
        } else {
            write!(f, "{} {}s", self.0, self.1)
        }
    }
}
