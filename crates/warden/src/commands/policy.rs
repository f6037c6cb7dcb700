//! `warden policy validate | test | explain`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use warden_core::{EventId, EventKind};
use warden_store::{DataDir, EventFilter, Reader};

/// Checks a policy directory against the shipped schema; prints the set, or the file, line and
/// Cedar's message of what is wrong.
pub fn validate(dir: Option<&Path>) -> Result<ExitCode, String> {
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(warden_policy::DEFAULT_POLICY_DIR));
    match warden_policy::validate_dir(&dir) {
        Ok(summary) => {
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!("INVALID: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

/// Runs request fixtures against a policy set (the built-in default set unless `--policies`).
pub fn test(fixtures: &Path, policies: Option<&Path>) -> Result<ExitCode, String> {
    let engine = match policies {
        Some(dir) => warden_policy::PolicyEngine::from_dir(dir),
        None => warden_policy::default_engine(),
    }
    .map_err(|e| e.to_string())?;
    let report = warden_policy::run_fixture_dir(&engine, fixtures).map_err(|e| e.to_string())?;
    println!("{report}");
    Ok(if report.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Why a call was decided as it was: the decision recorded for a tool call (or a decision id).
pub fn explain(dir: &DataDir, event_id: &str) -> Result<ExitCode, String> {
    let id: EventId = event_id
        .parse()
        .map_err(|e: warden_core::ids::IdError| e.to_string())?;
    let reader = Reader::open(dir).map_err(|e| e.to_string())?;
    let event = reader
        .event(&id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no event {id}"))?;
    let decision = if event.envelope.meta.kind == EventKind::Decision {
        event
    } else {
        let filter = EventFilter {
            session: Some(event.envelope.meta.session_id.to_string()),
            kind: Some(EventKind::Decision),
            contains: Some(format!("\"parent_id\":\"{id}\"")),
            ..Default::default()
        };
        let mut found = None;
        reader
            .events(&filter, |e| {
                found = Some(e);
                false
            })
            .map_err(|e| e.to_string())?;
        found.ok_or_else(|| {
            format!(
                "event {id} is a {} with no recorded decision",
                event.envelope.meta.kind
            )
        })?
    };
    let body = decision.body.unwrap_or(Value::Null);
    let get = |k: &str| body.get(k).cloned().unwrap_or(Value::Null);
    let text = |v: Value| {
        v.as_str().map(str::to_owned).unwrap_or_else(|| {
            if v.is_null() {
                "-".into()
            } else {
                v.to_string()
            }
        })
    };
    println!("decision  {}", decision.envelope.meta.id);
    println!(
        "call      {} in session {} (task {})",
        text(get("tool")),
        decision.envelope.meta.session_id,
        decision.envelope.meta.task_id
    );
    println!("agent     {}", decision.envelope.meta.agent);
    println!(
        "outcome   {} (mode {}{})",
        text(get("outcome")),
        text(get("mode")),
        body.get("would_be")
            .and_then(Value::as_str)
            .map(|w| format!(", enforce would {w}"))
            .unwrap_or_default()
    );
    println!(
        "policies  {} (set {})",
        text(get("policies")),
        text(get("policy_version"))
    );
    println!("reason    {}", text(get("reason")));
    if let Some(facts) = body.get("facts") {
        println!("facts     {facts}");
    }
    if let Some(t) = body.get("untrusted_targets") {
        println!("untrusted targets {t}");
    }
    if let Some(us) = body.get("eval_us").and_then(Value::as_f64) {
        println!("evaluated in {us:.1} µs");
    }
    Ok(ExitCode::SUCCESS)
}
