//! `warden install <agent>`: point an agent's hooks at Warden, preserving its settings.
//!
//! Writes (or with `--print`, prints) the hook entries into the agent's settings file, project
//! or user scope. Existing settings and hooks are kept; running it twice changes nothing; a
//! settings file that is not valid JSON is left alone with an error rather than overwritten.
//! The formats are in docs/agent-hooks.md.

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

pub const DEFAULT_GATEWAY: &str = "http://127.0.0.1:7711";

/// How one agent's settings file lists hooks.
struct AgentLayout {
    name: &'static str,
    /// Settings file relative to the project root or the home directory.
    file: &'static str,
    /// (event, tool matcher if the event takes one, whether Warden gates it)
    events: &'static [(&'static str, Option<&'static str>, bool)],
    /// Cursor lists handlers directly under each event; the others wrap them in groups.
    flat: bool,
    /// Top-level keys a new file needs (Cursor's `version`).
    preamble: fn() -> Map<String, Value>,
    handler: fn(command: &str, gating: bool) -> Value,
    http: bool,
    note: &'static str,
}

const AGENTS: &[AgentLayout] = &[
    AgentLayout {
        name: "claude-code",
        file: ".claude/settings.json",
        events: &[
            ("PreToolUse", Some("*"), true),
            ("PostToolUse", Some("*"), false),
            ("UserPromptSubmit", None, true),
            ("SessionStart", None, false),
            ("SessionEnd", None, false),
            ("Stop", None, false),
            ("SubagentStop", None, false),
            ("Notification", None, false),
            ("PreCompact", None, false),
        ],
        flat: false,
        preamble: Map::new,
        handler: |command, _| json!({"type": "command", "command": command, "timeout": 10}),
        http: true,
        note: "",
    },
    AgentLayout {
        name: "codex",
        file: ".codex/hooks.json",
        events: &[
            ("SessionStart", None, false),
            ("UserPromptSubmit", None, true),
            ("PreToolUse", None, true),
            ("PostToolUse", None, false),
            ("SubagentStart", None, false),
            ("SubagentStop", None, false),
            ("Stop", None, false),
        ],
        flat: false,
        preamble: Map::new,
        handler: |command, gating| {
            if gating {
                json!({"type": "command", "command": command, "timeout": 30})
            } else {
                json!({"type": "command", "command": command})
            }
        },
        http: false,
        note:
            "Open /hooks in Codex once and trust the new entries: Codex runs untrusted hooks never.",
    },
    AgentLayout {
        name: "gemini",
        file: ".gemini/settings.json",
        events: &[
            ("SessionStart", None, false),
            ("BeforeAgent", None, true),
            ("BeforeTool", Some("*"), true),
            ("AfterTool", Some("*"), false),
            ("AfterAgent", None, false),
            ("Notification", None, false),
            ("PreCompress", None, false),
            ("SessionEnd", None, false),
        ],
        flat: false,
        preamble: Map::new,
        handler: |command, gating| {
            let mut h = json!({"name": "warden", "type": "command", "command": command});
            if gating {
                h["timeout"] = json!(30_000);
            }
            h
        },
        http: false,
        note: "Enable the hooks system in Gemini CLI (/settings) if it is off.",
    },
    AgentLayout {
        name: "cursor",
        file: ".cursor/hooks.json",
        events: &[
            ("sessionStart", None, false),
            ("beforeSubmitPrompt", None, true),
            ("beforeShellExecution", None, true),
            ("beforeMCPExecution", None, true),
            ("beforeReadFile", None, true),
            ("preToolUse", None, true),
            ("postToolUse", None, false),
            ("postToolUseFailure", None, false),
            ("afterShellExecution", None, false),
            ("afterMCPExecution", None, false),
            ("afterFileEdit", None, false),
            ("afterAgentResponse", None, false),
            ("subagentStart", None, false),
            ("subagentStop", None, false),
            ("stop", None, false),
            ("sessionEnd", None, false),
        ],
        flat: true,
        preamble: || {
            let mut m = Map::new();
            m.insert("version".into(), json!(1));
            m
        },
        // failClosed: a crashed or timed-out hook must not let a gated action through.
        handler: |command, gating| {
            if gating {
                json!({"command": command, "timeout": 30, "failClosed": true})
            } else {
                json!({"command": command})
            }
        },
        http: false,
        note: "Project hooks run only in trusted workspaces.",
    },
];

pub fn run(opts: InstallOptions) -> Result<ExitCode, String> {
    let layout = AGENTS
        .iter()
        .find(|a| a.name == opts.agent)
        .ok_or_else(|| {
            let names: Vec<&str> = AGENTS.iter().map(|a| a.name).collect();
            format!(
                "unknown agent {:?}; expected one of: {}",
                opts.agent,
                names.join(", ")
            )
        })?;
    if opts.http && !layout.http {
        return Err(format!(
            "{} has no HTTP hooks; install the command form (without --http)",
            layout.name
        ));
    }
    let root = if opts.user_scope {
        PathBuf::from(std::env::var_os("HOME").ok_or("HOME is not set; use project scope")?)
    } else {
        match &opts.project {
            Some(p) => p.clone(),
            None => std::env::current_dir().map_err(|e| e.to_string())?,
        }
    };
    let path = root.join(layout.file);
    let command = if opts.gateway == DEFAULT_GATEWAY {
        format!("warden hook {}", layout.name)
    } else {
        format!("warden hook {} --gateway {}", layout.name, opts.gateway)
    };
    let handler = |gating: bool| {
        if opts.http {
            json!({"type": "http", "url": format!("{}/v1/hooks/{}", opts.gateway.trim_end_matches('/'), layout.name), "timeout": 10})
        } else {
            (layout.handler)(&command, gating)
        }
    };
    let mut settings = read_settings(&path)?;
    let added = add_hooks(&mut settings, layout, &handler)?;
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
    } else {
        write_settings(&path, &text)?;
        println!("added Warden to {added} hook events in {}", path.display());
    }
    if !layout.note.is_empty() {
        println!("{}", layout.note);
    }
    Ok(ExitCode::SUCCESS)
}

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

/// Adds Warden's handler under every event that does not already have it; returns how many.
fn add_hooks(
    settings: &mut Value,
    layout: &AgentLayout,
    handler: &dyn Fn(bool) -> Value,
) -> Result<usize, String> {
    let root = settings
        .as_object_mut()
        .ok_or("settings must be a JSON object")?;
    for (k, v) in (layout.preamble)() {
        root.entry(k).or_insert(v);
    }
    let hooks = root
        .entry("hooks")
        .or_insert_with(|| Value::Object(Map::new()));
    let hooks = hooks
        .as_object_mut()
        .ok_or("`hooks` in the settings is not an object; nothing was changed")?;
    let mut added = 0;
    for (event, matcher, gating) in layout.events {
        let entry = handler(*gating);
        let list = hooks
            .entry(*event)
            .or_insert_with(|| Value::Array(Vec::new()));
        let list = list
            .as_array_mut()
            .ok_or_else(|| format!("hooks.{event} is not an array; nothing was changed"))?;
        let same = |h: &Value| {
            h.get("command") == entry.get("command") && h.get("url") == entry.get("url")
        };
        let present = if layout.flat {
            list.iter().any(same)
        } else {
            list.iter()
                .any(|g| g["hooks"].as_array().is_some_and(|hs| hs.iter().any(same)))
        };
        if present {
            continue;
        }
        if layout.flat {
            list.push(entry);
        } else {
            let mut group = json!({"hooks": [entry]});
            if let Some(m) = matcher {
                group["matcher"] = json!(m);
            }
            list.push(group);
        }
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

    fn layout(name: &str) -> &'static AgentLayout {
        AGENTS.iter().find(|a| a.name == name).expect("known agent")
    }

    #[test]
    fn adds_once_and_keeps_what_is_there() {
        let l = layout("claude-code");
        let mut s = json!({"model": "x", "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "fmt.sh"}]}]}});
        let handler = |g: bool| (l.handler)("warden hook claude-code", g);
        assert_eq!(
            add_hooks(&mut s, l, &handler).expect("adds"),
            l.events.len()
        );
        assert_eq!(add_hooks(&mut s, l, &handler).expect("idempotent"), 0);
        assert_eq!(s["model"], "x");
        assert_eq!(s["hooks"]["PreToolUse"].as_array().map(Vec::len), Some(2));
        assert_eq!(s["hooks"]["PreToolUse"][0]["hooks"][0]["command"], "fmt.sh");
        let mut bad = json!({"hooks": []});
        assert!(add_hooks(&mut bad, l, &handler).is_err());
    }

    #[test]
    fn cursor_gets_a_flat_versioned_file_that_fails_closed_on_gates() {
        let l = layout("cursor");
        let mut s = json!({});
        let handler = |g: bool| (l.handler)("warden hook cursor", g);
        add_hooks(&mut s, l, &handler).expect("adds");
        assert_eq!(s["version"], 1);
        assert_eq!(s["hooks"]["beforeShellExecution"][0]["failClosed"], true);
        assert_eq!(
            s["hooks"]["afterFileEdit"][0]["command"],
            "warden hook cursor"
        );
    }

    #[test]
    fn every_layout_names_its_gating_events() {
        for l in AGENTS {
            assert!(l.events.iter().any(|(_, _, gating)| *gating), "{}", l.name);
        }
    }
}
