use super::config::SyslogConfig;
use super::SyslogSink;
use crate::testkit::{scenario, stored};

fn config(v: serde_json::Value) -> Result<SyslogConfig, String> {
    let c: SyslogConfig = serde_json::from_value(v).map_err(|e| e.to_string())?;
    c.validate("s")?;
    Ok(c)
}

#[test]
fn options_are_checked() {
    assert!(config(serde_json::json!({"address": "127.0.0.1:514"})).is_ok());
    assert!(config(serde_json::json!({"address": "no-port"}))
        .unwrap_err()
        .contains("host:port"));
    assert!(config(serde_json::json!({"address": "h:514", "facility": 24})).is_err());
    assert!(config(serde_json::json!({"address": "h:514", "sd_id": "noat"})).is_err());
    assert!(config(serde_json::json!({"address": "h:514", "format": "otlp"})).is_err());
    assert!(config(serde_json::json!({"address": "h:514", "protocol": "tls"})).is_err());
}

#[test]
fn messages_carry_cef_by_default() {
    let sink = SyslogSink::new(
        config(serde_json::json!({"address": "h:514", "hostname": "gw", "app_name": "wd"}))
            .expect("config"),
    );
    let events = stored(&scenario());
    let msg = sink.message(&events[1]);
    assert!(
        msg.starts_with("<132>1 2026-11-21T10:00:01.000000Z gw wd - decision [warden@32473 "),
        "{msg}"
    );
    assert!(msg.contains("] CEF:0|Warden|Warden|"), "{msg}");
}
