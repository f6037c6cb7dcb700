"""Agent-neutral session vocabulary and one emitter per agent hook wire format.

A session is a list of steps (prompt, shell, read, write, edit, fetch, search, MCP call,
subagent, permission-mode change). `emit` turns it into the hook payloads one agent sends.
Everything random (UUIDs, call ids, timestamps, fake secrets) is derived from the file stem so
a rebuild is byte-identical.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timedelta, timezone

AGENTS = ("claude-code", "codex", "gemini", "cursor")


def digest(stem: str, salt: str = "") -> str:
    return hashlib.sha256(f"{stem}|{salt}".encode()).hexdigest()


def fake(stem: str, kind: str, n: int = 0) -> str:
    """A fake secret in the shape scanners look for, stable per (stem, kind, n)."""
    h = digest(stem, f"{kind}{n}")
    b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    alnum = "".join(b62[int(h[i:i + 2], 16) % 62] for i in range(0, 64, 2))
    alnum = alnum + "".join(b62[int(c, 16) * 3 % 62] for c in h)
    up = "".join(c for c in alnum.upper() if c.isalnum())
    shapes = {
        "aws": "AKIA" + "".join(c for c in up if c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")[:16],
        "awssecret": alnum[:40],
        "ghp": "ghp_" + alnum[:36],
        "gho": "gho_" + alnum[2:38],
        "ant": "sk-ant-api03-" + alnum[:60] + "-" + alnum[60:66] + "AA",
        "openai": "sk-proj-" + alnum[:48],
        "slack": "xoxb-" + str(int(h[:10], 16))[:12] + "-" + str(int(h[10:20], 16))[:12] + "-" + alnum[:24],
        "stripe": "sk_live_51" + alnum[:40],
        "npm": "npm_" + alnum[:36],
        "glpat": "glpat-" + alnum[:20],
        "google": "AIza" + alnum[:35],
        "pw": alnum[5:21],
        "hex": h[:40],
    }
    if kind == "jwt":
        import base64
        head = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"JWT"}').decode().rstrip("=")
        body = base64.urlsafe_b64encode(
            json.dumps({"sub": h[:12], "iss": "https://auth.example", "exp": 1893456000}).encode()
        ).decode().rstrip("=")
        return f"{head}.{body}.{alnum[:43]}"
    if kind == "sshkey":
        lines = [alnum[i % 60:i % 60 + 64].ljust(64, "A") for i in range(0, 300, 23)][:8]
        return ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"
                + "\n" + "\n".join(lines) + "\n-----END OPENSSH PRIVATE KEY-----")
    return shapes[kind]


# ---------------------------------------------------------------- vocabulary

def prompt(text):
    return {"k": "prompt", "text": text}


def sh(cmd, out="", label="benign", res=True, desc=""):
    return {"k": "sh", "cmd": cmd, "out": out, "label": label, "res": res, "desc": desc}


def rd(path, content="", label="benign", res=True):
    return {"k": "rd", "path": path, "out": content, "label": label, "res": res}


def wr(path, content, label="benign", res=True):
    return {"k": "wr", "path": path, "content": content, "label": label, "res": res}


def ed(path, old, new, label="benign", res=True):
    return {"k": "ed", "path": path, "old": old, "new": new, "label": label, "res": res}


def fx(url, content="", label="benign", res=True, ask="Summarise the page"):
    return {"k": "fx", "url": url, "out": content, "label": label, "res": res, "ask": ask}


def se(query, content="", label="benign", res=True):
    return {"k": "se", "query": query, "out": content, "label": label, "res": res}


def mcp(server, tool, args, result="ok", label="benign", res=True):
    return {"k": "mcp", "server": server, "tool": tool, "args": args, "out": result,
            "label": label, "res": res}


def sub(kind, task, steps, label="benign"):
    return {"k": "sub", "type": kind, "task": task, "steps": steps, "label": label}


def mode(m):
    return {"k": "mode", "mode": m}


# ---------------------------------------------------------------- emitters

class Ctx:
    def __init__(self, stem, agent, os_, interval_ms):
        self.stem, self.agent, self.os = stem, agent, os_
        self.sid = str(uuid.UUID(digest(stem, "session")[:32], version=4))
        self.n = 0
        self.mode = "default"
        self.t0 = datetime(2026, 3, 2, 8, 0, 0, tzinfo=timezone.utc) + timedelta(
            minutes=int(digest(stem, "t")[:6], 16) % (60 * 24 * 60))
        self.step_ms = interval_ms or 1500
        self.user = {"linux": "dev", "win": "dev", "mac": "dev"}[os_]
        self.project = stem.split("-h9-", 1)[-1][:24].strip("-")
        if os_ == "win":
            self.home = "C:\\Users\\" + self.user
            self.cwd = self.home + "\\src\\" + self.project
        elif os_ == "mac":
            self.home = "/Users/" + self.user
            self.cwd = self.home + "/src/" + self.project
        else:
            self.home = "/home/" + self.user
            self.cwd = self.home + "/src/" + self.project
        self.turn = 0

    def next_id(self, prefix="toolu_"):
        self.n += 1
        return prefix + digest(self.stem, f"call{self.n}")[:24]

    def ts(self):
        self.n += 0
        t = self.t0 + timedelta(milliseconds=self.step_ms * self.tick())
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    _tick = 0

    def tick(self):
        self._tick += 1
        return self._tick


def _out_text(step):
    out = step.get("out", "")
    return out if isinstance(out, str) else json.dumps(out, ensure_ascii=False)


# --- Claude Code

def _claude(ctx, steps, agent=None):
    evs = []
    base = lambda: {"session_id": ctx.sid,
                    "transcript_path": f"{ctx.home}/.claude/projects/{ctx.project}/{ctx.sid}.jsonl"
                    if ctx.os != "win" else f"{ctx.home}\\.claude\\projects\\{ctx.project}\\{ctx.sid}.jsonl",
                    "cwd": ctx.cwd}
    shell_tool = "PowerShell" if ctx.os == "win" else "Bash"
    for st in steps:
        k = st["k"]
        if k == "mode":
            ctx.mode = st["mode"]
            continue
        if k == "prompt":
            evs.append({"payload": {**base(), "permission_mode": ctx.mode,
                                    "hook_event_name": "UserPromptSubmit", "prompt": st["text"]}})
            continue
        if k == "sub":
            tid = ctx.next_id()
            tin = {"prompt": st["task"], "description": st["task"][:40], "subagent_type": st["type"]}
            evs.append({"payload": {**base(), "permission_mode": ctx.mode, "hook_event_name": "PreToolUse",
                                    "tool_name": "Agent", "tool_input": tin, "tool_use_id": tid},
                        "label": st["label"]})
            aid = "agent_" + digest(ctx.stem, f"agent{tid}")[:12]
            evs.append({"payload": {**base(), "hook_event_name": "SubagentStart",
                                    "agent_id": aid, "agent_type": st["type"]}})
            inner = _claude(ctx, st["steps"], agent=(aid, st["type"]))
            evs.extend(inner)
            evs.append({"payload": {**base(), "permission_mode": ctx.mode, "hook_event_name": "SubagentStop",
                                    "stop_hook_active": False, "agent_id": aid, "agent_type": st["type"],
                                    "agent_transcript_path": f"{ctx.home}/.claude/projects/{ctx.project}/{aid}.jsonl",
                                    "last_assistant_message": "Done."}})
            evs.append({"payload": {**base(), "permission_mode": ctx.mode, "hook_event_name": "PostToolUse",
                                    "tool_name": "Agent", "tool_input": tin, "tool_use_id": tid,
                                    "tool_response": {"content": [{"type": "text", "text": "Subagent finished."}]}}})
            continue
        if k == "sh":
            name, tin = shell_tool, {"command": st["cmd"], "description": st["desc"]}
            resp = {"stdout": st["out"], "stderr": "", "interrupted": False}
        elif k == "rd":
            name, tin = "Read", {"file_path": st["path"]}
            resp = {"type": "text", "file": {"filePath": st["path"], "content": st["out"]}}
        elif k == "wr":
            name, tin = "Write", {"file_path": st["path"], "content": st["content"]}
            resp = {"type": "create", "filePath": st["path"]}
        elif k == "ed":
            name, tin = "Edit", {"file_path": st["path"], "old_string": st["old"], "new_string": st["new"]}
            resp = {"filePath": st["path"], "oldString": st["old"], "newString": st["new"]}
        elif k == "fx":
            name, tin = "WebFetch", {"url": st["url"], "prompt": st["ask"]}
            resp = {"url": st["url"], "code": 200, "result": _out_text(st)}
        elif k == "se":
            name, tin = "WebSearch", {"query": st["query"]}
            resp = {"query": st["query"], "results": _out_text(st)}
        elif k == "mcp":
            name, tin = f"mcp__{st['server']}__{st['tool']}", st["args"]
            resp = [{"type": "text", "text": _out_text(st)}]
        else:
            raise ValueError(k)
        tid = ctx.next_id()
        extra = {"agent_id": agent[0], "agent_type": agent[1]} if agent else {}
        pre = {**base(), "permission_mode": ctx.mode, "hook_event_name": "PreToolUse",
               "tool_name": name, "tool_input": tin, "tool_use_id": tid, **extra}
        evs.append({"payload": pre, "label": st["label"]})
        if st["res"]:
            evs.append({"payload": {**pre, "hook_event_name": "PostToolUse", "tool_response": resp}})
    return evs


def claude(ctx, steps):
    base = {"session_id": ctx.sid, "transcript_path": f"{ctx.home}/.claude/projects/{ctx.project}/{ctx.sid}.jsonl"
            if ctx.os != "win" else f"{ctx.home}\\.claude\\projects\\{ctx.project}\\{ctx.sid}.jsonl", "cwd": ctx.cwd}
    evs = [{"payload": {**base, "hook_event_name": "SessionStart", "source": "startup"}}]
    evs += _claude(ctx, steps)
    evs.append({"payload": {**base, "permission_mode": ctx.mode, "hook_event_name": "Stop",
                            "stop_hook_active": False, "last_assistant_message": "Done."}})
    evs.append({"payload": {**base, "hook_event_name": "SessionEnd", "reason": "prompt_input_exit"}})
    return evs


# --- Codex

def _codex_call(ctx, st):
    win = ctx.os == "win"
    k = st["k"]
    if k == "sh":
        return "Bash", {"command": st["cmd"]}, st["out"]
    if k == "rd":
        cmd = f"Get-Content -Raw '{st['path']}'" if win else f"cat {st['path']}"
        return "Bash", {"command": cmd}, st["out"]
    if k == "wr":
        body = "\n".join("+" + line for line in st["content"].split("\n"))
        return "apply_patch", {"command": f"*** Begin Patch\n*** Add File: {st['path']}\n{body}\n*** End Patch"}, \
            f"Success. Updated the following files:\nA {st['path']}"
    if k == "ed":
        old = "\n".join("-" + line for line in st["old"].split("\n"))
        new = "\n".join("+" + line for line in st["new"].split("\n"))
        return "apply_patch", {"command": f"*** Begin Patch\n*** Update File: {st['path']}\n@@\n{old}\n{new}\n*** End Patch"}, \
            f"Success. Updated the following files:\nM {st['path']}"
    if k == "fx":
        cmd = f"Invoke-WebRequest -UseBasicParsing '{st['url']}' | Select-Object -Expand Content" if win \
            else f"curl -sL '{st['url']}'"
        return "Bash", {"command": cmd}, _out_text(st)
    if k == "se":
        return "mcp__websearch__search", {"query": st["query"]}, \
            {"content": [{"type": "text", "text": _out_text(st)}], "isError": False}
    if k == "mcp":
        return f"mcp__{st['server']}__{st['tool']}", st["args"], \
            {"content": [{"type": "text", "text": _out_text(st)}], "isError": False}
    raise ValueError(k)


def codex(ctx, steps):
    tp = f"{ctx.home}/.codex/sessions/2026/03/rollout-{ctx.sid}.jsonl"
    base = lambda: {"session_id": ctx.sid, "transcript_path": tp, "cwd": ctx.cwd, "model": "gpt-5.1-codex"}
    evs = [{"payload": {**base(), "hook_event_name": "SessionStart", "permission_mode": ctx.mode,
                        "source": "startup"}}]
    turn = [None]

    def run(steps, agent=None):
        for st in steps:
            k = st["k"]
            if k == "mode":
                ctx.mode = st["mode"]
                continue
            if k == "prompt":
                ctx.turn += 1
                turn[0] = str(uuid.UUID(digest(ctx.stem, f"turn{ctx.turn}")[:32], version=4))
                evs.append({"payload": {**base(), "turn_id": turn[0], "permission_mode": ctx.mode,
                                        "hook_event_name": "UserPromptSubmit", "prompt": st["text"]}})
                continue
            if k == "sub":
                aid = "agent_" + digest(ctx.stem, f"agent{ctx.n}")[:12]
                evs.append({"payload": {**base(), "turn_id": turn[0], "permission_mode": ctx.mode,
                                        "hook_event_name": "SubagentStart", "agent_id": aid,
                                        "agent_type": st["type"]}})
                run(st["steps"], agent=(aid, st["type"]))
                evs.append({"payload": {**base(), "turn_id": turn[0], "permission_mode": ctx.mode,
                                        "hook_event_name": "SubagentStop", "agent_id": aid,
                                        "agent_type": st["type"], "agent_transcript_path": None,
                                        "last_assistant_message": "Done.", "stop_hook_active": False}})
                continue
            name, tin, out = _codex_call(ctx, st)
            tid = ctx.next_id("call_")
            extra = {"agent_id": agent[0], "agent_type": agent[1]} if agent else {}
            pre = {**base(), "turn_id": turn[0], "permission_mode": ctx.mode, "hook_event_name": "PreToolUse",
                   "tool_name": name, "tool_input": tin, "tool_use_id": tid, **extra}
            evs.append({"payload": pre, "label": st["label"]})
            if st["res"]:
                evs.append({"payload": {**pre, "hook_event_name": "PostToolUse", "tool_response": out}})

    run(steps)
    evs.append({"payload": {**base(), "turn_id": turn[0], "permission_mode": ctx.mode, "hook_event_name": "Stop",
                            "stop_hook_active": False, "last_assistant_message": "Done."}})
    return evs


# --- Gemini CLI

def _gemini_call(ctx, st):
    k = st["k"]
    if k == "sh":
        return "run_shell_command", {"command": st["cmd"], "description": st["desc"] or "Run command"}, st["out"], None
    if k == "rd":
        return "read_file", {"file_path": st["path"]}, st["out"], None
    if k == "wr":
        return "write_file", {"file_path": st["path"], "content": st["content"]}, \
            f"Successfully created and wrote to new file: {st['path']}.", None
    if k == "ed":
        return "replace", {"file_path": st["path"], "old_string": st["old"], "new_string": st["new"]}, \
            f"Successfully modified file: {st['path']} (1 replacements).", None
    if k == "fx":
        return "web_fetch", {"prompt": f"{st['ask']}: {st['url']}"}, _out_text(st), None
    if k == "se":
        return "google_web_search", {"query": st["query"]}, _out_text(st), None
    if k == "mcp":
        mctx = {"server_name": st["server"], "tool_name": st["tool"], "url": f"https://mcp.{st['server']}.example/sse"}
        return f"mcp__{st['server']}__{st['tool']}", st["args"], _out_text(st), mctx
    raise ValueError(k)


def gemini(ctx, steps):
    tp = f"{ctx.home}/.gemini/tmp/{digest(ctx.stem, 'proj')[:16]}/chats/session-{ctx.sid}.json"
    base = lambda: {"session_id": ctx.sid, "transcript_path": tp, "cwd": ctx.cwd, "timestamp": ctx.ts()}
    evs = [{"payload": {**base(), "hook_event_name": "SessionStart", "source": "startup"}}]

    def run(steps):
        for st in steps:
            k = st["k"]
            if k == "mode":
                continue
            if k == "prompt":
                evs.append({"payload": {**base(), "hook_event_name": "BeforeAgent", "prompt": st["text"]}})
                continue
            if k == "sub":
                tin = {"agent_name": st["type"], "objective": st["task"]}
                pre = {**base(), "hook_event_name": "BeforeTool", "tool_name": "delegate_to_agent", "tool_input": tin}
                evs.append({"payload": pre, "label": st["label"]})
                run(st["steps"])
                evs.append({"payload": {**base(), "hook_event_name": "AfterTool", "tool_name": "delegate_to_agent",
                                        "tool_input": tin, "tool_response": {"llmContent": "Subagent finished.",
                                                                             "returnDisplay": "Subagent finished."}}})
                continue
            name, tin, out, mctx = _gemini_call(ctx, st)
            extra = {"mcp_context": mctx} if mctx else {}
            evs.append({"payload": {**base(), "hook_event_name": "BeforeTool", "tool_name": name,
                                    "tool_input": tin, **extra}, "label": st["label"]})
            if st["res"]:
                evs.append({"payload": {**base(), "hook_event_name": "AfterTool", "tool_name": name,
                                        "tool_input": tin, **extra,
                                        "tool_response": {"llmContent": out, "returnDisplay": out}}})

    run(steps)
    evs.append({"payload": {**base(), "hook_event_name": "AfterAgent", "prompt": "", "prompt_response": "Done.",
                            "stop_hook_active": False}})
    evs.append({"payload": {**base(), "hook_event_name": "SessionEnd", "reason": "exit"}})
    return evs


# --- Cursor

def cursor(ctx, steps):
    gen = [str(uuid.UUID(digest(ctx.stem, "gen0")[:32], version=4))]
    root = ctx.cwd
    base = lambda: {"conversation_id": ctx.sid, "generation_id": gen[0], "model": "claude-4.5-sonnet",
                    "cursor_version": "2.3.41", "workspace_roots": [root], "user_email": "dev@example.com",
                    "transcript_path": None}
    evs = [{"payload": {**base(), "hook_event_name": "sessionStart", "session_id": ctx.sid,
                        "is_background_agent": False, "composer_mode": "agent"}}]

    def tool(name, tin, out, label, res, file_edit=None):
        tid = ctx.next_id()
        pre = {**base(), "hook_event_name": "preToolUse", "tool_name": name, "tool_input": tin,
               "tool_use_id": tid, "cwd": ctx.cwd}
        evs.append({"payload": pre, "label": label})
        if res:
            evs.append({"payload": {**base(), "hook_event_name": "postToolUse", "tool_name": name, "tool_input": tin,
                                    "tool_output": json.dumps(out, ensure_ascii=False), "tool_use_id": tid,
                                    "cwd": ctx.cwd, "duration": 900}})
            if file_edit:
                evs.append({"payload": {**base(), "hook_event_name": "afterFileEdit", "file_path": file_edit[0],
                                        "edits": file_edit[1]}})

    def run(steps):
        for st in steps:
            k = st["k"]
            if k == "mode":
                continue
            if k == "prompt":
                gen[0] = str(uuid.UUID(digest(ctx.stem, f"gen{len(evs)}")[:32]))
                evs.append({"payload": {**base(), "hook_event_name": "beforeSubmitPrompt", "prompt": st["text"],
                                        "attachments": []}})
            elif k == "sh":
                evs.append({"payload": {**base(), "hook_event_name": "preToolUse", "tool_name": "Shell",
                                        "tool_input": {"command": st["cmd"]}, "tool_use_id": ctx.next_id(),
                                        "cwd": ctx.cwd}})
                evs.append({"payload": {**base(), "hook_event_name": "beforeShellExecution", "command": st["cmd"],
                                        "cwd": ctx.cwd, "sandbox": False}, "label": st["label"]})
                if st["res"]:
                    evs.append({"payload": {**base(), "hook_event_name": "afterShellExecution", "command": st["cmd"],
                                            "output": st["out"], "duration": 1200, "sandbox": False}})
            elif k == "rd":
                evs.append({"payload": {**base(), "hook_event_name": "preToolUse", "tool_name": "Read",
                                        "tool_input": {"file_path": st["path"]}, "tool_use_id": ctx.next_id(),
                                        "cwd": ctx.cwd}})
                evs.append({"payload": {**base(), "hook_event_name": "beforeReadFile", "file_path": st["path"],
                                        "content": st["out"], "attachments": []}, "label": st["label"]})
            elif k == "mcp":
                targs = json.dumps(st["args"], ensure_ascii=False)
                url = f"https://mcp.{st['server']}.example/sse"
                evs.append({"payload": {**base(), "hook_event_name": "preToolUse", "tool_name": "MCP:" + st["tool"],
                                        "tool_input": st["args"], "tool_use_id": ctx.next_id(), "cwd": ctx.cwd}})
                evs.append({"payload": {**base(), "hook_event_name": "beforeMCPExecution", "tool_name": st["tool"],
                                        "tool_input": targs, "url": url}, "label": st["label"]})
                if st["res"]:
                    evs.append({"payload": {**base(), "hook_event_name": "afterMCPExecution", "tool_name": st["tool"],
                                            "tool_input": targs, "url": url,
                                            "result_json": json.dumps({"content": [{"type": "text", "text": _out_text(st)}]},
                                                                      ensure_ascii=False), "duration": 700}})
            elif k == "wr":
                tool("Write", {"file_path": st["path"], "content": st["content"]}, {"success": True},
                     st["label"], st["res"], (st["path"], [{"old_string": "", "new_string": st["content"]}]))
            elif k == "ed":
                tool("Edit", {"file_path": st["path"], "old_string": st["old"], "new_string": st["new"]},
                     {"success": True}, st["label"], st["res"],
                     (st["path"], [{"old_string": st["old"], "new_string": st["new"]}]))
            elif k == "fx":
                tool("WebFetch", {"url": st["url"]}, {"content": _out_text(st)}, st["label"], st["res"])
            elif k == "se":
                tool("WebSearch", {"search_term": st["query"]}, {"results": _out_text(st)}, st["label"], st["res"])
            elif k == "sub":
                tid = ctx.next_id()
                tin = {"description": st["task"][:40], "prompt": st["task"], "subagent_type": st["type"]}
                pre = {**base(), "hook_event_name": "preToolUse", "tool_name": "Task", "tool_input": tin,
                       "tool_use_id": tid, "cwd": ctx.cwd}
                evs.append({"payload": pre, "label": st["label"]})
                said = "sub_" + digest(ctx.stem, f"sub{tid}")[:12]
                evs.append({"payload": {**base(), "hook_event_name": "subagentStart", "subagent_id": said,
                                        "subagent_type": st["type"], "task": st["task"],
                                        "parent_conversation_id": ctx.sid, "tool_call_id": tid,
                                        "subagent_model": "claude-4.5-sonnet", "is_parallel_worker": False}})
                run(st["steps"])
                evs.append({"payload": {**base(), "hook_event_name": "subagentStop", "subagent_id": said,
                                        "subagent_type": st["type"], "status": "completed", "task": st["task"],
                                        "description": st["task"][:40], "summary": "Done.", "duration_ms": 40000,
                                        "message_count": 6, "tool_call_count": len(st["steps"]), "loop_count": 0,
                                        "modified_files": [], "agent_transcript_path": None}})
                evs.append({"payload": {**base(), "hook_event_name": "postToolUse", "tool_name": "Task",
                                        "tool_input": tin, "tool_output": json.dumps({"summary": "Done."}),
                                        "tool_use_id": tid, "cwd": ctx.cwd, "duration": 40000}})
            else:
                raise ValueError(k)

    run(steps)
    evs.append({"payload": {**base(), "hook_event_name": "stop", "status": "completed", "loop_count": 0}})
    evs.append({"payload": {**base(), "hook_event_name": "sessionEnd", "session_id": ctx.sid,
                            "reason": "completed", "duration_ms": 120000, "is_background_agent": False,
                            "final_status": "completed"}})
    return evs


EMITTERS = {"claude-code": claude, "codex": codex, "gemini": gemini, "cursor": cursor}

ALL_DETECTORS_EXPRESSIBLE = [
    "loop.repeated_call", "rate.burst", "probe.retry_after_deny", "scope.out_of_scope",
    "privilege.escalation", "secret.exposure", "secret.credential_harvest", "exfil.sensitive_to_egress",
    "injection.untrusted_instruction", "hijack.untrusted_target", "oversight.bypass", "exec.dangerous_command",
]


# Sessions about one agent's own settings run on that agent.
AGENT_FOR = {
    "benign-h9-accept-edits-refactor": "claude-code",
    "benign-h9-add-lint-hook-keep-monitor": "claude-code",
    "benign-h9-read-hook-config": "codex",
    "oversight-h9-mcp-direct-url": "cursor",
    "oversight-h9-injected-hook-delete": "claude-code",
    "privesc-h9-default-mode-bypass": "claude-code",
    "probe-h9-settings-then-jq": "claude-code",
    "probe-h9-perm-mode-flag": "claude-code",
}


def _project_of(steps):
    """The repository the session works in, from the first absolute path under src/."""
    import re
    text = json.dumps(steps)
    m = re.search(r"(?:/home/dev|/Users/dev|C:\\\\Users\\\\dev)(?:/|\\\\)src(?:/|\\\\)([A-Za-z0-9_.-]+)", text)
    return m.group(1) if m else None


def session(stem, kind, domain, agent, desc, steps, expect=(), forbid=None, os_="linux",
            task=None, interval_ms=None):
    """Build one scenario document. `forbid` defaults to ["*"] for benign sessions."""
    agent = AGENT_FOR.get(stem, agent)
    ctx = Ctx(stem, agent, os_, interval_ms)
    project = _project_of(steps)
    if project:
        ctx.project = project
        sep = "\\" if os_ == "win" else "/"
        ctx.cwd = ctx.home + sep + "src" + sep + project
    if forbid is None:
        forbid = ["*"] if kind == "benign" else []
    doc = {"id": stem, "session_id": ctx.sid, "kind": kind, "domain": domain, "agent_product": agent,
           "description": desc, "expect_alerts": list(expect), "forbid_alerts": list(forbid)}
    if task:
        doc["task"] = task
    if interval_ms:
        doc["timing"] = {"interval_ms": interval_ms}
    doc["events"] = EMITTERS[agent](ctx, steps)
    return doc
