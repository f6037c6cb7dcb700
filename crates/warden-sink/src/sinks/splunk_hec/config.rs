//! `type = "splunk_hec"`: Splunk's HTTP Event Collector (or anything speaking its protocol).

use serde::Deserialize;

use crate::config::{check_http_url, check_timeout, default_timeout_ms};
use crate::encode::Format;
use crate::secret::SecretRef;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplunkHecConfig {
    /// The HEC base URL (`https://splunk.example:8088`); `/services/collector/event` is added
    /// unless the URL already names a path.
    pub endpoint: String,
    /// The HEC token (required): a brokered secret's name or an environment variable's.
    pub token_secret: Option<String>,
    pub token_env: Option<String>,
    /// `jsonl` (the record) or `ocsf`.
    #[serde(default = "default_format")]
    pub format: Format,
    pub index: Option<String>,
    /// Default `warden:event` (records) or `ocsf` (OCSF events).
    pub sourcetype: Option<String>,
    #[serde(default = "default_source")]
    pub source: String,
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
}

fn default_format() -> Format {
    Format::Jsonl
}

fn default_source() -> String {
    "warden".into()
}

impl SplunkHecConfig {
    pub fn validate(&self, name: &str) -> Result<(), String> {
        check_http_url(name, "endpoint", &self.endpoint)?;
        check_timeout(name, self.timeout_ms)?;
        if !matches!(self.format, Format::Jsonl | Format::Ocsf) {
            return Err(format!(
                "sinks.{name}.format: splunk_hec sends jsonl or ocsf"
            ));
        }
        if self.token(name)?.is_none() {
            return Err(format!(
                "sinks.{name}: a HEC token is required: token_secret = \"NAME\" (warden secret put) or token_env = \"VAR\""
            ));
        }
        Ok(())
    }

    pub fn token(&self, name: &str) -> Result<Option<SecretRef>, String> {
        SecretRef::from_pair(name, self.token_secret.as_ref(), self.token_env.as_ref())
    }

    /// The collector URL events are posted to.
    pub fn event_url(&self) -> String {
        let trimmed = self.endpoint.trim_end_matches('/');
        match reqwest::Url::parse(trimmed) {
            Ok(u) if u.path() != "/" && !u.path().is_empty() => trimmed.to_owned(),
            _ => format!("{trimmed}/services/collector/event"),
        }
    }

    pub fn sourcetype(&self) -> &str {
        match (&self.sourcetype, self.format) {
            (Some(s), _) => s,
            (None, Format::Ocsf) => "ocsf",
            (None, _) => "warden:event",
        }
    }
}
