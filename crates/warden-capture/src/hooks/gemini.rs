//! Gemini CLI hooks.
//!
//! Input: `session_id`, `transcript_path`, `cwd`, `hook_event_name`, `timestamp`, and per event
//! `tool_name`/`tool_input`/`tool_response` (`BeforeTool`/`AfterTool`) or `prompt`
//! (`BeforeAgent`). Output: `{"decision": "deny"|"ask", "reason": …}`; a command hook that
//! blocks exits 2 with the reason on stderr.

use serde_json::{json, Value};
use warden_core::{Correlation, Outcome, Verdict};

use super::{
    session, str_field, AgentKind, HookAnswer, HookCall, HookError, HookProtocol, Phase, ToolUse,
};

pub struct Gemini;

const AGENT: &str = "Gemini CLI";

fn phase(event: &str) -> Phase {
    match event {
        "SessionStart" => Phase::SessionStart,
        "SessionEnd" => Phase::SessionEnd,
        "BeforeAgent" => Phase::Prompt,
        "BeforeTool" => Phase::PreTool,
        "AfterTool" => Phase::PostTool,
        "AfterAgent" => Phase::Stop,
        "Notification" => Phase::Notification,
        "PreCompress" => Phase::Compact,
        _ => Phase::Other,
    }
}

impl HookProtocol for Gemini {
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
        Ok(HookCall {
            agent: AgentKind::Gemini,
            phase,
            session_id,
            tool,
            prompt: str_field(&payload, "prompt"),
            subagent: None,
            cwd: str_field(&payload, "cwd"),
            permission_mode: None,
            correlation: Correlation::default(),
            event_name,
            payload,
        })
    }

    fn answer(&self, call: &HookCall, verdict: &Verdict) -> HookAnswer {
        match (call.phase.is_gating(), verdict.outcome) {
            (false, _) | (_, Outcome::Allow) => HookAnswer {
                body: json!({}),
                exit_code: 0,
                stderr: None,
            },
            (true, Outcome::Ask) if call.phase == Phase::PreTool => HookAnswer {
                body: json!({"decision": "ask", "reason": verdict.reason}),
                exit_code: 0,
                stderr: None,
            },
            (true, _) => HookAnswer {
                body: json!({"decision": "deny", "reason": verdict.reason}),
                exit_code: 2,
                stderr: Some(verdict.reason.clone()),
            },
        }
    }
}
