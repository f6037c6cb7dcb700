//! Redaction behaviour: references, known-secret encodings, idempotence,
//! key rotation, JSON field policy, and that nothing leaks through Debug.

mod common;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use common::{redactor, Rng};
use serde_json::json;
use warden_redact::{
    Error, FieldMode, FieldPolicy, KeyRing, PiiKind, PiiSet, Redactor, ScanOptions, Scanner,
};

fn is_reference(s: &str, rule: &str) -> bool {
    let prefix = format!("[REDACTED:{rule}:hmac-sha256:");
    let Some(rest) = s.strip_prefix(&prefix) else {
        return false;
    };
    let Some(rest) = rest.strip_suffix(']') else {
        return false;
    };
    let (ver, hex) = rest.split_once(':').unwrap_or(("", ""));
    ver.parse::<u32>().is_ok()
        && hex.len() == 64
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn reference_format_and_hash_value_lookup() {
    let red = redactor();
    let token = format!("ghp_{}", Rng::new(1).alnum(36));
    let text = format!("export GITHUB_TOKEN={token}\n");
    let out = red.redact_str(&text, &ScanOptions::default());
    assert_eq!(out.findings.len(), 1);
    let f = &out.findings[0];
    assert_eq!(f.rule_id, "github-pat");
    assert_eq!(&text[f.span.clone()], token);
    assert!(is_reference(&f.reference, "github-pat"), "{}", f.reference);
    assert!(!out.text.contains(&token));
    assert_eq!(out.text, format!("export GITHUB_TOKEN={}\n", f.reference));
    // `warden hash VALUE` finds it.
    let digest = red.hash_value(&token);
    assert!(digest.starts_with("hmac-sha256:1:"));
    assert_eq!(digest.len(), "hmac-sha256:1:".len() + 64);
    assert!(f.reference.contains(&digest));
    assert_eq!(f.digest(), digest);
}

#[test]
fn redaction_is_idempotent() {
    let red = redactor();
    let mut r = Rng::new(2);
    let text = format!(
        "DB_PASSWORD={}\npostgres://app:{}@db/x\nAuthorization: Bearer {}\n{}\n",
        r.password(14),
        r.alnum(20),
        r.alnum(40),
        "sk-ant-api03-".to_string() + &r.urlsafe(93) + "AA"
    );
    red.add_known_secret("k", r.alnum(24)).unwrap();
    let once = red.redact_str(&text, &ScanOptions::default().with_pii(PiiSet::ALL));
    assert!(once.findings.len() >= 4, "{:?}", once.findings);
    let twice = red.redact_str(&once.text, &ScanOptions::default().with_pii(PiiSet::ALL));
    assert_eq!(twice.text, once.text);
    assert!(twice.findings.is_empty(), "{:?}", twice.findings);

    let mut v = json!({"password": "hunter2-but-longer", "authorization": format!("Bearer {}", r.alnum(40)), "nested": {"cmd": text}});
    let pol = FieldPolicy::new();
    let f1 = red.redact_json(&mut v, &pol);
    assert!(!f1.is_empty());
    let snapshot = v.clone();
    let f2 = red.redact_json(&mut v, &pol);
    assert!(f2.is_empty(), "{f2:?}");
    assert_eq!(v, snapshot);
}

#[test]
fn known_secret_in_all_encodings() {
    let red = redactor();
    let secret = format!("tok-{}", Rng::new(3).alnum(28));
    red.add_known_secret("task-7-deploy-token", &secret)
        .unwrap();
    let digest = red.hash_value(&secret);
    let b = secret.as_bytes();
    let basic = STANDARD.encode(format!("deploy:{secret}"));
    let forms = vec![
        secret.clone(),
        STANDARD.encode(b),
        STANDARD_NO_PAD.encode(b),
        URL_SAFE.encode(b),
        URL_SAFE_NO_PAD.encode(b),
        hex::encode(b),
        hex::encode_upper(b),
        format!("{}%21", secret), // URL-encoded form of secret + "!" contains the raw secret
        basic.clone(),
    ];
    for form in &forms {
        let text = format!("header: {form} trailer");
        let out = red.redact_str(&text, &ScanOptions::default());
        let known: Vec<_> = out
            .findings
            .iter()
            .filter(|f| f.rule_id == "known-secret")
            .collect();
        assert_eq!(known.len(), 1, "form {form}: {:?}", out.findings);
        assert_eq!(
            known[0].known_secret.as_deref(),
            Some("task-7-deploy-token")
        );
        // HMAC is over the secret itself, whatever the encoding.
        assert!(known[0].reference.contains(&digest), "form {form}");
        assert!(!out.text.contains(form.as_str()) || form == &basic);
    }
    // URL-encoding of a secret with reserved characters.
    let odd = "p@ss w/rd:+&=?1234";
    red.add_known_secret("odd", odd).unwrap();
    let enc = "p%40ss%20w%2Frd%3A%2B%26%3D%3F1234";
    let out = red.redact_str(&format!("?pw={enc}&x=1"), &ScanOptions::default());
    assert!(
        out.findings
            .iter()
            .any(|f| f.known_secret.as_deref() == Some("odd")),
        "{out:?}"
    );
    assert!(!out.text.contains(enc));
    // Removal.
    assert!(red.remove_known_secret("odd"));
    let out = red.redact_str(&format!("?pw={enc}&x=1"), &ScanOptions::default());
    assert!(out
        .findings
        .iter()
        .all(|f| f.known_secret.as_deref() != Some("odd")));
    // Too short.
    assert!(matches!(
        red.add_known_secret("x", "abc"),
        Err(Error::KnownSecretTooShort { .. })
    ));
}

#[test]
fn key_rotation_keeps_old_references_resolvable() {
    let mut red = redactor();
    let token = format!("ghp_{}", Rng::new(4).alnum(36));
    let before = red.redact_str(&token, &ScanOptions::default());
    let v2 = red.rotate_key([7u8; 32]).unwrap();
    assert_eq!(v2, 2);
    assert_eq!(red.keyring().current_version(), 2);
    let after = red.redact_str(&token, &ScanOptions::default());
    assert!(before.findings[0].reference.contains("hmac-sha256:1:"));
    assert!(after.findings[0].reference.contains("hmac-sha256:2:"));
    assert_ne!(before.findings[0].reference, after.findings[0].reference);
    let all = red.references_for_all_versions(&token);
    assert_eq!(all.len(), 2);
    assert!(before.findings[0].reference.contains(&all[0]));
    assert!(after.findings[0].reference.contains(&all[1]));
    assert_eq!(red.hash_value(&token), all[1]);
    assert_eq!(
        red.keyring()
            .reference_for_version(1, token.as_bytes())
            .as_deref(),
        Some(all[0].as_str())
    );
}

#[test]
fn debug_never_prints_secrets() {
    let red = redactor();
    let mut r = Rng::new(5);
    let known = r.alnum(30);
    red.add_known_secret("svc", &known).unwrap();
    let token = format!("sk-proj-{}", r.urlsafe(100));
    let text = format!("{token} and {known}");
    let out = red.redact_str(&text, &ScanOptions::default());
    let matches = red.scanner().scan(&text, &ScanOptions::default());
    let dumps = [
        format!("{red:?}"),
        format!("{red:#?}"),
        format!("{:?}", red.scanner()),
        format!("{:?}", red.keyring()),
        format!("{out:?}"),
        format!("{:?}", out.findings),
        format!("{matches:?}"),
    ];
    let key_hex = hex::encode([42u8; 32]);
    for d in &dumps {
        assert!(!d.contains(&token), "{d}");
        assert!(!d.contains(&known), "{d}");
        assert!(!d.contains(&key_hex));
        assert!(!d.contains("42, 42, 42"));
    }
    // Errors do not echo secrets either.
    let err = red.add_known_secret("tiny", "abc").unwrap_err();
    assert!(!err.to_string().contains("abc"));
}

#[test]
fn json_policy_modes() {
    let red = redactor();
    let mut r = Rng::new(6);
    let gh = format!("ghp_{}", r.alnum(36));
    let pw = r.password(12);
    let mut v = json!({
        "tool_name": "Bash",
        "tool_input": {"command": format!("curl -H 'Authorization: token {gh}' https://api.github.com"), "description": "call api"},
        "keep_me": {"note": format!("{gh}")},
        "drop_me": {"a": 1},
        "hash_me": 12345,
        "db": {"password": pw, "host": "db.internal"},
        "headers": {"X-Api-Key": "short1", "Content-Type": "application/json"},
        "contact": "Reach me at jane.doe@example.org or +44 20 7946 0958",
        "notes": "Reach me at jane.doe@example.org",
        "list": [{"token": ""}, {"secret": "[DROPPED]"}],
        "max_tokens": 1024
    });
    let pol = FieldPolicy::new()
        .field("keep_me", FieldMode::Keep)
        .unwrap()
        .field("drop_me", FieldMode::Drop)
        .unwrap()
        .field("hash_me", FieldMode::Hash)
        .unwrap()
        .pii("contact", PiiSet::of(&[PiiKind::Email, PiiKind::Phone]))
        .unwrap();
    let findings = red.redact_json(&mut v, &pol);
    let cmd = v["tool_input"]["command"].as_str().unwrap();
    assert!(!cmd.contains(&gh) && cmd.contains("[REDACTED:github-pat:hmac-sha256:1:"));
    assert_eq!(v["keep_me"]["note"], json!(gh));
    assert_eq!(v["drop_me"], json!("[DROPPED]"));
    assert!(is_reference(v["hash_me"].as_str().unwrap(), "field"));
    // Obviously secret key names are hashed whole.
    assert!(
        is_reference(v["db"]["password"].as_str().unwrap(), "secret-field"),
        "{v}"
    );
    assert!(is_reference(
        v["headers"]["X-Api-Key"].as_str().unwrap(),
        "secret-field"
    ));
    assert_eq!(v["headers"]["Content-Type"], json!("application/json"));
    assert_eq!(v["db"]["host"], json!("db.internal"));
    // PII only where enabled.
    let contact = v["contact"].as_str().unwrap();
    assert!(
        contact.contains("[REDACTED:pii-email:") && contact.contains("[REDACTED:pii-phone:"),
        "{contact}"
    );
    assert_eq!(v["notes"], json!("Reach me at jane.doe@example.org"));
    assert_eq!(v["list"][0]["token"], json!(""));
    assert_eq!(v["list"][1]["secret"], json!("[DROPPED]"));
    assert_eq!(v["max_tokens"], json!(1024));
    // Findings carry JSON pointers and spans into the original string.
    let f = findings.iter().find(|f| f.rule_id == "github-pat").unwrap();
    assert_eq!(f.path.as_deref(), Some("/tool_input/command"));
    assert_eq!(f.span.end - f.span.start, gh.len());
    let f = findings
        .iter()
        .find(|f| f.rule_id == "secret-field" && f.path.as_deref() == Some("/db/password"))
        .unwrap();
    assert!(f.reference.contains(&red.hash_value(&pw)));
}

#[test]
fn known_secret_in_json_key_is_renamed() {
    let red = redactor();
    let secret = Rng::new(8).alnum(24);
    red.add_known_secret("k", &secret).unwrap();
    let mut v = json!({ secret.clone(): {"x": 1}, "plain": secret.clone() });
    let findings = red.redact_json(&mut v, &FieldPolicy::new());
    let s = v.to_string();
    assert!(!s.contains(&secret), "{s}");
    assert!(findings.iter().any(|f| f.in_key));
    assert_eq!(findings.len(), 2);
}

#[test]
fn custom_scanner_with_disabled_rule() {
    let scanner = Scanner::builder()
        .disable_rule("github-pat")
        .build()
        .unwrap();
    let red = Redactor::new(scanner, KeyRing::new(9, [1u8; 32]));
    let token = format!("ghp_{}", Rng::new(9).alnum(36));
    let out = red.redact_str(&format!("x {token} y"), &ScanOptions::default());
    assert!(out.findings.iter().all(|f| f.rule_id != "github-pat"));
}
