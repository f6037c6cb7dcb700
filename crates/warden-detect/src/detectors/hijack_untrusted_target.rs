//! `hijack.untrusted_target`: a side-effecting call whose target (recipient, account, host,
//! username, file) is not traceable to the user's prompt or trusted content but does appear in
//! untrusted content — content that carried instructions. Provenance is recorded by the engine
//! as content arrives; the same check is offered to policy through `Engine::target_provenance`.

use crate::catalogue::HIJACK_UNTRUSTED_TARGET;
use crate::engine::Ctx;
use crate::observation::Observed;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall { tool, .. } = &ctx.obs.what else {
        return;
    };
    let Some((events, matched)) = ctx.derived.hijack.clone() else {
        return;
    };
    let mut evidence = events;
    evidence.push(ctx.obs.event_id);
    let summary = format!(
        "{} acts on {} named only by untrusted content, not by the user",
        tool.name,
        matched.join(", ")
    );
    ctx.emit(HIJACK_UNTRUSTED_TARGET, evidence, summary);
}
