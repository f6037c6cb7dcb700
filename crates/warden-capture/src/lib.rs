//! Capture adapters: each turns one source's wire format into events of the record, and turns a
//! [`Verdict`](warden_core::Verdict) back into that source's wire format.
//!
//! This crate owns the knowledge of agents' protocols (field names, event names, answer
//! shapes, exit codes). It must not decide anything (policy and detection do), do I/O, or drop
//! what a source sent: unknown events and unknown fields are kept in the event body.

pub mod hooks;
pub mod llm;
pub mod otlp;
