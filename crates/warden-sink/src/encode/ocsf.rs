//! OCSF 1.6 mapping: API Activity (6003) for what agents do, Detection Finding (2004) for
//! alerts.
//!
//! Every event becomes exactly one OCSF event, so a SIEM that only reads OCSF still sees the
//! whole record: tool calls, results, prompts and model outputs are API activity of the agent
//! (the actor); a decision is API activity whose `actor.authorizations` carries the outcome and
//! the deciding policies; an alert is a detection finding whose `finding_info` names the
//! detector and whose `attacks` carry its MITRE ATLAS techniques, the other framework tags
//! (OWASP ASI / NHI, CSA MAESTRO, NIST AI RMF) going to `finding_info.types`. Warden's own ids
//! and anything without an OCSF attribute go to `unmapped.warden`.

use serde_json::{json, Map, Value};
use warden_core::{EventKind, StoredEvent};

use super::fields;
use super::{PRODUCT, VENDOR, VERSION};

pub const SCHEMA_VERSION: &str = "1.6.0";
pub const API_ACTIVITY: u32 = 6003;
pub const DETECTION_FINDING: u32 = 2004;

/// The OCSF event for `e`.
pub fn encode(e: &StoredEvent) -> Value {
    let mut out = match e.envelope.meta.kind {
        EventKind::Alert => detection_finding(e),
        _ => api_activity(e),
    };
    if let Value::Object(map) = &mut out {
        common(e, map);
    }
    out
}

/// Attributes every class shares: metadata, time, severity, actor, trace, unmapped.
fn common(e: &StoredEvent, map: &mut Map<String, Value>) {
    let meta = &e.envelope.meta;
    let (_, severity_id) = fields::severity_levels(e);
    map.insert("severity_id".into(), json!(severity_id));
    map.insert("severity".into(), json!(severity_name(severity_id)));
    map.insert("time".into(), json!(fields::unix_ms(e)));
    let mut metadata = json!({
        "version": SCHEMA_VERSION,
        "product": {"name": PRODUCT, "vendor_name": VENDOR, "version": VERSION},
        "uid": meta.id.to_string(),
        "correlation_uid": meta.task_id.as_str(),
        "event_code": meta.kind.as_str(),
        "log_name": "warden-audit",
        "log_provider": meta.source.as_str(),
        "sequence": e.envelope.seq,
        "logged_time": (meta.recv_ts.unix_nanos() / 1_000_000) as i64,
        "original_time": meta.ts.to_string(),
    });
    let tags = fields::alert_tags(e);
    if !tags.is_empty() {
        metadata["labels"] = json!(tags);
    }
    map.insert("actor".into(), actor(e));
    if let Some(trace) = &meta.trace_id {
        let mut t = json!({"uid": trace});
        if let Some(span) = &meta.span_id {
            t["span"] = json!({"uid": span});
        }
        map.insert("trace".into(), t);
        metadata["profiles"] = json!(["trace"]);
    }
    map.insert("metadata".into(), metadata);
    map.insert("unmapped".into(), json!({"warden": unmapped(e)}));
}

/// The agent as OCSF actor: a non-human user whose uid is the workload id, its session, the
/// delegation chain, and (for decisions) the authorization it was given.
fn actor(e: &StoredEvent) -> Value {
    let meta = &e.envelope.meta;
    let agent = meta.agent.as_str();
    let name = agent.rsplit('/').next().unwrap_or(agent);
    let mut actor = json!({
        "user": {"uid": agent, "name": name, "type_id": 99, "type": "AI Agent"},
        "session": {"uid": meta.session_id.as_str()},
        "app_name": meta.source.as_str(),
    });
    if !meta.delegation.is_empty() {
        actor["invoked_by"] = json!(meta
            .delegation
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(" > "));
    }
    if meta.kind == EventKind::Decision {
        actor["authorizations"] = json!(authorizations(e));
    }
    actor
}

/// `actor.authorizations`: one entry per deciding policy (or one without a policy when the
/// default decided), each carrying the outcome.
fn authorizations(e: &StoredEvent) -> Vec<Value> {
    let decision = match (fields::outcome(e), fields::would_be(e)) {
        (Some(o), Some(w)) => format!("{o} (observe mode; enforce would {w})"),
        (Some(o), None) => o.to_owned(),
        (None, _) => "unknown".to_owned(),
    };
    let version = fields::policy_version(e);
    let policies = fields::policies(e);
    if policies.is_empty() {
        let mut a = json!({"decision": decision});
        if let Some(v) = version {
            a["policy"] = json!({"name": "default", "version": v});
        }
        return vec![a];
    }
    policies
        .into_iter()
        .map(|p| {
            let mut policy = json!({"uid": p, "name": p});
            if let Some(v) = version {
                policy["version"] = json!(v);
            }
            if let Some(r) = fields::reason(e) {
                policy["desc"] = json!(r);
            }
            json!({"decision": decision, "policy": policy})
        })
        .collect()
}

fn api_activity(e: &StoredEvent) -> Value {
    let meta = &e.envelope.meta;
    let (activity_id, activity_name) = activity(e);
    let (status_id, status) = status(e);
    let operation = operation(e);
    let mut api = json!({"operation": operation, "service": {"name": meta.source.as_str()}});
    if let Some(id) = &meta.correlation.tool_use_id {
        api["request"] = json!({"uid": id});
    } else if let Some(id) = &meta.correlation.jsonrpc_id {
        api["request"] = json!({"uid": id});
    }
    let mut out = json!({
        "class_uid": API_ACTIVITY,
        "class_name": "API Activity",
        "category_uid": 6,
        "category_name": "Application Activity",
        "activity_id": activity_id,
        "activity_name": activity_name,
        "type_uid": API_ACTIVITY * 100 + activity_id,
        "type_name": format!("API Activity: {activity_name}"),
        "status_id": status_id,
        "status": status,
        "api": api,
        "src_endpoint": {"name": meta.source.as_str(), "uid": meta.session_id.as_str()},
        "message": message(e, &operation),
    });
    if let Some(reason) = fields::reason(e) {
        out["status_detail"] = json!(reason);
    }
    let mut resources = Vec::new();
    if let Some(tool) = fields::tool_name(e) {
        resources.push(json!({"name": tool, "type": "tool"}));
    }
    if let Some(model) = fields::model(e) {
        let mut r = json!({"name": model, "type": "model"});
        if let Some(p) = fields::provider(e) {
            r["owner"] = json!({"name": p});
        }
        resources.push(r);
    }
    if !resources.is_empty() {
        out["resources"] = json!(resources);
    }
    out
}

/// OCSF's CRUD activity where the decision's effect says it (read → Read, write → Update),
/// else Other with Warden's own name for the activity.
fn activity(e: &StoredEvent) -> (u32, String) {
    match (e.envelope.meta.kind, fields::effect(e)) {
        (EventKind::Decision, Some("read")) => (2, "Read".into()),
        (EventKind::Decision, Some("write")) => (3, "Update".into()),
        (EventKind::Decision, Some("execute")) => (99, "Execute".into()),
        (EventKind::Decision, Some("egress")) => (99, "Egress".into()),
        (EventKind::Decision, _) => (99, "Authorize".into()),
        (EventKind::ToolCall, _) => (99, "Invoke".into()),
        (EventKind::ToolResult, _) => (99, "Result".into()),
        (EventKind::Prompt, _) => (99, "Prompt".into()),
        (EventKind::ModelOutput, _) => (99, "Model Output".into()),
        (kind, _) => (99, title_case(kind.as_str())),
    }
}

/// Success unless a decision refused the call (what the agent was told, in any mode).
fn status(e: &StoredEvent) -> (u32, &'static str) {
    match (e.envelope.meta.kind, fields::outcome(e)) {
        (EventKind::Decision, Some("allow")) => (1, "Success"),
        (EventKind::Decision, Some(_)) => (2, "Failure"),
        (EventKind::Decision, None) => (0, "Unknown"),
        _ => (1, "Success"),
    }
}

fn operation(e: &StoredEvent) -> String {
    let kind = e.envelope.meta.kind;
    match kind {
        EventKind::ToolCall | EventKind::ToolResult | EventKind::Decision => {
            fields::tool_name(e).unwrap_or("tool").to_owned()
        }
        EventKind::Prompt | EventKind::ModelOutput => "chat".to_owned(),
        EventKind::McpMessage => e
            .body
            .as_ref()
            .and_then(|b| b.get("method"))
            .and_then(Value::as_str)
            .unwrap_or("mcp")
            .to_owned(),
        _ => kind.as_str().to_owned(),
    }
}

fn message(e: &StoredEvent, operation: &str) -> String {
    let meta = &e.envelope.meta;
    match meta.kind {
        EventKind::Decision => format!(
            "{} {} for {}",
            fields::outcome(e).unwrap_or("decision"),
            operation,
            meta.agent
        ),
        kind => format!("{} {} by {}", kind.as_str(), operation, meta.agent),
    }
}

fn detection_finding(e: &StoredEvent) -> Value {
    let meta = &e.envelope.meta;
    let rule = fields::alert_rule(e).unwrap_or("unknown");
    let title = fields::alert_summary(e).unwrap_or(rule);
    let attacks: Vec<Value> = fields::alert_tags(e)
        .into_iter()
        .filter_map(atlas_attack)
        .collect();
    let types: Vec<String> = fields::alert_tags(e)
        .into_iter()
        .filter_map(framework_type)
        .collect();
    let related: Vec<Value> = fields::alert_evidence(e)
        .into_iter()
        .map(|id| json!({"uid": id}))
        .collect();
    let mut finding_info = json!({
        "uid": meta.id.to_string(),
        "title": title,
        "desc": title,
        "created_time": fields::unix_ms(e),
        "analytic": {"uid": rule, "name": rule, "type_id": 1, "type": "Rule"},
        "types": types,
        "related_events": related,
    });
    if !attacks.is_empty() {
        finding_info["attacks"] = json!(attacks);
    }
    let mut out = json!({
        "class_uid": DETECTION_FINDING,
        "class_name": "Detection Finding",
        "category_uid": 2,
        "category_name": "Findings",
        "activity_id": 1,
        "activity_name": "Create",
        "type_uid": DETECTION_FINDING * 100 + 1,
        "type_name": "Detection Finding: Create",
        "status_id": 1,
        "status": "New",
        "is_alert": true,
        "finding_info": finding_info,
        "message": title,
    });
    if !attacks.is_empty() {
        out["attacks"] = json!(attacks);
    }
    if let Some(response) = fields::alert_response(e) {
        out["disposition"] = json!(response);
    }
    out
}

/// A MITRE ATLAS tag (`AML.T0051` or sub-technique `AML.T0051.001`) as an OCSF attack.
fn atlas_attack(tag: &str) -> Option<Value> {
    let id = tag.strip_prefix("AML.T")?;
    let mut attack = json!({"version": "MITRE ATLAS"});
    match id.split_once('.') {
        Some((technique, _)) => {
            attack["technique"] = json!({"uid": format!("AML.T{technique}")});
            attack["sub_technique"] = json!({"uid": tag});
        }
        None => attack["technique"] = json!({"uid": tag}),
    }
    Some(attack)
}

/// The non-ATLAS framework tags, spelled with their framework: `OWASP ASI:ASI01`,
/// `OWASP NHI:NHI2`, `CSA MAESTRO:L3`, `NIST AI RMF:MEASURE-2.4`.
fn framework_type(tag: &str) -> Option<String> {
    if tag.starts_with("AML.") {
        return None;
    }
    let framework = if tag.starts_with("ASI") {
        "OWASP ASI"
    } else if tag.starts_with("NHI") {
        "OWASP NHI"
    } else if let Some(layer) = tag.strip_prefix("MAESTRO.") {
        return Some(format!("CSA MAESTRO:{layer}"));
    } else if let Some(function) = tag.strip_prefix("NIST.") {
        return Some(format!("NIST AI RMF:{function}"));
    } else {
        "Warden"
    };
    Some(format!("{framework}:{tag}"))
}

/// Warden's own fields, for consumers that want to join back to the record.
fn unmapped(e: &StoredEvent) -> Value {
    let meta = &e.envelope.meta;
    let mut w = json!({
        "kind": meta.kind.as_str(),
        "seq": e.envelope.seq,
        "task_id": meta.task_id.as_str(),
        "session_id": meta.session_id.as_str(),
        "body_hash": hex::encode(e.envelope.body_hash),
    });
    let c = &meta.correlation;
    if !c.is_empty() {
        w["correlation"] = serde_json::to_value(c).unwrap_or(Value::Null);
    }
    for (key, value) in [
        ("mode", fields::mode(e)),
        ("would_be", fields::would_be(e)),
        ("trigger", meta.trigger.as_deref()),
    ] {
        if let Some(v) = value {
            w[key] = json!(v);
        }
    }
    if meta.kind == EventKind::Alert {
        w["tags"] = json!(fields::alert_tags(e));
    }
    w
}

fn severity_name(id: u8) -> &'static str {
    match id {
        1 => "Informational",
        2 => "Low",
        3 => "Medium",
        4 => "High",
        5 => "Critical",
        _ => "Unknown",
    }
}

fn title_case(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
