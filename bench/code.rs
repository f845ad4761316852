//! `cargo bench --bench code`: the whole `code` call on the Wikinews corpus, one thread,
//! reported as articles/s and MB/s; the pipeline stage by stage (each benchmark runs the stages
//! up to and including the one it names, so a stage costs the difference from the one before);
//! cost against article length (5 KB to 1 MB); and start-up (loading every dictionary).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use readout_core::{Article, Lexicon, Pipeline, Stage};

// the allocator the `readout` binary ships with
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn wikinews() -> Vec<Article> {
    include_str!("../tests/fixtures/wikinews/articles.jsonl")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            Article {
                id: v["id"].as_str().map(String::from),
                published: v["published"].as_str().and_then(|d| d.parse().ok()),
                text: v["text"].as_str().unwrap().to_string(),
                ..Default::default()
            }
        })
        .collect()
}

fn code(c: &mut Criterion) {
    let pipeline = Pipeline::new(Lexicon::builtin().unwrap()).unwrap();
    let articles = wikinews();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();

    let mut g = c.benchmark_group("code_wikinews_articles");
    g.throughput(Throughput::Elements(articles.len() as u64));
    g.bench_function("code+json", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(serde_json::to_string(&pipeline.code(a)).unwrap());
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("code_wikinews_bytes");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("code+json", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(serde_json::to_string(&pipeline.code(a)).unwrap());
            }
        })
    });
    g.finish();
}

fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(10);
    g.bench_function("load+compile all dictionaries", |b| {
        b.iter(|| black_box(Pipeline::new(Lexicon::builtin().unwrap()).unwrap()))
    });
    g.finish();
}

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::new(Lexicon::builtin().unwrap()).unwrap();
    let articles = wikinews();
    let mut g = c.benchmark_group("stages_through");
    g.throughput(Throughput::Elements(articles.len() as u64));
    for (k, stage) in Stage::ALL.into_iter().enumerate() {
        g.bench_function(format!("{k}_{}", stage.name()), |b| {
            b.iter(|| {
                for a in &articles {
                    black_box(pipeline.annotate_through(&a.text, a.published, stage));
                }
            })
        });
    }
    g.bench_function("9_output+json", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(serde_json::to_string(&pipeline.code(a)).unwrap());
            }
        })
    });
    g.finish();
}

/// One article of about `bytes`, made of the Wikinews articles one after another (real prose,
/// so that every stage has its usual work per KB).
fn long_article(articles: &[Article], bytes: usize) -> Article {
    let mut text = String::with_capacity(bytes + 8_192);
    for a in articles.iter().cycle() {
        if text.len() >= bytes {
            break;
        }
        text.push_str(&a.text);
        text.push_str("\n\n");
    }
    Article {
        id: Some(format!("long-{bytes}")),
        published: articles[0].published,
        text,
        ..Default::default()
    }
}

fn length(c: &mut Criterion) {
    let pipeline = Pipeline::new(Lexicon::builtin().unwrap()).unwrap();
    let articles = wikinews();
    let mut g = c.benchmark_group("length");
    g.sample_size(10);
    for kb in [5, 10, 100, 1_000] {
        let article = long_article(&articles, kb * 1_000);
        g.throughput(Throughput::Bytes(article.text.len() as u64));
        g.bench_function(format!("{kb}KB"), |b| {
            b.iter(|| black_box(serde_json::to_string(&pipeline.code(&article)).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, code, stages, length, startup);
criterion_main!(benches);
