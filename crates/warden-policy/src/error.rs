//! Errors. Load errors name the file, line and column and carry Cedar's own message; request
//! errors say which fact is wrong and what was expected.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::request::TargetKind;

/// A problem found at a place in a policy or schema file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceDiagnostic {
    /// File name as loaded (e.g. `20-guards.cedar`).
    pub file: String,
    /// 1-based line, 0 when the problem has no location.
    pub line: usize,
    /// 1-based column (characters), 0 when the problem has no location.
    pub column: usize,
    /// The policy concerned, when known.
    pub policy_id: Option<String>,
    /// Cedar's message (with its help text, if any).
    pub message: String,
}

impl fmt::Display for SourceDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        } else {
            write!(f, "{}: ", self.file)?;
        }
        if let Some(id) = &self.policy_id {
            write!(f, "policy `{id}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// A non-empty list of diagnostics, displayed one per line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostics(pub Vec<SourceDiagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Why a policy set could not be loaded. The caller keeps whatever engine it had.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The directory or a file in it could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A policy file does not parse.
    #[error("policy syntax error (the set was not loaded):\n{0}")]
    Syntax(Diagnostics),
    /// Policies parse but do not validate against the schema (strict mode).
    #[error("policy validation failed against the Warden schema (the set was not loaded):\n{0}")]
    Validation(Diagnostics),
    /// The schema (shipped or override) does not parse or is inconsistent.
    #[error("schema error in {file}: {message}")]
    Schema {
        /// Schema file name (`warden.cedarschema` for the shipped one).
        file: String,
        /// Cedar's message.
        message: String,
    },
    /// A schema override does not describe the facts the gateway provides.
    #[error("schema {file} does not accept the facts Warden provides: {message}; start from the shipped schema/warden.cedarschema and only add to it")]
    SchemaMismatch {
        /// Schema file name.
        file: String,
        /// What did not conform.
        message: String,
    },
    /// More than one `*.cedarschema` in a policy directory.
    #[error(
        "more than one schema in the policy directory ({0:?}); keep at most one *.cedarschema"
    )]
    MultipleSchemas(Vec<String>),
    /// Two policies have the same `@id`.
    #[error("duplicate policy id `{id}` in {first} and {second}; every @id(\"…\") must be unique")]
    DuplicateId {
        /// The id.
        id: String,
        /// Where it first appeared.
        first: String,
        /// Where it appeared again.
        second: String,
    },
    /// An annotation Warden interprets has a value it cannot use.
    #[error("{file}: policy `{policy_id}`: {message}")]
    Annotation {
        /// File name.
        file: String,
        /// Policy id.
        policy_id: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// Templates are not linked by Warden, so a template in a file would silently do nothing.
    #[error("{file}: templates (policies with ?principal/?resource) are not supported; write a static policy")]
    Template {
        /// File name.
        file: String,
    },
    /// No policies at all: loading this would deny every call.
    #[error("no policies in {origin}: refusing to load an empty policy set (it would deny every call); add .cedar files")]
    Empty {
        /// The directory or "strings".
        origin: String,
    },
}

/// Why a [`crate::PolicyRequest`] was rejected at the boundary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// Not a SPIFFE id nor `unattested:<reason>`.
    #[error("invalid agent id {value:?}: {reason}")]
    AgentId {
        /// The value given.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// The action and the target kind disagree.
    #[error("action `{action}` takes a {expected} as its resource, not a {got}")]
    TargetMismatch {
        /// The action.
        action: &'static str,
        /// The target kind it takes.
        expected: TargetKind,
        /// The target kind given.
        got: TargetKind,
    },
    /// An MCP action without a server.
    #[error("action `{action}` needs the MCP server's name in resource.server")]
    MissingServer {
        /// The action.
        action: &'static str,
    },
    /// An agent appears twice in the delegation chain (including the principal itself).
    #[error("delegation chain contains {agent} twice; a chain must not loop")]
    DelegationCycle {
        /// The repeated agent.
        agent: String,
    },
    /// A required text field is empty.
    #[error("{field} must not be empty")]
    Empty {
        /// The field.
        field: &'static str,
    },
    /// A delegation request whose facts are missing or disagree with each other.
    #[error("invalid delegation request: {0}")]
    Delegation(&'static str),
}
