//! `tool.poisoned_description`: a tool description, a parameter description or a server's
//! instructions carry hidden or instruction-like text meant for the model rather than the user:
//! instruction overrides, requests to hide things from the user, asks for secrets or credential
//! files, cross-tool hijacks ("when send_email is used, always bcc…"), HTML comments with
//! instructions, invisible Unicode. Ordinary usage guidance ("Use this tool to search files")
//! is what descriptions are for and does not count.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;
use warden_analysis::{instruction_score, CueKind};

use crate::catalogue::TOOL_POISONED_DESCRIPTION;
use crate::engine::Ctx;
use crate::observation::Observed;
use crate::state::{key_hash, remember};

static CROSS_TOOL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:when|whenever|if|before|after)\b[^.\n]{0,40}\b(?:the\s+)?[\w.-]+\s+tool\s+is\s+(?:called|used|invoked)",
        r"|\b(?:instead of|rather than)\s+(?:using|calling)\s+(?:the\s+)?[\w.-]+",
        r"|\b(?:all|every|any)\s+(?:other\s+)?(?:emails?|messages?|payments?|transfers?|requests?)\s+(?:must|should|shall)\s+(?:also\s+)?(?:be\s+)?(?:sent|copied|forwarded|cc'?d|bcc'?d|routed)",
        r"|\b(?:always|also)\s+(?:bcc|cc|copy|forward|send)\b[^.\n]{0,40}@",
        r"|\b(?:read|cat|open|include|pass|send|upload)\b[^.\n]{0,60}(?:~/\.ssh|id_rsa|id_ed25519|\.aws/credentials|\.env\b|\.netrc|mcp\.json|\.cursor/|\.claude)",
        r"|\b(?:sidenote|side_note|hidden)\b[^.\n]{0,40}\b(?:parameter|argument|field)\b",
    ))
    .ok()
});

/// Why a text is poisoned, if it is.
pub(crate) fn poisoned(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    let f = instruction_score(text);
    let mut why: Vec<&str> = Vec::new();
    if f.invisible_chars > 0 {
        why.push("invisible Unicode");
    }
    if f.hidden {
        why.push("instructions in an HTML comment");
    }
    if f.has(CueKind::Override) {
        why.push("overrides the agent's instructions");
    }
    if f.has(CueKind::Concealment) {
        why.push("asks to hide actions from the user");
    }
    if f.has(CueKind::SecretRequest) {
        why.push("asks for secrets or credential files");
    }
    if CROSS_TOOL.as_ref().is_some_and(|re| re.is_match(text)) {
        why.push("redirects other tools or reads sensitive files");
    }
    if why.is_empty()
        && f.has(CueKind::Authority)
        && (f.has(CueKind::Imperative) || f.has(CueKind::Sequencing))
    {
        why.push("claims authority to direct the agent");
    }
    (!why.is_empty()).then(|| why.join(", "))
}

fn schema_descriptions<'a>(v: &'a Value, out: &mut Vec<&'a str>, depth: u8) {
    if depth > 8 || out.len() > 256 {
        return;
    }
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                match (k.as_str(), x) {
                    ("description" | "title", Value::String(s)) => out.push(s),
                    _ => schema_descriptions(x, out, depth + 1),
                }
            }
        }
        Value::Array(a) => a
            .iter()
            .for_each(|x| schema_descriptions(x, out, depth + 1)),
        _ => {}
    }
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolManifest {
        server,
        instructions,
        tools,
    } = &ctx.obs.what
    else {
        return;
    };
    let mut found: Vec<(String, String, u64)> = Vec::new();
    if let Some(i) = instructions {
        if let Some(why) = poisoned(i) {
            found.push(("server instructions".to_owned(), why, key_hash(i)));
        }
    }
    for t in tools.iter().take(1024) {
        let mut texts: Vec<&str> = Vec::new();
        if let Some(d) = &t.description {
            texts.push(d);
        }
        schema_descriptions(&t.input_schema, &mut texts, 0);
        for text in texts {
            if let Some(why) = poisoned(text) {
                found.push((t.name.clone(), why, key_hash(&t.name) ^ key_hash(text)));
                break;
            }
        }
    }
    if found.is_empty() {
        return;
    }
    // report each poisoned text once per server
    let seen = ctx.pins.get_mut(server).map(|p| &mut p.poisoned_seen);
    let fresh: Vec<(String, String, u64)> = match seen {
        Some(seen) => found
            .into_iter()
            .filter(|(_, _, h)| remember(seen, *h, 256))
            .collect(),
        None => found,
    };
    if fresh.is_empty() {
        return;
    }
    let names: Vec<String> = fresh
        .iter()
        .take(8)
        .map(|(n, w, _)| format!("{n} ({w})"))
        .collect();
    let summary = format!(
        "MCP server {server}: poisoned description in {}",
        names.join("; ")
    );
    ctx.emit(TOOL_POISONED_DESCRIPTION, vec![ctx.obs.event_id], summary);
}
