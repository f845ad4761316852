//! `cargo bench --bench code`: the whole `code` call on the Wikinews corpus, one thread,
//! reported as articles/s and MB/s; and start-up (loading and compiling every dictionary).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use readout_core::{Article, Lexicon, Pipeline};

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

criterion_group!(benches, code, startup);
criterion_main!(benches);
