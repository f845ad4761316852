use super::*;

/// A news page with the furniture real pages have around an article: navigation, a header,
/// share buttons, a related-stories list, a newsletter form, a footer.
fn page(charset_meta: &str, body_extra: &str) -> String {
    format!(
        r##"<!DOCTYPE html><html><head>{charset_meta}<title>Ministers meet in Geneva - Example News</title>
<meta property="og:site_name" content="Example News">
<script type="application/ld+json">
{{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ministers meet in Geneva",
  "datePublished":"2023-06-05T10:30:00+02:00","url":"https://news.example/world/ministers-geneva",
  "publisher":{{"@type":"Organization","name":"Example News Group"}}}}
</script></head>
<body>
<header class="site-header"><a href="/">Example News</a><nav><ul><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<main><article class="story">
<h1>Ministers meet in Geneva</h1>
<p>The foreign ministers of France and Germany met in Geneva on Monday to discuss the
crisis in the region, officials said, in a meeting both sides called productive.</p>
<p>French Foreign Minister Catherine Colonna told reporters that the talks had been
&ldquo;frank and useful&rdquo; and that a further round would follow in July.</p>
<p>German Foreign Minister Annalena Baerbock said Berlin wanted a lasting settlement and
would send a delegation to the region before the end of the month.</p>
{body_extra}
<p>The next meeting is expected in Paris, according to a statement from the French
foreign ministry, which did not give a date.</p>
</article></main>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Markets rally after rate decision</a></li>
<li><a href="/b">Storm closes airport for a second day</a></li>
<li><a href="/c">Ten recipes for the summer</a></li></ul></aside>
<form class="newsletter"><p>Sign up for our daily newsletter</p><input type="email"><button>Subscribe</button></form>
<footer><p>Copyright 2023 Example News. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"##
    )
}

#[test]
fn boilerplate_is_dropped_and_paragraphs_kept() {
    let p = read_page(page("<meta charset=utf-8>", "").as_bytes(), None).unwrap();
    let paras: Vec<&str> = p.text.split("\n\n").collect();
    assert_eq!(paras.len(), 4, "{}", p.text);
    assert!(paras[0].starts_with("The foreign ministers of France and Germany met in Geneva"));
    assert!(paras[1].contains("“frank and useful”"), "{}", paras[1]);
    assert!(!p.text.contains('\n') || p.text.split("\n\n").all(|q| !q.contains('\n')));
    for furniture in [
        "Share on",
        "Politics",
        "Related stories",
        "Markets rally",
        "newsletter",
        "Copyright",
        "Privacy",
    ] {
        assert!(!p.text.contains(furniture), "{furniture:?} in {}", p.text);
    }
}

#[test]
fn metadata_from_json_ld() {
    let p = read_page(page("<meta charset=utf-8>", "").as_bytes(), None).unwrap();
    assert_eq!(p.title.as_deref(), Some("Ministers meet in Geneva"));
    assert_eq!(p.published.as_deref(), Some("2023-06-05T10:30:00+02:00"));
    assert_eq!(
        p.url.as_deref(),
        Some("https://news.example/world/ministers-geneva")
    );
    // og:site_name before the JSON-LD publisher.
    assert_eq!(p.site.as_deref(), Some("Example News"));
}

/// The page in windows-1252: "é" is the one byte 0xE9, invalid as UTF-8.
fn cp1252(html: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(html);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn charset_from_meta() {
    let extra = "<p>Le ministre a déclaré que la réunion était «&nbsp;très utile&nbsp;», a rapporté l’agence.</p>";
    let bytes = cp1252(&page("<meta charset=\"windows-1252\">", extra));
    assert!(bytes.contains(&0xE9) && std::str::from_utf8(&bytes).is_err());
    let p = read_page(&bytes, None).unwrap();
    assert!(
        p.text.contains(
            "Le ministre a déclaré que la réunion était « très utile », a rapporté l’agence."
        ),
        "{}",
        p.text
    );

    let bytes = cp1252(&page(
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">",
        extra,
    ));
    assert!(read_page(&bytes, None).unwrap().text.contains("déclaré"));
}

#[test]
fn charset_from_the_http_header() {
    let extra = "<p>Le ministre a déclaré que la réunion était utile et que les deux pays continueraient.</p>";
    // The page says nothing; the header says windows-1252.
    let bytes = cp1252(&page("", extra));
    let p = read_page(&bytes, Some("text/html; charset=windows-1252")).unwrap();
    assert!(p.text.contains("déclaré"), "{}", p.text);
    // The header wins over a wrong meta.
    let bytes = cp1252(&page("<meta charset=utf-8>", extra));
    let p = read_page(&bytes, Some("text/html; charset=ISO-8859-1")).unwrap();
    assert!(p.text.contains("déclaré"));
    // Undeclared everywhere and not UTF-8: windows-1252, not replacement characters.
    let p = read_page(&cp1252(&page("", extra)), Some("text/html")).unwrap();
    assert!(p.text.contains("déclaré") && !p.text.contains('\u{fffd}'));
}

#[test]
fn short_pages_and_bad_input() {
    // Too little for Readability: the body is read, without its furniture.
    let p = read_page(
        b"<html><body><nav>Menu</nav><p>One short line.</p><footer>(c)</footer></body></html>",
        None,
    )
    .unwrap();
    assert_eq!(p.text, "One short line.");
    let p = read_page(b"Just some text, no tags.", None).unwrap();
    assert_eq!(p.text, "Just some text, no tags.");
    assert_eq!(read_page(b"  \n", None), Err(PageError::Empty));
    assert_eq!(
        read_page(b"<html><body><nav>Menu</nav></body></html>", None),
        Err(PageError::NoText)
    );
    assert_eq!(read_page(b"<p>a\0b</p>", None), Err(PageError::Binary));
}

#[test]
fn deep_pages_do_not_overflow() {
    let html = format!(
        "<html><body>{}<p>Deep text that is the only paragraph on the page.</p>{}</body></html>",
        "<div>".repeat(3_000),
        "</div>".repeat(3_000)
    );
    let p = read_page(html.as_bytes(), None).unwrap();
    assert_eq!(p.text, "Deep text that is the only paragraph on the page.");
}
