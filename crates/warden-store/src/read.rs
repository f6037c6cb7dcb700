//! Read queries over the audit log, for the CLI and the gateway's APIs.
//!
//! A [`Reader`] holds its own connection in query-only mode, so it can run while a gateway is
//! writing (WAL readers never block the writer) and can never modify the log by mistake.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection, OpenFlags};
use serde::Serialize;
use warden_core::{Envelope, EventId, EventKind, StoredEvent};

use crate::datadir::DataDir;
use crate::StoreError;

/// Which events to return. Every field narrows; `None` means "any".
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    pub agent: Option<String>,
    pub task: Option<String>,
    pub session: Option<String>,
    pub kind: Option<EventKind>,
    /// Inclusive lower bound on the event time, Unix nanoseconds.
    pub since_ns: Option<i64>,
    /// Exclusive upper bound on the event time, Unix nanoseconds.
    pub until_ns: Option<i64>,
    /// Text that must appear in the envelope or the body (e.g. a secret reference).
    pub contains: Option<String>,
    /// Only events after this log position.
    pub after_seq: Option<u64>,
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SessionSummary {
    pub session_id: String,
    pub task_id: String,
    pub agent: String,
    pub first_ts_ns: i64,
    pub last_ts_ns: i64,
    pub events: i64,
    pub alerts: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TaskRecord {
    pub task_id: String,
    pub implicit: bool,
    pub objective: Option<String>,
    pub detail: Option<serde_json::Value>,
    pub created_ts_ns: i64,
    pub ended_ts_ns: Option<i64>,
}

/// The read queries the CLI and the gateway's read APIs need, over either backend: the data
/// directory's SQLite log ([`Reader`]) or a fleet database holding every gateway's log
/// ([`crate::pg::PgReader`]). [`open_log`] picks one.
pub trait ReadLog: Send {
    /// Sessions, most recently active first.
    fn sessions(&self, limit: usize) -> Result<Vec<SessionSummary>, StoreError>;
    /// Tasks, newest first.
    fn tasks(&self, limit: usize) -> Result<Vec<TaskRecord>, StoreError>;
    /// Streams matching events in order to `each`; stops early when it returns false.
    fn each_event(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(StoredEvent) -> bool,
    ) -> Result<(), StoreError>;
    /// One event by id.
    fn event(&self, id: &EventId) -> Result<Option<StoredEvent>, StoreError>;
}

/// The log to read: the fleet database `url` names, else the data directory's SQLite log.
pub fn open_log(
    dir: &DataDir,
    url: Option<&warden_pg::PgUrl>,
) -> Result<Box<dyn ReadLog>, StoreError> {
    Ok(match url {
        Some(url) => Box::new(crate::pg::PgReader::open(url)?),
        None => Box::new(Reader::open(dir)?),
    })
}

impl ReadLog for Reader {
    fn sessions(&self, limit: usize) -> Result<Vec<SessionSummary>, StoreError> {
        Reader::sessions(self, limit)
    }

    fn tasks(&self, limit: usize) -> Result<Vec<TaskRecord>, StoreError> {
        Reader::tasks(self, limit)
    }

    fn each_event(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(StoredEvent) -> bool,
    ) -> Result<(), StoreError> {
        self.events(filter, each)
    }

    fn event(&self, id: &EventId) -> Result<Option<StoredEvent>, StoreError> {
        Reader::event(self, id)
    }
}

pub struct Reader {
    pub(crate) conn: Connection,
    pub(crate) dir: DataDir,
}

impl Reader {
    pub fn open(dir: &DataDir) -> Result<Self, StoreError> {
        let conn = Connection::open_with_flags(
            dir.db_path(),
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.execute_batch("PRAGMA busy_timeout = 5000; PRAGMA query_only = ON;")?;
        Ok(Self {
            conn,
            dir: dir.clone(),
        })
    }

    pub fn data_dir(&self) -> &DataDir {
        &self.dir
    }

    /// Number of events in the log.
    pub fn tree_size(&self) -> Result<u64, StoreError> {
        let n: i64 =
            self.conn
                .query_row("SELECT COALESCE(MAX(seq) + 1, 0) FROM events", [], |r| {
                    r.get(0)
                })?;
        Ok(n as u64)
    }

    /// The newest checkpoint in the database: (tree size, signed note).
    pub fn latest_checkpoint(&self) -> Result<Option<(u64, String)>, StoreError> {
        let row = self.conn.query_row(
            "SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, String>(1)?)),
        );
        match row {
            Ok(v) => Ok(Some(v)),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Sessions, most recently active first.
    pub fn sessions(&self, limit: usize) -> Result<Vec<SessionSummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT session_id, task_id, agent, first_ts_ns, last_ts_ns, events, alerts
             FROM sessions ORDER BY last_ts_ns DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
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

    /// The task a session is bound to, if the session has been seen.
    pub fn session_task(&self, session_id: &str) -> Result<Option<String>, StoreError> {
        match self.conn.query_row(
            "SELECT task_id FROM sessions WHERE session_id = ?1",
            [session_id],
            |r| r.get(0),
        ) {
            Ok(t) => Ok(Some(t)),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Tasks, newest first.
    pub fn tasks(&self, limit: usize) -> Result<Vec<TaskRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT task_id, implicit, objective, detail, created_ts_ns, ended_ts_ns
             FROM tasks ORDER BY created_ts_ns DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            let detail: Option<String> = r.get(3)?;
            Ok(TaskRecord {
                task_id: r.get(0)?,
                implicit: r.get(1)?,
                objective: r.get(2)?,
                detail: detail.and_then(|d| serde_json::from_str(&d).ok()),
                created_ts_ns: r.get(4)?,
                ended_ts_ns: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Streams matching events in log order to `each`; stops early when it returns false.
    pub fn events(
        &self,
        filter: &EventFilter,
        mut each: impl FnMut(StoredEvent) -> bool,
    ) -> Result<(), StoreError> {
        let mut sql = String::from("SELECT envelope, body FROM events WHERE 1=1");
        let mut args: Vec<SqlValue> = Vec::new();
        let mut push = |clause: &str, v: SqlValue| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(a) = &filter.agent {
            push(" AND agent = ?", SqlValue::Text(a.clone()));
        }
        if let Some(t) = &filter.task {
            push(" AND task_id = ?", SqlValue::Text(t.clone()));
        }
        if let Some(s) = &filter.session {
            push(" AND session_id = ?", SqlValue::Text(s.clone()));
        }
        if let Some(k) = filter.kind {
            push(" AND kind = ?", SqlValue::Text(k.as_str().to_owned()));
        }
        if let Some(t) = filter.since_ns {
            push(" AND ts_ns >= ?", SqlValue::Integer(t));
        }
        if let Some(t) = filter.until_ns {
            push(" AND ts_ns < ?", SqlValue::Integer(t));
        }
        if let Some(seq) = filter.after_seq {
            push(" AND seq > ?", SqlValue::Integer(seq as i64));
        }
        if let Some(text) = &filter.contains {
            let pattern = SqlValue::Blob(text.as_bytes().to_vec());
            args.push(pattern);
            let n = args.len();
            sql.push_str(&format!(
                " AND (instr(envelope, ?{n}) > 0 OR instr(body, ?{n}) > 0)"
            ));
        }
        sql.push_str(" ORDER BY seq");
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            let envelope: Vec<u8> = row.get(0)?;
            let body: Option<Vec<u8>> = row.get(1)?;
            if !each(decode(&envelope, body.as_deref())?) {
                break;
            }
        }
        Ok(())
    }

    /// One event by id, with its log position.
    pub fn event(&self, id: &EventId) -> Result<Option<StoredEvent>, StoreError> {
        let row = self.conn.query_row(
            "SELECT envelope, body FROM events WHERE id = ?1",
            [&id.as_bytes()[..]],
            |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Option<Vec<u8>>>(1)?)),
        );
        match row {
            Ok((envelope, body)) => Ok(Some(decode(&envelope, body.as_deref())?)),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

pub(crate) fn decode(envelope: &[u8], body: Option<&[u8]>) -> Result<StoredEvent, StoreError> {
    let envelope = Envelope::from_canonical(envelope).map_err(|e| {
        StoreError::Invalid(format!(
            "a stored envelope does not parse ({e}); run `warden verify`"
        ))
    })?;
    let body = match body {
        Some(b) => Some(serde_json::from_slice(b).map_err(|e| {
            StoreError::Invalid(format!(
                "the body of event {} does not parse ({e}); run `warden verify`",
                envelope.meta.id
            ))
        })?),
        None => None,
    };
    Ok(StoredEvent { envelope, body })
}
