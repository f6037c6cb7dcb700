//! `POST /v1/hooks/{agent}`: an agent's hook JSON in, the agent's own answer out.
//!
//! `?envelope=1` wraps the answer as `{"body", "exit_code", "stderr", "verdict"}` (and
//! `"approval": {"id", "state"}` for a call held for a reviewer) for `warden hook`, the
//! command form, which must also exit as the agent expects. `?spooled=1` delivers a hook the
//! command form recorded locally while the gateway was unreachable: it is recorded, with the
//! decision the command took on its own, and never gated again.

use std::sync::atomic::Ordering;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use warden_capture::hooks::{AgentKind, HookAnswer, HookCall, Phase};
use warden_core::{AgentRef, Draft, EventKind, Outcome, SessionId, Source, Timestamp, Verdict};

use crate::config::Mode;
use crate::decide::{CallKind, GateFacts};
use crate::detect::{flatten_text, Seen};
use crate::identity::Checked;
use crate::pipeline::{apply_mode, decision_body, GateRequest, Pipeline};
use crate::server::{error, Shared};
use warden_identity::ValidatedTaskToken;

/// Longest event name an unreadable hook's record keeps.
const MAX_EVENT_NAME: usize = 64;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct HookQuery {
    #[serde(default)]
    envelope: Option<u8>,
    #[serde(default)]
    spooled: Option<u8>,
    /// The decision `warden hook` took locally for a spooled gating hook.
    #[serde(default)]
    local_outcome: Option<String>,
    /// When `warden hook` spooled it: the event's time, rather than its delivery time.
    #[serde(default)]
    spooled_at: Option<String>,
}

pub(crate) async fn post_hook(
    State(state): State<Shared>,
    Path(agent): Path<String>,
    Query(query): Query<HookQuery>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    state.metrics.hook_requests.fetch_add(1, Ordering::Relaxed);
    let Some(kind) = AgentKind::parse(&agent) else {
        let known: Vec<&str> = AgentKind::ALL.iter().map(|a| a.name()).collect();
        return error(
            StatusCode::NOT_FOUND,
            &format!(
                "no hook endpoint for {agent:?}; known agents: {}",
                known.join(", ")
            ),
            None,
        );
    };
    let protocol = kind.protocol();
    let read = serde_json::from_slice::<Value>(&body)
        .map_err(|e| format!("the hook body is not JSON: {e}"))
        .and_then(|payload| protocol.parse(payload).map_err(|e| e.to_string()));
    let call = match read {
        Ok(c) => c,
        Err(why) => return unreadable(&state, kind, &headers, &body, &why, &query).await,
    };
    // A presented task token is validated on every hook and attributes the event.
    let checked = state.identity.check_headers(&headers);
    let presenter = match &checked {
        Checked::Valid(v) => v.agent().to_agent_ref(),
        _ => state.local_agent.clone(),
    };
    let mut pending = None;
    let verdict = if query.spooled == Some(1) {
        let mut draft = attributed_draft(&call, &presenter);
        if let Checked::Valid(v) = &checked {
            attribute(v, &call, &mut draft);
        }
        draft.ts = query
            .spooled_at
            .as_deref()
            .and_then(|t| warden_core::Timestamp::parse(t).ok());
        record_spooled(
            &state,
            &call,
            draft,
            &presenter,
            query.local_outcome.as_deref(),
        )
        .await
    } else {
        let (mut verdict, recorded) =
            handle_checked(&state.pipeline, &call, &presenter, None, &checked).await;
        if verdict.outcome == Outcome::Ask && call.phase == Phase::PreTool {
            let held = hold_for_approval(&state, &call, &presenter, &checked, verdict).await;
            verdict = held.verdict;
            pending = held.pending;
        }
        if !recorded {
            state
                .metrics
                .hook_unrecorded
                .fetch_add(1, Ordering::Relaxed);
        }
        verdict
    };
    respond(protocol.answer(&call, &verdict), &verdict, &query, pending)
}

/// The agent's answer as JSON, or wrapped for the command form: the answer, the exit code and
/// stderr it needs, the verdict, and the approval request a held call waits on (followed at
/// `GET /v1/approvals/{id}/status`, rather than read from the reason's wording).
fn respond(
    answer: HookAnswer,
    verdict: &Verdict,
    query: &HookQuery,
    pending: Option<String>,
) -> Response {
    if query.envelope != Some(1) {
        return Json(answer.body).into_response();
    }
    let mut envelope = json!({"body": answer.body, "exit_code": answer.exit_code, "stderr": answer.stderr, "verdict": verdict});
    if let Some(id) = pending {
        envelope["approval"] = json!({"id": id, "state": "pending"});
    }
    Json(envelope).into_response()
}

/// A hook body that is not JSON or not this agent's hook. Enforce mode answers with the
/// agent's own deny: an error status is a non-blocking failure to most agents, so a 400 would
/// let the call through. Observe mode keeps the 400, which blocks nothing. Either way the
/// refusal is recorded (see [`record_unreadable`]).
async fn unreadable(
    state: &Shared,
    kind: AgentKind,
    headers: &axum::http::HeaderMap,
    body: &[u8],
    why: &str,
    query: &HookQuery,
) -> Response {
    let payload = serde_json::from_slice::<Value>(body).ok();
    let (presenter, mode) = match &state.identity.check_headers(headers) {
        Checked::Valid(v) => {
            let agent = v.agent().to_agent_ref();
            let mode = state
                .pipeline
                .mode_for_task(agent.as_str(), v.task_id().as_str());
            (agent, mode)
        }
        _ => (state.local_agent.clone(), state.pipeline.mode()),
    };
    let reason = format!(
        "Warden could not read this {} hook ({why}); enforce mode denies what it cannot read",
        kind.name()
    );
    let verdict = apply_mode(Verdict::deny(reason), mode);
    let answer = kind.refuse_unreadable(payload.as_ref(), &verdict.reason);
    let hook = UnreadableHook {
        kind,
        body,
        payload,
        why,
    };
    record_unreadable(state, hook, &verdict, mode, &presenter).await;
    if mode == Mode::Observe {
        return error(StatusCode::BAD_REQUEST, why, None);
    }
    respond(answer, &verdict, query, None)
}

/// A hook body the agent's parser refused, and the JSON in it if it was JSON at all.
struct UnreadableHook<'a> {
    kind: AgentKind,
    body: &'a [u8],
    payload: Option<Value>,
    why: &'a str,
}

/// Records an unreadable hook as a decision, filed under its session when one can be read:
/// the raw body by SHA-256 and size only (bytes that are not JSON cannot be searched for
/// secrets), and the JSON it held, redacted like every hook body.
async fn record_unreadable(
    state: &Shared,
    hook: UnreadableHook<'_>,
    verdict: &Verdict,
    mode: Mode,
    presenter: &AgentRef,
) {
    let salvaged = hook.kind.salvage(hook.payload.as_ref());
    let event: Option<String> = salvaged
        .event_name
        .map(|e| e.chars().take(MAX_EVENT_NAME).collect());
    let record = decision_body(
        verdict,
        mode,
        json!({
            "hook": hook.kind.name(),
            "event": event,
            "unreadable": hook.why,
            "body_sha256": format!("{:x}", Sha256::digest(hook.body)),
            "body_bytes": hook.body.len(),
            "payload": hook.payload,
        }),
    );
    let session = salvaged
        .session_id
        .or_else(|| SessionId::new(format!("unreadable-hook:{}", hook.kind.name())).ok());
    let recorded = match session {
        Some(session) => {
            let draft = Draft::new(EventKind::Decision, session, record);
            state
                .pipeline
                .observe(vec![(draft, None)], Source::Hook, presenter)
                .await
                .map_err(|e| e.to_string())
        }
        None => Err("no session to record it under".to_owned()),
    };
    if let Err(e) = recorded {
        unrecorded(state, &e);
    }
}

/// An `Ask` for a tool call: held while a reviewer decides (see `approvals::hook_hold`).
async fn hold_for_approval(
    state: &Shared,
    call: &HookCall,
    presenter: &AgentRef,
    checked: &Checked,
    asked: Verdict,
) -> crate::approvals::hook_hold::Held {
    let task = match checked {
        Checked::Valid(v) => v.task_id().to_string(),
        _ => String::new(),
    };
    let tool = call.tool.as_ref();
    let name = tool.map(|t| t.name.as_str()).unwrap_or_default();
    let input = tool.map(|t| t.input.clone()).unwrap_or(Value::Null);
    let agent = match checked {
        Checked::Valid(v) => v.agent().to_agent_ref(),
        _ => presenter.clone(),
    };
    let held = crate::approvals::hook_hold::HookCallRef {
        session: &call.session_id,
        presenter: &agent,
        task: &task,
        tool: name,
        input: &input,
    };
    crate::approvals::hook_hold::hold(state, held, asked).await
}

/// Runs one parsed hook through the pipeline: a pre-tool hook through the gate, anything else
/// recorded and observed. `ts` overrides the event time (replays of recorded sessions). Returns
/// the verdict and whether the event could be queued for recording. The HTTP route and
/// `warden eval` share this, so an evaluation exercises exactly what agents get.
pub async fn handle(
    pipeline: &Pipeline,
    call: &HookCall,
    presenter: &AgentRef,
    ts: Option<Timestamp>,
) -> (Verdict, bool) {
    handle_checked(pipeline, call, presenter, ts, &Checked::Absent).await
}

/// [`handle`] for a hook whose credential was checked: a valid task token attributes the
/// event (agent, task, delegation chain); a present-but-invalid one is recorded with its
/// alert, and the hook is refused (observe mode: allowed, with the would-be deny recorded).
pub async fn handle_checked(
    pipeline: &Pipeline,
    call: &HookCall,
    presenter: &AgentRef,
    ts: Option<Timestamp>,
    checked: &Checked,
) -> (Verdict, bool) {
    let mut draft = attributed_draft(call, presenter);
    if ts.is_some() {
        draft.ts = ts;
    }
    let mut hold = None;
    match checked {
        Checked::Absent => {}
        Checked::Valid(v) => attribute(v, call, &mut draft),
        Checked::Invalid(r) => {
            crate::identity::record_refusal(
                pipeline,
                draft.session_id.clone(),
                r,
                "hook",
                presenter,
            )
            .await;
            hold = Some(r.reason.clone());
        }
    }
    if call.phase != Phase::PreTool {
        if let (Checked::Invalid(r), Some(_)) = (checked, &hold) {
            let verdict = crate::identity::refused_verdict(r, pipeline.mode());
            let recorded = pipeline
                .observe(vec![(draft, seen(call))], Source::Hook, presenter)
                .await
                .is_ok();
            return (verdict, recorded);
        }
    }
    if call.phase == Phase::PreTool {
        let facts = GateFacts {
            tool: call
                .tool
                .as_ref()
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            input: call
                .tool
                .as_ref()
                .map(|t| t.input.clone())
                .unwrap_or(Value::Null),
            server: None,
            cwd: call.cwd.clone(),
            action: CallKind::HookToolCall,
            hold,
        };
        let tool_use_id = call.correlation.tool_use_id.clone();
        let request = GateRequest {
            draft,
            source: Source::Hook,
            presenter: presenter.clone(),
            facts,
            tool_use_id,
            linked: false,
        };
        let verdict = pipeline.gate(request).await;
        if verdict.outcome == Outcome::Allow {
            record_delivered_result(pipeline, call, presenter, ts, checked).await;
        }
        return (verdict, true);
    }
    match pipeline
        .observe(vec![(draft, seen(call))], Source::Hook, presenter)
        .await
    {
        Ok(()) => (Verdict::allow("recorded"), true),
        Err(e) => {
            tracing::error!(error = %e, "a hook event could not be recorded");
            (Verdict::allow(format!("not recorded: {e}")), false)
        }
    }
}

/// A pre-tool hook that already carries the tool's output (Cursor's `beforeReadFile` hands over
/// the file content): once the call is allowed the agent gets that output, so it is recorded,
/// and seen by detection, as the call's result — file text can carry injected instructions or
/// secrets like any other tool result.
async fn record_delivered_result(
    pipeline: &Pipeline,
    call: &HookCall,
    presenter: &AgentRef,
    ts: Option<Timestamp>,
    checked: &Checked,
) {
    let Some(tool) = call.tool.as_ref() else {
        return;
    };
    let Some(response) = tool.response.clone() else {
        return;
    };
    let mut result = call.clone();
    result.phase = Phase::PostTool;
    result.payload = serde_json::json!({
        "hook_event_name": call.event_name,
        "delivered_with_call": true,
        "tool_name": tool.name,
        "tool_input": tool.input,
        "tool_response": response,
    });
    let mut draft = attributed_draft(&result, presenter);
    draft.ts = ts;
    if let Checked::Valid(v) = checked {
        attribute(v, &result, &mut draft);
    }
    if let Err(e) = pipeline
        .observe(vec![(draft, seen(&result))], Source::Hook, presenter)
        .await
    {
        tracing::error!(error = %e, "the content delivered with a hook call could not be recorded");
    }
}

/// What detection should see of a non-gating hook.
fn seen(call: &HookCall) -> Option<Seen> {
    match call.phase {
        Phase::Prompt => call.prompt.clone().map(|text| Seen::Prompt { text }),
        Phase::PostTool | Phase::ToolFailure => call.tool.as_ref().map(|t| Seen::ToolResult {
            tool: t.name.clone(),
            tool_use_id: call.correlation.tool_use_id.clone(),
            text: t.response.as_ref().map(flatten_text).unwrap_or_default(),
            is_error: call.phase == Phase::ToolFailure
                || t.response
                    .as_ref()
                    .and_then(|r| r.get("isError"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
        }),
        Phase::SessionStart => Some(Seen::SessionStart),
        Phase::SessionEnd => Some(Seen::SessionEnd),
        // The agent's final message (Claude Code `Stop`, Cursor `afterAgentResponse`).
        Phase::Stop | Phase::ModelOutput => ["last_assistant_message", "text"]
            .iter()
            .find_map(|k| call.payload.get(*k).and_then(Value::as_str))
            .map(|t| Seen::ModelOutput { text: t.to_owned() }),
        _ => None,
    }
}

/// Attributes a hook's event to a validated task token; a subagent it fired inside is one
/// more hop below the token's agent.
fn attribute(token: &ValidatedTaskToken, call: &HookCall, draft: &mut Draft) {
    crate::identity::attribute(token, draft);
    if let Some(sub) = &call.subagent {
        let agent = token.agent().to_agent_ref();
        draft.agent = Some(agent.subagent(&sub.id));
        draft.delegation.push(agent);
    }
}

/// The hook's event, attributed to a subagent when it fired inside one (a delegation hop).
fn attributed_draft(call: &HookCall, presenter: &AgentRef) -> Draft {
    let mut draft = call.to_draft();
    if let Some(sub) = &call.subagent {
        draft.agent = Some(presenter.subagent(&sub.id));
        draft.delegation = vec![presenter.clone()];
    }
    draft
}

/// A non-gating event could not be queued: it is logged and counted, and the agent goes on
/// (enforce mode fails closed for gating events only).
fn unrecorded(state: &Shared, why: &str) -> Verdict {
    state
        .metrics
        .hook_unrecorded
        .fetch_add(1, Ordering::Relaxed);
    tracing::error!(error = why, "a hook event could not be recorded");
    Verdict::allow(format!("not recorded: {why}"))
}

async fn record_spooled(
    state: &Shared,
    call: &HookCall,
    draft: Draft,
    presenter: &AgentRef,
    local_outcome: Option<&str>,
) -> Verdict {
    let mut drafts = vec![(draft.clone(), seen(call))];
    if call.phase.is_gating() {
        let outcome = match local_outcome {
            Some("deny") => Outcome::Deny,
            Some("ask") => Outcome::Ask,
            _ => Outcome::Allow,
        };
        let verdict = Verdict {
            outcome,
            would_be: None,
            reason: "decided locally by `warden hook` while the gateway was unreachable".into(),
            decision_id: None,
        };
        let body = decision_body(
            &verdict,
            state.pipeline.mode(),
            json!({"spooled": true, "decided_by": "warden hook"}),
        );
        let mut decision = Draft::new(EventKind::Decision, draft.session_id.clone(), body);
        decision.ts = draft.ts;
        decision.agent = draft.agent.clone();
        decision.correlation = draft.correlation.clone();
        drafts.push((decision, None));
    }
    match state
        .pipeline
        .observe(drafts, Source::Hook, presenter)
        .await
    {
        Ok(()) => Verdict::allow("recorded"),
        Err(e) => unrecorded(state, &e.to_string()),
    }
}
