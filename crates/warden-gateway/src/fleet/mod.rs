//! What a gateway does differently when it shares a PostgreSQL with a fleet.
//!
//! `[store] url = "postgres://…"` (or `warden serve --store`) puts this gateway's audit log
//! (its own log, beside the other gateways' logs) and the identity state in that database.
//! This module wires the rest: the store options, hearing task ends and approval decisions
//! recorded by other gateways (so a task ended or a call approved anywhere holds here within a
//! second: NOTIFY, plus a catch-up read every 500 ms), and the retention job
//! that drops event bodies older than `store.retention_days` while envelopes and proofs stay.

mod detect;

use std::sync::{Arc, Weak};
use std::time::Duration;

use warden_store::{Backend, PgUrl, StoreOptions};

use crate::approvals::{self, store_pg::PgApprovals, ApprovalDb as _};
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
        linger: config.store_linger(),
        // When no call can be decided in enforce mode nothing waits on the writer.
        background_writer: !config.modes.may_enforce(config.gateway.mode),
        backend,
        ..Default::default()
    })
}

fn task_ended(state: &AppState, task: String) {
    let Ok(task) = warden_core::TaskId::new(task) else {
        return;
    };
    if state.pipeline.tasks().end(&task) {
        tracing::info!(task = %task, "task ended on another gateway");
    }
}

/// Merges every approval change since the last catch-up.
fn catch_up(state: &AppState, approvals: &PgApprovals, watermark: &mut i64) {
    match approvals.changed_since((*watermark - SEQ_MARGIN).max(0)) {
        Ok((rows, newest)) => {
            *watermark = newest.max(*watermark);
            for row in rows {
                state.mcp.tap.approvals.merge(row);
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not catch up on approval requests"),
    }
}

/// Fleet background work; stops when dropped (or when the gateway state goes away).
pub struct Fleet {
    _listener: warden_pg::Listener,
    _detect: detect::Publisher,
    _retention: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Fleet {
    fn drop(&mut self) {
        if let Some(r) = &self._retention {
            r.abort();
        }
    }
}

/// How often shared state is re-read even without a notification (a lost notification is
/// noticed within this).
const CATCH_UP: Duration = Duration::from_millis(500);
/// Sequence numbers commit out of order: each catch-up re-reads this far below the newest
/// one seen, so a transaction that took an older number but committed later is not missed.
const SEQ_MARGIN: i64 = 100;

/// Starts listening for other gateways' task ends and approval changes and, if configured,
/// the retention job.
pub(crate) fn start(
    state: &Arc<AppState>,
    url: &PgUrl,
    retention_days: Option<u32>,
) -> Result<Fleet, String> {
    let weak: Weak<AppState> = Arc::downgrade(state);
    let approvals = PgApprovals::open(url)?;
    let mut watermark = 0i64;
    // This gateway's name on the fleet channel, so it skips its own summaries.
    let own = crate::pipeline::new_event_id().to_string();
    let (outbox, outgoing) = flume::bounded(detect::OUTBOX);
    state.pipeline.detection().share_with_fleet(outbox);
    let publisher = detect::publish(url, own.clone(), outgoing)?;
    let listener = warden_pg::Listener::spawn(url, CATCH_UP, move |note| {
        let Some(state) = weak.upgrade() else { return };
        match note {
            None => catch_up(&state, &approvals, &mut watermark),
            Some(n) if n.topic == detect::TOPIC => {
                detect::merge(state.pipeline.detection(), &own, &n.payload)
            }
            Some(n) if n.topic == warden_store::TOPIC_TASK_END => task_ended(&state, n.payload),
            Some(n) if n.topic == approvals::store_pg::TOPIC => {
                match approvals.load_one(&n.payload) {
                    Ok(Some(row)) => state.mcp.tap.approvals.merge(row),
                    Ok(None) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "could not read a changed approval request")
                    }
                }
            }
            Some(_) => {}
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
        _detect: publisher,
        _retention: retention,
    })
}
