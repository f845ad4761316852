//! Time expressions: find them over tokens and resolve each against the publication date, with
//! the tense of its clause deciding direction ("met on Monday" is the Monday before; "will meet
//! on Monday" the one after; "in November" in a past-tense clause of a June article is last
//! November).

use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

use crate::document::{Document, Precision, Timex, TokenKind};
use crate::lexicon::English;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    Future,
}

/// What was found before resolution.
#[derive(Debug, Clone, Copy)]
enum Expr {
    Full {
        year: i16,
        month: i8,
        day: i8,
    },
    MonthDay {
        month: i8,
        day: i8,
    },
    MonthYear {
        year: i16,
        month: i8,
    },
    Month {
        month: i8,
    },
    Year {
        year: i16,
    },
    Decade {
        start: i16,
    },
    Weekday {
        weekday: u8,
        shift: Shift,
    },
    /// `unit` ago/ahead: days, weeks, months, years relative to publication
    Relative {
        unit: Unit,
        offset: i32,
    },
    /// "earlier this year": the current unit at its precision
    Reference(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shift {
    ByTense,
    Last,
    Next,
    This,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

const PREPOSITIONS_BEFORE_YEAR: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "from",
    "during",
    "of",
    "before",
    "after",
    "early",
    "late",
    "mid",
    "between",
    "and",
    "to",
    "through",
    "throughout",
    "around",
    "circa",
];
const NUMBER_WORDS: &[(&str, i32)] = &[
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("several", 0),
    ("few", 0),
];

pub fn find_and_resolve(doc: &mut Document<'_>, english: &English) {
    let mut found: Vec<(std::ops::Range<usize>, Expr, &'static str)> = Vec::new();
    for s in &doc.sentences {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if let Some((end, expr, rule)) = may_start(doc, i)
                .then(|| match_at(doc, english, i, s.tokens.end))
                .flatten()
            {
                // "in 2019": the preposition is context, not part of the expression
                let start = if matches!(expr, Expr::Year { .. }) {
                    i + 1
                } else {
                    i
                };
                found.push((start..end, expr, rule));
                i = end;
            } else {
                i += 1;
            }
        }
    }
    let mut timexes = Vec::with_capacity(found.len());
    for (tokens, expr, rule) in found {
        let tense = clause_tense(doc, english, &tokens);
        let (value, precision, how) = resolve(expr, doc.published, tense);
        let tense_note = match tense {
            Some(Tense::Past) => "past tense",
            Some(Tense::Present) => "present tense",
            Some(Tense::Future) => "future tense",
            None => "no tense cue",
        };
        let anchor = doc
            .published
            .map_or("no publication date".to_string(), |d| {
                format!("published {d}")
            });
        timexes.push(Timex {
            tokens,
            value,
            precision,
            evidence: format!("{rule}; {tense_note}; {how}; {anchor}"),
        });
    }
    doc.timexes = timexes;
}

fn norm<'a>(doc: &'a Document<'_>, i: usize, end: usize) -> &'a str {
    if i < end {
        doc.tokens[i].norm.as_str()
    } else {
        ""
    }
}

fn number(doc: &Document<'_>, i: usize, end: usize) -> Option<i32> {
    if i >= end || doc.tokens[i].kind != TokenKind::Number {
        return None;
    }
    doc.tokens[i].norm.parse().ok()
}

fn day_number(doc: &Document<'_>, i: usize, end: usize) -> Option<(i8, usize)> {
    // "5", "5th" (tokenized as "5th" word), "1st"
    if i >= end {
        return None;
    }
    let t = &doc.tokens[i].norm;
    let (digits, rest) = t.split_at(t.bytes().take_while(u8::is_ascii_digit).count());
    if digits.is_empty() || !(rest.is_empty() || matches!(rest, "st" | "nd" | "rd" | "th")) {
        return None;
    }
    let d: i8 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some((d, i + 1))
}

fn year_number(doc: &Document<'_>, i: usize, end: usize) -> Option<i16> {
    let n = number(doc, i, end)?;
    (doc.tokens[i].norm.len() == 4 && (1800..=2199).contains(&n)).then_some(n as i16)
}

fn month_at(doc: &Document<'_>, english: &English, i: usize, end: usize) -> Option<(i8, usize)> {
    if i >= end || !doc.tokens[i].capitalized {
        return None;
    }
    let t = doc.tokens[i].norm.trim_end_matches('.');
    let m = *english.months.get(t)? as i8;
    // short forms need their dot or a following number ("Jan. 5", "Jan 5"), "May" needs context
    let full = t.len() > 3 || t == "may";
    if !full && !doc.tokens[i].norm.ends_with('.') && day_number(doc, i + 1, end).is_none() {
        return None;
    }
    Some((m, i + 1))
}

/// Whether an expression can start at token `i`. Every rule of [`match_at`] opens with a number,
/// a capitalised word (a month, a weekday) or one of the words below, and most tokens are none
/// of these: trying the dozen rules at every token was a tenth of the pipeline's time. The
/// words are spelled out as one `match` because that is several times cheaper than searching
/// the lists; a test keeps them in step with `PREPOSITIONS_BEFORE_YEAR` and `NUMBER_WORDS`.
fn may_start(doc: &Document<'_>, i: usize) -> bool {
    let t = &doc.tokens[i];
    t.kind == TokenKind::Number
        || t.capitalized
        || t.norm.starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            t.norm.as_str(),
            // modifiers, shifts and deictic words
            "early" | "mid" | "late" | "last" | "past" | "next" | "coming" | "this"
                | "previous" | "following" | "current" | "earlier" | "later" | "yesterday"
                | "today" | "tonight" | "tomorrow" | "now" | "currently" | "nowadays"
                | "recently" | "the" | "recent"
                // PREPOSITIONS_BEFORE_YEAR
                | "in" | "since" | "until" | "till" | "by" | "from" | "during" | "of"
                | "before" | "after" | "between" | "and" | "to" | "through" | "throughout"
                | "around" | "circa"
                // NUMBER_WORDS
                | "a" | "an" | "one" | "two" | "three" | "four" | "five" | "six" | "seven"
                | "eight" | "nine" | "ten" | "eleven" | "twelve" | "several" | "few"
        )
}

fn match_at(
    doc: &Document<'_>,
    english: &English,
    i: usize,
    end: usize,
) -> Option<(usize, Expr, &'static str)> {
    let w = norm(doc, i, end);
    // ISO 2023-06-05
    if let Some(y) = year_number(doc, i, end) {
        if norm(doc, i + 1, end) == "-" && norm(doc, i + 3, end) == "-" {
            if let (Some(m), Some(d)) = (number(doc, i + 2, end), number(doc, i + 4, end)) {
                if (1..=12).contains(&m) && (1..=31).contains(&d) {
                    return Some((
                        i + 5,
                        Expr::Full {
                            year: y,
                            month: m as i8,
                            day: d as i8,
                        },
                        "ISO date",
                    ));
                }
            }
        }
    }
    // "5 June 2023", "5 June"
    if let Some((d, j)) = day_number(doc, i, end) {
        if let Some((m, k)) = month_at(doc, english, j, end) {
            if let Some(y) = year_number(doc, k, end) {
                return Some((
                    k + 1,
                    Expr::Full {
                        year: y,
                        month: m,
                        day: d,
                    },
                    "day month year",
                ));
            }
            return Some((k, Expr::MonthDay { month: m, day: d }, "day month"));
        }
    }
    // "early/mid/late June" keep the modifier inside the expression
    let (start_mod, mi) = if matches!(w, "early" | "mid" | "late") && norm(doc, i + 1, end) == "-" {
        (true, i + 2)
    } else if matches!(w, "early" | "mid" | "late") {
        (true, i + 1)
    } else {
        (false, i)
    };
    if let Some((m, j)) = month_at(doc, english, mi, end) {
        if !start_mod && w == "may" && !may_is_month(doc, i, end) {
            return None;
        }
        if let Some((d, k)) = day_number(doc, j, end) {
            let k2 = if norm(doc, k, end) == "," { k + 1 } else { k };
            if let Some(y) = year_number(doc, k2, end) {
                return Some((
                    k2 + 1,
                    Expr::Full {
                        year: y,
                        month: m,
                        day: d,
                    },
                    "month day year",
                ));
            }
            return Some((k, Expr::MonthDay { month: m, day: d }, "month day"));
        }
        let j2 = if norm(doc, j, end) == "," { j + 1 } else { j };
        if let Some(y) = year_number(doc, j2, end) {
            return Some((j2 + 1, Expr::MonthYear { year: y, month: m }, "month year"));
        }
        return Some((j, Expr::Month { month: m }, "month name"));
    }
    // weekdays, with last/next/this
    let (shift, wi) = match w {
        "last" | "past" => (Shift::Last, i + 1),
        "next" | "coming" => (Shift::Next, i + 1),
        "this" => (Shift::This, i + 1),
        _ => (Shift::ByTense, i),
    };
    if wi < end && doc.tokens[wi].capitalized {
        let wd = doc.tokens[wi].norm.trim_end_matches('.');
        if let Some(&weekday) = english.weekdays.get(wd) {
            if wd.len() > 3 || doc.tokens[wi].norm.ends_with('.') {
                let mut k = wi + 1;
                if matches!(
                    norm(doc, k, end),
                    "morning" | "afternoon" | "evening" | "night"
                ) {
                    k += 1;
                }
                // a dateline "Friday, July 21, 2017" is one date
                if shift == Shift::ByTense && norm(doc, k, end) == "," {
                    if let Some((e2, full @ Expr::Full { .. }, _)) =
                        match_at(doc, english, k + 1, end)
                    {
                        return Some((e2, full, "weekday and date"));
                    }
                }
                return Some((k, Expr::Weekday { weekday, shift }, "weekday"));
            }
        }
    }
    // deictic days
    match w {
        "yesterday" => {
            return Some((
                i + 1,
                Expr::Relative {
                    unit: Unit::Day,
                    offset: -1,
                },
                "yesterday",
            ))
        }
        "today" => {
            return Some((
                i + 1,
                Expr::Relative {
                    unit: Unit::Day,
                    offset: 0,
                },
                "today",
            ))
        }
        "tonight" => {
            return Some((
                i + 1,
                Expr::Relative {
                    unit: Unit::Day,
                    offset: 0,
                },
                "tonight",
            ))
        }
        "tomorrow" => {
            return Some((
                i + 1,
                Expr::Relative {
                    unit: Unit::Day,
                    offset: 1,
                },
                "tomorrow",
            ))
        }
        "now" | "currently" | "nowadays" => {
            return Some((i + 1, Expr::Reference("PRESENT_REF"), "present reference"))
        }
        "recently" => return Some((i + 1, Expr::Reference("PAST_REF"), "past reference")),
        _ => {}
    }
    // (the) last/next/this/past/coming week|month|year
    {
        let mut k = i;
        if w == "the" {
            k += 1;
        }
        let shift_word = norm(doc, k, end);
        let unit_word = norm(doc, k + 1, end);
        let offset = match shift_word {
            "last" | "past" | "previous" => Some(-1),
            "next" | "coming" | "following" => Some(1),
            "this" | "current" => Some(0),
            _ => None,
        };
        if let (Some(offset), Some(unit)) = (offset, unit_of(unit_word)) {
            // "the past year" and "the coming year" are spans of time, not the calendar unit
            if w != "the" || shift_word == "previous" || shift_word == "following" {
                return Some((
                    k + 2,
                    Expr::Relative { unit, offset },
                    "last/this/next unit",
                ));
            }
        }
        // earlier/later this year
        if matches!(w, "earlier" | "later") && norm(doc, i + 1, end) == "this" {
            if let Some(unit) = unit_of(norm(doc, i + 2, end)) {
                return Some((
                    i + 3,
                    Expr::Relative { unit, offset: 0 },
                    "earlier/later this unit",
                ));
            }
        }
    }
    // "the coming weeks", "the next few months", "recent days"
    if w == "the" || w == "recent" {
        let mut k = if w == "the" { i + 1 } else { i };
        let lead = norm(doc, k, end);
        let future = matches!(lead, "coming" | "next" | "following" | "upcoming");
        let past = matches!(lead, "past" | "last" | "recent" | "previous");
        if future || past {
            k += 1;
            if matches!(norm(doc, k, end), "few" | "several" | "two" | "three") {
                k += 1;
            }
            if matches!(norm(doc, k, end), "days" | "weeks" | "months" | "years") {
                let r = if future { "FUTURE_REF" } else { "PAST_REF" };
                return Some((k + 1, Expr::Reference(r), "vague span"));
            }
        }
    }
    // N days/weeks/months/years ago
    {
        let n = number(doc, i, end).or_else(|| {
            NUMBER_WORDS
                .iter()
                .find(|(word, _)| *word == w)
                .map(|&(_, n)| n)
        });
        if let Some(n) = n {
            if let Some(unit) = unit_of(norm(doc, i + 1, end).trim_end_matches('s')) {
                if norm(doc, i + 2, end) == "ago" && n > 0 {
                    return Some((i + 3, Expr::Relative { unit, offset: -n }, "N units ago"));
                }
            }
        }
    }
    // decades "the 1990s"
    if w == "the" {
        let t = norm(doc, i + 1, end);
        if t.len() == 5 && t.ends_with("0s") && t[..4].chars().all(|c| c.is_ascii_digit()) {
            if let Ok(start) = t[..4].parse::<i16>() {
                return Some((i + 2, Expr::Decade { start }, "decade"));
            }
        }
    }
    // years in context: "in 2019", "since 2014"
    if PREPOSITIONS_BEFORE_YEAR.contains(&w) {
        if let Some(y) = year_number(doc, i + 1, end) {
            return Some((i + 2, Expr::Year { year: y }, "year"));
        }
    }
    None
}

fn may_is_month(doc: &Document<'_>, i: usize, end: usize) -> bool {
    let prev = if i > 0 {
        doc.tokens[i - 1].norm.as_str()
    } else {
        ""
    };
    let prev_cap = i > 0
        && doc.tokens[i - 1].capitalized
        && doc.tokens[i - 1].sentence == doc.tokens[i].sentence;
    if prev_cap {
        return false; // "Theresa May"
    }
    matches!(
        prev,
        "in" | "on"
            | "since"
            | "until"
            | "by"
            | "from"
            | "of"
            | "early"
            | "late"
            | "mid"
            | "last"
            | "next"
            | "this"
            | "through"
            | "during"
            | "before"
            | "after"
    ) || day_number(doc, i + 1, end).is_some()
        || year_number(doc, i + 1, end).is_some()
}

fn unit_of(word: &str) -> Option<Unit> {
    match word {
        "day" | "days" => Some(Unit::Day),
        "week" | "weeks" => Some(Unit::Week),
        "month" | "months" => Some(Unit::Month),
        "year" | "years" => Some(Unit::Year),
        _ => None,
    }
}

/// The tense of the clause around a timex: the nearest tense cue, preferring the left at equal
/// distance, never crossing a semicolon or sentence end.
pub fn clause_tense(
    doc: &Document<'_>,
    english: &English,
    tokens: &std::ops::Range<usize>,
) -> Option<Tense> {
    let s = &doc.sentences[doc.tokens[tokens.start].sentence];
    let mut best: Option<(usize, Tense)> = None;
    let mut left_open = true;
    let mut right_open = true;
    for dist in 1..=12 {
        if left_open && tokens.start >= s.tokens.start + dist {
            let k = tokens.start - dist;
            if doc.tokens[k].norm == ";" {
                left_open = false;
            } else if let Some(t) = tense_cue(doc, english, k) {
                best = Some((dist, t));
            }
        }
        if best.is_some() {
            break;
        }
        let k = tokens.end - 1 + dist;
        if right_open && k < s.tokens.end {
            if doc.tokens[k].norm == ";" {
                right_open = false;
            } else if let Some(t) = tense_cue(doc, english, k) {
                best = Some((dist, t));
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(_, t)| t)
}

fn tense_cue(doc: &Document<'_>, english: &English, k: usize) -> Option<Tense> {
    let t = &doc.tokens[k];
    if t.kind != TokenKind::Word {
        return None;
    }
    let w = t.norm.as_str();
    let aux_before = |within: usize| -> Option<Tense> {
        let s_start = doc.sentences[t.sentence].tokens.start;
        (1..=within)
            .filter(|d| k >= s_start + d)
            .map(|d| doc.tokens[k - d].norm.as_str())
            .find_map(|a| match a {
                "was" | "were" | "had" | "did" => Some(Tense::Past),
                "is" | "are" | "am" | "be" | "will" | "'s" | "'re" => Some(Tense::Future),
                _ => None,
            })
    };
    if matches!(
        w,
        "expected" | "scheduled" | "planned" | "set" | "due" | "slated" | "poised"
    ) {
        return Some(aux_before(3).unwrap_or(Tense::Future));
    }
    if matches!(w, "will" | "'ll" | "shall")
        || (w == "going" && doc.tokens.get(k + 1).is_some_and(|n| n.norm == "to"))
    {
        return Some(Tense::Future);
    }
    if english.past.contains(w)
        && !matches!(w, "last" | "earlier" | "ago" | "previously" | "former")
    {
        return Some(Tense::Past);
    }
    if english.present.contains(w) {
        return Some(Tense::Present);
    }
    if english.irregular_past.contains(w) {
        return Some(Tense::Past);
    }
    if w.len() > 4 && w.ends_with("ed") && !english.not_past.contains(w) && !t.capitalized {
        return Some(Tense::Past);
    }
    None
}

fn resolve(
    expr: Expr,
    published: Option<Date>,
    tense: Option<Tense>,
) -> (Option<String>, Precision, String) {
    let fmt_month = |y: i16, m: i8| format!("{y:04}-{m:02}");
    match expr {
        Expr::Full { year, month, day } => match Date::new(year, month, day) {
            Ok(d) => (Some(d.to_string()), Precision::Day, "absolute date".into()),
            Err(_) => (None, Precision::Day, "not a calendar date".into()),
        },
        Expr::MonthYear { year, month } => (
            Some(fmt_month(year, month)),
            Precision::Month,
            "absolute month".into(),
        ),
        Expr::Year { year } => (
            Some(format!("{year:04}")),
            Precision::Year,
            "absolute year".into(),
        ),
        Expr::Decade { start } => (
            Some(format!("{:03}", start / 10)),
            Precision::Decade,
            "decade".into(),
        ),
        Expr::Reference(r) => (
            Some(r.to_string()),
            Precision::Reference,
            "reference to a vague time".into(),
        ),
        Expr::Month { month } => {
            let Some(p) = published else {
                return (
                    None,
                    Precision::Month,
                    "month without year and no publication date".into(),
                );
            };
            let (y, how) = year_for_month(p, month, 1, tense);
            (Some(fmt_month(y, month)), Precision::Month, how)
        }
        Expr::MonthDay { month, day } => {
            let Some(p) = published else {
                return (
                    None,
                    Precision::Day,
                    "day without year and no publication date".into(),
                );
            };
            let (y, how) = year_for_month(p, month, day, tense);
            match Date::new(y, month, day) {
                Ok(d) => (Some(d.to_string()), Precision::Day, how),
                Err(_) => (None, Precision::Day, "not a calendar date".into()),
            }
        }
        Expr::Weekday { weekday, shift } => {
            let Some(p) = published else {
                return (
                    None,
                    Precision::Day,
                    "weekday and no publication date".into(),
                );
            };
            let target = weekday_of(weekday);
            let back = (p.weekday().to_monday_zero_offset() - target.to_monday_zero_offset())
                .rem_euclid(7) as i64;
            let before = p.checked_sub(back.days()).ok();
            let fwd = (target.to_monday_zero_offset() - p.weekday().to_monday_zero_offset())
                .rem_euclid(7) as i64;
            let fwd = if fwd == 0 { 7 } else { fwd };
            let after = p.checked_add(fwd.days()).ok();
            let (d, how) = match (shift, tense) {
                (Shift::Last, _) => (
                    if back == 0 {
                        p.checked_sub(7.days()).ok()
                    } else {
                        before
                    },
                    "last weekday",
                ),
                (Shift::Next, _) => (after, "next weekday"),
                (Shift::This, Some(Tense::Past)) | (Shift::ByTense, Some(Tense::Past)) => {
                    (before, "most recent such day (past tense)")
                }
                (Shift::This, Some(Tense::Future)) | (Shift::ByTense, Some(Tense::Future)) => (
                    if back == 0 { Some(p) } else { after },
                    "coming such day (future tense)",
                ),
                _ => {
                    if back <= fwd {
                        (before, "nearest such day")
                    } else {
                        (after, "nearest such day")
                    }
                }
            };
            (d.map(|d| d.to_string()), Precision::Day, how.into())
        }
        Expr::Relative { unit, offset } => {
            let Some(p) = published else {
                return (
                    None,
                    precision_of(unit),
                    "relative and no publication date".into(),
                );
            };
            let how = format!("{offset:+} {unit:?} from publication");
            let value = match unit {
                Unit::Day => p
                    .checked_add((offset as i64).days())
                    .ok()
                    .map(|d| d.to_string()),
                Unit::Week => p.checked_add((offset as i64 * 7).days()).ok().map(|d| {
                    let w = d.iso_week_date();
                    format!("{:04}-W{:02}", w.year(), w.week())
                }),
                Unit::Month => p
                    .first_of_month()
                    .checked_add((offset as i64).months())
                    .ok()
                    .map(|d| fmt_month(d.year(), d.month())),
                Unit::Year => Some(format!("{:04}", p.year() as i32 + offset)),
            };
            (value, precision_of(unit), how)
        }
    }
}

fn precision_of(unit: Unit) -> Precision {
    match unit {
        Unit::Day => Precision::Day,
        Unit::Week => Precision::Week,
        Unit::Month => Precision::Month,
        Unit::Year => Precision::Year,
    }
}

fn weekday_of(i: u8) -> Weekday {
    match i {
        0 => Weekday::Monday,
        1 => Weekday::Tuesday,
        2 => Weekday::Wednesday,
        3 => Weekday::Thursday,
        4 => Weekday::Friday,
        5 => Weekday::Saturday,
        _ => Weekday::Sunday,
    }
}

/// The year of a month (and day) given without one: the past occurrence in past-tense clauses,
/// the coming one in future-tense clauses, else the nearer of the two.
fn year_for_month(p: Date, month: i8, day: i8, tense: Option<Tense>) -> (i16, String) {
    let y = p.year();
    let this = (month, day) <= (p.month(), p.day()) || (day == 1 && month == p.month());
    let past_year = if this { y } else { y - 1 };
    let future_year = if (month, day) >= (p.month(), p.day()) || month == p.month() {
        y
    } else {
        y + 1
    };
    match tense {
        Some(Tense::Past) => (
            past_year,
            "latest such month before publication (past tense)".into(),
        ),
        Some(Tense::Future) => (
            future_year,
            "next such month after publication (future tense)".into(),
        ),
        _ => {
            let months_back = (p.month() as i32 - month as i32).rem_euclid(12);
            let months_fwd = (month as i32 - p.month() as i32).rem_euclid(12);
            if months_back <= months_fwd {
                (past_year, "nearest such month (no tense cue)".into())
            } else {
                (future_year, "nearest such month (no tense cue)".into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `may_start` lets through every word a rule of `match_at` can open with.
    #[test]
    fn every_opening_word_may_start_an_expression() {
        let words: Vec<&str> = PREPOSITIONS_BEFORE_YEAR
            .iter()
            .copied()
            .chain(NUMBER_WORDS.iter().map(|(w, _)| *w))
            .collect();
        let text = words.join(" ");
        let mut doc = Document::new(&text, None);
        crate::stages::tokenize::tokenize(&mut doc, &crate::Lexicon::builtin().unwrap().english);
        assert_eq!(doc.tokens.len(), words.len());
        for i in 0..doc.tokens.len() {
            assert!(may_start(&doc, i), "{}", doc.tokens[i].norm);
        }
    }
}
