//! Loading user rules in the gitleaks TOML format.

mod common;

use common::Rng;
use warden_redact::{load_gitleaks_file, parse_gitleaks_toml, Error, ScanOptions, Scanner};

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gitleaks.toml")
}

fn scanner() -> Scanner {
    let cfg = load_gitleaks_file(fixture()).expect("fixture loads");
    Scanner::builder()
        .gitleaks(cfg)
        .build()
        .expect("scanner builds")
}

fn ids(s: &Scanner, text: &str) -> Vec<String> {
    s.scan(text, &ScanOptions::default())
        .into_iter()
        .map(|m| m.rule_id)
        .collect()
}

#[test]
fn loads_rules_allowlists_and_notes() {
    let cfg = load_gitleaks_file(fixture()).unwrap();
    assert_eq!(cfg.title.as_deref(), Some("acme internal rules"));
    assert!(cfg.use_default);
    assert_eq!(cfg.disabled_rules, vec!["vercel-token".to_string()]);
    let ids: Vec<&str> = cfg.rules.iter().map(|r| r.id()).collect();
    assert_eq!(
        ids,
        [
            "acme-internal-token",
            "acme-signing-key",
            "acme-line-allowlisted"
        ]
    );
    assert_eq!(cfg.allowlists.len(), 1);
    assert_eq!(cfg.rule_allowlists.len(), 1);
    assert_eq!(cfg.rule_allowlists[0].0, "generic-password-assignment");
    assert!(cfg
        .skipped
        .iter()
        .any(|(id, why)| id == "acme-path-only" && why.contains("path")));
    assert_eq!(cfg.rules[0].keywords(), ["acme_live_", "acme_test_"]);
}

#[test]
fn user_rules_detect_with_secret_group_and_allowlists() {
    let s = scanner();
    let mut r = Rng::new(11);
    let live = format!("acme_live_{}", r.alnum(32));
    let text = format!("ACME_TOKEN={live}\n");
    let m = s.scan(&text, &ScanOptions::default());
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].rule_id, "acme-internal-token");
    assert_eq!(&text[m[0].span.clone()], live);
    // Rule allowlist (regex on the secret).
    assert!(!ids(&s, &format!("x acme_test_{} y", r.alnum(32)))
        .contains(&"acme-internal-token".to_string()));
    // Go \w inside classes, entropy, stopword allowlist.
    let key = r.alnum(40);
    let text = format!("acme.signing_key = \"{key}\"");
    let m = s.scan(&text, &ScanOptions::default());
    assert_eq!(m[0].rule_id, "acme-signing-key");
    assert_eq!(&text[m[0].span.clone()], key);
    let stop = format!("acme_signing_key: notasecret{}", r.alnum(29));
    assert!(!ids(&s, &stop).contains(&"acme-signing-key".to_string()));
    // Line-target allowlist.
    let fx = format!("ACMEFX-{}", r.hex(24));
    assert_eq!(ids(&s, &format!("x = {fx}")), ["acme-line-allowlisted"]);
    assert!(ids(&s, &format!("x = {fx}  # fixture")).is_empty());
    // Global allowlist applies to built-ins as well.
    assert!(ids(&s, &format!("acme_live_placeholder1234{}", r.alnum(16))).is_empty());
    // Allowlist added to a built-in rule by id.
    assert!(!ids(&s, "password = \"correct-horse-7!x\"")
        .contains(&"generic-password-assignment".to_string()));
    assert!(ids(&Scanner::new(), "password = \"correct-horse-7!x\"")
        .contains(&"generic-password-assignment".to_string()));
    // Built-ins are still there.
    assert_eq!(ids(&s, &format!("ghp_{}", r.alnum(36))), ["github-pat"]);
}

#[test]
fn disabled_rules_are_removed() {
    let s = scanner();
    assert!(s.rules().iter().all(|r| r.id() != "vercel-token"));
    assert!(Scanner::new()
        .rules()
        .iter()
        .any(|r| r.id() == "vercel-token"));
}

#[test]
fn unsupported_regex_names_the_rule() {
    let err = parse_gitleaks_toml(
        r#"
[[rules]]
id = "needs-backref"
regex = '''(a+)\1'''
"#,
    )
    .unwrap_err();
    match &err {
        Error::InvalidRegex { rule_id, .. } => assert_eq!(rule_id, "needs-backref"),
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("needs-backref"));

    let err = parse_gitleaks_toml("[[rules]]\nid = \"g\"\nregex = 'a(b)'\nsecretGroup = 3\n")
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidSecretGroup {
                group: 3,
                groups: 1,
                ..
            }
        ),
        "{err}"
    );

    let err = parse_gitleaks_toml("[[rules]\nid=").unwrap_err();
    assert!(matches!(err, Error::RuleFile { .. }));

    let err = load_gitleaks_file("/nonexistent/rules.toml").unwrap_err();
    assert!(err.to_string().contains("/nonexistent/rules.toml"));

    let err = parse_gitleaks_toml(
        "[[rules]]\nid = \"x\"\nregex = 'a'\n[[rules.allowlists]]\ncondition = \"XOR\"\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("XOR"));
}

#[test]
fn rule_without_keywords_runs_always_and_and_condition() {
    let cfg = parse_gitleaks_toml(
        r#"
[[rules]]
id = "nokw"
regex = '''zz-[0-9]{6}'''
  [[rules.allowlists]]
  condition = "AND"
  regexes = ['''^zz-0''']
  stopwords = ["999"]
"#,
    )
    .unwrap();
    let s = Scanner::builder()
        .without_builtin_rules()
        .gitleaks(cfg)
        .build()
        .unwrap();
    assert_eq!(ids(&s, "a zz-123456 b"), ["nokw"]);
    // AND: both criteria needed to suppress.
    assert_eq!(ids(&s, "zz-012345"), ["nokw"]);
    assert!(ids(&s, "zz-099912").is_empty());
}

#[test]
fn duplicate_user_rule_ids_rejected() {
    let cfg = parse_gitleaks_toml("[[rules]]\nid='a'\nregex='x1'\n[[rules]]\nid='a'\nregex='x2'\n")
        .unwrap();
    let err = Scanner::builder().gitleaks(cfg).build().unwrap_err();
    assert!(matches!(err, Error::DuplicateRuleId { .. }));
}
