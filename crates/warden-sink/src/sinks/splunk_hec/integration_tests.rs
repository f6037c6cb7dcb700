use serde_json::Value;

use crate::testkit::{down_then_up, free_addr};
use crate::SinkKind;

#[tokio::test]
async fn hec_sends_concatenated_events_with_the_token_and_loses_nothing() {
    let addr = free_addr();
    std::env::set_var(
        "WARDEN_TEST_HEC_TOKEN",
        "11111111-2222-3333-4444-555555555555",
    );
    let kind: SinkKind = serde_json::from_value(serde_json::json!({
        "type": "splunk_hec", "endpoint": format!("http://{addr}"),
        "token_env": "WARDEN_TEST_HEC_TOKEN", "index": "warden"
    }))
    .expect("config");
    let seen = down_then_up(kind, addr, br#"{"text":"Success","code":0}"#, |body| {
        serde_json::Deserializer::from_slice(body)
            .into_iter::<Value>()
            .map(|w| {
                let w = w.expect("concatenated HEC event objects");
                assert_eq!(w["sourcetype"], "warden:event");
                assert_eq!(w["index"], "warden");
                assert!(w["time"].as_f64().is_some_and(|t| t > 1.7e9), "{w}");
                w["event"]["id"].as_str().expect("id").to_owned()
            })
            .collect()
    })
    .await;
    assert_eq!(
        seen.header("authorization").as_deref(),
        Some("Splunk 11111111-2222-3333-4444-555555555555")
    );
}
