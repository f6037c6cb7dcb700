//! The delivery loop every sink runs under: read the durable log from the sink's cursor in
//! bounded batches, send, and move the cursor only on acknowledgement.
//!
//! Guarantees (documented in `docs/sinks.md`):
//! - at-least-once: the cursor is persisted after the destination acknowledged, so a crash or
//!   a shutdown mid-send re-sends; receivers dedupe by event id;
//! - nothing lost while a destination is down: the loop retries with capped exponential backoff
//!   and the log itself is the buffer (no in-memory queue to overflow);
//! - a refused event is not retried forever and does not block the others: when a batch is
//!   refused, its events are sent one by one, and each one refused on its own goes to the
//!   dead-letter spool with the reason before the cursor moves past it;
//! - no polling: an idle loop sleeps until the store reports a commit.

pub mod backoff;
pub mod cursor;
pub mod spool;
pub mod status;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use warden_core::StoredEvent;
use warden_store::{DataDir, EventFilter, Reader};

use crate::config::{DeliveryConfig, Start};
use crate::sink::{SendError, Sink};
use backoff::Backoff;
use cursor::Cursor;
use spool::DeadLetters;
use status::SinkStats;

/// First retry delay; doubles up to `max_backoff_ms`.
const INITIAL_BACKOFF: Duration = Duration::from_millis(100);

/// One sink's delivery loop.
pub struct Runner {
    name: String,
    sink: Box<dyn Sink>,
    reader: Arc<Mutex<Reader>>,
    config: DeliveryConfig,
    dir: PathBuf,
    cursor: Cursor,
    dead: DeadLetters,
    stats: Arc<SinkStats>,
    appended: watch::Receiver<u64>,
    /// Last acknowledged position.
    last: Option<u64>,
}

enum Attempt {
    Delivered,
    Rejected(String),
    Stopped,
}

impl Runner {
    /// Prepares sink `name` over `data`: opens its state directory, loads (or, on first start,
    /// places) its cursor. `appended` is the store's commit signal.
    pub fn new(
        name: &str,
        sink: Box<dyn Sink>,
        data: &DataDir,
        config: DeliveryConfig,
        appended: watch::Receiver<u64>,
        stats: Arc<SinkStats>,
    ) -> Result<Self, String> {
        let dir = status::sink_dir(data.root(), name);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let reader = Reader::open(data).map_err(|e| e.to_string())?;
        let cursor = Cursor::new(&dir);
        let last = match cursor.load()? {
            Some(last) => last,
            None => {
                let first = match config.start {
                    Start::Beginning => None,
                    Start::End => reader
                        .tree_size()
                        .map_err(|e| e.to_string())?
                        .checked_sub(1),
                };
                cursor.store(first)?;
                first
            }
        };
        stats.restore(&status::load_persisted(&dir));
        stats
            .next_seq
            .store(last.map_or(0, |s| s + 1), Ordering::Relaxed);
        let dead = DeadLetters::new(&dir);
        stats.dead_letters.store(dead.count(), Ordering::Relaxed);
        Ok(Self {
            name: name.to_owned(),
            sink,
            reader: Arc::new(Mutex::new(reader)),
            config,
            dir,
            cursor,
            dead,
            stats,
            appended,
            last,
        })
    }

    pub fn state_dir(&self) -> &Path {
        &self.dir
    }

    /// Delivers until `cancel` fires or the store stops. Errors are local failures (the state
    /// directory cannot be written, the log cannot be read), never a destination's.
    pub async fn run(mut self, cancel: CancellationToken) -> Result<(), String> {
        loop {
            // Mark the current size seen before reading, so a commit that lands after the read
            // still wakes the wait below.
            self.appended.borrow_and_update();
            let batch = self.read_batch().await?;
            if batch.is_empty() {
                tokio::select! {
                    changed = self.appended.changed() => {
                        if changed.is_err() {
                            return Ok(()); // the writer stopped
                        }
                    }
                    _ = cancel.cancelled() => return Ok(()),
                }
                continue;
            }
            if !self.deliver(&batch, &cancel).await? {
                return Ok(());
            }
        }
    }

    fn read_batch(
        &self,
    ) -> impl std::future::Future<Output = Result<Vec<StoredEvent>, String>> + Send + 'static {
        let reader = self.reader.clone();
        let filter = EventFilter {
            after_seq: self.last,
            limit: Some(self.config.batch_size),
            ..Default::default()
        };
        let read = tokio::task::spawn_blocking(move || {
            let reader = reader
                .lock()
                .map_err(|_| "the log reader is poisoned".to_owned())?;
            let mut out = Vec::new();
            reader
                .events(&filter, |e| {
                    out.push(e);
                    true
                })
                .map_err(|e| format!("cannot read the audit log: {e}"))?;
            Ok(out)
        });
        async move { read.await.map_err(|e| e.to_string())? }
    }

    /// Sends `batch`; on a refusal, isolates the refused events. `Ok(false)` = cancelled.
    async fn deliver(
        &mut self,
        batch: &[StoredEvent],
        cancel: &CancellationToken,
    ) -> Result<bool, String> {
        match self.attempt(batch, cancel).await {
            Attempt::Delivered => self.acknowledged(batch)?,
            Attempt::Stopped => return Ok(false),
            Attempt::Rejected(reason) if batch.len() == 1 => {
                self.dead_letter(&batch[0], &reason)?
            }
            Attempt::Rejected(_) => {
                for event in batch {
                    let one = std::slice::from_ref(event);
                    match self.attempt(one, cancel).await {
                        Attempt::Delivered => self.acknowledged(one)?,
                        Attempt::Rejected(reason) => self.dead_letter(event, &reason)?,
                        Attempt::Stopped => return Ok(false),
                    }
                }
            }
        }
        Ok(true)
    }

    /// Sends until acknowledged or refused, backing off while the destination is down.
    async fn attempt(&mut self, events: &[StoredEvent], cancel: &CancellationToken) -> Attempt {
        let mut backoff = Backoff::new(INITIAL_BACKOFF, self.config.max_backoff());
        loop {
            let result = tokio::select! {
                r = self.sink.send(events) => r,
                _ = cancel.cancelled() => return Attempt::Stopped,
            };
            match result {
                Ok(()) => {
                    if self.stats.retrying.swap(false, Ordering::Relaxed) {
                        tracing::info!(sink = %self.name, "destination is back; delivering");
                    }
                    return Attempt::Delivered;
                }
                Err(SendError::Rejected(reason)) => return Attempt::Rejected(reason),
                Err(SendError::Transient(reason)) => {
                    self.stats.failures.fetch_add(1, Ordering::Relaxed);
                    self.stats.set_error(&reason);
                    if !self.stats.retrying.swap(true, Ordering::Relaxed) {
                        tracing::warn!(sink = %self.name, error = %reason, "destination unavailable; retrying with backoff, events wait in the log");
                        let _ = status::save_persisted(&self.dir, &self.stats);
                    }
                    let delay = backoff.next_delay();
                    tokio::select! {
                        _ = tokio::time::sleep(delay) => {}
                        _ = cancel.cancelled() => return Attempt::Stopped,
                    }
                }
            }
        }
    }

    fn acknowledged(&mut self, events: &[StoredEvent]) -> Result<(), String> {
        let Some(last) = events.last() else {
            return Ok(());
        };
        self.advance(last.envelope.seq)?;
        self.stats
            .delivered
            .fetch_add(events.len() as u64, Ordering::Relaxed);
        status::save_persisted(&self.dir, &self.stats)
    }

    fn dead_letter(&mut self, event: &StoredEvent, reason: &str) -> Result<(), String> {
        tracing::warn!(sink = %self.name, seq = event.envelope.seq, id = %event.envelope.meta.id, %reason, "destination refused an event; moved to the dead-letter spool");
        self.dead.push(&self.name, event, reason)?;
        self.stats.dead_letters.fetch_add(1, Ordering::Relaxed);
        self.stats.set_error(reason);
        self.advance(event.envelope.seq)?;
        status::save_persisted(&self.dir, &self.stats)
    }

    fn advance(&mut self, seq: u64) -> Result<(), String> {
        self.cursor.store(Some(seq))?;
        self.last = Some(seq);
        self.stats.next_seq.store(seq + 1, Ordering::Relaxed);
        Ok(())
    }
}
