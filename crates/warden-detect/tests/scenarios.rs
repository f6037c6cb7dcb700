//! Replays the labelled scenario corpus. Asserts on the shared scenarios; the colleague's
//! `scenarios/dev` and `scenarios/holdout` corpora (when present) are only measured and printed
//! (run with `--nocapture` to see the tables). Nothing is tuned on `holdout/`.

mod support;

use std::path::{Path, PathBuf};

use support::{load_dir, replay, score, Tally};
use warden_detect::{DetectConfig, Engine};

fn shared_dir() -> PathBuf {
    std::env::var_os("WARDEN_SHARED_SCENARIOS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/scenarios"))
}

fn corpus(dir: &Path, name: &str, assert: bool) {
    let files = load_dir(dir);
    if files.is_empty() {
        println!("{name}: no scenarios at {}", dir.display());
        return;
    }
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    println!("\n{:<44} {:<8} fired", name, "result");
    for (path, sc) in &files {
        let mut engine = Engine::new(DetectConfig::default());
        let r = replay(sc, &mut engine);
        let s = score(sc, &r);
        tally.add(sc, &s);
        let ok = s.missing.is_empty() && s.forbidden.is_empty();
        println!(
            "{:<44} {:<8} {}",
            s.id,
            if ok { "ok" } else { "FAIL" },
            s.fired.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        if !ok {
            for a in r
                .alerts
                .iter()
                .filter(|a| s.forbidden.iter().any(|f| f == a.rule))
            {
                println!("    false alert {}: {}", a.rule, a.summary);
            }
            failures.push(format!(
                "{path}: missing {:?}, forbidden fired {:?}",
                s.missing, s.forbidden
            ));
        }
    }
    tally.print(name);
    if assert {
        assert!(
            failures.is_empty(),
            "scenario failures:\n{}",
            failures.join("\n")
        );
    }
}

#[test]
fn shared_scenarios() {
    let dir = shared_dir();
    let files = load_dir(&dir);
    assert!(
        files.len() >= 18,
        "expected the shared corpus at {}",
        dir.display()
    );
    corpus(&dir, "shared", true);
}

#[test]
fn dev_and_holdout_corpora_are_measured() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    corpus(&root.join("dev"), "dev", false);
    corpus(&root.join("holdout"), "holdout", false);
}
