//! Approval requests: a call held for a reviewer, bound to the exact call.
//!
//! A request records who asked (agent, task, session), what (server, tool, the digest of the
//! exact arguments) under which policy-set version, and until when. Reviewers approve or deny
//! it with a reason: it needs `required` approvals from distinct reviewers allowed to decide
//! it ([`config::ApprovalRule`]), any deny wins at once, and expiry is a deny. A reviewer never
//! decides what an agent they own asked for. An approved request lets that call, and only that
//! call with those arguments, run once.
//!
//! Requests persist in `<data>/approvals.db`, or in the fleet's PostgreSQL ([`store`],
//! [`store_pg`]: a decision on one gateway reaches the calls held on every other through
//! [`Approvals::merge`]), and every change is announced to the configured webhook ([`webhook`]). Every opening and decision is also an `approval` event of
//! the record (written by the routes and sources that open and decide them).

pub mod config;
pub mod hook_hold;
mod store;
pub mod store_pg;
pub mod webhook;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

pub use config::{ApprovalRule, ApprovalsConfig, Gate, WebhookConfig};
pub use store::{ApprovalDb, SqliteApprovals, StoredApproval};
use webhook::Notifier;

use crate::review::{Reviewer, Role};

/// Where a request stands. Flattened into [`ApprovalRequest`], whose `reason` is why approval
/// was asked for: the deciding reviewer's reason is `decision_reason`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ApprovalState {
    #[default]
    Pending,
    Approved {
        by: String,
        #[serde(rename = "decision_reason")]
        reason: String,
    },
    Denied {
        by: String,
        #[serde(rename = "decision_reason")]
        reason: String,
    },
    Expired,
}

impl ApprovalState {
    pub fn name(&self) -> &'static str {
        match self {
            ApprovalState::Pending => "pending",
            ApprovalState::Approved { .. } => "approved",
            ApprovalState::Denied { .. } => "denied",
            ApprovalState::Expired => "expired",
        }
    }
}

/// One reviewer's decision on a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub by: String,
    pub approve: bool,
    pub reason: String,
    pub at: String,
}

/// What is awaiting approval.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// Approvals from distinct reviewers needed (set when the request opens).
    #[serde(default)]
    pub required: u32,
    /// Reviewers allowed to decide; empty: any reviewer with `min_role`.
    #[serde(default)]
    pub deciders: Vec<String>,
    /// Lowest role allowed to decide.
    #[serde(default)]
    pub min_role: Option<Role>,
    /// Decisions so far, in order.
    #[serde(default)]
    pub votes: Vec<Vote>,
}

struct Entry {
    request: ApprovalRequest,
    /// Unix milliseconds: a wall-clock deadline survives a restart.
    deadline_ms: i64,
    /// The stored revision this copy is at.
    rev: i64,
    changed: watch::Sender<ApprovalState>,
}

impl Entry {
    fn from_stored(s: StoredApproval) -> Self {
        let (changed, _) = watch::channel(s.request.state.clone());
        Self {
            request: s.request,
            deadline_ms: s.deadline_ms,
            rev: s.rev,
            changed,
        }
    }

    /// Takes the stored version; wakes whoever waits on a decision it carries.
    fn apply(&mut self, s: StoredApproval) {
        self.request = s.request;
        self.deadline_ms = s.deadline_ms;
        self.rev = s.rev;
        if self.request.state != ApprovalState::Pending {
            let _ = self.changed.send(self.request.state.clone());
        }
    }
}

/// How a write ended.
enum Written {
    Done,
    /// Another gateway changed the request first; the entry now holds its version.
    Conflict,
}

/// Attempts at a decision or a use that race with other gateways.
const ATTEMPTS: usize = 4;

/// Bound on requests remembered; decided ones are dropped first.
const MAX_REQUESTS: usize = 10_000;

pub struct Approvals {
    entries: Mutex<HashMap<String, Entry>>,
    db: Option<Arc<dyn ApprovalDb>>,
    config: ApprovalsConfig,
    notifier: Option<Notifier>,
}

impl Default for Approvals {
    fn default() -> Self {
        Self::new(ApprovalsConfig::default())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ApprovalError {
    #[error("no approval request {0}; `warden approvals list` shows the open ones")]
    Unknown(String),
    #[error("approval request {0} is already decided")]
    Decided(String),
    #[error("a decision needs a reason (--reason \"…\")")]
    NoReason,
    #[error("{reviewer} owns agent {agent}, which asked for this approval: another reviewer must decide")]
    OwnAgent { reviewer: String, agent: String },
    #[error("{0}")]
    NotAllowed(String),
    #[error(
        "{0} already decided on approval request {1}; another reviewer must add the next approval"
    )]
    AlreadyVoted(String, String),
    #[error("the approval store failed: {0}")]
    Store(String),
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Approvals {
    /// Requests kept in memory only (the embedded gateway, tests).
    pub fn new(config: ApprovalsConfig) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            db: None,
            config,
            notifier: None,
        }
    }

    /// Requests persisted in `db` (loaded now), announced to `notifier`.
    pub fn persistent(
        db: Arc<dyn ApprovalDb>,
        config: ApprovalsConfig,
        notifier: Option<Notifier>,
    ) -> Result<Self, String> {
        let mut map = HashMap::new();
        for stored in db.load(now_ms())? {
            map.insert(stored.request.id.clone(), Entry::from_stored(stored));
        }
        Ok(Self {
            entries: Mutex::new(map),
            db: Some(db),
            config,
            notifier,
        })
    }

    pub fn config(&self) -> &ApprovalsConfig {
        &self.config
    }

    /// How long a request stays open.
    pub fn ttl(&self) -> Duration {
        Duration::from_secs(self.config.ttl_secs)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        match self.entries.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// Writes `next` as the entry's new version (kept only once written).
    fn write(&self, e: &mut Entry, next: ApprovalRequest) -> Result<Written, ApprovalError> {
        let Some(db) = &self.db else {
            e.request = next;
            return Ok(Written::Done);
        };
        if db
            .save(&next, e.deadline_ms, e.rev + 1)
            .map_err(ApprovalError::Store)?
        {
            e.request = next;
            e.rev += 1;
            return Ok(Written::Done);
        }
        match db.load_one(&e.request.id) {
            Ok(Some(fresh)) => e.apply(fresh),
            Ok(None) => {}
            Err(err) => return Err(ApprovalError::Store(err)),
        }
        Ok(Written::Conflict)
    }

    /// Takes a version written elsewhere (another gateway of the fleet) if it is newer than
    /// the copy here: a decision made there wakes the call held here.
    pub fn merge(&self, stored: StoredApproval) {
        let mut map = self.lock();
        match map.get_mut(&stored.request.id) {
            Some(e) if stored.rev > e.rev => e.apply(stored),
            Some(_) => {}
            None => {
                if map.len() >= MAX_REQUESTS {
                    Self::trim(&mut map);
                }
                map.insert(stored.request.id.clone(), Entry::from_stored(stored));
            }
        }
    }

    /// Drops decided and expired requests.
    fn trim(map: &mut HashMap<String, Entry>) {
        let now = now_ms();
        map.retain(|_, e| e.request.state == ApprovalState::Pending && e.deadline_ms > now);
    }

    fn notify(&self, event: &str, request: &ApprovalRequest) {
        if let Some(n) = &self.notifier {
            n.notify(event, request);
        }
    }

    /// Opens a request, denied by expiry after `ttl`. Its threshold and deciders come from the
    /// first matching `[[approvals.rules]]`.
    pub fn open(&self, mut request: ApprovalRequest, ttl: Duration) -> ApprovalRequest {
        let gate = self.config.gate_for(&request.agent, &request.tool);
        request.state = ApprovalState::Pending;
        request.expires_in_s = ttl.as_secs();
        request.required = gate.required;
        request.deciders = gate.reviewers;
        request.min_role = Some(gate.min_role);
        request.votes.clear();
        request.used = false;
        let mut entry = Entry::from_stored(StoredApproval {
            request: request.clone(),
            deadline_ms: now_ms() + ttl.as_millis() as i64,
            rev: 0,
        });
        // Not persisted: the request still holds its call in memory, and expiry denies it.
        if let Err(e) = self.write(&mut entry, request.clone()) {
            tracing::error!(error = %e, "an approval request could not be persisted");
        }
        let mut map = self.lock();
        if map.len() >= MAX_REQUESTS {
            Self::trim(&mut map);
        }
        map.insert(request.id.clone(), entry);
        drop(map);
        self.notify("approval.opened", &request);
        request
    }

    /// Expires a pending request past its deadline; updates `expires_in_s`.
    fn refresh(&self, e: &mut Entry) {
        let now = now_ms();
        if e.request.state == ApprovalState::Pending && now >= e.deadline_ms {
            let mut next = e.request.clone();
            next.state = ApprovalState::Expired;
            next.expires_in_s = 0;
            match self.write(e, next.clone()) {
                Ok(Written::Done) => self.notify("approval.expired", &e.request),
                // Decided (or expired) elsewhere first: the entry holds that version now.
                Ok(Written::Conflict) => {}
                Err(err) => {
                    // Expiry is a deny whether or not it is written.
                    tracing::error!(error = %err, "an expired approval request could not be persisted");
                    e.request = next;
                }
            }
            if e.request.state != ApprovalState::Pending {
                let _ = e.changed.send(e.request.state.clone());
            }
        }
        e.request.expires_in_s = ((e.deadline_ms - now).max(0) / 1000) as u64;
    }

    pub fn get(&self, id: &str) -> Option<ApprovalRequest> {
        let mut map = self.lock();
        let e = map.get_mut(id)?;
        self.refresh(e);
        Some(e.request.clone())
    }

    /// Every request, pending ones first.
    pub fn list(&self) -> Vec<ApprovalRequest> {
        let mut map = self.lock();
        let mut all: Vec<ApprovalRequest> = map
            .values_mut()
            .map(|e| {
                self.refresh(e);
                e.request.clone()
            })
            .collect();
        all.sort_by_key(|r| (r.state != ApprovalState::Pending, r.opened_at.clone()));
        all
    }

    /// Records a reviewer's decision. `owned` are the agents the reviewer owns.
    pub fn decide(
        &self,
        id: &str,
        approve: bool,
        reviewer: &Reviewer,
        owned: &[String],
        reason: &str,
    ) -> Result<ApprovalRequest, ApprovalError> {
        if reason.trim().is_empty() {
            return Err(ApprovalError::NoReason);
        }
        let mut map = self.lock();
        let e = map
            .get_mut(id)
            .ok_or_else(|| ApprovalError::Unknown(id.to_owned()))?;
        for _ in 0..ATTEMPTS {
            self.refresh(e);
            check_decider(&e.request, reviewer, owned)?;
            let next = with_vote(&e.request, approve, &reviewer.name, reason);
            if let Written::Conflict = self.write(e, next)? {
                continue; // decided or voted on elsewhere meanwhile: check again
            }
            if e.request.state != ApprovalState::Pending {
                let _ = e.changed.send(e.request.state.clone());
            }
            let decided = e.request.clone();
            drop(map);
            self.notify("approval.decided", &decided);
            return Ok(decided);
        }
        Err(ApprovalError::Store(format!(
            "approval request {id} kept changing on other gateways; try again"
        )))
    }

    /// A request of this exact call (agent, task, tool, arguments, policy version) that is
    /// approved and unused, else one still pending: a retried call reuses it rather than
    /// opening another.
    pub fn find_for_call(
        &self,
        agent: &str,
        task: &str,
        tool: &str,
        args_digest: &str,
        policy_version: &str,
    ) -> Option<ApprovalRequest> {
        let mut map = self.lock();
        let mut pending = None;
        for e in map.values_mut() {
            let r = &e.request;
            if r.agent != agent
                || r.task_id != task
                || r.tool != tool
                || r.args_digest != args_digest
                || r.policy_version != policy_version
            {
                continue;
            }
            self.refresh(e);
            match &e.request.state {
                ApprovalState::Approved { .. } if !e.request.used => {
                    return Some(e.request.clone())
                }
                ApprovalState::Pending => pending = Some(e.request.clone()),
                _ => {}
            }
        }
        pending
    }

    /// Waits until the request is decided or expires (or `max` passes: `Pending`).
    pub async fn wait(&self, id: &str, max: Duration) -> ApprovalState {
        let (mut rx, deadline_ms) = {
            let mut map = self.lock();
            let Some(e) = map.get_mut(id) else {
                return ApprovalState::Expired;
            };
            self.refresh(e);
            if e.request.state != ApprovalState::Pending {
                return e.request.state.clone();
            }
            (e.changed.subscribe(), e.deadline_ms)
        };
        let left = Duration::from_millis((deadline_ms - now_ms()).max(0) as u64);
        let until = Instant::now() + left.min(max);
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
        for _ in 0..ATTEMPTS {
            self.refresh(e);
            let ok = matches!(e.request.state, ApprovalState::Approved { .. })
                && !e.request.used
                && e.request.tool == tool
                && e.request.args_digest == args_digest;
            if !ok {
                return false;
            }
            let mut next = e.request.clone();
            next.used = true;
            // Fail closed: an approval whose use cannot be written is not used; one used on
            // another gateway first is seen as used on the next attempt.
            match self.write(e, next) {
                Ok(Written::Done) => return true,
                Ok(Written::Conflict) => continue,
                Err(err) => {
                    tracing::error!(error = %err, "could not persist the use of an approval; the call is refused");
                    return false;
                }
            }
        }
        false
    }
}

/// `request` with one more vote, decided if that vote settles it (any deny does).
fn with_vote(request: &ApprovalRequest, approve: bool, by: &str, reason: &str) -> ApprovalRequest {
    let mut next = request.clone();
    next.votes.push(Vote {
        by: by.to_owned(),
        approve,
        reason: reason.to_owned(),
        at: crate::pipeline::now().to_string(),
    });
    let approvals: Vec<&str> = next
        .votes
        .iter()
        .filter(|v| v.approve)
        .map(|v| v.by.as_str())
        .collect();
    if !approve {
        next.state = ApprovalState::Denied {
            by: by.to_owned(),
            reason: reason.to_owned(),
        };
    } else if approvals.len() as u32 >= next.required.max(1) {
        next.state = ApprovalState::Approved {
            by: approvals.join(", "),
            reason: reason.to_owned(),
        };
    }
    next
}

/// Whether `reviewer` may decide `request` now.
fn check_decider(
    request: &ApprovalRequest,
    reviewer: &Reviewer,
    owned: &[String],
) -> Result<(), ApprovalError> {
    if request.state != ApprovalState::Pending {
        return Err(ApprovalError::Decided(request.id.clone()));
    }
    if owned.contains(&request.agent) {
        return Err(ApprovalError::OwnAgent {
            reviewer: reviewer.name.clone(),
            agent: request.agent.clone(),
        });
    }
    let min = request.min_role.unwrap_or(Role::Approver);
    if reviewer.role < min {
        return Err(ApprovalError::NotAllowed(format!(
            "deciding this request needs the {min} role; {} is a {}",
            reviewer.name, reviewer.role
        )));
    }
    if !request.deciders.is_empty() && !request.deciders.contains(&reviewer.name) {
        return Err(ApprovalError::NotAllowed(format!(
            "only {} may decide requests of {} for {}",
            request.deciders.join(", "),
            request.agent,
            request.tool
        )));
    }
    if request.votes.iter().any(|v| v.by == reviewer.name) {
        return Err(ApprovalError::AlreadyVoted(
            reviewer.name.clone(),
            request.id.clone(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
