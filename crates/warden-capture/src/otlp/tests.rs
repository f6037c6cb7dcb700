use opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceRequest;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{any_value, AnyValue, ArrayValue, KeyValue};
use opentelemetry_proto::tonic::logs::v1::{LogRecord as PLog, ResourceLogs, ScopeLogs};
use opentelemetry_proto::tonic::resource::v1::Resource;
use opentelemetry_proto::tonic::trace::v1::{ResourceSpans, ScopeSpans, Span as PSpan, Status};
use prost::Message as _;
use serde_json::json;
use warden_core::EventKind;

use super::*;

const TRACE: [u8; 16] = [
    0x5b, 0x8e, 0xff, 0xf7, 0x98, 0x03, 0x81, 0x03, 0xd2, 0x69, 0xb6, 0x33, 0x81, 0x3f, 0xc6, 0x0c,
];
const TRACE_HEX: &str = "5b8efff798038103d269b633813fc60c";
const SPAN: [u8; 8] = [0xee, 0xe1, 0x9b, 0x7e, 0xc3, 0xc1, 0xb1, 0x74];
const SPAN_HEX: &str = "eee19b7ec3c1b174";

fn kv(k: &str, v: any_value::Value) -> KeyValue {
    KeyValue {
        key: k.into(),
        value: Some(AnyValue { value: Some(v) }),
        ..Default::default()
    }
}

fn s(v: &str) -> any_value::Value {
    any_value::Value::StringValue(v.into())
}

fn proto_traces(spans: Vec<PSpan>) -> Vec<u8> {
    ExportTraceServiceRequest {
        resource_spans: vec![ResourceSpans {
            resource: Some(Resource {
                attributes: vec![kv("service.name", s("my-agent"))],
                ..Default::default()
            }),
            scope_spans: vec![ScopeSpans {
                spans,
                ..Default::default()
            }],
            ..Default::default()
        }],
    }
    .encode_to_vec()
}

fn chat_span() -> PSpan {
    PSpan {
        trace_id: TRACE.to_vec(),
        span_id: SPAN.to_vec(),
        name: "chat gpt-4.1".into(),
        kind: 3,
        start_time_unix_nano: 1_763_702_400_000_000_000,
        end_time_unix_nano: 1_763_702_401_500_000_000,
        attributes: vec![
            kv("gen_ai.operation.name", s("chat")),
            kv("gen_ai.request.model", s("gpt-4.1")),
            kv("gen_ai.conversation.id", s("conv_5j66UpCpwteGg4YSxUnt7lPY")),
            kv("gen_ai.usage.input_tokens", any_value::Value::IntValue(97)),
            kv(
                "gen_ai.input.messages",
                s(r#"[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]}]"#),
            ),
            kv(
                "gen_ai.output.messages",
                s(
                    r#"[{"role":"assistant","parts":[{"type":"tool_call","id":"call_VSPygqKTWdrhaFErNvMV18Yl","name":"get_weather","arguments":{"location":"Paris"}}],"finish_reason":"tool_call"}]"#,
                ),
            ),
            kv(
                "gen_ai.response.finish_reasons",
                any_value::Value::ArrayValue(ArrayValue {
                    values: vec![AnyValue {
                        value: Some(s("tool_call")),
                    }],
                }),
            ),
        ],
        status: Some(Status {
            code: 1,
            message: String::new(),
        }),
        ..Default::default()
    }
}

#[test]
fn protobuf_spans_decode_with_hex_ids_and_typed_attributes() {
    let mut bad = chat_span();
    bad.trace_id = vec![0; 16];
    let body = proto_traces(vec![chat_span(), bad]);
    let d = proto::traces(&body).unwrap();
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.rejected, 1, "an all-zero trace id is invalid");
    assert!(d.error_message().contains("invalid trace"));
    let span = &d.items[0];
    assert_eq!(span.trace_id, TRACE_HEX);
    assert_eq!(span.span_id, SPAN_HEX);
    assert_eq!(span.kind, 3);
    assert_eq!(span.status_code, 1);
    assert_eq!(span.attributes["gen_ai.usage.input_tokens"], json!(97));
    assert_eq!(
        span.attributes["gen_ai.response.finish_reasons"],
        json!(["tool_call"])
    );
    assert_eq!(span.resource["service.name"], "my-agent");
    assert!(proto::traces(b"\xff\xff\xff").is_err());
}

#[test]
fn json_spans_normalise_to_the_same_model() {
    // Hex ids, a string int64, an enum by name, timestamps as strings.
    let body = json!({"resourceSpans": [{
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "my-agent"}}]},
        "scopeSpans": [{"scope": {"name": "openai"}, "spans": [{
            "traceId": TRACE_HEX.to_uppercase(), "spanId": SPAN_HEX, "parentSpanId": "",
            "name": "chat gpt-4.1", "kind": "SPAN_KIND_CLIENT",
            "startTimeUnixNano": "1763702400000000000", "endTimeUnixNano": 1763702401500000000u64,
            "attributes": [
                {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "97"}},
                {"key": "gen_ai.response.finish_reasons", "value": {"arrayValue": {"values": [{"stringValue": "tool_call"}]}}},
                {"key": "ratio", "value": {"doubleValue": 0.5}},
                {"key": "flag", "value": {"boolValue": true}},
                {"key": "nested", "value": {"kvlistValue": {"values": [{"key": "a", "value": {"intValue": 1}}]}}}
            ],
            "status": {"code": "STATUS_CODE_ERROR", "message": "boom"}
        }, {
            "traceId": "not-an-id", "spanId": SPAN_HEX, "name": "bad"
        }, {
            // base64 ids, as some exporters send them
            "traceId": "W47/95gDgQPSabYzgT/GDA==", "spanId": "7uGbfsPBsXQ=", "name": "b64", "kind": 1
        }]}]
    }]});
    let d = json::traces(body.to_string().as_bytes()).unwrap();
    assert_eq!(d.rejected, 1);
    assert_eq!(d.items.len(), 2);
    let span = &d.items[0];
    assert_eq!(span.trace_id, TRACE_HEX, "lowercased");
    assert_eq!(span.parent_span_id, None);
    assert_eq!(span.kind, 3);
    assert_eq!(span.start_ns, 1_763_702_400_000_000_000);
    assert_eq!(span.end_ns, 1_763_702_401_500_000_000);
    assert_eq!(span.status_code, 2);
    assert_eq!(span.status_message, "boom");
    assert_eq!(span.attributes["gen_ai.usage.input_tokens"], json!(97));
    assert_eq!(span.attributes["ratio"], json!(0.5));
    assert_eq!(span.attributes["flag"], json!(true));
    assert_eq!(span.attributes["nested"], json!({"a": 1}));
    assert_eq!(span.scope, "openai");
    assert_eq!(d.items[1].trace_id, TRACE_HEX);
    assert_eq!(d.items[1].span_id, SPAN_HEX);
    assert!(json::traces(b"[1]").is_err());
    assert!(json::traces(b"{").is_err());
    assert_eq!(json::response("rejectedSpans", 0, ""), json!({}));
    assert_eq!(
        json::response("rejectedSpans", 2, "x"),
        json!({"partialSuccess": {"rejectedSpans": "2", "errorMessage": "x"}})
    );
}

#[test]
fn a_chat_span_becomes_prompt_and_model_output_with_requested_calls() {
    let d = proto::traces(&proto_traces(vec![chat_span()])).unwrap();
    let events = map_span(&d.items[0]);
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].kind, EventKind::Prompt);
    assert_eq!(
        events[0].observed,
        Observed::Prompt("Weather in Paris?".into())
    );
    assert_eq!(
        events[0].session.as_deref(),
        Some("conv_5j66UpCpwteGg4YSxUnt7lPY")
    );
    let out = &events[1];
    assert_eq!(out.kind, EventKind::ModelOutput);
    assert_eq!(out.trace_id.as_deref(), Some(TRACE_HEX));
    assert_eq!(out.span_id.as_deref(), Some(SPAN_HEX));
    assert_eq!(out.ts_ns, 1_763_702_401_500_000_000);
    assert_eq!(out.tool_calls.len(), 1);
    assert_eq!(out.tool_calls[0].id, "call_VSPygqKTWdrhaFErNvMV18Yl");
    assert_eq!(out.tool_calls[0].arguments, json!({"location": "Paris"}));
    assert_eq!(out.body["model"], "gpt-4.1");
    assert_eq!(out.body["usage"]["input_tokens"], 97);
    assert_eq!(out.body["attributes"]["gen_ai.operation.name"], "chat");
}

fn span_with(name: &str, attrs: serde_json::Value) -> Span {
    Span {
        trace_id: TRACE_HEX.into(),
        span_id: SPAN_HEX.into(),
        name: name.into(),
        attributes: attrs.as_object().cloned().unwrap_or_default(),
        start_ns: 10,
        end_ns: 20,
        ..Default::default()
    }
}

#[test]
fn tool_agent_mcp_and_other_spans() {
    let t = map_span(&span_with(
        "execute_tool get_weather",
        json!({"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_weather",
               "gen_ai.tool.call.id": "call_1", "gen_ai.tool.call.arguments": "{\"location\":\"Paris\"}",
               "gen_ai.tool.call.result": "rainy, 57°F"}),
    ));
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].kind, EventKind::ToolResult);
    assert_eq!(t[0].correlation.tool_use_id.as_deref(), Some("call_1"));
    assert_eq!(t[0].body["arguments"], json!({"location": "Paris"}));
    assert_eq!(
        t[0].observed,
        Observed::ToolResult {
            tool: "get_weather".into(),
            tool_use_id: Some("call_1".into()),
            text: "rainy, 57°F".into(),
            is_error: false
        }
    );
    // By span name alone.
    let a = map_span(&span_with(
        "invoke_agent Math Tutor",
        json!({"gen_ai.agent.name": "Math Tutor"}),
    ));
    assert_eq!(a[0].kind, EventKind::Session);
    assert_eq!(a[0].body["agent_name"], "Math Tutor");
    let m = map_span(&span_with(
        "resources/read file:///a",
        json!({"mcp.method.name": "resources/read", "mcp.session.id": "s-1", "jsonrpc.request.id": "7"}),
    ));
    assert_eq!(m[0].kind, EventKind::McpMessage);
    assert_eq!(m[0].session.as_deref(), Some("s-1"));
    assert_eq!(m[0].correlation.jsonrpc_id.as_deref(), Some("7"));
    assert!(map_span(&span_with(
        "GET /healthz",
        json!({"http.request.method": "GET"})
    ))
    .is_empty());
    let e = map_span(&span_with("embeddings text-embedding-3", json!({})));
    assert_eq!(e[0].kind, EventKind::Other);
}

fn proto_logs(records: Vec<PLog>, service: &str) -> Vec<u8> {
    ExportLogsServiceRequest {
        resource_logs: vec![ResourceLogs {
            resource: Some(Resource {
                attributes: vec![kv("service.name", s(service))],
                ..Default::default()
            }),
            scope_logs: vec![ScopeLogs {
                log_records: records,
                ..Default::default()
            }],
            ..Default::default()
        }],
    }
    .encode_to_vec()
}

#[test]
fn agent_log_events_map_onto_the_record() {
    let prompt = PLog {
        time_unix_nano: 5,
        body: Some(AnyValue {
            value: Some(s("claude_code.user_prompt")),
        }),
        attributes: vec![
            kv("event.name", s("user_prompt")),
            kv("session.id", s("7f3c2e1a-claude")),
            kv("prompt", s("fix the failing test")),
            kv("prompt.id", s("p-1")),
        ],
        ..Default::default()
    };
    let tool = PLog {
        event_name: "codex.tool_result".into(),
        attributes: vec![
            kv("conversation.id", s("conv-codex-1")),
            kv("tool_name", s("shell")),
            kv("call_id", s("call_Tz6Gv2Qe8NfR1bXo")),
            kv("success", s("false")),
            kv("output", s("error: 2 tests failed")),
        ],
        trace_id: TRACE.to_vec(),
        ..Default::default()
    };
    let noise = PLog {
        body: Some(AnyValue {
            value: Some(s("GET /healthz 200")),
        }),
        ..Default::default()
    };
    let d = proto::logs(&proto_logs(vec![prompt, tool, noise], "claude-code")).unwrap();
    assert_eq!(d.items.len(), 3);
    let p = map_log(&d.items[0]).expect("mapped");
    assert_eq!(p.kind, EventKind::Prompt);
    assert_eq!(p.session.as_deref(), Some("7f3c2e1a-claude"));
    assert_eq!(p.correlation.prompt_id.as_deref(), Some("p-1"));
    assert_eq!(p.observed, Observed::Prompt("fix the failing test".into()));
    assert_eq!(p.body["event"], "claude_code.user_prompt");
    let t = map_log(&d.items[1]).expect("mapped");
    assert_eq!(t.kind, EventKind::ToolResult);
    assert_eq!(t.session.as_deref(), Some("conv-codex-1"));
    assert_eq!(t.trace_id.as_deref(), Some(TRACE_HEX));
    assert_eq!(
        t.correlation.tool_use_id.as_deref(),
        Some("call_Tz6Gv2Qe8NfR1bXo")
    );
    assert!(matches!(
        t.observed,
        Observed::ToolResult { is_error: true, .. }
    ));
    assert!(map_log(&d.items[2]).is_none());

    // The prefix comes from the service when the exporter gives only `event.name`.
    let bare = LogRecord {
        attributes: json!({"event.name": "api_request", "model": "claude-sonnet-4-5"})
            .as_object()
            .cloned()
            .unwrap(),
        resource: json!({"service.name": "claude-code"})
            .as_object()
            .cloned()
            .unwrap(),
        ..Default::default()
    };
    let m = map_log(&bare).expect("mapped");
    assert_eq!(m.kind, EventKind::Other);
    assert_eq!(m.body["event"], "claude_code.api_request");
}

#[test]
fn json_logs_with_severity_names_and_event_names() {
    let body = json!({"resourceLogs": [{"resource": {"attributes": []}, "scopeLogs": [{"logRecords": [
        {"timeUnixNano": "1763702400000000001", "severityNumber": "SEVERITY_NUMBER_WARN2", "severityText": "WARN",
         "eventName": "gen_ai.choice", "traceId": TRACE_HEX, "spanId": SPAN_HEX,
         "body": {"kvlistValue": {"values": [{"key": "message", "value": {"kvlistValue": {"values": [{"key": "content", "value": {"stringValue": "It is sunny."}}]}}}]}},
         "attributes": [{"key": "gen_ai.conversation.id", "value": {"stringValue": "conv-9"}}]},
        {"severityNumber": 9, "traceId": "zz", "body": {"stringValue": "x"}}
    ]}]}]});
    let d = json::logs(body.to_string().as_bytes()).unwrap();
    assert_eq!(d.rejected, 1);
    let r = &d.items[0];
    assert_eq!(r.severity_number, 14);
    assert_eq!(r.time_ns, 1_763_702_400_000_000_001);
    let m = map_log(r).expect("mapped");
    assert_eq!(m.kind, EventKind::ModelOutput);
    assert_eq!(m.observed, Observed::ModelOutput("It is sunny.".into()));
    assert_eq!(m.session.as_deref(), Some("conv-9"));
    assert_eq!(m.span_id.as_deref(), Some(SPAN_HEX));
}

#[test]
fn partial_success_answers_encode() {
    use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceResponse;
    let ok = proto::traces_response(0, "");
    assert!(ok.is_empty(), "full success is an empty message");
    let partial =
        ExportTraceServiceResponse::decode(&proto::traces_response(3, "bad ids")[..]).unwrap();
    let p = partial.partial_success.unwrap();
    assert_eq!(p.rejected_spans, 3);
    assert_eq!(p.error_message, "bad ids");
    assert!(!proto::logs_response(1, "x").is_empty());
    assert!(!proto::status(3, "bad").is_empty());
}
