//! `warden bench mcp-stdio`: what `warden mcp wrap` adds to an MCP round trip, against the
//! same server spoken to directly, in the same run.
//!
//! The server is `warden mcp echo-server` (answers every request at once, so the figures are
//! the wrapper's cost, not a tool's). Each run sends distinct `tools/call` requests one at a
//! time and times request-to-response; observe mode records every message durably off the
//! path, enforce mode decides each call before forwarding it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use super::bench::{median, percentile, us};
use crate::cli::BenchMcpArgs;

/// Round-trip times of `n` calls through the server started by `cmd`.
fn run_once(cmd: &[String], n: usize, warmup: usize) -> Result<Vec<Duration>, String> {
    let mut child = Command::new(&cmd[0])
        .args(&cmd[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd[0]))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut line = String::new();
    let mut call = |id: usize, msg: String| -> Result<Duration, String> {
        // One write per message, as clients send them.
        let framed = format!("{msg}\n");
        let start = Instant::now();
        stdin
            .write_all(framed.as_bytes())
            .and_then(|_| stdin.flush())
            .map_err(|e| e.to_string())?;
        loop {
            line.clear();
            if stdout.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
                return Err("the server closed its output".into());
            }
            if line.contains(&format!("\"id\":{id},")) || line.contains(&format!("\"id\":{id}}}")) {
                return Ok(start.elapsed());
            }
        }
    };
    call(
        0,
        json!({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}).to_string(),
    )?;
    let mut times = Vec::with_capacity(n);
    for i in 1..=(warmup + n) {
        let msg = json!({"jsonrpc":"2.0","id":i,"method":"tools/call","params":{"name":"lookup","arguments":{"key": format!("item-{i}"), "limit": i % 50}}}).to_string();
        let t = call(i, msg)?;
        if i > warmup {
            times.push(t);
        }
    }
    drop(stdin);
    let _ = child.wait();
    times.sort();
    Ok(times)
}

pub fn run(args: &BenchMcpArgs) -> Result<ExitCode, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let exe = exe.to_string_lossy().into_owned();
    let server = vec![exe.clone(), "mcp".into(), "echo-server".into()];
    let data = tempfile::tempdir().map_err(|e| e.to_string())?;
    let wrapped = |mode: &str| {
        let mut c = vec![
            exe.clone(),
            "mcp".into(),
            "wrap".into(),
            "--data".into(),
            data.path().to_string_lossy().into_owned(),
            "--mode".into(),
            mode.into(),
            "--name".into(),
            "bench".into(),
            "--".into(),
        ];
        c.extend(server.iter().cloned());
        c
    };
    let setups = [
        ("direct", server.clone()),
        ("wrap observe", wrapped("observe")),
        ("wrap enforce", wrapped("enforce")),
    ];
    println!(
        "MCP stdio round trips: {} calls per run after {} warm-up, {} runs (medians of per-run p50/p99)",
        args.calls, args.warmup, args.runs
    );
    let mut rows = Vec::new();
    for (label, cmd) in &setups {
        let mut p50s = Vec::new();
        let mut p99s = Vec::new();
        for _ in 0..args.runs {
            let t = run_once(cmd, args.calls, args.warmup)?;
            p50s.push(us(percentile(&t, 0.5)));
            p99s.push(us(percentile(&t, 0.99)));
        }
        rows.push((label, median(p50s), median(p99s)));
    }
    let (d50, d99) = (rows[0].1, rows[0].2);
    println!(
        "{:<14} {:>10} {:>10} {:>12} {:>12}",
        "setup", "p50 µs", "p99 µs", "added p50", "added p99"
    );
    for (label, p50, p99) in &rows {
        println!(
            "{label:<14} {p50:>10.1} {p99:>10.1} {:>12.1} {:>12.1}",
            p50 - d50,
            p99 - d99
        );
    }
    println!("targets (observe): added p50 ≤ 50 µs, added p99 ≤ 250 µs");
    Ok(ExitCode::SUCCESS)
}

/// `warden mcp echo-server`: a stdio MCP server that answers every request at once (the
/// benchmark's upstream).
pub fn echo_server() -> Result<ExitCode, String> {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| e.to_string())?;
        let Ok(frame) = warden_mcp::Frame::parse(&line) else {
            continue;
        };
        let (Some(id), Some(method)) = (frame.id(), frame.method()) else {
            continue;
        };
        let result = match method {
            "initialize" => {
                json!({"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"warden-echo","version":"1"}})
            }
            "tools/list" => {
                json!({"tools":[{"name":"lookup","description":"Echo","inputSchema":{"type":"object"}}]})
            }
            _ => json!({"content":[{"type":"text","text":"ok"}]}),
        };
        let reply = format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{result}}}\n");
        out.write_all(reply.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| e.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}
