//! # warden-redact
//!
//! Owns secret and PII detection and redaction for Warden: a layered
//! [`Scanner`] (secrets Warden itself brokers, matched exactly and in their
//! common encodings; a built-in rule set for well over 100 providers and
//! formats with a keyword prefilter; opt-in PII recognisers with checksum
//! validation; gitleaks-format rule files), and a [`Redactor`] that replaces
//! every finding by a Vault-style HMAC reference
//! `[REDACTED:<rule-id>:hmac-sha256:<key-version>:<hex>]` under a versioned
//! [`KeyRing`], for text and for JSON values under a [`FieldPolicy`].
//!
//! It must not log, print, store or return raw secrets: findings carry
//! spans and references only, and every public type's `Debug` is safe to
//! print. It does no network I/O and no file I/O except the explicit
//! [`load_gitleaks_file`] helper. Redaction is idempotent: existing
//! references are never redacted again.

#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

mod error;
pub mod gitleaks;
mod keyring;
mod known;
pub mod pii;
mod policy;
mod redactor;
mod rule;
pub mod rules;
mod scanner;

pub use error::{Error, Result};
pub use gitleaks::{load_gitleaks_file, parse_gitleaks_toml, GitleaksConfig};
pub use keyring::{KeyRing, HMAC_ALGORITHM};
pub use known::{Encoding, MIN_KNOWN_SECRET_LEN};
pub use pii::{PiiKind, PiiSet};
pub use policy::{is_secret_key_name, FieldMode, FieldPolicy};
pub use redactor::{Finding, Redacted, Redactor, DROPPED, FIELD_RULE_ID, SECRET_FIELD_RULE_ID};
pub use rule::{shannon_entropy, Allowlist, AllowlistSpec, Condition, RegexTarget, Rule, RuleSpec};
pub use scanner::{Match, ScanOptions, Scanner, ScannerBuilder, KNOWN_SECRET_RULE_ID};
