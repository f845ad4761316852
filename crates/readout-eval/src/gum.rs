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
//! `<date when|from/to|notBefore/notAfter>` and `<time when>` are the temporal expressions;
//! `<quote>` marks quotations and `<q>` quotation marks that do not mark a quotation (scare
//! quotes, names, titles). The marks themselves are usually inside the element.

use std::path::Path;

use jiff::civil::{Date, Weekday};
use roxmltree::{Document, Node};

use crate::meantime::{day_of, Loaded, SpanCheck};
use crate::quotes::kind_by_case;
use crate::text::{lay_out, resolve_quotes, Quote, Tok};
use crate::{EvalError, GoldDoc, GoldFormat, GoldQuote, GoldTimex, GUM};

/// Elements whose content is laid out as one line of text.
const BLOCKS: &[&str] = &["p", "head", "item", "caption"];

struct RawTok<'a> {
    word: &'a str,
    tag: &'a str,
    /// `tag`, with opening quotation marks that GUM tags `''` retagged ``` `` ```
    /// ([`fix_quote_tags`]): what the quote spans go by. The text is laid out by `tag`, as the
    /// article was written (`said," [Warhol]`).
    quote_tag: &'a str,
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

/// A `<quote>` or `<q>` element: its tokens `lo..hi`.
struct QuoteRec {
    lo: usize,
    hi: usize,
    /// `<q>`: quotation marks that do not mark a quotation.
    scare: bool,
    /// Quotation marks outside any element: not annotated by GUM.
    unannotated: bool,
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
    quotes: Vec<QuoteRec>,
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
                    quote_tag: tag,
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
        if (name == "quote" || name == "q") && self.toks.len() > lo {
            self.quotes.push(QuoteRec {
                lo,
                hi: self.toks.len(),
                scare: name == "q",
                unannotated: false,
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
        quotes: vec![],
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
    let quote_tags_fixed = fix_quote_tags(&mut walk.toks);

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

    let mut loaded = Loaded {
        quote_tags_fixed,
        ..Loaded::default()
    };
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

    let mut quotes = vec![];
    for q in quote_spans(&walk, &mut loaded) {
        let (Some(lo), Some(hi)) = (body_index[q.lo], body_index[q.hi - 1]) else {
            continue;
        };
        let (start, end) = (laid.spans[lo].0, laid.spans[hi].1);
        let expected = lay_out(&body[lo..=hi]).text;
        let kind = if q.scare {
            "scare"
        } else if q.unannotated {
            "unannotated"
        } else {
            kind_by_case(&expected)
        };
        loaded.checks.push(SpanCheck {
            start,
            end,
            expected,
        });
        quotes.push(GoldQuote {
            start,
            end,
            kind: kind.to_string(),
            scored: !q.scare && !q.unannotated,
            starts: None,
            speaker: None,
            date: None,
        });
    }
    quotes.sort_by_key(|q| (q.start, q.end));
    quotes.dedup();

    // The dateline is the Wikinews publication date; `dateCreated` is when the page was
    // started (GUM_news_imprisoned: created 2011-12-02, published 2015-05-07).
    let published = dateline.or_else(|| root.attribute("dateCreated").and_then(day_of));

    loaded.doc = GoldDoc {
        id: id.to_string(),
        corpus: GUM.to_string(),
        format: GoldFormat::Gum,
        text: laid.text,
        published,
        title,
        mentions: vec![],
        timexes,
        quotes,
        events: vec![],
        // GUM annotates every sentence (docs/eval.md).
        annotated_until: None,
    };
    Ok(loaded)
}

/// How a token behaves as a quotation mark, by its PTB tag (GUM tags every quotation mark
/// ``` `` ``` or `''`; apostrophes are `POS`), after [`fix_quote_tags`].
fn is_open(t: &RawTok) -> bool {
    t.quote_tag == "``"
}

fn is_close(t: &RawTok) -> bool {
    t.quote_tag == "''"
}

/// Two GUM documents tag an opening straight quote `''` (`said , "/'' [ Warhol ] liked ..
/// looked "/'' .`, in `GUM_news_warhol` and `GUM_news_flag`; the articles have `said,"
/// [Warhol]`). A straight `"` tagged `''` while no quotation is open in its paragraph, whose
/// paragraph's next quotation mark is another straight `"` tagged `''`, is an opening mark
/// for the quote spans ([`RawTok::quote_tag`]). Returns how many were retagged.
fn fix_quote_tags(toks: &mut [RawTok]) -> usize {
    let mut fixed = 0;
    let mut open = 0usize;
    for i in 0..toks.len() {
        if i > 0 && toks[i].block != toks[i - 1].block {
            open = 0;
        }
        if is_open(&toks[i]) {
            open += 1;
        } else if is_close(&toks[i]) {
            if open > 0 {
                open -= 1;
                continue;
            }
            let block = toks[i].block;
            let next = toks[i + 1..]
                .iter()
                .take_while(|t| t.block == block)
                .find(|t| is_open(t) || is_close(t));
            if toks[i].word == "\"" && next.is_some_and(|n| n.word == "\"" && is_close(n)) {
                toks[i].quote_tag = "``";
                fixed += 1;
                open += 1;
            }
        }
    }
    fixed
}

/// The quoted words of GUM's `<quote>` and `<q>` elements outside the title, as token ranges
/// `lo..hi` of [`Walk::toks`] without the quotation marks.
///
/// * The words between an opening mark and the closing mark that matches it are a quote
///   (nested quotes inside are kept). Words of the element outside the marks are left out:
///   an attribution between two quoted stretches (`" We want to thank .. , " said Bolden ..
///   . " This was .. "`: two quotes) or a note after the closing mark (`" dangerous " ( ( it
///   ) )`). A closing mark just outside the element simply is not in the span.
/// * An element that does not start with an opening mark is quoted from its start when it
///   has no quotation marks at all (block quotes, captions), when its first mark is a
///   closing one, or when the mark just before it opens a quotation.
/// * `<quote>` elements cannot cross a sentence or paragraph, so a quotation of several
///   sentences is split into consecutive elements, the first with the opening mark only, the
///   last with the closing mark. A quotation still open at the end of an element goes on
///   into the `<quote>` that starts at the very next token, and the two are one quote —
///   unless that one starts with a quotation mark of its own (a new paragraph reopening the
///   quotation, as newspapers do): one quote per stretch between quotation marks, as in the
///   speaker gold (`tests/fixtures/quotes/README.md`).
///
/// Quotation marks outside any `<quote>` or `<q>` (GUM leaves the quotations of several
/// documents unannotated: `GUM_news_warhol`, `GUM_news_hackers`...) give `unannotated`
/// regions: the words between an opening mark and the closing mark that matches it, or the
/// end of the paragraph.
///
/// `loaded` counts the elements in the title (dropped) and those merged into a longer quote.
fn quote_spans(walk: &Walk, loaded: &mut Loaded) -> Vec<QuoteRec> {
    let toks = &walk.toks;
    let mut recs: Vec<&QuoteRec> = walk.quotes.iter().collect();
    recs.sort_by_key(|q| (q.lo, std::cmp::Reverse(q.hi)));
    let mut out: Vec<QuoteRec> = vec![];
    let rec = |lo: usize, hi: usize, scare: bool| QuoteRec {
        lo,
        hi,
        scare,
        unannotated: false,
    };
    // The quote still open at the end of the last `<quote>`: its index in `out` and the
    // element's end.
    let mut open_chain: Option<(usize, usize)> = None;
    // Tokens of `<q>` elements: their marks are not those of a `<quote>` around them.
    let mut in_q = vec![false; toks.len()];
    for q in walk.quotes.iter().filter(|q| q.scare) {
        in_q[q.lo..q.hi].iter_mut().for_each(|x| *x = true);
    }
    for q in recs {
        let opens = |i: usize| (q.scare || !in_q[i]) && is_open(&toks[i]);
        let closes = |i: usize| (q.scare || !in_q[i]) && is_close(&toks[i]);
        if toks[q.lo..q.hi].iter().any(|t| t.in_title) {
            loaded.quotes_in_title += 1;
            continue;
        }
        // A new quotation mark starts a new quote, even where the quotation goes on (a new
        // paragraph reopening it): one quote per stretch between quotation marks, as in the
        // speaker gold.
        let chain = match open_chain {
            Some((i, end)) if !q.scare && end == q.lo && !opens(q.lo) => Some(i),
            _ => None,
        };
        if !q.scare {
            open_chain = None;
        }
        let first_mark = (q.lo..q.hi).find(|&i| opens(i) || closes(i));
        // Inside the quotation at the element's start, and where the words start.
        let (mut inside, mut from) = if chain.is_some() {
            (true, q.lo)
        } else if opens(q.lo) {
            (false, q.lo)
        } else {
            let mark_before = q.lo > 0 && opens(q.lo - 1);
            (first_mark.is_none_or(closes) || mark_before, q.lo)
        };
        let mut first = true;
        let mut depth = 0usize;
        let mut segments: Vec<(usize, usize)> = vec![];
        for i in q.lo..q.hi {
            if !inside {
                if opens(i) {
                    inside = true;
                    depth = 0;
                    from = i + 1;
                }
                continue;
            }
            if opens(i) {
                depth += 1;
            } else if closes(i) {
                if depth == 0 {
                    segments.push((from, i));
                    inside = false;
                } else {
                    depth -= 1;
                }
            }
        }
        let marked = first_mark.is_some() || chain.is_some();
        let still_open = inside && marked && !(q.hi < toks.len() && closes(q.hi));
        if inside {
            segments.push((from, q.hi));
        }
        let n = segments.len();
        for (k, (a, b)) in segments.into_iter().enumerate() {
            let joined = match chain {
                Some(i) if first && a == q.lo => {
                    if a < b {
                        out[i].hi = b;
                    }
                    loaded.quotes_merged += 1;
                    Some(i)
                }
                _ => None,
            };
            first = false;
            let index = match joined {
                Some(i) => Some(i),
                None if a < b => {
                    out.push(rec(a, b, q.scare));
                    Some(out.len() - 1)
                }
                None => None,
            };
            if k + 1 == n && still_open && !q.scare {
                open_chain = index.map(|i| (i, q.hi));
            }
        }
    }

    // Quotation marks outside the elements.
    let mut in_element = vec![false; toks.len()];
    for q in &walk.quotes {
        in_element[q.lo..q.hi].iter_mut().for_each(|x| *x = true);
    }
    let unannotated = |lo: usize, hi: usize, out: &mut Vec<QuoteRec>| {
        if lo < hi {
            out.push(QuoteRec {
                lo,
                hi,
                scare: false,
                unannotated: true,
            });
        }
    };
    // Where the words of the quotations still open start (after each opening mark).
    let mut open: Vec<usize> = vec![];
    // The end of the paragraph of an open quotation starting at `lo`.
    let paragraph_end = |lo: usize| {
        let block = toks[lo - 1].block;
        (lo..toks.len())
            .take_while(|&j| toks[j].block == block)
            .last()
            .map_or(lo, |j| j + 1)
    };
    for (i, t) in toks.iter().enumerate() {
        if let Some(&lo) = open.first() {
            if toks[lo - 1].block != t.block {
                unannotated(lo, paragraph_end(lo), &mut out);
                open.clear();
            }
        }
        if t.in_title || in_element[i] {
            continue;
        }
        if is_open(t) {
            open.push(i + 1);
        } else if is_close(t) {
            if let Some(lo) = open.pop() {
                if open.is_empty() {
                    unannotated(lo, i, &mut out);
                }
            }
        }
    }
    if let Some(&lo) = open.first() {
        unannotated(lo, paragraph_end(lo), &mut out);
    }
    out
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
