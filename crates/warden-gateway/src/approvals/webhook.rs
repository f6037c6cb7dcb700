//! Tells an outside system (chat, paging, a ticket queue) when an approval request opens or
//! is decided: a JSON POST, signed, retried with backoff.
//!
//! The body is `{"event": "approval.opened"|"approval.decided", "request": {…}}`. Headers:
//! `X-Warden-Timestamp` (unix seconds) and `X-Warden-Signature: sha256=<hex>`, the
//! HMAC-SHA256 of `<timestamp>.<body>` under the configured secret, so a receiver can check
//! both origin and freshness. Notifications go through a bounded queue drained by one task:
//! a slow receiver never holds a gated call; when the queue is full the notification is
//! dropped, logged and counted (the record still has the request).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tokio::sync::mpsc;

use super::config::WebhookConfig;
use super::ApprovalRequest;

/// Notifications waiting for delivery at most.
const QUEUE: usize = 256;

pub struct Notifier {
    tx: mpsc::Sender<Value>,
    /// Notifications dropped (queue full) or given up on after every attempt.
    pub failed: Arc<AtomicU64>,
}

/// `sha256=<hex>` of `<timestamp>.<body>`.
pub fn signature(secret: &[u8], timestamp: u64, body: &[u8]) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    let mut hex = String::with_capacity(71);
    hex.push_str("sha256=");
    for b in bytes {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

impl Notifier {
    /// Starts the delivery task (needs a tokio runtime).
    pub fn start(config: WebhookConfig, secret: Vec<u8>) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(config.timeout_ms))
            .connect_timeout(Duration::from_millis(config.timeout_ms))
            .build()
            .map_err(|e| format!("cannot build the webhook client: {e}"))?;
        let (tx, mut rx) = mpsc::channel::<Value>(QUEUE);
        let failed = Arc::new(AtomicU64::new(0));
        let failed_task = failed.clone();
        tokio::spawn(async move {
            while let Some(body) = rx.recv().await {
                if !deliver(&client, &config, &secret, &body).await {
                    failed_task.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        Ok(Self { tx, failed })
    }

    pub fn notify(&self, event: &str, request: &ApprovalRequest) {
        let body = json!({"event": event, "request": request});
        if self.tx.try_send(body).is_err() {
            self.failed.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(request = %request.id, "approval webhook queue full; notification dropped");
        }
    }
}

async fn deliver(
    client: &reqwest::Client,
    config: &WebhookConfig,
    secret: &[u8],
    body: &Value,
) -> bool {
    let bytes = body.to_string().into_bytes();
    let mut backoff = Duration::from_millis(200);
    for attempt in 1..=config.attempts {
        let ts = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let sent = client
            .post(&config.url)
            .header("content-type", "application/json")
            .header("x-warden-timestamp", ts.to_string())
            .header("x-warden-signature", signature(secret, ts, &bytes))
            .body(bytes.clone())
            .send()
            .await;
        match sent {
            Ok(r) if r.status().is_success() => return true,
            Ok(r) => {
                tracing::warn!(status = %r.status(), attempt, "approval webhook refused the notification")
            }
            Err(e) => tracing::warn!(error = %e, attempt, "approval webhook unreachable"),
        }
        if attempt < config.attempts {
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 3).min(Duration::from_secs(10));
        }
    }
    tracing::error!(url = %config.url, "approval webhook gave up after every attempt");
    false
}
