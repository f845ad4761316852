//! Writing coded documents (and failures) to stdout in input order, in the chosen format.
//!
//! Documents are rendered to bytes on the worker threads ([`render`]); the [`Writer`] only
//! copies bytes, adds the JSON array punctuation, reports failures and flushes whenever it
//! would otherwise wait, so each document reaches the reader as soon as it can.

use std::io::{self, Write};

use readout_core::DocumentOut;
use serde::Serialize;

use crate::input::{Failure, Origin};
use crate::ordered::Sink;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One pretty-printed JSON object (a single plain-text input).
    JsonSingle,
    /// A pretty-printed JSON array of documents (and error records).
    JsonArray,
    /// One compact JSON document (or error record) per line.
    Jsonl,
    /// Human-readable text.
    Pretty { color: bool },
}

/// What a worker hands the writer for one input article.
pub enum Outcome {
    /// The rendered document.
    Coded(Vec<u8>),
    Failed(Origin, Failure),
}

/// The record that takes a failed article's place in JSONL and JSON-array output.
#[derive(Debug, Serialize)]
pub struct ErrorRecord<'a> {
    pub id: Option<&'a str>,
    pub line: Option<u64>,
    pub file: &'a str,
    pub error: &'a str,
}

/// Renders one document for `mode` (for `JsonArray`, as an indented array element without
/// the separating comma).
pub fn render(doc: &DocumentOut, mode: Mode) -> Vec<u8> {
    match mode {
        Mode::JsonSingle => {
            let mut v = to_json(doc, true);
            v.push(b'\n');
            v
        }
        Mode::JsonArray => indent(&to_json(doc, true)),
        Mode::Jsonl => {
            let mut v = to_json(doc, false);
            v.push(b'\n');
            v
        }
        Mode::Pretty { color } => crate::pretty::render(doc, color).into_bytes(),
    }
}

fn to_json(value: &impl Serialize, pretty: bool) -> Vec<u8> {
    let r = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    };
    // Serializing plain structs of strings and numbers into memory cannot fail (non-finite
    // floats become null).
    r.unwrap_or_else(|e| format!("{{\"error\":\"cannot serialize: {e}\"}}").into_bytes())
}

/// Indents pretty JSON by one level, as an element of an array. Safe because JSON strings
/// never contain a raw newline.
fn indent(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + json.len() / 16 + 2);
    out.extend_from_slice(b"  ");
    for &b in json {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(b"  ");
        }
    }
    out
}

/// Writes outcomes to `out` in order and failures to stderr.
pub struct Writer<W: Write> {
    out: W,
    mode: Mode,
    /// Elements written so far (documents and error records in the output).
    elements: u64,
    pub coded: u64,
    pub failed: u64,
}

impl<W: Write> Writer<W> {
    /// Starts the output (the `[` of a JSON array).
    pub fn new(mut out: W, mode: Mode) -> io::Result<Self> {
        if mode == Mode::JsonArray {
            out.write_all(b"[")?;
        }
        Ok(Writer {
            out,
            mode,
            elements: 0,
            coded: 0,
            failed: 0,
        })
    }

    fn element(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.mode {
            Mode::JsonArray => {
                self.out
                    .write_all(if self.elements == 0 { b"\n" } else { b",\n" })?;
            }
            Mode::Pretty { .. } if self.elements > 0 => self.out.write_all(b"\n")?,
            _ => {}
        }
        self.out.write_all(bytes)?;
        self.elements += 1;
        Ok(())
    }

    /// Ends the output (the `]` of a JSON array) and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        if self.mode == Mode::JsonArray {
            self.out
                .write_all(if self.elements == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

/// The stderr line for a failed article: `readout: FILE[:LINE][ (id "ID")]: MESSAGE`.
pub fn failure_message(origin: &Origin, failure: &Failure) -> String {
    let mut s = format!("readout: {}", origin.file);
    if let Some(line) = origin.line {
        s.push_str(&format!(":{line}"));
        if let Some(id) = &failure.id {
            s.push_str(&format!(" (id {id:?})"));
        }
    }
    s.push_str(&format!(": {}", failure.message));
    s
}

impl<W: Write> Sink<Outcome> for Writer<W> {
    fn item(&mut self, outcome: Outcome) -> io::Result<()> {
        match outcome {
            Outcome::Coded(bytes) => {
                self.coded += 1;
                self.element(&bytes)
            }
            Outcome::Failed(origin, failure) => {
                self.failed += 1;
                // Failures go to stderr in input order, interleaved correctly with stdout
                // when both are a terminal. A closed stderr is no reason to stop.
                let _ = writeln!(io::stderr(), "{}", failure_message(&origin, &failure));
                let record = ErrorRecord {
                    id: failure.id.as_deref(),
                    line: origin.line,
                    file: &origin.file,
                    error: &failure.message,
                };
                match self.mode {
                    Mode::Jsonl => {
                        let mut v = to_json(&record, false);
                        v.push(b'\n');
                        self.element(&v)
                    }
                    Mode::JsonArray => self.element(&indent(&to_json(&record, true))),
                    Mode::JsonSingle | Mode::Pretty { .. } => Ok(()),
                }
            }
        }
    }

    fn idle(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str) -> DocumentOut {
        serde_json::from_value(serde_json::json!({
            "schema": "readout/1", "id": id, "title": null, "source": null, "url": null,
            "published": null, "text": "x", "entities": [], "timexes": [], "quotes": [],
            "sources": [], "events": []
        }))
        .unwrap()
    }

    #[test]
    fn json_array_is_valid_and_indented_like_serde() {
        let mut out = Vec::new();
        let mut w = Writer::new(&mut out, Mode::JsonArray).unwrap();
        for id in ["a", "b"] {
            w.item(Outcome::Coded(render(&doc(id), Mode::JsonArray)))
                .unwrap();
        }
        w.finish().unwrap();
        let expected = serde_json::to_string_pretty(&vec![doc("a"), doc("b")]).unwrap() + "\n";
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn empty_json_array() {
        let mut out = Vec::new();
        Writer::new(&mut out, Mode::JsonArray)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(out, b"[]\n");
    }
}
