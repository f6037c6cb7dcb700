use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use warden_core::StoredEvent;

use crate::config::{DeliveryConfig, Start};
use crate::sink::{SendError, SendFuture, Sink};
use crate::testkit::*;

/// A destination scripted by the test: down while `down` is set, refusing the positions in
/// `refuse`, recording what it acknowledged.
#[derive(Clone, Default)]
struct Scripted {
    got: Arc<Mutex<Vec<StoredEvent>>>,
    down: Arc<AtomicBool>,
    refuse: Arc<Mutex<HashSet<u64>>>,
    attempts: Arc<AtomicU64>,
}

impl Scripted {
    fn seqs(&self) -> Vec<u64> {
        self.got
            .lock()
            .expect("lock")
            .iter()
            .map(|e| e.envelope.seq)
            .collect()
    }
}

impl Sink for Scripted {
    fn send<'a>(&'a mut self, batch: &'a [StoredEvent]) -> SendFuture<'a> {
        Box::pin(async move {
            self.attempts.fetch_add(1, Ordering::Relaxed);
            if self.down.load(Ordering::Relaxed) {
                return Err(SendError::Transient("connection refused".into()));
            }
            let refuse = self.refuse.lock().expect("lock").clone();
            if let Some(e) = batch.iter().find(|e| refuse.contains(&e.envelope.seq)) {
                return Err(SendError::Rejected(format!(
                    "bad event at {}",
                    e.envelope.seq
                )));
            }
            self.got.lock().expect("lock").extend_from_slice(batch);
            Ok(())
        })
    }
}

#[tokio::test]
async fn delivers_everything_in_order_and_resumes_from_the_cursor() {
    let log = TestLog::new();
    log.append(scenario()).await;
    let sink = Scripted::default();
    let (cancel, stats, task) = start_runner(&log, "s", Box::new(sink.clone()), fast_delivery(2));
    wait_for("5 events", || sink.seqs().len() == 5).await;
    assert_eq!(sink.seqs(), [0, 1, 2, 3, 4]);
    assert_eq!(stats.delivered.load(Ordering::Relaxed), 5);
    // Woken by the commit, not by polling: a later append arrives too.
    log.append(scenario()).await;
    wait_for("10 events", || sink.seqs().len() == 10).await;
    cancel.cancel();
    task.await.expect("join").expect("clean stop");

    // A restart resumes after the last acknowledged event: nothing twice, nothing skipped.
    log.append(scenario()).await;
    let again = Scripted::default();
    let (cancel, _, task) = start_runner(&log, "s", Box::new(again.clone()), fast_delivery(500));
    wait_for("the 5 new events", || again.seqs().len() == 5).await;
    assert_eq!(again.seqs(), [10, 11, 12, 13, 14]);
    cancel.cancel();
    task.await.expect("join").expect("clean stop");
}

#[tokio::test]
async fn a_destination_that_is_down_loses_nothing() {
    let log = TestLog::new();
    let sink = Scripted::default();
    sink.down.store(true, Ordering::Relaxed);
    let (cancel, stats, task) = start_runner(&log, "s", Box::new(sink.clone()), fast_delivery(3));
    log.append(scenario()).await;
    wait_for("retries", || stats.failures.load(Ordering::Relaxed) >= 3).await;
    assert!(stats.retrying.load(Ordering::Relaxed));
    log.append(scenario()).await;
    sink.down.store(false, Ordering::Relaxed);
    wait_for("all 10 events", || sink.seqs().len() == 10).await;
    assert_eq!(sink.seqs(), (0..10).collect::<Vec<_>>());
    assert!(!stats.retrying.load(Ordering::Relaxed));
    let report = crate::StatusReport::collect(
        log.dir.root(),
        &crate::SinksConfig(
            [(
                "s".to_owned(),
                crate::SinkConfig {
                    delivery: DeliveryConfig::default(),
                    kind: crate::SinkKind::File(crate::sinks::file::config::FileConfig {
                        path: "/dev/null".into(),
                        format: crate::Format::Jsonl,
                    }),
                },
            )]
            .into(),
        ),
        10,
    )
    .expect("status");
    assert_eq!(report[0].lag, 0);
    assert_eq!(report[0].delivered_through, Some(9));
    assert!(report[0].failures_total >= 3);
    assert_eq!(report[0].last_error.as_deref(), Some("connection refused"));
    cancel.cancel();
    task.await.expect("join").expect("clean stop");
}

#[tokio::test]
async fn a_refused_event_is_isolated_and_dead_lettered_with_its_reason() {
    let log = TestLog::new();
    log.append(scenario()).await;
    let sink = Scripted::default();
    sink.refuse.lock().expect("lock").insert(2);
    let (cancel, stats, task) = start_runner(&log, "s", Box::new(sink.clone()), fast_delivery(5));
    wait_for("4 events", || sink.seqs().len() == 4).await;
    wait_for("1 dead letter", || {
        stats.dead_letters.load(Ordering::Relaxed) == 1
    })
    .await;
    assert_eq!(sink.seqs(), [0, 1, 3, 4]);
    let dead = dead_letters(&log, "s");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0]["seq"], 2);
    assert_eq!(dead[0]["reason"], "bad event at 2");
    assert_eq!(dead[0]["event"]["kind"], "alert");
    assert_eq!(
        dead[0]["event"]["body"]["rule"],
        "exfil.sensitive_to_egress"
    );
    cancel.cancel();
    task.await.expect("join").expect("clean stop");
}

#[tokio::test]
async fn start_end_skips_history() {
    let log = TestLog::new();
    log.append(scenario()).await;
    let sink = Scripted::default();
    let config = DeliveryConfig {
        start: Start::End,
        ..fast_delivery(10)
    };
    let (cancel, _, task) = start_runner(&log, "s", Box::new(sink.clone()), config);
    log.append(scenario()).await;
    wait_for("the new events", || sink.seqs().len() == 5).await;
    assert_eq!(sink.seqs(), [5, 6, 7, 8, 9]);
    cancel.cancel();
    task.await.expect("join").expect("clean stop");
}
