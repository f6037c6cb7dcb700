//! `warden report`: a self-contained incident report of one session, task, agent or secret
//! reference, in HTML and Markdown, carrying the inclusion proofs of the events it shows.
//!
//! Why proofs travel with the report: an incident report is read by people who do not have the
//! gateway (legal, a customer, an auditor). Each event in it comes with its RFC 6962 inclusion
//! proof against a signed checkpoint and the log's public key, so a reader can check — with
//! `warden verify-proof` or the report's own in-browser verifier — that the events shown are
//! exactly those in the tamper-evident log, without trusting whoever produced the report.

mod describe;
mod html;
mod markdown;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use warden_core::{EventId, EventKind, StoredEvent};
use warden_store::{DataDir, EventFilter, InclusionProof, Reader, TaskRecord};

/// What the report is about.
#[derive(Clone, Debug)]
pub enum Scope {
    Session(String),
    Task(String),
    Agent(String),
    /// A secret reference (`hmac-sha256:<v>:<hex>`): every event it appears in.
    Reference(String),
}

impl Scope {
    fn label(&self) -> (&'static str, &str) {
        match self {
            Scope::Session(s) => ("session", s),
            Scope::Task(t) => ("task", t),
            Scope::Agent(a) => ("agent", a),
            Scope::Reference(r) => ("secret reference", r),
        }
    }

    fn filter(&self) -> EventFilter {
        let mut f = EventFilter::default();
        match self {
            Scope::Session(s) => f.session = Some(s.clone()),
            Scope::Task(t) => f.task = Some(t.clone()),
            Scope::Agent(a) => f.agent = Some(a.clone()),
            Scope::Reference(r) => f.contains = Some(r.clone()),
        }
        f
    }

    /// A file-name-safe stem: `report-session-<id>`.
    fn file_stem(&self) -> String {
        let (kind, value) = self.label();
        let clean: String = value
            .chars()
            .take(64)
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("report-{}-{clean}", kind.replace(' ', "-"))
    }
}

/// Which files to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formats {
    Html,
    Markdown,
    Both,
}

pub struct ReportOptions {
    pub scope: Scope,
    /// Base path without extension; default `./report-<scope>-<id>`.
    pub out: Option<PathBuf>,
    pub formats: Formats,
    /// Routine events are capped so that, with the always-kept alerts, evidence, refused calls,
    /// approvals and tasks, about this many are shown and proven.
    pub max_events: usize,
}

/// Everything a rendering needs, gathered once.
pub struct Report {
    pub scope: Scope,
    pub generated: String,
    pub origin: String,
    pub verifier_key: String,
    /// `(tree size, signed note)` of the newest checkpoint.
    pub checkpoint: Option<(u64, String)>,
    /// The events shown, in log order.
    pub events: Vec<StoredEvent>,
    /// How many events the scope holds in all.
    pub total_events: usize,
    pub tasks: Vec<TaskRecord>,
    /// Proofs of the shown events the checkpoint covers, by event id.
    pub proofs: BTreeMap<String, InclusionProof>,
}

impl Report {
    pub fn alerts(&self) -> impl Iterator<Item = &StoredEvent> {
        self.events
            .iter()
            .filter(|e| e.envelope.meta.kind == EventKind::Alert)
    }

    pub fn truncated(&self) -> bool {
        self.events.len() < self.total_events
    }

    /// Events the newest checkpoint does not cover yet (written after it was signed).
    pub fn unproven(&self) -> usize {
        self.events.len() - self.proofs.len()
    }
}

pub fn run(dir: &DataDir, options: &ReportOptions) -> Result<ExitCode, String> {
    let report = gather(dir, &options.scope, options.max_events)?;
    if report.total_events == 0 {
        let (kind, value) = options.scope.label();
        return Err(format!(
            "no events for {kind} {value:?}; `warden sessions`, `warden task list` and `warden events` show what the record holds"
        ));
    }
    let base = options
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(options.scope.file_stem()));
    let mut written = Vec::new();
    if options.formats != Formats::Markdown {
        written.push(write(&base, "html", &html::render(&report))?);
    }
    if options.formats != Formats::Html {
        written.push(write(&base, "md", &markdown::render(&report))?);
    }
    for path in &written {
        println!("wrote {}", path.display());
    }
    println!(
        "{} of {} events, {} alerts, {} proven against the checkpoint of size {}{}",
        report.events.len(),
        report.total_events,
        report.alerts().count(),
        report.proofs.len(),
        report.checkpoint.as_ref().map(|c| c.0).unwrap_or(0),
        if report.unproven() > 0 {
            format!(
                "; {} newer events are not yet under a checkpoint (a running gateway signs one within a second; run the report again)",
                report.unproven()
            )
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn write(base: &Path, ext: &str, text: &str) -> Result<PathBuf, String> {
    let path = base.with_extension(ext);
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Reads the scope's events, keeps at most `max_events` of them (alerts, their evidence and
/// refused calls first, then the rest in log order), and proves the kept ones.
pub fn gather(dir: &DataDir, scope: &Scope, max_events: usize) -> Result<Report, String> {
    let reader = Reader::open(dir).map_err(|e| e.to_string())?;
    let mut all = Vec::new();
    reader
        .events(&scope.filter(), |e| {
            all.push(e);
            true
        })
        .map_err(|e| e.to_string())?;
    let total_events = all.len();
    let events = keep_most_telling(all, max_events.max(1));
    let task_ids: HashSet<&str> = events
        .iter()
        .map(|e| e.envelope.meta.task_id.as_str())
        .collect();
    let tasks = reader
        .tasks(usize::MAX >> 1)
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|t| task_ids.contains(t.task_id.as_str()))
        .collect();
    let checkpoint = reader.latest_checkpoint().map_err(|e| e.to_string())?;
    let covered: Vec<EventId> = events
        .iter()
        .filter(|e| {
            checkpoint
                .as_ref()
                .is_some_and(|(size, _)| e.envelope.seq < *size)
        })
        .map(|e| e.envelope.meta.id)
        .collect();
    let proofs = reader
        .prove_many(&covered)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|p| (p.event_id.clone(), p))
        .collect();
    Ok(Report {
        scope: scope.clone(),
        generated: warden_core::Timestamp::from_unix_nanos(
            time::OffsetDateTime::now_utc().unix_timestamp_nanos(),
        )
        .map(|t| t.to_string())
        .unwrap_or_default(),
        origin: dir.origin().map_err(|e| e.to_string())?,
        verifier_key: dir.verifier().map_err(|e| e.to_string())?.encode(),
        checkpoint,
        events,
        total_events,
        tasks,
        proofs,
    })
}

/// Every alert, the evidence it names, refused or held calls, approvals and tasks (an incident
/// report never drops those for routine traffic), then routine events up to `max` in all,
/// earliest first; returned in log order.
fn keep_most_telling(all: Vec<StoredEvent>, max: usize) -> Vec<StoredEvent> {
    if all.len() <= max {
        return all;
    }
    let mut wanted: HashSet<String> = HashSet::new();
    for e in &all {
        let m = &e.envelope.meta;
        let telling = match m.kind {
            EventKind::Alert | EventKind::Approval | EventKind::Task => true,
            EventKind::Decision => e
                .body
                .as_ref()
                .and_then(|b| b.get("outcome").or_else(|| b.get("would_be")))
                .and_then(Value::as_str)
                .is_some_and(|o| o != "allow"),
            _ => false,
        };
        if telling {
            wanted.insert(m.id.to_string());
            if let Some(parent) = m.correlation.parent_id {
                wanted.insert(parent.to_string());
            }
            let evidence = e
                .body
                .as_ref()
                .and_then(|b| b.get("evidence"))
                .and_then(Value::as_array);
            for id in evidence.into_iter().flatten().filter_map(Value::as_str) {
                wanted.insert(id.to_owned());
            }
        }
    }
    let present = all
        .iter()
        .filter(|e| wanted.contains(&e.envelope.meta.id.to_string()))
        .count();
    let mut routine_budget = max.saturating_sub(present);
    all.into_iter()
        .filter(|e| {
            if wanted.contains(&e.envelope.meta.id.to_string()) {
                return true;
            }
            let keep = routine_budget > 0;
            routine_budget = routine_budget.saturating_sub(1);
            keep
        })
        .collect()
}
