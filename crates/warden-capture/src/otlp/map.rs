//! Spans and log events onto the record.
//!
//! | telemetry | event |
//! |---|---|
//! | span `chat …` / `text_completion …` / `generate_content …` (`gen_ai.operation.name`) | `prompt` (when `gen_ai.input.messages` is present), then `model_output` |
//! | span `execute_tool …` | `tool_result` (the tool ran; `correlation.tool_use_id` = `gen_ai.tool.call.id`) |
//! | span `invoke_agent …` / `create_agent …` | `session` |
//! | MCP span (`mcp.method.name`), not `tools/call` | `mcp_message` |
//! | other GenAI span (`embeddings`, …) | `other` |
//! | log `claude_code.user_prompt`, `codex.user_prompt`, `gen_ai.user.message` | `prompt` |
//! | log `claude_code.tool_result`, `codex.tool_result` | `tool_result` |
//! | log `gen_ai.choice`, `gen_ai.assistant.message` | `model_output` |
//! | log `codex.conversation_starts` | `session` |
//! | any other `claude_code.*`, `codex.*`, `gen_ai.*` log event | `other` |
//!
//! Everything else is not recorded.

use serde_json::{json, Map, Value};
use warden_core::{Correlation, EventKind};

use super::{LogRecord, Span};
use crate::llm::ToolCall;

/// What detection should see of a mapped item.
#[derive(Clone, Debug, PartialEq)]
pub enum Observed {
    Prompt(String),
    ModelOutput(String),
    ToolResult {
        tool: String,
        tool_use_id: Option<String>,
        text: String,
        is_error: bool,
    },
    SessionStart,
    Nothing,
}

/// One event's worth of telemetry.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapped {
    pub kind: EventKind,
    /// The session the telemetry names (`gen_ai.conversation.id`, `session.id`,
    /// `conversation.id`, `mcp.session.id`); the gateway falls back on the trace's.
    pub session: Option<String>,
    pub trace_id: Option<String>,
    pub span_id: Option<String>,
    /// When it happened (Unix ns; 0 when the telemetry did not say).
    pub ts_ns: u64,
    pub correlation: Correlation,
    pub body: Value,
    pub observed: Observed,
    /// Tool calls a model asked for (a chat span's `gen_ai.output.messages`).
    pub tool_calls: Vec<ToolCall>,
}

const SESSION_KEYS: [&str; 4] = [
    "gen_ai.conversation.id",
    "session.id",
    "conversation.id",
    "mcp.session.id",
];

fn session_of(attrs: &Map<String, Value>, resource: &Map<String, Value>) -> Option<String> {
    SESSION_KEYS
        .iter()
        .find_map(|k| attrs.get(*k).or_else(|| resource.get(*k)))
        .and_then(scalar)
        .filter(|s| !s.is_empty())
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn attr_str(attrs: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| attrs.get(*k)).and_then(scalar)
}

/// A content attribute: structured, or JSON in a string.
fn structured(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::String(s) => {
            Some(serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone())))
        }
        Value::Null => None,
        other => Some(other.clone()),
    }
}

/// The text of GenAI messages (`parts` of type `text`, or `content`).
fn messages_text(v: &Value, out: &mut String) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| messages_text(i, out)),
        Value::Object(o) => {
            if let Some(parts) = o.get("parts") {
                messages_text(parts, out);
            }
            let is_text = o
                .get("type")
                .and_then(Value::as_str)
                .is_none_or(|t| t == "text");
            if is_text {
                if let Some(Value::String(s)) = o.get("content").or_else(|| o.get("text")) {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    out.push_str(s);
                }
            }
            if let Some(m) = o.get("message") {
                messages_text(m, out);
            }
        }
        Value::String(s) => {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(s);
        }
        _ => {}
    }
}

/// `tool_call` parts of GenAI output messages.
fn tool_calls_of(v: &Value) -> Vec<ToolCall> {
    let mut out = Vec::new();
    let messages = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
    for m in messages {
        for p in m
            .get("parts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if p.get("type").and_then(Value::as_str) != Some("tool_call") {
                continue;
            }
            let arguments = match p.get("arguments") {
                Some(Value::String(s)) => {
                    serde_json::from_str(s).unwrap_or(Value::String(s.clone()))
                }
                Some(v) => v.clone(),
                None => json!({}),
            };
            out.push(ToolCall {
                id: p.get("id").and_then(scalar).unwrap_or_default(),
                name: p.get("name").and_then(scalar).unwrap_or_default(),
                arguments,
                arguments_valid: true,
                index: out.len() as u64,
            });
        }
    }
    out
}

fn status_name(code: i64) -> &'static str {
    match code {
        1 => "ok",
        2 => "error",
        _ => "unset",
    }
}

fn span_body(s: &Span, operation: &str) -> Value {
    let mut b = json!({
        "span": s.name,
        "operation": operation,
        "kind": s.kind,
        "start_unix_nano": s.start_ns.to_string(),
        "end_unix_nano": s.end_ns.to_string(),
        "duration_ms": s.end_ns.saturating_sub(s.start_ns) as f64 / 1e6,
        "status": {"code": status_name(s.status_code), "message": s.status_message},
        "attributes": s.attributes,
        "resource": s.resource,
        "scope": s.scope,
    });
    if let Some(p) = &s.parent_span_id {
        b["parent_span_id"] = json!(p);
    }
    if !s.events.is_empty() {
        b["events"] = Value::Array(
            s.events
                .iter()
                .map(|e| json!({"name": e.name, "time_unix_nano": e.time_ns.to_string(), "attributes": e.attributes}))
                .collect(),
        );
    }
    b
}

fn mapped(kind: EventKind, s: &Span, ts: u64, body: Value, observed: Observed) -> Mapped {
    Mapped {
        kind,
        session: session_of(&s.attributes, &s.resource),
        trace_id: Some(s.trace_id.clone()),
        span_id: Some(s.span_id.clone()),
        ts_ns: ts,
        correlation: Correlation::default(),
        body,
        observed,
        tool_calls: Vec::new(),
    }
}

/// The events a span becomes (none for telemetry that is neither GenAI nor MCP).
pub fn map_span(s: &Span) -> Vec<Mapped> {
    let a = &s.attributes;
    let first_word = s.name.split_whitespace().next().unwrap_or("");
    let operation = attr_str(a, &["gen_ai.operation.name"]).unwrap_or_else(|| match first_word {
        "chat" | "text_completion" | "generate_content" | "invoke_agent" | "create_agent"
        | "execute_tool" | "embeddings" => first_word.to_owned(),
        _ => String::new(),
    });
    let mcp_method = attr_str(a, &["mcp.method.name"]);
    let end = if s.end_ns > 0 { s.end_ns } else { s.start_ns };
    let mut body = span_body(s, &operation);
    match operation.as_str() {
        "chat" | "text_completion" | "generate_content" => {
            let input = structured(a.get("gen_ai.input.messages"));
            let output = structured(a.get("gen_ai.output.messages"));
            let model = attr_str(a, &["gen_ai.response.model", "gen_ai.request.model"]);
            let mut events = Vec::new();
            if let Some(input) = input {
                let mut text = String::new();
                messages_text(&input, &mut text);
                let mut pb = json!({
                    "span": s.name,
                    "operation": operation,
                    "input": input,
                });
                if let Some(sys) = structured(a.get("gen_ai.system_instructions")) {
                    pb["system"] = sys;
                }
                if let Some(m) = &model {
                    pb["model"] = json!(m);
                }
                let mut m = mapped(EventKind::Prompt, s, s.start_ns, pb, Observed::Prompt(text));
                // The prompt is not the span itself: keep the span id on the output only.
                m.span_id = None;
                events.push(m);
            }
            let mut text = String::new();
            let mut calls = Vec::new();
            if let Some(output) = &output {
                messages_text(output, &mut text);
                calls = tool_calls_of(output);
                body["output"] = output.clone();
            }
            body["text"] = json!(text);
            body["tool_calls"] = json!(calls);
            if let Some(m) = model {
                body["model"] = json!(m);
            }
            body["usage"] = json!({
                "input_tokens": a.get("gen_ai.usage.input_tokens"),
                "output_tokens": a.get("gen_ai.usage.output_tokens"),
            });
            let mut m = mapped(
                EventKind::ModelOutput,
                s,
                end,
                body,
                Observed::ModelOutput(text),
            );
            m.tool_calls = calls;
            events.push(m);
            events
        }
        "execute_tool" => {
            let tool = attr_str(a, &["gen_ai.tool.name"]).unwrap_or_default();
            let call_id = attr_str(a, &["gen_ai.tool.call.id", "jsonrpc.request.id"]);
            let result = structured(a.get("gen_ai.tool.call.result"));
            let mut text = String::new();
            if let Some(r) = &result {
                messages_text(r, &mut text);
                if text.is_empty() {
                    text = r.to_string();
                }
            }
            body["tool"] = json!(tool);
            if let Some(args) = structured(a.get("gen_ai.tool.call.arguments")) {
                body["arguments"] = args;
            }
            if let Some(r) = result {
                body["result"] = r;
            }
            let is_error = s.status_code == 2 || a.contains_key("error.type");
            let mut m = mapped(
                EventKind::ToolResult,
                s,
                end,
                body,
                Observed::ToolResult {
                    tool,
                    tool_use_id: call_id.clone(),
                    text,
                    is_error,
                },
            );
            m.correlation.tool_use_id = call_id;
            if let Some(id) = attr_str(a, &["jsonrpc.request.id"]) {
                m.correlation.jsonrpc_id = Some(id);
            }
            vec![m]
        }
        "invoke_agent" | "create_agent" => {
            body["event"] = json!(operation);
            if let Some(n) = attr_str(a, &["gen_ai.agent.name"]) {
                body["agent_name"] = json!(n);
            }
            vec![mapped(
                EventKind::Session,
                s,
                s.start_ns,
                body,
                Observed::Nothing,
            )]
        }
        "" if mcp_method.is_some() => {
            let mut m = mapped(EventKind::McpMessage, s, end, body, Observed::Nothing);
            m.correlation.jsonrpc_id = attr_str(a, &["jsonrpc.request.id"]);
            vec![m]
        }
        "" => Vec::new(),
        _ => vec![mapped(EventKind::Other, s, end, body, Observed::Nothing)],
    }
}

/// The event a log record becomes (none for logs that are not agent or GenAI events).
pub fn map_log(r: &LogRecord) -> Option<Mapped> {
    let a = &r.attributes;
    let mut name = r.event_name.clone();
    if name.is_empty() {
        name = attr_str(a, &["event.name"]).unwrap_or_default();
    }
    // Claude Code names its events in the body (`claude_code.user_prompt`) and in
    // `event.name` without the prefix.
    if let Some(b) = r.body.as_str() {
        let dotted = b.contains('.') && !b.contains(' ');
        if dotted && (name.is_empty() || (!name.contains('.') && b.ends_with(name.as_str()))) {
            name = b.to_owned();
        }
    }
    if !name.is_empty() && !name.contains('.') {
        let service = attr_str(&r.resource, &["service.name"]).unwrap_or_default();
        if service == "claude-code" {
            name = format!("claude_code.{name}");
        } else if service.starts_with("codex") {
            name = format!("codex.{name}");
        }
    }
    let known = ["claude_code.", "codex.", "gen_ai."];
    if !known.iter().any(|p| name.starts_with(p)) {
        return None;
    }
    let suffix = name.split_once('.').map_or("", |(_, s)| s);
    let mut body = json!({
        "event": name,
        "attributes": a,
        "resource": r.resource,
        "scope": r.scope,
    });
    if !r.body.is_null() {
        body["body"] = r.body.clone();
    }
    if !r.severity_text.is_empty() || r.severity_number != 0 {
        body["severity"] = json!({"text": r.severity_text, "number": r.severity_number});
    }
    let text_of_body = || {
        let mut t = String::new();
        messages_text(&r.body, &mut t);
        t
    };
    let mut correlation = Correlation {
        prompt_id: attr_str(a, &["prompt.id", "prompt_id"]),
        ..Default::default()
    };
    let (kind, observed) = match (name.as_str(), suffix) {
        (_, "user_prompt") | ("gen_ai.user.message", _) => {
            let text = attr_str(a, &["prompt"]).unwrap_or_else(text_of_body);
            (EventKind::Prompt, Observed::Prompt(text))
        }
        (n, "tool_result") if !n.starts_with("gen_ai.") => {
            let tool =
                attr_str(a, &["tool_name", "tool.name", "gen_ai.tool.name"]).unwrap_or_default();
            let id = attr_str(
                a,
                &[
                    "tool_use_id",
                    "call_id",
                    "tool.call.id",
                    "gen_ai.tool.call.id",
                ],
            );
            correlation.tool_use_id = id.clone();
            let text = attr_str(a, &["output", "tool_result", "result"]).unwrap_or_default();
            let failed = a.get("success").is_some_and(|s| match s {
                Value::Bool(b) => !b,
                Value::String(s) => s == "false",
                _ => false,
            });
            (
                EventKind::ToolResult,
                Observed::ToolResult {
                    tool,
                    tool_use_id: id,
                    text,
                    is_error: failed,
                },
            )
        }
        ("gen_ai.choice" | "gen_ai.assistant.message", _) => (
            EventKind::ModelOutput,
            Observed::ModelOutput(text_of_body()),
        ),
        (_, "conversation_starts") => (EventKind::Session, Observed::SessionStart),
        _ => (EventKind::Other, Observed::Nothing),
    };
    Some(Mapped {
        kind,
        session: session_of(a, &r.resource),
        trace_id: r.trace_id.clone(),
        span_id: r.span_id.clone(),
        ts_ns: if r.time_ns > 0 {
            r.time_ns
        } else {
            r.observed_ns
        },
        correlation,
        body,
        observed,
        tool_calls: Vec::new(),
    })
}
