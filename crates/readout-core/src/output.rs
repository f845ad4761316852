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
    pub quotes: Vec<QuoteOut>,
    pub sources: Vec<SourceOut>,
    pub events: Vec<EventOut>,
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
    /// The organisation as the title names it ("NSC", "State Department").
    pub org: Option<String>,
    /// The entity of that organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_entity: Option<String>,
    pub country: Option<String>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `name` (a proper name), `title` (a title and the name: "US Secretary of State Antony
    /// Blinken"; the name is at `name_start..name_end`), `description` ("the top US
    /// diplomat"), `demonym` ("Chinese"), `group` ("two US officials").
    #[serde(rename = "type", default = "name_type")]
    pub mention_type: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name_end: Option<usize>,
}

fn name_type() -> String {
    "name".to_string()
}

/// A span with its text, for roles and timexes.
struct SpanText {
    start: usize,
    end: usize,
    text: String,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteOut {
    pub id: String,
    /// The quoted words, without the quotation marks.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `direct`, `partial` or `indirect`.
    pub kind: String,
    pub speaker: Option<SpeakerOut>,
    pub cue: Option<SpanOut>,
    /// When the words were said, if the sentence says (`said Tuesday`): a timex value.
    pub date: Option<String>,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerOut {
    /// The entity that speaks; null when the words name no entity ("the readout" of nobody).
    pub entity: Option<String>,
    /// The words that name the speaker at this quote ("Vedant Patel", "he", "the official").
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpanOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceOut {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The news outlet named ("CNN"), as written.
    pub outlet: Option<String>,
    pub anonymous: bool,
    /// The entities that are the sources.
    pub who: Vec<String>,
    pub cue: String,
    pub evidence: String,
}

/// Who did what to whom, when and where: one political event, coded in CAMEO and PLOVER.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventOut {
    pub id: String,
    /// CAMEO event code (`043`, `1123`): 2 to 4 digits, the first two its root.
    pub cameo: String,
    pub cameo_label: String,
    /// PLOVER category (`CONSULT`) and mode (`visit`) from the CAMEO→PLOVER table.
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
    /// Goldstein score of the CAMEO code, −10 (most conflictual) to +10.
    pub goldstein: Option<f64>,
    /// Phoenix quad class: 0 neutral, 1 verbal cooperation, 2 material cooperation, 3 verbal
    /// conflict, 4 material conflict.
    pub quad_class: u8,
    pub actor: Option<ActorOut>,
    pub recipient: Option<ActorOut>,
    /// Entities taking part: the actor's and recipient's sides with everyone coordinated in.
    pub participants: Vec<String>,
    /// Whether actor and recipient are interchangeable ("met", "talks between").
    pub symmetric: bool,
    pub date: Option<EventDateOut>,
    pub place: Option<PlaceOut>,
    /// `occurred`, `planned`, `postponed`, `cancelled`, `denied` or `hypothetical`.
    pub status: String,
    /// The sentence that tells it (offsets only: its text is `text[start..end]`).
    pub sentence: Offsets,
    pub trigger: SpanOut,
    /// The quote that is the statement's content (`Q3`), for statement events.
    pub quote: Option<String>,
    /// The pattern that coded it: `CAMEO.2.0 MEET_PEOPLE: * (WITH LEADERS)` or a statement rule.
    pub rule: String,
    /// The same happening told again elsewhere in the article: those sentences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Offsets>,
    /// Why: the dictionary entries, actor phrases, date and status cues that made the record.
    pub evidence: Vec<String>,
}

/// A stretch of the text by its code-point offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offsets {
    pub start: usize,
    pub end: usize,
}

/// Code-point offsets into one text turned into byte offsets, so that slicing by [`Offsets`]
/// costs nothing per slice (a document's many events must not each walk its text).
pub struct CharIndex {
    /// byte offset of every char, plus the text length
    bytes: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { bytes }
    }

    /// The stretch of `text` between two code-point offsets (clamped to the text).
    pub fn slice<'t>(&self, text: &'t str, o: Offsets) -> &'t str {
        let at = |c: usize| self.bytes[c.min(self.bytes.len() - 1)];
        let (start, end) = (at(o.start), at(o.end.max(o.start)));
        text.get(start..end).unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorOut {
    pub entity: Option<String>,
    /// CAMEO actor code at the event's date (`USAGOV`, `CHN`, `SYRREB`).
    pub code: Option<String>,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDateOut {
    /// ISO 8601 at `precision` (`2023-06-05`, `2022-11`).
    pub value: String,
    pub precision: String,
    /// `timex` (a date in the event's clause) or `published` (the article's date).
    pub from: String,
    pub timex: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceOut {
    pub name: String,
    pub entity: Option<String>,
    pub country: Option<String>,
    pub geonameid: Option<u64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Byte offset → code-point offset, for one text.
pub struct CodePoints {
    /// byte offsets of every char start, plus the text length
    starts: Vec<usize>,
}

impl CodePoints {
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        CodePoints { starts }
    }
    pub fn at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| b < byte)
    }
}

pub(crate) fn render(
    doc: &crate::Document<'_>,
    article: &crate::Article,
    lex: &crate::Lexicon,
    verbs: &crate::verbs::EventLexicon,
) -> DocumentOut {
    let cp = CodePoints::new(doc.text);
    let span_out = |tokens: &std::ops::Range<usize>| {
        let s = doc.span_of(tokens);
        SpanText {
            start: cp.at(s.start),
            end: cp.at(s.end),
            text: doc.slice(s).to_string(),
        }
    };
    let entities = doc
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (geonameid, lat, lon) = match e.lex {
                Some(crate::document::LexRef::Place(p)) => {
                    let p = &lex.places[p as usize];
                    (p.geonameid, p.lat, p.lon)
                }
                Some(crate::document::LexRef::Country(c))
                | Some(crate::document::LexRef::Demonym(c)) => {
                    let c = &lex.countries[c as usize];
                    (c.geonameid, c.lat, c.lon)
                }
                _ => (None, None, None),
            };
            EntityOut {
                id: format!("E{}", i + 1),
                kind: e.kind.as_str().to_string(),
                name: e.name.clone(),
                country: e.country.clone(),
                code: e.code.clone(),
                subtype: e.subtype.clone(),
                geonameid,
                lat,
                lon,
                roles: e
                    .roles
                    .iter()
                    .map(|r| {
                        let t = span_out(&r.title);
                        RoleOut {
                            title: t.text,
                            org: r
                                .org
                                .map(|m| doc.tokens_text(&doc.mentions[m].tokens).to_string()),
                            org_entity: r
                                .org
                                .and_then(|m| doc.mentions[m].entity)
                                .map(|x| format!("E{}", x + 1)),
                            country: r.country.clone().or_else(|| e.country.clone()),
                            start: t.start,
                            end: t.end,
                        }
                    })
                    .collect(),
                mentions: e
                    .mentions
                    .iter()
                    .map(|&m| {
                        let mm = &doc.mentions[m];
                        let start = mm
                            .role
                            .as_ref()
                            .map_or(mm.tokens.start, |r| r.phrase_start.min(mm.tokens.start));
                        let whole = span_out(&(start..mm.tokens.end));
                        let titled = start < mm.tokens.start;
                        let name = span_out(&mm.tokens);
                        let pronoun = mm.tokens.len() == 1
                            && lex
                                .english
                                .pronouns
                                .contains(&doc.tokens[mm.tokens.start].norm);
                        let mention_type = if titled {
                            "title"
                        } else if pronoun {
                            "pronoun"
                        } else if mm.is_description {
                            "description"
                        } else if matches!(mm.lex, Some(crate::document::LexRef::Demonym(_))) {
                            "demonym"
                        } else if mm.kind == crate::EntityKind::Group {
                            "group"
                        } else {
                            "name"
                        };
                        MentionOut {
                            start: whole.start,
                            end: whole.end,
                            text: whole.text,
                            mention_type: mention_type.to_string(),
                            name_start: titled.then_some(name.start),
                            name_end: titled.then_some(name.end),
                        }
                    })
                    .collect(),
                evidence: e.evidence.clone(),
            }
        })
        .collect();
    let timexes = doc
        .timexes
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let s = span_out(&t.tokens);
            TimexOut {
                id: format!("T{}", i + 1),
                start: s.start,
                end: s.end,
                text: s.text,
                value: t.value.clone(),
                precision: t.precision.as_str().to_string(),
                evidence: t.evidence.clone(),
            }
        })
        .collect();
    let entity_id = |m: usize| doc.mentions[m].entity.map(|e| format!("E{}", e + 1));
    let quotes = doc
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let (start, end) = (cp.at(q.span.start), cp.at(q.span.end));
            QuoteOut {
                id: format!("Q{}", i + 1),
                start,
                end,
                text: doc.slice(q.span).to_string(),
                kind: q.kind.as_str().to_string(),
                speaker: q.speaker.as_ref().map(|sp| {
                    let s = span_out(&sp.tokens);
                    SpeakerOut {
                        entity: sp.mention.and_then(entity_id),
                        text: s.text,
                        start: s.start,
                        end: s.end,
                    }
                }),
                cue: q.cue.as_ref().map(|c| {
                    let s = span_out(c);
                    SpanOut {
                        start: s.start,
                        end: s.end,
                        text: s.text,
                    }
                }),
                date: q.timex.and_then(|t| doc.timexes[t].value.clone()),
                evidence: q.evidence.clone(),
            }
        })
        .collect();
    let sources = doc
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let whole = span_out(&s.tokens);
            let mut who: Vec<String> = s.who.iter().filter_map(|&m| entity_id(m)).collect();
            who.dedup();
            SourceOut {
                id: format!("S{}", i + 1),
                start: whole.start,
                end: whole.end,
                text: whole.text,
                outlet: s
                    .outlet
                    .map(|m| doc.tokens_text(&doc.mentions[m].tokens).to_string()),
                anonymous: s.anonymous,
                who,
                cue: doc.tokens_text(&s.cue).to_string(),
                evidence: s.evidence.clone(),
            }
        })
        .collect();
    DocumentOut {
        schema: SCHEMA.to_string(),
        id: article.id.clone(),
        title: article.title.clone(),
        source: article.source.clone(),
        url: article.url.clone(),
        published: article.published.map(|d| d.to_string()),
        text: article.text.clone(),
        entities,
        timexes,
        quotes,
        sources,
        events: render_events(doc, lex, verbs, &cp),
    }
}

fn render_events(
    doc: &crate::Document<'_>,
    lex: &crate::Lexicon,
    verbs: &crate::verbs::EventLexicon,
    cp: &CodePoints,
) -> Vec<EventOut> {
    let span = |tokens: &std::ops::Range<usize>| {
        let s = doc.span_of(tokens);
        SpanOut {
            start: cp.at(s.start),
            end: cp.at(s.end),
            text: doc.slice(s).to_string(),
        }
    };
    let sentence = |i: usize| {
        let s = doc.sentences[i].span;
        Offsets {
            start: cp.at(s.start),
            end: cp.at(s.end),
        }
    };
    let entity_id = |e: usize| format!("E{}", e + 1);
    let side = |s: &crate::document::EventSide| {
        let t = span(&s.tokens);
        ActorOut {
            entity: s.entity.map(entity_id),
            code: s.code.clone(),
            text: t.text,
            start: t.start,
            end: t.end,
        }
    };
    doc.events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let info = verbs.code(&e.code);
            let quad_class =
                info.map_or_else(|| crate::verbs::quad_class(&e.code), |c| c.quad_class);
            let place = e.place.map(|m| {
                let mention = &doc.mentions[m];
                let entity = mention.entity.map(|x| &doc.entities[x]);
                let (geonameid, lat, lon) = match entity.and_then(|x| x.lex).or(mention.lex) {
                    Some(crate::document::LexRef::Place(p)) => {
                        let p = &lex.places[p as usize];
                        (p.geonameid, p.lat, p.lon)
                    }
                    Some(crate::document::LexRef::Country(c)) => {
                        let c = &lex.countries[c as usize];
                        (c.geonameid, c.lat, c.lon)
                    }
                    _ => (None, None, None),
                };
                PlaceOut {
                    name: entity.map_or_else(|| mention.name.clone(), |x| x.name.clone()),
                    entity: mention.entity.map(entity_id),
                    country: entity.and_then(|x| x.country.clone()),
                    geonameid,
                    lat,
                    lon,
                }
            });
            EventOut {
                id: format!("V{}", i + 1),
                cameo: e.code.clone(),
                cameo_label: info.map(|c| c.label.clone()).unwrap_or_default(),
                plover: info.and_then(|c| c.plover.clone()),
                plover_mode: info.and_then(|c| c.plover_mode.clone()),
                goldstein: info.and_then(|c| c.goldstein),
                quad_class,
                actor: e.actor.as_ref().map(side),
                recipient: e.recipient.as_ref().map(side),
                participants: e.participants.iter().map(|&p| entity_id(p)).collect(),
                symmetric: e.symmetric,
                date: e.date.as_ref().map(|d| EventDateOut {
                    value: d.value.clone(),
                    precision: d.precision.as_str().to_string(),
                    from: if d.timex.is_some() {
                        "timex"
                    } else {
                        "published"
                    }
                    .to_string(),
                    timex: d.timex.map(|t| format!("T{}", t + 1)),
                }),
                place,
                status: e.status.as_str().to_string(),
                sentence: sentence(e.sentence),
                trigger: span(&e.trigger),
                quote: e.quote.map(|q| format!("Q{}", q + 1)),
                rule: e.rule.clone(),
                mentions: e.retold_in.iter().map(|&s| sentence(s)).collect(),
                evidence: e.evidence.clone(),
            }
        })
        .collect()
}
