//! The dead-letter spool: events a destination refused for good, with the reason.
//!
//! One JSON line per refused event, appended and fsynced before the cursor moves past it, so a
//! refusal never loses an event: it moves it here, where `warden sinks status` counts it and an
//! operator can replay it (the line holds the full record).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::json;
use warden_core::StoredEvent;

pub struct DeadLetters {
    path: PathBuf,
}

impl DeadLetters {
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join("dead-letter.jsonl"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `event` with `reason`, durably.
    pub fn push(&self, sink: &str, event: &StoredEvent, reason: &str) -> Result<(), String> {
        let line = json!({
            "sink": sink,
            "at": now_rfc3339(),
            "seq": event.envelope.seq,
            "id": event.envelope.meta.id.to_string(),
            "reason": reason,
            "event": event.to_json(),
        });
        let fail = |e: std::io::Error| format!("cannot write {}: {e}", self.path.display());
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(fail)?;
        let mut bytes = line.to_string().into_bytes();
        bytes.push(b'\n');
        f.write_all(&bytes).map_err(fail)?;
        f.sync_all().map_err(fail)
    }

    /// How many events the spool holds.
    pub fn count(&self) -> u64 {
        std::fs::read(&self.path)
            .map(|b| b.iter().filter(|c| **c == b'\n').count() as u64)
            .unwrap_or(0)
    }
}

pub(crate) fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
