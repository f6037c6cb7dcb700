//! The PostgreSQL schema of the audit log, as versioned migrations.
//!
//! Many gateways share one database and each keeps its own log: `logs` registers a log (its
//! checkpoint origin, its verifier key, its Merkle frontier); events and checkpoints carry the
//! log id, and positions are per log. Envelopes (what the leaves commit to) live in `events`;
//! bodies live in `event_bodies`, partitioned by ingest day, so retention drops whole day
//! partitions and never touches an envelope, a leaf or a checkpoint: every proof stays valid.
//! Triggers make the log append-only against accidental writes; the Merkle tree and signed
//! checkpoints catch deliberate ones.

use warden_pg::Migration;

/// The component name in `warden_schema`.
pub const COMPONENT: &str = "store";

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: r#"
CREATE TABLE logs (
    log_id       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    origin       text NOT NULL UNIQUE,
    verifier_key text NOT NULL,
    instance     text NOT NULL,
    created_ns   bigint NOT NULL,
    frontier     bytea NOT NULL DEFAULT ''::bytea
);
CREATE TABLE events (
    log_id     integer NOT NULL REFERENCES logs(log_id),
    seq        bigint NOT NULL,
    id         bytea NOT NULL,
    ts_ns      bigint NOT NULL,
    kind       text NOT NULL,
    session_id text NOT NULL,
    task_id    text NOT NULL,
    agent      text NOT NULL,
    envelope   bytea NOT NULL,
    leaf       bytea NOT NULL,
    PRIMARY KEY (log_id, seq)
);
CREATE UNIQUE INDEX events_id ON events (id);
CREATE INDEX events_session ON events (session_id);
CREATE INDEX events_task ON events (task_id);
CREATE INDEX events_ts ON events (ts_ns);
CREATE TABLE event_bodies (
    day    integer NOT NULL,
    log_id integer NOT NULL,
    seq    bigint NOT NULL,
    body   bytea NOT NULL
) PARTITION BY RANGE (day);
CREATE INDEX event_bodies_pos ON event_bodies (log_id, seq);
CREATE TABLE checkpoints (
    log_id       integer NOT NULL REFERENCES logs(log_id),
    size         bigint NOT NULL,
    root         bytea NOT NULL,
    signed_at_ns bigint NOT NULL,
    note         text NOT NULL,
    PRIMARY KEY (log_id, size)
);
CREATE TABLE sessions (
    session_id  text PRIMARY KEY,
    task_id     text NOT NULL,
    agent       text NOT NULL,
    first_ts_ns bigint NOT NULL,
    last_ts_ns  bigint NOT NULL,
    events      bigint NOT NULL,
    alerts      bigint NOT NULL DEFAULT 0
);
CREATE INDEX sessions_last ON sessions (last_ts_ns);
CREATE TABLE tasks (
    task_id       text PRIMARY KEY,
    implicit      boolean NOT NULL,
    objective     text,
    detail        text,
    created_ts_ns bigint NOT NULL,
    ended_ts_ns   bigint
);
CREATE FUNCTION warden_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME; END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION warden_append_only();
CREATE TRIGGER event_bodies_append_only BEFORE UPDATE ON event_bodies
    FOR EACH ROW EXECUTE FUNCTION warden_append_only();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION warden_append_only();
"#,
}];
