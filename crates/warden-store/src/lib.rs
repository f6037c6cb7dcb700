//! The audit log: where every event becomes durable, ordered and tamper-evident.
//!
//! This crate owns the data directory (its layout, its keys), the embedded SQLite backend, the
//! single writer that appends events with group commit and signs checkpoints, the read queries
//! the CLI and gateway use, inclusion proofs, and `verify`.
//!
//! It must not decide anything about events: it never redacts, filters, or reorders what it is
//! handed, and it acknowledges an append only once the event is durable on disk. It must never
//! rewrite or delete a stored envelope; the only mutation it offers is dropping a body for
//! retention, which leaves every proof valid.

mod datadir;
mod error;
mod holdback;
mod pg;
mod priority;
mod proof;
mod read;
mod schema;
mod verify;
mod views;
mod writer;

pub use datadir::{DataDir, LogKeys};
pub use error::StoreError;
pub use holdback::Fallback;
pub use pg::{
    drop_bodies_before, prove_postgres, verify_postgres, LogReport, PgReader, TOPIC_TASK_END,
};
pub use priority::lower_thread_priority;
#[cfg(target_os = "linux")]
pub use priority::thread_nice;
pub use proof::{InclusionProof, ProofError};
pub use read::{open_log, EventFilter, ReadLog, Reader, SessionSummary, TaskRecord};
pub use verify::{verify, Problem, VerifyOptions, VerifyReport};
pub use views::{AgentSeen, Bucket, Page, Search, Window};
pub use warden_pg::PgUrl;
pub use writer::{Backend, OnFailure, Pending, Receipt, Store, StoreOptions};
