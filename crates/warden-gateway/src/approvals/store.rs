//! Where approval requests persist, so a restart keeps them: a pending request stays pending
//! until it expires, and an approved one not yet used still lets its call run once.
//!
//! Each request is one row (its JSON, its deadline and a revision); every change is written
//! before the caller is answered. A single gateway keeps them in `<data>/approvals.db`
//! ([`SqliteApprovals`]); a fleet keeps them in its PostgreSQL ([`super::store_pg`]), where the
//! revision makes every change a compare-and-swap, so two gateways never both use one
//! approval or overwrite each other's votes.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};

use super::ApprovalRequest;

/// A request as stored.
#[derive(Clone, Debug)]
pub struct StoredApproval {
    pub request: ApprovalRequest,
    /// Unix milliseconds.
    pub deadline_ms: i64,
    /// Bumped by every write.
    pub rev: i64,
}

/// Decided requests are forgotten this long after their deadline.
pub(crate) const KEEP_MS: i64 = 24 * 3600 * 1000;

/// Storage of approval requests.
pub trait ApprovalDb: Send + Sync {
    /// Writes `request` as revision `rev`. `Ok(false)`: the stored row is not at `rev - 1`
    /// (another gateway changed it first); nothing was written.
    fn save(&self, request: &ApprovalRequest, deadline_ms: i64, rev: i64) -> Result<bool, String>;
    /// Every request still worth keeping; older ones are deleted.
    fn load(&self, now_ms: i64) -> Result<Vec<StoredApproval>, String>;
    /// One request as stored now.
    fn load_one(&self, id: &str) -> Result<Option<StoredApproval>, String>;
}

/// `<data>/approvals.db`: one gateway is its only writer, so revisions are not checked.
pub struct SqliteApprovals {
    db: Mutex<Connection>,
}

impl SqliteApprovals {
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
}

/// Parses a stored request; a row that does not parse is logged and skipped.
pub(crate) fn parse_row(json: &str, deadline_ms: i64, rev: i64) -> Option<StoredApproval> {
    match serde_json::from_str::<ApprovalRequest>(json) {
        Ok(request) => Some(StoredApproval {
            request,
            deadline_ms,
            rev,
        }),
        Err(e) => {
            tracing::error!(error = %e, "a stored approval request does not parse; skipped");
            None
        }
    }
}

impl ApprovalDb for SqliteApprovals {
    fn save(&self, request: &ApprovalRequest, deadline_ms: i64, _rev: i64) -> Result<bool, String> {
        let json = serde_json::to_string(request).map_err(|e| e.to_string())?;
        self.lock()
            .execute(
                "INSERT INTO approvals (id, deadline_ms, request) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET deadline_ms = ?2, request = ?3",
                params![request.id, deadline_ms, json],
            )
            .map(|_| true)
            .map_err(|e| e.to_string())
    }

    fn load(&self, now_ms: i64) -> Result<Vec<StoredApproval>, String> {
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
            out.extend(parse_row(&json, deadline, 0));
        }
        Ok(out)
    }

    fn load_one(&self, id: &str) -> Result<Option<StoredApproval>, String> {
        let row: Option<(String, i64)> = self
            .lock()
            .query_row(
                "SELECT request, deadline_ms FROM approvals WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| e.to_string())?;
        Ok(row.and_then(|(json, deadline)| parse_row(&json, deadline, 0)))
    }
}
