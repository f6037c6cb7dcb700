//! The pipeline every event goes through, whatever its source:
//! normalize (done by the source adapter, into [`Draft`]s) → attribute → record.
//!
//! Attribution fills in what a source did not say: the event id and time, the agent (an
//! unattested local agent when no credential was presented), and the task: the one the event
//! names, else the one its session is bound to, else the session's implicit task.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use warden_core::{
    AgentRef, Body, Draft, EventId, EventMeta, NewEvent, SessionId, Source, TaskId, Timestamp,
};
use warden_store::{Reader, Receipt, Store, StoreError};

use crate::config::Mode;

/// Sessions whose task binding is cached in memory; older ones are looked up in the store.
const SESSION_CACHE: usize = 100_000;

pub struct Pipeline {
    store: Store,
    mode: Mode,
    sessions: Mutex<HashMap<SessionId, TaskId>>,
    reader: Mutex<Option<Reader>>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl Pipeline {
    pub fn new(store: Store, mode: Mode) -> Self {
        Self {
            store,
            mode,
            sessions: Mutex::new(HashMap::new()),
            reader: Mutex::new(None),
        }
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Attributes and records `drafts` from `source`, presented by `agent`. Resolves once every
    /// event is durable, with their receipts in order; on error nothing of the request is kept.
    pub async fn record(
        &self,
        drafts: Vec<Draft>,
        source: Source,
        agent: &AgentRef,
    ) -> Result<Vec<Receipt>, StoreError> {
        let events: Vec<NewEvent> = drafts
            .into_iter()
            .map(|d| self.attribute(d, source, agent))
            .collect();
        self.store.append(events).await
    }

    fn attribute(&self, draft: Draft, source: Source, presenter: &AgentRef) -> NewEvent {
        let now = now();
        let task_id = self.task_for(&draft.session_id, draft.task_id);
        let mut meta = EventMeta::new(
            draft.id.unwrap_or_else(new_event_id),
            draft.ts.unwrap_or(now),
            draft.kind,
            source,
            draft.agent.unwrap_or_else(|| presenter.clone()),
            task_id,
            draft.session_id,
        );
        meta.recv_ts = now;
        meta.trigger = draft.trigger;
        meta.delegation = draft.delegation;
        meta.trace_id = draft.trace_id;
        meta.span_id = draft.span_id;
        meta.correlation = draft.correlation;
        NewEvent {
            meta,
            body: Body::from_value(&draft.body),
        }
    }

    /// The task of an event: named explicitly (which binds an unbound session), else the
    /// session's binding, else the session's implicit task.
    fn task_for(&self, session: &SessionId, named: Option<TaskId>) -> TaskId {
        let mut cache = match self.sessions.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(task) = named {
            cache.entry(session.clone()).or_insert_with(|| task.clone());
            return task;
        }
        if let Some(task) = cache.get(session) {
            return task.clone();
        }
        let task = self
            .stored_binding(session)
            .unwrap_or_else(|| TaskId::implicit_for(session));
        if cache.len() >= SESSION_CACHE {
            cache.clear();
        }
        cache.insert(session.clone(), task.clone());
        task
    }

    fn stored_binding(&self, session: &SessionId) -> Option<TaskId> {
        let mut slot = self.reader.lock().ok()?;
        if slot.is_none() {
            *slot = Reader::open(self.store.data_dir()).ok();
        }
        let reader = slot.as_ref()?;
        reader
            .session_task(session.as_str())
            .ok()
            .flatten()
            .and_then(|t| TaskId::new(t).ok())
    }
}

/// A fresh UUIDv7 event id (monotonic within the process).
pub fn new_event_id() -> EventId {
    let uuid = uuid::Uuid::now_v7();
    // `now_v7` always yields version 7; fall back to building one by hand rather than panic.
    EventId::from_uuid(uuid).unwrap_or_else(|_| EventId::from_parts(0, &[0; 10]))
}

/// The current time as a record timestamp.
pub fn now() -> Timestamp {
    let ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0);
    Timestamp::from_unix_nanos(ns)
        .unwrap_or_else(|| Timestamp::from_unix_nanos(0).expect("epoch is valid"))
}
