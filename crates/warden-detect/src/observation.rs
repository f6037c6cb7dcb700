//! What the detectors observe: the gateway maps every recorded event onto one [`Observation`].

use serde::{Deserialize, Serialize};
use serde_json::Value;
use warden_analysis::{ActionFacts, ToolAnnotations, ToolRef};
use warden_core::{AgentRef, EventId, SessionId, TaskId, Timestamp};

/// One event, as detection sees it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Observation {
    pub event_id: EventId,
    pub ts: Timestamp,
    pub session: SessionId,
    /// The task the event belongs to (a delegated task names its parent in `TaskDeclared`).
    pub task: TaskId,
    pub agent: AgentRef,
    /// Actor chain for delegated work, outermost (original) agent first.
    #[serde(default)]
    pub delegation: Vec<AgentRef>,
    /// The in-session subagent that acted (Claude Code `agent_id`), if any.
    #[serde(default)]
    pub subagent: Option<String>,
    pub what: Observed,
}

/// The decision outcomes detection cares about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Allow,
    Deny,
    Approval,
}

/// A task's declared scope. `None` means "not restricted"; entries allow simple `*` globs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scope {
    /// Tool names as the agent reports them (`Bash`, `mcp__github__get_*`).
    pub tools: Option<Vec<String>>,
    /// MCP server names.
    pub servers: Option<Vec<String>>,
    /// Paths and URLs the task may touch (`/home/dev/app/*`, `https://docs.example/*`).
    pub resources: Option<Vec<String>>,
    /// Hosts, emails and accounts the task may send to or act on (`*.acme.example`, `*@acme.example`).
    pub destinations: Option<Vec<String>>,
}

/// A tool as a server lists it (`tools/list`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ToolSpec {
    pub name: String,
    pub description: Option<String>,
    #[serde(rename = "inputSchema", alias = "input_schema")]
    pub input_schema: Value,
    pub annotations: Option<ToolAnnotations>,
}

/// Why a presented credential was not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenProblem {
    Missing,
    Forged,
    Expired,
    WrongAudience,
    WrongTrustDomain,
    Replayed,
    Revoked,
    DelegationWidened,
    DelegationTooDeep,
    NotMayAct,
    /// A delegation hop the policy engine denied (action `delegate`).
    DelegationDenied,
}

impl TokenProblem {
    pub fn as_str(&self) -> &'static str {
        match self {
            TokenProblem::Missing => "missing",
            TokenProblem::Forged => "forged",
            TokenProblem::Expired => "expired",
            TokenProblem::WrongAudience => "wrong audience",
            TokenProblem::WrongTrustDomain => "wrong trust domain",
            TokenProblem::Replayed => "replayed",
            TokenProblem::Revoked => "revoked",
            TokenProblem::DelegationWidened => "delegation widens scope",
            TokenProblem::DelegationTooDeep => "delegation too deep",
            TokenProblem::NotMayAct => "actor not allowed by may_act",
            TokenProblem::DelegationDenied => "delegation denied by policy",
        }
    }
}

/// What happened. (`ToolCall` is large by design: it carries the call's facts inline so the
/// hot path never allocates a box per call.)
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Observed {
    SessionStart,
    SessionEnd,
    /// The user's prompt (trusted: targets it names are the user's).
    Prompt {
        text: String,
    },
    ModelOutput {
        text: String,
    },
    /// A tool call about to run, with the facts `warden-analysis` derived.
    ToolCall {
        tool: ToolRef,
        args: Value,
        facts: ActionFacts,
        #[serde(default)]
        tool_use_id: Option<String>,
    },
    /// A tool's result, flattened to text.
    ToolResult {
        tool: ToolRef,
        #[serde(default)]
        tool_use_id: Option<String>,
        text: String,
        #[serde(default)]
        is_error: bool,
    },
    /// An MCP resource read (untrusted content, like a tool result).
    Resource {
        uri: String,
        text: String,
    },
    /// A policy decision on an earlier call; `would_be` is what enforce mode would have done
    /// (observe mode). Detectors treat a would-be deny like a deny.
    Decision {
        call_event: EventId,
        outcome: Verdict,
        #[serde(default)]
        would_be: Option<Verdict>,
        #[serde(default)]
        reasons: Vec<String>,
    },
    /// A task declared for this session (`parent` for a delegated sub-task).
    TaskDeclared {
        objective: String,
        #[serde(default)]
        scope: Scope,
        #[serde(default)]
        parent: Option<TaskId>,
    },
    /// The task ended or its credentials were revoked.
    TaskEnded {
        #[serde(default)]
        revoked: bool,
    },
    /// A server's tool list (`tools/list`) and instructions (`initialize`).
    ToolManifest {
        server: String,
        #[serde(default)]
        instructions: Option<String>,
        tools: Vec<ToolSpec>,
    },
    /// What a persistent pin store found when it compared a listing with its pins (the
    /// gateway's MCP tap). Once a server is reported this way, the detector leaves pinning of
    /// that server to the store (it survives restarts; the in-memory pins do not) and alerts
    /// on the store's findings instead. Sent before the listing's `ToolManifest`.
    PinReport {
        server: String,
        /// Tools the store quarantined on this listing (changed, added or renamed).
        #[serde(default)]
        quarantined: Vec<String>,
        #[serde(default)]
        instructions_changed: bool,
    },
    /// A credential presented by the agent; `problem` is what verification found.
    Credential {
        #[serde(default)]
        problem: Option<TokenProblem>,
    },
    /// Model usage (tokens, spend) for budgets.
    Usage {
        #[serde(default)]
        input_tokens: u64,
        #[serde(default)]
        output_tokens: u64,
        #[serde(default)]
        cost_usd: f64,
    },
}

impl Observed {
    /// A decision that held the call for a human's approval (or would have, in observe mode).
    pub fn needs_approval(&self) -> bool {
        matches!(self, Observed::Decision { outcome, would_be, .. }
            if *outcome == Verdict::Approval || *would_be == Some(Verdict::Approval))
    }

    pub fn is_denied(&self) -> bool {
        matches!(self, Observed::Decision { outcome, would_be, .. }
            if *outcome == Verdict::Deny || *would_be == Some(Verdict::Deny))
    }
}
