//! Readout's pipeline over one [`Document`]: no I/O, no global state.
//!
//! Stages read the layers earlier stages added and add their own, like spaCy's `Doc` or the
//! `tokenizers` pipeline: tokenize → sentences → dictionary phrases → timexes → mentions →
//! entities. [`Pipeline::code`] runs them and renders the `readout/1` output.

pub mod document;
pub mod lexicon;
pub mod output;
pub mod stages;
pub mod verbs;

pub use document::{Document, EntityKind, Span};

/// The pipeline's stages, in the order they run; each reads the layers of those before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Tokens,
    Sentences,
    /// every dictionary phrase (actors, agents, places, titles...) found in one automaton pass
    Dictionary,
    Timexes,
    Mentions,
    Entities,
    Quotes,
    Sources,
    Events,
}

impl Stage {
    pub const ALL: [Stage; 9] = [
        Stage::Tokens,
        Stage::Sentences,
        Stage::Dictionary,
        Stage::Timexes,
        Stage::Mentions,
        Stage::Entities,
        Stage::Quotes,
        Stage::Sources,
        Stage::Events,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Tokens => "tokens",
            Stage::Sentences => "sentences",
            Stage::Dictionary => "dictionary",
            Stage::Timexes => "timexes",
            Stage::Mentions => "mentions",
            Stage::Entities => "entities",
            Stage::Quotes => "quotes",
            Stage::Sources => "sources",
            Stage::Events => "events",
        }
    }
}
pub use lexicon::{Lexicon, LexiconError};
pub use output::{
    ActorOut, CharIndex, DocumentOut, EntityOut, EventDateOut, EventOut, MentionOut, Offsets,
    PlaceOut, QuoteOut, RoleOut, SourceOut, SpanOut, SpeakerOut, TimexOut, SCHEMA,
};

/// The built-in lexicon, parsed and compiled at build time by `build.rs`.
const BAKED_LEXICON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin"));

impl Lexicon {
    /// The dictionaries shipped in `data/`, as compiled into the binary at build time: loading
    /// them is a deserialisation, not a parse and an automaton build.
    pub fn builtin() -> Result<Self, LexiconError> {
        Self::from_baked(BAKED_LEXICON)
    }
}

/// One article as it comes in.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub id: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<jiff::civil::Date>,
    pub text: String,
}

/// Compiled knowledge plus the stages; cheap to share between threads (`&Pipeline` is `Sync`).
pub struct Pipeline {
    lexicon: Lexicon,
    verbs: verbs::EventLexicon,
}

impl Pipeline {
    /// Compiles the lexicon's matchers once.
    pub fn new(mut lexicon: Lexicon) -> Result<Self, LexiconError> {
        lexicon.compile()?;
        let mut verbs = verbs::EventLexicon::builtin()?;
        verbs.add_user(&lexicon.user_event_verbs, &lexicon.user_event_nouns);
        let w = &lexicon.english.events;
        verbs.particles = w.particles.clone();
        verbs.complementizers = w.complementizers.clone();
        for set in [
            &w.not_triggers,
            &w.mood_intent,
            &w.mood_appeal,
            &w.mood_demand,
            &w.mood_reject,
            &w.mood_threaten,
            &w.planned,
            &w.postponed,
            &w.cancelled,
            &w.denied,
            &w.hypothetical,
        ] {
            verbs.note_phrases(set);
        }
        use verbs::status_bits as b;
        for (bit, set) in [
            (b::NEGATION, &w.negation),
            (b::DENIED, &w.denied),
            (b::CANCELLED, &w.cancelled),
            (b::POSTPONED, &w.postponed),
            (b::PLANNED, &w.planned),
            (b::HYPOTHETICAL, &w.hypothetical),
        ] {
            verbs.note_status_words(bit, set);
        }
        for set in [
            &w.mood_intent,
            &w.mood_appeal,
            &w.mood_demand,
            &w.mood_reject,
            &w.mood_threaten,
        ] {
            verbs.note_mood_words(set);
        }
        Ok(Pipeline { lexicon, verbs })
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The event dictionary: verb forms, patterns, event nouns and the CAMEO table.
    pub fn verbs(&self) -> &verbs::EventLexicon {
        &self.verbs
    }

    /// Runs every stage over the text and returns the annotated document.
    pub fn annotate<'t>(
        &self,
        text: &'t str,
        published: Option<jiff::civil::Date>,
    ) -> Document<'t> {
        self.annotate_through(text, published, Stage::Events)
    }

    /// Runs the stages up to and including `last`: what benchmarks and profiles use to see
    /// what each stage costs.
    pub fn annotate_through<'t>(
        &self,
        text: &'t str,
        published: Option<jiff::civil::Date>,
        last: Stage,
    ) -> Document<'t> {
        let lex = &self.lexicon;
        let mut doc = Document::new(text, published);
        for stage in Stage::ALL {
            match stage {
                Stage::Tokens => stages::tokenize::tokenize(&mut doc, &lex.english),
                Stage::Sentences => stages::sentences::split(&mut doc, &lex.english),
                Stage::Dictionary => doc.lex_matches = lex.find_phrases(&doc.tokens, doc.text),
                Stage::Timexes => stages::timex::find_and_resolve(&mut doc, &lex.english),
                Stage::Mentions => stages::mentions::find(&mut doc, lex),
                Stage::Entities => stages::entities::build(&mut doc, lex),
                Stage::Quotes => stages::quotes::find(&mut doc, lex),
                Stage::Sources => stages::sources::find(&mut doc),
                Stage::Events => stages::events::find(&mut doc, lex, &self.verbs),
            }
            if stage == last {
                break;
            }
        }
        doc
    }

    /// Code one article into a `readout/1` document.
    pub fn code(&self, article: &Article) -> DocumentOut {
        let doc = self.annotate(&article.text, article.published);
        output::render(&doc, article, &self.lexicon, &self.verbs)
    }
}
