//! `warden mcp wrap|pins` and `warden approvals`.
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
use tokio::io::{AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::process::ChildStdin;
use tokio::sync::{mpsc, oneshot, Mutex};
use warden_gateway::approvals::ApprovalState;
use warden_gateway::mcp::{ClientAction, ConnHandle, Embedded};
use warden_gateway::{Config, Mode, DEFAULT_CONFIG};
use warden_store::DataDir;

use crate::cli::{ApprovalsCommand, McpCommand, PinsCommand};

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
                    .get(format!("{base}/v1/approvals/{approval}?wait=10"))
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
    Flush(oneshot::Sender<()>),
}

type Shared<W> = Arc<Mutex<W>>;

async fn write_line<W: AsyncWrite + Unpin>(w: &Shared<W>, bytes: &[u8]) -> std::io::Result<()> {
    let mut w = w.lock().await;
    w.write_all(bytes).await?;
    if !bytes.ends_with(b"\n") {
        w.write_all(b"\n").await?;
    }
    w.flush().await
}

/// Writes one line to the server, unless its stdin was already closed.
async fn write_to_server(w: &Shared<Option<ChildStdin>>, bytes: &[u8]) -> std::io::Result<()> {
    let mut guard = w.lock().await;
    let Some(w) = guard.as_mut() else {
        return Err(std::io::ErrorKind::BrokenPipe.into());
    };
    w.write_all(bytes).await?;
    if !bytes.ends_with(b"\n") {
        w.write_all(b"\n").await?;
    }
    w.flush().await
}

async fn wrap(o: WrapOptions) -> Result<ExitCode, String> {
    let (backend, mode) = Backend::open(&o).await?;
    let env = backend.secret_env(&o).await?;
    let backend = Arc::new(backend);
    let mut child = tokio::process::Command::new(&o.command[0])
        .args(&o.command[1..])
        // The agent's own credentials are not the server's business.
        .env_remove("WARDEN_TASK_TOKEN")
        .env_remove("WARDEN_SVID")
        .envs(&env)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start the MCP server {:?}: {e}", o.command[0]))?;
    let child_in: Shared<Option<ChildStdin>> = Arc::new(Mutex::new(Some(
        child
            .stdin
            .take()
            .ok_or("the server's stdin is not available")?,
    )));
    let child_out = child
        .stdout
        .take()
        .ok_or("the server's stdout is not available")?;
    let stdout = Arc::new(Mutex::new(tokio::io::stdout()));

    // The recorder: one task, in order, batched.
    let (rec_tx, mut rec_rx) = mpsc::channel::<Rec>(RECORD_QUEUE);
    let rec_backend = backend.clone();
    let recorder = tokio::spawn(async move {
        let mut lost = 0usize;
        while let Some(first) = rec_rx.recv().await {
            let mut batch = Vec::new();
            let mut acks = Vec::new();
            let mut push = |r: Rec, batch: &mut Vec<(char, String)>| match r {
                Rec::Msg(d, m) => batch.push((d, m)),
                Rec::Flush(ack) => acks.push(ack),
            };
            push(first, &mut batch);
            while batch.len() < RECORD_BATCH {
                match rec_rx.try_recv() {
                    Ok(r) => push(r, &mut batch),
                    Err(_) => break,
                }
            }
            if !batch.is_empty() {
                if let Err(e) = rec_backend.record(&batch).await {
                    lost += batch.len();
                    eprintln!("warden: {} MCP messages could not be recorded ({e}); the gateway is unreachable", batch.len());
                }
            }
            for a in acks {
                let _ = a.send(());
            }
        }
        lost
    });

    // Server → client.
    let out_writer = stdout.clone();
    let server_rec = rec_tx.clone();
    let server_pump = tokio::spawn(async move {
        let mut reader = BufReader::new(child_out);
        let mut buf = Vec::with_capacity(8192);
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if write_line(&out_writer, &buf).await.is_err() {
                        break;
                    }
                    let text = String::from_utf8_lossy(&buf);
                    let text = text.trim_end_matches(['\n', '\r']);
                    if !text.trim().is_empty() {
                        let _ = server_rec.send(Rec::Msg('s', text.to_owned())).await;
                    }
                }
            }
        }
    });

    // Client → server.
    let client_backend = backend.clone();
    let client_rec = rec_tx.clone();
    let to_child = child_in.clone();
    let to_client = stdout.clone();
    let client_pump = tokio::spawn(async move {
        let mut reader = BufReader::new(tokio::io::stdin());
        let mut buf = Vec::with_capacity(8192);
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&buf).into_owned();
            let trimmed = text.trim_end_matches(['\n', '\r']).to_owned();
            if mode == Mode::Enforce && is_gated(&trimmed) {
                // Everything read before this call is recorded before it is decided.
                let (ack, done) = oneshot::channel();
                if client_rec.send(Rec::Flush(ack)).await.is_ok() {
                    let _ = done.await;
                }
                match client_backend.decide(&trimmed).await {
                    Decision::Forward => {
                        let _ = write_to_server(&to_child, &buf).await;
                    }
                    Decision::ForwardRewritten(m) => {
                        let _ = write_to_server(&to_child, m.as_bytes()).await;
                    }
                    Decision::Reply(m) => {
                        let _ = write_line(&to_client, m.as_bytes()).await;
                    }
                    Decision::Hold(held) => {
                        let (b, c, cl, line) = (
                            client_backend.clone(),
                            to_child.clone(),
                            to_client.clone(),
                            buf.clone(),
                        );
                        tokio::spawn(async move { hold(b, held, line, c, cl).await });
                    }
                }
                continue;
            }
            if write_to_server(&to_child, &buf).await.is_err() {
                break;
            }
            if !trimmed.trim().is_empty() {
                let _ = client_rec.send(Rec::Msg('c', trimmed)).await;
            }
        }
        // The client closed its end: so does the server's stdin.
        // Dropping the handle closes the pipe (a shutdown alone leaves it open).
        if let Some(mut w) = to_child.lock().await.take() {
            let _ = w.shutdown().await;
        }
    });

    // MCP's stdio shutdown: once the client has closed stdin, the server gets a grace period
    // to exit on its own and is then killed.
    let mut client_pump = client_pump;
    let status = tokio::select! {
        s = child.wait() => s,
        _ = terminate_signal() => {
            let _ = child.start_kill();
            child.wait().await
        }
        _ = async {
            let _ = (&mut client_pump).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {
            let _ = child.start_kill();
            child.wait().await
        }
    }
    .map_err(|e| format!("waiting for the MCP server failed: {e}"))?;
    let _ = server_pump.await;
    client_pump.abort();
    drop(rec_tx);
    let lost = recorder.await.unwrap_or(0);
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
    to_client: Shared<tokio::io::Stdout>,
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
            let _ = write_line(&to_client, msg.as_bytes()).await;
        }
    }
    match backend.release(&held).await {
        Ok(()) => {
            let _ = write_to_server(&to_child, &line).await;
        }
        Err(reply) => {
            let _ = write_line(&to_client, reply.as_bytes()).await;
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
    let store = warden_mcp::pins::PinStore::open(&dir.root().join("mcp-pins.db"))
        .map_err(|e| e.to_string())?;
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

pub fn approvals(action: ApprovalsCommand) -> Result<ExitCode, String> {
    let client = reqwest::blocking::Client::new();
    let fail =
        |base: &str, e: reqwest::Error| format!("cannot reach the Warden gateway at {base}: {e}");
    match action {
        ApprovalsCommand::List { gateway, json } => {
            let base = gateway.trim_end_matches('/');
            let v: Value = client
                .get(format!("{base}/v1/approvals"))
                .send()
                .and_then(|r| r.error_for_status())
                .map_err(|e| fail(base, e))?
                .json()
                .map_err(|e| e.to_string())?;
            let list = v
                .get("approvals")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if json {
                for a in list {
                    println!("{a}");
                }
                return Ok(ExitCode::SUCCESS);
            }
            if list.is_empty() {
                println!("no approval requests");
            }
            for a in list {
                let s = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                println!(
                    "{}  {:<9} {}  {}  — {}",
                    s("id"),
                    s("state"),
                    s("tool"),
                    s("session_id"),
                    s("reason")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ApprovalsCommand::Approve {
            id,
            reason,
            by,
            gateway,
        } => decide(&client, &gateway, &id, "approve", &by, &reason),
        ApprovalsCommand::Deny {
            id,
            reason,
            by,
            gateway,
        } => decide(&client, &gateway, &id, "deny", &by, &reason),
    }
}

fn decide(
    client: &reqwest::blocking::Client,
    gateway: &str,
    id: &str,
    verb: &str,
    by: &str,
    reason: &str,
) -> Result<ExitCode, String> {
    let base = gateway.trim_end_matches('/');
    let r = client
        .post(format!("{base}/v1/approvals/{id}/{verb}"))
        .json(&json!({"by": by, "reason": reason}))
        .send()
        .map_err(|e| format!("cannot reach the Warden gateway at {base}: {e}"))?;
    let status = r.status();
    let v: Value = r.json().unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(v
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("the gateway refused")
            .to_owned());
    }
    println!("{verb}d {id}");
    Ok(ExitCode::SUCCESS)
}
