//! Secrets planted through every capture path never reach the record raw: not the database,
//! its WAL, the checkpoint files, the gateway's log, nor an export; and every one is found by
//! its reference (`warden hash` → `warden events --ref`).

mod support;

use serde_json::json;
use support::{warden, Gateway};

/// A small deterministic generator, so the fakes look random but every run plants the same.
struct Fake(u64);

impl Fake {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick(&mut self, alphabet: &str, n: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        (0..n)
            .map(|_| chars[(self.next() % chars.len() as u64) as usize])
            .collect()
    }
    fn alnum(&mut self, n: usize) -> String {
        self.pick(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            n,
        )
    }
    fn upper(&mut self, n: usize) -> String {
        self.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n)
    }
    fn hex(&mut self, n: usize) -> String {
        self.pick("0123456789abcdef", n)
    }
    fn url(&mut self, n: usize) -> String {
        self.pick(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
            n,
        )
    }
    fn digits(&mut self, n: usize) -> String {
        self.pick("0123456789", n)
    }
}

/// (context before, secret, context after): how each appears in agent traffic.
fn planted() -> Vec<(String, String, String)> {
    let mut r = Fake(0x5eed_1234_abcd_0042);
    let mut v: Vec<(String, String, String)> = Vec::new();
    let mut add =
        |pre: &str, secret: String, post: &str| v.push((pre.to_owned(), secret, post.to_owned()));
    for _ in 0..2 {
        add("aws_access_key_id = ", format!("AKIA{}", r.upper(16)), "\n");
        add(
            "export AWS_SESSION_KEY=",
            format!("ASIA{}", r.upper(16)),
            "\n",
        );
        add(
            "git clone https://",
            format!("ghp_{}", r.alnum(36)),
            "@github.com/acme/app.git",
        );
        add(
            "GITHUB_TOKEN=",
            format!("github_pat_{}_{}", r.alnum(22), r.alnum(59)),
            "\n",
        );
        add("PRIVATE-TOKEN: ", format!("glpat-{}", r.url(20)), "\n");
        add(
            "SLACK_BOT_TOKEN=",
            format!("xoxb-{}-{}-{}", r.digits(11), r.digits(13), r.alnum(24)),
            "\n",
        );
        add(
            "Stripe.api_key = '",
            format!("{}{}", "sk_live_", r.alnum(99)),
            "'",
        );
        add(
            "STRIPE_SECRET_KEY=",
            format!("{}{}", "sk_test_", r.alnum(24)),
            "\n",
        );
        add("OPENAI_API_KEY=", format!("sk-proj-{}", r.url(156)), "\n");
        add("x-api-key: ", format!("sk-ant-api03-{}AA", r.url(93)), "\n");
        add(
            "huggingface-cli login --token ",
            format!(
                "hf_{}",
                r.pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34)
            ),
            "",
        );
        add("GROQ_API_KEY=", format!("gsk_{}", r.alnum(52)), "\n");
        add(
            "//registry.npmjs.org/:_authToken=",
            format!("npm_{}", r.alnum(36)),
            "\n",
        );
        add(
            "SENDGRID_API_KEY=",
            format!("SG.{}.{}", r.url(22), r.url(43)),
            "\n",
        );
        add(
            "const cfg = { apiKey: \"",
            format!("AIza{}", r.url(35)),
            "\" };",
        );
        add("VAULT_TOKEN=", format!("hvs.{}", r.url(90)), "\n");
        add("DIGITALOCEAN_TOKEN=", format!("dop_v1_{}", r.hex(64)), "\n");
        add(
            "DATABASE_URL=postgres://app:",
            format!("{}Q7", r.alnum(18)),
            "@db.internal:5432/app",
        );
        add(
            "X-Shopify-Access-Token: ",
            format!("shpat_{}", r.hex(32)),
            "\n",
        );
        add(
            "echo ",
            format!("dckr_pat_{}", r.url(27)),
            " | docker login -u bot --password-stdin",
        );
        add("DATABRICKS_TOKEN=", format!("dapi{}", r.hex(32)), "\n");
        add("SUPABASE_ACCESS_TOKEN=", format!("sbp_{}", r.hex(40)), "\n");
        add("TWILIO_API_KEY=", format!("SK{}", r.hex(32)), "\n");
        add(
            "STRIPE_WEBHOOK_SECRET=",
            format!("whsec_{}", r.alnum(32)),
            "\n",
        );
        add(
            "OPENROUTER_API_KEY=",
            format!("sk-or-v1-{}", r.hex(64)),
            "\n",
        );
        add(
            "Authorization: Bearer ",
            format!("ya29.{}", r.url(150)),
            "\n",
        );
        add("PULUMI_ACCESS_TOKEN=", format!("pul-{}", r.hex(40)), "\n");
        add("DOPPLER_TOKEN=", format!("dp.st.{}", r.alnum(43)), "\n");
    }
    v
}

#[test]
fn planted_secrets_are_never_stored_raw_and_are_found_by_reference() {
    let secrets = planted();
    assert!(secrets.len() >= 50);
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let gw = Gateway::start(&data, &[]);
    let http = reqwest::blocking::Client::new();
    let hook = |payload: serde_json::Value| {
        let resp = http
            .post(format!("{}/v1/hooks/claude-code", gw.url))
            .json(&payload)
            .send()
            .expect("post");
        assert_eq!(resp.status(), 200);
    };
    for (i, (pre, secret, post)) in secrets.iter().enumerate() {
        let text = format!("{pre}{secret}{post}");
        let session = format!("plant-{}", i % 5);
        let tool_use_id = format!("toolu_{i:04}");
        match i % 4 {
            0 => hook(
                json!({"session_id": session, "hook_event_name": "UserPromptSubmit", "prompt": format!("use this: {text}")}),
            ),
            1 => hook(
                json!({"session_id": session, "hook_event_name": "PreToolUse", "tool_name": "Bash",
                             "tool_input": {"command": format!("printf '%s' '{text}' > /tmp/x")}, "tool_use_id": tool_use_id}),
            ),
            2 => hook(
                json!({"session_id": session, "hook_event_name": "PostToolUse", "tool_name": "Read",
                             "tool_input": {"file_path": "/home/dev/app/.env"}, "tool_use_id": tool_use_id,
                             "tool_response": {"content": [{"type": "text", "text": text}]}}),
            ),
            _ => {
                let resp = http
                    .post(format!("{}/v1/events", gw.url))
                    .json(&json!({"kind": "tool_result", "session_id": session, "body": {"tool_name": "fetch", "output": text}}))
                    .send()
                    .expect("post");
                assert_eq!(resp.status(), 200);
            }
        }
    }
    let log = gw.log.clone();
    gw.stop();

    let export = tmp.path().join("export.jsonl");
    let (code, _, err) = warden(
        &[
            "export",
            "--format",
            "jsonl",
            "--data",
            &data.to_string_lossy(),
            "-o",
            &export.to_string_lossy(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let mut haystacks: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in walk(&data) {
        haystacks.push((
            entry.display().to_string(),
            std::fs::read(&entry).expect("read"),
        ));
    }
    haystacks.push(("export".into(), std::fs::read(&export).expect("export")));
    haystacks.push((
        "gateway log".into(),
        log.lock().expect("log").clone().into_bytes(),
    ));
    for (_, secret, _) in &secrets {
        for (name, bytes) in &haystacks {
            assert!(
                memchr::memmem::find(bytes, secret.as_bytes()).is_none(),
                "a planted secret ({}…) is raw in {name}",
                &secret[..8]
            );
        }
    }
    let data_arg = data.to_string_lossy().into_owned();
    for (_, secret, _) in &secrets {
        let (code, reference, err) = warden(&["hash", "-", "--data", &data_arg], Some(secret));
        assert_eq!(code, 0, "{err}");
        let reference = reference.lines().next().expect("a reference").to_owned();
        let (code, out, err) = warden(
            &["events", "--ref", &reference, "--data", &data_arg, "--json"],
            None,
        );
        assert_eq!(code, 0, "{err}");
        assert!(
            out.lines().count() >= 1,
            "the secret {}… is not found by its reference",
            &secret[..8]
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
