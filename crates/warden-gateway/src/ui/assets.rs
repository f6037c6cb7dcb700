//! The UI's stylesheet and script, embedded in the binary: no toolchain, no CDN, and a CSP of
//! `'self'` covers them.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("assets/ui.css");
const JS: &str = include_str!("assets/ui.js");

pub(crate) async fn serve(Path(name): Path<String>) -> Response {
    let (ctype, body) = match name.as_str() {
        "ui.css" => ("text/css; charset=utf-8", CSS),
        "ui.js" => ("text/javascript; charset=utf-8", JS),
        _ => return (StatusCode::NOT_FOUND, "no such asset").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, ctype),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        body,
    )
        .into_response()
}
