//! The questions users ask of a store: events between actors, quotes by speaker, entities,
//! a relation's timeline, full-text search. Each is one statement for both backends, ordered
//! fully so that both return the same rows in the same order.

use serde::Serialize;

use crate::{Store, StoreError, Value};

/// An actor as the user writes it: a country code (`USA`), an actor code (`USAGOV`) or a name.
fn actor_condition(side: &str, actor: &str, params: &mut Vec<Value>) -> String {
    let is_code = actor.len() >= 3 && actor.chars().all(|c| c.is_ascii_uppercase() || c == '-');
    if is_code && actor.len() == 3 {
        params.push(actor.into());
        params.push(format!("{actor}%").into());
        format!("({side}_country = ? OR {side}_code LIKE ?)")
    } else if is_code {
        params.push(actor.into());
        format!("{side}_code = ?")
    } else {
        params.push(format!("%{}%", actor.to_lowercase()).into());
        params.push(format!("%{}%", actor.to_lowercase()).into());
        format!("(LOWER({side}_name) LIKE ? OR LOWER({side}_text) LIKE ?)")
    }
}

/// `column` between two date bounds (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), both included: dates
/// are ISO text, so "2023-12" as `to` must keep "2023-12-31" and month-precise "2023-12".
fn date_range(
    column: &str,
    from: Option<&str>,
    to: Option<&str>,
    conds: &mut Vec<String>,
    params: &mut Vec<Value>,
) {
    if let Some(from) = from {
        conds.push(format!("{column} >= ?"));
        params.push(from.into());
    }
    if let Some(to) = to {
        conds.push(format!("{column} <= ?"));
        params.push(format!("{to}\u{ffff}").into());
    }
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub actor: Option<String>,
    pub recipient: Option<String>,
    /// either side, either direction (`--actor USA --recipient CHN --both`)
    pub both_directions: bool,
    pub from: Option<String>,
    pub to: Option<String>,
    /// events counted in this month (`YYYY-MM`) by `timeline --by month`, ISO weeks included
    pub month: Option<String>,
    pub plover: Option<String>,
    pub cameo_root: Option<String>,
    pub status: Option<String>,
    pub doc_id: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventRow {
    pub doc_id: String,
    pub event_id: String,
    pub date: Option<String>,
    /// `day`, `week`, `month`, `year`, `decade` or `ref`
    pub date_precision: Option<String>,
    /// the month the date falls in (`YYYY-MM`), when it is that precise
    pub month: Option<String>,
    pub actor_code: Option<String>,
    pub actor_name: Option<String>,
    pub actor_country: Option<String>,
    pub recipient_code: Option<String>,
    pub recipient_name: Option<String>,
    pub recipient_country: Option<String>,
    pub cameo: String,
    pub cameo_label: String,
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
    pub goldstein: Option<f64>,
    pub quad_class: i64,
    pub status: String,
    pub place: Option<String>,
    pub place_country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub trigger: String,
    pub sentence: String,
    pub rule: String,
    pub retellings: i64,
    pub url: Option<String>,
    pub title: Option<String>,
}

const EVENT_COLUMNS: &str = "e.doc_id, e.event_id, e.event_date, e.date_precision, \
    e.event_month, e.actor_code, e.actor_name, \
    e.actor_country, e.recipient_code, e.recipient_name, e.recipient_country, e.cameo, \
    e.cameo_label, e.plover, e.plover_mode, e.goldstein, e.quad_class, e.status, e.place_name, \
    e.place_country, e.place_lat, e.place_lon, e.trigger_text, e.sentence, e.rule, e.retellings, \
    d.url, d.title";

fn event_row(r: Vec<Value>) -> EventRow {
    let mut it = r.into_iter();
    let mut next = || it.next().unwrap_or(Value::Null);
    EventRow {
        doc_id: next().into_text().unwrap_or_default(),
        event_id: next().into_text().unwrap_or_default(),
        date: next().into_text(),
        date_precision: next().into_text(),
        month: next().into_text(),
        actor_code: next().into_text(),
        actor_name: next().into_text(),
        actor_country: next().into_text(),
        recipient_code: next().into_text(),
        recipient_name: next().into_text(),
        recipient_country: next().into_text(),
        cameo: next().into_text().unwrap_or_default(),
        cameo_label: next().into_text().unwrap_or_default(),
        plover: next().into_text(),
        plover_mode: next().into_text(),
        goldstein: next().real(),
        quad_class: next().int().unwrap_or(0),
        status: next().into_text().unwrap_or_default(),
        place: next().into_text(),
        place_country: next().into_text(),
        lat: next().real(),
        lon: next().real(),
        trigger: next().into_text().unwrap_or_default(),
        sentence: next().into_text().unwrap_or_default(),
        rule: next().into_text().unwrap_or_default(),
        retellings: next().int().unwrap_or(0),
        url: next().into_text(),
        title: next().into_text(),
    }
}

fn event_conditions(f: &EventFilter, params: &mut Vec<Value>) -> Vec<String> {
    let mut conds = Vec::new();
    match (&f.actor, &f.recipient, f.both_directions) {
        (Some(a), Some(b), true) => {
            let mut p1 = Vec::new();
            let ab = format!(
                "({} AND {})",
                actor_condition("e.actor", a, &mut p1),
                actor_condition("e.recipient", b, &mut p1)
            );
            let ba = format!(
                "({} AND {})",
                actor_condition("e.actor", b, &mut p1),
                actor_condition("e.recipient", a, &mut p1)
            );
            params.extend(p1);
            conds.push(format!("({ab} OR {ba})"));
        }
        (a, b, _) => {
            if let Some(a) = a {
                conds.push(actor_condition("e.actor", a, params));
            }
            if let Some(b) = b {
                conds.push(actor_condition("e.recipient", b, params));
            }
        }
    }
    date_range(
        "e.event_date",
        f.from.as_deref(),
        f.to.as_deref(),
        &mut conds,
        params,
    );
    if let Some(m) = &f.month {
        conds.push("e.event_month = ?".into());
        params.push(m.as_str().into());
    }
    if let Some(p) = &f.plover {
        conds.push("e.plover = ?".into());
        params.push(p.to_uppercase().into());
    }
    if let Some(r) = &f.cameo_root {
        conds.push("e.cameo_root = ?".into());
        params.push(r.as_str().into());
    }
    if let Some(s) = &f.status {
        conds.push("e.status = ?".into());
        params.push(s.to_lowercase().into());
    }
    if let Some(d) = &f.doc_id {
        conds.push("e.doc_id = ?".into());
        params.push(d.as_str().into());
    }
    conds
}

fn where_clause(conds: &[String]) -> String {
    if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    }
}

fn limit_clause(limit: Option<usize>, params: &mut Vec<Value>) -> String {
    match limit {
        Some(n) => {
            params.push(n.into());
            " LIMIT ?".into()
        }
        None => String::new(),
    }
}

#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// part of the speaker's name or words, case-insensitive
    pub speaker: Option<String>,
    /// the speaker's country
    pub country: Option<String>,
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QuoteRow {
    pub doc_id: String,
    pub quote_id: String,
    pub published: Option<String>,
    pub date: Option<String>,
    pub kind: String,
    pub speaker: Option<String>,
    pub speaker_text: Option<String>,
    pub speaker_country: Option<String>,
    pub speaker_code: Option<String>,
    pub text: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    pub kind: Option<String>,
    pub country: Option<String>,
    pub name: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EntityRow {
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub code: Option<String>,
    /// documents that name it
    pub documents: i64,
    /// mentions over all documents
    pub mentions: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Month,
    Year,
}

impl Period {
    /// The period of an event as SQL, and the condition for events that have one: a day only
    /// from a day-precise date, a month from `event_month` (weeks included), a year from any
    /// date of a year or finer.
    fn sql(self) -> (&'static str, &'static str) {
        match self {
            Period::Day => ("e.event_date", "e.date_precision = 'day'"),
            Period::Month => ("e.event_month", "e.event_month IS NOT NULL"),
            Period::Year => (
                "SUBSTR(e.event_date, 1, 4)",
                "e.date_precision IN ('day', 'week', 'month', 'year')",
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineRow {
    pub period: String,
    /// `A→B` or `B→A`
    pub direction: String,
    pub events: i64,
    /// events per quad class 0..=4
    pub quad: [i64; 5],
    pub goldstein_sum: f64,
    pub goldstein_mean: Option<f64>,
    /// events with a Goldstein score (those the sum and the mean are over)
    pub scored: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub doc_id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// the document's sentences that hold every word of the query
    pub sentences: Vec<String>,
}

/// What `search` looks for: words that must all be in one sentence (or the title), in
/// documents published in a date range and/or with an event involving an actor.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub query: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// a country code, actor code or name, as an actor or a recipient of an event
    pub actor: Option<String>,
    pub limit: Option<usize>,
}

/// Candidates the full-text index proposes per hit asked for.
const CANDIDATES: usize = 20;

impl Store {
    pub fn events(&mut self, f: &EventFilter) -> Result<Vec<EventRow>, StoreError> {
        let mut params = Vec::new();
        let conds = event_conditions(f, &mut params);
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id{} \
             ORDER BY e.event_date NULLS LAST, e.doc_id, e.event_id{}",
            where_clause(&conds),
            limit_clause(f.limit, &mut params)
        );
        Ok(self
            .rows(&sql, &params)?
            .into_iter()
            .map(event_row)
            .collect())
    }

    pub fn quotes(&mut self, f: &QuoteFilter) -> Result<Vec<QuoteRow>, StoreError> {
        let mut params: Vec<Value> = Vec::new();
        let mut conds = Vec::new();
        if let Some(s) = &f.speaker {
            conds
                .push("(LOWER(q.speaker_name) LIKE ? OR LOWER(q.speaker_text) LIKE ?)".to_string());
            params.push(format!("%{}%", s.to_lowercase()).into());
            params.push(format!("%{}%", s.to_lowercase()).into());
        }
        if let Some(c) = &f.country {
            conds.push("q.speaker_country = ?".into());
            params.push(c.to_uppercase().into());
        }
        if let Some(k) = &f.kind {
            conds.push("q.kind = ?".into());
            params.push(k.to_lowercase().into());
        }
        date_range(
            "d.published",
            f.from.as_deref(),
            f.to.as_deref(),
            &mut conds,
            &mut params,
        );
        let sql = format!(
            "SELECT q.doc_id, q.quote_id, d.published, q.quote_date, q.kind, q.speaker_name, \
             q.speaker_text, q.speaker_country, q.speaker_code, q.text, d.url \
             FROM quotes q JOIN documents d ON d.id = q.doc_id{} \
             ORDER BY d.published NULLS LAST, q.doc_id, q.start_offset{}",
            where_clause(&conds),
            limit_clause(f.limit, &mut params)
        );
        Ok(self
            .rows(&sql, &params)?
            .into_iter()
            .map(|r| {
                let mut it = r.into_iter();
                let mut next = || it.next().unwrap_or(Value::Null);
                QuoteRow {
                    doc_id: next().into_text().unwrap_or_default(),
                    quote_id: next().into_text().unwrap_or_default(),
                    published: next().into_text(),
                    date: next().into_text(),
                    kind: next().into_text().unwrap_or_default(),
                    speaker: next().into_text(),
                    speaker_text: next().into_text(),
                    speaker_country: next().into_text(),
                    speaker_code: next().into_text(),
                    text: next().into_text().unwrap_or_default(),
                    url: next().into_text(),
                }
            })
            .collect())
    }

    /// Entities over the whole store, most named first (by documents, then mentions).
    pub fn entities(&mut self, f: &EntityFilter) -> Result<Vec<EntityRow>, StoreError> {
        let mut params: Vec<Value> = Vec::new();
        let mut conds = Vec::new();
        if let Some(k) = &f.kind {
            conds.push("kind = ?".to_string());
            params.push(k.to_lowercase().into());
        }
        if let Some(c) = &f.country {
            conds.push("country = ?".into());
            params.push(c.to_uppercase().into());
        }
        if let Some(n) = &f.name {
            conds.push("LOWER(name) LIKE ?".into());
            params.push(format!("%{}%", n.to_lowercase()).into());
        }
        let sql = format!(
            "SELECT name, kind, MAX(country), MAX(code), COUNT(DISTINCT doc_id), \
             CAST(SUM(mentions) AS BIGINT) FROM entities{} GROUP BY name, kind \
             ORDER BY COUNT(DISTINCT doc_id) DESC, SUM(mentions) DESC, name, kind{}",
            where_clause(&conds),
            limit_clause(f.limit, &mut params)
        );
        Ok(self
            .rows(&sql, &params)?
            .into_iter()
            .map(|r| {
                let mut it = r.into_iter();
                let mut next = || it.next().unwrap_or(Value::Null);
                EntityRow {
                    name: next().into_text().unwrap_or_default(),
                    kind: next().into_text().unwrap_or_default(),
                    country: next().into_text(),
                    code: next().into_text(),
                    documents: next().int().unwrap_or(0),
                    mentions: next().int().unwrap_or(0),
                }
            })
            .collect())
    }

    /// How the relation between two actors moves: per period and direction, events per quad
    /// class and the Goldstein sum and mean. Events without a date are left out.
    pub fn timeline(
        &mut self,
        a: &str,
        b: &str,
        by: Period,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<TimelineRow>, StoreError> {
        let mut out = Vec::new();
        for (x, y) in [(a, b), (b, a)] {
            let (period, has_period) = by.sql();
            let mut params: Vec<Value> = Vec::new();
            let mut conds = vec![
                actor_condition("e.actor", x, &mut params),
                actor_condition("e.recipient", y, &mut params),
                has_period.to_string(),
            ];
            date_range("e.event_date", from, to, &mut conds, &mut params);
            let sql = format!(
                "SELECT {period} AS period, COUNT(*), \
                 CAST(SUM(CASE WHEN e.quad_class = 0 THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(SUM(CASE WHEN e.quad_class = 1 THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(SUM(CASE WHEN e.quad_class = 2 THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(SUM(CASE WHEN e.quad_class = 3 THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(SUM(CASE WHEN e.quad_class = 4 THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(SUM(COALESCE(e.goldstein, 0)) AS DOUBLE PRECISION), \
                 CAST(AVG(e.goldstein) AS DOUBLE PRECISION), COUNT(e.goldstein) \
                 FROM events e{} GROUP BY period ORDER BY period",
                where_clause(&conds)
            );
            for r in self.rows(&sql, &params)? {
                let int = |i: usize| r.get(i).and_then(Value::int).unwrap_or(0);
                out.push(TimelineRow {
                    period: r.first().and_then(Value::text).unwrap_or("").to_string(),
                    direction: format!("{x}→{y}"),
                    events: int(1),
                    quad: [int(2), int(3), int(4), int(5), int(6)],
                    goldstein_sum: r.get(7).and_then(Value::real).unwrap_or(0.0),
                    goldstein_mean: r.get(8).and_then(Value::real),
                    scored: int(9),
                });
            }
        }
        out.sort_by(|p, q| (&p.period, &p.direction).cmp(&(&q.period, &q.direction)));
        Ok(out)
    }

    /// Documents holding every word of `query`, newest first, with the sentences that do.
    pub fn search(&mut self, f: &SearchFilter) -> Result<Vec<SearchHit>, StoreError> {
        let words: Vec<String> = f
            .query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let limit = f.limit.unwrap_or(20);
        let mut params: Vec<Value> = Vec::new();
        // The index proposes documents holding every word as a word's beginning (no stems, no
        // stop words, alike on both backends); the sentence test below decides.
        let matches = if self.is_sqlite() {
            // every word a quoted FTS5 prefix term: no query syntax from user input
            let fts: Vec<String> = words.iter().map(|w| format!("\"{w}\"*")).collect();
            params.push(fts.join(" ").into());
            "d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
        } else {
            // words are letters and digits only, so they carry no tsquery syntax
            let prefixes: Vec<String> = words.iter().map(|w| format!("{w}:*")).collect();
            params.push(prefixes.join(" & ").into());
            "to_tsvector('simple', coalesce(d.title, '') || ' ' || d.text) \
             @@ to_tsquery('simple', ?)"
        };
        let mut conds = vec![matches.to_string()];
        date_range(
            "d.published",
            f.from.as_deref(),
            f.to.as_deref(),
            &mut conds,
            &mut params,
        );
        if let Some(actor) = &f.actor {
            let mut either = Vec::new();
            for side in ["e.actor", "e.recipient"] {
                either.push(actor_condition(side, actor, &mut params));
            }
            conds.push(format!(
                "EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id AND ({}))",
                either.join(" OR ")
            ));
        }
        params.push((limit * CANDIDATES).into());
        let sql = format!(
            "SELECT d.id, d.title, d.published, d.url, d.text FROM documents d WHERE {} \
             ORDER BY d.published DESC NULLS LAST, d.id LIMIT ?",
            conds.join(" AND ")
        );
        let rows = self.rows(&sql, &params)?;
        // the same word test decides on both backends
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let mut it = r.into_iter();
                let mut next = || it.next().unwrap_or(Value::Null);
                let doc_id = next().into_text().unwrap_or_default();
                let title = next().into_text();
                let published = next().into_text();
                let url = next().into_text();
                let text = next().into_text().unwrap_or_default();
                let sentences = matching_sentences(&text, &words);
                let in_title = title
                    .as_deref()
                    .is_some_and(|t| !matching_sentences(t, &words).is_empty());
                (in_title || !sentences.is_empty()).then_some(SearchHit {
                    doc_id,
                    title,
                    published,
                    url,
                    sentences,
                })
            })
            .take(limit)
            .collect())
    }
}

/// The sentences of `text` holding every word (case-insensitive, as whole words or their
/// start: "balloon" finds "balloons").
fn matching_sentences(text: &str, words: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let end_of_sentence = matches!(b, b'.' | b'!' | b'?' | b'\n')
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        if end_of_sentence || i + 1 == bytes.len() {
            let s = text[start..=i].trim();
            let lower = s.to_lowercase();
            let tokens: Vec<&str> = lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|t| !t.is_empty())
                .collect();
            if !s.is_empty()
                && words
                    .iter()
                    .all(|w| tokens.iter().any(|t| t.starts_with(w.as_str())))
            {
                out.push(s.to_string());
            }
            start = i + 1;
        }
    }
    out
}
