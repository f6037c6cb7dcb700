"""Agent-neutral session vocabulary and the four agents' hook wire formats (holdout8).

A session is written once as a list of steps (prompt, shell, read, write, edit, fetch, search,
MCP call, subagent, permission-mode change) and rendered as the hook payloads its agent sends:
Claude Code, Codex CLI, Gemini CLI or Cursor (see docs/agent-hooks.md). Everything that looks
random (UUIDs, call ids, timestamps, fake secrets) is derived from the file stem, so a rebuild
is byte-identical.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json

AGENTS = {"cc": "claude-code", "cx": "codex", "gm": "gemini", "cu": "cursor"}
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode()).digest()


def _chars(seed: str, n: int, alphabet: str = ALNUM) -> str:
    out, counter = [], 0
    while len(out) < n:
        for b in _digest(seed, str(counter)):
            out.append(alphabet[b % len(alphabet)])
        counter += 1
    return "".join(out[:n])


def _uuid(seed: str) -> str:
    h = _digest("uuid", seed).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def fake_secrets(stem: str) -> dict[str, str]:
    """Fake credentials in the shapes scanners look for, different in every session."""
    s = lambda tag, n, a=ALNUM: _chars(f"{stem}/{tag}", n, a)  # noqa: E731
    key_body = "\n".join(_chars(f"{stem}/ssh{i}", 70, ALNUM + "+/") for i in range(5))
    jwt_head = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    return {
        "AWS_ID": "AKIA" + s("akia", 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        "AWS_SECRET": s("awss", 40, ALNUM + "+/"),
        "GHP": "ghp_" + s("ghp", 36),
        "GHO": "gho_" + s("gho", 36),
        "SK_ANT": "sk-ant-api03-" + s("ant", 86, ALNUM + "-_") + "AA",
        "SK_PROJ": "sk-proj-" + s("proj", 48),
        "SK_LIVE": "sk_live_51" + s("live", 30),
        "XOXB": f"xoxb-{_chars(stem + '/x1', 11, '0123456789')}-{_chars(stem + '/x2', 12, '0123456789')}-{s('xoxb', 24)}",
        "NPM": "npm_" + s("npm", 36),
        "GLPAT": "glpat-" + s("glpat", 20),
        "AIZA": "AIza" + s("aiza", 35, ALNUM + "-_"),
        "JWT": f"{jwt_head}.{s('jwt1', 54)}.{s('jwt2', 43, ALNUM + '-_')}",
        "SSHKEY": "-----BEGIN OPENSSH PRIVATE KEY-----\n" + key_body + "\n-----END OPENSSH PRIVATE KEY-----",
        "PW": s("pw", 10) + "!" + s("pw2", 6),
        "HEX": _chars(f"{stem}/hex", 40, "0123456789abcdef"),
    }


def fill(value, secrets: dict[str, str]):
    """Replace %%NAME%% placeholders by this session's fake secrets, recursively."""
    if isinstance(value, str):
        for k, v in secrets.items():
            value = value.replace(f"%%{k}%%", v)
        return value
    if isinstance(value, list):
        return [fill(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, secrets) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- steps (agent-neutral)

def P(text):
    return {"k": "prompt", "text": text}


def sh(cmd, out="", lab="benign", res=True):
    return {"k": "shell", "cmd": cmd, "out": out, "lab": lab, "res": res}


def rd(path, content, lab="benign", res=True):
    return {"k": "read", "path": path, "out": content, "lab": lab, "res": res}


def wr(path, content, lab="benign", res=True):
    return {"k": "write", "path": path, "content": content, "lab": lab, "res": res}


def ed(path, old, new, lab="benign", res=True):
    return {"k": "edit", "path": path, "old": old, "new": new, "lab": lab, "res": res}


def web(url, content, lab="benign", res=True, ask="Summarise the page"):
    return {"k": "fetch", "url": url, "out": content, "lab": lab, "res": res, "ask": ask}


def find(query, content, lab="benign", res=True):
    return {"k": "search", "query": query, "out": content, "lab": lab, "res": res}


def mcp(server, tool, args, result, lab="benign", res=True, url=None):
    return {"k": "mcp", "server": server, "tool": tool, "args": args, "out": result,
            "lab": lab, "res": res, "url": url}


def sub(agent_type, task, steps, summary="Done.", lab="benign"):
    return {"k": "sub", "type": agent_type, "task": task, "steps": steps, "summary": summary, "lab": lab}


def mode(new_mode):
    return {"k": "mode", "mode": new_mode}


def S(stem, kind, domain, agent, description, expect, forbid, steps, *, task=None,
      timing=None, os="linux", user="dana", project="app", end="Done."):
    return {"stem": stem, "kind": kind, "domain": domain, "agent": agent, "desc": description,
            "expect": expect, "forbid": forbid, "steps": steps, "task": task, "timing": timing,
            "os": os, "user": user, "project": project, "end": end}


# ---------------------------------------------------------------- rendering

class Renderer:
    """Turns one session spec into the event list of its agent."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.stem = spec["stem"]
        self.agent = spec["agent"]
        self.sid = _uuid(self.stem)
        self.windows = spec["os"] == "windows"
        user, project = spec["user"], spec["project"]
        if self.windows:
            self.home = f"C:\\Users\\{user}"
            self.cwd = f"{self.home}\\{project}"
        elif spec["os"] == "mac":
            self.home = f"/Users/{user}"
            self.cwd = f"{self.home}/{project}"
        else:
            self.home = f"/home/{user}"
            self.cwd = f"{self.home}/{project}"
        self.mode = "default"
        self.n_calls = 0
        self.n_events = 0
        self.turn = 0
        self.events: list[dict] = []
        self.sub_ctx: dict | None = None
        seed = int.from_bytes(_digest("t", self.stem)[:4], "big")
        self.t0 = _dt.datetime(2026, 10, 1, 8, 0, 0) + _dt.timedelta(seconds=seed % (40 * 86400))
        self.step_ms = (spec["timing"] or {}).get("interval_ms", 1800)
        self.email = f"{user}@{project.replace('_', '-')}.dev"

    # common fields -------------------------------------------------------
    def _sep(self):
        return "\\" if self.windows else "/"

    def transcript(self):
        sep = self._sep()
        if self.agent == "cc":
            slug = self.cwd.replace("\\", "-").replace("/", "-").replace(":", "")
            return sep.join([self.home, ".claude", "projects", slug, f"{self.sid}.jsonl"])
        if self.agent == "cx":
            d = self.t0.strftime("%Y/%m/%d").split("/")
            return sep.join([self.home, ".codex", "sessions", *d,
                             f"rollout-{self.t0.strftime('%Y-%m-%dT%H-%M-%S')}-{self.sid}.jsonl"])
        if self.agent == "gm":
            h = _digest("proj", self.cwd).hex()
            return sep.join([self.home, ".gemini", "tmp", h, "chats", f"session-{self.sid[:8]}.json"])
        return sep.join([self.home, ".cursor", "projects", self.spec["project"], "agent-transcripts",
                         f"{self.sid}.txt"])

    def base(self, name: str, with_mode=True) -> dict:
        self.n_events += 1
        if self.agent == "cu":
            p = {"conversation_id": self.sid,
                 "generation_id": _uuid(f"{self.stem}/gen{self.turn}"),
                 "model": "claude-sonnet-4-5", "hook_event_name": name,
                 "cursor_version": "2.1.6", "workspace_roots": [self.cwd.replace("\\", "/")],
                 "user_email": self.email, "transcript_path": self.transcript()}
            return p
        p = {"session_id": self.sid, "transcript_path": self.transcript(), "cwd": self.cwd,
             "hook_event_name": name}
        if self.agent == "gm":
            t = self.t0 + _dt.timedelta(milliseconds=self.step_ms * self.n_events)
            p["timestamp"] = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        if self.agent == "cx":
            if name != "SessionStart":
                p["turn_id"] = _uuid(f"{self.stem}/turn{self.turn}")
            p["model"] = "gpt-5.1-codex"
        if with_mode and self.agent in ("cc", "cx"):
            p["permission_mode"] = self.mode
        if self.sub_ctx and self.agent in ("cc", "cx") and name in ("PreToolUse", "PostToolUse"):
            p["agent_id"] = self.sub_ctx["id"]
            p["agent_type"] = self.sub_ctx["type"]
        return p

    def call_id(self) -> str:
        self.n_calls += 1
        seed = f"{self.stem}/call{self.n_calls}"
        if self.agent == "cx":
            return "call_" + _chars(seed, 24)
        return "toolu_" + _digest(seed).hex()[:24]

    def emit(self, payload: dict, label=None):
        ev = {"payload": payload}
        if label is not None:
            ev["label"] = label
        self.events.append(ev)

    # session frame -------------------------------------------------------
    def start(self):
        if self.agent == "cu":
            p = self.base("sessionStart")
            p["session_id"] = self.sid
            p["is_background_agent"] = False
            p["composer_mode"] = "agent"
        else:
            p = self.base("SessionStart", with_mode=False)
            p["source"] = "startup"
            if self.agent == "cc":
                p["model"] = "claude-sonnet-4-5"
        self.emit(p)

    def finish(self):
        msg = self.spec["end"]
        if self.agent == "cc":
            p = self.base("Stop")
            p.update({"stop_hook_active": False, "last_assistant_message": msg})
            self.emit(p)
            p = self.base("SessionEnd", with_mode=False)
            p["reason"] = "prompt_input_exit"
            self.emit(p)
        elif self.agent == "cx":
            p = self.base("Stop")
            p.update({"stop_hook_active": False, "last_assistant_message": msg})
            self.emit(p)
        elif self.agent == "gm":
            p = self.base("AfterAgent")
            p.update({"prompt": self.last_prompt, "prompt_response": msg, "stop_hook_active": False})
            self.emit(p)
            p = self.base("SessionEnd")
            p["reason"] = "exit"
            self.emit(p)
        else:
            p = self.base("afterAgentResponse")
            p["text"] = msg
            self.emit(p)
            p = self.base("stop")
            p.update({"status": "completed", "loop_count": 0})
            self.emit(p)
            p = self.base("sessionEnd")
            p.update({"session_id": self.sid, "reason": "completed", "duration_ms": 1000 * self.n_events,
                      "is_background_agent": False, "final_status": "completed"})
            self.emit(p)

    def prompt(self, text):
        self.turn += 1
        self.last_prompt = text
        if self.agent == "cc":
            p = self.base("UserPromptSubmit")
        elif self.agent == "cx":
            p = self.base("UserPromptSubmit")
        elif self.agent == "gm":
            p = self.base("BeforeAgent")
        else:
            p = self.base("beforeSubmitPrompt")
            p["attachments"] = []
        p["prompt"] = text
        self.emit(p)

    # generic tool call for Claude / Codex / Gemini -----------------------
    def tool(self, name, tool_input, response, label, res, extra=None):
        if self.agent == "gm":
            pre = self.base("BeforeTool")
            pre.update({"tool_name": name, "tool_input": tool_input})
            if extra:
                pre.update(extra)
            self.emit(pre, label)
            if res:
                post = self.base("AfterTool")
                post.update({"tool_name": name, "tool_input": tool_input,
                             "tool_response": {"llmContent": response, "returnDisplay": response}})
                if extra:
                    post.update(extra)
                self.emit(post)
            return
        tid = self.call_id()
        pre = self.base("PreToolUse")
        pre.update({"tool_name": name, "tool_input": tool_input, "tool_use_id": tid})
        if extra:
            pre.update(extra)
        self.emit(pre, label)
        if res:
            post = self.base("PostToolUse")
            post.update({"tool_name": name, "tool_input": tool_input, "tool_use_id": tid,
                         "tool_response": response})
            if extra:
                post.update(extra)
            self.emit(post)

    # Cursor calls ----------------------------------------------------------
    def cursor_twin(self, tool_name, tool_input):
        tid = self.call_id()
        p = self.base("preToolUse")
        p.update({"tool_name": tool_name, "tool_input": tool_input, "tool_use_id": tid,
                  "cwd": self.cwd})
        self.emit(p)
        return tid

    def cursor_tool(self, tool_name, tool_input, output, label, res):
        tid = self.call_id()
        p = self.base("preToolUse")
        p.update({"tool_name": tool_name, "tool_input": tool_input, "tool_use_id": tid, "cwd": self.cwd})
        self.emit(p, label)
        if res:
            q = self.base("postToolUse")
            q.update({"tool_name": tool_name, "tool_input": tool_input, "tool_use_id": tid,
                      "cwd": self.cwd, "tool_output": json.dumps(output, ensure_ascii=False),
                      "duration": 420})
            self.emit(q)

    # steps ---------------------------------------------------------------
    def shell(self, st):
        cmd, out = st["cmd"], st["out"]
        if self.agent == "cc":
            name = "PowerShell" if self.windows else "Bash"
            self.tool(name, {"command": cmd, "description": ""},
                      {"stdout": out, "stderr": "", "interrupted": False}, st["lab"], st["res"])
        elif self.agent == "cx":
            self.tool("Bash", {"command": cmd}, out, st["lab"], st["res"])
        elif self.agent == "gm":
            self.tool("run_shell_command", {"command": cmd, "description": "", "dir_path": self.cwd},
                      out, st["lab"], st["res"])
        else:
            self.cursor_twin("Shell", {"command": cmd})
            p = self.base("beforeShellExecution")
            p.update({"command": cmd, "cwd": self.cwd, "sandbox": False})
            self.emit(p, st["lab"])
            if st["res"]:
                q = self.base("afterShellExecution")
                q.update({"command": cmd, "output": out, "duration": 800, "sandbox": False})
                self.emit(q)

    def read(self, st):
        path, out = st["path"], st["out"]
        if self.agent == "cc":
            self.tool("Read", {"file_path": path},
                      {"type": "text", "file": {"filePath": path, "content": out,
                                                "numLines": out.count("\n") + 1, "startLine": 1,
                                                "totalLines": out.count("\n") + 1}},
                      st["lab"], st["res"])
        elif self.agent == "cx":
            cmd = f"Get-Content -Raw '{path}'" if self.windows else f"cat {path}"
            self.tool("Bash", {"command": cmd}, out, st["lab"], st["res"])
        elif self.agent == "gm":
            self.tool("read_file", {"file_path": path}, out, st["lab"], st["res"])
        else:
            self.cursor_twin("Read", {"file_path": path})
            p = self.base("beforeReadFile")
            p.update({"file_path": path, "content": out, "attachments": []})
            self.emit(p, st["lab"])

    def write(self, st):
        path, content = st["path"], st["content"]
        if self.agent == "cc":
            self.tool("Write", {"file_path": path, "content": content},
                      {"type": "create", "filePath": path, "content": content}, st["lab"], st["res"])
        elif self.agent == "cx":
            body = "\n".join("+" + line for line in content.split("\n"))
            patch = f"*** Begin Patch\n*** Add File: {path}\n{body}\n*** End Patch"
            self.tool("apply_patch", {"command": patch},
                      f"Success. Updated the following files:\nA {path}", st["lab"], st["res"])
        elif self.agent == "gm":
            self.tool("write_file", {"file_path": path, "content": content},
                      f"Successfully created and wrote to new file: {path}.", st["lab"], st["res"])
        else:
            self.cursor_tool("Write", {"file_path": path, "content": content},
                             {"success": True, "path": path}, st["lab"], st["res"])

    def edit(self, st):
        path, old, new = st["path"], st["old"], st["new"]
        if self.agent == "cc":
            self.tool("Edit", {"file_path": path, "old_string": old, "new_string": new},
                      {"filePath": path, "oldString": old, "newString": new, "replaceAll": False},
                      st["lab"], st["res"])
        elif self.agent == "cx":
            minus = "\n".join("-" + line for line in old.split("\n"))
            plus = "\n".join("+" + line for line in new.split("\n"))
            patch = f"*** Begin Patch\n*** Update File: {path}\n@@\n{minus}\n{plus}\n*** End Patch"
            self.tool("apply_patch", {"command": patch},
                      f"Success. Updated the following files:\nM {path}", st["lab"], st["res"])
        elif self.agent == "gm":
            self.tool("replace", {"file_path": path, "old_string": old, "new_string": new},
                      f"Successfully modified file: {path} (1 replacements).", st["lab"], st["res"])
        else:
            self.cursor_tool("Edit", {"file_path": path, "old_string": old, "new_string": new},
                             {"success": True, "path": path}, st["lab"], st["res"])
            if st["res"]:
                p = self.base("afterFileEdit")
                p.update({"file_path": path, "edits": [{"old_string": old, "new_string": new}]})
                self.emit(p)

    def fetch(self, st):
        url, out = st["url"], st["out"]
        if self.agent == "cc":
            self.tool("WebFetch", {"url": url, "prompt": st["ask"]},
                      {"url": url, "code": 200, "codeText": "OK", "result": out,
                       "bytes": len(out.encode()), "durationMs": 640}, st["lab"], st["res"])
        elif self.agent == "cx":
            cmd = f"Invoke-WebRequest -UseBasicParsing '{url}' | Select-Object -Expand Content" \
                if self.windows else f"curl -sL '{url}'"
            self.tool("Bash", {"command": cmd}, out, st["lab"], st["res"])
        elif self.agent == "gm":
            self.tool("web_fetch", {"prompt": f"{st['ask']}: {url}"}, out, st["lab"], st["res"])
        else:
            self.cursor_tool("WebFetch", {"url": url}, {"url": url, "content": out}, st["lab"], st["res"])

    def search(self, st):
        q, out = st["query"], st["out"]
        if self.agent == "cc":
            self.tool("WebSearch", {"query": q}, {"query": q, "results": [out], "durationSeconds": 1.4},
                      st["lab"], st["res"])
        elif self.agent == "cx":
            self.tool("mcp__websearch__query", {"q": q},
                      {"content": [{"type": "text", "text": out}], "isError": False}, st["lab"], st["res"])
        elif self.agent == "gm":
            self.tool("google_web_search", {"query": q}, out, st["lab"], st["res"])
        else:
            self.cursor_tool("WebSearch", {"query": q}, {"results": out}, st["lab"], st["res"])

    def mcp_call(self, st):
        server, tool, args, out = st["server"], st["tool"], st["args"], st["out"]
        text = out if isinstance(out, str) else json.dumps(out, ensure_ascii=False)
        url = st["url"] or f"https://mcp.{server}.example/sse"
        if self.agent == "cc":
            self.tool(f"mcp__{server}__{tool}", args, [{"type": "text", "text": text}], st["lab"], st["res"])
        elif self.agent == "cx":
            self.tool(f"mcp__{server}__{tool}", args,
                      {"content": [{"type": "text", "text": text}], "isError": False}, st["lab"], st["res"])
        elif self.agent == "gm":
            self.tool(f"mcp__{server}__{tool}", args, text, st["lab"], st["res"],
                      extra={"mcp_context": {"server_name": server, "tool_name": tool, "url": url}})
        else:
            self.cursor_twin(f"MCP:{tool}", args)
            arg_s = json.dumps(args, ensure_ascii=False)
            p = self.base("beforeMCPExecution")
            p.update({"tool_name": tool, "tool_input": arg_s, "url": url})
            self.emit(p, st["lab"])
            if st["res"]:
                q = self.base("afterMCPExecution")
                q.update({"tool_name": tool, "tool_input": arg_s,
                          "result_json": json.dumps({"content": [{"type": "text", "text": text}]},
                                                    ensure_ascii=False),
                          "duration": 510})
                self.emit(q)

    def subagent(self, st):
        agent_id = "a" + _digest(self.stem, "sub", str(self.n_calls)).hex()[:16]
        tpath = self.transcript().replace(".jsonl", f"-agent-{agent_id}.jsonl")
        if self.agent == "cc":
            tid = self.call_id()
            inp = {"prompt": st["task"], "description": st["task"][:40], "subagent_type": st["type"]}
            pre = self.base("PreToolUse")
            pre.update({"tool_name": "Agent", "tool_input": inp, "tool_use_id": tid})
            self.emit(pre, st["lab"])
            p = self.base("SubagentStart")
            p.update({"agent_id": agent_id, "agent_type": st["type"]})
            self.emit(p)
            self.sub_ctx = {"id": agent_id, "type": st["type"]}
            self.run(st["steps"])
            self.sub_ctx = None
            p = self.base("SubagentStop")
            p.update({"agent_id": agent_id, "agent_type": st["type"], "agent_transcript_path": tpath,
                      "last_assistant_message": st["summary"], "stop_hook_active": False})
            self.emit(p)
            post = self.base("PostToolUse")
            post.update({"tool_name": "Agent", "tool_input": inp, "tool_use_id": tid,
                         "tool_response": {"content": [{"type": "text", "text": st["summary"]}]}})
            self.emit(post)
        elif self.agent == "cx":
            p = self.base("SubagentStart")
            p.update({"agent_id": agent_id, "agent_type": st["type"]})
            self.emit(p)
            self.sub_ctx = {"id": agent_id, "type": st["type"]}
            self.run(st["steps"])
            self.sub_ctx = None
            p = self.base("SubagentStop")
            p.update({"agent_id": agent_id, "agent_type": st["type"], "agent_transcript_path": tpath,
                      "last_assistant_message": st["summary"], "stop_hook_active": False})
            self.emit(p)
        elif self.agent == "gm":
            inp = {"agent_name": st["type"], "objective": st["task"]}
            pre = self.base("BeforeTool")
            pre.update({"tool_name": "delegate_to_agent", "tool_input": inp})
            self.emit(pre, st["lab"])
            self.run(st["steps"])
            post = self.base("AfterTool")
            post.update({"tool_name": "delegate_to_agent", "tool_input": inp,
                         "tool_response": {"llmContent": st["summary"], "returnDisplay": st["summary"]}})
            self.emit(post)
        else:
            inp = {"description": st["task"][:40], "prompt": st["task"], "subagent_type": st["type"]}
            tid = self.call_id()
            pre = self.base("preToolUse")
            pre.update({"tool_name": "Task", "tool_input": inp, "tool_use_id": tid, "cwd": self.cwd})
            self.emit(pre, st["lab"])
            p = self.base("subagentStart")
            p.update({"subagent_id": agent_id, "subagent_type": st["type"], "task": st["task"],
                      "parent_conversation_id": self.sid, "tool_call_id": tid,
                      "subagent_model": "claude-sonnet-4-5", "is_parallel_worker": False})
            self.emit(p)
            self.run(st["steps"])
            p = self.base("subagentStop")
            p.update({"subagent_id": agent_id, "subagent_type": st["type"], "status": "completed",
                      "task": st["task"], "description": st["task"][:40], "summary": st["summary"],
                      "duration_ms": 9000, "message_count": 4, "tool_call_count": len(st["steps"]),
                      "loop_count": 0, "modified_files": [], "agent_transcript_path": tpath})
            self.emit(p)
            q = self.base("postToolUse")
            q.update({"tool_name": "Task", "tool_input": inp, "tool_use_id": tid, "cwd": self.cwd,
                      "tool_output": json.dumps({"summary": st["summary"]}), "duration": 9000})
            self.emit(q)

    def run(self, steps):
        for st in steps:
            k = st["k"]
            if k == "prompt":
                self.prompt(st["text"])
            elif k == "shell":
                self.shell(st)
            elif k == "read":
                self.read(st)
            elif k == "write":
                self.write(st)
            elif k == "edit":
                self.edit(st)
            elif k == "fetch":
                self.fetch(st)
            elif k == "search":
                self.search(st)
            elif k == "mcp":
                self.mcp_call(st)
            elif k == "sub":
                self.subagent(st)
            elif k == "mode":
                self.mode = st["mode"]
            else:
                raise ValueError(f"{self.stem}: unknown step {k}")


def render(spec: dict) -> dict:
    r = Renderer(spec)
    secrets = fake_secrets(spec["stem"])
    secrets.update({"HOME": r.home, "CWD": r.cwd})
    spec = dict(spec, steps=fill(spec["steps"], secrets), task=fill(spec["task"], secrets),
                desc=fill(spec["desc"], secrets))
    r.spec = spec
    r.last_prompt = ""
    r.start()
    r.run(spec["steps"])
    r.finish()
    doc = {"id": spec["stem"], "session_id": r.sid, "kind": spec["kind"], "domain": spec["domain"],
           "agent_product": AGENTS[spec["agent"]], "description": spec["desc"],
           "expect_alerts": spec["expect"], "forbid_alerts": spec["forbid"]}
    if spec["task"]:
        doc["task"] = spec["task"]
    if spec["timing"]:
        doc["timing"] = spec["timing"]
    doc["events"] = r.events
    return doc


# ---------------------------------------------------------------- forbid lists

NEVER_IN_HOOKS = ["tool.manifest_changed", "tool.poisoned_description", "identity.invalid_token",
                  "identity.revoked_credential_use", "identity.delegation_violation"]
SHORT = ["rate.burst", "loop.repeated_call"]


def forbid(*ids: str) -> list[str]:
    """Detectors that would clearly be false alarms in a short attack session, plus `ids`."""
    return SHORT + [i for i in ids if i not in SHORT]


def b64(text: str) -> str:
    import base64
    return base64.b64encode(text.encode()).decode()


def tags(text: str) -> str:
    """Text hidden in invisible Unicode tag characters (U+E0000 block)."""
    return "".join(chr(0xE0000 + ord(c)) for c in text)


def zw(text: str) -> str:
    """Text with a zero-width space after every third character."""
    return "".join(c + ("\u200b" if i % 3 == 2 else "") for i, c in enumerate(text))
