//! Helpers shared by the integration tests (`mod common;`): a fresh PostgreSQL database, and
//! `readout serve` on an ephemeral port.

// Each test binary compiles its own copy of this module and need not use every item in it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Why an ignored PostgreSQL test fails when run without a server.
const NO_SERVER: &str =
    "READOUT_TEST_POSTGRES must name a PostgreSQL admin URL (scripts/test-all.sh sets it)";

/// A fresh database on the server named by `READOUT_TEST_POSTGRES`, dropped afterwards.
/// Without that variable it panics: an ignored PostgreSQL test run without a server fails
/// rather than passing without having tested anything.
pub struct TempDatabase {
    pub admin: String,
    pub name: String,
    pub url: String,
}

impl TempDatabase {
    /// `tag` (lower-case letters, digits and `_`) names the test; the process id and a counter
    /// keep databases apart when tests run in parallel, as processes or as threads.
    pub fn new(tag: &str) -> TempDatabase {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        assert!(
            tag.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "a database tag is an identifier: {tag:?}"
        );
        let admin = std::env::var("READOUT_TEST_POSTGRES").expect(NO_SERVER);
        let name = format!(
            "readout_{tag}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        assert!(name.len() <= 63, "{name} is too long for PostgreSQL");
        let mut client = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to READOUT_TEST_POSTGRES: {e}"));
        // one statement each: DROP/CREATE DATABASE cannot run inside a transaction block
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        TempDatabase { admin, name, url }
    }
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// `readout serve` on an ephemeral port, killed when dropped.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server's process id (for its memory and open files under /proc).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `host:port`, for clients that speak raw TCP.
    pub fn addr(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// Sends SIGTERM and waits: how a service manager stops the server.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap()
    }
}

/// Starts `readout serve --db DB EXTRA...` on a free loopback port, read from its first line.
pub fn serve(db: &str, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db", db])
        .args(extra)
        .env_remove("READOUT_TOKEN")
        .env_remove("READOUT_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?} (serving {db})"))
        .to_string();
    // the start-up line names the store without its password
    if let Some((_, password)) = db
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(user, _)| user.split_once(':'))
    {
        assert!(!line.contains(password), "{line}");
        assert!(line.contains(":***@"), "{line}");
    }
    Server {
        child,
        base: format!("http://{addr}"),
    }
}

/// An HTTP client that returns error statuses as answers (the tests check them) and gives up
/// after two minutes rather than hanging a test on a server that stopped answering.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(120)))
        .build()
        .into()
}
