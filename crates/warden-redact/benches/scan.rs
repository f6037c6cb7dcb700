//! Throughput of scanning and redaction on ~32 MB of mixed agent traffic:
//! prompts, model output, code, JSON tool results and logs, with a sprinkle
//! of fake secrets. Plain `Instant` timing, median of 5 runs.
//!
//! Run: `CARGO_TARGET_DIR=target/h-redact cargo bench -p warden-redact`

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use common::Rng;
use warden_redact::{KeyRing, Redactor, ScanOptions, Scanner};

const WORDS: &[&str] = &[
    "the",
    "agent",
    "should",
    "read",
    "file",
    "and",
    "then",
    "update",
    "config",
    "with",
    "new",
    "value",
    "for",
    "deployment",
    "please",
    "check",
    "whether",
    "tests",
    "pass",
    "before",
    "merging",
    "branch",
    "into",
    "main",
    "user",
    "asked",
    "about",
    "token",
    "limits",
    "in",
    "model",
    "context",
    "window",
    "password",
    "reset",
    "flow",
    "documentation",
    "explains",
    "secret",
    "management",
    "using",
    "vault",
    "key",
    "rotation",
    "policy",
    "service",
    "account",
    "permissions",
    "basic",
    "example",
    "request",
    "response",
    "latency",
    "database",
    "query",
    "cache",
    "invalidate",
    "path",
    "pattern",
    "compatible",
    "dispatch",
    "task",
    "disk",
    "ask",
];

fn prose(r: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = WORDS[r.below(WORDS.len())];
        if i % 14 == 0 && i > 0 {
            s.push_str(". ");
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(w);
        }
    }
    s.push_str(".\n");
    s
}

fn code(r: &mut Rng) -> String {
    let n = r.below(1000);
    format!(
        r#"use std::collections::HashMap;

/// Loads the token from the environment; never hard-code credentials.
pub fn load_config(path: &str) -> Result<Config, Error> {{
    let token = std::env::var("API_TOKEN").map_err(|_| Error::MissingToken)?;
    let password = settings.get("db_password").cloned().unwrap_or_default();
    let mut headers = HashMap::new();
    headers.insert("Authorization", format!("Bearer {{token}}"));
    let url = format!("https://api.example.com/v1/items/{{}}", {n});
    let max_tokens = 4096;
    for (i, item) in items.iter().enumerate() {{
        if item.secret_ref.is_some() && i % 2 == 0 {{
            dispatch(item, &headers, max_tokens)?;
        }}
    }}
    Ok(Config {{ token, password, url }})
}}

def get_client(api_key=None):
    api_key = api_key or os.environ.get("OPENAI_API_KEY")
    tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")
    return Client(api_key=api_key, timeout=30, max_retries={m})

const pattern = /^[a-z0-9_-]{{3,16}}$/; // compatible path pattern
export async function fetchUser(id) {{ const res = await fetch(`/api/users/${{id}}`, {{ headers: {{ Authorization: `Bearer ${{session.accessToken}}` }} }}); return res.json(); }}
"#,
        m = r.below(9)
    )
}

fn json_result(r: &mut Rng) -> String {
    let mut items = Vec::new();
    for _ in 0..8 {
        items.push(format!(
            r#"{{"id":"{}-{}-4{}-a{}-{}","sha":"{}","path":"src/{}/mod.rs","size":{},"url":"https://github.com/acme/app/blob/{}/src/lib.rs","integrity":"sha512-{}==","token_count":{}}}"#,
            r.hex(8),
            r.hex(4),
            r.hex(3),
            r.hex(3),
            r.hex(12),
            r.hex(40),
            WORDS[r.below(WORDS.len())],
            r.below(100000),
            r.hex(40),
            r.b64(86),
            r.below(5000)
        ));
    }
    format!(
        r#"{{"tool_use_id":"toolu_{}","content":[{{"type":"text","text":"{}"}}],"result":{{"items":[{}],"next_cursor":"{}"}}}}
"#,
        r.alnum(24),
        prose(r, 20).trim_end(),
        items.join(","),
        r.b64(32)
    )
}

fn log_lines(r: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..10 {
        s.push_str(&format!(
            "2025-06-{:02}T12:{:02}:{:02}.{:03}Z INFO request_id={} method=GET path=/v1/tasks/{} status=200 latency_ms={} user_agent=\"curl/8.5.0\" commit={}\n",
            1 + r.below(28),
            r.below(60),
            r.below(60),
            r.below(1000),
            r.hex(32),
            r.below(100000),
            r.below(900),
            r.hex(40)
        ));
    }
    s
}

fn secret(r: &mut Rng) -> String {
    match r.below(6) {
        0 => format!("export GITHUB_TOKEN=ghp_{}\n", r.alnum(36)),
        1 => format!("OPENAI_API_KEY=sk-proj-{}\n", r.urlsafe(156)),
        2 => format!("DATABASE_URL=postgres://app:{}@db:5432/app\n", r.alnum(20)),
        3 => format!("aws_secret_access_key = {}\n", r.b64(40)),
        4 => format!(
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJ{}.{}\n",
            r.urlsafe(80),
            r.urlsafe(43)
        ),
        _ => format!("\"password\": \"{}\"\n", r.password(14)),
    }
}

fn corpus(target: usize) -> Vec<String> {
    let mut r = Rng::new(7);
    let mut docs = Vec::new();
    let mut total = 0;
    while total < target {
        let mut d = match r.below(4) {
            0 => prose(&mut r, 300),
            1 => code(&mut r),
            2 => json_result(&mut r),
            _ => log_lines(&mut r),
        };
        if r.below(50) == 0 {
            d.push_str(&secret(&mut r));
        }
        total += d.len();
        docs.push(d);
    }
    docs
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn bench(name: &str, bytes: usize, mut f: impl FnMut() -> usize) {
    let mut rates = Vec::new();
    let mut found = 0;
    for _ in 0..5 {
        let t = Instant::now();
        found = f();
        let secs = t.elapsed().as_secs_f64();
        rates.push(bytes as f64 / secs / 1e6);
    }
    println!(
        "{name:<40} {:>8.1} MB/s (median of 5; min {:.1}, max {:.1}; {found} findings)",
        median(rates.clone()),
        rates.iter().copied().fold(f64::INFINITY, f64::min),
        rates.iter().copied().fold(0.0, f64::max)
    );
}

fn main() {
    let docs = corpus(32 << 20);
    let bytes: usize = docs.iter().map(String::len).sum();
    let joined = docs.concat();
    let scanner = Scanner::new();
    println!(
        "corpus: {} documents, {:.1} MB; {} rules",
        docs.len(),
        bytes as f64 / 1e6,
        scanner.rules().len()
    );
    let opts = ScanOptions::default();
    bench("scan, per document", bytes, || {
        docs.iter().map(|d| scanner.scan(d, &opts).len()).sum()
    });
    bench("scan, one 32 MB buffer", bytes, || {
        scanner.scan(&joined, &opts).len()
    });
    let redactor = Redactor::new(Scanner::new(), KeyRing::new(1, [9u8; 32]));
    redactor
        .add_known_secret("task-42-github", format!("ghp_{}", Rng::new(1).alnum(36)))
        .expect("valid known secret");
    bench("redact, per document (+1 known secret)", bytes, || {
        docs.iter()
            .map(|d| redactor.redact_str(d, &opts).findings.len())
            .sum()
    });
    let pii = ScanOptions::default().with_pii(warden_redact::PiiSet::ALL);
    bench("scan + all PII, per document", bytes, || {
        docs.iter().map(|d| scanner.scan(d, &pii).len()).sum()
    });

    // Adversarial inputs: keyword-dense text must not collapse throughput.
    let mut r = Rng::new(99);
    let adversarial: Vec<(&str, String)> = vec![
        ("run of 'A' (zero bytes in base64)", "A".repeat(4 << 20)),
        ("random base64", r.b64(4 << 20)),
        ("'token=' repeated", "token=".repeat((4 << 20) / 6)),
        (
            "'password: x' repeated",
            "password: x ".repeat((4 << 20) / 12),
        ),
        ("'sk-' repeated", "sk-".repeat((4 << 20) / 3)),
        ("digits (PII on)", r.digits(4 << 20)),
    ];
    for (name, text) in &adversarial {
        let o = if name.contains("PII") { pii } else { opts };
        bench(&format!("adversarial: {name}"), text.len(), || {
            scanner.scan(text, &o).len()
        });
    }
}
