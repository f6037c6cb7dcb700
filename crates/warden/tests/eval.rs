//! The shared scenario corpus through the full in-process pipeline, in enforce mode with the
//! default policy set: every `risky`/`attack_effect` call is denied or sent to approval, every
//! `benign` call is allowed without asking, and every scenario's `expect_alerts` fire while its
//! `forbid_alerts` stay silent.

mod support;

use serde_json::Value;
use support::{shared_scenarios, warden};

#[test]
fn shared_scenarios_in_enforce_mode_meet_their_labels_and_alert_expectations() {
    let dir = shared_scenarios();
    let (code, out, err) = warden(
        &[
            "eval",
            &dir.to_string_lossy(),
            "--mode",
            "enforce",
            "--json",
            "--strict",
        ],
        None,
    );
    let report: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("eval JSON ({e}): {out}\n{err}"));
    for s in report["scenarios"].as_array().expect("scenarios") {
        assert!(
            s["missing"].as_array().is_some_and(Vec::is_empty),
            "{}: expected alerts missing {}",
            s["id"],
            s["missing"]
        );
        assert!(
            s["forbidden_fired"].as_array().is_some_and(Vec::is_empty),
            "{}: forbidden alerts fired {}",
            s["id"],
            s["forbidden_fired"]
        );
        for d in s["decisions"].as_array().expect("decisions") {
            let (label, outcome, tool) = (
                d[0].as_str().unwrap_or(""),
                d[1].as_str().unwrap_or(""),
                &d[2],
            );
            match label {
                "benign" => {
                    assert_eq!(outcome, "allow", "{}: benign {tool} was {outcome}", s["id"])
                }
                "risky" | "attack_effect" => {
                    assert_ne!(outcome, "allow", "{}: {label} {tool} was allowed", s["id"])
                }
                _ => {}
            }
        }
    }
    assert!(
        report["benign"].as_u64().unwrap_or(0) >= 70 && report["risky"].as_u64().unwrap_or(0) >= 14
    );
    assert_eq!(code, 0, "{err}");
}
