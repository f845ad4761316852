//! Events: who did what to whom, when and where.
//!
//! A trigger is a verb form of the CAMEO verb dictionary ("met with") or an event noun
//! ("trip", "talks"). Its code comes from the most specific of its block's patterns whose
//! words follow (or precede) it in its clause, else from the verb's own code. Its actor is the
//! actor phrase before it (through coordination, a relative "who", apposition, "for X to"), its
//! recipient the actor phrase after it (after "with", "to"...), swapped for a passive ("was
//! postponed by"). Its date is a time expression of its sentence, else the publication date;
//! its place a place after "in"/"at"; its status what the words around it say ("expected to",
//! "postponed"). Statements come from quotes whose speaker is an actor. One happening told
//! twice in nearby sentences is one event.

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use crate::document::{
    Document, EntityKind, Event, EventDate, EventSide, EventStatus, LexRef, Precision, QuoteKind,
    TokenKind,
};
use crate::lexicon::{code_at, EventWords, Lexicon};
use crate::stages::quotes::phrase_start;
use crate::verbs::{Element, EventLexicon, Pattern, VerbForm};

/// How far a pattern's words may lie from the trigger, in tokens.
const PATTERN_WINDOW: usize = 12;
/// How many words an actor phrase may be from its verb.
const OBJECT_WINDOW: usize = 8;
/// How many earlier events a new one is compared with to find a retelling.
const MERGE_WINDOW: usize = 24;
/// How far around a trigger its clause, status words, place and date are looked for: a
/// sentence of a megabyte must not make every trigger read all of it.
const CLAUSE_WINDOW: usize = 40;

pub fn find(doc: &mut Document<'_>, lex: &Lexicon, verbs: &EventLexicon) {
    let mut by_phrase: HashMap<usize, Vec<usize>> = HashMap::default();
    for (i, m) in doc.mentions.iter().enumerate() {
        by_phrase.entry(phrase_start(doc, m)).or_default().push(i);
    }
    let mut covering: Vec<Option<usize>> = vec![None; doc.tokens.len()];
    let mut starts: Vec<(usize, usize)> = by_phrase
        .iter()
        .flat_map(|(&s, ms)| ms.iter().map(move |&m| (s, m)))
        .filter(|&(_, m)| can_act(doc, m))
        .collect();
    // latest start first, so that an earlier (outer) phrase overwrites what it covers
    starts.sort_unstable_by(|a, b| b.cmp(a));
    for (s, m) in starts {
        for slot in &mut covering[s..doc.mentions[m].tokens.end] {
            *slot = Some(m);
        }
    }
    doc.facts.mentions_phrase_starting_at = by_phrase;
    doc.facts.in_quotes = quoted_tokens(doc);
    doc.facts.phrase_covering = covering;
    doc.events = find_events(doc, lex, verbs);
}

fn find_events(doc: &Document<'_>, lex: &Lexicon, verbs: &EventLexicon) -> Vec<Event> {
    let quoted = &doc.facts.in_quotes;
    let words = &lex.english.events;
    let mut events: Vec<Event> = Vec::new();
    // the last token of the last coded verb trigger: "threatened to attack" is one threat
    let mut last_coded: Option<usize> = None;
    // complements read as a mood's content ("agreed to [share]") code nothing again
    let mut consumed = vec![false; doc.tokens.len()];
    // a sentence that names no one who can act holds no event: its words are not read
    let actors_in: Vec<bool> = doc
        .sentences
        .iter()
        .map(|s| {
            doc.facts.phrase_covering[s.tokens.clone()]
                .iter()
                .any(Option::is_some)
        })
        .collect();
    let mut k = 0;
    while k < doc.tokens.len() {
        let t = &doc.tokens[k];
        if quoted[k]
            || consumed[k]
            || !actors_in[t.sentence]
            || t.kind != TokenKind::Word
            || !verbs.trigger_words.contains(&t.norm)
        {
            k += 1;
            continue;
        }
        let sentence_start = doc.sentences[t.sentence].tokens.start;
        if t.capitalized && k != sentence_start {
            k += 1;
            continue;
        }
        let next = doc.tokens.get(k + 1).map(|t| t.norm.as_str());
        let pair = next.and_then(|n| verbs.pair_key(&t.norm, n));
        if pair
            .as_ref()
            .is_some_and(|p| words.not_triggers.contains(p))
            || next == Some("to") && words.modal_verbs.contains(&t.norm)
        {
            k += 1;
            continue;
        }
        // "in order to prevent": a purpose, not an event
        let purpose = words.purpose_markers.iter().any(|m| {
            let n = m.split(' ').count();
            k >= n
                && m.split(' ')
                    .zip(&doc.tokens[k - n..k])
                    .all(|(w, t)| t.norm == w)
        });
        if purpose {
            k += 1;
            continue;
        }
        // "threatened to attack", "agreed to meet": the infinitive is the content of the
        // verb before it, not an event of its own
        if k >= 2 && doc.tokens[k - 1].norm == "to" && last_coded == Some(k - 2) {
            k += 1;
            continue;
        }
        let after_preposition = k > sentence_start && !t.norm.ends_with("ing") && {
            let p = doc.tokens[k - 1].norm.as_str();
            p != "to"
                && (words.object_prepositions.contains(p)
                    || words.place_prepositions.contains(p)
                    || matches!(p, "of" | "by" | "about" | "after" | "before" | "during"))
        };
        let nominal = k > sentence_start && (is_noun_context(doc, lex, k - 1) || after_preposition);
        // "in order to", "the demand": a mood word used as a noun is no mood
        let mood = if nominal {
            None
        } else {
            mood_trigger(doc, lex, verbs, k, quoted)
        };
        if let Some(mood) = mood {
            let end = mood.tokens.end;
            let complement = mood.mood.as_ref().map(|m| m.complement.clone());
            if let Some(e) = build_event(doc, lex, verbs, words, &mood) {
                if let Some(c) = complement {
                    consumed[c].fill(true);
                }
                events.push(e);
                k = end;
                continue;
            }
        }
        let trigger = if nominal {
            noun_trigger(doc, verbs, k)
        } else {
            verb_trigger(doc, verbs, k)
                .filter(|v| reads_as_verb(doc, words, v, sentence_start))
                .or_else(|| noun_trigger(doc, verbs, k))
        };
        let Some(trigger) = trigger else {
            k += 1;
            continue;
        };
        let mut end = trigger.tokens.end;
        let mut built =
            build_event(doc, lex, verbs, words, &trigger).map(|e| (e, trigger.form.is_some()));
        if built.is_none() && trigger.form.is_some() {
            // "Talks between Iran and Iraq ended": a verb reading that codes nothing may be a noun
            if let Some(noun) = noun_trigger(doc, verbs, k) {
                built = build_event(doc, lex, verbs, words, &noun).map(|e| (e, false));
                if built.is_some() {
                    end = noun.tokens.end;
                }
            }
        }
        if let Some((e, verb)) = built {
            if verb {
                last_coded = Some(end - 1);
            }
            let mut e = e;
            if let Some(content) = requested_noun(doc, lex, verbs, &e, end) {
                recode_by_content(doc, verbs, &mut e, &content);
                consumed[content.tokens].fill(true);
            }
            events.push(e);
        }
        k = end;
    }
    // statements, each looked up by its cue among the verb events (no scan per statement)
    let by_trigger: HashMap<(usize, usize), usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.trigger.start, e.trigger.end), i))
        .collect();
    for st in statements(doc, lex, verbs) {
        match by_trigger.get(&(st.trigger.start, st.trigger.end)) {
            // "the ministry warned that ...": the verb's event gets the quote as content
            Some(&i) => {
                if events[i].quote.is_none() {
                    events[i].quote = st.quote;
                }
            }
            None => events.push(st),
        }
    }
    // "Israeli bulldozers demolished homes, Palestinian officials said": the attribution of
    // an event is not a statement event of its own; a quoted statement stays
    let substantive: rustc_hash::FxHashSet<usize> = events
        .iter()
        .filter(|e| !e.code.starts_with("01"))
        .map(|e| e.sentence)
        .collect();
    events.retain(|e| {
        let direct = e
            .quote
            .is_some_and(|q| doc.quotes[q].kind != QuoteKind::Indirect);
        !(e.code == "010" && !direct && substantive.contains(&e.sentence))
    });
    events.sort_by_key(|e| (e.trigger.start, e.trigger.end));
    merge_retold(doc, events)
}

/// "demanded talks", "its demand for talks", "rejected the visit", "threatened an invasion":
/// after an appeal, demand, rejection or threat (CAMEO 02, 10, 12, 13), the event noun that
/// follows is what is asked for or refused, its content, not an event that took place.
fn requested_noun<'v>(
    doc: &Document<'_>,
    lex: &Lexicon,
    verbs: &'v EventLexicon,
    e: &Event,
    from: usize,
) -> Option<Trigger<'v>> {
    if !matches!(root(&e.code), "02" | "10" | "12" | "13") {
        return None;
    }
    let words = &lex.english.events;
    let sentence_end = doc.sentences[doc.tokens[from.min(doc.tokens.len() - 1)].sentence]
        .tokens
        .end;
    (from..window_end(doc, from, sentence_end, 4))
        .take_while(|&j| {
            let t = &doc.tokens[j];
            t.kind == TokenKind::Word
                && !words.clause_openers.contains(&t.norm)
                && (t.norm == "for" || !words.place_prepositions.contains(&t.norm))
        })
        .find_map(|j| noun_trigger(doc, verbs, j))
}

/// "its demand for talks" is a demand to meet (106), not a demand in general (100): an event
/// coded only by its root takes the mood code of its content (data/curated/cameo_moods.tsv).
fn recode_by_content(
    doc: &Document<'_>,
    verbs: &EventLexicon,
    e: &mut Event,
    content: &Trigger<'_>,
) {
    let mood = match e.code.as_str() {
        "020" => "appeal",
        "100" => "demand",
        "120" => "reject",
        "130" => "threaten",
        _ => return,
    };
    let Some((content_code, _)) = content.noun else {
        return;
    };
    if let Some(code) = verbs.mood_code(mood, Some(root(content_code))) {
        e.evidence.push(format!(
            "content: {mood} + '{}' (root {}) → {code} (data/curated/cameo_moods.tsv)",
            doc.tokens_text(&content.tokens),
            root(content_code)
        ));
        e.code = code.to_string();
    }
}

/// Tokens inside a direct or partial quotation: a speaker's words are a statement, not
/// events the reporter tells.
fn quoted_tokens(doc: &Document<'_>) -> Vec<bool> {
    let mut quoted = vec![false; doc.tokens.len()];
    for q in &doc.quotes {
        if q.kind == QuoteKind::Indirect {
            continue;
        }
        let first = doc.tokens.partition_point(|t| t.span.end <= q.span.start);
        let last = doc.tokens.partition_point(|t| t.span.start < q.span.end);
        quoted[first..last.max(first)].fill(true);
    }
    quoted
}

/// Whether a verb form is used as a verb here, by its form and its neighbours: a bare form
/// ("aid", "force", "deal") only after "to", a modal, "not" or a plural pronoun; a form in -s
/// ("forces", "demands") not when an auxiliary or past form follows it ("forces have
/// retaken"), which makes it a plural noun heading a subject.
fn reads_as_verb(
    doc: &Document<'_>,
    words: &EventWords,
    v: &Trigger<'_>,
    sentence_start: usize,
) -> bool {
    let Some(form) = v.form else { return true };
    let k = v.tokens.start;
    // "Vietnamese-led forces", "its long-threatened invasion": a participle written onto the
    // word before with a hyphen modifies a noun
    if k >= 2
        && doc.tokens[k - 1].norm == "-"
        && !doc.tokens[k].space_before
        && !doc.tokens[k - 1].space_before
    {
        return false;
    }
    let first = form.words[0].as_str();
    let lemma_first = form.lemma.split(' ').next().unwrap_or_default();
    if first == lemma_first && !first.ends_with("ed") {
        // "The Palestinians reject": a plural subject right before
        let plural_subject = doc.facts.mentions_ending_at.get(&k).is_some_and(|ms| {
            ms.iter().any(|&m| {
                let start = phrase_start(doc, &doc.mentions[m]);
                doc.mentions[m].kind == EntityKind::Group
                    || doc.tokens[k - 1].norm.ends_with('s')
                    // "Iran and Iraq meet": a coordinated subject
                    || start > 0 && matches!(doc.tokens[start - 1].norm.as_str(), "and" | "&")
            })
        });
        // "routinely beat up": adverbs between
        let mut b = k;
        while b > sentence_start + 1 && {
            let w = doc.tokens[b - 1].norm.as_str();
            w.len() > 4 && w.ends_with("ly")
        } {
            b -= 1;
        }
        let plural_before = b < k
            && doc.facts.mentions_ending_at.contains_key(&b)
            && doc.tokens[b - 1].norm.ends_with('s')
            || b < k
                && doc.tokens[b - 1].norm.ends_with('s')
                && doc.tokens[b - 1].kind == TokenKind::Word;
        return b > sentence_start
            && (words.before_base_verb.contains(&doc.tokens[b - 1].norm)
                || plural_subject
                || plural_before);
    }
    if first.ends_with('s') && !lemma_first.ends_with('s') {
        let next = doc.tokens.get(v.tokens.end).map(|t| t.norm.as_str());
        let past_next = next.is_some_and(|n| n.ends_with("ed") && n.len() > 4);
        return !(next.is_some_and(|n| words.after_plural_noun.contains(n)) || past_next);
    }
    true
}

/// "will give" → intent, "will not accept" → reject: the future auxiliary right before a verb
/// (adverbs between), and its position.
fn future_mood(
    doc: &Document<'_>,
    words: &EventWords,
    verb: usize,
    floor: usize,
) -> Option<(&'static str, usize)> {
    let mut k = verb;
    let mut negated = false;
    while k > floor {
        let w = doc.tokens[k - 1].norm.as_str();
        if words.negation.contains(w) {
            negated = true;
        } else if !(w.len() > 4 && w.ends_with("ly") || words.between_aux_and_verb.contains(w)) {
            break;
        }
        k -= 1;
    }
    let aux = k.checked_sub(1).filter(|&a| a >= floor)?;
    words
        .future_auxiliaries
        .contains(&doc.tokens[aux].norm)
        .then_some((if negated { "reject" } else { "intent" }, aux))
}

/// A mood verb at `k` with its complement: "agreed (on Wednesday) to share", "urged the EC to
/// support", "demanded that Hamas renounce", "refused to deploy", or a reporting verb whose
/// reported clause has a modal ("said they will release", "said Sudan must return", "says it
/// will not accept").
fn mood_trigger<'v>(
    doc: &Document<'_>,
    lex: &Lexicon,
    verbs: &'v EventLexicon,
    k: usize,
    quoted: &[bool],
) -> Option<Trigger<'v>> {
    let words = &lex.english.events;
    let t = &doc.tokens[k];
    let sentence = doc.sentences[t.sentence].tokens.clone();
    let two = doc
        .tokens
        .get(k + 1)
        .filter(|_| k + 1 < sentence.end)
        .and_then(|n| verbs.pair_key(&t.norm, &n.norm));
    let in_set = |set: &rustc_hash::FxHashSet<String>| {
        if two.as_ref().is_some_and(|p| set.contains(p)) {
            Some(2)
        } else if set.contains(&t.norm) {
            Some(1)
        } else {
            None
        }
    };
    let moods: [(&str, &rustc_hash::FxHashSet<String>); 5] = [
        ("intent", &words.mood_intent),
        ("appeal", &words.mood_appeal),
        ("demand", &words.mood_demand),
        ("reject", &words.mood_reject),
        ("threaten", &words.mood_threaten),
    ];
    if !verbs.mood_words.contains(&t.norm) && !verbs.saying_words.contains(&t.norm) {
        return None;
    }
    let verb = verb_trigger(doc, verbs, k);
    let said = verb
        .as_ref()
        .and_then(|v| v.form)
        .is_some_and(|f| verbs.blocks[f.block].name == "EXPLAIN_VERBAL");
    let (mood, len) = match moods
        .iter()
        .find_map(|(m, set)| in_set(set).map(|n| (*m, n)))
    {
        Some(x) => x,
        None if said => ("said", verb.as_ref().map_or(1, |v| v.tokens.len())),
        None => return None,
    };
    let trigger = k..k + len;
    let limit = sentence.end.min(trigger.end + 14);
    let skippable = |j: usize| {
        let tok = &doc.tokens[j];
        !quoted[j]
            && (doc.facts.timex_of.get(j).copied().flatten().is_some()
                || tok.kind == TokenKind::Word && !words.clause_openers.contains(&tok.norm)
                || tok.norm == ",")
    };
    // the complement: "to VERB" after at most an object, or a "that" clause
    let to = (trigger.end..limit)
        .take_while(|&j| skippable(j) || doc.tokens[j].norm == "to")
        .find(|&j| doc.tokens[j].norm == "to");
    let that = (trigger.end..limit.min(trigger.end + 4)).find(|&j| doc.tokens[j].norm == "that");
    let content_verb = |from: usize| {
        (from..limit)
            .take_while(|&j| !quoted[j])
            .find_map(|j| verb_trigger(doc, verbs, j).filter(|_| !is_noun_context(doc, lex, j - 1)))
    };
    let (mood, content, clause_subject) = if mood == "said" {
        // a reported clause: [that] SUBJECT MODAL [not] VERB
        let from = that.map_or(trigger.end, |t| t + 1);
        let modal = (from..window_end(doc, from, limit, SUBJECT_WORDS))
            .take_while(|&j| doc.tokens[j].kind == TokenKind::Word || doc.tokens[j].norm == "'s")
            .find(|&j| {
                words.modal_intent.contains(&doc.tokens[j].norm)
                    || words.modal_demand.contains(&doc.tokens[j].norm)
            })?;
        let negated =
            (modal + 1..limit.min(modal + 3)).any(|j| words.negation.contains(&doc.tokens[j].norm));
        let demand = words.modal_demand.contains(&doc.tokens[modal].norm);
        // "has to", "needs to": a demand only with "to"
        if demand
            && matches!(
                doc.tokens[modal].norm.as_str(),
                "has" | "have" | "needs" | "need"
            )
            && doc.tokens.get(modal + 1).is_none_or(|t| t.norm != "to")
        {
            return None;
        }
        let content = content_verb(modal + 1)?;
        if content.tokens.start > modal + 4 {
            return None;
        }
        let mood = match (demand, negated) {
            (true, _) => "demand",
            (false, true) => "reject",
            (false, false) => "intent",
        };
        let subject = subject_before(doc, lex, modal, from);
        (mood, content, subject.filter(|_| mood == "demand"))
    } else if let Some(to) = to {
        // a verb the dictionary does not code still says what is threatened or promised:
        // the mood's general code ("threatened to institute a curfew" → 130)
        let bare = (to + 1 < limit
            && doc.tokens[to + 1].kind == TokenKind::Word
            && !doc.tokens[to + 1].capitalized)
            .then(|| Trigger {
                tokens: to + 1..to + 2,
                form: None,
                noun: None,
                mood: None,
            });
        let content = content_verb(to + 1)
            .filter(|c| c.tokens.start <= to + 2)
            .or(bare)?;
        (mood, content, None)
    } else if let Some(that) = that {
        let content = content_verb(that + 1)?;
        let subject = subject_before(doc, lex, content.tokens.start, that + 1);
        (mood, content, subject)
    } else {
        // "rejected a peace plan", "threatened Kenya": no complement; the mood's general code,
        // unless the dictionary codes the verb itself
        let coded = verb
            .as_ref()
            .and_then(|v| v.form.map(|f| (f, v.tokens.clone())))
            .is_some_and(|(f, r)| code_verb(doc, verbs, f, &r).is_some());
        if coded {
            return None;
        }
        let code = verbs.mood_code(mood, None)?.to_string();
        return Some(Trigger {
            tokens: trigger.clone(),
            form: None,
            noun: None,
            mood: Some(MoodReading {
                code,
                rule: format!(
                    "{mood} '{}' (data/curated/cameo_moods.tsv)",
                    doc.tokens_text(&trigger)
                ),
                content_end: trigger.end,
                complement: trigger.end..trigger.end,
                clause_subject: None,
            }),
        });
    };
    let root = content
        .form
        .and_then(|f| code_verb(doc, verbs, f, &content.tokens))
        .map(|c| root(&c.code).to_string());
    let mood = mood_on_condition(
        doc,
        words,
        mood,
        root.as_deref(),
        content.tokens.end..sentence.end,
    );
    let code = verbs.mood_code(mood, root.as_deref())?.to_string();
    let rule = format!(
        "{mood} '{}' + '{}'{} (data/curated/cameo_moods.tsv)",
        doc.tokens_text(&trigger),
        doc.tokens_text(&content.tokens),
        root.as_ref()
            .map(|r| format!(" (root {r})"))
            .unwrap_or_default(),
    );
    Some(Trigger {
        tokens: trigger.clone(),
        form: None,
        noun: None,
        mood: Some(MoodReading {
            code,
            rule,
            content_end: content.tokens.end,
            // "urged Sudan to meet": the complement starts at "to" (or "that"); Sudan before it
            // is the mood verb's own object
            complement: to
                .filter(|_| mood != "said")
                .or(that)
                .unwrap_or(trigger.end)
                .min(content.tokens.start)..content.tokens.end,
            clause_subject,
        }),
    })
}

/// "will boycott the elections unless the president steps down": an intent on a condition is a
/// threat (CAMEO 13). An offer of a cooperative act on a condition the other side may meet
/// ("would meet the mediator if he gave them a veto") stays an intent: CAMEO's 03 codes offers,
/// its 13 coercion. "Unless" always coerces ("will withdraw its force unless ...").
fn mood_on_condition<'m>(
    doc: &Document<'_>,
    words: &EventWords,
    mood: &'m str,
    content_root: Option<&str>,
    after_content: Range<usize>,
) -> &'m str {
    let cooperative = content_root.is_some_and(|r| r < "09");
    let window = after_content.start..after_content.end.min(after_content.start + CLAUSE_WINDOW);
    let condition = window
        .map(|j| doc.tokens[j].norm.as_str())
        .find(|w| words.conditions.contains(*w));
    let threat = condition.is_some_and(|c| !cooperative || words.coercive_conditions.contains(c));
    if mood == "intent" && threat {
        "threaten"
    } else {
        mood
    }
}

/// The root of a CAMEO code: its first two digits (the whole code if shorter).
fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// A determiner, possessive or national adjective before the word makes it a noun ("the
/// meeting", "his visit", "a Chinese spy balloon").
fn is_noun_context(doc: &Document<'_>, lex: &Lexicon, k: usize) -> bool {
    // "Chinese spy", not "Palestinians blamed": a plural demonym is a subject
    let demonym = !doc.tokens[k].norm.ends_with('s')
        && doc
            .facts
            .mentions_ending_at
            .get(&(k + 1))
            .is_some_and(|ms| {
                ms.iter()
                    .any(|&m| matches!(doc.mentions[m].lex, Some(LexRef::Demonym(_))))
            });
    if demonym {
        return true;
    }
    let words = &lex.english.events;
    let w = doc.tokens[k].norm.as_str();
    // "the first meeting", but "Iran first met Iraq": an ordinal marks a noun only after a
    // determiner
    let ordinal = words.noun_ordinals.contains(w)
        && k > 0
        && words.noun_markers.contains(&doc.tokens[k - 1].norm);
    words.noun_markers.contains(w) || ordinal || doc.tokens[k].kind == TokenKind::Quote
}

struct Trigger<'v> {
    tokens: Range<usize>,
    form: Option<&'v VerbForm>,
    /// event-noun code and whether it is symmetric
    noun: Option<(&'v str, bool)>,
    /// a saying with a mood ("agreed to share", "said Sudan must return"): its code and rule
    mood: Option<MoodReading>,
}

/// What a mood verb and its complement make: the code, how it was read, and where the
/// recipient is looked for when the verb itself has no object.
#[derive(Debug, Clone)]
struct MoodReading {
    code: String,
    rule: String,
    /// the first token after the content verb (its object follows)
    content_end: usize,
    /// the tokens of the complement, which no other trigger may code again
    complement: Range<usize>,
    /// "said Sudan must return": the reported clause's subject is who is asked
    clause_subject: Option<ActorGroup>,
}

fn verb_trigger<'v>(doc: &Document<'_>, verbs: &'v EventLexicon, k: usize) -> Option<Trigger<'v>> {
    let forms = verbs.forms.get(&doc.tokens[k].norm)?;
    let s_end = doc.sentences[doc.tokens[k].sentence].tokens.end;
    let form = forms.iter().find(|f| {
        k + f.words.len() <= s_end
            && f.words
                .iter()
                .enumerate()
                .all(|(i, w)| doc.tokens[k + i].norm == *w)
    })?;
    Some(Trigger {
        tokens: k..k + form.words.len(),
        form: Some(form),
        noun: None,
        mood: None,
    })
}

fn noun_trigger<'v>(doc: &Document<'_>, verbs: &'v EventLexicon, k: usize) -> Option<Trigger<'v>> {
    let s_end = doc.sentences[doc.tokens[k].sentence].tokens.end;
    if k + 1 < s_end {
        let two = verbs.pair_key(&doc.tokens[k].norm, &doc.tokens[k + 1].norm);
        if let Some(n) = two.and_then(|two| verbs.nouns.get(&two)) {
            return Some(Trigger {
                tokens: k..k + 2,
                form: None,
                noun: Some((n.code.as_str(), n.symmetric)),
                mood: None,
            });
        }
    }
    let n = verbs.nouns.get(&doc.tokens[k].norm)?;
    Some(Trigger {
        tokens: k..k + 1,
        form: None,
        noun: Some((n.code.as_str(), n.symmetric)),
        mood: None,
    })
}

/// The code of a verb trigger: the most specific matching pattern of its block, else the
/// verb's own code. `None` when nothing codes it or a pattern says it is no event (`[---]`).
struct Coding<'v> {
    code: String,
    /// the event runs from the recipient to the actor (`[:020]` patterns)
    reversed: bool,
    rule: Rule<'v>,
    pattern_words: Vec<usize>,
}

/// How an event was coded, written out only for the events that are kept.
enum Rule<'v> {
    Pattern(&'v crate::verbs::Block, &'v Pattern),
    Verb(&'v crate::verbs::Block, &'v VerbForm),
    Text(String),
}

impl Rule<'_> {
    fn text(&self) -> String {
        match self {
            Rule::Pattern(block, p) => format!(
                "CAMEO.2.0 {} {}: {}",
                block.name,
                p.id,
                p.display().to_uppercase()
            ),
            Rule::Verb(block, form) => {
                format!("CAMEO.2.0 {}: {} *", block.name, form.lemma.to_uppercase())
            }
            Rule::Text(t) => t.clone(),
        }
    }
}

fn code_verb<'v>(
    doc: &Document<'_>,
    verbs: &'v EventLexicon,
    form: &'v VerbForm,
    trigger: &Range<usize>,
) -> Option<Coding<'v>> {
    let block = &verbs.blocks[form.block];
    let sentence = &doc.sentences[doc.tokens[trigger.start].sentence];
    let mut best: Option<(&Pattern, Vec<usize>)> = None;
    // only the patterns whose first word stands within reach after the trigger
    let mut candidates: Vec<usize> = block.unanchored.clone();
    let reach = window_end(doc, trigger.end, sentence.tokens.end, GAP + 1);
    for k in trigger.end..reach {
        let t = doc.tokens[k].norm.as_str();
        for w in base_forms(t) {
            if let Some(ps) = block.by_anchor.get(w) {
                candidates.extend(ps);
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    for p in candidates.into_iter().map(|i| &block.patterns[i]) {
        if p.specificity == 0 {
            continue;
        }
        let Some(hits) = match_pattern(doc, verbs, p, trigger, &sentence.tokens) else {
            continue;
        };
        if best
            .as_ref()
            .is_none_or(|(b, _)| p.specificity > b.specificity)
        {
            best = Some((p, hits));
        }
    }
    match best {
        Some((p, hits)) => {
            let rule = Rule::Pattern(block, p);
            match (&p.code, &p.passive_code) {
                (Some(c), _) => Some(Coding {
                    code: c.clone(),
                    reversed: false,
                    rule,
                    pattern_words: hits,
                }),
                (None, Some(c)) => Some(Coding {
                    code: c.clone(),
                    reversed: true,
                    rule,
                    pattern_words: hits,
                }),
                (None, None) => None,
            }
        }
        None => form.code.clone().map(|code| Coding {
            code,
            reversed: false,
            rule: Rule::Verb(block, form),
            pattern_words: Vec::new(),
        }),
    }
}

/// Whether the pattern's words stand in order after (and before) the trigger within its
/// sentence, each at most a few words from the last: `* (WITH LEADERS)` matches "met with
/// the leaders". Returns the matched tokens.
fn match_pattern(
    doc: &Document<'_>,
    verbs: &EventLexicon,
    p: &Pattern,
    trigger: &Range<usize>,
    sentence: &Range<usize>,
) -> Option<Vec<usize>> {
    let particles = &verbs.particles;
    let mut hits = Vec::new();
    let limit = sentence.end.min(trigger.end + PATTERN_WINDOW);
    // "* ON", "* UP": a phrasal verb's particle follows the verb directly
    let phrasal = !p.after.is_empty()
        && p.after
            .iter()
            .all(|e| matches!(e, Element::Word(w) if particles.contains(w)));
    if phrasal {
        let Some(Element::Word(w)) = p.after.first() else {
            return None;
        };
        if !(trigger.end < limit && doc.tokens[trigger.end].norm == *w) {
            return None;
        }
    }
    let mut k = trigger.end;
    for el in &p.after {
        k = match_forward(doc, verbs, el, k, limit, &mut hits)?;
    }
    let floor = sentence
        .start
        .max(trigger.start.saturating_sub(PATTERN_WINDOW));
    let mut k = trigger.start;
    for el in p.before.iter().rev() {
        k = match_backward(doc, verbs, el, k, floor, &mut hits)?;
    }
    Some(hits)
}

/// The longest subject of a reported clause, in words (names count as one): "the Sudanese
/// government and the rebels in Darfur must".
const SUBJECT_WORDS: usize = 10;

/// Words that may separate two pattern elements ("to the border", "a new deal").
const GAP: usize = 3;

/// The end of a window of `words` words from `from`: a date ("lifted Friday a blockade"), the
/// parts of a hyphenated word ("a day-old blockade") and an actor's name after its first word
/// ("gave the Ivory Coast aid") do not count, as a parser would read each as one constituent.
fn window_end(doc: &Document<'_>, from: usize, limit: usize, words: usize) -> usize {
    let mut counted = 0;
    let mut k = from;
    while k < limit {
        let t = &doc.tokens[k];
        let covering = |j: usize| doc.facts.phrase_covering.get(j).copied().flatten();
        let free = doc.facts.timex_of.get(k).is_some_and(|x| x.is_some())
            || k > from && !t.space_before && (t.norm == "-" || doc.tokens[k - 1].norm == "-")
            || k > from && covering(k).is_some() && covering(k) == covering(k - 1);
        if !free {
            if counted == words {
                break;
            }
            counted += 1;
        }
        k += 1;
    }
    k
}

/// A token as written and without a plural ending: how pattern words match it.
fn base_forms(t: &str) -> impl Iterator<Item = &str> {
    [Some(t), t.strip_suffix('s'), t.strip_suffix("es")]
        .into_iter()
        .flatten()
}

fn word_matches(doc: &Document<'_>, k: usize, w: &str) -> bool {
    base_forms(&doc.tokens[k].norm).any(|t| t == w)
}

/// The end of `el` matched at `k` exactly, if it matches there.
fn match_at(
    doc: &Document<'_>,
    verbs: &EventLexicon,
    el: &Element,
    k: usize,
    limit: usize,
) -> Option<usize> {
    match el {
        Element::Word(w) => (k < limit && word_matches(doc, k, w)).then_some(k + 1),
        Element::Set(s) => {
            if k >= limit {
                return None;
            }
            let by_first = verbs.sets.get(s)?;
            // the token as written, or without a plural ending (as `word_matches` reads it)
            let t = doc.tokens[k].norm.as_str();
            base_forms(t)
                .filter_map(|w| by_first.get(w))
                .flatten()
                .find_map(|form| {
                    let end = k + form.len();
                    (end <= limit
                        && form
                            .iter()
                            .enumerate()
                            .all(|(i, w)| word_matches(doc, k + i, w)))
                    .then_some(end)
                })
        }
        Element::Phrase(els) => {
            let mut j = k;
            for e in els {
                j = match e {
                    Element::Actor(_) => j,
                    e => match_at(doc, verbs, e, j, limit)?,
                };
            }
            Some(j)
        }
        Element::Actor(_) => Some(k),
    }
}

fn match_forward(
    doc: &Document<'_>,
    verbs: &EventLexicon,
    el: &Element,
    from: usize,
    limit: usize,
    hits: &mut Vec<usize>,
) -> Option<usize> {
    if matches!(el, Element::Actor(_)) {
        return Some(from);
    }
    (from..window_end(doc, from, limit, GAP + 1))
        .take_while(|&k| k == from || !verbs.complementizers.contains(&doc.tokens[k - 1].norm))
        .find_map(|k| {
            let end = match_at(doc, verbs, el, k, limit)?;
            hits.extend(k..end);
            Some(end)
        })
}

fn match_backward(
    doc: &Document<'_>,
    verbs: &EventLexicon,
    el: &Element,
    before: usize,
    floor: usize,
    hits: &mut Vec<usize>,
) -> Option<usize> {
    if matches!(el, Element::Actor(_)) {
        return Some(before);
    }
    (floor.max(before.saturating_sub(GAP + 3))..before)
        .rev()
        .find_map(|k| {
            let end = match_at(doc, verbs, el, k, before)?;
            hits.extend(k..end);
            Some(k)
        })
}

/// An actor phrase: mentions joined by "and", commas, "accompanied by".
#[derive(Debug, Clone)]
struct ActorGroup {
    tokens: Range<usize>,
    /// mention indices, in text order
    mentions: Vec<usize>,
    /// for a subject like "the incursion of X into Y": Y
    complement: Option<Box<ActorGroup>>,
    /// an unnamed agent's sector ("the US commander" → MIL): appended to the country code
    sector: Option<String>,
}

impl ActorGroup {
    fn new(tokens: Range<usize>, mentions: Vec<usize>) -> Self {
        ActorGroup {
            tokens,
            mentions,
            complement: None,
            sector: None,
        }
    }
}

/// Kinds that can act in an event.
fn can_act(doc: &Document<'_>, m: usize) -> bool {
    let mention = &doc.mentions[m];
    mention.entity.is_some()
        && matches!(
            mention.kind,
            EntityKind::Person
                | EntityKind::Organization
                | EntityKind::Country
                | EntityKind::Group
                | EntityKind::Place
        )
}

/// The longest acting mention ending at `end`.
fn mention_ending(doc: &Document<'_>, end: usize) -> Option<usize> {
    doc.facts
        .mentions_ending_at
        .get(&end)?
        .iter()
        .copied()
        .filter(|&m| can_act(doc, m))
        .min_by_key(|&m| doc.mentions[m].tokens.start)
}

/// The longest acting mention whose phrase (title included) starts at `start`.
fn mention_starting(doc: &Document<'_>, start: usize) -> Option<usize> {
    doc.facts
        .mentions_phrase_starting_at
        .get(&start)?
        .iter()
        .copied()
        .filter(|&m| can_act(doc, m))
        .max_by_key(|&m| doc.mentions[m].tokens.end)
}

/// The mention covering token `k` whose phrase starts there or covers it (titles included).
fn mention_covering(doc: &Document<'_>, k: usize, floor: usize) -> Option<usize> {
    doc.facts
        .phrase_covering
        .get(k)
        .copied()
        .flatten()
        .filter(|&m| phrase_start(doc, &doc.mentions[m]) >= floor)
}

/// Grows a group leftwards from its first mention over "A, B and C", "A, accompanied by B".
fn extend_left(doc: &Document<'_>, group: &mut ActorGroup, floor: usize) {
    // "A, B and C": reading leftwards from C, a comma joins only after an "and" has
    let mut seen_and = false;
    loop {
        let s = group.tokens.start;
        let joined = |j: usize| -> Option<usize> {
            // j = the token before the group; returns the end of the previous mention
            let w = doc.tokens.get(j)?.norm.as_str();
            match w {
                "and" | "," | "&" => Some(j),
                "by" if j >= 2
                    && matches!(doc.tokens[j - 1].norm.as_str(), "accompanied" | "joined")
                    && doc.tokens[j - 2].norm == "," =>
                {
                    Some(j - 2)
                }
                "with"
                    if j >= 2
                        && matches!(doc.tokens[j - 1].norm.as_str(), "along" | "together")
                        && doc.tokens[j - 2].norm == "," =>
                {
                    Some(j - 2)
                }
                _ => None,
            }
        };
        if s <= floor + 1 {
            return;
        }
        let Some(end) = joined(s - 1) else { return };
        match doc.tokens[s - 1].norm.as_str() {
            "and" | "&" => seen_and = true,
            "," if !seen_and => return,
            _ => {}
        }
        // "A and B": the mention before the connector (or "A, and B")
        let mut e = end;
        if e > floor && doc.tokens[e - 1].norm == "," {
            e -= 1;
        }
        let Some(m) = (e > floor).then(|| mention_ending(doc, e)).flatten() else {
            return;
        };
        let start = phrase_start(doc, &doc.mentions[m]);
        if start < floor {
            return;
        }
        group.mentions.insert(0, m);
        group.tokens.start = start;
    }
}

fn extend_right(doc: &Document<'_>, group: &mut ActorGroup, ceiling: usize) {
    // "A, B and C": commas join only in a list that an "and" closes
    let mut chain: Vec<(usize, bool)> = Vec::new();
    let mut end = group.tokens.end;
    loop {
        let e = end;
        if e + 1 >= ceiling {
            break;
        }
        let mut j = e;
        let comma = doc.tokens[j].norm == ",";
        if comma {
            j += 1;
        }
        let and = j < ceiling && matches!(doc.tokens[j].norm.as_str(), "and" | "&");
        if and {
            j += 1;
        } else if !comma {
            break;
        }
        if j < ceiling && matches!(doc.tokens[j].norm.as_str(), "the" | "its") {
            j += 1;
        }
        let Some(m) = (j < ceiling).then(|| mention_starting(doc, j)).flatten() else {
            break;
        };
        chain.push((m, and));
        end = doc.mentions[m].tokens.end;
        if and {
            break;
        }
    }
    if let Some(last_and) = chain.iter().rposition(|&(_, and)| and) {
        for &(m, _) in &chain[..=last_and] {
            group.mentions.push(m);
            group.tokens.end = doc.mentions[m].tokens.end;
        }
    }
}

/// The actor phrase before the trigger: skipping auxiliaries and adverbs ("is expected to"),
/// a relative "who" or "which", an appositive, "for X to".
fn subject_before(
    doc: &Document<'_>,
    lex: &Lexicon,
    trigger: usize,
    floor: usize,
) -> Option<ActorGroup> {
    let words = &lex.english.events;
    let mut e = trigger;
    while e > floor {
        let t = &doc.tokens[e - 1];
        let skip = words.between_subject_and_verb.contains(&t.norm)
            || doc.facts.timex_of.get(e - 1).copied().flatten().is_some()
            || t.norm.len() > 4 && t.norm.ends_with("ly") && !t.capitalized;
        if skip {
            e -= 1;
        } else {
            break;
        }
    }
    // "Iran, which attacked Israel": the clause opens after "which"; its subject is the phrase
    // before the relative pronoun
    if e == floor
        && floor >= 2
        && matches!(doc.tokens[floor - 1].norm.as_str(), "who" | "which")
        && doc.tokens[floor - 2].norm == ","
    {
        e = floor - 2;
        let m = mention_ending(doc, e)?;
        return Some(ActorGroup::new(
            phrase_start(doc, &doc.mentions[m])..doc.mentions[m].tokens.end,
            vec![m],
        ));
    }
    // "Xi and Biden, who met": the phrase before the relative pronoun
    if e > floor && matches!(doc.tokens[e - 1].norm.as_str(), "who" | "which" | "that") {
        e -= 1;
        if e > floor && doc.tokens[e - 1].norm == "," {
            e -= 1;
        }
    }
    // "Parrilla, the foreign minister of Cuba, said": the name before the appositive; "A,
    // accompanied by B, met": B takes part too
    let mut companions: Vec<usize> = Vec::new();
    if e > floor + 2 && doc.tokens[e - 1].norm == "," {
        let open = (e.saturating_sub(24).max(floor)..e - 1)
            .rev()
            .find(|&j| doc.tokens[j].norm == ",")?;
        let first = doc.tokens[open + 1].norm.as_str();
        let second = doc.tokens.get(open + 2).map_or("", |t| t.norm.as_str());
        if matches!(
            (first, second),
            ("accompanied" | "joined", "by") | ("along" | "together", "with")
        ) {
            companions = (open + 3..e - 1)
                .filter_map(|j| mention_starting(doc, j))
                .filter(|&m| doc.mentions[m].tokens.end < e)
                .collect();
        }
        e = open;
    }
    if e <= floor {
        return None;
    }
    // "Taiwan's Vice Foreign Minister visited", "the Fijian rebels said": an unnamed agent
    if mention_ending(doc, e).is_none() {
        if let Some(agent) = agent_ending(doc, lex, e, floor) {
            if !agent.mentions.is_empty() {
                return Some(agent);
            }
        }
    }
    let m = mention_ending(doc, e).or_else(|| {
        // "a Chinese spy balloon provoked": a demonym or country inside the noun phrase
        (e.saturating_sub(4).max(floor)..e)
            .rev()
            .take_while(|&j| doc.tokens[j].kind == TokenKind::Word)
            .find_map(|j| mention_starting(doc, j).filter(|&m| doc.mentions[m].tokens.end <= e))
    })?;
    let mut group = ActorGroup::new(
        phrase_start(doc, &doc.mentions[m]).max(floor)..doc.mentions[m].tokens.end,
        vec![m],
    );
    // "the transiting of a balloon over the US provoked": a place or country inside a
    // prepositional phrase is not the subject; the noun phrase it modifies is
    let start = group.tokens.start;
    let mut p = start;
    while p > floor && matches!(doc.tokens[p - 1].norm.as_str(), "the" | "a" | "an") {
        p -= 1;
    }
    if p > floor
        && words
            .subject_phrase_prepositions
            .contains(&doc.tokens[p - 1].norm)
    {
        // "the rebels from Syria": the country of an agent
        if doc.tokens[p - 1].norm == "from" {
            if let Some(mut agent) = agent_ending(doc, lex, p - 1, floor) {
                if agent.mentions.is_empty() {
                    agent.mentions = group.mentions.clone();
                    agent.tokens.end = group.tokens.end;
                    return Some(agent);
                }
            }
        }
        if let Some(mut head) = subject_before(doc, lex, p - 1, floor) {
            // the phrase's own complement is who it happened to, if the verb names no one
            head.complement = Some(Box::new(group));
            return Some(head);
        }
    }
    extend_left(doc, &mut group, floor);
    for m in companions {
        if !group.mentions.contains(&m) {
            group.mentions.push(m);
        }
    }
    Some(group)
}

/// The actor phrase after the trigger: right after it or after a preposition ("met with",
/// "provoked outrage from"), not a place after "in" or "at".
fn object_after(
    doc: &Document<'_>,
    lex: &Lexicon,
    from: usize,
    ceiling: usize,
) -> Option<ActorGroup> {
    let words = &lex.english.events;
    let limit = ceiling.min(from + OBJECT_WINDOW);
    let mut k = from;
    let mut skipped_words = 0;
    while k < limit {
        if let Some(m) = mention_starting(doc, k).or_else(|| mention_covering(doc, k, from)) {
            // "the Israeli army": a country word and an agent head after it
            if doc.mentions[m].kind == EntityKind::Country {
                let end = doc.mentions[m].tokens.end;
                if let Some(head) = (end..ceiling.min(end + 3))
                    .take_while(|&j| doc.tokens[j].kind == TokenKind::Word)
                    .find(|&j| agent_sector(doc, lex, j).is_some())
                {
                    return Some(ActorGroup {
                        tokens: k..head + 1,
                        mentions: vec![m],
                        complement: None,
                        sector: agent_sector(doc, lex, head),
                    });
                }
            }
            let mut group = ActorGroup::new(
                doc.mentions[m].tokens.start.max(from)..doc.mentions[m].tokens.end,
                vec![m],
            );
            extend_right(doc, &mut group, ceiling);
            return Some(group);
        }
        let t = &doc.tokens[k];
        let w = t.norm.as_str();
        // "the rebels from Syria", "the army of Chad"
        if let Some(sector) = agent_sector(doc, lex, k) {
            if doc
                .tokens
                .get(k + 1)
                .is_some_and(|n| matches!(n.norm.as_str(), "from" | "of"))
            {
                let mut j = k + 2;
                if doc.tokens.get(j).is_some_and(|t| t.norm == "the") {
                    j += 1;
                }
                if let Some(c) = (j < ceiling)
                    .then(|| mention_starting(doc, j))
                    .flatten()
                    .filter(|&c| doc.mentions[c].kind == EntityKind::Country)
                {
                    return Some(ActorGroup {
                        tokens: k..doc.mentions[c].tokens.end,
                        mentions: vec![c],
                        complement: None,
                        sector: Some(sector),
                    });
                }
            }
        }
        if words.place_prepositions.contains(w) && !words.object_prepositions.contains(w)
            || t.kind == TokenKind::Punct
            || t.kind == TokenKind::Quote
            || words.clause_openers.contains(w)
        {
            return None;
        }
        if words.object_prepositions.contains(w) || words.object_determiners.contains(w) {
            k += 1;
            continue;
        }
        // "provoked outrage from X", "made threats against X": a word or two, then a
        // preposition that introduces the recipient
        skipped_words += 1;
        let next = doc.tokens.get(k + 1).map(|t| t.norm.as_str());
        let recipient_next = next.is_some_and(|n| words.recipient_prepositions.contains(n));
        if skipped_words > 2 || !recipient_next && skipped_words == 2 || w == "of" {
            return None;
        }
        if !recipient_next
            && doc
                .tokens
                .get(k + 1)
                .is_some_and(|t| t.kind != TokenKind::Word)
        {
            return None;
        }
        k += 1;
    }
    None
}

/// The sector of an agent word at `k` ("commander" → MIL, "rebels" → REB, "foreign
/// minister" → GOV), from the title heads and the Phoenix agents dictionary.
fn agent_sector(doc: &Document<'_>, lex: &Lexicon, k: usize) -> Option<String> {
    let t = &doc.tokens[k];
    if t.kind != TokenKind::Word {
        return None;
    }
    if k > 0 && lex.titles.is_head_word(&doc.tokens[k - 1].norm) {
        let two = format!("{} {}", doc.tokens[k - 1].norm, t.norm);
        if let Some(s) = lex.titles.head_sector(&two) {
            return Some(s.trim_start_matches('~').to_string());
        }
    }
    lex.titles
        .head_sector(&t.norm)
        .map(|s| s.trim_start_matches('~').to_string())
}

/// An unnamed agent ending before `e`: "Taiwan's Vice Foreign Minister", "the US commander",
/// "the Fijian rebels" — an agent head and the country named before it in its noun phrase
/// (none when the phrase names no country: the caller may find one after it).
fn agent_ending(doc: &Document<'_>, lex: &Lexicon, e: usize, floor: usize) -> Option<ActorGroup> {
    if e <= floor {
        return None;
    }
    let sector = agent_sector(doc, lex, e - 1)?;
    let words = &lex.english.events;
    let mut start = e - 1;
    while start > floor && e - start < 7 && {
        let t = &doc.tokens[start - 1];
        (t.kind == TokenKind::Word || t.norm == "'s" || t.norm == "-")
            && !words.clause_openers.contains(&t.norm)
            && !words.between_subject_and_verb.contains(&t.norm)
    } {
        start -= 1;
    }
    let country = (start..e - 1)
        .rev()
        .filter_map(|j| doc.facts.mentions_ending_at.get(&(j + 1)))
        .flatten()
        .copied()
        .find(|&m| doc.mentions[m].kind == EntityKind::Country && doc.mentions[m].entity.is_some());
    Some(ActorGroup {
        tokens: start..e,
        mentions: country.into_iter().collect(),
        complement: None,
        sector: Some(sector),
    })
}

/// Whether token `k` is a quotation mark (the scan for a recipient stops at one).
fn quoted_at(doc: &Document<'_>, k: usize) -> bool {
    doc.tokens[k].kind == TokenKind::Quote
}

/// Who owns an event noun: "Blinken's trip", "His trip", "the visit by X".
fn noun_owner(doc: &Document<'_>, trigger: &Range<usize>, floor: usize) -> Option<ActorGroup> {
    let mut k = trigger.start;
    while k > floor
        && (doc.tokens[k - 1].kind == TokenKind::Word
            // "its long-threatened invasion"
            || doc.tokens[k - 1].norm == "-" && !doc.tokens[k - 1].space_before)
        && !doc.tokens[k - 1].capitalized
        && !matches!(
            doc.tokens[k - 1].norm.as_str(),
            "'s" | "his" | "her" | "its" | "their"
        )
        && trigger.start - k < 3
    {
        k -= 1;
    }
    if k > floor && doc.tokens[k - 1].norm == "'s" {
        let m = mention_ending(doc, k - 1)?;
        return Some(ActorGroup::new(doc.mentions[m].tokens.clone(), vec![m]));
    }
    if k > floor && matches!(doc.tokens[k - 1].norm.as_str(), "his" | "her") {
        let m = latest_person_before(doc, k - 1)?;
        return Some(ActorGroup::new(k - 1..k, vec![m]));
    }
    // "Israel mounted its invasion", "the rebels continued their strike": the nearest actor of
    // the sentence before the possessive (not a person for "its")
    if k > floor && matches!(doc.tokens[k - 1].norm.as_str(), "its" | "their") {
        let person_ok = doc.tokens[k - 1].norm == "their";
        let m = (floor..k - 1)
            .rev()
            .filter_map(|e| doc.facts.mentions_ending_at.get(&e))
            .flatten()
            .copied()
            .find(|&m| {
                can_act(doc, m) && (person_ok || doc.mentions[m].kind != EntityKind::Person)
            })?;
        return Some(ActorGroup::new(k - 1..k, vec![m]));
    }
    // "the visit by Putin": the agent after "by"
    if doc.tokens.get(trigger.end).is_some_and(|t| t.norm == "by") {
        let mut j = trigger.end + 1;
        if doc.tokens.get(j).is_some_and(|t| t.norm == "the") {
            j += 1;
        }
        if let Some(m) = mention_starting(doc, j) {
            return Some(ActorGroup::new(
                phrase_start(doc, &doc.mentions[m]).max(j)..doc.mentions[m].tokens.end,
                vec![m],
            ));
        }
    }
    // "Palestinian riots", "the Israeli invasion", "US airstrikes": a national adjective or
    // country right before the noun
    let m = mention_ending(doc, trigger.start)
        .filter(|&m| doc.mentions[m].kind == EntityKind::Country)?;
    Some(ActorGroup::new(doc.mentions[m].tokens.clone(), vec![m]))
}

/// The person a "his" or "her" most likely means: the latest person named as a subject in
/// the two sentences before, else the latest person.
fn latest_person_before(doc: &Document<'_>, k: usize) -> Option<usize> {
    let sentence = doc.tokens[k].sentence;
    let floor = doc.sentences[sentence.saturating_sub(2)]
        .tokens
        .start
        .max(k.saturating_sub(10 * CLAUSE_WINDOW));
    (floor..k)
        .rev()
        .filter_map(|e| doc.facts.mentions_ending_at.get(&e))
        .flatten()
        .copied()
        .find(|&m| doc.mentions[m].kind == EntityKind::Person && doc.mentions[m].entity.is_some())
}

fn build_event(
    doc: &Document<'_>,
    lex: &Lexicon,
    verbs: &EventLexicon,
    words: &EventWords,
    trigger: &Trigger<'_>,
) -> Option<Event> {
    let t = trigger.tokens.clone();
    let sentence_idx = doc.tokens[t.start].sentence;
    let sentence = doc.sentences[sentence_idx].tokens.clone();
    let mut evidence = Vec::new();
    // "will not accept": the negation is read as a refusal, not as "no event"
    let mut refusal_read = false;
    let (coding, symmetric_noun) = match (trigger.form, trigger.noun) {
        _ if trigger.mood.is_some() => {
            let m = trigger.mood.as_ref().expect("checked");
            evidence.push(format!("mood: {}", m.rule));
            (
                Coding {
                    code: m.code.clone(),
                    reversed: false,
                    rule: Rule::Text(m.rule.clone()),
                    pattern_words: Vec::new(),
                },
                false,
            )
        }
        (Some(form), _) => {
            let mut c = code_verb(doc, verbs, form, &t)?;
            // "Finland will give Tanzania a grant": CAMEO codes a stated future act as the
            // intent to do it (03), a refusal as 12, a future use of force as a threat (13);
            // "will ... if/unless" is a threat. Sayings (01, 02) and verbal conflict (10-13)
            // keep their own code.
            if let Some((mood, aux)) = future_mood(doc, words, t.start, sentence.start) {
                let mood =
                    mood_on_condition(doc, words, mood, Some(root(&c.code)), t.end..sentence.end);
                refusal_read = mood == "reject";
                if !matches!(root(&c.code), "01" | "02" | "10" | "11" | "12" | "13") {
                    if let Some(code) = verbs.mood_code(mood, Some(root(&c.code))) {
                        c.rule = Rule::Text(format!(
                            "{mood} '{}' + '{}' (root {}) (data/curated/cameo_moods.tsv); {}",
                            doc.token_text(aux),
                            doc.tokens_text(&t),
                            root(&c.code),
                            c.rule.text()
                        ));
                        c.code = code.to_string();
                    }
                }
            }
            (c, false)
        }
        (None, Some((code, symmetric))) => (
            Coding {
                code: code.to_string(),
                reversed: false,
                rule: Rule::Text(format!("event noun '{}' ({code})", doc.tokens_text(&t))),
                pattern_words: Vec::new(),
            },
            symmetric,
        ),
        (None, None) => return None,
    };
    let clause_floor = clause_start(
        doc,
        words,
        t.start,
        sentence.start.max(t.start.saturating_sub(CLAUSE_WINDOW)),
    );
    // "Putin's visit to China was postponed": the verb says how the visit stands (its status),
    // it is no postponement event of its own
    if trigger.form.is_some() {
        use crate::verbs::status_bits as b;
        let says_status = verbs
            .status_words
            .get(&doc.tokens[t.start].norm)
            .is_some_and(|&bits| bits & (b::POSTPONED | b::CANCELLED) != 0);
        let event_noun_before = (clause_floor..t.start).any(|j| {
            verbs.nouns.contains_key(&doc.tokens[j].norm)
                && !doc.facts.in_quotes.get(j).copied().unwrap_or(false)
        });
        if says_status && event_noun_before {
            return None;
        }
    }
    let passive = trigger.form.is_some() && is_passive(doc, words, t.start, clause_floor);
    let after_pattern = coding
        .pattern_words
        .iter()
        .copied()
        .filter(|&k| k >= t.end)
        .max()
        .map_or(t.end, |k| k + 1);
    let mut subject = if trigger.noun.is_some() {
        noun_owner(doc, &t, sentence.start).or_else(|| {
            // "officials had discussions": the subject of a light verb right before
            let light = (t.start.saturating_sub(10).max(clause_floor)..t.start)
                .rev()
                .find(|&j| words.light_verbs.contains(&doc.tokens[j].norm))?;
            subject_before(doc, lex, light, clause_floor)
        })
    } else {
        subject_before(doc, lex, t.start, clause_floor)
    };
    // "its invasion of Lebanon": once the noun has its owner, "of" introduces what it is done to
    let of_patient = trigger.noun.is_some()
        && subject.as_ref().is_some_and(|s| s.tokens.end <= t.start)
        && doc.tokens.get(t.end).is_some_and(|n| n.norm == "of");
    let mut object = object_after(doc, lex, t.end + usize::from(of_patient), sentence.end)
        .filter(|o| o.tokens.start >= after_pattern.min(o.tokens.start).max(t.end))
        .filter(|o| {
            subject
                .as_ref()
                .is_none_or(|s| s.tokens.end <= o.tokens.start)
        });
    if let Some(m) = &trigger.mood {
        // "urged the EC to support": the object of the mood verb; else the reported clause's
        // subject ("said Sudan must return"); else the content verb's object
        let own = object
            .take()
            .filter(|o| o.tokens.end <= m.complement.start.max(o.tokens.start));
        object = own
            .or_else(|| m.clause_subject.clone())
            .or_else(|| object_after(doc, lex, m.content_end, sentence.end));
    }
    // "the visit by Putin to China": the recipient follows the owner
    if object.is_none() && trigger.noun.is_some() {
        if let Some(owner) = subject.as_ref().filter(|s| s.tokens.start >= t.end) {
            object = object_after(doc, lex, owner.tokens.end, sentence.end);
        }
    }
    if subject.is_none() && trigger.noun.is_some() {
        // "talks between A and B", "the visit by X to Y"
        if let Some(o) = &object {
            if o.mentions.len() > 1 {
                subject = Some(o.clone());
                object = None;
            }
        }
    }
    // "X issued a declaration demanding ...", "Washington along with its allies demanded":
    // the first actor the clause opens with
    let owned_by_clause = trigger.noun.is_some()
        && t.start > 0
        && matches!(doc.tokens[t.start - 1].norm.as_str(), "their" | "its");
    if subject.is_none() && (trigger.noun.is_none() || owned_by_clause) {
        subject = (clause_floor..t.start)
            .find_map(|j| {
                let m = mention_starting(doc, j)?;
                let before = j.checked_sub(1).map(|b| doc.tokens[b].norm.as_str());
                let in_pp = before.is_some_and(|b| {
                    words.object_prepositions.contains(b)
                        || words.place_prepositions.contains(b)
                        || b == "of"
                });
                (!in_pp && doc.mentions[m].tokens.end <= t.start).then_some(m)
            })
            .map(|m| {
                ActorGroup::new(
                    phrase_start(doc, &doc.mentions[m]).max(clause_floor)
                        ..doc.mentions[m].tokens.end,
                    vec![m],
                )
            });
    }
    if passive {
        // "was postponed by X": the agent after "by" acts on the subject
        let by = (t.end..sentence.end.min(t.end + 4)).find(|&j| doc.tokens[j].norm == "by");
        let agent = by.and_then(|b| object_after(doc, lex, b + 1, sentence.end));
        if agent.is_some() || object.is_none() {
            object = subject.take();
            subject = agent;
        }
    }
    if object.is_none() {
        object = subject
            .as_mut()
            .and_then(|s| s.complement.take())
            .map(|c| *c);
    }
    // "continued military aid to war-torn Mozambique", "withdrew its troops from Lebanon",
    // "opened an embassy in Tehran": else the first other actor further in the clause (up to
    // its first comma), as PETRARCH takes the first actor of the verb phrase
    // "A and B", or "American and Chinese officials": both parties are in the subject
    let coordinated = subject
        .as_ref()
        .is_some_and(|s| s.mentions.len() > 1 || split_group_countries(doc, s.clone()).1.is_some());
    if object.is_none() && !passive && trigger.noun.is_none() && !coordinated {
        let from = trigger
            .mood
            .as_ref()
            .map_or(after_pattern, |m| m.content_end);
        let own = subject
            .as_ref()
            .map(|s| {
                s.mentions
                    .iter()
                    .filter_map(|&m| doc.mentions[m].entity)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        object = (from..sentence.end.min(t.end + 20))
            .take_while(|&k| {
                let w = doc.tokens[k].norm.as_str();
                !matches!(w, "," | ";" | ":" | "that" | "who" | "which" | "\"")
                    && !quoted_at(doc, k)
            })
            .find_map(|k| {
                let m = mention_starting(doc, k)?;
                let e = doc.mentions[m].entity?;
                (!own.contains(&e)).then_some(m)
            })
            .map(|m| {
                let mut g = ActorGroup::new(doc.mentions[m].tokens.clone(), vec![m]);
                extend_right(doc, &mut g, sentence.end);
                g
            });
    }
    if coding.reversed {
        std::mem::swap(&mut subject, &mut object);
    }
    // meeting and talking are mutual whoever the sentence names first
    let symmetric_verb = trigger.form.is_some_and(|f| {
        words
            .symmetric_blocks
            .contains(&verbs.blocks[f.block].name.to_ascii_lowercase())
    }) && matches!(root(&coding.code), "03" | "04");
    let mut symmetric = symmetric_noun || symmetric_verb;
    let (actor_group, recipient_group) = match (subject, object) {
        // "Xi and Biden met on the sidelines": both parties in one coordinated subject
        (Some(s), Some(o)) => (Some(s), Some(o)),
        (Some(s), None) if s.mentions.len() > 1 => {
            symmetric = true;
            split_coordination(doc, s)
        }
        (Some(s), None) => {
            let (a, b) = split_group_countries(doc, s);
            if b.is_some() {
                symmetric = true;
            }
            (a, b)
        }
        (None, o) => (None, o),
    };
    let date = event_date(doc, &t, &sentence);
    let actor = actor_group
        .as_ref()
        .map(|g| side(doc, lex, g, date.as_ref()));
    let recipient = recipient_group
        .as_ref()
        .map(|g| side(doc, lex, g, date.as_ref()));
    // an event needs a coded actor, or a coded recipient with a named actor
    let coded = |s: &Option<EventSide>| s.as_ref().is_some_and(|s| s.code.is_some());
    if !coded(&actor) && !coded(&recipient) {
        return None;
    }
    // "three Iraqi civilians were killed": a passive names who suffered even when it does not
    // name who did it
    if actor.is_none() && !(passive && coded(&recipient)) {
        return None;
    }
    let status = status(doc, verbs, &t, clause_floor, &sentence, refusal_read)?;
    let place = event_place(doc, words, &t, &sentence);
    let mut participants = Vec::new();
    for g in actor_group.iter().chain(recipient_group.iter()) {
        for &m in &g.mentions {
            if let Some(e) = doc.mentions[m].entity {
                if !participants.contains(&e) {
                    participants.push(e);
                }
            }
        }
    }
    if passive {
        evidence.push("passive voice: the agent after 'by' is the actor".into());
    }
    Some(Event {
        code: coding.code,
        actor,
        recipient,
        participants,
        symmetric,
        date,
        place,
        status,
        sentence: sentence_idx,
        trigger: t,
        quote: None,
        rule: coding.rule.text(),
        retold_in: Vec::new(),
        evidence,
    })
}

/// "US and Chinese officials" is one group mention naming two countries; "A and B" two
/// mentions: the first is the actor, the rest the recipient.
fn split_coordination(
    doc: &Document<'_>,
    g: ActorGroup,
) -> (Option<ActorGroup>, Option<ActorGroup>) {
    let Some(&first) = g.mentions.first() else {
        return (None, None);
    };
    let a = ActorGroup::new(doc.mentions[first].tokens.clone(), vec![first]);
    let rest: Vec<usize> = g.mentions[1..].to_vec();
    let Some(&second) = rest.first() else {
        return (Some(g), None);
    };
    let b = ActorGroup::new(doc.mentions[second].tokens.start..g.tokens.end, rest);
    (Some(a), Some(b))
}

fn split_group_countries(
    doc: &Document<'_>,
    g: ActorGroup,
) -> (Option<ActorGroup>, Option<ActorGroup>) {
    let Some(&m) = g.mentions.first() else {
        return (Some(g), None);
    };
    if doc.mentions[m].kind != EntityKind::Group {
        return (Some(g), None);
    }
    // the country words inside the group phrase ("American and Chinese officials")
    let inside: Vec<usize> = doc.mentions[m]
        .tokens
        .clone()
        .filter_map(|k| doc.facts.mentions_starting_at.get(&k))
        .flatten()
        .copied()
        .filter(|&c| {
            c != m
                && doc.mentions[c].kind == EntityKind::Country
                && doc.mentions[c].entity.is_some()
        })
        .collect();
    let mut countries: Vec<usize> = Vec::new();
    for c in inside {
        if !countries
            .iter()
            .any(|&d| doc.mentions[d].entity == doc.mentions[c].entity)
        {
            countries.push(c);
        }
    }
    if countries.len() < 2 {
        return (Some(g), None);
    }
    let a = ActorGroup::new(g.tokens.clone(), vec![m, countries[0]]);
    let b = ActorGroup::new(
        doc.mentions[countries[1]].tokens.clone(),
        vec![countries[1]],
    );
    (Some(a), Some(b))
}

/// The side record of an actor group: its first mention's entity, coded at the event date.
fn side(doc: &Document<'_>, lex: &Lexicon, g: &ActorGroup, date: Option<&EventDate>) -> EventSide {
    // a group naming countries inside ("American and Chinese officials"): the country words
    let entity = g.mentions.first().and_then(|&m| doc.mentions[m].entity);
    let code = entity
        .and_then(|e| entity_code(doc, lex, e, date))
        .or_else(|| {
            g.mentions
                .iter()
                .skip(1)
                .filter_map(|&x| doc.mentions[x].entity)
                .find_map(|e| entity_code(doc, lex, e, date))
        });
    // an unnamed agent: its country's code and its sector ("US commander" → USAMIL)
    let code = match (&g.sector, code) {
        (Some(sector), Some(c)) if c.len() == 3 => Some(format!("{c}{sector}")),
        (_, c) => c,
    };
    EventSide {
        tokens: g.tokens.clone(),
        entity,
        code,
    }
}

/// The CAMEO code of an entity at the event's date: a dictionary actor's dated code, else the
/// entity's code, else its country's.
fn entity_code(
    doc: &Document<'_>,
    lex: &Lexicon,
    e: usize,
    date: Option<&EventDate>,
) -> Option<String> {
    let entity = &doc.entities[e];
    let day = date.and_then(|d| event_day(&d.value)).or(doc.published);
    if let Some(LexRef::Actor(a)) = entity.lex {
        let a = &lex.actors[a as usize];
        if let Some(c) = code_at(&a.codes, day) {
            return Some(c.code.clone());
        }
    }
    if let Some(c) = &entity.code {
        return Some(c.clone());
    }
    let iso = entity.country.as_deref()?;
    Some(
        lex.country(iso)
            .map_or_else(|| iso.to_string(), |c| c.cameo.clone()),
    )
}

/// The first day an ISO date value (`2023`, `2023-05`, `2023-05-04`) covers.
fn event_day(value: &str) -> Option<jiff::civil::Date> {
    let mut parts = value.split('-');
    let y: i16 = parts.next()?.parse().ok()?;
    let m: i8 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    let d: i8 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    jiff::civil::Date::new(y, m, d).ok()
}

/// Where the clause of the trigger starts: after an opening "According to X," and after a
/// subordinator before the trigger ("... was postponed after X provoked").
fn clause_start(doc: &Document<'_>, words: &EventWords, trigger: usize, floor: usize) -> usize {
    let mut start = floor;
    // the comma that closes the last ", which ..., " before the trigger, if any
    let mut closing_comma = false;
    for k in (floor..trigger).rev() {
        let w = doc.tokens[k].norm.as_str();
        // "Iran, which attacked Israel last week, met Iraq": a relative clause closed before
        // the trigger is a parenthesis; the trigger's clause goes on before it
        let parenthetical = closing_comma
            && matches!(w, "which" | "who")
            && k > floor
            && doc.tokens[k - 1].norm == ",";
        if w == "," {
            closing_comma = true;
        }
        if parenthetical {
            continue;
        }
        if words.clause_openers.contains(w) && !matches!(w, "that" | "as") || w == ";" {
            start = k + 1;
            break;
        }
    }
    // "According to the readout from the State Department, A met B"
    if doc.tokens[start].norm == "according" {
        if let Some(comma) = (start..trigger).find(|&k| doc.tokens[k].norm == ",") {
            start = comma + 1;
        }
    }
    start
}

fn is_passive(doc: &Document<'_>, words: &EventWords, trigger: usize, floor: usize) -> bool {
    let w = doc.tokens[trigger].norm.as_str();
    if w.ends_with("ing") || !(w.ends_with("ed") || w.ends_with("en") || w.ends_with('t')) {
        return false;
    }
    (floor.max(trigger.saturating_sub(3))..trigger)
        .any(|k| words.passive_auxiliaries.contains(&doc.tokens[k].norm))
}

/// The sentence's time expression nearest the trigger (one after it in its clause first),
/// else the publication date.
fn event_date(
    doc: &Document<'_>,
    trigger: &Range<usize>,
    sentence: &Range<usize>,
) -> Option<EventDate> {
    let resolved = |x: usize| {
        let t = &doc.timexes[x];
        let v = t.value.as_deref()?;
        let dated = v.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && !matches!(t.precision, Precision::Reference);
        dated.then_some(x)
    };
    // timexes are in text order: those of the sentence by binary search, not a scan
    let from = sentence
        .start
        .max(trigger.start.saturating_sub(CLAUSE_WINDOW));
    let first = doc.timexes.partition_point(|t| t.tokens.start < from);
    let timexes: Vec<usize> = (first..doc.timexes.len())
        .take_while(|&x| {
            doc.timexes[x].tokens.start < sentence.end.min(trigger.end + CLAUSE_WINDOW)
        })
        .filter(|&x| doc.timexes[x].tokens.end <= sentence.end)
        .filter_map(resolved)
        .collect();
    let distance = |x: usize| {
        let r = &doc.timexes[x].tokens;
        if r.start >= trigger.end {
            r.start - trigger.end
        } else {
            // one before the trigger counts a little further than one after it
            trigger.start.saturating_sub(r.end) + 2
        }
    };
    if let Some(&x) = timexes.iter().min_by_key(|&&x| distance(x)) {
        let t = &doc.timexes[x];
        return Some(EventDate {
            value: t.value.clone()?,
            precision: t.precision,
            timex: Some(x),
        });
    }
    doc.published.map(|d| EventDate {
        value: d.to_string(),
        precision: Precision::Day,
        timex: None,
    })
}

/// A place after "in"/"at" following the trigger in its sentence, or opening the sentence.
fn event_place(
    doc: &Document<'_>,
    words: &EventWords,
    trigger: &Range<usize>,
    sentence: &Range<usize>,
) -> Option<usize> {
    let is_place = |m: usize| {
        matches!(
            doc.mentions[m].kind,
            EntityKind::Place | EntityKind::Country
        ) && doc.mentions[m].entity.is_some()
            && !matches!(doc.mentions[m].lex, Some(LexRef::Demonym(_)))
    };
    let after = (trigger.end..sentence.end.min(trigger.end + CLAUSE_WINDOW)).find_map(|k| {
        if !words.place_prepositions.contains(&doc.tokens[k].norm) {
            return None;
        }
        let mut j = k + 1;
        if doc.tokens.get(j).is_some_and(|t| t.norm == "the") {
            j += 1;
        }
        doc.facts
            .mentions_starting_at
            .get(&j)?
            .iter()
            .copied()
            .find(|&m| is_place(m))
    });
    after.or_else(|| {
        // "In Beijing, ..." / the object of a visit ("visit Beijing")
        let k = sentence.start;
        if words.place_prepositions.contains(&doc.tokens[k].norm) {
            if let Some(m) = doc
                .facts
                .mentions_starting_at
                .get(&(k + 1))
                .and_then(|ms| ms.iter().copied().find(|&m| is_place(m)))
            {
                return Some(m);
            }
        }
        if words
            .place_object_verbs
            .contains(&doc.tokens[trigger.start].norm)
        {
            let j = trigger.end
                + usize::from(doc.tokens.get(trigger.end).is_some_and(|t| t.norm == "to"));
            return doc
                .facts
                .mentions_starting_at
                .get(&j)?
                .iter()
                .copied()
                .find(|&m| is_place(m) && doc.mentions[m].kind == EntityKind::Place);
        }
        None
    })
}

/// What the words around the trigger say of it. `None` for a negated event: "did not attack"
/// is no event (and not an event of the opposite kind).
fn status(
    doc: &Document<'_>,
    verbs: &EventLexicon,
    trigger: &Range<usize>,
    clause_floor: usize,
    sentence: &Range<usize>,
    refusal_read: bool,
) -> Option<EventStatus> {
    use crate::verbs::status_bits as b;
    let before = clause_floor.max(trigger.start.saturating_sub(6))..trigger.start;
    // the status words of the sentence up to a little after the trigger, looked up once each
    let lo = clause_floor.min(
        trigger
            .start
            .saturating_sub(CLAUSE_WINDOW)
            .max(sentence.start),
    );
    let hi = sentence.end.min(trigger.end + 14);
    let mut bits = vec![0u8; hi - lo];
    for k in lo..hi {
        // a speaker's "will" inside a quote says nothing of the reporter's event
        if doc.facts.in_quotes.get(k).copied().unwrap_or(false) {
            continue;
        }
        let w = &doc.tokens[k].norm;
        let mut v = verbs.status_words.get(w).copied().unwrap_or(0);
        if v & b::OPENS_PAIR != 0 && k + 1 < hi {
            let pair = format!("{w} {}", doc.tokens[k + 1].norm);
            v |= verbs.status_pairs.get(&pair).copied().unwrap_or(0);
        }
        bits[k - lo] = v;
    }
    let has = |bit: u8, r: Range<usize>| r.into_iter().any(|k| bits[k - lo] & bit != 0);
    if has(b::NEGATION, before.clone()) && !refusal_read {
        if has(b::DENIED, clause_floor..trigger.start) {
            return Some(EventStatus::Denied);
        }
        return None;
    }
    // the predicate of an event noun, or what was done to the event: "the trip was postponed"
    let after = trigger.end..hi;
    // "called off its visit": the trigger itself may say so
    let itself = trigger.clone();
    if has(b::CANCELLED, after.clone())
        || has(b::CANCELLED, before.clone())
        || has(b::CANCELLED, itself.clone())
    {
        return Some(EventStatus::Cancelled);
    }
    if has(b::POSTPONED, after) || has(b::POSTPONED, before.clone()) || has(b::POSTPONED, itself) {
        return Some(EventStatus::Postponed);
    }
    if has(b::DENIED, before.clone()) {
        return Some(EventStatus::Denied);
    }
    let infinitive = trigger.start > 0 && doc.tokens[trigger.start - 1].norm == "to";
    if has(b::PLANNED, before.clone()) || infinitive && has(b::PLANNED, lo..trigger.start) {
        return Some(EventStatus::Planned);
    }
    // "If Iran attacks Israel, the US will respond": the clause opens after the "if"
    let opener = clause_floor
        .checked_sub(1)
        .filter(|&j| j >= sentence.start)
        .map(|j| doc.tokens[j].norm.as_str());
    if has(b::HYPOTHETICAL, before)
        || doc.tokens[clause_floor].norm == "if"
        || matches!(opener, Some("if" | "unless"))
        || (sentence.start..clause_floor.min(sentence.start + 2))
            .any(|j| doc.tokens[j].norm == "if")
    {
        return Some(EventStatus::Hypothetical);
    }
    Some(EventStatus::Occurred)
}

/// Statements: a quote or reported speech whose speaker is an actor. The code comes from the
/// reporting verb's dictionary entry when it is a statement code (01, 02, 10, 11, 12), else 010.
fn statements(doc: &Document<'_>, lex: &Lexicon, verbs: &EventLexicon) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    let mut cues_done: rustc_hash::FxHashSet<(usize, usize)> = Default::default();
    for (qi, q) in doc.quotes.iter().enumerate() {
        let Some(sp) = &q.speaker else { continue };
        // several quotes after one "said": one statement
        if q.cue
            .as_ref()
            .is_some_and(|c| cues_done.contains(&(c.start, c.end)))
        {
            continue;
        }
        let Some(m) = sp.mention else { continue };
        let Some(entity) = doc.mentions[m].entity else {
            continue;
        };
        let trigger = q.cue.clone().unwrap_or_else(|| sp.tokens.clone());
        let sentence = doc.tokens[trigger.start].sentence;
        let date = match q.timex {
            Some(x) => doc.timexes[x].value.clone().map(|v| EventDate {
                value: v,
                precision: doc.timexes[x].precision,
                timex: Some(x),
            }),
            None => doc.published.map(|d| EventDate {
                value: d.to_string(),
                precision: Precision::Day,
                timex: None,
            }),
        };
        let Some(code) = entity_code(doc, lex, entity, date.as_ref()) else {
            continue;
        };
        let cue_code = q
            .cue
            .as_ref()
            .and_then(|c| verbs.forms.get(&doc.tokens[c.start].norm))
            .and_then(|forms| forms.iter().find_map(|f| f.code.clone()))
            .filter(|c| matches!(&c[..2], "01" | "02" | "10" | "11" | "12"));
        let (code_str, rule) = match cue_code {
            Some(c) => {
                let rule = format!(
                    "statement: reporting verb '{}' codes {c} in data/events/verbs.tsv",
                    doc.tokens_text(q.cue.as_ref().unwrap_or(&trigger))
                );
                (c, rule)
            }
            None => (
                "010".to_string(),
                "statement: a quote with an actor as speaker".to_string(),
            ),
        };
        if let Some(c) = &q.cue {
            cues_done.insert((c.start, c.end));
        }
        out.push(Event {
            code: code_str,
            actor: Some(EventSide {
                tokens: sp.tokens.clone(),
                entity: Some(entity),
                code: Some(code),
            }),
            recipient: None,
            participants: vec![entity],
            symmetric: false,
            date,
            place: None,
            status: EventStatus::Occurred,
            sentence,
            trigger,
            quote: Some(qi),
            rule,
            retold_in: Vec::new(),
            evidence: vec![format!("speaker of quote Q{}", qi + 1)],
        });
    }
    out
}

/// The same happening told twice in nearby sentences of one paragraph ("had discussions in
/// Beijing on Monday ... met with ..."): one event, its participants joined, the more precise
/// date and the place kept, the other sentence recorded.
fn merge_retold(doc: &Document<'_>, events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    fn country(s: &Option<EventSide>) -> Option<&str> {
        s.as_ref()?.code.as_deref().map(|c| c.get(..3).unwrap_or(c))
    }
    for e in events {
        // only the last few events kept, of the last few sentences: a sentence of thousands
        // of events compares each with a handful, not with all
        let same = out
            .iter_mut()
            .rev()
            .take(MERGE_WINDOW)
            .take_while(|o| o.sentence + 2 >= e.sentence)
            .find(|o| {
                let near = e.sentence >= o.sentence
                    && e.sentence - o.sentence <= 2
                    && doc.sentences[e.sentence]
                        .paragraph
                        .abs_diff(doc.sentences[o.sentence].paragraph)
                        <= 1;
                let (a, b) = (country(&e.actor), country(&e.recipient));
                let (c, d) = (country(&o.actor), country(&o.recipient));
                let sides = (a, b) == (c, d) || (e.symmetric || o.symmetric) && (a, b) == (d, c);
                let dates = match (&e.date, &o.date) {
                    (Some(x), Some(y)) => {
                        x.timex.is_none()
                            || y.timex.is_none()
                            || x.value.starts_with(&y.value)
                            || y.value.starts_with(&x.value)
                    }
                    _ => true,
                };
                near && sides
                    && dates
                    && root(&e.code) == root(&o.code)
                    && e.status == o.status
                    && e.quote.is_none()
                    && o.quote.is_none()
            });
        match same {
            Some(o) => {
                for p in &e.participants {
                    if !o.participants.contains(p) {
                        o.participants.push(*p);
                    }
                }
                if o.date.as_ref().is_none_or(|d| d.timex.is_none())
                    && e.date.as_ref().is_some_and(|d| d.timex.is_some())
                {
                    o.date = e.date.clone();
                }
                if o.place.is_none() {
                    o.place = e.place;
                }
                if e.sentence != o.sentence && !o.retold_in.contains(&e.sentence) {
                    o.retold_in.push(e.sentence);
                }
                o.evidence.push(format!(
                    "also told by '{}' ({})",
                    doc.tokens_text(&e.trigger),
                    e.rule
                ));
            }
            None => out.push(e),
        }
    }
    out
}
