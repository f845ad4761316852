//! The article's text: its main content found by `dom_smoothie` (Readability), then written
//! out one paragraph per block element.

use scraper::{Html, Node};

/// Elements that hold no article text: never read.
const SKIPPED: &[&str] = &[
    "audio",
    "button",
    "canvas",
    "embed",
    "figcaption",
    "figure",
    "head",
    "iframe",
    "input",
    "map",
    "math",
    "noscript",
    "object",
    "option",
    "picture",
    "script",
    "select",
    "style",
    "svg",
    "template",
    "textarea",
    "title",
    "video",
];

/// Navigation and forms: never article text, not even inside the main content.
const CONTROLS: &[&str] = &["form", "menu", "nav"];

/// Also skipped when no main content was found and the whole page is read: page furniture.
const FURNITURE: &[&str] = &["aside", "footer", "header"];

/// Elements whose text is a paragraph of its own.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// The main text of a page: the content Readability picks (`dom_smoothie`), as
/// [`block_text`] writes it. When Readability finds nothing, the whole `<body>` is read,
/// without its navigation, header, footer, asides and forms. Empty when the page has no text.
pub fn article_text(html: &str) -> String {
    let content = dom_smoothie::Readability::new(html, None, None)
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|article| block_text(&article.content, false))
        .filter(|t| !t.is_empty());
    content.unwrap_or_else(|| block_text(html, true))
}

/// The text of an HTML document or fragment: one paragraph per block element (`p`, `li`,
/// headings, `div`, a `<br>` ...), paragraphs separated by a blank line; runs of white space
/// inside a paragraph become one space; soft hyphens and zero-width characters are dropped;
/// figures and captions, scripts, styles, navigation, menus and forms are left out, and with
/// `skip_furniture` also `header`, `footer` and `aside`.
pub fn block_text(html: &str, skip_furniture: bool) -> String {
    let doc = Html::parse_document(html);
    let mut out = Paragraphs::default();
    // Depth-first with an explicit stack: pages can nest deeper than the call stack allows.
    let mut stack = vec![(doc.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        let element = node.value().as_element();
        let block = element.is_some_and(|e| BLOCKS.contains(&e.name()));
        if closing {
            if block {
                out.end_paragraph();
            }
            continue;
        }
        match node.value() {
            Node::Text(t) => out.push_text(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name)
                    || CONTROLS.contains(&name)
                    || (skip_furniture && FURNITURE.contains(&name))
                    || e.attr("hidden").is_some()
                {
                    continue;
                }
                if matches!(name, "td" | "th") {
                    out.space();
                }
            }
            _ => {}
        }
        if block {
            out.end_paragraph();
        }
        stack.push((node, true));
        let first = stack.len();
        stack.extend(node.children().map(|c| (c, false)));
        stack[first..].reverse();
    }
    out.end_paragraph();
    out.done.join("\n\n")
}

#[derive(Default)]
struct Paragraphs {
    done: Vec<String>,
    current: String,
    space: bool,
}

impl Paragraphs {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else if is_invisible(c) {
                continue;
            } else {
                if self.space && !self.current.is_empty() {
                    self.current.push(' ');
                }
                self.space = false;
                self.current.push(c);
            }
        }
    }

    fn space(&mut self) {
        self.space = true;
    }

    fn end_paragraph(&mut self) {
        if !self.current.is_empty() {
            self.done.push(std::mem::take(&mut self.current));
        }
        self.space = false;
    }
}

/// Characters a reader does not see and that would split or glue words: the soft hyphen,
/// zero-width spaces and joiners, the word joiner and a stray byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs() {
        let t = block_text(
            "<div><h2>Head</h2><p>One\n  <b>bold</b>ly,\u{a0}Netan\u{ad}yahu said.</p>\
             <p>Two<br>lines</p><figure><img src=x><figcaption>Caption</figcaption></figure>\
             <ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table>\
             <span class=dropcap>Z</span>imbabwe<script>var x;</script></div>",
            false,
        );
        assert_eq!(
            t,
            "Head\n\nOne boldly, Netanyahu said.\n\nTwo\n\nlines\n\na\n\nb\n\nx y\n\nZimbabwe"
        );
    }

    #[test]
    fn furniture_only_when_asked() {
        let html = "<body><nav>Home</nav><p>Text</p><footer>(c)</footer></body>";
        assert_eq!(block_text(html, false), "Text\n\n(c)");
        assert_eq!(block_text(html, true), "Text");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!(
            "{}deep{}",
            "<div><span>".repeat(8_000),
            "</span></div>".repeat(8_000)
        );
        assert_eq!(block_text(&html, false), "deep");
    }
}
