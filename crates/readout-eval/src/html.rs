//! Reading news pages: the gold (pages with the text and metadata a reader should get from
//! them) and the scores of an extractor against it.
//!
//! The gold is a directory with an `index.jsonl`, one page a line: `{"dir", "source_html",
//! "expected", "title", "published", "url", "outlet"}`; `dir` holds the page
//! (`source_html`), the expected article as HTML (`expected`, e.g. Readability.js output)
//! and optionally `expected-metadata.json` (Readability.js metadata: `title`,
//! `publishedTime`, `siteName`), which fills in what the index line leaves out.
//!
//! Text is scored as the ScrapingHub article-extraction benchmark scores it: the words (runs
//! of letters, digits and `_`, lower-cased) of each text are cut into overlapping 4-word
//! shingles, and precision, recall and F1 count the shingles both texts share (as
//! multisets). Scores are per page, then averaged over the pages.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::{fmt_ratio, write_table, EvalError};

/// Words in a shingle.
pub const SHINGLE_WORDS: usize = 4;

/// One gold page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HtmlGoldPage {
    /// The page's directory name (`16_readability_bbc-1`).
    pub id: String,
    /// The page as served.
    pub source: PathBuf,
    /// The expected article text: the expected HTML with its tags stripped, one line per
    /// block element.
    pub text: String,
    pub title: Option<String>,
    /// As the gold gives it: `YYYY-MM-DD` or an RFC 3339 timestamp.
    pub published: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
}

/// What an extractor read from one gold page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HtmlExtraction {
    /// The gold page's id.
    pub id: String,
    pub text: String,
    pub title: Option<String>,
    pub published: Option<String>,
}

/// Precision, recall and F1 of 4-word shingles on one page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ShingleScore {
    /// Shingles of the expected text.
    pub gold: usize,
    /// Shingles of the extracted text.
    pub predicted: usize,
    /// Shingles in both (counted with their multiplicity in each, the smaller).
    pub shared: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// One page's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HtmlPageRow {
    pub id: String,
    /// `None` when the extractor gave nothing for the page (it failed): it then scores 0.
    pub error: Option<String>,
    pub text: ShingleScore,
    pub title_gold: Option<String>,
    pub title_predicted: Option<String>,
    /// Whether the titles agree (after normalising case, spaces and quotation marks);
    /// `None` when the gold has no title.
    pub title_ok: Option<bool>,
    pub published_gold: Option<String>,
    pub published_predicted: Option<String>,
    /// Whether the publication dates (`YYYY-MM-DD`, the date part of a timestamp) agree;
    /// `None` when the gold has no date.
    pub published_ok: Option<bool>,
}

/// The scores of one extractor on the gold pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HtmlReport {
    pub pages: Vec<HtmlPageRow>,
    /// Mean over the pages of each page's precision, recall and F1.
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub titles_compared: usize,
    pub titles_correct: usize,
    pub published_compared: usize,
    pub published_correct: usize,
}

/// Loads the gold pages listed in `dir/index.jsonl`, in index order.
pub fn load_html_gold(dir: &Path) -> Result<Vec<HtmlGoldPage>, EvalError> {
    let index = dir.join("index.jsonl");
    let raw = read(&index)?;
    let mut pages: Vec<HtmlGoldPage> = vec![];
    for (i, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |message: String| EvalError::format(&index, format!("line {}: {message}", i + 1));
        let entry: Value =
            serde_json::from_str(line).map_err(|e| at(format!("not valid JSON: {e}")))?;
        let field = |key: &str| -> Option<String> {
            entry
                .get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let id = field("dir").ok_or_else(|| at("no \"dir\"".to_string()))?;
        if pages.iter().any(|p| p.id == id) {
            return Err(at(format!("page {id} is listed twice")));
        }
        let page_dir = dir.join(&id);
        let source = page_dir.join(field("source_html").as_deref().unwrap_or("source.html"));
        if !source.is_file() {
            return Err(at(format!("no page at {}", source.display())));
        }
        let expected = page_dir.join(field("expected").as_deref().unwrap_or("expected.html"));
        let text = html_text(&read(&expected)?);
        let meta_path = page_dir.join("expected-metadata.json");
        let meta: Value = if meta_path.is_file() {
            serde_json::from_str(&read(&meta_path)?).map_err(|source| EvalError::Json {
                path: meta_path.clone(),
                source,
            })?
        } else {
            Value::Null
        };
        let meta_field = |key: &str| {
            meta.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        pages.push(HtmlGoldPage {
            title: field("title").or_else(|| meta_field("title")),
            published: field("published").or_else(|| meta_field("publishedTime")),
            url: field("url"),
            site: field("outlet").or_else(|| meta_field("siteName")),
            id,
            source,
            text,
        });
    }
    if pages.is_empty() {
        return Err(EvalError::format(&index, "no pages listed"));
    }
    Ok(pages)
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Elements that start a new line of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// The text of an HTML document or fragment: its text nodes, a line break around every block
/// element, `script`/`style`/`template` left out, runs of spaces collapsed, blank lines
/// dropped.
pub fn html_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let mut raw = String::new();
    let mut stack = vec![(doc.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        let block = node
            .value()
            .as_element()
            .is_some_and(|e| BLOCKS.contains(&e.name()));
        if closing {
            if block {
                raw.push('\n');
            }
            continue;
        }
        match node.value() {
            scraper::Node::Text(t) => raw.push_str(t),
            scraper::Node::Element(e)
                if matches!(e.name(), "script" | "style" | "template" | "noscript") =>
            {
                continue
            }
            _ => {}
        }
        if block {
            raw.push('\n');
        }
        stack.push((node, true));
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev().map(|c| (c, false)));
    }
    raw.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lower-cased words of `text`: runs of letters, digits and `_` (Python's `\w+`).
/// Characters a reader does not see (the soft hyphen, zero-width spaces and joiners) are
/// dropped first, so `Netan\u{ad}yahu` is one word, as it is on the screen.
pub fn words(text: &str) -> Vec<String> {
    let visible: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .collect();
    visible
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The multiset of `n`-word shingles of `text`; a text of fewer than `n` words (but at
/// least one) is one shingle.
fn shingles(text: &str, n: usize) -> HashMap<String, usize> {
    let words = words(text);
    let mut out = HashMap::new();
    if words.is_empty() {
        return out;
    }
    if words.len() < n {
        out.insert(words.join(" "), 1);
        return out;
    }
    for w in words.windows(n) {
        *out.entry(w.join(" ")).or_insert(0) += 1;
    }
    out
}

/// Precision, recall and F1 of the extracted text's 4-word shingles against the expected
/// text's. Two empty texts agree perfectly.
pub fn score_text(expected: &str, extracted: &str) -> ShingleScore {
    let gold = shingles(expected, SHINGLE_WORDS);
    let pred = shingles(extracted, SHINGLE_WORDS);
    let gold_n: usize = gold.values().sum();
    let pred_n: usize = pred.values().sum();
    let shared: usize = pred
        .iter()
        .map(|(k, &n)| n.min(gold.get(k).copied().unwrap_or(0)))
        .sum();
    let (precision, recall) = if gold_n == 0 && pred_n == 0 {
        (1.0, 1.0)
    } else {
        (crate::ratio(shared, pred_n), crate::ratio(shared, gold_n))
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    ShingleScore {
        gold: gold_n,
        predicted: pred_n,
        shared,
        precision,
        recall,
        f1,
    }
}

/// A title as compared: lower case, straight quotes and apostrophes, plain hyphens, single
/// spaces.
fn normalise_title(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201f}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' => '-',
            _ => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The date part (`YYYY-MM-DD`) of a date or timestamp.
fn date_part(s: &str) -> &str {
    let s = s.trim();
    s.get(..10).unwrap_or(s)
}

/// Scores `predictions` (matched to the gold by id) against the gold pages. A page without a
/// prediction scores 0 with the reason in `errors` (id → message) or "no extraction".
pub fn score_html(
    gold: &[HtmlGoldPage],
    predictions: &[HtmlExtraction],
    errors: &HashMap<String, String>,
) -> HtmlReport {
    let mut pages = vec![];
    for page in gold {
        let pred = predictions.iter().find(|p| p.id == page.id);
        let error = match pred {
            Some(_) => None,
            None => Some(
                errors
                    .get(&page.id)
                    .cloned()
                    .unwrap_or_else(|| "no extraction".to_string()),
            ),
        };
        let text = match pred {
            Some(p) => score_text(&page.text, &p.text),
            None => ShingleScore {
                gold: score_text(&page.text, "").gold,
                ..ShingleScore::default()
            },
        };
        let title_predicted = pred.and_then(|p| p.title.clone());
        let published_predicted = pred.and_then(|p| p.published.clone());
        pages.push(HtmlPageRow {
            id: page.id.clone(),
            error,
            text,
            title_ok: page.title.as_ref().map(|g| {
                title_predicted
                    .as_ref()
                    .is_some_and(|t| normalise_title(t) == normalise_title(g))
            }),
            title_gold: page.title.clone(),
            title_predicted,
            published_ok: page.published.as_ref().map(|g| {
                published_predicted
                    .as_ref()
                    .is_some_and(|p| date_part(p) == date_part(g))
            }),
            published_gold: page.published.clone(),
            published_predicted,
        });
    }
    let n = pages.len().max(1) as f64;
    let mean = |f: fn(&ShingleScore) -> f64| pages.iter().map(|p| f(&p.text)).sum::<f64>() / n;
    let count = |f: fn(&HtmlPageRow) -> Option<bool>| {
        let compared = pages.iter().filter(|p| f(p).is_some()).count();
        let correct = pages.iter().filter(|p| f(p) == Some(true)).count();
        (compared, correct)
    };
    let (titles_compared, titles_correct) = count(|p| p.title_ok);
    let (published_compared, published_correct) = count(|p| p.published_ok);
    HtmlReport {
        precision: mean(|s| s.precision),
        recall: mean(|s| s.recall),
        f1: mean(|s| s.f1),
        titles_compared,
        titles_correct,
        published_compared,
        published_correct,
        pages,
    }
}

impl fmt::Display for HtmlReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Reading HTML pages (article text: 4-word shingles, per page, averaged; title and publication date agreement)."
        )?;
        writeln!(f)?;
        let yes_no = |ok: Option<bool>| match ok {
            None => "–".to_string(),
            Some(true) => "yes".to_string(),
            Some(false) => "no".to_string(),
        };
        let mut rows: Vec<Vec<String>> = self
            .pages
            .iter()
            .map(|p| {
                let s = &p.text;
                vec![
                    p.id.clone(),
                    s.gold.to_string(),
                    s.predicted.to_string(),
                    format!("{:.3}", s.precision),
                    format!("{:.3}", s.recall),
                    format!("{:.3}", s.f1),
                    yes_no(p.title_ok),
                    yes_no(p.published_ok),
                ]
            })
            .collect();
        rows.push(vec![
            "**mean**".to_string(),
            self.pages
                .iter()
                .map(|p| p.text.gold)
                .sum::<usize>()
                .to_string(),
            self.pages
                .iter()
                .map(|p| p.text.predicted)
                .sum::<usize>()
                .to_string(),
            fmt_ratio(self.precision, self.pages.len()),
            fmt_ratio(self.recall, self.pages.len()),
            fmt_ratio(self.f1, self.pages.len()),
            format!("{}/{}", self.titles_correct, self.titles_compared),
            format!("{}/{}", self.published_correct, self.published_compared),
        ]);
        write_table(
            f,
            &[
                "page",
                "gold shingles",
                "extracted",
                "P",
                "R",
                "F1",
                "title",
                "published",
            ],
            1,
            &rows,
        )?;
        let mut notes = vec![];
        for p in &self.pages {
            if let Some(e) = &p.error {
                notes.push(format!("{}: {e}", p.id));
            }
            if p.title_ok == Some(false) {
                notes.push(format!(
                    "{}: title {:?}, expected {:?}",
                    p.id,
                    p.title_predicted.as_deref().unwrap_or(""),
                    p.title_gold.as_deref().unwrap_or("")
                ));
            }
            if p.published_ok == Some(false) {
                notes.push(format!(
                    "{}: published {:?}, expected {:?}",
                    p.id,
                    p.published_predicted.as_deref().unwrap_or(""),
                    p.published_gold.as_deref().unwrap_or("")
                ));
            }
        }
        if !notes.is_empty() {
            writeln!(f)?;
            writeln!(f, "Notes: {}.", notes.join("; "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_scores() {
        let s = score_text("The cat sat on the mat.", "the CAT sat on the mat");
        assert_eq!((s.gold, s.predicted, s.shared), (3, 3, 3));
        assert_eq!(s.f1, 1.0);
        // Boilerplate added: precision falls, recall stays.
        let s = score_text(
            "one two three four five",
            "Home News one two three four five",
        );
        assert_eq!((s.gold, s.predicted, s.shared), (2, 4, 2));
        assert_eq!((s.precision, s.recall), (0.5, 1.0));
        // Repeated text counts once against a gold that has it once.
        let s = score_text("a b c d", "a b c d a b c d");
        assert_eq!((s.gold, s.predicted, s.shared), (1, 5, 1));
        // Short texts are one shingle.
        assert_eq!(score_text("hello world", "Hello, world!").f1, 1.0);
        assert_eq!(score_text("", "").f1, 1.0);
        assert_eq!(score_text("a b c d", "").f1, 0.0);
        assert_eq!(words("Don't stop—café_2"), ["don", "t", "stop", "café_2"]);
        assert_eq!(words("Netan\u{ad}yahu"), ["netanyahu"]);
    }

    #[test]
    fn text_of_html() {
        let t = html_text(
            "<div><p>First <b>para</b>graph.</p><p>Second</p><script>var x;</script>\
             <ul><li>a</li><li>b</li></ul>one<br>two &amp; three</div>",
        );
        assert_eq!(t, "First paragraph.\nSecond\na\nb\none\ntwo & three");
    }

    #[test]
    fn metadata_agreement() {
        let gold = vec![HtmlGoldPage {
            id: "p".into(),
            source: PathBuf::from("p/source.html"),
            text: "w1 w2 w3 w4 w5".into(),
            title: Some("Obama’s  ‘frustration’".into()),
            published: Some("2015-07-24".into()),
            url: None,
            site: None,
        }];
        let pred = HtmlExtraction {
            id: "p".into(),
            text: "w1 w2 w3 w4 w5".into(),
            title: Some("obama's 'frustration'".into()),
            published: Some("2015-07-24T05:36:09+01:00".into()),
        };
        let r = score_html(&gold, &[pred], &HashMap::new());
        assert_eq!(r.f1, 1.0);
        assert_eq!((r.titles_correct, r.published_correct), (1, 1));
        let errors = HashMap::from([("p".to_string(), "boom".to_string())]);
        let r = score_html(&gold, &[], &errors);
        assert_eq!(r.f1, 0.0);
        assert_eq!(r.pages[0].error.as_deref(), Some("boom"));
        assert_eq!((r.titles_compared, r.titles_correct), (1, 0));
        let md = r.to_string();
        assert!(md.contains("| **mean** | 2 | 0 | 0.000 |"), "{md}");
        assert!(md.contains("p: boom"), "{md}");
    }
}
