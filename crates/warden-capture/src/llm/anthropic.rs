//! Anthropic Messages: requests, whole responses, stream events.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{content_text, push_bounded, str_of, LlmRequest, Output, ToolCall};

pub(super) fn request(body: &Value, r: &mut LlmRequest) {
    r.system = body.get("system").filter(|v| !v.is_null()).cloned();
    r.conversation = body
        .get("metadata")
        .and_then(|m| m.get("user_id"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let Some(messages) = body.get("messages").and_then(Value::as_array) else {
        return;
    };
    r.message_count = messages.len();
    let start = messages
        .iter()
        .rposition(|m| m.get("role").and_then(Value::as_str) == Some("assistant"))
        .map_or(0, |i| i + 1);
    for m in &messages[start..] {
        match m.get("content") {
            Some(Value::String(s)) => {
                if !r.text.is_empty() {
                    r.text.push('\n');
                }
                push_bounded(&mut r.text, s);
            }
            Some(Value::Array(blocks)) => {
                for b in blocks {
                    match b.get("type").and_then(Value::as_str).unwrap_or("") {
                        "text" => content_text(b, &mut r.text),
                        "tool_result" => {
                            let mut text = String::new();
                            content_text(b.get("content").unwrap_or(&Value::Null), &mut text);
                            if let Some(id) = str_of(b, "tool_use_id") {
                                r.tool_results.push((id, text));
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        r.input.push(m.clone());
    }
}

fn is_tool_use(t: &str) -> bool {
    matches!(t, "tool_use" | "server_tool_use" | "mcp_tool_use")
}

pub(super) fn response(body: &Value) -> Output {
    let mut out = Output {
        id: str_of(body, "id"),
        model: str_of(body, "model"),
        usage: body.get("usage").filter(|u| !u.is_null()).cloned(),
        stop_reason: str_of(body, "stop_reason"),
        ..Default::default()
    };
    let blocks = body.get("content").and_then(Value::as_array);
    for (i, b) in blocks.into_iter().flatten().enumerate() {
        let t = b.get("type").and_then(Value::as_str).unwrap_or("");
        match t {
            "text" => {
                if let Some(s) = b.get("text").and_then(Value::as_str) {
                    out.push_text(s);
                }
            }
            "thinking" => {
                if let Some(s) = b.get("thinking").and_then(Value::as_str) {
                    push_bounded(&mut out.reasoning, s);
                }
            }
            t if is_tool_use(t) => out.tool_calls.push(ToolCall {
                id: str_of(b, "id").unwrap_or_default(),
                name: str_of(b, "name").unwrap_or_default(),
                arguments: b
                    .get("input")
                    .cloned()
                    .unwrap_or(Value::Object(Default::default())),
                arguments_valid: true,
                index: i as u64,
            }),
            _ => {}
        }
    }
    out
}

#[derive(Debug)]
enum Block {
    Text,
    Thinking,
    ToolUse {
        id: String,
        name: String,
        json: String,
        initial: Value,
    },
    Other,
}

/// Content blocks by index; a tool_use block's `input_json_delta`s are joined and parsed at
/// its `content_block_stop`.
#[derive(Debug, Default)]
pub(super) struct State {
    blocks: BTreeMap<u64, Block>,
}

impl State {
    pub(super) fn event(&mut self, name: &str, v: &Value, out: &mut Output) -> Vec<ToolCall> {
        let index = v.get("index").and_then(Value::as_u64).unwrap_or(0);
        match name {
            "message_start" => {
                let m = v.get("message").unwrap_or(&Value::Null);
                out.id = str_of(m, "id");
                out.model = str_of(m, "model");
                out.usage = m.get("usage").filter(|u| !u.is_null()).cloned();
            }
            "content_block_start" => {
                let b = v.get("content_block").unwrap_or(&Value::Null);
                let t = b.get("type").and_then(Value::as_str).unwrap_or("");
                let block = match t {
                    "text" => {
                        if let Some(s) = b.get("text").and_then(Value::as_str) {
                            out.push_text(s);
                        }
                        Block::Text
                    }
                    "thinking" => Block::Thinking,
                    t if is_tool_use(t) => Block::ToolUse {
                        id: str_of(b, "id").unwrap_or_default(),
                        name: str_of(b, "name").unwrap_or_default(),
                        json: String::new(),
                        initial: b.get("input").cloned().unwrap_or(Value::Null),
                    },
                    _ => Block::Other,
                };
                self.blocks.insert(index, block);
            }
            "content_block_delta" => {
                let d = v.get("delta").unwrap_or(&Value::Null);
                let t = d.get("type").and_then(Value::as_str).unwrap_or("");
                match (t, self.blocks.get_mut(&index)) {
                    ("text_delta", _) => {
                        if let Some(s) = d.get("text").and_then(Value::as_str) {
                            out.push_text(s);
                        }
                    }
                    ("thinking_delta", _) => {
                        if let Some(s) = d.get("thinking").and_then(Value::as_str) {
                            push_bounded(&mut out.reasoning, s);
                        }
                    }
                    ("input_json_delta", Some(Block::ToolUse { json, .. })) => {
                        if let Some(s) = d.get("partial_json").and_then(Value::as_str) {
                            json.push_str(s);
                        }
                    }
                    ("input_json_delta" | "signature_delta" | "citations_delta", _) => {}
                    (other, _) => out.unknown(&format!("content_block_delta.{other}")),
                }
            }
            "content_block_stop" => {
                if let Some(block) = self.blocks.remove(&index) {
                    if let Some(call) = close(index, block) {
                        out.tool_calls.push(call.clone());
                        return vec![call];
                    }
                }
            }
            "message_delta" => {
                let d = v.get("delta").unwrap_or(&Value::Null);
                if let Some(r) = d.get("stop_reason").and_then(Value::as_str) {
                    out.stop_reason = Some(r.to_owned());
                }
                if let Some(Value::Object(u)) = v.get("usage") {
                    match &mut out.usage {
                        Some(Value::Object(acc)) => {
                            for (k, val) in u {
                                acc.insert(k.clone(), val.clone());
                            }
                        }
                        _ => out.usage = Some(Value::Object(u.clone())),
                    }
                }
            }
            "message_stop" => out.complete = true,
            "ping" => {}
            "error" => {
                out.error = Some(v.get("error").cloned().unwrap_or_else(|| v.clone()));
            }
            other => out.unknown(other),
        }
        Vec::new()
    }

    pub(super) fn finish_all(&mut self) -> Vec<ToolCall> {
        std::mem::take(&mut self.blocks)
            .into_iter()
            .filter_map(|(i, b)| close(i, b))
            .collect()
    }
}

fn close(index: u64, block: Block) -> Option<ToolCall> {
    let Block::ToolUse {
        id,
        name,
        json,
        initial,
    } = block
    else {
        return None;
    };
    if json.trim().is_empty() && !initial.is_null() {
        return Some(ToolCall {
            id,
            name,
            arguments: initial,
            arguments_valid: true,
            index,
        });
    }
    Some(ToolCall::new(id, name, &json, index))
}
