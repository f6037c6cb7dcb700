//! The session and task index in PostgreSQL, merged per group like the SQLite writer's.
//!
//! Sessions and tasks are shared by the fleet (an agent's session may move between gateways),
//! so rows are upserted with arithmetic that commutes: counts add, first/last times take the
//! minimum/maximum. Rows are written in key order, so two gateways touching the same rows lock
//! them in the same order and cannot deadlock.

use warden_pg::postgres::Transaction;

use crate::writer::IndexDelta;
use crate::StoreError;

pub(crate) fn flush(tx: &mut Transaction<'_>, index: &IndexDelta) -> Result<(), StoreError> {
    if !index.tasks.is_empty() {
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
        tx.execute(
            "INSERT INTO tasks (task_id, implicit, objective, detail, created_ts_ns, ended_ts_ns)
             SELECT * FROM unnest($1::text[], $2::bool[], $3::text[], $4::text[], $5::int8[], $6::int8[])
             ON CONFLICT (task_id) DO UPDATE SET
               objective = COALESCE(excluded.objective, tasks.objective),
               detail = COALESCE(excluded.detail, tasks.detail),
               created_ts_ns = LEAST(tasks.created_ts_ns, excluded.created_ts_ns),
               ended_ts_ns = COALESCE(excluded.ended_ts_ns, tasks.ended_ts_ns)",
            &[&ids, &implicit, &objectives, &details, &created, &ended],
        )?;
    }
    if !index.sessions.is_empty() {
        let mut ids = Vec::new();
        let mut tasks = Vec::new();
        let mut agents = Vec::new();
        let (mut first, mut last, mut events, mut alerts) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (session_id, s) in &index.sessions {
            ids.push(session_id.as_str());
            tasks.push(s.task_id.as_str());
            agents.push(s.agent.as_str());
            first.push(s.first_ts);
            last.push(s.last_ts);
            events.push(s.events);
            alerts.push(s.alerts);
        }
        tx.execute(
            "INSERT INTO sessions (session_id, task_id, agent, first_ts_ns, last_ts_ns, events, alerts)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[], $6::int8[], $7::int8[])
             ON CONFLICT (session_id) DO UPDATE SET
               task_id = excluded.task_id,
               agent = CASE WHEN excluded.agent LIKE 'spiffe://%' OR sessions.agent NOT LIKE 'spiffe://%'
                            THEN excluded.agent ELSE sessions.agent END,
               first_ts_ns = LEAST(sessions.first_ts_ns, excluded.first_ts_ns),
               last_ts_ns = GREATEST(sessions.last_ts_ns, excluded.last_ts_ns),
               events = sessions.events + excluded.events,
               alerts = sessions.alerts + excluded.alerts",
            &[&ids, &tasks, &agents, &first, &last, &events, &alerts],
        )?;
    }
    Ok(())
}
