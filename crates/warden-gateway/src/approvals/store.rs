//! Approval requests in `<data>/approvals.db`, so a restart keeps them: a pending request stays
//! pending until it expires, and an approved one not yet used still lets its call run once.
//!
//! Each request is one row (its JSON and its deadline); every change is written before the
//! caller is answered.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{params, Connection};

use super::ApprovalRequest;

pub struct ApprovalDb {
    db: Mutex<Connection>,
}

/// Decided requests are forgotten this long after their deadline.
const KEEP_MS: i64 = 24 * 3600 * 1000;

impl ApprovalDb {
    pub fn open(path: &Path) -> Result<Self, String> {
        let conn =
            Connection::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5))
            .and_then(|_| {
                conn.execute_batch(
                    "PRAGMA journal_mode=WAL;
                     CREATE TABLE IF NOT EXISTS approvals (
                         id TEXT PRIMARY KEY, deadline_ms INTEGER NOT NULL, request TEXT NOT NULL);",
                )
            })
            .map_err(|e| format!("cannot set up {}: {e}", path.display()))?;
        Ok(Self {
            db: Mutex::new(conn),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        match self.db.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    pub fn save(&self, request: &ApprovalRequest, deadline_ms: i64) -> Result<(), String> {
        let json = serde_json::to_string(request).map_err(|e| e.to_string())?;
        self.lock()
            .execute(
                "INSERT INTO approvals (id, deadline_ms, request) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET deadline_ms = ?2, request = ?3",
                params![request.id, deadline_ms, json],
            )
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Every request still worth keeping, with its deadline; older ones are deleted.
    pub fn load(&self, now_ms: i64) -> Result<Vec<(ApprovalRequest, i64)>, String> {
        let db = self.lock();
        db.execute(
            "DELETE FROM approvals WHERE deadline_ms < ?1",
            [now_ms - KEEP_MS],
        )
        .map_err(|e| e.to_string())?;
        let mut stmt = db
            .prepare("SELECT request, deadline_ms FROM approvals")
            .map_err(|e| e.to_string())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        for row in rows {
            let (json, deadline) = row.map_err(|e| e.to_string())?;
            match serde_json::from_str::<ApprovalRequest>(&json) {
                Ok(r) => out.push((r, deadline)),
                Err(e) => {
                    tracing::error!(error = %e, "an approval request in approvals.db does not parse; skipped")
                }
            }
        }
        Ok(out)
    }
}
