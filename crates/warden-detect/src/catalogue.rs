//! The detector catalogue: stable ids, framework tags and default responses (DETECTIONS.md).

use crate::alert::{Response, Severity};

pub const LOOP_REPEATED_CALL: &str = "loop.repeated_call";
pub const RATE_BURST: &str = "rate.burst";
pub const PROBE_RETRY_AFTER_DENY: &str = "probe.retry_after_deny";
pub const SCOPE_OUT_OF_SCOPE: &str = "scope.out_of_scope";
pub const PRIVILEGE_ESCALATION: &str = "privilege.escalation";
pub const SECRET_EXPOSURE: &str = "secret.exposure";
pub const SECRET_CREDENTIAL_HARVEST: &str = "secret.credential_harvest";
pub const EXFIL_SENSITIVE_TO_EGRESS: &str = "exfil.sensitive_to_egress";
pub const INJECTION_UNTRUSTED_INSTRUCTION: &str = "injection.untrusted_instruction";
pub const HIJACK_UNTRUSTED_TARGET: &str = "hijack.untrusted_target";
pub const TOOL_MANIFEST_CHANGED: &str = "tool.manifest_changed";
pub const TOOL_POISONED_DESCRIPTION: &str = "tool.poisoned_description";
pub const IDENTITY_INVALID_TOKEN: &str = "identity.invalid_token";
pub const IDENTITY_REVOKED_CREDENTIAL_USE: &str = "identity.revoked_credential_use";
pub const IDENTITY_DELEGATION_VIOLATION: &str = "identity.delegation_violation";
pub const OVERSIGHT_BYPASS: &str = "oversight.bypass";
pub const EXEC_DANGEROUS_COMMAND: &str = "exec.dangerous_command";

/// One catalogue entry.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub id: &'static str,
    pub fires_when: &'static str,
    pub response: Response,
    pub severity: Severity,
    pub tags: &'static [&'static str],
}

pub const CATALOGUE: &[Entry] = &[
    Entry {
        id: LOOP_REPEATED_CALL,
        fires_when: "the same tool with the same normalized arguments repeats N times in a window, or a short cycle of calls repeats",
        response: Response::Alert,
        severity: Severity::Low,
        tags: &["ASI02", "ASI08", "AML.T0034", "MAESTRO.L3", "NIST.MEASURE-2.4"],
    },
    Entry {
        id: RATE_BURST,
        fires_when: "an agent's or task's call rate, spend or token use exceeds its budget",
        response: Response::Alert,
        severity: Severity::Medium,
        tags: &["ASI08", "AML.T0029", "AML.T0034", "MAESTRO.L4", "NIST.MANAGE-2.4"],
    },
    Entry {
        id: PROBE_RETRY_AFTER_DENY,
        fires_when: "after a deny, the agent tries an equivalent action another way",
        response: Response::Block,
        severity: Severity::High,
        tags: &["ASI02", "ASI03", "ASI10", "MAESTRO.L3", "NIST.MEASURE-2.7"],
    },
    Entry {
        id: SCOPE_OUT_OF_SCOPE,
        fires_when: "a call to a server, tool, resource or destination outside the task's declared scope",
        response: Response::Block,
        severity: Severity::High,
        tags: &["ASI02", "ASI03", "NHI5", "MAESTRO.L6", "NIST.GOVERN-1.4"],
    },
    Entry {
        id: PRIVILEGE_ESCALATION,
        fires_when: "an attempt to gain rights: sudo/su, chmod/chown of sensitive paths, IAM or role changes, permission-mode changes, broader credentials",
        response: Response::RequireApproval,
        severity: Severity::High,
        tags: &["ASI03", "NHI5", "AML.T0081", "MAESTRO.L6", "NIST.MEASURE-2.7"],
    },
    Entry {
        id: SECRET_EXPOSURE,
        fires_when: "a secret or credential appears in a prompt, model output, tool argument or tool result",
        response: Response::Redact,
        severity: Severity::High,
        tags: &["NHI2", "ASI03", "AML.T0057", "MAESTRO.L2", "NIST.MEASURE-2.10"],
    },
    Entry {
        id: SECRET_CREDENTIAL_HARVEST,
        fires_when: "reads of credential stores (.env, ~/.aws/credentials, ~/.ssh, keychains, agent config files holding keys)",
        response: Response::RequireApproval,
        severity: Severity::High,
        tags: &["NHI2", "AML.T0083", "AML.T0098", "MAESTRO.L4", "NIST.MEASURE-2.7"],
    },
    Entry {
        id: EXFIL_SENSITIVE_TO_EGRESS,
        fires_when: "data from a sensitive source is followed, in the same task, by a call that sends data out",
        response: Response::Block,
        severity: Severity::Critical,
        tags: &["ASI02", "AML.T0086", "AML.T0057", "MAESTRO.L2", "NIST.MEASURE-2.10"],
    },
    Entry {
        id: INJECTION_UNTRUSTED_INSTRUCTION,
        fires_when: "a tool result, resource, web page or file carries instruction-like text aimed at the agent",
        response: Response::TaintSession,
        severity: Severity::High,
        tags: &["ASI01", "ASI06", "AML.T0051.001", "MAESTRO.L1", "NIST.MEASURE-2.7"],
    },
    Entry {
        id: HIJACK_UNTRUSTED_TARGET,
        fires_when: "a side-effecting call whose target appears in untrusted content but not in the user's prompt or trusted context",
        response: Response::RequireApproval,
        severity: Severity::High,
        tags: &["ASI01", "ASI02", "AML.T0051.001", "MAESTRO.L3", "NIST.MEASURE-2.7"],
    },
    Entry {
        id: TOOL_MANIFEST_CHANGED,
        fires_when: "a server's tools, descriptions, schemas or instructions change after first use, or a tool appears under a new name",
        response: Response::Quarantine,
        severity: Severity::High,
        tags: &["ASI04", "AML.T0109", "MAESTRO.L7", "NIST.GOVERN-6.1"],
    },
    Entry {
        id: TOOL_POISONED_DESCRIPTION,
        fires_when: "a tool description or server instruction carries hidden or instruction-like text, or invisible Unicode",
        response: Response::Quarantine,
        severity: Severity::High,
        tags: &["ASI04", "ASI06", "AML.T0110", "MAESTRO.L7", "NIST.GOVERN-6.1"],
    },
    Entry {
        id: IDENTITY_INVALID_TOKEN,
        fires_when: "a missing, forged, expired, wrong-audience, wrong-trust-domain or replayed token",
        response: Response::Block,
        severity: Severity::High,
        tags: &["ASI03", "NHI4", "MAESTRO.L6", "NIST.MEASURE-2.7"],
    },
    Entry {
        id: IDENTITY_REVOKED_CREDENTIAL_USE,
        fires_when: "a credential used after its task ended or after revocation",
        response: Response::Block,
        severity: Severity::High,
        tags: &["NHI1", "NHI7", "ASI03", "MAESTRO.L6", "NIST.MANAGE-4.1"],
    },
    Entry {
        id: IDENTITY_DELEGATION_VIOLATION,
        fires_when: "a delegation hop that widens scope, exceeds the depth limit or is not allowed by may_act",
        response: Response::Block,
        severity: Severity::High,
        tags: &["ASI03", "ASI07", "MAESTRO.L7", "NIST.MEASURE-2.7"],
    },
    Entry {
        id: OVERSIGHT_BYPASS,
        fires_when: "attempts to disable or evade monitoring: hook/agent settings, killing the wrapper, permission mode, calling a server around the gateway",
        response: Response::Alert,
        severity: Severity::Critical,
        tags: &["ASI10", "ASI09", "MAESTRO.L5", "NIST.MANAGE-2.4"],
    },
    Entry {
        id: EXEC_DANGEROUS_COMMAND,
        fires_when: "shell or code execution with destructive or remote-code patterns",
        response: Response::RequireApproval,
        severity: Severity::High,
        tags: &["ASI05", "AML.T0050", "AML.T0101", "MAESTRO.L4", "NIST.MEASURE-2.7"],
    },
];

/// The catalogue entry of a detector id.
pub fn entry(id: &str) -> Option<&'static Entry> {
    CATALOGUE.iter().find(|e| e.id == id)
}
