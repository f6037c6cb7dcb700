//! `warden verify --store postgres://…`: every log in the database, each against its own
//! signed checkpoints and its registered key.
//!
//! The checks per log are exactly those of the SQLite verifier (contiguous positions,
//! envelopes naming their own position, leaves, bodies, every checkpoint root and signature,
//! truncation, an unsigned tail with no live writer); only the row source differs. Registered
//! keys live in the database, so whoever can write the database could register a key of their
//! own: pass the fleet's public keys (`--key`, repeatable) to pin them.

use sha2::{Digest, Sha256};
use warden_core::checkpoint::LogVerifier;
use warden_core::merkle::CompactRange;
use warden_pg::postgres::fallible_iterator::FallibleIterator as _;
use warden_pg::postgres::Client;
use warden_pg::PgUrl;

use super::writer::LOG_LOCK_SQL;
use crate::verify::{check_checkpoint_rows, check_chunks, Row, ROWS_PER_CHUNK};
use crate::{Problem, StoreError, VerifyOptions, VerifyReport};

/// The verification of one gateway's log.
#[derive(Clone, Debug)]
pub struct LogReport {
    pub origin: String,
    pub instance: String,
    /// A gateway holds this log's writer lock right now.
    pub writer_running: bool,
    pub report: VerifyReport,
}

/// Verifies every log in the database. `pinned`, when not empty, lists the only keys logs may
/// be registered with. Synchronous: call it outside an async runtime (the CLI does).
pub fn verify_postgres(
    url: &PgUrl,
    pinned: &[LogVerifier],
    options: &VerifyOptions,
) -> Result<Vec<LogReport>, StoreError> {
    let mut client = url.connect()?;
    let exists: bool = client
        .query_one("SELECT to_regclass('logs') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Err(StoreError::Invalid(format!(
            "no Warden audit log in {url}: start a gateway with --store {url} first"
        )));
    }
    let logs = client.query(
        "SELECT log_id, origin, verifier_key, instance FROM logs ORDER BY log_id",
        &[],
    )?;
    let mut out = Vec::with_capacity(logs.len());
    for log in logs {
        let (log_id, origin, key): (i32, String, String) = (log.get(0), log.get(1), log.get(2));
        let mut report = empty_report();
        let verifier = match LogVerifier::parse(&key) {
            Ok(v) => v,
            Err(e) => {
                report.problems.push(Problem::BadCheckpoint {
                    size: 0,
                    reason: format!("the log's registered key does not parse: {e}"),
                });
                out.push(LogReport {
                    origin,
                    instance: log.get(3),
                    writer_running: false,
                    report,
                });
                continue;
            }
        };
        if !pinned.is_empty() && !pinned.contains(&verifier) {
            report.problems.push(Problem::BadCheckpoint {
                size: 0,
                reason: format!(
                    "the log is registered with key {} which is not among the pinned keys",
                    verifier.encode()
                ),
            });
        }
        let writer_running = writer_running(&mut client, &origin)?;
        verify_log(
            &mut client,
            url,
            log_id,
            &origin,
            &verifier,
            options,
            &mut report,
        )?;
        if report.problems.is_empty() && report.uncovered_tail() > 0 && !writer_running {
            report.problems.push(Problem::UnsignedTail {
                from_seq: report.latest_checkpoint,
                events: report.uncovered_tail(),
            });
        }
        out.push(LogReport {
            origin,
            instance: log.get(3),
            writer_running,
            report,
        });
    }
    Ok(out)
}

fn empty_report() -> VerifyReport {
    VerifyReport {
        events: 0,
        bodies_checked: 0,
        bodies_purged: 0,
        checkpoints: 0,
        latest_checkpoint: 0,
        root: CompactRange::new().root(),
        problems: Vec::new(),
    }
}

fn verify_log(
    client: &mut Client,
    url: &PgUrl,
    log_id: i32,
    origin: &str,
    verifier: &LogVerifier,
    options: &VerifyOptions,
    report: &mut VerifyReport,
) -> Result<(), StoreError> {
    let rows = client
        .query(
            "SELECT size, root, note FROM checkpoints WHERE log_id = $1 ORDER BY size",
            &[&log_id],
        )?
        .into_iter()
        .map(|r| (r.get::<_, i64>(0) as u64, r.get(1), r.get(2)))
        .collect();
    let checkpoints = check_checkpoint_rows(rows, verifier, origin, report);
    let total: i64 = client
        .query_one(
            "SELECT COALESCE(MAX(seq) + 1, 0) FROM events WHERE log_id = $1",
            &[&log_id],
        )?
        .get(0);
    std::thread::scope(|scope| {
        let (tx, rx) = flume::bounded(4);
        scope.spawn(move || {
            if let Err(e) = stream_rows(url, log_id, &tx) {
                let _ = tx.send(Err(e));
            }
        });
        check_chunks(rx.iter(), &checkpoints, total as u64, options, report)
    })?;
    if let Some(last) = checkpoints.last() {
        if last.size > report.events && report.problems.is_empty() {
            report.problems.push(Problem::Truncated {
                checkpoint_size: last.size,
                log_size: report.events,
            });
        }
    }
    Ok(())
}

/// Streams one log's rows in order over a second connection, hashing bodies on the way.
fn stream_rows(
    url: &PgUrl,
    log_id: i32,
    tx: &flume::Sender<Result<Vec<Row>, StoreError>>,
) -> Result<(), StoreError> {
    let mut client = url.connect()?;
    let mut rows = client.query_raw(
        "SELECT e.seq, e.envelope, e.leaf, b.body FROM events e
         LEFT JOIN event_bodies b ON b.log_id = e.log_id AND b.seq = e.seq
         WHERE e.log_id = $1 ORDER BY e.seq",
        [&log_id],
    )?;
    let mut chunk = Vec::with_capacity(ROWS_PER_CHUNK);
    while let Some(row) = rows.next()? {
        let body: Option<&[u8]> = row.get(3);
        chunk.push(Row {
            position: row.get::<_, i64>(0) as u64,
            envelope: row.get::<_, &[u8]>(1).to_vec(),
            stored_leaf: row.get::<_, &[u8]>(2).to_vec(),
            body_digest: body.map(|b| Sha256::digest(b).into()),
        });
        if chunk.len() == ROWS_PER_CHUNK
            && tx
                .send(Ok(std::mem::replace(
                    &mut chunk,
                    Vec::with_capacity(ROWS_PER_CHUNK),
                )))
                .is_err()
        {
            return Ok(()); // the checker stopped at a problem
        }
    }
    if !chunk.is_empty() {
        let _ = tx.send(Ok(chunk));
    }
    Ok(())
}

/// Whether a live gateway holds the log's writer lock (tries it, and releases at once).
fn writer_running(client: &mut Client, origin: &str) -> Result<bool, StoreError> {
    let got: bool = client
        .query_one(
            &format!("SELECT pg_try_advisory_lock({LOG_LOCK_SQL})"),
            &[&origin],
        )?
        .get(0);
    if got {
        client.execute(
            &format!("SELECT pg_advisory_unlock({LOG_LOCK_SQL})"),
            &[&origin],
        )?;
    }
    Ok(!got)
}
