//! OpenAI Codex CLI hooks.
//!
//! Codex's hook payloads follow the Claude Code shape (`session_id`, `cwd`, `hook_event_name`,
//! `tool_name`/`tool_input`, `prompt`) and add `turn_id` and `model`. Codex parses answers
//! strictly: an unknown key voids the whole answer (and the call proceeds), a bare `allow` is
//! rejected, and `ask` is unsupported (the call would proceed). So allow prints nothing, deny
//! carries exactly `hookEventName`, `permissionDecision` and a non-empty reason, and a call that
//! needs approval is denied with a reason saying so: Codex cannot hold it for a human.

use serde_json::{json, Value};
use warden_core::{Correlation, Outcome, Verdict};

use super::{
    session, str_field, AgentKind, HookAnswer, HookCall, HookError, HookProtocol, Phase, ToolUse,
};

pub struct Codex;

const AGENT: &str = "Codex";

fn phase(event: &str) -> Phase {
    match event {
        "SessionStart" => Phase::SessionStart,
        "SessionEnd" => Phase::SessionEnd,
        "UserPromptSubmit" => Phase::Prompt,
        "PreToolUse" => Phase::PreTool,
        "PostToolUse" => Phase::PostTool,
        "Stop" => Phase::Stop,
        "SubagentStart" => Phase::SubagentStart,
        "SubagentStop" => Phase::SubagentStop,
        "PreCompact" => Phase::Compact,
        "Notification" => Phase::Notification,
        _ => Phase::Other,
    }
}

impl HookProtocol for Codex {
    fn parse(&self, payload: Value) -> Result<HookCall, HookError> {
        if !payload.is_object() {
            return Err(HookError::NotAnObject);
        }
        let session_id = session(&payload, "session_id", AGENT)?;
        let event_name = str_field(&payload, "hook_event_name")
            .ok_or(HookError::Missing("hook_event_name", AGENT))?;
        let phase = phase(&event_name);
        let tool = str_field(&payload, "tool_name").map(|name| ToolUse {
            name,
            input: payload.get("tool_input").cloned().unwrap_or(Value::Null),
            response: payload.get("tool_response").cloned(),
        });
        if matches!(phase, Phase::PreTool | Phase::PostTool) && tool.is_none() {
            return Err(HookError::Missing("tool_name", AGENT));
        }
        let correlation = Correlation {
            turn_id: str_field(&payload, "turn_id"),
            tool_use_id: str_field(&payload, "tool_use_id")
                .or_else(|| str_field(&payload, "call_id")),
            ..Default::default()
        };
        let subagent = str_field(&payload, "agent_id").map(|id| super::Subagent {
            id,
            kind: str_field(&payload, "agent_type"),
        });
        Ok(HookCall {
            agent: AgentKind::Codex,
            phase,
            session_id,
            tool,
            prompt: str_field(&payload, "prompt"),
            subagent,
            cwd: str_field(&payload, "cwd"),
            permission_mode: str_field(&payload, "permission_mode")
                .or_else(|| str_field(&payload, "approval_policy")),
            correlation,
            event_name,
            payload,
        })
    }

    fn answer(&self, call: &HookCall, verdict: &Verdict) -> HookAnswer {
        let pass = HookAnswer {
            body: json!({}),
            exit_code: 0,
            stderr: None,
        };
        match (call.phase, verdict.outcome) {
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
            (Phase::Prompt, _) => HookAnswer {
                body: json!({"decision": "block", "reason": verdict.reason}),
                exit_code: 2,
                stderr: Some(verdict.reason.clone()),
            },
            _ => pass,
        }
    }
}
