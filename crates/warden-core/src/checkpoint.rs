//! Signed checkpoints of the audit log, in the C2SP `tlog-checkpoint` / `signed-note` formats.
//!
//! A checkpoint is the text `<origin>\n<size>\n<base64 root>\n`, followed by a blank line and one
//! signature line `— <key name> <base64(key hash ‖ Ed25519 signature)>`. Using the ecosystem's
//! format means a checkpoint can be checked by any signed-note verifier and handed to a witness,
//! not only by Warden.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::merkle::Hash;

/// Signature algorithm byte for Ed25519 in signed-note key encodings.
const ALG_ED25519: u8 = 0x01;
const SIG_PREFIX: &str = "\u{2014} ";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CheckpointError {
    #[error("checkpoint is malformed: {0}")]
    Malformed(&'static str),
    #[error("checkpoint origin is {found:?}, expected {expected:?}")]
    WrongOrigin { found: String, expected: String },
    #[error("checkpoint has no signature by key {0:?} with a matching key hash")]
    NoSignature(String),
    #[error("checkpoint signature by {0:?} does not verify: the note was altered or forged")]
    BadSignature(String),
    #[error("verifier key is malformed: {0}")]
    BadKey(&'static str),
}

/// The signed content of a checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The note text that is signed (ends with a newline).
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root)
        )
    }

    fn parse_body(text: &str) -> Result<Self, CheckpointError> {
        let mut lines = text.split('\n');
        let origin = lines.next().filter(|o| !o.is_empty());
        let origin = origin.ok_or(CheckpointError::Malformed("missing origin line"))?;
        let size = lines
            .next()
            .and_then(|s| {
                // No sign, no leading zeros: one canonical spelling per size.
                let canonical = !s.is_empty() && (s == "0" || !s.starts_with('0'));
                canonical.then(|| s.parse::<u64>().ok()).flatten()
            })
            .ok_or(CheckpointError::Malformed(
                "tree size is not a decimal number",
            ))?;
        let root = lines
            .next()
            .and_then(|r| B64.decode(r).ok())
            .and_then(|r| <Hash>::try_from(r.as_slice()).ok())
            .ok_or(CheckpointError::Malformed(
                "root hash is not 32 base64 bytes",
            ))?;
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root,
        })
    }
}

/// The instance's log signing key, with its note key name.
pub struct LogSigner {
    name: String,
    key: SigningKey,
    key_hash: [u8; 4],
}

impl std::fmt::Debug for LogSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogSigner")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl LogSigner {
    /// A signer from a 32-byte Ed25519 seed. `name` is the note key name (no spaces or `+`).
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self, CheckpointError> {
        validate_key_name(name)?;
        let key = SigningKey::from_bytes(seed);
        let key_hash = key_hash(name, key.verifying_key().as_bytes());
        Ok(Self {
            name: name.to_owned(),
            key,
            key_hash,
        })
    }

    pub fn verifier(&self) -> LogVerifier {
        LogVerifier {
            name: self.name.clone(),
            key: self.key.verifying_key(),
            key_hash: self.key_hash,
        }
    }

    /// Signs `checkpoint`, returning the complete signed note text.
    pub fn sign(&self, checkpoint: &Checkpoint) -> String {
        let body = checkpoint.body();
        let sig = self.key.sign(body.as_bytes());
        let mut blob = Vec::with_capacity(4 + 64);
        blob.extend_from_slice(&self.key_hash);
        blob.extend_from_slice(&sig.to_bytes());
        format!("{body}\n{SIG_PREFIX}{} {}\n", self.name, B64.encode(blob))
    }
}

/// A public key that checks checkpoints, encoded as a note verifier key
/// `<name>+<hex key hash>+<base64(0x01 ‖ public key)>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogVerifier {
    name: String,
    key: VerifyingKey,
    key_hash: [u8; 4],
}

impl LogVerifier {
    pub fn parse(vkey: &str) -> Result<Self, CheckpointError> {
        let mut parts = vkey.trim().splitn(3, '+');
        let (Some(name), Some(hash_hex), Some(key_b64)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(CheckpointError::BadKey("expected <name>+<hash>+<key>"));
        };
        validate_key_name(name)?;
        let raw = B64
            .decode(key_b64)
            .map_err(|_| CheckpointError::BadKey("key is not base64"))?;
        let (alg, key) = raw
            .split_first()
            .ok_or(CheckpointError::BadKey("empty key"))?;
        if *alg != ALG_ED25519 {
            return Err(CheckpointError::BadKey("only Ed25519 keys are supported"));
        }
        let key: [u8; 32] = key
            .try_into()
            .map_err(|_| CheckpointError::BadKey("Ed25519 key is not 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&key)
            .map_err(|_| CheckpointError::BadKey("not a valid Ed25519 point"))?;
        let expected = key_hash(name, key.as_bytes());
        if hex::encode(expected) != hash_hex {
            return Err(CheckpointError::BadKey("key hash does not match the key"));
        }
        Ok(Self {
            name: name.to_owned(),
            key,
            key_hash: expected,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The verifier key string, the form users pass around and pin.
    pub fn encode(&self) -> String {
        let mut raw = vec![ALG_ED25519];
        raw.extend_from_slice(self.key.as_bytes());
        format!(
            "{}+{}+{}",
            self.name,
            hex::encode(self.key_hash),
            B64.encode(raw)
        )
    }

    /// Checks a signed note and returns the checkpoint it carries, if `origin` matches and a
    /// signature line by this key verifies. Signature lines by other keys are ignored.
    pub fn open(&self, note: &str, origin: &str) -> Result<Checkpoint, CheckpointError> {
        let split = note
            .rfind("\n\n")
            .ok_or(CheckpointError::Malformed("no signature block"))?;
        let (body, sigs) = (&note[..split + 1], &note[split + 2..]);
        if body.chars().any(|c| c.is_control() && c != '\n') {
            return Err(CheckpointError::Malformed(
                "control characters in note text",
            ));
        }
        let mut found_sig = None;
        for line in sigs.lines() {
            let rest = line
                .strip_prefix(SIG_PREFIX)
                .ok_or(CheckpointError::Malformed("signature line without em dash"))?;
            let (name, sig_b64) = rest.split_once(' ').ok_or(CheckpointError::Malformed(
                "signature line without key name",
            ))?;
            let blob = B64
                .decode(sig_b64)
                .map_err(|_| CheckpointError::Malformed("bad base64"))?;
            if name == self.name && blob.len() == 68 && blob[..4] == self.key_hash {
                found_sig = Some(blob);
            }
        }
        let blob = found_sig.ok_or_else(|| CheckpointError::NoSignature(self.name.clone()))?;
        let sig = Signature::from_slice(&blob[4..])
            .map_err(|_| CheckpointError::BadSignature(self.name.clone()))?;
        self.key
            .verify(body.as_bytes(), &sig)
            .map_err(|_| CheckpointError::BadSignature(self.name.clone()))?;
        let checkpoint = Checkpoint::parse_body(body)?;
        if checkpoint.origin != origin {
            return Err(CheckpointError::WrongOrigin {
                found: checkpoint.origin,
                expected: origin.to_owned(),
            });
        }
        Ok(checkpoint)
    }
}

fn validate_key_name(name: &str) -> Result<(), CheckpointError> {
    let ok = !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+');
    ok.then_some(()).ok_or(CheckpointError::BadKey(
        "key name is empty or has spaces or '+'",
    ))
}

/// Signed-note key hash: the first 4 bytes of `SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)`.
fn key_hash(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ALG_ED25519]);
    h.update(public);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> LogSigner {
        LogSigner::from_seed("warden-test", &[7u8; 32]).expect("valid name")
    }

    fn checkpoint() -> Checkpoint {
        Checkpoint {
            origin: "warden.local/log/test".into(),
            size: 42,
            root: [9u8; 32],
        }
    }

    #[test]
    fn signed_note_roundtrips_and_has_the_c2sp_shape() {
        let s = signer();
        let note = s.sign(&checkpoint());
        let mut lines = note.lines();
        assert_eq!(lines.next(), Some("warden.local/log/test"));
        assert_eq!(lines.next(), Some("42"));
        assert_eq!(lines.next(), Some(B64.encode([9u8; 32]).as_str()));
        assert_eq!(lines.next(), Some(""));
        assert!(lines
            .next()
            .is_some_and(|l| l.starts_with("\u{2014} warden-test ")));
        let v = LogVerifier::parse(&s.verifier().encode()).expect("vkey parses");
        assert_eq!(v.open(&note, "warden.local/log/test"), Ok(checkpoint()));
    }

    #[test]
    fn altered_or_forged_notes_are_rejected() {
        let s = signer();
        let v = s.verifier();
        let note = s.sign(&checkpoint());
        let altered = note.replacen("\n42\n", "\n43\n", 1);
        assert!(matches!(
            v.open(&altered, "warden.local/log/test"),
            Err(CheckpointError::BadSignature(_))
        ));
        let other = LogSigner::from_seed("warden-test", &[8u8; 32]).expect("valid");
        let forged = other.sign(&checkpoint());
        assert!(matches!(
            v.open(&forged, "warden.local/log/test"),
            Err(CheckpointError::NoSignature(_))
        ));
        assert!(matches!(
            v.open(&note, "elsewhere"),
            Err(CheckpointError::WrongOrigin { .. })
        ));
        assert!(v.open("garbage", "x").is_err());
    }

    #[test]
    fn bad_verifier_keys_are_rejected() {
        assert!(LogVerifier::parse("nokey").is_err());
        let good = signer().verifier().encode();
        let bad_hash = good.replacen('+', "+00", 1);
        assert!(LogVerifier::parse(&bad_hash).is_err());
    }
}
