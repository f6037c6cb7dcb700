use serde_json::Value;

use super::config::OcsfHttpConfig;
use crate::encode::Format;
use crate::sinks::webhook::JsonArraySink;
use crate::testkit::{scenario, stored};

#[test]
fn the_body_is_an_array_of_ocsf_events() {
    let events = stored(&scenario());
    let body: Vec<Value> =
        serde_json::from_slice(&JsonArraySink::body(Format::Ocsf, &events)).expect("array");
    let classes: Vec<u64> = body
        .iter()
        .filter_map(|e| e["class_uid"].as_u64())
        .collect();
    assert_eq!(classes, [6003, 6003, 2004, 6003, 6003]);
    let c: OcsfHttpConfig =
        serde_json::from_value(serde_json::json!({"url": "http://127.0.0.1:1/x"})).expect("config");
    assert!(c.validate("o").is_ok());
    let typo = serde_json::from_value::<OcsfHttpConfig>(
        serde_json::json!({"url": "http://h", "formt": "x"}),
    );
    assert!(typo.is_err());
}
