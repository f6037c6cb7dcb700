//! `[sinks.NAME]` tables of `warden.toml`: which sinks run, where they send, how they deliver.
//!
//! Each table has a `type`, the sink's own options (its folder's `config.rs`), and delivery
//! options every sink shares (`batch_size`, `max_backoff_ms`, `start`). Unknown keys are errors,
//! as everywhere in the configuration, so a typo never silently changes where events go.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::sinks;

/// All configured sinks, by name.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct SinksConfig(pub BTreeMap<String, SinkConfig>);

impl SinksConfig {
    /// Checks names and every sink's options; errors name the sink and the key.
    pub fn validate(&self) -> Result<(), String> {
        for (name, sink) in &self.0 {
            validate_name(name)?;
            sink.delivery.validate(name)?;
            sink.kind.validate(name)?;
        }
        Ok(())
    }
}

/// Sink names become directory names under `<data>/sinks/`.
pub fn validate_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "sink name {:?}: use 1-64 letters, digits, '-' or '_'",
            name.chars().take(64).collect::<String>()
        ))
    }
}

/// One `[sinks.NAME]` table.
#[derive(Clone, Debug)]
pub struct SinkConfig {
    pub delivery: DeliveryConfig,
    pub kind: SinkKind,
}

/// The sink types and their options; `type = "…"` picks one.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SinkKind {
    Nats(sinks::nats::config::NatsConfig),
    Otlp(sinks::otlp::config::OtlpConfig),
    OcsfHttp(sinks::ocsf_http::config::OcsfHttpConfig),
    Syslog(sinks::syslog::config::SyslogConfig),
    SplunkHec(sinks::splunk_hec::config::SplunkHecConfig),
    Webhook(sinks::webhook::config::WebhookConfig),
    File(sinks::file::config::FileConfig),
}

impl SinkKind {
    pub fn type_name(&self) -> &'static str {
        match self {
            SinkKind::Nats(_) => "nats",
            SinkKind::Otlp(_) => "otlp",
            SinkKind::OcsfHttp(_) => "ocsf_http",
            SinkKind::Syslog(_) => "syslog",
            SinkKind::SplunkHec(_) => "splunk_hec",
            SinkKind::Webhook(_) => "webhook",
            SinkKind::File(_) => "file",
        }
    }

    /// Where the sink sends, for status output (never a credential).
    pub fn destination(&self) -> String {
        match self {
            SinkKind::Nats(c) => format!("{} {}", c.url, c.subject),
            SinkKind::Otlp(c) => c.endpoint.clone(),
            SinkKind::OcsfHttp(c) => c.url.clone(),
            SinkKind::Syslog(c) => format!("{}://{}", c.protocol.as_str(), c.address),
            SinkKind::SplunkHec(c) => c.endpoint.clone(),
            SinkKind::Webhook(c) => c.url.clone(),
            SinkKind::File(c) => c.path.display().to_string(),
        }
    }

    fn validate(&self, name: &str) -> Result<(), String> {
        match self {
            SinkKind::Nats(c) => c.validate(name),
            SinkKind::Otlp(c) => c.validate(name),
            SinkKind::OcsfHttp(c) => c.validate(name),
            SinkKind::Syslog(c) => c.validate(name),
            SinkKind::SplunkHec(c) => c.validate(name),
            SinkKind::Webhook(c) => c.validate(name),
            SinkKind::File(c) => c.validate(name),
        }
    }
}

/// Where a sink with no cursor yet starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Start {
    /// From the first event in the log (the default: a new sink gets the whole record).
    #[default]
    Beginning,
    /// From the next event appended.
    End,
}

/// How every sink delivers.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeliveryConfig {
    /// Most events read and sent at once.
    pub batch_size: usize,
    /// Longest wait between retries while the destination is down.
    pub max_backoff_ms: u64,
    pub start: Start,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        Self {
            batch_size: 500,
            max_backoff_ms: 30_000,
            start: Start::Beginning,
        }
    }
}

impl DeliveryConfig {
    pub const KEYS: [&'static str; 3] = ["batch_size", "max_backoff_ms", "start"];

    pub fn max_backoff(&self) -> Duration {
        Duration::from_millis(self.max_backoff_ms)
    }

    fn validate(&self, name: &str) -> Result<(), String> {
        if !(1..=10_000).contains(&self.batch_size) {
            return Err(format!(
                "sinks.{name}.batch_size must be between 1 and 10000"
            ));
        }
        if !(100..=3_600_000).contains(&self.max_backoff_ms) {
            return Err(format!(
                "sinks.{name}.max_backoff_ms must be between 100 and 3600000"
            ));
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for SinkConfig {
    /// Splits the shared delivery keys from the sink's own, so each part can refuse unknown
    /// keys (serde's `flatten` cannot be combined with `deny_unknown_fields`).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut table = Map::<String, Value>::deserialize(d)?;
        let mut delivery = Map::new();
        for key in DeliveryConfig::KEYS {
            if let Some(v) = table.remove(key) {
                delivery.insert(key.to_owned(), v);
            }
        }
        if !table.contains_key("type") {
            return Err(D::Error::custom(
                "missing `type`: one of nats, otlp, ocsf_http, syslog, splunk_hec, webhook, file",
            ));
        }
        let delivery = serde_json::from_value(Value::Object(delivery)).map_err(D::Error::custom)?;
        let kind = serde_json::from_value(Value::Object(table)).map_err(D::Error::custom)?;
        Ok(SinkConfig { delivery, kind })
    }
}

/// Shared option: request timeout for network sinks.
pub(crate) fn default_timeout_ms() -> u64 {
    10_000
}

/// Checks a URL has an http(s) scheme and a host; the message names the key.
pub(crate) fn check_http_url(name: &str, key: &str, url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| format!("sinks.{name}.{key}: {url:?} is not a URL ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!(
            "sinks.{name}.{key}: {url:?} must be an http:// or https:// URL with a host"
        ));
    }
    Ok(())
}

pub(crate) fn check_timeout(name: &str, ms: u64) -> Result<(), String> {
    if !(100..=300_000).contains(&ms) {
        return Err(format!(
            "sinks.{name}.timeout_ms must be between 100 and 300000"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SinksConfig, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let c: SinksConfig = serde_json::from_value(v).map_err(|e| e.to_string())?;
        c.validate()?;
        Ok(c)
    }

    #[test]
    fn shared_and_own_options_are_split_and_typos_refused() {
        let c = parse(
            r#"{"siem": {"type": "webhook", "url": "http://127.0.0.1:9/x", "batch_size": 7}}"#,
        )
        .expect("valid");
        assert_eq!(c.0["siem"].delivery.batch_size, 7);
        assert_eq!(c.0["siem"].kind.type_name(), "webhook");
        let err = parse(r#"{"siem": {"type": "webhook", "url": "http://h/x", "batchsize": 7}}"#)
            .expect_err("typo");
        assert!(err.contains("batchsize"), "{err}");
        let err = parse(r#"{"siem": {"url": "http://h/x"}}"#).expect_err("no type");
        assert!(err.contains("missing `type`"), "{err}");
        let err = parse(r#"{"a b": {"type": "file", "path": "/tmp/x"}}"#).expect_err("name");
        assert!(err.contains("sink name"), "{err}");
        let err = parse(r#"{"s": {"type": "webhook", "url": "ftp://h/x"}}"#).expect_err("scheme");
        assert!(err.contains("sinks.s.url"), "{err}");
    }
}
