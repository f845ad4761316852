//! `readout explain`: why each event of an article was coded as it was — the rule, the
//! dictionary entries behind it, and the words each part of the record comes from.

use std::fmt::Write as _;
use std::io::{self, Write};

use readout_core::{Article, CharIndex, DocumentOut, EventOut, Pipeline};

use crate::cli::ExplainArgs;
use crate::code::{load_pipeline, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::input::{self, Emit, Item, ReadOptions, Source};

/// Keeps the article asked for: the one with `--id`, else the first.
struct Pick<'a> {
    id: Option<&'a str>,
    found: Option<Item>,
}

impl Emit for Pick<'_> {
    fn emit(&mut self, item: Item) -> bool {
        let wanted = match (&self.id, &item.article) {
            (None, _) => true,
            (Some(id), Ok(a)) => a.id.as_deref() == Some(*id),
            (Some(id), Err(f)) => f.id.as_deref() == Some(*id),
        };
        if wanted {
            self.found = Some(item);
        }
        !wanted
    }
    fn flush(&mut self) -> bool {
        true
    }
}

pub fn run(args: ExplainArgs) -> u8 {
    let pipeline = match load_pipeline(&args.lexicon) {
        Ok(p) => p,
        Err(message) => {
            eprintln!("readout: {message}");
            return EXIT_USAGE;
        }
    };
    let source = if args.input.as_os_str() == "-" {
        Source::stdin(u64::MAX)
    } else {
        Source::for_path(args.input.clone())
    };
    let opts = ReadOptions {
        max_bytes: 64 << 20,
        lossy: false,
        published: args.published,
    };
    let mut pick = Pick {
        id: args.id.as_deref(),
        found: None,
    };
    input::read_all(vec![source], &opts, &mut pick);
    let article: Article = match pick.found {
        Some(Item { article: Ok(a), .. }) => a,
        Some(Item {
            origin,
            article: Err(failure),
        }) => {
            eprintln!("{}", crate::output::failure_message(&origin, &failure));
            return EXIT_FAILED;
        }
        None => {
            match &args.id {
                Some(id) => eprintln!(
                    "readout: no article with id {id} in {}",
                    args.input.display()
                ),
                None => eprintln!("readout: no article in {}", args.input.display()),
            }
            return EXIT_FAILED;
        }
    };
    let doc = pipeline.code(&article);
    let events: Vec<&EventOut> = doc
        .events
        .iter()
        .filter(|e| args.event.as_ref().is_none_or(|id| &e.id == id))
        .collect();
    if events.is_empty() {
        match &args.event {
            Some(id) => eprintln!(
                "readout: no event {id} in this article (it has {} events: {})",
                doc.events.len(),
                doc.events
                    .iter()
                    .map(|e| e.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => eprintln!("readout: no events in this article"),
        }
        return if args.event.is_some() {
            EXIT_FAILED
        } else {
            EXIT_OK
        };
    }
    let mut out = String::new();
    let chars = CharIndex::new(&doc.text);
    for e in events {
        explain(&mut out, &pipeline, &doc, &chars, e);
    }
    let _ = io::stdout().write_all(out.as_bytes());
    EXIT_OK
}

fn explain(
    out: &mut String,
    pipeline: &Pipeline,
    doc: &DocumentOut,
    text: &CharIndex,
    e: &EventOut,
) {
    let entity = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| doc.entities.iter().find(|x| &x.id == id))
    };
    let _ = writeln!(
        out,
        "{}  {} {} ({}){}",
        e.id,
        e.cameo,
        e.cameo_label,
        e.plover
            .iter()
            .chain(e.plover_mode.iter())
            .cloned()
            .collect::<Vec<_>>()
            .join("/"),
        e.goldstein
            .map(|g| format!(", Goldstein {g:+.1}, quad class {}", e.quad_class))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "  sentence   {}",
        text.slice(&doc.text, e.sentence).trim()
    );
    let _ = writeln!(
        out,
        "  trigger    '{}' at {}..{}",
        e.trigger.text, e.trigger.start, e.trigger.end
    );
    let _ = writeln!(out, "  rule       {}", e.rule);
    // the dictionary rows behind the trigger
    let verbs = pipeline.verbs();
    let first = e
        .trigger
        .text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let noun = verbs
        .nouns
        .get(&e.trigger.text.to_lowercase())
        .filter(|_| e.rule.starts_with("event noun"));
    if let Some(n) = noun {
        let _ = writeln!(
            out,
            "  dictionary data/curated/event_nouns.tsv: '{}' names a {} event{}",
            e.trigger.text,
            n.code,
            if n.symmetric { " (mutual)" } else { "" }
        );
    } else if let Some(forms) = verbs.forms.get(&first) {
        let written = e.trigger.text.to_lowercase().replace('\u{2019}', "'");
        for f in forms.iter().filter(|f| f.words.join(" ") == written) {
            let block = &verbs.blocks[f.block];
            let _ = writeln!(
                out,
                "  dictionary data/events/verbs.tsv: '{}' is {} in block {}, code {}{}",
                f.words.join(" "),
                f.lemma.to_uppercase(),
                block.name,
                f.code.as_deref().unwrap_or("none"),
                f.passive_code
                    .as_deref()
                    .map(|p| format!(", passive {p}"))
                    .unwrap_or_default()
            );
            for p in block.patterns.iter().filter(|p| {
                e.rule
                    .split_whitespace()
                    .any(|w| w.trim_end_matches(':') == p.id)
            }) {
                let _ = writeln!(
                    out,
                    "  pattern    data/events/patterns.tsv {}: {} → {}{}",
                    p.id,
                    p.display().to_uppercase(),
                    p.code.as_deref().unwrap_or("-"),
                    if p.comment.is_empty() {
                        String::new()
                    } else {
                        format!("  # {}", p.comment)
                    }
                );
            }
        }
    }
    for (label, side) in [("actor", &e.actor), ("recipient", &e.recipient)] {
        match side {
            Some(a) => {
                let ent = entity(&a.entity);
                let _ = writeln!(
                    out,
                    "  {label:<10} '{}' → {} (code {}){}",
                    a.text,
                    ent.map_or("no entity", |x| x.name.as_str()),
                    a.code.as_deref().unwrap_or("none"),
                    ent.and_then(|x| x.evidence.first())
                        .map(|ev| format!(": {ev}"))
                        .unwrap_or_default()
                );
            }
            None => {
                let _ = writeln!(out, "  {label:<10} none found");
            }
        }
    }
    let names: Vec<String> = e
        .participants
        .iter()
        .filter_map(|p| entity(&Some(p.clone())).map(|x| x.name.clone()))
        .collect();
    let _ = writeln!(
        out,
        "  taking part {}{}",
        names.join(", "),
        if e.symmetric { " (mutual)" } else { "" }
    );
    match &e.date {
        Some(d) => {
            let from = match &d.timex {
                Some(t) => doc
                    .timexes
                    .iter()
                    .find(|x| &x.id == t)
                    .map(|x| format!("from '{}' ({})", x.text, x.evidence))
                    .unwrap_or_default(),
                None => "the publication date".to_string(),
            };
            let _ = writeln!(out, "  date       {} ({}), {from}", d.value, d.precision);
        }
        None => {
            let _ = writeln!(out, "  date       unknown");
        }
    }
    if let Some(p) = &e.place {
        let _ = writeln!(
            out,
            "  place      {}{}{}",
            p.name,
            p.country
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default(),
            match (p.geonameid, p.lat, p.lon) {
                (Some(g), Some(lat), Some(lon)) => format!(" (GeoNames {g}, {lat:.2}, {lon:.2})"),
                _ => String::new(),
            }
        );
    }
    let _ = writeln!(out, "  status     {}", e.status);
    if let Some(q) = e
        .quote
        .as_ref()
        .and_then(|q| doc.quotes.iter().find(|x| &x.id == q))
    {
        let _ = writeln!(out, "  quote      {}: “{}”", q.id, q.text);
    }
    for m in &e.mentions {
        let _ = writeln!(out, "  also told  {}", text.slice(&doc.text, *m).trim());
    }
    for ev in &e.evidence {
        let _ = writeln!(out, "  because    {ev}");
    }
    out.push('\n');
}
