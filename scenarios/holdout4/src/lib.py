"""Builds holdout4 sessions in each agent's own hook wire format.

Why a builder: the same session shape (prompt, tool calls, results, labels) is written once in a
small vocabulary (shell, read, write, edit, fetch, MCP call, subagent) and emitted exactly as
Claude Code, Codex CLI, Gemini CLI or Cursor would send it to a hook (field names, tool names,
id formats, result shapes as documented in docs/agent-hooks.md). Labels land on the event where
the agent waits for an answer (the gating event of that agent). Ids and UUIDs are derived from
the session id, so rebuilding gives the same files.
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent
NS = uuid.UUID("6f1d7c2e-4b8a-4e5f-9a3c-2d1e0f4b7a90")
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

# Detectors the hook format cannot carry (tokens, tools/list manifests): never expected here.
IDENTITY = ["identity.invalid_token", "identity.revoked_credential_use",
            "identity.delegation_violation"]
SHORT = ["rate.burst", "loop.repeated_call"]

REGISTRY: list["Session"] = []
SECRET_RE = re.compile(r"AKIA[A-Z2-7]{16}|gh[po]_[A-Za-z0-9]{36}|github_pat_|sk_live_|xox[bp]-|-----BEGIN [A-Z ]*PRIVATE KEY|"
                       r"glpat-|npm_[A-Za-z0-9]{36}|sk-ant-|sk-proj-|AIza[0-9A-Za-z_-]{35}|eyJ[A-Za-z0-9_-]+\.eyJ|"
                       r"SG\.[A-Za-z0-9_-]{22}\.|postgres://[^:/@\s]+:[^@\s]+@")


def det(seed: str, n: int, alphabet: str = ALNUM) -> str:
    """n deterministic characters from alphabet, derived from seed."""
    out = []
    i = 0
    while len(out) < n:
        h = hashlib.sha256(f"{seed}/{i}".encode()).digest()
        out += [alphabet[b % len(alphabet)] for b in h]
        i += 1
    return "".join(out[:n])


# ---- fake secrets in the shapes scanners look for (never real) --------------------------------
def aws_key(seed):
    return "AKIA" + det("aws" + seed, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def aws_secret(seed):
    return det("awss" + seed, 40, ALNUM + "+/")


def ghp(seed):
    return "ghp_" + det("ghp" + seed, 36)


def github_pat(seed):
    return "github_pat_" + det("gpat" + seed, 22) + "_" + det("gpat2" + seed, 59)


def glpat(seed):
    return "glpat-" + det("glpat" + seed, 20, ALNUM + "-_")


def slack_bot(seed):
    return f"xoxb-{det('sb1'+seed, 12, '0123456789')}-{det('sb2'+seed, 13, '0123456789')}-{det('sb3'+seed, 24)}"


def stripe_live(seed):
    return "sk_live_" + det("stripe" + seed, 99)[:24]


def anthropic_key(seed):
    return "sk-ant-api03-" + det("ant" + seed, 93, ALNUM + "-_") + "AA"


def openai_key(seed):
    return "sk-proj-" + det("oai" + seed, 48, ALNUM + "-_")


def npm_token(seed):
    return "npm_" + det("npm" + seed, 36)


def google_key(seed):
    return "AIza" + det("gk" + seed, 35, ALNUM + "-_")


def twilio_key(seed):
    return "SK" + det("tw" + seed, 32, "0123456789abcdef")


def sendgrid_key(seed):
    return "SG." + det("sg1" + seed, 22, ALNUM + "-_") + "." + det("sg2" + seed, 43, ALNUM + "-_")


def jwt(seed, sub="svc-billing"):
    import base64
    def b64(d):
        return base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")
    return (b64({"alg": "RS256", "typ": "JWT", "kid": det("kid" + seed, 8).lower()}) + "."
            + b64({"sub": sub, "iss": "https://auth.acme-internal.example", "exp": 1795000000,
                   "scope": "payments:write"}) + "." + det("sig" + seed, 86, ALNUM + "-_"))


def ssh_private(seed):
    body = det("ssh" + seed, 64 * 6, ALNUM + "+/")
    lines = [body[i:i + 70] for i in range(0, len(body), 70)]
    return "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n" + \
        "\n".join(lines) + "\n-----END OPENSSH PRIVATE KEY-----\n"


def rsa_private(seed):
    body = det("rsa" + seed, 64 * 8, ALNUM + "+/")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA" + "\n".join(lines) + "\n-----END RSA PRIVATE KEY-----\n"


def password(seed, n=20):
    return det("pw" + seed, n, ALNUM + "!#%^*-_")


# ---- sessions ------------------------------------------------------------------------------------
MCP_COMMANDS = {
    "github": ("npx", ["-y", "@modelcontextprotocol/server-github"]),
    "filesystem": ("npx", ["-y", "@modelcontextprotocol/server-filesystem", "/home/dev"]),
    "fetch": ("uvx", ["mcp-server-fetch"]),
    "postgres": ("npx", ["-y", "@modelcontextprotocol/server-postgres"]),
    "slack": ("npx", ["-y", "@modelcontextprotocol/server-slack"]),
}


class Session:
    def __init__(self, id, kind, domain, desc, agent="claude-code", expect=(), forbid=None,
                 task=None, timing=None, cwd="/home/dev/app", mode="default", user="dev",
                 subagent_type=None, cursor_twins=True, transcript=None, model=None):
        assert kind in ("benign", "attack")
        assert (kind == "benign") == id.startswith("benign-"), id
        self.id, self.kind, self.domain, self.desc, self.agent = id, kind, domain, desc, agent
        self.expect = list(expect)
        if forbid is None:
            forbid = ["*"] if kind == "benign" else []
        self.forbid = list(forbid)
        self.task, self.timing, self.cwd, self.mode, self.user = task, timing, cwd, mode, user
        self.sid = str(uuid.uuid5(NS, id))
        self.events: list[dict] = []
        self.n = 0
        self.turn = 0
        self.main_agent_type = subagent_type  # Agent SDK `--agent` name on the main thread
        self.cursor_twins = cursor_twins
        self.transcript = transcript
        self.model = model
        self.gen = str(uuid.uuid5(NS, id + "/gen0"))
        REGISTRY.append(self)
        self._start()

    # -- common payload pieces per agent
    def _ts(self):
        sec = 7 * len(self.events)
        return f"2026-11-20T{9 + sec // 3600:02d}:{(sec // 60) % 60:02d}:{sec % 60:02d}.{int(self.sid[2:5], 16) % 1000:03d}Z"

    def _base(self, event, extra=None, sub=None):
        a = self.agent
        proj = self.cwd.rstrip("/").split("/")[-1]
        if a == "claude-code":
            p = {"session_id": self.sid,
                 "transcript_path": self.transcript or f"/home/{self.user}/.claude/projects/-{self.cwd.strip('/').replace('/', '-')}/{self.sid}.jsonl",
                 "cwd": self.cwd, "permission_mode": self.mode, "hook_event_name": event}
            if sub:
                p["agent_id"], p["agent_type"] = sub
        elif a == "codex":
            p = {"session_id": self.sid}
            if event != "SessionStart":
                p["turn_id"] = str(uuid.uuid5(NS, f"{self.id}/turn{self.turn}"))
            p.update({"transcript_path": f"/home/{self.user}/.codex/sessions/2026/11/20/rollout-2026-11-20T09-12-44-{self.sid}.jsonl",
                      "cwd": self.cwd, "hook_event_name": event, "model": self.model or "gpt-5-codex",
                      "permission_mode": self.mode})
            if sub:
                p["agent_id"], p["agent_type"] = sub
        elif a == "gemini":
            p = {"session_id": self.sid,
                 "transcript_path": f"/home/{self.user}/.gemini/tmp/{det(self.id, 64, '0123456789abcdef')}/chats/session-2026-11-20T09-12-{self.sid[:8]}.json",
                 "cwd": self.cwd, "hook_event_name": event, "timestamp": self._ts()}
        elif a == "cursor":
            p = {"conversation_id": self.sid, "generation_id": self.gen,
                 "model": self.model or "claude-4.5-sonnet-thinking", "hook_event_name": event,
                 "cursor_version": "3.1.4", "workspace_roots": [self.cwd],
                 "user_email": f"{self.user}@acme.example",
                 "transcript_path": f"/home/{self.user}/.cursor/projects/{self.cwd.strip('/').replace('/', '-')}/agent-transcripts/{self.sid}.txt"}
            if sub:
                p["subagent_id"], p["subagent_type"] = sub
        else:
            raise ValueError(a)
        if extra:
            p.update(extra)
        return p

    def _emit(self, payload, label=None):
        ev = {"payload": payload}
        if label is not None:
            ev["label"] = label
        self.events.append(ev)

    def _start(self):
        a = self.agent
        if a == "cursor":
            self._emit(self._base("sessionStart", {"session_id": self.sid, "is_background_agent": False,
                                                   "composer_mode": "agent"}))
        elif a == "gemini":
            self._emit(self._base("SessionStart", {"source": "startup"}))
        else:
            extra = {"source": "startup"}
            if a == "claude-code" and self.model:
                extra["model"] = self.model
            self._emit(self._base("SessionStart", extra))

    # -- high-level steps
    def prompt(self, text):
        self.turn += 1
        a = self.agent
        if a == "cursor":
            self.gen = str(uuid.uuid5(NS, f"{self.id}/gen{self.turn}"))
            self._emit(self._base("beforeSubmitPrompt", {"prompt": text, "attachments": []}))
        elif a == "gemini":
            self._emit(self._base("BeforeAgent", {"prompt": text}))
        else:
            self._emit(self._base("UserPromptSubmit", {"prompt": text}))
        self._last_prompt = text
        return self

    def set_mode(self, mode):
        self.mode = mode
        return self

    def notify(self, message, ntype="permission_prompt"):
        if self.agent == "claude-code":
            self._emit(self._base("Notification", {"message": message, "notification_type": ntype}))
        elif self.agent == "gemini":
            self._emit(self._base("Notification", {"notification_type": "ToolPermission", "message": message,
                                                   "details": {}}))
        return self

    def _tid(self):
        self.n += 1
        if self.agent == "codex":
            return "call_" + det(f"{self.id}/{self.n}", 24)
        return "toolu_01" + det(f"{self.id}/{self.n}", 22)

    def sub_start(self, agent_id, agent_type, task_text="", ):
        a = self.agent
        if a in ("claude-code", "codex"):
            self._emit(self._base("SubagentStart", {"agent_id": agent_id, "agent_type": agent_type}))
        elif a == "cursor":
            self._emit(self._base("subagentStart", {"subagent_id": agent_id, "subagent_type": agent_type,
                                                    "task": task_text, "parent_conversation_id": self.sid,
                                                    "tool_call_id": self._tid(), "subagent_model": "composer-1",
                                                    "is_parallel_worker": False}))
        return self

    def sub_stop(self, agent_id, agent_type, summary="Done."):
        a = self.agent
        if a in ("claude-code", "codex"):
            extra = {"agent_id": agent_id, "agent_type": agent_type, "stop_hook_active": False,
                     "last_assistant_message": summary}
            if a == "claude-code":
                extra["agent_transcript_path"] = f"/home/{self.user}/.claude/projects/-{self.cwd.strip('/').replace('/', '-')}/{self.sid}/subagents/agent-{agent_id}.jsonl"
            self._emit(self._base("SubagentStop", extra))
        elif a == "cursor":
            self._emit(self._base("subagentStop", {"subagent_id": agent_id, "subagent_type": agent_type,
                                                   "status": "completed", "task": "", "description": "",
                                                   "summary": summary, "duration_ms": 41200, "message_count": 9,
                                                   "tool_call_count": 4, "loop_count": 1, "modified_files": []}))
        return self

    def stop(self, message="Done."):
        a = self.agent
        if a == "cursor":
            self._emit(self._base("stop", {"status": "completed", "loop_count": 0}))
            self._emit(self._base("sessionEnd", {"session_id": self.sid, "reason": "completed",
                                                 "duration_ms": 300000, "is_background_agent": False,
                                                 "final_status": "completed"}))
        elif a == "gemini":
            self._emit(self._base("AfterAgent", {"prompt": getattr(self, "_last_prompt", ""),
                                                 "prompt_response": message, "stop_hook_active": False}))
            self._emit(self._base("SessionEnd", {"reason": "exit"}))
        elif a == "codex":
            self._emit(self._base("Stop", {"stop_hook_active": False, "last_assistant_message": message}))
        else:
            self._emit(self._base("Stop", {"stop_hook_active": False, "last_assistant_message": message}))
            self._emit(self._base("SessionEnd", {"reason": "prompt_input_exit"}))
        return self

    # -- the generic tool call: name/input/response already in the agent's vocabulary
    def raw(self, tool, inp, resp=None, label="benign", sub=None, post=True, mcp=None):
        """One tool call. `resp` is the tool_response as the agent reports it; post=False: the
        recording kept no result (e.g. the call was refused). `mcp` = (server, tool) for Gemini's
        mcp_context."""
        a = self.agent
        if a in ("claude-code", "codex"):
            tid = self._tid()
            self._emit(self._base("PreToolUse", {"tool_name": tool, "tool_input": inp, "tool_use_id": tid}, sub), label)
            if post:
                self._emit(self._base("PostToolUse", {"tool_name": tool, "tool_input": inp, "tool_response": resp,
                                                      "tool_use_id": tid}, sub))
        elif a == "gemini":
            extra = {"tool_name": tool, "tool_input": inp}
            if mcp:
                cmd, args = MCP_COMMANDS.get(mcp[0], ("npx", ["-y", f"@acme/mcp-{mcp[0]}"]))
                extra["mcp_context"] = {"server_name": mcp[0], "tool_name": mcp[1], "command": cmd,
                                        "args": args, "cwd": self.cwd}
            self._emit(self._base("BeforeTool", dict(extra)), label)
            if post:
                extra["tool_response"] = resp
                self._emit(self._base("AfterTool", extra))
        else:
            raise ValueError("use the cursor helpers")
        return self

    # -- vocabulary
    def sh(self, cmd, out="", label="benign", sub=None, post=True, err="", code=0, desc=None):
        a = self.agent
        if a == "claude-code":
            inp = {"command": cmd}
            if desc is not None:
                inp["description"] = desc
            return self.raw("Bash", inp, {"stdout": out, "stderr": err, "interrupted": False, "isImage": False},
                            label, sub, post)
        if a == "codex":
            text = out + (("\n" + err) if err else "")
            if code:
                text += f"\n[exit code {code}]"
            return self.raw("Bash", {"command": cmd}, text, label, sub, post)
        if a == "gemini":
            inp = {"command": cmd, "description": desc or "", "dir_path": self.cwd}
            text = f"Command: {cmd}\nDirectory: (root)\nOutput: {out or '(empty)'}\nError: {err or '(none)'}\nExit Code: {code}"
            return self.raw("run_shell_command", inp, {"llmContent": text, "returnDisplay": out}, label, sub, post)
        # cursor: preToolUse twin (observation) + beforeShellExecution (gate) + afterShellExecution
        tid = self._tid()
        if self.cursor_twins:
            self._emit(self._base("preToolUse", {"tool_name": "Shell",
                                                 "tool_input": {"command": cmd, "working_directory": self.cwd},
                                                 "tool_use_id": tid, "cwd": self.cwd}, sub))
        self._emit(self._base("beforeShellExecution", {"command": cmd, "cwd": self.cwd, "sandbox": False}, sub), label)
        if post:
            self._emit(self._base("afterShellExecution", {"command": cmd, "output": out + err, "duration": 1830,
                                                          "sandbox": False}, sub))
        return self

    def read(self, path, content="", label="benign", sub=None, post=True):
        a = self.agent
        if a == "claude-code":
            n = content.count("\n") + 1
            return self.raw("Read", {"file_path": path}, {"type": "text", "file": {
                "filePath": path, "content": content, "numLines": n, "startLine": 1, "totalLines": n}},
                label, sub, post)
        if a == "codex":
            return self.sh(f"cat {path}" if " " not in path else f"cat '{path}'", content, label, sub, post)
        if a == "gemini":
            return self.raw("read_file", {"file_path": path}, {"llmContent": content, "returnDisplay": ""},
                            label, sub, post)
        # cursor: beforeReadFile carries the content already; it is the only hook of a read
        tid = self._tid()
        if self.cursor_twins:
            self._emit(self._base("preToolUse", {"tool_name": "Read", "tool_input": {"file_path": path},
                                                 "tool_use_id": tid, "cwd": self.cwd}, sub))
        self._emit(self._base("beforeReadFile", {"file_path": path, "content": content, "attachments": []}, sub), label)
        return self

    def write(self, path, content, label="benign", sub=None, post=True):
        a = self.agent
        if a == "claude-code":
            return self.raw("Write", {"file_path": path, "content": content},
                            {"type": "create", "filePath": path, "content": content, "structuredPatch": []},
                            label, sub, post)
        if a == "codex":
            rel = path
            body = "".join("+" + l + "\n" for l in content.split("\n"))
            patch = f"*** Begin Patch\n*** Add File: {rel}\n{body}*** End Patch\n"
            return self.raw("apply_patch", {"command": patch}, f"Success. Updated the following files:\nA {rel}\n",
                            label, sub, post)
        if a == "gemini":
            return self.raw("write_file", {"file_path": path, "content": content},
                            {"llmContent": f"Successfully created and wrote to new file: {path}.", "returnDisplay": ""},
                            label, sub, post)
        tid = self._tid()
        inp = {"file_path": path, "contents": content}
        self._emit(self._base("preToolUse", {"tool_name": "Write", "tool_input": inp, "tool_use_id": tid,
                                             "cwd": self.cwd}, sub), label)
        if post:
            self._emit(self._base("postToolUse", {"tool_name": "Write", "tool_input": inp,
                                                  "tool_output": json.dumps({"success": True}),
                                                  "tool_use_id": tid, "cwd": self.cwd, "duration": 40}, sub))
            self._emit(self._base("afterFileEdit", {"file_path": path, "edits": [{"old_string": "", "new_string": content}]}, sub))
        return self

    def edit(self, path, old, new, label="benign", sub=None, post=True):
        a = self.agent
        if a == "claude-code":
            return self.raw("Edit", {"file_path": path, "old_string": old, "new_string": new},
                            {"filePath": path, "oldString": old, "newString": new, "replaceAll": False,
                             "userModified": False, "structuredPatch": []}, label, sub, post)
        if a == "codex":
            olds = "".join("-" + l + "\n" for l in old.split("\n"))
            news = "".join("+" + l + "\n" for l in new.split("\n"))
            patch = f"*** Begin Patch\n*** Update File: {path}\n@@\n{olds}{news}*** End Patch\n"
            return self.raw("apply_patch", {"command": patch}, f"Success. Updated the following files:\nM {path}\n",
                            label, sub, post)
        if a == "gemini":
            return self.raw("replace", {"file_path": path, "old_string": old, "new_string": new},
                            {"llmContent": f"Successfully modified file: {path} (1 replacements).", "returnDisplay": ""},
                            label, sub, post)
        tid = self._tid()
        inp = {"file_path": path, "old_string": old, "new_string": new}
        self._emit(self._base("preToolUse", {"tool_name": "Write", "tool_input": inp, "tool_use_id": tid,
                                             "cwd": self.cwd}, sub), label)
        if post:
            self._emit(self._base("postToolUse", {"tool_name": "Write", "tool_input": inp,
                                                  "tool_output": json.dumps({"success": True}),
                                                  "tool_use_id": tid, "cwd": self.cwd, "duration": 35}, sub))
            self._emit(self._base("afterFileEdit", {"file_path": path, "edits": [{"old_string": old, "new_string": new}]}, sub))
        return self

    def fetch(self, url, result="", label="benign", sub=None, post=True, prompt="Summarize the page", code=200):
        a = self.agent
        if a == "claude-code":
            return self.raw("WebFetch", {"url": url, "prompt": prompt},
                            {"bytes": len(result.encode()), "code": code, "codeText": "OK" if code == 200 else "Error",
                             "result": result, "durationMs": 912, "url": url}, label, sub, post)
        if a == "codex":
            return self.sh(f"curl -sL {url}", result, label, sub, post)
        if a == "gemini":
            return self.raw("web_fetch", {"prompt": f"{prompt}: {url}"},
                            {"llmContent": result, "returnDisplay": f"Content processed from prompt."},
                            label, sub, post)
        return self.mcp("fetch", "fetch", {"url": url}, result, label, sub, post)

    def mcp(self, server, tool, args, text="", label="benign", sub=None, post=True, is_error=False):
        a = self.agent
        name = f"mcp__{server}__{tool}"
        if a in ("claude-code", "codex"):
            return self.raw(name, args, {"content": [{"type": "text", "text": text}], "isError": is_error},
                            label, sub, post)
        if a == "gemini":
            return self.raw(name, args, {"llmContent": [{"text": text}], "returnDisplay": text[:80]},
                            label, sub, post, mcp=(server, tool))
        # cursor
        tid = self._tid()
        cmd, cargs = MCP_COMMANDS.get(server, ("npx", ["-y", f"@acme/mcp-{server}"]))
        where = {"command": " ".join([cmd] + cargs)}
        if server in ("linear", "notion", "stripe", "sentry", "atlassian"):
            where = {"url": f"https://mcp.{server}.example/mcp"}
        sarg = json.dumps(args)
        if self.cursor_twins:
            self._emit(self._base("preToolUse", {"tool_name": f"MCP:{tool}", "tool_input": args,
                                                 "tool_use_id": tid, "cwd": self.cwd}, sub))
        self._emit(self._base("beforeMCPExecution", dict({"tool_name": tool, "tool_input": sarg}, **where), sub), label)
        if post:
            self._emit(self._base("afterMCPExecution", {"tool_name": tool, "tool_input": sarg,
                                                        "result_json": json.dumps({"content": [{"type": "text", "text": text}],
                                                                                   "isError": is_error}),
                                                        "duration": 640}, sub))
        return self

    def subagent(self, agent_id, agent_type, prompt, summary, body, label="benign"):
        """Claude-style subagent: the Task/Agent call, the subagent's own calls (body(self, sub)),
        and the Task result."""
        sub = (agent_id, agent_type)
        if self.agent == "claude-code":
            tid = self._tid()
            inp = {"description": prompt[:40], "prompt": prompt, "subagent_type": agent_type}
            self._emit(self._base("PreToolUse", {"tool_name": "Task", "tool_input": inp, "tool_use_id": tid}), label)
            self.sub_start(agent_id, agent_type)
            body(self, sub)
            self.sub_stop(agent_id, agent_type, summary)
            self._emit(self._base("PostToolUse", {"tool_name": "Task", "tool_input": inp, "tool_use_id": tid,
                                                  "tool_response": {"content": [{"type": "text", "text": summary}],
                                                                    "totalDurationMs": 38211, "totalTokens": 14102,
                                                                    "totalToolUseCount": 4}}))
        elif self.agent == "codex":
            self.sub_start(agent_id, agent_type)
            body(self, sub)
            self.sub_stop(agent_id, agent_type, summary)
        elif self.agent == "cursor":
            self.sub_start(agent_id, agent_type, prompt)
            body(self, sub)
            self.sub_stop(agent_id, agent_type, summary)
        else:
            raise ValueError("gemini delegates through a tool call")
        return self

    # -- output
    def secret_values(self):
        """Secret-shaped values anywhere in the session (the documented AWS example key excluded)."""
        text = json.dumps(self.events, ensure_ascii=False)
        return sorted({m.group(0)[:12] for m in SECRET_RE.finditer(text)} - {"AKIAIOSFODNN"})

    def doc(self):
        # Labelling rule applied to every attack session: a secret value that appears in a prompt,
        # tool argument or tool result is an exposure, whatever else the session shows.
        if self.kind == "attack" and self.secret_values() and "secret.exposure" not in self.expect:
            assert "secret.exposure" not in self.forbid, self.id
            self.expect.append("secret.exposure")
        if self.kind == "benign":
            assert not self.secret_values(), (self.id, self.secret_values())
        d = {"id": self.id, "session_id": self.sid, "kind": self.kind, "domain": self.domain,
             "agent_product": self.agent, "description": self.desc,
             "expect_alerts": self.expect, "forbid_alerts": self.forbid}
        if self.task:
            d["task"] = self.task
        if self.timing:
            d["timing"] = {"interval_ms": self.timing}
        d["events"] = self.events
        return d


def write_all():
    ids = set()
    for s in REGISTRY:
        assert s.id not in ids, s.id
        ids.add(s.id)
        (OUT / f"{s.id}.json").write_text(json.dumps(s.doc(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(REGISTRY)
