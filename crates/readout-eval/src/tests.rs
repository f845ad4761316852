//! Loader and scorer tests on small inline documents, plus one over the real corpora when
//! they are present (`/work/shared/eval`, or `READOUT_EVAL_GOLD`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::*;

const MEANTIME_XML: &str = r#"<?xml version="1.0" ?><Document doc_id="11714" doc_name="11714_Ryanair_buys" lang="en" url="http://en.wikinews.org/wiki/x">
<token number="0" sentence="0" t_id="1">Ryanair</token>
<token number="1" sentence="0" t_id="2">buys</token>
<token number="2" sentence="0" t_id="3">Boeing</token>
<token number="3" sentence="0" t_id="4">jets</token>
<token number="4" sentence="1" t_id="5">June</token>
<token number="5" sentence="1" t_id="6">13</token>
<token number="6" sentence="1" t_id="7">,</token>
<token number="7" sentence="1" t_id="8">2005</token>
<token number="8" sentence="2" t_id="9">Irish</token>
<token number="9" sentence="2" t_id="10">low</token>
<token number="10" sentence="2" t_id="11">cost</token>
<token number="11" sentence="2" t_id="12">airline</token>
<token number="12" sentence="2" t_id="13">,</token>
<token number="13" sentence="2" t_id="14">Ryanair</token>
<token number="14" sentence="2" t_id="15">,</token>
<token number="15" sentence="2" t_id="16">announced</token>
<token number="16" sentence="2" t_id="17">today</token>
<token number="17" sentence="2" t_id="18">that</token>
<token number="18" sentence="2" t_id="19">it</token>
<token number="19" sentence="2" t_id="20">will</token>
<token number="20" sentence="2" t_id="21">buy</token>
<token number="21" sentence="2" t_id="22">five</token>
<token number="22" sentence="2" t_id="23">Boeing</token>
<token number="23" sentence="2" t_id="24">737s</token>
<token number="24" sentence="2" t_id="25">from</token>
<token number="25" sentence="2" t_id="26">the</token>
<token number="26" sentence="2" t_id="27">US</token>
<token number="27" sentence="2" t_id="28">manufacturer</token>
<token number="28" sentence="2" t_id="29">.</token>
<token number="29" sentence="3" t_id="30">``</token>
<token number="30" sentence="3" t_id="31">Michael</token>
<token number="31" sentence="3" t_id="32">O'</token>
<token number="32" sentence="3" t_id="33">Leary</token>
<token number="33" sentence="3" t_id="34">'s</token>
<token number="34" sentence="3" t_id="35">plan</token>
<token number="35" sentence="3" t_id="36">took</token>
<token number="36" sentence="3" t_id="37">two</token>
<token number="37" sentence="3" t_id="38">years</token>
<token number="38" sentence="3" t_id="39">,</token>
<token number="39" sentence="3" t_id="40">''</token>
<token number="40" sentence="3" t_id="41">said</token>
<token number="41" sentence="3" t_id="42">the</token>
<token number="42" sentence="3" t_id="43">United</token>
<token number="43" sentence="3" t_id="44">States</token>
<token number="44" sentence="3" t_id="45">.</token>
<Markables>
<ENTITY_MENTION comment="" head="" m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="2" syntactic_type="NAM">
<token_anchor t_id="9"/><token_anchor t_id="10"/><token_anchor t_id="11"/><token_anchor t_id="12"/><token_anchor t_id="13"/><token_anchor t_id="14"/>
</ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="3" syntactic_type="NAM"><token_anchor t_id="14"/></ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="4" syntactic_type=""><token_anchor t_id="19"/></ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="5" syntactic_type="NAM"><token_anchor t_id="23"/><token_anchor t_id="24"/></ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="6" syntactic_type="NOM"><token_anchor t_id="26"/><token_anchor t_id="27"/><token_anchor t_id="28"/></ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="7" syntactic_type="PRE.NAM"><token_anchor t_id="27"/></ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="8" syntactic_type="NAM"><token_anchor t_id="31"/><token_anchor t_id="32"/><token_anchor t_id="33"/></ENTITY_MENTION>
<ENTITY_MENTION comment="" head="" m_id="9" syntactic_type="NAM"><token_anchor t_id="42"/><token_anchor t_id="43"/><token_anchor t_id="44"/></ENTITY_MENTION>
<TIMEX3 anchorTimeID="" functionInDocument="CREATION_TIME" m_id="20" type="DATE" value="2005-06-13">
<token_anchor t_id="5"/><token_anchor t_id="6"/><token_anchor t_id="7"/><token_anchor t_id="8"/>
</TIMEX3>
<TIMEX3 anchorTimeID="20" functionInDocument="NONE" m_id="21" type="DATE" value="2005-06-13"><token_anchor t_id="17"/></TIMEX3>
<TIMEX3 anchorTimeID="" functionInDocument="NONE" m_id="22" type="DURATION" value="P2Y"><token_anchor t_id="37"/><token_anchor t_id="38"/></TIMEX3>
<TIMEX3 anchorTimeID="" beginPoint="21" endPoint="22" functionInDocument="NONE" m_id="23" type="DURATION" value="P1Y">
</TIMEX3>
<ENTITY TAG_DESCRIPTOR="Ryanair" ent_type="ORG" instance_id="ORG1" m_id="100"/>
<ENTITY TAG_DESCRIPTOR="Boeing 737" ent_type="PRO" instance_id="PRO1" m_id="101"/>
<ENTITY TAG_DESCRIPTOR="Boeing" ent_type="ORG" instance_id="ORG2" m_id="102"/>
<ENTITY TAG_DESCRIPTOR="USA" ent_type="LOC" instance_id="LOC1" m_id="103"/>
<ENTITY TAG_DESCRIPTOR="Michael O'Leary" ent_type="PER" instance_id="PER1" m_id="104"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><source m_id="3"/><source m_id="4"/><target m_id="100"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="5"/><target m_id="101"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="6"/><target m_id="102"/></REFERS_TO>
<REFERS_TO r_id="4"><source m_id="7"/><source m_id="9"/><target m_id="103"/></REFERS_TO>
<REFERS_TO r_id="5"><source m_id="8"/><target m_id="104"/></REFERS_TO>
</Relations>
</Document>
"#;

const MEANTIME_TEXT: &str = "June 13, 2005\n\
Irish low cost airline, Ryanair, announced today that it will buy five Boeing 737s from the US manufacturer.\n\
\"Michael O'Leary's plan took two years,\" said the United States.";

const GUM_XML: &str = "<text id=\"GUM_news_test\" title=\"Test title, here\" dateCreated=\"2017-07-18\" type=\"news\">
<head>
<s type=\"frag\">
Test\tNN\ttest
title\tNN\ttitle
<date when=\"2017\">
2017\tCD\t2017
</date>
</s>
</head>
<p>
<s type=\"frag\">
<hi rend=\"bold\">
<date when=\"2017-07-21\">
Friday\tNP\tFriday
,\t,\t,
July\tNP\tJuly
21\tCD\t21
,\t,\t,
2017\tCD\t2017
</date>
</hi>
</s>
</p>
<p>
<s type=\"decl\">
The\tDT\tthe
<w>
all\tDT\tall
-\tHYPH\t-
girl\tNN\tgirl
</w>
team\tNN\tteam
won\tVVD\twin
&quot;\t``\t&quot;
gold\tNN\tgold
&quot;\t''\t&quot;
<date from=\"2017-07-10\" to=\"2017-07-16\">
last\tJJ\tlast
week\tNN\tweek
</date>
.\tSENT\t.
</s>
<s type=\"decl\">
It\tPP\tit
lasted\tVVD\tlast
<date notBefore=\"2017-07-10\" notAfter=\"2017-07-16\">
seven\tCD\tseven
days\tNNS\tday
</date>
.\tSENT\t.
</s>
</p>
<figure><caption><s>
Image\tNN\timage
:\t:\t:
<time when=\"15:11:00\">
15:11\tCD\t15:11
</time>
</s></caption></figure>
</text>
";

/// [`MEANTIME_XML`] with a last sentence that carries no annotation, as in the corpus
/// (which annotates only each article's opening sentences).
fn meantime_with_tail() -> String {
    let tail = [
        "Boeing", "is", "based", "in", "Chicago", "since", "2001", ".",
    ]
    .iter()
    .enumerate()
    .map(|(i, w)| {
        format!(
            "<token number=\"{}\" sentence=\"4\" t_id=\"{}\">{w}</token>\n",
            45 + i,
            46 + i
        )
    })
    .collect::<String>();
    MEANTIME_XML.replacen("<Markables>", &format!("{tail}<Markables>"), 1)
}

const MEANTIME_TAIL: &str = "\nBoeing is based in Chicago since 2001.";

fn load(xml: &str) -> meantime::Loaded {
    load_str(Path::new("inline.xml"), xml).unwrap().unwrap()
}

fn check_spans(l: &meantime::Loaded) {
    for c in &l.checks {
        assert_eq!(
            l.doc.slice(c.start, c.end),
            c.expected,
            "{}: span {}..{}",
            l.doc.id,
            c.start,
            c.end
        );
    }
}

fn mention(doc: &GoldDoc, label: &str) -> Vec<String> {
    doc.mentions
        .iter()
        .filter(|m| m.label == label)
        .map(|m| doc.slice(m.start, m.end))
        .collect()
}

#[test]
fn meantime_document() {
    let l = load(MEANTIME_XML);
    check_spans(&l);
    let doc = &l.doc;
    assert_eq!(doc.id, "meantime-11714");
    assert_eq!(doc.corpus, "meantime");
    assert_eq!(doc.title.as_deref(), Some("Ryanair buys Boeing jets"));
    assert_eq!(doc.published.as_deref(), Some("2005-06-13"));
    assert_eq!(doc.text, MEANTIME_TEXT);
    // The title mention is dropped, the appositive extent kept as unscored EXT.
    assert_eq!(l.in_title, 1);
    assert_eq!(mention(doc, "ORG"), ["Ryanair"]);
    assert_eq!(mention(doc, "PER"), ["Michael O'Leary"]);
    assert_eq!(mention(doc, "LOC"), ["US", "United States"]);
    assert_eq!(mention(doc, "EXT"), ["Irish low cost airline, Ryanair"]);
    assert_eq!(mention(doc, "PRO"), ["Boeing 737s"]);
    assert_eq!(mention(doc, "NOM"), ["it", "the US manufacturer"]);
    assert_eq!(doc.scored_mentions().count(), 4);

    let timexes: Vec<_> = doc
        .timexes
        .iter()
        .map(|t| {
            (
                doc.slice(t.start, t.end),
                t.kind.as_str(),
                t.value.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        timexes,
        [
            ("June 13, 2005".to_string(), "DATE", Some("2005-06-13")),
            ("today".to_string(), "DATE", Some("2005-06-13")),
            ("two years".to_string(), "DURATION", Some("P2Y")),
        ]
    );
    assert_eq!(l.unanchored, 1);
    assert_eq!(
        article_json(doc),
        json!({"id": "meantime-11714", "text": MEANTIME_TEXT, "published": "2005-06-13", "title": "Ryanair buys Boeing jets"})
    );
}

#[test]
fn meantime_annotated_part() {
    // Annotation reaches the last sentence: the whole text is annotated.
    assert_eq!(load(MEANTIME_XML).doc.annotated_until, None);

    // A last sentence without annotation: the window ends with the line before it.
    let l = load(&meantime_with_tail());
    check_spans(&l);
    let doc = &l.doc;
    assert_eq!(doc.text, format!("{MEANTIME_TEXT}{MEANTIME_TAIL}"));
    let until = MEANTIME_TEXT.chars().count();
    assert_eq!(doc.annotated_until, Some(until));
    assert_eq!(doc.text.chars().nth(until), Some('\n'));
    assert!(doc.is_annotated_at(until - 1) && !doc.is_annotated_at(until));
    assert!(doc.mentions.iter().all(|m| m.end <= until));
    assert!(doc.timexes.iter().all(|t| t.end <= until));
    // The coder still gets the whole text.
    assert_eq!(article_json(doc)["text"], doc.text.as_str());

    // An entity mention of any type in the last sentence makes it annotated (here one
    // with no syntactic type and no entity), and so does a TIMEX3.
    let with = |markable: &str| {
        let xml =
            meantime_with_tail().replacen("</Markables>", &format!("{markable}\n</Markables>"), 1);
        load(&xml).doc.annotated_until
    };
    assert_eq!(
        with("<ENTITY_MENTION m_id=\"90\"><token_anchor t_id=\"46\"/></ENTITY_MENTION>"),
        None
    );
    assert_eq!(
        with(
            "<TIMEX3 m_id=\"91\" type=\"DATE\" value=\"2001\"><token_anchor t_id=\"52\"/></TIMEX3>"
        ),
        None
    );
    // Layers that are not scored do not: events, numeric values.
    assert_eq!(
        with(
            "<EVENT_MENTION m_id=\"92\" pred=\"base\"><token_anchor t_id=\"48\"/></EVENT_MENTION>"
        ),
        Some(until)
    );
    assert_eq!(
        with("<VALUE m_id=\"93\" type=\"QUANTITY\"><token_anchor t_id=\"52\"/></VALUE>"),
        Some(until)
    );

    // No annotation in the body at all: nothing is annotated.
    let bare = MEANTIME_XML
        .split("<Markables>")
        .next()
        .unwrap()
        .to_string()
        + "<Markables/></Document>";
    let l = load(&bare);
    assert_eq!(l.doc.annotated_until, Some(0));
}

#[test]
fn predictions_after_annotated_part_left_out() {
    let doc = load(&meantime_with_tail()).doc;
    let t = doc.text.as_str();
    // Right in the annotated part, right (but unannotated) in the tail.
    let pred = json!({"id": doc.id, "text": t, "entities": [
        {"kind": "organization", "mentions": [m(t, "Ryanair", 0), m(t, "Boeing", 1)]},
        {"kind": "place", "mentions": [m(t, "Chicago", 0)]},
        {"kind": "place", "mentions": [m(t, "Chicago", 0)]},
        {"kind": "person", "mentions": [m(t, "Michael O'Leary", 0)]},
        {"kind": "country", "mentions": [m(t, "United States", 0)]},
        {"kind": "country", "mentions": [m(t, "US", 0)]}
    ], "timexes": [
        {"start": find(t, "today", 0).0, "end": find(t, "today", 0).1, "value": "2005-06-13", "precision": "day"},
        {"start": find(t, "2001", 0).0, "end": find(t, "2001", 0).1, "value": "2001", "precision": "year"}
    ]});
    let r = score_entities(std::slice::from_ref(&doc), std::slice::from_ref(&pred));
    // `Boeing` (its second occurrence) and `Chicago` (predicted twice, counted once) start
    // after the annotated part.
    assert_eq!(r.mentions_after_annotation, 2);
    assert_eq!(r.docs_annotated_in_part, 1);
    let micro = r.row("micro").unwrap();
    assert_eq!(
        (micro.exact.tp, micro.exact.gold, micro.exact.predicted),
        (4, 4, 4)
    );
    assert_eq!(r.precision("micro"), 1.0);
    let table = r.to_string();
    assert!(
        table.contains("2 predicted mentions after the annotated part left out (1 of 1 document annotated only in part)"),
        "{table}"
    );

    let r = score_timexes(std::slice::from_ref(&doc), &[pred]);
    let row = r.row("meantime").unwrap();
    assert_eq!((row.span.tp, row.span.gold, row.span.predicted), (1, 2, 1));
    assert_eq!(row.predictions_after_annotation, 1);
    let table = r.to_string();
    assert!(
        table.contains("1 prediction after the annotated part left out (1 of 1 document annotated only in part)"),
        "{table}"
    );
    assert!(
        table.contains("1 DURATION/SET gold expression not scored (0 predictions on them neutral); 0 invalid predicted spans"),
        "{table}"
    );

    // The whole text annotated: the same tail predictions are false positives.
    let whole = GoldDoc {
        annotated_until: None,
        ..doc.clone()
    };
    let pred = json!({"id": doc.id, "text": t, "entities": [
        {"kind": "place", "mentions": [m(t, "Chicago", 0)]}]});
    let r = score_entities(&[whole], &[pred]);
    assert_eq!(r.mentions_after_annotation, 0);
    assert_eq!(r.row("micro").unwrap().exact.predicted, 1);
    assert!(!r.to_string().contains("annotated part"));
}

#[test]
fn gum_document() {
    let l = load(GUM_XML);
    check_spans(&l);
    let doc = &l.doc;
    assert_eq!(doc.id, "GUM_news_test");
    assert_eq!(doc.corpus, "gum");
    assert_eq!(doc.title.as_deref(), Some("Test title, here"));
    // The dateline, not dateCreated.
    assert_eq!(doc.published.as_deref(), Some("2017-07-21"));
    assert_eq!(
        doc.text,
        "Friday, July 21, 2017\nThe all-girl team won \"gold\" last week. It lasted seven days.\nImage: 15:11"
    );
    assert!(doc.mentions.is_empty());
    assert_eq!(l.in_title, 1);
    let timexes: Vec<_> = doc
        .timexes
        .iter()
        .map(|t| {
            (
                doc.slice(t.start, t.end),
                t.kind.as_str(),
                t.value.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        timexes,
        [
            (
                "Friday, July 21, 2017".to_string(),
                "DATE",
                Some("2017-07-21")
            ),
            ("last week".to_string(), "DATE", Some("2017-W28")),
            ("seven days".to_string(), "DURATION", None),
            ("15:11".to_string(), "TIME", None),
        ]
    );
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("readout-eval-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("meantime/corpus")).unwrap();
    std::fs::create_dir_all(dir.join("gum-news/xml")).unwrap();
    std::fs::write(dir.join("meantime/corpus/11714.xml"), MEANTIME_XML).unwrap();
    std::fs::write(dir.join("gum-news/xml/GUM_news_test.xml"), GUM_XML).unwrap();
    std::fs::write(dir.join("gum-news/other.xml"), "<catalog><x/></catalog>").unwrap();
    std::fs::write(dir.join("gum-news/notes.txt"), "not xml <").unwrap();
    dir
}

#[test]
fn load_gold_walks_and_sorts() {
    let dir = temp_dir("walk");
    // A speaker gold pair too; a `.json` that is not `*.gold.json` is skipped.
    std::fs::create_dir_all(dir.join("quotes/tiny")).unwrap();
    std::fs::write(dir.join("quotes/tiny/001_tiny.txt"), TINY_ARTICLE).unwrap();
    std::fs::write(dir.join("quotes/tiny/001_tiny.gold.json"), TINY_GOLD).unwrap();
    std::fs::write(dir.join("quotes/tiny/index.json"), "[").unwrap();
    let docs = load_gold(&dir).unwrap();
    let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["001_tiny", "GUM_news_test", "meantime-11714"]);
    let formats: Vec<_> = docs.iter().map(|d| d.format).collect();
    assert_eq!(
        formats,
        [
            GoldFormat::QuoteSpeakers,
            GoldFormat::Gum,
            GoldFormat::Meantime
        ]
    );
    std::fs::remove_dir_all(dir.join("quotes")).unwrap();
    // A single file works too.
    let one = load_gold(&dir.join("meantime/corpus/11714.xml")).unwrap();
    assert_eq!(one.len(), 1);

    // Errors name the file.
    std::fs::write(dir.join("gum-news/xml/copy.xml"), GUM_XML).unwrap();
    let err = load_gold(&dir).unwrap_err().to_string();
    assert!(
        err.contains("copy.xml") && err.contains("GUM_news_test"),
        "{err}"
    );
    std::fs::write(dir.join("gum-news/xml/copy.xml"), "<text id=\"x\"><p>").unwrap();
    let err = load_gold(&dir).unwrap_err();
    assert!(matches!(err, EvalError::Xml { .. }), "{err}");
    assert!(err.to_string().contains("copy.xml"), "{err}");
    std::fs::remove_file(dir.join("gum-news/xml/copy.xml")).unwrap();
    let bad = MEANTIME_XML.replace(
        "<token_anchor t_id=\"17\"/>",
        "<token_anchor t_id=\"999\"/>",
    );
    std::fs::write(dir.join("meantime/bad.xml"), bad).unwrap();
    let err = load_gold(&dir).unwrap_err().to_string();
    assert!(err.contains("bad.xml") && err.contains("999"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();

    let empty = std::env::temp_dir().join(format!("readout-eval-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let err = load_gold(&empty).unwrap_err();
    assert!(matches!(err, EvalError::NoDocuments { .. }), "{err}");
    std::fs::remove_dir_all(&empty).unwrap();
    let err = load_gold(Path::new("/nonexistent/gold"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("/nonexistent/gold"), "{err}");
}

/// The span of the `n`-th occurrence of `needle` in `text`, in code points.
fn find(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let byte = text.match_indices(needle).nth(n).unwrap().0;
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn m(text: &str, needle: &str, n: usize) -> Value {
    let (start, end) = find(text, needle, n);
    json!({"start": start, "end": end, "text": needle})
}

#[test]
fn entity_scores() {
    let doc = load(MEANTIME_XML).doc;
    let gum = load(GUM_XML).doc;
    let t = doc.text.as_str();
    let pred = json!({
        "schema": "readout/1", "id": doc.id, "text": t,
        "entities": [
            {"id": "E1", "kind": "organization", "name": "Ryanair",
             "mentions": [m(t, "Ryanair", 0), m(t, "it", 0)]},
            {"id": "E2", "kind": "person", "name": "Michael O'Leary", "mentions": [m(t, "Michael O'Leary", 0)]},
            {"id": "E3", "kind": "country", "name": "United States",
             "mentions": [m(t, "the United States", 0), m(t, "US", 0)]},
            {"id": "E4", "kind": "organization", "name": "Boeing", "mentions": [m(t, "Boeing", 0)]},
            {"id": "E5", "kind": "group", "name": "Irish", "mentions": [m(t, "Irish", 0)]},
            {"id": "E6", "kind": "place", "name": "?", "mentions": [{"start": 5, "end": 5000}]}
        ],
        "timexes": []
    });
    let other = json!({"id": "elsewhere", "text": "x"});
    let r = score_entities(&[doc.clone(), gum], &[pred, other]);
    assert_eq!(r.docs, 1);
    assert_eq!(r.docs_without_entity_gold, 1);
    assert_eq!(r.predictions_unmatched, 1);
    assert_eq!(
        (
            r.mentions_not_names,
            r.mentions_unscored_kind,
            r.mentions_neutral,
            r.mentions_invalid
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(r.f1("PER"), 1.0);
    assert_eq!(r.f1("ORG"), 1.0);
    assert_eq!(r.f1("LOC"), 0.5);
    assert_eq!(r.partial_f1("LOC"), 1.0);
    let micro = r.row("micro").unwrap();
    assert_eq!(
        (micro.exact.tp, micro.exact.gold, micro.exact.predicted),
        (3, 4, 4)
    );
    assert_eq!(r.f1("micro"), 0.75);
    assert_eq!(r.partial_f1("micro"), 1.0);
    assert_eq!(r.f1("span"), 0.75);

    // A wrong label counts for the label-agnostic span row only.
    let pred = json!({"id": doc.id, "entities": [
        {"id": "E1", "kind": "person", "name": "Ryanair", "mentions": [m(t, "Ryanair", 0)]}]});
    let r = score_entities(std::slice::from_ref(&doc), &[pred]);
    assert_eq!(r.f1("ORG"), 0.0);
    assert_eq!(r.precision("PER"), 0.0);
    assert_eq!(r.row("span").unwrap().exact.tp, 1);

    // Missing and mismatched predictions score as empty.
    let r = score_entities(std::slice::from_ref(&doc), &[]);
    assert_eq!((r.docs_missing, r.recall("micro")), (1, 0.0));
    let r = score_entities(
        std::slice::from_ref(&doc),
        &[json!({"id": doc.id, "text": "other"})],
    );
    assert_eq!(r.docs_text_mismatch, 1);

    let table = score_entities(std::slice::from_ref(&doc), &[]).to_string();
    assert!(
        table.contains("| label | gold | predicted | P | R | F1 |"),
        "{table}"
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["rows"][0]["label"], "PER");
}

#[test]
fn timex_scores() {
    let doc = load(MEANTIME_XML).doc;
    let gum = load(GUM_XML).doc;
    let t = doc.text.as_str();
    let g = gum.text.as_str();
    let tx = |text: &str, needle: &str, value: Value, precision: &str| {
        let (start, end) = find(text, needle, 0);
        json!({"id": "T", "start": start, "end": end, "text": needle, "value": value, "precision": precision})
    };
    let p1 = json!({"id": doc.id, "text": t, "entities": [], "timexes": [
        tx(t, "June 13, 2005", json!("2005-06-13"), "day"),
        tx(t, "today", json!("2005-06"), "month"),
        tx(t, "two years", Value::Null, "ref"),
        tx(t, "buy", Value::Null, "day"),
    ]});
    let p2 = json!({"id": gum.id, "text": g, "timexes": [
        tx(g, "July 21, 2017", json!("2017-07-21"), "day"),
        tx(g, "last week", json!("2017-W28"), "week"),
        tx(g, "15:11", Value::Null, "day"),
    ]});
    let r = score_timexes(&[doc, gum], &[p1, p2]);
    let mt = r.row("meantime").unwrap();
    assert_eq!((mt.span.tp, mt.span.gold, mt.span.predicted), (2, 2, 3));
    assert_eq!((mt.excluded_gold, mt.neutral_predictions), (1, 1));
    assert_eq!(
        (
            mt.values_compared,
            mt.values_correct,
            mt.values_correct_strict
        ),
        (2, 1, 1)
    );
    assert_eq!(r.value_accuracy("meantime"), 0.5);
    let gm = r.row("gum").unwrap();
    // `15:11` has no comparable value; the dateline matches by overlap, not exactly.
    assert_eq!((gm.span.tp, gm.span.gold, gm.span.predicted), (3, 3, 3));
    assert_eq!(gm.exact_span.tp, 2);
    assert_eq!(
        (gm.gold_with_value, gm.values_compared, gm.values_correct),
        (2, 2, 2)
    );
    assert_eq!(r.value_accuracy("gum"), 1.0);
    let all = r.row("overall").unwrap();
    assert_eq!(all.docs, 2);
    assert_eq!((all.span.tp, all.span.gold, all.span.predicted), (5, 5, 6));
    assert_eq!(r.value_accuracy("overall"), 0.75);
    assert_eq!(
        r.rows.iter().map(|r| r.corpus.as_str()).collect::<Vec<_>>(),
        ["meantime", "gum", "overall"]
    );
    let table = r.to_string();
    assert!(table.contains("| **overall** | 2 | 5 | 6 |"), "{table}");
}

/// Gold turned into a prediction: what a perfect system would output.
fn gold_as_prediction(doc: &GoldDoc) -> Value {
    let kind = |l: &str| match l {
        "PER" => "person",
        "ORG" => "organization",
        _ => "place",
    };
    let entities: Vec<Value> = doc
        .scored_mentions()
        .enumerate()
        .map(|(i, m)| {
            json!({"id": format!("E{i}"), "kind": kind(&m.label), "name": doc.slice(m.start, m.end),
                   "mentions": [{"start": m.start, "end": m.end, "text": doc.slice(m.start, m.end)}]})
        })
        .collect();
    let timexes: Vec<Value> = doc
        .scored_timexes()
        .map(|t| json!({"start": t.start, "end": t.end, "value": t.value, "precision": null}))
        .collect();
    let quotes: Vec<Value> = doc
        .scored_quotes()
        .map(|q| {
            let text = q
                .starts
                .clone()
                .unwrap_or_else(|| doc.slice(q.start, q.end));
            let speaker = q
                .speaker
                .as_ref()
                .map(|s| json!({"entity": null, "text": s.name}));
            json!({"start": q.start, "end": q.end, "text": text, "kind": q.kind,
                   "speaker": speaker, "date": q.date})
        })
        .collect();
    // Each gold event with its category, its first source code as actor and its first
    // target code as recipient.
    let events: Vec<Value> = doc
        .events
        .iter()
        .map(|e| {
            let side = |codes: Vec<&str>| {
                codes
                    .first()
                    .map(|c| json!({"entity": null, "code": c, "text": c}))
            };
            json!({"plover": e.category, "cameo": "", "actor": side(e.source_codes()),
                   "recipient": side(e.target_codes()), "symmetric": false})
        })
        .collect();
    json!({"schema": "readout/1", "id": doc.id, "text": doc.text, "entities": entities,
           "timexes": timexes, "quotes": quotes, "events": events})
}

#[test]
fn real_corpora() {
    let dir = std::env::var_os("READOUT_EVAL_GOLD")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/eval"));
    if !dir.exists() {
        eprintln!("skipping: {} not found", dir.display());
        return;
    }
    let loaded = load_all(&dir).unwrap();
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    // Per corpus: (share of the text's code points annotated, annotated lines, lines).
    let mut shares: BTreeMap<String, Vec<(f64, usize, usize)>> = BTreeMap::new();
    for l in &loaded {
        check_spans(l);
        let d = &l.doc;
        let c = counts.entry(d.corpus.clone()).or_default();
        *c.entry("docs".into()).or_default() += 1;
        *c.entry("published".into()).or_default() += d.published.is_some() as usize;
        *c.entry("in title (dropped)".into()).or_default() += l.in_title;
        *c.entry("quotes in title (dropped)".into()).or_default() += l.quotes_in_title;
        *c.entry("quote elements merged".into()).or_default() += l.quotes_merged;
        *c.entry("quote tags fixed".into()).or_default() += l.quote_tags_fixed;
        *c.entry("codes rewritten".into()).or_default() += l.codes_rewritten;
        for e in &d.events {
            *c.entry(format!("event {}", e.category)).or_default() += 1;
            *c.entry("event with source codes".into()).or_default() +=
                !e.source_codes().is_empty() as usize;
            *c.entry("event with target codes".into()).or_default() +=
                !e.target_codes().is_empty() as usize;
        }
        for q in &d.quotes {
            *c.entry(format!("quote {}", q.kind)).or_default() += 1;
            assert!(q.start < q.end, "{}: empty quote {q:?}", d.id);
            let words = d.slice(q.start, q.end);
            // The quotation marks are not part of the span.
            assert!(
                !words.starts_with(['"', '\u{201c}']) && !words.ends_with(['"', '\u{201d}']),
                "{}: {words:?}",
                d.id
            );
        }
        *c.entry("TIMEX3 unanchored".into()).or_default() += l.unanchored;
        for m in &d.mentions {
            *c.entry(format!("mention {}", m.label)).or_default() += 1;
        }
        for t in &d.timexes {
            *c.entry(format!("timex {}", t.kind)).or_default() += 1;
            if t.is_scored()
                && t.value
                    .as_deref()
                    .and_then(|v| normalise_value(v, None))
                    .is_some()
            {
                *c.entry("timex scored with value".into()).or_default() += 1;
            }
        }
        if d.corpus == MEANTIME || d.corpus == GUM {
            assert!(!d.text.contains("  "), "{}: double space", d.id);
            assert!(d.title.is_some(), "{}: no title", d.id);
        }

        // The annotated part: every gold annotation lies inside it, and it ends a line.
        let len = d.text.chars().count();
        if d.corpus == GUM {
            assert_eq!(d.annotated_until, None, "{}", d.id);
        }
        if let Some(until) = d.annotated_until {
            assert!(until < len, "{}: window {until} of {len}", d.id);
            assert_eq!(d.text.chars().nth(until), Some('\n'), "{}", d.id);
            *c.entry("annotated in part".into()).or_default() += 1;
        }
        for (start, end) in d
            .mentions
            .iter()
            .map(|m| (m.start, m.end))
            .chain(d.timexes.iter().map(|t| (t.start, t.end)))
        {
            assert!(
                d.is_annotated_at(start) && d.annotated_until.is_none_or(|u| end <= u),
                "{}: gold {start}..{end} after the annotated part {:?}",
                d.id,
                d.annotated_until
            );
        }
        let lines = d.text.lines().count();
        let annotated_lines = d
            .annotated_until
            .map_or(lines, |u| d.slice(0, u).lines().count());
        shares.entry(d.corpus.clone()).or_default().push((
            d.annotated_until.unwrap_or(len) as f64 / len as f64,
            annotated_lines,
            lines,
        ));
    }
    eprintln!("{counts:#?}");
    for (corpus, s) in &mut shares {
        s.sort_by(|a, b| a.0.total_cmp(&b.0));
        let median = |v: &[f64]| {
            let n = v.len();
            if n % 2 == 1 {
                v[n / 2]
            } else {
                (v[n / 2 - 1] + v[n / 2]) / 2.0
            }
        };
        let chars: Vec<f64> = s.iter().map(|x| x.0).collect();
        let mut line_shares: Vec<f64> = s.iter().map(|x| x.1 as f64 / x.2 as f64).collect();
        line_shares.sort_by(f64::total_cmp);
        eprintln!(
            "{corpus}: share of text annotated: min {:.2}, median {:.2}, max {:.2}; of lines: median {:.2}; annotated lines: {:?}",
            chars[0],
            median(&chars),
            chars[chars.len() - 1],
            median(&line_shares),
            s.iter().map(|x| x.1).collect::<std::collections::BTreeSet<_>>(),
        );
    }
    if dir.join("meantime").exists() && dir.join("gum-news").exists() {
        assert_eq!(counts["meantime"]["docs"], 60);
        assert_eq!(counts["gum"]["docs"], 24);
        assert_eq!(counts["meantime"]["published"], 60);
        assert_eq!(counts["gum"]["published"], 24);
        // All but one MEANTIME document (30414, whose annotation reaches its last sentence).
        assert_eq!(counts["meantime"]["annotated in part"], 59);
        assert!(!counts["gum"].contains_key("annotated in part"));
        // GUM quotes: 84 `<quote>` elements give 76 quotations (docs/eval.md).
        assert_eq!(counts["gum"]["quote direct"], 48);
        assert_eq!(counts["gum"]["quote partial"], 28);
        assert_eq!(counts["gum"]["quote scare"], 21);
        assert_eq!(counts["gum"]["quote unannotated"], 53);
        for kind in ["direct", "partial", "scare", "unannotated"] {
            assert!(!counts["meantime"].contains_key(&format!("quote {kind}")));
        }
    }
    if dir.join("plover-gsr").exists() {
        // 162 records, the DOCUMENT one skipped (docs/eval.md).
        let gsr = &counts[PLOVER_GSR];
        assert_eq!(gsr["docs"], 161);
        assert_eq!(gsr["published"], 161);
        assert_eq!(gsr["codes rewritten"], 4);
        assert_eq!(gsr["event AGREE"], 20);
        assert_eq!(gsr["event FIGHT"], 8);
        assert_eq!(gsr["event with source codes"], 160);
        assert_eq!(gsr["event with target codes"], 143);
    }

    // Gold scored against itself is perfect.
    let docs: Vec<GoldDoc> = loaded.into_iter().map(|l| l.doc).collect();
    let preds: Vec<Value> = docs.iter().map(gold_as_prediction).collect();
    let e = score_entities(&docs, &preds);
    eprintln!("{e}");
    for label in ["PER", "ORG", "LOC", "micro", "span"] {
        assert!(e.f1(label) > 0.99, "{label}: {}", e.f1(label));
    }
    let t = score_timexes(&docs, &preds);
    eprintln!("{t}");
    for corpus in ["meantime", "gum", "overall"] {
        assert_eq!(t.f1(corpus), 1.0, "{corpus}");
        assert_eq!(t.value_accuracy(corpus), 1.0, "{corpus}");
    }
    let q = score_quotes(&docs, &preds);
    eprintln!("{q}");
    for row in &q.spans {
        assert_eq!(row.overlap.f1, 1.0, "{row:?}");
        assert_eq!(row.exact.f1, 1.0, "{row:?}");
        assert_eq!(row.kind_accuracy, 1.0, "{row:?}");
    }
    for row in &q.speakers {
        assert_eq!(row.detection.f1, 1.0, "{row:?}");
        assert_eq!(row.speaker_accuracy, 1.0, "{row:?}");
    }
    let ev = score_events(&docs, &preds);
    eprintln!("{ev}");
    for row in &ev.rows {
        assert_eq!(row.category_accuracy, 1.0, "{row:?}");
        assert_eq!(row.source_accuracy, 1.0, "{row:?}");
        assert_eq!(row.target_accuracy, 1.0, "{row:?}");
        assert_eq!(row.false_events, 0, "{row:?}");
    }
}

const GUM_QUOTES_XML: &str =
    "<text id=\"GUM_news_quotes\" title=\"Quotes\" dateCreated=\"2017-07-18\" type=\"news\">
<head><s>
Quotes\tNNS\tquote
<q>
'\t``\t'
now\tRB\tnow
'\t''\t'
</q>
</s></head>
<p><s>
<date when=\"2017-07-21\">
Friday\tNP\tFriday
</date>
</s></p>
<p>
<s>
<quote>
\"\t``\t\"
We\tPP\twe
won\tVVD\twin
,\t,\t,
\"\t''\t\"
said\tVVD\tsay
the\tDT\tthe
coach\tNN\tcoach
.\tSENT\t.
\"\t``\t\"
It\tPP\tit
was\tVBD\tbe
<q>
'\t``\t'
hard\tJJ\thard
'\t''\t'
</q>
.\tSENT\t.
</quote>
</s>
<s>
<quote>
It\tPP\tit
ended\tVVD\tend
well\tRB\twell
.\tSENT\t.
\"\t''\t\"
</quote>
</s>
</p>
<p>
<s>
She\tPP\tshe
called\tVVD\tcall
it\tPP\tit
<quote>
\"\t``\t\"
a\tDT\ta
triumph\tNN\ttriumph
\"\t''\t\"
(\t(\t(
(\t(\t(
it\tNP\tit
)\t)\t)
)\t)\t)
</quote>
and\tCC\tand
a\tDT\ta
<q>
\"\t``\t\"
miracle\tNN\tmiracle
\"\t''\t\"
</q>
,\t,\t,
fans\tNNS\tfan
said\tVVD\tsay
,\t,\t,
\"\t''\t\"
Wow\tUH\twow
\"\t''\t\"
.\tSENT\t.
</s>
</p>
</text>
";

const GUM_QUOTES_TEXT: &str = "Friday\n\"We won,\" said the coach. \"It was 'hard'. It ended well.\"\nShe called it \"a triumph\" ((it)) and a \"miracle\", fans said,\" Wow\".";

fn quotes_of(doc: &GoldDoc) -> Vec<(String, &str)> {
    doc.quotes
        .iter()
        .map(|q| (doc.slice(q.start, q.end), q.kind.as_str()))
        .collect()
}

#[test]
fn gum_quotes() {
    let l = load(GUM_QUOTES_XML);
    check_spans(&l);
    let doc = &l.doc;
    assert_eq!(doc.text, GUM_QUOTES_TEXT);
    assert_eq!(doc.format, GoldFormat::Gum);
    // The title's `<q>` is dropped with the title; the two elements of the coach's second
    // quotation (one per sentence) are one quote; the opening mark before `Wow`, tagged as
    // a closing one, is an opening one for the quote spans (the text keeps it as written).
    assert_eq!(l.quotes_in_title, 1);
    assert_eq!(l.quotes_merged, 1);
    assert_eq!(l.quote_tags_fixed, 1);
    let q = |s: &str, k: &'static str| (s.to_string(), k);
    assert_eq!(
        quotes_of(doc),
        [
            q("We won,", "direct"),
            q("It was 'hard'. It ended well.", "direct"),
            q("hard", "scare"),
            q("a triumph", "partial"),
            q("miracle", "scare"),
            q("Wow", "unannotated"),
        ]
    );
    assert_eq!(doc.scored_quotes().count(), 3);
    // The dates are still read around the quotes.
    assert_eq!(doc.published.as_deref(), Some("2017-07-21"));

    // A continuation that reopens with a quotation mark is a quote of its own.
    let xml = GUM_QUOTES_XML.replacen("<quote>\nIt\tPP", "<quote>\n\"\t``\t\"\nIt\tPP", 1);
    let l = load(&xml);
    check_spans(&l);
    assert!(l.doc.text.contains("\"It was 'hard'. \"It ended well.\""));
    assert_eq!(l.quotes_merged, 0);
    let direct: Vec<_> = quotes_of(&l.doc)
        .into_iter()
        .filter(|x| x.1 == "direct")
        .collect();
    assert_eq!(
        direct,
        [
            q("We won,", "direct"),
            q("It was 'hard'.", "direct"),
            q("It ended well.", "direct")
        ]
    );
}

/// A predicted quote over the `n`-th occurrence of `needle`.
fn pq(text: &str, needle: &str, n: usize, kind: &str) -> Value {
    let (start, end) = find(text, needle, n);
    json!({"start": start, "end": end, "text": needle, "kind": kind, "speaker": null})
}

#[test]
fn quote_span_scores() {
    let doc = load(GUM_QUOTES_XML).doc;
    let t = doc.text.as_str();
    let pred = json!({"id": doc.id, "text": t, "quotes": [
        pq(t, "We won", 0, "direct"),          // exact once the comma is trimmed
        pq(t, "It was 'hard'.", 0, "direct"),  // overlapping, not exact
        pq(t, "a triumph", 0, "partial"),      // exact; counts in the `any` row only
        pq(t, "miracle", 0, "direct"),         // on a `<q>`: neutral
        pq(t, "the coach", 0, "indirect"),     // reported speech outside quotations: left out
        pq(t, "Wow", 0, "direct"),             // on unannotated marks: neutral
        pq(t, "She called it", 0, "direct"),   // wrong
        {"start": 5, "end": 5000, "text": "?", "kind": "direct"},
    ]});
    let meantime = load(MEANTIME_XML).doc;
    let r = score_quotes(&[doc.clone(), meantime], std::slice::from_ref(&pred));
    assert_eq!(r.docs_without_quote_gold, 1);
    assert_eq!(r.quotes_invalid, 1);
    assert!(r.speakers.is_empty());
    let direct = r.span_row("gum", "direct").unwrap();
    let o = &direct.overlap;
    assert_eq!((o.tp, o.gold, o.predicted), (2, 2, 3));
    assert!((o.f1 - 0.8).abs() < 1e-12);
    let e = &direct.exact;
    assert_eq!((e.tp, e.gold, e.predicted), (1, 2, 3));
    assert_eq!((direct.neutral, direct.indirect_left_out), (2, 0));
    assert_eq!((direct.kinds_compared, direct.kinds_agree), (2, 2));
    let any = r.span_row("gum", "any").unwrap();
    let o = &any.overlap;
    assert_eq!((o.tp, o.gold, o.predicted), (3, 3, 4));
    assert_eq!(o.precision, 0.75);
    assert_eq!(any.exact.tp, 2);
    assert_eq!((any.neutral, any.indirect_left_out), (2, 1));
    assert_eq!((any.kinds_compared, any.kinds_agree), (3, 3));
    assert_eq!(r.span_f1("gum", "direct"), 0.8);
    assert_eq!(r.span_row("overall", "direct"), None);

    let table = r.to_string();
    assert!(
        table.contains(
            "| gum | direct | 1 | 2 | 3 | 0.667 | 1.000 | 0.800 | 0.333 | 0.500 | 0.400 | 1.000 |"
        ),
        "{table}"
    );
    assert!(
        table.contains("| gum | any kind | 1 | 3 | 4 | 0.750 | 1.000 |"),
        "{table}"
    );
    assert!(
        table.contains("2 predicted quotes on GUM `<q>` marks"),
        "{table}"
    );
    assert!(
        table.contains("1 indirect quote outside any gold quotation left out"),
        "{table}"
    );
    assert!(
        table.contains("1 document without quote gold skipped"),
        "{table}"
    );
    assert!(
        table.contains("1 predicted quote without a valid span"),
        "{table}"
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["spans"][1]["quotes"], "any");

    // A prediction with the wrong kind counts in the `any` row only, and disagrees.
    let pred = json!({"id": doc.id, "text": t, "quotes": [pq(t, "We won", 0, "partial")]});
    let r = score_quotes(std::slice::from_ref(&doc), &[pred]);
    assert_eq!(r.span_row("gum", "direct").unwrap().overlap.tp, 0);
    let any = r.span_row("gum", "any").unwrap();
    assert_eq!(
        (any.overlap.tp, any.kinds_compared, any.kinds_agree),
        (1, 1, 0)
    );
}

#[test]
fn empty_quote_predictions_score_cleanly() {
    let doc = load(GUM_QUOTES_XML).doc;
    let dir = speaker_dir("empty");
    let speakers = load_gold(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let mut gold = speakers.clone();
    gold.push(doc.clone());
    let preds: Vec<Value> = gold
        .iter()
        .map(|d| json!({"id": d.id, "text": d.text, "quotes": []}))
        .collect();
    let r = score_quotes(&gold, &preds);
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("NaN") && !json.contains("null"), "{json}");
    let direct = r.span_row("gum", "direct").unwrap();
    assert_eq!((direct.overlap.gold, direct.overlap.predicted), (2, 0));
    assert_eq!((direct.overlap.precision, direct.overlap.f1), (0.0, 0.0));
    let sp = r.speaker_row("tiny").unwrap();
    assert_eq!(
        (sp.detection.gold, sp.detection.predicted, sp.detection.tp),
        (3, 0, 0)
    );
    assert_eq!((sp.speaker_accuracy, sp.speaker_recall), (0.0, 0.0));
    let table = r.to_string();
    assert!(
        table.contains("| gum | direct | 1 | 2 | 0 | – | 0.000 | 0.000 | – | 0.000 | 0.000 | – |"),
        "{table}"
    );
    assert!(
        table.contains("| tiny | 1 | 3 | 0 | 0 | – | 0.000 | 0.000 | – | 0.000 | – | 0 |"),
        "{table}"
    );
    // No gold at all: a clean sentence, no table.
    let r = score_quotes(&[load(MEANTIME_XML).doc], &[]);
    assert!(r.spans.is_empty() && r.speakers.is_empty());
    assert!(
        r.to_string().contains("no gold document annotates quotes"),
        "{r}"
    );
    // Entities and timexes skip the speaker gold.
    let e = score_entities(&speakers, &[]);
    assert_eq!((e.docs, e.docs_without_entity_gold), (0, 1));
    let tx = score_timexes(&speakers, &[]);
    assert_eq!(tx.docs_without_timex_gold, 1);
    assert_eq!(tx.row("overall").unwrap().docs, 0);
}

const TINY_ARTICLE: &str = "Finance Minister Ann Lee said on Monday, \u{201c}We will act now.\u{201d}\n\
The ministry later said the plan was \u{201c}on track to succeed\u{201d}, a \u{201c}miracle\u{201d}. \u{201c}Nothing has changed,\u{201d} a spokesman said.\n\
\u{201c}It is late,\u{201d} said Bob Smith.\n";

const TINY_GOLD: &str = r#"{
  "document": "001_tiny.txt",
  "published": "2020-01-07",
  "people": [{"name": "Ann Lee", "country": "XXX", "role": "Finance Minister"}],
  "quotes": [
    {"starts": "We will act", "speaker": "Ann Lee", "date": "2020-01-06"},
    {"starts": "\u201con track", "speaker": "Ministry of Finance", "speaker_aliases": ["ministry"]},
    {"starts": "miracle", "speaker": null, "kind": "partial", "note": "a scare quote"},
    {"starts": "Nothing has changed", "speaker": "spokesman", "anonymous": true, "kind": "direct"}
  ]
}"#;

/// A directory `tiny/` holding the tiny speaker gold pair.
fn speaker_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("readout-eval-sp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tiny")).unwrap();
    std::fs::write(dir.join("tiny/001_tiny.txt"), TINY_ARTICLE).unwrap();
    std::fs::write(dir.join("tiny/001_tiny.gold.json"), TINY_GOLD).unwrap();
    dir
}

#[test]
fn speaker_gold_loads() {
    let dir = speaker_dir("load");
    let docs = load_gold(&dir).unwrap();
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(
        (d.id.as_str(), d.corpus.as_str(), d.format),
        ("001_tiny", "tiny", GoldFormat::QuoteSpeakers)
    );
    assert_eq!(d.text, TINY_ARTICLE);
    assert_eq!(d.published.as_deref(), Some("2020-01-07"));
    assert!(d.mentions.is_empty() && d.timexes.is_empty());
    // Spans are where the opening words are (typographic quotes folded, case ignored).
    assert_eq!(
        quotes_of(d),
        [
            ("We will act".to_string(), "direct"),
            ("on track".to_string(), "direct"),
            ("miracle".to_string(), "partial"),
            ("Nothing has changed".to_string(), "direct"),
        ]
    );
    // `partial` entries are not scored; a missing `kind` is `direct`.
    assert_eq!(d.scored_quotes().count(), 3);
    assert!(d.quotes[2].speaker.is_none());
    let q = &d.quotes[1];
    assert_eq!(q.starts.as_deref(), Some("\u{201c}on track"));
    let sp = q.speaker.as_ref().unwrap();
    assert_eq!(
        (sp.name.as_str(), sp.aliases.as_slice()),
        ("Ministry of Finance", &["ministry".to_string()][..])
    );
    assert!(d.quotes[3].speaker.as_ref().unwrap().anonymous);
    assert_eq!(d.quotes[0].date.as_deref(), Some("2020-01-06"));
    assert_eq!(
        article_json(d),
        json!({"id": "001_tiny", "text": TINY_ARTICLE, "published": "2020-01-07", "title": null})
    );

    // Errors name the file.
    let gold = dir.join("tiny/001_tiny.gold.json");
    let bad = |content: &str, want: &str| {
        std::fs::write(&gold, content).unwrap();
        let err = load_gold(&dir).unwrap_err().to_string();
        assert!(err.contains("001_tiny") && err.contains(want), "{err}");
    };
    bad(
        &TINY_GOLD.replace("We will act", "We shall act"),
        "\"We shall act\" is not in the article",
    );
    bad(
        &TINY_GOLD.replace("\"starts\": \"We will act\",", ""),
        "quote 1: no `starts`",
    );
    bad(
        &TINY_GOLD.replace("001_tiny.txt", "002_missing.txt"),
        "002_missing.txt",
    );
    bad("{\"quotes\": [", "not valid JSON");
    bad("{\"document\": \"001_tiny.txt\"}", "no `quotes` array");
    bad(&TINY_GOLD.replace("2020-01-07", "January"), "`published`");
    // Without `document`, the article is the `.txt` of the same name.
    std::fs::write(
        &gold,
        TINY_GOLD.replace("\"document\": \"001_tiny.txt\",", ""),
    )
    .unwrap();
    assert_eq!(load_gold(&dir).unwrap()[0].text, TINY_ARTICLE);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn speaker_scores() {
    let dir = speaker_dir("score");
    let gold = load_gold(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let t = gold[0].text.as_str();
    let speaker = |entity: Option<&str>, text: &str| {
        let (start, end) = find(t, text, 0);
        json!({"entity": entity, "text": text, "start": start, "end": end})
    };
    let quote = |needle: &str, kind: &str, sp: Value, date: Value| {
        let mut q = pq(t, needle, 0, kind);
        q["speaker"] = sp;
        q["date"] = date;
        q
    };
    let entities = json!([
        {"id": "E1", "kind": "person", "name": "Ann Lee",
         "mentions": [{"start": 17, "end": 24, "text": "Ann Lee"}]},
        {"id": "E2", "kind": "organization", "name": "Ministry of Finance",
         "mentions": [{"start": 0, "end": 0, "text": "The ministry"}]},
    ]);
    // Right speaker (and date); wrong speaker (a predicted `partial` quote finds a gold
    // quote all the same); the spokesman's quote missing; an extra direct quote (wrong); a
    // quote on an unscored entry (neutral); an unmatched partial quote (left out).
    let pred = json!({"id": "001_tiny", "text": t, "entities": entities, "quotes": [
        quote("We will act now.", "direct", speaker(Some("E1"), "Ann Lee"), json!("2020-01-06")),
        quote("on track to succeed", "partial", speaker(Some("E1"), "Ann Lee"), Value::Null),
        quote("miracle", "direct", Value::Null, Value::Null),
        quote("It is late,", "direct", speaker(None, "Bob Smith"), Value::Null),
        quote("plan", "partial", Value::Null, Value::Null),
    ]});
    let r = score_quotes(&gold, std::slice::from_ref(&pred));
    assert!(r.spans.is_empty());
    let row = r.speaker_row("tiny").unwrap();
    let d = &row.detection;
    assert_eq!((d.tp, d.gold, d.predicted), (2, 3, 3));
    assert!((d.f1 - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(row.left_out, 1);
    assert_eq!(
        (
            row.gold_with_speaker,
            row.speakers_compared,
            row.speakers_correct
        ),
        (3, 2, 1)
    );
    assert_eq!(row.speaker_accuracy, 0.5);
    assert!((row.speaker_recall - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!((row.dates_compared, row.dates_correct), (1, 1));
    assert_eq!(row.passed, 1);
    assert_eq!(r.speaker_accuracy("tiny"), 0.5);
    let table = r.to_string();
    assert!(
        table.contains(
            "| tiny | 1 | 3 | 3 | 2 | 0.667 | 0.667 | 0.667 | 0.500 | 0.333 | 1.000 | 1 |"
        ),
        "{table}"
    );
    assert!(
        table.contains("1 predicted quote matching a gold entry that is not scored"),
        "{table}"
    );
    assert!(
        table.contains("1 predicted quote of other kinds than direct"),
        "{table}"
    );

    // The speaker is right by its entity's name or mentions (`it` names nobody, its entity
    // does), by an alias, case and typographic quotes aside; a wrong date fails the quote
    // as check-seed.py does, not the speaker.
    let mut pred2 = pred.clone();
    pred2["quotes"][1]["speaker"] = speaker(Some("E2"), "ministry");
    pred2["quotes"][0]["speaker"] = speaker(None, "Finance Minister Ann Lee");
    pred2["quotes"][0]["date"] = json!("2020-01-07");
    let row = score_quotes(&gold, &[pred2.clone()]).speakers[0].clone();
    assert_eq!(
        (row.speakers_correct, row.dates_correct, row.passed),
        (2, 0, 1)
    );
    pred2["quotes"][1]["speaker"] = speaker(Some("E2"), "plan");
    let row = score_quotes(&gold, &[pred2.clone()]).speakers[0].clone();
    assert_eq!(
        row.speakers_correct, 2,
        "the entity's name contains the alias"
    );
    pred2["quotes"][1]["speaker"] = speaker(Some("E9"), "plan");
    let row = score_quotes(&gold, &[pred2]).speakers[0].clone();
    assert_eq!(row.speakers_correct, 1, "an unknown entity names nobody");

    // The quote text must start with the opening words (quotation marks and case aside):
    // a quote cut after the start is not found.
    let pred3 = json!({"id": "001_tiny", "text": t, "quotes": [
        {"text": "\u{201c}WE WILL ACT now", "kind": "direct", "speaker": null},
        {"text": "will act now", "kind": "direct", "speaker": null},
    ]});
    let row = score_quotes(&gold, &[pred3]).speakers[0].clone();
    assert_eq!((row.detection.tp, row.detection.predicted), (1, 2));
}

/// PLOVER gold standard records in the GSR's shape: the DOCUMENT record, sides given as
/// lists, `null`, `""`; a code in lower case and one of the GSR's non-ISO codes (`JAP`).
const GSR_JSON: &str = r#"[
 {"id": "PLOVER-GSR01-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "documentation"},
 {"id": "T-AGREE-1", "date": "2000-01-01", "event": "AGREE",
  "source": [{"actorText": "Hungarian", "code": "HUN", "sector": "GOV"},
             {"actorText": "Romanian", "code": "rou"}],
  "target": "", "mode": "", "eventText": "agreed", "context": "refugees",
  "text": "Hungarian and Romanian officials agreed to cooperate."},
 {"id": "T-CONSULT-1", "date": "2000-01-01", "event": "CONSULT", "mode": "host",
  "source": [{"actorText": "Russian President", "code": "RUS", "sector": "GOV"}],
  "target": [{"actorText": "Japanese Prime Minister", "code": "JAP", "sector": "GOV"}],
  "text": "The Russian President hosted the Japanese Prime Minister."},
 {"id": "T-DEMAND-1", "date": "2000-01-01", "event": "DEMAND",
  "source": [{"actorText": "The ILO", "code": "IGO"}],
  "target": [{"actorText": "Israel", "code": "ISR"}],
  "text": "The ILO demanded that Israel ease restrictions."},
 {"id": "T-DISAPPROVE-1", "date": "2000-01-01", "event": "DISAPPROVE",
  "source": [{"actorText": "Mugabe", "code": "ZWE", "sector": "GOV"}],
  "target": [{"actorText": "the United States", "code": "USA"}],
  "text": "Mugabe accused the United States of blackmail."},
 {"id": "T-FIGHT-1", "date": "2000-01-01", "event": "FIGHT", "mode": "heavy-weapons",
  "source": [{"actorText": "Israeli tanks", "code": "ISR", "sector": "MIL"}],
  "target": [{"actorText": "Jericho", "code": "PSE", "sector": "CVL"}],
  "text": "Israeli tanks shelled Jericho."},
 {"id": "T-INVESTIGATE-1", "date": "2000-01-01", "event": "INVESTIGATE", "source": null,
  "target": [{"actorText": "Croat forces", "code": "HRV", "sector": "MIL"}],
  "text": "An investigation into crimes by Croat forces was opened."}
]"#;

/// A directory holding `plover-gsr-test.json`.
fn gsr_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("readout-eval-gsr-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("plover-gsr-test.json"), GSR_JSON).unwrap();
    dir
}

/// The documents of `GSR_JSON`, loaded from a directory of their own (`name`: tests run in
/// parallel).
fn gsr_gold(name: &str) -> Vec<GoldDoc> {
    let dir = gsr_dir(name);
    let docs = load_gold(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    docs
}

#[test]
fn plover_gsr_loads() {
    let dir = gsr_dir("load");
    let loaded = load_all(&dir).unwrap();
    // The DOCUMENT record is skipped; documents sorted by id.
    let ids: Vec<&str> = loaded.iter().map(|l| l.doc.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "T-AGREE-1",
            "T-CONSULT-1",
            "T-DEMAND-1",
            "T-DISAPPROVE-1",
            "T-FIGHT-1",
            "T-INVESTIGATE-1"
        ]
    );
    assert_eq!(loaded.iter().map(|l| l.codes_rewritten).sum::<usize>(), 1);
    let d = &loaded[0].doc;
    assert_eq!(
        (d.corpus.as_str(), d.format, d.published.as_deref()),
        (PLOVER_GSR, GoldFormat::PloverGsr, Some("2000-01-01"))
    );
    assert_eq!(
        d.text,
        "Hungarian and Romanian officials agreed to cooperate."
    );
    assert_eq!((d.title.as_ref(), d.annotated_until), (None, None));
    assert!(d.mentions.is_empty() && d.timexes.is_empty() && d.quotes.is_empty());
    assert!(d.format.has_event_gold() && !d.format.has_timex_gold());
    let e = &d.events[..];
    assert_eq!(e.len(), 1);
    let e = &e[0];
    assert_eq!(e.category, "AGREE");
    assert_eq!(e.source_codes(), ["HUN", "ROU"]);
    // `"target": ""` is no target; `"mode": ""` no mode.
    assert!(e.target.is_empty() && e.target_codes().is_empty());
    assert_eq!(
        (e.mode.as_deref(), e.text.as_deref(), e.context.as_deref()),
        (None, Some("agreed"), Some("refugees"))
    );
    assert_eq!(e.source[0].sector.as_deref(), Some("GOV"));
    assert_eq!(e.source[1].text, "Romanian");
    // `JAP` is Japan's ISO code.
    let consult = &loaded[1].doc.events[0];
    assert_eq!(consult.target_codes(), ["JPN"]);
    assert_eq!(consult.mode.as_deref(), Some("host"));
    // `"source": null` is no source.
    assert!(loaded[5].doc.events[0].source.is_empty());
    // The article line the coder is given: the record's text and date.
    assert_eq!(
        article_json(d),
        json!({"id": "T-AGREE-1", "text": d.text, "published": "2000-01-01", "title": null})
    );

    // The file itself works, and beside the other gold it is one more corpus; another
    // `*.json` is not GSR.
    assert_eq!(
        load_gold(&dir.join("plover-gsr-test.json")).unwrap().len(),
        6
    );
    std::fs::write(dir.join("records.json"), "[").unwrap();
    std::fs::write(dir.join("11714.xml"), MEANTIME_XML).unwrap();
    let docs = load_gold(&dir).unwrap();
    assert_eq!(docs.len(), 7);
    assert_eq!(docs[6].format, GoldFormat::Meantime);

    // Errors name the file and the record.
    let file = dir.join("plover-gsr-test.json");
    let bad = GSR_JSON.replace("\"text\": \"Israeli tanks shelled Jericho.\"", "\"x\": 1");
    std::fs::write(&file, bad).unwrap();
    let err = load_gold(&dir).unwrap_err().to_string();
    assert!(
        err.contains("plover-gsr-test.json") && err.contains("T-FIGHT-1") && err.contains("`text`"),
        "{err}"
    );
    let bad = GSR_JSON.replacen("\"2000-01-01\"", "\"January\"", 1);
    std::fs::write(&file, bad).unwrap();
    let err = load_gold(&dir).unwrap_err().to_string();
    assert!(
        err.contains("T-AGREE-1") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    std::fs::write(&file, "{\"id\": \"x\"}").unwrap();
    let err = load_gold(&dir).unwrap_err().to_string();
    assert!(err.contains("not a JSON array"), "{err}");
    std::fs::write(&file, "[{\"id\": ").unwrap();
    let err = load_gold(&dir).unwrap_err();
    assert!(matches!(err, EvalError::Json { .. }), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();

    let empty = std::env::temp_dir().join(format!("readout-eval-gsr-none-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let err = load_gold(&empty).unwrap_err().to_string();
    assert!(err.contains("plover-gsr*.json"), "{err}");
    std::fs::remove_dir_all(&empty).unwrap();
}

/// A predicted event: its category, CAMEO code, actor and recipient codes, symmetry.
fn pev(
    plover: &str,
    cameo: &str,
    actor: Option<&str>,
    recipient: Option<&str>,
    sym: bool,
) -> Value {
    let side = |code: Option<&str>| code.map(|c| json!({"entity": null, "code": c, "text": c}));
    json!({"id": "V1", "cameo": cameo, "plover": plover, "actor": side(actor),
           "recipient": side(recipient), "symmetric": sym, "status": "occurred"})
}

/// Every record of `GSR_JSON` coded right: the mapped categories under their PLOVER 2021
/// names and CAMEO codes, the gold codes as actor and recipient codes (longer CAMEO codes).
fn gsr_predictions(gold: &[GoldDoc]) -> Vec<Value> {
    let events = |id: &str| match id {
        "T-AGREE-1" => vec![pev("AGREE", "030", Some("ROUGOV"), None, false)],
        "T-CONSULT-1" => vec![pev("CONSULT", "043", Some("RUSGOV"), Some("JPNGOV"), false)],
        "T-DEMAND-1" => vec![pev(
            "REQUEST",
            "1043",
            Some("IGOUNOILO"),
            Some("ISR"),
            false,
        )],
        "T-DISAPPROVE-1" => vec![pev("ACCUSE", "112", Some("ZWEGOV"), Some("USA"), false)],
        "T-FIGHT-1" => vec![pev("ASSAULT", "194", Some("ISRMIL"), Some("PSE"), false)],
        "T-INVESTIGATE-1" => vec![pev("ACCUSE", "091", None, Some("HRVMIL"), false)],
        _ => unreachable!(),
    };
    gold.iter()
        .map(|d| json!({"id": d.id, "text": d.text, "entities": [], "events": events(&d.id)}))
        .collect()
}

fn event_row(r: &EventReport) -> EventRow {
    r.row(PLOVER_GSR).unwrap().clone()
}

#[test]
fn event_scores() {
    let gold = gsr_gold("scores");
    let right = gsr_predictions(&gold);
    let index = |id: &str| gold.iter().position(|d| d.id == id).unwrap();

    // All right: every number at its best.
    let r = score_events(&gold, &right);
    let row = event_row(&r);
    assert_eq!((row.records, row.found, row.category_accuracy), (6, 6, 1.0));
    // INVESTIGATE has no gold source; AGREE no gold target.
    assert_eq!((row.sources_compared, row.sources_correct), (5, 5));
    assert_eq!((row.targets_compared, row.targets_correct), (5, 5));
    assert_eq!((row.source_accuracy, row.target_accuracy), (1.0, 1.0));
    assert_eq!((row.predicted, row.events_per_record), (6, 1.0));
    assert_eq!((row.false_events, row.false_events_per_record), (0, 0.0));
    assert_eq!(r.rows.len(), 1, "one corpus, no overall row");
    assert_eq!(r.category_accuracy("plover-gsr"), 1.0);

    // The wrong category: DISAPPROVE coded REJECT (CAMEO 12, not 11). Not found, and a
    // false event; its codes are not compared.
    let mut p = right.clone();
    p[index("T-DISAPPROVE-1")]["events"][0] = pev("REJECT", "120", Some("ZWE"), Some("USA"), false);
    let r = score_events(&gold, &p);
    let row = event_row(&r);
    assert_eq!((row.found, row.false_events), (5, 1));
    assert!((row.category_accuracy - 5.0 / 6.0).abs() < 1e-12);
    assert_eq!((row.sources_compared, row.targets_compared), (4, 4));
    assert_eq!((row.source_accuracy, row.target_accuracy), (1.0, 1.0));
    let c = r.category("DISAPPROVE").unwrap();
    assert_eq!((c.gold, c.found, c.accuracy), (1, 0, 0.0));
    assert_eq!(r.category("AGREE").unwrap().accuracy, 1.0);

    // The right category, the wrong actor: source accuracy falls, category does not.
    let mut p = right.clone();
    p[index("T-AGREE-1")]["events"][0] = pev("AGREE", "030", Some("USAGOV"), None, false);
    let row = event_row(&score_events(&gold, &p));
    assert_eq!(
        (row.found, row.sources_correct, row.targets_correct),
        (6, 4, 5)
    );
    assert_eq!(row.source_accuracy, 0.8);

    // The wrong recipient: target accuracy falls.
    let mut p = right.clone();
    p[index("T-CONSULT-1")]["events"][0] =
        pev("CONSULT", "043", Some("RUSGOV"), Some("CHNGOV"), false);
    let row = event_row(&score_events(&gold, &p));
    assert_eq!((row.sources_correct, row.targets_correct), (5, 4));

    // Actor and recipient swapped: both wrong, unless the event is symmetric.
    let mut p = right.clone();
    let fight = index("T-FIGHT-1");
    p[fight]["events"][0] = pev("ASSAULT", "194", Some("PSE"), Some("ISRMIL"), false);
    let row = event_row(&score_events(&gold, &p));
    assert_eq!((row.sources_correct, row.targets_correct), (4, 4));
    p[fight]["events"][0]["symmetric"] = json!(true);
    let row = event_row(&score_events(&gold, &p));
    assert_eq!((row.sources_correct, row.targets_correct), (5, 5));

    // A FIGHT record coded with CAMEO 18 (PLOVER 2021 ASSAULT too) is not FIGHT.
    let mut p = right.clone();
    p[fight]["events"][0] = pev("ASSAULT", "183", Some("ISR"), Some("PSE"), false);
    let r = score_events(&gold, &p);
    assert_eq!(r.category("FIGHT").unwrap().found, 0);
    assert_eq!(event_row(&r).false_events, 1);

    // Transnational codes: gold IGO wants a predicted IGO...; an NGO code is wrong.
    let mut p = right.clone();
    let demand = index("T-DEMAND-1");
    p[demand]["events"][0] = pev("REQUEST", "1043", Some("NGOAMN"), Some("ISR"), false);
    assert_eq!(event_row(&score_events(&gold, &p)).sources_correct, 4);

    // An actor without a code is its entity's country; an unknown entity has none.
    let mut p = right.clone();
    p[fight]["entities"] = json!([{"id": "E1", "kind": "country", "country": "ISR", "code": null}]);
    p[fight]["events"][0]["actor"] = json!({"entity": "E1", "code": null, "text": "Israeli"});
    assert_eq!(event_row(&score_events(&gold, &p)).sources_correct, 5);
    p[fight]["events"][0]["actor"] = json!({"entity": "E9", "code": null, "text": "Israeli"});
    assert_eq!(event_row(&score_events(&gold, &p)).sources_correct, 4);

    // One event of the category with the right codes is enough; extra events are false
    // events and count in events per record.
    let mut p = right.clone();
    let events = p[demand]["events"].as_array_mut().unwrap();
    events.insert(0, pev("REQUEST", "1043", Some("USA"), Some("USA"), false));
    events.push(pev(
        "THREATEN",
        "138",
        Some("ISR"),
        Some("IGOUNOILO"),
        false,
    ));
    events.push(json!("not an event"));
    let row = event_row(&score_events(&gold, &p));
    assert_eq!((row.sources_correct, row.targets_correct), (5, 5));
    assert_eq!((row.predicted, row.false_events), (9, 2));
    assert_eq!(row.events_per_record, 1.5);
    assert!((row.false_events_per_record - 1.0 / 3.0).abs() < 1e-12);

    // A document without prediction, one whose text differs, a prediction for no gold
    // document: counted, the first two as predicting nothing.
    let mut p = right.clone();
    p.remove(index("T-INVESTIGATE-1"));
    p[0]["text"] = json!("Another text.");
    p.push(json!({"id": "T-OTHER", "text": "x", "events": []}));
    let r = score_events(&gold, &p);
    assert_eq!(
        (
            r.docs_missing,
            r.docs_text_mismatch,
            r.predictions_unmatched
        ),
        (1, 1, 1)
    );
    assert_eq!(event_row(&r).found, 4);
    let table = r.to_string();
    assert!(
        table.contains("1 document had no prediction (scored as empty); 1 document had a prediction whose text differs from the gold text (scored as empty); 1 prediction matched no gold document id"),
        "{table}"
    );
}

#[test]
fn event_tables_and_empty_predictions() {
    let gold = gsr_gold("tables");
    let r = score_events(&gold, &gsr_predictions(&gold));
    let table = r.to_string();
    assert!(
        table.contains("| corpus | records | found | category acc | sources | sources right | source acc | targets | targets right | target acc | events | events/record | false events | false/record |"),
        "{table}"
    );
    assert!(
        table.contains("| plover-gsr | 6 | 6 | 1.000 | 5 | 5 | 1.000 | 5 | 5 | 1.000 | 6 | 1.000 | 0 | 0.000 |"),
        "{table}"
    );
    assert!(table.contains("| category | gold | found | accuracy |\n|---|--:|--:|--:|\n| AGREE | 1 | 1 | 1.000 |\n| CONSULT |"), "{table}");
    // Categories sorted.
    let names: Vec<&str> = r.categories.iter().map(|c| c.category.as_str()).collect();
    assert_eq!(
        names,
        [
            "AGREE",
            "CONSULT",
            "DEMAND",
            "DISAPPROVE",
            "FIGHT",
            "INVESTIGATE"
        ]
    );

    // Nothing predicted: zeros, no division by zero, `–` where nothing was compared.
    let empty: Vec<Value> = gold
        .iter()
        .map(|d| json!({"id": d.id, "text": d.text, "events": []}))
        .collect();
    let r = score_events(&gold, &empty);
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("NaN") && !json.contains("null"), "{json}");
    let table = r.to_string();
    assert!(
        table.contains(
            "| plover-gsr | 6 | 0 | 0.000 | 0 | 0 | – | 0 | 0 | – | 0 | 0.000 | 0 | 0.000 |"
        ),
        "{table}"
    );
    assert!(table.contains("| FIGHT | 1 | 0 | 0.000 |"), "{table}");
    assert!(!table.contains("Also:"), "{table}");

    // Other gold is skipped and counted; the other scorers skip the GSR the same way.
    let mut all = gold.clone();
    all.push(load(MEANTIME_XML).doc);
    let r = score_events(&all, &empty);
    assert_eq!(r.docs_without_event_gold, 1);
    assert!(
        r.to_string()
            .contains("Also: 1 document without event gold skipped"),
        "{r}"
    );
    let e = score_entities(&all, &[]);
    assert_eq!((e.docs, e.docs_without_entity_gold), (1, 6));
    assert_eq!(score_timexes(&all, &[]).docs_without_timex_gold, 6);
    assert_eq!(score_quotes(&all, &[]).docs_without_quote_gold, 7);
    // No event gold at all: a clean sentence, no table.
    let r = score_events(&[load(MEANTIME_XML).doc], &[]);
    assert!(r.rows.is_empty() && r.categories.is_empty());
    assert!(
        r.to_string().contains("no gold document codes events"),
        "{r}"
    );

    // Two corpora of event gold: an overall row.
    let mut two = gold.clone();
    let mut other = gold[0].clone();
    other.id = "U-AGREE-1".to_string();
    other.corpus = "other-gsr".to_string();
    two.push(other);
    let r = score_events(&two, &gsr_predictions(&gold));
    let corpora: Vec<&str> = r.rows.iter().map(|r| r.corpus.as_str()).collect();
    assert_eq!(corpora, ["other-gsr", "plover-gsr", "overall"]);
    let all = r.row("overall").unwrap();
    assert_eq!((all.records, all.found), (7, 6));
    assert!(r.to_string().contains("| **overall** | 7 | 6 |"), "{r}");
}
