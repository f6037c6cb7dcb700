//! `warden verify | prove | verify-proof`.

use std::path::Path;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use warden_core::checkpoint::LogVerifier;
use warden_core::EventId;
use warden_store::{verify as verify_log, DataDir, InclusionProof, Reader, VerifyOptions};

use super::key_text;

pub fn verify(dir: &DataDir, keys: Vec<String>, json: bool) -> Result<ExitCode, String> {
    if keys.len() > 1 {
        return Err("a data directory holds one log: pass --key once (several only with --store postgres://…)".into());
    }
    let key = keys.into_iter().next();
    let reader = Reader::open(dir).map_err(|e| e.to_string())?;
    let verifier = key
        .map(|k| key_text(&k).and_then(|t| LogVerifier::parse(&t).map_err(|e| e.to_string())))
        .transpose()?;
    let total = reader.tree_size().map_err(|e| e.to_string())?;
    let bar = (!json && total >= 200_000).then(|| {
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template(
            "verifying {bar:40} {pos}/{len} events ({per_sec}, eta {eta})",
        ) {
            bar.set_style(style);
        }
        bar
    });
    let progress_bar = bar.clone();
    let options = VerifyOptions {
        verifier,
        progress: Some(Box::new(move |done, _| {
            if let Some(b) = &progress_bar {
                b.set_position(done);
            }
        })),
    };
    let started = std::time::Instant::now();
    let report = verify_log(&reader, &options).map_err(|e| e.to_string())?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let elapsed = started.elapsed();
    if json {
        let problems: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
        println!(
            "{}",
            json!({
                "ok": report.ok(), "events": report.events, "checkpoints": report.checkpoints,
                "latest_checkpoint": report.latest_checkpoint, "uncovered_tail": report.uncovered_tail(),
                "bodies_checked": report.bodies_checked, "bodies_purged": report.bodies_purged,
                "root": hex_encode(&report.root), "problems": problems, "seconds": elapsed.as_secs_f64(),
            })
        );
    } else if report.ok() {
        println!(
            "OK: {} events, {} checkpoints (latest covers {}), {} bodies checked, {} purged; verified in {:.2}s",
            report.events,
            report.checkpoints,
            report.latest_checkpoint,
            report.bodies_checked,
            report.bodies_purged,
            elapsed.as_secs_f64()
        );
        if report.uncovered_tail() > 0 {
            println!("note: {} newest events are not yet covered by a checkpoint (the gateway signs one within a second)", report.uncovered_tail());
        }
    } else {
        println!("FAILED: {}", report.problems[0]);
        for p in report.problems.iter().skip(1) {
            println!("  also: {p}");
        }
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn prove(dir: &DataDir, event_id: &str) -> Result<ExitCode, String> {
    let id: EventId = event_id
        .parse()
        .map_err(|e: warden_core::ids::IdError| e.to_string())?;
    let reader = Reader::open(dir).map_err(|e| e.to_string())?;
    let proof = reader.prove(&id).map_err(|e| e.to_string())?;
    println!(
        "{}",
        serde_json::to_string_pretty(&proof).map_err(|e| e.to_string())?
    );
    Ok(ExitCode::SUCCESS)
}

pub fn verify_proof(path: &Path, key: &str) -> Result<ExitCode, String> {
    let text = if path == Path::new("-") {
        std::io::read_to_string(std::io::stdin()).map_err(|e| e.to_string())?
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?
    };
    let proof: InclusionProof =
        serde_json::from_str(&text).map_err(|e| format!("not an inclusion proof: {e}"))?;
    let verifier = LogVerifier::parse(&key_text(key)?).map_err(|e| e.to_string())?;
    match proof.verify(&verifier, proof.origin()) {
        Ok(envelope) => {
            println!(
                "OK: event {} ({} in session {}) is entry {} of the {}-event log {} signed by {}",
                envelope.meta.id,
                envelope.meta.kind,
                envelope.meta.session_id,
                envelope.seq,
                proof.tree_size,
                proof.origin(),
                verifier.name()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!("FAILED: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
