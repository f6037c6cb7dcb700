"""Agent-neutral session vocabulary -> each agent's exact hook payloads (stdlib only).

A session is a list of steps:
  ("prompt", text)
  ("shell", command, output, label)
  ("read", path, content, label)
  ("write", path, content, label)
  ("fetch", url, body, label)
  ("mcp", server, tool, args, result_text, label)
  ("mode", permission_mode)            # Claude/Codex payloads carry the new mode from here on
Output None means the recording kept no result for that call.
Everything variable (UUIDs, call ids, timestamps) derives from the file stem, so a rebuild is
byte-identical.
"""
from __future__ import annotations

import hashlib
import json
import string

ALNUM = string.ascii_letters + string.digits


def digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode()).digest()


def uuid_for(stem: str) -> str:
    h = digest("h7-session", stem).hex()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def pick(seed: str, n: int, alphabet: str = ALNUM) -> str:
    """n characters drawn deterministically from alphabet."""
    out, counter = [], 0
    while len(out) < n:
        for b in digest(seed, str(counter)):
            out.append(alphabet[b % len(alphabet)])
        counter += 1
    return "".join(out[:n])


class Fake:
    """Fake secrets in the shapes scanners look for, seeded by the session stem."""

    def __init__(self, stem: str):
        self.stem = stem

    def _p(self, kind: str, n: int, alphabet: str = ALNUM) -> str:
        return pick(self.stem + ":" + kind, n, alphabet)

    def aws_id(self):
        return "AKIA" + self._p("akia", 16, string.ascii_uppercase + "234567")

    def aws_secret(self):
        return self._p("awss", 40, ALNUM + "/+")

    def ghp(self):
        return "ghp_" + self._p("ghp", 36)

    def glpat(self):
        return "glpat-" + self._p("glpat", 20)

    def anthropic(self):
        return "sk-ant-api03-" + self._p("ant", 86) + "-" + self._p("ant2", 6) + "AA"

    def openai(self):
        return "sk-proj-" + self._p("oai", 48)

    def slack(self):
        return "xoxb-" + self._p("sl1", 12, string.digits) + "-" + self._p("sl2", 13, string.digits) + "-" + self._p("sl3", 24)

    def stripe(self):
        return "sk_live_51" + self._p("stripe", 30)

    def npm(self):
        return "npm_" + self._p("npm", 36)

    def google(self):
        return "AIza" + self._p("gapi", 35, ALNUM + "-_")

    def password(self):
        return self._p("pw", 18)

    def ssh_key(self):
        body = "\n".join(self._p("ssh" + str(i), 70, ALNUM + "+/") for i in range(5))
        return ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"
                + body + "\n-----END OPENSSH PRIVATE KEY-----\n")


GEMINI_TOOL = {"shell": "run_shell_command", "read": "read_file", "write": "write_file", "fetch": "web_fetch"}


class Emitter:
    def __init__(self, spec: dict):
        self.spec = spec
        self.stem = spec["id"]
        self.agent = spec["agent"]
        self.sid = uuid_for(self.stem)
        self.cwd = spec.get("cwd", "/home/dev/project")
        self.mode = spec.get("mode", "default")
        self.n = 0
        self.turn = 0
        self.events: list[dict] = []
        self.clock = 1763700000 + int.from_bytes(digest("t", self.stem)[:3], "big")

    # ---- ids and common fields -------------------------------------------------
    def call_id(self) -> str:
        self.n += 1
        prefix = "call_" if self.agent == "codex" else "toolu_"
        return prefix + pick(self.stem + "#" + str(self.n), 24)

    def stamp(self) -> str:
        import datetime
        self.clock += 3
        return datetime.datetime.fromtimestamp(self.clock, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def turn_id(self) -> str:
        h = digest("turn", self.stem, str(self.turn)).hex()
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"

    def base(self, name: str) -> dict:
        a = self.agent
        proj = self.cwd.rstrip("/").split("/")[-1] or "root"
        if a == "claude-code":
            p = {"session_id": self.sid,
                 "transcript_path": f"/home/dev/.claude/projects/{proj}/{self.sid}.jsonl",
                 "cwd": self.cwd, "hook_event_name": name}
            if name not in ("SessionStart", "SessionEnd", "Notification"):
                p["permission_mode"] = self.mode
            return p
        if a == "codex":
            p = {"session_id": self.sid,
                 "transcript_path": f"/home/dev/.codex/sessions/2026/11/rollout-{self.sid}.jsonl",
                 "cwd": self.cwd, "hook_event_name": name, "model": "gpt-5.1-codex"}
            if name != "SessionStart":
                p["turn_id"] = self.turn_id()
                p["permission_mode"] = self.mode
            return p
        if a == "gemini":
            return {"session_id": self.sid,
                    "transcript_path": f"/home/dev/.gemini/tmp/{proj}/chats/session-{self.sid}.json",
                    "cwd": self.cwd, "hook_event_name": name, "timestamp": self.stamp()}
        gen = digest("gen", self.stem, str(self.turn)).hex()
        return {"conversation_id": self.sid,
                "generation_id": f"{gen[:8]}-{gen[8:12]}-4{gen[13:16]}-9{gen[17:20]}-{gen[20:32]}",
                "model": "claude-sonnet-4.5", "hook_event_name": name, "cursor_version": "2.1.4",
                "workspace_roots": [self.cwd], "user_email": "dev@example.test",
                "transcript_path": None}

    def add(self, payload: dict, label: str | None = None) -> None:
        ev = {"payload": payload}
        if label is not None:
            ev["label"] = label
        self.events.append(ev)

    # ---- lifecycle -------------------------------------------------------------
    def start(self):
        a = self.agent
        if a == "cursor":
            p = self.base("sessionStart")
            p.update({"session_id": self.sid, "is_background_agent": False, "composer_mode": "agent"})
        else:
            p = self.base("SessionStart")
            p["source"] = "startup"
        self.add(p)

    def prompt(self, text: str):
        self.turn += 1
        name = {"claude-code": "UserPromptSubmit", "codex": "UserPromptSubmit",
                "gemini": "BeforeAgent", "cursor": "beforeSubmitPrompt"}[self.agent]
        p = self.base(name)
        p["prompt"] = text
        if self.agent == "cursor":
            p["attachments"] = []
        self.add(p)

    def finish(self, last: str):
        a = self.agent
        if a == "cursor":
            p = self.base("stop"); p.update({"status": "completed", "loop_count": 0}); self.add(p)
            p = self.base("sessionEnd")
            p.update({"session_id": self.sid, "reason": "completed", "duration_ms": 60000 + self.n * 1000,
                      "is_background_agent": False, "final_status": "completed"})
            self.add(p)
        elif a == "gemini":
            p = self.base("AfterAgent")
            p.update({"prompt": "", "prompt_response": last, "stop_hook_active": False}); self.add(p)
            p = self.base("SessionEnd"); p["reason"] = "exit"; self.add(p)
        else:
            p = self.base("Stop")
            p.update({"stop_hook_active": False, "last_assistant_message": last}); self.add(p)
            if a == "claude-code":
                p = self.base("SessionEnd"); p["reason"] = "prompt_input_exit"; self.add(p)

    # ---- tool calls ------------------------------------------------------------
    def tool(self, kind: str, args: tuple, label: str):
        getattr(self, "_" + self.agent.replace("-", "_"))(kind, args, label)

    def _claude_code(self, kind, args, label):
        name, tin, out = self._claude_shape(kind, args)
        tid = self.call_id()
        p = self.base("PreToolUse"); p.update({"tool_name": name, "tool_input": tin, "tool_use_id": tid})
        self.add(p, label)
        if out is not None:
            p = self.base("PostToolUse")
            p.update({"tool_name": name, "tool_input": tin, "tool_response": out, "tool_use_id": tid})
            self.add(p)

    def _claude_shape(self, kind, args):
        if kind == "shell":
            cmd, out = args
            return "Bash", {"command": cmd, "description": ""}, (
                None if out is None else {"stdout": out, "stderr": "", "interrupted": False, "isImage": False})
        if kind == "read":
            path, content = args
            return "Read", {"file_path": path}, (None if content is None else {
                "type": "text", "file": {"filePath": path, "content": content,
                                         "numLines": content.count("\n") + 1, "startLine": 1,
                                         "totalLines": content.count("\n") + 1}})
        if kind == "write":
            path, content = args
            return "Write", {"file_path": path, "content": content}, {"type": "create", "filePath": path, "content": content}
        if kind == "fetch":
            url, body = args
            return "WebFetch", {"url": url, "prompt": "Return the page's main content."}, (
                None if body is None else {"bytes": len(body), "code": 200, "codeText": "OK", "result": body,
                                           "durationMs": 412, "url": url})
        server, tool, targs, res = args
        return f"mcp__{server}__{tool}", targs, (None if res is None else [{"type": "text", "text": res}])

    def _codex(self, kind, args, label):
        if kind == "shell":
            name, tin, out = "Bash", {"command": args[0]}, args[1]
        elif kind == "read":
            name, tin, out = "Bash", {"command": f"sed -n '1,200p' {args[0]}"}, args[1]
        elif kind == "fetch":
            name, tin, out = "Bash", {"command": f"curl -sL '{args[0]}'"}, args[1]
        elif kind == "write":
            body = "\n".join("+" + line for line in args[1].split("\n"))
            name, tin, out = "apply_patch", {"command": f"*** Begin Patch\n*** Add File: {args[0]}\n{body}\n*** End Patch\n"}, f"Success. Updated the following files:\nA {args[0]}\n"
        else:
            server, tool, targs, res = args
            name, tin = f"mcp__{server}__{tool}", targs
            out = None if res is None else {"content": [{"type": "text", "text": res}], "isError": False}
        tid = self.call_id()
        p = self.base("PreToolUse"); p.update({"tool_name": name, "tool_input": tin, "tool_use_id": tid})
        self.add(p, label)
        if out is not None:
            p = self.base("PostToolUse")
            p.update({"tool_name": name, "tool_input": tin, "tool_response": out, "tool_use_id": tid})
            self.add(p)

    def _gemini(self, kind, args, label):
        extra = {}
        if kind == "shell":
            name, tin, out = "run_shell_command", {"command": args[0], "description": "", "dir_path": self.cwd}, args[1]
        elif kind == "read":
            name, tin, out = "read_file", {"file_path": args[0]}, args[1]
        elif kind == "write":
            name, tin, out = "write_file", {"file_path": args[0], "content": args[1]}, f"Successfully created and wrote to new file: {args[0]}."
        elif kind == "fetch":
            name, tin, out = "web_fetch", {"prompt": f"Summarise {args[0]}"}, args[1]
        else:
            server, tool, targs, res = args
            name, tin, out = f"mcp__{server}__{tool}", targs, res
            extra = {"mcp_context": {"server_name": server, "tool_name": tool,
                                     "url": f"https://mcp.{server}.example.test/mcp"}}
        p = self.base("BeforeTool"); p.update({"tool_name": name, "tool_input": tin}); p.update(extra)
        self.add(p, label)
        if out is not None:
            p = self.base("AfterTool")
            p.update({"tool_name": name, "tool_input": tin,
                      "tool_response": {"llmContent": out, "returnDisplay": out[:200]}})
            p.update(extra)
            self.add(p)

    def _cursor(self, kind, args, label):
        tid = self.call_id()
        if kind == "shell":
            cmd, out = args
            p = self.base("preToolUse"); p.update({"tool_name": "Shell", "tool_input": {"command": cmd}, "tool_use_id": tid, "cwd": self.cwd}); self.add(p)
            p = self.base("beforeShellExecution"); p.update({"command": cmd, "cwd": self.cwd, "sandbox": False}); self.add(p, label)
            if out is not None:
                p = self.base("afterShellExecution"); p.update({"command": cmd, "output": out, "duration": 840, "sandbox": False}); self.add(p)
        elif kind == "read":
            path, content = args
            p = self.base("preToolUse"); p.update({"tool_name": "Read", "tool_input": {"file_path": path}, "tool_use_id": tid, "cwd": self.cwd}); self.add(p)
            p = self.base("beforeReadFile"); p.update({"file_path": path, "content": content or "", "attachments": []}); self.add(p, label)
        elif kind in ("write", "fetch"):
            if kind == "write":
                name, tin, outj = "Write", {"file_path": args[0], "content": args[1]}, json.dumps({"success": True})
            else:
                name, tin = "WebFetch", {"url": args[0]}
                outj = None if args[1] is None else json.dumps({"url": args[0], "content": args[1]})
            p = self.base("preToolUse"); p.update({"tool_name": name, "tool_input": tin, "tool_use_id": tid, "cwd": self.cwd}); self.add(p, label)
            if outj is not None:
                p = self.base("postToolUse"); p.update({"tool_name": name, "tool_input": tin, "tool_output": outj, "tool_use_id": tid, "cwd": self.cwd, "duration": 300}); self.add(p)
            if kind == "write":
                p = self.base("afterFileEdit"); p.update({"file_path": args[0], "edits": [{"old_string": "", "new_string": args[1]}]}); self.add(p)
        else:
            server, tool, targs, res = args
            s = json.dumps(targs, ensure_ascii=False)
            p = self.base("preToolUse"); p.update({"tool_name": "MCP:" + tool, "tool_input": targs, "tool_use_id": tid, "cwd": self.cwd}); self.add(p)
            p = self.base("beforeMCPExecution"); p.update({"tool_name": tool, "tool_input": s, "url": f"https://mcp.{server}.example.test/mcp"}); self.add(p, label)
            if res is not None:
                p = self.base("afterMCPExecution"); p.update({"tool_name": tool, "tool_input": s, "result_json": json.dumps({"content": [{"type": "text", "text": res}]}, ensure_ascii=False), "duration": 510}); self.add(p)


def render(spec: dict) -> dict:
    em = Emitter(spec)
    em.start()
    for step in spec["steps"]:
        kind = step[0]
        if kind == "prompt":
            em.prompt(step[1])
        elif kind == "mode":
            em.mode = step[1]
        elif kind == "mcp":
            em.tool("mcp", step[1:5], step[5])
        else:
            em.tool(kind, step[1:3], step[3])
    em.finish(spec.get("last", "Done."))
    doc = {"id": spec["id"], "session_id": em.sid, "kind": spec["kind"], "domain": spec["domain"],
           "agent_product": spec["agent"], "description": spec["desc"],
           "expect_alerts": spec["expect"], "forbid_alerts": spec["forbid"]}
    if spec.get("task"):
        doc["task"] = spec["task"]
    if spec.get("interval_ms"):
        doc["timing"] = {"interval_ms": spec["interval_ms"]}
    doc["events"] = em.events
    return doc
