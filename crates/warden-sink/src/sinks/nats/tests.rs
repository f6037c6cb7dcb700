use super::config::NatsConfig;

fn config(v: serde_json::Value) -> Result<NatsConfig, String> {
    let c: NatsConfig = serde_json::from_value(v).map_err(|e| e.to_string())?;
    c.validate("n")?;
    Ok(c)
}

#[test]
fn subjects_are_publishable_and_take_the_kind() {
    let c = config(serde_json::json!({"subject": "audit.{kind}"})).expect("valid");
    assert_eq!(c.subject_for("tool_call"), "audit.tool_call");
    assert_eq!(c.url, "nats://127.0.0.1:4222");
    for bad in ["audit.*", "audit.>", "a..b", "with space", ""] {
        let err = config(serde_json::json!({"subject": bad})).expect_err(bad);
        assert!(err.contains("sinks.n.subject"), "{err}");
    }
    let err = config(serde_json::json!({"format": "cef"})).expect_err("cef");
    assert!(err.contains("jsonl or ocsf"), "{err}");
    let err = config(serde_json::json!({"token_secret": "a", "token_env": "B"})).expect_err("both");
    assert!(err.contains("not both"), "{err}");
}
