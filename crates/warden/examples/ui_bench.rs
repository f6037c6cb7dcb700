//! Benchmark of the web UI on a 100,000-event session.
//!
//! Seeds one session of 100,000 events (prompts, tool calls with decisions and results, alerts
//! every 500 events, secret references) straight into a fresh audit log, starts the gateway in
//! process, and measures:
//! - server time of the timeline page (first, middle and newest windows) over HTTP, against two
//!   baselines in the same run: the store query of the same window alone (no HTML, no HTTP)
//!   and `/healthz` (one HTTP round trip doing nothing);
//! - in headless chromium (chromedriver), load-to-rendered time of the same pages from the
//!   Navigation Timing API (`loadEventEnd`, first contentful paint).
//!
//! Run: `cargo run --release -p warden --example ui_bench [-- EVENTS RUNS]`
//! (defaults 100000 and 30). Needs `chromium` and `chromium-driver` (Debian).

#[path = "../tests/browser/mod.rs"]
mod browser;

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::json;
use warden_core::{AgentRef, Body, EventKind, EventMeta, NewEvent, SessionId, Source, TaskId};
use warden_store::{DataDir, Page, Reader, Store, StoreOptions};

const SESSION: &str = "bench-ui-session";

fn event(i: usize, session: &SessionId, agent: &AgentRef) -> NewEvent {
    let turn = i / 10;
    let (kind, body) = match i % 10 {
        0 => (
            EventKind::Prompt,
            json!({"hook_event_name": "UserPromptSubmit", "prompt": format!("Step {turn}: fix the failing test in module {}", turn % 37)}),
        ),
        1 | 5 => (
            EventKind::ToolCall,
            json!({"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_use_id": format!("toolu_{i}"), "tool_input": {"command": format!("cargo test -p crate{} -- --nocapture", turn % 13)}}),
        ),
        2 | 6 => (
            EventKind::Decision,
            json!({"outcome": "allow", "mode": "enforce", "reason": "permitted by dev.allow_build", "policy_ids": ["dev.allow_build"]}),
        ),
        3 | 7 => (
            EventKind::ToolResult,
            json!({"hook_event_name": "PostToolUse", "tool_name": "Bash", "tool_use_id": format!("toolu_{}", turn * 10 + if i % 10 < 4 { 1 } else { 5 }), "tool_response": {"stdout": "running 12 tests\ntest result: ok. 12 passed", "env": "[REDACTED:github-pat:hmac-sha256:1:9f2c4be1]"}}),
        ),
        8 => (
            EventKind::ModelOutput,
            json!({"hook_event_name": "Stop", "last_assistant_message": format!("Fixed step {turn}; all tests pass.")}),
        ),
        _ if i % 500 == 499 => (
            EventKind::Alert,
            json!({"rule": "exec.repeated_failures", "severity": "medium", "summary": "many failing commands in a row", "tags": ["owasp-agentic:T2"], "evidence": [], "response": "alert", "applied": true}),
        ),
        _ => (
            EventKind::Other,
            json!({"hook_event_name": "Notification", "message": "waiting for input"}),
        ),
    };
    let mut meta = EventMeta::new(
        warden_gateway::pipeline::new_event_id(),
        warden_gateway::pipeline::now(),
        kind,
        Source::Hook,
        agent.clone(),
        TaskId::implicit_for(session),
        session.clone(),
    );
    if matches!(
        kind,
        EventKind::ToolCall | EventKind::Decision | EventKind::ToolResult
    ) {
        let call = turn * 10 + if i % 10 < 4 { 1 } else { 5 };
        meta.correlation.tool_use_id = Some(format!("toolu_{call}"));
    }
    NewEvent {
        meta,
        body: Body::from_value(&body),
    }
}

fn seed(dir: &DataDir, n: usize) -> Result<(), String> {
    let store = Store::open(dir, StoreOptions::default()).map_err(|e| e.to_string())?;
    let session = SessionId::new(SESSION).map_err(|e| e.to_string())?;
    let agent = AgentRef::unattested("bench-agent");
    let mut i = 0;
    while i < n {
        let end = (i + 5_000).min(n);
        let batch = (i..end).map(|j| event(j, &session, &agent)).collect();
        store.append_blocking(batch).map_err(|e| e.to_string())?;
        i = end;
    }
    store.close().map_err(|e| e.to_string())?;
    Ok(())
}

/// (median, p99, max) in milliseconds.
fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99), v[v.len() - 1])
}

fn row(name: &str, v: Vec<f64>, base: f64) {
    let (med, p99, max) = stats(v);
    println!(
        "{name:<44} {med:>9.2} {p99:>9.2} {max:>9.2} {:>9.1}x",
        med / base
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let events: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let runs: usize = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30)
        .max(2);
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = tmp.path().join("data");
    let dir =
        DataDir::open_or_init(&root, warden_gateway::DEFAULT_CONFIG).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let seed_dir = dir.clone();
    tokio::task::spawn_blocking(move || seed(&seed_dir, events))
        .await
        .map_err(|e| e.to_string())??;
    eprintln!(
        "seeded {events} events in one session in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let mut config = warden_gateway::Config::parse(warden_gateway::DEFAULT_CONFIG)?;
    config.gateway.listen = "127.0.0.1:0".parse().map_err(|e| format!("{e}"))?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(warden_gateway::serve(
        warden_gateway::ServeOptions {
            config,
            data: dir.clone(),
            on_ready: Some(tx),
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    let addr = rx
        .await
        .map_err(|_| "the gateway did not start".to_string())?;
    let url = format!("http://{addr}");
    let token = std::fs::read_to_string(root.join("review-admin.token"))
        .map_err(|e| format!("admin token: {e}"))?
        .trim()
        .to_owned();
    let http = reqwest::Client::new();

    let pages = [
        (
            "timeline, first window",
            format!("/ui/sessions/{SESSION}"),
            Page::First,
        ),
        (
            "timeline, middle window",
            format!("/ui/sessions/{SESSION}?after={}", events / 2),
            Page::After(events as u64 / 2),
        ),
        (
            "timeline, newest window",
            format!("/ui/sessions/{SESSION}?last=1"),
            Page::Last,
        ),
    ];
    println!("\nUI benchmark: one session of {events} events, {runs} runs each, milliseconds");
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>10}",
        "what", "median", "p99", "max", "vs store"
    );
    // Baseline 1: one HTTP round trip that does nothing.
    let mut health = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        http.get(format!("{url}/healthz"))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .bytes()
            .await
            .map_err(|e| e.to_string())?;
        health.push(t.elapsed().as_secs_f64() * 1e3);
    }
    for (name, path, page) in &pages {
        // Baseline 2: the store query of the same window, decoded, without HTML or HTTP.
        let reader = Reader::open(&dir).map_err(|e| e.to_string())?;
        let mut direct = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let w = reader
                .session_window(SESSION, *page, 200)
                .map_err(|e| e.to_string())?;
            assert_eq!(w.events.len(), 200);
            direct.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let base = stats(direct.clone()).0;
        let mut server = Vec::new();
        let mut bytes = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let r = http
                .get(format!("{url}{path}"))
                .bearer_auth(&token)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !r.status().is_success() {
                return Err(format!("{path}: {}", r.status()));
            }
            bytes = r.bytes().await.map_err(|e| e.to_string())?.len();
            server.push(t.elapsed().as_secs_f64() * 1e3);
        }
        row(&format!("store query only: {name}"), direct, base);
        row(
            &format!("HTTP page ({} KiB): {name}", bytes / 1024),
            server,
            base,
        );
    }
    let health_med = stats(health.clone()).0;
    row("HTTP /healthz (round trip)", health, 1.0);
    println!("\nother pages over the same log (ratio to /healthz)");
    for path in [
        "/ui/sessions",
        "/ui/alerts",
        "/ui/agents",
        "/ui/integrity",
        "/ui/search?text=needle",
    ] {
        let mut times = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let r = http
                .get(format!("{url}{path}"))
                .bearer_auth(&token)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !r.status().is_success() {
                return Err(format!("{path}: {}", r.status()));
            }
            r.bytes().await.map_err(|e| e.to_string())?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        row(&format!("HTTP page {path}"), times, health_med);
    }

    match browser_times(&url, &token, &pages, runs.min(15)).await {
        Ok(()) => {}
        Err(e) => println!("\nchromium: not measured: {e}"),
    }
    let _ = stop_tx.send(());
    server.await.map_err(|e| e.to_string())??;
    Ok(())
}

async fn browser_times(
    url: &str,
    token: &str,
    pages: &[(&str, String, Page)],
    runs: usize,
) -> Result<(), String> {
    let b = browser::Browser::start().await?;
    b.client
        .goto(&format!("{url}/ui/login"))
        .await
        .map_err(|e| e.to_string())?;
    let field = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("token"))
        .await
        .map_err(|e| e.to_string())?;
    field.send_keys(token).await.map_err(|e| e.to_string())?;
    b.client
        .find(Locator::Id("login-submit"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("header nav"))
        .await
        .map_err(|e| e.to_string())?;
    println!("\nchromium (headless), {runs} loads each, milliseconds from navigation start");
    println!("{:<44} {:>9} {:>9} {:>9}", "what", "median", "p99", "max");
    const TIMING: &str = "const n = performance.getEntriesByType('navigation')[0]; \
        const p = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint'); \
        return [n.responseEnd, n.domContentLoadedEventEnd, n.loadEventEnd, p ? p.startTime : -1, document.querySelectorAll('#timeline li.ev').length];";
    for (name, path, _) in pages {
        let (mut loaded, mut paint, mut response) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            b.client
                .goto(&format!("{url}{path}"))
                .await
                .map_err(|e| e.to_string())?;
            let v = b
                .client
                .execute(TIMING, vec![])
                .await
                .map_err(|e| e.to_string())?;
            let n = |i: usize| v.get(i).and_then(|x| x.as_f64()).unwrap_or(-1.0);
            if n(4) < 200.0 {
                return Err(format!("{path}: only {} events rendered", n(4)));
            }
            response.push(n(0));
            loaded.push(n(2));
            if n(3) >= 0.0 {
                paint.push(n(3));
            }
        }
        let show = |what: &str, v: Vec<f64>| {
            if !v.is_empty() {
                let (m, p, x) = stats(v);
                println!(
                    "{:<44} {m:>9.1} {p:>9.1} {x:>9.1}",
                    format!("{what}: {name}")
                );
            }
        };
        show("response end", response);
        show("first contentful paint", paint);
        show("load event end (rendered)", loaded);
    }
    b.screenshot("bench-timeline-100k").await;
    b.close().await;
    Ok(())
}
