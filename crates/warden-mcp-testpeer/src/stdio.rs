//! Stdio transport of the test peer: newline-delimited JSON-RPC on stdin/stdout, one implicit
//! session. Requests carrying `_meta["io.modelcontextprotocol/protocolVersion"]` get the stateless
//! (`2026-07-28`) treatment, everything else the stateful lifecycle; server→client requests
//! (sampling, elicitation) go out on stdout and their answers come back on stdin.

use std::sync::atomic::{AtomicU64, AtomicU8};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

use crate::protocol::{self, lock, Ctx, Era, Out, Outbox, Pending, RpcError, Shared};

/// Serve MCP on this process's stdin/stdout until stdin closes.
pub async fn serve() -> std::io::Result<()> {
    serve_on(tokio::io::stdin(), tokio::io::stdout()).await
}

/// Serve MCP on any reader/writer pair (used by tests).
pub async fn serve_on<R, W>(reader: R, mut writer: W) -> std::io::Result<()>
where
    R: tokio::io::AsyncRead + Unpin,
    W: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (out_tx, mut out_rx) = mpsc::unbounded_channel::<String>();
    let writer_task = tokio::spawn(async move {
        while let Some(line) = out_rx.recv().await {
            writer.write_all(line.as_bytes()).await?;
            writer.write_all(b"\n").await?;
            writer.flush().await?;
        }
        Ok::<_, std::io::Error>(())
    });
    let shared = Arc::new(Shared::new());
    let pending = Pending::default();
    let next_id = Arc::new(AtomicU64::new(1));
    let log_level = Arc::new(AtomicU8::new(0));
    let client_caps: Arc<Mutex<Value>> = Arc::new(Mutex::new(json!({})));
    let mut lines = BufReader::new(reader).lines();
    while let Some(line) = lines.next_line().await? {
        if line.trim().is_empty() {
            continue;
        }
        let msg: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                let _ = out_tx.send(
                    protocol::response(
                        &Value::Null,
                        Err(RpcError::parse(format!("Parse error: {e}"))),
                    )
                    .to_string(),
                );
                continue;
            }
        };
        let Some(method) = msg
            .get("method")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            protocol::deliver_response(&pending, &msg);
            continue;
        };
        let Some(id) = msg.get("id").cloned() else {
            continue;
        };
        let params = msg.get("params").cloned().unwrap_or(json!({}));
        let stateless = params
            .pointer("/_meta")
            .and_then(|m| m.get(protocol::META_PROTOCOL_VERSION))
            .is_some();
        let tx = out_tx.clone();
        if method == "initialize" && !stateless {
            *lock(&client_caps) = params.get("capabilities").cloned().unwrap_or(json!({}));
            let r =
                protocol::initialize_result(params.get("protocolVersion").and_then(Value::as_str));
            let _ = tx.send(protocol::response(&id, Ok(r)).to_string());
            continue;
        }
        let sink_tx = out_tx.clone();
        let sink = Arc::new(move |o: Out| {
            if let Out::Message(m) = o {
                let _ = sink_tx.send(m.to_string());
            }
        });
        let ctx = if stateless {
            if let Err(e) = protocol::check_stateless(&method, &params, &|_| None, false) {
                let _ = tx.send(protocol::response(&id, Err(e)).to_string());
                continue;
            }
            Ctx {
                era: Era::Stateless,
                client_caps: params
                    .pointer("/_meta")
                    .and_then(|m| m.get(protocol::META_CLIENT_CAPABILITIES))
                    .cloned()
                    .unwrap_or(json!({})),
                log_level: Arc::new(AtomicU8::new(protocol::stateless_log_level(&params))),
                out: Outbox::new(sink, Pending::default(), next_id.clone(), false),
                shared: shared.clone(),
            }
        } else {
            Ctx {
                era: Era::Stateful,
                client_caps: lock(&client_caps).clone(),
                log_level: log_level.clone(),
                out: Outbox::new(sink, pending.clone(), next_id.clone(), true),
                shared: shared.clone(),
            }
        };
        if stateless && !protocol::STATELESS_METHODS.contains(&method.as_str())
            || method == "subscriptions/listen"
        {
            let e = RpcError::method_not_found(&method);
            let _ = tx.send(protocol::response(&id, Err(e)).to_string());
            continue;
        }
        tokio::spawn(async move {
            let r = protocol::handle(&ctx, &method, &params).await;
            let _ = tx.send(protocol::response(&id, r).to_string());
        });
    }
    drop(out_tx);
    writer_task.await.map_err(std::io::Error::other)?
}
