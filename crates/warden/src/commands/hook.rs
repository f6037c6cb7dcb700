//! `warden hook <agent>`: the command form of the agent hooks.
//!
//! Reads the hook JSON on stdin, asks the gateway, prints the agent's answer and exits as the
//! agent's protocol wants. When the gateway cannot be reached it decides locally (enforce:
//! block gating events; observe: allow), spools the event to disk, and delivers the spool the
//! next time the gateway answers: the event is never lost.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use serde_json::{json, Value};
use warden_capture::hooks::AgentKind;
use warden_core::{Outcome, Verdict};

/// Largest hook payload read from stdin.
const MAX_PAYLOAD: u64 = 16 * 1024 * 1024;
/// Spooled events delivered per invocation, so a long outage never delays one hook much.
const SPOOL_BATCH: usize = 64;

pub struct HookOptions {
    pub agent: String,
    pub gateway: String,
    pub enforce: bool,
    pub timeout: Duration,
    pub spool: Option<PathBuf>,
}

pub fn run(opts: HookOptions) -> Result<ExitCode, String> {
    let kind = AgentKind::parse(&opts.agent).ok_or_else(|| {
        let known: Vec<&str> = AgentKind::ALL.iter().map(|a| a.name()).collect();
        format!(
            "unknown agent {:?}; expected one of: {}",
            opts.agent,
            known.join(", ")
        )
    })?;
    let mut payload = Vec::new();
    std::io::stdin()
        .take(MAX_PAYLOAD)
        .read_to_end(&mut payload)
        .map_err(|e| format!("cannot read the hook JSON on stdin: {e}"))?;
    let client = reqwest::blocking::Client::builder()
        .timeout(opts.timeout)
        .connect_timeout(opts.timeout)
        .build()
        .map_err(|e| e.to_string())?;
    let url = format!(
        "{}/v1/hooks/{}?envelope=1",
        opts.gateway.trim_end_matches('/'),
        kind.name()
    );
    let spool = spool_dir(opts.spool.as_deref());
    let mut request = client.post(&url);
    // An agent started by `warden run` presents its task token on every hook.
    if let Some(token) = std::env::var("WARDEN_TASK_TOKEN")
        .ok()
        .filter(|t| !t.is_empty())
    {
        request = request.bearer_auth(token);
    }
    let answer = request
        .header("content-type", "application/json")
        .body(payload.clone())
        .send()
        .map_err(|e| e.to_string())
        .and_then(|r| {
            let status = r.status();
            let body: Value = r.json().map_err(|e| e.to_string())?;
            if status.is_success() {
                Ok(body)
            } else if status.is_client_error() {
                // The gateway answered but refused the payload: nothing to retry later.
                Err(format!(
                    "refused: {}",
                    body["error"].as_str().unwrap_or("bad hook payload")
                ))
            } else {
                Err(format!("gateway error {status}"))
            }
        });
    match answer {
        Ok(envelope) => {
            if let Some(dir) = &spool {
                deliver_spool(&client, &opts.gateway, dir);
            }
            emit(
                &envelope["body"],
                envelope["stderr"].as_str(),
                envelope["exit_code"].as_i64().unwrap_or(0) as i32,
            )
        }
        Err(why) if why.starts_with("refused:") => {
            // A payload the gateway cannot parse is not one the agent can be allowed to bypass
            // with in enforce mode; observe mode never blocks. (An enforcing gateway answers
            // such a payload with the agent's deny itself; this is an observing one.)
            eprintln!("warden: the gateway {why}");
            if opts.enforce {
                refuse_unreadable(kind, &payload, &format!("the Warden gateway {why}"))
            } else {
                Ok(ExitCode::SUCCESS)
            }
        }
        Err(why) => local_decision(kind, &payload, &opts, spool.as_deref(), &why),
    }
}

/// Prints the agent's answer and exits with its code.
fn emit(body: &Value, stderr: Option<&str>, code: i32) -> Result<ExitCode, String> {
    if body.as_object().is_some_and(|o| !o.is_empty()) {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{body}").map_err(|e| e.to_string())?;
    }
    if let Some(text) = stderr {
        eprintln!("{text}");
    }
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(2)))
}

/// The gateway is unreachable: decide here, spool the event, answer in the agent's protocol.
fn local_decision(
    kind: AgentKind,
    payload: &[u8],
    opts: &HookOptions,
    spool: Option<&Path>,
    why: &str,
) -> Result<ExitCode, String> {
    let protocol = kind.protocol();
    let parsed = serde_json::from_slice::<Value>(payload)
        .ok()
        .and_then(|v| protocol.parse(v).ok());
    let verdict = if opts.enforce {
        Verdict::deny(format!(
            "Warden cannot reach its gateway at {} ({why}); enforce mode blocks until it is back. Start it with `warden serve`, or ask your administrator.",
            opts.gateway
        ))
    } else {
        Verdict::allow("gateway unreachable; observe mode allows")
    };
    let outcome = match &parsed {
        Some(call) if call.phase.is_gating() => verdict.outcome,
        _ => Outcome::Allow,
    };
    match spool {
        Some(dir) => {
            if let Err(e) = spool_event(dir, kind, payload, outcome) {
                eprintln!("warden: the gateway is unreachable and the event could not be spooled to {}: {e}", dir.display());
            }
        }
        None => eprintln!("warden: the gateway is unreachable and no spool directory is set (HOME/WARDEN_SPOOL); this event is lost"),
    }
    match parsed {
        Some(call) => {
            let answer = protocol.answer(&call, &verdict);
            emit(&answer.body, answer.stderr.as_deref(), answer.exit_code)
        }
        None if opts.enforce => refuse_unreadable(kind, payload, &verdict.reason),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// Enforce mode's answer to a payload that does not parse: the agent's own deny.
fn refuse_unreadable(kind: AgentKind, payload: &[u8], reason: &str) -> Result<ExitCode, String> {
    let value = serde_json::from_slice::<Value>(payload).ok();
    let answer = kind.refuse_unreadable(value.as_ref(), reason);
    emit(&answer.body, answer.stderr.as_deref(), answer.exit_code)
}

fn spool_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("WARDEN_SPOOL").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Some(p) = std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p).join("warden/spool"));
    }
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|h| PathBuf::from(h).join(".local/state/warden/spool"))
}

/// Spooled payloads are raw (redaction happens at the gateway), so the spool is private to the
/// user: the directory 0700, each file 0600.
fn spool_event(
    dir: &Path,
    kind: AgentKind,
    payload: &[u8],
    outcome: Outcome,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    let payload: Value = serde_json::from_slice(payload)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(payload).into_owned()));
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let entry = json!({"agent": kind.name(), "local_outcome": outcome.as_str(), "spooled_at": now, "payload": payload});
    // UUIDv7 names sort by time, so delivery keeps the order events happened in.
    let name = format!("{}.json", uuid::Uuid::now_v7());
    let tmp = dir.join(format!(".{name}.tmp"));
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut f = options.open(&tmp)?;
        f.write_all(entry.to_string().as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(tmp, dir.join(name))
}

/// Delivers spooled events in order; stops at the first failure so order is kept.
fn deliver_spool(client: &reqwest::blocking::Client, gateway: &str, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for path in files.into_iter().take(SPOOL_BATCH) {
        let Some(entry) = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        else {
            let _ = std::fs::rename(&path, path.with_extension("bad"));
            continue;
        };
        let agent = entry["agent"].as_str().unwrap_or("claude-code");
        let outcome = entry["local_outcome"].as_str().unwrap_or("allow");
        let url = format!("{}/v1/hooks/{agent}", gateway.trim_end_matches('/'));
        let at = entry["spooled_at"].as_str().unwrap_or("");
        let query = [
            ("spooled", "1"),
            ("local_outcome", outcome),
            ("spooled_at", at),
        ];
        match client
            .post(url)
            .query(&query)
            .json(&entry["payload"])
            .send()
        {
            Ok(r) if r.status().is_success() => {
                let _ = std::fs::remove_file(&path);
            }
            Ok(r) if r.status().is_client_error() => {
                // The gateway will never accept it; keep it for a human rather than retry forever.
                let _ = std::fs::rename(&path, path.with_extension("rejected"));
            }
            _ => return,
        }
    }
}
