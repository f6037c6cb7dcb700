//! The Streamable HTTP proxy at `/mcp/NAME`, for both spec eras.
//!
//! Requests and responses pass through as bytes: the body Warden forwards is the body it
//! received, and SSE streams are relayed chunk by chunk while a side reader picks out their
//! messages for the tap. Warden writes its own bytes only to refuse (a header/body mismatch,
//! a denied call), to hold a call for approval, and to answer an `input_required` retry.
//!
//! Sessions: in the legacy era the upstream's `Mcp-Session-Id` names the connection (the
//! gateway learns it from the answer to `initialize`); a stateless-era client is one
//! connection per `Warden-Session` header value (or one per upstream without it).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tokio::task::JoinHandle;
use warden_mcp::envelope::{split_batch, OwnedFrame, ParseError};
use warden_mcp::era::Era;
use warden_mcp::headers::{self, RequestHeaders, HEADER_MISMATCH};
use warden_mcp::reply;
use warden_mcp::sse::SseReader;

use super::tap::{ClientAction, Held};
use super::{new_session, ConnHandle};
use crate::approvals::ApprovalState;
use crate::server::Shared;

const SESSION_HEADER: &str = "mcp-session-id";
/// Optional client header naming the Warden session of stateless-era traffic.
const WARDEN_SESSION: &str = "warden-session";
/// How often a held call's stream gets a keep-alive.
const HOLD_TICK: Duration = Duration::from_secs(10);

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

fn conn_key(name: &str, sid: &str) -> String {
    format!("http:{name}:{sid}")
}

/// `POST|GET|DELETE /mcp/{name}`.
pub(crate) async fn handle(
    State(state): State<Shared>,
    Path(name): Path<String>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.metrics.mcp_requests.fetch_add(1, Ordering::Relaxed);
    if let Some(refused) = rebinding_refusal(&state, &headers) {
        return refused;
    }
    let Some(upstream) = state.mcp.upstreams.get(&name).cloned() else {
        let known: Vec<&String> = state.mcp.upstreams.keys().collect();
        return json_response(
            StatusCode::NOT_FOUND,
            reply::error(
                None,
                -32601,
                &format!("no MCP upstream named {name:?}; configured: {known:?} (warden serve --mcp-upstream NAME=URL)"),
            ),
        );
    };
    let Some(url) = upstream.url.clone() else {
        return super::stdio_upstream::handle(state, &name, &upstream, method, headers, body).await;
    };
    match method {
        Method::POST => post(state, &name, &url, headers, body).await,
        Method::GET | Method::DELETE => passthrough(state, &name, &url, method, headers).await,
        _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

/// DNS-rebinding protection, which a local MCP server must have and which the proxy would
/// otherwise take away from its upstream (it sends the upstream's own address as `Host`).
/// When the gateway listens on loopback, a request must name a loopback host in `Host`, and
/// in `Origin` when it has one; otherwise 403 and nothing is forwarded.
fn rebinding_refusal(state: &Shared, headers: &HeaderMap) -> Option<Response> {
    // The gateway's own address, as it tells reviewers where to approve.
    let listen = state
        .mcp
        .tap
        .approval_url
        .strip_prefix("http://")
        .and_then(|r| r.split('/').next())
        .and_then(|a| a.parse::<std::net::SocketAddr>().ok())?;
    if !listen.ip().is_loopback() {
        return None;
    }
    let host_ok = header(headers, "host").is_some_and(is_loopback_authority);
    let origin_ok = match header(headers, "origin") {
        None => true,
        Some(o) => o
            .split_once("://")
            .is_some_and(|(_, rest)| is_loopback_authority(rest.split('/').next().unwrap_or(""))),
    };
    if host_ok && origin_ok {
        return None;
    }
    state.metrics.mcp_refused.fetch_add(1, Ordering::Relaxed);
    Some(json_response(
        StatusCode::FORBIDDEN,
        reply::error(
            None,
            -32600,
            "Forbidden: this gateway listens on loopback and accepts MCP requests only for a loopback Host and Origin (DNS-rebinding protection)",
        ),
    ))
}

/// `localhost`, `127.x.x.x` or `[::1]`, with or without a port.
fn is_loopback_authority(authority: &str) -> bool {
    let a = authority.trim().to_ascii_lowercase();
    let host = if let Some(rest) = a.strip_prefix('[') {
        match rest.split_once(']') {
            Some((h, _)) => h.to_owned(),
            None => return false,
        }
    } else {
        match a.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h.to_owned(),
            _ => a.clone(),
        }
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The connection a request belongs to, creating it when the request opens one.
///
/// A legacy `initialize` always opens a new connection: each legacy MCP session is its own
/// Warden session (the upstream's `Mcp-Session-Id`, learnt from the answer, names it from
/// then on). Legacy requests without a session id (an upstream that issues none) share one
/// connection per `Warden-Session` value, apart from the stateless-era one.
fn connection(
    state: &Shared,
    name: &str,
    headers: &HeaderMap,
    era: Era,
    initialize: bool,
) -> ConnHandle {
    let ws = header(headers, WARDEN_SESSION).unwrap_or("");
    let key = match (era, header(headers, SESSION_HEADER)) {
        (Era::Legacy, Some(sid)) => conn_key(name, sid),
        (Era::Legacy, None) => conn_key(name, &format!("legacy:{ws}")),
        (Era::Stateless, _) => conn_key(name, &format!("stateless:{ws}")),
    };
    let fresh = era == Era::Legacy && initialize;
    if !fresh {
        if let Some(c) = state.mcp.conn(&key) {
            return c;
        }
    }
    let session = header(headers, WARDEN_SESSION)
        .and_then(|s| warden_core::SessionId::new(s.to_owned()).ok())
        .unwrap_or_else(new_session);
    let conn = state.mcp.open(
        key,
        name,
        session,
        warden_core::Source::McpHttp,
        state.local_agent.clone(),
    );
    if let Ok(mut c) = conn.lock() {
        c.era = era;
    }
    conn
}

async fn post(state: Shared, name: &str, url: &str, headers: HeaderMap, body: Bytes) -> Response {
    let Ok(text) = std::str::from_utf8(&body) else {
        return json_response(
            StatusCode::BAD_REQUEST,
            reply::error(None, -32700, "the request body is not UTF-8 JSON"),
        );
    };
    let items = match split_batch(text) {
        Ok(items) => items,
        Err(e) => {
            return json_response(
                StatusCode::BAD_REQUEST,
                reply::error(
                    None,
                    -32700,
                    &format!("Warden could not read this message: {e}"),
                ),
            )
        }
    };
    // Each message is read once, here: the same reading routes it, checks it against the
    // headers, and is what the tap records and gates (on or off the request path).
    let read: Vec<Result<OwnedFrame, ParseError>> = items
        .iter()
        .map(|raw| OwnedFrame::parse(Arc::from(*raw)))
        .collect();
    let version = header(&headers, "mcp-protocol-version");
    let era = match version {
        Some(v) => Era::of_version(v),
        None => Era::Legacy,
    };
    if era == Era::Stateless {
        // Headers must agree with the body before anything acts on either.
        let h = RequestHeaders {
            protocol_version: version,
            method: header(&headers, "mcp-method"),
            name: header(&headers, "mcp-name"),
        };
        for frame in read.iter().flatten().map(OwnedFrame::frame) {
            if let Err(e) = headers::validate(&h, frame) {
                state.metrics.mcp_refused.fetch_add(1, Ordering::Relaxed);
                return json_response(
                    StatusCode::BAD_REQUEST,
                    reply::error(frame.id(), HEADER_MISMATCH, &e.to_string()),
                );
            }
        }
    }
    let initialize = read
        .iter()
        .flatten()
        .map(OwnedFrame::frame)
        .any(|f| f.is_request() && f.method() == Some("initialize"));
    let conn = connection(&state, name, &headers, era, initialize);
    crate::identity::bind_token(&conn, &headers);
    let mut forward_body = body.clone();
    // Observe mode holds nothing: the messages are forwarded at once and tapped beside the
    // request (their answer is tapped after them, so correlation holds). A retry carrying
    // Warden's own request state is Warden's business and is handled inline.
    let offpath = !state.pipeline.may_enforce()
        && !items
            .iter()
            .any(|raw| raw.contains(warden_mcp::seal::PREFIX));
    if offpath {
        let (st, c) = (state.clone(), conn.clone());
        let slot = state.mcp.tap_slots.clone().acquire_owned().await;
        let (answer, answered) = tokio::sync::oneshot::channel::<Bytes>();
        // One task taps the request, then its JSON answer when the relay hands it over (an
        // SSE answer is tapped by the relay, after this task).
        let handle = state.background.spawn(async move {
            let _slot = slot;
            for r in &read {
                let _ = st
                    .mcp
                    .tap
                    .client_read(&st.pipeline, &c, r.as_ref().map(OwnedFrame::frame))
                    .await;
            }
            if let Ok(bytes) = answered.await {
                tap_json_answer(&st, &c, &bytes).await;
            }
        });
        let tapped = ClientTap { handle, answer };
        return forward_post(
            &state,
            name,
            url,
            &headers,
            forward_body,
            &conn,
            Some(tapped),
        )
        .await;
    }
    let mut held: Option<Held> = None;
    let single = read.len() == 1;
    for r in &read {
        let frame = r.as_ref().map(OwnedFrame::frame);
        match state
            .mcp
            .tap
            .client_read(&state.pipeline, &conn, frame)
            .await
        {
            ClientAction::Forward => {}
            ClientAction::ForwardRewritten(rewritten) if single => {
                forward_body = Bytes::from(rewritten);
            }
            ClientAction::Reply(reply) if single => {
                state.metrics.mcp_denied.fetch_add(1, Ordering::Relaxed);
                let status = if r.is_ok() {
                    StatusCode::OK
                } else {
                    StatusCode::BAD_REQUEST
                };
                return json_response(status, reply);
            }
            ClientAction::Hold(h) if single => held = Some(h),
            // A legacy batch with a refused member: nothing of it is forwarded.
            _ => {
                state.metrics.mcp_denied.fetch_add(1, Ordering::Relaxed);
                return json_response(
                    StatusCode::OK,
                    reply::error(None, reply::DENIED, "Warden refused a message of this batch; send the calls one by one to see which"),
                );
            }
        }
    }
    if let Some(held) = held {
        return hold(
            state,
            name.to_owned(),
            url.to_owned(),
            headers,
            forward_body,
            conn,
            held,
        )
        .await;
    }
    forward_post(&state, name, url, &headers, forward_body, &conn, None).await
}

/// Sends a POST upstream and relays the answer, tapping what comes back.
async fn forward_post(
    state: &Shared,
    name: &str,
    url: &str,
    headers: &HeaderMap,
    body: Bytes,
    conn: &ConnHandle,
    client_tap: Option<ClientTap>,
) -> Response {
    let upstream = match send(state, url, Method::POST, headers, Some(body)).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    if let Some(sid) = upstream
        .headers()
        .get(SESSION_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        state.mcp.alias(conn_key(name, sid), conn);
    }
    relay(state.clone(), upstream, conn.clone(), client_tap).await
}

/// GET (the legacy server→client stream) and DELETE (end of a legacy session).
async fn passthrough(
    state: Shared,
    name: &str,
    url: &str,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let sid = header(&headers, SESSION_HEADER).map(str::to_owned);
    let conn = match &sid {
        Some(s) => state.mcp.conn(&conn_key(name, s)),
        None => None,
    };
    let conn = conn.unwrap_or_else(|| connection(&state, name, &headers, Era::Legacy, false));
    let is_delete = method == Method::DELETE;
    let upstream = match send(&state, url, method, &headers, None).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    if is_delete {
        if let Some(s) = sid {
            state.mcp.close(&conn_key(name, &s));
        }
    }
    relay(state, upstream, conn, None).await
}

async fn send(
    state: &Shared,
    url: &str,
    method: Method,
    headers: &HeaderMap,
    body: Option<Bytes>,
) -> Result<reqwest::Response, Response> {
    // Brokered credentials (`secret_headers`) replace the client's; Warden's own token stays here.
    let injected = crate::identity::egress_headers(state, url, headers)
        .await
        .map_err(|e| json_response(StatusCode::FORBIDDEN, reply::error(None, -32603, &e)))?;
    let mut req = state.mcp.request(method, url);
    for (k, v) in headers {
        if !crate::forward::skip_request_header(k) && !crate::identity::withheld(k, v, &injected) {
            req = req.header(k, v);
        }
    }
    for (k, v) in injected {
        req = req.header(k, v);
    }
    if let Some(b) = body {
        req = req.body(b);
    }
    req.send().await.map_err(|e| {
        state.metrics.mcp_upstream_errors.fetch_add(1, Ordering::Relaxed);
        tracing::warn!(error = %e, "MCP upstream unreachable");
        json_response(
            StatusCode::BAD_GATEWAY,
            reply::error(None, -32603, "Warden could not reach the MCP upstream; check that it is running and the configured url"),
        )
    })
}

/// The tapping of a request running off the client's path (observe mode).
struct ClientTap {
    handle: JoinHandle<()>,
    /// Where a JSON answer goes to be tapped by the same task, after its request.
    answer: tokio::sync::oneshot::Sender<Bytes>,
}

/// Relays an upstream answer. JSON bodies are read whole (they are one message), tapped and
/// sent on as received; SSE streams are sent on chunk by chunk, each chunk before it is read.
/// `client_tap`: the tapping of the request, still running (observe mode): the answer is
/// tapped after it, off the client's path.
async fn relay(
    state: Shared,
    upstream: reqwest::Response,
    conn: ConnHandle,
    client_tap: Option<ClientTap>,
) -> Response {
    let out = crate::forward::response_head(&upstream);
    if !crate::relay::is_event_stream(upstream.headers()) {
        let bytes = match upstream.bytes().await {
            Ok(b) => b,
            Err(_) => {
                return json_response(
                    StatusCode::BAD_GATEWAY,
                    reply::error(None, -32603, "the MCP upstream's answer was cut off"),
                )
            }
        };
        let unsent = match client_tap {
            Some(t) => t.answer.send(bytes.clone()).err(),
            None => Some(bytes.clone()),
        };
        // Inline when no tap task runs (enforce), or (never expected) when it is gone.
        if let Some(answer) = unsent {
            tap_json_answer(&state, &conn, &answer).await;
        }
        return out
            .body(Body::from(bytes))
            .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response());
    }
    let background = state.background.handle().clone();
    let observer = Tapped {
        state,
        conn,
        client_tap: client_tap.map(|t| t.handle),
        reader: SseReader::default(),
    };
    let body = crate::relay::relay(upstream.bytes_stream(), observer, &background);
    out.body(body)
        .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response())
}

/// Taps the messages of a JSON answer.
async fn tap_json_answer(state: &Shared, conn: &ConnHandle, bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if text.trim().is_empty() {
        return;
    }
    if let Ok(items) = split_batch(text) {
        for raw in items {
            state.mcp.tap.server(&state.pipeline, conn, raw).await;
        }
    }
}

/// Reads a relayed SSE answer for the tap: each event's messages, once the client has them.
struct Tapped {
    state: Shared,
    conn: ConnHandle,
    /// The request's tapping, still running (observe mode): its answer is tapped after it.
    client_tap: Option<JoinHandle<()>>,
    reader: SseReader,
}

impl crate::relay::Observer for Tapped {
    async fn chunk(&mut self, chunk: &Bytes) {
        if let Some(request) = self.client_tap.take() {
            let _ = request.await;
        }
        for event in self.reader.feed(chunk) {
            if let Ok(items) = split_batch(&event.data) {
                for raw in items {
                    self.state
                        .mcp
                        .tap
                        .server(&self.state.pipeline, &self.conn, raw)
                        .await;
                }
            }
        }
    }

    async fn end(self, _how: crate::relay::End) {}
}

/// Holds a legacy-era call for a reviewer. A client that accepts SSE gets a stream at once,
/// kept alive with progress notifications (or SSE comments without a progress token), then
/// the upstream's answer or Warden's denial; a JSON-only client waits for the decision.
async fn hold(
    state: Shared,
    name: String,
    url: String,
    headers: HeaderMap,
    body: Bytes,
    conn: ConnHandle,
    held: Held,
) -> Response {
    let accepts_sse = header(&headers, "accept").is_some_and(|a| a.contains("text/event-stream"));
    if !accepts_sse {
        let decided = state
            .mcp
            .tap
            .approvals
            .wait(&held.approval, state.mcp.tap.approvals.ttl())
            .await;
        return match state.mcp.tap.after_hold(&held, &decided) {
            Ok(()) => forward_post(&state, &name, &url, &headers, body, &conn, None).await,
            Err(deny) => json_response(StatusCode::OK, deny),
        };
    }
    let (tx, stream) = crate::relay::channel_body();
    tokio::spawn(async move {
        let mut tick = 0u64;
        let decided = loop {
            let s = state
                .mcp
                .tap
                .approvals
                .wait(&held.approval, HOLD_TICK)
                .await;
            if s != ApprovalState::Pending {
                break s;
            }
            tick += 1;
            let keepalive = match &held.progress_token {
                Some(t) => warden_mcp::sse::frame_event(&reply::progress(
                    t,
                    tick,
                    &format!(
                        "Waiting for a reviewer to approve (request {})",
                        held.approval
                    ),
                )),
                None => ": warden: waiting for approval\n\n".to_owned(),
            };
            if tx.send(Ok(Bytes::from(keepalive))).await.is_err() {
                return; // the client gave up; the request expires unanswered
            }
        };
        match state.mcp.tap.after_hold(&held, &decided) {
            Err(deny) => {
                let _ = tx
                    .send(Ok(Bytes::from(warden_mcp::sse::frame_event(&deny))))
                    .await;
            }
            Ok(()) => {
                let resp = match send(&state, &url, Method::POST, &headers, Some(body)).await {
                    Ok(r) => r,
                    Err(_) => {
                        let msg = reply::error(
                            Some(&held.id),
                            -32603,
                            "Warden could not reach the MCP upstream after the approval",
                        );
                        let _ = tx
                            .send(Ok(Bytes::from(warden_mcp::sse::frame_event(&msg))))
                            .await;
                        return;
                    }
                };
                if crate::relay::is_event_stream(resp.headers()) {
                    let observer = Tapped {
                        state,
                        conn,
                        client_tap: None,
                        reader: SseReader::default(),
                    };
                    crate::relay::pump(resp.bytes_stream(), tx, observer).await;
                } else if let Ok(bytes) = resp.bytes().await {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    state.mcp.tap.server(&state.pipeline, &conn, &text).await;
                    let _ = tx
                        .send(Ok(Bytes::from(warden_mcp::sse::frame_event(&text))))
                        .await;
                }
            }
        }
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(axum::http::header::CONTENT_TYPE, "text/event-stream")
        .header("cache-control", "no-cache")
        .header("x-accel-buffering", "no")
        .body(stream)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_authority;

    #[test]
    fn loopback_authorities() {
        for ok in [
            "localhost",
            "localhost:7711",
            "127.0.0.1",
            "127.0.0.1:80",
            "127.1.2.3:9",
            "[::1]",
            "[::1]:7711",
            "LOCALHOST:1",
        ] {
            assert!(is_loopback_authority(ok), "{ok}");
        }
        for bad in [
            "evil.example.com",
            "evil.example.com:7711",
            "localhost.evil.example",
            "10.0.0.1:7711",
            "[::2]:1",
            "[::1",
            "",
            "null",
        ] {
            assert!(!is_loopback_authority(bad), "{bad}");
        }
    }
}
