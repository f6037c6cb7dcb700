//! The decide stage: a tool call's facts, its task and its session in; a verdict and the body
//! of the decision record out. One function for every source.
//!
//! The gateway derives every fact (policy is stateless): what the call does and acts on
//! (`warden-analysis`), whether it is within the task's declared scope, and what already
//! happened in the session (supplied by the detection engine). Fails closed: in enforce mode a
//! missing policy set, a request that cannot be built, or any evaluation error denies with a
//! reason that says what to do; observe mode allows and records what enforce would have said.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::{json, Value};
use warden_analysis::scope::{destination_in_scope, resource_in_scope, server_in_scope};
use warden_analysis::{analyze_call_in, ActionFacts, CallContext, Overrides, ToolRef};
use warden_core::{EventMeta, Outcome, Timestamp, Verdict};
use warden_policy as policy;
use warden_policy::{PolicyRequest, SharedEngine};

use crate::config::Mode;
use crate::pipeline::{apply_mode, decision_body};
use crate::tasks::{list_allows, Scope, TaskSpec};

/// What the source adapter knows about the call.
#[derive(Clone, Debug, Default)]
pub struct GateFacts {
    /// Tool name as the agent reports it (`Bash`, `mcp__github__get_issue`).
    pub tool: String,
    pub input: Value,
    /// MCP server, when the call goes to one and the source knows it.
    pub server: Option<String>,
    /// The agent's working directory, when known.
    pub cwd: Option<String>,
    /// Which kind of call this is.
    pub action: CallKind,
    /// A reason the source already knows this call must not run (a quarantined MCP tool):
    /// the call is denied whatever policy says, and recorded like any other decision.
    pub hold: Option<String>,
}

/// The kind of call being gated (policy's action).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CallKind {
    #[default]
    HookToolCall,
    McpToolsCall,
    McpResourcesRead,
    McpPromptsGet,
}

/// What the session already did, as the detection engine tracks it.
#[derive(Clone, Debug, Default)]
pub struct SessionView {
    pub facts: policy::SessionFacts,
    /// Targets of this call that appear only in untrusted content carrying instructions.
    pub untrusted_targets: Vec<String>,
}

/// A verdict, the analysis it was based on, and the body of the decision event.
pub struct Decided {
    pub verdict: Verdict,
    pub analysis: ActionFacts,
    pub record: Value,
}

/// Holds the loaded policy set (hot-swappable) and the analysis overrides.
pub struct Decider {
    engine: Arc<SharedEngine>,
    overrides: Overrides,
    /// Tier of agents without an identity record (the local coding agent).
    default_tier: policy::Tier,
    /// The secret scanner for `secret_in_arguments` (analysis's built-in patterns if `None`).
    secrets: Option<Arc<dyn warden_analysis::SecretCheck>>,
}

impl Decider {
    pub fn new(engine: SharedEngine, overrides: Overrides) -> Self {
        Self::new_shared(Arc::new(engine), overrides)
    }

    /// A decider over an engine shared with others (evaluation runs many pipelines on one set).
    pub fn new_shared(engine: Arc<SharedEngine>, overrides: Overrides) -> Self {
        Self {
            engine,
            overrides,
            default_tier: policy::Tier::Executor,
            secrets: None,
        }
    }

    /// Uses `secrets` (the redaction scanner) to find secrets in arguments.
    pub fn with_secrets(mut self, secrets: Arc<dyn warden_analysis::SecretCheck>) -> Self {
        self.secrets = Some(secrets);
        self
    }

    pub fn engine(&self) -> &Arc<SharedEngine> {
        &self.engine
    }

    /// Facts about a call, without deciding (detection uses them too).
    pub fn analyze(&self, facts: &GateFacts) -> ActionFacts {
        let tool = ToolRef::parse(&facts.tool);
        let mut ctx = match facts.cwd.as_deref() {
            Some(cwd) => CallContext::with_cwd(cwd),
            None => CallContext::default(),
        };
        if let Some(secrets) = &self.secrets {
            ctx.secrets = secrets.as_ref();
        }
        analyze_call_in(&tool, &facts.input, None, &self.overrides, &ctx)
    }

    pub fn decide(
        &self,
        meta: &EventMeta,
        facts: &GateFacts,
        analysis: ActionFacts,
        task: Option<&TaskSpec>,
        session: &SessionView,
        mode: Mode,
    ) -> Decided {
        let request = self.request(meta, facts, &analysis, task, session);
        let policy_mode = match mode {
            Mode::Observe => policy::Mode::Observe,
            Mode::Enforce => policy::Mode::Enforce,
        };
        let (verdict, extra) = match request {
            Ok(request) => {
                let decision = self.engine.decide(&request, policy_mode);
                let outcome = outcome(decision.would_be);
                let verdict = Verdict {
                    outcome,
                    would_be: None,
                    reason: decision.message(),
                    decision_id: None,
                };
                let extra = json!({
                    "policy_version": decision.policy_version,
                    "policies": decision.policy_ids,
                    "reasons": decision.reasons,
                    "eval_us": decision.eval_time.as_secs_f64() * 1e6,
                    "error": decision.error.as_ref().map(|e| e.to_string()),
                });
                (verdict, extra)
            }
            Err(e) => {
                let reason = format!("Warden could not build a policy request for this call ({e}); it is denied, as policy cannot vouch for it");
                (Verdict::deny(reason), json!({"error": e}))
            }
        };
        let verdict = apply_mode(verdict, mode);
        let mut extra = extra;
        extra["tool"] = json!(facts.tool);
        extra["facts"] = json!({
            "effect": analysis.effect.as_str(),
            "effect_source": analysis.effect_source.as_str(),
            "flags": analysis.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
            "reasons": analysis.reasons,
            "targets": analysis.targets,
        });
        if !session.untrusted_targets.is_empty() {
            extra["untrusted_targets"] = json!(session.untrusted_targets);
        }
        let record = decision_body(&verdict, mode, extra);
        Decided {
            verdict,
            analysis,
            record,
        }
    }

    fn request(
        &self,
        meta: &EventMeta,
        facts: &GateFacts,
        analysis: &ActionFacts,
        task: Option<&TaskSpec>,
        session: &SessionView,
    ) -> Result<PolicyRequest, String> {
        let agent = policy::AgentId::parse(meta.agent.as_str()).map_err(|e| e.to_string())?;
        let mut principal = policy::Principal::new(agent, self.default_tier);
        principal.delegation = meta
            .delegation
            .iter()
            .map(|a| policy::AgentId::parse(a.as_str()))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        let tool = ToolRef::parse(&facts.tool);
        let server = facts.server.clone().or_else(|| tool.server.clone());
        let (action, target) = match facts.action {
            CallKind::HookToolCall => (
                policy::ActionKind::HookToolCall,
                policy::Target::Tool {
                    name: facts.tool.clone(),
                    server: server.clone(),
                },
            ),
            CallKind::McpToolsCall => (
                policy::ActionKind::McpToolsCall,
                policy::Target::Tool {
                    name: facts.tool.clone(),
                    server: server.clone(),
                },
            ),
            CallKind::McpResourcesRead => (
                policy::ActionKind::McpResourcesRead,
                policy::Target::Resource {
                    uri: facts.tool.clone(),
                    server: server.clone(),
                },
            ),
            CallKind::McpPromptsGet => (
                policy::ActionKind::McpPromptsGet,
                policy::Target::Prompt {
                    name: facts.tool.clone(),
                    server: server.clone(),
                },
            ),
        };
        let mut call = call_facts(facts, analysis);
        if !session.untrusted_targets.is_empty() {
            call.flags.insert(policy::Flag::TargetFromUntrusted);
        }
        let task =
            task.map(|t| task_facts(t, &facts.tool, server.as_deref(), analysis, meta.recv_ts));
        PolicyRequest::new(principal, action, target)
            .map(|r| {
                r.with_call(call)
                    .with_task(task)
                    .with_session(session.facts.clone())
            })
            .map_err(|e| e.to_string())
    }
}

fn outcome(o: policy::Outcome) -> Outcome {
    match o {
        policy::Outcome::Allow => Outcome::Allow,
        policy::Outcome::Deny => Outcome::Deny,
        policy::Outcome::ApprovalRequired => Outcome::Ask,
    }
}

fn call_facts(facts: &GateFacts, a: &ActionFacts) -> policy::CallFacts {
    let set = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>();
    let destinations = policy::Destinations {
        hosts: set(&a.targets.hosts),
        email_domains: set(&a.targets.email_domains),
        emails: set(&a.targets.emails),
        accounts: set(&a.targets.accounts),
        urls: set(&a.targets.urls),
        paths: set(&a.targets.paths),
    };
    policy::CallFacts {
        arguments: facts.input.clone(),
        effect: effect(a.effect),
        effect_source: effect_source(a.effect_source),
        destinations,
        command_words: set(&a.targets.commands),
        flags: a.flags.iter().filter_map(|f| flag(*f)).collect(),
        labels: Vec::new(),
    }
}

fn effect(e: warden_analysis::Effect) -> policy::Effect {
    use warden_analysis::Effect as A;
    match e {
        A::Read => policy::Effect::Read,
        A::Write => policy::Effect::Write,
        A::Egress => policy::Effect::Egress,
        A::Execute => policy::Effect::Execute,
        A::Unknown => policy::Effect::Unknown,
    }
}

fn effect_source(e: warden_analysis::EffectSource) -> policy::EffectSource {
    use warden_analysis::EffectSource as A;
    match e {
        A::Annotation => policy::EffectSource::Annotation,
        A::Name => policy::EffectSource::Name,
        A::Arguments => policy::EffectSource::Arguments,
        A::Config => policy::EffectSource::Config,
        A::Default => policy::EffectSource::Default,
    }
}

/// The same fact vocabulary on both sides; matched by name so neither crate depends on the other.
fn flag(f: warden_analysis::Flag) -> Option<policy::Flag> {
    policy::Flag::ALL
        .into_iter()
        .find(|p| p.as_str() == f.as_str())
}

/// The task's facts for this call: the declared scope checked against the call.
fn task_facts(
    t: &TaskSpec,
    tool: &str,
    server: Option<&str>,
    a: &ActionFacts,
    now: Timestamp,
) -> policy::TaskFacts {
    let check = |list: &Option<Vec<String>>, in_scope: bool| {
        list.as_ref().map(|declared| policy::ScopeCheck {
            declared: declared.clone(),
            in_scope,
        })
    };
    let Scope {
        tools,
        servers,
        resources,
        destinations,
    } = &t.scope;
    let tools_ok = list_allows(tools, tool).unwrap_or(true);
    // entries are read as detection reads them (directory prefixes, host-named servers, hosts
    // covering subdomains): see `warden_analysis::scope`
    // A call that goes to no MCP server is within any server list.
    let servers_ok = server.is_none_or(|s| servers.as_ref().is_none_or(|l| server_in_scope(l, s)));
    let resources_ok = a
        .targets
        .paths
        .iter()
        .chain(a.targets.urls.iter())
        .all(|r| resources.as_ref().is_none_or(|l| resource_in_scope(l, r)));
    let destinations_ok = a.targets.destinations().all(|d| {
        destinations
            .as_ref()
            .is_none_or(|l| destination_in_scope(l, d))
    });
    let scope = policy::TaskScope {
        tools: check(tools, tools_ok),
        servers: check(servers, servers_ok),
        resources: check(resources, resources_ok),
        destinations: check(destinations, destinations_ok),
    };
    let seconds_left = t
        .deadline
        .map(|d| ((d.unix_nanos() - now.unix_nanos()) / 1_000_000_000) as i64);
    policy::TaskFacts {
        objective: t.objective.clone(),
        scope,
        seconds_left,
    }
}
