//! Where an action sends, points or grants: the values in a call's destination positions, read
//! by structure, for the provenance check of `hijack.untrusted_target` (a destination whose first
//! appearance in the session is third-party content fetched from outside, and that the user
//! never gave).
//!
//! Destination positions are: the hosts, recipients and accounts the analysis found; host-shaped
//! whole argument values of a tool that changes something (a DNS record's `content`, a client's
//! `callbacks_add`); identifier values under a key that names a destination (`payment_method`,
//! `destination_bucket`, `webhook_url`); and the hosts a file write re-points (an edit that
//! replaces one URL or registry by another, or a configuration file written with one).

use serde_json::Value;
use warden_analysis::text::{visit_candidates, CandidateKind};

/// Words of an argument key that make its value a destination: where something is sent,
/// paid, replicated, redirected or shared.
const DESTINATION_KEY_WORDS: &[&str] = &[
    "destination",
    "dest",
    "target",
    "recipient",
    "payee",
    "beneficiary",
    "callback",
    "callbacks",
    "redirect",
    "webhook",
    "endpoint",
    "card",
    "iban",
    "bucket",
    "remote",
    "mirror",
    "registry",
    "forward",
];

/// Configuration files by extension or name: a host written into one is where a tool will
/// connect (an index, a registry, a remote, a webhook), unlike a host mentioned in code or prose.
const CONFIG_EXTS: &[&str] = &[
    ".yml",
    ".yaml",
    ".toml",
    ".ini",
    ".cfg",
    ".conf",
    ".json",
    ".env",
    ".gitmodules",
    ".npmrc",
    ".pypirc",
    ".tf",
    ".tfvars",
    ".properties",
];

/// Words of an argument key that make its value where something comes from, not where it goes
/// (`from_account`, `source_bucket`).
const SOURCE_KEY_WORDS: &[&str] = &["from", "source", "src", "origin", "sender"];

/// Whether an argument key names a destination (split at `_`, `-` and case changes): one of
/// the destination words, or a payment method (where a refund or a charge goes), and no
/// source word.
fn destination_key(key: &str) -> bool {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for ch in key.chars() {
        let boundary = ch == '_' || ch == '-' || ch == '.' || ch.is_ascii_uppercase();
        if boundary && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        if ch.is_ascii_alphanumeric() {
            cur.push(ch.to_ascii_lowercase());
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let has = |set: &[&str]| words.iter().any(|w| set.contains(&w.as_str()));
    let payment_method = words
        .windows(2)
        .any(|p| p[0] == "payment" && p[1] == "method");
    (has(DESTINATION_KEY_WORDS) || payment_method) && !has(SOURCE_KEY_WORDS)
}

/// An identifier-shaped value (letters with digits, `_` or `-`; no spaces), as payment
/// methods, buckets and accounts are named.
fn identifier_value(v: &str) -> bool {
    (4..=100).contains(&v.len())
        && v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes().any(|b| b.is_ascii_alphabetic())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.:/".contains(&b))
}

/// Values in the destination positions of a changing call's arguments (lowercase, bounded):
/// host-shaped whole values (a URL's host, a bare domain, `host/path`), and identifier values
/// under a destination key.
pub(crate) fn arg_destinations(args: &Value) -> Vec<String> {
    fn walk(key: &str, v: &Value, depth: u8, out: &mut Vec<String>) {
        if depth > 6 || out.len() >= 16 {
            return;
        }
        match v {
            Value::String(s) => {
                let t = s.trim();
                // addresses are recipients, traced as such (their authors are vouched for)
                if t.is_empty()
                    || t.len() > 512
                    || t.contains(char::is_whitespace)
                    || t.contains('@')
                {
                    return;
                }
                for h in hosts_in(t) {
                    push(out, h);
                }
                if destination_key(key) && identifier_value(t) {
                    push(out, t.to_ascii_lowercase());
                }
            }
            Value::Array(a) => a.iter().take(64).for_each(|x| walk(key, x, depth + 1, out)),
            Value::Object(o) => o
                .iter()
                .take(64)
                .for_each(|(k, x)| walk(k, x, depth + 1, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", args, 0, &mut out);
    // a bucket named by its ARN anywhere (a replication or policy document in a command)
    warden_analysis::scope::visit_strings(args, 0, &mut |s| {
        for b in warden_analysis::text::s3_arn_buckets(s) {
            push(&mut out, b);
        }
    });
    out
}

fn push(out: &mut Vec<String>, v: String) {
    if out.len() < 16 && !out.contains(&v) {
        out.push(v);
    }
}

/// Hosts a text names: URL hosts, bare domains, and the host of a `host/path` reference
/// (`registry.example/team/api`).
pub(crate) fn hosts_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    visit_candidates(text, &mut |kind, v| {
        if kind == CandidateKind::Host {
            push(&mut out, v.to_ascii_lowercase());
        }
    });
    out
}

/// The text a file write removes and adds: an edit's old and new strings, a whole file's
/// content (nothing removed), or a patch's `-` and `+` lines.
fn written_text(args: &Value) -> (String, String) {
    let get = |keys: &[&str]| -> String {
        keys.iter()
            .filter_map(|k| args.get(*k).and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut removed = get(&["old_string", "old_str"]);
    let mut added = get(&["new_string", "new_str", "content", "file_text"]);
    if let Some(edits) = args.get("edits").and_then(Value::as_array) {
        for e in edits.iter().take(64) {
            for (k, buf) in [("old_string", &mut removed), ("new_string", &mut added)] {
                if let Some(s) = e.get(k).and_then(Value::as_str) {
                    buf.push('\n');
                    buf.push_str(s);
                }
            }
        }
    }
    for key in ["command", "patch", "input"] {
        let Some(p) = args.get(key).and_then(Value::as_str) else {
            continue;
        };
        if !p.contains("*** Begin Patch") {
            continue;
        }
        for line in p.lines() {
            if line.starts_with("***") {
                continue;
            }
            if let Some(r) = line.strip_prefix('-') {
                removed.push_str(r);
                removed.push('\n');
            } else if let Some(a) = line.strip_prefix('+') {
                added.push_str(a);
                added.push('\n');
            }
        }
    }
    (removed, added)
}

/// Hosts a file write points something at: those its new text adds when it replaces a host
/// (re-pointing a remote, an image registry, an index) or when the file is configuration.
pub(crate) fn written_hosts(args: &Value, write_paths: &[&String]) -> Vec<String> {
    let (removed, added) = written_text(args);
    if added.is_empty() {
        return Vec::new();
    }
    let before = hosts_in(&removed);
    let config = write_paths.iter().any(|p| {
        let lower = p.to_ascii_lowercase();
        let base = lower.rsplit('/').next().unwrap_or(&lower);
        CONFIG_EXTS.iter().any(|e| base.ends_with(e))
    });
    if before.is_empty() && !config {
        return Vec::new();
    }
    hosts_in(&added)
        .into_iter()
        .filter(|h| !before.contains(h))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn destination_values_by_position() {
        let d = arg_destinations(&json!({"zone": "ourco.example", "name": "status",
            "type": "CNAME", "content": "cdn-fast.example"}));
        assert!(d.contains(&"cdn-fast.example".to_owned()), "{d:?}");
        let d = arg_destinations(&json!({"payment_method": "pm_1Qx4411Alt", "amount": 12900,
            "currency": "eur", "note": "ch_3Pz"}));
        assert_eq!(d, vec!["pm_1qx4411alt".to_owned()]);
        let d = arg_destinations(&json!({"client": "web-prod",
            "callbacks_add": ["https://sso.partner.example/cb"]}));
        assert_eq!(d, vec!["sso.partner.example".to_owned()]);
        // a charge or an issue acted upon is an object, not a destination
        assert!(arg_destinations(&json!({"charge": "ch_3Pq81", "key": "WEB-881"})).is_empty());
        assert!(
            arg_destinations(&json!({"file": "report.pdf", "text": "see docs.x.example"}))
                .is_empty()
        );
    }

    #[test]
    fn destination_keys_are_read_by_their_words() {
        for k in [
            "destinationBucket",
            "webhook_url",
            "redirect_uris",
            "payment-method",
        ] {
            assert!(destination_key(k), "{k}");
        }
        for k in [
            "charge",
            "amount",
            "description",
            "cardinality",
            "payment_id",
            "from_account",
            "source_bucket",
        ] {
            assert!(!destination_key(k), "{k}");
        }
    }

    #[test]
    fn a_write_that_repoints_a_host() {
        let edit = json!({"file_path": "/r/charts/values-prod.yaml",
            "old_string": "repository: ghcr.io/rivet/api", "new_string": "repository: registry.evil.example/rivet/api"});
        let p = "/r/charts/values-prod.yaml".to_owned();
        assert_eq!(
            written_hosts(&edit, &[&p]),
            vec!["registry.evil.example".to_owned()]
        );
        let sub = json!({"file_path": "/r/.gitmodules",
            "old_string": "url = https://github.com/a/protos.git",
            "new_string": "url = https://git.mirror.example/a/protos.git"});
        let p = "/r/.gitmodules".to_owned();
        assert_eq!(
            written_hosts(&sub, &[&p]),
            vec!["git.mirror.example".to_owned()]
        );
        let patch = json!({"command": "*** Begin Patch\n*** Add File: /h/.config/pip/pip.conf\n+[global]\n+extra-index-url = https://pypi.mirror.example/simple\n*** End Patch\n"});
        let p = "/h/.config/pip/pip.conf".to_owned();
        assert_eq!(
            written_hosts(&patch, &[&p]),
            vec!["pypi.mirror.example".to_owned()]
        );
        // code that mentions an API host is not a re-pointed destination
        let code = json!({"file_path": "/r/src/client.py", "content": "BASE = 'https://api.vendor.example'"});
        let p = "/r/src/client.py".to_owned();
        assert!(written_hosts(&code, &[&p]).is_empty());
        // an edit that keeps the same host points nowhere new
        let same = json!({"file_path": "/r/x.yaml", "old_string": "image: ghcr.io/a/api:1.2", "new_string": "image: ghcr.io/a/api:1.3"});
        let p = "/r/x.yaml".to_owned();
        assert!(written_hosts(&same, &[&p]).is_empty());
    }
}
