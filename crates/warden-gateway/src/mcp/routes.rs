//! The gateway API for MCP traffic that does not flow through the gateway itself (the stdio
//! wrapper), and for reviewers: pins and approvals.
//!
//! - `POST /v1/mcp/connections` `{"server", "session"?}` → `{"connection"}`;
//! - `POST /v1/mcp/connections/{id}/client`: one client message (body = its bytes), gated;
//!   answers `{"action": "forward" | "reply" | "hold", …}`;
//! - `POST /v1/mcp/connections/{id}/messages`: NDJSON of `{"d": "c"|"s", "m": "<message>"}`
//!   already forwarded (observe mode), recorded in order;
//! - `POST /v1/mcp/connections/{id}/release`: a held call whose approval was decided;
//! - `GET /v1/mcp/pins[?server=]` (viewer), `POST /v1/mcp/pins/{server}/approve[?tool=]`
//!   (approver);
//! - `GET /v1/approvals`, `GET /v1/approvals/{id}[?wait=S]` (viewer),
//!   `POST /v1/approvals/{id}/approve|deny` `{"reason"}` (approver);
//! - `GET /v1/approvals/{id}/status[?wait=S]`: where a request stands, for the agent side that
//!   holds the call (the stdio wrapper, an MCP client given the URL). It answers the state and
//!   the deciding reason only; the id is an unguessable capability.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{json, Value};
use warden_core::{SessionId, Source};

use super::new_session;
use super::tap::{ClientAction, Held};
use crate::approvals::{ApprovalError, ApprovalState};
use crate::review::routes::record;
use crate::review::{RequireApprover, RequireViewer};
use crate::server::{error, Shared};

#[derive(Deserialize)]
pub(crate) struct OpenConn {
    server: String,
    #[serde(default)]
    session: Option<String>,
}

pub(crate) async fn open_connection(
    State(state): State<Shared>,
    headers: axum::http::HeaderMap,
    Json(req): Json<OpenConn>,
) -> Response {
    if !super::config::valid_name(&req.server) {
        return error(
            StatusCode::BAD_REQUEST,
            "server names are 1-64 letters, digits, '-' or '_' (no '__')",
            None,
        );
    }
    let session = match req.session {
        Some(s) => match SessionId::new(s) {
            Ok(s) => s,
            Err(e) => return error(StatusCode::BAD_REQUEST, &e.to_string(), None),
        },
        None => new_session(),
    };
    let key = format!("stdio:{}", uuid::Uuid::now_v7());
    let conn = state.mcp.open(
        key.clone(),
        &req.server,
        session.clone(),
        Source::McpStdio,
        state.local_agent.clone(),
    );
    crate::identity::bind_token(&conn, &headers);
    Json(json!({"connection": key, "session_id": session.as_str()})).into_response()
}

// The refusal is the handler's answer, returned once per request.
#[allow(clippy::result_large_err)]
fn conn_or_404(state: &Shared, id: &str) -> Result<super::ConnHandle, Response> {
    state.mcp.conn(id).ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            &format!("no MCP connection {id:?} (the gateway may have restarted); open a new one"),
            None,
        )
    })
}

fn action_json(action: ClientAction) -> Value {
    match action {
        ClientAction::Forward => json!({"action": "forward"}),
        ClientAction::ForwardRewritten(m) => json!({"action": "forward", "message": m}),
        ClientAction::Reply(m) => json!({"action": "reply", "message": m}),
        ClientAction::Hold(h) => json!({"action": "hold", "held": held_json(&h)}),
    }
}

fn held_json(h: &Held) -> Value {
    json!({
        "approval": h.approval, "id": h.id, "method": h.method,
        "progress_token": h.progress_token, "tool": h.tool, "args_digest": h.args_digest,
        "reason": h.meta.reason, "decision_id": h.meta.decision_id,
        "policy_version": h.meta.policy_version, "stateless": h.era == warden_mcp::Era::Stateless,
    })
}

pub(crate) async fn client_message(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let conn = match conn_or_404(&state, &id) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let text = String::from_utf8_lossy(&body);
    let action = state.mcp.tap.client(&state.pipeline, &conn, &text).await;
    Json(action_json(action)).into_response()
}

#[derive(Deserialize)]
struct Line {
    d: String,
    m: String,
}

pub(crate) async fn messages(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let conn = match conn_or_404(&state, &id) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let text = String::from_utf8_lossy(&body);
    let mut n = 0usize;
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let item: Line = match serde_json::from_str(line) {
            Ok(l) => l,
            Err(e) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    &format!("line {}: expected {{\"d\":\"c\"|\"s\",\"m\":\"…\"}}: {e}; the lines before it were recorded", i + 1),
                    Some(i),
                )
            }
        };
        match item.d.as_str() {
            // Already forwarded: the action is moot, but gated calls still get their
            // (observe-mode) decision recorded.
            "c" => {
                let _ = state.mcp.tap.client(&state.pipeline, &conn, &item.m).await;
            }
            "s" => state.mcp.tap.server(&state.pipeline, &conn, &item.m).await,
            other => {
                return error(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "line {}: direction must be \"c\" or \"s\", got {other:?}",
                        i + 1
                    ),
                    Some(i),
                )
            }
        }
        n += 1;
    }
    Json(json!({"recorded": n})).into_response()
}

#[derive(Deserialize)]
pub(crate) struct Release {
    approval: String,
    id: String,
    method: String,
    tool: String,
    args_digest: String,
    #[serde(default)]
    stateless: bool,
}

pub(crate) async fn release(State(state): State<Shared>, Json(r): Json<Release>) -> Response {
    let held = Held {
        approval: r.approval.clone(),
        id: r.id,
        method: r.method,
        progress_token: None,
        tool: r.tool,
        args_digest: r.args_digest,
        meta: warden_mcp::reply::DecisionMeta {
            outcome: "deny",
            ..Default::default()
        },
        era: if r.stateless {
            warden_mcp::Era::Stateless
        } else {
            warden_mcp::Era::Legacy
        },
    };
    let decided = state
        .mcp
        .tap
        .approvals
        .get(&r.approval)
        .map(|a| a.state)
        .unwrap_or(crate::approvals::ApprovalState::Expired);
    match state.mcp.tap.after_hold(&held, &decided) {
        Ok(()) => Json(json!({"action": "forward"})).into_response(),
        Err(m) => Json(json!({"action": "reply", "message": m})).into_response(),
    }
}

#[derive(Deserialize)]
pub(crate) struct PinQuery {
    #[serde(default)]
    server: Option<String>,
    #[serde(default)]
    tool: Option<String>,
}

pub(crate) async fn list_pins(
    State(state): State<Shared>,
    _: RequireViewer,
    Query(q): Query<PinQuery>,
) -> Response {
    match state.mcp.tap.pins().list(q.server.as_deref()) {
        Ok(rows) => Json(json!({"pins": rows})).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string(), None),
    }
}

pub(crate) async fn approve_pins(
    State(state): State<Shared>,
    RequireApprover(reviewer): RequireApprover,
    Path(server): Path<String>,
    Query(q): Query<PinQuery>,
) -> Response {
    let by = reviewer.name.clone();
    match state
        .mcp
        .tap
        .pins()
        .approve(&server, q.tool.as_deref(), &by)
    {
        Ok(tools) => {
            record(
                &state,
                Some(&reviewer),
                json!({"what": "mcp_pins", "server": server, "tools": tools, "by": by, "outcome": "approved"}),
            )
            .await;
            Json(json!({"approved": tools})).into_response()
        }
        Err(e @ (warden_mcp::pins::PinError::Db(_) | warden_mcp::pins::PinError::Pg(_))) => {
            error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string(), None)
        }
        Err(e) => error(StatusCode::NOT_FOUND, &e.to_string(), None),
    }
}

pub(crate) async fn list_approvals(State(state): State<Shared>, _: RequireViewer) -> Response {
    Json(json!({"approvals": state.mcp.tap.approvals.list()})).into_response()
}

#[derive(Deserialize)]
pub(crate) struct WaitQuery {
    #[serde(default)]
    wait: Option<u64>,
}

pub(crate) async fn get_approval(
    State(state): State<Shared>,
    _: RequireViewer,
    Path(id): Path<String>,
    Query(q): Query<WaitQuery>,
) -> Response {
    if let Some(secs) = q.wait {
        let _ = state
            .mcp
            .tap
            .approvals
            .wait(&id, std::time::Duration::from_secs(secs.min(60)))
            .await;
    }
    match state.mcp.tap.approvals.get(&id) {
        Some(r) => Json(r).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            &format!("no approval request {id:?}"),
            None,
        ),
    }
}

#[derive(Deserialize)]
pub(crate) struct Decide {
    #[serde(default)]
    reason: String,
}

/// `POST /v1/approvals/{id}/approve|deny` `{"reason"}` (approver). The decision is the
/// authenticated reviewer's; one cannot decide what an agent they own asked for.
pub(crate) async fn decide_approval(
    State(state): State<Shared>,
    RequireApprover(reviewer): RequireApprover,
    Path((id, verb)): Path<(String, String)>,
    Json(d): Json<Decide>,
) -> Response {
    let approve = match verb.as_str() {
        "approve" => true,
        "deny" => false,
        _ => return error(StatusCode::NOT_FOUND, "use /approve or /deny", None),
    };
    let owned = match state.review.agents(&reviewer.name) {
        Ok(a) => a,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string(), None),
    };
    let result = state
        .mcp
        .tap
        .approvals
        .decide(&id, approve, &reviewer, &owned, &d.reason);
    let outcome = match &result {
        Ok(_) => verb.clone(),
        Err(e) => format!("refused: {e}"),
    };
    record(
        &state,
        Some(&reviewer),
        json!({"what": "approval", "request_id": id, "request": result.as_ref().ok(), "outcome": outcome, "reason": d.reason}),
    )
    .await;
    match result {
        Ok(r) => Json(r).into_response(),
        Err(e) => approval_error(e),
    }
}

fn approval_error(e: ApprovalError) -> Response {
    let status = match e {
        ApprovalError::Unknown(_) => StatusCode::NOT_FOUND,
        ApprovalError::NoReason => StatusCode::BAD_REQUEST,
        ApprovalError::OwnAgent { .. } | ApprovalError::NotAllowed(_) => StatusCode::FORBIDDEN,
        ApprovalError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::CONFLICT,
    };
    error(status, &e.to_string(), None)
}

/// `GET /v1/approvals/{id}/status[?wait=S]`: the agent side's view of a request it holds a
/// call for: `{id, state, by?, reason?}`.
pub(crate) async fn approval_status(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<WaitQuery>,
) -> Response {
    if let Some(secs) = q.wait {
        let _ = state
            .mcp
            .tap
            .approvals
            .wait(&id, std::time::Duration::from_secs(secs.min(60)))
            .await;
    }
    match state.mcp.tap.approvals.get(&id) {
        Some(r) => {
            let (by, reason) = match &r.state {
                ApprovalState::Approved { by, reason } | ApprovalState::Denied { by, reason } => {
                    (Some(by.as_str()), Some(reason.as_str()))
                }
                _ => (None, None),
            };
            Json(
                json!({"id": r.id, "state": r.state.name(), "by": by, "reason": reason,
                        "expires_in_s": r.expires_in_s}),
            )
            .into_response()
        }
        None => error(
            StatusCode::NOT_FOUND,
            &format!("no approval request {id:?}"),
            None,
        ),
    }
}
