//! Reviewer access control and approvals over real HTTP: every review endpoint refuses the
//! unauthenticated (401), agent credentials (403, recorded) and roles below its own (403);
//! browser sessions need CSRF and a same-origin request; a PreToolUse hook asking for approval
//! is held, then denied with the request id, and its retry runs once after approval from
//! enough distinct reviewers; a webhook receives signed notifications; a restart keeps
//! pending and approved-unused requests.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::Sha256;
use warden_core::EventKind;
use warden_gateway::{serve, Config, ServeOptions, DEFAULT_CONFIG};
use warden_store::{DataDir, EventFilter, Reader};

struct Running {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    done: tokio::task::JoinHandle<Result<(), String>>,
    dir: DataDir,
}

async fn start(dir: &DataDir, config: Config) -> Running {
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
        dir: dir.clone(),
    }
}

fn config(extra: &str) -> Config {
    let mut c = Config::parse(&format!("{DEFAULT_CONFIG}\n{extra}")).expect("config");
    c.gateway.listen = "127.0.0.1:0".parse().expect("addr");
    c
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn admin_token(&self) -> String {
        std::fs::read_to_string(self.dir.root().join("review-admin.token")).expect("admin token")
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        self.done.await.expect("join").expect("clean shutdown");
    }

    /// Adds a reviewer as admin; its token.
    async fn add(&self, name: &str, role: &str, agents: &[&str]) -> String {
        let r = http()
            .post(self.url("/v1/review/reviewers"))
            .bearer_auth(self.admin_token())
            .json(&json!({"name": name, "role": role, "agents": agents}))
            .send()
            .await
            .expect("add");
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.expect("json");
        v["token"].as_str().expect("token").to_owned()
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = http().request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("send");
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn decide(&self, id: &str, token: &str, verb: &str, reason: &str) -> (StatusCode, Value) {
        let path = format!("/v1/approvals/{id}/{verb}");
        self.call(
            Method::POST,
            &path,
            Some(token),
            Some(json!({"reason": reason})),
        )
        .await
    }

    /// A Claude Code PreToolUse hook; the verdict.
    async fn hook(&self, session: &str, tool: &str, input: Value) -> Value {
        let v: Value = http()
            .post(self.url("/v1/hooks/claude-code?envelope=1"))
            .json(
                &json!({"session_id": session, "hook_event_name": "PreToolUse", "tool_name": tool,
                          "tool_input": input, "tool_use_id": "toolu_1", "cwd": "/tmp/ws"}),
            )
            .send()
            .await
            .expect("hook")
            .json()
            .await
            .expect("json");
        v["verdict"].clone()
    }

    /// The one approval request for `tool` in `state`.
    async fn request(&self, token: &str, tool: &str, state: &str) -> Value {
        let (_, list) = self
            .call(Method::GET, "/v1/approvals", Some(token), None)
            .await;
        list["approvals"]
            .as_array()
            .expect("list")
            .iter()
            .find(|a| a["tool"] == tool && a["state"] == state)
            .unwrap_or_else(|| panic!("no {state} request for {tool}: {list}"))
            .clone()
    }

    fn events_containing(&self, text: &str) -> Vec<Value> {
        let reader = Reader::open(&self.dir).expect("reader");
        let filter = EventFilter {
            kind: Some(EventKind::Approval),
            contains: Some(text.to_owned()),
            ..Default::default()
        };
        let mut out = Vec::new();
        reader
            .events(&filter, |e| {
                out.push(e.body.clone().unwrap_or(Value::Null));
                true
            })
            .expect("events");
        out
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Real agent credentials from the gateway's identity service: a join token, a JWT-SVID and
/// a task token.
async fn agent_credentials(gw: &Running) -> Vec<(&'static str, String)> {
    use warden_identity::{AgentName, IdentityService, NewAgent, Owner, Tier};
    let service =
        IdentityService::open(gw.dir.root(), Default::default()).expect("identity service");
    let name = AgentName::new("bot").expect("name");
    service
        .add_agent(NewAgent {
            name: name.clone(),
            owner: Owner::new("ops").expect("owner"),
            tier: Tier::Executor,
        })
        .expect("agent");
    let join = |s: &IdentityService| {
        s.create_join_token(&name, None)
            .expect("join")
            .token
            .expose()
            .to_owned()
    };
    let (join_a, join_b) = (join(&service), join(&service));
    let (_, svid) = gw
        .call(
            Method::POST,
            "/v1/svid",
            None,
            Some(json!({"join_token": join_b})),
        )
        .await;
    let svid = svid["svid"].as_str().expect("svid").to_owned();
    let r = http()
        .post(gw.url("/v1/tasks"))
        .bearer_auth(&svid)
        .json(&json!({"objective": "tidy"}))
        .send()
        .await
        .expect("task");
    let task: Value = r.json().await.expect("json");
    let task = task["task_token"].as_str().expect("task token").to_owned();
    vec![
        ("join token", join_a),
        ("JWT-SVID", svid),
        ("task token", task),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_review_endpoint_checks_roles_and_refuses_agents() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), DEFAULT_CONFIG).expect("init");
    let gw = start(&dir, config("")).await;
    let viewer = gw.add("vic", "viewer", &[]).await;
    let approver = gw.add("alice", "approver", &[]).await;
    let admin = gw.admin_token();
    let agents = agent_credentials(&gw).await;
    let tokens = [("viewer", viewer), ("approver", approver), ("admin", admin)];
    let rank = |r: &str| ["viewer", "approver", "admin"].iter().position(|x| *x == r);
    // (method, path, body, lowest role allowed)
    let endpoints: Vec<(Method, &str, Option<Value>, &str)> = vec![
        (Method::GET, "/v1/alerts", None, "viewer"),
        (
            Method::POST,
            "/v1/hash",
            Some(json!({"value": "x"})),
            "viewer",
        ),
        (Method::GET, "/v1/tasks/t-none", None, "viewer"),
        (Method::GET, "/v1/mcp/pins", None, "viewer"),
        (Method::POST, "/v1/mcp/pins/none/approve", None, "approver"),
        (Method::GET, "/v1/approvals", None, "viewer"),
        (Method::GET, "/v1/approvals/a-none", None, "viewer"),
        (
            Method::POST,
            "/v1/approvals/a-none/approve",
            Some(json!({"reason": "r"})),
            "approver",
        ),
        (
            Method::POST,
            "/v1/approvals/a-none/deny",
            Some(json!({"reason": "r"})),
            "approver",
        ),
        (Method::GET, "/v1/review/me", None, "viewer"),
        (Method::POST, "/v1/review/logout", None, "viewer"),
        (Method::GET, "/v1/review/reviewers", None, "admin"),
        (
            Method::POST,
            "/v1/review/reviewers",
            Some(json!({"name": "new-one", "role": "viewer"})),
            "admin",
        ),
        (Method::DELETE, "/v1/review/reviewers/nobody", None, "admin"),
        (
            Method::POST,
            "/v1/review/reviewers/nobody/rotate",
            None,
            "admin",
        ),
    ];
    for (method, path, body, need) in &endpoints {
        let what = format!("{method} {path}");
        let (s, v) = gw.call(method.clone(), path, None, body.clone()).await;
        assert_eq!(s, 401, "{what} unauthenticated: {v}");
        let (s, v) = gw
            .call(method.clone(), path, Some("wrv_not-a-token"), body.clone())
            .await;
        assert_eq!(s, 401, "{what} bad token: {v}");
        for (kind, cred) in &agents {
            let (s, v) = gw
                .call(method.clone(), path, Some(cred), body.clone())
                .await;
            assert_eq!(s, 403, "{what} with a {kind}: {v}");
            assert_eq!(v["code"], "agent_credential", "{what} with a {kind}: {v}");
        }
        for (role, token) in &tokens {
            let (s, v) = gw
                .call(method.clone(), path, Some(token), body.clone())
                .await;
            if rank(role) < rank(need) {
                assert_eq!(s, 403, "{what} as {role}: {v}");
                assert_eq!(v["code"], "forbidden", "{what} as {role}: {v}");
            } else {
                assert!(s != 401 && s != 403, "{what} as {role}: {s} {v}");
            }
        }
    }
    // A task token in Txn-Token is an agent credential too.
    let r = http()
        .get(gw.url("/v1/approvals"))
        .header("txn-token", &agents[2].1)
        .send()
        .await
        .expect("txn");
    assert_eq!(r.status(), 403);
    // Agent-facing endpoints stay open: the approval status a held call polls, hooks.
    let (s, _) = gw
        .call(Method::GET, "/v1/approvals/a-none/status", None, None)
        .await;
    assert_eq!(s, 404);
    let v = gw
        .hook("s-open", "Read", json!({"file_path": "/tmp/ws/a"}))
        .await;
    assert_eq!(v["outcome"], "allow", "{v}");
    // Refusals and account changes are events of the record.
    assert!(!gw.events_containing("agent_credential").is_empty());
    let forbidden = gw.events_containing("\"code\":\"forbidden\"");
    assert!(
        forbidden.iter().any(|e| e["reviewer"] == "vic"),
        "{forbidden:?}"
    );
    let added = gw.events_containing("reviewer_added");
    assert!(added
        .iter()
        .any(|e| e["name"] == "new-one" && e["reviewer"] == "admin"));
    gw.stop().await;
}

fn cookie_of(r: &reqwest::Response) -> String {
    let set = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("set-cookie")
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    set.split(';').next().expect("cookie").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_sessions_need_csrf_from_a_same_origin_page() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), DEFAULT_CONFIG).expect("init");
    let gw = start(&dir, config("")).await;
    let token = gw.add("alice", "approver", &[]).await;
    let origin = format!("http://{}", gw.addr);

    // Agents cannot log in; another site cannot log anyone in.
    let agents = agent_credentials(&gw).await;
    let (s, v) = gw
        .call(
            Method::POST,
            "/v1/review/login",
            None,
            Some(json!({"token": agents[1].1})),
        )
        .await;
    assert_eq!(
        (s.as_u16(), v["code"].as_str()),
        (403, Some("agent_credential"))
    );
    let r = http()
        .post(gw.url("/v1/review/login"))
        .header("origin", "http://evil.example")
        .json(&json!({"token": token}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 403);

    let r = http()
        .post(gw.url("/v1/review/login"))
        .header("origin", &origin)
        .json(&json!({"token": token}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 200);
    let cookie = cookie_of(&r);
    let me: Value = http()
        .get(gw.url("/v1/review/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(
        (me["name"].as_str(), me["role"].as_str()),
        (Some("alice"), Some("approver"))
    );
    let csrf = me["csrf"].as_str().expect("csrf").to_owned();

    let deny = |headers: Vec<(&'static str, String)>| {
        let mut req = http()
            .post(gw.url("/v1/approvals/a-none/deny"))
            .header("cookie", &cookie)
            .json(&json!({"reason": "r"}));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        req.send()
    };
    let r = deny(vec![("origin", origin.clone())])
        .await
        .expect("no csrf");
    assert_eq!(r.status(), 403, "no CSRF token");
    let r = deny(vec![("x-warden-csrf", csrf.clone())])
        .await
        .expect("no origin");
    assert_eq!(r.status(), 403, "no Origin nor Sec-Fetch-Site");
    let r = deny(vec![
        ("x-warden-csrf", csrf.clone()),
        ("origin", "http://evil.example".into()),
    ])
    .await
    .expect("cross origin");
    assert_eq!(r.status(), 403, "cross-origin");
    let r = deny(vec![
        ("x-warden-csrf", csrf.clone()),
        ("sec-fetch-site", "cross-site".into()),
    ])
    .await
    .expect("cross site");
    assert_eq!(r.status(), 403, "cross-site");
    let r = deny(vec![
        ("x-warden-csrf", "wrong".into()),
        ("origin", origin.clone()),
    ])
    .await
    .expect("wrong csrf");
    assert_eq!(r.status(), 403, "wrong token");
    let r = deny(vec![
        ("x-warden-csrf", csrf.clone()),
        ("origin", origin.clone()),
    ])
    .await
    .expect("ok");
    assert_eq!(r.status(), 404, "authorised; the request does not exist");

    // A form post carries the token as a field; logging out ends the session.
    let r = http()
        .post(gw.url("/v1/review/logout"))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(r.status(), 200);
    let r = http()
        .get(gw.url("/v1/review/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("me");
    assert_eq!(r.status(), 401);

    // A form login redirects to a local path only.
    let r = http()
        .post(gw.url("/v1/review/login"))
        .form(&[("token", token.as_str()), ("next", "//evil.example/")])
        .send()
        .await
        .expect("form login");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/");
    cookie_of(&r);
    let logins = gw.events_containing("review_login");
    assert!(logins
        .iter()
        .any(|e| e["reviewer"] == "alice" && e["outcome"] == "ok"));
    assert!(logins.iter().any(|e| e["outcome"] == "refused"));
    gw.stop().await;
}

/// A local webhook receiver: the bodies and signature headers it got.
async fn receiver() -> (String, Arc<Mutex<Vec<(Value, String, String)>>>) {
    let got: Arc<Mutex<Vec<(Value, String, String)>>> = Arc::default();
    let sink = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: bytes::Bytes| {
            let sink = sink.clone();
            async move {
                let h = |k: &str| {
                    headers
                        .get(k)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned()
                };
                let body_text = String::from_utf8_lossy(&body).into_owned();
                let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                sink.lock().expect("lock").push((
                    v,
                    h("x-warden-signature"),
                    format!("{}.{body_text}", h("x-warden-timestamp")),
                ));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/hook"), got)
}

fn signed(secret: &str, signed_text: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(signed_text.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hooks_hold_for_approval_and_a_retry_runs_once() {
    let (hook_url, got) = receiver().await;
    let extra = format!(
        "[approvals]\nhook_wait_ms = 1000\n[[approvals.rules]]\ntools = [\"Bash\"]\nrequired = 2\n[approvals.webhook]\nurl = \"{hook_url}\"\nsecret = \"s3cret\"\n"
    );
    let mut cfg = config(&extra);
    cfg.gateway.mode = warden_gateway::Mode::Enforce;
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = DataDir::open_or_init(&tmp.path().join("data"), DEFAULT_CONFIG).expect("init");
    let gw = start(&dir, cfg.clone()).await;
    let owner = gw.add("olga", "approver", &["unattested:local"]).await;
    let viewer = gw.add("vic", "viewer", &[]).await;
    let bob = gw.add("bob", "approver", &[]).await;
    let carol = gw.add("carol", "approver", &[]).await;
    let rm = json!({"command": "rm -rf /"});

    // Pending past the hold: denied with the request id and the command that approves it.
    let v = gw.hook("s1", "Bash", rm.clone()).await;
    assert_eq!(v["outcome"], "deny", "{v}");
    let req = gw.request(&viewer, "Bash", "pending").await;
    let id = req["id"].as_str().expect("id").to_owned();
    let reason = v["reason"].as_str().expect("reason");
    assert!(
        reason.contains(&id) && reason.contains("warden approvals approve"),
        "{reason}"
    );
    assert_eq!(req["required"], 2);
    assert_eq!(req["agent"], "unattested:local");
    // Retried while pending: the same request, not a new one.
    gw.hook("s1", "Bash", rm.clone()).await;
    let (_, list) = gw
        .call(Method::GET, "/v1/approvals", Some(&viewer), None)
        .await;
    assert_eq!(
        list["approvals"].as_array().map(|a| a.len()),
        Some(1),
        "{list}"
    );

    let (s, v) = gw.decide(&id, &owner, "approve", "mine is fine").await;
    assert_eq!(s, 403, "self-approval: {v}");
    assert!(
        v["error"].as_str().unwrap_or("").contains("owns agent"),
        "{v}"
    );
    assert_eq!(gw.decide(&id, &viewer, "approve", "looks ok").await.0, 403);
    assert_eq!(
        gw.decide(&id, &bob, "approve", " ").await.0,
        400,
        "reason required"
    );
    let (s, v) = gw
        .decide(&id, &bob, "approve", "intended wipe of a scratch VM")
        .await;
    assert_eq!(
        (s.as_u16(), v["state"].as_str()),
        (200, Some("pending")),
        "1 of 2: {v}"
    );
    assert_eq!(
        gw.decide(&id, &bob, "approve", "again").await.0,
        409,
        "distinct reviewers"
    );
    // Not yet approved: the retry is still held.
    assert_eq!(gw.hook("s1", "Bash", rm.clone()).await["outcome"], "deny");
    let (s, v) = gw
        .decide(&id, &carol, "approve", "confirmed with the owner")
        .await;
    assert_eq!(
        (s.as_u16(), v["state"].as_str()),
        (200, Some("approved")),
        "{v}"
    );

    // Changed arguments need their own approval; the approved call runs once.
    let other = gw
        .hook("s1", "Bash", json!({"command": "rm -rf /home"}))
        .await;
    assert_eq!(other["outcome"], "deny", "{other}");
    let ran = gw.hook("s1", "Bash", rm.clone()).await;
    assert_eq!(ran["outcome"], "allow", "{ran}");
    assert!(
        ran["reason"].as_str().unwrap_or("").contains("bob, carol"),
        "{ran}"
    );
    let again = gw.hook("s1", "Bash", rm.clone()).await;
    assert_eq!(again["outcome"], "deny", "single use: {again}");

    // Held, then proceeds when approved during the hold (one approval for Write).
    let write = json!({"file_path": "/etc/cron.d/job", "content": "x"});
    let held = {
        let url = gw.url("/v1/hooks/claude-code?envelope=1");
        let body = json!({"session_id": "s2", "hook_event_name": "PreToolUse", "tool_name": "Write",
                          "tool_input": write, "tool_use_id": "toolu_2", "cwd": "/tmp/ws"});
        tokio::spawn(async move {
            let v: Value = http()
                .post(url)
                .json(&body)
                .send()
                .await
                .expect("hook")
                .json()
                .await
                .expect("json");
            v["verdict"].clone()
        })
    };
    let write_req = {
        let mut found = None;
        for _ in 0..100 {
            let (_, list) = gw
                .call(Method::GET, "/v1/approvals", Some(&viewer), None)
                .await;
            found = list["approvals"].as_array().and_then(|a| {
                a.iter()
                    .find(|r| r["tool"] == "Write" && r["state"] == "pending")
                    .cloned()
            });
            if found.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        found.expect("the held Write opened a request")
    };
    let wid = write_req["id"].as_str().expect("id");
    let (s, _) = gw
        .call(
            Method::POST,
            &format!("/v1/approvals/{wid}/approve"),
            Some(&bob),
            Some(json!({"reason": "ok"})),
        )
        .await;
    assert_eq!(s, 200);
    let v = held.await.expect("join");
    assert_eq!(v["outcome"], "allow", "the held hook proceeded: {v}");

    // A denial reaches the agent with the reviewer's reason.
    let v = gw
        .hook("s3", "Bash", json!({"command": "rm -rf /srv"}))
        .await;
    assert_eq!(v["outcome"], "deny");
    let r = gw.request(&viewer, "Bash", "pending").await;
    let rid = r["id"].as_str().expect("id");
    let (s, _) = gw
        .call(
            Method::POST,
            &format!("/v1/approvals/{rid}/deny"),
            Some(&carol),
            Some(json!({"reason": "not on prod"})),
        )
        .await;
    assert_eq!(s, 200);
    let v = gw
        .hook("s3", "Bash", json!({"command": "rm -rf /srv"}))
        .await;
    assert_eq!(v["outcome"], "deny");

    // The webhook got signed notifications of openings and decisions.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let n = got
            .lock()
            .expect("lock")
            .iter()
            .filter(|(v, _, _)| v["event"] == "approval.decided")
            .count();
        if n >= 4 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "webhook deliveries missing"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for (v, sig, text) in got.lock().expect("lock").iter() {
        assert_eq!(sig, &signed("s3cret", text), "signature of {v}");
    }
    assert!(got
        .lock()
        .expect("lock")
        .iter()
        .any(|(v, _, _)| v["event"] == "approval.opened" && v["request"]["id"] == id.as_str()));

    // Decisions are events of the record, with the reviewer and reason.
    let decisions = gw.events_containing("intended wipe");
    assert!(
        decisions.iter().any(|e| e["reviewer"] == "bob"),
        "{decisions:?}"
    );

    // Restart: a pending request stays pending, an approved-unused one still runs once.
    gw.hook("s4", "Bash", json!({"command": "rm -rf /var"}))
        .await;
    gw.hook(
        "s4",
        "Write",
        json!({"file_path": "/etc/hosts", "content": "y"}),
    )
    .await;
    let hosts = gw.request(&viewer, "Write", "pending").await;
    let hid = hosts["id"].as_str().expect("id").to_owned();
    let (s, _) = gw
        .call(
            Method::POST,
            &format!("/v1/approvals/{hid}/approve"),
            Some(&bob),
            Some(json!({"reason": "ok"})),
        )
        .await;
    assert_eq!(s, 200);
    gw.stop().await;
    let gw = start(&dir, cfg).await;
    let pending = gw.request(&viewer, "Bash", "pending").await;
    assert!(pending["expires_in_s"].as_u64().unwrap_or(0) > 0);
    let v = gw
        .hook(
            "s4",
            "Write",
            json!({"file_path": "/etc/hosts", "content": "y"}),
        )
        .await;
    assert_eq!(v["outcome"], "allow", "approved before the restart: {v}");
    gw.stop().await;
}
