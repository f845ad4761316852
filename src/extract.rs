//! `readout extract`: what Readout reads from a web page — title, date, canonical URL,
//! outlet and main text, the text `readout code` then annotates.

use std::fs::File;
use std::io::{self, Read, Write};

use crate::cli::{ExtractArgs, ExtractFormat};
use crate::code::{EXIT_FAILED, EXIT_OK};
use crate::input::STDIN_NAME;

pub fn run(args: ExtractArgs) -> u8 {
    let stdin = args.input.as_os_str() == "-";
    let name = if stdin {
        STDIN_NAME.to_string()
    } else {
        args.input.display().to_string()
    };
    let fail = |message: String| {
        let _ = writeln!(io::stderr(), "readout: {name}: {message}");
        EXIT_FAILED
    };
    let bytes = if stdin {
        read_bounded(io::stdin().lock(), args.max_article_bytes)
    } else {
        match File::open(&args.input) {
            Ok(f) if f.metadata().is_ok_and(|m| m.is_dir()) => {
                Err("is a directory, not a page".to_string())
            }
            Ok(f) => read_bounded(f, args.max_article_bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err("no such file".to_string()),
            Err(e) => Err(format!("cannot open: {e}")),
        }
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(message) => return fail(message),
    };
    let page = match readout_html::read_page(&bytes, args.content_type.as_deref()) {
        Ok(p) => p,
        Err(e) => return fail(format!("cannot read the page: {e}")),
    };
    let out = match args.format {
        ExtractFormat::Json => {
            // The struct keeps the fields in their order: title, published, url, site, text.
            let mut s = serde_json::to_string_pretty(&page).unwrap_or_default();
            s.push('\n');
            s
        }
        ExtractFormat::Text => {
            let field = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
            format!(
                "title: {}\npublished: {}\nurl: {}\nsite: {}\n\n{}\n",
                field(&page.title),
                field(&page.published),
                field(&page.url),
                field(&page.site),
                page.text
            )
        }
    };
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            let _ = writeln!(io::stderr(), "readout: cannot write output: {e}");
            EXIT_FAILED
        }
    }
}

/// The whole input, at most `max` bytes of it.
fn read_bounded(reader: impl Read, max: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!("the page is over --max-article-bytes {max} bytes"));
    }
    Ok(bytes)
}
