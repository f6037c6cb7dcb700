//! `identity.invalid_token`: a missing, forged, expired, wrong-audience, wrong-trust-domain or
//! replayed token was presented.

use crate::catalogue::IDENTITY_INVALID_TOKEN;
use crate::engine::Ctx;
use crate::observation::{Observed, TokenProblem};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::Credential { problem: Some(p) } = &ctx.obs.what else {
        return;
    };
    if matches!(
        p,
        TokenProblem::Missing
            | TokenProblem::Forged
            | TokenProblem::Expired
            | TokenProblem::WrongAudience
            | TokenProblem::WrongTrustDomain
            | TokenProblem::Replayed
    ) {
        let summary = format!("{} token presented by {}", p.as_str(), ctx.obs.agent);
        ctx.emit(IDENTITY_INVALID_TOKEN, vec![ctx.obs.event_id], summary);
    }
}
