//! Streaming and SIEM sinks, and the encoders `warden export` shares with them.
//!
//! Why a crate of its own: delivering the audit log to other systems is a follower of the log,
//! never part of recording it. A sink that is down, slow or rejecting must not slow or block an
//! agent, and must not lose anything: each sink reads the durable log from its own persisted
//! cursor, retries with capped backoff, and only moves the cursor on acknowledgement
//! (at-least-once; receivers dedupe by event id). Events a receiver refuses for good go to a
//! dead-letter spool with the reason.
//!
//! Layout (Vector-like): [`encode`] turns stored events into OCSF, OTLP (GenAI semantic
//! conventions), CEF, RFC 5424 and JSONL without doing I/O; [`sinks`] holds one folder per sink
//! (its `config.rs`, the sink, unit and integration tests), each a type behind the [`Sink`]
//! trait, registered once in [`registry`]; [`delivery`] is the one loop every sink runs under
//! (cursor, batches, backoff, dead letters, status); [`service`] runs the configured sinks
//! inside `warden serve`.

pub mod config;
pub mod delivery;
pub mod encode;
pub mod registry;
pub mod secret;
pub mod service;
pub mod sink;
pub mod sinks;

#[cfg(test)]
pub(crate) mod testkit;

pub use config::{SinkConfig, SinkKind, SinksConfig};
pub use delivery::status::{SinkStatus, StatusReport};
pub use encode::Format;
pub use secret::{SecretRef, SecretResolver};
pub use service::{SinkHandle, SinkService};
pub use sink::{SendError, SendFuture, Sink};
