use std::hint::black_box;
use std::time::Instant;
use warden_policy::*;
fn main() {
    let req: PolicyRequest = serde_json::from_str::<Fixture>(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/exfil-email-ssh-key.json"
        ))
        .unwrap(),
    )
    .unwrap()
    .request;
    let one =
        PolicyEngine::from_strings([("a.cedar", "permit(principal, action, resource);")]).unwrap();
    let def = default_engine().unwrap();
    let n = 100000;
    for _ in 0..20000 {
        black_box(def.map_only(&req));
    }
    let t = Instant::now();
    for _ in 0..n {
        black_box(def.map_only(&req));
    }
    println!(
        "map only: {:.2} µs",
        t.elapsed().as_nanos() as f64 / n as f64 / 1000.0
    );
    for (name, e) in [("1 policy", &one), ("default", &def)] {
        for _ in 0..20000 {
            black_box(e.decide(&req, Mode::Enforce));
        }
        let t = Instant::now();
        for _ in 0..n {
            black_box(e.decide(&req, Mode::Enforce));
        }
        println!(
            "{name}: {:.2} µs/decision",
            t.elapsed().as_nanos() as f64 / n as f64 / 1000.0
        );
    }
}
