//! The two eras of the MCP specification, as they matter on the wire.
//!
//! - [`Era::Legacy`]: protocol versions up to `2025-11-25`. A connection starts with
//!   `initialize`; over HTTP the server may assign an `Mcp-Session-Id`, the client may open a
//!   GET stream, servers may send requests (sampling, elicitation, roots) on SSE streams, and
//!   streams resume with `Last-Event-ID`.
//! - [`Era::Stateless`]: `2026-07-28`. No handshake and no session; every request carries its
//!   protocol version in `_meta` and, over HTTP, `MCP-Protocol-Version`, `Mcp-Method` and
//!   (for calls) `Mcp-Name` headers that must agree with the body; server→client requests
//!   become `input_required` results (MRTR).

/// The first protocol version of the stateless era.
pub const STATELESS_VERSION: &str = "2026-07-28";

/// The protocol versions the legacy era comprises, newest first.
pub const LEGACY_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Era {
    Legacy,
    Stateless,
}

impl Era {
    /// The era a protocol version belongs to. Versions are ISO dates, so any version from the
    /// stateless revision on is stateless (a later revision keeps the stateless core).
    pub fn of_version(version: &str) -> Era {
        if version >= STATELESS_VERSION {
            Era::Stateless
        } else {
            Era::Legacy
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Era::Legacy => "legacy",
            Era::Stateless => "stateless",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_map_to_eras() {
        assert_eq!(Era::of_version("2025-11-25"), Era::Legacy);
        assert_eq!(Era::of_version("2024-11-05"), Era::Legacy);
        assert_eq!(Era::of_version("2026-07-28"), Era::Stateless);
        assert_eq!(Era::of_version("2027-01-01"), Era::Stateless);
    }
}
