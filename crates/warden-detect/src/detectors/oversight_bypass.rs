//! `oversight.bypass`: attempts to disable or evade monitoring — editing hook or permission
//! settings, killing the wrapper, changing `WARDEN_*`, switching permission mode, clearing
//! audit or history, calling an MCP server around the gateway.

use warden_analysis::Flag;

use super::reasons;
use crate::catalogue::OVERSIGHT_BYPASS;
use crate::engine::Ctx;
use crate::observation::Observed;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall { tool, facts, .. } = &ctx.obs.what else {
        return;
    };
    if facts.has(Flag::OversightTamper) {
        let summary = format!("{}: {}", tool.name, reasons(facts, Flag::OversightTamper));
        ctx.emit(OVERSIGHT_BYPASS, vec![ctx.obs.event_id], summary);
    }
}
