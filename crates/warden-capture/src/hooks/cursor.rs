//! Cursor hooks (`hooks.json`, version 1).
//!
//! Input: `conversation_id` (the session), `generation_id`, `hook_event_name`,
//! `workspace_roots`, and per event `command`/`cwd` (`beforeShellExecution`),
//! `tool_name`/`tool_input` and `url` or `command` (`beforeMCPExecution`), `file_path`/`content`
//! (`beforeReadFile`, `afterFileEdit`), `prompt` (`beforeSubmitPrompt`), `tool_name`/`tool_input`
//! (`preToolUse`). Output: `{"permission": "allow"|"deny"|"ask", "user_message",
//! "agent_message"}`, and `{"continue": false, "user_message"}` to stop a prompt.
//!
//! A shell command reaches both `preToolUse` (tool `Shell`) and `beforeShellExecution`, an MCP
//! call both `preToolUse` (`MCP:<tool>`) and `beforeMCPExecution`, a read both `preToolUse` and
//! `beforeReadFile`. Warden gates once, at the specific `before*` hook (which is also where
//! Cursor honours `ask`), and records the `preToolUse` twin as an observation. Where Cursor does
//! not enforce `ask` (`preToolUse`, `beforeReadFile`), approval-required is answered as deny.
//!
//! Tool calls are named in the normalized view as the other agents name them (`Bash`, `Read`,
//! `Edit`, `mcp__<server>__<tool>`), so one policy covers every agent; the body keeps Cursor's
//! own payload verbatim.

use serde_json::{json, Value};
use warden_core::{Correlation, Outcome, Verdict};

use super::{
    session, str_field, AgentKind, HookAnswer, HookCall, HookError, HookProtocol, Phase, ToolUse,
};

pub struct Cursor;

const AGENT: &str = "Cursor";

fn phase(event: &str, payload: &Value) -> Phase {
    match event {
        "sessionStart" => Phase::SessionStart,
        "sessionEnd" => Phase::SessionEnd,
        "beforeSubmitPrompt" => Phase::Prompt,
        "beforeShellExecution" | "beforeMCPExecution" | "beforeReadFile" => Phase::PreTool,
        "preToolUse" if has_specific_hook(payload) => Phase::Other,
        "preToolUse" => Phase::PreTool,
        "afterShellExecution" | "afterMCPExecution" | "afterFileEdit" | "postToolUse" => {
            Phase::PostTool
        }
        "postToolUseFailure" => Phase::ToolFailure,
        "subagentStart" => Phase::SubagentStart,
        "subagentStop" => Phase::SubagentStop,
        "preCompact" => Phase::Compact,
        "afterAgentResponse" => Phase::ModelOutput,
        "stop" => Phase::Stop,
        _ => Phase::Other,
    }
}

/// Whether a `preToolUse` has a specific `before*` twin where Warden gates it instead.
fn has_specific_hook(payload: &Value) -> bool {
    let tool = payload
        .get("tool_name")
        .and_then(Value::as_str)
        .unwrap_or("");
    tool == "Shell" || tool == "Read" || tool.starts_with("MCP:")
}

/// The normalized tool use of a Cursor event.
fn tool(event: &str, p: &Value) -> Option<ToolUse> {
    let get = |k: &str| p.get(k).cloned().unwrap_or(Value::Null);
    let (name, input) = match event {
        "beforeShellExecution" | "afterShellExecution" => (
            "Bash".to_owned(),
            json!({"command": get("command"), "cwd": get("cwd")}),
        ),
        "beforeReadFile" => ("Read".to_owned(), json!({"file_path": get("file_path")})),
        "afterFileEdit" => (
            "Edit".to_owned(),
            json!({"file_path": get("file_path"), "edits": get("edits")}),
        ),
        "beforeMCPExecution" | "afterMCPExecution" => {
            let tool = str_field(p, "tool_name")?;
            (
                format!("mcp__{}__{tool}", mcp_server(p)),
                json_arg(p.get("tool_input")),
            )
        }
        "preToolUse" | "postToolUse" | "postToolUseFailure" => {
            let name = str_field(p, "tool_name")?;
            let input = json_arg(p.get("tool_input"));
            if name == "Shell" {
                (
                    "Bash".to_owned(),
                    json!({"command": input.get("command").cloned().unwrap_or(Value::Null), "cwd": get("cwd")}),
                )
            } else if let Some(tool) = name.strip_prefix("MCP:") {
                (format!("mcp__cursor__{tool}"), input)
            } else {
                (name, input)
            }
        }
        _ => return None,
    };
    // `beforeReadFile` carries the file's content itself: once the read is allowed, that is
    // what the model gets, so it is the read's result.
    let result_keys: &[&str] = if event == "beforeReadFile" {
        &["content"]
    } else {
        &["output", "tool_output", "result_json", "error_message"]
    };
    let response = result_keys.iter().find_map(|k| p.get(*k).cloned());
    Some(ToolUse {
        name,
        input,
        response,
    })
}

/// Cursor sends some arguments as a JSON string; decode it when it is one.
fn json_arg(v: Option<&Value>) -> Value {
    match v {
        Some(Value::String(s)) => {
            serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone()))
        }
        Some(v) => v.clone(),
        None => Value::Null,
    }
}

/// A server name for an MCP call: the URL's host, or the command's program name.
fn mcp_server(p: &Value) -> String {
    let raw = str_field(p, "url")
        .and_then(|u| {
            u.split("://")
                .nth(1)
                .map(|r| r.split(['/', ':']).next().unwrap_or("").to_owned())
        })
        .or_else(|| {
            str_field(p, "command").map(|c| {
                let program = c.split_whitespace().next().unwrap_or("");
                program.rsplit('/').next().unwrap_or(program).to_owned()
            })
        })
        .unwrap_or_default();
    let clean: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if clean.is_empty() {
        "unknown".into()
    } else {
        clean
    }
}

impl HookProtocol for Cursor {
    fn parse(&self, payload: Value) -> Result<HookCall, HookError> {
        if !payload.is_object() {
            return Err(HookError::NotAnObject);
        }
        let key = if payload.get("conversation_id").is_some() {
            "conversation_id"
        } else {
            "session_id"
        };
        let session_id = session(&payload, key, AGENT)?;
        let event_name = str_field(&payload, "hook_event_name")
            .ok_or(HookError::Missing("hook_event_name", AGENT))?;
        let phase = phase(&event_name, &payload);
        let tool = tool(&event_name, &payload);
        if phase == Phase::PreTool && tool.is_none() {
            return Err(HookError::Missing("tool_name", AGENT));
        }
        let correlation = Correlation {
            generation_id: str_field(&payload, "generation_id"),
            tool_use_id: str_field(&payload, "tool_use_id"),
            ..Default::default()
        };
        let subagent = str_field(&payload, "subagent_id").map(|id| super::Subagent {
            id,
            kind: str_field(&payload, "subagent_type"),
        });
        let cwd = str_field(&payload, "cwd").or_else(|| {
            payload
                .get("workspace_roots")
                .and_then(|r| r.get(0))
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
        Ok(HookCall {
            agent: AgentKind::Cursor,
            phase,
            session_id,
            tool,
            prompt: str_field(&payload, "prompt"),
            subagent,
            cwd,
            permission_mode: None,
            correlation,
            event_name,
            payload,
        })
    }

    fn phase(&self, event: &str, payload: &Value) -> Phase {
        phase(event, payload)
    }

    fn answer_to(&self, phase: Phase, event_name: &str, verdict: &Verdict) -> HookAnswer {
        let body = match phase {
            Phase::Prompt if verdict.outcome == Outcome::Allow => json!({"continue": true}),
            Phase::Prompt => json!({"continue": false, "user_message": verdict.reason}),
            Phase::PreTool => {
                let honours_ask =
                    matches!(event_name, "beforeShellExecution" | "beforeMCPExecution");
                let permission = match verdict.outcome {
                    Outcome::Allow => "allow",
                    Outcome::Ask if honours_ask => "ask",
                    Outcome::Ask | Outcome::Deny => "deny",
                };
                if permission == "allow" {
                    json!({"permission": "allow"})
                } else {
                    json!({"permission": permission, "user_message": verdict.reason, "agent_message": verdict.reason})
                }
            }
            _ => json!({}),
        };
        HookAnswer {
            body,
            exit_code: 0,
            stderr: None,
        }
    }

    /// Cursor's tool hooks read `permission`, its prompt hook `continue`; each ignores the
    /// other's key, so the two together block whichever event it was.
    fn deny_any(&self, reason: &str) -> HookAnswer {
        HookAnswer {
            body: json!({"permission": "deny", "continue": false,
                "user_message": reason, "agent_message": reason}),
            exit_code: 0,
            stderr: None,
        }
    }
}
