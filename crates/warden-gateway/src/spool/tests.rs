//! Spool round trips on a real store: spooled batches are delivered in order, a batch the log
//! already holds is recognised, and leftovers from an earlier run are delivered on start.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use warden_core::{AgentRef, Body, EventKind, EventMeta, NewEvent, SessionId, Source, TaskId};
use warden_store::{DataDir, EventFilter, Reader, Store, StoreOptions};

use super::*;
use crate::pipeline::RecordStats;

fn event(i: u64) -> NewEvent {
    let session = SessionId::new("spool-test").expect("session");
    let meta = EventMeta::new(
        crate::pipeline::new_event_id(),
        crate::pipeline::now(),
        EventKind::ToolCall,
        Source::Hook,
        AgentRef::unattested("local"),
        TaskId::implicit_for(&session),
        session,
    );
    NewEvent {
        meta,
        body: Body::from_value(&json!({"i": i, "big": 1e300, "s": "é\u{1F600}"})),
    }
}

fn logged_order(dir: &DataDir) -> Vec<u64> {
    let reader = Reader::open(dir).expect("reader");
    let mut out = Vec::new();
    reader
        .events(&EventFilter::default(), |e| {
            out.push(e.body.as_ref().and_then(|b| b["i"].as_u64()).expect("i"));
            true
        })
        .expect("events");
    out
}

fn wait_for(what: &str, cond: impl Fn() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn config() -> SpoolConfig {
    SpoolConfig {
        retry_ms: 50,
        reserve_bytes: 64 * 1024,
        ..Default::default()
    }
}

#[test]
fn encode_decode_keeps_meta_and_body_hash() {
    let batch = vec![event(1), event(2)];
    let line = encode(&batch);
    assert_eq!(line.last(), Some(&b'\n'));
    let back = decode(&line[..line.len() - 1]).expect("decode");
    assert_eq!(back.len(), 2);
    for (a, b) in batch.iter().zip(&back) {
        assert_eq!(a.meta, b.meta);
        assert_eq!(a.body.hash(), b.body.hash());
    }
}

#[test]
fn spooled_events_are_delivered_in_order_and_duplicates_recognised() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), crate::DEFAULT_CONFIG).expect("dir");
    let store = Store::open(&dir, StoreOptions::default()).expect("store");
    let stats = Arc::new(RecordStats::default());
    let spool_dir = tmp.path().join("spool");
    let spool =
        Spool::start(spool_dir.clone(), &config(), store.clone(), stats.clone()).expect("spool");
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&spool_dir)
            .expect("spool dir")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700, "only the owner reads the spool");
    }

    let first = vec![event(0), event(1)];
    // Already in the log: the spool must not fail on it, nor record it twice.
    store.append_blocking(first.clone()).expect("append");
    spool.put(first.clone());
    let rest: Vec<Vec<NewEvent>> = (2..12).map(|i| vec![event(i)]).collect();
    for b in &rest {
        spool.put(b.clone());
    }
    wait_for("delivery", || {
        stats.spool_delivered.load(Ordering::Relaxed) == 12
    });
    wait_for("the spool to go idle", || !spool.is_active());
    spool.stop();
    store.close().expect("close");

    assert_eq!(logged_order(&dir), (0..12).collect::<Vec<_>>());
    assert_eq!(stats.spool_lost.load(Ordering::Relaxed), 0);
    let left: Vec<_> = std::fs::read_dir(&spool_dir)
        .expect("read")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("segment-"))
        .collect();
    assert!(left.is_empty(), "delivered segments are removed");
}

#[test]
fn leftovers_from_an_earlier_run_are_delivered_on_start() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), crate::DEFAULT_CONFIG).expect("dir");
    let spool_dir = tmp.path().join("spool");
    std::fs::create_dir_all(&spool_dir).expect("mkdir");
    let mut text = encode(&[event(7), event(8)]);
    // A torn line (a crash mid-write) is reported and skipped, not a stall.
    text.extend_from_slice(b"[{\"meta\":\n");
    text.extend(encode(&[event(9)]));
    std::fs::write(spool_dir.join("segment-0000000000000003.jsonl"), text).expect("write");

    let store = Store::open(&dir, StoreOptions::default()).expect("store");
    let stats = Arc::new(RecordStats::default());
    let spool =
        Spool::start(spool_dir.clone(), &config(), store.clone(), stats.clone()).expect("spool");
    assert!(spool.is_active(), "leftovers make the spool active at once");
    wait_for("delivery", || {
        stats.spool_delivered.load(Ordering::Relaxed) == 3
    });
    wait_for("the spool to go idle", || !spool.is_active());
    spool.stop();
    store.close().expect("close");
    assert_eq!(logged_order(&dir), vec![7, 8, 9]);
    assert_eq!(
        stats.spool_lost.load(Ordering::Relaxed),
        1,
        "the torn line is counted"
    );
}
