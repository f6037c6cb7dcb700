//! One folder per sink, each with the same anatomy: `config.rs` (its `[sinks.NAME]` options),
//! `mod.rs` (the sink: a type behind [`crate::Sink`]), `tests.rs`, `integration_tests.rs`
//! (against a real receiver). Shared transport code lives beside them in [`http`].

pub mod file;
pub mod http;
pub mod nats;
pub mod ocsf_http;
pub mod otlp;
pub mod splunk_hec;
pub mod syslog;
pub mod webhook;

/// This machine's name, for syslog `HOSTNAME` and HEC `host` (`-` when unknown).
pub(crate) fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "-".to_owned())
}
