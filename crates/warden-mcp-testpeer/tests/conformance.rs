//! The direct baseline: the official conformance suite (stable + both requirement sets of the
//! pre-release) against the test peer, with no proxy in between. Every scored scenario must pass;
//! the not-scored extensions the peer does not implement yet are listed explicitly so that a
//! change in either direction fails the test.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use warden_mcp_testpeer::conformance::{self, Suite};

/// Not-scored scenarios (extensions / pending) the peer does not implement yet.
const KNOWN_UNIMPLEMENTED: &[&str] = &[
    "2026-07-28/tasks-lifecycle",
    "2026-07-28/tasks-capability-negotiation",
    "2026-07-28/tasks-wire-fields",
    "2026-07-28/tasks-request-state-removal",
    "2026-07-28/tasks-mrtr-input",
    "2026-07-28/tasks-request-headers",
    "2026-07-28/tasks-dispatch-and-envelope",
    "2026-07-28/tasks-required-task-error",
    "2026-07-28/tasks-mrtr-composition",
    "2026-07-28/http-custom-header-server-validation",
];

struct Peer(Child);
impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_peer() -> (Peer, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_warden-mcp-testpeer"))
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start warden-mcp-testpeer");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read bound address");
    let addr = line.trim().to_string();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "first stdout line must be the bound address, got {addr:?}"
    );
    (Peer(child), format!("http://{addr}/mcp"))
}

#[test]
fn conformance_suite_passes_directly_against_testpeer() {
    let started = std::time::Instant::now();
    let (_peer, url) = start_peer();
    let results = conformance::run_conformance(&url).expect("run conformance");
    let report = conformance::report(&results);
    eprintln!("{report}\nconformance took {:?}", started.elapsed());

    let count = |s: Suite| results.iter().filter(|r| r.suite == s && r.scored).count();
    assert!(
        count(Suite::Stable) >= 30,
        "stable suite ran {} scenarios\n{report}",
        count(Suite::Stable)
    );
    assert!(
        count(Suite::Requirements20251125) >= 30,
        "2025-11-25 set ran too few scenarios\n{report}"
    );
    assert!(
        count(Suite::Requirements20260728) >= 37,
        "2026-07-28 set ran too few scenarios\n{report}"
    );

    let failed_scored: Vec<String> = results
        .iter()
        .filter(|r| r.scored && !r.passed())
        .map(|r| r.key())
        .collect();
    assert!(
        failed_scored.is_empty(),
        "scored scenarios failed: {failed_scored:?}\n{report}"
    );

    let failed_unscored: Vec<String> = results
        .iter()
        .filter(|r| !r.scored && !r.passed())
        .map(|r| r.key())
        .collect();
    let unexpected: Vec<&String> = failed_unscored
        .iter()
        .filter(|k| !KNOWN_UNIMPLEMENTED.contains(&k.as_str()))
        .collect();
    assert!(
        unexpected.is_empty(),
        "not-scored scenarios failed that used to pass: {unexpected:?}\n{report}"
    );
    let now_passing: Vec<&&str> = KNOWN_UNIMPLEMENTED
        .iter()
        .filter(|k| !failed_unscored.iter().any(|f| f == *k))
        .collect();
    assert!(
        now_passing.is_empty(),
        "now passing, remove from KNOWN_UNIMPLEMENTED: {now_passing:?}\n{report}"
    );

    // The helper the proxy tests use: comparing a run with itself finds no regressions.
    assert!(conformance::regressions(&results, &results).is_empty());
}
