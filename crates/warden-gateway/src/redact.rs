//! The redact stage: every body passes the secret scanner before it is stored, so the record
//! never becomes the place secrets leak from.
//!
//! Each secret becomes `[REDACTED:<rule>:hmac-sha256:<key-version>:<hex>]`, keyed by the
//! instance's HMAC key ring (`<data>/keys/hmac.keys`): an investigator who knows a value can
//! compute its reference (`warden hash`) and find every event it appeared in. Detection still
//! sees the raw text, in memory, on the request path; nothing raw reaches the store.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use warden_analysis::{SecretCheck, SecretMatch};
use warden_core::Body;
use warden_redact::{
    FieldMode, FieldPolicy, KeyRing, PiiKind, PiiSet, Redactor, ScanOptions, Scanner,
};

use crate::config::RedactConfig;
use warden_store::DataDir;

/// Redacts bodies; shared by every source.
pub struct Sealer {
    redactor: Arc<Redactor>,
    policy: FieldPolicy,
}

impl Sealer {
    /// A sealer keyed by the data directory's HMAC key ring, with the built-in rules.
    pub fn open(dir: &DataDir) -> Result<Self, String> {
        Self::with_config(dir, &RedactConfig::default())
    }

    /// A sealer with the configured extra rules, field modes and PII.
    pub fn with_config(dir: &DataDir, config: &RedactConfig) -> Result<Self, String> {
        let (current, keys) = dir.hmac_keys().map_err(|e| e.to_string())?;
        let ring = KeyRing::from_keys(current, keys).map_err(|e| e.to_string())?;
        let scanner = match &config.rules_file {
            None => Scanner::new(),
            Some(path) => {
                let rules = warden_redact::load_gitleaks_file(path)
                    .map_err(|e| format!("redact.rules_file {}: {e}", path.display()))?;
                Scanner::builder()
                    .gitleaks(rules)
                    .build()
                    .map_err(|e| format!("redact.rules_file {}: {e}", path.display()))?
            }
        };
        let policy = configured_policy(config)?;
        Ok(Self {
            redactor: Arc::new(Redactor::new(scanner, ring)),
            policy,
        })
    }

    pub fn redactor(&self) -> &Arc<Redactor> {
        &self.redactor
    }

    /// The body as it may be stored: every secret replaced by its reference.
    pub fn seal(&self, mut value: Value) -> Body {
        self.redactor.redact_json(&mut value, &self.policy);
        Body::from_value(&value)
    }

    /// The scanner as the secret check analysis and detection use.
    pub fn secret_check(&self) -> Arc<dyn SecretCheck> {
        Arc::new(ScannerCheck {
            redactor: self.redactor.clone(),
            kinds: Mutex::default(),
        })
    }
}

/// Identifiers agents put in their payloads that correlate the record: kept as they are (they
/// are ids, not credentials, even where their names look like a session cookie's).
const CORRELATION_FIELDS: &[&str] = &[
    "session_id",
    "conversation_id",
    "generation_id",
    "turn_id",
    "tool_use_id",
    "tool_call_id",
    "prompt_id",
    "agent_id",
    "subagent_id",
    "transcript_path",
];

/// The field policy: correlation ids kept, then the configured modes and PII.
fn configured_policy(config: &RedactConfig) -> Result<FieldPolicy, String> {
    let mut policy = CORRELATION_FIELDS
        .iter()
        .try_fold(FieldPolicy::new(), |p, f| {
            p.field(f, FieldMode::Keep).map_err(|e| e.to_string())
        })?;
    for (pattern, mode) in &config.fields {
        let mode = match mode.as_str() {
            "keep" => FieldMode::Keep,
            "hash" => FieldMode::Hash,
            "drop" => FieldMode::Drop,
            "scan" => FieldMode::Scan,
            other => {
                return Err(format!("redact.fields.{pattern:?}: unknown mode {other:?}; expected keep, hash, drop or scan"))
            }
        };
        policy = policy
            .field(pattern, mode)
            .map_err(|e| format!("redact.fields.{pattern:?}: {e}"))?;
    }
    for (pattern, kinds) in &config.pii {
        let mut set = PiiSet::NONE;
        for kind in kinds {
            let wanted = format!("pii-{}", kind.replace('_', "-"));
            let found = PiiKind::ALL.into_iter().find(|k| k.rule_id() == wanted).ok_or_else(|| {
                format!("redact.pii.{pattern:?}: unknown PII kind {kind:?}; expected email, phone, credit_card, iban or us_ssn")
            })?;
            set = set.with(found);
        }
        policy = policy
            .pii(pattern, set)
            .map_err(|e| format!("redact.pii.{pattern:?}: {e}"))?;
    }
    Ok(policy)
}

/// `warden-redact`'s scanner behind analysis's `SecretCheck`.
struct ScannerCheck {
    redactor: Arc<Redactor>,
    /// Rule ids as `&'static str` (the trait's kind type); bounded by the number of rules.
    kinds: Mutex<HashMap<String, &'static str>>,
}

impl ScannerCheck {
    fn kind(&self, rule: &str) -> &'static str {
        let mut kinds = match self.kinds.lock() {
            Ok(k) => k,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(k) = kinds.get(rule) {
            return k;
        }
        // Leaked once per distinct rule id, of which there are a few hundred at most.
        let leaked: &'static str = Box::leak(rule.to_owned().into_boxed_str());
        kinds.insert(rule.to_owned(), leaked);
        leaked
    }
}

impl SecretCheck for ScannerCheck {
    fn find(&self, text: &str) -> Vec<SecretMatch> {
        self.redactor
            .scanner()
            .scan(text, &ScanOptions::secrets())
            .into_iter()
            .map(|m| SecretMatch {
                kind: self.kind(&m.rule_id),
                fingerprint: fnv1a(text.as_bytes().get(m.span.clone()).unwrap_or_default()),
                start: m.span.start,
                end: m.span.end,
            })
            .collect()
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn stored(sealer: &Sealer, v: serde_json::Value) -> String {
        String::from_utf8(sealer.seal(v).canonical().to_vec()).expect("utf8")
    }

    #[test]
    fn pii_only_where_configured_and_ids_kept() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = DataDir::open_or_init(&tmp.path().join("d"), "").expect("init");
        let mut config = RedactConfig::default();
        config.pii.insert("prompt".into(), vec!["email".into()]);
        config
            .fields
            .insert("tool_input.note".into(), "drop".into());
        let s = Sealer::with_config(&dir, &config).expect("sealer");
        let out = stored(
            &s,
            json!({"session_id": "abc-123", "prompt": "mail ana@example.org", "other": "ana@example.org",
                   "tool_input": {"note": "anything"}}),
        );
        assert!(out.contains("\"session_id\":\"abc-123\""), "{out}");
        assert!(!out.contains("mail ana@example.org"), "{out}");
        assert!(
            out.contains("\"other\":\"ana@example.org\""),
            "PII is off outside configured fields: {out}"
        );
        assert!(!out.contains("anything"), "{out}");
    }

    #[test]
    fn bad_configuration_is_a_clear_error() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = DataDir::open_or_init(&tmp.path().join("d"), "").expect("init");
        let mut config = RedactConfig::default();
        config.fields.insert("x".into(), "shred".into());
        assert!(Sealer::with_config(&dir, &config)
            .err()
            .expect("refused")
            .contains("shred"));
        let mut config = RedactConfig::default();
        config.pii.insert("prompt".into(), vec!["dna".into()]);
        assert!(Sealer::with_config(&dir, &config)
            .err()
            .expect("refused")
            .contains("dna"));
    }
}
