//! `readout serve`: the HTTP API over the pipeline and a store. Handlers run the pipeline and
//! the (blocking) store on Tokio's blocking pool; errors are JSON with the right status.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use clap::Args;
use readout_core::{Article, Pipeline};
use readout_store::{
    EntityFilter, EventFilter, NewDocument, Period, PutOutcome, QuoteFilter, SearchFilter, Store,
};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::OpenApi;

use crate::code::{load_pipeline, EXIT_FAILED, EXIT_USAGE};
use crate::ingest::{document_id, lexicon_hash, DEFAULT_DB};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store: `sqlite:PATH` (default sqlite:readout.db) or `postgres://...`.
    #[arg(long, value_name = "URL", default_value = DEFAULT_DB, env = "READOUT_DB")]
    pub db: String,
    /// Address to listen on; port 0 picks a free one (printed on start).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token required to store documents. Required when not bound to loopback.
    #[arg(long, value_name = "TOKEN", env = "READOUT_TOKEN")]
    pub token: Option<String>,
    /// Largest request body, in bytes (larger ones get 413).
    #[arg(long, value_name = "BYTES", value_parser = crate::cli::parse_size, default_value = "10MB")]
    pub max_body: u64,
    /// Extra lexicon files (TOML), as for `code`.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,
    /// A request that takes longer (a slow client sending its body, say) gets 408; a
    /// connection that has not sent a whole request head this long after opening, or after its
    /// last answer, is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub request_timeout: u64,
    /// Articles coded at once [default: twice the cores, so that reading requests and writing
    /// answers overlap the coding]; further requests wait their turn.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
}

struct AppState {
    pipeline: Pipeline,
    /// Coding and store work runs on Tokio's blocking pool, which adds a thread for every task
    /// that finds none free: 32 clients made ~100 threads and a gigabyte of per-thread heaps
    /// (docs/performance.md). Turns bound the tasks to twice the cores (and one for the store,
    /// which serves one caller at a time anyway); requests wait for a turn instead.
    coding_turns: tokio::sync::Semaphore,
    store_turn: tokio::sync::Semaphore,
    store: Mutex<Store>,
    token: Option<String>,
    lexicon_hash: String,
}

type Shared = Arc<AppState>;

/// An API error: a status and a message, sent as `{"error": message}`.
struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

fn bad_request(m: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, m.into())
}

/// Checks the date bounds of a question, so that a mistyped date is a 400, not an empty answer.
fn check_dates(bounds: &[(&str, &Option<String>)]) -> Result<(), ApiError> {
    for (name, value) in bounds {
        if let Some(v) = value {
            let parsed = if *name == "month" {
                crate::cli::parse_month(v)
            } else {
                crate::cli::parse_date_bound(v)
            };
            parsed.map_err(|e| bad_request(format!("{name}: {e}")))?;
        }
    }
    Ok(())
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// Changing the store (storing, deleting) needs the server's token when it has one.
fn require_token(state: &Shared, headers: &HeaderMap, what: &str) -> Result<(), ApiError> {
    let Some(token) = &state.token else {
        return Ok(());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    // compared in constant time, so that response times do not reveal how much of a guess
    // was right
    if given.is_some_and(|g| constant_time_eq::constant_time_eq(g.as_bytes(), token.as_bytes())) {
        Ok(())
    } else {
        Err(ApiError(
            StatusCode::UNAUTHORIZED,
            format!("{what} needs the server's token (Authorization: Bearer TOKEN)"),
        ))
    }
}

/// Runs `f` on the store from the blocking pool.
async fn with_store<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&mut Store) -> Result<T, readout_store::StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    let _turn = state.store_turn.acquire().await.map_err(internal)?;
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let mut store = state
            .store
            .lock()
            .map_err(|_| internal("the store is unusable after an earlier failure"))?;
        f(&mut store).map_err(internal)
    })
    .await
    .map_err(internal)?
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct CodeParams {
    /// publication date (YYYY-MM-DD) of a text/plain body
    published: Option<String>,
    /// title of a text/plain body
    title: Option<String>,
    /// also keep the coded document in the store
    #[serde(default)]
    store: bool,
}

/// Code one article: text/plain, text/html or an article object (application/json).
#[utoipa::path(post, path = "/api/code", params(CodeParams),
    request_body(content = String, description = "the article", content_type = "text/plain"),
    responses((status = 200, description = "the readout/1 document"),
              (status = 400, description = "unreadable article"),
              (status = 401, description = "storing needs the token"),
              (status = 413, description = "body over the limit")))]
async fn code(
    State(state): State<Shared>,
    Query(params): Query<CodeParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if params.store {
        require_token(&state, &headers, "storing")?;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/plain")
        .to_ascii_lowercase();
    let published = params
        .published
        .as_deref()
        .map(crate::cli::parse_published)
        .transpose()
        .map_err(bad_request)?;
    let article = if content_type.starts_with("application/json") {
        // an article object, read exactly as a JSONL line is
        let opts = crate::input::ReadOptions {
            max_bytes: body.len() as u64,
            lossy: false,
            published,
        };
        crate::input::parse_article_line(&body, &opts)
            .map_err(|f| bad_request(format!("not an article: {}", f.message)))?
    } else if content_type.starts_with("text/html") {
        let page = readout_html::read_page(&body, Some(&content_type))
            .map_err(|e| bad_request(format!("cannot read the page: {e}")))?;
        Article {
            id: page.url.clone(),
            title: page.title.or(params.title),
            source: page.site,
            url: page.url,
            published: page
                .published
                .as_deref()
                .and_then(|p| crate::cli::parse_published(p).ok())
                .or(published),
            text: page.text,
        }
    } else {
        let text = String::from_utf8(body.to_vec())
            .map_err(|e| bad_request(format!("the body is not UTF-8: {e}")))?;
        Article {
            title: params.title,
            published,
            text,
            ..Default::default()
        }
    };
    let turn = state.coding_turns.acquire().await.map_err(internal)?;
    let coder = state.clone();
    let doc = tokio::task::spawn_blocking(move || coder.pipeline.code(&article))
        .await
        .map_err(internal)?;
    drop(turn);
    let mut stored = None;
    if params.store {
        let doc = doc.clone();
        let hash = state.lexicon_hash.clone();
        let outcome = with_store(&state, move |store| {
            let id = document_id(&doc);
            store.put(&[NewDocument {
                doc: &doc,
                id: &id,
                readout_version: env!("CARGO_PKG_VERSION"),
                lexicon_hash: &hash,
            }])
        })
        .await?;
        match outcome.into_iter().next() {
            Some(PutOutcome::Conflict(why)) => return Err(ApiError(StatusCode::CONFLICT, why)),
            Some(PutOutcome::Stored) => stored = Some("stored"),
            _ => stored = Some("already present"),
        }
    }
    let mut response = Json(doc).into_response();
    if let Some(s) = stored {
        response
            .headers_mut()
            .insert("x-readout-store", header::HeaderValue::from_static(s));
    }
    Ok(response)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct Page {
    limit: Option<usize>,
    offset: Option<usize>,
}

/// Stored documents, newest first: id, title, date, URL.
#[utoipa::path(get, path = "/api/documents", params(Page),
    responses((status = 200, description = "documents")))]
async fn documents(
    State(state): State<Shared>,
    Query(page): Query<Page>,
) -> Result<Json<Value>, ApiError> {
    let limit = page.limit.unwrap_or(50).min(1000);
    let offset = page.offset.unwrap_or(0);
    let rows = with_store(&state, move |s| {
        s.rows(
            "SELECT id, title, published, url FROM documents \
             ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
            &[limit.into(), offset.into()],
        )
    })
    .await?;
    let list: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            let t = |i: usize| r.get(i).and_then(|v| v.text()).map(String::from);
            json!({"id": t(0), "title": t(1), "published": t(2), "url": t(3)})
        })
        .collect();
    Ok(Json(
        json!({ "documents": list, "limit": limit, "offset": offset }),
    ))
}

/// One stored document, as it was coded (readout/1).
#[utoipa::path(get, path = "/api/documents/{id}",
    params(("id" = String, Path, description = "document id")),
    responses((status = 200, description = "the readout/1 document"),
              (status = 404, description = "no such document")))]
async fn document(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let wanted = id.clone();
    match with_store(&state, move |s| s.document(&wanted)).await? {
        Some(doc) => Ok(Json(doc).into_response()),
        None => Err(ApiError(
            StatusCode::NOT_FOUND,
            format!("no document with id '{id}'"),
        )),
    }
}

/// Remove a stored document and everything coded from it (needs the token when the server has one).
#[utoipa::path(delete, path = "/api/documents/{id}",
    params(("id" = String, Path, description = "document id")),
    responses((status = 204, description = "deleted"),
              (status = 401, description = "deleting needs the token"),
              (status = 404, description = "no such document")))]
async fn delete_document(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    require_token(&state, &headers, "deleting")?;
    let wanted = id.clone();
    if with_store(&state, move |s| s.delete(&wanted)).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError(
            StatusCode::NOT_FOUND,
            format!("no document with id '{id}'"),
        ))
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct EventParams {
    actor: Option<String>,
    recipient: Option<String>,
    #[serde(default)]
    both: bool,
    from: Option<String>,
    to: Option<String>,
    /// events the month view of the timeline counts in this month (YYYY-MM)
    month: Option<String>,
    plover: Option<String>,
    cameo: Option<String>,
    status: Option<String>,
    document: Option<String>,
    limit: Option<usize>,
}

/// Events, filtered as `readout events` filters them.
#[utoipa::path(get, path = "/api/events", params(EventParams),
    responses((status = 200, description = "events")))]
async fn events(
    State(state): State<Shared>,
    Query(p): Query<EventParams>,
) -> Result<Json<Value>, ApiError> {
    check_dates(&[("from", &p.from), ("to", &p.to), ("month", &p.month)])?;
    let filter = EventFilter {
        actor: p.actor,
        recipient: p.recipient,
        both_directions: p.both,
        from: p.from,
        to: p.to,
        month: p.month,
        plover: p.plover,
        cameo_root: p.cameo,
        status: p.status,
        doc_id: p.document,
        limit: Some(p.limit.unwrap_or(100).min(10_000)),
    };
    let rows = with_store(&state, move |s| s.events(&filter)).await?;
    Ok(Json(json!({ "events": rows })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct QuoteParams {
    speaker: Option<String>,
    country: Option<String>,
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: Option<usize>,
}

/// Quotes, by speaker or the speaker's country.
#[utoipa::path(get, path = "/api/quotes", params(QuoteParams),
    responses((status = 200, description = "quotes")))]
async fn quotes(
    State(state): State<Shared>,
    Query(p): Query<QuoteParams>,
) -> Result<Json<Value>, ApiError> {
    check_dates(&[("from", &p.from), ("to", &p.to)])?;
    let filter = QuoteFilter {
        speaker: p.speaker,
        country: p.country,
        kind: p.kind,
        from: p.from,
        to: p.to,
        limit: Some(p.limit.unwrap_or(100).min(10_000)),
    };
    let rows = with_store(&state, move |s| s.quotes(&filter)).await?;
    Ok(Json(json!({ "quotes": rows })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct EntityParams {
    kind: Option<String>,
    country: Option<String>,
    name: Option<String>,
    limit: Option<usize>,
}

/// Entities over the store, most named first.
#[utoipa::path(get, path = "/api/entities", params(EntityParams),
    responses((status = 200, description = "entities")))]
async fn entities(
    State(state): State<Shared>,
    Query(p): Query<EntityParams>,
) -> Result<Json<Value>, ApiError> {
    let filter = EntityFilter {
        kind: p.kind,
        country: p.country,
        name: p.name,
        limit: Some(p.limit.unwrap_or(50).min(10_000)),
    };
    let rows = with_store(&state, move |s| s.entities(&filter)).await?;
    Ok(Json(json!({ "entities": rows })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct TimelineParams {
    a: String,
    b: String,
    /// day, month (default) or year
    by: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// How the relation between two actors moves, both directions.
#[utoipa::path(get, path = "/api/timeline", params(TimelineParams),
    responses((status = 200, description = "periods"), (status = 400, description = "bad 'by'")))]
async fn timeline(
    State(state): State<Shared>,
    Query(p): Query<TimelineParams>,
) -> Result<Json<Value>, ApiError> {
    check_dates(&[("from", &p.from), ("to", &p.to)])?;
    let by = match p.by.as_deref().unwrap_or("month") {
        "day" => Period::Day,
        "month" => Period::Month,
        "year" => Period::Year,
        other => {
            return Err(bad_request(format!(
                "by must be day, month or year, not '{other}'"
            )))
        }
    };
    let rows = with_store(&state, move |s| {
        s.timeline(&p.a, &p.b, by, p.from.as_deref(), p.to.as_deref())
    })
    .await?;
    Ok(Json(json!({ "timeline": rows })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct SearchParams {
    /// words that must all be in one sentence (or the title)
    q: String,
    /// published on or after (YYYY, YYYY-MM or YYYY-MM-DD)
    from: Option<String>,
    /// published on or before
    to: Option<String>,
    /// with an event whose actor or recipient is this (code or name)
    actor: Option<String>,
    limit: Option<usize>,
}

/// Full-text search, with the matching sentences.
#[utoipa::path(get, path = "/api/search", params(SearchParams),
    responses((status = 200, description = "hits")))]
async fn search(
    State(state): State<Shared>,
    Query(p): Query<SearchParams>,
) -> Result<Json<Value>, ApiError> {
    check_dates(&[("from", &p.from), ("to", &p.to)])?;
    let filter = SearchFilter {
        query: p.q,
        from: p.from,
        to: p.to,
        actor: p.actor,
        limit: Some(p.limit.unwrap_or(20).min(1000)),
    };
    let hits = with_store(&state, move |s| s.search(&filter)).await?;
    Ok(Json(json!({ "hits": hits })))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Readout API",
        description = "Code news articles into readout/1 records, and ask a store of them."
    ),
    paths(
        code,
        documents,
        document,
        delete_document,
        events,
        quotes,
        entities,
        timeline,
        search
    )
)]
struct ApiDoc;

async fn openapi() -> Response {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    Json(doc).into_response()
}

/// Errors that axum or tower-http answer themselves (a rejected query string, 405, 408, 413) come
/// as plain text or nothing; clients get every error as `{"error": message}`.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    let mut json = ApiError(status, message).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            json.headers_mut().insert(name.clone(), value.clone());
        }
    }
    json
}

async fn not_found() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "no such endpoint".into())
}

fn router(state: Shared, max_body: usize, timeout: std::time::Duration) -> Router {
    Router::new()
        .route("/api/code", post(code))
        .route("/api/documents", get(documents))
        .route("/api/documents/{id}", get(document).delete(delete_document))
        .route("/api/events", get(events))
        .route("/api/quotes", get(quotes))
        .route("/api/entities", get(entities))
        .route("/api/timeline", get(timeline))
        .route("/api/search", get(search))
        .route("/api/openapi.json", get(openapi))
        .merge(crate::web::routes())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(axum::middleware::map_response(json_errors))
        // no inline scripts, nothing from elsewhere: the dashboard's pages are held to this
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(
                "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            ),
        ))
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            header::HeaderValue::from_static("nosniff"),
        ))
        .with_state(state)
}

/// Ctrl-C or SIGTERM (what service managers and `kill` send): stop accepting, finish what runs.
async fn stop() {
    let mut terminate =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
}

fn error(message: impl std::fmt::Display) {
    eprintln!("readout: {message}");
}

/// Serves `app` on `listener` until `stop` ends, then lets the requests under way finish.
///
/// Not `axum::serve`: it gives hyper no timer, and without one hyper's header-read timeout
/// never fires, so a client that connects and sends nothing, half a request line, or nothing
/// more after an answer holds its connection (and a file descriptor) for ever; a thousand
/// such clients exhaust the server. Here a connection that has not sent a whole request head
/// within `header_timeout` of opening, or of its last answer, is closed. The body is the
/// router's timeout (408).
///
/// Stopping closes the connections that never asked anything at once: hyper's graceful
/// shutdown counts a connection as busy until its first request is done, so it would wait the
/// whole header timeout for a client that never sends one.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    header_timeout: std::time::Duration,
    stop: impl std::future::Future<Output = ()>,
) {
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(header_timeout);
    let (stopping, stop_seen) = tokio::sync::watch::channel(());
    // each connection holds a receiver: when none is left, every connection has ended
    let (all_ended, open) = tokio::sync::watch::channel(());
    let mut stop = std::pin::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let asked = Arc::new(AtomicBool::new(false));
        let router = hyper_util::service::TowerToHyperService::new(app.clone());
        let service = {
            let asked = asked.clone();
            hyper::service::service_fn(move |request| {
                asked.store(true, Ordering::Relaxed);
                hyper::service::Service::call(&router, request)
            })
        };
        let (mut stop_seen, open) = (stop_seen.clone(), open.clone());
        let http = http.clone();
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(
                http.serve_connection(hyper_util::rt::TokioIo::new(stream), service)
            );
            // a connection's errors (a client gone, a malformed request, a timeout) are its own
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = stop_seen.changed() => {}
            }
            if asked.load(Ordering::Relaxed) {
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
            }
            drop(open);
        });
    }
    drop(listener);
    let _ = stopping.send(());
    drop(open);
    all_ended.closed().await;
}

/// A client that gave up before being accepted is no error; running out of file descriptors
/// (or memory) is, and accepting at once again would fail at once again: wait a little, as
/// connections close.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    error(format_args!("cannot accept a connection: {e}"));
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
}

/// Every connection is a file descriptor, and the usual soft limit (1,024) is under what a
/// server is asked to hold; the hard limit is what the administrator allows, so take it all.
fn raise_open_file_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct they are given. Failing
    // leaves the limit as it was, which is no reason not to serve.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

pub fn run(args: ServeArgs) -> u8 {
    if !args.addr.ip().is_loopback() && args.token.is_none() {
        error(format_args!(
            "binding to {} (not loopback) needs --token, so that nobody else can store documents",
            args.addr
        ));
        return EXIT_USAGE;
    }
    let hash = match lexicon_hash(&args.lexicon) {
        Ok(h) => h,
        Err(m) => {
            error(m);
            return EXIT_USAGE;
        }
    };
    let pipeline = match load_pipeline(&args.lexicon) {
        Ok(p) => p,
        Err(m) => {
            error(m);
            return EXIT_USAGE;
        }
    };
    let store = match Store::open(&args.db) {
        Ok(s) => s,
        Err(e) => {
            error(format_args!(
                "cannot open the store {}: {e}",
                readout_store::redacted(&args.db)
            ));
            return EXIT_USAGE;
        }
    };
    raise_open_file_limit();
    let jobs = args.jobs.map_or_else(
        || 2 * std::thread::available_parallelism().map_or(1, |n| n.get()),
        |n| n.get(),
    );
    let state = Arc::new(AppState {
        pipeline,
        coding_turns: tokio::sync::Semaphore::new(jobs),
        store_turn: tokio::sync::Semaphore::new(1),
        store: Mutex::new(store),
        token: args.token,
        lexicon_hash: hash,
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            error(format_args!("cannot start the server: {e}"));
            return EXIT_FAILED;
        }
    };
    let max_body = usize::try_from(args.max_body).unwrap_or(usize::MAX);
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(args.addr).await {
            Ok(l) => l,
            Err(e) => {
                error(format_args!("cannot listen on {}: {e}", args.addr));
                return EXIT_USAGE;
            }
        };
        let bound = listener.local_addr().map_or(args.addr, |a| a);
        // the first line on stdout says where (scripts and tests read the port from it)
        println!(
            "readout: listening on http://{bound} — store {}",
            readout_store::redacted(&args.db)
        );
        let timeout = std::time::Duration::from_secs(args.request_timeout.max(1));
        serve_connections(listener, router(state, max_body, timeout), timeout, stop()).await;
        0
    })
}
