//! OTLP/JSON (`application/json`) into the common model, normalised by hand.
//!
//! The OTLP/JSON rules that differ from the protobuf JSON mapping: trace and span ids are hex
//! strings (a base64 id, as some exporters wrongly send, is accepted too); enums may be
//! integers or their names (`SPAN_KIND_CLIENT`, `STATUS_CODE_ERROR`); 64-bit integers
//! (`intValue`, `*UnixNano`) may be strings or numbers. Keys are lowerCamelCase; the
//! protobuf field names (snake_case) are accepted as well. Unknown fields are ignored.

use base64::Engine as _;
use serde_json::{json, Map, Value};

use super::{id_hex, Decoded, LogRecord, Span, SpanEvent};

fn field<'a>(o: &'a Value, camel: &str, snake: &str) -> Option<&'a Value> {
    o.get(camel)
        .or_else(|| o.get(snake))
        .filter(|v| !v.is_null())
}

fn array<'a>(o: &'a Value, camel: &str, snake: &str) -> &'a [Value] {
    field(o, camel, snake)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The top-level list of an export: absent is an empty export; any other type is a malformed
/// request (the exporter gets a 400 rather than a silent "accepted nothing").
fn top_level<'a>(o: &'a Value, camel: &str, snake: &str) -> Result<&'a [Value], String> {
    match field(o, camel, snake) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items.as_slice()),
        Some(_) => Err(format!("{camel} must be an array")),
    }
}

fn string(o: &Value, camel: &str, snake: &str) -> String {
    field(o, camel, snake)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned()
}

/// A 64-bit integer written as a number or a string.
fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_u64().map(|u| u as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn uint(v: Option<&Value>) -> u64 {
    match v {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

/// An enum written as its integer, its name, or a string holding the integer.
fn enumeration(v: Option<&Value>, names: &[&str]) -> i64 {
    match v {
        Some(Value::String(s)) => names
            .iter()
            .position(|n| n == s)
            .map(|i| i as i64)
            .or_else(|| s.parse().ok())
            .unwrap_or(0),
        other => int(other).unwrap_or(0),
    }
}

const SPAN_KINDS: &[&str] = &[
    "SPAN_KIND_UNSPECIFIED",
    "SPAN_KIND_INTERNAL",
    "SPAN_KIND_SERVER",
    "SPAN_KIND_CLIENT",
    "SPAN_KIND_PRODUCER",
    "SPAN_KIND_CONSUMER",
];
const STATUS_CODES: &[&str] = &["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

fn severity_number(v: Option<&Value>) -> i64 {
    const LEVELS: [&str; 6] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
    if let Some(Value::String(s)) = v {
        if let Some(rest) = s.strip_prefix("SEVERITY_NUMBER_") {
            let (name, n) = rest
                .find(|c: char| c.is_ascii_digit())
                .map_or((rest, 1), |i| (&rest[..i], rest[i..].parse().unwrap_or(1)));
            if let Some(level) = LEVELS.iter().position(|l| *l == name) {
                return level as i64 * 4 + n;
            }
            return 0;
        }
    }
    int(v).unwrap_or(0)
}

/// A trace (16 bytes) or span (8 bytes) id: hex, or base64 of the right length.
fn id(v: Option<&Value>, len: usize) -> Result<Option<String>, ()> {
    let Some(s) = v.and_then(Value::as_str).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if s.len() == len * 2 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        let lower = s.to_ascii_lowercase();
        return Ok((!lower.bytes().all(|b| b == b'0')).then_some(lower));
    }
    match base64::engine::general_purpose::STANDARD.decode(s) {
        Ok(bytes) if bytes.len() == len => Ok(id_hex(&bytes, len)),
        _ => Err(()),
    }
}

pub fn attributes(kvs: &[Value]) -> Map<String, Value> {
    kvs.iter()
        .filter_map(|kv| {
            let key = kv.get("key")?.as_str()?.to_owned();
            Some((key, kv.get("value").map(any).unwrap_or(Value::Null)))
        })
        .collect()
}

/// An `AnyValue` object.
pub fn any(v: &Value) -> Value {
    let Some(o) = v.as_object() else {
        return Value::Null;
    };
    if let Some(s) = o.get("stringValue").or_else(|| o.get("string_value")) {
        return s.clone();
    }
    if let Some(b) = o.get("boolValue").or_else(|| o.get("bool_value")) {
        return match b {
            Value::String(s) => Value::Bool(s == "true"),
            other => other.clone(),
        };
    }
    if let Some(i) = o.get("intValue").or_else(|| o.get("int_value")) {
        return int(Some(i)).map_or(Value::Null, |i| json!(i));
    }
    if let Some(d) = o.get("doubleValue").or_else(|| o.get("double_value")) {
        return match d {
            Value::String(s) => s
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| Value::String(s.clone()), Value::Number),
            other => other.clone(),
        };
    }
    if let Some(a) = o.get("arrayValue").or_else(|| o.get("array_value")) {
        return Value::Array(array(a, "values", "values").iter().map(any).collect());
    }
    if let Some(l) = o.get("kvlistValue").or_else(|| o.get("kvlist_value")) {
        return Value::Object(attributes(array(l, "values", "values")));
    }
    if let Some(b) = o.get("bytesValue").or_else(|| o.get("bytes_value")) {
        return b.clone();
    }
    Value::Null
}

fn parse(body: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))
}

fn resource_of(r: &Value) -> Map<String, Value> {
    field(r, "resource", "resource")
        .map(|res| attributes(array(res, "attributes", "attributes")))
        .unwrap_or_default()
}

fn scope_of(s: &Value) -> String {
    field(s, "scope", "scope")
        .map(|sc| string(sc, "name", "name"))
        .unwrap_or_default()
}

/// An `ExportTraceServiceRequest` in OTLP/JSON.
pub fn traces(body: &[u8]) -> Result<Decoded<Span>, String> {
    let v = parse(body)?;
    if !v.is_object() {
        return Err("an OTLP/JSON trace export is an object with resourceSpans".into());
    }
    let mut out = Decoded::default();
    for rs in top_level(&v, "resourceSpans", "resource_spans")? {
        let resource = resource_of(rs);
        for ss in array(rs, "scopeSpans", "scope_spans") {
            let scope = scope_of(ss);
            for s in array(ss, "spans", "spans") {
                let name = string(s, "name", "name");
                let trace = id(field(s, "traceId", "trace_id"), 16);
                let span = id(field(s, "spanId", "span_id"), 8);
                let (Ok(Some(trace_id)), Ok(Some(span_id))) = (trace, span) else {
                    out.reject(format!("span {name:?} has an invalid trace or span id"));
                    continue;
                };
                let status = field(s, "status", "status");
                out.items.push(Span {
                    trace_id,
                    span_id,
                    parent_span_id: id(field(s, "parentSpanId", "parent_span_id"), 8)
                        .ok()
                        .flatten(),
                    name,
                    kind: enumeration(field(s, "kind", "kind"), SPAN_KINDS),
                    start_ns: uint(field(s, "startTimeUnixNano", "start_time_unix_nano")),
                    end_ns: uint(field(s, "endTimeUnixNano", "end_time_unix_nano")),
                    attributes: attributes(array(s, "attributes", "attributes")),
                    status_code: status
                        .map(|st| enumeration(field(st, "code", "code"), STATUS_CODES))
                        .unwrap_or(0),
                    status_message: status
                        .map(|st| string(st, "message", "message"))
                        .unwrap_or_default(),
                    events: array(s, "events", "events")
                        .iter()
                        .map(|e| SpanEvent {
                            name: string(e, "name", "name"),
                            time_ns: uint(field(e, "timeUnixNano", "time_unix_nano")),
                            attributes: attributes(array(e, "attributes", "attributes")),
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

/// An `ExportLogsServiceRequest` in OTLP/JSON.
pub fn logs(body: &[u8]) -> Result<Decoded<LogRecord>, String> {
    let v = parse(body)?;
    if !v.is_object() {
        return Err("an OTLP/JSON log export is an object with resourceLogs".into());
    }
    let mut out = Decoded::default();
    for rl in top_level(&v, "resourceLogs", "resource_logs")? {
        let resource = resource_of(rl);
        for sl in array(rl, "scopeLogs", "scope_logs") {
            let scope = scope_of(sl);
            for r in array(sl, "logRecords", "log_records") {
                let trace = id(field(r, "traceId", "trace_id"), 16);
                let span = id(field(r, "spanId", "span_id"), 8);
                let (Ok(trace_id), Ok(span_id)) = (trace, span) else {
                    out.reject("a log record has an invalid trace or span id".into());
                    continue;
                };
                out.items.push(LogRecord {
                    time_ns: uint(field(r, "timeUnixNano", "time_unix_nano")),
                    observed_ns: uint(field(r, "observedTimeUnixNano", "observed_time_unix_nano")),
                    severity_number: severity_number(field(r, "severityNumber", "severity_number")),
                    severity_text: string(r, "severityText", "severity_text"),
                    body: field(r, "body", "body").map(any).unwrap_or(Value::Null),
                    attributes: attributes(array(r, "attributes", "attributes")),
                    trace_id,
                    span_id,
                    event_name: string(r, "eventName", "event_name"),
                    resource: resource.clone(),
                    scope: scope.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// The JSON answer: `{}` on full success, `partialSuccess` otherwise (int64 as a string).
pub fn response(rejected_key: &str, rejected: u64, message: &str) -> Value {
    if rejected == 0 && message.is_empty() {
        return json!({});
    }
    json!({"partialSuccess": {rejected_key: rejected.to_string(), "errorMessage": message}})
}
