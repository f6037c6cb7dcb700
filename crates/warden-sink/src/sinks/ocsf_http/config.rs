//! `type = "ocsf_http"`: POST batches of OCSF events (a JSON array) to a collector.

use serde::Deserialize;

use crate::config::{check_http_url, check_timeout, default_timeout_ms};
use crate::secret::SecretRef;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OcsfHttpConfig {
    pub url: String,
    /// Sent as `Authorization: Bearer <token>`.
    pub token_secret: Option<String>,
    pub token_env: Option<String>,
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
}

impl OcsfHttpConfig {
    pub fn validate(&self, name: &str) -> Result<(), String> {
        check_http_url(name, "url", &self.url)?;
        check_timeout(name, self.timeout_ms)?;
        SecretRef::from_pair(name, self.token_secret.as_ref(), self.token_env.as_ref())?;
        Ok(())
    }

    pub fn token(&self, name: &str) -> Result<Option<SecretRef>, String> {
        SecretRef::from_pair(name, self.token_secret.as_ref(), self.token_env.as_ref())
    }
}
