//! The `readout` command line. Each subcommand lives in its own module of the library
//! (`lib.rs`); this file only parses arguments, dispatches and turns the result into the exit
//! status.

use std::process::ExitCode;

use clap::Parser;
use readout::{ask, cli, code, eval, explain, export, extract, ingest, serve};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let status = match cli.command {
        cli::Command::Code(args) => code::run(args),
        cli::Command::Eval(args) => eval::run(args),
        cli::Command::Explain(args) => explain::run(args),
        cli::Command::Extract(args) => extract::run(args),
        cli::Command::Ingest(args) => ingest::run(args),
        cli::Command::Events(args) => ask::events(args),
        cli::Command::Quotes(args) => ask::quotes(args),
        cli::Command::Entities(args) => ask::entities(args),
        cli::Command::Timeline(args) => ask::timeline(args),
        cli::Command::Search(args) => ask::search(args),
        cli::Command::Export(args) => export::run(args),
        cli::Command::Recode(args) => ingest::recode(args),
        cli::Command::Serve(args) => serve::run(args),
    };
    ExitCode::from(status)
}
