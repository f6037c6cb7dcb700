//! The targets. Each must hold for any input; an assertion here is a property of the parser,
//! not of the input.

use serde_json::{json, Value};
use warden_capture::hooks::{AgentKind, Phase};
use warden_capture::otlp::{json as otlp_json, map_log, map_span, proto as otlp_proto};
use warden_mcp::envelope::Frame;
use warden_mcp::sse::SseReader;

/// JSON-RPC envelope (MCP stdio lines and HTTP bodies): parsing never panics, a parsed frame
/// keeps its exact bytes, and only JSON objects parse. The envelope is a lazy view: a frame can
/// hold values a full parse refuses (numbers beyond f64, nesting past 128), so callers that
/// decide on a part of it must treat an unreadable part as a reason to hold, never as absent
/// (the MCP tap does; `crates/warden/tests/hostile.rs` checks it end to end).
pub fn jsonrpc_envelope(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return; // transports reject invalid UTF-8 before framing (tested end to end)
    };
    let Ok(frame) = Frame::parse(text) else {
        return;
    };
    assert_eq!(frame.raw(), text, "a frame is a view over its own bytes");
    let raw: &serde_json::value::RawValue =
        serde_json::from_str(text).expect("a parsed frame is JSON syntax");
    assert!(
        raw.get().trim_start().starts_with('{'),
        "only objects are frames (batches are refused)"
    );
    if frame.is_request() {
        assert!(frame.method().is_some() && frame.id().is_some());
    }
    let _ = (frame.kind(), frame.params(), frame.is_response());
}

/// SSE framing (MCP and model API streams): however the bytes are split into chunks, the same
/// events come out, and no inspected event exceeds the reader's bound.
pub fn sse(data: &[u8]) {
    const MAX_EVENT: usize = 4096;
    let Some((&split, body)) = data.split_first() else {
        return;
    };
    let mut whole = SseReader::new(MAX_EVENT);
    let expected = whole.feed(body);
    let mut chunked = SseReader::new(MAX_EVENT);
    let step = usize::from(split % 13) + 1;
    let mut got = Vec::new();
    for chunk in body.chunks(step) {
        got.extend(chunked.feed(chunk));
    }
    assert_eq!(got, expected, "chunking changed the events (step {step})");
    assert_eq!(chunked.oversized, whole.oversized);
    for e in &expected {
        assert!(
            e.data.len() <= MAX_EVENT,
            "an event beyond the bound was kept"
        );
    }
}

/// Hook payloads of every agent: any bytes either become a call whose draft records its phase,
/// or are refused; enforce mode's answer to a refused hook is never a pass when the agent may
/// be waiting on it (a gating event, or one that cannot be told).
pub fn hook_payload(data: &[u8]) {
    let value = serde_json::from_slice::<Value>(data).ok();
    for agent in AgentKind::ALL {
        let protocol = agent.protocol();
        match value.clone().map(|v| protocol.parse(v)) {
            Some(Ok(call)) => {
                let draft = call.to_draft();
                assert_eq!(
                    draft.kind,
                    call.phase.kind(),
                    "the draft records the phase it parsed"
                );
            }
            _ => {
                let answer = agent.refuse_unreadable(value.as_ref(), "unreadable");
                let salvaged = agent.salvage(value.as_ref());
                let phase = salvaged
                    .event_name
                    .as_deref()
                    .zip(value.as_ref())
                    .map(|(e, v)| protocol.phase(e, v));
                if phase.is_none_or(|p| p.is_gating() || p == Phase::Other) {
                    let passes = answer.exit_code == 0
                        && (answer.body == json!({})
                            || answer.body.to_string().contains("\"allow\"")
                            || answer.body.get("continue") == Some(&json!(true)));
                    assert!(!passes, "{agent:?} refused a hook with a pass: {answer:?}");
                }
            }
        }
    }
}

/// OTLP/HTTP bodies, protobuf and JSON, traces and logs: decoding never panics and what
/// decodes maps to events.
pub fn otlp(data: &[u8]) {
    if let Ok(d) = otlp_proto::traces(data) {
        d.items.iter().for_each(|s| drop(map_span(s)));
    }
    if let Ok(d) = otlp_proto::logs(data) {
        d.items.iter().for_each(|r| drop(map_log(r)));
    }
    if let Ok(d) = otlp_json::traces(data) {
        d.items.iter().for_each(|s| drop(map_span(s)));
    }
    if let Ok(d) = otlp_json::logs(data) {
        d.items.iter().for_each(|r| drop(map_log(r)));
    }
}

thread_local! {
    /// One identity service per thread (an issuer key in a temporary directory): opening one
    /// per input would measure SQLite, not the token parser.
    static IDENTITY: Option<(tempfile::TempDir, warden_identity::IdentityService)> = {
        let dir = tempfile::tempdir().ok();
        dir.and_then(|d| {
            warden_identity::IdentityService::open(d.path(), Default::default())
                .ok()
                .map(|s| (d, s))
        })
    };
}

/// Token parsing (task tokens and JWT-SVIDs as presented in headers): arbitrary bytes are
/// never accepted and never panic; the error message never repeats the token.
pub fn token(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = warden_identity::token_digest(&text);
    IDENTITY.with(|id| {
        let Some((_, service)) = id else {
            panic!("the identity service did not open in a temporary directory");
        };
        let task = service.validate_task_token(&text);
        assert!(task.is_err(), "a forged task token was accepted");
        let svid = service.validate_svid(&text);
        assert!(svid.is_err(), "a forged SVID was accepted");
        for e in [
            task.err().map(|e| e.to_string()),
            svid.err().map(|e| e.to_string()),
        ]
        .into_iter()
        .flatten()
        {
            if text.len() >= 16 {
                assert!(
                    !e.contains(text.as_ref()),
                    "the error repeats the token: {e}"
                );
            }
        }
    });
}

/// Canonical JSON (RFC 8785, the audit log's hashing form): canonicalizing is idempotent and
/// its output is valid JSON, the same bytes a `Body` hashes.
pub fn canonical_json(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let once = warden_core::canonical::to_vec(&value);
    let reparsed: Value = serde_json::from_slice(&once).expect("canonical output is JSON");
    let twice = warden_core::canonical::to_vec(&reparsed);
    assert_eq!(once, twice, "canonicalization is not idempotent");
    let body = warden_core::Body::from_value(&value);
    assert_eq!(body.canonical(), &once[..]);
}
