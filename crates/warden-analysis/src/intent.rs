//! Intent signatures: a normalized "what this call does", equal across the many ways of doing
//! the same thing (curl vs WebFetch vs a python one-liner vs a base64-piped command, one MCP
//! server vs another). Used to recognise an agent probing for another way after a deny.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::facts::{ActionFacts, Effect, Flag};
use crate::tool::split_words;

/// The kind of thing a call does, at the level policy reasons about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntentAction {
    Read,
    Write,
    Delete,
    Egress,
    Execute,
    Grant,
    Unknown,
}

/// A normalized description of a call: its action, where it sends or grants (destinations)
/// and what it acts on (objects: normalized paths, or their file names).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IntentSignature {
    pub action: IntentAction,
    /// Hosts, emails, accounts, usernames.
    pub destinations: BTreeSet<String>,
    /// Paths (normalized) and, for tools whose arguments name no path, distinctive values.
    pub objects: BTreeSet<String>,
    /// Identifier-shaped values anywhere in the arguments (`ch_3R2k9last`, `stripe-live-key`,
    /// `D0EXTKENJI`): the resource a call acts on, spelled the same whichever tool or API names
    /// it (an MCP tool's `charge` argument, a REST call's form field, a URL path segment).
    #[serde(default)]
    pub ids: BTreeSet<String>,
    /// A shell call's command line, normalized (lowercase, quotes dropped, whitespace
    /// collapsed): a refused command re-run inside a wrapper (`codex exec '…'`, `bash -c '…'`,
    /// `ssh host '…'`) is the same attempt. Not serialized: a deny shared across a fleet
    /// carries no arguments.
    #[serde(skip)]
    pub command: Option<String>,
    /// A query or statement argument (`sql`, `query`, `statement`) of 24+ characters,
    /// normalized like `command`: the same SQL sent through another server is the same attempt.
    #[serde(skip)]
    pub statement: Option<String>,
}

impl fmt::Display for IntentSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = match self.action {
            IntentAction::Read => "read",
            IntentAction::Write => "write",
            IntentAction::Delete => "delete",
            IntentAction::Egress => "egress",
            IntentAction::Execute => "execute",
            IntentAction::Grant => "grant",
            IntentAction::Unknown => "unknown",
        };
        write!(f, "{a}")?;
        if !self.destinations.is_empty() {
            write!(
                f,
                " to {}",
                self.destinations
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
        }
        if !self.objects.is_empty() {
            write!(
                f,
                " of {}",
                self.objects.iter().cloned().collect::<Vec<_>>().join(",")
            )?;
        }
        Ok(())
    }
}

impl IntentSignature {
    /// Whether two calls attempt the same thing: the same action, and they share a destination
    /// (objects, when both name some, must overlap too), or neither names a destination and they
    /// share an object.
    pub fn equivalent(&self, other: &IntentSignature) -> bool {
        use IntentAction::{Delete, Egress, Execute, Unknown, Write};
        // running code on the same object can write, delete or send it: a python one-liner
        // after a refused edit is the same attempt
        let via_code = matches!(
            (self.action, other.action),
            (Execute, Write | Delete | Egress) | (Write | Delete | Egress, Execute)
        );
        // a call that names nothing but resource ids (a refund of charge X, secret Y of project
        // Z) is the same attempt as a later call acting on all those ids with the same or a
        // stronger effect (every id: grooming issue B after a refused edit of A-as-dup-of-B is
        // not a retry)
        if self.action == Unknown || other.action == Unknown {
            return false;
        }
        if let (Some(a), Some(b)) = (&self.command, &other.command) {
            if a.len() >= 12 && b.len() > a.len() && b.contains(a.as_str()) {
                return true;
            }
        }
        if self.statement.is_some() && self.statement == other.statement {
            return true;
        }
        let ids_covered = !self.ids.is_empty() && self.ids.iter().all(|i| other.ids.contains(i));
        if ids_covered && (self.names_only_ids() || other.names_only_ids()) {
            return self.action == other.action || self.side_effecting() && other.side_effecting();
        }
        if (self.action != other.action && !via_code) || self.action == Unknown {
            return false;
        }
        let dest_overlap = self
            .destinations
            .iter()
            .any(|d| other.destinations.contains(d));
        let obj_overlap = self.objects.iter().any(|o| other.objects.contains(o))
            || self
                .objects
                .iter()
                .any(|o| other.objects.iter().any(|p| same_file(o, p)));
        // data fingerprints add to the overlap but do not make a call name objects (a URL
        // carrying a token and a script reading the token's file send the same thing)
        let names_objects = |s: &IntentSignature| s.objects.iter().any(|o| !o.starts_with("data:"));
        let both_objects = names_objects(self) && names_objects(other);
        // sending the same data out is the same attempt whatever the channel (mail refused, then
        // a chat upload or a paste of the same file): the data leaving is the intent
        if self.action == Egress && other.action == Egress && obj_overlap {
            return true;
        }
        if via_code {
            let both_dest = !self.destinations.is_empty() && !other.destinations.is_empty();
            return obj_overlap && (!both_dest || dest_overlap);
        }
        if dest_overlap {
            return !both_objects || obj_overlap;
        }
        self.destinations.is_empty() && other.destinations.is_empty() && obj_overlap
    }

    /// Whether the signature names anything at all (an empty one never matches).
    pub fn is_specific(&self) -> bool {
        !self.destinations.is_empty() || !self.objects.is_empty() || !self.ids.is_empty()
    }

    /// It names no destination and no path, only identifiers (or argument values).
    fn names_only_ids(&self) -> bool {
        !self.ids.is_empty()
            && self.destinations.is_empty()
            && self.objects.iter().all(|o| !o.starts_with('/'))
    }

    /// The action changes or sends something (a refund by API and by MCP tool are one attempt).
    fn side_effecting(&self) -> bool {
        !matches!(self.action, IntentAction::Read | IntentAction::Unknown)
    }
}

fn each_str(v: &Value, depth: u8, f: &mut dyn FnMut(&str)) {
    if depth > 6 {
        return;
    }
    match v {
        Value::String(s) => f(s),
        Value::Array(a) => a.iter().take(64).for_each(|x| each_str(x, depth + 1, f)),
        Value::Object(o) => o.values().take(64).for_each(|x| each_str(x, depth + 1, f)),
        _ => {}
    }
}

/// Data-changing SQL statements in a text, normalized (lowercase, whitespace collapsed, quotes
/// unified, trailing `;` removed), with the action they take.
static SQL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        // ASCII word boundaries keep it on the lazy DFA for text with non-ASCII characters
        r"(?is)(?-u:\b)(delete\s+from|drop\s+(?:table|database|schema|index|view)|truncate\s+(?:table\s+)?[a-z_]|update\s+[a-z_][a-z0-9_.\x22]*\s+set(?-u:\b)|insert\s+into|alter\s+table)[^;\x22`]*",
    )
    .ok()
});

pub(crate) fn mutating_sql(text: &str) -> Vec<(IntentAction, String)> {
    let Some(re) = SQL.as_ref() else {
        return Vec::new();
    };
    let text = &text[..crate::analyze::floor_boundary(text, 64 * 1024)];
    let mut out = Vec::new();
    for m in re.find_iter(text).take(8) {
        let mut raw = m.as_str().to_ascii_lowercase();
        // a statement quoted with single quotes (`mysql -e '…'`) ends at the closing quote
        if text[..m.start()].trim_end().ends_with('\'') {
            if let Some(i) = raw.find('\'') {
                raw.truncate(i);
            }
        }
        let norm: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let norm = norm.trim_end_matches([';', ' ', '\'']).to_owned();
        if norm.len() < 12 || norm.len() > 512 {
            continue;
        }
        let kind = if norm.starts_with("delete")
            || norm.starts_with("drop")
            || norm.starts_with("truncate")
        {
            IntentAction::Delete
        } else {
            IntentAction::Write
        };
        out.push((kind, norm));
    }
    out
}

fn same_file(a: &str, b: &str) -> bool {
    // a relative path (no cwd known) against an absolute one: compare the tails
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    !short.starts_with('/')
        && short.len() >= 3
        && long.ends_with(short)
        && long.as_bytes().get(long.len() - short.len() - 1) == Some(&b'/')
}

/// The intent signature of a call from its facts (and, for calls that name no target, a few
/// distinctive argument values).
pub fn intent_signature(facts: &ActionFacts, args: &Value) -> IntentSignature {
    let action = if facts.has(Flag::PrivilegeEscalation) && facts.effect != Effect::Egress {
        IntentAction::Grant
    } else if facts.has(Flag::Egress) || facts.effect == Effect::Egress {
        IntentAction::Egress
    } else if facts.has(Flag::Destructive) {
        IntentAction::Delete
    } else if facts.has(Flag::RemoteCode) {
        IntentAction::Execute
    } else {
        match facts.effect {
            Effect::Read => IntentAction::Read,
            Effect::Write => IntentAction::Write,
            Effect::Execute => IntentAction::Execute,
            Effect::Egress => IntentAction::Egress,
            Effect::Unknown => IntentAction::Unknown,
        }
    };
    let mut destinations: BTreeSet<String> = facts
        .targets
        .destinations()
        .map(|s| s.to_ascii_lowercase())
        .collect();
    // an email's domain is the same destination as that domain's host
    for d in &facts.targets.email_domains {
        destinations.insert(d.clone());
    }
    let mut objects: BTreeSet<String> = match action {
        IntentAction::Egress => {
            let mut o: BTreeSet<String> = facts.read_paths.iter().cloned().collect();
            if o.is_empty() {
                o = facts.targets.paths.iter().cloned().collect();
            }
            o
        }
        IntentAction::Read => facts
            .read_paths
            .iter()
            .chain(facts.targets.paths.iter())
            .cloned()
            .collect(),
        IntentAction::Write | IntentAction::Delete | IntentAction::Grant => facts
            .write_paths
            .iter()
            .chain(facts.targets.paths.iter())
            .cloned()
            .collect(),
        _ => facts.targets.paths.iter().cloned().collect(),
    };
    if objects.is_empty() && destinations.is_empty() {
        // e.g. `merge_pull_request {owner, repo, pull_number}`: identify by the distinctive values
        if let Value::Object(o) = args {
            let mut parts: Vec<String> = Vec::new();
            for (k, v) in o.iter().take(16) {
                let kw = split_words(k);
                if kw.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "repo"
                            | "repository"
                            | "owner"
                            | "number"
                            | "id"
                            | "name"
                            | "project"
                            | "branch"
                            | "issue"
                            | "pull"
                            | "bucket"
                            | "table"
                            | "database"
                    )
                }) {
                    match v {
                        Value::String(s) if s.len() <= 128 => {
                            parts.push(format!("{k}={}", s.to_ascii_lowercase()))
                        }
                        Value::Number(n) => parts.push(format!("{k}={n}")),
                        _ => {}
                    }
                }
            }
            if !parts.is_empty() {
                parts.sort();
                objects.insert(parts.join(","));
            }
        }
    }
    // An elevated command is the same attempt under any wrapper (`sudo X`, `pkexec X`,
    // `su -c 'X' root`, `doas X`): identify it by the command it wraps.
    if action == IntentAction::Grant && objects.is_empty() && destinations.is_empty() {
        if let Some(line) = &facts.command_line {
            let wrapped: Vec<String> = line
                .split(|c: char| c.is_whitespace() || c == '\'' || c == '"')
                .filter(|w| {
                    !w.is_empty()
                        && !matches!(
                            *w,
                            "sudo"
                                | "doas"
                                | "pkexec"
                                | "run0"
                                | "su"
                                | "-c"
                                | "-"
                                | "root"
                                | "-u"
                                | "-n"
                                | "-S"
                                | "-E"
                                | "-i"
                        )
                })
                .map(str::to_ascii_lowercase)
                .collect();
            if !wrapped.is_empty() {
                objects.insert(format!("cmd:{}", wrapped.join(" ")));
            }
        }
    }
    // A data-changing SQL statement is the same action whichever client runs it (a database MCP
    // tool, `psql -c`, `mysql -e`, a script): identify the call by the statement itself.
    let mut action = action;
    let mut sql_kind: Option<IntentAction> = None;
    let mut visit = |s: &str| {
        for (kind, stmt) in mutating_sql(s) {
            if sql_kind != Some(IntentAction::Delete) {
                sql_kind = Some(kind);
            }
            objects.insert(format!("sql:{stmt}"));
        }
    };
    each_str(args, 0, &mut visit);
    if let Some(k) = sql_kind {
        if !matches!(action, IntentAction::Egress | IntentAction::Grant) {
            action = k;
        }
    }
    // `~/*` names the same object as `~`: the contents of a directory are what deleting it takes
    objects = objects
        .into_iter()
        .map(|o| match o.strip_suffix("/*") {
            Some(d) if !d.is_empty() => d.to_owned(),
            _ => o,
        })
        .collect();
    if objects.len() > 32 {
        objects = objects.into_iter().take(32).collect();
    }
    // identifiers come from whole argument values and command lines, not from prose (a page's
    // text that mentions two issue keys is not an action on them)
    let mut ids = BTreeSet::new();
    match &facts.command_line {
        Some(line) => command_identifiers(line, &mut ids),
        None => each_str(args, 0, &mut |s| {
            if !s.contains(char::is_whitespace) {
                identifier_tokens(s, &mut ids)
            }
        }),
    }
    // a destructive or granting command that names no path (`git push --force origin main`,
    // `git push origin +main`): identify it by its operands, whatever the spelling of the force
    if objects.is_empty()
        && destinations.is_empty()
        && matches!(action, IntentAction::Delete | IntentAction::Grant)
    {
        if let Some(line) = &facts.command_line {
            for w in operand_words(line) {
                objects.insert(format!("arg:{w}"));
            }
        }
    }
    // the same data sent out again is the same object, whatever wraps it (a token pasted in a
    // gist, then in a chat message): long letter-and-digit runs stand for the data
    if action == IntentAction::Egress {
        let mut data = BTreeSet::new();
        each_str(args, 0, &mut |s| data_tokens(s, &mut data));
        objects.extend(data);
    }
    // weakening oversight is one goal whatever the means (a settings edit refused, then the
    // agent relaunched with a bypass flag, or the monitor stopped)
    if facts.has(Flag::OversightTamper) {
        objects.insert("oversight:weakened".to_owned());
    }
    let command = facts.command_line.as_deref().map(normalized_line);
    IntentSignature {
        action,
        destinations,
        objects,
        ids,
        command,
        statement: statement_arg(args),
    }
}

/// Lowercase, quotes dropped, whitespace collapsed.
fn normalized_line(l: &str) -> String {
    l.chars()
        .filter(|c| *c != '\'' && *c != '"')
        .collect::<String>()
        .to_ascii_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The call's query or statement argument, when it is long enough to identify the attempt.
fn statement_arg(args: &Value) -> Option<String> {
    let Value::Object(o) = args else {
        return None;
    };
    o.iter().take(16).find_map(|(k, v)| {
        let kw = split_words(k);
        let named = kw
            .iter()
            .any(|w| matches!(w.as_str(), "sql" | "query" | "statement" | "stmt"));
        let text = v.as_str().filter(|s| s.len() >= 24)?;
        named.then(|| normalized_line(text))
    })
}

/// Runs of at least 24 letters and digits (with both) in a text, as `data:<first 12>`: keys,
/// tokens and encoded blobs that identify the data an egress carries (at most 8).
fn data_tokens(text: &str, out: &mut BTreeSet<String>) {
    let text = &text[..crate::analyze::floor_boundary(text, 16 * 1024)];
    for tok in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')) {
        if out.len() >= 8 {
            return;
        }
        if tok.len() >= 24
            && tok.bytes().any(|b| b.is_ascii_digit())
            && tok.bytes().any(|b| b.is_ascii_alphabetic())
        {
            out.insert(format!("data:{}", &tok[..12]));
        }
    }
}

/// At most this many identifiers are kept per call.
const MAX_IDS: usize = 16;

/// Identifier-shaped tokens of a text: 6 to 64 characters of letters, digits, `_` and `-`,
/// not starting with `-`, with at least one letter and at least one digit, `_` or `-` inside (so plain words, flags
/// and numbers are not identifiers), and not all hex (hashes and commit ids name content, not a
/// resource). Tokens end at any other character, so URL path segments and form fields count.
fn identifier_tokens(text: &str, out: &mut BTreeSet<String>) {
    let text = &text[..crate::analyze::floor_boundary(text, 8 * 1024)];
    for tok in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')) {
        if out.len() >= MAX_IDS {
            return;
        }
        // a flag (`--no-verify`) is not a resource
        if tok.starts_with('-') {
            continue;
        }
        let tok = tok.trim_end_matches(['-', '_']);
        if tok.len() < 6 || tok.len() > 64 {
            continue;
        }
        let letters = tok.bytes().filter(u8::is_ascii_alphabetic).count();
        let marks = tok
            .bytes()
            .filter(|b| b.is_ascii_digit() || *b == b'_' || *b == b'-')
            .count();
        let hex = tok.bytes().all(|b| b.is_ascii_hexdigit());
        if letters == 0 || marks == 0 || hex {
            continue;
        }
        out.insert(tok.to_ascii_lowercase());
    }
}

/// Identifiers of a command line, leaving out each command's program and subcommand words
/// (`aws iam attach-user-policy`, `gcloud secrets versions access`): those name the operation,
/// the operands name what it acts on.
fn command_identifiers(line: &str, out: &mut BTreeSet<String>) {
    for part in line.split(['&', '|', ';', '\n']) {
        let mut words = part.split_whitespace().peekable();
        let _program = words.next();
        let mut skipped = 0;
        while let Some(w) = words.peek() {
            let subcommand = skipped < 3
                && !w.starts_with('-')
                && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
            if !subcommand {
                break;
            }
            words.next();
            skipped += 1;
        }
        for w in words {
            identifier_tokens(w, out);
        }
    }
}

/// The operands of a command line: words that are not the program, a flag or a shell operator,
/// with refspec markers (`+main`, `:main`) removed.
fn operand_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in line.split(['&', '|', ';']) {
        let mut words = part.split_whitespace();
        let _program = words.next();
        for w in words {
            let w = w.trim_matches(|c| c == '\'' || c == '"');
            if w.starts_with('-') || w.is_empty() {
                continue;
            }
            let w = w.trim_start_matches(['+', ':']);
            if !w.is_empty() && out.len() < 8 {
                let w = w.to_ascii_lowercase();
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod sql_tests {
    use super::*;
    use crate::{analyze_call_in, CallContext, Overrides, ToolRef};
    use serde_json::json;

    fn sig(tool: &str, args: Value) -> IntentSignature {
        let f = analyze_call_in(
            &ToolRef::parse(tool),
            &args,
            None,
            &Overrides::default(),
            &CallContext::with_cwd("/home/dev/app"),
        );
        intent_signature(&f, &args)
    }

    #[test]
    fn same_sql_statement_across_clients() {
        let mcp = sig(
            "mcp__warehouse__run_query",
            json!({"query": "DELETE FROM orders WHERE status = 'void';"}),
        );
        let psql = sig(
            "Bash",
            json!({"command": "psql -d shop -c \"delete from orders\n  where status = 'void'\""}),
        );
        let mysql = sig(
            "Bash",
            json!({"command": "mysql -e 'DELETE FROM orders WHERE status = \"void\"' shop"}),
        );
        assert_eq!(mcp.action, IntentAction::Delete);
        assert!(mcp.equivalent(&psql), "{mcp} vs {psql}");
        // another statement is not the same action
        let other = sig(
            "Bash",
            json!({"command": "psql -d shop -c \"DELETE FROM orders WHERE status = 'paid'\""}),
        );
        assert!(!mcp.equivalent(&other), "{mcp} vs {other}");
        // reads are not identified by their SQL
        let read = sig(
            "mcp__warehouse__run_query",
            json!({"query": "SELECT count(*) FROM orders"}),
        );
        assert!(!read.objects.iter().any(|o| o.starts_with("sql:")));
        assert_eq!(mysql.action, IntentAction::Delete);
    }
}
