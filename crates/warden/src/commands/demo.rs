//! `warden demo`: a populated gateway in under a minute, for someone who has never run Warden.
//!
//! It starts the real gateway (`warden serve`, enforce mode) on a fresh data directory, sends a
//! handful of bundled agent sessions — ordinary work and attacks — through the real capture
//! paths (the agent-hook endpoint, and MCP traffic through the gateway's Streamable HTTP proxy
//! to a stdio server it starts), leaves one high-risk call held for a human, and prints where
//! to look. Nothing is mocked: what the newcomer sees is what their agents would produce.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use warden_gateway::eval::Scenario;
use warden_store::DataDir;

use super::replay::replay_one;

/// The bundled sessions: (name, scenario JSON). Written for Warden's own corpus.
const SESSIONS: &[(&str, &str)] = &[
    (
        "benign-code-flaky-test-reruns-with-edits",
        include_str!("../../demo/benign-code-flaky-test-reruns-with-edits.json"),
    ),
    (
        "benign-mail-send-named-recipient",
        include_str!("../../demo/benign-mail-send-named-recipient.json"),
    ),
    (
        "exfil-dotenv-into-gist",
        include_str!("../../demo/exfil-dotenv-into-gist.json"),
    ),
    (
        "probe-base64-rm-after-deny",
        include_str!("../../demo/probe-base64-rm-after-deny.json"),
    ),
    (
        "scope-subagent-writes-readonly-task",
        include_str!("../../demo/scope-subagent-writes-readonly-task.json"),
    ),
];

/// The session whose last call (a transfer to an account named only in an e-mail) is held for
/// approval.
const HELD_SESSION: &str = include_str!("../../demo/injection-email-bank-details-change.json");

pub struct DemoOptions {
    pub listen: String,
    /// Keep the data here instead of a temporary directory removed on exit.
    pub data: Option<PathBuf>,
    /// Set everything up, print, and exit (stopping the gateway) instead of serving until ^C.
    pub exit: bool,
}

pub fn run(opts: DemoOptions) -> Result<ExitCode, String> {
    let tmp = tempfile::Builder::new()
        .prefix("warden-demo-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let data = opts.data.clone().unwrap_or_else(|| tmp.path().join("data"));
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the warden binary: {e}"))?;
    DataDir::open_or_init(&data, &demo_config(&exe)).map_err(|e| e.to_string())?;
    let (mut gateway, url) = start_gateway(&exe, &data, &opts.listen)?;
    let outcome = populate(&url);
    if let Err(e) = &outcome {
        let _ = gateway.kill();
        let _ = gateway.wait();
        return Err(format!("the demo could not populate the gateway: {e}"));
    }
    print_tour(&url, &data);
    if opts.exit {
        stop(&mut gateway);
        return Ok(ExitCode::SUCCESS);
    }
    println!("\nServing until you press Ctrl-C.");
    let status = gateway.wait().map_err(|e| e.to_string())?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The default configuration in enforce mode, with the demo's MCP server.
fn demo_config(exe: &Path) -> String {
    let exe = exe
        .display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    warden_gateway::DEFAULT_CONFIG.replacen("mode = \"observe\"", "mode = \"enforce\"", 1)
        + &format!(
            "\n[mcp.upstreams.demo-tools]\ncommand = [\"{exe}\", \"mcp\", \"echo-server\"]\n"
        )
}

fn start_gateway(exe: &Path, data: &Path, listen: &str) -> Result<(Child, String), String> {
    let mut child = Command::new(exe)
        .args(["serve", "--listen", listen, "--data"])
        .arg(data)
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start warden serve: {e}"))?;
    let stderr = child.stderr.take().ok_or("no stderr from warden serve")?;
    let mut lines = BufReader::new(stderr).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut log = Vec::new();
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(rest) = line.split("listening on ").nth(1) {
            let url = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            // Keep draining the gateway's log so it never blocks on a full pipe.
            std::thread::spawn(move || lines.by_ref().for_each(drop));
            return Ok((child, url));
        }
        log.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    Err(format!(
        "warden serve did not start listening on {listen} (is the port free?); its log:\n{}",
        log.join("\n")
    ))
}

fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let _ = child.wait();
}

/// Replays the sessions, drives MCP traffic, and leaves one call held.
fn populate(url: &str) -> Result<(), String> {
    for (name, text) in SESSIONS {
        let scenario: Scenario =
            serde_json::from_str(text).map_err(|e| format!("bundled session {name}: {e}"))?;
        let decisions = replay_one(&scenario, url, false)?;
        let stopped = decisions.iter().filter(|d| d.outcome != "allow").count();
        println!(
            "  session {name:<42} {} calls, {stopped} stopped",
            decisions.len()
        );
    }
    mcp_traffic(url)?;
    println!("  MCP: initialize, tools/list, tools/call through {url}/mcp/demo-tools");
    let mut held: Scenario = serde_json::from_str(HELD_SESSION).map_err(|e| e.to_string())?;
    // The session up to its held call now; the call itself, held for a reviewer; the rest
    // (Stop, SessionEnd) once a reviewer decided.
    let cut = held
        .events
        .iter()
        .rposition(|e| e.payload["hook_event_name"] == "PreToolUse")
        .ok_or("the held session has no tool call")?;
    let mut rest = held.events.split_off(cut).into_iter().map(|e| e.payload);
    let call = rest.next().ok_or("the held session has no tool call")?;
    let rest: Vec<Value> = rest.collect();
    let gateway = url.to_owned();
    std::thread::spawn(move || {
        let run = replay_one(&held, &gateway, false)
            .and_then(|_| run_held_call(&call, &gateway))
            .and_then(|_| {
                rest.iter()
                    .try_for_each(|p| send_hook(&gateway, p).map(drop))
            });
        if let Err(e) = run {
            eprintln!("\n[demo] the held session failed: {e}");
        }
    });
    std::thread::sleep(Duration::from_millis(1500));
    Ok(())
}

/// Sends the call that needs a reviewer; once the gateway's status endpoint says its approval
/// request was decided, retries it, as an agent told "retry once approved" does.
fn run_held_call(call: &Value, gateway: &str) -> Result<(), String> {
    let answer = send_hook(gateway, call)?;
    let Some(id) = answer["approval"]["id"].as_str() else {
        // Not held (a policy that no longer asks): the answer stands.
        print_answered(&answer);
        return Ok(());
    };
    let state = await_decision(gateway, id)?;
    if state == "pending" {
        return Ok(());
    }
    print_answered(&send_hook(gateway, call)?);
    Ok(())
}

/// Follows `GET /v1/approvals/{id}/status` (long-polled) until the request is no longer
/// pending or the demo's patience (the request's own 15-minute lifetime) runs out; returns its
/// last state.
fn await_decision(gateway: &str, id: &str) -> Result<String, String> {
    const POLL_SECS: u64 = 30;
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(POLL_SECS + 10))
        .build()
        .map_err(|e| e.to_string())?;
    let url = format!("{gateway}/v1/approvals/{id}/status?wait={POLL_SECS}");
    let deadline = Instant::now() + Duration::from_secs(16 * 60);
    let mut state = String::from("pending");
    while state == "pending" && Instant::now() < deadline {
        let status: Value = http
            .get(&url)
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .map_err(|e| format!("approval request {id}: {e}"))?;
        state = status["state"].as_str().unwrap_or("unknown").to_owned();
    }
    Ok(state)
}

fn print_answered(answer: &Value) {
    let verdict = &answer["verdict"];
    let outcome = verdict["outcome"].as_str().unwrap_or("?");
    let reason = verdict["reason"].as_str().unwrap_or_default();
    println!("\n[demo] the agent's held call was answered: {outcome} — {reason}");
}

fn send_hook(gateway: &str, payload: &Value) -> Result<Value, String> {
    super::task::post(
        &format!("{gateway}/v1/hooks/claude-code?envelope=1"),
        payload,
    )
}

/// One MCP session through the proxy, as a Streamable HTTP client does it.
fn mcp_traffic(url: &str) -> Result<(), String> {
    let http = reqwest::blocking::Client::new();
    let endpoint = format!("{url}/mcp/demo-tools");
    let send = |session: Option<&str>, body: Value| -> Result<(Option<String>, String), String> {
        let mut req = http
            .post(&endpoint)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .header("mcp-protocol-version", "2025-11-25")
            .body(body.to_string());
        if let Some(s) = session {
            req = req.header("mcp-session-id", s);
        }
        let resp = req.send().map_err(|e| format!("MCP proxy: {e}"))?;
        let status = resp.status();
        let sid = resp
            .headers()
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = resp.text().map_err(|e| e.to_string())?;
        if !status.is_success() {
            return Err(format!("MCP proxy answered {status}: {text}"));
        }
        Ok((sid, text))
    };
    let (sid, _) = send(
        None,
        json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{
        "protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"warden-demo","version":"1"}}}),
    )?;
    let sid = sid.as_deref();
    send(
        sid,
        json!({"jsonrpc":"2.0","method":"notifications/initialized"}),
    )?;
    send(sid, json!({"jsonrpc":"2.0","id":2,"method":"tools/list"}))?;
    send(
        sid,
        json!({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"lookup","arguments":{"q":"release notes"}}}),
    )?;
    Ok(())
}

fn print_tour(url: &str, data: &Path) {
    let d = data.display();
    let token = std::fs::read_to_string(data.join("review-admin.token"))
        .map(|t| t.trim().to_owned())
        .unwrap_or_else(|_| "(see the gateway's first-start message)".into());
    println!(
        "\nWarden demo is up at {url} (enforce mode), data in {d}\n\
         \n  web UI           {url}/ui/  — sign in with the admin token {token}\
         \n  held call        a bank transfer to an account named only in an e-mail waits for you:\
         \n                   approve or deny it in the UI, or\
         \n                   warden approvals list --gateway {url} --data {d}\
         \n  sessions         warden sessions --data {d}\
         \n  alerts           warden alerts --data {d}\
         \n  incident report  warden report --data {d} --session <SESSION>\
         \n  integrity        warden verify --data {d}"
    );
}
