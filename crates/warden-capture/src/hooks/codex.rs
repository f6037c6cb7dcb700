//! OpenAI Codex CLI hooks.
//!
//! Codex's hook payloads follow the Claude Code shape (`session_id`, `cwd`, `hook_event_name`,
//! `tool_name`/`tool_input`, `prompt`) and add `turn_id` and `model`. Codex parses answers
//! strictly: an unknown key voids the whole answer (and the call proceeds), a bare `allow` is
//! rejected, and `ask` is unsupported (the call would proceed). So allow prints nothing, deny
//! carries exactly `hookEventName`, `permissionDecision` and a non-empty reason, and a call that
//! needs approval is denied with a reason saying so: Codex cannot hold it for a human.

use serde_json::{json, Value};
use warden_core::{Outcome, Verdict};

use super::{
    claude_phase, parse_claude_shaped, str_field, AgentKind, HookAnswer, HookCall, HookError,
    HookProtocol, Phase,
};

pub struct Codex;

const AGENT: &str = "Codex";

impl HookProtocol for Codex {
    fn parse(&self, payload: Value) -> Result<HookCall, HookError> {
        let mut call = parse_claude_shaped(payload, AgentKind::Codex, AGENT, claude_phase)?;
        call.correlation.turn_id = str_field(&call.payload, "turn_id");
        if call.correlation.tool_use_id.is_none() {
            call.correlation.tool_use_id = str_field(&call.payload, "call_id");
        }
        if call.permission_mode.is_none() {
            call.permission_mode = str_field(&call.payload, "approval_policy");
        }
        Ok(call)
    }

    fn phase(&self, event: &str, _payload: &Value) -> Phase {
        claude_phase(event)
    }

    fn answer_to(&self, phase: Phase, _event_name: &str, verdict: &Verdict) -> HookAnswer {
        let pass = HookAnswer {
            body: json!({}),
            exit_code: 0,
            stderr: None,
        };
        match (phase, verdict.outcome) {
            (_, Outcome::Allow) => pass,
            (Phase::PreTool, outcome) => {
                let reason = match outcome {
                    Outcome::Ask => format!(
                        "needs approval, which Codex cannot wait for: {}",
                        verdict.reason
                    ),
                    _ => verdict.reason.clone(),
                };
                let reason = if reason.trim().is_empty() {
                    "denied by Warden policy".to_owned()
                } else {
                    reason
                };
                let body = json!({"hookSpecificOutput": {
                    "hookEventName": "PreToolUse",
                    "permissionDecision": "deny",
                    "permissionDecisionReason": reason,
                }});
                HookAnswer {
                    body,
                    exit_code: 0,
                    stderr: None,
                }
            }
            (Phase::Prompt, _) => self.deny_any(&verdict.reason),
            _ => pass,
        }
    }

    /// Claude Code's: exit 2 with the reason on stderr blocks both of Codex's gating events, and
    /// the JSON (the prompt's block) holds no key Codex would reject.
    fn deny_any(&self, reason: &str) -> HookAnswer {
        super::ClaudeCode.deny_any(reason)
    }
}
