//! `secret.credential_harvest`: reads of credential stores (`.env`, cloud and SSH credentials,
//! keychains, agent config files holding keys). Each store is reported once per session.

use warden_analysis::Flag;

use super::reasons;
use crate::catalogue::SECRET_CREDENTIAL_HARVEST;
use crate::engine::Ctx;
use crate::observation::Observed;
use crate::state::{key_hash, remember};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Observed::ToolCall { tool, facts, .. } = &ctx.obs.what else {
        return;
    };
    if !facts.has(Flag::CredentialStoreRead) {
        return;
    }
    let why = reasons(facts, Flag::CredentialStoreRead);
    if !remember(&mut ctx.session.harvest_seen, key_hash(&why), 32) {
        return;
    }
    ctx.emit(
        SECRET_CREDENTIAL_HARVEST,
        vec![ctx.obs.event_id],
        format!("{}: {why}", tool.name),
    );
}
