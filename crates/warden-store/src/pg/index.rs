//! The session and task index in PostgreSQL, merged per group like the SQLite writer's.
//!
//! Sessions and tasks are shared by the fleet (an agent's session may move between gateways),
//! so rows are upserted with arithmetic that commutes: counts add, first/last times take the
//! minimum/maximum. Rows are written in key order, so two gateways touching the same rows lock
//! them in the same order and cannot deadlock.

use warden_pg::postgres::{Statement, Transaction};

use crate::writer::IndexDelta;
use crate::StoreError;

/// One statement (one round trip) per group: the task and session upserts and the log's new
/// Merkle frontier. Empty arrays insert nothing.
pub(crate) const SQL: &str = "
WITH t AS (
  INSERT INTO tasks (task_id, implicit, objective, detail, created_ts_ns, ended_ts_ns)
  SELECT * FROM unnest($1::text[], $2::bool[], $3::text[], $4::text[], $5::int8[], $6::int8[])
  ON CONFLICT (task_id) DO UPDATE SET
    objective = COALESCE(excluded.objective, tasks.objective),
    detail = COALESCE(excluded.detail, tasks.detail),
    created_ts_ns = LEAST(tasks.created_ts_ns, excluded.created_ts_ns),
    ended_ts_ns = COALESCE(excluded.ended_ts_ns, tasks.ended_ts_ns)
), s AS (
  INSERT INTO sessions (session_id, task_id, agent, first_ts_ns, last_ts_ns, events, alerts)
  SELECT * FROM unnest($7::text[], $8::text[], $9::text[], $10::int8[], $11::int8[], $12::int8[], $13::int8[])
  ON CONFLICT (session_id) DO UPDATE SET
    task_id = excluded.task_id,
    agent = CASE WHEN excluded.agent LIKE 'spiffe://%' OR sessions.agent NOT LIKE 'spiffe://%'
                 THEN excluded.agent ELSE sessions.agent END,
    first_ts_ns = LEAST(sessions.first_ts_ns, excluded.first_ts_ns),
    last_ts_ns = GREATEST(sessions.last_ts_ns, excluded.last_ts_ns),
    events = sessions.events + excluded.events,
    alerts = sessions.alerts + excluded.alerts
)
UPDATE logs SET frontier = $14 WHERE log_id = $15";

/// Runs [`SQL`] (prepared as `stmt`) for one group's index changes and frontier.
pub(crate) fn flush(
    tx: &mut Transaction<'_>,
    stmt: &Statement,
    index: &IndexDelta,
    frontier: &[u8],
    log_id: i32,
) -> Result<(), StoreError> {
    let mut ids = Vec::new();
    let mut implicit = Vec::new();
    let mut objectives: Vec<Option<String>> = Vec::new();
    let mut details: Vec<Option<String>> = Vec::new();
    let mut created = Vec::new();
    let mut ended: Vec<Option<i64>> = Vec::new();
    for (task_id, t) in &index.tasks {
        ids.push(task_id.as_str());
        implicit.push(task_id.starts_with(warden_core::TaskId::IMPLICIT_PREFIX));
        let (o, d) = match &t.declared {
            Some((o, d)) => (o.clone(), Some(d.clone())),
            None => (None, None),
        };
        objectives.push(o);
        details.push(d);
        created.push(t.first_ts);
        ended.push(t.ended_ts);
    }
    let mut sids = Vec::new();
    let mut tasks = Vec::new();
    let mut agents = Vec::new();
    let (mut first, mut last, mut events, mut alerts) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (session_id, s) in &index.sessions {
        sids.push(session_id.as_str());
        tasks.push(s.task_id.as_str());
        agents.push(s.agent.as_str());
        first.push(s.first_ts);
        last.push(s.last_ts);
        events.push(s.events);
        alerts.push(s.alerts);
    }
    tx.execute(
        stmt,
        &[
            &ids,
            &implicit,
            &objectives,
            &details,
            &created,
            &ended,
            &sids,
            &tasks,
            &agents,
            &first,
            &last,
            &events,
            &alerts,
            &frontier,
            &log_id,
        ],
    )?;
    Ok(())
}
