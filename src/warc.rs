//! Reading WARC files (ISO 28500, the form of Common Crawl News): the HTML pages of their
//! `response` records, with the HTTP response's headers.
//!
//! Written here rather than taken from the `warc` crate: that crate buffers a record header
//! without a bound, keeps a 1 MiB buffer on the stack, rejects a whole record for a header it
//! finds semantically wrong and does not say where in the file a record starts — which every
//! error here names. The format needs little: a `WARC/1.x` line, `Name: value` header lines,
//! a blank line, `Content-Length` bytes of block, then a blank line or two.
//!
//! Memory stays bounded: a record's header and an HTTP header may not pass 64 KiB, only the
//! bodies of HTML responses are read (up to the article limit), everything else is skipped
//! as it streams past.

use std::io::{self, BufRead, Read};

/// Largest WARC record header or HTTP response header accepted.
const MAX_HEADER_BYTES: u64 = 64 * 1024;

/// A record's header: where it starts (byte offset in the uncompressed stream) and its
/// fields.
#[derive(Debug)]
pub struct RecordHead {
    pub offset: u64,
    pub fields: Vec<(String, String)>,
}

impl RecordHead {
    /// The value of a field, by case-insensitive name.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A `response` record holding an HTTP response (`Content-Type: application/http`).
    pub fn is_http_response(&self) -> bool {
        self.field("WARC-Type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("response"))
            && self.field("Content-Type").is_some_and(|t| {
                t.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/http")
            })
    }

    /// `WARC-Target-URI`, without the angle brackets WARC 1.0 writers sometimes add.
    pub fn target_uri(&self) -> Option<String> {
        let uri = self.field("WARC-Target-URI")?.trim();
        let uri = uri
            .strip_prefix('<')
            .and_then(|u| u.strip_suffix('>'))
            .unwrap_or(uri);
        (!uri.is_empty()).then(|| uri.to_string())
    }
}

/// An error while reading a WARC stream; after one, the rest of the stream is not trusted.
#[derive(Debug)]
pub struct WarcError {
    pub offset: u64,
    pub message: String,
}

/// Reads records one after the other.
pub struct WarcReader<R> {
    inner: R,
    /// Bytes consumed so far (uncompressed).
    pos: u64,
    /// Bytes of the current record's block not yet consumed.
    remaining: u64,
    /// Offset of the current record.
    record: u64,
}

impl<R: BufRead> WarcReader<R> {
    pub fn new(inner: R) -> Self {
        WarcReader {
            inner,
            pos: 0,
            remaining: 0,
            record: 0,
        }
    }

    fn error(&self, offset: u64, message: impl Into<String>) -> WarcError {
        WarcError {
            offset,
            message: message.into(),
        }
    }

    /// Reads one line (with its `\n`) into `buf`, at most `max` bytes; false at the end of
    /// the stream.
    fn line(&mut self, buf: &mut Vec<u8>, max: u64) -> Result<bool, WarcError> {
        buf.clear();
        let n = (&mut self.inner)
            .take(max + 1)
            .read_until(b'\n', buf)
            .map_err(|e| self.error(self.record, read_message(&e)))?;
        self.pos += n as u64;
        if n as u64 > max {
            return Err(self.error(
                self.record,
                format!("a header line is over {MAX_HEADER_BYTES} bytes: not a WARC file?"),
            ));
        }
        Ok(n > 0)
    }

    /// The next record's header; `None` at the end of the stream. The block of the record
    /// before, or what is left of it, is skipped first.
    pub fn next_record(&mut self) -> Result<Option<RecordHead>, WarcError> {
        self.skip_block()?;
        let mut line = Vec::new();
        // Records are separated by blank lines (two CRLFs, but be lenient about how many).
        loop {
            self.record = self.pos;
            if !self.line(&mut line, MAX_HEADER_BYTES)? {
                return Ok(None);
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        let offset = self.record;
        if !line.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(&line[..line.len().min(40)])
                .trim_end()
                .to_string();
            return Err(self.error(
                offset,
                format!("not a WARC record: expected a WARC/1.0 line, found {shown:?}"),
            ));
        }
        let mut fields = vec![];
        let mut header_bytes = line.len() as u64;
        loop {
            if !self.line(&mut line, MAX_HEADER_BYTES)? {
                return Err(self.error(offset, "truncated: the file ends inside a record header"));
            }
            header_bytes += line.len() as u64;
            if header_bytes > MAX_HEADER_BYTES {
                return Err(self.error(
                    offset,
                    format!("the record header is over {MAX_HEADER_BYTES} bytes"),
                ));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if text.starts_with([' ', '\t']) {
                // A continuation line (folded header value).
                if let Some((_, v)) = fields.last_mut() {
                    let v: &mut String = v;
                    v.push(' ');
                    v.push_str(text.trim());
                }
                continue;
            }
            match text.split_once(':') {
                Some((name, value)) => {
                    fields.push((name.trim().to_string(), value.trim().to_string()))
                }
                None => {
                    return Err(self.error(offset, format!("bad header line {text:?} (no colon)")))
                }
            }
        }
        let head = RecordHead { offset, fields };
        let length = match head
            .field("Content-Length")
            .map(|v| v.trim().parse::<u64>())
        {
            Some(Ok(n)) => n,
            Some(Err(_)) => return Err(self.error(offset, "bad Content-Length")),
            None => return Err(self.error(offset, "the record has no Content-Length")),
        };
        self.remaining = length;
        Ok(Some(head))
    }

    /// Skips what is left of the current record's block.
    fn skip_block(&mut self) -> Result<(), WarcError> {
        if self.remaining == 0 {
            return Ok(());
        }
        let want = self.remaining;
        let n = io::copy(&mut (&mut self.inner).take(want), &mut io::sink())
            .map_err(|e| self.error(self.record, read_message(&e)))?;
        self.pos += n;
        self.remaining -= n;
        if n < want {
            return Err(self.truncated());
        }
        Ok(())
    }

    fn truncated(&self) -> WarcError {
        self.error(
            self.record,
            format!(
                "truncated: the file ends {} bytes before the end of the record's block",
                self.remaining
            ),
        )
    }

    /// Reads up to `max` bytes of the current block, appending them to `buf`; stops at the
    /// end of the block. Returns the bytes read.
    pub fn read_block(&mut self, buf: &mut Vec<u8>, max: u64) -> Result<u64, WarcError> {
        let want = self.remaining.min(max);
        let n = (&mut self.inner)
            .take(want)
            .read_to_end(buf)
            .map_err(|e| self.error(self.record, read_message(&e)))? as u64;
        self.pos += n;
        self.remaining -= n;
        if n < want {
            return Err(self.truncated());
        }
        Ok(n)
    }

    /// Bytes of the current block not yet read.
    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    /// Reads the HTTP response header at the start of the current block.
    pub fn http_head(&mut self) -> Result<HttpHead, WarcError> {
        let mut buf = Vec::new();
        let offset = self.record;
        let status_line = loop {
            if self.remaining == 0 {
                return Err(self.error(offset, "the HTTP response has no status line"));
            }
            self.http_line(&mut buf)?;
            if !buf.iter().all(u8::is_ascii_whitespace) {
                break String::from_utf8_lossy(&buf).trim().to_string();
            }
        };
        let status = status_line
            .strip_prefix("HTTP/")
            .and_then(|rest| rest.split_whitespace().nth(1))
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| {
                self.error(
                    offset,
                    format!("not an HTTP response: {:?}", truncate(&status_line)),
                )
            })?;
        let mut fields = vec![];
        let mut bytes = 0u64;
        loop {
            if self.remaining == 0 {
                // Headers and no body.
                break;
            }
            self.http_line(&mut buf)?;
            bytes += buf.len() as u64;
            if bytes > MAX_HEADER_BYTES {
                return Err(self.error(
                    offset,
                    format!("the HTTP header is over {MAX_HEADER_BYTES} bytes"),
                ));
            }
            let text = String::from_utf8_lossy(&buf);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if let Some((name, value)) = text.split_once(':') {
                fields.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        Ok(HttpHead { status, fields })
    }

    /// One line of the block, at most the header limit and never past the block.
    fn http_line(&mut self, buf: &mut Vec<u8>) -> Result<(), WarcError> {
        buf.clear();
        let max = self.remaining.min(MAX_HEADER_BYTES + 1);
        let n = (&mut self.inner)
            .take(max)
            .read_until(b'\n', buf)
            .map_err(|e| self.error(self.record, read_message(&e)))? as u64;
        self.pos += n;
        self.remaining -= n;
        if n == 0 {
            return Err(self.truncated());
        }
        if n > MAX_HEADER_BYTES {
            return Err(self.error(
                self.record,
                format!("an HTTP header line is over {MAX_HEADER_BYTES} bytes"),
            ));
        }
        Ok(())
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// An I/O error while reading, as said in an error message (decompression errors carry their
/// own words, see `input::Decompressed`).
fn read_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => "truncated: the compressed stream ends early".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

/// The header of an HTTP response.
#[derive(Debug)]
pub struct HttpHead {
    pub status: u16,
    pub fields: Vec<(String, String)>,
}

impl HttpHead {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the response is a page: `text/html` or `application/xhtml+xml`, or no
    /// Content-Type at all (the body is then sniffed by the caller).
    pub fn media_type(&self) -> Option<String> {
        self.field("Content-Type").map(|t| {
            t.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }
}

/// Undoes `Transfer-Encoding: chunked`. `None` when the chunks do not parse.
pub fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let eol = rest.iter().position(|&b| b == b'\n')?;
        let size_line = std::str::from_utf8(&rest[..eol]).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        rest = &rest[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest.strip_prefix(b"\r").unwrap_or(rest);
        rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: <http://a.example/x>\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn records_and_offsets() {
        let mut warc = record("warcinfo", "application/warc-fields", b"software: test\r\n");
        let second = warc.len() as u64;
        warc.extend(record(
            "response",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hi</p>",
        ));
        let mut r = WarcReader::new(&warc[..]);
        let first = r.next_record().unwrap().unwrap();
        assert_eq!((first.offset, first.is_http_response()), (0, false));
        let rec = r.next_record().unwrap().unwrap();
        assert_eq!(rec.offset, second);
        assert!(rec.is_http_response());
        assert_eq!(rec.target_uri().as_deref(), Some("http://a.example/x"));
        let http = r.http_head().unwrap();
        assert_eq!(http.status, 200);
        assert_eq!(http.media_type().as_deref(), Some("text/html"));
        let mut body = vec![];
        r.read_block(&mut body, 1000).unwrap();
        assert_eq!(body, b"<p>Hi</p>");
        assert!(r.next_record().unwrap().is_none());
    }

    #[test]
    fn truncation_and_garbage() {
        let warc = record("resource", "text/plain", b"0123456789");
        let cut = &warc[..warc.len() - 8];
        let mut r = WarcReader::new(cut);
        r.next_record().unwrap().unwrap();
        let e = r.next_record().unwrap_err();
        assert_eq!(e.offset, 0);
        assert!(e.message.contains("truncated"), "{}", e.message);

        let mut r = WarcReader::new(&warc[..20]);
        assert!(r
            .next_record()
            .unwrap_err()
            .message
            .contains("inside a record header"));

        let mut r = WarcReader::new(&b"GIF89a..."[..]);
        assert!(r
            .next_record()
            .unwrap_err()
            .message
            .contains("not a WARC record"));

        let mut r = WarcReader::new(&b"WARC/1.0\r\nWARC-Type: x\r\n\r\n"[..]);
        assert!(r
            .next_record()
            .unwrap_err()
            .message
            .contains("no Content-Length"));
    }

    #[test]
    fn chunks() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert_eq!(dechunk(b"zz\r\n"), None);
        assert_eq!(dechunk(b"9\r\nshort"), None);
    }
}
