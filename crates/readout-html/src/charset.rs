//! Which character set a page is in, and decoding it.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page `<meta charset>` is looked for. The HTML standard's prescan reads
/// 1024 bytes; real pages put long comments and scripts first, so more is read.
const PRESCAN_BYTES: usize = 16 * 1024;

/// Decodes a page to text and says in which encoding. In order:
/// 1. a byte-order mark (UTF-8, UTF-16LE/BE): it cannot be wrong, and the HTML standard puts
///    it before everything else;
/// 2. the charset of the HTTP `Content-Type` header (`content_type`), when given and known;
/// 3. `<meta charset=..>` or `<meta http-equiv=Content-Type content="..; charset=..">` in the
///    first 16 KiB;
/// 4. UTF-8 when the bytes are valid UTF-8, else windows-1252 (what browsers assume for an
///    undeclared legacy page; every byte sequence decodes in it).
///
/// A declared charset that is not the truth is still obeyed (as browsers do); bytes invalid in
/// it become U+FFFD.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> (String, &'static Encoding) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), encoding);
    }
    let declared = content_type
        .and_then(charset_of_content_type)
        .or_else(|| sniff_meta_charset(&bytes[..bytes.len().min(PRESCAN_BYTES)]));
    let encoding = match declared {
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => WINDOWS_1252,
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding)
}

/// The encoding named by the `charset` parameter of a `Content-Type` value
/// (`text/html; charset=ISO-8859-1`); `None` without one or for a label the Encoding
/// Standard does not know.
pub fn charset_of_content_type(value: &str) -> Option<&'static Encoding> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let label: String = match rest.strip_prefix(['"', '\'']) {
        Some(quoted) => quoted
            .chars()
            .take_while(|&c| c != '"' && c != '\'')
            .collect(),
        None => rest
            .chars()
            .take_while(|&c| !c.is_ascii_whitespace() && c != ';' && c != ',')
            .collect(),
    };
    for_meta_label(&label)
}

/// An encoding label from the page itself. A page that says UTF-16 in ASCII is not UTF-16
/// (it could not say so in ASCII): the HTML standard reads it as UTF-8, and
/// `x-user-defined` as windows-1252.
fn for_meta_label(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    Some(
        if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            UTF_8
        } else if encoding == encoding_rs::X_USER_DEFINED {
            WINDOWS_1252
        } else {
            encoding
        },
    )
}

/// The charset a `<meta>` element of `head` declares: `<meta charset="..">`, or
/// `<meta http-equiv="Content-Type" content="text/html; charset=..">`. Comments are skipped.
pub fn sniff_meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    // Each byte as one char (Latin-1): enough to read the ASCII markup of any
    // ASCII-compatible encoding. Positions below are into this string.
    let lower: String = head
        .iter()
        .map(|&b| (b as char).to_ascii_lowercase())
        .collect();
    let mut at = 0;
    while at < lower.len() {
        let rest = &lower[at..];
        let Some(open) = rest.find('<') else { break };
        let tag_start = at + open;
        let tag = &lower[tag_start..];
        if tag.starts_with("<!--") {
            at = match tag.find("-->") {
                Some(end) => tag_start + end + 3,
                None => break,
            };
            continue;
        }
        let end = tag.find('>').map_or(lower.len(), |e| tag_start + e);
        if tag.starts_with("<meta")
            && tag[5..].starts_with(|c: char| c.is_ascii_whitespace() || c == '/')
        {
            let attrs = attributes(&lower[tag_start + 5..end]);
            let get = |name: &str| {
                attrs
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
            };
            if let Some(label) = get("charset") {
                if let Some(e) = for_meta_label(label) {
                    return Some(e);
                }
            }
            if get("http-equiv").is_some_and(|v| v.trim() == "content-type") {
                if let Some(e) = get("content").and_then(charset_of_content_type) {
                    return Some(
                        if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
                            UTF_8
                        } else {
                            e
                        },
                    );
                }
            }
        }
        at = end + 1;
    }
    None
}

/// The attributes of a tag's inside (`name="v" name2=v2 flag`), names and values as written.
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let mut chars = s.char_indices().peekable();
    loop {
        while chars
            .next_if(|(_, c)| c.is_ascii_whitespace() || *c == '/')
            .is_some()
        {}
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        let mut end = start;
        while let Some((i, c)) =
            chars.next_if(|(_, c)| !c.is_ascii_whitespace() && *c != '=' && *c != '/')
        {
            end = i + c.len_utf8();
        }
        if end == start {
            // A stray character: skip it.
            chars.next();
            continue;
        }
        let name = s[start..end].to_string();
        while chars.next_if(|(_, c)| c.is_ascii_whitespace()).is_some() {}
        if chars.next_if(|(_, c)| *c == '=').is_none() {
            out.push((name, String::new()));
            continue;
        }
        while chars.next_if(|(_, c)| c.is_ascii_whitespace()).is_some() {}
        let value = match chars.next_if(|(_, c)| *c == '"' || *c == '\'') {
            Some((_, quote)) => {
                let mut v = String::new();
                for (_, c) in chars.by_ref() {
                    if c == quote {
                        break;
                    }
                    v.push(c);
                }
                v
            }
            None => {
                let mut v = String::new();
                while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_ascii_whitespace()) {
                    v.push(c);
                }
                v
            }
        };
        out.push((name, value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_charsets() {
        let of = |s| charset_of_content_type(s).map(|e| e.name());
        assert_eq!(of("text/html; charset=ISO-8859-1"), Some("windows-1252"));
        assert_eq!(of("text/html;charset=\"utf-8\""), Some("UTF-8"));
        assert_eq!(
            of("text/html; Charset = Shift_JIS ; q=1"),
            Some("Shift_JIS")
        );
        assert_eq!(of("text/html"), None);
        assert_eq!(of("text/html; charset=klingon"), None);
    }

    #[test]
    fn meta_charsets() {
        let of = |s: &str| sniff_meta_charset(s.as_bytes()).map(|e| e.name());
        assert_eq!(
            of("<html><head><META CHARSET=windows-1251>"),
            Some("windows-1251")
        );
        assert_eq!(
            of("<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-2'>"),
            Some("ISO-8859-2")
        );
        assert_eq!(
            of("<!-- <meta charset=koi8-r> --><meta charset=\"utf-8\"/>"),
            Some("UTF-8")
        );
        assert_eq!(
            of("<meta name=viewport content=width><meta charset=utf-16>"),
            Some("UTF-8")
        );
        assert_eq!(of("<metadata charset=latin1>"), None);
        assert_eq!(of("<p>no meta</p>"), None);
    }

    #[test]
    fn decoding_order() {
        // windows-1252 é is 0xE9.
        let page = b"<meta charset=windows-1252><p>caf\xE9</p>";
        assert!(decode(page, None).0.contains("café"));
        // The header wins over the page's meta.
        let (text, e) = decode(
            b"<meta charset=utf-8><p>caf\xE9</p>",
            Some("text/html; charset=latin1"),
        );
        assert_eq!(e.name(), "windows-1252");
        assert!(text.contains("café"));
        // A BOM wins over both.
        let (text, e) = decode(
            b"\xEF\xBB\xBF<meta charset=latin1><p>caf\xC3\xA9</p>",
            Some("text/html; charset=latin1"),
        );
        assert_eq!(e, UTF_8);
        assert_eq!(text, "<meta charset=latin1><p>café</p>");
        // UTF-16LE with its BOM.
        let utf16: Vec<u8> = "\u{feff}<p>é</p>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&utf16, None).0, "<p>é</p>");
        // Undeclared: UTF-8 when valid, else windows-1252, never lossy UTF-8.
        assert_eq!(decode("<p>café</p>".as_bytes(), None).1, UTF_8);
        let (text, e) = decode(b"<p>caf\xE9</p>", None);
        assert_eq!((text.as_str(), e), ("<p>café</p>", WINDOWS_1252));
    }
}
