//! The agent registry's types: who an agent is, who owns it, how much it may do.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::clock::UnixSecs;
use crate::error::IdentityError;
use crate::spiffe::{AgentName, SpiffeId};

/// An agent's risk tier (DESIGN.md: `read_only`, `assistant`, `executor`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    ReadOnly,
    Assistant,
    Executor,
}

impl Tier {
    pub fn as_str(&self) -> &'static str {
        match self {
            Tier::ReadOnly => "read_only",
            Tier::Assistant => "assistant",
            Tier::Executor => "executor",
        }
    }
}

impl std::str::FromStr for Tier {
    type Err = IdentityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "read_only" | "read-only" => Ok(Tier::ReadOnly),
            "assistant" => Ok(Tier::Assistant),
            "executor" => Ok(Tier::Executor),
            _ => Err(IdentityError::Invalid(
                "tier must be read_only, assistant or executor".into(),
            )),
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who answers for an agent: a person or team, free text without control characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Owner(String);

impl Owner {
    pub fn new(s: &str) -> Result<Self, IdentityError> {
        let s = s.trim();
        if s.is_empty() || s.len() > 256 || s.chars().any(char::is_control) {
            return Err(IdentityError::Invalid(
                "owner must be 1..=256 characters without control characters".into(),
            ));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::new(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A registered agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agent {
    pub name: AgentName,
    pub id: SpiffeId,
    pub owner: Owner,
    pub tier: Tier,
    pub created_at: UnixSecs,
}

/// The body of `POST /v1/agents` / the arguments of `warden agent add`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAgent {
    pub name: AgentName,
    pub owner: Owner,
    pub tier: Tier,
}
