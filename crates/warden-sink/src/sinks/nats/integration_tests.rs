//! Against the real NATS server with JetStream at 127.0.0.1:4222: a stream per test, created
//! after the sink started (so the first attempts fail with "no responders" and are retried),
//! consumed with a pull consumer and compared with the record, then deleted.

use std::time::Duration;

use async_nats::jetstream::{self, consumer::pull, stream};
use futures_util::StreamExt as _;
use serde_json::Value;

use crate::testkit::*;
use crate::SinkKind;

#[tokio::test]
async fn jetstream_gets_every_event_with_its_id_once_the_stream_exists() {
    let log = TestLog::new();
    let mut events = scenario();
    // Over the server's 1 MiB max_payload: refused, dead-lettered, never blocking the rest.
    events.push(new_event(
        warden_core::EventKind::ToolResult,
        warden_core::Source::Hook,
        6000,
        serde_json::json!({"tool_response": "x".repeat(1_200_000)}),
    ));
    log.append(events).await;
    let unique = event_id().to_string().replace('-', "");
    let subject_root = format!("warden-test.{unique}");
    let kind: SinkKind = serde_json::from_value(serde_json::json!({
        "type": "nats", "url": "nats://127.0.0.1:4222",
        "subject": format!("{subject_root}.{{kind}}"), "ack_timeout_ms": 1000
    }))
    .expect("config");
    let sink = crate::registry::build("n", &kind, &crate::secret::NoBroker)
        .await
        .expect("build");
    let (cancel, stats, task) = start_runner(&log, "n", sink, fast_delivery(3));
    wait_for("failures before the stream exists", || {
        stats.failures.load(std::sync::atomic::Ordering::Relaxed) >= 1
    })
    .await;

    let client = async_nats::connect("127.0.0.1:4222")
        .await
        .expect("NATS at 127.0.0.1:4222");
    let js = jetstream::new(client);
    let name = format!("WARDEN_TEST_{unique}");
    let stream = js
        .create_stream(stream::Config {
            name: name.clone(),
            subjects: vec![format!("{subject_root}.>")],
            ..Default::default()
        })
        .await
        .expect("create stream");
    wait_for("the dead letter", || {
        stats
            .dead_letters
            .load(std::sync::atomic::Ordering::Relaxed)
            == 1
    })
    .await;
    wait_for("5 deliveries", || {
        stats.delivered.load(std::sync::atomic::Ordering::Relaxed) >= 5
    })
    .await;

    let consumer = stream
        .create_consumer(pull::Config::default())
        .await
        .expect("consumer");
    let mut messages = consumer
        .fetch()
        .max_messages(100)
        .expires(Duration::from_secs(1))
        .messages()
        .await
        .expect("fetch");
    let mut got = Vec::new();
    while let Some(m) = messages.next().await {
        let m = m.expect("message");
        let id = m
            .headers
            .as_ref()
            .and_then(|h| h.get(async_nats::header::NATS_MESSAGE_ID))
            .map(|v| v.to_string())
            .unwrap_or_else(|| panic!("Nats-Msg-Id in {:?}", m.headers));
        let record: Value = serde_json::from_slice(&m.payload).expect("JSON record");
        assert_eq!(record["id"], id.as_str());
        got.push((m.subject.to_string(), record));
        m.ack().await.expect("ack");
    }
    let all = log.all();
    assert_eq!(got.len(), 5, "every event but the oversized one, once each");
    for ((subject, record), stored) in got.iter().zip(&all) {
        assert_eq!(record, &stored.to_json(), "the message is the record");
        assert_eq!(
            subject,
            &format!("{subject_root}.{}", stored.envelope.meta.kind.as_str())
        );
    }
    let dead = dead_letters(&log, "n");
    assert_eq!(dead[0]["seq"], 5);
    assert!(
        dead[0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("max_payload"),
        "{}",
        dead[0]
    );
    cancel.cancel();
    task.await.expect("join").expect("clean stop");
    js.delete_stream(&name).await.expect("delete stream");
}
