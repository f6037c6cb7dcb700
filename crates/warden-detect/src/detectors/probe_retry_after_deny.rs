//! `probe.retry_after_deny`: after a deny (or a would-be deny in observe mode), the agent tries
//! an equivalent action another way: another tool, reworded arguments, another server, an
//! encoded payload. Equivalence is by intent signature (same action, same destination and
//! object), not by tool name. Repeating the identical call is not "another way" (that is the
//! loop detector's business).

use crate::catalogue::PROBE_RETRY_AFTER_DENY;
use crate::engine::{args_hash, Ctx};
use crate::observation::Observed;
use crate::state::key_hash;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall { tool, args, .. } = &ctx.obs.what else {
        return;
    };
    let Some(sig) = ctx.derived.sig.clone() else {
        return;
    };
    if !sig.is_specific() || ctx.task.denied.is_empty() {
        return;
    }
    let window = i128::from(ctx.cfg.probe_retry_after_deny.params.window_secs) * 1_000_000_000;
    let (tool_h, args_h) = (key_hash(&tool.name), args_hash(&tool.name, args));
    let now = ctx.now;
    let hit = ctx.task.denied.iter().rev().find(|d| {
        now - d.ts <= window
            && d.call != ctx.obs.event_id
            && !(d.tool == tool_h && d.args == args_h)
            && d.sig.equivalent(&sig)
    });
    if let Some(d) = hit {
        let evidence = vec![d.call, d.decision, ctx.obs.event_id];
        let summary = format!(
            "after a deny, retried the same action ({}) via {}",
            d.sig, tool.name
        );
        ctx.emit(PROBE_RETRY_AFTER_DENY, evidence, summary);
    }
}
