//! Pure facts about one agent action: "knowing which calls act".
//!
//! This crate owns the classification of a single tool call — its effect (read, write, egress,
//! execute) and which source decided it (MCP annotations, the tool's name, its arguments, or
//! configuration), the targets it acts on (hosts, URLs, emails, accounts, paths, usernames,
//! commands) and its risk flags (credential-store reads, secrets in arguments, dangerous or
//! remote code, privilege escalation, oversight tampering, egress, side effects, destruction,
//! leaving the workspace) — plus the text analysis detectors need (instruction-like text aimed
//! at an agent, candidate targets named by a text) and intent signatures that compare calls
//! across tools and encodings. Policy consumes these facts as plain fields; detection consumes
//! them as the input of sequence rules.
//!
//! It must not do I/O, keep state between calls, read the clock, or decide anything: it states
//! facts and leaves allow/deny to policy and alerting to detection. Every function is a pure
//! function of its inputs and never panics on agent-supplied input.

pub(crate) mod address;
pub mod analyze;
pub mod facts;
pub mod glob;
pub mod intent;
pub(crate) mod lexicon;
pub mod paths;
pub mod redirect;
pub mod scope;
pub mod secrets;
pub mod shell;
pub mod text;
pub mod tool;

pub use analyze::{analyze_call, analyze_call_in};
pub use facts::{
    ActionFacts, CallContext, Effect, EffectSource, Flag, Overrides, Targets, ToolAnnotations,
    ToolOverride,
};
pub use glob::glob_match;
pub use intent::{intent_signature, IntentAction, IntentSignature};
pub use secrets::{BuiltinSecrets, SecretCheck, SecretMatch};
pub use text::{
    extract_candidate_targets, instruction_score, CandidateTargets, Cue, CueKind,
    InstructionFinding,
};
pub use tool::{KnownTool, ToolRef};
