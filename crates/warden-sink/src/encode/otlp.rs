//! OpenTelemetry spans with GenAI semantic-convention attribute names.
//!
//! Each event becomes one span, so a tracing backend shows an agent's task as a trace:
//! a tool call, its decision and its result are `execute_tool <tool>` spans, prompts and model
//! outputs `chat <model>` spans, session events `invoke_agent` spans, anything else
//! `warden.<kind>`. Spans are instants (start = end = the event time): the log records moments,
//! not durations. Ids are derived so nesting survives export: the trace is the event's W3C
//! trace id, else one per task; the span id is a hash of the event id, and the parent is the
//! source's span (OTLP, MCP `traceparent`) or the span of the event named in
//! `correlation.parent_id` (a decision under its tool call). Prompt and output text is not
//! copied: GenAI content capture is opt-in, and the record itself holds it.

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{
    any_value, AnyValue, ArrayValue, InstrumentationScope, KeyValue,
};
use opentelemetry_proto::tonic::resource::v1::Resource;
use opentelemetry_proto::tonic::trace::v1::{
    span, status, ResourceSpans, ScopeSpans, Span, Status,
};
use sha2::{Digest, Sha256};
use warden_core::{EventId, EventKind, StoredEvent};

use super::fields;
use super::VERSION;

/// One request carrying a span per event, under one resource (`service.name = warden`).
pub fn request(events: &[StoredEvent]) -> ExportTraceServiceRequest {
    let resource = Resource {
        attributes: vec![kv("service.name", "warden"), kv("service.version", VERSION)],
        ..Default::default()
    };
    let scope = InstrumentationScope {
        name: "warden".into(),
        version: VERSION.into(),
        ..Default::default()
    };
    ExportTraceServiceRequest {
        resource_spans: vec![ResourceSpans {
            resource: Some(resource),
            scope_spans: vec![ScopeSpans {
                scope: Some(scope),
                spans: events.iter().map(span).collect(),
                ..Default::default()
            }],
            ..Default::default()
        }],
    }
}

/// OTLP/JSON text of a request (the encoding of the OTLP JSON file format).
pub fn to_json(request: &ExportTraceServiceRequest) -> String {
    // Serializing these generated structs cannot fail: they hold only strings, numbers and
    // byte strings written as hex.
    serde_json::to_string(request).unwrap_or_default()
}

/// The protobuf bytes of a request (OTLP/HTTP `application/x-protobuf`).
pub fn to_protobuf(request: &ExportTraceServiceRequest) -> Vec<u8> {
    prost::Message::encode_to_vec(request)
}

/// The span for one event.
pub fn span(e: &StoredEvent) -> Span {
    let meta = &e.envelope.meta;
    let (operation, target) = operation(e);
    let name = match (&operation, &target) {
        (Some(op), Some(t)) => format!("{op} {t}"),
        (Some(op), None) => op.clone(),
        (None, _) => format!("warden.{}", meta.kind.as_str()),
    };
    let ts = u64::try_from(meta.ts.unix_nanos()).unwrap_or(0);
    let parent = meta
        .span_id
        .as_deref()
        .and_then(|s| hex::decode(s).ok())
        .filter(|b| b.len() == 8)
        .or_else(|| meta.correlation.parent_id.map(|p| span_id(&p).to_vec()))
        .unwrap_or_default();
    Span {
        trace_id: trace_id(e).to_vec(),
        span_id: span_id(&meta.id).to_vec(),
        parent_span_id: parent,
        name,
        kind: if operation.as_deref() == Some("chat") {
            span::SpanKind::Client as i32
        } else {
            span::SpanKind::Internal as i32
        },
        start_time_unix_nano: ts,
        end_time_unix_nano: ts,
        attributes: attributes(e, operation.as_deref()),
        status: span_status(e),
        ..Default::default()
    }
}

/// The span id Warden gives an event: the first 8 bytes of SHA-256 of its id.
pub fn span_id(id: &EventId) -> [u8; 8] {
    let digest = Sha256::digest(id.to_string().as_bytes());
    let mut out = [0u8; 8];
    out.copy_from_slice(&digest[..8]);
    out
}

/// The event's W3C trace id, else one derived from its task (every event of a task shares it).
pub fn trace_id(e: &StoredEvent) -> [u8; 16] {
    let meta = &e.envelope.meta;
    let mut out = [0u8; 16];
    if let Some(bytes) = meta.trace_id.as_deref().and_then(|t| hex::decode(t).ok()) {
        if bytes.len() == 16 && bytes.iter().any(|b| *b != 0) {
            out.copy_from_slice(&bytes);
            return out;
        }
    }
    let digest = Sha256::digest(format!("warden-task:{}", meta.task_id.as_str()).as_bytes());
    out.copy_from_slice(&digest[..16]);
    out
}

/// `gen_ai.operation.name` and the span name's target, per the GenAI conventions.
fn operation(e: &StoredEvent) -> (Option<String>, Option<String>) {
    match e.envelope.meta.kind {
        EventKind::ToolCall | EventKind::ToolResult | EventKind::Decision => (
            Some("execute_tool".into()),
            fields::tool_name(e).map(str::to_owned),
        ),
        EventKind::Prompt | EventKind::ModelOutput => {
            (Some("chat".into()), fields::model(e).map(str::to_owned))
        }
        EventKind::Session => (Some("invoke_agent".into()), None),
        _ => (None, None),
    }
}

fn attributes(e: &StoredEvent, operation: Option<&str>) -> Vec<KeyValue> {
    let meta = &e.envelope.meta;
    let mut a = Vec::with_capacity(24);
    if let Some(op) = operation {
        a.push(kv("gen_ai.operation.name", op));
    }
    a.push(kv("gen_ai.conversation.id", meta.session_id.as_str()));
    a.push(kv("gen_ai.agent.id", meta.agent.as_str()));
    if let Some(tool) = fields::tool_name(e) {
        a.push(kv("gen_ai.tool.name", tool));
    }
    if let Some(id) = &meta.correlation.tool_use_id {
        a.push(kv("gen_ai.tool.call.id", id));
    }
    if let Some(model) = fields::model(e) {
        a.push(kv("gen_ai.request.model", model));
    }
    if let Some(provider) = fields::provider(e) {
        a.push(kv("gen_ai.provider.name", provider));
    }
    let (input, output) = fields::usage(e);
    if let Some(n) = input {
        a.push(kv_int("gen_ai.usage.input_tokens", n));
    }
    if let Some(n) = output {
        a.push(kv_int("gen_ai.usage.output_tokens", n));
    }
    if let Some(r) = fields::stop_reason(e) {
        a.push(kv_list("gen_ai.response.finish_reasons", &[r]));
    }
    a.push(kv("warden.event.id", &meta.id.to_string()));
    a.push(kv_int("warden.event.seq", e.envelope.seq));
    a.push(kv("warden.event.kind", meta.kind.as_str()));
    a.push(kv("warden.event.source", meta.source.as_str()));
    a.push(kv("warden.task.id", meta.task_id.as_str()));
    a.push(kv("warden.body_hash", &hex::encode(e.envelope.body_hash)));
    if !meta.delegation.is_empty() {
        let chain: Vec<&str> = meta.delegation.iter().map(|d| d.as_str()).collect();
        a.push(kv_list("warden.delegation", &chain));
    }
    decision_and_alert(e, &mut a);
    a
}

fn decision_and_alert(e: &StoredEvent, a: &mut Vec<KeyValue>) {
    for (key, value) in [
        ("warden.decision.outcome", fields::outcome(e)),
        ("warden.decision.would_be", fields::would_be(e)),
        ("warden.decision.mode", fields::mode(e)),
        ("warden.decision.effect", fields::effect(e)),
        ("warden.policy.version", fields::policy_version(e)),
        ("warden.alert.rule", fields::alert_rule(e)),
        ("warden.alert.severity", fields::alert_severity(e)),
        ("warden.alert.response", fields::alert_response(e)),
    ] {
        if let Some(v) = value {
            a.push(kv(key, v));
        }
    }
    for (key, list) in [
        ("warden.policy.ids", fields::policies(e)),
        ("warden.alert.tags", fields::alert_tags(e)),
        ("warden.alert.evidence", fields::alert_evidence(e)),
    ] {
        if !list.is_empty() {
            a.push(kv_list(key, &list));
        }
    }
}

/// Error for a refused call (with the reason shown to the agent); unset otherwise.
fn span_status(e: &StoredEvent) -> Option<Status> {
    if e.envelope.meta.kind == EventKind::Decision
        && matches!(fields::outcome(e), Some("deny" | "ask"))
    {
        return Some(Status {
            message: fields::reason(e).unwrap_or_default().to_owned(),
            code: status::StatusCode::Error as i32,
        });
    }
    None
}

fn any(v: any_value::Value) -> Option<AnyValue> {
    Some(AnyValue { value: Some(v) })
}

fn kv(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: any(any_value::Value::StringValue(value.into())),
        ..Default::default()
    }
}

fn kv_int(key: &str, value: u64) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: any(any_value::Value::IntValue(
            i64::try_from(value).unwrap_or(i64::MAX),
        )),
        ..Default::default()
    }
}

fn kv_list(key: &str, values: &[&str]) -> KeyValue {
    let values = values
        .iter()
        .map(|v| AnyValue {
            value: Some(any_value::Value::StringValue((*v).into())),
        })
        .collect();
    KeyValue {
        key: key.into(),
        value: any(any_value::Value::ArrayValue(ArrayValue { values })),
        ..Default::default()
    }
}
