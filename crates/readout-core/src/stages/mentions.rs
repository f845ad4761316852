//! Mentions: names of countries, places, organisations and people, the titles in front of them,
//! anonymous groups ("two US officials") and descriptions ("the top US diplomat").
//!
//! Order matters and is the design: dictionary phrases first (longest wins), then organisation
//! shapes ("... Ministry", "Ministry of ..."), which override dictionary words inside them
//! ("Bank of England"), then personal names with the title read leftwards from each name, then
//! groups and descriptions over what is left.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use crate::document::{Document, EntityKind, LexRef, Mention, Role, TokenKind};
use crate::lexicon::{code_at, Lexicon};

/// No name, title or organisation phrase is longer than this; scans stop there, so a sentence of
/// a million capitalised words costs linear time.
const MAX_PHRASE_TOKENS: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Free,
    Timex,
    /// index into `Document::mentions`
    Mention(usize),
}

pub fn find(doc: &mut Document<'_>, lex: &Lexicon) {
    doc.facts = token_facts(doc);
    let n = doc.tokens.len();
    let mut slots = vec![Slot::Free; n];
    for t in &doc.timexes {
        for i in t.tokens.clone() {
            slots[i] = Slot::Timex;
        }
    }
    let org_spans = organization_shapes(doc, lex, &slots);
    dictionary_mentions(doc, lex, &mut slots, &org_spans);
    for (span, head) in org_spans {
        if span.clone().all(|i| slots[i] == Slot::Free) {
            push_org_shape(doc, lex, &mut slots, span, head);
        }
    }
    person_mentions(doc, lex, &mut slots);
    places_that_are_family_names(doc);
    lone_proper_nouns(doc, lex, &mut slots);
    group_mentions(doc, lex, &mut slots);
    description_mentions(doc, lex, &mut slots);
}

fn token_facts(doc: &Document<'_>) -> crate::document::TokenFacts {
    let mut facts = crate::document::TokenFacts {
        country: vec![false; doc.tokens.len()],
        ..Default::default()
    };
    for (i, m) in doc.lex_matches.iter().enumerate() {
        if m.refs
            .iter()
            .any(|r| matches!(r, LexRef::Country(_) | LexRef::Demonym(_)))
        {
            facts.country[m.tokens.clone()].fill(true);
        }
        facts.lex_ending_at.entry(m.tokens.end).or_default().push(i);
    }
    facts.index_timexes(doc.tokens.len(), &doc.timexes);
    for (k, t) in doc.tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        if t.capitalized {
            // the word is copied once, on its first capitalised use
            match facts.capitalized_at.get_mut(t.norm.as_str()) {
                Some(at) => at.push(k),
                None => {
                    facts.capitalized_at.insert(t.norm.clone(), vec![k]);
                }
            }
        } else if !facts.lower_forms.contains(&t.norm) {
            facts.lower_forms.insert(t.norm.clone());
        }
    }
    facts
}

fn claim(slots: &mut [Slot], tokens: &Range<usize>, mention: usize) {
    for i in tokens.clone() {
        slots[i] = Slot::Mention(mention);
    }
}

fn is_word(doc: &Document<'_>, i: usize) -> bool {
    doc.tokens[i].kind == TokenKind::Word
        || (doc.tokens[i].kind == TokenKind::Number
            && doc.tokens[i].norm.chars().any(char::is_alphabetic))
}

fn cap_word(doc: &Document<'_>, i: usize) -> bool {
    is_word(doc, i) && doc.tokens[i].capitalized
}

fn same_sentence(doc: &Document<'_>, a: usize, b: usize) -> bool {
    doc.tokens[a].sentence == doc.tokens[b].sentence
}

/// Longest title head (or Phoenix agent phrase ending in a head word) starting at `i`.
fn head_at(doc: &Document<'_>, lex: &Lexicon, i: usize) -> Option<(usize, String)> {
    let max = lex.titles.max_head_words.max(1);
    let mut key = String::new();
    let mut best = None;
    for (len, k) in (i..doc.tokens.len().min(i + max)).enumerate() {
        if k > i && !same_sentence(doc, i, k) {
            break;
        }
        if len > 0 {
            key.push(' ');
        }
        key.push_str(&doc.tokens[k].norm);
        if let Some(sector) = lex.titles.heads.get(&key) {
            best = Some((k + 1, sector.clone()));
        }
    }
    best
}

fn is_title_word(doc: &Document<'_>, lex: &Lexicon, i: usize) -> bool {
    let w = doc.tokens[i].norm.as_str();
    lex.titles.is_modifier(w) || lex.titles.is_head_word(w)
}

fn is_head_word(lex: &Lexicon, w: &str) -> bool {
    lex.titles.is_head(w)
}

// ---------------------------------------------------------------- organisations by shape

/// Spans shaped like organisation names: capitalised words ending in an organisation head
/// ("Foreign Ministry", "North American and Oceanian Affairs Department") or an organisation
/// start followed by "of" ("Ministry of Foreign Affairs", "Bank of England").
fn organization_shapes(
    doc: &Document<'_>,
    lex: &Lexicon,
    slots: &[Slot],
) -> Vec<(Range<usize>, usize)> {
    let e = &lex.english;
    let mut out: Vec<(Range<usize>, usize)> = Vec::new();
    let n = doc.tokens.len();
    for j in 0..n {
        if !cap_word(doc, j) || slots[j] != Slot::Free {
            continue;
        }
        let w = doc.tokens[j].norm.as_str();
        let is_place = !e.org_heads.contains_key(w);
        if is_place && !e.place_heads.contains(w) {
            continue;
        }
        // right extension for "Ministry of ...", "Gulf of ...", "Commission on International
        // Religious Freedom", "Committee for the Protection of Journalists"
        let mut end = j + 1;
        let complement = match doc.tokens.get(j + 1).map(|t| t.norm.as_str()) {
            Some("of") => true,
            Some("on" | "for") => !is_place,
            _ => false,
        };
        if (e.org_starts.contains(w) || is_place)
            && j + 2 < n
            && complement
            && same_sentence(doc, j, j + 2)
        {
            let mut k = j + 1;
            let mut last_good = j + 1;
            while k < n
                && same_sentence(doc, j, k)
                && slots[k] != Slot::Timex
                && k - j < MAX_PHRASE_TOKENS
            {
                let t = &doc.tokens[k];
                if head_at(doc, lex, k).is_some() && k > j + 2 {
                    break;
                }
                if cap_word(doc, k) {
                    k += 1;
                    last_good = k;
                } else if e.connectors.contains(t.norm.as_str())
                    && k + 1 < n
                    && (cap_word(doc, k + 1)
                        || matches!(t.norm.as_str(), "of" | "for" | "on")
                            && doc.tokens[k + 1].norm == "the"
                            && k + 2 < n
                            && cap_word(doc, k + 2))
                {
                    k += 1;
                } else {
                    break;
                }
            }
            // give back title modifiers that open the next phrase ("... Affairs Executive Vice")
            let mut stop = last_good;
            while stop > j + 3 && lex.titles.is_modifier(&doc.tokens[stop - 1].norm) {
                stop -= 1;
            }
            if stop > j + 2 {
                end = stop;
            }
        }
        // left extension over capitalised words and inner connectors
        let mut start = j;
        while start > 0 && same_sentence(doc, start - 1, j) && j - start < MAX_PHRASE_TOKENS {
            let k = start - 1;
            let t = &doc.tokens[k];
            if !doc.tokens[start].space_before && t.norm == "-" {
                start = k;
                continue;
            }
            if cap_word(doc, k) && !doc.tokens[k].norm.starts_with('\'') {
                if is_head_word(lex, &t.norm) || e.not_names.contains(t.norm.as_str()) {
                    break;
                }
                if let Slot::Mention(_) = slots[k] {
                    break;
                }
                // a country or demonym at the left edge qualifies the organisation rather than
                // naming it ("Chinese Foreign Ministry"); inside a longer name it is part of it
                // (a country of several words is judged from its first: "United States")
                let mut c0 = k;
                while c0 > 0
                    && is_country_word(doc, k)
                    && is_country_word(doc, c0 - 1)
                    && same_sentence(doc, c0 - 1, k)
                {
                    c0 -= 1;
                }
                let edge = c0 == 0
                    || !(cap_word(doc, c0 - 1)
                        || (e.connectors.contains(doc.tokens[c0 - 1].norm.as_str())
                            && c0 >= 2
                            && cap_word(doc, c0 - 2)))
                    || !same_sentence(doc, c0 - 1, c0);
                if edge && is_country_word(doc, k) {
                    break;
                }
                start = k;
            } else if matches!(t.norm.as_str(), "and" | "of" | "for" | "&")
                && k > 0
                && cap_word(doc, k - 1)
                && same_sentence(doc, k - 1, k)
            {
                // "Director General of the ... Department": a connector right after a title
                // opens the title's complement, not the organisation's name
                if is_title_word(doc, lex, k - 1) && t.norm == "of" {
                    break;
                }
                start = k;
            } else {
                break;
            }
        }
        while start < j
            && (e.connectors.contains(doc.tokens[start].norm.as_str()) || !cap_word(doc, start))
        {
            start += 1;
        }
        // "Syrian Democratic Forces (SDF)": an acronym that spells the demonym too makes it
        // part of the name
        while start > 0
            && is_country_word(doc, start - 1)
            && same_sentence(doc, start - 1, j)
            && acronym_spells(doc, start - 1..end)
        {
            start -= 1;
        }
        // a bare head after a country or city is named by it ("Singapore Airlines", "Air
        // India" aside); a bare head alone ("Department", "House") is not a name
        if end - start < 2 {
            let ending_here = doc
                .facts
                .lex_ending_at
                .get(&start)
                .map_or(&[][..], Vec::as_slice);
            let named_by_place = ending_here.iter().map(|&i| &doc.lex_matches[i]).find(|m| {
                m.tokens.end == start
                    && same_sentence(doc, m.tokens.start, start)
                    && m.refs
                        .iter()
                        .any(|r| matches!(r, LexRef::Country(_) | LexRef::Place(_)))
            });
            match named_by_place {
                Some(m)
                    if !doc.tokens[m.tokens.start..start]
                        .iter()
                        .any(|t| t.norm == "'s")
                        && slots[m.tokens.start] == Slot::Free =>
                {
                    start = m.tokens.start
                }
                _ if doc.tokens[start].all_caps => {}
                _ => continue,
            }
        }
        // keep the spans disjoint and in order: a span reaching back over earlier ones absorbs them
        let (mut start, mut end, mut head) = (start, end, j);
        while let Some(last) = out.last() {
            if start >= last.0.end {
                break;
            }
            if last.0.end > end {
                head = last.1;
            }
            start = start.min(last.0.start);
            end = end.max(last.0.end);
            out.pop();
        }
        out.push((start..end, head));
    }
    out
}

/// Whether `(ACRONYM)` follows `span` and spells the initials of its capitalised words.
fn acronym_spells(doc: &Document<'_>, span: Range<usize>) -> bool {
    let [open, acronym, close] = match doc.tokens.get(span.end..span.end + 3) {
        Some([a, b, c]) => [a, b, c],
        _ => return false,
    };
    if open.norm != "(" || close.norm != ")" || !acronym.all_caps {
        return false;
    }
    let initials: String = doc.tokens[span]
        .iter()
        .filter(|t| t.capitalized)
        .filter_map(|t| t.norm.chars().next())
        .collect();
    initials == acronym.norm
}

fn is_country_word(doc: &Document<'_>, k: usize) -> bool {
    doc.facts.country.get(k).copied().unwrap_or(false)
}

fn push_org_shape(
    doc: &mut Document<'_>,
    lex: &Lexicon,
    slots: &mut [Slot],
    span: Range<usize>,
    head: usize,
) {
    let name = doc.tokens_text(&span).to_string();
    let head_word = doc.tokens[head].norm.clone();
    if !lex.english.org_heads.contains_key(&head_word) {
        // "Changi International Airport", "Gulf of Aden": a place by its shape
        let idx = doc.mentions.len();
        doc.mentions.push(Mention {
            subtype: Some(head_word.clone()),
            ..Mention::new(
                span.clone(),
                EntityKind::Place,
                name,
                format!(
                    "place shape: capitalised phrase with head '{}'",
                    doc.token_text(head)
                ),
            )
        });
        claim(slots, &span, idx);
        return;
    }
    let sector = lex.english.org_heads.get(&head_word).cloned();
    // country from a demonym or possessive right before it: "Chinese Foreign Ministry",
    // "China's Foreign Ministry"
    let mut country = None;
    let mut evidence = format!(
        "organisation shape: capitalised phrase with head '{}'",
        doc.token_text(head)
    );
    let mut k = span.start;
    if k > 0 && doc.tokens[k - 1].norm == "'s" {
        k -= 1;
    }
    if k > 0 {
        if let Some(Slot::Mention(m)) = slots.get(k - 1) {
            let m = &doc.mentions[*m];
            if m.kind == EntityKind::Country {
                country = m.country.clone();
                evidence.push_str(&format!("; country from '{}'", doc.tokens_text(&m.tokens)));
            }
        }
    }
    let code = country
        .as_ref()
        .and_then(|c| lex.country(c))
        .map(|c| format!("{}{}", c.cameo, sector.as_deref().unwrap_or("")));
    let subtype = match sector.as_deref() {
        Some("MED") => Some("media".to_string()),
        Some("GOV") | Some("LEG") | Some("JUD") => Some("government".to_string()),
        Some("MIL") => Some("military".to_string()),
        Some("PTY") => Some("party".to_string()),
        _ => None,
    };
    let idx = doc.mentions.len();
    doc.mentions.push(Mention {
        country,
        code,
        subtype,
        ..Mention::new(span.clone(), EntityKind::Organization, name, evidence)
    });
    claim(slots, &span, idx);
}

// ---------------------------------------------------------------- dictionary phrases

fn dictionary_mentions(
    doc: &mut Document<'_>,
    lex: &Lexicon,
    slots: &mut [Slot],
    org_spans: &[(Range<usize>, usize)],
) {
    let mut order: Vec<usize> = (0..doc.lex_matches.len()).collect();
    order.sort_by_key(|&i| {
        let m = &doc.lex_matches[i];
        (std::cmp::Reverse(m.tokens.len()), m.tokens.start)
    });
    for i in order {
        let m = doc.lex_matches[i].clone();
        if m.tokens.clone().any(|k| slots[k] != Slot::Free) {
            continue;
        }
        // inside a longer organisation-shaped name the dictionary word is part of that name
        // (organisation spans are disjoint and in text order: only the last one starting at or
        // before the phrase can hold it)
        let before = org_spans.partition_point(|(s, _)| s.start <= m.tokens.start);
        if before > 0 && {
            let s = &org_spans[before - 1].0;
            m.tokens.end <= s.end && s.len() > m.tokens.len()
        } {
            continue;
        }
        let Some(r) = pick_ref(doc, lex, &m.refs) else {
            continue;
        };
        if !plausible_lex_match(doc, lex, &m.tokens, r) {
            continue;
        }
        let mut tokens = m.tokens.clone();
        if let LexRef::Actor(a) = r {
            if lex.actors[a as usize].kind == EntityKind::Person {
                // "President Xi Jinping" in the dictionary: the title stays a title
                while tokens.len() > 1 && is_title_word(doc, lex, tokens.start) {
                    tokens.start += 1;
                }
                // "John R. Bolton" when the dictionary knows "Bolton": the name is all of it
                while tokens.start > 0
                    && tokens.len() < 5
                    && same_sentence(doc, tokens.start - 1, tokens.start)
                    && name_token(doc, lex, slots, tokens.start - 1)
                {
                    tokens.start -= 1;
                }
            }
        }
        let mention = lex_mention(doc, lex, r, tokens.clone());
        let idx = doc.mentions.len();
        doc.mentions.push(mention);
        claim(slots, &tokens, idx);
    }
}

/// Dictionaries are broad (GeoNames has a town called "But"; Phoenix lists "US Secretary of
/// State" as a person): a match must also look like a name in its context.
fn plausible_lex_match(
    doc: &Document<'_>,
    lex: &Lexicon,
    tokens: &Range<usize>,
    r: LexRef,
) -> bool {
    let e = &lex.english;
    if tokens.len() == 1 && e.not_names.contains(&doc.tokens[tokens.start].norm) {
        return false;
    }
    match r {
        LexRef::Country(_) => {
            // "US$100 billion", "US dollars": a currency, not the country
            let next = doc.tokens.get(tokens.end);
            !next.is_some_and(|t| {
                (!t.space_before && matches!(t.norm.as_str(), "$" | "-$"))
                    || t.norm.starts_with("dollar")
            })
        }
        LexRef::Actor(a) if lex.actors[a as usize].kind == EntityKind::Person => {
            // a title alone ("President", "US Secretary of State") names no one in particular
            tokens.clone().any(|k| {
                cap_word(doc, k)
                    && !is_title_word(doc, lex, k)
                    && !is_country_word(doc, k)
                    && !e.connectors.contains(&doc.tokens[k].norm)
            })
        }
        LexRef::Place(p) => {
            // a town that shares a name with a person ("Antony Blinken", "Yang Tao") is part of
            // a longer capitalised name; big places stay places ("Paris Agreement" aside)
            let place = &lex.places[p as usize];
            if place.kind == "city" && place.population < 1_000_000 {
                let next_is_name = doc.tokens.get(tokens.end).is_some_and(|t| {
                    t.capitalized
                        && t.kind == TokenKind::Word
                        && same_sentence(doc, tokens.start, tokens.end)
                        && !e.connectors.contains(&t.norm)
                        && !is_country_word(doc, tokens.end)
                        && !e.org_heads.contains_key(&t.norm)
                });
                let prev_is_name = tokens.start > 0 && {
                    let k = tokens.start - 1;
                    let t = &doc.tokens[k];
                    let sentence_start = doc.sentences[t.sentence].tokens.start;
                    t.capitalized
                        && t.kind == TokenKind::Word
                        && same_sentence(doc, k, tokens.start)
                        && (e.given_names.contains(&t.norm)
                            || (k > sentence_start
                                && !is_title_word(doc, lex, k)
                                && !is_country_word(doc, k)
                                && !e.not_names.contains(&t.norm)
                                && !e.connectors.contains(&t.norm)))
                };
                return !(next_is_name || prev_is_name);
            }
            true
        }
        _ => true,
    }
}

/// Which of a phrase's meanings to take: organisations and people over countries over
/// demonyms over places; among places the most populous.
fn pick_ref(_doc: &Document<'_>, lex: &Lexicon, refs: &[LexRef]) -> Option<LexRef> {
    let rank = |r: &LexRef| -> (u8, u64) {
        match r {
            LexRef::Actor(_) => (0, 0),
            LexRef::Country(_) => (1, 0),
            LexRef::Demonym(_) => (2, 0),
            LexRef::Place(p) => {
                // regions and islands written for Readout outrank towns of the same name
                let place = &lex.places[*p as usize];
                let weight = if place.kind == "city" {
                    place.population
                } else {
                    place.population.max(5_000_000)
                };
                (3, u64::MAX - weight)
            }
        }
    };
    refs.iter().copied().min_by_key(rank)
}

fn lex_mention(doc: &Document<'_>, lex: &Lexicon, r: LexRef, tokens: Range<usize>) -> Mention {
    let surface = doc.tokens_text(&tokens).to_string();
    let base =
        |kind, name: String, country: Option<String>, code: Option<String>, evidence: String| {
            Mention {
                lex: Some(r),
                country,
                code,
                ..Mention::new(tokens.clone(), kind, name, evidence)
            }
        };
    match r {
        LexRef::Country(c) | LexRef::Demonym(c) => {
            let c = &lex.countries[c as usize];
            let how = if matches!(r, LexRef::Demonym(_)) {
                "demonym"
            } else {
                "name"
            };
            base(
                EntityKind::Country,
                c.name.clone(),
                Some(c.iso3.clone()),
                Some(c.cameo.clone()),
                format!("country {how} '{surface}' in data/countries.tsv"),
            )
        }
        LexRef::Place(p) => {
            let p = &lex.places[p as usize];
            base(
                EntityKind::Place,
                p.name.clone(),
                p.country.clone(),
                None,
                format!(
                    "{} '{surface}' in the gazetteer (population {})",
                    p.kind, p.population
                ),
            )
        }
        LexRef::Actor(a) => {
            let a = &lex.actors[a as usize];
            let code = code_at(&a.codes, doc.published).map(|c| c.code.clone());
            let mut m = base(
                a.kind,
                a.name.clone(),
                a.country.clone(),
                code.clone(),
                format!("'{surface}' is {} in {}", a.name, a.origin),
            );
            if let Some(c) = &code {
                m.evidence.push_str(&format!(
                    " (code {c}{})",
                    doc.published.map_or(String::new(), |d| format!(" on {d}"))
                ));
            }
            m.subtype = a.subtype.clone();
            m
        }
    }
}

// ---------------------------------------------------------------- people and their titles

/// A capitalised word that opens a sentence but is written in lower case elsewhere in the
/// article ("Regarding", "Planning") is an ordinary word, not a name.
fn common_word_at_sentence_start(doc: &Document<'_>, i: usize) -> bool {
    let start = doc.sentences[doc.tokens[i].sentence].tokens.start;
    let initial = i == start || (i == start + 1 && doc.tokens[start].kind == TokenKind::Quote);
    if !initial {
        return false;
    }
    let w = doc.tokens[i].norm.as_str();
    w.ends_with("ing") || w.ends_with("ly") || doc.facts.lower_forms.contains(w)
}

fn name_token(doc: &Document<'_>, lex: &Lexicon, slots: &[Slot], i: usize) -> bool {
    let t = &doc.tokens[i];
    slots[i] == Slot::Free
        && !common_word_at_sentence_start(doc, i)
        && cap_word(doc, i)
        && !t.norm.starts_with('\'')
        && !is_title_word(doc, lex, i)
        && !lex.english.org_heads.contains_key(&t.norm)
        && !lex.english.not_names.contains(t.norm.as_str())
        && !lex.english.place_heads.contains(&t.norm)
        && !lex.english.complement_words.contains(&t.norm)
        && !lex.english.place_modifiers.contains(&t.norm)
        && !t.all_caps
}

/// Capitalised words inside a title's complement ("for East Asian and Pacific Affairs") look
/// like a name but are not one: they follow "for/of/to" after a title word, or are followed
/// by a complement word ("Pacific Affairs").
fn inside_title_complement(doc: &Document<'_>, lex: &Lexicon, span: &Range<usize>) -> bool {
    let after = doc
        .tokens
        .get(span.end)
        .filter(|_| same_sentence(doc, span.start, span.end));
    if after.is_some_and(|t| {
        lex.english.complement_words.contains(&t.norm)
            || lex.english.org_heads.contains_key(&t.norm) && t.capitalized
    }) {
        return true;
    }
    // walk back over place modifiers ("for East Asian"): a complement opens with for/of/to/on
    // right after a title word or a capitalised word
    let mut k = span.start;
    while k > 0
        && same_sentence(doc, k - 1, span.start)
        && cap_word(doc, k - 1)
        && lex
            .english
            .place_modifiers
            .contains(&doc.tokens[k - 1].norm)
    {
        k -= 1;
    }
    if k >= 2 && same_sentence(doc, k - 2, span.start) {
        let conn = doc.tokens[k - 1].norm.as_str();
        let before = k - 2;
        if matches!(conn, "for" | "of" | "to" | "on")
            && (is_title_word(doc, lex, before) || cap_word(doc, before))
        {
            return true;
        }
    }
    false
}

fn person_mentions(doc: &mut Document<'_>, lex: &Lexicon, slots: &mut [Slot]) {
    let n = doc.tokens.len();
    // names known from the dictionaries are already mentions; give them their titles
    let known: Vec<usize> = (0..doc.mentions.len())
        .filter(|&m| doc.mentions[m].kind == EntityKind::Person)
        .collect();
    for m in known {
        let start = doc.mentions[m].tokens.start;
        if let Some(role) = read_title(doc, lex, slots, start) {
            let title_tokens = role.title.clone();
            doc.mentions[m].role = Some(role);
            mark_title(slots, &title_tokens, m);
        }
    }
    let mut i = 0;
    while i < n {
        if !name_token(doc, lex, slots, i) {
            i += 1;
            continue;
        }
        // the name: capitalised words, with particles and hyphens inside ("Abu Bakr al-Baghdadi")
        let mut end = i + 1;
        while end < n && same_sentence(doc, i, end) && end - i < 5 {
            if name_token(doc, lex, slots, end) {
                end += 1;
            } else if (doc.tokens[end].norm == "-" && !doc.tokens[end].space_before)
                || matches!(
                    doc.tokens[end].norm.as_str(),
                    "al" | "bin"
                        | "ibn"
                        | "van"
                        | "von"
                        | "de"
                        | "da"
                        | "del"
                        | "der"
                        | "le"
                        | "la"
                )
            {
                // "Man-kei Tam", "Ban Ki-moon": a lower-case syllable glued by a hyphen
                let glued_syllable = doc.tokens[end].norm == "-"
                    && end + 1 < n
                    && !doc.tokens[end + 1].space_before
                    && doc.tokens[end + 1].kind == TokenKind::Word
                    && slots[end + 1] == Slot::Free
                    && doc.tokens[end + 1].norm.chars().all(char::is_alphabetic);
                if end + 1 < n
                    && (name_token(doc, lex, slots, end + 1) || glued_syllable)
                    && same_sentence(doc, i, end + 1)
                {
                    end += 2;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let span = i..end;
        // products and models ("Airbus A380", "MacBook Air") are not people
        let product_like = span.clone().any(|k| {
            let text = doc.token_text(k);
            // "O'Leary", "D'Souza": a capital after an apostrophe is a name's
            let inner_capital = text
                .chars()
                .zip(text.chars().skip(1))
                .any(|(a, b)| b.is_uppercase() && !crate::stages::tokenize::is_apostrophe(a));
            doc.tokens[k].norm.chars().any(|c| c.is_ascii_digit())
                || inner_capital && !text.starts_with("Mc") && !text.starts_with("Mac")
        });
        let given_at = |k: usize| lex.english.given_names.contains(&doc.tokens[k].norm);
        if !product_like && inside_title_complement(doc, lex, &span) {
            // "Assistant Secretary for Acquisition Marvin Sambur": the complement ends where a
            // known first name starts the person's name
            if let Some(j) = (i + 1..end.saturating_sub(1)).find(|&j| given_at(j)) {
                i = j;
                continue;
            }
            if !(given_at(i) && span.len() >= 2) {
                i = end;
                continue;
            }
        }
        if product_like {
            i = end;
            continue;
        }
        let sentence_start = doc.sentences[doc.tokens[i].sentence].tokens.start;
        let at_start = i == sentence_start
            || (i > sentence_start
                && doc.tokens[i - 1].kind == TokenKind::Quote
                && i - 1 == sentence_start);
        let role = read_title(doc, lex, slots, i);
        let given = lex.english.given_names.contains(&doc.tokens[i].norm);
        let followed_by_said = matches!(
            doc.tokens.get(end).map(|t| t.norm.as_str()),
            Some("said" | "says" | "told" | "added")
        );
        // without a title or a known first name, two capitalised words are as often a company
        // or a region ("Deutsche Bahn", "Middle East"); the family name must come back on its
        // own later ("... Khanooki said") or the name must speak
        let surname_recurs = span.len() >= 2 && {
            let last = &doc.tokens[end - 1].norm;
            let before_last = &doc.tokens[end - 2].norm;
            let at = doc
                .facts
                .capitalized_at
                .get(last)
                .map_or(&[][..], Vec::as_slice);
            let later = &at[at.partition_point(|&k| k < end)..];
            // a few later occurrences tell; scanning all of them would be quadratic
            later
                .iter()
                .take(64)
                .any(|&k| doc.tokens[k - 1].norm != *before_last)
        };
        let is_person = role.is_some()
            || (span.len() >= 2 && (given || surname_recurs || followed_by_said))
            || (span.len() == 1 && followed_by_said && !at_start && given);
        if !is_person {
            i = end;
            continue;
        }
        let mut evidence = String::from("personal name: ");
        if let Some(r) = &role {
            evidence.push_str(&format!("title '{}' before it", doc.tokens_text(&r.title)));
        } else if given {
            evidence.push_str(&format!("'{}' is a known first name", doc.token_text(i)));
        } else if surname_recurs {
            evidence.push_str(&format!(
                "its last word '{}' recurs alone later",
                doc.token_text(end - 1)
            ));
        } else {
            evidence.push_str("a reporting verb follows it");
        }
        let idx = doc.mentions.len();
        let name = doc.tokens_text(&span).to_string();
        let title_tokens = role.as_ref().map(|r| r.title.clone());
        doc.mentions.push(Mention {
            role,
            ..Mention::new(span.clone(), EntityKind::Person, name, evidence)
        });
        claim(slots, &span, idx);
        if let Some(t) = title_tokens {
            mark_title(slots, &t, idx);
        }
        i = end;
    }
}

/// Title tokens belong to the person they describe, so no later pass reads them as a name or
/// a group; dictionary mentions inside them (countries, organisations) stay as they are.
fn mark_title(slots: &mut [Slot], title: &Range<usize>, person: usize) {
    for i in title.clone() {
        if slots[i] == Slot::Free {
            slots[i] = Slot::Mention(person);
        }
    }
}

/// Reads the title in front of the name starting at `name_start`: leftwards over title words,
/// the organisation and country the title names, and its complement ("for East Asian and
/// Pacific Affairs", "to China"), stopping at punctuation, other people and ordinary words.
fn read_title(
    doc: &Document<'_>,
    lex: &Lexicon,
    slots: &[Slot],
    name_start: usize,
) -> Option<Role> {
    let e = &lex.english;
    let sentence_start = doc.sentences[doc.tokens[name_start].sentence].tokens.start;
    let mut k = name_start;
    let mut first = name_start;
    while k > sentence_start && name_start - k < MAX_PHRASE_TOKENS {
        let i = k - 1;
        let t = &doc.tokens[i];
        let w = t.norm.as_str();
        let ok = match slots[i] {
            Slot::Timex => false,
            Slot::Mention(m) => {
                let m = &doc.mentions[m];
                matches!(
                    m.kind,
                    EntityKind::Country | EntityKind::Organization | EntityKind::Place
                ) && m.tokens.start < i + 1
            }
            Slot::Free => {
                if is_title_word(doc, lex, i) || w == "'s" {
                    true
                } else if w == "and" {
                    // "Kritenbrink and NSC Senior Director": a name before "and" ends the title;
                    // "official and Mohammed Reda": so does "and" right before the name
                    i + 1 != name_start
                        && i > sentence_start
                        && !matches!(slots[i - 1], Slot::Mention(m) if doc.mentions[m].kind == EntityKind::Person)
                } else if matches!(w, "of" | "for" | "to" | "on" | "the" | "-") {
                    true
                } else {
                    cap_word(doc, i) && !e.not_names.contains(w)
                }
            }
        };
        if !ok {
            break;
        }
        // jump over whole mentions
        if let Slot::Mention(m) = slots[i] {
            k = doc.mentions[m].tokens.start;
        } else {
            k = i;
        }
        first = k;
    }
    // trim leading words that cannot open a title
    let mut start = first;
    while start < name_start {
        let opener = is_title_word(doc, lex, start) || matches!(slots[start], Slot::Mention(_));
        if opener {
            break;
        }
        start += 1;
    }
    if start >= name_start {
        return None;
    }
    // the head: the rightmost title head before any complement
    let mut head: Option<(usize, usize, String)> = None;
    let mut i = start;
    while i < name_start {
        if matches!(slots[i], Slot::Free) {
            if let Some((end, sector)) = head_at(doc, lex, i) {
                if end <= name_start {
                    head = Some((i, end, sector));
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    let (head_start, head_end, sector) = head?;
    // the title starts at the first title word (modifiers before the head); what precedes it
    // is the affiliation: countries, organisations and possessives
    let mut title_start = start;
    let mut country: Option<String> = None;
    let mut org: Option<usize> = None;
    let mut j = start;
    while j < head_start {
        match slots[j] {
            Slot::Mention(m) if doc.mentions[m].kind != EntityKind::Person => {
                let mm = &doc.mentions[m];
                match mm.kind {
                    EntityKind::Country => country = mm.country.clone(),
                    EntityKind::Organization => org = Some(m),
                    _ => {}
                }
                j = mm.tokens.end;
                title_start = j;
            }
            _ if doc.tokens[j].norm == "'s" => {
                j += 1;
                title_start = j;
            }
            _ => {
                // a modifier: the title has started; countries after it still qualify the
                // person ("top Chinese official")
                let mut q = j;
                while q < head_start {
                    if let Slot::Mention(m) = slots[q] {
                        let mm = &doc.mentions[m];
                        if mm.kind == EntityKind::Country && country.is_none() {
                            country = mm.country.clone();
                        }
                        q = mm.tokens.end;
                    } else {
                        q += 1;
                    }
                }
                break;
            }
        }
    }
    // an organisation in the complement ("Director General of the ... Department")
    if org.is_none() {
        let mut q = head_end;
        while q < name_start {
            if let Slot::Mention(m) = slots[q] {
                let mm = &doc.mentions[m];
                if mm.kind == EntityKind::Organization
                    && doc
                        .tokens
                        .get(q.wrapping_sub(1))
                        .is_some_and(|t| matches!(t.norm.as_str(), "the" | "of"))
                {
                    org = Some(m);
                }
                q = mm.tokens.end;
            } else {
                q += 1;
            }
        }
    }
    // the complement must not swallow the name's own words: it ends at the name
    let title = title_start..name_start;
    if title.is_empty() {
        return None;
    }
    let head_text = doc.tokens_text(&(head_start..head_end));
    let mut evidence = format!("title head '{head_text}' (sector {sector})");
    if let Some(c) = &country {
        evidence.push_str(&format!("; country {c} stated before the title"));
    }
    if let Some(o) = org {
        evidence.push_str(&format!("; organisation '{}'", doc.mentions[o].name));
    }
    Some(Role {
        phrase_start: start,
        title,
        sector: Some(sector),
        org,
        country,
        evidence,
    })
}

/// "Graham" after "Lindsey Graham" is the senator, not the town in Texas: single-word town
/// mentions that repeat the family name of a person in the article become that person.
fn places_that_are_family_names(doc: &mut Document<'_>) {
    let family: HashMap<String, String> = doc
        .mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.tokens.len() >= 2)
        .map(|m| (doc.tokens[m.tokens.end - 1].norm.clone(), m.name.clone()))
        .collect();
    for i in 0..doc.mentions.len() {
        let m = &doc.mentions[i];
        if m.kind != EntityKind::Place || m.tokens.len() != 1 {
            continue;
        }
        if let Some(full) = family.get(&doc.tokens[m.tokens.start].norm) {
            let name = doc.token_text(m.tokens.start).to_string();
            let m = &mut doc.mentions[i];
            m.kind = EntityKind::Person;
            m.lex = None;
            m.country = None;
            m.evidence = format!("family name of '{full}' (also a place name)");
            m.name = name;
        }
    }
}

// ---------------------------------------------------------------- lone proper nouns

/// Single capitalised words no dictionary knows are mostly organisations in news ("Airbus",
/// "Hamas", "Gazprom") when they keep coming back mid-sentence; acronyms ("EADS", "GAO") are
/// organisations at once. Words that are something else capitalised (titles, months, given
/// names, demonyms, "-ism"s) are left alone.
fn lone_proper_nouns(doc: &mut Document<'_>, lex: &Lexicon, slots: &mut [Slot]) {
    let e = &lex.english;
    let n = doc.tokens.len();
    // words of people's names found so far: "Jobs" after "Steve Jobs" is him, not a company
    let name_words: HashSet<&str> = doc
        .mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .flat_map(|m| doc.tokens[m.tokens.clone()].iter().map(|t| t.norm.as_str()))
        .collect();
    let candidate = |slots: &[Slot], k: usize| -> bool {
        let t = &doc.tokens[k];
        let w = t.norm.as_str();
        let cap_neighbour = |j: usize| {
            slots[j] == Slot::Free
                && cap_word(doc, j)
                && same_sentence(doc, j, k)
                && !e.not_names.contains(doc.tokens[j].norm.as_str())
        };
        slots[k] == Slot::Free
            && t.kind == TokenKind::Word
            && t.capitalized
            && w.chars().count() >= 2
            && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '&')
            && !e.not_names.contains(w)
            && !is_title_word(doc, lex, k)
            && !e.months.contains_key(w)
            && !e.weekdays.contains_key(w)
            && !e.org_heads.contains_key(w)
            && !e.place_heads.contains(w)
            && !e.complement_words.contains(w)
            && !e.given_names.contains(w)
            && !lex.country_words.contains(w)
            && !name_words.contains(w)
            && !e.not_org_acronyms.contains(w)
            && ![
                "ism", "ist", "ists", "ian", "ians", "ese", "ish", "ans", "ean", "can",
            ]
            .iter()
            .any(|suf| w.ends_with(suf) && w.len() > suf.len() + 2)
            && !is_roman_numeral(w)
            && !(k + 1 < n && cap_neighbour(k + 1))
            && !(k > 0 && cap_neighbour(k - 1))
    };
    let sentence_initial = |k: usize| {
        let start = doc.sentences[doc.tokens[k].sentence].tokens.start;
        k == start || (k == start + 1 && doc.tokens[start].kind == TokenKind::Quote)
    };
    let mut mid_counts: HashMap<&str, usize> = HashMap::default();
    for k in 0..n {
        if candidate(slots, k) && !sentence_initial(k) {
            *mid_counts.entry(doc.tokens[k].norm.as_str()).or_default() += 1;
        }
    }
    let recurring: HashSet<String> = mid_counts
        .into_iter()
        .filter(|&(_, c)| c >= 2)
        .map(|(w, _)| w.to_string())
        .collect();
    let chosen: Vec<(usize, bool)> = (0..n)
        .filter(|&k| candidate(slots, k))
        .map(|k| {
            (
                k,
                doc.tokens[k].all_caps && doc.tokens[k].norm.chars().count() <= 6,
            )
        })
        .filter(|&(k, acronym)| acronym || recurring.contains(&doc.tokens[k].norm))
        .collect();
    for (k, acronym) in chosen {
        let evidence = if acronym {
            "unknown acronym: taken as an organisation"
        } else {
            "capitalised word recurring mid-sentence, unknown to the dictionaries: taken as an organisation"
        };
        let idx = doc.mentions.len();
        doc.mentions.push(Mention::new(
            k..k + 1,
            EntityKind::Organization,
            doc.token_text(k).to_string(),
            evidence.to_string(),
        ));
        slots[k] = Slot::Mention(idx);
    }
}

fn is_roman_numeral(w: &str) -> bool {
    !w.is_empty() && w.len() <= 4 && w.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
}

// ---------------------------------------------------------------- anonymous groups

/// "two US officials", "a source familiar with the matter", "people familiar with the
/// matter", "a US senior administration official", "American and Chinese officials".
fn group_mentions(doc: &mut Document<'_>, lex: &Lexicon, slots: &mut [Slot]) {
    let e = &lex.english;
    let n = doc.tokens.len();
    for h in 0..n {
        let w = doc.tokens[h].norm.as_str();
        if !e.group_heads.contains(w)
            || slots[h] != Slot::Free
            || doc.tokens[h].capitalized && h != doc.sentences[doc.tokens[h].sentence].tokens.start
        {
            continue;
        }
        // leftwards: modifiers, countries, demonyms, "and"
        let mut start = h;
        let mut countries: Vec<String> = Vec::new();
        while start > 0 && same_sentence(doc, start - 1, h) && h - start < MAX_PHRASE_TOKENS {
            let k = start - 1;
            match slots[k] {
                Slot::Mention(m) if doc.mentions[m].kind == EntityKind::Country => {
                    if let Some(c) = &doc.mentions[m].country {
                        countries.push(c.clone());
                    }
                    start = doc.mentions[m].tokens.start;
                }
                Slot::Free => {
                    let kw = doc.tokens[k].norm.as_str();
                    // "several finance ministers": a title's modifiers modify its plural too
                    if e.group_modifiers.contains(kw)
                        || lex.titles.is_modifier(kw)
                        || (kw == "and" && start < h)
                        || kw == "-"
                    {
                        start = k;
                    } else if e.group_openers.contains(kw)
                        || doc.tokens[k].kind == TokenKind::Number
                    {
                        start = k;
                        break;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let opener = start < h
            && (e.group_openers.contains(doc.tokens[start].norm.as_str())
                || doc.tokens[start].kind == TokenKind::Number);
        // rightwards: "familiar with the matter", "close to the talks"
        let mut end = h + 1;
        let mut anonymous = false;
        for tail in &e.anonymous_tails {
            if tail.iter().enumerate().all(|(o, tw)| {
                doc.tokens
                    .get(h + 1 + o)
                    .is_some_and(|t| t.norm == *tw && same_sentence(doc, h, h + 1 + o))
            }) {
                end = h + 1 + tail.len();
                anonymous = true;
                // the object of "familiar with": "the matter", "the talks", "the plans"
                let mut k = end;
                if k < n
                    && matches!(
                        doc.tokens[k].norm.as_str(),
                        "the" | "a" | "his" | "her" | "their"
                    )
                {
                    k += 1;
                }
                if k < n
                    && doc.tokens[k].kind == TokenKind::Word
                    && !doc.tokens[k].capitalized
                    && same_sentence(doc, h, k)
                    && slots[k] == Slot::Free
                {
                    end = k + 1;
                }
                break;
            }
        }
        // a bare "people" or "officials" needs a country, an opener or a tail to be a reference
        let the_ref = doc.tokens[start].norm == "the";
        if (the_ref || !opener) && countries.is_empty() && !anonymous {
            continue;
        }
        if the_ref && !anonymous {
            continue; // "the official", "the top US diplomat": descriptions, resolved later
        }
        let span = start..end;
        if span
            .clone()
            .any(|k| !matches!(slots[k], Slot::Free | Slot::Mention(_)))
        {
            continue;
        }
        countries.sort();
        countries.dedup();
        let country = (countries.len() == 1).then(|| countries[0].clone());
        let name = doc
            .tokens_text(&(if opener { start + 1 } else { start }..end))
            .to_string();
        let evidence = format!(
            "unnamed group: head '{}'{}",
            doc.token_text(h),
            if anonymous {
                ", anonymous-source phrase"
            } else {
                ""
            }
        );
        let code = country
            .as_ref()
            .and_then(|c| lex.country(c))
            .map(|c| format!("{}{}", c.cameo, group_sector(w)));
        let idx = doc.mentions.len();
        doc.mentions.push(Mention {
            country,
            code,
            subtype: anonymous.then(|| "anonymous".to_string()),
            ..Mention::new(span.clone(), EntityKind::Group, name, evidence)
        });
        // countries inside stay their own mentions; the group claims only free tokens
        for k in span {
            if slots[k] == Slot::Free {
                slots[k] = Slot::Mention(idx);
            }
        }
    }
}

fn group_sector(head: &str) -> &'static str {
    match head {
        "troops" | "soldiers" | "soldier" | "officer" | "officers" => "MIL",
        "protester" | "protesters" | "protestors" | "activist" | "activists" => "OPP",
        "militant" | "militants" | "rebel" | "rebels" => "REB",
        "resident" | "residents" | "people" | "person" | "witness" | "witnesses" => "CVL",
        "lawmaker" | "lawmakers" => "LEG",
        "analyst" | "analysts" | "expert" | "experts" => "",
        _ => "GOV",
    }
}

// ---------------------------------------------------------------- descriptions

/// "the top US diplomat", "the Secretary", "the official": definite descriptions that refer
/// back to someone named before. They are mentions without a name; coreference links them.
fn description_mentions(doc: &mut Document<'_>, lex: &Lexicon, slots: &mut [Slot]) {
    let n = doc.tokens.len();
    for i in 0..n {
        if doc.tokens[i].norm != "the" || slots[i] != Slot::Free {
            continue;
        }
        let mut k = i + 1;
        let mut country = None;
        while k < n && same_sentence(doc, i, k) && k - i < 6 {
            match slots[k] {
                Slot::Mention(m) if doc.mentions[m].kind == EntityKind::Country => {
                    country = doc.mentions[m].country.clone();
                    k = doc.mentions[m].tokens.end;
                }
                Slot::Free
                    if lex.titles.is_modifier(&doc.tokens[k].norm)
                        && !lex.titles.descriptions.contains_key(&doc.tokens[k].norm) =>
                {
                    k += 1
                }
                _ => break,
            }
        }
        if k >= n || slots[k] != Slot::Free {
            continue;
        }
        let head = doc.tokens[k].norm.clone();
        let is_desc = lex.titles.descriptions.contains_key(&head)
            || lex.english.group_heads.contains(&head) && !head.ends_with('s');
        if !is_desc {
            continue;
        }
        // "the Secretary of State" keeps its complement
        let mut end = k + 1;
        if let Some((e, _)) = head_at(doc, lex, k) {
            end = end.max(e);
        }
        // "the official said" — but not "the official visit": the head must end the phrase
        if let Some(next) = doc.tokens.get(end) {
            if next.kind == TokenKind::Word
                && !next.capitalized
                && !matches!(
                    next.norm.as_str(),
                    "said"
                        | "says"
                        | "added"
                        | "told"
                        | "and"
                        | "who"
                        | "has"
                        | "had"
                        | "was"
                        | "is"
                        | "will"
                        | "would"
                        | "described"
                        | "noted"
                        | "stressed"
                        | "called"
                        | "met"
                        | "spoke"
                        | "did"
                )
            {
                continue;
            }
        }
        let span = i..end;
        let idx = doc.mentions.len();
        let kind = if lex.english.group_heads.contains(&head)
            && !lex.titles.descriptions.contains_key(&head)
        {
            EntityKind::Group
        } else {
            EntityKind::Person
        };
        doc.mentions.push(Mention {
            country,
            is_description: true,
            ..Mention::new(
                span.clone(),
                kind,
                doc.tokens_text(&(i + 1..end)).to_string(),
                format!("definite description with head '{}'", doc.token_text(k)),
            )
        });
        for q in span {
            if slots[q] == Slot::Free {
                slots[q] = Slot::Mention(idx);
            }
        }
    }
}
