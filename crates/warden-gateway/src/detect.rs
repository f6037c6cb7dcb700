//! The detect stage: every recorded event, as an observation, through the sequence detectors;
//! their alerts become events of the record, and their responses act on the session.
//!
//! Detection runs inline, before a gating call is answered, because some responses (block a
//! retry after a deny, require approval for an escalation) must stop the call itself. The
//! engine's state is bounded and expires; idle sessions are swept once a minute.

use std::collections::HashSet;
use std::sync::Mutex;

use serde_json::{json, Value};
use warden_analysis::{ActionFacts, ToolRef};
use warden_core::{EventKind, EventMeta, Outcome, SessionId, Source, TaskId, Timestamp};
use warden_detect::{Alert, DetectConfig, Engine, Observation, Observed, Response};

use crate::decide::SessionView;
use crate::pipeline::new_event_id;

/// What a source saw, beyond the event's kind, for detection.
// One value per event, handed to detection and dropped: the size of the largest variant costs
// nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Seen {
    Prompt {
        text: String,
    },
    ModelOutput {
        text: String,
    },
    ToolResult {
        tool: String,
        tool_use_id: Option<String>,
        text: String,
        is_error: bool,
    },
    SessionStart,
    SessionEnd,
    /// A source that speaks detection's vocabulary directly (the MCP tap: manifests,
    /// resources, pin reports).
    Observed(Observed),
}

/// Session- and task-level consequences of earlier alerts.
#[derive(Default)]
struct Sanctions {
    approval_for_session: HashSet<SessionId>,
    ended_sessions: HashSet<SessionId>,
    revoked_tasks: HashSet<TaskId>,
}

/// Bound on sessions remembered by sanctions; past it the oldest knowledge is dropped (the
/// record still holds every alert).
const MAX_SANCTIONED: usize = 100_000;

pub struct Detection {
    engine: Mutex<Engine>,
    sanctions: Mutex<Sanctions>,
    /// In a fleet: where this gateway's detector summaries go out ([`crate::fleet`]).
    fleet: std::sync::OnceLock<flume::Sender<FleetNews>>,
}

/// A detector summary for the other gateways of a fleet.
#[derive(Debug)]
pub enum FleetNews {
    Deny(warden_detect::FleetDeny),
    /// One call of an agent: `(agent, unix nanoseconds, event)`.
    Call(warden_core::AgentRef, i128, warden_core::EventId),
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl Detection {
    pub fn new(
        config: DetectConfig,
        secrets: std::sync::Arc<dyn warden_analysis::SecretCheck>,
    ) -> Self {
        Self {
            engine: Mutex::new(Engine::with_secret_check(config, secrets)),
            sanctions: Mutex::default(),
            fleet: std::sync::OnceLock::new(),
        }
    }

    /// Sends detector summaries to `outbox` from now on (once; later calls are ignored).
    pub fn share_with_fleet(&self, outbox: flume::Sender<FleetNews>) {
        let _ = self.fleet.set(outbox);
    }

    /// Merges another gateway's summary into the detectors' state.
    pub fn merge_fleet_deny(&self, deny: warden_detect::FleetDeny) {
        lock(&self.engine).merge_fleet_deny(deny);
    }

    pub fn merge_fleet_calls(&self, calls: warden_detect::FleetCalls) {
        lock(&self.engine).merge_fleet_calls(calls);
    }

    /// What policy needs to know about the session before a call runs.
    pub fn session_view(&self, session: &SessionId, facts: &ActionFacts) -> SessionView {
        let engine = lock(&self.engine);
        let s = engine.session_facts(session);
        let provenance = engine.target_provenance(session, facts);
        let mut view = SessionView::default();
        view.facts.read_secret = s.read_secret;
        view.facts.read_credential_store = s.read_credential_store;
        view.facts.read_untrusted_instructions = s.read_untrusted_instructions;
        view.facts.denies = u32::try_from(s.denies).unwrap_or(u32::MAX);
        view.facts.calls = u32::try_from(s.calls).unwrap_or(u32::MAX);
        if provenance.untrusted_only {
            view.untrusted_targets = provenance.matched;
        }
        view
    }

    /// Runs the detectors on one observation.
    pub fn observe(&self, obs: &Observation) -> Vec<Alert> {
        let mut engine = lock(&self.engine);
        let alerts = engine.observe(obs);
        if let Some(outbox) = self.fleet.get() {
            // In memory only: the fleet publisher batches these off the hot path. A full
            // outbox drops the summary (the record keeps the event; only the other gateways'
            // view of it is lost).
            let news = match &obs.what {
                // Denies only: a call held for approval may still be approved and run, which
                // only the gateway holding it sees.
                Observed::Decision { .. } if obs.what.is_denied() => {
                    engine.fleet_deny(obs).map(FleetNews::Deny)
                }
                Observed::ToolCall { .. } => Some(FleetNews::Call(
                    obs.agent.clone(),
                    obs.ts.unix_nanos(),
                    obs.event_id,
                )),
                _ => None,
            };
            if let Some(n) = news {
                let _ = outbox.try_send(n);
            }
        }
        alerts
    }

    /// Drops state of sessions idle long enough.
    pub fn expire(&self, now: Timestamp) {
        lock(&self.engine).expire(now);
    }

    /// The strictest standing sanction on a session or task, with its reason.
    pub fn standing(&self, session: &SessionId, task: &TaskId) -> Option<(Outcome, &'static str)> {
        let s = lock(&self.sanctions);
        if s.ended_sessions.contains(session) {
            Some((
                Outcome::Deny,
                "this session was ended by Warden after a detection; start a new session",
            ))
        } else if s.revoked_tasks.contains(task) {
            Some((
                Outcome::Deny,
                "this task's credentials were revoked by Warden after a detection",
            ))
        } else if s.approval_for_session.contains(session) {
            Some((
                Outcome::Ask,
                "after a detection in this session, every call needs a reviewer's approval",
            ))
        } else {
            None
        }
    }

    /// Applies the session- and task-level parts of alerts' responses (in enforce mode), and
    /// returns the strictest outcome they ask for on the current call.
    pub fn respond(&self, alerts: &[Alert], enforce: bool) -> Option<Outcome> {
        let mut strictest: Option<Outcome> = None;
        let mut s = lock(&self.sanctions);
        if s.approval_for_session.len() + s.ended_sessions.len() + s.revoked_tasks.len()
            > MAX_SANCTIONED
        {
            *s = Sanctions::default();
        }
        for alert in alerts {
            let on_call = match alert.response {
                // Throttle slows the agent down (see `throttle_delay`); it does not refuse.
                Response::Alert
                | Response::Redact
                | Response::TaintSession
                | Response::Throttle => None,
                Response::Block | Response::Quarantine => Some(Outcome::Deny),
                Response::RequireApproval => Some(Outcome::Ask),
                Response::RequireApprovalForSession => {
                    if enforce {
                        s.approval_for_session.insert(alert.session.clone());
                    }
                    Some(Outcome::Ask)
                }
                Response::RevokeTask => {
                    if enforce {
                        s.revoked_tasks.insert(alert.task.clone());
                    }
                    Some(Outcome::Deny)
                }
                Response::EndSession => {
                    if enforce {
                        s.ended_sessions.insert(alert.session.clone());
                    }
                    Some(Outcome::Deny)
                }
            };
            if let Some(o) = on_call {
                strictest = Some(strictest.map_or(o, |s| s.stricter(o)));
            }
        }
        strictest
    }
}

/// How long to hold a call a detector asked to throttle (a loop or a burst): long enough to
/// break a runaway loop's pace, well inside every agent's hook timeout.
pub fn throttle_delay(alerts: &[Alert]) -> Option<std::time::Duration> {
    alerts
        .iter()
        .any(|a| a.response == Response::Throttle)
        .then_some(std::time::Duration::from_millis(500))
}

/// An observation of a recorded event.
pub fn observation(meta: &EventMeta, what: Observed) -> Observation {
    Observation {
        event_id: meta.id,
        ts: meta.ts,
        session: meta.session_id.clone(),
        task: meta.task_id.clone(),
        agent: meta.agent.clone(),
        delegation: meta.delegation.clone(),
        subagent: subagent_of(meta),
        what,
    }
}

fn subagent_of(meta: &EventMeta) -> Option<String> {
    meta.agent
        .as_str()
        .rsplit_once("/subagent/")
        .map(|(_, id)| id.to_owned())
}

/// What detection sees of an event a source described with [`Seen`] (taken, not copied: the
/// texts can be long).
pub fn observed_from_seen(seen: Seen) -> Observed {
    match seen {
        Seen::Prompt { text } => Observed::Prompt { text },
        Seen::ModelOutput { text } => Observed::ModelOutput { text },
        Seen::ToolResult {
            tool,
            tool_use_id,
            text,
            is_error,
        } => Observed::ToolResult {
            tool: ToolRef::parse(&tool),
            tool_use_id,
            text,
            is_error,
        },
        Seen::SessionStart => Observed::SessionStart,
        Seen::SessionEnd => Observed::SessionEnd,
        Seen::Observed(o) => o,
    }
}

/// What detection sees of an ingest-API event, from the common body shapes (`prompt`/`text`,
/// `tool_name` + `tool_response`).
pub fn observed_from_body(kind: EventKind, body: &Value) -> Option<Observed> {
    let text = |keys: &[&str]| keys.iter().find_map(|k| body.get(*k)).map(flatten_text);
    match kind {
        EventKind::Prompt => {
            text(&["prompt", "text", "content"]).map(|text| Observed::Prompt { text })
        }
        EventKind::ModelOutput => {
            text(&["text", "content", "output"]).map(|text| Observed::ModelOutput { text })
        }
        EventKind::ToolResult => {
            let tool = body
                .get("tool_name")
                .or_else(|| body.get("tool"))
                .and_then(Value::as_str)?;
            let text = text(&["tool_response", "result", "output", "content"]).unwrap_or_default();
            Some(Observed::ToolResult {
                tool: ToolRef::parse(tool),
                tool_use_id: None,
                text,
                is_error: false,
            })
        }
        _ => None,
    }
}

/// Most text taken from one tool result for detection.
const MAX_TEXT: usize = 512 * 1024;

/// All the text in a JSON value (strings of objects and arrays, in order), for detectors that
/// read tool results: MCP `content[].text`, `stdout`/`stderr`, file contents, search hits.
pub fn flatten_text(v: &Value) -> String {
    fn walk(v: &Value, out: &mut String) {
        if out.len() >= MAX_TEXT {
            return;
        }
        match v {
            Value::String(s) => {
                if !out.is_empty() {
                    out.push('\n');
                }
                let room = MAX_TEXT.saturating_sub(out.len());
                let mut end = s.len().min(room);
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                out.push_str(&s[..end]);
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            Value::Number(n) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&n.to_string());
            }
            _ => {}
        }
    }
    let mut out = String::new();
    walk(v, &mut out);
    out
}

/// The alert event recording a detector's finding: its metadata and its (unsealed) body.
pub fn alert_event(
    alert: &Alert,
    completing: &EventMeta,
    applied: bool,
    mode: &str,
) -> (EventMeta, Value) {
    let mut meta = completing.clone();
    meta.id = new_event_id();
    meta.kind = EventKind::Alert;
    meta.source = Source::Gateway;
    meta.session_id = alert.session.clone();
    meta.task_id = alert.task.clone();
    meta.agent = alert.agent.clone();
    meta.correlation.parent_id = alert.evidence.last().copied().or(Some(completing.id));
    let body = json!({
        "rule": alert.rule,
        "severity": alert.severity,
        "tags": alert.tags,
        "evidence": alert.evidence,
        "response": alert.response.as_str(),
        "applied": applied,
        "mode": mode,
        "summary": alert.summary,
    });
    (meta, body)
}

/// Declared tasks and their scope, in detection's terms.
pub fn task_scope(scope: &crate::tasks::Scope) -> warden_detect::Scope {
    warden_detect::Scope {
        tools: scope.tools.clone(),
        servers: scope.servers.clone(),
        resources: scope.resources.clone(),
        destinations: scope.destinations.clone(),
    }
}
