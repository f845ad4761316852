//! A page's metadata: title, publication date, canonical URL and outlet, from `<meta>`
//! tags, JSON-LD (schema.org), `<time>` elements and the URL itself.

use scraper::{ElementRef, Html, Selector};
use serde::Serialize;
use serde_json::Value;

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
}

/// `<meta>` names (or properties) that give the publication date, after
/// `article:published_time` and JSON-LD, in order of trust.
const DATE_NAMES: &[&str] = &[
    "og:published_time",
    "article.published",
    "article_date_original",
    "datepublished",
    "publish-date",
    "publish_date",
    "publishdate",
    "published-date",
    "published_time",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "ptime",
    "pdate",
    "displaydate",
];

fn selector(css: &str) -> Selector {
    // The selectors are constants of this file; a typo is caught by the tests.
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e}"))
}

fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// Reads the metadata of a page (see [`crate::Page`] for where each field comes from).
pub fn metadata(html: &str) -> Metadata {
    let doc = Html::parse_document(html);
    let metas: Vec<(String, String)> = doc
        .select(&selector("meta[content]"))
        .filter_map(|m| {
            let e = m.value();
            let key = e
                .attr("property")
                .or_else(|| e.attr("name"))
                .or_else(|| e.attr("itemprop"))?;
            Some((
                key.trim().to_ascii_lowercase(),
                e.attr("content")?.to_string(),
            ))
        })
        .collect();
    let meta = |key: &str| {
        metas
            .iter()
            .filter(|(k, _)| k == key)
            .find_map(|(_, v)| clean(v))
    };
    let ld = json_ld(&doc);
    let ld_str = |key: &str| ld.iter().find_map(|item| item.get(key).and_then(text_of));

    let site = meta("og:site_name").or_else(|| {
        ld.iter().find_map(|item| {
            item.get("publisher")
                .and_then(|p| p.get("name"))
                .and_then(text_of)
        })
    });

    let title = meta("og:title")
        .or_else(|| ld_str("headline"))
        .or_else(|| meta("twitter:title"))
        .or_else(|| {
            doc.select(&selector("title"))
                .next()
                .and_then(|t| clean(&t.text().collect::<String>()))
        })
        .or_else(|| {
            doc.select(&selector("h1"))
                .next()
                .and_then(|t| clean(&t.text().collect::<String>()))
        })
        .map(|t| strip_site(&t, site.as_deref()));

    let url = doc
        .select(&selector("link[rel][href]"))
        .filter(|l| {
            l.value().attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("canonical"))
            })
        })
        .find_map(|l| absolute(l.value().attr("href")?))
        .or_else(|| meta("og:url").and_then(|u| absolute(&u)))
        .or_else(|| {
            ld.iter().find_map(|item| {
                item.get("url")
                    .and_then(text_of)
                    .or_else(|| item.get("mainEntityOfPage").and_then(id_of))
                    .and_then(|u| absolute(&u))
            })
        });

    let published = published(&doc, &metas, &ld, url.as_deref());

    Metadata {
        title,
        published,
        url,
        site,
    }
}

/// The publication date: JSON-LD `datePublished`, `article:published_time`, an
/// `itemprop=datePublished` element, the `<meta>` names of [`DATE_NAMES`], a `<time>`
/// marked `pubdate`, else a date in the canonical URL's path (`/2017/01/13/`). JSON-LD
/// comes first because pages fill `article:published_time` with the time of the last
/// update more often than they do `datePublished`. Every candidate must read as a date
/// ([`normalise_date`]); the first that does wins.
fn published(
    doc: &Html,
    metas: &[(String, String)],
    ld: &[Value],
    url: Option<&str>,
) -> Option<String> {
    let from_ld = ld
        .iter()
        .filter_map(|item| item.get("datePublished").and_then(text_of))
        .find_map(|d| normalise_date(&d));
    let from_meta = |key: &str| {
        metas
            .iter()
            .filter(|(k, _)| k == key)
            .find_map(|(_, v)| normalise_date(v))
    };
    let itemprop = || {
        doc.select(&selector("[itemprop~=datePublished]"))
            .find_map(|e| date_attr(e))
    };
    let time_pubdate = || {
        doc.select(&selector("time[pubdate]"))
            .find_map(|e| date_attr(e))
    };
    from_ld
        .or_else(|| from_meta("article:published_time"))
        .or_else(itemprop)
        .or_else(|| DATE_NAMES.iter().find_map(|k| from_meta(k)))
        .or_else(time_pubdate)
        .or_else(|| url.and_then(date_in_url))
}

/// A date from an element's `datetime` or `content` attribute, or its text.
fn date_attr(e: ElementRef<'_>) -> Option<String> {
    let v = e.value();
    v.attr("datetime")
        .or_else(|| v.attr("content"))
        .and_then(normalise_date)
        .or_else(|| normalise_date(&e.text().collect::<String>()))
}

/// `YYYY/MM/DD` or `YYYY-MM-DD` as consecutive segments of a URL's path.
fn date_in_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        if seg.len() == 10 {
            if let Some(d) = normalise_date(seg).filter(|d| d.len() == 10) {
                return Some(d);
            }
        }
        if seg.len() == 4 && i + 2 < segments.len() {
            let (m, d) = (segments[i + 1], segments[i + 2]);
            if m.len() == 2 && d.len() == 2 {
                if let Ok(date) = format!("{seg}-{m}-{d}").parse::<jiff::civil::Date>() {
                    return Some(date.to_string());
                }
            }
        }
    }
    None
}

/// A date or timestamp as pages write them, as `YYYY-MM-DD` or an RFC 3339 timestamp (when
/// it has a time and an offset): `2017-11-16T14:15+0000` → `2017-11-16T14:15:00+00:00`,
/// `2017-01-13 10:00` → `2017-01-13`, `20170113` → `2017-01-13`, `2017/01/13` →
/// `2017-01-13`, `Sat, 07 Dec 2024 12:43:39 GMT` → `2024-12-07T12:43:39+00:00`. `None` for
/// anything else.
pub fn normalise_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.parse::<jiff::Timestamp>().is_ok() {
        // Valid RFC 3339 (or close to it): keep it as written when it is, else rewrite it.
        if s.len() >= 20 && s.as_bytes()[10] == b'T' && valid_rfc3339(s) {
            return Some(s.to_string());
        }
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return Some(z.timestamp().display_with_offset(z.offset()).to_string());
    }
    let bytes = s.as_bytes();
    // YYYYMMDD
    if bytes.len() == 8 && bytes.iter().all(u8::is_ascii_digit) {
        return civil(&s[..4], &s[4..6], &s[6..8]);
    }
    // A date is ten ASCII bytes: when byte 10 falls inside a character, this is none.
    let (date, rest) = s.split_at_checked(10)?;
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    let [y, m, d] = parts[..] else { return None };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let day = civil(y, m, d)?;
    let rest = rest.trim_start_matches(['T', 't', ' ']);
    if rest.is_empty() || !date.contains('-') {
        return Some(day);
    }
    Some(with_time(&day, rest).unwrap_or(day))
}

fn civil(y: &str, m: &str, d: &str) -> Option<String> {
    format!("{y}-{m}-{d}")
        .parse::<jiff::civil::Date>()
        .ok()
        .filter(|d| (1900..=2200).contains(&d.year()))
        .map(|d| d.to_string())
}

/// Exactly RFC 3339: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
fn valid_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return false;
    }
    if !(digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            b.len() == i + 6 && digits(i + 1..i + 3) && b[i + 3] == b':' && digits(i + 4..i + 6)
        }
        _ => false,
    }
}

/// `day` with a time written as `HH:MM[:SS[.frac]]` followed by `Z`, `±HH:MM`, `±HHMM` or
/// `±HH`, as RFC 3339; `None` when the time has no offset or does not read.
fn with_time(day: &str, rest: &str) -> Option<String> {
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (time, zone) = rest.split_at(end);
    let mut hms = time.split(':');
    let h: u8 = hms.next()?.parse().ok()?;
    let m: u8 = hms.next()?.parse().ok()?;
    let s: f64 = hms.next().map_or(Some(0.0), |s| s.parse().ok())?;
    if h > 23 || m > 59 || !(0.0..60.0).contains(&s) {
        return None;
    }
    let zone = zone.trim();
    let offset = match zone {
        "Z" | "z" | "UTC" | "GMT" => "+00:00".to_string(),
        _ => {
            let sign = zone.chars().next().filter(|c| *c == '+' || *c == '-')?;
            let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
            if !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let (oh, om) = match digits.len() {
                2 => (&digits[..2], "00"),
                4 => (&digits[..2], &digits[2..]),
                _ => return None,
            };
            format!("{sign}{oh}:{om}")
        }
    };
    let out = format!("{day}T{h:02}:{m:02}:{:02}{offset}", s.trunc() as u8);
    out.parse::<jiff::Timestamp>().ok().map(|_| out)
}

/// A title without the outlet's name before or after it (`Title - BBC News`,
/// `BBC News | Title`), when the outlet is known and something is left.
fn strip_site(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    const SEPARATORS: &[&str] = &[" - ", " | ", " – ", " — ", " :: ", " · ", " • "];
    for sep in SEPARATORS {
        if let Some(head) = title.strip_suffix(&format!("{sep}{site}")) {
            if !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
        if let Some(tail) = title.strip_prefix(&format!("{site}{sep}")) {
            if !tail.trim().is_empty() {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// An absolute `http(s)` URL, or `None`.
fn absolute(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("http://") || lower.starts_with("https://"))
        && url.len() > "https://".len()
        && !url.contains(char::is_whitespace);
    ok.then(|| url.to_string())
}

/// A JSON-LD value as text: a string, or the first string of an array.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clean(s),
        Value::Array(a) => a.iter().find_map(text_of),
        _ => None,
    }
}

/// A JSON-LD reference: a string, or an object's `@id` (or `url`).
fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clean(s),
        Value::Object(o) => o.get("@id").or_else(|| o.get("url")).and_then(text_of),
        _ => None,
    }
}

/// schema.org types of an article.
fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    t.ends_with("Article") || matches!(t, "BlogPosting" | "Report" | "LiveBlogPosting")
}

/// The JSON-LD items of the page (objects, arrays and `@graph`s flattened), articles first.
fn json_ld(doc: &Html) -> Vec<Value> {
    let mut items = vec![];
    for script in doc.select(&selector("script[type]")) {
        let is_ld = script
            .value()
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let raw: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(unwrap_script(&raw)) else {
            continue;
        };
        flatten(value, &mut items, 0);
    }
    let is_article = |v: &Value| match v.get("@type") {
        Some(Value::String(t)) => is_article_type(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_article_type),
        _ => false,
    };
    let (mut articles, others): (Vec<Value>, Vec<Value>) = items.into_iter().partition(is_article);
    articles.extend(others);
    articles
}

/// A script's JSON without the `<![CDATA[ ]]>` or `<!-- -->` some pages wrap it in.
fn unwrap_script(raw: &str) -> &str {
    let mut s = raw.trim();
    for (open, close) in [("<![CDATA[", "]]>"), ("<!--", "-->")] {
        let start = s.trim_start_matches('/').trim_start();
        if let Some(inner) = start.strip_prefix(open) {
            s = inner.trim();
            if let Some(inner) = s.strip_suffix(close) {
                s = inner.trim_end().trim_end_matches('/').trim_end();
            }
        }
    }
    s.trim_end_matches(';')
}

fn flatten(value: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(a) => a.into_iter().for_each(|v| flatten(v, out, depth + 1)),
        Value::Object(mut o) => {
            if let Some(graph) = o.remove("@graph") {
                flatten(graph, out, depth + 1);
            }
            if !o.is_empty() {
                out.push(Value::Object(o));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let n = |s| normalise_date(s);
        assert_eq!(
            n("2024-12-06T22:00:40.000Z").as_deref(),
            Some("2024-12-06T22:00:40.000Z")
        );
        assert_eq!(
            n("2015-07-24T05:36:09+01:00").as_deref(),
            Some("2015-07-24T05:36:09+01:00")
        );
        assert_eq!(
            n("2017-11-16T14:15+0000").as_deref(),
            Some("2017-11-16T14:15:00+00:00")
        );
        assert_eq!(n("2017-11-16 11:13").as_deref(), Some("2017-11-16"));
        assert_eq!(n("2017-11-21T06:17:38").as_deref(), Some("2017-11-21"));
        assert_eq!(n("20170113").as_deref(), Some("2017-01-13"));
        assert_eq!(n("2017/01/13").as_deref(), Some("2017-01-13"));
        assert_eq!(
            n("Sat, 07 Dec 2024 12:43:39 GMT").as_deref(),
            Some("2024-12-07T12:43:39+00:00")
        );
        assert_eq!(n(" 2015-03-18 ").as_deref(), Some("2015-03-18"));
        for bad in [
            "",
            "yesterday",
            "2017-13-01",
            "12345678",
            "Thu Sep 16 2021",
            "0001-01-01",
        ] {
            assert_eq!(n(bad), None, "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert_eq!(
            date_in_url("http://x.com/world/2015/03/18/abc.html").as_deref(),
            Some("2015-03-18")
        );
        assert_eq!(
            date_in_url("https://x.com/news/2017-11-16/story").as_deref(),
            Some("2017-11-16")
        );
        assert_eq!(date_in_url("https://x.com/2017/99/18/story"), None);
        assert_eq!(date_in_url("https://x.com/story?d=2017/01/02"), None);
    }

    #[test]
    fn wrapped_json_ld() {
        assert_eq!(
            unwrap_script("\n <![CDATA[\n {\"a\":1}\n ]]>\n"),
            "{\"a\":1}"
        );
        assert_eq!(unwrap_script("//<!--\n{\"a\":1};\n//-->"), "{\"a\":1}");
        assert_eq!(unwrap_script(" {\"a\":1} "), "{\"a\":1}");
    }

    #[test]
    fn titles() {
        assert_eq!(
            strip_site("Obama admits - BBC News", Some("BBC News")),
            "Obama admits"
        );
        assert_eq!(
            strip_site("BBC News | Obama admits", Some("BBC News")),
            "Obama admits"
        );
        assert_eq!(strip_site("A - B", None), "A - B");
        assert_eq!(strip_site(" - BBC News", Some("BBC News")), " - BBC News");
    }

    #[test]
    fn metadata_sources() {
        let m = metadata(
            r#"<html><head><title>Talks resume | Daily Planet</title>
            <meta property="og:site_name" content="Daily Planet">
            <link rel="canonical" href="https://planet.example/2023/06/05/talks">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Planet"},
              {"@type":["NewsArticle"],"headline":"Talks resume","datePublished":"2023-06-05T09:00:00-04:00"}]}
            </script></head><body><h1>Other</h1></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Talks resume"));
        assert_eq!(m.published.as_deref(), Some("2023-06-05T09:00:00-04:00"));
        assert_eq!(
            m.url.as_deref(),
            Some("https://planet.example/2023/06/05/talks")
        );
        assert_eq!(m.site.as_deref(), Some("Daily Planet"));

        // Fallbacks: <title>, a <time pubdate>, og:url, the JSON-LD publisher.
        let m = metadata(
            r#"<title>Only title</title><meta property="og:url" content="http://a.example/x">
            <script type="application/ld+json">{"@type":"Article","publisher":{"name":"A Daily"}}</script>
            <link rel="canonical" href="/relative"><time pubdate datetime="2020-02-03">Feb 3</time>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Only title"));
        assert_eq!(m.published.as_deref(), Some("2020-02-03"));
        assert_eq!(m.url.as_deref(), Some("http://a.example/x"));
        assert_eq!(m.site.as_deref(), Some("A Daily"));

        // A date only in the URL; an <h1> only; broken JSON-LD ignored.
        let m = metadata(
            r#"<link rel="canonical" href="https://b.example/2019/07/01/story"><script type="application/ld+json">{oops</script><h1> The  headline </h1>"#,
        );
        assert_eq!(m.title.as_deref(), Some("The headline"));
        assert_eq!(m.published.as_deref(), Some("2019-07-01"));
        assert_eq!(metadata(""), Metadata::default());
    }
}
