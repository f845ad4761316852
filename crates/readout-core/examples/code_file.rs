//! Codes one text file and prints the `readout/1` JSON: `cargo run -p readout-core --example
//! code_file -- FILE [YYYY-MM-DD]`. For poking at the pipeline without the CLI.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: code_file FILE [YYYY-MM-DD]")?;
    let published = args.next().map(|d| d.parse()).transpose()?;
    let text = std::fs::read_to_string(&path)?;
    let pipeline = readout_core::Pipeline::new(readout_core::Lexicon::builtin()?)?;
    let out = pipeline.code(&readout_core::Article { id: Some(path), published, text, ..Default::default() });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
