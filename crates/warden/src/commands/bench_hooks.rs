//! `warden bench hooks`: what a hook costs an agent, against a direct baseline in the same run.
//!
//! HTTP: a PreToolUse round trip (parse, analysis, policy, detection, record) on a kept-alive
//! connection, vs a bare `GET /healthz` round trip on the same server (the HTTP cost alone).
//! Command: `warden hook claude-code` per call (process start included), vs starting the same
//! binary to print its version.

use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use warden_gateway::{Config, Mode, ServeOptions, DEFAULT_CONFIG};
use warden_store::DataDir;

use super::bench::{percentile, us};
use crate::cli::BenchHooksArgs;

/// A realistic mix of tool calls from a coding session.
fn payload(i: usize) -> serde_json::Value {
    let (tool, input) = match i % 5 {
        // Every call distinct, as in a real session (identical repeats are what the loop
        // detector throttles).
        0 => (
            "Bash",
            json!({"command": format!("cargo test -p crate{i} -- --nocapture")}),
        ),
        1 => (
            "Read",
            json!({"file_path": format!("/home/dev/app/src/mod{i}.rs")}),
        ),
        2 => (
            "Edit",
            json!({"file_path": format!("/home/dev/app/src/lib{i}.rs"), "old_string": "a", "new_string": "b"}),
        ),
        3 => (
            "Grep",
            json!({"pattern": format!("fn verify_{i}"), "path": "/home/dev/app"}),
        ),
        _ => (
            "mcp__github__get_issue",
            json!({"owner": "acme", "repo": "app", "number": i}),
        ),
    };
    json!({"session_id": format!("bench-{}", i % 16), "transcript_path": "/t.jsonl", "cwd": "/home/dev/app",
           "permission_mode": "default", "hook_event_name": "PreToolUse", "tool_name": tool,
           "tool_input": input, "tool_use_id": format!("toolu_{i:08}")})
}

struct Started {
    url: String,
    stop: tokio::sync::oneshot::Sender<()>,
    runtime: tokio::runtime::Runtime,
    done: tokio::task::JoinHandle<Result<(), String>>,
    _tmp: tempfile::TempDir,
}

fn start(mode: Mode) -> Result<Started, String> {
    let tmp = tempfile::Builder::new()
        .prefix("warden-bench-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let dir = DataDir::open_or_init(&tmp.path().join("data"), DEFAULT_CONFIG)
        .map_err(|e| e.to_string())?;
    let mut config = Config::default();
    config.gateway.listen = ([127, 0, 0, 1], 0).into();
    config.gateway.mode = mode;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let (ready, addr) = tokio::sync::oneshot::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let done = runtime.spawn(warden_gateway::serve(
        ServeOptions {
            config,
            data: dir,
            on_ready: Some(ready),
        },
        async move {
            let _ = stopped.await;
        },
    ));
    let addr = runtime
        .block_on(addr)
        .map_err(|_| "the gateway did not start".to_string())?;
    Ok(Started {
        url: format!("http://{addr}"),
        stop,
        runtime,
        done,
        _tmp: tmp,
    })
}

impl Started {
    fn stop(self) -> Result<(), String> {
        let _ = self.stop.send(());
        self.runtime
            .block_on(self.done)
            .map_err(|e| e.to_string())?
    }
}

/// (hook latencies, baseline latencies), interleaved so both see the same machine load.
fn http_round_trips(url: &str, n: usize) -> Result<(Vec<Duration>, Vec<Duration>), String> {
    let client = reqwest::blocking::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .map_err(|e| e.to_string())?;
    let hook_url = format!("{url}/v1/hooks/claude-code");
    let health_url = format!("{url}/healthz");
    let bodies: Vec<Vec<u8>> = (0..n)
        .map(|i| payload(i).to_string().into_bytes())
        .collect();
    for body in bodies.iter().take(200) {
        client
            .post(&hook_url)
            .body(body.clone())
            .send()
            .map_err(|e| e.to_string())?;
    }
    let (mut hook, mut base) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for body in bodies {
        let t = Instant::now();
        let r = client
            .post(&hook_url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .map_err(|e| e.to_string())?;
        let _ = r.bytes();
        hook.push(t.elapsed());
        let t = Instant::now();
        let r = client.get(&health_url).send().map_err(|e| e.to_string())?;
        let _ = r.bytes();
        base.push(t.elapsed());
    }
    hook.sort();
    base.sort();
    Ok((hook, base))
}

fn command_round_trips(url: &str, n: usize) -> Result<(Vec<Duration>, Vec<Duration>), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let (mut hook, mut base) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let body = payload(i).to_string();
        let t = Instant::now();
        let mut child = Command::new(&exe)
            .args(["hook", "claude-code", "--gateway", url])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        if let Some(mut stdin) = child.stdin.take() {
            std::io::Write::write_all(&mut stdin, body.as_bytes()).map_err(|e| e.to_string())?;
        }
        child.wait().map_err(|e| e.to_string())?;
        hook.push(t.elapsed());
        let t = Instant::now();
        Command::new(&exe)
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        base.push(t.elapsed());
    }
    hook.sort();
    base.sort();
    Ok((hook, base))
}

pub fn run(args: &BenchHooksArgs) -> Result<ExitCode, String> {
    println!("hook round trip, PreToolUse with policy (built-in set) and detection; {} HTTP requests per mode, {} commands", args.requests, args.commands);
    for mode in [Mode::Observe, Mode::Enforce] {
        let gw = start(mode)?;
        let (hook, base) = http_round_trips(&gw.url, args.requests)?;
        println!(
            "  HTTP {:<8} hook p50 {:>7.1} µs  p99 {:>7.1} µs | bare HTTP p50 {:>6.1} µs  p99 {:>6.1} µs | added p50 {:>6.1} µs  p99 {:>6.1} µs",
            mode.as_str(),
            us(percentile(&hook, 0.5)),
            us(percentile(&hook, 0.99)),
            us(percentile(&base, 0.5)),
            us(percentile(&base, 0.99)),
            us(percentile(&hook, 0.5)) - us(percentile(&base, 0.5)),
            us(percentile(&hook, 0.99)) - us(percentile(&base, 0.99)),
        );
        if mode == Mode::Observe {
            let (cmd, start_only) = command_round_trips(&gw.url, args.commands)?;
            println!(
                "  command observe  hook p50 {:>7.2} ms  p99 {:>7.2} ms | bare process start p50 {:>5.2} ms  p99 {:>5.2} ms",
                us(percentile(&cmd, 0.5)) / 1000.0,
                us(percentile(&cmd, 0.99)) / 1000.0,
                us(percentile(&start_only, 0.5)) / 1000.0,
                us(percentile(&start_only, 0.99)) / 1000.0,
            );
        }
        gw.stop()?;
    }
    Ok(ExitCode::SUCCESS)
}
