//! `injection.untrusted_instruction`: a tool result, resource, web page, file or email carries
//! instruction-like text aimed at the agent (indirect prompt injection). The engine marks the
//! session tainted and records the targets the text names as untrusted (for
//! `hijack.untrusted_target`); this detector reports it. The user's own instruction files
//! (CLAUDE.md, AGENTS.md, …) are not untrusted content, and attack text the user asked to work
//! on (their red-team fixtures, a jailbreak eval's failures, a CTF write-up they pointed at) is
//! the material of the task: it still taints the session, without an alert.

use crate::catalogue::INJECTION_UNTRUSTED_INSTRUCTION;
use crate::engine::Ctx;
use crate::observation::Observed;
use crate::state::{key_hash, remember};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let place = match &ctx.obs.what {
        Observed::ToolResult { tool, .. } => format!("the result of {}", tool.name),
        Observed::Resource { uri, .. } => {
            format!("resource {}", uri.chars().take(120).collect::<String>())
        }
        _ => return,
    };
    let Some(f) = &ctx.derived.finding else {
        return;
    };
    let threshold = ctx.cfg.injection_untrusted_instruction.params.threshold;
    if !f.is_instruction
        || f.score < threshold
        || ctx.derived.trusted_instruction_file
        || ctx.derived.expected_attack_text
    {
        return;
    }
    let fp = f
        .cues
        .iter()
        .fold(0u64, |h, c| h.rotate_left(7) ^ key_hash(&c.text));
    if !remember(&mut ctx.session.injection_seen, fp, 16) {
        return;
    }
    let summary = format!(
        "instructions aimed at the agent in {place} ({}; score {:.1}); session tainted",
        f.cue_summary(),
        f.score
    );
    ctx.emit(
        INJECTION_UNTRUSTED_INSTRUCTION,
        vec![ctx.obs.event_id],
        summary,
    );
}
