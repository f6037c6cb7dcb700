//! The HTTP server: routes, request limits, graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::json;
use warden_core::{AgentRef, Source};
use warden_store::{DataDir, Store, StoreError};

use crate::config::Config;
use crate::decide::Decider;
use crate::detect::Detection;
use crate::ingest;
use crate::mcp::routes as mcp_routes;
use crate::metrics::Metrics;
use crate::pipeline::Pipeline;
use crate::redact::Sealer;
use crate::{hooks, task_routes};

/// Everything `serve` needs.
pub struct ServeOptions {
    pub config: Config,
    pub data: DataDir,
    /// Told the bound address once the gateway accepts connections.
    pub on_ready: Option<tokio::sync::oneshot::Sender<SocketAddr>>,
}

pub struct AppState {
    pub(crate) pipeline: Pipeline,
    pub(crate) metrics: Metrics,
    pub(crate) mcp: crate::mcp::McpHub,
    /// Where recording runs, below the traffic (see `background`).
    pub(crate) background: crate::background::Background,
    /// Agent attributed to requests that present no credential (loopback default).
    pub(crate) local_agent: AgentRef,
    /// Agent identity: SVIDs, task tokens, delegation, revocation, secrets.
    pub(crate) identity: Arc<crate::identity::IdentityGate>,
    /// The model API proxy (`/llm/…`).
    pub(crate) llm: crate::llm::LlmHub,
    /// The OTLP/HTTP receiver (`/v1/traces`, `/v1/logs`).
    pub(crate) otlp: crate::otlp::OtlpState,
    /// Reviewer accounts and sessions (`review.db`).
    pub(crate) review: Arc<crate::review::ReviewStore>,
    /// The running sinks' counters, for `/metrics` (set once they start).
    pub(crate) sinks: std::sync::OnceLock<Vec<warden_sink::SinkHandle>>,
}

pub(crate) type Shared = Arc<AppState>;

/// Runs the gateway until `shutdown` resolves, then drains in-flight requests, signs a final
/// checkpoint and returns.
pub async fn serve(
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let config = options.config;
    let store_options = crate::fleet::store_options(&config)?;
    let data = options.data.clone();
    crate::listener::check_exposure(
        config.gateway.listen,
        config.gateway.tls.as_ref(),
        config.gateway.insecure_plaintext,
    )?;
    let tls = match &config.gateway.tls {
        Some(files) => Some(crate::listener::load_tls(files)?),
        None => None,
    };
    let store = tokio::task::spawn_blocking(move || Store::open(&data, store_options))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(config.gateway.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.gateway.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if !addr.ip().is_loopback() && tls.is_none() {
        tracing::warn!(%addr, "listening beyond loopback without TLS (insecure_plaintext): the API is reachable from the network in the clear");
    }
    // `warden serve` already created (and printed) the first admin; anyone else starting a
    // gateway finds its token in the data directory.
    let (review, first) = crate::review::bootstrap(
        options.data.root(),
        &config.review,
        config.store_url()?.as_ref(),
    )?;
    if let Some(first) = first {
        tracing::info!(file = %first.file.display(), "created the first reviewer admin; its token is in this file (0600)");
    }
    let mut state = build_state(&config, &options.data, store.clone(), addr)?;
    state.review = Arc::new(review);
    let state = Arc::new(state);
    let sinks = crate::sinks::start(
        &config.sinks,
        &options.data,
        &store,
        state.identity.service.clone(),
    )
    .await?;
    let _ = state.sinks.set(sinks.handles().to_vec());
    spawn_expiry(Arc::downgrade(&state));
    let fleet = match config.store_url()? {
        Some(url) => Some(crate::fleet::start(
            &state,
            &url,
            config.store.retention_days,
        )?),
        None => None,
    };
    if let Some(dir) = &config.policy.dir {
        crate::policy_watch::spawn(Arc::downgrade(&state), dir.clone());
    }
    let app = router(
        state.clone(),
        config.gateway.max_body_bytes,
        std::time::Duration::from_millis(config.gateway.request_timeout_ms),
    );
    tracing::info!(%addr, mode = config.gateway.mode.as_str(), data = %options.data.root().display(), "gateway ready");
    if let Some(tx) = options.on_ready {
        let _ = tx.send(addr);
    }
    let limits = crate::listener::Limits {
        header_timeout: std::time::Duration::from_millis(config.gateway.header_timeout_ms),
        max_connections: config.gateway.max_connections,
    };
    let listener_stats = state.metrics.listener.clone();
    crate::listener::serve(listener, app, tls, limits, listener_stats, shutdown).await;
    state.mcp.drain().await;
    let spool_state = state.clone();
    let _ = tokio::task::spawn_blocking(move || spool_state.pipeline.stop_spool()).await;
    sinks.stop().await;
    drop(fleet);
    drop(state);
    let size = tokio::task::spawn_blocking(move || store.close())
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    tracing::info!(log_size = size, "gateway stopped; final checkpoint signed");
    Ok(())
}

/// The gateway's state over an open store: policy, redaction, detection, pipeline, MCP tap.
/// `serve` and the embedded gateway (`warden mcp wrap` without a gateway) share it.
pub(crate) fn build_state(
    config: &Config,
    data: &DataDir,
    store: Store,
    addr: SocketAddr,
) -> Result<AppState, String> {
    let engine = match &config.policy.dir {
        Some(dir) => warden_policy::PolicyEngine::from_dir(dir)
            .map_err(|e| format!("cannot load the policy set in {}: {e}", dir.display()))?,
        None => warden_policy::default_engine()
            .map_err(|e| format!("the built-in policy set does not load: {e}"))?,
    };
    tracing::info!(
        version = engine.version(),
        policies = engine.policies().len(),
        "policy set loaded"
    );
    let sealer = Sealer::with_config(data, &config.redact)?;
    let secrets = sealer.secret_check();
    let decider = Decider::new(warden_policy::SharedEngine::new(engine), Default::default())
        .with_secrets(secrets.clone());
    let detection = Detection::new(config.detect.0.clone(), secrets);
    let service = match config.store_url()? {
        Some(url) => warden_identity::IdentityService::open_postgres(
            data.root(),
            config.identity.clone(),
            &url,
        ),
        None => warden_identity::IdentityService::open(data.root(), config.identity.clone()),
    }
    .map_err(|e| {
        format!(
            "cannot open the identity service in {}: {e}",
            data.root().display()
        )
    })?;
    let identity = Arc::new(crate::identity::IdentityGate::new(
        Arc::new(service),
        config.gateway.require_task_token,
        addr.ip().is_loopback(),
    ));
    let background = crate::background::Background::start();
    Ok(AppState {
        pipeline: Pipeline::new(
            store.clone(),
            config.gateway.mode,
            decider,
            detection,
            sealer,
            config.modes.clone(),
        )
        .with_identity(identity.clone())
        .with_spool(
            config
                .spool
                .dir
                .clone()
                .unwrap_or_else(|| data.root().join("spool")),
            &config.spool,
        )?,
        metrics: Metrics::default(),
        mcp: crate::mcp::McpHub::new(
            open_mcp_tap(
                data,
                config.store_url()?.as_ref(),
                addr,
                open_approvals(config, data)?,
            )?,
            config.mcp.upstreams.clone(),
        ),
        background,
        local_agent: AgentRef::unattested("local"),
        identity,
        llm: crate::llm::LlmHub::new(config.llm.clone()),
        otlp: crate::otlp::OtlpState::new(config.gateway.max_body_bytes),
        review: Arc::new(
            crate::review::ReviewStore::in_memory(config.review.session_ttl())
                .map_err(|e| e.to_string())?,
        ),
        sinks: std::sync::OnceLock::new(),
    })
}

/// Approval requests persisted in `approvals.db` (or the fleet's PostgreSQL), announced to the configured webhook (its
/// key from the config, else `keys/approval-webhook.key`, created on first use).
fn open_approvals(
    config: &Config,
    data: &DataDir,
) -> Result<Arc<crate::approvals::Approvals>, String> {
    let notifier = match &config.approvals.webhook {
        Some(hook) => {
            let secret = match &hook.secret {
                Some(s) => s.as_bytes().to_vec(),
                None => seal_key(&data.root().join("keys").join("approval-webhook.key"))?,
            };
            Some(crate::approvals::webhook::Notifier::start(
                hook.clone(),
                secret,
            )?)
        }
        None => None,
    };
    let db: Arc<dyn crate::approvals::ApprovalDb> = match config.store_url()? {
        Some(url) => Arc::new(crate::approvals::store_pg::PgApprovals::open(&url)?),
        None => Arc::new(crate::approvals::SqliteApprovals::open(
            &data.root().join("approvals.db"),
        )?),
    };
    Ok(Arc::new(crate::approvals::Approvals::persistent(
        db,
        config.approvals.clone(),
        notifier,
    )?))
}

/// The MCP tap over this data directory: pins (see [`open_pins`]), the key that seals
/// `input_required` request states in `keys/mcp-seal.key` (created on first use).
pub fn open_mcp_tap(
    data: &DataDir,
    store_url: Option<&warden_store::PgUrl>,
    addr: SocketAddr,
    approvals: Arc<crate::approvals::Approvals>,
) -> Result<crate::mcp::McpTap, String> {
    let pins = open_pins(data, store_url)?;
    let key = seal_key(&data.root().join("keys").join("mcp-seal.key"))?;
    let mut tap = crate::mcp::McpTap::new(pins, &key, approvals);
    tap.approval_url = format!("http://{addr}/v1/approvals/");
    Ok(tap)
}

/// MCP tool pins: in the fleet's PostgreSQL when there is one, else in `<data>/mcp-pins.db`.
pub fn open_pins(
    data: &DataDir,
    store_url: Option<&warden_store::PgUrl>,
) -> Result<warden_mcp::pins::PinStore, String> {
    match store_url {
        Some(url) => warden_mcp::pins::PinStore::open_postgres(url),
        None => warden_mcp::pins::PinStore::open(&data.root().join("mcp-pins.db")),
    }
    .map_err(|e| e.to_string())
}

fn seal_key(path: &std::path::Path) -> Result<Vec<u8>, String> {
    if let Ok(k) = std::fs::read(path) {
        if k.len() >= 32 {
            return Ok(k);
        }
    }
    let mut key = vec![0u8; 32];
    getrandom::fill(&mut key).map_err(|e| format!("no randomness for the MCP seal key: {e}"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    write_private(path, &key).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(key)
}

fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Sweeps detection state of idle sessions once a minute, until the gateway stops.
fn spawn_expiry(state: std::sync::Weak<AppState>) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            let Some(state) = state.upgrade() else { return };
            state.pipeline.detection().expire(crate::pipeline::now());
        }
    });
}

fn router(state: Shared, max_body: usize, timeout: std::time::Duration) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/v1/events", post(post_events))
        .route("/v1/hooks/{agent}", post(hooks::post_hook))
        .route("/v1/alerts", get(get_alerts))
        .route("/v1/hash", post(post_hash))
        .route("/v1/tasks", post(task_routes::declare))
        .route("/v1/tasks/{id}", get(task_routes::get))
        .route("/v1/tasks/{id}/end", post(task_routes::end))
        .route("/v1/bundle", get(crate::identity::bundle))
        .route("/v1/svid", post(crate::identity::svid))
        .route("/v1/token", post(crate::identity::token))
        .route("/v1/secrets/release", post(crate::identity::release_route))
        .route("/v1/mcp/connections", post(mcp_routes::open_connection))
        .route(
            "/v1/mcp/connections/{id}/messages",
            post(mcp_routes::messages),
        )
        .route("/v1/mcp/pins", get(mcp_routes::list_pins))
        .route(
            "/v1/mcp/pins/{server}/approve",
            post(mcp_routes::approve_pins),
        )
        .route("/v1/approvals", get(mcp_routes::list_approvals))
        .route(
            "/v1/approvals/{id}/{verb}",
            post(mcp_routes::decide_approval),
        )
        .route("/v1/traces", post(crate::otlp::traces))
        .route("/v1/logs", post(crate::otlp::logs))
        .merge(crate::review::routes::router())
        .layer(DefaultBodyLimit::max(max_body))
        // A request (body included) that takes longer than this is answered 408 and dropped: a
        // client trickling a body cannot hold a handler. Longer than any decision budget.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .with_state(state.clone())
        // Routes that may rightly take long (a call held for approval, an SSE stream, a
        // long-poll) are outside the request timeout.
        .merge(long_routes(state.clone(), max_body))
        .merge(crate::ui::routes(state))
        .layer(axum::middleware::from_fn(crate::review::auth::form_csrf))
}

fn long_routes(state: Shared, max_body: usize) -> Router {
    Router::new()
        .route("/mcp/{name}", axum::routing::any(crate::mcp::http::handle))
        .route(
            "/v1/mcp/connections/{id}/client",
            post(mcp_routes::client_message),
        )
        .route(
            "/v1/mcp/connections/{id}/release",
            post(mcp_routes::release),
        )
        .route("/v1/approvals/{id}", get(mcp_routes::get_approval))
        .route(
            "/v1/approvals/{id}/status",
            get(mcp_routes::approval_status),
        )
        // Model API streams last as long as the model writes.
        .route(
            "/llm/openai/v1/{*rest}",
            axum::routing::any(crate::llm::openai),
        )
        .route(
            "/llm/anthropic/v1/{*rest}",
            axum::routing::any(crate::llm::anthropic),
        )
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

/// `GET /v1/alerts?session=&task=&agent=&rule=&min_severity=&limit=` (viewer); it never
/// serves event bodies, only alerts.
async fn get_alerts(
    State(state): State<Shared>,
    _: crate::review::RequireViewer,
    axum::extract::Query(q): axum::extract::Query<crate::alerts::AlertQuery>,
) -> Response {
    let store = state.pipeline.store().clone();
    let result = tokio::task::spawn_blocking(move || {
        let reader = store.open_reader().map_err(|e| e.to_string())?;
        crate::alerts::list(reader.as_ref(), &q)
    })
    .await;
    match result {
        Ok(Ok(alerts)) => Json(json!({"alerts": alerts})).into_response(),
        Ok(Err(e)) => error(StatusCode::BAD_REQUEST, &e, None),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string(), None),
    }
}

/// `POST /v1/hash` `{"value": "…"}` → `{"reference": "hmac-sha256:<current version>:<hex>",
/// "references": [one per key version]}`: what `warden hash VALUE` prints, for reviewers
/// looking up where a known secret went (`warden events --ref`). The value is never logged,
/// recorded nor echoed, not even in an error. Reviewers only (viewer).
async fn post_hash(
    State(state): State<Shared>,
    _: crate::review::RequireViewer,
    body: Bytes,
) -> Response {
    #[derive(serde::Deserialize)]
    struct HashRequest {
        value: String,
    }
    // The parser's message could quote the value: answer with a fixed one.
    let Ok(req) = serde_json::from_slice::<HashRequest>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "expected a JSON object {\"value\": \"…\"} with a string value",
            None,
        );
    };
    if req.value.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "nothing to hash: value is empty",
            None,
        );
    }
    let redactor = state.pipeline.sealer().redactor();
    Json(json!({
        "reference": redactor.hash_value(&req.value),
        "references": redactor.references_for_all_versions(&req.value),
    }))
    .into_response()
}

async fn healthz(State(state): State<Shared>) -> Response {
    let size = state
        .pipeline
        .store()
        .stats()
        .tree_size
        .load(Ordering::Relaxed);
    Json(json!({"status": "ok", "mode": state.pipeline.mode().as_str(), "log_size": size}))
        .into_response()
}

async fn metrics(State(state): State<Shared>) -> Response {
    let mut body = state.metrics.render(
        state.pipeline.store(),
        state.pipeline.record_stats(),
        state.pipeline.mode().as_str(),
    );
    if let Some(sinks) = state.sinks.get() {
        let size = state
            .pipeline
            .store()
            .stats()
            .tree_size
            .load(Ordering::Relaxed);
        warden_sink::service::render_metrics(sinks, size, &mut body);
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

async fn post_events(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let started = Instant::now();
    state
        .metrics
        .ingest_requests
        .fetch_add(1, Ordering::Relaxed);
    let ndjson = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.starts_with("application/x-ndjson") || ct.starts_with("application/jsonl")
        });
    let drafts = match ingest::parse_request(&body, ndjson) {
        Ok(d) => d,
        Err(e) => {
            state
                .metrics
                .ingest_rejected
                .fetch_add(1, Ordering::Relaxed);
            return error(StatusCode::BAD_REQUEST, &e.to_string(), e.index);
        }
    };
    match state
        .pipeline
        .record(drafts, Source::Api, &state.local_agent)
        .await
    {
        Ok(receipts) => {
            state
                .metrics
                .events_ingested
                .fetch_add(receipts.len() as u64, Ordering::Relaxed);
            state
                .metrics
                .observe_latency(started.elapsed().as_micros() as u64);
            let ids: Vec<String> = receipts.iter().map(|r| r.id.to_string()).collect();
            let first = receipts.first().map(|r| r.seq);
            Json(json!({"ids": ids, "first_seq": first})).into_response()
        }
        Err(StoreError::DuplicateId(id)) => {
            state
                .metrics
                .ingest_rejected
                .fetch_add(1, Ordering::Relaxed);
            error(
                StatusCode::CONFLICT,
                &format!("event {id} is already recorded; nothing from this request was written"),
                None,
            )
        }
        Err(e) => {
            state.metrics.ingest_failed.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error = %e, "recording failed");
            error(StatusCode::SERVICE_UNAVAILABLE, &format!("the audit log could not record the events; nothing from this request was written: {e}"), None)
        }
    }
}

pub(crate) fn error(status: StatusCode, message: &str, index: Option<usize>) -> Response {
    let mut body = json!({"error": message});
    if let Some(i) = index {
        body["index"] = json!(i);
    }
    (status, Json(body)).into_response()
}
