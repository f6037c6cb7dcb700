//! `warden mcp wrap` with real peers: the Python `mcp` client through the wrapper against the
//! reference servers (`server-filesystem`, `server-everything`, npm), recording locally and
//! through a running gateway; stderr and exit status passed through; enforce-mode denials and
//! approval holds answered in MCP's own terms.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{warden, Gateway, BIN};
use warden_mcp_testpeer::peers;

fn client_check(peers: &peers::Peers, flags: &[&str], server: &[&str]) -> Value {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../warden-mcp-testpeer/py/client_check.py");
    let out = Command::new(&peers.python)
        .arg(&script)
        .args(flags)
        .arg("--")
        .args(server)
        .output()
        .expect("run the Python MCP client");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "client_check failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.lines().last().unwrap_or("")).expect("summary JSON")
}

fn events(data: &Path) -> Vec<Value> {
    let (code, out, err) = warden(
        &[
            "events",
            "--data",
            data.to_str().unwrap(),
            "--limit",
            "1000",
            "--json",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    out.lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn kinds(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn python_client_through_the_wrap_reaches_the_reference_servers_and_everything_is_recorded() {
    let peers = peers::load().expect("MCP test peers");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let files = dir.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(files.join("note.txt"), "hello from the workspace\n").unwrap();
    let node = peers.node.to_str().unwrap();

    // Direct, then wrapped: the client sees the same thing.
    let fs = peers.server_filesystem.to_str().unwrap();
    let note = files.join("note.txt");
    let direct = client_check(
        &peers,
        &["--read-file", note.to_str().unwrap()],
        &[node, fs, files.to_str().unwrap()],
    );
    let wrapped = client_check(
        &peers,
        &["--read-file", note.to_str().unwrap()],
        &[
            BIN,
            "mcp",
            "wrap",
            "--data",
            data.to_str().unwrap(),
            "--name",
            "fs",
            "--",
            node,
            fs,
            files.to_str().unwrap(),
        ],
    );
    assert_eq!(
        direct["steps"]["list_tools"],
        wrapped["steps"]["list_tools"]
    );
    assert_eq!(direct["steps"]["read_file"], wrapped["steps"]["read_file"]);

    let everything = peers.server_everything.to_str().unwrap();
    let summary = client_check(
        &peers,
        &["--echo", "--progress"],
        &[
            BIN,
            "mcp",
            "wrap",
            "--data",
            data.to_str().unwrap(),
            "--name",
            "everything",
            "--",
            node,
            everything,
        ],
    );
    assert_eq!(
        summary["steps"]["progress"]["notifications"], 4,
        "{summary}"
    );

    let all = events(&data);
    let k = kinds(&all);
    for kind in ["mcp_message", "tool_call", "decision", "tool_result"] {
        assert!(k.iter().any(|x| x == kind), "no {kind} in {k:?}");
    }
    let call = all
        .iter()
        .find(|e| e["kind"] == "tool_call" && e["body"]["name"] == "read_text_file")
        .expect("the read_text_file call is recorded");
    assert_eq!(call["source"], "mcp-stdio");
    assert_eq!(call["body"]["server"], "fs");
    let result = all
        .iter()
        .find(|e| e["kind"] == "tool_result" && e["correlation"]["parent_id"] == call["id"])
        .expect("the result is correlated to its call");
    assert!(result["body"]
        .to_string()
        .contains("hello from the workspace"));
    let progress = all
        .iter()
        .filter(|e| e["body"]["method"] == "notifications/progress")
        .count();
    assert_eq!(progress, 4, "every progress notification is recorded");
    // The listings were pinned.
    let (code, out, _) = warden(
        &["mcp", "pins", "--data", data.to_str().unwrap(), "--json"],
        None,
    );
    assert_eq!(code, 0);
    assert!(out.contains("\"server\":\"fs\"") && out.contains("read_text_file"));
}

#[test]
fn the_wrap_records_through_a_running_gateway() {
    let peers = peers::load().expect("MCP test peers");
    let dir = tempfile::tempdir().unwrap();
    let gw = Gateway::start(dir.path(), &[]);
    let node = peers.node.to_str().unwrap();
    let everything = peers.server_everything.to_str().unwrap();
    client_check(
        &peers,
        &["--echo"],
        &[
            BIN,
            "mcp",
            "wrap",
            "--gateway",
            &gw.url,
            "--name",
            "everything",
            "--",
            node,
            everything,
        ],
    );
    // Observe mode records off the agent's path: give the writer a moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let all = events(dir.path());
        if all.iter().any(|e| e["kind"] == "tool_result") {
            assert!(all
                .iter()
                .any(|e| e["kind"] == "tool_call" && e["body"]["name"] == "echo"));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the gateway never recorded the echo call"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(gw);
}

#[test]
fn stderr_and_exit_status_pass_through() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["mcp", "wrap", "--data"])
        .arg(dir.path())
        .args([
            "--name",
            "failing",
            "--",
            "sh",
            "-c",
            "echo from-the-server >&2; exit 7",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(String::from_utf8_lossy(&out.stderr).contains("from-the-server"));
}

/// A wrapped server driven line by line.
struct Wrapped {
    child: std::process::Child,
    out: BufReader<std::process::ChildStdout>,
}

impl Wrapped {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(BIN)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        Self { child, out }
    }

    fn send(&mut self, v: Value) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{v}").unwrap();
        stdin.flush().unwrap();
    }

    /// The next message with `id` (skipping notifications and logs).
    fn answer(&mut self, id: i64) -> Value {
        loop {
            let mut line = String::new();
            assert!(
                self.out.read_line(&mut line).unwrap() > 0,
                "the wrapper closed its output"
            );
            let v: Value = match serde_json::from_str(&line) {
                Ok(v) => v,
                Err(_) => continue,
            };
            if v["id"] == id {
                return v;
            }
        }
    }

    fn handshake(&mut self) {
        self.send(json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}));
        self.answer(1);
        self.send(json!({"jsonrpc":"2.0","method":"notifications/initialized"}));
        self.send(json!({"jsonrpc":"2.0","id":2,"method":"tools/list"}));
        self.answer(2);
    }
}

impl Drop for Wrapped {
    /// Ends the session as a client does: closes stdin and waits (the wrapper stops the server
    /// after a grace period and flushes its record).
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Default policies plus two test rules: `echo` is forbidden, `get-sum` needs approval.
fn policy_dir(root: &Path) -> std::path::PathBuf {
    let dir = root.join("policies");
    std::fs::create_dir_all(&dir).unwrap();
    let defaults = Path::new(env!("CARGO_MANIFEST_DIR")).join("../warden-policy/policies/default");
    for f in std::fs::read_dir(defaults).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.join("90-test.cedar"),
        r#"@id("test.no_echo")
@reason("Echo is not allowed in this test.")
forbid (principal, action, resource is Warden::Tool) when { resource.name == "mcp__everything__echo" };

@id("test.sum_needs_approval")
@obligation("approval")
@reason("Sums need a reviewer in this test.")
forbid (principal, action, resource is Warden::Tool) when { resource.name == "mcp__everything__get-sum" };
"#,
    )
    .unwrap();
    dir
}

#[test]
fn enforce_mode_denies_in_mcp_terms_and_holds_a_call_until_a_reviewer_approves_it_once() {
    let peers = peers::load().expect("MCP test peers");
    let dir = tempfile::tempdir().unwrap();
    let policies = policy_dir(dir.path());
    let config = dir.path().join("warden.toml");
    std::fs::write(&config, format!("[policy]\ndir = {:?}\n", policies)).unwrap();
    let data = dir.path().join("data");
    let gw = Gateway::start(
        &data,
        &["--mode", "enforce", "--config", config.to_str().unwrap()],
    );
    let node = peers.node.to_str().unwrap();
    let everything = peers.server_everything.to_str().unwrap();
    let mut w = Wrapped::start(&[
        "mcp",
        "wrap",
        "--gateway",
        &gw.url,
        "--name",
        "everything",
        "--",
        node,
        everything,
    ]);
    w.handshake();

    // Denied: a well-formed tool result flagged as an error, written by Warden.
    w.send(json!({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hi"}}}));
    let denied = w.answer(3);
    assert_eq!(denied["result"]["isError"], true, "{denied}");
    assert!(denied["result"]["content"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Echo is not allowed"));
    assert_eq!(
        denied["result"]["_meta"]["dev.warden/decision"]["outcome"],
        "deny"
    );

    // Allowed calls still flow while one is held.
    let http = reqwest::blocking::Client::new();
    w.send(json!({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get-sum","arguments":{"a":2,"b":3},"_meta":{"progressToken":"p4"}}}));
    let approval = {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let list: Value = http
                .get(format!("{}/v1/approvals", gw.url))
                .bearer_auth(gw.admin_token())
                .send()
                .unwrap()
                .json()
                .unwrap();
            if let Some(a) = list["approvals"].as_array().and_then(|a| a.first()) {
                break a.clone();
            }
            assert!(Instant::now() < deadline, "no approval request opened");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    assert_eq!(approval["state"], "pending");
    assert_eq!(approval["tool"], "mcp__everything__get-sum");
    let id = approval["id"].as_str().unwrap();
    let r = http
        .post(format!("{}/v1/approvals/{id}/approve", gw.url))
        .bearer_auth(gw.admin_token())
        .json(&json!({"reason": "small sum"}))
        .send()
        .unwrap();
    assert!(r.status().is_success());
    let answered = w.answer(4);
    assert!(
        answered["result"].to_string().contains('5'),
        "the approved call ran: {answered}"
    );

    // The approval was for one call: the same call again waits for a new one (deny it).
    w.send(json!({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get-sum","arguments":{"a":2,"b":3}}}));
    let second = {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let list: Value = http
                .get(format!("{}/v1/approvals", gw.url))
                .bearer_auth(gw.admin_token())
                .send()
                .unwrap()
                .json()
                .unwrap();
            if let Some(a) = list["approvals"]
                .as_array()
                .and_then(|a| a.iter().find(|a| a["state"] == "pending"))
            {
                break a.clone();
            }
            assert!(Instant::now() < deadline, "no second approval request");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let (code, _, err) = warden(
        &[
            "approvals",
            "deny",
            second["id"].as_str().unwrap(),
            "--reason",
            "once is enough",
            "--gateway",
            &gw.url,
            "--data",
            &gw.data.to_string_lossy(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let refused = w.answer(5);
    assert_eq!(refused["result"]["isError"], true);
    assert!(refused["result"]["content"][0]["text"]
        .as_str()
        .unwrap()
        .contains("once is enough"));
    drop(w);
    drop(gw);
}

#[test]
fn an_mcp_call_announced_by_a_hook_joins_the_hook_session_and_is_counted_once() {
    let peers = peers::load().expect("MCP test peers");
    let dir = tempfile::tempdir().unwrap();
    let gw = Gateway::start(dir.path(), &[]);
    let http = reqwest::blocking::Client::new();
    let session = "5f0c2d7e-1111-4c2b-9a51-0f7f3c1d2e3f";
    let args = json!({"message": "linked"});
    let hook = json!({
        "session_id": session, "transcript_path": "/tmp/t.jsonl", "cwd": "/tmp",
        "permission_mode": "default", "hook_event_name": "PreToolUse",
        "tool_name": "mcp__everything__echo", "tool_input": args, "tool_use_id": "toolu_1"
    });
    let r = http
        .post(format!("{}/v1/hooks/claude-code", gw.url))
        .json(&hook)
        .send()
        .unwrap();
    assert!(r.status().is_success());

    let node = peers.node.to_str().unwrap();
    let everything = peers.server_everything.to_str().unwrap();
    let mut w = Wrapped::start(&[
        "mcp",
        "wrap",
        "--gateway",
        &gw.url,
        "--name",
        "everything",
        "--",
        node,
        everything,
    ]);
    w.handshake();
    w.send(json!({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":args}}));
    assert!(w.answer(3)["result"].to_string().contains("linked"));
    drop(w);

    let deadline = Instant::now() + Duration::from_secs(10);
    let (hook_call, mcp_call) = loop {
        let all = events(dir.path());
        let calls: Vec<&Value> = all.iter().filter(|e| e["kind"] == "tool_call").collect();
        let hook_call = calls
            .iter()
            .find(|e| e["source"] == "hook")
            .cloned()
            .cloned();
        let mcp_call = calls
            .iter()
            .find(|e| e["source"] == "mcp-stdio")
            .cloned()
            .cloned();
        if let (Some(h), Some(m)) = (hook_call, mcp_call) {
            break (h, m);
        }
        assert!(Instant::now() < deadline, "both calls should be recorded");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(
        mcp_call["session_id"], session,
        "the MCP call joins the hook's session"
    );
    assert_eq!(mcp_call["correlation"]["parent_id"], hook_call["id"]);
    drop(gw);
}

#[test]
fn a_stdio_server_started_by_the_gateway_is_served_over_streamable_http() {
    let peers = peers::load().expect("MCP test peers");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("warden.toml");
    std::fs::write(
        &config,
        format!(
            "[mcp.upstreams.ev]\ncommand = [{:?}, {:?}]\n",
            peers.node.to_str().unwrap(),
            peers.server_everything.to_str().unwrap()
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    let gw = Gateway::start(&data, &["--config", config.to_str().unwrap()]);
    let http = reqwest::blocking::Client::new();
    let url = format!("{}/mcp/ev", gw.url);
    let post = |sid: Option<&str>, body: Value| {
        let mut r = http
            .post(&url)
            .header("accept", "application/json")
            .header("content-type", "application/json");
        if let Some(s) = sid {
            r = r.header("mcp-session-id", s);
        }
        r.body(body.to_string()).send().unwrap()
    };
    let init = post(
        None,
        json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}),
    );
    assert!(init.status().is_success());
    let sid = init.headers()["mcp-session-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let v: Value = init.json().unwrap();
    assert_eq!(v["result"]["serverInfo"]["name"], "mcp-servers/everything");
    assert_eq!(
        post(
            Some(&sid),
            json!({"jsonrpc":"2.0","method":"notifications/initialized"})
        )
        .status(),
        202
    );
    let listed: Value = post(
        Some(&sid),
        json!({"jsonrpc":"2.0","id":2,"method":"tools/list"}),
    )
    .json()
    .unwrap();
    assert!(listed["result"]["tools"].as_array().unwrap().len() > 5);
    let echoed: Value = post(Some(&sid), json!({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"message":"over http"}}})).json().unwrap();
    assert!(
        echoed["result"].to_string().contains("over http"),
        "{echoed}"
    );
    // Without a session after initialize: refused, not sent to some other session's process.
    assert_eq!(
        post(None, json!({"jsonrpc":"2.0","id":4,"method":"tools/list"})).status(),
        400
    );
    assert_eq!(
        http.delete(&url)
            .header("mcp-session-id", &sid)
            .send()
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        post(
            Some(&sid),
            json!({"jsonrpc":"2.0","id":5,"method":"tools/list"})
        )
        .status(),
        404
    );

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let all = events(&data);
        if all
            .iter()
            .any(|e| e["kind"] == "tool_result" && e["source"] == "mcp-http")
        {
            assert!(all
                .iter()
                .any(|e| e["kind"] == "tool_call" && e["body"]["name"] == "echo"));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the call over the stdio upstream was not recorded"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(gw);
}
