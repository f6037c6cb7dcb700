//! Stdio MCP servers the gateway starts itself, served at `/mcp/NAME` over Streamable HTTP.
//!
//! `[mcp.upstreams.NAME] command = [...]` (with `env`). Stdio servers speak to one client, so
//! each legacy MCP session gets its own process: `initialize` without `Mcp-Session-Id` starts
//! one and the gateway mints the session id; DELETE (or the gateway stopping) ends it.
//! Stateless-era requests share one process per upstream.
//!
//! A request's answer comes back as JSON, or as an SSE stream carrying the progress
//! notifications about it first when the client accepts SSE; other server messages
//! (notifications, server→client requests) go to the session's GET stream. Lines are relayed
//! as the server wrote them.

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin};
use tokio::sync::{broadcast, mpsc};
use warden_mcp::envelope::{Frame, FrameKind};
use warden_mcp::reply;

use super::config::Upstream;
use super::ConnHandle;
use crate::server::Shared;

/// One running stdio server.
pub struct Process {
    stdin: tokio::sync::Mutex<ChildStdin>,
    child: tokio::sync::Mutex<Child>,
    /// Requests waiting for their answer: id text → where its messages go.
    waiting: Mutex<HashMap<String, mpsc::Sender<String>>>,
    /// Progress tokens of waiting requests → request id text.
    progress: Mutex<HashMap<String, String>>,
    /// Everything else the server sends, for GET streams.
    unsolicited: broadcast::Sender<String>,
    pub conn: ConnHandle,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

#[derive(Default)]
pub struct Processes {
    map: Mutex<HashMap<String, Arc<Process>>>,
}

impl Processes {
    pub fn get(&self, key: &str) -> Option<Arc<Process>> {
        lock(&self.map).get(key).cloned()
    }

    /// Starts the upstream's command; its output is read into the tap and routed.
    pub(crate) fn start(
        &self,
        state: &Shared,
        key: String,
        upstream: &Upstream,
        conn: ConnHandle,
    ) -> Result<Arc<Process>, String> {
        let cmd = upstream.command.as_deref().unwrap_or_default();
        let (program, args) = cmd.split_first().ok_or("the upstream has no command")?;
        let mut child = tokio::process::Command::new(program)
            .args(args)
            .envs(&upstream.env)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start the MCP server {program:?}: {e}"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (unsolicited, _) = broadcast::channel(256);
        let process = Arc::new(Process {
            stdin: tokio::sync::Mutex::new(stdin),
            child: tokio::sync::Mutex::new(child),
            waiting: Mutex::default(),
            progress: Mutex::default(),
            unsolicited,
            conn,
        });
        lock(&self.map).insert(key, process.clone());
        let reader = process.clone();
        let state = state.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stdout);
            let mut buf = String::new();
            loop {
                buf.clear();
                match lines.read_line(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                let line = buf.trim_end_matches(['\n', '\r']).to_owned();
                if line.trim().is_empty() {
                    continue;
                }
                state
                    .mcp
                    .tap
                    .server(&state.pipeline, &reader.conn, &line)
                    .await;
                reader.route(line).await;
            }
        });
        Ok(process)
    }

    /// Stops a session's process.
    pub async fn stop(&self, key: &str) -> bool {
        let p = lock(&self.map).remove(key);
        match p {
            Some(p) => {
                let _ = p.child.lock().await.start_kill();
                true
            }
            None => false,
        }
    }
}

impl Process {
    async fn route(&self, line: String) {
        let target = match Frame::parse(&line) {
            Ok(f) if matches!(f.kind(), FrameKind::Result | FrameKind::Error) => {
                f.id().and_then(|id| lock(&self.waiting).remove(id))
            }
            Ok(f) if f.method() == Some("notifications/progress") => f
                .call_params()
                .progress_token
                .and_then(|t| lock(&self.progress).get(t.get()).cloned())
                .and_then(|id| lock(&self.waiting).get(&id).cloned()),
            _ => None,
        };
        match target {
            Some(tx) => {
                let _ = tx.send(line).await;
            }
            None => {
                let _ = self.unsolicited.send(line);
            }
        }
    }

    async fn write(&self, line: &str) -> std::io::Result<()> {
        let mut w = self.stdin.lock().await;
        w.write_all(line.as_bytes()).await?;
        w.write_all(b"\n").await?;
        w.flush().await
    }

    /// Sends a request and returns the stream of its messages (progress, then the answer).
    pub async fn request(
        &self,
        line: &str,
        frame: &Frame<'_>,
    ) -> Result<mpsc::Receiver<String>, String> {
        let id = frame.id().unwrap_or("null").to_owned();
        let (tx, rx) = mpsc::channel(64);
        lock(&self.waiting).insert(id.clone(), tx);
        if let Some(t) = frame.call_params()._meta.and_then(|m| m.progress_token) {
            lock(&self.progress).insert(t.get().to_owned(), id.clone());
        }
        self.write(line)
            .await
            .map_err(|e| format!("the MCP server's stdin is closed ({e})"))?;
        Ok(rx)
    }

    /// Sends a notification or a response to a server request.
    pub async fn send(&self, line: &str) -> Result<(), String> {
        self.write(line)
            .await
            .map_err(|e| format!("the MCP server's stdin is closed ({e})"))
    }

    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.unsolicited.subscribe()
    }
}

fn sse_event(message: &str) -> Bytes {
    Bytes::from(warden_mcp::sse::frame_event(message))
}

fn json(status: StatusCode, body: String, sid: Option<&str>) -> Response {
    let mut r = Response::builder()
        .status(status)
        .header(axum::http::header::CONTENT_TYPE, "application/json");
    if let Some(s) = sid {
        r = r.header("mcp-session-id", s);
    }
    r.body(Body::from(body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Answers a forwarded request: SSE (progress, then the answer) when the client takes it,
/// else the answer alone as JSON.
pub async fn answer(
    mut rx: mpsc::Receiver<String>,
    headers: &HeaderMap,
    id: &str,
    sid: Option<&str>,
) -> Response {
    let accepts_sse = headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/event-stream"));
    if !accepts_sse {
        while let Some(m) = rx.recv().await {
            if Frame::parse(&m).is_ok_and(|f| f.is_response()) {
                return json(StatusCode::OK, m, sid);
            }
        }
        return json(
            StatusCode::BAD_GATEWAY,
            reply::error(Some(id), -32603, "the MCP server exited before answering"),
            sid,
        );
    }
    let stream = futures_util::stream::unfold(Some(rx), |rx| async move {
        let mut rx = rx?;
        let m = rx.recv().await?;
        let last = Frame::parse(&m).is_ok_and(|f| f.is_response());
        let next = if last { None } else { Some(rx) };
        Some((Ok::<_, std::io::Error>(sse_event(&m)), next))
    });
    let mut r = Response::builder()
        .status(StatusCode::OK)
        .header(axum::http::header::CONTENT_TYPE, "text/event-stream")
        .header("cache-control", "no-cache");
    if let Some(s) = sid {
        r = r.header("mcp-session-id", s);
    }
    r.body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// A session's GET stream: what the server sends outside any request.
pub fn get_stream(p: &Process) -> Response {
    let rx = p.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(m) => return Some((Ok::<_, std::io::Error>(sse_event(&m)), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(axum::http::header::CONTENT_TYPE, "text/event-stream")
        .header("cache-control", "no-cache")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

/// `POST|GET|DELETE /mcp/{name}` for a stdio upstream.
pub(crate) async fn handle(
    state: Shared,
    name: &str,
    upstream: &Upstream,
    method: axum::http::Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    use axum::http::Method;
    let sid = header(&headers, "mcp-session-id").map(str::to_owned);
    let version = header(&headers, "mcp-protocol-version");
    let stateless =
        version.is_some_and(|v| warden_mcp::Era::of_version(v) == warden_mcp::Era::Stateless);
    let key = |sid: &str| format!("stdio-upstream:{name}:{sid}");
    match method {
        Method::GET => {
            return match sid
                .as_deref()
                .and_then(|s| state.mcp.processes.get(&key(s)))
            {
                Some(p) => get_stream(&p),
                None => json(
                    StatusCode::NOT_FOUND,
                    reply::error(None, -32600, "unknown or missing Mcp-Session-Id"),
                    None,
                ),
            }
        }
        Method::DELETE => {
            let stopped = match &sid {
                Some(s) => state.mcp.processes.stop(&key(s)).await,
                None => false,
            };
            return if stopped {
                StatusCode::OK.into_response()
            } else {
                StatusCode::NOT_FOUND.into_response()
            };
        }
        Method::POST => {}
        _ => return StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
    let Ok(text) = std::str::from_utf8(&body) else {
        return json(
            StatusCode::BAD_REQUEST,
            reply::error(None, -32700, "the request body is not UTF-8 JSON"),
            None,
        );
    };
    let line = text.trim();
    let frame = match Frame::parse(line) {
        Ok(f) => f,
        Err(e) => {
            return json(
                StatusCode::BAD_REQUEST,
                reply::error(
                    None,
                    -32700,
                    &format!("Warden could not read this message: {e}"),
                ),
                None,
            )
        }
    };
    if stateless {
        let h = warden_mcp::headers::RequestHeaders {
            protocol_version: version,
            method: header(&headers, "mcp-method"),
            name: header(&headers, "mcp-name"),
        };
        if let Err(e) = warden_mcp::headers::validate(&h, &frame) {
            return json(
                StatusCode::BAD_REQUEST,
                reply::error(
                    frame.id(),
                    warden_mcp::headers::HEADER_MISMATCH,
                    &e.to_string(),
                ),
                None,
            );
        }
    }
    // The process this message goes to, started by `initialize` (or the first stateless call).
    let (process, minted) = match (&sid, stateless) {
        (Some(s), _) => match state.mcp.processes.get(&key(s)) {
            Some(p) => (p, None),
            None => {
                return json(
                    StatusCode::NOT_FOUND,
                    reply::error(
                        frame.id(),
                        -32600,
                        "unknown Mcp-Session-Id (the session ended); initialize again",
                    ),
                    None,
                )
            }
        },
        (None, true) => match state.mcp.processes.get(&key("stateless")) {
            Some(p) => (p, None),
            None => match start(&state, name, upstream, key("stateless"), &headers) {
                Ok(p) => (p, None),
                Err(r) => return r,
            },
        },
        (None, false) if frame.method() == Some("initialize") => {
            let s = uuid::Uuid::now_v7().to_string();
            match start(&state, name, upstream, key(&s), &headers) {
                Ok(p) => (p, Some(s)),
                Err(r) => return r,
            }
        }
        (None, false) => {
            return json(
                StatusCode::BAD_REQUEST,
                reply::error(
                    frame.id(),
                    -32600,
                    "Bad Request: Mcp-Session-Id is required after initialize",
                ),
                None,
            )
        }
    };
    let sid_out = minted.as_deref().or(sid.as_deref());
    let mut forward = line.to_owned();
    match state
        .mcp
        .tap
        .client(&state.pipeline, &process.conn, line)
        .await
    {
        super::tap::ClientAction::Forward => {}
        super::tap::ClientAction::ForwardRewritten(m) => forward = m,
        super::tap::ClientAction::Reply(m) => return json(StatusCode::OK, m, sid_out),
        super::tap::ClientAction::Hold(held) => {
            let decided = state
                .mcp
                .tap
                .approvals
                .wait(&held.approval, state.mcp.tap.approvals.ttl())
                .await;
            if let Err(deny) = state.mcp.tap.after_hold(&held, &decided) {
                return json(StatusCode::OK, deny, sid_out);
            }
        }
    }
    if !frame.is_request() {
        return match process.send(&forward).await {
            Ok(()) => StatusCode::ACCEPTED.into_response(),
            Err(e) => json(
                StatusCode::BAD_GATEWAY,
                reply::error(None, -32603, &e),
                sid_out,
            ),
        };
    }
    let Ok(fwd_frame) = Frame::parse(&forward) else {
        return json(
            StatusCode::INTERNAL_SERVER_ERROR,
            reply::error(frame.id(), -32603, "Warden could not prepare the call"),
            sid_out,
        );
    };
    match process.request(&forward, &fwd_frame).await {
        Ok(rx) => answer(rx, &headers, frame.id().unwrap_or("null"), sid_out).await,
        Err(e) => json(
            StatusCode::BAD_GATEWAY,
            reply::error(frame.id(), -32603, &e),
            sid_out,
        ),
    }
}

// The refusal is the handler's answer, returned once per request.
#[allow(clippy::result_large_err)]
fn start(
    state: &Shared,
    name: &str,
    upstream: &Upstream,
    key: String,
    headers: &HeaderMap,
) -> Result<Arc<Process>, Response> {
    let session = header(headers, "warden-session")
        .and_then(|s| warden_core::SessionId::new(s.to_owned()).ok())
        .unwrap_or_else(super::new_session);
    let conn = state.mcp.open(
        key.clone(),
        name,
        session,
        warden_core::Source::McpHttp,
        state.local_agent.clone(),
    );
    state
        .mcp
        .processes
        .start(state, key, upstream, conn)
        .map_err(|e| {
            tracing::error!(error = %e, upstream = name, "cannot start a stdio MCP upstream");
            json(
                StatusCode::BAD_GATEWAY,
                reply::error(None, -32603, &e),
                None,
            )
        })
}
