//! `/ui/search`: events by agent, tool, text (anything in the stored, redacted record,
//! e.g. a secret reference `hmac-sha256:…` from `warden hash`), kind and time; newest first,
//! paged by log position.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use warden_core::{EventKind, StoredEvent, Timestamp};
use warden_store::Search;

use super::auth::Viewer;
use super::html::{url_encode, Html};
use super::{describe, fmt_ts, layout, read, short_agent};
use crate::server::Shared;

const PAGE: usize = 100;

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct SearchForm {
    #[serde(default)]
    agent: String,
    #[serde(default)]
    tool: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    since: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    before: Option<u64>,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// An RFC 3339 time, or a browser `datetime-local` value (`2026-11-21T09:45`) read as UTC.
fn parse_time(s: &str, what: &str) -> Result<Option<i64>, String> {
    let Some(t) = opt(s) else { return Ok(None) };
    let full = if t.len() == 16 {
        format!("{t}:00Z")
    } else if t.len() == 19 {
        format!("{t}Z")
    } else {
        t
    };
    Timestamp::parse(&full)
        .map(|ts| Some(ts.unix_nanos() as i64))
        .map_err(|e| format!("{what}: {e}"))
}

impl SearchForm {
    fn query(&self) -> Result<Option<Search>, String> {
        let kind = match opt(&self.kind) {
            Some(k) => Some(k.parse::<EventKind>()?),
            None => None,
        };
        let q = Search {
            agent: opt(&self.agent),
            tool: opt(&self.tool),
            text: opt(&self.text),
            kind,
            since_ns: parse_time(&self.since, "since")?,
            until_ns: parse_time(&self.until, "until")?,
            before_seq: self.before,
            limit: PAGE,
        };
        let empty = q.agent.is_none()
            && q.tool.is_none()
            && q.text.is_none()
            && q.kind.is_none()
            && q.since_ns.is_none()
            && q.until_ns.is_none();
        Ok((!empty).then_some(q))
    }

    fn link_before(&self, seq: u64) -> String {
        let mut s = format!("/ui/search?before={seq}");
        for (k, v) in [
            ("agent", &self.agent),
            ("tool", &self.tool),
            ("text", &self.text),
            ("kind", &self.kind),
            ("since", &self.since),
            ("until", &self.until),
        ] {
            if !v.is_empty() {
                s.push_str(&format!("&{k}={}", url_encode(v)));
            }
        }
        s
    }
}

pub(crate) async fn page(
    Viewer(who): Viewer,
    State(state): State<Shared>,
    Query(f): Query<SearchForm>,
) -> Response {
    let mut h = Html::default();
    h.leaf("h1", &[], "Search");
    form(&mut h, &f);
    match f.query() {
        Err(e) => {
            h.leaf("p", &[("class", "error"), ("role", "alert")], &e);
        }
        Ok(None) => {
            h.leaf("p", &[("class", "muted")], "Give an agent, a tool, some text (a secret reference from `warden hash` finds where that secret went), a kind or a time range.");
        }
        Ok(Some(q)) => match read(&state, move |r| r.search(&q)).await {
            Ok(found) => results(&mut h, &f, &found),
            Err(r) => return r,
        },
    }
    layout::page(&who, "/ui/search", "Search", h)
}

fn form(h: &mut Html, f: &SearchForm) {
    h.el(
        "form",
        &[("method", "get"), ("class", "filters"), ("id", "search")],
        |h| {
            for (name, label, value, kind) in [
                ("agent", "Agent", &f.agent, "text"),
                ("tool", "Tool", &f.tool, "text"),
                ("text", "Text or secret reference", &f.text, "search"),
                ("since", "Since (UTC)", &f.since, "datetime-local"),
                ("until", "Until (UTC)", &f.until, "datetime-local"),
            ] {
                h.el("label", &[], |h| {
                    h.text(label);
                    h.open("input", &[("type", kind), ("name", name), ("value", value)]);
                });
            }
            h.el("label", &[], |h| {
                h.text("Kind");
                h.el("select", &[("name", "kind")], |h| {
                    h.leaf("option", &[("value", "")], "any");
                    for k in EventKind::ALL {
                        let v = k.as_str();
                        if v == f.kind {
                            h.leaf("option", &[("value", v), ("selected", "selected")], v);
                        } else {
                            h.leaf("option", &[("value", v)], v);
                        }
                    }
                });
            });
            h.leaf("button", &[("type", "submit")], "Search");
        },
    );
}

fn results(h: &mut Html, f: &SearchForm, found: &[StoredEvent]) {
    h.el("p", &[("class", "muted")], |h| {
        h.num(found.len()).raw(if found.len() >= PAGE {
            "+ events (newest first)"
        } else {
            " events"
        });
    });
    if found.is_empty() {
        return;
    }
    h.el("table", &[("class", "list"), ("id", "results")], |h| {
        h.raw("<thead><tr><th>When</th><th>Kind</th><th>Agent</th><th>Session</th><th>What</th></tr></thead><tbody>");
        for e in found {
            let m = &e.envelope.meta;
            let seq = e.envelope.seq;
            let href = format!(
                "/ui/sessions/{}?after={}#e{seq}",
                url_encode(m.session_id.as_str()),
                seq.saturating_sub(1)
            );
            h.el("tr", &[], |h| {
                h.leaf("td", &[], &fmt_ts(&m.ts));
                h.leaf("td", &[], m.kind.as_str());
                h.leaf("td", &[("title", m.agent.as_str())], short_agent(m.agent.as_str()));
                h.el("td", &[], |h| {
                    h.leaf("a", &[("href", &href)], m.session_id.as_str());
                });
                h.leaf("td", &[], &describe::summary(e));
            });
        }
        h.raw("</tbody>");
    });
    if found.len() >= PAGE {
        if let Some(last) = found.last() {
            let href = f.link_before(last.envelope.seq);
            h.el("nav", &[("class", "pager")], |h| {
                h.leaf("a", &[("href", &href), ("rel", "next")], "Older →");
            });
        }
    }
}
