//! Decisions, modes and explanations.
//!
//! A [`Decision`] carries two outcomes: [`Decision::would_be`] is what the policy set says
//! (what enforce mode does), [`Decision::effective`] is what the caller must do. In
//! [`Mode::Enforce`] they are equal; in [`Mode::Observe`] `effective` is always
//! [`Outcome::Allow`] and `would_be` is recorded. A gateway acts on `effective` and records both.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::request::AgentId;

/// Whether decisions block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Never blocks: `effective` is always allow; `would_be` records what enforce would do.
    Observe,
    /// Blocks: `effective == would_be`; errors deny.
    Enforce,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Observe => "observe",
            Mode::Enforce => "enforce",
        })
    }
}

/// Per-agent and per-task mode overrides. The most specific wins: a task override beats an
/// agent override, which beats the default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeOverrides {
    /// Mode when nothing more specific applies.
    pub default: Mode,
    /// By agent id.
    #[serde(default)]
    pub agents: BTreeMap<AgentId, Mode>,
    /// By task id.
    #[serde(default)]
    pub tasks: BTreeMap<String, Mode>,
}

impl ModeOverrides {
    /// No overrides.
    pub fn new(default: Mode) -> Self {
        Self {
            default,
            agents: BTreeMap::new(),
            tasks: BTreeMap::new(),
        }
    }

    /// The mode for a call by `agent` within `task`.
    pub fn resolve(&self, agent: &AgentId, task: Option<&str>) -> Mode {
        task.and_then(|t| self.tasks.get(t))
            .or_else(|| self.agents.get(agent))
            .copied()
            .unwrap_or(self.default)
    }
}

/// A policy verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Let the call run.
    Allow,
    /// Do not run the call.
    Deny,
    /// Hold the call until a reviewer (not the agent) approves it.
    ApprovalRequired,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Allow => "allow",
            Outcome::Deny => "deny",
            Outcome::ApprovalRequired => "approval required",
        })
    }
}

/// Something the caller must do along with the outcome, from `@obligation("…")` annotations.
/// `approval` on a `forbid` turns it into [`Outcome::ApprovalRequired`]; any other value is
/// passed through for the gateway (e.g. `alert`, `redact`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Obligation {
    /// A human reviewer must approve the exact call.
    Approval,
    /// Any other obligation, by name.
    Other(String),
}

impl Obligation {
    /// Parses one obligation name.
    pub fn parse(name: &str) -> Self {
        match name {
            "approval" => Obligation::Approval,
            other => Obligation::Other(other.to_owned()),
        }
    }

    /// The name as written in the annotation.
    pub fn as_str(&self) -> &str {
        match self {
            Obligation::Approval => "approval",
            Obligation::Other(s) => s,
        }
    }
}

impl From<String> for Obligation {
    fn from(s: String) -> Self {
        Obligation::parse(&s)
    }
}

impl From<Obligation> for String {
    fn from(o: Obligation) -> Self {
        o.as_str().to_owned()
    }
}

/// `permit` or `forbid`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyEffect {
    /// A permit.
    Permit,
    /// A forbid.
    Forbid,
}

/// What Warden knows about one loaded policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyInfo {
    /// Stable id: the `@id("…")` annotation, or `<file>#<n>` without one.
    pub id: String,
    /// Permit or forbid.
    pub effect: PolicyEffect,
    /// File it was loaded from.
    pub file: String,
    /// 1-based line of the policy in the file (0 if unknown).
    pub line: usize,
    /// The `@reason("…")` annotation: text for the agent and the user.
    pub reason: Option<String>,
    /// The `@obligation("…")` annotation, split on commas.
    pub obligations: Vec<Obligation>,
}

impl PolicyInfo {
    /// True if this is a forbid carrying the approval obligation.
    pub fn asks_approval(&self) -> bool {
        self.effect == PolicyEffect::Forbid && self.obligations.contains(&Obligation::Approval)
    }
}

/// Why a decision failed closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DecisionError {
    /// No policy set is loaded.
    NoPolicySet,
    /// The request could not be mapped onto the schema.
    Mapping {
        /// What went wrong.
        message: String,
    },
    /// One or more policies raised an error while evaluating.
    Evaluation {
        /// `(policy id, Cedar's message)`.
        errors: Vec<(String, String)>,
    },
}

impl fmt::Display for DecisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecisionError::NoPolicySet => f.write_str("no policy set is loaded"),
            DecisionError::Mapping { message } => {
                write!(
                    f,
                    "the request could not be mapped onto the schema: {message}"
                )
            }
            DecisionError::Evaluation { errors } => {
                f.write_str("policy evaluation failed: ")?;
                for (i, (id, msg)) in errors.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "`{id}`: {msg}")?;
                }
                Ok(())
            }
        }
    }
}

/// One decision, with everything needed to explain it later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The mode this decision was made in.
    pub mode: Mode,
    /// What the caller must do. Always `Allow` in observe mode.
    pub effective: Outcome,
    /// What the policy set says (what enforce mode does). Record this.
    pub would_be: Outcome,
    /// The deciding policies: the forbids behind a deny or an approval, the permits behind an
    /// allow; empty for a default deny or an error.
    pub policy_ids: Vec<String>,
    /// Text for the agent and the user: why, and what to do.
    pub reasons: Vec<String>,
    /// Obligations of the deciding policies (`approval` when approval is required).
    pub obligations: Vec<Obligation>,
    /// Every policy whose conditions held, permits and forbids, deciding or not.
    pub matched: Vec<Arc<PolicyInfo>>,
    /// `sha256:<hex>` of the policy set (empty when none is loaded).
    pub policy_version: String,
    /// Time spent deciding.
    #[serde(with = "duration_ns", rename = "eval_time_ns")]
    pub eval_time: Duration,
    /// Set when the decision failed closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<DecisionError>,
}

impl Decision {
    /// True if the caller may run the call now.
    pub fn is_allowed(&self) -> bool {
        self.effective == Outcome::Allow
    }

    /// Matched forbids.
    pub fn matched_forbids(&self) -> impl Iterator<Item = &PolicyInfo> {
        self.matched
            .iter()
            .map(|p| p.as_ref())
            .filter(|p| p.effect == PolicyEffect::Forbid)
    }

    /// Matched permits.
    pub fn matched_permits(&self) -> impl Iterator<Item = &PolicyInfo> {
        self.matched
            .iter()
            .map(|p| p.as_ref())
            .filter(|p| p.effect == PolicyEffect::Permit)
    }

    /// One line for the agent: the outcome and the reasons.
    pub fn message(&self) -> String {
        let mut s = match self.would_be {
            Outcome::Allow => "Allowed by Warden policy".to_owned(),
            Outcome::Deny => "Denied by Warden policy".to_owned(),
            Outcome::ApprovalRequired => "Held by Warden policy for human approval".to_owned(),
        };
        if !self.policy_ids.is_empty() {
            let _ = write!(s, " ({})", self.policy_ids.join(", "));
        }
        if !self.reasons.is_empty() {
            s.push_str(": ");
            s.push_str(&self.reasons.join(" "));
        }
        s
    }
}

/// A multi-line, human-readable account of a decision.
pub fn explain(d: &Decision) -> String {
    let mut s = String::new();
    let version = if d.policy_version.is_empty() {
        "none"
    } else {
        &d.policy_version
    };
    let _ = match d.mode {
        Mode::Enforce => writeln!(s, "decision: {} (mode enforce)", d.would_be),
        Mode::Observe => writeln!(
            s,
            "decision: {} (mode observe: would be {}, nothing blocked)",
            d.effective, d.would_be
        ),
    };
    let _ = writeln!(
        s,
        "policy set: {version}; evaluated in {} µs",
        d.eval_time.as_micros()
    );
    if let Some(err) = &d.error {
        let _ = writeln!(s, "failed closed: {err}");
    }
    if d.policy_ids.is_empty() {
        if d.error.is_none() && d.would_be == Outcome::Deny {
            let _ = writeln!(s, "deciding: no permit matched (default deny)");
        }
    } else {
        let _ = writeln!(s, "deciding: {}", d.policy_ids.join(", "));
    }
    for r in &d.reasons {
        let _ = writeln!(s, "  reason: {r}");
    }
    if !d.obligations.is_empty() {
        let names: Vec<&str> = d.obligations.iter().map(Obligation::as_str).collect();
        let _ = writeln!(s, "obligations: {}", names.join(", "));
    }
    for (title, effect) in [
        ("matched forbids", PolicyEffect::Forbid),
        ("matched permits", PolicyEffect::Permit),
    ] {
        let list: Vec<&PolicyInfo> = d
            .matched
            .iter()
            .map(|p| p.as_ref())
            .filter(|p| p.effect == effect)
            .collect();
        if list.is_empty() {
            let _ = writeln!(s, "{title}: none");
            continue;
        }
        let _ = writeln!(s, "{title}:");
        for p in list {
            let _ = write!(s, "  - {} ({}:{})", p.id, p.file, p.line);
            if !p.obligations.is_empty() {
                let names: Vec<&str> = p.obligations.iter().map(Obligation::as_str).collect();
                let _ = write!(s, " [obligation: {}]", names.join(", "));
            }
            if let Some(r) = &p.reason {
                let _ = write!(s, ": {r}");
            }
            s.push('\n');
        }
    }
    s
}

mod duration_ns {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_nanos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_most_specific_wins() {
        let a = AgentId::parse("spiffe://acme.dev/agent/a").expect("id");
        let b = AgentId::parse("unattested:loopback").expect("id");
        let mut o = ModeOverrides::new(Mode::Observe);
        o.agents.insert(a.clone(), Mode::Enforce);
        o.tasks.insert("task-1".to_owned(), Mode::Observe);
        assert_eq!(o.resolve(&a, None), Mode::Enforce);
        assert_eq!(o.resolve(&a, Some("task-2")), Mode::Enforce);
        assert_eq!(o.resolve(&a, Some("task-1")), Mode::Observe);
        assert_eq!(o.resolve(&b, None), Mode::Observe);
        let json = serde_json::to_string(&o).expect("ser");
        let back: ModeOverrides = serde_json::from_str(&json).expect("de");
        assert_eq!(o, back);
    }
}
