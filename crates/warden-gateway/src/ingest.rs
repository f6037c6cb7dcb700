//! The ingest API's wire format: `POST /v1/events` with one event (JSON object), many (JSON
//! array), or NDJSON (`application/x-ndjson`). Parsing happens here, at the boundary, into
//! validated [`Draft`]s; a request with any invalid event is refused whole, before anything is
//! written, with the index of the first bad event and what is wrong with it.

use serde::Deserialize;
use serde_json::Value;
use warden_core::{AgentRef, Correlation, Draft, EventId, EventKind, SessionId, TaskId, Timestamp};

/// Most events one request may carry.
pub const MAX_EVENTS_PER_REQUEST: usize = 10_000;

/// An event as a client may post it. Only `kind`, `session_id` and `body` are required.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Incoming {
    kind: String,
    session_id: String,
    body: Value,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    ts: Option<String>,
    #[serde(default)]
    agent: Option<String>,
    #[serde(default)]
    task_id: Option<String>,
    #[serde(default)]
    trigger: Option<String>,
    #[serde(default)]
    delegation: Vec<String>,
    #[serde(default)]
    trace_id: Option<String>,
    #[serde(default)]
    span_id: Option<String>,
    #[serde(default)]
    correlation: Option<Correlation>,
}

/// Why a request was refused; `index` is the position of the first bad event.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{}{message}", index.map(|i| format!("event {i}: ")).unwrap_or_default())]
pub struct IngestError {
    pub index: Option<usize>,
    pub message: String,
}

impl IngestError {
    fn whole(message: impl Into<String>) -> Self {
        Self {
            index: None,
            message: message.into(),
        }
    }
    fn at(index: usize, message: impl Into<String>) -> Self {
        Self {
            index: Some(index),
            message: message.into(),
        }
    }
}

/// Parses a request body; `ndjson` selects newline-delimited JSON.
pub fn parse_request(bytes: &[u8], ndjson: bool) -> Result<Vec<Draft>, IngestError> {
    let values: Vec<Value> = if ndjson {
        let mut out = Vec::new();
        for (line_no, line) in bytes.split(|b| *b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let v = serde_json::from_slice(line)
                .map_err(|e| IngestError::whole(format!("line {}: not JSON: {e}", line_no + 1)))?;
            out.push(v);
        }
        out
    } else {
        match serde_json::from_slice(bytes) {
            Ok(Value::Array(items)) => items,
            Ok(v @ Value::Object(_)) => vec![v],
            Ok(_) => {
                return Err(IngestError::whole(
                    "expected a JSON object or an array of objects",
                ))
            }
            Err(e) => return Err(IngestError::whole(format!("body is not JSON: {e}"))),
        }
    };
    if values.is_empty() {
        return Err(IngestError::whole("no events in the request"));
    }
    if values.len() > MAX_EVENTS_PER_REQUEST {
        return Err(IngestError::whole(format!(
            "{} events in one request; the limit is {MAX_EVENTS_PER_REQUEST}",
            values.len()
        )));
    }
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| validate(v).map_err(|m| IngestError::at(i, m)))
        .collect()
}

fn validate(value: Value) -> Result<Draft, String> {
    if !value.is_object() {
        return Err("an event must be a JSON object".into());
    }
    let raw: Incoming = serde_json::from_value(value).map_err(|e| e.to_string())?;
    let kind: EventKind = raw.kind.parse()?;
    let session_id = SessionId::new(raw.session_id).map_err(|e| e.to_string())?;
    let id = raw
        .id
        .map(|s| s.parse::<EventId>())
        .transpose()
        .map_err(|e| e.to_string())?;
    let ts = raw.ts.map(|s| parse_time(&s)).transpose()?;
    let agent = raw.agent.map(|a| claimed_agent(&a)).transpose()?;
    let task_id = raw
        .task_id
        .map(TaskId::new)
        .transpose()
        .map_err(|e| e.to_string())?;
    let delegation = raw
        .delegation
        .iter()
        .map(|a| {
            AgentRef::parse(a).map_err(|_| format!("delegation entry {a:?} is not an agent id"))
        })
        .collect::<Result<_, _>>()?;
    let trace_id = raw
        .trace_id
        .map(|t| hex_id(t, 32, "trace_id"))
        .transpose()?;
    let span_id = raw.span_id.map(|s| hex_id(s, 16, "span_id")).transpose()?;
    if let Some(t) = &raw.trigger {
        if t.is_empty() || t.len() > 256 || t.chars().any(char::is_control) {
            return Err("trigger must be 1..=256 characters without control characters".into());
        }
    }
    Ok(Draft {
        id,
        ts,
        kind,
        agent,
        task_id,
        session_id,
        trigger: raw.trigger,
        delegation,
        trace_id,
        span_id,
        correlation: raw.correlation.unwrap_or_default(),
        body: raw.body,
    })
}

fn parse_time(s: &str) -> Result<Timestamp, String> {
    let t = Timestamp::parse(s)?;
    let year = t.as_offset().year();
    if !(1970..=9999).contains(&year) {
        return Err(format!("ts year {year} is out of range"));
    }
    Ok(t)
}

/// A client may name an unattested agent for its own bookkeeping, but a SPIFFE identity has to
/// be proven with a credential, never asserted in a body.
fn claimed_agent(s: &str) -> Result<AgentRef, String> {
    let agent = AgentRef::parse(s).map_err(|_| {
        format!(
            "agent {:?} is not `unattested:<name>` or a spiffe:// id",
            s.chars().take(80).collect::<String>()
        )
    })?;
    if agent.is_attested() {
        return Err("agent: a spiffe:// identity must be proven with a credential, not claimed in the event; leave agent out or use unattested:<name>".into());
    }
    Ok(agent)
}

fn hex_id(s: String, len: usize, what: &str) -> Result<String, String> {
    let ok =
        s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit()) && s.bytes().any(|b| b != b'0');
    if ok {
        Ok(s.to_ascii_lowercase())
    } else {
        Err(format!(
            "{what} must be {len} hex digits, not all zero (W3C trace context)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_object_array_and_ndjson() {
        let one = br#"{"kind":"prompt","session_id":"s","body":{"prompt":"hi"}}"#;
        assert_eq!(parse_request(one, false).expect("object").len(), 1);
        let many = br#"[{"kind":"prompt","session_id":"s","body":1},{"kind":"tool_call","session_id":"s","body":{}}]"#;
        assert_eq!(parse_request(many, false).expect("array").len(), 2);
        let nd = b"{\"kind\":\"prompt\",\"session_id\":\"s\",\"body\":null}\n\n{\"kind\":\"alert\",\"session_id\":\"t\",\"body\":{}}\n";
        assert_eq!(parse_request(nd, true).expect("ndjson").len(), 2);
    }

    #[test]
    fn names_the_first_bad_event_and_why() {
        let bad = br#"[{"kind":"prompt","session_id":"s","body":1},{"kind":"nope","session_id":"s","body":1}]"#;
        let err = parse_request(bad, false).expect_err("bad kind");
        assert_eq!(err.index, Some(1));
        assert!(err.message.contains("tool_call"), "{err}");
        let missing = br#"{"kind":"prompt","body":1}"#;
        assert!(parse_request(missing, false)
            .expect_err("missing")
            .message
            .contains("session_id"));
        let unknown = br#"{"kind":"prompt","session_id":"s","body":1,"colour":"red"}"#;
        assert!(parse_request(unknown, false)
            .expect_err("unknown")
            .message
            .contains("colour"));
        assert!(parse_request(b"[]", false).is_err());
        assert!(parse_request(b"\"x\"", false).is_err());
        assert!(parse_request(b"{nope", false).is_err());
        let spoof =
            br#"{"kind":"prompt","session_id":"s","body":1,"agent":"spiffe://x.org/agent/a"}"#;
        assert!(parse_request(spoof, false)
            .expect_err("spoof")
            .message
            .contains("proven"));
        let trace = br#"{"kind":"prompt","session_id":"s","body":1,"trace_id":"00000000000000000000000000000000"}"#;
        assert!(parse_request(trace, false).is_err());
        let time = br#"{"kind":"prompt","session_id":"s","body":1,"ts":"yesterday"}"#;
        assert!(parse_request(time, false).is_err());
    }

    #[test]
    fn keeps_optional_fields() {
        let full = br#"{"kind":"tool_call","session_id":"s","body":{},"ts":"2026-01-02T03:04:05Z",
            "task_id":"t1","trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":"00f067aa0ba902b7",
            "correlation":{"tool_use_id":"toolu_1"},"agent":"unattested:ci","trigger":"user"}"#;
        let d = parse_request(full, false).expect("valid").remove(0);
        assert_eq!(
            d.trace_id.as_deref(),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        assert_eq!(d.task_id.map(|t| t.to_string()).as_deref(), Some("t1"));
        assert_eq!(d.correlation.tool_use_id.as_deref(), Some("toolu_1"));
    }
}
