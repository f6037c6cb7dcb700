//! The review UI's queries: keyset windows over one session (in order, complete, with the
//! right "more" flags at both ends), alerts by kind and session, activity buckets, agents seen,
//! alert severity per session, and search by agent, tool, text and time.

use serde_json::json;
use warden_core::{
    AgentRef, Body, EventId, EventKind, EventMeta, NewEvent, SessionId, Source, TaskId, Timestamp,
};
use warden_store::{DataDir, Page, Reader, Search, Store, StoreOptions};

const T0: i128 = 1_763_700_000_000_000_000;
const MIN: i128 = 60_000_000_000;

/// Event `i`: sessions `a` (i even) and `b` (i odd); every 10th an alert; one minute apart.
fn event(i: u64) -> NewEvent {
    let ts = Timestamp::from_unix_nanos(T0 + i as i128 * MIN).expect("ts");
    let mut rnd = [0u8; 10];
    rnd[..8].copy_from_slice(&i.to_be_bytes());
    let session = SessionId::new(if i.is_multiple_of(2) { "a" } else { "b" }).expect("session");
    let (kind, body) = if i % 10 == 9 {
        let sev = if i == 19 { "critical" } else { "low" };
        (
            EventKind::Alert,
            json!({"rule": "r", "severity": sev, "evidence": []}),
        )
    } else {
        let tool = if i.is_multiple_of(3) { "Bash" } else { "Read" };
        (
            EventKind::ToolCall,
            json!({"n": i, "tool_name": tool, "tool_input": {"note": format!("needle-{i}")}}),
        )
    };
    let agent = if i.is_multiple_of(2) {
        "agent-a"
    } else {
        "agent-b"
    };
    let meta = EventMeta::new(
        EventId::from_parts(1_763_700_000_000 + i, &rnd),
        ts,
        kind,
        Source::Api,
        AgentRef::unattested(agent),
        TaskId::implicit_for(&session),
        session,
    );
    NewEvent {
        meta,
        body: Body::from_value(&body),
    }
}

fn log_with(n: u64) -> (tempfile::TempDir, DataDir) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), "").expect("init");
    let store = Store::open(&dir, StoreOptions::default()).expect("open");
    store
        .append_blocking((0..n).map(event).collect())
        .expect("append");
    store.close().expect("close");
    (tmp, dir)
}

fn seqs(w: &warden_store::Window) -> Vec<u64> {
    w.events.iter().map(|e| e.envelope.seq).collect()
}

#[test]
fn keyset_windows_walk_a_session_in_order_without_gaps() {
    let (_tmp, dir) = log_with(100);
    let r = Reader::open(&dir).expect("reader");
    let first = r.session_window("a", Page::First, 20).expect("first");
    assert_eq!(seqs(&first), (0..40).step_by(2).collect::<Vec<u64>>());
    assert!(!first.has_before && first.has_after);
    // Forward to the end, page by page: every event of the session once, in order.
    let mut all = seqs(&first);
    let mut w = first;
    while w.has_after {
        let last = *seqs(&w).last().expect("non-empty");
        w = r.session_window("a", Page::After(last), 20).expect("after");
        all.extend(seqs(&w));
    }
    assert_eq!(all, (0..100).step_by(2).collect::<Vec<u64>>());
    let last = r.session_window("a", Page::Last, 20).expect("last");
    assert_eq!(seqs(&last), (60..100).step_by(2).collect::<Vec<u64>>());
    assert!(last.has_before && !last.has_after);
    let before = r.session_window("a", Page::Before(60), 20).expect("before");
    assert_eq!(seqs(&before), (20..60).step_by(2).collect::<Vec<u64>>());
    assert!(before.has_before && before.has_after);
    assert!(r
        .session_window("nope", Page::First, 20)
        .expect("empty")
        .events
        .is_empty());
}

#[test]
fn alerts_counts_and_agents_come_from_aggregates() {
    let (_tmp, dir) = log_with(100);
    let r = Reader::open(&dir).expect("reader");
    let alerts = r.recent_alerts(Some("b"), None, 100).expect("alerts");
    let got: Vec<u64> = alerts.iter().map(|e| e.envelope.seq).collect();
    assert_eq!(
        got,
        vec![99, 89, 79, 69, 59, 49, 39, 29, 19, 9],
        "newest first, session b only"
    );
    let older = r.recent_alerts(None, Some(30), 2).expect("page");
    assert_eq!(
        older.iter().map(|e| e.envelope.seq).collect::<Vec<_>>(),
        vec![29, 19]
    );

    let sev = r
        .max_alert_severity(&["a".into(), "b".into()])
        .expect("severity");
    assert_eq!(sev.get("b"), Some(&4), "one critical alert in b");
    assert_eq!(sev.get("a"), None, "no alerts in a");

    let buckets = r.activity(T0 as i64, 10 * MIN as i64).expect("activity");
    assert_eq!(buckets.len(), 10);
    assert!(
        buckets.iter().all(|b| b.events == 10 && b.alerts == 1),
        "{buckets:?}"
    );
    let later = r
        .activity((T0 + 95 * MIN) as i64, 10 * MIN as i64)
        .expect("since");
    assert_eq!(later.iter().map(|b| b.events).sum::<i64>(), 5);

    let agents = r.agents_seen().expect("agents");
    let names: Vec<&str> = agents.iter().map(|a| a.agent.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(agents.iter().all(|a| a.events == 50 && a.sessions == 1));
    assert_eq!(
        r.session_agents("a").expect("session agents"),
        vec!["unattested:agent-a".to_owned()]
    );
}

#[test]
fn search_narrows_by_agent_tool_text_kind_and_time() {
    let (_tmp, dir) = log_with(60);
    let r = Reader::open(&dir).expect("reader");
    let q = |s: Search| {
        r.search(&Search { limit: 100, ..s })
            .expect("search")
            .iter()
            .map(|e| e.envelope.seq)
            .collect::<Vec<u64>>()
    };
    assert_eq!(
        q(Search {
            text: Some("needle-42".into()),
            ..Default::default()
        }),
        vec![42]
    );
    let bash = q(Search {
        tool: Some("Bash".into()),
        ..Default::default()
    });
    assert!(
        !bash.is_empty() && bash.iter().all(|s| s % 3 == 0 && s % 10 != 9),
        "{bash:?}"
    );
    assert!(bash.windows(2).all(|w| w[0] > w[1]), "newest first");
    let b_alerts = q(Search {
        agent: Some("unattested:agent-b".into()),
        kind: Some(EventKind::Alert),
        ..Default::default()
    });
    assert_eq!(b_alerts, vec![59, 49, 39, 29, 19, 9]);
    let window = q(Search {
        since_ns: Some((T0 + 10 * MIN) as i64),
        until_ns: Some((T0 + 13 * MIN) as i64),
        ..Default::default()
    });
    assert_eq!(window, vec![12, 11, 10]);
    let paged = q(Search {
        before_seq: Some(3),
        ..Default::default()
    });
    assert_eq!(paged, vec![2, 1, 0]);
    // A quote in the tool name cannot break out of the JSON match.
    assert!(q(Search {
        tool: Some("Bash\",\"x".into()),
        ..Default::default()
    })
    .is_empty());
}

#[test]
fn a_sessions_agents_are_listed_once_each_in_order() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), "").expect("init");
    let store = Store::open(&dir, StoreOptions::default()).expect("open");
    let agents = ["unattested:z", "unattested:m", "unattested:m/subagent/s1"];
    let events = (0..30u64)
        .map(|i| {
            let mut e = event(i * 2); // session a
            e.meta.agent = AgentRef::parse(agents[i as usize % 3]).expect("agent");
            e
        })
        .collect();
    store.append_blocking(events).expect("append");
    store.close().expect("close");
    let r = Reader::open(&dir).expect("reader");
    assert_eq!(
        r.session_agents("a").expect("agents"),
        vec!["unattested:m", "unattested:m/subagent/s1", "unattested:z"]
    );
    assert!(r.session_agents("none").expect("empty").is_empty());
}

/// `event(i)` in session `a`, acting as `agent`.
fn in_session_a(i: u64, agent: &str) -> NewEvent {
    let mut e = event(i * 2);
    e.meta.agent = AgentRef::unattested(agent);
    e
}

#[test]
fn a_sessions_agents_and_counts_come_only_from_requests_that_committed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), "").expect("init");
    let store = Store::open(&dir, StoreOptions::default()).expect("open");
    store
        .append_blocking(vec![in_session_a(0, "lead"), in_session_a(1, "lead/sub")])
        .expect("append");
    // Same group or not, a request refused for a duplicate id leaves no trace in the index.
    let refused = store.append_blocking(vec![in_session_a(2, "intruder"), in_session_a(0, "lead")]);
    assert!(refused.is_err());
    store
        .append_blocking(vec![in_session_a(3, "lead/sub")])
        .expect("append");
    store.close().expect("close");
    let r = Reader::open(&dir).expect("reader");
    assert_eq!(
        r.session_agents("a").expect("agents"),
        vec![
            "unattested:lead".to_owned(),
            "unattested:lead/sub".to_owned()
        ]
    );
    let a = r
        .sessions(10)
        .expect("sessions")
        .into_iter()
        .find(|s| s.session_id == "a")
        .expect("session a");
    assert_eq!(a.events, 3, "{a:?}");
}

#[test]
fn a_version_1_log_is_upgraded_with_its_session_agents_filled_in() {
    let (_tmp, dir) = log_with(20);
    // Make it look like a log written by a v1 build: no agents table, the old indexes.
    let conn = rusqlite::Connection::open(dir.db_path()).expect("sqlite");
    conn.execute_batch(
        "DROP TABLE session_agents; DROP INDEX events_alerts; DROP INDEX events_session_alerts;
         CREATE INDEX events_kind ON events(kind, session_id, seq);
         CREATE INDEX events_session_agent ON events(session_id, agent);
         PRAGMA user_version = 1;",
    )
    .expect("downgrade");
    drop(conn);
    let store = Store::open(&dir, StoreOptions::default()).expect("upgrade on open");
    store.close().expect("close");
    let r = Reader::open(&dir).expect("reader");
    assert_eq!(
        r.session_agents("b").expect("agents"),
        vec!["unattested:agent-b".to_owned()]
    );
    assert_eq!(
        r.recent_alerts(Some("b"), None, 100).expect("alerts").len(),
        2
    );
    let conn = rusqlite::Connection::open(dir.db_path()).expect("sqlite");
    let old: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('events_kind', 'events_session_agent')",
            [],
            |r| r.get(0),
        )
        .expect("indexes");
    assert_eq!(old, 0, "the whole-table indexes of v1 builds are dropped");
}
