//! The PostgreSQL backend of the audit log, for a fleet of gateways sharing one database.
//!
//! Each gateway writes its own log (its own Merkle tree and signed checkpoints, identified by
//! its checkpoint origin); `verify_postgres` checks every log in the database. Bodies are
//! partitioned by ingest day for retention. Task ends are announced to the fleet (LISTEN/
//! NOTIFY, topic [`TOPIC_TASK_END`]) in the transaction that records them.

mod index;
mod prove;
mod read;
mod retention;
mod schema;
mod verify;
mod writer;

pub use prove::prove_postgres;
pub use read::PgReader;
pub use retention::drop_bodies_before;
pub use verify::{verify_postgres, LogReport};
pub(crate) use writer::open_store;

/// Notification topic carrying the id of a task whose end was just recorded.
pub const TOPIC_TASK_END: &str = "task_end";

#[cfg(test)]
mod tests;
