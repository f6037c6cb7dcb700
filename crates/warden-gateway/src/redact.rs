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
use warden_redact::{FieldMode, FieldPolicy, KeyRing, Redactor, ScanOptions, Scanner};
use warden_store::DataDir;

/// Redacts bodies; shared by every source.
pub struct Sealer {
    redactor: Arc<Redactor>,
    policy: FieldPolicy,
}

impl Sealer {
    /// A sealer keyed by the data directory's HMAC key ring, with the built-in rules.
    pub fn open(dir: &DataDir) -> Result<Self, String> {
        let (current, keys) = dir.hmac_keys().map_err(|e| e.to_string())?;
        let ring = KeyRing::from_keys(current, keys).map_err(|e| e.to_string())?;
        Ok(Self {
            redactor: Arc::new(Redactor::new(Scanner::new(), ring)),
            policy: field_policy()?,
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

fn field_policy() -> Result<FieldPolicy, String> {
    CORRELATION_FIELDS
        .iter()
        .try_fold(FieldPolicy::new(), |p, f| {
            p.field(f, FieldMode::Keep).map_err(|e| e.to_string())
        })
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
