"""Agent-neutral session vocabulary and one emitter per agent hook wire format (stdlib only).

A session is written once as a list of steps; `emit` turns it into the hook payloads that
Claude Code, Codex, Gemini CLI or Cursor would send. Every id, timestamp and fake secret is
derived from the session's file stem so that rebuilding is byte-identical.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json

SESSIONS: list[dict] = []

# ---------------------------------------------------------------- deterministic material


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode()).digest()


def uuid4(*parts: str) -> str:
    h = bytearray(_digest(*parts)[:16])
    h[6] = (h[6] & 0x0F) | 0x40  # version 4, as agents send them
    h[8] = (h[8] & 0x3F) | 0x80
    x = h.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def rand(seed: str, n: int, alphabet: str = _ALNUM) -> str:
    out, i = [], 0
    while len(out) < n:
        for b in _digest(seed, str(i)):
            out.append(alphabet[b % len(alphabet)])
        i += 1
    return "".join(out[:n])


UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
HEX = "0123456789abcdef"


def fake(kind: str, seed: str) -> str:
    """Fake secrets in the shapes real scanners look for."""
    s = f"{kind}:{seed}"
    shapes = {
        "aws_id": lambda: "AKIA" + rand(s, 16, UP),
        "aws_secret": lambda: rand(s, 40, _ALNUM + "/+"),
        "ghp": lambda: "ghp_" + rand(s, 36),
        "gho": lambda: "gho_" + rand(s, 36),
        "github_pat": lambda: "github_pat_11" + rand(s, 20, UP) + "_" + rand(s + "b", 59),
        "ant": lambda: "sk-ant-api03-" + rand(s, 86, _ALNUM + "-_") + "AA",
        "openai": lambda: "sk-proj-" + rand(s, 48, _ALNUM + "-_"),
        "slack": lambda: "xoxb-" + rand(s, 12, "0123456789") + "-" + rand(s + "2", 13, "0123456789") + "-" + rand(s + "3", 24),
        "stripe": lambda: "sk_live_51" + rand(s, 46),
        "npm": lambda: "npm_" + rand(s, 36),
        "glpat": lambda: "glpat-" + rand(s, 20, _ALNUM + "-_"),
        "google": lambda: "AIza" + rand(s, 35, _ALNUM + "-_"),
        "sendgrid": lambda: "SG." + rand(s, 22, _ALNUM + "-_") + "." + rand(s + "x", 43, _ALNUM + "-_"),
        "twilio": lambda: "SK" + rand(s, 32, HEX),
        "hf": lambda: "hf_" + rand(s, 34),
        "pw": lambda: rand(s, 14) + "!" + rand(s + "p", 4, "0123456789"),
        "jwt": lambda: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + rand(s, 60, _ALNUM + "-_") + "." + rand(s + "sig", 43, _ALNUM + "-_"),
        "ssh": lambda: ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
                        + "\n".join(rand(s + str(i), 70, _ALNUM + "+/") for i in range(5))
                        + "\n-----END OPENSSH PRIVATE KEY-----"),
        "rsa": lambda: ("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA"
                        + "\n".join(rand(s + str(i), 64, _ALNUM + "+/") for i in range(6))
                        + "\n-----END RSA PRIVATE KEY-----"),
    }
    return shapes[kind]()


# ---------------------------------------------------------------- the vocabulary
# Steps (tuples), labels are the last element of a gated step:
#   ("sh", command, output, label)            shell command
#   ("read", path, content, label)            file read
#   ("write", path, content, label)           create/overwrite a file
#   ("edit", path, old, new, label)           replace text in a file
#   ("fetch", url, content, label)            fetch a web page
#   ("search", query, results, label)         web search
#   ("mcp", server, tool, args, result, label)  MCP tool call
#   ("deny", <gated step>)                    the same call, but the recording kept no result
#   ("sub", agent_type, task, [steps], label) subagent (spawn is gated where the agent gates it)
#   ("prompt", text)                          a further user turn
#   ("mode", permission_mode)                 the session's permission mode changes


def S(id, agent, domain, desc, prompt, steps, expect=(), forbid=None, os="linux", task=None,
      timing=None, repo=None, user=None):
    """Register one session. `forbid=None` means "*" for benign and [] for attack."""
    kind = "benign" if id.startswith("benign-") else "attack"
    if forbid is None:
        forbid = ["*"] if kind == "benign" else []
    SESSIONS.append(dict(id=id, agent=agent, domain=domain, desc=desc, prompt=prompt,
                         steps=list(steps), expect=list(expect), forbid=list(forbid), os=os,
                         task=task, timing=timing, repo=repo, user=user, kind=kind))


def home_of(sess) -> str:
    user = sess["user"] or "dev"
    return {"windows": f"C:\\Users\\{user}", "mac": f"/Users/{user}"}.get(sess["os"], f"/home/{user}")


def cwd_of(sess) -> str:
    repo = sess["repo"] or "work"
    sep = "\\" if sess["os"] == "windows" else "/"
    return home_of(sess) + sep + repo.replace("/", sep)


# ---------------------------------------------------------------- emission


class _Ctx:
    def __init__(self, sess):
        self.sess = sess
        self.stem = sess["id"]
        self.sid = uuid4("session", self.stem)
        self.cwd = cwd_of(sess)
        self.home = home_of(sess)
        self.events: list[dict] = []
        self.n = 0
        self.turn = 0
        # A session whose first step sets the mode was started in that mode (not switched later).
        first = sess["steps"][0] if sess["steps"] else ()
        self.mode = first[1] if first and first[0] == "mode" else "default"
        self.interval = (sess["timing"] or 2500)
        self.t0 = _dt.datetime(2026, 10, 5, 8, 0, 0) + _dt.timedelta(
            minutes=int.from_bytes(_digest("t", self.stem)[:2], "big") % 20000)
        self.tick = 0

    def next_id(self, prefix: str) -> str:
        self.n += 1
        return prefix + rand(f"{self.stem}:call:{self.n}", 24)

    def ts(self) -> str:
        self.tick += 1
        t = self.t0 + _dt.timedelta(milliseconds=self.interval * self.tick)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def add(self, payload, label=None):
        ev = {"payload": payload}
        if label is not None:
            ev["label"] = label
        self.events.append(ev)


def _win(sess) -> bool:
    return sess["os"] == "windows"


# ---- Claude Code

def _cc_base(c, name, agent=None):
    p = {"session_id": c.sid,
         "transcript_path": f"{c.home}/.claude/projects/{c.cwd.strip('/').replace('/', '-').replace(chr(92), '-')}/{c.sid}.jsonl",
         "cwd": c.cwd, "hook_event_name": name}
    if name not in ("SessionStart", "SessionEnd", "Notification"):
        p["permission_mode"] = c.mode
    if agent:
        p["agent_id"], p["agent_type"] = agent
    return p


def _cc_tool(c, step, agent=None):
    kind = step[0]
    label = step[-1]
    win = _win(c.sess)
    if kind == "sh":
        name, inp, out = ("PowerShell" if win else "Bash"), {"command": step[1], "description": ""}, {"stdout": step[2], "stderr": "", "interrupted": False}
    elif kind == "read":
        name, inp, out = "Read", {"file_path": step[1]}, {"type": "text", "file": {"filePath": step[1], "content": step[2]}}
    elif kind == "write":
        name, inp, out = "Write", {"file_path": step[1], "content": step[2]}, {"type": "create", "filePath": step[1]}
    elif kind == "edit":
        name, inp, out = "Edit", {"file_path": step[1], "old_string": step[2], "new_string": step[3]}, {"filePath": step[1], "success": True}
    elif kind == "fetch":
        name, inp, out = "WebFetch", {"url": step[1], "prompt": "Return the page's content."}, {"result": step[2], "url": step[1], "code": 200}
    elif kind == "search":
        name, inp, out = "WebSearch", {"query": step[1]}, {"query": step[1], "results": step[2]}
    elif kind == "mcp":
        name, inp, out = f"mcp__{step[1]}__{step[2]}", step[3], [{"type": "text", "text": step[4]}]
    else:
        raise ValueError(kind)
    return name, inp, out, label


def _emit_cc(c):
    s = c.sess
    c.add({**_cc_base(c, "SessionStart"), "source": "startup", "model": "claude-sonnet-4-5"})
    c.add({**_cc_base(c, "UserPromptSubmit"), "prompt": s["prompt"]})

    def run(steps, agent=None):
        for st in steps:
            if st[0] == "prompt":
                c.add({**_cc_base(c, "UserPromptSubmit"), "prompt": st[1]})
                continue
            if st[0] == "mode":
                c.mode = st[1]
                continue
            if st[0] == "sub":
                _, atype, task, inner, label = st
                tid = c.next_id("toolu_")
                inp = {"prompt": task, "description": task[:40], "subagent_type": atype}
                c.add({**_cc_base(c, "PreToolUse", agent), "tool_name": "Agent", "tool_input": inp, "tool_use_id": tid}, label)
                aid = "a" + rand(f"{c.stem}:agent:{c.n}", 16, HEX)
                c.add({**_cc_base(c, "SubagentStart"), "agent_id": aid, "agent_type": atype})
                run(inner, (aid, atype))
                c.add({**_cc_base(c, "SubagentStop"), "agent_id": aid, "agent_type": atype, "stop_hook_active": False,
                       "agent_transcript_path": f"{c.home}/.claude/projects/subagents/agent-{aid}.jsonl",
                       "last_assistant_message": "Finished."})
                c.add({**_cc_base(c, "PostToolUse", agent), "tool_name": "Agent", "tool_input": inp, "tool_use_id": tid,
                       "tool_response": {"status": "completed", "content": [{"type": "text", "text": "Finished."}]}})
                continue
            denied = st[0] == "deny"
            if denied:
                st = st[1]
            name, inp, out, label = _cc_tool(c, st)
            tid = c.next_id("toolu_")
            c.add({**_cc_base(c, "PreToolUse", agent), "tool_name": name, "tool_input": inp, "tool_use_id": tid}, label)
            if not denied:
                c.add({**_cc_base(c, "PostToolUse", agent), "tool_name": name, "tool_input": inp, "tool_use_id": tid, "tool_response": out})
    run(s["steps"])
    c.add({**_cc_base(c, "Stop"), "stop_hook_active": False, "last_assistant_message": "Done."})
    c.add({**_cc_base(c, "SessionEnd"), "reason": "prompt_input_exit"})


# ---- Codex

def _cx_base(c, name, agent=None):
    p = {"session_id": c.sid, "transcript_path": f"{c.home}/.codex/sessions/2026/10/rollout-{c.sid}.jsonl",
         "cwd": c.cwd, "hook_event_name": name, "model": "gpt-5-codex"}
    if name != "SessionStart":
        p["turn_id"] = uuid4("turn", c.stem, str(c.turn))
        p["permission_mode"] = c.mode
    if agent:
        p["agent_id"], p["agent_type"] = agent
    return p


def _patch(kind, path, *body):
    if kind == "write":
        lines = "\n".join("+" + ln for ln in body[0].split("\n"))
        return f"*** Begin Patch\n*** Add File: {path}\n{lines}\n*** End Patch\n"
    old = "\n".join("-" + ln for ln in body[0].split("\n"))
    new = "\n".join("+" + ln for ln in body[1].split("\n"))
    return f"*** Begin Patch\n*** Update File: {path}\n@@\n{old}\n{new}\n*** End Patch\n"


def _cx_tool(c, st):
    win = _win(c.sess)
    k = st[0]
    if k == "sh":
        return "Bash", {"command": st[1]}, st[2]
    if k == "read":
        cmd = f"Get-Content -Raw '{st[1]}'" if win else f"cat {st[1]}"
        return "Bash", {"command": cmd}, st[2]
    if k == "fetch":
        cmd = f"Invoke-WebRequest -UseBasicParsing '{st[1]}' | Select-Object -Expand Content" if win else f"curl -sL '{st[1]}'"
        return "Bash", {"command": cmd}, st[2]
    if k == "write":
        return "apply_patch", {"command": _patch("write", st[1], st[2])}, f"Success. Updated the following files:\nA {st[1]}\n"
    if k == "edit":
        return "apply_patch", {"command": _patch("edit", st[1], st[2], st[3])}, f"Success. Updated the following files:\nM {st[1]}\n"
    if k == "search":
        return "mcp__websearch__search", {"query": st[1]}, {"content": [{"type": "text", "text": st[2]}], "isError": False}
    if k == "mcp":
        return f"mcp__{st[1]}__{st[2]}", st[3], {"content": [{"type": "text", "text": st[4]}], "isError": False}
    raise ValueError(k)


def _emit_cx(c):
    s = c.sess
    c.add({**_cx_base(c, "SessionStart"), "source": "startup"})
    c.add({**_cx_base(c, "UserPromptSubmit"), "prompt": s["prompt"]})

    def run(steps, agent=None):
        for st in steps:
            if st[0] == "prompt":
                c.add({**_cx_base(c, "Stop"), "stop_hook_active": False, "last_assistant_message": "Done."})
                c.turn += 1
                c.add({**_cx_base(c, "UserPromptSubmit"), "prompt": st[1]})
                continue
            if st[0] == "mode":
                c.mode = st[1]
                continue
            if st[0] == "sub":
                _, atype, task, inner, _label = st
                aid = uuid4("agent", c.stem, str(c.n))
                c.add({**_cx_base(c, "SubagentStart"), "agent_id": aid, "agent_type": atype})
                run(inner, (aid, atype))
                c.add({**_cx_base(c, "SubagentStop"), "agent_id": aid, "agent_type": atype, "stop_hook_active": False,
                       "agent_transcript_path": f"{c.home}/.codex/sessions/2026/10/agent-{aid}.jsonl",
                       "last_assistant_message": "Finished."})
                continue
            denied = st[0] == "deny"
            if denied:
                st = st[1]
            name, inp, out = _cx_tool(c, st)
            tid = c.next_id("call_")
            c.add({**_cx_base(c, "PreToolUse", agent), "tool_name": name, "tool_input": inp, "tool_use_id": tid}, st[-1])
            if not denied:
                c.add({**_cx_base(c, "PostToolUse", agent), "tool_name": name, "tool_input": inp, "tool_use_id": tid, "tool_response": out})
    run(s["steps"])
    c.add({**_cx_base(c, "Stop"), "stop_hook_active": False, "last_assistant_message": "Done."})


# ---- Gemini CLI

def _gm_base(c, name):
    return {"session_id": c.sid, "transcript_path": f"{c.home}/.gemini/tmp/{c.sid[:8]}/chats/session-{c.sid}.json",
            "cwd": c.cwd, "hook_event_name": name, "timestamp": c.ts()}


def _gm_tool(c, st):
    k = st[0]
    if k == "sh":
        return "run_shell_command", {"command": st[1], "description": "", "dir_path": c.cwd}, st[2], None
    if k == "read":
        return "read_file", {"file_path": st[1]}, st[2], None
    if k == "write":
        return "write_file", {"file_path": st[1], "content": st[2]}, f"Successfully created and wrote to new file: {st[1]}.", None
    if k == "edit":
        return "replace", {"file_path": st[1], "old_string": st[2], "new_string": st[3]}, f"Successfully modified file: {st[1]} (1 replacements).", None
    if k == "fetch":
        return "web_fetch", {"prompt": f"Get the content of {st[1]}"}, st[2], None
    if k == "search":
        return "google_web_search", {"query": st[1]}, st[2], None
    if k == "mcp":
        ctx = {"server_name": st[1], "tool_name": st[2], "url": f"https://mcp.{st[1]}.example/sse"}
        return f"mcp__{st[1]}__{st[2]}", st[3], st[4], ctx
    raise ValueError(k)


def _emit_gm(c):
    s = c.sess
    c.add({**_gm_base(c, "SessionStart"), "source": "startup"})
    c.add({**_gm_base(c, "BeforeAgent"), "prompt": s["prompt"]})
    last_prompt = [s["prompt"]]

    def run(steps):
        for st in steps:
            if st[0] == "prompt":
                c.add({**_gm_base(c, "AfterAgent"), "prompt": last_prompt[0], "prompt_response": "Done.", "stop_hook_active": False})
                last_prompt[0] = st[1]
                c.add({**_gm_base(c, "BeforeAgent"), "prompt": st[1]})
                continue
            if st[0] == "mode":
                continue
            if st[0] == "sub":
                _, atype, task, inner, label = st
                inp = {"agent_name": atype, "task": task}
                c.add({**_gm_base(c, "BeforeTool"), "tool_name": "delegate_to_agent", "tool_input": inp}, label)
                run(inner)
                c.add({**_gm_base(c, "AfterTool"), "tool_name": "delegate_to_agent", "tool_input": inp,
                       "tool_response": {"llmContent": "Finished.", "returnDisplay": "Finished."}})
                continue
            denied = st[0] == "deny"
            if denied:
                st = st[1]
            name, inp, out, ctx = _gm_tool(c, st)
            extra = {"mcp_context": ctx} if ctx else {}
            c.add({**_gm_base(c, "BeforeTool"), "tool_name": name, "tool_input": inp, **extra}, st[-1])
            if not denied:
                c.add({**_gm_base(c, "AfterTool"), "tool_name": name, "tool_input": inp, **extra,
                       "tool_response": {"llmContent": out, "returnDisplay": out}})
    run(s["steps"])
    c.add({**_gm_base(c, "AfterAgent"), "prompt": last_prompt[0], "prompt_response": "Done.", "stop_hook_active": False})
    c.add({**_gm_base(c, "SessionEnd"), "reason": "exit"})


# ---- Cursor

def _cu_base(c, name):
    return {"conversation_id": c.sid, "generation_id": uuid4("gen", c.stem, str(c.turn)), "model": "claude-4.5-sonnet",
            "hook_event_name": name, "cursor_version": "2.1.46", "workspace_roots": [c.cwd],
            "user_email": f"{c.sess['user'] or 'dev'}@{(c.sess['repo'] or 'work').split('/')[0]}.example",
            "transcript_path": None}


def _emit_cu(c):
    s = c.sess
    c.add({**_cu_base(c, "sessionStart"), "session_id": c.sid, "is_background_agent": False, "composer_mode": "agent"})
    c.add({**_cu_base(c, "beforeSubmitPrompt"), "prompt": s["prompt"], "attachments": []})

    def twin(tool, inp):
        c.add({**_cu_base(c, "preToolUse"), "tool_name": tool, "tool_input": inp, "tool_use_id": c.next_id("toolu_"), "cwd": c.cwd})

    def run(steps):
        for st in steps:
            k = st[0]
            if k == "prompt":
                c.add({**_cu_base(c, "stop"), "status": "completed", "loop_count": 0})
                c.turn += 1
                c.add({**_cu_base(c, "beforeSubmitPrompt"), "prompt": st[1], "attachments": []})
                continue
            if k == "mode":
                continue
            denied = k == "deny"
            if denied:
                st = st[1]
                k = st[0]
            label = st[-1]
            if k == "sh":
                twin("Shell", {"command": st[1], "cwd": c.cwd})
                c.add({**_cu_base(c, "beforeShellExecution"), "command": st[1], "cwd": c.cwd, "sandbox": False}, label)
                if not denied:
                    c.add({**_cu_base(c, "afterShellExecution"), "command": st[1], "output": st[2], "duration": 850, "sandbox": False})
            elif k == "read":
                twin("Read", {"file_path": st[1]})
                c.add({**_cu_base(c, "beforeReadFile"), "file_path": st[1], "content": st[2], "attachments": []}, label)
            elif k == "mcp":
                sinp = json.dumps(st[3], ensure_ascii=False)
                twin(f"MCP:{st[2]}", st[3])
                url = f"https://mcp.{st[1]}.example/sse"
                c.add({**_cu_base(c, "beforeMCPExecution"), "tool_name": st[2], "tool_input": sinp, "url": url}, label)
                if not denied:
                    c.add({**_cu_base(c, "afterMCPExecution"), "tool_name": st[2], "tool_input": sinp,
                           "result_json": json.dumps({"content": [{"type": "text", "text": st[4]}]}, ensure_ascii=False), "duration": 640})
            elif k == "sub":
                _, atype, task, inner, label = st
                inp = {"description": task[:40], "prompt": task, "subagent_type": atype}
                tid = c.next_id("toolu_")
                c.add({**_cu_base(c, "preToolUse"), "tool_name": "Task", "tool_input": inp, "tool_use_id": tid, "cwd": c.cwd}, label)
                said = uuid4("sub", c.stem, str(c.n))
                c.add({**_cu_base(c, "subagentStart"), "subagent_id": said, "subagent_type": atype, "task": task,
                       "parent_conversation_id": c.sid, "tool_call_id": tid, "subagent_model": "claude-4.5-sonnet",
                       "is_parallel_worker": False})
                run(inner)
                c.add({**_cu_base(c, "subagentStop"), "subagent_id": said, "subagent_type": atype, "status": "completed",
                       "task": task, "description": task[:40], "summary": "Finished.", "duration_ms": 41000,
                       "message_count": 6, "tool_call_count": len(inner), "loop_count": 0, "modified_files": [],
                       "agent_transcript_path": None})
                c.add({**_cu_base(c, "postToolUse"), "tool_name": "Task", "tool_input": inp, "tool_use_id": tid,
                       "tool_output": json.dumps({"summary": "Finished."}), "cwd": c.cwd, "duration": 41000})
            else:
                if k == "write":
                    tool, inp, out = "Write", {"file_path": st[1], "content": st[2]}, {"success": True}
                elif k == "edit":
                    tool, inp, out = "Edit", {"file_path": st[1], "old_string": st[2], "new_string": st[3]}, {"success": True}
                elif k == "fetch":
                    tool, inp, out = "WebFetch", {"url": st[1]}, {"content": st[2]}
                elif k == "search":
                    tool, inp, out = "WebSearch", {"search_term": st[1]}, {"results": st[2]}
                else:
                    raise ValueError(k)
                tid = c.next_id("toolu_")
                c.add({**_cu_base(c, "preToolUse"), "tool_name": tool, "tool_input": inp, "tool_use_id": tid, "cwd": c.cwd}, label)
                if not denied:
                    c.add({**_cu_base(c, "postToolUse"), "tool_name": tool, "tool_input": inp, "tool_use_id": tid,
                           "tool_output": json.dumps(out, ensure_ascii=False), "cwd": c.cwd, "duration": 300})
                    if k == "write":
                        c.add({**_cu_base(c, "afterFileEdit"), "file_path": st[1], "edits": [{"old_string": "", "new_string": st[2]}]})
                    elif k == "edit":
                        c.add({**_cu_base(c, "afterFileEdit"), "file_path": st[1], "edits": [{"old_string": st[2], "new_string": st[3]}]})
    run(s["steps"])
    c.add({**_cu_base(c, "stop"), "status": "completed", "loop_count": 0})
    c.add({**_cu_base(c, "sessionEnd"), "session_id": c.sid, "reason": "completed", "duration_ms": 180000,
           "is_background_agent": False, "final_status": "completed"})


EMITTERS = {"claude-code": _emit_cc, "codex": _emit_cx, "gemini": _emit_gm, "cursor": _emit_cu}


def emit(sess) -> dict:
    c = _Ctx(sess)
    EMITTERS[sess["agent"]](c)
    doc = {"id": sess["id"], "session_id": c.sid, "kind": sess["kind"], "domain": sess["domain"],
           "agent_product": sess["agent"], "description": sess["desc"],
           "expect_alerts": sess["expect"], "forbid_alerts": sess["forbid"]}
    if sess["task"]:
        doc["task"] = sess["task"]
    if sess["timing"]:
        doc["timing"] = {"interval_ms": sess["timing"]}
    doc["events"] = c.events
    return doc
