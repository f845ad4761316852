//! Bakes the built-in lexicon: parses `data/` and compiles every name into the automaton once,
//! at build time, so `readout` starts by deserialising instead of building (see
//! docs/design.md). The lexicon code is the library's own, included by path.

#![allow(dead_code)]

#[path = "src/document.rs"]
mod document;
#[path = "src/lexicon.rs"]
mod lexicon;
#[path = "src/stages/tokenize.rs"]
pub mod tokenize;
mod stages {
    pub use super::tokenize;
}

use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let data = manifest.join("../../data");
    for f in [
        "src/document.rs",
        "src/lexicon.rs",
        "src/stages/tokenize.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let mut files = Vec::new();
    for name in lexicon::DATA_FILES {
        let path = data.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        files.push((*name, text));
    }
    let sources: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let lexicon = lexicon::Lexicon::from_sources(&sources).unwrap_or_else(|e| panic!("data/{e}"));
    let baked = lexicon.bake().unwrap_or_else(|e| panic!("{e}"));
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lexicon.bin");
    std::fs::write(&out, baked).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
