//! Who is asking: [`authenticate`] and the role extractors every review endpoint takes.
//!
//! A reviewer proves who they are with a reviewer token (`Authorization: Bearer wrv_…`) or the
//! `warden_session` cookie of a login. Agent credentials are refused with their own error and
//! recorded, so a compromised agent probing the review API leaves a trace. A browser session
//! changing state must also send its CSRF token (`X-Warden-CSRF` or form field `csrf`) from a
//! same-origin page (`Sec-Fetch-Site: same-origin`, or an `Origin` naming this host): the
//! cookie alone never authorises a write.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine as _;
use serde_json::{json, Value};

use super::store::TOKEN_PREFIX;
use super::{Reviewer, Role};
use crate::server::{AppState, Shared};

/// The browser session cookie.
pub const SESSION_COOKIE: &str = "warden_session";
/// The header carrying a session's CSRF token.
pub const CSRF_HEADER: &str = "x-warden-csrf";

/// Why a request is not let through.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("this endpoint is for reviewers: present a reviewer token (Authorization: Bearer wrv_…) or log in with POST /v1/review/login")]
    Unauthenticated,
    #[error("the reviewer token is not valid (rotated or removed?); an admin can issue one with `warden reviewer add` or `rotate`")]
    InvalidToken,
    #[error("the review session has expired or ended; log in again")]
    SessionExpired,
    #[error("an agent credential ({0}) cannot be used on review endpoints; reviewers use their own token (`warden reviewer add`)")]
    AgentCredential(&'static str),
    #[error("this needs the {need} role; {name} is a {have}")]
    Forbidden {
        name: String,
        have: Role,
        need: Role,
    },
    #[error("{0}")]
    Csrf(&'static str),
    #[error("the reviewer store failed: {0}")]
    Store(String),
}

impl AuthError {
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::Unauthenticated => "unauthenticated",
            AuthError::InvalidToken => "invalid_token",
            AuthError::SessionExpired => "session_expired",
            AuthError::AgentCredential(_) => "agent_credential",
            AuthError::Forbidden { .. } => "forbidden",
            AuthError::Csrf(_) => "csrf",
            AuthError::Store(_) => "store",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AuthError::Unauthenticated | AuthError::InvalidToken | AuthError::SessionExpired => {
                StatusCode::UNAUTHORIZED
            }
            AuthError::AgentCredential(_) | AuthError::Forbidden { .. } | AuthError::Csrf(_) => {
                StatusCode::FORBIDDEN
            }
            AuthError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let mut r = (
            self.status(),
            Json(json!({"error": self.to_string(), "code": self.code()})),
        )
            .into_response();
        if self.status() == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"warden-review\""),
            );
        }
        r
    }
}

/// How a request authenticated.
#[derive(Clone, Debug)]
pub(crate) enum Via {
    Token,
    /// A browser session: its id and CSRF token.
    Session {
        id: String,
        csrf: String,
    },
}

/// The reviewer behind a request, from a reviewer token or a session cookie. Agent
/// credentials are refused ([`AuthError::AgentCredential`]) and the attempt recorded.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Reviewer, AuthError> {
    authenticate_via(state, headers).await.map(|(r, _)| r)
}

pub(crate) async fn authenticate_via(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Reviewer, Via), AuthError> {
    let result = identify(state, headers);
    if let Err(e @ AuthError::AgentCredential(_)) = &result {
        super::routes::record(
            state,
            None,
            json!({"what": "review_refused", "code": e.code(), "credential": e.to_string()}),
        )
        .await;
    }
    result
}

fn identify(state: &AppState, headers: &HeaderMap) -> Result<(Reviewer, Via), AuthError> {
    if let Some(kind) = agent_credential(headers) {
        return Err(AuthError::AgentCredential(kind));
    }
    if let Some(token) = bearer(headers) {
        return reviewer_for_token(state, &token).map(|r| (r, Via::Token));
    }
    let Some(id) = session_cookie(headers) else {
        return Err(AuthError::Unauthenticated);
    };
    match state.review.session(&id) {
        Ok(Some(s)) => Ok((s.reviewer, Via::Session { id, csrf: s.csrf })),
        Ok(None) => Err(AuthError::SessionExpired),
        Err(e) => Err(AuthError::Store(e.to_string())),
    }
}

/// The reviewer a token names (login and bearer requests share this).
pub(crate) fn reviewer_for_token(state: &AppState, token: &str) -> Result<Reviewer, AuthError> {
    if let Some(kind) = classify_agent_token(token) {
        return Err(AuthError::AgentCredential(kind));
    }
    if !token.starts_with(TOKEN_PREFIX) {
        return Err(AuthError::InvalidToken);
    }
    match state.review.by_token(token) {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(AuthError::InvalidToken),
        Err(e) => Err(AuthError::Store(e.to_string())),
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim().to_owned())
}

/// Which agent credential a request presents, if any.
fn agent_credential(headers: &HeaderMap) -> Option<&'static str> {
    if headers.contains_key(crate::identity::TXN_TOKEN)
        || headers.contains_key(crate::identity::WARDEN_TASK_TOKEN)
    {
        return Some("task token");
    }
    classify_agent_token(&bearer(headers)?)
}

/// A join token (`wjt_…`), a task token (a JWT typed `txntoken+jwt`) or a JWT-SVID (any other
/// JWT): every credential Warden issues to agents.
fn classify_agent_token(token: &str) -> Option<&'static str> {
    if token.starts_with("wjt_") {
        return Some("join token");
    }
    let mut parts = token.split('.');
    let (Some(head), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let header: Value = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(head)
        .ok()
        .and_then(|h| serde_json::from_slice(&h).ok())?;
    header.get("alg")?;
    let typ = header.get("typ").and_then(Value::as_str).unwrap_or("");
    Some(if typ.eq_ignore_ascii_case("txntoken+jwt") {
        "task token"
    } else {
        "JWT-SVID"
    })
}

pub(crate) fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == SESSION_COOKIE && !v.is_empty()).then(|| v.to_owned())
        })
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a browser request comes from a page of this gateway.
pub(crate) fn same_origin(headers: &HeaderMap) -> Result<(), AuthError> {
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.to_str().unwrap_or("") {
            "same-origin" => Ok(()),
            _ => Err(AuthError::Csrf(
                "a cross-site request cannot change anything here (Sec-Fetch-Site is not same-origin)",
            )),
        };
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Err(AuthError::Csrf(
            "a session request that changes state must come from a Warden page (Origin or Sec-Fetch-Site missing)",
        ));
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ok = !host.is_empty()
        && (origin == format!("http://{host}") || origin == format!("https://{host}"));
    if ok {
        Ok(())
    } else {
        Err(AuthError::Csrf(
            "a cross-origin request cannot change anything here (Origin is not this gateway)",
        ))
    }
}

/// A CSRF token posted as the form field `csrf` (see [`form_csrf`]).
#[derive(Clone, Debug)]
pub(crate) struct FormCsrf(pub String);

fn csrf_ok(parts: &Parts, expected: &str) -> Result<(), AuthError> {
    same_origin(&parts.headers)?;
    let presented = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| parts.extensions.get::<FormCsrf>().map(|f| f.0.clone()));
    match presented {
        Some(p) if constant_time_eq(p.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(AuthError::Csrf("the CSRF token does not match this session; reload the page")),
        None => Err(AuthError::Csrf(
            "a session request that changes state needs the CSRF token (X-Warden-CSRF header or form field csrf; GET /v1/review/me gives it)",
        )),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Makes the `csrf` field of a urlencoded form posted with a session cookie available to the
/// extractors (which only see headers). Other requests pass untouched.
pub(crate) async fn form_csrf(req: Request, next: Next) -> Response {
    let applies = !is_safe(req.method())
        && !req.headers().contains_key(CSRF_HEADER)
        && session_cookie(req.headers()).is_some()
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !applies {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, FORM_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return crate::server::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "a form posted to Warden must be under 1 MiB",
                None,
            )
        }
    };
    if let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes) {
        if let Some((_, v)) = fields.into_iter().find(|(k, _)| k == "csrf") {
            parts.extensions.insert(FormCsrf(v));
        }
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

const FORM_LIMIT: usize = 1024 * 1024;

/// Authenticates, checks the role and, for a browser session changing state, CSRF and origin.
/// Every refusal but a missing credential is recorded.
pub(crate) async fn require(
    parts: &Parts,
    state: &AppState,
    need: Role,
) -> Result<(Reviewer, Via), AuthError> {
    let result = authenticate_via(state, &parts.headers).await;
    let checked = result.and_then(|(reviewer, via)| {
        if reviewer.role < need {
            return Err(AuthError::Forbidden {
                name: reviewer.name,
                have: reviewer.role,
                need,
            });
        }
        if let Via::Session { csrf, .. } = &via {
            if !is_safe(&parts.method) {
                csrf_ok(parts, csrf)?;
            }
        }
        Ok((reviewer, via))
    });
    if let Err(e) = &checked {
        if matches!(
            e,
            AuthError::InvalidToken | AuthError::Forbidden { .. } | AuthError::Csrf(_)
        ) {
            let who = match e {
                AuthError::Forbidden { name, .. } => Some(name.as_str()),
                _ => None,
            };
            super::routes::record(
                state,
                None,
                json!({"what": "review_refused", "code": e.code(), "reviewer": who,
                       "method": parts.method.as_str(), "path": parts.uri.path(), "error": e.to_string()}),
            )
            .await;
        }
    }
    checked
}

macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $role:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $name(pub Reviewer);

        impl FromRequestParts<Shared> for $name {
            type Rejection = AuthError;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &Shared,
            ) -> Result<Self, AuthError> {
                require(parts, state, $role).await.map(|(r, _)| $name(r))
            }
        }
    };
}

role_extractor!(
    /// Any reviewer (viewer, approver or admin).
    RequireViewer,
    Role::Viewer
);
role_extractor!(
    /// A reviewer who may decide approvals and approve pins.
    RequireApprover,
    Role::Approver
);
role_extractor!(
    /// A reviewer who may manage reviewer accounts.
    RequireAdmin,
    Role::Admin
);
