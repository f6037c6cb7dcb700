//! Hostile input at every door of a running gateway: each gets a clear error (never a panic),
//! memory stays bounded, and nothing already recorded is lost (`warden verify` passes and the
//! events recorded before the barrage are all there).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod support;

struct Answer {
    status: u16,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
    fn error(&self) -> String {
        let v = self.json();
        v["error"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| v["error"]["message"].as_str().map(str::to_owned))
            .or_else(|| v["message"].as_str().map(str::to_owned))
            .unwrap_or_else(|| self.body.clone())
    }
}

fn send(
    http: &reqwest::blocking::Client,
    url: String,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Answer {
    let mut req = http.post(url).body(body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().expect("the gateway answers hostile input");
    Answer {
        status: resp.status().as_u16(),
        body: resp.text().unwrap_or_default(),
    }
}

/// A minimal MCP upstream (JSON responses) for the proxy, counting what reaches it.
fn upstream() -> (String, std::sync::Arc<std::sync::atomic::AtomicU64>) {
    use std::sync::atomic::{AtomicU64, Ordering};
    let hits = std::sync::Arc::new(AtomicU64::new(0));
    let counter = hits.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let app = axum::Router::new().route(
                "/mcp",
                axum::routing::post(move |body: bytes::Bytes| {
                    let counter = counter.clone();
                    async move {
                        counter.fetch_add(1, Ordering::Relaxed);
                        let id = serde_json::from_slice::<Value>(&body)
                            .ok()
                            .and_then(|v| v.get("id").cloned())
                            .unwrap_or(Value::Null);
                        axum::Json(json!({"jsonrpc": "2.0", "id": id,
                            "result": {"content": [{"type": "text", "text": "ran"}], "isError": false}}))
                    }
                }),
            );
            let _ = axum::serve(listener, app).await;
        });
    });
    (format!("http://{addr}/mcp"), hits)
}

fn mcp_headers(method: &'static str, name: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("content-type", "application/json"),
        ("accept", "application/json, text/event-stream"),
        ("mcp-protocol-version", "2026-07-28"),
        ("mcp-method", method),
        ("mcp-name", name),
    ]
}

#[test]
fn hostile_input_gets_clear_errors_and_loses_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let config = tmp.path().join("warden.toml");
    std::fs::write(
        &config,
        "[gateway]\nmax_body_bytes = 65536\ndecision_budget_ms = 500\nrequest_timeout_ms = 1500\nheader_timeout_ms = 1000\n[approvals]\nhook_wait_ms = 400\n",
    )
    .expect("config");
    let (upstream_url, upstream_hits) = upstream();
    let gw = support::Gateway::start(
        &data,
        &[
            "--mode",
            "enforce",
            "--config",
            &config.to_string_lossy(),
            "--mcp-upstream",
            &format!("srv={upstream_url}"),
        ],
    );
    let url = gw.url.clone();
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");

    // Recorded before the barrage: all of it must survive.
    let before = send(
        &http,
        format!("{url}/v1/events"),
        &[("content-type", "application/x-ndjson")],
        (0..20)
            .map(|i| {
                format!("{{\"kind\":\"prompt\",\"session_id\":\"keep\",\"body\":{{\"i\":{i}}}}}\n")
            })
            .collect::<String>()
            .into_bytes(),
    );
    assert_eq!(before.status, 200, "{}", before.body);
    let kept: Vec<String> = before.json()["ids"]
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    assert_eq!(kept.len(), 20);

    let ingest = |body: Vec<u8>| {
        send(
            &http,
            format!("{url}/v1/events"),
            &[("content-type", "application/json")],
            body,
        )
    };
    let mut tried = Vec::new();
    let mut expect = |what: &str, a: Answer, status: u16, says: &str| {
        assert_eq!(a.status, status, "{what}: {}", a.body);
        let e = a.error();
        assert!(
            e.to_lowercase().contains(&says.to_lowercase()),
            "{what}: the error should say {says:?}: {e}"
        );
        tried.push(what.to_owned());
    };

    // Ingest API.
    expect(
        "body over max_body_bytes",
        ingest(vec![b' '; 70_000]),
        413,
        "",
    );
    expect(
        "invalid UTF-8",
        ingest(
            b"{\"kind\":\"prompt\",\"session_id\":\"s\",\"body\":{\"p\":\"\xff\xfe\"}}".to_vec(),
        ),
        400,
        "",
    );
    expect(
        "truncated JSON",
        ingest(b"{\"kind\":\"prompt\",\"session_id\":".to_vec()),
        400,
        "",
    );
    expect(
        "nesting 10,000 deep",
        ingest(
            format!(
                "{{\"kind\":\"prompt\",\"session_id\":\"s\",\"body\":{}{}}}",
                "[".repeat(10_000),
                "]".repeat(10_000)
            )
            .into_bytes(),
        ),
        400,
        "recursion",
    );
    expect(
        "number beyond f64",
        ingest(b"{\"kind\":\"prompt\",\"session_id\":\"s\",\"body\":{\"n\":1e999}}".to_vec()),
        400,
        "number",
    );
    expect(
        "unknown kind",
        ingest(b"{\"kind\":\"rootkit\",\"session_id\":\"s\",\"body\":{}}".to_vec()),
        400,
        "kind",
    );
    expect(
        "JSON that is not an event",
        ingest(b"[1,2,3]".to_vec()),
        400,
        "",
    );
    expect("empty body", ingest(Vec::new()), 400, "");

    // Hooks.
    let hook = |body: Vec<u8>| {
        send(
            &http,
            format!("{url}/v1/hooks/claude-code"),
            &[("content-type", "application/json")],
            body,
        )
    };
    // Enforce mode answers an unreadable hook with Claude Code's own block (a 400 would be a
    // non-blocking error to it), with the reason; `hooks.rs` covers every agent and observe.
    let mut hooks_tried = Vec::new();
    for (what, body, says) in [
        ("hook: not JSON", b"PreToolUse please".to_vec(), "not JSON"),
        (
            "hook: invalid UTF-8",
            b"{\"session_id\":\"\xc3\x28\"}".to_vec(),
            "not JSON",
        ),
        (
            "hook: no event name",
            br#"{"session_id":"s","tool_name":"Bash"}"#.to_vec(),
            "hook_event_name",
        ),
        (
            "hook: wrong types",
            br#"{"session_id":7,"hook_event_name":["PreToolUse"],"tool_input":"ls"}"#.to_vec(),
            "session_id",
        ),
    ] {
        let a = hook(body);
        assert_eq!(a.status, 200, "{what}: {}", a.body);
        let v = a.json();
        assert_eq!(v["decision"], "block", "{what}: {}", a.body);
        let reason = v["reason"].as_str().unwrap_or_default();
        assert!(
            reason.contains("could not read") && reason.contains(says),
            "{what}: the reason should say {says:?}: {reason}"
        );
        hooks_tried.push(what);
    }
    expect(
        "hook: unknown agent",
        send(&http, format!("{url}/v1/hooks/skynet"), &[], b"{}".to_vec()),
        404,
        "known agents",
    );

    // OTLP.
    let otlp = |ct: &str, body: Vec<u8>| {
        send(
            &http,
            format!("{url}/v1/traces"),
            &[("content-type", ct)],
            body,
        )
    };
    expect(
        "OTLP: protobuf garbage",
        otlp(
            "application/x-protobuf",
            vec![0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x12],
        ),
        400,
        "",
    );
    expect(
        "OTLP: JSON garbage",
        otlp("application/json", b"{\"resourceSpans\":7}".to_vec()),
        400,
        "",
    );
    expect(
        "OTLP: unsupported content type",
        otlp("text/csv", b"a,b".to_vec()),
        415,
        "",
    );
    let bomb = {
        use std::io::Write as _;
        let mut enc = flate2_gzip();
        enc.write_all(&vec![0u8; 10 << 20]).expect("gzip");
        enc.finish().expect("gzip")
    };
    expect(
        "OTLP: gzip bomb (10 MiB of zeros)",
        send(
            &http,
            format!("{url}/v1/traces"),
            &[
                ("content-type", "application/x-protobuf"),
                ("content-encoding", "gzip"),
            ],
            bomb,
        ),
        413,
        "",
    );

    tried.extend(hooks_tried.into_iter().map(str::to_owned));

    // Forged tokens are refused, never attributed.
    let forged = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJzcGlmZmU6Ly93YXJkZW4ubG9jYWwvYWdlbnQvcm9vdCJ9.";
    let bearer = format!("Bearer {forged}");
    let a = send(
        &http,
        format!("{url}/v1/hooks/claude-code"),
        &[
            ("content-type", "application/json"),
            ("authorization", &bearer),
        ],
        serde_json::to_vec(
            &json!({"session_id": "forged", "hook_event_name": "PreToolUse",
            "tool_name": "Read", "tool_input": {"file_path": "/w/a"}, "tool_use_id": "f1"}),
        )
        .expect("json"),
    );
    let v = a.json();
    assert_eq!(
        v["hookSpecificOutput"]["permissionDecision"], "deny",
        "forged token: {}",
        a.body
    );
    let reason = v["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap_or_default();
    assert!(
        reason.contains("refused the presented task token"),
        "{reason}"
    );
    assert!(
        !reason.contains(forged),
        "the token is not echoed: {reason}"
    );
    tried.push("forged task token (alg none)".into());

    // MCP proxy: malformed envelopes, batches, duplicate keys, unreadable arguments.
    let mcp = |headers: Vec<(&str, &str)>, body: &str| {
        send(
            &http,
            format!("{url}/mcp/srv"),
            &headers,
            body.as_bytes().to_vec(),
        )
    };
    let hits_before = upstream_hits.load(std::sync::atomic::Ordering::Relaxed);
    let a = mcp(
        mcp_headers("tools/call", "run"),
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"",
    );
    assert_eq!(a.status, 400, "MCP: truncated envelope: {}", a.body);
    tried.push("MCP: truncated envelope".into());
    let a = mcp(
        mcp_headers("tools/call", "run"),
        r#"{"jsonrpc":"1.0","id":1,"method":"tools/call","params":{"name":"run"}}"#,
    );
    assert!(
        a.status == 400 || a.json()["error"].is_object(),
        "MCP: wrong jsonrpc version: {}",
        a.body
    );
    tried.push("MCP: wrong jsonrpc version".into());
    let a = mcp(
        mcp_headers("tools/call", "run"),
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","method":"tools/list","params":{"name":"run","arguments":{}}}"#,
    );
    assert!(
        a.status == 400 || a.json()["error"].is_object(),
        "MCP: duplicate keys: {}",
        a.body
    );
    tried.push("MCP: duplicate \"method\" keys".into());
    let a = mcp(
        mcp_headers("tools/call", "run"),
        r#"[{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"run","arguments":{}}},{"jsonrpc":"2.0","id":33,"method":"tools/call","params":{"name":"run","arguments":{"n":1e999}}}]"#,
    );
    // Each member is gated; one refused member keeps the whole batch from the upstream.
    assert!(
        a.body.contains("refused a message of this batch") || a.json()["error"].is_object(),
        "MCP: batch with one unreadable member: {}",
        a.body
    );
    tried.push("MCP: JSON-RPC batch".into());
    let a = mcp(
        mcp_headers("tools/call", "run"),
        r#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"run","arguments":{"command":"rm -rf /","pad":1e999},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"#,
    );
    let v = a.json();
    let msg = v["error"]["message"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| a.body.clone());
    assert!(
        v["error"].is_object() || v["result"]["isError"] == true,
        "MCP: unreadable arguments are not forwarded in enforce mode: {}",
        a.body
    );
    assert!(
        msg.contains("could not read this call's arguments")
            || a.body.contains("could not read this call's arguments"),
        "{}",
        a.body
    );
    tried.push("MCP: arguments with a number beyond f64".into());
    let deep = format!(
        r#"{{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{{"name":"run","arguments":{{"x":{}{}}},"_meta":{{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}}}}"#,
        "[".repeat(300),
        "]".repeat(300)
    );
    let a = mcp(mcp_headers("tools/call", "run"), &deep);
    assert!(
        a.body.contains("could not read this call's arguments"),
        "MCP: arguments nested 300 deep: {}",
        a.body
    );
    tried.push("MCP: arguments nested 300 deep".into());
    assert_eq!(
        upstream_hits.load(std::sync::atomic::Ordering::Relaxed),
        hits_before,
        "none of the hostile MCP messages reached the upstream"
    );

    // A body that trickles after complete headers is cut off (408).
    let mut s = TcpStream::connect(url.trim_start_matches("http://")).expect("connect");
    s.write_all(b"POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"kind\":")
        .expect("write");
    let started = Instant::now();
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut got = Vec::new();
    let mut buf = [0u8; 512];
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
        if got.windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
    }
    let head = String::from_utf8_lossy(&got);
    assert!(
        head.starts_with("HTTP/1.1 408") || head.starts_with("HTTP/1.1 413") || got.is_empty(),
        "a trickled body is cut off: {head}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    tried.push("slow body after complete headers".into());

    // Still healthy, nothing panicked, nothing recorded lost.
    let health = http.get(format!("{url}/healthz")).send().expect("healthz");
    assert!(health.status().is_success());
    let log = gw.log.lock().map(|l| l.clone()).unwrap_or_default();
    assert!(!log.contains("panicked"), "the gateway panicked:\n{log}");
    assert!(gw.stop().success());
    let (code, out, err) = support::warden(&["verify", "--data", &data.to_string_lossy()], None);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = support::warden(
        &[
            "events",
            "--data",
            &data.to_string_lossy(),
            "--session",
            "keep",
            "--json",
        ],
        None,
    );
    assert_eq!(code, 0);
    for id in &kept {
        assert!(
            out.contains(id.as_str()),
            "event {id} recorded before the barrage is still there"
        );
    }
    println!("hostile inputs tried: {}", tried.join("; "));
}

fn flate2_gzip() -> flate2::write::GzEncoder<Vec<u8>> {
    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast())
}
