//! SQLite schema and connection settings.
//!
//! Envelopes (what the Merkle leaf commits to) and bodies live in the same row but in separate
//! columns: retention sets `body` to NULL and leaves `envelope` and `leaf` untouched. Triggers make
//! the log append-only against accidental writes; a deliberate attacker can drop them, which is
//! what the Merkle tree and signed checkpoints are for.

use rusqlite::Connection;

/// Current schema version, stored in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = 2;

const SCHEMA_V1: &str = r#"
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    seq        INTEGER PRIMARY KEY,
    id         BLOB NOT NULL UNIQUE,
    ts_ns      INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    session_id TEXT NOT NULL,
    task_id    TEXT NOT NULL,
    agent      TEXT NOT NULL,
    envelope   BLOB NOT NULL,
    leaf       BLOB NOT NULL,
    body       BLOB
);
CREATE INDEX IF NOT EXISTS events_session ON events(session_id, seq);
CREATE INDEX IF NOT EXISTS events_task ON events(task_id, seq);
CREATE INDEX IF NOT EXISTS events_ts ON events(ts_ns);
CREATE TABLE IF NOT EXISTS checkpoints (
    size         INTEGER PRIMARY KEY,
    root         BLOB NOT NULL,
    signed_at_ns INTEGER NOT NULL,
    note         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    session_id  TEXT PRIMARY KEY,
    task_id     TEXT NOT NULL,
    agent       TEXT NOT NULL,
    first_ts_ns INTEGER NOT NULL,
    last_ts_ns  INTEGER NOT NULL,
    events      INTEGER NOT NULL,
    alerts      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tasks (
    task_id       TEXT PRIMARY KEY,
    implicit      INTEGER NOT NULL,
    objective     TEXT,
    detail        TEXT,
    created_ts_ns INTEGER NOT NULL,
    ended_ts_ns   INTEGER
);
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
WHEN NEW.seq IS NOT OLD.seq OR NEW.id IS NOT OLD.id OR NEW.envelope IS NOT OLD.envelope
  OR NEW.leaf IS NOT OLD.leaf OR NEW.body IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: only a body purge is allowed'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_append_only BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
"#;

/// Settings for every connection: WAL for concurrent readers, FULL sync so a commit is durable
/// when it returns (group commit amortizes the fsync), a busy timeout for readers.
pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;
         PRAGMA cache_size = -65536;",
    )
}

/// Creates or upgrades the schema; refuses a database written by a newer Warden.
pub fn migrate(conn: &Connection) -> Result<(), String> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version > SCHEMA_VERSION {
        return Err(format!(
            "the database has schema version {version}, newer than this Warden ({SCHEMA_VERSION}); upgrade warden"
        ));
    }
    if version < 1 {
        conn.execute_batch(&format!(
            "BEGIN; {SCHEMA_V1} PRAGMA user_version = 1; COMMIT;"
        ))
        .map_err(|e| e.to_string())?;
    }
    if version < 2 {
        conn.execute_batch(&format!(
            "BEGIN; {SCHEMA_V2} PRAGMA user_version = 2; COMMIT;"
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// v2: what the review UI reads on long sessions, kept off the per-event write path. A
/// session's agents (subagents, delegation hops) live in their own small table, written once
/// per agent per commit; alerts get partial indexes, so only alert rows pay for them. Replaces
/// two whole-table indexes of an earlier build (every event paid for both), and fills the
/// table from the log the first time.
const SCHEMA_V2: &str = "
DROP INDEX IF EXISTS events_kind;
DROP INDEX IF EXISTS events_session_agent;
CREATE TABLE IF NOT EXISTS session_agents (
    session_id TEXT NOT NULL,
    agent      TEXT NOT NULL,
    PRIMARY KEY (session_id, agent)
) WITHOUT ROWID;
INSERT OR IGNORE INTO session_agents(session_id, agent) SELECT DISTINCT session_id, agent FROM events;
CREATE INDEX IF NOT EXISTS events_alerts ON events(seq) WHERE kind = 'alert';
CREATE INDEX IF NOT EXISTS events_session_alerts ON events(session_id, seq) WHERE kind = 'alert';
";
