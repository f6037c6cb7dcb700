//! `/ui/sessions`: sessions and tasks, riskiest signals first to the eye, refreshed live;
//! `/ui/tasks/{id}`: one task and its sessions.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::Response;
use warden_store::{SessionSummary, TaskRecord};

use super::auth::Viewer;
use super::describe::SEVERITIES;
use super::html::{url_encode, Html};
use super::{chart, fmt_ns, layout, read, short_agent};
use crate::server::Shared;

const LIST_LIMIT: usize = 200;
const DAY_NS: i64 = 24 * 3600 * 1_000_000_000;

struct Data {
    sessions: Vec<SessionSummary>,
    risk: HashMap<String, u8>,
    tasks: Vec<TaskRecord>,
    buckets: Vec<warden_store::Bucket>,
    bucket_ns: i64,
    now: i64,
}

pub(crate) async fn page(Viewer(who): Viewer, State(state): State<Shared>) -> Response {
    let data = read(&state, |r| {
        let sessions = r.sessions(LIST_LIMIT)?;
        let ids: Vec<String> = sessions.iter().map(|s| s.session_id.clone()).collect();
        let risk = r.max_alert_severity(&ids)?;
        let tasks = r.tasks(LIST_LIMIT)?;
        let now = crate::pipeline::now().unix_nanos() as i64;
        let bucket_ns = chart::bucket_for(DAY_NS);
        let buckets = r.activity(now - DAY_NS, bucket_ns)?;
        Ok(Data {
            sessions,
            risk,
            tasks,
            buckets,
            bucket_ns,
            now,
        })
    })
    .await;
    let d = match data {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mut h = Html::default();
    h.leaf("h1", &[], "Sessions");
    h.el("div", &[("id", "sessions-live"), ("data-live", "5")], |h| {
        chart::activity(
            h,
            "Events and alerts, last 24 hours",
            &d.buckets,
            d.bucket_ns,
            (d.now - DAY_NS, d.now),
        );
        sessions_table(h, &d.sessions, &d.risk);
        h.leaf("h2", &[], "Tasks");
        tasks_table(h, &d.tasks);
    });
    layout::page(&who, "/ui/sessions", "Sessions", h)
}

pub(crate) fn sessions_table(
    h: &mut Html,
    sessions: &[SessionSummary],
    risk: &HashMap<String, u8>,
) {
    if sessions.is_empty() {
        h.leaf("p", &[("class", "muted")], "No sessions recorded yet. Point an agent's hooks at the gateway (docs/agent-hooks.md).");
        return;
    }
    h.el("table", &[("class", "list"), ("id", "sessions")], |h| {
        h.raw("<thead><tr><th>Risk</th><th>Session</th><th>Agent</th><th>Task</th><th>Events</th><th>Alerts</th><th>First seen</th><th>Last seen</th></tr></thead><tbody>");
        for s in sessions {
            let rank = risk.get(&s.session_id).copied();
            let (label, class) = match rank {
                Some(r) => (SEVERITIES[r as usize], risk_class(r)),
                None => ("none", "risk risk-none"),
            };
            let href = format!("/ui/sessions/{}", url_encode(&s.session_id));
            let task_href = format!("/ui/tasks/{}", url_encode(&s.task_id));
            h.el("tr", &[("data-session", &s.session_id)], |h| {
                h.el("td", &[], |h| {
                    h.leaf("span", &[("class", class)], label);
                });
                h.el("td", &[], |h| {
                    h.leaf("a", &[("href", &href), ("class", "session-link")], &s.session_id);
                });
                h.leaf("td", &[("title", &s.agent)], short_agent(&s.agent));
                h.el("td", &[], |h| {
                    h.leaf("a", &[("href", &task_href)], &s.task_id);
                });
                h.el("td", &[("class", "num")], |h| {
                    h.num(s.events);
                });
                h.el("td", &[("class", "num")], |h| {
                    h.num(s.alerts);
                });
                h.leaf("td", &[], &fmt_ns(s.first_ts_ns));
                h.leaf("td", &[], &fmt_ns(s.last_ts_ns));
            });
        }
        h.raw("</tbody>");
    });
}

pub(crate) fn risk_class(rank: u8) -> &'static str {
    match rank {
        4 => "risk risk-critical",
        3 => "risk risk-high",
        2 => "risk risk-medium",
        1 => "risk risk-low",
        _ => "risk risk-info",
    }
}

fn tasks_table(h: &mut Html, tasks: &[TaskRecord]) {
    if tasks.is_empty() {
        h.leaf("p", &[("class", "muted")], "No tasks yet.");
        return;
    }
    h.el("table", &[("class", "list"), ("id", "tasks")], |h| {
        h.raw("<thead><tr><th>Task</th><th>Objective</th><th>Declared</th><th>Created</th><th>Ended</th></tr></thead><tbody>");
        for t in tasks {
            let href = format!("/ui/tasks/{}", url_encode(&t.task_id));
            h.el("tr", &[], |h| {
                h.el("td", &[], |h| {
                    h.leaf("a", &[("href", &href)], &t.task_id);
                });
                h.leaf("td", &[], t.objective.as_deref().unwrap_or("—"));
                h.leaf("td", &[], if t.implicit { "implicit" } else { "declared" });
                h.leaf("td", &[], &fmt_ns(t.created_ts_ns));
                h.leaf("td", &[], &t.ended_ts_ns.map(fmt_ns).unwrap_or_else(|| "running".into()));
            });
        }
        h.raw("</tbody>");
    });
}

pub(crate) async fn task_page(
    Viewer(who): Viewer,
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Response {
    let task = id.clone();
    let data = read(&state, move |r| {
        let sessions = r.task_sessions(&task)?;
        let ids: Vec<String> = sessions.iter().map(|s| s.session_id.clone()).collect();
        let risk = r.max_alert_severity(&ids)?;
        let record = r.tasks(10_000)?.into_iter().find(|t| t.task_id == task);
        Ok((sessions, risk, record))
    })
    .await;
    let (sessions, risk, record) = match data {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mut h = Html::default();
    h.el("h1", &[], |h| {
        h.raw("Task ").text(&id);
    });
    if let Some(t) = &record {
        h.el("dl", &[("class", "facts")], |h| {
            h.leaf("dt", &[], "Objective");
            h.leaf("dd", &[], t.objective.as_deref().unwrap_or("—"));
            h.leaf("dt", &[], "Created");
            h.leaf("dd", &[], &fmt_ns(t.created_ts_ns));
            h.leaf("dt", &[], "Ended");
            h.leaf(
                "dd",
                &[],
                &t.ended_ts_ns
                    .map(fmt_ns)
                    .unwrap_or_else(|| "running".into()),
            );
            if let Some(d) = &t.detail {
                h.leaf("dt", &[], "Detail");
                h.leaf("dd", &[("class", "mono")], &d.to_string());
            }
        });
    }
    h.el("div", &[("id", "task-live"), ("data-live", "5")], |h| {
        sessions_table(h, &sessions, &risk);
    });
    layout::page(&who, "/ui/sessions", "Task", h)
}
