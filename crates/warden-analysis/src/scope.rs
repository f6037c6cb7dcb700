//! How a task's declared scope entries are read, shared by policy (the gateway's task facts) and
//! detection (`scope.out_of_scope`), so both draw the same line:
//! - a `resources` entry without wildcards is a prefix: a directory (`/home/u/app/docs/`,
//!   `C:\Users\u\reports\`, `s3://bucket/`) covers itself and everything under it; a schema glob
//!   (`marketing.*`) covers the tables a SQL statement names;
//! - a `servers` entry names an MCP server; Cursor reports a server by its URL's host
//!   (`mcp-mailhub-example`), which matches the declared name when that name is one of the
//!   host's labels;
//! - a `destinations` entry is a host (covering its subdomains; a URL stands for its host), a
//!   mail address or a chat channel (with or without its `#`).
//!
//! Every entry also matches as a simple glob ([`glob_match`]) or case-insensitively as written.

use serde_json::Value;

use crate::glob::glob_match;

/// Whether a value matches an entry of the list as a glob or, case-insensitively, as written.
pub fn listed(list: &[String], value: &str) -> bool {
    list.iter()
        .any(|g| glob_match(g, value) || g.eq_ignore_ascii_case(value))
}

/// A declared resource, read the POSIX way when written the Windows way (as call paths are).
fn resource_entry(entry: &str) -> String {
    let b = entry.as_bytes();
    let drive = b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':';
    if entry.contains('\\') || drive {
        crate::shell::posix_path(entry)
    } else {
        entry.to_owned()
    }
}

/// Whether a path or URL is within a declared resource: a glob match, or a wildcard-free entry
/// that is the value itself or a directory (or bucket, or URL prefix) holding it.
/// A URL is judged only against a list that names URLs or buckets: a list of folders bounds the
/// files the agent touches, and the hosts it reaches are the business of `destinations`.
pub fn resource_in_scope(list: &[String], value: &str) -> bool {
    if value.contains("://") && !list.iter().any(|e| e.contains("://")) {
        return true;
    }
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

/// An entry that names database objects (`marketing.*`, `sales.orders`): identifiers joined by
/// dots, no path, URL or address shape.
pub fn is_schema_entry(entry: &str) -> bool {
    let Some((schema, rest)) = entry.split_once('.') else {
        return false;
    };
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    !schema.is_empty()
        && schema.chars().all(ident)
        && !rest.is_empty()
        && rest.chars().all(|c| ident(c) || c == '*' || c == '.')
}

/// Schema-qualified tables a SQL statement in the arguments reads or changes (`FROM a.b`,
/// `JOIN a.b`, `INTO a.b`, `UPDATE a.b`, `TABLE a.b`), lowercase, at most 16.
pub fn sql_tables(args: &Value) -> Vec<String> {
    let mut out = Vec::new();
    visit_strings(args, 0, &mut |s| {
        let words: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ',' | ';'))
            .filter(|w| !w.is_empty())
            .take(4096)
            .collect();
        for pair in words.windows(2) {
            let kw = pair[0].to_ascii_lowercase();
            if !matches!(kw.as_str(), "from" | "join" | "into" | "update" | "table") {
                continue;
            }
            let name = pair[1].replace(['"', '`', '\''], "").to_ascii_lowercase();
            if is_schema_entry(&name) && !name.contains('*') && out.len() < 16 {
                out.push(name);
            }
        }
    });
    out.sort();
    out.dedup();
    out
}

/// Every string value in a JSON value, to a bounded depth and breadth (arguments are untrusted
/// input: a deeply nested or huge value must not cost more than a bounded walk).
pub fn visit_strings(v: &Value, depth: u8, f: &mut dyn FnMut(&str)) {
    if depth > 6 {
        return;
    }
    match v {
        Value::String(s) => f(s),
        Value::Array(a) => a
            .iter()
            .take(64)
            .for_each(|x| visit_strings(x, depth + 1, f)),
        Value::Object(o) => o
            .values()
            .take(64)
            .for_each(|x| visit_strings(x, depth + 1, f)),
        _ => {}
    }
}

/// Labels of a name, split at dots, dashes and underscores, lowercase.
fn labels(s: &str) -> Vec<String> {
    s.split(['.', '-', '_'])
        .filter(|l| !l.is_empty())
        .map(|l| l.to_ascii_lowercase())
        .collect()
}

/// Whether an MCP server is one the scope names: by name or glob, or — for a server known only
/// by its URL's host (Cursor: `mcp-mailhub-example`, three labels or more, dashes only) — by a
/// declared name that is a run of the host's labels other than its top-level one.
pub fn server_in_scope(list: &[String], server: &str) -> bool {
    if listed(list, server) {
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
/// host covers its subdomains, a declared URL stands for its host, a channel is compared
/// without its `#`.
pub fn destination_in_scope(list: &[String], value: &str) -> bool {
    if listed(list, value) {
        return true;
    }
    let bare = value.trim_start_matches(['#', '@']);
    list.iter().any(|entry| {
        let host;
        let e = if entry.contains("://") {
            host = crate::text::url_host(entry).unwrap_or_default();
            host.as_str()
        } else {
            entry.trim_start_matches(['#', '@'])
        };
        !e.is_empty()
            && (e.eq_ignore_ascii_case(bare)
                || (e.contains('.')
                    && !e.contains('@')
                    && !value.contains('@')
                    && value.len() > e.len()
                    && value.is_char_boundary(value.len() - e.len())
                    && value[value.len() - e.len()..].eq_ignore_ascii_case(e)
                    && value.as_bytes()[value.len() - e.len() - 1] == b'.'))
    })
}

/// A declared destination that is a chat channel or handle rather than a host, URL or address.
pub fn is_channel_entry(entry: &str) -> bool {
    entry.starts_with('#') || !(entry.contains('.') || entry.contains('@'))
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
        assert!(resource_in_scope(&docs, "/home/dana/app/docs"));
        assert!(resource_in_scope(&docs, "/home/dana/app/docs/a.md"));
        assert!(!resource_in_scope(&docs, "/home/dana/app/docsite/a.md"));
        assert!(!resource_in_scope(&docs, "/home/dana/app/src/auth.ts"));
        let bucket = list(&["s3://kelp-staging-uploads/"]);
        assert!(resource_in_scope(&bucket, "s3://kelp-staging-uploads/tmp/"));
        assert!(!resource_in_scope(&bucket, "s3://kelp-prod-uploads/tmp/"));
        let win = list(&["C:\\Users\\dana\\reports\\"]);
        assert!(resource_in_scope(&win, "/Users/dana/reports/jan.csv"));
        assert!(!resource_in_scope(&win, "/Users/dana/Documents/passports"));
        // a list of folders does not speak of URLs
        assert!(resource_in_scope(&docs, "https://docs.python.org/3/"));
        assert!(!resource_in_scope(&bucket, "https://x.example/"));
        // globs keep their meaning; a bare word is no prefix
        assert!(resource_in_scope(&list(&["/srv/**"]), "/srv/a/b"));
        assert!(!resource_in_scope(&list(&["docs"]), "docs/a.md"));
    }

    #[test]
    fn tables_are_named_by_schema() {
        let args = serde_json::json!({"sql": "SELECT name, salary FROM payroll.employees e JOIN \"marketing\".x ON 1=1"});
        assert_eq!(sql_tables(&args), vec!["marketing.x", "payroll.employees"]);
        assert!(listed(&list(&["marketing.*"]), "marketing.signups"));
        assert!(!listed(&list(&["marketing.*"]), "payroll.employees"));
        assert!(is_schema_entry("marketing.*"));
        assert!(!is_schema_entry("/home/dana/app/"));
        assert!(!is_schema_entry("docs.python.org/x"));
        // an unqualified table names no schema: nothing to judge
        assert!(sql_tables(&serde_json::json!({"sql": "SELECT 1 FROM orders"})).is_empty());
    }

    #[test]
    fn servers_known_by_host_match_their_label() {
        let s = list(&["mailhub"]);
        assert!(server_in_scope(&s, "mailhub"));
        assert!(server_in_scope(&s, "mcp-mailhub-example"));
        assert!(!server_in_scope(&s, "mcp-bankline-example"));
        assert!(!server_in_scope(&s, "mailhub2"));
        assert!(server_in_scope(
            &list(&["analytics_wh"]),
            "mcp-analytics-wh-example"
        ));
        // a two-label name is a server's own name, not a host
        assert!(!server_in_scope(&list(&["hr"]), "hr-db"));
        // the top-level label alone never matches
        assert!(!server_in_scope(&list(&["example"]), "mcp-evil-example"));
    }

    #[test]
    fn destinations_cover_subdomains_urls_and_channels() {
        let d = list(&[
            "docs.python.org",
            "#release-notes",
            "team@kelp-labs.example",
        ]);
        assert!(destination_in_scope(&d, "docs.python.org"));
        assert!(destination_in_scope(&d, "a.docs.python.org"));
        assert!(!destination_in_scope(&d, "pastecache.example"));
        assert!(!destination_in_scope(&d, "evildocs.python.org"));
        assert!(destination_in_scope(&d, "#release-notes"));
        assert!(destination_in_scope(&d, "release-notes"));
        assert!(!destination_in_scope(&d, "#general"));
        assert!(destination_in_scope(&d, "team@kelp-labs.example"));
        assert!(!destination_in_scope(&d, "x@kelp-labs.example"));
        let urls = list(&["https://vendora.example"]);
        assert!(destination_in_scope(&urls, "vendora.example"));
        assert!(!destination_in_scope(&urls, "vendorc.example"));
        assert!(is_channel_entry("#release-notes"));
        assert!(!is_channel_entry("docs.python.org"));
        assert!(!is_channel_entry("https://vendora.example"));
    }
}
