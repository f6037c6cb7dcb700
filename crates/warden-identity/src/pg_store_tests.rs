//! The PostgreSQL identity store against the local server, two "gateways" on one schema.

use std::time::{Duration, Instant};

use warden_pg::testing::TestSchema;

use super::PgIdentityStore;
use crate::store::{
    IdentityStore, JoinRedeem, JoinTokenRow, NewLease, RevocationQuery, RevocationRow,
};

fn pair(label: &str) -> (TestSchema, PgIdentityStore, PgIdentityStore) {
    let schema = TestSchema::create(label).expect("schema");
    let a = PgIdentityStore::open(&schema.pg_url()).expect("a");
    let b = PgIdentityStore::open(&schema.pg_url()).expect("b");
    (schema, a, b)
}

#[test]
fn a_revocation_on_one_gateway_holds_on_the_other_within_a_second() {
    let (_schema, a, b) = pair("idrevoke");
    let q = RevocationQuery {
        lease_paths: vec!["task:t1".into(), "task:t1/svid:x".into()],
        ..Default::default()
    };
    assert_eq!(b.find_revocation(&q).expect("find"), None);
    let row = RevocationRow {
        kind: "lease".into(),
        value: "task:t1".into(),
        reason: "operator".into(),
        at: 100,
    };
    a.insert_revocation(&row).expect("revoke");
    assert_eq!(a.find_revocation(&q).expect("own write"), Some(row.clone()));
    let started = Instant::now();
    while b.find_revocation(&q).expect("find").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "not seen by the other gateway in 1 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // A restarted gateway starts with every revocation.
    let c = PgIdentityStore::open(&_schema.pg_url()).expect("c");
    assert_eq!(c.find_revocation(&q).expect("find"), Some(row));
    // Agent revocations cover credentials issued at or before the revocation only.
    a.insert_revocation(&RevocationRow {
        kind: "agent".into(),
        value: "spiffe://warden.local/agent/x".into(),
        reason: "operator".into(),
        at: 200,
    })
    .expect("revoke agent");
    let agent_q = |issued_at| RevocationQuery {
        agents: vec!["spiffe://warden.local/agent/x".into()],
        issued_at,
        ..Default::default()
    };
    assert!(a.find_revocation(&agent_q(150)).expect("find").is_some());
    assert!(a.find_revocation(&agent_q(250)).expect("find").is_none());
}

#[test]
fn a_join_token_is_spent_once_across_gateways_and_leases_number_in_order() {
    let (_schema, a, b) = pair("idjoin");
    a.insert_join_token(&JoinTokenRow {
        hash: "h".into(),
        agent: "bot".into(),
        created_at: 1,
        expires_at: i64::MAX,
    })
    .expect("insert");
    let outcomes = std::thread::scope(|s| {
        let ta = s.spawn(|| a.redeem_join_token("h", 10).expect("a"));
        let tb = s.spawn(|| b.redeem_join_token("h", 10).expect("b"));
        [ta.join().expect("a"), tb.join().expect("b")]
    });
    let redeemed = outcomes
        .iter()
        .filter(|o| matches!(o, JoinRedeem::Redeemed(_)))
        .count();
    assert_eq!(redeemed, 1, "{outcomes:?}");
    assert!(outcomes.contains(&JoinRedeem::AlreadyUsed));
    let lease = |store: &PgIdentityStore| {
        store
            .insert_lease(&NewLease {
                id_prefix: "task:t/secret:s/".into(),
                task_id: "t".into(),
                secret: "s".into(),
                agent: "bot".into(),
                holder_jti: "j".into(),
                issued_at: 1,
                expires_at: 2,
            })
            .expect("lease")
    };
    let seqs: Vec<u64> = [lease(&a), lease(&b), lease(&a)]
        .iter()
        .map(|l| l.seq)
        .collect();
    assert_eq!(seqs, vec![1, 2, 3]);
    assert_eq!(
        b.get_lease("task:t/secret:s/2")
            .expect("get")
            .map(|l| l.seq),
        Some(2)
    );
}
