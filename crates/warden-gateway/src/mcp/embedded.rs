//! The gateway without its HTTP server, for `warden mcp wrap` run without `--gateway`: the
//! same pipeline and tap over a local data directory, so a wrapped server is recorded, gated
//! and pinned exactly as through a running gateway.

use std::sync::Arc;
use std::time::Duration;

use warden_core::{SessionId, Source};
use warden_store::{DataDir, Store};

use super::tap::{ClientAction, Held};
use super::{new_session, ConnHandle};
use crate::approvals::ApprovalState;
use crate::config::{Config, Mode};
use crate::server::{build_state, AppState};

pub struct Embedded {
    state: Arc<AppState>,
    store: Store,
}

impl Embedded {
    /// Opens the data directory (taking its writer lock: a gateway already running on it
    /// must be used through `--gateway` instead).
    pub async fn open(config: &Config, data: &DataDir) -> Result<Self, String> {
        let d = data.clone();
        let options = crate::fleet::store_options(config)?;
        let store = tokio::task::spawn_blocking(move || Store::open(&d, options))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        let addr = config.gateway.listen;
        let state = Arc::new(build_state(config, data, store.clone(), addr)?);
        Ok(Self { state, store })
    }

    pub fn mode(&self) -> Mode {
        self.state.pipeline.mode()
    }

    pub fn connect(&self, server: &str, session: Option<SessionId>) -> ConnHandle {
        let key = format!("stdio:{}", uuid::Uuid::now_v7());
        self.state.mcp.open(
            key,
            server,
            session.unwrap_or_else(new_session),
            Source::McpStdio,
            self.state.local_agent.clone(),
        )
    }

    pub async fn client(&self, conn: &ConnHandle, raw: &str) -> ClientAction {
        self.state
            .mcp
            .tap
            .client(&self.state.pipeline, conn, raw)
            .await
    }

    pub async fn server(&self, conn: &ConnHandle, raw: &str) {
        self.state
            .mcp
            .tap
            .server(&self.state.pipeline, conn, raw)
            .await
    }

    pub async fn wait_approval(&self, id: &str, max: Duration) -> ApprovalState {
        self.state.mcp.tap.approvals.wait(id, max).await
    }

    /// Secrets for a wrapped server's environment (`ENV → secret name`), leased to the task
    /// whose token is `token`; each release is recorded as a `secret_access` event.
    pub async fn release_env(
        &self,
        token: &str,
        server: &str,
        secrets: &std::collections::BTreeMap<String, String>,
        session: Option<SessionId>,
    ) -> Result<std::collections::BTreeMap<String, String>, String> {
        crate::identity::release_env_for_token(
            &self.state.pipeline,
            token,
            server,
            secrets,
            session,
        )
        .await
    }

    pub fn after_hold(&self, held: &Held, state: &ApprovalState) -> Result<(), String> {
        self.state.mcp.tap.after_hold(held, state)
    }

    /// Signs a final checkpoint and releases the data directory.
    pub async fn close(self) -> Result<(), String> {
        let Embedded { state, store } = self;
        // Every recording was queued before its call returned; closing drains the queue. The
        // spool first writes what it was handed (and delivers it if the log takes it now).
        tokio::task::spawn_blocking(move || {
            state.pipeline.stop_spool();
            drop(state);
            store.close()
        })
        .await
        .map_err(|e| e.to_string())?
        .map(|_| ())
        .map_err(|e| e.to_string())
    }
}
