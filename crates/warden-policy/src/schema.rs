//! The Cedar schema and the mapping of a [`PolicyRequest`] onto it.
//!
//! The shipped schema (`schema/warden.cedarschema`, namespace `Warden`) is compiled into the
//! crate. A [`Mapper`] is built once per loaded policy set: it resolves every entity type, enum
//! value and action uid up front so that turning a request into Cedar's `Request` + `Entities` on
//! the hot path is only allocation of the values themselves, with no parsing. The mapping is
//! checked against the schema once at load time ([`Mapper::new`] builds a probe request that uses
//! every fact and validates it), not on every decision.

use std::str::FromStr;

use std::collections::HashSet;
use std::sync::Arc;

use cedar_policy::{Entities, Entity, EntityId, EntityTypeName, EntityUid, Request, Schema};
use cedar_policy_core::ast::{
    Context as CoreContext, Eid, Entity as CoreEntity, EntityType, EntityUID, EntityUIDEntry,
    PartialValue, Request as CoreRequest, Value, ValueKind,
};
use cedar_policy_core::entities::{Entities as CoreEntities, NoEntitiesSchema, TCComputation};
use cedar_policy_core::extensions::Extensions;
use smol_str::SmolStr;

use crate::error::PolicyError;
use crate::request::{
    ActionKind, AgentId, CallFacts, DelegatedScope, DelegationFacts, Effect, EffectSource, Flag,
    PolicyRequest, Principal, ScopeCheck, SessionFacts, Target, TaskFacts, TaskScope, Tier,
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

/// Pre-resolved Cedar names and constant values for one schema.
///
/// Hand-built on purpose: Cedar's public constructors (`Context::from_pairs`, `Entity::new`,
/// `Entities::from_entities`) re-interpret every attribute as a restricted expression and
/// recompute the entity hierarchy's transitive closure, which cost ~20 µs per decision here.
/// This mapper builds `cedar-policy-core` values directly (cedar-policy converts them with its
/// own `From` impls; the core crate is pinned to the exact version cedar-policy pins) and hands
/// over entities whose closure is already complete (agent: no parents; tool/resource/prompt: its
/// server, which has none; the action: the schema's own entity with its groups). Correctness is
/// checked once per load: [`Mapper::new`] validates probe requests against the schema with the
/// public, validating API.
pub(crate) struct Mapper {
    agent: EntityType,
    tool: EntityType,
    server: EntityType,
    resource: EntityType,
    prompt: EntityType,
    model: EntityType,
    actions: [Arc<EntityUID>; 6],
    action_entities: [Arc<CoreEntity>; 6],
    tiers: [Value; 3],
    effects: [Value; 5],
    effect_sources: [Value; 5],
    flags: [Value; 11],
    empty_set: Value,
    /// `scope_list(None)`: an undeclared scope list (shared, not rebuilt per request).
    undeclared: Value,
    no_task: Value,
}

fn type_name(name: &str) -> Result<EntityTypeName, PolicyError> {
    EntityTypeName::from_str(name).map_err(|e| PolicyError::Schema {
        file: SHIPPED_SCHEMA_NAME.to_owned(),
        message: format!("bad entity type name {name}: {e}"),
    })
}

fn core_type(name: &str) -> Result<EntityType, PolicyError> {
    let api = EntityUid::from_type_name_and_id(type_name(name)?, EntityId::new("x"));
    let core: &EntityUID = api.as_ref();
    Ok(core.entity_type().clone())
}

fn uid(ty: &EntityType, id: &str) -> EntityUID {
    EntityUID::from_components(ty.clone(), Eid::new(id), None)
}

fn enum_value(ty: &EntityType, id: &str) -> Value {
    Value::from(uid(ty, id))
}

fn string(s: &str) -> Value {
    Value::from(s)
}

fn strings(values: &[String]) -> Value {
    Value::set(values.iter().map(|s| string(s)), None)
}

/// A record with static keys (no copy of the key strings).
fn record<const N: usize>(fields: [(&'static str, Value); N]) -> Value {
    Value::record(fields.map(|(k, v)| (key(k), v)), None)
}

/// An attribute name, without copying it.
fn key(k: &'static str) -> SmolStr {
    SmolStr::new_static(k)
}

fn scope_list(check: Option<&ScopeCheck>, empty: &Value) -> Value {
    match check {
        Some(c) => record([
            ("declared", Value::from(true)),
            ("in_scope", Value::from(c.in_scope)),
            (
                "entries",
                if c.declared.is_empty() {
                    empty.clone()
                } else {
                    strings(&c.declared)
                },
            ),
        ]),
        None => record([
            ("declared", Value::from(false)),
            ("in_scope", Value::from(true)),
            ("entries", empty.clone()),
        ]),
    }
}

impl Mapper {
    /// Resolves names and checks, with probe requests that use every fact, that `schema`
    /// accepts what [`Mapper::map`] produces.
    pub(crate) fn new(schema: &Schema, schema_file: &str) -> Result<Self, PolicyError> {
        let action_ty = type_name("Warden::Action")?;
        let mismatch = |message: String| PolicyError::SchemaMismatch {
            file: schema_file.to_owned(),
            message,
        };
        let all_actions = schema
            .action_entities()
            .map_err(|e| mismatch(format!("cannot build action entities: {e}")))?;
        let api_actions = ActionKind::ALL.map(|a| {
            EntityUid::from_type_name_and_id(action_ty.clone(), EntityId::new(a.as_str()))
        });
        let mut action_entities = Vec::with_capacity(ActionKind::ALL.len());
        for a in &api_actions {
            let entity = all_actions
                .get(a)
                .ok_or_else(|| mismatch(format!("the schema does not declare action {a}")))?;
            let core: &CoreEntity = entity.as_ref();
            action_entities.push(Arc::new(core.clone()));
        }
        let action_entities: [Arc<CoreEntity>; 6] = action_entities
            .try_into()
            .map_err(|_| mismatch("expected six actions".to_owned()))?;
        let tier = core_type("Warden::Tier")?;
        let effect = core_type("Warden::Effect")?;
        let source = core_type("Warden::EffectSource")?;
        let flag = core_type("Warden::Flag")?;
        let empty_set = Value::empty_set(None);
        let no_task = record([
            ("declared", Value::from(false)),
            (
                "scope",
                record([
                    ("tools", scope_list(None, &empty_set)),
                    ("servers", scope_list(None, &empty_set)),
                    ("resources", scope_list(None, &empty_set)),
                    ("destinations", scope_list(None, &empty_set)),
                ]),
            ),
        ]);
        let mapper = Mapper {
            agent: core_type("Warden::Agent")?,
            tool: core_type("Warden::Tool")?,
            server: core_type("Warden::Server")?,
            resource: core_type("Warden::Resource")?,
            prompt: core_type("Warden::Prompt")?,
            model: core_type("Warden::Model")?,
            actions: api_actions.map(|a| Arc::new(EntityUID::from(a))),
            action_entities,
            tiers: Tier::ALL.map(|t| enum_value(&tier, t.as_str())),
            effects: Effect::ALL.map(|e| enum_value(&effect, e.as_str())),
            effect_sources: EffectSource::ALL.map(|e| enum_value(&source, e.as_str())),
            flags: Flag::ALL.map(|f| enum_value(&flag, f.as_str())),
            undeclared: scope_list(None, &empty_set),
            empty_set,
            no_task,
        };
        for probe in probe_requests() {
            let (request, entities) = mapper
                .map(&probe)
                .map_err(|e| mismatch(format!("mapping a probe request failed: {e}")))?;
            let (request, entities) = (Request::from(request), Entities::from(entities));
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

    /// For each action and action group id, the bit mask of [`ActionKind::ALL`] it covers.
    pub(crate) fn action_groups(&self) -> crate::index::ActionGroups {
        let mut groups = crate::index::ActionGroups::new();
        for (i, entity) in self.action_entities.iter().enumerate() {
            let bit = 1u8 << i;
            *groups
                .entry(entity.uid().eid().as_ref().to_owned())
                .or_default() |= bit;
            for ancestor in entity.ancestors() {
                *groups
                    .entry(ancestor.eid().as_ref().to_owned())
                    .or_default() |= bit;
            }
        }
        groups
    }

    fn action_index(a: ActionKind) -> usize {
        match a {
            ActionKind::HookToolCall => 0,
            ActionKind::McpToolsCall => 1,
            ActionKind::McpResourcesRead => 2,
            ActionKind::McpPromptsGet => 3,
            ActionKind::ModelCall => 4,
            ActionKind::Delegate => 5,
        }
    }

    /// Builds the Cedar request and entity store for one decision (hot path).
    pub(crate) fn map(
        &self,
        req: &PolicyRequest,
    ) -> Result<(CoreRequest, CoreEntities), MappingError> {
        let action = Self::action_index(req.action());
        let principal = req.principal();
        let agent_uid = uid(&self.agent, principal.id.as_str());

        let mut entities: Vec<Arc<CoreEntity>> = Vec::with_capacity(4);
        entities.push(Arc::new(self.agent_entity(agent_uid.clone(), principal)));
        let resource_uid = self.target_entities(req.resource(), principal, &mut entities);
        entities.push(self.action_entities[action].clone());

        let mut fields = vec![
            (key("call"), self.call_record(req.call())),
            (key("task"), self.task_record(req.task())),
            (key("session"), session_record(req.session())),
        ];
        if let Some(d) = req.delegation_facts() {
            fields.push((key("delegation"), self.delegation_record(req, d)));
        }
        let context = Value::record(fields, None);
        let ValueKind::Record(attrs) = context.value else {
            return Err(MappingError("context is not a record".to_owned()));
        };
        let request = CoreRequest::new_unchecked(
            EntityUIDEntry::known(agent_uid, None),
            EntityUIDEntry::Known {
                euid: self.actions[action].clone(),
                loc: None,
            },
            EntityUIDEntry::known(resource_uid, None),
            Some(CoreContext::Value(attrs)),
        );
        // `add_entities` takes the shared action entity as is (`from_entities` would need an
        // owned copy of it); same store, same (assumed, already complete) closure.
        let entities = CoreEntities::new()
            .add_entities(
                entities,
                None::<&NoEntitiesSchema>,
                TCComputation::AssumeAlreadyComputed,
                Extensions::all_available(),
            )
            .map_err(|e| MappingError(format!("entities: {e}")))?;
        Ok((request, entities))
    }

    fn agent_entity(&self, uid: EntityUID, p: &Principal) -> CoreEntity {
        let tier = self.tiers[match p.tier {
            Tier::ReadOnly => 0,
            Tier::Assistant => 1,
            Tier::Executor => 2,
        }]
        .clone();
        let depth = i64::try_from(p.delegation_depth()).unwrap_or(i64::MAX);
        let mut attrs: Vec<(SmolStr, PartialValue)> = vec![
            (key("tier"), tier.into()),
            (key("attested"), Value::from(p.attested()).into()),
            (key("delegation_depth"), Value::from(depth).into()),
            (
                key("delegation_chain"),
                if p.delegation.is_empty() {
                    self.empty_set.clone().into()
                } else {
                    Value::set(p.delegation.iter().map(|a| string(a.as_str())), None).into()
                },
            ),
            (key("root"), string(p.root().as_str()).into()),
        ];
        if let Some(owner) = &p.owner {
            attrs.push((key("owner"), string(owner).into()));
        }
        CoreEntity::new_with_attr_partial_value(uid, attrs, HashSet::new(), HashSet::new(), [])
    }

    /// Pushes the target (and its server) and returns the target's uid.
    fn target_entities(
        &self,
        target: &Target,
        principal: &Principal,
        out: &mut Vec<Arc<CoreEntity>>,
    ) -> EntityUID {
        let (ty, key_attr, key, extra) = match target {
            // The delegate: an agent whose chain is the principal's chain, then the principal.
            Target::Agent { id, tier, owner } => {
                let delegate = Principal {
                    id: id.clone(),
                    tier: *tier,
                    owner: owner.clone(),
                    delegation: PolicyRequest::chain_of(principal),
                };
                let delegate_uid = uid(&self.agent, id.as_str());
                out.push(Arc::new(self.agent_entity(delegate_uid.clone(), &delegate)));
                return delegate_uid;
            }
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
        let target_uid = uid(ty, key);
        let mut attrs: Vec<(SmolStr, PartialValue)> =
            vec![(self::key(key_attr), string(key).into())];
        if let Some((k, v)) = extra {
            attrs.push((self::key(k), string(v).into()));
        }
        let mut parents = HashSet::new();
        if let Some(server) = target.server() {
            attrs.push((self::key("server"), string(server).into()));
            let server_uid = uid(&self.server, server);
            out.push(Arc::new(CoreEntity::new_with_attr_partial_value(
                server_uid.clone(),
                [(self::key("name"), string(server).into())],
                HashSet::new(),
                HashSet::new(),
                [],
            )));
            parents.insert(server_uid);
        }
        out.push(Arc::new(CoreEntity::new_with_attr_partial_value(
            target_uid.clone(),
            attrs,
            HashSet::new(),
            parents,
            [],
        )));
        target_uid
    }

    fn call_record(&self, call: &CallFacts) -> Value {
        let d = &call.destinations;
        let set = |v: &[String]| {
            if v.is_empty() {
                self.empty_set.clone()
            } else {
                strings(v)
            }
        };
        let destinations = record([
            ("hosts", set(&d.hosts)),
            ("email_domains", set(&d.email_domains)),
            ("emails", set(&d.emails)),
            ("accounts", set(&d.accounts)),
            ("urls", set(&d.urls)),
            ("paths", set(&d.paths)),
        ]);
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
        let flags = if call.flags.is_empty() {
            self.empty_set.clone()
        } else {
            Value::set(
                call.flags.iter().map(|f| self.flags[f.index()].clone()),
                None,
            )
        };
        record([
            ("effect", effect),
            ("effect_source", source),
            ("flags", flags),
            ("destinations", destinations),
            ("command_words", set(&call.command_words)),
            ("labels", set(&call.labels)),
        ])
    }

    fn task_record(&self, task: Option<&TaskFacts>) -> Value {
        let Some(t) = task else {
            return self.no_task.clone();
        };
        let list = |c: Option<&ScopeCheck>| match c {
            Some(_) => scope_list(c, &self.empty_set),
            None => self.undeclared.clone(),
        };
        let scope = record([
            ("tools", list(t.scope.tools.as_ref())),
            ("servers", list(t.scope.servers.as_ref())),
            ("resources", list(t.scope.resources.as_ref())),
            ("destinations", list(t.scope.destinations.as_ref())),
        ]);
        let mut fields: Vec<(&'static str, Value)> = vec![
            ("declared", Value::from(true)),
            ("scope", scope),
            ("objective", string(&t.objective)),
        ];
        if let Some(s) = t.seconds_left {
            fields.push(("seconds_left", Value::from(s)));
        }
        Value::record(fields.into_iter().map(|(k, v)| (key(k), v)), None)
    }
}

impl Mapper {
    fn delegation_record(&self, req: &PolicyRequest, d: &DelegationFacts) -> Value {
        let list = |l: &Option<Vec<String>>| match l {
            Some(entries) => record([
                ("declared", Value::from(true)),
                (
                    "entries",
                    if entries.is_empty() {
                        self.empty_set.clone()
                    } else {
                        strings(entries)
                    },
                ),
            ]),
            None => record([
                ("declared", Value::from(false)),
                ("entries", self.empty_set.clone()),
            ]),
        };
        let scope = |s: &DelegatedScope| {
            record([
                ("tools", list(&s.tools)),
                ("servers", list(&s.servers)),
                ("resources", list(&s.resources)),
                ("destinations", list(&s.destinations)),
            ])
        };
        let chain = &req.principal().delegation;
        let delegate = req.resource().name();
        record([
            ("task_id", string(&d.task_id)),
            ("depth", Value::from(i64::from(d.depth))),
            ("max_depth", Value::from(i64::from(d.max_depth))),
            (
                "chain",
                if chain.is_empty() {
                    self.empty_set.clone()
                } else {
                    Value::set(chain.iter().map(|a| string(a.as_str())), None)
                },
            ),
            ("parent_scope", scope(&d.parent_scope)),
            ("requested_scope", scope(&d.requested_scope)),
            ("may_act_declared", Value::from(d.may_act.is_some())),
            (
                "may_act_names_delegate",
                Value::from(d.may_act.as_ref().is_some_and(|m| m.as_str() == delegate)),
            ),
        ])
    }
}

fn session_record(s: &SessionFacts) -> Value {
    record([
        ("read_secret", Value::from(s.read_secret)),
        (
            "read_credential_store",
            Value::from(s.read_credential_store),
        ),
        (
            "read_untrusted_instructions",
            Value::from(s.read_untrusted_instructions),
        ),
        ("denies", Value::from(i64::from(s.denies))),
        ("calls", Value::from(i64::from(s.calls))),
        (
            "approvals_pending",
            Value::from(i64::from(s.approvals_pending)),
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
                // Delegation probes follow (their requests are built differently).
                ActionKind::Delegate => continue,
            },
        ) {
            out.push(r);
        }
    }
    // A delegation hop with every fact set, and a bare one.
    let scope = DelegatedScope {
        tools: Some(vec!["t".to_owned()]),
        servers: Some(vec!["s".to_owned()]),
        resources: Some(Vec::new()),
        destinations: Some(vec!["d".to_owned()]),
    };
    if let Ok(delegate) = AgentId::parse("spiffe://probe.invalid/agent/delegate") {
        let facts = DelegationFacts {
            task_id: "probe".to_owned(),
            depth: 2,
            max_depth: 3,
            parent_scope: scope.clone(),
            requested_scope: scope,
            may_act: Some(delegate.clone()),
        };
        let target = Target::Agent {
            id: delegate.clone(),
            tier: Tier::ReadOnly,
            owner: Some("probe".to_owned()),
        };
        if let Ok(r) = PolicyRequest::delegation(principal.clone(), target, facts) {
            out.push(r);
        }
        let bare = DelegationFacts {
            task_id: "probe".to_owned(),
            depth: 1,
            max_depth: 1,
            ..DelegationFacts::default()
        };
        let target = Target::Agent {
            id: delegate,
            tier: Tier::Executor,
            owner: None,
        };
        if let Ok(r) = PolicyRequest::delegation(
            Principal::new(principal.id.clone(), Tier::Assistant),
            target,
            bare,
        ) {
            out.push(r);
        }
    }
    out
}
