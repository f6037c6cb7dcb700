//! `warden reviewer` and `warden approvals` against a real `warden serve`: the first admin
//! token is written 0600 at first start and used by CLI commands on the same host; reviewers
//! are added (token printed once), listed, rotated (old token refused) and removed; a viewer's
//! token cannot manage reviewers.

mod support;

use support::{warden, Gateway};

#[test]
fn reviewers_are_managed_from_the_cli_with_the_admin_token_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let gw = Gateway::start(&data, &[]);
    let file = data.join("review-admin.token");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file)
            .expect("admin token file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let d = data.to_string_lossy().into_owned();
    let base = ["--gateway", gw.url.as_str(), "--data", d.as_str()];
    let run = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend_from_slice(&base);
        warden(&all, None)
    };

    let (code, out, err) = run(&[
        "reviewer",
        "add",
        "alice",
        "--role",
        "approver",
        "--agent",
        "spiffe://warden.local/agent/bot",
    ]);
    assert_eq!(code, 0, "{err}");
    let alice = out.trim().to_owned();
    assert!(alice.starts_with("wrv_"), "{out}");
    let (code, _, err) = run(&["reviewer", "add", "vic", "--role", "viewer"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["reviewer", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("alice") && out.contains("approver") && out.contains("agent/bot"),
        "{out}"
    );
    assert!(!out.contains(&alice), "tokens are never listed");

    // Alice's own token works for approvals; after rotation the old one is refused.
    let (code, out, err) = warden(
        &["approvals", "list", "--gateway", &gw.url, "--token", &alice],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no approval requests"), "{out}");
    let (code, out, err) = run(&["reviewer", "rotate", "alice"]);
    assert_eq!(code, 0, "{err}");
    let rotated = out.trim().to_owned();
    let (code, _, err) = warden(
        &["approvals", "list", "--gateway", &gw.url, "--token", &alice],
        None,
    );
    assert_ne!(code, 0);
    assert!(err.contains("not valid"), "{err}");
    // An approver cannot manage reviewers.
    let (code, _, err) = warden(
        &[
            "reviewer",
            "list",
            "--gateway",
            &gw.url,
            "--token",
            &rotated,
        ],
        None,
    );
    assert_ne!(code, 0);
    assert!(err.contains("admin"), "{err}");
    // Deciding needs a reason and an existing request.
    let (code, _, err) = warden(
        &[
            "approvals",
            "approve",
            "nope",
            "--reason",
            "ok",
            "--gateway",
            &gw.url,
            "--token",
            &rotated,
        ],
        None,
    );
    assert_ne!(code, 0);
    assert!(err.contains("no approval request"), "{err}");

    let (code, _, err) = run(&["reviewer", "remove", "alice"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = warden(
        &[
            "approvals",
            "list",
            "--gateway",
            &gw.url,
            "--token",
            &rotated,
        ],
        None,
    );
    assert_ne!(code, 0, "a removed reviewer's token is refused");
    let (code, _, err) = run(&["reviewer", "remove", "admin"]);
    assert_ne!(code, 0);
    assert!(err.contains("last admin"), "{err}");
    drop(gw);
}
