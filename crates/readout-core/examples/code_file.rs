//! Codes one text file and prints the `readout/1` JSON: `cargo run -p readout-core --example
//! code_file -- FILE [YYYY-MM-DD]`; with FILE `-`, reads JSONL articles (`id`, `text`,
//! `published`) on stdin and writes JSONL. For poking at the pipeline without the CLI.

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: code_file FILE|- [YYYY-MM-DD]")?;
    let published = args.next().map(|d| d.parse()).transpose()?;
    let pipeline = readout_core::Pipeline::new(readout_core::Lexicon::builtin()?)?;
    if path == "-" {
        for line in std::io::stdin().lock().lines() {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            let article = readout_core::Article {
                id: v["id"].as_str().map(String::from),
                published: v["published"]
                    .as_str()
                    .and_then(|d| d.get(..10))
                    .and_then(|d| d.parse().ok()),
                text: v["text"].as_str().unwrap_or_default().to_string(),
                ..Default::default()
            };
            println!("{}", serde_json::to_string(&pipeline.code(&article))?);
        }
        return Ok(());
    }
    let text = std::fs::read_to_string(&path)?;
    let out = pipeline.code(&readout_core::Article {
        id: Some(path),
        published,
        text,
        ..Default::default()
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
