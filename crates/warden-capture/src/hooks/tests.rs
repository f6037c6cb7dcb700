use serde_json::json;
use warden_core::{EventKind, Outcome, Verdict};

use super::*;

fn claude(event: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut p = json!({
        "session_id": "s-1", "transcript_path": "/t.jsonl", "cwd": "/home/dev/app",
        "permission_mode": "default", "hook_event_name": event
    });
    if let (Some(obj), Some(extra)) = (p.as_object_mut(), extra.as_object()) {
        obj.extend(extra.clone());
    }
    p
}

#[test]
fn claude_code_pre_tool_use_parses_and_keeps_everything() {
    let p = claude(
        "PreToolUse",
        json!({"tool_name": "mcp__github__get_issue", "tool_input": {"number": 7}, "tool_use_id": "toolu_1",
               "prompt_id": "p-9", "future_field": {"x": 1}}),
    );
    let call = ClaudeCode.parse(p.clone()).expect("parses");
    assert_eq!(call.phase, Phase::PreTool);
    assert!(call.phase.is_gating());
    assert_eq!(
        call.tool.as_ref().map(|t| t.name.as_str()),
        Some("mcp__github__get_issue")
    );
    assert_eq!(call.correlation.tool_use_id.as_deref(), Some("toolu_1"));
    assert_eq!(call.correlation.prompt_id.as_deref(), Some("p-9"));
    let draft = call.to_draft();
    assert_eq!(draft.kind, EventKind::ToolCall);
    assert_eq!(
        draft.body, p,
        "the body is the payload as sent, unknown fields included"
    );
}

#[test]
fn claude_code_subagents_and_unknown_events() {
    let sub = claude(
        "PreToolUse",
        json!({"tool_name": "Grep", "tool_input": {}, "agent_id": "sub-7f3a", "agent_type": "Explore"}),
    );
    let call = ClaudeCode.parse(sub).expect("parses");
    assert_eq!(
        call.subagent,
        Some(Subagent {
            id: "sub-7f3a".into(),
            kind: Some("Explore".into())
        })
    );
    let unknown = ClaudeCode
        .parse(claude("SomethingNew", json!({"k": 1})))
        .expect("unknown events are kept");
    assert_eq!(unknown.phase, Phase::Other);
    assert_eq!(unknown.to_draft().kind, EventKind::Other);
}

#[test]
fn claude_code_rejects_what_is_not_a_hook() {
    assert_eq!(ClaudeCode.parse(json!([1])), Err(HookError::NotAnObject));
    assert!(matches!(
        ClaudeCode.parse(json!({"hook_event_name": "Stop"})),
        Err(HookError::Missing("session_id", _))
    ));
    assert!(ClaudeCode.parse(json!({"session_id": "s"})).is_err());
    assert!(
        ClaudeCode.parse(claude("PreToolUse", json!({}))).is_err(),
        "a tool hook needs tool_name"
    );
    assert!(ClaudeCode
        .parse(json!({"session_id": "", "hook_event_name": "Stop"}))
        .is_err());
}

#[test]
fn claude_code_answers_in_its_own_protocol() {
    let pre = ClaudeCode
        .parse(claude(
            "PreToolUse",
            json!({"tool_name": "Bash", "tool_input": {"command": "ls"}}),
        ))
        .expect("parses");
    let allow = ClaudeCode.answer(&pre, &Verdict::allow("fine"));
    assert_eq!(
        (allow.body.clone(), allow.exit_code),
        (json!({}), 0),
        "allow defers to the agent's own permissions"
    );
    let deny = ClaudeCode.answer(&pre, &Verdict::deny("no: reason"));
    assert_eq!(
        deny.body["hookSpecificOutput"]["permissionDecision"],
        "deny"
    );
    assert_eq!(
        deny.body["hookSpecificOutput"]["permissionDecisionReason"],
        "no: reason"
    );
    assert_eq!(deny.exit_code, 2);
    assert_eq!(deny.stderr.as_deref(), Some("no: reason"));
    let mut ask = Verdict::deny("needs a human");
    ask.outcome = Outcome::Ask;
    let ask = ClaudeCode.answer(&pre, &ask);
    assert_eq!(
        (
            ask.body["hookSpecificOutput"]["permissionDecision"].as_str(),
            ask.exit_code
        ),
        (Some("ask"), 0)
    );
    let prompt = ClaudeCode
        .parse(claude("UserPromptSubmit", json!({"prompt": "hi"})))
        .expect("parses");
    let blocked = ClaudeCode.answer(&prompt, &Verdict::deny("secret in prompt"));
    assert_eq!(
        (blocked.body["decision"].as_str(), blocked.exit_code),
        (Some("block"), 2)
    );
    let post = ClaudeCode
        .parse(claude(
            "PostToolUse",
            json!({"tool_name": "Bash", "tool_response": {"stdout": ""}}),
        ))
        .expect("parses");
    assert_eq!(
        ClaudeCode.answer(&post, &Verdict::deny("x")).exit_code,
        0,
        "non-gating hooks never block"
    );
}

#[test]
fn every_shared_scenario_payload_parses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/scenarios");
    let mut payloads = 0;
    for entry in std::fs::read_dir(&dir).expect("shared scenarios beside the repository") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let scenario: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        for ev in scenario["events"].as_array().expect("events") {
            let call = ClaudeCode
                .parse(ev["payload"].clone())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_ne!(
                call.phase,
                Phase::Other,
                "{}: {}",
                path.display(),
                call.event_name
            );
            payloads += 1;
        }
    }
    assert!(payloads > 50, "only {payloads} payloads found");
}

#[test]
fn cursor_maps_its_events_onto_the_common_tool_names() {
    let shell = json!({"conversation_id": "c-1", "generation_id": "g-1", "hook_event_name": "beforeShellExecution",
                       "command": "rm -rf ~", "cwd": "/w", "workspace_roots": ["/w"]});
    let call = Cursor.parse(shell).expect("parses");
    assert_eq!(call.session_id.as_str(), "c-1");
    assert_eq!(call.tool.as_ref().map(|t| t.name.as_str()), Some("Bash"));
    assert_eq!(
        call.tool.as_ref().map(|t| t.input["command"].clone()),
        Some(json!("rm -rf ~"))
    );
    let mcp = json!({"conversation_id": "c-1", "hook_event_name": "beforeMCPExecution", "tool_name": "get_issue",
                     "tool_input": "{\"number\":7}", "url": "https://mcp.github.example/mcp"});
    let call = Cursor.parse(mcp).expect("parses");
    assert_eq!(
        call.tool.as_ref().map(|t| t.name.as_str()),
        Some("mcp__mcp-github-example__get_issue")
    );
    assert_eq!(
        call.tool.as_ref().map(|t| t.input["number"].clone()),
        Some(json!(7))
    );
    let deny = Cursor.answer(&call, &Verdict::deny("blocked by policy"));
    assert_eq!(
        deny.body,
        json!({"permission": "deny", "user_message": "blocked by policy", "agent_message": "blocked by policy"})
    );
    let prompt = Cursor
        .parse(
            json!({"conversation_id": "c", "hook_event_name": "beforeSubmitPrompt", "prompt": "x"}),
        )
        .expect("parses");
    assert_eq!(
        Cursor.answer(&prompt, &Verdict::deny("no")).body["continue"],
        false
    );
}

#[test]
fn gemini_and_codex_parse_and_answer() {
    let g = json!({"session_id": "g-1", "hook_event_name": "BeforeTool", "tool_name": "run_shell_command",
                   "tool_input": {"command": "ls"}, "cwd": "/w", "timestamp": "2026-01-01T00:00:00Z"});
    let call = Gemini.parse(g).expect("parses");
    assert_eq!(call.phase, Phase::PreTool);
    let deny = Gemini.answer(&call, &Verdict::deny("no"));
    assert_eq!(
        (deny.body["decision"].as_str(), deny.exit_code),
        (Some("deny"), 2)
    );
    let c = json!({"session_id": "x-1", "turn_id": "t-3", "hook_event_name": "PreToolUse", "tool_name": "shell",
                   "tool_input": {"command": ["bash", "-lc", "ls"]}});
    let call = Codex.parse(c).expect("parses");
    assert_eq!(call.correlation.turn_id.as_deref(), Some("t-3"));
    let deny = Codex.answer(&call, &Verdict::deny("no"));
    assert_eq!(
        deny.body["hookSpecificOutput"]["permissionDecision"],
        "deny"
    );
    let mut ask = Verdict::deny("needs a human");
    ask.outcome = Outcome::Ask;
    let ask = Codex.answer(&call, &ask);
    assert_eq!(
        ask.body["hookSpecificOutput"]["permissionDecision"], "deny",
        "Codex would let an `ask` through"
    );
    assert_eq!(
        Codex.answer(&call, &Verdict::allow("ok")).body,
        json!({}),
        "a bare allow is rejected by Codex"
    );
}

#[test]
fn agent_names_round_trip() {
    for a in AgentKind::ALL {
        assert_eq!(AgentKind::parse(a.name()), Some(a));
    }
    assert_eq!(AgentKind::parse("vim"), None);
}

#[test]
fn every_agent_fixture_parses_and_keeps_its_payload() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hooks");
    let mut parsed = 0;
    for agent in AgentKind::ALL {
        let dir = root.join(agent.name());
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            if !name.ends_with(".json") || name == "answers.json" {
                continue;
            }
            let payload: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
            let call = agent
                .protocol()
                .parse(payload.clone())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(call.to_draft().body, payload, "{name}");
            let event = name.split('.').next().unwrap_or_default();
            let gated = [
                "PreToolUse",
                "BeforeTool",
                "beforeShellExecution",
                "beforeMCPExecution",
                "beforeReadFile",
            ];
            if gated.contains(&event) {
                assert_eq!(call.phase, Phase::PreTool, "{}/{name}", agent.name());
                assert!(call.tool.is_some(), "{}/{name}", agent.name());
            }
            parsed += 1;
        }
    }
    assert!(parsed >= 60, "only {parsed} fixtures parsed");
}

#[test]
fn cursor_gates_once_and_only_asks_where_cursor_enforces_it() {
    let shell_twin = json!({"conversation_id": "c", "hook_event_name": "preToolUse", "tool_name": "Shell",
                            "tool_input": {"command": "ls"}});
    assert_eq!(
        Cursor.parse(shell_twin).expect("parses").phase,
        Phase::Other,
        "gated at beforeShellExecution instead"
    );
    let write = json!({"conversation_id": "c", "hook_event_name": "preToolUse", "tool_name": "Write",
                       "tool_input": {"file_path": "/w/.env"}});
    let call = Cursor.parse(write).expect("parses");
    assert_eq!(call.phase, Phase::PreTool);
    let mut ask = Verdict::deny("approval needed");
    ask.outcome = Outcome::Ask;
    assert_eq!(
        Cursor.answer(&call, &ask).body["permission"],
        "deny",
        "preToolUse does not enforce ask"
    );
    let shell = json!({"conversation_id": "c", "hook_event_name": "beforeShellExecution", "command": "sudo ls"});
    let call = Cursor.parse(shell).expect("parses");
    assert_eq!(Cursor.answer(&call, &ask).body["permission"], "ask");
}

/// Whether an answer blocks in the agent's protocol, whichever gating event it answers.
fn blocks(agent: AgentKind, a: &HookAnswer) -> bool {
    let b = &a.body;
    match agent {
        AgentKind::ClaudeCode | AgentKind::Codex => {
            a.exit_code == 2
                || b["decision"] == "block"
                || b["hookSpecificOutput"]["permissionDecision"] == "deny"
        }
        AgentKind::Gemini => a.exit_code == 2 && b["decision"] == "deny",
        AgentKind::Cursor => b["permission"] == "deny" || b["continue"] == false,
    }
}

#[test]
fn an_unreadable_hook_is_refused_in_each_agents_own_deny() {
    let reason = "could not read it";
    let gating = [
        (AgentKind::ClaudeCode, "PreToolUse"),
        (AgentKind::ClaudeCode, "UserPromptSubmit"),
        (AgentKind::Codex, "PreToolUse"),
        (AgentKind::Gemini, "BeforeTool"),
        (AgentKind::Gemini, "BeforeAgent"),
        (AgentKind::Cursor, "beforeShellExecution"),
        (AgentKind::Cursor, "beforeSubmitPrompt"),
    ];
    for (agent, event) in gating {
        // Names its event but misses everything else this agent needs.
        let payload = json!({"hook_event_name": event});
        assert!(agent.protocol().parse(payload.clone()).is_err());
        let a = agent.refuse_unreadable(Some(&payload), reason);
        assert!(blocks(agent, &a), "{agent:?} {event}: {a:?}");
        let text = a.body.to_string() + a.stderr.as_deref().unwrap_or("");
        assert!(
            text.contains(reason),
            "{agent:?} {event}: the reason is given: {a:?}"
        );
    }
    // Claude Code's tool deny names the event it answers.
    let pre = AgentKind::ClaudeCode
        .refuse_unreadable(Some(&json!({"hook_event_name": "PreToolUse"})), reason);
    assert_eq!(
        pre.body["hookSpecificOutput"]["hookEventName"],
        "PreToolUse"
    );
    for agent in AgentKind::ALL {
        // Not JSON at all, a JSON array, an event name of the wrong type: the deny every
        // gating event of the agent honours.
        for payload in [
            None,
            Some(json!([1, 2])),
            Some(json!({"hook_event_name": 7})),
        ] {
            let a = agent.refuse_unreadable(payload.as_ref(), reason);
            assert!(blocks(agent, &a), "{agent:?} {payload:?}: {a:?}");
            assert_eq!(a, agent.protocol().deny_any(reason));
        }
    }
    // An event the agent does not wait on gets its ordinary answer: blocking a Stop would
    // keep Claude Code from stopping.
    let stop =
        AgentKind::ClaudeCode.refuse_unreadable(Some(&json!({"hook_event_name": "Stop"})), reason);
    assert_eq!((stop.body, stop.exit_code), (json!({}), 0));
}

#[test]
fn what_an_unreadable_hook_still_tells() {
    let s = AgentKind::Cursor.salvage(Some(
        &json!({"conversation_id": "c-1", "hook_event_name": 3}),
    ));
    assert_eq!(s.session_id.as_ref().map(|s| s.as_str()), Some("c-1"));
    assert_eq!(s.event_name, None);
    let s = AgentKind::ClaudeCode.salvage(Some(
        &json!({"session_id": "", "hook_event_name": "PreToolUse"}),
    ));
    assert_eq!(
        (s.session_id, s.event_name.as_deref()),
        (None, Some("PreToolUse"))
    );
    assert_eq!(AgentKind::Gemini.salvage(None), Salvaged::default());
}
