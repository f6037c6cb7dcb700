//! Agent identity for Warden: who an agent is, what task it works on, whom it delegated to,
//! and which upstream secrets it may use.
//!
//! This crate owns:
//! - SPIFFE ids (`SpiffeId`, `TrustDomain`, `AgentName`), parsed per the SPIFFE ID spec;
//! - the agent registry (name, owner, tier) and attestation: single-use join tokens and spawn
//!   attestation (`IdentityService::spawn_env`, for `warden run`);
//! - the built-in JWT-SVID issuer (ES256, `kid` = RFC 7638 thumbprint, one audience, TTL at
//!   most 5 minutes, renewal) and the trust bundle it serves as JWKS (`GET /v1/bundle`);
//!   validation of JWT-SVIDs from federated SPIRE trust domains given their bundles;
//! - task tokens shaped like OAuth transaction tokens (`txn`, `scope`, `tctx`, `act`) and
//!   their validation into `ValidatedTaskToken`;
//! - RFC 8693 token exchange for delegation (`POST /v1/token`): nested `act`, scope that can
//!   only narrow, a depth limit, `may_act`, each hop exposed as a `DelegationHop` for policy;
//! - revocation (task end, task / agent / token / lease, detector responses), persisted;
//! - the secret broker: secrets encrypted at rest, leased per task, released only at egress
//!   while the lease lives (`resolve_for_egress`), each release described by `SecretAccess`.
//!
//! State lives in `<data>/identity.db` (SQLite, behind the `IdentityStore` trait) and keys in
//! `<data>/keys/` (`svid-issuer.p8`, `secrets.key`, both 0600, created on first use).
//!
//! It must not: serve HTTP or parse CLI arguments (the gateway and the `warden` binary wire
//! it), write to the audit log or emit events (it returns what the gateway records: hops,
//! `SecretAccess`, errors with their detector ids), compute HMAC references itself (the gateway
//! passes a `SecretReferencer`), or ever put token text or secret values in a `Debug`, a
//! `Display`, an error or a log line — records carry `token_digest()` instead.
//!
//! Every refusal is a typed error whose `alert()` names the detector it raises
//! (`identity.invalid_token`, `identity.revoked_credential_use`,
//! `identity.delegation_violation`) and whose message is safe to show.

pub mod agents;
pub mod clock;
pub mod error;
pub mod exchange;
mod jws;
pub mod keys;
pub mod pg_store;
pub mod scope;
pub mod secrets;
pub mod service;
pub mod spiffe;
pub mod store;
pub mod tokens;

pub use agents::{Agent, NewAgent, Owner, Tier};
pub use clock::{unix_secs, Clock, ManualClock, SystemClock, UnixSecs};
pub use error::{Alert, IdentityError, JoinError, RevokedBy, TokenError};
pub use exchange::{
    DelegationError, DelegationHop, ExchangeError, OAuthError, OAuthErrorCode, PreparedExchange,
    TokenExchangeRequest, TokenExchangeResponse, GRANT_TYPE_TOKEN_EXCHANGE, TOKEN_TYPE_JWT,
    TOKEN_TYPE_TXN,
};
pub use jws::{token_digest, MAX_TOKEN_LEN};
pub use keys::{IssuerKey, TrustBundle};
pub use pg_store::PgIdentityStore;
pub use scope::{RequestedScope, ScopeField, TaskScope};
pub use secrets::{
    LeaseId, ResolvedSecret, SecretAccess, SecretError, SecretInfo, SecretLease, SecretName,
    SecretReferencer, SecretValue,
};
pub use service::{
    ForeignBundle, IdentityConfig, IdentityService, JoinToken, Revocation, RevocationReason,
    RevokeTarget, SpawnEnv,
};
pub use spiffe::{AgentName, SpiffeId, SpiffeIdError, TrustDomain};
pub use store::{IdentityStore, SqliteStore};
pub use tokens::{
    Actor, BearerToken, IssuedSvid, IssuedTaskToken, MayAct, TaskClaims, TaskContext, TaskStart,
    ValidatedSvid, ValidatedTaskToken,
};

#[cfg(test)]
mod tests;
