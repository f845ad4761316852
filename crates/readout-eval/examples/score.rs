//! Scores a predictions file against gold, without the `readout` binary:
//! `cargo run -p readout-eval --example score -- /work/shared/eval predictions.jsonl [--json]`.
//! The predictions file holds `readout/1` documents, one JSON object a line (or a JSON array).

use serde_json::Value;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [gold, preds] = paths[..] else {
        eprintln!("usage: score GOLD_DIR PREDICTIONS [--json]");
        std::process::exit(2);
    };
    let fail = |msg: String| -> ! {
        eprintln!("error: {msg}");
        std::process::exit(1)
    };
    let docs =
        readout_eval::load_gold(std::path::Path::new(gold)).unwrap_or_else(|e| fail(e.to_string()));
    let raw = std::fs::read_to_string(preds).unwrap_or_else(|e| fail(format!("{preds}: {e}")));
    let predictions: Vec<Value> = match serde_json::from_str::<Value>(&raw) {
        Ok(Value::Array(a)) => a,
        _ => raw
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                serde_json::from_str(l).unwrap_or_else(|e| fail(format!("{preds}:{}: {e}", i + 1)))
            })
            .collect(),
    };
    let entities = readout_eval::score_entities(&docs, &predictions);
    let timexes = readout_eval::score_timexes(&docs, &predictions);
    let quotes = readout_eval::score_quotes(&docs, &predictions);
    let events = readout_eval::score_events(&docs, &predictions);
    if json {
        println!(
            "{}",
            serde_json::json!({"entities": entities, "timexes": timexes, "quotes": quotes,
                               "events": events})
        );
    } else {
        println!("{entities}\n{timexes}\n{quotes}\n{events}");
    }
}
