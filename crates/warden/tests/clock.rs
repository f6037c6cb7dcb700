//! Clock steps: the wall clock jumps back two hours, then forward three, under a running
//! gateway (libfaketime, the system package `faketime`, steps CLOCK_REALTIME only, as NTP or
//! an operator would). Every acknowledged event is recorded once, in the order it was
//! acknowledged, with its (stepped) timestamp; checkpoints keep being signed; the log verifies.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use warden_store::{DataDir, EventFilter, Reader};

mod support;

const LIBFAKETIME: &str = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

fn ingest(http: &reqwest::blocking::Client, url: &str, phase: &str) -> Vec<String> {
    let body: String = (0..25)
        .map(|i| format!("{{\"kind\":\"prompt\",\"session_id\":\"clock\",\"body\":{{\"phase\":\"{phase}\",\"i\":{i}}}}}\n"))
        .collect();
    let resp = http
        .post(format!("{url}/v1/events"))
        .header("content-type", "application/x-ndjson")
        .body(body)
        .send()
        .expect("ingest");
    assert!(resp.status().is_success());
    let v: serde_json::Value = resp.json().expect("json");
    v["ids"]
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(|i| i.as_str().map(str::to_owned))
        .collect()
}

fn step(file: &Path, offset: &str) {
    std::fs::write(file, offset).expect("write faketime offset");
    // libfaketime re-reads the file on every call (no cache); give the gateway a moment.
    std::thread::sleep(Duration::from_millis(300));
}

#[test]
fn wall_clock_steps_back_and_forward_lose_and_reorder_nothing() {
    assert!(
        Path::new(LIBFAKETIME).exists(),
        "{LIBFAKETIME} is missing: install the Debian package faketime (scripts/test.sh does)"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let offset = tmp.path().join("faketime");
    std::fs::write(&offset, "+0").expect("offset");
    let offset_s = offset.to_string_lossy().into_owned();
    let gw = support::Gateway::start_env(
        &data,
        &[],
        &[
            ("LD_PRELOAD", LIBFAKETIME),
            ("FAKETIME_TIMESTAMP_FILE", &offset_s),
            ("FAKETIME_NO_CACHE", "1"),
            ("FAKETIME_DONT_FAKE_MONOTONIC", "1"),
        ],
    );
    let http = reqwest::blocking::Client::new();
    let mut acked = ingest(&http, &gw.url, "now");
    step(&offset, "-2h");
    acked.extend(ingest(&http, &gw.url, "two_hours_back"));
    let hook = http
        .post(format!("{}/v1/hooks/claude-code", gw.url))
        .json(&serde_json::json!({"session_id": "clock", "hook_event_name": "PreToolUse",
            "tool_name": "Read", "tool_input": {"file_path": "/w/a.rs"}, "tool_use_id": "toolu_clock"}))
        .send()
        .expect("hook");
    assert!(hook.status().is_success());
    step(&offset, "+1h");
    acked.extend(ingest(&http, &gw.url, "one_hour_ahead"));
    // A checkpoint is signed after the steps (the interval runs on the monotonic clock).
    std::thread::sleep(Duration::from_millis(1500));
    assert!(gw.stop().success(), "clean stop after clock steps");

    let dir = DataDir::open_existing(&data).expect("data dir");
    let reader = Reader::open(&dir).expect("reader");
    let mut order = Vec::new();
    let mut phases = Vec::new();
    reader
        .events(&EventFilter::default(), |e| {
            if let Some(phase) = e.body.as_ref().and_then(|b| b["phase"].as_str()) {
                order.push(e.envelope.meta.id.to_string());
                phases.push((phase.to_owned(), e.envelope.meta.ts.unix_nanos()));
            }
            true
        })
        .expect("events");
    assert_eq!(
        order, acked,
        "every acknowledged event, once, in acknowledgement order"
    );
    assert_eq!(
        order.iter().collect::<HashSet<_>>().len(),
        order.len(),
        "ids stay unique"
    );
    let first = |p: &str| {
        phases
            .iter()
            .find(|(q, _)| q == p)
            .map(|(_, t)| *t)
            .expect("phase")
    };
    let hour = 3_600_000_000_000i128;
    let back = first("now") - first("two_hours_back");
    assert!(
        back > hour,
        "the step back shows in the events' times: {back} ns"
    );
    let ahead = first("one_hour_ahead") - first("now");
    assert!(
        ahead > hour / 2,
        "the step forward shows in the events' times: {ahead} ns"
    );
    let (code, out, err) = support::warden(&["verify", "--data", &data.to_string_lossy()], None);
    assert_eq!(code, 0, "verify after clock steps: {out}{err}");
}
