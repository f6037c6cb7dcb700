//! Agent hooks: the JSON an agent sends before and after it acts, and the answer it expects.
//!
//! One module per agent, each a [`HookProtocol`]; adding an agent touches one file and the
//! [`AgentKind`] registration below.

mod claude_code;
mod codex;
mod cursor;
mod gemini;

use serde_json::Value;
use warden_core::{Correlation, Draft, EventKind, SessionId, Verdict};

pub use claude_code::ClaudeCode;
pub use codex::Codex;
pub use cursor::Cursor;
pub use gemini::Gemini;

/// The agents whose hooks Warden speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgentKind {
    ClaudeCode,
    Codex,
    Gemini,
    Cursor,
}

impl AgentKind {
    pub const ALL: [AgentKind; 4] = [
        AgentKind::ClaudeCode,
        AgentKind::Codex,
        AgentKind::Gemini,
        AgentKind::Cursor,
    ];

    /// The name used in URLs (`/v1/hooks/<name>`) and on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            AgentKind::ClaudeCode => "claude-code",
            AgentKind::Codex => "codex",
            AgentKind::Gemini => "gemini",
            AgentKind::Cursor => "cursor",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    pub fn protocol(&self) -> &'static dyn HookProtocol {
        match self {
            AgentKind::ClaudeCode => &ClaudeCode,
            AgentKind::Codex => &Codex,
            AgentKind::Gemini => &Gemini,
            AgentKind::Cursor => &Cursor,
        }
    }
}

/// Where in the agent's loop a hook fired, normalized across agents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    SessionStart,
    SessionEnd,
    /// The user submitted a prompt (gating: can be blocked).
    Prompt,
    /// A tool is about to run (gating).
    PreTool,
    /// A tool ran and returned.
    PostTool,
    /// A tool ran and failed.
    ToolFailure,
    SubagentStart,
    SubagentStop,
    /// The agent finished its turn.
    Stop,
    Notification,
    Compact,
    /// The agent's response text to the user (Cursor `afterAgentResponse`).
    ModelOutput,
    /// An event this version does not know: recorded as `other`, never rejected.
    Other,
}

impl Phase {
    /// Whether the agent waits for Warden's answer before going on.
    pub fn is_gating(&self) -> bool {
        matches!(self, Phase::PreTool | Phase::Prompt)
    }

    /// The kind of event this phase records.
    pub fn kind(&self) -> EventKind {
        match self {
            Phase::Prompt => EventKind::Prompt,
            Phase::PreTool => EventKind::ToolCall,
            Phase::PostTool | Phase::ToolFailure => EventKind::ToolResult,
            Phase::SessionStart
            | Phase::SessionEnd
            | Phase::SubagentStart
            | Phase::SubagentStop
            | Phase::Stop => EventKind::Session,
            Phase::ModelOutput => EventKind::ModelOutput,
            Phase::Notification | Phase::Compact | Phase::Other => EventKind::Other,
        }
    }
}

/// A tool invocation named by a hook.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolUse {
    /// The tool name as the agent reports it (`Bash`, `mcp__github__get_issue`).
    pub name: String,
    pub input: Value,
    /// The tool's output, on post-tool hooks.
    pub response: Option<Value>,
}

/// A subagent the hook fired in: its events are a delegation hop under the parent session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subagent {
    pub id: String,
    pub kind: Option<String>,
}

/// One hook, parsed at the boundary.
#[derive(Clone, Debug, PartialEq)]
pub struct HookCall {
    pub agent: AgentKind,
    /// The event name exactly as the agent sent it.
    pub event_name: String,
    pub phase: Phase,
    pub session_id: SessionId,
    pub tool: Option<ToolUse>,
    pub prompt: Option<String>,
    pub subagent: Option<Subagent>,
    pub cwd: Option<String>,
    pub permission_mode: Option<String>,
    pub correlation: Correlation,
    /// The whole payload as sent, unknown fields included.
    pub payload: Value,
}

impl HookCall {
    /// The event this hook records: its body is the payload exactly as the agent sent it.
    pub fn to_draft(&self) -> Draft {
        let mut draft = Draft::new(
            self.phase.kind(),
            self.session_id.clone(),
            self.payload.clone(),
        );
        draft.correlation = self.correlation.clone();
        draft
    }
}

/// The answer in the agent's protocol: the JSON to return (HTTP body, or stdout of a command
/// hook), the command hook's exit code, and what to write on its stderr.
#[derive(Clone, Debug, PartialEq)]
pub struct HookAnswer {
    pub body: Value,
    pub exit_code: i32,
    pub stderr: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HookError {
    #[error("the hook payload is not a JSON object")]
    NotAnObject,
    #[error("the hook payload has no {0:?} (is this a {1} hook?)")]
    Missing(&'static str, &'static str),
    #[error("the hook payload's {0} is invalid: {1}")]
    Invalid(&'static str, String),
}

/// One agent's hook protocol.
pub trait HookProtocol: Send + Sync {
    fn parse(&self, payload: Value) -> Result<HookCall, HookError>;

    /// The phase of an event this agent names `event` (the payload decides where a twin hook
    /// gates instead).
    fn phase(&self, event: &str, payload: &Value) -> Phase;

    /// The answer to a hook of `phase`, named `event_name` by the agent.
    fn answer_to(&self, phase: Phase, event_name: &str, verdict: &Verdict) -> HookAnswer;

    /// A deny for a hook whose event cannot be told: the shape this agent honours as a block
    /// on each of its gating events.
    fn deny_any(&self, reason: &str) -> HookAnswer;

    fn answer(&self, call: &HookCall, verdict: &Verdict) -> HookAnswer {
        self.answer_to(call.phase, &call.event_name, verdict)
    }
}

/// What can still be told of a hook payload that did not parse as its agent's hook.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Salvaged {
    pub event_name: Option<String>,
    pub session_id: Option<SessionId>,
}

impl AgentKind {
    /// The event name and session of a payload that did not parse, where they are readable.
    pub fn salvage(&self, payload: Option<&Value>) -> Salvaged {
        let Some(p) = payload else {
            return Salvaged::default();
        };
        let keys: &[&'static str] = match self {
            AgentKind::Cursor => &["conversation_id", "session_id"],
            _ => &["session_id"],
        };
        let session_id = keys
            .iter()
            .find_map(|key| session(p, key, self.name()).ok());
        Salvaged {
            event_name: str_field(p, "hook_event_name"),
            session_id,
        }
    }

    /// Enforce mode's answer to a hook Warden could not read (not JSON, or not this agent's
    /// shape): a deny in the agent's own protocol, never an error status, which agents take
    /// for "go ahead". When the payload still names its event, that event's deny (and, for an
    /// event the agent does not wait on, its ordinary answer); otherwise [`deny_any`].
    ///
    /// [`deny_any`]: HookProtocol::deny_any
    pub fn refuse_unreadable(&self, payload: Option<&Value>, reason: &str) -> HookAnswer {
        let protocol = self.protocol();
        let named = payload.and_then(|p| {
            let event = str_field(p, "hook_event_name")?;
            Some((protocol.phase(&event, p), event))
        });
        match named {
            Some((phase, event)) if phase != Phase::Other => {
                protocol.answer_to(phase, &event, &Verdict::deny(reason))
            }
            _ => protocol.deny_any(reason),
        }
    }
}

/// Phases of the Claude Code hook event names, which Codex uses too.
pub(crate) fn claude_phase(event: &str) -> Phase {
    match event {
        "SessionStart" => Phase::SessionStart,
        "SessionEnd" => Phase::SessionEnd,
        "UserPromptSubmit" => Phase::Prompt,
        "PreToolUse" => Phase::PreTool,
        "PostToolUse" => Phase::PostTool,
        "PostToolUseFailure" => Phase::ToolFailure,
        "SubagentStart" => Phase::SubagentStart,
        "SubagentStop" => Phase::SubagentStop,
        "Stop" => Phase::Stop,
        "Notification" => Phase::Notification,
        "PreCompact" => Phase::Compact,
        _ => Phase::Other,
    }
}

/// The parse every Claude-shaped protocol (Claude Code, Codex, Gemini CLI) shares: session, event
/// name and phase, the tool use, prompt, cwd, permission mode, `tool_use_id`, and a subagent
/// from `agent_id`/`agent_type`. Each protocol adds its own ids on top.
pub(crate) fn parse_claude_shaped(
    payload: Value,
    agent: AgentKind,
    label: &'static str,
    phase_of: fn(&str) -> Phase,
) -> Result<HookCall, HookError> {
    if !payload.is_object() {
        return Err(HookError::NotAnObject);
    }
    let session_id = session(&payload, "session_id", label)?;
    let event_name = str_field(&payload, "hook_event_name")
        .ok_or(HookError::Missing("hook_event_name", label))?;
    let phase = phase_of(&event_name);
    let tool = str_field(&payload, "tool_name").map(|name| ToolUse {
        name,
        input: payload.get("tool_input").cloned().unwrap_or(Value::Null),
        response: payload
            .get("tool_response")
            .or_else(|| payload.get("error"))
            .cloned(),
    });
    if matches!(phase, Phase::PreTool | Phase::PostTool) && tool.is_none() {
        return Err(HookError::Missing("tool_name", label));
    }
    let subagent = str_field(&payload, "agent_id").map(|id| Subagent {
        id,
        kind: str_field(&payload, "agent_type"),
    });
    let correlation = Correlation {
        tool_use_id: str_field(&payload, "tool_use_id"),
        ..Default::default()
    };
    Ok(HookCall {
        agent,
        phase,
        session_id,
        tool,
        prompt: str_field(&payload, "prompt"),
        subagent,
        cwd: str_field(&payload, "cwd"),
        permission_mode: str_field(&payload, "permission_mode"),
        correlation,
        event_name,
        payload,
    })
}

/// Reads a string field.
pub(crate) fn str_field(payload: &Value, key: &str) -> Option<String> {
    payload.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The session id field, validated.
pub(crate) fn session(
    payload: &Value,
    key: &'static str,
    agent: &'static str,
) -> Result<SessionId, HookError> {
    let raw = payload
        .get(key)
        .and_then(Value::as_str)
        .ok_or(HookError::Missing(key, agent))?;
    SessionId::new(raw).map_err(|e| HookError::Invalid(key, e.to_string()))
}

#[cfg(test)]
mod tests;
