//! `type = "webhook"`: POST batches of events as a JSON array to a URL.

use serde::Deserialize;

use crate::config::{check_http_url, check_timeout, default_timeout_ms};
use crate::encode::Format;
use crate::secret::SecretRef;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    pub url: String,
    /// `jsonl` (the record: the array holds event objects) or `ocsf`.
    #[serde(default = "default_format")]
    pub format: Format,
    /// Sent as `Authorization: Bearer <token>`: a brokered secret's name or an environment
    /// variable's.
    pub token_secret: Option<String>,
    pub token_env: Option<String>,
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
}

fn default_format() -> Format {
    Format::Jsonl
}

impl WebhookConfig {
    pub fn validate(&self, name: &str) -> Result<(), String> {
        check_http_url(name, "url", &self.url)?;
        check_timeout(name, self.timeout_ms)?;
        if !matches!(self.format, Format::Jsonl | Format::Ocsf) {
            return Err(format!("sinks.{name}.format: webhook sends jsonl or ocsf"));
        }
        SecretRef::from_pair(name, self.token_secret.as_ref(), self.token_env.as_ref())?;
        Ok(())
    }

    pub fn token(&self, name: &str) -> Result<Option<SecretRef>, String> {
        SecretRef::from_pair(name, self.token_secret.as_ref(), self.token_env.as_ref())
    }
}
