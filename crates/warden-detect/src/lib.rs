//! Stateful sequence detection over Warden's event stream.
//!
//! This crate owns the detector catalogue (stable ids, framework tags, default responses), the
//! [`Observation`] contract the gateway maps events onto, the per-session / per-task /
//! per-agent / per-server state the detectors keep (bounded windows, counters and small capped
//! sets, dropped when idle), and the [`Engine`] that runs every enabled detector on each event
//! and returns [`Alert`]s naming every event that makes up a pattern. It also exposes the
//! session facts and target provenance the gateway feeds to policy before a call runs.
//!
//! It must not do I/O, read the clock (time comes from observations), block, or decide policy:
//! it reports findings with a suggested response, and the gateway acts on them. Facts about a
//! single call come from `warden-analysis`; this crate only adds what needs memory.

pub mod alert;
pub mod catalogue;
pub mod config;
mod detectors;
pub mod engine;
pub mod observation;
mod state;

pub use alert::{Alert, Response, Severity};
pub use catalogue::{entry, Entry, CATALOGUE};
pub use config::{DetectConfig, Rule};
pub use engine::fleet::{FleetCalls, FleetDeny};
pub use engine::{Engine, Provenance, SessionFacts};
pub use observation::{Observation, Observed, Scope, TokenProblem, ToolSpec, Verdict};
pub use warden_analysis;
