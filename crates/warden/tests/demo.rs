//! `warden demo` populates a real gateway: sessions through the hook endpoint, MCP traffic
//! through the proxy, alerts, a held call; the record it leaves verifies.

mod support;

use support::warden;

#[test]
fn demo_populates_a_real_gateway_and_leaves_a_verifiable_record() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let d = data.to_str().expect("utf-8");
    let (code, stdout, stderr) = warden(
        &["demo", "--listen", "127.0.0.1:0", "--data", d, "--exit"],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("Warden demo is up at http://127.0.0.1:"),
        "{stdout}"
    );
    assert!(stdout.contains("/ui/"), "{stdout}");

    let (code, sessions, _) = warden(&["sessions", "--data", d, "--json"], None);
    assert_eq!(code, 0);
    assert!(
        sessions.lines().count() >= 7,
        "six hook sessions and an MCP session: {sessions}"
    );
    let (code, alerts, _) = warden(&["alerts", "--data", d, "--json"], None);
    assert_eq!(code, 0);
    for rule in [
        "exfil.sensitive_to_egress",
        "probe.retry_after_deny",
        "scope.out_of_scope",
    ] {
        assert!(alerts.contains(rule), "the attacks raise {rule}: {alerts}");
    }
    let (code, mcp, _) = warden(
        &["events", "--data", d, "--kind", "tool_call", "--json"],
        None,
    );
    assert_eq!(code, 0);
    assert!(
        mcp.contains("\"mcp-http\""),
        "MCP calls recorded from the proxy"
    );
    let (code, approvals, _) = warden(
        &["events", "--data", d, "--kind", "approval", "--json"],
        None,
    );
    assert_eq!(code, 0);
    assert!(
        approvals.contains("mcp__bank__create_transfer"),
        "the transfer is held for a reviewer: {approvals}"
    );
    assert!(
        stdout.contains("wrv_"),
        "the tour says how to sign in: {stdout}"
    );
    let (code, out, err) = warden(&["verify", "--data", d], None);
    assert_eq!(code, 0, "{out}{err}");
}

/// Served (no `--exit`), the demo's held call waits on its approval request at the gateway's
/// status endpoint; once a reviewer approves it, the demo's agent retries it and it runs.
#[test]
fn the_demo_retries_its_held_call_once_a_reviewer_approves_it() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::CommandExt as _;
    use std::process::{Command, Stdio};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let mut demo = Command::new(support::BIN)
        .args(["demo", "--listen", "127.0.0.1:0", "--data"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        // Its own process group: the demo and the gateway it started are stopped together.
        .process_group(0)
        .spawn()
        .expect("spawn warden demo");
    let group = demo.id();
    let stop = || {
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{group}")])
            .status();
    };
    let (lines_tx, lines) = mpsc::channel::<String>();
    let stdout = demo.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let mut wait_for = |what: &str, secs: u64| -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let line = lines.recv_timeout(left).ok()?;
            seen.push_str(&line);
            seen.push('\n');
            if line.contains(what) {
                return Some(line);
            }
        }
        None
    };
    let Some(up) = wait_for("Warden demo is up at ", 120) else {
        stop();
        panic!("the demo did not come up");
    };
    let url = up
        .split("up at ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("url")
        .to_owned();
    let token = std::fs::read_to_string(data.join("review-admin.token")).expect("admin token");
    let http = reqwest::blocking::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let pending = loop {
        let list: serde_json::Value = http
            .get(format!("{url}/v1/approvals"))
            .bearer_auth(token.trim())
            .send()
            .and_then(|r| r.json())
            .expect("approvals list");
        let found = list["approvals"].as_array().and_then(|a| {
            a.iter()
                .find(|r| r["state"] == "pending" && r["tool"] == "mcp__bank__create_transfer")
                .and_then(|r| r["id"].as_str().map(str::to_owned))
        });
        match found {
            Some(id) => break id,
            None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(300)),
            None => {
                stop();
                panic!("no pending approval request: {list}");
            }
        }
    };
    let approved = http
        .post(format!("{url}/v1/approvals/{pending}/approve"))
        .bearer_auth(token.trim())
        .json(&serde_json::json!({"reason": "checked the account with the customer"}))
        .send()
        .expect("approve");
    let status = approved.status();
    let answered = wait_for("[demo] the agent's held call was answered", 90);
    stop();
    let _ = demo.wait();
    assert!(
        status.is_success(),
        "approve: {}",
        approved.text().unwrap_or_default()
    );
    let answered = answered.unwrap_or_else(|| panic!("the demo never retried its call:\n{seen}"));
    assert!(
        answered.contains("answered: allow") && answered.contains("checked the account"),
        "the approved call runs: {answered}"
    );
}
