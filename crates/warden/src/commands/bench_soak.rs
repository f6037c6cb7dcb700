//! `warden bench soak --duration 10m`: sustained mixed load (agent hooks, MCP tools/call through
//! the HTTP proxy, ingest) against an in-process gateway for a bounded time, reporting per
//! interval the process's RSS, latency percentiles per kind, and error counts; at the end the
//! memory growth per thousand sessions, and whether the audit log verifies.
//!
//! Everything is on loopback in this process: a minimal MCP upstream, the gateway (its own
//! runtime, a fresh data directory, the built-in policy set), and the load (its own runtime).
//! Each worker starts a new session every `--ops-per-session` operations, so sessions pile up
//! the way they do over a long day; bounded per-session state shows as flat RSS.
//! The figures the reliability note quotes come from this command's last lines.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use warden_gateway::mcp::Upstream;
use warden_gateway::{Config, Mode, ServeOptions, DEFAULT_CONFIG};
use warden_store::{DataDir, VerifyOptions};

use super::bench::{percentile, us};
use crate::cli::BenchSoakArgs;

const KINDS: [&str; 4] = ["hook_pre", "hook_post", "mcp_call", "ingest"];

/// Latencies and errors since the last sample, per kind.
#[derive(Default)]
struct Window {
    latencies: HashMap<&'static str, Vec<Duration>>,
    errors: HashMap<&'static str, u64>,
}

struct Shared {
    window: Mutex<Window>,
    ops: AtomicU64,
    errors: AtomicU64,
    sessions: AtomicU64,
    stop: AtomicBool,
}

impl Shared {
    fn record(&self, kind: &'static str, took: Duration, ok: bool) {
        self.ops.fetch_add(1, Ordering::Relaxed);
        let mut w = match self.window.lock() {
            Ok(w) => w,
            Err(p) => p.into_inner(),
        };
        w.latencies.entry(kind).or_default().push(took);
        if !ok {
            self.errors.fetch_add(1, Ordering::Relaxed);
            *w.errors.entry(kind).or_default() += 1;
        }
    }

    fn take(&self) -> Window {
        let mut w = match self.window.lock() {
            Ok(w) => w,
            Err(p) => p.into_inner(),
        };
        std::mem::take(&mut *w)
    }
}

/// Parses `90s`, `10m`, `2h` or plain seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&s[..i], &s[i..]),
        None => (s, "s"),
    };
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (e.g. 90s, 10m, 1h)"))?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        other => return Err(format!("unknown duration unit {other:?}; use s, m or h")),
    };
    if secs == 0 {
        return Err("the duration must be positive".into());
    }
    Ok(Duration::from_secs(secs))
}

fn runtime(workers: usize) -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// Resident set size of this process, in KiB (Linux), or 0 where unknown.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The upstream: answers every request with a small `tools/call` result echoing the id.
async fn upstream(body: axum::body::Bytes) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let id = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("id").cloned())
        .unwrap_or(serde_json::Value::Null);
    (
        [("content-type", "application/json")],
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"result":{{"content":[{{"type":"text","text":"ok"}}],"isError":false}}}}"#
        ),
    )
        .into_response()
}

pub fn run(args: &BenchSoakArgs) -> Result<ExitCode, String> {
    let duration = parse_duration(&args.duration)?;
    let interval = parse_duration(&args.interval)?;
    let up_rt = runtime(1)?;
    let up_listener = up_rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .map_err(|e| e.to_string())?;
    let up_addr = up_listener.local_addr().map_err(|e| e.to_string())?;
    let app = axum::Router::new().route("/mcp", axum::routing::post(upstream));
    up_rt.spawn(async move { axum::serve(up_listener, app).await });

    let tmp = tempfile::Builder::new()
        .prefix("warden-soak-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let data = DataDir::open_or_init(&tmp.path().join("data"), DEFAULT_CONFIG)
        .map_err(|e| e.to_string())?;
    let mut config = Config::default();
    config.gateway.listen = SocketAddr::from(([127, 0, 0, 1], 0));
    config.gateway.mode = args.mode.parse::<Mode>()?;
    config.mcp.upstreams.insert(
        "soak".into(),
        Upstream::http(&format!("http://{up_addr}/mcp")),
    );
    let gw_rt = runtime(2)?;
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = gw_rt.spawn(warden_gateway::serve(
        ServeOptions {
            config,
            data: data.clone(),
            on_ready: Some(ready_tx),
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    let addr = gw_rt
        .block_on(ready_rx)
        .map_err(|_| "the gateway did not start".to_string())?;
    let base = format!("http://{addr}");

    println!(
        "soak: {} s of mixed load (hooks pre/post, MCP tools/call via the proxy, ingest of 10 events) at {} ops/s from {} workers, mode {}, new session every {} ops per worker; sample every {} s",
        duration.as_secs(), args.rate, args.workers, args.mode, args.ops_per_session, interval.as_secs()
    );
    println!(
        "{:>6} {:>9} {:>7} {:>9} {:>10} {:>9} | p50/p99/max µs per kind",
        "t_s", "ops", "errors", "sessions", "log_events", "rss_mib"
    );

    let shared = Arc::new(Shared {
        window: Mutex::default(),
        ops: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        sessions: AtomicU64::new(0),
        stop: AtomicBool::new(false),
    });
    let load_rt = runtime(2)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let per_worker = Duration::from_secs_f64(args.workers as f64 / args.rate.max(1) as f64);
    let workers: Vec<_> = (0..args.workers)
        .map(|w| {
            let (client, base, shared) = (client.clone(), base.clone(), shared.clone());
            let ops_per_session = args.ops_per_session.max(1);
            load_rt.spawn(worker(w, client, base, shared, per_worker, ops_per_session))
        })
        .collect();

    let started = Instant::now();
    let mut samples: Vec<(f64, u64, u64)> = Vec::new(); // (t, sessions, rss KiB)
    let mut last = Vec::new();
    while started.elapsed() < duration {
        let left = duration.saturating_sub(started.elapsed());
        std::thread::sleep(interval.min(left));
        let window = shared.take();
        let t = started.elapsed().as_secs_f64();
        let sessions = shared.sessions.load(Ordering::Relaxed);
        let rss = rss_kib();
        let health = format!("{base}/healthz");
        let log = load_rt
            .block_on(async {
                let v: serde_json::Value =
                    client.get(health).send().await.ok()?.json().await.ok()?;
                v["log_size"].as_u64()
            })
            .unwrap_or(0);
        samples.push((t, sessions, rss));
        last = KINDS
            .iter()
            .map(|k| {
                let mut l = window.latencies.get(k).cloned().unwrap_or_default();
                l.sort();
                let errs = window.errors.get(k).copied().unwrap_or(0);
                let fmt = if l.is_empty() {
                    format!("{k} -")
                } else {
                    format!(
                        "{k} {:.0}/{:.0}/{:.0}{}",
                        us(percentile(&l, 0.50)),
                        us(percentile(&l, 0.99)),
                        us(*l.last().unwrap_or(&Duration::ZERO)),
                        if errs > 0 {
                            format!(" ({errs} err)")
                        } else {
                            String::new()
                        }
                    )
                };
                fmt
            })
            .collect::<Vec<_>>();
        println!(
            "{:>6.0} {:>9} {:>7} {:>9} {:>10} {:>9.1} | {}",
            t,
            shared.ops.load(Ordering::Relaxed),
            shared.errors.load(Ordering::Relaxed),
            sessions,
            log,
            rss as f64 / 1024.0,
            last.join("  ")
        );
    }
    shared.stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = load_rt.block_on(w);
    }
    let _ = stop_tx.send(());
    gw_rt.block_on(server).map_err(|e| e.to_string())??;
    let reader = warden_store::Reader::open(&data).map_err(|e| e.to_string())?;
    let report =
        warden_store::verify(&reader, &VerifyOptions::default()).map_err(|e| e.to_string())?;
    let ops = shared.ops.load(Ordering::Relaxed);
    let errors = shared.errors.load(Ordering::Relaxed);
    let growth = growth_per_1000_sessions(&samples);
    println!(
        "\nsoak summary after {:.0} s:",
        started.elapsed().as_secs_f64()
    );
    println!(
        "  ops {ops} ({:.0}/s), errors {errors} ({:.4}%), sessions {}",
        ops as f64 / started.elapsed().as_secs_f64(),
        100.0 * errors as f64 / ops.max(1) as f64,
        shared.sessions.load(Ordering::Relaxed)
    );
    if let (Some(first), Some(last_s)) = (samples.get(samples.len() / 2), samples.last()) {
        println!(
            "  RSS over the second half: {:.1} MiB at {:.0} s -> {:.1} MiB at {:.0} s; growth {} per 1000 new sessions",
            first.2 as f64 / 1024.0,
            first.0,
            last_s.2 as f64 / 1024.0,
            last_s.0,
            growth.map_or("n/a".into(), |g| format!("{g:.1} KiB"))
        );
    }
    println!("  last interval p50/p99/max µs: {}", last.join("  "));
    let intact = report.problems.is_empty();
    println!(
        "  audit log: {} events, verify {}",
        report.events,
        if intact { "OK" } else { "FAILED" }
    );
    Ok(if errors == 0 && intact {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// RSS growth over the second half of the run (after the warm-up, when SQLite's page caches
/// have filled), per thousand sessions started in between.
fn growth_per_1000_sessions(samples: &[(f64, u64, u64)]) -> Option<f64> {
    let first = samples.get(samples.len() / 2)?;
    let last = samples.last()?;
    let sessions = last.1.checked_sub(first.1).filter(|s| *s > 0)?;
    Some((last.2 as f64 - first.2 as f64) / sessions as f64 * 1000.0)
}

async fn worker(
    w: usize,
    client: reqwest::Client,
    base: String,
    shared: Arc<Shared>,
    pace: Duration,
    ops_per_session: u64,
) {
    let mut tick = tokio::time::interval(pace);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut i: u64 = 0;
    let mut session = String::new();
    while !shared.stop.load(Ordering::Relaxed) {
        tick.tick().await;
        if i.is_multiple_of(ops_per_session) {
            session = format!("soak-{w}-{}", i / ops_per_session);
            shared.sessions.fetch_add(1, Ordering::Relaxed);
        }
        let kind = KINDS[(i % 4) as usize];
        let t = Instant::now();
        let ok = one(&client, &base, kind, &session, w, i).await;
        shared.record(kind, t.elapsed(), ok);
        i += 1;
    }
}

async fn one(
    client: &reqwest::Client,
    base: &str,
    kind: &str,
    session: &str,
    w: usize,
    i: u64,
) -> bool {
    let tool_use_id = format!("toolu_{w}_{}", i / 2);
    let request = match kind {
        "hook_pre" | "hook_post" => {
            let mut body = json!({"session_id": session, "transcript_path": "/t.jsonl", "cwd": "/home/dev/app",
                "hook_event_name": if kind == "hook_pre" { "PreToolUse" } else { "PostToolUse" },
                "tool_name": "Read", "tool_input": {"file_path": format!("/home/dev/app/src/m{}.rs", i % 97)},
                "tool_use_id": tool_use_id});
            if kind == "hook_post" {
                body["tool_response"] = json!({"content": "fn main() {}\n".repeat(20), "isError": false});
            }
            client.post(format!("{base}/v1/hooks/claude-code")).json(&body)
        }
        "mcp_call" => client
            .post(format!("{base}/mcp/soak"))
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .header("mcp-protocol-version", "2026-07-28")
            .header("mcp-method", "tools/call")
            .header("mcp-name", "lookup")
            .header("warden-session", session)
            .body(format!(
                r#"{{"jsonrpc":"2.0","id":{i},"method":"tools/call","params":{{"name":"lookup","arguments":{{"query":"issue {i}","limit":3}},"_meta":{{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}}}}"#
            )),
        _ => {
            let lines: String = (0..10)
                .map(|k| {
                    format!(
                        "{{\"kind\":\"prompt\",\"session_id\":\"{session}\",\"body\":{{\"prompt\":\"step {i}.{k}: summarise the failing test\"}}}}\n"
                    )
                })
                .collect();
            client
                .post(format!("{base}/v1/events"))
                .header("content-type", "application/x-ndjson")
                .body(lines)
        }
    };
    match request.send().await {
        Ok(r) if r.status().is_success() => {
            let body = r.bytes().await.unwrap_or_default();
            // An MCP call counts only when the upstream's answer came back.
            kind != "mcp_call" || body.windows(11).any(|w| w == br#""text":"ok""#)
        }
        _ => false,
    }
}
