//! Skipping policies that cannot match, exactly.
//!
//! Cedar builds and interprets every policy of a set on every request (~1 µs per policy here).
//! Most policies are only relevant when a few facts hold ("flag X is set", "the action is a tool
//! call", "the session has 3 denies"), and Cedar checks those facts first. This index reads each
//! policy (its JSON form) for a *guard*: a list of atoms, each a test Cedar evaluates before
//! anything else in the policy and that cannot raise an error:
//!
//! - the scope: `principal == Warden::Agent::"id"`, `resource == <Type>::"id"`,
//!   `resource in Warden::Server::"name"`, `action == …`, `action in …` (scope is evaluated
//!   before any condition, and never errors);
//! - the leading conjuncts of the first `when` clause, as long as each is one of:
//!   `<set>.contains(<literal>)` / `<set>.containsAny([<literals>])` on `context.call.flags`,
//!   `.labels`, `.command_words`, `.destinations.hosts` / `.email_domains`;
//!   a boolean attribute or its negation (`context.task.declared`,
//!   `!context.task.scope.tools.in_scope`, `context.session.read_secret`, `principal.attested`, …);
//!   `context.session.denies >= n` (also `>`, on `calls`, `approvals_pending`,
//!   `principal.delegation_depth`); `principal.tier == / != Warden::Tier::"…"`,
//!   `context.call.effect == / != Warden::Effect::"…"`; `principal has owner`, then
//!   `principal.owner == "…"`; `[<strings>].contains(resource.name)` after an action scope that
//!   rules out `mcp_resources_read` (whose `Resource` has `uri`, not `name`).
//!   These attributes are always present (the mapper guarantees it; `owner` only after its `has`
//!   atom) and typed (strict validation), and Cedar's `&&` evaluates left to right and stops at
//!   the first false.
//!
//! When an atom is false for a request, Cedar would find the policy unsatisfied without
//! evaluating anything that could error, so leaving the policy out changes neither the decision,
//! nor the matched policies, nor the errors. Policies with an empty guard are always evaluated.
//! Policies with the same guard share one group (the guard is tested once).
//!
//! The policies that remain are evaluated exactly as Cedar's authorizer evaluates them (one
//! `Evaluator` per request, each policy's `condition()` interpreted with its slot environment),
//! except that each condition is built once at load instead of on every request. A test
//! (`engine::tests::index_agrees_with_cedar_authorizer`) checks matched policies and errors
//! against Cedar's own `Authorizer` on every fixture request and variations of it.

use std::collections::HashMap;

use cedar_policy::{Policy, PolicyId};
use cedar_policy_core::ast::{Expr, Literal, Pattern, SlotEnv, ValueKind};
use cedar_policy_core::evaluator::Evaluator;

use crate::request::{ActionKind, PolicyRequest, Target};

/// One test from a policy's guard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Atom {
    /// The request's set at `path` contains any of `values`.
    SetAny(SetPath, Vec<String>),
    /// The boolean at `path` equals `expect`.
    Bool(BoolPath, bool),
    /// The number at `path` is at least `min`.
    AtLeast(LongPath, i64),
    /// `principal.tier == Warden::Tier::"…"` (negated when `eq` is false).
    Tier(String, bool),
    /// `context.call.effect == Warden::Effect::"…"` (negated when `eq` is false).
    Effect(String, bool),
    /// `principal == Warden::Agent::"…"`.
    Principal(String),
    /// `resource == <Type>::"id"`.
    Resource(String, String),
    /// `resource in Warden::Server::"name"`: the mapper makes a tool, resource or prompt a child
    /// of exactly its server (a model has none), and the resource is never a server itself.
    InServer(String),
    /// The action is one of these (bit per [`ActionKind::ALL`] index).
    Action(u8),
    /// `principal.owner == "…"`; only after a `principal has owner` atom of the same guard.
    Owner(String),
    /// `[<string literals>].contains(resource.name)`; only after an action atom that excludes
    /// the one action whose resource has no `name` (`mcp_resources_read`: a `Resource` has `uri`).
    ResourceName(Vec<String>),
    /// `resource.name like "…"` (Cedar's own pattern and matcher); same condition as
    /// [`Atom::ResourceName`].
    ResourceNameLike(Pattern),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SetPath {
    Flags,
    Labels,
    CommandWords,
    Hosts,
    EmailDomains,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BoolPath {
    TaskDeclared,
    ScopeInScope(usize),
    ScopeDeclared(usize),
    ReadSecret,
    ReadCredentialStore,
    ReadUntrusted,
    Attested,
    /// `principal has owner`.
    HasOwner,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LongPath {
    Denies,
    Calls,
    ApprovalsPending,
    DelegationDepth,
}

/// Index in [`ActionKind::ALL`] of `mcp_resources_read`, the action whose resource has `uri`
/// instead of `name`.
const RESOURCES_READ: usize = 2;

const SCOPE_LISTS: [&str; 4] = ["tools", "servers", "resources", "destinations"];

impl Atom {
    fn holds(&self, req: &PolicyRequest) -> bool {
        let call = req.call();
        match self {
            Atom::SetAny(path, values) => {
                let have = |v: &[String]| v.iter().any(|x| values.contains(x));
                match path {
                    SetPath::Flags => call
                        .flags
                        .iter()
                        .any(|f| values.iter().any(|v| v == f.as_str())),
                    SetPath::Labels => have(&call.labels),
                    SetPath::CommandWords => have(&call.command_words),
                    SetPath::Hosts => have(&call.destinations.hosts),
                    SetPath::EmailDomains => have(&call.destinations.email_domains),
                }
            }
            Atom::Bool(path, expect) => {
                let s = req.session();
                let scope = |i: usize| {
                    req.task().and_then(|t| match i {
                        0 => t.scope.tools.as_ref(),
                        1 => t.scope.servers.as_ref(),
                        2 => t.scope.resources.as_ref(),
                        _ => t.scope.destinations.as_ref(),
                    })
                };
                let value = match path {
                    BoolPath::TaskDeclared => req.task().is_some(),
                    BoolPath::ScopeInScope(i) => scope(*i).is_none_or(|c| c.in_scope),
                    BoolPath::ScopeDeclared(i) => scope(*i).is_some(),
                    BoolPath::ReadSecret => s.read_secret,
                    BoolPath::ReadCredentialStore => s.read_credential_store,
                    BoolPath::ReadUntrusted => s.read_untrusted_instructions,
                    BoolPath::Attested => req.principal().attested(),
                    BoolPath::HasOwner => req.principal().owner.is_some(),
                };
                value == *expect
            }
            Atom::AtLeast(path, min) => {
                let s = req.session();
                let value = match path {
                    LongPath::Denies => i64::from(s.denies),
                    LongPath::Calls => i64::from(s.calls),
                    LongPath::ApprovalsPending => i64::from(s.approvals_pending),
                    LongPath::DelegationDepth => {
                        i64::try_from(req.principal().delegation_depth()).unwrap_or(i64::MAX)
                    }
                };
                value >= *min
            }
            Atom::Tier(t, eq) => (req.principal().tier.as_str() == t) == *eq,
            Atom::InServer(s) => req.resource().server() == Some(s.as_str()),
            Atom::Effect(e, eq) => (call.effect.as_str() == e) == *eq,
            Atom::Principal(id) => req.principal().id.as_str() == id,
            Atom::Resource(ty, id) => {
                target_type(req.resource()) == ty && req.resource().name() == id
            }
            // An absent owner makes Cedar's `principal.owner` an error, never a false: hold, so
            // the policy is evaluated (unreachable when the guard's `has owner` atom holds).
            Atom::Owner(o) => req.principal().owner.as_ref().is_none_or(|x| x == o),
            // A resource without `name` errors in Cedar: hold (unreachable, see the variant).
            Atom::ResourceName(names) => match req.resource() {
                Target::Resource { .. } | Target::Agent { .. } => true,
                t => names.iter().any(|n| n == t.name()),
            },
            Atom::ResourceNameLike(pattern) => match req.resource() {
                Target::Resource { .. } | Target::Agent { .. } => true,
                t => pattern.wildcard_match(t.name()),
            },
            Atom::Action(mask) => {
                let i = ActionKind::ALL
                    .iter()
                    .position(|a| *a == req.action())
                    .unwrap_or(0);
                mask & (1 << i) != 0
            }
        }
    }
}

fn target_type(t: &Target) -> &'static str {
    match t {
        Target::Tool { .. } => "Warden::Tool",
        Target::Resource { .. } => "Warden::Resource",
        Target::Prompt { .. } => "Warden::Prompt",
        Target::Model { .. } => "Warden::Model",
        Target::Agent { .. } => "Warden::Agent",
    }
}

/// One policy, ready to evaluate: its id and the condition Cedar would build for it.
///
/// Cedar's authorizer calls `Policy::condition()` for every policy on every request, which
/// rebuilds (allocates) the expression `principal-scope && action-scope && resource-scope &&
/// conditions`, interprets it and drops it. The expression depends only on the policy, so it is
/// built once here; evaluation then runs exactly what the authorizer runs
/// (`Evaluator::partial_evaluate` = interpret `condition()` with the policy's slot environment).
pub(crate) struct Compiled {
    id: PolicyId,
    condition: Expr,
    env: SlotEnv,
}

impl Compiled {
    /// `scope_in_guard`: the policy's guard holds exactly when its scope does (see
    /// [`scope_in_guard`]); the group is only evaluated when its guard holds, so Cedar's
    /// `principal && action && resource && conditions` is then `true && true && true &&
    /// conditions` and only the conditions are interpreted.
    fn new(policy: &Policy, scope_in_guard: bool) -> Self {
        // The same policy, rebuilt from its JSON form: semantically identical (Cedar's JSON form
        // round-trips), but without source locations, which the interpreter otherwise clones and
        // drops (an atomic reference count each) at every node of every evaluation. Locations
        // only label diagnostics; an error's message (what a decision records) has none.
        let unlocated = policy
            .to_json()
            .ok()
            .and_then(|json| Policy::from_json(Some(policy.id().clone()), json).ok());
        let core: &cedar_policy_core::ast::Policy = unlocated.as_ref().unwrap_or(policy).as_ref();
        let condition = if scope_in_guard {
            core.non_scope_constraints()
                .cloned()
                .unwrap_or_else(|| Expr::val(true))
        } else {
            core.condition()
        };
        Self {
            id: policy.id().clone(),
            condition,
            env: core.env().clone(),
        }
    }

    /// Whether the policy is satisfied, or the evaluation error (as Cedar reports it).
    fn satisfied(&self, eval: &Evaluator<'_>) -> Result<bool, String> {
        match eval.interpret(&self.condition, &self.env) {
            Ok(v) => match v.value {
                ValueKind::Lit(Literal::Bool(b)) => Ok(b),
                // Unreachable (the condition is a conjunction, which is boolean or an error);
                // fail closed anyway.
                _ => Err("policy condition did not evaluate to a boolean".to_owned()),
            },
            Err(e) => Err(e.to_string()),
        }
    }
}

/// Forbids and permits of one group, kept apart so that both matched lists are known.
#[derive(Default)]
pub(crate) struct Group {
    guard: Vec<Atom>,
    forbids: Vec<Compiled>,
    permits: Vec<Compiled>,
}

/// The result of evaluating the relevant groups.
#[derive(Default)]
pub(crate) struct Outcome {
    pub forbids: Vec<PolicyId>,
    pub permits: Vec<PolicyId>,
    pub errors: Vec<(String, String)>,
}

/// Resolves `action in <group>` to the actions it covers (from the schema's hierarchy).
pub(crate) type ActionGroups = HashMap<String, u8>;

#[derive(Default)]
pub(crate) struct Index {
    groups: Vec<Group>,
    guarded: usize,
}

impl Index {
    /// Adds a policy (the caller has checked that its id is unique in the set).
    pub(crate) fn add(&mut self, policy: &Policy, forbid: bool, actions: &ActionGroups) {
        let guard = guard_of(policy, actions);
        if !guard.is_empty() {
            self.guarded += 1;
        }
        let at = match self.groups.iter().position(|g| g.guard == guard) {
            Some(i) => i,
            None => {
                self.groups.push(Group {
                    guard,
                    ..Group::default()
                });
                self.groups.len() - 1
            }
        };
        let g = &mut self.groups[at];
        let compiled = Compiled::new(policy, scope_in_guard(policy, actions));
        if forbid {
            g.forbids.push(compiled);
        } else {
            g.permits.push(compiled);
        }
    }

    /// Number of policies with a non-empty guard.
    pub(crate) fn guarded(&self) -> usize {
        self.guarded
    }

    /// Evaluates every policy of every group whose guard holds, with one evaluator (the one
    /// Cedar's authorizer would build for this request). A policy is matched when its condition
    /// is true; an erroring policy is not matched and its error is recorded (Cedar's
    /// `ErrorHandling::Skip`, the only mode).
    pub(crate) fn evaluate(&self, req: &PolicyRequest, eval: &Evaluator<'_>) -> Outcome {
        let mut out = Outcome::default();
        for g in &self.groups {
            if !g.guard.iter().all(|a| a.holds(req)) {
                continue;
            }
            for (policies, matched) in [
                (&g.forbids, &mut out.forbids),
                (&g.permits, &mut out.permits),
            ] {
                for p in policies {
                    match p.satisfied(eval) {
                        Ok(true) => matched.push(p.id.clone()),
                        Ok(false) => {}
                        Err(e) => out.errors.push((p.id.to_string(), e)),
                    }
                }
            }
        }
        out
    }
}

/// The guard of a policy: atoms Cedar tests first and that cannot error.
fn guard_of(policy: &Policy, actions: &ActionGroups) -> Vec<Atom> {
    let mut atoms = Vec::new();
    let Ok(json) = policy.to_json() else {
        return atoms;
    };
    let p = &json["principal"];
    if p["op"] == "==" && p["entity"]["type"] == "Warden::Agent" {
        if let Some(id) = p["entity"]["id"].as_str() {
            atoms.push(Atom::Principal(id.to_owned()));
        }
    }
    if let Some(mask) = action_mask(&json["action"], actions) {
        atoms.push(Atom::Action(mask));
    }
    let r = &json["resource"];
    if r["op"] == "==" {
        if let (Some(ty), Some(id)) = (r["entity"]["type"].as_str(), r["entity"]["id"].as_str()) {
            atoms.push(Atom::Resource(ty.to_owned(), id.to_owned()));
        }
    }
    if r["op"] == "in" && r["entity"]["type"] == "Warden::Server" {
        if let Some(id) = r["entity"]["id"].as_str() {
            atoms.push(Atom::InServer(id.to_owned()));
        }
    }
    if let Some(first) = json["conditions"].get(0) {
        if first["kind"] == "when" {
            let mut conjuncts = Vec::new();
            flatten_and(&first["body"], &mut conjuncts);
            for c in conjuncts {
                let Some(a) = atom_of(c) else { break };
                // Atoms whose Cedar test could error are only taken where an earlier atom of the
                // guard rules the error out (atoms are tested in Cedar's order).
                let safe = match &a {
                    Atom::Owner(_) => atoms.contains(&Atom::Bool(BoolPath::HasOwner, true)),
                    Atom::ResourceName(_) => atoms
                        .iter()
                        .any(|x| matches!(x, Atom::Action(m) if m & (1 << RESOURCES_READ) == 0)),
                    _ => true,
                };
                if !safe {
                    break;
                }
                atoms.push(a);
            }
        }
    }
    atoms
}

/// True when the guard's scope atoms test the policy's whole scope: principal unconstrained or
/// `== Warden::Agent::"…"`, action unconstrained or resolved to a mask, resource unconstrained,
/// `== <Type>::"…"` or `in Warden::Server::"…"`. (Those never error, so the scope is exactly
/// the conjunction of those atoms.)
fn scope_in_guard(policy: &Policy, actions: &ActionGroups) -> bool {
    let Ok(json) = policy.to_json() else {
        return false;
    };
    let (p, a, r) = (&json["principal"], &json["action"], &json["resource"]);
    let principal = p["op"] == "All"
        || (p["op"] == "=="
            && p["entity"]["type"] == "Warden::Agent"
            && p["entity"]["id"].is_string());
    let action = a["op"] == "All" || action_mask(a, actions).is_some();
    let resource = r["op"] == "All"
        || (r["op"] == "==" && r["entity"]["type"].is_string() && r["entity"]["id"].is_string())
        || (r["op"] == "in"
            && r["entity"]["type"] == "Warden::Server"
            && r["entity"]["id"].is_string());
    principal && action && resource
}

fn action_mask(scope: &serde_json::Value, actions: &ActionGroups) -> Option<u8> {
    let id_of = |e: &serde_json::Value| -> Option<u8> {
        if e["type"] != "Warden::Action" {
            return None;
        }
        actions.get(e["id"].as_str()?).copied()
    };
    match scope["op"].as_str()? {
        "==" => {
            let id = scope["entity"]["id"].as_str()?;
            let i = ActionKind::ALL.iter().position(|a| a.as_str() == id)?;
            (scope["entity"]["type"] == "Warden::Action").then_some(1 << i)
        }
        "in" => {
            if let Some(list) = scope["entities"].as_array() {
                list.iter().try_fold(0u8, |m, e| Some(m | id_of(e)?))
            } else {
                id_of(&scope["entity"])
            }
        }
        _ => None,
    }
}

fn flatten_and<'a>(e: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
    if let Some(and) = e.get("&&") {
        flatten_and(&and["left"], out);
        flatten_and(&and["right"], out);
    } else {
        out.push(e);
    }
}

fn atom_of(e: &serde_json::Value) -> Option<Atom> {
    if let Some(c) = e.get("contains") {
        if attr_path(&c["right"]).as_deref() == Some(&["resource", "name"][..]) {
            let list = c["left"].get("Set")?.as_array()?;
            let names: Option<Vec<String>> = list
                .iter()
                .map(|v| v.get("Value")?.as_str().map(str::to_owned))
                .collect();
            return Some(Atom::ResourceName(names?));
        }
        let path = set_path(&c["left"])?;
        let v = literal(&c["right"], path)?;
        return Some(Atom::SetAny(path, vec![v]));
    }
    if let Some(c) = e.get("containsAny") {
        let path = set_path(&c["left"])?;
        let list = c["right"].get("Set")?.as_array()?;
        let values: Option<Vec<String>> = list.iter().map(|v| literal(v, path)).collect();
        return Some(Atom::SetAny(path, values?));
    }
    if let Some(l) = e.get("like") {
        if attr_path(&l["left"]).as_deref() != Some(&["resource", "name"][..]) {
            return None;
        }
        let elems: Vec<cedar_policy_core::est::PatternElem> =
            serde_json::from_value(l["pattern"].clone()).ok()?;
        return Some(Atom::ResourceNameLike(Pattern::from(&elems[..])));
    }
    if let Some(inner) = e.get("!") {
        return bool_path(&inner["arg"]).map(|p| Atom::Bool(p, false));
    }
    if let Some(p) = bool_path(e) {
        return Some(Atom::Bool(p, true));
    }
    if let Some(h) = e.get("has") {
        if attr_path(&h["left"]).as_deref() == Some(&["principal"][..]) && h["attr"] == "owner" {
            return Some(Atom::Bool(BoolPath::HasOwner, true));
        }
        return None;
    }
    for (op, bump) in [(">=", 0), (">", 1)] {
        if let Some(cmp) = e.get(op) {
            let path = long_path(&cmp["left"])?;
            let n = cmp["right"].get("Value")?.as_i64()?;
            return Some(Atom::AtLeast(path, n.checked_add(bump)?));
        }
    }
    for (op, eq) in [("==", true), ("!=", false)] {
        if let Some(cmp) = e.get(op) {
            let path = attr_path(&cmp["left"])?;
            if let (["principal", "owner"], Some(owner), true) = (
                path.as_slice(),
                cmp["right"].get("Value").and_then(|v| v.as_str()),
                eq,
            ) {
                return Some(Atom::Owner(owner.to_owned()));
            }
            let ent = cmp["right"].get("Value")?.get("__entity")?;
            let id = ent["id"].as_str()?.to_owned();
            return match (path.as_slice(), ent["type"].as_str()?) {
                (["principal", "tier"], "Warden::Tier") => Some(Atom::Tier(id, eq)),
                (["context", "call", "effect"], "Warden::Effect") => Some(Atom::Effect(id, eq)),
                _ => None,
            };
        }
    }
    None
}

fn literal(v: &serde_json::Value, path: SetPath) -> Option<String> {
    let v = v.get("Value")?;
    if path == SetPath::Flags {
        let e = v.get("__entity")?;
        return (e["type"] == "Warden::Flag").then(|| e["id"].as_str().map(str::to_owned))?;
    }
    v.as_str().map(str::to_owned)
}

fn set_path(e: &serde_json::Value) -> Option<SetPath> {
    match attr_path(e)?.as_slice() {
        ["context", "call", "flags"] => Some(SetPath::Flags),
        ["context", "call", "labels"] => Some(SetPath::Labels),
        ["context", "call", "command_words"] => Some(SetPath::CommandWords),
        ["context", "call", "destinations", "hosts"] => Some(SetPath::Hosts),
        ["context", "call", "destinations", "email_domains"] => Some(SetPath::EmailDomains),
        _ => None,
    }
}

fn bool_path(e: &serde_json::Value) -> Option<BoolPath> {
    let path = attr_path(e)?;
    match path.as_slice() {
        ["context", "task", "declared"] => Some(BoolPath::TaskDeclared),
        ["context", "task", "scope", list, field] => {
            let i = SCOPE_LISTS.iter().position(|l| l == list)?;
            match *field {
                "in_scope" => Some(BoolPath::ScopeInScope(i)),
                "declared" => Some(BoolPath::ScopeDeclared(i)),
                _ => None,
            }
        }
        ["context", "session", "read_secret"] => Some(BoolPath::ReadSecret),
        ["context", "session", "read_credential_store"] => Some(BoolPath::ReadCredentialStore),
        ["context", "session", "read_untrusted_instructions"] => Some(BoolPath::ReadUntrusted),
        ["principal", "attested"] => Some(BoolPath::Attested),
        _ => None,
    }
}

fn long_path(e: &serde_json::Value) -> Option<LongPath> {
    match attr_path(e)?.as_slice() {
        ["context", "session", "denies"] => Some(LongPath::Denies),
        ["context", "session", "calls"] => Some(LongPath::Calls),
        ["context", "session", "approvals_pending"] => Some(LongPath::ApprovalsPending),
        ["principal", "delegation_depth"] => Some(LongPath::DelegationDepth),
        _ => None,
    }
}

/// `context.a.b` as `["context", "a", "b"]`.
fn attr_path(expr: &serde_json::Value) -> Option<Vec<&str>> {
    if let Some(var) = expr.get("Var") {
        return Some(vec![var.as_str()?]);
    }
    let dot = expr.get(".")?;
    let mut path = attr_path(&dot["left"])?;
    path.push(dot["attr"].as_str()?);
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cedar_policy::PolicySet;
    use std::str::FromStr;

    fn groups() -> ActionGroups {
        let mut g = ActionGroups::new();
        for (i, a) in ActionKind::ALL.iter().enumerate() {
            g.insert(a.as_str().to_owned(), 1 << i);
        }
        g.insert("tool_call".into(), 0b11);
        g.insert("mcp_request".into(), 0b1110);
        g
    }

    fn guard(text: &str) -> Vec<Atom> {
        let ps = PolicySet::from_str(text).expect("parses");
        let p = ps.policies().next().expect("one policy");
        guard_of(p, &groups())
    }

    #[test]
    fn recognises_leading_atoms_only() {
        assert_eq!(
            guard(
                r#"forbid (principal, action in Warden::Action::"tool_call", resource) when { context.call.flags.contains(Warden::Flag::"egress") && context.session.denies >= 3 && context.call.labels.contains("x") && context.task.objective == "y" && context.session.read_secret };"#
            ),
            vec![
                Atom::Action(0b11),
                Atom::SetAny(SetPath::Flags, vec!["egress".into()]),
                Atom::AtLeast(LongPath::Denies, 3),
                Atom::SetAny(SetPath::Labels, vec!["x".into()]),
            ]
        );
        assert_eq!(
            guard(
                r#"permit (principal == Warden::Agent::"a", action == Warden::Action::"model_call", resource == Warden::Tool::"Bash") when { !context.task.scope.tools.in_scope && principal.delegation_depth > 3 && principal.tier == Warden::Tier::"read_only" && context.call.effect != Warden::Effect::"read" };"#
            ),
            vec![
                Atom::Principal("a".into()),
                Atom::Action(0b10000),
                Atom::Resource("Warden::Tool".into(), "Bash".into()),
                Atom::Bool(BoolPath::ScopeInScope(0), false),
                Atom::AtLeast(LongPath::DelegationDepth, 4),
                Atom::Tier("read_only".into(), true),
                Atom::Effect("read".into(), false),
            ]
        );
        // A leading disjunction, an unless clause or an unknown test end the guard.
        assert!(guard(r#"forbid (principal, action, resource) when { context.call.flags.contains(Warden::Flag::"egress") || true };"#).is_empty());
        assert!(guard(r#"forbid (principal, action, resource) unless { context.call.flags.contains(Warden::Flag::"egress") };"#).is_empty());
        assert!(guard(r#"forbid (principal, action, resource) when { context.session.denies + 1 > 2 && context.session.read_secret };"#).is_empty());
        assert_eq!(
            guard("permit (principal, action, resource in Warden::Server::\"s\") when { principal.tier != Warden::Tier::\"read_only\" };"),
            vec![Atom::InServer("s".into()), Atom::Tier("read_only".into(), false)]
        );
        assert!(guard("permit (principal, action, resource in Warden::Tool::\"s\");").is_empty());
    }

    #[test]
    fn owner_and_resource_name_atoms_only_where_they_cannot_error() {
        assert_eq!(
            guard(
                r#"permit (principal, action in Warden::Action::"tool_call", resource) when { principal has owner && principal.owner == "team0" && context.task.declared };"#
            ),
            vec![
                Atom::Action(0b11),
                Atom::Bool(BoolPath::HasOwner, true),
                Atom::Owner("team0".into()),
                Atom::Bool(BoolPath::TaskDeclared, true),
            ]
        );
        // Without `has owner` first, `principal.owner` could error: the guard ends there.
        assert_eq!(
            guard(
                r#"permit (principal, action, resource) when { context.task.declared && principal.owner == "team0" };"#
            ),
            vec![Atom::Bool(BoolPath::TaskDeclared, true)]
        );
        assert_eq!(
            guard(
                r#"permit (principal, action == Warden::Action::"hook_tool_call", resource) when { ["Read", "Grep"].contains(resource.name) };"#
            ),
            vec![
                Atom::Action(0b1),
                Atom::ResourceName(vec!["Read".into(), "Grep".into()]),
            ]
        );
        // An action scope that admits `Resource` (no `name`): no atom.
        assert_eq!(
            guard(
                r#"permit (principal, action in Warden::Action::"mcp_request", resource) when { ["x"].contains(resource.name) };"#
            ),
            vec![Atom::Action(0b1110)]
        );
        assert!(guard(
            r#"permit (principal, action, resource) when { ["x"].contains(resource.name) };"#
        )
        .is_empty());
    }
}
