//! How the proxies (MCP, model API) reach their upstreams and which headers they pass on,
//! shared so both forward alike.

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

/// The client's response head: the upstream's status and headers, less those never relayed.
pub(crate) fn response_head(upstream: &reqwest::Response) -> axum::http::response::Builder {
    let mut out = axum::http::Response::builder().status(upstream.status().as_u16());
    if let Some(headers) = out.headers_mut() {
        headers.reserve(upstream.headers().len());
        for (k, v) in upstream.headers() {
            if !skip_response_header(k) {
                headers.append(k.clone(), v.clone());
            }
        }
    }
    out
}

/// Longest wait to connect to an upstream. A request is not timed as a whole (SSE streams and
/// held calls last as long as they need), but an upstream that never accepts the connection
/// gets a 502 with a clear message within this, not after the OS gives up minutes later.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The HTTP client a proxy reaches its upstreams with.
pub(crate) fn upstream_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .tcp_nodelay(true)
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .unwrap_or_default()
}
