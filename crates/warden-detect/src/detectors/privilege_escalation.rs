//! `privilege.escalation`: a call that tries to gain rights (sudo/su, chmod/chown of sensitive
//! paths or setuid, IAM/role/collaborator grants, permission-mode switches, broader tokens).
//!
//! A grant to a person the user named in a prompt ("add @kofi with write access") is the user's
//! own access decision carried out, not the agent gaining rights: it does not alert.

use warden_analysis::{ActionFacts, Flag};

use super::reasons;
use crate::catalogue::PRIVILEGE_ESCALATION;
use crate::engine::Ctx;
use crate::observation::Observed;
use crate::state::{key_hash, SessionState};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall { tool, facts, .. } = &ctx.obs.what else {
        return;
    };
    if facts.has(Flag::PrivilegeEscalation) && !grant_the_user_asked_for(ctx.session, facts) {
        let summary = format!(
            "{}: {}",
            tool.name,
            reasons(facts, Flag::PrivilegeEscalation)
        );
        ctx.emit(PRIVILEGE_ESCALATION, vec![ctx.obs.event_id], summary);
    }
}

/// Every escalation reason is a grant to someone else, and every grantee was named in a prompt.
fn grant_the_user_asked_for(session: &SessionState, facts: &ActionFacts) -> bool {
    let grants_only = facts
        .reasons_for(Flag::PrivilegeEscalation)
        .all(|r| r.contains("grants rights"));
    let grantees: Vec<&String> = facts
        .targets
        .usernames
        .iter()
        .chain(facts.targets.emails.iter())
        .collect();
    grants_only
        && !grantees.is_empty()
        && grantees.iter().all(|g| {
            let g = g.to_ascii_lowercase();
            session.prov.prompt.contains(key_hash(&g))
                || session
                    .prov
                    .prompt
                    .contains(key_hash(g.trim_start_matches('@')))
        })
}
