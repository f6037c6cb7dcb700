//! Policy-set behaviour: fixtures against the default set, fail-closed cases, load errors,
//! obligations, modes, hot reload, explain.

use std::path::{Path, PathBuf};

use warden_policy::*;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn local() -> Principal {
    Principal::new(
        AgentId::parse("unattested:loopback").expect("agent id"),
        Tier::Assistant,
    )
}

fn bash(flags: &[Flag], effect: Effect) -> PolicyRequest {
    PolicyRequest::new(local(), ActionKind::HookToolCall, Target::tool("Bash"))
        .expect("request")
        .with_call(CallFacts::new(effect, flags.iter().copied()))
}

const PERMIT_ALL: &str = r#"
@id("allow.all")
@reason("everything is allowed in this test")
permit (principal, action, resource);
"#;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("warden-policy-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn default_set_passes_every_fixture() {
    let engine = default_engine().unwrap_or_else(|e| panic!("{e}"));
    let report = run_fixture_dir(&engine, fixtures_dir()).expect("fixture dir");
    println!("{report}");
    assert!(report.results.len() >= 60, "too few fixtures");
    assert!(report.is_success(), "{report}");
}

#[test]
fn every_guardrail_has_an_allow_and_a_deny_or_approval_fixture() {
    // Each forbid in the default set must be named as deciding by at least one fixture.
    let engine = default_engine().expect("default set");
    let report = run_fixture_dir(&engine, fixtures_dir()).expect("fixtures");
    for p in engine.policies() {
        let deciding = report
            .results
            .iter()
            .filter(|r| r.policy_ids.contains(&p.id))
            .count();
        assert!(deciding > 0, "no fixture exercises {}", p.id);
    }
    let allows = report
        .results
        .iter()
        .filter(|r| r.got == Some(Outcome::Allow))
        .count();
    let blocks = report.results.len() - allows;
    assert!(
        allows >= 30 && blocks >= 30,
        "allows {allows}, blocks {blocks}"
    );
}

#[test]
fn on_disk_default_set_is_the_compiled_in_one() {
    let disk = PolicyEngine::from_dir(DEFAULT_POLICY_DIR).unwrap_or_else(|e| panic!("{e}"));
    let built_in = default_engine().expect("default set");
    assert_eq!(disk.version(), built_in.version());
    assert_eq!(disk.files().len(), DEFAULT_POLICIES.len());
    let summary = validate_dir(DEFAULT_POLICY_DIR).expect("validate");
    assert_eq!(summary.policy_version, built_in.version());
    assert!(summary.warnings.is_empty(), "{summary}");
    assert!(summary.to_string().contains("policies in 6 files valid"));
}

#[test]
fn version_is_sha256_of_names_and_contents() {
    let a = PolicyEngine::from_strings([("a.cedar", PERMIT_ALL)]).expect("load");
    let b = PolicyEngine::from_strings([("b.cedar", PERMIT_ALL)]).expect("load");
    let a2 = PolicyEngine::from_strings([("a.cedar", PERMIT_ALL)]).expect("load");
    assert!(a.version().starts_with("sha256:") && a.version().len() == 7 + 64);
    assert_ne!(a.version(), b.version(), "file name is part of the version");
    assert_eq!(a.version(), a2.version());
}

// ---- fail closed ------------------------------------------------------------------------------

#[test]
fn evaluation_error_denies_with_reason_even_if_a_permit_matches() {
    // Overflows (an evaluation error) once the session has any deny; strict validation cannot
    // see that coming.
    let erroring = r#"
@id("guard.overflows")
@reason("never shown")
forbid (principal, action, resource)
when { context.session.denies + 9223372036854775807 < 0 };
"#;
    let engine =
        PolicyEngine::from_strings([("a.cedar", PERMIT_ALL), ("b.cedar", erroring)]).expect("load");
    let mut req = bash(&[], Effect::Execute);
    assert_eq!(
        engine.decide(&req, Mode::Enforce).effective,
        Outcome::Allow,
        "no error without denies"
    );
    req.session_mut().denies = 1;
    let d = engine.decide(&req, Mode::Enforce);
    assert_eq!(d.effective, Outcome::Deny);
    let Some(DecisionError::Evaluation { errors }) = &d.error else {
        panic!("expected an evaluation error, got {:?}", d.error)
    };
    assert_eq!(errors[0].0, "guard.overflows");
    assert!(errors[0].1.contains("overflow"), "{errors:?}");
    assert!(d.reasons[0].contains("fail closed"), "{:?}", d.reasons);
    assert!(explain(&d).contains("guard.overflows"));
    // Observe mode records the deny but lets the call run.
    let o = engine.decide(&req, Mode::Observe);
    assert_eq!((o.effective, o.would_be), (Outcome::Allow, Outcome::Deny));
    assert!(o.error.is_some());
}

#[test]
fn optional_attribute_without_has_is_rejected_at_load_with_location() {
    // The classic Cedar runtime error (absent optional attribute) is caught by strict validation
    // before it can reach a decision.
    let text = "permit (principal, action, resource)\nwhen { context.task.seconds_left > 0 };\n";
    let err = PolicyEngine::from_strings([("deadline.cedar", text)]).expect_err("must not load");
    let PolicyError::Validation(diags) = &err else {
        panic!("expected a validation error, got {err}")
    };
    let d = &diags.0[0];
    assert_eq!((d.file.as_str(), d.line), ("deadline.cedar", 2));
    assert!(d.column > 1);
    assert!(err.to_string().contains("deadline.cedar:2:"), "{err}");
    assert!(err.to_string().contains("seconds_left"), "{err}");
}

#[test]
fn missing_or_empty_policy_set_denies() {
    let none: [(&str, &str); 0] = [];
    let err = PolicyEngine::from_strings(none).expect_err("empty set");
    assert!(matches!(err, PolicyError::Empty { .. }), "{err}");
    let comments_only = PolicyEngine::from_strings([("x.cedar", "// nothing here\n")]);
    assert!(matches!(comments_only, Err(PolicyError::Empty { .. })));

    let dir = temp_dir("empty");
    assert!(matches!(
        PolicyEngine::from_dir(&dir),
        Err(PolicyError::Empty { .. })
    ));
    let missing = dir.join("does-not-exist");
    let err = PolicyEngine::from_dir(&missing).expect_err("missing dir");
    assert!(err.to_string().contains("does-not-exist"), "{err}");

    let shared = SharedEngine::unloaded();
    let req = bash(&[], Effect::Read);
    let d = shared.decide(&req, Mode::Enforce);
    assert_eq!(d.effective, Outcome::Deny);
    assert_eq!(d.error, Some(DecisionError::NoPolicySet));
    assert!(d.reasons[0].contains("no policy set"), "{:?}", d.reasons);
    let o = shared.decide(&req, Mode::Observe);
    assert_eq!((o.effective, o.would_be), (Outcome::Allow, Outcome::Deny));
}

#[test]
fn no_matching_permit_is_a_default_deny_with_reason() {
    let only_model =
        r#"@id("m") permit (principal, action == Warden::Action::"model_call", resource);"#;
    let engine = PolicyEngine::from_strings([("m.cedar", only_model)]).expect("load");
    let d = engine.decide(&bash(&[], Effect::Read), Mode::Enforce);
    assert_eq!(d.effective, Outcome::Deny);
    assert!(d.policy_ids.is_empty() && d.error.is_none());
    assert!(d.reasons[0].contains("denied by default"));
}

// ---- load errors --------------------------------------------------------------------------------

#[test]
fn syntax_error_names_file_line_and_column() {
    let bad = "@id(\"ok\")\npermit (principal, action, resource);\n\nforbid (principal, action resource);\n";
    let err = PolicyEngine::from_strings([("a.cedar", PERMIT_ALL), ("broken.cedar", bad)])
        .expect_err("syntax");
    let PolicyError::Syntax(diags) = &err else {
        panic!("{err}")
    };
    assert_eq!(diags.0[0].file, "broken.cedar");
    assert_eq!(diags.0[0].line, 4);
    assert!(err.to_string().contains("broken.cedar:4:"), "{err}");
}

#[test]
fn misspelt_flag_fails_validation() {
    let typo = r#"forbid (principal, action, resource) when { context.call.flags.contains(Warden::Flag::"egres") };"#;
    let err = PolicyEngine::from_strings([("a.cedar", PERMIT_ALL), ("typo.cedar", typo)])
        .expect_err("typo");
    assert!(matches!(err, PolicyError::Validation(_)), "{err}");
    assert!(err.to_string().contains("typo.cedar:1:"), "{err}");
}

#[test]
fn duplicate_ids_templates_and_permit_approval_are_rejected() {
    let err = PolicyEngine::from_strings([("a.cedar", PERMIT_ALL), ("b.cedar", PERMIT_ALL)])
        .expect_err("dup");
    assert!(
        matches!(&err, PolicyError::DuplicateId { id, .. } if id == "allow.all"),
        "{err}"
    );
    let template = "permit (principal == ?principal, action, resource);";
    assert!(matches!(
        PolicyEngine::from_strings([("t.cedar", template)]),
        Err(PolicyError::Template { .. })
    ));
    let permit_approval = r#"@obligation("approval") permit (principal, action, resource);"#;
    let err = PolicyEngine::from_strings([("p.cedar", permit_approval)]).expect_err("annotation");
    assert!(
        err.to_string().contains("only applies to a forbid"),
        "{err}"
    );
}

#[test]
fn policies_without_id_get_file_based_ids() {
    let two = "permit (principal, action, resource);\nforbid (principal, action, resource) when { context.session.denies > 100 };\n";
    let engine = PolicyEngine::from_strings([("base.cedar", two)]).expect("load");
    let ids: Vec<&str> = engine.policies().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["base.cedar#0", "base.cedar#1"]);
    assert_eq!(engine.policies()[1].line, 2);
}

// ---- obligations and outcomes -------------------------------------------------------------------

const GUARDS: &str = r#"
@id("g.approval")
@obligation("approval, notify")
@reason("needs a human")
forbid (principal, action, resource)
when { context.call.flags.contains(Warden::Flag::"dangerous_command") };

@id("g.hard")
@reason("never")
forbid (principal, action, resource)
when { context.call.flags.contains(Warden::Flag::"oversight_tamper") };
"#;

#[test]
fn approval_obligation_turns_forbid_into_approval_unless_a_hard_forbid_matches() {
    let engine =
        PolicyEngine::from_strings([("a.cedar", PERMIT_ALL), ("g.cedar", GUARDS)]).expect("load");
    let d = engine.decide(
        &bash(&[Flag::DangerousCommand], Effect::Execute),
        Mode::Enforce,
    );
    assert_eq!(d.effective, Outcome::ApprovalRequired);
    assert_eq!(d.policy_ids, ["g.approval"]);
    assert_eq!(
        d.obligations,
        [Obligation::Approval, Obligation::Other("notify".into())]
    );
    assert_eq!(d.reasons, ["needs a human"]);
    // the permit that also matched is on record
    assert_eq!(
        d.matched_permits()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        ["allow.all"]
    );

    let d = engine.decide(
        &bash(
            &[Flag::DangerousCommand, Flag::OversightTamper],
            Effect::Execute,
        ),
        Mode::Enforce,
    );
    assert_eq!(d.effective, Outcome::Deny);
    assert_eq!(d.policy_ids, ["g.hard"]);
    assert_eq!(d.matched_forbids().count(), 2);

    let d = engine.decide(&bash(&[], Effect::Execute), Mode::Enforce);
    assert_eq!(d.effective, Outcome::Allow);
    assert_eq!(d.policy_ids, ["allow.all"]);
}

#[test]
fn observe_mode_never_blocks_but_records_would_be() {
    let engine = default_engine().expect("default");
    let req = bash(&[Flag::RemoteCode, Flag::Egress], Effect::Execute);
    let e = engine.decide(&req, Mode::Enforce);
    let o = engine.decide(&req, Mode::Observe);
    assert_eq!((e.effective, e.would_be), (Outcome::Deny, Outcome::Deny));
    assert_eq!((o.effective, o.would_be), (Outcome::Allow, Outcome::Deny));
    assert_eq!(o.policy_ids, e.policy_ids);
    assert!(o.is_allowed() && !e.is_allowed());
    let text = explain(&o);
    assert!(
        text.contains("observe") && text.contains("would be deny"),
        "{text}"
    );
}

#[test]
fn explain_names_policies_reasons_and_version() {
    let engine = default_engine().expect("default");
    let d = engine.decide(
        &bash(
            &[
                Flag::DangerousCommand,
                Flag::Destructive,
                Flag::OutsideWorkspace,
            ],
            Effect::Execute,
        ),
        Mode::Enforce,
    );
    assert_eq!(d.effective, Outcome::ApprovalRequired);
    let text = explain(&d);
    for needle in [
        "approval required",
        "exec.dangerous_command",
        "exec.destructive_outside_workspace",
        "30-exec.cedar:",
        engine.version(),
        "matched permits:",
        "obligations: approval",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert!(d
        .message()
        .starts_with("Held by Warden policy for human approval"));
    // Decisions serialize for the record and come back equal.
    let json = serde_json::to_string(&d).expect("serialize");
    let back: Decision = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, d);
    assert!(json.contains("\"eval_time_ns\""));
}

// ---- reload and schema override -----------------------------------------------------------------

#[test]
fn shared_engine_keeps_last_good_set_on_broken_reload() {
    let dir = temp_dir("reload");
    std::fs::write(dir.join("a.cedar"), PERMIT_ALL).expect("write");
    std::fs::write(dir.join("notes.md"), "ignored").expect("write");
    let shared = SharedEngine::new(PolicyEngine::from_dir(&dir).expect("load"));
    let v1 = shared.version().expect("loaded");
    let req = bash(&[], Effect::Read);
    assert!(shared.decide(&req, Mode::Enforce).is_allowed());

    std::fs::write(
        dir.join("b.cedar"),
        "forbid (principal, action, resource) when {",
    )
    .expect("write");
    let err = shared.reload_from_dir(&dir).expect_err("broken");
    assert!(err.to_string().contains("b.cedar:1:"), "{err}");
    assert_eq!(shared.version().as_deref(), Some(v1.as_str()));
    assert!(shared.decide(&req, Mode::Enforce).is_allowed());

    std::fs::write(
        dir.join("b.cedar"),
        r#"@id("no.bash") forbid (principal, action, resource == Warden::Tool::"Bash");"#,
    )
    .expect("write");
    let v2 = shared.reload_from_dir(&dir).expect("good reload");
    assert_ne!(v1, v2);
    let d = shared.decide(&req, Mode::Enforce);
    assert_eq!(
        (d.effective, d.policy_version.as_str()),
        (Outcome::Deny, v2.as_str())
    );
}

#[test]
fn schema_override_is_used_and_checked_against_the_facts() {
    let dir = temp_dir("override");
    std::fs::write(dir.join("a.cedar"), PERMIT_ALL).expect("write");
    // A compatible override: the shipped schema plus an extra entity type.
    let extended = format!("{SHIPPED_SCHEMA}\nnamespace Team {{ entity Group; }}\n");
    std::fs::write(dir.join("team.cedarschema"), extended).expect("write");
    let engine = PolicyEngine::from_dir(&dir).expect("load with override");
    assert_eq!(
        engine.schema_source(),
        &SchemaSource::Override("team.cedarschema".into())
    );
    // An incompatible override: drops an attribute the gateway always sends.
    let narrowed = SHIPPED_SCHEMA.replace("\"root\": String,", "");
    std::fs::write(dir.join("team.cedarschema"), narrowed).expect("write");
    let err = PolicyEngine::from_dir(&dir).expect_err("mismatch");
    assert!(matches!(err, PolicyError::SchemaMismatch { .. }), "{err}");
    // A schema that does not parse names its location.
    std::fs::write(
        dir.join("team.cedarschema"),
        "namespace Warden { entity ; }",
    )
    .expect("write");
    let err = PolicyEngine::from_dir(&dir).expect_err("schema syntax");
    assert!(err.to_string().contains("team.cedarschema:1:"), "{err}");
}

#[test]
fn action_group_and_server_hierarchy_work() {
    let text = r#"
@id("github.only")
permit (principal, action in Warden::Action::"mcp_request", resource in Warden::Server::"github");
"#;
    let engine = PolicyEngine::from_strings([("g.cedar", text)]).expect("load");
    let gh = PolicyRequest::new(
        local(),
        ActionKind::McpToolsCall,
        Target::mcp_tool("github", "get_issue"),
    )
    .expect("req");
    let slack = PolicyRequest::new(
        local(),
        ActionKind::McpToolsCall,
        Target::mcp_tool("slack", "post"),
    )
    .expect("req");
    let hook = PolicyRequest::new(
        local(),
        ActionKind::HookToolCall,
        Target::mcp_tool("github", "mcp__github__get_issue"),
    )
    .expect("req");
    assert!(engine.decide(&gh, Mode::Enforce).is_allowed());
    assert!(!engine.decide(&slack, Mode::Enforce).is_allowed());
    assert!(
        !engine.decide(&hook, Mode::Enforce).is_allowed(),
        "hook calls are not mcp_request"
    );
}

#[test]
fn fixture_runner_reports_unparseable_and_wrong_fixtures() {
    let dir = temp_dir("fixtures");
    std::fs::write(dir.join("bad.json"), "{ not json").expect("write");
    let wrong = serde_json::json!({
        "name": "wrong expectation",
        "request": {
            "principal": {"id": "unattested:loopback", "tier": "assistant"},
            "action": "hook_tool_call",
            "resource": {"kind": "tool", "name": "Read"},
            "call": {"effect": "read"}
        },
        "expect": "deny",
        "expect_policy_ids": ["nope"]
    });
    std::fs::write(dir.join("wrong.json"), wrong.to_string()).expect("write");
    let engine = default_engine().expect("default");
    let report = run_fixture_dir(&engine, &dir).expect("run");
    assert_eq!((report.passed(), report.failed()), (0, 2));
    let text = report.to_string();
    assert!(text.contains("does not parse"), "{text}");
    assert!(text.contains("expected deny, got allow"), "{text}");
    assert!(text.contains("0 passed, 2 failed"), "{text}");
}

fn hop_request(from: &str, to: &str, to_tier: Tier) -> PolicyRequest {
    let principal = Principal::new(
        AgentId::parse(&format!("spiffe://acme.dev/agent/{from}")).expect("id"),
        Tier::Executor,
    );
    let delegate = Target::Agent {
        id: AgentId::parse(&format!("spiffe://acme.dev/agent/{to}")).expect("id"),
        tier: to_tier,
        owner: None,
    };
    let facts = DelegationFacts {
        task_id: "tsk_1".to_owned(),
        depth: 1,
        max_depth: 3,
        parent_scope: DelegatedScope {
            tools: Some(vec!["Read".to_owned(), "Bash".to_owned()]),
            ..DelegatedScope::default()
        },
        requested_scope: DelegatedScope {
            tools: Some(vec!["Read".to_owned()]),
            ..DelegatedScope::default()
        },
        may_act: None,
    };
    PolicyRequest::delegation(principal, delegate, facts).expect("hop")
}

#[test]
fn delegation_hops_are_decided_by_policy_on_their_own() {
    // Default set: an executor hands on to an executor or a read-only agent.
    let engine = default_engine().expect("default set");
    for tier in [Tier::Executor, Tier::ReadOnly] {
        let d = engine.decide(&hop_request("planner", "researcher", tier), Mode::Enforce);
        assert_eq!(d.effective, Outcome::Allow, "{}", explain(&d));
        assert!(d.policy_ids.iter().any(|p| p == "delegation.permit"));
    }
    // A custom set can forbid one hop by the facts of the hop: who, to whom, what scope.
    let dir = temp_dir("delegation");
    std::fs::write(
        dir.join("hops.cedar"),
        r#"
@id("allow.all")
@reason("everything else is allowed in this test")
permit (principal, action, resource);

@id("no.reader_with_bash_parent")
@reason("the researcher never takes work over from a task that could run Bash")
forbid (principal, action == Warden::Action::"delegate", resource == Warden::Agent::"spiffe://acme.dev/agent/researcher")
when {
  context has delegation &&
  context.delegation.parent_scope.tools.entries.contains("Bash") &&
  context.delegation.requested_scope.tools.declared &&
  context.delegation.depth == 1 &&
  resource.delegation_chain.contains("spiffe://acme.dev/agent/planner")
};
"#,
    )
    .expect("write");
    let engine = PolicyEngine::from_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    let d = engine.decide(
        &hop_request("planner", "researcher", Tier::Executor),
        Mode::Enforce,
    );
    assert_eq!(d.effective, Outcome::Deny, "{}", explain(&d));
    assert_eq!(d.policy_ids, vec!["no.reader_with_bash_parent".to_owned()]);
    assert!(
        d.message().contains("never takes work over"),
        "{}",
        d.message()
    );
    // Observe mode records the would-be deny and lets the hop through.
    let d = engine.decide(
        &hop_request("planner", "researcher", Tier::Executor),
        Mode::Observe,
    );
    assert_eq!(d.effective, Outcome::Allow);
    assert_eq!(d.would_be, Outcome::Deny);
    let d = engine.decide(
        &hop_request("planner", "summarizer", Tier::Executor),
        Mode::Enforce,
    );
    assert_eq!(d.effective, Outcome::Allow, "{}", explain(&d));
    let _ = std::fs::remove_dir_all(&dir);
}
