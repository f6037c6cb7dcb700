//! Tampering with the SQLite file directly, as a host attacker would, must make `verify` fail
//! and name what was damaged; an intact log must verify.

use rusqlite::Connection;
use serde_json::json;
use warden_core::{
    AgentRef, Body, EventId, EventKind, EventMeta, NewEvent, SessionId, Source, TaskId, Timestamp,
};
use warden_store::{verify, DataDir, Problem, Reader, Store, StoreOptions, VerifyOptions};

fn event(i: u64) -> NewEvent {
    let ts = Timestamp::from_unix_nanos(1_763_700_000_000_000_000 + i as i128 * 1_000).expect("ts");
    let mut rnd = [0u8; 10];
    rnd[..8].copy_from_slice(&i.to_be_bytes());
    let session = SessionId::new(format!("s-{}", i % 3)).expect("session");
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
        body: Body::from_value(&json!({"n": i, "tool_name": "Bash"})),
    }
}

/// A data dir holding `n` events appended in a few requests, closed cleanly.
fn log_with(n: u64) -> (tempfile::TempDir, DataDir) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), "").expect("init");
    let store = Store::open(&dir, StoreOptions::default()).expect("open");
    let all: Vec<NewEvent> = (0..n).map(event).collect();
    for chunk in all.chunks(7) {
        store.append_blocking(chunk.to_vec()).expect("append");
        // A checkpoint in the middle too, so there are several to check against.
        if chunk[0].meta.id == all[14.min(all.len() - 1)].meta.id {
            tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("rt")
                .block_on(store.checkpoint())
                .expect("checkpoint");
        }
    }
    store.close().expect("close");
    (tmp, dir)
}

fn check(dir: &DataDir) -> Vec<Problem> {
    let reader = Reader::open(dir).expect("reader");
    verify(&reader, &VerifyOptions::default())
        .expect("verify runs")
        .problems
}

/// Opens the database as an attacker: no append-only triggers.
fn attacker(dir: &DataDir) -> Connection {
    let c = Connection::open(dir.db_path()).expect("open db");
    c.execute_batch(
        "DROP TRIGGER events_append_only_delete; DROP TRIGGER events_append_only_update;
         DROP TRIGGER checkpoints_append_only;",
    )
    .expect("drop triggers");
    c
}

fn envelope(c: &Connection, seq: i64) -> String {
    let b: Vec<u8> = c
        .query_row("SELECT envelope FROM events WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })
        .expect("row");
    String::from_utf8(b).expect("utf8")
}

fn leaf_of(text: &str) -> Vec<u8> {
    warden_core::merkle::leaf_hash(text.as_bytes()).to_vec()
}

/// Inserts a forged row at `seq`: a copy of row `from` with a new id and `envelope`, whose leaf
/// hash is recomputed so the row is self-consistent (only the tree can tell).
fn forge_row(c: &Connection, seq: i64, from: i64, envelope: &str) {
    c.execute(
        "INSERT INTO events(seq, id, ts_ns, kind, session_id, task_id, agent, envelope, leaf, body)
         SELECT ?1, randomblob(16), ts_ns, kind, session_id, task_id, agent, ?2, ?3, body FROM events WHERE seq = ?4",
        rusqlite::params![seq, envelope.as_bytes(), leaf_of(envelope), from],
    )
    .expect("insert a forged row");
}

#[test]
fn an_intact_log_verifies() {
    let (_t, dir) = log_with(40);
    assert_eq!(check(&dir), vec![]);
    let reader = Reader::open(&dir).expect("reader");
    let report = verify(&reader, &VerifyOptions::default()).expect("verify");
    assert_eq!(report.events, 40);
    assert_eq!(report.bodies_checked, 40);
    assert!(report.checkpoints >= 2);
    assert_eq!(report.latest_checkpoint, 40);
}

#[test]
fn a_changed_field_is_named() {
    let (_t, dir) = log_with(40);
    let c = attacker(&dir);
    let changed = envelope(&c, 9).replace("unattested:test", "unattested:else");
    c.execute(
        "UPDATE events SET envelope = ?1 WHERE seq = 9",
        [changed.as_bytes()],
    )
    .expect("update");
    match check(&dir).first() {
        Some(Problem::Altered { seq: 9, .. }) => {}
        other => panic!("expected event 9 altered, got {other:?}"),
    }
}

#[test]
fn a_changed_field_with_a_recomputed_leaf_breaks_the_checkpoint_root() {
    let (_t, dir) = log_with(40);
    let c = attacker(&dir);
    let changed = envelope(&c, 20).replace("\"kind\":\"tool_call\"", "\"kind\":\"prompt\"");
    c.execute(
        "UPDATE events SET envelope = ?1, leaf = ?2, kind = 'prompt' WHERE seq = 20",
        rusqlite::params![changed.as_bytes(), leaf_of(&changed)],
    )
    .expect("update");
    match check(&dir).first() {
        Some(Problem::RootMismatch {
            since_seq,
            checkpoint_size,
        }) => {
            assert!(*since_seq <= 20 && *checkpoint_size > 20)
        }
        other => panic!("expected a root mismatch, got {other:?}"),
    }
}

#[test]
fn a_changed_body_is_named() {
    let (_t, dir) = log_with(40);
    let c = attacker(&dir);
    c.execute(
        "UPDATE events SET body = ?1 WHERE seq = 3",
        [br#"{"n":3,"tool_name":"Read"}"#.as_slice()],
    )
    .expect("update");
    assert!(matches!(
        check(&dir).first(),
        Some(Problem::BodyAltered { seq: 3, .. })
    ));
}

#[test]
fn a_purged_body_keeps_the_log_valid() {
    let (_t, dir) = log_with(40);
    let c = Connection::open(dir.db_path()).expect("db");
    // The one mutation the append-only triggers allow: retention dropping a body.
    c.execute("UPDATE events SET body = NULL WHERE seq < 10", [])
        .expect("purge");
    assert!(c
        .execute("UPDATE events SET body = x'00' WHERE seq = 11", [])
        .is_err());
    assert!(c.execute("DELETE FROM events WHERE seq = 11", []).is_err());
    assert_eq!(check(&dir), vec![]);
}

#[test]
fn a_deleted_event_is_named() {
    let (_t, dir) = log_with(40);
    attacker(&dir)
        .execute("DELETE FROM events WHERE seq = 17", [])
        .expect("delete");
    assert_eq!(
        check(&dir).first(),
        Some(&Problem::Gap {
            expected: 17,
            found: 18
        })
    );
}

#[test]
fn an_inserted_event_is_caught() {
    let (_t, dir) = log_with(40);
    let c = attacker(&dir);
    // Shift rows 25.. up by one and put a forged row at 25 (a copy of 24 with a new id).
    c.execute_batch("UPDATE events SET seq = -seq - 1 WHERE seq >= 25; UPDATE events SET seq = -seq WHERE seq < 0;")
        .expect("shift");
    let forged = envelope(&c, 24).replace("\"seq\":24", "\"seq\":25");
    forge_row(&c, 25, 24, &forged);
    match check(&dir).first() {
        Some(Problem::Moved {
            position: 26,
            envelope_seq: 25,
        })
        | Some(Problem::BodyAltered { .. }) => {}
        other => panic!("expected the insertion to show, got {other:?}"),
    }
}

#[test]
fn an_inserted_event_with_rewritten_positions_breaks_the_root() {
    let (_t, dir) = log_with(40);
    let c = attacker(&dir);
    c.execute_batch("UPDATE events SET seq = -seq - 1 WHERE seq >= 25; UPDATE events SET seq = -seq WHERE seq < 0;")
        .expect("shift");
    // Rewrite every shifted envelope's seq and leaf so each row is self-consistent.
    for seq in 26..=40i64 {
        let text =
            envelope(&c, seq).replace(&format!("\"seq\":{}", seq - 1), &format!("\"seq\":{seq}"));
        c.execute(
            "UPDATE events SET envelope = ?1, leaf = ?2 WHERE seq = ?3",
            rusqlite::params![text.as_bytes(), leaf_of(&text), seq],
        )
        .expect("rewrite");
    }
    let forged = envelope(&c, 24).replace("\"seq\":24", "\"seq\":25");
    forge_row(&c, 25, 24, &forged);
    assert!(
        matches!(check(&dir).first(), Some(Problem::RootMismatch { checkpoint_size, .. }) if *checkpoint_size > 25)
    );
}

#[test]
fn two_swapped_events_are_named() {
    let (_t, dir) = log_with(40);
    let c = attacker(&dir);
    c.execute_batch(
        "UPDATE events SET seq = -1 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = 6;
         UPDATE events SET seq = 6 WHERE seq = -1;",
    )
    .expect("swap");
    assert_eq!(
        check(&dir).first(),
        Some(&Problem::Moved {
            position: 5,
            envelope_seq: 6
        })
    );
}

#[test]
fn truncating_the_tail_is_caught() {
    let (_t, dir) = log_with(40);
    attacker(&dir)
        .execute("DELETE FROM events WHERE seq >= 35", [])
        .expect("truncate");
    assert_eq!(
        check(&dir).first(),
        Some(&Problem::Truncated {
            checkpoint_size: 40,
            log_size: 35
        })
    );
}

#[test]
fn truncating_the_tail_with_its_checkpoints_is_caught_by_the_checkpoint_file() {
    let (_t, dir) = log_with(40);
    let c = attacker(&dir);
    c.execute("DELETE FROM events WHERE seq >= 30", [])
        .expect("truncate");
    c.execute("DELETE FROM checkpoints WHERE size > 30", [])
        .expect("drop checkpoints");
    let problems = check(&dir);
    assert!(
        problems.iter().any(|p| matches!(
            p,
            Problem::Truncated {
                checkpoint_size: 40,
                log_size: 30
            }
        )),
        "{problems:?}"
    );
}

#[test]
fn an_altered_checkpoint_is_named() {
    let (_t, dir) = log_with(40);
    let c = attacker(&dir);
    let note: String = c
        .query_row("SELECT note FROM checkpoints WHERE size = 40", [], |r| {
            r.get(0)
        })
        .expect("note");
    let altered = note.replacen("\n40\n", "\n39\n", 1);
    c.execute(
        "UPDATE checkpoints SET note = ?1 WHERE size = 40",
        [altered],
    )
    .expect("alter");
    assert!(matches!(
        check(&dir).first(),
        Some(Problem::BadCheckpoint { size: 40, .. })
    ));
}

#[test]
fn a_forged_checkpoint_is_named() {
    let (_t, dir) = log_with(40);
    let c = attacker(&dir);
    let origin = dir.origin().expect("origin");
    let forger =
        warden_core::checkpoint::LogSigner::from_seed("warden-forger", &[3; 32]).expect("signer");
    let forged = forger.sign(&warden_core::checkpoint::Checkpoint {
        origin,
        size: 40,
        root: [0; 32],
    });
    c.execute(
        "UPDATE checkpoints SET note = ?1, root = zeroblob(32) WHERE size = 40",
        [forged],
    )
    .expect("forge");
    assert!(matches!(
        check(&dir).first(),
        Some(Problem::BadCheckpoint { size: 40, .. })
    ));
}

#[test]
fn rows_appended_behind_wardens_back_are_caught() {
    let (_t, dir) = log_with(40);
    let c = attacker(&dir);
    let forged = envelope(&c, 39).replace("\"seq\":39", "\"seq\":40");
    forge_row(&c, 40, 39, &forged);
    assert_eq!(
        check(&dir).first(),
        Some(&Problem::UnsignedTail {
            from_seq: 40,
            events: 1
        })
    );
}

#[test]
fn inclusion_proofs_verify_offline_and_fail_when_altered() {
    let (_t, dir) = log_with(40);
    let reader = Reader::open(&dir).expect("reader");
    let verifier = dir.verifier().expect("vkey");
    let origin = dir.origin().expect("origin");
    let mut ids = Vec::new();
    reader
        .events(&Default::default(), |e| {
            ids.push(e.envelope.meta.id);
            true
        })
        .expect("events");
    for id in [ids[0], ids[13], ids[39]] {
        let proof = reader.prove(&id).expect("proof");
        let env = proof.verify(&verifier, &origin).expect("verifies");
        assert_eq!(env.meta.id, id);
        let json = serde_json::to_string(&proof).expect("json");
        let mut tampered: warden_store::InclusionProof =
            serde_json::from_str(&json).expect("parse");
        tampered.envelope = tampered.envelope.replace("tool_call", "prompt");
        assert!(tampered.verify(&verifier, &origin).is_err());
        let mut wrong_index = proof.clone();
        wrong_index.seq += 1;
        assert!(wrong_index.verify(&verifier, &origin).is_err());
    }
}

#[test]
fn a_duplicate_id_fails_only_its_own_request_and_the_store_reopens() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::open_or_init(&tmp.path().join("d"), "").expect("init");
    let store = Store::open(&dir, StoreOptions::default()).expect("open");
    store
        .append_blocking(vec![event(1), event(2)])
        .expect("first");
    let err = store
        .append_blocking(vec![event(3), event(1)])
        .expect_err("duplicate");
    assert!(err.to_string().contains("already recorded"), "{err}");
    let r = store.append_blocking(vec![event(3)]).expect("third");
    assert_eq!(r[0].seq, 2, "the failed request consumed no positions");
    assert!(
        Store::open(&dir, StoreOptions::default()).is_err(),
        "a second writer is refused"
    );
    store.close().expect("close");
    let again = Store::open(&dir, StoreOptions::default()).expect("reopen");
    assert_eq!(
        again.append_blocking(vec![event(9)]).expect("append")[0].seq,
        3
    );
    again.close().expect("close");
    assert_eq!(check(&dir), vec![]);
}

#[test]
fn detached_submissions_become_durable_in_order_and_a_failed_one_is_reported() {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::open_or_init(&tmp.path().join("d"), "").expect("init");
    let store = Store::open(&dir, StoreOptions::default()).expect("open");
    let failures = Arc::new(AtomicU64::new(0));
    let counted = failures.clone();
    let on_failure: warden_store::OnFailure = Arc::new(move |_| {
        counted.fetch_add(1, Ordering::Relaxed);
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("rt");
    let appended = rt.block_on(async {
        store
            .submit_detached(vec![event(1), event(2)], on_failure.clone())
            .await
            .expect("queued");
        // A duplicate id: this request fails alone, and nobody is waiting on it.
        store
            .submit_detached(vec![event(3), event(1)], on_failure.clone())
            .await
            .expect("queued");
        // One queue: an append waited on after them is committed after them.
        store.append(vec![event(4)]).await.expect("append")
    });
    assert_eq!(
        appended[0].seq, 2,
        "the failed request consumed no positions"
    );
    assert_eq!(failures.load(Ordering::Relaxed), 1);
    assert_eq!(store.stats().failed_requests.load(Ordering::Relaxed), 1);
    store.close().expect("close");
    assert_eq!(check(&dir), vec![]);
}

#[test]
fn a_crash_before_the_first_checkpoint_reaches_its_file_verifies_but_a_deleted_file_does_not() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), "").expect("init");
    Store::open(&dir, StoreOptions::default())
        .expect("open")
        .close()
        .expect("close");
    let empty_witness = std::fs::read(dir.checkpoint_path()).expect("a new store has its file");
    let store = Store::open(&dir, StoreOptions::default()).expect("reopen");
    store
        .append_blocking((0..10).map(event).collect())
        .expect("append");
    store.close().expect("close");
    assert!(check(&dir).is_empty());

    // The writer commits a checkpoint and then replaces the file: SIGKILL between the two
    // leaves the empty log's witness in place.
    std::fs::write(dir.checkpoint_path(), &empty_witness).expect("restore");
    assert_eq!(check(&dir), Vec::<Problem>::new());

    std::fs::remove_file(dir.checkpoint_path()).expect("delete");
    let problems = check(&dir);
    assert!(
        matches!(problems.as_slice(), [Problem::CheckpointFile { reason }] if reason.contains("missing")),
        "{problems:?}"
    );
}
