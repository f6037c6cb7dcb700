//! Per-field redaction policy for JSON values.
//!
//! Patterns address values by path. Two spellings:
//! - dotted: `tool_input.command`, `messages[*].content`, `**.password`,
//!   `headers.x-*` (a segment may contain `*` wildcards; `**` alone matches
//!   any number of segments, including none; array indices are segments);
//! - JSON Pointer (RFC 6901): `/tool_input/command`.
//!
//! The first matching rule (in insertion order) decides a value's mode and
//! applies to its whole subtree unless a rule matches deeper down.

use crate::error::{Error, Result};
use crate::pii::PiiSet;

/// What to do with a JSON value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FieldMode {
    /// Record as is; do not scan.
    Keep,
    /// Replace the whole value by its reference (rule id `field`).
    Hash,
    /// Replace the whole value by `"[DROPPED]"`.
    Drop,
    /// Scan strings for secrets (and the field's PII kinds). The default.
    #[default]
    Scan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    AnyDepth,
    Glob(String),
}

#[derive(Clone, Debug)]
struct FieldRule {
    segs: Vec<Seg>,
    /// Without `**`, a rule matches only paths of its own length: checked first, as every
    /// value of every recorded body is looked up.
    fixed_len: Option<usize>,
    mode: FieldMode,
    pii: PiiSet,
}

/// Maps JSON paths to [`FieldMode`]s and PII kinds.
#[derive(Clone, Debug)]
pub struct FieldPolicy {
    rules: Vec<FieldRule>,
    default_pii: PiiSet,
    secret_key_names: bool,
}

impl Default for FieldPolicy {
    fn default() -> Self {
        FieldPolicy::new()
    }
}

impl FieldPolicy {
    /// Scan everything for secrets, no PII, hash values under obviously
    /// secret key names.
    pub fn new() -> Self {
        FieldPolicy {
            rules: Vec::new(),
            default_pii: PiiSet::NONE,
            secret_key_names: true,
        }
    }

    /// Set the mode for values matching `pattern`.
    pub fn field(self, pattern: &str, mode: FieldMode) -> Result<Self> {
        self.rule(pattern, mode, PiiSet::NONE)
    }

    /// Scan values matching `pattern` with the given PII recognisers.
    pub fn pii(self, pattern: &str, pii: PiiSet) -> Result<Self> {
        self.rule(pattern, FieldMode::Scan, pii)
    }

    /// Add a rule with both a mode and PII kinds (PII only matters for
    /// `Scan`).
    pub fn rule(mut self, pattern: &str, mode: FieldMode, pii: PiiSet) -> Result<Self> {
        let segs = parse_pattern(pattern)?;
        let fixed_len = (!segs.contains(&Seg::AnyDepth)).then_some(segs.len());
        self.rules.push(FieldRule {
            segs,
            fixed_len,
            mode,
            pii,
        });
        Ok(self)
    }

    /// PII recognisers for every scanned value not covered by a rule.
    #[must_use]
    pub fn with_default_pii(mut self, pii: PiiSet) -> Self {
        self.default_pii = pii;
        self
    }

    /// Do not hash values under secret-looking key names (`password`,
    /// `api_key`, ...) when no rule matched them.
    #[must_use]
    pub fn without_secret_key_names(mut self) -> Self {
        self.secret_key_names = false;
        self
    }

    pub(crate) fn default_pii(&self) -> PiiSet {
        self.default_pii
    }

    pub(crate) fn secret_key_names(&self) -> bool {
        self.secret_key_names
    }

    pub(crate) fn lookup(&self, path: &[String]) -> Option<(FieldMode, PiiSet)> {
        self.rules
            .iter()
            .find(|r| r.fixed_len.is_none_or(|n| n == path.len()) && path_matches(&r.segs, path))
            .map(|r| (r.mode, r.pii))
    }
}

fn parse_pattern(pattern: &str) -> Result<Vec<Seg>> {
    let err = |message: &str| Error::FieldPattern {
        pattern: pattern.to_string(),
        message: message.to_string(),
    };
    if pattern.is_empty() {
        return Err(err("empty pattern"));
    }
    let raw: Vec<String> = if let Some(rest) = pattern.strip_prefix('/') {
        rest.split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect()
    } else {
        let mut out = Vec::new();
        for part in pattern.split('.') {
            // name[0][*] -> name, 0, *
            let mut rest = part;
            let head_end = rest.find('[').unwrap_or(rest.len());
            let head = &rest[..head_end];
            if !head.is_empty() || head_end == rest.len() {
                out.push(head.to_string());
            }
            rest = &rest[head_end..];
            while let Some(r) = rest.strip_prefix('[') {
                let close = r.find(']').ok_or_else(|| err("unclosed `[`"))?;
                out.push(r[..close].to_string());
                rest = &r[close + 1..];
            }
            if !rest.is_empty() {
                return Err(err("text after `]`"));
            }
        }
        out
    };
    raw.into_iter()
        .map(|s| {
            if s.is_empty() {
                Err(err("empty segment"))
            } else if s == "**" {
                Ok(Seg::AnyDepth)
            } else {
                Ok(Seg::Glob(s))
            }
        })
        .collect()
}

fn path_matches(segs: &[Seg], path: &[String]) -> bool {
    match segs.split_first() {
        None => path.is_empty(),
        Some((Seg::AnyDepth, rest)) => (0..=path.len()).any(|i| path_matches(rest, &path[i..])),
        Some((Seg::Glob(g), rest)) => match path.split_first() {
            Some((p, prest)) => glob(g.as_bytes(), p.as_bytes()) && path_matches(rest, prest),
            None => false,
        },
    }
}

/// `*` matches any run of bytes (case-sensitive).
fn glob(pat: &[u8], s: &[u8]) -> bool {
    let (mut p, mut i) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while i < s.len() {
        if p < pat.len() && pat[p] != b'*' && pat[p] == s[i] {
            p += 1;
            i += 1;
        } else if p < pat.len() && pat[p] == b'*' {
            star = Some(p);
            mark = i;
            p += 1;
        } else if let Some(sp) = star {
            p = sp + 1;
            mark += 1;
            i = mark;
        } else {
            return false;
        }
    }
    pat[p..].iter().all(|&b| b == b'*')
}

/// Key names whose string values are secrets whatever they look like.
/// Matched case-insensitively after removing `-`, `_` and `.`, exactly or
/// as a suffix (`db_password`, `X-Api-Key`, `clientSecret`).
const SECRET_KEY_SUFFIXES: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "secretkey",
    "accesskey",
    "authkey",
    "signingkey",
    "encryptionkey",
    "masterkey",
    "authorization",
    "cookie",
    "credential",
    "credentials",
    "sessionid",
    "bearer",
];
const SECRET_KEY_EXACT: &[&str] = &["pass", "auth", "pin"];
/// Keys ending like a secret that hold opaque non-secret cursors.
const NOT_SECRET_KEYS: &[&str] = &[
    "nexttoken",
    "pagetoken",
    "nextpagetoken",
    "continuationtoken",
    "paginationtoken",
    "synctoken",
    "idempotencytoken",
    "clienttoken",
    "cursortoken",
];

/// Whether a JSON key name obviously holds a secret.
pub fn is_secret_key_name(key: &str) -> bool {
    // Every key of every recorded body comes here: short ASCII keys are normalised on the
    // stack, others into a string.
    let mut short = [0u8; 64];
    let mut len = 0;
    let ascii = key.len() <= short.len() && key.is_ascii();
    if ascii {
        for b in key
            .bytes()
            .filter(|b| !matches!(b, b'-' | b'_' | b'.' | b' '))
        {
            short[len] = b.to_ascii_lowercase();
            len += 1;
        }
    }
    let long: String;
    let norm = match std::str::from_utf8(&short[..len]) {
        Ok(s) if ascii => s,
        _ => {
            long = key
                .chars()
                .filter(|c| !matches!(c, '-' | '_' | '.' | ' '))
                .flat_map(char::to_lowercase)
                .collect();
            long.as_str()
        }
    };
    if norm.is_empty() || NOT_SECRET_KEYS.contains(&norm) {
        return false;
    }
    SECRET_KEY_EXACT.contains(&norm) || SECRET_KEY_SUFFIXES.iter().any(|s| norm.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<String> {
        s.split('/')
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn patterns() {
        let pol = FieldPolicy::new()
            .field("tool_input.command", FieldMode::Keep)
            .unwrap()
            .field("**.password", FieldMode::Drop)
            .unwrap()
            .field("messages[*].content", FieldMode::Hash)
            .unwrap()
            .field("/a~1b/c", FieldMode::Keep)
            .unwrap()
            .field("headers.x-*", FieldMode::Hash)
            .unwrap();
        assert_eq!(
            pol.lookup(&p("tool_input/command")).unwrap().0,
            FieldMode::Keep
        );
        assert_eq!(pol.lookup(&p("password")).unwrap().0, FieldMode::Drop);
        assert_eq!(pol.lookup(&p("db/x/password")).unwrap().0, FieldMode::Drop);
        assert_eq!(
            pol.lookup(&p("messages/3/content")).unwrap().0,
            FieldMode::Hash
        );
        assert_eq!(
            pol.lookup(&["a/b".into(), "c".into()]).unwrap().0,
            FieldMode::Keep
        );
        assert_eq!(
            pol.lookup(&p("headers/x-token")).unwrap().0,
            FieldMode::Hash
        );
        assert!(pol.lookup(&p("tool_input")).is_none());
        assert!(FieldPolicy::new().field("a..b", FieldMode::Keep).is_err());
    }

    #[test]
    fn secret_keys() {
        for k in [
            "password",
            "DB_PASSWORD",
            "X-Api-Key",
            "clientSecret",
            "Authorization",
            "github_token",
            "private_key",
            // Past the short ASCII path: non-ASCII, and longer than 64 bytes.
            "Benutzer-Passwort-für-Ä-Password",
            "a_very_long_configuration_field_name_for_the_upstream_service_access_token",
        ] {
            assert!(is_secret_key_name(k), "{k}");
        }
        for k in [
            "max_tokens",
            "NextToken",
            "tokenizer",
            "cwd",
            "PWD",
            "token_count",
            "name",
            "Größe",
            "a_very_long_configuration_field_name_for_the_upstream_service_token_count",
        ] {
            assert!(!is_secret_key_name(k), "{k}");
        }
    }
}
