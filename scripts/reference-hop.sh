#!/usr/bin/env bash
# Measures what a bare reverse proxy (nginx, one worker, keep-alive upstream, no buffering) adds
# on this machine, with the same benchmark clients and upstreams as Warden's proxy benchmarks.
#
# Why: "added latency" is proxy minus direct, and part of it is the second loopback hop and the
# scheduling of a third process on a 2-core machine, which no proxy avoids. Running a proxy that
# does nothing but forward, in the same benchmark, shows how much of Warden's added time is the
# hop itself and how much is Warden's own work.
#
# Usage: scripts/reference-hop.sh llm [llm_bench options]       e.g. --requests 200 --runs 5
#        scripts/reference-hop.sh mcp [mcp_http_bench options]  e.g. --runs 3
# Needs nginx on PATH (Debian: apt-get install nginx-light) and the release examples:
#        cargo build --release -p warden-gateway --example llm_bench --example mcp_http_bench
# In this mode the benchmarks report no CPU time for the proxy (they did not start it).
set -euo pipefail

kind=${1:?usage: reference-hop.sh llm|mcp [bench options]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
case "$kind" in
    llm) bench="$root/target/release/examples/llm_bench" ;;
    mcp) bench="$root/target/release/examples/mcp_http_bench" ;;
    *) echo "reference-hop.sh: unknown benchmark '$kind' (llm or mcp)" >&2; exit 2 ;;
esac
command -v nginx >/dev/null || { echo "reference-hop.sh: nginx is not installed" >&2; exit 2; }
[ -x "$bench" ] || { echo "reference-hop.sh: build $bench first (see the header)" >&2; exit 2; }

work=$(mktemp -d)
feed="$work/feed"
mkfifo "$feed"
cleanup() {
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    exec 3>&- || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# The upstream role runs until its stdin closes; fd 3 holds the fifo open for it.
"$bench" --role upstream <"$feed" >"$work/upstream.out" &
exec 3>"$feed"
for _ in $(seq 50); do
    grep -q '^listening ' "$work/upstream.out" 2>/dev/null && break
    sleep 0.1
done
upstream=$(awk '/^listening /{print $2}' "$work/upstream.out")
[ -n "$upstream" ] || { echo "reference-hop.sh: the upstream did not start" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $work/error.log;
pid $work/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work;
    proxy_temp_path $work;
    upstream up { server $upstream; keepalive 64; }
    server {
        listen 127.0.0.1:$port;
        location /llm/openai/ {
            proxy_pass http://up/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
        }
        location = /mcp/bench {
            proxy_pass http://up/mcp;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
        }
    }
}
CONF
nginx -c "$work/nginx.conf" -e "$work/error.log" &
for _ in $(seq 50); do
    [ -f "$work/nginx.pid" ] && break
    sleep 0.1
done
echo "reference proxy: nginx $(nginx -v 2>&1 | sed 's/.*\///'), 1 worker, on 127.0.0.1:$port -> $upstream"
"$bench" --upstream "$upstream" --gateway "127.0.0.1:$port" "$@"
