//! Cursor hooks (`hooks.json`, version 1).
//!
//! Input: `conversation_id` (the session), `generation_id`, `hook_event_name`,
//! `workspace_roots`, and per event `command`/`cwd` (`beforeShellExecution`),
//! `tool_name`/`tool_input` and `url` or `command` (`beforeMCPExecution`), `file_path`/`content`
//! (`beforeReadFile`, `afterFileEdit`), `prompt` (`beforeSubmitPrompt`). Output:
//! `{"permission": "allow"|"deny"|"ask", "userMessage", "agentMessage"}`, and
//! `{"continue": false}` to stop a prompt.
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

fn phase(event: &str) -> Phase {
    match event {
        "beforeSubmitPrompt" => Phase::Prompt,
        "beforeShellExecution" | "beforeMCPExecution" | "beforeReadFile" => Phase::PreTool,
        "afterShellExecution" | "afterMCPExecution" | "afterFileEdit" => Phase::PostTool,
        "stop" => Phase::Stop,
        _ => Phase::Other,
    }
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
            let server = mcp_server(p);
            let input = match p.get("tool_input") {
                // Cursor sends the arguments as a JSON string; decode it when it is one.
                Some(Value::String(s)) => {
                    serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone()))
                }
                Some(v) => v.clone(),
                None => Value::Null,
            };
            (format!("mcp__{server}__{tool}"), input)
        }
        _ => return None,
    };
    let response = ["output", "result_json", "result"]
        .iter()
        .find_map(|k| p.get(*k).cloned());
    Some(ToolUse {
        name,
        input,
        response,
    })
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
        let session_id = session(&payload, "conversation_id", AGENT)?;
        let event_name = str_field(&payload, "hook_event_name")
            .ok_or(HookError::Missing("hook_event_name", AGENT))?;
        let phase = phase(&event_name);
        let tool = tool(&event_name, &payload);
        if phase == Phase::PreTool && tool.is_none() {
            return Err(HookError::Missing("tool_name", AGENT));
        }
        let correlation = Correlation {
            generation_id: str_field(&payload, "generation_id"),
            ..Default::default()
        };
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
            subagent: None,
            cwd,
            permission_mode: None,
            correlation,
            event_name,
            payload,
        })
    }

    fn answer(&self, call: &HookCall, verdict: &Verdict) -> HookAnswer {
        match call.phase {
            Phase::Prompt => {
                let go = verdict.outcome == Outcome::Allow;
                let mut body = json!({"continue": go});
                if !go {
                    body["userMessage"] = json!(verdict.reason);
                }
                HookAnswer {
                    body,
                    exit_code: 0,
                    stderr: None,
                }
            }
            Phase::PreTool => {
                let body = match verdict.outcome {
                    Outcome::Allow => json!({"permission": "allow"}),
                    outcome => json!({
                        "permission": outcome.as_str(),
                        "userMessage": verdict.reason,
                        "agentMessage": verdict.reason,
                    }),
                };
                HookAnswer {
                    body,
                    exit_code: 0,
                    stderr: None,
                }
            }
            _ => HookAnswer {
                body: json!({}),
                exit_code: 0,
                stderr: None,
            },
        }
    }
}
