//! Claude Code hooks (command and HTTP forms share the JSON).
//!
//! Input: `session_id`, `transcript_path`, `cwd`, `permission_mode`, `hook_event_name`, and per
//! event `prompt`, `tool_name`/`tool_input`/`tool_use_id`/`tool_response`, `prompt_id`, and
//! `agent_id`/`agent_type` inside subagents. Output: for `PreToolUse`,
//! `hookSpecificOutput.permissionDecision` (`deny` or `ask`, with a reason); for
//! `UserPromptSubmit`, `decision: "block"`. A command hook that blocks also exits 2 with the
//! reason on stderr, which Claude Code shows to the model.
//!
//! On allow Warden gives no decision at all: `permissionDecision: "allow"` would skip the
//! user's own permission prompts, and a monitor must never be the thing that widens an agent's
//! rights.

use serde_json::{json, Value};
use warden_core::{Outcome, Verdict};

use super::{
    claude_phase, parse_claude_shaped, str_field, AgentKind, HookAnswer, HookCall, HookError,
    HookProtocol, Phase,
};

pub struct ClaudeCode;

const AGENT: &str = "Claude Code";

impl HookProtocol for ClaudeCode {
    fn parse(&self, payload: Value) -> Result<HookCall, HookError> {
        let mut call = parse_claude_shaped(payload, AgentKind::ClaudeCode, AGENT, claude_phase)?;
        call.correlation.prompt_id = str_field(&call.payload, "prompt_id");
        Ok(call)
    }

    fn phase(&self, event: &str, _payload: &Value) -> Phase {
        claude_phase(event)
    }

    fn answer_to(&self, phase: Phase, event_name: &str, verdict: &Verdict) -> HookAnswer {
        let pass = HookAnswer {
            body: json!({}),
            exit_code: 0,
            stderr: None,
        };
        match (phase, verdict.outcome) {
            (_, Outcome::Allow) => pass,
            (Phase::PreTool, outcome) => {
                let decision = if outcome == Outcome::Ask {
                    "ask"
                } else {
                    "deny"
                };
                let body = json!({"hookSpecificOutput": {
                    "hookEventName": event_name,
                    "permissionDecision": decision,
                    "permissionDecisionReason": verdict.reason,
                }});
                // A command hook denies with exit 2 and the reason on stderr (understood by every
                // Claude Code version); "ask" only exists as JSON, which needs exit 0.
                match outcome {
                    Outcome::Ask => HookAnswer {
                        body,
                        exit_code: 0,
                        stderr: None,
                    },
                    _ => HookAnswer {
                        body,
                        exit_code: 2,
                        stderr: Some(verdict.reason.clone()),
                    },
                }
            }
            (Phase::Prompt, _) => self.deny_any(&verdict.reason),
            _ => pass,
        }
    }

    /// `decision: "block"` blocks a prompt and (its older form) a tool call; exit 2 with the
    /// reason on stderr blocks every gating event of a command hook.
    fn deny_any(&self, reason: &str) -> HookAnswer {
        HookAnswer {
            body: json!({"decision": "block", "reason": reason}),
            exit_code: 2,
            stderr: Some(reason.to_owned()),
        }
    }
}
