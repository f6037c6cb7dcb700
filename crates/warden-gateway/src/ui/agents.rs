//! `/ui/agents`: the agent inventory. Registered identities (SPIFFE id, owner, tier) with
//! what the log has seen of them (sessions, tasks, events, alerts, last seen, subagents), then
//! every agent seen without a registration: unattested callers and unknown identities.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use warden_store::AgentSeen;

use super::auth::Viewer;
use super::html::{url_encode, Html};
use super::{fmt_ns, layout, read};
use crate::server::Shared;

#[derive(Default)]
struct Totals {
    sessions: i64,
    tasks: i64,
    events: i64,
    alerts: i64,
    last_ns: i64,
    subagents: usize,
}

impl Totals {
    fn add(&mut self, s: &AgentSeen, sub: bool) {
        self.sessions += s.sessions;
        self.tasks += s.tasks;
        self.events += s.events;
        self.alerts += s.alerts;
        self.last_ns = self.last_ns.max(s.last_ts_ns);
        if sub {
            self.subagents += 1;
        }
    }
}

pub(crate) async fn page(Viewer(who): Viewer, State(state): State<Shared>) -> Response {
    let service = state.identity.service.clone();
    let registered = match tokio::task::spawn_blocking(move || service.list_agents()).await {
        Ok(Ok(a)) => a,
        Ok(Err(e)) => {
            return layout::error_page(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "The agent registry could not be read",
                &e.to_string(),
            )
        }
        Err(e) => {
            return layout::error_page(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "The page failed",
                &e.to_string(),
            )
        }
    };
    let seen = match read(&state, |r| r.agents_seen()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    // Fold subagents (`…/subagent/<id>`) into the agent they act for.
    let mut totals: BTreeMap<String, Totals> = BTreeMap::new();
    for s in &seen {
        let (root, sub) = match s.agent.split_once("/subagent/") {
            Some((root, _)) => (root, true),
            None => (s.agent.as_str(), false),
        };
        totals.entry(root.to_owned()).or_default().add(s, sub);
    }
    let mut h = Html::default();
    h.leaf("h1", &[], "Agents");
    h.leaf("h2", &[], "Registered identities");
    h.el("table", &[("class", "list"), ("id", "agents")], |h| {
        h.raw("<thead><tr><th>Agent</th><th>SPIFFE id</th><th>Owner</th><th>Tier</th><th>Sessions</th><th>Tasks</th><th>Events</th><th>Alerts</th><th>Subagents</th><th>Last seen</th></tr></thead><tbody>");
        for a in &registered {
            let t = totals.remove(a.id.as_str()).unwrap_or_default();
            h.el("tr", &[], |h| {
                h.leaf("td", &[], a.name.as_str());
                h.leaf("td", &[("class", "mono")], a.id.as_str());
                h.leaf("td", &[], a.owner.as_str());
                h.el("td", &[], |h| {
                    let class = format!("tier tier-{}", a.tier.as_str());
                    h.leaf("span", &[("class", &class)], a.tier.as_str());
                });
                counts(h, a.id.as_str(), &t);
            });
        }
        if registered.is_empty() {
            h.raw("<tr><td colspan=\"10\" class=\"muted\">No registered agents (`warden agent add`).</td></tr>");
        }
        h.raw("</tbody>");
    });
    h.leaf("h2", &[], "Seen without a registration");
    h.leaf("p", &[("class", "muted")], "Unattested callers (no credential) and identities not in the registry: candidates for `warden agent add` or for investigation.");
    h.el("table", &[("class", "list"), ("id", "unattested")], |h| {
        h.raw("<thead><tr><th>Agent</th><th>Attested</th><th>Sessions</th><th>Tasks</th><th>Events</th><th>Alerts</th><th>Subagents</th><th>Last seen</th></tr></thead><tbody>");
        for (agent, t) in &totals {
            let attested = agent.starts_with("spiffe://");
            h.el("tr", &[("class", if attested { "" } else { "unattested" })], |h| {
                h.leaf("td", &[("class", "mono")], agent);
                h.leaf("td", &[], if attested { "yes (unknown here)" } else { "no" });
                counts(h, agent, t);
            });
        }
        if totals.is_empty() {
            h.raw("<tr><td colspan=\"8\" class=\"muted\">None.</td></tr>");
        }
        h.raw("</tbody>");
    });
    layout::page(&who, "/ui/agents", "Agents", h)
}

fn counts(h: &mut Html, agent: &str, t: &Totals) {
    let href = format!("/ui/search?agent={}", url_encode(agent));
    h.el("td", &[("class", "num")], |h| {
        h.el("a", &[("href", &href)], |h| {
            h.num(t.sessions);
        });
    });
    for n in [t.tasks, t.events, t.alerts, t.subagents as i64] {
        h.el("td", &[("class", "num")], |h| {
            h.num(n);
        });
    }
    h.leaf(
        "td",
        &[],
        &if t.last_ns > 0 {
            fmt_ns(t.last_ns)
        } else {
            "never".into()
        },
    );
}
