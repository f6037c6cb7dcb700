//! Which headers a proxy (the MCP proxy, the model API proxy) passes on, shared so both
//! forward alike.

use axum::http::HeaderName;

/// Request headers never forwarded: hop-by-hop, recomputed, or Warden's own.
pub(crate) fn skip_request_header(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "host"
            | "content-length"
            | "connection"
            | "keep-alive"
            | "proxy-connection"
            | "transfer-encoding"
            | "te"
            | "trailer"
            | "upgrade"
            | "proxy-authorization"
            // Warden reads the answer: ask the upstream for it uncompressed.
            | "accept-encoding"
            | "warden-session"
    )
}

/// Response headers never relayed: hop-by-hop or recomputed.
pub(crate) fn skip_response_header(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "content-length"
            | "connection"
            | "keep-alive"
            | "transfer-encoding"
            | "trailer"
            | "upgrade"
    )
}
