//! Loading policy sets and deciding.
//!
//! A [`PolicyEngine`] is immutable: loading (from a directory or from strings) parses every file,
//! gives every policy a stable id, validates the whole set against the schema in strict mode and
//! computes the set's version. Anything wrong is a [`PolicyError`] naming the file, line and
//! column, and no engine is produced, so a caller that reloads keeps its last good engine.
//! [`SharedEngine`] packages that pattern behind an atomic pointer swap.
//!
//! Deciding never fails: every problem becomes a deny (fail closed) with the reason attached.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Instant;

use arc_swap::ArcSwapOption;
use cedar_policy::{Effect as CedarEffect, PolicyId, PolicySet, Schema, ValidationMode, Validator};
use cedar_policy_core::evaluator::Evaluator;
use cedar_policy_core::extensions::Extensions;
use miette::Diagnostic;
use sha2::{Digest, Sha256};

use crate::decision::{
    Decision, DecisionError, Mode, Obligation, Outcome, PolicyEffect, PolicyInfo,
};
use crate::error::{Diagnostics, PolicyError, SourceDiagnostic};
use crate::index::Index;
use crate::request::PolicyRequest;
use crate::schema::{parse_schema, Mapper, SchemaSource, SHIPPED_SCHEMA, SHIPPED_SCHEMA_NAME};

/// File extension of policy files.
pub const POLICY_EXT: &str = "cedar";
/// File extension of a schema override.
pub const SCHEMA_EXT: &str = "cedarschema";

const DEFAULT_DENY_REASON: &str =
    "No Warden policy permits this call, so it is denied by default. \
If this call is part of the task, ask the person who runs Warden to add a permit policy for it.";
const FAIL_CLOSED_REASON: &str = "Warden could not evaluate its policy for this call, so it is \
denied (fail closed). This is not caused by the call itself: report it to the person who runs \
Warden, quoting the policy ids in this message.";
const NO_POLICY_REASON: &str = "Warden has no policy set loaded, so every call is denied (fail \
closed). Ask the person who runs Warden to load or fix the policy directory.";

/// An immutable, validated policy set, ready to decide.
pub struct PolicyEngine {
    index: Index,
    by_id: HashMap<PolicyId, Arc<PolicyInfo>>,
    policies: Vec<Arc<PolicyInfo>>,
    files: Vec<String>,
    version: String,
    schema_source: SchemaSource,
    warnings: Vec<SourceDiagnostic>,
    mapper: Mapper,
    /// The whole set as Cedar holds it, for checking the index against Cedar's authorizer.
    #[cfg(test)]
    reference: PolicySet,
}

impl std::fmt::Debug for PolicyEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicyEngine")
            .field("version", &self.version)
            .field("files", &self.files)
            .field("policies", &self.policies.len())
            .field("schema", &self.schema_source)
            .finish_non_exhaustive()
    }
}

impl PolicyEngine {
    /// Loads every `*.cedar` file of `dir` (not recursive; names starting with `.` are skipped)
    /// and, if present, one `*.cedarschema` that replaces the shipped schema.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self, PolicyError> {
        let dir = dir.as_ref();
        let files = read_policy_dir(dir)?;
        Self::load(&dir.display().to_string(), files)
    }

    /// Loads a policy set from `(file name, text)` pairs. Names ending in `.cedarschema` are a
    /// schema override; every other name is a policy file.
    pub fn from_strings<N, T>(files: impl IntoIterator<Item = (N, T)>) -> Result<Self, PolicyError>
    where
        N: Into<String>,
        T: Into<String>,
    {
        let files = files
            .into_iter()
            .map(|(n, t)| (n.into(), t.into()))
            .collect();
        Self::load("strings", files)
    }

    /// Builds a new engine from `dir`. `self` is untouched: on error, keep using it.
    pub fn reload_from_dir(&self, dir: impl AsRef<Path>) -> Result<Self, PolicyError> {
        Self::from_dir(dir)
    }

    /// `sha256:<hex>` over the sorted `(file name, content)` pairs, schema override included.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Every loaded policy, by file then position.
    pub fn policies(&self) -> &[Arc<PolicyInfo>] {
        &self.policies
    }

    /// The files loaded, sorted.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// Where the schema came from.
    pub fn schema_source(&self) -> &SchemaSource {
        &self.schema_source
    }

    /// Number of policies the index skips when their guard's fact is absent (see `index.rs`).
    pub fn guarded_policies(&self) -> usize {
        self.index.guarded()
    }

    /// Validator warnings (the set loaded anyway).
    pub fn warnings(&self) -> &[SourceDiagnostic] {
        &self.warnings
    }

    fn load(origin: &str, mut files: Vec<(String, String)>) -> Result<Self, PolicyError> {
        files.sort();
        let version = version_of(&files);

        let schemas: Vec<&(String, String)> = files
            .iter()
            .filter(|(n, _)| n.ends_with(&format!(".{SCHEMA_EXT}")))
            .collect();
        let (schema, schema_source) = match schemas.as_slice() {
            [] => (
                parse_schema(SHIPPED_SCHEMA_NAME, SHIPPED_SCHEMA)?,
                SchemaSource::Shipped,
            ),
            [(name, text)] => (
                parse_schema_located(name, text)?,
                SchemaSource::Override(name.clone()),
            ),
            many => {
                return Err(PolicyError::MultipleSchemas(
                    many.iter().map(|(n, _)| n.clone()).collect(),
                ))
            }
        };
        let schema_file = match &schema_source {
            SchemaSource::Shipped => SHIPPED_SCHEMA_NAME,
            SchemaSource::Override(n) => n.as_str(),
        };
        let mapper = Mapper::new(&schema, schema_file)?;
        let action_groups = mapper.action_groups();

        let mut all = PolicySet::new();
        let mut index = Index::default();
        let mut by_id: HashMap<PolicyId, Arc<PolicyInfo>> = HashMap::new();
        let mut policies = Vec::new();
        let mut syntax = Vec::new();
        let mut texts: HashMap<&str, &str> = HashMap::new();
        let policy_files: Vec<&(String, String)> = files
            .iter()
            .filter(|(n, _)| !n.ends_with(&format!(".{SCHEMA_EXT}")))
            .collect();

        for (name, text) in &policy_files {
            texts.insert(name.as_str(), text.as_str());
            let parsed = match PolicySet::from_str(text) {
                Ok(p) => p,
                Err(errs) => {
                    for e in errs.iter() {
                        syntax.push(locate(name, text, e, None));
                    }
                    continue;
                }
            };
            if parsed.templates().next().is_some() {
                return Err(PolicyError::Template { file: name.clone() });
            }
            let mut in_file: Vec<&cedar_policy::Policy> = parsed.policies().collect();
            in_file.sort_by_key(|p| cedar_index(p.id()));
            for (n, policy) in in_file.into_iter().enumerate() {
                let id = match policy.annotation("id") {
                    Some(id) if !id.trim().is_empty() => id.to_owned(),
                    Some(_) => {
                        return Err(PolicyError::Annotation {
                            file: name.clone(),
                            policy_id: format!("{name}#{n}"),
                            message: "@id(\"…\") must not be empty".to_owned(),
                        })
                    }
                    None => format!("{name}#{n}"),
                };
                let pid = PolicyId::new(&id);
                if let Some(prev) = by_id.get(&pid) {
                    return Err(PolicyError::DuplicateId {
                        id,
                        first: prev.file.clone(),
                        second: name.clone(),
                    });
                }
                let effect = match policy.effect() {
                    CedarEffect::Permit => PolicyEffect::Permit,
                    CedarEffect::Forbid => PolicyEffect::Forbid,
                };
                let obligations: Vec<Obligation> = policy
                    .annotation("obligation")
                    .map(|v| {
                        v.split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(Obligation::parse)
                            .collect()
                    })
                    .unwrap_or_default();
                if effect == PolicyEffect::Permit && obligations.contains(&Obligation::Approval) {
                    return Err(PolicyError::Annotation {
                        file: name.clone(),
                        policy_id: id,
                        message: "@obligation(\"approval\") only applies to a forbid (it turns \
                                  that forbid into approval-required); remove it or make the \
                                  policy a forbid"
                            .to_owned(),
                    });
                }
                let line = policy
                    .to_cedar()
                    .and_then(|src| text.find(&src))
                    .map(|off| line_col(text, off).0)
                    .unwrap_or(0);
                let info = Arc::new(PolicyInfo {
                    id: id.clone(),
                    effect,
                    file: name.clone(),
                    line,
                    reason: policy.annotation("reason").map(str::to_owned),
                    obligations,
                });
                let renamed = policy.new_id(pid.clone());
                let dup = |e: cedar_policy::PolicySetError| PolicyError::DuplicateId {
                    id: format!("{id} ({e})"),
                    first: name.clone(),
                    second: name.clone(),
                };
                index.add(&renamed, effect == PolicyEffect::Forbid, &action_groups);
                all.add(renamed).map_err(dup)?;
                by_id.insert(pid, info.clone());
                policies.push(info);
            }
        }
        if !syntax.is_empty() {
            return Err(PolicyError::Syntax(Diagnostics(syntax)));
        }
        if policies.is_empty() {
            return Err(PolicyError::Empty {
                origin: origin.to_owned(),
            });
        }

        let locate_in_policy = |pid: &PolicyId, diag: &dyn Diagnostic| {
            let info = by_id.get(pid);
            let file = info.map(|i| i.file.as_str()).unwrap_or("?");
            let text = texts.get(file).copied().unwrap_or("");
            locate(file, text, diag, Some(pid.to_string()))
        };
        let result = Validator::new(schema.clone()).validate(&all, ValidationMode::Strict);
        let errors: Vec<SourceDiagnostic> = result
            .validation_errors()
            .map(|e| locate_in_policy(e.policy_id(), e))
            .collect();
        if !errors.is_empty() {
            return Err(PolicyError::Validation(Diagnostics(errors)));
        }
        let warnings = result
            .validation_warnings()
            .map(|w| locate_in_policy(w.policy_id(), w))
            .collect();

        Ok(Self {
            index,
            by_id,
            policies,
            files: files.into_iter().map(|(n, _)| n).collect(),
            version,
            schema_source,
            warnings,
            mapper,
            #[cfg(test)]
            reference: all,
        })
    }

    /// Decides one call. Never panics and never fails open: a mapping or evaluation error is a
    /// deny with the error recorded. In [`Mode::Observe`] the result's `effective` is allow.
    pub fn decide(&self, req: &PolicyRequest, mode: Mode) -> Decision {
        let start = Instant::now();
        let mut d = self.evaluate(req);
        d.eval_time = start.elapsed();
        finish(d, mode)
    }

    fn evaluate(&self, req: &PolicyRequest) -> Decision {
        let (request, entities) = match self.mapper.map(req) {
            Ok(x) => x,
            Err(e) => {
                return self.failed(
                    DecisionError::Mapping { message: e.0 },
                    FAIL_CLOSED_REASON.to_owned(),
                    Vec::new(),
                )
            }
        };
        // The evaluator Cedar's authorizer builds for a request (`Authorizer::is_authorized`),
        // built once per decision and shared by every policy evaluated.
        let eval = Evaluator::new(request, &entities, Extensions::all_available());
        let outcome = self.index.evaluate(req, &eval);
        let mut matched: Vec<Arc<PolicyInfo>> = outcome
            .forbids
            .iter()
            .filter_map(|id| self.info(id))
            .collect();
        let forbid_count = matched.len();
        matched.extend(outcome.permits.iter().filter_map(|id| self.info(id)));
        // Deterministic order for the record: forbids then permits, by id.
        matched[..forbid_count].sort_by(|a, b| a.id.cmp(&b.id));
        matched[forbid_count..].sort_by(|a, b| a.id.cmp(&b.id));

        let errors = outcome.errors;
        if !errors.is_empty() {
            let ids: Vec<&str> = errors.iter().map(|(id, _)| id.as_str()).collect();
            let reason = format!("{FAIL_CLOSED_REASON} (policies: {})", ids.join(", "));
            return self.failed(DecisionError::Evaluation { errors }, reason, matched);
        }

        let forbids = &matched[..forbid_count];
        let hard: Vec<&Arc<PolicyInfo>> = forbids.iter().filter(|p| !p.asks_approval()).collect();
        let (outcome, deciding): (Outcome, Vec<&Arc<PolicyInfo>>) = if !hard.is_empty() {
            (Outcome::Deny, hard)
        } else if !forbids.is_empty() {
            (Outcome::ApprovalRequired, forbids.iter().collect())
        } else if matched.len() > forbid_count {
            (Outcome::Allow, matched[forbid_count..].iter().collect())
        } else {
            (Outcome::Deny, Vec::new())
        };

        let mut reasons = Vec::with_capacity(deciding.len());
        let mut obligations: Vec<Obligation> = Vec::new();
        for p in &deciding {
            match (&p.reason, outcome) {
                (Some(r), _) => reasons.push(r.clone()),
                (None, Outcome::Deny) => reasons.push(format!("Denied by policy `{}`.", p.id)),
                (None, Outcome::ApprovalRequired) => reasons.push(format!(
                    "Policy `{}` requires a human reviewer to approve this call.",
                    p.id
                )),
                (None, Outcome::Allow) => {}
            }
            for o in &p.obligations {
                if !obligations.contains(o) {
                    obligations.push(o.clone());
                }
            }
        }
        if outcome == Outcome::Deny && deciding.is_empty() {
            reasons.push(DEFAULT_DENY_REASON.to_owned());
        }
        let policy_ids = deciding.iter().map(|p| p.id.clone()).collect();
        Decision {
            mode: Mode::Enforce,
            effective: outcome,
            would_be: outcome,
            policy_ids,
            reasons,
            obligations,
            matched,
            policy_version: self.version.clone(),
            eval_time: Default::default(),
            error: None,
        }
    }

    fn info(&self, id: &PolicyId) -> Option<Arc<PolicyInfo>> {
        self.by_id.get(id).cloned()
    }

    fn failed(
        &self,
        error: DecisionError,
        reason: String,
        matched: Vec<Arc<PolicyInfo>>,
    ) -> Decision {
        Decision {
            mode: Mode::Enforce,
            effective: Outcome::Deny,
            would_be: Outcome::Deny,
            policy_ids: Vec::new(),
            reasons: vec![reason],
            obligations: Vec::new(),
            matched,
            policy_version: self.version.clone(),
            eval_time: Default::default(),
            error: Some(error),
        }
    }
}

fn finish(mut d: Decision, mode: Mode) -> Decision {
    d.mode = mode;
    d.effective = match mode {
        Mode::Enforce => d.would_be,
        Mode::Observe => Outcome::Allow,
    };
    d
}

/// The decision when no policy set is loaded: deny (fail closed), or allow-with-would-be-deny in
/// observe mode.
pub fn no_policy_decision(mode: Mode) -> Decision {
    finish(
        Decision {
            mode,
            effective: Outcome::Deny,
            would_be: Outcome::Deny,
            policy_ids: Vec::new(),
            reasons: vec![NO_POLICY_REASON.to_owned()],
            obligations: Vec::new(),
            matched: Vec::new(),
            policy_version: String::new(),
            eval_time: Default::default(),
            error: Some(DecisionError::NoPolicySet),
        },
        mode,
    )
}

/// An engine that can be replaced while requests are being decided: readers never block, a
/// reload swaps only when the new set loaded cleanly.
#[derive(Default)]
pub struct SharedEngine {
    current: ArcSwapOption<PolicyEngine>,
}

impl SharedEngine {
    /// Starts with `engine`.
    pub fn new(engine: PolicyEngine) -> Self {
        Self {
            current: ArcSwapOption::from_pointee(engine),
        }
    }

    /// Starts with no policy set: every decision denies until one is loaded.
    pub fn unloaded() -> Self {
        Self::default()
    }

    /// The current engine, if any.
    pub fn current(&self) -> Option<Arc<PolicyEngine>> {
        self.current.load_full()
    }

    /// The current policy version, if any.
    pub fn version(&self) -> Option<String> {
        self.current.load().as_ref().map(|e| e.version().to_owned())
    }

    /// Decides with the current engine; denies (fail closed) if none is loaded.
    pub fn decide(&self, req: &PolicyRequest, mode: Mode) -> Decision {
        match self.current.load().as_ref() {
            Some(engine) => engine.decide(req, mode),
            None => no_policy_decision(mode),
        }
    }

    /// Installs `engine`, returning the previous one.
    pub fn swap(&self, engine: PolicyEngine) -> Option<Arc<PolicyEngine>> {
        self.current.swap(Some(Arc::new(engine)))
    }

    /// Loads `dir` and swaps it in. On error the current engine stays in place and the error
    /// names the file, line and column.
    pub fn reload_from_dir(&self, dir: impl AsRef<Path>) -> Result<String, PolicyError> {
        let engine = PolicyEngine::from_dir(dir)?;
        let version = engine.version().to_owned();
        self.swap(engine);
        Ok(version)
    }
}

/// Reads `*.cedar` and `*.cedarschema` files of a directory.
pub(crate) fn read_policy_dir(dir: &Path) -> Result<Vec<(String, String)>, PolicyError> {
    let io = |path: PathBuf| move |source| PolicyError::Io { path, source };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir.to_owned()))? {
        let entry = entry.map_err(io(dir.to_owned()))?;
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let ext = path.extension().and_then(|e| e.to_str());
        if name.starts_with('.') || !matches!(ext, Some(POLICY_EXT) | Some(SCHEMA_EXT)) {
            continue;
        }
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(io(path.clone()))?;
        out.push((name, text));
    }
    Ok(out)
}

/// `sha256:<hex>` over sorted pairs, each encoded as `len(name) name len(text) text` with
/// 8-byte big-endian lengths (unambiguous).
pub(crate) fn version_of(sorted: &[(String, String)]) -> String {
    let mut h = Sha256::new();
    for (name, text) in sorted {
        h.update((name.len() as u64).to_be_bytes());
        h.update(name.as_bytes());
        h.update((text.len() as u64).to_be_bytes());
        h.update(text.as_bytes());
    }
    format!("sha256:{}", hex::encode(h.finalize()))
}

fn cedar_index(id: &PolicyId) -> usize {
    id.to_string()
        .strip_prefix("policy")
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

fn parse_schema_located(file: &str, text: &str) -> Result<Schema, PolicyError> {
    Schema::from_cedarschema_str(text)
        .map(|(s, _)| s)
        .map_err(|e| {
            let d = locate(file, text, &e, None);
            PolicyError::Schema {
                file: if d.line > 0 {
                    format!("{file}:{}:{}", d.line, d.column)
                } else {
                    file.to_owned()
                },
                message: d.message,
            }
        })
}

/// Message plus help text of a diagnostic.
pub(crate) fn render_diagnostic(d: &dyn Diagnostic) -> String {
    let mut s = d.to_string();
    if let Some(help) = d.help() {
        let _ = write!(s, " (help: {help})");
    }
    s
}

fn locate(
    file: &str,
    text: &str,
    d: &dyn Diagnostic,
    policy_id: Option<String>,
) -> SourceDiagnostic {
    let offset = d
        .labels()
        .and_then(|mut labels| labels.next())
        .map(|l| l.offset());
    let (line, column) = offset.map(|o| line_col(text, o)).unwrap_or((0, 0));
    SourceDiagnostic {
        file: file.to_owned(),
        line,
        column,
        policy_id,
        message: render_diagnostic(d),
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every policy evaluated alone by Cedar's own authorizer: (satisfied ids, errors), sorted.
    fn cedar_reference(
        engine: &PolicyEngine,
        req: &PolicyRequest,
    ) -> (Vec<String>, Vec<(String, String)>) {
        let (request, entities) = engine.mapper.map(req).expect("maps");
        let (request, entities) = (
            cedar_policy::Request::from(request),
            cedar_policy::Entities::from(entities),
        );
        let authorizer = cedar_policy::Authorizer::new();
        let mut satisfied = Vec::new();
        let mut errors = Vec::new();
        for p in engine.reference.policies() {
            let mut one = PolicySet::new();
            one.add(p.clone()).expect("adds");
            let r = authorizer.is_authorized(&request, &one, &entities);
            satisfied.extend(r.diagnostics().reason().map(|id| id.to_string()));
            errors.extend(r.diagnostics().errors().map(|e| match e {
                cedar_policy::AuthorizationError::PolicyEvaluationError(pe) => {
                    (pe.policy_id().to_string(), pe.inner().to_string())
                }
            }));
        }
        satisfied.sort();
        errors.sort();
        (satisfied, errors)
    }

    fn fixture_requests() -> Vec<PolicyRequest> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).expect("fixtures") {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "json") {
                let text = std::fs::read_to_string(&p).expect("read");
                let f: crate::Fixture = serde_json::from_str(&text).expect("fixture");
                out.push(f.request);
            }
        }
        out
    }

    /// The index (guards, precompiled conditions, one evaluator) matches, errors and all, what
    /// Cedar's authorizer finds policy by policy, on every fixture request and variations of
    /// its session, destinations and task facts.
    #[test]
    fn index_agrees_with_cedar_authorizer() {
        let extra = r#"
@id("x.owner") permit (principal, action in Warden::Action::"tool_call", resource)
when { principal has owner && principal.owner == "platform" && context.call.effect == Warden::Effect::"write" };
@id("x.names") forbid (principal, action == Warden::Action::"hook_tool_call", resource)
when { ["Bash", "Write"].contains(resource.name) && context.session.denies >= 2 };
@id("x.names_mcp") permit (principal, action in Warden::Action::"mcp_request", resource)
when { resource has name && ["search"].contains(resource.name) };
@id("x.host") forbid (principal, action, resource)
when { context.call.destinations.hosts.contains("paste.example") };
@id("x.mail") forbid (principal, action, resource)
when { context.call.destinations.email_domains.contains("rival.example") && context.call.flags.contains(Warden::Flag::"egress") };
@id("x.srv") permit (principal, action in Warden::Action::"mcp_request", resource in Warden::Server::"github")
when { context.call.effect == Warden::Effect::"read" };
@id("x.like") forbid (principal, action in Warden::Action::"tool_call", resource)
when { resource.name like "*e*" && context.call.effect != Warden::Effect::"read" };
@id("x.like2") forbid (principal, action == Warden::Action::"hook_tool_call", resource)
when { resource.name like "Bas*" };
@id("x.agent") forbid (principal == Warden::Agent::"spiffe://acme.dev/agent/reviewer", action, resource == Warden::Tool::"Bash")
when { context.session.calls >= 1 };
@id("x.agent2") permit (principal == Warden::Agent::"spiffe://acme.dev/agent/reviewer", action in Warden::Action::"mcp_request", resource);
@id("x.agent3") forbid (principal == Warden::Agent::"unattested:loopback", action, resource == Warden::Tool::"Bash")
when { context.session.denies >= 1 };
@id("x.overflow") forbid (principal, action, resource)
when { context.session.denies > 0 && context.session.calls + 9223372036854775807 > 0 };
"#;
        let mut files: Vec<(&str, &str)> = crate::DEFAULT_POLICIES.to_vec();
        files.push(("90-extra.cedar", extra));
        let engines = [
            crate::default_engine().expect("default"),
            PolicyEngine::from_strings(files).expect("extra"),
        ];
        let mut checked = 0;
        for base in fixture_requests() {
            for v in 0..6u32 {
                let mut req = base.clone();
                {
                    let s = req.session_mut();
                    s.denies += v % 3;
                    s.calls += v;
                    s.read_secret ^= v == 4;
                }
                if v == 5 {
                    let d = &mut req.call_mut().destinations;
                    d.hosts.push("paste.example".into());
                    d.email_domains.push("rival.example".into());
                }
                for engine in &engines {
                    let d = engine.decide(&req, Mode::Enforce);
                    let mut ids: Vec<String> = d.matched.iter().map(|p| p.id.clone()).collect();
                    ids.sort();
                    let mut errors = match &d.error {
                        Some(DecisionError::Evaluation { errors }) => errors.clone(),
                        _ => Vec::new(),
                    };
                    errors.sort();
                    assert_eq!((ids, errors), cedar_reference(engine, &req), "{req:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 900, "{checked}");
    }

    #[test]
    fn line_col_counts_from_one() {
        let t = "ab\ncd\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 4), (2, 2));
        assert_eq!(line_col(t, 100), (3, 1));
    }

    #[test]
    fn version_is_order_independent_and_content_sensitive() {
        let a = vec![
            ("a.cedar".to_owned(), "x".to_owned()),
            ("b.cedar".to_owned(), "y".to_owned()),
        ];
        let mut b = a.clone();
        b.reverse();
        b.sort();
        assert_eq!(version_of(&a), version_of(&b));
        let c = vec![
            ("a.cedar".to_owned(), "xb.cedar".to_owned()),
            ("".to_owned(), "y".to_owned()),
        ];
        assert_ne!(version_of(&a), version_of(&c));
        assert!(version_of(&a).starts_with("sha256:"));
    }
}
