//! The two places pins can live, behind one small interface: the gateway's own SQLite file
//! (`<data>/mcp-pins.db`, the default) or the fleet's PostgreSQL, where every gateway reads the
//! same rows, so a pin approved on one gateway releases the tool on all of them at their next
//! call.
//!
//! The pinning rules are written once ([`super::PinStore`]) against [`PinSql`]; statements use
//! `?N` placeholders and the table tokens `{S}` (servers) and `{T}` (tools), which each backend
//! expands (PostgreSQL tables carry an `mcp_pin_` prefix: they share a schema with the audit
//! log). Every value is text or an integer, and every column read is text.

use rusqlite::Connection;
use warden_pg::postgres::types::ToSql;
use warden_pg::postgres::GenericClient;
use warden_pg::Migration;

use super::PinError;

/// A statement parameter.
pub(crate) enum Val<'a> {
    Text(Option<&'a str>),
    Int(i64),
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(s: &'a str) -> Self {
        Val::Text(Some(s))
    }
}

impl<'a> From<Option<&'a str>> for Val<'a> {
    fn from(s: Option<&'a str>) -> Self {
        Val::Text(s)
    }
}

/// A row: every column as optional text.
pub(crate) type Row = Vec<Option<String>>;

/// Runs statements inside whatever transaction the caller opened.
pub(crate) trait PinSql {
    /// Rows changed.
    fn exec(&mut self, sql: &str, params: &[Val<'_>]) -> Result<usize, PinError>;
    fn rows(&mut self, sql: &str, params: &[Val<'_>]) -> Result<Vec<Row>, PinError>;

    fn row(&mut self, sql: &str, params: &[Val<'_>]) -> Result<Option<Row>, PinError> {
        Ok(self.rows(sql, params)?.into_iter().next())
    }
}

pub(crate) const SQLITE_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS servers (
  server TEXT PRIMARY KEY,
  instructions_approved TEXT NOT NULL,
  instructions_pending TEXT,
  first_seen INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tools (
  server TEXT NOT NULL,
  name TEXT NOT NULL,
  approved_digest TEXT,
  approved_shape TEXT,
  pending_digest TEXT,
  pending_definition TEXT,
  kind TEXT,
  approved_by TEXT,
  PRIMARY KEY (server, name)
);
";

pub(crate) const PG_MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: "
CREATE TABLE mcp_pin_servers (
  server text PRIMARY KEY,
  instructions_approved text NOT NULL,
  instructions_pending text,
  first_seen bigint NOT NULL
);
CREATE TABLE mcp_pin_tools (
  server text NOT NULL REFERENCES mcp_pin_servers(server),
  name text NOT NULL,
  approved_digest text,
  approved_shape text,
  pending_digest text,
  pending_definition text,
  kind text,
  approved_by text,
  PRIMARY KEY (server, name)
);
CREATE INDEX mcp_pin_tools_by_shape ON mcp_pin_tools (server, approved_shape);
",
}];

pub(crate) struct Sqlite<'a>(pub &'a Connection);

impl PinSql for Sqlite<'_> {
    fn exec(&mut self, sql: &str, params: &[Val<'_>]) -> Result<usize, PinError> {
        let sql = sql.replace("{S}", "servers").replace("{T}", "tools");
        Ok(self
            .0
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(params.iter().map(sqlite_value)))?)
    }

    fn rows(&mut self, sql: &str, params: &[Val<'_>]) -> Result<Vec<Row>, PinError> {
        let sql = sql.replace("{S}", "servers").replace("{T}", "tools");
        let mut stmt = self.0.prepare_cached(&sql)?;
        let width = stmt.column_count();
        let rows = stmt
            .query_map(
                rusqlite::params_from_iter(params.iter().map(sqlite_value)),
                |r| (0..width).map(|i| r.get::<_, Option<String>>(i)).collect(),
            )?
            .collect::<Result<Vec<Row>, _>>()?;
        Ok(rows)
    }
}

fn sqlite_value(v: &Val<'_>) -> rusqlite::types::Value {
    match v {
        Val::Text(Some(s)) => rusqlite::types::Value::Text((*s).to_owned()),
        Val::Text(None) => rusqlite::types::Value::Null,
        Val::Int(i) => rusqlite::types::Value::Integer(*i),
    }
}

pub(crate) struct Postgres<'a, C: GenericClient>(pub &'a mut C);

/// `?N` placeholders to `$N`, table tokens to the prefixed tables.
fn pg_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 32);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out.replace("{S}", "mcp_pin_servers")
        .replace("{T}", "mcp_pin_tools")
}

fn pg_params<'v>(params: &'v [Val<'_>]) -> Vec<&'v (dyn ToSql + Sync)> {
    params
        .iter()
        .map(|v| match v {
            Val::Text(s) => s as &(dyn ToSql + Sync),
            Val::Int(i) => i as &(dyn ToSql + Sync),
        })
        .collect()
}

impl<C: GenericClient> PinSql for Postgres<'_, C> {
    fn exec(&mut self, sql: &str, params: &[Val<'_>]) -> Result<usize, PinError> {
        let n = self
            .0
            .execute(&pg_sql(sql), &pg_params(params))
            .map_err(warden_pg::PgError::from)?;
        Ok(n as usize)
    }

    fn rows(&mut self, sql: &str, params: &[Val<'_>]) -> Result<Vec<Row>, PinError> {
        let rows = self
            .0
            .query(&pg_sql(sql), &pg_params(params))
            .map_err(warden_pg::PgError::from)?;
        Ok(rows
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.get::<_, Option<String>>(i))
                    .collect()
            })
            .collect())
    }
}

#[cfg(test)]
mod unit {
    #[test]
    fn placeholders_and_tables_are_translated_for_postgres() {
        assert_eq!(
            super::pg_sql("SELECT a FROM {T} WHERE x = ?1 AND y IS DISTINCT FROM ?12"),
            "SELECT a FROM mcp_pin_tools WHERE x = $1 AND y IS DISTINCT FROM $12"
        );
    }
}
