//! `exec.dangerous_command`: shell or code execution with destructive or remote-code patterns
//! (recursive deletes of home/root/workspace ancestors, download-to-shell, reverse shells,
//! persistence in startup files, disk wipes, fork bombs, decoded-and-executed payloads), and
//! running a script whose text the agent read earlier in the session and that does one of
//! those things (the command line alone, `./tools/migrate.sh`, says nothing).

use warden_analysis::{ActionFacts, Flag};

use super::reasons;
use crate::alert::Severity;
use crate::catalogue::EXEC_DANGEROUS_COMMAND;
use crate::engine::Ctx;
use crate::observation::Observed;
use crate::state::key_hash;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall { tool, facts, .. } = &ctx.obs.what else {
        return;
    };
    let dangerous = facts.has(Flag::DangerousCommand);
    let remote = facts.has(Flag::RemoteCode);
    if !(dangerous || remote) {
        runs_dangerous_script(ctx, &tool.name, facts);
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

/// A call that runs a script the session showed to be dangerous.
fn runs_dangerous_script(ctx: &mut Ctx<'_>, tool: &str, facts: &ActionFacts) {
    if ctx.session.dangerous_scripts.is_empty() {
        return;
    }
    let names = facts
        .targets
        .commands
        .iter()
        .chain(
            facts
                .targets
                .paths
                .iter()
                .filter(|_| facts.effect == warden_analysis::Effect::Execute),
        )
        .map(|c| key_hash(c.rsplit('/').next().unwrap_or(c)));
    let mut hit = None;
    for h in names {
        if let Some((_, event, why)) = ctx
            .session
            .dangerous_scripts
            .iter()
            .find(|(s, _, _)| *s == h)
        {
            hit = Some((*event, why.clone()));
            break;
        }
    }
    if let Some((event, why)) = hit {
        ctx.emit_as(
            EXEC_DANGEROUS_COMMAND,
            None,
            Some(Severity::Critical),
            vec![event, ctx.obs.event_id],
            format!("{tool} runs a script whose text {why}"),
        );
    }
}
