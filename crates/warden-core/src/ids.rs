//! Identifiers, parsed and validated at the boundary.
//!
//! Event ids are UUIDv7: unique without coordination and sortable by creation time. Session and
//! task ids come from agents and users, so they are validated text: bounded length, no control
//! characters (they end up in terminals, HTML and log lines).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// Maximum length of a session or task id, in bytes.
pub const MAX_ID_LEN: usize = 256;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdError {
    #[error("{what} must not be empty")]
    Empty { what: &'static str },
    #[error("{what} is longer than {MAX_ID_LEN} bytes")]
    TooLong { what: &'static str },
    #[error("{what} contains a control character")]
    Control { what: &'static str },
    #[error("event id {0:?} is not a UUIDv7 (time-ordered UUID)")]
    NotUuidV7(String),
}

/// A time-ordered event id (UUIDv7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventId(Uuid);

impl EventId {
    /// Wraps a UUID after checking it is version 7.
    pub fn from_uuid(uuid: Uuid) -> Result<Self, IdError> {
        if uuid.get_version_num() == 7 {
            Ok(Self(uuid))
        } else {
            Err(IdError::NotUuidV7(uuid.to_string()))
        }
    }

    /// Builds an id from a Unix time in milliseconds and 10 random bytes supplied by the caller
    /// (this crate does no I/O, so it neither reads the clock nor draws randomness).
    pub fn from_parts(unix_ms: u64, random: &[u8; 10]) -> Self {
        Self(uuid::Builder::from_unix_timestamp_millis(unix_ms, random).into_uuid())
    }

    pub fn as_uuid(&self) -> &Uuid {
        &self.0
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }
}

impl std::str::FromStr for EventId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let uuid =
            Uuid::parse_str(s).map_err(|_| IdError::NotUuidV7(s.chars().take(64).collect()))?;
        Self::from_uuid(uuid)
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl Serialize for EventId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.hyphenated())
    }
}

impl<'de> Deserialize<'de> for EventId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

fn validate_text(what: &'static str, s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty { what });
    }
    if s.len() > MAX_ID_LEN {
        return Err(IdError::TooLong { what });
    }
    if s.chars().any(char::is_control) {
        return Err(IdError::Control { what });
    }
    Ok(())
}

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                validate_text($what, &s)?;
                Ok(Self(s))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Self::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
            }
        }
    };
}

text_id!(
    /// One conversation or connection (a Claude Code `session_id`, an MCP session, …).
    SessionId,
    "session_id"
);
text_id!(
    /// A unit of work; every session belongs to exactly one.
    TaskId,
    "task_id"
);

impl TaskId {
    /// Prefix of the task a session gets when it arrives without one.
    pub const IMPLICIT_PREFIX: &'static str = "implicit:";

    /// The implicit task of a session seen without a declared task. Deterministic, so every
    /// gateway of a fleet derives the same id for the same session.
    pub fn implicit_for(session: &SessionId) -> Self {
        Self(format!("{}{}", Self::IMPLICIT_PREFIX, session.as_str()))
    }

    pub fn is_implicit(&self) -> bool {
        self.0.starts_with(Self::IMPLICIT_PREFIX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_are_v7_and_sort_by_time() {
        let a = EventId::from_parts(1_000, &[0xff; 10]);
        let b = EventId::from_parts(1_001, &[0x00; 10]);
        assert!(a < b);
        assert_eq!(a.to_string().parse::<EventId>(), Ok(a));
        assert!("6ba7b810-9dad-11d1-80b4-00c04fd430c8"
            .parse::<EventId>()
            .is_err());
        assert!("nope".parse::<EventId>().is_err());
    }

    #[test]
    fn text_ids_are_validated() {
        assert!(SessionId::new("").is_err());
        assert!(SessionId::new("a\nb").is_err());
        assert!(SessionId::new("x".repeat(257)).is_err());
        let s = SessionId::new("83f1e469-7b3c").expect("valid");
        let t = TaskId::implicit_for(&s);
        assert!(t.is_implicit());
        assert_eq!(t.as_str(), "implicit:83f1e469-7b3c");
        assert!(serde_json::from_str::<SessionId>("\"\"").is_err());
    }
}
