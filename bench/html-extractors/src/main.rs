//! Scores candidate article extractors on the HTML gold with `readout_eval::score_html`, the
//! scorer of `readout eval html`, and prints one Markdown row per extractor (plus each
//! extractor's per-page table with `--pages`; each extracted text written to
//! `DIR/<page>.<extractor>.txt` with `--dump DIR`, to read them side by side).
//!
//! `cargo run --release --manifest-path bench/html-extractors/Cargo.toml -- ../shared/html/readability [--pages] [--dump DIR]`

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use readout_eval::{HtmlExtraction, HtmlGoldPage};

type Extractor = fn(&str) -> Result<(String, Option<String>, Option<String>), String>;

fn rs_trafilatura(
    html: &str,
    recall: bool,
) -> Result<(String, Option<String>, Option<String>), String> {
    let opts = rs_trafilatura::Options {
        favor_recall: recall,
        ..rs_trafilatura::Options::default()
    };
    let r = rs_trafilatura::extract_with_options(html, &opts).map_err(|e| e.to_string())?;
    Ok((
        r.content_text,
        r.metadata.title,
        r.metadata.date.map(|d| d.to_rfc3339()),
    ))
}

fn trafilatura(
    html: &str,
    fallback: bool,
) -> Result<(String, Option<String>, Option<String>), String> {
    let opts = trafilatura::Options::default().with_fallback(fallback);
    let r = trafilatura::extract(html, &opts).map_err(|e| e.to_string())?;
    let title = Some(r.metadata.title).filter(|t| !t.is_empty());
    Ok((
        r.content_text,
        title,
        r.metadata.date.map(|d| d.to_string()),
    ))
}

fn dom_smoothie(html: &str) -> Result<(String, Option<String>, Option<String>), String> {
    let mut r = dom_smoothie::Readability::new(html, None, None).map_err(|e| e.to_string())?;
    let a = r.parse().map_err(|e| e.to_string())?;
    // `text_content` can run words of adjacent elements together; the article HTML is read
    // the way the gold's expected HTML is.
    let text = readout_eval::html_text(&a.content);
    Ok((
        text,
        Some(a.title).filter(|t| !t.is_empty()),
        a.published_time,
    ))
}

fn readout_html(html: &str) -> Result<(String, Option<String>, Option<String>), String> {
    let p = readout_html::read_html(html).map_err(|e| e.to_string())?;
    Ok((p.text, p.title, p.published))
}

fn dom_smoothie_text_content(
    html: &str,
) -> Result<(String, Option<String>, Option<String>), String> {
    let mut r = dom_smoothie::Readability::new(html, None, None).map_err(|e| e.to_string())?;
    let a = r.parse().map_err(|e| e.to_string())?;
    Ok((
        a.text_content.to_string(),
        Some(a.title).filter(|t| !t.is_empty()),
        a.published_time,
    ))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pages_too = args.iter().any(|a| a == "--pages");
    let dump_dir = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let dir = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--dump"))
        .map(|(_, a)| a)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/html/readability"));
    let gold: Vec<HtmlGoldPage> = readout_eval::load_html_gold(&dir).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let pages: Vec<(String, String)> = gold
        .iter()
        .map(|p| {
            let bytes = std::fs::read(&p.source).expect("read page");
            // The gold pages are UTF-8 (each declares it).
            (p.id.clone(), String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect();
    let candidates: Vec<(&str, Extractor)> = vec![
        ("rs-trafilatura 0.2 (default)", |h| rs_trafilatura(h, false)),
        ("rs-trafilatura 0.2 (favor_recall)", |h| {
            rs_trafilatura(h, true)
        }),
        ("trafilatura 0.6 (default)", |h| trafilatura(h, false)),
        ("trafilatura 0.6 (with_fallback)", |h| trafilatura(h, true)),
        ("dom_smoothie 0.19 (content HTML as text)", dom_smoothie),
        (
            "dom_smoothie 0.19 (text_content)",
            dom_smoothie_text_content,
        ),
        (
            "readout-html (dom_smoothie + own text and metadata)",
            readout_html,
        ),
    ];
    let mut summary = vec![];
    for (name, extract) in candidates {
        let started = Instant::now();
        let mut preds = vec![];
        let mut errors = HashMap::new();
        for (id, html) in &pages {
            match extract(html) {
                Ok((text, title, published)) => preds.push(HtmlExtraction {
                    id: id.clone(),
                    text,
                    title,
                    published,
                }),
                Err(e) => {
                    errors.insert(id.clone(), e);
                }
            }
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0 / pages.len() as f64;
        if let Some(dir) = &dump_dir {
            let name: String = name
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '.' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            std::fs::create_dir_all(dir).expect("create the --dump directory");
            for p in &preds {
                std::fs::write(dir.join(format!("{}.{name}.txt", p.id)), &p.text)
                    .expect("write to the --dump directory");
            }
        }
        let report = readout_eval::score_html(&gold, &preds, &errors);
        if pages_too {
            println!("## {name}\n\n{report}");
        }
        summary.push(format!(
            "| {name} | {:.3} | {:.3} | {:.3} | {}/{} | {}/{} | {ms:.1} |",
            report.precision,
            report.recall,
            report.f1,
            report.titles_correct,
            report.titles_compared,
            report.published_correct,
            report.published_compared,
        ));
    }
    println!("| extractor | P | R | F1 | title | published | ms/page |");
    println!("|---|--:|--:|--:|--:|--:|--:|");
    for row in summary {
        println!("{row}");
    }
}
