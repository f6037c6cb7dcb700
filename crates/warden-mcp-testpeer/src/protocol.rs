//! Transport-independent MCP behaviour of the test peer: the fixtures (tools, resources, prompts)
//! that the official conformance suite calls by name, and the method dispatch for both spec eras.
//!
//! Why by hand rather than rmcp: the peer must speak the stateful `2025-11-25` era and the stateless
//! `2026-07-28` era (server/discover, per-request `_meta`, `input_required` results, listen
//! streams) on one endpoint, and must produce exactly the edge-case errors the suite probes
//! (HTTP status + JSON-RPC code pairs). Those are transport details an SDK hides; here they are
//! the point, so the JSON-RPC layer is plain `serde_json::Value`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::Sha256;
use tokio::sync::{broadcast, oneshot};

/// Protocol versions served with the stateful lifecycle (initialize + session).
pub const STATEFUL_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];
/// The stateless protocol version (per-request `_meta`, no initialize).
pub const STATELESS_VERSION: &str = "2026-07-28";

pub const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
pub const META_CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
pub const META_LOG_LEVEL: &str = "io.modelcontextprotocol/logLevel";
pub const META_SERVER_INFO: &str = "io.modelcontextprotocol/serverInfo";
pub const META_SUBSCRIPTION_ID: &str = "io.modelcontextprotocol/subscriptionId";

/// A 1x1 red PNG.
pub const PNG_BASE64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
/// A tiny 8 kHz mono WAV (8 samples of silence).
pub const WAV_BASE64: &str =
    "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";

pub fn server_info() -> Value {
    json!({"name": "warden-mcp-testpeer", "version": env!("CARGO_PKG_VERSION")})
}

/// A JSON-RPC error, with the HTTP status the stateless era pairs it with.
#[derive(Debug, Clone)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl RpcError {
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        RpcError {
            code,
            message: message.into(),
            data: None,
        }
    }
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }
    pub fn parse(msg: impl Into<String>) -> Self {
        Self::new(-32700, msg)
    }
    pub fn invalid_request(msg: impl Into<String>) -> Self {
        Self::new(-32600, msg)
    }
    pub fn method_not_found(method: &str) -> Self {
        Self::new(-32601, format!("Method not found: {method}"))
    }
    pub fn invalid_params(msg: impl Into<String>) -> Self {
        Self::new(-32602, msg)
    }
    pub fn internal(msg: impl Into<String>) -> Self {
        Self::new(-32603, msg)
    }
    pub fn header_mismatch(msg: impl Into<String>) -> Self {
        Self::new(-32020, msg)
    }
    pub fn missing_capability(cap: &str) -> Self {
        Self::new(-32021, format!("Missing required client capability: {cap}"))
            .with_data(json!({"requiredCapabilities": {cap: {}}}))
    }
    pub fn unsupported_version(requested: &str) -> Self {
        Self::new(-32022, "Unsupported protocol version")
            .with_data(json!({"supported": [STATELESS_VERSION], "requested": requested}))
    }
    /// The HTTP status for this error on the stateless wire.
    pub fn http_status(&self) -> u16 {
        match self.code {
            -32601 => 404,
            -32700 | -32600 | -32602 | -32020 | -32021 | -32022 => 400,
            _ => 500,
        }
    }
    pub fn to_json(&self) -> Value {
        let mut e = json!({"code": self.code, "message": self.message});
        if let Some(d) = &self.data {
            e["data"] = d.clone();
        }
        e
    }
}

pub fn response(id: &Value, result: Result<Value, RpcError>) -> Value {
    match result {
        Ok(r) => json!({"jsonrpc": "2.0", "id": id, "result": r}),
        Err(e) => json!({"jsonrpc": "2.0", "id": id, "error": e.to_json()}),
    }
}

/// What a handler emits besides its result.
#[derive(Debug)]
pub enum Out {
    /// A JSON-RPC message (notification or server→client request) for the client.
    Message(Value),
    /// Close the response stream now (the result will follow on a resumed stream).
    CloseStream,
}

type SinkFn = dyn Fn(Out) + Send + Sync;
/// Requests the server sent to the client, waiting for the client's response.
pub type Pending = Arc<Mutex<HashMap<String, oneshot::Sender<Value>>>>;

/// Where a handler's notifications and server→client requests go.
#[derive(Clone)]
pub struct Outbox {
    sink: Arc<SinkFn>,
    pending: Pending,
    next_id: Arc<AtomicU64>,
    /// Server→client requests are allowed (stateful era only).
    can_request: bool,
}

impl Outbox {
    pub fn new(
        sink: Arc<SinkFn>,
        pending: Pending,
        next_id: Arc<AtomicU64>,
        can_request: bool,
    ) -> Self {
        Outbox {
            sink,
            pending,
            next_id,
            can_request,
        }
    }
    pub fn notify(&self, method: &str, params: Value) {
        (self.sink)(Out::Message(
            json!({"jsonrpc": "2.0", "method": method, "params": params}),
        ));
    }
    pub fn close_stream(&self) {
        (self.sink)(Out::CloseStream);
    }
    /// Send a request to the client and wait (up to 60 s) for its response.
    pub async fn request(&self, method: &str, params: Value) -> Result<Value, RpcError> {
        if !self.can_request {
            return Err(RpcError::invalid_request(format!(
                "{method}: server-to-client requests are not available on the stateless wire; use input_required"
            )));
        }
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        let id = json!(format!("srv-{n}"));
        let (tx, rx) = oneshot::channel();
        lock(&self.pending).insert(id.to_string(), tx);
        (self.sink)(Out::Message(
            json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        ));
        let reply = match tokio::time::timeout(Duration::from_secs(60), rx).await {
            Ok(Ok(v)) => v,
            _ => {
                lock(&self.pending).remove(&id.to_string());
                return Err(RpcError::internal(format!(
                    "client did not answer {method} in time"
                )));
            }
        };
        if let Some(err) = reply.get("error") {
            return Err(RpcError::internal(format!(
                "client answered {method} with error: {err}"
            )));
        }
        Ok(reply.get("result").cloned().unwrap_or(Value::Null))
    }
}

/// Deliver a client's response to a server→client request. Returns false if nobody waits for it.
pub fn deliver_response(pending: &Pending, msg: &Value) -> bool {
    let Some(id) = msg.get("id") else {
        return false;
    };
    match lock(pending).remove(&id.to_string()) {
        Some(tx) => tx.send(msg.clone()).is_ok(),
        None => false,
    }
}

pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Process-wide state shared by every session and stateless request.
pub struct Shared {
    key: [u8; 32],
    /// List-changed events ("tools" / "prompts") for listen streams and sessions.
    pub changes: broadcast::Sender<&'static str>,
    next_sub: AtomicU64,
}

impl Default for Shared {
    fn default() -> Self {
        Self::new()
    }
}

impl Shared {
    pub fn new() -> Self {
        use sha2::Digest;
        let mut h = Sha256::new();
        h.update(uuid::Uuid::now_v7().as_bytes());
        h.update(uuid::Uuid::now_v7().as_bytes());
        h.update(std::process::id().to_le_bytes());
        let key: [u8; 32] = h.finalize().into();
        let (changes, _) = broadcast::channel(64);
        Shared {
            key,
            changes,
            next_sub: AtomicU64::new(1),
        }
    }
    pub fn next_subscription_id(&self) -> String {
        format!("sub-{}", self.next_sub.fetch_add(1, Ordering::Relaxed))
    }
    fn sign(&self, payload: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        let tag = mac.finalize().into_bytes();
        tag.iter().map(|b| format!("{b:02x}")).collect()
    }
    /// Integrity-protected, opaque request state for `input_required` flows.
    pub fn seal_state(&self, v: &Value) -> String {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        let sig = self.sign(&payload);
        format!("{payload}.{sig}")
    }
    pub fn open_state(&self, s: &str) -> Result<Value, RpcError> {
        let bad = || RpcError::invalid_params("requestState failed integrity verification");
        let (payload, sig) = s.rsplit_once('.').ok_or_else(bad)?;
        if self.sign(payload) != sig {
            return Err(bad());
        }
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| bad())?;
        serde_json::from_slice(&raw).map_err(|_| bad())
    }
}

/// Which lifecycle a request arrived under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    Stateful,
    Stateless,
}

/// Logging threshold: `OFF` sends nothing.
pub const LOG_OFF: u8 = u8::MAX;

pub fn log_level_rank(level: &str) -> Option<u8> {
    [
        "debug",
        "info",
        "notice",
        "warning",
        "error",
        "critical",
        "alert",
        "emergency",
    ]
    .iter()
    .position(|l| *l == level)
    .map(|p| p as u8)
}

/// Everything a method handler may use.
#[derive(Clone)]
pub struct Ctx {
    pub era: Era,
    pub client_caps: Value,
    pub log_level: Arc<AtomicU8>,
    pub out: Outbox,
    pub shared: Arc<Shared>,
}

impl Ctx {
    fn has_cap(&self, cap: &str) -> bool {
        self.client_caps.get(cap).is_some_and(|v| !v.is_null())
    }
    fn log(&self, level: &str, data: &str) {
        let threshold = self.log_level.load(Ordering::Relaxed);
        if threshold == LOG_OFF {
            return;
        }
        if log_level_rank(level).unwrap_or(0) >= threshold {
            self.out.notify(
                "notifications/message",
                json!({"level": level, "logger": "testpeer", "data": data}),
            );
        }
    }
}

pub fn server_capabilities(era: Era) -> Value {
    match era {
        Era::Stateful => json!({
            "tools": {"listChanged": true},
            "prompts": {"listChanged": true},
            "resources": {"subscribe": true, "listChanged": true},
            "logging": {},
            "completions": {},
        }),
        Era::Stateless => json!({
            "tools": {"listChanged": true},
            "prompts": {"listChanged": true},
            "resources": {},
            "logging": {},
            "completions": {},
        }),
    }
}

/// The `initialize` result for a stateful session.
pub fn initialize_result(requested: Option<&str>) -> Value {
    let version = match requested {
        Some(v) if STATEFUL_VERSIONS.contains(&v) => v,
        _ => STATEFUL_VERSIONS[0],
    };
    json!({
        "protocolVersion": version,
        "capabilities": server_capabilities(Era::Stateful),
        "serverInfo": server_info(),
        "instructions": "Warden MCP test peer: implements every server scenario of the MCP conformance suite.",
    })
}

/// Methods a stateless (2026-07-28) server serves; everything else is 404 / -32601.
pub const STATELESS_METHODS: &[&str] = &[
    "server/discover",
    "tools/list",
    "tools/call",
    "prompts/list",
    "prompts/get",
    "resources/list",
    "resources/templates/list",
    "resources/read",
    "completion/complete",
    "subscriptions/listen",
];

const CACHEABLE: &[&str] = &[
    "server/discover",
    "tools/list",
    "prompts/list",
    "resources/list",
    "resources/templates/list",
    "resources/read",
];

/// Dispatch one request. `params` is the request's params object (or `{}`).
pub async fn handle(ctx: &Ctx, method: &str, params: &Value) -> Result<Value, RpcError> {
    let result = match (ctx.era, method) {
        (Era::Stateful, "ping") => Ok(json!({})),
        (Era::Stateful, "logging/setLevel") => {
            let level = params.get("level").and_then(Value::as_str).unwrap_or("");
            let rank = log_level_rank(level)
                .ok_or_else(|| RpcError::invalid_params(format!("unknown log level '{level}'")))?;
            ctx.log_level.store(rank, Ordering::Relaxed);
            Ok(json!({}))
        }
        (Era::Stateful, "resources/subscribe") | (Era::Stateful, "resources/unsubscribe") => {
            params
                .get("uri")
                .and_then(Value::as_str)
                .ok_or_else(|| RpcError::invalid_params("missing uri"))?;
            Ok(json!({}))
        }
        (Era::Stateless, "server/discover") => Ok(json!({
            "supportedVersions": [STATELESS_VERSION],
            "capabilities": server_capabilities(Era::Stateless),
            "instructions": "Warden MCP test peer: implements every server scenario of the MCP conformance suite.",
            "_meta": {META_SERVER_INFO: server_info()},
        })),
        (_, "tools/list") => Ok(json!({"tools": tools()})),
        (_, "tools/call") => call_tool(ctx, params).await,
        (_, "resources/list") => Ok(json!({"resources": resources()})),
        (_, "resources/templates/list") => Ok(json!({"resourceTemplates": [{
            "uriTemplate": "test://template/{id}/data",
            "name": "template-data",
            "description": "A resource template whose {id} is substituted into the content",
            "mimeType": "application/json",
        }]})),
        (_, "resources/read") => read_resource(params),
        (_, "prompts/list") => Ok(json!({"prompts": prompts()})),
        (_, "prompts/get") => get_prompt(params),
        (_, "completion/complete") => complete(params),
        _ => Err(RpcError::method_not_found(method)),
    };
    let mut result = result?;
    if ctx.era == Era::Stateless {
        if let Some(obj) = result.as_object_mut() {
            obj.entry("resultType").or_insert(json!("complete"));
            if CACHEABLE.contains(&method) && obj.get("resultType") == Some(&json!("complete")) {
                obj.entry("ttlMs").or_insert(json!(0));
                obj.entry("cacheScope").or_insert(json!("private"));
            }
        }
    }
    Ok(result)
}

fn text(t: impl Into<String>) -> Value {
    json!({"type": "text", "text": t.into()})
}

fn tool(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "description": description, "inputSchema": schema})
}

fn no_args() -> Value {
    json!({"type": "object", "properties": {}})
}

fn string_arg(name: &str, desc: &str) -> Value {
    json!({"type": "object", "properties": {name: {"type": "string", "description": desc}}, "required": [name]})
}

pub fn tools() -> Vec<Value> {
    vec![
        tool(
            "test_simple_text",
            "Returns a simple text response",
            no_args(),
        ),
        tool("test_image_content", "Returns a 1x1 PNG image", no_args()),
        tool("test_audio_content", "Returns a tiny WAV clip", no_args()),
        tool(
            "test_embedded_resource",
            "Returns an embedded text resource",
            no_args(),
        ),
        tool(
            "test_multiple_content_types",
            "Returns text, image and resource content",
            no_args(),
        ),
        tool(
            "test_tool_with_logging",
            "Sends three info log messages while running",
            no_args(),
        ),
        tool(
            "test_error_handling",
            "Always fails with isError: true",
            no_args(),
        ),
        tool(
            "test_tool_with_progress",
            "Reports progress 0, 50, 100 of 100",
            no_args(),
        ),
        tool(
            "test_sampling",
            "Asks the client to sample an LLM",
            string_arg("prompt", "The prompt to send to the LLM"),
        ),
        tool(
            "test_elicitation",
            "Asks the user for input",
            string_arg("message", "The message to show the user"),
        ),
        tool(
            "test_elicitation_sep1034_defaults",
            "Elicitation with defaults for every primitive type",
            no_args(),
        ),
        tool(
            "test_elicitation_sep1330_enums",
            "Elicitation with all five enum schema variants",
            no_args(),
        ),
        tool(
            "test_reconnection",
            "Closes its SSE stream mid-call; the result arrives on a resumed stream",
            no_args(),
        ),
        tool(
            "json_schema_2020_12_tool",
            "Tool with JSON Schema 2020-12 features",
            json_schema_2020_12(),
        ),
        tool(
            "test_missing_capability",
            "Requires the sampling client capability",
            no_args(),
        ),
        tool(
            "test_streaming_elicitation",
            "Needs user input (returned as input_required)",
            no_args(),
        ),
        tool(
            "test_logging_tool",
            "Logs only when the request asked for a log level",
            no_args(),
        ),
        tool(
            "test_trigger_tool_change",
            "Announces that the tool list changed",
            no_args(),
        ),
        tool(
            "test_trigger_prompt_change",
            "Announces that the prompt list changed",
            no_args(),
        ),
        tool(
            "test_input_required_result_elicitation",
            "input_required: one elicitation",
            no_args(),
        ),
        tool(
            "test_input_required_result_sampling",
            "input_required: one sampling request",
            no_args(),
        ),
        tool(
            "test_input_required_result_list_roots",
            "input_required: one roots/list request",
            no_args(),
        ),
        tool(
            "test_input_required_result_request_state",
            "input_required with requestState",
            no_args(),
        ),
        tool(
            "test_input_required_result_multiple_inputs",
            "input_required: elicitation, sampling and roots",
            no_args(),
        ),
        tool(
            "test_input_required_result_multi_round",
            "input_required over two rounds",
            no_args(),
        ),
        tool(
            "test_input_required_result_tampered_state",
            "input_required with HMAC-protected state",
            no_args(),
        ),
        tool(
            "test_input_required_result_capabilities",
            "input_required only for declared capabilities",
            no_args(),
        ),
    ]
}

fn json_schema_2020_12() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "$defs": {
            "address": {
                "$anchor": "addressDef",
                "type": "object",
                "properties": {"street": {"type": "string"}, "city": {"type": "string"}},
            }
        },
        "properties": {
            "name": {"type": "string"},
            "address": {"$ref": "#/$defs/address"},
            "contactMethod": {"type": "string", "enum": ["phone", "email"]},
            "phone": {"type": "string"},
            "email": {"type": "string"},
        },
        "allOf": [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
        "if": {"properties": {"contactMethod": {"const": "phone"}}, "required": ["contactMethod"]},
        "then": {"required": ["phone"]},
        "else": {"required": ["email"]},
        "additionalProperties": false,
    })
}

fn ok_content(content: Vec<Value>) -> Result<Value, RpcError> {
    Ok(json!({"content": content}))
}

async fn call_tool(ctx: &Ctx, params: &Value) -> Result<Value, RpcError> {
    let name = params
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| RpcError::invalid_params("missing tool name"))?;
    let empty = json!({});
    let args = params.get("arguments").unwrap_or(&empty);
    let progress_token = params.pointer("/_meta/progressToken").cloned();
    match name {
        "test_simple_text" => ok_content(vec![text("This is a simple text response for testing.")]),
        "test_image_content" => ok_content(vec![json!({"type": "image", "data": PNG_BASE64, "mimeType": "image/png"})]),
        "test_audio_content" => ok_content(vec![json!({"type": "audio", "data": WAV_BASE64, "mimeType": "audio/wav"})]),
        "test_embedded_resource" => ok_content(vec![json!({"type": "resource", "resource": {
            "uri": "test://embedded-resource", "mimeType": "text/plain", "text": "This is an embedded resource content."}})]),
        "test_multiple_content_types" => ok_content(vec![
            text("Multiple content types test:"),
            json!({"type": "image", "data": PNG_BASE64, "mimeType": "image/png"}),
            json!({"type": "resource", "resource": {"uri": "test://mixed-content-resource",
                "mimeType": "application/json", "text": "{\"test\":\"data\",\"value\":123}"}}),
        ]),
        "test_tool_with_logging" | "test_logging_tool" => {
            ctx.log("info", "Tool execution started");
            tokio::time::sleep(Duration::from_millis(50)).await;
            ctx.log("info", "Tool processing data");
            tokio::time::sleep(Duration::from_millis(50)).await;
            ctx.log("info", "Tool execution completed");
            ok_content(vec![text("Logging tool completed; sent 3 log messages")])
        }
        "test_error_handling" => Ok(json!({"isError": true,
            "content": [text("This tool intentionally returns an error for testing")]})),
        "test_tool_with_progress" => {
            for (i, p) in [0, 50, 100].into_iter().enumerate() {
                if i > 0 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                if let Some(tok) = &progress_token {
                    ctx.out.notify("notifications/progress", json!({"progressToken": tok, "progress": p, "total": 100}));
                }
            }
            ok_content(vec![text("Progress tool completed")])
        }
        "test_sampling" => {
            let prompt = args.get("prompt").and_then(Value::as_str).unwrap_or("Hello");
            if !ctx.has_cap("sampling") {
                return tool_error("client does not support sampling (no sampling capability)");
            }
            let r = ctx.out.request("sampling/createMessage", json!({
                "messages": [{"role": "user", "content": {"type": "text", "text": prompt}}],
                "maxTokens": 100,
            })).await?;
            let answer = r.pointer("/content/text").and_then(Value::as_str).unwrap_or("");
            ok_content(vec![text(format!("LLM response: {answer}"))])
        }
        "test_elicitation" => {
            let message = args.get("message").and_then(Value::as_str).unwrap_or("Please provide your details");
            elicit(ctx, message, json!({
                "type": "object",
                "properties": {
                    "username": {"type": "string", "description": "User's response"},
                    "email": {"type": "string", "description": "User's email address"},
                },
                "required": ["username", "email"],
            }), "User response").await
        }
        "test_elicitation_sep1034_defaults" => elicit(ctx, "Please review and update the form fields with defaults", json!({
            "type": "object",
            "properties": {
                "name": {"type": "string", "description": "User name", "default": "John Doe"},
                "age": {"type": "integer", "description": "User age", "default": 30},
                "score": {"type": "number", "description": "User score", "default": 95.5},
                "status": {"type": "string", "description": "User status", "enum": ["active", "inactive", "pending"], "default": "active"},
                "verified": {"type": "boolean", "description": "Verification status", "default": true},
            },
            "required": [],
        }), "Elicitation completed").await,
        "test_elicitation_sep1330_enums" => elicit(ctx, "Please select options from the enum fields", json!({
            "type": "object",
            "properties": {
                "untitledSingle": {"type": "string", "description": "Untitled single-select", "enum": ["option1", "option2", "option3"]},
                "titledSingle": {"type": "string", "description": "Titled single-select", "oneOf": [
                    {"const": "value1", "title": "First Option"},
                    {"const": "value2", "title": "Second Option"},
                    {"const": "value3", "title": "Third Option"}]},
                "legacyEnum": {"type": "string", "description": "Legacy titled enum", "enum": ["opt1", "opt2", "opt3"],
                    "enumNames": ["Option One", "Option Two", "Option Three"]},
                "untitledMulti": {"type": "array", "description": "Untitled multi-select",
                    "items": {"type": "string", "enum": ["option1", "option2", "option3"]}},
                "titledMulti": {"type": "array", "description": "Titled multi-select", "items": {"anyOf": [
                    {"const": "value1", "title": "First Choice"},
                    {"const": "value2", "title": "Second Choice"},
                    {"const": "value3", "title": "Third Choice"}]}},
            },
            "required": [],
        }), "Elicitation completed").await,
        "test_reconnection" => {
            tokio::time::sleep(Duration::from_millis(50)).await;
            ctx.out.close_stream();
            tokio::time::sleep(Duration::from_millis(200)).await;
            ok_content(vec![text("Reconnection test completed: result delivered after the stream was closed")])
        }
        "json_schema_2020_12_tool" => ok_content(vec![text(format!("Received arguments: {args}"))]),
        "test_missing_capability" => {
            if !ctx.has_cap("sampling") {
                return Err(RpcError::missing_capability("sampling"));
            }
            ok_content(vec![text("sampling capability present")])
        }
        "test_streaming_elicitation" => {
            if ctx.era == Era::Stateless && !ctx.has_cap("elicitation") {
                return Err(RpcError::missing_capability("elicitation"));
            }
            if let Some(r) = params.pointer("/inputResponses/confirm") {
                return ok_content(vec![text(format!("Streaming elicitation answered: {r}"))]);
            }
            Ok(input_required(json!({"confirm": elicitation_request("Continue?", "ok", "boolean")}), None))
        }
        "test_trigger_tool_change" => {
            let _ = ctx.shared.changes.send("tools");
            ctx.out.notify("notifications/tools/list_changed", json!({}));
            ok_content(vec![text("tool list change announced")])
        }
        "test_trigger_prompt_change" => {
            let _ = ctx.shared.changes.send("prompts");
            ctx.out.notify("notifications/prompts/list_changed", json!({}));
            ok_content(vec![text("prompt list change announced")])
        }
        n if n.starts_with("test_input_required_result_") => input_required_tool(ctx, n, params),
        other => Err(RpcError::invalid_params(format!("Unknown tool: {other}"))),
    }
}

fn tool_error(msg: &str) -> Result<Value, RpcError> {
    Ok(json!({"isError": true, "content": [text(msg)]}))
}

async fn elicit(ctx: &Ctx, message: &str, schema: Value, label: &str) -> Result<Value, RpcError> {
    if !ctx.has_cap("elicitation") {
        return tool_error("client does not support elicitation (no elicitation capability)");
    }
    let r = ctx
        .out
        .request(
            "elicitation/create",
            json!({"message": message, "requestedSchema": schema}),
        )
        .await?;
    let action = r.get("action").and_then(Value::as_str).unwrap_or("unknown");
    let content = r.get("content").cloned().unwrap_or(json!({}));
    ok_content(vec![text(format!(
        "{label}: action={action}, content={content}"
    ))])
}

// ---- input_required (SEP-2322, multi round-trip requests) ----

fn elicitation_request(message: &str, field: &str, ty: &str) -> Value {
    json!({"method": "elicitation/create", "params": {
        "message": message,
        "requestedSchema": {"type": "object", "properties": {field: {"type": ty}}, "required": [field]},
    }})
}

fn sampling_request(prompt: &str, max_tokens: u32) -> Value {
    json!({"method": "sampling/createMessage", "params": {
        "messages": [{"role": "user", "content": {"type": "text", "text": prompt}}],
        "maxTokens": max_tokens,
    }})
}

fn roots_request() -> Value {
    json!({"method": "roots/list", "params": {}})
}

fn input_required(requests: Value, state: Option<String>) -> Value {
    let mut r = json!({"resultType": "input_required", "inputRequests": requests});
    if let Some(s) = state {
        r["requestState"] = json!(s);
    }
    r
}

/// Validated `inputResponses`: `None` when absent; an error when present but malformed.
fn input_responses(params: &Value) -> Result<Option<&Map<String, Value>>, RpcError> {
    match params.get("inputResponses") {
        None => Ok(None),
        Some(Value::Object(m)) => {
            for (k, v) in m {
                if !v.is_object() {
                    return Err(RpcError::invalid_params(format!(
                        "inputResponses.{k} must be an object"
                    )));
                }
            }
            Ok(Some(m))
        }
        Some(_) => Err(RpcError::invalid_params("inputResponses must be an object")),
    }
}

/// The round recorded in a verified requestState for `flow`; 0 when there is no state.
fn state_round(ctx: &Ctx, params: &Value, flow: &str) -> Result<u64, RpcError> {
    let Some(s) = params.get("requestState") else {
        return Ok(0);
    };
    let s = s
        .as_str()
        .ok_or_else(|| RpcError::invalid_params("requestState must be a string"))?;
    let v = ctx.shared.open_state(s)?;
    if v.get("flow").and_then(Value::as_str) != Some(flow) {
        return Err(RpcError::invalid_params(
            "requestState belongs to a different request",
        ));
    }
    Ok(v.get("round").and_then(Value::as_u64).unwrap_or(0))
}

fn seal(ctx: &Ctx, flow: &str, round: u64) -> Option<String> {
    Some(
        ctx.shared
            .seal_state(&json!({"flow": flow, "round": round})),
    )
}

fn answer_text(resp: &Value) -> String {
    if let Some(c) = resp.get("content") {
        if let Some(t) = c.get("text").and_then(Value::as_str) {
            return t.to_string();
        }
        return c.to_string();
    }
    if let Some(roots) = resp.get("roots").and_then(Value::as_array) {
        let uris: Vec<&str> = roots
            .iter()
            .filter_map(|r| r.get("uri").and_then(Value::as_str))
            .collect();
        return format!("roots: {}", uris.join(", "));
    }
    resp.to_string()
}

fn input_required_tool(ctx: &Ctx, name: &str, params: &Value) -> Result<Value, RpcError> {
    let responses = input_responses(params)?;
    let has = |k: &str| responses.and_then(|m| m.get(k));
    let flow = name.trim_start_matches("test_input_required_result_");
    let round = state_round(ctx, params, flow)?;
    match flow {
        "elicitation" => match has("user_name") {
            Some(r) => {
                let who = r
                    .pointer("/content/name")
                    .and_then(Value::as_str)
                    .unwrap_or("stranger");
                ok_content(vec![text(format!("Hello, {who}!"))])
            }
            None => Ok(input_required(
                json!({"user_name": elicitation_request("What is your name?", "name", "string")}),
                None,
            )),
        },
        "sampling" => match has("capital_question") {
            Some(r) => ok_content(vec![text(format!("Sampling said: {}", answer_text(r)))]),
            None => Ok(input_required(
                json!({"capital_question": sampling_request("What is the capital of France?", 100)}),
                None,
            )),
        },
        "list_roots" => match has("client_roots") {
            Some(r) => ok_content(vec![text(format!("Client {}", answer_text(r)))]),
            None => Ok(input_required(
                json!({"client_roots": roots_request()}),
                None,
            )),
        },
        "request_state" | "tampered_state" => match (has("confirm"), round) {
            (Some(r), 1) => ok_content(vec![text(format!(
                "state-ok: confirmed {}",
                answer_text(r)
            ))]),
            _ => Ok(input_required(
                json!({"confirm": elicitation_request("Please confirm", "ok", "boolean")}),
                seal(ctx, flow, 1),
            )),
        },
        "multiple_inputs" => match (
            has("user_name"),
            has("greeting"),
            has("client_roots"),
            round,
        ) {
            (Some(a), Some(b), Some(c), 1) => ok_content(vec![text(format!(
                "All inputs received: name={}, greeting={}, {}",
                answer_text(a),
                answer_text(b),
                answer_text(c)
            ))]),
            _ => Ok(input_required(
                json!({
                    "user_name": elicitation_request("What is your name?", "name", "string"),
                    "greeting": sampling_request("Generate a greeting", 50),
                    "client_roots": roots_request(),
                }),
                seal(ctx, flow, 1),
            )),
        },
        "multi_round" => match (round, has("step1"), has("step2")) {
            (2, _, Some(r)) => ok_content(vec![text(format!(
                "Multi-round complete: {}",
                answer_text(r)
            ))]),
            (1, Some(_), _) | (2, _, None) => Ok(input_required(
                json!({"step2": elicitation_request("Step 2: What is your favorite color?", "color", "string")}),
                seal(ctx, flow, 2),
            )),
            _ => Ok(input_required(
                json!({"step1": elicitation_request("Step 1: What is your name?", "name", "string")}),
                seal(ctx, flow, 1),
            )),
        },
        "capabilities" => {
            let mut wanted = Map::new();
            if ctx.has_cap("elicitation") && has("user_name").is_none() {
                wanted.insert(
                    "user_name".into(),
                    elicitation_request("What is your name?", "name", "string"),
                );
            }
            if ctx.has_cap("sampling") && has("greeting").is_none() {
                wanted.insert(
                    "greeting".into(),
                    sampling_request("Generate a greeting", 50),
                );
            }
            if ctx.has_cap("roots") && has("client_roots").is_none() {
                wanted.insert("client_roots".into(), roots_request());
            }
            if wanted.is_empty() {
                ok_content(vec![text(
                    "No further input needed for the declared client capabilities",
                )])
            } else {
                Ok(input_required(Value::Object(wanted), None))
            }
        }
        other => Err(RpcError::invalid_params(format!(
            "Unknown tool: test_input_required_result_{other}"
        ))),
    }
}

// ---- resources ----

pub fn resources() -> Vec<Value> {
    vec![
        json!({"uri": "test://static-text", "name": "static-text", "description": "A static text resource", "mimeType": "text/plain"}),
        json!({"uri": "test://static-binary", "name": "static-binary", "description": "A static binary resource (1x1 PNG)", "mimeType": "image/png"}),
        json!({"uri": "test://watched-resource", "name": "watched-resource", "description": "A resource clients may subscribe to", "mimeType": "text/plain"}),
    ]
}

fn read_resource(params: &Value) -> Result<Value, RpcError> {
    let uri = params
        .get("uri")
        .and_then(Value::as_str)
        .ok_or_else(|| RpcError::invalid_params("missing uri"))?;
    let content = match uri {
        "test://static-text" => {
            json!({"uri": uri, "mimeType": "text/plain", "text": "This is the content of the static text resource."})
        }
        "test://static-binary" => json!({"uri": uri, "mimeType": "image/png", "blob": PNG_BASE64}),
        "test://watched-resource" => {
            json!({"uri": uri, "mimeType": "text/plain", "text": "Watched resource content."})
        }
        "test://embedded-resource" => {
            json!({"uri": uri, "mimeType": "text/plain", "text": "This is an embedded resource content."})
        }
        _ => {
            let id = uri
                .strip_prefix("test://template/")
                .and_then(|r| r.strip_suffix("/data"))
                .filter(|id| !id.is_empty() && !id.contains('/'));
            match id {
                Some(id) => json!({"uri": uri, "mimeType": "application/json",
                    "text": json!({"id": id, "templateTest": true, "data": format!("Data for ID: {id}")}).to_string()}),
                None => {
                    return Err(RpcError::invalid_params("Resource not found")
                        .with_data(json!({"uri": uri})))
                }
            }
        }
    };
    Ok(json!({"contents": [content]}))
}

// ---- prompts ----

pub fn prompts() -> Vec<Value> {
    vec![
        json!({"name": "test_simple_prompt", "description": "A simple prompt without arguments"}),
        json!({"name": "test_prompt_with_arguments", "description": "A prompt with two required arguments", "arguments": [
            {"name": "arg1", "description": "First test argument", "required": true},
            {"name": "arg2", "description": "Second test argument", "required": true}]}),
        json!({"name": "test_prompt_with_embedded_resource", "description": "A prompt embedding a resource", "arguments": [
            {"name": "resourceUri", "description": "URI of the resource to embed", "required": true}]}),
        json!({"name": "test_prompt_with_image", "description": "A prompt with image content"}),
        json!({"name": "test_input_required_result_prompt", "description": "A prompt that needs user input first (input_required)"}),
    ]
}

fn get_prompt(params: &Value) -> Result<Value, RpcError> {
    let name = params
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| RpcError::invalid_params("missing prompt name"))?;
    let empty = json!({});
    let args = params.get("arguments").unwrap_or(&empty);
    let arg = |k: &str| -> Result<String, RpcError> {
        args.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| RpcError::invalid_params(format!("missing required argument '{k}'")))
    };
    let user = |content: Value| json!({"role": "user", "content": content});
    match name {
        "test_simple_prompt" => {
            Ok(json!({"messages": [user(text("This is a simple prompt for testing."))]}))
        }
        "test_prompt_with_arguments" => {
            let (a1, a2) = (arg("arg1")?, arg("arg2")?);
            Ok(
                json!({"messages": [user(text(format!("Prompt with arguments: arg1='{a1}', arg2='{a2}'")))]}),
            )
        }
        "test_prompt_with_embedded_resource" => {
            let uri = arg("resourceUri")?;
            Ok(json!({"messages": [
                user(json!({"type": "resource", "resource": {"uri": uri, "mimeType": "text/plain", "text": "Embedded resource content for testing."}})),
                user(text("Please process the embedded resource above.")),
            ]}))
        }
        "test_prompt_with_image" => Ok(json!({"messages": [
            user(json!({"type": "image", "data": PNG_BASE64, "mimeType": "image/png"})),
            user(text("Please analyze the image above.")),
        ]})),
        "test_input_required_result_prompt" => {
            let responses = input_responses(params)?;
            match responses.and_then(|m| m.get("user_context")) {
                Some(r) => Ok(json!({"description": "Prompt built from elicited context",
                    "messages": [user(text(format!("Use this context: {}", answer_text(r))))]})),
                None => Ok(input_required(
                    json!({"user_context": elicitation_request("What context should the prompt use?", "context", "string")}),
                    None,
                )),
            }
        }
        other => Err(RpcError::invalid_params(format!("Unknown prompt: {other}"))),
    }
}

fn complete(params: &Value) -> Result<Value, RpcError> {
    let value = params
        .pointer("/argument/value")
        .and_then(Value::as_str)
        .unwrap_or("");
    let candidates: &[&str] = match params.pointer("/ref/type").and_then(Value::as_str) {
        Some("ref/prompt") => &["paris", "park", "party", "test", "testing", "tested"],
        Some("ref/resource") => &["1", "2", "3", "123"],
        _ => {
            return Err(RpcError::invalid_params(
                "completion ref must be ref/prompt or ref/resource",
            ))
        }
    };
    let values: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|c| c.starts_with(value))
        .collect();
    Ok(json!({"completion": {"values": values, "total": values.len(), "hasMore": false}}))
}

/// Validate the stateless per-request `_meta` and headers (SEP-2575, SEP-2243). `header` looks a
/// request header up case-insensitively (None on stdio, where there are no headers).
pub fn check_stateless(
    method: &str,
    params: &Value,
    header: &dyn Fn(&str) -> Option<String>,
    has_headers: bool,
) -> Result<(), RpcError> {
    let meta = params.get("_meta");
    let pv = meta.and_then(|m| m.get(META_PROTOCOL_VERSION));
    let caps = meta.and_then(|m| m.get(META_CLIENT_CAPABILITIES));
    let mut missing = Vec::new();
    if pv.is_none() {
        missing.push(META_PROTOCOL_VERSION);
    }
    if caps.is_none() {
        missing.push(META_CLIENT_CAPABILITIES);
    }
    if !missing.is_empty() {
        return Err(RpcError::invalid_params(format!(
            "Invalid params: missing _meta keys: {}",
            missing.join(", ")
        )));
    }
    let pv = pv.and_then(Value::as_str).unwrap_or("");
    if has_headers {
        match header("mcp-protocol-version") {
            None => {
                return Err(RpcError::header_mismatch(
                    "Missing MCP-Protocol-Version header",
                ))
            }
            Some(h) if h.trim() != pv => {
                return Err(RpcError::header_mismatch(format!(
                    "MCP-Protocol-Version header '{h}' does not match _meta protocolVersion '{pv}'"
                )))
            }
            _ => {}
        }
    }
    if pv != STATELESS_VERSION {
        return Err(RpcError::unsupported_version(pv));
    }
    if has_headers {
        match header("mcp-method") {
            Some(h) if h.trim() == method => {}
            Some(h) => {
                return Err(RpcError::header_mismatch(format!(
                    "Mcp-Method header '{h}' does not match body method '{method}'"
                )))
            }
            None => return Err(RpcError::header_mismatch("Missing Mcp-Method header")),
        }
        let name = match method {
            "tools/call" | "prompts/get" => params.get("name").and_then(Value::as_str),
            "resources/read" => params.get("uri").and_then(Value::as_str),
            _ => None,
        };
        if let Some(name) = name {
            match header("mcp-name") {
                Some(h) if h.trim() == name => {}
                Some(h) => {
                    return Err(RpcError::header_mismatch(format!(
                        "Mcp-Name header '{h}' does not match '{name}'"
                    )))
                }
                None => return Err(RpcError::header_mismatch("Missing Mcp-Name header")),
            }
        }
    }
    Ok(())
}

/// Log threshold from a stateless request's `_meta` (off when absent).
pub fn stateless_log_level(params: &Value) -> u8 {
    params
        .pointer("/_meta")
        .and_then(|m| m.get(META_LOG_LEVEL))
        .and_then(Value::as_str)
        .and_then(log_level_rank)
        .unwrap_or(LOG_OFF)
}

/// The listen-stream filter the server agrees to honour: the requested subset it supports.
pub fn agreed_filter(params: &Value) -> Value {
    let mut agreed = Map::new();
    for k in ["toolsListChanged", "promptsListChanged"] {
        if params.pointer(&format!("/notifications/{k}")) == Some(&json!(true)) {
            agreed.insert(k.into(), json!(true));
        }
    }
    Value::Object(agreed)
}
