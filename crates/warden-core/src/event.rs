//! The event record, version 1 (documented in `docs/events.md`).
//!
//! An event is an *envelope* (who, what kind, when, which task and session, correlation ids, and
//! the SHA-256 of the body) plus a *body* (the redacted payload). The Merkle leaf commits to the
//! canonical envelope only, so a retention purge can drop a body while every proof stays valid,
//! and the envelope's `body_hash` still proves what the body was.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::canonical;
use crate::ids::{EventId, IdError, SessionId, TaskId};
use crate::merkle::{self, Hash};

/// Version of the envelope schema, carried in every envelope as `v`.
pub const ENVELOPE_VERSION: u32 = 1;

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident ($what:literal) { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(
                        "unknown {} {:?}; expected one of: {}",
                        $what,
                        other.chars().take(64).collect::<String>(),
                        [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

string_enum!(
    /// What an event records.
    EventKind ("event kind") {
        Prompt = "prompt",
        ModelOutput = "model_output",
        ToolCall = "tool_call",
        ToolResult = "tool_result",
        McpMessage = "mcp_message",
        Decision = "decision",
        Approval = "approval",
        Credential = "credential",
        SecretAccess = "secret_access",
        Alert = "alert",
        Task = "task",
        Session = "session",
        Other = "other",
    }
);

string_enum!(
    /// Where an event was captured.
    Source ("source") {
        Hook = "hook",
        McpStdio = "mcp-stdio",
        McpHttp = "mcp-http",
        Llm = "llm",
        Otlp = "otlp",
        Api = "api",
        Gateway = "gateway",
    }
);

/// The acting workload: a SPIFFE id (`spiffe://<trust-domain>/agent/<name>`) or
/// `unattested:<reason>` for events that arrived without a verified identity.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct AgentRef(String);

impl AgentRef {
    pub const UNATTESTED_PREFIX: &'static str = "unattested:";

    pub fn parse(s: &str) -> Result<Self, IdError> {
        let ok_spiffe = s.strip_prefix("spiffe://").is_some_and(|rest| {
            let (domain, path) = rest.split_once('/').unwrap_or((rest, ""));
            !domain.is_empty()
                && domain
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b))
                && path.split('/').all(|seg| {
                    !seg.is_empty()
                        && seg != "."
                        && seg != ".."
                        && seg
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b))
                })
        });
        let ok_unattested = s
            .strip_prefix(Self::UNATTESTED_PREFIX)
            .is_some_and(|r| !r.is_empty() && r.len() <= 128 && !r.chars().any(char::is_control));
        if ok_spiffe || ok_unattested {
            Ok(Self(s.to_owned()))
        } else {
            Err(IdError::Control {
                what: "agent (a spiffe:// id or unattested:<reason>)",
            })
        }
    }

    /// An unattested agent; `reason` is sanitized rather than rejected since it is ours.
    pub fn unattested(reason: &str) -> Self {
        let clean: String = reason
            .chars()
            .filter(|c| !c.is_control())
            .take(128)
            .collect::<String>();
        let clean = if clean.is_empty() {
            "unknown".to_owned()
        } else {
            clean
        };
        Self(format!("{}{clean}", Self::UNATTESTED_PREFIX))
    }

    pub fn is_attested(&self) -> bool {
        self.0.starts_with("spiffe://")
    }

    /// The identity a subagent of this agent acts under: one more path segment, so every
    /// subagent action is attributable to its parent (`…/subagent/<id>`).
    pub fn subagent(&self, id: &str) -> AgentRef {
        let clean: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-._".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .take(64)
            .collect();
        let clean = if clean.is_empty() || clean == "." || clean == ".." {
            "unnamed".into()
        } else {
            clean
        };
        AgentRef(format!("{}/subagent/{clean}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgentRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for AgentRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A UTC instant, written as RFC 3339 with exactly nine fractional digits, so that one instant
/// has one spelling and text order equals time order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

const TS_FORMAT: &[time::format_description::FormatItem<'static>] = time::macros::format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:9]Z"
);

impl Timestamp {
    pub fn from_unix_nanos(ns: i128) -> Option<Self> {
        OffsetDateTime::from_unix_timestamp_nanos(ns).ok().map(Self)
    }

    pub fn unix_nanos(&self) -> i128 {
        self.0.unix_timestamp_nanos()
    }

    /// Parses any RFC 3339 time and normalizes it to UTC.
    pub fn parse(s: &str) -> Result<Self, String> {
        OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .map(|t| Self(t.to_offset(time::UtcOffset::UTC)))
            .map_err(|e| {
                format!(
                    "{:?} is not an RFC 3339 time: {e}",
                    s.chars().take(40).collect::<String>()
                )
            })
    }

    pub fn as_offset(&self) -> OffsetDateTime {
        self.0
    }

    /// Appends the canonical text form (`YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`) without allocating.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let t = self.0;
        push_digits(out, t.year().clamp(0, 9999) as u32, 4);
        out.push(b'-');
        push_digits(out, u8::from(t.month()).into(), 2);
        out.push(b'-');
        push_digits(out, t.day().into(), 2);
        out.push(b'T');
        push_digits(out, t.hour().into(), 2);
        out.push(b':');
        push_digits(out, t.minute().into(), 2);
        out.push(b':');
        push_digits(out, t.second().into(), 2);
        out.push(b'.');
        push_digits(out, t.nanosecond(), 9);
        out.push(b'Z');
    }
}

/// Appends `v` in decimal without allocating.
fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends `v` as exactly `width` decimal digits (zero-padded; `width` ≤ 9).
fn push_digits(out: &mut Vec<u8>, mut v: u32, width: usize) {
    let mut buf = [b'0'; 9];
    for slot in buf[..width].iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out.extend_from_slice(&buf[..width]);
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Years outside 0..=9999 cannot be formatted; ingest rejects them, so this is unreachable
        // for stored events, and a placeholder beats a panic in a display path.
        match self.0.format(TS_FORMAT) {
            Ok(s) => f.write_str(&s),
            Err(_) => f.write_str("invalid-time"),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let t = Self::parse(&s).map_err(serde::de::Error::custom)?;
        if !(0..=9999).contains(&t.0.year()) {
            return Err(serde::de::Error::custom(
                "timestamp year outside 0000..=9999",
            ));
        }
        Ok(t)
    }
}

/// Ids that tie an event to others: the agent's own ids and the JSON-RPC id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correlation {
    /// Cursor's generation id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation_id: Option<String>,
    /// JSON-RPC id, as its JSON text (`7` or `"abc"`), so numbers and strings stay distinct.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jsonrpc_id: Option<String>,
    /// The event this one answers or is about (a decision's tool call, an alert's trigger).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<EventId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_use_id: Option<String>,
    /// Codex's turn id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn_id: Option<String>,
}

impl Correlation {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    fn write_canonical(&self, out: &mut Vec<u8>) {
        let parent = self.parent_id.map(|p| p.to_string());
        let fields: [(&str, Option<&str>); 6] = [
            ("generation_id", self.generation_id.as_deref()),
            ("jsonrpc_id", self.jsonrpc_id.as_deref()),
            ("parent_id", parent.as_deref()),
            ("prompt_id", self.prompt_id.as_deref()),
            ("tool_use_id", self.tool_use_id.as_deref()),
            ("turn_id", self.turn_id.as_deref()),
        ];
        out.push(b'{');
        let mut first = true;
        for (key, value) in fields {
            if let Some(v) = value {
                if !first {
                    out.push(b',');
                }
                first = false;
                canonical::write_string(out, key);
                out.push(b':');
                canonical::write_string(out, v);
            }
        }
        out.push(b'}');
    }
}

/// Everything about an event except its position in the log and its body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventMeta {
    pub id: EventId,
    /// When the event happened, as reported by the source (or the receive time).
    pub ts: Timestamp,
    /// When the gateway accepted it.
    pub recv_ts: Timestamp,
    pub kind: EventKind,
    pub source: Source,
    pub agent: AgentRef,
    pub task_id: TaskId,
    pub session_id: SessionId,
    /// `user`, `schedule`, or the parent task that started this task.
    #[serde(default)]
    pub trigger: Option<String>,
    /// Actor chain for delegated work, outermost (original) agent first.
    #[serde(default)]
    pub delegation: Vec<AgentRef>,
    #[serde(default)]
    pub policy_version: Option<String>,
    /// W3C trace context: 32 lowercase hex digits.
    #[serde(default)]
    pub trace_id: Option<String>,
    /// W3C span id: 16 lowercase hex digits.
    #[serde(default)]
    pub span_id: Option<String>,
    #[serde(default)]
    pub correlation: Correlation,
}

impl EventMeta {
    /// Metadata with the required fields; optional ones empty, `recv_ts` = `ts`.
    pub fn new(
        id: EventId,
        ts: Timestamp,
        kind: EventKind,
        source: Source,
        agent: AgentRef,
        task_id: TaskId,
        session_id: SessionId,
    ) -> Self {
        Self {
            id,
            ts,
            recv_ts: ts,
            kind,
            source,
            agent,
            task_id,
            session_id,
            trigger: None,
            delegation: Vec::new(),
            policy_version: None,
            trace_id: None,
            span_id: None,
            correlation: Correlation::default(),
        }
    }
}

/// A redacted event body in canonical form, with its hash.
#[derive(Clone, PartialEq, Eq)]
pub struct Body {
    canonical: Vec<u8>,
    hash: Hash,
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Body({} bytes, sha256:{})",
            self.canonical.len(),
            hex::encode(self.hash)
        )
    }
}

impl Body {
    /// Canonicalizes and hashes a body. The caller must already have redacted it.
    pub fn from_value(value: &Value) -> Self {
        let canonical = canonical::to_vec(value);
        let hash = Sha256::digest(&canonical).into();
        Self { canonical, hash }
    }

    pub fn canonical(&self) -> &[u8] {
        &self.canonical
    }

    pub fn hash(&self) -> &Hash {
        &self.hash
    }

    pub fn into_canonical(self) -> Vec<u8> {
        self.canonical
    }
}

/// An event as a source adapter produced it: validated, not yet attributed. The gateway's
/// pipeline completes it (id, time, agent, task) and records it.
#[derive(Clone, Debug)]
pub struct Draft {
    pub id: Option<EventId>,
    pub ts: Option<Timestamp>,
    pub kind: EventKind,
    pub agent: Option<AgentRef>,
    pub task_id: Option<TaskId>,
    pub session_id: SessionId,
    pub trigger: Option<String>,
    pub delegation: Vec<AgentRef>,
    pub trace_id: Option<String>,
    pub span_id: Option<String>,
    pub correlation: Correlation,
    pub body: Value,
}

impl Draft {
    /// A draft with only the required fields.
    pub fn new(kind: EventKind, session_id: SessionId, body: Value) -> Self {
        Self {
            id: None,
            ts: None,
            kind,
            agent: None,
            task_id: None,
            session_id,
            trigger: None,
            delegation: Vec::new(),
            trace_id: None,
            span_id: None,
            correlation: Correlation::default(),
            body,
        }
    }
}

/// An event ready to append: validated metadata and a redacted body.
#[derive(Clone, Debug)]
pub struct NewEvent {
    pub meta: EventMeta,
    pub body: Body,
}

/// What a Merkle leaf commits to: the metadata, the log position and the body hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub v: u32,
    pub seq: u64,
    #[serde(with = "hex_hash")]
    pub body_hash: Hash,
    #[serde(flatten)]
    pub meta: EventMeta,
}

impl Envelope {
    pub fn new(seq: u64, meta: EventMeta, body_hash: Hash) -> Self {
        Self {
            v: ENVELOPE_VERSION,
            seq,
            body_hash,
            meta,
        }
    }

    /// RFC 8785 canonical bytes of the envelope: the exact bytes the Merkle leaf hashes.
    ///
    /// Absent optional fields and an empty delegation chain or correlation are omitted, so
    /// adding an optional field in a later version does not change older events' hashes.
    /// Written field by field in sorted key order (the writer thread's hot path); a test checks
    /// it against the generic canonicalizer.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(448);
        self.write_canonical(&mut out);
        out
    }

    /// Appends the canonical bytes to `out`.
    pub fn write_canonical(&self, out: &mut Vec<u8>) {
        Self::write_canonical_parts(self.v, self.seq, &self.body_hash, &self.meta, out);
    }

    /// The canonical bytes of the envelope that `new(seq, meta.clone(), body_hash)` would
    /// make, written from borrowed parts (the writer builds no envelope to hash one).
    pub fn canonical_bytes_of(seq: u64, meta: &EventMeta, body_hash: &Hash) -> Vec<u8> {
        let mut out = Vec::with_capacity(448);
        Self::write_canonical_parts(ENVELOPE_VERSION, seq, body_hash, meta, &mut out);
        out
    }

    fn write_canonical_parts(v: u32, seq: u64, body_hash: &Hash, m: &EventMeta, out: &mut Vec<u8>) {
        use canonical::write_string as s;
        out.extend_from_slice(b"{\"agent\":");
        s(out, m.agent.as_str());
        out.extend_from_slice(b",\"body_hash\":\"");
        let mut hex_buf = [0u8; 64];
        if hex::encode_to_slice(body_hash, &mut hex_buf).is_ok() {
            out.extend_from_slice(&hex_buf);
        }
        out.push(b'"');
        if !m.correlation.is_empty() {
            out.extend_from_slice(b",\"correlation\":");
            m.correlation.write_canonical(out);
        }
        if !m.delegation.is_empty() {
            out.extend_from_slice(b",\"delegation\":[");
            for (i, a) in m.delegation.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                s(out, a.as_str());
            }
            out.push(b']');
        }
        out.extend_from_slice(b",\"id\":\"");
        let mut id_buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
        out.extend_from_slice(
            m.id.as_uuid()
                .hyphenated()
                .encode_lower(&mut id_buf)
                .as_bytes(),
        );
        out.extend_from_slice(b"\",\"kind\":\"");
        out.extend_from_slice(m.kind.as_str().as_bytes());
        out.push(b'"');
        if let Some(v) = &m.policy_version {
            out.extend_from_slice(b",\"policy_version\":");
            s(out, v);
        }
        out.extend_from_slice(b",\"recv_ts\":\"");
        m.recv_ts.write_to(out);
        out.extend_from_slice(b"\",\"seq\":");
        push_u64(out, seq);
        out.extend_from_slice(b",\"session_id\":");
        s(out, m.session_id.as_str());
        out.extend_from_slice(b",\"source\":\"");
        out.extend_from_slice(m.source.as_str().as_bytes());
        out.push(b'"');
        if let Some(v) = &m.span_id {
            out.extend_from_slice(b",\"span_id\":");
            s(out, v);
        }
        out.extend_from_slice(b",\"task_id\":");
        s(out, m.task_id.as_str());
        if let Some(v) = &m.trace_id {
            out.extend_from_slice(b",\"trace_id\":");
            s(out, v);
        }
        if let Some(v) = &m.trigger {
            out.extend_from_slice(b",\"trigger\":");
            s(out, v);
        }
        out.extend_from_slice(b",\"ts\":\"");
        m.ts.write_to(out);
        out.extend_from_slice(b"\",\"v\":");
        push_u64(out, u64::from(v));
        out.push(b'}');
    }

    /// The canonical bytes through the generic path (serialize, prune, canonicalize): slower,
    /// and the reference [`Envelope::canonical_bytes`] is tested against.
    pub fn canonical_bytes_reference(&self) -> Vec<u8> {
        let value = serde_json::to_value(self).unwrap_or(Value::Null);
        canonical::to_vec(&prune(value))
    }

    /// The Merkle leaf hash of this envelope.
    pub fn leaf_hash(&self) -> Hash {
        merkle::leaf_hash(&self.canonical_bytes())
    }

    /// Parses canonical envelope bytes as stored in the log.
    pub fn from_canonical(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

/// Drops nulls and empty arrays/objects at the top level of the envelope and inside
/// `correlation`: optional means absent, never `null`, so there is one encoding per envelope.
fn prune(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| match v {
                    Value::Null => false,
                    Value::Array(a) => !a.is_empty(),
                    Value::Object(o) => !o.is_empty(),
                    _ => true,
                })
                .map(|(k, v)| (k, if v.is_object() { prune(v) } else { v }))
                .collect(),
        ),
        other => other,
    }
}

mod hex_hash {
    use super::Hash;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(h: &Hash, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(h))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Hash, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let mut out = [0u8; 32];
        hex::decode_to_slice(s.as_bytes(), &mut out).map_err(serde::de::Error::custom)?;
        Ok(out)
    }
}

/// An event read back from the log. `body` is `None` once retention has purged it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    pub envelope: Envelope,
    pub body: Option<Value>,
}

impl StoredEvent {
    /// The JSON form used by `--json` output and exports: the envelope plus `body`
    /// (`null` after a purge).
    pub fn to_json(&self) -> Value {
        let mut v = prune(serde_json::to_value(&self.envelope).unwrap_or(Value::Null));
        if let Value::Object(map) = &mut v {
            map.insert("body".into(), self.body.clone().unwrap_or(Value::Null));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn sample_meta() -> EventMeta {
        let ts = Timestamp::parse("2026-11-21T04:35:35.5+01:00").expect("valid time");
        EventMeta {
            id: EventId::from_parts(1_763_700_000_000, &[1; 10]),
            ts,
            recv_ts: ts,
            kind: EventKind::ToolCall,
            source: Source::Hook,
            agent: AgentRef::unattested("loopback"),
            task_id: TaskId::new("t-1").expect("valid"),
            session_id: SessionId::new("s-1").expect("valid"),
            trigger: None,
            delegation: vec![],
            policy_version: None,
            trace_id: None,
            span_id: None,
            correlation: Correlation {
                tool_use_id: Some("toolu_1".into()),
                ..Default::default()
            },
        }
    }

    #[test]
    fn canonical_envelope_is_sorted_pruned_and_stable() {
        let body = Body::from_value(&json!({"tool_name": "Bash", "tool_input": {"command": "ls"}}));
        let env = Envelope::new(3, sample_meta(), *body.hash());
        let bytes = env.canonical_bytes();
        let text = std::str::from_utf8(&bytes).expect("utf-8");
        assert!(text.starts_with("{\"agent\":\"unattested:loopback\",\"body_hash\":\""));
        assert!(text.contains("\"correlation\":{\"tool_use_id\":\"toolu_1\"}"));
        assert!(text.contains("\"ts\":\"2026-11-21T03:35:35.500000000Z\""));
        assert!(!text.contains("null") && !text.contains("delegation"));
        let back = Envelope::from_canonical(&bytes).expect("parses");
        assert_eq!(back, env);
        assert_eq!(back.canonical_bytes(), bytes);
    }

    #[test]
    fn fast_canonical_form_matches_the_reference_canonicalizer() {
        let body = Body::from_value(&json!({"x": "y"}));
        let mut full = sample_meta();
        full.trigger = Some("user \"quoted\"\n".into());
        full.delegation = vec![
            AgentRef::unattested("parent"),
            AgentRef::parse("spiffe://a.org/agent/b").expect("id"),
        ];
        full.policy_version = Some("sha256:abc".into());
        full.trace_id = Some("4bf92f3577b34da6a3ce929d0e0e4736".into());
        full.span_id = Some("00f067aa0ba902b7".into());
        full.ts = Timestamp::parse("0999-01-02T03:04:05.000000007Z").expect("time");
        full.correlation = Correlation {
            generation_id: Some("g".into()),
            jsonrpc_id: Some("\"abc\"".into()),
            parent_id: Some(EventId::from_parts(5, &[2; 10])),
            prompt_id: Some("p\u{1}".into()),
            tool_use_id: Some("t".into()),
            turn_id: Some("u".into()),
        };
        for meta in [sample_meta(), full] {
            // Positions stay below 2^53, where JCS prints integers exactly.
            let env = Envelope::new((1 << 53) - 1, meta, *body.hash());
            assert_eq!(
                String::from_utf8(env.canonical_bytes()).expect("utf8"),
                String::from_utf8(env.canonical_bytes_reference()).expect("utf8")
            );
        }
    }

    #[test]
    fn leaf_changes_with_any_field() {
        let body = Body::from_value(&json!({"a": 1}));
        let env = Envelope::new(0, sample_meta(), *body.hash());
        let mut moved = env.clone();
        moved.seq = 1;
        let mut other_body = env.clone();
        other_body.body_hash = *Body::from_value(&json!({"a": 2})).hash();
        let mut other_agent = env.clone();
        other_agent.meta.agent = AgentRef::unattested("other");
        for changed in [moved, other_body, other_agent] {
            assert_ne!(changed.leaf_hash(), env.leaf_hash());
        }
    }

    #[test]
    fn agent_refs_are_validated() {
        assert!(AgentRef::parse("spiffe://example.org/agent/claude-1").is_ok());
        assert!(AgentRef::parse("spiffe://Example.org/agent").is_err());
        assert!(AgentRef::parse("spiffe://example.org/agent/../x").is_err());
        assert!(AgentRef::parse("unattested:").is_err());
        assert!(AgentRef::parse("bob").is_err());
        assert_eq!(AgentRef::unattested("a\nb").as_str(), "unattested:ab");
        let parent = AgentRef::parse("spiffe://example.org/agent/claude").expect("id");
        let sub = parent.subagent("sub 7/f");
        assert_eq!(
            sub.as_str(),
            "spiffe://example.org/agent/claude/subagent/sub_7_f"
        );
        assert_eq!(AgentRef::parse(sub.as_str()), Ok(sub));
        assert_eq!(
            AgentRef::unattested("local").subagent("..").as_str(),
            "unattested:local/subagent/unnamed"
        );
    }

    #[test]
    fn kinds_parse_with_helpful_errors() {
        assert_eq!("tool_call".parse::<EventKind>(), Ok(EventKind::ToolCall));
        let err = "toolcall".parse::<EventKind>().expect_err("unknown");
        assert!(err.contains("tool_call"), "{err}");
    }
}
