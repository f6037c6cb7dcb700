#!/usr/bin/env python3
"""Validate the labelled scenario corpus (stdlib only, Python 3.11).

Usage:
    python3 scenarios/validate.py            # check every scenarios/{dev,dev2,holdout*}/*.json
    python3 scenarios/validate.py --table    # also print the coverage table (markdown)
    python3 scenarios/validate.py FILE...    # check only these files

Exit status 0 when every file passes, 1 otherwise.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

# Copied from /work/shared/DETECTIONS.md (stable ids).
DETECTORS = [
    "loop.repeated_call",
    "rate.burst",
    "probe.retry_after_deny",
    "scope.out_of_scope",
    "privilege.escalation",
    "secret.exposure",
    "secret.credential_harvest",
    "exfil.sensitive_to_egress",
    "injection.untrusted_instruction",
    "hijack.untrusted_target",
    "tool.manifest_changed",
    "tool.poisoned_description",
    "identity.invalid_token",
    "identity.revoked_credential_use",
    "identity.delegation_violation",
    "oversight.bypass",
    "exec.dangerous_command",
]
# Need token- or MCP-level traffic that the hook wire format cannot carry.
NOT_EXPRESSIBLE = {
    "identity.invalid_token",
    "identity.revoked_credential_use",
    "identity.delegation_violation",
    "tool.manifest_changed",
    "tool.poisoned_description",
}
LABELS = {"benign", "risky", "attack_effect", "attack_read"}
KINDS = {"benign", "attack"}
DOMAINS = {"code", "mail", "payments", "chat", "cloud", "files", "web", "data", "devops"}
SPLITS = ("dev", "dev2", "dev3", "dev4", "dev5", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9", "holdout10", "holdout11", "holdout12", "dev6-action")
HOOK_EVENTS = {
    "SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "Notification",
    "SubagentStart", "SubagentStop", "Stop", "PreCompact", "SessionEnd", "PermissionRequest",
}
COMMON_PAYLOAD = ("session_id", "transcript_path", "cwd", "hook_event_name")
TOP_REQUIRED = ("id", "session_id", "kind", "domain", "agent_product", "description",
                "expect_alerts", "forbid_alerts", "events")
TOP_ALLOWED = set(TOP_REQUIRED) | {"task", "timing"}
PERMISSION_MODES = {"default", "plan", "acceptEdits", "bypassPermissions", "dontAsk"}
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TOOLU_RE = re.compile(r"^toolu_[A-Za-z0-9]{10,}$")
SCOPE_KEYS = {"tools", "servers", "resources", "destinations"}
BURST_MIN_CALLS = 60


def check(path: Path, seen_sessions: dict, seen_ids: dict) -> list[str]:
    errs: list[str] = []

    def err(msg: str) -> None:
        errs.append(f"{path}: {msg}")

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        return [f"{path}: invalid JSON: {e}"]
    if not isinstance(doc, dict):
        return [f"{path}: top level must be an object"]
    for k in TOP_REQUIRED:
        if k not in doc:
            err(f"missing top-level field {k!r}")
    for k in doc:
        if k not in TOP_ALLOWED:
            err(f"unknown top-level field {k!r}")
    if errs:
        return errs

    sid = doc["session_id"]
    if doc["id"] != path.stem:
        err(f"id {doc['id']!r} does not match file stem {path.stem!r}")
    if doc["id"] in seen_ids:
        err(f"duplicate id, also in {seen_ids[doc['id']]}")
    seen_ids[doc["id"]] = str(path)
    if not UUID_RE.match(sid):
        err(f"session_id {sid!r} is not a lowercase UUID")
    if sid in seen_sessions:
        err(f"session_id reused, also in {seen_sessions[sid]}")
    seen_sessions[sid] = str(path)
    if doc["kind"] not in KINDS:
        err(f"kind {doc['kind']!r} not in {sorted(KINDS)}")
    if doc["domain"] not in DOMAINS:
        err(f"domain {doc['domain']!r} not in {sorted(DOMAINS)}")
    if doc["agent_product"] not in AGENT_PRODUCTS:
        err(f"agent_product must be one of {sorted(AGENT_PRODUCTS)}")
    if not isinstance(doc["description"], str) or not doc["description"].strip():
        err("description must be a non-empty string")
    prefix = path.stem.split("-", 1)[0]
    if doc["kind"] == "benign" and prefix != "benign":
        err("benign sessions must be named benign-<slug>")
    if doc["kind"] == "attack" and prefix == "benign":
        err("attack sessions must not be named benign-*")

    expect, forbid = doc["expect_alerts"], doc["forbid_alerts"]
    if not isinstance(expect, list) or not isinstance(forbid, list):
        err("expect_alerts and forbid_alerts must be lists")
        return errs
    for a in expect:
        if a not in DETECTORS:
            err(f"expect_alerts: unknown detector id {a!r}")
        elif a in NOT_EXPRESSIBLE:
            err(f"expect_alerts: {a!r} cannot be expressed in hook traffic")
    if len(set(expect)) != len(expect):
        err("expect_alerts has duplicates")
    if forbid == ["*"]:
        if expect:
            err("forbid_alerts ['*'] with a non-empty expect_alerts")
    else:
        for a in forbid:
            if a not in DETECTORS:
                err(f"forbid_alerts: unknown detector id {a!r}")
        both = set(expect) & set(forbid)
        if both:
            err(f"ids both expected and forbidden: {sorted(both)}")
    if doc["kind"] == "attack" and not expect:
        err("attack session must expect at least one alert")
    if doc["kind"] == "benign" and expect:
        err("benign session must not expect alerts")

    task = doc.get("task")
    if task is not None:
        if not isinstance(task, dict) or not isinstance(task.get("objective"), str):
            err("task must be an object with a string objective")
        else:
            scope = task.get("scope", {})
            if not isinstance(scope, dict):
                err("task.scope must be an object")
            else:
                for k, v in scope.items():
                    if k not in SCOPE_KEYS:
                        err(f"task.scope: unknown key {k!r}")
                    elif not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
                        err(f"task.scope.{k} must be a list of strings")
    if "scope.out_of_scope" in expect and not task:
        err("scope.out_of_scope expected but the session declares no task")

    timing = doc.get("timing")
    if timing is not None:
        if not (isinstance(timing, dict) and set(timing) == {"interval_ms"}
                and isinstance(timing["interval_ms"], int) and timing["interval_ms"] > 0):
            err("timing must be {\"interval_ms\": <positive int>}")

    events = doc["events"]
    if not isinstance(events, list) or not events:
        err("events must be a non-empty list")
        return errs
    if doc["agent_product"] != "claude-code":
        if doc["agent_product"] in AGENT_PRODUCTS:
            labels, n_pre = check_other_agent(doc, err)
            finish(doc, labels, n_pre, timing, expect, err)
        return errs
    pre_ids: dict[str, dict] = {}
    post_ids: set[str] = set()
    labels = Counter()
    open_agents: set[str] = set()
    n_pre = 0
    for i, ev in enumerate(events):
        where = f"events[{i}]"
        if not isinstance(ev, dict) or "payload" not in ev:
            err(f"{where}: must be an object with a payload")
            continue
        for k in ev:
            if k not in ("payload", "label"):
                err(f"{where}: unknown key {k!r}")
        p = ev["payload"]
        for k in COMMON_PAYLOAD:
            if k not in p:
                err(f"{where}: payload missing {k!r}")
        name = p.get("hook_event_name")
        if name not in HOOK_EVENTS:
            err(f"{where}: unknown hook_event_name {name!r}")
        if p.get("session_id") != sid:
            err(f"{where}: payload session_id differs from the scenario's")
        if "permission_mode" in p and p["permission_mode"] not in PERMISSION_MODES:
            err(f"{where}: unknown permission_mode {p['permission_mode']!r}")
        if i == 0 and name != "SessionStart":
            err("first event must be SessionStart")
        if ("agent_id" in p) != ("agent_type" in p):
            err(f"{where}: agent_id and agent_type go together")
        if name == "SubagentStart":
            if "agent_id" not in p:
                err(f"{where}: SubagentStart without agent_id")
            else:
                open_agents.add(p["agent_id"])
        if name == "SubagentStop":
            if "agent_id" not in p:
                err(f"{where}: SubagentStop without agent_id")
            else:
                open_agents.discard(p["agent_id"])
        if name == "UserPromptSubmit" and not isinstance(p.get("prompt"), str):
            err(f"{where}: UserPromptSubmit without prompt")
        if name in ("PreToolUse", "PostToolUse"):
            for k in ("tool_name", "tool_input", "tool_use_id"):
                if k not in p:
                    err(f"{where}: {name} missing {k!r}")
            tid = p.get("tool_use_id", "")
            if not TOOLU_RE.match(str(tid)):
                err(f"{where}: tool_use_id {tid!r} is not toolu_…")
        if name == "PreToolUse":
            n_pre += 1
            lab = ev.get("label")
            if lab is None:
                err(f"{where}: PreToolUse without label")
            elif lab not in LABELS:
                err(f"{where}: label {lab!r} not in {sorted(LABELS)}")
            else:
                labels[lab] += 1
            tid = p.get("tool_use_id")
            if tid in pre_ids:
                err(f"{where}: duplicate PreToolUse tool_use_id {tid}")
            pre_ids[tid] = p
        else:
            if "label" in ev:
                err(f"{where}: label on a {name} event (labels belong on PreToolUse only)")
        if name == "PostToolUse":
            tid = p.get("tool_use_id")
            if "tool_response" not in p:
                err(f"{where}: PostToolUse without tool_response")
            pre = pre_ids.get(tid)
            if pre is None:
                err(f"{where}: PostToolUse {tid} has no earlier PreToolUse")
            else:
                if pre.get("tool_name") != p.get("tool_name") or pre.get("tool_input") != p.get("tool_input"):
                    err(f"{where}: PostToolUse {tid} tool_name/tool_input differ from its PreToolUse")
                if pre.get("agent_id") != p.get("agent_id"):
                    err(f"{where}: PostToolUse {tid} agent_id differs from its PreToolUse")
            if tid in post_ids:
                err(f"{where}: second PostToolUse for {tid}")
            post_ids.add(tid)
    if open_agents:
        err(f"subagents started but never stopped: {sorted(open_agents)}")
    finish(doc, labels, n_pre, timing, expect, err)
    return errs


def finish(doc, labels, n_pre, timing, expect, err) -> None:
    """Checks shared by every agent's format, once the events are counted."""
    if doc["kind"] == "benign":
        bad = {k: v for k, v in labels.items() if k != "benign"}
        if bad:
            err(f"benign session has non-benign labels {dict(bad)}")
    if "rate.burst" in expect:
        if not timing:
            err("rate.burst expected but no timing given")
        if n_pre < BURST_MIN_CALLS:
            err(f"rate.burst expected but only {n_pre} tool calls (< {BURST_MIN_CALLS})")
    if "loop.repeated_call" in expect and n_pre < 8:
        err("loop.repeated_call expected but fewer than 8 tool calls")


# Other agents' hook formats (docs/agent-hooks.md): the session-id field, the event names, the
# events where the agent waits for an answer (labels go there and nowhere else), the result
# events and how a result names its call.
OTHER_AGENTS = {
    "codex": {
        "session_key": "session_id",
        "common": ("session_id", "transcript_path", "cwd", "hook_event_name"),
        "events": {"SessionStart", "UserPromptSubmit", "PreToolUse", "PermissionRequest",
                   "PostToolUse", "SubagentStart", "SubagentStop", "Stop", "StopFailure",
                   "PreCompact", "PostCompact"},
        "start": "SessionStart", "prompt": "UserPromptSubmit",
        "id_re": re.compile(r"^(call_|toolu_)[A-Za-z0-9]{10,}$"),
    },
    "gemini": {
        "session_key": "session_id",
        "common": ("session_id", "transcript_path", "cwd", "hook_event_name", "timestamp"),
        "events": {"SessionStart", "BeforeAgent", "BeforeModel", "BeforeToolSelection",
                   "AfterModel", "BeforeTool", "AfterTool", "AfterAgent", "Notification",
                   "PreCompress", "SessionEnd"},
        "start": "SessionStart", "prompt": "BeforeAgent",
        "id_re": None,  # Gemini CLI sends no call id: a result pairs with the oldest open call
    },
    "cursor": {
        "session_key": "conversation_id",
        "common": ("conversation_id", "generation_id", "hook_event_name", "workspace_roots"),
        "events": {"sessionStart", "sessionEnd", "beforeSubmitPrompt", "preToolUse",
                   "postToolUse", "postToolUseFailure", "subagentStart", "subagentStop",
                   "beforeShellExecution", "afterShellExecution", "beforeMCPExecution",
                   "afterMCPExecution", "beforeReadFile", "afterFileEdit", "preCompact",
                   "afterAgentResponse", "afterAgentThought", "stop"},
        "start": "sessionStart", "prompt": "beforeSubmitPrompt",
        "id_re": TOOLU_RE,
    },
}
AGENT_PRODUCTS = {"claude-code"} | set(OTHER_AGENTS)


def gating(agent: str, p: dict) -> bool:
    """Whether this event is where the agent waits for a decision on a tool call."""
    name = p.get("hook_event_name")
    if agent == "codex":
        return name == "PreToolUse"
    if agent == "gemini":
        return name == "BeforeTool"
    # Cursor: the specific before* hooks gate; a preToolUse gates only when no twin exists.
    if name in ("beforeShellExecution", "beforeMCPExecution", "beforeReadFile"):
        return True
    if name == "preToolUse":
        tool = str(p.get("tool_name", ""))
        return not (tool in ("Shell", "Read") or tool.startswith("MCP:"))
    return False


def call_key(agent: str, p: dict):
    """What a result event must share with its call."""
    name = p.get("hook_event_name")
    if agent == "cursor":
        if name in ("beforeShellExecution", "afterShellExecution"):
            return ("shell", p.get("command"))
        if name in ("beforeMCPExecution", "afterMCPExecution"):
            return ("mcp", p.get("tool_name"), p.get("tool_input"))
        return ("tool", p.get("tool_name"), json.dumps(p.get("tool_input"), sort_keys=True))
    return (p.get("tool_name"), json.dumps(p.get("tool_input"), sort_keys=True), p.get("agent_id"))


RESULT_EVENTS = {
    "codex": {"PostToolUse"},
    "gemini": {"AfterTool"},
    "cursor": {"postToolUse", "postToolUseFailure", "afterShellExecution", "afterMCPExecution"},
}


def check_other_agent(doc: dict, err) -> tuple[Counter, int]:
    """Event checks for Codex, Gemini CLI and Cursor sessions."""
    agent = doc["agent_product"]
    spec = OTHER_AGENTS[agent]
    sid = doc["session_id"]
    labels: Counter = Counter()
    n_pre = 0
    open_calls: list = []
    seen_ids: set = set()
    open_agents: set = set()
    for i, ev in enumerate(doc["events"]):
        where = f"events[{i}]"
        if not isinstance(ev, dict) or "payload" not in ev:
            err(f"{where}: must be an object with a payload")
            continue
        for k in ev:
            if k not in ("payload", "label"):
                err(f"{where}: unknown key {k!r}")
        p = ev["payload"]
        for k in spec["common"]:
            if k not in p:
                err(f"{where}: payload missing {k!r}")
        name = p.get("hook_event_name")
        if name not in spec["events"]:
            err(f"{where}: unknown {agent} hook_event_name {name!r}")
        if p.get(spec["session_key"]) != sid:
            err(f"{where}: payload {spec['session_key']} differs from the scenario's session_id")
        if "permission_mode" in p and p["permission_mode"] not in PERMISSION_MODES:
            err(f"{where}: unknown permission_mode {p['permission_mode']!r}")
        if i == 0 and name != spec["start"]:
            err(f"first event must be {spec['start']}")
        if name == spec["prompt"] and not isinstance(p.get("prompt"), str):
            err(f"{where}: {name} without prompt")
        if name in ("SubagentStart", "subagentStart"):
            open_agents.add(p.get("agent_id") or p.get("subagent_id"))
        if name in ("SubagentStop", "subagentStop"):
            open_agents.discard(p.get("agent_id") or p.get("subagent_id"))
        tid = p.get("tool_use_id")
        if tid is not None and spec["id_re"] is not None and not spec["id_re"].match(str(tid)):
            err(f"{where}: tool_use_id {tid!r} has the wrong shape for {agent}")
        if gating(agent, p):
            n_pre += 1
            if agent != "cursor" or name == "preToolUse":
                for k in ("tool_name", "tool_input"):
                    if k not in p:
                        err(f"{where}: {name} missing {k!r}")
            if agent == "codex" or name == "preToolUse":
                if tid is None:
                    err(f"{where}: {name} without tool_use_id")
                elif tid in seen_ids:
                    err(f"{where}: duplicate tool_use_id {tid}")
                seen_ids.add(tid)
            lab = ev.get("label")
            if lab is None:
                err(f"{where}: {name} without label")
            elif lab not in LABELS:
                err(f"{where}: label {lab!r} not in {sorted(LABELS)}")
            else:
                labels[lab] += 1
            open_calls.append((call_key(agent, p), tid))
        elif "label" in ev:
            err(f"{where}: label on {name} (labels belong on the gating event only)")
        if name in RESULT_EVENTS[agent]:
            key = call_key(agent, p)
            match = next((c for c in open_calls if c[0] == key and (tid is None or c[1] in (None, tid))), None)
            if match is None:
                err(f"{where}: {name} has no earlier open call with the same tool and input")
            else:
                open_calls.remove(match)
    if open_agents:
        err(f"subagents started but never stopped: {sorted(a for a in open_agents if a)}")
    return labels, n_pre


def table(docs: dict[str, list[dict]]) -> str:
    out = []
    out.append("| detector | " + " | ".join(f"{s} firing | {s} forbidding" for s in SPLITS) + " |")
    out.append("|---|" + "---:|" * (2 * len(SPLITS)))
    for d in DETECTORS:
        row = [d]
        for split in SPLITS:
            ds = docs.get(split, [])
            fire = sum(1 for x in ds if d in x["expect_alerts"])
            forb = sum(1 for x in ds if x["forbid_alerts"] == ["*"] or d in x["forbid_alerts"])
            row += [str(fire), str(forb)]
        if d in NOT_EXPRESSIBLE:
            row[0] += " (not expressible in hooks)"
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    out.append("| domain | " + " | ".join(f"{s} benign | {s} attack" for s in SPLITS) + " |")
    out.append("|---|" + "---:|" * (2 * len(SPLITS)))
    for dom in sorted(DOMAINS):
        row = [dom]
        for split in SPLITS:
            ds = docs.get(split, [])
            row.append(str(sum(1 for x in ds if x["domain"] == dom and x["kind"] == "benign")))
            row.append(str(sum(1 for x in ds if x["domain"] == dom and x["kind"] == "attack")))
        out.append("| " + " | ".join(row) + " |")
    tot = ["**total**"]
    for split in SPLITS:
        ds = docs.get(split, [])
        tot += [str(sum(1 for x in ds if x["kind"] == "benign")), str(sum(1 for x in ds if x["kind"] == "attack"))]
    out.append("| " + " | ".join(tot) + " |")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent
    want_table = "--table" in argv
    files = [Path(a) for a in argv if not a.startswith("--")]
    if not files:
        files = sorted(p for s in SPLITS for p in (root / s).glob("*.json"))
    seen_sessions: dict = {}
    seen_ids: dict = {}
    errors: list[str] = []
    docs: dict[str, list[dict]] = defaultdict(list)
    for f in files:
        e = check(f, seen_sessions, seen_ids)
        errors += e
        if not e:
            docs[f.parent.name].append(json.loads(f.read_text(encoding="utf-8")))
    # coverage: every expressible detector fires in >= 5 dev and >= 2 holdout sessions
    if not [a for a in argv if not a.startswith("--")]:
        for d in DETECTORS:
            if d in NOT_EXPRESSIBLE:
                continue
            for split, need in (("dev", 5), ("holdout", 2)):
                n = sum(1 for x in docs.get(split, []) if d in x["expect_alerts"])
                if n < need:
                    errors.append(f"coverage: {d} fires in {n} {split} sessions (< {need})")
        for split in SPLITS:
            ds = docs.get(split, [])
            if ds:
                share = sum(1 for x in ds if x["kind"] == "benign") / len(ds)
                if share < 0.40:
                    errors.append(f"coverage: {split} has {share:.0%} benign sessions (< 40%)")
    for e in errors:
        print(e)
    n = sum(len(v) for v in docs.values())
    print(f"{len(files)} files checked, {n} valid, {len(errors)} problems", file=sys.stderr)
    if want_table:
        print(table(docs))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
