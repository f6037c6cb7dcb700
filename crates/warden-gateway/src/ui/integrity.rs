//! `/ui/integrity`: is the record intact? The log size, the newest signed checkpoint, and on
//! request (`?verify=1`, a full recomputation, as `warden verify`) the verification result;
//! with charts of activity and alerts over the last day and week.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use warden_store::{Bucket, VerifyOptions};

use super::auth::Viewer;
use super::html::Html;
use super::{chart, layout, read};
use crate::server::Shared;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct IntegrityQuery {
    #[serde(default)]
    verify: Option<u8>,
}

/// What `verify` reported: (events, checkpoints, warnings), or why the log does not verify.
type Verified = Result<(u64, u64, Vec<String>), String>;

struct Data {
    size: u64,
    checkpoint: Option<(u64, String)>,
    verified: Option<Verified>,
    day: (Vec<Bucket>, i64),
    week: (Vec<Bucket>, i64),
    now: i64,
}

const DAY_NS: i64 = 24 * 3600 * 1_000_000_000;

pub(crate) async fn page(
    Viewer(who): Viewer,
    State(state): State<Shared>,
    Query(q): Query<IntegrityQuery>,
) -> Response {
    let run_verify = q.verify == Some(1);
    let now = crate::pipeline::now().unix_nanos() as i64;
    let data = read(&state, move |r| {
        let verified = run_verify.then(|| {
            warden_store::verify(r, &VerifyOptions::default())
                .map(|rep| {
                    let problems = rep.problems.iter().map(|p| p.to_string()).collect();
                    (rep.events, rep.checkpoints, problems)
                })
                .map_err(|e| e.to_string())
        });
        let (db, wb) = (chart::bucket_for(DAY_NS), chart::bucket_for(7 * DAY_NS));
        Ok(Data {
            size: r.tree_size()?,
            checkpoint: r.latest_checkpoint()?,
            verified,
            day: (r.activity(now - DAY_NS, db)?, db),
            week: (r.activity(now - 7 * DAY_NS, wb)?, wb),
            now,
        })
    })
    .await;
    let d = match data {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mut h = Html::default();
    h.leaf("h1", &[], "Integrity");
    h.el("dl", &[("class", "facts"), ("id", "integrity")], |h| {
        h.leaf("dt", &[], "Events in the log");
        h.el("dd", &[], |h| {
            h.num(d.size);
        });
        h.leaf("dt", &[], "Newest signed checkpoint");
        match &d.checkpoint {
            Some((size, note)) => {
                h.el("dd", &[], |h| {
                    h.raw("covers ").num(*size).raw(" events");
                    if d.size > *size {
                        h.raw(" (")
                            .num(d.size - size)
                            .raw(" newer events await the next checkpoint)");
                    }
                    h.leaf("pre", &[("class", "note")], note);
                });
            }
            None => {
                h.leaf(
                    "dd",
                    &[],
                    "none yet (the first is signed within the checkpoint interval)",
                );
            }
        }
        h.leaf("dt", &[], "Verification");
        h.el("dd", &[("id", "verify")], |h| match &d.verified {
            None => {
                h.leaf(
                    "a",
                    &[("href", "/ui/integrity?verify=1"), ("class", "button")],
                    "Verify now (recomputes the whole log)",
                );
            }
            Some(Ok((events, checkpoints, problems))) if problems.is_empty() => {
                h.el("span", &[("class", "ok")], |h| {
                    h.raw("✔ intact: ")
                        .num(*events)
                        .raw(" events recomputed, ")
                        .num(*checkpoints)
                        .raw(" checkpoints match");
                });
            }
            Some(Ok((_, _, problems))) => {
                h.leaf("span", &[("class", "bad")], "✘ the log is damaged:");
                h.el("ul", &[], |h| {
                    for p in problems {
                        h.leaf("li", &[], p);
                    }
                });
            }
            Some(Err(e)) => {
                h.leaf(
                    "span",
                    &[("class", "bad")],
                    &format!("verification could not run: {e}"),
                );
            }
        });
    });
    chart::activity(
        &mut h,
        "Events and alerts, last 24 hours",
        &d.day.0,
        d.day.1,
        (d.now - DAY_NS, d.now),
    );
    chart::activity(
        &mut h,
        "Events and alerts, last 7 days",
        &d.week.0,
        d.week.1,
        (d.now - 7 * DAY_NS, d.now),
    );
    layout::page(&who, "/ui/integrity", "Integrity", h)
}
