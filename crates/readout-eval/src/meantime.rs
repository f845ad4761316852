//! NewsReader MEANTIME, CAT XML.
//!
//! ```text
//! <Document doc_id="11714" doc_name=".." url="..">
//!   <token t_id="1" sentence="0" number="0">Ryanair</token> ..
//!   <Markables>
//!     <ENTITY_MENTION m_id="21" syntactic_type="NAM"><token_anchor t_id="28"/></ENTITY_MENTION>
//!     <TIMEX3 m_id="47" type="DATE" value="2005-06-13" functionInDocument="CREATION_TIME">..</TIMEX3>
//!     <ENTITY m_id="145" ent_type="ORG" TAG_DESCRIPTOR="Boeing"/>   (no anchors: an instance)
//!   </Markables>
//!   <Relations><REFERS_TO><source m_id="21"/><target m_id="145"/></REFERS_TO> ..</Relations>
//! </Document>
//! ```
//!
//! Sentence 0 is the title, sentence 1 the dateline; the type of a mention is the
//! `ent_type` of the ENTITY its REFERS_TO relation points at. Only the opening sentences
//! are annotated (up to sentence 5 in most documents): [`GoldDoc::annotated_until`] marks
//! where the annotation stops.

use std::collections::HashMap;
use std::path::Path;

use roxmltree::{Document, Node};

use crate::text::{lay_out, resolve_quotes, slice_chars, Laid, Tok};
use crate::{EvalError, GoldDoc, GoldFormat, GoldMention, GoldTimex, ENTITY_LABELS, MEANTIME};

/// A gold span with the text its tokens spell, for self-checks.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone)]
pub(crate) struct SpanCheck {
    pub start: usize,
    pub end: usize,
    pub expected: String,
}

/// A loaded document with what loading set aside, for tests.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone, Default)]
pub(crate) struct Loaded {
    pub doc: GoldDoc,
    pub checks: Vec<SpanCheck>,
    /// Annotations dropped because they are in the title.
    pub in_title: usize,
    /// TIMEX3 without token anchors (empty begin/end points).
    pub unanchored: usize,
    /// GUM `<quote>`/`<q>` elements in the title (dropped).
    pub quotes_in_title: usize,
    /// GUM `<quote>` elements joined to the quotation before them (a quotation of several
    /// sentences or paragraphs).
    pub quotes_merged: usize,
    /// GUM opening quotation marks tagged as closing ones, retagged.
    pub quote_tags_fixed: usize,
    /// PLOVER GSR actor codes that are not ISO 3166-1 alpha-3, rewritten (`ITL` → `ITA`).
    pub codes_rewritten: usize,
}

struct Mention<'a> {
    lo: usize,
    hi: usize,
    named: bool,
    etype: Option<&'a str>,
    entity: Option<&'a str>,
}

pub(crate) fn load_checked(path: &Path, xml: &Document) -> Result<Loaded, EvalError> {
    let root = xml.root_element();
    let doc_id = root
        .attribute("doc_id")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| EvalError::format(path, "MEANTIME <Document> has no doc_id"))?;

    // Tokens, in document order.
    let mut raw: Vec<(&str, usize, &str)> = vec![];
    for t in root.children().filter(|c| c.has_tag_name("token")) {
        let t_id = t
            .attribute("t_id")
            .ok_or_else(|| EvalError::format(path, "<token> without t_id"))?;
        let sentence = t
            .attribute("sentence")
            .and_then(|s| s.parse::<usize>().ok())
            .ok_or_else(|| {
                EvalError::format(
                    path,
                    format!("token {t_id}: missing or bad sentence number"),
                )
            })?;
        let word = t.text().map(str::trim).unwrap_or("");
        if word.is_empty() {
            return Err(EvalError::format(path, format!("token {t_id} is empty")));
        }
        raw.push((t_id, sentence, word));
    }
    let title_sentence = raw.iter().map(|r| r.1).min();
    let has_body = raw.iter().any(|r| Some(r.1) != title_sentence);
    let is_title = |sentence: usize| has_body && Some(sentence) == title_sentence;

    let mut title_toks = vec![];
    let mut body = vec![];
    // t_id -> Some(body index) or None (title)
    let mut where_: HashMap<&str, Option<usize>> = HashMap::new();
    for &(t_id, sentence, word) in &raw {
        // The corpus lost the pound sign to `#` (`GB # 20.1 billion`, `wins # 13 billion`).
        let word = if word == "#" { "£" } else { word };
        let tok = Tok::new(word, sentence, sentence);
        if is_title(sentence) {
            where_.insert(t_id, None);
            title_toks.push(tok);
        } else {
            where_.insert(t_id, Some(body.len()));
            body.push(tok);
        }
    }
    resolve_quotes(&mut title_toks);
    resolve_quotes(&mut body);
    let laid = lay_out(&body);
    let title = (!title_toks.is_empty()).then(|| lay_out(&title_toks).text);

    let mut loaded = Loaded::default();

    // Anchors of a markable -> body token range, None when in the title / unanchored.
    let span_of = |m: Node, loaded: &mut Loaded| -> Result<Option<(usize, usize)>, EvalError> {
        let mut idx = vec![];
        let mut title = false;
        for a in m.children().filter(|c| c.has_tag_name("token_anchor")) {
            let t_id = a.attribute("t_id").unwrap_or("");
            match where_.get(t_id) {
                Some(Some(i)) => idx.push(*i),
                Some(None) => title = true,
                None => {
                    return Err(EvalError::format(
                        path,
                        format!(
                            "{} m_id={}: anchor to unknown token {t_id:?}",
                            m.tag_name().name(),
                            m.attribute("m_id").unwrap_or("?")
                        ),
                    ))
                }
            }
        }
        if title {
            loaded.in_title += 1;
            return Ok(None);
        }
        Ok(match (idx.iter().min(), idx.iter().max()) {
            (Some(&lo), Some(&hi)) => Some((lo, hi)),
            _ => None,
        })
    };

    // Entity instances and what refers to them.
    let mut ent_type: HashMap<&str, &str> = HashMap::new();
    for e in root.descendants().filter(|n| n.has_tag_name("ENTITY")) {
        if let (Some(id), Some(t)) = (e.attribute("m_id"), e.attribute("ent_type")) {
            ent_type.insert(id, t);
        }
    }
    let mut refers: HashMap<&str, &str> = HashMap::new();
    for r in root.descendants().filter(|n| n.has_tag_name("REFERS_TO")) {
        let Some(target) = r
            .children()
            .find(|c| c.has_tag_name("target"))
            .and_then(|t| t.attribute("m_id"))
        else {
            continue;
        };
        for s in r.children().filter(|c| c.has_tag_name("source")) {
            if let Some(src) = s.attribute("m_id") {
                refers.entry(src).or_insert(target);
            }
        }
    }

    let mut mentions: Vec<Mention> = vec![];
    for m in root
        .descendants()
        .filter(|n| n.has_tag_name("ENTITY_MENTION"))
    {
        let Some((lo, hi)) = span_of(m, &mut loaded)? else {
            continue;
        };
        let named = matches!(m.attribute("syntactic_type"), Some("NAM") | Some("PRE.NAM"));
        let entity = m.attribute("m_id").and_then(|id| refers.get(id).copied());
        let etype = entity.and_then(|e| ent_type.get(e).copied());
        mentions.push(Mention {
            lo,
            hi,
            named,
            etype,
            entity,
        });
    }

    let char_span = |lo: usize, hi: usize| (laid.spans[lo].0, laid.spans[hi].1);
    let mut gold = vec![];
    for (i, m) in mentions.iter().enumerate() {
        let scored_type = m.etype.filter(|t| ENTITY_LABELS.contains(t));
        let label = match (m.named, scored_type) {
            (false, _) => "NOM".to_string(),
            (true, None) => match m.etype {
                Some(t @ ("PRO" | "FIN" | "MIX")) => t.to_string(),
                _ => "UNK".to_string(),
            },
            (true, Some(t)) => {
                // An appositive extent around a name of the same entity is scored on that
                // inner name; MEANTIME's airbus documents mark `Irish low cost airline,
                // Ryanair` as NAM where the apple documents use APP.
                let has_inner = mentions.iter().enumerate().any(|(j, n)| {
                    j != i
                        && n.named
                        && n.entity.is_some()
                        && n.entity == m.entity
                        && m.lo <= n.lo
                        && n.hi <= m.hi
                        && (n.lo, n.hi) != (m.lo, m.hi)
                });
                if has_inner {
                    "EXT".to_string()
                } else {
                    let (mut lo, hi) = name_core(&body, m.lo, m.hi);
                    if t == "PER" {
                        lo = strip_titles(&body, lo, hi);
                    }
                    let (start, end) = trim_end_punct(&laid.text, char_span(lo, hi));
                    let expected = trimmed_expected(&body[lo..=hi]);
                    loaded.checks.push(SpanCheck {
                        start,
                        end,
                        expected,
                    });
                    gold.push(GoldMention {
                        start,
                        end,
                        label: t.to_string(),
                    });
                    continue;
                }
            }
        };
        let (start, end) = char_span(m.lo, m.hi);
        loaded.checks.push(SpanCheck {
            start,
            end,
            expected: lay_out(&body[m.lo..=m.hi]).text,
        });
        gold.push(GoldMention { start, end, label });
    }
    gold.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    gold.dedup();

    let mut timexes = vec![];
    let mut published = None;
    let mut first_sentence_dates = vec![];
    for t in root.descendants().filter(|n| n.has_tag_name("TIMEX3")) {
        let value = t
            .attribute("value")
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        if t.attribute("functionInDocument") == Some("CREATION_TIME") && published.is_none() {
            published = value.as_deref().and_then(day_of);
        }
        let Some((lo, hi)) = span_of(t, &mut loaded)? else {
            if t.children().all(|c| !c.has_tag_name("token_anchor")) {
                loaded.unanchored += 1;
            }
            continue;
        };
        let kind = t
            .attribute("type")
            .map(|k| k.trim().to_ascii_uppercase())
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| "DATE".to_string());
        if body[lo].sentence == body[0].sentence && kind == "DATE" {
            first_sentence_dates.extend(value.as_deref().and_then(day_of));
        }
        let (start, end) = char_span(lo, hi);
        loaded.checks.push(SpanCheck {
            start,
            end,
            expected: lay_out(&body[lo..=hi]).text,
        });
        timexes.push(GoldTimex {
            start,
            end,
            value,
            kind,
        });
    }
    timexes.sort_by_key(|t| (t.start, t.end));
    timexes.dedup();
    // Two documents have no CREATION_TIME; their dateline TIMEX3 is the date.
    let published = published.or_else(|| first_sentence_dates.into_iter().next());

    let annotated_until = annotated_until(&root, &where_, &body, &laid);

    loaded.doc = GoldDoc {
        id: format!("{MEANTIME}-{doc_id}"),
        corpus: MEANTIME.to_string(),
        format: GoldFormat::Meantime,
        text: laid.text,
        published,
        title,
        mentions: gold,
        timexes,
        quotes: vec![],
        events: vec![],
        annotated_until,
    };
    Ok(loaded)
}

/// Where the annotated part of the body ends: the end of the last line (sentence) holding a
/// token of an entity mention (of any type or syntactic type) or of a TIMEX3, or `None` when
/// that is the last line; `Some(0)` when nothing in the body is. MEANTIME annotates only
/// the opening sentences of each article. The other layers (events, signals, numeric
/// values) are not looked at: they are not scored, and in one document (8983) `VALUE`
/// markables go on a sentence past the entity annotation, into a sentence whose name
/// (`Air India`) is not marked.
fn annotated_until(
    root: &Node,
    where_: &HashMap<&str, Option<usize>>,
    body: &[Tok],
    laid: &Laid,
) -> Option<usize> {
    let last_tok = body.len().checked_sub(1)?;
    let anchored = root
        .descendants()
        .filter(|n| n.has_tag_name("ENTITY_MENTION") || n.has_tag_name("TIMEX3"))
        .flat_map(|m| m.children().filter(|a| a.has_tag_name("token_anchor")))
        .filter_map(|a| where_.get(a.attribute("t_id")?).copied().flatten())
        .max();
    let Some(i) = anchored else {
        return Some(0);
    };
    let block = body[i].block;
    if body[last_tok].block == block {
        return None;
    }
    // The last token of that line: lines are consecutive runs of tokens.
    let end = (i..body.len())
        .take_while(|&j| body[j].block == block)
        .last()
        .unwrap_or(i);
    Some(laid.spans[end].1)
}

/// `YYYY-MM-DD` from a value starting with a valid calendar day.
pub(crate) fn day_of(value: &str) -> Option<String> {
    let day = value.get(..10)?;
    day.parse::<jiff::civil::Date>().ok()?;
    Some(day.to_string())
}

/// Words that can sit inside a name between capitalised words (`Bank of America`).
const CONNECTORS: &[&str] = &[
    "of", "and", "&", "-", "de", "du", "des", "la", "le", "del", "della", "der", "van", "von",
    "for", "the", "on", "upon", "y", "da", "di", "do", "dos", "al", "el", "bin", "ibn",
];
/// Where a name's extent goes on to an apposition, a relative clause or a location.
const BREAKERS: &[&str] = &[
    ",", "(", ";", ":", "--", "which", "who", "that", "in", "near", "at", "located",
];
const DETERMINERS: &[&str] = &["The", "THE", "A", "An"];

fn is_cap(t: &Tok) -> bool {
    t.surface.chars().any(char::is_uppercase)
}

/// The name inside a MEANTIME NAM extent: the extent is cut at the first comma,
/// parenthesis, relative pronoun or locative preposition after a capitalised word, and the
/// name is the last run of capitalised words (joined by connectors such as `of`) before the
/// cut, without a leading determiner. `aircraft manufacturer Boeing` → `Boeing`,
/// `the Royal Courts of Justice, located in central London` → `Royal Courts of Justice`,
/// `Mobile, Alabama` → `Mobile` (MEANTIME marks `Alabama` separately).
pub(crate) fn name_core(toks: &[Tok], lo: usize, hi: usize) -> (usize, usize) {
    let mut cut = hi;
    let mut seen_cap = false;
    for (i, t) in toks.iter().enumerate().take(hi + 1).skip(lo) {
        if is_cap(t) {
            seen_cap = true;
        } else if seen_cap && BREAKERS.contains(&t.surface.as_str()) {
            cut = i - 1;
            break;
        }
    }
    let Some(end) = (lo..=cut).rev().find(|&i| is_cap(&toks[i])) else {
        return (lo, cut);
    };
    let is_connector = |t: &Tok| CONNECTORS.contains(&t.surface.as_str());
    let mut start = end;
    while start > lo {
        let prev = start - 1;
        if is_cap(&toks[prev]) {
            start = prev;
            continue;
        }
        // Connectors, then a capitalised word: `Bank of America`.
        let mut k = prev;
        while k > lo && is_connector(&toks[k]) {
            k -= 1;
        }
        if is_connector(&toks[prev]) && k < prev && is_cap(&toks[k]) {
            start = k;
            continue;
        }
        break;
    }
    while start < end && DETERMINERS.contains(&toks[start].surface.as_str()) {
        start += 1;
    }
    (start, end)
}

/// Words of address and office that precede a person's name in MEANTIME extents.
const TITLES: &[&str] = &[
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Dr",
    "Dr.",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "President",
    "Senator",
    "Sen.",
    "Rep.",
    "Representative",
    "Governor",
    "Gov.",
    "Judge",
    "Justice",
    "Presiding",
    "Spokeswoman",
    "Spokesman",
    "Spokesperson",
    "Chairman",
    "Chairwoman",
    "CEO",
    "Chief",
    "Executive",
    "Minister",
    "Prime",
    "Secretary",
    "General",
    "Gen.",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Pope",
    "Chancellor",
];

/// `President Vladimir Putin` → `Vladimir Putin`; a mention of titles only is kept whole.
fn strip_titles(toks: &[Tok], lo: usize, hi: usize) -> usize {
    let mut start = lo;
    while start < hi && TITLES.contains(&toks[start].surface.as_str()) {
        start += 1;
    }
    if TITLES.contains(&toks[start].surface.as_str()) {
        lo
    } else {
        start
    }
}

/// Drops trailing `,;:` (MEANTIME has tokens like `Inc.,`).
fn trim_end_punct(text: &str, (start, mut end): (usize, usize)) -> (usize, usize) {
    let s = slice_chars(text, start, end);
    for c in s.chars().rev() {
        if end > start + 1 && matches!(c, ',' | ';' | ':') {
            end -= 1;
        } else {
            break;
        }
    }
    (start, end)
}

fn trimmed_expected(toks: &[Tok]) -> String {
    let text = lay_out(toks).text;
    let n = text.chars().count();
    let (s, e) = trim_end_punct(&text, (0, n));
    slice_chars(&text, s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        s.split(' ').map(|w| Tok::new(w, 0, 0)).collect()
    }

    fn core(s: &str) -> String {
        let t = toks(s);
        let (a, b) = name_core(&t, 0, t.len() - 1);
        t[a..=b]
            .iter()
            .map(|t| t.surface.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn name_cores() {
        assert_eq!(core("aircraft manufacturer Boeing"), "Boeing");
        assert_eq!(core("the United States"), "United States");
        assert_eq!(core("The Beatles"), "Beatles");
        assert_eq!(core("Mobile , Alabama"), "Mobile");
        assert_eq!(
            core("the Royal Courts of Justice , located in central London"),
            "Royal Courts of Justice"
        );
        assert_eq!(
            core("Suvarnabhumi Airport , which serves Bangkok , Thailand"),
            "Suvarnabhumi Airport"
        );
        assert_eq!(
            core("the Moscone West Convention Center in San Francisco"),
            "Moscone West Convention Center"
        );
        assert_eq!(
            core("Los Angeles based Northrop Grumman"),
            "Northrop Grumman"
        );
        assert_eq!(
            core("Daughters of the American Revolution"),
            "Daughters of the American Revolution"
        );
        assert_eq!(
            core("European Aeronautic Defence and Space Company EADS N.V."),
            "European Aeronautic Defence and Space Company EADS N.V."
        );
        assert_eq!(core("Wal - Mart"), "Wal - Mart");
        assert_eq!(core("the Singapore Airlines ( SIA"), "Singapore Airlines");
        assert_eq!(core("developers"), "developers");
    }
}
