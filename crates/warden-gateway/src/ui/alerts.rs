//! `/ui/alerts`: the alert queue, newest first, each with its evidence (links into the
//! session timeline at the events it cites) and its framework tags (OWASP, MITRE ATLAS…).

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use warden_core::{EventId, StoredEvent};

use super::auth::Viewer;
use super::describe::{severity_rank, SEVERITIES};
use super::html::{url_encode, Html};
use super::sessions::risk_class;
use super::{fmt_ts, layout, read, short_agent};
use crate::server::Shared;

const PAGE: usize = 100;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct AlertFilter {
    #[serde(default)]
    min_severity: Option<String>,
    #[serde(default)]
    before: Option<u64>,
}

struct Row {
    alert: StoredEvent,
    /// (evidence id, its log position) for evidence still in the log.
    evidence: Vec<(String, Option<u64>)>,
}

pub(crate) async fn page(
    Viewer(who): Viewer,
    State(state): State<Shared>,
    Query(f): Query<AlertFilter>,
) -> Response {
    let min = f
        .min_severity
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(severity_rank)
        .unwrap_or(0);
    let before = f.before;
    let rows = read(&state, move |r| {
        let alerts = r.recent_alerts(None, before, PAGE * 4)?;
        let mut rows = Vec::new();
        for a in alerts {
            let sev = sev_of(&a);
            if severity_rank(sev) < min {
                continue;
            }
            let ids: Vec<String> = a
                .body
                .as_ref()
                .and_then(|b| b.get("evidence"))
                .and_then(Value::as_array)
                .map(|e| {
                    e.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let mut evidence = Vec::new();
            for id in ids.into_iter().take(8) {
                let seq = match id.parse::<EventId>() {
                    Ok(eid) => r.event(&eid)?.map(|e| e.envelope.seq),
                    Err(_) => None,
                };
                evidence.push((id, seq));
            }
            rows.push(Row { alert: a, evidence });
            if rows.len() >= PAGE {
                break;
            }
        }
        Ok(rows)
    })
    .await;
    let rows = match rows {
        Ok(r) => r,
        Err(r) => return r,
    };
    let mut h = Html::default();
    h.leaf("h1", &[], "Alerts");
    filter_form(&mut h, f.min_severity.as_deref().unwrap_or(""));
    h.el("div", &[("id", "alerts-live"), ("data-live", "5")], |h| {
        table(h, &rows)
    });
    if rows.len() >= PAGE {
        if let Some(last) = rows.last() {
            let mut href = format!("/ui/alerts?before={}", last.alert.envelope.seq);
            if let Some(m) = f.min_severity.as_deref().filter(|s| !s.is_empty()) {
                href.push_str(&format!("&min_severity={}", url_encode(m)));
            }
            h.el("nav", &[("class", "pager")], |h| {
                h.leaf("a", &[("href", &href), ("rel", "next")], "Older →");
            });
        }
    }
    layout::page(&who, "/ui/alerts", "Alerts", h)
}

fn sev_of(a: &StoredEvent) -> &str {
    a.body
        .as_ref()
        .and_then(|b| b.get("severity"))
        .and_then(Value::as_str)
        .unwrap_or("info")
}

fn filter_form(h: &mut Html, current: &str) {
    h.el("form", &[("method", "get"), ("class", "filters")], |h| {
        h.leaf("label", &[("for", "min_severity")], "Minimum severity");
        h.el(
            "select",
            &[("name", "min_severity"), ("id", "min_severity")],
            |h| {
                h.leaf("option", &[("value", "")], "any");
                for s in SEVERITIES {
                    if s == current {
                        h.leaf("option", &[("value", s), ("selected", "selected")], s);
                    } else {
                        h.leaf("option", &[("value", s)], s);
                    }
                }
            },
        );
        h.leaf("button", &[("type", "submit")], "Filter");
    });
}

fn table(h: &mut Html, rows: &[Row]) {
    if rows.is_empty() {
        h.leaf("p", &[("class", "muted")], "No alerts.");
        return;
    }
    h.el("table", &[("class", "list"), ("id", "alerts")], |h| {
        h.raw("<thead><tr><th>Severity</th><th>When</th><th>Rule</th><th>What</th><th>Agent</th><th>Session</th><th>Response</th><th>Evidence</th><th>Tags</th></tr></thead><tbody>");
        for row in rows {
            let a = &row.alert;
            let m = &a.envelope.meta;
            let body = a.body.clone().unwrap_or(Value::Null);
            let s = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            let sev = sev_of(a);
            let session = url_encode(m.session_id.as_str());
            h.el("tr", &[], |h| {
                h.el("td", &[], |h| {
                    h.leaf("span", &[("class", risk_class(severity_rank(sev)))], sev);
                });
                h.leaf("td", &[], &fmt_ts(&m.ts));
                h.leaf("td", &[("class", "mono")], &s("rule"));
                h.leaf("td", &[], &s("summary"));
                h.leaf("td", &[("title", m.agent.as_str())], short_agent(m.agent.as_str()));
                h.el("td", &[], |h| {
                    let href = format!("/ui/sessions/{session}?before={}#e{}", a.envelope.seq + 1, a.envelope.seq);
                    h.leaf("a", &[("href", &href)], m.session_id.as_str());
                });
                h.el("td", &[], |h| {
                    h.text(&s("response"));
                    if body.get("applied").and_then(Value::as_bool) == Some(true) {
                        h.raw(" (applied)");
                    }
                });
                h.el("td", &[], |h| {
                    for (id, seq) in &row.evidence {
                        match seq {
                            Some(q) => {
                                let href = format!("/ui/sessions/{session}?before={}#e{q}", a.envelope.seq + 1);
                                h.leaf("a", &[("href", &href), ("class", "chip"), ("title", id)], &format!("#{q}"));
                            }
                            None => {
                                h.leaf("span", &[("class", "chip"), ("title", id)], "?");
                            }
                        }
                    }
                });
                h.el("td", &[], |h| {
                    for t in body.get("tags").and_then(Value::as_array).into_iter().flatten() {
                        if let Some(t) = t.as_str() {
                            h.leaf("span", &[("class", "chip tag")], t);
                        }
                    }
                });
            });
        }
        h.raw("</tbody>");
    });
}
