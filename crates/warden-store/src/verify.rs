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

struct StoredCheckpoint {
    size: u64,
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
    let mut out = Vec::new();
    for row in rows {
        let (size, root, note) = row?;
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
    Ok(out)
}

fn check_events(
    reader: &Reader,
    checkpoints: &[StoredCheckpoint],
    total: u64,
    options: &VerifyOptions,
    report: &mut VerifyReport,
) -> Result<(), StoreError> {
    let mut stmt = reader
        .conn
        .prepare("SELECT seq, envelope, leaf, body FROM events ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut tree = CompactRange::new();
    let mut next_checkpoint = checkpoints.iter().peekable();
    let mut previous_checkpoint_size = 0u64;
    while let Some(row) = rows.next()? {
        let position = row.get::<_, i64>(0)? as u64;
        let envelope = row.get_ref(1)?.as_blob()?;
        let stored_leaf = row.get_ref(2)?.as_blob()?;
        let body = row.get_ref(3)?.as_blob_or_null()?;
        if position != tree.size() {
            report.problems.push(Problem::Gap {
                expected: tree.size(),
                found: position,
            });
            break;
        }
        let keys = match serde_json::from_slice::<EnvelopeKeys<'_>>(envelope) {
            Ok(k) => k,
            Err(e) => {
                let what = format!("its envelope no longer parses ({e})");
                report.problems.push(Problem::Altered {
                    seq: position,
                    id: "?".into(),
                    what,
                });
                break;
            }
        };
        if keys.seq != position {
            report.problems.push(Problem::Moved {
                position,
                envelope_seq: keys.seq,
            });
            break;
        }
        let leaf = leaf_hash(envelope);
        if stored_leaf != leaf {
            let what = "its envelope no longer matches its leaf hash".into();
            report.problems.push(Problem::Altered {
                seq: position,
                id: keys.id.to_owned(),
                what,
            });
            break;
        }
        match body {
            Some(body) => {
                report.bodies_checked += 1;
                let digest: Hash = Sha256::digest(body).into();
                if hex::encode(digest) != keys.body_hash {
                    report.problems.push(Problem::BodyAltered {
                        seq: position,
                        id: keys.id.to_owned(),
                    });
                    break;
                }
            }
            None => report.bodies_purged += 1,
        }
        tree.push(leaf);
        report.events = tree.size();
        if let Some(cp) = next_checkpoint.next_if(|cp| cp.size == tree.size()) {
            if tree.root() != cp.root {
                report.problems.push(Problem::RootMismatch {
                    checkpoint_size: cp.size,
                    since_seq: previous_checkpoint_size,
                });
                break;
            }
            previous_checkpoint_size = cp.size;
        }
        if report.events % 65_536 == 0 {
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
