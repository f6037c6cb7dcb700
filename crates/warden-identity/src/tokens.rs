//! Token types: what is issued (bearer text, kept out of `Debug`), what validation yields
//! (types only this crate can construct, so holding one proves the checks ran), and the claims
//! of task tokens.

use std::fmt;

use serde::{Deserialize, Serialize};
use warden_core::{AgentRef, Draft, TaskId};

use crate::clock::UnixSecs;
use crate::jws::token_digest;
use crate::scope::TaskScope;
use crate::spiffe::SpiffeId;

/// A bearer credential's text. `Debug` shows only its digest; it has no `Display` and no
/// `Serialize`: writing it anywhere but a response to its holder must be deliberate
/// (`expose()`).
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken(String);

impl BearerToken {
    pub(crate) fn new(s: String) -> Self {
        Self(s)
    }

    /// The token text, for the response that hands it to its holder.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// SHA-256 hex of the token: what records and logs may carry.
    pub fn digest(&self) -> String {
        token_digest(&self.0)
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BearerToken(sha256:{})", &self.digest()[..16])
    }
}

/// A JWT-SVID just issued.
#[derive(Clone, Debug)]
pub struct IssuedSvid {
    pub token: BearerToken,
    pub spiffe_id: SpiffeId,
    pub audience: String,
    pub jti: String,
    pub issued_at: UnixSecs,
    pub expires_at: UnixSecs,
}

/// A JWT-SVID that passed every check: signature under its trust domain's bundle, single
/// matching audience, lifetime, revocation, and (for local agents) registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedSvid {
    pub(crate) spiffe_id: SpiffeId,
    pub(crate) audience: String,
    pub(crate) jti: Option<String>,
    pub(crate) issued_at: Option<UnixSecs>,
    pub(crate) expires_at: UnixSecs,
    pub(crate) local: bool,
    pub(crate) digest: String,
}

impl ValidatedSvid {
    pub fn spiffe_id(&self) -> &SpiffeId {
        &self.spiffe_id
    }
    pub fn audience(&self) -> &str {
        &self.audience
    }
    pub fn jti(&self) -> Option<&str> {
        self.jti.as_deref()
    }
    pub fn issued_at(&self) -> Option<UnixSecs> {
        self.issued_at
    }
    pub fn expires_at(&self) -> UnixSecs {
        self.expires_at
    }
    /// Issued by this Warden (as opposed to a federated SPIRE trust domain).
    pub fn is_local(&self) -> bool {
        self.local
    }
    pub fn token_digest(&self) -> &str {
        &self.digest
    }
    pub fn agent_ref(&self) -> AgentRef {
        self.spiffe_id.to_agent_ref()
    }
}

/// An actor in a delegation chain (RFC 8693 §4.1): the outermost `act` is the current actor,
/// each nested `act` the one before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub sub: SpiffeId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<Box<Actor>>,
}

impl Actor {
    pub fn new(sub: SpiffeId) -> Self {
        Self { sub, act: None }
    }

    /// `newest` acting on behalf of the chain `self`.
    pub fn nest(newest: SpiffeId, prior: Actor) -> Self {
        Self {
            sub: newest,
            act: Some(Box::new(prior)),
        }
    }

    /// The chain, newest first.
    pub fn chain(&self) -> Vec<&SpiffeId> {
        let mut out = vec![&self.sub];
        let mut cur = self.act.as_deref();
        while let Some(a) = cur {
            out.push(&a.sub);
            cur = a.act.as_deref();
        }
        out
    }

    /// Delegation hops so far: 0 for the agent that started the task.
    pub fn depth(&self) -> usize {
        self.chain().len() - 1
    }
}

/// RFC 8693 §4.4 `may_act`: who may become the actor of a token exchanged from this one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MayAct {
    pub sub: SpiffeId,
}

/// `tctx`: the transaction context of a task token (draft-ietf-oauth-transaction-tokens §4.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskContext {
    /// The declared scope of the task, narrowed by every delegation hop. Authoritative.
    pub scope: TaskScope,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<UnixSecs>,
    /// `user`, `schedule`, or the parent task that started the task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// The token this one was exchanged from (absent for the task's first token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_jti: Option<String>,
}

/// The claims of a task token, shaped like a transaction token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskClaims {
    pub iss: String,
    pub aud: String,
    /// The principal the task works for: the trigger's user, or the starting agent.
    pub sub: String,
    pub iat: UnixSecs,
    pub exp: UnixSecs,
    pub jti: String,
    /// The task id.
    pub txn: TaskId,
    /// The scope as an OAuth scope string (`tools:Read servers:github`, `*` if unrestricted);
    /// informational, `tctx.scope` is authoritative.
    pub scope: String,
    pub tctx: TaskContext,
    pub act: Actor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub may_act: Option<MayAct>,
}

/// A task token that passed every check. Only validation constructs one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedTaskToken {
    pub(crate) claims: TaskClaims,
    pub(crate) lease: String,
    pub(crate) digest: String,
}

impl ValidatedTaskToken {
    pub fn claims(&self) -> &TaskClaims {
        &self.claims
    }
    pub fn task_id(&self) -> &TaskId {
        &self.claims.txn
    }
    /// The agent acting now (the outermost `act`).
    pub fn agent(&self) -> &SpiffeId {
        &self.claims.act.sub
    }
    pub fn scope(&self) -> &TaskScope {
        &self.claims.tctx.scope
    }
    pub fn jti(&self) -> &str {
        &self.claims.jti
    }
    pub fn expires_at(&self) -> UnixSecs {
        self.claims.exp
    }
    pub fn depth(&self) -> usize {
        self.claims.act.depth()
    }
    pub fn token_digest(&self) -> &str {
        &self.digest
    }

    /// The actor chain as the event record wants it: the original agent first, the current
    /// actor last.
    pub fn delegation(&self) -> Vec<AgentRef> {
        let mut chain: Vec<AgentRef> = self
            .claims
            .act
            .chain()
            .into_iter()
            .map(SpiffeId::to_agent_ref)
            .collect();
        chain.reverse();
        chain
    }

    /// Attributes an event draft to this token: agent, task, delegation chain.
    pub fn attribute(&self, draft: &mut Draft) {
        draft.agent = Some(self.agent().to_agent_ref());
        draft.task_id = Some(self.claims.txn.clone());
        draft.delegation = if self.depth() > 0 {
            self.delegation()
        } else {
            Vec::new()
        };
    }
}

/// A task token just issued.
#[derive(Clone, Debug)]
pub struct IssuedTaskToken {
    pub token: BearerToken,
    pub claims: TaskClaims,
}

/// What starting a task asks for. The task id comes from the caller (the gateway's task
/// registry); the agent is the validated identity that asks.
#[derive(Clone, Debug)]
pub struct TaskStart {
    pub task_id: TaskId,
    pub scope: TaskScope,
    pub deadline: Option<UnixSecs>,
    /// The principal (`sub`) when the task runs for a user; defaults to the agent itself.
    pub subject: Option<String>,
    pub trigger: Option<String>,
    /// RFC 8693 §4.4: the one agent allowed to act on this task's behalf by token exchange.
    pub may_act: Option<SpiffeId>,
}

impl TaskStart {
    pub fn new(task_id: TaskId) -> Self {
        Self {
            task_id,
            scope: TaskScope::default(),
            deadline: None,
            subject: None,
            trigger: None,
            may_act: None,
        }
    }
}
