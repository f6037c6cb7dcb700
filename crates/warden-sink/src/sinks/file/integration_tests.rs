use crate::testkit::*;
use crate::SinkKind;

#[tokio::test]
async fn file_sink_appends_cef_lines_for_every_event() {
    let log = TestLog::new();
    log.append(scenario()).await;
    let path = log.tmp.path().join("out.cef");
    let kind: SinkKind = serde_json::from_value(serde_json::json!({
        "type": "file", "path": path, "format": "cef"
    }))
    .expect("config");
    let sink = crate::registry::build("f", &kind, &crate::secret::NoBroker)
        .await
        .expect("build");
    let (cancel, stats, task) = start_runner(&log, "f", sink, fast_delivery(2));
    wait_for("5 lines", || {
        stats.delivered.load(std::sync::atomic::Ordering::Relaxed) == 5
    })
    .await;
    let text = std::fs::read_to_string(&path).expect("file");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    for (line, e) in lines.iter().zip(log.all()) {
        assert!(line.starts_with("CEF:0|Warden|Warden|"), "{line}");
        assert!(
            line.contains(&format!("externalId={}", e.envelope.meta.id)),
            "{line}"
        );
    }
    cancel.cancel();
    task.await.expect("join").expect("clean stop");
}
