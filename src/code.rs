//! `readout code`: read articles, code them in parallel, write documents in input order.

use std::io::{self, IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use readout_core::{Lexicon, Pipeline};

use crate::cli::{CodeArgs, ColorChoice, Format};
use crate::input::{Emit, Failure, Item, ReadOptions, Source};
use crate::ordered::{self, Emitter};
use crate::output::{self, Mode, Outcome, Writer};

/// Exit status: every article coded.
pub const EXIT_OK: u8 = 0;
/// Exit status: some articles failed (or the output could not be written).
pub const EXIT_FAILED: u8 = 1;
/// Exit status: bad invocation or configuration (nothing was coded).
pub const EXIT_USAGE: u8 = 2;

fn error(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "readout: {message}");
}

pub fn run(args: CodeArgs) -> u8 {
    let inputs = if args.inputs.is_empty() {
        vec!["-".into()]
    } else {
        args.inputs
    };
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        error("standard input (`-`) can be given only once");
        return EXIT_USAGE;
    }

    // Everything that can make the run a usage error comes before any article is read.
    let pipeline = match load_pipeline(&args.lexicon) {
        Ok(p) => Arc::new(p),
        Err(message) => {
            error(message);
            return EXIT_USAGE;
        }
    };

    let mut sources = Vec::new();
    for path in inputs {
        if path.as_os_str() == "-" {
            if io::stdin().is_terminal() {
                error("reading articles from standard input (end with Ctrl-D)");
            }
            sources.push(Source::stdin_as(args.stdin_format, args.max_article_bytes));
        } else {
            sources.push(Source::for_path(path));
        }
    }

    let mode = match args.format {
        Format::Json if sources.len() == 1 && sources[0].is_single_article() => Mode::JsonSingle,
        Format::Json => Mode::JsonArray,
        Format::Jsonl => Mode::Jsonl,
        Format::Pretty => Mode::Pretty {
            color: use_color(args.color),
        },
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |n| n.get(),
    );
    let opts = ReadOptions {
        max_bytes: args.max_article_bytes,
        lossy: args.lossy,
        published: args.published,
    };
    let shard = args.shard;

    let stdout = io::stdout();
    let mut writer = match Writer::new(io::BufWriter::with_capacity(64 * 1024, stdout), mode) {
        Ok(w) => w,
        Err(e) => return output_error(&e, 0),
    };
    let result = ordered::run(
        jobs,
        ordered::Window::for_jobs(jobs),
        move |emitter: &mut Emitter<Item>| crate::shard::read_all(sources, &opts, shard, emitter),
        move |item: Item| code_one(&pipeline, item, mode),
        &mut writer,
    );
    let failed = writer.failed;
    let coded = writer.coded;
    let status = if failed > 0 { EXIT_FAILED } else { EXIT_OK };
    match result {
        Ok(()) => {}
        Err(ordered::Error::Sink(e)) => return output_error(&e, failed),
        Err(ordered::Error::Panicked(what)) => {
            error(format_args!(
                "internal error: {what} (please report this bug)"
            ));
            return EXIT_FAILED;
        }
    }
    if let Err(e) = writer.finish() {
        return output_error(&e, failed);
    }
    if failed > 0 {
        let total = coded + failed;
        error(format_args!("{failed} of {total} articles failed"));
    }
    status
}

/// Stdout went away or failed. A reader that stopped early (`readout code big.jsonl | head`)
/// is not an error: exit quietly with the status so far.
fn output_error(e: &io::Error, failed: u64) -> u8 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return if failed > 0 { EXIT_FAILED } else { EXIT_OK };
    }
    error(format_args!("cannot write output: {e}"));
    EXIT_FAILED
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty());
            io::stdout().is_terminal() && !no_color
        }
    }
}

/// The built-in lexicon plus every `--lexicon` file, or a message naming the bad file. The
/// user's files are read first, so a missing one is reported without waiting for the
/// built-in lexicon to load.
pub(crate) fn load_pipeline(files: &[impl AsRef<Path>]) -> Result<Pipeline, String> {
    let mut user = Vec::with_capacity(files.len());
    for file in files {
        let path = file.as_ref();
        let name = path.display().to_string();
        let src = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read lexicon {name}: {e}"))?;
        user.push((name, src));
    }
    let mut lexicon =
        Lexicon::builtin().map_err(|e| format!("cannot load the built-in lexicon: {e}"))?;
    for (name, src) in &user {
        lexicon
            .add_toml(name, src)
            .map_err(|e| format!("invalid lexicon: {e}"))?;
    }
    Pipeline::new(lexicon).map_err(|e| format!("invalid lexicon: {e}"))
}

/// Runs on a worker thread: codes and renders one article. A panic in the pipeline becomes a
/// failure of this article only.
fn code_one(pipeline: &Pipeline, item: Item, mode: Mode) -> Outcome {
    let article = match item.article {
        Ok(a) => a,
        Err(failure) => return Outcome::Failed(item.origin, failure),
    };
    match catch_unwind(AssertUnwindSafe(|| {
        output::render(&pipeline.code(&article), mode)
    })) {
        Ok(bytes) => Outcome::Coded(bytes),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Outcome::Failed(
                item.origin,
                Failure {
                    id: article.id,
                    message: format!(
                        "internal error while coding: {what} (please report this bug)"
                    ),
                },
            )
        }
    }
}

impl Emit for Emitter<Item> {
    fn emit(&mut self, item: Item) -> bool {
        // Weigh articles by their text: what coding them keeps in memory is proportional.
        let weight = item.article.as_ref().map_or(0, |a| a.text.len() as u64);
        Emitter::emit(self, item, weight)
    }

    fn flush(&mut self) -> bool {
        Emitter::flush(self)
    }
}
