//! Pre-tokenizer: words, numbers, punctuation and quotation marks with byte offsets.
//!
//! Abbreviations keep their dot ("U.S.", "Gen."), so the sentence splitter never sees it as a
//! full stop; possessive and contracted endings ("'s", "n't") become tokens of their own, so
//! "Blinken's" is the name "Blinken" followed by "'s".

use crate::document::{Document, Span, Token, TokenKind};
use crate::lexicon::English;

pub fn tokenize(doc: &mut Document<'_>, english: &English) {
    doc.tokens = scan(doc.text, Some(english));
}

/// The normalised key a dictionary phrase is matched by: its tokens' `norm` joined by spaces.
pub fn phrase_key(surface: &str) -> String {
    scan(surface, None)
        .iter()
        .map(|t| t.norm.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The token surfaces of a short string.
pub fn tokenize_str(surface: &str) -> Vec<String> {
    scan(surface, None)
        .iter()
        .map(|t| surface[t.span.start..t.span.end].to_string())
        .collect()
}

/// Typographic apostrophes folded, case kept.
pub fn normalize_quotes(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02BC}') {
                '\''
            } else {
                c
            }
        })
        .collect()
}

fn scan(text: &str, english: Option<&English>) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| if k < n { chars[k].0 } else { text.len() };
    let mut tokens: Vec<Token> = Vec::with_capacity(n / 5);
    let mut i = 0;
    let mut space_before = true;
    let mut newline_before = true;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            space_before = true;
            if c == '\n' || c == '\r' || c == '\u{2029}' {
                newline_before = true;
            }
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let mut j = i + 1;
            while j < n {
                let d = chars[j].1;
                if d.is_alphanumeric() || is_mark(d) {
                    j += 1;
                } else if (d == ',' || d == '.')
                    && numeric
                    && j + 1 < n
                    && chars[j + 1].1.is_ascii_digit()
                {
                    // "1,000" and "3.5"
                    j += 2;
                } else {
                    break;
                }
            }
            // Dotted abbreviations: "U.S.", "e.g.", "D.C."
            if j < n && chars[j].1 == '.' && j - i == 1 && c.is_alphabetic() {
                let mut k = j;
                while k + 2 < n
                    && chars[k].1 == '.'
                    && chars[k + 1].1.is_alphabetic()
                    && !chars[k + 2].1.is_alphanumeric()
                {
                    k += 2;
                }
                if k < n && chars[k].1 == '.' {
                    j = k + 1;
                }
            }
            // Apostrophe inside a word: "O'Brien" stays whole; "'s", "'re", "n't" split off.
            if j + 1 < n && is_apostrophe(chars[j].1) && chars[j + 1].1.is_alphabetic() {
                let mut k = j + 1;
                while k < n && chars[k].1.is_alphabetic() {
                    k += 1;
                }
                let suffix: String = chars[j + 1..k]
                    .iter()
                    .map(|&(_, ch)| ch.to_ascii_lowercase())
                    .collect();
                let is_clitic = matches!(suffix.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m");
                let before_t = j > i && chars[j - 1].1.eq_ignore_ascii_case(&'n') && suffix == "t";
                if before_t {
                    // "can't" → "ca" + "n't"; at "n't" itself the whole clitic is one token
                    j = if j - 1 > i { j - 1 } else { k };
                } else if !is_clitic && chars[j + 1].1.is_uppercase() {
                    j = k;
                }
            }
            // A trailing dot of a known abbreviation or an initial belongs to the word.
            if j < n && chars[j].1 == '.' && !text[at(i)..at(j)].contains('.') {
                let word = text[at(i)..at(j)].to_lowercase();
                let initial = j - i == 1 && c.is_uppercase();
                if initial || english.is_some_and(|e| e.is_abbreviation(&word)) {
                    j += 1;
                }
            }
            kind = if numeric {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            i = j;
        } else if is_apostrophe(c)
            && i + 1 < n
            && chars[i + 1].1.is_alphabetic()
            && i > 0
            && !chars[i - 1].1.is_whitespace()
        {
            // clitic "'s", "'re" or "n't" split from the word before it
            let mut k = i + 1;
            while k < n && chars[k].1.is_alphabetic() {
                k += 1;
            }
            kind = TokenKind::Word;
            i = k;
        } else {
            kind = if is_quote(c) {
                TokenKind::Quote
            } else {
                TokenKind::Punct
            };
            i += 1;
        }
        let span = Span::new(at(start), at(i));
        let surface = &text[span.start..span.end];
        let norm = normalize(surface);
        let mut letters = surface.chars().filter(|ch| ch.is_alphabetic());
        let capitalized = surface.chars().next().is_some_and(|ch| ch.is_uppercase());
        let upper_count = surface.chars().filter(|ch| ch.is_uppercase()).count();
        let all_caps = upper_count >= 2 && letters.all(|ch| ch.is_uppercase());
        tokens.push(Token {
            span,
            kind,
            norm,
            capitalized,
            all_caps,
            space_before,
            newline_before,
            sentence: 0,
        });
        space_before = false;
        newline_before = false;
    }
    tokens
}

/// Lower case with typographic apostrophes folded.
pub fn normalize(surface: &str) -> String {
    if surface.is_ascii() && !surface.contains('`') {
        return surface.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(surface.len());
    for ch in surface.chars() {
        match ch {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' => out.push('\''),
            _ => out.extend(ch.to_lowercase()),
        }
    }
    out
}

pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_mark(c: char) -> bool {
    // combining marks keep accented names whole in decomposed text
    ('\u{0300}'..='\u{036F}').contains(&c)
}

pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2018}'
            | '\u{2019}'
            | '\''
            | '\u{201A}'
            | '\u{201B}'
            | '\u{2039}'
            | '\u{203A}'
            | '\u{300C}'
            | '\u{300D}'
    )
}
