//! Kill the gateway with SIGKILL in the middle of a load; after a restart every acknowledged
//! event is present and `warden verify` passes.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use warden_store::{DataDir, EventFilter, Reader};

mod support;

fn verify(data: &std::path::Path) -> (bool, String) {
    let (code, out, _) = support::warden(&["verify", "--data", &data.to_string_lossy()], None);
    (code == 0, out)
}

#[test]
fn sigkill_under_load_loses_no_acknowledged_event() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let gw = support::Gateway::start(&data, &[]);
    let url = gw.url.clone();

    let acked: Arc<Mutex<HashSet<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let producers: Vec<_> = (0..4)
        .map(|p| {
            let (acked, stop, url) = (acked.clone(), stop.clone(), url.clone());
            std::thread::spawn(move || {
                let http = reqwest::blocking::Client::builder().timeout(Duration::from_secs(5)).build().expect("client");
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let body: String = (0..50)
                        .map(|i| format!("{{\"kind\":\"tool_call\",\"session_id\":\"load-{p}\",\"body\":{{\"n\":{n},\"i\":{i}}}}}\n"))
                        .collect();
                    n += 1;
                    let Ok(resp) = http.post(format!("{url}/v1/events")).header("content-type", "application/x-ndjson").body(body).send() else {
                        break; // the gateway is gone
                    };
                    if !resp.status().is_success() {
                        break;
                    }
                    let Ok(v) = resp.json::<serde_json::Value>() else { break };
                    let ids = v["ids"].as_array().cloned().unwrap_or_default();
                    let mut set = acked.lock().expect("lock");
                    set.extend(ids.iter().filter_map(|i| i.as_str().map(str::to_owned)));
                }
            })
        })
        .collect();

    // Let the load run past a few checkpoints, then kill without warning.
    let started = Instant::now();
    while acked.lock().expect("lock").len() < 5_000 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(700));
    drop(gw); // SIGKILL

    stop.store(true, Ordering::Relaxed);
    for p in producers {
        let _ = p.join();
    }
    let acked = acked.lock().expect("lock").clone();
    assert!(
        acked.len() >= 5_000,
        "the load did not get going: {} acked",
        acked.len()
    );

    // Restart: the gateway signs a checkpoint over the crash tail before serving.
    let gw = support::Gateway::start(&data, &[]);
    let dir = DataDir::open_existing(&data).expect("data dir");
    let reader = Reader::open(&dir).expect("reader");
    let mut present = HashSet::new();
    reader
        .events(&EventFilter::default(), |e| {
            present.insert(e.envelope.meta.id.to_string());
            true
        })
        .expect("read events");
    let missing: Vec<&String> = acked
        .iter()
        .filter(|id| !present.contains(*id))
        .take(5)
        .collect();
    assert!(missing.is_empty(), "acknowledged events lost: {missing:?}");
    let (ok, out) = verify(&data);
    assert!(ok, "verify after restart failed: {out}");

    // A clean stop (SIGTERM) leaves a fully covered log.
    let status = gw.stop();
    assert!(status.success(), "graceful shutdown exit status: {status}");
    let (ok, out) = verify(&data);
    assert!(ok && !out.contains("not yet covered"), "{out}");
}

/// Enforce mode answers a gating hook only once the call and its decision are durable; so
/// after a SIGKILL in the middle of a hook load, every answered call (allowed or denied) is in
/// the log with its decision, and the log verifies.
#[test]
fn sigkill_under_enforce_hook_load_keeps_every_answered_decision() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let gw = support::Gateway::start(&data, &["--mode", "enforce"]);
    let url = gw.url.clone();

    let answered: Arc<Mutex<HashSet<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let producers: Vec<_> = (0..4)
        .map(|p| {
            let (answered, stop, url) = (answered.clone(), stop.clone(), url.clone());
            std::thread::spawn(move || {
                let http = reqwest::blocking::Client::builder()
                    .timeout(Duration::from_secs(5))
                    .build()
                    .expect("client");
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let id = format!("toolu_crash_{p}_{n:06}");
                    n += 1;
                    let body = serde_json::json!({"session_id": format!("crash-{p}"),
                        "hook_event_name": "PreToolUse", "tool_name": "Read",
                        "tool_input": {"file_path": format!("/w/src/f{n}.rs")}, "tool_use_id": id});
                    let Ok(resp) = http
                        .post(format!("{url}/v1/hooks/claude-code"))
                        .json(&body)
                        .send()
                    else {
                        break;
                    };
                    if !resp.status().is_success() || resp.bytes().is_err() {
                        break;
                    }
                    answered.lock().expect("lock").insert(id);
                }
            })
        })
        .collect();
    let started = Instant::now();
    while answered.lock().expect("lock").len() < 300 && started.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(gw); // SIGKILL, with calls in flight
    stop.store(true, Ordering::Relaxed);
    for p in producers {
        let _ = p.join();
    }
    let answered = answered.lock().expect("lock").clone();
    assert!(
        answered.len() >= 300,
        "the load did not get going: {}",
        answered.len()
    );

    let dir = DataDir::open_existing(&data).expect("data dir");
    let reader = Reader::open(&dir).expect("reader");
    let mut calls: std::collections::HashMap<String, String> = Default::default();
    let mut decided: HashSet<String> = HashSet::new();
    reader
        .events(&EventFilter::default(), |e| {
            let meta = &e.envelope.meta;
            match meta.kind.as_str() {
                "tool_call" => {
                    if let Some(id) = e.body.as_ref().and_then(|b| b["tool_use_id"].as_str()) {
                        calls.insert(meta.id.to_string(), id.to_owned());
                    }
                }
                "decision" => {
                    if let Some(parent) = meta.correlation.parent_id {
                        decided.insert(parent.to_string());
                    }
                }
                _ => {}
            }
            true
        })
        .expect("read events");
    let with_decision: HashSet<&String> = calls
        .iter()
        .filter(|(event, _)| decided.contains(*event))
        .map(|(_, tool_use)| tool_use)
        .collect();
    let missing: Vec<&String> = answered
        .iter()
        .filter(|id| !with_decision.contains(id))
        .take(5)
        .collect();
    assert!(
        missing.is_empty(),
        "answered enforce calls without a durable call+decision: {missing:?}"
    );
    // The restart signs a checkpoint over the crash tail; the log verifies.
    let gw = support::Gateway::start(&data, &[]);
    let (ok, out) = verify(&data);
    assert!(ok, "verify after restart failed: {out}");
    assert!(gw.stop().success());
}
