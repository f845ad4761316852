//! According to whom: sourcing statements ("two US officials and a source familiar with the
//! matter told CNN", "Bloomberg first reported", "according to people familiar with the
//! matter", "the sources said"), with the outlet named and whether the source is anonymous.

use std::ops::Range;

use crate::document::{Document, EntityKind, Source, TokenKind};

pub fn find(doc: &mut Document<'_>) {
    let mut sources = Vec::new();
    for s in &doc.sentences {
        for k in s.tokens.clone() {
            let w = doc.tokens[k].norm.as_str();
            let found = match w {
                "told" => {
                    told(doc, k, s.tokens.clone()).or_else(|| unnamed_said(doc, k, s.tokens.start))
                }
                "reported" | "reports" | "reporting" => reported(doc, k, s.tokens.start),
                "according" if doc.tokens.get(k + 1).is_some_and(|t| t.norm == "to") => {
                    according_to(doc, k, s.tokens.end)
                }
                "said" | "says" | "added" | "say" if !doc.tokens[k].capitalized => {
                    unnamed_said(doc, k, s.tokens.start)
                }
                _ => None,
            };
            sources.extend(found);
        }
    }
    sources.sort_by_key(|s: &Source| (s.tokens.start, s.tokens.end));
    sources.dedup_by(|b, a| a.tokens.start <= b.tokens.start && b.tokens.end <= a.tokens.end);
    doc.sources = sources;
}

/// The mention (any kind) whose phrase ends right before `end`.
fn mention_ending(doc: &Document<'_>, end: usize) -> Option<usize> {
    doc.facts
        .mentions_ending_at
        .get(&end)
        .into_iter()
        .flatten()
        .map(|&i| (i, &doc.mentions[i]))
        .filter(|(_, m)| m.entity.is_some())
        .min_by_key(|(_, m)| m.role.as_ref().map_or(m.tokens.start, |r| r.phrase_start))
        .map(|(i, _)| i)
}

fn phrase_start(doc: &Document<'_>, m: usize) -> usize {
    let mm = &doc.mentions[m];
    mm.role
        .as_ref()
        .map_or(mm.tokens.start, |r| r.phrase_start.min(mm.tokens.start))
}

/// The subjects before a verb: mentions joined by "and" and commas ("two US officials and a
/// source familiar with the matter").
fn subjects_before(doc: &Document<'_>, verb: usize, floor: usize) -> Vec<usize> {
    let mut who = Vec::new();
    let mut end = verb;
    while let Some(m) = mention_ending(doc, end) {
        who.push(m);
        let start = phrase_start(doc, m);
        if start > floor && matches!(doc.tokens[start - 1].norm.as_str(), "and" | ",") {
            end = start - 1;
            if end > floor && doc.tokens[end - 1].norm == "," {
                end -= 1;
            }
        } else {
            break;
        }
    }
    who.reverse();
    who
}

fn is_anonymous(doc: &Document<'_>, who: &[usize]) -> bool {
    !who.is_empty()
        && who.iter().all(|&m| {
            doc.mentions[m].kind == EntityKind::Group
                || doc.mentions[m].subtype.as_deref() == Some("anonymous")
        })
}

fn is_media(doc: &Document<'_>, m: usize) -> bool {
    let mm = &doc.mentions[m];
    mm.kind == EntityKind::Organization
        && (mm.subtype.as_deref() == Some("media")
            || mm.code.as_deref().is_some_and(|c| c.ends_with("MED")))
}

/// `X told CNN`
fn told(doc: &Document<'_>, k: usize, sentence: Range<usize>) -> Option<Source> {
    let starting = doc
        .facts
        .mentions_starting_at
        .get(&(k + 1))
        .map_or(&[][..], Vec::as_slice);
    let outlet = starting.iter().copied().find(|&i| {
        let m = &doc.mentions[i];
        m.tokens.start == k + 1 && m.entity.is_some() && matches!(m.kind, EntityKind::Organization)
    })?;
    if !is_media(doc, outlet) {
        return None;
    }
    let who = subjects_before(doc, k, sentence.start);
    let start = who.first().map_or(k, |&m| phrase_start(doc, m));
    Some(Source {
        tokens: start..doc.mentions[outlet].tokens.end,
        outlet: Some(outlet),
        anonymous: is_anonymous(doc, &who),
        who,
        cue: k..k + 1,
        evidence: "source told a news outlet".to_string(),
    })
}

/// `Bloomberg first reported`
fn reported(doc: &Document<'_>, k: usize, floor: usize) -> Option<Source> {
    let mut e = k;
    while e > floor
        && matches!(
            doc.tokens[e - 1].norm.as_str(),
            "first"
                | "also"
                | "earlier"
                | "previously"
                | "initially"
                | "has"
                | "had"
                | "was"
                | "originally"
        )
    {
        e -= 1;
    }
    let outlet = mention_ending(doc, e)?;
    if !is_media(doc, outlet) {
        return None;
    }
    Some(Source {
        tokens: phrase_start(doc, outlet)..k + 1,
        outlet: Some(outlet),
        anonymous: false,
        who: vec![outlet],
        cue: k..k + 1,
        evidence: "a news outlet reported".to_string(),
    })
}

/// `according to people familiar with the matter`, `according to the readout from the State
/// Department`
fn according_to(doc: &Document<'_>, k: usize, ceiling: usize) -> Option<Source> {
    let start = k + 2;
    let mut end = crate::stages::quotes::noun_phrase_end(doc, start, ceiling);
    // a mention running past the phrase end ("people familiar with the matter") takes it along
    let phrase_end = end;
    for m in (start..phrase_end)
        .flat_map(|j| doc.facts.mentions_starting_at.get(&j).into_iter().flatten())
        .map(|&i| &doc.mentions[i])
    {
        end = end.max(m.tokens.end.min(ceiling));
    }
    while end > start && doc.tokens[end - 1].kind == TokenKind::Punct {
        end -= 1;
    }
    if end <= start {
        return None;
    }
    let who: Vec<usize> = (start..end)
        .flat_map(|j| {
            doc.facts
                .mentions_starting_at
                .get(&j)
                .into_iter()
                .flatten()
                .copied()
        })
        .map(|i| (i, &doc.mentions[i]))
        .filter(|(_, m)| {
            m.tokens.start >= start
                && m.tokens.end <= end
                && m.entity.is_some()
                && m.kind != EntityKind::Country
        })
        .map(|(i, _)| i)
        .collect();
    let outlet = who.iter().copied().find(|&m| is_media(doc, m));
    let anonymous = who
        .iter()
        .any(|&m| doc.mentions[m].kind == EntityKind::Group);
    Some(Source {
        tokens: k..end,
        outlet,
        anonymous,
        who,
        cue: k..k + 2,
        evidence: "according to".to_string(),
    })
}

/// `the sources said`, `a senior administration official said`: unnamed people as the source.
fn unnamed_said(doc: &Document<'_>, k: usize, floor: usize) -> Option<Source> {
    if k > floor && doc.tokens[k - 1].kind == TokenKind::Quote {
        return None;
    }
    let m = mention_ending(doc, k)?;
    let mm = &doc.mentions[m];
    let head = doc.tokens[mm.tokens.end - 1].norm.as_str();
    if mm.kind != EntityKind::Group
        || !matches!(
            head,
            "source"
                | "sources"
                | "official"
                | "officials"
                | "people"
                | "person"
                | "diplomat"
                | "diplomats"
                | "aide"
                | "aides"
                | "insider"
                | "insiders"
        )
    {
        return None;
    }
    Some(Source {
        tokens: phrase_start(doc, m)..k + 1,
        outlet: None,
        anonymous: true,
        who: vec![m],
        cue: k..k + 1,
        evidence: "unnamed source said".to_string(),
    })
}
