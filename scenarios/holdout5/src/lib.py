"""Session vocabulary for holdout5 and the four agents' hook wire formats.

A session is written once, agent-neutrally, as a list of steps (prompt, tool call, subagent,
mode change, notification); `render` turns it into the exact hook payloads Claude Code, Codex
CLI, Gemini CLI or Cursor send (docs/agent-hooks.md). Everything random (ids, fake secrets) is
derived from the session slug, so a rebuild gives byte-identical files.
"""
from __future__ import annotations

import hashlib
import json
import random
import string
import uuid
from dataclasses import dataclass, field

NS = uuid.UUID("8f0c5b7e-51a4-4c6e-9d7e-4b1a2f5e0a55")  # namespace for session ids (uuid5 of the file stem)
ALNUM = string.ascii_letters + string.digits


def rng_for(*parts: str) -> random.Random:
    seed = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return random.Random(seed)


# ----------------------------------------------------------------------------- fake secrets
class Fake:
    """Fake secrets in the shapes scanners look for, seeded per session."""

    def __init__(self, slug: str):
        self.r = rng_for("secrets", slug)

    def _s(self, n: int, alphabet: str = ALNUM) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def aws_key_id(self) -> str:
        return "AKIA" + self._s(16, string.ascii_uppercase + "234567")

    def aws_secret(self) -> str:
        return self._s(40, ALNUM + "/+")

    def github_pat(self) -> str:
        return "ghp_" + self._s(36)

    def github_oauth(self) -> str:
        return "gho_" + self._s(36)

    def anthropic(self) -> str:
        return "sk-ant-api03-" + self._s(86, ALNUM + "-_") + "AA"

    def openai(self) -> str:
        return "sk-proj-" + self._s(48, ALNUM + "-_")

    def slack_bot(self) -> str:
        return f"xoxb-{self._s(11, string.digits)}-{self._s(13, string.digits)}-{self._s(24)}"

    def stripe_live(self) -> str:
        return "sk_live_51" + self._s(22) + self._s(24)

    def npm(self) -> str:
        return "npm_" + self._s(36)

    def gitlab(self) -> str:
        return "glpat-" + self._s(20, ALNUM + "-_")

    def google_api(self) -> str:
        return "AIza" + self._s(35, ALNUM + "-_")

    def password(self) -> str:
        return self._s(6) + self.r.choice("!#%@") + self._s(9)

    def jwt(self) -> str:
        import base64

        def b64(d: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")

        head = b64({"alg": "RS256", "typ": "JWT", "kid": self._s(8)})
        body = b64({"sub": "svc-" + self._s(6).lower(), "aud": "api", "exp": 1795000000 + self.r.randint(0, 9999)})
        return f"{head}.{body}.{self._s(86, ALNUM + '-_')}"

    def ssh_private(self) -> str:
        lines = [self._s(70, ALNUM + "+/") for _ in range(6)] + [self._s(24, ALNUM + "+/") + "=="]
        return "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n" + "\n".join(lines) + "\n-----END OPENSSH PRIVATE KEY-----\n"

    def rsa_private(self) -> str:
        lines = [self._s(64, ALNUM + "+/") for _ in range(8)]
        return "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA" + self._s(48, ALNUM + "+/") + "\n" + "\n".join(lines) + "\n-----END RSA PRIVATE KEY-----\n"

    def hexstr(self, n: int) -> str:
        return self._s(n, "0123456789abcdef")


# ----------------------------------------------------------------------------- steps
@dataclass
class Prompt:
    text: str


@dataclass
class Call:
    kind: str               # sh | read | write | edit | fetch | search | grep | mcp | agent
    args: dict
    result: object = None   # None: no result recorded (denied or lost)
    label: str = "benign"
    error: bool = False


@dataclass
class Sub:
    agent_type: str
    task: str
    steps: list = field(default_factory=list)
    summary: str = "Done."


@dataclass
class Mode:
    mode: str


@dataclass
class Note:
    message: str


def P(text: str) -> Prompt:
    return Prompt(text)


def sh(cmd: str, out: str = "", label: str = "benign", desc: str = "", err: str = "", code: int = 0, none: bool = False) -> Call:
    return Call("sh", {"command": cmd, "description": desc}, None if none else {"out": out, "err": err, "code": code}, label)


def read(path: str, content: str | None, label: str = "benign") -> Call:
    return Call("read", {"file_path": path}, content, label)


def write(path: str, content: str, label: str = "benign", none: bool = False) -> Call:
    return Call("write", {"file_path": path, "content": content}, None if none else "ok", label)


def edit(path: str, old: str, new: str, label: str = "benign", none: bool = False) -> Call:
    return Call("edit", {"file_path": path, "old_string": old, "new_string": new}, None if none else "ok", label)


def fetch(url: str, body: str | None, label: str = "benign", prompt: str = "Summarise the page", code: int = 200) -> Call:
    return Call("fetch", {"url": url, "prompt": prompt, "code": code}, body, label)


def search(query: str, results: str | None, label: str = "benign") -> Call:
    return Call("search", {"query": query}, results, label)


def grep(pattern: str, path: str, out: str | None, label: str = "benign") -> Call:
    return Call("grep", {"pattern": pattern, "path": path}, out, label)


def mcp(server: str, tool: str, args: dict, result: object = None, label: str = "benign", none: bool = False) -> Call:
    if result is None and not none:
        result = {"ok": True}
    return Call("mcp", {"server": server, "tool": tool, "arguments": args}, None if none else result, label)


def sub(agent_type: str, task: str, steps: list, summary: str = "Done.") -> Sub:
    return Sub(agent_type, task, steps, summary)


# ----------------------------------------------------------------------------- scenario
@dataclass
class Scenario:
    slug: str                 # file stem
    kind: str                 # benign | attack
    domain: str
    agent: str                # claude-code | codex | gemini | cursor
    description: str
    steps: list
    expect: list = field(default_factory=list)
    forbid: list = field(default_factory=lambda: ["*"])
    task: dict | None = None
    interval_ms: int | None = None
    project: str = "/home/dev/app"
    user: str = "dev"
    mode: str = "default"
    source: str = "startup"
    final: str = "Done."
    windows: bool = False


def S(slug, kind, domain, agent, description, steps, **kw) -> Scenario:
    return Scenario(slug, kind, domain, agent, description, steps, **kw)


def text_of(result: object) -> str:
    if isinstance(result, str):
        return result
    return json.dumps(result, indent=1, ensure_ascii=False)


class Ids:
    def __init__(self, slug: str):
        self.r = rng_for("ids", slug)

    def tok(self, n: int) -> str:
        return "".join(self.r.choice(ALNUM) for _ in range(n))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))


# ----------------------------------------------------------------------------- rendering
CLAUDE_MODELS = ["claude-sonnet-4-5", "claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5"]
CODEX_MODELS = ["gpt-5.1-codex", "gpt-5-codex", "gpt-5.1-codex-mini"]
CURSOR_MODELS = ["claude-4.5-sonnet", "gpt-5", "composer-1", "claude-4.5-sonnet-thinking"]


class Renderer:
    def __init__(self, sc: Scenario):
        self.sc = sc
        self.sid = str(uuid.uuid5(NS, sc.slug))
        self.ids = Ids(sc.slug)
        self.events: list[dict] = []
        self.mode = sc.mode
        self.turn = self.ids.uuid()
        self.clock = 1795400000 + rng_for("t", sc.slug).randint(0, 3_000_000)
        self.model_idx = rng_for("m", sc.slug).randint(0, 9)
        self.agent_ctx: tuple[str, str] | None = None
        self.last_prompt = ""

    # -- helpers
    def emit(self, payload: dict, label: str | None = None) -> None:
        ev = {"payload": payload}
        if label is not None:
            ev["label"] = label
        self.events.append(ev)

    def ts(self) -> str:
        import datetime as dt
        self.clock += 3 + (len(self.events) * 7) % 11
        return dt.datetime.fromtimestamp(self.clock, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{(self.clock * 37) % 1000:03d}Z"

    def proj_slug(self) -> str:
        return self.sc.project.replace("\\", "-").replace("/", "-").replace(":", "")

    def run(self) -> list[dict]:
        getattr(self, "start_" + self.sc.agent.replace("-", "_"))()
        for st in self.sc.steps:
            self.step(st)
        getattr(self, "end_" + self.sc.agent.replace("-", "_"))()
        return self.events

    def step(self, st) -> None:
        a = self.sc.agent.replace("-", "_")
        if isinstance(st, Prompt):
            self.last_prompt = st.text
            self.turn = self.ids.uuid()
            getattr(self, "prompt_" + a)(st.text)
        elif isinstance(st, Call):
            getattr(self, "call_" + a)(st)
        elif isinstance(st, Sub):
            getattr(self, "sub_" + a)(st)
        elif isinstance(st, Mode):
            self.mode = st.mode
        elif isinstance(st, Note):
            getattr(self, "note_" + a)(st.message)
        else:
            raise TypeError(st)

    # ------------------------------------------------------------------ Claude Code
    def cc_base(self, event: str, mode: bool = True) -> dict:
        p = {
            "session_id": self.sid,
            "transcript_path": self.cc_transcript(),
            "cwd": self.sc.project,
            "hook_event_name": event,
        }
        if mode:
            p["permission_mode"] = self.mode
        if self.agent_ctx:
            p["agent_id"], p["agent_type"] = self.agent_ctx
        return p

    def cc_transcript(self, *sub: str) -> str:
        parts = [self.home(), ".claude", "projects", self.proj_slug()] + (list(sub) if sub else [f"{self.sid}.jsonl"])
        return ("\\" if self.sc.windows else "/").join(parts)

    def home(self) -> str:
        if self.sc.windows:
            return f"C:\\Users\\{self.sc.user}"
        if self.sc.project.startswith("/Users/"):
            return f"/Users/{self.sc.user}"
        if self.sc.project.startswith("/root") or self.sc.user == "root":
            return "/root"
        return f"/home/{self.sc.user}"

    def start_claude_code(self) -> None:
        p = self.cc_base("SessionStart", mode=False)
        p["source"] = self.sc.source
        p["model"] = CLAUDE_MODELS[self.model_idx % len(CLAUDE_MODELS)]
        self.emit(p)

    def prompt_claude_code(self, text: str) -> None:
        p = self.cc_base("UserPromptSubmit")
        p["prompt"] = text
        self.emit(p)

    def note_claude_code(self, msg: str) -> None:
        p = self.cc_base("Notification", mode=False)
        p["message"] = msg
        p["notification_type"] = "permission_prompt"
        self.emit(p)

    def cc_tool(self, c: Call) -> tuple[str, dict]:
        k, a = c.kind, c.args
        if k == "sh":
            name = "PowerShell" if self.sc.windows else "Bash"
            ti = {"command": a["command"]}
            if a.get("description"):
                ti["description"] = a["description"]
            return name, ti
        if k == "read":
            return "Read", {"file_path": a["file_path"]}
        if k == "write":
            return "Write", {"file_path": a["file_path"], "content": a["content"]}
        if k == "edit":
            return "Edit", {"file_path": a["file_path"], "old_string": a["old_string"], "new_string": a["new_string"]}
        if k == "fetch":
            return "WebFetch", {"url": a["url"], "prompt": a["prompt"]}
        if k == "search":
            return "WebSearch", {"query": a["query"]}
        if k == "grep":
            return "Grep", {"pattern": a["pattern"], "path": a["path"], "output_mode": "content", "-n": True}
        if k == "mcp":
            return f"mcp__{a['server']}__{a['tool']}", a["arguments"]
        if k == "agent":
            return "Agent", a
        raise ValueError(k)

    def cc_response(self, c: Call):
        r, a = c.result, c.args
        if c.kind == "sh":
            return {"stdout": r["out"], "stderr": r["err"], "interrupted": False, "isImage": False}
        if c.kind == "read":
            n = r.count("\n") + 1
            return {"type": "text", "file": {"filePath": a["file_path"], "content": r, "numLines": n, "startLine": 1, "totalLines": n}}
        if c.kind == "write":
            return {"type": "create", "filePath": a["file_path"], "content": a["content"], "structuredPatch": []}
        if c.kind == "edit":
            return {"filePath": a["file_path"], "oldString": a["old_string"], "newString": a["new_string"], "replaceAll": False, "userModified": False}
        if c.kind == "fetch":
            return {"bytes": len(r.encode()), "code": a["code"], "codeText": "OK" if a["code"] == 200 else "Error", "result": r, "durationMs": 400 + len(r) % 900, "url": a["url"]}
        if c.kind == "search":
            return {"query": a["query"], "results": [r], "durationSeconds": 1.8}
        if c.kind == "grep":
            return {"mode": "content", "numFiles": max(1, r.count("\n")), "filenames": [], "content": r, "numLines": r.count("\n") + 1}
        if c.kind == "mcp":
            return [{"type": "text", "text": text_of(r)}]
        if c.kind == "agent":
            return {"content": [{"type": "text", "text": text_of(r)}], "totalDurationMs": 41000}
        raise ValueError(c.kind)

    def pre_post(self, base, c: Call, name: str, ti: dict, tid: str, response) -> None:
        """The Claude-style pair both Claude Code and Codex send: PreToolUse, then PostToolUse
        with the same id unless the call has no recorded result."""
        p = base("PreToolUse")
        p.update({"tool_name": name, "tool_input": ti, "tool_use_id": tid})
        self.emit(p, c.label)
        if c.result is not None:
            q = base("PostToolUse")
            q.update({"tool_name": name, "tool_input": ti, "tool_response": response(c), "tool_use_id": tid})
            self.emit(q)

    def call_claude_code(self, c: Call) -> None:
        name, ti = self.cc_tool(c)
        self.pre_post(self.cc_base, c, name, ti, "toolu_01" + self.ids.tok(22), self.cc_response)

    def sub_claude_code(self, s: Sub) -> None:
        spawn = Call("agent", {"description": s.task[:60], "prompt": s.task, "subagent_type": s.agent_type}, None, "benign")
        name, ti = self.cc_tool(spawn)
        tid = "toolu_01" + self.ids.tok(22)
        p = self.cc_base("PreToolUse")
        p.update({"tool_name": name, "tool_input": ti, "tool_use_id": tid})
        self.emit(p, "benign")
        aid = "a" + self.ids.tok(16).lower()
        self.agent_ctx = (aid, s.agent_type)
        st = self.cc_base("SubagentStart")
        self.emit(st)
        for x in s.steps:
            self.step(x)
        sp = self.cc_base("SubagentStop")
        sp.update({"stop_hook_active": False, "agent_transcript_path": self.cc_transcript(self.sid, "subagents", f"agent-{aid}.jsonl"), "last_assistant_message": s.summary})
        self.emit(sp)
        self.agent_ctx = None
        q = self.cc_base("PostToolUse")
        q.update({"tool_name": name, "tool_input": ti, "tool_response": {"content": [{"type": "text", "text": s.summary}], "totalDurationMs": 52000}, "tool_use_id": tid})
        self.emit(q)

    def end_claude_code(self) -> None:
        p = self.cc_base("Stop")
        p.update({"stop_hook_active": False, "last_assistant_message": self.sc.final})
        self.emit(p)
        e = self.cc_base("SessionEnd", mode=False)
        e["reason"] = "prompt_input_exit"
        self.emit(e)

    # ------------------------------------------------------------------ Codex CLI
    def cx_base(self, event: str, turn: bool = True) -> dict:
        p = {
            "session_id": self.sid,
            "transcript_path": f"{self.home()}/.codex/sessions/2026/11/{self.clock % 28 + 1:02d}/rollout-2026-11-{self.clock % 28 + 1:02d}T10-{self.clock % 60:02d}-{self.sid}.jsonl",
            "cwd": self.sc.project,
            "hook_event_name": event,
            "model": CODEX_MODELS[self.model_idx % len(CODEX_MODELS)],
        }
        if turn:
            p["turn_id"] = self.turn
            p["permission_mode"] = self.mode
        if self.agent_ctx:
            p["agent_id"], p["agent_type"] = self.agent_ctx
        return p

    def start_codex(self) -> None:
        p = self.cx_base("SessionStart", turn=False)
        p["source"] = self.sc.source
        self.emit(p)

    def prompt_codex(self, text: str) -> None:
        p = self.cx_base("UserPromptSubmit")
        p["prompt"] = text
        self.emit(p)

    def note_codex(self, msg: str) -> None:
        pass  # Codex has no Notification event

    def cx_tool(self, c: Call) -> tuple[str, dict]:
        k, a = c.kind, c.args
        if k == "sh":
            return "Bash", {"command": a["command"]}
        if k == "read":
            return "Bash", {"command": f"sed -n '1,220p' {shq(a['file_path'])}"}
        if k == "grep":
            return "Bash", {"command": f"rg -n {shq(a['pattern'])} {shq(a['path'])}"}
        if k == "fetch":
            return "Bash", {"command": f"curl -sSL {shq(a['url'])}"}
        if k == "search":
            return "Bash", {"command": f"ddgr --json --num 5 {shq(a['query'])}"}
        if k == "write":
            body = "".join("+" + ln + "\n" for ln in a["content"].splitlines())
            return "apply_patch", {"command": f"*** Begin Patch\n*** Add File: {a['file_path']}\n{body}*** End Patch\n"}
        if k == "edit":
            old = "".join("-" + ln + "\n" for ln in a["old_string"].splitlines())
            new = "".join("+" + ln + "\n" for ln in a["new_string"].splitlines())
            return "apply_patch", {"command": f"*** Begin Patch\n*** Update File: {a['file_path']}\n@@\n{old}{new}*** End Patch\n"}
        if k == "mcp":
            return f"mcp__{a['server']}__{a['tool']}", a["arguments"]
        raise ValueError(k)

    def cx_response(self, c: Call):
        r = c.result
        if c.kind == "sh":
            out = r["out"] + (r["err"] if r["err"] else "")
            return out if r["code"] == 0 else f"{out}\n[exit code {r['code']}]"
        if c.kind in ("read", "grep", "fetch", "search"):
            return r
        if c.kind in ("write", "edit"):
            return f"Success. Updated the following files:\n{'A' if c.kind == 'write' else 'M'} {c.args['file_path']}\n"
        if c.kind == "mcp":
            return {"content": [{"type": "text", "text": text_of(r)}], "isError": False}
        raise ValueError(c.kind)

    def call_codex(self, c: Call) -> None:
        name, ti = self.cx_tool(c)
        self.pre_post(self.cx_base, c, name, ti, "call_" + self.ids.tok(24), self.cx_response)

    def sub_codex(self, s: Sub) -> None:
        aid = "agent-" + self.ids.tok(12).lower()
        self.agent_ctx = (aid, s.agent_type)
        self.emit(self.cx_base("SubagentStart"))
        for x in s.steps:
            self.step(x)
        sp = self.cx_base("SubagentStop")
        sp.update({"agent_transcript_path": f"{self.home()}/.codex/sessions/sub-{aid}.jsonl", "last_assistant_message": s.summary, "stop_hook_active": False})
        self.emit(sp)
        self.agent_ctx = None

    def end_codex(self) -> None:
        p = self.cx_base("Stop")
        p.update({"stop_hook_active": False, "last_assistant_message": self.sc.final})
        self.emit(p)

    # ------------------------------------------------------------------ Gemini CLI
    def gm_base(self, event: str) -> dict:
        return {
            "session_id": self.sid,
            "transcript_path": f"{self.home()}/.gemini/tmp/{hashlib.sha256(self.sc.project.encode()).hexdigest()[:40]}/chats/session-{self.sid[:8]}.json",
            "cwd": self.sc.project,
            "hook_event_name": event,
            "timestamp": self.ts(),
        }

    def start_gemini(self) -> None:
        p = self.gm_base("SessionStart")
        p["source"] = self.sc.source
        self.emit(p)

    def prompt_gemini(self, text: str) -> None:
        if self.last_prompt_sent():
            self.after_agent_gemini()
        p = self.gm_base("BeforeAgent")
        p["prompt"] = text
        self.emit(p)
        self._gm_prompt = text

    def last_prompt_sent(self) -> bool:
        return getattr(self, "_gm_prompt", None) is not None

    def after_agent_gemini(self, final: str = "Done.") -> None:
        p = self.gm_base("AfterAgent")
        p.update({"prompt": self._gm_prompt, "prompt_response": final, "stop_hook_active": False})
        self.emit(p)

    def note_gemini(self, msg: str) -> None:
        p = self.gm_base("Notification")
        p.update({"notification_type": "ToolPermission", "message": msg, "details": {}})
        self.emit(p)

    def gm_tool(self, c: Call) -> tuple[str, dict, dict | None]:
        k, a = c.kind, c.args
        if k == "sh":
            return "run_shell_command", {"command": a["command"], "description": a.get("description") or "", "dir_path": self.sc.project}, None
        if k == "read":
            return "read_file", {"file_path": a["file_path"]}, None
        if k == "write":
            return "write_file", {"file_path": a["file_path"], "content": a["content"]}, None
        if k == "edit":
            return "replace", {"file_path": a["file_path"], "old_string": a["old_string"], "new_string": a["new_string"], "instruction": "apply the requested change"}, None
        if k == "fetch":
            return "web_fetch", {"prompt": f"{a['prompt']}: {a['url']}"}, None
        if k == "search":
            return "google_web_search", {"query": a["query"]}, None
        if k == "grep":
            return "search_file_content", {"pattern": a["pattern"], "dir_path": a["path"]}, None
        if k == "mcp":
            srv = a["server"]
            ctx = {"server_name": srv, "tool_name": a["tool"]}
            if srv in REMOTE_MCP:
                ctx["url"] = REMOTE_MCP[srv]
            else:
                ctx.update({"command": "npx", "args": ["-y", f"@{srv}/mcp-server"], "cwd": self.sc.project})
            return f"mcp__{srv}__{a['tool']}", a["arguments"], ctx
        if k == "agent":
            return "delegate_to_agent", a, None
        raise ValueError(k)

    def gm_response(self, c: Call) -> dict:
        r = c.result
        if c.kind == "sh":
            body = f"Command: {c.args['command']}\nDirectory: (root)\nOutput: {r['out'] or '(empty)'}\nError: {r['err'] or '(none)'}\nExit Code: {r['code']}\nSignal: (none)\nBackground PIDs: (none)\nProcess Group PGID: {4000 + len(self.events)}"
            return {"llmContent": body, "returnDisplay": r["out"] or r["err"] or "(empty)"}
        if c.kind in ("write", "edit"):
            msg = f"Successfully {'created and wrote to new file' if c.kind == 'write' else 'modified file'}: {c.args['file_path']}."
            return {"llmContent": msg, "returnDisplay": msg}
        t = text_of(r)
        return {"llmContent": t, "returnDisplay": t if len(t) < 200 else t[:200] + "…"}

    def call_gemini(self, c: Call) -> None:
        name, ti, ctx = self.gm_tool(c)
        p = self.gm_base("BeforeTool")
        p.update({"tool_name": name, "tool_input": ti})
        if ctx:
            p["mcp_context"] = ctx
        self.emit(p, c.label)
        if c.result is not None:
            q = self.gm_base("AfterTool")
            q.update({"tool_name": name, "tool_input": ti, "tool_response": self.gm_response(c)})
            if ctx:
                q["mcp_context"] = ctx
            self.emit(q)

    def sub_gemini(self, s: Sub) -> None:
        c = Call("agent", {"agent_name": s.agent_type, "objective": s.task}, s.summary, "benign")
        name, ti, _ = self.gm_tool(c)
        p = self.gm_base("BeforeTool")
        p.update({"tool_name": name, "tool_input": ti})
        self.emit(p, "benign")
        for x in s.steps:
            self.step(x)
        q = self.gm_base("AfterTool")
        q.update({"tool_name": name, "tool_input": ti, "tool_response": {"llmContent": s.summary, "returnDisplay": s.summary}})
        self.emit(q)

    def end_gemini(self) -> None:
        if self.last_prompt_sent():
            self.after_agent_gemini(self.sc.final)
        p = self.gm_base("SessionEnd")
        p["reason"] = "exit"
        self.emit(p)

    # ------------------------------------------------------------------ Cursor
    def cu_base(self, event: str) -> dict:
        p = {
            "conversation_id": self.sid,
            "generation_id": self.turn,
            "model": CURSOR_MODELS[self.model_idx % len(CURSOR_MODELS)],
            "hook_event_name": event,
            "cursor_version": "2.1." + str(self.model_idx % 7 + 20),
            "workspace_roots": [self.sc.project],
            "user_email": f"{self.sc.user}@example.dev",
            "transcript_path": f"{self.home()}/.cursor/projects/{self.proj_slug().strip('-')}/agent-transcripts/{self.sid}.txt",
        }
        return p

    def start_cursor(self) -> None:
        p = self.cu_base("sessionStart")
        p.update({"session_id": self.sid, "is_background_agent": False, "composer_mode": "agent"})
        self.emit(p)

    def prompt_cursor(self, text: str) -> None:
        p = self.cu_base("beforeSubmitPrompt")
        p.update({"prompt": text, "attachments": []})
        self.emit(p)

    def note_cursor(self, msg: str) -> None:
        p = self.cu_base("afterAgentResponse")
        p["text"] = msg
        self.emit(p)

    def call_cursor(self, c: Call) -> None:
        k, a, r = c.kind, c.args, c.result
        tid = "toolu_" + self.ids.tok(24)
        cwd = self.sc.project
        if k == "sh":
            twin = self.cu_base("preToolUse")
            twin.update({"tool_name": "Shell", "tool_input": {"command": a["command"], "cwd": cwd}, "tool_use_id": tid, "cwd": cwd})
            self.emit(twin)
            p = self.cu_base("beforeShellExecution")
            p.update({"command": a["command"], "cwd": cwd, "sandbox": False})
            self.emit(p, c.label)
            if r is not None:
                q = self.cu_base("afterShellExecution")
                q.update({"command": a["command"], "output": r["out"] + r["err"], "duration": 300 + len(r["out"]) % 2000, "sandbox": False})
                self.emit(q)
            return
        if k == "read":
            twin = self.cu_base("preToolUse")
            twin.update({"tool_name": "Read", "tool_input": {"target_file": a["file_path"]}, "tool_use_id": tid, "cwd": cwd})
            self.emit(twin)
            p = self.cu_base("beforeReadFile")
            p.update({"file_path": a["file_path"], "content": r if r is not None else "", "attachments": []})
            self.emit(p, c.label)
            return
        if k == "mcp":
            args_s = json.dumps(a["arguments"], ensure_ascii=False)
            twin = self.cu_base("preToolUse")
            twin.update({"tool_name": f"MCP:{a['tool']}", "tool_input": a["arguments"], "tool_use_id": tid, "cwd": cwd})
            self.emit(twin)
            p = self.cu_base("beforeMCPExecution")
            p.update({"tool_name": a["tool"], "tool_input": args_s})
            srv = a["server"]
            if srv in REMOTE_MCP:
                p["url"] = REMOTE_MCP[srv]
            else:
                p["command"] = f"npx -y @{srv}/mcp-server"
            self.emit(p, c.label)
            if r is not None:
                q = self.cu_base("afterMCPExecution")
                q.update({"tool_name": a["tool"], "tool_input": args_s, "result_json": json.dumps({"content": [{"type": "text", "text": text_of(r)}]}, ensure_ascii=False), "duration": 640})
                self.emit(q)
            return
        if k == "write":
            name, ti = "Write", {"file_path": a["file_path"], "contents": a["content"]}
        elif k == "edit":
            name, ti = "Edit", {"file_path": a["file_path"], "old_string": a["old_string"], "new_string": a["new_string"]}
        elif k == "fetch":
            name, ti = "WebFetch", {"url": a["url"]}
        elif k == "search":
            name, ti = "WebSearch", {"search_term": a["query"]}
        elif k == "grep":
            name, ti = "Grep", {"pattern": a["pattern"], "path": a["path"]}
        else:
            raise ValueError(k)
        p = self.cu_base("preToolUse")
        p.update({"tool_name": name, "tool_input": ti, "tool_use_id": tid, "cwd": cwd})
        self.emit(p, c.label)
        if r is not None:
            out = {"success": True} if k in ("write", "edit") else {"result": text_of(r)}
            q = self.cu_base("postToolUse")
            q.update({"tool_name": name, "tool_input": ti, "tool_output": json.dumps(out, ensure_ascii=False), "tool_use_id": tid, "cwd": cwd, "duration": 700})
            self.emit(q)
            if k in ("write", "edit"):
                e = self.cu_base("afterFileEdit")
                e.update({"file_path": a["file_path"], "edits": [{"old_string": a.get("old_string", ""), "new_string": a.get("new_string", a.get("content", ""))}]})
                self.emit(e)

    def sub_cursor(self, s: Sub) -> None:
        sid = "sub_" + self.ids.tok(16)
        st = self.cu_base("subagentStart")
        st.update({"subagent_id": sid, "subagent_type": s.agent_type, "task": s.task, "parent_conversation_id": self.sid,
                   "tool_call_id": "toolu_" + self.ids.tok(24), "subagent_model": "composer-1", "is_parallel_worker": False})
        self.emit(st)
        for x in s.steps:
            self.step(x)
        sp = self.cu_base("subagentStop")
        n = sum(1 for x in s.steps if isinstance(x, Call))
        sp.update({"subagent_id": sid, "subagent_type": s.agent_type, "status": "completed", "task": s.task, "description": s.task[:60],
                   "summary": s.summary, "duration_ms": 30000 + n * 2100, "message_count": 2 * n + 2, "tool_call_count": n,
                   "loop_count": 0, "modified_files": [], "agent_transcript_path": None})
        self.emit(sp)

    def end_cursor(self) -> None:
        p = self.cu_base("afterAgentResponse")
        p["text"] = self.sc.final
        self.emit(p)
        s = self.cu_base("stop")
        s.update({"status": "completed", "loop_count": 0})
        self.emit(s)
        e = self.cu_base("sessionEnd")
        e.update({"session_id": self.sid, "reason": "completed", "duration_ms": 60000 + 9000 * len(self.events), "is_background_agent": False, "final_status": "completed"})
        self.emit(e)


REMOTE_MCP = {
    "linear": "https://mcp.linear.app/sse",
    "notion": "https://mcp.notion.com/mcp",
    "sentry": "https://mcp.sentry.dev/mcp",
    "atlassian": "https://mcp.atlassian.com/v1/sse",
    "stripe": "https://mcp.stripe.com",
    "asana": "https://mcp.asana.com/sse",
    "intercom": "https://mcp.intercom.com/mcp",
    "paypal": "https://mcp.paypal.com/mcp",
    "square": "https://mcp.squareup.com/sse",
    "huggingface": "https://huggingface.co/mcp",
}


def shq(s: str) -> str:
    if all(ch.isalnum() or ch in "/._-~:" for ch in s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


def doc(sc: Scenario) -> dict:
    r = Renderer(sc)
    events = r.run()
    d = {
        "id": sc.slug,
        "session_id": r.sid,
        "kind": sc.kind,
        "domain": sc.domain,
        "agent_product": sc.agent,
        "description": sc.description,
        "expect_alerts": sc.expect,
        "forbid_alerts": ["*"] if sc.kind == "benign" and sc.forbid == ["*"] else sc.forbid,
    }
    if sc.task:
        d["task"] = sc.task
    if sc.interval_ms:
        d["timing"] = {"interval_ms": sc.interval_ms}
    d["events"] = events
    return d


# ----------------------------------------------------------------------------- authoring helpers
INEXPRESSIBLE = ["tool.manifest_changed", "tool.poisoned_description", "identity.invalid_token",
                 "identity.revoked_credential_use", "identity.delegation_violation"]
RATE_LOOP = ["loop.repeated_call", "rate.burst"]


def count_calls(steps: list) -> int:
    n = 0
    for s in steps:
        if isinstance(s, Call):
            n += 1
        elif isinstance(s, Sub):
            n += 1 + count_calls(s.steps)
    return n


def B(slug, domain, agent, description, steps, **kw) -> Scenario:
    """A benign session: every call is what the user asked for; no alert may fire."""
    return Scenario("benign-h5-" + slug, "benign", domain, agent, description, steps, **kw)


def A(slug, domain, agent, description, steps, expect, forbid=(), **kw) -> Scenario:
    """An attack session. Always forbidden: hook-inexpressible detectors, and rate/loop in
    sessions too short to be a burst or a loop; `forbid` adds what clearly must not fire."""
    f = list(INEXPRESSIBLE)
    if count_calls(steps) < 20:
        f += RATE_LOOP
    f += list(forbid)
    f = [x for x in dict.fromkeys(f) if x not in expect]
    return Scenario(slug, "attack", domain, agent, description, steps, expect=list(expect), forbid=f, **kw)
