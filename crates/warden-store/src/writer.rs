//! The single writer: group commit, Merkle append, checkpoint signing.
//!
//! One OS thread owns the write connection. Producers send append requests over a bounded
//! queue (the back-pressure point: a full queue makes `append` wait, it never drops). The writer
//! takes everything queued, up to a batch limit, appends it in one transaction with one fsync,
//! and only then acknowledges each request. Each request gets its own savepoint, so one bad
//! request (a duplicate id) fails alone without failing its neighbours in the group.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection};
use tokio::sync::{oneshot, watch};
use warden_core::checkpoint::Checkpoint;
use warden_core::merkle::{CompactRange, Hash};
use warden_core::{Envelope, EventId, EventKind, NewEvent};

use crate::datadir::{DataDir, LogKeys};
use crate::holdback::{Fallback, Holdback};
use crate::schema;
use crate::StoreError;

/// Tuning of the writer.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    /// Longest time events may sit in the log without a signed checkpoint covering them.
    pub checkpoint_interval: Duration,
    /// Most events in one transaction.
    pub max_batch_events: usize,
    /// Append requests that may wait in the queue before `append` itself waits.
    pub queue_requests: usize,
    /// How long a group nobody waits on (observe mode's [`Store::submit`]) stays open for more
    /// requests before it commits. A busy gateway then commits, and fsyncs, a few large groups
    /// instead of many small ones; an [`Store::append`] that arrives closes the group at once.
    pub linger: Duration,
    /// The writer thread runs at a lower scheduling priority than the traffic. Set it when
    /// nothing waits on the writer (observe mode): recording then yields the CPU to the calls
    /// it records. Leave it off when calls wait for their events to be durable (enforce mode),
    /// where the writer is on their path.
    pub background_writer: bool,
    /// Where the log lives: the data directory's SQLite file, or a shared PostgreSQL.
    pub backend: Backend,
}

/// The database behind the log. The data directory still holds the keys either way.
// Chosen once per store from the configuration: the URL's size costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Default)]
pub enum Backend {
    /// `<data>/warden.db`: one gateway, embedded, fastest.
    #[default]
    Sqlite,
    /// A PostgreSQL database shared by a fleet; this gateway writes its own log in it.
    Postgres(warden_pg::PgUrl),
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            checkpoint_interval: Duration::from_secs(1),
            max_batch_events: 16_384,
            queue_requests: 4_096,
            linger: Duration::from_millis(2),
            background_writer: false,
            backend: Backend::Sqlite,
        }
    }
}

/// Where an appended event landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub id: EventId,
    pub seq: u64,
}

pub(crate) type Ack<T> = oneshot::Sender<Result<T, StoreError>>;

/// Events queued by [`Store::submit`]; await it to learn when (and whether) they are durable.
pub struct Pending(pub(crate) oneshot::Receiver<Result<Vec<Receipt>, StoreError>>);

impl Pending {
    pub async fn durable(self) -> Result<Vec<Receipt>, StoreError> {
        self.0.await.map_err(|_| StoreError::WriterGone)?
    }
}

/// Who learns how an append went.
pub(crate) enum Reply {
    /// A caller waiting on the receipts.
    Waiting(Ack<Vec<Receipt>>),
    /// Nobody waits ([`Store::submit_detached`]): success needs no word, a failure is counted,
    /// logged and handed to this.
    Detached(OnFailure),
    /// Nobody waits, and what the log cannot take goes here, in order
    /// ([`Store::submit_with_fallback`]; see `holdback`).
    Fallback(Arc<dyn Fallback>),
}

/// Told when events submitted without waiting could not be recorded.
pub type OnFailure = Arc<dyn Fn(&StoreError) + Send + Sync>;

impl Reply {
    pub(crate) fn send(self, result: Result<Vec<Receipt>, StoreError>) {
        match (self, result) {
            (Reply::Waiting(ack), result) => {
                let _ = ack.send(result);
            }
            (Reply::Detached(_) | Reply::Fallback(_), Ok(_)) => {}
            (Reply::Detached(on_failure), Err(e)) => {
                tracing::error!(error = %e, "recording events failed after they were accepted");
                on_failure(&e);
            }
            // A request refused alone (its id is already in the log: a client's retry); a
            // group that failed goes to the fallback in `Holdback::refuse` instead.
            (Reply::Fallback(_), Err(e)) => {
                tracing::warn!(error = %e, "the audit log refused events it already holds");
            }
        }
    }
}

pub(crate) enum Command {
    Append {
        events: Vec<NewEvent>,
        reply: Reply,
        /// A caller answers a client only once these are durable: commit without lingering.
        urgent: bool,
    },
    Checkpoint {
        ack: Ack<u64>,
    },
    /// Drain what is queued, sign a final checkpoint, stop.
    Shutdown {
        ack: Ack<u64>,
    },
}

/// Counters the gateway exports as metrics.
#[derive(Debug, Default)]
pub struct WriterStats {
    pub events: AtomicU64,
    pub commits: AtomicU64,
    pub failed_requests: AtomicU64,
    pub checkpoints: AtomicU64,
    pub tree_size: AtomicU64,
}

/// Handle to the audit log. Cheap to clone; the writer stops when the last handle is dropped or
/// [`Store::close`] is called, writing a final checkpoint either way.
#[derive(Clone)]
pub struct Store {
    tx: flume::Sender<Command>,
    dir: DataDir,
    stats: Arc<WriterStats>,
    thread: Arc<Mutex<Option<JoinHandle<()>>>>,
    /// The writer thread, woken when an urgent request ends its linger.
    writer: std::thread::Thread,
    /// The tree size after each commit, for readers that follow the log (sinks) without polling.
    appended: watch::Receiver<u64>,
    /// The fleet database this log is in (none: the data directory's SQLite).
    postgres: Option<crate::PgUrl>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.dir.root())
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the audit log in `dir` and starts the writer. If the previous run stopped without a
    /// final checkpoint (a crash), one covering every durable event is signed before returning.
    pub fn open(dir: &DataDir, options: StoreOptions) -> Result<Self, StoreError> {
        if let Backend::Postgres(url) = &options.backend {
            let mut store = crate::pg::open_store(dir, url, options.clone())?;
            store.postgres = Some(url.clone());
            return Ok(store);
        }
        let keys = dir.log_keys()?;
        let lock = dir.lock_writer()?;
        let conn = Connection::open(dir.db_path())?;
        schema::configure(&conn)?;
        schema::migrate(&conn).map_err(|reason| StoreError::Damaged {
            path: dir.db_path(),
            reason,
        })?;
        // The writer never copies the WAL back into the database itself: a second thread does,
        // so commits only pay for appending to the WAL and its fsync.
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")?;
        let wal_stop = spawn_wal_checkpointer(dir)?;
        let mut state =
            WriterState::load(conn, dir.clone(), keys, options.clone(), lock, wal_stop)?;
        if state.last_checkpoint_size == 0 && dir.read_checkpoint_file().is_none() {
            state.witness_empty_log();
        }
        if state.frontier.size() > state.last_checkpoint_size {
            state.checkpoint_now()?;
        }
        let stats = Arc::new(WriterStats::default());
        stats
            .tree_size
            .store(state.frontier.size(), Ordering::Relaxed);
        let (tx, rx) = flume::bounded(options.queue_requests.max(1));
        let (appended_tx, appended) = watch::channel(state.frontier.size());
        let thread_stats = stats.clone();
        let background = options.background_writer;
        let handle = std::thread::Builder::new()
            .name("warden-writer".into())
            .spawn(move || {
                if background {
                    crate::lower_thread_priority();
                }
                state.run(rx, &thread_stats, &appended_tx)
            })
            .map_err(|e| StoreError::Invalid(format!("cannot start the writer thread: {e}")))?;
        Ok(Self::from_parts(tx, dir, stats, handle, appended))
    }

    /// A handle over a running writer thread (of either backend).
    pub(crate) fn from_parts(
        tx: flume::Sender<Command>,
        dir: &DataDir,
        stats: Arc<WriterStats>,
        handle: JoinHandle<()>,
        appended: watch::Receiver<u64>,
    ) -> Self {
        Self {
            tx,
            dir: dir.clone(),
            stats,
            writer: handle.thread().clone(),
            thread: Arc::new(Mutex::new(Some(handle))),
            appended,
            postgres: None,
        }
    }

    /// Opens the read side of whichever backend this log is in (every gateway's log, for a
    /// fleet database).
    pub fn open_reader(&self) -> Result<Box<dyn crate::ReadLog>, StoreError> {
        crate::open_log(&self.dir, self.postgres.as_ref())
    }

    /// Follows the log's size: the receiver sees the tree size after every commit (and sees the
    /// sender close when the writer stops). Sinks wait on it instead of polling.
    pub fn subscribe_appends(&self) -> watch::Receiver<u64> {
        self.appended.clone()
    }

    pub fn data_dir(&self) -> &DataDir {
        &self.dir
    }

    pub fn stats(&self) -> &WriterStats {
        &self.stats
    }

    /// Appends `events` in order; resolves once they are durable, with their receipts.
    pub async fn append(&self, events: Vec<NewEvent>) -> Result<Vec<Receipt>, StoreError> {
        let (ack, done) = oneshot::channel();
        self.tx
            .send_async(Command::Append {
                events,
                reply: Reply::Waiting(ack),
                urgent: true,
            })
            .await
            .map_err(|_| StoreError::WriterGone)?;
        self.writer.unpark();
        done.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Queues `events` without waiting for them to be durable; the returned receiver resolves
    /// when they are. Waits only while the writer's queue is full (back-pressure, never a drop).
    /// Observe mode uses this so an agent is never held for an fsync.
    pub async fn submit(&self, events: Vec<NewEvent>) -> Result<Pending, StoreError> {
        let (ack, done) = oneshot::channel();
        self.tx
            .send_async(Command::Append {
                events,
                reply: Reply::Waiting(ack),
                urgent: false,
            })
            .await
            .map_err(|_| StoreError::WriterGone)?;
        Ok(Pending(done))
    }

    /// Queues `events` and waits for nothing more (observe mode's recording): like
    /// [`Store::submit`] without a receiver to hold and await. A failure to make them durable
    /// is logged, counted in [`WriterStats::failed_requests`] and handed to `on_failure`.
    pub async fn submit_detached(
        &self,
        events: Vec<NewEvent>,
        on_failure: OnFailure,
    ) -> Result<(), StoreError> {
        self.tx
            .send_async(Command::Append {
                events,
                reply: Reply::Detached(on_failure),
                urgent: false,
            })
            .await
            .map_err(|_| StoreError::WriterGone)
    }

    /// Queues `events` without waiting (observe mode with a spool): what the log cannot take
    /// is handed to `fallback` instead, and later events submitted this way follow it there
    /// until it has delivered everything back, so the log receives them in submission order.
    pub async fn submit_with_fallback(
        &self,
        events: Vec<NewEvent>,
        fallback: Arc<dyn Fallback>,
    ) -> Result<(), StoreError> {
        self.tx
            .send_async(Command::Append {
                events,
                reply: Reply::Fallback(fallback),
                urgent: false,
            })
            .await
            .map_err(|_| StoreError::WriterGone)
    }

    /// Blocking form of [`Store::append`], for threads outside an async runtime.
    pub fn append_blocking(&self, events: Vec<NewEvent>) -> Result<Vec<Receipt>, StoreError> {
        let (ack, done) = oneshot::channel();
        self.tx
            .send(Command::Append {
                events,
                reply: Reply::Waiting(ack),
                urgent: true,
            })
            .map_err(|_| StoreError::WriterGone)?;
        self.writer.unpark();
        done.blocking_recv().map_err(|_| StoreError::WriterGone)?
    }

    /// Signs a checkpoint now (if anything is uncovered) and returns the tree size it covers.
    pub async fn checkpoint(&self) -> Result<u64, StoreError> {
        let (ack, done) = oneshot::channel();
        self.tx
            .send_async(Command::Checkpoint { ack })
            .await
            .map_err(|_| StoreError::WriterGone)?;
        self.writer.unpark();
        done.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Drains the queue, signs a final checkpoint and stops the writer; returns the final tree
    /// size. Every handle gets [`StoreError::WriterGone`] afterwards.
    pub fn close(&self) -> Result<u64, StoreError> {
        let (ack, done) = oneshot::channel();
        let sent = self.tx.send(Command::Shutdown { ack }).is_ok();
        self.writer.unpark();
        let size = if sent {
            done.blocking_recv().map_err(|_| StoreError::WriterGone)?
        } else {
            Err(StoreError::WriterGone)
        };
        if let Some(handle) = self.thread.lock().ok().and_then(|mut h| h.take()) {
            let _ = handle.join();
        }
        size
    }
}

struct WriterState {
    /// Held for the writer's lifetime: one writer per data directory, and `verify` can tell a
    /// live writer's unsigned tail from rows appended behind Warden's back.
    _lock: std::fs::File,
    /// Dropped when the writer stops, which stops the WAL checkpointer.
    _wal_stop: flume::Sender<()>,
    conn: Connection,
    dir: DataDir,
    keys: LogKeys,
    options: StoreOptions,
    frontier: CompactRange,
    last_checkpoint_size: u64,
    last_checkpoint_at: Instant,
    holdback: Holdback,
}

const FRONTIER_KEY: &str = "frontier";
const ORIGIN_KEY: &str = "origin";

impl WriterState {
    fn load(
        conn: Connection,
        dir: DataDir,
        keys: LogKeys,
        options: StoreOptions,
        lock: std::fs::File,
        wal_stop: flume::Sender<()>,
    ) -> Result<Self, StoreError> {
        let damaged = |reason: String| StoreError::Damaged {
            path: dir.db_path(),
            reason,
        };
        let stored_origin: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [ORIGIN_KEY], |r| {
                r.get(0)
            })
            .ok();
        match stored_origin {
            None => {
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES (?1, ?2)",
                    params![ORIGIN_KEY, keys.origin],
                )?;
            }
            Some(o) if o == keys.origin => {}
            Some(o) => {
                return Err(damaged(format!(
                    "the database belongs to log {o:?} but the keys are for {:?}",
                    keys.origin
                )))
            }
        }
        let frontier = match conn.query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [FRONTIER_KEY],
            |r| r.get::<_, Vec<u8>>(0),
        ) {
            Ok(bytes) => CompactRange::from_bytes(&bytes).ok_or_else(|| {
                damaged("the stored Merkle frontier is corrupt; run `warden verify`".into())
            })?,
            Err(rusqlite::Error::QueryReturnedNoRows) => CompactRange::new(),
            Err(e) => return Err(e.into()),
        };
        let rows: i64 =
            conn.query_row("SELECT COALESCE(MAX(seq) + 1, 0) FROM events", [], |r| {
                r.get(0)
            })?;
        let rows = rows as u64;
        if rows != frontier.size() {
            return Err(damaged(format!(
                "the log holds {rows} events but its Merkle frontier covers {}; run `warden verify` to find the damage",
                frontier.size()
            )));
        }
        let last_checkpoint_size: i64 =
            conn.query_row("SELECT COALESCE(MAX(size), 0) FROM checkpoints", [], |r| {
                r.get(0)
            })?;
        let last_checkpoint_size = last_checkpoint_size as u64;
        Ok(Self {
            _lock: lock,
            _wal_stop: wal_stop,
            conn,
            dir,
            keys,
            options,
            frontier,
            last_checkpoint_size,
            last_checkpoint_at: Instant::now(),
            holdback: Holdback::default(),
        })
    }

    fn run(
        mut self,
        rx: flume::Receiver<Command>,
        stats: &WriterStats,
        appended: &watch::Sender<u64>,
    ) {
        loop {
            let uncovered = self.frontier.size() > self.last_checkpoint_size;
            let wait = if uncovered {
                self.options
                    .checkpoint_interval
                    .saturating_sub(self.last_checkpoint_at.elapsed())
            } else {
                Duration::from_secs(3600)
            };
            match rx.recv_timeout(wait) {
                Ok(cmd) => {
                    let batch = gather(&rx, cmd, &self.options);
                    let stop = self.process(batch, stats);
                    // After the acks: followers (sinks) read what is now durable.
                    appended.send_replace(self.frontier.size());
                    if stop {
                        return;
                    }
                }
                Err(flume::RecvTimeoutError::Timeout) => {
                    if let Err(e) = self.checkpoint_now() {
                        tracing::error!(error = %e, "signing a checkpoint failed");
                    } else {
                        stats.checkpoints.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Err(flume::RecvTimeoutError::Disconnected) => break,
            }
        }
        if self.frontier.size() > self.last_checkpoint_size {
            if let Err(e) = self.checkpoint_now() {
                tracing::error!(error = %e, "signing the final checkpoint failed");
            }
        }
    }

    /// Commits one group; returns true when a shutdown was requested (and has been done).
    fn process(&mut self, batch: Vec<Command>, stats: &WriterStats) -> bool {
        let mut appends = Vec::new();
        let mut size_acks = Vec::new();
        let mut stop = false;
        for cmd in batch {
            match cmd {
                Command::Append { events, reply, .. } => appends.push((events, reply)),
                Command::Checkpoint { ack } => size_acks.push(ack),
                Command::Shutdown { ack } => {
                    stop = true;
                    size_acks.push(ack);
                }
            }
        }
        let before = self.frontier.clone();
        let (requests, replies) = self.holdback.admit(appends);
        match self.append_group(&requests, replies, !size_acks.is_empty()) {
            Ok((acks, checkpointed)) => {
                stats.commits.fetch_add(1, Ordering::Relaxed);
                stats
                    .checkpoints
                    .fetch_add(u64::from(checkpointed), Ordering::Relaxed);
                stats
                    .tree_size
                    .store(self.frontier.size(), Ordering::Relaxed);
                for (ack, result) in acks {
                    match &result {
                        Ok(receipts) => stats
                            .events
                            .fetch_add(receipts.len() as u64, Ordering::Relaxed),
                        Err(_) => stats.failed_requests.fetch_add(1, Ordering::Relaxed),
                    };
                    ack.send(result);
                }
                for ack in size_acks {
                    let _ = ack.send(Ok(self.last_checkpoint_size));
                }
            }
            Err((replies, e)) => {
                // The transaction did not commit: nothing of this group is durable.
                self.frontier = before;
                tracing::error!(error = %e, "committing a group of events failed");
                let message = format!("the audit log could not record the events: {e}");
                self.holdback.refuse(requests, replies, &message, stats);
                for ack in size_acks {
                    let _ = ack.send(Err(StoreError::Invalid(message.clone())));
                }
            }
        }
        stop
    }

    /// Appends every request in one transaction. Returns each request's result (to send once
    /// committed) and whether a checkpoint was signed, or the acks to fail if the commit failed.
    #[allow(clippy::type_complexity)]
    fn append_group(
        &mut self,
        requests: &[Vec<NewEvent>],
        replies: Vec<Reply>,
        force_checkpoint: bool,
    ) -> Result<(Vec<(Reply, Result<Vec<Receipt>, StoreError>)>, bool), (Vec<Reply>, StoreError)>
    {
        if let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
            return Err((replies, e.into()));
        }
        let (outcomes, index) = match self.append_all(requests) {
            Ok(r) => r,
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err((replies, e));
            }
        };
        let results: Vec<_> = replies.into_iter().zip(outcomes).collect();
        let outcome = (|| -> Result<bool, StoreError> {
            index.flush(&self.conn)?;
            self.conn
                .prepare_cached(
                    "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                )?
                .execute(params![FRONTIER_KEY, self.frontier.to_bytes()])?;
            let due = self.last_checkpoint_at.elapsed() >= self.options.checkpoint_interval;
            let sign =
                (due || force_checkpoint) && self.frontier.size() > self.last_checkpoint_size;
            let note = if sign {
                Some(self.insert_checkpoint()?)
            } else {
                None
            };
            self.conn.execute_batch("COMMIT")?;
            if let Some((size, note)) = note {
                self.after_checkpoint(size, &note);
            }
            Ok(sign)
        })();
        match outcome {
            Ok(signed) => Ok((results, signed)),
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err((results.into_iter().map(|(a, _)| a).collect(), e))
            }
        }
    }

    /// Appends every request of a group inside the open transaction; returns each request's
    /// result and the group's index rows.
    ///
    /// First without savepoints: each request's savepoint would copy every page it touches
    /// into the sub-journal again (the same right-hand pages of each index, request after
    /// request), which cost more than the inserts once groups grew large. Only a constraint
    /// violation (an id already in the log: a client's retry) can fail one request alone;
    /// then the group is undone and appended again request by request, each in a savepoint,
    /// so that only the offending request fails.
    #[allow(clippy::type_complexity)]
    fn append_all(
        &mut self,
        requests: &[Vec<NewEvent>],
    ) -> Result<(Vec<Result<Vec<Receipt>, StoreError>>, IndexDelta), StoreError> {
        let before = self.frontier.clone();
        let mut index = IndexDelta::default();
        let mut outcomes = Vec::with_capacity(requests.len());
        let mut refused = false;
        for events in requests {
            let mut receipts = Vec::with_capacity(events.len());
            for event in events {
                match self.insert_event(event, &mut index) {
                    Ok(r) => receipts.push(r),
                    Err(StoreError::DuplicateId(_)) => {
                        refused = true;
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
            if refused {
                break;
            }
            outcomes.push(Ok(receipts));
        }
        if !refused {
            return Ok((outcomes, index));
        }
        self.conn.execute_batch("ROLLBACK; BEGIN IMMEDIATE")?;
        self.frontier = before;
        let mut index = IndexDelta::default();
        let outcomes = requests
            .iter()
            .map(|events| self.append_request(events, &mut index))
            .collect();
        Ok((outcomes, index))
    }

    fn append_request(
        &mut self,
        events: &[NewEvent],
        index: &mut IndexDelta,
    ) -> Result<Vec<Receipt>, StoreError> {
        // Cached statements: a group may hold thousands of requests, and `execute_batch` would
        // parse these again for each.
        self.conn.prepare_cached("SAVEPOINT request")?.execute([])?;
        let before = self.frontier.clone();
        // The request's own index rows, merged into the group's only if it commits: cheaper
        // than copying the group's delta before every request (a group holds thousands).
        let mut delta = IndexDelta::default();
        let mut receipts = Vec::with_capacity(events.len());
        let mut outcome = Ok(());
        for event in events {
            match self.insert_event(event, &mut delta) {
                Ok(r) => receipts.push(r),
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        match outcome {
            Ok(()) => {
                self.conn.prepare_cached("RELEASE request")?.execute([])?;
                index.merge(delta);
                Ok(receipts)
            }
            Err(e) => {
                self.conn
                    .execute_batch("ROLLBACK TO request; RELEASE request")?;
                self.frontier = before;
                Err(e)
            }
        }
    }

    fn insert_event(
        &mut self,
        event: &NewEvent,
        index: &mut IndexDelta,
    ) -> Result<Receipt, StoreError> {
        let seq = self.frontier.size();
        let id = event.meta.id;
        let ts_ns = clamp_ns(event.meta.ts.unix_nanos());
        let bytes = Envelope::canonical_bytes_of(seq, &event.meta, event.body.hash());
        let leaf: Hash = warden_core::merkle::leaf_hash(&bytes);
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO events(seq, id, ts_ns, kind, session_id, task_id, agent, envelope, leaf, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let m = &event.meta;
        let inserted = stmt.execute(params![
            seq as i64,
            &id.as_bytes()[..],
            ts_ns,
            m.kind.as_str(),
            m.session_id.as_str(),
            m.task_id.as_str(),
            m.agent.as_str(),
            bytes,
            &leaf[..],
            event.body.canonical(),
        ]);
        match inserted {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                return Err(StoreError::DuplicateId(id.to_string()));
            }
            Err(e) => return Err(e.into()),
        }
        index.observe(event);
        self.frontier.push(leaf);
        Ok(Receipt { id, seq })
    }

    fn insert_checkpoint(&mut self) -> Result<(u64, String), StoreError> {
        let checkpoint = Checkpoint {
            origin: self.keys.origin.clone(),
            size: self.frontier.size(),
            root: self.frontier.root(),
        };
        let note = self.keys.signer.sign(&checkpoint);
        self.conn.execute(
            "INSERT INTO checkpoints(size, root, signed_at_ns, note) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(size) DO NOTHING",
            params![checkpoint.size as i64, &checkpoint.root[..], now_ns(), note],
        )?;
        Ok((checkpoint.size, note))
    }

    fn after_checkpoint(&mut self, size: u64, note: &str) {
        self.last_checkpoint_size = size;
        self.last_checkpoint_at = Instant::now();
        if let Err(e) = self.dir.write_checkpoint_file(note) {
            // The database copy is authoritative; the file is a second witness.
            tracing::warn!(error = %e, "could not update the latest-checkpoint file");
        }
    }

    /// Writes a signed checkpoint of the empty log to the latest-checkpoint file of a store that
    /// has none yet. The database is committed before the file is replaced, so a crash between
    /// the first checkpoint's commit and its file leaves this file behind, one the verifier
    /// accepts, instead of no file, which it must read as a deletion.
    fn witness_empty_log(&mut self) {
        let empty = Checkpoint {
            origin: self.keys.origin.clone(),
            size: 0,
            root: warden_core::merkle::empty_root(),
        };
        let note = self.keys.signer.sign(&empty);
        if let Err(e) = self.dir.write_checkpoint_file(&note) {
            tracing::warn!(error = %e, "could not write the latest-checkpoint file");
        }
    }

    /// Signs a checkpoint of everything appended, in its own transaction.
    fn checkpoint_now(&mut self) -> Result<(), StoreError> {
        if self.frontier.size() == self.last_checkpoint_size {
            self.last_checkpoint_at = Instant::now();
            return Ok(());
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match self.insert_checkpoint() {
            Ok((size, note)) => {
                self.conn.execute_batch("COMMIT")?;
                self.after_checkpoint(size, &note);
                Ok(())
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

/// Starts the thread that moves committed WAL frames into the database file every 200 ms, and
/// truncates the WAL when the writer stops. Returns the sender whose drop stops it.
fn spawn_wal_checkpointer(dir: &DataDir) -> Result<flume::Sender<()>, StoreError> {
    let conn = Connection::open(dir.db_path())?;
    conn.execute_batch("PRAGMA busy_timeout = 5000;")?;
    let (stop, stopped) = flume::bounded::<()>(0);
    std::thread::Builder::new()
        .name("warden-wal".into())
        .spawn(move || {
            // Never on anyone's path: checkpointing yields to the traffic and to the writer.
            crate::lower_thread_priority();
            wal_checkpoint_loop(&conn, &stopped)
        })
        .map_err(|e| StoreError::Invalid(format!("cannot start the WAL checkpointer: {e}")))?;
    Ok(stop)
}

/// Every 200 ms moves committed WAL frames into the database file; truncates the WAL when
/// `stopped` disconnects.
fn wal_checkpoint_loop(conn: &Connection, stopped: &flume::Receiver<()>) {
    loop {
        match stopped.recv_timeout(Duration::from_millis(200)) {
            Err(flume::RecvTimeoutError::Timeout) | Ok(()) => {
                if let Err(e) = conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE);") {
                    tracing::warn!(error = %e, "WAL checkpoint failed; will retry");
                }
            }
            Err(flume::RecvTimeoutError::Disconnected) => {
                let _ = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
                return;
            }
        }
    }
}

impl Command {
    fn events(&self) -> usize {
        match self {
            Command::Append { events, .. } => events.len(),
            _ => 0,
        }
    }

    fn urgent(&self) -> bool {
        match self {
            Command::Append { urgent, .. } => *urgent,
            Command::Checkpoint { .. } | Command::Shutdown { .. } => true,
        }
    }
}

/// One group for the writer: `first`, what is queued behind it up to the batch limit, and,
/// while nothing in the group is urgent, what arrives within [`StoreOptions::linger`]. The
/// writer sleeps through the linger rather than waking for each request; an urgent request
/// wakes it ([`Store::append`] unparks the thread).
pub(crate) fn gather(
    rx: &flume::Receiver<Command>,
    first: Command,
    options: &StoreOptions,
) -> Vec<Command> {
    let deadline = Instant::now() + options.linger;
    let mut events = first.events();
    let mut urgent = first.urgent();
    let mut batch = vec![first];
    loop {
        while events < options.max_batch_events {
            let Ok(next) = rx.try_recv() else { break };
            events += next.events();
            urgent |= next.urgent();
            batch.push(next);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if urgent || events >= options.max_batch_events || left.is_zero() {
            return batch;
        }
        std::thread::park_timeout(left);
    }
}

pub(crate) fn clamp_ns(ns: i128) -> i64 {
    ns.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

pub(crate) fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

/// Session and task index rows touched by a group, merged so each is written once per commit.
#[derive(Clone, Default)]
pub(crate) struct IndexDelta {
    pub(crate) sessions: BTreeMap<String, SessionDelta>,
    pub(crate) tasks: BTreeMap<String, TaskDelta>,
}

#[derive(Clone)]
pub(crate) struct SessionDelta {
    pub(crate) task_id: String,
    /// The agent the session is listed under: an attested one wins over an unattested one.
    pub(crate) agent: String,
    /// Every agent seen in the session (subagents, delegation hops): the UI's agent tree.
    pub(crate) agents: BTreeSet<String>,
    pub(crate) first_ts: i64,
    pub(crate) last_ts: i64,
    pub(crate) events: i64,
    pub(crate) alerts: i64,
}

impl SessionDelta {
    /// Whether `candidate` should replace the listed agent: attested beats unattested, and a
    /// later agent of the same standing replaces an earlier one.
    fn prefers(&self, candidate: &str, attested: bool) -> bool {
        self.agent != candidate && (attested || !self.agent.starts_with("spiffe://"))
    }
}

#[derive(Clone, Default)]
pub(crate) struct TaskDelta {
    pub(crate) first_ts: i64,
    pub(crate) declared: Option<(Option<String>, String)>,
    pub(crate) ended_ts: Option<i64>,
}

impl IndexDelta {
    pub(crate) fn observe(&mut self, event: &NewEvent) {
        let m = &event.meta;
        let ts = clamp_ns(m.ts.unix_nanos());
        let alert = i64::from(m.kind == EventKind::Alert);
        // Look up before inserting: most events hit an existing entry, and `entry` would
        // allocate the owned key every time.
        if !self.sessions.contains_key(m.session_id.as_str()) {
            let delta = SessionDelta {
                task_id: m.task_id.as_str().to_owned(),
                agent: m.agent.as_str().to_owned(),
                agents: BTreeSet::new(),
                first_ts: ts,
                last_ts: ts,
                events: 0,
                alerts: 0,
            };
            self.sessions
                .insert(m.session_id.as_str().to_owned(), delta);
        }
        if let Some(s) = self.sessions.get_mut(m.session_id.as_str()) {
            if s.task_id != m.task_id.as_str() {
                s.task_id = m.task_id.as_str().to_owned();
            }
            if s.prefers(m.agent.as_str(), m.agent.is_attested()) {
                s.agent = m.agent.as_str().to_owned();
            }
            if !s.agents.contains(m.agent.as_str()) {
                s.agents.insert(m.agent.as_str().to_owned());
            }
            s.first_ts = s.first_ts.min(ts);
            s.last_ts = s.last_ts.max(ts);
            s.events += 1;
            s.alerts += alert;
        }
        if !self.tasks.contains_key(m.task_id.as_str()) {
            let delta = TaskDelta {
                first_ts: ts,
                ..Default::default()
            };
            self.tasks.insert(m.task_id.as_str().to_owned(), delta);
        }
        let Some(t) = self.tasks.get_mut(m.task_id.as_str()) else {
            return;
        };
        t.first_ts = t.first_ts.min(ts);
        if m.kind == EventKind::Task {
            if let Ok(body) = serde_json::from_slice::<serde_json::Value>(event.body.canonical()) {
                match body.get("action").and_then(|a| a.as_str()) {
                    Some("end") => t.ended_ts = Some(ts),
                    Some("declare") => {
                        let objective = body
                            .get("objective")
                            .and_then(|o| o.as_str())
                            .map(str::to_owned);
                        t.declared = Some((objective, body.to_string()));
                    }
                    _ => {}
                }
            }
        }
    }

    /// Folds a later request's rows into this group's, as if its events had been observed
    /// here in order.
    pub(crate) fn merge(&mut self, later: IndexDelta) {
        for (id, s) in later.sessions {
            match self.sessions.get_mut(&id) {
                None => {
                    self.sessions.insert(id, s);
                }
                Some(mine) => {
                    mine.task_id = s.task_id;
                    let attested = s.agent.starts_with("spiffe://");
                    if mine.prefers(&s.agent, attested) {
                        mine.agent = s.agent;
                    }
                    mine.agents.extend(s.agents);
                    mine.first_ts = mine.first_ts.min(s.first_ts);
                    mine.last_ts = mine.last_ts.max(s.last_ts);
                    mine.events += s.events;
                    mine.alerts += s.alerts;
                }
            }
        }
        for (id, t) in later.tasks {
            let mine = self.tasks.entry(id).or_insert_with(|| TaskDelta {
                first_ts: t.first_ts,
                ..Default::default()
            });
            mine.first_ts = mine.first_ts.min(t.first_ts);
            if t.declared.is_some() {
                mine.declared = t.declared;
            }
            if t.ended_ts.is_some() {
                mine.ended_ts = t.ended_ts;
            }
        }
    }

    fn flush(&self, conn: &Connection) -> rusqlite::Result<()> {
        let mut task_stmt = conn.prepare_cached(
            "INSERT INTO tasks(task_id, implicit, objective, detail, created_ts_ns, ended_ts_ns)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(task_id) DO UPDATE SET
               objective = COALESCE(excluded.objective, tasks.objective),
               detail = COALESCE(excluded.detail, tasks.detail),
               ended_ts_ns = COALESCE(excluded.ended_ts_ns, tasks.ended_ts_ns)",
        )?;
        for (task_id, t) in &self.tasks {
            let implicit = task_id.starts_with(warden_core::TaskId::IMPLICIT_PREFIX);
            let (objective, detail) = match &t.declared {
                Some((o, d)) => (o.clone(), Some(d.clone())),
                None => (None, None),
            };
            task_stmt.execute(params![
                task_id, implicit, objective, detail, t.first_ts, t.ended_ts
            ])?;
        }
        let mut session_stmt = conn.prepare_cached(
            "INSERT INTO sessions(session_id, task_id, agent, first_ts_ns, last_ts_ns, events, alerts)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(session_id) DO UPDATE SET
               task_id = excluded.task_id,
               agent = CASE WHEN excluded.agent LIKE 'spiffe://%' OR sessions.agent NOT LIKE 'spiffe://%'
                            THEN excluded.agent ELSE sessions.agent END,
               first_ts_ns = MIN(sessions.first_ts_ns, excluded.first_ts_ns),
               last_ts_ns = MAX(sessions.last_ts_ns, excluded.last_ts_ns),
               events = sessions.events + excluded.events,
               alerts = sessions.alerts + excluded.alerts",
        )?;
        let mut agent_stmt = conn.prepare_cached(
            "INSERT INTO session_agents(session_id, agent) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?;
        for (session_id, s) in &self.sessions {
            session_stmt.execute(params![
                session_id, s.task_id, s.agent, s.first_ts, s.last_ts, s.events, s.alerts
            ])?;
            for agent in &s.agents {
                agent_stmt.execute(params![session_id, agent])?;
            }
        }
        Ok(())
    }
}
