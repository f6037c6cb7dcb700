//! The bounded fuzz run CI does: for every target, each committed corpus file under
//! `fuzz/corpus/<target>/`, then mutations of them for `WARDEN_FUZZ_SECS` seconds (default 3).
//! A panicking input is written to `target/fuzz-failures/` (replay it with
//! `cargo fuzz run <target> <file>` or by adding it to the corpus) and fails the test.
//! `WARDEN_FUZZ_SEED` picks the mutation seed (default: fixed, so a run reproduces).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use warden_fuzz::mutate::{mutate, Rng};
use warden_fuzz::TARGETS;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (every target keeps a corpus)", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read corpus file");
            (p, bytes)
        })
        .collect()
}

fn save_failure(target: &str, input: &[u8]) -> PathBuf {
    let dir = root().join("target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    let path = dir.join(format!("{target}-{hash:016x}"));
    let _ = std::fs::write(&path, input);
    path
}

fn run_one(target: &str, f: fn(&[u8]), input: &[u8]) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| f(input))).map_err(|p| {
        let why = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!(
            "{target}: {why} (input saved to {})",
            save_failure(target, input).display()
        )
    })
}

#[test]
fn every_target_survives_its_corpus_and_bounded_mutation() {
    let secs: u64 = std::env::var("WARDEN_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed: u64 = std::env::var("WARDEN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_3a5e);
    // Panics are caught and reported with their input; keep the default hook quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    for (name, target) in TARGETS {
        let seeds = corpus(name);
        assert!(
            seeds.len() >= 3,
            "{name}: the corpus needs at least 3 files"
        );
        for (path, bytes) in &seeds {
            if let Err(e) = run_one(name, *target, bytes) {
                failures.push(format!("{e} [corpus {}]", path.display()));
            }
        }
        let mut rng = Rng::new(seed ^ name.len() as u64);
        let deadline = Instant::now() + Duration::from_secs(secs);
        let mut runs = 0u64;
        while Instant::now() < deadline && failures.len() < 10 {
            let a = &seeds[rng.below(seeds.len())].1;
            let b = &seeds[rng.below(seeds.len())].1;
            let input = mutate(&mut rng, a, b);
            if let Err(e) = run_one(name, *target, &input) {
                failures.push(e);
            }
            runs += 1;
        }
        println!(
            "{name}: {} corpus files, {runs} mutated inputs in {secs} s",
            seeds.len()
        );
    }
    let _ = std::panic::take_hook();
    assert!(
        failures.is_empty(),
        "fuzz failures:\n{}",
        failures.join("\n")
    );
}
