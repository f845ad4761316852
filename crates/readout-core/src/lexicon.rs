//! Knowledge loaded from `data/` (built in) and from users' `--lexicon` TOML files.
//!
//! The data files are plain TSV and TOML (see `data/README.md` and `docs/lexicon.md`); this
//! module parses them into entries and compiles every name into one double-array Aho-Corasick
//! automaton over normalised token sequences.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::document::{EntityKind, LexMatch, LexRef, Token};

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{origin}:{line}: {message}")]
    Parse {
        origin: String,
        line: usize,
        message: String,
    },
    #[error("{origin}: {message}")]
    Build { origin: String, message: String },
}

fn parse_err(origin: &str, line: usize, message: impl Into<String>) -> LexiconError {
    LexiconError::Parse {
        origin: origin.to_string(),
        line,
        message: message.into(),
    }
}

/// Cities smaller than this are matched by their main name only.
const MIN_POPULATION_FOR_ALIASES: u64 = 100_000;

/// A CAMEO actor code valid between two dates (either end open).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<Date>,
    pub until: Option<Date>,
}

impl DatedCode {
    fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let Some((code, range)) = s.split_once('@') else {
            return Ok(DatedCode {
                code: s.to_string(),
                from: None,
                until: None,
            });
        };
        let (from, until) = range
            .split_once("..")
            .ok_or_else(|| format!("code range '{range}' lacks '..'"))?;
        let date = |d: &str| -> Result<Option<Date>, String> {
            if d.is_empty() {
                Ok(None)
            } else {
                d.parse::<Date>()
                    .map(Some)
                    .map_err(|e| format!("bad date '{d}' in code '{s}': {e}"))
            }
        };
        Ok(DatedCode {
            code: code.to_string(),
            from: date(from)?,
            until: date(until)?,
        })
    }

    fn covers(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }
}

/// The code in force on `date`; without a date, or when none covers it, the most recent one.
pub fn code_at(codes: &[DatedCode], date: Option<Date>) -> Option<&DatedCode> {
    if let Some(d) = date {
        if let Some(c) = codes
            .iter()
            .rev()
            .find(|c| (c.from.is_some() || c.until.is_some()) && c.covers(d))
        {
            return Some(c);
        }
        if let Some(c) = codes.iter().find(|c| c.from.is_none() && c.until.is_none()) {
            return Some(c);
        }
    }
    codes
        .iter()
        .max_by_key(|c| (c.until.is_none(), c.until, c.from))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Country {
    pub iso3: String,
    pub cameo: String,
    pub name: String,
    pub geonameid: Option<u64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Actor {
    pub kind: EntityKind,
    pub name: String,
    pub country: Option<String>,
    pub codes: Vec<DatedCode>,
    pub subtype: Option<String>,
    pub origin: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Place {
    pub geonameid: Option<u64>,
    pub name: String,
    pub country: Option<String>,
    pub kind: String,
    pub population: u64,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// How a dictionary phrase must look in the text to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseRule {
    /// Exactly as written ("US" but not "us"): all-caps aliases.
    Exact,
    /// Every content word capitalised ("Foreign Ministry", not "foreign ministry").
    Capitalized,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Phrase {
    surface: String,
    refs: Vec<LexRef>,
    case: CaseRule,
}

/// The closed-class English words and calendar words of `data/english.toml`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct English {
    abbreviations: HashSet<String>,
    final_abbreviations: HashSet<String>,
    pub months: HashMap<String, u8>,
    pub weekdays: HashMap<String, u8>,
    pub future: HashSet<String>,
    pub present: HashSet<String>,
    pub past: HashSet<String>,
    pub irregular_past: HashSet<String>,
    pub not_past: HashSet<String>,
    pub connectors: HashSet<String>,
    pub not_names: HashSet<String>,
    pub not_org_acronyms: HashSet<String>,
    pub place_modifiers: HashSet<String>,
    /// organisation head word -> CAMEO sector
    pub org_heads: HashMap<String, String>,
    pub org_starts: HashSet<String>,
    /// words that end a title's complement ("... Pacific Affairs"), never part of a name
    pub complement_words: HashSet<String>,
    pub place_heads: HashSet<String>,
    pub given_names: HashSet<String>,
    pub group_heads: HashSet<String>,
    pub group_openers: HashSet<String>,
    pub group_modifiers: HashSet<String>,
    pub anonymous_tails: Vec<Vec<String>>,
    /// reporting verbs: the cue of a quote
    pub speech_cues: HashSet<String>,
    /// cues that take a content clause (reported speech)
    pub reporting_verbs: HashSet<String>,
    /// nouns for texts that speak ("the readout said")
    pub document_nouns: HashSet<String>,
    pub pronouns: HashSet<String>,
    /// words that open a speaker's noun phrase ("the readout", "one MP", "some officials")
    pub speaker_determiners: HashSet<String>,
    /// words that open an adverbial before a clause's subject ("In his message, he ...")
    pub opening_adverbials: HashSet<String>,
    /// phrases that name a quote's source after them ("according to", "in the words of"), as
    /// word sequences
    pub attribution_phrases: Vec<Vec<String>>,
    /// `[events]`: how the event stage reads the words around a trigger
    pub events: EventWords,
}

/// The `[events]` section of `english.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EventWords {
    pub between_subject_and_verb: HashSet<String>,
    pub modal_verbs: HashSet<String>,
    pub subject_phrase_prepositions: HashSet<String>,
    pub object_determiners: HashSet<String>,
    pub recipient_prepositions: HashSet<String>,
    pub passive_auxiliaries: HashSet<String>,
    pub place_object_verbs: HashSet<String>,
    pub conditions: HashSet<String>,
    pub coercive_conditions: HashSet<String>,
    pub complementizers: HashSet<String>,
    pub future_auxiliaries: HashSet<String>,
    pub between_aux_and_verb: HashSet<String>,
    pub noun_markers: HashSet<String>,
    pub noun_ordinals: HashSet<String>,
    pub purpose_markers: Vec<String>,
    pub particles: HashSet<String>,
    pub before_base_verb: HashSet<String>,
    pub after_plural_noun: HashSet<String>,
    pub mood_intent: HashSet<String>,
    pub mood_appeal: HashSet<String>,
    pub mood_demand: HashSet<String>,
    pub mood_reject: HashSet<String>,
    pub mood_threaten: HashSet<String>,
    pub modal_intent: HashSet<String>,
    pub modal_demand: HashSet<String>,
    pub symmetric_blocks: HashSet<String>,
    pub not_triggers: HashSet<String>,
    pub planned: HashSet<String>,
    pub postponed: HashSet<String>,
    pub cancelled: HashSet<String>,
    pub denied: HashSet<String>,
    pub hypothetical: HashSet<String>,
    pub negation: HashSet<String>,
    pub light_verbs: HashSet<String>,
    pub clause_openers: HashSet<String>,
    pub object_prepositions: HashSet<String>,
    pub place_prepositions: HashSet<String>,
}

impl English {
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.abbreviations.contains(word)
    }
    pub fn is_sentence_final_abbreviation(&self, word: &str) -> bool {
        self.final_abbreviations.contains(word)
    }
    pub fn is_closed_class(&self, word: &str) -> bool {
        self.not_names.contains(word)
    }
}

/// Title grammar of `data/titles.toml` plus the agent phrases of `data/agents.tsv`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Titles {
    /// head phrase (normalised tokens joined by spaces) -> sector
    pub heads: HashMap<String, String>,
    pub modifiers: HashSet<String>,
    /// every word of every head ("grand vizier" gives "grand" and "vizier")
    pub head_words: HashSet<String>,
    /// agent phrase -> sector (from Phoenix, "~GOV" stored as "GOV")
    pub agents: HashMap<String, String>,
    pub max_head_words: usize,
    /// description head -> role words it can refer to
    pub descriptions: HashMap<String, Vec<String>>,
}

impl Titles {
    /// The sector of a head or agent phrase.
    pub fn head_sector(&self, phrase: &str) -> Option<&str> {
        self.heads
            .get(phrase)
            .or_else(|| self.agents.get(phrase))
            .map(String::as_str)
    }
    pub fn is_head(&self, phrase: &str) -> bool {
        self.heads.contains_key(phrase)
    }
    /// A word of some head, not a connector inside one ("of" in "secretary of state").
    pub fn is_head_word(&self, word: &str) -> bool {
        self.head_words.contains(word)
    }
    fn add_head(&mut self, phrase: &str, sector: &str) {
        let key = phrase_key(phrase);
        self.max_head_words = self.max_head_words.max(key.split(' ').count());
        for w in key
            .split(' ')
            .filter(|w| !matches!(*w, "of" | "for" | "the" | "to" | "under" | "on" | "and"))
        {
            self.head_words.insert(w.to_string());
        }
        self.heads
            .insert(key, sector.trim_start_matches('~').to_string());
    }
    pub fn is_modifier(&self, word: &str) -> bool {
        self.modifiers.contains(word)
    }
}

/// A user or curated name list entry in TOML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlActor {
    name: String,
    kind: String,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    subtype: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlPlace {
    name: String,
    country: String,
    #[serde(default = "default_place_kind")]
    kind: String,
    #[serde(default)]
    geonameid: Option<u64>,
    #[serde(default)]
    population: Option<u64>,
    #[serde(default)]
    lat: Option<f64>,
    #[serde(default)]
    lon: Option<f64>,
    #[serde(default)]
    aliases: Vec<String>,
}

fn default_place_kind() -> String {
    "region".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlTitle {
    phrase: String,
    sector: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TomlLexicon {
    #[serde(default)]
    actor: Vec<TomlActor>,
    #[serde(default)]
    place: Vec<TomlPlace>,
    #[serde(default)]
    title: Vec<TomlTitle>,
    #[serde(default)]
    given_names: Vec<String>,
    #[serde(default)]
    event_verb: Vec<UserEventVerb>,
    #[serde(default)]
    event_noun: Vec<UserEventNoun>,
}

/// A user's verb form that codes an event (`[[event_verb]]`): "shelled" → 195.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserEventVerb {
    /// the form as written, one or more words ("shelled", "cracked down on")
    pub form: String,
    /// its base form, for explanations; the form itself when not given
    #[serde(default)]
    pub lemma: Option<String>,
    /// the CAMEO code
    pub code: String,
}

/// A user's event noun (`[[event_noun]]`): "blockade" → 191.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserEventNoun {
    pub noun: String,
    pub code: String,
    #[serde(default)]
    pub symmetric: bool,
}

/// Everything Readout knows, before compilation.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Lexicon {
    pub english: English,
    pub titles: Titles,
    pub countries: Vec<Country>,
    /// ISO3 → index into `countries`
    country_index: HashMap<String, u32>,
    pub actors: Vec<Actor>,
    pub places: Vec<Place>,
    /// one-word country names and demonyms, lower case ("china", "chinese")
    pub country_words: HashSet<String>,
    /// (surface form, what it names) not compiled into a matcher yet
    #[serde(skip)]
    names: Vec<(String, LexRef)>,
    /// event verbs and nouns from `--lexicon` files, added to the event dictionary by
    /// `Pipeline::new`
    #[serde(skip)]
    pub user_event_verbs: Vec<UserEventVerb>,
    #[serde(skip)]
    pub user_event_nouns: Vec<UserEventNoun>,
    /// the built-in dictionaries' automaton (baked at build time), then one per batch of user
    /// lexicons
    #[serde(skip)]
    matchers: Vec<Matcher>,
}

/// The compiled phrase automaton: a pattern per normalised key, its value a group of phrases.
struct Matcher {
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    groups: Vec<Vec<Phrase>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Matcher({} keys)", self.groups.len())
    }
}

/// The data files the built-in lexicon is made of, relative to `data/`, in load order.
pub const DATA_FILES: &[&str] = &[
    "english.toml",
    "titles.toml",
    "agents.tsv",
    "countries.tsv",
    "curated/organizations.tsv",
    "actors.tsv",
    "places.tsv",
    "curated/places.tsv",
];

impl Lexicon {
    /// Parses the data files (name and contents, in the order of [`DATA_FILES`]). The build
    /// script does this once; tests use it to check the baked form against the sources.
    pub fn from_sources(files: &[(&str, &str)]) -> Result<Self, LexiconError> {
        let mut lex = Lexicon::default();
        for &(origin, src) in files {
            match origin {
                "english.toml" => lex.load_english(origin, src)?,
                "titles.toml" => lex.load_titles(origin, src)?,
                "agents.tsv" => lex.load_agents(origin, src)?,
                "countries.tsv" => lex.load_countries(origin, src)?,
                "curated/organizations.tsv" => lex.load_curated_orgs(origin, src)?,
                "actors.tsv" => lex.load_actors(origin, src)?,
                "places.tsv" | "curated/places.tsv" => lex.load_places(origin, src)?,
                other => {
                    return Err(LexiconError::Build {
                        origin: other.to_string(),
                        message: "not a data file Readout knows".into(),
                    })
                }
            }
        }
        Ok(lex)
    }

    /// The compiled form `from_baked` reads: the entries (postcard), then the automaton
    /// (daachorse's own serialisation).
    pub fn bake(mut self) -> Result<Vec<u8>, LexiconError> {
        self.compile()?;
        let matcher = self.matchers.pop().ok_or_else(|| LexiconError::Build {
            origin: "lexicon".into(),
            message: "nothing to bake".into(),
        })?;
        let head =
            postcard::to_allocvec(&(&self, &matcher.groups)).map_err(|e| LexiconError::Build {
                origin: "lexicon".into(),
                message: e.to_string(),
            })?;
        let mut out = Vec::with_capacity(head.len() + 8);
        out.extend_from_slice(&(head.len() as u64).to_le_bytes());
        out.extend_from_slice(&head);
        out.extend_from_slice(&matcher.automaton.serialize());
        Ok(out)
    }

    /// Reads what [`Lexicon::bake`] wrote (see `Lexicon::builtin`).
    pub(crate) fn from_baked(bytes: &[u8]) -> Result<Self, LexiconError> {
        let broken = |message: &str| LexiconError::Build {
            origin: "built-in lexicon".into(),
            message: message.to_string(),
        };
        let len = bytes.get(..8).ok_or_else(|| broken("truncated"))?;
        let len = u64::from_le_bytes(len.try_into().map_err(|_| broken("truncated"))?) as usize;
        let head = bytes.get(8..8 + len).ok_or_else(|| broken("truncated"))?;
        let (mut lex, groups): (Lexicon, Vec<Vec<Phrase>>) =
            postcard::from_bytes(head).map_err(|e| broken(&e.to_string()))?;
        // SAFETY: these bytes are `CharwiseDoubleArrayAhoCorasick::serialize` output written by
        // build.rs with the same daachorse version (pinned with `=` for both the build and the
        // normal dependency) and embedded with include_bytes!, so they are a valid automaton.
        let (automaton, rest) = unsafe {
            CharwiseDoubleArrayAhoCorasick::<u32>::deserialize_unchecked(&bytes[8 + len..])
        };
        if !rest.is_empty() {
            return Err(broken("trailing bytes after the automaton"));
        }
        lex.matchers.push(Matcher { automaton, groups });
        Ok(lex)
    }

    /// Adds the entries of a user lexicon file (TOML, see `docs/lexicon.md`).
    /// `origin` names the file in error messages.
    pub fn add_toml(&mut self, origin: &str, src: &str) -> Result<(), LexiconError> {
        let parsed: TomlLexicon = toml::from_str(src).map_err(|e| {
            let line = e
                .span()
                .map_or(0, |s| src[..s.start.min(src.len())].lines().count().max(1));
            parse_err(origin, line, e.message().to_string())
        })?;
        for a in parsed.actor {
            let kind = parse_kind(&a.kind).ok_or_else(|| {
                parse_err(
                    origin,
                    0,
                    format!(
                        "actor '{}': unknown kind '{}' (person, organization, group)",
                        a.name, a.kind
                    ),
                )
            })?;
            let codes = a
                .codes
                .iter()
                .map(|c| DatedCode::parse(c))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| parse_err(origin, 0, format!("actor '{}': {m}", a.name)))?;
            let country = a
                .country
                .or_else(|| codes.first().and_then(|c| self.country_of_code(&c.code)));
            let id = self.actors.len() as u32;
            self.actors.push(Actor {
                kind,
                name: a.name.clone(),
                country,
                codes,
                subtype: a.subtype,
                origin: origin.to_string(),
            });
            self.names.push((a.name, LexRef::Actor(id)));
            for alias in a.aliases {
                self.names.push((alias, LexRef::Actor(id)));
            }
        }
        for p in parsed.place {
            let id = self.places.len() as u32;
            self.places.push(Place {
                geonameid: p.geonameid,
                name: p.name.clone(),
                country: Some(p.country),
                kind: p.kind,
                population: p.population.unwrap_or(0),
                lat: p.lat,
                lon: p.lon,
            });
            self.names.push((p.name, LexRef::Place(id)));
            for alias in p.aliases {
                self.names.push((alias, LexRef::Place(id)));
            }
        }
        for t in parsed.title {
            self.titles.add_head(&t.phrase, &t.sector);
        }
        for g in parsed.given_names {
            self.english.given_names.insert(g.to_lowercase());
        }
        let code_ok = |c: &str| (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit());
        for v in &parsed.event_verb {
            if !code_ok(&v.code) || v.form.trim().is_empty() {
                return Err(parse_err(
                    origin,
                    0,
                    format!(
                        "event_verb '{}': code '{}' is not a CAMEO code (2 to 4 digits)",
                        v.form, v.code
                    ),
                ));
            }
        }
        for n in &parsed.event_noun {
            if !code_ok(&n.code) || n.noun.trim().is_empty() {
                return Err(parse_err(
                    origin,
                    0,
                    format!(
                        "event_noun '{}': code '{}' is not a CAMEO code (2 to 4 digits)",
                        n.noun, n.code
                    ),
                ));
            }
        }
        self.user_event_verbs.extend(parsed.event_verb);
        self.user_event_nouns.extend(parsed.event_noun);
        Ok(())
    }

    fn country_of_code(&self, code: &str) -> Option<String> {
        let prefix = code.get(..3)?;
        // a territory may share its sovereign's CAMEO code (BLM is coded FRA): ISO3 wins
        self.country(prefix)
            .or_else(|| self.countries.iter().find(|c| c.cameo == prefix))
            .map(|c| c.iso3.clone())
    }

    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.country_index
            .get(iso3)
            .map(|&i| &self.countries[i as usize])
    }

    fn load_english(&mut self, origin: &str, src: &str) -> Result<(), LexiconError> {
        #[derive(Deserialize)]
        struct Tense {
            future: Vec<String>,
            present: Vec<String>,
            past: Vec<String>,
            irregular_past: Vec<String>,
            not_past: Vec<String>,
        }
        #[derive(Deserialize)]
        struct Names {
            connectors: Vec<String>,
            not_names: Vec<String>,
            not_org_acronyms: Vec<String>,
            place_modifiers: Vec<String>,
            complement_words: Vec<String>,
            org_heads: HashMap<String, String>,
        }
        #[derive(Deserialize)]
        struct Shapes {
            org_starts: Vec<String>,
            place_heads: Vec<String>,
            given_names: Vec<String>,
        }
        #[derive(Deserialize)]
        struct Groups {
            heads: Vec<String>,
            openers: Vec<String>,
            modifiers: Vec<String>,
            anonymous_tails: Vec<String>,
        }
        #[derive(Deserialize)]
        struct Speech {
            cues: Vec<String>,
            reporting: Vec<String>,
            document_nouns: Vec<String>,
            pronouns: Vec<String>,
            speaker_determiners: Vec<String>,
            opening_adverbials: Vec<String>,
            attribution_phrases: Vec<String>,
        }
        #[derive(Deserialize)]
        struct File {
            speech: Speech,
            events: EventWords,
            abbreviations: Vec<String>,
            sentence_final_abbreviations: Vec<String>,
            months: Vec<Vec<String>>,
            weekdays: Vec<Vec<String>>,
            tense: Tense,
            names: Names,
            shapes: Shapes,
            groups: Groups,
        }
        let f: File = toml::from_str(src).map_err(|e| parse_err(origin, 0, e.to_string()))?;
        let set = |v: Vec<String>| v.into_iter().collect::<HashSet<_>>();
        let e = &mut self.english;
        e.abbreviations = set(f.abbreviations);
        e.final_abbreviations = set(f.sentence_final_abbreviations);
        for (i, forms) in f.months.into_iter().enumerate() {
            for form in forms {
                e.months.insert(form, i as u8 + 1);
            }
        }
        for (i, forms) in f.weekdays.into_iter().enumerate() {
            for form in forms {
                e.weekdays.insert(form, i as u8);
            }
        }
        e.events = f.events;
        e.speech_cues = set(f.speech.cues);
        e.reporting_verbs = set(f.speech.reporting);
        e.document_nouns = set(f.speech.document_nouns);
        e.pronouns = set(f.speech.pronouns);
        e.speaker_determiners = set(f.speech.speaker_determiners);
        e.opening_adverbials = set(f.speech.opening_adverbials);
        e.attribution_phrases = f
            .speech
            .attribution_phrases
            .iter()
            .map(|p| p.split_whitespace().map(str::to_string).collect())
            .collect();
        e.future = set(f.tense.future);
        e.present = set(f.tense.present);
        e.past = set(f.tense.past);
        e.irregular_past = set(f.tense.irregular_past);
        e.not_past = set(f.tense.not_past);
        e.connectors = set(f.names.connectors);
        e.not_names = set(f.names.not_names);
        e.org_heads = f.names.org_heads;
        e.not_org_acronyms = set(f.names.not_org_acronyms);
        e.place_modifiers = set(f.names.place_modifiers);
        e.complement_words = set(f.names.complement_words);
        e.org_starts = set(f.shapes.org_starts);
        e.place_heads = set(f.shapes.place_heads);
        e.given_names = set(f.shapes.given_names);
        e.group_heads = set(f.groups.heads);
        e.group_openers = set(f.groups.openers);
        e.group_modifiers = set(f.groups.modifiers);
        e.anonymous_tails = f
            .groups
            .anonymous_tails
            .iter()
            .map(|t| t.split_whitespace().map(str::to_string).collect())
            .collect();
        Ok(())
    }

    fn load_titles(&mut self, origin: &str, src: &str) -> Result<(), LexiconError> {
        #[derive(Deserialize)]
        struct File {
            heads: HashMap<String, String>,
            modifiers: Vec<String>,
            descriptions: HashMap<String, Vec<String>>,
        }
        let f: File = toml::from_str(src).map_err(|e| parse_err(origin, 0, e.to_string()))?;
        for (head, sector) in f.heads {
            self.titles.add_head(&head, &sector);
        }
        self.titles.modifiers = f.modifiers.iter().map(|m| phrase_key(m)).collect();
        self.titles.descriptions = f.descriptions;
        Ok(())
    }

    fn load_agents(&mut self, origin: &str, src: &str) -> Result<(), LexiconError> {
        for (line, cols) in tsv_rows(origin, src, &["phrase", "code"])? {
            let phrase = phrase_key(cols[0]);
            let code = cols[1].trim_start_matches('~').to_string();
            if phrase.is_empty() || code.is_empty() {
                return Err(parse_err(origin, line, "empty phrase or code"));
            }
            self.titles.agents.entry(phrase).or_insert(code);
        }
        Ok(())
    }

    fn load_countries(&mut self, origin: &str, src: &str) -> Result<(), LexiconError> {
        let cols = [
            "iso3",
            "cameo",
            "name",
            "geonameid",
            "lat",
            "lon",
            "aliases",
            "demonyms",
        ];
        for (line, c) in tsv_rows(origin, src, &cols)? {
            let id = self.countries.len() as u32;
            self.country_index.entry(c[0].to_string()).or_insert(id);
            let cameo = if c[1].is_empty() { c[0] } else { c[1] };
            self.countries.push(Country {
                iso3: c[0].to_string(),
                cameo: cameo.to_string(),
                name: c[2].to_string(),
                geonameid: parse_opt(origin, line, c[3])?,
                lat: parse_opt(origin, line, c[4])?,
                lon: parse_opt(origin, line, c[5])?,
            });
            self.names.push((c[2].to_string(), LexRef::Country(id)));
            for word in std::iter::once(c[2]).chain(list(c[6])).chain(list(c[7])) {
                if !word.contains(' ') {
                    self.country_words
                        .insert(crate::stages::tokenize::normalize(word));
                }
            }
            for alias in list(c[6]) {
                self.names.push((alias.to_string(), LexRef::Country(id)));
            }
            for demonym in list(c[7]) {
                self.names.push((demonym.to_string(), LexRef::Demonym(id)));
            }
        }
        Ok(())
    }

    fn load_actors(&mut self, origin: &str, src: &str) -> Result<(), LexiconError> {
        for (line, c) in tsv_rows(
            origin,
            src,
            &["kind", "name", "country", "codes", "aliases"],
        )? {
            let kind = parse_kind(c[0])
                .ok_or_else(|| parse_err(origin, line, format!("unknown kind '{}'", c[0])))?;
            self.push_actor(origin, line, kind, c[1], c[2], c[3], None, c[4])?;
        }
        Ok(())
    }

    fn load_curated_orgs(&mut self, origin: &str, src: &str) -> Result<(), LexiconError> {
        for (line, c) in tsv_rows(
            origin,
            src,
            &["name", "kind", "country", "code", "subtype", "aliases"],
        )? {
            let kind = parse_kind(c[1])
                .ok_or_else(|| parse_err(origin, line, format!("unknown kind '{}'", c[1])))?;
            let subtype = (!c[4].is_empty()).then_some(c[4]);
            self.push_actor(origin, line, kind, c[0], c[2], c[3], subtype, c[5])?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn push_actor(
        &mut self,
        origin: &str,
        line: usize,
        kind: EntityKind,
        name: &str,
        country: &str,
        codes: &str,
        subtype: Option<&str>,
        aliases: &str,
    ) -> Result<(), LexiconError> {
        let codes = codes
            .split(';')
            .filter(|s| !s.trim().is_empty())
            .map(DatedCode::parse)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|m| parse_err(origin, line, m))?;
        let country = if country.is_empty() {
            codes.last().and_then(|c| self.country_of_code(&c.code))
        } else {
            Some(country.to_string())
        };
        let id = self.actors.len() as u32;
        self.actors.push(Actor {
            kind,
            name: name.to_string(),
            country,
            codes,
            subtype: subtype.map(str::to_string),
            origin: origin.to_string(),
        });
        self.names.push((name.to_string(), LexRef::Actor(id)));
        for alias in list(aliases) {
            self.names.push((alias.to_string(), LexRef::Actor(id)));
        }
        if kind == EntityKind::Person {
            let words: Vec<&str> = name.split_whitespace().collect();
            if words.len() >= 2 && words[0].chars().all(char::is_alphabetic) {
                self.english.given_names.insert(words[0].to_lowercase());
            }
        }
        Ok(())
    }

    fn load_places(&mut self, origin: &str, src: &str) -> Result<(), LexiconError> {
        let cols = [
            "geonameid",
            "name",
            "country",
            "kind",
            "population",
            "lat",
            "lon",
            "aliases",
        ];
        for (line, c) in tsv_rows(origin, src, &cols)? {
            let id = self.places.len() as u32;
            self.places.push(Place {
                geonameid: parse_opt(origin, line, c[0])?,
                name: c[1].to_string(),
                country: (!c[2].is_empty()).then(|| c[2].to_string()),
                kind: c[3].to_string(),
                population: parse_opt(origin, line, c[4])?.unwrap_or(0),
                lat: parse_opt(origin, line, c[5])?,
                lon: parse_opt(origin, line, c[6])?,
            });
            self.names.push((c[1].to_string(), LexRef::Place(id)));
            // alternate names of small towns collide with people's names ("Yang" for Young,
            // Uruguay); only well-known places are matched by their alternate names
            let place = &self.places[id as usize];
            if place.kind != "city" || place.population >= MIN_POPULATION_FOR_ALIASES {
                for alias in list(c[7]) {
                    self.names.push((alias.to_string(), LexRef::Place(id)));
                }
            }
        }
        Ok(())
    }

    /// Builds an automaton for the names added since the last compile (user lexicons); called
    /// by `Pipeline::new`. The built-in names come compiled.
    pub fn compile(&mut self) -> Result<(), LexiconError> {
        if self.names.is_empty() {
            return Ok(());
        }
        // One group per normalised key; inside it, one phrase per case rule ("US" exact and
        // "Us" capitalised are different phrases of the key "us").
        let mut group_of_key: HashMap<String, u32> =
            HashMap::with_capacity_and_hasher(self.names.len(), Default::default());
        let mut groups: Vec<Vec<Phrase>> = Vec::new();
        let mut patterns: Vec<(String, u32)> = Vec::new();
        for (surface, r) in &self.names {
            let key = phrase_key(surface);
            if key.is_empty() {
                continue;
            }
            let letters = || surface.chars().filter(|c| c.is_alphabetic());
            let case = if letters().count() >= 2 && letters().all(char::is_uppercase) {
                CaseRule::Exact
            } else {
                CaseRule::Capitalized
            };
            let g = match group_of_key.get(&key) {
                Some(&g) => g,
                None => {
                    let g = groups.len() as u32;
                    groups.push(Vec::new());
                    patterns.push((format!(" {key} "), g));
                    group_of_key.insert(key, g);
                    g
                }
            };
            let group = &mut groups[g as usize];
            let same = group.iter_mut().find(|p| {
                p.case == case && (case == CaseRule::Capitalized || p.surface == *surface)
            });
            match same {
                Some(p) => {
                    if !p.refs.contains(r) {
                        p.refs.push(*r);
                    }
                }
                None => group.push(Phrase {
                    surface: if case == CaseRule::Exact {
                        surface.clone()
                    } else {
                        String::new()
                    },
                    refs: vec![*r],
                    case,
                }),
            }
        }
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build_with_values(patterns)
            .map_err(|e| LexiconError::Build {
                origin: "lexicon".into(),
                message: e.to_string(),
            })?;
        self.names.clear();
        self.matchers.push(Matcher { automaton, groups });
        Ok(())
    }

    /// Every dictionary phrase over the tokens, as (first token, end token, references), in
    /// text order; overlapping candidates are all returned; the caller chooses.
    pub fn find_phrases(&self, tokens: &[Token], text: &str) -> Vec<LexMatch> {
        if self.matchers.is_empty() || tokens.is_empty() {
            return Vec::new();
        }
        // " tok tok tok " with tables from byte positions to token indices
        const NONE: u32 = u32::MAX;
        let mut hay = String::with_capacity(text.len() + tokens.len() * 4);
        let mut start_at: Vec<u32> = Vec::with_capacity(hay.capacity() + 2);
        let mut end_at: Vec<u32> = Vec::with_capacity(hay.capacity() + 2);
        hay.push(' ');
        for (i, t) in tokens.iter().enumerate() {
            if i > 0 && (t.newline_before || tokens[i - 1].sentence != t.sentence) {
                // phrases never cross a sentence
                hay.push_str("\u{2} ");
            }
            start_at.resize(hay.len() - 1, NONE);
            start_at.push(i as u32);
            hay.push_str(&t.norm);
            hay.push(' ');
            end_at.resize(hay.len(), NONE);
            end_at.push(i as u32 + 1);
        }
        let at = |table: &[u32], pos: usize| table.get(pos).copied().filter(|&v| v != NONE);
        let mut out: Vec<LexMatch> = Vec::new();
        // only needed when user lexicons add a second automaton
        let mut seen: HashMap<(usize, usize), usize> = HashMap::default();
        for m in &self.matchers {
            for found in m.automaton.find_overlapping_iter(&hay) {
                let (Some(first), Some(end)) =
                    (at(&start_at, found.start()), at(&end_at, found.end()))
                else {
                    continue;
                };
                let (first, end) = (first as usize, end as usize);
                let refs: Vec<LexRef> = m.groups[found.value() as usize]
                    .iter()
                    .filter(|p| case_fits(p, &tokens[first..end], text))
                    .flat_map(|p| p.refs.iter().copied())
                    .collect();
                if refs.is_empty() {
                    continue;
                }
                // a user lexicon naming a phrase the built-in one knows adds a meaning to it
                match seen.get(&(first, end)) {
                    Some(&x) => out[x].refs.extend(refs),
                    None => {
                        if self.matchers.len() > 1 {
                            seen.insert((first, end), out.len());
                        }
                        out.push(LexMatch {
                            tokens: first..end,
                            refs,
                        })
                    }
                }
            }
        }
        out
    }
}

fn case_fits(p: &Phrase, tokens: &[Token], text: &str) -> bool {
    match p.case {
        CaseRule::Exact => {
            let surface: String = tokens
                .iter()
                .map(|t| &text[t.span.start..t.span.end])
                .collect::<Vec<_>>()
                .join(" ");
            crate::stages::tokenize::normalize_quotes(&surface)
                == crate::stages::tokenize::normalize_quotes(&phrase_surface_spaced(&p.surface))
        }
        CaseRule::Capitalized => {
            let Some(first) = tokens.first() else {
                return false;
            };
            // "GAO" (an acronym) is not the town of Gao
            if tokens.len() == 1 && first.all_caps {
                return false;
            }
            first.capitalized
                && tokens.iter().all(|t| {
                    t.capitalized
                        || t.kind != crate::document::TokenKind::Word
                        || t.norm.len() <= 3
                        || t.all_caps
                        || t.norm.starts_with('\'')
                })
        }
    }
}

/// The surface with tokens separated by single spaces, as `case_fits` rebuilds it from text.
fn phrase_surface_spaced(surface: &str) -> String {
    crate::stages::tokenize::tokenize_str(surface).join(" ")
}

fn parse_kind(s: &str) -> Option<EntityKind> {
    match s {
        "person" => Some(EntityKind::Person),
        "organization" | "organisation" | "igo" | "media" => Some(EntityKind::Organization),
        "group" => Some(EntityKind::Group),
        "country" => Some(EntityKind::Country),
        "place" => Some(EntityKind::Place),
        _ => None,
    }
}

fn list(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn parse_opt<T: std::str::FromStr>(
    origin: &str,
    line: usize,
    field: &str,
) -> Result<Option<T>, LexiconError> {
    if field.is_empty() {
        return Ok(None);
    }
    field
        .parse::<T>()
        .map(Some)
        .map_err(|_| parse_err(origin, line, format!("cannot read '{field}' as a number")))
}

/// Rows of a TSV file as the named columns, in the order asked for. Comment lines start with `#`.
fn tsv_rows<'s>(
    origin: &str,
    src: &'s str,
    wanted: &[&str],
) -> Result<Vec<(usize, Vec<&'s str>)>, LexiconError> {
    let mut lines = src
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    let (header_line, header) = lines
        .next()
        .ok_or_else(|| parse_err(origin, 1, "no header line"))?;
    let names: Vec<&str> = header.split('\t').map(str::trim).collect();
    let index: Vec<usize> = wanted
        .iter()
        .map(|w| {
            names.iter().position(|n| n == w).ok_or_else(|| {
                parse_err(
                    origin,
                    header_line + 1,
                    format!("missing column '{w}' (have: {})", names.join(", ")),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for (i, l) in lines {
        let fields: Vec<&str> = l.split('\t').collect();
        let row = index
            .iter()
            .map(|&k| fields.get(k).map_or("", |f| f.trim()))
            .collect();
        rows.push((i + 1, row));
    }
    Ok(rows)
}

/// The normalised form a phrase is matched by: lower-case tokens joined by single spaces, as the
/// tokenizer would split the phrase ("U.S." stays whole; "People's" becomes "people 's").
pub fn phrase_key(surface: &str) -> String {
    crate::stages::tokenize::phrase_key(surface)
}
