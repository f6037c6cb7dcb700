use std::sync::Arc;
use std::time::Duration;

use super::*;
use webhook::Notifier;

fn sqlite(path: &std::path::Path) -> Arc<dyn ApprovalDb> {
    Arc::new(SqliteApprovals::open(path).expect("approvals.db"))
}

fn req(id: &str) -> ApprovalRequest {
    ApprovalRequest {
        id: id.into(),
        agent: "spiffe://w/agent/a".into(),
        task_id: "t".into(),
        session_id: "s".into(),
        server: Some("bank".into()),
        tool: "transfer".into(),
        args_digest: "sha256:1".into(),
        policy_version: "p".into(),
        reason: "high value".into(),
        opened_at: "2026-01-01T00:00:00Z".into(),
        ..Default::default()
    }
}

fn rev(name: &str, role: Role) -> Reviewer {
    Reviewer {
        name: name.into(),
        role,
    }
}

#[tokio::test]
async fn an_approval_is_good_for_one_matching_call() {
    let a = Approvals::default();
    let alice = rev("alice", Role::Approver);
    a.open(req("x"), Duration::from_secs(60));
    assert!(!a.consume("x", "transfer", "sha256:1"));
    assert_eq!(
        a.decide("x", true, &alice, &[], " "),
        Err(ApprovalError::NoReason)
    );
    a.decide("x", true, &alice, &[], "checked with finance")
        .expect("approve");
    assert!(matches!(
        a.wait("x", Duration::from_secs(1)).await,
        ApprovalState::Approved { .. }
    ));
    assert!(!a.consume("x", "transfer", "sha256:2"), "other arguments");
    assert!(a.consume("x", "transfer", "sha256:1"));
    assert!(!a.consume("x", "transfer", "sha256:1"), "single use");
    assert_eq!(
        a.decide("x", false, &rev("bob", Role::Admin), &[], "late"),
        Err(ApprovalError::Decided("x".into()))
    );
}

#[tokio::test]
async fn expiry_denies_and_waiters_wake_on_decisions() {
    let a = Arc::new(Approvals::default());
    a.open(req("e"), Duration::from_millis(20));
    assert_eq!(
        a.wait("e", Duration::from_secs(5)).await,
        ApprovalState::Expired
    );
    assert!(matches!(
        a.decide("e", true, &rev("alice", Role::Admin), &[], "too late"),
        Err(ApprovalError::Decided(_))
    ));
    a.open(req("w"), Duration::from_secs(60));
    let a2 = a.clone();
    let waiter = tokio::spawn(async move { a2.wait("w", Duration::from_secs(5)).await });
    tokio::time::sleep(Duration::from_millis(20)).await;
    a.decide(
        "w",
        false,
        &rev("alice", Role::Approver),
        &[],
        "not this account",
    )
    .expect("deny");
    assert!(matches!(
        waiter.await.expect("join"),
        ApprovalState::Denied { .. }
    ));
}

#[test]
fn thresholds_need_distinct_reviewers_and_any_deny_wins() {
    let config = ApprovalsConfig {
        rules: vec![ApprovalRule {
            tools: vec!["trans*".into()],
            required: Some(2),
            ..Default::default()
        }],
        ..Default::default()
    };
    let a = Approvals::new(config);
    a.open(req("t"), Duration::from_secs(60));
    let alice = rev("alice", Role::Approver);
    let r = a.decide("t", true, &alice, &[], "ok").expect("first");
    assert_eq!(r.state, ApprovalState::Pending, "one of two approvals");
    assert_eq!(r.required, 2);
    assert!(matches!(
        a.decide("t", true, &alice, &[], "again"),
        Err(ApprovalError::AlreadyVoted(..))
    ));
    let r = a
        .decide("t", true, &rev("bob", Role::Admin), &[], "ok too")
        .expect("second");
    assert_eq!(
        r.state,
        ApprovalState::Approved {
            by: "alice, bob".into(),
            reason: "ok too".into()
        }
    );

    a.open(req("d"), Duration::from_secs(60));
    a.decide("d", true, &alice, &[], "fine").expect("approve");
    let r = a
        .decide("d", false, &rev("carol", Role::Approver), &[], "no")
        .expect("deny");
    assert!(matches!(r.state, ApprovalState::Denied { .. }), "deny wins");
    assert!(!a.consume("d", "transfer", "sha256:1"));
}

#[test]
fn reviewers_cannot_decide_for_their_own_agent_or_outside_their_filter() {
    let config = ApprovalsConfig {
        rules: vec![ApprovalRule {
            agents: vec!["spiffe://w/agent/*".into()],
            reviewers: vec!["dana".into()],
            min_role: Some(Role::Admin),
            ..Default::default()
        }],
        ..Default::default()
    };
    let a = Approvals::new(config);
    a.open(req("f"), Duration::from_secs(60));
    let owned = vec!["spiffe://w/agent/a".to_owned()];
    assert!(matches!(
        a.decide("f", true, &rev("dana", Role::Admin), &owned, "mine"),
        Err(ApprovalError::OwnAgent { .. })
    ));
    assert!(matches!(
        a.decide("f", true, &rev("erin", Role::Admin), &[], "not listed"),
        Err(ApprovalError::NotAllowed(_))
    ));
    assert!(matches!(
        a.decide("f", true, &rev("dana", Role::Approver), &[], "role too low"),
        Err(ApprovalError::NotAllowed(_))
    ));
    assert!(matches!(
        a.decide("f", true, &rev("dana", Role::Viewer), &[], "viewer"),
        Err(ApprovalError::NotAllowed(_))
    ));
    a.decide("f", true, &rev("dana", Role::Admin), &[], "checked")
        .expect("allowed");
}

#[test]
fn a_restart_keeps_pending_and_approved_unused_requests() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("approvals.db");
    {
        let a =
            Approvals::persistent(sqlite(&path), ApprovalsConfig::default(), None).expect("open");
        a.open(req("pending"), Duration::from_secs(60));
        a.open(req("approved"), Duration::from_secs(60));
        a.open(req("short"), Duration::from_millis(1));
        a.decide("approved", true, &rev("alice", Role::Approver), &[], "ok")
            .expect("approve");
    }
    std::thread::sleep(Duration::from_millis(5));
    let a = Approvals::persistent(sqlite(&path), ApprovalsConfig::default(), None).expect("reopen");
    assert_eq!(
        a.get("pending").expect("pending").state,
        ApprovalState::Pending
    );
    assert_eq!(a.get("short").expect("short").state, ApprovalState::Expired);
    let found = a
        .find_for_call("spiffe://w/agent/a", "t", "transfer", "sha256:1", "p")
        .expect("found");
    assert_eq!(found.id, "approved", "approved-unused is preferred");
    assert!(a.consume("approved", "transfer", "sha256:1"));
    drop(a);
    let a = Approvals::persistent(sqlite(&path), ApprovalsConfig::default(), None).expect("reopen");
    assert!(
        !a.consume("approved", "transfer", "sha256:1"),
        "used survives a restart"
    );
    assert_eq!(
        a.find_for_call("spiffe://w/agent/a", "t", "transfer", "sha256:1", "p")
            .map(|r| r.id),
        Some("pending".into())
    );
    assert!(a
        .find_for_call("spiffe://w/agent/a", "t", "transfer", "sha256:2", "p")
        .is_none());
}

#[test]
fn webhook_signatures_cover_timestamp_and_body() {
    let s = webhook::signature(b"k", 1, b"{}");
    assert!(s.starts_with("sha256=") && s.len() == 71);
    assert_ne!(s, webhook::signature(b"k", 2, b"{}"));
    assert_ne!(s, webhook::signature(b"k", 1, b"{ }"));
    assert_ne!(s, webhook::signature(b"j", 1, b"{}"));
}

#[tokio::test]
async fn webhook_deliveries_are_retried_until_accepted_and_failures_counted() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let app = axum::Router::new().route(
        "/h",
        axum::routing::post(move || {
            let h = h.clone();
            async move {
                if h.fetch_add(1, Ordering::SeqCst) == 0 {
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    axum::http::StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let hook = |url: String, attempts| WebhookConfig {
        url,
        secret: None,
        attempts,
        timeout_ms: 2000,
    };
    let n = Notifier::start(hook(format!("http://{addr}/h"), 3), b"k".to_vec()).expect("start");
    n.notify("approval.opened", &req("x"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while hits.load(Ordering::SeqCst) < 2 {
        assert!(Instant::now() < deadline, "no retry after a 500");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(hits.load(Ordering::SeqCst), 2, "delivered once accepted");
    assert_eq!(n.failed.load(Ordering::Relaxed), 0);

    // A receiver that never answers: every attempt fails, and the failure is counted.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let dead = closed.local_addr().expect("addr");
    drop(closed);
    let n = Notifier::start(hook(format!("http://{dead}/h"), 2), b"k".to_vec()).expect("start");
    n.notify("approval.opened", &req("y"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while n.failed.load(Ordering::Relaxed) == 0 {
        assert!(Instant::now() < deadline, "the failure was not counted");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Two gateways' copies over one PostgreSQL schema.
fn fleet_pair(
    schema: &warden_pg::testing::TestSchema,
) -> (Approvals, Approvals, Arc<store_pg::PgApprovals>) {
    let open = || Arc::new(store_pg::PgApprovals::open(&schema.pg_url()).expect("pg approvals"));
    let b_db = open();
    let a = Approvals::persistent(open(), ApprovalsConfig::default(), None).expect("a");
    let b = Approvals::persistent(b_db.clone(), ApprovalsConfig::default(), None).expect("b");
    (a, b, b_db)
}

#[test]
fn in_postgres_a_decision_on_one_gateway_reaches_the_other_and_an_approval_is_used_once() {
    let schema = warden_pg::testing::TestSchema::create("approvals").expect("schema");
    let (a, b, b_db) = fleet_pair(&schema);
    let opened = b.open(req("r1"), Duration::from_secs(60));
    assert!(a.get("r1").is_none(), "A has not heard of it yet");
    let (rows, _) = b_db.changed_since(0).expect("changed");
    for r in rows {
        a.merge(r);
    }
    assert_eq!(a.get("r1").expect("merged").state, ApprovalState::Pending);
    a.decide("r1", true, &rev("alice", Role::Approver), &[], "fine")
        .expect("approve on A");
    // B learns of the approval as its fleet listener would.
    let fresh = b_db.load_one("r1").expect("load").expect("row");
    b.merge(fresh);
    assert!(matches!(
        b.get("r1").expect("r1").state,
        ApprovalState::Approved { .. }
    ));
    assert!(
        b.consume("r1", &opened.tool, &opened.args_digest),
        "B runs it once"
    );
    // A's copy still says unused: its attempt loses the compare-and-swap and sees the use.
    assert!(
        !a.consume("r1", &opened.tool, &opened.args_digest),
        "never twice"
    );
    assert!(a.get("r1").expect("r1").used);
}

#[test]
fn in_postgres_a_stale_copy_cannot_overwrite_a_deny_made_elsewhere() {
    let schema = warden_pg::testing::TestSchema::create("approvaldeny").expect("schema");
    let (a, b, b_db) = fleet_pair(&schema);
    b.open(req("r2"), Duration::from_secs(60));
    for r in b_db.changed_since(0).expect("changed").0 {
        a.merge(r);
    }
    b.decide("r2", false, &rev("bob", Role::Approver), &[], "no")
        .expect("deny on B");
    // A has not merged the deny; its approve re-reads, sees it decided and refuses.
    assert!(matches!(
        a.decide("r2", true, &rev("alice", Role::Approver), &[], "yes"),
        Err(ApprovalError::Decided(_))
    ));
    assert!(matches!(
        a.get("r2").expect("r2").state,
        ApprovalState::Denied { .. }
    ));
}
