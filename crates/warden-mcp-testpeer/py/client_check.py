"""Drive a stdio MCP server with the official Python `mcp` client and print a JSON summary.

Why: Warden's stdio wrap (`warden mcp wrap -- CMD...`) must be invisible to a real client. This
script is that real client: run it against a server directly for the baseline, then against the
same server behind the wrap, and compare the summaries.

Usage:
    python client_check.py [--read-file PATH] [--echo] [--progress] -- CMD [ARGS...]

    --read-file PATH  call read_text_file (or read_file) on PATH and check it returns text
                      (server-filesystem)
    --echo            call `echo` and check the message comes back (server-everything)
    --progress        call `trigger-long-running-operation` with a progress callback and check
                      progress notifications arrive (server-everything)

It always initializes, lists tools, resources and prompts (where the server advertises them).
Exit status 0 only when every step succeeded; the summary on stdout says what was checked.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


class CheckFailed(Exception):
    pass


def text_of(result) -> str:
    return "".join(getattr(c, "text", "") or "" for c in result.content)


async def run(args: argparse.Namespace) -> dict:
    summary: dict = {"command": args.command, "steps": {}}
    steps = summary["steps"]
    params = StdioServerParameters(command=args.command[0], args=args.command[1:])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            t0 = time.monotonic()
            init = await session.initialize()
            steps["initialize"] = {
                "server": init.server_info.name if getattr(init, "server_info", None) else None,
                "protocol_version": getattr(init, "protocol_version", None),
                "ms": round((time.monotonic() - t0) * 1000, 1),
            }
            caps = init.capabilities

            tools = (await session.list_tools()).tools
            names = [t.name for t in tools]
            if not names:
                raise CheckFailed("server lists no tools")
            steps["list_tools"] = {"count": len(names), "names": names}

            if getattr(caps, "resources", None) is not None:
                res = (await session.list_resources()).resources
                steps["list_resources"] = {"count": len(res), "uris": [str(r.uri) for r in res][:10]}
            if getattr(caps, "prompts", None) is not None:
                prompts = (await session.list_prompts()).prompts
                steps["list_prompts"] = {"count": len(prompts), "names": [p.name for p in prompts]}

            if args.read_file:
                tool = next((n for n in ("read_text_file", "read_file") if n in names), None)
                if tool is None:
                    raise CheckFailed(f"no read_text_file/read_file tool among {names}")
                r = await session.call_tool(tool, {"path": args.read_file})
                body = text_of(r)
                if r.is_error or not body:
                    raise CheckFailed(f"{tool} failed: {body!r}")
                steps["read_file"] = {"tool": tool, "chars": len(body), "head": body[:80]}

            if args.echo:
                msg = "warden client_check says hello"
                r = await session.call_tool("echo", {"message": msg})
                body = text_of(r)
                if r.is_error or msg not in body:
                    raise CheckFailed(f"echo did not return the message: {body!r}")
                steps["echo"] = {"text": body}

            if args.progress:
                seen: list[tuple[float, float | None]] = []

                async def on_progress(progress: float, total: float | None, message: str | None) -> None:
                    seen.append((progress, total))

                r = await session.call_tool(
                    "trigger-long-running-operation",
                    {"duration": 1, "steps": 4},
                    progress_callback=on_progress,
                )
                if r.is_error:
                    raise CheckFailed(f"long-running operation failed: {text_of(r)!r}")
                if not seen:
                    raise CheckFailed("no progress notifications arrived")
                steps["progress"] = {"notifications": len(seen), "last": list(seen[-1]), "text": text_of(r)}
    return summary


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--read-file")
    p.add_argument("--echo", action="store_true")
    p.add_argument("--progress", action="store_true")
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args()
    if args.command and args.command[0] == "--":
        args.command = args.command[1:]
    if not args.command:
        p.error("give the server command after --, e.g. -- node server-everything/dist/index.js")
    try:
        summary = asyncio.run(run(args))
    except BaseException as e:  # noqa: BLE001 - report every failure as JSON, including task groups
        print(json.dumps({"ok": False, "command": args.command, "error": f"{type(e).__name__}: {e}"}))
        return 1
    summary["ok"] = True
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
