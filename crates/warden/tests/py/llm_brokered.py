"""Calls the model API proxy with the real `openai` and `anthropic` client libraries holding a
dummy API key, the task token in a default header (`Txn-Token`) when given, and prints what each
call got as one JSON object on the last line: the answer's tool call names, or the HTTP status
and message of the error the library raised.

Usage: llm_brokered.py --openai-base URL --anthropic-base URL [--token TASK_TOKEN] [--echo TEXT]
"""

import argparse
import json

import anthropic
import openai

DUMMY = "sk-dummy-not-a-real-key"


def failure(e):
    return {"status": getattr(e, "status_code", None), "message": str(e)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--openai-base", required=True)
    p.add_argument("--anthropic-base", required=True)
    p.add_argument("--token")
    p.add_argument("--echo", default="")
    a = p.parse_args()
    headers = {"Txn-Token": a.token} if a.token else {}
    oa = openai.OpenAI(
        base_url=a.openai_base, api_key=DUMMY, default_headers=headers, max_retries=0
    )
    an = anthropic.Anthropic(
        base_url=a.anthropic_base, api_key=DUMMY, default_headers=headers, max_retries=0
    )
    out = {}
    try:
        r = oa.chat.completions.create(
            model="replay:openai-chat-tools",
            messages=[{"role": "user", "content": "Weather in Paris? " + a.echo}],
        )
        out["openai"] = {"tools": [c.function.name for c in r.choices[0].message.tool_calls or []]}
    except openai.APIStatusError as e:
        out["openai"] = failure(e)
    try:
        m = an.messages.create(
            model="replay:anthropic-tool-use",
            max_tokens=256,
            messages=[{"role": "user", "content": "List /tmp"}],
        )
        out["anthropic"] = {"tools": [b.name for b in m.content if b.type == "tool_use"]}
    except anthropic.APIStatusError as e:
        out["anthropic"] = failure(e)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
