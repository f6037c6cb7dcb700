use std::time::Duration;

use super::store::{ReviewStore, StoreError, TOKEN_PREFIX};
use super::{Reviewer, Role};

fn store() -> ReviewStore {
    ReviewStore::in_memory(Duration::from_secs(3600)).expect("store")
}

#[test]
fn roles_are_ordered_admin_over_approver_over_viewer() {
    assert!(Role::Admin > Role::Approver && Role::Approver > Role::Viewer);
    assert_eq!("approver".parse::<Role>(), Ok(Role::Approver));
    assert!("root".parse::<Role>().is_err());
}

#[test]
fn tokens_are_shown_once_and_stored_as_digests_only() {
    let tmp = tempfile::tempdir().expect("tmp");
    let s = ReviewStore::open(tmp.path(), Duration::from_secs(60)).expect("open");
    let first = s
        .bootstrap_admin(tmp.path())
        .expect("boot")
        .expect("first admin");
    assert!(first.token.starts_with(TOKEN_PREFIX));
    let on_disk = std::fs::read_to_string(&first.file).expect("token file");
    assert_eq!(on_disk, first.token);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&first.file)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(s.bootstrap_admin(tmp.path()).expect("again").is_none());
    let db = std::fs::read(tmp.path().join("review.db")).expect("db");
    let needle = first.token.as_bytes();
    assert!(
        !db.windows(needle.len()).any(|w| w == needle),
        "token in the database"
    );
    assert_eq!(
        s.by_token(&first.token).expect("lookup"),
        Some(Reviewer {
            name: "admin".into(),
            role: Role::Admin
        })
    );
}

#[test]
fn accounts_rotate_remove_and_keep_one_admin() {
    let s = store();
    let admin = s.add("admin", Role::Admin, &[]).expect("admin");
    let t = s
        .add("alice", Role::Approver, &["spiffe://w/agent/a".into()])
        .expect("alice");
    assert!(matches!(
        s.add("alice", Role::Viewer, &[]),
        Err(StoreError::Exists(_))
    ));
    assert!(matches!(
        s.add("bad name", Role::Viewer, &[]),
        Err(StoreError::BadName)
    ));
    assert_eq!(
        s.agents("alice").expect("agents"),
        vec!["spiffe://w/agent/a".to_owned()]
    );
    let (sid, _) = s
        .open_session(&Reviewer {
            name: "alice".into(),
            role: Role::Approver,
        })
        .expect("session");
    assert!(s.session(&sid).expect("s").is_some());
    let t2 = s.rotate("alice").expect("rotate");
    assert!(s.by_token(&t).expect("old").is_none(), "old token dead");
    assert!(
        s.session(&sid).expect("s").is_none(),
        "sessions end on rotation"
    );
    assert_eq!(
        s.by_token(&t2).expect("new").map(|r| r.name),
        Some("alice".into())
    );
    assert!(matches!(s.remove("admin"), Err(StoreError::LastAdmin(_))));
    s.remove("alice").expect("remove");
    assert!(s.by_token(&t2).expect("gone").is_none());
    assert!(matches!(s.remove("alice"), Err(StoreError::Unknown(_))));
    assert!(s.by_token(&admin).expect("admin").is_some());
}

#[test]
fn sessions_expire() {
    let s = ReviewStore::in_memory(Duration::from_secs(0)).expect("store");
    s.add("v", Role::Viewer, &[]).expect("v");
    let (sid, _) = s
        .open_session(&Reviewer {
            name: "v".into(),
            role: Role::Viewer,
        })
        .expect("session");
    assert!(s.session(&sid).expect("s").is_none());
}

#[test]
fn in_postgres_accounts_and_sessions_are_shared_by_every_gateway() {
    let schema = warden_pg::testing::TestSchema::create("review").expect("schema");
    let tmp = tempfile::tempdir().expect("tmp");
    let open = || {
        let db = super::store_pg::PgReviewDb::open(&schema.pg_url()).expect("pg");
        ReviewStore::with_backend(Box::new(db), Duration::from_secs(60))
    };
    let (a, b) = (open(), open());
    assert!(a.bootstrap_admin(tmp.path()).expect("boot").is_some());
    assert!(
        b.bootstrap_admin(tmp.path()).expect("boot").is_none(),
        "the fleet has its admin already"
    );
    let token = a
        .add("alice", Role::Approver, &["spiffe://w/agent/bot".into()])
        .expect("add");
    let alice = b.by_token(&token).expect("lookup").expect("alice on B");
    assert_eq!(alice.role, Role::Approver);
    assert_eq!(b.agents("alice").expect("agents"), ["spiffe://w/agent/bot"]);
    let (sid, csrf) = b.open_session(&alice).expect("session");
    assert_eq!(a.session(&sid).expect("session").expect("on A").csrf, csrf);
    assert!(matches!(
        b.add("alice", Role::Viewer, &[]),
        Err(StoreError::Exists(_))
    ));
    a.remove("alice").expect("remove");
    assert!(b.by_token(&token).expect("lookup").is_none());
    assert!(b.session(&sid).expect("session").is_none());
    assert!(matches!(b.remove("admin"), Err(StoreError::LastAdmin(_))));
}
