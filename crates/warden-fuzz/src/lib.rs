//! Fuzz targets: each takes arbitrary bytes, feeds them to one of Warden's parsers of hostile
//! input, and checks the properties that must hold whatever the bytes (no panic, bounded
//! output, round trips that agree). It owns no parser itself and must not weaken a check to
//! make a target pass.
//!
//! The same functions run under cargo-fuzz (`fuzz/fuzz_targets/*.rs`, libFuzzer) and in the
//! ordinary test suite (`tests/bounded.rs`: every committed corpus file under `fuzz/corpus/`,
//! then generated mutations for a bounded time per target).

pub mod mutate;
mod targets;

pub use targets::{canonical_json, hook_payload, jsonrpc_envelope, otlp, sse, token};

/// A fuzz target: it must not panic on any input.
pub type Target = fn(&[u8]);

/// Every target by name, as the corpus directories and cargo-fuzz targets are named.
pub const TARGETS: &[(&str, Target)] = &[
    ("jsonrpc_envelope", jsonrpc_envelope),
    ("sse", sse),
    ("hook_payload", hook_payload),
    ("otlp", otlp),
    ("token", token),
    ("canonical_json", canonical_json),
];
