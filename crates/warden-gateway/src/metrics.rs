//! Prometheus text exposition for `GET /metrics`.
//!
//! A handful of counters kept as atomics: the gateway must not pay for a metrics library on the
//! ingest path, and these are few enough to write out by hand.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

use warden_store::Store;

/// Latency buckets for ingest requests, in microseconds.
const BUCKETS_US: [u64; 10] = [
    100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 100_000, 1_000_000,
];

#[derive(Default)]
pub struct Metrics {
    pub ingest_requests: AtomicU64,
    pub ingest_rejected: AtomicU64,
    pub ingest_failed: AtomicU64,
    pub events_ingested: AtomicU64,
    pub hook_requests: AtomicU64,
    pub hook_unrecorded: AtomicU64,
    pub mcp_requests: AtomicU64,
    pub mcp_refused: AtomicU64,
    pub mcp_denied: AtomicU64,
    pub mcp_upstream_errors: AtomicU64,
    /// Connections closed at accept (the connection cap was reached).
    pub listener: std::sync::Arc<crate::listener::ListenerStats>,
    latency_buckets: [AtomicU64; BUCKETS_US.len()],
    latency_sum_us: AtomicU64,
    latency_count: AtomicU64,
}

impl Metrics {
    pub fn observe_latency(&self, micros: u64) {
        for (bucket, limit) in self.latency_buckets.iter().zip(BUCKETS_US) {
            if micros <= limit {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_sum_us.fetch_add(micros, Ordering::Relaxed);
        self.latency_count.fetch_add(1, Ordering::Relaxed);
    }

    pub fn render(
        &self,
        store: &Store,
        records: &crate::pipeline::RecordStats,
        mode: &str,
    ) -> String {
        let mut out = String::with_capacity(2048);
        let counter = |out: &mut String, name: &str, help: &str, v: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}"
            );
        };
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        counter(
            &mut out,
            "warden_ingest_requests_total",
            "Ingest API requests received.",
            load(&self.ingest_requests),
        );
        counter(
            &mut out,
            "warden_ingest_rejected_total",
            "Ingest requests refused as invalid (4xx).",
            load(&self.ingest_rejected),
        );
        counter(
            &mut out,
            "warden_ingest_failed_total",
            "Ingest requests the store could not record (5xx).",
            load(&self.ingest_failed),
        );
        counter(
            &mut out,
            "warden_events_ingested_total",
            "Events recorded through the ingest API.",
            load(&self.events_ingested),
        );
        counter(
            &mut out,
            "warden_hook_requests_total",
            "Agent hook requests received.",
            load(&self.hook_requests),
        );
        counter(
            &mut out,
            "warden_hook_unrecorded_total",
            "Hook events that could not be queued for recording.",
            load(&self.hook_unrecorded),
        );
        for (name, help, v) in [
            (
                "warden_mcp_requests_total",
                "MCP HTTP requests received at /mcp/NAME.",
                &self.mcp_requests,
            ),
            (
                "warden_mcp_refused_total",
                "MCP requests refused for headers that disagree with the body.",
                &self.mcp_refused,
            ),
            (
                "warden_mcp_denied_total",
                "MCP calls answered by Warden instead of the upstream (denied, awaiting approval).",
                &self.mcp_denied,
            ),
            (
                "warden_mcp_upstream_errors_total",
                "MCP requests the upstream could not be reached for.",
                &self.mcp_upstream_errors,
            ),
        ] {
            counter(&mut out, name, help, load(v));
        }
        counter(
            &mut out,
            "warden_alerts_total",
            "Detector alerts raised.",
            load(&records.alerts),
        );
        counter(
            &mut out,
            "warden_record_failures_total",
            "Events accepted without waiting (observe mode, non-gating hooks) that then failed to record.",
            load(&records.detached_failures),
        );
        for (name, help, v) in [
            (
                "warden_spooled_events_total",
                "Observe-mode events the audit log could not take, written to the spool.",
                &records.spooled,
            ),
            (
                "warden_spool_delivered_events_total",
                "Spooled events delivered to the audit log.",
                &records.spool_delivered,
            ),
            (
                "warden_spool_lost_events_total",
                "Events neither the audit log nor the spool could take (each one is logged).",
                &records.spool_lost,
            ),
        ] {
            counter(&mut out, name, help, load(v));
        }
        counter(
            &mut out,
            "warden_refused_connections_total",
            "Connections closed at accept because gateway.max_connections were open.",
            load(&self.listener.refused_connections),
        );
        let stats = store.stats();
        counter(
            &mut out,
            "warden_store_events_total",
            "Events appended to the audit log by this process.",
            load(&stats.events),
        );
        counter(
            &mut out,
            "warden_store_commits_total",
            "Group commits.",
            load(&stats.commits),
        );
        counter(
            &mut out,
            "warden_store_failed_requests_total",
            "Append requests that failed.",
            load(&stats.failed_requests),
        );
        counter(
            &mut out,
            "warden_store_checkpoints_total",
            "Signed checkpoints written by this process.",
            load(&stats.checkpoints),
        );
        let _ = writeln!(
            out,
            "# HELP warden_log_size Events in the audit log.\n# TYPE warden_log_size gauge\nwarden_log_size {}",
            load(&stats.tree_size)
        );
        let _ = writeln!(
            out,
            "# HELP warden_mode Gateway mode (1 for the active one).\n# TYPE warden_mode gauge\nwarden_mode{{mode=\"{mode}\"}} 1"
        );
        let name = "warden_ingest_duration_seconds";
        let _ = writeln!(
            out,
            "# HELP {name} Ingest request latency until durable.\n# TYPE {name} histogram"
        );
        for (bucket, limit) in self.latency_buckets.iter().zip(BUCKETS_US) {
            let _ = writeln!(
                out,
                "{name}_bucket{{le=\"{}\"}} {}",
                limit as f64 / 1e6,
                load(bucket)
            );
        }
        let count = load(&self.latency_count);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(
            out,
            "{name}_sum {}",
            load(&self.latency_sum_us) as f64 / 1e6
        );
        let _ = writeln!(out, "{name}_count {count}");
        out
    }
}
