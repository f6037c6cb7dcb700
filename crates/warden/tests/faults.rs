//! Faults, for real: the data directory's disk fills up under two running gateways.
//!
//! Observe mode keeps answering the agent (allow, at once), spools what the audit log cannot
//! take to a directory on another disk, and delivers it once space returns: every hook event
//! lands in the log, in order, and `warden verify` passes. Enforce mode denies with a reason that
//! says why. The ingest API answers 503 for what it could not record, so nothing acknowledged
//! is lost.
//!
//! The full disk is a small tmpfs mounted for the test (CI runs as root on this machine).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use warden_store::{DataDir, EventFilter, Reader};

mod support;

/// A tmpfs of `size`, unmounted on drop (also when the test fails).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Self {
        std::fs::create_dir_all(at).expect("mkdir");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "this test mounts a small tmpfs to fill a disk for real; it needs root (CI runs as root)"
        );
        Self(at.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Writes a filler file until the disk refuses; returns its path.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write as _;
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).expect("create filler");
    let chunk = vec![0x5au8; 64 * 1024];
    loop {
        if f.write_all(&chunk).is_err() {
            break;
        }
    }
    // Fill the last partial chunk too.
    let small = [0x5au8; 512];
    while f.write_all(&small).is_ok() {}
    let _ = f.sync_all();
    path
}

fn config_file(dir: &Path, spool: &Path) -> PathBuf {
    let path = dir.join(format!(
        "warden-{}.toml",
        spool.file_name().and_then(|s| s.to_str()).unwrap_or("x")
    ));
    let text = format!(
        "[gateway]\ndecision_budget_ms = 2000\n[store]\ncheckpoint_interval_ms = 200\n[spool]\ndir = {:?}\nretry_ms = 100\nreserve_bytes = 0\n",
        spool.to_string_lossy()
    );
    std::fs::write(&path, text).expect("write config");
    path
}

fn hook(session: &str, i: usize, event: &str) -> Value {
    // Bodies of a few kilobytes fill the log's pages quickly.
    let note = "lorem ipsum dolor sit amet ".repeat(150);
    let mut v = json!({"session_id": session, "transcript_path": "/t.jsonl", "cwd": "/w",
        "hook_event_name": event, "tool_name": "Read",
        "tool_input": {"file_path": format!("/w/src/file{i}.rs"), "note": note},
        "tool_use_id": format!("toolu_{session}_{i:05}")});
    if event == "PostToolUse" {
        v["tool_response"] = json!({"content": "fn main() {}", "isError": false});
    }
    v
}

fn post(http: &reqwest::blocking::Client, url: &str, body: &Value) -> (u16, Value) {
    let resp = http
        .post(format!("{url}/v1/hooks/claude-code"))
        .json(body)
        .send()
        .expect("the gateway answers");
    let status = resp.status().as_u16();
    let text = resp.text().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn metric(http: &reqwest::blocking::Client, url: &str, name: &str) -> u64 {
    let text = http
        .get(format!("{url}/metrics"))
        .send()
        .and_then(|r| r.text())
        .unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

fn wait_until(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `tool_use_id`s of the recorded tool calls/results in log order, per kind.
fn recorded(data: &Path) -> Vec<(String, String)> {
    let dir = DataDir::open_existing(data).expect("data dir");
    let reader = Reader::open(&dir).expect("reader");
    let mut out = Vec::new();
    reader
        .events(&EventFilter::default(), |e| {
            if let Some(id) = e.body.as_ref().and_then(|b| b["tool_use_id"].as_str()) {
                out.push((e.envelope.meta.kind.as_str().to_owned(), id.to_owned()));
            }
            true
        })
        .expect("read events");
    out
}

#[test]
fn disk_full_observe_spools_and_delivers_in_order_enforce_denies() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let disk = Tmpfs::mount(&tmp.path().join("disk"), "6m");
    let observe_data = disk.0.join("observe");
    let enforce_data = disk.0.join("enforce");
    let observe_cfg = config_file(tmp.path(), &tmp.path().join("spool-observe"));
    let enforce_cfg = config_file(tmp.path(), &tmp.path().join("spool-enforce"));
    let observe = support::Gateway::start(
        &observe_data,
        &[
            "--mode",
            "observe",
            "--config",
            &observe_cfg.to_string_lossy(),
        ],
    );
    let enforce = support::Gateway::start(
        &enforce_data,
        &[
            "--mode",
            "enforce",
            "--config",
            &enforce_cfg.to_string_lossy(),
        ],
    );
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");

    // Before the fault: both record.
    for i in 0..3 {
        assert_eq!(
            post(&http, &observe.url, &hook("obs", i, "PreToolUse")).0,
            200
        );
        assert_eq!(
            post(&http, &enforce.url, &hook("enf", i, "PreToolUse")).0,
            200
        );
    }

    let filler = fill(&disk.0);

    // Observe: every call is answered at once with no decision (allow), until the log has
    // refused some and they went to the spool.
    let mut sent = 3;
    let started = Instant::now();
    while metric(&http, &observe.url, "warden_spooled_events_total") == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the log never refused an event on a full disk"
        );
        for event in ["PreToolUse", "PostToolUse"] {
            let t = Instant::now();
            let (status, body) = post(&http, &observe.url, &hook("obs", sent, event));
            assert_eq!(status, 200, "observe mode answers on a full disk: {body}");
            assert!(
                body.get("hookSpecificOutput").is_none(),
                "observe mode never blocks: {body}"
            );
            assert!(
                t.elapsed() < Duration::from_secs(5),
                "observe mode did not hold the agent"
            );
        }
        sent += 1;
    }
    // A few more while spooling: they follow the spooled ones.
    for _ in 0..10 {
        for event in ["PreToolUse", "PostToolUse"] {
            assert_eq!(post(&http, &observe.url, &hook("obs", sent, event)).0, 200);
        }
        sent += 1;
    }

    // Enforce: a call the log cannot record is denied, saying why.
    let mut denied = None;
    for i in 3..400 {
        let (status, body) = post(&http, &enforce.url, &hook("enf", i, "PreToolUse"));
        assert_eq!(status, 200);
        if let Some(out) = body.get("hookSpecificOutput") {
            denied = Some((i, out.clone()));
            break;
        }
    }
    let (denied_at, out) = denied.expect("enforce mode denied nothing on a full disk");
    assert_eq!(out["permissionDecision"], "deny", "{out}");
    let reason = out["permissionDecisionReason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("could not record") && reason.contains("enforce mode denies"),
        "the reason says what happened: {reason}"
    );

    // The ingest API refuses what it cannot record (503) rather than acknowledging it.
    let resp = http
        .post(format!("{}/v1/events", observe.url))
        .json(&json!({"kind": "prompt", "session_id": "obs-ingest", "body": {"prompt": "x".repeat(4000)}}))
        .send()
        .expect("ingest answers");
    let ingest_status = resp.status().as_u16();
    let ingest_body = resp.text().unwrap_or_default();
    assert!(
        ingest_status == 503 || ingest_status == 200,
        "ingest answers 503 or records: {ingest_status} {ingest_body}"
    );
    if ingest_status == 503 {
        assert!(
            ingest_body.contains("nothing from this request was written"),
            "{ingest_body}"
        );
    }

    // Space returns: the spool drains into the log.
    std::fs::remove_file(&filler).expect("free the disk");
    wait_until("the spool to drain", Duration::from_secs(60), || {
        let spooled = metric(&http, &observe.url, "warden_spooled_events_total");
        let delivered = metric(&http, &observe.url, "warden_spool_delivered_events_total");
        spooled > 0 && delivered == spooled
    });
    assert_eq!(
        metric(&http, &observe.url, "warden_spool_lost_events_total"),
        0
    );
    // Enforce records again once it can.
    let (_, body) = post(&http, &enforce.url, &hook("enf", 999, "PreToolUse"));
    assert!(
        body.get("hookSpecificOutput").is_none(),
        "enforce allows again: {body}"
    );

    assert!(observe.stop().success());
    assert!(enforce.stop().success());

    // Every observe-mode hook is in the log once, each session's events in the order sent.
    let events = recorded(&observe_data);
    let mut seen = HashSet::new();
    for (kind, id) in &events {
        assert!(
            seen.insert((kind.clone(), id.clone())),
            "recorded twice: {kind} {id}"
        );
    }
    let calls: Vec<&String> = events
        .iter()
        .filter(|(k, _)| k == "tool_call")
        .map(|(_, id)| id)
        .collect();
    let expected: Vec<String> = (0..sent).map(|i| format!("toolu_obs_{i:05}")).collect();
    assert_eq!(
        calls.len(),
        expected.len(),
        "every observe-mode call is recorded"
    );
    let mut sorted = calls.clone();
    sorted.sort();
    assert_eq!(calls, sorted, "in the order they were made");
    let results = events.iter().filter(|(k, _)| k == "tool_result").count();
    assert_eq!(results, sent - 3, "every observe-mode result is recorded");

    // Enforce: what was allowed is recorded; the denied call is not claimed as recorded.
    let enforce_calls: HashSet<String> = recorded(&enforce_data)
        .into_iter()
        .filter(|(k, _)| k == "tool_call")
        .map(|(_, id)| id)
        .collect();
    for i in (0..denied_at).chain([999]) {
        assert!(
            enforce_calls.contains(&format!("toolu_enf_{i:05}")),
            "allowed enforce call {i} is recorded"
        );
    }

    for data in [&observe_data, &enforce_data] {
        let (code, out, err) =
            support::warden(&["verify", "--data", &data.to_string_lossy()], None);
        assert_eq!(code, 0, "verify passes after the fault: {out}{err}");
    }
}

/// An upstream MCP server that crashes in the middle of a call (reads the request, then drops
/// the connection; or sends half an SSE stream and dies): the agent gets a clear error rather
/// than a hang, the gateway stays up, the call is in the log, and the log verifies.
#[test]
fn an_upstream_crashing_mid_call_gets_a_clear_error_and_the_call_stays_recorded() {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let upstream = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for (n, conn) in listener.incoming().enumerate() {
            let Ok(mut conn) = conn else { continue };
            let mut buf = [0u8; 8192];
            let _ = conn.read(&mut buf);
            if n % 2 == 1 {
                // Half an SSE answer, then the process "dies".
                let _ = conn.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n1a\r\nevent: message\ndata: {\"js\r\n");
                let _ = conn.flush();
            }
            drop(conn);
        }
    });
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let gw = support::Gateway::start(
        &data,
        &["--mcp-upstream", &format!("dying=http://{upstream}/mcp")],
    );
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    for id in 1..=4 {
        let started = Instant::now();
        let resp = http
            .post(format!("{}/mcp/dying", gw.url))
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .header("mcp-protocol-version", "2026-07-28")
            .header("mcp-method", "tools/call")
            .header("mcp-name", "run")
            .header("warden-session", "dying")
            .body(format!(
                r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"run","arguments":{{"n":{id}}},"_meta":{{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}}}}"#
            ))
            .send();
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "call {id} hung"
        );
        match resp {
            Ok(r) => {
                let status = r.status().as_u16();
                let body = r.text().unwrap_or_default();
                // Either a clear gateway error, or the stream cut short (the client sees the
                // upstream die); never a success with a made-up answer.
                assert!(
                    status == 502 || (status == 200 && !body.contains("\"result\"")),
                    "call {id}: {status} {body}"
                );
                if status == 502 {
                    assert!(body.contains("could not reach the MCP upstream"), "{body}");
                }
            }
            Err(e) => assert!(!e.is_timeout(), "call {id} timed out: {e}"),
        }
    }
    let health = http
        .get(format!("{}/healthz", gw.url))
        .send()
        .expect("healthz");
    assert!(health.status().is_success(), "the gateway stays up");
    assert!(gw.stop().success());
    let calls = recorded_calls(&data);
    assert_eq!(calls, 4, "every call that reached the gateway is recorded");
    let (code, out, err) = support::warden(&["verify", "--data", &data.to_string_lossy()], None);
    assert_eq!(code, 0, "{out}{err}");
}

fn recorded_calls(data: &Path) -> usize {
    let dir = DataDir::open_existing(data).expect("data dir");
    let reader = Reader::open(&dir).expect("reader");
    let mut n = 0;
    reader
        .events(&EventFilter::default(), |e| {
            if e.envelope.meta.kind.as_str() == "tool_call" {
                n += 1;
            }
            true
        })
        .expect("events");
    n
}

/// The spool's reserve: with the spool on a disk that is full, the space it set aside is
/// released and the events are spooled, not lost; they reach the log once it takes them.
#[test]
fn a_full_spool_disk_releases_the_reserve_and_loses_nothing() {
    use std::sync::atomic::Ordering;
    use warden_gateway::pipeline::RecordStats;
    use warden_gateway::spool::{Spool, SpoolConfig};

    let tmp = tempfile::tempdir().expect("tempdir");
    let disk = Tmpfs::mount(&tmp.path().join("spooldisk"), "2m");
    let spool_dir = disk.0.join("spool");
    let data = warden_store::DataDir::open_or_init(
        &tmp.path().join("data"),
        warden_gateway::DEFAULT_CONFIG,
    )
    .expect("data dir");
    let store = warden_store::Store::open(&data, Default::default()).expect("store");
    let stats = std::sync::Arc::new(RecordStats::default());
    let config = SpoolConfig {
        reserve_bytes: 512 * 1024,
        retry_ms: 100,
        ..Default::default()
    };
    // Close the store first so every batch must wait in the spool.
    store.close().expect("close");
    let spool =
        Spool::start(spool_dir.clone(), &config, store.clone(), stats.clone()).expect("spool");
    let reserve = spool_dir.join("reserve");
    wait_until("the reserve", Duration::from_secs(10), || {
        std::fs::metadata(&reserve).is_ok_and(|m| m.len() == 512 * 1024)
    });
    let _filler = fill(&disk.0);
    let session = warden_core::SessionId::new("reserve").expect("session");
    for i in 0..20 {
        let meta = warden_core::EventMeta::new(
            warden_gateway::pipeline::new_event_id(),
            warden_gateway::pipeline::now(),
            warden_core::EventKind::Prompt,
            warden_core::Source::Api,
            warden_core::AgentRef::unattested("local"),
            warden_core::TaskId::implicit_for(&session),
            session.clone(),
        );
        spool.put(vec![warden_core::NewEvent {
            meta,
            body: warden_core::Body::from_value(&json!({"i": i, "text": "x".repeat(2000)})),
        }]);
    }
    wait_until("the events to be spooled", Duration::from_secs(10), || {
        stats.spooled.load(Ordering::Relaxed) == 20
    });
    assert_eq!(
        stats.spool_lost.load(Ordering::Relaxed),
        0,
        "nothing lost on a full spool disk"
    );
    assert!(!reserve.exists(), "the reserve was released to make room");
    spool.stop();

    // A later run with a working log delivers them.
    let store = warden_store::Store::open(&data, Default::default()).expect("reopen");
    let stats = std::sync::Arc::new(RecordStats::default());
    let spool = Spool::start(spool_dir, &config, store.clone(), stats.clone()).expect("spool");
    wait_until("delivery", Duration::from_secs(20), || {
        stats.spool_delivered.load(Ordering::Relaxed) == 20
    });
    spool.stop();
    store.close().expect("close");
}
