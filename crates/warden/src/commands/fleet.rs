//! `warden verify | prove --store postgres://…`: a fleet's database, every gateway's log.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;
use warden_core::checkpoint::LogVerifier;
use warden_core::EventId;
use warden_gateway::Config;
use warden_store::{prove_postgres, verify_postgres, DataDir, PgUrl, VerifyOptions};

use super::integrity::hex_encode;
use super::key_text;

/// The PostgreSQL to verify: `--store`, else the data directory's `store.url`, else none
/// (verify the data directory's SQLite log).
pub fn store_url(data: Option<&Path>, store: Option<String>) -> Result<Option<PgUrl>, String> {
    if let Some(url) = store {
        return url.parse().map(Some).map_err(|e| format!("--store: {e}"));
    }
    let root = DataDir::resolve(data).map_err(|e| e.to_string())?;
    let config = root.join("warden.toml");
    if !config.exists() {
        return Ok(None);
    }
    Config::load(&config)?.store_url()
}

pub fn verify(url: &PgUrl, keys: &[String], json: bool) -> Result<ExitCode, String> {
    let pinned = keys
        .iter()
        .map(|k| key_text(k).and_then(|t| LogVerifier::parse(&t).map_err(|e| e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let started = std::time::Instant::now();
    let logs =
        verify_postgres(url, &pinned, &VerifyOptions::default()).map_err(|e| e.to_string())?;
    let elapsed = started.elapsed().as_secs_f64();
    let ok = !logs.is_empty() && logs.iter().all(|l| l.report.ok());
    if json {
        let per_log: Vec<_> = logs
            .iter()
            .map(|l| {
                let r = &l.report;
                json!({
                    "origin": l.origin, "instance": l.instance, "ok": r.ok(),
                    "writer_running": l.writer_running, "events": r.events,
                    "checkpoints": r.checkpoints, "latest_checkpoint": r.latest_checkpoint,
                    "uncovered_tail": r.uncovered_tail(), "bodies_checked": r.bodies_checked,
                    "bodies_purged": r.bodies_purged, "root": hex_encode(&r.root),
                    "problems": r.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            json!({"ok": ok, "store": url.to_string(), "logs": per_log, "seconds": elapsed})
        );
    } else {
        if logs.is_empty() {
            println!("FAILED: {url} holds no logs");
        }
        for l in &logs {
            let r = &l.report;
            if r.ok() {
                println!(
                    "OK: {}: {} events, {} checkpoints (latest covers {}), {} bodies checked, {} purged{}",
                    l.origin,
                    r.events,
                    r.checkpoints,
                    r.latest_checkpoint,
                    r.bodies_checked,
                    r.bodies_purged,
                    if l.writer_running { " (gateway running)" } else { "" }
                );
            } else {
                println!("FAILED: {}: {}", l.origin, r.problems[0]);
                for p in r.problems.iter().skip(1) {
                    println!("  also: {p}");
                }
            }
        }
        let events: u64 = logs.iter().map(|l| l.report.events).sum();
        println!(
            "{} logs, {events} events in {url}; verified in {elapsed:.2}s",
            logs.len()
        );
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Prints the inclusion proof of one event of any gateway's log (JSON, the format
/// `warden verify-proof` checks with that gateway's public key).
pub fn prove(url: &PgUrl, event_id: &str) -> Result<ExitCode, String> {
    let id: EventId = event_id
        .parse()
        .map_err(|e: warden_core::ids::IdError| e.to_string())?;
    let proof = prove_postgres(url, &id).map_err(|e| e.to_string())?;
    println!(
        "{}",
        serde_json::to_string_pretty(&proof).map_err(|e| e.to_string())?
    );
    Ok(ExitCode::SUCCESS)
}
