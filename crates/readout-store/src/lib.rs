//! Keep coded readout/1 documents in a store — SQLite embedded by default, PostgreSQL as the
//! server option, the same schema on both — and answer questions of them.
//!
//! Every statement is written once, with `?` placeholders, and run on either backend through
//! one [`Value`] type, so both give the same answers. Writes go in batches, one transaction a
//! batch: a document is stored whole or not at all, and storing it again is a no-op.

mod query;
mod rows;
mod schema;
mod value;

use std::time::{SystemTime, UNIX_EPOCH};

use readout_core::DocumentOut;

pub use query::{
    EntityFilter, EntityRow, EventFilter, EventRow, Period, QuoteFilter, QuoteRow, SearchFilter,
    SearchHit, TimelineRow,
};
pub use value::Value;

#[cfg(test)]
mod tests {
    #[test]
    fn repeat_values_repeats_the_one_tuple_or_declines() {
        assert_eq!(
            super::repeat_values("INSERT INTO t (a, b) VALUES (?, ?)", 3).as_deref(),
            Some("INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)")
        );
        assert_eq!(
            super::repeat_values("INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO NOTHING", 2),
            None
        );
        assert_eq!(super::repeat_values("DELETE FROM t", 2), None);
    }

    use super::redacted;

    #[test]
    fn passwords_are_not_printed() {
        for (url, shown) in [
            (
                "postgres://u:secret@host:5432/db",
                "postgres://u:***@host:5432/db",
            ),
            ("postgresql://u:p@ss@host/db", "postgresql://u:***@host/db"),
            ("postgres://u@host/db", "postgres://u@host/db"),
            ("postgres://host/db?user=a", "postgres://host/db?user=a"),
            ("sqlite:readout.db", "sqlite:readout.db"),
        ] {
            assert_eq!(redacted(url), shown);
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {}", pg_message(.0))]
    Postgres(#[from] postgres::Error),
    /// a SQLite file that cannot be opened, with what is wrong with its path
    #[error("{why}")]
    SqlitePath { why: String },
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("bad database URL '{url}': {why}")]
    Url { url: String, why: String },
    #[error("the store's schema is version {found}, newer than this Readout knows ({known}); upgrade Readout")]
    NewerSchema { found: i64, known: i64 },
}

/// The client's own words say little ("db error", "error connecting to server"): the server's
/// message or the system's error, which say what went wrong, come from the error's source.
fn pg_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!(
            "{}: {} (SQLSTATE {})",
            db.severity(),
            db.message(),
            db.code().code()
        );
    }
    match std::error::Error::source(e) {
        Some(source) => format!("{e}: {source}"),
        None => e.to_string(),
    }
}

impl StoreError {
    /// The server went away (a restart, a network cut, an administrator ending the session) or
    /// is not back yet: the same work can succeed on a new connection.
    pub fn is_connection_lost(&self) -> bool {
        let StoreError::Postgres(e) = self else {
            return false;
        };
        if e.is_closed() {
            return true;
        }
        if let Some(code) = e.code() {
            let code = code.code();
            // 08: connection exception; 57P01-03: shut down by an administrator, crashed,
            // still starting up
            return code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03");
        }
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            if s.is::<std::io::Error>() {
                return true;
            }
            source = s.source();
        }
        false
    }

    /// Another SQLite connection held the store's lock for longer than [`LOCK_WAIT`].
    pub fn is_locked(&self) -> bool {
        matches!(self, StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::DatabaseBusy)
    }

    /// Worth running the same transaction again: a lost connection, or a transaction the server
    /// aborted to resolve a conflict with another writer (deadlock, serialization failure).
    pub fn is_retryable(&self) -> bool {
        if self.is_connection_lost() {
            return true;
        }
        match self {
            StoreError::Postgres(e) => e
                .code()
                .is_some_and(|c| matches!(c.code(), "40001" | "40P01")),
            _ => false,
        }
    }
}

/// Why SQLite could not open or prepare the file at `path`, in the user's terms: SQLite says
/// "unable to open database file" for a missing directory and a read-only file system alike.
fn sqlite_path_problem(path: &std::path::Path) -> Option<String> {
    let shown = path.display();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Some(format!(
                "the directory {} does not exist (create it, or choose another path)",
                dir.display()
            ))
        }
        Err(e) => return Some(format!("cannot reach the directory {}: {e}", dir.display())),
        Ok(m) if !m.is_dir() => return Some(format!("{} is not a directory", dir.display())),
        Ok(_) => {}
    }
    if path.is_dir() {
        return Some(format!("{shown} is a directory, not a database file"));
    }
    // write access decides (asked without touching anything: another process may be
    // creating the store this moment): the file if it exists, else its directory
    let target = if path.exists() { path } else { dir };
    match writable(target) {
        Ok(()) => None,
        Err(e) if e.raw_os_error() == Some(30) => Some(format!(
            "{shown} is on a read-only file system (the store writes the file and its -wal and \
             -shm files next to it)"
        )),
        Err(e) => Some(format!("{} is not writable: {e}", target.display())),
    }
}

#[cfg(unix)]
fn writable(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // access(2) answers for the effective user and reports a read-only mount even to root
    // SAFETY: `c` is a NUL-terminated string that outlives the call
    if unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn writable(path: &std::path::Path) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.permissions().readonly() => {
            Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
        }
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Where a store lives: `sqlite:PATH` (or a bare path) or `postgres://...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreUrl {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl StoreUrl {
    pub fn parse(url: &str) -> Result<StoreUrl, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(StoreUrl::Postgres(url.to_string()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"));
        let path = path.unwrap_or(url);
        if path.is_empty() {
            return Err(StoreError::Url {
                url: redacted(url),
                why: "no path: write sqlite:PATH or postgres://USER@HOST/DB".into(),
            });
        }
        if path.contains("://") {
            return Err(StoreError::Url {
                url: redacted(url),
                why: "unknown scheme: write sqlite:PATH or postgres://USER@HOST/DB".into(),
            });
        }
        Ok(StoreUrl::Sqlite(path.into()))
    }
}

enum Backend {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>),
}

pub struct Store {
    backend: Backend,
    /// the PostgreSQL URL, to connect again after the server closed the connection
    reconnect_to: Option<String>,
}

/// A store URL fit to print: a PostgreSQL password replaced by `***`.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    // userinfo ends at the last '@' before the host's path
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_string();
    };
    match rest[..at].split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***{}", &rest[at..]),
        None => url.to_string(),
    }
}

/// What storing one document did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutOutcome {
    Stored,
    /// the same id with the same text is already there
    AlreadyPresent,
    /// the same id with another text: nothing stored for it
    Conflict(String),
}

/// A coded document to store, with what coded it.
pub struct NewDocument<'a> {
    pub doc: &'a DocumentOut,
    /// the document id (the caller resolves given id, URL or content hash)
    pub id: &'a str,
    pub readout_version: &'a str,
    /// a fingerprint of the lexicons that coded it, to find stale documents
    pub lexicon_hash: &'a str,
}

/// A document turned into its rows, ready to store: preparing is the costly part of a write
/// (the JSON and the rows), so callers do it on their worker threads and leave the single
/// writer only the statements to run.
pub struct Prepared {
    pub id: String,
    text_hash: String,
    document: rows::Insert,
    /// entities, mentions, events, quotes and sources
    rows: Vec<rows::Insert>,
}

impl Prepared {
    pub fn new(d: &NewDocument<'_>) -> Result<Prepared, StoreError> {
        let text_hash = text_hash(&d.doc.text);
        let (document, rows) = rows::document_rows(
            d.doc,
            d.id,
            &text_hash,
            d.readout_version,
            d.lexicon_hash,
            &now_utc(),
        )?;
        Ok(Prepared {
            id: d.id.to_string(),
            text_hash,
            document,
            rows,
        })
    }
}

/// A hex FNV-1a-64 of the text: enough to tell "same text" from "another text" under one id.
pub fn text_hash(text: &str) -> String {
    format!("{:016x}", fnv1a64(text))
}

/// 64-bit FNV-1a of `text`: the number behind [`text_hash`].
pub fn fnv1a64(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Statements run inside one transaction, on either backend.
trait Exec {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError>;
}

impl Exec for rusqlite::Transaction<'_> {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let mut st = self.prepare_cached(sql)?;
        Ok(st.execute(rusqlite::params_from_iter(params.iter()))? as u64)
    }
    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError> {
        sqlite_rows(self, sql, params)
    }
}

impl Exec for postgres::Transaction<'_> {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
            .iter()
            .map(|v| v as &(dyn postgres::types::ToSql + Sync))
            .collect();
        Ok(self.execute(pg_sql(sql).as_str(), &refs)?)
    }
    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError> {
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
            .iter()
            .map(|v| v as &(dyn postgres::types::ToSql + Sync))
            .collect();
        let rows = self.query(pg_sql(sql).as_str(), &refs)?;
        pg_rows(&rows)
    }
}

fn sqlite_rows(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[Value],
) -> Result<Vec<Vec<Value>>, StoreError> {
    let mut st = conn.prepare_cached(sql)?;
    let n = st.column_count();
    let mut out = Vec::new();
    let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
    while let Some(r) = rows.next()? {
        let mut row = Vec::with_capacity(n);
        for i in 0..n {
            row.push(value::from_sqlite(r.get_ref(i)?));
        }
        out.push(row);
    }
    Ok(out)
}

fn pg_rows(rows: &[postgres::Row]) -> Result<Vec<Vec<Value>>, StoreError> {
    rows.iter()
        .map(|r| {
            (0..r.len())
                .map(|i| value::from_postgres(r, i).map_err(StoreError::from))
                .collect()
        })
        .collect()
}

/// `?` placeholders as PostgreSQL's `$1, $2, ...` (the statements hold no `?` in literals).
fn pg_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // seconds since the epoch as an ISO timestamp, without a date library in this crate
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn open_sqlite(path: &std::path::Path) -> Result<rusqlite::Connection, StoreError> {
    let mut conn = rusqlite::Connection::open(path)?;
    // a second writer waits for the first instead of failing at once; set first, because
    // switching to WAL below takes a lock that another process opening the store may hold
    conn.busy_handler(Some(wait_for_lock))?;
    // WAL: readers go on while one writer commits; a killed writer leaves the last committed
    // transaction intact
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // the writer rereads index pages constantly: keep them in memory rather than asking the
    // kernel for each (64 MiB of cache, 256 MiB mapped)
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "mmap_size", 268_435_456)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(conn)
}

/// How long a SQLite writer waits for another process's write lock before failing.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// SQLite's busy handler: called while another connection holds the lock, with the number of
/// calls so far; true to try again. It waits up to [`LOCK_WAIT`] in 10 ms steps and says once,
/// after 2 s, that it is waiting, so that a blocked ingest does not look hung.
fn wait_for_lock(calls: i32) -> bool {
    const STEP: std::time::Duration = std::time::Duration::from_millis(10);
    let waited = STEP * calls.max(0) as u32;
    if waited >= LOCK_WAIT {
        return false;
    }
    if waited == std::time::Duration::from_secs(2) {
        eprintln!(
            "readout: another process is writing to the SQLite store; waiting for it (up to {} s)",
            LOCK_WAIT.as_secs()
        );
    }
    std::thread::sleep(STEP);
    true
}

/// A SQLite error met while opening, said in terms of the path when the path is the cause.
fn explain_sqlite(e: StoreError, path: &std::path::Path) -> StoreError {
    match e {
        StoreError::Sqlite(_) => match sqlite_path_problem(path) {
            Some(why) => StoreError::SqlitePath { why },
            None => e,
        },
        e => e,
    }
}

impl Store {
    /// Open (creating if needed) the store at `url` and bring its schema up to date.
    pub fn open(url: &str) -> Result<Store, StoreError> {
        let mut reconnect_to = None;
        let mut sqlite_path = None;
        let backend = match StoreUrl::parse(url)? {
            StoreUrl::Sqlite(path) => {
                let conn = open_sqlite(&path).map_err(|e| explain_sqlite(e, &path))?;
                sqlite_path = Some(path);
                Backend::Sqlite(conn)
            }
            StoreUrl::Postgres(url) => {
                let client = postgres::Client::connect(&url, postgres::NoTls)?;
                reconnect_to = Some(url);
                Backend::Postgres(Box::new(client))
            }
        };
        let mut store = Store {
            backend,
            reconnect_to,
        };
        match (store.migrate(), sqlite_path) {
            (Err(e), Some(path)) => Err(explain_sqlite(e, &path)),
            (result, _) => result,
        }?;
        Ok(store)
    }

    /// Opens a PostgreSQL connection anew, after [`StoreError::is_connection_lost`]: the old one
    /// may look open to the client while the server has gone. SQLite has nothing to reopen.
    pub fn reconnect(&mut self) -> Result<(), StoreError> {
        if let (Backend::Postgres(client), Some(url)) = (&mut self.backend, &self.reconnect_to) {
            **client = postgres::Client::connect(url, postgres::NoTls)?;
        }
        Ok(())
    }

    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = schema::MIGRATIONS.last().map_or(0, |m| m.0);
        match &mut self.backend {
            Backend::Sqlite(conn) => {
                let mut tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                migrate_with(&mut tx, known, schema::SQLITE_ONLY, |tx, sql| {
                    tx.execute_batch(sql).map_err(StoreError::from)
                })?;
                tx.commit()?;
            }
            Backend::Postgres(client) => {
                let mut tx = client.transaction()?;
                // one migrator at a time across processes
                tx.execute("SELECT pg_advisory_xact_lock(7231001)", &[])?;
                migrate_with(&mut tx, known, schema::POSTGRES_ONLY, |tx, sql| {
                    tx.batch_execute(sql).map_err(StoreError::from)
                })?;
                tx.commit()?;
            }
        }
        Ok(())
    }

    /// Store a batch of coded documents in one transaction. A document already stored with the
    /// same text is left as it is; one stored with another text is a conflict, reported and not
    /// touched.
    pub fn put(&mut self, batch: &[NewDocument<'_>]) -> Result<Vec<PutOutcome>, StoreError> {
        let prepared = batch
            .iter()
            .map(Prepared::new)
            .collect::<Result<Vec<_>, _>>()?;
        self.put_prepared(&prepared)
    }

    /// A PostgreSQL connection the server closed (a restart, an administrator) is opened again
    /// before the next statement: the statement that met the closed connection failed, the
    /// ones after it need not. SQLite has nothing to reconnect.
    fn reconnect_if_closed(&mut self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Postgres(client) if client.is_closed() => self.reconnect(),
            _ => Ok(()),
        }
    }

    /// [`Store::put`] for documents already prepared (on other threads).
    pub fn put_prepared(&mut self, batch: &[Prepared]) -> Result<Vec<PutOutcome>, StoreError> {
        self.reconnect_if_closed()?;
        match &mut self.backend {
            Backend::Sqlite(conn) => {
                let mut tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let out = put_with(&mut tx, batch, true)?;
                tx.commit()?;
                Ok(out)
            }
            Backend::Postgres(client) => {
                let mut tx = client.transaction()?;
                let out = put_with(&mut tx, batch, false)?;
                tx.commit()?;
                Ok(out)
            }
        }
    }

    /// Replace stored documents by newly coded ones (for `recode`), in one transaction.
    pub fn replace(&mut self, batch: &[NewDocument<'_>]) -> Result<(), StoreError> {
        let prepared = batch
            .iter()
            .map(Prepared::new)
            .collect::<Result<Vec<_>, _>>()?;
        let sqlite = matches!(self.backend, Backend::Sqlite(_));
        self.in_transaction(|tx| {
            for d in &prepared {
                delete_with(tx, &d.id, sqlite)?;
            }
            put_with(tx, &prepared, sqlite).map(|_| ())
        })
    }

    /// Removes a document with everything coded from it; whether it was stored.
    pub fn delete(&mut self, id: &str) -> Result<bool, StoreError> {
        let sqlite = matches!(self.backend, Backend::Sqlite(_));
        let mut found = false;
        self.in_transaction(|tx| {
            found = delete_with(tx, id, sqlite)?;
            Ok(())
        })?;
        Ok(found)
    }

    /// Every stored id with the hash of its text: lets a resumed ingest skip what is stored
    /// without coding it again.
    pub fn stored_ids(&mut self) -> Result<std::collections::HashMap<String, String>, StoreError> {
        Ok(self
            .rows("SELECT id, text_hash FROM documents", &[])?
            .into_iter()
            .filter_map(|r| {
                let mut it = r.into_iter();
                Some((it.next()?.into_text()?, it.next()?.into_text()?))
            })
            .collect())
    }

    /// Ids of documents coded by another Readout version or other lexicons.
    pub fn stale(
        &mut self,
        readout_version: &str,
        lexicon_hash: &str,
    ) -> Result<Vec<String>, StoreError> {
        let rows = self.rows(
            "SELECT id FROM documents WHERE readout_version <> ? OR lexicon_hash <> ? ORDER BY id",
            &[readout_version.into(), lexicon_hash.into()],
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|r| r.into_iter().next().and_then(Value::into_text))
            .collect())
    }

    /// A stored document, as it was coded.
    pub fn document(&mut self, id: &str) -> Result<Option<DocumentOut>, StoreError> {
        let rows = self.rows(
            "SELECT document, text FROM documents WHERE id = ?",
            &[id.into()],
        )?;
        let Some(mut row) = rows.into_iter().next() else {
            return Ok(None);
        };
        let text = row.pop().and_then(Value::into_text).unwrap_or_default();
        match row.pop() {
            Some(Value::Text(json)) => {
                // the JSON is stored without its text, which the `text` column holds
                let mut v: serde_json::Value = serde_json::from_str(&json)?;
                if let Some(o) = v.as_object_mut() {
                    o.insert("text".into(), serde_json::Value::String(text));
                }
                Ok(Some(serde_json::from_value(v)?))
            }
            _ => Ok(None),
        }
    }

    /// The stored text and metadata of documents (for `recode`), by id.
    pub fn count(&mut self, table: &str) -> Result<i64, StoreError> {
        let table = match table {
            "documents" | "entities" | "mentions" | "events" | "quotes" | "sources" => table,
            _ => return Ok(0),
        };
        let rows = self.rows(&format!("SELECT COUNT(*) FROM {table}"), &[])?;
        Ok(rows
            .first()
            .and_then(|r| r.first())
            .and_then(Value::int)
            .unwrap_or(0))
    }

    /// Rows of a read-only query with `?` placeholders.
    pub fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError> {
        self.reconnect_if_closed()?;
        match &mut self.backend {
            Backend::Sqlite(conn) => sqlite_rows(conn, sql, params),
            Backend::Postgres(client) => {
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|v| v as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                let rows = client.query(pg_sql(sql).as_str(), &refs)?;
                pg_rows(&rows)
            }
        }
    }

    fn in_transaction(
        &mut self,
        f: impl FnOnce(&mut dyn Exec) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.reconnect_if_closed()?;
        match &mut self.backend {
            Backend::Sqlite(conn) => {
                let mut tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                f(&mut tx)?;
                tx.commit()?;
            }
            Backend::Postgres(client) => {
                let mut tx = client.transaction()?;
                f(&mut tx)?;
                tx.commit()?;
            }
        }
        Ok(())
    }

    pub(crate) fn is_sqlite(&self) -> bool {
        matches!(self.backend, Backend::Sqlite(_))
    }
}

fn migrate_with<T: Exec>(
    tx: &mut T,
    known: i64,
    backend_only: &[(i64, &str)],
    batch: impl Fn(&mut T, &str) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    batch(
        tx,
        "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
    )?;
    let current = tx
        .rows("SELECT MAX(version) FROM schema_version", &[])?
        .first()
        .and_then(|r| r.first())
        .and_then(Value::int)
        .unwrap_or(0);
    if current > known {
        return Err(StoreError::NewerSchema {
            found: current,
            known,
        });
    }
    for &(version, sql) in schema::MIGRATIONS {
        if version <= current {
            continue;
        }
        if !sql.is_empty() {
            batch(tx, sql)?;
        }
        for (_, own) in backend_only.iter().filter(|m| m.0 == version) {
            batch(tx, own)?;
        }
        tx.exec(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
            &[version.into(), now_utc().into()],
        )?;
    }
    Ok(())
}

/// Writers may run side by side (several `ingest` processes on one database, with overlapping
/// inputs): the document row is inserted first with `ON CONFLICT (id) DO NOTHING`, and its
/// other rows only when that inserted it, so a document another writer stored first (or is
/// storing: PostgreSQL waits for that transaction to end) counts as already present or as a
/// conflict, never as an error that loses the batch. Documents go in id order, so that two
/// batches sharing ids take their row locks in the same order and cannot deadlock.
fn put_with(
    tx: &mut (impl Exec + ?Sized),
    batch: &[Prepared],
    sqlite: bool,
) -> Result<Vec<PutOutcome>, StoreError> {
    let mut order: Vec<usize> = (0..batch.len()).collect();
    // stable: of one id twice in a batch, the first still comes first
    order.sort_by(|&a, &b| batch[a].id.cmp(&batch[b].id));
    // every slot is filled below: `order` visits each index once
    let mut out: Vec<PutOutcome> = vec![PutOutcome::Stored; batch.len()];
    let mut in_batch: std::collections::HashMap<&str, &str> = Default::default();
    for i in order {
        let d = &batch[i];
        let (id, hash) = (d.id.as_str(), d.text_hash.as_str());
        // the same id twice in one batch: the first one stands
        if let Some(&h) = in_batch.get(id) {
            out[i] = if h == hash {
                PutOutcome::AlreadyPresent
            } else {
                PutOutcome::Conflict(format!(
                    "id '{id}' appears twice in the input with different texts"
                ))
            };
            continue;
        }
        in_batch.insert(id, hash);
        if tx.exec(d.document.sql, &d.document.values)? == 0 {
            let existing = tx.rows("SELECT text_hash FROM documents WHERE id = ?", &[id.into()])?;
            let stored = existing
                .first()
                .and_then(|r| r.first())
                .and_then(Value::text);
            out[i] = if stored == Some(hash) {
                PutOutcome::AlreadyPresent
            } else {
                PutOutcome::Conflict(format!(
                    "id '{id}' is already stored with a different text; not stored"
                ))
            };
            continue;
        }
        if sqlite {
            for row in &d.rows {
                tx.exec(row.sql, &row.values)?;
            }
            // the index reads title and text from `documents` (external content): no copy
            tx.exec(
                "INSERT INTO documents_fts (rowid, title, text) \
                 SELECT rowid, title, text FROM documents WHERE id = ?",
                &[id.into()],
            )?;
        } else {
            insert_many(tx, &d.rows)?;
        }
        out[i] = PutOutcome::Stored;
    }
    Ok(out)
}

/// PostgreSQL answers each statement over the network, so a document's hundred-odd rows go
/// as one multi-row `INSERT` per table (in the rows' order) rather than one round trip each:
/// ingest into PostgreSQL was bound by those round trips (50 articles/s on loopback).
fn insert_many(tx: &mut (impl Exec + ?Sized), rows: &[rows::Insert]) -> Result<(), StoreError> {
    // PostgreSQL takes at most 65,535 parameters in one statement
    const MAX_PARAMS: usize = 65_535;
    let mut start = 0;
    while start < rows.len() {
        let sql = rows[start].sql;
        let width = rows[start].values.len().max(1);
        let mut end = start + 1;
        while end < rows.len() && rows[end].sql == sql && (end - start + 1) * width <= MAX_PARAMS {
            end += 1;
        }
        let group = &rows[start..end];
        match repeat_values(sql, group.len()).filter(|_| group.len() > 1) {
            Some(many) => {
                let values: Vec<Value> = group
                    .iter()
                    .flat_map(|r| r.values.iter().cloned())
                    .collect();
                tx.exec(&many, &values)?;
            }
            None => {
                for row in group {
                    tx.exec(row.sql, &row.values)?;
                }
            }
        }
        start = end;
    }
    Ok(())
}

/// `INSERT INTO t (a, b) VALUES (?, ?)` with its `VALUES` tuple repeated `n` times; `None`
/// for a statement that does not end with its one tuple (a trailing `ON CONFLICT`, say).
fn repeat_values(sql: &str, n: usize) -> Option<String> {
    let (head, tuple) = sql.rsplit_once("VALUES ")?;
    let tuple = tuple.trim();
    if !(tuple.starts_with('(') && tuple.ends_with(')') && tuple.matches('(').count() == 1) {
        return None;
    }
    let mut out = String::with_capacity(head.len() + 7 + n * (tuple.len() + 2));
    out.push_str(head);
    out.push_str("VALUES ");
    for i in 0..n {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(tuple);
    }
    Some(out)
}

/// Deletes a document and its rows; whether it was there.
fn delete_with(tx: &mut (impl Exec + ?Sized), id: &str, sqlite: bool) -> Result<bool, StoreError> {
    for table in ["mentions", "entities", "events", "quotes", "sources"] {
        tx.exec(
            &format!("DELETE FROM {table} WHERE doc_id = ?"),
            &[id.into()],
        )?;
    }
    if sqlite {
        // an external-content index forgets a row by being told its old values
        tx.exec(
            "INSERT INTO documents_fts (documents_fts, rowid, title, text) \
             SELECT 'delete', rowid, title, text FROM documents WHERE id = ?",
            &[id.into()],
        )?;
    }
    Ok(tx.exec("DELETE FROM documents WHERE id = ?", &[id.into()])? > 0)
}

impl Exec for &mut dyn Exec {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        (**self).exec(sql, params)
    }
    fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError> {
        (**self).rows(sql, params)
    }
}
