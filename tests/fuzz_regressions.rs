//! Every input the fuzzers once crashed, hung or ran out of memory on (`fuzz/regressions/<target>/`)
//! goes through the same entry point and invariants as its fuzz target (`fuzz/src/lib.rs`,
//! compiled here as a module), so plain `cargo test` keeps them fixed without cargo-fuzz.

use std::path::Path;

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod targets;

fn target(name: &str) -> Option<fn(&[u8])> {
    Some(match name {
        "code_text" => targets::code_text,
        "code_bytes" => targets::code_bytes,
        "html" => targets::html,
        "jsonl" => targets::jsonl,
        "warc" => targets::warc,
        "lexicon" => targets::lexicon,
        _ => return None,
    })
}

#[test]
fn fuzz_regressions_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let mut failures = Vec::new();
    let mut ran = 0;
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let name = dir.file_name().unwrap().to_string_lossy();
        let run = target(&name)
            .unwrap_or_else(|| panic!("{}: no fuzz target of that name", dir.display()));
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            ran += 1;
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                failures.push(file.display().to_string());
            }
        }
    }
    assert!(ran > 0, "no regression inputs under {}", root.display());
    assert!(
        failures.is_empty(),
        "fuzz regressions fail again: {failures:#?}"
    );
}
