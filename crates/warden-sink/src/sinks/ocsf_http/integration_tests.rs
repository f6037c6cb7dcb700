use serde_json::Value;

use crate::encode::tests::missing_ocsf_fields;
use crate::testkit::{down_then_up, free_addr};
use crate::SinkKind;

#[tokio::test]
async fn ocsf_http_posts_valid_ocsf_and_survives_an_outage() {
    let addr = free_addr();
    let kind: SinkKind = serde_json::from_value(serde_json::json!({
        "type": "ocsf_http", "url": format!("http://{addr}/ingest")
    }))
    .expect("config");
    let seen = down_then_up(kind, addr, b"", |body| {
        let events: Vec<Value> = serde_json::from_slice(body).expect("a JSON array of OCSF events");
        events
            .iter()
            .map(|e| {
                assert_eq!(missing_ocsf_fields(e), Vec::<String>::new(), "{e}");
                e["metadata"]["uid"].as_str().expect("uid").to_owned()
            })
            .collect()
    })
    .await;
    let classes: Vec<u64> = seen
        .bodies()
        .iter()
        .flat_map(|b| serde_json::from_slice::<Vec<Value>>(b).unwrap_or_default())
        .filter_map(|e| e["class_uid"].as_u64())
        .collect();
    assert!(
        classes.contains(&6003) && classes.contains(&2004),
        "{classes:?}"
    );
}
