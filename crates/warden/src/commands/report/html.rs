//! The HTML rendering: one file, no external resources (styles and the proof verifier are
//! inline), every value from the record HTML-escaped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use warden_core::EventKind;

use super::describe;
use super::Report;
use crate::output::time_ns;

const STYLE: &str = include_str!("style.css");
const VERIFY_JS: &str = include_str!("verify.js");
/// Bodies are shown up to this size each; the record holds them whole.
const BODY_MAX: usize = 4096;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(r: &Report) -> String {
    let (kind, value) = r.scope.label();
    let mut h = String::with_capacity(64 * 1024 + r.events.len() * 1024);
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>Warden report: {kind} {v}</title><style>{STYLE}</style></head><body>\
         <h1>Incident report: {kind} <code>{v}</code></h1>\
         <p class=\"meta\">Generated {gen} from log <code>{origin}</code>.</p>",
        v = esc(value),
        gen = esc(&r.generated),
        origin = esc(&r.origin),
    );
    summary(&mut h, r);
    tasks(&mut h, r);
    alerts(&mut h, r);
    timeline(&mut h, r);
    integrity(&mut h, r);
    h.push_str("</body></html>\n");
    h
}

fn summary(h: &mut String, r: &Report) {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut agents: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sessions: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &r.events {
        let m = &e.envelope.meta;
        *kinds.entry(m.kind.as_str()).or_default() += 1;
        *agents.entry(m.agent.as_str()).or_default() += 1;
        *sessions.entry(m.session_id.as_str()).or_default() += 1;
    }
    let first = r
        .events
        .first()
        .map(|e| time_ns(e.envelope.meta.ts.unix_nanos() as i64));
    let last = r
        .events
        .last()
        .map(|e| time_ns(e.envelope.meta.ts.unix_nanos() as i64));
    let refused = r
        .events
        .iter()
        .filter(|e| outcome(e).is_some_and(|o| o != "allow"))
        .count();
    h.push_str("<h2>Summary</h2><div class=\"grid\">");
    let mut card = |label: &str, value: String| {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{}</b>{}</div>",
            esc(&value),
            esc(label)
        );
    };
    card(
        "events shown",
        format!("{} / {}", r.events.len(), r.total_events),
    );
    card("alerts", r.alerts().count().to_string());
    card("calls denied or held", refused.to_string());
    card("agents", agents.len().to_string());
    card("sessions", sessions.len().to_string());
    card("from (UTC)", first.unwrap_or_default());
    card("to (UTC)", last.unwrap_or_default());
    h.push_str("</div>");
    if r.truncated() {
        let _ = write!(
            h,
            "<p class=\"bad\">The scope holds {} events; this report shows {} (every alert, its evidence, \
             refused and held calls, approvals and tasks first). <code>warden events</code> lists them all.</p>",
            r.total_events,
            r.events.len()
        );
    }
    h.push_str("<table><tr><th>agent</th><th>events</th></tr>");
    for (agent, n) in &agents {
        let _ = write!(
            h,
            "<tr><td><code>{}</code></td><td>{n}</td></tr>",
            esc(agent)
        );
    }
    h.push_str("</table><p class=\"meta\">");
    for (k, n) in &kinds {
        let _ = write!(h, "<span class=\"k k-{k}\">{k} {n}</span> ");
    }
    h.push_str("</p>");
}

fn outcome(e: &warden_core::StoredEvent) -> Option<&str> {
    if e.envelope.meta.kind != EventKind::Decision {
        return None;
    }
    e.body.as_ref()?.get("outcome")?.as_str()
}

fn tasks(h: &mut String, r: &Report) {
    if r.tasks.is_empty() {
        return;
    }
    h.push_str("<h2>Tasks</h2><table><tr><th>task</th><th>objective</th><th>scope</th><th>started</th><th>ended</th></tr>");
    for t in &r.tasks {
        let scope = t
            .detail
            .as_ref()
            .and_then(|d| d.get("scope"))
            .map(|s| s.to_string())
            .unwrap_or_else(|| {
                if t.implicit {
                    "implicit (undeclared)".into()
                } else {
                    "unrestricted".into()
                }
            });
        let _ = write!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            esc(&t.task_id),
            esc(t.objective.as_deref().unwrap_or("")),
            esc(&scope),
            time_ns(t.created_ts_ns),
            t.ended_ts_ns.map(time_ns).unwrap_or_else(|| "open".into()),
        );
    }
    h.push_str("</table>");
}

fn alerts(h: &mut String, r: &Report) {
    let _ = write!(h, "<h2>Alerts ({})</h2>", r.alerts().count());
    if r.alerts().next().is_none() {
        h.push_str("<p>No detector fired in this scope.</p>");
        return;
    }
    h.push_str("<table><tr><th>time (UTC)</th><th>severity</th><th>detector</th><th>what</th><th>framework tags</th><th>response</th><th>evidence</th></tr>");
    for e in r.alerts() {
        let Some(a) = describe::alert(e) else {
            continue;
        };
        let tags: String = a
            .tags
            .iter()
            .map(|t| format!("<span class=\"tag\">{}</span>", esc(t)))
            .collect();
        let evidence: String = a
            .evidence
            .iter()
            .map(|id| {
                format!(
                    "<a href=\"#ev-{0}\"><code>{1}</code></a> ",
                    esc(id),
                    esc(&id[id.len().saturating_sub(8)..])
                )
            })
            .collect();
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"sev-{sev}\">{sev}</td><td><a href=\"#ev-{id}\"><code>{}</code></a></td><td>{}</td><td>{tags}</td><td>{}</td><td>{evidence}</td></tr>",
            time_ns(e.envelope.meta.ts.unix_nanos() as i64),
            esc(a.rule),
            esc(a.summary),
            esc(&a.response),
            sev = esc(a.severity),
            id = e.envelope.meta.id,
        );
    }
    h.push_str("</table>");
}

fn timeline(h: &mut String, r: &Report) {
    h.push_str("<h2>Timeline</h2><p class=\"meta\">Intent → action → effect, in log order. \
        ✓ = inclusion proof checked (press <em>Verify</em> below).</p>\
        <table><tr><th>seq</th><th>time (UTC)</th><th>phase</th><th>kind</th><th>agent</th><th>what</th><th>proof</th></tr>");
    for e in &r.events {
        let m = &e.envelope.meta;
        let class = match (m.kind, outcome(e)) {
            (EventKind::Alert, _) => "alert",
            (_, Some("deny")) => "deny",
            (_, Some("ask")) => "ask",
            _ => "",
        };
        let delegation = if m.delegation.is_empty() {
            String::new()
        } else {
            let chain: Vec<&str> = m.delegation.iter().map(|a| a.as_str()).collect();
            format!(
                "<br><span class=\"phase\">via {}</span>",
                esc(&chain.join(" → "))
            )
        };
        let body = describe::body_json(e, BODY_MAX);
        let details = if body.is_empty() {
            String::new()
        } else {
            format!(
                "<details><summary>body</summary><pre>{}</pre></details>",
                esc(&body)
            )
        };
        let proof = if r.proofs.contains_key(&m.id.to_string()) {
            "…"
        } else {
            "not yet checkpointed"
        };
        let _ = write!(
            h,
            "<tr id=\"ev-{id}\" class=\"{class}\"><td>{seq}</td><td>{ts}</td><td class=\"phase\">{phase}</td>\
             <td><span class=\"k k-{kind}\">{kind}</span></td><td><code>{agent}</code>{delegation}</td>\
             <td>{what}{details}<div class=\"phase\"><code>{id}</code></div></td><td class=\"proof\" data-id=\"{id}\">{proof}</td></tr>",
            id = m.id,
            seq = e.envelope.seq,
            ts = time_ns(m.ts.unix_nanos() as i64),
            phase = describe::phase(e).as_str(),
            kind = m.kind.as_str(),
            agent = esc(m.agent.as_str()),
            what = esc(&describe::headline(e, 200)),
        );
    }
    h.push_str("</table>");
}

fn integrity(h: &mut String, r: &Report) {
    h.push_str("<h2>Integrity</h2>");
    let _ = write!(
        h,
        "<p>Each event above is an entry of the append-only log <code>{origin}</code>. Its inclusion proof \
         leads to the signed checkpoint below, which verifies under the log key <code>{key}</code>. \
         Check them here, or offline: save one proof from the embedded JSON to <code>proof.json</code> and run \
         <code>warden verify-proof proof.json --key '{key}'</code>.</p>\
         <p><button id=\"verify\" type=\"button\">Verify</button> <span id=\"verify-result\"></span></p>",
        origin = esc(&r.origin),
        key = esc(&r.verifier_key),
    );
    match &r.checkpoint {
        Some((size, note)) => {
            let _ = write!(
                h,
                "<p>Checkpoint (tree size {size}):</p><pre>{}</pre>",
                esc(note)
            );
        }
        None => h.push_str(
            "<p class=\"bad\">The log has no checkpoint yet; no event can be proven.</p>",
        ),
    }
    let proofs: Vec<_> = r.proofs.values().collect();
    let data = serde_json::json!({ "key": r.verifier_key, "proofs": proofs });
    // `<` is escaped inside the JSON so no value can close the script element.
    let json = data.to_string().replace('<', "\\u003c");
    let _ = write!(
        h,
        "<script type=\"application/json\" id=\"warden-proofs\">{json}</script><script>{VERIFY_JS}</script>"
    );
}
