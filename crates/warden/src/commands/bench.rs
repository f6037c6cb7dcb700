//! `warden bench ingest | verify`: throughput of the audit log on this machine, each against a
//! direct baseline measured in the same run (plain durable SQLite inserts of the same rows; a
//! plain scan of the same rows), reported as medians and ratios.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use rusqlite::params;
use serde_json::{json, Value};
use warden_core::{AgentRef, Body, EventKind, EventMeta, NewEvent, SessionId, Source, TaskId};
use warden_gateway::DEFAULT_CONFIG;
use warden_store::{verify, DataDir, Reader, Store, StoreOptions, VerifyOptions};

use crate::cli::{BenchCommand, BenchIngestArgs};

pub fn run(which: BenchCommand) -> Result<ExitCode, String> {
    match which {
        BenchCommand::Ingest(args) => ingest(&args),
        BenchCommand::Verify(args) => verify_bench(&args),
        BenchCommand::Hooks(args) => super::bench_hooks::run(&args),
        BenchCommand::McpStdio(args) => super::bench_mcp::run(&args),
        BenchCommand::Fleet(args) => super::bench_fleet::run(&args),
        BenchCommand::Soak(args) => super::bench_soak::run(&args),
    }
}

/// A realistic mix of bodies: tool calls, tool results of a few hundred bytes, prompts.
fn body(i: usize) -> Value {
    match i % 4 {
        0 => json!({"hook_event_name": "PreToolUse", "tool_name": "Bash",
                     "tool_input": {"command": format!("cargo test -p crate{} -- --nocapture", i % 17)},
                     "tool_use_id": format!("toolu_{i:024x}"), "cwd": "/home/dev/app"}),
        1 => {
            json!({"hook_event_name": "PostToolUse", "tool_name": "Read", "tool_use_id": format!("toolu_{i:024x}"),
                     "tool_response": {"content": "fn main() {\n    println!(\"hello\");\n}\n".repeat(6), "isError": false}})
        }
        2 => {
            json!({"hook_event_name": "UserPromptSubmit", "prompt": "Fix the failing test in the webhook parser and run the suite again."})
        }
        _ => json!({"jsonrpc": "2.0", "id": i, "method": "tools/call",
                     "params": {"name": "get_issue", "arguments": {"owner": "acme", "repo": "app", "number": i % 500}}}),
    }
}

pub(crate) fn new_event(i: usize) -> NewEvent {
    let session =
        SessionId::new(format!("bench-session-{}", i % 64)).expect("bench session ids are valid");
    let meta = EventMeta::new(
        warden_gateway::pipeline::new_event_id(),
        warden_gateway::pipeline::now(),
        [
            EventKind::ToolCall,
            EventKind::ToolResult,
            EventKind::Prompt,
            EventKind::McpMessage,
        ][i % 4],
        Source::Api,
        AgentRef::unattested("bench"),
        TaskId::implicit_for(&session),
        session,
    );
    NewEvent {
        meta,
        body: Body::from_value(&body(i)),
    }
}

fn fresh_dir() -> Result<(tempfile::TempDir, DataDir), String> {
    let tmp = tempfile::Builder::new()
        .prefix("warden-bench-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let dir = DataDir::open_or_init(&tmp.path().join("data"), DEFAULT_CONFIG)
        .map_err(|e| e.to_string())?;
    Ok((tmp, dir))
}

/// Appends `args.events` events from `args.producers` threads; returns events/s and the mean
/// events per commit.
fn warden_ingest_run(args: &BenchIngestArgs, dir: &DataDir) -> Result<(f64, f64), String> {
    let store = Store::open(dir, StoreOptions::default()).map_err(|e| e.to_string())?;
    let per_producer = args.events / args.producers.max(1);
    let started = Instant::now();
    let store = Arc::new(store);
    let handles: Vec<_> = (0..args.producers.max(1))
        .map(|p| {
            let store = store.clone();
            let batch = args.batch.max(1);
            std::thread::spawn(move || -> Result<(), String> {
                let mut i = p * per_producer;
                let end = i + per_producer;
                while i < end {
                    let n = batch.min(end - i);
                    // Building the body (canonical JSON + SHA-256) is part of ingest's cost.
                    let events: Vec<NewEvent> = (i..i + n).map(new_event).collect();
                    store.append_blocking(events).map_err(|e| e.to_string())?;
                    i += n;
                }
                Ok(())
            })
        })
        .collect();
    for h in handles {
        h.join().map_err(|_| "a producer panicked".to_string())??;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let stats = store.stats();
    let commits = stats
        .commits
        .load(std::sync::atomic::Ordering::Relaxed)
        .max(1);
    let total = per_producer * args.producers.max(1);
    store.close().map_err(|e| e.to_string())?;
    Ok((total as f64 / elapsed, total as f64 / commits as f64))
}

/// The same rows, inserted into a plain table with the same durability and commit sizes, with
/// no canonical envelope, hashing, Merkle tree or checkpoints.
fn baseline_ingest_run(args: &BenchIngestArgs, group: usize, dir: &DataDir) -> Result<f64, String> {
    let conn =
        rusqlite::Connection::open(dir.root().join("baseline.db")).map_err(|e| e.to_string())?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE events (seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, ts_ns INTEGER NOT NULL,
           kind TEXT NOT NULL, session_id TEXT NOT NULL, task_id TEXT NOT NULL, agent TEXT NOT NULL, body BLOB);
         CREATE INDEX events_session ON events(session_id, seq);
         CREATE INDEX events_task ON events(task_id, seq);
         CREATE INDEX events_ts ON events(ts_ns);",
    )
    .map_err(|e| e.to_string())?;
    let events: Vec<NewEvent> = (0..args.events).map(new_event).collect();
    let started = Instant::now();
    for (g, chunk) in events.chunks(group.max(1)).enumerate() {
        let tx = conn.unchecked_transaction().map_err(|e| e.to_string())?;
        {
            let mut stmt = tx
                .prepare_cached("INSERT INTO events(seq, id, ts_ns, kind, session_id, task_id, agent, body) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)")
                .map_err(|e| e.to_string())?;
            for (k, e) in chunk.iter().enumerate() {
                let m = &e.meta;
                stmt.execute(params![
                    (g * group + k) as i64,
                    &m.id.as_bytes()[..],
                    m.ts.unix_nanos() as i64,
                    m.kind.as_str(),
                    m.session_id.as_str(),
                    m.task_id.as_str(),
                    m.agent.as_str(),
                    e.body.canonical()
                ])
                .map_err(|e| e.to_string())?;
            }
        }
        tx.commit().map_err(|e| e.to_string())?;
    }
    Ok(args.events as f64 / started.elapsed().as_secs_f64())
}

/// The median (upper middle) of `v`.
pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

pub(crate) fn fmt_rate(v: f64) -> String {
    let n = v.round() as u64;
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ingest(args: &BenchIngestArgs) -> Result<ExitCode, String> {
    let mut warden_rates = Vec::new();
    let mut baseline_rates = Vec::new();
    let mut groups = Vec::new();
    for run in 0..args.runs.max(1) {
        let (_tmp, dir) = fresh_dir()?;
        let (rate, group) = warden_ingest_run(args, &dir)?;
        let base = baseline_ingest_run(args, group.round() as usize, &dir)?;
        eprintln!(
            "run {}: warden {} events/s ({group:.0} events/commit), baseline {} events/s",
            run + 1,
            fmt_rate(rate),
            fmt_rate(base)
        );
        warden_rates.push(rate);
        baseline_rates.push(base);
        groups.push(group);
    }
    let (w, b) = (median(warden_rates), median(baseline_rates));
    println!("ingest: {} events per run, {} producers x {} events/request, synchronous=FULL (durable), {} runs", args.events, args.producers, args.batch, args.runs);
    println!("  warden audit log : {:>12} events/s (median; canonical body + SHA-256, envelope, Merkle leaf, group commit, checkpoints)", fmt_rate(w));
    println!("  baseline         : {:>12} events/s (median; plain durable SQLite inserts of the same rows, same commit size ~{:.0})", fmt_rate(b), median(groups));
    println!("  ratio            : {:.2} of baseline", w / b.max(1.0));
    Ok(ExitCode::SUCCESS)
}

fn verify_bench(args: &BenchIngestArgs) -> Result<ExitCode, String> {
    let (_tmp, dir) = fresh_dir()?;
    warden_ingest_run(args, &dir)?;
    let reader = Reader::open(&dir).map_err(|e| e.to_string())?;
    let mut verify_rates = Vec::new();
    let mut scan_rates = Vec::new();
    for run in 0..args.runs.max(1) {
        let started = Instant::now();
        let report = verify(&reader, &VerifyOptions::default()).map_err(|e| e.to_string())?;
        let secs = started.elapsed().as_secs_f64();
        if !report.ok() {
            return Err(format!(
                "the benchmark log does not verify: {}",
                report.problems[0]
            ));
        }
        let rate = report.events as f64 / secs;
        let started = Instant::now();
        let scanned = scan(&dir)?;
        let scan_rate = scanned as f64 / started.elapsed().as_secs_f64();
        eprintln!(
            "run {}: verify {} events/s, plain scan {} rows/s",
            run + 1,
            fmt_rate(rate),
            fmt_rate(scan_rate)
        );
        verify_rates.push(rate);
        scan_rates.push(scan_rate);
    }
    let (v, s) = (median(verify_rates), median(scan_rates));
    println!("verify: {} events, {} runs", args.events, args.runs);
    println!("  warden verify : {:>12} events/s (median; leaf + body hashes, Merkle root vs every checkpoint, signatures)", fmt_rate(v));
    println!(
        "  baseline scan : {:>12} rows/s (median; reading the same rows with no checks)",
        fmt_rate(s)
    );
    println!("  ratio         : {:.2} of baseline", v / s.max(1.0));
    Ok(ExitCode::SUCCESS)
}

fn scan(dir: &DataDir) -> Result<u64, String> {
    let conn = rusqlite::Connection::open(dir.db_path()).map_err(|e| e.to_string())?;
    let mut stmt = conn
        .prepare("SELECT seq, envelope, leaf, body FROM events ORDER BY seq")
        .map_err(|e| e.to_string())?;
    let mut rows = stmt.query([]).map_err(|e| e.to_string())?;
    let (mut n, mut bytes) = (0u64, 0usize);
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        bytes += row
            .get_ref(1)
            .ok()
            .and_then(|v| v.as_blob().ok())
            .map_or(0, <[u8]>::len);
        bytes += row
            .get_ref(3)
            .ok()
            .and_then(|v| v.as_blob_or_null().ok().flatten())
            .map_or(0, <[u8]>::len);
        n += 1;
    }
    std::hint::black_box(bytes);
    Ok(n)
}

/// The `p` quantile of sorted durations (nearest rank).
pub(crate) fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    if sorted.is_empty() {
        return std::time::Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A duration in microseconds.
pub(crate) fn us(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
