//! The facts the gateway hands to policy, as plain validated Rust.
//!
//! Policy is stateless: the gateway derives every fact (who is calling, what the call does, what
//! the task allows, what the session has already touched) and this module is the boundary where
//! those facts are checked once. After [`PolicyRequest::new`] has accepted a principal, an action
//! and a target, the rest of the crate can map them onto Cedar without re-checking:
//!
//! - an agent id is either a SPIFFE id (attested) or `unattested:<reason>`; "attested" is derived
//!   from which one it is, so the two cannot disagree;
//! - an action and its target always agree (a `mcp_resources_read` names a resource URI on a
//!   server, a `hook_tool_call` names a tool, …);
//! - flags, effects and tiers are closed enums: a misspelt flag fails to parse instead of silently
//!   never matching a `forbid`;
//! - a task scope list is either absent (not restricted) or present together with the gateway's
//!   verdict for this call, so "out of scope of an unrestricted list" cannot be expressed;
//! - session counters are unsigned.
//!
//! Every type here is `serde` (de)serializable; deserializing a [`PolicyRequest`] runs the same
//! validation as [`PolicyRequest::new`] (that is how policy fixtures are read).

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::RequestError;

// ---------------------------------------------------------------------------------------------
// Principal
// ---------------------------------------------------------------------------------------------

/// An agent's identity as attributed by the gateway.
///
/// Written as a string: `spiffe://<trust-domain>/<path>` for an agent whose token the gateway
/// verified, `unattested:<reason>` otherwise (e.g. `unattested:loopback`). The gateway never
/// hands policy a SPIFFE id it has not verified, so [`AgentId::is_attested`] is simply "is this a
/// SPIFFE id".
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgentId {
    text: String,
    attested: bool,
}

impl AgentId {
    /// Parses `spiffe://trust-domain/path` or `unattested:<reason>`.
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        let bad = |why: &str| RequestError::AgentId {
            value: text.to_owned(),
            reason: why.to_owned(),
        };
        if let Some(rest) = text.strip_prefix("spiffe://") {
            let (domain, path) = rest
                .split_once('/')
                .ok_or_else(|| bad("a SPIFFE id needs a path after the trust domain"))?;
            if domain.is_empty()
                || !domain
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b))
            {
                return Err(bad(
                    "the trust domain must be non-empty lowercase letters, digits, '-', '.', '_'",
                ));
            }
            if path.is_empty() || path.split('/').any(str::is_empty) {
                return Err(bad(
                    "the SPIFFE id path must not be empty or contain empty segments",
                ));
            }
            if text.chars().any(char::is_control) {
                return Err(bad("control characters are not allowed"));
            }
            Ok(Self {
                text: text.to_owned(),
                attested: true,
            })
        } else if let Some(reason) = text.strip_prefix("unattested:") {
            if reason.trim().is_empty() || reason.chars().any(char::is_control) {
                return Err(bad("`unattested:` must be followed by a printable reason"));
            }
            Ok(Self {
                text: text.to_owned(),
                attested: false,
            })
        } else {
            Err(bad(
                "expected `spiffe://<trust-domain>/<path>` or `unattested:<reason>`",
            ))
        }
    }

    /// An unattested agent, e.g. `AgentId::unattested("loopback")`.
    pub fn unattested(reason: &str) -> Result<Self, RequestError> {
        Self::parse(&format!("unattested:{reason}"))
    }

    /// True for a SPIFFE id (the gateway verified a token for it).
    pub fn is_attested(&self) -> bool {
        self.attested
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for AgentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for AgentId {
    type Err = RequestError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for AgentId {
    type Error = RequestError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<AgentId> for String {
    fn from(id: AgentId) -> Self {
        id.text
    }
}

/// An agent's risk tier (DESIGN.md "Concepts").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// May read; any side effect is denied by the default policy set.
    ReadOnly,
    /// An interactive assistant (a developer's coding agent).
    Assistant,
    /// An autonomous executor.
    Executor,
}

impl Tier {
    /// All tiers, in schema order.
    pub const ALL: [Tier; 3] = [Tier::ReadOnly, Tier::Assistant, Tier::Executor];

    /// The name used in JSON and in the Cedar schema (`Warden::Tier::"read_only"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::ReadOnly => "read_only",
            Tier::Assistant => "assistant",
            Tier::Executor => "executor",
        }
    }
}

/// Who is calling.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principal {
    /// The acting agent.
    pub id: AgentId,
    /// Its risk tier.
    pub tier: Tier,
    /// The human or team that owns the agent, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The agents that delegated to this one, outermost (the task's root agent) first; empty when
    /// the agent acts on its own task. Does not contain `id` itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delegation: Vec<AgentId>,
}

impl Principal {
    /// An agent acting on its own (no delegation), without a known owner.
    pub fn new(id: AgentId, tier: Tier) -> Self {
        Self {
            id,
            tier,
            owner: None,
            delegation: Vec::new(),
        }
    }

    /// True for a SPIFFE-identified agent.
    pub fn attested(&self) -> bool {
        self.id.is_attested()
    }

    /// Number of delegation hops between the task's root agent and this one.
    pub fn delegation_depth(&self) -> usize {
        self.delegation.len()
    }

    /// The task's root agent: the outermost delegator, or the agent itself.
    pub fn root(&self) -> &AgentId {
        self.delegation.first().unwrap_or(&self.id)
    }

    fn check(&self) -> Result<(), RequestError> {
        let mut seen = BTreeSet::new();
        for hop in self.delegation.iter().chain(std::iter::once(&self.id)) {
            if !seen.insert(hop) {
                return Err(RequestError::DelegationCycle {
                    agent: hop.to_string(),
                });
            }
        }
        if let Some(owner) = &self.owner {
            non_empty("principal.owner", owner)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Action and target
// ---------------------------------------------------------------------------------------------

/// What the agent is about to do. Each maps to one Cedar action in the `Warden` namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// A tool call seen at an agent hook (Claude Code `PreToolUse`, Codex, Gemini CLI, Cursor).
    HookToolCall,
    /// An MCP `tools/call`.
    McpToolsCall,
    /// An MCP `resources/read`.
    McpResourcesRead,
    /// An MCP `prompts/get`.
    McpPromptsGet,
    /// A model API call (through the LLM proxy).
    ModelCall,
    /// One delegation hop (RFC 8693 token exchange at `POST /v1/token`): the principal hands
    /// its task on to the resource agent. Built with [`PolicyRequest::delegation`].
    Delegate,
}

impl ActionKind {
    /// All actions, in schema order.
    pub const ALL: [ActionKind; 6] = [
        ActionKind::HookToolCall,
        ActionKind::McpToolsCall,
        ActionKind::McpResourcesRead,
        ActionKind::McpPromptsGet,
        ActionKind::ModelCall,
        ActionKind::Delegate,
    ];

    /// The Cedar action id (`Warden::Action::"hook_tool_call"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::HookToolCall => "hook_tool_call",
            ActionKind::McpToolsCall => "mcp_tools_call",
            ActionKind::McpResourcesRead => "mcp_resources_read",
            ActionKind::McpPromptsGet => "mcp_prompts_get",
            ActionKind::ModelCall => "model_call",
            ActionKind::Delegate => "delegate",
        }
    }

    /// Which kind of target this action takes.
    pub fn target_kind(self) -> TargetKind {
        match self {
            ActionKind::HookToolCall | ActionKind::McpToolsCall => TargetKind::Tool,
            ActionKind::McpResourcesRead => TargetKind::Resource,
            ActionKind::McpPromptsGet => TargetKind::Prompt,
            ActionKind::ModelCall => TargetKind::Model,
            ActionKind::Delegate => TargetKind::Agent,
        }
    }

    fn needs_server(self) -> bool {
        matches!(
            self,
            ActionKind::McpToolsCall | ActionKind::McpResourcesRead | ActionKind::McpPromptsGet
        )
    }
}

/// The kind of a [`Target`] (for error messages and action/target checks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// A tool.
    Tool,
    /// An MCP resource.
    Resource,
    /// An MCP prompt.
    Prompt,
    /// A model.
    Model,
    /// An agent (the delegate of a delegation hop).
    Agent,
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TargetKind::Tool => "tool",
            TargetKind::Resource => "resource",
            TargetKind::Prompt => "prompt",
            TargetKind::Model => "model",
            TargetKind::Agent => "agent",
        })
    }
}

/// What the action is applied to. Becomes the Cedar `resource`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Target {
    /// A tool, named as the agent reports it (`Bash`, `mcp__github__get_issue`, or the bare MCP
    /// tool name for `tools/call`). `server` is the MCP server's configured name, when the tool
    /// belongs to one (the gateway derives it from `mcp__<server>__<tool>` for hook calls).
    Tool {
        /// Tool name as reported.
        name: String,
        /// MCP server name, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<String>,
    },
    /// An MCP resource, by URI.
    Resource {
        /// Resource URI.
        uri: String,
        /// MCP server name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<String>,
    },
    /// An MCP prompt, by name.
    Prompt {
        /// Prompt name.
        name: String,
        /// MCP server name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<String>,
    },
    /// A model, by the name the client asked for.
    Model {
        /// Model name (e.g. `claude-sonnet-4-5`).
        name: String,
        /// Provider (e.g. `anthropic`, `openai`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<String>,
    },
    /// An agent: the delegate of a delegation hop. Its delegation chain is the principal's
    /// chain followed by the principal.
    Agent {
        /// The delegate's id.
        id: AgentId,
        /// Its risk tier.
        tier: Tier,
        /// Its owner, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
    },
}

impl Target {
    /// A tool without a server (a built-in agent tool such as `Bash`).
    pub fn tool(name: impl Into<String>) -> Self {
        Target::Tool {
            name: name.into(),
            server: None,
        }
    }

    /// A tool on an MCP server.
    pub fn mcp_tool(server: impl Into<String>, name: impl Into<String>) -> Self {
        Target::Tool {
            name: name.into(),
            server: Some(server.into()),
        }
    }

    /// Which kind of target this is.
    pub fn kind(&self) -> TargetKind {
        match self {
            Target::Tool { .. } => TargetKind::Tool,
            Target::Resource { .. } => TargetKind::Resource,
            Target::Prompt { .. } => TargetKind::Prompt,
            Target::Model { .. } => TargetKind::Model,
            Target::Agent { .. } => TargetKind::Agent,
        }
    }

    /// The MCP server, for tools, resources and prompts.
    pub fn server(&self) -> Option<&str> {
        match self {
            Target::Tool { server, .. }
            | Target::Resource { server, .. }
            | Target::Prompt { server, .. } => server.as_deref(),
            Target::Model { .. } | Target::Agent { .. } => None,
        }
    }

    /// The tool/prompt/model name or the resource URI.
    pub fn name(&self) -> &str {
        match self {
            Target::Tool { name, .. }
            | Target::Prompt { name, .. }
            | Target::Model { name, .. } => name,
            Target::Resource { uri, .. } => uri,
            Target::Agent { id, .. } => id.as_str(),
        }
    }

    fn check(&self) -> Result<(), RequestError> {
        non_empty("resource name", self.name())?;
        if let Some(server) = self.server() {
            non_empty("resource server", server)?;
        }
        if let Target::Model {
            provider: Some(p), ..
        } = self
        {
            non_empty("resource provider", p)?;
        }
        if let Target::Agent { owner: Some(o), .. } = self {
            non_empty("resource owner", o)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Call facts
// ---------------------------------------------------------------------------------------------

/// What a call does, as far as the gateway can tell (DESIGN.md "Knowing which calls act").
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Only reads.
    Read,
    /// Writes or changes state (files, issues, settings, money).
    Write,
    /// Sends data or fetches from an outside host (email, HTTP, upload, message).
    Egress,
    /// Runs code or a shell command.
    Execute,
    /// The gateway could not tell. Policies should treat this like a side effect.
    #[default]
    Unknown,
}

impl Effect {
    /// All effects, in schema order.
    pub const ALL: [Effect; 5] = [
        Effect::Read,
        Effect::Write,
        Effect::Egress,
        Effect::Execute,
        Effect::Unknown,
    ];

    /// Name in JSON and in the Cedar schema (`Warden::Effect::"read"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Read => "read",
            Effect::Write => "write",
            Effect::Egress => "egress",
            Effect::Execute => "execute",
            Effect::Unknown => "unknown",
        }
    }
}

/// Which evidence decided the [`Effect`].
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EffectSource {
    /// MCP tool annotations (`readOnlyHint`, `destructiveHint`, `openWorldHint`).
    Annotation,
    /// The tool's name (verbs such as send, delete, transfer).
    Name,
    /// The call's arguments (a recipient, an account, a URL, a command).
    Arguments,
    /// A per-tool override in configuration.
    Config,
    /// Nothing else applied.
    #[default]
    Default,
}

impl EffectSource {
    /// All sources, in schema order.
    pub const ALL: [EffectSource; 5] = [
        EffectSource::Annotation,
        EffectSource::Name,
        EffectSource::Arguments,
        EffectSource::Config,
        EffectSource::Default,
    ];

    /// Name in JSON and in the Cedar schema.
    pub fn as_str(self) -> &'static str {
        match self {
            EffectSource::Annotation => "annotation",
            EffectSource::Name => "name",
            EffectSource::Arguments => "arguments",
            EffectSource::Config => "config",
            EffectSource::Default => "default",
        }
    }
}

/// A risk fact about one call, derived by the gateway. The vocabulary is closed: the Cedar
/// schema declares the same names as the enum entity `Warden::Flag`, so a policy that misspells
/// one fails validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Reads a credential store (`.env`, `~/.aws/credentials`, `~/.ssh/*`, keychains, agent
    /// config files holding keys), including a command or upload that reads one.
    CredentialStoreRead,
    /// A secret (key, token, password) that the agent obtained from a tool result, a file, a
    /// credential store or the environment appears in the call's arguments. A secret the user
    /// typed into their own prompt for this purpose does not set this flag (it is still redacted
    /// and alerted on as `secret.exposure`).
    SecretInArguments,
    /// Shell or code execution with destructive patterns (`rm -rf /`, `mkfs`, writing startup
    /// files, reverse shells).
    DangerousCommand,
    /// Runs code fetched from elsewhere (`curl … | sh`, `eval "$(wget …)"`).
    RemoteCode,
    /// Tries to gain rights: sudo/su, chmod/chown of sensitive paths, IAM/role/collaborator
    /// changes, permission-mode changes.
    PrivilegeEscalation,
    /// Tries to disable or evade monitoring (editing hook settings, killing the wrapper).
    OversightTamper,
    /// Sends data out or fetches from an outside host.
    Egress,
    /// Changes state somewhere (writes, sends, deletes, pays, grants).
    SideEffect,
    /// Deletes or overwrites irrecoverably.
    Destructive,
    /// Touches paths outside the session's workspace.
    OutsideWorkspace,
    /// The call's target (recipient, account, URL, path, command) appears in untrusted content
    /// and is not traceable to the user's prompt or trusted context.
    TargetFromUntrusted,
}

impl Flag {
    /// All flags, in schema order.
    pub const ALL: [Flag; 11] = [
        Flag::CredentialStoreRead,
        Flag::SecretInArguments,
        Flag::DangerousCommand,
        Flag::RemoteCode,
        Flag::PrivilegeEscalation,
        Flag::OversightTamper,
        Flag::Egress,
        Flag::SideEffect,
        Flag::Destructive,
        Flag::OutsideWorkspace,
        Flag::TargetFromUntrusted,
    ];

    /// Name in JSON and in the Cedar schema (`Warden::Flag::"egress"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::CredentialStoreRead => "credential_store_read",
            Flag::SecretInArguments => "secret_in_arguments",
            Flag::DangerousCommand => "dangerous_command",
            Flag::RemoteCode => "remote_code",
            Flag::PrivilegeEscalation => "privilege_escalation",
            Flag::OversightTamper => "oversight_tamper",
            Flag::Egress => "egress",
            Flag::SideEffect => "side_effect",
            Flag::Destructive => "destructive",
            Flag::OutsideWorkspace => "outside_workspace",
            Flag::TargetFromUntrusted => "target_from_untrusted",
        }
    }

    /// Position in [`Flag::ALL`] (used for table lookups).
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Where a call sends or acts, as extracted by the gateway. Values are normalised by the gateway
/// (lowercase hosts and email addresses; absolute paths).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Destinations {
    /// Hosts contacted (`paste.rs`, `api.github.com`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// Domains of email recipients (`northwind.example`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub email_domains: Vec<String>,
    /// Email recipients.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// Accounts acted on (user names, IBANs, cloud accounts).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
    /// URLs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    /// File system paths.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
}

/// Facts about this one call.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallFacts {
    /// The call's arguments, kept for the record and for `explain`. Policy does not see raw
    /// arguments (they have no schema); the gateway turns them into the facts below.
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub arguments: serde_json::Value,
    /// What the call does.
    pub effect: Effect,
    /// Which evidence decided `effect`.
    pub effect_source: EffectSource,
    /// Where the call sends or acts.
    pub destinations: Destinations,
    /// For shell calls, the command words (`["curl", "sh"]`), lowercased program names first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command_words: Vec<String>,
    /// Risk facts.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub flags: BTreeSet<Flag>,
    /// Data labels of the data this call carries (`secret`, `pii`, `confidential`, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
}

impl CallFacts {
    /// Facts with the given effect and flags; everything else empty.
    pub fn new(effect: Effect, flags: impl IntoIterator<Item = Flag>) -> Self {
        Self {
            effect,
            flags: flags.into_iter().collect(),
            ..Self::default()
        }
    }

    /// True if `flag` is set.
    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }
}

// ---------------------------------------------------------------------------------------------
// Task and session
// ---------------------------------------------------------------------------------------------

/// One declared scope list and the gateway's verdict for this call against it. The gateway does
/// the glob matching (`mcp__github__get_*`); policy sees the answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeCheck {
    /// The list as declared (patterns allowed).
    pub declared: Vec<String>,
    /// Whether this call matches the list (for destinations: every destination of the call
    /// matches; a call without destinations is in scope).
    pub in_scope: bool,
}

/// A task's declared scope. `None` = not restricted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TaskScope {
    /// Tool names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<ScopeCheck>,
    /// MCP servers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub servers: Option<ScopeCheck>,
    /// Resources (URIs, paths).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<ScopeCheck>,
    /// Destinations (hosts, email domains, accounts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destinations: Option<ScopeCheck>,
}

/// The task the session belongs to, when one was declared.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskFacts {
    /// The task's objective (text).
    pub objective: String,
    /// Declared scope.
    #[serde(default)]
    pub scope: TaskScope,
    /// Seconds until the deadline (negative once passed); `None` without a deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_left: Option<i64>,
}

/// What the session (conversation/connection) has done so far, as tracked by the gateway.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionFacts {
    /// A secret entered the session through something the agent read (a tool result, a
    /// resource, a model output). A secret the user typed into the prompt does not count.
    pub read_secret: bool,
    /// A credential store was read in this session.
    pub read_credential_store: bool,
    /// Untrusted content with instruction-like text entered the session (indirect prompt
    /// injection suspected): the session is tainted.
    pub read_untrusted_instructions: bool,
    /// Decisions that denied a call in this session.
    pub denies: u32,
    /// Calls decided in this session before this one.
    pub calls: u32,
    /// Approvals requested in this session and not yet decided.
    pub approvals_pending: u32,
}

/// A task scope as a token carries it (lists of names or patterns; `None` = not restricted), for
/// delegation hops.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DelegatedScope {
    /// Tool names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<String>>,
    /// MCP servers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub servers: Option<Vec<String>>,
    /// Resources (URIs, paths).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    /// Destinations (hosts, email domains, accounts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destinations: Option<Vec<String>>,
}

/// One delegation hop as the identity service checked it (scope narrowing, depth and
/// `may_act` already hold); policy decides on it on its own. The delegating agent is the
/// request's principal (its `delegation` = the agents that delegated to it), the delegate its
/// resource ([`Target::Agent`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelegationFacts {
    /// The task handed on.
    pub task_id: String,
    /// Hops including this one (1 for the first delegation of a task).
    pub depth: u32,
    /// Hops the gateway allows below the task's root agent.
    pub max_depth: u32,
    /// The parent token's scope.
    #[serde(default)]
    pub parent_scope: DelegatedScope,
    /// The scope the child token would carry.
    #[serde(default)]
    pub requested_scope: DelegatedScope,
    /// The parent token's `may_act`: the only agent it may be handed to, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub may_act: Option<AgentId>,
}

// ---------------------------------------------------------------------------------------------
// The request
// ---------------------------------------------------------------------------------------------

/// Everything policy may look at for one decision. Build it with [`PolicyRequest::new`] and the
/// `with_*` methods; fields are read through accessors so that a request, once built, is known to
/// be consistent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RequestWire", into = "RequestWire")]
pub struct PolicyRequest {
    principal: Principal,
    action: ActionKind,
    resource: Target,
    call: CallFacts,
    task: Option<TaskFacts>,
    session: SessionFacts,
    delegation: Option<DelegationFacts>,
}

impl PolicyRequest {
    /// Checks that the principal is well formed (no delegation cycle) and that the action and
    /// its target agree (an MCP action names its server). Call facts, task and session default to
    /// "nothing known": [`Effect::Unknown`], no task, a fresh session.
    pub fn new(
        principal: Principal,
        action: ActionKind,
        resource: Target,
    ) -> Result<Self, RequestError> {
        principal.check()?;
        resource.check()?;
        if action.target_kind() != resource.kind() {
            return Err(RequestError::TargetMismatch {
                action: action.as_str(),
                expected: action.target_kind(),
                got: resource.kind(),
            });
        }
        if action.needs_server() && resource.server().is_none() {
            return Err(RequestError::MissingServer {
                action: action.as_str(),
            });
        }
        if action == ActionKind::Delegate {
            return Err(RequestError::Delegation(
                "a delegation request carries the hop's facts: build it with PolicyRequest::delegation",
            ));
        }
        Ok(Self {
            principal,
            action,
            resource,
            call: CallFacts::default(),
            task: None,
            session: SessionFacts::default(),
            delegation: None,
        })
    }

    /// A delegation hop: `principal` hands task `facts.task_id` on to `delegate` (a
    /// [`Target::Agent`]). Checks that the delegate is not already in the chain (nor the
    /// principal itself), that the hop's depth is the principal's chain plus one, and that the
    /// depth is within 1..=`max_depth` as the identity service enforces it.
    pub fn delegation(
        principal: Principal,
        delegate: Target,
        facts: DelegationFacts,
    ) -> Result<Self, RequestError> {
        principal.check()?;
        delegate.check()?;
        let Target::Agent { id, tier, owner } = &delegate else {
            return Err(RequestError::TargetMismatch {
                action: ActionKind::Delegate.as_str(),
                expected: TargetKind::Agent,
                got: delegate.kind(),
            });
        };
        let delegate_principal = Principal {
            id: id.clone(),
            tier: *tier,
            owner: owner.clone(),
            delegation: Self::chain_of(&principal),
        };
        delegate_principal.check()?;
        non_empty("delegation.task_id", &facts.task_id)?;
        let expected = principal.delegation.len() + 1;
        if usize::try_from(facts.depth).ok() != Some(expected) {
            return Err(RequestError::Delegation(
                "delegation.depth must be the delegating agent's chain length plus one",
            ));
        }
        if facts.max_depth < facts.depth {
            return Err(RequestError::Delegation(
                "delegation.depth is past delegation.max_depth",
            ));
        }
        Ok(Self {
            principal,
            action: ActionKind::Delegate,
            resource: delegate,
            call: CallFacts::default(),
            task: None,
            session: SessionFacts::default(),
            delegation: Some(facts),
        })
    }

    /// The delegate's chain: the principal's chain, then the principal.
    pub(crate) fn chain_of(principal: &Principal) -> Vec<AgentId> {
        let mut chain = principal.delegation.clone();
        chain.push(principal.id.clone());
        chain
    }

    /// Sets the call facts.
    pub fn with_call(mut self, call: CallFacts) -> Self {
        self.call = call;
        self
    }

    /// Sets the task (use `None` for a session without a declared task).
    pub fn with_task(mut self, task: Option<TaskFacts>) -> Self {
        self.task = task;
        self
    }

    /// Sets the session facts.
    pub fn with_session(mut self, session: SessionFacts) -> Self {
        self.session = session;
        self
    }

    /// The calling agent.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }
    /// The action.
    pub fn action(&self) -> ActionKind {
        self.action
    }
    /// The target.
    pub fn resource(&self) -> &Target {
        &self.resource
    }
    /// Facts about this call.
    pub fn call(&self) -> &CallFacts {
        &self.call
    }
    /// Mutable call facts (the gateway may add facts after building the request).
    pub fn call_mut(&mut self) -> &mut CallFacts {
        &mut self.call
    }
    /// The declared task, if any.
    pub fn task(&self) -> Option<&TaskFacts> {
        self.task.as_ref()
    }
    /// Session facts.
    pub fn session(&self) -> &SessionFacts {
        &self.session
    }
    /// Mutable session facts.
    pub fn session_mut(&mut self) -> &mut SessionFacts {
        &mut self.session
    }
    /// The delegation hop, for [`ActionKind::Delegate`].
    pub fn delegation_facts(&self) -> Option<&DelegationFacts> {
        self.delegation.as_ref()
    }
}

/// Wire form of [`PolicyRequest`]; deserialization goes through [`PolicyRequest::new`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestWire {
    principal: Principal,
    action: ActionKind,
    resource: Target,
    #[serde(default)]
    call: CallFacts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    task: Option<TaskFacts>,
    #[serde(default)]
    session: SessionFacts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delegation: Option<DelegationFacts>,
}

impl TryFrom<RequestWire> for PolicyRequest {
    type Error = RequestError;
    fn try_from(w: RequestWire) -> Result<Self, Self::Error> {
        let base = match (w.action, w.delegation) {
            (ActionKind::Delegate, Some(facts)) => {
                PolicyRequest::delegation(w.principal, w.resource, facts)?
            }
            (_, Some(_)) => {
                return Err(RequestError::Delegation(
                    "only a delegate request carries delegation facts",
                ))
            }
            (action, None) => PolicyRequest::new(w.principal, action, w.resource)?,
        };
        Ok(base
            .with_call(w.call)
            .with_task(w.task)
            .with_session(w.session))
    }
}

impl From<PolicyRequest> for RequestWire {
    fn from(r: PolicyRequest) -> Self {
        Self {
            principal: r.principal,
            action: r.action,
            resource: r.resource,
            call: r.call,
            task: r.task,
            session: r.session,
            delegation: r.delegation,
        }
    }
}

fn non_empty(what: &'static str, value: &str) -> Result<(), RequestError> {
    if value.trim().is_empty() {
        Err(RequestError::Empty { field: what })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent() -> Principal {
        Principal::new(
            AgentId::parse("spiffe://acme.dev/agent/coder").expect("valid id"),
            Tier::Assistant,
        )
    }

    #[test]
    fn agent_ids_parse_at_the_boundary() {
        assert!(AgentId::parse("spiffe://acme.dev/agent/x")
            .expect("spiffe")
            .is_attested());
        assert!(!AgentId::parse("unattested:loopback")
            .expect("unattested")
            .is_attested());
        for bad in [
            "",
            "alice",
            "spiffe://",
            "spiffe://acme.dev",
            "spiffe://ACME/agent",
            "spiffe://acme.dev//x",
            "unattested:",
            "unattested:  ",
        ] {
            assert!(AgentId::parse(bad).is_err(), "{bad:?} must be rejected");
        }
    }

    #[test]
    fn action_and_target_must_agree() {
        let err = PolicyRequest::new(agent(), ActionKind::McpResourcesRead, Target::tool("Bash"))
            .expect_err("mismatch");
        assert!(err.to_string().contains("mcp_resources_read"), "{err}");
        let err = PolicyRequest::new(agent(), ActionKind::McpToolsCall, Target::tool("get_issue"))
            .expect_err("no server");
        assert!(err.to_string().contains("server"), "{err}");
        PolicyRequest::new(
            agent(),
            ActionKind::McpToolsCall,
            Target::mcp_tool("github", "get_issue"),
        )
        .expect("valid");
    }

    #[test]
    fn delegation_cycles_are_rejected() {
        let mut p = agent();
        p.delegation = vec![
            AgentId::parse("unattested:parent").expect("id"),
            p.id.clone(),
        ];
        assert!(PolicyRequest::new(p, ActionKind::HookToolCall, Target::tool("Read")).is_err());
    }

    fn hop(depth: u32) -> DelegationFacts {
        DelegationFacts {
            task_id: "tsk_1".to_owned(),
            depth,
            max_depth: 3,
            ..DelegationFacts::default()
        }
    }

    fn delegate(name: &str) -> Target {
        Target::Agent {
            id: AgentId::parse(&format!("spiffe://acme.dev/agent/{name}")).expect("id"),
            tier: Tier::Assistant,
            owner: None,
        }
    }

    #[test]
    fn delegation_requests_are_validated() {
        let req = PolicyRequest::delegation(agent(), delegate("helper"), hop(1)).expect("valid");
        assert_eq!(req.action(), ActionKind::Delegate);
        assert_eq!(req.delegation_facts().map(|d| d.depth), Some(1));
        // The delegate action is built only with its facts.
        assert!(PolicyRequest::new(agent(), ActionKind::Delegate, delegate("helper")).is_err());
        // Its resource is an agent.
        assert!(PolicyRequest::delegation(agent(), Target::tool("Bash"), hop(1)).is_err());
        // The depth is the principal's chain plus one, within max_depth.
        assert!(PolicyRequest::delegation(agent(), delegate("helper"), hop(2)).is_err());
        let mut deep = hop(1);
        deep.max_depth = 0;
        assert!(PolicyRequest::delegation(agent(), delegate("helper"), deep).is_err());
        // Handing a task to oneself or back up the chain is a cycle.
        assert!(PolicyRequest::delegation(agent(), delegate("coder"), hop(1)).is_err());
        let mut p = agent();
        p.delegation = vec![AgentId::parse("spiffe://acme.dev/agent/root").expect("id")];
        assert!(PolicyRequest::delegation(p.clone(), delegate("root"), hop(2)).is_err());
        assert!(PolicyRequest::delegation(p, delegate("helper"), hop(2)).is_ok());
        // Empty task id.
        let mut empty = hop(1);
        empty.task_id = " ".to_owned();
        assert!(PolicyRequest::delegation(agent(), delegate("helper"), empty).is_err());
    }

    #[test]
    fn delegation_facts_travel_only_with_the_delegate_action() {
        let json = serde_json::json!({
            "principal": {"id": "spiffe://acme.dev/agent/coder", "tier": "executor"},
            "action": "delegate",
            "resource": {"kind": "agent", "id": "spiffe://acme.dev/agent/helper", "tier": "read_only"},
            "delegation": {"task_id": "t", "depth": 1, "max_depth": 3,
                           "requested_scope": {"tools": ["Read"]}}
        });
        let req: PolicyRequest = serde_json::from_value(json.clone()).expect("parses");
        let again: PolicyRequest =
            serde_json::from_value(serde_json::to_value(&req).expect("ser")).expect("round trip");
        assert_eq!(req, again);
        let mut missing = json.clone();
        missing["delegation"] = serde_json::Value::Null;
        assert!(serde_json::from_value::<PolicyRequest>(missing).is_err());
        let mut stray = json;
        stray["action"] = "hook_tool_call".into();
        stray["resource"] = serde_json::json!({"kind": "tool", "name": "Read"});
        assert!(serde_json::from_value::<PolicyRequest>(stray).is_err());
    }

    #[test]
    fn json_round_trip_and_validation() {
        let json = serde_json::json!({
            "principal": {"id": "unattested:loopback", "tier": "assistant"},
            "action": "hook_tool_call",
            "resource": {"kind": "tool", "name": "Bash"},
            "call": {"effect": "execute", "flags": ["dangerous_command"], "command_words": ["rm"]},
            "session": {"denies": 1}
        });
        let req: PolicyRequest = serde_json::from_value(json).expect("parses");
        assert!(req.call().has(Flag::DangerousCommand));
        let back = serde_json::to_value(&req).expect("serializes");
        let again: PolicyRequest = serde_json::from_value(back).expect("round trip");
        assert_eq!(req, again);

        let typo = serde_json::json!({
            "principal": {"id": "unattested:loopback", "tier": "assistant"},
            "action": "hook_tool_call",
            "resource": {"kind": "tool", "name": "Bash"},
            "call": {"flags": ["dangerous_comand"]}
        });
        assert!(serde_json::from_value::<PolicyRequest>(typo).is_err());
    }
}
