use serde_json::Value;

use crate::testkit::{down_then_up, free_addr};
use crate::SinkKind;

#[tokio::test]
async fn webhook_delivers_every_event_after_an_outage_and_dead_letters_the_refused_one() {
    let addr = free_addr();
    std::env::set_var("WARDEN_TEST_WEBHOOK_TOKEN", "wh-token-1");
    let kind: SinkKind = serde_json::from_value(serde_json::json!({
        "type": "webhook", "url": format!("http://{addr}/hook"), "token_env": "WARDEN_TEST_WEBHOOK_TOKEN"
    }))
    .expect("config");
    let seen = down_then_up(kind, addr, b"ok", |body| {
        let records: Vec<Value> = serde_json::from_slice(body).expect("a JSON array of records");
        records
            .iter()
            .map(|r| {
                assert!(r["body_hash"].is_string() && r["seq"].is_u64(), "{r}");
                r["id"].as_str().expect("id").to_owned()
            })
            .collect()
    })
    .await;
    assert_eq!(
        seen.header("authorization").as_deref(),
        Some("Bearer wh-token-1")
    );
    assert_eq!(
        seen.header("content-type").as_deref(),
        Some("application/json")
    );
}
