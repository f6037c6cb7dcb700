#!/usr/bin/env bash
# The whole test suite. Usage: scripts/test.sh [extra cargo test args]
# Tests that need outside peers (MCP servers, client libraries, a browser) install them from
# here into target/peers/ before running.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace "$@"
