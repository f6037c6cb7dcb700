//! Streamable HTTP transport of the test peer at `/mcp`, both spec eras on one endpoint.
//!
//! Stateful era (`2025-11-25` and earlier): `initialize` creates a session (`Mcp-Session-Id`);
//! each request gets its own SSE response stream that starts with a priming event (id + empty
//! data + `retry`), carries notifications and server→client requests, and ends with the
//! response. Every event is kept per stream so a client can resume with `GET` + `Last-Event-ID`
//! (SEP-1699). `DELETE` ends the session; later requests on it get 404.
//!
//! Stateless era (`2026-07-28`): a request without a session whose `MCP-Protocol-Version` header
//! is not a stateful version is validated per request (`_meta`, `Mcp-Method`/`Mcp-Name`) and
//! answered with JSON (or SSE when it produced notifications); `subscriptions/listen` is a
//! long-lived SSE stream.
//!
//! Every request must carry a localhost `Host` (and `Origin`, when present): DNS-rebinding
//! protection. `--allow-host` adds names for when the peer sits behind a proxy.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicU8};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::protocol::{self, lock, Ctx, Era, Out, Outbox, Pending, RpcError, Shared};

/// Options of the HTTP server.
#[derive(Debug, Clone, Default)]
pub struct HttpOptions {
    /// Extra host names (without port) accepted in `Host`/`Origin` besides localhost.
    pub allowed_hosts: Vec<String>,
}

struct StreamBuf {
    events: Vec<(u64, String)>,
    live: Option<mpsc::UnboundedSender<Bytes>>,
    done: bool,
}

struct Session {
    client_caps: Value,
    log_level: Arc<AtomicU8>,
    pending: Pending,
    next_id: Arc<AtomicU64>,
    streams: Mutex<(u64, HashMap<u64, StreamBuf>)>,
    standalone: Mutex<Option<mpsc::UnboundedSender<Bytes>>>,
}

struct App {
    shared: Arc<Shared>,
    sessions: Mutex<HashMap<String, Arc<Session>>>,
    allowed_hosts: HashSet<String>,
}

/// A running HTTP test peer.
pub struct HttpPeer {
    pub addr: SocketAddr,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl HttpPeer {
    /// The MCP endpoint URL.
    pub fn url(&self) -> String {
        format!("http://{}/mcp", self.addr)
    }
}

/// Bind `listen` and serve in the background.
pub async fn spawn(listen: SocketAddr, opts: HttpOptions) -> std::io::Result<HttpPeer> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move { axum::serve(listener, router(opts)).await });
    Ok(HttpPeer { addr, task })
}

pub fn router(opts: HttpOptions) -> Router {
    let mut allowed: HashSet<String> = ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    allowed.extend(opts.allowed_hosts.iter().map(|h| h.to_ascii_lowercase()));
    let app = Arc::new(App {
        shared: Arc::new(Shared::new()),
        sessions: Mutex::new(HashMap::new()),
        allowed_hosts: allowed,
    });
    Router::new()
        .route("/mcp", post(post_mcp).get(get_mcp).delete(delete_mcp))
        .with_state(app)
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn host_part(hostport: &str) -> String {
    let h = hostport.trim().to_ascii_lowercase();
    if h.starts_with('[') {
        return match h.find(']') {
            Some(i) => h[..=i].to_string(),
            None => h,
        };
    }
    match h.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host.to_string(),
        _ => h,
    }
}

/// DNS-rebinding protection: Host and Origin must name an allowed (by default loopback) host.
fn check_origin(app: &App, headers: &HeaderMap) -> Option<Response> {
    let host = header(headers, "host").map(|h| host_part(&h));
    let host_ok = host
        .as_deref()
        .is_some_and(|h| app.allowed_hosts.contains(h));
    let origin_ok = match header(headers, "origin") {
        None => true,
        Some(o) => {
            let rest = o.split_once("://").map(|(_, r)| r).unwrap_or(&o);
            app.allowed_hosts
                .contains(&host_part(rest.split('/').next().unwrap_or("")))
        }
    };
    if host_ok && origin_ok {
        return None;
    }
    Some(json_response(
        StatusCode::FORBIDDEN,
        &json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32600,
            "message": "Forbidden: Host/Origin is not a local address (DNS rebinding protection); start the peer with --allow-host NAME to accept it"}}),
        None,
    ))
}

fn json_response(status: StatusCode, body: &Value, session: Option<&str>) -> Response {
    let mut r = (
        status,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response();
    if let Some(s) = session {
        if let Ok(v) = HeaderValue::from_str(s) {
            r.headers_mut().insert("mcp-session-id", v);
        }
    }
    r
}

fn error_response(id: &Value, err: RpcError) -> Response {
    let status = StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    json_response(status, &protocol::response(id, Err(err)), None)
}

fn sse_response(rx: mpsc::UnboundedReceiver<Bytes>) -> Response {
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (Ok::<_, Infallible>(b), rx))
    });
    Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "text/event-stream")
        .header("cache-control", "no-cache")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn sse_event(id: Option<&str>, data: &str) -> Bytes {
    let mut s = String::new();
    if let Some(id) = id {
        s.push_str("id: ");
        s.push_str(id);
        s.push('\n');
    }
    s.push_str("event: message\ndata: ");
    s.push_str(data);
    s.push_str("\n\n");
    Bytes::from(s)
}

fn is_stateful_version(v: Option<&str>) -> bool {
    match v {
        None => true,
        Some(v) => protocol::STATEFUL_VERSIONS.contains(&v.trim()),
    }
}

async fn post_mcp(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = check_origin(&app, &headers) {
        return r;
    }
    let msg: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return error_response(&Value::Null, RpcError::parse(format!("Parse error: {e}")))
        }
    };
    if !msg.is_object() {
        return error_response(
            &Value::Null,
            RpcError::invalid_request(
                "Invalid Request: expected one JSON-RPC object (batches are not supported)",
            ),
        );
    }
    if let Some(sid) = header(&headers, "mcp-session-id") {
        let session = lock(&app.sessions).get(&sid).cloned();
        return match session {
            Some(s) => stateful_post(&app, s, msg).await,
            None => json_response(
                StatusCode::NOT_FOUND,
                &json!({"jsonrpc": "2.0", "id": msg.get("id").cloned().unwrap_or(Value::Null),
                    "error": {"code": -32001, "message": "Session not found (terminated or unknown); initialize a new session"}}),
                None,
            ),
        };
    }
    let method = msg.get("method").and_then(Value::as_str).unwrap_or("");
    let pv_header = header(&headers, "mcp-protocol-version");
    let meta_pv = msg
        .pointer("/params/_meta")
        .and_then(|m| m.get(protocol::META_PROTOCOL_VERSION))
        .is_some();
    if is_stateful_version(pv_header.as_deref()) && !meta_pv {
        if method == "initialize" {
            return initialize(&app, &msg);
        }
        let id = msg.get("id").cloned().unwrap_or(Value::Null);
        return error_response(&id, RpcError::invalid_request(
            "Bad Request: no Mcp-Session-Id; send initialize first (or use the 2026-07-28 stateless wire with per-request _meta)"));
    }
    stateless_post(&app, &headers, msg).await
}

fn initialize(app: &App, msg: &Value) -> Response {
    let id = msg.get("id").cloned().unwrap_or(Value::Null);
    let params = msg.get("params").cloned().unwrap_or(json!({}));
    let sid = uuid::Uuid::now_v7().simple().to_string();
    let session = Arc::new(Session {
        client_caps: params.get("capabilities").cloned().unwrap_or(json!({})),
        log_level: Arc::new(AtomicU8::new(0)),
        pending: Pending::default(),
        next_id: Arc::new(AtomicU64::new(1)),
        streams: Mutex::new((1, HashMap::new())),
        standalone: Mutex::new(None),
    });
    lock(&app.sessions).insert(sid.clone(), session);
    let result = protocol::initialize_result(params.get("protocolVersion").and_then(Value::as_str));
    json_response(
        StatusCode::OK,
        &protocol::response(&id, Ok(result)),
        Some(&sid),
    )
}

/// Record an event on a stream and forward it to the live connection, if any.
fn push_event(session: &Session, stream: u64, data: Option<&str>, finish: bool, close: bool) {
    let mut guard = lock(&session.streams);
    let Some(buf) = guard.1.get_mut(&stream) else {
        return;
    };
    if let Some(data) = data {
        let seq = buf.events.len() as u64 + 1;
        buf.events.push((seq, data.to_string()));
        let frame = sse_event(Some(&format!("{stream}-{seq}")), data);
        if let Some(live) = &buf.live {
            if live.send(frame).is_err() {
                buf.live = None;
            }
        }
    }
    if finish {
        buf.done = true;
    }
    if finish || close {
        buf.live = None;
    }
}

async fn stateful_post(app: &Arc<App>, session: Arc<Session>, msg: Value) -> Response {
    let method = msg
        .get("method")
        .and_then(Value::as_str)
        .map(str::to_string);
    let id = msg.get("id").cloned();
    let Some(method) = method else {
        // A response to one of our server→client requests.
        protocol::deliver_response(&session.pending, &msg);
        return StatusCode::ACCEPTED.into_response();
    };
    let Some(id) = id else {
        // Notifications (initialized, cancelled, roots/list_changed...) need no answer.
        return StatusCode::ACCEPTED.into_response();
    };
    let params = msg.get("params").cloned().unwrap_or(json!({}));
    let (tx, rx) = mpsc::unbounded_channel();
    let stream = {
        let mut guard = lock(&session.streams);
        let n = guard.0;
        guard.0 += 1;
        // Priming event: an id with empty data, and how soon to reconnect.
        let _ = tx.send(Bytes::from(format!("id: {n}-0\nretry: 500\ndata: \n\n")));
        guard.1.insert(
            n,
            StreamBuf {
                events: Vec::new(),
                live: Some(tx),
                done: false,
            },
        );
        n
    };
    let sink_session = session.clone();
    let sink = Arc::new(move |o: Out| match o {
        Out::Message(m) => push_event(&sink_session, stream, Some(&m.to_string()), false, false),
        Out::CloseStream => push_event(&sink_session, stream, None, false, true),
    });
    let ctx = Ctx {
        era: Era::Stateful,
        client_caps: session.client_caps.clone(),
        log_level: session.log_level.clone(),
        out: Outbox::new(sink, session.pending.clone(), session.next_id.clone(), true),
        shared: app.shared.clone(),
    };
    let task_session = session.clone();
    tokio::spawn(async move {
        let result = protocol::handle(&ctx, &method, &params).await;
        let resp = protocol::response(&id, result);
        push_event(&task_session, stream, Some(&resp.to_string()), true, false);
    });
    sse_response(rx)
}

async fn get_mcp(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if let Some(r) = check_origin(&app, &headers) {
        return r;
    }
    let Some(sid) = header(&headers, "mcp-session-id") else {
        return (StatusCode::METHOD_NOT_ALLOWED, "GET needs an Mcp-Session-Id (stateful era); the stateless era uses subscriptions/listen").into_response();
    };
    let Some(session) = lock(&app.sessions).get(&sid).cloned() else {
        return (StatusCode::NOT_FOUND, "Session not found").into_response();
    };
    let (tx, rx) = mpsc::unbounded_channel();
    if let Some(last) = header(&headers, "last-event-id") {
        let Some((stream, seq)) = last
            .split_once('-')
            .and_then(|(a, b)| Some((a.parse::<u64>().ok()?, b.parse::<u64>().ok()?)))
        else {
            return (
                StatusCode::BAD_REQUEST,
                "Last-Event-ID is not one this server issued",
            )
                .into_response();
        };
        let mut guard = lock(&session.streams);
        let Some(buf) = guard.1.get_mut(&stream) else {
            return (StatusCode::NOT_FOUND, "Unknown stream in Last-Event-ID").into_response();
        };
        for (n, data) in buf.events.iter().filter(|(n, _)| *n > seq) {
            let _ = tx.send(sse_event(Some(&format!("{stream}-{n}")), data));
        }
        if !buf.done {
            buf.live = Some(tx);
        }
        return sse_response(rx);
    }
    *lock(&session.standalone) = Some(tx);
    sse_response(rx)
}

async fn delete_mcp(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if let Some(r) = check_origin(&app, &headers) {
        return r;
    }
    let Some(sid) = header(&headers, "mcp-session-id") else {
        return (StatusCode::BAD_REQUEST, "DELETE needs an Mcp-Session-Id").into_response();
    };
    match lock(&app.sessions).remove(&sid) {
        Some(_) => StatusCode::OK.into_response(),
        None => (StatusCode::NOT_FOUND, "Session not found").into_response(),
    }
}

async fn stateless_post(app: &Arc<App>, headers: &HeaderMap, msg: Value) -> Response {
    let Some(method) = msg
        .get("method")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return StatusCode::ACCEPTED.into_response();
    };
    let Some(id) = msg.get("id").cloned() else {
        return StatusCode::ACCEPTED.into_response();
    };
    let params = msg.get("params").cloned().unwrap_or(json!({}));
    let lookup = |name: &str| header(headers, name);
    if let Err(e) = protocol::check_stateless(&method, &params, &lookup, true) {
        return error_response(&id, e);
    }
    if !protocol::STATELESS_METHODS.contains(&method.as_str()) {
        return error_response(&id, RpcError::method_not_found(&method));
    }
    if method == "subscriptions/listen" {
        return listen(app, &params);
    }
    let frames: Arc<Mutex<Vec<Value>>> = Arc::default();
    let sink_frames = frames.clone();
    let sink = Arc::new(move |o: Out| {
        if let Out::Message(m) = o {
            lock(&sink_frames).push(m);
        }
    });
    let ctx = Ctx {
        era: Era::Stateless,
        client_caps: params
            .pointer("/_meta")
            .and_then(|m| m.get(protocol::META_CLIENT_CAPABILITIES))
            .cloned()
            .unwrap_or(json!({})),
        log_level: Arc::new(AtomicU8::new(protocol::stateless_log_level(&params))),
        out: Outbox::new(sink, Pending::default(), Arc::new(AtomicU64::new(1)), false),
        shared: app.shared.clone(),
    };
    let result = protocol::handle(&ctx, &method, &params).await;
    let result = match result {
        Ok(r) => r,
        Err(e) => return error_response(&id, e),
    };
    let resp = protocol::response(&id, Ok(result));
    let frames = std::mem::take(&mut *lock(&frames));
    let wants_sse = header(headers, "accept").is_some_and(|a| a.contains("text/event-stream"));
    if frames.is_empty() || !wants_sse {
        return json_response(StatusCode::OK, &resp, None);
    }
    let (tx, rx) = mpsc::unbounded_channel();
    for f in frames.iter().chain(std::iter::once(&resp)) {
        let _ = tx.send(sse_event(None, &f.to_string()));
    }
    drop(tx);
    sse_response(rx)
}

/// `subscriptions/listen`: acknowledge, then forward the list changes the client asked for.
fn listen(app: &Arc<App>, params: &Value) -> Response {
    let filter = protocol::agreed_filter(params);
    let sub = app.shared.next_subscription_id();
    let (tx, rx) = mpsc::unbounded_channel::<Bytes>();
    let ack = json!({"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged",
        "params": {"notifications": filter, "_meta": {protocol::META_SUBSCRIPTION_ID: sub}}});
    let _ = tx.send(sse_event(None, &ack.to_string()));
    let mut changes = app.shared.changes.subscribe();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = tx.closed() => break,
                ev = changes.recv() => {
                    let (key, method) = match ev {
                        Ok("tools") => ("toolsListChanged", "notifications/tools/list_changed"),
                        Ok("prompts") => ("promptsListChanged", "notifications/prompts/list_changed"),
                        Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(_) => break,
                    };
                    if filter.get(key) != Some(&json!(true)) {
                        continue;
                    }
                    let n = json!({"jsonrpc": "2.0", "method": method,
                        "params": {"_meta": {protocol::META_SUBSCRIPTION_ID: sub}}});
                    if tx.send(sse_event(None, &n.to_string())).is_err() {
                        break;
                    }
                }
            }
        }
    });
    sse_response(rx)
}
