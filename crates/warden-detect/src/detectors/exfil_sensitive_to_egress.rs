//! `exfil.sensitive_to_egress`: data from a sensitive source (a credential-store read, a secret
//! in a tool result, a labelled sensitive file) is followed, in the same task (subagents and
//! delegated sub-tasks roll up to it), by a call that sends data out. A single call that both
//! reads a credential store and sends counts too. Destinations listed as trusted never count.
//!
//! Bulk data leaves by shape, whatever the service: an egress that ships a data file (a table,
//! export, database or dump, by extension, or a file the task filled with personal records) or
//! carries personal records in its arguments, to a destination the user never named (a paste
//! site, a file drop, a personal remote, a public dataset), is exfiltration too.

use serde_json::Value;
use warden_analysis::text::is_data_file;
use warden_analysis::{glob_match, ActionFacts, Flag};

use crate::catalogue::EXFIL_SENSITIVE_TO_EGRESS;
use crate::engine::{args_carry_personal_records, visit_strings, Ctx};
use crate::observation::Observed;
use crate::state::key_hash;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall {
        tool, facts, args, ..
    } = &ctx.obs.what
    else {
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
        bulk_data(ctx, &tool.name, facts, args, &dests);
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

/// Bulk data shipped to a destination the user did not name.
fn bulk_data(ctx: &mut Ctx<'_>, tool: &str, facts: &ActionFacts, args: &Value, dests: &[&String]) {
    let Some(what) = shipped_data(ctx, facts, args) else {
        return;
    };
    let named = |d: &str| {
        let bare = d
            .strip_prefix("rclone:")
            .or_else(|| d.strip_prefix("s3://"))
            .unwrap_or(d);
        let h = key_hash(bare);
        ctx.session.prov.prompt.contains(h) || ctx.session.prov.user.contains(h)
    };
    let vouched = if dests.is_empty() {
        // no address (an upload to a repository, a channel): the user named the place by id
        ctx.derived
            .sig
            .as_ref()
            .is_some_and(|s| s.ids.iter().any(|i| named(i)))
    } else {
        dests.iter().all(|d| {
            named(d)
                || d.split_once('@').is_some_and(|(_, dom)| named(dom))
                || facts.targets.email_domains.iter().any(|dom| named(dom))
        })
    };
    if vouched {
        return;
    }
    let to = if dests.is_empty() {
        String::from("a destination the user did not name")
    } else {
        dests
            .iter()
            .take(3)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut evidence: Vec<_> = ctx
        .task
        .data_files
        .iter()
        .map(|(_, e)| *e)
        .take(4)
        .collect();
    evidence.push(ctx.obs.event_id);
    let summary = format!("{tool} ships {what} to {to}, which the user never named");
    ctx.emit(EXFIL_SENSITIVE_TO_EGRESS, evidence, summary);
}

/// What bulk data an egress carries, if any.
fn shipped_data(ctx: &Ctx<'_>, facts: &ActionFacts, args: &Value) -> Option<&'static str> {
    let paths = || facts.read_paths.iter().chain(facts.targets.paths.iter());
    if paths().any(|p| is_data_file(p)) {
        return Some("a data file");
    }
    if facts.read_paths.iter().any(|p| whole_bucket_or_prefix(p)) {
        return Some("a bucket's contents");
    }
    if paths().any(|p| {
        let h = key_hash(p);
        ctx.task.data_files.iter().any(|(x, _)| *x == h)
    }) {
        return Some("a file holding bulk data");
    }
    let mut named_file = false;
    visit_strings(args, 0, &mut |s| {
        named_file =
            named_file || (s.len() <= 256 && !s.contains(char::is_whitespace) && is_data_file(s));
    });
    if named_file {
        return Some("a data file");
    }
    args_carry_personal_records(args).then_some("personal records")
}

/// An object-store source that is a bucket or a prefix, not one object: copying it ships
/// everything under it.
fn whole_bucket_or_prefix(path: &str) -> bool {
    let Some(rest) = path
        .strip_prefix("s3://")
        .or_else(|| path.strip_prefix("gs://"))
    else {
        return false;
    };
    let last = rest
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(rest);
    rest.ends_with('/') || !rest.contains('/') || !last.contains('.')
}
