//! Random and multi-byte input: no panics, valid UTF-8 spans, idempotence.

mod common;

use common::{redactor, Rng};
use warden_redact::{PiiSet, Redactor, ScanOptions, Scanner};

#[test]
fn public_types_are_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Scanner>();
    assert_send_sync::<Redactor>();
}

#[test]
fn multibyte_neighbours_and_random_soup() {
    let red = redactor();
    let mut r = Rng::new(31);
    red.add_known_secret("k", format!("é{}ü", r.alnum(12)))
        .unwrap();
    let pieces = [
        "é",
        "🔑",
        "日本語",
        " ",
        "\n",
        "token=",
        "password: ",
        "Bearer ",
        "-----BEGIN RSA PRIVATE KEY-----\n",
        "sk-",
        "ghp_",
        "://",
        "@",
        "AAAA",
        "\\n",
        "\"",
        "=",
        "eyJ",
        ".",
        "[REDACTED:",
        "hmac-sha256:",
    ];
    let opts = ScanOptions::default().with_pii(PiiSet::ALL);
    for round in 0..1500 {
        let mut s = String::new();
        for _ in 0..(5 + r.below(60)) {
            match r.below(4) {
                0 => s.push_str(pieces[r.below(pieces.len())]),
                1 => {
                    let n = 1 + r.below(50);
                    s.push_str(&r.alnum(n))
                }
                2 => {
                    let n = 1 + r.below(80);
                    s.push_str(&r.b64(n))
                }
                _ => s.push_str(&format!("ghp_{}🔑", r.alnum(36))),
            }
        }
        let once = red.redact_str(&s, &opts);
        for f in &once.findings {
            assert!(s.is_char_boundary(f.span.start) && s.is_char_boundary(f.span.end));
        }
        // References are never redacted again (a second pass may still
        // find a secret whose context changed, but must leave every
        // reference of the first pass intact).
        let twice = red.redact_str(&once.text, &opts);
        for f in &once.findings {
            assert!(
                twice.text.contains(&f.reference),
                "round {round}: reference re-redacted\n{s:?}"
            );
        }
        for f in &twice.findings {
            assert!(
                !once.text[f.span.clone()].contains("[REDACTED:"),
                "round {round}"
            );
        }
        let thrice = red.redact_str(&twice.text, &opts);
        assert_eq!(
            thrice.text, twice.text,
            "round {round}: no fixed point\n{s:?}"
        );
    }
}

#[test]
fn truncated_and_json_escaped_private_keys() {
    let red = redactor();
    let mut r = Rng::new(32);
    let body = r.pem_body(8);
    // Truncated (no END line), inside a JSON string with escaped newlines.
    let truncated = format!(
        "{{\"output\": \"-----BEGIN OPENSSH PRIVATE KEY-----\\n{}\"}}",
        body[..300].replace('\n', "\\n")
    );
    let out = red.redact_str(&truncated, &ScanOptions::default());
    assert_eq!(out.findings.len(), 1, "{out:?}");
    assert_eq!(out.findings[0].rule_id, "private-key-openssh");
    assert!(out.text.ends_with("\"}"), "{}", out.text);
    // Encrypted legacy PEM with headers.
    let enc = format!(
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{}\n\n{}-----END RSA PRIVATE KEY-----\ntrailing text",
        r.hex(32).to_uppercase(),
        body
    );
    let out = red.redact_str(&enc, &ScanOptions::default());
    assert_eq!(out.findings.len(), 1);
    assert!(out.text.ends_with("]\ntrailing text"), "{}", out.text);
}
