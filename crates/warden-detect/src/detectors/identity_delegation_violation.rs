//! `identity.delegation_violation`: a delegation hop that widens scope, exceeds the depth limit
//! is not allowed by `may_act`, or that the policy engine denied.

use crate::catalogue::IDENTITY_DELEGATION_VIOLATION;
use crate::engine::Ctx;
use crate::observation::{Observed, TokenProblem};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::Credential { problem: Some(p) } = &ctx.obs.what else {
        return;
    };
    if matches!(
        p,
        TokenProblem::DelegationWidened
            | TokenProblem::DelegationTooDeep
            | TokenProblem::NotMayAct
            | TokenProblem::DelegationDenied
    ) {
        let chain: Vec<&str> = ctx.obs.delegation.iter().map(|a| a.as_str()).collect();
        let summary = if chain.is_empty() {
            format!("{} by {}", p.as_str(), ctx.obs.agent)
        } else {
            format!(
                "{} by {} (chain {})",
                p.as_str(),
                ctx.obs.agent,
                chain.join(" -> ")
            )
        };
        ctx.emit(
            IDENTITY_DELEGATION_VIOLATION,
            vec![ctx.obs.event_id],
            summary,
        );
    }
}
