//! One file per detector. Each exposes `check(&mut Ctx)`, looks only at the observations it
//! cares about, and fires on the event that completes its pattern.

use crate::engine::Ctx;

pub(crate) mod exec_dangerous_command;
pub(crate) mod exfil_sensitive_to_egress;
pub(crate) mod hijack_untrusted_target;
pub(crate) mod identity_delegation_violation;
pub(crate) mod identity_invalid_token;
pub(crate) mod identity_revoked_credential_use;
pub(crate) mod injection_untrusted_instruction;
pub(crate) mod loop_repeated_call;
pub(crate) mod oversight_bypass;
pub(crate) mod privilege_escalation;
pub(crate) mod probe_retry_after_deny;
pub(crate) mod rate_burst;
pub(crate) mod scope_out_of_scope;
pub(crate) mod secret_credential_harvest;
pub(crate) mod secret_exposure;
pub(crate) mod tool_manifest_changed;
pub(crate) mod tool_poisoned_description;

pub(crate) fn run_all(ctx: &mut Ctx<'_>) {
    let c = ctx.cfg;
    if c.loop_repeated_call.enabled {
        loop_repeated_call::check(ctx);
    }
    if c.rate_burst.enabled {
        rate_burst::check(ctx);
    }
    if c.probe_retry_after_deny.enabled {
        probe_retry_after_deny::check(ctx);
    }
    if c.scope_out_of_scope.enabled {
        scope_out_of_scope::check(ctx);
    }
    if c.privilege_escalation.enabled {
        privilege_escalation::check(ctx);
    }
    if c.secret_exposure.enabled {
        secret_exposure::check(ctx);
    }
    if c.secret_credential_harvest.enabled {
        secret_credential_harvest::check(ctx);
    }
    if c.exfil_sensitive_to_egress.enabled {
        exfil_sensitive_to_egress::check(ctx);
    }
    if c.injection_untrusted_instruction.enabled {
        injection_untrusted_instruction::check(ctx);
    }
    if c.hijack_untrusted_target.enabled {
        hijack_untrusted_target::check(ctx);
    }
    if c.tool_poisoned_description.enabled {
        tool_poisoned_description::check(ctx);
    }
    // after the poison check, which reads the previous pin
    if c.tool_manifest_changed.enabled || c.tool_poisoned_description.enabled {
        tool_manifest_changed::check(ctx);
    }
    if c.identity_invalid_token.enabled {
        identity_invalid_token::check(ctx);
    }
    if c.identity_revoked_credential_use.enabled {
        identity_revoked_credential_use::check(ctx);
    }
    if c.identity_delegation_violation.enabled {
        identity_delegation_violation::check(ctx);
    }
    if c.oversight_bypass.enabled {
        oversight_bypass::check(ctx);
    }
    if c.exec_dangerous_command.enabled {
        exec_dangerous_command::check(ctx);
    }
}

/// The first few reasons of a flag, joined.
pub(crate) fn reasons(facts: &warden_analysis::ActionFacts, flag: warden_analysis::Flag) -> String {
    let r: Vec<&str> = facts.reasons_for(flag).take(3).collect();
    if r.is_empty() {
        flag.as_str().to_owned()
    } else {
        r.join("; ")
    }
}
