//! Reading articles: plain-text files, JSONL files and standard input, streamed one article at a
//! time with every article capped at `--max-article-bytes`.
//!
//! Nothing here panics or aborts on bad input: every problem becomes an [`Item`] whose
//! `article` is a [`Failure`] naming what was wrong, and reading goes on with the next article.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use readout_core::Article;
use serde_json::Value;

use crate::cli::parse_published;

/// The name standard input goes by in messages and error records.
pub const STDIN_NAME: &str = "<stdin>";

/// Where an article came from: the file as the user named it, and its line for JSONL.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<str>,
    /// 1-based line number in a JSONL input; `None` for a whole-file article.
    pub line: Option<u64>,
}

/// Why an article could not be read.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The article's id, when it could be recovered.
    pub id: Option<String>,
    pub message: String,
}

/// One article (or the failure to read one), in input order.
#[derive(Debug)]
pub struct Item {
    pub origin: Origin,
    pub article: Result<Article, Failure>,
}

#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub max_bytes: u64,
    pub lossy: bool,
    /// Applied to every article without a date of its own.
    pub published: Option<Date>,
}

type StdinReader = BufReader<io::Chain<Cursor<Vec<u8>>, io::Stdin>>;

/// An input named on the command line (or implied).
pub enum Source {
    TextFile(PathBuf),
    JsonlFile(PathBuf),
    StdinText(StdinReader),
    StdinJsonl(StdinReader),
    /// Standard input could not even be peeked at.
    StdinError(String),
}

impl Source {
    /// Classifies a command-line path by its extension: `.jsonl`/`.ndjson` are JSONL, anything
    /// else is one plain-text article.
    pub fn for_path(path: PathBuf) -> Source {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("jsonl" | "ndjson") => Source::JsonlFile(path),
            _ => Source::TextFile(path),
        }
    }

    /// Opens standard input and decides how to read it: JSONL when its first non-blank
    /// character is `{`, else one plain-text article. Only the leading whitespace (at most
    /// `max_bytes` of it) is buffered to decide.
    pub fn stdin(max_bytes: u64) -> Source {
        let mut stdin = io::stdin();
        let mut head = Vec::new();
        let mut chunk = [0u8; 8192];
        let jsonl = loop {
            let n = match stdin.read(&mut chunk) {
                Ok(0) => break false,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Source::StdinError(format!("cannot read: {e}")),
            };
            let start = head.len();
            head.extend_from_slice(&chunk[..n]);
            let mut first = &head[start..];
            if start == 0 {
                first = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(first);
            }
            if let Some(&b) = first.iter().find(|b| !b.is_ascii_whitespace()) {
                break b == b'{';
            }
            if head.len() as u64 > max_bytes {
                break false;
            }
        };
        let reader = BufReader::with_capacity(64 * 1024, Cursor::new(head).chain(stdin));
        if jsonl {
            Source::StdinJsonl(reader)
        } else {
            Source::StdinText(reader)
        }
    }

    /// True for a source that yields exactly one article (a plain-text file or stdin text).
    pub fn is_single_article(&self) -> bool {
        matches!(
            self,
            Source::TextFile(_) | Source::StdinText(_) | Source::StdinError(_)
        )
    }
}

/// Where the articles go.
pub trait Emit {
    /// Takes the next article; false when the consumer has gone away and reading should stop.
    fn emit(&mut self, item: Item) -> bool;
    /// The next article may take a while to arrive (the input would block): pass on what
    /// has been read so far.
    fn flush(&mut self) -> bool;
}

/// Reads every source in order, handing each article to `out`; stops early when `out` says so.
pub fn read_all(sources: Vec<Source>, opts: &ReadOptions, out: &mut dyn Emit) {
    for source in sources {
        let go_on = match source {
            Source::TextFile(path) => out.emit(read_text_file(&path, opts)),
            Source::JsonlFile(path) => read_jsonl_file(&path, opts, out),
            Source::StdinText(reader) => {
                let origin = Origin {
                    file: STDIN_NAME.into(),
                    line: None,
                };
                let article = read_text(reader, opts, 0).map(|text| Article {
                    text,
                    published: opts.published,
                    ..Article::default()
                });
                out.emit(Item {
                    origin,
                    article: article.map_err(|message| Failure { id: None, message }),
                }) && out.flush()
            }
            Source::StdinJsonl(reader) => read_jsonl(STDIN_NAME.into(), reader, opts, out),
            Source::StdinError(message) => out.emit(Item {
                origin: Origin {
                    file: STDIN_NAME.into(),
                    line: None,
                },
                article: Err(Failure { id: None, message }),
            }),
        };
        if !go_on {
            return;
        }
    }
}

fn display_name(path: &Path) -> Arc<str> {
    path.display().to_string().into()
}

fn io_message(action: &str, e: &io::Error) -> String {
    let what = match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    format!("cannot {action}: {what}")
}

/// Opens a file for reading, rejecting directories up front. Returns the file and its size.
fn open_file(path: &Path) -> Result<(File, u64), String> {
    let file = File::open(path).map_err(|e| io_message("open", &e))?;
    let meta = file.metadata().map_err(|e| io_message("read", &e))?;
    if meta.is_dir() {
        return Err("is a directory, not an article file".to_string());
    }
    Ok((file, meta.len()))
}

fn too_big(size: u64, max: u64) -> String {
    format!("article is {size} bytes, over --max-article-bytes {max}")
}

fn read_text_file(path: &Path, opts: &ReadOptions) -> Item {
    let origin = Origin {
        file: display_name(path),
        line: None,
    };
    let id = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let text = open_file(path).and_then(|(file, size)| {
        // Regular files are checked before reading a byte; pipes and special files (size 0 in
        // their metadata) are caught by the bounded read.
        if size > opts.max_bytes {
            return Err(too_big(size, opts.max_bytes));
        }
        read_text(file, opts, size)
    });
    let article = match text {
        Ok(text) => Ok(Article {
            id,
            text,
            published: opts.published,
            ..Article::default()
        }),
        Err(message) => Err(Failure { id, message }),
    };
    Item { origin, article }
}

/// Reads one whole plain-text article, at most `opts.max_bytes` of it.
fn read_text(reader: impl Read, opts: &ReadOptions, size_hint: u64) -> Result<String, String> {
    let mut bytes = Vec::with_capacity(size_hint.min(opts.max_bytes) as usize);
    let mut limited = reader.take(opts.max_bytes.saturating_add(1));
    limited
        .read_to_end(&mut bytes)
        .map_err(|e| io_message("read", &e))?;
    if bytes.len() as u64 > opts.max_bytes {
        // Count the rest without keeping it, for a precise message.
        let rest = io::copy(&mut limited.into_inner(), &mut io::sink()).unwrap_or(0);
        return Err(too_big(bytes.len() as u64 + rest, opts.max_bytes));
    }
    decode_text(bytes, opts.lossy)
}

/// Bytes of a plain-text article to a `String`: strips a UTF-8 byte-order mark, rejects binary
/// data and UTF-16, and rejects (or with `lossy` replaces) invalid UTF-8.
fn decode_text(mut bytes: Vec<u8>, lossy: bool) -> Result<String, String> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err("looks like UTF-16 text; convert it to UTF-8".to_string());
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!(
            "looks binary (NUL byte at byte offset {at}), not a text article"
        ));
    }
    bytes.drain(..bom);
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(format!(
            "invalid UTF-8 at byte offset {} (use --lossy to replace invalid sequences)",
            e.utf8_error().valid_up_to() + bom
        )),
    }
}

fn read_jsonl_file(path: &Path, opts: &ReadOptions, out: &mut dyn Emit) -> bool {
    let name = display_name(path);
    match open_file(path) {
        Ok((file, _)) => read_jsonl(name, BufReader::with_capacity(64 * 1024, file), opts, out),
        Err(message) => out.emit(Item {
            origin: Origin {
                file: name,
                line: None,
            },
            article: Err(Failure { id: None, message }),
        }),
    }
}

/// One line of a JSONL input, read with a bounded buffer.
enum Line {
    Eof,
    /// The line is in the buffer (without its `\n` or `\r\n`).
    Read,
    /// The line was longer than the limit; this many bytes were skipped.
    TooLong(u64),
}

/// Reads the next line into `buf` (cleared first), keeping at most `max` bytes of it: the rest
/// of an over-long line is skipped chunk by chunk, never buffered.
fn next_line(reader: &mut impl BufRead, max: u64, buf: &mut Vec<u8>) -> io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (part, used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], i + 1, true),
            None => (chunk, chunk.len(), false),
        };
        total += part.len() as u64;
        if total <= max.saturating_add(1) {
            buf.extend_from_slice(part);
        }
        reader.consume(used);
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
        total -= 1;
    }
    if total > max {
        buf.clear();
        return Ok(Line::TooLong(total));
    }
    Ok(Line::Read)
}

fn read_jsonl<R: Read>(
    file: Arc<str>,
    mut reader: BufReader<R>,
    opts: &ReadOptions,
    out: &mut dyn Emit,
) -> bool {
    let mut buf = Vec::new();
    let mut line_no: u64 = 0;
    loop {
        // Nothing buffered: the next read may block (a pipe, a slow disk), so let the articles
        // read so far be coded and written meanwhile.
        if reader.buffer().is_empty() && !out.flush() {
            return false;
        }
        line_no += 1;
        let origin = Origin {
            file: file.clone(),
            line: Some(line_no),
        };
        let article = match next_line(&mut reader, opts.max_bytes, &mut buf) {
            Ok(Line::Eof) => return true,
            Ok(Line::Read) if buf.iter().all(u8::is_ascii_whitespace) => continue,
            Ok(Line::Read) => parse_article_line(&buf, opts),
            Ok(Line::TooLong(n)) => Err(Failure {
                id: None,
                message: format!(
                    "line is {n} bytes, over --max-article-bytes {}",
                    opts.max_bytes
                ),
            }),
            Err(e) => {
                // The rest of the stream cannot be trusted: report and stop this input.
                let message = io_message("read", &e);
                return out.emit(Item {
                    origin,
                    article: Err(Failure { id: None, message }),
                });
            }
        };
        if !out.emit(Item { origin, article }) {
            return false;
        }
        // Do not keep a huge buffer alive after a single large line.
        if buf.capacity() > 1 << 20 {
            buf = Vec::new();
        }
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One JSONL line to an [`Article`]: `text` is required; `id`, `title`, `source`, `url` and
/// `published` are optional (null counts as absent); unknown fields are ignored.
fn parse_article_line(line: &[u8], opts: &ReadOptions) -> Result<Article, Failure> {
    let fail = |id: Option<String>, message: String| Failure { id, message };
    let line = match std::str::from_utf8(line) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) if opts.lossy => String::from_utf8_lossy(line),
        Err(e) => {
            return Err(fail(
                None,
                format!(
                    "invalid UTF-8 at byte offset {} of the line (use --lossy to replace invalid sequences)",
                    e.valid_up_to()
                ),
            ))
        }
    };
    let value: Value =
        serde_json::from_str(&line).map_err(|e| fail(None, format!("not valid JSON: {e}")))?;
    let Value::Object(mut obj) = value else {
        return Err(fail(
            None,
            format!("expected a JSON object, found {}", json_type(&value)),
        ));
    };
    let id = match obj.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(fail(
                None,
                format!("\"id\" must be a string, found {}", json_type(&other)),
            ))
        }
    };
    let text = match obj.remove("text") {
        Some(Value::String(s)) => s,
        None => return Err(fail(id, "missing \"text\"".to_string())),
        Some(other) => {
            return Err(fail(
                id,
                format!("\"text\" must be a string, found {}", json_type(&other)),
            ))
        }
    };
    let mut optional = |key: &str| -> Result<Option<String>, String> {
        match obj.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(format!(
                "\"{key}\" must be a string, found {}",
                json_type(&other)
            )),
        }
    };
    let fields = (|| {
        Ok((
            optional("title")?,
            optional("source")?,
            optional("url")?,
            optional("published")?,
        ))
    })();
    let (title, source, url, published) = fields.map_err(|m| fail(id.clone(), m))?;
    let published = match published.as_deref().map(str::trim) {
        None | Some("") => opts.published,
        Some(s) => Some(
            parse_published(s).map_err(|m| fail(id.clone(), format!("bad \"published\": {m}")))?,
        ),
    };
    if text.len() as u64 > opts.max_bytes {
        return Err(fail(id, too_big(text.len() as u64, opts.max_bytes)));
    }
    Ok(Article {
        id,
        title,
        source,
        url,
        published,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> ReadOptions {
        ReadOptions {
            max_bytes: 10,
            lossy: false,
            published: None,
        }
    }

    fn lines(input: &[u8], max: u64) -> Vec<Result<String, u64>> {
        let mut r = BufReader::with_capacity(4, input);
        let mut buf = Vec::new();
        let mut out = vec![];
        loop {
            match next_line(&mut r, max, &mut buf).unwrap() {
                Line::Eof => return out,
                Line::Read => out.push(Ok(String::from_utf8(buf.clone()).unwrap())),
                Line::TooLong(n) => out.push(Err(n)),
            }
        }
    }

    #[test]
    fn bounded_lines() {
        assert_eq!(lines(b"", 5), vec![]);
        assert_eq!(lines(b"ab\ncd", 5), vec![Ok("ab".into()), Ok("cd".into())]);
        assert_eq!(lines(b"ab\r\n\n", 5), vec![Ok("ab".into()), Ok("".into())]);
        assert_eq!(
            lines(b"abcdefghijkl\nxy\n", 5),
            vec![Err(12), Ok("xy".into())]
        );
        assert_eq!(
            lines(b"abcde\r\nabcdef", 5),
            vec![Ok("abcde".into()), Err(6)]
        );
    }

    #[test]
    fn decoding() {
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFhi".to_vec(), false).unwrap(),
            "hi"
        );
        let e = decode_text(b"ab\xFFcd".to_vec(), false).unwrap_err();
        assert!(e.contains("byte offset 2"), "{e}");
        assert_eq!(
            decode_text(b"ab\xFFcd".to_vec(), true).unwrap(),
            "ab\u{FFFD}cd"
        );
        assert!(decode_text(b"a\0b".to_vec(), true)
            .unwrap_err()
            .contains("binary"));
        assert!(decode_text(b"\xFF\xFEa\0".to_vec(), false)
            .unwrap_err()
            .contains("UTF-16"));
    }

    #[test]
    fn article_lines() {
        let a = parse_article_line(
            br#"{"id":7,"text":"x","published":"2023-06-06T23:00:00-05:00"}"#,
            &opts(),
        )
        .unwrap();
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.published.unwrap().to_string(), "2023-06-06");
        let e = parse_article_line(br#"{"id":"a","text":1}"#, &opts()).unwrap_err();
        assert_eq!(e.id.as_deref(), Some("a"));
        assert!(e.message.contains("must be a string"));
        assert!(parse_article_line(b"[1]", &opts())
            .unwrap_err()
            .message
            .contains("object"));
        assert!(parse_article_line(br#"{"id":"a"}"#, &opts())
            .unwrap_err()
            .message
            .contains("missing"));
        let e =
            parse_article_line(br#"{"id":"a","text":"","published":"soon"}"#, &opts()).unwrap_err();
        assert!(e.message.contains("published"), "{}", e.message);
        let e = parse_article_line(br#"{"text":"0123456789ab"}"#, &opts()).unwrap_err();
        assert!(e.message.contains("max-article-bytes"));
    }
}
