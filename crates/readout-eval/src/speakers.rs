//! Speaker gold: a hand-made `*.gold.json` beside its `*.txt` article, in the seed's format
//! (`tests/fixtures/seed/000_96816e06d1c519d8.gold.json`):
//!
//! ```text
//! {"document": "000_96816e06d1c519d8.txt", "published": "2023-06-06",
//!  "quotes": [{"starts": "We have no travel for the Secretary to announce",
//!              "speaker": "Vedant Patel", "speaker_aliases": [..], "kind": "direct",
//!              "date": "2023-06-06", "anonymous": false}, ..], ..}
//! ```
//!
//! Only `quotes` (and `document`, `published`, `corpus`) are read; the other sections are
//! `check-seed.py`'s. Quotes are matched the way `/work/shared/tools/check-seed.py` does:
//! by their normalised opening words ([`strip_q`]). An entry's `kind` is `direct` (scored;
//! the default) or `partial` (not scored: a prediction matching it is ignored), as
//! `tests/fixtures/quotes/README.md` defines them.

use std::path::Path;

use serde_json::Value;

use crate::meantime::{day_of, Loaded};
use crate::{EvalError, GoldDoc, GoldFormat, GoldQuote, GoldSpeaker};

pub(crate) fn load(path: &Path, raw: &str) -> Result<Loaded, EvalError> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let value: Value = serde_json::from_str(raw).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        source,
    })?;
    let obj = value
        .as_object()
        .ok_or_else(|| EvalError::format(path, "speaker gold is not a JSON object"))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = &name[..name.len().saturating_sub(".gold.json".len())];
    let article = match obj.get("document") {
        Some(Value::String(d)) if !d.trim().is_empty() => dir.join(d.trim()),
        None | Some(Value::Null) => dir.join(format!("{stem}.txt")),
        Some(_) => {
            return Err(EvalError::format(
                path,
                "`document` must name the article file (a string)",
            ))
        }
    };
    let text = std::fs::read_to_string(&article).map_err(|e| {
        EvalError::format(
            path,
            format!("cannot read the article {}: {e}", article.display()),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let id = article
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(stem)
        .to_string();
    let corpus = match obj.get("corpus").and_then(Value::as_str) {
        Some(c) if !c.trim().is_empty() => c.trim().to_string(),
        _ => dir
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| !n.is_empty())
            .unwrap_or("quotes")
            .to_string(),
    };
    let published = match obj.get("published") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(day_of(p.trim()).ok_or_else(|| {
            EvalError::format(path, format!("`published` {p:?} is not YYYY-MM-DD"))
        })?),
        Some(other) => {
            return Err(EvalError::format(
                path,
                format!("`published` {other} is not YYYY-MM-DD"),
            ))
        }
    };
    let Some(items) = obj.get("quotes").and_then(Value::as_array) else {
        return Err(EvalError::format(
            path,
            "speaker gold has no `quotes` array",
        ));
    };

    let haystack = NormText::new(&text);
    let mut quotes = vec![];
    for (i, q) in items.iter().enumerate() {
        let n = i + 1;
        let field = |key: &str| {
            q.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let Some(starts) = field("starts") else {
            return Err(EvalError::format(
                path,
                format!("quote {n}: no `starts` (the quote's opening words)"),
            ));
        };
        if strip_q(starts).is_empty() {
            return Err(EvalError::format(
                path,
                format!("quote {n}: `starts` {starts:?} has no words"),
            ));
        }
        let Some((start, end)) = haystack.find(&strip_q(starts)) else {
            return Err(EvalError::format(
                path,
                format!(
                    "quote {n}: `starts` {starts:?} is not in the article {}",
                    article.display()
                ),
            ));
        };
        let speaker = field("speaker").map(|name| GoldSpeaker {
            name: name.to_string(),
            aliases: q
                .get("speaker_aliases")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            anonymous: q.get("anonymous").and_then(Value::as_bool).unwrap_or(false),
        });
        let kind = field("kind").map_or("direct".to_string(), str::to_lowercase);
        quotes.push(GoldQuote {
            start,
            end,
            scored: kind == "direct",
            kind,
            starts: Some(starts.to_string()),
            speaker,
            date: field("date").map(str::to_string),
        });
    }

    Ok(Loaded {
        doc: GoldDoc {
            id,
            corpus,
            format: GoldFormat::QuoteSpeakers,
            text,
            published,
            title: None,
            mentions: vec![],
            timexes: vec![],
            quotes,
            events: vec![],
            // Every quote of the article is in the file.
            annotated_until: None,
        },
        ..Loaded::default()
    })
}

/// One character as `check-seed.py`'s `norm` sees it before white space is collapsed: NFKC
/// (approximated for what news text holds: `…`, ligatures, full-width forms, non-breaking
/// and other spaces), typographic quotes folded to `'` and `"`, lower case.
fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' => out.push('\''),
        '\u{201c}' | '\u{201d}' => out.push('"'),
        '\u{2026}' => out.push_str("..."),
        '\u{fb00}' => out.push_str("ff"),
        '\u{fb01}' => out.push_str("fi"),
        '\u{fb02}' => out.push_str("fl"),
        '\u{fb03}' => out.push_str("ffi"),
        '\u{fb04}' => out.push_str("ffl"),
        '\u{ff01}'..='\u{ff5e}' => {
            let ascii = char::from_u32(c as u32 - 0xfee0).unwrap_or(c);
            out.extend(ascii.to_lowercase());
        }
        c if c.is_whitespace() => out.push(' '),
        c => out.extend(c.to_lowercase()),
    }
}

/// `check-seed.py`'s `norm`: NFKC (approximated, [`fold_char`]), typographic quotes folded,
/// white space collapsed and trimmed, lower case.
pub(crate) fn norm(s: &str) -> String {
    NormText::new(s).text
}

/// `check-seed.py`'s `strip_q`: [`norm`], then spaces, quotation marks and `. , ; :`
/// stripped from both ends.
pub(crate) fn strip_q(s: &str) -> String {
    norm(s).trim_matches(|c| " \"'.,;:".contains(c)).to_string()
}

/// Normalised text with, for every character, the code point of the source it comes from.
struct NormText {
    text: String,
    /// Source code-point index of each character of `text`.
    from: Vec<usize>,
}

impl NormText {
    fn new(source: &str) -> NormText {
        let mut text = String::new();
        let mut from = vec![];
        let mut buf = String::new();
        let mut pending_space = false;
        for (i, c) in source.chars().enumerate() {
            buf.clear();
            fold_char(c, &mut buf);
            for f in buf.chars() {
                if f == ' ' {
                    pending_space = !text.is_empty();
                    continue;
                }
                if pending_space {
                    text.push(' ');
                    from.push(i);
                    pending_space = false;
                }
                text.push(f);
                from.push(i);
            }
        }
        NormText { text, from }
    }

    /// Code-point span in the source of the first occurrence of `needle` (already
    /// normalised).
    fn find(&self, needle: &str) -> Option<(usize, usize)> {
        if needle.is_empty() {
            return None;
        }
        let byte = self.text.find(needle)?;
        let first = self.text[..byte].chars().count();
        let last = first + needle.chars().count() - 1;
        Some((self.from[first], self.from[last] + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_like_check_seed() {
        assert_eq!(
            norm("  We\u{a0}have  “no”\ttravel’s\n"),
            "we have \"no\" travel's"
        );
        assert_eq!(strip_q("“candid, constructive,”"), "candid, constructive");
        assert_eq!(strip_q("…and then."), "and then");
        assert_eq!(norm("wait… what"), "wait... what");
        assert_eq!(norm("ＡＢ ﬁne"), "ab fine");
    }

    #[test]
    fn finding_opening_words() {
        let text = "He said, “We have  no\ntravel,” today.";
        let t = NormText::new(text);
        let (start, end) = t.find(&strip_q("we have no travel")).unwrap();
        let got: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(got, "We have  no\ntravel");
        assert_eq!(t.find("nothing"), None);
    }
}
