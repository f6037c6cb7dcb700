//! `/ui/sessions/{id}`: a session read as intent → action → effect.
//!
//! Each prompt opens a turn; under it the model's outputs and tool calls, each call with its
//! decision and its result nested beneath it, alerts shown on the events they cite as
//! evidence, secret references as chips that search where the secret went, and the agents of
//! the session (subagents, delegation hops) as a tree. The timeline is a keyset window of
//! [`PAGE`] events (`?after=`/`?before=` a log position, `?last=1` for the newest), so its cost
//! does not grow with the session; the newest window follows new events live (`/tail`).

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use warden_core::{EventKind, StoredEvent};
use warden_store::{Page, SessionSummary, Window};

use super::auth::Viewer;
use super::describe::{self, severity_rank};
use super::html::{url_encode, Html};
use super::{fmt_ns, fmt_ts, layout, read, short_agent};
use crate::server::Shared;

/// Events per window.
pub(crate) const PAGE: usize = 200;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct WindowQuery {
    #[serde(default)]
    after: Option<u64>,
    #[serde(default)]
    before: Option<u64>,
    #[serde(default)]
    last: Option<u8>,
    #[serde(default)]
    limit: Option<usize>,
}

impl WindowQuery {
    fn page(&self) -> Page {
        match (self.after, self.before, self.last) {
            (Some(a), _, _) => Page::After(a),
            (None, Some(b), _) => Page::Before(b),
            (None, None, Some(1)) => Page::Last,
            _ => Page::First,
        }
    }
}

/// An alert as shown on its evidence.
struct AlertNote {
    seq: u64,
    rule: String,
    severity: String,
    summary: String,
    tags: Vec<String>,
}

struct Data {
    summary: SessionSummary,
    window: Window,
    alerts: HashMap<String, Vec<AlertNote>>,
    agents: Vec<String>,
}

pub(crate) async fn page(
    Viewer(who): Viewer,
    State(state): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<WindowQuery>,
) -> Response {
    let limit = q.limit.unwrap_or(PAGE).clamp(1, 1_000);
    let page = q.page();
    let session = id.clone();
    let data = read(&state, move |r| {
        let Some(summary) = r.session(&session)? else {
            return Ok(None);
        };
        let window = r.session_window(&session, page, limit)?;
        let alerts = alert_notes(r.recent_alerts(Some(&session), None, 1_000)?);
        let agents = r.session_agents(&session)?;
        Ok(Some(Data {
            summary,
            window,
            alerts,
            agents,
        }))
    })
    .await;
    let d = match data {
        Ok(Some(d)) => d,
        Ok(None) => {
            return layout::error_page(
                StatusCode::NOT_FOUND,
                "No such session",
                &format!(
                    "No session {id:?} is recorded; the sessions list shows the recorded ones."
                ),
            )
        }
        Err(r) => return r,
    };
    let mut h = Html::with_capacity(256 * 1024);
    header(&mut h, &d.summary);
    agent_tree(&mut h, &d.agents, &d.window.events, &d.summary.agent);
    pager(&mut h, &id, &d.window);
    let tail = if d.window.has_after {
        String::new()
    } else {
        let last = d.window.events.last().map(|e| e.envelope.seq);
        format!(
            "/ui/sessions/{}/tail?after={}",
            url_encode(&id),
            last.map(|s| s.to_string()).unwrap_or_default()
        )
    };
    let mut attrs = vec![("id", "timeline"), ("class", "timeline")];
    if !tail.is_empty() {
        attrs.push(("data-tail", tail.as_str()));
    }
    h.el("ol", &attrs, |h| {
        events(h, &d.window.events, &d.alerts, &d.summary.agent)
    });
    if d.window.events.is_empty() {
        h.leaf("p", &[("class", "muted")], "No events in this window.");
    }
    pager(&mut h, &id, &d.window);
    layout::page(&who, "/ui/sessions", "Session timeline", h)
}

/// `GET /ui/sessions/{id}/tail?after=SEQ`: the events after a position, as timeline rows, for
/// the script that follows a live session. `data-next` carries the new cursor.
pub(crate) async fn tail(
    Viewer(_who): Viewer,
    State(state): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<WindowQuery>,
) -> Response {
    let page = match q.after {
        Some(a) => Page::After(a),
        None => Page::First,
    };
    let session = id.clone();
    let data = read(&state, move |r| {
        let agent = r.session(&session)?.map(|s| s.agent).unwrap_or_default();
        let window = r.session_window(&session, page, PAGE)?;
        let alerts = alert_notes(r.recent_alerts(Some(&session), None, 1_000)?);
        Ok((agent, window, alerts))
    })
    .await;
    let (agent, window, alerts) = match data {
        Ok(d) => d,
        Err(r) => return r,
    };
    let next = window
        .events
        .last()
        .map(|e| e.envelope.seq)
        .or(q.after)
        .map(|s| s.to_string())
        .unwrap_or_default();
    let mut h = Html::default();
    h.el("ol", &[("data-next", &next)], |h| {
        events(h, &window.events, &alerts, &agent)
    });
    layout::fragment(h)
}

fn alert_notes(alerts: Vec<StoredEvent>) -> HashMap<String, Vec<AlertNote>> {
    let mut by_evidence: HashMap<String, Vec<AlertNote>> = HashMap::new();
    for a in alerts.into_iter().rev() {
        let Some(body) = &a.body else { continue };
        let s = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let tags: Vec<String> = body
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let evidence = body.get("evidence").and_then(Value::as_array);
        for ev in evidence.into_iter().flatten().filter_map(Value::as_str) {
            by_evidence
                .entry(ev.to_owned())
                .or_default()
                .push(AlertNote {
                    seq: a.envelope.seq,
                    rule: s("rule"),
                    severity: s("severity"),
                    summary: s("summary"),
                    tags: tags.clone(),
                });
        }
    }
    by_evidence
}

fn header(h: &mut Html, s: &SessionSummary) {
    h.el("h1", &[], |h| {
        h.raw("Session ").text(&s.session_id);
    });
    let task_href = format!("/ui/tasks/{}", url_encode(&s.task_id));
    h.el("dl", &[("class", "facts")], |h| {
        h.leaf("dt", &[], "Agent");
        h.leaf("dd", &[("title", &s.agent)], &s.agent);
        h.leaf("dt", &[], "Task");
        h.el("dd", &[], |h| {
            h.leaf("a", &[("href", &task_href)], &s.task_id);
        });
        h.leaf("dt", &[], "Events");
        h.el("dd", &[("id", "event-count")], |h| {
            h.num(s.events);
        });
        h.leaf("dt", &[], "Alerts");
        h.el("dd", &[], |h| {
            h.num(s.alerts);
        });
        h.leaf("dt", &[], "Active");
        h.el("dd", &[], |h| {
            h.text(&fmt_ns(s.first_ts_ns))
                .raw(" → ")
                .text(&fmt_ns(s.last_ts_ns));
        });
    });
}

/// The session's agents as a tree: a subagent (`…/subagent/<id>`) or a delegated agent sits
/// under the agent it acted for. Each node says how many of this window's events it acted in.
fn agent_tree(h: &mut Html, agents: &[String], window: &[StoredEvent], main: &str) {
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    // Every agent of the session, with its events in this window.
    let mut nodes: BTreeMap<String, i64> = agents.iter().map(|a| (a.clone(), 0)).collect();
    for a in agents {
        if let Some((p, _)) = a.rsplit_once("/subagent/") {
            parent.insert(a.clone(), p.to_owned());
        }
    }
    for e in window {
        let m = &e.envelope.meta;
        *nodes.entry(m.agent.as_str().to_owned()).or_insert(0) += 1;
        let mut chain: Vec<&str> = m.delegation.iter().map(|a| a.as_str()).collect();
        chain.push(m.agent.as_str());
        for pair in chain.windows(2) {
            if pair[0] != pair[1] {
                parent
                    .entry(pair[1].to_owned())
                    .or_insert_with(|| pair[0].to_owned());
                nodes.entry(pair[0].to_owned()).or_insert(0);
            }
        }
    }
    if nodes.len() <= 1 {
        return;
    }
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut roots = Vec::new();
    for a in nodes.keys() {
        match parent.get(a) {
            Some(p) if nodes.contains_key(p) && p != a => {
                children.entry(p.as_str()).or_default().push(a.as_str())
            }
            _ => roots.push(a.as_str()),
        }
    }
    h.el("details", &[("class", "agents"), ("open", "open")], |h| {
        h.leaf("summary", &[], "Agents, subagents and delegation hops");
        h.el("ul", &[("class", "tree")], |h| {
            for r in roots {
                node(h, r, &children, &nodes, main, 0);
            }
        });
    });
}

fn node(
    h: &mut Html,
    a: &str,
    children: &BTreeMap<&str, Vec<&str>>,
    nodes: &BTreeMap<String, i64>,
    main: &str,
    depth: usize,
) {
    h.el("li", &[], |h| {
        let class = if a == main { "agent main" } else { "agent" };
        h.leaf("span", &[("class", class), ("title", a)], short_agent(a));
        h.el("span", &[("class", "muted")], |h| {
            h.raw(" · ")
                .num(nodes.get(a).copied().unwrap_or(0))
                .raw(" events in this window");
        });
        if let Some(kids) = children.get(a).filter(|_| depth < 16) {
            h.el("ul", &[], |h| {
                for k in kids {
                    node(h, k, children, nodes, main, depth + 1);
                }
            });
        }
    });
}

fn pager(h: &mut Html, id: &str, w: &Window) {
    let base = format!("/ui/sessions/{}", url_encode(id));
    let first = w.events.first().map(|e| e.envelope.seq);
    let last = w.events.last().map(|e| e.envelope.seq);
    h.el("nav", &[("class", "pager")], |h| {
        if w.has_before {
            h.leaf("a", &[("href", &base)], "⏮ First");
            if let Some(f) = first {
                let href = format!("{base}?before={f}");
                h.leaf("a", &[("href", &href), ("rel", "prev")], "← Earlier");
            }
        }
        if w.has_after {
            if let Some(l) = last {
                let href = format!("{base}?after={l}");
                h.leaf("a", &[("href", &href), ("rel", "next")], "Later →");
            }
            let href = format!("{base}?last=1");
            h.leaf("a", &[("href", &href)], "Newest ⏭");
        } else if !w.events.is_empty() {
            h.leaf("span", &[("class", "live-badge")], "● live");
        }
    });
}

/// The rows of a window: turns opened by prompts, calls with their decision and result.
fn events(h: &mut Html, evs: &[StoredEvent], alerts: &HashMap<String, Vec<AlertNote>>, main: &str) {
    // Which call each decision/result belongs to (by tool_use_id, else by parent id).
    let mut call_of_tuid: HashMap<&str, usize> = HashMap::new();
    let mut call_of_id: HashMap<String, usize> = HashMap::new();
    for (i, e) in evs.iter().enumerate() {
        let m = &e.envelope.meta;
        if m.kind == EventKind::ToolCall {
            if let Some(t) = &m.correlation.tool_use_id {
                call_of_tuid.insert(t.as_str(), i);
            }
            call_of_id.insert(m.id.to_string(), i);
        }
    }
    let mut attached: Vec<Vec<usize>> = vec![Vec::new(); evs.len()];
    let mut is_child = vec![false; evs.len()];
    for (i, e) in evs.iter().enumerate() {
        let m = &e.envelope.meta;
        if !matches!(m.kind, EventKind::Decision | EventKind::ToolResult) {
            continue;
        }
        let by_tuid = m
            .correlation
            .tool_use_id
            .as_deref()
            .and_then(|t| call_of_tuid.get(t));
        let by_parent = m
            .correlation
            .parent_id
            .map(|p| p.to_string())
            .and_then(|p| call_of_id.get(&p));
        if let Some(&c) = by_tuid.or(by_parent).filter(|&&c| c < i) {
            attached[c].push(i);
            is_child[i] = true;
        }
    }
    for (i, e) in evs.iter().enumerate() {
        if is_child[i] {
            continue;
        }
        if e.envelope.meta.kind == EventKind::Prompt {
            h.leaf("li", &[("class", "turn")], "turn");
        }
        row(h, e, alerts, main, |h| {
            for &c in &attached[i] {
                h.el("ol", &[("class", "effects")], |h| {
                    row(h, &evs[c], alerts, main, |_| {})
                });
            }
        });
    }
}

fn stage(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Prompt => "intent",
        EventKind::ModelOutput => "reasoning",
        EventKind::ToolCall | EventKind::McpMessage => "action",
        EventKind::Decision | EventKind::Approval => "decision",
        EventKind::ToolResult => "effect",
        EventKind::Alert => "alert",
        EventKind::SecretAccess | EventKind::Credential => "secret",
        _ => "event",
    }
}

fn row(
    h: &mut Html,
    e: &StoredEvent,
    alerts: &HashMap<String, Vec<AlertNote>>,
    main: &str,
    nested: impl FnOnce(&mut Html),
) {
    let m = &e.envelope.meta;
    let seq = e.envelope.seq.to_string();
    let id = format!("e{seq}");
    let kind = m.kind.as_str();
    let outcome = if m.kind == EventKind::Decision {
        e.body
            .as_ref()
            .and_then(|b| b.get("outcome"))
            .and_then(Value::as_str)
            .unwrap_or("")
    } else {
        ""
    };
    let class = format!(
        "ev k-{kind} {}",
        if outcome.is_empty() { "" } else { outcome }
    );
    h.el(
        "li",
        &[("id", &id), ("class", &class), ("data-seq", &seq)],
        |h| {
            h.el("div", &[("class", "line")], |h| {
                h.leaf("time", &[], &fmt_ts(&m.ts));
                h.leaf("span", &[("class", "kind")], stage(m.kind));
                h.leaf("span", &[("class", "kname")], kind);
                if m.agent.as_str() != main {
                    h.leaf(
                        "span",
                        &[("class", "agent"), ("title", m.agent.as_str())],
                        short_agent(m.agent.as_str()),
                    );
                }
                if !m.delegation.is_empty() {
                    let chain: Vec<&str> = m
                        .delegation
                        .iter()
                        .map(|a| short_agent(a.as_str()))
                        .collect();
                    h.leaf(
                        "span",
                        &[("class", "hops"), ("title", "delegation chain")],
                        &format!("via {}", chain.join(" → ")),
                    );
                }
                if !outcome.is_empty() {
                    h.leaf("span", &[("class", "outcome")], outcome);
                }
                h.leaf("span", &[("class", "what")], &describe::summary(e));
            });
            if let Some(body) = &e.body {
                let mut refs = Vec::new();
                describe::secret_refs(body, &mut refs);
                if !refs.is_empty() {
                    h.el("div", &[("class", "refs")], |h| {
                        for (rule, reference) in &refs {
                            let href = format!("/ui/search?text={}", url_encode(reference));
                            h.leaf(
                                "a",
                                &[
                                    ("class", "chip secret"),
                                    ("href", &href),
                                    ("title", reference),
                                ],
                                &format!("secret · {rule}"),
                            );
                        }
                    });
                }
            }
            if let Some(notes) = alerts.get(&m.id.to_string()) {
                for n in notes {
                    let class = format!("alert-note sev-{}", severity_rank(&n.severity));
                    let href = format!("#e{}", n.seq);
                    h.el("div", &[("class", &class)], |h| {
                        h.leaf("a", &[("href", &href), ("class", "sev")], &n.severity);
                        h.leaf("strong", &[], &n.rule);
                        h.raw(" ").text(&n.summary);
                        for t in &n.tags {
                            h.leaf("span", &[("class", "chip tag")], t);
                        }
                    });
                }
            }
            if let Some(body) = &e.body {
                h.el("details", &[], |h| {
                    h.leaf("summary", &[], "body");
                    let text = serde_json::to_string_pretty(body).unwrap_or_default();
                    h.leaf("pre", &[], &describe::cut(&text, 16 * 1024));
                });
            }
            nested(h);
        },
    );
}
