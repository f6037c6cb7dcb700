//! `warden eval`: labelled sessions through an in-process pipeline, scored.
//!
//! Each scenario runs through exactly what agents get (the hook handling of the gateway, the
//! policy set, the detectors), in a chosen mode, with a fresh detection state per scenario (each
//! is a separate agent run) and event times spaced as the scenario's `timing` says. Reported per
//! detector: sessions where it was expected and fired (hits), expected and silent (misses),
//! fired where the scenario forbids it (false alerts); and for decisions, the share of `benign`
//! calls allowed without asking and of `risky`/`attack_effect` calls stopped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use warden_capture::hooks::{AgentKind, HookCall, Phase};
use warden_core::{AgentRef, Draft, EventKind, Outcome, SessionId, TaskId, Timestamp};
use warden_store::{DataDir, EventFilter, Reader, Store, StoreOptions};

use crate::config::{Config, Mode};
use crate::decide::Decider;
use crate::detect::Detection;
use crate::pipeline::{new_event_id, Pipeline};
use crate::redact::Sealer;
use crate::tasks::TaskRequest;

/// A labelled session (the format of `../shared/scenarios/README.md`).
#[derive(Debug, Deserialize)]
pub struct Scenario {
    pub id: String,
    #[serde(default)]
    pub expect_alerts: Vec<String>,
    #[serde(default)]
    pub forbid_alerts: Vec<String>,
    #[serde(default)]
    pub task: Option<Value>,
    #[serde(default)]
    pub timing: Option<Timing>,
    #[serde(default)]
    pub agent_product: Option<String>,
    pub events: Vec<ScenarioEvent>,
}

#[derive(Debug, Deserialize)]
pub struct Timing {
    pub interval_ms: u64,
}

#[derive(Debug, Deserialize)]
pub struct ScenarioEvent {
    pub payload: Value,
    #[serde(default)]
    pub label: Option<String>,
}

/// One scenario's outcome.
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioResult {
    pub id: String,
    pub file: String,
    pub fired: BTreeSet<String>,
    /// Every alert of the session as `rule: summary`, in order (why each rule fired; summaries
    /// never carry secret values).
    pub alerts: Vec<String>,
    pub missing: Vec<String>,
    pub forbidden_fired: Vec<String>,
    /// (label, effective outcome: what enforce did or would have done, tool)
    pub decisions: Vec<(String, String, String)>,
}

impl ScenarioResult {
    pub fn passed(&self) -> bool {
        self.missing.is_empty() && self.forbidden_fired.is_empty()
    }
}

/// Per-detector counts.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DetectorScore {
    pub expected: usize,
    pub hits: usize,
    pub misses: usize,
    pub false_alerts: usize,
}

impl DetectorScore {
    pub fn recall(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.hits as f64 / self.expected as f64)
    }
    pub fn precision(&self) -> Option<f64> {
        let fired = self.hits + self.false_alerts;
        (fired > 0).then(|| self.hits as f64 / fired as f64)
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct EvalReport {
    pub mode: String,
    pub scenarios: Vec<ScenarioResult>,
    pub detectors: BTreeMap<String, DetectorScore>,
    pub benign: usize,
    pub benign_allowed: usize,
    pub risky: usize,
    pub risky_stopped: usize,
}

/// Runs every scenario file in `paths` (files or directories).
pub async fn run(paths: &[PathBuf], mode: Mode, config: &Config) -> Result<EvalReport, String> {
    let files = scenario_files(paths)?;
    let tmp = std::env::temp_dir().join(format!("warden-eval-{}", new_event_id()));
    let dir =
        DataDir::open_or_init(&tmp, crate::config::DEFAULT_CONFIG).map_err(|e| e.to_string())?;
    let store = Store::open(&dir, StoreOptions::default()).map_err(|e| e.to_string())?;
    let engine = match &config.policy.dir {
        Some(d) => warden_policy::PolicyEngine::from_dir(d),
        None => warden_policy::default_engine(),
    }
    .map_err(|e| e.to_string())?;
    let shared = Arc::new(warden_policy::SharedEngine::new(engine));
    let mut report = EvalReport {
        mode: mode.as_str().into(),
        ..Default::default()
    };
    let mut outcome = Ok(());
    for file in &files {
        match run_one(file, &store, mode, config, &shared).await {
            Ok(r) => report.scenarios.push(r),
            Err(e) => {
                outcome = Err(e);
                break;
            }
        }
    }
    let closed = tokio::task::spawn_blocking(move || store.close()).await;
    let _ = std::fs::remove_dir_all(&tmp);
    outcome?;
    closed
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    score(&mut report, &files)?;
    Ok(report)
}

async fn run_one(
    file: &Path,
    store: &Store,
    mode: Mode,
    config: &Config,
    engine: &Arc<warden_policy::SharedEngine>,
) -> Result<ScenarioResult, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let s: Scenario = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a scenario: {e}", file.display()))?;
    let agent = match s.agent_product.as_deref() {
        Some(name) => AgentKind::parse(name)
            .ok_or_else(|| format!("{}: unknown agent_product {name:?}", file.display()))?,
        None => AgentKind::ClaudeCode,
    };
    let sealer = Sealer::with_config(store.data_dir(), &config.redact)?;
    let secrets = sealer.secret_check();
    let decider =
        Decider::new_shared(engine.clone(), Default::default()).with_secrets(secrets.clone());
    let detection = Detection::new(config.detect.0.clone(), secrets);
    let pipeline = Pipeline::new(
        store.clone(),
        mode,
        decider,
        detection,
        sealer,
        config.modes.clone(),
    );
    let presenter = AgentRef::unattested("local");
    let protocol = agent.protocol();
    let first = s
        .events
        .first()
        .map(|e| e.payload.clone())
        .unwrap_or(Value::Null);
    let session_key = if agent == AgentKind::Cursor {
        "conversation_id"
    } else {
        "session_id"
    };
    let session =
        SessionId::new(first[session_key].as_str().unwrap_or(&s.id)).map_err(|e| e.to_string())?;
    if let Some(task) = &s.task {
        let mut request = task.clone();
        if request.get("objective").is_none() {
            request["objective"] = json!(format!("scenario {}", s.id));
        }
        let request: TaskRequest =
            serde_json::from_value(request).map_err(|e| format!("{}: task: {e}", s.id))?;
        let task_id = TaskId::new(format!("task-{}", new_event_id())).map_err(|e| e.to_string())?;
        let spec = request.into_spec(task_id.clone(), crate::pipeline::now())?;
        let mut body = serde_json::to_value(&spec).unwrap_or_default();
        body["action"] = json!("declare");
        let mut draft = Draft::new(EventKind::Task, session.clone(), body);
        draft.task_id = Some(task_id);
        pipeline
            .declare_task(&spec, draft, Some(&session), &presenter)
            .await
            .map_err(|e| e.to_string())?;
    }
    let start = crate::pipeline::now().unix_nanos();
    let interval = s.timing.as_ref().map_or(1_000, |t| t.interval_ms.max(1)) as i128 * 1_000_000;
    let mut refused = RefusedCalls::default();
    let mut decisions = Vec::new();
    for (i, ev) in s.events.iter().enumerate() {
        let call = protocol
            .parse(ev.payload.clone())
            .map_err(|e| format!("{} event {i}: {e}", s.id))?;
        if matches!(call.phase, Phase::PostTool | Phase::ToolFailure) && refused.take_result(&call)
        {
            continue;
        }
        let ts = Timestamp::from_unix_nanos(start + i as i128 * interval);
        let (verdict, _) = crate::hooks::handle(&pipeline, &call, &presenter, ts).await;
        if call.phase == Phase::PreTool {
            let effective = verdict.would_be.unwrap_or(verdict.outcome);
            if verdict.outcome != Outcome::Allow {
                refused.insert(&call);
            }
            if let Some(label) = &ev.label {
                let tool = call
                    .tool
                    .as_ref()
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                decisions.push((label.clone(), effective.as_str().to_owned(), tool));
            }
        }
    }
    // Everything queued before this is durable once the writer answers.
    store.checkpoint().await.map_err(|e| e.to_string())?;
    let (fired, alerts) = fired_rules(store.data_dir(), &session)?;
    let missing = s
        .expect_alerts
        .iter()
        .filter(|r| !fired.contains(*r))
        .cloned()
        .collect();
    let forbidden_fired = fired
        .iter()
        .filter(|r| s.forbid_alerts.iter().any(|f| f == "*" || f == *r))
        .cloned()
        .collect();
    Ok(ScenarioResult {
        id: s.id,
        file: file.display().to_string(),
        fired,
        alerts,
        missing,
        forbidden_fired,
        decisions,
    })
}

/// Calls the replay refused: their recorded results never happened, so they are not replayed.
/// A result pairs with its call by the agent's call id; agents that send none (Gemini CLI,
/// Cursor's shell and MCP hooks) pair by tool name, oldest refused call first.
#[derive(Default)]
struct RefusedCalls {
    by_id: BTreeSet<String>,
    by_tool: BTreeMap<String, usize>,
}

impl RefusedCalls {
    fn insert(&mut self, call: &HookCall) {
        match &call.correlation.tool_use_id {
            Some(id) => {
                self.by_id.insert(id.clone());
            }
            None => *self.by_tool.entry(tool_name(call)).or_default() += 1,
        }
    }

    /// Whether `result` answers a refused call (and forgets that call).
    fn take_result(&mut self, result: &HookCall) -> bool {
        match &result.correlation.tool_use_id {
            Some(id) => self.by_id.remove(id),
            None => match self.by_tool.get_mut(&tool_name(result)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            },
        }
    }
}

fn tool_name(call: &HookCall) -> String {
    call.tool
        .as_ref()
        .map(|t| t.name.clone())
        .unwrap_or_default()
}

/// The rules that fired in `session`, and each alert as `rule: summary`.
fn fired_rules(
    dir: &DataDir,
    session: &SessionId,
) -> Result<(BTreeSet<String>, Vec<String>), String> {
    let reader = Reader::open(dir).map_err(|e| e.to_string())?;
    let filter = EventFilter {
        session: Some(session.to_string()),
        kind: Some(EventKind::Alert),
        ..Default::default()
    };
    let mut fired = BTreeSet::new();
    let mut alerts = Vec::new();
    reader
        .events(&filter, |e| {
            if let Some(rule) = e
                .body
                .as_ref()
                .and_then(|b| b.get("rule"))
                .and_then(Value::as_str)
            {
                let summary = e
                    .body
                    .as_ref()
                    .and_then(|b| b.get("summary"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                alerts.push(format!("{rule}: {summary}"));
                fired.insert(rule.to_owned());
            }
            true
        })
        .map_err(|e| e.to_string())?;
    Ok((fired, alerts))
}

fn score(report: &mut EvalReport, _files: &[PathBuf]) -> Result<(), String> {
    for id in warden_detect::CATALOGUE.iter().map(|e| e.id) {
        report.detectors.entry(id.to_owned()).or_default();
    }
    let scenarios = report.scenarios.clone();
    for r in &scenarios {
        let text = std::fs::read_to_string(&r.file).map_err(|e| e.to_string())?;
        let s: Scenario = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        for rule in &s.expect_alerts {
            let d = report.detectors.entry(rule.clone()).or_default();
            d.expected += 1;
            if r.fired.contains(rule) {
                d.hits += 1;
            } else {
                d.misses += 1;
            }
        }
        for rule in &r.forbidden_fired {
            report
                .detectors
                .entry(rule.clone())
                .or_default()
                .false_alerts += 1;
        }
        for (label, outcome, _) in &r.decisions {
            match label.as_str() {
                "benign" => {
                    report.benign += 1;
                    report.benign_allowed += usize::from(outcome == "allow");
                }
                "risky" | "attack_effect" => {
                    report.risky += 1;
                    report.risky_stopped += usize::from(outcome != "allow");
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Scenario files: the `*.json` of each directory (sorted) and each file given.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    if files.is_empty() {
        return Err("no scenario files (*.json) found".into());
    }
    Ok(files)
}

/// The report as a table.
pub fn render(report: &EvalReport) -> String {
    let pct = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{:.1}%", v * 100.0));
    let mut out = format!(
        "{:<34} {:>8} {:>5} {:>7} {:>6} {:>8} {:>9}\n",
        "detector", "expected", "hits", "misses", "false", "recall", "precision"
    );
    for (id, d) in &report.detectors {
        out.push_str(&format!(
            "{:<34} {:>8} {:>5} {:>7} {:>6} {:>8} {:>9}\n",
            id,
            d.expected,
            d.hits,
            d.misses,
            d.false_alerts,
            pct(d.recall()),
            pct(d.precision())
        ));
    }
    let share = |a: usize, b: usize| {
        if b == 0 {
            "-".to_owned()
        } else {
            format!("{:.1}%", a as f64 * 100.0 / b as f64)
        }
    };
    out.push_str(&format!(
        "\ndecisions ({} mode): benign allowed without asking {}/{} ({}), risky/attack_effect stopped {}/{} ({})\n",
        report.mode,
        report.benign_allowed,
        report.benign,
        share(report.benign_allowed, report.benign),
        report.risky_stopped,
        report.risky,
        share(report.risky_stopped, report.risky)
    ));
    let failed: Vec<&ScenarioResult> = report.scenarios.iter().filter(|r| !r.passed()).collect();
    out.push_str(&format!(
        "scenarios: {} passed, {} failed\n",
        report.scenarios.len() - failed.len(),
        failed.len()
    ));
    for r in failed {
        out.push_str(&format!(
            "  {}: missing {:?}, forbidden fired {:?}\n",
            r.id, r.missing, r.forbidden_fired
        ));
    }
    out
}
