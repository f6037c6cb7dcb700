//! SPIFFE ids, trust domains and agent names, parsed at the boundary.
//!
//! Rules follow the SPIFFE ID specification (SPIFFE-ID.md §2): scheme exactly `spiffe`, a trust
//! domain of lowercase letters, digits, `.`, `-`, `_` (no port, no userinfo), an optional path
//! of non-empty segments of letters, digits, `.`, `-`, `_` that are not `.` or `..`, no trailing
//! slash, no query, no fragment, no percent-encoding, at most 2048 bytes in all.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use warden_core::AgentRef;

/// Longest SPIFFE id accepted, in bytes (SPIFFE-ID.md §2.3 and §4.1).
pub const MAX_SPIFFE_ID_LEN: usize = 2048;
/// Longest trust domain name accepted, in bytes.
pub const MAX_TRUST_DOMAIN_LEN: usize = 255;
/// Longest agent name accepted, in bytes.
pub const MAX_AGENT_NAME_LEN: usize = 64;

/// Why a SPIFFE id, trust domain or agent name was refused. Messages never echo the input:
/// it may be attacker-chosen text that ends up in logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpiffeIdError {
    #[error("a SPIFFE id must start with the scheme spiffe:// (lowercase)")]
    WrongScheme,
    #[error("the trust domain is empty")]
    EmptyTrustDomain,
    #[error("the trust domain is longer than {MAX_TRUST_DOMAIN_LEN} bytes")]
    TrustDomainTooLong,
    #[error(
        "the trust domain may hold only lowercase letters, digits, '.', '-' and '_' (no port, no userinfo)"
    )]
    BadTrustDomainChar,
    #[error("the SPIFFE id is longer than {MAX_SPIFFE_ID_LEN} bytes")]
    TooLong,
    #[error("a path segment is empty (double or trailing slash)")]
    EmptySegment,
    #[error("a path segment is '.' or '..'")]
    DotSegment,
    #[error("a path segment may hold only letters, digits, '.', '-' and '_' (no query, fragment or percent-encoding)")]
    BadPathChar,
    #[error("an agent name must be 1..={MAX_AGENT_NAME_LEN} letters, digits, '.', '-' or '_', and not '.' or '..'")]
    BadAgentName,
    #[error("not an agent id: expected spiffe://<trust-domain>/agent/<name>")]
    NotAnAgent,
}

fn td_char_ok(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
}

fn segment_char_ok(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_')
}

fn check_segment(seg: &str) -> Result<(), SpiffeIdError> {
    if seg.is_empty() {
        return Err(SpiffeIdError::EmptySegment);
    }
    if seg == "." || seg == ".." {
        return Err(SpiffeIdError::DotSegment);
    }
    if !seg.bytes().all(segment_char_ok) {
        return Err(SpiffeIdError::BadPathChar);
    }
    Ok(())
}

/// A SPIFFE trust domain name such as `warden.local`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrustDomain(String);

impl TrustDomain {
    /// Parses a bare trust domain name (`example.org`) or its id form (`spiffe://example.org`).
    pub fn new(s: &str) -> Result<Self, SpiffeIdError> {
        let name = s.strip_prefix("spiffe://").unwrap_or(s);
        if name.is_empty() {
            return Err(SpiffeIdError::EmptyTrustDomain);
        }
        if name.len() > MAX_TRUST_DOMAIN_LEN {
            return Err(SpiffeIdError::TrustDomainTooLong);
        }
        if !name.bytes().all(td_char_ok) {
            return Err(SpiffeIdError::BadTrustDomainChar);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The trust domain's own SPIFFE id, `spiffe://<name>` (used as the task-token audience).
    pub fn id_string(&self) -> String {
        format!("spiffe://{}", self.0)
    }

    /// `spiffe://<self>/agent/<name>`.
    pub fn agent_id(&self, name: &AgentName) -> SpiffeId {
        SpiffeId {
            text: format!("spiffe://{}/agent/{}", self.0, name.0),
            td_len: self.0.len(),
        }
    }

    /// The gateway's own id in this trust domain, `spiffe://<self>/warden`: the issuer of
    /// everything Warden signs and the audience agents' SVIDs are minted for.
    pub fn warden_id(&self) -> SpiffeId {
        SpiffeId {
            text: format!("spiffe://{}/warden", self.0),
            td_len: self.0.len(),
        }
    }
}

impl Default for TrustDomain {
    fn default() -> Self {
        Self("warden.local".to_owned())
    }
}

impl fmt::Display for TrustDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for TrustDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrustDomain({})", self.0)
    }
}

impl std::str::FromStr for TrustDomain {
    type Err = SpiffeIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl Serialize for TrustDomain {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TrustDomain {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::new(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A validated SPIFFE id.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpiffeId {
    text: String,
    /// Length of the trust domain, which starts right after `spiffe://`.
    td_len: usize,
}

const SCHEME: &str = "spiffe://";

impl SpiffeId {
    pub fn parse(s: &str) -> Result<Self, SpiffeIdError> {
        let rest = s.strip_prefix(SCHEME).ok_or(SpiffeIdError::WrongScheme)?;
        if s.len() > MAX_SPIFFE_ID_LEN {
            return Err(SpiffeIdError::TooLong);
        }
        let (td, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if td.is_empty() {
            return Err(SpiffeIdError::EmptyTrustDomain);
        }
        if td.len() > MAX_TRUST_DOMAIN_LEN {
            return Err(SpiffeIdError::TrustDomainTooLong);
        }
        if !td.bytes().all(td_char_ok) {
            return Err(SpiffeIdError::BadTrustDomainChar);
        }
        if let Some(path) = path.strip_prefix('/') {
            // `spiffe://td/` (a lone trailing slash) is an empty segment, as the spec requires.
            for seg in path.split('/') {
                check_segment(seg)?;
            }
        }
        Ok(Self {
            text: s.to_owned(),
            td_len: td.len(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn trust_domain_str(&self) -> &str {
        &self.text[SCHEME.len()..SCHEME.len() + self.td_len]
    }

    pub fn trust_domain(&self) -> TrustDomain {
        TrustDomain(self.trust_domain_str().to_owned())
    }

    /// The path, with its leading `/`, or `""`.
    pub fn path(&self) -> &str {
        &self.text[SCHEME.len() + self.td_len..]
    }

    /// The agent name when this is `spiffe://<td>/agent/<name>`.
    pub fn agent_name(&self) -> Option<AgentName> {
        let name = self.path().strip_prefix("/agent/")?;
        AgentName::new(name).ok()
    }

    /// The id as the event record spells an agent.
    pub fn to_agent_ref(&self) -> AgentRef {
        // Every valid SPIFFE id is a valid `AgentRef` (the core parser is looser), so the
        // fallback is unreachable in practice; it keeps this infallible without a panic.
        AgentRef::parse(&self.text).unwrap_or_else(|_| AgentRef::unattested("bad-spiffe-id"))
    }
}

impl fmt::Display for SpiffeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for SpiffeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SpiffeId({})", self.text)
    }
}

impl std::str::FromStr for SpiffeId {
    type Err = SpiffeIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for SpiffeId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for SpiffeId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// An agent's registry name: one SPIFFE path segment, at most 64 bytes.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgentName(String);

impl AgentName {
    pub fn new(s: &str) -> Result<Self, SpiffeIdError> {
        if s.is_empty() || s.len() > MAX_AGENT_NAME_LEN || check_segment(s).is_err() {
            return Err(SpiffeIdError::BadAgentName);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AgentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AgentName({})", self.0)
    }
}

impl std::str::FromStr for AgentName {
    type Err = SpiffeIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl Serialize for AgentName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for AgentName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::new(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids_parse_and_split() {
        let id = SpiffeId::parse("spiffe://warden.local/agent/coder-1").expect("valid");
        assert_eq!(id.trust_domain_str(), "warden.local");
        assert_eq!(id.path(), "/agent/coder-1");
        assert_eq!(id.agent_name().expect("agent").as_str(), "coder-1");
        assert_eq!(id.to_agent_ref().as_str(), id.as_str());
        let bare = SpiffeId::parse("spiffe://example.org").expect("trust domain id");
        assert_eq!(bare.path(), "");
        assert!(bare.agent_name().is_none());
        let svc = SpiffeId::parse("spiffe://example.org/ns/prod/sa/Web_1.x").expect("valid");
        assert!(svc.agent_name().is_none());
    }

    #[test]
    fn bad_forms_are_refused_per_the_spec() {
        use SpiffeIdError::*;
        let cases: &[(&str, SpiffeIdError)] = &[
            ("", WrongScheme),
            ("https://example.org/a", WrongScheme),
            ("SPIFFE://example.org/a", WrongScheme),
            ("spiffe://", EmptyTrustDomain),
            ("spiffe:///a", EmptyTrustDomain),
            ("spiffe://Example.org/a", BadTrustDomainChar),
            ("spiffe://example.org:8080/a", BadTrustDomainChar),
            ("spiffe://user@example.org/a", BadTrustDomainChar),
            ("spiffe://example.org/", EmptySegment),
            ("spiffe://example.org/a/", EmptySegment),
            ("spiffe://example.org//a", EmptySegment),
            ("spiffe://example.org/./a", DotSegment),
            ("spiffe://example.org/a/..", DotSegment),
            ("spiffe://example.org/a?x=1", BadPathChar),
            ("spiffe://example.org/a#frag", BadPathChar),
            ("spiffe://example.org/a%20b", BadPathChar),
            ("spiffe://example.org/a b", BadPathChar),
            ("spiffe://exa\u{e9}mple.org/a", BadTrustDomainChar),
        ];
        for (input, want) in cases {
            assert_eq!(SpiffeId::parse(input).as_ref(), Err(want), "{input:?}");
        }
        let long_td = format!("spiffe://{}/a", "a".repeat(256));
        assert_eq!(SpiffeId::parse(&long_td), Err(TrustDomainTooLong));
        let long = format!("spiffe://example.org/{}", "a".repeat(2048));
        assert_eq!(SpiffeId::parse(&long), Err(TooLong));
    }

    #[test]
    fn agent_names_and_trust_domains() {
        assert!(AgentName::new("coder").is_ok());
        for bad in ["", ".", "..", "a/b", "a b", "é", &"x".repeat(65)] {
            assert_eq!(
                AgentName::new(bad),
                Err(SpiffeIdError::BadAgentName),
                "{bad:?}"
            );
        }
        let td = TrustDomain::new("spiffe://corp.example").expect("id form accepted");
        assert_eq!(td.as_str(), "corp.example");
        let name = AgentName::new("a").expect("name");
        assert_eq!(td.agent_id(&name).as_str(), "spiffe://corp.example/agent/a");
        assert_eq!(TrustDomain::default().as_str(), "warden.local");
        assert!(TrustDomain::new("Corp").is_err());
        assert!(serde_json::from_str::<SpiffeId>("\"spiffe://x/\"").is_err());
    }
}
