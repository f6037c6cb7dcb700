//! Exposure: loopback by default, TLS required beyond it, slow-loris and connection floods
//! bounded. Every gateway here is reached only through 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod support;

/// Starts `warden serve` with `args`; returns the child and the address it reported, or the
/// child's whole stderr if it exited instead.
fn serve(data: &Path, args: &[&str]) -> Result<(Child, String), String> {
    let mut child = Command::new(support::BIN)
        .arg("serve")
        .arg("--data")
        .arg(data)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn warden serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let mut seen = String::new();
    while let Some(Ok(line)) = lines.next() {
        if let Some(rest) = line.split("listening on ").nth(1) {
            let url = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            std::thread::spawn(move || for _ in lines.by_ref() {});
            return Ok((child, url));
        }
        seen.push_str(&line);
        seen.push('\n');
    }
    let _ = child.wait();
    Err(seen)
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn port_of(url: &str) -> u16 {
    url.rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port")
}

#[test]
fn non_loopback_requires_tls_or_an_explicit_plaintext_flag() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");

    let err = serve(&data, &["--listen", "0.0.0.0:0"]).expect_err("plaintext beyond loopback");
    assert!(
        err.contains("refusing to listen on 0.0.0.0:0 without TLS"),
        "{err}"
    );
    assert!(
        err.contains("--tls-cert") && err.contains("--insecure-plaintext"),
        "{err}"
    );

    // Explicit plaintext: starts, and answers (reached over loopback only).
    let (child, url) = serve(&data, &["--listen", "0.0.0.0:0", "--insecure-plaintext"])
        .expect("explicit plaintext starts");
    let health = reqwest::blocking::get(format!("http://127.0.0.1:{}/healthz", port_of(&url)))
        .expect("healthz");
    assert!(health.status().is_success());
    stop(child);

    // Half a TLS configuration is refused by the CLI.
    let (code, _, err) = support::warden(
        &[
            "serve",
            "--data",
            &data.to_string_lossy(),
            "--tls-cert",
            "/nonexistent.pem",
        ],
        None,
    );
    assert_ne!(code, 0);
    assert!(err.contains("--tls-key"), "{err}");
}

#[test]
fn tls_listener_serves_https_and_refuses_bad_key_files_clearly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()])
        .expect("self-signed certificate");
    let cert_path = tmp.path().join("cert.pem");
    let key_path = tmp.path().join("key.pem");
    std::fs::write(&cert_path, cert.cert.pem()).expect("write cert");
    let key_pem = cert.key_pair.serialize_pem();
    std::fs::write(&key_path, &key_pem).expect("write key");
    let (c, k) = (cert_path.to_string_lossy(), key_path.to_string_lossy());

    let (child, url) = serve(
        &data,
        &["--listen", "0.0.0.0:0", "--tls-cert", &c, "--tls-key", &k],
    )
    .expect("TLS gateway starts");
    assert!(url.starts_with("https://"), "{url}");
    let port = port_of(&url);
    let client = reqwest::blocking::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).expect("root"),
        )
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let health = client
        .get(format!("https://127.0.0.1:{port}/healthz"))
        .send()
        .expect("https healthz");
    assert!(health.status().is_success());
    // A hook over TLS is decided as usual.
    let hook = client
        .post(format!("https://127.0.0.1:{port}/v1/hooks/claude-code"))
        .json(
            &serde_json::json!({"session_id": "tls", "hook_event_name": "PreToolUse",
            "tool_name": "Read", "tool_input": {"file_path": "/w/a.rs"}, "tool_use_id": "t1"}),
        )
        .send()
        .expect("hook over TLS");
    assert!(hook.status().is_success());
    // Plain HTTP to the TLS port gets no HTTP answer.
    let plain = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send();
    assert!(
        plain.map(|r| !r.status().is_success()).unwrap_or(true),
        "plaintext must not be served on the TLS port"
    );
    stop(child);

    // A key file that is not a key: the error names the file and never echoes its content.
    let bad = tmp.path().join("bad-key.pem");
    std::fs::write(&bad, "not a key: sk-live-DO-NOT-ECHO-1234567890\n").expect("write");
    let err = serve(
        &data,
        &[
            "--listen",
            "0.0.0.0:0",
            "--tls-cert",
            &c,
            "--tls-key",
            &bad.to_string_lossy(),
        ],
    )
    .expect_err("bad key refused");
    assert!(err.contains("bad-key.pem"), "{err}");
    assert!(
        !err.contains("DO-NOT-ECHO"),
        "the key file's content leaked: {err}"
    );
    // A certificate and key that do not belong together are refused too.
    let other = rcgen::generate_simple_self_signed(vec!["localhost".into()]).expect("other");
    let other_key = tmp.path().join("other-key.pem");
    std::fs::write(&other_key, other.key_pair.serialize_pem()).expect("write");
    let err = serve(
        &data,
        &[
            "--listen",
            "0.0.0.0:0",
            "--tls-cert",
            &c,
            "--tls-key",
            &other_key.to_string_lossy(),
        ],
    )
    .expect_err("mismatched key refused");
    assert!(err.contains("do not make a usable TLS identity"), "{err}");
    assert!(!err.contains("PRIVATE KEY"), "{err}");
}

/// Reads until EOF or error; true when the server closed the connection within `limit`.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> (bool, String) {
    stream.set_read_timeout(Some(limit)).expect("timeout");
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return (true, String::from_utf8_lossy(&got).into_owned()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return (true, String::from_utf8_lossy(&got).into_owned())
            }
            Err(_) => return (false, String::from_utf8_lossy(&got).into_owned()),
        }
        if start.elapsed() > limit {
            return (false, String::from_utf8_lossy(&got).into_owned());
        }
    }
}

#[test]
fn slow_loris_and_connection_floods_are_bounded() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let config = tmp.path().join("warden.toml");
    std::fs::write(
        &config,
        "[gateway]\nheader_timeout_ms = 300\nmax_connections = 8\n",
    )
    .expect("config");
    let (child, url) = serve(
        &data,
        &[
            "--listen",
            "127.0.0.1:0",
            "--config",
            &config.to_string_lossy(),
        ],
    )
    .expect("gateway starts");
    let addr = format!("127.0.0.1:{}", port_of(&url));

    // Slow-loris: headers trickled in, never finished. The gateway hangs up.
    let mut loris = TcpStream::connect(&addr).expect("connect");
    loris
        .write_all(b"POST /v1/events HTTP/1.1\r\nHost: x\r\n")
        .expect("partial headers");
    let (closed, _) = closed_within(&mut loris, Duration::from_secs(10));
    assert!(
        closed,
        "a client that never finishes its headers is disconnected"
    );

    // A body trickled after complete headers is cut by the request timeout (408), tested with
    // the request timeout elsewhere; here: a flood of idle connections past the cap.
    let idle: Vec<TcpStream> = (0..8)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let mut extra = TcpStream::connect(&addr).expect("the kernel accepts");
    let (closed, _) = closed_within(&mut extra, Duration::from_secs(5));
    assert!(
        closed,
        "a connection past max_connections is closed at accept"
    );
    drop(idle);
    // Idle connections are also dropped by the header timeout; either way, capacity returns.
    std::thread::sleep(Duration::from_millis(500));
    let http = reqwest::blocking::Client::new();
    let metrics = http
        .get(format!("http://{addr}/metrics"))
        .send()
        .and_then(|r| r.text())
        .expect("metrics after the flood");
    // No CORS on the review and approval APIs: a page on another origin gets no grant to read
    // or decide approvals (preflight or simple request).
    for (method, path) in [
        ("OPTIONS", "/v1/approvals"),
        ("GET", "/v1/approvals"),
        ("OPTIONS", "/v1/approvals/x/approve"),
        ("GET", "/v1/alerts"),
    ] {
        let resp = http
            .request(
                method.parse().expect("method"),
                format!("http://{addr}{path}"),
            )
            .header("origin", "https://evil.example")
            .header("access-control-request-method", "POST")
            .send()
            .expect("request");
        for h in [
            "access-control-allow-origin",
            "access-control-allow-credentials",
        ] {
            assert!(
                resp.headers().get(h).is_none(),
                "{method} {path} grants {h} to another origin"
            );
        }
    }
    let refused: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("warden_refused_connections_total "))
        .and_then(|v| v.trim().parse().ok())
        .expect("refused metric");
    assert!(refused >= 1, "{metrics}");
    stop(child);
}
