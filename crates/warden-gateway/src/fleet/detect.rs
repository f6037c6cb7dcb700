//! Detector state across a fleet: each gateway tells the others, in compact summaries, about
//! the denies its detectors recorded (at once) and the calls each agent made (batched every
//! [`FLUSH`]), over NOTIFY (topic [`TOPIC`]); each merges what it hears into its own engine.
//!
//! The hot path never waits on the database: [`crate::detect::Detection::observe`] only puts a
//! summary in a bounded in-memory outbox, and this module's thread publishes it. What travels
//! is an intent signature, hashes and event ids, never arguments. A notification lost while a
//! gateway is disconnected is not replayed: cross-host detection is best effort, the record of
//! every event is not.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use warden_core::{AgentRef, EventId};
use warden_detect::{FleetCalls, FleetDeny};
use warden_store::PgUrl;

use crate::detect::{Detection, FleetNews};

/// Notification topic of detector summaries.
pub const TOPIC: &str = "detect";
/// How often an agent's calls are published.
pub const FLUSH: Duration = Duration::from_millis(250);
/// Bound on the outbox between the hot path and the publisher.
pub const OUTBOX: usize = 8_192;
/// Calls per agent per flush (a NOTIFY payload stays well under PostgreSQL's 8,000 bytes);
/// more than any rate window needs to trip.
const CALLS_PER_FLUSH: usize = 64;
/// Agents with unpublished calls at once.
const MAX_AGENTS: usize = 1_024;

/// One notification: who sent it, and what.
#[derive(Serialize, Deserialize)]
struct Message {
    from: String,
    what: Summary,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Summary {
    Deny(FleetDeny),
    Calls(FleetCalls),
}

/// Merges a notification from another gateway (`own` is this gateway's id).
pub fn merge(detection: &Detection, own: &str, payload: &str) {
    let message: Message = match serde_json::from_str(payload) {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(error = %e, "a detector summary from the fleet does not parse; ignored");
            return;
        }
    };
    if message.from == own {
        return;
    }
    match message.what {
        Summary::Deny(d) => detection.merge_fleet_deny(d),
        Summary::Calls(c) => detection.merge_fleet_calls(c),
    }
}

/// The publishing thread; stops when dropped.
pub struct Publisher {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Publisher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts publishing what `outbox` receives, as gateway `own`.
pub fn publish(
    url: &PgUrl,
    own: String,
    outbox: flume::Receiver<FleetNews>,
) -> Result<Publisher, String> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let url = url.clone();
    let thread = std::thread::Builder::new()
        .name("warden-fleet-detect".into())
        .spawn(move || run(&url, &own, &outbox, &flag))
        .map_err(|e| format!("cannot start the fleet detector publisher: {e}"))?;
    Ok(Publisher {
        stop,
        thread: Some(thread),
    })
}

fn run(url: &PgUrl, own: &str, outbox: &flume::Receiver<FleetNews>, stop: &AtomicBool) {
    let mut conn: Option<warden_pg::postgres::Client> = None;
    let mut calls: HashMap<AgentRef, Vec<(i128, EventId)>> = HashMap::new();
    let mut flushed = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        match outbox.recv_timeout(FLUSH) {
            Ok(FleetNews::Deny(d)) => send(url, &mut conn, own, Summary::Deny(d)),
            Ok(FleetNews::Call(agent, ts, id)) => {
                if calls.len() < MAX_AGENTS || calls.contains_key(&agent) {
                    let list = calls.entry(agent).or_default();
                    if list.len() == CALLS_PER_FLUSH {
                        list.remove(0);
                    }
                    list.push((ts, id));
                }
            }
            Err(flume::RecvTimeoutError::Timeout) => {}
            Err(flume::RecvTimeoutError::Disconnected) => return,
        }
        if flushed.elapsed() >= FLUSH {
            flushed = Instant::now();
            for (agent, list) in calls.drain() {
                let summary = Summary::Calls(FleetCalls { agent, calls: list });
                send(url, &mut conn, own, summary);
            }
        }
    }
}

/// Publishes one summary, (re)connecting as needed; a failure is logged and the summary lost.
fn send(url: &PgUrl, conn: &mut Option<warden_pg::postgres::Client>, own: &str, what: Summary) {
    let payload = match serde_json::to_string(&Message {
        from: own.to_owned(),
        what,
    }) {
        Ok(p) => p,
        Err(_) => return,
    };
    if conn.as_ref().is_none_or(|c| c.is_closed()) {
        *conn = match url.connect() {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::warn!(error = %e, "fleet detector summaries: cannot connect; dropped");
                None
            }
        };
    }
    if let Some(c) = conn.as_mut() {
        if let Err(e) = warden_pg::notify(c, TOPIC, &payload) {
            tracing::warn!(error = %e, "fleet detector summary not published");
            *conn = None;
        }
    }
}
