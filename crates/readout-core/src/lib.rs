//! Readout's pipeline over one [`Document`]: no I/O, no global state.
//!
//! Stages read the layers earlier stages added and add their own, like spaCy's `Doc` or the
//! `tokenizers` pipeline.

pub mod lexicon;
pub mod output;

pub use lexicon::{Lexicon, LexiconError};

pub use output::{DocumentOut, EntityOut, MentionOut, RoleOut, TimexOut, SCHEMA};

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
}

impl Pipeline {
    pub fn new(lexicon: Lexicon) -> Self {
        Pipeline { lexicon }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Code one article into a `readout/1` document.
    pub fn code(&self, article: &Article) -> DocumentOut {
        DocumentOut {
            schema: SCHEMA.to_string(),
            id: article.id.clone(),
            title: article.title.clone(),
            source: article.source.clone(),
            url: article.url.clone(),
            published: article.published.map(|d| d.to_string()),
            text: article.text.clone(),
            entities: vec![],
            timexes: vec![],
            quotes: vec![],
            sources: vec![],
            events: vec![],
        }
    }
}

