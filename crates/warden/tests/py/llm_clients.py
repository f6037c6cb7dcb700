"""Drives the real `openai` and `anthropic` client libraries against a base URL (Warden's model
API proxy, or the replaying upstream directly) and prints, per scenario, what the client
library made of the answer, as one JSON object on the last line.

Usage: llm_clients.py --openai-base URL --anthropic-base URL --key KEY [--session-id ID]

Each scenario names the fixture the replaying upstream serves through its model name
(`replay:<fixture>`).
"""

import argparse
import json
import sys

import anthropic
import openai

TOOLS_OPENAI = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    },
    {
        "type": "function",
        "function": {
            "name": "read_file",
            "parameters": {"type": "object", "properties": {"path": {"type": "string"}}},
        },
    },
]
TOOLS_RESPONSES = [
    {
        "type": "function",
        "name": "shell",
        "parameters": {"type": "object", "properties": {"command": {"type": "array"}}},
    }
]
TOOLS_ANTHROPIC = [
    {"name": "Bash", "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}}},
    {"name": "Read", "input_schema": {"type": "object", "properties": {"file_path": {"type": "string"}}}},
]
MESSAGES = [
    {"role": "system", "content": "You are a careful assistant."},
    {"role": "user", "content": "What's the weather in Paris, and what is in /etc/hosts?"},
]


def chat_stream(oa):
    stream = oa.chat.completions.create(
        model="replay:openai-chat-tools",
        messages=MESSAGES,
        tools=TOOLS_OPENAI,
        stream=True,
        stream_options={"include_usage": True},
    )
    calls = {}
    usage = None
    finish = None
    for chunk in stream:
        if chunk.usage:
            usage = chunk.usage.total_tokens
        for choice in chunk.choices:
            finish = choice.finish_reason or finish
            for tc in choice.delta.tool_calls or []:
                c = calls.setdefault(tc.index, {"id": None, "name": "", "arguments": ""})
                if tc.id:
                    c["id"] = tc.id
                if tc.function and tc.function.name:
                    c["name"] = tc.function.name
                if tc.function and tc.function.arguments:
                    c["arguments"] += tc.function.arguments
    out = [dict(c, arguments=json.loads(c["arguments"])) for _, c in sorted(calls.items())]
    return {"tool_calls": out, "usage": usage, "finish": finish}


def chat_whole(oa):
    r = oa.chat.completions.create(model="replay:openai-chat-tools", messages=MESSAGES, tools=TOOLS_OPENAI)
    calls = [
        {"id": c.id, "name": c.function.name, "arguments": json.loads(c.function.arguments)}
        for c in r.choices[0].message.tool_calls
    ]
    return {"tool_calls": calls, "usage": r.usage.total_tokens, "finish": r.choices[0].finish_reason}


def chat_error(oa):
    text = ""
    try:
        for chunk in oa.chat.completions.create(
            model="replay:openai-chat-error", messages=MESSAGES, stream=True
        ):
            for choice in chunk.choices:
                text += choice.delta.content or ""
    except openai.APIError as e:
        return {"text": text, "error": type(e).__name__, "message": e.message}
    return {"text": text, "error": None}


def responses_stream(oa):
    stream = oa.responses.create(
        model="replay:openai-responses-tools",
        instructions="You are a careful coding agent.",
        input="Run the tests, then show me the diff stat.",
        tools=TOOLS_RESPONSES,
        stream=True,
    )
    text = ""
    calls = []
    kinds = []
    final = None
    for ev in stream:
        kinds.append(ev.type)
        if ev.type == "response.output_text.delta":
            text += ev.delta
        elif ev.type == "response.output_item.done" and ev.item.type == "function_call":
            calls.append({"id": ev.item.call_id, "name": ev.item.name, "arguments": json.loads(ev.item.arguments)})
        elif ev.type == "response.completed":
            final = ev.response.usage.total_tokens
    return {"text": text, "tool_calls": calls, "usage": final, "unknown_seen": "response.future_widget.delta" in kinds}


def responses_whole(oa):
    r = oa.responses.create(
        model="replay:openai-responses-tools",
        input="Run the tests, then show me the diff stat.",
        tools=TOOLS_RESPONSES,
    )
    calls = [
        {"id": o.call_id, "name": o.name, "arguments": json.loads(o.arguments)}
        for o in r.output
        if o.type == "function_call"
    ]
    return {"text": r.output_text, "tool_calls": calls, "usage": r.usage.total_tokens}


def anthropic_kwargs(session_id, model):
    kw = {
        "model": model,
        "max_tokens": 1024,
        "system": "You are Claude Code.",
        "tools": TOOLS_ANTHROPIC,
        "messages": [{"role": "user", "content": "List /tmp and read the Cargo.toml."}],
    }
    if session_id:
        kw["metadata"] = {"user_id": f"user_4f1e_account_9a2b_session_{session_id}"}
    return kw


def blocks(content):
    out = []
    for b in content:
        if b.type == "text":
            out.append({"type": "text", "text": b.text})
        elif b.type == "tool_use":
            out.append({"type": "tool_use", "id": b.id, "name": b.name, "input": b.input})
    return out


def anthropic_stream(an, session_id):
    # The library's own stream helper accumulates input_json_delta into each tool_use input.
    with an.messages.stream(**anthropic_kwargs(session_id, "replay:anthropic-tool-use")) as s:
        msg = s.get_final_message()
    return {"content": blocks(msg.content), "stop_reason": msg.stop_reason, "output_tokens": msg.usage.output_tokens}


def anthropic_whole(an, session_id):
    msg = an.messages.create(**anthropic_kwargs(session_id, "replay:anthropic-tool-use"))
    return {"content": blocks(msg.content), "stop_reason": msg.stop_reason, "output_tokens": msg.usage.output_tokens}


def anthropic_error(an, session_id):
    text = ""
    try:
        for ev in an.messages.create(stream=True, **anthropic_kwargs(session_id, "replay:anthropic-error")):
            if ev.type == "content_block_delta" and ev.delta.type == "text_delta":
                text += ev.delta.text
    except anthropic.APIStatusError as e:
        return {"text": text, "error": type(e).__name__, "body_type": (e.body or {}).get("error", {}).get("type")}
    return {"text": text, "error": None}


def anthropic_unknown(an, session_id):
    text = ""
    kinds = []
    for ev in an.messages.create(stream=True, **anthropic_kwargs(session_id, "replay:anthropic-unknown-events")):
        kinds.append(ev.type)
        if ev.type == "content_block_delta" and getattr(ev.delta, "type", None) == "text_delta":
            text += ev.delta.text
    return {"text": text, "stopped": "message_stop" in kinds}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--openai-base", required=True)
    p.add_argument("--anthropic-base", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--session-id", default="")
    p.add_argument("--only", default="")
    a = p.parse_args()
    oa = openai.OpenAI(base_url=a.openai_base, api_key=a.key, max_retries=0)
    an = anthropic.Anthropic(base_url=a.anthropic_base, api_key=a.key, max_retries=0)
    scenarios = {
        "chat_stream": lambda: chat_stream(oa),
        "chat_whole": lambda: chat_whole(oa),
        "chat_error": lambda: chat_error(oa),
        "responses_stream": lambda: responses_stream(oa),
        "responses_whole": lambda: responses_whole(oa),
        "anthropic_stream": lambda: anthropic_stream(an, a.session_id),
        "anthropic_whole": lambda: anthropic_whole(an, a.session_id),
        "anthropic_error": lambda: anthropic_error(an, a.session_id),
        "anthropic_unknown": lambda: anthropic_unknown(an, a.session_id),
    }
    results = {}
    for name, run in scenarios.items():
        if a.only and name not in a.only.split(","):
            continue
        try:
            results[name] = run()
        except Exception as e:  # reported, so the test shows which scenario broke and how
            results[name] = {"exception": f"{type(e).__name__}: {e}"}
    print(json.dumps(results, sort_keys=True))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
