//! Approval requests in the fleet's PostgreSQL.
//!
//! Every write is a compare-and-swap on the row's revision and is announced (NOTIFY, topic
//! [`TOPIC`], payload the request id) in the same transaction; each gateway merges what it
//! hears into its copy ([`super::Approvals::merge`]), which wakes a call it holds for that
//! request. Rows also carry a sequence number, so a periodic catch-up reads what a lost
//! notification missed ([`PgApprovals::changed_since`]).

use warden_pg::postgres::Row;
use warden_pg::{Migration, PgError, PgThread, PgUrl};

use super::store::{parse_row, ApprovalDb, StoredApproval, KEEP_MS};
use super::ApprovalRequest;

/// Notification topic: an approval request was opened or changed (payload: its id).
pub const TOPIC: &str = "approval";

const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: r#"
CREATE SEQUENCE approvals_seq;
CREATE TABLE approvals (
    id text PRIMARY KEY, deadline_ms bigint NOT NULL, request text NOT NULL,
    rev bigint NOT NULL, seq bigint NOT NULL DEFAULT nextval('approvals_seq'));
CREATE INDEX approvals_by_seq ON approvals (seq);
"#,
}];

const COLUMNS: &str = "SELECT request, deadline_ms, rev, seq FROM approvals";

pub struct PgApprovals {
    pg: PgThread,
}

fn text(e: PgError) -> String {
    e.to_string()
}

impl PgApprovals {
    /// Connects and applies the migrations.
    pub fn open(url: &PgUrl) -> Result<Self, String> {
        let pg = PgThread::start(url, "warden-approvals-pg").map_err(text)?;
        pg.call(|c| warden_pg::migrate(c, "approvals", MIGRATIONS).map(|_| ()))
            .map_err(text)?;
        Ok(Self { pg })
    }

    /// Requests written after sequence number `since`, and the newest sequence number read.
    pub fn changed_since(&self, since: i64) -> Result<(Vec<StoredApproval>, i64), String> {
        let rows = self
            .pg
            .call(move |c| Ok(c.query(&format!("{COLUMNS} WHERE seq > $1"), &[&since])?))
            .map_err(text)?;
        let newest = rows
            .iter()
            .map(|r| r.get::<_, i64>(3))
            .max()
            .unwrap_or(since);
        Ok((rows.iter().filter_map(stored).collect(), newest))
    }
}

fn stored(r: &Row) -> Option<StoredApproval> {
    parse_row(&r.get::<_, String>(0), r.get(1), r.get(2))
}

impl ApprovalDb for PgApprovals {
    fn save(&self, request: &ApprovalRequest, deadline_ms: i64, rev: i64) -> Result<bool, String> {
        let json = serde_json::to_string(request).map_err(|e| e.to_string())?;
        let id = request.id.clone();
        self.pg
            .call(move |c| {
                let mut tx = c.transaction()?;
                let n = tx.execute(
                    "INSERT INTO approvals (id, deadline_ms, request, rev) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (id) DO UPDATE SET deadline_ms = excluded.deadline_ms,
                         request = excluded.request, rev = excluded.rev,
                         seq = nextval('approvals_seq')
                     WHERE approvals.rev = excluded.rev - 1",
                    &[&id, &deadline_ms, &json, &rev],
                )?;
                if n == 1 {
                    warden_pg::notify(&mut tx, TOPIC, &id)?;
                }
                tx.commit()?;
                Ok(n == 1)
            })
            .map_err(text)
    }

    fn load(&self, now_ms: i64) -> Result<Vec<StoredApproval>, String> {
        let rows = self
            .pg
            .call(move |c| {
                c.execute(
                    "DELETE FROM approvals WHERE deadline_ms < $1",
                    &[&(now_ms - KEEP_MS)],
                )?;
                Ok(c.query(COLUMNS, &[])?)
            })
            .map_err(text)?;
        Ok(rows.iter().filter_map(stored).collect())
    }

    fn load_one(&self, id: &str) -> Result<Option<StoredApproval>, String> {
        let id = id.to_owned();
        let row = self
            .pg
            .call(move |c| Ok(c.query_opt(&format!("{COLUMNS} WHERE id = $1"), &[&id])?))
            .map_err(text)?;
        Ok(row.as_ref().and_then(stored))
    }
}
