//! The secret broker's types: secret names and values, the at-rest cipher, per-task leases and
//! the access record the gateway turns into a `secret_access` event.
//!
//! Values are encrypted with XChaCha20-Poly1305 (random 192-bit nonces, so no nonce bookkeeping)
//! under a key in `<data>/keys/secrets.key`, created 0600 on first use. The secret's name is the
//! associated data, so a ciphertext copied onto another secret's row does not decrypt. Values in
//! memory are zeroized on drop and never printed: `SecretValue` has no `Display`, its `Debug`
//! is redacted, and no error carries one.

use std::fmt;
use std::path::Path;

use chacha20poly1305::aead::{Aead as _, KeyInit as _, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::clock::UnixSecs;
use crate::error::{Alert, IdentityError, RevokedBy, TokenError};
use crate::spiffe::SpiffeId;
use warden_core::TaskId;

/// Longest secret name, in bytes.
pub const MAX_SECRET_NAME_LEN: usize = 128;
/// Largest secret value, in bytes.
pub const MAX_SECRET_LEN: usize = 64 * 1024;

const AAD_PREFIX: &[u8] = b"warden-identity/secret/v1\0";

/// A secret's name: letters, digits, `.`, `-`, `_` (it is one segment of a lease id).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SecretName(String);

impl SecretName {
    pub fn new(s: &str) -> Result<Self, SecretError> {
        let ok = !s.is_empty()
            && s.len() <= MAX_SECRET_NAME_LEN
            && s != "."
            && s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(SecretError::BadName)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SecretName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A secret value. Zeroized on drop; `Debug` shows nothing of it; there is no `Display` and no
/// `Serialize`, so it cannot slip into a log line or an event body by accident.
#[derive(Clone)]
pub struct SecretValue(Zeroizing<Vec<u8>>);

impl SecretValue {
    pub fn new(bytes: Vec<u8>) -> Result<Self, SecretError> {
        let v = Zeroizing::new(bytes);
        if v.is_empty() {
            return Err(SecretError::EmptyValue);
        }
        if v.len() > MAX_SECRET_LEN {
            return Err(SecretError::ValueTooLarge);
        }
        Ok(Self(v))
    }

    pub fn from_string(s: String) -> Result<Self, SecretError> {
        Self::new(s.into_bytes())
    }

    /// The value, for the one place that needs it: the outgoing request.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The value as text, when it is UTF-8 (API keys, passwords).
    pub fn expose_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretValue(<redacted>)")
    }
}

/// The at-rest cipher.
pub struct SecretCipher {
    aead: XChaCha20Poly1305,
}

impl fmt::Debug for SecretCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretCipher(<key redacted>)")
    }
}

impl SecretCipher {
    pub fn from_key(key: &[u8; 32]) -> Self {
        Self {
            aead: XChaCha20Poly1305::new(key.into()),
        }
    }

    /// Loads the key file (64 hex digits), creating it with a random key, mode 0600, on first
    /// use.
    pub fn load_or_create(path: &Path) -> Result<Self, IdentityError> {
        let key_err = |reason: String| IdentityError::Key {
            path: path.display().to_string(),
            reason,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let text = Zeroizing::new(text);
                let mut key = Zeroizing::new([0u8; 32]);
                hex::decode_to_slice(text.trim(), key.as_mut_slice())
                    .map_err(|_| key_err("not 64 hex digits".into()))?;
                Ok(Self::from_key(&key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = Zeroizing::new([0u8; 32]);
                getrandom::fill(key.as_mut_slice())
                    .map_err(|e| key_err(format!("no randomness: {e}")))?;
                let text = Zeroizing::new(format!("{}\n", hex::encode(key.as_slice())));
                match crate::keys::create_private_file(path, text.as_bytes()) {
                    Ok(()) => Ok(Self::from_key(&key)),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        Self::load_or_create(path)
                    }
                    Err(e) => Err(key_err(e.to_string())),
                }
            }
            Err(e) => Err(key_err(e.to_string())),
        }
    }

    fn aad(name: &SecretName) -> Vec<u8> {
        let mut aad = AAD_PREFIX.to_vec();
        aad.extend_from_slice(name.as_str().as_bytes());
        aad
    }

    /// Encrypts `value` for `name`: (nonce, ciphertext).
    pub fn seal(
        &self,
        name: &SecretName,
        value: &SecretValue,
    ) -> Result<(Vec<u8>, Vec<u8>), SecretError> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|_| SecretError::Crypto)?;
        let aad = Self::aad(name);
        let ct = self
            .aead
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: value.expose(),
                    aad: &aad,
                },
            )
            .map_err(|_| SecretError::Crypto)?;
        Ok((nonce.to_vec(), ct))
    }

    /// Decrypts a stored value; fails on a wrong key, a tampered row or a row moved to
    /// another name.
    pub fn open(
        &self,
        name: &SecretName,
        nonce: &[u8],
        ciphertext: &[u8],
    ) -> Result<SecretValue, SecretError> {
        if nonce.len() != 24 {
            return Err(SecretError::Crypto);
        }
        let aad = Self::aad(name);
        let pt = self
            .aead
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| SecretError::Crypto)?;
        SecretValue::new(pt)
    }
}

/// A task id as one path segment: `%` and `/` percent-encoded, so `task/<id>/` is a prefix of
/// that task's leases and of no other task's.
pub(crate) fn task_segment(task: &TaskId) -> String {
    let mut out = String::with_capacity(task.as_str().len());
    for c in task.as_str().chars() {
        match c {
            '%' => out.push_str("%25"),
            '/' => out.push_str("%2F"),
            c => out.push(c),
        }
    }
    out
}

/// The revocation path of everything a task holds.
pub(crate) fn task_path(task: &TaskId) -> String {
    format!("task/{}", task_segment(task))
}

/// Every ancestor of a `/`-separated path, itself included (`a`, `a/b`, `a/b/c`).
pub(crate) fn ancestors(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, c) in path.char_indices() {
        if c == '/' {
            out.push(path[..i].to_owned());
        }
    }
    out.push(path.to_owned());
    out
}

/// A secret lease id, `task/<task>/secret/<name>/<n>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct LeaseId(String);

impl LeaseId {
    /// Parses a lease id presented from outside (shape only; the store says if it exists).
    pub fn parse(s: &str) -> Result<Self, SecretError> {
        let parts: Vec<&str> = s.split('/').collect();
        let ok = parts.len() == 5
            && parts[0] == "task"
            && !parts[1].is_empty()
            && parts[2] == "secret"
            && SecretName::new(parts[3]).is_ok()
            && !parts[4].is_empty()
            && parts[4].bytes().all(|b| b.is_ascii_digit())
            && !s.chars().any(char::is_control)
            && s.len() <= 1024;
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(SecretError::BadLeaseId)
        }
    }

    pub(crate) fn prefix(task: &TaskId, name: &SecretName) -> String {
        format!("{}/secret/{}/", task_path(task), name.as_str())
    }

    pub(crate) fn from_store(s: String) -> Self {
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LeaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A secret lease handed to a task: the id to present at egress, not the value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SecretLease {
    pub id: LeaseId,
    pub secret: SecretName,
    pub task_id: TaskId,
    pub agent: SpiffeId,
    pub issued_at: UnixSecs,
    pub expires_at: UnixSecs,
}

/// A stored secret's metadata (never its value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SecretInfo {
    pub name: SecretName,
    /// Upstream globs the value may be sent to.
    pub upstreams: Vec<String>,
    pub created_at: UnixSecs,
    pub updated_at: UnixSecs,
}

/// Turns a value into the record's reference to it (`hmac-sha256:<version>:<hex>`). The
/// gateway supplies it (warden-redact owns the HMAC keys); closures work.
pub trait SecretReferencer {
    fn reference(&self, value: &[u8]) -> String;
}

impl<F: Fn(&[u8]) -> String> SecretReferencer for F {
    fn reference(&self, value: &[u8]) -> String {
        self(value)
    }
}

/// What the gateway records as a `secret_access` event: who used which secret, where, under
/// which lease — with the secret as a reference, never its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SecretAccess {
    pub agent: SpiffeId,
    pub task_id: TaskId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    pub upstream: String,
    pub lease: LeaseId,
    pub secret: SecretName,
    /// The referencer's output for the value (e.g. `hmac-sha256:1:…`).
    pub reference: String,
    pub at: UnixSecs,
}

/// A value released for one egress, with the record of its release.
pub struct ResolvedSecret {
    pub value: SecretValue,
    pub access: SecretAccess,
}

impl fmt::Debug for ResolvedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResolvedSecret")
            .field("value", &self.value)
            .field("access", &self.access)
            .finish()
    }
}

/// Why a secret operation was refused. No variant carries a secret value.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("a secret name must be 1..={MAX_SECRET_NAME_LEN} letters, digits, '.', '-' or '_'")]
    BadName,
    #[error("a secret value must not be empty")]
    EmptyValue,
    #[error("a secret value is limited to {MAX_SECRET_LEN} bytes")]
    ValueTooLarge,
    #[error("a secret needs at least one upstream it may be sent to (use \"*\" for any)")]
    NoUpstreams,
    #[error("an upstream pattern is empty, too long or has control characters")]
    BadUpstream,
    #[error("not a lease id (task/<task>/secret/<name>/<n>)")]
    BadLeaseId,
    #[error("no secret named {0}")]
    UnknownSecret(SecretName),
    #[error("no such lease was issued")]
    UnknownLease,
    #[error("the lease expired {ago_secs} s ago")]
    LeaseExpired { ago_secs: i64 },
    #[error("the lease was revoked: {0:?}")]
    Revoked(RevokedBy),
    #[error("the lease's task has ended")]
    TaskEnded,
    #[error("secret {secret} may not be sent to this upstream")]
    UpstreamNotAllowed { secret: SecretName },
    #[error("the secret could not be decrypted (wrong key, or the stored row was altered)")]
    Crypto,
    #[error("the task's credential was refused: {0}")]
    Token(#[from] TokenError),
    #[error(transparent)]
    Identity(#[from] IdentityError),
}

impl SecretError {
    /// The detector a refusal raises. An upstream outside the secret's binding raises none
    /// here: the gateway's policy and exfiltration detectors judge the call itself.
    pub fn alert(&self) -> Option<Alert> {
        match self {
            SecretError::Revoked(_) | SecretError::TaskEnded => Some(Alert::RevokedCredentialUse),
            SecretError::UnknownLease | SecretError::LeaseExpired { .. } => {
                Some(Alert::InvalidToken)
            }
            SecretError::Token(t) => t.alert(),
            _ => None,
        }
    }
}
