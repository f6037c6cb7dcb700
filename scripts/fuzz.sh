#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Runs every cargo-fuzz target (fuzz/, libFuzzer with AddressSanitizer), or the TARGETs named,
# for SECONDS each (default 60), seeded with its committed corpus fuzz/corpus/<target>, then
# merges into that corpus the inputs that reached code it did not: a set-cover merge on edges
# alone (no hit-count buckets or comparison features), so the hand-written seeds stay and the
# corpus grows by a few hundred small files rather than thousands. Prints executions and
# findings per target; exits non-zero if any target crashed (the input is under
# fuzz/artifacts/<target>/; add it to the corpus with the fix so both runners replay it).
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`). Not part of
# CI (scripts/test.sh runs the same targets on stable: `cargo test -p warden-fuzz`). The build
# lives in fuzz/target, apart from the workspace's target/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs="${1:-60}"
shift || true
toolchain="${WARDEN_FUZZ_TOOLCHAIN:-nightly}"
if ! cargo "+$toolchain" fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: needs cargo-fuzz on the $toolchain toolchain: rustup toolchain install $toolchain; cargo install cargo-fuzz --locked" >&2
    exit 2
fi
cargo "+$toolchain" fuzz build
scratch="target/fuzz-scratch"
failed=()
summary=()
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    mapfile -t targets < <(cargo "+$toolchain" fuzz list)
fi
for target in "${targets[@]}"; do
    corpus="corpus/$target"
    rm -rf "${scratch:?}/$target"
    mkdir -p "$scratch/$target" "artifacts/$target"
    log="$scratch/$target.log"
    before=$(find "$corpus" -type f | wc -l)
    # New inputs go to the scratch directory (the first one); the committed corpus seeds it.
    if cargo "+$toolchain" fuzz run "$target" "$scratch/$target" "$corpus" -- \
        -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1; then
        cargo "+$toolchain" fuzz run "$target" "$corpus" "$scratch/$target" -- \
            -set_cover_merge=1 -use_counters=0 -use_cmp=0 >"$scratch/$target.merge.log" 2>&1
        outcome="no crash"
    else
        outcome="CRASH: $(grep -m1 -E 'panicked at|ERROR: (AddressSanitizer|libFuzzer)' "$log" || echo 'see log')"
        failed+=("$target")
    fi
    runs=$(grep -m1 -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || echo '?')
    after=$(find "$corpus" -type f | wc -l)
    summary+=("$(printf '%-18s %12s execs in %ss, coverage %6s, corpus %4s -> %4s, %s' \
        "$target" "$runs" "$secs" "$cov" "$before" "$after" "$outcome")")
done
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz.sh: crashes in ${failed[*]}; inputs under fuzz/artifacts/, logs under fuzz/$scratch/" >&2
    exit 1
fi
