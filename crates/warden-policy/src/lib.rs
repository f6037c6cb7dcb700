//! Policy as code for Warden: Cedar, evaluated in process.
//!
//! This crate owns the policy boundary: the validated facts a gateway hands to policy
//! ([`PolicyRequest`]), their mapping onto the shipped Cedar schema (namespace `Warden`, see
//! `schema/warden.cedarschema`), loading and strictly validating policy sets with stable ids and a
//! content version, deciding with obligations (`@obligation("approval")` turns a `forbid` into
//! approval-required), observe/enforce modes, explanations, hot reload ([`SharedEngine`]), and the
//! fixture runner and validator behind `warden policy test` / `warden policy validate`. It ships a
//! default policy set for teams running coding agents and MCP servers (`policies/default`).
//!
//! It must not do I/O beyond reading policy, schema and fixture files from a directory it is
//! given: no network, no clocks beyond measuring its own latency, no state between decisions
//! (the gateway derives every fact). And it must never fail open: a missing or empty policy set,
//! a request that cannot be mapped, or any policy evaluation error is a deny with a reason
//! (observe mode records that deny as `would_be` and lets the call run).

pub mod decision;
pub mod engine;
pub mod error;
pub mod fixtures;
mod index;
pub mod request;
pub mod schema;

pub use decision::{
    explain, Decision, DecisionError, Mode, ModeOverrides, Obligation, Outcome, PolicyEffect,
    PolicyInfo,
};
pub use engine::{no_policy_decision, PolicyEngine, SharedEngine};
pub use error::{Diagnostics, PolicyError, RequestError, SourceDiagnostic};
pub use fixtures::{
    run_fixture_dir, validate_dir, Expect, Fixture, FixtureResult, Report, Summary,
};
pub use request::{
    ActionKind, AgentId, CallFacts, DelegatedScope, DelegationFacts, Destinations, Effect,
    EffectSource, Flag, PolicyRequest, Principal, ScopeCheck, SessionFacts, Target, TargetKind,
    TaskFacts, TaskScope, Tier,
};
pub use schema::{SchemaSource, SHIPPED_SCHEMA, SHIPPED_SCHEMA_NAME};

/// Directory of the default policy set in this crate's source tree.
pub const DEFAULT_POLICY_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/default");

/// The default policy set, compiled in: `(file name, text)` pairs for
/// [`PolicyEngine::from_strings`].
pub const DEFAULT_POLICIES: &[(&str, &str)] = &[
    (
        "00-permits.cedar",
        include_str!("../policies/default/00-permits.cedar"),
    ),
    (
        "10-scope.cedar",
        include_str!("../policies/default/10-scope.cedar"),
    ),
    (
        "20-secrets.cedar",
        include_str!("../policies/default/20-secrets.cedar"),
    ),
    (
        "30-exec.cedar",
        include_str!("../policies/default/30-exec.cedar"),
    ),
    (
        "40-provenance.cedar",
        include_str!("../policies/default/40-provenance.cedar"),
    ),
    (
        "50-delegation.cedar",
        include_str!("../policies/default/50-delegation.cedar"),
    ),
];

/// Loads the compiled-in default policy set.
pub fn default_engine() -> Result<PolicyEngine, PolicyError> {
    PolicyEngine::from_strings(DEFAULT_POLICIES.iter().copied())
}
