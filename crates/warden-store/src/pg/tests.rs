//! The PostgreSQL log against the local server: several logs in one database, concurrent
//! writers, duplicate ids, restarts, retention, and tampering caught by `verify_postgres`.

use serde_json::json;
use warden_core::{
    AgentRef, Body, EventId, EventKind, EventMeta, NewEvent, SessionId, Source, TaskId, Timestamp,
};
use warden_pg::testing::TestSchema;
use warden_pg::PgUrl;

use crate::{
    verify_postgres, Backend, DataDir, Problem, Store, StoreError, StoreOptions, VerifyOptions,
};

fn event(log: u64, i: u64) -> NewEvent {
    let ts = Timestamp::from_unix_nanos(1_763_700_000_000_000_000 + i as i128 * 1_000).expect("ts");
    let mut rnd = [0u8; 10];
    rnd[..8].copy_from_slice(&i.to_be_bytes());
    rnd[8] = log as u8;
    let session = SessionId::new(format!("s-{log}-{}", i % 3)).expect("session");
    let meta = EventMeta::new(
        EventId::from_parts(1_763_700_000_000 + i, &rnd),
        ts,
        EventKind::ToolCall,
        Source::Api,
        AgentRef::unattested("test"),
        TaskId::implicit_for(&session),
        session,
    );
    NewEvent {
        meta,
        body: Body::from_value(&json!({"n": i, "log": log})),
    }
}

fn options(url: &PgUrl) -> StoreOptions {
    StoreOptions {
        backend: Backend::Postgres(url.clone()),
        ..Default::default()
    }
}

fn data_dir(tmp: &tempfile::TempDir, name: &str) -> DataDir {
    DataDir::open_or_init(&tmp.path().join(name), "").expect("init")
}

fn verify_all(url: &PgUrl) -> Vec<crate::LogReport> {
    verify_postgres(url, &[], &VerifyOptions::default()).expect("verify runs")
}

#[test]
fn two_gateways_write_their_own_logs_concurrently_and_both_verify() {
    let schema = TestSchema::create("twologs").expect("schema");
    let url = schema.pg_url();
    let tmp = tempfile::tempdir().expect("tmp");
    let dirs = [data_dir(&tmp, "a"), data_dir(&tmp, "b")];
    std::thread::scope(|s| {
        for (n, dir) in dirs.iter().enumerate() {
            let url = url.clone();
            s.spawn(move || {
                let store = Store::open(dir, options(&url)).expect("open");
                let all: Vec<NewEvent> = (0..300).map(|i| event(n as u64, i)).collect();
                for chunk in all.chunks(25) {
                    let receipts = store.append_blocking(chunk.to_vec()).expect("append");
                    assert_eq!(receipts.len(), chunk.len());
                }
                assert_eq!(store.close().expect("close"), 300);
            });
        }
    });
    let reports = verify_all(&url);
    assert_eq!(reports.len(), 2);
    for r in &reports {
        assert!(r.report.ok(), "{}: {:?}", r.origin, r.report.problems);
        assert_eq!(r.report.events, 300);
        assert_eq!(r.report.latest_checkpoint, 300);
        assert_eq!(r.report.bodies_checked, 300);
        assert!(!r.writer_running);
    }
    let origins: Vec<String> = dirs.iter().map(|d| d.origin().expect("origin")).collect();
    assert!(reports.iter().all(|r| origins.contains(&r.origin)));
    let mut c = url.connect().expect("connect");
    let sessions: i64 = c
        .query_one("SELECT count(*) FROM sessions", &[])
        .expect("q")
        .get(0);
    assert_eq!(sessions, 6, "3 sessions per gateway in the shared index");
}

#[test]
fn a_duplicate_id_fails_its_request_only_and_a_restart_continues_the_log() {
    let schema = TestSchema::create("dup").expect("schema");
    let url = schema.pg_url();
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = data_dir(&tmp, "a");
    let store = Store::open(&dir, options(&url)).expect("open");
    store
        .append_blocking(vec![event(0, 0), event(0, 1)])
        .expect("first");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("rt");
    let (dup, fresh) = rt.block_on(async {
        // Queued together so they commit as one group: the fast path fails, the retry isolates.
        let a = store.submit(vec![event(0, 1)]).await.expect("queued");
        let b = store
            .submit(vec![event(0, 2), event(0, 3)])
            .await
            .expect("queued");
        (a.durable().await, b.durable().await)
    });
    assert!(
        matches!(dup, Err(StoreError::DuplicateId(ref id)) if *id == event(0, 1).meta.id.to_string()),
        "{dup:?}"
    );
    let fresh = fresh.expect("the neighbour commits");
    assert_eq!(fresh.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![2, 3]);
    store.close().expect("close");
    let store = Store::open(&dir, options(&url)).expect("reopen");
    let r = store
        .append_blocking(vec![event(0, 4)])
        .expect("after restart");
    assert_eq!(r[0].seq, 4);
    store.close().expect("close");
    let reports = verify_all(&url);
    assert!(reports[0].report.ok(), "{:?}", reports[0].report.problems);
    assert_eq!(reports[0].report.events, 5);
}

#[test]
fn one_log_has_one_writer() {
    let schema = TestSchema::create("onewriter").expect("schema");
    let url = schema.pg_url();
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = data_dir(&tmp, "a");
    let store = Store::open(&dir, options(&url)).expect("open");
    // A copy of the data directory (same instance, same keys) on another host.
    let copy = tmp.path().join("copy");
    std::fs::create_dir_all(copy.join("keys")).expect("mkdir");
    for f in ["instance", "keys/log.key", "keys/log.pub", "keys/hmac.keys"] {
        std::fs::copy(dir.root().join(f), copy.join(f)).expect("copy");
    }
    let copy = DataDir::open_or_init(&copy, "").expect("copy dir");
    let e = Store::open(&copy, options(&url)).expect_err("second writer of one log");
    assert!(
        e.to_string()
            .contains("another Warden process is writing log"),
        "{e}"
    );
    let reports = verify_all(&url);
    assert!(reports[0].writer_running);
    store.close().expect("close");
}

#[test]
fn retention_drops_bodies_and_the_log_still_verifies() {
    let schema = TestSchema::create("retention").expect("schema");
    let url = schema.pg_url();
    let tmp = tempfile::tempdir().expect("tmp");
    let store = Store::open(&data_dir(&tmp, "a"), options(&url)).expect("open");
    store
        .append_blocking((0..20).map(|i| event(0, i)).collect())
        .expect("append");
    store.close().expect("close");
    assert!(
        crate::drop_bodies_before(&url, 0).is_err(),
        "keeping 0 days is refused"
    );
    assert!(
        crate::drop_bodies_before(&url, 1)
            .expect("retention")
            .is_empty(),
        "today's bodies stay"
    );
    let today = super::writer::ingest_day();
    let dropped = super::retention::drop_partitions_before(&url, today + 1).expect("retention");
    assert_eq!(dropped, vec![today]);
    let r = &verify_all(&url)[0].report;
    assert!(r.ok(), "{:?}", r.problems);
    assert_eq!((r.events, r.bodies_checked, r.bodies_purged), (20, 0, 20));
    // Proofs need no bodies: one still proves its event against the log's key.
    let dir = data_dir(&tmp, "a");
    let proof = crate::prove_postgres(&url, &event(0, 7).meta.id).expect("prove");
    let envelope = proof
        .verify(
            &dir.verifier().expect("key"),
            &dir.origin().expect("origin"),
        )
        .expect("the proof verifies");
    assert_eq!(envelope.seq, 7);
}

#[test]
fn tampering_in_the_database_is_caught_and_named() {
    let schema = TestSchema::create("tamper").expect("schema");
    let url = schema.pg_url();
    let tmp = tempfile::tempdir().expect("tmp");
    for name in ["a", "b"] {
        let store = Store::open(&data_dir(&tmp, name), options(&url)).expect("open");
        store
            .append_blocking(
                (0..10)
                    .map(|i| event(name.len() as u64 + name.as_bytes()[0] as u64, i))
                    .collect(),
            )
            .expect("append");
        store.close().expect("close");
    }
    let mut c = url.connect().expect("connect");
    // The triggers stop an accident...
    assert!(c.execute("DELETE FROM events WHERE seq = 3", &[]).is_err());
    // ...an attacker disables them.
    c.batch_execute(
        "ALTER TABLE events DISABLE TRIGGER USER; ALTER TABLE event_bodies DISABLE TRIGGER USER",
    )
    .expect("attacker");
    c.execute(
        "UPDATE event_bodies SET body = convert_to('{\"n\":999}', 'UTF8') WHERE log_id = 1 AND seq = 4",
        &[],
    )
    .expect("edit body");
    c.execute("DELETE FROM events WHERE log_id = 2 AND seq = 6", &[])
        .expect("delete");
    let reports = verify_all(&url);
    let by_log = |i: usize| &reports[i].report.problems;
    assert!(
        matches!(by_log(0).first(), Some(Problem::BodyAltered { seq: 4, .. })),
        "{:?}",
        by_log(0)
    );
    assert!(
        matches!(
            by_log(1).first(),
            Some(Problem::Gap {
                expected: 6,
                found: 7
            })
        ),
        "{:?}",
        by_log(1)
    );
}

#[test]
fn the_writer_reconnects_after_the_server_drops_it_and_acknowledges_only_what_is_stored() {
    let schema = TestSchema::create("reconnect").expect("schema");
    let app = format!("w{}", schema.name);
    let url: PgUrl = format!("{}&application_name={app}", schema.url)
        .parse()
        .expect("url");
    let tmp = tempfile::tempdir().expect("tmp");
    let store = Store::open(&data_dir(&tmp, "a"), options(&url)).expect("open");
    let mut acked = store
        .append_blocking(vec![event(0, 0)])
        .expect("first")
        .len();
    let mut admin = schema.pg_url().connect().expect("admin");
    let killed = admin
        .query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
            &[&app],
        )
        .expect("terminate");
    assert_eq!(killed.len(), 1, "the writer's connection");
    // Groups fail until the writer has noticed the drop and reconnected (how many depends on
    // when the server and the client notice); then it recovers for good.
    let mut failures = 0;
    let mut i = 1;
    while store
        .append_blocking(vec![event(0, i)])
        .map(|r| acked += r.len())
        .is_err()
    {
        failures += 1;
        i += 1;
        assert!(failures < 20, "the writer never reconnected");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    for j in i + 1..i + 5 {
        acked += store
            .append_blocking(vec![event(0, j)])
            .expect("appends after the reconnect succeed")
            .len();
    }
    store.close().expect("close");
    let r = &verify_all(&url)[0].report;
    assert!(r.ok(), "{:?}", r.problems);
    assert_eq!(r.events as usize, acked);
}
