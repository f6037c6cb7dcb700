//! Versioned HMAC-SHA256 keys for Vault-style audit hashing:
//! `hmac-sha256:<version>:<64 hex>`.

use std::collections::BTreeMap;
use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The prefix of every reference digest.
pub const HMAC_ALGORITHM: &str = "hmac-sha256";

/// A ring of 32-byte HMAC keys by version. New references use the current
/// version; older versions stay so that an investigator can hash a value
/// under every version and search old records.
///
/// `Debug` shows versions only, never key material; keys are zeroed on drop.
#[derive(Clone)]
pub struct KeyRing {
    current: u32,
    keys: BTreeMap<u32, Zeroizing<[u8; 32]>>,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRing")
            .field("current", &self.current)
            .field("versions", &self.versions())
            .finish()
    }
}

impl KeyRing {
    /// A ring holding one key, which is current.
    pub fn new(version: u32, key: [u8; 32]) -> KeyRing {
        let mut keys = BTreeMap::new();
        keys.insert(version, Zeroizing::new(key));
        KeyRing {
            current: version,
            keys,
        }
    }

    /// A ring from stored keys; `current` must be one of them.
    pub fn from_keys(current: u32, keys: BTreeMap<u32, [u8; 32]>) -> Result<KeyRing> {
        if !keys.contains_key(&current) {
            return Err(Error::KeyRing(format!(
                "current version {current} has no key (versions: {:?})",
                keys.keys().collect::<Vec<_>>()
            )));
        }
        Ok(KeyRing {
            current,
            keys: keys
                .into_iter()
                .map(|(v, k)| (v, Zeroizing::new(k)))
                .collect(),
        })
    }

    /// The version used for new references.
    pub fn current_version(&self) -> u32 {
        self.current
    }

    /// All versions, ascending.
    pub fn versions(&self) -> Vec<u32> {
        self.keys.keys().copied().collect()
    }

    /// Add `key` as a new version (highest + 1) and make it current.
    /// Returns the new version.
    pub fn rotate(&mut self, key: [u8; 32]) -> Result<u32> {
        let next = self
            .keys
            .keys()
            .next_back()
            .copied()
            .unwrap_or(0)
            .checked_add(1)
            .ok_or_else(|| Error::KeyRing("key version overflow".into()))?;
        self.keys.insert(next, Zeroizing::new(key));
        self.current = next;
        Ok(next)
    }

    /// Add a historical key version (does not change the current one).
    pub fn insert(&mut self, version: u32, key: [u8; 32]) -> Result<()> {
        if self.keys.contains_key(&version) {
            return Err(Error::KeyRing(format!("version {version} already exists")));
        }
        self.keys.insert(version, Zeroizing::new(key));
        Ok(())
    }

    /// Make an existing version current.
    pub fn set_current(&mut self, version: u32) -> Result<()> {
        if !self.keys.contains_key(&version) {
            return Err(Error::KeyRing(format!("version {version} has no key")));
        }
        self.current = version;
        Ok(())
    }

    fn digest(key: &[u8; 32], value: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
            .expect("HMAC-SHA256 accepts keys of any length");
        mac.update(value);
        hex::encode(mac.finalize().into_bytes())
    }

    /// `hmac-sha256:<current version>:<hex>` for `value`.
    pub fn reference_for(&self, value: &[u8]) -> String {
        // `current` always has a key (constructors and mutators keep it so).
        let key = &self.keys[&self.current];
        format!(
            "{HMAC_ALGORITHM}:{}:{}",
            self.current,
            Self::digest(key, value)
        )
    }

    /// The reference under a given version, if that version exists.
    pub fn reference_for_version(&self, version: u32, value: &[u8]) -> Option<String> {
        self.keys
            .get(&version)
            .map(|key| format!("{HMAC_ALGORITHM}:{version}:{}", Self::digest(key, value)))
    }

    /// One reference per version, ascending: search old records with these.
    pub fn references_for_all_versions(&self, value: &[u8]) -> Vec<String> {
        self.keys
            .iter()
            .map(|(v, key)| format!("{HMAC_ALGORITHM}:{v}:{}", Self::digest(key, value)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_case_2_shape() {
        // HMAC-SHA256 with a 32-byte key is deterministic and 64 hex chars.
        let ring = KeyRing::new(1, [7u8; 32]);
        let r = ring.reference_for(b"value");
        assert!(r.starts_with("hmac-sha256:1:"));
        assert_eq!(r.len(), "hmac-sha256:1:".len() + 64);
        assert_eq!(r, ring.reference_for(b"value"));
    }

    #[test]
    fn debug_hides_keys() {
        let ring = KeyRing::new(3, [0xAB; 32]);
        let d = format!("{ring:?}");
        assert!(!d.to_lowercase().contains("ab, ") && !d.contains("171"));
        assert!(d.contains("current: 3"));
    }

    #[test]
    fn from_keys_requires_current() {
        let mut keys = BTreeMap::new();
        keys.insert(1, [1u8; 32]);
        assert!(KeyRing::from_keys(2, keys.clone()).is_err());
        assert!(KeyRing::from_keys(1, keys).is_ok());
    }
}
