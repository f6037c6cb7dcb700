//! Errors, and what each one means to the rest of Warden.
//!
//! Every refusal maps to at most one detector id (`alert()`) and to the `problem` vocabulary of
//! `warden-detect`'s `TokenProblem` (`problem()`, its snake_case serde names), so the gateway
//! records a `credential` observation without a translation table of its own. Messages are
//! human-readable reasons that never contain token text, secret values or attacker-chosen
//! header values.

use crate::spiffe::SpiffeIdError;

/// The identity detectors of DETECTIONS.md a refusal raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alert {
    /// `identity.invalid_token`
    InvalidToken,
    /// `identity.revoked_credential_use`
    RevokedCredentialUse,
    /// `identity.delegation_violation`
    DelegationViolation,
}

impl Alert {
    pub fn as_str(&self) -> &'static str {
        match self {
            Alert::InvalidToken => "identity.invalid_token",
            Alert::RevokedCredentialUse => "identity.revoked_credential_use",
            Alert::DelegationViolation => "identity.delegation_violation",
        }
    }
}

/// What kind of revocation refused a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RevokedBy {
    /// Its task (or a task it derives from) was revoked.
    Task,
    /// Its agent was revoked or removed from the registry.
    Agent,
    /// The token itself, or the token it was exchanged from, was revoked by id.
    Token,
    /// The secret lease itself was revoked.
    Lease,
}

impl RevokedBy {
    fn as_str(self) -> &'static str {
        match self {
            RevokedBy::Task => "its task was revoked",
            RevokedBy::Agent => "its agent was revoked",
            RevokedBy::Token => "the token (or one it was exchanged from) was revoked",
            RevokedBy::Lease => "the lease was revoked",
        }
    }
}

/// Why a presented token (JWT-SVID or task token) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("no token was presented")]
    Missing,
    #[error("the token is not a compact JWS (three base64url parts with JSON header and claims)")]
    Malformed,
    #[error("the token is unsigned (alg \"none\")")]
    AlgNone,
    #[error("the token is signed with a shared-secret algorithm ({alg}); only the issuer's public-key algorithm is accepted (key-confusion attempt)")]
    SymmetricAlgorithm { alg: &'static str },
    #[error("the token's algorithm is not supported")]
    UnsupportedAlgorithm,
    #[error("the token's algorithm ({got}) is not the one its key is pinned to ({expected})")]
    AlgorithmMismatch {
        expected: &'static str,
        got: &'static str,
    },
    #[error("the token header has no key id (kid)")]
    MissingKid,
    #[error("the token's key id is not in the trust bundle of {trust_domain}")]
    UnknownKid { trust_domain: String },
    #[error("the token's signature does not verify (claims or header were altered, or it was signed by another key)")]
    BadSignature,
    #[error("the token is a {got}, not the {expected} expected here")]
    WrongTokenType {
        expected: &'static str,
        got: &'static str,
    },
    #[error("the token lacks the required claim {0}")]
    MissingClaim(&'static str),
    #[error("the token's claim {0} is malformed")]
    BadClaim(&'static str),
    #[error("the token's subject is not a valid SPIFFE id: {0}")]
    BadSubject(SpiffeIdError),
    #[error("the token expired {ago_secs} s ago")]
    Expired { ago_secs: i64 },
    #[error("the token is not valid for another {in_secs} s (issued in the future)")]
    NotYetValid { in_secs: i64 },
    #[error("the token lives {lifetime_secs} s, longer than the {max_secs} s allowed")]
    LifetimeTooLong { lifetime_secs: i64, max_secs: i64 },
    #[error("the token is not meant for this audience (expected {expected})")]
    WrongAudience { expected: String },
    #[error("the token names {count} audiences; exactly one is required")]
    MultipleAudiences { count: usize },
    #[error("the token was issued by someone else (expected issuer {expected})")]
    WrongIssuer { expected: String },
    #[error("the token's trust domain {got} is not {expected}")]
    WrongTrustDomain { expected: String, got: String },
    #[error("no trust bundle is configured for trust domain {0}")]
    UntrustedTrustDomain(String),
    #[error("the token's agent is not registered")]
    UnknownAgent,
    #[error("the token is not known to this issuer (never issued here, or its record was lost)")]
    UnknownToken,
    #[error("the credential was revoked: {}", .0.as_str())]
    Revoked(RevokedBy),
    #[error("the credential's task has ended; it was used after the end")]
    TaskEnded,
    #[error("the credential's task passed its deadline")]
    DeadlinePassed,
    #[error("identity state is unavailable: {0}")]
    Unavailable(String),
}

impl TokenError {
    /// The detector this refusal raises; `None` for internal failures (the caller still
    /// denies: a store it cannot read is no reason to accept a token).
    pub fn alert(&self) -> Option<Alert> {
        match self {
            TokenError::Revoked(_) | TokenError::TaskEnded | TokenError::DeadlinePassed => {
                Some(Alert::RevokedCredentialUse)
            }
            TokenError::Unavailable(_) => None,
            _ => Some(Alert::InvalidToken),
        }
    }

    /// `warden-detect`'s `TokenProblem` name (snake_case), `None` for internal failures.
    pub fn problem(&self) -> Option<&'static str> {
        use TokenError::*;
        Some(match self {
            Missing => "missing",
            Malformed
            | AlgNone
            | SymmetricAlgorithm { .. }
            | UnsupportedAlgorithm
            | AlgorithmMismatch { .. }
            | MissingKid
            | UnknownKid { .. }
            | BadSignature
            | WrongTokenType { .. }
            | MissingClaim(_)
            | BadClaim(_)
            | BadSubject(_)
            | LifetimeTooLong { .. }
            | UnknownAgent
            | UnknownToken => "forged",
            // A token from the future is outside its validity window like an expired one.
            Expired { .. } | NotYetValid { .. } => "expired",
            WrongAudience { .. } | MultipleAudiences { .. } => "wrong_audience",
            WrongIssuer { .. } | WrongTrustDomain { .. } | UntrustedTrustDomain(_) => {
                "wrong_trust_domain"
            }
            Revoked(_) | TaskEnded | DeadlinePassed => "revoked",
            Unavailable(_) => return None,
        })
    }

    /// Short stable code for deny reasons and metrics.
    pub fn code(&self) -> &'static str {
        use TokenError::*;
        match self {
            Missing => "missing",
            Malformed => "malformed",
            AlgNone => "alg_none",
            SymmetricAlgorithm { .. } => "symmetric_alg",
            UnsupportedAlgorithm => "unsupported_alg",
            AlgorithmMismatch { .. } => "alg_mismatch",
            MissingKid => "missing_kid",
            UnknownKid { .. } => "unknown_kid",
            BadSignature => "bad_signature",
            WrongTokenType { .. } => "wrong_token_type",
            MissingClaim(_) => "missing_claim",
            BadClaim(_) => "bad_claim",
            BadSubject(_) => "bad_subject",
            Expired { .. } => "expired",
            NotYetValid { .. } => "not_yet_valid",
            LifetimeTooLong { .. } => "lifetime_too_long",
            WrongAudience { .. } => "wrong_audience",
            MultipleAudiences { .. } => "multiple_audiences",
            WrongIssuer { .. } => "wrong_issuer",
            WrongTrustDomain { .. } => "wrong_trust_domain",
            UntrustedTrustDomain(_) => "untrusted_trust_domain",
            UnknownAgent => "unknown_agent",
            UnknownToken => "unknown_token",
            Revoked(_) => "revoked",
            TaskEnded => "task_ended",
            DeadlinePassed => "deadline_passed",
            Unavailable(_) => "unavailable",
        }
    }
}

/// Failures of the identity service outside token validation: registry, issuance, storage.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error(transparent)]
    Id(#[from] SpiffeIdError),
    #[error("no agent named {0} is registered")]
    UnknownAgent(String),
    #[error("an agent named {0} is already registered")]
    AgentExists(String),
    #[error("task {0} already has credentials; refresh its token instead")]
    TaskExists(String),
    #[error("no task {0} is known to the identity service")]
    UnknownTask(String),
    #[error("no token with that id was issued here")]
    UnknownTokenId,
    #[error("join token refused: {0}")]
    Join(#[from] JoinError),
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error("identity storage failed: {0}")]
    Storage(String),
    #[error("key file {path}: {reason}")]
    Key { path: String, reason: String },
    #[error("trust bundle for {trust_domain}: {reason}")]
    Bundle {
        trust_domain: String,
        reason: String,
    },
    #[error("signing failed: {0}")]
    Signing(String),
}

impl IdentityError {
    /// The detector a refusal raises, if it is a credential problem at all.
    pub fn alert(&self) -> Option<Alert> {
        match self {
            IdentityError::Token(t) => t.alert(),
            IdentityError::Join(j) => Some(j.alert()),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for IdentityError {
    fn from(e: rusqlite::Error) -> Self {
        IdentityError::Storage(e.to_string())
    }
}

/// Why a join token could not be redeemed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    #[error("the join token is not one this gateway issued")]
    Unknown,
    #[error("the join token has expired")]
    Expired,
    #[error("the join token was already used (join tokens are single-use)")]
    AlreadyUsed,
    #[error("the join token's agent is no longer registered")]
    AgentGone,
}

impl JoinError {
    pub fn alert(&self) -> Alert {
        match self {
            JoinError::AgentGone => Alert::RevokedCredentialUse,
            _ => Alert::InvalidToken,
        }
    }

    pub fn problem(&self) -> &'static str {
        match self {
            JoinError::Unknown => "forged",
            JoinError::Expired => "expired",
            JoinError::AlreadyUsed => "replayed",
            JoinError::AgentGone => "revoked",
        }
    }
}
