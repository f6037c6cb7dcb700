//! Gemini CLI hooks.
//!
//! Input: `session_id`, `transcript_path`, `cwd`, `hook_event_name`, `timestamp`, and per event
//! `tool_name`/`tool_input`/`tool_response` (`BeforeTool`/`AfterTool`) or `prompt`
//! (`BeforeAgent`). Output: `{"decision": "deny"|"ask", "reason": …}`; a command hook that
//! blocks exits 2 with the reason on stderr.

use serde_json::{json, Value};
use warden_core::{Outcome, Verdict};

use super::{parse_claude_shaped, AgentKind, HookAnswer, HookCall, HookError, HookProtocol, Phase};

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
        parse_claude_shaped(payload, AgentKind::Gemini, AGENT, phase)
    }

    fn phase(&self, event: &str, _payload: &Value) -> Phase {
        phase(event)
    }

    fn answer_to(&self, phase: Phase, _event_name: &str, verdict: &Verdict) -> HookAnswer {
        match (phase.is_gating(), verdict.outcome) {
            (false, _) | (_, Outcome::Allow) => HookAnswer {
                body: json!({}),
                exit_code: 0,
                stderr: None,
            },
            (true, Outcome::Ask) if phase == Phase::PreTool => HookAnswer {
                body: json!({"decision": "ask", "reason": verdict.reason}),
                exit_code: 0,
                stderr: None,
            },
            (true, _) => self.deny_any(&verdict.reason),
        }
    }

    /// Gemini CLI reads the same `decision: "deny"` (and exit 2) on every gating event.
    fn deny_any(&self, reason: &str) -> HookAnswer {
        HookAnswer {
            body: json!({"decision": "deny", "reason": reason}),
            exit_code: 2,
            stderr: Some(reason.to_owned()),
        }
    }
}
