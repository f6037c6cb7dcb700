//! Running the official MCP conformance suite (server mode) against a URL.
//!
//! Why: the proxy must be transparent, so the proxy's run through `/mcp/NAME` is compared with
//! the direct run against [`crate::http`]'s test peer: same scenarios, same verdicts. Three runs
//! make up [`run_conformance`]:
//! - [`Suite::Stable`]: conformance `0.1.16` (latest stable), all active server scenarios, all
//!   on the `2025-11-25` wire;
//! - [`Suite::Requirements20251125`]: the pre-release with `--requirements 2025-11-25` (the frozen
//!   list that revision requires, stateful wire, plus its not-scored extras);
//! - [`Suite::Requirements20260728`]: the pre-release with `--requirements 2026-07-28` (stateless
//!   wire: server/discover, `_meta`, `Mcp-Method`/`Mcp-Name`, `input_required`, listen streams,
//!   plus not-scored extensions such as tasks).
//!
//! Each scenario's verdict comes from its `checks.json`: it passes when no check is `FAILURE`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::peers::Peers;

/// One conformance run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    /// Stable release, every active server scenario (2025-11-25 wire).
    Stable,
    /// Pre-release, `--requirements 2025-11-25`.
    Requirements20251125,
    /// Pre-release, `--requirements 2026-07-28`.
    Requirements20260728,
}

impl Suite {
    pub const ALL: [Suite; 3] = [
        Suite::Stable,
        Suite::Requirements20251125,
        Suite::Requirements20260728,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Suite::Stable => "stable",
            Suite::Requirements20251125 => "2025-11-25",
            Suite::Requirements20260728 => "2026-07-28",
        }
    }
}

/// One check inside a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub id: String,
    /// SUCCESS, FAILURE, WARNING, INFO or SKIPPED.
    pub status: String,
    pub message: Option<String>,
}

/// The verdict on one scenario in one suite run.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    pub suite: Suite,
    pub scenario: String,
    /// False for scenarios a requirements set runs but does not score (extensions, pending).
    pub scored: bool,
    pub checks: Vec<Check>,
}

impl ScenarioResult {
    /// No check failed (warnings, infos and skips do not fail a scenario).
    pub fn passed(&self) -> bool {
        !self.checks.iter().any(|c| c.status == "FAILURE")
    }
    pub fn count(&self, status: &str) -> usize {
        self.checks.iter().filter(|c| c.status == status).count()
    }
    /// `suite/scenario`, a stable key for comparing runs.
    pub fn key(&self) -> String {
        format!("{}/{}", self.suite.name(), self.scenario)
    }
}

/// Run all three suites against `url` (e.g. `http://127.0.0.1:PORT/mcp` or a proxy's
/// `http://127.0.0.1:GATEWAY/mcp/NAME`). Installs the peers first if needed.
pub fn run_conformance(url: &str) -> Result<Vec<ScenarioResult>, String> {
    let peers = crate::peers::load()?;
    let mut all = Vec::new();
    for suite in Suite::ALL {
        all.extend(run_suite(&peers, suite, url)?);
    }
    Ok(all)
}

/// Run one suite against `url`; results go to a fresh directory under `target/peers/results/`.
pub fn run_suite(peers: &Peers, suite: Suite, url: &str) -> Result<Vec<ScenarioResult>, String> {
    let stamp = format!("{}-{}", std::process::id(), uuid::Uuid::now_v7().simple());
    let out_dir = crate::peers::workspace_root()
        .join("target/peers/results")
        .join(format!("{}-{stamp}", suite.name()));
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let mut cmd = Command::new(&peers.node);
    match suite {
        Suite::Stable => cmd.arg(&peers.conformance).args(["server", "--url", url]),
        Suite::Requirements20251125 => cmd.arg(&peers.conformance_next).args([
            "server",
            "--url",
            url,
            "--requirements",
            "2025-11-25",
        ]),
        Suite::Requirements20260728 => cmd.arg(&peers.conformance_next).args([
            "server",
            "--url",
            url,
            "--requirements",
            "2026-07-28",
        ]),
    };
    cmd.arg("-o").arg(&out_dir);
    let started = Instant::now();
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run conformance with {}: {e}", peers.node.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let results = parse_run(suite, &stdout)?;
    if results.is_empty() {
        return Err(format!(
            "conformance ({}) ran no scenario against {url} (exit {}, {:?}):\n{stdout}\n{}",
            suite.name(),
            out.status,
            started.elapsed(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(results)
}

/// Parse the CLI's stdout: `=== Running scenario: NAME ===` then `Results saved to DIR`, and
/// the `Not scored for ...` list at the end.
pub fn parse_run(suite: Suite, stdout: &str) -> Result<Vec<ScenarioResult>, String> {
    let mut results = Vec::new();
    let mut current: Option<String> = None;
    let mut not_scored = Vec::new();
    let mut in_not_scored = false;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("=== Running scenario: ") {
            current = Some(rest.trim_end_matches(" ===").trim().to_string());
        } else if let Some(dir) = line.strip_prefix("Results saved to ") {
            let scenario = current
                .take()
                .ok_or_else(|| format!("results line without a scenario: {line}"))?;
            let checks = read_checks(&PathBuf::from(dir.trim()).join("checks.json"))?;
            results.push(ScenarioResult {
                suite,
                scenario,
                scored: true,
                checks,
            });
        } else if line.starts_with("Not scored for") {
            in_not_scored = true;
        } else if in_not_scored {
            // "  ✓ name (reason)" / "  ✗ name (reason)"
            if let Some(name) = line.split_whitespace().nth(1) {
                not_scored.push(name.to_string());
            }
        }
    }
    for r in &mut results {
        if not_scored.contains(&r.scenario) {
            r.scored = false;
        }
    }
    Ok(results)
}

fn read_checks(path: &Path) -> Result<Vec<Check>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let v: Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    let arr = v
        .as_array()
        .ok_or_else(|| format!("{} is not a JSON array of checks", path.display()))?;
    Ok(arr
        .iter()
        .map(|c| Check {
            id: c
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            status: c
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            message: c
                .get("errorMessage")
                .and_then(Value::as_str)
                .map(str::to_string),
        })
        .collect())
}

/// A one-line-per-scenario report, failures first with their failing checks.
pub fn report(results: &[ScenarioResult]) -> String {
    let mut s = String::new();
    for r in results {
        let mark = if r.passed() { "ok  " } else { "FAIL" };
        let scored = if r.scored { "" } else { " (not scored)" };
        s.push_str(&format!(
            "{mark} {} : {} passed, {} failed, {} warnings{scored}\n",
            r.key(),
            r.count("SUCCESS"),
            r.count("FAILURE"),
            r.count("WARNING")
        ));
        for c in r.checks.iter().filter(|c| c.status == "FAILURE") {
            s.push_str(&format!(
                "       {} {}: {}\n",
                c.status,
                c.id,
                c.message.as_deref().unwrap_or("")
            ));
        }
    }
    s
}

/// Scenario keys that pass in `baseline` but not in `other` (for proxy-vs-direct comparisons).
pub fn regressions(baseline: &[ScenarioResult], other: &[ScenarioResult]) -> Vec<String> {
    baseline
        .iter()
        .filter(|b| b.passed())
        .filter(|b| !other.iter().any(|o| o.key() == b.key() && o.passed()))
        .map(ScenarioResult::key)
        .collect()
}

/// Wait until `url` accepts TCP connections (for freshly started peers).
pub fn wait_for_port(addr: std::net::SocketAddr, timeout: Duration) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("nothing listens on {addr} after {timeout:?}"))
}
