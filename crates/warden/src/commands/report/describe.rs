//! What each event means in one line, for both renderings: the report reads as intent
//! (prompts, tasks) → action (tool calls and their decisions) → effect (results, alerts).

use serde_json::Value;
use warden_core::{EventKind, StoredEvent};

use crate::output::{clip, summarize};

/// The part of the story an event belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Intent,
    Action,
    Effect,
    Finding,
    Context,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Intent => "intent",
            Phase::Action => "action",
            Phase::Effect => "effect",
            Phase::Finding => "finding",
            Phase::Context => "context",
        }
    }
}

pub fn phase(e: &StoredEvent) -> Phase {
    match e.envelope.meta.kind {
        EventKind::Prompt | EventKind::Task | EventKind::ModelOutput => Phase::Intent,
        EventKind::ToolCall | EventKind::Decision | EventKind::Approval => Phase::Action,
        EventKind::ToolResult | EventKind::SecretAccess | EventKind::Credential => Phase::Effect,
        EventKind::Alert => Phase::Finding,
        EventKind::McpMessage | EventKind::Session | EventKind::Other => Phase::Context,
    }
}

fn text<'a>(body: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
}

fn one_line(s: &str, width: usize) -> String {
    clip(&s.split_whitespace().collect::<Vec<_>>().join(" "), width)
}

/// A one-line description, at most about `width` characters.
pub fn headline(e: &StoredEvent, width: usize) -> String {
    let Some(body) = e.body.as_ref() else {
        return "(body purged by retention; the envelope and its proof remain)".into();
    };
    match e.envelope.meta.kind {
        EventKind::Decision => {
            let outcome = text(body, &["outcome"]).unwrap_or("?");
            let would = text(body, &["would_be"])
                .filter(|w| *w != outcome)
                .map(|w| format!(" (enforce would {w})"))
                .unwrap_or_default();
            let tool = text(body, &["tool"]).unwrap_or("");
            let reason = text(body, &["reason"]).unwrap_or("");
            one_line(&format!("{outcome}{would} {tool}: {reason}"), width)
        }
        EventKind::Alert => {
            let rule = text(body, &["rule"]).unwrap_or("?");
            let severity = text(body, &["severity"]).unwrap_or("?");
            let summary = text(body, &["summary"]).unwrap_or("");
            one_line(&format!("[{severity}] {rule}: {summary}"), width)
        }
        EventKind::Task => {
            let action = text(body, &["action"]).unwrap_or("?");
            let objective = text(body, &["objective"]).unwrap_or("");
            one_line(&format!("task {action} {objective}"), width)
        }
        EventKind::Approval => {
            let state = text(body, &["state", "decision", "action"]).unwrap_or("?");
            let tool = text(body, &["tool"]).unwrap_or("");
            let by = text(body, &["by", "reviewer"])
                .map(|b| format!(" by {b}"))
                .unwrap_or_default();
            one_line(&format!("approval {state} {tool}{by}"), width)
        }
        _ => summarize(Some(body), width),
    }
}

/// The alert's severity, rule, tags, evidence ids and response, when `e` is an alert.
pub struct AlertView<'a> {
    pub severity: &'a str,
    pub rule: &'a str,
    pub summary: &'a str,
    pub response: String,
    pub tags: Vec<&'a str>,
    pub evidence: Vec<&'a str>,
}

pub fn alert(e: &StoredEvent) -> Option<AlertView<'_>> {
    let body = e.body.as_ref()?;
    if e.envelope.meta.kind != EventKind::Alert {
        return None;
    }
    let strings = |key: &str| -> Vec<&str> {
        body.get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    };
    let response = match body.get("response") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    Some(AlertView {
        severity: text(body, &["severity"]).unwrap_or("?"),
        rule: text(body, &["rule"]).unwrap_or("?"),
        summary: text(body, &["summary"]).unwrap_or(""),
        response,
        tags: strings("tags"),
        evidence: strings("evidence"),
    })
}

/// The body as indented JSON, cut at `max` bytes on a character boundary.
pub fn body_json(e: &StoredEvent, max: usize) -> String {
    let Some(body) = e.body.as_ref() else {
        return String::new();
    };
    let mut s = serde_json::to_string_pretty(body).unwrap_or_default();
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push_str("\n… (cut; `warden events --json` prints it whole)");
    }
    s
}
