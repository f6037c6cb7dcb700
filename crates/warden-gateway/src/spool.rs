//! Observe mode's spool: events the audit log could not take (disk full, database locked,
//! writer gone) go to files on disk and are delivered to the log later, in the order they were
//! spooled. Observe mode never blocks an agent and never drops an event silently; enforce mode
//! does not use the spool (it denies what it cannot record).
//!
//! One thread owns the spool directory: it appends batches handed to it over a bounded queue
//! (a full queue or an unwritable spool counts the events as lost, loudly: metric and error
//! log), and retries delivery every `retry_ms` until the log takes everything. The spool is the
//! store's [`Fallback`]: the writer hands it what the log refused and, while anything is
//! spooled, every later observe-mode event too, so the log receives them in order (see
//! `warden_store`'s `holdback`).
//! A batch is deleted from the spool only once the log has acknowledged it durable; a batch the
//! log already holds (a crash between commit and delete) is recognised by its event ids.
//!
//! A reserve file of `reserve_bytes` is kept in the spool directory. When the spool's disk is
//! full, the reserve is released so the spool can still write; it is taken again once the spool
//! has drained.
//!
//! Segment files are JSON lines: one line per batch, `[{"meta": …, "body": …}, …]`; bodies are
//! the already-redacted canonical bodies, so the spool holds nothing the log would not.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use warden_core::{Body, EventMeta, NewEvent};
use warden_store::{Fallback, Store, StoreError};

use crate::pipeline::RecordStats;

/// `[spool]` in `warden.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SpoolConfig {
    /// Where spooled events are kept [default: `<data>/spool`]. A directory on another disk
    /// keeps observe mode recording when the data directory's disk fills.
    pub dir: Option<PathBuf>,
    /// Most bytes the spool may hold; events beyond are counted as lost.
    pub max_bytes: u64,
    /// Space held in reserve for the spool, released when its disk is full.
    pub reserve_bytes: u64,
    /// How often delivery to the audit log is retried while it fails.
    pub retry_ms: u64,
    /// Batches that may wait for the spool thread.
    pub queue_batches: usize,
}

impl Default for SpoolConfig {
    fn default() -> Self {
        Self {
            dir: None,
            max_bytes: 1 << 30,
            reserve_bytes: 4 << 20,
            retry_ms: 1000,
            queue_batches: 65_536,
        }
    }
}

impl SpoolConfig {
    pub fn validate(&self) -> Result<(), String> {
        if self.retry_ms == 0 || self.retry_ms > 600_000 {
            return Err("spool.retry_ms must be between 1 and 600000".into());
        }
        if self.queue_batches == 0 {
            return Err("spool.queue_batches must be at least 1".into());
        }
        Ok(())
    }
}

/// Handle to the spool thread. Cheap to clone.
#[derive(Clone)]
pub struct Spool {
    tx: flume::Sender<Msg>,
    /// Set while anything is spooled or on its way there.
    active: Arc<AtomicBool>,
    /// Held while `active` is set by [`Spool::put`] or cleared by the drained spool thread, so
    /// that a batch handed over as the spool drains is never left behind a cleared flag.
    turning: Arc<Mutex<()>>,
    stats: Arc<RecordStats>,
}

impl std::fmt::Debug for Spool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spool")
            .field("active", &self.is_active())
            .finish_non_exhaustive()
    }
}

impl Spool {
    /// Opens the spool in `dir` and starts its thread; anything left from an earlier run is
    /// delivered first.
    pub fn start(
        dir: PathBuf,
        config: &SpoolConfig,
        store: Store,
        stats: Arc<RecordStats>,
    ) -> Result<Self, String> {
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create the spool directory {}: {e}", dir.display()))?;
        // The spool holds what the log would: only its owner reads it, wherever it lives.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(
                |e| format!("cannot restrict the spool directory {}: {e}", dir.display()),
            )?;
        }
        let (tx, rx) = flume::bounded(config.queue_batches);
        let active = Arc::new(AtomicBool::new(false));
        let turning = Arc::new(Mutex::new(()));
        let mut worker = Worker {
            dir,
            config: config.clone(),
            store,
            stats: stats.clone(),
            active: active.clone(),
            turning: turning.clone(),
            current: None,
            next_segment: 0,
            bytes: 0,
            next_try: std::time::Instant::now(),
        };
        worker.scan()?;
        std::thread::Builder::new()
            .name("warden-spool".into())
            .spawn(move || worker.run(rx))
            .map_err(|e| format!("cannot start the spool thread: {e}"))?;
        Ok(Self {
            tx,
            active,
            turning,
            stats,
        })
    }

    /// Writes everything handed over so far, tries one last delivery, and stops the thread
    /// (blocking). What is still spooled stays on disk for the next run.
    pub fn stop(&self) {
        let (done, stopped) = flume::bounded(1);
        if self.tx.send(Msg::Stop(done)).is_ok() {
            let _ = stopped.recv();
        }
    }

    /// Whether events are spooled and not yet delivered: new events must follow them.
    pub fn is_active(&self) -> bool {
        self.active.load(Ordering::Acquire)
    }

    /// Hands `events` to the spool without waiting. If the spool cannot take them (its queue
    /// is full or its thread has stopped) they are counted as lost and logged.
    pub fn put(&self, events: Vec<NewEvent>) {
        let n = events.len() as u64;
        let sent = {
            let _turning = self.turning.lock().unwrap_or_else(|p| p.into_inner());
            self.active.store(true, Ordering::Release);
            self.tx.try_send(Msg::Batch(events))
        };
        if let Err(e) = sent {
            self.stats.spool_lost.fetch_add(n, Ordering::Relaxed);
            let reason = match e {
                flume::TrySendError::Full(_) => "the spool's queue is full",
                flume::TrySendError::Disconnected(_) => "the spool has stopped",
            };
            tracing::error!(events = n, reason, "the audit log and the spool both could not take events; they are lost (warden_spool_lost_events_total)");
        }
    }
}

impl Fallback for Spool {
    fn hand_over(&self, events: Vec<NewEvent>) {
        self.put(events);
    }

    fn is_drained(&self) -> bool {
        !self.is_active()
    }
}

enum Msg {
    Batch(Vec<NewEvent>),
    /// Write what is queued before this, try one last delivery, then stop and say so.
    Stop(flume::Sender<()>),
}

struct Segment {
    path: PathBuf,
    file: File,
}

struct Worker {
    dir: PathBuf,
    config: SpoolConfig,
    store: Store,
    stats: Arc<RecordStats>,
    active: Arc<AtomicBool>,
    turning: Arc<Mutex<()>>,
    /// The segment being appended to; sealed (closed) before delivery reads it.
    current: Option<Segment>,
    next_segment: u64,
    /// Bytes in segment files.
    bytes: u64,
    /// No delivery attempt before this (after a failed one): a log that is down is not
    /// hammered once per incoming batch.
    next_try: std::time::Instant,
}

impl Worker {
    /// Finds segments left by an earlier run.
    fn scan(&mut self) -> Result<(), String> {
        let segments = self.segments()?;
        for path in &segments {
            self.bytes += std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        }
        if let Some(last) = segments.last() {
            self.next_segment = segment_number(last).map_or(0, |n| n + 1);
            self.active.store(true, Ordering::Release);
            tracing::warn!(
                segments = segments.len(),
                "events spooled by an earlier run will be delivered to the audit log"
            );
        }
        Ok(())
    }

    fn run(mut self, rx: flume::Receiver<Msg>) {
        self.ensure_reserve();
        let retry = Duration::from_millis(self.config.retry_ms);
        loop {
            let wait = if self.active.load(Ordering::Acquire) {
                retry
            } else {
                Duration::from_secs(3600)
            };
            let mut stop = None;
            match rx.recv_timeout(wait) {
                Ok(msg) => {
                    let mut next = Some(msg);
                    while let Some(msg) = next.take() {
                        match msg {
                            Msg::Batch(batch) => self.write(batch),
                            Msg::Stop(done) => {
                                stop = Some(done);
                                break;
                            }
                        }
                        next = rx.try_recv().ok();
                    }
                    self.sync();
                }
                Err(flume::RecvTimeoutError::Timeout) => {}
                // Every handle is gone: what is spooled stays for the next run.
                Err(flume::RecvTimeoutError::Disconnected) => return,
            }
            let due = std::time::Instant::now() >= self.next_try || stop.is_some();
            if self.active.load(Ordering::Acquire) && due {
                if !self.deliver() {
                    self.next_try = std::time::Instant::now() + retry;
                } else if self.go_idle_if_empty(&rx) {
                    self.ensure_reserve();
                    tracing::info!(
                        "the spool is drained; events go to the audit log directly again"
                    );
                }
            }
            if let Some(done) = stop {
                let _ = done.send(());
                return;
            }
        }
    }

    /// Everything is delivered: clears `active` unless a batch arrived meanwhile (checked and
    /// cleared under the same lock [`Spool::put`] sets it under).
    fn go_idle_if_empty(&self, rx: &flume::Receiver<Msg>) -> bool {
        let _turning = self.turning.lock().unwrap_or_else(|p| p.into_inner());
        let empty = rx.is_empty();
        if empty {
            self.active.store(false, Ordering::Release);
        }
        empty
    }

    /// Appends one batch as one line of the current segment.
    fn write(&mut self, batch: Vec<NewEvent>) {
        let n = batch.len() as u64;
        let line = encode(&batch);
        if self.bytes + line.len() as u64 > self.config.max_bytes {
            self.lost(n, "the spool is full (spool.max_bytes)");
            return;
        }
        let mut result = self.append_line(&line);
        if matches!(&result, Err(e) if is_disk_full(e)) && self.release_reserve() {
            result = self.append_line(&line);
        }
        match result {
            Ok(()) => {
                self.bytes += line.len() as u64;
                self.stats.spooled.fetch_add(n, Ordering::Relaxed);
            }
            Err(e) => self.lost(n, &format!("the spool cannot be written: {e}")),
        }
    }

    fn lost(&self, n: u64, why: &str) {
        self.stats.spool_lost.fetch_add(n, Ordering::Relaxed);
        tracing::error!(events = n, reason = why, "the audit log and the spool both could not take events; they are lost (warden_spool_lost_events_total)");
    }

    fn append_line(&mut self, line: &[u8]) -> std::io::Result<()> {
        if self.current.is_none() {
            let path = self
                .dir
                .join(format!("segment-{:016}.jsonl", self.next_segment));
            self.next_segment += 1;
            let mut opts = OpenOptions::new();
            opts.create(true).append(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt as _;
                opts.mode(0o600);
            }
            let file = opts.open(&path)?;
            self.current = Some(Segment { path, file });
        }
        let Some(seg) = self.current.as_mut() else {
            return Err(std::io::Error::other("no spool segment"));
        };
        let before = seg.file.metadata()?.len();
        let written = seg.file.write_all(line);
        if written.is_err() {
            // A partial line would be unreadable: cut it off, and start the next batch on a
            // fresh segment.
            let _ = seg.file.set_len(before);
            self.current = None;
        }
        written
    }

    fn sync(&mut self) {
        if let Some(seg) = &self.current {
            if let Err(e) = seg.file.sync_data() {
                tracing::error!(error = %e, path = %seg.path.display(), "could not sync the spool");
            }
        }
    }

    /// Delivers every sealed segment, oldest first. Returns true when nothing is left.
    fn deliver(&mut self) -> bool {
        self.sync();
        self.current = None; // seal: the next batch starts a new segment
        let segments = match self.segments() {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "cannot list the spool");
                return false;
            }
        };
        for path in segments {
            match self.deliver_segment(&path) {
                Ok(()) => {
                    let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                    if let Err(e) = std::fs::remove_file(&path) {
                        tracing::error!(error = %e, path = %path.display(), "cannot remove a delivered spool segment");
                        return false;
                    }
                    self.bytes = self.bytes.saturating_sub(len);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the audit log still cannot take spooled events; retrying");
                    return false;
                }
            }
        }
        true
    }

    /// Appends each batch of one segment to the log, in order.
    fn deliver_segment(&self, path: &Path) -> Result<(), String> {
        let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (i, line) in BufReader::new(file).split(b'\n').enumerate() {
            let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
            if line.is_empty() {
                continue;
            }
            let batch = match decode(&line) {
                Ok(b) => b,
                Err(e) => {
                    // Cannot happen for lines this module wrote whole; say so rather than stall.
                    let n = line.len();
                    tracing::error!(path = %path.display(), line = i + 1, bytes = n, error = %e, "an unreadable spool line is skipped");
                    self.stats.spool_lost.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
            };
            let n = batch.len() as u64;
            match self.store.append_blocking(batch) {
                Ok(_) => {}
                // Delivered before a crash cut the segment's removal short.
                Err(StoreError::DuplicateId(_)) => {}
                Err(e) => return Err(e.to_string()),
            }
            self.stats.spool_delivered.fetch_add(n, Ordering::Relaxed);
        }
        Ok(())
    }

    fn segments(&self) -> Result<Vec<PathBuf>, String> {
        let read = std::fs::read_dir(&self.dir)
            .map_err(|e| format!("cannot read {}: {e}", self.dir.display()))?;
        let mut out: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| segment_number(p).is_some())
            .collect();
        out.sort_by_key(|p| segment_number(p));
        Ok(out)
    }

    fn reserve_path(&self) -> PathBuf {
        self.dir.join("reserve")
    }

    /// Takes the reserve (best effort: a disk too full for it now gets it after the drain).
    fn ensure_reserve(&self) {
        let want = self.config.reserve_bytes;
        let path = self.reserve_path();
        if want == 0 || std::fs::metadata(&path).is_ok_and(|m| m.len() >= want) {
            return;
        }
        let fill = || -> std::io::Result<()> {
            let mut f = File::create(&path)?;
            let chunk = vec![0u8; 64 * 1024];
            let mut left = want;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                f.write_all(&chunk[..n])?;
                left -= n as u64;
            }
            f.sync_all()
        };
        if let Err(e) = fill() {
            let _ = std::fs::remove_file(&path);
            tracing::warn!(error = %e, "could not reserve space for the spool");
        }
    }

    /// Frees the reserve; true when there was one.
    fn release_reserve(&self) -> bool {
        let released = std::fs::remove_file(self.reserve_path()).is_ok();
        if released {
            tracing::warn!("the spool's disk is full: its reserve is released");
        }
        released
    }
}

#[derive(Deserialize)]
struct Spooled {
    meta: EventMeta,
    body: serde_json::Value,
}

fn encode(batch: &[NewEvent]) -> Vec<u8> {
    let mut out = Vec::with_capacity(batch.len() * 512);
    out.push(b'[');
    for (i, e) in batch.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"meta\":");
        // EventMeta is plain data: serializing it cannot fail.
        if serde_json::to_writer(&mut out, &e.meta).is_err() {
            out.extend_from_slice(b"null");
        }
        out.extend_from_slice(b",\"body\":");
        out.extend_from_slice(e.body.canonical());
        out.push(b'}');
    }
    out.extend_from_slice(b"]\n");
    out
}

fn decode(line: &[u8]) -> Result<Vec<NewEvent>, String> {
    let items: Vec<Spooled> = serde_json::from_slice(line).map_err(|e| e.to_string())?;
    Ok(items
        .into_iter()
        .map(|s| NewEvent {
            meta: s.meta,
            // Bodies are canonical already; canonicalizing again yields the same bytes.
            body: Body::from_value(&s.body),
        })
        .collect())
}

fn segment_number(path: &Path) -> Option<u64> {
    let name = path.file_name()?.to_str()?;
    name.strip_prefix("segment-")?
        .strip_suffix(".jsonl")?
        .parse()
        .ok()
}

fn is_disk_full(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(libc::ENOSPC) || e.raw_os_error() == Some(libc::EDQUOT)
}

#[cfg(test)]
mod tests;
