//! Model API traffic: OpenAI Chat Completions and Responses, Anthropic Messages.
//!
//! The gateway forwards request and response bytes unchanged; this module only reads them. A
//! request becomes an [`LlmRequest`] (what the model was asked: the new turn, the system
//! prompt, the tools offered); a response, whole or streamed, becomes an [`Output`] (text,
//! the tool calls the model asked for, usage, stop reason, errors). Streams are fed one SSE
//! event at a time to a [`Reassembler`], which reports each tool call as soon as it is complete
//! (Chat `delta.tool_calls` by `index` at `finish_reason`, Responses
//! `response.function_call_arguments.*` at `response.output_item.done`, Anthropic
//! `input_json_delta` parsed at `content_block_stop`). Unknown event types are counted and
//! otherwise ignored; an error in the middle of a stream is kept in the output.
//!
//! Nothing here does I/O or decides anything.

mod anthropic;
mod openai;
#[cfg(test)]
mod tests;

use serde::Serialize;
use serde_json::{json, Value};

/// Whose API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    OpenAi,
    Anthropic,
}

impl Provider {
    pub fn as_str(&self) -> &'static str {
        match self {
            Provider::OpenAi => "openai",
            Provider::Anthropic => "anthropic",
        }
    }
}

/// Which endpoint, when Warden knows its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// OpenAI `POST /v1/chat/completions`.
    ChatCompletions,
    /// OpenAI `POST /v1/responses`.
    Responses,
    /// Anthropic `POST /v1/messages`.
    Messages,
}

impl Api {
    /// The endpoint of a path below the provider's `/v1/` (`chat/completions`, `responses`,
    /// `messages`); `None` for every other endpoint (models, embeddings, files, …), which the
    /// proxy forwards without recording.
    pub fn of(provider: Provider, rest: &str) -> Option<Api> {
        let path = rest.split('?').next().unwrap_or("").trim_matches('/');
        match (provider, path) {
            (Provider::OpenAi, "chat/completions") => Some(Api::ChatCompletions),
            (Provider::OpenAi, "responses") => Some(Api::Responses),
            (Provider::Anthropic, "messages") => Some(Api::Messages),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Api::ChatCompletions => "chat.completions",
            Api::Responses => "responses",
            Api::Messages => "messages",
        }
    }

    pub fn provider(&self) -> Provider {
        match self {
            Api::ChatCompletions | Api::Responses => Provider::OpenAi,
            Api::Messages => Provider::Anthropic,
        }
    }
}

/// What a request asked the model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LlmRequest {
    pub model: Option<String>,
    pub stream: bool,
    /// The system prompt / instructions / developer messages, as sent.
    pub system: Option<Value>,
    /// The new turn: the messages (or Responses input items) after the last assistant turn —
    /// the user's message and the tool results sent back. Earlier turns were recorded with
    /// the requests that first carried them.
    pub input: Vec<Value>,
    /// How many messages the whole request carried.
    pub message_count: usize,
    /// Names of the tools offered to the model.
    pub tools: Vec<String>,
    /// The words of the new turn (user / developer text, not tool results), for detection.
    pub text: String,
    /// Responses `conversation` / `previous_response_id`, Anthropic `metadata.user_id`.
    pub conversation: Option<String>,
    /// Tool results sent back in this turn: (tool call id, text).
    pub tool_results: Vec<(String, String)>,
}

impl LlmRequest {
    /// The `prompt` event's body (the gateway redacts it before storage).
    pub fn body(&self, api: Api) -> Value {
        let mut b = json!({
            "provider": api.provider().as_str(),
            "api": api.as_str(),
            "stream": self.stream,
            "input": self.input,
            "message_count": self.message_count,
            "text": self.text,
        });
        if let Some(m) = &self.model {
            b["model"] = json!(m);
        }
        if let Some(s) = &self.system {
            b["system"] = s.clone();
        }
        if !self.tools.is_empty() {
            b["tools"] = json!(self.tools);
        }
        if let Some(c) = &self.conversation {
            b["conversation"] = json!(c);
        }
        b
    }
}

/// Reads a request body (JSON). A body that is not a JSON object gives an empty request.
pub fn parse_request(api: Api, body: &Value) -> LlmRequest {
    let mut r = LlmRequest {
        model: body.get("model").and_then(Value::as_str).map(str::to_owned),
        stream: body.get("stream").and_then(Value::as_bool).unwrap_or(false),
        ..Default::default()
    };
    r.tools = body
        .get("tools")
        .and_then(Value::as_array)
        .map(|tools| {
            tools
                .iter()
                .filter_map(|t| {
                    t.get("name")
                        .or_else(|| t.get("function").and_then(|f| f.get("name")))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    match api {
        Api::ChatCompletions => openai::chat_request(body, &mut r),
        Api::Responses => openai::responses_request(body, &mut r),
        Api::Messages => anthropic::request(body, &mut r),
    }
    r
}

/// A tool call the model asked for.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ToolCall {
    /// The provider's call id (`call_…`, `toolu_…`): what the agent later reports as its
    /// `tool_use_id` / `call_id`.
    pub id: String,
    pub name: String,
    /// The arguments, parsed; the raw text when they are not valid JSON.
    pub arguments: Value,
    /// Whether the arguments were valid JSON (a stream cut short leaves them incomplete).
    pub arguments_valid: bool,
    /// Position among the response's tool calls (Chat `index`, Responses `output_index`,
    /// Anthropic content block index).
    pub index: u64,
}

impl ToolCall {
    fn new(id: String, name: String, raw_args: &str, index: u64) -> Self {
        let raw = if raw_args.trim().is_empty() {
            "{}"
        } else {
            raw_args
        };
        let (arguments, arguments_valid) = match serde_json::from_str::<Value>(raw) {
            Ok(v) => (v, true),
            Err(_) => (Value::String(raw_args.to_owned()), false),
        };
        Self {
            id,
            name,
            arguments,
            arguments_valid,
            index,
        }
    }
}

/// Most distinct unknown event types remembered per stream.
const MAX_UNKNOWN: usize = 16;
/// Most output text kept for the record and detection.
pub const MAX_TEXT: usize = 1024 * 1024;

/// What a model answered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub id: Option<String>,
    pub model: Option<String>,
    pub text: String,
    /// Reasoning / thinking text, when the provider sent it in clear.
    pub reasoning: String,
    pub tool_calls: Vec<ToolCall>,
    pub usage: Option<Value>,
    pub stop_reason: Option<String>,
    /// An error the provider reported (an error response, or an error event mid-stream).
    pub error: Option<Value>,
    /// Event types Warden does not know, in order of first appearance.
    pub unknown_events: Vec<String>,
    /// SSE events read (0 for a JSON response).
    pub events: u64,
    /// The stream reached its end marker (or the JSON response was read whole).
    pub complete: bool,
    /// Events whose data was not JSON.
    pub unreadable: u64,
}

impl Output {
    /// The `model_output` event's body.
    pub fn body(&self, api: Api, streamed: bool, status: u16) -> Value {
        let mut b = json!({
            "provider": api.provider().as_str(),
            "api": api.as_str(),
            "stream": streamed,
            "status": status,
            "text": self.text,
            "tool_calls": self.tool_calls,
            "complete": self.complete,
        });
        let mut put = |k: &str, v: Option<Value>| {
            if let (Some(v), Value::Object(m)) = (v, &mut b) {
                m.insert(k.to_owned(), v);
            }
        };
        put("id", self.id.clone().map(Value::String));
        put("model", self.model.clone().map(Value::String));
        put(
            "reasoning",
            (!self.reasoning.is_empty()).then(|| json!(self.reasoning)),
        );
        put("usage", self.usage.clone());
        put("stop_reason", self.stop_reason.clone().map(Value::String));
        put("error", self.error.clone());
        put(
            "unknown_events",
            (!self.unknown_events.is_empty()).then(|| json!(self.unknown_events)),
        );
        put("events", streamed.then(|| json!(self.events)));
        put(
            "unreadable_events",
            (self.unreadable > 0).then(|| json!(self.unreadable)),
        );
        b
    }

    fn push_text(&mut self, s: &str) {
        push_bounded(&mut self.text, s);
    }

    fn unknown(&mut self, event: &str) {
        if self.unknown_events.len() < MAX_UNKNOWN
            && !self.unknown_events.iter().any(|e| e == event)
        {
            self.unknown_events.push(event.to_owned());
        }
    }
}

fn push_bounded(out: &mut String, s: &str) {
    let room = MAX_TEXT.saturating_sub(out.len());
    if room == 0 {
        return;
    }
    let mut end = s.len().min(room);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    out.push_str(&s[..end]);
}

/// Reads a whole (non-streamed) response body. `status` is the HTTP status: an error status
/// keeps the body's `error` member (or the body itself).
pub fn parse_response(api: Api, status: u16, body: &Value) -> Output {
    let mut out = match api {
        Api::ChatCompletions => openai::chat_response(body),
        Api::Responses => openai::responses_response(body),
        Api::Messages => anthropic::response(body),
    };
    if status >= 400 || body.get("error").is_some_and(|e| !e.is_null()) {
        out.error = Some(body.get("error").cloned().unwrap_or_else(|| body.clone()));
    }
    out.complete = true;
    out
}

/// Reassembles a streamed response from its SSE events, on the side of the stream.
#[derive(Debug)]
pub struct Reassembler {
    api: Api,
    out: Output,
    chat: openai::ChatState,
    responses: openai::ResponsesState,
    messages: anthropic::State,
}

impl Reassembler {
    pub fn new(api: Api) -> Self {
        Self {
            api,
            out: Output::default(),
            chat: Default::default(),
            responses: Default::default(),
            messages: Default::default(),
        }
    }

    /// One SSE event (`event` field, `data` joined). Returns the tool calls it completed.
    pub fn event(&mut self, event: Option<&str>, data: &str) -> Vec<ToolCall> {
        self.out.events += 1;
        let trimmed = data.trim();
        if trimmed == "[DONE]" {
            let done = self.chat.finish_all(&mut self.out);
            self.out.complete = true;
            return done;
        }
        let value: Value = match serde_json::from_str(trimmed) {
            Ok(v) => v,
            Err(_) => {
                self.out.unreadable += 1;
                return Vec::new();
            }
        };
        let name = value
            .get("type")
            .and_then(Value::as_str)
            .or(event)
            .unwrap_or("")
            .to_owned();
        match self.api {
            Api::ChatCompletions => self.chat.event(&value, &mut self.out),
            Api::Responses => self.responses.event(&name, &value, &mut self.out),
            Api::Messages => self.messages.event(&name, &value, &mut self.out),
        }
    }

    /// What the stream amounted to. Tool calls still open (a stream cut short) are included
    /// with whatever arguments arrived.
    pub fn finish(mut self) -> Output {
        let mut open = match self.api {
            Api::ChatCompletions => self.chat.finish_all(&mut self.out),
            Api::Responses => self.responses.finish_all(),
            Api::Messages => self.messages.finish_all(),
        };
        self.out.tool_calls.append(&mut open);
        self.out.tool_calls.sort_by_key(|c| c.index);
        self.out
    }
}

/// The text of message content: a string, or the `text` of content parts.
pub(crate) fn content_text(content: &Value, out: &mut String) {
    match content {
        Value::String(s) => {
            if !out.is_empty() {
                out.push('\n');
            }
            push_bounded(out, s);
        }
        Value::Array(parts) => parts.iter().for_each(|p| content_text(p, out)),
        Value::Object(m) => {
            for key in ["text", "content", "output", "input_text"] {
                if let Some(v) = m.get(key) {
                    content_text(v, out);
                }
            }
        }
        _ => {}
    }
}

pub(crate) fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}
