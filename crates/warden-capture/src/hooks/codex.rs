//! OpenAI Codex CLI hooks.
//!
//! Codex's hook payloads follow the Claude Code shape (`session_id`, `cwd`, `hook_event_name`,
//! `tool_name`/`tool_input`, `prompt`) and add `turn_id`. The answer uses the same
//! `permissionDecision` / `decision: "block"` fields and exit code 2 for a block.

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
        Ok(HookCall {
            agent: AgentKind::Codex,
            phase,
            session_id,
            tool,
            prompt: str_field(&payload, "prompt"),
            subagent: None,
            cwd: str_field(&payload, "cwd"),
            permission_mode: str_field(&payload, "permission_mode")
                .or_else(|| str_field(&payload, "approval_policy")),
            correlation,
            event_name,
            payload,
        })
    }

    fn answer(&self, call: &HookCall, verdict: &Verdict) -> HookAnswer {
        match (call.phase, verdict.outcome) {
            (_, Outcome::Allow) => HookAnswer {
                body: json!({}),
                exit_code: 0,
                stderr: None,
            },
            (Phase::PreTool, outcome) => {
                let decision = if outcome == Outcome::Ask {
                    "ask"
                } else {
                    "deny"
                };
                let body = json!({"hookSpecificOutput": {
                    "hookEventName": call.event_name,
                    "permissionDecision": decision,
                    "permissionDecisionReason": verdict.reason,
                }});
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
            (Phase::Prompt, _) => HookAnswer {
                body: json!({"decision": "block", "reason": verdict.reason}),
                exit_code: 2,
                stderr: Some(verdict.reason.clone()),
            },
            _ => HookAnswer {
                body: json!({}),
                exit_code: 0,
                stderr: None,
            },
        }
    }
}
