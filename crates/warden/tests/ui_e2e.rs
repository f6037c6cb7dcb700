//! The review web UI end to end: a real `warden serve`, sessions recorded through the real hook
//! endpoint, and headless Debian chromium (chromedriver) signing in with the admin token,
//! reading a session timeline, and approving a call an agent is being held on, one click and a
//! reason, while the agent's hook request is still open; the agent then gets allow.
//! Screenshots go to `target/ui-artifacts/`.

mod browser;
mod support;

use std::time::{Duration, Instant};

use browser::Browser;
use fantoccini::Locator;
use serde_json::{json, Value};
use support::Gateway;

const SESSION: &str = "ui-e2e-session";

fn admin_token(data: &std::path::Path) -> String {
    let path = data.join("review-admin.token");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the admin token file {}: {e}", path.display()))
        .trim()
        .to_owned()
}

fn hook(session: &str, event: &str, extra: Value) -> Value {
    let mut p = json!({
        "session_id": session,
        "transcript_path": "/tmp/t.jsonl",
        "cwd": "/home/dev/app",
        "permission_mode": "default",
        "hook_event_name": event,
    });
    if let (Some(p), Value::Object(e)) = (p.as_object_mut(), extra) {
        p.extend(e);
    }
    p
}

async fn post_hook(http: &reqwest::Client, url: &str, payload: &Value) -> Value {
    let r = http
        .post(format!("{url}/v1/hooks/claude-code?envelope=1"))
        .json(payload)
        .send()
        .await
        .expect("hook request");
    assert!(r.status().is_success(), "hook answered {}", r.status());
    r.json().await.expect("hook answer JSON")
}

/// A short coding session: prompt (with markup in it), an allowed Bash call carrying a
/// credential (redacted to a reference), its result, a subagent's call, the final message.
async fn record_session(http: &reqwest::Client, url: &str, session: &str) {
    let events = [
        hook(session, "SessionStart", json!({"source": "startup"})),
        hook(
            session,
            "UserPromptSubmit",
            json!({"prompt": "List the files <img src=x id=xss onerror=alert(1)> and check the token"}),
        ),
        hook(
            session,
            "PreToolUse",
            json!({"tool_name": "Bash", "tool_use_id": "toolu_1",
                   "tool_input": {"command": "GITHUB_TOKEN=ghp_R4nd0mT0k3nV4lu3F0rT3st1ngAbCdEf1234 ls -la"}}),
        ),
        hook(
            session,
            "PostToolUse",
            json!({"tool_name": "Bash", "tool_use_id": "toolu_1",
                   "tool_input": {"command": "ls -la"}, "tool_response": {"stdout": "README.md\nsrc\n"}}),
        ),
        hook(
            session,
            "PreToolUse",
            json!({"tool_name": "Read", "tool_use_id": "toolu_2", "agent_id": "sub-1",
                   "agent_type": "Explore", "tool_input": {"file_path": "/home/dev/app/README.md"}}),
        ),
        hook(
            session,
            "Stop",
            json!({"stop_hook_active": false, "last_assistant_message": "Listed the files."}),
        ),
    ];
    for e in &events {
        post_hook(http, url, e).await;
    }
}

async fn sign_in(b: &Browser, url: &str, token: &str) {
    b.client
        .goto(&format!("{url}/ui/sessions"))
        .await
        .expect("open the UI");
    // Without a session the UI sends the browser to the sign-in page.
    let field = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("token"))
        .await
        .expect("the sign-in page");
    assert!(b.client.current_url().await.expect("url").path() == "/ui/login");
    field.send_keys(token).await.expect("type the token");
    b.screenshot("01-sign-in").await;
    b.client
        .find(Locator::Id("login-submit"))
        .await
        .expect("sign-in button")
        .click()
        .await
        .expect("click sign in");
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("table#sessions"))
        .await
        .expect("signed in: the sessions list");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviewer_signs_in_and_reads_a_session_timeline() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let gw = Gateway::start(&data, &[]);
    let http = reqwest::Client::new();
    record_session(&http, &gw.url, SESSION).await;
    let token = admin_token(&data);

    let b = Browser::start().await.expect("headless chromium");
    sign_in(&b, &gw.url, &token).await;
    let row = b
        .client
        .find(Locator::Css(&format!(
            "tr[data-session='{SESSION}'] a.session-link"
        )))
        .await
        .expect("the recorded session is listed");
    b.screenshot("02-sessions").await;
    row.click().await.expect("open the session");
    let timeline = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("timeline"))
        .await
        .expect("the timeline");
    let text = timeline.text().await.expect("timeline text");
    b.screenshot("03-timeline").await;

    // Intent → action → effect: the prompt opens a turn, the call carries its decision and
    // result nested beneath it.
    assert!(
        text.contains("List the files <img src=x id=xss"),
        "prompt shown as text: {text}"
    );
    assert!(
        b.client.find(Locator::Id("xss")).await.is_err(),
        "markup from an event must never become an element"
    );
    let call = b
        .client
        .find(Locator::Css("li.k-tool_call"))
        .await
        .expect("a tool call row");
    let nested = call
        .find_all(Locator::Css("ol.effects > li"))
        .await
        .expect("nested rows");
    let mut kinds = Vec::new();
    for n in &nested {
        kinds.push(n.attr("class").await.expect("class").unwrap_or_default());
    }
    assert!(
        kinds.iter().any(|k| k.contains("k-decision"))
            && kinds.iter().any(|k| k.contains("k-tool_result")),
        "the call's decision and result sit under it: {kinds:?}"
    );
    // The credential is a reference chip, never the value.
    let chip = call
        .find(Locator::Css("a.chip.secret"))
        .await
        .expect("a secret reference chip on the call");
    let href = chip.attr("href").await.expect("href").unwrap_or_default();
    assert!(href.contains("/ui/search?text=hmac-sha256"), "{href}");
    let page = b.client.source().await.expect("page source");
    assert!(
        !page.contains("ghp_R4nd0mT0k3n"),
        "the secret itself never reaches the page"
    );
    // The subagent is a node under the session's agent.
    let tree = b
        .client
        .find(Locator::Css("ul.tree"))
        .await
        .expect("agent tree")
        .text()
        .await
        .expect("tree text");
    assert!(
        tree.contains("subagent/sub-1"),
        "subagent in the tree: {tree}"
    );

    // Search by secret reference finds the call.
    chip.click().await.expect("follow the reference");
    let results = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("table#results"))
        .await
        .expect("search results")
        .text()
        .await
        .expect("results text");
    assert!(
        results.contains("Bash"),
        "the call is found by its secret reference: {results}"
    );
    b.screenshot("04-search-by-secret-reference").await;

    for (path, marker) in [
        ("/ui/alerts", "h1"),
        ("/ui/agents", "table#unattested"),
        ("/ui/integrity", "dl#integrity"),
    ] {
        b.client
            .goto(&format!("{}{path}", gw.url))
            .await
            .expect("open");
        b.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(marker))
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    b.screenshot("05-integrity").await;
    b.close().await;
    gw.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviewer_approves_a_held_call_in_one_click_and_the_agent_proceeds() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let policies = tmp.path().join("policies");
    std::fs::create_dir_all(&policies).expect("mkdir");
    std::fs::write(
        policies.join("policy.cedar"),
        r#"@id("dev.allow_all")
permit (principal, action, resource);

@id("deploy.needs_review")
@obligation("approval")
@reason("Deploys to production need a reviewer's approval.")
forbid (principal, action, resource)
when { context.call.command_words.contains("deploy") };
"#,
    )
    .expect("policy");
    let config = tmp.path().join("warden.toml");
    std::fs::write(
        &config,
        format!(
            "[gateway]\nmode = \"enforce\"\n[policy]\ndir = {:?}\n[approvals]\nhook_wait_ms = 20000\n",
            policies.to_string_lossy()
        ),
    )
    .expect("config");
    let data = tmp.path().join("data");
    let gw = Gateway::start(&data, &["--config", &config.to_string_lossy()]);
    let http = reqwest::Client::new();
    let session = "ui-e2e-approval";
    post_hook(
        &http,
        &gw.url,
        &hook(
            session,
            "UserPromptSubmit",
            json!({"prompt": "Ship the release"}),
        ),
    )
    .await;
    let token = admin_token(&data);
    let b = Browser::start().await.expect("headless chromium");
    sign_in(&b, &gw.url, &token).await;

    // The agent asks to deploy; its hook request is held open while the request is pending.
    let held = {
        let http = http.clone();
        let url = gw.url.clone();
        let payload = hook(
            session,
            "PreToolUse",
            json!({"tool_name": "Bash", "tool_use_id": "toolu_deploy",
                   "tool_input": {"command": "deploy --env production"}}),
        );
        tokio::spawn(async move {
            let started = Instant::now();
            let answer = post_hook(&http, &url, &payload).await;
            (answer, started.elapsed())
        })
    };

    b.client
        .goto(&format!("{}/ui/approvals", gw.url))
        .await
        .expect("open approvals");
    // The live region refreshes every 2 s: the pending request appears without a reload.
    let form = b
        .client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("form.decide"))
        .await
        .expect("the pending request with its decide form");
    assert!(
        !held.is_finished(),
        "the agent's call is held while the request is pending"
    );
    let row = b
        .client
        .find(Locator::Css("tr[data-approval]"))
        .await
        .expect("row")
        .text()
        .await
        .expect("row text");
    assert!(row.contains("Bash") && row.contains("pending"), "{row}");
    drop(form);
    // The live region may redraw between finding the field and typing (a new request came
    // in); once the field holds text the script leaves the region alone.
    let mut typed = false;
    for _ in 0..5 {
        if let Ok(input) = b
            .client
            .find(Locator::Css("form.decide input[name=reason]"))
            .await
        {
            if input
                .send_keys("Release 1.4 sign-off from the on-call lead")
                .await
                .is_ok()
            {
                typed = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(typed, "the reason field takes text");
    b.screenshot("06-approval-pending").await;
    b.client
        .find(Locator::Css("form.decide button.approve"))
        .await
        .expect("approve button")
        .click()
        .await
        .expect("one click");

    let (answer, waited) = tokio::time::timeout(Duration::from_secs(20), held)
        .await
        .expect("the held call returns after the approval")
        .expect("agent task");
    assert_eq!(
        answer["verdict"]["outcome"], "allow",
        "the approved call proceeds: {answer}"
    );
    assert_ne!(
        answer["body"]["hookSpecificOutput"]["permissionDecision"], "deny",
        "{answer}"
    );
    assert!(
        waited > Duration::from_millis(100),
        "it was held: {waited:?}"
    );

    // The UI shows the decision, by whom and why.
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("tr[data-approval] .st-approved"))
        .await
        .expect("the request shows approved");
    let row = b
        .client
        .find(Locator::Css("tr[data-approval]"))
        .await
        .expect("row")
        .text()
        .await
        .expect("row text");
    assert!(
        row.contains("admin") && row.contains("Release 1.4 sign-off"),
        "{row}"
    );
    b.screenshot("07-approval-decided").await;

    // The timeline of the agent's session shows the call and its decision.
    b.client
        .goto(&format!("{}/ui/sessions/{session}", gw.url))
        .await
        .expect("timeline");
    let text = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("timeline"))
        .await
        .expect("timeline")
        .text()
        .await
        .expect("text");
    assert!(text.contains("deploy --env production"), "{text}");
    b.screenshot("08-timeline-after-approval").await;
    b.close().await;
    gw.stop();
}

/// Clickjacking, sniffing, CSP and CORS on the UI, without a browser.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ui_responses_carry_the_security_headers_and_no_cors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let gw = Gateway::start(&data, &[]);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let r = http
        .get(format!("{}/ui/sessions", gw.url))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 303, "no session: to the sign-in page");
    assert!(r.headers()["location"]
        .to_str()
        .unwrap_or("")
        .starts_with("/ui/login?next="));
    for path in ["/ui/login", "/ui/sessions", "/ui/assets/ui.js"] {
        let r = http
            .get(format!("{}{path}", gw.url))
            .header("Origin", "https://evil.example")
            .send()
            .await
            .expect("get");
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap_or("");
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(
            h.get("access-control-allow-origin").is_none(),
            "{path}: no CORS"
        );
    }
    // A cross-origin preflight against the review API gets no CORS grant either.
    let r = http
        .request(reqwest::Method::OPTIONS, format!("{}/v1/approvals", gw.url))
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .expect("preflight");
    assert!(r.headers().get("access-control-allow-origin").is_none());
    // The sign-in page only redirects to local UI paths.
    let login = http
        .get(format!("{}/ui/login?next=https://evil.example/", gw.url))
        .send()
        .await
        .expect("login")
        .text()
        .await
        .expect("text");
    assert!(!login.contains("evil.example"), "no open redirect");
    assert!(login.contains("data-next=\"/ui/sessions\""));
    // A reviewer token works as a Bearer for scripts too; a bad one is refused.
    let token = admin_token(&data);
    let ok = http
        .get(format!("{}/ui/agents", gw.url))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(ok.status(), 200);
    let bad = http
        .get(format!("{}/ui/agents", gw.url))
        .bearer_auth("wrv_not-a-token")
        .send()
        .await
        .expect("get");
    assert_eq!(bad.status(), 401);
    gw.stop();
}
