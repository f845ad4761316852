//! `--format pretty`: a readout for people reading a terminal.
//!
//! ```text
//! 000_96816e06d1c519d8
//!   title      Blinken expected to travel to China
//!   published  2023-06-06
//!   text       4321 characters
//!
//! Entities (2)
//!   People
//!     Antony Blinken  USA · USAGOV  4 mentions
//!       Secretary of State · org State Department · country USA
//!   Countries
//!     China  CHN · CHN  9 mentions
//!
//! Timexes (1)
//!   "February" → 2023-02 (month)
//! ```
//!
//! Every string from the article is stripped of control characters, so an article cannot send
//! escape sequences to the terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use readout_core::{ActorOut, CharIndex, DocumentOut, EntityOut, EventOut, QuoteOut, TimexOut};

/// Entity kinds in display order, with their group headings.
const KINDS: [(&str, &str); 5] = [
    ("person", "People"),
    ("organization", "Organizations"),
    ("country", "Countries"),
    ("place", "Places"),
    ("group", "Groups"),
];

struct Palette {
    id: Style,
    section: Style,
    group: Style,
    name: Style,
    code: Style,
    dim: Style,
    value: Style,
    unresolved: Style,
}

impl Palette {
    fn new(color: bool) -> Palette {
        if !color {
            let p = Style::new();
            return Palette {
                id: p,
                section: p,
                group: p,
                name: p,
                code: p,
                dim: p,
                value: p,
                unresolved: p,
            };
        }
        Palette {
            id: Style::new().bold().underline(),
            section: Style::new().bold().fg_color(Some(AnsiColor::Cyan.into())),
            group: Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            name: Style::new().bold(),
            code: Style::new().fg_color(Some(AnsiColor::Green.into())),
            dim: Style::new().dimmed(),
            value: Style::new().fg_color(Some(AnsiColor::Green.into())),
            unresolved: Style::new().fg_color(Some(AnsiColor::Red.into())),
        }
    }
}

/// `text` wrapped in `style` (nothing added for the empty style).
fn paint(style: Style, text: &str) -> String {
    if style == Style::new() {
        text.to_string()
    } else {
        format!("{}{text}{}", style.render(), style.render_reset())
    }
}

/// Removes control characters (newlines and tabs become spaces) from untrusted text.
fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// Renders one document; ends with a newline.
pub fn render(doc: &DocumentOut, color: bool) -> String {
    let p = Palette::new(color);
    let mut out = String::new();
    let id = doc.id.as_deref().map(clean);
    let _ = writeln!(out, "{}", paint(p.id, id.as_deref().unwrap_or("(no id)")));
    let field = |out: &mut String, label: &str, value: &str| {
        let _ = writeln!(out, "  {} {}", paint(p.dim, &format!("{label:<10}")), value);
    };
    if let Some(title) = &doc.title {
        field(&mut out, "title", &clean(title));
    }
    match &doc.published {
        Some(date) => field(&mut out, "published", &clean(date)),
        None => field(
            &mut out,
            "published",
            &paint(p.unresolved, "unknown (relative dates left unresolved)"),
        ),
    }
    if let Some(source) = &doc.source {
        field(&mut out, "source", &clean(source));
    }
    if let Some(url) = &doc.url {
        field(&mut out, "url", &clean(url));
    }
    field(
        &mut out,
        "text",
        &format!("{} characters", doc.text.chars().count()),
    );

    section(&mut out, &p, "Entities", doc.entities.len());
    let mut others: Vec<&str> = doc
        .entities
        .iter()
        .map(|e| e.kind.as_str())
        .filter(|k| !KINDS.iter().any(|(kind, _)| kind == k))
        .collect();
    others.sort_unstable();
    others.dedup();
    let groups = KINDS
        .iter()
        .map(|&(kind, heading)| (kind, Cow::Borrowed(heading)))
        .chain(others.into_iter().map(|k| (k, clean(k))));
    for (kind, heading) in groups {
        let mut members = doc.entities.iter().filter(|e| e.kind == kind).peekable();
        if members.peek().is_none() {
            continue;
        }
        let _ = writeln!(out, "  {}", paint(p.group, &heading));
        for e in members {
            entity(&mut out, e, &p);
        }
    }

    section(&mut out, &p, "Timexes", doc.timexes.len());
    for t in &doc.timexes {
        timex(&mut out, t, &p);
    }

    section(&mut out, &p, "Quotes", doc.quotes.len());
    for q in &doc.quotes {
        quote(&mut out, doc, q, &p);
    }

    section(&mut out, &p, "Sources", doc.sources.len());
    for s in &doc.sources {
        let mut line = format!("  {}", clean(&s.text));
        if let Some(outlet) = &s.outlet {
            let _ = write!(line, " {} {}", paint(p.dim, "· outlet"), clean(outlet));
        }
        if s.anonymous {
            let _ = write!(line, " {}", paint(p.dim, "· anonymous"));
        }
        let _ = writeln!(out, "{line}");
    }

    section(&mut out, &p, "Events", doc.events.len());
    let chars = CharIndex::new(&doc.text);
    for e in &doc.events {
        event(&mut out, doc, &chars, e, &p);
    }
    out
}

/// A section heading with its count (`Quotes (16)`), and `none` under an empty one.
fn section(out: &mut String, p: &Palette, title: &str, count: usize) {
    out.push('\n');
    let _ = writeln!(out, "{}", paint(p.section, &format!("{title} ({count})")));
    if count == 0 {
        let _ = writeln!(out, "  {}", paint(p.dim, "none"));
    }
}

/// `2023-06-05  USA → CHN  CONSULT/visit (043 Host a visit, +2.8)  Beijing  [occurred]`, then
/// the sentence with the trigger in brackets.
fn event(out: &mut String, doc: &DocumentOut, text: &CharIndex, e: &EventOut, p: &Palette) {
    let side = |s: &Option<ActorOut>| {
        s.as_ref()
            .map(|a| {
                a.code.clone().unwrap_or_else(|| {
                    a.entity
                        .as_ref()
                        .and_then(|id| doc.entities.iter().find(|x| &x.id == id))
                        .map_or_else(|| a.text.clone(), |x| x.name.clone())
                })
            })
            .unwrap_or_else(|| "?".to_string())
    };
    let arrow = if e.symmetric { "\u{2194}" } else { "\u{2192}" };
    let date = e.date.as_ref().map_or("?", |d| d.value.as_str());
    let category = match (&e.plover, &e.plover_mode) {
        (Some(c), Some(m)) => format!("{c}/{m}"),
        (Some(c), None) => c.clone(),
        _ => "-".to_string(),
    };
    let goldstein = e
        .goldstein
        .map(|g| format!(", {g:+.1}"))
        .unwrap_or_default();
    let mut line = format!(
        "  {}  {} {arrow} {}  {} ({} {}{goldstein})",
        paint(p.dim, &format!("{date:<10}")),
        paint(p.name, &clean(&side(&e.actor))),
        paint(p.name, &clean(&side(&e.recipient))),
        clean(&category),
        clean(&e.cameo),
        clean(&e.cameo_label),
    );
    if let Some(place) = &e.place {
        let _ = write!(line, "  {}", clean(&place.name));
    }
    let _ = write!(
        line,
        "  {}",
        paint(p.dim, &format!("[{}]", clean(&e.status)))
    );
    let _ = writeln!(out, "{line}");
    // the sentence, the trigger bracketed (offsets are code points)
    let s = &e.sentence;
    let chars: Vec<char> = text.slice(&doc.text, *s).chars().collect();
    let (a, b) = (
        e.trigger.start.saturating_sub(s.start).min(chars.len()),
        e.trigger.end.saturating_sub(s.start).min(chars.len()),
    );
    let before: String = chars[..a].iter().collect();
    let trigger: String = chars[a..b].iter().collect();
    let after: String = chars[b..].iter().collect();
    let _ = writeln!(
        out,
        "      {}{}{}",
        paint(p.dim, &clean(&before)),
        paint(p.name, &format!("[{}]", clean(&trigger))),
        paint(p.dim, &clean(&after)),
    );
}

/// `Speaker (role): “…”` — the speaker as its entity is named, with the entity's first role.
fn quote(out: &mut String, doc: &DocumentOut, q: &QuoteOut, p: &Palette) {
    let entity = q
        .speaker
        .as_ref()
        .and_then(|s| s.entity.as_ref())
        .and_then(|id| doc.entities.iter().find(|e| &e.id == id));
    let who = match (&q.speaker, entity) {
        (_, Some(e)) => {
            let role = e
                .roles
                .first()
                .map(|r| format!(" ({})", clean(&r.title)))
                .unwrap_or_default();
            format!("{}{}", paint(p.name, &clean(&e.name)), role)
        }
        (Some(s), None) => paint(p.name, &clean(&s.text)),
        (None, None) => paint(p.unresolved, "unattributed"),
    };
    let mut text: String = q.text.chars().take(160).collect();
    if q.text.chars().count() > 160 {
        text.push('…');
    }
    let (open, close) = if q.kind == "indirect" {
        ("", "")
    } else {
        ("\u{201C}", "\u{201D}")
    };
    let mut line = format!("  {who}: {open}{}{close}", clean(&text));
    let _ = write!(line, " {}", paint(p.dim, &format!("[{}]", clean(&q.kind))));
    if let Some(date) = &q.date {
        let _ = write!(line, " {}", paint(p.dim, &format!("{}", clean(date))));
    }
    let _ = writeln!(out, "{line}");
}

fn entity(out: &mut String, e: &EntityOut, p: &Palette) {
    let mut line = format!("    {}", paint(p.name, &clean(&e.name)));
    if let Some(subtype) = &e.subtype {
        let _ = write!(line, " {}", paint(p.dim, &format!("[{}]", clean(subtype))));
    }
    let codes: Vec<Cow<str>> = [&e.country, &e.code]
        .into_iter()
        .flatten()
        .map(|s| clean(s))
        .collect();
    if !codes.is_empty() {
        let _ = write!(line, "  {}", paint(p.code, &codes.join(" · ")));
    }
    let n = e.mentions.len();
    let mentions = format!("{n} mention{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(out, "{line}  {}", paint(p.dim, &mentions));
    for role in &e.roles {
        let mut line = format!("      {}", clean(&role.title));
        if let Some(org) = &role.org {
            let _ = write!(line, " {} {}", paint(p.dim, "· org"), clean(org));
        }
        if let Some(country) = &role.country {
            let _ = write!(line, " {} {}", paint(p.dim, "· country"), clean(country));
        }
        let _ = writeln!(out, "{line}");
    }
}

fn timex(out: &mut String, t: &TimexOut, p: &Palette) {
    let value = match &t.value {
        Some(v) => paint(p.value, &clean(v)),
        None => paint(p.unresolved, "unresolved"),
    };
    let _ = writeln!(
        out,
        "  \"{}\" → {} {}",
        clean(&t.text),
        value,
        paint(p.dim, &format!("({})", clean(&t.precision)))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Built from JSON so that fields the schema gains later (all optional) need no change.
    fn sample() -> DocumentOut {
        let doc = serde_json::json!({
            "schema": "readout/1",
            "id": "doc\u{1b}[31m1",
            "title": "A title",
            "source": null,
            "url": null,
            "published": "2023-06-06",
            "text": "Antony Blinken will visit China in February.",
            "entities": [
                {"id": "E2", "kind": "country", "name": "China", "country": "CHN", "code": "CHN",
                 "roles": [], "mentions": [{"start": 27, "end": 32, "text": "China"}],
                 "evidence": []},
                {"id": "E1", "kind": "person", "name": "Antony Blinken", "country": "USA",
                 "code": "USAGOV",
                 "roles": [{"title": "Secretary of State", "org": null, "country": "USA",
                            "start": 0, "end": 0}],
                 "mentions": [{"start": 0, "end": 14, "text": "Antony Blinken"},
                              {"start": 0, "end": 0, "text": ""}],
                 "evidence": []},
                {"id": "E3", "kind": "weird", "name": "X", "country": null, "code": null,
                 "subtype": "thing", "roles": [], "mentions": [], "evidence": []}
            ],
            "timexes": [
                {"id": "T1", "start": 36, "end": 44, "text": "February", "value": "2024-02",
                 "precision": "month", "evidence": ""}
            ],
            "quotes": [
                {"id": "Q1", "start": 0, "end": 14, "text": "We will go", "kind": "direct",
                 "speaker": {"entity": "E1", "text": "he", "start": 0, "end": 2},
                 "cue": {"start": 0, "end": 4, "text": "said"}, "date": "2023-06-05",
                 "evidence": ""},
                {"id": "Q2", "start": 0, "end": 6, "text": "candid", "kind": "partial",
                 "speaker": null, "cue": null, "date": null, "evidence": ""}
            ],
            "sources": [
                {"id": "S1", "start": 0, "end": 30, "text": "two officials told CNN",
                 "outlet": "CNN", "anonymous": true, "who": [], "cue": "told", "evidence": ""}
            ],
            "events": [
                {"id": "V1", "cameo": "042", "cameo_label": "Make a visit", "plover": "CONSULT",
                 "plover_mode": "visit", "goldstein": 1.9, "quad_class": 1,
                 "actor": {"entity": "E1", "code": "USAGOV", "text": "Antony Blinken",
                           "start": 0, "end": 14},
                 "recipient": {"entity": "E2", "code": "CHN", "text": "China",
                               "start": 26, "end": 31},
                 "participants": ["E1", "E2"], "symmetric": false,
                 "date": {"value": "2024-02", "precision": "month", "from": "timex",
                          "timex": "T1"},
                 "place": null, "status": "planned",
                 "sentence": {"start": 0, "end": 44},
                 "trigger": {"start": 20, "end": 25, "text": "visit"},
                 "quote": null, "rule": "CAMEO.2.0 VISIT: VISIT *", "evidence": []}
            ]
        });
        serde_json::from_value(doc).expect("sample matches the readout/1 types")
    }

    #[test]
    fn plain() {
        let s = render(&sample(), false);
        assert!(!s.contains('\u{1b}'), "{s}");
        let expected = "\
doc\u{FFFD}[31m1
  title      A title
  published  2023-06-06
  text       44 characters

Entities (3)
  People
    Antony Blinken  USA · USAGOV  2 mentions
      Secretary of State · country USA
  Countries
    China  CHN · CHN  1 mention
  weird
    X [thing]  0 mentions

Timexes (1)
  \"February\" → 2024-02 (month)

Quotes (2)
  Antony Blinken (Secretary of State): \u{201C}We will go\u{201D} [direct] 2023-06-05
  unattributed: \u{201C}candid\u{201D} [partial]

Sources (1)
  two officials told CNN · outlet CNN · anonymous

Events (1)
  2024-02     USAGOV \u{2192} CHN  CONSULT/visit (042 Make a visit, +1.9)  [planned]
      Antony Blinken will [visit] China in February.
";
        assert_eq!(s, expected);
    }

    #[test]
    fn coloured() {
        let s = render(&sample(), true);
        assert!(s.contains("\u{1b}["));
        // Only our own escapes: the one in the id was neutralised.
        assert!(s.contains("doc\u{FFFD}[31m1"));
    }
}
