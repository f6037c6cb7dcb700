//! Secrets planted through every capture path never reach the record raw: not the database,
//! its WAL, the checkpoint files, the gateway's log, nor an export; and every one is found by
//! its reference (`warden hash` → `warden events --ref`).

mod support;

use serde_json::json;
use support::{warden, Gateway};

/// A small deterministic generator, so the fakes look random but every run plants the same.
struct Fake(u64);

impl Fake {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick(&mut self, alphabet: &str, n: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        (0..n)
            .map(|_| chars[(self.next() % chars.len() as u64) as usize])
            .collect()
    }
    fn alnum(&mut self, n: usize) -> String {
        self.pick(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            n,
        )
    }
    fn upper(&mut self, n: usize) -> String {
        self.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n)
    }
    fn hex(&mut self, n: usize) -> String {
        self.pick("0123456789abcdef", n)
    }
    fn url(&mut self, n: usize) -> String {
        self.pick(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
            n,
        )
    }
    fn digits(&mut self, n: usize) -> String {
        self.pick("0123456789", n)
    }
}

/// (context before, secret, context after): how each appears in agent traffic.
fn planted() -> Vec<(String, String, String)> {
    let mut r = Fake(0x5eed_1234_abcd_0042);
    let mut v: Vec<(String, String, String)> = Vec::new();
    let mut add =
        |pre: &str, secret: String, post: &str| v.push((pre.to_owned(), secret, post.to_owned()));
    for _ in 0..2 {
        add("aws_access_key_id = ", format!("AKIA{}", r.upper(16)), "\n");
        add(
            "export AWS_SESSION_KEY=",
            format!("ASIA{}", r.upper(16)),
            "\n",
        );
        add(
            "git clone https://",
            format!("ghp_{}", r.alnum(36)),
            "@github.com/acme/app.git",
        );
        add(
            "GITHUB_TOKEN=",
            format!("github_pat_{}_{}", r.alnum(22), r.alnum(59)),
            "\n",
        );
        add("PRIVATE-TOKEN: ", format!("glpat-{}", r.url(20)), "\n");
        add(
            "SLACK_BOT_TOKEN=",
            format!("xoxb-{}-{}-{}", r.digits(11), r.digits(13), r.alnum(24)),
            "\n",
        );
        add(
            "Stripe.api_key = '",
            format!("{}{}", "sk_live_", r.alnum(99)),
            "'",
        );
        add(
            "STRIPE_SECRET_KEY=",
            format!("{}{}", "sk_test_", r.alnum(24)),
            "\n",
        );
        add("OPENAI_API_KEY=", format!("sk-proj-{}", r.url(156)), "\n");
        add("x-api-key: ", format!("sk-ant-api03-{}AA", r.url(93)), "\n");
        add(
            "huggingface-cli login --token ",
            format!(
                "hf_{}",
                r.pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34)
            ),
            "",
        );
        add("GROQ_API_KEY=", format!("gsk_{}", r.alnum(52)), "\n");
        add(
            "//registry.npmjs.org/:_authToken=",
            format!("npm_{}", r.alnum(36)),
            "\n",
        );
        add(
            "SENDGRID_API_KEY=",
            format!("SG.{}.{}", r.url(22), r.url(43)),
            "\n",
        );
        add(
            "const cfg = { apiKey: \"",
            format!("AIza{}", r.url(35)),
            "\" };",
        );
        add("VAULT_TOKEN=", format!("hvs.{}", r.url(90)), "\n");
        add("DIGITALOCEAN_TOKEN=", format!("dop_v1_{}", r.hex(64)), "\n");
        add(
            "DATABASE_URL=postgres://app:",
            format!("{}Q7", r.alnum(18)),
            "@db.internal:5432/app",
        );
        add(
            "X-Shopify-Access-Token: ",
            format!("shpat_{}", r.hex(32)),
            "\n",
        );
        add(
            "echo ",
            format!("dckr_pat_{}", r.url(27)),
            " | docker login -u bot --password-stdin",
        );
        add("DATABRICKS_TOKEN=", format!("dapi{}", r.hex(32)), "\n");
        add("SUPABASE_ACCESS_TOKEN=", format!("sbp_{}", r.hex(40)), "\n");
        add("TWILIO_API_KEY=", format!("SK{}", r.hex(32)), "\n");
        add(
            "STRIPE_WEBHOOK_SECRET=",
            format!("whsec_{}", r.alnum(32)),
            "\n",
        );
        add(
            "OPENROUTER_API_KEY=",
            format!("sk-or-v1-{}", r.hex(64)),
            "\n",
        );
        add(
            "Authorization: Bearer ",
            format!("ya29.{}", r.url(150)),
            "\n",
        );
        add("PULUMI_ACCESS_TOKEN=", format!("pul-{}", r.hex(40)), "\n");
        add("DOPPLER_TOKEN=", format!("dp.st.{}", r.alnum(43)), "\n");
    }
    v
}

#[test]
fn planted_secrets_are_never_stored_raw_and_are_found_by_reference() {
    let secrets = planted();
    assert!(secrets.len() >= 50);
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let gw = Gateway::start(&data, &[]);
    let http = reqwest::blocking::Client::new();
    let hook = |payload: serde_json::Value| {
        let resp = http
            .post(format!("{}/v1/hooks/claude-code", gw.url))
            .json(&payload)
            .send()
            .expect("post");
        assert_eq!(resp.status(), 200);
    };
    for (i, (pre, secret, post)) in secrets.iter().enumerate() {
        let text = format!("{pre}{secret}{post}");
        let session = format!("plant-{}", i % 5);
        let tool_use_id = format!("toolu_{i:04}");
        match i % 4 {
            0 => hook(
                json!({"session_id": session, "hook_event_name": "UserPromptSubmit", "prompt": format!("use this: {text}")}),
            ),
            1 => hook(
                json!({"session_id": session, "hook_event_name": "PreToolUse", "tool_name": "Bash",
                             "tool_input": {"command": format!("printf '%s' '{text}' > /tmp/x")}, "tool_use_id": tool_use_id}),
            ),
            2 => hook(
                json!({"session_id": session, "hook_event_name": "PostToolUse", "tool_name": "Read",
                             "tool_input": {"file_path": "/home/dev/app/.env"}, "tool_use_id": tool_use_id,
                             "tool_response": {"content": [{"type": "text", "text": text}]}}),
            ),
            _ => {
                let resp = http
                    .post(format!("{}/v1/events", gw.url))
                    .json(&json!({"kind": "tool_result", "session_id": session, "body": {"tool_name": "fetch", "output": text}}))
                    .send()
                    .expect("post");
                assert_eq!(resp.status(), 200);
            }
        }
    }
    let log = gw.log.clone();
    gw.stop();

    let export = tmp.path().join("export.jsonl");
    let (code, _, err) = warden(
        &[
            "export",
            "--format",
            "jsonl",
            "--data",
            &data.to_string_lossy(),
            "-o",
            &export.to_string_lossy(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let mut haystacks: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in walk(&data) {
        haystacks.push((
            entry.display().to_string(),
            std::fs::read(&entry).expect("read"),
        ));
    }
    haystacks.push(("export".into(), std::fs::read(&export).expect("export")));
    haystacks.push((
        "gateway log".into(),
        log.lock().expect("log").clone().into_bytes(),
    ));
    for (_, secret, _) in &secrets {
        for (name, bytes) in &haystacks {
            assert!(
                memchr::memmem::find(bytes, secret.as_bytes()).is_none(),
                "a planted secret ({}…) is raw in {name}",
                &secret[..8]
            );
        }
    }
    let data_arg = data.to_string_lossy().into_owned();
    for (_, secret, _) in &secrets {
        let (code, reference, err) = warden(&["hash", "-", "--data", &data_arg], Some(secret));
        assert_eq!(code, 0, "{err}");
        let reference = reference.lines().next().expect("a reference").to_owned();
        let (code, out, err) = warden(
            &["events", "--ref", &reference, "--data", &data_arg, "--json"],
            None,
        );
        assert_eq!(code, 0, "{err}");
        assert!(
            out.lines().count() >= 1,
            "the secret {}… is not found by its reference",
            &secret[..8]
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Every source: hooks, the ingest API, MCP stdio (`warden mcp wrap`), the MCP Streamable HTTP
// proxy, the model API proxy (OpenAI and Anthropic shapes) and the OTLP receiver.

/// The stand-in upstream for the MCP HTTP proxy (`/mcp`) and the model API proxy
/// (`/openai/v1/…`, `/anthropic/v1/…`). Its answers carry planted secrets too: a tool result
/// holds the next text after the one in the arguments, a model output the one after that.
struct Upstream {
    _rt: tokio::runtime::Runtime,
    url: String,
}

impl Upstream {
    fn start(texts: Vec<String>) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let texts = std::sync::Arc::new(texts);
        let app = axum::Router::new()
            .route("/mcp", axum::routing::any(mcp_upstream))
            .route("/openai/v1/{*rest}", axum::routing::post(model_upstream))
            .route("/anthropic/v1/{*rest}", axum::routing::post(model_upstream))
            .with_state(texts);
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        rt.spawn(async move { axum::serve(listener, app).await });
        Self {
            _rt: rt,
            url: format!("http://{addr}"),
        }
    }
}

type Texts = axum::extract::State<std::sync::Arc<Vec<String>>>;

/// The index a request names (`"i"` in tool arguments, `"model": "fake-<i>"`).
fn index_of(v: &serde_json::Value) -> usize {
    let i = v["params"]["arguments"]["i"]
        .as_u64()
        .or_else(|| {
            v["model"]
                .as_str()
                .and_then(|m| m.strip_prefix("fake-"))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0);
    i as usize
}

async fn mcp_upstream(
    axum::extract::State(texts): Texts,
    body: bytes::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let Some(id) = v.get("id").cloned() else {
        return axum::http::StatusCode::ACCEPTED.into_response();
    };
    let result = match v["method"].as_str().unwrap_or("") {
        "initialize" => json!({"protocolVersion": "2025-11-25", "capabilities": {"tools": {}},
                               "serverInfo": {"name": "vault-tools", "version": "1"}}),
        "tools/list" => json!({"tools": [{"name": "echo", "description": "Echo the input",
                                          "inputSchema": {"type": "object"}}]}),
        "tools/call" => {
            let next = &texts[(index_of(&v) + 1) % texts.len()];
            json!({"content": [{"type": "text", "text": format!("found in config: {next}")}], "isError": false})
        }
        _ => json!({}),
    };
    axum::Json(json!({"jsonrpc": "2.0", "id": id, "result": result})).into_response()
}

async fn model_upstream(
    axum::extract::State(texts): Texts,
    uri: axum::http::Uri,
    body: bytes::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let i = index_of(&v);
    let out = format!(
        "Here is the value you asked for:\n{}",
        texts[(i + 2) % texts.len()]
    );
    let model = v["model"].clone();
    let answer = if uri.path().starts_with("/anthropic/") {
        json!({"id": format!("msg_{i:04}"), "type": "message", "role": "assistant", "model": model,
               "content": [{"type": "text", "text": out}], "stop_reason": "end_turn",
               "stop_sequence": null, "usage": {"input_tokens": 20, "output_tokens": 30}})
    } else {
        json!({"id": format!("chatcmpl-{i:04}"), "object": "chat.completion", "created": 1763702400,
               "model": model, "choices": [{"index": 0, "finish_reason": "stop",
               "message": {"role": "assistant", "content": out}}],
               "usage": {"prompt_tokens": 20, "completion_tokens": 30, "total_tokens": 50}})
    };
    axum::Json(answer).into_response()
}

const EVERY_SOURCE: [&str; 6] = ["hook", "api", "mcp-stdio", "mcp-http", "llm", "otlp"];

#[test]
fn planted_secrets_through_every_source_are_never_stored_raw_and_are_found_by_reference() {
    use std::io::{BufRead as _, Write as _};
    let started = std::time::Instant::now();
    let peers = warden_mcp_testpeer::peers::load().expect("MCP test peers (scripts/peers.sh)");
    let secrets = planted();
    assert!(secrets.len() >= 50);
    let texts: Vec<String> = secrets
        .iter()
        .map(|(pre, s, post)| format!("{pre}{s}{post}"))
        .collect();
    let n = texts.len();
    let upstream = Upstream::start(texts.clone());
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let config = tmp.path().join("warden.toml");
    std::fs::write(
        &config,
        format!(
            "[mcp.upstreams.vault]\nurl = \"{u}/mcp\"\n\n[llm]\nopenai_base_url = \"{u}/openai/v1\"\nanthropic_base_url = \"{u}/anthropic/v1\"\n",
            u = upstream.url
        ),
    )
    .expect("config");
    let gw = Gateway::start(&data, &["--config", &config.to_string_lossy()]);
    let http = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");
    let ok = |resp: reqwest::blocking::Response, what: &str| {
        let status = resp.status();
        assert!(status.is_success(), "{what}: {status}");
        resp.bytes().expect("body")
    };

    // The reviewer API gives the references `warden hash` will print.
    let mut references = Vec::new();
    for s in &secrets {
        let resp = http
            .post(format!("{}/v1/hash", gw.url))
            .bearer_auth(gw.admin_token())
            .json(&json!({"value": s.1}))
            .send()
            .expect("hash");
        let v: serde_json::Value = serde_json::from_slice(&ok(resp, "hash")).expect("json");
        references.push(v["reference"].as_str().expect("reference").to_owned());
    }

    // MCP stdio: the wrapper in front of the reference `server-everything`, through this
    // gateway; `echo` returns the message, so each secret is in the arguments and the result.
    let wrap_log = tmp.path().join("wrap.stderr");
    let mut wrap = std::process::Command::new(support::BIN)
        .args([
            "mcp",
            "wrap",
            "--gateway",
            &gw.url,
            "--name",
            "everything",
            "--",
        ])
        .arg(&peers.node)
        .arg(&peers.server_everything)
        .env("WARDEN_LOG", "info")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(&wrap_log).expect("wrap log"))
        .spawn()
        .expect("warden mcp wrap");
    let mut wrap_in = wrap.stdin.take().expect("stdin");
    let mut wrap_out = std::io::BufReader::new(wrap.stdout.take().expect("stdout"));
    let mut rpc = |msg: serde_json::Value| -> Option<serde_json::Value> {
        writeln!(wrap_in, "{msg}").expect("write");
        wrap_in.flush().expect("flush");
        let id = msg.get("id")?.clone();
        loop {
            let mut line = String::new();
            assert!(
                wrap_out.read_line(&mut line).expect("read") > 0,
                "the wrapper closed"
            );
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                if v["id"] == id {
                    return Some(v);
                }
            }
        }
    };
    rpc(
        json!({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}),
    );
    rpc(json!({"jsonrpc":"2.0","method":"notifications/initialized"}));
    rpc(json!({"jsonrpc":"2.0","id":1,"method":"tools/list"}));
    for (i, text) in texts.iter().enumerate() {
        let answer = rpc(json!({"jsonrpc":"2.0","id":i + 2,"method":"tools/call",
                                "params":{"name":"echo","arguments":{"message": text}}}))
        .expect("answer");
        assert!(answer["result"].to_string().contains("Echo"), "{answer}");
    }

    for (i, text) in texts.iter().enumerate() {
        let session = format!("plant-every-{}", i % 5);
        // Hooks: a prompt, a tool's input and its output.
        let hooks = [
            json!({"session_id": session, "hook_event_name": "UserPromptSubmit", "prompt": format!("use this: {text}")}),
            json!({"session_id": session, "hook_event_name": "PreToolUse", "tool_name": "Bash",
                   "tool_input": {"command": format!("printf '%s' '{text}' > /tmp/x")}, "tool_use_id": format!("toolu_e{i:04}")}),
            json!({"session_id": session, "hook_event_name": "PostToolUse", "tool_name": "Read",
                   "tool_input": {"file_path": "/home/dev/app/.env"}, "tool_use_id": format!("toolu_e{i:04}"),
                   "tool_response": {"content": [{"type": "text", "text": text}]}}),
        ];
        for hook in hooks {
            let resp = http
                .post(format!("{}/v1/hooks/claude-code", gw.url))
                .json(&hook)
                .send()
                .expect("hook");
            ok(resp, "hook");
        }
        // The ingest API.
        let resp = http
            .post(format!("{}/v1/events", gw.url))
            .json(&json!({"kind": "tool_result", "session_id": session, "body": {"tool_name": "fetch", "output": text}}))
            .send()
            .expect("ingest");
        ok(resp, "ingest");
        // The MCP HTTP proxy, stateless era: the secret in the arguments, another in the result.
        let resp = http
            .post(format!("{}/mcp/vault", gw.url))
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .header("mcp-protocol-version", "2026-07-28")
            .header("mcp-method", "tools/call")
            .header("mcp-name", "echo")
            .body(
                json!({"jsonrpc": "2.0", "id": i, "method": "tools/call",
                         "params": {"name": "echo", "arguments": {"i": i, "text": text}}})
                .to_string(),
            )
            .send()
            .expect("mcp http");
        let got = ok(resp, "mcp http");
        assert!(String::from_utf8_lossy(&got).contains("found in config"));
        // The model API proxy: the secret in the prompt, another in the model's output.
        let resp = if i % 2 == 0 {
            http.post(format!("{}/llm/openai/v1/chat/completions", gw.url))
                .bearer_auth("sk-client-dummy")
                .json(&json!({"model": format!("fake-{i}"), "messages": [
                    {"role": "system", "content": "You are a coding agent."},
                    {"role": "user", "content": format!("Store this for later: {text}")}]}))
        } else {
            http.post(format!("{}/llm/anthropic/v1/messages", gw.url))
                .header("x-api-key", "client-dummy")
                .header("anthropic-version", "2023-06-01")
                .json(&json!({"model": format!("fake-{i}"), "max_tokens": 256, "messages": [
                    {"role": "user", "content": [{"type": "text", "text": format!("Store this for later: {text}")}]}]}))
        }
        .send()
        .expect("model call");
        ok(resp, "model call");
    }

    // OTLP/JSON: GenAI spans whose attributes carry the texts, and log records whose
    // attributes and bodies do.
    let attr = |k: &str, v: &str| json!({"key": k, "value": {"stringValue": v}});
    let spans: Vec<serde_json::Value> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            json!({"traceId": format!("{:032x}", 0x5ec0_0000u64 + i as u64), "spanId": format!("{:016x}", 0xabc0 + i),
               "name": "execute_tool read_env", "kind": "SPAN_KIND_INTERNAL",
               "startTimeUnixNano": "1763702400000000000", "endTimeUnixNano": "1763702400500000000",
               "attributes": [attr("gen_ai.operation.name", "execute_tool"), attr("gen_ai.tool.name", "read_env"),
                              attr("gen_ai.tool.call.id", &format!("call_otlp_{i}")),
                              attr("gen_ai.conversation.id", "conv-otlp-secrets"),
                              attr("gen_ai.tool.call.arguments", &json!({"path": ".env", "hint": text}).to_string()),
                              attr("gen_ai.tool.call.result", text), attr("output", text)],
               "status": {"code": "STATUS_CODE_OK"}})
        })
        .collect();
    let traces = json!({"resourceSpans": [{"resource": {"attributes": [attr("service.name", "otlp-agent")]},
        "scopeSpans": [{"scope": {"name": "hand"}, "spans": spans}]}]});
    let records: Vec<serde_json::Value> = texts
        .iter()
        .map(|text| {
            json!({"timeUnixNano": "1763702400000000000", "severityNumber": "SEVERITY_NUMBER_INFO",
               "eventName": "codex.user_prompt", "body": {"stringValue": text},
               "attributes": [attr("conversation.id", "conv-otlp-logs"), attr("prompt", text)]})
        })
        .collect();
    let logs = json!({"resourceLogs": [{"resource": {"attributes": [attr("service.name", "codex_cli_rs")]},
        "scopeLogs": [{"logRecords": records}]}]});
    for (path, doc) in [("/v1/traces", traces), ("/v1/logs", logs)] {
        let resp = http
            .post(format!("{}{path}", gw.url))
            .header("content-type", "application/json")
            .body(doc.to_string())
            .send()
            .expect("otlp");
        ok(resp, path);
    }

    // End the MCP session as a client does; the wrapper flushes its record to the gateway.
    drop(wrap_in);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while wrap.try_wait().expect("wait").is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the wrapper did not exit"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // Observe mode records off the request path: wait until every source has every secret.
    let data_arg = data.to_string_lossy().into_owned();
    let sources_of = |reference: &str| -> std::collections::BTreeSet<String> {
        let (code, out, err) = warden(
            &[
                "events", "--ref", reference, "--data", &data_arg, "--json", "--limit", "10000",
            ],
            None,
        );
        assert_eq!(code, 0, "{err}");
        out.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|e| e["source"].as_str().map(str::to_owned))
            .collect()
    };
    let want: std::collections::BTreeSet<String> =
        EVERY_SOURCE.iter().map(|s| s.to_string()).collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !sources_of(&references[n - 1]).is_superset(&want) {
        assert!(
            std::time::Instant::now() < deadline,
            "the last secret never reached every source: {:?}",
            sources_of(&references[n - 1])
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // The files as they are while the gateway runs (its WAL is checkpointed away on shutdown).
    let live: Vec<(String, Vec<u8>)> = walk(&data)
        .into_iter()
        .filter_map(|p| Some((format!("{} (live)", p.display()), std::fs::read(&p).ok()?)))
        .collect();
    assert!(
        live.iter().any(|(name, _)| name.contains("-wal")),
        "the search covers the WAL"
    );
    let log = gw.log.clone();
    gw.stop();

    let export = tmp.path().join("export.jsonl");
    let (code, _, err) = warden(
        &[
            "export",
            "--format",
            "jsonl",
            "--data",
            &data_arg,
            "-o",
            &export.to_string_lossy(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let mut haystacks: Vec<(String, Vec<u8>)> = walk(&data)
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("read")))
        .collect();
    haystacks.extend(live);
    haystacks.push(("export".into(), std::fs::read(&export).expect("export")));
    haystacks.push((
        "gateway log".into(),
        log.lock().expect("log").clone().into_bytes(),
    ));
    haystacks.push((
        "wrapper log".into(),
        std::fs::read(&wrap_log).expect("wrap log"),
    ));
    for (_, secret, _) in &secrets {
        for (name, bytes) in &haystacks {
            assert!(
                memchr::memmem::find(bytes, secret.as_bytes()).is_none(),
                "a planted secret ({}…) is raw in {name}",
                &secret[..8]
            );
        }
    }
    // Every secret is found by its reference, in the export and by `warden events --ref`, in
    // the events of every source; `warden hash` agrees with the reviewer API.
    let exported = std::fs::read_to_string(&export).expect("export");
    for ((_, secret, _), reference) in secrets.iter().zip(&references) {
        let (code, out, err) = warden(&["hash", "-", "--data", &data_arg], Some(secret));
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.lines().next(), Some(reference.as_str()));
        assert!(exported.contains(reference.as_str()));
        let found = sources_of(reference);
        assert!(
            found.is_superset(&want),
            "the secret {}… is not found by its reference in every source: {found:?}",
            &secret[..8]
        );
    }
    eprintln!(
        "planted {n} secrets through {} sources in {:?}",
        want.len(),
        started.elapsed()
    );
}
