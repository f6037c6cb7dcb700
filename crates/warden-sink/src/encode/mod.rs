//! Encoders: pure functions from stored events to the formats other systems read.
//!
//! Kept apart from the transports so that `warden export` and every sink share one mapping per
//! format. None of them does I/O; each is a function of the event alone (plus fixed product
//! metadata), so the same event always encodes to the same bytes.

pub mod cef;
pub mod fields;
pub mod ocsf;
pub mod otlp;
pub mod rfc5424;

#[cfg(test)]
pub(crate) mod tests;

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;
use warden_core::StoredEvent;

/// Product name and version written into OCSF metadata, CEF headers and OTLP resources.
pub const PRODUCT: &str = "Warden";
pub const VENDOR: &str = "Warden";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A record format a sink or an export can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The event record itself (`docs/events.md`): envelope fields plus `body`.
    Jsonl,
    /// OCSF 1.6: API Activity (6003) for agent activity, Detection Finding (2004) for alerts.
    Ocsf,
    /// OpenTelemetry spans with GenAI semantic-convention attributes.
    Otlp,
    /// ArcSight Common Event Format.
    Cef,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Jsonl, Format::Ocsf, Format::Otlp, Format::Cef];

    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Ocsf => "ocsf",
            Format::Otlp => "otlp",
            Format::Cef => "cef",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown format {:?}; expected jsonl, ocsf, otlp or cef",
                    s.chars().take(32).collect::<String>()
                )
            })
    }
}

/// One event as one line of text (no newline) in `format`. OTLP is a batch format: a line is
/// one `ExportTraceServiceRequest` in OTLP/JSON holding this event's span; [`lines`] groups
/// many events into one request instead.
pub fn line(format: Format, event: &StoredEvent) -> String {
    match format {
        Format::Jsonl => event.to_json().to_string(),
        Format::Ocsf => ocsf::encode(event).to_string(),
        Format::Cef => cef::encode(event),
        Format::Otlp => otlp::to_json(&otlp::request(std::slice::from_ref(event))),
    }
}

/// Events as lines of `format`: one line per event, except OTLP, where one line carries the
/// whole slice as a single `ExportTraceServiceRequest` (the OTLP JSON file format).
pub fn lines(format: Format, events: &[StoredEvent]) -> Vec<String> {
    match format {
        Format::Otlp if !events.is_empty() => vec![otlp::to_json(&otlp::request(events))],
        Format::Otlp => Vec::new(),
        _ => events.iter().map(|e| line(format, e)).collect(),
    }
}
