//! Read queries over a fleet database: every gateway's log at once, for the read commands and
//! the gateway's read APIs ([`crate::ReadLog`]).
//!
//! Events come in time order across logs (ties by log, then position). Matching events are
//! fetched in pages of [`PAGE`] keyed on that order, so listing a large range holds one page in
//! memory, never the range.

use warden_core::{EventId, StoredEvent};
use warden_pg::postgres::types::ToSql;
use warden_pg::postgres::Row;
use warden_pg::{PgThread, PgUrl};

use crate::read::{decode, EventFilter, ReadLog, SessionSummary, TaskRecord};
use crate::StoreError;

/// Events fetched per round trip.
const PAGE: i64 = 1_000;

pub struct PgReader {
    pg: PgThread,
}

impl PgReader {
    pub fn open(url: &PgUrl) -> Result<Self, StoreError> {
        Ok(Self {
            pg: PgThread::start(url, "warden-read-pg")?,
        })
    }
}

const EVENT_COLUMNS: &str = "SELECT e.envelope, b.body, e.ts_ns, e.log_id, e.seq FROM events e
     LEFT JOIN event_bodies b ON b.log_id = e.log_id AND b.seq = e.seq";

/// A query's text and parameters, built clause by clause.
#[derive(Default)]
struct Query {
    sql: String,
    params: Vec<Box<dyn ToSql + Sync + Send>>,
}

impl Query {
    fn and(&mut self, clause: &str, value: impl ToSql + Sync + Send + 'static) {
        self.params.push(Box::new(value));
        let n = self.params.len();
        self.sql.push_str(&clause.replace('?', &format!("${n}")));
    }
}

fn where_clauses(filter: &EventFilter) -> Result<Query, StoreError> {
    if filter.after_seq.is_some() {
        return Err(StoreError::Invalid(
            "a log position names one gateway's log; a fleet database holds many (filter by time instead)".into(),
        ));
    }
    let mut q = Query::default();
    if let Some(a) = &filter.agent {
        q.and(" AND e.agent = ?", a.clone());
    }
    if let Some(t) = &filter.task {
        q.and(" AND e.task_id = ?", t.clone());
    }
    if let Some(s) = &filter.session {
        q.and(" AND e.session_id = ?", s.clone());
    }
    if let Some(k) = filter.kind {
        q.and(" AND e.kind = ?", k.as_str().to_owned());
    }
    if let Some(t) = filter.since_ns {
        q.and(" AND e.ts_ns >= ?", t);
    }
    if let Some(t) = filter.until_ns {
        q.and(" AND e.ts_ns < ?", t);
    }
    if let Some(text) = &filter.contains {
        q.and(
            " AND (position(?::bytea in e.envelope) > 0 OR position($N::bytea in b.body) > 0)",
            text.as_bytes().to_vec(),
        );
        let n = q.params.len();
        q.sql = q.sql.replace("$N", &format!("${n}"));
    }
    Ok(q)
}

fn stored(r: &Row) -> Result<StoredEvent, StoreError> {
    let envelope: Vec<u8> = r.get(0);
    let body: Option<Vec<u8>> = r.get(1);
    decode(&envelope, body.as_deref())
}

impl ReadLog for PgReader {
    fn sessions(&self, limit: usize) -> Result<Vec<SessionSummary>, StoreError> {
        let limit = limit as i64;
        let rows = self.pg.call(move |c| {
            Ok(c.query(
                "SELECT session_id, task_id, agent, first_ts_ns, last_ts_ns, events, alerts
                 FROM sessions ORDER BY last_ts_ns DESC LIMIT $1",
                &[&limit],
            )?)
        })?;
        Ok(rows
            .iter()
            .map(|r| SessionSummary {
                session_id: r.get(0),
                task_id: r.get(1),
                agent: r.get(2),
                first_ts_ns: r.get(3),
                last_ts_ns: r.get(4),
                events: r.get(5),
                alerts: r.get(6),
            })
            .collect())
    }

    fn tasks(&self, limit: usize) -> Result<Vec<TaskRecord>, StoreError> {
        let limit = limit as i64;
        let rows = self.pg.call(move |c| {
            Ok(c.query(
                "SELECT task_id, implicit, objective, detail, created_ts_ns, ended_ts_ns
                 FROM tasks ORDER BY created_ts_ns DESC LIMIT $1",
                &[&limit],
            )?)
        })?;
        Ok(rows
            .iter()
            .map(|r| TaskRecord {
                task_id: r.get(0),
                implicit: r.get(1),
                objective: r.get(2),
                detail: r
                    .get::<_, Option<String>>(3)
                    .and_then(|d| serde_json::from_str(&d).ok()),
                created_ts_ns: r.get(4),
                ended_ts_ns: r.get(5),
            })
            .collect())
    }

    fn each_event(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(StoredEvent) -> bool,
    ) -> Result<(), StoreError> {
        let mut left = filter.limit.map(|l| l as i64);
        let mut after: Option<(i64, i32, i64)> = None;
        loop {
            let page = left.map_or(PAGE, |l| l.min(PAGE));
            if page <= 0 {
                return Ok(());
            }
            let mut q = where_clauses(filter)?;
            if let Some((ts, log, seq)) = after {
                q.and(" AND (e.ts_ns, e.log_id, e.seq) > (?", ts);
                q.and(", ?", log);
                q.and(", ?)", seq);
            }
            let sql = format!(
                "{EVENT_COLUMNS} WHERE true{} ORDER BY e.ts_ns, e.log_id, e.seq LIMIT {page}",
                q.sql
            );
            let params = q.params;
            let rows = self.pg.call(move |c| {
                let refs: Vec<&(dyn ToSql + Sync)> = params
                    .iter()
                    .map(|p| p.as_ref() as &(dyn ToSql + Sync))
                    .collect();
                Ok(c.query(&sql, &refs)?)
            })?;
            for r in &rows {
                if !each(stored(r)?) {
                    return Ok(());
                }
            }
            if (rows.len() as i64) < page {
                return Ok(());
            }
            left = left.map(|l| l - rows.len() as i64);
            after = rows.last().map(|r| (r.get(2), r.get(3), r.get(4)));
        }
    }

    fn event(&self, id: &EventId) -> Result<Option<StoredEvent>, StoreError> {
        let id = id.as_bytes().to_vec();
        let row = self
            .pg
            .call(move |c| Ok(c.query_opt(&format!("{EVENT_COLUMNS} WHERE e.id = $1"), &[&id])?))?;
        row.as_ref().map(stored).transpose()
    }
}
