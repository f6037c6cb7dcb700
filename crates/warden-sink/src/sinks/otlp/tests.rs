use super::config::OtlpConfig;

#[test]
fn the_traces_path_is_added_once() {
    let c = |e: &str| OtlpConfig {
        endpoint: e.into(),
        token_secret: None,
        token_env: None,
        timeout_ms: 1000,
    };
    assert_eq!(c("http://h:4318").traces_url(), "http://h:4318/v1/traces");
    assert_eq!(c("http://h:4318/").traces_url(), "http://h:4318/v1/traces");
    assert_eq!(
        c("http://h/otel/v1/traces").traces_url(),
        "http://h/otel/v1/traces"
    );
    assert!(c("h:4318").validate("o").is_err());
}
