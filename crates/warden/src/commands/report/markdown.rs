//! The Markdown rendering, for tickets and wikis: the same sections as the HTML, and the
//! inclusion proofs as JSON lines a reader can feed to `warden verify-proof`.

use std::fmt::Write as _;

use super::describe;
use super::Report;
use crate::output::time_ns;

/// Text safe inside a Markdown table cell: one line, pipes and backticks neutralised.
fn cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
        .replace('`', "'")
        .replace('<', "&lt;")
}

pub fn render(r: &Report) -> String {
    let (kind, value) = r.scope.label();
    let mut m = String::new();
    let _ = writeln!(m, "# Incident report: {kind} `{}`\n", cell(value));
    let _ = writeln!(
        m,
        "Generated {} from log `{}`.\n",
        r.generated,
        cell(&r.origin)
    );
    let _ = writeln!(m, "## Summary\n");
    let _ = writeln!(
        m,
        "- events shown: {} of {}",
        r.events.len(),
        r.total_events
    );
    let _ = writeln!(m, "- alerts: {}", r.alerts().count());
    if let (Some(first), Some(last)) = (r.events.first(), r.events.last()) {
        let _ = writeln!(
            m,
            "- from {} to {} (UTC)",
            time_ns(first.envelope.meta.ts.unix_nanos() as i64),
            time_ns(last.envelope.meta.ts.unix_nanos() as i64)
        );
    }
    if r.truncated() {
        let _ = writeln!(m, "- truncated: every alert, its evidence, refused and held calls, approvals and tasks are kept; `warden events` lists the rest");
    }
    for t in &r.tasks {
        let _ = writeln!(
            m,
            "- task `{}`: {}",
            cell(&t.task_id),
            cell(t.objective.as_deref().unwrap_or("(no objective)"))
        );
    }
    alerts(&mut m, r);
    timeline(&mut m, r);
    integrity(&mut m, r);
    m
}

fn alerts(m: &mut String, r: &Report) {
    let _ = writeln!(m, "\n## Alerts ({})\n", r.alerts().count());
    if r.alerts().next().is_none() {
        let _ = writeln!(m, "No detector fired in this scope.");
        return;
    }
    let _ = writeln!(m, "| time (UTC) | severity | detector | what | tags | response | evidence |\n|---|---|---|---|---|---|---|");
    for e in r.alerts() {
        let Some(a) = describe::alert(e) else {
            continue;
        };
        let _ = writeln!(
            m,
            "| {} | {} | `{}` | {} | {} | {} | {} |",
            time_ns(e.envelope.meta.ts.unix_nanos() as i64),
            cell(a.severity),
            cell(a.rule),
            cell(a.summary),
            cell(&a.tags.join(", ")),
            cell(&a.response),
            a.evidence
                .iter()
                .map(|id| format!("`{}`", cell(id)))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
}

fn timeline(m: &mut String, r: &Report) {
    let _ = writeln!(m, "\n## Timeline\n\n| seq | time (UTC) | phase | kind | agent | what | event id |\n|---|---|---|---|---|---|---|");
    for e in &r.events {
        let meta = &e.envelope.meta;
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | `{}` | {} | `{}` |",
            e.envelope.seq,
            time_ns(meta.ts.unix_nanos() as i64),
            describe::phase(e).as_str(),
            meta.kind,
            cell(meta.agent.as_str()),
            cell(&describe::headline(e, 160)),
            meta.id,
        );
    }
}

fn integrity(m: &mut String, r: &Report) {
    let _ = writeln!(m, "\n## Integrity\n");
    let _ = writeln!(
        m,
        "Log `{}`, key `{}`.\n",
        cell(&r.origin),
        cell(&r.verifier_key)
    );
    match &r.checkpoint {
        Some((size, note)) => {
            let _ = writeln!(m, "Checkpoint (tree size {size}):\n\n```\n{note}```\n");
        }
        None => {
            let _ = writeln!(
                m,
                "The log has no checkpoint yet; no event can be proven.\n"
            );
        }
    }
    let _ = writeln!(
        m,
        "{} of the {} events shown carry an inclusion proof (one JSON object per line below). \
         To check one: save its line to `proof.json` and run `warden verify-proof proof.json --key '{}'`.\n",
        r.proofs.len(),
        r.events.len(),
        r.verifier_key
    );
    let _ = writeln!(m, "```jsonl");
    for p in r.proofs.values() {
        let _ = writeln!(m, "{}", serde_json::to_string(p).unwrap_or_default());
    }
    let _ = writeln!(m, "```");
}
