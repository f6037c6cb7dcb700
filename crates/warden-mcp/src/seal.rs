//! The sealed `requestState` of a `2026-07-28` `input_required` result.
//!
//! When a call needs a reviewer's approval, Warden answers a stateless-era client with
//! `input_required` and a request state the client must hand back when it retries. The state
//! is sealed (HMAC-SHA256 under a gateway key) and bound to the approval request, the server
//! and tool, the digest of the exact arguments, the policy-set version and an expiry, so a
//! retry with other arguments, after a policy change or after the expiry is not the approved
//! call. The client treats it as opaque, as the spec requires.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Prefix that marks a request state as Warden's.
pub const PREFIX: &str = "warden1.";

/// What a sealed state binds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// The approval request this state waits on.
    pub approval: String,
    pub server: String,
    pub tool: String,
    /// `sha256:<hex>` of the canonical arguments.
    pub args: String,
    pub policy_version: String,
    /// Unix seconds after which the state is void.
    pub exp: i64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error("the request state is not one Warden issued")]
    Foreign,
    #[error("the request state was altered")]
    BadSeal,
    #[error("the request state expired; the call needs a new approval")]
    Expired,
    #[error("the retried call differs from the one awaiting approval ({0}); changed calls need a new approval")]
    Mismatch(&'static str),
}

pub struct Sealer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    fn mac(&self, payload: &[u8]) -> Hmac<Sha256> {
        // HMAC accepts keys of any length.
        let mut m = match Hmac::<Sha256>::new_from_slice(&self.key) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        };
        m.update(b"warden mcp request state v1\0");
        m.update(payload);
        m
    }

    pub fn seal(&self, b: &Binding) -> String {
        let payload = serde_json::to_vec(b).unwrap_or_default();
        let tag = self.mac(&payload).finalize().into_bytes();
        format!("{PREFIX}{}.{}", B64.encode(&payload), B64.encode(tag))
    }

    /// Opens a state and checks it against the retried call.
    pub fn open(
        &self,
        state: &str,
        now: i64,
        server: &str,
        tool: &str,
        args: &str,
        policy_version: &str,
    ) -> Result<Binding, SealError> {
        let rest = state.strip_prefix(PREFIX).ok_or(SealError::Foreign)?;
        let (p, t) = rest.split_once('.').ok_or(SealError::Foreign)?;
        let payload = B64.decode(p).map_err(|_| SealError::BadSeal)?;
        let tag = B64.decode(t).map_err(|_| SealError::BadSeal)?;
        self.mac(&payload)
            .verify_slice(&tag)
            .map_err(|_| SealError::BadSeal)?;
        let b: Binding = serde_json::from_slice(&payload).map_err(|_| SealError::BadSeal)?;
        if now > b.exp {
            return Err(SealError::Expired);
        }
        if b.server != server || b.tool != tool {
            return Err(SealError::Mismatch("another tool"));
        }
        if b.args != args {
            return Err(SealError::Mismatch("other arguments"));
        }
        if b.policy_version != policy_version {
            return Err(SealError::Mismatch("the policy set changed"));
        }
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding() -> Binding {
        Binding {
            approval: "ap-1".into(),
            server: "bank".into(),
            tool: "transfer".into(),
            args: "sha256:aa".into(),
            policy_version: "p1".into(),
            exp: 1000,
        }
    }

    #[test]
    fn a_sealed_state_opens_only_for_the_same_call_in_time() {
        let s = Sealer::new(b"k");
        let st = s.seal(&binding());
        assert_eq!(
            s.open(&st, 999, "bank", "transfer", "sha256:aa", "p1"),
            Ok(binding())
        );
        assert_eq!(
            s.open(&st, 1001, "bank", "transfer", "sha256:aa", "p1"),
            Err(SealError::Expired)
        );
        assert_eq!(
            s.open(&st, 999, "bank", "transfer", "sha256:bb", "p1"),
            Err(SealError::Mismatch("other arguments"))
        );
        assert_eq!(
            s.open(&st, 999, "bank", "transfer", "sha256:aa", "p2"),
            Err(SealError::Mismatch("the policy set changed"))
        );
        assert_eq!(
            Sealer::new(b"other").open(&st, 999, "bank", "transfer", "sha256:aa", "p1"),
            Err(SealError::BadSeal)
        );
        assert_eq!(
            s.open("upstream-state", 0, "", "", "", ""),
            Err(SealError::Foreign)
        );
    }

    #[test]
    fn tampering_breaks_the_seal() {
        let s = Sealer::new(b"k");
        let st = s.seal(&binding());
        let mut b = binding();
        b.exp = 9999;
        let forged_payload = B64.encode(serde_json::to_vec(&b).unwrap());
        let tag = st.rsplit('.').next().unwrap();
        let forged = format!("{PREFIX}{forged_payload}.{tag}");
        assert_eq!(
            s.open(&forged, 999, "bank", "transfer", "sha256:aa", "p1"),
            Err(SealError::BadSeal)
        );
    }
}
