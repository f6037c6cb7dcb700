//! OTLP/HTTP: OpenTelemetry spans and log records, protobuf or JSON, onto events.
//!
//! Both encodings decode into one model ([`Span`], [`LogRecord`]): ids as lowercase hex,
//! attribute values as JSON (int64 as numbers, bytes as base64), enums as their integers.
//! Protobuf is decoded with `prost` and the `opentelemetry-proto` messages. JSON is normalised
//! by hand ([`json`]): OTLP/JSON writes ids as hex (not base64 as the protobuf JSON mapping
//! would), enums as integers or names, and 64-bit integers as strings or numbers, which
//! ready-made serde mappings of the protobuf types get wrong.
//!
//! [`map_span`] and [`map_log`] say what each becomes in the record: OpenTelemetry GenAI spans
//! (`chat …`, `invoke_agent …`, `execute_tool …`), MCP spans (`mcp.method.name`), GenAI log
//! events and the agents' own events (`claude_code.*`, `codex.*`). Telemetry that is none of
//! these (HTTP server spans, a framework's own logs) is acknowledged and not recorded.

pub mod json;
mod map;
pub mod proto;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

pub use map::{map_log, map_span, Mapped, Observed};

/// A span, whatever the encoding it came in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Span {
    /// 32 lowercase hex digits.
    pub trace_id: String,
    /// 16 lowercase hex digits.
    pub span_id: String,
    pub parent_span_id: Option<String>,
    pub name: String,
    /// `SpanKind` as its integer (1 internal, 2 server, 3 client, 4 producer, 5 consumer).
    pub kind: i64,
    pub start_ns: u64,
    pub end_ns: u64,
    pub attributes: Map<String, Value>,
    /// `Status.code` (0 unset, 1 ok, 2 error) and message.
    pub status_code: i64,
    pub status_message: String,
    pub events: Vec<SpanEvent>,
    pub resource: Map<String, Value>,
    /// Instrumentation scope name.
    pub scope: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpanEvent {
    pub name: String,
    pub time_ns: u64,
    pub attributes: Map<String, Value>,
}

/// A log record (an OpenTelemetry event when it has an event name).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogRecord {
    pub time_ns: u64,
    pub observed_ns: u64,
    pub severity_number: i64,
    pub severity_text: String,
    pub body: Value,
    pub attributes: Map<String, Value>,
    pub trace_id: Option<String>,
    pub span_id: Option<String>,
    /// `LogRecord.event_name` (OTLP 1.5+); empty when the exporter put it elsewhere.
    pub event_name: String,
    pub resource: Map<String, Value>,
    pub scope: String,
}

/// What a request held: the items that decoded, and those refused (invalid ids), with why.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decoded<T> {
    pub items: Vec<T>,
    pub rejected: u64,
    pub errors: Vec<String>,
}

impl<T> Decoded<T> {
    fn reject(&mut self, why: String) {
        self.rejected += 1;
        if self.errors.len() < 5 {
            self.errors.push(why);
        }
    }

    /// The partial-success message: the first reasons, joined.
    pub fn error_message(&self) -> String {
        self.errors.join("; ")
    }
}

/// A W3C id from bytes: lowercase hex of the right length, and not all zeros.
pub(crate) fn id_hex(bytes: &[u8], len: usize) -> Option<String> {
    if bytes.len() != len || bytes.iter().all(|b| *b == 0) {
        return None;
    }
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
