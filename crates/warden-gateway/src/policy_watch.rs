//! Hot reload of a policy directory: poll its files once a second; load a changed set into the
//! shared engine if it validates, keep the last good set if it does not; record both.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::json;
use warden_core::{Draft, EventKind, SessionId, Source};

use crate::server::AppState;

/// What identifies the directory's content cheaply: names, sizes and modification times.
fn fingerprint(dir: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| {
                    e.path()
                        .extension()
                        .is_some_and(|x| x == "cedar" || x == "cedarschema")
                })
                .filter_map(|e| {
                    e.metadata()
                        .ok()
                        .map(|m| (e.path(), m.len(), m.modified().ok()))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Watches `dir` until the state is dropped.
pub fn spawn(state: std::sync::Weak<AppState>, dir: PathBuf) {
    tokio::spawn(async move {
        let mut last = fingerprint(&dir);
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let Some(state) = state.upgrade() else { return };
            let now = fingerprint(&dir);
            if now == last {
                continue;
            }
            last = now;
            reload(&state, &dir).await;
        }
    });
}

async fn reload(state: &Arc<AppState>, dir: &Path) {
    let engine = state.pipeline.decider().engine().clone();
    let dir_owned = dir.to_path_buf();
    let result = tokio::task::spawn_blocking(move || engine.reload_from_dir(&dir_owned)).await;
    let body = match result {
        Ok(Ok(version)) => {
            tracing::info!(%version, dir = %dir.display(), "policy set reloaded");
            json!({"event": "policy_loaded", "dir": dir.display().to_string(), "policy_version": version})
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "policy change refused; the last good set stays in force");
            json!({"event": "policy_rejected", "dir": dir.display().to_string(), "error": e.to_string(),
                   "policy_version": state.pipeline.decider().engine().version()})
        }
        Err(e) => {
            tracing::error!(error = %e, "policy reload task failed");
            return;
        }
    };
    let Ok(session) = SessionId::new("gateway:policy") else {
        return;
    };
    let draft = Draft::new(EventKind::Other, session, body);
    if let Err(e) = state
        .pipeline
        .record(vec![draft], Source::Gateway, &state.local_agent)
        .await
    {
        tracing::error!(error = %e, "could not record the policy change");
    }
}
