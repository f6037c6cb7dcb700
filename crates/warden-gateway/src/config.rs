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
# Longest a client may take to send a request's headers or finish a TLS handshake
# (slow-loris), and the most connections served at once.
# header_timeout_ms = 10000
# max_connections = 4096
# Beyond loopback the gateway requires TLS (or insecure_plaintext = true, when something else
# encrypts the traffic). Also `warden serve --tls-cert/--tls-key/--insecure-plaintext`.
# [gateway.tls]
# cert = "/etc/warden/tls/cert.pem"
# key = "/etc/warden/tls/key.pem"

[store]
# Longest time an event may sit in the log before a signed checkpoint covers it.
checkpoint_interval_ms = 1000
# Observe mode: how long a commit group stays open for more events (fewer, larger commits when
# busy). Enforce mode never waits: a call is answered once its own group is durable.
linger_ms = 2
# A fleet of gateways shares one PostgreSQL (docs/deploy.md); unset = SQLite in this directory.
# url = "postgres://warden@127.0.0.1:5432/warden"
# retention_days = 30

[spool]
# Observe mode: events the audit log cannot take (disk full, database locked) are spooled here
# and delivered later, in order. A directory on another disk keeps recording when the data
# directory's disk fills. [default: <data>/spool]
# dir = "/var/spool/warden"
# max_bytes = 1073741824
# Space held back for the spool, released when its disk is full.
# reserve_bytes = 4194304
# retry_ms = 1000

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

# Streaming and SIEM sinks (see docs/sinks.md): each follows the audit log from its own cursor,
# retries while the destination is down, and dead-letters events it refuses.
# [sinks.siem]
# type = "splunk_hec"            # nats, otlp, ocsf_http, syslog, splunk_hec, webhook, file
# endpoint = "https://splunk.example:8088"
# token_secret = "hec-token"     # warden secret put hec-token --upstream 'https://splunk.example:8088/*'
# format = "ocsf"

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

# Reviewers (see docs/review.md): an admin token is created and printed at first start.
# [review]
# session_ttl_secs = 43200

# Approval requests (see docs/review.md): lifetime, thresholds (approvals from distinct
# reviewers; any deny wins), how long a PreToolUse hook holds its answer, and who decides.
# [approvals]
# ttl_secs = 900
# required = 1
# hook_wait_ms = 3000
# [[approvals.rules]]
# tools = ["Bash", "mcp__bank__*"]
# required = 2
# reviewers = ["alice", "bob", "carol"]
# [approvals.webhook]
# url = "https://hooks.example.org/warden"

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
    /// Reviewer sessions.
    pub review: crate::review::ReviewConfig,
    /// Approval requests: lifetime, thresholds, who decides, hook hold, webhook.
    pub approvals: crate::approvals::ApprovalsConfig,
    /// Streaming and SIEM sinks, by name (`docs/sinks.md`).
    pub sinks: warden_sink::SinksConfig,
    /// Observe mode's spool for events the audit log cannot take (see docs/reliability.md).
    pub spool: crate::spool::SpoolConfig,
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
    /// Whether any call can be decided in enforce mode, with `default` as the mode of calls
    /// no override names.
    pub fn may_enforce(&self, default: Mode) -> bool {
        default == Mode::Enforce || self.any_enforce()
    }

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
    /// TLS certificate and key; required to listen beyond loopback (see `listener`).
    pub tls: Option<crate::listener::TlsFiles>,
    /// Listen beyond loopback without TLS (something else encrypts the traffic).
    pub insecure_plaintext: bool,
    /// Longest a client may take to send a request's headers (or finish a TLS handshake).
    pub header_timeout_ms: u64,
    /// Most connections served at once; more are closed at accept.
    pub max_connections: usize,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    pub checkpoint_interval_ms: u64,
    /// How long a group of events nobody waits on stays open for more (0 to 50).
    pub linger_ms: u64,
    /// A PostgreSQL shared by a fleet (`postgres://…`); unset keeps the log in the data
    /// directory (SQLite).
    pub url: Option<String>,
    /// PostgreSQL only: drop event bodies older than this many days (envelopes stay).
    pub retention_days: Option<u32>,
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
            tls: None,
            insecure_plaintext: false,
            header_timeout_ms: 10_000,
            max_connections: 4096,
        }
    }
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self {
            checkpoint_interval_ms: 1000,
            linger_ms: 2,
            url: None,
            retention_days: None,
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
        config.review.validate()?;
        config
            .approvals
            .validate(config.gateway.request_timeout_ms)?;
        config.sinks.validate()?;
        config.spool.validate()?;
        if config.store.checkpoint_interval_ms == 0 || config.store.checkpoint_interval_ms > 60_000
        {
            return Err("store.checkpoint_interval_ms must be between 1 and 60000".into());
        }
        if config.store.linger_ms > 50 {
            return Err("store.linger_ms must be between 0 and 50: events wait that long in memory before their commit".into());
        }
        config.store_url()?;
        if config.store.retention_days == Some(0) {
            return Err("store.retention_days must be at least 1".into());
        }
        if config.store.retention_days.is_some() && config.store.url.is_none() {
            return Err("store.retention_days applies to a PostgreSQL store (store.url)".into());
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
        if config.gateway.header_timeout_ms < 100 || config.gateway.header_timeout_ms > 600_000 {
            return Err("gateway.header_timeout_ms must be between 100 and 600000".into());
        }
        if config.gateway.max_connections == 0 {
            return Err("gateway.max_connections must be at least 1".into());
        }
        if config.gateway.max_body_bytes < 1024 {
            return Err("gateway.max_body_bytes must be at least 1024".into());
        }
        Ok(config)
    }

    /// The PostgreSQL the log and identity state live in, if any.
    pub fn store_url(&self) -> Result<Option<warden_store::PgUrl>, String> {
        self.store
            .url
            .as_deref()
            .map(|u| u.parse().map_err(|e| format!("store.url: {e}")))
            .transpose()
    }

    pub fn checkpoint_interval(&self) -> Duration {
        Duration::from_millis(self.store.checkpoint_interval_ms)
    }

    pub fn store_linger(&self) -> Duration {
        Duration::from_millis(self.store.linger_ms)
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
    fn the_store_linger_is_bounded() {
        let c = Config::parse("[store]\nlinger_ms = 0\n").expect("no linger is allowed");
        assert_eq!(c.store_linger(), Duration::ZERO);
        let err = Config::parse("[store]\nlinger_ms = 500\n").expect_err("too long");
        assert!(err.contains("linger_ms"), "{err}");
    }

    #[test]
    fn typos_are_errors_not_silent_defaults() {
        let err = Config::parse("[gateway]\nmdoe = \"enforce\"\n").expect_err("unknown key");
        assert!(err.contains("mdoe"), "{err}");
        assert!(Config::parse("[gateway]\nmode = \"block\"\n").is_err());
    }

    #[test]
    fn a_fleet_store_url_is_validated_and_never_echoed_with_its_password() {
        let c = Config::parse(
            "[store]\nurl = \"postgres://w:pw@db:5432/warden\"\nretention_days = 7\n",
        )
        .expect("valid");
        let url = c.store_url().expect("parses").expect("set");
        assert_eq!(url.to_string(), "postgres://w@db:5432/warden");
        let err =
            Config::parse("[store]\nurl = \"mysql://w:pw@db/warden\"\n").expect_err("not postgres");
        assert!(err.contains("store.url") && !err.contains("pw"), "{err}");
        assert!(
            Config::parse("[store]\nretention_days = 7\n").is_err(),
            "retention needs a url"
        );
        assert!(Config::parse("[store]\nurl = \"postgres://db/w\"\nretention_days = 0\n").is_err());
        assert!(Config::parse("")
            .expect("default")
            .store_url()
            .expect("ok")
            .is_none());
    }
}
