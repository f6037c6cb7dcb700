//! OpenAI Chat Completions and Responses: requests, whole responses, stream events.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{content_text, push_bounded, str_of, LlmRequest, Output, ToolCall};

/// Chat messages: system/developer messages are the system prompt; the new turn is what
/// follows the last assistant message.
pub(super) fn chat_request(body: &Value, r: &mut LlmRequest) {
    let Some(messages) = body.get("messages").and_then(Value::as_array) else {
        return;
    };
    r.message_count = messages.len();
    let role = |m: &Value| {
        m.get("role")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let system: Vec<Value> = messages
        .iter()
        .filter(|m| matches!(role(m).as_str(), "system" | "developer"))
        .cloned()
        .collect();
    if !system.is_empty() {
        r.system = Some(Value::Array(system));
    }
    let start = messages
        .iter()
        .rposition(|m| role(m) == "assistant")
        .map_or(0, |i| i + 1);
    for m in &messages[start..] {
        match role(m).as_str() {
            "system" | "developer" => continue,
            "tool" => {
                let mut text = String::new();
                content_text(m.get("content").unwrap_or(&Value::Null), &mut text);
                if let Some(id) = str_of(m, "tool_call_id") {
                    r.tool_results.push((id, text));
                }
            }
            _ => content_text(m.get("content").unwrap_or(&Value::Null), &mut r.text),
        }
        r.input.push(m.clone());
    }
}

/// Responses input: a string, or items; `instructions` is the system prompt.
pub(super) fn responses_request(body: &Value, r: &mut LlmRequest) {
    r.system = body.get("instructions").filter(|v| !v.is_null()).cloned();
    r.conversation = match body.get("conversation") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
    .or_else(|| str_of(body, "previous_response_id"));
    match body.get("input") {
        Some(Value::String(s)) => {
            r.message_count = 1;
            r.input.push(json!({"role": "user", "content": s}));
            push_bounded(&mut r.text, s);
        }
        Some(Value::Array(items)) => {
            r.message_count = items.len();
            let is_model_turn = |i: &Value| {
                let t = i.get("type").and_then(Value::as_str).unwrap_or("message");
                let role = i.get("role").and_then(Value::as_str).unwrap_or("");
                (t == "message" && role == "assistant")
                    || matches!(t, "function_call" | "reasoning" | "custom_tool_call")
            };
            let start = items.iter().rposition(is_model_turn).map_or(0, |i| i + 1);
            for item in &items[start..] {
                let t = item
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("message");
                match t {
                    "function_call_output" | "custom_tool_call_output" => {
                        let mut text = String::new();
                        content_text(item.get("output").unwrap_or(&Value::Null), &mut text);
                        if let Some(id) = str_of(item, "call_id") {
                            r.tool_results.push((id, text));
                        }
                    }
                    _ => {
                        let role = item.get("role").and_then(Value::as_str).unwrap_or("");
                        if !matches!(role, "system" | "developer") {
                            content_text(item.get("content").unwrap_or(&Value::Null), &mut r.text);
                        }
                    }
                }
                r.input.push(item.clone());
            }
        }
        _ => {}
    }
}

pub(super) fn chat_response(body: &Value) -> Output {
    let mut out = Output {
        id: str_of(body, "id"),
        model: str_of(body, "model"),
        usage: body.get("usage").filter(|u| !u.is_null()).cloned(),
        ..Default::default()
    };
    let choices = body.get("choices").and_then(Value::as_array);
    for choice in choices.into_iter().flatten() {
        if choice.get("index").and_then(Value::as_u64).unwrap_or(0) != 0 {
            continue;
        }
        let msg = choice.get("message").unwrap_or(&Value::Null);
        if let Some(t) = msg.get("content").and_then(Value::as_str) {
            out.push_text(t);
        }
        if let Some(t) = msg.get("refusal").and_then(Value::as_str) {
            out.push_text(t);
        }
        for (i, tc) in msg
            .get("tool_calls")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let f = tc.get("function").unwrap_or(&Value::Null);
            out.tool_calls.push(ToolCall::new(
                str_of(tc, "id").unwrap_or_default(),
                str_of(f, "name").unwrap_or_default(),
                f.get("arguments").and_then(Value::as_str).unwrap_or(""),
                i as u64,
            ));
        }
        out.stop_reason = str_of(choice, "finish_reason");
    }
    out
}

pub(super) fn responses_response(body: &Value) -> Output {
    let mut out = Output {
        id: str_of(body, "id"),
        model: str_of(body, "model"),
        usage: body.get("usage").filter(|u| !u.is_null()).cloned(),
        stop_reason: str_of(body, "status"),
        error: body.get("error").filter(|e| !e.is_null()).cloned(),
        ..Default::default()
    };
    read_output_items(body, &mut out, true);
    out
}

/// Text, reasoning and function calls of a response's `output` items.
fn read_output_items(response: &Value, out: &mut Output, calls: bool) {
    let items = response.get("output").and_then(Value::as_array);
    for (i, item) in items.into_iter().flatten().enumerate() {
        match item.get("type").and_then(Value::as_str).unwrap_or("") {
            "message" => {
                for part in item
                    .get("content")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let t = part.get("type").and_then(Value::as_str).unwrap_or("");
                    if matches!(t, "output_text" | "refusal") {
                        if let Some(s) = part
                            .get("text")
                            .or_else(|| part.get("refusal"))
                            .and_then(Value::as_str)
                        {
                            out.push_text(s);
                        }
                    }
                }
            }
            "reasoning" => {
                let mut s = String::new();
                content_text(item.get("summary").unwrap_or(&Value::Null), &mut s);
                push_bounded(&mut out.reasoning, &s);
            }
            "function_call" | "custom_tool_call" if calls => {
                out.tool_calls.push(call_of_item(item, i as u64));
            }
            _ => {}
        }
    }
}

fn call_of_item(item: &Value, index: u64) -> ToolCall {
    let args = item
        .get("arguments")
        .or_else(|| item.get("input"))
        .and_then(Value::as_str)
        .unwrap_or("");
    ToolCall::new(
        str_of(item, "call_id")
            .or_else(|| str_of(item, "id"))
            .unwrap_or_default(),
        str_of(item, "name").unwrap_or_default(),
        args,
        index,
    )
}

#[derive(Debug, Default)]
struct Partial {
    id: String,
    name: String,
    args: String,
}

/// Chat stream: tool call fragments keyed by (choice, `index`).
#[derive(Debug, Default)]
pub(super) struct ChatState {
    calls: BTreeMap<(u64, u64), Partial>,
}

impl ChatState {
    pub(super) fn event(&mut self, v: &Value, out: &mut Output) -> Vec<ToolCall> {
        if let Some(e) = v.get("error").filter(|e| !e.is_null()) {
            out.error = Some(e.clone());
            return Vec::new();
        }
        if out.id.is_none() {
            out.id = str_of(v, "id");
        }
        if out.model.is_none() {
            out.model = str_of(v, "model");
        }
        if let Some(u) = v.get("usage").filter(|u| !u.is_null()) {
            out.usage = Some(u.clone());
        }
        let mut done = Vec::new();
        let Some(choices) = v.get("choices").and_then(Value::as_array) else {
            if v.get("usage").is_none() {
                out.unknown(v.get("object").and_then(Value::as_str).unwrap_or("chunk"));
            }
            return done;
        };
        for choice in choices {
            let c = choice.get("index").and_then(Value::as_u64).unwrap_or(0);
            let delta = choice.get("delta").unwrap_or(&Value::Null);
            if c == 0 {
                if let Some(t) = delta.get("content").and_then(Value::as_str) {
                    out.push_text(t);
                }
                if let Some(t) = delta.get("refusal").and_then(Value::as_str) {
                    out.push_text(t);
                }
                if let Some(t) = delta.get("reasoning_content").and_then(Value::as_str) {
                    push_bounded(&mut out.reasoning, t);
                }
            }
            let fragments = delta.get("tool_calls").and_then(Value::as_array);
            for (pos, tc) in fragments.into_iter().flatten().enumerate() {
                let i = tc
                    .get("index")
                    .and_then(Value::as_u64)
                    .unwrap_or(pos as u64);
                let p = self.calls.entry((c, i)).or_default();
                if let Some(id) = tc.get("id").and_then(Value::as_str) {
                    if !id.is_empty() {
                        p.id = id.to_owned();
                    }
                }
                let f = tc.get("function").unwrap_or(&Value::Null);
                if let Some(n) = f.get("name").and_then(Value::as_str) {
                    if p.name.is_empty() {
                        p.name = n.to_owned();
                    }
                }
                if let Some(a) = f.get("arguments").and_then(Value::as_str) {
                    p.args.push_str(a);
                }
            }
            if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
                if c == 0 {
                    out.stop_reason = Some(reason.to_owned());
                }
                done.extend(self.finish_choice(c, out));
            }
        }
        done
    }

    fn finish_choice(&mut self, choice: u64, out: &mut Output) -> Vec<ToolCall> {
        let keys: Vec<(u64, u64)> = self
            .calls
            .keys()
            .filter(|(c, _)| *c == choice)
            .copied()
            .collect();
        let mut done = Vec::new();
        for k in keys {
            if let Some(p) = self.calls.remove(&k) {
                let call = ToolCall::new(p.id, p.name, &p.args, k.1);
                if choice == 0 {
                    out.tool_calls.push(call.clone());
                }
                done.push(call);
            }
        }
        done
    }

    /// Calls still open at `[DONE]` or at the end of the stream.
    pub(super) fn finish_all(&mut self, out: &mut Output) -> Vec<ToolCall> {
        let choices: Vec<u64> = self.calls.keys().map(|(c, _)| *c).collect();
        let mut done = Vec::new();
        for c in choices {
            done.extend(self.finish_choice(c, out));
        }
        done
    }
}

/// Responses stream: function calls keyed by `output_index`.
#[derive(Debug, Default)]
pub(super) struct ResponsesState {
    calls: BTreeMap<u64, (Partial, String)>,
}

impl ResponsesState {
    fn by_item(&mut self, v: &Value) -> Option<&mut (Partial, String)> {
        if let Some(i) = v.get("output_index").and_then(Value::as_u64) {
            if self.calls.contains_key(&i) {
                return self.calls.get_mut(&i);
            }
        }
        let item_id = v.get("item_id").and_then(Value::as_str)?;
        self.calls.values_mut().find(|(_, id)| id == item_id)
    }

    pub(super) fn event(&mut self, name: &str, v: &Value, out: &mut Output) -> Vec<ToolCall> {
        let mut done = Vec::new();
        match name {
            "response.created" | "response.in_progress" | "response.queued" => {
                let r = v.get("response").unwrap_or(&Value::Null);
                out.id = out.id.take().or_else(|| str_of(r, "id"));
                out.model = out.model.take().or_else(|| str_of(r, "model"));
            }
            "response.output_item.added" => {
                let item = v.get("item").unwrap_or(&Value::Null);
                let t = item.get("type").and_then(Value::as_str).unwrap_or("");
                if matches!(t, "function_call" | "custom_tool_call") {
                    let i = v.get("output_index").and_then(Value::as_u64).unwrap_or(0);
                    let p = Partial {
                        id: str_of(item, "call_id").unwrap_or_default(),
                        name: str_of(item, "name").unwrap_or_default(),
                        args: item
                            .get("arguments")
                            .or_else(|| item.get("input"))
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_owned(),
                    };
                    self.calls
                        .insert(i, (p, str_of(item, "id").unwrap_or_default()));
                }
            }
            "response.function_call_arguments.delta" | "response.custom_tool_call_input.delta" => {
                if let (Some(d), Some((p, _))) =
                    (v.get("delta").and_then(Value::as_str), self.by_item(v))
                {
                    p.args.push_str(d);
                }
            }
            "response.function_call_arguments.done" | "response.custom_tool_call_input.done" => {
                let full = v
                    .get("arguments")
                    .or_else(|| v.get("input"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let name = str_of(v, "name");
                if let Some((p, _)) = self.by_item(v) {
                    if let Some(a) = full {
                        p.args = a;
                    }
                    if let (Some(n), true) = (name, p.name.is_empty()) {
                        p.name = n;
                    }
                }
            }
            "response.output_item.done" => {
                let item = v.get("item").unwrap_or(&Value::Null);
                let t = item.get("type").and_then(Value::as_str).unwrap_or("");
                if matches!(t, "function_call" | "custom_tool_call") {
                    let i = v.get("output_index").and_then(Value::as_u64).unwrap_or(0);
                    let assembled = self.calls.remove(&i);
                    let mut call = call_of_item(item, i);
                    if let Some((p, _)) = assembled {
                        // The item carries the final arguments; the deltas are the fallback.
                        if item.get("arguments").and_then(Value::as_str).is_none() {
                            call = ToolCall::new(p.id, p.name, &p.args, i);
                        }
                    }
                    out.tool_calls.push(call.clone());
                    done.push(call);
                }
            }
            "response.output_text.delta" | "response.refusal.delta" => {
                if let Some(d) = v.get("delta").and_then(Value::as_str) {
                    out.push_text(d);
                }
            }
            "response.reasoning_summary_text.delta" | "response.reasoning_text.delta" => {
                if let Some(d) = v.get("delta").and_then(Value::as_str) {
                    push_bounded(&mut out.reasoning, d);
                }
            }
            "response.completed" | "response.incomplete" | "response.failed" => {
                let r = v.get("response").unwrap_or(&Value::Null);
                out.id = out.id.take().or_else(|| str_of(r, "id"));
                out.model = out.model.take().or_else(|| str_of(r, "model"));
                if let Some(u) = r.get("usage").filter(|u| !u.is_null()) {
                    out.usage = Some(u.clone());
                }
                out.stop_reason = str_of(r, "status")
                    .or_else(|| Some(name.trim_start_matches("response.").to_owned()));
                if let Some(e) = r.get("error").filter(|e| !e.is_null()) {
                    out.error = Some(e.clone());
                }
                if out.text.is_empty() {
                    read_output_items(r, out, false);
                }
                // Calls the item events did not close.
                for (i, (p, _)) in std::mem::take(&mut self.calls) {
                    let call = ToolCall::new(p.id, p.name, &p.args, i);
                    out.tool_calls.push(call.clone());
                    done.push(call);
                }
                out.complete = true;
            }
            "error" => {
                let mut e = v.clone();
                if let Value::Object(m) = &mut e {
                    m.remove("type");
                    m.remove("sequence_number");
                }
                out.error = Some(e);
            }
            "response.output_text.done"
            | "response.output_text.annotation.added"
            | "response.content_part.added"
            | "response.content_part.done"
            | "response.refusal.done"
            | "response.reasoning_summary_part.added"
            | "response.reasoning_summary_part.done"
            | "response.reasoning_summary_text.done"
            | "response.reasoning_text.done" => {}
            other => out.unknown(other),
        }
        done
    }

    pub(super) fn finish_all(&mut self) -> Vec<ToolCall> {
        std::mem::take(&mut self.calls)
            .into_iter()
            .map(|(i, (p, _))| ToolCall::new(p.id, p.name, &p.args, i))
            .collect()
    }
}
