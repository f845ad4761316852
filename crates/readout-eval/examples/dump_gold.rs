//! Prints the gold documents under a directory as JSON lines, with every annotation's text:
//! `cargo run -p readout-eval --example dump_gold -- /work/shared/eval > gold.jsonl`.
//! Add `--articles` to print only the coder's input lines (`article_json`).

use serde_json::json;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let articles = args.iter().any(|a| a == "--articles");
    args.retain(|a| a != "--articles");
    let dir = args
        .first()
        .map(String::as_str)
        .unwrap_or("/work/shared/eval");
    let docs = match readout_eval::load_gold(std::path::Path::new(dir)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    for d in &docs {
        let line = if articles {
            readout_eval::article_json(d)
        } else {
            let mentions: Vec<_> = d
                .mentions
                .iter()
                .map(|m| json!([m.start, m.end, m.label, d.slice(m.start, m.end)]))
                .collect();
            let timexes: Vec<_> = d
                .timexes
                .iter()
                .map(|t| json!([t.start, t.end, t.kind, t.value, d.slice(t.start, t.end)]))
                .collect();
            let quotes: Vec<_> = d
                .quotes
                .iter()
                .map(|q| {
                    let mut v = json!([q.start, q.end, q.kind, d.slice(q.start, q.end)]);
                    if let Some(s) = &q.speaker {
                        v.as_array_mut().unwrap().push(json!(s.name));
                    }
                    v
                })
                .collect();
            json!({"id": d.id, "corpus": d.corpus, "format": d.format, "title": d.title,
                   "published": d.published, "text": d.text,
                   "annotated_until": d.annotated_until,
                   "mentions": mentions, "timexes": timexes, "quotes": quotes,
                   "events": d.events})
        };
        println!("{line}");
    }
}
