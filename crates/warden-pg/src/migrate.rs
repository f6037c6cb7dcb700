//! Versioned schema migrations, applied at start.
//!
//! Each component (`store`, `identity`) owns an ordered list of migrations and a row in
//! `warden_schema` with the version applied. Starting gateways serialise on an advisory lock,
//! so a fleet starting at once applies each migration exactly once; a database migrated by a
//! newer Warden is refused rather than written with an old schema.

use postgres::Client;

use crate::PgError;

/// One schema step: `sql` takes the schema from `version - 1` to `version`.
pub struct Migration {
    pub version: i32,
    pub sql: &'static str,
}

/// Applies the pending migrations of `component` in one transaction; returns the version now
/// in force.
pub fn migrate(
    client: &mut Client,
    component: &str,
    migrations: &[Migration],
) -> Result<i32, PgError> {
    let latest = migrations.iter().map(|m| m.version).max().unwrap_or(0);
    let mut tx = client.transaction()?;
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':warden-migrate'))",
        &[],
    )?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS warden_schema (
            component  text PRIMARY KEY,
            version    integer NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now())",
    )?;
    let current: i32 = tx
        .query_opt(
            "SELECT version FROM warden_schema WHERE component = $1",
            &[&component],
        )?
        .map(|r| r.get(0))
        .unwrap_or(0);
    if current > latest {
        return Err(PgError::Schema(format!(
            "the PostgreSQL schema of {component} is at version {current}, newer than this Warden ({latest}); upgrade warden"
        )));
    }
    let mut pending: Vec<&Migration> = migrations.iter().filter(|m| m.version > current).collect();
    pending.sort_by_key(|m| m.version);
    for m in &pending {
        tx.batch_execute(m.sql).map_err(|e| {
            PgError::Schema(format!("migration {component} v{} failed: {e}", m.version))
        })?;
        tracing::info!(
            component,
            version = m.version,
            "applied PostgreSQL migration"
        );
    }
    tx.execute(
        "INSERT INTO warden_schema (component, version) VALUES ($1, $2)
         ON CONFLICT (component) DO UPDATE SET version = excluded.version, applied_at = now()",
        &[&component, &latest.max(current)],
    )?;
    tx.commit()?;
    Ok(latest.max(current))
}
