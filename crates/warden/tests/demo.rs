//! `warden demo` populates a real gateway: sessions through the hook endpoint, MCP traffic
//! through the proxy, alerts, a held call; the record it leaves verifies.

mod support;

use support::warden;

#[test]
fn demo_populates_a_real_gateway_and_leaves_a_verifiable_record() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let d = data.to_str().expect("utf-8");
    let (code, stdout, stderr) = warden(
        &["demo", "--listen", "127.0.0.1:0", "--data", d, "--exit"],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("Warden demo is up at http://127.0.0.1:"),
        "{stdout}"
    );
    assert!(stdout.contains("/ui/"), "{stdout}");

    let (code, sessions, _) = warden(&["sessions", "--data", d, "--json"], None);
    assert_eq!(code, 0);
    assert!(
        sessions.lines().count() >= 7,
        "six hook sessions and an MCP session: {sessions}"
    );
    let (code, alerts, _) = warden(&["alerts", "--data", d, "--json"], None);
    assert_eq!(code, 0);
    for rule in [
        "exfil.sensitive_to_egress",
        "probe.retry_after_deny",
        "scope.out_of_scope",
    ] {
        assert!(alerts.contains(rule), "the attacks raise {rule}: {alerts}");
    }
    let (code, mcp, _) = warden(
        &["events", "--data", d, "--kind", "tool_call", "--json"],
        None,
    );
    assert_eq!(code, 0);
    assert!(
        mcp.contains("\"mcp-http\""),
        "MCP calls recorded from the proxy"
    );
    let (code, approvals, _) = warden(
        &["events", "--data", d, "--kind", "approval", "--json"],
        None,
    );
    assert_eq!(code, 0);
    assert!(
        approvals.contains("mcp__bank__create_transfer"),
        "the transfer is held for a reviewer: {approvals}"
    );
    assert!(
        stdout.contains("wrv_"),
        "the tour says how to sign in: {stdout}"
    );
    let (code, out, err) = warden(&["verify", "--data", d], None);
    assert_eq!(code, 0, "{out}{err}");
}
