//! `/ui/approvals`: calls held for a reviewer, pending first. Each pending request shows what
//! it is bound to (agent, tool, argument digest, policy version, expiry) and a reason field
//! with Approve / Deny: one click decides through `POST /v1/approvals/{id}/approve|deny`, the
//! same endpoint the CLI uses, with the session's CSRF token. Refreshed live.

use axum::extract::State;
use axum::response::Response;

use super::auth::Viewer;
use super::html::{url_encode, Html};
use super::{describe, layout, read_log, short_agent};
use crate::approvals::{ApprovalRequest, ApprovalState};
use crate::review::Role;
use crate::server::Shared;
use warden_core::EventId;

/// Requests shown; pending ones come first in the list.
const SHOWN: usize = 300;

pub(crate) async fn page(Viewer(who): Viewer, State(state): State<Shared>) -> Response {
    let mut all = state.mcp.tap.approvals.list();
    all.truncate(SHOWN);
    let decisions: Vec<Option<String>> = all.iter().map(|r| r.decision_id.clone()).collect();
    let calls = match read_log(&state, move |r| held_calls(r, &decisions)).await {
        Ok(c) => c,
        Err(resp) => return resp,
    };
    let can_decide = who.role >= Role::Approver;
    let mut h = Html::default();
    h.leaf("h1", &[], "Approvals");
    if !can_decide {
        h.leaf(
            "p",
            &[("class", "muted")],
            "You can see requests; deciding needs the approver role.",
        );
    }
    let st = state.clone();
    let pins = tokio::task::spawn_blocking(move || st.mcp.tap.pins().list(None))
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r.map_err(|e| e.to_string()));
    h.el(
        "div",
        &[("id", "approvals-live"), ("data-live", "2")],
        |h| {
            table(h, &all, &calls, can_decide);
            h.leaf("h2", &[], "MCP tools awaiting approval");
            match &pins {
                Ok(p) => pins_table(h, p, can_decide),
                Err(e) => {
                    h.leaf(
                        "p",
                        &[("class", "error")],
                        &format!("the pin store could not be read: {e}"),
                    );
                }
            }
        },
    );
    layout::page(&who, "/ui/approvals", "Approvals", h)
}

/// The evidence of each request: what the held call was (tool and arguments, as recorded,
/// redacted), found from the decision event that asked for approval (its parent is the call).
fn held_calls(
    r: &dyn warden_store::ReadLog,
    decisions: &[Option<String>],
) -> Result<Vec<Option<String>>, warden_store::StoreError> {
    let mut out = Vec::with_capacity(decisions.len());
    for d in decisions {
        let call = match d.as_deref().and_then(|d| d.parse::<EventId>().ok()) {
            Some(id) => match r
                .event(&id)?
                .and_then(|e| e.envelope.meta.correlation.parent_id)
            {
                Some(parent) => r.event(&parent)?.map(|c| describe::summary(&c)),
                None => None,
            },
            None => None,
        };
        out.push(call);
    }
    Ok(out)
}

fn table(h: &mut Html, all: &[ApprovalRequest], calls: &[Option<String>], can_decide: bool) {
    if all.is_empty() {
        h.leaf("p", &[("class", "muted")], "No approval requests.");
        return;
    }
    h.el("table", &[("class", "list"), ("id", "approvals")], |h| {
        h.raw("<thead><tr><th>State</th><th>Opened</th><th>Agent</th><th>Call</th><th>Why</th><th>Bound to</th><th>Decide</th></tr></thead><tbody>");
        for (i, r) in all.iter().enumerate() {
            let call = calls.get(i).cloned().flatten();
            h.el("tr", &[("data-approval", &r.id)], |h| row(h, r, call.as_deref(), can_decide));
        }
        h.raw("</tbody>");
    });
}

fn row(h: &mut Html, r: &ApprovalRequest, call: Option<&str>, can_decide: bool) {
    let (state, decided) = match &r.state {
        ApprovalState::Pending => ("pending".to_owned(), None),
        ApprovalState::Approved { by, reason } => ("approved".into(), Some((by, reason))),
        ApprovalState::Denied { by, reason } => ("denied".into(), Some((by, reason))),
        ApprovalState::Expired => ("expired".into(), None),
    };
    h.el("td", &[], |h| {
        let class = format!("state st-{state}");
        h.leaf("span", &[("class", &class)], &state);
        if r.used {
            h.leaf("span", &[("class", "muted")], " (used)");
        }
    });
    h.leaf("td", &[], &r.opened_at);
    h.leaf("td", &[("title", &r.agent)], short_agent(&r.agent));
    h.el("td", &[("class", "mono")], |h| {
        if let Some(s) = &r.server {
            h.text(s).raw(" · ");
        }
        // The recorded call (tool and redacted arguments) when the log has it.
        match call {
            Some(c) => h.text(c),
            None => h.text(&r.tool),
        };
    });
    h.el("td", &[], |h| {
        h.text(&r.reason);
        if r.required > 1 || !r.votes.is_empty() {
            let approvals = r.votes.iter().filter(|v| v.approve).count();
            h.raw("<br>")
                .num(approvals)
                .raw(" of ")
                .num(r.required.max(1))
                .raw(" approvals");
            for v in &r.votes {
                h.raw("<br>");
                h.leaf(
                    "span",
                    &[("class", "muted")],
                    &format!(
                        "{} {}: {}",
                        v.by,
                        if v.approve { "approved" } else { "denied" },
                        v.reason
                    ),
                );
            }
        }
    });
    h.el("td", &[("class", "small")], |h| {
        let href = format!("/ui/sessions/{}?last=1", url_encode(&r.session_id));
        h.raw("session ");
        h.leaf("a", &[("href", &href)], &r.session_id);
        h.raw("<br>args ").text(&r.args_digest);
        h.raw("<br>policy ").text(&r.policy_version);
        if r.state == ApprovalState::Pending {
            // Minutes, not a seconds countdown: the live refresh only redraws what changed.
            h.raw("<br>expires in ")
                .num(r.expires_in_s.div_ceil(60))
                .raw(" min");
        }
    });
    h.el("td", &[], |h| match decided {
        Some((by, reason)) => {
            h.text(by).raw(": ").text(reason);
        }
        None if r.state == ApprovalState::Pending && can_decide => decide_form(h, &r.id),
        None => {
            h.raw("—");
        }
    });
}

fn decide_form(h: &mut Html, id: &str) {
    h.el("form", &[("class", "decide"), ("data-approval", id)], |h| {
        h.open(
            "input",
            &[
                ("type", "text"),
                ("name", "reason"),
                ("placeholder", "reason (required)"),
                ("required", "required"),
                ("maxlength", "500"),
            ],
        );
        h.leaf(
            "button",
            &[
                ("type", "submit"),
                ("name", "verb"),
                ("value", "approve"),
                ("class", "approve"),
            ],
            "Approve",
        );
        h.leaf(
            "button",
            &[
                ("type", "submit"),
                ("name", "verb"),
                ("value", "deny"),
                ("class", "deny"),
            ],
            "Deny",
        );
        h.leaf("span", &[("class", "error"), ("role", "alert")], "");
    });
}

/// Tools whose definition changed (or that are new) since a reviewer approved the server:
/// quarantined until approved, with the definition to read first.
fn pins_table(h: &mut Html, pins: &[warden_mcp::pins::PinRow], can_decide: bool) {
    let waiting: Vec<_> = pins.iter().filter(|p| p.state != "pinned").collect();
    if waiting.is_empty() {
        h.leaf(
            "p",
            &[("class", "muted")],
            "None: every MCP tool in use is pinned.",
        );
        return;
    }
    h.el("table", &[("class", "list"), ("id", "pins")], |h| {
        h.raw("<thead><tr><th>Server</th><th>Tool</th><th>New definition</th><th>Approve</th></tr></thead><tbody>");
        for p in waiting {
            h.el("tr", &[], |h| {
                h.leaf("td", &[], &p.server);
                h.leaf("td", &[("class", "mono")], &p.tool);
                let def = p
                    .pending_definition
                    .as_ref()
                    .map(|d| describe::cut(&d.to_string(), 600))
                    .unwrap_or_default();
                h.leaf("td", &[("class", "mono small")], &def);
                h.el("td", &[], |h| {
                    if can_decide {
                        h.el(
                            "form",
                            &[("class", "pin-approve"), ("data-server", &p.server), ("data-tool", &p.tool)],
                            |h| {
                                h.leaf("button", &[("type", "submit"), ("class", "approve")], "Approve tool");
                                h.leaf("span", &[("class", "error"), ("role", "alert")], "");
                            },
                        );
                    } else {
                        h.raw("—");
                    }
                });
            });
        }
        h.raw("</tbody>");
    });
}
