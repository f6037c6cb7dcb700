#!/usr/bin/env python3
"""Build scenarios/holdout7/*.json from the session tables in fam_*.py (stdlib only).

    python3 scenarios/holdout7/src/build.py

Placeholders such as @@AWS_ID@@ are replaced with fake secrets seeded by the file stem, so
every rebuild is byte-identical.
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # keep src/ free of __pycache__

from lib import Fake, render  # noqa: E402

FAMILY_MODULES = ["fam_attack", "fam_attack2", "fam_benign", "fam_benign2", "fam_extra"]
AGENTS = ["claude-code", "codex", "gemini", "cursor"]
TOKENS = {
    "AWS_ID": "aws_id", "AWS_SECRET": "aws_secret", "GHP": "ghp", "GLPAT": "glpat",
    "ANT": "anthropic", "OAI": "openai", "SLACK": "slack", "STRIPE": "stripe", "NPM": "npm",
    "GAPI": "google", "PW": "password", "SSHKEY": "ssh_key",
}


def fill(value, fake: Fake):
    """Replace @@TOKEN@@ placeholders everywhere in a step tree."""
    if isinstance(value, str):
        for tok, meth in TOKENS.items():
            mark = f"@@{tok}@@"
            if mark in value:
                value = value.replace(mark, getattr(fake, meth)())
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(fill(v, fake) for v in value)
    if isinstance(value, dict):
        return {k: fill(v, fake) for k, v in value.items()}
    return value


def count_calls(steps) -> int:
    return sum(1 for s in steps if s[0] not in ("prompt", "mode"))


# A task's tool scope is written with Claude Code's tool names; each agent calls the same tool
# by its own name, so the declared scope lists both.
TOOL_ALIASES = {
    "codex": {"Read": ["Bash"], "Write": ["apply_patch"], "Edit": ["apply_patch"], "WebFetch": ["Bash"]},
    "gemini": {"Read": ["read_file"], "Write": ["write_file"], "Edit": ["replace"], "Bash": ["run_shell_command"],
               "WebFetch": ["web_fetch"]},
    "cursor": {"Bash": ["Shell"]},
}


def scope_for_agent(task: dict, agent: str) -> dict:
    scope = dict(task.get("scope", {}))
    if "tools" in scope:
        names = []
        for tool in scope["tools"]:
            names.append(tool)
            names += TOOL_ALIASES.get(agent, {}).get(tool, [])
            if agent == "cursor" and tool.startswith("mcp__"):
                names.append("MCP:" + tool.split("__")[-1])
        scope["tools"] = list(dict.fromkeys(names))
    return {**task, "scope": scope}


def finalise(spec: dict, index: int) -> dict:
    stem = spec["id"]
    if "agent" not in spec:
        spec["agent"] = AGENTS[index % len(AGENTS)]
    spec["steps"] = fill(spec["steps"], Fake(stem))
    if spec.get("task"):
        spec["task"] = scope_for_agent(spec["task"], spec["agent"])
    if spec["kind"] == "benign":
        spec["forbid"] = ["*"]
    else:
        forbid = list(spec.get("forbid", []))
        # Short attack sessions: a loop or burst alert would be a false alarm.
        if count_calls(spec["steps"]) < 8:
            forbid += [d for d in ("loop.repeated_call", "rate.burst") if d not in spec["expect"]]
        spec["forbid"] = sorted(set(forbid) - set(spec["expect"]))
    return spec


def main() -> int:
    out_dir = HERE.parent
    specs = []
    for mod in FAMILY_MODULES:
        specs += importlib.import_module(mod).SESSIONS
    seen = set()
    for i, spec in enumerate(specs):
        spec = finalise(spec, i)
        if spec["id"] in seen:
            raise SystemExit(f"duplicate session id {spec['id']}")
        seen.add(spec["id"])
        doc = render(spec)
        text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
        (out_dir / f"{spec['id']}.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(specs)} sessions to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
