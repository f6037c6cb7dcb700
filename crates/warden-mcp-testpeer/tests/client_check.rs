//! The Python `mcp` client (py/client_check.py) against real stdio servers: server-filesystem,
//! server-everything and the test peer's own `--stdio` mode. These are the direct baselines for
//! `warden mcp wrap`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use warden_mcp_testpeer::peers;

fn client_check(flags: &[&str], server: &[&str]) -> Value {
    let p = peers::load().expect("install test peers (scripts/peers.sh)");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("py/client_check.py");
    let out = Command::new(&p.python)
        .arg(&script)
        .args(flags)
        .arg("--")
        .args(server)
        .output()
        .expect("run client_check.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "client_check failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).expect("client_check prints one JSON object")
}

#[test]
fn python_client_against_server_filesystem() {
    let p = peers::load().expect("peers");
    let dir = std::env::temp_dir().join(format!("warden-client-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("note.txt");
    std::fs::write(&file, "warden reads this through MCP\n").expect("write");
    let s = client_check(
        &["--read-file", file.to_str().expect("utf-8 path")],
        &[
            p.node.to_str().expect("utf-8"),
            p.server_filesystem.to_str().expect("utf-8"),
            dir.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(s["ok"], true);
    assert_eq!(
        s["steps"]["read_file"]["head"],
        "warden reads this through MCP\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn python_client_against_server_everything() {
    let p = peers::load().expect("peers");
    let s = client_check(
        &["--echo", "--progress"],
        &[
            p.node.to_str().expect("utf-8"),
            p.server_everything.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(s["ok"], true);
    assert!(s["steps"]["echo"]["text"]
        .as_str()
        .unwrap_or("")
        .contains("warden client_check says hello"));
    assert!(
        s["steps"]["progress"]["notifications"]
            .as_u64()
            .unwrap_or(0)
            >= 1,
        "{s}"
    );
}

#[test]
fn python_client_against_testpeer_stdio() {
    let s = client_check(&[], &[env!("CARGO_BIN_EXE_warden-mcp-testpeer"), "--stdio"]);
    assert_eq!(s["ok"], true);
    assert_eq!(s["steps"]["initialize"]["server"], "warden-mcp-testpeer");
    let names = s["steps"]["list_tools"]["names"]
        .as_array()
        .expect("tool names");
    assert!(names.iter().any(|n| n == "test_simple_text"), "{s}");
    assert!(
        s["steps"]["list_prompts"]["count"].as_u64().unwrap_or(0) >= 4,
        "{s}"
    );
}

#[test]
fn client_check_fails_on_a_broken_server() {
    let p = peers::load().expect("peers");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("py/client_check.py");
    let out = Command::new(&p.python)
        .arg(&script)
        .args(["--", "false"])
        .output()
        .expect("run client_check.py");
    assert!(
        !out.status.success(),
        "a server that exits at once must fail the check"
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON even on failure");
    assert_eq!(v["ok"], false);
}
