//! Syslog to local listeners: TCP with RFC 6587 octet counting (down at first, then up),
//! UDP one datagram per message; every message parsed back as RFC 5424.

use std::collections::BTreeMap;

use tokio::io::AsyncReadExt as _;

use crate::testkit::*;
use crate::SinkKind;

/// An RFC 5424 message, split into its parts (enough of the grammar for these messages:
/// one structured-data element).
#[derive(Debug)]
pub(crate) struct Parsed {
    pub pri: u16,
    pub version: String,
    pub timestamp: String,
    pub hostname: String,
    pub app: String,
    pub msgid: String,
    pub sd_id: String,
    pub params: BTreeMap<String, String>,
    pub msg: String,
}

pub(crate) fn parse_5424(text: &str) -> Parsed {
    let rest = text.strip_prefix('<').expect("PRI");
    let (pri, rest) = rest.split_once('>').expect("PRI end");
    let mut parts = rest.splitn(6, ' ');
    let mut next = || parts.next().expect("header field").to_owned();
    let (version, timestamp, hostname, app, _procid) = (next(), next(), next(), next(), next());
    let rest = next();
    let (msgid, rest) = rest.split_once(' ').expect("MSGID");
    let sd = rest.strip_prefix('[').expect("SD");
    let (sd_id, mut rest) = sd.split_once(' ').expect("SD-ID");
    let mut params = BTreeMap::new();
    loop {
        let (name, after) = rest.split_once("=\"").expect("PARAM");
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next().expect("unterminated value") {
                (_, '\\') => value.push(chars.next().expect("escape").1),
                (i, '"') => break i,
                (_, c) => value.push(c),
            }
        };
        params.insert(name.trim().to_owned(), value);
        rest = &after[end + 1..];
        if let Some(r) = rest.strip_prefix(']') {
            rest = r;
            break;
        }
    }
    Parsed {
        pri: pri.parse().expect("PRI number"),
        version,
        timestamp,
        hostname,
        app,
        msgid: msgid.to_owned(),
        sd_id: sd_id.to_owned(),
        params,
        msg: rest.strip_prefix(' ').unwrap_or(rest).to_owned(),
    }
}

/// Splits an octet-counted TCP stream into messages.
fn frames(mut buf: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let space = buf.iter().position(|b| *b == b' ').expect("length");
        let len: usize = std::str::from_utf8(&buf[..space])
            .expect("digits")
            .parse()
            .expect("len");
        let end = space + 1 + len;
        assert!(end <= buf.len(), "truncated frame");
        out.push(String::from_utf8(buf[space + 1..end].to_vec()).expect("utf-8"));
        buf = &buf[end..];
    }
    out
}

#[tokio::test]
async fn tcp_octet_counted_rfc5424_with_cef_after_the_listener_comes_up() {
    let log = TestLog::new();
    log.append(scenario()).await;
    let addr = free_addr();
    let kind: SinkKind = serde_json::from_value(serde_json::json!({
        "type": "syslog", "address": addr.to_string(), "protocol": "tcp", "hostname": "gw-1"
    }))
    .expect("config");
    let sink = crate::registry::build("sys", &kind, &crate::secret::NoBroker)
        .await
        .expect("build");
    let (cancel, stats, task) = start_runner(&log, "sys", sink, fast_delivery(2));
    wait_for("failed connects", || {
        stats.failures.load(std::sync::atomic::Ordering::Relaxed) >= 2
    })
    .await;
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
    let sink_buf = received.clone();
    let server = tokio::spawn(async move {
        let (mut conn, _) = listener.accept().await.expect("accept");
        let mut buf = [0u8; 8192];
        while let Ok(n) = conn.read(&mut buf).await {
            if n == 0 {
                break;
            }
            sink_buf.lock().expect("lock").extend_from_slice(&buf[..n]);
        }
    });
    wait_for("5 deliveries", || {
        stats.delivered.load(std::sync::atomic::Ordering::Relaxed) == 5
    })
    .await;
    let all = log.all();
    wait_for("5 frames", || {
        let b = received.lock().expect("lock").clone();
        b.iter().filter(|c| **c == b'<').count() >= 5 && frames(&b).len() == 5
    })
    .await;
    let messages = frames(&received.lock().expect("lock"));
    for (text, e) in messages.iter().zip(&all) {
        let m = parse_5424(text);
        assert_eq!(m.version, "1");
        assert_eq!(m.hostname, "gw-1");
        assert_eq!(m.app, "warden");
        assert_eq!(m.msgid, e.envelope.meta.kind.as_str());
        assert_eq!(m.sd_id, "warden@32473");
        assert_eq!(m.params["id"], e.envelope.meta.id.to_string());
        assert_eq!(m.params["seq"], e.envelope.seq.to_string());
        assert_eq!(m.params["agent"], "spiffe://warden.local/agent/claude");
        assert!(m.timestamp.starts_with("2026-11-21T10:00:0") && m.timestamp.ends_with('Z'));
        assert_eq!(m.pri / 8, 16, "local0");
        assert!(m.msg.starts_with("CEF:0|Warden|Warden|"), "{}", m.msg);
    }
    // The high-severity alert is an error (3); the rest informational (6) or a warning (4).
    assert_eq!(parse_5424(&messages[2]).pri, 16 * 8 + 3);
    cancel.cancel();
    task.await.expect("join").expect("clean stop");
    server.abort();
}

#[tokio::test]
async fn udp_datagrams_carry_json_and_oversized_messages_are_dead_lettered() {
    let log = TestLog::new();
    let mut events = scenario();
    events.insert(
        2,
        new_event(
            warden_core::EventKind::ToolResult,
            warden_core::Source::Hook,
            1500,
            serde_json::json!({"tool_response": "y".repeat(70_000)}),
        ),
    );
    log.append(events).await;
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = socket.local_addr().expect("addr");
    let kind: SinkKind = serde_json::from_value(serde_json::json!({
        "type": "syslog", "address": addr.to_string(), "protocol": "udp", "format": "jsonl",
        "facility": 13
    }))
    .expect("config");
    let sink = crate::registry::build("u", &kind, &crate::secret::NoBroker)
        .await
        .expect("build");
    let (cancel, stats, task) = start_runner(&log, "u", sink, fast_delivery(10));
    let mut got = Vec::new();
    let mut buf = vec![0u8; 65_536];
    while got.len() < 5 {
        let n = tokio::time::timeout(std::time::Duration::from_secs(20), socket.recv(&mut buf))
            .await
            .expect("a datagram in time")
            .expect("recv");
        got.push(parse_5424(std::str::from_utf8(&buf[..n]).expect("utf-8")));
    }
    wait_for("the dead letter", || {
        stats
            .dead_letters
            .load(std::sync::atomic::Ordering::Relaxed)
            == 1
    })
    .await;
    let all: Vec<_> = log
        .all()
        .into_iter()
        .filter(|e| e.envelope.seq != 2)
        .collect();
    // The batch was refused once (the big datagram), then re-sent one by one: the first two
    // events may arrive twice; every event arrives, in order of first appearance.
    let mut ids: Vec<String> = got.iter().map(|m| m.params["id"].clone()).collect();
    while got.len() < 7 && ids.iter().collect::<std::collections::BTreeSet<_>>().len() < 5 {
        let n = tokio::time::timeout(std::time::Duration::from_secs(20), socket.recv(&mut buf))
            .await
            .expect("a datagram in time")
            .expect("recv");
        let m = parse_5424(std::str::from_utf8(&buf[..n]).expect("utf-8"));
        ids.push(m.params["id"].clone());
        got.push(m);
    }
    for e in &all {
        let m = got
            .iter()
            .find(|m| m.params["id"] == e.envelope.meta.id.to_string())
            .expect("every event arrives");
        let record: serde_json::Value = serde_json::from_str(&m.msg).expect("JSON body");
        assert_eq!(record, e.to_json());
        assert_eq!(m.pri / 8, 13);
    }
    let dead = dead_letters(&log, "u");
    assert!(
        dead[0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("UDP datagram"),
        "{}",
        dead[0]
    );
    cancel.cancel();
    task.await.expect("join").expect("clean stop");
}
