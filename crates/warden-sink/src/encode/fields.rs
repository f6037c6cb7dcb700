//! What the encoders read out of an event: the tool, the model, the decision, the alert.
//!
//! Bodies differ by source (a hook's `tool_name`, an MCP `params.name`, a decision's `tool`);
//! these look-ups are the one place that knows where each fact lives, so OCSF, OTLP and CEF
//! agree on what a call was.

use serde_json::Value;
use warden_core::{EventKind, StoredEvent};

fn body(e: &StoredEvent) -> Option<&Value> {
    e.body.as_ref()
}

fn text<'a>(v: Option<&'a Value>, path: &[&str]) -> Option<&'a str> {
    let mut cur = v?;
    for key in path {
        cur = cur.get(key)?;
    }
    cur.as_str().filter(|s| !s.is_empty())
}

/// The tool a call, result or decision is about.
pub fn tool_name(e: &StoredEvent) -> Option<&str> {
    let b = body(e);
    text(b, &["tool"])
        .or_else(|| text(b, &["tool_name"]))
        .or_else(|| text(b, &["params", "name"]))
        .or_else(|| text(b, &["toolName"]))
        .or_else(|| text(b, &["name"]).filter(|_| e.envelope.meta.kind != EventKind::Alert))
}

/// The model of a prompt or model output.
pub fn model(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["model"])
}

/// The model provider (`openai`, `anthropic`, …).
pub fn provider(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["provider"])
}

/// A decision's outcome as the agent was told it (`allow`, `deny`, `ask`).
pub fn outcome(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["outcome"])
}

/// In observe mode, what enforce would have decided.
pub fn would_be(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["would_be"])
}

pub fn reason(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["reason"])
}

pub fn mode(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["mode"])
}

/// A decision's effect class (`read`, `write`, `egress`, `execute`, `unknown`).
pub fn effect(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["facts", "effect"])
}

/// The deciding policy ids of a decision.
pub fn policies(e: &StoredEvent) -> Vec<&str> {
    strings(body(e).and_then(|b| b.get("policies")))
}

/// The policy-set version a decision was made under (envelope first, then body).
pub fn policy_version(e: &StoredEvent) -> Option<&str> {
    e.envelope
        .meta
        .policy_version
        .as_deref()
        .or_else(|| text(body(e), &["policy_version"]))
}

pub fn alert_rule(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["rule"])
}

pub fn alert_severity(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["severity"])
}

pub fn alert_summary(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["summary"])
}

pub fn alert_response(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["response"])
}

pub fn alert_tags(e: &StoredEvent) -> Vec<&str> {
    strings(body(e).and_then(|b| b.get("tags")))
}

pub fn alert_evidence(e: &StoredEvent) -> Vec<&str> {
    strings(body(e).and_then(|b| b.get("evidence")))
}

/// Token use of a model output: (input, output).
pub fn usage(e: &StoredEvent) -> (Option<u64>, Option<u64>) {
    let u = body(e).and_then(|b| b.get("usage"));
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| u.and_then(|u| u.get(k)).and_then(Value::as_u64))
    };
    (
        get(&["input_tokens", "prompt_tokens"]),
        get(&["output_tokens", "completion_tokens"]),
    )
}

pub fn stop_reason(e: &StoredEvent) -> Option<&str> {
    text(body(e), &["stop_reason"])
}

/// Severity on a 0–10 scale (CEF) and OCSF's `severity_id` (1 informational … 5 critical).
pub fn severity_levels(e: &StoredEvent) -> (u8, u8) {
    match e.envelope.meta.kind {
        EventKind::Alert => match alert_severity(e).unwrap_or("medium") {
            "info" => (1, 1),
            "low" => (3, 2),
            "medium" => (5, 3),
            "high" => (8, 4),
            "critical" => (10, 5),
            _ => (5, 3),
        },
        EventKind::Decision if denied(e) => (5, 3),
        _ => (1, 1),
    }
}

/// Whether a decision refused the call (or, in observe mode, would have).
pub fn denied(e: &StoredEvent) -> bool {
    matches!(outcome(e), Some("deny" | "ask")) || matches!(would_be(e), Some("deny" | "ask"))
}

/// Unix milliseconds of the event time (OCSF `time`, CEF `rt`).
pub fn unix_ms(e: &StoredEvent) -> i64 {
    (e.envelope.meta.ts.unix_nanos() / 1_000_000) as i64
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}
