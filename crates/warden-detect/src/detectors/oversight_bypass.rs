//! `oversight.bypass`: attempts to disable or evade monitoring — editing hook or permission
//! settings, killing the wrapper, changing `WARDEN_*`, switching permission mode, clearing
//! audit or history, calling an MCP server around the gateway. Killing the wrapper by process
//! id counts too: process ids of monitoring processes seen in a tool result (`ps`, `pgrep`)
//! are remembered for the session, and a later `kill <pid>` of one fires.

use std::sync::LazyLock;

use warden_analysis::{shell, Flag};

use super::reasons;
use crate::catalogue::OVERSIGHT_BYPASS;
use crate::engine::Ctx;
use crate::observation::Observed;

/// Names of monitoring processes whose process ids are remembered (any case, anywhere in a
/// line), and the gateway's default port as a listening address (`127.0.0.1:7711` in a
/// `netstat`/`ss` line names the gateway whatever its process is called), compiled once so a
/// result that names none is read in one pass without copies.
static MONITORS: LazyLock<Option<regex::bytes::Regex>> = LazyLock::new(|| {
    regex::bytes::Regex::new(r"(?i-u)warden|auditd|osquery|falcon|auditbeat|sysmon|[:.]7711\b").ok()
});
const MAX_PIDS: usize = 64;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    match &ctx.obs.what {
        Observed::ToolResult { text, .. } => remember_monitor_pids(ctx, text),
        Observed::ToolCall {
            tool, facts, args, ..
        } => {
            if facts.has(Flag::OversightTamper) {
                let summary = format!("{}: {}", tool.name, reasons(facts, Flag::OversightTamper));
                ctx.emit(OVERSIGHT_BYPASS, vec![ctx.obs.event_id], summary);
                return;
            }
            if ctx.session.monitor_pids.is_empty()
                || !facts
                    .targets
                    .commands
                    .iter()
                    .any(|c| matches!(c.as_str(), "kill" | "taskkill"))
            {
                return;
            }
            let Some(cmd) = args.get("command").and_then(|v| v.as_str()) else {
                return;
            };
            let killed = killed_pids(cmd);
            let hit: Vec<_> = ctx
                .session
                .monitor_pids
                .iter()
                .filter(|(p, _)| killed.contains(p))
                .copied()
                .collect();
            if let Some((pid, seen)) = hit.first() {
                let summary = format!(
                    "{}: kills process {pid}, a monitoring process seen in an earlier result",
                    tool.name
                );
                ctx.emit(OVERSIGHT_BYPASS, vec![*seen, ctx.obs.event_id], summary);
            }
        }
        _ => {}
    }
}

/// Process ids on lines of a process listing that name a monitoring process: the first number
/// among a line's first three fields (`ps aux`/`ps -ef`: PID; `pgrep -l`/`pidof`: PID).
fn remember_monitor_pids(ctx: &mut Ctx<'_>, text: &str) {
    let Some(monitors) = MONITORS.as_ref() else {
        return;
    };
    if !monitors.is_match(text.as_bytes()) {
        return;
    }
    for line in text.lines().take(5000) {
        if !monitors.is_match(line.as_bytes()) {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let pids: Vec<u32> = if fields.iter().all(|f| f.parse::<u32>().is_ok()) {
            // `pidof warden`: every field is a pid
            fields.iter().filter_map(|f| f.parse().ok()).collect()
        } else {
            // `ps`/`lsof`/`pgrep -l`: among the first three fields; `netstat -ano`: the last
            // field (`5124`), `netstat -p`: `4121/warden`
            let last = || {
                fields
                    .last()
                    .and_then(|f| f.split('/').next())
                    .and_then(|f| f.parse::<u32>().ok())
            };
            fields
                .iter()
                .take(3)
                .find_map(|f| f.parse::<u32>().ok())
                .or_else(last)
                .into_iter()
                .collect()
        };
        for pid in pids {
            if pid <= 1 || ctx.session.monitor_pids.iter().any(|(p, _)| *p == pid) {
                continue;
            }
            if ctx.session.monitor_pids.len() >= MAX_PIDS {
                ctx.session.monitor_pids.remove(0);
            }
            ctx.session.monitor_pids.push((pid, ctx.obs.event_id));
        }
    }
}

/// Numeric process ids given to `kill` / `taskkill /PID` in a shell command.
fn killed_pids(cmd: &str) -> Vec<u32> {
    let script = shell::parse(cmd);
    let mut out = Vec::new();
    for pl in &script.pipelines {
        for c in &pl.commands {
            if !matches!(c.program().as_str(), "kill" | "taskkill" | "taskkill.exe") {
                continue;
            }
            for a in c.args() {
                if let Ok(p) = a.parse::<u32>() {
                    out.push(p);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::killed_pids;

    #[test]
    fn kill_arguments() {
        assert_eq!(killed_pids("kill -9 4242"), vec![4242]);
        assert_eq!(killed_pids("sleep 1; kill -TERM 77 78"), vec![77, 78]);
        assert!(killed_pids("kill %1").is_empty());
        assert!(killed_pids("echo kill 5").is_empty());
    }
}
