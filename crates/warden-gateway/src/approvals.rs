//! Approval requests: a call held for a reviewer, bound to the exact call.
//!
//! A request records who asked (agent, task, session), what (server, tool, the digest of the
//! exact arguments) under which policy-set version, and until when. A reviewer approves or
//! denies it with a reason; expiry is a deny. An approved request lets that call, and only
//! that call with those arguments, run once.
//!
//! Every opening and every decision is an `approval` event of the record. Reviewer access
//! control (roles, agents refused) belongs to the human-oversight work; until it lands the
//! endpoints are as reachable as the rest of the loopback API.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::watch;

/// Where a request stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ApprovalState {
    Pending,
    Approved { by: String, reason: String },
    Denied { by: String, reason: String },
    Expired,
}

/// What is awaiting approval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApprovalRequest {
    pub id: String,
    pub agent: String,
    pub task_id: String,
    pub session_id: String,
    pub server: Option<String>,
    pub tool: String,
    /// `sha256:<hex>` of the canonical arguments.
    pub args_digest: String,
    pub policy_version: String,
    pub reason: String,
    /// The decision event that asked for approval.
    pub decision_id: Option<String>,
    pub opened_at: String,
    pub expires_in_s: u64,
    #[serde(flatten)]
    pub state: ApprovalState,
    /// The approved call already ran (an approval is good for one call).
    pub used: bool,
}

struct Entry {
    request: ApprovalRequest,
    deadline: Instant,
    changed: watch::Sender<ApprovalState>,
}

/// Bound on requests remembered; decided ones are dropped first.
const MAX_REQUESTS: usize = 10_000;

#[derive(Default)]
pub struct Approvals {
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ApprovalError {
    #[error("no approval request {0}; `warden approvals list` shows the open ones")]
    Unknown(String),
    #[error("approval request {0} is already decided")]
    Decided(String),
    #[error("a decision needs a reason")]
    NoReason,
}

impl Approvals {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        match self.entries.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// Opens a request; `ttl` after which it is denied by expiry.
    pub fn open(&self, mut request: ApprovalRequest, ttl: Duration) -> ApprovalRequest {
        request.state = ApprovalState::Pending;
        request.expires_in_s = ttl.as_secs();
        let (tx, _) = watch::channel(ApprovalState::Pending);
        let mut map = self.lock();
        if map.len() >= MAX_REQUESTS {
            let now = Instant::now();
            map.retain(|_, e| e.request.state == ApprovalState::Pending && e.deadline > now);
        }
        map.insert(
            request.id.clone(),
            Entry {
                request: request.clone(),
                deadline: Instant::now() + ttl,
                changed: tx,
            },
        );
        request
    }

    fn refresh(e: &mut Entry) {
        if e.request.state == ApprovalState::Pending && Instant::now() >= e.deadline {
            e.request.state = ApprovalState::Expired;
            let _ = e.changed.send(ApprovalState::Expired);
        }
        e.request.expires_in_s = e
            .deadline
            .saturating_duration_since(Instant::now())
            .as_secs();
    }

    pub fn get(&self, id: &str) -> Option<ApprovalRequest> {
        let mut map = self.lock();
        let e = map.get_mut(id)?;
        Self::refresh(e);
        Some(e.request.clone())
    }

    /// Every request, pending ones first.
    pub fn list(&self) -> Vec<ApprovalRequest> {
        let mut map = self.lock();
        let mut all: Vec<ApprovalRequest> = map
            .values_mut()
            .map(|e| {
                Self::refresh(e);
                e.request.clone()
            })
            .collect();
        all.sort_by_key(|r| (r.state != ApprovalState::Pending, r.opened_at.clone()));
        all
    }

    /// Records a reviewer's decision.
    pub fn decide(
        &self,
        id: &str,
        approve: bool,
        by: &str,
        reason: &str,
    ) -> Result<ApprovalRequest, ApprovalError> {
        if reason.trim().is_empty() {
            return Err(ApprovalError::NoReason);
        }
        let mut map = self.lock();
        let e = map
            .get_mut(id)
            .ok_or_else(|| ApprovalError::Unknown(id.to_owned()))?;
        Self::refresh(e);
        if e.request.state != ApprovalState::Pending {
            return Err(ApprovalError::Decided(id.to_owned()));
        }
        let state = if approve {
            ApprovalState::Approved {
                by: by.to_owned(),
                reason: reason.to_owned(),
            }
        } else {
            ApprovalState::Denied {
                by: by.to_owned(),
                reason: reason.to_owned(),
            }
        };
        e.request.state = state.clone();
        let _ = e.changed.send(state);
        Ok(e.request.clone())
    }

    /// Waits until the request is decided or expires (or `max` passes: `Pending`).
    pub async fn wait(&self, id: &str, max: Duration) -> ApprovalState {
        let (mut rx, deadline) = {
            let mut map = self.lock();
            let Some(e) = map.get_mut(id) else {
                return ApprovalState::Expired;
            };
            Self::refresh(e);
            if e.request.state != ApprovalState::Pending {
                return e.request.state.clone();
            }
            (e.changed.subscribe(), e.deadline)
        };
        let until = deadline.min(Instant::now() + max);
        let decided = tokio::time::timeout_at(until.into(), async {
            loop {
                if rx.changed().await.is_err() {
                    return ApprovalState::Expired;
                }
                let s = rx.borrow().clone();
                if s != ApprovalState::Pending {
                    return s;
                }
            }
        })
        .await;
        match decided {
            Ok(s) => s,
            Err(_) => self
                .get(id)
                .map(|r| r.state)
                .unwrap_or(ApprovalState::Expired),
        }
    }

    /// Uses an approval for the call it was granted for: true once, for an approved request
    /// whose binding matches.
    pub fn consume(&self, id: &str, tool: &str, args_digest: &str) -> bool {
        let mut map = self.lock();
        let Some(e) = map.get_mut(id) else {
            return false;
        };
        Self::refresh(e);
        let ok = matches!(e.request.state, ApprovalState::Approved { .. })
            && !e.request.used
            && e.request.tool == tool
            && e.request.args_digest == args_digest;
        if ok {
            e.request.used = true;
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(id: &str) -> ApprovalRequest {
        ApprovalRequest {
            id: id.into(),
            agent: "a".into(),
            task_id: "t".into(),
            session_id: "s".into(),
            server: Some("bank".into()),
            tool: "transfer".into(),
            args_digest: "sha256:1".into(),
            policy_version: "p".into(),
            reason: "high value".into(),
            decision_id: None,
            opened_at: "2026-01-01T00:00:00Z".into(),
            expires_in_s: 0,
            state: ApprovalState::Pending,
            used: false,
        }
    }

    #[tokio::test]
    async fn an_approval_is_good_for_one_matching_call() {
        let a = Approvals::default();
        a.open(req("x"), Duration::from_secs(60));
        assert!(!a.consume("x", "transfer", "sha256:1"));
        assert_eq!(
            a.decide("x", true, "rev", " "),
            Err(ApprovalError::NoReason)
        );
        a.decide("x", true, "rev", "checked with finance").unwrap();
        assert!(matches!(
            a.wait("x", Duration::from_secs(1)).await,
            ApprovalState::Approved { .. }
        ));
        assert!(!a.consume("x", "transfer", "sha256:2"), "other arguments");
        assert!(a.consume("x", "transfer", "sha256:1"));
        assert!(!a.consume("x", "transfer", "sha256:1"), "single use");
        assert_eq!(
            a.decide("x", false, "rev", "late"),
            Err(ApprovalError::Decided("x".into()))
        );
    }

    #[tokio::test]
    async fn expiry_denies_and_waiters_wake_on_decisions() {
        let a = std::sync::Arc::new(Approvals::default());
        a.open(req("e"), Duration::from_millis(20));
        assert_eq!(
            a.wait("e", Duration::from_secs(5)).await,
            ApprovalState::Expired
        );
        a.open(req("w"), Duration::from_secs(60));
        let a2 = a.clone();
        let waiter = tokio::spawn(async move { a2.wait("w", Duration::from_secs(5)).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        a.decide("w", false, "rev", "not this account").unwrap();
        assert!(matches!(
            waiter.await.unwrap(),
            ApprovalState::Denied { .. }
        ));
    }
}
