//! The model API proxy at `/llm/openai/v1/…` and `/llm/anthropic/v1/…`.
//!
//! Requests and responses pass through as bytes, headers included (API keys are forwarded as
//! the client gave them and never recorded or logged; with `[llm] openai_key_secret` /
//! `anthropic_key_secret` the key is the secret broker's instead, injected for a call that
//! presents a live task token, and the client's is dropped). For the endpoints Warden knows (Chat
//! Completions, Responses, Messages) the request is read once to record a `prompt` event, and
//! the answer is read on the side: a JSON answer is read whole (one message) and sent on
//! unchanged; an SSE stream is relayed chunk by chunk, each chunk sent before it is read, while
//! [`Reassembler`] rebuilds the text and the tool calls the model asked for. At the end of the
//! answer one `model_output` event records it.
//!
//! Each tool call the model asked for is remembered ([`Requested`]) by its call id and by tool
//! name + argument digest, so that the call that executes it next (a hook `PreToolUse` with the
//! same `tool_use_id`, an MCP `tools/call` with the same name and arguments) names the
//! `model_output` as its parent. With `[llm] gate_tool_calls`, each requested call is also
//! decided when the model asks for it; a call policy would deny is still delivered to the
//! client (the answer is never rewritten), and the gate refuses it where it executes.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{json, Value};
use warden_capture::llm::{
    parse_request, parse_response, Api, Output, Provider, Reassembler, ToolCall,
};
use warden_core::{Draft, EventId, EventKind, SessionId, Source};
use warden_mcp::sse::SseReader;

use crate::detect::Seen;
use crate::pipeline::new_event_id;
use crate::server::Shared;

/// `[llm]` in `warden.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LlmConfig {
    /// Where `/llm/openai/v1/…` goes (`…/v1` included).
    pub openai_base_url: String,
    /// Where `/llm/anthropic/v1/…` goes (`…/v1` included).
    pub anthropic_base_url: String,
    /// Decide each tool call a model asks for when it asks; a call policy would deny is
    /// refused where it executes (hook or MCP). Off: the calls are recorded and linked only.
    pub gate_tool_calls: bool,
    /// A brokered secret (`warden secret put NAME`) injected as the OpenAI API key
    /// (`Authorization: Bearer`) on calls that present a valid task token; calls without one
    /// are refused.
    pub openai_key_secret: Option<String>,
    /// A brokered secret injected as the Anthropic API key (`x-api-key`), likewise.
    pub anthropic_key_secret: Option<String>,
}

impl Default for LlmConfig {
    fn default() -> Self {
        Self {
            openai_base_url: "https://api.openai.com/v1".into(),
            anthropic_base_url: "https://api.anthropic.com/v1".into(),
            gate_tool_calls: false,
            openai_key_secret: None,
            anthropic_key_secret: None,
        }
    }
}

impl LlmConfig {
    pub fn validate(&self) -> Result<(), String> {
        for (key, url) in [
            ("llm.openai_base_url", &self.openai_base_url),
            ("llm.anthropic_base_url", &self.anthropic_base_url),
        ] {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(format!("{key} must be an http:// or https:// URL"));
            }
        }
        for (key, name) in [
            ("llm.openai_key_secret", &self.openai_key_secret),
            ("llm.anthropic_key_secret", &self.anthropic_key_secret),
        ] {
            if let Some(name) = name {
                warden_identity::SecretName::new(name).map_err(|e| format!("{key}: {e}"))?;
            }
        }
        Ok(())
    }

    /// The brokered secret that is `provider`'s API key, when one is configured.
    pub fn key_secret(&self, provider: Provider) -> Option<&str> {
        match provider {
            Provider::OpenAi => self.openai_key_secret.as_deref(),
            Provider::Anthropic => self.anthropic_key_secret.as_deref(),
        }
    }
}

/// Bound on the response ids remembered to follow Responses `previous_response_id` chains.
const MAX_RESPONSES: usize = 50_000;

/// The proxy's state: upstreams, the HTTP client, response id → session.
pub struct LlmHub {
    pub config: LlmConfig,
    client: reqwest::Client,
    responses: Mutex<HashMap<String, SessionId>>,
}

impl LlmHub {
    pub fn new(config: LlmConfig) -> Self {
        let client = crate::forward::upstream_client();
        Self {
            config,
            client,
            responses: Mutex::new(HashMap::new()),
        }
    }

    fn base(&self, p: Provider) -> &str {
        match p {
            Provider::OpenAi => &self.config.openai_base_url,
            Provider::Anthropic => &self.config.anthropic_base_url,
        }
    }

    fn remember_response(&self, id: &str, session: &SessionId) {
        let mut m = lock(&self.responses);
        if m.len() >= MAX_RESPONSES {
            m.clear();
        }
        m.insert(id.to_owned(), session.clone());
    }

    fn session_of_response(&self, id: &str) -> Option<SessionId> {
        lock(&self.responses).get(id).cloned()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

/// How long a requested call waits for its execution.
const WINDOW: Duration = Duration::from_secs(600);
const CAPACITY: usize = 8192;

/// A tool call a model asked for, waiting for the call that executes it.
#[derive(Clone, Debug)]
pub struct RequestedCall {
    /// The `model_output` event that carries it.
    pub event: EventId,
    pub session: SessionId,
    pub call_id: String,
    pub tool: String,
    /// Why policy would deny it, when `gate_tool_calls` is on and it would.
    pub denied: Option<String>,
    digest: String,
    at: Instant,
}

/// Requested calls by call id and by (bare tool name, argument digest). Bounded.
#[derive(Default)]
pub struct Requested {
    inner: Mutex<RequestedInner>,
}

#[derive(Default)]
struct RequestedInner {
    by_id: HashMap<String, RequestedCall>,
    order: VecDeque<String>,
    seq: u64,
}

/// `mcp__server__tool` → `tool`; other names as they are.
fn bare(tool: &str) -> &str {
    crate::mcp::links::tool_of(tool).unwrap_or(tool)
}

impl Requested {
    /// Remembers a call the model asked for (in `event`, in `session`).
    pub fn remember(
        &self,
        event: EventId,
        session: &SessionId,
        call: &ToolCall,
        denied: Option<String>,
    ) {
        let mut g = lock(&self.inner);
        g.seq += 1;
        let key = if call.id.is_empty() {
            format!("\0anon:{}", g.seq)
        } else {
            call.id.clone()
        };
        while g.by_id.len() >= CAPACITY {
            match g.order.pop_front() {
                Some(old) => {
                    g.by_id.remove(&old);
                }
                None => break,
            }
        }
        if g.order.len() >= CAPACITY * 2 {
            let RequestedInner { by_id, order, .. } = &mut *g;
            order.retain(|k| by_id.contains_key(k));
        }
        g.order.push_back(key.clone());
        g.by_id.insert(
            key,
            RequestedCall {
                event,
                session: session.clone(),
                call_id: call.id.clone(),
                tool: bare(&call.name).to_owned(),
                denied,
                digest: warden_mcp::manifest::digest_of(&call.arguments),
                at: Instant::now(),
            },
        );
    }

    /// The requested call a tool execution carries out, consumed: by the agent's call id
    /// (`tool_use_id`), else by tool name and arguments (oldest first).
    pub fn claim(
        &self,
        tool_use_id: Option<&str>,
        tool: &str,
        input: &Value,
    ) -> Option<RequestedCall> {
        let mut g = lock(&self.inner);
        if g.by_id.is_empty() {
            return None;
        }
        let now = Instant::now();
        if let Some(id) = tool_use_id {
            if let Some(c) = g.by_id.remove(id) {
                if now.duration_since(c.at) < WINDOW {
                    return Some(c);
                }
            }
        }
        let name = bare(tool);
        if !g.by_id.values().any(|c| c.tool == name) {
            return None;
        }
        let digest = warden_mcp::manifest::digest_of(input);
        let key = g
            .order
            .iter()
            .find(|k| {
                g.by_id.get(*k).is_some_and(|c| {
                    c.tool == name && c.digest == digest && now.duration_since(c.at) < WINDOW
                })
            })
            .cloned()?;
        g.by_id.remove(&key)
    }
}

fn error_response(status: StatusCode, provider: Provider, message: &str) -> Response {
    // Each provider's own error shape, so its client library reports the message.
    let body = match provider {
        Provider::OpenAi => {
            json!({"error": {"message": message, "type": "warden_error", "param": null, "code": null}})
        }
        Provider::Anthropic => {
            json!({"type": "error", "error": {"type": "api_error", "message": message}})
        }
    };
    (status, axum::Json(body)).into_response()
}

/// `ANY /llm/openai/v1/{*rest}`.
pub(crate) async fn openai(
    State(state): State<Shared>,
    Path(rest): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    proxy(state, Provider::OpenAi, rest, uri, method, headers, body).await
}

/// `ANY /llm/anthropic/v1/{*rest}`.
pub(crate) async fn anthropic(
    State(state): State<Shared>,
    Path(rest): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    proxy(state, Provider::Anthropic, rest, uri, method, headers, body).await
}

/// One model call being captured.
struct Turn {
    api: Api,
    session: SessionId,
    prompt_id: EventId,
    output_id: EventId,
    /// The prompt's recording, awaited before the output's so the record keeps their order.
    prompt: Option<tokio::task::JoinHandle<()>>,
    /// Requested calls policy would deny (call id → reason), with `gate_tool_calls`.
    denied: Vec<(String, String)>,
    /// The task token the call presented, validated: the turn's events are attributed by it.
    holder: Option<Box<warden_identity::ValidatedTaskToken>>,
}

async fn proxy(
    state: Shared,
    provider: Provider,
    rest: String,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut url = format!(
        "{}/{}",
        state.llm.base(provider).trim_end_matches('/'),
        rest.trim_start_matches('/')
    );
    if let Some(q) = uri.query() {
        url.push('?');
        url.push_str(q);
    }
    let api = if method == Method::POST {
        Api::of(provider, &rest)
    } else {
        None
    };
    // Reading the request and recording the prompt wait until the answer is on its way (for a
    // stream: its first tool call or its end): the model's first bytes are not held for them.
    let pending = api.map(|api| Pending {
        api,
        headers: session_headers(&headers),
        body: body.clone(),
        at: crate::pipeline::now(),
    });
    let key = match brokered_key(&state, provider, &rest, &url, &headers).await {
        Ok(k) => k,
        Err(refused) => return refused,
    };
    // In enforce mode a task token that is present but not valid refuses the call, brokered
    // key or not (observe mode records the refusal with the turn and lets the call through).
    if key.is_none() && state.pipeline.mode() == crate::config::Mode::Enforce {
        let token = crate::identity::presented_on_model_call(&headers);
        if let (Some(_), crate::identity::Checked::Invalid(r)) =
            (&token, state.identity.check(token.as_deref()))
        {
            if let Ok(session) = SessionId::new("identity:llm") {
                crate::identity::record_refusal(
                    &state.pipeline,
                    session,
                    &r,
                    "llm",
                    &state.local_agent,
                )
                .await;
            }
            return error_response(
                StatusCode::UNAUTHORIZED,
                provider,
                "Warden refused the presented task token; enforce mode does not forward a model call with an invalid credential",
            );
        }
    }
    let mut req = state.llm.client.request(method, &url);
    for (k, v) in &headers {
        let replaced = key.is_some() && is_api_key_header(k);
        if !crate::forward::skip_request_header(k)
            && !replaced
            && !crate::identity::is_warden_credential(k, v)
        {
            req = req.header(k, v);
        }
    }
    if let Some((k, v)) = key {
        req = req.header(k, v);
    }
    let upstream = match req.body(body).send().await {
        Ok(r) => r,
        Err(e) => {
            // The error's text names the upstream, never a header value.
            tracing::warn!(error = %e.without_url(), provider = provider.as_str(), "model API upstream unreachable");
            if let Some(t) = pending.and_then(|p| p.begin(&state)) {
                let out = Output {
                    error: Some(
                        json!({"type": "upstream_unreachable", "message": "Warden could not reach the model API upstream"}),
                    ),
                    ..Default::default()
                };
                finish(state.clone(), t, out, false, 502).await;
            }
            return error_response(
                StatusCode::BAD_GATEWAY,
                provider,
                "Warden could not reach the model API upstream; check [llm] in warden.toml",
            );
        }
    };
    relay(state, upstream, pending).await
}

/// The headers a client carries its provider API key in (replaced when the key is brokered).
fn is_api_key_header(name: &HeaderName) -> bool {
    name == axum::http::header::AUTHORIZATION || name.as_str() == "x-api-key"
}

/// The provider API key to inject, when `[llm]` names a brokered secret for `provider`: leased
/// to the task whose token the call presents (`Txn-Token`, `X-Warden-Task-Token`) and resolved
/// for the upstream's host, each use a `secret_access` event. `Err` is the refusal to send (no
/// key is forwarded then).
async fn brokered_key(
    state: &Shared,
    provider: Provider,
    rest: &str,
    url: &str,
    headers: &HeaderMap,
) -> Result<Option<(HeaderName, HeaderValue)>, Response> {
    use crate::identity::Checked;
    let Some(secret) = state.llm.config.key_secret(provider) else {
        return Ok(None);
    };
    let token = crate::identity::presented_on_model_call(headers);
    let holder = match state.identity.check(token.as_deref()) {
        Checked::Valid(v) => v,
        Checked::Absent | Checked::Invalid(_) if token.is_none() => {
            return Err(error_response(
                StatusCode::UNAUTHORIZED,
                provider,
                "this provider's API key is brokered by Warden: present the task token in the Txn-Token (or X-Warden-Task-Token) header",
            ));
        }
        Checked::Absent => {
            return Err(error_response(
                StatusCode::UNAUTHORIZED,
                provider,
                "Warden refused the presented task token",
            ));
        }
        Checked::Invalid(r) => {
            if let Ok(session) = SessionId::new("identity:llm") {
                crate::identity::record_refusal(
                    &state.pipeline,
                    session,
                    &r,
                    "llm",
                    &state.local_agent,
                )
                .await;
            }
            return Err(error_response(
                StatusCode::UNAUTHORIZED,
                provider,
                &r.reason,
            ));
        }
    };
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return Err(error_response(
            StatusCode::BAD_GATEWAY,
            provider,
            "the model API upstream's URL is invalid; check [llm] in warden.toml",
        ));
    };
    let host = parsed.host_str().unwrap_or_default().to_owned();
    let authority = match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.clone(),
    };
    let tool = format!("{}/v1/{}", provider.as_str(), rest.trim_start_matches('/'));
    let session = headers
        .get("warden-session")
        .and_then(|v| v.to_str().ok())
        .and_then(|s| SessionId::new(s).ok());
    let released = crate::identity::release(
        &state.pipeline,
        &state.identity,
        &holder,
        secret,
        &[authority.as_str(), host.as_str()],
        Some(&tool),
        session,
    )
    .await
    .map_err(|e| error_response(StatusCode::FORBIDDEN, provider, &e))?;
    let refused = |what: &str| {
        error_response(
            StatusCode::FORBIDDEN,
            provider,
            &format!("the brokered secret {secret} {what}"),
        )
    };
    let Some(text) = released.value.expose_str() else {
        return Err(refused("is not text and cannot be an API key"));
    };
    let (name, value) = match provider {
        Provider::OpenAi => (
            axum::http::header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {text}")),
        ),
        Provider::Anthropic => (
            HeaderName::from_static("x-api-key"),
            HeaderValue::from_str(text),
        ),
    };
    let Ok(mut value) = value else {
        return Err(refused("is not a valid header value"));
    };
    value.set_sensitive(true);
    Ok(Some((name, value)))
}

/// A model call whose capture has not started yet.
struct Pending {
    api: Api,
    /// The headers that name a session.
    headers: HeaderMap,
    body: Bytes,
    /// When the request arrived (the prompt's time).
    at: warden_core::Timestamp,
}

impl Pending {
    /// Reads the request and starts recording its prompt; `None` when the body is not JSON
    /// (nothing of the call is recorded then).
    fn begin(self, state: &Shared) -> Option<Turn> {
        let v: Value = serde_json::from_slice(&self.body).ok()?;
        Some(start_turn(state, self.api, &self.headers, &v, self.at))
    }
}

fn session_headers(headers: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    for name in ["warden-session", "x-claude-code-session-id"] {
        if let Some(v) = headers.get(name) {
            out.insert(name, v.clone());
        }
    }
    // The task token, however it was presented (never the provider key), to attribute the turn.
    if let Some(token) = crate::identity::presented_on_model_call(headers) {
        if let Ok(v) = HeaderValue::from_str(&token) {
            out.insert("txn-token", v);
        }
    }
    out
}

/// Reads the request, picks its session, and starts recording the `prompt` event.
fn start_turn(
    state: &Shared,
    api: Api,
    headers: &HeaderMap,
    body: &Value,
    at: warden_core::Timestamp,
) -> Turn {
    let request = parse_request(api, body);
    let session = session_for(state, api, headers, &request, body);
    let prompt_id = new_event_id();
    let output_id = new_event_id();
    let mut draft = Draft::new(EventKind::Prompt, session.clone(), request.body(api));
    draft.id = Some(prompt_id);
    draft.ts = Some(at);
    // A model call that presents a task token is attributed by it (agent, task, chain); an
    // invalid one is recorded as refused, with its identity alert.
    let token = crate::identity::presented_on_model_call(headers);
    let mut refused = None;
    let holder = match state.identity.check(token.as_deref()) {
        crate::identity::Checked::Valid(v) => {
            crate::identity::attribute(&v, &mut draft);
            Some(v)
        }
        crate::identity::Checked::Invalid(r) if token.is_some() => {
            refused = Some(r);
            None
        }
        _ => None,
    };
    let seen = (!request.text.is_empty()).then(|| Seen::Prompt {
        text: request.text.clone(),
    });
    let st = state.clone();
    let refusal_session = session.clone();
    let prompt = state.background.spawn(async move {
        if let Some(r) = refused {
            crate::identity::record_refusal(
                &st.pipeline,
                refusal_session,
                &r,
                "llm",
                &st.local_agent,
            )
            .await;
        }
        if let Err(e) = st
            .pipeline
            .observe(vec![(draft, seen)], Source::Llm, &st.local_agent)
            .await
        {
            tracing::error!(error = %e, "a model prompt could not be recorded");
        }
    });
    Turn {
        api,
        session,
        prompt_id,
        output_id,
        prompt: Some(prompt),
        denied: Vec::new(),
        holder,
    }
}

/// The session of a model call: the client's `Warden-Session` header; Claude Code's session
/// (its `X-Claude-Code-Session-Id` header, or the `_session_<id>` part of `metadata.user_id`);
/// the session of the Responses answer it continues; else one derived from how the
/// conversation began (its system prompt and first message), which every later turn of the
/// same conversation repeats.
fn session_for(
    state: &Shared,
    api: Api,
    headers: &HeaderMap,
    request: &warden_capture::llm::LlmRequest,
    body: &Value,
) -> SessionId {
    let header = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let named = header("warden-session")
        .or_else(|| header("x-claude-code-session-id"))
        .or_else(|| {
            request
                .conversation
                .as_deref()
                .and_then(|c| c.split_once("_session_").map(|(_, s)| s.to_owned()))
        });
    if let Some(s) = named.and_then(|s| SessionId::new(s).ok()) {
        return s;
    }
    if let Some(c) = &request.conversation {
        if let Some(s) = state.llm.session_of_response(c) {
            return s;
        }
        if c.starts_with("conv") {
            if let Ok(s) = SessionId::new(format!("llm:{c}")) {
                return s;
            }
        }
    }
    let first = match api {
        Api::ChatCompletions | Api::Messages => body
            .get("messages")
            .and_then(Value::as_array)
            .and_then(|m| {
                m.iter()
                    .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
            })
            .cloned(),
        Api::Responses => match body.get("input") {
            Some(Value::Array(items)) => items.first().cloned(),
            other => other.cloned(),
        },
    };
    let seed = json!([api.provider().as_str(), request.system, first]);
    let digest = warden_mcp::manifest::digest_of(&seed);
    let hex = digest.trim_start_matches("sha256:");
    SessionId::new(format!("llm:{}", &hex[..hex.len().min(32)]))
        .unwrap_or_else(|_| crate::mcp::new_session())
}

/// Relays the upstream's answer and records it.
async fn relay(state: Shared, upstream: reqwest::Response, pending: Option<Pending>) -> Response {
    let status = upstream.status();
    let out = crate::forward::response_head(&upstream);
    let encoded = upstream
        .headers()
        .get(axum::http::header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|e| !e.eq_ignore_ascii_case("identity"));
    let Some(pending) = pending else {
        // Not an endpoint Warden records: bytes through, nothing read.
        let stream = upstream.bytes_stream();
        return out
            .body(Body::from_stream(stream))
            .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response());
    };
    let is_sse = crate::relay::is_event_stream(upstream.headers());
    let api = pending.api;
    let provider = api.provider();
    if !is_sse {
        let bytes = upstream.bytes().await;
        let Some(mut turn) = pending.begin(&state) else {
            return match bytes {
                Ok(b) => out
                    .body(Body::from(b))
                    .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response()),
                Err(_) => error_response(
                    StatusCode::BAD_GATEWAY,
                    provider,
                    "the model API upstream's answer was cut off",
                ),
            };
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(_) => {
                let o = Output {
                    error: Some(
                        json!({"type": "upstream_cut_off", "message": "the upstream's answer was cut off"}),
                    ),
                    ..Default::default()
                };
                finish(state.clone(), turn, o, false, status.as_u16()).await;
                return error_response(
                    StatusCode::BAD_GATEWAY,
                    provider,
                    "the model API upstream's answer was cut off",
                );
            }
        };
        let parsed = if encoded {
            None
        } else {
            serde_json::from_slice::<Value>(&bytes).ok()
        };
        let output = match parsed {
            Some(v) => parse_response(turn.api, status.as_u16(), &v),
            None => Output {
                error: (!status.is_success()).then(
                    || json!({"status": status.as_u16(), "message": "the answer was not JSON"}),
                ),
                unreadable: 1,
                ..Default::default()
            },
        };
        for call in &output.tool_calls {
            requested(&state, &mut turn, call);
        }
        let st = state.clone();
        state
            .background
            .spawn(async move { finish(st, turn, output, false, status.as_u16()).await });
        return out
            .body(Body::from(bytes))
            .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response());
    }
    let background = state.background.handle().clone();
    let observer = Captured {
        state,
        encoded,
        status: status.as_u16(),
        reader: SseReader::default(),
        assembler: Reassembler::new(api),
        pending: Some(pending),
        turn: None,
    };
    out.body(crate::relay::relay(
        upstream.bytes_stream(),
        observer,
        &background,
    ))
    .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response())
}

/// Reads a relayed model stream: rebuilds the answer and remembers each tool call the model
/// asked for as soon as it is complete; records the turn when the stream ends.
struct Captured {
    state: Shared,
    /// A compressed stream is relayed, not read.
    encoded: bool,
    status: u16,
    reader: SseReader,
    assembler: Reassembler,
    /// The request, until it is read: at the first tool call or at the end, never while the
    /// first tokens stream.
    pending: Option<Pending>,
    turn: Option<Turn>,
}

impl crate::relay::Observer for Captured {
    async fn chunk(&mut self, chunk: &Bytes) {
        if self.encoded {
            return;
        }
        for event in self.reader.feed(chunk) {
            for call in self.assembler.event(event.event.as_deref(), &event.data) {
                if let Some(p) = self.pending.take() {
                    self.turn = p.begin(&self.state);
                }
                if let Some(t) = self.turn.as_mut() {
                    requested(&self.state, t, &call);
                }
            }
        }
    }

    async fn end(mut self, _how: crate::relay::End) {
        if let Some(p) = self.pending.take() {
            self.turn = p.begin(&self.state);
        }
        if let Some(turn) = self.turn {
            finish(self.state, turn, self.assembler.finish(), true, self.status).await;
        }
    }
}

/// A tool call the model asked for, complete: decided (with `gate_tool_calls`) and
/// remembered for the execution that follows.
fn requested(state: &Shared, turn: &mut Turn, call: &ToolCall) {
    let denied = if state.llm.config.gate_tool_calls {
        state.pipeline.assess_requested(
            &turn.session,
            &state.local_agent,
            &call.name,
            &call.arguments,
        )
    } else {
        None
    };
    if let Some(reason) = &denied {
        turn.denied.push((call.id.clone(), reason.clone()));
    }
    state
        .pipeline
        .model_calls()
        .remember(turn.output_id, &turn.session, call, denied);
}

/// Records the `model_output` event (after the prompt's).
async fn finish(state: Shared, mut turn: Turn, output: Output, streamed: bool, status: u16) {
    if let Some(p) = turn.prompt.take() {
        let _ = p.await;
    }
    if let Some(id) = &output.id {
        state.llm.remember_response(id, &turn.session);
    }
    let mut body = output.body(turn.api, streamed, status);
    if state.llm.config.gate_tool_calls {
        if let Some(Value::Array(calls)) = body.get_mut("tool_calls") {
            for c in calls {
                let id = c.get("id").and_then(Value::as_str).unwrap_or("").to_owned();
                match turn.denied.iter().find(|(d, _)| *d == id) {
                    Some((_, reason)) => {
                        c["would_be"] = json!("deny");
                        c["reason"] = json!(reason);
                    }
                    None => c["would_be"] = json!("allow"),
                }
            }
        }
    }
    let mut draft = Draft::new(EventKind::ModelOutput, turn.session.clone(), body);
    draft.id = Some(turn.output_id);
    draft.correlation.parent_id = Some(turn.prompt_id);
    if let Some(holder) = &turn.holder {
        crate::identity::attribute(holder, &mut draft);
    }
    let seen = (!output.text.is_empty()).then(|| Seen::ModelOutput {
        text: output.text.clone(),
    });
    if let Err(e) = state
        .pipeline
        .observe(vec![(draft, seen)], Source::Llm, &state.local_agent)
        .await
    {
        tracing::error!(error = %e, "a model output could not be recorded");
    }
}

impl std::fmt::Debug for LlmHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmHub")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sid(s: &str) -> SessionId {
        SessionId::new(s.to_owned()).unwrap()
    }

    fn call(id: &str, name: &str, args: Value) -> ToolCall {
        ToolCall {
            id: id.into(),
            name: name.into(),
            arguments: args,
            arguments_valid: true,
            index: 0,
        }
    }

    #[test]
    fn requested_calls_are_claimed_by_id_then_by_name_and_arguments() {
        let r = Requested::default();
        let e1 = EventId::from_parts(1, &[1; 10]);
        r.remember(
            e1,
            &sid("s"),
            &call("toolu_1", "Bash", json!({"command": "ls"})),
            None,
        );
        r.remember(
            e1,
            &sid("s"),
            &call("call_2", "get_issue", json!({"n": 7})),
            Some("no".into()),
        );
        assert!(r
            .claim(Some("toolu_x"), "Bash", &json!({"command": "pwd"}))
            .is_none());
        let c = r.claim(Some("toolu_1"), "Bash", &json!({})).expect("by id");
        assert_eq!(c.event, e1);
        assert!(
            r.claim(Some("toolu_1"), "Bash", &json!({})).is_none(),
            "once"
        );
        // An MCP call carries no id: matched by bare tool name and arguments.
        assert!(r
            .claim(None, "mcp__gh__get_issue", &json!({"n": 8}))
            .is_none());
        let c = r
            .claim(None, "mcp__gh__get_issue", &json!({"n": 7}))
            .expect("by name and digest");
        assert_eq!(c.denied.as_deref(), Some("no"));
        assert_eq!(c.call_id, "call_2");
    }

    #[test]
    fn the_registry_is_bounded() {
        let r = Requested::default();
        let e = EventId::from_parts(1, &[1; 10]);
        for i in 0..(CAPACITY + 10) {
            r.remember(e, &sid("s"), &call(&format!("c{i}"), "t", json!(i)), None);
        }
        assert!(lock(&r.inner).by_id.len() <= CAPACITY);
        assert!(
            r.claim(Some("c0"), "t", &json!(0)).is_none(),
            "oldest dropped"
        );
        assert!(r
            .claim(Some(&format!("c{}", CAPACITY + 9)), "t", &json!(0))
            .is_some());
    }

    #[test]
    fn config_urls_are_checked() {
        assert!(LlmConfig::default().validate().is_ok());
        let bad = LlmConfig {
            openai_base_url: "ftp://x".into(),
            ..Default::default()
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn model_calls_present_the_task_token_beside_the_provider_key() {
        use crate::identity::{is_warden_credential, presented_on_model_call};
        use base64::Engine as _;
        let head = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"alg":"ES256","typ":"txntoken+jwt","kid":"k"}"#);
        let task = format!("{head}.e30.sig");
        let mut h = HeaderMap::new();
        h.insert("authorization", HeaderValue::from_static("Bearer sk-dummy"));
        assert_eq!(presented_on_model_call(&h), None);
        h.insert("x-warden-task-token", HeaderValue::from_static("tok2"));
        assert_eq!(presented_on_model_call(&h).as_deref(), Some("tok2"));
        h.insert("txn-token", HeaderValue::from_static(" tok1 "));
        assert_eq!(presented_on_model_call(&h).as_deref(), Some("tok1"));
        let mut h = HeaderMap::new();
        let bearer = HeaderValue::from_str(&format!("Bearer {task}")).unwrap();
        h.insert("authorization", bearer.clone());
        assert_eq!(presented_on_model_call(&h).as_deref(), Some(task.as_str()));

        let auth = HeaderName::from_static("authorization");
        assert!(is_warden_credential(&auth, &bearer));
        assert!(!is_warden_credential(
            &auth,
            &HeaderValue::from_static("Bearer sk-x")
        ));
        for name in ["txn-token", "x-warden-task-token"] {
            let name = HeaderName::from_static(name);
            assert!(is_warden_credential(&name, &HeaderValue::from_static("t")));
        }
        assert!(is_api_key_header(&HeaderName::from_static("x-api-key")));
        assert!(!is_api_key_header(&HeaderName::from_static(
            "anthropic-version"
        )));
    }

    #[test]
    fn key_secrets_are_checked_and_picked_per_provider() {
        let c = LlmConfig {
            openai_key_secret: Some("openai-key".into()),
            ..Default::default()
        };
        assert!(c.validate().is_ok());
        assert_eq!(c.key_secret(Provider::OpenAi), Some("openai-key"));
        assert_eq!(c.key_secret(Provider::Anthropic), None);
        let bad = LlmConfig {
            anthropic_key_secret: Some("no spaces allowed".into()),
            ..Default::default()
        };
        assert!(bad.validate().is_err());
    }
}
