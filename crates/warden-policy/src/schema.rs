//! The Cedar schema and the mapping of a [`PolicyRequest`] onto it.
//!
//! The shipped schema (`schema/warden.cedarschema`, namespace `Warden`) is compiled into the
//! crate. A [`Mapper`] is built once per loaded policy set: it resolves every entity type, enum
//! value and action uid up front so that turning a request into Cedar's `Request` + `Entities` on
//! the hot path is only allocation of the values themselves, with no parsing. The mapping is
//! checked against the schema once at load time ([`Mapper::new`] builds a probe request that uses
//! every fact and validates it), not on every decision.

use std::str::FromStr;

use cedar_policy::{
    Context, Entities, Entity, EntityId, EntityTypeName, EntityUid, Request, RestrictedExpression,
    Schema,
};

use crate::error::PolicyError;
use crate::request::{
    ActionKind, AgentId, CallFacts, Effect, EffectSource, Flag, PolicyRequest, Principal,
    ScopeCheck, SessionFacts, Target, TaskFacts, TaskScope, Tier,
};

/// File name of the shipped schema.
pub const SHIPPED_SCHEMA_NAME: &str = "warden.cedarschema";

/// The shipped schema text.
pub const SHIPPED_SCHEMA: &str = include_str!("../schema/warden.cedarschema");

/// Where the schema of a loaded policy set came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "source", content = "file")]
pub enum SchemaSource {
    /// The schema compiled into this crate.
    Shipped,
    /// An override file from the policy directory.
    Override(String),
}

/// Parses a schema in Cedar's human-readable format.
pub fn parse_schema(file: &str, text: &str) -> Result<Schema, PolicyError> {
    Schema::from_cedarschema_str(text)
        .map(|(schema, _warnings)| schema)
        .map_err(|e| PolicyError::Schema {
            file: file.to_owned(),
            message: crate::engine::render_diagnostic(&e),
        })
}

/// Why a request could not be turned into a Cedar request (decisions fail closed on this).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MappingError(pub String);

/// Pre-resolved Cedar names for one schema.
pub(crate) struct Mapper {
    agent: EntityTypeName,
    tool: EntityTypeName,
    server: EntityTypeName,
    resource: EntityTypeName,
    prompt: EntityTypeName,
    model: EntityTypeName,
    actions: [EntityUid; 5],
    action_entities: Vec<Entity>,
    tiers: [RestrictedExpression; 3],
    effects: [RestrictedExpression; 5],
    effect_sources: [RestrictedExpression; 5],
    flags: [RestrictedExpression; 11],
}

fn type_name(name: &str) -> Result<EntityTypeName, PolicyError> {
    EntityTypeName::from_str(name).map_err(|e| PolicyError::Schema {
        file: SHIPPED_SCHEMA_NAME.to_owned(),
        message: format!("bad entity type name {name}: {e}"),
    })
}

fn enum_value(ty: &EntityTypeName, id: &str) -> RestrictedExpression {
    RestrictedExpression::new_entity_uid(EntityUid::from_type_name_and_id(
        ty.clone(),
        EntityId::new(id),
    ))
}

impl Mapper {
    /// Resolves names and checks, with a probe request that uses every fact, that `schema`
    /// accepts what [`Mapper::map`] produces.
    pub(crate) fn new(schema: &Schema, schema_file: &str) -> Result<Self, PolicyError> {
        let action_ty = type_name("Warden::Action")?;
        let tier_ty = type_name("Warden::Tier")?;
        let effect_ty = type_name("Warden::Effect")?;
        let source_ty = type_name("Warden::EffectSource")?;
        let flag_ty = type_name("Warden::Flag")?;
        let mismatch = |message: String| PolicyError::SchemaMismatch {
            file: schema_file.to_owned(),
            message,
        };
        let action_entities: Vec<Entity> = schema
            .action_entities()
            .map_err(|e| mismatch(format!("cannot build action entities: {e}")))?
            .iter()
            .cloned()
            .collect();
        let mapper = Mapper {
            agent: type_name("Warden::Agent")?,
            tool: type_name("Warden::Tool")?,
            server: type_name("Warden::Server")?,
            resource: type_name("Warden::Resource")?,
            prompt: type_name("Warden::Prompt")?,
            model: type_name("Warden::Model")?,
            actions: ActionKind::ALL.map(|a| {
                EntityUid::from_type_name_and_id(action_ty.clone(), EntityId::new(a.as_str()))
            }),
            action_entities,
            tiers: Tier::ALL.map(|t| enum_value(&tier_ty, t.as_str())),
            effects: Effect::ALL.map(|e| enum_value(&effect_ty, e.as_str())),
            effect_sources: EffectSource::ALL.map(|e| enum_value(&source_ty, e.as_str())),
            flags: Flag::ALL.map(|f| enum_value(&flag_ty, f.as_str())),
        };
        for probe in probe_requests() {
            let (request, entities) = mapper
                .map(&probe)
                .map_err(|e| mismatch(format!("mapping a probe request failed: {e}")))?;
            // Validate the probe against the schema: entities (with the schema's action entities)
            // and the request's context for this action.
            let non_action: Vec<Entity> = entities
                .iter()
                .filter(|e| e.uid().type_name() != &action_ty)
                .cloned()
                .collect();
            Entities::from_entities(non_action, Some(schema)).map_err(|e| {
                mismatch(format!(
                    "entities for `{}`: {}",
                    probe.action().as_str(),
                    crate::engine::render_diagnostic(&e)
                ))
            })?;
            let (Some(p), Some(a), Some(r), Some(c)) = (
                request.principal(),
                request.action(),
                request.resource(),
                request.context(),
            ) else {
                return Err(mismatch("probe request lost a component".to_owned()));
            };
            Request::new(p.clone(), a.clone(), r.clone(), c.clone(), Some(schema)).map_err(
                |e| {
                    mismatch(format!(
                        "request for `{}`: {}",
                        probe.action().as_str(),
                        crate::engine::render_diagnostic(&e)
                    ))
                },
            )?;
        }
        Ok(mapper)
    }

    fn action_index(a: ActionKind) -> usize {
        match a {
            ActionKind::HookToolCall => 0,
            ActionKind::McpToolsCall => 1,
            ActionKind::McpResourcesRead => 2,
            ActionKind::McpPromptsGet => 3,
            ActionKind::ModelCall => 4,
        }
    }

    /// Builds the Cedar request and entity store for one decision (hot path).
    pub(crate) fn map(&self, req: &PolicyRequest) -> Result<(Request, Entities), MappingError> {
        let principal = req.principal();
        let agent_uid = EntityUid::from_type_name_and_id(
            self.agent.clone(),
            EntityId::new(principal.id.as_str()),
        );
        let agent = self.agent_entity(agent_uid.clone(), principal)?;

        let mut entities = Vec::with_capacity(3 + self.action_entities.len());
        entities.push(agent);
        let resource_uid = self.target_entities(req.resource(), &mut entities)?;
        entities.extend(self.action_entities.iter().cloned());

        let context = Context::from_pairs([
            ("call".to_owned(), self.call_record(req.call())?),
            ("task".to_owned(), task_record(req.task())?),
            ("session".to_owned(), session_record(req.session())?),
        ])
        .map_err(|e| MappingError(format!("context: {e}")))?;

        let request = Request::new(
            agent_uid,
            self.actions[Self::action_index(req.action())].clone(),
            resource_uid,
            context,
            None,
        )
        .map_err(|e| MappingError(format!("request: {e}")))?;
        let entities = Entities::from_entities(entities, None)
            .map_err(|e| MappingError(format!("entities: {e}")))?;
        Ok((request, entities))
    }

    fn agent_entity(&self, uid: EntityUid, p: &Principal) -> Result<Entity, MappingError> {
        let tier = self.tiers[match p.tier {
            Tier::ReadOnly => 0,
            Tier::Assistant => 1,
            Tier::Executor => 2,
        }]
        .clone();
        let mut attrs = vec![
            ("tier".to_owned(), tier),
            (
                "attested".to_owned(),
                RestrictedExpression::new_bool(p.attested()),
            ),
            (
                "delegation_depth".to_owned(),
                RestrictedExpression::new_long(clamp_i64(p.delegation_depth())),
            ),
            (
                "delegation_chain".to_owned(),
                RestrictedExpression::new_set(
                    p.delegation
                        .iter()
                        .map(|a| RestrictedExpression::new_string(a.as_str().to_owned())),
                ),
            ),
            (
                "root".to_owned(),
                RestrictedExpression::new_string(p.root().as_str().to_owned()),
            ),
        ];
        if let Some(owner) = &p.owner {
            attrs.push((
                "owner".to_owned(),
                RestrictedExpression::new_string(owner.clone()),
            ));
        }
        Entity::new_with_tags(uid, attrs, [], [])
            .map_err(|e| MappingError(format!("agent entity: {e}")))
    }

    /// Pushes the target (and its server) and returns the target's uid.
    fn target_entities(
        &self,
        target: &Target,
        out: &mut Vec<Entity>,
    ) -> Result<EntityUid, MappingError> {
        let (ty, key_attr, key, extra) = match target {
            Target::Tool { name, .. } => (&self.tool, "name", name, None),
            Target::Resource { uri, .. } => (&self.resource, "uri", uri, None),
            Target::Prompt { name, .. } => (&self.prompt, "name", name, None),
            Target::Model { name, provider } => (
                &self.model,
                "name",
                name,
                provider.as_ref().map(|p| ("provider", p)),
            ),
        };
        let uid = EntityUid::from_type_name_and_id(ty.clone(), EntityId::new(key));
        let mut attrs = vec![(
            key_attr.to_owned(),
            RestrictedExpression::new_string(key.clone()),
        )];
        if let Some((k, v)) = extra {
            attrs.push((k.to_owned(), RestrictedExpression::new_string(v.clone())));
        }
        let mut parents = Vec::new();
        if let Some(server) = target.server() {
            attrs.push((
                "server".to_owned(),
                RestrictedExpression::new_string(server.to_owned()),
            ));
            let server_uid =
                EntityUid::from_type_name_and_id(self.server.clone(), EntityId::new(server));
            let server_entity = Entity::new_with_tags(
                server_uid.clone(),
                [(
                    "name".to_owned(),
                    RestrictedExpression::new_string(server.to_owned()),
                )],
                [],
                [],
            )
            .map_err(|e| MappingError(format!("server entity: {e}")))?;
            out.push(server_entity);
            parents.push(server_uid);
        }
        let entity = Entity::new_with_tags(uid.clone(), attrs, parents, [])
            .map_err(|e| MappingError(format!("resource entity: {e}")))?;
        out.push(entity);
        Ok(uid)
    }

    fn call_record(&self, call: &CallFacts) -> Result<RestrictedExpression, MappingError> {
        let d = &call.destinations;
        let destinations = record([
            ("hosts", strings(&d.hosts)),
            ("email_domains", strings(&d.email_domains)),
            ("emails", strings(&d.emails)),
            ("accounts", strings(&d.accounts)),
            ("urls", strings(&d.urls)),
            ("paths", strings(&d.paths)),
        ])?;
        let effect = self.effects[Effect::ALL
            .iter()
            .position(|e| *e == call.effect)
            .unwrap_or(4)]
        .clone();
        let source = self.effect_sources[EffectSource::ALL
            .iter()
            .position(|e| *e == call.effect_source)
            .unwrap_or(4)]
        .clone();
        let flags =
            RestrictedExpression::new_set(call.flags.iter().map(|f| self.flags[f.index()].clone()));
        record([
            ("effect", effect),
            ("effect_source", source),
            ("flags", flags),
            ("destinations", destinations),
            ("command_words", strings(&call.command_words)),
            ("labels", strings(&call.labels)),
        ])
    }
}

fn clamp_i64<T: TryInto<i64>>(v: T) -> i64 {
    v.try_into().unwrap_or(i64::MAX)
}

fn strings(values: &[String]) -> RestrictedExpression {
    RestrictedExpression::new_set(
        values
            .iter()
            .map(|s| RestrictedExpression::new_string(s.clone())),
    )
}

fn record<const N: usize>(
    fields: [(&str, RestrictedExpression); N],
) -> Result<RestrictedExpression, MappingError> {
    RestrictedExpression::new_record(fields.into_iter().map(|(k, v)| (k.to_owned(), v)))
        .map_err(|e| MappingError(format!("record: {e}")))
}

fn scope_list(check: Option<&ScopeCheck>) -> Result<RestrictedExpression, MappingError> {
    let (declared, in_scope, entries) = match check {
        Some(c) => (true, c.in_scope, strings(&c.declared)),
        None => (false, true, RestrictedExpression::new_set([])),
    };
    record([
        ("declared", RestrictedExpression::new_bool(declared)),
        ("in_scope", RestrictedExpression::new_bool(in_scope)),
        ("entries", entries),
    ])
}

fn task_record(task: Option<&TaskFacts>) -> Result<RestrictedExpression, MappingError> {
    let empty = TaskScope::default();
    let scope = task.map(|t| &t.scope).unwrap_or(&empty);
    let scope = record([
        ("tools", scope_list(scope.tools.as_ref())?),
        ("servers", scope_list(scope.servers.as_ref())?),
        ("resources", scope_list(scope.resources.as_ref())?),
        ("destinations", scope_list(scope.destinations.as_ref())?),
    ])?;
    let mut fields = vec![
        (
            "declared".to_owned(),
            RestrictedExpression::new_bool(task.is_some()),
        ),
        ("scope".to_owned(), scope),
    ];
    if let Some(t) = task {
        fields.push((
            "objective".to_owned(),
            RestrictedExpression::new_string(t.objective.clone()),
        ));
        if let Some(s) = t.seconds_left {
            fields.push(("seconds_left".to_owned(), RestrictedExpression::new_long(s)));
        }
    }
    RestrictedExpression::new_record(fields).map_err(|e| MappingError(format!("task: {e}")))
}

fn session_record(s: &SessionFacts) -> Result<RestrictedExpression, MappingError> {
    record([
        ("read_secret", RestrictedExpression::new_bool(s.read_secret)),
        (
            "read_credential_store",
            RestrictedExpression::new_bool(s.read_credential_store),
        ),
        (
            "read_untrusted_instructions",
            RestrictedExpression::new_bool(s.read_untrusted_instructions),
        ),
        (
            "denies",
            RestrictedExpression::new_long(i64::from(s.denies)),
        ),
        ("calls", RestrictedExpression::new_long(i64::from(s.calls))),
        (
            "approvals_pending",
            RestrictedExpression::new_long(i64::from(s.approvals_pending)),
        ),
    ])
}

/// Requests that exercise every optional attribute and every action, for the load-time check.
fn probe_requests() -> Vec<PolicyRequest> {
    let mut out = Vec::new();
    let (Ok(root), Ok(me)) = (
        AgentId::parse("unattested:probe-root"),
        AgentId::parse("spiffe://probe.invalid/agent/probe"),
    ) else {
        return out;
    };
    let principal = Principal {
        id: me,
        tier: Tier::Executor,
        owner: Some("probe".to_owned()),
        delegation: vec![root],
    };
    let check = Some(ScopeCheck {
        declared: vec!["x".to_owned()],
        in_scope: false,
    });
    let task = TaskFacts {
        objective: "probe".to_owned(),
        scope: TaskScope {
            tools: check.clone(),
            servers: check.clone(),
            resources: check.clone(),
            destinations: check,
        },
        seconds_left: Some(-1),
    };
    let mut call = CallFacts::new(Effect::Egress, Flag::ALL);
    call.command_words = vec!["curl".to_owned()];
    call.labels = vec!["secret".to_owned()];
    call.destinations.hosts = vec!["example.org".to_owned()];
    let targets = [
        (ActionKind::HookToolCall, Target::tool("Bash")),
        (ActionKind::McpToolsCall, Target::mcp_tool("s", "t")),
        (
            ActionKind::McpResourcesRead,
            Target::Resource {
                uri: "file:///x".to_owned(),
                server: Some("s".to_owned()),
            },
        ),
        (
            ActionKind::McpPromptsGet,
            Target::Prompt {
                name: "p".to_owned(),
                server: Some("s".to_owned()),
            },
        ),
        (
            ActionKind::ModelCall,
            Target::Model {
                name: "m".to_owned(),
                provider: Some("p".to_owned()),
            },
        ),
    ];
    for (action, target) in targets {
        if let Ok(r) = PolicyRequest::new(principal.clone(), action, target) {
            out.push(
                r.with_call(call.clone())
                    .with_task(Some(task.clone()))
                    .with_session(SessionFacts::default()),
            );
        }
        if let Ok(r) = PolicyRequest::new(
            Principal::new(principal.id.clone(), Tier::ReadOnly),
            action,
            match action {
                ActionKind::HookToolCall => Target::tool("Read"),
                ActionKind::McpToolsCall => Target::mcp_tool("s", "t"),
                ActionKind::McpResourcesRead => Target::Resource {
                    uri: "u".to_owned(),
                    server: Some("s".to_owned()),
                },
                ActionKind::McpPromptsGet => Target::Prompt {
                    name: "p".to_owned(),
                    server: Some("s".to_owned()),
                },
                ActionKind::ModelCall => Target::Model {
                    name: "m".to_owned(),
                    provider: None,
                },
            },
        ) {
            out.push(r);
        }
    }
    out
}
