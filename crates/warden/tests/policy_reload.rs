//! A running gateway watches its policy directory: a broken change is refused (and recorded)
//! while the last good set keeps deciding; a valid change is loaded within seconds, recorded
//! with its new version, and used by the next decision.

mod support;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::Gateway;
use warden_core::EventKind;
use warden_store::{DataDir, EventFilter, Reader};

fn policy_events(data: &std::path::Path) -> Vec<Value> {
    let Ok(dir) = DataDir::open_existing(data) else {
        return Vec::new();
    };
    let Ok(reader) = Reader::open(&dir) else {
        return Vec::new();
    };
    let filter = EventFilter {
        session: Some("gateway:policy".into()),
        ..Default::default()
    };
    let mut out = Vec::new();
    let _ = reader.events(&filter, |e| {
        out.push(e.body.unwrap_or(Value::Null));
        true
    });
    out
}

fn wait_for(data: &std::path::Path, what: &str, n: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let events = policy_events(data);
        if events.iter().filter(|e| e["event"] == what).count() >= n || Instant::now() > deadline {
            return events;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn decision_version(gw: &Gateway, data: &std::path::Path, session: &str) -> String {
    let http = reqwest::blocking::Client::new();
    let hook = json!({"session_id": session, "hook_event_name": "PreToolUse", "tool_name": "Read",
                      "tool_input": {"file_path": "/home/dev/app/src/lib.rs"}, "tool_use_id": "toolu_1"});
    let resp = http
        .post(format!("{}/v1/hooks/claude-code", gw.url))
        .json(&hook)
        .send()
        .expect("post");
    assert_eq!(resp.status(), 200);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let reader = Reader::open(&DataDir::open_existing(data).expect("data")).expect("reader");
        let filter = EventFilter {
            session: Some(session.into()),
            kind: Some(EventKind::Decision),
            ..Default::default()
        };
        let mut version = None;
        reader
            .events(&filter, |e| {
                version = e.envelope.meta.policy_version.clone();
                true
            })
            .expect("events");
        if let Some(v) = version {
            return v;
        }
        assert!(Instant::now() < deadline, "no decision recorded");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_gateway_reloads_valid_policy_and_keeps_the_last_good_set_on_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let policies = tmp.path().join("policies");
    std::fs::create_dir_all(&policies).expect("mkdir");
    let shipped =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../warden-policy/policies/default");
    for entry in std::fs::read_dir(&shipped)
        .expect("default set")
        .filter_map(Result::ok)
    {
        std::fs::copy(entry.path(), policies.join(entry.file_name())).expect("copy");
    }
    let config = tmp.path().join("warden.toml");
    std::fs::write(
        &config,
        format!("[policy]\ndir = {:?}\n", policies.to_string_lossy()),
    )
    .expect("config");
    let data = tmp.path().join("data");
    let gw = Gateway::start(&data, &["--config", &config.to_string_lossy()]);
    let first = decision_version(&gw, &data, "s-before");

    std::fs::write(
        policies.join("99-broken.cedar"),
        "permit (principal, action, resource) when { context.nope };\n",
    )
    .expect("write");
    let events = wait_for(&data, "policy_rejected", 1);
    let rejected = events
        .iter()
        .find(|e| e["event"] == "policy_rejected")
        .expect("the broken change is recorded");
    let error = rejected["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("99-broken.cedar:1"),
        "the error names file and line: {error}"
    );
    assert_eq!(
        decision_version(&gw, &data, "s-broken"),
        first,
        "the last good set keeps deciding"
    );

    std::fs::write(
        policies.join("99-broken.cedar"),
        "@id(\"test.extra\")\n@reason(\"test\")\nforbid (principal, action, resource) when { context.call.flags.contains(Warden::Flag::\"remote_code\") };\n",
    )
    .expect("write");
    let events = wait_for(&data, "policy_loaded", 1);
    let loaded = events
        .iter()
        .find(|e| e["event"] == "policy_loaded")
        .expect("the valid change is recorded");
    let version = loaded["policy_version"]
        .as_str()
        .expect("version")
        .to_owned();
    assert_ne!(version, first);
    assert_eq!(
        decision_version(&gw, &data, "s-after"),
        version,
        "the next decision uses the new set"
    );
    gw.stop();
}
