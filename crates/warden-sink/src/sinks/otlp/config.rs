//! `type = "otlp"`: export spans over OTLP/HTTP (protobuf) to a collector.

use serde::Deserialize;

use crate::config::{check_http_url, check_timeout, default_timeout_ms};
use crate::secret::SecretRef;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtlpConfig {
    /// The collector's OTLP/HTTP base URL (`http://127.0.0.1:4318`); `/v1/traces` is added
    /// unless the URL already ends with it.
    pub endpoint: String,
    /// Sent as `Authorization: Bearer <token>`.
    pub token_secret: Option<String>,
    pub token_env: Option<String>,
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
}

impl OtlpConfig {
    pub fn validate(&self, name: &str) -> Result<(), String> {
        check_http_url(name, "endpoint", &self.endpoint)?;
        check_timeout(name, self.timeout_ms)?;
        SecretRef::from_pair(name, self.token_secret.as_ref(), self.token_env.as_ref())?;
        Ok(())
    }

    pub fn token(&self, name: &str) -> Result<Option<SecretRef>, String> {
        SecretRef::from_pair(name, self.token_secret.as_ref(), self.token_env.as_ref())
    }

    pub fn traces_url(&self) -> String {
        let trimmed = self.endpoint.trim_end_matches('/');
        if trimmed.ends_with("/v1/traces") {
            trimmed.to_owned()
        } else {
            format!("{trimmed}/v1/traces")
        }
    }
}
