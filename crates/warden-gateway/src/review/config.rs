//! `[review]` in `warden.toml`: reviewer sessions.

use std::time::Duration;

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewConfig {
    /// How long a browser session lasts after login.
    pub session_ttl_secs: u64,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        Self {
            session_ttl_secs: 12 * 3600,
        }
    }
}

impl ReviewConfig {
    pub fn session_ttl(&self) -> Duration {
        Duration::from_secs(self.session_ttl_secs)
    }

    pub fn validate(&self) -> Result<(), String> {
        if self.session_ttl_secs < 60 || self.session_ttl_secs > 30 * 24 * 3600 {
            return Err("review.session_ttl_secs must be between 60 and 2592000 (30 days)".into());
        }
        Ok(())
    }
}
