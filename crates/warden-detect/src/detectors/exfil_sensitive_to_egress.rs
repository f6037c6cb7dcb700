//! `exfil.sensitive_to_egress`: data from a sensitive source (a credential-store read, a secret
//! in a tool result, a labelled sensitive file) is followed, in the same task (subagents and
//! delegated sub-tasks roll up to it), by a call that sends data out. A single call that both
//! reads a credential store and sends counts too. Destinations listed as trusted never count.

use warden_analysis::{glob_match, Flag};

use crate::catalogue::EXFIL_SENSITIVE_TO_EGRESS;
use crate::engine::Ctx;
use crate::observation::Observed;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall { tool, facts, .. } = &ctx.obs.what else {
        return;
    };
    if !facts.has(Flag::Egress) {
        return;
    }
    let trusted = &ctx
        .cfg
        .exfil_sensitive_to_egress
        .params
        .trusted_destinations;
    let dests: Vec<&String> = facts
        .targets
        .hosts
        .iter()
        .chain(facts.targets.emails.iter())
        .chain(facts.targets.accounts.iter())
        .collect();
    if !trusted.is_empty()
        && !dests.is_empty()
        && dests
            .iter()
            .all(|d| trusted.iter().any(|g| glob_match(g, d)))
    {
        return;
    }
    let carries_secret = facts.has(Flag::SecretInArguments);
    if ctx.task.sensitive.is_empty() && !carries_secret {
        return;
    }
    let mut evidence: Vec<_> = ctx.task.sensitive.iter().map(|(e, _)| *e).collect();
    let mut sources: Vec<&str> = ctx.task.sensitive.iter().map(|(_, w)| *w).collect();
    sources.dedup();
    if carries_secret {
        sources.push("a secret in the call's own arguments");
    }
    evidence.push(ctx.obs.event_id);
    let to = if dests.is_empty() {
        String::from("an outside destination")
    } else {
        dests
            .iter()
            .take(3)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let summary = format!(
        "{} sends data to {to} after {}",
        tool.name,
        sources.join(", ")
    );
    ctx.emit(EXFIL_SENSITIVE_TO_EGRESS, evidence, summary);
}
