//! Inclusion proofs: show that one event is in the log a signed checkpoint commits to, to
//! someone who has only the proof and the log's public key.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use warden_core::checkpoint::LogVerifier;
use warden_core::merkle::{self, Hash};
use warden_core::{Envelope, EventId};

use crate::read::Reader;
use crate::StoreError;

/// A self-contained inclusion proof (JSON when printed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InclusionProof {
    /// The proof format; lets later versions change the shape.
    pub format: String,
    pub event_id: String,
    pub seq: u64,
    /// The event's canonical envelope, exactly the bytes its leaf hashes.
    pub envelope: String,
    pub tree_size: u64,
    /// Sibling hashes, bottom-up, base64.
    pub path: Vec<String>,
    /// The signed checkpoint (note text) the proof leads to.
    pub checkpoint: String,
}

pub(crate) const FORMAT: &str = "warden-inclusion-proof/v1";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProofError {
    #[error("unsupported proof format {0:?}")]
    Format(String),
    #[error("the checkpoint does not verify: {0}")]
    Checkpoint(String),
    #[error("the proof is for tree size {proof} but the checkpoint covers {checkpoint}")]
    SizeMismatch { proof: u64, checkpoint: u64 },
    #[error("the envelope is malformed or names another event: {0}")]
    Envelope(String),
    #[error("a path hash is not 32 bytes of base64")]
    PathEncoding,
    #[error("the event is not in the tree the checkpoint commits to")]
    NotIncluded,
}

impl Reader {
    /// Builds an inclusion proof for `id` against the newest checkpoint that covers it.
    pub fn prove(&self, id: &EventId) -> Result<InclusionProof, StoreError> {
        let mut proofs = self.prove_many(std::slice::from_ref(id))?;
        proofs
            .pop()
            .ok_or_else(|| StoreError::NoSuchEvent(id.to_string()))
    }

    /// Proofs for many events against the newest checkpoint, in the order asked. The tree is
    /// read once, so a report can prove thousands of events of one log in one pass.
    pub fn prove_many(&self, ids: &[EventId]) -> Result<Vec<InclusionProof>, StoreError> {
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            let row: (i64, Vec<u8>) = self
                .conn
                .query_row(
                    "SELECT seq, envelope FROM events WHERE id = ?1",
                    [&id.as_bytes()[..]],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => StoreError::NoSuchEvent(id.to_string()),
                    other => other.into(),
                })?;
            found.push((id, row.0 as u64, row.1));
        }
        let Some(max_seq) = found.iter().map(|(_, seq, _)| *seq).max() else {
            return Ok(Vec::new());
        };
        let (size, note) = self
            .latest_checkpoint()?
            .filter(|(size, _)| *size > max_seq)
            .ok_or_else(|| {
                let id = found.iter().find(|(_, seq, _)| *seq == max_seq).map(|f| f.0);
                StoreError::Invalid(format!(
                    "event {} is not yet covered by a checkpoint; a running gateway signs one within a second",
                    id.map(ToString::to_string).unwrap_or_default()
                ))
            })?;
        let tree = merkle::ProofTree::new(self.leaves(size)?);
        found
            .into_iter()
            .map(|(id, seq, envelope)| {
                let path = tree.path(seq as usize).ok_or_else(|| {
                    StoreError::Invalid(
                        "the log is shorter than its checkpoint; run `warden verify`".into(),
                    )
                })?;
                Ok(InclusionProof {
                    format: FORMAT.into(),
                    event_id: id.to_string(),
                    seq,
                    envelope: String::from_utf8_lossy(&envelope).into_owned(),
                    tree_size: size,
                    path: path.iter().map(|h| B64.encode(h)).collect(),
                    checkpoint: note.clone(),
                })
            })
            .collect()
    }

    /// The first `size` leaf hashes, in log order.
    fn leaves(&self, size: u64) -> Result<Vec<Hash>, StoreError> {
        let mut leaves: Vec<Hash> = Vec::with_capacity(size as usize);
        let mut stmt = self
            .conn
            .prepare("SELECT leaf FROM events WHERE seq < ?1 ORDER BY seq")?;
        let mut rows = stmt.query([size as i64])?;
        while let Some(row) = rows.next()? {
            let leaf = row.get_ref(0)?.as_blob()?;
            leaves.push(leaf.try_into().map_err(|_| {
                StoreError::Invalid(
                    "a stored leaf hash is not 32 bytes; run `warden verify`".into(),
                )
            })?);
        }
        if leaves.len() as u64 != size {
            return Err(StoreError::Invalid(
                "the log is shorter than its checkpoint; run `warden verify`".into(),
            ));
        }
        Ok(leaves)
    }
}

impl InclusionProof {
    /// Checks the proof offline: the checkpoint's signature under `verifier` for `origin`, the
    /// envelope's own id and position, and the Merkle path to the checkpoint's root.
    pub fn verify(&self, verifier: &LogVerifier, origin: &str) -> Result<Envelope, ProofError> {
        if self.format != FORMAT {
            return Err(ProofError::Format(self.format.clone()));
        }
        let cp = verifier
            .open(&self.checkpoint, origin)
            .map_err(|e| ProofError::Checkpoint(e.to_string()))?;
        if cp.size != self.tree_size {
            return Err(ProofError::SizeMismatch {
                proof: self.tree_size,
                checkpoint: cp.size,
            });
        }
        let envelope = Envelope::from_canonical(self.envelope.as_bytes())
            .map_err(|e| ProofError::Envelope(e.to_string()))?;
        if envelope.seq != self.seq || envelope.meta.id.to_string() != self.event_id {
            return Err(ProofError::Envelope(
                "seq or id differ from the proof's".into(),
            ));
        }
        let path: Vec<Hash> = self
            .path
            .iter()
            .map(|p| {
                B64.decode(p)
                    .ok()
                    .and_then(|b| <Hash>::try_from(b.as_slice()).ok())
            })
            .collect::<Option<_>>()
            .ok_or(ProofError::PathEncoding)?;
        let leaf = merkle::leaf_hash(self.envelope.as_bytes());
        if merkle::verify_inclusion(&leaf, self.seq, self.tree_size, &path, &cp.root) {
            Ok(envelope)
        } else {
            Err(ProofError::NotIncluded)
        }
    }

    /// The origin named in the checkpoint text (its first line).
    pub fn origin(&self) -> &str {
        self.checkpoint.lines().next().unwrap_or("")
    }
}
