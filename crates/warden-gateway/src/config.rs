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
# Longest a gating answer may take in enforce mode (deciding and making the record durable).
# Past it the call is denied: agents treat a hook that times out as "go ahead", so Warden must
# answer well inside their timeouts (10 s as `warden install` configures them).
decision_budget_ms = 2000
# Longest a request may take, body included; slower ones get 408 (a trickling client cannot
# hold a handler).
request_timeout_ms = 30000
# Refuse gating events that present no task token (agents started with `warden run`).
# require_task_token = false

[store]
# Longest time an event may sit in the log before a signed checkpoint covers it.
checkpoint_interval_ms = 1000

[policy]
# A directory of Cedar policies (*.cedar). Without one, the built-in default set is used.
# The directory is watched: a valid change is loaded within a second and recorded; a broken
# one is refused with file, line and Cedar's message, and the last good set stays in force.
# dir = "/etc/warden/policies"

# Detectors (the ids of DETECTIONS.md with `_` for `.`): enabled, thresholds, response,
# severity. Responses: alert, block, require_approval, require_approval_for_session,
# revoke_task, end_session, throttle (slows the agent down), quarantine.
# [detect.loop_repeated_call]
# repeat_threshold = 5
# throttle_threshold = 10

# Reading .env or ~/.aws/credentials while debugging is ordinary work for a coding agent, so by
# default it raises an alert rather than waiting for a human; policy denies any egress after it,
# and asks for approval when the session had read injected instructions. To gate every
# credential-store read:
# [detect.secret_credential_harvest]
# response = "require_approval"

[redact]
# Every body is scanned for secrets before it is stored (built-in rules for 150+ providers);
# each secret becomes [REDACTED:<rule>:hmac-sha256:<key-version>:<hex>]. Extra rules in the
# gitleaks format:
# rules_file = "/etc/warden/gitleaks.toml"
# Per-field modes (keep, hash = replace the whole value by its reference, drop, scan):
# [redact.fields]
# "tool_input.password" = "hash"
# PII recognisers are off by default; turn them on per field:
# [redact.pii]
# "prompt" = ["email", "phone"]
# "tool_response.**" = ["credit_card", "iban"]

# MCP servers fronted by the gateway's Streamable HTTP proxy at http://<listen>/mcp/NAME
# (both spec eras; tools/call, resources/read and prompts/get are gated; tool manifests are
# pinned). Also `warden serve --mcp-upstream NAME=URL`.
# [mcp.upstreams.github]
# url = "http://127.0.0.1:9000/mcp"

# Agent identity (see docs/identity.md): JWT-SVIDs, task tokens, delegation, secrets.
# [identity]
# trust_domain = "warden.local"
# svid_ttl_secs = 300
# task_token_ttl_secs = 3600
# max_delegation_depth = 3

# The model API proxy (see docs/llm.md): point OpenAI clients at http://<listen>/llm/openai/v1
# and Anthropic clients at http://<listen>/llm/anthropic. OTLP exporters: http://<listen>.
# [llm]
# openai_base_url = "https://api.openai.com/v1"
# anthropic_base_url = "https://api.anthropic.com/v1"
# Decide each tool call a model asks for when it asks; one policy would deny still reaches the
# agent and is refused where it executes (hook or MCP). Off: recorded and linked only.
# gate_tool_calls = false
# Provider API keys from the secret broker (`warden secret put NAME --upstream HOST`), injected
# for calls that present a task token in Txn-Token; calls without one are refused.
# openai_key_secret = "openai-key"
# anthropic_key_secret = "anthropic-key"

# Per-agent and per-task mode overrides (a task's override wins over its agent's):
# [modes.agents]
# "spiffe://example.org/agent/ci-bot" = "enforce"
# [modes.tasks]
# "task-0123" = "observe"
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

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub gateway: GatewayConfig,
    pub store: StoreConfig,
    pub policy: PolicyConfig,
    pub modes: ModeOverrides,
    /// Redaction before storage: extra rules, per-field modes, opt-in PII.
    pub redact: RedactConfig,
    /// Detectors: enabled, thresholds, response and severity per detector id.
    #[serde(default = "default_detect")]
    pub detect: DetectSettings,
    /// MCP upstreams fronted at `/mcp/NAME`.
    pub mcp: crate::mcp::McpConfig,
    /// Agent identity: trust domain, token lifetimes, delegation depth, foreign bundles.
    pub identity: warden_identity::IdentityConfig,
    /// The model API proxy: upstream base URLs, gating of model-requested tool calls.
    pub llm: crate::llm::LlmConfig,
}

/// What redaction does beyond the built-in secret rules.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RedactConfig {
    /// Extra rules in the gitleaks TOML format.
    pub rules_file: Option<std::path::PathBuf>,
    /// Field path (`tool_input.password`, `**.token`, `/json/pointer`) → keep | hash | drop | scan.
    pub fields: std::collections::BTreeMap<String, String>,
    /// Field path → PII recognisers to run there (email, phone, credit_card, iban, us_ssn).
    /// PII is off everywhere else.
    pub pii: std::collections::BTreeMap<String, Vec<String>>,
}

/// Detector settings, defaulting to [`default_detect`] rather than the bare catalogue.
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct DetectSettings(pub warden_detect::DetectConfig);

impl Default for DetectSettings {
    fn default() -> Self {
        default_detect()
    }
}

/// The catalogue's defaults, except that a credential-store read raises an alert rather than
/// waiting for approval: reading `.env` or `~/.aws/credentials` while debugging is ordinary
/// work for a coding agent. Policy denies any egress after it, and asks for approval when the
/// session had read injected instructions.
pub fn default_detect() -> DetectSettings {
    let mut c = warden_detect::DetectConfig::default();
    c.secret_credential_harvest.response = Some(warden_detect::Response::Alert);
    DetectSettings(c)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PolicyConfig {
    /// Directory of `.cedar` files; `None` = the built-in default set.
    pub dir: Option<std::path::PathBuf>,
}

/// Modes that differ from the gateway's, by agent id or task id.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModeOverrides {
    pub agents: std::collections::BTreeMap<String, Mode>,
    pub tasks: std::collections::BTreeMap<String, Mode>,
}

impl ModeOverrides {
    /// Whether any agent or task is overridden to enforce.
    pub fn any_enforce(&self) -> bool {
        self.agents
            .values()
            .chain(self.tasks.values())
            .any(|m| *m == Mode::Enforce)
    }

    /// The mode for a call: the task's override, else the agent's, else `default`.
    pub fn resolve(&self, default: Mode, agent: &str, task: &str) -> Mode {
        self.tasks
            .get(task)
            .or_else(|| self.agents.get(agent))
            .copied()
            .unwrap_or(default)
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GatewayConfig {
    pub listen: SocketAddr,
    pub mode: Mode,
    pub max_body_bytes: usize,
    pub decision_budget_ms: u64,
    pub request_timeout_ms: u64,
    /// Refuse gating events that present no task token (`identity.invalid_token`, `missing`).
    /// Off by default: local agents without an identity keep working, unattested.
    pub require_task_token: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    pub checkpoint_interval_ms: u64,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 7711)),
            mode: Mode::Observe,
            max_body_bytes: 8 * 1024 * 1024,
            decision_budget_ms: 2000,
            request_timeout_ms: 30_000,
            require_task_token: false,
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
        config.mcp.validate()?;
        config.identity.validate().map_err(|e| e.to_string())?;
        config.llm.validate()?;
        if config.store.checkpoint_interval_ms == 0 || config.store.checkpoint_interval_ms > 60_000
        {
            return Err("store.checkpoint_interval_ms must be between 1 and 60000".into());
        }
        if config.gateway.decision_budget_ms < 100 || config.gateway.decision_budget_ms > 60_000 {
            return Err("gateway.decision_budget_ms must be between 100 and 60000".into());
        }
        if config.gateway.request_timeout_ms < 100
            || config.gateway.request_timeout_ms < config.gateway.decision_budget_ms
        {
            return Err(
                "gateway.request_timeout_ms must be at least 100 and at least decision_budget_ms"
                    .into(),
            );
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
    fn mode_overrides_resolve_task_then_agent_then_default() {
        let c = Config::parse("[modes.agents]\n\"unattested:ci\" = \"enforce\"\n[modes.tasks]\n\"t1\" = \"observe\"\n").expect("parses");
        assert_eq!(
            c.modes.resolve(Mode::Observe, "unattested:ci", "t2"),
            Mode::Enforce
        );
        assert_eq!(
            c.modes.resolve(Mode::Observe, "unattested:ci", "t1"),
            Mode::Observe
        );
        assert_eq!(
            c.modes.resolve(Mode::Enforce, "unattested:x", "t2"),
            Mode::Enforce
        );
    }

    #[test]
    fn typos_are_errors_not_silent_defaults() {
        let err = Config::parse("[gateway]\nmdoe = \"enforce\"\n").expect_err("unknown key");
        assert!(err.contains("mdoe"), "{err}");
        assert!(Config::parse("[gateway]\nmode = \"block\"\n").is_err());
    }
}
