//! `warden replay FILE|DIR…`: replay labelled sessions against a running gateway, as the agent
//! would have sent them, and print every gating decision.
//!
//! Replay semantics (scenario format of the shared corpus): the session's task is declared
//! first; events go in order; when a `PreToolUse` is denied or sent to approval, the
//! `PostToolUse` with the same `tool_use_id` is skipped, since the tool never ran.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use serde_json::{json, Value};

use warden_gateway::eval::{scenario_files, Scenario};

use super::task::post;

pub struct ReplayOptions {
    pub paths: Vec<PathBuf>,
    pub gateway: String,
    pub json: bool,
    /// Send each hook through `warden hook claude-code` (the command form) instead of HTTP.
    pub command: bool,
}

/// One gating decision seen during a replay.
pub(crate) struct Decision {
    pub scenario: String,
    pub tool_use_id: String,
    pub tool: String,
    pub label: Option<String>,
    pub outcome: String,
    pub would_be: Option<String>,
    pub reason: String,
}

pub fn run(opts: ReplayOptions) -> Result<ExitCode, String> {
    let files = scenario_files(&opts.paths)?;
    let gateway = opts.gateway.trim_end_matches('/').to_owned();
    let mut decisions = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let scenario: Scenario = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a scenario: {e}", file.display()))?;
        decisions.extend(replay_one(&scenario, &gateway, opts.command)?);
    }
    let mut out = std::io::stdout().lock();
    for d in &decisions {
        if opts.json {
            let line = json!({"scenario": d.scenario, "tool_use_id": d.tool_use_id, "tool": d.tool, "label": d.label,
                              "outcome": d.outcome, "would_be": d.would_be, "reason": d.reason});
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
        } else {
            let effective = d
                .would_be
                .as_deref()
                .map(|w| format!("{} (would {w})", d.outcome))
                .unwrap_or_else(|| d.outcome.clone());
            writeln!(
                out,
                "{:<40} {:<24} {:<14} {:<22} {}",
                d.scenario,
                d.tool,
                d.label.as_deref().unwrap_or("-"),
                effective,
                d.reason
            )
            .map_err(|e| e.to_string())?;
        }
    }
    if !opts.json {
        summary(&decisions);
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(decisions: &[Decision]) {
    let stopped = |d: &Decision| d.would_be.as_deref().unwrap_or(&d.outcome) != "allow";
    let benign: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.label.as_deref() == Some("benign"))
        .collect();
    let risky: Vec<&Decision> = decisions
        .iter()
        .filter(|d| matches!(d.label.as_deref(), Some("risky" | "attack_effect")))
        .collect();
    println!(
        "\n{} gating decisions: benign allowed without asking {}/{}, risky or attack_effect stopped {}/{}",
        decisions.len(),
        benign.iter().filter(|d| !stopped(d)).count(),
        benign.len(),
        risky.iter().filter(|d| stopped(d)).count(),
        risky.len()
    );
}

pub(crate) fn replay_one(
    s: &Scenario,
    gateway: &str,
    command: bool,
) -> Result<Vec<Decision>, String> {
    let session = s
        .events
        .first()
        .and_then(|e| e.payload["session_id"].as_str())
        .unwrap_or(&s.id)
        .to_owned();
    if let Some(task) = &s.task {
        let mut body = task.clone();
        body["session_id"] = json!(session);
        if body.get("objective").is_none() {
            body["objective"] = json!(format!("scenario {}", s.id));
        }
        post(&format!("{gateway}/v1/tasks"), &body)?;
    }
    let mut skipped: HashSet<String> = HashSet::new();
    let mut decisions = Vec::new();
    for ev in &s.events {
        let p = &ev.payload;
        let event = p["hook_event_name"].as_str().unwrap_or("");
        let tool_use_id = p["tool_use_id"].as_str().unwrap_or("").to_owned();
        if event == "PostToolUse" && skipped.contains(&tool_use_id) {
            continue;
        }
        let (outcome, would_be, reason) = if command {
            send_command(p, gateway)?
        } else {
            send_http(p, gateway)?
        };
        if event == "PreToolUse" {
            if outcome != "allow" {
                skipped.insert(tool_use_id.clone());
            }
            decisions.push(Decision {
                scenario: s.id.clone(),
                tool_use_id,
                tool: p["tool_name"].as_str().unwrap_or("").to_owned(),
                label: ev.label.clone(),
                outcome,
                would_be,
                reason,
            });
        }
    }
    Ok(decisions)
}

/// (outcome, would_be, reason) from the gateway's envelope answer.
fn send_http(payload: &Value, gateway: &str) -> Result<(String, Option<String>, String), String> {
    let v = post(
        &format!("{gateway}/v1/hooks/claude-code?envelope=1"),
        payload,
    )?;
    let verdict = &v["verdict"];
    Ok((
        verdict["outcome"].as_str().unwrap_or("allow").to_owned(),
        verdict["would_be"].as_str().map(str::to_owned),
        verdict["reason"].as_str().unwrap_or("").to_owned(),
    ))
}

/// (outcome, would_be, reason) from running `warden hook claude-code`, read the way Claude Code
/// reads it: exit 2 blocks; otherwise `permissionDecision` in the JSON on stdout.
fn send_command(
    payload: &Value,
    gateway: &str,
) -> Result<(String, Option<String>, String), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .args(["hook", "claude-code", "--gateway", gateway])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run warden hook: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(payload.to_string().as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    if out.status.code() == Some(2) {
        return Ok(("deny".into(), None, stderr));
    }
    let body: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let specific = &body["hookSpecificOutput"];
    match specific["permissionDecision"].as_str() {
        Some(d) => Ok((
            d.to_owned(),
            None,
            specific["permissionDecisionReason"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
        )),
        None => Ok(("allow".into(), None, String::new())),
    }
}
