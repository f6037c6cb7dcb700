//! Against the local PostgreSQL: URLs, migrations, the connection thread, notifications.

use std::time::Duration;

use crate::testing::TestSchema;
use crate::{migrate, notify, Listener, Migration, PgThread, PgUrl};

#[test]
fn urls_are_validated_and_printed_without_password() {
    let u: PgUrl = "postgres://alice:s3cret@db.internal:6543/warden"
        .parse()
        .expect("parses");
    assert_eq!(u.to_string(), "postgres://alice@db.internal:6543/warden");
    assert!(!format!("{u:?}").contains("s3cret"));
    let e = "mysql://x@y/z".parse::<PgUrl>().expect_err("not postgres");
    assert!(e.to_string().contains("postgres://"), "{e}");
    let e = "postgres://x@y".parse::<PgUrl>().expect_err("no database");
    assert!(e.to_string().contains("database"), "{e}");
}

const STEPS: &[Migration] = &[
    Migration {
        version: 1,
        sql: "CREATE TABLE t (a int)",
    },
    Migration {
        version: 2,
        sql: "ALTER TABLE t ADD COLUMN b int",
    },
];

#[test]
fn migrations_apply_once_and_refuse_a_newer_schema() {
    let schema = TestSchema::create("migrate").expect("schema");
    let mut c = schema.pg_url().connect().expect("connect");
    assert_eq!(migrate(&mut c, "demo", &STEPS[..1]).expect("v1"), 1);
    assert_eq!(migrate(&mut c, "demo", STEPS).expect("v2"), 2);
    assert_eq!(migrate(&mut c, "demo", STEPS).expect("again"), 2);
    c.execute("INSERT INTO t (a, b) VALUES (1, 2)", &[])
        .expect("both columns exist");
    let e = migrate(&mut c, "demo", &STEPS[..1]).expect_err("older binary");
    assert!(e.to_string().contains("newer than this Warden"), "{e}");
}

#[test]
fn the_thread_runs_calls_from_async_code() {
    let schema = TestSchema::create("thread").expect("schema");
    let pg = PgThread::start(&schema.pg_url(), "test-pg").expect("start");
    let rt = tokio_rt();
    let got: i32 = rt.block_on(async {
        pg.call(|c| Ok(c.query_one("SELECT 41 + 1", &[])?.get(0)))
            .expect("call")
    });
    assert_eq!(got, 42);
}

#[test]
fn notifications_reach_listeners_of_the_same_schema_only() {
    let mine = TestSchema::create("notify").expect("schema");
    let other = TestSchema::create("notifyother").expect("schema");
    let (tx, rx) = flume::unbounded();
    let _listener = Listener::spawn(&mine.pg_url(), Duration::from_secs(3600), move |n| {
        if let Some(n) = n {
            let _ = tx.send(n);
        }
    })
    .expect("listen");
    let mut o = other.pg_url().connect().expect("connect");
    notify(&mut o, "revocation", "from-other").expect("notify other");
    let mut m = mine.pg_url().connect().expect("connect");
    let mut tx = m.transaction().expect("tx");
    notify(&mut tx, "revocation", "rolled-back").expect("notify");
    tx.rollback().expect("rollback");
    notify(&mut m, "revocation", "lease:a|b").expect("notify mine");
    let n = rx.recv_timeout(Duration::from_secs(5)).expect("delivered");
    assert_eq!(n.topic, "revocation");
    assert_eq!(
        n.payload, "lease:a|b",
        "neither the other schema's nor the rolled-back one"
    );
}

fn tokio_rt() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => panic!("runtime: {e}"),
    }
}

#[test]
fn threads_and_listeners_start_from_inside_an_async_runtime() {
    let schema = TestSchema::create("inruntime").expect("schema");
    let url = schema.pg_url();
    tokio_rt().block_on(async move {
        let pg = PgThread::start(&url, "test-pg").expect("start inside a runtime");
        let _l = Listener::spawn(&url, Duration::from_secs(1), |_| {}).expect("listen");
        let one: i32 = pg
            .call(|c| Ok(c.query_one("SELECT 1", &[])?.get(0)))
            .expect("call");
        assert_eq!(one, 1);
    });
}
