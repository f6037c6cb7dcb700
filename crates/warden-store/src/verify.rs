//! `warden verify`: recompute the log and check it against every signed checkpoint.
//!
//! Checks, in one pass in log order: positions are contiguous from 0 (a deleted or inserted row
//! shows as a gap or a duplicate); each envelope names its own position (a swap shows as a
//! mismatch); each envelope still hashes to its stored leaf and each present body to the
//! envelope's `body_hash` (an edit shows on the exact event); the recomputed tree root equals the
//! root of every checkpoint (an edit that also rewrote the stored leaf hash shows here, between
//! two checkpoints). Then each checkpoint's signature, and the latest-checkpoint file against
//! the database (a truncation or rollback that removed rows and checkpoints together shows
//! here). Verification stops at the first damaged event, which it names.

use std::fmt;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use warden_core::checkpoint::LogVerifier;
use warden_core::merkle::{leaf_hash, CompactRange, Hash};

use crate::read::Reader;
use crate::StoreError;

/// What to verify against.
#[derive(Default)]
pub struct VerifyOptions {
    /// A pinned verifier key; by default the one in the data directory is used.
    pub verifier: Option<LogVerifier>,
    /// Called with (events checked, total events) every few thousand events.
    pub progress: Option<Box<dyn Fn(u64, u64)>>,
}

/// One way the log is damaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Positions jump: rows were deleted (or inserted with a gap).
    Gap { expected: u64, found: u64 },
    /// An envelope stored at one position names another: rows were moved or swapped.
    Moved { position: u64, envelope_seq: u64 },
    /// An envelope no longer parses, or no longer hashes to its stored leaf: it was edited.
    Altered { seq: u64, id: String, what: String },
    /// A body no longer hashes to its envelope's `body_hash`.
    BodyAltered { seq: u64, id: String },
    /// The recomputed root differs from a signed checkpoint's root.
    RootMismatch {
        checkpoint_size: u64,
        since_seq: u64,
    },
    /// A checkpoint's signature or content is invalid.
    BadCheckpoint { size: u64, reason: String },
    /// A checkpoint covers more events than the log holds.
    Truncated { checkpoint_size: u64, log_size: u64 },
    /// The latest-checkpoint file disagrees with the database.
    CheckpointFile { reason: String },
    /// Events after the newest checkpoint while no writer is running: a clean stop signs a
    /// final checkpoint and a crash is covered at the next start, so these were appended
    /// outside Warden (or the gateway crashed and has not restarted yet).
    UnsignedTail { from_seq: u64, events: u64 },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Gap { expected, found } => write!(
                f,
                "events are missing: expected seq {expected}, found seq {found} (rows were deleted)"
            ),
            Problem::Moved { position, envelope_seq } => write!(
                f,
                "the event stored at seq {position} says it is seq {envelope_seq} (rows were moved or swapped)"
            ),
            Problem::Altered { seq, id, what } => write!(f, "event seq {seq} (id {id}) was altered: {what}"),
            Problem::BodyAltered { seq, id } => write!(
                f,
                "the body of event seq {seq} (id {id}) was altered: it no longer matches the body hash its envelope commits to"
            ),
            Problem::RootMismatch { checkpoint_size, since_seq } => write!(
                f,
                "the log does not match checkpoint {checkpoint_size}: an event between seq {since_seq} and {} was changed, inserted or removed together with its leaf hash",
                checkpoint_size.saturating_sub(1)
            ),
            Problem::BadCheckpoint { size, reason } => write!(f, "checkpoint {size} is invalid: {reason}"),
            Problem::Truncated { checkpoint_size, log_size } => write!(
                f,
                "the log was truncated: checkpoint {checkpoint_size} covers {checkpoint_size} events but the log holds {log_size}"
            ),
            Problem::CheckpointFile { reason } => write!(f, "latest-checkpoint file: {reason}"),
            Problem::UnsignedTail { from_seq, events } => write!(
                f,
                "{events} events from seq {from_seq} on are not covered by any checkpoint and no gateway is running: they were appended outside Warden, or the gateway crashed (start it once to sign them)"
            ),
        }
    }
}

/// The outcome of a verification.
#[derive(Clone, Debug)]
pub struct VerifyReport {
    pub events: u64,
    pub bodies_checked: u64,
    pub bodies_purged: u64,
    pub checkpoints: u64,
    pub latest_checkpoint: u64,
    pub root: Hash,
    /// Empty when the log is intact; otherwise the first problem comes first.
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Events after the newest checkpoint (normal while a gateway is running).
    pub fn uncovered_tail(&self) -> u64 {
        self.events.saturating_sub(self.latest_checkpoint)
    }
}

/// The envelope fields verification needs; the rest is only hashed.
#[derive(Deserialize)]
struct EnvelopeKeys<'a> {
    seq: u64,
    #[serde(borrow)]
    id: &'a str,
    #[serde(borrow)]
    body_hash: &'a str,
}

/// Reads `seq` and `body_hash` from a canonical envelope without a full parse.
///
/// In canonical form the envelope starts `{"agent":<string>,"body_hash":"<64 hex>"` and the
/// top-level `,"seq":` is the first occurrence of those bytes: inside a JSON string every `"`
/// is escaped, so an unescaped `,"` only appears between members. Anything unexpected returns
/// `None` and the caller falls back to a full parse; either way the bytes themselves are
/// authenticated by the leaf hash and the signed root.
fn fast_keys(envelope: &[u8]) -> Option<(u64, [u8; 32])> {
    let rest = envelope.strip_prefix(b"{\"agent\":\"")?;
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b'\\' => i += 2,
            b'"' => break,
            _ => i += 1,
        }
    }
    let rest = rest.get(i + 1..)?.strip_prefix(b",\"body_hash\":\"")?;
    let mut body_hash = [0u8; 32];
    hex::decode_to_slice(rest.get(..64)?, &mut body_hash).ok()?;
    let at = memfind(rest, b",\"seq\":")?;
    let digits = &rest[at + 7..];
    let end = digits.iter().position(|b| !b.is_ascii_digit())?;
    if end == 0 || end > 16 || (end > 1 && digits[0] == b'0') {
        return None;
    }
    let seq = std::str::from_utf8(&digits[..end]).ok()?.parse().ok()?;
    Some((seq, body_hash))
}

fn memfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The envelope's id, for naming a damaged event (the slow path: only on failure).
fn envelope_id(envelope: &[u8]) -> String {
    serde_json::from_slice::<EnvelopeKeys<'_>>(envelope)
        .map(|k| k.id.to_owned())
        .unwrap_or_else(|_| "?".into())
}

pub(crate) struct StoredCheckpoint {
    pub(crate) size: u64,
    root: Hash,
}

pub fn verify(reader: &Reader, options: &VerifyOptions) -> Result<VerifyReport, StoreError> {
    let verifier = match &options.verifier {
        Some(v) => v.clone(),
        None => reader.data_dir().verifier()?,
    };
    let origin = reader.data_dir().origin()?;
    let total = reader.tree_size()?;
    let mut report = VerifyReport {
        events: 0,
        bodies_checked: 0,
        bodies_purged: 0,
        checkpoints: 0,
        latest_checkpoint: 0,
        root: CompactRange::new().root(),
        problems: Vec::new(),
    };
    let checkpoints = check_checkpoints(reader, &verifier, &origin, &mut report)?;
    check_events(reader, &checkpoints, total, options, &mut report)?;
    if let Some(last) = checkpoints.last() {
        if last.size > report.events && report.problems.is_empty() {
            report.problems.push(Problem::Truncated {
                checkpoint_size: last.size,
                log_size: report.events,
            });
        }
    }
    check_checkpoint_file(
        reader,
        &verifier,
        &origin,
        &checkpoints,
        report.events,
        &mut report,
    );
    if report.problems.is_empty()
        && report.uncovered_tail() > 0
        && !reader.data_dir().writer_running()
    {
        report.problems.push(Problem::UnsignedTail {
            from_seq: report.latest_checkpoint,
            events: report.uncovered_tail(),
        });
    }
    Ok(report)
}

/// Verifies every checkpoint's signature and that its stored columns match its signed text.
fn check_checkpoints(
    reader: &Reader,
    verifier: &LogVerifier,
    origin: &str,
    report: &mut VerifyReport,
) -> Result<Vec<StoredCheckpoint>, StoreError> {
    let mut stmt = reader
        .conn
        .prepare("SELECT size, root, note FROM checkpoints ORDER BY size")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)? as u64,
            r.get::<_, Vec<u8>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let rows = rows.collect::<Result<Vec<_>, _>>()?;
    Ok(check_checkpoint_rows(rows, verifier, origin, report))
}

/// Checks stored checkpoints `(size, root, note)`, in size order, of either backend.
pub(crate) fn check_checkpoint_rows(
    rows: Vec<(u64, Vec<u8>, String)>,
    verifier: &LogVerifier,
    origin: &str,
    report: &mut VerifyReport,
) -> Vec<StoredCheckpoint> {
    let mut out = Vec::new();
    for (size, root, note) in rows {
        report.checkpoints += 1;
        match verifier.open(&note, origin) {
            Ok(cp) if cp.size == size && cp.root[..] == root[..] => {
                report.latest_checkpoint = report.latest_checkpoint.max(size);
                out.push(StoredCheckpoint {
                    size,
                    root: cp.root,
                });
            }
            Ok(_) => report.problems.push(Problem::BadCheckpoint {
                size,
                reason: "its stored size or root differs from its signed text".into(),
            }),
            Err(e) => report.problems.push(Problem::BadCheckpoint {
                size,
                reason: e.to_string(),
            }),
        }
    }
    out
}

/// One stored row as the checker needs it; the reader thread has already hashed the body.
pub(crate) struct Row {
    pub(crate) position: u64,
    pub(crate) envelope: Vec<u8>,
    pub(crate) stored_leaf: Vec<u8>,
    /// SHA-256 of the stored body, or `None` once purged.
    pub(crate) body_digest: Option<Hash>,
}

pub(crate) const ROWS_PER_CHUNK: usize = 2048;

/// Streams rows in log order from a second connection, hashing bodies on the way, so SQLite
/// stepping and body hashing run on one core while the checker runs on the other.
fn spawn_row_reader<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    db: std::path::PathBuf,
) -> flume::Receiver<Result<Vec<Row>, StoreError>> {
    let (tx, rx) = flume::bounded(4);
    scope.spawn(move || {
        let read = || -> Result<(), StoreError> {
            let conn = rusqlite::Connection::open_with_flags(
                &db,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )?;
            conn.execute_batch("PRAGMA busy_timeout = 5000;")?;
            let mut stmt =
                conn.prepare("SELECT seq, envelope, leaf, body FROM events ORDER BY seq")?;
            let mut rows = stmt.query([])?;
            let mut chunk = Vec::with_capacity(ROWS_PER_CHUNK);
            while let Some(row) = rows.next()? {
                let body_digest = row
                    .get_ref(3)?
                    .as_blob_or_null()?
                    .map(|b| Sha256::digest(b).into());
                chunk.push(Row {
                    position: row.get::<_, i64>(0)? as u64,
                    envelope: row.get_ref(1)?.as_blob()?.to_vec(),
                    stored_leaf: row.get_ref(2)?.as_blob()?.to_vec(),
                    body_digest,
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
        };
        if let Err(e) = read() {
            let _ = tx.send(Err(e));
        }
    });
    rx
}

fn check_events(
    reader: &Reader,
    checkpoints: &[StoredCheckpoint],
    total: u64,
    options: &VerifyOptions,
    report: &mut VerifyReport,
) -> Result<(), StoreError> {
    std::thread::scope(|scope| -> Result<(), StoreError> {
        let chunks = spawn_row_reader(scope, reader.data_dir().db_path());
        check_chunks(chunks.iter(), checkpoints, total, options, report)
    })
}

/// Checks rows in log order (from either backend) against the checkpoints.
pub(crate) fn check_chunks(
    chunks: impl Iterator<Item = Result<Vec<Row>, StoreError>>,
    checkpoints: &[StoredCheckpoint],
    total: u64,
    options: &VerifyOptions,
    report: &mut VerifyReport,
) -> Result<(), StoreError> {
    let mut tree = CompactRange::new();
    {
        let mut next_checkpoint = checkpoints.iter().peekable();
        let mut previous_checkpoint_size = 0u64;
        'rows: for chunk in chunks {
            for row in chunk? {
                if let Err(problem) = check_row(&row, &mut tree, report) {
                    report.problems.push(problem);
                    break 'rows;
                }
                if let Some(cp) = next_checkpoint.next_if(|cp| cp.size == tree.size()) {
                    if tree.root() != cp.root {
                        report.problems.push(Problem::RootMismatch {
                            checkpoint_size: cp.size,
                            since_seq: previous_checkpoint_size,
                        });
                        break 'rows;
                    }
                    previous_checkpoint_size = cp.size;
                }
            }
            if let Some(progress) = &options.progress {
                progress(report.events, total);
            }
        }
    }
    report.root = tree.root();
    if let Some(progress) = &options.progress {
        progress(report.events, total);
    }
    Ok(())
}

/// Checks one row and appends its leaf to `tree`, or says what is wrong with it.
fn check_row(row: &Row, tree: &mut CompactRange, report: &mut VerifyReport) -> Result<(), Problem> {
    let position = row.position;
    if position != tree.size() {
        return Err(Problem::Gap {
            expected: tree.size(),
            found: position,
        });
    }
    let envelope = row.envelope.as_slice();
    let (seq, body_hash) = match fast_keys(envelope) {
        Some(k) => k,
        None => {
            let keys = serde_json::from_slice::<EnvelopeKeys<'_>>(envelope)
                .map_err(|e| e.to_string())
                .and_then(|k| {
                    let mut h = [0u8; 32];
                    hex::decode_to_slice(k.body_hash, &mut h).map_err(|e| e.to_string())?;
                    Ok((k.seq, h))
                });
            keys.map_err(|e| Problem::Altered {
                seq: position,
                id: "?".into(),
                what: format!("its envelope no longer parses ({e})"),
            })?
        }
    };
    if seq != position {
        return Err(Problem::Moved {
            position,
            envelope_seq: seq,
        });
    }
    let leaf = leaf_hash(envelope);
    if row.stored_leaf != leaf {
        let what = "its envelope no longer matches its leaf hash".into();
        return Err(Problem::Altered {
            seq: position,
            id: envelope_id(envelope),
            what,
        });
    }
    match row.body_digest {
        Some(digest) if digest != body_hash => {
            return Err(Problem::BodyAltered {
                seq: position,
                id: envelope_id(envelope),
            });
        }
        Some(_) => report.bodies_checked += 1,
        None => report.bodies_purged += 1,
    }
    tree.push(leaf);
    report.events = tree.size();
    Ok(())
}

fn check_checkpoint_file(
    reader: &Reader,
    verifier: &LogVerifier,
    origin: &str,
    checkpoints: &[StoredCheckpoint],
    log_size: u64,
    report: &mut VerifyReport,
) {
    let Some(note) = reader.data_dir().read_checkpoint_file() else {
        if !checkpoints.is_empty() {
            report.problems.push(Problem::CheckpointFile {
                reason: "missing, though the database has checkpoints (it was deleted)".into(),
            });
        }
        return;
    };
    let cp = match verifier.open(&note, origin) {
        Ok(cp) => cp,
        Err(e) => {
            report.problems.push(Problem::CheckpointFile {
                reason: e.to_string(),
            });
            return;
        }
    };
    if cp.size > log_size {
        report.problems.push(Problem::Truncated {
            checkpoint_size: cp.size,
            log_size,
        });
        return;
    }
    if cp.size == 0 {
        // Written when the store was created, before any checkpoint: it needs no database row.
        if cp.root != warden_core::merkle::empty_root() {
            report.problems.push(Problem::CheckpointFile {
                reason: "it claims an empty log but its root is not the empty tree's".into(),
            });
        }
        return;
    }
    match checkpoints.iter().find(|c| c.size == cp.size) {
        Some(c) if c.root == cp.root => {}
        Some(_) => report.problems.push(Problem::CheckpointFile {
            reason: format!("its root for size {} differs from the database's checkpoint", cp.size),
        }),
        None => report.problems.push(Problem::CheckpointFile {
            reason: format!(
                "it covers {} events but the database has no checkpoint of that size (checkpoints were removed or the database rolled back)",
                cp.size
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::fast_keys;

    #[test]
    fn fast_keys_reads_canonical_envelopes_and_declines_anything_else() {
        let h = "ab".repeat(32);
        let env = format!(
            r#"{{"agent":"unattested:a\\\",\"seq\":9","body_hash":"{h}","id":"x","seq":42,"v":1}}"#
        );
        assert_eq!(fast_keys(env.as_bytes()), Some((42, [0xab; 32])));
        assert_eq!(fast_keys(br#"{"agent":"a","body_hash":"zz"}"#), None);
        let leading_zero = format!(r#"{{"agent":"a","body_hash":"{h}","seq":042}}"#);
        assert_eq!(fast_keys(leading_zero.as_bytes()), None);
        assert_eq!(fast_keys(b"[]"), None);
    }
}
