//! `POST /v1/tasks`, `POST /v1/tasks/{id}/end`, `GET /v1/tasks/{id}`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};
use warden_core::{Draft, EventKind, SessionId, Source, TaskId};

use crate::pipeline::{new_event_id, now};
use crate::server::{error, Shared};
use crate::tasks::TaskRequest;

pub async fn declare(
    State(state): State<Shared>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let request: TaskRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("invalid task: {e}"), None),
    };
    // An agent that presents its JWT-SVID gets a task token; a bad SVID is refused.
    let svid = match crate::identity::task_svid(&state, &headers).await {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let may_act = request.may_act.clone();
    let session = match request
        .session_id
        .as_deref()
        .map(SessionId::new)
        .transpose()
    {
        Ok(s) => s,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("invalid task: {e}"), None),
    };
    let task_id = match TaskId::new(format!("task-{}", new_event_id())) {
        Ok(t) => t,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string(), None),
    };
    let spec = match request.into_spec(task_id.clone(), now()) {
        Ok(s) => s,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("invalid task: {e}"), None),
    };
    // A task declared without a session is recorded under a session of its own.
    let record_session = match session.clone() {
        Some(s) => s,
        None => match SessionId::new(format!("task:{task_id}")) {
            Ok(s) => s,
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string(), None),
        },
    };
    let mut body = serde_json::to_value(&spec).unwrap_or_default();
    body["action"] = json!("declare");
    let issued = match &svid {
        Some(svid) => match crate::identity::start_task(&state, svid, &spec, may_act.as_deref()) {
            Ok(v) => Some(v),
            Err((status, e)) => return error(status, &e, None),
        },
        None => None,
    };
    let presenter = svid
        .as_ref()
        .map(|s| s.spiffe_id().to_agent_ref())
        .unwrap_or_else(|| state.local_agent.clone());
    if let Some(svid) = &svid {
        body["agent"] = json!(svid.spiffe_id().to_string());
        body["svid_digest"] = json!(svid.token_digest());
    }
    if let Some(m) = &may_act {
        body["may_act"] = json!(m);
    }
    let mut draft = Draft::new(EventKind::Task, record_session.clone(), body);
    draft.task_id = Some(task_id.clone());
    draft.trigger = spec.trigger.clone();
    draft.agent = Some(presenter.clone());
    match state
        .pipeline
        .declare_task(&spec, draft, session.as_ref(), &presenter)
        .await
    {
        Ok(()) => {
            let mut answer = json!({"task_id": task_id, "session_id": session, "task": spec});
            if let Some(Value::Object(issued)) = issued {
                if let Value::Object(a) = &mut answer {
                    a.extend(issued);
                }
            }
            (StatusCode::CREATED, Json(answer)).into_response()
        }
        Err(e) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            &format!("the task could not be recorded: {e}"),
            None,
        ),
    }
}

pub async fn end(State(state): State<Shared>, Path(id): Path<String>) -> Response {
    let Ok(task_id) = TaskId::new(id) else {
        return error(StatusCode::BAD_REQUEST, "invalid task id", None);
    };
    // Everything the task holds (tokens of every hop, secret leases) stops working now.
    let had_credentials = match crate::identity::end_task(&state, &task_id) {
        Ok(known) => known,
        Err(e) => {
            return error(
                StatusCode::SERVICE_UNAVAILABLE,
                &format!("the task's credentials could not be revoked: {e}"),
                None,
            )
        }
    };
    if !state.pipeline.tasks().end(&task_id) && !had_credentials {
        return error(
            StatusCode::NOT_FOUND,
            &format!("no declared task {task_id} on this gateway"),
            None,
        );
    }
    let session = SessionId::new(format!("task:{task_id}")).ok();
    let Some(session) = session else {
        return error(StatusCode::BAD_REQUEST, "invalid task id", None);
    };
    let mut draft = Draft::new(
        EventKind::Task,
        session,
        json!({"action": "end", "task_id": task_id}),
    );
    draft.task_id = Some(task_id.clone());
    match state
        .pipeline
        .record(vec![draft], Source::Api, &state.local_agent)
        .await
    {
        Ok(_) => Json(json!({"task_id": task_id, "ended": true})).into_response(),
        Err(e) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            &format!("the task end could not be recorded: {e}"),
            None,
        ),
    }
}

/// `GET /v1/tasks/{id}`: a task's declared scope, for reviewers (viewer).
pub async fn get(
    State(state): State<Shared>,
    _: crate::review::RequireViewer,
    Path(id): Path<String>,
) -> Response {
    let spec = TaskId::new(id)
        .ok()
        .and_then(|t| state.pipeline.tasks().get(&t));
    match spec {
        Some(spec) => Json(spec).into_response(),
        None => error(StatusCode::NOT_FOUND, "no such task on this gateway", None),
    }
}
