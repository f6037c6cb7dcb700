//! `privilege.escalation`: a call that tries to gain rights (sudo/su, chmod/chown of sensitive
//! paths or setuid, IAM/role/collaborator grants, permission-mode switches, broader tokens).

use warden_analysis::Flag;

use super::reasons;
use crate::catalogue::PRIVILEGE_ESCALATION;
use crate::engine::Ctx;
use crate::observation::Observed;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall { tool, facts, .. } = &ctx.obs.what else {
        return;
    };
    if facts.has(Flag::PrivilegeEscalation) {
        let summary = format!(
            "{}: {}",
            tool.name,
            reasons(facts, Flag::PrivilegeEscalation)
        );
        ctx.emit(PRIVILEGE_ESCALATION, vec![ctx.obs.event_id], summary);
    }
}
