//! What detectors report.

use std::fmt;

use serde::{Deserialize, Serialize};
use warden_core::{AgentRef, EventId, SessionId, TaskId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

/// The response a detector asks the gateway to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    Alert,
    Block,
    RequireApproval,
    RequireApprovalForSession,
    RevokeTask,
    EndSession,
    Throttle,
    Quarantine,
    Redact,
    TaintSession,
}

impl Response {
    pub fn as_str(&self) -> &'static str {
        match self {
            Response::Alert => "alert",
            Response::Block => "block",
            Response::RequireApproval => "require_approval",
            Response::RequireApprovalForSession => "require_approval_for_session",
            Response::RevokeTask => "revoke_task",
            Response::EndSession => "end_session",
            Response::Throttle => "throttle",
            Response::Quarantine => "quarantine",
            Response::Redact => "redact",
            Response::TaintSession => "taint_session",
        }
    }
}

impl fmt::Display for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A detector's finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// The detector id (see `catalogue`).
    pub rule: &'static str,
    pub severity: Severity,
    /// Framework tags: OWASP ASI/NHI, MITRE ATLAS, CSA MAESTRO, NIST AI RMF.
    pub tags: Vec<&'static str>,
    /// Every event that makes up the pattern, oldest first; the completing event is last.
    pub evidence: Vec<EventId>,
    pub session: SessionId,
    pub task: TaskId,
    pub agent: AgentRef,
    pub response: Response,
    /// For a reviewer; never contains secret values.
    pub summary: String,
}
