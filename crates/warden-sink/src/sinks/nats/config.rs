//! `type = "nats"`: publish each event to a NATS JetStream subject.

use serde::Deserialize;

use crate::encode::Format;
use crate::secret::SecretRef;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NatsConfig {
    /// Server URL(s), comma-separated.
    #[serde(default = "default_url")]
    pub url: String,
    /// Subject to publish on; `{kind}` is replaced by the event kind (`warden.events.{kind}`).
    /// A JetStream stream must capture it.
    #[serde(default = "default_subject")]
    pub subject: String,
    /// `jsonl` (the record) or `ocsf`.
    #[serde(default = "default_format")]
    pub format: Format,
    /// Longest wait for the stream's acknowledgement of a batch.
    #[serde(default = "default_ack_timeout")]
    pub ack_timeout_ms: u64,
    /// NATS token authentication: a brokered secret's name, or an environment variable.
    pub token_secret: Option<String>,
    pub token_env: Option<String>,
}

fn default_url() -> String {
    "nats://127.0.0.1:4222".into()
}

fn default_subject() -> String {
    "warden.events".into()
}

fn default_format() -> Format {
    Format::Jsonl
}

fn default_ack_timeout() -> u64 {
    5_000
}

impl NatsConfig {
    pub fn validate(&self, name: &str) -> Result<(), String> {
        if !matches!(self.format, Format::Jsonl | Format::Ocsf) {
            return Err(format!("sinks.{name}.format: nats sends jsonl or ocsf"));
        }
        let subject_ok = !self.subject.is_empty()
            && self.subject.len() <= 256
            && !self.subject.contains(['*', '>', ' ', '\t', '\r', '\n'])
            && self.subject.split('.').all(|t| !t.is_empty());
        if !subject_ok {
            return Err(format!(
                "sinks.{name}.subject: {:?} is not a publishable subject (no wildcards, spaces or empty tokens)",
                self.subject
            ));
        }
        if !(100..=300_000).contains(&self.ack_timeout_ms) {
            return Err(format!(
                "sinks.{name}.ack_timeout_ms must be between 100 and 300000"
            ));
        }
        SecretRef::from_pair(name, self.token_secret.as_ref(), self.token_env.as_ref())?;
        Ok(())
    }

    /// The subject an event of `kind` goes to.
    pub fn subject_for(&self, kind: &str) -> String {
        self.subject.replace("{kind}", kind)
    }
}
