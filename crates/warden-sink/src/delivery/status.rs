//! What `warden sinks status` and `/metrics` show: lag, deliveries, failures, dead letters.
//!
//! A running sink keeps counters in memory ([`SinkStats`], read by the metrics endpoint) and
//! mirrors them to `<data>/sinks/<name>/status.json`, so the CLI can report on a gateway it is
//! not part of, and totals survive a restart. The cursor and the dead-letter spool are the
//! authoritative sources for lag and dead letters; the status file only adds history.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::cursor::{write_atomic, Cursor};
use super::spool::{now_rfc3339, DeadLetters};
use crate::config::SinksConfig;

/// Live counters of one sink.
#[derive(Debug, Default)]
pub struct SinkStats {
    pub delivered: AtomicU64,
    pub failures: AtomicU64,
    pub dead_letters: AtomicU64,
    /// One past the last acknowledged position (0 = nothing delivered).
    pub next_seq: AtomicU64,
    pub retrying: AtomicBool,
    last_error: Mutex<Option<(String, String)>>,
}

impl SinkStats {
    pub fn set_error(&self, reason: &str) {
        if let Ok(mut e) = self.last_error.lock() {
            *e = Some((now_rfc3339(), reason.chars().take(500).collect()));
        }
    }

    pub fn last_error(&self) -> Option<(String, String)> {
        self.last_error.lock().ok().and_then(|e| e.clone())
    }

    /// Restores totals from a previous run.
    pub(crate) fn restore(&self, saved: &Persisted) {
        self.delivered
            .store(saved.delivered_total, Ordering::Relaxed);
        self.failures.store(saved.failures_total, Ordering::Relaxed);
        if let (Some(at), Some(reason)) = (&saved.last_error_at, &saved.last_error) {
            if let Ok(mut e) = self.last_error.lock() {
                *e = Some((at.clone(), reason.clone()));
            }
        }
    }

    pub(crate) fn persisted(&self) -> Persisted {
        let err = self.last_error();
        Persisted {
            delivered_total: self.delivered.load(Ordering::Relaxed),
            failures_total: self.failures.load(Ordering::Relaxed),
            retrying: self.retrying.load(Ordering::Relaxed),
            last_error_at: err.as_ref().map(|e| e.0.clone()),
            last_error: err.map(|e| e.1),
            updated_at: now_rfc3339(),
        }
    }
}

/// `status.json`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Persisted {
    pub delivered_total: u64,
    pub failures_total: u64,
    pub retrying: bool,
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    pub updated_at: String,
}

/// The state directory of sink `name`: `<data>/sinks/<name>`.
pub fn sink_dir(data: &Path, name: &str) -> PathBuf {
    data.join("sinks").join(name)
}

pub(crate) fn status_path(dir: &Path) -> PathBuf {
    dir.join("status.json")
}

pub(crate) fn load_persisted(dir: &Path) -> Persisted {
    std::fs::read(status_path(dir))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub(crate) fn save_persisted(dir: &Path, stats: &SinkStats) -> Result<(), String> {
    let bytes = serde_json::to_vec_pretty(&stats.persisted()).map_err(|e| e.to_string())?;
    write_atomic(&status_path(dir), &bytes)
}

/// One sink's status, as `warden sinks status` prints it.
#[derive(Debug, Serialize)]
pub struct SinkStatus {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub destination: String,
    /// Last acknowledged log position; `None` before the first delivery.
    pub delivered_through: Option<u64>,
    /// Events in the log the destination has not acknowledged yet.
    pub lag: u64,
    pub delivered_total: u64,
    pub failures_total: u64,
    pub dead_letters: u64,
    pub dead_letter_file: PathBuf,
    pub retrying: bool,
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    pub updated_at: Option<String>,
}

/// Status of every configured sink, from the data directory alone.
pub struct StatusReport;

impl StatusReport {
    pub fn collect(
        data: &Path,
        sinks: &SinksConfig,
        tree_size: u64,
    ) -> Result<Vec<SinkStatus>, String> {
        sinks
            .0
            .iter()
            .map(|(name, config)| {
                let dir = sink_dir(data, name);
                let through = Cursor::new(&dir).load()?.flatten();
                let next = through.map_or(0, |s| s + 1);
                let saved = std::fs::read(status_path(&dir))
                    .ok()
                    .and_then(|b| serde_json::from_slice::<Persisted>(&b).ok());
                let spool = DeadLetters::new(&dir);
                Ok(SinkStatus {
                    name: name.clone(),
                    kind: config.kind.type_name().to_owned(),
                    destination: config.kind.destination(),
                    delivered_through: through,
                    lag: tree_size.saturating_sub(next),
                    delivered_total: saved.as_ref().map_or(0, |s| s.delivered_total),
                    failures_total: saved.as_ref().map_or(0, |s| s.failures_total),
                    dead_letters: spool.count(),
                    dead_letter_file: spool.path().to_path_buf(),
                    retrying: saved.as_ref().is_some_and(|s| s.retrying),
                    last_error: saved.as_ref().and_then(|s| s.last_error.clone()),
                    last_error_at: saved.as_ref().and_then(|s| s.last_error_at.clone()),
                    updated_at: saved.map(|s| s.updated_at),
                })
            })
            .collect()
    }
}
