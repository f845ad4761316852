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
    pub fn specificity(&self) -> usize {
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
    pub sets: HashMap<String, Vec<Vec<String>>>,
    /// verb forms by their first word
    pub forms: HashMap<String, Vec<VerbForm>>,
    pub blocks: Vec<Block>,
    pub nouns: HashMap<String, EventNoun>,
    /// (mood, content root or "*") -> code: `data/curated/cameo_moods.tsv`
    pub moods: HashMap<(String, String), String>,
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
            lex.sets
                .entry(set.trim().to_string())
                .or_default()
                .push(words(form));
        }
        let mut block_index: HashMap<String, usize> = HashMap::default();
        let mut block_of = |name: &str, blocks: &mut Vec<Block>| -> usize {
            let key = name.trim().to_ascii_lowercase();
            *block_index.entry(key).or_insert_with(|| {
                blocks.push(Block {
                    name: name.trim().to_ascii_uppercase(),
                    patterns: Vec::new(),
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
            let pattern = Pattern {
                id: id.trim().to_string(),
                before: parse(before)?,
                after: parse(after)?,
                code: opt(code),
                passive_code: opt(passive),
                comment: comment.trim().to_string(),
            };
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
        for forms in lex.forms.values_mut() {
            // longest forms first: "met with" before "met"
            forms.sort_by_key(|f| std::cmp::Reverse(f.words.len()));
        }
        Ok(lex)
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
