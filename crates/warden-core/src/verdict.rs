//! The answer to a gating event, in the vocabulary every source adapter translates into its own
//! wire format (a Claude Code `permissionDecision`, a Cursor `permission`, an MCP error, …).

use serde::{Deserialize, Serialize};

use crate::EventId;

/// What happens to the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allow,
    Deny,
    /// A human must approve this exact call first.
    Ask,
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Allow => "allow",
            Outcome::Deny => "deny",
            Outcome::Ask => "ask",
        }
    }

    /// The stricter of two outcomes (deny > ask > allow).
    pub fn stricter(self, other: Outcome) -> Outcome {
        let rank = |o: Outcome| match o {
            Outcome::Allow => 0,
            Outcome::Ask => 1,
            Outcome::Deny => 2,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// The gateway's answer to a gating event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// What the agent is told and must do.
    pub outcome: Outcome,
    /// What enforce mode would have said, when it differs (observe mode records it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub would_be: Option<Outcome>,
    /// Why, in words for the user and the agent: what was decided and what to do about it.
    pub reason: String,
    /// The recorded decision event, for `warden policy explain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_id: Option<EventId>,
}

impl Verdict {
    pub fn allow(reason: impl Into<String>) -> Self {
        Self {
            outcome: Outcome::Allow,
            would_be: None,
            reason: reason.into(),
            decision_id: None,
        }
    }

    pub fn deny(reason: impl Into<String>) -> Self {
        Self {
            outcome: Outcome::Deny,
            would_be: None,
            reason: reason.into(),
            decision_id: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stricter_prefers_deny_then_ask() {
        assert_eq!(Outcome::Allow.stricter(Outcome::Ask), Outcome::Ask);
        assert_eq!(Outcome::Deny.stricter(Outcome::Ask), Outcome::Deny);
        assert_eq!(Outcome::Ask.stricter(Outcome::Allow), Outcome::Ask);
    }
}
