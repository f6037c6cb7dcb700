//! Redaction: findings become `[REDACTED:<rule-id>:hmac-sha256:<v>:<hex>]`.

use std::fmt;
use std::ops::Range;

use serde_json::Value;

use crate::error::Result;
use crate::keyring::KeyRing;
use crate::pii::PiiSet;
use crate::policy::{is_secret_key_name, FieldMode, FieldPolicy};
use crate::scanner::{Candidate, ScanOptions, Scanner, SecretSource};

/// Replacement for values whose field mode is [`FieldMode::Drop`].
pub const DROPPED: &str = "[DROPPED]";
/// Rule id of references made by [`FieldMode::Hash`].
pub const FIELD_RULE_ID: &str = "field";
/// Rule id of references made for values under secret-looking key names.
pub const SECRET_FIELD_RULE_ID: &str = "secret-field";

/// One redacted secret. Holds where it was and its reference, never the
/// secret itself, so `Debug` and serialization are safe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule that found it.
    pub rule_id: String,
    /// Byte span in the original text (for JSON: in the original string
    /// value, or object key when `in_key`).
    pub span: Range<usize>,
    /// The full reference that replaced it:
    /// `[REDACTED:<rule-id>:hmac-sha256:<version>:<64 hex>]`.
    pub reference: String,
    /// JSON Pointer (RFC 6901) of the value, for [`Redactor::redact_json`].
    pub path: Option<String>,
    /// Whether the finding was in an object key rather than a value.
    pub in_key: bool,
    /// Name of the registered known secret, for `known-secret` findings.
    pub known_secret: Option<String>,
}

impl Finding {
    /// The `hmac-sha256:<version>:<hex>` part of the reference, as returned
    /// by [`Redactor::hash_value`].
    pub fn digest(&self) -> &str {
        self.reference
            .find("hmac-sha256:")
            .map(|i| self.reference[i..].trim_end_matches(']'))
            .unwrap_or_default()
    }
}

/// Redacted text and what was redacted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redacted {
    /// The text with every finding replaced by its reference.
    pub text: String,
    /// Findings in text order.
    pub findings: Vec<Finding>,
}

/// Scanner + key ring: turns text and JSON into their redacted form.
pub struct Redactor {
    scanner: Scanner,
    keys: KeyRing,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("scanner", &self.scanner)
            .field("keys", &self.keys)
            .finish()
    }
}

fn reference(rule: &str, digest: &str) -> String {
    format!("[REDACTED:{rule}:{digest}]")
}

impl Redactor {
    /// A redactor over `scanner` with `keys`.
    pub fn new(scanner: Scanner, keys: KeyRing) -> Redactor {
        Redactor { scanner, keys }
    }

    /// The scanner.
    pub fn scanner(&self) -> &Scanner {
        &self.scanner
    }

    /// The key ring.
    pub fn keyring(&self) -> &KeyRing {
        &self.keys
    }

    /// Add a key version and make it current; returns the new version.
    pub fn rotate_key(&mut self, key: [u8; 32]) -> Result<u32> {
        self.keys.rotate(key)
    }

    /// Register a secret Warden brokers (see [`Scanner::add_known_secret`]).
    pub fn add_known_secret(&self, name: &str, value: impl AsRef<[u8]>) -> Result<()> {
        self.scanner.add_known_secret(name, value)
    }

    /// Forget a known secret.
    pub fn remove_known_secret(&self, name: &str) -> bool {
        self.scanner.remove_known_secret(name)
    }

    /// `hmac-sha256:<current version>:<hex>` of `value`: what `warden hash
    /// VALUE` prints; every finding for this value contains it.
    pub fn hash_value(&self, value: &str) -> String {
        self.keys.reference_for(value.as_bytes())
    }

    /// The digest of `value` under every key version, to search records
    /// written before a rotation.
    pub fn references_for_all_versions(&self, value: &str) -> Vec<String> {
        self.keys.references_for_all_versions(value.as_bytes())
    }

    fn digest_of(&self, text: &str, c: &Candidate) -> String {
        match &c.source {
            SecretSource::Text => self.keys.reference_for(&text.as_bytes()[c.span.clone()]),
            SecretSource::Known(k, _) => self.keys.reference_for(&k.value),
        }
    }

    /// Redact `text`. Existing references and `[DROPPED]` markers are left
    /// alone, so redacting twice changes nothing.
    pub fn redact_str(&self, text: &str, opts: &ScanOptions) -> Redacted {
        self.redact_found(text, opts).unwrap_or_else(|| Redacted {
            text: text.to_string(),
            findings: Vec::new(),
        })
    }

    /// [`redact_str`](Self::redact_str) when it finds something; `None` (and no copy of
    /// `text`) when it finds nothing, the common case for every string of every body.
    fn redact_found(&self, text: &str, opts: &ScanOptions) -> Option<Redacted> {
        if text.is_empty() {
            return None;
        }
        let cands = self.scanner.candidates(text, opts);
        if cands.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len() + cands.len() * 96);
        let mut findings = Vec::with_capacity(cands.len());
        let mut last = 0;
        for c in &cands {
            let r = reference(&c.rule, &self.digest_of(text, c));
            out.push_str(&text[last..c.span.start]);
            out.push_str(&r);
            last = c.span.end;
            findings.push(Finding {
                rule_id: c.rule.to_string(),
                span: c.span.clone(),
                reference: r,
                path: None,
                in_key: false,
                known_secret: match &c.source {
                    SecretSource::Known(k, _) => Some(k.name.to_string()),
                    SecretSource::Text => None,
                },
            });
        }
        out.push_str(&text[last..]);
        Some(Redacted {
            text: out,
            findings,
        })
    }

    /// Redact every string of a JSON value in place according to `policy`.
    /// Object keys are checked for known secrets only. Values under
    /// secret-looking keys (`password`, `api_key`, `authorization`, ...) are
    /// hashed whole (rule `secret-field`) when no rule matched them.
    pub fn redact_json(&self, value: &mut Value, policy: &FieldPolicy) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut path = Vec::new();
        self.walk(
            value,
            &mut path,
            policy.default_pii(),
            None,
            policy,
            &mut findings,
        );
        findings
    }

    fn walk(
        &self,
        v: &mut Value,
        path: &mut Vec<String>,
        inherited_pii: PiiSet,
        key: Option<&str>,
        policy: &FieldPolicy,
        findings: &mut Vec<Finding>,
    ) {
        let (mode, pii) = policy
            .lookup(path)
            .unwrap_or((FieldMode::Scan, inherited_pii));
        match mode {
            FieldMode::Keep => {}
            FieldMode::Drop => *v = Value::String(DROPPED.to_string()),
            FieldMode::Hash => {
                if let Value::String(s) = v {
                    if self.is_marker(s) {
                        return;
                    }
                }
                let bytes = match &*v {
                    Value::String(s) => s.as_bytes().to_vec(),
                    other => serde_json::to_vec(other).unwrap_or_default(),
                };
                let r = reference(FIELD_RULE_ID, &self.keys.reference_for(&bytes));
                findings.push(Finding {
                    rule_id: FIELD_RULE_ID.to_string(),
                    span: 0..bytes.len(),
                    reference: r.clone(),
                    path: Some(pointer(path)),
                    in_key: false,
                    known_secret: None,
                });
                *v = Value::String(r);
            }
            FieldMode::Scan => match v {
                Value::String(s) => self.scan_string(s, pii, key, path, policy, findings),
                Value::Array(items) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        path.push(i.to_string());
                        self.walk(item, path, pii, None, policy, findings);
                        path.pop();
                    }
                }
                Value::Object(map) => {
                    self.redact_keys(map, path, findings);
                    for (k, item) in map.iter_mut() {
                        path.push(k.clone());
                        self.walk(item, path, pii, Some(k), policy, findings);
                        path.pop();
                    }
                }
                _ => {}
            },
        }
    }

    fn redact_keys(
        &self,
        map: &mut serde_json::Map<String, Value>,
        path: &mut Vec<String>,
        findings: &mut Vec<Finding>,
    ) {
        if !self.scanner.has_known_secrets() {
            return;
        }
        let renames: Vec<(String, Redacted)> = map
            .keys()
            .filter_map(|k| {
                let r = self.redact_found(k, &ScanOptions::known_only())?;
                Some((k.clone(), r))
            })
            .collect();
        for (old, r) in renames {
            if let Some(val) = map.remove(&old) {
                path.push(r.text.clone());
                let p = pointer(path);
                path.pop();
                for mut f in r.findings {
                    f.path = Some(p.clone());
                    f.in_key = true;
                    findings.push(f);
                }
                map.insert(r.text, val);
            }
        }
    }

    fn scan_string(
        &self,
        s: &mut String,
        pii: PiiSet,
        key: Option<&str>,
        path: &[String],
        policy: &FieldPolicy,
        findings: &mut Vec<Finding>,
    ) {
        if let Some(r) = self.redact_found(s, &ScanOptions::default().with_pii(pii)) {
            let p = pointer(path);
            for mut f in r.findings {
                f.path = Some(p.clone());
                findings.push(f);
            }
            *s = r.text;
            return;
        }
        let secret_key = policy.secret_key_names() && key.is_some_and(is_secret_key_name);
        if secret_key && !s.is_empty() && !self.contains_marker(s) {
            let r = reference(SECRET_FIELD_RULE_ID, &self.keys.reference_for(s.as_bytes()));
            findings.push(Finding {
                rule_id: SECRET_FIELD_RULE_ID.to_string(),
                span: 0..s.len(),
                reference: r.clone(),
                path: Some(pointer(path)),
                in_key: false,
                known_secret: None,
            });
            *s = r;
        }
    }

    /// The whole string is one reference or `[DROPPED]`.
    fn is_marker(&self, s: &str) -> bool {
        let spans = self.scanner.marker_spans(s);
        spans.len() == 1 && spans[0] == (0..s.len())
    }

    /// The string holds references and, besides them, nothing that could
    /// be a secret (e.g. `Bearer [REDACTED:...]`): already redacted.
    fn contains_marker(&self, s: &str) -> bool {
        let spans = self.scanner.marker_spans(s);
        if spans.is_empty() {
            return false;
        }
        let mut rest = String::with_capacity(s.len());
        let mut last = 0;
        for sp in spans {
            rest.push_str(&s[last..sp.start]);
            rest.push(' ');
            last = sp.end;
        }
        rest.push_str(&s[last..]);
        rest.split_whitespace()
            .all(|w| w.len() < 4 || w.chars().all(|c| c.is_alphabetic() || c == ':'))
    }
}

/// RFC 6901 JSON Pointer for a path.
pub(crate) fn pointer(path: &[String]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        out.push_str(&seg.replace('~', "~0").replace('/', "~1"));
    }
    out
}
