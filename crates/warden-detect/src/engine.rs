//! The engine: routes each observation to the state it belongs to, derives what several
//! detectors share (intent signature, instruction finding, secrets), updates session facts and
//! provenance, then runs every enabled detector.

mod destinations;
pub mod fleet;

use std::collections::HashMap;
use std::sync::Arc;
/// The bounded walk over argument strings, shared with the detectors.
pub(crate) use warden_analysis::scope::visit_strings;

use serde::Serialize;
use serde_json::Value;
use warden_analysis::text::{has_personal_records, is_data_file, path_key, visit_candidate_keys};
use warden_analysis::{
    glob_match, instruction_score, intent_signature, ActionFacts, BuiltinSecrets, Effect, Flag,
    InstructionFinding, IntentAction, IntentSignature, SecretCheck, SecretMatch, ToolRef,
};
use warden_core::{AgentRef, EventId, SessionId, TaskId};

use crate::alert::{Alert, Response, Severity};
use crate::catalogue;
use crate::config::DetectConfig;
use crate::detectors;
use crate::observation::{Observation, Observed};
use crate::state::{
    key_hash, push_bounded, AgentState, Denied, RecentCall, ScopeDecl, ServerPin, SessionState,
    TaskState, MAX_RECENT, MAX_THIRD_PARTY, MAX_TRUSTED, MAX_UNTRUSTED, MAX_UNTRUSTED_TEXT,
};

/// Facts about a session the gateway feeds to policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SessionFacts {
    /// A secret appeared in a tool result in this session.
    pub read_secret: bool,
    /// A credential store was read in this session.
    pub read_credential_store: bool,
    /// A tool result or resource carried instructions aimed at the agent (the session is tainted).
    pub read_untrusted_instructions: bool,
    /// Denies (and would-be denies) so far.
    pub denies: u64,
    /// Tool calls so far.
    pub calls: u64,
}

/// Where a call's targets came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Some target appears only in untrusted content (never in the user's prompts or trusted
    /// content).
    pub untrusted_only: bool,
    /// The targets that did.
    pub matched: Vec<String>,
}

/// Values derived once per observation and shared by detectors.
#[derive(Default)]
pub(crate) struct Derived {
    pub sig: Option<Arc<IntentSignature>>,
    /// A tool call's normalized-arguments hash ([`args_hash`]).
    pub args: u64,
    pub finding: Option<InstructionFinding>,
    pub secrets: Vec<SecretMatch>,
    /// The result came from a trusted instruction file (CLAUDE.md, …).
    pub trusted_instruction_file: bool,
    /// The user asked to work on attack text and this result is that material (see
    /// `Provenance::adversarial`): its instructions taint the session but raise no alert.
    pub expected_attack_text: bool,
    /// The untrusted-content events a call's targets trace to, and the targets.
    pub hijack: Option<(Vec<EventId>, Vec<String>)>,
    /// For a tool result: the normalized-arguments hash of the call it answers.
    pub answered_args: Option<u64>,
}

/// What a detector sees.
pub(crate) struct Ctx<'a> {
    pub obs: &'a Observation,
    pub cfg: &'a DetectConfig,
    pub now: i128,
    pub session: &'a mut SessionState,
    pub task: &'a mut TaskState,
    pub root_task: &'a TaskId,
    pub agent: &'a mut AgentState,
    pub scopes: &'a [Arc<ScopeDecl>],
    pub derived: &'a Derived,
    pub pins: &'a mut HashMap<String, ServerPin>,
    pub max_servers: usize,
    pub out: &'a mut Vec<Alert>,
}

impl Ctx<'_> {
    /// Emits an alert with the configured (or catalogue) response and severity.
    pub fn emit(&mut self, id: &'static str, evidence: Vec<EventId>, summary: String) {
        self.emit_as(id, None, None, evidence, summary);
    }

    /// Emits with an explicit response/severity (used for escalations such as throttling);
    /// configuration still wins when set.
    pub fn emit_as(
        &mut self,
        id: &'static str,
        response: Option<Response>,
        severity: Option<Severity>,
        mut evidence: Vec<EventId>,
        summary: String,
    ) {
        let Some(entry) = catalogue::entry(id) else {
            return;
        };
        let (enabled, cfg_resp, cfg_sev) = self.cfg.rule(id);
        if !enabled {
            return;
        }
        // every event at most once, completing event last
        let mut seen: Vec<EventId> = Vec::with_capacity(evidence.len());
        evidence.retain(|e| {
            if seen.contains(e) {
                false
            } else {
                seen.push(*e);
                true
            }
        });
        if evidence.last() != Some(&self.obs.event_id) {
            evidence.retain(|e| *e != self.obs.event_id);
            evidence.push(self.obs.event_id);
        }
        self.out.push(Alert {
            rule: entry.id,
            severity: cfg_sev.or(severity).unwrap_or(entry.severity),
            tags: entry.tags.to_vec(),
            evidence,
            session: self.obs.session.clone(),
            task: self.root_task.clone(),
            agent: self.obs.agent.clone(),
            response: cfg_resp.or(response).unwrap_or(entry.response),
            summary,
        });
    }
}

/// The detection engine. Not thread-safe by itself: shard sessions across engines, or wrap it
/// in a lock; `observe` is a few microseconds.
pub struct Engine {
    cfg: DetectConfig,
    /// A scanner run besides the built-in patterns (the `warden-redact` rules), if any.
    secrets: Option<Arc<dyn SecretCheck>>,
    sessions: HashMap<SessionId, SessionState>,
    tasks: HashMap<TaskId, TaskState>,
    agents: HashMap<AgentRef, AgentState>,
    pins: HashMap<String, ServerPin>,
}

impl Engine {
    pub fn new(config: DetectConfig) -> Self {
        Self::with_scanner(config, None)
    }

    /// Uses another secret scanner (the `warden-redact` rules) instead of the built-in patterns.
    pub fn with_secret_check(config: DetectConfig, secrets: Arc<dyn SecretCheck>) -> Self {
        Self::with_scanner(config, Some(secrets))
    }

    fn with_scanner(config: DetectConfig, secrets: Option<Arc<dyn SecretCheck>>) -> Self {
        Self {
            cfg: config,
            secrets,
            sessions: HashMap::new(),
            tasks: HashMap::new(),
            agents: HashMap::new(),
            pins: HashMap::new(),
        }
    }

    pub fn config(&self) -> &DetectConfig {
        &self.cfg
    }

    /// Tracked sessions, tasks and agents.
    pub fn tracked(&self) -> (usize, usize, usize) {
        (self.sessions.len(), self.tasks.len(), self.agents.len())
    }

    /// Approximate bytes of per-session state (excluding the map's own overhead).
    pub fn approx_session_bytes(&self, session: &SessionId) -> Option<usize> {
        self.sessions
            .get(session)
            .map(|s| s.approx_bytes() + session.as_str().len())
    }

    pub fn session_facts(&self, session: &SessionId) -> SessionFacts {
        self.sessions
            .get(session)
            .map(|s| SessionFacts {
                read_secret: s.read_secret,
                read_credential_store: s.read_credential_store,
                read_untrusted_instructions: s.tainted,
                denies: s.denies,
                calls: s.calls,
            })
            .unwrap_or_default()
    }

    /// Whether a call's targets trace only to untrusted content in this session (so policy can
    /// require approval before the call runs).
    pub fn target_provenance(&self, session: &SessionId, facts: &ActionFacts) -> Provenance {
        let Some(s) = self.sessions.get(session) else {
            return Provenance::default();
        };
        let (_, matched) = provenance_match(s, facts, &[]);
        Provenance {
            untrusted_only: !matched.is_empty(),
            matched,
        }
    }

    /// Accepts a server's current manifest as the new pin (after review of a
    /// `tool.manifest_changed` alert).
    pub fn approve_manifest(&mut self, server: &str) -> bool {
        match self.pins.get_mut(server) {
            Some(pin) => {
                if let Some((instr, tools, event)) = pin.latest.take() {
                    pin.instructions = instr;
                    pin.tools = tools;
                    pin.event = event;
                }
                pin.last_alerted = None;
                true
            }
            None => false,
        }
    }

    /// Drops state idle for longer than `idle_ttl_secs` before `now`.
    pub fn expire(&mut self, now: warden_core::Timestamp) {
        let cutoff = now.unix_nanos() - i128::from(self.cfg.idle_ttl_secs) * 1_000_000_000;
        self.sessions.retain(|_, s| s.last_seen >= cutoff);
        self.tasks.retain(|_, t| t.last_seen >= cutoff);
        self.agents.retain(|_, a| a.last_seen >= cutoff);
    }

    fn evict_oldest<K: Clone + Eq + std::hash::Hash, V>(
        map: &mut HashMap<K, V>,
        cap: usize,
        last_seen: impl Fn(&V) -> i128,
    ) {
        if map.len() < cap.max(1) {
            return;
        }
        // drop the least recently active sixteenth in one pass (amortized O(1) per insert)
        let drop = (cap / 16).max(1);
        let mut ages: Vec<(i128, K)> = map.iter().map(|(k, v)| (last_seen(v), k.clone())).collect();
        let n = drop.min(ages.len());
        if n == 0 {
            return;
        }
        ages.select_nth_unstable_by_key(n - 1, |(t, _)| *t);
        for (_, k) in ages.into_iter().take(n) {
            map.remove(&k);
        }
    }

    /// Observes one event; returns the alerts it completes.
    pub fn observe(&mut self, obs: &Observation) -> Vec<Alert> {
        let mut out = Vec::new();
        self.observe_into(obs, &mut out);
        out
    }

    /// Like `observe`, appending to a caller-owned buffer.
    pub fn observe_into(&mut self, obs: &Observation, out: &mut Vec<Alert>) {
        let now = obs.ts.unix_nanos();

        // ----- state lookup (sessions, tasks, agents), with caps
        if let Observed::SessionEnd = obs.what {
            // The state stays until idle expiry (or the session cap): an agent may resume the
            // same session id, and a call after the resume is judged with the session's history
            // (its taint, untrusted targets, secrets read). Idle time counts from the end.
            if let Some(s) = self.sessions.get_mut(&obs.session) {
                s.last_seen = now;
            }
            return;
        }
        if !self.sessions.contains_key(&obs.session) {
            Self::evict_oldest(&mut self.sessions, self.cfg.max_sessions, |s| s.last_seen);
            self.sessions
                .insert(obs.session.clone(), SessionState::new(now));
        }
        if !self.tasks.contains_key(&obs.task) {
            Self::evict_oldest(&mut self.tasks, self.cfg.max_tasks, |t| t.last_seen);
            self.tasks.insert(obs.task.clone(), TaskState::new(now));
        }
        if !self.agents.contains_key(&obs.agent) {
            Self::evict_oldest(&mut self.agents, self.cfg.max_tasks, |a| a.last_seen);
            self.agents.insert(obs.agent.clone(), AgentState::new(now));
        }

        // task declarations link sub-tasks to their root and chain scopes
        if let Observed::TaskDeclared { scope, parent, .. } = &obs.what {
            let (root, mut scopes) = match parent
                .as_ref()
                .and_then(|p| self.tasks.get(p).map(|t| (p, t)))
            {
                Some((p, pt)) => (
                    Some(pt.root.clone().unwrap_or_else(|| p.clone())),
                    pt.scopes.clone(),
                ),
                None => (parent.clone(), Vec::new()),
            };
            scopes.push(Arc::new(ScopeDecl {
                event: obs.event_id,
                scope: scope.clone(),
            }));
            if let Some(t) = self.tasks.get_mut(&obs.task) {
                t.root = root.filter(|r| *r != obs.task);
                t.scopes = scopes;
            }
        }
        let (root, scopes) = match self.tasks.get_mut(&obs.task) {
            Some(t) => {
                t.last_seen = now;
                (t.root.clone(), t.scopes.clone())
            }
            None => (None, Vec::new()),
        };
        // a task without a root is its own (and was inserted above)
        if let Some(r) = &root {
            if !self.tasks.contains_key(r) {
                self.tasks.insert(r.clone(), TaskState::new(now));
            }
        }
        let root_task = root.as_ref().unwrap_or(&obs.task);

        let Some(session) = self.sessions.get_mut(&obs.session) else {
            return;
        };
        let Some(task) = self.tasks.get_mut(root_task) else {
            return;
        };
        let Some(agent) = self.agents.get_mut(&obs.agent) else {
            return;
        };
        session.last_seen = now;
        task.last_seen = now;
        agent.last_seen = now;

        // ----- derived values and core state (session facts, provenance, denies, sensitive reads)
        let mut derived = Derived::default();
        let cfg = &self.cfg;
        match &obs.what {
            Observed::Prompt { text } => {
                if cfg.secret_exposure.enabled && cfg.secret_exposure.params.scan_prompts {
                    derived.secrets = find_secrets(self.secrets.as_deref(), text);
                }
                record_keys(session, text, obs.event_id, KeySource::Prompt);
                session.prov.lookup |= warden_analysis::redirect::asks_to_look_up(text);
                session.prov.adversarial = warden_analysis::text::frames_attack_text(text);
            }
            Observed::ModelOutput { text }
                if cfg.secret_exposure.enabled && cfg.secret_exposure.params.scan_model_output =>
            {
                derived.secrets = find_secrets(self.secrets.as_deref(), text);
            }
            Observed::ToolCall {
                tool,
                args,
                facts,
                tool_use_id,
            } => {
                session.calls += 1;
                task.calls_total += 1;
                let sig = Arc::new(intent_signature(facts, args));
                derived.sig = Some(sig.clone());
                derived.args = args_hash(&tool.name, args);
                let trusted_file = facts.read_paths.iter().any(|p| {
                    let base = p.rsplit('/').next().unwrap_or(p);
                    cfg.injection_untrusted_instruction
                        .params
                        .trusted_instruction_files
                        .iter()
                        .any(|f| f.eq_ignore_ascii_case(base))
                });
                let pointed = user_pointed(session, facts);
                let asked_for = pointed || names_pointed_host(session, facts);
                let lane = obs.subagent.as_deref().map(key_hash).unwrap_or(0);
                refuse_unanswered(cfg, session, task, lane);
                push_bounded(
                    &mut session.recent,
                    RecentCall {
                        event: obs.event_id,
                        tool_use: tool_use_id.as_deref().map(key_hash).unwrap_or(0),
                        tool: key_hash(&tool.name),
                        args: derived.args,
                        sig: Some(sig),
                        trusted_instruction_file: trusted_file,
                        user_pointed: pointed,
                        local_read: asked_for
                            || (tool.server.is_none() && !facts.has(Flag::Egress)),
                        external_read: !asked_for && external_read(tool, facts),
                        ts: now,
                        lane,
                        answered: false,
                        refused: false,
                        gated: gated_call(facts),
                        script: script_read(facts),
                        credential_store: facts.has(Flag::CredentialStoreRead),
                    },
                    MAX_RECENT,
                );
                record_data_files(task, obs.event_id, facts, args);
                if facts.has(Flag::CredentialStoreRead) {
                    session.read_credential_store = true;
                    push_sensitive(task, obs.event_id, "a credential-store read");
                } else if !cfg
                    .exfil_sensitive_to_egress
                    .params
                    .sensitive_paths
                    .is_empty()
                    && facts.read_paths.iter().any(|p| {
                        cfg.exfil_sensitive_to_egress
                            .params
                            .sensitive_paths
                            .iter()
                            .any(|g| glob_match(g, p))
                    })
                {
                    push_sensitive(task, obs.event_id, "a labelled sensitive file");
                }
                if hijack_candidate(facts) {
                    let (mut events, mut matched) =
                        provenance_match(session, facts, &content_hosts(args, facts));
                    external_destinations(session, facts, args, &mut events, &mut matched);
                    if !matched.is_empty() {
                        derived.hijack = Some((events, matched));
                    }
                }
            }
            Observed::ToolResult {
                tool,
                text,
                tool_use_id,
                ..
            } => {
                if let Some(t) = tool_use_id.as_deref() {
                    // a call held for approval that produced a result was approved and ran
                    let h = key_hash(t);
                    task.denied
                        .retain(|d| d.pending_tool_use.is_none_or(|p| p == 0 || p != h));
                }
                let tool_use = tool_use_id.as_deref().map(key_hash);
                // the call this result answers: by its tool-use id, or (agents that send none,
                // such as Cursor's shell hooks) the oldest unanswered call of the same tool
                let answered = answering_call(session, tool_use, key_hash(&tool.name));
                let script = mark_answered(session, tool_use, key_hash(&tool.name));
                if script != 0 {
                    remember_dangerous_script(session, script, obs.event_id, text);
                }
                let from = answered.and_then(|i| session.recent.get(i));
                derived.answered_args = from.map(|c| c.args);
                derived.trusted_instruction_file = from.is_some_and(|c| c.trusted_instruction_file);
                derived.expected_attack_text =
                    session.prov.adversarial && from.is_some_and(|c| c.local_read);
                let pointed = from.is_some_and(|c| c.user_pointed);
                let listed = listed_folders(from.and_then(|c| c.sig.as_deref()));
                if !listed.is_empty() && lists_data_files(text) {
                    for folder in listed {
                        remember_data_file(task, key_hash(&folder), obs.event_id);
                    }
                }
                let credential_store = from.is_some_and(|c| c.credential_store);
                // a result no call is known for (Cursor's MCP after-hooks omit what pairs them)
                // is external when a server produced it
                let external = from.map_or(tool.server.is_some(), |c| c.external_read);
                content(
                    cfg,
                    self.secrets.as_deref(),
                    obs,
                    text,
                    (pointed, external),
                    session,
                    task,
                    &mut derived,
                );
                if credential_store && derived.secrets.is_empty() {
                    credential_store_values(cfg, obs, text, session, task, &mut derived);
                }
            }
            Observed::Resource { text, .. } => {
                content(
                    cfg,
                    self.secrets.as_deref(),
                    obs,
                    text,
                    (false, true),
                    session,
                    task,
                    &mut derived,
                );
            }
            Observed::Decision { call_event, .. }
                if obs.what.is_denied() || obs.what.needs_approval() =>
            {
                let denied = obs.what.is_denied();
                if denied {
                    session.denies += 1;
                    // a denied call never ran: it is no longer a sensitive source
                    task.sensitive.retain(|(e, _)| e != call_event);
                }
                // a call held for approval counts as refused for `probe.retry_after_deny` until
                // its result shows it ran (approved): trying the same action another way
                // meanwhile routes around the reviewer
                if let Some(call) = session
                    .recent
                    .iter_mut()
                    .rev()
                    .find(|c| c.event == *call_event)
                {
                    call.refused = true;
                    if let Some(sig) = &call.sig {
                        let max = cfg.probe_retry_after_deny.params.max_denied;
                        push_bounded(
                            &mut task.denied,
                            Denied {
                                call: *call_event,
                                decision: obs.event_id,
                                ts: now,
                                tool: call.tool,
                                args: call.args,
                                sig: sig.clone(),
                                pending_tool_use: (!denied).then_some(call.tool_use),
                            },
                            max,
                        );
                    }
                }
            }
            Observed::TaskEnded { revoked } => {
                task.ended = Some(obs.event_id);
                task.revoked |= *revoked;
            }
            Observed::Usage {
                input_tokens,
                output_tokens,
                cost_usd,
            } => {
                task.tokens = task
                    .tokens
                    .saturating_add(input_tokens.saturating_add(*output_tokens));
                if cost_usd.is_finite() && *cost_usd > 0.0 {
                    task.spend_usd += cost_usd;
                }
            }
            _ => {}
        }

        let mut ctx = Ctx {
            obs,
            cfg: &self.cfg,
            now,
            session,
            task,
            root_task,
            agent,
            scopes: &scopes,
            derived: &derived,
            pins: &mut self.pins,
            max_servers: self.cfg.max_servers,
            out,
        };
        detectors::run_all(&mut ctx);
    }
}

/// Remembers the files of this call that hold bulk data: data stores, exports and dumps it
/// reads, writes or produces (by extension), and files it writes with personal records in
/// them (a users-table sample saved before it is pasted somewhere).
fn record_data_files(task: &mut TaskState, event: EventId, facts: &ActionFacts, args: &Value) {
    if facts.has(Flag::Egress) {
        return;
    }
    let mut add = |p: &str| remember_data_file(task, key_hash(p), event);
    for p in facts.targets.paths.iter().filter(|p| is_data_file(p)) {
        add(p);
    }
    if !facts.write_paths.is_empty() && args_carry_personal_records(args) {
        for p in &facts.write_paths {
            add(p);
        }
    }
}

fn remember_data_file(task: &mut TaskState, h: u64, event: EventId) {
    if !task.data_files.iter().any(|(x, _)| *x == h) {
        if task.data_files.len() >= 16 {
            task.data_files.remove(0);
        }
        task.data_files.push((h, event));
    }
}

/// The folders a read call looked into (paths whose last part has no extension): when its
/// result lists data files, the folder holds bulk data, and shipping the folder ships them.
fn listed_folders(sig: Option<&IntentSignature>) -> Vec<String> {
    let Some(sig) = sig.filter(|s| s.action == IntentAction::Read) else {
        return Vec::new();
    };
    sig.objects
        .iter()
        .filter(|o| o.starts_with('/') || o.starts_with('.') || o.starts_with('~'))
        .filter(|o| {
            let base = o.trim_end_matches('/').rsplit('/').next().unwrap_or(o);
            !base.contains('.') || base == "." || base == ".."
        })
        .take(4)
        .cloned()
        .collect()
}

/// Whether a result reads like a listing with data files in it: some line's last field (the
/// name, in `ls -l`, `find` or `dir` output) is a data file.
fn lists_data_files(text: &str) -> bool {
    text.lines().take(500).any(|l| {
        l.split_whitespace()
            .last()
            .is_some_and(|name| name.len() <= 256 && is_data_file(name))
    })
}

/// Whether any string in the arguments carries records of people in bulk.
pub(crate) fn args_carry_personal_records(args: &Value) -> bool {
    let mut found = false;
    visit_strings(args, 0, &mut |s| {
        found = found || (s.len() >= 24 && has_personal_records(s));
    });
    found
}

/// A call an agent's own permission prompt would stop: it sends, deletes, grants, runs remote or
/// dangerous code, tampers with oversight, reads credentials or otherwise changes something.
fn gated_call(facts: &ActionFacts) -> bool {
    [
        Flag::Egress,
        Flag::Destructive,
        Flag::PrivilegeEscalation,
        Flag::DangerousCommand,
        Flag::RemoteCode,
        Flag::OversightTamper,
        Flag::CredentialStoreRead,
        Flag::SideEffect,
    ]
    .iter()
    .any(|f| facts.has(*f))
}

/// Marks the call a result answers as having run: by the agent's call id, or (agents that send
/// none) the oldest unanswered call of the same tool.
/// Returns the script file name hash the call read, if it read one.
/// Where in the recent calls is the call a result answers (see [`mark_answered`]).
fn answering_call(session: &SessionState, tool_use: Option<u64>, tool: u64) -> Option<usize> {
    match tool_use {
        Some(h) => session.recent.iter().rposition(|c| c.tool_use == h),
        None => session
            .recent
            .iter()
            .position(|c| c.tool_use == 0 && c.tool == tool && !c.answered),
    }
}

fn mark_answered(session: &mut SessionState, tool_use: Option<u64>, tool: u64) -> u64 {
    let call = match tool_use {
        Some(h) => session
            .recent
            .iter_mut()
            .rev()
            .find(|c| c.tool_use == h && !c.answered),
        None => session
            .recent
            .iter_mut()
            .find(|c| c.tool_use == 0 && c.tool == tool && !c.answered),
    };
    match call {
        Some(c) => {
            c.answered = true;
            c.script
        }
        None => 0,
    }
}

/// File names of shell scripts (by extension): what a read of one returns is code to check.
const SCRIPT_EXTS: &[&str] = &[".sh", ".bash", ".zsh", ".command", ".ps1", ".bat", ".cmd"];

/// The file-name hash of the one shell script a call reads (0 when it reads none or several).
fn script_read(facts: &ActionFacts) -> u64 {
    if facts.read_paths.len() != 1 {
        return 0;
    }
    facts
        .read_paths
        .iter()
        .next()
        .map(|p| p.rsplit('/').next().unwrap_or(p))
        .filter(|base| {
            let lower = base.to_ascii_lowercase();
            SCRIPT_EXTS.iter().any(|e| lower.ends_with(e))
        })
        .map_or(0, key_hash)
}

/// Reads a script's text as a shell command: if it is dangerous (downloads and runs code, opens
/// a remote shell, wipes data), running that script later is dangerous too, whatever its name.
fn remember_dangerous_script(session: &mut SessionState, script: u64, event: EventId, text: &str) {
    if session.dangerous_scripts.len() >= 8
        || session
            .dangerous_scripts
            .iter()
            .any(|(h, _, _)| *h == script)
    {
        return;
    }
    let code = &text[..warden_analysis::text::floor_char_boundary(text, 16 * 1024)];
    let facts = warden_analysis::analyze_call(
        &warden_analysis::ToolRef::parse("Bash"),
        &serde_json::json!({ "command": code }),
        None,
        &warden_analysis::Overrides::default(),
    );
    let why = facts
        .reasons_for(Flag::RemoteCode)
        .chain(facts.reasons_for(Flag::DangerousCommand))
        .next()
        .map(str::to_owned);
    if let Some(why) = why {
        session.dangerous_scripts.push((script, event, why));
    }
}

/// A refusal Warden never saw: the agent's own permission prompt (or its user) refused a call,
/// which shows as a gated call whose result never came before the same agent's next call.
/// That call joins the task's refused list (with itself as the decision), so trying the same
/// action another way next is a probe like after a Warden deny. Only the lane's latest call
/// counts: an agent that runs calls in parallel sends several before their results. A result
/// that arrives late (the call ran after all) removes it again, like an approved hold.
fn refuse_unanswered(
    cfg: &DetectConfig,
    session: &mut SessionState,
    task: &mut TaskState,
    lane: u64,
) {
    let Some(last) = session.recent.iter_mut().rev().find(|c| c.lane == lane) else {
        return;
    };
    if last.answered || last.refused || !last.gated {
        return;
    }
    last.refused = true;
    let Some(sig) = last.sig.clone() else {
        return;
    };
    push_bounded(
        &mut task.denied,
        Denied {
            call: last.event,
            decision: last.event,
            ts: last.ts,
            tool: last.tool,
            args: last.args,
            sig,
            pending_tool_use: Some(last.tool_use),
        },
        cfg.probe_retry_after_deny.params.max_denied,
    );
}

/// Secrets in a text: the configured checker's matches, plus the built-in rules' matches that
/// none of them overlaps (the built-ins include structural checks a pattern scanner cannot
/// express, such as a registry `auth` value that decodes to `user:password`). Without a
/// configured checker, the built-in rules alone (scanned once).
fn find_secrets(
    secrets: Option<&dyn SecretCheck>,
    text: &str,
) -> Vec<warden_analysis::SecretMatch> {
    let builtin = BuiltinSecrets.find(text);
    let mut out = match secrets {
        Some(scanner) => {
            let mut out = scanner.find(text);
            for m in builtin {
                if !out.iter().any(|o| o.start < m.end && m.start < o.end) {
                    out.push(m);
                }
            }
            out
        }
        None => builtin,
    };
    // documentation examples and placeholders are not exposures, whichever scanner found them
    out.retain(|m| {
        text.get(m.start..m.end)
            .is_none_or(|v| !warden_analysis::secrets::example_value(v))
    });
    out.sort_by_key(|m| m.start);
    out
}

/// The result of a credential-store read is the store's content: a credential-shaped value in
/// it (a keychain item's data, a decrypted parameter, a decoded registry `auth`) is a secret
/// even when no vendor pattern names it.
fn credential_store_values(
    cfg: &DetectConfig,
    obs: &Observation,
    text: &str,
    session: &mut SessionState,
    task: &mut TaskState,
    derived: &mut Derived,
) {
    if !(cfg.secret_exposure.enabled && cfg.secret_exposure.params.scan_tool_results
        || cfg.exfil_sensitive_to_egress.enabled)
    {
        return;
    }
    derived.secrets = warden_analysis::secrets::credential_values(text);
    if !derived.secrets.is_empty() {
        session.read_secret = true;
        push_sensitive(task, obs.event_id, "a secret in a tool result");
    }
}

/// Untrusted-or-trusted content (tool results, resources).
#[allow(clippy::too_many_arguments)]
fn content(
    cfg: &DetectConfig,
    secrets: Option<&dyn SecretCheck>,
    obs: &Observation,
    text: &str,
    (user_pointed, external): (bool, bool),
    session: &mut SessionState,
    task: &mut TaskState,
    derived: &mut Derived,
) {
    {
        if cfg.secret_exposure.enabled && cfg.secret_exposure.params.scan_tool_results
            || cfg.exfil_sensitive_to_egress.enabled
        {
            derived.secrets = find_secrets(secrets, text);
            if !derived.secrets.is_empty() {
                session.read_secret = true;
                push_sensitive(task, obs.event_id, "a secret in a tool result");
            }
        }
        let finding = instruction_score(text);
        let untrusted = finding.is_instruction
            && finding.score >= cfg.injection_untrusted_instruction.params.threshold
            && !derived.trusted_instruction_file;
        if untrusted {
            session.tainted = true;
            if session.taint_events.len() < 16 {
                session.taint_events.push(obs.event_id);
            }
            // only the passages that carry the instructions name untrusted targets; the rest
            // of the text (other comments in a thread, the invoice above a forged note) is
            // third-party content like any other
            let (passages, rest) = instruction_passages(text);
            for passage in &passages {
                let untrusted = &mut session.prov.untrusted;
                visit_keys_decoded(passage, &mut |k| {
                    let h = key_hash(k);
                    if untrusted.len() < MAX_UNTRUSTED && !untrusted.iter().any(|(x, _)| *x == h) {
                        untrusted.push((h, obs.event_id));
                    }
                });
                let t = &mut session.prov.untrusted_text;
                if t.len() < MAX_UNTRUSTED_TEXT {
                    let clean: String = passage
                        .chars()
                        .filter(|c| !warden_analysis::text::is_invisible(*c))
                        .collect();
                    t.push('\n');
                    t.push_str(&clean.split_whitespace().collect::<Vec<_>>().join(" "));
                    // what the passage hides (tag characters, encoded blobs) can be copied too
                    let smuggled = warden_analysis::text::decode_tag_chars(passage);
                    for hidden in std::iter::once(smuggled)
                        .chain(warden_analysis::text::decoded_blobs(passage))
                        .filter(|h| !h.is_empty())
                    {
                        if t.len() < MAX_UNTRUSTED_TEXT {
                            t.push('\n');
                            t.push_str(&hidden.split_whitespace().collect::<Vec<_>>().join(" "));
                        }
                    }
                    if session.prov.untrusted_text_events.len() < 16 {
                        session.prov.untrusted_text_events.push(obs.event_id);
                    }
                }
            }
            if let Some(rest) = rest {
                record_keys(
                    session,
                    &rest,
                    obs.event_id,
                    KeySource::Content {
                        trusted: false,
                        user_pointed,
                        external,
                    },
                );
            }
        } else {
            // passages that redirect an action ("use this IBAN from now on") name untrusted
            // targets, unless the user pointed at this very file
            let redirects = if user_pointed {
                Vec::new()
            } else {
                warden_analysis::redirect::redirect_passages(text)
            };
            if redirects.is_empty() {
                record_keys(
                    session,
                    text,
                    obs.event_id,
                    KeySource::Content {
                        trusted: true,
                        user_pointed,
                        external,
                    },
                );
            } else {
                let untrusted = &mut session.prov.untrusted;
                for passage in &redirects {
                    visit_keys_clean(passage, &mut |k| {
                        let h = key_hash(k);
                        if untrusted.len() < MAX_UNTRUSTED
                            && !untrusted.iter().any(|(x, _)| *x == h)
                        {
                            untrusted.push((h, obs.event_id));
                        }
                    });
                }
                let rest: String = text
                    .lines()
                    .filter(|l| !redirects.contains(l))
                    .collect::<Vec<_>>()
                    .join("\n");
                record_keys(
                    session,
                    &rest,
                    obs.event_id,
                    KeySource::Content {
                        trusted: true,
                        user_pointed,
                        external,
                    },
                );
            }
        }
        derived.finding = Some(finding);
    }
}

/// Candidate keys of a text, and of the same text with invisible characters removed (words
/// split by zero-width characters).
fn visit_keys_clean(text: &str, emit: &mut dyn FnMut(&str)) {
    visit_candidate_keys(text, emit);
    if warden_analysis::text::count_invisible(text) > 0 {
        let clean: String = text
            .chars()
            .filter(|c| !warden_analysis::text::is_invisible(*c))
            .collect();
        visit_candidate_keys(&clean, emit);
    }
}

/// Candidate keys of instruction-carrying text, including what it hides: ASCII smuggled in
/// Unicode tag characters and base64/hex blobs that decode to text (bounded by the analysis).
fn visit_keys_decoded(text: &str, emit: &mut dyn FnMut(&str)) {
    visit_keys_clean(text, emit);
    if warden_analysis::text::count_invisible(text) > 0 {
        let smuggled = warden_analysis::text::decode_tag_chars(text);
        if !smuggled.is_empty() {
            visit_candidate_keys(&smuggled, emit);
        }
    }
    for decoded in warden_analysis::text::decoded_blobs(text) {
        visit_candidate_keys(&decoded, emit);
    }
}

/// Splits instruction-carrying text into the passages that carry cues (a cue line and the two
/// lines after it) and the rest. Falls back to the whole text when no single line carries a cue
/// (cues split across lines, smuggled characters) or the text is long.
fn instruction_passages(text: &str) -> (Vec<String>, Option<String>) {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() < 3 || lines.len() > 400 {
        return (vec![text.to_owned()], None);
    }
    let cue_lines: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.len() >= 8 && !instruction_score(l).cues.is_empty())
        .map(|(i, _)| i)
        .collect();
    if cue_lines.is_empty() {
        return (vec![text.to_owned()], None);
    }
    let mut keep = vec![false; lines.len()];
    // a cue line, the line before it and the three after (an order often sits between an
    // address and a trailing "don't mention this" line)
    for i in cue_lines {
        for k in keep.iter_mut().skip(i.saturating_sub(1)).take(5) {
            *k = true;
        }
    }
    let mut passages = Vec::new();
    let mut rest = String::new();
    let mut cur = String::new();
    for (l, k) in lines.iter().zip(&keep) {
        if *k {
            cur.push_str(l);
            cur.push('\n');
        } else {
            if !cur.is_empty() {
                passages.push(std::mem::take(&mut cur));
            }
            rest.push_str(l);
            rest.push('\n');
        }
    }
    if !cur.is_empty() {
        passages.push(cur);
    }
    (passages, (!rest.is_empty()).then_some(rest))
}

/// Whether a call could act on a target someone else chose: it has effects, sends, writes a
/// file, or runs a dangerous command.
fn hijack_candidate(facts: &ActionFacts) -> bool {
    facts.has(Flag::SideEffect)
        || facts.has(Flag::Egress)
        || facts.has(Flag::DangerousCommand)
        || facts.has(Flag::RemoteCode)
        || !facts.write_paths.is_empty()
}

/// Whether a call reads a file the user named in a prompt (by file name, or by the folder it
/// sits in).
/// Whether a call fetches a host the user's prompt named (a page they asked to read).
fn names_pointed_host(session: &SessionState, facts: &ActionFacts) -> bool {
    session.prov.prompt.len > 0
        && facts
            .targets
            .hosts
            .iter()
            .any(|h| session.prov.prompt.contains(key_hash(h)))
}

fn user_pointed(session: &SessionState, facts: &ActionFacts) -> bool {
    if session.prov.prompt.len == 0 {
        return false;
    }
    facts.read_paths.iter().any(|p| {
        let mut parts = p.trim_end_matches('/').rsplit('/');
        let base = parts.next().unwrap_or("");
        let parent = parts.next().unwrap_or("");
        [base, parent]
            .iter()
            .any(|c| c.len() >= 3 && session.prov.prompt.contains(key_hash(c)))
    })
}

/// Authors of content (`From:`, `"from":`, sender, organizer, reporter): answering them is
/// traceable to the request that led the agent to their message.
fn author_emails(text: &str, emit: &mut dyn FnMut(&str)) {
    let lower = text.to_ascii_lowercase();
    for field in [
        "from",
        "sender",
        "organizer",
        "author",
        "reporter",
        "opened by",
    ] {
        let mut at = 0;
        while let Some(i) = lower[at..].find(field) {
            let start = at + i;
            at = start + field.len();
            let boundary_before =
                start == 0 || !lower.as_bytes()[start - 1].is_ascii_alphanumeric();
            let after = &lower[at..];
            let sep = after.trim_start_matches(['"', '\'', ' ']);
            if !boundary_before || !(sep.starts_with(':') || sep.starts_with('=')) {
                continue;
            }
            let end = after.find(['\n', ',', '}']).unwrap_or(after.len()).min(160);
            let mut end = end;
            while !after.is_char_boundary(end) {
                end -= 1;
            }
            for tok in after[..end].split(|c: char| {
                c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ':' | '(' | ')')
            }) {
                if let Some(e) = warden_analysis::text::as_email(tok) {
                    emit(&e);
                }
            }
            if at >= lower.len() {
                break;
            }
        }
    }
}

/// Where the keys of a text come from.
#[derive(Clone, Copy)]
enum KeySource {
    /// The user's prompt: trusted, vouched for by the user, and naming the files they point at.
    Prompt,
    /// Third-party content (tool results, resources). `trusted` when it carries no instructions
    /// (its keys then never count as untrusted-only); `user_pointed` when the user named the
    /// file it came from (it vouches for its keys); `external` when it was fetched from outside
    /// (its keys' first appearance makes them candidates for a hijacked destination).
    Content {
        trusted: bool,
        user_pointed: bool,
        external: bool,
    },
}

/// Records the keys a text names, in one pass over it: as trusted, as vouched for by the user
/// (prompts, files the user pointed at, content read after a look-up request, authors of what
/// the agent read) and otherwise as third-party keys, candidates for `hijack.untrusted_target`
/// when a payment account or a recipient is taken from them.
fn record_keys(session: &mut SessionState, text: &str, event: EventId, source: KeySource) {
    let prov = &mut session.prov;
    let (trusted, vouched, prompt, external) = match source {
        KeySource::Prompt => (true, true, true, false),
        KeySource::Content {
            trusted,
            user_pointed,
            external,
        } => (trusted, user_pointed || prov.lookup, false, external),
    };
    let third_party = !vouched;
    if third_party {
        author_emails(text, &mut |e| {
            if prov.user.len < MAX_TRUSTED {
                prov.user.insert(key_hash(e));
            }
        });
    }
    let trusted = trusted && prov.trusted.len < MAX_TRUSTED;
    let vouched = vouched && prov.user.len < MAX_TRUSTED;
    if !(trusted || vouched || third_party) {
        return;
    }
    visit_candidate_keys(text, &mut |k| {
        let h = key_hash(k);
        if trusted && prov.trusted.len < MAX_TRUSTED {
            prov.trusted.insert(h);
        }
        if vouched {
            prov.user.insert(h);
            if prompt {
                prov.prompt.insert(h);
            }
        }
        if third_party {
            // first seen here, fetched from outside, never given by the user
            if external && !prov.user.contains(h) && !prov.third_party.iter().any(|(x, _)| *x == h)
            {
                push_third_party(&mut prov.external, h, event);
            }
            push_third_party(&mut prov.third_party, h, event);
        }
    });
    // words split by zero-width characters name third-party keys too
    if third_party && warden_analysis::text::count_invisible(text) > 0 {
        let clean: String = text
            .chars()
            .filter(|c| !warden_analysis::text::is_invisible(*c))
            .collect();
        visit_candidate_keys(&clean, &mut |k| {
            push_third_party(&mut prov.third_party, key_hash(k), event)
        });
    }
}

fn push_third_party(third: &mut Vec<(u64, EventId)>, h: u64, event: EventId) {
    if third.len() < MAX_THIRD_PARTY && !third.iter().any(|(x, _)| *x == h) {
        third.push((h, event));
    }
}

fn push_sensitive(task: &mut TaskState, event: EventId, what: &'static str) {
    if task.sensitive.len() >= 16 {
        task.sensitive.remove(0);
    }
    task.sensitive.push((event, what));
}

/// The call's target keys that appear in untrusted content but not in trusted content; its
/// recipients and payment accounts that appear only in third-party content (never named by the
/// user, a file the user pointed at, or as the author of what the agent read); and a command
/// copied verbatim from instruction-carrying text.
fn provenance_match(
    s: &SessionState,
    facts: &ActionFacts,
    content_hosts: &[String],
) -> (Vec<EventId>, Vec<String>) {
    let mut events = Vec::new();
    let mut matched = Vec::new();
    let t = &facts.targets;
    if facts.has(Flag::SideEffect) || facts.has(Flag::Egress) {
        for k in t.emails.iter().chain(t.accounts.iter()) {
            let k = k.to_ascii_lowercase();
            let h = key_hash(&k);
            if s.prov.user.contains(h) {
                continue;
            }
            if let Some((_, ev)) = s.prov.third_party.iter().find(|(x, _)| *x == h) {
                if !events.contains(ev) {
                    events.push(*ev);
                }
                if matched.len() < 8 && !matched.contains(&k) {
                    matched.push(k);
                }
            }
        }
    }
    if let Some(cmd) = facts.command_line.as_deref() {
        if cmd.len() >= 16
            && !s.prov.untrusted_text.is_empty()
            && s.prov.untrusted_text.contains(cmd)
        {
            for ev in &s.prov.untrusted_text_events {
                if !events.contains(ev) {
                    events.push(*ev);
                }
            }
            let short: String = cmd.chars().take(60).collect();
            matched.push(format!("command `{short}`"));
        }
    }
    if s.prov.untrusted.is_empty() {
        return (events, matched);
    }
    // a host is traced by its parent domains too (`<data>.v.attacker.example`), and a message
    // or payload that carries a link names that link's host
    let hosts: Vec<String> = t
        .hosts
        .iter()
        .chain(content_hosts.iter())
        .flat_map(|h| parent_domains(&h.to_ascii_lowercase()))
        .collect();
    let keys = t
        .emails
        .iter()
        .chain(t.accounts.iter())
        .chain(t.usernames.iter())
        .map(|k| k.to_ascii_lowercase())
        .chain(hosts)
        // a write that weakens oversight is `oversight.bypass`'s finding, not a hijack
        .chain(
            facts
                .write_paths
                .iter()
                .filter(|_| !facts.has(Flag::OversightTamper))
                .filter_map(|p| path_key(p)),
        );
    for k in keys {
        let h = key_hash(&k);
        if s.prov.trusted.contains(h) {
            continue;
        }
        if let Some((_, ev)) = s.prov.untrusted.iter().find(|(x, _)| *x == h) {
            if !events.contains(ev) {
                events.push(*ev);
            }
            if matched.len() < 8 && !matched.contains(&k) {
                matched.push(k);
            }
        }
    }
    (events, matched)
}

/// Whether a call only fetches content from outside (an MCP server, a page, an API) without
/// changing anything: what it returns is third-party content.
fn external_read(tool: &ToolRef, facts: &ActionFacts) -> bool {
    // an egress flag alone does not make it an action: a read addressed to a channel or a
    // recipient is classed as sending; what the agent changes or runs answers its own action
    let acts = matches!(facts.effect, Effect::Write | Effect::Execute)
        || [
            Flag::Destructive,
            Flag::PrivilegeEscalation,
            Flag::DangerousCommand,
            Flag::RemoteCode,
            Flag::OversightTamper,
        ]
        .iter()
        .any(|f| facts.has(*f));
    !acts
        && facts.write_paths.is_empty()
        && (tool.server.is_some() || !facts.targets.hosts.is_empty())
}

/// The call's destinations (see [`destinations`]) whose first appearance in the session was
/// content fetched from outside and that the user never gave: a repository remote, an image
/// registry, a redirect URI, a replication bucket, a payment method or a folder to delete that
/// a web page, mail, issue or document named. Values the user gave, content the user pointed
/// at or asked to look a target up in, the repository's own files and the answers to the
/// agent's own actions never make a value external.
fn external_destinations(
    s: &SessionState,
    facts: &ActionFacts,
    args: &Value,
    events: &mut Vec<EventId>,
    matched: &mut Vec<String>,
) {
    if s.prov.external.is_empty() && s.prov.untrusted.is_empty() {
        return;
    }
    let mut keys: Vec<String> = Vec::new();
    if facts.has(Flag::SideEffect) || facts.has(Flag::Egress) {
        keys.extend(facts.targets.hosts.iter().map(|h| h.to_ascii_lowercase()));
        keys.extend(destinations::arg_destinations(args));
        if facts.has(Flag::PrivilegeEscalation) {
            keys.extend(
                facts
                    .targets
                    .usernames
                    .iter()
                    .map(|u| u.to_ascii_lowercase()),
            );
        }
    }
    if !facts.write_paths.is_empty() && !facts.has(Flag::OversightTamper) {
        let paths: Vec<&String> = facts.write_paths.iter().collect();
        keys.extend(destinations::written_hosts(args, &paths));
    }
    // deleting agent settings or hooks is `oversight.bypass`'s finding
    if facts.has(Flag::Destructive) && !facts.has(Flag::OversightTamper) {
        keys.extend(
            facts
                .write_paths
                .iter()
                .chain(facts.targets.paths.iter())
                .filter_map(|p| path_key(p)),
        );
    }
    for k in keys {
        // a host is given by the user when the user named it or one of its parent domains
        let forms = if k.contains('.') && !k.contains('/') {
            parent_domains(&k)
        } else {
            vec![k.clone()]
        };
        if forms.iter().any(|f| s.prov.user.contains(key_hash(f))) {
            continue;
        }
        // first seen outside, or named by a passage that instructs or redirects (and by no
        // content without one)
        let first = forms.iter().find_map(|f| {
            let h = key_hash(f);
            s.prov.external.iter().find(|(x, _)| *x == h).or_else(|| {
                (!s.prov.trusted.contains(h))
                    .then(|| s.prov.untrusted.iter().find(|(x, _)| *x == h))
                    .flatten()
            })
        });
        if let Some((_, ev)) = first {
            if !events.contains(ev) {
                events.push(*ev);
            }
            if matched.len() < 8 && !matched.contains(&k) {
                matched.push(k);
            }
        }
    }
}

/// A host and its parent domains of at least two labels (`a.b.example.com` → itself,
/// `b.example.com`, `example.com`), at most four.
fn parent_domains(h: &str) -> Vec<String> {
    let mut out = vec![h.to_owned()];
    let mut rest = h;
    while let Some((_, parent)) = rest.split_once('.') {
        if !parent.contains('.') || out.len() >= 4 {
            break;
        }
        out.push(parent.to_owned());
        rest = parent;
    }
    out
}

/// Hosts of the links and the addresses inside a side-effecting call's arguments (a message
/// body, a post's text, a key's comment), beyond what the call itself targets (bounded).
fn content_hosts(args: &Value, facts: &ActionFacts) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>, budget: &mut usize) {
        match v {
            Value::String(s) if *budget > 0 => {
                *budget = budget.saturating_sub(s.len());
                for u in warden_analysis::text::find_urls(s) {
                    if let Some(h) = warden_analysis::text::url_host(&u) {
                        if out.len() < 16 && !out.contains(&h) {
                            out.push(h);
                        }
                    }
                }
                // an address carried in the payload (a key comment `ops@mirror.example`)
                for tok in s.split(|c: char| c.is_whitespace() || "'\"<>(),;".contains(c)) {
                    if let Some(e) = warden_analysis::text::as_email(tok) {
                        if out.len() < 16 && !out.contains(&e) {
                            out.push(e);
                        }
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out, budget)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out, budget)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if facts.has(Flag::SideEffect) || facts.has(Flag::Egress) {
        walk(args, &mut out, &mut (64 * 1024));
        out.retain(|h| !facts.targets.hosts.contains(h));
    }
    out
}

/// Hash of a call's normalized arguments (keys sorted; whitespace of shell commands collapsed;
/// volatile fields such as Bash's `description` and `timeout` ignored).
pub(crate) fn args_hash(tool: &str, args: &Value) -> u64 {
    fn mix(h: &mut u64, b: &[u8]) {
        for x in b {
            *h ^= u64::from(*x);
            *h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn walk(v: &Value, h: &mut u64, skip_volatile: bool) {
        match v {
            Value::Null => mix(h, b"n"),
            Value::Bool(b) => mix(h, if *b { b"t" } else { b"f" }),
            Value::Number(n) => mix(h, n.to_string().as_bytes()),
            Value::String(s) => {
                mix(h, b"s");
                for w in s.split_whitespace() {
                    mix(h, w.as_bytes());
                    mix(h, b" ");
                }
            }
            Value::Array(a) => {
                mix(h, b"[");
                for x in a {
                    walk(x, h, false);
                }
                mix(h, b"]");
            }
            Value::Object(o) => {
                mix(h, b"{");
                {
                    let mut entry = |k: &String, x: &Value| {
                        if skip_volatile
                            && matches!(k.as_str(), "description" | "timeout" | "run_in_background")
                        {
                            return;
                        }
                        mix(h, k.as_bytes());
                        walk(x, h, false);
                    };
                    // in key order: serde_json's map is sorted unless insertion order is kept
                    if o.keys().is_sorted() {
                        o.iter().for_each(|(k, x)| entry(k, x));
                    } else {
                        let mut sorted: Vec<(&String, &Value)> = o.iter().collect();
                        sorted.sort_by_key(|(k, _)| *k);
                        sorted.into_iter().for_each(|(k, x)| entry(k, x));
                    }
                }
                mix(h, b"}");
            }
        }
    }
    let mut h = key_hash(tool);
    walk(args, &mut h, matches!(tool, "Bash" | "Task"));
    h
}
