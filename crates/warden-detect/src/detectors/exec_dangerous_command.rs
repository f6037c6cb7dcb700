//! `exec.dangerous_command`: shell or code execution with destructive or remote-code patterns
//! (recursive deletes of home/root/workspace ancestors, download-to-shell, reverse shells,
//! persistence in startup files, disk wipes, fork bombs, decoded-and-executed payloads).

use warden_analysis::Flag;

use super::reasons;
use crate::alert::Severity;
use crate::catalogue::EXEC_DANGEROUS_COMMAND;
use crate::engine::Ctx;
use crate::observation::Observed;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall { tool, facts, .. } = &ctx.obs.what else {
        return;
    };
    let dangerous = facts.has(Flag::DangerousCommand);
    let remote = facts.has(Flag::RemoteCode);
    if !(dangerous || remote) {
        return;
    }
    let why = if dangerous {
        reasons(facts, Flag::DangerousCommand)
    } else {
        reasons(facts, Flag::RemoteCode)
    };
    // reverse shells and remote code are worse than a risky local command
    let severity = if remote {
        Some(Severity::Critical)
    } else {
        None
    };
    ctx.emit_as(
        EXEC_DANGEROUS_COMMAND,
        None,
        severity,
        vec![ctx.obs.event_id],
        format!("{}: {why}", tool.name),
    );
}
