//! GUM news documents, TEI-style XML (`xml/GUM_news_*.xml`).
//!
//! ```text
//! <text id="GUM_news_afghan" title=".." dateCreated="2017-07-18" ..>
//! <head><s>After\tIN\tafter.. (one token a line: word, PTB tag, lemma, ..)</s></head>
//! <p><s><hi rend="bold"><date when="2017-07-21">Friday\tNP\t..</date></hi></s></p>
//! <p><s>.. <w>all\t..\n-\t..\ngirl\t..</w> ..</s></p>
//! ```
//!
//! The first `<head>` is the title and the first paragraph the dateline. `<w>` groups tokens
//! written without spaces (`all-girl`); the PTB tag tells opening from closing quotes.
//! `<date when|from/to|notBefore/notAfter>` and `<time when>` are the temporal expressions.

use std::path::Path;

use jiff::civil::{Date, Weekday};
use roxmltree::{Document, Node};

use crate::meantime::{day_of, Loaded, SpanCheck};
use crate::text::{lay_out, resolve_quotes, Quote, Tok};
use crate::{EvalError, GoldDoc, GoldTimex, GUM};

/// Elements whose content is laid out as one line of text.
const BLOCKS: &[&str] = &["p", "head", "item", "caption"];

struct RawTok<'a> {
    word: &'a str,
    tag: &'a str,
    sentence: usize,
    block: usize,
    w: Option<usize>,
    in_title: bool,
}

struct DateRec<'a, 'i> {
    node: Node<'a, 'i>,
    lo: usize,
    hi: usize,
}

#[derive(Clone, Copy)]
struct Ctx {
    sentence: Option<usize>,
    block: Option<usize>,
    w: Option<usize>,
    in_title: bool,
}

struct Walk<'a, 'i> {
    toks: Vec<RawTok<'a>>,
    dates: Vec<DateRec<'a, 'i>>,
}

impl<'a, 'i> Walk<'a, 'i> {
    fn walk(&mut self, node: Node<'a, 'i>, mut ctx: Ctx) {
        if node.is_text() {
            let Some(text) = node.text() else { return };
            let id = node.id().get() as usize;
            for line in text.lines() {
                let mut fields = line.trim_end_matches('\r').split('\t');
                let word = fields.next().unwrap_or("").trim();
                if word.is_empty() {
                    continue;
                }
                let tag = fields.next().unwrap_or("").trim();
                let sentence = ctx.sentence.or(ctx.block).unwrap_or(id);
                self.toks.push(RawTok {
                    word,
                    tag,
                    sentence,
                    block: ctx.block.unwrap_or(sentence),
                    w: ctx.w,
                    in_title: ctx.in_title,
                });
            }
            return;
        }
        if !node.is_element() {
            return;
        }
        let name = node.tag_name().name();
        let id = node.id().get() as usize;
        match name {
            "s" => ctx.sentence = Some(id),
            "w" => ctx.w = Some(id),
            _ if BLOCKS.contains(&name) => ctx.block = Some(id),
            _ => {}
        }
        let lo = self.toks.len();
        for child in node.children() {
            self.walk(child, ctx);
        }
        if (name == "date" || name == "time") && self.toks.len() > lo {
            self.dates.push(DateRec {
                node,
                lo,
                hi: self.toks.len(),
            });
        }
    }
}

pub(crate) fn load_checked(path: &Path, xml: &Document) -> Result<Loaded, EvalError> {
    let root = xml.root_element();
    let id = root
        .attribute("id")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| EvalError::format(path, "GUM <text> has no id"))?;

    let mut walk = Walk {
        toks: vec![],
        dates: vec![],
    };
    let title_node = root
        .children()
        .find(|c| c.is_element())
        .filter(|c| c.has_tag_name("head"));
    let ctx = Ctx {
        sentence: None,
        block: None,
        w: None,
        in_title: false,
    };
    for child in root.children() {
        let in_title = Some(child) == title_node;
        walk.walk(child, Ctx { in_title, ..ctx });
    }
    if walk.toks.iter().all(|t| t.in_title) {
        return Err(EvalError::format(
            path,
            "GUM document has no tokens outside its title",
        ));
    }

    let mut title_toks = vec![];
    let mut body = vec![];
    let mut body_index = vec![None; walk.toks.len()];
    for (i, r) in walk.toks.iter().enumerate() {
        let mut tok = Tok::new(r.word, r.sentence, r.block);
        tok.quote = match r.tag {
            "``" => Quote::Open,
            "''" => Quote::Close,
            _ => Quote::No,
        };
        tok.glue_next = r.w.is_some() && walk.toks.get(i + 1).is_some_and(|n| n.w == r.w);
        // A hyphen tagged HYPH joins its neighbours even outside `<w>` (`six-member`).
        let hyph = |t: &RawTok| t.tag == "HYPH" && t.sentence == r.sentence;
        if r.tag == "HYPH" || walk.toks.get(i + 1).is_some_and(hyph) {
            tok.glue_next = true;
        }
        if r.in_title {
            title_toks.push(tok);
        } else {
            body_index[i] = Some(body.len());
            body.push(tok);
        }
    }
    resolve_quotes(&mut title_toks);
    resolve_quotes(&mut body);
    let laid = lay_out(&body);
    let title = root
        .attribute("title")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .or_else(|| (!title_toks.is_empty()).then(|| lay_out(&title_toks).text));

    let mut loaded = Loaded::default();
    let first_block = body[0].block;
    let mut dateline = None;
    let mut timexes = vec![];
    for d in &walk.dates {
        if walk.toks[d.lo..d.hi].iter().any(|t| t.in_title) {
            loaded.in_title += 1;
            continue;
        }
        let (Some(lo), Some(hi)) = (body_index[d.lo], body_index[d.hi - 1]) else {
            continue;
        };
        let words: Vec<&str> = walk.toks[d.lo..d.hi].iter().map(|t| t.word).collect();
        let (kind, value) = timex_of(d.node, &words);
        if dateline.is_none() && body[lo].block == first_block {
            dateline = d.node.attribute("when").and_then(full_day);
        }
        let (start, end) = (laid.spans[lo].0, laid.spans[hi].1);
        loaded.checks.push(SpanCheck {
            start,
            end,
            expected: lay_out(&body[lo..=hi]).text,
        });
        timexes.push(GoldTimex {
            start,
            end,
            value,
            kind: kind.to_string(),
        });
    }
    timexes.sort_by_key(|t| (t.start, t.end));
    timexes.dedup();

    // The dateline is the Wikinews publication date; `dateCreated` is when the page was
    // started (GUM_news_imprisoned: created 2011-12-02, published 2015-05-07).
    let published = dateline.or_else(|| root.attribute("dateCreated").and_then(day_of));

    loaded.doc = GoldDoc {
        id: id.to_string(),
        corpus: GUM.to_string(),
        text: laid.text,
        published,
        title,
        mentions: vec![],
        timexes,
        // GUM annotates every sentence (docs/eval.md).
        annotated_until: None,
    };
    Ok(loaded)
}

/// `YYYY-MM-DD` only when the value is exactly a calendar day.
fn full_day(v: &str) -> Option<String> {
    (v.len() == 10).then(|| day_of(v)).flatten()
}

/// Kind and TIMEX3-style value of a GUM `<date>` or `<time>`.
fn timex_of(node: Node, words: &[&str]) -> (&'static str, Option<String>) {
    let attr = |a: &str| node.attribute(a).map(str::trim).filter(|v| !v.is_empty());
    if node.has_tag_name("time") {
        // `<time when="15:11:00">`: a clock time with no date, not comparable.
        let value =
            attr("when").filter(|v| v.len() >= 4 && v[..4].bytes().all(|b| b.is_ascii_digit()));
        return ("TIME", value.map(str::to_string));
    }
    if let Some(when) = attr("when") {
        let kind = if when.contains('T') { "TIME" } else { "DATE" };
        return (kind, Some(when.to_string()));
    }
    if let (Some(from), Some(to)) = (attr("from"), attr("to")) {
        return ("DATE", range_value(from, to));
    }
    let (nb, na) = (attr("notBefore"), attr("notAfter"));
    if nb.is_some() || na.is_some() {
        // GUM's uncertain or extended intervals: `a decade ago` (2001..2001) is a date,
        // `24 hours ago` a date with no exact value, `twelve years`, `the past 30 days`
        // durations.
        if nb.is_some() && nb == na {
            return ("DATE", nb.map(str::to_string));
        }
        let ago = words.last().is_some_and(|w| w.eq_ignore_ascii_case("ago"));
        return if ago {
            ("DATE", None)
        } else {
            ("DURATION", None)
        };
    }
    ("DATE", None)
}

/// The TIMEX3 value of a `from`/`to` interval when it is one: a year, decade, century,
/// month, ISO week, weekend or summer.
pub(crate) fn range_value(from: &str, to: &str) -> Option<String> {
    let a: Date = from.parse().ok()?;
    let b: Date = to.parse().ok()?;
    let (ya, yb) = (a.year(), b.year());
    if (a.month(), a.day(), b.month(), b.day()) == (1, 1, 12, 31) {
        if ya == yb {
            return Some(format!("{ya:04}"));
        }
        if ya % 10 == 0 && yb == ya + 9 {
            return Some(format!("{:03}", ya / 10));
        }
        if ya % 100 == 0 && yb == ya + 99 {
            return Some(format!("{:02}", ya / 100));
        }
    }
    if a.day() == 1 && b == a.last_of_month() {
        return Some(format!("{ya:04}-{:02}", a.month()));
    }
    if ya == yb && (a.month(), a.day(), b.month(), b.day()) == (6, 1, 8, 31) {
        return Some(format!("{ya:04}-SU"));
    }
    let week = a.iso_week_date();
    let plus = |n: i64| a.checked_add(jiff::Span::new().days(n)).ok();
    if a.weekday() == Weekday::Monday && plus(6) == Some(b) {
        return Some(format!("{:04}-W{:02}", week.year(), week.week()));
    }
    if a.weekday() == Weekday::Saturday && plus(1) == Some(b) {
        return Some(format!("{:04}-W{:02}-WE", week.year(), week.week()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(
            range_value("2017-07-10", "2017-07-16").as_deref(),
            Some("2017-W28")
        );
        assert_eq!(
            range_value("2015-09-19", "2015-09-20").as_deref(),
            Some("2015-W38-WE")
        );
        assert_eq!(
            range_value("1960-01-01", "1969-12-31").as_deref(),
            Some("196")
        );
        assert_eq!(
            range_value("1900-01-01", "1999-12-31").as_deref(),
            Some("19")
        );
        assert_eq!(
            range_value("2022-06-01", "2022-08-31").as_deref(),
            Some("2022-SU")
        );
        assert_eq!(
            range_value("2024-02-01", "2024-02-29").as_deref(),
            Some("2024-02")
        );
        assert_eq!(range_value("2006-02-19", "2006-02-26"), None);
    }
}
