//! `identity.revoked_credential_use`: a credential used after revocation, or after its task
//! ended (any credential or tool call arriving for an ended task).

use crate::catalogue::IDENTITY_REVOKED_CREDENTIAL_USE;
use crate::engine::Ctx;
use crate::observation::{Observed, TokenProblem};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    match &ctx.obs.what {
        Observed::Credential {
            problem: Some(TokenProblem::Revoked),
        } => {
            let summary = format!("revoked credential used by {}", ctx.obs.agent);
            ctx.emit(
                IDENTITY_REVOKED_CREDENTIAL_USE,
                vec![ctx.obs.event_id],
                summary,
            );
        }
        Observed::Credential { problem: None } | Observed::ToolCall { .. } => {
            if let Some(ended) = ctx.task.ended {
                if ended == ctx.obs.event_id {
                    return;
                }
                let what = if ctx.task.revoked { "revoked" } else { "ended" };
                let summary = format!(
                    "{} acted with the credential of a task that {what}",
                    ctx.obs.agent
                );
                ctx.emit(
                    IDENTITY_REVOKED_CREDENTIAL_USE,
                    vec![ended, ctx.obs.event_id],
                    summary,
                );
            }
        }
        _ => {}
    }
}
