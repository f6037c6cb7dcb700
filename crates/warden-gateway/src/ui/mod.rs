//! The review web UI, served by the gateway under `/ui/…`.
//!
//! Server-rendered HTML (built by [`html::Html`], which escapes by construction), one small
//! hand-written script and one stylesheet embedded with `include_str!`, SVG for charts: no
//! JavaScript toolchain. Every page reads the audit log through a query-only
//! [`warden_store::Reader`] on a blocking thread and windows what it shows, so a session of
//! 100,000 events costs what one page of it costs.
//!
//! Security: every response carries a CSP without inline script (`script-src 'self'`),
//! `frame-ancestors 'none'` and `X-Frame-Options: DENY` against clickjacking, `nosniff`, and
//! `no-store`; no CORS header is ever added. Pages need a reviewer session (see
//! `review::authenticate`); state changes go through the review API with its CSRF token.

mod agents;
mod alerts;
mod approvals;
mod assets;
mod auth;
mod chart;
mod describe;
pub mod html;
mod integrity;
mod layout;
mod search;
mod sessions;
mod timeline;

#[cfg(test)]
mod tests;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use crate::server::Shared;

/// The Content-Security-Policy of every UI response: only this origin's script and style, no
/// inline script, no framing, forms only to this origin.
pub const CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The UI's routes, with the security headers on every response.
pub(crate) fn routes(state: Shared) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::to("/ui/sessions") }))
        .route("/ui", get(|| async { Redirect::to("/ui/sessions") }))
        .route("/ui/", get(|| async { Redirect::to("/ui/sessions") }))
        .route("/ui/login", get(auth::login_page))
        .route("/ui/assets/{name}", get(assets::serve))
        .route("/ui/sessions", get(sessions::page))
        .route("/ui/sessions/{id}", get(timeline::page))
        .route("/ui/sessions/{id}/tail", get(timeline::tail))
        .route("/ui/tasks/{id}", get(sessions::task_page))
        .route("/ui/alerts", get(alerts::page))
        .route("/ui/approvals", get(approvals::page))
        .route("/ui/agents", get(agents::page))
        .route("/ui/search", get(search::page))
        .route("/ui/integrity", get(integrity::page))
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Runs a read of the audit log on a blocking thread with its own query-only connection.
pub(crate) async fn read<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&warden_store::Reader) -> Result<T, warden_store::StoreError> + Send + 'static,
) -> Result<T, Response> {
    let data = state.pipeline.store().data_dir().clone();
    run_read(move || {
        let reader = warden_store::Reader::open(&data)?;
        f(&reader)
    })
    .await
}

/// Like [`read`], for pages that need only the queries both backends answer: on a fleet
/// gateway they read every gateway's log in the database.
pub(crate) async fn read_log<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&dyn warden_store::ReadLog) -> Result<T, warden_store::StoreError> + Send + 'static,
) -> Result<T, Response> {
    let store = state.pipeline.store().clone();
    run_read(move || {
        let reader = store.open_reader()?;
        f(reader.as_ref())
    })
    .await
}

async fn run_read<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, warden_store::StoreError> + Send + 'static,
) -> Result<T, Response> {
    let joined = tokio::task::spawn_blocking(job).await;
    match joined {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "a UI page could not read the audit log");
            Err(layout::error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The audit log could not be read",
                &e.to_string(),
            ))
        }
        Err(e) => Err(layout::error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The page failed",
            &e.to_string(),
        )),
    }
}

/// `2026-11-21 09:45:48` (UTC) for a Unix-nanosecond time.
pub(crate) fn fmt_ns(ns: i64) -> String {
    match warden_core::Timestamp::from_unix_nanos(ns.into()) {
        Some(t) => fmt_ts(&t),
        None => "—".into(),
    }
}

pub(crate) fn fmt_ts(t: &warden_core::Timestamp) -> String {
    let s = t.to_string();
    // YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ → YYYY-MM-DD HH:MM:SS.mmm
    if s.len() >= 23 {
        format!("{} {}", &s[..10], &s[11..23])
    } else {
        s
    }
}

/// A short, readable form of an agent id (`spiffe://td/agent/x` → `x`).
pub(crate) fn short_agent(agent: &str) -> &str {
    agent
        .strip_prefix("spiffe://")
        .and_then(|r| r.split_once("/agent/").map(|(_, p)| p))
        .unwrap_or(agent)
}

/// Redirect the browser to the login page when a UI page is opened without a session.
pub(crate) fn to_login(next: &str) -> Response {
    Redirect::to(&format!("/ui/login?next={}", html::url_encode(next))).into_response()
}
