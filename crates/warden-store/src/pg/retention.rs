//! Retention for the PostgreSQL log: bodies live in one partition per ingest day, and
//! retention drops whole partitions older than the kept window. Envelopes, leaves and
//! checkpoints are never touched, so `verify` still passes (counting the bodies as purged) and
//! every inclusion proof stays valid; only the content is gone.

use warden_pg::PgUrl;

use super::writer::ingest_day;
use crate::StoreError;

/// The table holding one day's bodies.
pub(crate) fn partition_name(day: i32) -> String {
    format!("event_bodies_d{day}")
}

/// Drops the body partitions of days before the last `keep_days` (today counts as one);
/// returns the days dropped.
pub fn drop_bodies_before(url: &PgUrl, keep_days: u32) -> Result<Vec<i32>, StoreError> {
    if keep_days == 0 {
        return Err(StoreError::Invalid(
            "retention must keep at least 1 day of bodies (today's)".into(),
        ));
    }
    drop_partitions_before(url, ingest_day() - (keep_days as i32 - 1))
}

/// Drops the body partitions of days before `oldest_kept`.
pub(crate) fn drop_partitions_before(
    url: &PgUrl,
    oldest_kept: i32,
) -> Result<Vec<i32>, StoreError> {
    let mut client = url.connect()?;
    let mut tx = client.transaction()?;
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':partitions'))",
        &[],
    )?;
    let rows = tx.query(
        "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'event_bodies'::regclass",
        &[],
    )?;
    let mut dropped = Vec::new();
    for row in rows {
        let name: String = row.get(0);
        let Some(day) = name
            .strip_prefix("event_bodies_d")
            .and_then(|d| d.parse::<i32>().ok())
        else {
            continue;
        };
        if day < oldest_kept {
            tx.batch_execute(&format!("DROP TABLE {}", partition_name(day)))?;
            dropped.push(day);
        }
    }
    tx.commit()?;
    dropped.sort_unstable();
    if !dropped.is_empty() {
        tracing::info!(days = ?dropped, "retention dropped event bodies");
    }
    Ok(dropped)
}
