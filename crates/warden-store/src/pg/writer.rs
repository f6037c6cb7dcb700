//! The PostgreSQL writer: one thread per gateway appends to this gateway's own log.
//!
//! Same contract as the SQLite writer (bounded queue, group commit, acknowledge only after
//! commit, per-request failure), adapted to a server: a group is one transaction holding one
//! binary COPY of envelopes and one of bodies, so a commit costs a handful of round trips
//! however many events it carries. A duplicate id fails the COPY; the group is then retried
//! request by request under savepoints so only the offending request fails. Durability is the
//! server's commit (`synchronous_commit` as configured on the server, `on` by default).
//! The log is claimed with a session advisory lock: two processes can never write one log,
//! and `verify` can tell a live writer's unsigned tail from rows appended behind its back.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use warden_core::checkpoint::Checkpoint;
use warden_core::merkle::{leaf_hash, CompactRange, Hash};
use warden_core::{Envelope, NewEvent};
use warden_pg::postgres::binary_copy::BinaryCopyInWriter;
use warden_pg::postgres::types::Type;
use warden_pg::postgres::{Client, GenericClient, Statement, Transaction};
use warden_pg::PgUrl;

use super::schema::{COMPONENT, MIGRATIONS};
use crate::datadir::{DataDir, LogKeys};
use crate::holdback::Holdback;
use crate::writer::{clamp_ns, gather, now_ns, Command, IndexDelta, Reply, WriterStats};
use crate::{Receipt, Store, StoreError, StoreOptions};

/// How long a reconnecting writer waits for the server to release the log lock its dropped
/// session held (the old backend exits shortly after the disconnect).
const RELOCK_WAIT: Duration = Duration::from_secs(5);

/// Opens this gateway's log in the PostgreSQL at `url` and starts its writer.
pub(crate) fn open_store(
    dir: &DataDir,
    url: &PgUrl,
    options: StoreOptions,
) -> Result<Store, StoreError> {
    let mut writer = PgWriter::open(dir, url, options.clone())?;
    if writer.frontier.size() > writer.last_checkpoint_size {
        writer.checkpoint_now()?;
    }
    let stats = Arc::new(WriterStats::default());
    stats
        .tree_size
        .store(writer.frontier.size(), Ordering::Relaxed);
    let (tx, rx) = flume::bounded(options.queue_requests.max(1));
    let (appended_tx, appended) = tokio::sync::watch::channel(writer.frontier.size());
    let thread_stats = stats.clone();
    let background = options.background_writer;
    let handle = std::thread::Builder::new()
        .name("warden-pg-writer".into())
        .spawn(move || {
            if background {
                crate::lower_thread_priority();
            }
            writer.run(rx, &thread_stats, &appended_tx)
        })
        .map_err(|e| StoreError::Invalid(format!("cannot start the writer thread: {e}")))?;
    Ok(Store::from_parts(tx, dir, stats, handle, appended))
}

/// The advisory-lock key of a log (scoped to the schema, like every other name).
pub(crate) const LOG_LOCK_SQL: &str = "hashtext(current_schema() || ':log:' || $1)";

struct PgWriter {
    /// The data directory's writer lock: one process per data directory, as with SQLite.
    _lock: std::fs::File,
    client: Client,
    url: PgUrl,
    dir: DataDir,
    keys: LogKeys,
    log_id: i32,
    options: StoreOptions,
    frontier: CompactRange,
    last_checkpoint_size: u64,
    last_checkpoint_at: Instant,
    /// Body partitions (ingest days) known to exist.
    partitions: BTreeSet<i32>,
    /// The group statements, prepared once per connection (each saves a round trip per group).
    prepared: Option<Prepared>,
    /// The last group failed: the connection may be dead before the client has noticed, so
    /// the next group asks the server first.
    suspect: bool,
    /// Observe mode's ordering across a failure (see `holdback`).
    holdback: Holdback,
}

/// The statements every group runs.
#[derive(Clone)]
struct Prepared {
    copy_events: Statement,
    copy_bodies: Statement,
    index: Statement,
}

impl Prepared {
    fn new(client: &mut Client) -> Result<Self, StoreError> {
        Ok(Self {
            copy_events: client.prepare(
                "COPY events (log_id, seq, id, ts_ns, kind, session_id, task_id, agent, envelope, leaf)
                 FROM STDIN (FORMAT binary)",
            )?,
            copy_bodies: client
                .prepare("COPY event_bodies (day, log_id, seq, body) FROM STDIN (FORMAT binary)")?,
            index: client.prepare(super::index::SQL)?,
        })
    }
}

/// One event ready to copy.
struct Row {
    seq: i64,
    id: warden_core::EventId,
    ts_ns: i64,
    kind: &'static str,
    session_id: String,
    task_id: String,
    agent: String,
    envelope: Vec<u8>,
    leaf: Hash,
    body: Vec<u8>,
}

type Outcome = Vec<(Reply, Result<Vec<Receipt>, StoreError>)>;

impl PgWriter {
    fn open(dir: &DataDir, url: &PgUrl, options: StoreOptions) -> Result<Self, StoreError> {
        let keys = dir.log_keys()?;
        let lock = dir.lock_writer()?;
        let mut client = url.connect()?;
        warden_pg::migrate(&mut client, COMPONENT, MIGRATIONS)?;
        let origin = keys.origin.clone();
        let held: bool = client
            .query_one(
                &format!("SELECT pg_try_advisory_lock({LOG_LOCK_SQL})"),
                &[&origin],
            )?
            .get(0);
        if !held {
            return Err(StoreError::Invalid(format!(
                "another Warden process is writing log {origin} in {url}; every gateway needs its own data directory"
            )));
        }
        let vkey = keys.signer.verifier().encode();
        client.execute(
            "INSERT INTO logs (origin, verifier_key, instance, created_ns) VALUES ($1, $2, $3, $4)
             ON CONFLICT (origin) DO NOTHING",
            &[&origin, &vkey, &dir.instance_id()?, &now_ns()],
        )?;
        let row = client.query_one(
            "SELECT log_id, verifier_key, frontier FROM logs WHERE origin = $1",
            &[&origin],
        )?;
        let (log_id, stored_key, frontier): (i32, String, Vec<u8>) =
            (row.get(0), row.get(1), row.get(2));
        let damaged = |reason: String| StoreError::Damaged {
            path: dir.root().to_path_buf(),
            reason,
        };
        if stored_key != vkey {
            return Err(damaged(format!(
                "log {origin} is registered in {url} with another key; this data directory's keys/log.key does not belong to it"
            )));
        }
        let frontier = if frontier.is_empty() {
            CompactRange::new()
        } else {
            CompactRange::from_bytes(&frontier).ok_or_else(|| {
                damaged("the stored Merkle frontier is corrupt; run `warden verify`".into())
            })?
        };
        let rows: i64 = client
            .query_one(
                "SELECT COALESCE(MAX(seq) + 1, 0) FROM events WHERE log_id = $1",
                &[&log_id],
            )?
            .get(0);
        if rows as u64 != frontier.size() {
            return Err(damaged(format!(
                "log {origin} holds {rows} events but its Merkle frontier covers {}; run `warden verify`",
                frontier.size()
            )));
        }
        let last: i64 = client
            .query_one(
                "SELECT COALESCE(MAX(size), 0) FROM checkpoints WHERE log_id = $1",
                &[&log_id],
            )?
            .get(0);
        tracing::info!(%url, origin = %origin, log_id, size = rows, "PostgreSQL audit log open");
        Ok(Self {
            _lock: lock,
            client,
            url: url.clone(),
            dir: dir.clone(),
            keys,
            log_id,
            options,
            frontier,
            last_checkpoint_size: last as u64,
            last_checkpoint_at: Instant::now(),
            partitions: BTreeSet::new(),
            prepared: None,
            suspect: false,
            holdback: Holdback::default(),
        })
    }

    fn run(
        mut self,
        rx: flume::Receiver<Command>,
        stats: &WriterStats,
        appended: &tokio::sync::watch::Sender<u64>,
    ) {
        loop {
            let wait = if self.frontier.size() > self.last_checkpoint_size {
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
                Err(flume::RecvTimeoutError::Timeout) => match self.checkpoint_now() {
                    Ok(()) => {
                        stats.checkpoints.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => tracing::error!(error = %e, "signing a checkpoint failed"),
                },
                Err(flume::RecvTimeoutError::Disconnected) => break,
            }
        }
        if let Err(e) = self.checkpoint_now() {
            tracing::error!(error = %e, "signing the final checkpoint failed");
        }
    }

    /// Re-opens a connection the server closed (a restart, a failover): takes the log's lock
    /// again and checks nobody else appended meanwhile. Until it succeeds, groups fail (and
    /// their requests are answered with the error); nothing is acknowledged that is not stored.
    fn reconnect_if_closed(&mut self) -> Result<(), StoreError> {
        let suspect = std::mem::take(&mut self.suspect);
        let alive = !self.client.is_closed()
            && (!suspect || self.client.is_valid(Duration::from_secs(2)).is_ok());
        if alive {
            return Ok(());
        }
        let mut client = self.url.connect()?;
        // The server frees a dropped session's advisory locks only once its backend process has
        // exited, which can trail the disconnect; wait for that rather than fail more groups.
        let deadline = Instant::now() + RELOCK_WAIT;
        let held = loop {
            let held: bool = client
                .query_one(
                    &format!("SELECT pg_try_advisory_lock({LOG_LOCK_SQL})"),
                    &[&self.keys.origin],
                )?
                .get(0);
            if held || Instant::now() >= deadline {
                break held;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        if !held {
            return Err(StoreError::Invalid(format!(
                "after reconnecting, another process holds log {}",
                self.keys.origin
            )));
        }
        let rows: i64 = client
            .query_one(
                "SELECT COALESCE(MAX(seq) + 1, 0) FROM events WHERE log_id = $1",
                &[&self.log_id],
            )?
            .get(0);
        if rows as u64 != self.frontier.size() {
            return Err(StoreError::Invalid(format!(
                "after reconnecting, log {} holds {rows} events but this writer has {}; restart the gateway and run `warden verify`",
                self.keys.origin,
                self.frontier.size()
            )));
        }
        tracing::info!(url = %self.url, "reconnected to PostgreSQL");
        self.client = client;
        self.partitions.clear();
        self.prepared = None;
        Ok(())
    }

    /// Commits one group and answers every request in it; true when a shutdown was asked for.
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
        let force = !size_acks.is_empty();
        let (requests, acks) = self.holdback.admit(appends);
        let committed = match self
            .reconnect_if_closed()
            .and_then(|()| self.commit_fast(&requests, force))
        {
            Err(e) if is_unique_violation(&e) => {
                self.frontier = before.clone();
                self.commit_each(&requests, force)
            }
            other => other,
        };
        match committed {
            Ok((results, signed)) => {
                stats.commits.fetch_add(1, Ordering::Relaxed);
                stats
                    .checkpoints
                    .fetch_add(u64::from(signed), Ordering::Relaxed);
                stats
                    .tree_size
                    .store(self.frontier.size(), Ordering::Relaxed);
                let outcome: Outcome = acks.into_iter().zip(results).collect();
                for (ack, result) in outcome {
                    match &result {
                        Ok(r) => stats.events.fetch_add(r.len() as u64, Ordering::Relaxed),
                        Err(_) => stats.failed_requests.fetch_add(1, Ordering::Relaxed),
                    };
                    ack.send(result);
                }
                for ack in size_acks {
                    let _ = ack.send(Ok(self.last_checkpoint_size));
                }
            }
            Err(e) => {
                // Nothing of this group committed.
                self.frontier = before;
                self.suspect = true;
                tracing::error!(error = %e, "committing a group of events to PostgreSQL failed");
                let message = format!("the audit log could not record the events: {e}");
                self.holdback.refuse(requests, acks, &message, stats);
                for ack in size_acks {
                    let _ = ack.send(Err(StoreError::Invalid(message.clone())));
                }
            }
        }
        stop
    }

    /// The whole group in one COPY. Returns each request's receipts and whether it signed.
    #[allow(clippy::type_complexity)]
    fn commit_fast(
        &mut self,
        requests: &[Vec<NewEvent>],
        force: bool,
    ) -> Result<(Vec<Result<Vec<Receipt>, StoreError>>, bool), StoreError> {
        let day = ingest_day();
        self.ensure_partitions(day)?;
        let mut index = IndexDelta::default();
        let mut rows = Vec::new();
        let mut results = Vec::with_capacity(requests.len());
        for events in requests {
            let built = build_rows(&mut self.frontier, events, &mut index);
            results.push(Ok(built.iter().map(receipt).collect()));
            rows.extend(built);
        }
        let sign_due = self.sign_due(force);
        let prepared = self.prepared()?;
        let mut tx = self.client.transaction()?;
        copy_rows(&mut tx, &prepared, self.log_id, day, &rows)?;
        let signed = finish(
            &mut tx,
            &prepared,
            self.log_id,
            &self.keys,
            &self.frontier,
            &index,
            sign_due,
            self.last_checkpoint_size,
        )?;
        tx.commit()?;
        Ok((results, self.after_commit(signed)))
    }

    /// The slow path after a duplicate id: each request under its own savepoint.
    #[allow(clippy::type_complexity)]
    fn commit_each(
        &mut self,
        requests: &[Vec<NewEvent>],
        force: bool,
    ) -> Result<(Vec<Result<Vec<Receipt>, StoreError>>, bool), StoreError> {
        let day = ingest_day();
        let sign_due = self.sign_due(force);
        let mut index = IndexDelta::default();
        let mut results = Vec::with_capacity(requests.len());
        let prepared = self.prepared()?;
        let mut tx = self.client.transaction()?;
        for events in requests {
            let (tree_mark, index_mark) = (self.frontier.clone(), index.clone());
            let rows = build_rows(&mut self.frontier, events, &mut index);
            let mut sp = tx.savepoint("request")?;
            match copy_rows(&mut sp, &prepared, self.log_id, day, &rows) {
                Ok(()) => {
                    sp.commit()?;
                    results.push(Ok(rows.iter().map(receipt).collect()));
                }
                Err(e) if is_unique_violation(&e) => {
                    sp.rollback()?;
                    self.frontier = tree_mark;
                    index = index_mark;
                    results.push(Err(duplicate(&mut tx, events)?));
                }
                Err(e) => return Err(e),
            }
        }
        let signed = finish(
            &mut tx,
            &prepared,
            self.log_id,
            &self.keys,
            &self.frontier,
            &index,
            sign_due,
            self.last_checkpoint_size,
        )?;
        tx.commit()?;
        Ok((results, self.after_commit(signed)))
    }

    /// The group statements of the current connection.
    fn prepared(&mut self) -> Result<Prepared, StoreError> {
        if let Some(p) = &self.prepared {
            return Ok(p.clone());
        }
        let p = Prepared::new(&mut self.client)?;
        self.prepared = Some(p.clone());
        Ok(p)
    }

    fn sign_due(&self, force: bool) -> bool {
        let due = self.last_checkpoint_at.elapsed() >= self.options.checkpoint_interval;
        due || force
    }

    /// Records a checkpoint signed in the committed transaction; true if there was one.
    fn after_commit(&mut self, signed: Option<(u64, String)>) -> bool {
        let Some((size, note)) = signed else {
            return false;
        };
        self.last_checkpoint_size = size;
        self.last_checkpoint_at = Instant::now();
        if let Err(e) = self.dir.write_checkpoint_file(&note) {
            tracing::warn!(error = %e, "could not update the latest-checkpoint file");
        }
        true
    }

    /// Signs a checkpoint of everything committed, in its own transaction.
    fn checkpoint_now(&mut self) -> Result<(), StoreError> {
        if self.frontier.size() == self.last_checkpoint_size {
            self.last_checkpoint_at = Instant::now();
            return Ok(());
        }
        self.reconnect_if_closed()?;
        let mut tx = self.client.transaction()?;
        let signed = insert_checkpoint(&mut tx, self.log_id, &self.keys, &self.frontier)?;
        tx.commit()?;
        self.after_commit(Some(signed));
        Ok(())
    }

    /// Creates today's and tomorrow's body partitions (once per day per process).
    fn ensure_partitions(&mut self, day: i32) -> Result<(), StoreError> {
        if self.partitions.contains(&day) {
            return Ok(());
        }
        let mut tx = self.client.transaction()?;
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':partitions'))",
            &[],
        )?;
        for d in [day, day + 1] {
            tx.batch_execute(&format!(
                "CREATE TABLE IF NOT EXISTS {} PARTITION OF event_bodies FOR VALUES FROM ({d}) TO ({})",
                super::retention::partition_name(d),
                d + 1
            ))?;
        }
        tx.commit()?;
        self.partitions.insert(day);
        Ok(())
    }
}

/// Days since the Unix epoch, UTC: the body partition an event written now goes to.
pub(crate) fn ingest_day() -> i32 {
    (now_ns() / 86_400_000_000_000) as i32
}

fn receipt(r: &Row) -> Receipt {
    Receipt {
        id: r.id,
        seq: r.seq as u64,
    }
}

/// Assigns positions, builds envelopes and leaves, and extends the tree.
fn build_rows(tree: &mut CompactRange, events: &[NewEvent], index: &mut IndexDelta) -> Vec<Row> {
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        index.observe(event);
        let seq = tree.size();
        let envelope = Envelope::new(seq, event.meta.clone(), *event.body.hash());
        let bytes = envelope.canonical_bytes();
        let leaf = leaf_hash(&bytes);
        tree.push(leaf);
        let m = &envelope.meta;
        rows.push(Row {
            seq: seq as i64,
            id: m.id,
            ts_ns: clamp_ns(m.ts.unix_nanos()),
            kind: m.kind.as_str(),
            session_id: m.session_id.as_str().to_owned(),
            task_id: m.task_id.as_str().to_owned(),
            agent: m.agent.as_str().to_owned(),
            envelope: bytes,
            leaf,
            body: event.body.canonical().to_vec(),
        });
    }
    rows
}

fn copy_rows(
    tx: &mut impl GenericClient,
    prepared: &Prepared,
    log_id: i32,
    day: i32,
    rows: &[Row],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let sink = tx.copy_in(&prepared.copy_events)?;
    let types = [
        Type::INT4,
        Type::INT8,
        Type::BYTEA,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::BYTEA,
        Type::BYTEA,
    ];
    let mut w = BinaryCopyInWriter::new(sink, &types);
    for r in rows {
        w.write(&[
            &log_id,
            &r.seq,
            &&r.id.as_bytes()[..],
            &r.ts_ns,
            &r.kind,
            &r.session_id,
            &r.task_id,
            &r.agent,
            &r.envelope,
            &&r.leaf[..],
        ])?;
    }
    w.finish()?;
    let sink = tx.copy_in(&prepared.copy_bodies)?;
    let mut w = BinaryCopyInWriter::new(sink, &[Type::INT4, Type::INT4, Type::INT8, Type::BYTEA]);
    for r in rows {
        w.write(&[&day, &log_id, &r.seq, &r.body])?;
    }
    w.finish()?;
    Ok(())
}

/// The rest of a group's transaction: session and task index, the frontier, a checkpoint when
/// due, and a fleet notification per task ended (delivered only if this commits).
#[allow(clippy::too_many_arguments)]
fn finish(
    tx: &mut Transaction<'_>,
    prepared: &Prepared,
    log_id: i32,
    keys: &LogKeys,
    tree: &CompactRange,
    index: &IndexDelta,
    sign_due: bool,
    last_signed: u64,
) -> Result<Option<(u64, String)>, StoreError> {
    super::index::flush(tx, &prepared.index, index, &tree.to_bytes(), log_id)?;
    for (task_id, t) in &index.tasks {
        if t.ended_ts.is_some() {
            warden_pg::notify(tx, super::TOPIC_TASK_END, task_id)?;
        }
    }
    if sign_due && tree.size() > last_signed {
        return Ok(Some(insert_checkpoint(tx, log_id, keys, tree)?));
    }
    Ok(None)
}

fn insert_checkpoint(
    tx: &mut Transaction<'_>,
    log_id: i32,
    keys: &LogKeys,
    tree: &CompactRange,
) -> Result<(u64, String), StoreError> {
    let checkpoint = Checkpoint {
        origin: keys.origin.clone(),
        size: tree.size(),
        root: tree.root(),
    };
    let note = keys.signer.sign(&checkpoint);
    tx.execute(
        "INSERT INTO checkpoints (log_id, size, root, signed_at_ns, note) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (log_id, size) DO NOTHING",
        &[&log_id, &(checkpoint.size as i64), &&checkpoint.root[..], &now_ns(), &note],
    )?;
    Ok((checkpoint.size, note))
}

fn is_unique_violation(e: &StoreError) -> bool {
    matches!(e, StoreError::Postgres(p) if p.sqlstate() == Some("23505"))
}

/// Names the event of a failed request whose id is already recorded.
fn duplicate(tx: &mut Transaction<'_>, events: &[NewEvent]) -> Result<StoreError, StoreError> {
    let ids: Vec<Vec<u8>> = events
        .iter()
        .map(|e| e.meta.id.as_bytes().to_vec())
        .collect();
    let found = tx.query_opt("SELECT id FROM events WHERE id = ANY($1) LIMIT 1", &[&ids])?;
    let id = match found {
        Some(row) => {
            let bytes: Vec<u8> = row.get(0);
            events
                .iter()
                .find(|e| e.meta.id.as_bytes()[..] == bytes[..])
                .map(|e| e.meta.id.to_string())
        }
        None => None,
    };
    // No row found: the request repeats an id within itself.
    let id = id.or_else(|| events.first().map(|e| e.meta.id.to_string()));
    Ok(StoreError::DuplicateId(id.unwrap_or_default()))
}
