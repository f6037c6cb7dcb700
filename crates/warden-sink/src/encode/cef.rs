//! ArcSight Common Event Format (CEF:0), the line format most SIEMs parse out of syslog.
//!
//! The signature id is the detector id for alerts and the event kind otherwise, so a SIEM
//! rule can key on it; standard extension keys carry what they mean in CEF (`rt`, `suser`,
//! `act`, `externalId`, `msg`), and Warden's ids go to labelled custom strings.

use warden_core::{EventKind, StoredEvent};

use super::fields;
use super::{PRODUCT, VENDOR, VERSION};

/// The CEF line for `e` (no trailing newline).
pub fn encode(e: &StoredEvent) -> String {
    let meta = &e.envelope.meta;
    let (severity, _) = fields::severity_levels(e);
    let (signature, name) = signature(e);
    let mut out = format!(
        "CEF:0|{}|{}|{}|{}|{}|{}|",
        header(VENDOR),
        header(PRODUCT),
        header(VERSION),
        header(&signature),
        header(&name),
        severity
    );
    let mut ext = Extension::default();
    ext.push("rt", &fields::unix_ms(e).to_string());
    ext.push("externalId", &meta.id.to_string());
    ext.push("cat", meta.kind.as_str());
    ext.push("suser", meta.agent.as_str());
    ext.push("deviceProcessName", meta.source.as_str());
    let act = match meta.kind {
        EventKind::Alert => fields::alert_response(e),
        _ => fields::outcome(e),
    };
    if let Some(act) = act {
        ext.push("act", act);
    }
    let msg = match meta.kind {
        EventKind::Alert => fields::alert_summary(e),
        _ => fields::reason(e),
    };
    if let Some(msg) = msg {
        ext.push("msg", msg);
    }
    ext.push("cn1Label", "seq");
    ext.push("cn1", &e.envelope.seq.to_string());
    ext.push("cs1Label", "task");
    ext.push("cs1", meta.task_id.as_str());
    ext.push("cs2Label", "session");
    ext.push("cs2", meta.session_id.as_str());
    if let Some(tool) = fields::tool_name(e) {
        ext.push("cs3Label", "tool");
        ext.push("cs3", tool);
    }
    let policies = fields::policies(e);
    if !policies.is_empty() {
        ext.push("cs4Label", "policies");
        ext.push("cs4", &policies.join(","));
    }
    let tags = fields::alert_tags(e);
    if !tags.is_empty() {
        ext.push("cs5Label", "tags");
        ext.push("cs5", &tags.join(","));
    }
    if let Some(v) = fields::policy_version(e) {
        ext.push("cs6Label", "policyVersion");
        ext.push("cs6", v);
    }
    out.push_str(&ext.0);
    out
}

/// (Device Event Class ID, Name).
fn signature(e: &StoredEvent) -> (String, String) {
    let meta = &e.envelope.meta;
    match meta.kind {
        EventKind::Alert => {
            let rule = fields::alert_rule(e).unwrap_or("alert");
            (rule.to_owned(), format!("alert {rule}"))
        }
        EventKind::Decision => {
            let outcome = fields::outcome(e).unwrap_or("decision");
            let tool = fields::tool_name(e).unwrap_or("tool");
            (format!("decision.{outcome}"), format!("{outcome} {tool}"))
        }
        kind => {
            let what = fields::tool_name(e).or_else(|| fields::model(e));
            let name = match what {
                Some(w) => format!("{} {w}", kind.as_str()),
                None => kind.as_str().to_owned(),
            };
            (kind.as_str().to_owned(), name)
        }
    }
}

/// Header fields escape `\` and `|`; line breaks would end the record, so they become spaces.
fn header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\r' | '\n' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `key=value` pairs separated by spaces; values escape `\`, `=` and line breaks.
#[derive(Default)]
struct Extension(String);

impl Extension {
    fn push(&mut self, key: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        self.0.push_str(key);
        self.0.push('=');
        for c in value.chars() {
            match c {
                '\\' => self.0.push_str("\\\\"),
                '=' => self.0.push_str("\\="),
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                c if c.is_control() => {}
                c => self.0.push(c),
            }
        }
    }
}
