//! Review session and account routes, and the record of what reviewers do.
//!
//! - `POST /v1/review/login` (JSON `{"token"}` or form `token=…[&next=/path]`) → session cookie;
//! - `POST /v1/review/logout`; `GET /v1/review/me` → `{name, role, csrf}`;
//! - `GET|POST /v1/review/reviewers`, `DELETE /v1/review/reviewers/{name}`,
//!   `POST /v1/review/reviewers/{name}/rotate` (admin).
//!
//! Every login, logout, account change and refused attempt is an `approval` event of the
//! record in session `warden-review`, naming the reviewer (never a token).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{json, Value};
use warden_core::{Draft, EventKind, SessionId, Source};

use super::auth::{self, AuthError, Via, SESSION_COOKIE};
use super::store::StoreError;
use super::{RequireAdmin, Reviewer, Role};
use crate::server::{error, AppState, Shared};

/// The session every reviewer action is recorded in.
pub const REVIEW_SESSION: &str = "warden-review";

/// Records a reviewer's action (or a refused attempt) as an `approval` event.
pub(crate) async fn record(state: &AppState, reviewer: Option<&Reviewer>, mut body: Value) {
    if let (Some(r), Some(obj)) = (reviewer, body.as_object_mut()) {
        obj.insert("reviewer".into(), json!(r.name));
        obj.insert("role".into(), json!(r.role));
    }
    let Ok(session) = SessionId::new(REVIEW_SESSION) else {
        return;
    };
    let draft = Draft::new(EventKind::Approval, session, body);
    if let Err(e) = state
        .pipeline
        .record(vec![draft], Source::Api, &state.local_agent)
        .await
    {
        tracing::error!(error = %e, "could not record a reviewer's action");
    }
}

#[derive(Deserialize)]
struct Login {
    token: String,
    #[serde(default)]
    next: Option<String>,
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"))
}

/// A redirect target that stays on this gateway.
fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p,
        _ => "/",
    }
}

pub(crate) async fn login(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = is_form(&headers);
    let parsed = if form {
        serde_urlencoded::from_bytes::<Login>(&body).ok()
    } else {
        serde_json::from_slice::<Login>(&body).ok()
    };
    // The parser's message could quote the token: answer with a fixed one.
    let Some(req) = parsed else {
        return error(
            StatusCode::BAD_REQUEST,
            "expected JSON {\"token\": \"wrv_…\"} or a form with a token field",
            None,
        );
    };
    // A login from another site would plant that site's chosen session (login CSRF).
    if (headers.contains_key(header::ORIGIN) || headers.contains_key("sec-fetch-site"))
        && auth::same_origin(&headers).is_err()
    {
        return AuthError::Csrf("log in from a Warden page, not another site").into_response();
    }
    let reviewer = match auth::reviewer_for_token(&state, req.token.trim()) {
        Ok(r) => r,
        Err(e) => {
            record(
                &state,
                None,
                json!({"what": "review_login", "outcome": "refused", "code": e.code()}),
            )
            .await;
            return e.into_response();
        }
    };
    let (id, csrf) = match state.review.open_session(&reviewer) {
        Ok(s) => s,
        Err(e) => return AuthError::Store(e.to_string()).into_response(),
    };
    record(
        &state,
        Some(&reviewer),
        json!({"what": "review_login", "outcome": "ok"}),
    )
    .await;
    // Behind a TLS-terminating proxy the cookie must never travel in clear; on the loopback
    // default (plain http) browsers would drop a `Secure` cookie.
    let secure = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    let cookie = format!(
        "{SESSION_COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
        state.review.session_ttl().as_secs(),
        if secure { "; Secure" } else { "" }
    );
    let mut response = if form {
        let to = local_path(req.next.as_deref()).to_owned();
        let mut r = StatusCode::SEE_OTHER.into_response();
        if let Ok(v) = HeaderValue::from_str(&to) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        r
    } else {
        Json(json!({"name": reviewer.name, "role": reviewer.role, "csrf": csrf})).into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

pub(crate) async fn logout(
    State(state): State<Shared>,
    request: axum::extract::Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let (reviewer, via) = match auth::require(&parts, &state, Role::Viewer).await {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    if let Via::Session { id, .. } = &via {
        if let Err(e) = state.review.close_session(id) {
            return AuthError::Store(e.to_string()).into_response();
        }
    }
    record(&state, Some(&reviewer), json!({"what": "review_logout"})).await;
    let mut r = Json(json!({"logged_out": true})).into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("warden_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    r
}

pub(crate) async fn me(State(state): State<Shared>, headers: HeaderMap) -> Response {
    match auth::authenticate_via(&state, &headers).await {
        Ok((r, via)) => {
            let csrf = match via {
                Via::Session { csrf, .. } => Some(csrf),
                Via::Token => None,
            };
            Json(json!({"name": r.name, "role": r.role, "csrf": csrf})).into_response()
        }
        Err(e) => e.into_response(),
    }
}

fn store_error(e: StoreError) -> Response {
    let status = match e {
        StoreError::BadName => StatusCode::BAD_REQUEST,
        StoreError::Exists(_) | StoreError::LastAdmin(_) => StatusCode::CONFLICT,
        StoreError::Unknown(_) => StatusCode::NOT_FOUND,
        StoreError::Db(_) | StoreError::Pg(_) | StoreError::Io(_) => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    error(status, &e.to_string(), None)
}

pub(crate) async fn list_reviewers(
    State(state): State<Shared>,
    RequireAdmin(_): RequireAdmin,
) -> Response {
    match state.review.list() {
        Ok(list) => Json(json!({"reviewers": list})).into_response(),
        Err(e) => store_error(e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AddReviewer {
    name: String,
    role: Role,
    #[serde(default)]
    agents: Vec<String>,
}

pub(crate) async fn add_reviewer(
    State(state): State<Shared>,
    RequireAdmin(admin): RequireAdmin,
    Json(req): Json<AddReviewer>,
) -> Response {
    match state.review.add(&req.name, req.role, &req.agents) {
        Ok(token) => {
            record(
                &state,
                Some(&admin),
                json!({"what": "reviewer_added", "name": req.name, "new_role": req.role, "agents": req.agents}),
            )
            .await;
            Json(json!({"name": req.name, "role": req.role, "agents": req.agents, "token": token}))
                .into_response()
        }
        Err(e) => store_error(e),
    }
}

pub(crate) async fn remove_reviewer(
    State(state): State<Shared>,
    RequireAdmin(admin): RequireAdmin,
    Path(name): Path<String>,
) -> Response {
    match state.review.remove(&name) {
        Ok(()) => {
            record(
                &state,
                Some(&admin),
                json!({"what": "reviewer_removed", "name": name}),
            )
            .await;
            Json(json!({"removed": name})).into_response()
        }
        Err(e) => store_error(e),
    }
}

pub(crate) async fn rotate_reviewer(
    State(state): State<Shared>,
    RequireAdmin(admin): RequireAdmin,
    Path(name): Path<String>,
) -> Response {
    match state.review.rotate(&name) {
        Ok(token) => {
            record(
                &state,
                Some(&admin),
                json!({"what": "reviewer_rotated", "name": name}),
            )
            .await;
            Json(json!({"name": name, "token": token})).into_response()
        }
        Err(e) => store_error(e),
    }
}

/// The session and account routes.
pub(crate) fn router() -> axum::Router<Shared> {
    use axum::routing::{delete, get, post};
    axum::Router::new()
        .route("/v1/review/login", post(login))
        .route("/v1/review/logout", post(logout))
        .route("/v1/review/me", get(me))
        .route(
            "/v1/review/reviewers",
            get(list_reviewers).post(add_reviewer),
        )
        .route("/v1/review/reviewers/{name}", delete(remove_reviewer))
        .route("/v1/review/reviewers/{name}/rotate", post(rotate_reviewer))
}
