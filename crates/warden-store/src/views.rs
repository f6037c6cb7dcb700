//! Windowed and aggregated queries for the review UI.
//!
//! The UI must answer in well under a second on a session of 100,000 events, so nothing here
//! reads a whole session: timelines are keyset-paginated on `(session_id, seq)`, alerts come
//! from alert-only partial indexes, and charts are `GROUP BY` counts computed inside
//! SQLite rather than events decoded in Rust. Kept apart from `read.rs` (the CLI's queries)
//! so each file has one job.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, OptionalExtension};
use serde::Serialize;
use warden_core::{EventKind, StoredEvent};

use crate::read::{decode, Reader, SessionSummary};
use crate::StoreError;

/// Which way a timeline window runs from its cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// The first `limit` events of the session.
    First,
    /// The `limit` events after this log position, in log order.
    After(u64),
    /// The `limit` events before this log position, in log order.
    Before(u64),
    /// The newest `limit` events, in log order.
    Last,
}

/// One window of a session's timeline plus whether there is more on either side.
#[derive(Debug, Default)]
pub struct Window {
    pub events: Vec<StoredEvent>,
    pub has_before: bool,
    pub has_after: bool,
}

/// Events and alerts in one time bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bucket {
    pub start_ns: i64,
    pub events: i64,
    pub alerts: i64,
}

/// An agent as the log has seen it.
#[derive(Clone, Debug, Serialize)]
pub struct AgentSeen {
    pub agent: String,
    pub sessions: i64,
    pub events: i64,
    pub alerts: i64,
    pub tasks: i64,
    pub last_ts_ns: i64,
}

/// What a search asks for; every field narrows.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub agent: Option<String>,
    /// A tool name, as agents (`tool_name`), MCP (`name`) or the gateway (`tool`) write it.
    pub tool: Option<String>,
    /// Text anywhere in the stored (redacted) envelope or body, e.g. a secret reference.
    pub text: Option<String>,
    pub kind: Option<EventKind>,
    pub since_ns: Option<i64>,
    pub until_ns: Option<i64>,
    /// Newest first, stop before this log position (keyset paging backwards).
    pub before_seq: Option<u64>,
    pub limit: usize,
}

impl Reader {
    /// One session's summary row.
    pub fn session(&self, session_id: &str) -> Result<Option<SessionSummary>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT session_id, task_id, agent, first_ts_ns, last_ts_ns, events, alerts
                 FROM sessions WHERE session_id = ?1",
                [session_id],
                |r| {
                    Ok(SessionSummary {
                        session_id: r.get(0)?,
                        task_id: r.get(1)?,
                        agent: r.get(2)?,
                        first_ts_ns: r.get(3)?,
                        last_ts_ns: r.get(4)?,
                        events: r.get(5)?,
                        alerts: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// A window of `limit` events of one session, in log order, by keyset on `seq`: the cost
    /// is the window's, whatever the session's length.
    pub fn session_window(
        &self,
        session_id: &str,
        page: Page,
        limit: usize,
    ) -> Result<Window, StoreError> {
        let limit = limit.clamp(1, 5_000);
        let (cond, desc, cursor) = match page {
            Page::First => ("", false, None),
            Page::After(s) => (" AND seq > ?2", false, Some(s)),
            Page::Before(s) => (" AND seq < ?2", true, Some(s)),
            Page::Last => ("", true, None),
        };
        let order = if desc { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT envelope, body FROM events WHERE session_id = ?1{cond}
             ORDER BY seq {order} LIMIT {}",
            limit + 1
        );
        let mut args = vec![SqlValue::Text(session_id.to_owned())];
        if let Some(s) = cursor {
            args.push(SqlValue::Integer(s as i64));
        }
        let mut events = self.decode_rows(&sql, args)?;
        let more = events.len() > limit;
        events.truncate(limit);
        if desc {
            events.reverse();
        }
        let mut w = Window {
            events,
            ..Default::default()
        };
        let (Some(first), Some(last)) = (w.events.first(), w.events.last()) else {
            return Ok(w);
        };
        let (first, last) = (first.envelope.seq, last.envelope.seq);
        if desc {
            w.has_before = more;
            w.has_after = self.session_has(session_id, ">", last)?;
        } else {
            w.has_after = more;
            w.has_before = self.session_has(session_id, "<", first)?;
        }
        Ok(w)
    }

    fn session_has(&self, session_id: &str, op: &str, seq: u64) -> Result<bool, StoreError> {
        let sql =
            format!("SELECT EXISTS(SELECT 1 FROM events WHERE session_id = ?1 AND seq {op} ?2)");
        Ok(self
            .conn
            .query_row(&sql, rusqlite::params![session_id, seq as i64], |r| {
                r.get(0)
            })?)
    }

    /// Alerts, newest first, optionally of one session (the alert queue, a session's alerts);
    /// `before_seq` pages backwards. The kind is spelled in the SQL so the planner can use the
    /// alert-only partial indexes.
    pub fn recent_alerts(
        &self,
        session_id: Option<&str>,
        before_seq: Option<u64>,
        limit: usize,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let mut sql = String::from("SELECT envelope, body FROM events WHERE kind = 'alert'");
        let mut args = Vec::new();
        if let Some(s) = session_id {
            args.push(SqlValue::Text(s.to_owned()));
            sql.push_str(&format!(" AND session_id = ?{}", args.len()));
        }
        if let Some(b) = before_seq {
            args.push(SqlValue::Integer(b as i64));
            sql.push_str(&format!(" AND seq < ?{}", args.len()));
        }
        sql.push_str(&format!(
            " ORDER BY seq DESC LIMIT {}",
            limit.clamp(1, 5_000)
        ));
        self.decode_rows(&sql, args)
    }

    /// The distinct agents of one session (the delegation tree's nodes), from the
    /// `session_agents` table the writer keeps.
    pub fn session_agents(&self, session_id: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT agent FROM session_agents WHERE session_id = ?1 ORDER BY agent LIMIT 1000",
        )?;
        let rows = stmt.query_map([session_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Events and alerts per `bucket_ns` from `since_ns` on (the activity and alert charts).
    /// Events are counted from the time index alone; alerts through the alert-only index, so
    /// neither reads event rows beyond the alerts themselves.
    pub fn activity(&self, since_ns: i64, bucket_ns: i64) -> Result<Vec<Bucket>, StoreError> {
        let bucket = bucket_ns.max(1);
        let mut out: Vec<Bucket> = Vec::new();
        let mut stmt = self.conn.prepare(
            "SELECT (ts_ns / ?2) * ?2 AS b, COUNT(*) FROM events WHERE ts_ns >= ?1
             GROUP BY b ORDER BY b",
        )?;
        let rows = stmt.query_map([since_ns, bucket], |r| {
            Ok(Bucket {
                start_ns: r.get(0)?,
                events: r.get(1)?,
                alerts: 0,
            })
        })?;
        for b in rows {
            out.push(b?);
        }
        // `+ts_ns`: keep the planner on the alert index (alerts are few; events are many).
        let mut stmt = self.conn.prepare(
            "SELECT (ts_ns / ?2) * ?2 AS b, COUNT(*) FROM events
             WHERE kind = 'alert' AND +ts_ns >= ?1 GROUP BY b",
        )?;
        let alerts = stmt.query_map([since_ns, bucket], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        for a in alerts {
            let (start, n) = a?;
            if let Ok(i) = out.binary_search_by_key(&start, |b| b.start_ns) {
                out[i].alerts = n;
            }
        }
        Ok(out)
    }

    /// Every agent that has a session, most recently seen first.
    pub fn agents_seen(&self) -> Result<Vec<AgentSeen>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT agent, COUNT(*), SUM(events), SUM(alerts), COUNT(DISTINCT task_id),
                    MAX(last_ts_ns)
             FROM sessions GROUP BY agent ORDER BY MAX(last_ts_ns) DESC LIMIT 10000",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AgentSeen {
                agent: r.get(0)?,
                sessions: r.get(1)?,
                events: r.get(2)?,
                alerts: r.get(3)?,
                tasks: r.get(4)?,
                last_ts_ns: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Sessions of one task, most recently active first.
    pub fn task_sessions(&self, task_id: &str) -> Result<Vec<SessionSummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT session_id, task_id, agent, first_ts_ns, last_ts_ns, events, alerts
             FROM sessions WHERE task_id = ?1 ORDER BY last_ts_ns DESC LIMIT 1000",
        )?;
        let rows = stmt.query_map([task_id], |r| {
            Ok(SessionSummary {
                session_id: r.get(0)?,
                task_id: r.get(1)?,
                agent: r.get(2)?,
                first_ts_ns: r.get(3)?,
                last_ts_ns: r.get(4)?,
                events: r.get(5)?,
                alerts: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The highest alert severity (0 info … 4 critical) of each of these sessions that has an
    /// alert: the sessions list's risk column, from the alert-only `(session_id, seq)` index.
    pub fn max_alert_severity(
        &self,
        sessions: &[String],
    ) -> Result<std::collections::HashMap<String, u8>, StoreError> {
        let mut out = std::collections::HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT MAX(CASE json_extract(CAST(body AS TEXT), '$.severity')
                 WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2
                 WHEN 'low' THEN 1 ELSE 0 END)
             FROM events WHERE kind = 'alert' AND session_id = ?1 AND body IS NOT NULL",
        )?;
        for s in sessions {
            let max: Option<i64> = stmt.query_row([s], |r| r.get(0))?;
            if let Some(m) = max {
                out.insert(s.clone(), m.clamp(0, 4) as u8);
            }
        }
        Ok(out)
    }

    /// Matching events, newest first.
    pub fn search(&self, q: &Search) -> Result<Vec<StoredEvent>, StoreError> {
        let mut sql = String::from("SELECT envelope, body FROM events WHERE 1=1");
        let mut args: Vec<SqlValue> = Vec::new();
        let mut push = |sql: &mut String, clause: &str, v: SqlValue| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(a) = &q.agent {
            push(&mut sql, " AND agent = ?", SqlValue::Text(a.clone()));
        }
        if let Some(k) = q.kind {
            push(&mut sql, " AND kind = ?", SqlValue::Text(k.as_str().into()));
        }
        if let Some(t) = q.since_ns {
            push(&mut sql, " AND ts_ns >= ?", SqlValue::Integer(t));
        }
        if let Some(t) = q.until_ns {
            push(&mut sql, " AND ts_ns < ?", SqlValue::Integer(t));
        }
        if let Some(s) = q.before_seq {
            push(&mut sql, " AND seq < ?", SqlValue::Integer(s as i64));
        }
        if let Some(tool) = &q.tool {
            // Bodies are JSON text: match the tool's name as any of the keys that carry it.
            let name = serde_json::to_string(tool).unwrap_or_default();
            let keys = ["tool_name", "name", "tool"];
            let alts: Vec<String> = keys
                .iter()
                .map(|k| {
                    args.push(SqlValue::Blob(format!("\"{k}\":{name}").into_bytes()));
                    format!("instr(body, ?{}) > 0", args.len())
                })
                .collect();
            sql.push_str(&format!(" AND ({})", alts.join(" OR ")));
        }
        if let Some(text) = &q.text {
            args.push(SqlValue::Blob(text.as_bytes().to_vec()));
            let n = args.len();
            sql.push_str(&format!(
                " AND (instr(envelope, ?{n}) > 0 OR instr(body, ?{n}) > 0)"
            ));
        }
        sql.push_str(&format!(
            " ORDER BY seq DESC LIMIT {}",
            q.limit.clamp(1, 1_000)
        ));
        self.decode_rows(&sql, args)
    }

    fn decode_rows(&self, sql: &str, args: Vec<SqlValue>) -> Result<Vec<StoredEvent>, StoreError> {
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query(params_from_iter(args))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let envelope: Vec<u8> = row.get(0)?;
            let body: Option<Vec<u8>> = row.get(1)?;
            out.push(decode(&envelope, body.as_deref())?);
        }
        Ok(out)
    }
}
