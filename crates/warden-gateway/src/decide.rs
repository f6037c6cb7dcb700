//! The decide stage: a tool call's facts and its task in, a verdict and a decision record out.
//!
//! Fails closed: in enforce mode, a missing policy set or any error denies with a reason that
//! says what to do; observe mode allows and records what enforce would have said.

use serde_json::{json, Value};
use warden_core::{EventMeta, Verdict};

use crate::config::Mode;
use crate::pipeline::{apply_mode, decision_body};
use crate::tasks::{list_allows, TaskSpec};

/// What the source adapter knows about the call.
#[derive(Clone, Debug, Default)]
pub struct GateFacts {
    /// Tool name as the agent reports it (`Bash`, `mcp__github__get_issue`).
    pub tool: String,
    pub input: Value,
    /// MCP server, when the call goes to one.
    pub server: Option<String>,
    /// The agent's working directory, when known.
    pub cwd: Option<String>,
}

/// A verdict and the body of the decision event that records it.
pub struct Decided {
    pub verdict: Verdict,
    pub record: Value,
}

/// Holds the loaded policy; decides every gated call.
#[derive(Default)]
pub struct Decider {}

impl Decider {
    pub fn decide(&self, _meta: &EventMeta, facts: &GateFacts, task: Option<&TaskSpec>, mode: Mode) -> Decided {
        let scope = task.map(|t| list_allows(&t.scope.tools, &facts.tool));
        let verdict = Verdict::deny(
            "no policy set is loaded, and enforce mode fails closed: start the gateway with a policy set (warden serve --policy DIR) or run it in observe mode",
        );
        let verdict = apply_mode(verdict, mode);
        let record = decision_body(&verdict, mode, json!({"tool": facts.tool, "in_task_scope": scope.flatten()}));
        Decided { verdict, record }
    }
}
