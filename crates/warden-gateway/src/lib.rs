//! The gateway: where sources hand events to the pipeline and get decisions back.
//!
//! This crate owns the pipeline that every captured event goes through (normalize → attribute →
//! record), the HTTP server (health, metrics, ingest API), its configuration, and graceful
//! shutdown. Capture adapters, policy and detection plug into the pipeline as their crates land.
//!
//! It must not parse any source's wire format beyond turning it into events (that is each
//! source adapter's job), must not write to the audit log except through `warden-store`, and
//! must never acknowledge an event before the store has made it durable.

pub mod alerts;
pub mod approvals;
mod background;
pub mod config;
pub mod decide;
pub mod detect;
pub mod eval;
pub mod fleet;
mod forward;
pub mod hooks;
pub mod identity;
pub mod ingest;
pub mod listener;
pub mod llm;
pub mod mcp;
mod metrics;
pub mod otlp;
pub mod pipeline;
mod policy_watch;
pub mod redact;
mod relay;
pub mod review;
pub mod server;
mod sinks;
pub mod spool;
mod task_routes;
pub mod tasks;
pub mod ui;

pub use config::{Config, Mode, DEFAULT_CONFIG};
pub use pipeline::Pipeline;
pub use server::{open_pins, serve, ServeOptions};
