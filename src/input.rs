//! Reading articles: plain-text files, HTML pages, JSONL files (also gzip- or
//! zstd-compressed), WARC files (also gzip-compressed), directories of them (walked
//! recursively in name order) and standard input, streamed one article at a time with every
//! article capped at `--max-article-bytes`.
//!
//! Nothing here panics or aborts on bad input: every problem becomes an [`Item`] whose
//! `article` is a [`Failure`] naming what was wrong, and reading goes on with the next article.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use readout_core::Article;
use readout_html::{Page, PageError};
use serde_json::Value;

use crate::cli::parse_published;
use crate::cli::StdinFormat;
use crate::warc::{self, WarcError, WarcReader};

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

/// How a file is compressed, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

/// An input named on the command line (or implied).
pub enum Source {
    TextFile(PathBuf),
    HtmlFile(PathBuf),
    JsonlFile(PathBuf, Compression),
    WarcFile(PathBuf, Compression),
    /// A directory: every article file in it and below, in name order.
    Dir(PathBuf),
    StdinText(StdinReader),
    StdinHtml(StdinReader),
    StdinJsonl(StdinReader),
    /// Standard input could not even be peeked at.
    StdinError(String),
}

/// The kind of an article file by its name (case-insensitive): `.jsonl`/`.ndjson` (and with
/// `.gz` or `.zst` after it), `.warc` (and `.warc.gz`), `.html`/`.htm`/`.xhtml`, `.txt`;
/// `None` for any other name.
fn kind_of(path: &Path) -> Option<Source> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (stem, compression) = if let Some(stem) = name.strip_suffix(".gz") {
        (stem, Compression::Gzip)
    } else if let Some(stem) = name.strip_suffix(".zst") {
        (stem, Compression::Zstd)
    } else {
        (name.as_str(), Compression::None)
    };
    let ext = Path::new(stem).extension()?.to_str()?;
    let path = path.to_path_buf();
    Some(match (ext, compression) {
        ("jsonl" | "ndjson", c) => Source::JsonlFile(path, c),
        ("warc", Compression::None | Compression::Gzip) => Source::WarcFile(path, compression),
        ("html" | "htm" | "xhtml", Compression::None) => Source::HtmlFile(path),
        ("txt", Compression::None) => Source::TextFile(path),
        _ => return None,
    })
}

impl Source {
    /// Classifies a command-line path: a directory is walked; a file goes by its name (see
    /// `kind_of`), and a name of no known kind is one plain-text article.
    pub fn for_path(path: PathBuf) -> Source {
        if path.is_dir() {
            return Source::Dir(path);
        }
        kind_of(&path).unwrap_or(Source::TextFile(path))
    }

    /// Standard input read as `format` says: sniffed ([`Source::stdin`]), or as the named kind
    /// from its first byte (nothing is buffered to decide).
    pub fn stdin_as(format: StdinFormat, max_bytes: u64) -> Source {
        let reader =
            || BufReader::with_capacity(64 * 1024, Cursor::new(Vec::new()).chain(io::stdin()));
        match format {
            StdinFormat::Auto => Source::stdin(max_bytes),
            StdinFormat::Jsonl => Source::StdinJsonl(reader()),
            StdinFormat::Html => Source::StdinHtml(reader()),
            StdinFormat::Text => Source::StdinText(reader()),
        }
    }

    /// Opens standard input and decides how to read it: JSONL when its first non-blank
    /// character is `{`, one HTML page when it is `<`, else one plain-text article. Only the
    /// leading whitespace (at most `max_bytes` of it) is buffered to decide.
    pub fn stdin(max_bytes: u64) -> Source {
        let mut stdin = io::stdin();
        let mut head = Vec::new();
        let mut chunk = [0u8; 8192];
        let first = loop {
            let n = match stdin.read(&mut chunk) {
                Ok(0) => break 0,
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
                break b;
            }
            if head.len() as u64 > max_bytes {
                break 0;
            }
        };
        let reader = BufReader::with_capacity(64 * 1024, Cursor::new(head).chain(stdin));
        match first {
            b'{' => Source::StdinJsonl(reader),
            b'<' => Source::StdinHtml(reader),
            _ => Source::StdinText(reader),
        }
    }

    /// True for a source that yields exactly one article (a plain-text or HTML file, or one
    /// article on stdin).
    pub fn is_single_article(&self) -> bool {
        matches!(
            self,
            Source::TextFile(_)
                | Source::HtmlFile(_)
                | Source::StdinText(_)
                | Source::StdinHtml(_)
                | Source::StdinError(_)
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
        if !read_source(source, None, opts, out) {
            return;
        }
    }
}

/// Reads one source; false when `out` wants no more. `name` is the id of a whole-file
/// article (default: the file stem).
fn read_source(
    source: Source,
    name: Option<String>,
    opts: &ReadOptions,
    out: &mut dyn Emit,
) -> bool {
    let name =
        |path: &Path| name.or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()));
    match source {
        Source::TextFile(path) => out.emit(read_text_file(&path, name(&path), opts)),
        Source::HtmlFile(path) => out.emit(read_html_file(&path, name(&path), opts)),
        Source::JsonlFile(path, compression) => read_jsonl_file(&path, compression, opts, out),
        Source::WarcFile(path, compression) => read_warc_file(&path, compression, opts, out),
        Source::Dir(path) => read_dir(&path, opts, out),
        Source::StdinHtml(reader) => {
            let origin = Origin {
                file: STDIN_NAME.into(),
                line: None,
            };
            let article = read_bytes(reader, opts.max_bytes, 0).and_then(|bytes| {
                page_article(readout_html::read_page(&bytes, None), None, None, opts)
            });
            out.emit(Item {
                origin,
                article: article.map_err(|message| Failure { id: None, message }),
            }) && out.flush()
        }
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
    }
}

/// The id of a whole-file article found under `dir`: its path from `dir` without the
/// extension, `/`-separated (`2023/06/story` for `dir/2023/06/story.txt`), so that files of
/// the same name in different folders keep apart.
fn relative_name(dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    let mut parts: Vec<String> = rel
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.push(rel.file_stem()?.to_string_lossy().into_owned());
    Some(parts.join("/"))
}

/// Every article file under `dir` (see `kind_of`; hidden files and directories are
/// skipped, symbolic links followed), depth first in name order. A directory with none is
/// reported, as is every entry that cannot be read; the walk goes on after it.
fn read_dir(dir: &Path, opts: &ReadOptions, out: &mut dyn Emit) -> bool {
    let mut found = false;
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e.path().unwrap_or(dir);
                let message = match e.io_error() {
                    Some(io) if e.loop_ancestor().is_none() => io_message("read", io),
                    _ => e.to_string(),
                };
                if !out.emit(Item {
                    origin: Origin {
                        file: display_name(file),
                        line: None,
                    },
                    article: Err(Failure { id: None, message }),
                }) {
                    return false;
                }
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(source) = kind_of(entry.path()) else {
            continue;
        };
        found = true;
        if !read_source(source, relative_name(dir, entry.path()), opts, out) {
            return false;
        }
    }
    if found {
        return true;
    }
    out.emit(Item {
        origin: Origin {
            file: display_name(dir),
            line: None,
        },
        article: Err(Failure {
            id: None,
            message: "is a directory with no article files in it (.txt, .html, .htm, .jsonl, \
                      .ndjson, .jsonl.gz, .jsonl.zst, .warc, .warc.gz)"
                .to_string(),
        }),
    })
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

fn read_text_file(path: &Path, id: Option<String>, opts: &ReadOptions) -> Item {
    let origin = Origin {
        file: display_name(path),
        line: None,
    };
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
    decode_text(read_bytes(reader, opts.max_bytes, size_hint)?, opts.lossy)
}

/// Reads a whole input, at most `max` bytes of it.
fn read_bytes(reader: impl Read, max: u64, size_hint: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(size_hint.min(max) as usize);
    let mut limited = reader.take(max.saturating_add(1));
    limited
        .read_to_end(&mut bytes)
        .map_err(|e| io_message("read", &e))?;
    if bytes.len() as u64 > max {
        // Count the rest without keeping it, for a precise message.
        let rest = io::copy(&mut limited.into_inner(), &mut io::sink()).unwrap_or(0);
        return Err(too_big(bytes.len() as u64 + rest, max));
    }
    Ok(bytes)
}

fn read_html_file(path: &Path, stem: Option<String>, opts: &ReadOptions) -> Item {
    let origin = Origin {
        file: display_name(path),
        line: None,
    };
    let article = open_file(path)
        .and_then(|(file, size)| {
            if size > opts.max_bytes {
                return Err(too_big(size, opts.max_bytes));
            }
            read_bytes(file, opts.max_bytes, size)
        })
        .and_then(|bytes| {
            page_article(
                readout_html::read_page(&bytes, None),
                stem.clone(),
                None,
                opts,
            )
        })
        .map_err(|message| Failure { id: stem, message });
    Item { origin, article }
}

/// The article read from a page. Its id is the page's canonical URL, else `id` (the file
/// stem, the WARC record's target URI); its URL the canonical URL, else `url`; its date the
/// page's own, else `--published`.
fn page_article(
    page: Result<Page, PageError>,
    id: Option<String>,
    url: Option<String>,
    opts: &ReadOptions,
) -> Result<Article, String> {
    let page = page.map_err(|e| format!("cannot read the page: {e}"))?;
    let published = page
        .published
        .as_deref()
        .and_then(|p| parse_published(p).ok())
        .or(opts.published);
    Ok(Article {
        id: page.url.clone().or(id),
        title: page.title,
        source: page.site,
        url: page.url.or(url),
        published,
        text: page.text,
    })
}

/// A decompressing reader whose errors say what went wrong in the compressed data.
struct Decompressed<R> {
    inner: R,
    format: &'static str,
}

impl<R: Read> Read for Decompressed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let kind = match e.kind() {
                io::ErrorKind::Interrupted => return e,
                io::ErrorKind::UnexpectedEof => io::ErrorKind::UnexpectedEof,
                _ => io::ErrorKind::InvalidData,
            };
            let why = if kind == io::ErrorKind::UnexpectedEof {
                "the file ends early (truncated?)".to_string()
            } else {
                e.to_string()
            };
            io::Error::new(kind, format!("corrupt {} data: {why}", self.format))
        })
    }
}

/// Opens `path` and undoes its compression.
fn open_decompressed(path: &Path, compression: Compression) -> Result<Box<dyn Read>, String> {
    let (file, _) = open_file(path)?;
    let file = BufReader::with_capacity(64 * 1024, file);
    Ok(match compression {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(Decompressed {
            inner: flate2::bufread::MultiGzDecoder::new(file),
            format: "gzip",
        }),
        Compression::Zstd => Box::new(Decompressed {
            inner: zstd::stream::read::Decoder::with_buffer(file)
                .map_err(|e| io_message("start decompressing", &e))?,
            format: "zstd",
        }),
    })
}

/// Bytes of a plain-text article to a `String`: strips a UTF-8 byte-order mark, rejects binary
/// data and UTF-16, and rejects (or with `lossy` replaces) invalid UTF-8. The entry point of the
/// arbitrary-bytes fuzz target.
pub fn decode_text(mut bytes: Vec<u8>, lossy: bool) -> Result<String, String> {
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

fn read_jsonl_file(
    path: &Path,
    compression: Compression,
    opts: &ReadOptions,
    out: &mut dyn Emit,
) -> bool {
    let name = display_name(path);
    match open_decompressed(path, compression) {
        Ok(file) => read_jsonl(name, BufReader::with_capacity(64 * 1024, file), opts, out),
        Err(message) => out.emit(Item {
            origin: Origin {
                file: name,
                line: None,
            },
            article: Err(Failure { id: None, message }),
        }),
    }
}

/// Reads the HTML pages of a WARC file's `response` records: each a 2xx HTTP response with
/// an HTML body (`text/html`, `application/xhtml+xml`, or no Content-Type and a body that
/// starts with `<`); the HTTP Content-Type's charset decodes it. Other records are skipped
/// unread. A response whose page cannot be read is a failed article naming the record's
/// offset; a broken or truncated file is reported once and the rest of it given up.
fn read_warc_file(
    path: &Path,
    compression: Compression,
    opts: &ReadOptions,
    out: &mut dyn Emit,
) -> bool {
    let name = display_name(path);
    match open_decompressed(path, compression) {
        Ok(reader) => read_warc(name, reader, opts, out),
        Err(message) => out.emit(Item {
            origin: Origin {
                file: name,
                line: None,
            },
            article: Err(Failure { id: None, message }),
        }),
    }
}

/// Reads a WARC stream as [`read_warc_file`] reads a file; `name` names it in failures. The
/// entry point of the WARC fuzz target.
pub fn read_warc(
    name: Arc<str>,
    reader: impl Read,
    opts: &ReadOptions,
    out: &mut dyn Emit,
) -> bool {
    let origin = || Origin {
        file: name.clone(),
        line: None,
    };
    let mut warc = WarcReader::new(BufReader::with_capacity(64 * 1024, reader));
    let broken = |e: WarcError, id: Option<String>| Item {
        origin: origin(),
        article: Err(Failure {
            id,
            message: format!("WARC record at offset {}: {}", e.offset, e.message),
        }),
    };
    loop {
        let head = match warc.next_record() {
            Ok(Some(head)) => head,
            Ok(None) => return true,
            Err(e) => return out.emit(broken(e, None)),
        };
        if !head.is_http_response() {
            continue;
        }
        let uri = head.target_uri();
        let item = match read_warc_page(&mut warc, uri.clone(), opts) {
            Ok(None) => continue,
            Ok(Some(Ok(article))) => Item {
                origin: origin(),
                article: Ok(article),
            },
            Ok(Some(Err(message))) => Item {
                origin: origin(),
                article: Err(Failure {
                    id: uri,
                    message: format!("WARC record at offset {}: {message}", head.offset),
                }),
            },
            // The stream broke: report it and give up on this file.
            Err(e) => return out.emit(broken(e, uri)),
        };
        if !out.emit(item) {
            return false;
        }
    }
}

/// The article of one `response` record: `Ok(None)` when it is no HTML page (skipped),
/// `Ok(Some(Err))` when it is one that cannot be read, `Err` when the stream broke.
fn read_warc_page<R: BufRead>(
    warc: &mut WarcReader<R>,
    uri: Option<String>,
    opts: &ReadOptions,
) -> Result<Option<Result<Article, String>>, WarcError> {
    let http = warc.http_head()?;
    if !(200..300).contains(&http.status) {
        return Ok(None);
    }
    let media = http.media_type();
    if media
        .as_deref()
        .is_some_and(|m| !matches!(m, "text/html" | "application/xhtml+xml"))
    {
        return Ok(None);
    }
    let size = warc.remaining();
    if size > opts.max_bytes {
        return Ok(Some(Err(format!(
            "the page is {size} bytes, over --max-article-bytes {}",
            opts.max_bytes
        ))));
    }
    let mut body = Vec::with_capacity(size as usize);
    warc.read_block(&mut body, size)?;
    if media.is_none() {
        let start = body.iter().position(|b| !b.is_ascii_whitespace());
        if start.is_none_or(|i| body[i] != b'<') {
            return Ok(None);
        }
    }
    let chunked = http
        .field("Transfer-Encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    if chunked {
        match warc::dechunk(&body) {
            Some(b) => body = b,
            None => return Ok(Some(Err("bad chunked transfer encoding".to_string()))),
        }
    }
    let encoding = http
        .field("Content-Encoding")
        .map(|e| e.trim().to_ascii_lowercase())
        .filter(|e| !e.is_empty() && e != "identity");
    if let Some(encoding) = encoding {
        let decoded: Result<Vec<u8>, String> = match encoding.as_str() {
            "gzip" | "x-gzip" => read_bytes(
                flate2::read::MultiGzDecoder::new(&body[..]),
                opts.max_bytes,
                0,
            ),
            "deflate" => read_bytes(flate2::read::ZlibDecoder::new(&body[..]), opts.max_bytes, 0)
                .or_else(|_| {
                    read_bytes(
                        flate2::read::DeflateDecoder::new(&body[..]),
                        opts.max_bytes,
                        0,
                    )
                }),
            other => {
                return Ok(Some(Err(format!(
                    "the page is compressed with {other:?}, which Readout does not read"
                ))))
            }
        };
        match decoded {
            Ok(b) => body = b,
            Err(e) => {
                return Ok(Some(Err(format!(
                    "cannot decompress the page ({encoding}): {e}"
                ))))
            }
        }
    }
    let page = readout_html::read_page(&body, http.field("Content-Type"));
    Ok(Some(page_article(page, uri.clone(), uri, opts)))
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

/// Reads JSONL articles, one per line; a line that is no article is a failure naming its line,
/// and the lines after it are read on. The entry point of the JSONL fuzz target.
pub fn read_jsonl<R: Read>(
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
pub(crate) fn parse_article_line(line: &[u8], opts: &ReadOptions) -> Result<Article, Failure> {
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
