//! OTLP protobuf (`application/x-protobuf`) into the common model.

use base64::Engine as _;
use opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceRequest;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{any_value, AnyValue, KeyValue};
use prost::Message as _;
use serde_json::{json, Map, Value};

use super::{id_hex, Decoded, LogRecord, Span, SpanEvent};

pub fn attributes(kvs: &[KeyValue]) -> Map<String, Value> {
    kvs.iter()
        .map(|kv| {
            (
                kv.key.clone(),
                kv.value.as_ref().map(any).unwrap_or(Value::Null),
            )
        })
        .collect()
}

pub fn any(v: &AnyValue) -> Value {
    match &v.value {
        Some(any_value::Value::StringValue(s)) => Value::String(s.clone()),
        Some(any_value::Value::BoolValue(b)) => Value::Bool(*b),
        Some(any_value::Value::IntValue(i)) => json!(i),
        Some(any_value::Value::DoubleValue(d)) => serde_json::Number::from_f64(*d)
            .map_or_else(|| Value::String(d.to_string()), Value::Number),
        Some(any_value::Value::ArrayValue(a)) => Value::Array(a.values.iter().map(any).collect()),
        Some(any_value::Value::KvlistValue(l)) => Value::Object(attributes(&l.values)),
        Some(any_value::Value::BytesValue(b)) => {
            Value::String(base64::engine::general_purpose::STANDARD.encode(b))
        }
        // Values of other signals (profiles' string table) and empty values.
        _ => Value::Null,
    }
}

/// An `ExportTraceServiceRequest`.
pub fn traces(body: &[u8]) -> Result<Decoded<Span>, String> {
    let req = ExportTraceServiceRequest::decode(body)
        .map_err(|e| format!("not an OTLP ExportTraceServiceRequest: {e}"))?;
    let mut out = Decoded::default();
    for rs in &req.resource_spans {
        let resource = rs
            .resource
            .as_ref()
            .map(|r| attributes(&r.attributes))
            .unwrap_or_default();
        for ss in &rs.scope_spans {
            let scope = ss
                .scope
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default();
            for s in &ss.spans {
                let (Some(trace_id), Some(span_id)) =
                    (id_hex(&s.trace_id, 16), id_hex(&s.span_id, 8))
                else {
                    out.reject(format!("span {:?} has an invalid trace or span id", s.name));
                    continue;
                };
                let status = s.status.as_ref();
                out.items.push(Span {
                    trace_id,
                    span_id,
                    parent_span_id: id_hex(&s.parent_span_id, 8),
                    name: s.name.clone(),
                    kind: i64::from(s.kind),
                    start_ns: s.start_time_unix_nano,
                    end_ns: s.end_time_unix_nano,
                    attributes: attributes(&s.attributes),
                    status_code: status.map_or(0, |st| i64::from(st.code)),
                    status_message: status.map(|st| st.message.clone()).unwrap_or_default(),
                    events: s
                        .events
                        .iter()
                        .map(|e| SpanEvent {
                            name: e.name.clone(),
                            time_ns: e.time_unix_nano,
                            attributes: attributes(&e.attributes),
                        })
                        .collect(),
                    resource: resource.clone(),
                    scope: scope.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// An `ExportLogsServiceRequest`.
pub fn logs(body: &[u8]) -> Result<Decoded<LogRecord>, String> {
    let req = ExportLogsServiceRequest::decode(body)
        .map_err(|e| format!("not an OTLP ExportLogsServiceRequest: {e}"))?;
    let mut out = Decoded::default();
    for rl in &req.resource_logs {
        let resource = rl
            .resource
            .as_ref()
            .map(|r| attributes(&r.attributes))
            .unwrap_or_default();
        for sl in &rl.scope_logs {
            let scope = sl
                .scope
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default();
            for r in &sl.log_records {
                // Ids are optional on logs; present ones must be valid.
                let trace_id = id_hex(&r.trace_id, 16);
                let span_id = id_hex(&r.span_id, 8);
                if (!r.trace_id.is_empty()
                    && trace_id.is_none()
                    && r.trace_id.iter().any(|b| *b != 0))
                    || (!r.span_id.is_empty()
                        && span_id.is_none()
                        && r.span_id.iter().any(|b| *b != 0))
                {
                    out.reject("a log record has an invalid trace or span id".into());
                    continue;
                }
                out.items.push(LogRecord {
                    time_ns: r.time_unix_nano,
                    observed_ns: r.observed_time_unix_nano,
                    severity_number: i64::from(r.severity_number),
                    severity_text: r.severity_text.clone(),
                    body: r.body.as_ref().map(any).unwrap_or(Value::Null),
                    attributes: attributes(&r.attributes),
                    trace_id,
                    span_id,
                    event_name: r.event_name.clone(),
                    resource: resource.clone(),
                    scope: scope.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// The answer to a trace export: empty on full success, `partial_success` otherwise.
pub fn traces_response(rejected: u64, message: &str) -> Vec<u8> {
    use opentelemetry_proto::tonic::collector::trace::v1::{
        ExportTracePartialSuccess, ExportTraceServiceResponse,
    };
    ExportTraceServiceResponse {
        partial_success: (rejected > 0 || !message.is_empty()).then(|| ExportTracePartialSuccess {
            rejected_spans: i64::try_from(rejected).unwrap_or(i64::MAX),
            error_message: message.to_owned(),
        }),
    }
    .encode_to_vec()
}

pub fn logs_response(rejected: u64, message: &str) -> Vec<u8> {
    use opentelemetry_proto::tonic::collector::logs::v1::{
        ExportLogsPartialSuccess, ExportLogsServiceResponse,
    };
    ExportLogsServiceResponse {
        partial_success: (rejected > 0 || !message.is_empty()).then(|| ExportLogsPartialSuccess {
            rejected_log_records: i64::try_from(rejected).unwrap_or(i64::MAX),
            error_message: message.to_owned(),
        }),
    }
    .encode_to_vec()
}

/// `google.rpc.Status` (code, message): the body of an OTLP/HTTP error answer.
#[derive(Clone, PartialEq, prost::Message)]
struct Status {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
}

/// An error answer's protobuf body (`code` is a gRPC code: 3 invalid argument, 14 unavailable).
pub fn status(code: i32, message: &str) -> Vec<u8> {
    Status {
        code,
        message: message.to_owned(),
    }
    .encode_to_vec()
}
