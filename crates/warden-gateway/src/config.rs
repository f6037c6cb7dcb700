//! `warden.toml`: the gateway's configuration, written with defaults on first use.
//!
//! Flags on the command line override the file; the file overrides built-in defaults. Unknown
//! keys are errors, so a typo never silently leaves a safeguard off.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

/// The configuration file a new data directory starts with.
pub const DEFAULT_CONFIG: &str = r#"# Warden configuration. Flags given to `warden serve` override these values.

[gateway]
# Loopback only by default: agents on this machine report here. Listening on another address
# exposes the ingest API to the network.
listen = "127.0.0.1:7711"
# observe: never block an agent; record what enforce would have decided.
# enforce: fail closed; a policy error, a store that cannot record, or a timeout denies.
mode = "observe"
# Largest request body accepted, in bytes.
max_body_bytes = 8388608

[store]
# Longest time an event may sit in the log before a signed checkpoint covers it.
checkpoint_interval_ms = 1000
"#;

/// Whether the gateway may block agents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Observe,
    Enforce,
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "observe" => Ok(Mode::Observe),
            "enforce" => Ok(Mode::Enforce),
            other => Err(format!(
                "unknown mode {other:?}; expected observe or enforce"
            )),
        }
    }
}

impl Mode {
    pub fn as_str(&self) -> &'static str {
        match self {
            Mode::Observe => "observe",
            Mode::Enforce => "enforce",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub gateway: GatewayConfig,
    pub store: StoreConfig,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GatewayConfig {
    pub listen: SocketAddr,
    pub mode: Mode,
    pub max_body_bytes: usize,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    pub checkpoint_interval_ms: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            gateway: GatewayConfig::default(),
            store: StoreConfig::default(),
        }
    }
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 7711)),
            mode: Mode::Observe,
            max_body_bytes: 8 * 1024 * 1024,
        }
    }
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self {
            checkpoint_interval_ms: 1000,
        }
    }
}

impl Config {
    /// Reads and validates a configuration file; errors name the file and the offending key.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        if config.store.checkpoint_interval_ms == 0 || config.store.checkpoint_interval_ms > 60_000
        {
            return Err("store.checkpoint_interval_ms must be between 1 and 60000".into());
        }
        if config.gateway.max_body_bytes < 1024 {
            return Err("gateway.max_body_bytes must be at least 1024".into());
        }
        Ok(config)
    }

    pub fn checkpoint_interval(&self) -> Duration {
        Duration::from_millis(self.store.checkpoint_interval_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_parses_to_the_defaults() {
        let c = Config::parse(DEFAULT_CONFIG).expect("default config parses");
        assert_eq!(c.gateway.listen, GatewayConfig::default().listen);
        assert!(c.gateway.listen.ip().is_loopback());
        assert_eq!(c.gateway.mode, Mode::Observe);
    }

    #[test]
    fn typos_are_errors_not_silent_defaults() {
        let err = Config::parse("[gateway]\nmdoe = \"enforce\"\n").expect_err("unknown key");
        assert!(err.contains("mdoe"), "{err}");
        assert!(Config::parse("[gateway]\nmode = \"block\"\n").is_err());
    }
}
