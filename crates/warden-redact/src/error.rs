//! Errors. Messages name rules, files and fields, never secret values.

use std::path::PathBuf;

/// Everything that can go wrong while building a scanner or redactor.
///
/// No variant carries a secret: known-secret errors carry the secret's
/// *name*, regex errors carry the rule id and the pattern (rule text is
/// configuration, not data).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A rule's regex does not compile (for gitleaks files: Go RE2 syntax
    /// the `regex` crate does not accept, such as look-around or `\C`).
    #[error("rule `{rule_id}`: regex does not compile: {message} (Warden uses the Rust `regex` dialect, which accepts most Go RE2 syntax but no look-around or backreferences; rewrite or remove this rule)")]
    InvalidRegex { rule_id: String, message: String },

    /// An allowlist regex does not compile.
    #[error("allowlist of {owner}: regex does not compile: {message}")]
    InvalidAllowlistRegex { owner: String, message: String },

    /// `secretGroup` names a capture group the regex does not have.
    #[error("rule `{rule_id}`: secretGroup {group} does not exist (the regex has {groups} capture group(s))")]
    InvalidSecretGroup {
        rule_id: String,
        group: usize,
        groups: usize,
    },

    /// A rule id is empty or contains characters that would break the
    /// `[REDACTED:<rule-id>:...]` reference format.
    #[error("rule id `{rule_id}` is invalid: use 1-64 characters from [A-Za-z0-9._-]")]
    InvalidRuleId { rule_id: String },

    /// Two rules share an id.
    #[error("rule id `{rule_id}` is defined twice")]
    DuplicateRuleId { rule_id: String },

    /// An allowlist names a rule that does not exist.
    #[error("allowlist for rule `{rule_id}`: no such rule (check the id against the built-in rule list)")]
    UnknownRule { rule_id: String },

    /// An entropy threshold outside 0..=8 bits per byte.
    #[error("rule `{rule_id}`: entropy {entropy} is outside 0..=8 (Shannon bits per byte)")]
    InvalidEntropy { rule_id: String, entropy: f64 },

    /// A gitleaks rule file is not valid TOML or has the wrong shape.
    #[error("gitleaks rule file{}: {message}", .path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    RuleFile {
        path: Option<PathBuf>,
        message: String,
    },

    /// A gitleaks allowlist field has a value Warden does not know.
    #[error(
        "allowlist of {owner}: {field} = `{value}` is not supported (expected one of: {expected})"
    )]
    AllowlistField {
        owner: String,
        field: &'static str,
        value: String,
        expected: &'static str,
    },

    /// Reading a rule file failed.
    #[error("cannot read rule file {}: {message}", .path.display())]
    Io { path: PathBuf, message: String },

    /// A known secret is too short to be matched without flooding the
    /// record with false redactions.
    #[error("known secret `{name}` is shorter than {min} bytes; register the full credential, not a fragment")]
    KnownSecretTooShort { name: String, min: usize },

    /// A known secret's name is empty or too long.
    #[error("known secret name is invalid: use 1-128 printable characters")]
    InvalidKnownSecretName,

    /// The key ring is inconsistent (for example `current` has no key).
    #[error("key ring: {0}")]
    KeyRing(String),

    /// The keyword prefilter could not be built (too many or too long
    /// keywords in loaded rules).
    #[error("keyword prefilter: {message}")]
    Prefilter { message: String },

    /// A field-policy path pattern could not be parsed.
    #[error("field policy pattern `{pattern}`: {message}")]
    FieldPattern { pattern: String, message: String },
}

/// Shorthand result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
