//! Benchmark of the sinks against direct baselines measured in the same run.
//!
//! - encoders: ns per event for OCSF, OTLP (protobuf, as the OTLP sink sends it), CEF and
//!   RFC 5424 + CEF, against serializing the record itself (JSONL);
//! - delivery, end to end from the audit log: the webhook sink (read a batch from the log,
//!   encode, POST to a loopback receiver, persist the cursor) against a direct loop that reads
//!   the same batches and POSTs the same bodies with the same client and no cursor; the file
//!   sink against a direct loop writing the same lines with one fsync per batch.
//!
//! Each figure is the median of `--runs` runs over `--events` events (batches of 500).
//!
//! ```text
//! cargo run --release -p warden-sink --example sink_bench -- [--events 20000] [--runs 5]
//! ```

use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio_util::sync::CancellationToken;
use warden_core::{
    AgentRef, Body, EventId, EventKind, EventMeta, NewEvent, SessionId, Source, StoredEvent,
    TaskId, Timestamp,
};
use warden_sink::config::DeliveryConfig;
use warden_sink::delivery::status::SinkStats;
use warden_sink::delivery::Runner;
use warden_sink::encode::{self, rfc5424, Format};
use warden_sink::{secret::NoBroker, SinkKind};
use warden_store::{DataDir, EventFilter, Reader, Store, StoreOptions};

const BATCH: usize = 500;

fn main() -> Result<(), String> {
    let mut events = 20_000usize;
    let mut runs = 5usize;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let v: usize = it
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or(format!("{flag} needs a number"))?;
        match flag.as_str() {
            "--events" => events = v.max(BATCH),
            "--runs" => runs = v.max(1),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(run(events, runs))
}

async fn run(n: usize, runs: usize) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = DataDir::open_or_init(&tmp.path().join("data"), "").map_err(|e| e.to_string())?;
    let store = Store::open(&dir, StoreOptions::default()).map_err(|e| e.to_string())?;
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        store
            .append(chunk.iter().map(|i| event(*i)).collect())
            .await
            .map_err(|e| e.to_string())?;
    }
    let all = read_all(&dir)?;
    println!("{n} events in the log, batches of {BATCH}, median of {runs} runs\n");

    println!("encoders (ns per event; ratio to serializing the record as JSONL)");
    let base = median(runs, || {
        time_per_event(&all, &|e: &StoredEvent| e.to_json().to_string().len())
    });
    println!("  jsonl (baseline)   {base:>8.0}");
    let header = rfc5424::Header {
        facility: 16,
        hostname: "bench".into(),
        app_name: "warden".into(),
        sd_id: rfc5424::DEFAULT_SD_ID.into(),
    };
    type Encoder<'a> = (&'a str, &'a dyn Fn(&StoredEvent) -> usize);
    let encoders: [Encoder; 4] = [
        ("ocsf", &|e| encode::ocsf::encode(e).to_string().len()),
        ("otlp protobuf", &|e| {
            encode::otlp::to_protobuf(&encode::otlp::request(std::slice::from_ref(e))).len()
        }),
        ("cef", &|e| encode::cef::encode(e).len()),
        ("rfc5424 + cef", &|e| {
            rfc5424::encode(&header, e, &encode::cef::encode(e)).len()
        }),
    ];
    for (name, f) in encoders {
        let t = median(runs, || time_per_event(&all, f));
        println!("  {name:<18} {t:>8.0}   x{:.2}", t / base);
    }

    let (addr, received) = receiver().await?;
    let url = format!("http://{addr}/");
    println!("\ndelivery from the log (events per second; ratio to the direct loop)");
    let mut sink_rates = Vec::new();
    let mut direct_rates = Vec::new();
    for run in 0..runs {
        let kind: SinkKind = serde_json::from_value(json!({"type": "webhook", "url": url}))
            .map_err(|e| e.to_string())?;
        sink_rates.push(through_sink(&dir, &store, &format!("wh{run}"), &kind, n).await?);
        direct_rates.push(direct_post(&dir, &url, n).await?);
    }
    let (s, d) = (median_of(sink_rates), median_of(direct_rates));
    println!(
        "  webhook sink       {s:>10.0}   direct POST loop {d:>10.0}   x{:.2}",
        s / d
    );
    let mut sink_rates = Vec::new();
    let mut direct_rates = Vec::new();
    for run in 0..runs {
        let path = tmp.path().join(format!("sink-{run}.jsonl"));
        let kind: SinkKind = serde_json::from_value(json!({"type": "file", "path": path}))
            .map_err(|e| e.to_string())?;
        sink_rates.push(through_sink(&dir, &store, &format!("f{run}"), &kind, n).await?);
        direct_rates.push(direct_file(
            &dir,
            &tmp.path().join(format!("direct-{run}.jsonl")),
            n,
        )?);
    }
    let (s, d) = (median_of(sink_rates), median_of(direct_rates));
    println!(
        "  file sink          {s:>10.0}   direct write+fsync {d:>8.0}   x{:.2}",
        s / d
    );
    println!(
        "\n(receiver got {} events in total)",
        received.load(Ordering::Relaxed)
    );
    Ok(())
}

fn event(i: usize) -> NewEvent {
    let ts = Timestamp::from_unix_nanos(1_795_255_200_000_000_000 + i as i128 * 1_000_000)
        .expect("time");
    let mut random = [0u8; 10];
    random[..8].copy_from_slice(&(i as u64).to_be_bytes());
    let (kind, body) = match i % 4 {
        0 => (
            EventKind::ToolCall,
            json!({"hook_event_name": "PreToolUse", "tool_name": "Bash",
              "tool_input": {"command": format!("grep -rn TODO src/ | head -{i}"), "description": "find todos"}}),
        ),
        1 => (
            EventKind::Decision,
            json!({"outcome": "allow", "mode": "observe", "reason": "",
              "policies": ["allow-read"], "policy_version": "sha256:ab12", "tool": "Bash",
              "facts": {"effect": "read", "effect_source": "arguments", "flags": [], "reasons": [], "targets": []}}),
        ),
        2 => (
            EventKind::ToolResult,
            json!({"tool_name": "Bash", "tool_response": {"stdout": "src/a.rs:1: TODO ".repeat(8)}}),
        ),
        _ => (
            EventKind::Alert,
            json!({"rule": "loop.repeated_call", "severity": "medium", "summary": "same call repeated",
              "tags": ["ASI02", "ASI08", "AML.T0034", "MAESTRO.L3", "NIST.MEASURE-2.4"], "evidence": [], "response": "alert"}),
        ),
    };
    let meta = EventMeta::new(
        EventId::from_parts(1_795_255_200_000 + i as u64, &random),
        ts,
        kind,
        Source::Hook,
        AgentRef::parse("spiffe://warden.local/agent/claude").expect("agent"),
        TaskId::new("bench-task").expect("task"),
        SessionId::new("bench-session").expect("session"),
    );
    NewEvent {
        meta,
        body: Body::from_value(&body),
    }
}

fn read_all(dir: &DataDir) -> Result<Vec<StoredEvent>, String> {
    let reader = Reader::open(dir).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    reader
        .events(&EventFilter::default(), |e| {
            out.push(e);
            true
        })
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn time_per_event(all: &[StoredEvent], f: &dyn Fn(&StoredEvent) -> usize) -> f64 {
    let start = Instant::now();
    let mut bytes = 0usize;
    for e in all {
        bytes += f(e);
    }
    std::hint::black_box(bytes);
    start.elapsed().as_nanos() as f64 / all.len() as f64
}

fn median(runs: usize, mut f: impl FnMut() -> f64) -> f64 {
    median_of((0..runs).map(|_| f()).collect())
}

fn median_of(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// A loopback receiver that acknowledges every POST and counts the events in its JSON array.
async fn receiver() -> Result<(std::net::SocketAddr, Arc<AtomicU64>), String> {
    let count = Arc::new(AtomicU64::new(0));
    let c = count.clone();
    let app = axum::Router::new().fallback(move |body: bytes::Bytes| {
        let c = c.clone();
        async move {
            // Count objects cheaply: every record carries exactly one "body_hash" key.
            let n = body.windows(11).filter(|w| w == b"\"body_hash\"").count();
            c.fetch_add(n as u64, Ordering::Relaxed);
            "ok"
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((addr, count))
}

/// Events per second through a sink's full delivery loop, from an empty cursor to `n`.
async fn through_sink(
    dir: &DataDir,
    store: &Store,
    name: &str,
    kind: &SinkKind,
    n: usize,
) -> Result<f64, String> {
    let sink = warden_sink::registry::build(name, kind, &NoBroker).await?;
    let stats = Arc::new(SinkStats::default());
    let config = DeliveryConfig {
        batch_size: BATCH,
        ..Default::default()
    };
    let runner = Runner::new(
        name,
        sink,
        dir,
        config,
        store.subscribe_appends(),
        stats.clone(),
    )?;
    let cancel = CancellationToken::new();
    let start = Instant::now();
    let task = tokio::spawn(runner.run(cancel.clone()));
    while stats.delivered.load(Ordering::Relaxed) < n as u64 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    cancel.cancel();
    let _ = task.await;
    Ok(rate)
}

/// The baseline: the same batches read from the log and POSTed as the same JSON arrays.
async fn direct_post(dir: &DataDir, url: &str, n: usize) -> Result<f64, String> {
    let client = reqwest::Client::new();
    let reader = Reader::open(dir).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let mut after = None;
    let mut sent = 0;
    while sent < n {
        let batch = read_batch(&reader, after)?;
        after = batch.last().map(|e| e.envelope.seq);
        let items: Vec<serde_json::Value> = batch.iter().map(StoredEvent::to_json).collect();
        let body = serde_json::to_vec(&items).map_err(|e| e.to_string())?;
        let r = client
            .post(url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let _ = r.bytes().await;
        sent += batch.len();
    }
    Ok(n as f64 / start.elapsed().as_secs_f64())
}

/// The baseline for the file sink: the same lines, one fsync per batch, no cursor.
fn direct_file(dir: &DataDir, path: &std::path::Path, n: usize) -> Result<f64, String> {
    let reader = Reader::open(dir).map_err(|e| e.to_string())?;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    let mut after = None;
    let mut sent = 0;
    while sent < n {
        let batch = read_batch(&reader, after)?;
        after = batch.last().map(|e| e.envelope.seq);
        let mut text = String::new();
        for line in encode::lines(Format::Jsonl, &batch) {
            text.push_str(&line);
            text.push('\n');
        }
        f.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        f.sync_data().map_err(|e| e.to_string())?;
        sent += batch.len();
    }
    Ok(n as f64 / start.elapsed().as_secs_f64())
}

fn read_batch(reader: &Reader, after: Option<u64>) -> Result<Vec<StoredEvent>, String> {
    let mut out = Vec::with_capacity(BATCH);
    reader
        .events(
            &EventFilter {
                after_seq: after,
                limit: Some(BATCH),
                ..Default::default()
            },
            |e| {
                out.push(e);
                true
            },
        )
        .map_err(|e| e.to_string())?;
    Ok(out)
}
