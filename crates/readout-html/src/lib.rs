//! Read a news page: the article's main text without boilerplate, and its metadata (title,
//! publication date, canonical URL, outlet), with the page's own character set.
//!
//! [`read_page`] decodes the bytes ([`decode`]: byte-order mark, the HTTP `Content-Type`
//! charset, `<meta charset>` / `http-equiv`, else UTF-8 — or windows-1252 when the bytes
//! are not UTF-8), finds the article's main content with `dom_smoothie` (a port of Mozilla's
//! Readability.js, chosen by measurement: docs/accuracy.md, "Reading HTML pages"), turns it
//! into plain text with one paragraph per block element, paragraphs separated by a blank
//! line, and reads the metadata with `scraper` ([`metadata`]).

mod charset;
mod meta;
mod text;

use serde::Serialize;

pub use charset::{charset_of_content_type, decode, sniff_meta_charset};
pub use meta::{metadata, normalise_date, Metadata};
pub use text::{article_text, block_text};

/// What was read from a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Page {
    /// The headline: `og:title`, JSON-LD `headline`, `twitter:title`, `<title>` or the first
    /// `<h1>`, without a trailing (or leading) outlet name such as ` - BBC News`.
    pub title: Option<String>,
    /// The publication date: `YYYY-MM-DD`, or an RFC 3339 timestamp when the page gives a
    /// time with its offset.
    pub published: Option<String>,
    /// The canonical URL (`<link rel=canonical>`, else `og:url`, else JSON-LD `url`); only
    /// absolute `http(s)` URLs count.
    pub url: Option<String>,
    /// The outlet: `og:site_name`, else the JSON-LD publisher's name.
    pub site: Option<String>,
    /// The article's text: paragraphs separated by a blank line (`\n\n`), no line breaks
    /// inside a paragraph.
    pub text: String,
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("the page is empty")]
    Empty,
    #[error("looks binary (NUL bytes), not an HTML page")]
    Binary,
    #[error("no article text found in the page")]
    NoText,
}

/// Reads a page: decodes `bytes` with the charset of `content_type` (an HTTP `Content-Type`
/// header value, when the page came with one) or of the page itself, then extracts the
/// article's text and metadata.
pub fn read_page(bytes: &[u8], content_type: Option<&str>) -> Result<Page, PageError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(PageError::Empty);
    }
    let (html, _) = decode(bytes, content_type);
    // UTF-16 pages hold NUL bytes before decoding; after it, any left are binary data.
    if html.contains('\0') {
        return Err(PageError::Binary);
    }
    read_html(&html)
}

/// [`read_page`] for a page already decoded.
pub fn read_html(html: &str) -> Result<Page, PageError> {
    let meta = metadata(html);
    let text = article_text(html);
    if text.is_empty() {
        return Err(PageError::NoText);
    }
    Ok(Page {
        title: meta.title,
        published: meta.published,
        url: meta.url,
        site: meta.site,
        text,
    })
}

#[cfg(test)]
mod tests;
