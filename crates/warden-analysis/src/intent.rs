//! Intent signatures: a normalized "what this call does", equal across the many ways of doing
//! the same thing (curl vs WebFetch vs a python one-liner vs a base64-piped command, one MCP
//! server vs another). Used to recognise an agent probing for another way after a deny.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::facts::{ActionFacts, Effect, Flag};
use crate::tool::split_words;

/// The kind of thing a call does, at the level policy reasons about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntentAction {
    Read,
    Write,
    Delete,
    Egress,
    Execute,
    Grant,
    Unknown,
}

/// A normalized description of a call: its action, where it sends or grants (destinations)
/// and what it acts on (objects: normalized paths, or their file names).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IntentSignature {
    pub action: IntentAction,
    /// Hosts, emails, accounts, usernames.
    pub destinations: BTreeSet<String>,
    /// Paths (normalized) and, for tools whose arguments name no path, distinctive values.
    pub objects: BTreeSet<String>,
}

impl fmt::Display for IntentSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = match self.action {
            IntentAction::Read => "read",
            IntentAction::Write => "write",
            IntentAction::Delete => "delete",
            IntentAction::Egress => "egress",
            IntentAction::Execute => "execute",
            IntentAction::Grant => "grant",
            IntentAction::Unknown => "unknown",
        };
        write!(f, "{a}")?;
        if !self.destinations.is_empty() {
            write!(
                f,
                " to {}",
                self.destinations
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
        }
        if !self.objects.is_empty() {
            write!(
                f,
                " of {}",
                self.objects.iter().cloned().collect::<Vec<_>>().join(",")
            )?;
        }
        Ok(())
    }
}

impl IntentSignature {
    /// Whether two calls attempt the same thing: the same action, and they share a destination
    /// (objects, when both name some, must overlap too), or neither names a destination and they
    /// share an object.
    pub fn equivalent(&self, other: &IntentSignature) -> bool {
        if self.action != other.action || self.action == IntentAction::Unknown {
            return false;
        }
        let dest_overlap = self
            .destinations
            .iter()
            .any(|d| other.destinations.contains(d));
        let obj_overlap = self.objects.iter().any(|o| other.objects.contains(o))
            || self
                .objects
                .iter()
                .any(|o| other.objects.iter().any(|p| same_file(o, p)));
        let both_objects = !self.objects.is_empty() && !other.objects.is_empty();
        if dest_overlap {
            return !both_objects || obj_overlap;
        }
        self.destinations.is_empty() && other.destinations.is_empty() && obj_overlap
    }

    /// Whether the signature names anything at all (an empty one never matches).
    pub fn is_specific(&self) -> bool {
        !self.destinations.is_empty() || !self.objects.is_empty()
    }
}

fn same_file(a: &str, b: &str) -> bool {
    // a relative path (no cwd known) against an absolute one: compare the tails
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    !short.starts_with('/')
        && short.len() >= 3
        && long.ends_with(short)
        && long.as_bytes().get(long.len() - short.len() - 1) == Some(&b'/')
}

/// The intent signature of a call from its facts (and, for calls that name no target, a few
/// distinctive argument values).
pub fn intent_signature(facts: &ActionFacts, args: &Value) -> IntentSignature {
    let action = if facts.has(Flag::PrivilegeEscalation) && facts.effect != Effect::Egress {
        IntentAction::Grant
    } else if facts.has(Flag::Egress) || facts.effect == Effect::Egress {
        IntentAction::Egress
    } else if facts.has(Flag::Destructive) {
        IntentAction::Delete
    } else if facts.has(Flag::RemoteCode) {
        IntentAction::Execute
    } else {
        match facts.effect {
            Effect::Read => IntentAction::Read,
            Effect::Write => IntentAction::Write,
            Effect::Execute => IntentAction::Execute,
            Effect::Egress => IntentAction::Egress,
            Effect::Unknown => IntentAction::Unknown,
        }
    };
    let mut destinations: BTreeSet<String> = facts
        .targets
        .destinations()
        .map(|s| s.to_ascii_lowercase())
        .collect();
    // an email's domain is the same destination as that domain's host
    for d in &facts.targets.email_domains {
        destinations.insert(d.clone());
    }
    let mut objects: BTreeSet<String> = match action {
        IntentAction::Egress => {
            let mut o: BTreeSet<String> = facts.read_paths.iter().cloned().collect();
            if o.is_empty() {
                o = facts.targets.paths.iter().cloned().collect();
            }
            o
        }
        IntentAction::Read => facts
            .read_paths
            .iter()
            .chain(facts.targets.paths.iter())
            .cloned()
            .collect(),
        IntentAction::Write | IntentAction::Delete | IntentAction::Grant => facts
            .write_paths
            .iter()
            .chain(facts.targets.paths.iter())
            .cloned()
            .collect(),
        _ => facts.targets.paths.iter().cloned().collect(),
    };
    if objects.is_empty() && destinations.is_empty() {
        // e.g. `merge_pull_request {owner, repo, pull_number}`: identify by the distinctive values
        if let Value::Object(o) = args {
            let mut parts: Vec<String> = Vec::new();
            for (k, v) in o.iter().take(16) {
                let kw = split_words(k);
                if kw.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "repo"
                            | "repository"
                            | "owner"
                            | "number"
                            | "id"
                            | "name"
                            | "project"
                            | "branch"
                            | "issue"
                            | "pull"
                            | "bucket"
                            | "table"
                            | "database"
                    )
                }) {
                    match v {
                        Value::String(s) if s.len() <= 128 => {
                            parts.push(format!("{k}={}", s.to_ascii_lowercase()))
                        }
                        Value::Number(n) => parts.push(format!("{k}={n}")),
                        _ => {}
                    }
                }
            }
            if !parts.is_empty() {
                parts.sort();
                objects.insert(parts.join(","));
            }
        }
    }
    if objects.len() > 32 {
        objects = objects.into_iter().take(32).collect();
    }
    IntentSignature {
        action,
        destinations,
        objects,
    }
}
