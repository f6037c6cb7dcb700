//! Decision latency: p50/p99 over 100k decisions, with the default policy set and with 100
//! policies (the default set plus generated, realistic ones: host and email-domain blocklists,
//! per-server read permits, per-agent egress bans, per-tool approvals, per-team write permits,
//! approvals for tool-name patterns).
//! Requests are the fixture requests in `tests/fixtures` (a realistic mix of allows, denies and
//! approvals), cycled, and varied per call as real traffic is (see [`vary`]): the session facts
//! change on every call and every call has distinct arguments, paths and URLs. Each request is
//! built outside the timed region; nothing is cached between decisions.
//!
//! Run: `CARGO_TARGET_DIR=/work/main/target/h-policy cargo bench -p warden-policy`
//! Target (DESIGN.md): Cedar decision with 100 policies ≤ 20 µs p99.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use warden_policy::{default_engine, Fixture, Mode, PolicyEngine, PolicyRequest, DEFAULT_POLICIES};

const DECISIONS: usize = 100_000;
const WARMUP: usize = 10_000;

fn requests() -> Vec<PolicyRequest> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("fixture");
            serde_json::from_str::<Fixture>(&text)
                .expect("fixture parses")
                .request
        })
        .collect()
}

/// `n` policies of the kinds a team adds on top of the defaults (round-robin over seven kinds).
/// Some policies of the last kind (tool-name patterns in a disjunction) cannot be skipped by the
/// index: Cedar evaluates them on every tool call.
fn generated_policies(n: usize) -> String {
    let mut kinds: Vec<Vec<String>> = vec![Vec::new(); 7];
    for i in 0..20 {
        kinds[0].push(format!(
            "@id(\"gen.block_host_{i}\")\n@reason(\"paste{i}.example is a paste site\")\n\
             forbid (principal, action, resource)\n\
             when {{ context.call.destinations.hosts.contains(\"paste{i}.example\") }};\n\n"
        ));
    }
    for i in 0..15 {
        kinds[1].push(format!(
            "@id(\"gen.server_reads_{i}\")\n\
             permit (principal, action in Warden::Action::\"mcp_request\", resource in Warden::Server::\"srv{i}\")\n\
             when {{ context.call.effect == Warden::Effect::\"read\" }};\n\n"
        ));
    }
    for i in 0..10 {
        kinds[2].push(format!(
            "@id(\"gen.bot_no_egress_{i}\")\n@reason(\"bot{i} must not send data out\")\n\
             forbid (principal == Warden::Agent::\"spiffe://acme.dev/agent/bot{i}\", action in Warden::Action::\"tool_call\", resource)\n\
             when {{ context.call.effect == Warden::Effect::\"egress\" }};\n\n"
        ));
    }
    for i in 0..10 {
        kinds[3].push(format!(
            "@id(\"gen.bank_tool_approval_{i}\")\n@obligation(\"approval\")\n@reason(\"payments need a human\")\n\
             forbid (principal, action, resource == Warden::Tool::\"mcp__bank__tool{i}\")\n\
             when {{ context.call.flags.contains(Warden::Flag::\"side_effect\") }};\n\n"
        ));
    }
    for i in 0..10 {
        kinds[4].push(format!(
            "@id(\"gen.team_writes_{i}\")\n\
             permit (principal, action in Warden::Action::\"tool_call\", resource)\n\
             when {{ principal has owner && principal.owner == \"team{i}\" && \
             context.call.effect == Warden::Effect::\"write\" && context.task.declared }};\n\n"
        ));
    }
    for i in 0..10 {
        kinds[5].push(format!(
            "@id(\"gen.competitor_mail_{i}\")\n@reason(\"no mail to competitor{i}\")\n\
             forbid (principal, action, resource)\n\
             when {{ context.call.destinations.email_domains.contains(\"competitor{i}.example\") && \
             context.call.flags.contains(Warden::Flag::\"egress\") }};\n\n"
        ));
    }
    // Tool-name patterns needing approval: half with one pattern, half with two patterns in a
    // disjunction (which the index cannot test, so Cedar evaluates those on every tool call).
    let patterns = [
        "*delete_repo*",
        "*drop_table*",
        "*force_push*",
        "*truncate*",
        "*wire_transfer*",
        "*rotate_key*",
        "*deploy_prod*",
        "*purge*",
        "*revoke*",
        "*terminate_instance*",
        "*grant_admin*",
        "*disable_mfa*",
    ];
    for (i, pattern) in patterns.iter().enumerate() {
        let test = if i % 2 == 0 {
            format!("resource.name like \"{pattern}\"")
        } else {
            let other = patterns[(i + 5) % patterns.len()];
            format!("(resource.name like \"{pattern}\" || resource.name like \"{other}\")")
        };
        kinds[6].push(format!(
            "@id(\"gen.risky_tool_{i}\")\n@obligation(\"approval\")\n@reason(\"tools like {pattern} need a human\")\n\
             forbid (principal, action in Warden::Action::\"tool_call\", resource)\n\
             when {{ {test} && context.call.effect != Warden::Effect::\"read\" }};\n\n"
        ));
    }
    let mut out = String::new();
    let mut taken = 0;
    for round in 0.. {
        if taken == n || kinds.iter().all(|k| k.len() <= round) {
            break;
        }
        for k in &kinds {
            if taken < n {
                if let Some(p) = k.get(round) {
                    out += p;
                    taken += 1;
                }
            }
        }
    }
    out
}

/// Call `i` of a session: the fixture's facts, with what changes from call to call in a real
/// session (call counter, occasional denies and pending approvals, untrusted content read now and
/// then) and distinct arguments (an argument counter, per-call paths and URLs).
fn vary(base: &PolicyRequest, i: usize) -> PolicyRequest {
    let mut req = base.clone();
    let n = u32::try_from(i).unwrap_or(u32::MAX);
    let s = req.session_mut();
    s.calls = s.calls.saturating_add(n % 500);
    s.denies = s.denies.saturating_add(u32::from(n % 97 == 0));
    s.approvals_pending = s.approvals_pending.saturating_add(n % 5 / 4);
    s.read_untrusted_instructions |= n % 61 == 0;
    let call = req.call_mut();
    call.arguments = serde_json::json!({ "call": i, "input": format!("arg-{i}") });
    let d = &mut call.destinations;
    for p in &mut d.paths {
        p.push_str(&format!(".{i}"));
    }
    for u in &mut d.urls {
        u.push_str(&format!("?n={i}"));
    }
    req
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx].as_nanos() as f64 / 1000.0
}

fn run(label: &str, engine: &PolicyEngine, reqs: &[PolicyRequest]) -> f64 {
    for i in 0..WARMUP {
        black_box(engine.decide(&vary(&reqs[i % reqs.len()], i), Mode::Enforce));
    }
    let mut samples = Vec::with_capacity(DECISIONS);
    let mut busy = Duration::ZERO;
    for i in 0..DECISIONS {
        let req = vary(&reqs[i % reqs.len()], WARMUP + i);
        let t = Instant::now();
        let d = engine.decide(&req, Mode::Enforce);
        let took = t.elapsed();
        samples.push(took);
        busy += took;
        black_box(d);
    }
    samples.sort();
    let p99 = percentile(&samples, 0.99);
    println!(
        "{label:<28} policies={:<4} n={DECISIONS}  p50={:>6.1} µs  p90={:>6.1} µs  p99={:>6.1} µs  p99.9={:>6.1} µs  max={:>7.1} µs  ({:.0} decisions/s on one core)",
        engine.policies().len(),
        percentile(&samples, 0.50),
        percentile(&samples, 0.90),
        p99,
        percentile(&samples, 0.999),
        samples.last().map(|d| d.as_nanos() as f64 / 1000.0).unwrap_or(0.0),
        DECISIONS as f64 / busy.as_secs_f64(),
    );
    p99
}

fn main() {
    // `cargo test --benches` runs this too; keep that quick.
    if std::env::args().any(|a| a == "--test") {
        return;
    }
    let reqs = requests();
    println!(
        "warden-policy decide(): {} distinct requests from tests/fixtures, enforce mode",
        reqs.len()
    );
    let default = default_engine().expect("default set");
    run("default set", &default, &reqs);

    let generated = generated_policies(100 - default.policies().len());
    let mut files: Vec<(&str, &str)> = DEFAULT_POLICIES.to_vec();
    files.push(("90-generated.cedar", &generated));
    let hundred = PolicyEngine::from_strings(files).expect("100-policy set");
    assert_eq!(
        hundred.policies().len(),
        100,
        "expected exactly 100 policies"
    );
    let p99 = run("default + generated", &hundred, &reqs);
    println!(
        "target: ≤ 20 µs p99 with 100 policies: {}",
        if p99 <= 20.0 { "met" } else { "NOT met" }
    );
}
