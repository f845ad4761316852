//! Rebuilding natural article text from the corpora's tokens.
//!
//! Both corpora are tokenised PTB-style (`Ryanair 's`, `do n't`, ``` `` ``, `( EADS )`).
//! [`lay_out`] joins tokens back into running text with the usual English spacing rules
//! and records every token's code-point span in the result, so that gold annotations
//! (which point at tokens) become code-point offsets into the text given to the coder.

/// How a token behaves as a quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quote {
    No,
    /// Opening quote: no space after it.
    Open,
    /// Closing quote (or possessive apostrophe): no space before it.
    Close,
}

/// One token, ready for layout.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// The characters written for the token (PTB quotes already turned into `"`).
    pub surface: String,
    pub quote: Quote,
    /// The token is written without a space before the next one (GUM `<w>` groups).
    pub glue_next: bool,
    /// Tokens of one sentence share this number.
    pub sentence: usize,
    /// Tokens of one paragraph (line of text) share this number.
    pub block: usize,
}

impl Tok {
    pub fn new(surface: impl Into<String>, sentence: usize, block: usize) -> Tok {
        Tok {
            surface: surface.into(),
            quote: Quote::No,
            glue_next: false,
            sentence,
            block,
        }
    }
}

/// Text plus the code-point span `[start, end)` of every token.
#[derive(Debug, Clone, Default)]
pub(crate) struct Laid {
    pub text: String,
    pub spans: Vec<(usize, usize)>,
}

/// Tokens never preceded by a space.
const NO_SPACE_BEFORE: &[&str] = &[",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "…"];
/// Tokens never followed by a space.
const NO_SPACE_AFTER: &[&str] = &["(", "[", "{", "$", "#", "£", "€", "¥"];
/// Clitics split off by PTB tokenisation, written against the previous token.
const CLITICS: &[&str] = &[
    "'s", "'re", "'ve", "'ll", "'d", "'m", "n't", "’s", "’re", "’ve", "’ll", "’d", "’m", "n’t",
];
/// What can follow a lone apostrophe token in `Wayne ’ s` / `I' m`.
const APOSTROPHE_TAILS: &[&str] = &["s", "t", "re", "ve", "ll", "d", "m"];

fn is_clitic(s: &str) -> bool {
    CLITICS.iter().any(|c| c.eq_ignore_ascii_case(s))
}

/// `US$`, `C$`, `HK$`: currency prefixes written against the amount.
fn is_currency_prefix(s: &str) -> bool {
    s.len() <= 4 && s.ends_with('$')
}

/// Whether a space goes between `prev` and `cur` inside one sentence.
pub(crate) fn space_between(prev: &Tok, cur: &Tok) -> bool {
    let p = prev.surface.as_str();
    let c = cur.surface.as_str();
    if prev.glue_next || prev.quote == Quote::Open || cur.quote == Quote::Close {
        return false;
    }
    if NO_SPACE_BEFORE.contains(&c) || is_clitic(c) {
        return false;
    }
    if NO_SPACE_AFTER.contains(&p) || is_currency_prefix(p) {
        return false;
    }
    // `Wayne ’ s`, `Airbus ' s`
    if (p == "'" || p == "’") && APOSTROPHE_TAILS.iter().any(|t| t.eq_ignore_ascii_case(c)) {
        return false;
    }
    // `O' Leary`, `I' m`: a capital letter and an apostrophe.
    let pc: Vec<char> = p.chars().collect();
    if pc.len() == 2 && pc[0].is_uppercase() && (pc[1] == '\'' || pc[1] == '’') {
        return false;
    }
    // `O 'Reilly`
    if p == "O" && (c.starts_with('\'') || c.starts_with('’')) {
        return c.chars().nth(1).is_none_or(|ch| !ch.is_uppercase());
    }
    true
}

/// Joins tokens: a newline between blocks, a space between sentences of a block, the
/// spacing rules of [`space_between`] inside a sentence.
pub(crate) fn lay_out(toks: &[Tok]) -> Laid {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(toks.len());
    let mut n = 0usize;
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            let prev = &toks[i - 1];
            if t.block != prev.block {
                text.push('\n');
                n += 1;
            } else if t.sentence != prev.sentence || space_between(prev, t) {
                text.push(' ');
                n += 1;
            }
        }
        let start = n;
        text.push_str(&t.surface);
        n += t.surface.chars().count();
        spans.push((start, n));
    }
    Laid { text, spans }
}

/// The code-point slice `[start, end)` of `text`.
pub(crate) fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// Assigns [`Quote`] to PTB and typographic quote tokens and rewrites PTB quotes
/// (``` `` ```, `''`) as `"`. Straight `"` alternate open/close through the document.
pub(crate) fn resolve_quotes(toks: &mut [Tok]) {
    let mut open = false;
    for t in toks.iter_mut() {
        if t.quote != Quote::No {
            // Already known (GUM's PTB tags): only track straight double quotes.
            if t.surface == "\"" {
                open = t.quote == Quote::Open;
            }
            continue;
        }
        let (surface, quote) = match t.surface.as_str() {
            "``" => ("\"", Quote::Open),
            "''" => ("\"", Quote::Close),
            "`" => ("'", Quote::Open),
            "“" | "‘" => (t.surface.as_str(), Quote::Open),
            "”" | "'" | "’" => (t.surface.as_str(), Quote::Close),
            "\"" => ("\"", if open { Quote::Close } else { Quote::Open }),
            _ => continue,
        };
        if surface == "\"" {
            open = quote == Quote::Open;
        }
        t.surface = surface.to_string();
        t.quote = quote;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(words: &str) -> Vec<Tok> {
        let mut sentence = 0;
        let mut out = vec![];
        for w in words.split(' ') {
            if w == "|" {
                sentence += 1;
                continue;
            }
            out.push(Tok::new(w, sentence, 0));
        }
        out
    }

    fn join(words: &str) -> String {
        let mut t = toks(words);
        resolve_quotes(&mut t);
        lay_out(&t).text
    }

    #[test]
    fn ptb_spacing() {
        assert_eq!(
            join("This brings Ryanair 's total to 230 . | It was n't ( really ) 3 % ."),
            "This brings Ryanair's total to 230. It wasn't (really) 3%."
        );
        assert_eq!(
            join("saying , `` The Boeing 737-800 is best '' ... `` In addition , it has ."),
            "saying, \"The Boeing 737-800 is best\"... \"In addition, it has."
        );
        assert_eq!(
            join("a US$ 40 billion ( GB # 20.1 billion ) deal"),
            "a US$40 billion (GB #20.1 billion) deal"
        );
        assert_eq!(
            join("Michael O' Leary and Charles O 'Reilly"),
            "Michael O'Leary and Charles O'Reilly"
        );
        assert_eq!(
            join("Wayne ’ s World and Airbus ' massive plane"),
            "Wayne’s World and Airbus' massive plane"
        );
        assert_eq!(
            join("he said \" yes \" and \" no \" ."),
            "he said \"yes\" and \"no\"."
        );
        assert_eq!(join("audio ` pingers ' , the"), "audio 'pingers', the");
    }

    #[test]
    fn spans_are_code_points() {
        let t = vec![
            Tok::new("€", 0, 0),
            Tok::new("1.78", 0, 0),
            Tok::new("Zürich", 0, 1),
        ];
        let l = lay_out(&t);
        assert_eq!(l.text, "€1.78\nZürich");
        assert_eq!(l.spans, vec![(0, 1), (1, 5), (6, 12)]);
        assert_eq!(slice_chars(&l.text, 6, 12), "Zürich");
    }
}
