//! Exact matching of secrets that Warden itself brokers, in the encodings
//! they are likely to travel in (raw, base64 std/url-safe with and without
//! padding, including when embedded at any byte offset of a larger base64
//! blob such as an HTTP Basic header, hex lower/upper, URL-encoded).

use std::fmt;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Shortest value accepted as a known secret.
pub const MIN_KNOWN_SECRET_LEN: usize = 8;
/// Shortest encoded fragment searched for (base64 at an offset keeps only
/// the characters that depend on the secret alone).
const MIN_VARIANT_LEN: usize = 8;

/// The encoding in which a known secret was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    Raw,
    Base64,
    Base64Url,
    /// Base64 of the secret inside a larger base64 blob (e.g. `user:secret`).
    Base64Embedded,
    HexLower,
    HexUpper,
    UrlEncoded,
}

pub(crate) struct KnownSecret {
    pub name: Arc<str>,
    pub value: Zeroizing<Vec<u8>>,
}

/// The current set of known secrets with their automaton. Immutable; the
/// scanner swaps in a new one on every change.
#[derive(Default)]
pub(crate) struct KnownSet {
    pub secrets: Vec<Arc<KnownSecret>>,
    ac: Option<AhoCorasick>,
    /// pattern id -> (secret index, encoding)
    targets: Vec<(usize, Encoding)>,
}

impl fmt::Debug for KnownSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KnownSet")
            .field(
                "names",
                &self.secrets.iter().map(|s| &*s.name).collect::<Vec<_>>(),
            )
            .field("patterns", &self.targets.len())
            .finish()
    }
}

pub(crate) struct KnownHit {
    pub start: usize,
    pub end: usize,
    pub secret: Arc<KnownSecret>,
    pub encoding: Encoding,
}

impl KnownSet {
    pub fn len(&self) -> usize {
        self.secrets.len()
    }

    pub fn names(&self) -> Vec<String> {
        self.secrets.iter().map(|s| s.name.to_string()).collect()
    }

    /// A new set with `name` added (replacing any secret of that name).
    pub fn with(&self, name: &str, value: &[u8]) -> Result<KnownSet> {
        validate_name(name)?;
        if value.len() < MIN_KNOWN_SECRET_LEN {
            return Err(Error::KnownSecretTooShort {
                name: name.to_string(),
                min: MIN_KNOWN_SECRET_LEN,
            });
        }
        let mut secrets: Vec<Arc<KnownSecret>> = self
            .secrets
            .iter()
            .filter(|s| &*s.name != name)
            .cloned()
            .collect();
        secrets.push(Arc::new(KnownSecret {
            name: Arc::from(name),
            value: Zeroizing::new(value.to_vec()),
        }));
        Ok(KnownSet::build(secrets))
    }

    /// A new set without `name`; `None` if it was not present.
    pub fn without(&self, name: &str) -> Option<KnownSet> {
        if !self.secrets.iter().any(|s| &*s.name == name) {
            return None;
        }
        let secrets = self
            .secrets
            .iter()
            .filter(|s| &*s.name != name)
            .cloned()
            .collect();
        Some(KnownSet::build(secrets))
    }

    fn build(secrets: Vec<Arc<KnownSecret>>) -> KnownSet {
        let mut patterns: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        let mut targets = Vec::new();
        for (i, s) in secrets.iter().enumerate() {
            let mut seen: Vec<Zeroizing<Vec<u8>>> = Vec::new();
            for (enc, v) in variants(&s.value) {
                if v.len() < MIN_VARIANT_LEN || seen.iter().any(|x| **x == *v) {
                    continue;
                }
                seen.push(v.clone());
                patterns.push(v);
                targets.push((i, enc));
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            // Building cannot fail for non-empty literal patterns within the
            // default limits; if it ever does, fall back to no automaton
            // rather than panicking on the input path.
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(patterns.iter().map(|p| p.as_slice()))
                .or_else(|_| {
                    AhoCorasick::builder()
                        .match_kind(MatchKind::LeftmostLongest)
                        .build(patterns.iter().map(|p| p.as_slice()))
                })
                .ok()
        };
        KnownSet {
            secrets,
            ac,
            targets,
        }
    }

    pub fn find(&self, text: &[u8], out: &mut Vec<KnownHit>) {
        let Some(ac) = &self.ac else { return };
        for m in ac.find_iter(text) {
            let (i, encoding) = self.targets[m.pattern().as_usize()];
            out.push(KnownHit {
                start: m.start(),
                end: m.end(),
                secret: self.secrets[i].clone(),
                encoding,
            });
        }
    }
}

fn validate_name(name: &str) -> Result<()> {
    if name.is_empty() || name.len() > 128 || name.chars().any(char::is_control) {
        return Err(Error::InvalidKnownSecretName);
    }
    Ok(())
}

fn variants(v: &[u8]) -> Vec<(Encoding, Zeroizing<Vec<u8>>)> {
    let z = |s: String| Zeroizing::new(s.into_bytes());
    let mut out = vec![
        (Encoding::Raw, Zeroizing::new(v.to_vec())),
        (Encoding::Base64, z(STANDARD.encode(v))),
        (Encoding::Base64, z(STANDARD_NO_PAD.encode(v))),
        (Encoding::Base64Url, z(URL_SAFE.encode(v))),
        (Encoding::Base64Url, z(URL_SAFE_NO_PAD.encode(v))),
        (Encoding::HexLower, z(hex::encode(v))),
        (Encoding::HexUpper, z(hex::encode_upper(v))),
    ];
    // The secret at byte offset 0, 1 or 2 of a larger base64 blob: keep only
    // the characters whose six bits all come from the secret.
    for offset in 0..3usize {
        let mut buf = Zeroizing::new(vec![0u8; offset]);
        buf.extend_from_slice(v);
        for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            let enc = Zeroizing::new(engine.encode(&*buf));
            let first = (8 * offset).div_ceil(6);
            let last = (8 * (offset + v.len())) / 6; // exclusive
            if last > first && last <= enc.len() {
                out.push((
                    Encoding::Base64Embedded,
                    Zeroizing::new(enc.as_bytes()[first..last].to_vec()),
                ));
            }
        }
    }
    for upper in [true, false] {
        let enc = percent_encode(v, upper);
        if enc.as_slice() != v {
            out.push((Encoding::UrlEncoded, enc));
        }
    }
    out
}

fn percent_encode(v: &[u8], upper: bool) -> Zeroizing<Vec<u8>> {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut out = Zeroizing::new(Vec::with_capacity(v.len() * 3));
    for &b in v {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b);
        } else {
            out.push(b'%');
            out.push(digits[(b >> 4) as usize]);
            out.push(digits[(b & 15) as usize]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_base64_is_found_at_every_offset() {
        let set = KnownSet::default().with("t", b"s3cr3t-value-XYZ").unwrap();
        for prefix in ["", "u:", "ab:", "abc:"] {
            let blob = STANDARD.encode(format!("{prefix}s3cr3t-value-XYZ"));
            let mut hits = Vec::new();
            set.find(blob.as_bytes(), &mut hits);
            assert!(!hits.is_empty(), "offset {}", prefix.len());
        }
    }

    #[test]
    fn short_secret_rejected() {
        assert!(KnownSet::default().with("t", b"short").is_err());
    }
}
