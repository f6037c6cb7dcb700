//! A PreToolUse hook whose call needs approval: the answer is held while a reviewer decides.
//!
//! Agents' hooks are synchronous with a timeout, so the gateway holds the answer for at most
//! `approvals.hook_wait_ms`. Decided in time: approved runs (once), denied is refused with the
//! reviewer's reason. Still pending: the hook answers deny with the request id and the command
//! that approves it; when the agent (or its user) retries the same call with the same
//! arguments after approval, the retry finds the approved request and runs once. A retry
//! while the request is still pending waits on the same request rather than opening another.

use std::time::Duration;

use serde_json::{json, Value};
use warden_core::{AgentRef, Draft, EventKind, Outcome, SessionId, Source, Verdict};

use super::{ApprovalRequest, ApprovalState};
use crate::pipeline::{new_event_id, now};
use crate::server::AppState;

/// The call a hook asks about.
pub struct HookCallRef<'a> {
    pub session: &'a SessionId,
    pub presenter: &'a AgentRef,
    pub task: &'a str,
    pub tool: &'a str,
    pub input: &'a Value,
}

/// The hook's answer after holding, and the request still pending when it is a deny for that
/// reason (its id, for `GET /v1/approvals/{id}/status`).
pub struct Held {
    pub verdict: Verdict,
    pub pending: Option<String>,
}

/// Turns an `Ask` verdict into the hook's answer after holding for the decision.
pub async fn hold(state: &AppState, call: HookCallRef<'_>, asked: Verdict) -> Held {
    let approvals = &state.mcp.tap.approvals;
    let digest = warden_mcp::manifest::digest_of(call.input);
    let version = state
        .pipeline
        .decider()
        .engine()
        .version()
        .unwrap_or_default();
    let agent = call.presenter.to_string();
    let request = match approvals.find_for_call(&agent, call.task, call.tool, &digest, &version) {
        Some(r) => r,
        None => {
            let r = approvals.open(
                ApprovalRequest {
                    id: new_event_id().to_string(),
                    agent,
                    task_id: call.task.to_owned(),
                    session_id: call.session.to_string(),
                    server: None,
                    tool: call.tool.to_owned(),
                    args_digest: digest.clone(),
                    policy_version: version,
                    reason: asked.reason.clone(),
                    decision_id: asked.decision_id.map(|d| d.to_string()),
                    opened_at: now().to_string(),
                    ..Default::default()
                },
                approvals.ttl(),
            );
            record(
                state,
                &call,
                json!({"what": "approval_opened", "request": r}),
            )
            .await;
            r
        }
    };
    let wait = Duration::from_millis(approvals.config().hook_wait_ms);
    let decided = match request.state {
        ApprovalState::Pending => approvals.wait(&request.id, wait).await,
        other => other,
    };
    let id = &request.id;
    let deny = |reason: String| Verdict {
        outcome: Outcome::Deny,
        reason,
        ..asked.clone()
    };
    let verdict = match decided {
        ApprovalState::Approved { by, reason } => {
            if approvals.consume(id, call.tool, &digest) {
                record(state, &call, json!({"what": "approval_used", "request_id": id, "by": by})).await;
                Verdict {
                    outcome: Outcome::Allow,
                    reason: format!("Approved by {by} ({reason}); approval {id} lets this call run once"),
                    ..asked
                }
            } else {
                deny(format!(
                    "Approval {id} was already used: an approval lets one call run once. Retrying opens a new request."
                ))
            }
        }
        ApprovalState::Denied { by, reason } => deny(format!(
            "Denied by reviewer {by}: {reason} (approval request {id})"
        )),
        ApprovalState::Expired => deny(format!(
            "Approval request {id} expired without a decision; expiry is a deny. Retrying opens a new request."
        )),
        ApprovalState::Pending => {
            return Held {
                verdict: deny(format!(
                    "Warden holds this call for a reviewer ({}): approval request {id}. A reviewer can approve it with `warden approvals approve {id} --reason \"…\"` (or in the web UI); then retry the same call with the same arguments and it will run once.",
                    request.reason
                )),
                pending: Some(id.clone()),
            }
        }
    };
    Held {
        verdict,
        pending: None,
    }
}

async fn record(state: &AppState, call: &HookCallRef<'_>, body: Value) {
    let draft = Draft::new(EventKind::Approval, call.session.clone(), body);
    if let Err(e) = state
        .pipeline
        .record(vec![draft], Source::Hook, call.presenter)
        .await
    {
        tracing::error!(error = %e, "an approval event could not be recorded");
    }
}
