//! MCP capture and control in the gateway.
//!
//! - [`tap`]: what happens to each message, whatever the transport (record, gate, pin);
//! - [`http`]: the Streamable HTTP proxy at `/mcp/NAME`, both spec eras;
//! - [`routes`]: the API `warden mcp wrap` uses to hand its stdio traffic to the gateway, and
//!   the pin and approval endpoints.
//!
//! Transports forward the bytes they received; the tap only reads them (see `warden-mcp`).

pub mod config;
pub mod embedded;
pub mod http;
pub mod links;
pub mod routes;
pub mod stdio_upstream;
pub mod tap;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use warden_core::{AgentRef, SessionId, Source};

pub use config::{McpConfig, Upstream};
pub use embedded::Embedded;
pub use tap::{ClientAction, Conn, ConnHandle, Held, McpTap};

/// Bound on connections remembered; past it the oldest-created are forgotten (their later
/// messages start a new Warden session).
const MAX_CONNS: usize = 50_000;

/// The gateway's MCP state: the tap, the configured upstreams and the live connections.
pub struct McpHub {
    pub tap: McpTap,
    pub upstreams: BTreeMap<String, Upstream>,
    conns: Mutex<HashMap<String, ConnHandle>>,
    pub(crate) client: reqwest::Client,
    /// The HTTP upstreams' URLs, parsed once rather than on every request.
    urls: HashMap<String, reqwest::Url>,
    /// Stdio upstreams the gateway started, one per MCP session.
    pub processes: stdio_upstream::Processes,
    /// Bounds the messages being tapped beside their requests (observe mode): past it a
    /// request waits for a slot rather than let the backlog grow without limit.
    pub(crate) tap_slots: Arc<tokio::sync::Semaphore>,
}

/// Messages tapped off the request path at once, at most.
const TAP_SLOTS: usize = 1024;

impl McpHub {
    pub fn new(tap: McpTap, upstreams: BTreeMap<String, Upstream>) -> Self {
        let client = crate::forward::upstream_client();
        let urls = upstreams
            .values()
            .filter_map(|u| u.url.as_deref())
            .filter_map(|u| Some((u.to_owned(), reqwest::Url::parse(u).ok()?)))
            .collect();
        Self {
            tap,
            upstreams,
            conns: Mutex::new(HashMap::new()),
            client,
            urls,
            processes: Default::default(),
            tap_slots: Arc::new(tokio::sync::Semaphore::new(TAP_SLOTS)),
        }
    }

    /// Waits (at most 10 s) until every message being tapped off the request path has been
    /// handed to the store: called before the store closes.
    pub async fn drain(&self) {
        let all = self.tap_slots.acquire_many(TAP_SLOTS as u32);
        if let Ok(Ok(permits)) = tokio::time::timeout(std::time::Duration::from_secs(10), all).await
        {
            drop(permits);
        } else {
            tracing::warn!("MCP messages were still being recorded at shutdown");
        }
    }

    /// A request to an upstream's `url` (parsed at start-up when it is a configured one).
    pub(crate) fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        match self.urls.get(url) {
            Some(parsed) => self.client.request(method, parsed.clone()),
            None => self.client.request(method, url),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, ConnHandle>> {
        match self.conns.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// The connection registered under `key`, if any.
    pub fn conn(&self, key: &str) -> Option<ConnHandle> {
        self.lock().get(key).cloned()
    }

    /// Registers a new connection under `key` (replacing any) and returns it.
    pub fn open(
        &self,
        key: String,
        server: &str,
        session: SessionId,
        source: Source,
        agent: AgentRef,
    ) -> ConnHandle {
        let handle = Arc::new(Mutex::new(Conn::new(server, session, source, agent)));
        let mut map = self.lock();
        if map.len() >= MAX_CONNS {
            map.clear();
        }
        map.insert(key, handle.clone());
        handle
    }

    /// Registers an existing connection under another key (an HTTP session id learnt from
    /// the upstream's answer to `initialize`).
    pub fn alias(&self, key: String, conn: &ConnHandle) {
        self.lock().insert(key, conn.clone());
    }

    pub fn close(&self, key: &str) -> Option<ConnHandle> {
        self.lock().remove(key)
    }
}

/// A fresh session id for a connection that names none.
pub fn new_session() -> SessionId {
    let id = uuid::Uuid::now_v7().to_string();
    // A UUID is always a valid session id.
    SessionId::new(id).unwrap_or_else(|_| unreachable!("a UUID is a valid session id"))
}
