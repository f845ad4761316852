//! The `readout/1` output schema: the public contract of Readout (see `docs/schema.md`).
//!
//! Offsets here are Unicode code points into `text`, never bytes.

use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "readout/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentOut {
    pub schema: String,
    pub id: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// ISO date (`YYYY-MM-DD`) the article was published, when known.
    pub published: Option<String>,
    pub text: String,
    pub entities: Vec<EntityOut>,
    pub timexes: Vec<TimexOut>,
    pub quotes: Vec<serde_json::Value>,
    pub sources: Vec<serde_json::Value>,
    pub events: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityOut {
    pub id: String,
    /// `person`, `organization`, `country`, `place` or `group`.
    pub kind: String,
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    /// CAMEO-style actor code (`USAGOV`, `CHN`, `IGOWSTNAT`) at the publication date.
    pub code: Option<String>,
    /// Finer type where known: `media`, `igo`, `government`, `city`, `region`...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    pub roles: Vec<RoleOut>,
    pub mentions: Vec<MentionOut>,
    /// Why the entity has its kind, country and code: lexicon entries and rules that fired.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleOut {
    pub title: String,
    pub org: Option<String>,
    pub country: Option<String>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimexOut {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// ISO 8601 at `precision`, `PAST_REF`/`PRESENT_REF`/`FUTURE_REF`, or null when it
    /// cannot be resolved (a relative date with no publication date).
    pub value: Option<String>,
    /// `day`, `month`, `year`, `week`, `decade`, `ref`.
    pub precision: String,
    pub evidence: String,
}
