//! `scope.out_of_scope`: a call to a tool, server, resource or destination outside the declared
//! scope of its task. A sub-task (or subagent) is checked against its own scope *and* every
//! ancestor's, so a delegation hop can never widen what its parent may do.
//!
//! How declared entries are read (what a person writing a task means by them):
//! - a `resources` entry without wildcards is a prefix: a directory (`/home/u/app/docs/`,
//!   `C:\Users\u\reports\`, `s3://bucket/`) covers itself and everything under it; a schema glob
//!   (`marketing.*`) covers the tables a SQL statement names;
//! - a `servers` entry names an MCP server; Cursor reports a server by its URL's host
//!   (`mcp-mailhub-example`), which matches the declared name when that name is one of the
//!   host's labels;
//! - a `destinations` entry is a host (covering its subdomains), a mail address or a chat
//!   channel; a page fetched from a host is a destination too, since the task's author bounded
//!   where the agent may go, not only where it may send.

use serde_json::Value;
use warden_analysis::{glob_match, Flag, KnownTool};

use crate::catalogue::SCOPE_OUT_OF_SCOPE;
use crate::engine::Ctx;
use crate::observation::Observed;

fn allowed(list: &[String], value: &str) -> bool {
    list.iter()
        .any(|g| glob_match(g, value) || g.eq_ignore_ascii_case(value))
}

/// A declared resource, read the POSIX way when written the Windows way (as call paths are).
fn resource_entry(entry: &str) -> String {
    let b = entry.as_bytes();
    let drive = b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':';
    if entry.contains('\\') || drive {
        warden_analysis::shell::posix_path(entry)
    } else {
        entry.to_owned()
    }
}

/// Whether a path or URL is within a declared resource: a glob match, or a wildcard-free entry
/// that is the value itself or a directory (or bucket, or URL prefix) holding it.
fn resource_allowed(list: &[String], value: &str) -> bool {
    list.iter().any(|raw| {
        let entry = resource_entry(raw);
        if glob_match(&entry, value) || entry.eq_ignore_ascii_case(value) {
            return true;
        }
        if entry.contains(['*', '?']) || !(entry.starts_with('/') || entry.contains("://")) {
            return false;
        }
        let dir = entry.trim_end_matches('/');
        !dir.is_empty()
            && (value.trim_end_matches('/') == dir
                || value
                    .strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/')))
    })
}

/// An entry that names database objects (`marketing.*`, `sales.orders`): no path, URL or host
/// shape, a dot between identifiers.
fn is_schema_entry(entry: &str) -> bool {
    let (schema, rest) = match entry.split_once('.') {
        Some(p) => p,
        None => return false,
    };
    !schema.is_empty()
        && schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '*' || c == '.')
}

/// Schema-qualified tables a SQL statement in the arguments reads or changes (`FROM a.b`,
/// `JOIN a.b`, `INTO a.b`, `UPDATE a.b`, `TABLE a.b`), lowercase, at most 16.
fn sql_tables(args: &Value) -> Vec<String> {
    let mut out = Vec::new();
    crate::engine::visit_strings(args, 0, &mut |s| {
        let words: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || c == '(' || c == ',' || c == ';')
            .filter(|w| !w.is_empty())
            .collect();
        for pair in words.windows(2) {
            let kw = pair[0].to_ascii_lowercase();
            if !matches!(kw.as_str(), "from" | "join" | "into" | "update" | "table") {
                continue;
            }
            let name = pair[1]
                .trim_matches(|c| c == '"' || c == '`' || c == '\'')
                .replace(['"', '`'], "")
                .to_ascii_lowercase();
            if is_schema_entry(&name) && !name.contains('*') && out.len() < 16 {
                out.push(name);
            }
        }
    });
    out.sort();
    out.dedup();
    out
}

/// Labels of a name, split at dots, dashes and underscores, lowercase.
fn labels(s: &str) -> Vec<String> {
    s.split(['.', '-', '_'])
        .filter(|l| !l.is_empty())
        .map(|l| l.to_ascii_lowercase())
        .collect()
}

/// Whether an MCP server is one the scope names: by name or glob, or — for a server known only
/// by its URL's host (Cursor: `mcp-mailhub-example`, three labels or more) — by a declared
/// name that is a run of the host's labels other than its top-level one.
fn server_allowed(list: &[String], server: &str) -> bool {
    if allowed(list, server) {
        return true;
    }
    let host = labels(server);
    if host.len() < 3 || !server.contains('-') || server.contains('_') {
        return false;
    }
    let inner = &host[..host.len() - 1];
    list.iter().any(|entry| {
        let want = labels(entry);
        !want.is_empty() && inner.windows(want.len()).any(|w| w == want.as_slice())
    })
}

/// Whether a destination (host, address, account, channel) is one the scope names; a declared
/// host covers its subdomains, a channel is compared without its `#`.
fn destination_allowed(list: &[String], value: &str) -> bool {
    if allowed(list, value) {
        return true;
    }
    let bare = value.trim_start_matches(['#', '@']);
    list.iter().any(|entry| {
        let e = entry.trim_start_matches(['#', '@']);
        e.eq_ignore_ascii_case(bare)
            || (e.contains('.')
                && !e.contains('@')
                && !value.contains('@')
                && value.len() > e.len()
                && value[value.len() - e.len()..].eq_ignore_ascii_case(e)
                && value.as_bytes()[value.len() - e.len() - 1] == b'.')
    })
}

/// A declared destination that is a chat channel or handle rather than a host or address.
fn is_channel_entry(entry: &str) -> bool {
    entry.starts_with('#') || !(entry.contains('.') || entry.contains('@'))
}

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
            if !allowed(tools, &tool.name) {
                problems.push(format!("tool {} is not in scope", tool.name));
            }
        }
        if let (Some(servers), Some(server)) = (&s.servers, &tool.server) {
            if !server_allowed(servers, server) {
                problems.push(format!("server {server} is not in scope"));
            }
        }
        if let Some(res) = &s.resources {
            if let Some(p) = facts
                .read_paths
                .iter()
                .chain(facts.write_paths.iter())
                .chain(facts.targets.urls.iter())
                .take(32)
                .find(|p| !resource_allowed(res, p))
            {
                problems.push(format!("resource {p} is not in scope"));
            }
            // tables are judged only against a scope that speaks of tables
            let schemas: Vec<String> = res.iter().filter(|e| is_schema_entry(e)).cloned().collect();
            if !schemas.is_empty() {
                if let Some(t) = sql_tables(args).into_iter().find(|t| !allowed(&schemas, t)) {
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
                    .find(|d| !destination_allowed(dest, d))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_directory_entry_covers_what_is_under_it() {
        let docs = list(&["/home/dana/app/docs/"]);
        assert!(resource_allowed(&docs, "/home/dana/app/docs"));
        assert!(resource_allowed(&docs, "/home/dana/app/docs/a.md"));
        assert!(!resource_allowed(&docs, "/home/dana/app/docsite/a.md"));
        assert!(!resource_allowed(&docs, "/home/dana/app/src/auth.ts"));
        let bucket = list(&["s3://kelp-staging-uploads/"]);
        assert!(resource_allowed(&bucket, "s3://kelp-staging-uploads/tmp/"));
        assert!(!resource_allowed(&bucket, "s3://kelp-prod-uploads/tmp/"));
        let win = list(&["C:\\Users\\dana\\reports\\"]);
        assert!(resource_allowed(&win, "/Users/dana/reports/jan.csv"));
        assert!(!resource_allowed(&win, "/Users/dana/Documents/passports"));
        // globs keep their meaning
        assert!(resource_allowed(&list(&["/srv/**"]), "/srv/a/b"));
    }

    #[test]
    fn tables_are_judged_against_schema_entries() {
        let args = serde_json::json!({"sql": "SELECT name, salary FROM payroll.employees e JOIN marketing.x ON 1=1"});
        assert_eq!(sql_tables(&args), vec!["marketing.x", "payroll.employees"]);
        let scope = list(&["marketing.*"]);
        assert!(allowed(&scope, "marketing.signups"));
        assert!(!allowed(&scope, "payroll.employees"));
        assert!(is_schema_entry("marketing.*"));
        assert!(!is_schema_entry("/home/dana/app/"));
        assert!(!is_schema_entry("docs.python.org/x"));
        // an unqualified table names no schema: nothing to judge
        assert!(sql_tables(&serde_json::json!({"sql": "SELECT 1 FROM orders"})).is_empty());
    }

    #[test]
    fn servers_known_by_host_match_their_label() {
        let s = list(&["mailhub"]);
        assert!(server_allowed(&s, "mailhub"));
        assert!(server_allowed(&s, "mcp-mailhub-example"));
        assert!(!server_allowed(&s, "mcp-bankline-example"));
        assert!(!server_allowed(&s, "mailhub2"));
        assert!(server_allowed(&list(&["analytics_wh"]), "mcp-analytics-wh-example"));
        // a two-label name is a server's own name, not a host
        assert!(!server_allowed(&list(&["hr"]), "hr-db"));
        // the top-level label alone never matches
        assert!(!server_allowed(&list(&["example"]), "mcp-evil-example"));
    }

    #[test]
    fn destinations_cover_subdomains_and_channels() {
        let d = list(&["docs.python.org", "#release-notes", "team@kelp-labs.example"]);
        assert!(destination_allowed(&d, "docs.python.org"));
        assert!(destination_allowed(&d, "a.docs.python.org"));
        assert!(!destination_allowed(&d, "pastecache.example"));
        assert!(!destination_allowed(&d, "evildocs.python.org"));
        assert!(destination_allowed(&d, "#release-notes"));
        assert!(destination_allowed(&d, "release-notes"));
        assert!(!destination_allowed(&d, "#general"));
        assert!(destination_allowed(&d, "team@kelp-labs.example"));
        assert!(!destination_allowed(&d, "x@kelp-labs.example"));
        assert!(is_channel_entry("#release-notes"));
        assert!(!is_channel_entry("docs.python.org"));
    }
}
