//! Times the start-up phases: `cargo run --release -p readout-core --example startup`.
fn main() {
    let t = std::time::Instant::now();
    let lex = readout_core::Lexicon::builtin().unwrap();
    let loaded = t.elapsed();
    let p = readout_core::Pipeline::new(lex).unwrap();
    let compiled = t.elapsed() - loaded;
    eprintln!(
        "load {loaded:?}  compile {compiled:?}  ({} actors, {} places)",
        p.lexicon().actors.len(),
        p.lexicon().places.len()
    );
}
