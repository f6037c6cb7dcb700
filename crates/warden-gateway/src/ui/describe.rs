//! What an event says, in a line: the words a reviewer reads in lists and timelines.
//!
//! Bodies differ by source (agent hook payloads, MCP JSON-RPC, model API calls, gateway
//! decisions and alerts); this picks the fields that carry the meaning and falls back to the
//! compact JSON, always cut to a readable length.

use serde_json::Value;
use warden_core::{EventKind, StoredEvent};

/// Longest detail shown inline; the full body is one click away (`<details>`).
pub(crate) const MAX_INLINE: usize = 280;

/// The tool an event is about, if any.
pub(crate) fn tool(body: &Value) -> Option<&str> {
    ["tool_name", "tool"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .or_else(|| body.pointer("/params/name").and_then(Value::as_str))
        .or_else(|| body.pointer("/message/params/name").and_then(Value::as_str))
}

/// A one-line summary of the event.
pub(crate) fn summary(e: &StoredEvent) -> String {
    let Some(body) = &e.body else {
        return "(body purged by retention; the envelope remains)".into();
    };
    let s = match e.envelope.meta.kind {
        EventKind::Prompt => first_str(body, &["prompt", "text", "content"]),
        EventKind::ModelOutput => first_str(
            body,
            &["last_assistant_message", "text", "output", "content"],
        ),
        EventKind::ToolCall => tool(body).map(|t| {
            let input = ["tool_input", "arguments", "input"]
                .iter()
                .find_map(|k| body.get(*k))
                .or_else(|| body.pointer("/params/arguments"));
            match input {
                Some(i) => format!("{t} {}", compact(i)),
                None => t.to_owned(),
            }
        }),
        EventKind::ToolResult => ["tool_response", "result", "output"]
            .iter()
            .find_map(|k| body.get(*k))
            .map(compact),
        EventKind::Decision => body.get("outcome").and_then(Value::as_str).map(|o| {
            let reason = body.get("reason").and_then(Value::as_str).unwrap_or("");
            match body.get("would_be").and_then(Value::as_str) {
                Some(w) => format!("{o} (enforce would {w}): {reason}"),
                None => format!("{o}: {reason}"),
            }
        }),
        EventKind::Alert => first_str(body, &["summary", "rule"]),
        EventKind::McpMessage => body
            .get("method")
            .or_else(|| body.pointer("/message/method"))
            .and_then(Value::as_str)
            .map(|m| match tool(body) {
                Some(t) => format!("{m} {t}"),
                None => m.to_owned(),
            }),
        EventKind::Session | EventKind::Other => {
            first_str(body, &["hook_event_name", "event", "what"])
        }
        _ => first_str(body, &["what", "summary", "reason", "name"]),
    };
    cut(&s.unwrap_or_else(|| compact(body)), MAX_INLINE)
}

fn first_str(body: &Value, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .map(str::to_owned)
}

fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// `s` cut to `max` bytes at a character boundary, with an ellipsis when cut.
pub(crate) fn cut(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Secret references in a body: the `[REDACTED:<rule>:hmac-sha256:<v>:<hex>]` markers the
/// redactor left where a credential was, as (rule, `hmac-sha256:…` reference), so a reviewer
/// can follow where one secret went (the reference is what `warden hash` prints).
pub(crate) fn secret_refs(body: &Value, out: &mut Vec<(String, String)>) {
    match body {
        Value::String(s) => scan_refs(s, out),
        Value::Array(a) => a.iter().for_each(|v| secret_refs(v, out)),
        Value::Object(o) => o.values().for_each(|v| secret_refs(v, out)),
        _ => {}
    }
}

fn scan_refs(s: &str, out: &mut Vec<(String, String)>) {
    const MARK: &str = "[REDACTED:";
    let mut rest = s;
    while let Some(i) = rest.find(MARK) {
        let inner = &rest[i + MARK.len()..];
        let Some(end) = inner.find(']') else { return };
        if let Some((rule, reference)) = inner[..end].split_once(':') {
            let pair = (rule.to_owned(), reference.to_owned());
            if !out.contains(&pair) && out.len() < 16 {
                out.push(pair);
            }
        }
        rest = &inner[end..];
    }
}

/// Severity rank for sorting and colouring (info 0 … critical 4).
pub(crate) fn severity_rank(s: &str) -> u8 {
    match s {
        "low" => 1,
        "medium" => 2,
        "high" => 3,
        "critical" => 4,
        _ => 0,
    }
}

pub(crate) const SEVERITIES: [&str; 5] = ["info", "low", "medium", "high", "critical"];
