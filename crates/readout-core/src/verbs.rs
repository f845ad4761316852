//! The event dictionary: CAMEO verb forms, their patterns and synonym sets (converted from the
//! PETRARCH2 `CAMEO.2.0.txt` by `scripts/build_events_data.py`), event nouns, and the
//! CAMEO → label / Goldstein / quad class / PLOVER table. Formats: `data/README.md`.

use rustc_hash::FxHashMap as HashMap;

use crate::lexicon::LexiconError;

/// What one CAMEO code means.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    pub label: String,
    pub goldstein: Option<f64>,
    pub quad_class: u8,
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
}

/// One element of a verb pattern (`data/events/patterns.tsv`).
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    Word(String),
    /// a synonym set: any of its forms
    Set(String),
    /// `$`, `+`, `%`: where the source, target or compound actor stands
    Actor(char),
    /// `{ ... }`: words that must be adjacent
    Phrase(Vec<Element>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub id: String,
    pub before: Vec<Element>,
    pub after: Vec<Element>,
    pub code: Option<String>,
    pub passive_code: Option<String>,
    pub comment: String,
    /// how many words and sets it asks for, counted once at load
    pub specificity: usize,
}

impl Pattern {
    /// The pattern as written: `* (WITH LEADERS)` style, for explanations.
    pub fn display(&self) -> String {
        let side = |els: &[Element]| els.iter().map(element_text).collect::<Vec<_>>().join(" ");
        let mut s = side(&self.before);
        if !s.is_empty() {
            s.push(' ');
        }
        s.push('*');
        let after = side(&self.after);
        if !after.is_empty() {
            s.push(' ');
            s.push_str(&after);
        }
        s
    }

    /// How many words and sets it asks for: the more, the more specific.
    fn count_specificity(&self) -> usize {
        fn count(els: &[Element]) -> usize {
            els.iter()
                .map(|e| match e {
                    Element::Word(_) | Element::Set(_) => 1,
                    Element::Phrase(p) => count(p),
                    Element::Actor(_) => 0,
                })
                .sum()
        }
        count(&self.before) + count(&self.after)
    }
}

fn element_text(e: &Element) -> String {
    match e {
        Element::Word(w) => w.clone(),
        Element::Set(s) => format!("&{s}"),
        Element::Actor(c) => c.to_string(),
        Element::Phrase(p) => format!(
            "{{{}}}",
            p.iter().map(element_text).collect::<Vec<_>>().join(" ")
        ),
    }
}

/// A verb block of the dictionary (`MEET_PEOPLE`): its patterns.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub name: String,
    pub patterns: Vec<Pattern>,
    /// patterns by a word their first element after the verb must start with (so that a
    /// trigger tries only the patterns whose first word follows it)
    pub by_anchor: HashMap<String, Vec<usize>>,
    /// patterns with no such word (they start with an actor marker or only look before)
    pub unanchored: Vec<usize>,
}

/// One surface form of a verb ("met with") and what it codes by default.
#[derive(Debug, Clone, PartialEq)]
pub struct VerbForm {
    pub words: Vec<String>,
    pub block: usize,
    pub lemma: String,
    pub code: Option<String>,
    pub passive_code: Option<String>,
}

/// A noun that names an event ("trip", "talks"): `data/curated/event_nouns.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventNoun {
    pub code: String,
    /// the sides are interchangeable ("talks between A and B")
    pub symmetric: bool,
}

#[derive(Debug, Clone, Default)]
pub struct EventLexicon {
    pub cameo: HashMap<String, CameoCode>,
    /// synonym set -> its forms by their first word (pattern matching looks a token up)
    pub sets: HashMap<String, HashMap<String, Vec<Vec<String>>>>,
    /// verb forms by their first word
    pub forms: HashMap<String, Vec<VerbForm>>,
    pub blocks: Vec<Block>,
    pub nouns: HashMap<String, EventNoun>,
    /// (mood, content root or "*") -> code: `data/curated/cameo_moods.tsv`
    pub moods: HashMap<(String, String), String>,
    /// first words of the two-word phrases the event stage looks up ("called on", "phone
    /// call"): only a token among them makes it build a two-word key
    pub phrase_starts: rustc_hash::FxHashSet<String>,
    /// every word that can open a trigger (a verb form, an event noun, a mood word): the
    /// event stage skips any other token with one lookup
    pub trigger_words: rustc_hash::FxHashSet<String>,
    /// words that open a mood phrase ("agreed", "called" of "called on")
    pub mood_words: rustc_hash::FxHashSet<String>,
    /// verb forms of the saying block (EXPLAIN_VERBAL): a reported clause may follow
    pub saying_words: rustc_hash::FxHashSet<String>,
    /// status words (negation, denied, cancelled, postponed, planned, hypothetical) as bits,
    /// so that the words around a trigger are looked up once each; `OPENS_PAIR` marks a word
    /// that opens a two-word status phrase ("called off")
    pub status_words: HashMap<String, u8>,
    pub status_pairs: HashMap<String, u8>,
    /// particles of phrasal verbs (`english.toml`, `[events] particles`): a pattern made only
    /// of them must follow the verb directly
    pub particles: rustc_hash::FxHashSet<String>,
    /// words opening a complement or relative clause (`[events] complementizers`): a pattern's
    /// words are not looked for beyond them
    pub complementizers: rustc_hash::FxHashSet<String>,
}

/// Bits of `EventLexicon::status_words`.
pub mod status_bits {
    pub const NEGATION: u8 = 1;
    pub const DENIED: u8 = 2;
    pub const CANCELLED: u8 = 4;
    pub const POSTPONED: u8 = 8;
    pub const PLANNED: u8 = 16;
    pub const HYPOTHETICAL: u8 = 32;
    pub const OPENS_PAIR: u8 = 128;
}

const CAMEO_TSV: &str = include_str!("../../../data/events/cameo.tsv");
const SETS_TSV: &str = include_str!("../../../data/events/sets.tsv");
const VERBS_TSV: &str = include_str!("../../../data/events/verbs.tsv");
const PATTERNS_TSV: &str = include_str!("../../../data/events/patterns.tsv");
const NOUNS_TSV: &str = include_str!("../../../data/curated/event_nouns.tsv");
const MOODS_TSV: &str = include_str!("../../../data/curated/cameo_moods.tsv");

/// Data rows of a TSV file: comment lines and the header skipped, with their line numbers.
fn rows<'a>(src: &'a str) -> impl Iterator<Item = (usize, Vec<&'a str>)> + 'a {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

impl EventLexicon {
    /// The dictionaries shipped in `data/events/` and `data/curated/event_nouns.tsv`.
    pub fn builtin() -> Result<Self, LexiconError> {
        let mut lex = Self::from_sources(CAMEO_TSV, SETS_TSV, VERBS_TSV, PATTERNS_TSV, NOUNS_TSV)?;
        lex.load_moods(MOODS_TSV)?;
        Ok(lex)
    }

    fn load_moods(&mut self, src: &str) -> Result<(), LexiconError> {
        for (line, f) in rows(src) {
            let [mood, root, code, ..] = f[..] else {
                return Err(LexiconError::Parse {
                    origin: "data/curated/cameo_moods.tsv".into(),
                    line,
                    message: format!("{} columns, want 3", f.len()),
                });
            };
            self.moods.insert(
                (mood.trim().to_string(), root.trim().to_string()),
                code.trim().to_string(),
            );
        }
        Ok(())
    }

    /// The code of a saying of `mood` about doing something of CAMEO root `content`.
    pub fn mood_code(&self, mood: &str, content: Option<&str>) -> Option<&str> {
        content
            .and_then(|r| self.moods.get(&(mood.to_string(), r.to_string())))
            .or_else(|| self.moods.get(&(mood.to_string(), "*".to_string())))
            .map(String::as_str)
    }

    pub fn from_sources(
        cameo: &str,
        sets: &str,
        verbs: &str,
        patterns: &str,
        nouns: &str,
    ) -> Result<Self, LexiconError> {
        let bad = |file: &str, line: usize, why: String| LexiconError::Parse {
            origin: format!("data/events/{file}"),
            line,
            message: why,
        };
        let mut lex = EventLexicon::default();
        for (line, f) in rows(cameo) {
            let [code, label, goldstein, quad, plover, mode, ..] = f[..] else {
                return Err(bad(
                    "cameo.tsv",
                    line,
                    format!("{} columns, want 7", f.len()),
                ));
            };
            let quad_class = quad
                .trim()
                .parse()
                .map_err(|e| bad("cameo.tsv", line, format!("quad class '{quad}': {e}")))?;
            lex.cameo.insert(
                code.trim().to_string(),
                CameoCode {
                    label: label.trim().to_string(),
                    goldstein: goldstein.trim().parse().ok(),
                    quad_class,
                    plover: opt(plover),
                    plover_mode: opt(mode),
                },
            );
        }
        for (line, f) in rows(sets) {
            let [set, form, ..] = f[..] else {
                return Err(bad(
                    "sets.tsv",
                    line,
                    format!("{} columns, want 2", f.len()),
                ));
            };
            let form = words(form);
            let Some(first) = form.first().cloned() else {
                continue;
            };
            lex.sets
                .entry(set.trim().to_string())
                .or_default()
                .entry(first)
                .or_default()
                .push(form);
        }
        let mut block_index: HashMap<String, usize> = HashMap::default();
        let mut block_of = |name: &str, blocks: &mut Vec<Block>| -> usize {
            let key = name.trim().to_ascii_lowercase();
            *block_index.entry(key).or_insert_with(|| {
                blocks.push(Block {
                    name: name.trim().to_ascii_uppercase(),
                    patterns: Vec::new(),
                    by_anchor: HashMap::default(),
                    unanchored: Vec::new(),
                });
                blocks.len() - 1
            })
        };
        for (line, f) in rows(verbs) {
            let [form, block, lemma, code, passive, ..] = f[..] else {
                return Err(bad(
                    "verbs.tsv",
                    line,
                    format!("{} columns, want 5", f.len()),
                ));
            };
            let words = words(form);
            let Some(first) = words.first().cloned() else {
                return Err(bad("verbs.tsv", line, "empty form".into()));
            };
            let block = block_of(block, &mut lex.blocks);
            lex.forms.entry(first).or_default().push(VerbForm {
                words,
                block,
                lemma: lemma.trim().to_string(),
                code: opt(code),
                passive_code: opt(passive),
            });
        }
        for (line, f) in rows(patterns) {
            let [id, block, before, after, code, passive, comment, ..] = f[..] else {
                return Err(bad(
                    "patterns.tsv",
                    line,
                    format!("{} columns, want 7", f.len()),
                ));
            };
            let parse = |s: &str| {
                parse_elements(s).map_err(|why| bad("patterns.tsv", line, format!("{why}: '{s}'")))
            };
            let mut pattern = Pattern {
                id: id.trim().to_string(),
                before: parse(before)?,
                after: parse(after)?,
                code: opt(code),
                passive_code: opt(passive),
                comment: comment.trim().to_string(),
                specificity: 0,
            };
            pattern.specificity = pattern.count_specificity();
            let b = block_of(block, &mut lex.blocks);
            lex.blocks[b].patterns.push(pattern);
        }
        for (line, f) in rows(nouns) {
            let [noun, code, symmetric, ..] = f[..] else {
                return Err(bad(
                    "event_nouns.tsv",
                    line,
                    format!("{} columns, want 3+", f.len()),
                ));
            };
            lex.nouns.insert(
                noun.trim().to_lowercase(),
                EventNoun {
                    code: code.trim().to_string(),
                    symmetric: symmetric.trim() == "yes",
                },
            );
        }
        lex.index_patterns();
        let nouns: Vec<String> = lex.nouns.keys().cloned().collect();
        lex.note_phrases(&nouns);
        lex.note_trigger_words(&nouns);
        let forms: Vec<String> = lex.forms.keys().cloned().collect();
        lex.note_trigger_words(&forms);
        let saying: Vec<String> = lex
            .forms
            .iter()
            .filter(|(_, fs)| {
                fs.iter()
                    .any(|f| lex.blocks[f.block].name == "EXPLAIN_VERBAL")
            })
            .map(|(w, _)| w.clone())
            .collect();
        lex.saying_words.extend(saying);
        for forms in lex.forms.values_mut() {
            // longest forms first: "met with" before "met"
            forms.sort_by_key(|f| std::cmp::Reverse(f.words.len()));
        }
        Ok(lex)
    }

    fn index_patterns(&mut self) {
        for b in 0..self.blocks.len() {
            let mut by_anchor: HashMap<String, Vec<usize>> = HashMap::default();
            let mut unanchored = Vec::new();
            for (i, p) in self.blocks[b].patterns.iter().enumerate() {
                match p.after.first().map(|e| self.anchor_words(e)) {
                    Some(Some(words)) => {
                        for w in words {
                            let v = by_anchor.entry(w).or_default();
                            if v.last() != Some(&i) {
                                v.push(i);
                            }
                        }
                    }
                    _ => unanchored.push(i),
                }
            }
            self.blocks[b].by_anchor = by_anchor;
            self.blocks[b].unanchored = unanchored;
        }
    }

    /// The words an element can start with; `None` when it can start anywhere.
    fn anchor_words(&self, e: &Element) -> Option<Vec<String>> {
        match e {
            Element::Word(w) => Some(vec![w.clone()]),
            Element::Set(s) => Some(
                self.sets
                    .get(s)
                    .map_or_else(Vec::new, |by_first| by_first.keys().cloned().collect()),
            ),
            Element::Phrase(els) => els.first().and_then(|e| self.anchor_words(e)),
            Element::Actor(_) => None,
        }
    }

    /// Adds a user's event verbs and nouns (`--lexicon`, `[[event_verb]]`, `[[event_noun]]`):
    /// a verb form codes its event by itself, in a block of its own with no patterns.
    pub fn add_user(
        &mut self,
        verbs: &[crate::lexicon::UserEventVerb],
        nouns: &[crate::lexicon::UserEventNoun],
    ) {
        if !verbs.is_empty() {
            self.blocks.push(Block {
                name: "USER".to_string(),
                patterns: Vec::new(),
                by_anchor: HashMap::default(),
                unanchored: Vec::new(),
            });
            let block = self.blocks.len() - 1;
            for v in verbs {
                let words: Vec<String> = v
                    .form
                    .split_whitespace()
                    .map(crate::stages::tokenize::normalize)
                    .collect();
                let Some(first) = words.first().cloned() else {
                    continue;
                };
                self.trigger_words.insert(first.clone());
                let entry = self.forms.entry(first).or_default();
                // the user's form comes first: it overrides the dictionary's reading
                entry.insert(
                    0,
                    VerbForm {
                        lemma: v.lemma.clone().unwrap_or_else(|| words.join(" ")),
                        words,
                        block,
                        code: Some(v.code.clone()),
                        passive_code: None,
                    },
                );
                entry.sort_by_key(|f| std::cmp::Reverse(f.words.len()));
            }
        }
        for n in nouns {
            let key = n
                .noun
                .split_whitespace()
                .map(crate::stages::tokenize::normalize)
                .collect::<Vec<_>>()
                .join(" ");
            if let Some((first, _)) = key.split_once(' ') {
                self.phrase_starts.insert(first.to_string());
            }
            self.trigger_words
                .insert(key.split(' ').next().unwrap_or(&key).to_string());
            self.nouns.insert(
                key,
                EventNoun {
                    code: n.code.clone(),
                    symmetric: n.symmetric,
                },
            );
        }
    }

    /// Notes the first word of every two-word phrase in `phrases` (see `phrase_starts`).
    pub fn note_phrases<'a>(&mut self, phrases: impl IntoIterator<Item = &'a String>) {
        for p in phrases {
            if let Some((first, _)) = p.split_once(' ') {
                self.phrase_starts.insert(first.to_string());
            }
        }
    }

    /// Notes words that open a trigger (see `trigger_words`).
    pub fn note_trigger_words<'a>(&mut self, words: impl IntoIterator<Item = &'a String>) {
        for w in words {
            let first = w.split(' ').next().unwrap_or(w);
            self.trigger_words.insert(first.to_string());
        }
    }

    /// Notes the words of one status set under `bit` (see `status_words`).
    pub fn note_status_words<'a>(&mut self, bit: u8, words: impl IntoIterator<Item = &'a String>) {
        for w in words {
            match w.split_once(' ') {
                Some((first, _)) => {
                    *self.status_pairs.entry(w.clone()).or_default() |= bit;
                    *self.status_words.entry(first.to_string()).or_default() |=
                        status_bits::OPENS_PAIR;
                }
                None => *self.status_words.entry(w.clone()).or_default() |= bit,
            }
        }
    }

    /// Notes words that open a mood phrase (see `mood_words`); they open triggers too.
    pub fn note_mood_words<'a>(&mut self, words: impl IntoIterator<Item = &'a String>) {
        for w in words {
            let first = w.split(' ').next().unwrap_or(w);
            self.trigger_words.insert(first.to_string());
            self.mood_words.insert(first.to_string());
        }
    }

    /// `"a b"` when `a` opens some two-word phrase, without allocating otherwise.
    pub fn pair_key(&self, a: &str, b: &str) -> Option<String> {
        self.phrase_starts.contains(a).then(|| format!("{a} {b}"))
    }

    pub fn code(&self, code: &str) -> Option<&CameoCode> {
        self.cameo.get(code)
    }
}

/// Phoenix's quad class of a CAMEO code by its root: 0 neutral (01–02), 1 verbal cooperation
/// (03–05), 2 material cooperation (06–08), 3 verbal conflict (09–13, 16), 4 material conflict
/// (14, 15, 17–20).
pub fn quad_class(code: &str) -> u8 {
    match code.get(..2).and_then(|r| r.parse::<u8>().ok()) {
        Some(1..=2) => 0,
        Some(3..=5) => 1,
        Some(6..=8) => 2,
        Some(9..=13) | Some(16) => 3,
        Some(14..=15) | Some(17..=20) => 4,
        _ => 0,
    }
}

/// `to list of { banned parties }` → elements; `&set`, `$`, `+`, `%`, braces for adjacency.
fn parse_elements(s: &str) -> Result<Vec<Element>, String> {
    let mut stack: Vec<Vec<Element>> = vec![Vec::new()];
    for tok in s.split_whitespace() {
        match tok {
            "{" => stack.push(Vec::new()),
            "}" => {
                let phrase = stack.pop().filter(|_| !stack.is_empty());
                let Some(phrase) = phrase else {
                    return Err("'}' without '{'".into());
                };
                stack
                    .last_mut()
                    .expect("outer level")
                    .push(Element::Phrase(phrase));
            }
            "$" | "+" | "%" | "^" => stack
                .last_mut()
                .expect("a level")
                .push(Element::Actor(tok.chars().next().unwrap_or('$'))),
            t if t.starts_with('&') && t.len() > 1 => stack
                .last_mut()
                .expect("a level")
                .push(Element::Set(t[1..].to_string())),
            t => stack
                .last_mut()
                .expect("a level")
                .push(Element::Word(t.to_string())),
        }
    }
    if stack.len() != 1 {
        return Err("'{' without '}'".into());
    }
    Ok(stack.pop().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_parse_with_phrases_and_sets() {
        let e = parse_elements("to list of { banned &party } $").unwrap();
        assert_eq!(e.len(), 5);
        assert_eq!(
            e[3],
            Element::Phrase(vec![
                Element::Word("banned".into()),
                Element::Set("party".into())
            ])
        );
        assert_eq!(e[4], Element::Actor('$'));
        assert!(parse_elements("{ a").is_err());
        assert!(parse_elements("a }").is_err());
    }
}
