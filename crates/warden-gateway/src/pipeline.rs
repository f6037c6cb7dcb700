//! The pipeline every event goes through, whatever its source:
//! normalize (done by the source adapter, into [`Draft`]s) → attribute → decide (gating events
//! only) → record.
//!
//! Attribution fills in what a source did not say: the event id and time, the agent (an
//! unattested local agent when no credential was presented), and the task: the one the event
//! names, else the one its session is bound to, else the session's implicit task.
//!
//! Recording never holds an agent in observe mode: events are queued to the writer and their
//! durability is awaited off the request path. In enforce mode a gating event is answered only
//! once the call and its decision are durable, and a failure to record denies.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use warden_core::{
    AgentRef, Body, Draft, EventId, EventKind, EventMeta, NewEvent, Outcome, SessionId, Source, TaskId,
    Timestamp, Verdict,
};
use warden_store::{Reader, Receipt, Store, StoreError};

use crate::config::{Mode, ModeOverrides};
use crate::decide::{Decider, GateFacts, SessionView};
use crate::tasks::TaskRegistry;

/// Sessions whose task binding is cached in memory; older ones are looked up in the store.
const SESSION_CACHE: usize = 100_000;

/// A tool call waiting for a decision, from any source.
pub struct GateRequest {
    /// The `tool_call` event, as the source adapter produced it.
    pub draft: Draft,
    pub source: Source,
    /// Who presented the call (the credential's agent, or the unattested local agent).
    pub presenter: AgentRef,
    pub facts: GateFacts,
}

/// Counters of recording failures that happened off the request path.
#[derive(Default)]
pub struct RecordStats {
    pub detached_failures: AtomicU64,
}

pub struct Pipeline {
    store: Store,
    mode: Mode,
    sessions: Mutex<HashMap<SessionId, TaskId>>,
    reader: Mutex<Option<Reader>>,
    tasks: TaskRegistry,
    decider: Decider,
    modes: ModeOverrides,
    stats: Arc<RecordStats>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline").field("mode", &self.mode).finish_non_exhaustive()
    }
}

impl Pipeline {
    pub fn new(store: Store, mode: Mode, decider: Decider, modes: ModeOverrides) -> Self {
        Self {
            store,
            mode,
            sessions: Mutex::new(HashMap::new()),
            reader: Mutex::new(None),
            tasks: TaskRegistry::default(),
            decider,
            modes,
            stats: Arc::default(),
        }
    }

    pub fn decider(&self) -> &Decider {
        &self.decider
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn tasks(&self) -> &TaskRegistry {
        &self.tasks
    }

    pub fn record_stats(&self) -> &RecordStats {
        &self.stats
    }

    /// Attributes and records `drafts`, resolving once every event is durable (the ingest API's
    /// contract); on error nothing of the request is kept.
    pub async fn record(&self, drafts: Vec<Draft>, source: Source, agent: &AgentRef) -> Result<Vec<Receipt>, StoreError> {
        let events: Vec<NewEvent> = drafts.into_iter().map(|d| self.attribute(d, source, agent)).collect();
        self.store.append(events).await
    }

    /// Records non-gating events without holding the caller for the fsync.
    pub async fn observe(&self, drafts: Vec<Draft>, source: Source, agent: &AgentRef) -> Result<(), StoreError> {
        let events: Vec<NewEvent> = drafts.into_iter().map(|d| self.attribute(d, source, agent)).collect();
        self.record_detached(events).await
    }

    /// Decides a tool call, records the call and its decision, and returns the verdict to hand
    /// back to the agent. The one gate every source goes through.
    pub async fn gate(&self, request: GateRequest) -> Verdict {
        let call = self.attribute(request.draft, request.source, &request.presenter);
        let task = self.tasks.get(&call.meta.task_id);
        let mode = self.modes.resolve(self.mode, call.meta.agent.as_str(), call.meta.task_id.as_str());
        let analysis = self.decider.analyze(&request.facts);
        let session = SessionView::default();
        let decided = self.decider.decide(&call.meta, &request.facts, analysis, task.as_ref(), &session, mode);
        let decision = self.decision_event(&call, &decided.record);
        let mut verdict = decided.verdict;
        verdict.decision_id = Some(decision.meta.id);
        let events = vec![call, decision];
        match mode {
            Mode::Observe => {
                if let Err(e) = self.record_detached(events).await {
                    tracing::error!(error = %e, "could not queue a gated call for recording");
                }
                verdict
            }
            Mode::Enforce => match self.store.append(events).await {
                Ok(_) => verdict,
                Err(e) => Verdict::deny(format!(
                    "Warden could not record this call ({e}); enforce mode denies what it cannot record. Check the gateway's data directory and logs."
                )),
            },
        }
    }

    async fn record_detached(&self, events: Vec<NewEvent>) -> Result<(), StoreError> {
        let pending = self.store.submit(events).await?;
        let stats = self.stats.clone();
        tokio::spawn(async move {
            if let Err(e) = pending.durable().await {
                stats.detached_failures.fetch_add(1, Ordering::Relaxed);
                tracing::error!(error = %e, "recording events failed after they were accepted");
            }
        });
        Ok(())
    }

    fn decision_event(&self, call: &NewEvent, record: &Value) -> NewEvent {
        let mut meta = call.meta.clone();
        meta.id = new_event_id();
        meta.kind = EventKind::Decision;
        meta.source = Source::Gateway;
        meta.correlation.parent_id = Some(call.meta.id);
        meta.policy_version = record.get("policy_version").and_then(Value::as_str).map(str::to_owned);
        NewEvent { meta, body: Body::from_value(record) }
    }

    /// Binds `session` to `task` from now on (a task declared for an existing session).
    pub fn bind_session(&self, session: &SessionId, task: &TaskId) {
        let mut cache = lock(&self.sessions);
        cache.insert(session.clone(), task.clone());
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
        NewEvent { meta, body: Body::from_value(&draft.body) }
    }

    /// The task of an event: named explicitly (which binds an unbound session), else the
    /// session's binding, else the session's implicit task.
    fn task_for(&self, session: &SessionId, named: Option<TaskId>) -> TaskId {
        let mut cache = lock(&self.sessions);
        if let Some(task) = named {
            cache.entry(session.clone()).or_insert_with(|| task.clone());
            return task;
        }
        if let Some(task) = cache.get(session) {
            return task.clone();
        }
        let task = self.stored_binding(session).unwrap_or_else(|| TaskId::implicit_for(session));
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
        reader.session_task(session.as_str()).ok().flatten().and_then(|t| TaskId::new(t).ok())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// The decision record's body: what was decided and why, for the audit log and `explain`.
pub fn decision_body(verdict: &Verdict, mode: Mode, extra: Value) -> Value {
    let mut body = json!({
        "outcome": verdict.outcome.as_str(),
        "mode": mode.as_str(),
        "reason": verdict.reason,
    });
    if let Some(w) = verdict.would_be {
        body["would_be"] = json!(w.as_str());
    }
    if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
        b.extend(e);
    }
    body
}

/// In observe mode the agent is always allowed; what enforce would have said is kept.
pub fn apply_mode(mut verdict: Verdict, mode: Mode) -> Verdict {
    if mode == Mode::Observe && verdict.outcome != Outcome::Allow {
        verdict.would_be = Some(verdict.outcome);
        verdict.outcome = Outcome::Allow;
    }
    verdict
}

/// A fresh UUIDv7 event id (monotonic within the process).
pub fn new_event_id() -> EventId {
    let uuid = uuid::Uuid::now_v7();
    // `now_v7` always yields version 7; fall back to building one by hand rather than panic.
    EventId::from_uuid(uuid).unwrap_or_else(|_| EventId::from_parts(0, &[0; 10]))
}

/// The current time as a record timestamp.
pub fn now() -> Timestamp {
    let ns = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as i128).unwrap_or(0);
    Timestamp::from_unix_nanos(ns).unwrap_or_else(|| Timestamp::from_unix_nanos(0).expect("epoch is valid"))
}
