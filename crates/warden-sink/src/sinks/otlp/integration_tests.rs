use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as Any;

use crate::testkit::{down_then_up, free_addr};
use crate::SinkKind;

#[tokio::test]
async fn otlp_exports_protobuf_spans_and_survives_an_outage() {
    let addr = free_addr();
    let kind: SinkKind = serde_json::from_value(serde_json::json!({
        "type": "otlp", "endpoint": format!("http://{addr}")
    }))
    .expect("config");
    let seen = down_then_up(kind, addr, b"", |body| {
        let req: ExportTraceServiceRequest =
            prost::Message::decode(body).expect("an OTLP protobuf request");
        req.resource_spans
            .iter()
            .flat_map(|r| &r.scope_spans)
            .flat_map(|s| &s.spans)
            .map(|span| {
                let attr = |k: &str| {
                    span.attributes
                        .iter()
                        .find(|kv| kv.key == k)
                        .and_then(|kv| kv.value.as_ref())
                        .and_then(|v| v.value.clone())
                };
                assert!(attr("gen_ai.conversation.id").is_some(), "{span:?}");
                match attr("warden.event.id") {
                    Some(Any::StringValue(id)) => id,
                    other => panic!("no event id: {other:?}"),
                }
            })
            .collect()
    })
    .await;
    assert_eq!(
        seen.header("content-type").as_deref(),
        Some("application/x-protobuf")
    );
}
