#!/usr/bin/env bash
# The whole test suite. Usage: scripts/test.sh [extra cargo test args]
# Tests that need outside peers (MCP servers, client libraries, a browser) install them from
# here into target/peers/ before running.
set -euo pipefail
cd "$(dirname "$0")/.."
# The clock-step test (crates/warden/tests/clock.rs) needs libfaketime; the disk-full test
# (faults.rs) mounts a tmpfs. Both need root, as CI has here.
if [ ! -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] && command -v apt-get >/dev/null; then
    (apt-get install -y faketime >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y faketime >/dev/null 2>&1; }) \
        || echo "warning: could not install faketime; the clock-step test will fail" >&2
fi
# Dependency audit (licenses, bans, sources; advisories when the database is reachable).
scripts/deny.sh
cargo test --workspace "$@"
