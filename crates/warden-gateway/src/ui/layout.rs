//! The page shell: head (stylesheet, script), navigation, the signed-in reviewer.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::html::Html;
use crate::review::Reviewer;

/// The navigation entries: (path, label).
const NAV: &[(&str, &str)] = &[
    ("/ui/sessions", "Sessions"),
    ("/ui/alerts", "Alerts"),
    ("/ui/approvals", "Approvals"),
    ("/ui/agents", "Agents"),
    ("/ui/search", "Search"),
    ("/ui/integrity", "Integrity"),
];

fn head(h: &mut Html, title: &str) {
    h.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<link rel=\"stylesheet\" href=\"/ui/assets/ui.css\">")
        .raw("<script src=\"/ui/assets/ui.js\" defer></script>");
    h.el("title", &[], |h| {
        h.text(title).raw(" · Warden");
    });
    h.raw("</head>");
}

/// A full page for a signed-in reviewer; `active` is the nav path to highlight.
pub(crate) fn page(who: &Reviewer, active: &str, title: &str, body: Html) -> Response {
    let mut h = Html::with_capacity(body.len() + 2048);
    head(&mut h, title);
    h.open("body", &[("data-role", who.role.as_str())]);
    h.el("header", &[], |h| {
        h.leaf(
            "a",
            &[("href", "/ui/sessions"), ("class", "brand")],
            "Warden",
        );
        h.el("nav", &[], |h| {
            for (path, label) in NAV {
                let class = if *path == active { "active" } else { "" };
                h.leaf("a", &[("href", path), ("class", class)], label);
            }
        });
        h.el("span", &[("class", "who")], |h| {
            h.text(&who.name).raw(" · ").text(who.role.as_str());
            h.leaf(
                "button",
                &[("type", "button"), ("id", "logout")],
                "Sign out",
            );
        });
    });
    h.open("main", &[]);
    h.append(body);
    h.raw("</main></body></html>");
    html_response(StatusCode::OK, h)
}

/// A page without navigation (sign-in).
pub(crate) fn bare(status: StatusCode, title: &str, body: Html) -> Response {
    let mut h = Html::default();
    head(&mut h, title);
    h.raw("<body><main>");
    h.append(body);
    h.raw("</main></body></html>");
    html_response(status, h)
}

/// An error as a page: what went wrong and what to do.
pub(crate) fn error_page(status: StatusCode, title: &str, detail: &str) -> Response {
    let mut h = Html::default();
    h.el("section", &[("class", "error-page")], |h| {
        h.leaf("h1", &[], title);
        h.leaf("p", &[], detail);
        h.leaf("a", &[("href", "/ui/sessions")], "Back to sessions");
    });
    bare(status, title, h)
}

pub(crate) fn html_response(status: StatusCode, h: Html) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        h.into_string(),
    )
        .into_response()
}

/// A fragment (live updates, timeline tail).
pub(crate) fn fragment(h: Html) -> Response {
    html_response(StatusCode::OK, h)
}
