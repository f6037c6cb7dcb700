//! False-positive corpus: ordinary code, configuration, logs, prose, hashes,
//! ids, data URIs, lockfiles and minified JS (tests/fixtures/benign/).
//! Prints the measured false-positive count per rule and asserts a low
//! ceiling. Run with `--nocapture` to see the table.

use std::collections::BTreeMap;

use warden_redact::{FieldPolicy, KeyRing, PiiSet, Redactor, ScanOptions, Scanner};

/// Findings allowed on the whole benign corpus with secrets-only scanning.
const CEILING: usize = 2;

fn corpus() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/benign");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("benign corpus exists")
        .map(|e| e.expect("dir entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&p).expect("utf-8 fixture"))
        })
        .collect()
}

#[test]
fn benign_corpus_has_few_false_positives() {
    let scanner = Scanner::new();
    let files = corpus();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    for (name, text) in &files {
        for m in scanner.scan(text, &ScanOptions::default()) {
            // Benign data: printing the match is safe and helps tuning.
            println!("FP {name}: {} {:?}", m.rule_id, &text[m.span.clone()]);
            *per_rule.entry(m.rule_id).or_default() += 1;
            total += 1;
        }
    }
    println!(
        "false positives on {} files, {} bytes: {total}",
        files.len(),
        bytes
    );
    for (rule, n) in &per_rule {
        println!("  {rule:<32} {n}");
    }
    assert!(
        total <= CEILING,
        "{total} false positives (ceiling {CEILING}): {per_rule:?}"
    );
}

#[test]
fn benign_corpus_pii_counts_are_reported() {
    // PII is opt-in; its precision is reported, not gated (e-mail addresses
    // in git logs are real PII).
    let scanner = Scanner::new();
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    for (_, text) in corpus() {
        for m in scanner.scan(&text, &ScanOptions::default().with_pii(PiiSet::ALL)) {
            *per_rule.entry(m.rule_id).or_default() += 1;
        }
    }
    println!("PII findings on the benign corpus: {per_rule:?}");
    for k in ["pii-credit-card", "pii-iban", "pii-us-ssn"] {
        assert!(
            per_rule.get(k).copied().unwrap_or(0) <= 1,
            "{k}: {per_rule:?}"
        );
    }
}

#[test]
fn benign_json_tool_results_are_unchanged() {
    let red = Redactor::new(Scanner::new(), KeyRing::new(1, [3u8; 32]));
    let text = corpus()
        .into_iter()
        .find(|(n, _)| n == "tool_results.jsonl")
        .expect("tool results fixture")
        .1;
    let mut changed = 0;
    for line in text.lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let findings = red.redact_json(&mut v, &FieldPolicy::new());
        changed += findings.len();
        for f in &findings {
            println!("JSON FP: {} at {:?}", f.rule_id, f.path);
        }
    }
    assert!(changed <= 1, "{changed} findings on benign tool results");
}
