//! Test support: replays Claude Code hook payloads (the scenario corpus format) as observations.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde_json::Value;
use warden_analysis::{analyze_call_in, CallContext, Overrides, ToolRef};
use warden_core::{AgentRef, EventId, SessionId, TaskId, Timestamp};
use warden_detect::{Alert, Engine, Observation, Observed, Scope, Verdict};

/// The working folder of the sessions the detector tests build.
pub const CWD: &str = "/home/dev/app";

/// A tool call as the hooks report it, with the facts analysis reads from it.
pub fn call(st: &mut Stream, tool: &str, args: Value, id: &str) -> Observation {
    st.obs(tool_call(tool, args, id))
}

/// What [`call`] observes, for a stream that attributes it otherwise (a subagent's call).
pub fn tool_call(tool: &str, args: Value, id: &str) -> Observed {
    let t = ToolRef::parse(tool);
    let facts = analyze_call_in(
        &t,
        &args,
        None,
        &Overrides::default(),
        &CallContext::with_cwd(CWD),
    );
    Observed::ToolCall {
        tool: t,
        args,
        facts,
        tool_use_id: Some(id.to_owned()),
    }
}

/// The result of the call `id`.
pub fn result(st: &mut Stream, tool: &str, id: &str, text: &str) -> Observation {
    st.obs(Observed::ToolResult {
        tool: ToolRef::parse(tool),
        tool_use_id: Some(id.to_owned()),
        text: text.to_owned(),
        is_error: false,
    })
}

/// Builds observations with increasing ids and times.
pub struct Stream {
    pub session: SessionId,
    pub task: TaskId,
    pub agent: AgentRef,
    pub t_ms: u64,
    pub step_ms: u64,
    n: u64,
}

impl Stream {
    pub fn new(session: &str) -> Self {
        let s = SessionId::new(session).expect("session id");
        Self {
            task: TaskId::implicit_for(&s),
            session: s,
            agent: AgentRef::unattested("loopback"),
            t_ms: 1_767_225_600_000,
            step_ms: 1_000,
            n: 0,
        }
    }

    pub fn next_id(&mut self) -> (EventId, Timestamp) {
        self.n += 1;
        self.t_ms += self.step_ms;
        let mut r = [0u8; 10];
        r[..8].copy_from_slice(&self.n.to_be_bytes());
        r[8] = (self.session.as_str().len() % 251) as u8;
        let ts = Timestamp::from_unix_nanos(i128::from(self.t_ms) * 1_000_000).expect("ts");
        (EventId::from_parts(self.t_ms, &r), ts)
    }

    pub fn obs(&mut self, what: Observed) -> Observation {
        self.obs_sub(what, None)
    }

    pub fn obs_sub(&mut self, what: Observed, subagent: Option<String>) -> Observation {
        let (event_id, ts) = self.next_id();
        Observation {
            event_id,
            ts,
            session: self.session.clone(),
            task: self.task.clone(),
            agent: self.agent.clone(),
            delegation: Vec::new(),
            subagent,
            what,
        }
    }
}

/// Flattens a hook `tool_response` into text.
pub fn flatten(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => {
            let mut parts: Vec<String> = Vec::new();
            if let Some(Value::Array(items)) = o.get("content") {
                for i in items {
                    if let Some(t) = i.get("text").and_then(Value::as_str) {
                        parts.push(t.to_owned());
                    }
                }
            }
            if let Some(Value::String(c)) = o.get("content") {
                parts.push(c.clone());
            }
            if let Some(f) = o.get("file") {
                if let Some(c) = f.get("content").and_then(Value::as_str) {
                    parts.push(c.to_owned());
                }
            }
            for k in ["stdout", "stderr", "result", "output", "text"] {
                if let Some(t) = o.get(k).and_then(Value::as_str) {
                    if !t.is_empty() {
                        parts.push(t.to_owned());
                    }
                }
            }
            if let Some(Value::Array(rs)) = o.get("results") {
                for r in rs {
                    for k in ["title", "url", "snippet", "content", "text"] {
                        if let Some(t) = r.get(k).and_then(Value::as_str) {
                            parts.push(t.to_owned());
                        }
                    }
                }
            }
            if let Some(Value::Array(f)) = o.get("filenames") {
                parts.extend(f.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            if parts.is_empty() {
                v.to_string()
            } else {
                parts.join("\n")
            }
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub struct Replay {
    pub alerts: Vec<Alert>,
    pub fired: BTreeSet<String>,
}

/// Replays one scenario file through a fresh engine (or the given one).
pub fn replay(scenario: &Value, engine: &mut Engine) -> Replay {
    let session = scenario["session_id"].as_str().unwrap_or("scenario");
    let mut st = Stream::new(session);
    if let Some(ms) = scenario
        .pointer("/timing/interval_ms")
        .and_then(Value::as_u64)
    {
        st.step_ms = ms.max(1);
    }
    let mut alerts = Vec::new();
    if let Some(task) = scenario.get("task").filter(|t| t.is_object()) {
        st.task = TaskId::new(format!("task:{session}")).expect("task id");
        let scope: Scope =
            serde_json::from_value(task.get("scope").cloned().unwrap_or(Value::Null))
                .unwrap_or_default();
        let o = st.obs(Observed::TaskDeclared {
            objective: task["objective"].as_str().unwrap_or("").to_owned(),
            scope,
            parent: None,
        });
        alerts.extend(engine.observe(&o));
    }
    let mut denied_uses: HashSet<String> = HashSet::new();
    let overrides = Overrides::default();
    for ev in scenario["events"].as_array().into_iter().flatten() {
        let p = &ev["payload"];
        let label = ev.get("label").and_then(Value::as_str).unwrap_or("");
        let sub = p.get("agent_id").and_then(Value::as_str).map(str::to_owned);
        let hook = p["hook_event_name"].as_str().unwrap_or("");
        let tool_use = p
            .get("tool_use_id")
            .and_then(Value::as_str)
            .map(str::to_owned);
        match hook {
            "SessionStart" => {
                let o = st.obs_sub(Observed::SessionStart, sub);
                alerts.extend(engine.observe(&o));
            }
            "SessionEnd" => {
                let o = st.obs_sub(Observed::SessionEnd, sub);
                alerts.extend(engine.observe(&o));
            }
            "UserPromptSubmit" => {
                let o = st.obs_sub(
                    Observed::Prompt {
                        text: p["prompt"].as_str().unwrap_or("").to_owned(),
                    },
                    sub,
                );
                alerts.extend(engine.observe(&o));
            }
            "Stop" | "SubagentStop" => {
                if let Some(m) = p.get("last_assistant_message").and_then(Value::as_str) {
                    let o = st.obs_sub(Observed::ModelOutput { text: m.to_owned() }, sub);
                    alerts.extend(engine.observe(&o));
                }
            }
            "PreToolUse" => {
                let tool = ToolRef::parse(p["tool_name"].as_str().unwrap_or(""));
                let args = p.get("tool_input").cloned().unwrap_or(Value::Null);
                let cwd = p.get("cwd").and_then(Value::as_str);
                let ctx = CallContext {
                    cwd,
                    ..CallContext::default()
                };
                let facts = analyze_call_in(&tool, &args, None, &overrides, &ctx);
                let o = st.obs_sub(
                    Observed::ToolCall {
                        tool,
                        args,
                        facts,
                        tool_use_id: tool_use.clone(),
                    },
                    sub.clone(),
                );
                let call_event = o.event_id;
                alerts.extend(engine.observe(&o));
                if matches!(label, "risky" | "attack_effect") {
                    if let Some(t) = tool_use {
                        denied_uses.insert(t);
                    }
                    let d = st.obs_sub(
                        Observed::Decision {
                            call_event,
                            outcome: Verdict::Allow,
                            would_be: Some(Verdict::Deny),
                            reasons: vec!["scenario label".into()],
                        },
                        sub,
                    );
                    alerts.extend(engine.observe(&d));
                }
            }
            "PostToolUse" => {
                if tool_use.as_ref().is_some_and(|t| denied_uses.contains(t)) {
                    continue;
                }
                let tool = ToolRef::parse(p["tool_name"].as_str().unwrap_or(""));
                let resp = p.get("tool_response").cloned().unwrap_or(Value::Null);
                let is_error = resp
                    .get("isError")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let o = st.obs_sub(
                    Observed::ToolResult {
                        tool,
                        tool_use_id: tool_use,
                        text: flatten(&resp),
                        is_error,
                    },
                    sub,
                );
                alerts.extend(engine.observe(&o));
            }
            _ => {}
        }
    }
    let fired = alerts.iter().map(|a| a.rule.to_owned()).collect();
    Replay { alerts, fired }
}

/// Outcome of one scenario against its labels.
pub struct Scored {
    pub id: String,
    pub missing: Vec<String>,
    pub forbidden: Vec<String>,
    pub fired: BTreeSet<String>,
}

pub fn score(scenario: &Value, r: &Replay) -> Scored {
    let list = |k: &str| -> Vec<String> {
        scenario[k]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    let expect = list("expect_alerts");
    let forbid = list("forbid_alerts");
    let missing = expect
        .iter()
        .filter(|e| !r.fired.contains(*e))
        .cloned()
        .collect();
    let forbidden = if forbid.iter().any(|f| f == "*") {
        r.fired.iter().cloned().collect()
    } else {
        forbid
            .iter()
            .filter(|f| r.fired.contains(*f))
            .cloned()
            .collect()
    };
    Scored {
        id: scenario["id"].as_str().unwrap_or("?").to_owned(),
        missing,
        forbidden,
        fired: r.fired.clone(),
    }
}

pub fn load_dir(dir: &Path) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut files: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    for f in files {
        if f.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&f) {
            match serde_json::from_str::<Value>(&text) {
                Ok(v) => out.push((f.display().to_string(), v)),
                Err(e) => eprintln!("skipping {}: {e}", f.display()),
            }
        }
    }
    out
}

/// Per-detector tallies over a corpus.
#[derive(Default)]
pub struct Tally {
    pub hits: BTreeMap<String, u32>,
    pub misses: BTreeMap<String, u32>,
    pub false_alerts: BTreeMap<String, u32>,
    pub extra: BTreeMap<String, u32>,
    pub scenarios: u32,
    pub clean: u32,
}

impl Tally {
    pub fn add(&mut self, scenario: &Value, s: &Scored) {
        self.scenarios += 1;
        if s.missing.is_empty() && s.forbidden.is_empty() {
            self.clean += 1;
        }
        let expect: Vec<String> = scenario["expect_alerts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        for e in &expect {
            if s.fired.contains(e) {
                *self.hits.entry(e.clone()).or_default() += 1;
            } else {
                *self.misses.entry(e.clone()).or_default() += 1;
            }
        }
        for f in &s.forbidden {
            *self.false_alerts.entry(f.clone()).or_default() += 1;
        }
        for f in &s.fired {
            if !expect.contains(f) && !s.forbidden.contains(f) {
                *self.extra.entry(f.clone()).or_default() += 1;
            }
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        for (mine, theirs) in [
            (&mut self.hits, &other.hits),
            (&mut self.misses, &other.misses),
            (&mut self.false_alerts, &other.false_alerts),
            (&mut self.extra, &other.extra),
        ] {
            for (k, v) in theirs {
                *mine.entry(k.clone()).or_default() += v;
            }
        }
        self.scenarios += other.scenarios;
        self.clean += other.clean;
    }

    pub fn print(&self, name: &str) {
        println!(
            "\n== {name}: {} scenarios, {} fully correct",
            self.scenarios, self.clean
        );
        println!(
            "{:<36} {:>5} {:>7} {:>13} {:>14}",
            "detector", "hits", "misses", "false alerts", "other alerts"
        );
        let mut ids: BTreeSet<&String> = BTreeSet::new();
        ids.extend(self.hits.keys());
        ids.extend(self.misses.keys());
        ids.extend(self.false_alerts.keys());
        ids.extend(self.extra.keys());
        for id in ids {
            println!(
                "{:<36} {:>5} {:>7} {:>13} {:>14}",
                id,
                self.hits.get(id).unwrap_or(&0),
                self.misses.get(id).unwrap_or(&0),
                self.false_alerts.get(id).unwrap_or(&0),
                self.extra.get(id).unwrap_or(&0)
            );
        }
    }
}
