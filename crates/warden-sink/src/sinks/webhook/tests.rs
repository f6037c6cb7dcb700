use serde_json::Value;

use super::config::WebhookConfig;
use super::JsonArraySink;
use crate::encode::Format;
use crate::testkit::{scenario, stored};

#[test]
fn the_body_is_an_array_of_records_and_only_json_formats_are_accepted() {
    let events = stored(&scenario());
    let body: Vec<Value> =
        serde_json::from_slice(&JsonArraySink::body(Format::Jsonl, &events)).expect("array");
    assert_eq!(body.len(), 5);
    assert_eq!(body[0], events[0].to_json());
    let c = |f: &str| {
        serde_json::from_value::<WebhookConfig>(
            serde_json::json!({"url": "https://h/x", "format": f}),
        )
        .expect("config")
        .validate("w")
    };
    assert!(c("ocsf").is_ok());
    assert!(c("cef").unwrap_err().contains("jsonl or ocsf"));
}

#[tokio::test]
async fn a_receiver_echoing_the_token_never_gets_it_into_errors() {
    use crate::sink::SendError;
    let app = axum::Router::new().fallback(|headers: axum::http::HeaderMap| async move {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (
            axum::http::StatusCode::UNAUTHORIZED,
            format!("bad credentials: {auth}"),
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    std::env::set_var("WARDEN_TEST_ECHO_TOKEN", "tok-secret-998877");
    let kind: crate::SinkKind = serde_json::from_value(serde_json::json!({
        "type": "webhook", "url": format!("http://{addr}/"), "token_env": "WARDEN_TEST_ECHO_TOKEN"
    }))
    .expect("config");
    let mut sink = crate::registry::build("w", &kind, &crate::secret::NoBroker)
        .await
        .expect("build");
    let events = stored(&scenario());
    match sink.send(&events).await {
        Err(SendError::Transient(reason)) => {
            assert!(
                reason.contains("401") && reason.contains("Bearer [token]"),
                "{reason}"
            );
            assert!(!reason.contains("tok-secret-998877"), "{reason}");
        }
        other => panic!("a 401 is retried, not {other:?}"),
    }
    server.abort();
}
