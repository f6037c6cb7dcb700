//! `warden sessions | timeline | events | export`: read the record from a data directory,
//! whether or not a gateway is running.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use warden_core::{EventKind, StoredEvent};
use warden_store::{DataDir, EventFilter, ReadLog};

use crate::cli::{ExportFormat, FilterArgs};
use crate::output::{clip, summarize, table, time_ns};

/// The record to read: the fleet database when the data directory's `warden.toml` names one
/// (`[store] url`), else the directory's own log.
pub(crate) fn open_log(dir: &DataDir) -> Result<Box<dyn ReadLog>, String> {
    let url = super::fleet::store_url(Some(dir.root()), None)?;
    warden_store::open_log(dir, url.as_ref()).map_err(|e| e.to_string())
}

pub fn sessions(dir: &DataDir, limit: usize, json: bool) -> Result<ExitCode, String> {
    let reader = open_log(dir)?;
    let sessions = reader.sessions(limit).map_err(|e| e.to_string())?;
    if json {
        let mut out = std::io::stdout().lock();
        for s in &sessions {
            writeln!(
                out,
                "{}",
                serde_json::to_string(s).map_err(|e| e.to_string())?
            )
            .map_err(|e| e.to_string())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if sessions.is_empty() {
        println!("no sessions recorded yet in {}", dir.root().display());
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = sessions
        .iter()
        .map(|s| {
            vec![
                time_ns(s.last_ts_ns),
                clip(&s.session_id, 40),
                clip(&s.agent, 40),
                clip(&s.task_id, 40),
                s.events.to_string(),
                s.alerts.to_string(),
            ]
        })
        .collect();
    table(
        &[
            "LAST ACTIVE (UTC)",
            "SESSION",
            "AGENT",
            "TASK",
            "EVENTS",
            "ALERTS",
        ],
        &rows,
    );
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(dir: &DataDir, session: &str, json: bool) -> Result<ExitCode, String> {
    let filter = EventFilter {
        session: Some(session.to_owned()),
        ..Default::default()
    };
    let found = print_events(dir, &filter, json, Columns::Timeline)?;
    if found == 0 && !json {
        return Err(format!(
            "no events for session {session:?}; `warden sessions` lists the sessions"
        ));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn events(
    dir: &DataDir,
    args: &FilterArgs,
    limit: usize,
    json: bool,
) -> Result<ExitCode, String> {
    let mut filter = to_filter(args)?;
    filter.limit = Some(limit);
    let found = print_events(dir, &filter, json, Columns::Events)?;
    if found == 0 && !json {
        println!("no matching events");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(
    dir: &DataDir,
    format: ExportFormat,
    args: &FilterArgs,
    output: Option<&Path>,
) -> Result<ExitCode, String> {
    let filter = to_filter(args)?;
    let reader = open_log(dir)?;
    let mut sink: Box<dyn std::io::Write> = match output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let format = match format {
        ExportFormat::Jsonl => warden_sink::Format::Jsonl,
        ExportFormat::Ocsf => warden_sink::Format::Ocsf,
        ExportFormat::Otlp => warden_sink::Format::Otlp,
        ExportFormat::Cef => warden_sink::Format::Cef,
    };
    // Events are encoded in chunks: OTLP puts a chunk in one request; the other formats write
    // one line per event either way.
    const CHUNK: usize = 512;
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut failure = None;
    let mut count = 0u64;
    let mut flush = |chunk: &mut Vec<StoredEvent>, count: &mut u64| -> Result<(), String> {
        for line in warden_sink::encode::lines(format, chunk) {
            writeln!(sink, "{line}").map_err(|e| e.to_string())?;
        }
        *count += chunk.len() as u64;
        chunk.clear();
        Ok(())
    };
    reader
        .each_event(&filter, &mut |e| {
            chunk.push(e);
            if chunk.len() < CHUNK {
                return true;
            }
            match flush(&mut chunk, &mut count) {
                Ok(()) => true,
                Err(err) => {
                    failure = Some(err);
                    false
                }
            }
        })
        .map_err(|e| e.to_string())?;
    if failure.is_none() {
        if let Err(err) = flush(&mut chunk, &mut count) {
            failure = Some(err);
        }
    }
    if let Some(f) = failure {
        return Err(format!("export stopped after {count} events: {f}"));
    }
    sink.flush().map_err(|e| e.to_string())?;
    if output.is_some() {
        eprintln!("exported {count} events");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy)]
enum Columns {
    Timeline,
    Events,
}

fn print_events(
    dir: &DataDir,
    filter: &EventFilter,
    json: bool,
    columns: Columns,
) -> Result<usize, String> {
    let reader = open_log(dir)?;
    let mut rows = Vec::new();
    let mut out = std::io::stdout().lock();
    let mut write_error = None;
    reader
        .each_event(filter, &mut |e: StoredEvent| {
            if json {
                if let Err(err) = writeln!(out, "{}", e.to_json()) {
                    write_error = Some(err.to_string());
                    return false;
                }
            }
            rows.push(row(&e, columns));
            true
        })
        .map_err(|e| e.to_string())?;
    if let Some(e) = write_error {
        return Err(e);
    }
    if !json && !rows.is_empty() {
        match columns {
            Columns::Timeline => table(
                &[
                    "TIME (UTC)",
                    "KIND",
                    "SOURCE",
                    "AGENT",
                    "CORRELATION",
                    "WHAT",
                ],
                &rows,
            ),
            Columns::Events => table(
                &["TIME (UTC)", "KIND", "SESSION", "AGENT", "ID", "WHAT"],
                &rows,
            ),
        }
    }
    Ok(rows.len())
}

fn row(e: &StoredEvent, columns: Columns) -> Vec<String> {
    let m = &e.envelope.meta;
    let ts = time_ns(m.ts.unix_nanos() as i64);
    let what = summarize(e.body.as_ref(), 70);
    match columns {
        Columns::Timeline => {
            let c = &m.correlation;
            let corr = c
                .tool_use_id
                .clone()
                .or_else(|| c.prompt_id.clone())
                .or_else(|| c.jsonrpc_id.clone())
                .unwrap_or_default();
            vec![
                ts,
                m.kind.to_string(),
                m.source.to_string(),
                clip(m.agent.as_str(), 32),
                clip(&corr, 28),
                what,
            ]
        }
        Columns::Events => vec![
            ts,
            m.kind.to_string(),
            clip(m.session_id.as_str(), 24),
            clip(m.agent.as_str(), 28),
            m.id.to_string(),
            what,
        ],
    }
}

fn to_filter(args: &FilterArgs) -> Result<EventFilter, String> {
    Ok(EventFilter {
        agent: args.agent.clone(),
        task: args.task.clone(),
        session: args.session.clone(),
        kind: args
            .kind
            .as_deref()
            .map(str::parse::<EventKind>)
            .transpose()?,
        since_ns: args.since.as_deref().map(parse_when).transpose()?,
        until_ns: args.until.as_deref().map(parse_when).transpose()?,
        contains: args
            .reference
            .as_deref()
            .map(reference_digest)
            .transpose()?,
        ..Default::default()
    })
}

/// The `hmac-sha256:<v>:<hex>` part of a reference, given bare or as `[REDACTED:<rule>:…]`.
pub(crate) fn reference_digest(r: &str) -> Result<String, String> {
    let at = r
        .find("hmac-sha256:")
        .ok_or("a reference looks like hmac-sha256:<version>:<hex> (see `warden hash`)")?;
    let digest: String = r[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
        .collect();
    let parts: Vec<&str> = digest.split(':').collect();
    if parts.len() != 3 || parts[1].parse::<u32>().is_err() || parts[2].len() != 64 {
        return Err(format!(
            "{digest:?} is not a reference (hmac-sha256:<version>:<64 hex>)"
        ));
    }
    Ok(digest)
}

/// RFC 3339, or a duration ago: `90s`, `30m`, `2h`, `7d`.
fn parse_when(s: &str) -> Result<i64, String> {
    if let Ok(t) = warden_core::Timestamp::parse(s) {
        return Ok(t.unix_nanos() as i64);
    }
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = num
        .parse()
        .map_err(|_| format!("{s:?} is neither an RFC 3339 time nor a duration like 30m"))?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("{s:?}: duration unit must be s, m, h or d")),
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp_nanos() as i64;
    Ok(now - secs * 1_000_000_000)
}

/// `warden hash VALUE`: the references a value has under every key version.
pub fn hash(dir: &DataDir, value: &str) -> Result<ExitCode, String> {
    let value = if value == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| e.to_string())?;
        text.trim_end_matches(['\n', '\r']).to_owned()
    } else {
        value.to_owned()
    };
    if value.is_empty() {
        return Err("nothing to hash: give a value, or - to read it from stdin".into());
    }
    let sealer = warden_gateway::redact::Sealer::open(dir)?;
    for reference in sealer.redactor().references_for_all_versions(&value) {
        println!("{reference}");
    }
    Ok(ExitCode::SUCCESS)
}
