//! The gateway over real HTTP: health, metrics, ingest in its three shapes, refusals that
//! write nothing, and a graceful shutdown that leaves a fully checkpointed, verifiable log.

use std::net::SocketAddr;

use serde_json::{json, Value};
use warden_gateway::{serve, Config, ServeOptions, DEFAULT_CONFIG};
use warden_store::{verify, DataDir, Reader, VerifyOptions};

struct Running {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    done: tokio::task::JoinHandle<Result<(), String>>,
    dir: DataDir,
    _tmp: tempfile::TempDir,
}

async fn start() -> Running {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), DEFAULT_CONFIG).expect("init");
    let mut config = Config::parse(DEFAULT_CONFIG).expect("config");
    config.gateway.listen = "127.0.0.1:0".parse().expect("addr");
    // Small enough that an oversized test body fits in the socket buffer: the client finishes
    // sending before the server answers 413 and closes, so the status is always readable.
    config.gateway.max_body_bytes = 16 * 1024;
    config.gateway.decision_budget_ms = 500;
    // Short, for the trickling-client test, with room for a loaded CI machine.
    config.gateway.request_timeout_ms = 3000;
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let options = ServeOptions {
        config,
        data: dir.clone(),
        on_ready: Some(ready_tx),
    };
    let done = tokio::spawn(serve(options, async move {
        let _ = stopped.await;
    }));
    let addr = ready_rx.await.expect("gateway became ready");
    Running {
        addr,
        stop,
        done,
        dir,
        _tmp: tmp,
    }
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn stop(self) -> (DataDir, tempfile::TempDir) {
        let _ = self.stop.send(());
        self.done.await.expect("join").expect("clean shutdown");
        (self.dir, self._tmp)
    }
}

fn log_size(dir: &DataDir) -> u64 {
    Reader::open(dir)
        .expect("reader")
        .tree_size()
        .expect("size")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_metrics_and_ingest_shapes() {
    let gw = start().await;
    let http = reqwest::Client::new();
    let health: Value = http
        .get(gw.url("/healthz"))
        .send()
        .await
        .expect("healthz")
        .json()
        .await
        .expect("json");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["mode"], "observe");

    let one = http
        .post(gw.url("/v1/events"))
        .json(&json!({"kind": "prompt", "session_id": "s1", "body": {"prompt": "hello"}}))
        .send()
        .await
        .expect("post");
    assert_eq!(one.status(), 200);
    let one: Value = one.json().await.expect("json");
    assert_eq!(one["ids"].as_array().map(Vec::len), Some(1));

    let many = http
        .post(gw.url("/v1/events"))
        .json(&json!([
            {"kind": "tool_call", "session_id": "s1", "body": {"tool_name": "Bash"}, "correlation": {"tool_use_id": "toolu_1"}},
            {"kind": "tool_result", "session_id": "s1", "body": {"ok": true}, "correlation": {"tool_use_id": "toolu_1"}},
        ]))
        .send()
        .await
        .expect("post");
    assert_eq!(many.status(), 200);

    let nd = "{\"kind\":\"prompt\",\"session_id\":\"s2\",\"body\":1}\n{\"kind\":\"session\",\"session_id\":\"s2\",\"body\":{},\"task_id\":\"t-42\"}\n";
    let nd = http
        .post(gw.url("/v1/events"))
        .header("content-type", "application/x-ndjson")
        .body(nd)
        .send()
        .await
        .expect("post");
    assert_eq!(nd.status(), 200);
    assert_eq!(log_size(&gw.dir), 5, "acknowledged means recorded");

    let metrics = http
        .get(gw.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("warden_events_ingested_total 5"),
        "{metrics}"
    );
    assert!(metrics.contains("warden_log_size 5"), "{metrics}");

    let (dir, _tmp) = gw.stop().await;
    let reader = Reader::open(&dir).expect("reader");
    let report = verify(&reader, &VerifyOptions::default()).expect("verify");
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(
        report.latest_checkpoint, 5,
        "shutdown signs a final checkpoint"
    );
    let sessions = reader.sessions(10).expect("sessions");
    let s1 = sessions.iter().find(|s| s.session_id == "s1").expect("s1");
    assert_eq!(
        s1.task_id, "implicit:s1",
        "a session without a task gets an implicit one"
    );
    assert_eq!(s1.events, 3);
    assert_eq!(s1.agent, "unattested:local");
    let s2 = sessions.iter().find(|s| s.session_id == "s2").expect("s2");
    assert_eq!(s2.task_id, "t-42");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_are_refused_whole_with_a_clear_error() {
    let gw = start().await;
    let http = reqwest::Client::new();
    let post = |body: String, ct: &'static str| {
        http.post(gw.url("/v1/events"))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let cases = [
        (
            r#"[{"kind":"prompt","session_id":"s","body":1},{"kind":"prompt","body":1}]"#,
            "application/json",
            Some(1),
            "session_id",
        ),
        (
            r#"{"kind":"nope","session_id":"s","body":1}"#,
            "application/json",
            Some(0),
            "tool_call",
        ),
        (
            r#"{"kind":"prompt","session_id":"s"}"#,
            "application/json",
            Some(0),
            "body",
        ),
        ("not json", "application/json", None, "not JSON"),
        (
            "{\"kind\":\"prompt\",\"session_id\":\"s\",\"body\":1}\n{oops\n",
            "application/x-ndjson",
            None,
            "line 2",
        ),
        (
            r#"{"kind":"prompt","session_id":"","body":1}"#,
            "application/json",
            Some(0),
            "empty",
        ),
    ];
    for (body, ct, index, needle) in cases {
        let resp = post(body.to_string(), ct).await.expect("post");
        assert_eq!(resp.status(), 400, "{body}");
        let err: Value = resp.json().await.expect("json error");
        let message = err["error"].as_str().unwrap_or_default();
        assert!(
            message.contains(needle),
            "{message} should mention {needle}"
        );
        assert_eq!(
            err.get("index").and_then(Value::as_u64),
            index.map(|i| i as u64),
            "{message}"
        );
    }
    assert_eq!(log_size(&gw.dir), 0, "nothing half-written");

    let big = format!(
        r#"{{"kind":"prompt","session_id":"s","body":"{}"}}"#,
        "x".repeat(32 * 1024)
    );
    assert_eq!(
        post(big, "application/json").await.expect("post").status(),
        413
    );

    let id = "019aa4b6-4500-7101-8101-010101010101";
    let first = post(
        format!(r#"{{"kind":"prompt","session_id":"s","body":1,"id":"{id}"}}"#),
        "application/json",
    )
    .await
    .expect("post");
    assert_eq!(first.status(), 200);
    let again = post(
        format!(r#"{{"kind":"prompt","session_id":"s","body":2,"id":"{id}"}}"#),
        "application/json",
    )
    .await
    .expect("post");
    assert_eq!(again.status(), 409);
    assert_eq!(log_size(&gw.dir), 1);
    gw.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_its_body_gets_408_and_does_not_hold_the_gateway() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let gw = start().await;
    let mut slow = tokio::net::TcpStream::connect(gw.addr)
        .await
        .expect("connect");
    slow.write_all(b"POST /v1/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"kind\"")
        .await
        .expect("write");
    // Meanwhile the gateway serves others.
    let health = reqwest::Client::new()
        .get(gw.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    let mut response = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        slow.read_to_end(&mut response),
    )
    .await;
    assert!(read.is_ok(), "the gateway dropped the slow request");
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    gw.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hash_route_gives_the_reference_warden_hash_prints_and_never_echoes_the_value() {
    let gw = start().await;
    let http = reqwest::Client::new();
    let value = "ghp_R8x2Lq0vZk7Tn3Yw9Bc4Fd6Hj1Mp5Ss8Uu2V";
    let admin = std::fs::read_to_string(gw.dir.root().join("review-admin.token")).expect("token");
    let resp = http
        .post(gw.url("/v1/hash"))
        .json(&json!({ "value": value }))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 401, "reviewers only");
    let resp = http
        .post(gw.url("/v1/hash"))
        .bearer_auth(&admin)
        .json(&json!({ "value": value }))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 200);
    let answer: Value = resp.json().await.expect("json");
    let reference = answer["reference"].as_str().expect("reference").to_owned();
    assert!(reference.starts_with("hmac-sha256:1:"), "{reference}");
    assert_eq!(reference.len(), "hmac-sha256:1:".len() + 64);
    assert_eq!(answer["references"], json!([reference.clone()]));
    // Refusals never quote the value back.
    for bad in [
        json!({ "value": 12 }).to_string(),
        json!({ "valu": value }).to_string(),
        format!("{{\"value\": \"{value}"),
        json!({ "value": "" }).to_string(),
    ] {
        let resp = http
            .post(gw.url("/v1/hash"))
            .bearer_auth(&admin)
            .header("content-type", "application/json")
            .body(bad)
            .send()
            .await
            .expect("post");
        assert_eq!(resp.status(), 400);
        let text = resp.text().await.expect("text");
        assert!(!text.contains(value), "{text}");
    }
    let (dir, _tmp) = gw.stop().await;
    // The same function as `warden hash`, over the same key.
    let sealer = warden_gateway::redact::Sealer::open(&dir).expect("sealer");
    assert_eq!(sealer.redactor().hash_value(value), reference);
    // Hashing records nothing.
    assert_eq!(log_size(&dir), 0);
}
