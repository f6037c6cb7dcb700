//! `scope.out_of_scope`: a call to a tool, server, resource or destination outside the declared
//! scope of its task. A sub-task (or subagent) is checked against its own scope *and* every
//! ancestor's, so a delegation hop can never widen what its parent may do.
//!
//! How declared entries are read (directories as prefixes, schema globs against the tables a
//! SQL statement names, Cursor's host-named servers, hosts covering subdomains, channels) is
//! shared with policy: see [`warden_analysis::scope`]. A page fetched from a host is a
//! destination too: the task's author bounded where the agent may go, not only where it sends.

use warden_analysis::scope::{
    destination_in_scope, is_channel_entry, is_schema_entry, listed, resource_in_scope,
    server_in_scope, sql_tables,
};
use warden_analysis::{Flag, KnownTool};

use crate::catalogue::SCOPE_OUT_OF_SCOPE;
use crate::engine::Ctx;
use crate::observation::Observed;

/// Whether the call reaches a host (a page fetch, a download) even though it changes nothing.
fn contacts_hosts(tool: &warden_analysis::ToolRef, facts: &warden_analysis::ActionFacts) -> bool {
    matches!(tool.known(), Some(KnownTool::WebFetch))
        || facts.targets.commands.iter().any(|c| {
            matches!(
                c.as_str(),
                "curl" | "wget" | "http" | "https" | "invoke-webrequest" | "invoke-restmethod"
            )
        })
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall {
        tool, facts, args, ..
    } = &ctx.obs.what
    else {
        return;
    };
    if ctx.scopes.is_empty() {
        return;
    }
    let mut problems: Vec<String> = Vec::new();
    let mut declared = Vec::new();
    for decl in ctx.scopes {
        let s = &decl.scope;
        let before = problems.len();
        if let Some(tools) = &s.tools {
            if !listed(tools, &tool.name) {
                problems.push(format!("tool {} is not in scope", tool.name));
            }
        }
        if let (Some(servers), Some(server)) = (&s.servers, &tool.server) {
            if !server_in_scope(servers, server) {
                problems.push(format!("server {server} is not in scope"));
            }
        }
        if let Some(res) = &s.resources {
            if let Some(p) = facts
                .read_paths
                .iter()
                .chain(facts.write_paths.iter())
                // folders a listing names (`ls`, `Get-ChildItem`) are reached too
                .chain(facts.targets.paths.iter())
                .chain(facts.targets.urls.iter())
                .take(48)
                .find(|p| !resource_in_scope(res, p))
            {
                problems.push(format!("resource {p} is not in scope"));
            }
            // tables are judged only against a scope that speaks of tables
            let schemas: Vec<String> = res.iter().filter(|e| is_schema_entry(e)).cloned().collect();
            if !schemas.is_empty() {
                if let Some(t) = sql_tables(args).into_iter().find(|t| !listed(&schemas, t)) {
                    problems.push(format!("table {t} is not in scope"));
                }
            }
        }
        if let Some(dest) = &s.destinations {
            let sends = facts.has(Flag::SideEffect) || facts.has(Flag::Egress);
            if sends || contacts_hosts(tool, facts) {
                let channels = sends && dest.iter().any(|e| is_channel_entry(e));
                let usernames = facts.targets.usernames.iter().filter(|_| channels);
                if let Some(d) = facts
                    .targets
                    .hosts
                    .iter()
                    .chain(facts.targets.emails.iter().filter(|_| sends))
                    .chain(facts.targets.accounts.iter().filter(|_| sends))
                    .chain(usernames)
                    .take(32)
                    .find(|d| !destination_in_scope(dest, d))
                {
                    problems.push(format!("destination {d} is not in scope"));
                }
            }
        }
        if problems.len() > before {
            declared.push(decl.event);
        }
    }
    if problems.is_empty() {
        return;
    }
    problems.dedup();
    let who = match &ctx.obs.subagent {
        Some(s) => format!(" (subagent {s})"),
        None => String::new(),
    };
    let summary = format!(
        "{}{who}",
        problems.into_iter().take(3).collect::<Vec<_>>().join("; ")
    );
    let mut evidence = declared;
    evidence.push(ctx.obs.event_id);
    ctx.emit(SCOPE_OUT_OF_SCOPE, evidence, summary);
}
