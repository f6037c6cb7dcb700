//! RFC 5424 syslog messages, and the RFC 6587 octet-counting frame used over TCP.
//!
//! The message carries the event's time, the host, `APP-NAME` (default `warden`), `MSGID` = the
//! event kind, and a structured-data element with the event id, position, agent and task, so a
//! syslog server can index on them without parsing the body. The body (`MSG`) is CEF or the
//! JSONL record, as configured.

use warden_core::StoredEvent;

use super::fields;

/// Structured-data id. 32473 is the private enterprise number RFC 5612 reserves for
/// documentation; override it with `sd_id` when your organisation has its own.
pub const DEFAULT_SD_ID: &str = "warden@32473";

/// Fixed parts of every message a sink writes.
#[derive(Clone, Debug)]
pub struct Header {
    /// Facility code (RFC 5424 §6.2.1), 0–23; `local0` = 16.
    pub facility: u8,
    pub hostname: String,
    pub app_name: String,
    pub sd_id: String,
}

/// The RFC 5424 message for `e` with `msg` as its body (no framing, no trailing newline).
pub fn encode(h: &Header, e: &StoredEvent, msg: &str) -> String {
    let meta = &e.envelope.meta;
    let pri = u16::from(h.facility.min(23)) * 8 + u16::from(severity(e));
    // RFC 5424 §6.2.3 allows at most six fractional digits: drop the nanoseconds.
    let ts = meta.ts.to_string();
    let ts = match ts.split_once('.') {
        Some((secs, frac)) => format!("{secs}.{}Z", &frac[..6.min(frac.len())]),
        None => ts,
    };
    let mut sd = format!("[{}", token(&h.sd_id, 32));
    for (name, value) in [
        ("id", meta.id.to_string()),
        ("seq", e.envelope.seq.to_string()),
        ("agent", meta.agent.to_string()),
        ("task", meta.task_id.as_str().to_owned()),
        ("session", meta.session_id.as_str().to_owned()),
    ] {
        sd.push(' ');
        sd.push_str(name);
        sd.push_str("=\"");
        sd.push_str(&param_value(&value));
        sd.push('"');
    }
    sd.push(']');
    format!(
        "<{pri}>1 {ts} {} {} - {} {sd} {msg}",
        token(&h.hostname, 255),
        token(&h.app_name, 48),
        token(meta.kind.as_str(), 32),
    )
}

/// RFC 6587 §3.4.1 octet counting: `<length> <message>`.
pub fn octet_counted(msg: &str) -> Vec<u8> {
    let mut out = format!("{} ", msg.len()).into_bytes();
    out.extend_from_slice(msg.as_bytes());
    out
}

/// Syslog severity: alerts by their severity, refused calls as warnings, the rest notice/info.
fn severity(e: &StoredEvent) -> u8 {
    match fields::severity_levels(e).1 {
        5 => 2, // critical
        4 => 3, // error
        3 => 4, // warning
        2 => 5, // notice
        _ => 6, // informational
    }
}

/// Header fields are printable US-ASCII without spaces, `-` when empty (RFC 5424 §6).
fn token(s: &str, max: usize) -> String {
    let t: String = s
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(max)
        .collect();
    if t.is_empty() {
        "-".into()
    } else {
        t
    }
}

/// PARAM-VALUE escapes `"`, `\` and `]` (RFC 5424 §6.3.3).
fn param_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '"' | '\\' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
