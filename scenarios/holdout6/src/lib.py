"""Agent-neutral session vocabulary for holdout6, and its translation to each agent's hooks.

A session is written once as a list of steps (prompt, shell, read, write, edit, fetch, search,
grep, mcp, subagent, permission-mode change) and emitted exactly as Claude Code, Codex CLI,
Gemini CLI or Cursor would send it to a hook (docs/agent-hooks.md). Everything that looks random
(UUIDs, call ids, timestamps, fake secrets) is derived from the file stem, so a rebuild is
byte-identical.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

AGENTS = ("claude-code", "codex", "gemini", "cursor")
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def digest(*parts: str) -> bytes:
    return hashlib.sha256("|".join(parts).encode()).digest() + hashlib.sha512("|".join(parts).encode()).digest()


def chars(alphabet: str, n: int, *parts: str) -> str:
    """n characters from alphabet, derived from parts (deterministic)."""
    raw = digest(*parts)
    while len(raw) < n:
        raw += digest(*parts, str(len(raw)))
    return "".join(alphabet[b % len(alphabet)] for b in raw[:n])


def det_uuid(*parts: str) -> str:
    return str(uuid.UUID(bytes=digest(*parts)[:16], version=4))


class Fake:
    """Fake secrets in the shapes scanners look for, unique to one session."""

    def __init__(self, stem: str):
        self.stem = stem

    def _c(self, alpha: str, n: int, tag: str) -> str:
        return chars(alpha, n, self.stem, tag)

    def aws_id(self, t="a"):
        return "AKIA" + self._c("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, "akia" + t)

    def aws_secret(self, t="a"):
        return self._c(B62 + "/+", 40, "awss" + t)

    def ghp(self, t="a"):
        return "ghp_" + self._c(B62, 36, "ghp" + t)

    def github_pat(self, t="a"):
        return "github_pat_11" + self._c(B62, 20, "ghpat1" + t) + "_" + self._c(B62, 59, "ghpat2" + t)

    def anthropic(self, t="a"):
        return "sk-ant-api03-" + self._c(B62 + "-_", 93, "ant" + t) + "AA"

    def openai(self, t="a"):
        return "sk-proj-" + self._c(B62 + "-_", 56, "oai" + t)

    def slack(self, t="a"):
        return "xoxb-" + self._c("0123456789", 12, "sl1" + t) + "-" + self._c("0123456789", 13, "sl2" + t) + "-" + self._c(B62, 24, "sl3" + t)

    def stripe(self, t="a"):
        return "sk_live_51" + self._c(B62, 96, "str" + t)

    def npm(self, t="a"):
        return "npm_" + self._c(B62, 36, "npm" + t)

    def gitlab(self, t="a"):
        return "glpat-" + self._c(B62 + "-_", 20, "glp" + t)

    def google(self, t="a"):
        return "AIza" + self._c(B62 + "-_", 35, "gapi" + t)

    def password(self, t="a"):
        return self._c(B62, 14, "pw" + t) + "!" + self._c("0123456789", 2, "pwd" + t)

    def hexkey(self, n=40, t="a"):
        return self._c("0123456789abcdef", n, "hex" + t)

    def jwt(self, t="a", sub="svc-reporting"):
        import base64

        def b64(d):
            return base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")

        head = b64({"alg": "RS256", "typ": "JWT", "kid": self._c(B62, 8, "kid" + t)})
        body = b64({"sub": sub, "iss": "https://auth.internal.example", "exp": 1795000000 + int(self._c("0123456789", 6, "exp" + t))})
        return f"{head}.{body}.{self._c(B62 + '-_', 86, 'sig' + t)}"

    def ssh_private(self, t="a"):
        body = self._c(B62 + "+/", 280, "ssh" + t)
        lines = [body[i:i + 70] for i in range(0, len(body), 70)]
        return "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n" + "\n".join(lines) + "\n-----END OPENSSH PRIVATE KEY-----\n"


@dataclass
class Step:
    kind: str
    args: dict
    label: str | None = None


@dataclass
class Session:
    stem: str
    kind: str
    domain: str
    agent: str
    description: str
    expect: list
    forbid: list
    task: dict | None = None
    timing: int | None = None
    cwd: str = "/home/dev/project"
    home: str = "/home/dev"
    mode: str = "default"
    model: str = ""
    steps: list = field(default_factory=list)

    def __post_init__(self):
        self.fake = Fake(self.stem)

    # ---- vocabulary -------------------------------------------------------------------------
    def _add(self, kind, label=None, **args):
        self.steps.append(Step(kind, args, label))
        return self

    def prompt(self, text):
        return self._add("prompt", text=text)

    def say(self, text):
        """What the assistant answered at the end of the current turn."""
        return self._add("say", text=text)

    def shell(self, command, out="", label="benign", err="", code=0, result=True, ps=False):
        return self._add("shell", label, command=command, out=out, err=err, code=code, result=result, ps=ps)

    def read(self, path, content, label="benign", result=True):
        return self._add("read", label, path=self.abs(path), content=content, result=result)

    def write(self, path, content, label="benign", result=True):
        return self._add("write", label, path=self.abs(path), content=content, result=result)

    def edit(self, path, old, new, label="benign", result=True):
        return self._add("edit", label, path=self.abs(path), old=old, new=new, result=result)

    def fetch(self, url, content, label="benign", ask="Summarise this page", result=True):
        return self._add("fetch", label, url=url, content=content, ask=ask, result=result)

    def search(self, query, results, label="benign", result=True):
        return self._add("search", label, query=query, results=results, result=result)

    def grep(self, pattern, path, out, label="benign", result=True):
        return self._add("grep", label, pattern=pattern, path=self.abs(path), out=out, result=result)

    def mcp(self, server, tool, args, out, label="benign", result=True, error=False):
        return self._add("mcp", label, server=server, tool=tool, input=args, out=out, result=result, error=error)

    def sub_start(self, agent_type, task, label="benign"):
        return self._add("sub_start", label, type=agent_type, task=task)

    def sub_stop(self, summary):
        return self._add("sub_stop", summary=summary)

    def set_mode(self, mode):
        return self._add("mode", mode=mode)

    def notify(self, message):
        return self._add("notify", message=message)

    def abs(self, path):
        if path.startswith("~/"):
            return self.home + path[1:]
        if path.startswith("/") or (len(path) > 2 and path[1] == ":"):
            return path
        sep = "\\" if self.windows else "/"
        return self.cwd.rstrip(sep) + sep + path.replace("/", sep)

    @property
    def windows(self):
        return len(self.cwd) > 2 and self.cwd[1] == ":"

    # ---- emission ---------------------------------------------------------------------------
    def to_doc(self):
        emit = {"claude-code": Claude, "codex": Codex, "gemini": Gemini, "cursor": Cursor}[self.agent](self)
        events = emit.run()
        doc = {
            "id": self.stem,
            "session_id": emit.sid,
            "kind": self.kind,
            "domain": self.domain,
            "agent_product": self.agent,
            "description": self.description,
            "expect_alerts": list(self.expect),
            "forbid_alerts": list(self.forbid),
        }
        if self.task:
            doc["task"] = self.task
        if self.timing:
            doc["timing"] = {"interval_ms": self.timing}
        doc["events"] = events
        return doc


class Emitter:
    """Walks a session's steps and produces one agent's hook payloads."""

    def __init__(self, s: Session):
        self.s = s
        self.sid = det_uuid(s.stem, "session")
        self.events: list = []
        self.mode = s.mode
        self.turn = 0
        self.ncall = 0
        self.sub = None  # (agent_id, agent_type) while a subagent runs
        self.last_say = "Done."
        self.prompted = False
        self.clock = datetime(2026, 11, 2, 8, 0, 0, tzinfo=timezone.utc) + timedelta(
            days=digest(s.stem, "day")[0] % 18, minutes=digest(s.stem, "min")[0] * 3)

    def tick(self):
        step = self.s.timing or (1500 + digest(self.s.stem, "t", str(len(self.events)))[0] * 40)
        self.clock += timedelta(milliseconds=step)
        return self.clock.strftime("%Y-%m-%dT%H:%M:%S.") + f"{self.clock.microsecond // 1000:03d}Z"

    def call_id(self, prefix="toolu_"):
        self.ncall += 1
        return prefix + chars(B62, 24, self.s.stem, "call", str(self.ncall))

    def add(self, payload, label=None):
        ev = {"payload": payload}
        if label is not None:
            ev["label"] = label
        self.events.append(ev)

    def run(self):
        self.start()
        for st in self.s.steps:
            if st.kind == "prompt":
                if self.prompted:
                    self.end_turn()
                self.turn += 1
                self.prompted = True
                self.user_prompt(st.args["text"])
            elif st.kind == "say":
                self.last_say = st.args["text"]
            elif st.kind == "mode":
                self.mode = st.args["mode"]
            elif st.kind == "notify":
                self.notify(st.args["message"])
            elif st.kind == "sub_start":
                aid = chars("0123456789abcdef", 16, self.s.stem, "agent", str(self.ncall))
                self.sub = (aid, st.args["type"], st.args["task"])
                self.subagent_start(st.label)
            elif st.kind == "sub_stop":
                self.subagent_stop(st.args["summary"])
                self.sub = None
            else:
                getattr(self, "do_" + st.kind)(st.args, st.label)
        self.end_turn()
        self.finish()
        return self.events

    # shared helpers
    def shell_text(self, a):
        out = a["out"]
        if a["err"]:
            out = (out + "\n" if out else "") + a["err"]
        return out


# ---------------------------------------------------------------------------------------------
class Claude(Emitter):
    def base(self, event, mode=True):
        p = {
            "session_id": self.sid,
            "transcript_path": f"{self.s.home}/.claude/projects/{self.proj()}/{self.sid}.jsonl",
            "cwd": self.s.cwd,
        }
        if self.s.windows:
            p["transcript_path"] = self.s.home + "\\.claude\\projects\\" + self.proj() + "\\" + self.sid + ".jsonl"
        if mode:
            p["permission_mode"] = self.mode
        p["hook_event_name"] = event
        return p

    def proj(self):
        return "-" + self.s.cwd.replace(":", "").replace("\\", "-").replace("/", "-").strip("-")

    def start(self):
        p = self.base("SessionStart")
        p["source"] = "startup"
        p["model"] = self.s.model or "claude-sonnet-4-5"
        self.add(p)

    def user_prompt(self, text):
        p = self.base("UserPromptSubmit")
        p["prompt"] = text
        self.add(p)

    def notify(self, message):
        p = self.base("Notification", mode=False)
        p["message"] = message
        p["notification_type"] = "permission_prompt"
        self.add(p)

    def in_sub(self, p):
        if self.sub:
            p["agent_id"], p["agent_type"] = self.sub[0], self.sub[1]
        return p

    def tool(self, name, tin, resp, label, result=True):
        tid = self.call_id()
        pre = self.in_sub(self.base("PreToolUse"))
        pre.update(tool_name=name, tool_input=tin, tool_use_id=tid)
        self.add(pre, label)
        if result:
            post = self.in_sub(self.base("PostToolUse"))
            post.update(tool_name=name, tool_input=tin, tool_use_id=tid, tool_response=resp)
            self.add(post)

    def do_shell(self, a, label):
        name = "PowerShell" if a["ps"] or self.s.windows else "Bash"
        tin = {"command": a["command"], "description": ""}
        resp = {"stdout": a["out"], "stderr": a["err"], "interrupted": False, "isImage": False}
        self.tool(name, tin, resp, label, a["result"])

    def do_read(self, a, label):
        n = a["content"].count("\n") + 1
        resp = {"type": "text", "file": {"filePath": a["path"], "content": a["content"], "numLines": n, "startLine": 1, "totalLines": n}}
        self.tool("Read", {"file_path": a["path"]}, resp, label, a["result"])

    def do_write(self, a, label):
        resp = {"type": "create", "filePath": a["path"], "content": a["content"], "structuredPatch": []}
        self.tool("Write", {"file_path": a["path"], "content": a["content"]}, resp, label, a["result"])

    def do_edit(self, a, label):
        tin = {"file_path": a["path"], "old_string": a["old"], "new_string": a["new"], "replace_all": False}
        resp = {"filePath": a["path"], "oldString": a["old"], "newString": a["new"], "replaceAll": False, "userModified": False}
        self.tool("Edit", tin, resp, label, a["result"])

    def do_fetch(self, a, label):
        resp = {"bytes": len(a["content"].encode()), "code": 200, "codeText": "OK", "result": a["content"], "url": a["url"]}
        self.tool("WebFetch", {"url": a["url"], "prompt": a["ask"]}, resp, label, a["result"])

    def do_search(self, a, label):
        resp = {"query": a["query"], "results": a["results"]}
        self.tool("WebSearch", {"query": a["query"]}, resp, label, a["result"])

    def do_grep(self, a, label):
        tin = {"pattern": a["pattern"], "path": a["path"], "output_mode": "content", "-n": True}
        resp = {"mode": "content", "content": a["out"], "numLines": a["out"].count("\n") + 1}
        self.tool("Grep", tin, resp, label, a["result"])

    def do_mcp(self, a, label):
        resp = [{"type": "text", "text": a["out"]}]
        self.tool(f"mcp__{a['server']}__{a['tool']}", a["input"], resp, label, a["result"])

    def subagent_start(self, label):
        aid, atype, task = self.sub
        self.sub = None
        self.spawn_id = self.call_id()
        self.spawn_in = {"description": task[:60], "prompt": task, "subagent_type": atype}
        pre = self.base("PreToolUse")
        pre.update(tool_name="Agent", tool_input=self.spawn_in, tool_use_id=self.spawn_id)
        self.add(pre, label)
        self.sub = (aid, atype, task)
        p = self.base("SubagentStart", mode=False)
        p.update(agent_id=aid, agent_type=atype)
        self.add(p)

    def subagent_stop(self, summary):
        aid, atype, task = self.sub
        p = self.base("SubagentStop")
        p.update(stop_hook_active=False, agent_id=aid, agent_type=atype,
                 agent_transcript_path=f"{self.s.home}/.claude/projects/{self.proj()}/{self.sid}/subagents/agent-{aid}.jsonl",
                 last_assistant_message=summary)
        self.add(p)
        post = self.base("PostToolUse")
        post.update(tool_name="Agent", tool_input=self.spawn_in, tool_use_id=self.spawn_id,
                    tool_response={"status": "completed", "content": [{"type": "text", "text": summary}]})
        self.add(post)

    def end_turn(self):
        p = self.base("Stop")
        p.update(stop_hook_active=False, last_assistant_message=self.last_say)
        self.add(p)

    def finish(self):
        p = self.base("SessionEnd", mode=False)
        p["reason"] = "prompt_input_exit"
        self.add(p)


# ---------------------------------------------------------------------------------------------
class Codex(Emitter):
    def base(self, event):
        p = {"session_id": self.sid}
        if event != "SessionStart":
            p["turn_id"] = det_uuid(self.s.stem, "turn", str(self.turn))
        p.update(transcript_path=f"{self.s.home}/.codex/sessions/2026/11/rollout-{self.sid}.jsonl",
                 cwd=self.s.cwd, hook_event_name=event, model=self.s.model or "gpt-5.1-codex",
                 permission_mode=self.mode)
        return p

    def start(self):
        p = self.base("SessionStart")
        p["source"] = "startup"
        self.add(p)

    def user_prompt(self, text):
        p = self.base("UserPromptSubmit")
        p["prompt"] = text
        self.add(p)

    def notify(self, message):
        pass  # Codex has no Notification event

    def tool(self, name, tin, resp, label, result=True):
        tid = self.call_id("call_")
        pre = self.base("PreToolUse")
        if self.sub:
            pre["agent_id"], pre["agent_type"] = self.sub[0], self.sub[1]
        pre.update(tool_name=name, tool_input=tin, tool_use_id=tid)
        self.add(pre, label)
        if result:
            post = self.base("PostToolUse")
            if self.sub:
                post["agent_id"], post["agent_type"] = self.sub[0], self.sub[1]
            post.update(tool_name=name, tool_input=tin, tool_use_id=tid, tool_response=resp)
            self.add(post)

    def bash(self, command, out, label, result=True):
        self.tool("Bash", {"command": command}, out, label, result)

    def do_shell(self, a, label):
        self.bash(a["command"], self.shell_text(a), label, a["result"])

    def do_read(self, a, label):
        self.bash(f"cat {q(a['path'])}", a["content"], label, a["result"])

    def do_write(self, a, label):
        body = "\n".join("+" + line for line in a["content"].split("\n"))
        patch = f"*** Begin Patch\n*** Add File: {a['path']}\n{body}\n*** End Patch"
        self.tool("apply_patch", {"command": patch}, f"Success. Updated the following files:\nA {a['path']}", label, a["result"])

    def do_edit(self, a, label):
        old = "\n".join("-" + line for line in a["old"].split("\n"))
        new = "\n".join("+" + line for line in a["new"].split("\n"))
        patch = f"*** Begin Patch\n*** Update File: {a['path']}\n@@\n{old}\n{new}\n*** End Patch"
        self.tool("apply_patch", {"command": patch}, f"Success. Updated the following files:\nM {a['path']}", label, a["result"])

    def do_fetch(self, a, label):
        self.bash(f"curl -sL {q(a['url'])}", a["content"], label, a["result"])

    def do_search(self, a, label):
        text = json.dumps(a["results"], ensure_ascii=False)
        self.tool("mcp__websearch__search", {"query": a["query"]}, {"content": [{"type": "text", "text": text}], "isError": False}, label, a["result"])

    def do_grep(self, a, label):
        self.bash(f"rg -n {q(a['pattern'])} {q(a['path'])}", a["out"], label, a["result"])

    def do_mcp(self, a, label):
        resp = {"content": [{"type": "text", "text": a["out"]}], "isError": a["error"]}
        self.tool(f"mcp__{a['server']}__{a['tool']}", a["input"], resp, label, a["result"])

    def subagent_start(self, label):
        aid, atype, _ = self.sub
        p = self.base("SubagentStart")
        p.update(agent_id=aid, agent_type=atype)
        self.add(p)

    def subagent_stop(self, summary):
        aid, atype, _ = self.sub
        p = self.base("SubagentStop")
        p.update(agent_id=aid, agent_type=atype, agent_transcript_path=f"{self.s.home}/.codex/sessions/2026/11/rollout-{aid}.jsonl",
                 last_assistant_message=summary, stop_hook_active=False)
        self.add(p)

    def end_turn(self):
        p = self.base("Stop")
        p.update(stop_hook_active=False, last_assistant_message=self.last_say)
        self.add(p)

    def finish(self):
        pass  # Codex has no SessionEnd


# ---------------------------------------------------------------------------------------------
class Gemini(Emitter):
    def base(self, event):
        return {"session_id": self.sid,
                "transcript_path": f"{self.s.home}/.gemini/tmp/{chars('0123456789abcdef', 16, self.s.cwd)}/chats/session-{self.sid}.json",
                "cwd": self.s.cwd, "hook_event_name": event, "timestamp": self.tick()}

    def start(self):
        p = self.base("SessionStart")
        p["source"] = "startup"
        self.add(p)

    def user_prompt(self, text):
        self.cur_prompt = text
        p = self.base("BeforeAgent")
        p["prompt"] = text
        self.add(p)

    def notify(self, message):
        p = self.base("Notification")
        p.update(notification_type="ToolPermission", message=message, details={})
        self.add(p)

    def tool(self, name, tin, text, label, result=True, ctx=None):
        pre = self.base("BeforeTool")
        pre.update(tool_name=name, tool_input=tin)
        if ctx:
            pre["mcp_context"] = ctx
        self.add(pre, label)
        if result:
            post = self.base("AfterTool")
            post.update(tool_name=name, tool_input=tin, tool_response={"llmContent": text, "returnDisplay": text})
            if ctx:
                post["mcp_context"] = ctx
            self.add(post)

    def do_shell(self, a, label):
        text = f"Command: {a['command']}\nDirectory: (root)\nOutput: {a['out'] or '(empty)'}\nError: {a['err'] or '(none)'}\nExit Code: {a['code'] if a['code'] else '(none)'}"
        self.tool("run_shell_command", {"command": a["command"], "description": ""}, text, label, a["result"])

    def do_read(self, a, label):
        self.tool("read_file", {"file_path": a["path"]}, a["content"], label, a["result"])

    def do_write(self, a, label):
        self.tool("write_file", {"file_path": a["path"], "content": a["content"]}, f"Successfully created and wrote to new file: {a['path']}.", label, a["result"])

    def do_edit(self, a, label):
        self.tool("replace", {"file_path": a["path"], "old_string": a["old"], "new_string": a["new"]}, f"Successfully modified file: {a['path']} (1 replacements).", label, a["result"])

    def do_fetch(self, a, label):
        self.tool("web_fetch", {"prompt": f"{a['ask']}: {a['url']}"}, a["content"], label, a["result"])

    def do_search(self, a, label):
        lines = [f"[{i + 1}] {r.get('title', '')} ({r.get('url', '')})\n{r.get('snippet', '')}" for i, r in enumerate(a["results"])]
        self.tool("google_web_search", {"query": a["query"]}, f'Web search results for "{a["query"]}":\n\n' + "\n\n".join(lines), label, a["result"])

    def do_grep(self, a, label):
        self.tool("search_file_content", {"pattern": a["pattern"], "dir_path": a["path"]}, a["out"], label, a["result"])

    def do_mcp(self, a, label):
        ctx = {"server_name": a["server"], "tool_name": a["tool"]}
        ctx.update(server_transport(a["server"]))
        self.tool(f"mcp__{a['server']}__{a['tool']}", a["input"], a["out"], label, a["result"], ctx)

    def subagent_start(self, label):
        _, atype, task = self.sub
        self.deleg = {"agent_name": atype, "objective": task}
        pre = self.base("BeforeTool")
        pre.update(tool_name="delegate_to_agent", tool_input=self.deleg)
        self.add(pre, label)

    def subagent_stop(self, summary):
        post = self.base("AfterTool")
        post.update(tool_name="delegate_to_agent", tool_input=self.deleg, tool_response={"llmContent": summary, "returnDisplay": summary})
        self.add(post)

    def end_turn(self):
        p = self.base("AfterAgent")
        p.update(prompt=self.cur_prompt, prompt_response=self.last_say, stop_hook_active=False)
        self.add(p)

    def finish(self):
        p = self.base("SessionEnd")
        p["reason"] = "exit"
        self.add(p)


# ---------------------------------------------------------------------------------------------
class Cursor(Emitter):
    def base(self, event):
        return {"conversation_id": self.sid,
                "generation_id": det_uuid(self.s.stem, "gen", str(self.turn)),
                "model": self.s.model or "claude-4.5-sonnet", "hook_event_name": event,
                "cursor_version": "2.1.4", "workspace_roots": [self.s.cwd],
                "user_email": self.user_email(), "transcript_path": None}

    def user_email(self):
        user = self.s.home.rstrip("/").split("/")[-1]
        return f"{user}@{DOMAIN_OF.get(user, 'example.dev')}"

    def start(self):
        p = self.base("sessionStart")
        p.update(session_id=self.sid, is_background_agent=False, composer_mode="agent")
        self.add(p)

    def user_prompt(self, text):
        p = self.base("beforeSubmitPrompt")
        p.update(prompt=text, attachments=[])
        self.add(p)

    def notify(self, message):
        pass

    def twin(self, tool_name, tin):
        p = self.base("preToolUse")
        p.update(tool_name=tool_name, tool_input=tin, tool_use_id=self.call_id(), cwd=self.s.cwd)
        self.add(p)

    def do_shell(self, a, label):
        self.twin("Shell", {"command": a["command"]})
        p = self.base("beforeShellExecution")
        p.update(command=a["command"], cwd=self.s.cwd, sandbox=False)
        self.add(p, label)
        if a["result"]:
            r = self.base("afterShellExecution")
            r.update(command=a["command"], output=self.shell_text(a), duration=300 + digest(self.s.stem, a["command"])[0] * 7, sandbox=False)
            self.add(r)

    def do_read(self, a, label):
        self.twin("Read", {"file_path": a["path"]})
        p = self.base("beforeReadFile")
        p.update(file_path=a["path"], content=a["content"], attachments=[])
        self.add(p, label)

    def gated_tool(self, name, tin, output, label, result=True):
        tid = self.call_id()
        p = self.base("preToolUse")
        p.update(tool_name=name, tool_input=tin, tool_use_id=tid, cwd=self.s.cwd)
        self.add(p, label)
        if result:
            r = self.base("postToolUse")
            r.update(tool_name=name, tool_input=tin, tool_output=json.dumps(output, ensure_ascii=False),
                     tool_use_id=tid, cwd=self.s.cwd, duration=120 + digest(self.s.stem, name, str(tid))[0] * 5)
            self.add(r)
        return result

    def do_write(self, a, label):
        if self.gated_tool("Write", {"file_path": a["path"], "contents": a["content"]}, {"success": True}, label, a["result"]):
            e = self.base("afterFileEdit")
            e.update(file_path=a["path"], edits=[{"old_string": "", "new_string": a["content"]}])
            self.add(e)

    def do_edit(self, a, label):
        tin = {"file_path": a["path"], "old_string": a["old"], "new_string": a["new"]}
        if self.gated_tool("Edit", tin, {"success": True}, label, a["result"]):
            e = self.base("afterFileEdit")
            e.update(file_path=a["path"], edits=[{"old_string": a["old"], "new_string": a["new"]}])
            self.add(e)

    def do_fetch(self, a, label):
        self.gated_tool("WebFetch", {"url": a["url"]}, {"url": a["url"], "content": a["content"]}, label, a["result"])

    def do_search(self, a, label):
        self.gated_tool("WebSearch", {"search_term": a["query"]}, {"results": a["results"]}, label, a["result"])

    def do_grep(self, a, label):
        self.gated_tool("Grep", {"pattern": a["pattern"], "path": a["path"]}, {"matches": a["out"]}, label, a["result"])

    def do_mcp(self, a, label):
        self.twin("MCP:" + a["tool"], a["input"])
        s_in = json.dumps(a["input"], ensure_ascii=False)
        p = self.base("beforeMCPExecution")
        p.update(tool_name=a["tool"], tool_input=s_in)
        p.update(server_transport(a["server"], cursor=True))
        self.add(p, label)
        if a["result"]:
            r = self.base("afterMCPExecution")
            r.update(tool_name=a["tool"], tool_input=s_in,
                     result_json=json.dumps({"content": [{"type": "text", "text": a["out"]}], "isError": a["error"]}, ensure_ascii=False),
                     duration=200 + digest(self.s.stem, a["tool"], s_in)[0] * 9)
            self.add(r)

    def subagent_start(self, label):
        aid, atype, task = self.sub
        self.task_in = {"description": task[:60], "prompt": task, "subagent_type": atype}
        self.task_id = self.call_id()
        p = self.base("preToolUse")
        p.update(tool_name="Task", tool_input=self.task_in, tool_use_id=self.task_id, cwd=self.s.cwd)
        self.add(p, label)
        st = self.base("subagentStart")
        st.update(subagent_id=aid, subagent_type=atype, task=task, parent_conversation_id=self.sid,
                  tool_call_id=self.task_id, subagent_model=self.s.model or "claude-4.5-sonnet", is_parallel_worker=False)
        self.add(st)

    def subagent_stop(self, summary):
        aid, atype, task = self.sub
        st = self.base("subagentStop")
        st.update(subagent_id=aid, subagent_type=atype, status="completed", task=task, description=task[:60], summary=summary,
                  duration_ms=41000, message_count=9, tool_call_count=4, loop_count=1, modified_files=[],
                  agent_transcript_path=None)
        self.add(st)
        r = self.base("postToolUse")
        r.update(tool_name="Task", tool_input=self.task_in, tool_output=json.dumps({"summary": summary}),
                 tool_use_id=self.task_id, cwd=self.s.cwd, duration=41000)
        self.add(r)

    def end_turn(self):
        p = self.base("stop")
        p.update(status="completed", loop_count=0)
        self.add(p)

    def finish(self):
        p = self.base("sessionEnd")
        p.update(session_id=self.sid, reason="completed", duration_ms=60000 + len(self.events) * 2100,
                 is_background_agent=False, final_status="completed")
        self.add(p)


# ---------------------------------------------------------------------------------------------
DOMAIN_OF: dict = {}
SERVER_URLS: dict = {}


def server_transport(server, cursor=False):
    """How a client reaches an MCP server: a URL for remote ones, a command for local ones."""
    if server in SERVER_URLS:
        return {"url": SERVER_URLS[server]}
    if cursor:
        return {"command": f"npx -y @{server}/mcp-server"}
    return {"command": "npx", "args": ["-y", f"@{server}/mcp-server"], "cwd": "."}


def q(s: str) -> str:
    if all(c.isalnum() or c in "/._-~:@+=," for c in s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


REGISTRY: list = []


def session(stem, kind, domain, agent, description, expect=(), forbid=None, **kw):
    """Create and register a session; forbid defaults to '*' for benign sessions."""
    if forbid is None:
        forbid = ["*"] if kind == "benign" else []
    s = Session(stem=stem, kind=kind, domain=domain, agent=agent, description=description,
                expect=list(expect), forbid=list(forbid), **kw)
    REGISTRY.append(s)
    return s


class Rotor:
    """Cycles through the four agents so each family spreads across them."""

    def __init__(self, order=AGENTS, start=0):
        self.order, self.i = list(order), start

    def __call__(self):
        a = self.order[self.i % len(self.order)]
        self.i += 1
        return a
