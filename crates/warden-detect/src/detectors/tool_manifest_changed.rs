//! `tool.manifest_changed`: a server's tools, descriptions, schemas, annotations or instructions
//! change after first use (a rug pull), or a tool appears under a new name. The first manifest
//! of a server is pinned; a changed one alerts once (naming the changed tools) and stays
//! quarantined until `Engine::approve_manifest` re-pins the server.

use serde_json::Value;

use crate::catalogue::TOOL_MANIFEST_CHANGED;
use crate::engine::{args_hash, Ctx};
use crate::observation::{Observed, ToolSpec};
use crate::state::{key_hash, ServerPin};

fn tool_hash(t: &ToolSpec) -> u64 {
    let mut h = key_hash(t.description.as_deref().unwrap_or(""));
    h ^= args_hash("schema", &t.input_schema).rotate_left(1);
    let ann = serde_json::to_value(&t.annotations).unwrap_or(Value::Null);
    h ^= args_hash("annotations", &ann).rotate_left(2);
    h
}

pub(crate) fn manifest_of(
    instructions: Option<&str>,
    tools: &[ToolSpec],
) -> (u64, Vec<(String, u64)>) {
    let mut list: Vec<(String, u64)> = tools
        .iter()
        .take(1024)
        .map(|t| (t.name.clone(), tool_hash(t)))
        .collect();
    list.sort();
    list.dedup_by(|a, b| a.0 == b.0);
    (key_hash(instructions.unwrap_or("")), list)
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    if let Observed::PinReport {
        server,
        quarantined,
        instructions_changed,
    } = &ctx.obs.what
    {
        return check_report(
            ctx,
            server.clone(),
            quarantined.clone(),
            *instructions_changed,
        );
    }
    let Observed::ToolManifest {
        server,
        instructions,
        tools,
    } = &ctx.obs.what
    else {
        return;
    };
    if ctx.pins.get(server).is_some_and(|p| p.external) {
        return;
    }
    let (instr, list) = manifest_of(instructions.as_deref(), tools);
    let now = ctx.now;
    let event = ctx.obs.event_id;
    if !ctx.pins.contains_key(server) {
        if ctx.pins.len() >= ctx.max_servers {
            if let Some(oldest) = ctx
                .pins
                .iter()
                .min_by_key(|(_, p)| p.first_seen)
                .map(|(k, _)| k.clone())
            {
                ctx.pins.remove(&oldest);
            }
        }
        ctx.pins.insert(
            server.clone(),
            ServerPin {
                first_seen: now,
                event,
                instructions: instr,
                tools: list,
                last_alerted: None,
                latest: None,
                poisoned_seen: Vec::new(),
                external: false,
            },
        );
        return;
    }
    let Some(pin) = ctx.pins.get_mut(server) else {
        return;
    };
    let mut changed = Vec::new();
    let mut added = Vec::new();
    let mut removed = Vec::new();
    for (name, h) in &list {
        match pin.tools.iter().find(|(n, _)| n == name) {
            Some((_, old)) if old != h => changed.push(name.clone()),
            Some(_) => {}
            None => added.push((name.clone(), *h)),
        }
    }
    for (name, h) in &pin.tools {
        if !list.iter().any(|(n, _)| n == name) {
            removed.push((name.clone(), *h));
        }
    }
    let mut renamed = Vec::new();
    added.retain(
        |(name, h)| match removed.iter().position(|(_, oh)| oh == h) {
            Some(i) => {
                renamed.push(format!("{} -> {name}", removed[i].0));
                removed.remove(i);
                false
            }
            None => true,
        },
    );
    let instr_changed = pin.instructions != instr;
    if changed.is_empty()
        && added.is_empty()
        && renamed.is_empty()
        && !instr_changed
        && removed.is_empty()
    {
        pin.last_alerted = None;
        pin.latest = None;
        return;
    }
    let whole = list
        .iter()
        .fold(instr, |h, (n, x)| h.rotate_left(5) ^ key_hash(n) ^ x);
    pin.latest = Some((instr, list, event));
    if pin.last_alerted == Some(whole) {
        return;
    }
    // tools only removed: a narrower surface, not a rug pull
    if changed.is_empty() && added.is_empty() && renamed.is_empty() && !instr_changed {
        return;
    }
    pin.last_alerted = Some(whole);
    let mut parts = Vec::new();
    if !changed.is_empty() {
        parts.push(format!("changed: {}", changed.join(", ")));
    }
    if !renamed.is_empty() {
        parts.push(format!("renamed: {}", renamed.join(", ")));
    }
    if !added.is_empty() {
        parts.push(format!(
            "new: {}",
            added
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if instr_changed {
        parts.push("server instructions changed".to_owned());
    }
    let first = pin.event;
    let summary = format!(
        "MCP server {server} changed its manifest after first use ({})",
        parts.join("; ")
    );
    if ctx.cfg.tool_manifest_changed.enabled {
        ctx.emit(TOOL_MANIFEST_CHANGED, vec![first, event], summary);
    }
}

/// A persistent pin store's findings: the server is pinned there from now on, and what it
/// quarantined is the change to report.
fn check_report(
    ctx: &mut Ctx<'_>,
    server: String,
    quarantined: Vec<String>,
    instructions_changed: bool,
) {
    let now = ctx.now;
    let event = ctx.obs.event_id;
    let pin = ctx.pins.entry(server.clone()).or_insert_with(|| ServerPin {
        first_seen: now,
        event,
        instructions: 0,
        tools: Vec::new(),
        last_alerted: None,
        latest: None,
        poisoned_seen: Vec::new(),
        external: true,
    });
    pin.external = true;
    if quarantined.is_empty() && !instructions_changed {
        return;
    }
    let mut parts = Vec::new();
    if !quarantined.is_empty() {
        parts.push(format!("quarantined: {}", quarantined.join(", ")));
    }
    if instructions_changed {
        parts.push("server instructions changed".to_owned());
    }
    let summary = format!(
        "MCP server {server} changed its manifest after it was pinned ({})",
        parts.join("; ")
    );
    if ctx.cfg.tool_manifest_changed.enabled {
        ctx.emit(TOOL_MANIFEST_CHANGED, vec![event], summary);
    }
}
