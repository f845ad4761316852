//! What each fuzz target does with one input, and the invariants it asserts. The targets in
//! `fuzz_targets/` call these; `tests/fuzz_regressions.rs` (root package) includes this file
//! and runs every input kept in `fuzz/regressions/` through the same function, so the crashes
//! found once stay fixed without cargo-fuzz.
//!
//! Only `readout`, `readout_core` and `readout_html` are used, so that the root package's
//! tests can compile this file as a module.

use std::io::BufReader;
use std::sync::{Arc, OnceLock};

use readout::input::{decode_text, read_jsonl, read_warc, Emit, Item, ReadOptions};
use readout_core::{Article, CharIndex, DocumentOut, Lexicon, Offsets, Pipeline};

/// The largest article the command line accepts (`--max-article-bytes` default).
pub const MAX_ARTICLE_BYTES: u64 = 64 << 20;

/// The built-in pipeline, built once per process: building it costs far more than coding one
/// fuzz input.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Lexicon::builtin().expect("built-in lexicon")).unwrap())
}

/// The publication date of every article without one: relative dates then resolve.
const PUBLISHED: &str = "2023-06-06";

/// Codes `article` with `p` and checks the result (see [`check`]).
pub fn code_checked(p: &Pipeline, article: &Article) -> DocumentOut {
    let doc = p.code(article);
    assert_eq!(
        doc.text, article.text,
        "document text differs from the article's"
    );
    check(&doc);
    doc
}

/// Offsets are code points into `doc.text`: every span lies inside it, starts no later than it
/// ends, and its `text` is exactly the slice it points at; every id a record names exists.
pub fn check(doc: &DocumentOut) {
    let len = doc.text.chars().count();
    let index = CharIndex::new(&doc.text);
    let check_span = |start: usize, end: usize, text: Option<&str>, what: &str| {
        assert!(
            start <= end && end <= len,
            "{what} [{start},{end}) outside text of {len} chars"
        );
        if let Some(text) = text {
            assert_eq!(
                index.slice(&doc.text, Offsets { start, end }),
                text,
                "{what} [{start},{end}) text differs from its slice"
            );
        }
    };
    let entity_exists = |id: &str| doc.entities.iter().any(|e| e.id == id);
    for e in &doc.entities {
        assert!(!e.mentions.is_empty(), "entity {} without mentions", e.id);
        for m in &e.mentions {
            check_span(m.start, m.end, Some(&m.text), "mention");
            if let (Some(s), Some(t)) = (m.name_start, m.name_end) {
                assert!(
                    m.start <= s && s <= t && t <= m.end,
                    "mention name [{s},{t}) outside its mention [{},{})",
                    m.start,
                    m.end
                );
            }
        }
        for r in &e.roles {
            check_span(r.start, r.end, Some(&r.title), "role");
            if let Some(id) = &r.org_entity {
                assert!(entity_exists(id), "role names missing entity {id}");
            }
        }
    }
    for t in &doc.timexes {
        check_span(t.start, t.end, Some(&t.text), "timex");
    }
    for q in &doc.quotes {
        check_span(q.start, q.end, Some(&q.text), "quote");
        if let Some(sp) = &q.speaker {
            check_span(sp.start, sp.end, Some(&sp.text), "speaker");
            if let Some(id) = &sp.entity {
                assert!(entity_exists(id), "quote speaker names missing entity {id}");
            }
        }
        if let Some(c) = &q.cue {
            check_span(c.start, c.end, Some(&c.text), "cue");
        }
    }
    for s in &doc.sources {
        check_span(s.start, s.end, Some(&s.text), "source");
        for id in &s.who {
            assert!(entity_exists(id), "source names missing entity {id}");
        }
    }
    for ev in &doc.events {
        check_span(ev.sentence.start, ev.sentence.end, None, "event sentence");
        for m in &ev.mentions {
            check_span(m.start, m.end, None, "event mention sentence");
        }
        check_span(
            ev.trigger.start,
            ev.trigger.end,
            Some(&ev.trigger.text),
            "trigger",
        );
        for side in [&ev.actor, &ev.recipient].into_iter().flatten() {
            check_span(side.start, side.end, Some(&side.text), "event side");
            if let Some(id) = &side.entity {
                assert!(
                    entity_exists(id),
                    "event {} names missing entity {id}",
                    ev.id
                );
            }
        }
        for id in &ev.participants {
            assert!(
                entity_exists(id),
                "event {} names missing participant {id}",
                ev.id
            );
        }
        if let Some(q) = &ev.quote {
            assert!(
                doc.quotes.iter().any(|x| &x.id == q),
                "event {} names missing quote {q}",
                ev.id
            );
        }
        if let Some(t) = ev.date.as_ref().and_then(|d| d.timex.as_ref()) {
            assert!(
                doc.timexes.iter().any(|x| &x.id == t),
                "event {} names missing timex {t}",
                ev.id
            );
        }
    }
}

fn article(text: String) -> Article {
    Article {
        text,
        published: PUBLISHED.parse().ok(),
        ..Default::default()
    }
}

/// `code_text`: any UTF-8 text is an article.
pub fn code_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    code_checked(pipeline(), &article(text.to_string()));
}

/// `code_bytes`: the bytes of a plain-text article file, decoded strictly and lossily.
pub fn code_bytes(data: &[u8]) {
    let strict = decode_text(data.to_vec(), false);
    let lossy = decode_text(data.to_vec(), true);
    match (&strict, &lossy) {
        (Ok(s), Ok(l)) => assert_eq!(s, l, "lossy decoding changed valid UTF-8"),
        (Ok(_), Err(e)) => panic!("lossy decoding rejects what strict accepts: {e}"),
        (Err(_), _) => {}
    }
    if let Ok(text) = lossy {
        assert!(!text.starts_with('\u{FEFF}') || data.starts_with(b"\xEF\xBB\xBF\xEF\xBB\xBF"));
        code_checked(pipeline(), &article(text));
    }
}

/// HTTP `Content-Type` values a page may come with; the first input byte picks one.
const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some("text/html"),
    Some("text/html; charset=utf-8"),
    Some("text/html; charset=windows-1252"),
    Some("text/html; charset=ISO-8859-1"),
    Some("text/html; charset=\"shift_jis\""),
    Some("text/html; charset=utf-16le"),
    Some("text/html; charset=UTF-16BE"),
    Some("text/html; charset=gb18030"),
    Some("text/html; charset=x-user-defined"),
    Some("text/html; charset=replacement"),
    Some("text/html; charset=koi8-r"),
    Some("text/html; charset="),
    Some("text/html; charset=bogus-charset"),
    Some("application/xhtml+xml; charset=euc-kr"),
    Some(";;charset=utf-8;charset=latin1"),
];

/// `html`: one page (bytes) with a content type chosen by the first byte.
pub fn html(data: &[u8]) {
    let Some((&pick, page)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[pick as usize % CONTENT_TYPES.len()];
    let Ok(page) = readout_html::read_page(page, content_type) else {
        return;
    };
    assert!(!page.text.is_empty(), "a page read without error has text");
    assert!(!page.text.contains('\0'), "page text holds a NUL");
    let published = page
        .published
        .as_deref()
        .and_then(|p| p.get(..10))
        .and_then(|d| d.parse().ok());
    code_checked(
        pipeline(),
        &Article {
            title: page.title,
            url: page.url,
            source: page.site,
            published,
            text: page.text,
            ..Default::default()
        },
    );
}

/// Collects what a reader emits.
#[derive(Default)]
pub struct Collect(pub Vec<Item>);

impl Emit for Collect {
    fn emit(&mut self, item: Item) -> bool {
        self.0.push(item);
        true
    }
    fn flush(&mut self) -> bool {
        true
    }
}

fn opts(max_bytes: u64, lossy: bool) -> ReadOptions {
    ReadOptions {
        max_bytes,
        lossy,
        published: PUBLISHED.parse().ok(),
    }
}

/// `jsonl`: the bytes as a JSONL file, read strictly with the command line's limit (every
/// article coded), then lossily with a limit of a third of the input (the over-long-line path).
pub fn jsonl(data: &[u8]) {
    let lines = data.split(|&b| b == b'\n').count() as u64;
    for (max, lossy, code) in [
        (MAX_ARTICLE_BYTES, false, true),
        (data.len() as u64 / 3, true, false),
    ] {
        let mut out = Collect::default();
        let whole = read_jsonl(
            "fuzz.jsonl".into(),
            BufReader::with_capacity(64, data),
            &opts(max, lossy),
            &mut out,
        );
        assert!(whole, "the reader stopped though the consumer wants more");
        let mut last = 0;
        for item in &out.0 {
            let line = item.origin.line.expect("a JSONL item names its line");
            assert!(
                line > last && line <= lines,
                "line {line} after {last} of {lines}"
            );
            last = line;
            match &item.article {
                Ok(a) => {
                    assert!(a.text.len() as u64 <= max, "article over the limit");
                    if code {
                        code_checked(pipeline(), a);
                    }
                }
                Err(f) => assert!(!f.message.is_empty(), "failure without a message"),
            }
        }
    }
}

/// `warc`: the bytes as a WARC file; every page read is coded.
pub fn warc(data: &[u8]) {
    let mut out = Collect::default();
    let name: Arc<str> = "fuzz.warc".into();
    let whole = read_warc(name, data, &opts(MAX_ARTICLE_BYTES, false), &mut out);
    assert!(whole, "the reader stopped though the consumer wants more");
    for item in &out.0 {
        match &item.article {
            Ok(a) => {
                code_checked(pipeline(), a);
            }
            Err(f) => assert!(!f.message.is_empty(), "failure without a message"),
        }
    }
}

/// The sentence the `lexicon` target codes: its gaps take words of the input.
fn lexicon_sentence(src: &str) -> String {
    // Quoted strings of the input are its names, forms and phrases: use up to four of them.
    let words: Vec<&str> = src
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty() && w.len() <= 80)
        .take(4)
        .collect();
    let w = |i: usize| words.get(i).copied().unwrap_or("officials");
    format!(
        "{} {} the {} of {} in Vienna on Monday, \u{201C}We will talk,\u{201D} {} said.",
        w(0),
        w(1),
        w(2),
        w(3),
        w(0)
    )
}

/// `lexicon`: the text as a `--lexicon` file. Parsed into an empty lexicon (cheap: every input);
/// when it parses, the built-in lexicon plus it builds a pipeline, which codes a sentence made
/// of the file's own names. See `fuzz/README.md` for why the pipeline is built per input.
pub fn lexicon(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    if Lexicon::default().add_toml("fuzz.toml", src).is_err() {
        return;
    }
    let mut lex = Lexicon::builtin().expect("built-in lexicon");
    if let Err(e) = lex.add_toml("fuzz.toml", src) {
        // Only the country look-up differs with the built-in lexicon, and it cannot fail.
        panic!("parses into an empty lexicon but not into the built-in one: {e}");
    }
    let Ok(p) = Pipeline::new(lex) else {
        return;
    };
    code_checked(&p, &article(lexicon_sentence(src)));
}
