use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value;
use serde_json::Value;

use super::*;
use crate::testkit::{scenario, stored};

/// Required attributes of OCSF 1.6 API Activity (6003) and Detection Finding (2004): the base
/// event's, the class's, and those of the required objects, as dotted paths.
pub(crate) const OCSF_REQUIRED_BASE: &[&str] = &[
    "activity_id",
    "category_uid",
    "class_uid",
    "type_uid",
    "severity_id",
    "time",
    "metadata.product.vendor_name",
    "metadata.product.name",
    "metadata.version",
];
pub(crate) const OCSF_REQUIRED_6003: &[&str] = &["actor", "api.operation", "src_endpoint"];
pub(crate) const OCSF_REQUIRED_2004: &[&str] = &["finding_info.uid", "finding_info.title"];

pub(crate) fn missing_ocsf_fields(v: &Value) -> Vec<String> {
    let class = v["class_uid"].as_u64().unwrap_or(0);
    let extra = match class {
        6003 => OCSF_REQUIRED_6003,
        2004 => OCSF_REQUIRED_2004,
        _ => return vec![format!("class_uid {class}")],
    };
    let mut missing: Vec<String> = OCSF_REQUIRED_BASE
        .iter()
        .chain(extra)
        .filter(|path| {
            path.split('.')
                .try_fold(v, |cur, k| cur.get(k))
                .is_none_or(Value::is_null)
        })
        .map(|p| p.to_string())
        .collect();
    let activity = v["activity_id"].as_u64().unwrap_or(0);
    if v["type_uid"].as_u64() != Some(class * 100 + activity) {
        missing.push("type_uid = class_uid * 100 + activity_id".into());
    }
    if activity == 99 && v["activity_name"].as_str().is_none_or(str::is_empty) {
        missing.push("activity_name (activity_id 99)".into());
    }
    missing
}

#[test]
fn ocsf_maps_calls_and_decisions_to_api_activity_and_alerts_to_detection_findings() {
    let events = stored(&scenario());
    let ocsf: Vec<Value> = events.iter().map(ocsf::encode).collect();
    for (e, o) in events.iter().zip(&ocsf) {
        assert_eq!(missing_ocsf_fields(o), Vec::<String>::new(), "{o:#}");
        assert_eq!(o["metadata"]["uid"], e.envelope.meta.id.to_string());
        assert_eq!(
            o["actor"]["user"]["uid"],
            "spiffe://warden.local/agent/claude"
        );
    }
    let (call, decision, alert) = (&ocsf[0], &ocsf[1], &ocsf[2]);
    assert_eq!(call["class_uid"], 6003);
    assert_eq!(call["api"]["operation"], "Bash");
    assert_eq!(decision["class_uid"], 6003);
    assert_eq!(decision["status"], "Failure");
    let auth = &decision["actor"]["authorizations"][0];
    assert_eq!(auth["decision"], "deny");
    assert_eq!(auth["policy"]["uid"], "deny-egress-after-secret");
    assert_eq!(auth["policy"]["version"], "sha256:abc");
    assert_eq!(alert["class_uid"], 2004);
    assert_eq!(alert["type_uid"], 200401);
    assert_eq!(alert["severity_id"], 4);
    assert_eq!(
        alert["finding_info"]["analytic"]["uid"],
        "exfil.sensitive_to_egress"
    );
    assert_eq!(
        alert["finding_info"]["related_events"][0]["uid"],
        events[0].envelope.meta.id.to_string()
    );
    let attacks = alert["finding_info"]["attacks"]
        .as_array()
        .expect("attacks");
    assert_eq!(attacks[0]["technique"]["uid"], "AML.T0086");
    assert_eq!(attacks[1]["technique"]["uid"], "AML.T0051");
    assert_eq!(attacks[1]["sub_technique"]["uid"], "AML.T0051.001");
    let types: Vec<&str> = alert["finding_info"]["types"]
        .as_array()
        .expect("types")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        types,
        [
            "OWASP ASI:ASI02",
            "CSA MAESTRO:L2",
            "NIST AI RMF:MEASURE-2.10",
            "OWASP NHI:NHI2"
        ]
    );
}

#[test]
fn otlp_spans_use_genai_names_and_nest_decisions_under_their_calls() {
    let events = stored(&scenario());
    let bytes = otlp::to_protobuf(&otlp::request(&events));
    let req: ExportTraceServiceRequest = prost::Message::decode(&bytes[..]).expect("decodes");
    let spans = &req.resource_spans[0].scope_spans[0].spans;
    assert_eq!(spans.len(), 5);
    let attr = |i: usize, key: &str| {
        spans[i]
            .attributes
            .iter()
            .find(|kv| kv.key == key)
            .and_then(|kv| kv.value.clone())
            .and_then(|v| v.value)
    };
    let s = |v: Option<any_value::Value>| match v {
        Some(any_value::Value::StringValue(s)) => s,
        other => panic!("not a string: {other:?}"),
    };
    assert_eq!(spans[0].name, "execute_tool Bash");
    assert_eq!(s(attr(0, "gen_ai.operation.name")), "execute_tool");
    assert_eq!(s(attr(0, "gen_ai.tool.name")), "Bash");
    assert_eq!(s(attr(0, "gen_ai.tool.call.id")), "toolu_1");
    assert_eq!(
        spans[1].parent_span_id, spans[0].span_id,
        "decision under its call"
    );
    assert_eq!(s(attr(1, "warden.decision.outcome")), "deny");
    assert_eq!(spans[3].name, "chat gpt-4o");
    assert_eq!(s(attr(4, "gen_ai.provider.name")), "openai");
    assert_eq!(
        attr(4, "gen_ai.usage.input_tokens"),
        Some(any_value::Value::IntValue(12))
    );
    assert!(
        spans.iter().all(|sp| sp.trace_id == spans[0].trace_id),
        "one trace per task"
    );
    let json = otlp::to_json(&otlp::request(&events));
    let back: ExportTraceServiceRequest = serde_json::from_str(&json).expect("OTLP/JSON");
    assert_eq!(back, req);
}

#[test]
fn cef_escapes_header_and_extension_separators() {
    let mut events = scenario();
    events[1].body = warden_core::Body::from_value(&serde_json::json!({
        "outcome": "deny", "reason": "a=b\\c\nnext", "tool": "we|ird"}));
    let events = stored(&events);
    let line = cef::encode(&events[1]);
    assert!(line.starts_with("CEF:0|Warden|Warden|"), "{line}");
    assert!(line.contains("|decision.deny|deny we\\|ird|5|"), "{line}");
    assert!(line.contains("msg=a\\=b\\\\c\\nnext"), "{line}");
    assert!(!line.contains('\n'));
    let alert = cef::encode(&events[2]);
    assert!(
        alert.contains("|exfil.sensitive_to_egress|alert exfil.sensitive_to_egress|8|"),
        "{alert}"
    );
    assert!(
        alert.contains("cs5Label=tags cs5=ASI02,AML.T0086"),
        "{alert}"
    );
}

#[test]
fn rfc5424_frames_with_structured_data() {
    let events = stored(&scenario());
    let h = rfc5424::Header {
        facility: 16,
        hostname: "host one".into(),
        app_name: "warden".into(),
        sd_id: rfc5424::DEFAULT_SD_ID.into(),
    };
    let msg = rfc5424::encode(&h, &events[2], "body \"x\"");
    // local0 (16) * 8 + error (3) for a high alert
    assert!(
        msg.starts_with(
            "<131>1 2026-11-21T10:00:02.000000Z hostone warden - alert [warden@32473 id=\""
        ),
        "{msg}"
    );
    assert!(msg.ends_with("] body \"x\""), "{msg}");
    let framed = rfc5424::octet_counted(&msg);
    assert!(framed.starts_with(format!("{} <131>", msg.len()).as_bytes()));
}

#[test]
fn formats_parse_by_name() {
    for f in Format::ALL {
        assert_eq!(f.as_str().parse::<Format>(), Ok(f));
    }
    assert!("xml"
        .parse::<Format>()
        .unwrap_err()
        .contains("jsonl, ocsf, otlp or cef"));
    let events = stored(&scenario());
    assert_eq!(lines(Format::Otlp, &events).len(), 1);
    assert_eq!(lines(Format::Cef, &events).len(), 5);
}
