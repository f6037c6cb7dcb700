//! Policy tests and validation, shared by this crate's tests and the `warden policy test DIR` /
//! `warden policy validate DIR` commands.
//!
//! A fixture is one JSON file:
//!
//! ```json
//! { "name": "…", "request": { …PolicyRequest… }, "expect": "allow" | "deny" | "approval",
//!   "expect_policy_ids": ["…"] }
//! ```
//!
//! `expect_policy_ids` is optional; when given, each id must be among the deciding policies.
//! Fixtures are decided in enforce mode.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::decision::{Mode, Outcome, PolicyInfo};
use crate::engine::PolicyEngine;
use crate::error::{PolicyError, SourceDiagnostic};
use crate::request::PolicyRequest;
use crate::schema::SchemaSource;

/// The expected outcome of a fixture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Allowed.
    Allow,
    /// Denied.
    Deny,
    /// Approval required.
    Approval,
}

impl From<Expect> for Outcome {
    fn from(e: Expect) -> Self {
        match e {
            Expect::Allow => Outcome::Allow,
            Expect::Deny => Outcome::Deny,
            Expect::Approval => Outcome::ApprovalRequired,
        }
    }
}

/// One policy test case.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// Human name.
    pub name: String,
    /// Optional notes (where the case comes from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The request.
    pub request: PolicyRequest,
    /// Expected outcome in enforce mode.
    pub expect: Expect,
    /// Ids that must be among the deciding policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expect_policy_ids: Vec<String>,
}

/// The result of one fixture file.
#[derive(Clone, Debug, Serialize)]
pub struct FixtureResult {
    /// The fixture file.
    pub file: PathBuf,
    /// Fixture name (the file name when it did not parse).
    pub name: String,
    /// Expected outcome, when the fixture parsed.
    pub expected: Option<Outcome>,
    /// Outcome, when the fixture parsed.
    pub got: Option<Outcome>,
    /// Deciding policies.
    pub policy_ids: Vec<String>,
    /// Why it failed; `None` when it passed.
    pub failure: Option<String>,
}

impl FixtureResult {
    /// True if the fixture passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// The results of a fixture directory.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Version of the policy set tested.
    pub policy_version: String,
    /// One per fixture file, sorted by file name.
    pub results: Vec<FixtureResult>,
}

impl Report {
    /// Number of passing fixtures.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    /// Number of failing fixtures.
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    /// True if every fixture passed and there was at least one.
    pub fn is_success(&self) -> bool {
        !self.results.is_empty() && self.failed() == 0
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.results {
            match &r.failure {
                None => writeln!(
                    f,
                    "ok    {} ({})",
                    r.name,
                    r.got.map(|o| o.to_string()).unwrap_or_default()
                )?,
                Some(why) => writeln!(f, "FAIL  {} [{}]: {why}", r.name, r.file.display())?,
            }
        }
        writeln!(f, "policy set {}", self.policy_version)?;
        write!(f, "{} passed, {} failed", self.passed(), self.failed())
    }
}

/// Runs every `*.json` fixture in `dir` (not recursive) against `engine` in enforce mode. A
/// fixture that does not parse is a failed result naming the problem; only an unreadable
/// directory is an error.
pub fn run_fixture_dir(
    engine: &PolicyEngine,
    dir: impl AsRef<Path>,
) -> Result<Report, PolicyError> {
    let dir = dir.as_ref();
    let io = |path: PathBuf| move |source| PolicyError::Io { path, source };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir.to_owned()))? {
        let path = entry.map_err(io(dir.to_owned()))?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    let mut results = Vec::with_capacity(files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(io(file.clone()))?;
        results.push(run_one(engine, file, &text));
    }
    Ok(Report {
        policy_version: engine.version().to_owned(),
        results,
    })
}

fn run_one(engine: &PolicyEngine, file: PathBuf, text: &str) -> FixtureResult {
    let fixture: Fixture = match serde_json::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            return FixtureResult {
                name: file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                file,
                expected: None,
                got: None,
                policy_ids: Vec::new(),
                failure: Some(format!("fixture does not parse: {e}")),
            }
        }
    };
    let decision = engine.decide(&fixture.request, Mode::Enforce);
    let expected: Outcome = fixture.expect.into();
    let mut problems = Vec::new();
    if decision.would_be != expected {
        problems.push(format!(
            "expected {expected}, got {} (deciding: [{}]; reasons: {})",
            decision.would_be,
            decision.policy_ids.join(", "),
            decision.reasons.join(" | ")
        ));
    }
    let missing: Vec<&str> = fixture
        .expect_policy_ids
        .iter()
        .filter(|id| !decision.policy_ids.contains(id))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "expected deciding policies [{}] not among [{}]",
            missing.join(", "),
            decision.policy_ids.join(", ")
        ));
    }
    if let Some(err) = &decision.error {
        problems.push(format!("decision failed closed: {err}"));
    }
    FixtureResult {
        file,
        name: fixture.name,
        expected: Some(expected),
        got: Some(decision.would_be),
        policy_ids: decision.policy_ids,
        failure: if problems.is_empty() {
            None
        } else {
            Some(problems.join("; "))
        },
    }
}

/// What `validate_dir` found.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// `sha256:<hex>` of the set.
    pub policy_version: String,
    /// Files loaded.
    pub files: Vec<String>,
    /// Schema used.
    pub schema: SchemaSource,
    /// Every policy.
    pub policies: Vec<Arc<PolicyInfo>>,
    /// Validator warnings.
    pub warnings: Vec<SourceDiagnostic>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schema = match &self.schema {
            SchemaSource::Shipped => "shipped warden.cedarschema".to_owned(),
            SchemaSource::Override(n) => format!("override {n}"),
        };
        writeln!(f, "policy set {} ({schema})", self.policy_version)?;
        for p in &self.policies {
            let effect = match p.effect {
                crate::decision::PolicyEffect::Permit => "permit",
                crate::decision::PolicyEffect::Forbid if p.asks_approval() => "approval",
                crate::decision::PolicyEffect::Forbid => "forbid",
            };
            writeln!(f, "  {effect:<8} {:<40} {}:{}", p.id, p.file, p.line)?;
        }
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        write!(
            f,
            "{} policies in {} files valid",
            self.policies.len(),
            self.files.len()
        )
    }
}

/// Loads and validates a policy directory without keeping the engine.
pub fn validate_dir(dir: impl AsRef<Path>) -> Result<Summary, PolicyError> {
    let engine = PolicyEngine::from_dir(dir)?;
    Ok(Summary {
        policy_version: engine.version().to_owned(),
        files: engine.files().to_vec(),
        schema: engine.schema_source().clone(),
        policies: engine.policies().to_vec(),
        warnings: engine.warnings().to_vec(),
    })
}
