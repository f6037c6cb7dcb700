//! Agent identity at the gateway: the `warden-identity` service over the data directory, the
//! routes that serve it (`/v1/bundle`, `/v1/svid`, `/v1/token`, `/v1/secrets/release`), the
//! check every gated event goes through (a presented task token is validated on each use and
//! attributes the event; a present-but-invalid one is refused), and the secret broker at
//! egress.
//!
//! Tokens never reach the record or a log line: events carry `token_digest` (SHA-256 hex).
//! Secret values never reach them either: `secret_access` events carry the redactor's HMAC
//! reference, and a released value is registered with the redactor as a known secret, so an
//! upstream that echoes it is recorded as a reference too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine as _;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{json, Value};
use warden_core::{AgentRef, Draft, EventKind, SessionId, Source, TaskId, Verdict};
use warden_detect::{Observed, TokenProblem};
use warden_identity::{
    token_digest, ExchangeError, IdentityService, LeaseId, SecretAccess, SecretError, SecretName,
    TokenError, TokenExchangeRequest, ValidatedSvid, ValidatedTaskToken,
};

use crate::detect::Seen;
use crate::mcp::ConnHandle;
use crate::pipeline::Pipeline;
use crate::server::{error, Shared};

/// Header carrying a task token besides `Authorization: Bearer` (OAuth transaction tokens).
pub const TXN_TOKEN: &str = "txn-token";

/// The identity service as the gateway uses it.
pub struct IdentityGate {
    pub service: Arc<IdentityService>,
    /// Refuse gating events that present no token at all.
    pub require_token: bool,
    /// Whether the gateway listens on loopback only (secret release is refused otherwise).
    pub loopback: bool,
    /// Live leases by (holder token id, secret name), so each request does not take a new one.
    leases: Mutex<HashMap<(String, String), LeaseId>>,
}

impl std::fmt::Debug for IdentityGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityGate")
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

/// A presented credential that was refused, in words safe to show and record.
#[derive(Clone, Debug)]
pub struct Refusal {
    /// `warden-detect`'s `TokenProblem` name, `None` for internal failures.
    pub problem: Option<&'static str>,
    /// The detector it raises.
    pub alert: Option<&'static str>,
    /// What the agent is told (never contains the token).
    pub reason: String,
    /// SHA-256 of the presented token, when one was presented.
    pub digest: Option<String>,
}

/// What checking a request's credential found.
#[derive(Clone, Debug)]
pub enum Checked {
    /// No token, and none is required: the unattested local agent.
    Absent,
    Valid(Box<ValidatedTaskToken>),
    Invalid(Refusal),
}

impl IdentityGate {
    pub fn new(service: Arc<IdentityService>, require_token: bool, loopback: bool) -> Self {
        Self {
            service,
            require_token,
            loopback,
            leases: Mutex::new(HashMap::new()),
        }
    }

    /// Validates a presented task token (on every use: revocation takes effect on the next
    /// call).
    pub fn check(&self, token: Option<&str>) -> Checked {
        match token {
            None if !self.require_token => Checked::Absent,
            None => Checked::Invalid(refusal(&TokenError::Missing, None)),
            Some(t) => match self.service.validate_task_token(t) {
                Ok(v) => Checked::Valid(Box::new(v)),
                Err(e) => Checked::Invalid(refusal(&e, Some(t))),
            },
        }
    }

    pub fn check_headers(&self, headers: &HeaderMap) -> Checked {
        self.check(presented(headers).as_deref())
    }
}

fn refusal(e: &TokenError, token: Option<&str>) -> Refusal {
    Refusal {
        problem: e.problem(),
        alert: e.alert().map(|a| a.as_str()),
        reason: format!("Warden refused the presented task token: {e}"),
        digest: token.filter(|t| !t.is_empty()).map(token_digest),
    }
}

/// The task token a request presents: `Authorization: Bearer …`, else `Txn-Token: …`. An empty
/// bearer is presented (and refused as missing), not absent.
pub fn presented(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers.get(axum::http::header::AUTHORIZATION) {
        let v = v.to_str().unwrap_or("").trim();
        let (scheme, rest) = v.split_once(' ').unwrap_or((v, ""));
        if scheme.eq_ignore_ascii_case("bearer") {
            return Some(rest.trim().to_owned());
        }
    }
    headers
        .get(TXN_TOKEN)
        .map(|v| v.to_str().unwrap_or("").trim().to_owned())
}

/// `warden-detect`'s problem from its snake_case name.
fn token_problem(name: Option<&str>) -> Option<TokenProblem> {
    name.and_then(|n| serde_json::from_value(json!(n)).ok())
}

/// The `credential` event of a refused token, with what detection should see of it.
pub fn refusal_item(session: SessionId, r: &Refusal, at: &str) -> (Draft, Option<Seen>) {
    let body = json!({
        "action": "refused",
        "at": at,
        "problem": r.problem,
        "alert": r.alert,
        "reason": r.reason,
        "token_digest": r.digest,
    });
    let draft = Draft::new(EventKind::Credential, session, body);
    let seen = Seen::Observed(Observed::Credential {
        problem: token_problem(r.problem),
    });
    (draft, Some(seen))
}

/// Records a refused credential (and the alert detection raises on it), off the request path.
pub async fn record_refusal(
    p: &Pipeline,
    session: SessionId,
    r: &Refusal,
    at: &str,
    agent: &AgentRef,
) {
    if let Err(e) = p
        .observe(vec![refusal_item(session, r, at)], Source::Gateway, agent)
        .await
    {
        tracing::error!(error = %e, "a refused credential could not be recorded");
    }
}

/// The MCP tap's check before a call is gated: a valid token attributes the call (and the
/// connection's later messages); an invalid one holds the call with the refusal's reason and
/// is recorded with its alert.
pub async fn vet_mcp(
    p: &Pipeline,
    conn: &ConnHandle,
    draft: &mut Draft,
    hold: &mut Option<String>,
    source: Source,
    agent: &AgentRef,
) {
    let Some(gate) = p.identity() else { return };
    let token = match conn.lock() {
        Ok(c) => c.token.clone(),
        Err(poisoned) => poisoned.into_inner().token.clone(),
    };
    match gate.check(token.as_deref()) {
        Checked::Absent => {}
        Checked::Valid(v) => {
            attribute(&v, draft);
            let mut c = match conn.lock() {
                Ok(c) => c,
                Err(poisoned) => poisoned.into_inner(),
            };
            c.agent = v.agent().to_agent_ref();
        }
        Checked::Invalid(r) => {
            let _ = source;
            record_refusal(p, draft.session_id.clone(), &r, "mcp", agent).await;
            if hold.is_none() {
                *hold = Some(r.reason);
            }
        }
    }
}

/// Attributes an event to a validated task token: its agent, its task, and the agents that
/// delegated to it (root first; the acting agent itself is not part of its own chain, as
/// policy's principal has it).
pub fn attribute(token: &ValidatedTaskToken, draft: &mut Draft) {
    token.attribute(draft);
    let agent = token.agent().to_agent_ref();
    if draft.delegation.last() == Some(&agent) {
        draft.delegation.pop();
    }
}

/// Sets the token a connection's requests present (MCP over HTTP: each request's headers; the
/// stdio wrapper: the headers it opened its connection with). Kept in memory only.
pub fn bind_token(conn: &ConnHandle, headers: &HeaderMap) {
    let Some(token) = presented(headers) else {
        return;
    };
    match conn.lock() {
        Ok(mut c) => c.token = Some(token),
        Err(poisoned) => poisoned.into_inner().token = Some(token),
    }
}

/// A task token's time as a record timestamp's seconds.
fn unix_secs(ts: warden_core::Timestamp) -> i64 {
    i64::try_from(ts.unix_nanos() / 1_000_000_000).unwrap_or(i64::MAX)
}

fn task_session(task: &TaskId) -> Option<SessionId> {
    SessionId::new(format!("task:{task}")).ok()
}

// ---- routes ----------------------------------------------------------------------------------

/// `GET /v1/bundle`: the local trust domain's JWT-SVID keys (SPIFFE JWKS).
pub(crate) async fn bundle(State(state): State<Shared>) -> Response {
    Json(state.identity.service.bundle_jwks()).into_response()
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SvidRequest {
    #[serde(default)]
    join_token: Option<String>,
}

/// `POST /v1/svid`: `{"join_token"}` redeems a join token once for a first SVID;
/// `Authorization: Bearer <current SVID>` renews a still-valid one.
pub(crate) async fn svid(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let req: SvidRequest = if body.iter().all(u8::is_ascii_whitespace) {
        SvidRequest::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(r) => r,
            Err(e) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    &format!("invalid request: {e}"),
                    None,
                )
            }
        }
    };
    let service = state.identity.service.clone();
    let bearer = presented(&headers);
    let (result, presented_text) = match (req.join_token, bearer) {
        (Some(join), _) => {
            let r = tokio::task::spawn_blocking({
                let join = join.clone();
                let service = service.clone();
                move || service.redeem_join_token(&join)
            })
            .await;
            (r, join)
        }
        (None, Some(svid)) => {
            let r = tokio::task::spawn_blocking({
                let svid = svid.clone();
                let service = service.clone();
                move || service.renew_svid(&svid)
            })
            .await;
            (r, svid)
        }
        (None, None) => {
            return error(
                StatusCode::BAD_REQUEST,
                "give {\"join_token\": \"wjt_…\"} to redeem a join token, or Authorization: Bearer <SVID> to renew",
                None,
            )
        }
    };
    let result = match result {
        Ok(r) => r,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string(), None),
    };
    match result {
        Ok(svid) => Json(json!({
            "svid": svid.token.expose(),
            "spiffe_id": svid.spiffe_id.to_string(),
            "expires_at": svid.expires_at,
        }))
        .into_response(),
        Err(e) => {
            let r = Refusal {
                problem: identity_problem(&e),
                alert: e.alert().map(|a| a.as_str()),
                reason: format!("Warden refused the credential: {e}"),
                digest: Some(token_digest(&presented_text)),
            };
            refuse_route(&state, &r, "svid", StatusCode::UNAUTHORIZED).await
        }
    }
}

fn identity_problem(e: &warden_identity::IdentityError) -> Option<&'static str> {
    use warden_identity::IdentityError as E;
    match e {
        E::Token(t) => t.problem(),
        E::Join(j) => Some(j.problem()),
        _ => None,
    }
}

/// Records a refused credential under the gateway's own session and answers `status`.
async fn refuse_route(state: &Shared, r: &Refusal, at: &str, status: StatusCode) -> Response {
    if r.alert.is_some() {
        if let Ok(session) = SessionId::new(format!("identity:{at}")) {
            record_refusal(&state.pipeline, session, r, at, &state.local_agent).await;
        }
    }
    (
        status,
        Json(json!({"error": r.reason, "problem": r.problem, "alert": r.alert})),
    )
        .into_response()
}

/// The SVID an agent presents to declare a task (`POST /v1/tasks`): `None` when it presents
/// none (an unattested declaration, as before identity), `Err` with the answer to send when
/// it presents a bad one.
pub(crate) async fn task_svid(
    state: &Shared,
    headers: &HeaderMap,
) -> Result<Option<ValidatedSvid>, Response> {
    let Some(token) = presented(headers) else {
        return Ok(None);
    };
    match state.identity.service.validate_svid(&token) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            let r = Refusal {
                problem: e.problem(),
                alert: e.alert().map(|a| a.as_str()),
                reason: format!("Warden refused the presented JWT-SVID: {e}"),
                digest: Some(token_digest(&token)),
            };
            Err(refuse_route(state, &r, "tasks", StatusCode::UNAUTHORIZED).await)
        }
    }
}

/// Issues the task token of a task declared with a valid SVID.
pub(crate) fn start_task(
    state: &Shared,
    svid: &ValidatedSvid,
    spec: &crate::tasks::TaskSpec,
    may_act: Option<&str>,
) -> Result<Value, (StatusCode, String)> {
    let scope: warden_identity::TaskScope = serde_json::to_value(&spec.scope)
        .and_then(serde_json::from_value)
        .map_err(|e| (StatusCode::BAD_REQUEST, format!("invalid scope: {e}")))?;
    let may_act = may_act
        .map(warden_identity::SpiffeId::parse)
        .transpose()
        .map_err(|e| (StatusCode::BAD_REQUEST, format!("invalid may_act: {e}")))?;
    let mut start = warden_identity::TaskStart::new(spec.task_id.clone());
    start.scope = scope;
    start.deadline = spec.deadline.map(unix_secs);
    start.trigger = spec.trigger.clone();
    start.may_act = may_act;
    let issued = state
        .identity
        .service
        .start_task(svid, start)
        .map_err(|e| (StatusCode::BAD_REQUEST, format!("no task token: {e}")))?;
    Ok(json!({
        "task_token": issued.token.expose(),
        "expires_at": issued.claims.exp,
        "agent": svid.spiffe_id().to_string(),
    }))
}

/// `POST /v1/token`: RFC 8693 token exchange (delegation). Each hop is checked by the
/// identity service (scope narrowing, depth, `may_act`), then decided by policy on its own
/// (action `delegate`; its `decision` event is recorded), recorded as a `credential` event
/// attributed to the delegate with the chain, and refused hops raise
/// `identity.delegation_violation`.
pub(crate) async fn token(
    State(state): State<Shared>,
    axum::extract::Form(req): axum::extract::Form<TokenExchangeRequest>,
) -> Response {
    let service = state.identity.service.clone();
    let prepared = {
        let service = service.clone();
        let req = req.clone();
        tokio::task::spawn_blocking(move || service.prepare_exchange(&req)).await
    };
    let prepared = match prepared {
        Ok(p) => p,
        Err(e) => return oauth_internal(&e.to_string()),
    };
    let prepared = match prepared {
        Ok(p) => p,
        Err(e) => return exchange_refused(&state, &req, e).await,
    };
    let hop = prepared.hop().clone();
    // Each hop is decided by policy on its own (action `delegate`), between the identity
    // service's checks and issuing the child token.
    let decision = decide_hop(&state, &hop);
    if decision.denied {
        return hop_denied(&state, &req, &hop, &decision).await;
    }
    let completed = {
        let service = service.clone();
        tokio::task::spawn_blocking(move || service.complete_exchange(prepared)).await
    };
    let response = match completed {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return exchange_refused(&state, &req, e).await,
        Err(e) => return oauth_internal(&e.to_string()),
    };
    let child = response.access_token.expose().to_owned();
    let mut draft = hop_draft(&hop, "delegated");
    draft.body["child_token_digest"] = json!(token_digest(&child));
    draft.body["subject_token_digest"] = json!(req.subject_token.as_deref().map(token_digest));
    let mut drafts = vec![decision_draft(&hop, &decision)];
    if decision.would_be_denied {
        // Observe mode: the would-be deny is recorded, with its alert, and the hop goes through.
        draft.body["problem"] = json!(HOP_DENIED);
        draft.body["alert"] = json!("identity.delegation_violation");
        draft.body["reason"] = json!(decision.reason);
    }
    drafts.push(draft);
    let agent = hop.to.to_agent_ref();
    let recorded = if decision.would_be_denied {
        let items = drafts
            .into_iter()
            .map(|d| {
                let seen = (d.kind == EventKind::Credential).then(|| {
                    Seen::Observed(Observed::Credential {
                        problem: Some(TokenProblem::DelegationDenied),
                    })
                });
                (d, seen)
            })
            .collect();
        state
            .pipeline
            .observe(items, Source::Gateway, &agent)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    } else {
        state
            .pipeline
            .record(drafts, Source::Gateway, &agent)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    };
    if let Err(e) = recorded {
        // A hop that cannot be recorded is not handed out: revoke what was just issued.
        if let Ok(v) = service.validate_task_token(&child) {
            let _ = service.revoke(
                warden_identity::RevokeTarget::Token(v.jti().to_owned()),
                warden_identity::RevocationReason::Operator,
            );
        }
        return oauth_internal(&format!("the delegation could not be recorded: {e}"));
    }
    Json(json!({
        "access_token": child,
        "issued_token_type": response.issued_token_type,
        "token_type": "N_A",
        "expires_in": response.expires_in,
        "scope": response.scope,
    }))
    .into_response()
}

/// `warden-detect`'s problem name for a hop the policy engine denied.
const HOP_DENIED: &str = "delegation_denied";

/// The policy engine's word on one delegation hop.
struct HopDecision {
    /// Refuse the exchange (enforce mode and a deny).
    denied: bool,
    /// Observe mode let a deny through.
    would_be_denied: bool,
    reason: String,
    /// What the `decision` event records (as tool-call decisions do).
    record: Value,
}

/// An agent as delegation policy sees it: its registered tier and owner. An agent of a foreign
/// trust domain (not in the registry) counts as `read_only`, the least privilege, without owner.
fn policy_agent(
    service: &IdentityService,
    id: &warden_identity::SpiffeId,
) -> (warden_policy::Tier, Option<String>) {
    let registered = (id.trust_domain() == *service.trust_domain())
        .then(|| id.agent_name())
        .flatten()
        .and_then(|name| service.get_agent(&name).ok().flatten())
        .filter(|a| a.id == *id);
    let Some(agent) = registered else {
        return (warden_policy::Tier::ReadOnly, None);
    };
    let tier = match agent.tier {
        warden_identity::Tier::Executor => warden_policy::Tier::Executor,
        warden_identity::Tier::Assistant => warden_policy::Tier::Assistant,
        warden_identity::Tier::ReadOnly => warden_policy::Tier::ReadOnly,
    };
    (tier, Some(agent.owner.as_str().to_owned()))
}

/// The policy request of one hop: principal = the delegating agent (with the agents that
/// delegated to it, root first), resource = the delegate, context = the hop's facts.
fn hop_request(
    service: &IdentityService,
    hop: &warden_identity::DelegationHop,
) -> Result<warden_policy::PolicyRequest, String> {
    use warden_policy::{
        AgentId, DelegatedScope, DelegationFacts, PolicyRequest, Principal, Target,
    };
    let id = |s: &warden_identity::SpiffeId| AgentId::parse(s.as_str()).map_err(|e| e.to_string());
    let scope = |s: &warden_identity::TaskScope| DelegatedScope {
        tools: s.tools.clone(),
        servers: s.servers.clone(),
        resources: s.resources.clone(),
        destinations: s.destinations.clone(),
    };
    let (from_tier, from_owner) = policy_agent(service, &hop.from);
    let mut principal = Principal::new(id(&hop.from)?, from_tier);
    principal.owner = from_owner;
    // `prior_chain` is newest first and starts with `from` itself.
    principal.delegation = hop
        .prior_chain
        .iter()
        .skip(1)
        .rev()
        .map(id)
        .collect::<Result<_, _>>()?;
    let (to_tier, to_owner) = policy_agent(service, &hop.to);
    let delegate = Target::Agent {
        id: id(&hop.to)?,
        tier: to_tier,
        owner: to_owner,
    };
    let facts = DelegationFacts {
        task_id: hop.task_id.to_string(),
        depth: u32::try_from(hop.depth).map_err(|e| e.to_string())?,
        max_depth: u32::try_from(hop.max_depth).map_err(|e| e.to_string())?,
        parent_scope: scope(&hop.parent_scope),
        requested_scope: scope(&hop.child_scope),
        may_act: hop.may_act.as_ref().map(id).transpose()?,
    };
    PolicyRequest::delegation(principal, delegate, facts).map_err(|e| e.to_string())
}

/// Decides one hop with the loaded policy set in the mode of the delegating agent's task.
/// A hop that cannot be put to policy is a deny (never fail open).
fn decide_hop(state: &Shared, hop: &warden_identity::DelegationHop) -> HopDecision {
    let mode = state
        .pipeline
        .mode_for_task(hop.from.as_str(), hop.task_id.as_str());
    let policy_mode = match mode {
        crate::config::Mode::Observe => warden_policy::Mode::Observe,
        crate::config::Mode::Enforce => warden_policy::Mode::Enforce,
    };
    match hop_request(&state.identity.service, hop) {
        Ok(request) => {
            let d = state
                .pipeline
                .decider()
                .engine()
                .decide(&request, policy_mode);
            let deny = d.would_be != warden_policy::Outcome::Allow;
            let enforce = mode == crate::config::Mode::Enforce;
            HopDecision {
                denied: deny && enforce,
                would_be_denied: deny && !enforce,
                reason: d.message(),
                record: json!({
                    "action": "delegate",
                    "outcome": d.effective.to_string(),
                    "would_be": d.would_be.to_string(),
                    "mode": mode_name(mode),
                    "reason": d.message(),
                    "policies": d.policy_ids,
                    "reasons": d.reasons,
                    "policy_version": d.policy_version,
                    "request": request,
                }),
            }
        }
        Err(e) => {
            let reason = format!("the delegation hop could not be put to policy: {e}");
            let enforce = mode == crate::config::Mode::Enforce;
            HopDecision {
                denied: enforce,
                would_be_denied: !enforce,
                reason: reason.clone(),
                record: json!({
                    "action": "delegate",
                    "outcome": if enforce { "deny" } else { "allow" },
                    "would_be": "deny",
                    "mode": mode_name(mode),
                    "reason": reason,
                    "policies": [],
                    "reasons": [],
                    "policy_version": state.pipeline.decider().engine().version(),
                }),
            }
        }
    }
}

fn mode_name(mode: crate::config::Mode) -> &'static str {
    match mode {
        crate::config::Mode::Observe => "observe",
        crate::config::Mode::Enforce => "enforce",
    }
}

/// The `decision` event of one hop, attributed like the hop's `credential` event.
fn decision_draft(hop: &warden_identity::DelegationHop, d: &HopDecision) -> Draft {
    let mut draft = hop_draft(hop, "delegate");
    draft.kind = EventKind::Decision;
    draft.body = d.record.clone();
    draft.body["hop"] = json!(hop);
    draft
}

/// Refuses an exchange whose hop the policy denied: RFC 6749 §5.2 has no code for "the
/// authorization server's policy refuses", and RFC 8693 §2.2.2 sends every refusal of an
/// otherwise well-formed exchange there, so the answer is `invalid_request` (HTTP 400) with
/// the policy's reason. Records the decision and the refused hop, which raises
/// `identity.delegation_violation`.
async fn hop_denied(
    state: &Shared,
    req: &TokenExchangeRequest,
    hop: &warden_identity::DelegationHop,
    decision: &HopDecision,
) -> Response {
    let description = format!("the delegation was denied by policy: {}", decision.reason);
    let mut draft = hop_draft(hop, "refused");
    draft.body["problem"] = json!(HOP_DENIED);
    draft.body["alert"] = json!("identity.delegation_violation");
    draft.body["reason"] = json!(description);
    draft.body["policies"] = decision.record["policies"].clone();
    draft.body["subject_token_digest"] = json!(req.subject_token.as_deref().map(token_digest));
    draft.body["actor_token_digest"] = json!(req.actor_token.as_deref().map(token_digest));
    let seen = Seen::Observed(Observed::Credential {
        problem: Some(TokenProblem::DelegationDenied),
    });
    let items = vec![(decision_draft(hop, decision), None), (draft, Some(seen))];
    if let Err(e) = state
        .pipeline
        .observe(items, Source::Gateway, &hop.to.to_agent_ref())
        .await
    {
        tracing::error!(error = %e, "a denied delegation could not be recorded");
    }
    (
        StatusCode::BAD_REQUEST,
        Json(json!({
            "error": "invalid_request",
            "error_description": description,
        })),
    )
        .into_response()
}

/// The `credential` event of one delegation hop, attributed to the delegate with the chain
/// (the task's root agent first).
fn hop_draft(hop: &warden_identity::DelegationHop, action: &str) -> Draft {
    let session = task_session(&hop.task_id).unwrap_or_else(crate::mcp::new_session);
    let body = json!({
        "action": action,
        "hop": hop,
    });
    let mut draft = Draft::new(EventKind::Credential, session, body);
    draft.agent = Some(hop.to.to_agent_ref());
    draft.task_id = Some(hop.task_id.clone());
    draft.delegation = hop
        .prior_chain
        .iter()
        .rev()
        .map(|a| a.to_agent_ref())
        .collect();
    draft
}

async fn exchange_refused(
    state: &Shared,
    req: &TokenExchangeRequest,
    e: ExchangeError,
) -> Response {
    let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    let oauth = e.oauth();
    let problem = match &e {
        ExchangeError::Delegation { violation, .. } => Some(violation.problem()),
        ExchangeError::SubjectToken(t) | ExchangeError::ActorToken(t) => t.problem(),
        _ => None,
    };
    if let Some(problem) = problem {
        let (mut draft, agent) = match e.hop() {
            Some(hop) => (hop_draft(hop, "refused"), hop.to.to_agent_ref()),
            None => match SessionId::new("identity:token") {
                Ok(s) => (
                    Draft::new(EventKind::Credential, s, json!({"action": "refused"})),
                    state.local_agent.clone(),
                ),
                Err(_) => return (status, Json(json!(oauth))).into_response(),
            },
        };
        draft.body["problem"] = json!(problem);
        draft.body["alert"] = json!(e.alert().map(|a| a.as_str()));
        draft.body["reason"] = json!(oauth.error_description);
        draft.body["subject_token_digest"] = json!(req.subject_token.as_deref().map(token_digest));
        draft.body["actor_token_digest"] = json!(req.actor_token.as_deref().map(token_digest));
        let seen = Seen::Observed(Observed::Credential {
            problem: token_problem(Some(problem)),
        });
        if let Err(err) = state
            .pipeline
            .observe(vec![(draft, Some(seen))], Source::Gateway, &agent)
            .await
        {
            tracing::error!(error = %err, "a refused delegation could not be recorded");
        }
    }
    (status, Json(json!(oauth))).into_response()
}

fn oauth_internal(why: &str) -> Response {
    tracing::error!(error = why, "token exchange failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({"error": "server_error", "error_description": "Warden could not complete the exchange"})),
    )
        .into_response()
}

/// Ends a task's credentials (task end): every token of every hop and every lease.
pub(crate) fn end_task(state: &Shared, task: &TaskId) -> Result<bool, String> {
    if let Ok(mut leases) = state.identity.leases.lock() {
        leases.clear();
    }
    state
        .identity
        .service
        .end_task(task)
        .map_err(|e| e.to_string())
}

// ---- the secret broker -------------------------------------------------------------------

/// One secret released for one egress, and the record of it.
pub struct Released {
    pub value: warden_identity::SecretValue,
    pub access: SecretAccess,
}

/// Leases `name` to the token's task (reusing a live lease) and resolves it for `upstream`;
/// records the `secret_access` event and teaches the redactor the value.
pub async fn release(
    p: &Pipeline,
    gate: &IdentityGate,
    holder: &ValidatedTaskToken,
    name: &str,
    upstreams: &[&str],
    tool: Option<&str>,
    session: Option<SessionId>,
) -> Result<Released, String> {
    let name = SecretName::new(name).map_err(|e| e.to_string())?;
    let key = (holder.jti().to_owned(), name.as_str().to_owned());
    let redactor = p.sealer().redactor().clone();
    let referencer = |v: &[u8]| redactor.hash_value(&String::from_utf8_lossy(v));
    let mut resolved = None;
    for attempt in 0..2 {
        let cached = gate.leases.lock().ok().and_then(|l| l.get(&key).cloned());
        let lease = match cached {
            Some(l) if attempt == 0 => l,
            _ => {
                let lease = gate
                    .service
                    .lease_secret(holder, &name, None)
                    .map_err(|e| secret_refusal(&e))?;
                if let Ok(mut l) = gate.leases.lock() {
                    if l.len() > 10_000 {
                        l.clear();
                    }
                    l.insert(key.clone(), lease.id.clone());
                }
                lease.id
            }
        };
        let mut last = None;
        for upstream in upstreams {
            match gate
                .service
                .resolve_for_egress(&lease, upstream, tool, &referencer)
            {
                Ok(r) => {
                    resolved = Some(r);
                    break;
                }
                Err(e) => last = Some(e),
            }
        }
        match last {
            _ if resolved.is_some() => break,
            Some(SecretError::LeaseExpired { .. }) | Some(SecretError::UnknownLease)
                if attempt == 0 =>
            {
                continue
            }
            Some(e) => return Err(secret_refusal(&e)),
            None => return Err("no upstream to resolve the secret for".into()),
        }
    }
    let Some(resolved) = resolved else {
        return Err("the secret's lease could not be renewed".into());
    };
    if let Some(text) = resolved.value.expose_str() {
        if let Err(e) = redactor.add_known_secret(name.as_str(), text) {
            tracing::warn!(error = %e, "a brokered secret could not be registered for redaction");
        }
    }
    let access = resolved.access.clone();
    let session = session
        .or_else(|| task_session(&access.task_id))
        .unwrap_or_else(crate::mcp::new_session);
    let mut body = serde_json::to_value(&access).unwrap_or_else(|_| json!({}));
    // `secret` is a secret-looking key to the redactor (it would hash the name): the record
    // names the secret `secret_name`, and carries its value only as `reference`.
    if let Some(name) = body.as_object_mut().and_then(|o| o.remove("secret")) {
        body["secret_name"] = name;
    }
    body["token_digest"] = json!(holder.token_digest());
    let mut draft = Draft::new(EventKind::SecretAccess, session, body);
    attribute(holder, &mut draft);
    let agent = holder.agent().to_agent_ref();
    p.record(vec![draft], Source::Gateway, &agent)
        .await
        .map_err(|e| {
            format!("the secret access could not be recorded, so the secret was not released: {e}")
        })?;
    Ok(Released {
        value: resolved.value,
        access,
    })
}

fn secret_refusal(e: &SecretError) -> String {
    format!("Warden did not release the secret: {e}")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleaseRequest {
    /// The upstream the values go to (a stdio server: its name).
    upstream: String,
    /// Environment variable → secret name.
    secrets: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    session: Option<String>,
}

/// `POST /v1/secrets/release` (loopback only), for `warden mcp wrap --secret ENV=NAME`: the
/// caller's task token (`Authorization: Bearer`) leases each secret to its task and gets the
/// values to put in the server's environment. Each release is a `secret_access` event.
pub(crate) async fn release_route(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !state.identity.loopback {
        return error(
            StatusCode::FORBIDDEN,
            "secrets are released only by a gateway listening on loopback",
            None,
        );
    }
    let req: ReleaseRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("invalid request: {e}"),
                None,
            )
        }
    };
    let session = match req.session.map(SessionId::new).transpose() {
        Ok(s) => s,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.to_string(), None),
    };
    let token = presented(&headers);
    let holder =
        match state.identity.check(token.as_deref()) {
            Checked::Valid(v) => v,
            Checked::Absent => return error(
                StatusCode::UNAUTHORIZED,
                "secrets are released to a task: present its task token (Authorization: Bearer)",
                None,
            ),
            Checked::Invalid(r) => {
                return refuse_route(&state, &r, "secrets", StatusCode::UNAUTHORIZED).await;
            }
        };
    match release_env(
        &state.pipeline,
        &state.identity,
        &holder,
        &req.upstream,
        &req.secrets,
        session,
    )
    .await
    {
        Ok(env) => Json(json!({"env": env})).into_response(),
        Err(e) => error(StatusCode::FORBIDDEN, &e, None),
    }
}

/// Releases `env → secret` pairs for a stdio server named `upstream`.
pub async fn release_env(
    p: &Pipeline,
    gate: &IdentityGate,
    holder: &ValidatedTaskToken,
    upstream: &str,
    secrets: &std::collections::BTreeMap<String, String>,
    session: Option<SessionId>,
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut env = std::collections::BTreeMap::new();
    for (var, name) in secrets {
        let r = release(p, gate, holder, name, &[upstream], None, session.clone()).await?;
        let value = r.value.expose_str().ok_or_else(|| {
            format!("secret {name} is not text and cannot go in an environment variable")
        })?;
        env.insert(var.clone(), value.to_owned());
    }
    Ok(env)
}

/// Release for a wrapper without a gateway (the embedded pipeline), by task token text.
pub async fn release_env_for_token(
    p: &Pipeline,
    token: &str,
    upstream: &str,
    secrets: &std::collections::BTreeMap<String, String>,
    session: Option<SessionId>,
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let Some(gate) = p.identity() else {
        return Err("identity is not configured".into());
    };
    let holder = match gate.check(Some(token)) {
        Checked::Valid(v) => v,
        Checked::Absent => return Err("no task token".into()),
        Checked::Invalid(r) => {
            if let Ok(s) = SessionId::new("identity:secrets") {
                record_refusal(p, s, &r, "secrets", &AgentRef::unattested("local")).await;
            }
            return Err(r.reason);
        }
    };
    release_env(p, gate, &holder, upstream, secrets, session).await
}

/// `{secret:NAME}` placeholders of a header template.
fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find("{secret:") {
        let after = &rest[i + 8..];
        match after.find('}') {
            Some(j) => {
                out.push(&after[..j]);
                rest = &after[j + 1..];
            }
            None => break,
        }
    }
    out
}

/// Headers the proxy injects toward an HTTP MCP upstream configured with `secret_headers`,
/// filled from secrets leased to the task whose token the request presents. `Ok(vec![])`
/// when the upstream has none.
pub(crate) async fn egress_headers(
    state: &Shared,
    url: &str,
    headers: &HeaderMap,
) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
    let Some((_, upstream)) = state
        .mcp
        .upstreams
        .iter()
        .find(|(_, u)| u.url.as_deref() == Some(url) && !u.secret_headers.is_empty())
    else {
        return Ok(Vec::new());
    };
    let holder = match state.identity.check_headers(headers) {
        Checked::Valid(v) => v,
        Checked::Absent => {
            return Err("this MCP upstream's credentials are brokered by Warden: present the task token (Txn-Token or Authorization: Bearer)".into())
        }
        Checked::Invalid(r) => return Err(r.reason),
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("upstream url: {e}"))?;
    let host = parsed.host_str().unwrap_or_default().to_owned();
    let authority = match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.clone(),
    };
    let targets = [authority.as_str(), host.as_str()];
    let mut out = Vec::new();
    for (name, template) in &upstream.secret_headers {
        let mut value = template.clone();
        for secret in placeholders(template) {
            let r = release(
                &state.pipeline,
                &state.identity,
                &holder,
                secret,
                &targets,
                None,
                None,
            )
            .await?;
            let text = r
                .value
                .expose_str()
                .ok_or_else(|| format!("secret {secret} is not text and cannot go in a header"))?;
            value = value.replace(&format!("{{secret:{secret}}}"), text);
        }
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| "a secret header's name is invalid".to_owned())?;
        let mut value = HeaderValue::from_str(&value)
            .map_err(|_| "a brokered secret is not a valid header value".to_owned())?;
        value.set_sensitive(true);
        out.push((name, value));
    }
    Ok(out)
}

/// Whether the proxy must not forward a client header: Warden's own credentials (the
/// `Txn-Token`, an `Authorization` carrying a task token) and headers it injects itself.
pub fn withheld(
    name: &HeaderName,
    value: &HeaderValue,
    injected: &[(HeaderName, HeaderValue)],
) -> bool {
    if name.as_str() == TXN_TOKEN || injected.iter().any(|(n, _)| n == name) {
        return true;
    }
    name == axum::http::header::AUTHORIZATION && is_task_token(value.to_str().unwrap_or(""))
}

/// A bearer whose JOSE header says it is a transaction token (Warden's task token).
fn is_task_token(authorization: &str) -> bool {
    let token = authorization
        .split_once(' ')
        .map(|(_, t)| t.trim())
        .unwrap_or(authorization);
    let Some(head) = token.split('.').next() else {
        return false;
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(head)
        .ok()
        .and_then(|h| serde_json::from_slice::<Value>(&h).ok())
        .and_then(|h| {
            h.get("typ")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
        })
        .is_some_and(|t| t == "txntoken+jwt")
}

/// Header carrying the task token on model API calls, where `Authorization` is the provider's.
pub const WARDEN_TASK_TOKEN: &str = "x-warden-task-token";

/// The task token a model API call presents: `Txn-Token`, else `X-Warden-Task-Token`, else an
/// `Authorization: Bearer` that is a task token (not the provider key the client sent).
pub fn presented_on_model_call(headers: &HeaderMap) -> Option<String> {
    for name in [TXN_TOKEN, WARDEN_TASK_TOKEN] {
        if let Some(v) = headers.get(name) {
            return Some(v.to_str().unwrap_or("").trim().to_owned());
        }
    }
    let auth = headers.get(axum::http::header::AUTHORIZATION)?;
    let auth = auth.to_str().unwrap_or("");
    is_task_token(auth).then(|| presented(headers)).flatten()
}

/// Whether a model API call's header is Warden's own credential, never sent to the provider.
pub fn is_warden_credential(name: &HeaderName, value: &HeaderValue) -> bool {
    name.as_str() == TXN_TOKEN
        || name.as_str() == WARDEN_TASK_TOKEN
        || (name == axum::http::header::AUTHORIZATION
            && is_task_token(value.to_str().unwrap_or("")))
}

/// A deny for a refused credential, in the gateway's mode.
pub fn refused_verdict(r: &Refusal, mode: crate::config::Mode) -> Verdict {
    crate::pipeline::apply_mode(Verdict::deny(r.reason.clone()), mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_read_from_bearer_then_txn_token() {
        let mut h = HeaderMap::new();
        assert_eq!(presented(&h), None);
        h.insert(TXN_TOKEN, HeaderValue::from_static("abc"));
        assert_eq!(presented(&h).as_deref(), Some("abc"));
        h.insert("authorization", HeaderValue::from_static("Bearer  xyz "));
        assert_eq!(presented(&h).as_deref(), Some("xyz"));
        h.insert("authorization", HeaderValue::from_static("bearer"));
        assert_eq!(presented(&h).as_deref(), Some(""));
    }

    #[test]
    fn placeholders_are_found() {
        assert_eq!(placeholders("Bearer {secret:gh-token}"), vec!["gh-token"]);
        assert_eq!(placeholders("{secret:a}:{secret:b}"), vec!["a", "b"]);
        assert!(placeholders("Bearer {secret:open").is_empty());
    }

    #[test]
    fn problems_map_to_detection() {
        assert_eq!(token_problem(Some("forged")), Some(TokenProblem::Forged));
        assert_eq!(
            token_problem(Some("delegation_widened")),
            Some(TokenProblem::DelegationWidened)
        );
        assert_eq!(token_problem(None), None);
    }

    #[test]
    fn task_tokens_are_recognised_by_header_type() {
        let head = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"alg":"ES256","typ":"txntoken+jwt","kid":"k"}"#);
        assert!(is_task_token(&format!("Bearer {head}.e30.sig")));
        assert!(!is_task_token("Bearer ghp_abcdef"));
    }
}
