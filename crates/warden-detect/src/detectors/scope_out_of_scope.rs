//! `scope.out_of_scope`: a call to a tool, server, resource or destination outside the declared
//! scope of its task. A sub-task (or subagent) is checked against its own scope *and* every
//! ancestor's, so a delegation hop can never widen what its parent may do.

use warden_analysis::{glob_match, Flag};

use crate::catalogue::SCOPE_OUT_OF_SCOPE;
use crate::engine::Ctx;
use crate::observation::Observed;

fn allowed(list: &[String], value: &str) -> bool {
    list.iter()
        .any(|g| glob_match(g, value) || g.eq_ignore_ascii_case(value))
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall { tool, facts, .. } = &ctx.obs.what else {
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
            if !allowed(tools, &tool.name) {
                problems.push(format!("tool {} is not in scope", tool.name));
            }
        }
        if let (Some(servers), Some(server)) = (&s.servers, &tool.server) {
            if !allowed(servers, server) {
                problems.push(format!("server {server} is not in scope"));
            }
        }
        if let Some(res) = &s.resources {
            for p in facts
                .read_paths
                .iter()
                .chain(facts.write_paths.iter())
                .chain(facts.targets.urls.iter())
                .take(32)
            {
                if !allowed(res, p) {
                    problems.push(format!("resource {p} is not in scope"));
                    break;
                }
            }
        }
        if let Some(dest) = &s.destinations {
            if facts.has(Flag::SideEffect) || facts.has(Flag::Egress) {
                for d in facts
                    .targets
                    .hosts
                    .iter()
                    .chain(facts.targets.emails.iter())
                    .chain(facts.targets.accounts.iter())
                    .take(32)
                {
                    if !allowed(dest, d) {
                        problems.push(format!("destination {d} is not in scope"));
                        break;
                    }
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
