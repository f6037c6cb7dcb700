use serde_json::{json, Value};

use super::*;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../warden/tests/fixtures/llm/",
            $name
        ))
    };
}

/// The SSE events of a fixture (event, data), as the gateway's SSE reader reports them.
fn events(stream: &str) -> Vec<(Option<String>, String)> {
    stream
        .split("\n\n")
        .filter_map(|block| {
            let mut event = None;
            let mut data: Vec<&str> = Vec::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event: ") {
                    event = Some(v.to_owned());
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data.push(v);
                }
            }
            (!data.is_empty()).then(|| (event, data.join("\n")))
        })
        .collect()
}

fn replay(api: Api, stream: &str) -> (Output, Vec<ToolCall>) {
    let mut r = Reassembler::new(api);
    let mut completed = Vec::new();
    for (event, data) in events(stream) {
        completed.extend(r.event(event.as_deref(), &data));
    }
    (r.finish(), completed)
}

#[test]
fn api_of_paths() {
    assert_eq!(
        Api::of(Provider::OpenAi, "chat/completions"),
        Some(Api::ChatCompletions)
    );
    assert_eq!(
        Api::of(Provider::OpenAi, "responses?x=1"),
        Some(Api::Responses)
    );
    assert_eq!(
        Api::of(Provider::Anthropic, "messages"),
        Some(Api::Messages)
    );
    assert_eq!(Api::of(Provider::Anthropic, "messages/count_tokens"), None);
    assert_eq!(Api::of(Provider::OpenAi, "models"), None);
    assert_eq!(Api::of(Provider::OpenAi, "messages"), None);
}

#[test]
fn chat_stream_parallel_tool_calls_by_index() {
    let (out, completed) = replay(Api::ChatCompletions, fixture!("openai-chat-tools.sse"));
    assert!(out.complete);
    assert_eq!(out.stop_reason.as_deref(), Some("tool_calls"));
    assert_eq!(out.tool_calls.len(), 2);
    assert_eq!(completed.len(), 2, "both calls completed at finish_reason");
    assert_eq!(out.tool_calls[0].id, "call_Wq3cYb8T2nLk5Rz0");
    assert_eq!(out.tool_calls[0].name, "get_weather");
    assert_eq!(
        out.tool_calls[0].arguments,
        json!({"city": "Paris", "unit": "c"})
    );
    assert_eq!(out.tool_calls[1].id, "call_Hd7Pm1Vx4sJe9Ka2");
    assert_eq!(out.tool_calls[1].arguments, json!({"path": "/etc/hosts"}));
    assert!(out.tool_calls.iter().all(|c| c.arguments_valid));
    assert_eq!(out.usage.as_ref().unwrap()["total_tokens"], 200);
    assert_eq!(out.model.as_deref(), Some("gpt-4.1-2025-04-14"));
    assert!(out.unknown_events.is_empty());

    // The whole response says the same.
    let whole: Value = serde_json::from_str(fixture!("openai-chat-tools.json")).unwrap();
    let w = parse_response(Api::ChatCompletions, 200, &whole);
    assert_eq!(w.tool_calls, out.tool_calls);
    assert_eq!(w.usage, out.usage);
}

#[test]
fn chat_stream_error_midway_keeps_text_and_error() {
    let (out, _) = replay(Api::ChatCompletions, fixture!("openai-chat-error.sse"));
    assert!(!out.complete);
    assert_eq!(out.text, "Let me look at that file");
    assert_eq!(out.error.as_ref().unwrap()["type"], "server_error");
    let body = out.body(Api::ChatCompletions, true, 200);
    assert_eq!(body["complete"], false);
    assert_eq!(body["error"]["type"], "server_error");
}

#[test]
fn responses_stream_function_calls_and_unknown_events() {
    let (out, completed) = replay(Api::Responses, fixture!("openai-responses-tools.sse"));
    assert!(out.complete);
    assert_eq!(out.text, "I'll run the tests and check the diff.");
    assert_eq!(completed.len(), 2);
    assert_eq!(out.tool_calls.len(), 2);
    assert_eq!(out.tool_calls[0].id, "call_Tz6Gv2Qe8NfR1bXo");
    assert_eq!(out.tool_calls[0].name, "shell");
    assert_eq!(
        out.tool_calls[0].arguments,
        json!({"command": ["cargo", "test", "--workspace"]})
    );
    assert_eq!(
        out.tool_calls[1].arguments,
        json!({"command": ["git", "diff", "--stat"]})
    );
    assert_eq!(out.unknown_events, vec!["response.future_widget.delta"]);
    assert_eq!(out.usage.as_ref().unwrap()["total_tokens"], 375);
    assert_eq!(out.stop_reason.as_deref(), Some("completed"));

    let whole: Value = serde_json::from_str(fixture!("openai-responses-tools.json")).unwrap();
    let w = parse_response(Api::Responses, 200, &whole);
    assert_eq!(w.text, out.text);
    assert_eq!(w.tool_calls.len(), 2);
    assert_eq!(w.tool_calls[1].id, out.tool_calls[1].id);
    assert_eq!(w.tool_calls[1].arguments, out.tool_calls[1].arguments);
}

#[test]
fn responses_deltas_alone_reassemble_a_call() {
    // No `arguments` on the done item: the deltas are what we have.
    let stream = [
        (
            "response.output_item.added",
            json!({"output_index": 0, "item": {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f", "arguments": ""}}),
        ),
        (
            "response.function_call_arguments.delta",
            json!({"item_id": "fc_1", "output_index": 0, "delta": "{\"a\":"}),
        ),
        (
            "response.function_call_arguments.delta",
            json!({"item_id": "fc_1", "delta": "1}"}),
        ),
    ];
    let mut r = Reassembler::new(Api::Responses);
    for (e, d) in stream {
        assert!(r.event(Some(e), &d.to_string()).is_empty());
    }
    let out = r.finish();
    assert!(!out.complete, "cut short");
    assert_eq!(out.tool_calls[0].arguments, json!({"a": 1}));
    assert_eq!(out.tool_calls[0].id, "call_1");
}

#[test]
fn anthropic_stream_tool_use_parsed_at_block_stop() {
    let mut r = Reassembler::new(Api::Messages);
    let mut after_first_stop = None;
    for (event, data) in events(fixture!("anthropic-tool-use.sse")) {
        let done = r.event(event.as_deref(), &data);
        if !done.is_empty() && after_first_stop.is_none() {
            after_first_stop = Some(done);
        }
    }
    let first = after_first_stop.expect("a call completed before the end");
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].id, "toolu_01A09q90qw90lq917835lq9");
    let out = r.finish();
    assert!(out.complete);
    assert_eq!(out.text, "I'll list the directory and read the config.");
    assert_eq!(out.tool_calls.len(), 2);
    assert_eq!(out.tool_calls[0].name, "Bash");
    assert_eq!(
        out.tool_calls[0].arguments,
        json!({"command": "ls -la /tmp", "description": "List /tmp"})
    );
    assert_eq!(out.tool_calls[1].id, "toolu_01B18r81rx81mr826724mr8");
    assert_eq!(
        out.tool_calls[1].arguments,
        json!({"file_path": "/repo/Cargo.toml"})
    );
    assert_eq!(out.stop_reason.as_deref(), Some("tool_use"));
    let usage = out.usage.as_ref().unwrap();
    assert_eq!(usage["input_tokens"], 472);
    assert_eq!(usage["output_tokens"], 97, "message_delta usage merged");

    let whole: Value = serde_json::from_str(fixture!("anthropic-tool-use.json")).unwrap();
    let w = parse_response(Api::Messages, 200, &whole);
    assert_eq!(w.tool_calls, out.tool_calls);
    assert_eq!(w.text, out.text);
}

#[test]
fn anthropic_error_and_unknown_events() {
    let (out, _) = replay(Api::Messages, fixture!("anthropic-error.sse"));
    assert!(!out.complete);
    assert_eq!(out.text, "Starting the");
    assert_eq!(out.error.as_ref().unwrap()["type"], "overloaded_error");

    let (out, _) = replay(Api::Messages, fixture!("anthropic-unknown-events.sse"));
    assert!(out.complete);
    assert_eq!(out.text, "Hello, world");
    assert_eq!(
        out.unknown_events,
        vec!["message_annotation", "content_block_delta.sparkle_delta"]
    );
}

#[test]
fn a_tool_call_cut_short_keeps_its_raw_arguments() {
    let mut r = Reassembler::new(Api::Messages);
    r.event(
        Some("content_block_start"),
        r#"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_x","name":"Bash","input":{}}}"#,
    );
    r.event(
        Some("content_block_delta"),
        r#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"command\": \"rm"}}"#,
    );
    r.event(Some("garbage"), "not json");
    let out = r.finish();
    assert_eq!(out.tool_calls.len(), 1);
    assert!(!out.tool_calls[0].arguments_valid);
    assert_eq!(out.tool_calls[0].arguments, json!("{\"command\": \"rm"));
    assert_eq!(out.unreadable, 1);
}

#[test]
fn error_responses_keep_the_error() {
    let body = json!({"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}});
    let out = parse_response(Api::Messages, 401, &body);
    assert_eq!(out.error.unwrap()["type"], "authentication_error");
    let body = json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}});
    assert!(parse_response(Api::ChatCompletions, 401, &body)
        .error
        .is_some());
}

#[test]
fn requests_record_the_new_turn() {
    let chat = json!({
        "model": "gpt-4.1",
        "stream": true,
        "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "weather?"},
            {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
            {"role": "user", "content": [{"type": "text", "text": "and tomorrow?"}]}
        ],
        "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}]
    });
    let r = parse_request(Api::ChatCompletions, &chat);
    assert!(r.stream);
    assert_eq!(r.message_count, 5);
    assert_eq!(r.input.len(), 2);
    assert_eq!(
        r.text, "and tomorrow?",
        "tool results are not the user's words"
    );
    assert_eq!(
        r.tool_results,
        vec![("call_1".to_owned(), "sunny".to_owned())]
    );
    assert_eq!(r.tools, vec!["get_weather"]);
    assert_eq!(r.system.as_ref().unwrap()[0]["content"], "be brief");

    let responses = json!({"model": "gpt-4.1", "instructions": "be careful", "input": "list files", "previous_response_id": "resp_1"});
    let r = parse_request(Api::Responses, &responses);
    assert_eq!(r.text, "list files");
    assert_eq!(r.conversation.as_deref(), Some("resp_1"));
    assert_eq!(r.system, Some(json!("be careful")));

    let responses = json!({"input": [
        {"role": "user", "content": [{"type": "input_text", "text": "run tests"}]},
        {"type": "function_call", "call_id": "call_9", "name": "shell", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "call_9", "output": "ok"}
    ], "tools": [{"type": "function", "name": "shell"}]});
    let r = parse_request(Api::Responses, &responses);
    assert_eq!(r.input.len(), 1);
    assert_eq!(r.tool_results, vec![("call_9".to_owned(), "ok".to_owned())]);
    assert_eq!(r.tools, vec!["shell"]);

    let messages = json!({
        "model": "claude-sonnet-4-5", "system": [{"type": "text", "text": "You are Claude Code"}],
        "metadata": {"user_id": "user_abc_session_123"},
        "messages": [
            {"role": "user", "content": "fix the bug"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "Bash", "input": {"command": "ls"}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": [{"type": "text", "text": "a.rs"}]}, {"type": "text", "text": "go on"}]}
        ]
    });
    let r = parse_request(Api::Messages, &messages);
    assert_eq!(r.input.len(), 1);
    assert_eq!(r.text, "go on");
    assert_eq!(
        r.tool_results,
        vec![("toolu_1".to_owned(), "a.rs".to_owned())]
    );
    assert_eq!(r.conversation.as_deref(), Some("user_abc_session_123"));
    let body = r.body(Api::Messages);
    assert_eq!(body["provider"], "anthropic");
    assert_eq!(body["message_count"], 3);

    // Not JSON objects: empty, never a panic.
    assert_eq!(
        parse_request(Api::Messages, &json!([1, 2])),
        LlmRequest::default()
    );
}
