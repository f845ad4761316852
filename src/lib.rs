//! The `readout` command line as a library: each subcommand in its own module, and the input
//! readers (plain text, HTML, JSONL, WARC) the fuzz targets in `fuzz/` drive with arbitrary
//! bytes. `main.rs` only parses arguments and dispatches.

pub mod ask;
pub mod cli;
pub mod code;
pub mod eval;
pub mod explain;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod input;
pub mod ordered;
pub mod output;
pub mod pretty;
pub mod serve;
pub mod shard;
pub mod warc;
pub mod web;
