//! Who may see a UI page: any authenticated reviewer (viewer and up), through the review
//! module's `authenticate` (reviewer token or `warden_session` cookie). A browser without a
//! session is sent to the login page; an agent credential or a bad token gets an error page.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::html::Html;
use super::layout;
use crate::review::{self, AuthError, Reviewer};
use crate::server::Shared;

/// A reviewer who may read UI pages.
pub(crate) struct Viewer(pub Reviewer);

impl FromRequestParts<Shared> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        match review::authenticate(state, &parts.headers).await {
            Ok(r) => Ok(Viewer(r)),
            Err(AuthError::Unauthenticated | AuthError::SessionExpired) => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/ui/sessions");
                Err(super::to_login(next))
            }
            Err(e) => Err(layout::error_page(
                e.status(),
                "Not allowed",
                &e.to_string(),
            )),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct LoginQuery {
    #[serde(default)]
    next: Option<String>,
}

/// `GET /ui/login`: a token field; the script posts it to `/v1/review/login` (which sets the
/// HttpOnly session cookie) and then opens `next`.
pub(crate) async fn login_page(Query(q): Query<LoginQuery>) -> Response {
    // Only a local path may be the destination: never an open redirect.
    let next = q
        .next
        .filter(|n| n.starts_with("/ui/") && !n.starts_with("//"))
        .unwrap_or_else(|| "/ui/sessions".into());
    let mut h = Html::default();
    h.el("section", &[("class", "login")], |h| {
        h.leaf("h1", &[], "Warden review");
        h.leaf(
            "p",
            &[],
            "Sign in with a reviewer token (the admin token is printed at the first start of `warden serve`; `warden reviewer add NAME --role R` issues more).",
        );
        h.el(
            "form",
            &[("id", "login"), ("data-next", &next), ("method", "post"), ("action", "/v1/review/login")],
            |h| {
                h.open(
                    "input",
                    &[
                        ("type", "password"),
                        ("name", "token"),
                        ("id", "token"),
                        ("autocomplete", "off"),
                        ("placeholder", "wrv_…"),
                        ("required", "required"),
                    ],
                );
                h.leaf("button", &[("type", "submit"), ("id", "login-submit")], "Sign in");
                h.leaf("p", &[("id", "login-error"), ("class", "error"), ("role", "alert")], "");
            },
        );
    });
    layout::bare(StatusCode::OK, "Sign in", h)
}
