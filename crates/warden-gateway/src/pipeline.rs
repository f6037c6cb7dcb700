//! The pipeline every event goes through, whatever its source:
//! normalize (done by the source adapter, into [`Draft`]s) → attribute → decide (gating events
//! only) → detect → respond → record.
//!
//! Attribution fills in what a source did not say: the event id and time, the agent (an
//! unattested local agent when no credential was presented), and the task: the one the event
//! names, else the one its session is bound to, else the session's implicit task.
//!
//! Recording never holds an agent in observe mode: events are queued to the writer and their
//! durability is awaited off the request path. In enforce mode a gating event is answered only
//! once the call, its decision and any alerts are durable, and a failure to record denies.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use warden_analysis::ToolRef;
use warden_core::{
    AgentRef, Draft, EventId, EventKind, EventMeta, NewEvent, Outcome, SessionId, Source, TaskId,
    Timestamp, Verdict,
};
use warden_detect::{Alert, Observed};
use warden_store::{Reader, Receipt, Store, StoreError};

use crate::config::{Mode, ModeOverrides};
use crate::decide::{Decider, GateFacts};
use crate::detect::{self, Detection, Seen};
use crate::redact::Sealer;
use crate::tasks::{TaskRegistry, TaskSpec};

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
    /// The agent's own id for this call (`tool_use_id`), for correlating its result.
    pub tool_use_id: Option<String>,
    /// The same action was already gated and observed through another source (an MCP call
    /// its agent announced through a hook): decide it again, but let detection count it once.
    pub linked: bool,
}

/// Counters of recording failures that happened off the request path, and alerts raised.
#[derive(Default)]
pub struct RecordStats {
    pub detached_failures: AtomicU64,
    pub alerts: AtomicU64,
    /// Events written to the observe-mode spool.
    pub spooled: AtomicU64,
    /// Spooled events delivered to the audit log.
    pub spool_delivered: AtomicU64,
    /// Events neither the log nor the spool could take.
    pub spool_lost: AtomicU64,
}

pub struct Pipeline {
    store: Store,
    mode: Mode,
    sessions: Mutex<HashMap<SessionId, TaskId>>,
    reader: Mutex<Option<Reader>>,
    tasks: TaskRegistry,
    decider: Decider,
    detection: Detection,
    sealer: Sealer,
    modes: ModeOverrides,
    /// Counts a detached recording that failed (shares `stats`).
    on_detached_failure: warden_store::OnFailure,
    /// Longest an enforce-mode answer may wait for its record to be durable.
    budget: std::time::Duration,
    stats: Arc<RecordStats>,
    /// Agent identity (task tokens), when the gateway has it.
    identity: Option<Arc<crate::identity::IdentityGate>>,
    /// MCP calls announced by hooks, waiting for their MCP twin.
    links: crate::mcp::links::Links,
    /// Tool calls models asked for (LLM proxy), waiting for the call that executes them.
    model_calls: crate::llm::Requested,
    /// Where observe-mode events go when the audit log cannot take them.
    spool: Option<Arc<crate::spool::Spool>>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl Pipeline {
    pub fn new(
        store: Store,
        mode: Mode,
        decider: Decider,
        detection: Detection,
        sealer: Sealer,
        modes: ModeOverrides,
    ) -> Self {
        let stats: Arc<RecordStats> = Arc::default();
        Self {
            store,
            mode,
            sessions: Mutex::new(HashMap::new()),
            reader: Mutex::new(None),
            tasks: TaskRegistry::default(),
            decider,
            detection,
            sealer,
            modes,
            budget: std::time::Duration::from_secs(2),
            on_detached_failure: {
                let stats = stats.clone();
                Arc::new(move |_: &StoreError| {
                    stats.detached_failures.fetch_add(1, Ordering::Relaxed);
                })
            },
            stats,
            identity: None,
            links: Default::default(),
            model_calls: Default::default(),
            spool: None,
        }
    }

    /// Starts the observe-mode spool in `dir` (see `spool`): the writer hands it what the log
    /// refuses.
    pub fn with_spool(
        mut self,
        dir: std::path::PathBuf,
        config: &crate::spool::SpoolConfig,
    ) -> Result<Self, String> {
        let spool =
            crate::spool::Spool::start(dir, config, self.store.clone(), self.stats.clone())?;
        self.spool = Some(Arc::new(spool));
        Ok(self)
    }

    /// Sets the enforce-mode decision budget (see `gateway.decision_budget_ms`).
    pub fn with_budget(mut self, budget: std::time::Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Stops the spool (if any) after writing what it was handed and trying one last
    /// delivery; call before closing the store. Blocking.
    pub fn stop_spool(&self) {
        if let Some(spool) = &self.spool {
            spool.stop();
        }
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Whether any call can be decided in enforce mode (the default mode, or an override).
    /// When none can, sources may decide calls off the agent's path.
    pub fn may_enforce(&self) -> bool {
        self.modes.may_enforce(self.mode)
    }

    /// Validates the task tokens events present (see `identity`).
    pub fn with_identity(mut self, identity: Arc<crate::identity::IdentityGate>) -> Self {
        self.identity = Some(identity);
        self
    }

    pub fn identity(&self) -> Option<&Arc<crate::identity::IdentityGate>> {
        self.identity.as_ref()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn tasks(&self) -> &TaskRegistry {
        &self.tasks
    }

    pub fn decider(&self) -> &Decider {
        &self.decider
    }

    pub fn detection(&self) -> &Detection {
        &self.detection
    }

    pub fn sealer(&self) -> &Sealer {
        &self.sealer
    }

    pub fn record_stats(&self) -> &RecordStats {
        &self.stats
    }

    pub fn links(&self) -> &crate::mcp::links::Links {
        &self.links
    }

    pub fn model_calls(&self) -> &crate::llm::Requested {
        &self.model_calls
    }

    /// What enforce mode would decide on a tool call a model asked for, before anything runs
    /// it (`[llm] gate_tool_calls`): the reason when policy would deny it. Nothing is recorded
    /// here; the answer goes into the `model_output` event.
    pub fn assess_requested(
        &self,
        session: &SessionId,
        agent: &AgentRef,
        tool: &str,
        input: &Value,
    ) -> Option<String> {
        let facts = GateFacts {
            tool: tool.to_owned(),
            input: input.clone(),
            ..Default::default()
        };
        let task_id = self.task_for(session, None);
        let meta = EventMeta::new(
            new_event_id(),
            now(),
            EventKind::ToolCall,
            Source::Llm,
            agent.clone(),
            task_id.clone(),
            session.clone(),
        );
        let task = self.tasks.get(&task_id);
        let analysis = self.decider.analyze(&facts);
        let view = self.detection.session_view(session, &analysis);
        let decided =
            self.decider
                .decide(&meta, &facts, analysis, task.as_ref(), &view, Mode::Enforce);
        let verdict = decided.verdict;
        (verdict.would_be.unwrap_or(verdict.outcome) == Outcome::Deny).then_some(verdict.reason)
    }

    /// The mode for `agent` working on `task` (per-task, then per-agent overrides).
    pub fn mode_for_task(&self, agent: &str, task: &str) -> Mode {
        self.modes.resolve(self.mode, agent, task)
    }

    fn mode_for(&self, meta: &EventMeta) -> Mode {
        self.modes
            .resolve(self.mode, meta.agent.as_str(), meta.task_id.as_str())
    }

    /// Attributes, detects and records `drafts`, resolving once every event (and every alert
    /// they raised) is durable: the ingest API's contract. On error nothing of the request is
    /// kept.
    pub async fn record(
        &self,
        drafts: Vec<Draft>,
        source: Source,
        agent: &AgentRef,
    ) -> Result<Vec<Receipt>, StoreError> {
        let items = drafts.into_iter().map(|d| (d, None)).collect();
        self.record_seen(items, source, agent).await
    }

    /// [`record`](Self::record) for a source that says what it saw, for detection (the OTLP
    /// receiver: its answer waits for durability, as exporters retry what was not acknowledged).
    pub async fn record_seen(
        &self,
        items: Vec<(Draft, Option<Seen>)>,
        source: Source,
        agent: &AgentRef,
    ) -> Result<Vec<Receipt>, StoreError> {
        let (events, count) = self.prepare(items, source, agent);
        let mut receipts = self.store.append(events).await?;
        // Callers are told about the events they sent, not the alerts that followed them.
        receipts.retain(|r| count.contains(&r.id));
        Ok(receipts)
    }

    /// Attributes, detects and records non-gating events without holding the caller for the
    /// fsync. `Seen` says what the source saw, for detection.
    pub async fn observe(
        &self,
        items: Vec<(Draft, Option<Seen>)>,
        source: Source,
        agent: &AgentRef,
    ) -> Result<(), StoreError> {
        let (events, _) = self.prepare(items, source, agent);
        self.record_detached(events).await
    }

    /// Attributes each event, runs detection on it, and returns the events with their alerts
    /// in order, plus the ids of the events themselves.
    fn prepare(
        &self,
        items: Vec<(Draft, Option<Seen>)>,
        source: Source,
        agent: &AgentRef,
    ) -> (Vec<NewEvent>, std::collections::HashSet<EventId>) {
        let mut out = Vec::with_capacity(items.len());
        let mut ids = std::collections::HashSet::with_capacity(items.len());
        for (draft, seen) in items {
            // What detection sees is read before the body is sealed (and without a copy).
            let observed = match seen {
                Some(seen) => Some(detect::observed_from_seen(seen)),
                None => detect::observed_from_body(draft.kind, &draft.body),
            };
            let event = self.attribute(draft, source, agent);
            ids.insert(event.meta.id);
            let alerts = match observed {
                Some(what) => self
                    .detection
                    .observe(&detect::observation(&event.meta, what)),
                None => Vec::new(),
            };
            let mode = self.mode_for(&event.meta);
            self.respond(&alerts, mode == Mode::Enforce);
            let raised = self.alert_events(&alerts, &event.meta, mode, false);
            out.push(event);
            out.extend(raised);
        }
        (out, ids)
    }

    fn alert_events(
        &self,
        alerts: &[Alert],
        completing: &EventMeta,
        mode: Mode,
        applied_on_call: bool,
    ) -> Vec<NewEvent> {
        self.stats
            .alerts
            .fetch_add(alerts.len() as u64, Ordering::Relaxed);
        alerts
            .iter()
            .map(|a| {
                let applied = mode == Mode::Enforce && (applied_on_call || is_standing(a.response));
                let (meta, body) = detect::alert_event(a, completing, applied, mode.as_str());
                NewEvent {
                    meta,
                    body: self.sealer.seal(body),
                }
            })
            .collect()
    }

    /// Decides a tool call, runs detection on it, records the call, its decision and any
    /// alerts, and returns the verdict to hand back to the agent. The one gate every source
    /// goes through.
    pub async fn gate(&self, request: GateRequest) -> Verdict {
        let mut call = self.attribute(request.draft, request.source, &request.presenter);
        // A call a model asked for (LLM proxy): the model output is its parent, and a call
        // `gate_tool_calls` found policy would deny is held.
        let requested = self.model_calls.claim(
            request.tool_use_id.as_deref(),
            &request.facts.tool,
            &request.facts.input,
        );
        if let Some(r) = &requested {
            call.meta.correlation.parent_id.get_or_insert(r.event);
        }
        let mode = self.mode_for(&call.meta);
        let task = self.tasks.get(&call.meta.task_id);
        let analysis = self.decider.analyze(&request.facts);
        let session = self
            .detection
            .session_view(&call.meta.session_id, &analysis);
        let decided = self.decider.decide(
            &call.meta,
            &request.facts,
            analysis.clone(),
            task.as_ref(),
            &session,
            mode,
        );

        // Detectors see the call, then the final decision on it.
        let observed = Observed::ToolCall {
            tool: ToolRef::parse(&request.facts.tool),
            args: request.facts.input.clone(),
            facts: analysis,
            tool_use_id: request.tool_use_id.clone(),
        };
        let call_alerts = if request.linked {
            Vec::new()
        } else {
            self.detection
                .observe(&detect::observation(&call.meta, observed))
        };
        if request.source == Source::Hook {
            if let Some(tool) = crate::mcp::links::tool_of(&request.facts.tool) {
                self.links.announce(
                    tool,
                    &warden_mcp::manifest::digest_of(&request.facts.input),
                    crate::mcp::links::HookCall {
                        session: call.meta.session_id.clone(),
                        event: call.meta.id,
                    },
                );
            }
        }
        let mut verdict = decided.verdict;
        let mut record = decided.record;
        let model_hold = requested.as_ref().and_then(|r| {
            r.denied
                .as_ref()
                .map(|d| format!("Warden stopped a tool call the model asked for: {d}"))
        });
        if let Some(reason) = request.facts.hold.as_ref().or(model_hold.as_ref()) {
            verdict = apply_mode(Verdict::deny(reason.clone()), mode);
            record["outcome"] = json!(verdict.outcome.as_str());
            record["would_be"] = json!(verdict.would_be.map(|w| w.as_str()));
            record["reason"] = json!(verdict.reason);
            record["held_by_source"] = json!(true);
        }
        let enforced = verdict.would_be.unwrap_or(verdict.outcome);
        let mut effective = enforced;
        let mut why: Vec<String> = Vec::new();
        if let Some((o, reason)) = self
            .detection
            .standing(&call.meta.session_id, &call.meta.task_id)
        {
            effective = effective.stricter(o);
            why.push(reason.to_owned());
        }
        if let Some(o) = self.respond(&call_alerts, mode == Mode::Enforce) {
            if o.stricter(effective) != effective {
                why.extend(
                    call_alerts
                        .iter()
                        .filter(|a| a.response != warden_detect::Response::Alert)
                        .map(|a| a.summary.clone()),
                );
            }
            effective = effective.stricter(o);
        }
        if effective != enforced {
            verdict = apply_detection(verdict, effective, &why, mode);
            record["outcome"] = json!(verdict.outcome.as_str());
            record["would_be"] = json!(verdict.would_be.map(|w| w.as_str()));
            record["reason"] = json!(verdict.reason);
        }
        record["detections"] = json!(call_alerts.iter().map(|a| a.rule).collect::<Vec<_>>());
        if let Some(r) = &requested {
            record["model_requested"] = json!({
                "model_output": r.event.to_string(),
                "call_id": r.call_id,
            });
            if let Some(d) = &r.denied {
                record["model_requested"]["denied_when_requested"] = json!(d);
            }
        }
        let decision = self.decision_event(&call, record);
        verdict.decision_id = Some(decision.meta.id);
        let decision_alerts = self.detection.observe(&detect::observation(
            &decision.meta,
            Observed::Decision {
                call_event: call.meta.id,
                outcome: detect_verdict(verdict.outcome),
                would_be: verdict.would_be.map(detect_verdict),
                reasons: vec![verdict.reason.clone()],
            },
        ));
        self.respond(&decision_alerts, mode == Mode::Enforce);

        let mut events = self.alert_events(&call_alerts, &call.meta, mode, true);
        events.insert(0, decision);
        events.insert(0, call);
        let decision_meta = events[1].meta.clone();
        events.extend(self.alert_events(&decision_alerts, &decision_meta, mode, false));
        match mode {
            Mode::Observe => {
                if let Err(e) = self.record_detached(events).await {
                    tracing::error!(error = %e, "could not queue a gated call for recording");
                }
                verdict
            }
            Mode::Enforce => {
                let delay = detect::throttle_delay(&call_alerts);
                let budget = self.budget + delay.unwrap_or_default();
                match tokio::time::timeout(budget, self.append_throttled(events, delay)).await {
                    Ok(Ok(_)) => verdict,
                    Ok(Err(e)) => Verdict::deny(format!(
                        "Warden could not record this call ({e}); enforce mode denies what it cannot record. Check the gateway's data directory and logs."
                    )),
                    Err(_) => Verdict::deny(format!(
                        "Warden could not record this call within its {} ms decision budget (the audit log is stalled); enforce mode denies what it cannot record. Check the gateway's disk.",
                        self.budget.as_millis()
                    )),
                }
            }
        }
    }

    /// Declares a task: records it, binds `session` to it, and tells detection its scope.
    pub async fn declare_task(
        &self,
        spec: &TaskSpec,
        draft: Draft,
        session: Option<&SessionId>,
        agent: &AgentRef,
    ) -> Result<(), StoreError> {
        self.tasks.insert(spec.clone());
        if let Some(s) = session {
            self.bind_session(s, &spec.task_id);
        }
        let event = self.attribute(draft, Source::Api, agent);
        let what = Observed::TaskDeclared {
            objective: spec.objective.clone(),
            scope: detect::task_scope(&spec.scope),
            parent: None,
        };
        self.detection
            .observe(&detect::observation(&event.meta, what));
        self.store.append(vec![event]).await.map(|_| ())
    }

    /// Applies detection's responses; a `revoke_task` response (enforce) also revokes
    /// everything the task's credentials hold, so its next use is refused.
    fn respond(&self, alerts: &[Alert], enforce: bool) -> Option<Outcome> {
        let outcome = self.detection.respond(alerts, enforce);
        if !enforce {
            return outcome;
        }
        let Some(identity) = &self.identity else {
            return outcome;
        };
        for a in alerts
            .iter()
            .filter(|a| a.response == warden_detect::Response::RevokeTask)
        {
            let revoked = identity.service.revoke(
                warden_identity::RevokeTarget::Task(a.task.clone()),
                warden_identity::RevocationReason::Detector(a.rule.to_owned()),
            );
            if let Err(e) = revoked {
                tracing::error!(error = %e, rule = a.rule, "a detector asked to revoke a task's credentials and the revocation failed");
            }
        }
        outcome
    }

    /// Appends; when a detector asked to throttle, the answer also waits out the delay.
    async fn append_throttled(
        &self,
        events: Vec<NewEvent>,
        delay: Option<std::time::Duration>,
    ) -> Result<Vec<Receipt>, StoreError> {
        let (appended, ()) = tokio::join!(self.store.append(events), async {
            if let Some(d) = delay {
                tokio::time::sleep(d).await;
            }
        });
        appended
    }

    /// Queues `events` for the log without waiting for durability. What the log cannot take
    /// goes to the spool (when there is one) and is delivered later; the writer sends later
    /// events after it while anything is spooled, so the log receives them in order.
    async fn record_detached(&self, events: Vec<NewEvent>) -> Result<(), StoreError> {
        let Some(spool) = self.spool.clone() else {
            return self.record_detached_unspooled(events).await;
        };
        // Kept only for a writer that has stopped, which can no longer hand anything over.
        let kept = events.clone();
        if let Err(e) = self.store.submit_with_fallback(events, spool.clone()).await {
            tracing::warn!(error = %e, "the audit log cannot take events; spooling them");
            spool.put(kept);
        }
        Ok(())
    }

    /// Without a spool nothing waits on the answer either (no task per request): the writer
    /// counts and logs a failure.
    async fn record_detached_unspooled(&self, events: Vec<NewEvent>) -> Result<(), StoreError> {
        self.store
            .submit_detached(events, self.on_detached_failure.clone())
            .await
    }

    fn decision_event(&self, call: &NewEvent, record: Value) -> NewEvent {
        let mut meta = call.meta.clone();
        meta.id = new_event_id();
        meta.kind = EventKind::Decision;
        meta.source = Source::Gateway;
        meta.correlation.parent_id = Some(call.meta.id);
        meta.policy_version = record
            .get("policy_version")
            .and_then(Value::as_str)
            .map(str::to_owned);
        NewEvent {
            meta,
            body: self.sealer.seal(record),
        }
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
        NewEvent {
            meta,
            body: self.sealer.seal(draft.body),
        }
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

/// Whether a response acts beyond the current call (and so is applied even on a non-gating
/// event).
fn is_standing(r: warden_detect::Response) -> bool {
    use warden_detect::Response as R;
    matches!(
        r,
        R::RequireApprovalForSession | R::RevokeTask | R::EndSession | R::TaintSession
    )
}

fn detect_verdict(o: Outcome) -> warden_detect::Verdict {
    match o {
        Outcome::Allow => warden_detect::Verdict::Allow,
        Outcome::Deny => warden_detect::Verdict::Deny,
        Outcome::Ask => warden_detect::Verdict::Approval,
    }
}

/// A verdict made stricter by detection: enforce applies it; observe records it as would-be.
fn apply_detection(
    mut verdict: Verdict,
    effective: Outcome,
    why: &[String],
    mode: Mode,
) -> Verdict {
    let what = match effective {
        Outcome::Deny => "Blocked by Warden detection",
        Outcome::Ask => "Warden detection requires a reviewer's approval",
        Outcome::Allow => "Allowed",
    };
    verdict.reason = format!("{what}: {}", why.join("; "));
    match mode {
        Mode::Enforce => {
            verdict.outcome = effective;
            verdict.would_be = None;
        }
        Mode::Observe => {
            verdict.outcome = Outcome::Allow;
            verdict.would_be = Some(effective);
        }
    }
    verdict
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
    let ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0);
    Timestamp::from_unix_nanos(ns)
        .unwrap_or_else(|| Timestamp::from_unix_nanos(0).expect("epoch is valid"))
}
