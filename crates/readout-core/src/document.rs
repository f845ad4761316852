//! The [`Document`]: the article text and the annotation layers the stages add to it.
//!
//! All spans are byte offsets into `text`; they become code-point offsets only in the output.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use jiff::civil::Date;

/// A byte range into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    /// A quotation mark of any style; `'` and `’` only when not an apostrophe.
    Quote,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Lower case with typographic apostrophes folded to `'`.
    pub norm: String,
    /// The first character is upper case.
    pub capitalized: bool,
    /// Every letter is upper case and there are at least two ("US", "NSC", "U.S.").
    pub all_caps: bool,
    /// Whitespace (not only a space) separates it from the previous token.
    pub space_before: bool,
    /// A line break lies between this token and the previous one.
    pub newline_before: bool,
    pub sentence: usize,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
    pub paragraph: usize,
}

/// What a lexicon match points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LexRef {
    Country(u32),
    Demonym(u32),
    Actor(u32),
    Place(u32),
}

/// A dictionary phrase found over tokens `tokens`.
#[derive(Debug, Clone)]
pub struct LexMatch {
    pub tokens: Range<usize>,
    pub refs: Vec<LexRef>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EntityKind {
    Person,
    Organization,
    Country,
    Place,
    Group,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Country => "country",
            EntityKind::Place => "place",
            EntityKind::Group => "group",
        }
    }
}

/// One role a person holds, read from a title next to a mention.
#[derive(Debug, Clone)]
pub struct Role {
    /// Where the whole phrase starts: the affiliation before the title ("US" in "US Secretary
    /// of State"), or the title itself.
    pub phrase_start: usize,
    /// The title's tokens ("Assistant Secretary of State for East Asian and Pacific Affairs").
    pub title: Range<usize>,
    /// Sector code from the title head (`GOV`, `MIL`...).
    pub sector: Option<String>,
    /// The organisation mention the title names, as an index into `Document::mentions`.
    pub org: Option<usize>,
    /// Country stated for the role ("US", "Chinese"), ISO3.
    pub country: Option<String>,
    pub evidence: String,
}

#[derive(Debug, Clone)]
pub struct Mention {
    pub tokens: Range<usize>,
    pub kind: EntityKind,
    /// The name as the lexicon or the text gives it.
    pub name: String,
    pub lex: Option<LexRef>,
    pub country: Option<String>,
    pub code: Option<String>,
    pub subtype: Option<String>,
    pub role: Option<Role>,
    /// A role-bearing head or a description: the mention that carries the name is elsewhere.
    pub is_description: bool,
    pub entity: Option<usize>,
    pub evidence: String,
}

impl Mention {
    /// A mention with no dictionary entry, country, code, subtype or role yet.
    pub fn new(tokens: Range<usize>, kind: EntityKind, name: String, evidence: String) -> Self {
        Mention {
            tokens,
            kind,
            name,
            lex: None,
            country: None,
            code: None,
            subtype: None,
            role: None,
            is_description: false,
            entity: None,
            evidence,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub kind: EntityKind,
    pub name: String,
    pub country: Option<String>,
    pub code: Option<String>,
    pub subtype: Option<String>,
    pub lex: Option<LexRef>,
    pub mentions: Vec<usize>,
    pub roles: Vec<Role>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
    Decade,
    Reference,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Decade => "decade",
            Precision::Reference => "ref",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Timex {
    pub tokens: Range<usize>,
    pub value: Option<String>,
    pub precision: Precision,
    pub evidence: String,
}

/// Document-wide facts about tokens that several passes ask for, computed once after the
/// dictionary layer so that no pass rescans the document per token.
#[derive(Debug, Clone, Default)]
pub struct TokenFacts {
    /// the token lies in a dictionary phrase naming a country or a demonym
    pub country: Vec<bool>,
    /// forms (`norm`) that occur written in lower case somewhere in the document
    pub lower_forms: HashSet<String>,
    /// positions of capitalised tokens by form, ascending
    pub capitalized_at: HashMap<String, Vec<usize>>,
    /// indices into `lex_matches` by the token their phrase ends before
    pub lex_ending_at: HashMap<usize, Vec<usize>>,
    /// indices into `mentions` by the token their name ends before / starts at (filled by the
    /// entity stage once the mentions are final, for the quote and source stages)
    pub mentions_ending_at: HashMap<usize, Vec<usize>>,
    pub mentions_starting_at: HashMap<usize, Vec<usize>>,
    /// indices into `mentions` by the token their whole phrase (title included) starts at;
    /// filled by the event stage, which needs "top Chinese official Wang Yi" from "top"
    pub mentions_phrase_starting_at: HashMap<usize, Vec<usize>>,
    /// for each token, the acting mention whose phrase covers it and starts earliest (filled
    /// by the event stage)
    pub phrase_covering: Vec<Option<usize>>,
    /// tokens inside a direct or partial quotation (filled by the event stage)
    pub in_quotes: Vec<bool>,
    /// the timex each token belongs to
    pub timex_of: Vec<Option<usize>>,
}

impl TokenFacts {
    pub fn index_timexes(&mut self, n_tokens: usize, timexes: &[Timex]) {
        self.timex_of = vec![None; n_tokens];
        for (i, t) in timexes.iter().enumerate() {
            for k in t.tokens.clone() {
                self.timex_of[k] = Some(i);
            }
        }
    }

    pub fn index_mentions(&mut self, mentions: &[Mention]) {
        self.mentions_ending_at.clear();
        self.mentions_starting_at.clear();
        for (i, m) in mentions.iter().enumerate() {
            self.mentions_ending_at
                .entry(m.tokens.end)
                .or_default()
                .push(i);
            self.mentions_starting_at
                .entry(m.tokens.start)
                .or_default()
                .push(i);
        }
    }
}

/// The article and every layer added to it.
#[derive(Debug, Clone)]
pub struct Document<'t> {
    pub text: &'t str,
    pub published: Option<Date>,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub lex_matches: Vec<LexMatch>,
    pub facts: TokenFacts,
    pub timexes: Vec<Timex>,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub sources: Vec<Source>,
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// Someone's words reproduced in quotation marks, as a clause or more.
    Direct,
    /// A few quoted words inside the reporter's sentence ("had “candid” talks").
    Partial,
    /// Reported speech without quotation marks ("Blinken said he would visit Beijing").
    Indirect,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// Who speaks: the words naming the speaker at this quote, and the mention they are.
#[derive(Debug, Clone)]
pub struct Speaker {
    pub tokens: Range<usize>,
    /// index into `Document::mentions`, when the words are a mention
    pub mention: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Quote {
    /// the quoted words, without the quotation marks (a byte span: a quote may end inside a
    /// token run only at a mark, but spans keep it simple for indirect speech too)
    pub span: Span,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    /// the reporting verb ("said", "added") or "according to"
    pub cue: Option<Range<usize>>,
    /// index into `Document::timexes`: when the words were said
    pub timex: Option<usize>,
    pub evidence: String,
}

/// A sourcing statement: "two US officials and a source familiar with the matter told CNN".
#[derive(Debug, Clone)]
pub struct Source {
    pub tokens: Range<usize>,
    /// the news outlet named, as a mention index
    pub outlet: Option<usize>,
    pub anonymous: bool,
    /// the mentions that are the sources (groups, people, documents)
    pub who: Vec<usize>,
    pub cue: Range<usize>,
    pub evidence: String,
}

impl<'t> Document<'t> {
    pub fn new(text: &'t str, published: Option<Date>) -> Self {
        Document {
            text,
            published,
            tokens: Vec::new(),
            sentences: Vec::new(),
            lex_matches: Vec::new(),
            facts: TokenFacts::default(),
            timexes: Vec::new(),
            mentions: Vec::new(),
            entities: Vec::new(),
            quotes: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
        }
    }

    /// The byte span covered by a token range (empty ranges give an empty span).
    pub fn span_of(&self, tokens: &Range<usize>) -> Span {
        if tokens.is_empty() {
            let at = self
                .tokens
                .get(tokens.start)
                .map_or(self.text.len(), |t| t.span.start);
            return Span::new(at, at);
        }
        Span::new(
            self.tokens[tokens.start].span.start,
            self.tokens[tokens.end - 1].span.end,
        )
    }

    pub fn slice(&self, span: Span) -> &'t str {
        &self.text[span.start..span.end]
    }

    pub fn token_text(&self, i: usize) -> &'t str {
        self.slice(self.tokens[i].span)
    }

    pub fn tokens_text(&self, tokens: &Range<usize>) -> &'t str {
        self.slice(self.span_of(tokens))
    }
}

/// One side of an event: the words that name it and the entity they refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSide {
    pub tokens: Range<usize>,
    /// index into `Document::entities`
    pub entity: Option<usize>,
    /// CAMEO actor code at the event's date
    pub code: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Occurred,
    Planned,
    Postponed,
    Cancelled,
    Denied,
    Hypothetical,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Occurred => "occurred",
            EventStatus::Planned => "planned",
            EventStatus::Postponed => "postponed",
            EventStatus::Cancelled => "cancelled",
            EventStatus::Denied => "denied",
            EventStatus::Hypothetical => "hypothetical",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventDate {
    pub value: String,
    pub precision: Precision,
    /// index into `Document::timexes`; none when the date is the publication date
    pub timex: Option<usize>,
}

/// Who did what to whom, when and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// CAMEO event code
    pub code: String,
    pub actor: Option<EventSide>,
    pub recipient: Option<EventSide>,
    /// entity indices of everyone taking part
    pub participants: Vec<usize>,
    pub symmetric: bool,
    pub date: Option<EventDate>,
    /// index into `Document::mentions`: the place mention
    pub place: Option<usize>,
    pub status: EventStatus,
    pub sentence: usize,
    pub trigger: Range<usize>,
    /// index into `Document::quotes`, for statements
    pub quote: Option<usize>,
    pub rule: String,
    /// further sentences that tell the same happening
    pub retold_in: Vec<usize>,
    pub evidence: Vec<String>,
}
