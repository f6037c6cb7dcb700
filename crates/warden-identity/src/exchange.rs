//! RFC 8693 token exchange for delegation: the wire types of `POST /v1/token`, the hop a
//! policy decides on, and the errors with their RFC 8693 / RFC 6749 error codes.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};
use warden_core::TaskId;

use crate::error::{Alert, TokenError};
use crate::scope::{ScopeError, TaskScope, Widening};
use crate::spiffe::SpiffeId;
use crate::tokens::{BearerToken, ValidatedSvid, ValidatedTaskToken};

pub const GRANT_TYPE_TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
/// Transaction token type (draft-ietf-oauth-transaction-tokens §7.3).
pub const TOKEN_TYPE_TXN: &str = "urn:ietf:params:oauth:token-type:txn_token";
/// A JWT (RFC 8693 §3): how a JWT-SVID is presented as the actor token.
pub const TOKEN_TYPE_JWT: &str = "urn:ietf:params:oauth:token-type:jwt";

/// The form body of `POST /v1/token` (`application/x-www-form-urlencoded`). Tokens are kept
/// out of `Debug`.
#[derive(Clone, Default, Deserialize)]
pub struct TokenExchangeRequest {
    #[serde(default)]
    pub grant_type: Option<String>,
    #[serde(default)]
    pub subject_token: Option<String>,
    #[serde(default)]
    pub subject_token_type: Option<String>,
    #[serde(default)]
    pub actor_token: Option<String>,
    #[serde(default)]
    pub actor_token_type: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub requested_token_type: Option<String>,
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(default)]
    pub resource: Option<String>,
}

impl fmt::Debug for TokenExchangeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digest = |t: &Option<String>| t.as_deref().map(crate::jws::token_digest);
        f.debug_struct("TokenExchangeRequest")
            .field("grant_type", &self.grant_type)
            .field("subject_token_sha256", &digest(&self.subject_token))
            .field("subject_token_type", &self.subject_token_type)
            .field("actor_token_sha256", &digest(&self.actor_token))
            .field("actor_token_type", &self.actor_token_type)
            .field("scope", &self.scope)
            .field("requested_token_type", &self.requested_token_type)
            .field("audience", &self.audience)
            .field("resource", &self.resource)
            .finish()
    }
}

/// The success response (RFC 8693 §2.2.1). Serve it with `Cache-Control: no-store`.
#[derive(Clone, Debug)]
pub struct TokenExchangeResponse {
    pub access_token: BearerToken,
    pub issued_token_type: &'static str,
    pub expires_in: i64,
    pub scope: String,
}

impl Serialize for TokenExchangeResponse {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut st = s.serialize_struct("TokenExchangeResponse", 5)?;
        st.serialize_field("access_token", self.access_token.expose())?;
        st.serialize_field("issued_token_type", self.issued_token_type)?;
        // RFC 8693 §2.2.1: "N_A" when the issued token is not an OAuth access token.
        st.serialize_field("token_type", "N_A")?;
        st.serialize_field("expires_in", &self.expires_in)?;
        st.serialize_field("scope", &self.scope)?;
        st.end()
    }
}

/// One delegation hop, for policy to decide on its own: who hands what to whom, how deep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DelegationHop {
    pub task_id: TaskId,
    pub parent_jti: String,
    /// The principal of the task.
    pub subject: String,
    /// The agent handing work on (the parent token's current actor).
    pub from: SpiffeId,
    /// The delegate.
    pub to: SpiffeId,
    /// The chain before this hop, newest first.
    pub prior_chain: Vec<SpiffeId>,
    /// Hops including this one (1 for the first delegation).
    pub depth: usize,
    pub max_depth: usize,
    pub parent_scope: TaskScope,
    pub child_scope: TaskScope,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub may_act: Option<SpiffeId>,
}

/// A delegation rule broken. Maps to `identity.delegation_violation`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DelegationError {
    #[error("the delegation widens the task's scope: {0}")]
    ScopeWidened(Widening),
    #[error("the delegation would be hop {depth}; at most {max} are allowed")]
    TooDeep { depth: usize, max: usize },
    #[error("the parent token's may_act does not name {actor}")]
    NotMayAct { actor: SpiffeId },
}

impl DelegationError {
    /// `warden-detect`'s `TokenProblem` name.
    pub fn problem(&self) -> &'static str {
        match self {
            DelegationError::ScopeWidened(_) => "delegation_widened",
            DelegationError::TooDeep { .. } => "delegation_too_deep",
            DelegationError::NotMayAct { .. } => "not_may_act",
        }
    }
}

/// RFC 8693 §2.2.2 / RFC 6749 §5.2 error codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OAuthErrorCode {
    InvalidRequest,
    InvalidGrant,
    InvalidScope,
    InvalidTarget,
    UnsupportedGrantType,
    ServerError,
}

/// The JSON error body of `POST /v1/token` (HTTP status from `http_status()`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OAuthError {
    pub error: OAuthErrorCode,
    pub error_description: String,
}

/// Why a token exchange was refused.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ExchangeError {
    #[error("grant_type must be {GRANT_TYPE_TOKEN_EXCHANGE}")]
    UnsupportedGrantType,
    #[error("{0}")]
    InvalidRequest(&'static str),
    #[error("the subject token was refused: {0}")]
    SubjectToken(TokenError),
    #[error("the actor token was refused: {0}")]
    ActorToken(TokenError),
    #[error("the requested scope is malformed: {0}")]
    BadScope(ScopeError),
    #[error("the requested audience or resource is not this trust domain")]
    InvalidTarget,
    #[error("{violation}")]
    Delegation {
        violation: DelegationError,
        hop: Box<DelegationHop>,
    },
    #[error("the exchange could not be completed: {0}")]
    Unavailable(String),
}

impl ExchangeError {
    /// The detector a refusal raises.
    pub fn alert(&self) -> Option<Alert> {
        match self {
            ExchangeError::SubjectToken(t) | ExchangeError::ActorToken(t) => t.alert(),
            ExchangeError::Delegation { .. } => Some(Alert::DelegationViolation),
            _ => None,
        }
    }

    /// The wire error. RFC 8693 §2.2.2: an invalid or unacceptable subject or actor token is
    /// `invalid_request`; a scope beyond the parent's is `invalid_scope` (RFC 6749 §5.2); an
    /// audience or resource we do not serve is `invalid_target`.
    pub fn oauth(&self) -> OAuthError {
        let error = match self {
            ExchangeError::UnsupportedGrantType => OAuthErrorCode::UnsupportedGrantType,
            ExchangeError::InvalidRequest(_)
            | ExchangeError::SubjectToken(_)
            | ExchangeError::ActorToken(_) => OAuthErrorCode::InvalidRequest,
            ExchangeError::BadScope(_) => OAuthErrorCode::InvalidScope,
            ExchangeError::InvalidTarget => OAuthErrorCode::InvalidTarget,
            ExchangeError::Delegation { violation, .. } => match violation {
                DelegationError::ScopeWidened(_) => OAuthErrorCode::InvalidScope,
                DelegationError::TooDeep { .. } | DelegationError::NotMayAct { .. } => {
                    OAuthErrorCode::InvalidRequest
                }
            },
            ExchangeError::Unavailable(_) => OAuthErrorCode::ServerError,
        };
        OAuthError {
            error,
            error_description: self.to_string(),
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            ExchangeError::Unavailable(_) => 500,
            _ => 400,
        }
    }

    /// The hop, when the refusal was a delegation rule (for the record).
    pub fn hop(&self) -> Option<&DelegationHop> {
        match self {
            ExchangeError::Delegation { hop, .. } => Some(hop),
            _ => None,
        }
    }
}

/// An exchange that passed every check and awaits the policy's word on its hop.
#[derive(Debug, Clone)]
pub struct PreparedExchange {
    pub(crate) hop: DelegationHop,
    pub(crate) parent: ValidatedTaskToken,
    pub(crate) actor: ValidatedSvid,
}

impl PreparedExchange {
    pub fn hop(&self) -> &DelegationHop {
        &self.hop
    }
    pub fn parent(&self) -> &ValidatedTaskToken {
        &self.parent
    }
    pub fn actor(&self) -> &ValidatedSvid {
        &self.actor
    }
}
