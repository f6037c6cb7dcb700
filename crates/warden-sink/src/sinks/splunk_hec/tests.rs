use serde_json::Value;

use super::config::SplunkHecConfig;
use super::SplunkHecSink;
use crate::testkit::{scenario, stored};

fn config(v: serde_json::Value) -> SplunkHecConfig {
    serde_json::from_value(v).expect("config")
}

#[test]
fn urls_sourcetypes_and_the_required_token() {
    let c = config(serde_json::json!({"endpoint": "https://s:8088", "token_env": "T"}));
    assert_eq!(c.event_url(), "https://s:8088/services/collector/event");
    assert_eq!(c.sourcetype(), "warden:event");
    let c = config(
        serde_json::json!({"endpoint": "https://s:8088/custom/path", "token_env": "T", "format": "ocsf"}),
    );
    assert_eq!(c.event_url(), "https://s:8088/custom/path");
    assert_eq!(c.sourcetype(), "ocsf");
    let err = config(serde_json::json!({"endpoint": "https://s:8088"}))
        .validate("siem")
        .expect_err("no token");
    assert!(
        err.contains("token_secret") && err.contains("sinks.siem"),
        "{err}"
    );
}

#[test]
fn the_body_is_concatenated_hec_events_with_the_event_time() {
    let c =
        config(serde_json::json!({"endpoint": "https://s:8088", "token_env": "T", "index": "sec"}));
    let events = stored(&scenario());
    let body = SplunkHecSink::body(&c, "gw", &events);
    let parsed: Vec<Value> = serde_json::Deserializer::from_slice(&body)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .expect("concatenated JSON");
    assert_eq!(parsed.len(), 5);
    assert_eq!(parsed[0]["time"], 1_795_255_200.0);
    assert_eq!(parsed[1]["time"], 1_795_255_201.0);
    assert_eq!(parsed[0]["host"], "gw");
    assert_eq!(parsed[0]["index"], "sec");
    assert_eq!(parsed[2]["event"]["kind"], "alert");
}
