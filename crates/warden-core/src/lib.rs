//! The vocabulary every other Warden crate speaks.
//!
//! This crate owns the event record (envelope + body, kinds, sources, ids), the canonical JSON
//! encoding that makes an event hashable (RFC 8785), the Merkle tree hashing of the audit log
//! (RFC 6962 / RFC 9162 proofs), and the signed-note checkpoint format (C2SP `signed-note` and
//! `tlog-checkpoint`).
//!
//! It must not do I/O of any kind: no files, sockets, clocks it was not handed, or randomness
//! it was not handed. Everything here is a pure function of its inputs, so the store, the
//! gateway, the CLI and an offline verifier all agree byte for byte on what an event hashes to.

pub mod canonical;
pub mod checkpoint;
pub mod event;
pub mod ids;
pub mod merkle;
pub mod verdict;

pub use event::{
    AgentRef, Body, Correlation, Draft, Envelope, EventKind, EventMeta, NewEvent, Source,
    StoredEvent, Timestamp, ENVELOPE_VERSION,
};
pub use ids::{EventId, SessionId, TaskId};
pub use verdict::{Outcome, Verdict};
