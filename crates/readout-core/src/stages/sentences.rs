//! Sentence splitter over tokens: full stops, question and exclamation marks (with the closing
//! quotes and brackets after them), and line breaks, which always end a sentence and a paragraph.
//! Abbreviations carry their dot inside the token, so "U.S." and "Gen." never end a sentence
//! unless a closed-class word ("The", "He", "But") follows a clause-final one ("...in the U.S. The").

use crate::document::{Document, Sentence, Span, TokenKind};
use crate::lexicon::English;

pub fn split(doc: &mut Document<'_>, english: &English) {
    let n = doc.tokens.len();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut paragraph = 0;
    let mut i = 0;
    while i < n {
        if i > start && doc.tokens[i].newline_before {
            push(doc, &mut sentences, start, i, paragraph);
            if blank_line_or_break(doc, i) {
                paragraph += 1;
            }
            start = i;
        }
        let tok = &doc.tokens[i];
        let surface = doc.slice(tok.span);
        let mut end_here = false;
        if tok.kind == TokenKind::Punct && matches!(surface, "." | "!" | "?" | "\u{2026}") {
            end_here = true;
        } else if tok.kind == TokenKind::Word && surface.ends_with('.') && surface.len() > 1 {
            let stem = &tok.norm[..tok.norm.len() - 1];
            if english.is_sentence_final_abbreviation(stem) {
                end_here = doc
                    .tokens
                    .get(i + 1)
                    .is_some_and(|next| next.capitalized && english.is_closed_class(&next.norm));
            }
        }
        if end_here {
            // take closing quotes and brackets along
            let mut j = i + 1;
            while j < n
                && !doc.tokens[j].space_before
                && !doc.tokens[j].newline_before
                && is_closer(doc.slice(doc.tokens[j].span))
            {
                j += 1;
            }
            let next_starts = match doc.tokens.get(j) {
                None => true,
                Some(next) => {
                    next.newline_before
                        || next.capitalized
                        || next.kind == TokenKind::Number
                        || next.kind == TokenKind::Quote
                        || is_opener(doc.slice(next.span))
                }
            };
            if next_starts && j > start {
                push(doc, &mut sentences, start, j, paragraph);
                if j < n && blank_line_or_break(doc, j) {
                    paragraph += 1;
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < n {
        push(doc, &mut sentences, start, n, paragraph);
    }
    for (s_idx, s) in sentences.iter().enumerate() {
        for t in s.tokens.clone() {
            doc.tokens[t].sentence = s_idx;
        }
    }
    doc.sentences = sentences;
}

fn push(doc: &Document<'_>, out: &mut Vec<Sentence>, start: usize, end: usize, paragraph: usize) {
    let span = Span::new(doc.tokens[start].span.start, doc.tokens[end - 1].span.end);
    out.push(Sentence {
        span,
        tokens: start..end,
        paragraph,
    });
}

/// Paragraphs: in news text every line break starts a paragraph.
fn blank_line_or_break(doc: &Document<'_>, i: usize) -> bool {
    doc.tokens[i].newline_before
}

fn is_closer(s: &str) -> bool {
    matches!(
        s,
        "\"" | "\u{201D}" | "\u{2019}" | "'" | ")" | "]" | "\u{00BB}"
    )
}

fn is_opener(s: &str) -> bool {
    matches!(s, "(" | "[" | "\u{201C}" | "\u{2018}" | "\u{00AB}")
}
