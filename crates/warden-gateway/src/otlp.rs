//! The OTLP/HTTP receiver: `POST /v1/traces` and `POST /v1/logs`.
//!
//! Bodies are protobuf (`application/x-protobuf`) or JSON (`application/json`), optionally
//! gzip-compressed (`Content-Encoding: gzip`); larger than `gateway.max_body_bytes`, before or
//! after decompression, they are refused with 413. GenAI and MCP spans, GenAI log events and
//! the agents' own log events (`claude_code.*`, `codex.*`) become events (see
//! `warden_capture::otlp`); other telemetry is acknowledged and not recorded. Items with
//! invalid ids are refused one by one and counted in the answer's `partial_success`, as the
//! OTLP specification asks. The answer is sent once the events are durable; a store that
//! cannot record answers 503, which exporters retry.
//!
//! Sessions: the telemetry's own (`gen_ai.conversation.id`, `session.id`, `conversation.id`,
//! `mcp.session.id`), else the session another item of the same trace named (remembered
//! across requests), else `otlp:<trace id>`.

use std::collections::HashMap;
use std::io::Read as _;
use std::sync::Mutex;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use warden_capture::otlp::{self, Mapped, Observed};
use warden_core::{Draft, SessionId, Source, Timestamp};

use crate::detect::Seen;
use crate::pipeline::new_event_id;
use crate::server::Shared;

/// Bound on the trace → session map.
const MAX_TRACES: usize = 100_000;

/// The receiver's state: the body limit, and the session each trace belongs to.
pub struct OtlpState {
    max_body: usize,
    traces: Mutex<HashMap<String, SessionId>>,
}

impl OtlpState {
    pub fn new(max_body: usize) -> Self {
        Self {
            max_body,
            traces: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SessionId>> {
        match self.traces.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Signal {
    Traces,
    Logs,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Protobuf,
    Json,
}

pub(crate) async fn traces(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(state, Signal::Traces, headers, body).await
}

pub(crate) async fn logs(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    handle(state, Signal::Logs, headers, body).await
}

fn header(h: &HeaderMap, name: header::HeaderName) -> &str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// An error answer: `google.rpc.Status` in the request's encoding.
fn status(code: StatusCode, enc: Encoding, grpc: i32, message: &str) -> Response {
    match enc {
        Encoding::Protobuf => (
            code,
            [(header::CONTENT_TYPE, "application/x-protobuf")],
            otlp::proto::status(grpc, message),
        )
            .into_response(),
        Encoding::Json => (
            code,
            axum::Json(serde_json::json!({"code": grpc, "message": message})),
        )
            .into_response(),
    }
}

async fn handle(state: Shared, signal: Signal, headers: HeaderMap, body: Bytes) -> Response {
    let ct = header(&headers, header::CONTENT_TYPE).to_ascii_lowercase();
    let enc = if ct.starts_with("application/x-protobuf") {
        Encoding::Protobuf
    } else if ct.starts_with("application/json") {
        Encoding::Json
    } else {
        return status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Encoding::Json,
            3,
            "OTLP/HTTP bodies are application/x-protobuf or application/json",
        );
    };
    let max = state.otlp.max_body;
    let body = match header(&headers, header::CONTENT_ENCODING)
        .to_ascii_lowercase()
        .as_str()
    {
        "" | "identity" => body,
        "gzip" => match gunzip(&body, max) {
            Ok(b) => Bytes::from(b),
            Err(Gunzip::TooLarge) => {
                return status(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    enc,
                    8,
                    &format!("the decompressed body is larger than gateway.max_body_bytes ({max})"),
                )
            }
            Err(Gunzip::Invalid(e)) => {
                return status(
                    StatusCode::BAD_REQUEST,
                    enc,
                    3,
                    &format!("the gzip body does not decompress: {e}"),
                )
            }
        },
        other => {
            return status(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                enc,
                3,
                &format!("unsupported Content-Encoding {other:?}; use gzip or none"),
            )
        }
    };
    let (mapped, rejected, message) = match decode(signal, enc, &body) {
        Ok(m) => m,
        Err(e) => return status(StatusCode::BAD_REQUEST, enc, 3, &e),
    };
    if let Err(e) = record(&state, mapped).await {
        tracing::error!(error = %e, "OTLP telemetry could not be recorded");
        return status(
            StatusCode::SERVICE_UNAVAILABLE,
            enc,
            14,
            "the audit log could not record this export; retry later",
        );
    }
    match (enc, signal) {
        (Encoding::Protobuf, Signal::Traces) => {
            proto_ok(otlp::proto::traces_response(rejected, &message))
        }
        (Encoding::Protobuf, Signal::Logs) => {
            proto_ok(otlp::proto::logs_response(rejected, &message))
        }
        (Encoding::Json, Signal::Traces) => {
            axum::Json(otlp::json::response("rejectedSpans", rejected, &message)).into_response()
        }
        (Encoding::Json, Signal::Logs) => axum::Json(otlp::json::response(
            "rejectedLogRecords",
            rejected,
            &message,
        ))
        .into_response(),
    }
}

fn proto_ok(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/x-protobuf")], bytes).into_response()
}

enum Gunzip {
    TooLarge,
    Invalid(std::io::Error),
}

/// Decompresses at most `max` bytes.
fn gunzip(body: &[u8], max: usize) -> Result<Vec<u8>, Gunzip> {
    let mut out = Vec::new();
    let mut reader = flate2::read::MultiGzDecoder::new(body).take(max as u64 + 1);
    reader.read_to_end(&mut out).map_err(Gunzip::Invalid)?;
    if out.len() > max {
        return Err(Gunzip::TooLarge);
    }
    Ok(out)
}

type Decoded = (Vec<Mapped>, u64, String);

fn decode(signal: Signal, enc: Encoding, body: &[u8]) -> Result<Decoded, String> {
    Ok(match signal {
        Signal::Traces => {
            let d = match enc {
                Encoding::Protobuf => otlp::proto::traces(body)?,
                Encoding::Json => otlp::json::traces(body)?,
            };
            let message = d.error_message();
            (
                d.items.iter().flat_map(otlp::map_span).collect(),
                d.rejected,
                message,
            )
        }
        Signal::Logs => {
            let d = match enc {
                Encoding::Protobuf => otlp::proto::logs(body)?,
                Encoding::Json => otlp::json::logs(body)?,
            };
            let message = d.error_message();
            (
                d.items.iter().filter_map(otlp::map_log).collect(),
                d.rejected,
                message,
            )
        }
    })
}

/// Turns mapped telemetry into events, sessions resolved, and records them durably.
async fn record(state: &Shared, mapped: Vec<Mapped>) -> Result<(), warden_store::StoreError> {
    if mapped.is_empty() {
        return Ok(());
    }
    // Sessions named in this export teach the trace its session first.
    {
        let mut traces = state.otlp.lock();
        for m in &mapped {
            if let (Some(s), Some(t)) = (&m.session, &m.trace_id) {
                if let Ok(s) = SessionId::new(s.clone()) {
                    if traces.len() >= MAX_TRACES {
                        traces.clear();
                    }
                    traces.insert(t.clone(), s);
                }
            }
        }
    }
    let mut items = Vec::with_capacity(mapped.len());
    for m in mapped {
        let session = session_of(state, &m);
        let mut draft = Draft::new(m.kind, session.clone(), m.body);
        draft.id = Some(new_event_id());
        draft.trace_id = m.trace_id;
        draft.span_id = m.span_id;
        draft.correlation = m.correlation;
        if m.ts_ns > 0 {
            draft.ts = Timestamp::from_unix_nanos(i128::from(m.ts_ns));
        }
        if let Some(id) = draft.id {
            for call in &m.tool_calls {
                state
                    .pipeline
                    .model_calls()
                    .remember(id, &session, call, None);
            }
        }
        let seen = match m.observed {
            Observed::Prompt(text) if !text.is_empty() => Some(Seen::Prompt { text }),
            Observed::ModelOutput(text) if !text.is_empty() => Some(Seen::ModelOutput { text }),
            Observed::ToolResult {
                tool,
                tool_use_id,
                text,
                is_error,
            } => Some(Seen::ToolResult {
                tool,
                tool_use_id,
                text,
                is_error,
            }),
            Observed::SessionStart => Some(Seen::SessionStart),
            _ => None,
        };
        items.push((draft, seen));
    }
    state
        .pipeline
        .record_seen(items, Source::Otlp, &state.local_agent)
        .await
        .map(|_| ())
}

fn session_of(state: &Shared, m: &Mapped) -> SessionId {
    if let Some(s) = m
        .session
        .as_ref()
        .and_then(|s| SessionId::new(s.clone()).ok())
    {
        return s;
    }
    if let Some(t) = &m.trace_id {
        if let Some(s) = state.otlp.lock().get(t) {
            return s.clone();
        }
        if let Ok(s) = SessionId::new(format!("otlp:{t}")) {
            return s;
        }
    }
    let service = m
        .body
        .get("resource")
        .and_then(|r| r.get("service.name"))
        .and_then(|s| s.as_str())
        .unwrap_or("unknown");
    SessionId::new(format!("otlp:{service}")).unwrap_or_else(|_| crate::mcp::new_session())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gunzip_is_bounded() {
        use std::io::Write as _;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&vec![b'a'; 10_000]).unwrap();
        let body = gz.finish().unwrap();
        assert_eq!(gunzip(&body, 10_000).ok().map(|b| b.len()), Some(10_000));
        assert!(matches!(gunzip(&body, 9_999), Err(Gunzip::TooLarge)));
        assert!(matches!(gunzip(b"not gzip", 100), Err(Gunzip::Invalid(_))));
    }
}
