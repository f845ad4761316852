//! Who said what: quotations (direct, partial, indirect), their cue and their speaker.
//!
//! Quotation marks are paired per paragraph (an opening mark left open at the end of a
//! paragraph continues into the next, as news style has it). Each quote then looks for its
//! attribution in a fixed order — after the closing mark ("...," the official said), before the
//! opening mark (Patel said Tuesday, "..."), a reporting verb elsewhere in the sentence ("the
//! ministry said the two sides had "candid" talks"), "according to X" — and otherwise continues
//! the speaker of the quote before it in the same paragraph or the paragraph before.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::document::{
    Document, EntityKind, LexRef, Mention, Quote, QuoteKind, Span, Speaker, TokenKind,
};
use crate::lexicon::Lexicon;

/// How far an attribution may sit from its quote, in tokens.
const MAX_ATTRIBUTION_TOKENS: usize = 30;
/// How far back a pronoun speaker's antecedent is looked for, in tokens.
const ANTECEDENT_WINDOW: usize = 400;
/// The longest content clause of reported speech, in tokens.
const MAX_INDIRECT_TOKENS: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
}

/// A quoted segment: the tokens inside the marks, the opening mark, the closing mark (none when
/// the quote runs to the end of its paragraph), and for a quote inside another quote the
/// outer quote's marks.
struct Segment {
    inner: Range<usize>,
    opener: usize,
    closer: Option<usize>,
    paragraph: usize,
    outer: Option<Range<usize>>,
}

pub fn find(doc: &mut Document<'_>, lex: &Lexicon) {
    let segments = pair_marks(doc);
    let mention_starting = mentions_by_phrase_start(doc);
    let mut quotes: Vec<Quote> = Vec::new();
    let mut in_quote = vec![false; doc.tokens.len()];
    // the last attributed quote: its paragraph, speaker, cue, and the token its attribution ends
    // before
    let mut prev_speaker: Option<(usize, Speaker, Option<Range<usize>>, usize)> = None;
    for seg in &segments {
        in_quote[seg.opener..seg.closer.map_or(seg.inner.end, |c| c + 1)].fill(true);
    }
    let mut previous_open: Option<usize> = None;
    let ctx = Ctx {
        lex,
        mention_ending: &doc.facts.mentions_ending_at,
        mention_starting: &mention_starting,
    };
    // reported speech first: `Wilkins also said Warhol was a businessperson. "As a way ..."`
    // continues the speaker of the reported speech before it
    let indirect = indirect_speech(doc, &ctx, &in_quote);
    let mut next_indirect = 0;
    for seg in &segments {
        if seg.inner.is_empty() {
            continue;
        }
        let kind = quote_kind(doc, seg);
        if let Some(outer) = &seg.outer {
            quotes.push(inner_quote(doc, &ctx, seg, outer, kind));
            continue;
        }
        let mut attribution = after_closer(doc, &ctx, seg)
            .map(|a| (a, "after the closing mark"))
            .or_else(|| before_opener(doc, &ctx, seg).map(|a| (a, "before the opening mark")))
            .or_else(|| {
                in_sentence(doc, &ctx, seg, &in_quote)
                    .map(|a| (a, "reporting verb in the sentence"))
            })
            .or_else(|| {
                according_to(doc, &ctx, seg)
                    .map(|a| (a, "'according to' (or 'in the words of') in the sentence"))
            })
            .or_else(|| document_from(doc, &ctx, seg).map(|a| (a, "a statement from its author")))
            .or_else(|| {
                sentence_subject(doc, &ctx, seg).map(|a| (a, "the subject of the sentence"))
            });
        let mut evidence = String::new();
        while let Some(q) = indirect.get(next_indirect) {
            let Some(sp) = q
                .speaker
                .as_ref()
                .filter(|_| q.span.end <= doc.tokens[seg.opener].span.start)
            else {
                if q.span.end <= doc.tokens[seg.opener].span.start {
                    next_indirect += 1;
                    continue;
                }
                break;
            };
            let end = q
                .cue
                .as_ref()
                .map_or(sp.tokens.end, |c| c.end.max(sp.tokens.end));
            let para = doc.sentences[doc.tokens[sp.tokens.start].sentence].paragraph;
            if prev_speaker.as_ref().is_none_or(|p| p.3 <= end) {
                prev_speaker = Some((para, sp.clone(), q.cue.clone(), end));
            }
            next_indirect += 1;
        }
        if attribution.is_none() {
            if let Some((para, speaker, cue, end)) = &prev_speaker {
                // a quote left open at the end of a paragraph goes on in the next
                let continued = previous_open.is_some_and(|p| p + 1 == seg.paragraph);
                // a paragraph that is only a quote goes on from a paragraph that ended with the
                // attribution of one: `"...," Professor Eastman said.¶"If an infant ..."`
                let last_sentence = doc.tokens[end.saturating_sub(1)].sentence;
                let after_attribution = *para + 1 == seg.paragraph
                    && doc
                        .sentences
                        .get(last_sentence + 1)
                        .is_some_and(|s| s.tokens.start == seg.opener)
                    && only_quotes_in_paragraph(doc, &in_quote, seg.opener);
                if *para == seg.paragraph
                    || (continued || after_attribution) && starts_paragraph(doc, seg)
                {
                    attribution = Some((
                        Attribution {
                            speaker: speaker.clone(),
                            cue: cue.clone(),
                        },
                        "continues the previous quote's speaker",
                    ));
                }
            }
        }
        // `X criticised the decision via Twitter. "..."`: a quote that is a sentence of its
        // own, with no speaker of its own, is the words of the subject of the sentence before
        if attribution.is_none() {
            attribution = previous_sentence_subject(doc, &ctx, seg)
                .map(|a| (a, "the subject of the sentence before"));
        }
        let (speaker, cue) = match attribution {
            Some((a, how)) => {
                evidence.push_str(how);
                (Some(a.speaker), a.cue)
            }
            None => {
                evidence.push_str("no attribution found");
                (None, None)
            }
        };
        if let Some(sp) = &speaker {
            let closer = seg.closer.map_or(seg.inner.end, |c| c + 1);
            let end = cue
                .as_ref()
                .map_or(sp.tokens.end, |c| c.end.max(sp.tokens.end))
                .max(closer);
            // the attribution's full stop
            let end = if doc.tokens.get(end).is_some_and(|t| t.norm == ".") {
                end + 1
            } else {
                end
            };
            prev_speaker = Some((seg.paragraph, sp.clone(), cue.clone(), end));
        }
        previous_open = seg.closer.is_none().then_some(seg.paragraph);
        quotes.push(quote(doc, seg, kind, speaker, cue, &evidence));
    }
    quotes.extend(indirect);
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    let subject_antecedents: Vec<Option<usize>> = quotes
        .iter()
        .map(|q| {
            let sp = q.speaker.as_ref().filter(|sp| sp.mention.is_none())?;
            let plural = matches!(doc.tokens[sp.tokens.start].norm.as_str(), "they" | "we");
            plural.then(|| subject_antecedent(doc, &ctx, sp.tokens.start, PLURAL_REFERENTS))?
        })
        .collect();
    link_pronouns(doc, &mut quotes, &subject_antecedents, &in_quote);
    doc.quotes = quotes;
}

/// Whether the paragraph from `start` on holds nothing but quoted words (a paragraph of a
/// speaker's words, with no attribution of its own).
fn only_quotes_in_paragraph(doc: &Document<'_>, in_quote: &[bool], start: usize) -> bool {
    (start..doc.tokens.len())
        .take_while(|&j| j == start || !doc.tokens[j].newline_before)
        .all(|j| in_quote[j] || doc.tokens[j].kind != TokenKind::Word)
}

fn quote(
    doc: &Document<'_>,
    seg: &Segment,
    kind: QuoteKind,
    speaker: Option<Speaker>,
    cue: Option<Range<usize>>,
    evidence: &str,
) -> Quote {
    let timex = cue
        .as_ref()
        .and_then(|c| timex_near(doc, c, speaker.as_ref()));
    let span = Span::new(
        doc.tokens[seg.inner.start].span.start,
        doc.tokens[seg.inner.end - 1].span.end,
    );
    Quote {
        span,
        kind,
        speaker,
        cue,
        timex,
        evidence: format!("{} quote; {evidence}", kind.as_str()),
    }
}

/// A quote inside a quote (`"... and President Trump said, 'Let's talk about it tomorrow.'"`):
/// its speaker is named inside the outer quote, or it has none — the outer speaker only
/// repeats these words.
fn inner_quote(
    doc: &Document<'_>,
    ctx: &Ctx<'_>,
    seg: &Segment,
    outer: &Range<usize>,
    kind: QuoteKind,
) -> Quote {
    let inside = |r: &Range<usize>| r.start > outer.start && r.end <= outer.end;
    let within = |a: &Attribution| inside(&a.speaker.tokens) && a.cue.as_ref().is_some_and(inside);
    let attribution = after_closer(doc, ctx, seg)
        .filter(within)
        .map(|a| (a, "inside a quote; after the closing mark"))
        .or_else(|| {
            before_opener(doc, ctx, seg)
                .filter(within)
                .map(|a| (a, "inside a quote; before the opening mark"))
        });
    match attribution {
        Some((a, how)) => quote(doc, seg, kind, Some(a.speaker), a.cue, how),
        None => quote(
            doc,
            seg,
            kind,
            None,
            None,
            "inside a quote; no attribution inside it",
        ),
    }
}

struct Ctx<'a> {
    lex: &'a Lexicon,
    /// mention indices by the token their phrase ends before
    mention_ending: &'a HashMap<usize, Vec<usize>>,
    mention_starting: &'a HashMap<usize, Vec<usize>>,
}

#[derive(Debug, Clone)]
struct Attribution {
    speaker: Speaker,
    cue: Option<Range<usize>>,
}

/// Where a mention's phrase starts: its title ("State Department principal deputy
/// spokesperson Vedant Patel") or a possessor ("China's Foreign Ministry").
pub(crate) fn phrase_start(doc: &Document<'_>, m: &Mention) -> usize {
    let mut start = m
        .role
        .as_ref()
        .map_or(m.tokens.start, |r| r.phrase_start.min(m.tokens.start));
    if start >= 2 && doc.tokens[start - 1].norm == "'s" {
        let ending = doc
            .facts
            .mentions_ending_at
            .get(&(start - 1))
            .map_or(&[][..], Vec::as_slice);
        if let Some(&p) = ending
            .iter()
            .find(|&&x| doc.mentions[x].kind == EntityKind::Country)
        {
            start = doc.mentions[p].tokens.start;
        }
    }
    start
}

/// Mentions by where their whole phrase starts (title or possessor included), unlike
/// `TokenFacts::mentions_starting_at`, which indexes the name itself.
fn mentions_by_phrase_start(doc: &Document<'_>) -> HashMap<usize, Vec<usize>> {
    let mut map: HashMap<usize, Vec<usize>> = HashMap::default();
    for (i, m) in doc.mentions.iter().enumerate() {
        map.entry(phrase_start(doc, m)).or_default().push(i);
    }
    map
}

fn is_open_mark(s: &str) -> Option<Mark> {
    match s {
        "\u{201C}" | "\u{201E}" | "\u{00AB}" => Some(Mark::Open),
        "\u{201D}" | "\u{00BB}" => Some(Mark::Close),
        _ => None,
    }
}

/// Pairs quotation marks paragraph by paragraph, one level of nesting deep: inside a double
/// quote, a single quote (`said, 'Let's talk.'`) or a second double quote (`The "United
/// States" is`) opens an inner quote. Straight quotes take their direction from the spaces
/// around them; typographic ones carry it. Single quotes outside a double quote are left
/// alone: they are far more often apostrophes (`rock 'n' roll`, `the officials' views`).
fn pair_marks(doc: &Document<'_>) -> Vec<Segment> {
    let mut segments = Vec::new();
    let n = doc.tokens.len();
    let mut open: Option<usize> = None;
    let mut inner: Option<usize> = None;
    let mut open_paragraph = 0;
    let paragraph_of = |k: usize| doc.sentences[doc.tokens[k].sentence].paragraph;
    let paragraph_end = |k: usize| {
        let p = paragraph_of(k);
        let mut s = doc.tokens[k].sentence;
        while s + 1 < doc.sentences.len() && doc.sentences[s + 1].paragraph == p {
            s += 1;
        }
        doc.sentences[s].tokens.end
    };
    // a mark with a space (or nothing) before it and a word right after it opens
    let opens = |k: usize| {
        let t = &doc.tokens[k];
        let before_free = t.space_before
            || t.newline_before
            || k == 0
            || doc.tokens[k - 1].kind == TokenKind::Quote
            || matches!(doc.tokens[k - 1].norm.as_str(), "(" | "[" | "\u{2014}");
        let next_attached = doc
            .tokens
            .get(k + 1)
            .is_some_and(|x| !x.space_before && !x.newline_before && x.kind != TokenKind::Quote);
        before_free && next_attached
    };
    for k in 0..n {
        let t = &doc.tokens[k];
        if let Some(o) = open {
            if paragraph_of(k) != open_paragraph {
                // left open at the end of its paragraph: the quote ran to the paragraph's end
                let end = paragraph_end(o);
                segments.push(Segment {
                    inner: o + 1..end,
                    opener: o,
                    closer: None,
                    paragraph: open_paragraph,
                    outer: None,
                });
                open = None;
                inner = None;
            }
        }
        if t.kind != TokenKind::Quote {
            continue;
        }
        let surface = doc.slice(t.span);
        if is_single_mark(surface) {
            let Some(o) = open else { continue };
            match inner {
                None if opens(k) && !matches!(surface, "\u{2019}" | "\u{203A}") => inner = Some(k),
                // a single quote inside a double one: only a single mark closes it
                Some(i)
                    if !t.space_before
                        && !opens(k)
                        && !matches!(surface, "\u{2018}" | "\u{2039}")
                        && is_single_mark(doc.slice(doc.tokens[i].span)) =>
                {
                    segments.push(Segment {
                        inner: i + 1..k,
                        opener: i,
                        closer: Some(k),
                        paragraph: open_paragraph,
                        outer: Some(o..k),
                    });
                    inner = None;
                }
                _ => {}
            }
            continue;
        }
        let mark = match surface {
            "\"" => {
                if open.is_some() && !t.space_before {
                    Some(Mark::Close)
                } else if opens(k) {
                    Some(Mark::Open)
                } else if open.is_some() {
                    Some(Mark::Close)
                } else {
                    Some(Mark::Open)
                }
            }
            s => is_open_mark(s),
        };
        match (mark, open) {
            (Some(Mark::Open), None) => {
                open = Some(k);
                open_paragraph = paragraph_of(k);
            }
            (Some(Mark::Open), Some(_)) if inner.is_none() => inner = Some(k),
            (Some(Mark::Close), Some(o)) => {
                match inner.take() {
                    // `The "United States" is not`: a double mark closes an inner double quote
                    Some(i) if !is_single_mark(doc.slice(doc.tokens[i].span)) => {
                        segments.push(Segment {
                            inner: i + 1..k,
                            opener: i,
                            closer: Some(k),
                            paragraph: open_paragraph,
                            outer: Some(o..k),
                        });
                        continue;
                    }
                    // an inner single quote never closed: not a quote
                    _ => {}
                }
                segments.push(Segment {
                    inner: o + 1..k,
                    opener: o,
                    closer: Some(k),
                    paragraph: open_paragraph,
                    outer: None,
                });
                open = None;
            }
            // a stray mark: the outer quote goes on
            _ => {}
        }
    }
    if let Some(o) = open {
        segments.push(Segment {
            inner: o + 1..paragraph_end(o),
            opener: o,
            closer: None,
            paragraph: open_paragraph,
            outer: None,
        });
    }
    segments.sort_by_key(|s| s.opener);
    segments
}

fn is_single_mark(s: &str) -> bool {
    matches!(
        s,
        "'" | "\u{2018}" | "\u{2019}" | "\u{2039}" | "\u{203A}" | "\u{201A}" | "\u{201B}"
    )
}

fn starts_paragraph(doc: &Document<'_>, seg: &Segment) -> bool {
    let s = &doc.sentences[doc.tokens[seg.opener].sentence];
    seg.opener == s.tokens.start
        && (s.tokens.start == 0 || doc.tokens[s.tokens.start].newline_before)
}

/// Direct when the quote opens a sentence or follows a colon or comma (`said, "..."`); partial
/// when it sits inside the reporter's sentence (`had "candid" talks`).
fn quote_kind(doc: &Document<'_>, seg: &Segment) -> QuoteKind {
    let sentence_start = doc.sentences[doc.tokens[seg.opener].sentence].tokens.start;
    if seg.opener == sentence_start {
        return QuoteKind::Direct;
    }
    let prev = &doc.tokens[seg.opener - 1];
    if matches!(prev.norm.as_str(), "," | ":" | ";" | "(" | "\u{2014}" | "-") {
        // a lower-case fragment after a comma is still part of the reporter's sentence
        let first = &doc.tokens[seg.inner.start];
        return if first.capitalized || first.kind != TokenKind::Word {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
    }
    QuoteKind::Partial
}

fn is_cue(ctx: &Ctx<'_>, doc: &Document<'_>, k: usize) -> bool {
    doc.tokens[k].kind == TokenKind::Word
        && !doc.tokens[k].capitalized
        && ctx.lex.english.speech_cues.contains(&doc.tokens[k].norm)
}

fn in_timex(doc: &Document<'_>, k: usize) -> Option<usize> {
    doc.facts.timex_of.get(k).copied().flatten()
}

/// The speaker phrase ending right before `end` (skipping a time expression and "on"): a
/// mention, a pronoun, or a short noun phrase ("the readout").
fn speaker_ending_at(
    doc: &Document<'_>,
    ctx: &Ctx<'_>,
    end: usize,
    floor: usize,
) -> Option<Speaker> {
    let mut e = end;
    // "China's Foreign Ministry on Tuesday said": skip the time and its preposition
    while e > floor {
        if let Some(t) = in_timex(doc, e - 1) {
            e = doc.timexes[t].tokens.start;
            if e > floor
                && matches!(
                    doc.tokens[e - 1].norm.as_str(),
                    "on" | "in" | "last" | "this"
                )
            {
                e -= 1;
            }
        } else if matches!(
            doc.tokens[e - 1].norm.as_str(),
            "also"
                | "later"
                | "first"
                | "again"
                | "then"
                | "previously"
                | "earlier"
                | "once"
                | "had"
                | "has"
                | "have"
                | "was"
                | "is"
        ) || (doc.tokens[e - 1].norm.len() > 4
            && doc.tokens[e - 1].norm.ends_with("ly")
            && !doc.tokens[e - 1].capitalized)
        {
            // "seemingly Honcharuk, audibly says": adverbs between the subject and the cue
            e -= 1;
        } else {
            break;
        }
    }
    if e <= floor {
        return None;
    }
    // "Bruno Parrilla, the foreign affairs minister of Cuba, responded": the name before a
    // descriptive appositive
    if let Some(name) = name_before_appositive(doc, ctx, e, floor) {
        return Some(name);
    }
    // "Merkel's spokesperson, Steffen Seibert, said": the appositive name before the comma
    if e > floor + 1 && doc.tokens[e - 1].norm == "," && ctx.mention_ending.contains_key(&(e - 1)) {
        e -= 1;
    }
    // "President Abdel Fattah el-Sisi of Egypt said": the person, not the country
    if let Some(ms) = ctx.mention_ending.get(&e) {
        if let Some(&m) = ms.iter().find(|&&m| {
            matches!(
                doc.mentions[m].kind,
                EntityKind::Country | EntityKind::Place
            )
        }) {
            let start = doc.mentions[m].tokens.start;
            if start > floor + 1 && matches!(doc.tokens[start - 1].norm.as_str(), "of" | "from") {
                if let Some(ps) = ctx.mention_ending.get(&(start - 1)) {
                    if let Some(&p) = ps.iter().find(|&&p| {
                        matches!(
                            doc.mentions[p].kind,
                            EntityKind::Person | EntityKind::Group | EntityKind::Organization
                        )
                    }) {
                        let pstart = phrase_start(doc, &doc.mentions[p]).max(floor);
                        return Some(Speaker {
                            tokens: pstart..e,
                            mention: Some(p),
                        });
                    }
                }
            }
        }
    }
    // a mention ending here, the longest phrase first
    if let Some(ms) = ctx.mention_ending.get(&e) {
        let best = ms
            .iter()
            .copied()
            .filter(|&m| speaking_kind(&doc.mentions[m]))
            .min_by_key(|&m| phrase_start(doc, &doc.mentions[m]));
        if let Some(m) = best {
            let start = phrase_start(doc, &doc.mentions[m]).max(floor);
            return Some(Speaker {
                tokens: start..e,
                mention: Some(m),
            });
        }
    }
    let w = doc.tokens[e - 1].norm.as_str();
    if ctx.lex.english.pronouns.contains(w) {
        return Some(Speaker {
            tokens: e - 1..e,
            mention: None,
        });
    }
    // "the readout", "a spokesperson", "the statement from the ministry": determiner + nouns
    let mut s = e;
    while s > floor && e - s < 5 {
        let t = &doc.tokens[s - 1];
        let title_word =
            ctx.lex.titles.is_head_word(&t.norm) || ctx.lex.english.org_heads.contains_key(&t.norm);
        let determiner = ctx.lex.english.speaker_determiners.contains(&t.norm);
        if t.kind == TokenKind::Word && (!t.capitalized || title_word) || determiner {
            s -= 1;
            if determiner {
                break;
            }
        } else {
            break;
        }
    }
    if s < e
        && ctx
            .lex
            .english
            .speaker_determiners
            .contains(&doc.tokens[s].norm)
    {
        let head = doc.tokens[e - 1].norm.as_str();
        if ctx.lex.english.document_nouns.contains(head)
            || ctx.lex.english.group_heads.contains(head)
            || ctx.lex.titles.is_head_word(head)
            || ctx.lex.english.org_heads.contains_key(head)
        {
            return Some(Speaker {
                tokens: s..e,
                mention: None,
            });
        }
    }
    // `"...," Saree said`, `Merkel's spokesperson, Steffen Seibert, said`: a name the
    // dictionaries do not know, after a quote or comma
    if e > floor + 1 && doc.tokens[e - 1].norm == "," {
        e -= 1;
    }
    let mut s = e;
    while s > floor
        && e - s < 3
        && doc.tokens[s - 1].kind == TokenKind::Word
        && doc.tokens[s - 1].capitalized
        && !ctx.lex.english.not_names.contains(&doc.tokens[s - 1].norm)
    {
        s -= 1;
    }
    if s < e
        && (s == floor
            || matches!(doc.tokens[s - 1].kind, TokenKind::Quote)
            || doc.tokens[s - 1].norm == ",")
    {
        return Some(Speaker {
            tokens: s..e,
            mention: None,
        });
    }
    None
}

/// The subject of the reporting verb at `cue`: the phrase right before it, or, for a verb
/// with no subject of its own (`..., saying "..."`, `opposed the withdrawal and said`), the
/// subject of the clause it continues.
fn subject_of_cue(doc: &Document<'_>, ctx: &Ctx<'_>, cue: usize, floor: usize) -> Option<Speaker> {
    let before = |k: usize| (k > floor).then(|| doc.tokens[k - 1].norm.as_str());
    // "..., saying", "justified his choice by saying", "while saying"
    let participle = doc.tokens[cue].norm.ends_with("ing")
        && matches!(before(cue), Some("," | "by" | "while" | "when" | "after"));
    if participle {
        let mut end = cue - 1;
        if before(end) == Some(",") {
            end -= 1;
        }
        return clause_subject(doc, ctx, floor, end.max(floor + 1));
    }
    // "Charles O'Reilly, a management expert at Stanford University, who stated": the person
    // the relative clause is about
    if before(cue) == Some("who") {
        return (floor..cue - 1).rev().take(20).find_map(|j| {
            let ms = ctx.mention_ending.get(&j)?;
            let &m = ms.iter().find(|&&m| {
                doc.mentions[m].kind == EntityKind::Person && !doc.mentions[m].is_description
            })?;
            (doc.tokens.get(j).is_some_and(|t| t.norm == ",")).then(|| Speaker {
                tokens: phrase_start(doc, &doc.mentions[m]).max(floor)..j,
                mention: Some(m),
            })
        });
    }
    speaker_ending_at(doc, ctx, cue, floor).or_else(|| {
        matches!(before(cue), Some("and" | "but"))
            .then(|| clause_subject(doc, ctx, floor, cue - 1))
            .flatten()
    })
}

/// `NAME, the DESCRIPTION,` ending before `end`: the name speaks, not whatever the
/// description ends with.
fn name_before_appositive(
    doc: &Document<'_>,
    ctx: &Ctx<'_>,
    end: usize,
    floor: usize,
) -> Option<Speaker> {
    if end < floor + 4 || doc.tokens[end - 1].norm != "," {
        return None;
    }
    let close = end - 1;
    // the description may hold commas of its own: "Cynthia Thompson, curator at the University
    // of Arkansas, Fayetteville, said"
    (close.saturating_sub(16).max(floor)..close)
        .rev()
        .take_while(|&j| {
            let t = &doc.tokens[j];
            t.norm == ","
                || t.kind != TokenKind::Quote && t.kind != TokenKind::Punct
                || matches!(t.norm.as_str(), "(" | ")" | "-" | "'s" | ".")
        })
        .filter(|&j| doc.tokens[j].norm == ",")
        .take(3)
        .find_map(|open| {
            let first = &doc.tokens[open + 1];
            let descriptive = ctx.lex.english.speaker_determiners.contains(&first.norm)
                || first.kind == TokenKind::Word && !first.capitalized;
            // "ISNA, the prosecutor, Ali Mehr, said": a name inside is the speaker, not a
            // description of the one before
            let names_someone = (open + 1..close).any(|j| {
                ctx.mention_starting.get(&j).is_some_and(|ms| {
                    ms.iter().any(|&m| {
                        doc.mentions[m].kind == EntityKind::Person
                            && !doc.mentions[m].is_description
                    })
                })
            });
            if !descriptive || open + 1 >= close || names_someone {
                return None;
            }
            let &m = ctx.mention_ending.get(&open)?.iter().find(|&&m| {
                let m = &doc.mentions[m];
                !m.is_description
                    && matches!(
                        m.kind,
                        EntityKind::Person | EntityKind::Organization | EntityKind::Group
                    )
            })?;
            Some(Speaker {
                tokens: phrase_start(doc, &doc.mentions[m]).max(floor)..open,
                mention: Some(m),
            })
        })
}

/// The speaker phrase starting at `start` ("said Patel", "said the official").
fn speaker_starting_at(
    doc: &Document<'_>,
    ctx: &Ctx<'_>,
    start: usize,
    ceiling: usize,
) -> Option<Speaker> {
    let mut s = start;
    if let Some(t) = (s < ceiling).then(|| in_timex(doc, s)).flatten() {
        s = doc.timexes[t].tokens.end;
    }
    if s >= ceiling {
        return None;
    }
    // "wrote student protester Joshua Wong": descriptive words before the name
    let mut named = s;
    while named < ceiling
        && named - s < 3
        && doc.tokens[named].kind == TokenKind::Word
        && !doc.tokens[named].capitalized
        && !matches!(
            doc.tokens[named].norm.as_str(),
            "the" | "a" | "an" | "on" | "in" | "to" | "that"
        )
        && !ctx.mention_starting.contains_key(&named)
    {
        named += 1;
    }
    if named > s
        && named < ceiling
        && ctx.mention_starting.get(&named).is_some_and(|ms| {
            ms.iter()
                .any(|&m| doc.mentions[m].kind == EntityKind::Person)
        })
    {
        s = named;
    }
    if let Some(ms) = ctx.mention_starting.get(&s) {
        if let Some(&m) = ms
            .iter()
            .filter(|&&m| speaking_kind(&doc.mentions[m]))
            .max_by_key(|&&m| doc.mentions[m].tokens.end)
        {
            return Some(Speaker {
                tokens: s..doc.mentions[m].tokens.end.min(ceiling),
                mention: Some(m),
            });
        }
    }
    let w = doc.tokens[s].norm.as_str();
    if ctx.lex.english.pronouns.contains(w) {
        return Some(Speaker {
            tokens: s..s + 1,
            mention: None,
        });
    }
    if matches!(w, "the" | "a" | "an") {
        // the shortest phrase ending in a speaking noun: "the post" of "said the post by an
        // unknown author"
        let speaking_head = |j: usize| {
            let head = doc.tokens[j].norm.as_str();
            ctx.lex.english.document_nouns.contains(head)
                || ctx.lex.english.group_heads.contains(head)
                || ctx.lex.titles.is_head_word(head)
        };
        let head = (s + 1..ceiling.min(s + 5))
            .take_while(|&j| {
                doc.tokens[j].kind == TokenKind::Word
                    && !doc.tokens[j].capitalized
                    && !is_cue_word(ctx, doc, j)
            })
            .find(|&j| speaking_head(j));
        if let Some(h) = head {
            // "a tweet by Mike Pompeo", "a statement from Erdogan's office": its author speaks
            // ("a tweet on Monday by ...": past the time it was written)
            let mut by = h + 1;
            if by + 1 < ceiling && matches!(doc.tokens[by].norm.as_str(), "on" | "in") {
                if let Some(t) = in_timex(doc, by + 1) {
                    by = doc.timexes[t].tokens.end;
                }
            }
            // ("a statement released by ...": past its participle)
            if by + 1 < ceiling
                && doc.tokens[by].norm.ends_with("ed")
                && !doc.tokens[by].capitalized
                && doc.tokens[by + 1].norm == "by"
            {
                by += 1;
            }
            if ctx.lex.english.document_nouns.contains(&doc.tokens[h].norm)
                && by + 1 < ceiling
                && matches!(doc.tokens[by].norm.as_str(), "by" | "from" | "of")
            {
                let mut a = by + 1;
                if doc.tokens[a].norm == "the" {
                    a += 1;
                }
                let author = (a < ceiling)
                    .then(|| ctx.mention_starting.get(&a))
                    .flatten()
                    .and_then(|ms| {
                        ms.iter()
                            .copied()
                            .filter(|&m| speaking_kind(&doc.mentions[m]))
                            .max_by_key(|&m| doc.mentions[m].tokens.end)
                    });
                if let Some(m) = author {
                    let mut e = doc.mentions[m].tokens.end.min(ceiling);
                    // "Erdogan's office"
                    while e < ceiling
                        && e - doc.mentions[m].tokens.end < 3
                        && doc.tokens[e].kind == TokenKind::Word
                        && !doc.tokens[e].capitalized
                        && !is_cue_word(ctx, doc, e)
                        && (doc.tokens[e].norm == "'s" || e > doc.mentions[m].tokens.end)
                    {
                        e += 1;
                    }
                    return Some(Speaker {
                        tokens: s..e,
                        mention: Some(m),
                    });
                }
                // "the post by an unknown author on pigmy": the author is described, not named
                if doc.tokens[by].norm == "by" {
                    let end = noun_phrase_end(doc, by + 1, ceiling);
                    if end > by + 1 {
                        return Some(Speaker {
                            tokens: s..end,
                            mention: None,
                        });
                    }
                }
            }
            return Some(Speaker {
                tokens: s..h + 1,
                mention: None,
            });
        }
    }
    None
}

fn is_cue_word(ctx: &Ctx<'_>, doc: &Document<'_>, k: usize) -> bool {
    ctx.lex.english.speech_cues.contains(&doc.tokens[k].norm)
}

fn speaking_kind(m: &Mention) -> bool {
    matches!(
        m.kind,
        EntityKind::Person | EntityKind::Organization | EntityKind::Group | EntityKind::Country
    )
}

/// `"...," the official said` / `"...," said Patel`
fn after_closer(doc: &Document<'_>, ctx: &Ctx<'_>, seg: &Segment) -> Option<Attribution> {
    let closer = seg.closer?;
    let mut k = closer + 1;
    // `"Our house is burning." Macron told the world`: when the quote ended its sentence the
    // attribution opens the next one, in the same paragraph
    let next = doc.tokens.get(k)?;
    if next.newline_before {
        return None;
    }
    // ...but only a quote that is a sentence of its own: after `he said, "..."` or `saying
    // there was "no evidence."` the next sentence reports something else
    let opener_sentence = doc.tokens[seg.opener].sentence;
    if next.sentence != opener_sentence && doc.sentences[opener_sentence].tokens.start != seg.opener
    {
        return None;
    }
    let sentence = &doc.sentences[next.sentence];
    let ceiling = sentence.tokens.end.min(closer + MAX_ATTRIBUTION_TOKENS);
    if k < ceiling && doc.tokens[k].norm == "," {
        k += 1;
    }
    if k >= ceiling {
        return None;
    }
    // `"So far, it's the Internet: 1." - Matthew Ingram`: a dash and a name closing the line
    if matches!(doc.tokens[k].norm.as_str(), "-" | "–" | "—" | "--") {
        let speaker =
            speaker_starting_at(doc, ctx, k + 1, ceiling).filter(|sp| sp.mention.is_some())?;
        let after = doc.tokens.get(speaker.tokens.end);
        let ends_line = after
            .is_none_or(|t| t.newline_before || matches!(t.norm.as_str(), "," | "." | "(" | ";"));
        return ends_line.then_some(Attribution { speaker, cue: None });
    }
    // `Kino Gabriel said, "...`: an attribution that opens the next quote is not this one's
    let opens_next_quote = |cue: usize| {
        let mut j = cue + 1;
        if doc
            .tokens
            .get(j)
            .is_some_and(|t| matches!(t.norm.as_str(), "," | ":"))
        {
            j += 1;
        }
        doc.tokens
            .get(j)
            .is_some_and(|t| t.kind == TokenKind::Quote)
    };
    if is_cue(ctx, doc, k) {
        // `..., adding Iran will ...`: a participle continues the sentence's subject
        if doc.tokens[k].norm.ends_with("ing") {
            return None;
        }
        let speaker = speaker_starting_at(doc, ctx, k + 1, ceiling)?;
        return Some(Attribution {
            speaker,
            cue: Some(k..k + 1),
        });
    }
    // speaker then cue: find the cue within a few tokens and take the phrase before it
    for c in k + 1..ceiling.min(k + 12) {
        if is_cue(ctx, doc, c) {
            if opens_next_quote(c) {
                return None;
            }
            // `"...," Detik.com quoted Djamal as saying`
            let quoted_as = c > k + 2 && doc.tokens[c - 1].norm == "as";
            let speaker = if quoted_as {
                speaker_ending_at(doc, ctx, c - 1, k)?
            } else {
                speaker_ending_at(doc, ctx, c, k)?
            };
            // only words of the speaker's own phrase may come between the quote and it
            if !quoted_as
                && (k..speaker.tokens.start).any(|j| doc.tokens[j].kind != TokenKind::Word)
            {
                return None;
            }
            return Some(Attribution {
                speaker,
                cue: Some(c..c + 1),
            });
        }
        if matches!(doc.tokens[c].kind, TokenKind::Quote) || doc.tokens[c].norm == "," {
            break;
        }
    }
    None
}

/// `Patel said Tuesday, "..."` / `The ministry said: "..."`
fn before_opener(doc: &Document<'_>, ctx: &Ctx<'_>, seg: &Segment) -> Option<Attribution> {
    let sentence = &doc.sentences[doc.tokens[seg.opener].sentence];
    let floor = sentence
        .tokens
        .start
        .max(seg.opener.saturating_sub(MAX_ATTRIBUTION_TOKENS));
    let mut k = seg.opener;
    if k > floor && matches!(doc.tokens[k - 1].norm.as_str(), "," | ":") {
        k -= 1;
    }
    if k > floor {
        if let Some(t) = in_timex(doc, k - 1) {
            k = doc.timexes[t].tokens.start;
        }
    }
    // `Director of Communications Bill Bodie: "...`: a person named right before a colon, as in
    // a transcript or an exchange of emails
    if k < seg.opener && doc.tokens[k].norm == ":" {
        if let Some(&m) = ctx.mention_ending.get(&k).and_then(|ms| {
            ms.iter().find(|&&m| {
                doc.mentions[m].kind == EntityKind::Person && !doc.mentions[m].is_description
            })
        }) {
            return Some(Attribution {
                speaker: Speaker {
                    tokens: phrase_start(doc, &doc.mentions[m]).max(floor)..k,
                    mention: Some(m),
                },
                cue: None,
            });
        }
    }
    // the cue, possibly followed by its object or a short phrase: `said on TV, "`, `told the
    // BBC, "`, `wrote on Twitter, "`
    let cue = (k.saturating_sub(6).max(floor)..k)
        .rev()
        .find(|&c| is_cue(ctx, doc, c))
        .filter(|&c| {
            (c + 1..k).all(|j| {
                let t = &doc.tokens[j];
                t.kind == TokenKind::Word
                    || t.kind == TokenKind::Number
                    || in_timex(doc, j).is_some()
            })
        })?;
    let speaker = subject_of_cue(doc, ctx, cue, floor).or_else(|| {
        // `said Patel, "` — but not `said it is possible "`: a pronoun there opens a clause
        speaker_starting_at(doc, ctx, cue + 1, k)
            .filter(|sp| sp.mention.is_some() || sp.tokens.len() > 1)
    })?;
    Some(Attribution {
        speaker,
        cue: Some(cue..cue + 1),
    })
}

/// `The palace issued the following statement from the king: "..."`: the author of the text
/// the quote is taken from.
fn document_from(doc: &Document<'_>, ctx: &Ctx<'_>, seg: &Segment) -> Option<Attribution> {
    let sentence = &doc.sentences[doc.tokens[seg.opener].sentence];
    let floor = sentence
        .tokens
        .start
        .max(seg.opener.saturating_sub(2 * MAX_ATTRIBUTION_TOKENS));
    let d = (floor..seg.opener).rev().find(|&j| {
        ctx.lex.english.document_nouns.contains(&doc.tokens[j].norm)
            && doc
                .tokens
                .get(j + 1)
                .is_some_and(|t| matches!(t.norm.as_str(), "from" | "by" | "of"))
    })?;
    let speaker = speaker_starting_at(doc, ctx, d + 2, seg.opener)?;
    Some(Attribution { speaker, cue: None })
}

fn previous_sentence_subject(
    doc: &Document<'_>,
    ctx: &Ctx<'_>,
    seg: &Segment,
) -> Option<Attribution> {
    let s = doc.tokens[seg.opener].sentence;
    if s == 0 || doc.sentences[s].tokens.start != seg.opener {
        return None;
    }
    let prev = &doc.sentences[s - 1];
    if prev.paragraph != doc.sentences[s].paragraph {
        return None;
    }
    // the sentence before must be the reporter's, not another quote
    if (prev.tokens.start..prev.tokens.end).any(|j| doc.tokens[j].kind == TokenKind::Quote) {
        return None;
    }
    let mut k = prev.tokens.start;
    if ctx.lex.english.pronouns.contains(&doc.tokens[k].norm) {
        return Some(Attribution {
            speaker: Speaker {
                tokens: k..k + 1,
                mention: None,
            },
            cue: None,
        });
    }
    if doc.tokens[k].norm == "the" {
        k += 1;
    }
    let ms = ctx.mention_starting.get(&k)?;
    let &m = ms
        .iter()
        .filter(|&&m| {
            matches!(
                doc.mentions[m].kind,
                EntityKind::Person | EntityKind::Organization | EntityKind::Group
            )
        })
        .max_by_key(|&&m| doc.mentions[m].tokens.end)?;
    Some(Attribution {
        speaker: Speaker {
            tokens: k..doc.mentions[m].tokens.end,
            mention: Some(m),
        },
        cue: None,
    })
}

/// The subject of the quote's sentence, when no reporting verb names the speaker: `Bolton gave
/// a different account, also speaking via Twitter: "..."`, `The ministry characterized the
/// attack as "..."`.
fn sentence_subject(doc: &Document<'_>, ctx: &Ctx<'_>, seg: &Segment) -> Option<Attribution> {
    let sentence = &doc.sentences[doc.tokens[seg.opener].sentence];
    let speaker = clause_subject(doc, ctx, sentence.tokens.start, seg.opener)?;
    Some(Attribution { speaker, cue: None })
}

/// The subject of the clause opening at `start` (and ending before `limit`): a subject
/// pronoun, the first person, organisation or group the clause opens with, or a partitive
/// ("One of these groups", "Some of the protesters"). Of a name and its appositive, the name
/// speaks: `Adil Abdul-Mahdi, the acting Prime Minister of Iraq, spoke`, `One of these
/// groups, the Syrian Democratic Forces (SDF), said`.
fn clause_subject(
    doc: &Document<'_>,
    ctx: &Ctx<'_>,
    start: usize,
    limit: usize,
) -> Option<Speaker> {
    let mut k = start;
    // skip an opening adverbial: "In his message, he ...", "On Tuesday, the ministry ..."
    if let Some(comma) = (k..limit.min(k + 14)).find(|&j| doc.tokens[j].norm == ",") {
        if ctx
            .lex
            .english
            .opening_adverbials
            .contains(&doc.tokens[k].norm)
            || in_timex(doc, k).is_some()
        {
            k = comma + 1;
        }
    }
    if k >= limit {
        return None;
    }
    if ctx.lex.english.pronouns.contains(&doc.tokens[k].norm) {
        return Some(Speaker {
            tokens: k..k + 1,
            mention: None,
        });
    }
    let speaks =
        |m: usize| speaking_kind(&doc.mentions[m]) && doc.mentions[m].kind != EntityKind::Country;
    let longest_speaking = |j: usize| {
        ctx.mention_starting.get(&j).and_then(|ms| {
            ms.iter()
                .copied()
                .filter(|&m| speaks(m))
                .max_by_key(|&m| doc.mentions[m].tokens.end)
        })
    };
    // the head phrase: a partitive ("One of these groups"), a mention within the first words
    // ("the Turkish Ministry ...", "Princess Ubolratana"), or a determiner and a few words ("a
    // Republican")
    let (end, mention) = if let Some(e) = partitive_end(doc, ctx, k, limit) {
        let mention = (k + 2..e).find_map(longest_speaking);
        (e, mention)
    } else if let Some(m) = (k..(k + 4).min(limit))
        .take_while(|&j| j == k || doc.tokens[j - 1].kind == TokenKind::Word)
        .find_map(longest_speaking)
    {
        (doc.mentions[m].tokens.end.min(limit), Some(m))
    } else if ctx
        .lex
        .english
        .speaker_determiners
        .contains(&doc.tokens[k].norm)
    {
        let e = (k + 1..limit.min(k + 5))
            .find(|&j| doc.tokens[j].kind != TokenKind::Word)
            .unwrap_or(limit);
        (e, None)
    } else {
        return None;
    };
    // "Ryanair CEO, Michael O'Leary, justified": an organisation naming a title is a
    // description of the person in apposition
    let (end, titled) = if mention.is_some_and(|m| doc.mentions[m].kind != EntityKind::Person)
        && end < limit
        && ctx.lex.titles.is_head_word(&doc.tokens[end].norm)
    {
        (end + 1, true)
    } else {
        (end, false)
    };
    let named = !titled && mention.is_some_and(|m| !doc.mentions[m].is_description);
    if !named {
        if let Some(name) = appositive_name(doc, end, limit, &longest_speaking) {
            return Some(name);
        }
    }
    let head = doc.tokens[end - 1].norm.as_str();
    let known_head = ctx.lex.english.group_heads.contains(head)
        || ctx.lex.titles.is_head_word(head)
        || ctx.lex.english.org_heads.contains_key(head)
        || ctx.lex.english.document_nouns.contains(head);
    (mention.is_some() || known_head).then_some(Speaker {
        tokens: k..end,
        mention,
    })
}

/// The end of a partitive subject starting at `k`: `One of these groups`, `Some of the
/// protesters` (a quantity, "of", and a noun phrase up to the next capitalised word or
/// punctuation).
fn partitive_end(doc: &Document<'_>, ctx: &Ctx<'_>, k: usize, limit: usize) -> Option<usize> {
    let quantity = doc.tokens[k].kind == TokenKind::Number
        || ctx.lex.english.group_openers.contains(&doc.tokens[k].norm)
            && !matches!(doc.tokens[k].norm.as_str(), "a" | "an" | "the");
    if !(quantity && k + 2 < limit && doc.tokens[k + 1].norm == "of") {
        return None;
    }
    let mut e = k + 2;
    if ctx
        .lex
        .english
        .speaker_determiners
        .contains(&doc.tokens[e].norm)
        || matches!(doc.tokens[e].norm.as_str(), "these" | "those")
    {
        e += 1;
    }
    let head = e;
    while e < limit
        && e - head < 3
        && doc.tokens[e].kind == TokenKind::Word
        && (e == head || !doc.tokens[e].capitalized)
        && !is_cue_word(ctx, doc, e)
    {
        e += 1;
    }
    (e > head).then_some(e)
}

/// The name in `, NAME ,` (or `, NAME (ACRONYM),`) right after a descriptive subject that ends
/// at `end`.
fn appositive_name(
    doc: &Document<'_>,
    end: usize,
    limit: usize,
    longest_speaking: &dyn Fn(usize) -> Option<usize>,
) -> Option<Speaker> {
    if end + 1 >= limit || doc.tokens[end].norm != "," {
        return None;
    }
    let mut s = end + 1;
    if matches!(doc.tokens[s].norm.as_str(), "the" | "a" | "an") {
        s += 1;
    }
    let m = (s < limit).then(|| longest_speaking(s)).flatten()?;
    if doc.mentions[m].is_description {
        return None;
    }
    let mut e = doc.mentions[m].tokens.end;
    // "(SDF)"
    if e + 2 < limit && doc.tokens[e].norm == "(" && doc.tokens[e + 2].norm == ")" {
        e += 3;
    }
    (e < limit && doc.tokens[e].norm == ",").then_some(Speaker {
        tokens: s..doc.mentions[m].tokens.end,
        mention: Some(m),
    })
}

/// A reporting verb elsewhere in the quote's sentence, nearest first, before the quote then
/// after it: `the ministry on Tuesday said the two sides had "candid" talks`. A verb without a
/// subject of its own ("..., noting", "but said he") takes the subject of the one before it.
fn in_sentence(
    doc: &Document<'_>,
    ctx: &Ctx<'_>,
    seg: &Segment,
    in_quote: &[bool],
) -> Option<Attribution> {
    let sentence = &doc.sentences[doc.tokens[seg.opener].sentence];
    // a reporting verb belongs to a quote only from nearby: a sentence of thousands of
    // quotes must not make each one read all of it
    let floor = sentence
        .tokens
        .start
        .max(seg.opener.saturating_sub(2 * MAX_ATTRIBUTION_TOKENS));
    let before: Vec<usize> = (floor..seg.opener)
        .rev()
        .filter(|&k| !in_quote[k] && is_cue(ctx, doc, k))
        .collect();
    for &c in &before {
        if let Some(speaker) = subject_of_cue(doc, ctx, c, floor) {
            return Some(Attribution {
                speaker,
                cue: Some(c..c + 1),
            });
        }
    }
    let end = seg.closer.map_or(seg.inner.end, |c| c + 1);
    for (c, &quoted) in in_quote
        .iter()
        .enumerate()
        .take(sentence.tokens.end.min(end + 2 * MAX_ATTRIBUTION_TOKENS))
        .skip(end)
    {
        if !quoted && is_cue(ctx, doc, c) {
            if let Some(speaker) = speaker_ending_at(doc, ctx, c, end) {
                return Some(Attribution {
                    speaker,
                    cue: Some(c..c + 1),
                });
            }
        }
    }
    None
}

/// `..., according to the readout from the State Department.`
fn according_to(doc: &Document<'_>, ctx: &Ctx<'_>, seg: &Segment) -> Option<Attribution> {
    let sentence = &doc.sentences[doc.tokens[seg.opener].sentence];
    let inside = seg.opener..seg.closer.map_or(seg.inner.end, |c| c + 1);
    let lo = sentence
        .tokens
        .start
        .max(seg.opener.saturating_sub(2 * MAX_ATTRIBUTION_TOKENS));
    let hi = sentence
        .tokens
        .end
        .saturating_sub(1)
        .min(inside.end + 2 * MAX_ATTRIBUTION_TOKENS);
    let phrase_at = |k: usize| {
        ctx.lex.english.attribution_phrases.iter().find_map(|p| {
            let end = k + p.len();
            (end <= sentence.tokens.end
                && p.iter()
                    .enumerate()
                    .all(|(i, w)| doc.tokens[k + i].norm == *w))
            .then_some(end)
        })
    };
    let (k, from) = (lo..hi)
        .filter(|k| !inside.contains(k))
        .find_map(|k| phrase_at(k).map(|e| (k, e)))?;
    let end = sentence.tokens.end;
    // "in the words of the Crown prosecutor, Mark Tedeschi,": the name in apposition speaks
    let speaker = clause_subject(doc, ctx, from, end)
        .filter(|sp| sp.mention.is_some())
        .or_else(|| speaker_starting_at(doc, ctx, from, end))
        .or_else(|| {
            let np_end = noun_phrase_end(doc, from, end);
            (np_end > from).then_some(Speaker {
                tokens: from..np_end,
                mention: None,
            })
        })?;
    Some(Attribution {
        speaker,
        cue: Some(k..from),
    })
}

/// The end of a noun phrase with its "from/of ..." modifiers, up to punctuation or a verb-ish
/// word.
pub(crate) fn noun_phrase_end(doc: &Document<'_>, start: usize, ceiling: usize) -> usize {
    let mut e = start;
    while e < ceiling && e - start < 12 {
        let t = &doc.tokens[e];
        if t.kind == TokenKind::Punct && t.norm != "-"
            || t.kind == TokenKind::Quote
            || matches!(t.norm.as_str(), "that" | "who" | "which" | "said" | "and") && e > start
        {
            break;
        }
        e += 1;
    }
    e
}

/// The time expression of the attribution: between speaker and cue or right after the cue.
fn timex_near(doc: &Document<'_>, cue: &Range<usize>, speaker: Option<&Speaker>) -> Option<usize> {
    let lo = speaker.map_or(cue.start.saturating_sub(3), |s| s.tokens.end.min(cue.start));
    let hi = (cue.end + 3).min(doc.tokens.len());
    // timexes are in text order: start at the first that can be near, stop past `hi`
    let first = doc.timexes.partition_point(|t| t.tokens.start < lo);
    let found = doc.timexes[first..]
        .iter()
        .take_while(|t| t.tokens.start <= hi)
        .position(|t| {
            let inside = t.tokens.start >= lo && t.tokens.end <= cue.start;
            let after = t.tokens.start >= cue.end
                && t.tokens.start <= hi
                && (cue.end..t.tokens.start)
                    .all(|k| matches!(doc.tokens[k].norm.as_str(), "on" | "in" | "," | "last"));
            inside || after
        });
    found.map(|i| first + i)
}

/// Reported speech without quotation marks: `Blinken said he would visit Beijing "when
/// conditions allow"` — a reporting verb with a subject, followed by its content clause.
fn indirect_speech(doc: &Document<'_>, ctx: &Ctx<'_>, in_quote: &[bool]) -> Vec<Quote> {
    let mut out = Vec::new();
    for s in &doc.sentences {
        for c in s.tokens.clone() {
            if in_quote[c]
                || !is_cue(ctx, doc, c)
                || !ctx
                    .lex
                    .english
                    .reporting_verbs
                    .contains(&doc.tokens[c].norm)
            {
                continue;
            }
            // the verb right after a closing quote attributes that quote
            if c > s.tokens.start
                && (doc.tokens[c - 1].kind == TokenKind::Quote
                    || c >= 2
                        && doc.tokens[c - 1].norm == ","
                        && doc.tokens[c - 2].kind == TokenKind::Quote)
            {
                continue;
            }
            let Some(speaker) = speaker_ending_at(doc, ctx, c, s.tokens.start) else {
                continue;
            };
            if speaker.tokens.start > s.tokens.start
                && doc.tokens[speaker.tokens.start - 1].kind == TokenKind::Quote
            {
                continue;
            }
            let mut k = c + 1;
            if let Some(t) = (k < s.tokens.end).then(|| in_timex(doc, k)).flatten() {
                k = doc.timexes[t].tokens.end;
            }
            while k < s.tokens.end
                && matches!(doc.tokens[k].norm.as_str(), "that" | "," | "on" | "in")
                && !(doc.tokens[k].norm == "in"
                    && k + 1 < s.tokens.end
                    && in_timex(doc, k + 1).is_none())
            {
                if matches!(doc.tokens[k].norm.as_str(), "on" | "in") {
                    if let Some(t) = (k + 1 < s.tokens.end)
                        .then(|| in_timex(doc, k + 1))
                        .flatten()
                    {
                        k = doc.timexes[t].tokens.end;
                        continue;
                    }
                    break;
                }
                k += 1;
            }
            if k >= s.tokens.end
                || doc.tokens[k].kind == TokenKind::Quote
                || doc.tokens[k].kind == TokenKind::Punct
            {
                continue;
            }
            // "stressed the need", "denied the report": only say-verbs take a bare clause; the
            // others report speech only with "that"
            let says = matches!(
                doc.tokens[c].norm.as_str(),
                "said"
                    | "says"
                    | "say"
                    | "added"
                    | "adds"
                    | "noted"
                    | "notes"
                    | "claimed"
                    | "claims"
                    | "announced"
                    | "warned"
                    | "argued"
                    | "insisted"
                    | "stated"
                    | "wrote"
                    | "confirmed"
                    | "acknowledged"
                    | "admitted"
                    | "suggested"
                    | "predicted"
                    | "explained"
                    | "believes"
                    | "believed"
                    | "thinks"
                    | "hopes"
                    | "hoped"
            );
            if !says && doc.tokens[c + 1].norm != "that" {
                continue;
            }
            // "said on a call", "said in a statement": circumstances, not content
            if matches!(
                doc.tokens[k].norm.as_str(),
                "on" | "in"
                    | "at"
                    | "after"
                    | "before"
                    | "during"
                    | "with"
                    | "to"
                    | "by"
                    | "for"
                    | "of"
                    | "as"
                    | "from"
            ) {
                continue;
            }
            // content ends at the sentence end, a closing "according to", or the next cue clause,
            // and within MAX_INDIRECT_TOKENS (so run-on text cannot make quotes quadratic)
            let mut end = s.tokens.end.min(k + MAX_INDIRECT_TOKENS);
            if let Some(next_cue) = (k + 1..end).find(|&j| {
                is_cue(ctx, doc, j)
                    && ctx
                        .lex
                        .english
                        .reporting_verbs
                        .contains(&doc.tokens[j].norm)
            }) {
                if speaker_ending_at(doc, ctx, next_cue, k).is_some() {
                    end = end.min(next_cue);
                    while end > k
                        && !matches!(doc.tokens[end - 1].norm.as_str(), "," | ";" | "and" | "but")
                    {
                        end -= 1;
                    }
                    if end == k {
                        end = next_cue;
                    }
                }
            }
            while end > k && matches!(doc.tokens[end - 1].kind, TokenKind::Punct) {
                end -= 1;
            }
            if let Some(a) = (k..end).find(|&j| doc.tokens[j].norm == "according") {
                end = a;
                while end > k && doc.tokens[end - 1].kind == TokenKind::Punct {
                    end -= 1;
                }
            }
            if end - k < 3 {
                continue;
            }
            let span = Span::new(doc.tokens[k].span.start, doc.tokens[end - 1].span.end);
            let timex = timex_near(doc, &(c..c + 1), Some(&speaker));
            out.push(Quote {
                span,
                kind: QuoteKind::Indirect,
                speaker: Some(speaker),
                cue: Some(c..c + 1),
                timex,
                evidence: "indirect quote; reporting verb with its subject and content clause"
                    .to_string(),
            });
        }
    }
    out
}

/// Pronoun speakers ("he said") become mentions of the person they refer to: the nearest
/// person (for he/she) or group or organisation (for they/we/it) mentioned before.
/// What "they" and "we" can refer to.
const PLURAL_REFERENTS: &[EntityKind] = &[
    EntityKind::Group,
    EntityKind::Organization,
    EntityKind::Country,
];

/// The subject of an earlier sentence a pronoun at `pronoun` can refer to: walking back from
/// its sentence, the first clause subject of a `wanted` kind (`An assembly of foreign
/// ministers denounced ... The Italian minister joined the talks. They concluded ...`).
fn subject_antecedent(
    doc: &Document<'_>,
    ctx: &Ctx<'_>,
    pronoun: usize,
    wanted: &[EntityKind],
) -> Option<usize> {
    let floor = pronoun.saturating_sub(ANTECEDENT_WINDOW);
    let sentence = doc.tokens[pronoun].sentence;
    doc.sentences[..sentence]
        .iter()
        .rev()
        .take_while(|s| s.tokens.end > floor)
        .find_map(|s| {
            let m = clause_subject(doc, ctx, s.tokens.start, s.tokens.end)?.mention?;
            let mention = &doc.mentions[m];
            (wanted.contains(&mention.kind) && mention.entity.is_some()).then_some(m)
        })
}

fn link_pronouns(
    doc: &mut Document<'_>,
    quotes: &mut [Quote],
    subject_antecedents: &[Option<usize>],
    in_quote: &[bool],
) {
    // the speaker of the quote before, and its paragraph
    let mut previous: Option<(usize, usize)> = None;
    for (q, &subject) in quotes.iter_mut().zip(subject_antecedents) {
        let Some(sp) = &mut q.speaker else { continue };
        let paragraph = doc.sentences[doc.tokens[sp.tokens.start].sentence].paragraph;
        if let Some(m) = sp.mention {
            previous = Some((paragraph, m));
            continue;
        }
        if let Some(a) = subject {
            sp.mention = Some(add_referring_mention(
                doc,
                sp.tokens.clone(),
                a,
                "pronoun for",
            ));
            continue;
        }
        let w = doc.tokens[sp.tokens.start].norm.clone();
        let wanted: &[EntityKind] = match w.as_str() {
            "he" | "she" | "i" | "him" | "her" | "me" => &[EntityKind::Person],
            "they" | "we" => PLURAL_REFERENTS,
            "it" => &[EntityKind::Organization, EntityKind::Country],
            _ => {
                // a description ("the readout"): the text it comes from, if the article said
                // ("the readout from the State Department")
                if let Some(m) = document_source(doc, &sp.tokens) {
                    sp.mention = Some(add_referring_mention(
                        doc,
                        sp.tokens.clone(),
                        m,
                        "document of",
                    ));
                }
                continue;
            }
        };
        // `said KCNA. "...", it added`: the speaker of the quote before, in the same paragraph
        if let Some((_, m)) = previous.filter(|&(p, m)| {
            p == paragraph
                && wanted.contains(&doc.mentions[m].kind)
                && doc.mentions[m].entity.is_some()
        }) {
            let m = add_referring_mention(doc, sp.tokens.clone(), m, "pronoun for");
            sp.mention = Some(m);
            previous = Some((paragraph, m));
            continue;
        }
        let before = sp.tokens.start;
        // subjects are the likelier antecedents ("Mitsotakis met Trump ... he noted"): the
        // latest fitting mention that is the first of its kind in its sentence, else the latest
        // (within a window before the pronoun: antecedents are near, and the cost stays linear)
        let fitting: Vec<usize> = (before.saturating_sub(ANTECEDENT_WINDOW)..=before)
            .filter_map(|end| doc.facts.mentions_ending_at.get(&end))
            .flatten()
            .copied()
            .filter(|&i| {
                let m = &doc.mentions[i];
                // "the Italian minister": an adjective names no one a pronoun can refer to
                let adjective = matches!(m.lex, Some(LexRef::Demonym(_)));
                // a name inside someone's quoted words is theirs to refer to, not the reporter's
                let quoted = in_quote.get(m.tokens.start).copied().unwrap_or(false);
                wanted.contains(&m.kind) && m.entity.is_some() && !adjective && !quoted
            })
            .collect();
        let mut first_in_sentence: HashMap<usize, usize> = HashMap::default();
        for &i in &fitting {
            let start = doc.mentions[i].tokens.start;
            let e = first_in_sentence
                .entry(doc.tokens[start].sentence)
                .or_insert(start);
            *e = (*e).min(start);
        }
        // "Speaking to Martin Smith of PBS, he said": the object of a participle's preposition
        // is no subject ("For Kevin Allton, Warhol was a legend. He said" keeps Allton)
        let after_preposition = |i: usize| {
            let start = phrase_start(doc, &doc.mentions[i]);
            start > 1
                && matches!(
                    doc.tokens[start - 1].norm.as_str(),
                    "to" | "with" | "by" | "from" | "about"
                )
                && doc.tokens[start - 2].norm.ends_with("ing")
        };
        let is_subject = |i: usize| {
            let start = doc.mentions[i].tokens.start;
            first_in_sentence.get(&doc.tokens[start].sentence) == Some(&start)
                && !after_preposition(i)
        };
        let latest = |only_subjects: bool| {
            fitting
                .iter()
                .copied()
                .filter(|&i| !only_subjects || is_subject(i))
                .max_by_key(|&i| doc.mentions[i].tokens.end)
        };
        let antecedent = latest(true).or_else(|| latest(false));
        if let Some(a) = antecedent {
            let m = add_referring_mention(doc, sp.tokens.clone(), a, "pronoun for");
            sp.mention = Some(m);
            previous = Some((paragraph, m));
        }
    }
}

/// A speaker's words that refer to the entity of mention `target` become one of its mentions.
fn add_referring_mention(
    doc: &mut Document<'_>,
    tokens: Range<usize>,
    target: usize,
    how: &str,
) -> usize {
    let entity = doc.mentions[target].entity;
    let idx = doc.mentions.len();
    let evidence = format!("{how} '{}'", doc.mentions[target].name);
    doc.mentions.push(Mention {
        is_description: true,
        entity,
        ..Mention::new(
            tokens.clone(),
            doc.mentions[target].kind,
            doc.tokens_text(&tokens).to_string(),
            evidence,
        )
    });
    if let Some(e) = entity {
        doc.entities[e].mentions.push(idx);
    }
    // a resolved pronoun can itself be the antecedent of the next one
    doc.facts
        .mentions_ending_at
        .entry(tokens.end)
        .or_default()
        .push(idx);
    doc.facts
        .mentions_starting_at
        .entry(tokens.start)
        .or_default()
        .push(idx);
    idx
}

/// "the readout" said, after "the readout from the State Department": the organisation.
fn document_source(doc: &Document<'_>, words: &Range<usize>) -> Option<usize> {
    let head = doc.tokens[words.end - 1].norm.clone();
    let singular = head.trim_end_matches('s');
    for k in words.start.saturating_sub(ANTECEDENT_WINDOW)..words.start {
        let t = &doc.tokens[k].norm;
        if (t == &head || t.trim_end_matches('s') == singular)
            && k + 2 < doc.tokens.len()
            && matches!(doc.tokens[k + 1].norm.as_str(), "from" | "of" | "by")
        {
            let mut j = k + 2;
            if doc.tokens[j].norm == "the" {
                j += 1;
            }
            let starting = doc.facts.mentions_starting_at.get(&j);
            if let Some(&m) = starting.into_iter().flatten().find(|&&m| {
                let m = &doc.mentions[m];
                m.entity.is_some()
                    && matches!(m.kind, EntityKind::Organization | EntityKind::Country)
            }) {
                return Some(m);
            }
        }
    }
    None
}
