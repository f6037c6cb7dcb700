//! Detector configuration: TOML-friendly, every field optional (`#[serde(default)]`), defaults
//! from the catalogue.

use serde::{Deserialize, Serialize};

use crate::alert::{Response, Severity};

/// Settings every detector has. `response` and `severity` default to the catalogue's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rule<T> {
    pub enabled: bool,
    pub response: Option<Response>,
    pub severity: Option<Severity>,
    #[serde(flatten)]
    pub params: T,
}

impl<T: Default> Default for Rule<T> {
    fn default() -> Self {
        Self {
            enabled: true,
            response: None,
            severity: None,
            params: T::default(),
        }
    }
}

/// No parameters beyond enabled/response/severity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoParams {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoopParams {
    /// Identical calls (same tool, same normalized arguments) without progress that raise an alert.
    pub repeat_threshold: u32,
    /// Identical calls after which the response becomes `throttle`.
    pub throttle_threshold: u32,
    pub window_secs: u64,
    /// How many times a short cycle (A→B→A→B) must repeat.
    pub cycle_repeats: u32,
    /// Longest cycle looked for.
    pub max_cycle_len: usize,
    /// Tools never counted (bookkeeping tools).
    pub ignore_tools: Vec<String>,
}

impl Default for LoopParams {
    fn default() -> Self {
        Self {
            repeat_threshold: 5,
            throttle_threshold: 10,
            window_secs: 900,
            cycle_repeats: 4,
            max_cycle_len: 3,
            ignore_tools: vec![
                "TodoWrite".into(),
                "write_todos".into(),
                "update_plan".into(),
            ],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateParams {
    pub window_secs: u64,
    /// Calls per window per agent.
    pub max_calls_per_agent: u32,
    /// Calls per window per task (all its sessions and subagents).
    pub max_calls_per_task: u32,
    /// A longer window for a sustained pace (a crawl, a fan-out of subagents) that never
    /// spikes enough for the short window; 0 disables it.
    pub sustained_window_secs: u64,
    /// Calls per sustained window per agent (0: off).
    pub max_sustained_calls_per_agent: u32,
    /// Calls per sustained window per task, all its agents together (0: off).
    pub max_sustained_calls_per_task: u32,
    /// Total calls per task.
    pub task_call_budget: Option<u64>,
    /// Total model tokens per task (from `Usage`).
    pub task_token_budget: Option<u64>,
    /// Total spend per task in USD (from `Usage`).
    pub task_spend_budget_usd: Option<f64>,
}

impl Default for RateParams {
    fn default() -> Self {
        Self {
            window_secs: 10,
            max_calls_per_agent: 20,
            max_calls_per_task: 30,
            // one call every 1.5 s per agent, or every second across a task, kept up for a
            // minute: far above an agent's pace of reading and editing (a model turn per call)
            sustained_window_secs: 60,
            max_sustained_calls_per_agent: 40,
            max_sustained_calls_per_task: 60,
            task_call_budget: None,
            task_token_budget: None,
            task_spend_budget_usd: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProbeParams {
    /// How long a deny is remembered.
    pub window_secs: u64,
    /// Denies remembered per task.
    pub max_denied: usize,
}

impl Default for ProbeParams {
    fn default() -> Self {
        Self {
            window_secs: 1800,
            max_denied: 8,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecretExposureParams {
    pub scan_prompts: bool,
    pub scan_model_output: bool,
    pub scan_tool_args: bool,
    pub scan_tool_results: bool,
}

impl Default for SecretExposureParams {
    fn default() -> Self {
        Self {
            scan_prompts: true,
            scan_model_output: true,
            scan_tool_args: true,
            scan_tool_results: true,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExfilParams {
    /// Destinations (globs over hosts and emails) that never count as exfiltration.
    pub trusted_destinations: Vec<String>,
    /// Extra sensitive sources (globs over normalized paths): labelled datasets, exports.
    pub sensitive_paths: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InjectionParams {
    /// Instruction score needed (with an agent-directed cue).
    pub threshold: f32,
    /// File names whose instructions are the user's own (agent memory / rules files).
    pub trusted_instruction_files: Vec<String>,
}

impl Default for InjectionParams {
    fn default() -> Self {
        Self {
            threshold: warden_analysis::text::INSTRUCTION_THRESHOLD,
            trusted_instruction_files: [
                "CLAUDE.md",
                "CLAUDE.local.md",
                "AGENTS.md",
                "AGENT.md",
                "GEMINI.md",
                ".cursorrules",
                "copilot-instructions.md",
                ".clinerules",
                ".windsurfrules",
                "SKILL.md",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DetectConfig {
    /// Sessions tracked at once; the least recently active are dropped beyond this.
    pub max_sessions: usize,
    /// Tasks and agents tracked at once.
    pub max_tasks: usize,
    /// MCP servers whose manifests are pinned.
    pub max_servers: usize,
    /// Idle time after which `expire` drops a session's, task's or agent's state.
    pub idle_ttl_secs: u64,

    pub loop_repeated_call: Rule<LoopParams>,
    pub rate_burst: Rule<RateParams>,
    pub probe_retry_after_deny: Rule<ProbeParams>,
    pub scope_out_of_scope: Rule<NoParams>,
    pub privilege_escalation: Rule<NoParams>,
    pub secret_exposure: Rule<SecretExposureParams>,
    pub secret_credential_harvest: Rule<NoParams>,
    pub exfil_sensitive_to_egress: Rule<ExfilParams>,
    pub injection_untrusted_instruction: Rule<InjectionParams>,
    pub hijack_untrusted_target: Rule<NoParams>,
    pub tool_manifest_changed: Rule<NoParams>,
    pub tool_poisoned_description: Rule<NoParams>,
    pub identity_invalid_token: Rule<NoParams>,
    pub identity_revoked_credential_use: Rule<NoParams>,
    pub identity_delegation_violation: Rule<NoParams>,
    pub oversight_bypass: Rule<NoParams>,
    pub exec_dangerous_command: Rule<NoParams>,
}

impl Default for DetectConfig {
    fn default() -> Self {
        Self {
            max_sessions: 100_000,
            max_tasks: 100_000,
            max_servers: 4096,
            idle_ttl_secs: 6 * 3600,
            loop_repeated_call: Rule::default(),
            rate_burst: Rule::default(),
            probe_retry_after_deny: Rule::default(),
            scope_out_of_scope: Rule::default(),
            privilege_escalation: Rule::default(),
            secret_exposure: Rule::default(),
            secret_credential_harvest: Rule::default(),
            exfil_sensitive_to_egress: Rule::default(),
            injection_untrusted_instruction: Rule::default(),
            hijack_untrusted_target: Rule::default(),
            tool_manifest_changed: Rule::default(),
            tool_poisoned_description: Rule::default(),
            identity_invalid_token: Rule::default(),
            identity_revoked_credential_use: Rule::default(),
            identity_delegation_violation: Rule::default(),
            oversight_bypass: Rule::default(),
            exec_dangerous_command: Rule::default(),
        }
    }
}

impl DetectConfig {
    /// `(enabled, response override, severity override)` of a detector id.
    pub fn rule(&self, id: &str) -> (bool, Option<Response>, Option<Severity>) {
        macro_rules! r {
            ($f:ident) => {
                (self.$f.enabled, self.$f.response, self.$f.severity)
            };
        }
        use crate::catalogue::*;
        match id {
            LOOP_REPEATED_CALL => r!(loop_repeated_call),
            RATE_BURST => r!(rate_burst),
            PROBE_RETRY_AFTER_DENY => r!(probe_retry_after_deny),
            SCOPE_OUT_OF_SCOPE => r!(scope_out_of_scope),
            PRIVILEGE_ESCALATION => r!(privilege_escalation),
            SECRET_EXPOSURE => r!(secret_exposure),
            SECRET_CREDENTIAL_HARVEST => r!(secret_credential_harvest),
            EXFIL_SENSITIVE_TO_EGRESS => r!(exfil_sensitive_to_egress),
            INJECTION_UNTRUSTED_INSTRUCTION => r!(injection_untrusted_instruction),
            HIJACK_UNTRUSTED_TARGET => r!(hijack_untrusted_target),
            TOOL_MANIFEST_CHANGED => r!(tool_manifest_changed),
            TOOL_POISONED_DESCRIPTION => r!(tool_poisoned_description),
            IDENTITY_INVALID_TOKEN => r!(identity_invalid_token),
            IDENTITY_REVOKED_CREDENTIAL_USE => r!(identity_revoked_credential_use),
            IDENTITY_DELEGATION_VIOLATION => r!(identity_delegation_violation),
            OVERSIGHT_BYPASS => r!(oversight_bypass),
            EXEC_DANGEROUS_COMMAND => r!(exec_dangerous_command),
            _ => (false, None, None),
        }
    }
}
