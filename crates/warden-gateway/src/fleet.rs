//! What a gateway does differently when it shares a PostgreSQL with a fleet.
//!
//! `[store] url = "postgres://…"` (or `warden serve --store`) puts this gateway's audit log
//! (its own log, beside the other gateways' logs) and the identity state in that database.
//! This module wires the rest: the store options, hearing task ends recorded by other
//! gateways (so a task ended anywhere is ended here within a second), and the retention job
//! that drops event bodies older than `store.retention_days` while envelopes and proofs stay.

use std::sync::{Arc, Weak};
use std::time::Duration;

use warden_store::{Backend, PgUrl, StoreOptions};

use crate::config::Config;
use crate::server::AppState;

/// How often the retention job runs.
const RETENTION_EVERY: Duration = Duration::from_secs(3600);

/// The store options a gateway with `config` opens its log with.
pub fn store_options(config: &Config) -> Result<StoreOptions, String> {
    let backend = match config.store_url()? {
        Some(url) => Backend::Postgres(url),
        None => Backend::Sqlite,
    };
    Ok(StoreOptions {
        checkpoint_interval: config.checkpoint_interval(),
        backend,
        ..Default::default()
    })
}

/// Fleet background work; stops when dropped (or when the gateway state goes away).
pub struct Fleet {
    _listener: warden_pg::Listener,
    _retention: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Fleet {
    fn drop(&mut self) {
        if let Some(r) = &self._retention {
            r.abort();
        }
    }
}

/// Starts listening for other gateways' task ends and, if configured, the retention job.
pub(crate) fn start(
    state: &Arc<AppState>,
    url: &PgUrl,
    retention_days: Option<u32>,
) -> Result<Fleet, String> {
    let weak: Weak<AppState> = Arc::downgrade(state);
    let listener = warden_pg::Listener::spawn(url, Duration::from_secs(3600), move |note| {
        let Some(note) = note else { return };
        if note.topic != warden_store::TOPIC_TASK_END {
            return;
        }
        let (Some(state), Ok(task)) = (weak.upgrade(), warden_core::TaskId::new(note.payload))
        else {
            return;
        };
        if state.pipeline.tasks().end(&task) {
            tracing::info!(task = %task, "task ended on another gateway");
        }
    })
    .map_err(|e| format!("cannot listen for fleet notifications: {e}"))?;
    let retention = retention_days.map(|days| {
        let url = url.clone();
        tokio::spawn(async move {
            loop {
                let u = url.clone();
                match tokio::task::spawn_blocking(move || {
                    warden_store::drop_bodies_before(&u, days)
                })
                .await
                {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => tracing::warn!(error = %e, "retention failed; will retry"),
                    Err(e) => tracing::warn!(error = %e, "retention task failed"),
                }
                tokio::time::sleep(RETENTION_EVERY).await;
            }
        })
    });
    Ok(Fleet {
        _listener: listener,
        _retention: retention,
    })
}
