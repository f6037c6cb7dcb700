//! `secret.exposure`: a secret or credential appears in a prompt, a model output, a tool's
//! arguments or a tool's result. Each secret (by fingerprint) is reported once per session;
//! summaries name the kind of secret, never its value.

use warden_analysis::Flag;

use crate::catalogue::SECRET_EXPOSURE;
use crate::engine::Ctx;
use crate::observation::Observed;
use crate::state::remember;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
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
