use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;

use super::config::FileConfig;
use super::FileSink;
use crate::encode::Format;
use crate::sink::Sink as _;
use crate::testkit::{scenario, stored};

#[tokio::test]
async fn otlp_files_hold_one_request_per_batch() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("spans.jsonl");
    let mut sink = FileSink::new(FileConfig {
        path: path.clone(),
        format: Format::Otlp,
    });
    let events = stored(&scenario());
    sink.send(&events[..2]).await.expect("first batch");
    sink.send(&events[2..]).await.expect("second batch");
    let text = std::fs::read_to_string(&path).expect("file");
    let requests: Vec<ExportTraceServiceRequest> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("OTLP/JSON"))
        .collect();
    let spans: Vec<usize> = requests
        .iter()
        .map(|r| r.resource_spans[0].scope_spans[0].spans.len())
        .collect();
    assert_eq!(spans, [2, 3]);
    assert!(FileConfig {
        path: tmp.path().into(),
        format: Format::Jsonl
    }
    .validate("f")
    .is_err());
}
