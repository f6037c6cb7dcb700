//! Alerts as reviewers read them: `warden alerts` and `GET /v1/alerts` share this.

use serde::Deserialize;
use serde_json::{json, Value};
use warden_core::EventKind;
use warden_store::{EventFilter, ReadLog};

/// Which alerts to list. Every field narrows.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertQuery {
    pub session: Option<String>,
    pub task: Option<String>,
    pub agent: Option<String>,
    /// Detector id.
    pub rule: Option<String>,
    /// Minimum severity (info, low, medium, high, critical).
    pub min_severity: Option<String>,
    pub limit: usize,
}

fn severity_rank(s: &str) -> Option<u8> {
    ["info", "low", "medium", "high", "critical"]
        .iter()
        .position(|x| *x == s)
        .map(|p| p as u8)
}

/// Matching alerts, oldest first, each as `{id, ts, rule, severity, session_id, task_id, agent,
/// event_ids, tags, response, applied, summary}`.
pub fn list(reader: &dyn ReadLog, q: &AlertQuery) -> Result<Vec<Value>, String> {
    let min = match &q.min_severity {
        Some(s) => Some(severity_rank(s).ok_or_else(|| {
            format!("unknown severity {s:?}; expected info, low, medium, high or critical")
        })?),
        None => None,
    };
    let filter = EventFilter {
        session: q.session.clone(),
        task: q.task.clone(),
        agent: q.agent.clone(),
        kind: Some(EventKind::Alert),
        contains: q.rule.as_ref().map(|r| format!("\"rule\":\"{r}\"")),
        ..Default::default()
    };
    let limit = if q.limit == 0 { 500 } else { q.limit };
    let mut out = Vec::new();
    reader
        .each_event(&filter, &mut |e| {
            let body = e.body.clone().unwrap_or(Value::Null);
            let sev = body["severity"].as_str().and_then(severity_rank).unwrap_or(0);
            if min.is_none_or(|m| sev >= m) {
                let m = &e.envelope.meta;
                out.push(json!({
                    "id": m.id, "ts": m.ts, "rule": body["rule"], "severity": body["severity"],
                    "session_id": m.session_id, "task_id": m.task_id, "agent": m.agent,
                    "event_ids": body["evidence"], "tags": body["tags"], "response": body["response"],
                    "applied": body["applied"], "summary": body["summary"],
                }));
            }
            out.len() < limit
        })
        .map_err(|e| e.to_string())?;
    Ok(out)
}
