//! `warden install <agent>`: point an agent's hooks at Warden, preserving its settings.
//!
//! Writes (or with `--print`, prints) the hook entries into the agent's settings file. Existing
//! settings and hooks are kept; running it twice changes nothing; a settings file that is not
//! valid JSON is left alone with an error rather than overwritten.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{json, Map, Value};

pub struct InstallOptions {
    pub agent: String,
    pub user_scope: bool,
    pub print: bool,
    pub http: bool,
    pub gateway: String,
    /// Project root for project scope (default: the current directory).
    pub project: Option<PathBuf>,
}

/// Claude Code hook events Warden listens to, and whether each takes a tool matcher.
const CLAUDE_EVENTS: &[(&str, bool)] = &[
    ("PreToolUse", true),
    ("PostToolUse", true),
    ("UserPromptSubmit", false),
    ("SessionStart", false),
    ("SessionEnd", false),
    ("Stop", false),
    ("SubagentStop", false),
    ("Notification", false),
    ("PreCompact", false),
];

pub fn run(opts: InstallOptions) -> Result<ExitCode, String> {
    match opts.agent.as_str() {
        "claude-code" => claude_code(&opts),
        other => Err(format!(
            "`warden install` supports claude-code; for {other:?} see docs/agent-hooks.md for the snippet to add by hand"
        )),
    }
}

fn claude_code(opts: &InstallOptions) -> Result<ExitCode, String> {
    let path = if opts.user_scope {
        let home = std::env::var_os("HOME").ok_or("HOME is not set; use project scope")?;
        PathBuf::from(home).join(".claude/settings.json")
    } else {
        let root = match &opts.project {
            Some(p) => p.clone(),
            None => std::env::current_dir().map_err(|e| e.to_string())?,
        };
        root.join(".claude/settings.json")
    };
    let hook = if opts.http {
        json!({"type": "http", "url": format!("{}/v1/hooks/claude-code", opts.gateway.trim_end_matches('/')), "timeout": 10})
    } else {
        let command = if opts.gateway == DEFAULT_GATEWAY {
            "warden hook claude-code".to_owned()
        } else {
            format!("warden hook claude-code --gateway {}", opts.gateway)
        };
        json!({"type": "command", "command": command, "timeout": 10})
    };
    let mut settings = read_settings(&path)?;
    let added = add_claude_hooks(&mut settings, &hook)?;
    let text = serde_json::to_string_pretty(&settings).map_err(|e| e.to_string())? + "\n";
    if opts.print {
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    if added == 0 {
        println!(
            "{} already sends every hook to Warden; nothing changed",
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    write_settings(&path, &text)?;
    println!(
        "added Warden to {} hook events in {}",
        added,
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub const DEFAULT_GATEWAY: &str = "http://127.0.0.1:7711";

fn read_settings(path: &Path) -> Result<Value, String> {
    match std::fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => Ok(json!({})),
        Ok(text) => {
            let v: Value = serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{} is not valid JSON ({e}); fix it first, nothing was changed",
                    path.display()
                )
            })?;
            if v.is_object() {
                Ok(v)
            } else {
                Err(format!(
                    "{} is not a JSON object; nothing was changed",
                    path.display()
                ))
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(json!({})),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Adds `hook` under every event that does not already have it; returns how many were added.
fn add_claude_hooks(settings: &mut Value, hook: &Value) -> Result<usize, String> {
    let root = settings
        .as_object_mut()
        .ok_or("settings must be a JSON object")?;
    let hooks = root
        .entry("hooks")
        .or_insert_with(|| Value::Object(Map::new()));
    let hooks = hooks
        .as_object_mut()
        .ok_or("`hooks` in the settings is not an object; nothing was changed")?;
    let mut added = 0;
    for (event, with_matcher) in CLAUDE_EVENTS {
        let groups = hooks
            .entry(*event)
            .or_insert_with(|| Value::Array(Vec::new()));
        let groups = groups
            .as_array_mut()
            .ok_or_else(|| format!("hooks.{event} is not an array; nothing was changed"))?;
        let present = groups.iter().any(|g| {
            g["hooks"].as_array().is_some_and(|hs| {
                hs.iter()
                    .any(|h| h["command"] == hook["command"] && h["url"] == hook["url"])
            })
        });
        if present {
            continue;
        }
        let mut group = json!({"hooks": [hook.clone()]});
        if *with_matcher {
            group["matcher"] = json!("*");
        }
        groups.push(group);
        added += 1;
    }
    Ok(added)
}

fn write_settings(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    if path.exists() {
        let backup = path.with_extension("json.bak");
        std::fs::copy(path, &backup)
            .map_err(|e| format!("cannot back up {}: {e}", path.display()))?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot replace {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_once_and_keeps_what_is_there() {
        let mut s = json!({"model": "x", "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "fmt.sh"}]}]}});
        let hook = json!({"type": "command", "command": "warden hook claude-code"});
        assert_eq!(
            add_claude_hooks(&mut s, &hook).expect("adds"),
            CLAUDE_EVENTS.len()
        );
        assert_eq!(add_claude_hooks(&mut s, &hook).expect("idempotent"), 0);
        assert_eq!(s["model"], "x");
        assert_eq!(s["hooks"]["PreToolUse"].as_array().map(Vec::len), Some(2));
        assert_eq!(s["hooks"]["PreToolUse"][0]["hooks"][0]["command"], "fmt.sh");
        let mut bad = json!({"hooks": []});
        assert!(add_claude_hooks(&mut bad, &hook).is_err());
    }
}
