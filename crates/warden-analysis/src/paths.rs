//! Paths: normalization against the session's cwd and home, and the classes of paths that
//! matter (credential stores, agent settings, startup/persistence files, system locations).

use crate::glob::glob_match;

/// Where relative paths and `~` resolve.
#[derive(Clone, Copy, Debug, Default)]
pub struct PathCtx<'a> {
    pub cwd: Option<&'a str>,
    pub home: Option<&'a str>,
}

/// The home directory implied by a cwd (`/home/<u>/…`, `/Users/<u>/…`, `/root/…`).
pub fn guess_home(cwd: &str) -> Option<String> {
    let mut parts = cwd.split('/').filter(|s| !s.is_empty());
    match parts.next()? {
        "root" => Some("/root".to_owned()),
        top @ ("home" | "Users") => parts.next().map(|u| format!("/{top}/{u}")),
        _ => None,
    }
}

/// Expands `~`, `$HOME`, `${HOME}`, joins relative paths onto the cwd and collapses `.`/`..`.
/// Paths that cannot be resolved (relative without a cwd) are cleaned but kept relative.
pub fn normalize(raw: &str, ctx: PathCtx<'_>) -> String {
    let raw = raw.trim();
    // Windows spellings (`C:\Users\dev\x`, `$env:USERPROFILE\x`, `~\x`) read the POSIX way
    let win;
    let raw = if raw.contains('\\') || raw.starts_with('$') || raw.starts_with('%') {
        win = crate::shell::posix_path(raw);
        win.as_str()
    } else {
        raw
    };
    let mut s: String;
    let home = ctx.home;
    if let Some(rest) = raw
        .strip_prefix("${HOME}")
        .or_else(|| raw.strip_prefix("$HOME"))
        .or_else(|| {
            raw.strip_prefix('~')
                .filter(|r| r.is_empty() || r.starts_with('/'))
        })
    {
        s = match home {
            Some(h) => format!("{h}{rest}"),
            None => format!("~{rest}"),
        };
    } else {
        s = raw.to_owned();
    }
    if !s.starts_with('/') && !s.starts_with('~') {
        if let Some(cwd) = ctx.cwd {
            s = format!("{}/{}", cwd.trim_end_matches('/'), s);
        }
    }
    let absolute = s.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for seg in s.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if matches!(out.last(), Some(l) if *l != "..") {
                    out.pop();
                } else if !absolute {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    let joined = out.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

/// Whether `path` is `root` or below it (both normalized).
pub fn is_within(path: &str, root: &str) -> bool {
    let root = root.trim_end_matches('/');
    if root.is_empty() {
        return path.starts_with('/');
    }
    path == root || (path.starts_with(root) && path.as_bytes().get(root.len()) == Some(&b'/'))
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn in_home<'a>(path: &'a str, home: Option<&str>) -> Option<&'a str> {
    if let Some(h) = home {
        if let Some(rest) = path.strip_prefix(h.trim_end_matches('/')) {
            if rest.starts_with('/') {
                return Some(rest);
            }
        }
    }
    path.strip_prefix('~').filter(|r| r.starts_with('/'))
}

/// The kind of credential store a normalized path is, if any.
pub fn credential_store(path: &str, home: Option<&str>, extra: &[String]) -> Option<&'static str> {
    let base = basename(path);
    let lower = base.to_ascii_lowercase();
    if lower == ".env" {
        return Some("dotenv file");
    }
    if let Some(suffix) = lower.strip_prefix(".env.") {
        const PUBLIC: &[&str] = &[
            "example",
            "sample",
            "template",
            "dist",
            "defaults",
            "default",
            "schema",
            "tpl",
            "example.local",
            "md",
        ];
        return if PUBLIC.contains(&suffix) {
            None
        } else {
            Some("dotenv file")
        };
    }
    // another process's environment (`/proc/1/environ`): its variables carry its secrets
    if lower == "environ" && path.starts_with("/proc/") {
        return Some("process environment");
    }
    let has = |needle: &str| path.contains(needle);
    if has("/.aws/credentials") || has("/.aws/config") || path.ends_with(".aws/credentials") {
        return Some("AWS credentials");
    }
    // the CLI's cached SSO access tokens and assumed-role session credentials
    if has("/.aws/sso/cache/") || has("/.aws/cli/cache/") {
        return Some("AWS cached session tokens");
    }
    if (has("/.ssh/") || path.starts_with(".ssh/"))
        && (lower.starts_with("id_") || lower == "identity")
        && !lower.ends_with(".pub")
    {
        return Some("SSH private key");
    }
    // a whole credential directory (archived, copied or synced as one)
    if let Some(rel) = in_home(path.trim_end_matches('/'), home) {
        match rel {
            "/.ssh" => return Some("SSH key directory"),
            "/.aws" => return Some("AWS credentials directory"),
            "/.gnupg" => return Some("GnuPG keyring"),
            "/.kube" => return Some("kubeconfig directory"),
            "/.docker" => return Some("Docker credentials directory"),
            "/.config/gh" => return Some("GitHub CLI directory"),
            "/.config/gcloud" => return Some("gcloud credentials directory"),
            "/.azure" => return Some("Azure credentials directory"),
            _ => {}
        }
    }
    match lower.as_str() {
        ".netrc" | "_netrc" => return Some("netrc"),
        ".git-credentials" => return Some("git credentials"),
        ".pgpass" => return Some("PostgreSQL password file"),
        ".pypirc" => return Some("PyPI credentials"),
        ".vault-token" => return Some("Vault token"),
        // shell and client histories keep the tokens and passwords typed on command lines
        ".bash_history" | ".zsh_history" | ".histfile" | ".sh_history" | "fish_history"
        | ".psql_history" | ".mysql_history" | ".rediscli_history" => {
            return Some("command history")
        }
        "shadow" | "gshadow" if path.starts_with("/etc/") => return Some("system password hashes"),
        _ => {}
    }
    // browsers' saved-password and session-cookie databases (Chromium profiles, Firefox)
    let firefox = path.to_ascii_lowercase().contains("firefox/");
    if matches!(lower.as_str(), "login data" | "login data for account")
        || (lower == "cookies" && (has("/Default/") || has("/Profile ")))
        || (firefox
            && matches!(
                lower.as_str(),
                "logins.json" | "key4.db" | "key3.db" | "cookies.sqlite"
            ))
    {
        return Some("browser saved logins");
    }
    if lower == ".npmrc" && in_home(path, home).is_some_and(|r| r == "/.npmrc") {
        return Some("npm token file");
    }
    // application database config holding connection passwords (Rails `config/database.yml`)
    if matches!(lower.as_str(), "database.yml" | "database.yaml")
        && (has("/config/") || path.starts_with("config/"))
    {
        return Some("database config");
    }
    if has("/.kube/config") || path.ends_with(".kube/config") {
        return Some("kubeconfig");
    }
    if has("/.docker/config.json") {
        return Some("Docker registry credentials");
    }
    if has("/.config/gcloud/")
        && (lower.contains("credential") || lower.ends_with(".db") || has("legacy_credentials"))
    {
        return Some("gcloud credentials");
    }
    if has("/.azure/") && (lower.contains("token") || lower.contains("msal")) {
        return Some("Azure credentials");
    }
    if has("/.cargo/credentials") || has("/.gem/credentials") {
        return Some("package registry credentials");
    }
    if in_home(path, home).is_some_and(|r| r == "/.claude.json")
        || has("/.claude/.credentials.json")
    {
        return Some("Claude Code credentials");
    }
    if has("/.codex/auth.json") {
        return Some("Codex credentials");
    }
    if has("/.config/gh/hosts.yml") {
        return Some("GitHub CLI token");
    }
    if has("/Library/Keychains/") || lower.ends_with(".keychain") || lower.ends_with(".keychain-db")
    {
        return Some("keychain");
    }
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if matches!(ext, "pem" | "key" | "p12" | "pfx" | "jks" | "keystore")
        && !lower.ends_with(".pub.pem")
        && !lower.contains("public")
        && !lower.contains("cert")
        && !lower.contains("chain")
        && !lower.contains("ca.")
    {
        return Some("private key file");
    }
    let stem = lower.split('.').next().unwrap_or("");
    // `secrets.example.yml`, `credentials.sample.json`: a committed template, like `.env.example`
    let template = lower.split('.').skip(1).any(|s| {
        matches!(
            s,
            "example" | "sample" | "template" | "dist" | "tpl" | "defaults" | "default"
        )
    });
    if template {
        return extra
            .iter()
            .any(|g| glob_match(g, path))
            .then_some("configured credential store");
    }
    if (stem == "credentials" || stem.ends_with("-credentials") || stem.ends_with("_credentials"))
        && matches!(
            ext,
            "" | "json" | "yml" | "yaml" | "toml" | "ini" | "xml" | "db" | "credentials"
        )
    {
        return Some("credentials file");
    }
    if matches!(stem, "secrets" | ".secrets")
        && matches!(
            ext,
            "" | "json" | "yml" | "yaml" | "toml" | "env" | "secrets"
        )
    {
        return Some("secrets file");
    }
    if extra.iter().any(|g| glob_match(g, path)) {
        return Some("configured credential store");
    }
    None
}

/// Agent hook / permission settings and Warden's own configuration.
pub fn agent_settings(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let base = basename(&lower);
    if lower.contains(".claude/") && base.starts_with("settings") && base.ends_with(".json") {
        return Some("Claude Code settings");
    }
    if base == "managed-settings.json" {
        return Some("Claude Code managed settings");
    }
    if lower.ends_with(".codex/config.toml") {
        return Some("Codex config");
    }
    if lower.ends_with(".cursor/hooks.json")
        || lower.ends_with(".cursor/cli-config.json")
        || lower.ends_with(".cursor/cli.json")
    {
        return Some("Cursor hooks");
    }
    if lower.ends_with(".gemini/settings.json") {
        return Some("Gemini CLI settings");
    }
    if lower.contains("/.warden/") || lower.starts_with(".warden/") || base == "warden.toml" {
        return Some("Warden configuration");
    }
    // any agent's hook list in its config folder (`.codex/hooks.json`, `.claude/hooks.json`)
    if base == "hooks.json"
        && [".claude/", ".codex/", ".gemini/", ".cursor/"]
            .iter()
            .any(|d| lower.contains(d))
    {
        return Some("agent hooks");
    }
    // Warden's system state: its audit log, spool and configuration under /var and /etc
    if ["/var/", "/etc/", "/opt/"]
        .iter()
        .any(|r| lower.starts_with(r))
        && lower.split('/').any(|part| part == "warden")
    {
        return Some("Warden's state");
    }
    // … and its per-user state (event log, database, spool) in the platform's data folders
    let user_data = [
        "/.local/share/",
        "/.local/state/",
        "/.config/",
        "/library/application support/",
        "/appdata/",
    ];
    if user_data.iter().any(|d| lower.contains(d)) && lower.contains("/warden/") {
        return Some("Warden's state");
    }
    None
}

/// Warden's own programs and the agents' hook scripts: deleting one or moving it away turns
/// the hooks into no-ops (the agent runs a hook command that no longer exists and carries on).
pub fn hook_program(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let base = basename(&lower);
    let installed = ["/bin/", "/sbin/", "/libexec/", "/program files"]
        .iter()
        .any(|d| lower.contains(d));
    if base.starts_with("warden") && (installed || base.ends_with(".exe")) {
        return Some("Warden's hook program");
    }
    if [
        ".claude/hooks/",
        ".cursor/hooks/",
        ".gemini/hooks/",
        ".codex/hooks/",
    ]
    .iter()
    .any(|d| lower.contains(d))
        && !base.is_empty()
    {
        return Some("an agent hook script");
    }
    None
}

/// MCP client configuration (which servers an agent talks to, and at what URL or command):
/// rerouting a server in it can take the agent's MCP traffic around a gateway.
pub fn mcp_client_config(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let base = basename(&lower);
    if base == ".mcp.json"
        || base == "mcp.json"
        || base == "mcp_config.json"
        || base == "claude_desktop_config.json"
        || base == ".claude.json"
    {
        return Some("MCP client config");
    }
    None
}

/// Shell startup files and other persistence locations.
pub fn startup_file(path: &str, home: Option<&str>) -> Option<&'static str> {
    let base = basename(path);
    const RC: &[&str] = &[
        ".bashrc",
        ".bash_profile",
        ".bash_login",
        ".bash_logout",
        ".profile",
        ".zshrc",
        ".zprofile",
        ".zshenv",
        ".zlogin",
        ".kshrc",
        ".cshrc",
        ".tcshrc",
    ];
    if RC.contains(&base) {
        return Some("shell startup file");
    }
    if path.ends_with("/.config/fish/config.fish")
        || path == "/etc/profile"
        || path.starts_with("/etc/profile.d/")
        || path == "/etc/bash.bashrc"
        || path == "/etc/environment"
        || path.starts_with("/etc/zsh/")
    {
        return Some("shell startup file");
    }
    if path.starts_with("/etc/cron") || path.starts_with("/var/spool/cron") {
        return Some("crontab");
    }
    if path.starts_with("/etc/systemd/")
        || path.starts_with("/lib/systemd/")
        || path.starts_with("/usr/lib/systemd/")
        || path.contains("/.config/systemd/")
    {
        return Some("systemd unit");
    }
    if path.contains("/Library/LaunchAgents/") || path.contains("/Library/LaunchDaemons/") {
        return Some("launchd job");
    }
    if (path.contains("/.git/hooks/") || path.starts_with(".git/hooks/"))
        && !base.ends_with(".sample")
    {
        return Some("git hook");
    }
    if path == "/etc/rc.local" || path.starts_with("/etc/init.d/") {
        return Some("init script");
    }
    if base == "authorized_keys" {
        return Some("SSH authorized_keys");
    }
    if path == "/etc/ld.so.preload" {
        return Some("loader preload");
    }
    let _ = home;
    None
}

/// System locations whose permissions or ownership an agent has no business changing.
pub fn sensitive_system_path(path: &str) -> bool {
    if path == "/" {
        return true;
    }
    const ROOTS: &[&str] = &[
        "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/boot", "/root", "/var", "/sys",
        "/proc", "/dev", "/System", "/Library",
    ];
    // Windows system trees, spelled the POSIX way (`C:\Windows` → `/Windows`), any case
    const WINDOWS_ROOTS: &[&str] = &[
        "/windows",
        "/program files",
        "/program files (x86)",
        "/programdata",
    ];
    let lower = path.to_ascii_lowercase();
    ROOTS.iter().any(|r| is_within(path, r))
        || WINDOWS_ROOTS.iter().any(|r| is_within(&lower, r))
        || path.contains("/.ssh")
}

/// Paths whose recursive deletion is catastrophic: the root, top-level system directories, the
/// home directory, any ancestor of the workspace, and the workspace itself.
pub fn catastrophic_delete_target(path: &str, ctx: PathCtx<'_>) -> bool {
    let p = path.trim_end_matches("/*").trim_end_matches('*');
    let p = if p.len() > 1 {
        p.trim_end_matches('/')
    } else {
        p
    };
    if p.is_empty() || p == "/" || p == "~" || p == "/*" {
        return true;
    }
    const TOP: &[&str] = &[
        "/etc",
        "/usr",
        "/bin",
        "/sbin",
        "/lib",
        "/lib64",
        "/boot",
        "/root",
        "/var",
        "/home",
        "/Users",
        "/opt",
        "/srv",
        "/sys",
        "/proc",
        "/dev",
        "/System",
        "/Library",
        "/Applications",
        "/mnt",
        "/media",
    ];
    if TOP.contains(&p) {
        return true;
    }
    if let Some(h) = ctx.home {
        let h = h.trim_end_matches('/');
        if p == h {
            return true;
        }
        // a top-level folder of the user's home (Documents, Pictures, a projects folder): the
        // user's own data, not a build output or a cache (hidden folders are tools' state)
        if let Some(child) = p.strip_prefix(h).and_then(|r| r.strip_prefix('/')) {
            if !child.is_empty() && !child.contains('/') && !child.starts_with('.') {
                return true;
            }
        }
    }
    // where services keep their state and the system its configuration: a database's data
    // directory, /etc, /boot (not /usr/local, where people install tools by hand, nor /srv,
    // where deployments keep release folders that are cleaned routinely)
    const SYSTEM_DATA: &[&str] = &["/var/lib/", "/etc/", "/boot/", "/var/log/"];
    if SYSTEM_DATA.iter().any(|d| p.starts_with(d)) {
        return true;
    }
    if let Some(cwd) = ctx.cwd {
        let cwd = cwd.trim_end_matches('/');
        if is_within(cwd, p) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTX: PathCtx<'static> = PathCtx {
        cwd: Some("/home/dev/app"),
        home: Some("/home/dev"),
    };

    #[test]
    fn normalizes() {
        assert_eq!(normalize(".env", CTX), "/home/dev/app/.env");
        assert_eq!(
            normalize("~/.aws/credentials", CTX),
            "/home/dev/.aws/credentials"
        );
        assert_eq!(normalize("$HOME/.ssh/id_rsa", CTX), "/home/dev/.ssh/id_rsa");
        assert_eq!(normalize("../x/./y", CTX), "/home/dev/x/y");
        assert_eq!(normalize("/a/../../b", CTX), "/b");
        assert_eq!(normalize("~/", CTX), "/home/dev");
        assert_eq!(normalize("src/x", PathCtx::default()), "src/x");
        assert_eq!(guess_home("/home/dev/app").as_deref(), Some("/home/dev"));
        assert_eq!(guess_home("/Users/ann").as_deref(), Some("/Users/ann"));
        assert_eq!(guess_home("/srv/x"), None);
    }

    #[test]
    fn credential_stores() {
        let h = Some("/home/dev");
        for p in [
            "/home/dev/app/.env",
            "/home/dev/app/.env.production",
            "/home/dev/.aws/credentials",
            "/home/dev/.ssh/id_ed25519",
            "/home/dev/.netrc",
            "/Users/dev/Library/Application Support/Google/Chrome/Default/Login Data",
            "/home/dev/.mozilla/firefox/ab12.default/logins.json",
            "/home/dev/.npmrc",
            "/home/dev/.kube/config",
            "/home/dev/.docker/config.json",
            "/home/dev/.claude.json",
            "/home/dev/.codex/auth.json",
            "/home/dev/.config/gh/hosts.yml",
            "/home/dev/app/server.key",
            "/etc/shadow",
            "/home/dev/.config/gcloud/application_default_credentials.json",
            "/home/dev/.vault-token",
            "/srv/billing/config/database.yml",
            "/home/dev/.zsh_history",
            "/home/dev/.local/share/fish/fish_history",
        ] {
            assert!(credential_store(p, h, &[]).is_some(), "{p}");
        }
        for p in [
            "/home/dev/app/.env.example",
            "/home/dev/app/.env.sample",
            "/home/dev/app/.env.template",
            "/home/dev/.ssh/id_ed25519.pub",
            "/home/dev/.ssh/known_hosts",
            "/home/dev/app/.npmrc",
            "/home/dev/app/src/credentials.rs",
            "/home/dev/app/fixtures/logins.json",
            "/home/dev/app/README.md",
            "/home/dev/app/certs/ca.pem",
            "/home/dev/app/environment.ts",
            "/home/dev/app/config/database.yml.example",
            "/home/dev/app/db/schema/database.yml.md",
            "/home/dev/app/src/history.ts",
            "/home/dev/app/docs/bash_history.md",
        ] {
            assert!(credential_store(p, h, &[]).is_none(), "{p}");
        }
    }

    #[test]
    fn catastrophic_targets() {
        for p in ["/", "/home/dev", "/home", "/etc", "/home/dev/app", "/*"] {
            assert!(catastrophic_delete_target(p, CTX), "{p}");
        }
        for p in [
            "/home/dev/app/node_modules",
            "/home/dev/app/target",
            "/tmp/build",
            "/home/dev/.cache/pip",
        ] {
            assert!(!catastrophic_delete_target(p, CTX), "{p}");
        }
    }

    #[test]
    fn settings_and_startup() {
        assert!(agent_settings("/home/dev/app/.claude/settings.json").is_some());
        assert!(agent_settings("/home/dev/app/.claude/settings.local.json").is_some());
        assert!(agent_settings("/home/dev/.codex/config.toml").is_some());
        assert!(agent_settings("/home/dev/app/src/settings.json").is_none());
        assert!(startup_file("/home/dev/.bashrc", None).is_some());
        assert!(startup_file("/home/dev/app/.git/hooks/pre-commit", None).is_some());
        assert!(startup_file("/home/dev/app/.git/hooks/pre-commit.sample", None).is_none());
        assert!(agent_settings("/home/abi/db/.codex/hooks.json").is_some());
        assert!(agent_settings("/var/lib/warden/audit.log").is_some());
        assert!(agent_settings("/home/abi/src/warden/audit.log").is_none());
        assert!(agent_settings("/home/abi/.local/share/warden/events.log").is_some());
        assert!(
            agent_settings("/Users/abi/Library/Application Support/Warden/events.db").is_some()
        );
        assert!(agent_settings("/home/abi/.local/share/Steam/warden.txt").is_none());
        assert!(agent_settings("/home/abi/web/public/hooks.json").is_none());
        assert!(hook_program("/usr/local/bin/warden").is_some());
        assert!(hook_program("/home/ana/.claude/hooks/audit.sh").is_some());
        assert!(hook_program("C:/Program Files/Warden/warden.exe").is_some());
        assert!(hook_program("/home/ana/src/warden/README.md").is_none());
        assert!(hook_program("/home/ana/.local/bin/rg").is_none());
        assert!(startup_file("/home/dev/app/src/profile.rs", None).is_none());
    }
}
