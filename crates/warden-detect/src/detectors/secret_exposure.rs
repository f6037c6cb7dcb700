//! `secret.exposure`: a secret or credential appears in a prompt, a model output, a tool's
//! arguments or a tool's result. Each secret (by fingerprint) is reported once per session;
//! summaries name the kind of secret, never its value.

use warden_analysis::{ActionFacts, Effect, Flag};

use crate::catalogue::SECRET_EXPOSURE;
use crate::engine::Ctx;
use crate::observation::Observed;
use crate::state::{key_hash, remember, SessionState};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    check_values(ctx);
    if let Observed::ToolCall { facts, .. } = &ctx.obs.what {
        remember_credential_files(&mut ctx.session.credential_files_read, facts);
    }
}

fn check_values(ctx: &mut Ctx<'_>) {
    let p = &ctx.cfg.secret_exposure.params;
    let (place, matches) = match &ctx.obs.what {
        Observed::Prompt { .. } if p.scan_prompts => {
            ("the user's prompt", ctx.derived.secrets.clone())
        }
        Observed::ModelOutput { .. } if p.scan_model_output => {
            ("model output", ctx.derived.secrets.clone())
        }
        Observed::ToolResult { .. } if p.scan_tool_results => {
            ("a tool result", ctx.derived.secrets.clone())
        }
        Observed::Resource { .. } if p.scan_tool_results => {
            ("a resource", ctx.derived.secrets.clone())
        }
        Observed::ToolCall { facts, .. }
            if p.scan_tool_args && facts.has(Flag::SecretInArguments) =>
        {
            let kinds: Vec<&str> = facts.reasons_for(Flag::SecretInArguments).take(3).collect();
            // a secret leaving through a call's arguments is a new exposure every time
            ctx.emit(
                SECRET_EXPOSURE,
                vec![ctx.obs.event_id],
                format!("secret in tool arguments ({})", kinds.join("; ")),
            );
            return;
        }
        Observed::ToolCall { facts, .. }
            if p.scan_tool_args && sends_credential_store_read_before(ctx.session, facts) =>
        {
            // the agent read `.env` and now runs `curl -F f=@.env`: the values it was shown
            // leave in the call as surely as pasted ones would
            let stores: Vec<&str> = facts
                .reasons_for(Flag::CredentialStoreRead)
                .take(2)
                .collect();
            ctx.emit(
                SECRET_EXPOSURE,
                vec![ctx.obs.event_id],
                format!(
                    "credential store sent over the network ({})",
                    stores.join("; ")
                ),
            );
            return;
        }
        _ => return,
    };
    if matches.is_empty() {
        return;
    }
    let mut kinds: Vec<&'static str> = Vec::new();
    for m in &matches {
        if remember(&mut ctx.session.secrets_seen, m.fingerprint, 64) && !kinds.contains(&m.kind) {
            kinds.push(m.kind);
        }
    }
    if kinds.is_empty() {
        return;
    }
    ctx.emit(
        SECRET_EXPOSURE,
        vec![ctx.obs.event_id],
        format!("{} in {place}", kinds.join(", ")),
    );
}

/// A call that sends out a credential store the agent read earlier in the session (its
/// values were put before the model): `cat .env` then `curl --data-binary @.env …`. A key
/// file piped straight to a host, never shown, is exfiltration of a file rather than of
/// values the agent saw.
fn sends_credential_store_read_before(session: &SessionState, facts: &ActionFacts) -> bool {
    facts.has(Flag::CredentialStoreRead)
        && facts.effect == Effect::Egress
        && store_keys(facts).any(|k| session.credential_files_read.contains(&k))
}

/// What names a store a call reads: its files, and the reading itself for stores without a
/// file (`env`, a keychain).
fn store_keys(facts: &ActionFacts) -> impl Iterator<Item = u64> + '_ {
    facts.read_paths.iter().take(8).map(|p| key_hash(p)).chain(
        facts
            .reasons_for(Flag::CredentialStoreRead)
            .take(4)
            .map(key_hash),
    )
}

/// Reads that show a store to the agent (`cat .env`, a file read), not calls that send it on
/// without showing it (`scp ~/.ssh/id_rsa host:`).
fn remember_credential_files(seen: &mut Vec<u64>, facts: &ActionFacts) {
    if !facts.has(Flag::CredentialStoreRead) || facts.effect == Effect::Egress {
        return;
    }
    for k in store_keys(facts) {
        remember(seen, k, 32);
    }
}
