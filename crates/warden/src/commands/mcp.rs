//! `warden mcp wrap|pins`.
//!
//! The stdio wrapper sits between an MCP client and the server process it starts. Both
//! directions are newline-framed JSON-RPC; each line is forwarded as the exact bytes read.
//! In observe mode nothing waits for Warden: a line is written on before it is handed to the
//! recorder. In enforce mode the calls that act (`tools/call`, `resources/read`,
//! `prompts/get`) are decided first, and a denied call is answered by Warden and never reaches
//! the server. The server's stderr is the wrapper's stderr, and its exit status the wrapper's.

use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::ChildStdin;

use tokio::sync::{mpsc, oneshot};
use warden_gateway::approvals::ApprovalState;
use warden_gateway::mcp::{ClientAction, ConnHandle, Embedded};
use warden_gateway::{Config, Mode, DEFAULT_CONFIG};
use warden_store::DataDir;

use crate::cli::{McpCommand, PinsCommand};

/// Messages waiting to be recorded, at most; past it the pumps wait (nothing is dropped).
const RECORD_QUEUE: usize = 8192;
/// Most messages sent to the gateway in one request.
const RECORD_BATCH: usize = 256;
/// How long a server may take to exit after its client closed stdin.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

pub fn run(action: McpCommand) -> Result<ExitCode, String> {
    match action {
        McpCommand::Wrap {
            data,
            gateway,
            name,
            session,
            mode,
            secrets,
            command,
        } => {
            let name = name.unwrap_or_else(|| default_name(&command));
            let mut secret_env = std::collections::BTreeMap::new();
            for s in &secrets {
                let (var, secret) = s
                    .split_once('=')
                    .filter(|(v, n)| !v.is_empty() && !n.is_empty())
                    .ok_or_else(|| format!("--secret takes ENV=SECRET, got {s:?}"))?;
                secret_env.insert(var.to_owned(), secret.to_owned());
            }
            let task_token = std::env::var("WARDEN_TASK_TOKEN")
                .ok()
                .filter(|t| !t.is_empty());
            if !secret_env.is_empty() && task_token.is_none() {
                return Err("--secret leases the secret to a task: run under `warden run --agent NAME --objective …` (or set WARDEN_TASK_TOKEN)".into());
            }
            if !warden_gateway::mcp::config::valid_name(&name) {
                return Err(format!(
                    "--name {name:?}: use 1-64 letters, digits, '-' or '_' (no '__')"
                ));
            }
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(wrap(WrapOptions {
                data: data.data,
                gateway,
                name,
                session,
                mode,
                command,
                secrets: secret_env,
                task_token,
            }))
        }
        McpCommand::Pins {
            data,
            server,
            json,
            action,
        } => pins(data.data.as_deref(), server, json, action),
        McpCommand::EchoServer => super::bench_mcp::echo_server(),
    }
}

/// The server's name from its command: the package or program, without scope or path.
fn default_name(command: &[String]) -> String {
    let skip = [
        "npx", "uvx", "node", "python", "python3", "-y", "--yes", "bunx", "deno",
    ];
    let pick = command
        .iter()
        .find(|a| !skip.contains(&a.as_str()) && !a.starts_with('-'))
        .or(command.first())
        .cloned()
        .unwrap_or_else(|| "server".to_owned());
    let base = pick.rsplit(['/', '\\']).next().unwrap_or(&pick).to_owned();
    let base = base.split('@').next().unwrap_or(&base).to_owned();
    let cleaned: String = base
        .trim_start_matches("server-")
        .trim_end_matches(".js")
        .trim_end_matches(".py")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let cleaned = cleaned.replace("__", "_");
    if cleaned.is_empty() {
        "server".to_owned()
    } else {
        cleaned
    }
}

struct WrapOptions {
    data: Option<std::path::PathBuf>,
    gateway: Option<String>,
    name: String,
    session: Option<String>,
    mode: Option<String>,
    command: Vec<String>,
    /// ENV → secret name, released for the server's environment.
    secrets: std::collections::BTreeMap<String, String>,
    /// The task token (WARDEN_TASK_TOKEN) the wrapper presents for its calls.
    task_token: Option<String>,
}

/// Where the wrapper's traffic is recorded and decided.
// One per wrapper process.
#[allow(clippy::large_enum_variant)]
enum Backend {
    Local {
        gw: Embedded,
        conn: ConnHandle,
    },
    Remote {
        http: reqwest::Client,
        base: String,
        conn: String,
    },
}

enum Decision {
    Forward,
    ForwardRewritten(String),
    Reply(String),
    Hold(Value),
}

impl Backend {
    /// The brokered secrets for the server's environment (never logged): leased to the task
    /// by the gateway (over loopback, with the task token) or by the embedded one.
    async fn secret_env(
        &self,
        o: &WrapOptions,
    ) -> Result<std::collections::BTreeMap<String, String>, String> {
        let (Some(token), false) = (&o.task_token, o.secrets.is_empty()) else {
            return Ok(Default::default());
        };
        match self {
            Backend::Local { gw, conn } => {
                let session = conn.lock().ok().map(|c| c.session.clone());
                gw.release_env(token, &o.name, &o.secrets, session).await
            }
            Backend::Remote { http, base, .. } => {
                let resp = http
                    .post(format!("{base}/v1/secrets/release"))
                    .bearer_auth(token)
                    .json(&json!({"upstream": o.name, "secrets": o.secrets, "session": o.session}))
                    .send()
                    .await
                    .map_err(|e| {
                        format!("cannot reach the Warden gateway for the server's secrets: {e}")
                    })?;
                let status = resp.status();
                let v: Value = resp
                    .json()
                    .await
                    .map_err(|e| format!("the gateway answered {status} without JSON: {e}"))?;
                if !status.is_success() {
                    return Err(format!(
                        "Warden did not release the server's secrets: {}",
                        v["error"].as_str().unwrap_or("no reason given")
                    ));
                }
                serde_json::from_value(v["env"].clone())
                    .map_err(|_| "the gateway's secret answer is malformed".to_owned())
            }
        }
    }

    async fn open(o: &WrapOptions) -> Result<(Backend, Mode), String> {
        match &o.gateway {
            Some(url) => {
                let base = url.trim_end_matches('/').to_owned();
                let http = reqwest::Client::new();
                let health: Value = http
                    .get(format!("{base}/healthz"))
                    .send()
                    .await
                    .and_then(|r| r.error_for_status())
                    .map_err(|e| format!("cannot reach the Warden gateway at {base} ({e}); start it with `warden serve` or drop --gateway to record locally"))?
                    .json()
                    .await
                    .map_err(|e| format!("the gateway at {base} answered /healthz oddly: {e}"))?;
                let mode = match health.get("mode").and_then(Value::as_str) {
                    Some("enforce") => Mode::Enforce,
                    _ => Mode::Observe,
                };
                let mut open = http.post(format!("{base}/v1/mcp/connections"));
                if let Some(t) = &o.task_token {
                    open = open.bearer_auth(t);
                }
                let opened: Value = open
                    .json(&json!({"server": o.name, "session": o.session}))
                    .send()
                    .await
                    .and_then(|r| r.error_for_status())
                    .map_err(|e| format!("the gateway refused the MCP connection: {e}"))?
                    .json()
                    .await
                    .map_err(|e| e.to_string())?;
                let conn = opened
                    .get("connection")
                    .and_then(Value::as_str)
                    .ok_or("the gateway did not name the connection")?
                    .to_owned();
                Ok((Backend::Remote { http, base, conn }, mode))
            }
            None => {
                let root = DataDir::resolve(o.data.as_deref()).map_err(|e| e.to_string())?;
                let dir =
                    DataDir::open_or_init(&root, DEFAULT_CONFIG).map_err(|e| e.to_string())?;
                let mut config = Config::load(&dir.config_path())?;
                if let Some(m) = &o.mode {
                    config.gateway.mode = m.parse::<Mode>()?;
                }
                let gw = Embedded::open(&config, &dir).await.map_err(|e| {
                    format!("{e}\nIf a gateway is running on this data directory, pass --gateway http://127.0.0.1:7711")
                })?;
                let session = match &o.session {
                    Some(s) => {
                        Some(warden_core::SessionId::new(s.clone()).map_err(|e| e.to_string())?)
                    }
                    None => None,
                };
                let conn = gw.connect(&o.name, session);
                if let Some(t) = &o.task_token {
                    match conn.lock() {
                        Ok(mut c) => c.token = Some(t.clone()),
                        Err(p) => p.into_inner().token = Some(t.clone()),
                    }
                }
                let mode = gw.mode();
                Ok((Backend::Local { gw, conn }, mode))
            }
        }
    }

    async fn decide(&self, line: &str) -> Decision {
        match self {
            Backend::Local { gw, conn } => match gw.client(conn, line).await {
                ClientAction::Forward => Decision::Forward,
                ClientAction::ForwardRewritten(m) => Decision::ForwardRewritten(m),
                ClientAction::Reply(m) => Decision::Reply(m),
                // Nobody can reach an embedded gateway's approvals: a call that needs one is
                // refused with the way to get it approved.
                ClientAction::Hold(h) => Decision::Reply(warden_mcp::reply::deny(
                    &h.id,
                    &h.method,
                    h.era,
                    &warden_mcp::reply::DecisionMeta {
                        outcome: "deny",
                        reason: format!(
                            "{} Approvals need a running gateway: start `warden serve` and wrap the server with `warden mcp wrap --gateway http://127.0.0.1:7711 …`.",
                            h.meta.reason
                        ),
                        decision_id: h.meta.decision_id.clone(),
                        policy_version: h.meta.policy_version.clone(),
                    },
                )),
            },
            Backend::Remote { http, base, conn } => {
                let answer = http
                    .post(format!("{base}/v1/mcp/connections/{conn}/client"))
                    .body(line.to_owned())
                    .send()
                    .await
                    .and_then(|r| r.error_for_status());
                let v: Option<Value> = match answer {
                    Ok(r) => r.json().await.ok(),
                    Err(_) => None,
                };
                match v {
                    Some(v) => match v.get("action").and_then(Value::as_str) {
                        Some("forward") => match v.get("message").and_then(Value::as_str) {
                            Some(m) => Decision::ForwardRewritten(m.to_owned()),
                            None => Decision::Forward,
                        },
                        Some("reply") => Decision::Reply(
                            v.get("message").and_then(Value::as_str).unwrap_or("").to_owned(),
                        ),
                        Some("hold") => Decision::Hold(v.get("held").cloned().unwrap_or(Value::Null)),
                        _ => unreachable_gateway(line),
                    },
                    None => unreachable_gateway(line),
                }
            }
        }
    }

    /// Records messages already forwarded, in order.
    async fn record(&self, batch: &[(char, String)]) -> Result<(), String> {
        match self {
            Backend::Local { gw, conn } => {
                for (d, m) in batch {
                    if *d == 'c' {
                        let _ = gw.client(conn, m).await;
                    } else {
                        gw.server(conn, m).await;
                    }
                }
                Ok(())
            }
            Backend::Remote { http, base, conn } => {
                let mut body = String::new();
                for (d, m) in batch {
                    body.push_str(&json!({"d": d.to_string(), "m": m}).to_string());
                    body.push('\n');
                }
                let mut delay = Duration::from_millis(100);
                for attempt in 0..5 {
                    let sent = http
                        .post(format!("{base}/v1/mcp/connections/{conn}/messages"))
                        .header("content-type", "application/x-ndjson")
                        .body(body.clone())
                        .send()
                        .await
                        .and_then(|r| r.error_for_status());
                    match sent {
                        Ok(_) => return Ok(()),
                        Err(e) if attempt == 4 => return Err(e.to_string()),
                        Err(_) => {
                            tokio::time::sleep(delay).await;
                            delay *= 2;
                        }
                    }
                }
                Ok(())
            }
        }
    }

    async fn wait(&self, approval: &str) -> ApprovalState {
        match self {
            Backend::Local { gw, .. } => gw.wait_approval(approval, Duration::from_secs(10)).await,
            Backend::Remote { http, base, .. } => {
                let r = http
                    .get(format!("{base}/v1/approvals/{approval}/status?wait=10"))
                    .send()
                    .await;
                let v: Option<Value> = match r {
                    Ok(r) => r.json().await.ok(),
                    Err(_) => None,
                };
                match v
                    .as_ref()
                    .and_then(|v| v.get("state"))
                    .and_then(Value::as_str)
                {
                    Some("pending") => ApprovalState::Pending,
                    Some("approved") => ApprovalState::Approved {
                        by: String::new(),
                        reason: String::new(),
                    },
                    Some("denied") => ApprovalState::Denied {
                        by: String::new(),
                        reason: v
                            .as_ref()
                            .and_then(|v| v.get("reason"))
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_owned(),
                    },
                    _ => ApprovalState::Expired,
                }
            }
        }
    }

    /// After the approval was decided (the gateway checks how): forward (`Ok`) or the
    /// denial to send back.
    async fn release(&self, held: &Value) -> Result<(), String> {
        match self {
            // The embedded gateway never holds (see `decide`).
            Backend::Local { .. } => Err(warden_mcp::reply::error(
                None,
                warden_mcp::reply::DENIED,
                "Approvals need a running gateway",
            )),
            Backend::Remote { http, base, conn } => {
                let r = http
                    .post(format!("{base}/v1/mcp/connections/{conn}/release"))
                    .json(held)
                    .send()
                    .await;
                let v: Option<Value> = match r {
                    Ok(r) => r.json().await.ok(),
                    Err(_) => None,
                };
                match v {
                    Some(v) if v.get("action").and_then(Value::as_str) == Some("forward") => Ok(()),
                    Some(v) => Err(v
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned()),
                    None => Err(warden_mcp::reply::error(
                        None,
                        -32603,
                        "Warden's gateway did not answer about a held call; it was not run",
                    )),
                }
            }
        }
    }

    async fn close(self) {
        if let Backend::Local { gw, .. } = self {
            if let Err(e) = gw.close().await {
                eprintln!("warden: closing the local audit log failed: {e}");
            }
        }
    }
}

/// In enforce mode a call Warden cannot decide is not forwarded.
fn unreachable_gateway(line: &str) -> Decision {
    let id = warden_mcp::Frame::parse(line.trim_end())
        .ok()
        .and_then(|f| f.id().map(str::to_owned));
    Decision::Reply(warden_mcp::reply::error(
        id.as_deref(),
        warden_mcp::reply::DENIED,
        "Warden's gateway could not decide this call; enforce mode does not run what it cannot decide. Check that `warden serve` is running.",
    ))
}

/// Whether a client line is a call Warden gates.
fn is_gated(line: &str) -> bool {
    match warden_mcp::Frame::parse(line.trim_end()) {
        Ok(f) => {
            f.is_request()
                && matches!(
                    f.method(),
                    Some("tools/call" | "resources/read" | "prompts/get")
                )
        }
        // Unreadable lines go to the tap, which refuses them in enforce mode.
        Err(_) => !line.trim().is_empty(),
    }
}

enum Rec {
    Msg(char, String),
    /// Acknowledged once everything queued before it is recorded.
    Flush(oneshot::Sender<()>),
    /// The run is over: record what is queued and stop.
    Stop,
}

type Shared<W> = Arc<std::sync::Mutex<W>>;

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

/// Writes one line (adding the newline if the bytes lack it) and flushes.
fn write_line<W: Write>(w: &Shared<W>, bytes: &[u8]) -> std::io::Result<()> {
    let mut w = lock(w);
    w.write_all(bytes)?;
    if !bytes.ends_with(b"\n") {
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// Writes one line to the server, unless its stdin was already closed.
fn write_to_server(w: &Shared<Option<ChildStdin>>, bytes: &[u8]) -> std::io::Result<()> {
    let mut guard = lock(w);
    let Some(w) = guard.as_mut() else {
        return Err(std::io::ErrorKind::BrokenPipe.into());
    };
    w.write_all(bytes)?;
    if !bytes.ends_with(b"\n") {
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// The recorder: messages in order, batched, until `Rec::Stop`. Returns how many could not
/// be recorded.
async fn record_loop(backend: Arc<Backend>, mut rx: mpsc::Receiver<Rec>) -> usize {
    let mut lost = 0usize;
    let mut stop = false;
    while !stop {
        let Some(first) = rx.recv().await else { break };
        let mut batch = Vec::new();
        let mut acks = Vec::new();
        let mut push = |r: Rec, batch: &mut Vec<(char, String)>, stop: &mut bool| match r {
            Rec::Msg(d, m) => batch.push((d, m)),
            Rec::Flush(ack) => acks.push(ack),
            Rec::Stop => *stop = true,
        };
        push(first, &mut batch, &mut stop);
        while batch.len() < RECORD_BATCH && !stop {
            match rx.try_recv() {
                Ok(r) => push(r, &mut batch, &mut stop),
                Err(_) => break,
            }
        }
        if !batch.is_empty() {
            if let Err(e) = backend.record(&batch).await {
                lost += batch.len();
                eprintln!("warden: {} MCP messages could not be recorded ({e}); the gateway is unreachable", batch.len());
            }
        }
        for a in acks {
            let _ = a.send(());
        }
    }
    lost
}

/// Reads newline-framed messages until EOF, handing each line (with its newline) to `each`;
/// stops early when `each` says so.
fn read_lines(r: impl Read, mut each: impl FnMut(&[u8]) -> bool) {
    let mut reader = BufReader::with_capacity(64 * 1024, r);
    let mut buf = Vec::with_capacity(8192);
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                if !each(&buf) {
                    return;
                }
            }
        }
    }
}

fn trimmed(line: &[u8]) -> String {
    String::from_utf8_lossy(line)
        .trim_end_matches(['\n', '\r'])
        .to_owned()
}

async fn wrap(o: WrapOptions) -> Result<ExitCode, String> {
    let (backend, mode) = Backend::open(&o).await?;
    let env = backend.secret_env(&o).await?;
    let backend = Arc::new(backend);
    let mut child = std::process::Command::new(&o.command[0])
        .args(&o.command[1..])
        // The agent's own credentials are not the server's business.
        .env_remove("WARDEN_TASK_TOKEN")
        .env_remove("WARDEN_SVID")
        .envs(&env)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start the MCP server {:?}: {e}", o.command[0]))?;
    let child_in: Shared<Option<ChildStdin>> = Arc::new(std::sync::Mutex::new(Some(
        child
            .stdin
            .take()
            .ok_or("the server's stdin is not available")?,
    )));
    let child_out = child
        .stdout
        .take()
        .ok_or("the server's stdout is not available")?;
    let stdout: Shared<std::io::Stdout> = Arc::new(std::sync::Mutex::new(std::io::stdout()));
    let runtime = tokio::runtime::Handle::current();

    // The recorder runs on a thread and runtime of its own, at a lower priority: recording
    // never queues ahead of the traffic.
    let (rec_tx, rec_rx) = mpsc::channel::<Rec>(RECORD_QUEUE);
    let rec_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let rec_backend = backend.clone();
    let recorder = std::thread::Builder::new()
        .name("warden-mcp-recorder".into())
        .spawn(move || {
            // Observe mode must not get in the way: recording yields to the traffic.
            warden_store::lower_thread_priority();
            rec_runtime.block_on(record_loop(rec_backend, rec_rx))
        })
        .map_err(|e| format!("cannot start the recorder thread: {e}"))?;

    // Server → client: plain blocking I/O on a thread of its own (no hand-offs on the path).
    let out_writer = stdout.clone();
    let server_rec = rec_tx.clone();
    let server_pump = std::thread::Builder::new()
        .name("warden-mcp-from-server".into())
        .spawn(move || {
            read_lines(child_out, |line| {
                if write_line(&out_writer, line).is_err() {
                    return false;
                }
                let text = trimmed(line);
                if !text.trim().is_empty() {
                    let _ = server_rec.blocking_send(Rec::Msg('s', text));
                }
                true
            })
        })
        .map_err(|e| e.to_string())?;

    // Client → server.
    let client_done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let (backend, rec, to_child, to_client, done, rt) = (
            backend.clone(),
            rec_tx.clone(),
            child_in.clone(),
            stdout.clone(),
            client_done.clone(),
            runtime.clone(),
        );
        std::thread::Builder::new()
            .name("warden-mcp-from-client".into())
            .spawn(move || {
                read_lines(std::io::stdin(), |line| {
                    let text = trimmed(line);
                    if mode == Mode::Enforce && is_gated(&text) {
                        // Everything read before this call is recorded before it is decided.
                        let (ack, done) = oneshot::channel();
                        if rec.blocking_send(Rec::Flush(ack)).is_ok() {
                            let _ = done.blocking_recv();
                        }
                        match rt.block_on(backend.decide(&text)) {
                            Decision::Forward => {
                                let _ = write_to_server(&to_child, line);
                            }
                            Decision::ForwardRewritten(m) => {
                                let _ = write_to_server(&to_child, m.as_bytes());
                            }
                            Decision::Reply(m) => {
                                let _ = write_line(&to_client, m.as_bytes());
                            }
                            Decision::Hold(held) => {
                                let (b, c, cl, l) = (
                                    backend.clone(),
                                    to_child.clone(),
                                    to_client.clone(),
                                    line.to_vec(),
                                );
                                rt.spawn(hold(b, held, l, c, cl));
                            }
                        }
                        return true;
                    }
                    // Queued before it is forwarded: the server cannot answer a request the
                    // recorder has not seen yet, so every response finds its call.
                    if !text.trim().is_empty() {
                        let _ = rec.blocking_send(Rec::Msg('c', text));
                    }
                    write_to_server(&to_child, line).is_ok()
                });
                // The client closed its end: dropping the handle closes the server's stdin.
                drop(lock(&to_child).take());
                done.store(true, std::sync::atomic::Ordering::SeqCst);
            })
            .map_err(|e| e.to_string())?;
    }

    // Wait for the server; MCP's stdio shutdown: once the client has closed stdin, the server
    // gets a grace period to exit and is then killed; SIGTERM/SIGINT kill it at once.
    let terminated = Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let t = terminated.clone();
        tokio::spawn(async move {
            terminate_signal().await;
            t.store(true, std::sync::atomic::Ordering::SeqCst);
        });
    }
    let mut closed_at: Option<std::time::Instant> = None;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) => {}
            Err(e) => return Err(format!("waiting for the MCP server failed: {e}")),
        }
        if closed_at.is_none() && client_done.load(std::sync::atomic::Ordering::SeqCst) {
            closed_at = Some(std::time::Instant::now());
        }
        let grace_over = closed_at.is_some_and(|t| t.elapsed() >= SHUTDOWN_GRACE);
        if grace_over || terminated.load(std::sync::atomic::Ordering::SeqCst) {
            let _ = child.kill();
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let _ = tokio::task::spawn_blocking(move || server_pump.join()).await;
    // Everything the server said is queued; the client side may still be blocked reading.
    let _ = rec_tx.send(Rec::Stop).await;
    drop(rec_tx);
    let lost = tokio::task::spawn_blocking(move || recorder.join().unwrap_or(0))
        .await
        .unwrap_or(0);
    if let Ok(b) = Arc::try_unwrap(backend) {
        b.close().await;
    }
    if lost > 0 {
        eprintln!("warden: {lost} MCP messages of this run are missing from the record");
    }
    Ok(exit_code(status))
}

/// Holds a call until its approval is decided, keeping the client informed with progress
/// notifications when it asked for progress.
async fn hold(
    backend: Arc<Backend>,
    held: Value,
    line: Vec<u8>,
    to_child: Shared<Option<ChildStdin>>,
    to_client: Shared<std::io::Stdout>,
) {
    let approval = held
        .get("approval")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let token = held
        .get("progress_token")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut tick = 0u64;
    loop {
        if backend.wait(&approval).await != ApprovalState::Pending {
            break;
        }
        tick += 1;
        if let Some(t) = &token {
            let msg = warden_mcp::reply::progress(
                t,
                tick,
                &format!("Waiting for a reviewer to approve (request {approval})"),
            );
            let _ = write_line(&to_client, msg.as_bytes());
        }
    }
    match backend.release(&held).await {
        Ok(()) => {
            let _ = write_to_server(&to_child, &line);
        }
        Err(reply) => {
            let _ = write_line(&to_client, reply.as_bytes());
        }
    }
}

fn exit_code(status: std::process::ExitStatus) -> ExitCode {
    if let Some(code) = status.code() {
        return ExitCode::from(code.clamp(0, 255) as u8);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        if let Some(sig) = status.signal() {
            return ExitCode::from((128 + sig).clamp(0, 255) as u8);
        }
    }
    ExitCode::from(1)
}

async fn terminate_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return std::future::pending().await;
        };
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn pins(
    data: Option<&std::path::Path>,
    server: Option<String>,
    json_out: bool,
    action: Option<PinsCommand>,
) -> Result<ExitCode, String> {
    let root = DataDir::resolve(data).map_err(|e| e.to_string())?;
    let dir = DataDir::open_existing(&root).map_err(|e| e.to_string())?;
    let store_url = super::fleet::store_url(Some(dir.root()), None)?;
    let store = warden_gateway::open_pins(&dir, store_url.as_ref())?;
    if let Some(PinsCommand::Approve { server, tool, by }) = action {
        let approved = store
            .approve(&server, tool.as_deref(), &by)
            .map_err(|e| e.to_string())?;
        if approved.is_empty() {
            println!("nothing was quarantined on {server}; pins unchanged");
        } else {
            println!("approved on {server}: {}", approved.join(", "));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let rows = store.list(server.as_deref()).map_err(|e| e.to_string())?;
    if json_out {
        for r in rows {
            println!("{}", serde_json::to_string(&r).map_err(|e| e.to_string())?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        println!("no MCP tools pinned yet (they are pinned when a client first lists them)");
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:<20} {:<32} {:<12} DIGEST", "SERVER", "TOOL", "STATE");
    for r in rows {
        let digest = r.pending_digest.as_ref().or(r.approved_digest.as_ref());
        let short = digest
            .map(|d| d.chars().take(19).collect::<String>())
            .unwrap_or_default();
        println!("{:<20} {:<32} {:<12} {short}", r.server, r.tool, r.state);
    }
    Ok(ExitCode::SUCCESS)
}
