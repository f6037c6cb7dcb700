//! Inclusion proofs from the PostgreSQL log: the same proof format as SQLite's, against the
//! newest checkpoint of the event's own log. They need only envelopes and leaves, so they work
//! for events whose bodies retention has dropped.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use warden_core::merkle::{self, Hash};
use warden_core::EventId;
use warden_pg::PgUrl;

use crate::proof::FORMAT;
use crate::{InclusionProof, StoreError};

/// Builds an inclusion proof for `id`. Synchronous: call it outside an async runtime.
pub fn prove_postgres(url: &PgUrl, id: &EventId) -> Result<InclusionProof, StoreError> {
    let mut c = url.connect()?;
    let row = c
        .query_opt(
            "SELECT log_id, seq, envelope FROM events WHERE id = $1",
            &[&&id.as_bytes()[..]],
        )?
        .ok_or_else(|| StoreError::NoSuchEvent(id.to_string()))?;
    let (log_id, seq, envelope): (i32, i64, Vec<u8>) = (row.get(0), row.get(1), row.get(2));
    let checkpoint = c.query_opt(
        "SELECT size, note FROM checkpoints WHERE log_id = $1 ORDER BY size DESC LIMIT 1",
        &[&log_id],
    )?;
    let (size, note): (i64, String) = checkpoint
        .map(|r| (r.get(0), r.get(1)))
        .filter(|(size, _)| *size > seq)
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "event {id} is not yet covered by a checkpoint; a running gateway signs one within a second"
            ))
        })?;
    let mut leaves: Vec<Hash> = Vec::with_capacity(size as usize);
    for r in c.query(
        "SELECT leaf FROM events WHERE log_id = $1 AND seq < $2 ORDER BY seq",
        &[&log_id, &size],
    )? {
        let leaf: &[u8] = r.get(0);
        leaves.push(leaf.try_into().map_err(|_| {
            StoreError::Invalid("a stored leaf hash is not 32 bytes; run `warden verify`".into())
        })?);
    }
    let path = merkle::inclusion_proof(&leaves, seq as usize).ok_or_else(|| {
        StoreError::Invalid("the log is shorter than its checkpoint; run `warden verify`".into())
    })?;
    Ok(InclusionProof {
        format: FORMAT.into(),
        event_id: id.to_string(),
        seq: seq as u64,
        envelope: String::from_utf8_lossy(&envelope).into_owned(),
        tree_size: size as u64,
        path: path.iter().map(|h| B64.encode(h)).collect(),
        checkpoint: note,
    })
}
