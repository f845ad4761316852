//! Coreference and entity building: one entity per real-world referent.
//!
//! Surnames link to the full name met before ("Blinken" → "Antony Blinken"), descriptions to
//! the one person whose role fits ("the top US diplomat"), "the official" to the last group of
//! officials, organisation names to each other by their content words ("Foreign Ministry" ≡
//! "Ministry of Foreign Affairs") and acronyms ("NSC" ≡ "National Security Council").
//! Countries then flow: from the title ("US Secretary of State"), from the organisation
//! ("State Department spokesperson"), from a coordinated neighbour ("Ma Zhaoxu and ... Yang
//! Tao"), and last from the article's home country for unmarked officials.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::document::{Document, Entity, EntityKind, LexRef, Mention, TokenKind};
use crate::lexicon::Lexicon;

/// Countries whose personal names put the family name first ("Xi Jinping" → "Xi").
const FAMILY_NAME_FIRST: &[&str] = &[
    "CHN", "TWN", "HKG", "PRK", "KOR", "VNM", "SGP", "MAC", "HUN", "KHM",
];

pub fn build(doc: &mut Document<'_>, lex: &Lexicon) {
    add_surname_mentions(doc, lex);
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::default();
    let full_names = full_name_index(doc);
    // named mentions first, so descriptions find their entity
    for m in 0..doc.mentions.len() {
        if doc.mentions[m].is_description {
            continue;
        }
        let owner = family_name_owner(doc, &full_names, m).or_else(|| {
            let mm = &doc.mentions[m];
            (mm.kind == EntityKind::Person && mm.lex.is_none() && !mm.is_description)
                .then(|| full_name_owner(doc, &full_names, m))
                .flatten()
        });
        let key = match owner {
            Some(owner) => entity_key(&doc.mentions[owner]),
            None => entity_key(&doc.mentions[m]),
        };
        let e = match by_key.get(&key) {
            Some(&e) => e,
            None => {
                let mm = &doc.mentions[m];
                entities.push(Entity {
                    kind: mm.kind,
                    name: mm.name.clone(),
                    country: None,
                    code: None,
                    subtype: mm.subtype.clone(),
                    lex: mm.lex,
                    mentions: Vec::new(),
                    roles: Vec::new(),
                    evidence: Vec::new(),
                });
                by_key.insert(key, entities.len() - 1);
                entities.len() - 1
            }
        };
        attach(doc, &mut entities, e, m);
    }
    merge_acronyms(doc, &mut entities);
    merge_organization_variants(doc, lex, &mut entities);
    link_descriptions(doc, lex, &mut entities);
    resolve_countries(doc, lex, &mut entities);
    // output order: by first mention
    for e in &mut entities {
        e.mentions.sort_by_key(|&m| doc.mentions[m].tokens.start);
    }
    let mut keep: Vec<Entity> = entities
        .into_iter()
        .filter(|e| !e.mentions.is_empty())
        .collect();
    keep.sort_by_key(|e| doc.mentions[e.mentions[0]].tokens.start);
    for (i, e) in keep.iter().enumerate() {
        for &m in &e.mentions {
            doc.mentions[m].entity = Some(i);
        }
    }
    doc.entities = keep;
    // the mentions are final (later stages only add pronouns, which they index themselves)
    let mut facts = std::mem::take(&mut doc.facts);
    facts.index_mentions(&doc.mentions);
    doc.facts = facts;
}

fn attach(doc: &Document<'_>, entities: &mut [Entity], e: usize, m: usize) {
    let mm = &doc.mentions[m];
    let ent = &mut entities[e];
    ent.mentions.push(m);
    if let Some(r) = &mm.role {
        ent.roles.push(r.clone());
    }
    // the fullest name names the entity ("Antony Blinken" over "Blinken")
    if !mm.is_description
        && mm.lex.is_none()
        && ent.lex.is_none()
        && mm.name.split_whitespace().count() > ent.name.split_whitespace().count()
    {
        ent.name = mm.name.clone();
    }
    if ent.subtype.is_none() {
        ent.subtype = mm.subtype.clone();
    }
    if !ent.evidence.contains(&mm.evidence) {
        ent.evidence.push(mm.evidence.clone());
    }
}

fn entity_key(m: &Mention) -> String {
    match (m.kind, m.lex) {
        (_, Some(LexRef::Country(c))) | (_, Some(LexRef::Demonym(c))) => format!("country:{c}"),
        (_, Some(LexRef::Place(p))) => format!("place:{p}"),
        (_, Some(LexRef::Actor(a))) => format!("actor:{a}"),
        (EntityKind::Group, _) => format!("group:{}", m.tokens.start),
        (EntityKind::Organization, None) => format!("org:{}", content_key(&m.name)),
        (kind, None) => format!(
            "{}:{}",
            kind.as_str(),
            crate::stages::tokenize::phrase_key(&m.name)
        ),
    }
}

/// Multi-word personal names by their last word (and first, for family-name-first countries).
fn full_name_index(doc: &Document<'_>) -> HashMap<String, Vec<usize>> {
    let mut index: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, m) in doc.mentions.iter().enumerate() {
        if m.kind != EntityKind::Person || m.is_description {
            continue;
        }
        let words: Vec<&str> = m.name.split_whitespace().collect();
        if words.len() < 2 {
            continue;
        }
        let mut keys = vec![crate::stages::tokenize::normalize(words[words.len() - 1])];
        if m.country
            .as_deref()
            .is_some_and(|c| FAMILY_NAME_FIRST.contains(&c))
        {
            keys.push(crate::stages::tokenize::normalize(words[0]));
        }
        for k in keys {
            let v = index.entry(k).or_default();
            // "John Bolton" and "John R. Bolton" are one name: the form the dictionary knows
            // (it brings the actor code), else the fullest, stands for both
            match v
                .iter_mut()
                .find(|j| same_person_name(&doc.mentions[**j].name, &m.name))
            {
                Some(j) => {
                    let rank = |m: &Mention| (m.lex.is_some(), m.name.split_whitespace().count());
                    if rank(m) > rank(&doc.mentions[*j]) {
                        *j = i;
                    }
                }
                None => v.push(i),
            }
        }
    }
    index
}

/// Whether two personal names are forms of one: equal, or the same first and last words with
/// middle names or initials in only one of them ("John Bolton", "John R. Bolton"). Two
/// different sets of initials stay apart ("George W. Bush", "George H. W. Bush").
fn same_person_name(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| {
                crate::stages::tokenize::normalize(w)
                    .trim_end_matches('.')
                    .to_string()
            })
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa == wb {
        return true;
    }
    wa.len() >= 2
        && wb.len() >= 2
        && (wa.len() == 2 || wb.len() == 2)
        && wa[0] == wb[0]
        && wa[wa.len() - 1] == wb[wb.len() - 1]
}

/// The full name a multi-word personal name is a shorter or longer form of.
fn full_name_owner(
    doc: &Document<'_>,
    index: &HashMap<String, Vec<usize>>,
    m: usize,
) -> Option<usize> {
    let mm = &doc.mentions[m];
    let last = mm.name.split_whitespace().last()?;
    index
        .get(&crate::stages::tokenize::normalize(last))?
        .iter()
        .copied()
        .find(|&j| same_person_name(&doc.mentions[j].name, &mm.name))
}

/// "Trump" (even before "Donald Trump" appears) is the one person whose full name ends so.
fn family_name_owner(
    doc: &Document<'_>,
    index: &HashMap<String, Vec<usize>>,
    m: usize,
) -> Option<usize> {
    let mm = &doc.mentions[m];
    if mm.kind != EntityKind::Person || mm.lex.is_some() || mm.name.split_whitespace().count() != 1
    {
        return None;
    }
    match index
        .get(&crate::stages::tokenize::normalize(&mm.name))?
        .as_slice()
    {
        [owner] => Some(*owner),
        _ => None,
    }
}

/// The content words of an organisation name, sorted: "Ministry of Foreign Affairs" and
/// "Foreign Ministry" share the key "foreign ministry".
fn content_key(name: &str) -> String {
    let mut words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| {
            crate::stages::tokenize::normalize(w)
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .filter(|w| {
            !w.is_empty()
                && !matches!(
                    w.as_str(),
                    "of" | "the" | "and" | "for" | "affairs" | "on" | "s"
                )
        })
        .map(|w| {
            if w == "ministries" {
                "ministry".to_string()
            } else {
                w
            }
        })
        .collect();
    words.sort();
    words.dedup();
    words.join(" ")
}

/// "Blinken" after "Antony Blinken": single capitalised tokens that repeat a known person's
/// family name become mentions of that person.
fn add_surname_mentions(doc: &mut Document<'_>, lex: &Lexicon) {
    let mut surnames: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, m) in doc.mentions.iter().enumerate() {
        if m.kind != EntityKind::Person || m.is_description {
            continue;
        }
        let words: Vec<&str> = doc.tokens[m.tokens.clone()]
            .iter()
            .filter(|t| t.kind == TokenKind::Word && t.norm != "-")
            .map(|t| t.norm.as_str())
            .collect();
        if words.len() < 2 {
            continue;
        }
        let key = m.name.to_lowercase();
        let mut push = |w: &str| {
            let v = surnames.entry(w.to_string()).or_default();
            if !v
                .iter()
                .any(|&j: &usize| doc.mentions[j].name.to_lowercase() == key)
            {
                v.push(i);
            }
        };
        push(words[words.len() - 1]);
        if m.country
            .as_deref()
            .is_some_and(|c| FAMILY_NAME_FIRST.contains(&c))
        {
            push(words[0]);
        }
    }
    if surnames.is_empty() {
        return;
    }
    let mut covered = vec![false; doc.tokens.len()];
    for m in &doc.mentions {
        let start = m
            .role
            .as_ref()
            .map_or(m.tokens.start, |r| r.phrase_start.min(m.tokens.start));
        covered[start..m.tokens.end].fill(true);
    }
    let mut added = Vec::new();
    for (k, t) in doc.tokens.iter().enumerate() {
        if covered[k] || !t.capitalized || t.kind != TokenKind::Word {
            continue;
        }
        let Some(owners) = surnames.get(&t.norm) else {
            continue;
        };
        if owners.len() != 1 || lex.english.not_names.contains(&t.norm) {
            continue;
        }
        let owner = &doc.mentions[owners[0]];
        // the same person continues: "Biden" after "Joe Biden"; never before the full name
        if owner.tokens.start > k {
            continue;
        }
        added.push(Mention {
            lex: owner.lex,
            ..Mention::new(
                k..k + 1,
                EntityKind::Person,
                owner.name.clone(),
                format!("family name of '{}' mentioned before", owner.name),
            )
        });
    }
    doc.mentions.extend(added);
}

/// "NSC" and "National Security Council" are one organisation.
fn merge_acronyms(doc: &Document<'_>, entities: &mut [Entity]) {
    let initials = |name: &str| -> String {
        name.split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .filter_map(|w| w.chars().next())
            .collect()
    };
    let n = entities.len();
    for a in 0..n {
        if entities[a].kind != EntityKind::Organization || entities[a].mentions.is_empty() {
            continue;
        }
        let acr: Vec<String> = entities[a]
            .mentions
            .iter()
            .map(|&m| doc.mentions[m].name.clone())
            .filter(|s| s.len() >= 2 && s.chars().all(|c| c.is_ascii_uppercase()))
            .collect();
        if acr.is_empty() {
            continue;
        }
        for b in 0..n {
            if a == b
                || entities[b].kind != EntityKind::Organization
                || entities[b].mentions.is_empty()
            {
                continue;
            }
            if acr.iter().any(|x| *x == initials(&entities[b].name)) {
                let moved: Vec<usize> = std::mem::take(&mut entities[a].mentions);
                let roles = std::mem::take(&mut entities[a].roles);
                entities[b].mentions.extend(moved);
                entities[b].roles.extend(roles);
                break;
            }
        }
    }
}

/// "Ministry of Foreign Affairs" (no country) and "China's Foreign Ministry" (CHN) are one
/// body when the second is the only organisation with a country whose name, without its
/// country words, has the same content words.
fn merge_organization_variants(doc: &Document<'_>, lex: &Lexicon, entities: &mut [Entity]) {
    let stripped = |name: &str| -> String {
        content_key(name)
            .split(' ')
            .filter(|w| !lex.country_words.contains(*w))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let is_org = |e: &Entity| e.kind == EntityKind::Organization && !e.mentions.is_empty();
    let mention_country = |e: &Entity| {
        e.mentions
            .iter()
            .find_map(|&m| doc.mentions[m].country.clone())
    };
    // every organisation's names without country words, once
    let variants: Vec<Vec<String>> = entities
        .iter()
        .map(|e| {
            if !is_org(e) {
                return Vec::new();
            }
            let mut v: Vec<String> = std::iter::once(e.name.as_str())
                .chain(
                    e.mentions
                        .iter()
                        .map(|&m| doc.tokens_text(&doc.mentions[m].tokens)),
                )
                .map(stripped)
                .filter(|k| !k.is_empty())
                .collect();
            v.sort();
            v.dedup();
            v
        })
        .collect();
    let mut with_country: HashMap<&str, Vec<usize>> = HashMap::default();
    for (b, e) in entities.iter().enumerate() {
        if is_org(e) && mention_country(e).is_some() {
            for k in &variants[b] {
                let v = with_country.entry(k.as_str()).or_default();
                if v.last() != Some(&b) {
                    v.push(b);
                }
            }
        }
    }
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for a in 0..entities.len() {
        let ea = &entities[a];
        if !is_org(ea) || ea.lex.is_some() || mention_country(ea).is_some() {
            continue;
        }
        let mut candidates: Vec<usize> = variants[a]
            .iter()
            .filter_map(|k| with_country.get(k.as_str()))
            .flatten()
            .copied()
            .collect();
        candidates.sort();
        candidates.dedup();
        if let [b] = candidates[..] {
            moves.push((a, b));
        }
    }
    for (a, b) in moves {
        let moved = std::mem::take(&mut entities[a].mentions);
        let roles = std::mem::take(&mut entities[a].roles);
        entities[b].mentions.extend(moved);
        entities[b].roles.extend(roles);
        entities[b].evidence.push(
            "one body under several names: the same content words without country words"
                .to_string(),
        );
    }
}

/// (first mention's token, entity), in order
type FirstMentioned = Vec<(usize, usize)>;

fn link_descriptions(doc: &Document<'_>, lex: &Lexicon, entities: &mut [Entity]) {
    let entity_of: HashMap<usize, usize> = entities
        .iter()
        .enumerate()
        .flat_map(|(e, ent)| ent.mentions.iter().map(move |&m| (m, e)))
        .collect();
    let first_start: Vec<usize> = entities
        .iter()
        .map(|e| {
            e.mentions
                .iter()
                .map(|&m| doc.mentions[m].tokens.start)
                .min()
                .unwrap_or(usize::MAX)
        })
        .collect();
    // people whose roles a description head can refer to, by (head, country), in order of
    // first mention
    let mut fitting: HashMap<(String, Option<String>), FirstMentioned> = HashMap::default();
    // "the official": the latest group with that head so far
    let mut last_group: HashMap<String, usize> = HashMap::default();
    let mut order: Vec<usize> = (0..doc.mentions.len()).collect();
    order.sort_by_key(|&m| (doc.mentions[m].tokens.start, m));
    let mut links: Vec<(usize, usize)> = Vec::new();
    for m in order {
        let mm = &doc.mentions[m];
        if mm.kind == EntityKind::Group && !mm.is_description {
            let head = doc.tokens[mm.tokens.clone()]
                .iter()
                .rev()
                .find(|t| lex.english.group_heads.contains(&t.norm));
            if let (Some(h), Some(&e)) = (head, entity_of.get(&m)) {
                last_group.insert(h.norm.clone(), e);
            }
            continue;
        }
        if !mm.is_description {
            continue;
        }
        let last_word = doc.tokens[mm.tokens.end - 1].norm.clone();
        let text = doc.tokens_text(&mm.tokens).to_lowercase();
        let head = lex
            .titles
            .descriptions
            .keys()
            .find(|k| {
                text.contains(k.as_str()) && (**k == last_word || last_word.ends_with(k.as_str()))
            })
            .cloned()
            .unwrap_or(last_word);
        let target = if mm.kind == EntityKind::Group {
            last_group.get(&head).copied()
        } else {
            let Some(roles) = lex.titles.descriptions.get(&head) else {
                continue;
            };
            let candidates = fitting
                .entry((head.clone(), mm.country.clone()))
                .or_insert_with(|| {
                    let mut v: Vec<(usize, usize)> = entities
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.kind == EntityKind::Person)
                        .filter(|(_, e)| {
                            e.roles.iter().any(|r| {
                                let title = doc.tokens_text(&r.title).to_lowercase();
                                roles.iter().any(|w| title.contains(w.as_str()))
                                    && (mm.country.is_none()
                                        || r.country.is_none()
                                        || r.country == mm.country)
                            })
                        })
                        .map(|(i, _)| (first_start[i], i))
                        .collect();
                    v.sort();
                    v
                });
            // exactly one such person named before the description
            let before = candidates.partition_point(|&(s, _)| s < mm.tokens.start);
            (before == 1).then(|| candidates[0].1)
        };
        if let Some(t) = target {
            links.push((t, m));
        }
    }
    for (t, m) in links {
        entities[t].mentions.push(m);
    }
}

fn resolve_countries(doc: &Document<'_>, lex: &Lexicon, entities: &mut [Entity]) {
    let entity_of_mention: HashMap<usize, usize> = entities
        .iter()
        .enumerate()
        .flat_map(|(e, ent)| ent.mentions.iter().map(move |&m| (m, e)))
        .collect();
    // 1. organisations, countries, places, groups: from their mentions
    for e in entities.iter_mut() {
        if e.kind == EntityKind::Person {
            continue;
        }
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut code = None;
        for &m in &e.mentions {
            if let Some(c) = &doc.mentions[m].country {
                *counts.entry(c.clone()).or_default() += 1;
            }
            if code.is_none() {
                code = doc.mentions[m].code.clone();
            }
        }
        if counts.len() == 1 {
            e.country = counts.into_keys().next();
        }
        e.code = code;
        if e.code.is_none() && e.kind == EntityKind::Organization {
            if let Some(c) = e.country.as_ref().and_then(|c| lex.country(c)) {
                e.code = Some(c.cameo.clone());
            }
        }
        if e.kind == EntityKind::Organization && e.code.as_deref().is_some_and(|c| c.len() == 3) {
            // a shaped organisation whose country arrived through a merge: add its sector
            if let Some(sector) = e.mentions.iter().find_map(|&m| {
                doc.mentions[m]
                    .code
                    .as_deref()
                    .filter(|c| c.len() > 3)
                    .map(|c| c[3..].to_string())
            }) {
                e.code = Some(format!("{}{sector}", e.code.as_deref().unwrap_or("")));
            }
        }
    }
    let org_country = |entities: &[Entity], mention: usize| -> Option<(String, String)> {
        let e = *entity_of_mention.get(&mention)?;
        entities[e]
            .country
            .clone()
            .map(|c| (c, entities[e].name.clone()))
    };
    // 2. people: the role's stated country, its organisation's, the dictionary's
    for e in 0..entities.len() {
        if entities[e].kind != EntityKind::Person {
            continue;
        }
        let mut country = None;
        let mut sector = None;
        let mut why = String::new();
        for r in &entities[e].roles {
            if sector.is_none() {
                sector = r.sector.clone();
            }
            if country.is_none() {
                if let Some(c) = &r.country {
                    country = Some(c.clone());
                    why = format!(
                        "country {c} from the title '{}'",
                        doc.tokens_text(&(r.phrase_start..r.title.end))
                    );
                } else if let Some((c, org)) = r.org.and_then(|o| org_country(entities, o)) {
                    country = Some(c.clone());
                    why = format!("country {c} from the organisation '{org}'");
                }
            }
        }
        let lex_mention = entities[e]
            .mentions
            .iter()
            .find(|&&m| doc.mentions[m].lex.is_some())
            .map(|&m| &doc.mentions[m]);
        if let Some(lm) = lex_mention {
            if country.is_none() {
                country = lm.country.clone();
                if let Some(c) = &country {
                    why = format!("country {c} from the actor dictionary");
                }
            }
            entities[e].code = lm.code.clone();
        }
        if let Some(c) = country {
            set_person_country(lex, &mut entities[e], c, sector, why);
        } else {
            entities[e].code = entities[e].code.take();
            if entities[e].code.is_none() {
                entities[e].evidence.push(format!(
                    "sector {} from the title; country unknown so far",
                    sector.as_deref().unwrap_or("-")
                ));
            }
        }
    }
    // 3. coordinated neighbours: "Ma Zhaoxu and Director General ... Yang Tao"
    for _ in 0..2 {
        let mut persons: Vec<(usize, usize)> = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Person)
            .flat_map(|(i, e)| e.mentions.iter().map(move |&m| (m, i)))
            .filter(|&(m, _)| !doc.mentions[m].is_description)
            .collect();
        persons.sort_by_key(|&(m, _)| doc.mentions[m].tokens.start);
        for w in persons.windows(2) {
            let (ma, ea) = w[0];
            let (mb, eb) = w[1];
            if ea == eb {
                continue;
            }
            let a = &doc.mentions[ma];
            let b = &doc.mentions[mb];
            let b_start = b.role.as_ref().map_or(b.tokens.start, |r| r.phrase_start);
            if a.tokens.end > b_start
                || doc.tokens[a.tokens.end.min(doc.tokens.len() - 1)].sentence
                    != doc.tokens[b.tokens.start].sentence
            {
                continue;
            }
            let between_ok =
                (a.tokens.end..b_start).all(|k| matches!(doc.tokens[k].norm.as_str(), "and" | ","));
            if !between_ok || a.tokens.end == b_start {
                continue;
            }
            let (ca, cb) = (entities[ea].country.clone(), entities[eb].country.clone());
            match (ca, cb) {
                (Some(c), None) => {
                    let sector = entities[eb].roles.iter().find_map(|r| r.sector.clone());
                    set_person_country(
                        lex,
                        &mut entities[eb],
                        c.clone(),
                        sector,
                        format!("country {c} from '{}', coordinated with it", a.name),
                    );
                }
                (None, Some(c)) => {
                    let sector = entities[ea].roles.iter().find_map(|r| r.sector.clone());
                    set_person_country(
                        lex,
                        &mut entities[ea],
                        c.clone(),
                        sector,
                        format!("country {c} from '{}', coordinated with it", b.name),
                    );
                }
                _ => {}
            }
        }
    }
    // 4. the article's home country for officials with unmarked titles ("national security
    //    adviser Jake Sullivan" in an American report): journalists mark foreign officials
    //    ("Chinese leader") and leave their own unmarked.
    let mut marked: BTreeMap<String, usize> = BTreeMap::new();
    for m in &doc.mentions {
        let c = match (&m.role, m.kind) {
            (Some(r), _) => r.country.clone(),
            (None, EntityKind::Group) => m.country.clone(),
            _ => None,
        };
        if let Some(c) = c {
            *marked.entry(c).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, String)> = marked.into_iter().map(|(c, n)| (n, c)).collect();
    ranked.sort_by(|a, b| b.cmp(a));
    let home = match ranked.as_slice() {
        [(n, c)] if *n >= 2 => Some(c.clone()),
        [(n, c), (m, _), ..] if *n >= 2 && n > m => Some(c.clone()),
        _ => None,
    };
    if let Some(home) = home {
        for e in entities.iter_mut() {
            if e.kind == EntityKind::Person
                && e.country.is_none()
                && e.roles.iter().any(|r| {
                    r.sector
                        .as_deref()
                        .is_some_and(|s| matches!(s, "GOV" | "MIL" | "LEG" | "JUD"))
                })
            {
                let sector = e.roles.iter().find_map(|r| r.sector.clone());
                set_person_country(lex, e, home.clone(), sector, format!("country {home}: the article's home country (most officials marked {home}); the title names none"));
            }
        }
    }
    // 5. organisations named only in a title take the person's country
    for e in 0..entities.len() {
        if entities[e].kind != EntityKind::Person {
            continue;
        }
        let Some(c) = entities[e].country.clone() else {
            continue;
        };
        let orgs: Vec<usize> = entities[e]
            .roles
            .iter()
            .filter_map(|r| r.org)
            .filter_map(|m| entity_of_mention.get(&m).copied())
            .collect();
        for o in orgs {
            if entities[o].country.is_none() {
                entities[o].country = Some(c.clone());
                let sector = entities[o].mentions.iter().find_map(|&m| {
                    let head = doc.tokens[doc.mentions[m].tokens.end - 1].norm.as_str();
                    lex.english.org_heads.get(head).cloned()
                });
                if let Some(cc) = lex.country(&c) {
                    entities[o].code = Some(format!("{}{}", cc.cameo, sector.unwrap_or_default()));
                }
                entities[o].evidence.push(format!(
                    "country {c} from the person whose title names it ({})",
                    entities[e].name
                ));
            }
        }
    }
}

fn set_person_country(
    lex: &Lexicon,
    e: &mut Entity,
    country: String,
    sector: Option<String>,
    why: String,
) {
    if e.code.is_none() {
        if let Some(c) = lex.country(&country) {
            e.code = Some(format!("{}{}", c.cameo, sector.unwrap_or_default()));
        }
    }
    e.country = Some(country);
    e.evidence.push(why);
}
