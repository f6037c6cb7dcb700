//! `IdentityService`: the one object the gateway and the CLI hold. Each public method is what
//! one route or subcommand calls.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine as _;
use jsonwebtoken::Header;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use warden_core::TaskId;

use crate::agents::{Agent, NewAgent, Owner, Tier};
use crate::clock::{Clock, SystemClock, UnixSecs};
use crate::error::{IdentityError, JoinError, RevokedBy, TokenError};
use crate::exchange::{
    DelegationError, DelegationHop, ExchangeError, PreparedExchange, TokenExchangeRequest,
    TokenExchangeResponse, GRANT_TYPE_TOKEN_EXCHANGE, TOKEN_TYPE_JWT, TOKEN_TYPE_TXN,
};
use crate::jws::{self, RawHeader, TYP_SVID, TYP_TXN};
use crate::keys::{self, IssuerKey, TrustBundle};
use crate::scope::RequestedScope;
use crate::secrets::{
    self, LeaseId, ResolvedSecret, SecretAccess, SecretCipher, SecretError, SecretInfo,
    SecretLease, SecretName, SecretReferencer, SecretValue,
};
use crate::spiffe::{AgentName, SpiffeId, TrustDomain};
use crate::store::{
    AgentRow, IdentityStore, JoinRedeem, JoinTokenRow, NewLease, RevocationQuery, RevocationRow,
    SqliteStore, TaskRow, TokenRow,
};
use crate::tokens::{
    Actor, BearerToken, IssuedSvid, IssuedTaskToken, MayAct, TaskClaims, TaskContext, TaskStart,
    ValidatedSvid, ValidatedTaskToken,
};

/// The longest JWT-SVID lifetime this issuer will sign (issue #8: TTL ≤ 5 min).
pub const MAX_SVID_TTL_SECS: i64 = 300;
/// Join tokens live at most a day: they are bootstrap credentials, not keys.
pub const MAX_JOIN_TOKEN_TTL_SECS: i64 = 24 * 3600;

/// A foreign trust domain's bundle file (a SPIRE server's JWKS).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignBundle {
    pub trust_domain: TrustDomain,
    pub path: PathBuf,
}

/// The `[identity]` section of `warden.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IdentityConfig {
    pub trust_domain: TrustDomain,
    /// Lifetime of the JWT-SVIDs this gateway issues (1..=300 s).
    pub svid_ttl_secs: i64,
    /// Lifetime of a task token, further capped by the task's deadline.
    pub task_token_ttl_secs: i64,
    /// Delegation hops allowed below the agent that started a task.
    pub max_delegation_depth: usize,
    /// Tolerance for `iat`/`nbf` in the future (other hosts' clocks); expiry is never
    /// extended.
    pub clock_skew_secs: i64,
    pub join_token_ttl_secs: i64,
    /// Default lifetime of a secret lease, further capped by the holder's task token.
    pub secret_lease_ttl_secs: i64,
    pub foreign_bundles: Vec<ForeignBundle>,
}

impl Default for IdentityConfig {
    fn default() -> Self {
        Self {
            trust_domain: TrustDomain::default(),
            svid_ttl_secs: MAX_SVID_TTL_SECS,
            task_token_ttl_secs: 3600,
            max_delegation_depth: 3,
            clock_skew_secs: 30,
            join_token_ttl_secs: 3600,
            secret_lease_ttl_secs: 900,
            foreign_bundles: Vec::new(),
        }
    }
}

impl IdentityConfig {
    pub fn validate(&self) -> Result<(), IdentityError> {
        let bad = |m: &str| Err(IdentityError::Invalid(m.to_owned()));
        if !(1..=MAX_SVID_TTL_SECS).contains(&self.svid_ttl_secs) {
            return bad("identity.svid_ttl_secs must be 1..=300");
        }
        if self.task_token_ttl_secs < 1 {
            return bad("identity.task_token_ttl_secs must be positive");
        }
        if self.max_delegation_depth > 16 {
            return bad("identity.max_delegation_depth must be at most 16");
        }
        if !(0..=300).contains(&self.clock_skew_secs) {
            return bad("identity.clock_skew_secs must be 0..=300");
        }
        if !(1..=MAX_JOIN_TOKEN_TTL_SECS).contains(&self.join_token_ttl_secs) {
            return bad("identity.join_token_ttl_secs must be 1..=86400");
        }
        if self.secret_lease_ttl_secs < 1 {
            return bad("identity.secret_lease_ttl_secs must be positive");
        }
        if self
            .foreign_bundles
            .iter()
            .any(|b| b.trust_domain == self.trust_domain)
        {
            return bad("a foreign bundle cannot be configured for the local trust domain");
        }
        Ok(())
    }
}

/// What to revoke.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum RevokeTarget {
    /// Everything the task holds: its tokens (every delegation hop) and its secret leases.
    Task(TaskId),
    /// Every credential the agent holds or acts in, issued up to now.
    Agent(SpiffeId),
    /// One token by `jti`, and every token exchanged from it.
    Token(String),
    /// One secret lease.
    Lease(LeaseId),
}

/// Why something was revoked (kept with the revocation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationReason {
    TaskEnded,
    Operator,
    AgentRemoved,
    /// A detector's response (its id, e.g. `exfil.secret_egress`).
    Detector(String),
}

impl RevocationReason {
    fn encode(&self) -> String {
        match self {
            RevocationReason::TaskEnded => "task_ended".into(),
            RevocationReason::Operator => "operator".into(),
            RevocationReason::AgentRemoved => "agent_removed".into(),
            RevocationReason::Detector(d) => format!(
                "detector:{}",
                d.chars()
                    .filter(|c| !c.is_control())
                    .take(128)
                    .collect::<String>()
            ),
        }
    }
}

/// A revocation now in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Revocation {
    pub target: RevokeTarget,
    pub reason: RevocationReason,
    pub at: UnixSecs,
}

/// A single-use join token, shown once to the operator.
#[derive(Clone, Debug)]
pub struct JoinToken {
    pub token: BearerToken,
    pub agent: AgentName,
    pub expires_at: UnixSecs,
}

/// Environment variables for an agent process spawned by `warden run`.
#[derive(Clone)]
pub struct SpawnEnv {
    vars: Vec<(&'static str, String)>,
    pub svid: IssuedSvid,
    pub task: Option<IssuedTaskToken>,
}

impl SpawnEnv {
    pub const URL: &'static str = "WARDEN_GATEWAY";
    pub const AGENT_ID: &'static str = "WARDEN_AGENT_ID";
    pub const SVID: &'static str = "WARDEN_SVID";
    pub const SVID_EXPIRES: &'static str = "WARDEN_SVID_EXPIRES_AT";
    pub const TASK_ID: &'static str = "WARDEN_TASK_ID";
    pub const TASK_TOKEN: &'static str = "WARDEN_TASK_TOKEN";

    /// Every variable, for `Command::envs`.
    pub fn vars(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.vars.iter().map(|(k, v)| (*k, v.as_str()))
    }

    pub fn apply(&self, cmd: &mut std::process::Command) {
        cmd.envs(self.vars());
    }
}

impl std::fmt::Debug for SpawnEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.vars.iter().map(|(k, _)| *k).collect();
        f.debug_struct("SpawnEnv")
            .field("vars", &names)
            .field("svid", &self.svid)
            .field("task", &self.task)
            .finish()
    }
}

/// The identity service. `Send + Sync`: share it behind an `Arc`.
pub struct IdentityService {
    cfg: IdentityConfig,
    clock: Arc<dyn Clock>,
    store: Box<dyn IdentityStore>,
    issuer: IssuerKey,
    local_bundle: TrustBundle,
    foreign: RwLock<BTreeMap<TrustDomain, TrustBundle>>,
    secrets_key: PathBuf,
    cipher: OnceLock<SecretCipher>,
}

impl std::fmt::Debug for IdentityService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityService")
            .field("trust_domain", &self.cfg.trust_domain)
            .field("kid", &self.issuer.kid())
            .finish_non_exhaustive()
    }
}

/// The file layout under the data directory.
pub fn identity_db_path(data_dir: &Path) -> PathBuf {
    data_dir.join("identity.db")
}
pub fn issuer_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join("keys/svid-issuer.p8")
}
pub fn secrets_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join("keys/secrets.key")
}

fn random_id() -> Result<String, IdentityError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| IdentityError::Signing(format!("no randomness: {e}")))?;
    Ok(B64URL.encode(b))
}

fn short_text(what: &str, s: &str) -> Result<String, IdentityError> {
    if s.is_empty() || s.len() > 256 || s.chars().any(char::is_control) {
        return Err(IdentityError::Invalid(format!(
            "{what} must be 1..=256 characters without control characters"
        )));
    }
    Ok(s.to_owned())
}

fn claim_i64(v: &Value, name: &'static str) -> Result<Option<i64>, TokenError> {
    match v.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(n) => n.as_i64().map(Some).ok_or(TokenError::BadClaim(name)),
    }
}

fn claim_str<'a>(v: &'a Value, name: &'static str) -> Result<&'a str, TokenError> {
    match v.get(name) {
        None | Some(Value::Null) => Err(TokenError::MissingClaim(name)),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(TokenError::BadClaim(name)),
    }
}

/// Exactly one audience equal to `expected`.
fn check_audience(v: &Value, expected: &str) -> Result<String, TokenError> {
    let one = match v.get("aud") {
        None | Some(Value::Null) => return Err(TokenError::MissingClaim("aud")),
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Array(a)) if a.len() == 1 => {
            a[0].as_str().ok_or(TokenError::BadClaim("aud"))?
        }
        Some(Value::Array(a)) if a.is_empty() => return Err(TokenError::MissingClaim("aud")),
        Some(Value::Array(a)) => return Err(TokenError::MultipleAudiences { count: a.len() }),
        Some(_) => return Err(TokenError::BadClaim("aud")),
    };
    if one != expected {
        return Err(TokenError::WrongAudience {
            expected: expected.to_owned(),
        });
    }
    Ok(one.to_owned())
}

/// Issued-at, not-before and expiry against `now`. Returns (iat, exp).
fn check_times(
    v: &Value,
    now: UnixSecs,
    skew: i64,
    require_iat: bool,
) -> Result<(Option<i64>, i64), TokenError> {
    let exp = claim_i64(v, "exp")?.ok_or(TokenError::MissingClaim("exp"))?;
    let iat = claim_i64(v, "iat")?;
    if require_iat && iat.is_none() {
        return Err(TokenError::MissingClaim("iat"));
    }
    let nbf = claim_i64(v, "nbf")?;
    for start in [iat, nbf].into_iter().flatten() {
        if start > now.saturating_add(skew) {
            return Err(TokenError::NotYetValid {
                in_secs: start - now,
            });
        }
    }
    if exp <= now {
        return Err(TokenError::Expired {
            ago_secs: now - exp,
        });
    }
    Ok((iat, exp))
}

impl IdentityService {
    /// Opens the service on a data directory: `identity.db`, `keys/svid-issuer.p8` (created
    /// on first use), `keys/secrets.key` (created on first secret operation), and the
    /// configured foreign bundles.
    pub fn open(data_dir: &Path, cfg: IdentityConfig) -> Result<Self, IdentityError> {
        Self::open_with_clock(data_dir, cfg, Arc::new(SystemClock))
    }

    pub fn open_with_clock(
        data_dir: &Path,
        cfg: IdentityConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, IdentityError> {
        std::fs::create_dir_all(data_dir).map_err(|e| IdentityError::Key {
            path: data_dir.display().to_string(),
            reason: e.to_string(),
        })?;
        let issuer = IssuerKey::load_or_create(&issuer_key_path(data_dir))?;
        let store = SqliteStore::open(&identity_db_path(data_dir))?;
        Self::from_parts(
            cfg,
            Box::new(store),
            issuer,
            secrets_key_path(data_dir),
            clock,
        )
    }

    /// Opens the service with its state in a PostgreSQL shared by a fleet of gateways. The
    /// keys stay in the data directory: give every gateway of the fleet the same
    /// `keys/svid-issuer.p8` (and `keys/secrets.key`) so credentials issued by one hold on all.
    pub fn open_postgres(
        data_dir: &Path,
        cfg: IdentityConfig,
        url: &warden_pg::PgUrl,
    ) -> Result<Self, IdentityError> {
        std::fs::create_dir_all(data_dir).map_err(|e| IdentityError::Key {
            path: data_dir.display().to_string(),
            reason: e.to_string(),
        })?;
        let issuer = IssuerKey::load_or_create(&issuer_key_path(data_dir))?;
        let store = crate::pg_store::PgIdentityStore::open(url)?;
        Self::from_parts(
            cfg,
            Box::new(store),
            issuer,
            secrets_key_path(data_dir),
            Arc::new(SystemClock),
        )
    }

    /// Assembles a service from its parts (another store backend, a key from elsewhere).
    pub fn from_parts(
        cfg: IdentityConfig,
        store: Box<dyn IdentityStore>,
        issuer: IssuerKey,
        secrets_key: PathBuf,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, IdentityError> {
        cfg.validate()?;
        let local_bundle = TrustBundle::local(cfg.trust_domain.clone(), &issuer);
        let svc = Self {
            cfg,
            clock,
            store,
            issuer,
            local_bundle,
            foreign: RwLock::new(BTreeMap::new()),
            secrets_key,
            cipher: OnceLock::new(),
        };
        svc.reload_foreign_bundles()?;
        Ok(svc)
    }

    pub fn config(&self) -> &IdentityConfig {
        &self.cfg
    }

    pub fn trust_domain(&self) -> &TrustDomain {
        &self.cfg.trust_domain
    }

    /// This gateway's SPIFFE id: the issuer of its tokens and the audience SVIDs must name.
    pub fn warden_id(&self) -> SpiffeId {
        self.cfg.trust_domain.warden_id()
    }

    fn now(&self) -> UnixSecs {
        self.clock.now()
    }

    // ---- trust bundles --------------------------------------------------------------------

    /// The JSON `GET /v1/bundle` serves: the local trust domain's JWT-SVID keys as a SPIFFE
    /// bundle (JWKS with `use: jwt-svid`).
    pub fn bundle_jwks(&self) -> Value {
        keys::jwks_json(&self.issuer, self.cfg.svid_ttl_secs)
    }

    /// (Re)reads every configured foreign bundle file; on any error the old set stays.
    pub fn reload_foreign_bundles(&self) -> Result<(), IdentityError> {
        let mut fresh = BTreeMap::new();
        for fb in &self.cfg.foreign_bundles {
            let b = TrustBundle::from_file(fb.trust_domain.clone(), &fb.path)?;
            fresh.insert(fb.trust_domain.clone(), b);
        }
        let mut guard = self
            .foreign
            .write()
            .map_err(|_| IdentityError::Storage("bundle lock poisoned".into()))?;
        // Bundles added programmatically (not from config) survive a reload.
        let configured: Vec<TrustDomain> = self
            .cfg
            .foreign_bundles
            .iter()
            .map(|b| b.trust_domain.clone())
            .collect();
        guard.retain(|td, _| !configured.contains(td));
        guard.extend(fresh);
        Ok(())
    }

    /// Trusts a foreign trust domain's bundle (replacing an earlier one for it).
    pub fn add_foreign_bundle(&self, bundle: TrustBundle) -> Result<(), IdentityError> {
        if bundle.trust_domain() == &self.cfg.trust_domain {
            return Err(IdentityError::Bundle {
                trust_domain: bundle.trust_domain().to_string(),
                reason: "that is the local trust domain; its keys are this issuer's".into(),
            });
        }
        self.foreign
            .write()
            .map_err(|_| IdentityError::Storage("bundle lock poisoned".into()))?
            .insert(bundle.trust_domain().clone(), bundle);
        Ok(())
    }

    pub fn foreign_trust_domains(&self) -> Vec<TrustDomain> {
        self.foreign
            .read()
            .map(|g| g.keys().cloned().collect())
            .unwrap_or_default()
    }

    // ---- agents ---------------------------------------------------------------------------

    fn agent_from_row(&self, row: AgentRow) -> Result<Agent, IdentityError> {
        Ok(Agent {
            name: AgentName::new(&row.name)?,
            id: SpiffeId::parse(&row.spiffe_id)?,
            owner: Owner::new(&row.owner)?,
            tier: row.tier.parse::<Tier>()?,
            created_at: row.created_at,
        })
    }

    /// `warden agent add NAME --owner O --tier T`.
    pub fn add_agent(&self, new: NewAgent) -> Result<Agent, IdentityError> {
        let agent = Agent {
            id: self.cfg.trust_domain.agent_id(&new.name),
            name: new.name,
            owner: new.owner,
            tier: new.tier,
            created_at: self.now(),
        };
        let inserted = self.store.insert_agent(&AgentRow {
            name: agent.name.as_str().to_owned(),
            spiffe_id: agent.id.as_str().to_owned(),
            owner: agent.owner.as_str().to_owned(),
            tier: agent.tier.as_str().to_owned(),
            created_at: agent.created_at,
        })?;
        if !inserted {
            return Err(IdentityError::AgentExists(agent.name.to_string()));
        }
        Ok(agent)
    }

    pub fn get_agent(&self, name: &AgentName) -> Result<Option<Agent>, IdentityError> {
        self.store
            .get_agent(name.as_str())?
            .map(|r| self.agent_from_row(r))
            .transpose()
    }

    /// `warden agent list`.
    pub fn list_agents(&self) -> Result<Vec<Agent>, IdentityError> {
        self.store
            .list_agents()?
            .into_iter()
            .map(|r| self.agent_from_row(r))
            .collect()
    }

    /// `warden agent remove NAME`: unregisters the agent and revokes every credential it holds
    /// or acts in.
    pub fn remove_agent(&self, name: &AgentName) -> Result<Agent, IdentityError> {
        let agent = self
            .get_agent(name)?
            .ok_or_else(|| IdentityError::UnknownAgent(name.to_string()))?;
        // Revoke first: if the delete then fails, the agent is still unusable.
        self.revoke(
            RevokeTarget::Agent(agent.id.clone()),
            RevocationReason::AgentRemoved,
        )?;
        self.store.delete_agent(name.as_str())?;
        Ok(agent)
    }

    fn require_agent(&self, name: &AgentName) -> Result<Agent, IdentityError> {
        self.get_agent(name)?
            .ok_or_else(|| IdentityError::UnknownAgent(name.to_string()))
    }

    // ---- attestation ----------------------------------------------------------------------

    /// `warden agent join NAME`: a single-use bootstrap token for the agent (`ttl` defaults to
    /// the configured one, at most a day).
    pub fn create_join_token(
        &self,
        agent: &AgentName,
        ttl_secs: Option<i64>,
    ) -> Result<JoinToken, IdentityError> {
        self.require_agent(agent)?;
        let ttl = ttl_secs.unwrap_or(self.cfg.join_token_ttl_secs);
        if !(1..=MAX_JOIN_TOKEN_TTL_SECS).contains(&ttl) {
            return Err(IdentityError::Invalid(
                "a join token's lifetime must be 1 s to 24 h".into(),
            ));
        }
        let mut secret = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::fill(secret.as_mut_slice())
            .map_err(|e| IdentityError::Signing(format!("no randomness: {e}")))?;
        // A recognisable prefix lets secret scanners (and warden-redact) spot leaked ones.
        let text = format!("wjt_{}", B64URL.encode(secret.as_slice()));
        let now = self.now();
        self.store.insert_join_token(&JoinTokenRow {
            hash: jws::token_digest(&text),
            agent: agent.as_str().to_owned(),
            created_at: now,
            expires_at: now + ttl,
        })?;
        Ok(JoinToken {
            token: BearerToken::new(text),
            agent: agent.clone(),
            expires_at: now + ttl,
        })
    }

    /// Redeems a join token once for the agent's first SVID.
    pub fn redeem_join_token(&self, token: &str) -> Result<IssuedSvid, IdentityError> {
        let token = token.trim();
        if token.is_empty() {
            return Err(TokenError::Missing.into());
        }
        let now = self.now();
        let row = match self
            .store
            .redeem_join_token(&jws::token_digest(token), now)?
        {
            JoinRedeem::Redeemed(row) => row,
            JoinRedeem::Unknown => return Err(JoinError::Unknown.into()),
            JoinRedeem::Expired => return Err(JoinError::Expired.into()),
            JoinRedeem::AlreadyUsed => return Err(JoinError::AlreadyUsed.into()),
        };
        let name = AgentName::new(&row.agent)?;
        let agent = self.get_agent(&name)?.ok_or(JoinError::AgentGone)?;
        // A token minted before the agent was revoked must not outlive the revocation.
        let revoked = self.store.find_revocation(&RevocationQuery {
            agents: vec![agent.id.as_str().to_owned()],
            issued_at: row.created_at,
            ..Default::default()
        })?;
        if revoked.is_some() {
            return Err(JoinError::AgentGone.into());
        }
        self.mint_svid(&agent)
    }

    /// Spawn attestation (`warden run --agent NAME -- CMD…`): the operator's own process vouches
    /// for the child it starts, so it gets an SVID without a join token, and optionally a task.
    pub fn spawn_env(
        &self,
        agent: &AgentName,
        gateway_url: &str,
        task: Option<TaskStart>,
    ) -> Result<SpawnEnv, IdentityError> {
        let url_ok = (gateway_url.starts_with("http://") || gateway_url.starts_with("https://"))
            && gateway_url.len() <= 2048
            && !gateway_url
                .chars()
                .any(|c| c.is_control() || c.is_whitespace());
        if !url_ok {
            return Err(IdentityError::Invalid(
                "the gateway URL must be an http:// or https:// URL".into(),
            ));
        }
        let svid = self.issue_svid(agent)?;
        let mut vars = vec![
            (SpawnEnv::URL, gateway_url.to_owned()),
            (SpawnEnv::AGENT_ID, svid.spiffe_id.to_string()),
            (SpawnEnv::SVID, svid.token.expose().to_owned()),
            (SpawnEnv::SVID_EXPIRES, svid.expires_at.to_string()),
        ];
        let task = match task {
            Some(start) => {
                let validated = self.validate_svid(svid.token.expose())?;
                let issued = self.start_task(&validated, start)?;
                vars.push((SpawnEnv::TASK_ID, issued.claims.txn.to_string()));
                vars.push((SpawnEnv::TASK_TOKEN, issued.token.expose().to_owned()));
                Some(issued)
            }
            None => None,
        };
        Ok(SpawnEnv { vars, svid, task })
    }

    // ---- JWT-SVIDs ------------------------------------------------------------------------

    /// Issues a JWT-SVID for a registered agent, for this gateway's audience.
    pub fn issue_svid(&self, agent: &AgentName) -> Result<IssuedSvid, IdentityError> {
        let agent = self.require_agent(agent)?;
        self.mint_svid(&agent)
    }

    /// Renews a still-valid JWT-SVID this gateway issued: a fresh one for the same agent.
    pub fn renew_svid(&self, token: &str) -> Result<IssuedSvid, IdentityError> {
        let current = self.validate_svid(token)?;
        if !current.is_local() {
            return Err(IdentityError::Invalid(
                "only SVIDs issued by this gateway are renewed here; renew a SPIRE SVID with SPIRE"
                    .into(),
            ));
        }
        let name = current
            .spiffe_id()
            .agent_name()
            .ok_or(TokenError::UnknownAgent)?;
        self.issue_svid(&name)
    }

    pub(crate) fn sign<T: Serialize>(
        &self,
        typ: &str,
        claims: &T,
    ) -> Result<String, IdentityError> {
        let mut header = Header::new(keys::ISSUER_ALG);
        header.kid = Some(self.issuer.kid().to_owned());
        header.typ = Some(typ.to_owned());
        jsonwebtoken::encode(&header, claims, self.issuer.encoding())
            .map_err(|e| IdentityError::Signing(e.to_string()))
    }

    fn mint_svid(&self, agent: &Agent) -> Result<IssuedSvid, IdentityError> {
        let now = self.now();
        let exp = now + self.cfg.svid_ttl_secs;
        let jti = random_id()?;
        let audience = self.warden_id().to_string();
        let claims = json!({
            "sub": agent.id,
            "aud": audience,
            "iss": self.warden_id(),
            "iat": now,
            "exp": exp,
            "jti": jti,
        });
        let token = self.sign(TYP_SVID, &claims)?;
        self.store.insert_token(&TokenRow {
            jti: jti.clone(),
            lease: format!("agent/{}/svid/{jti}", agent.name),
            kind: "svid".into(),
            agent: agent.id.to_string(),
            task_id: None,
            issued_at: now,
            expires_at: exp,
        })?;
        Ok(IssuedSvid {
            token: BearerToken::new(token),
            spiffe_id: agent.id.clone(),
            audience,
            jti,
            issued_at: now,
            expires_at: exp,
        })
    }

    fn kid<'h>(&self, header: &'h RawHeader) -> Result<&'h str, TokenError> {
        header
            .kid
            .as_deref()
            .filter(|k| !k.is_empty())
            .ok_or(TokenError::MissingKid)
    }

    /// Validates a JWT-SVID presented to this gateway: issued here, or by a foreign trust
    /// domain whose bundle is configured.
    pub fn validate_svid(&self, token: &str) -> Result<ValidatedSvid, TokenError> {
        let header = jws::read_header(token)?;
        match header.typ.as_deref() {
            None => {}
            Some(t) if t.eq_ignore_ascii_case("JWT") || t.eq_ignore_ascii_case("JOSE") => {}
            Some(t) if t.eq_ignore_ascii_case(TYP_TXN) => {
                return Err(TokenError::WrongTokenType {
                    expected: "JWT-SVID",
                    got: "task token",
                })
            }
            Some(_) => {
                return Err(TokenError::WrongTokenType {
                    expected: "JWT-SVID",
                    got: "token of another type",
                })
            }
        }
        let kid = self.kid(&header)?;
        // The subject's trust domain picks the bundle (SPIFFE JWT-SVID §4); the unverified
        // claim is used for nothing else.
        let peeked = jws::peek_claims(token)?;
        let sub = SpiffeId::parse(claim_str(&peeked, "sub")?).map_err(TokenError::BadSubject)?;
        let td = sub.trust_domain();
        let local = td == self.cfg.trust_domain;
        let claims: Value = if local {
            let key = self
                .local_bundle
                .key(kid)
                .ok_or_else(|| TokenError::UnknownKid {
                    trust_domain: td.to_string(),
                })?;
            jws::verify(token, &header, key)?
        } else {
            let guard = self
                .foreign
                .read()
                .map_err(|_| TokenError::Unavailable("bundle lock poisoned".into()))?;
            let bundle = guard
                .get(&td)
                .ok_or_else(|| TokenError::UntrustedTrustDomain(td.to_string()))?;
            let key = bundle.key(kid).ok_or_else(|| TokenError::UnknownKid {
                trust_domain: td.to_string(),
            })?;
            jws::verify(token, &header, key)?
        };
        // Re-read the subject from the verified claims.
        let sub = SpiffeId::parse(claim_str(&claims, "sub")?).map_err(TokenError::BadSubject)?;
        if sub.trust_domain() != td {
            return Err(TokenError::BadSignature);
        }
        let audience = check_audience(&claims, self.warden_id().as_str())?;
        let now = self.now();
        let (iat, exp) = check_times(&claims, now, self.cfg.clock_skew_secs, local)?;
        let jti = match claims.get("jti") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if !s.is_empty() && s.len() <= 256 => Some(s.clone()),
            Some(_) => return Err(TokenError::BadClaim("jti")),
        };
        if local {
            let iat = iat.ok_or(TokenError::MissingClaim("iat"))?;
            if exp - iat > MAX_SVID_TTL_SECS {
                return Err(TokenError::LifetimeTooLong {
                    lifetime_secs: exp - iat,
                    max_secs: MAX_SVID_TTL_SECS,
                });
            }
            let iss = claim_str(&claims, "iss")?;
            if iss != self.warden_id().as_str() {
                return Err(TokenError::WrongIssuer {
                    expected: self.warden_id().to_string(),
                });
            }
        }
        // Revocation, then registration (a removed agent reads as revoked, not unknown).
        let mut q = RevocationQuery {
            jti: jti.clone(),
            agents: vec![sub.to_string()],
            // Without `iat`, any revocation of the agent applies (fail closed).
            issued_at: iat.unwrap_or(i64::MIN),
            lease_paths: Vec::new(),
        };
        if local {
            let jti = jti.as_deref().ok_or(TokenError::MissingClaim("jti"))?;
            let row = self
                .store
                .get_token(jti)
                .map_err(|e| TokenError::Unavailable(e.to_string()))?
                .ok_or(TokenError::UnknownToken)?;
            if row.kind != "svid" || row.agent != sub.as_str() {
                return Err(TokenError::UnknownToken);
            }
            q.lease_paths = secrets::ancestors(&row.lease);
        }
        self.check_revocation(&q, RevokedBy::Token)?;
        if local {
            let name = sub.agent_name().ok_or(TokenError::UnknownAgent)?;
            let agent = self
                .get_agent(&name)
                .map_err(|e| TokenError::Unavailable(e.to_string()))?
                .ok_or(TokenError::UnknownAgent)?;
            if agent.id != sub {
                return Err(TokenError::UnknownAgent);
            }
        }
        Ok(ValidatedSvid {
            spiffe_id: sub,
            audience,
            jti,
            issued_at: iat,
            expires_at: exp,
            local,
            digest: jws::token_digest(token),
        })
    }

    /// Maps a revocation in force to the refusal; `deeper` names what a lease path below the
    /// task level means for this credential.
    fn check_revocation(&self, q: &RevocationQuery, deeper: RevokedBy) -> Result<(), TokenError> {
        let hit = self
            .store
            .find_revocation(q)
            .map_err(|e| TokenError::Unavailable(e.to_string()))?;
        let Some(row) = hit else { return Ok(()) };
        Err(match row.kind.as_str() {
            "agent" => TokenError::Revoked(RevokedBy::Agent),
            "jti" => TokenError::Revoked(RevokedBy::Token),
            _ if row.reason == "task_ended" => TokenError::TaskEnded,
            _ if row.value.starts_with("task/") && row.value.matches('/').count() == 1 => {
                TokenError::Revoked(RevokedBy::Task)
            }
            _ if row.value.contains("/secret/") => TokenError::Revoked(RevokedBy::Lease),
            _ => TokenError::Revoked(deeper),
        })
    }

    // ---- task tokens ----------------------------------------------------------------------

    /// `POST /v1/tasks` with a valid agent identity: records the task for revocation and
    /// returns its first task token.
    pub fn start_task(
        &self,
        agent: &ValidatedSvid,
        start: TaskStart,
    ) -> Result<IssuedTaskToken, IdentityError> {
        start
            .scope
            .validate()
            .map_err(|e| IdentityError::Invalid(e.to_string()))?;
        let now = self.now();
        if start.deadline.is_some_and(|d| d <= now) {
            return Err(IdentityError::Invalid("the deadline is in the past".into()));
        }
        let subject = match &start.subject {
            Some(s) => short_text("subject", s)?,
            None => agent.spiffe_id().to_string(),
        };
        let trigger = start
            .trigger
            .as_deref()
            .map(|t| short_text("trigger", t))
            .transpose()?;
        // Revocations are re-checked here, since the SVID may have been validated a while ago.
        self.check_revocation(
            &RevocationQuery {
                agents: vec![agent.spiffe_id().to_string()],
                issued_at: agent.issued_at().unwrap_or(i64::MIN),
                jti: agent.jti().map(str::to_owned),
                ..Default::default()
            },
            RevokedBy::Token,
        )?;
        let inserted = self.store.insert_task(&TaskRow {
            task_id: start.task_id.to_string(),
            agent: agent.spiffe_id().to_string(),
            deadline: start.deadline,
            created_at: now,
            ended_at: None,
        })?;
        if !inserted {
            return Err(IdentityError::TaskExists(start.task_id.to_string()));
        }
        let ttl_exp = now.saturating_add(self.cfg.task_token_ttl_secs);
        let exp = start.deadline.map_or(ttl_exp, |d| d.min(ttl_exp));
        let jti = random_id()?;
        let claims = TaskClaims {
            iss: self.warden_id().to_string(),
            aud: self.cfg.trust_domain.id_string(),
            sub: subject,
            iat: now,
            exp,
            jti: jti.clone(),
            txn: start.task_id.clone(),
            scope: start.scope.to_scope_string(),
            tctx: TaskContext {
                scope: start.scope,
                deadline: start.deadline,
                trigger,
                parent_jti: None,
            },
            act: Actor::new(agent.spiffe_id().clone()),
            may_act: start.may_act.map(|sub| MayAct { sub }),
        };
        let lease = format!("{}/token/{jti}", secrets::task_path(&start.task_id));
        self.issue_task_token(claims, lease)
    }

    fn issue_task_token(
        &self,
        claims: TaskClaims,
        lease: String,
    ) -> Result<IssuedTaskToken, IdentityError> {
        let token = self.sign(TYP_TXN, &claims)?;
        self.store.insert_token(&TokenRow {
            jti: claims.jti.clone(),
            lease,
            kind: "task".into(),
            agent: claims.act.sub.to_string(),
            task_id: Some(claims.txn.to_string()),
            issued_at: claims.iat,
            expires_at: claims.exp,
        })?;
        Ok(IssuedTaskToken {
            token: BearerToken::new(token),
            claims,
        })
    }

    /// Validates a task token (on every use: revocation takes effect on the next call).
    pub fn validate_task_token(&self, token: &str) -> Result<ValidatedTaskToken, TokenError> {
        let header = jws::read_header(token)?;
        match header.typ.as_deref() {
            Some(t) if t.eq_ignore_ascii_case(TYP_TXN) => {}
            Some(t) if t.eq_ignore_ascii_case("JWT") || t.eq_ignore_ascii_case("JOSE") => {
                return Err(TokenError::WrongTokenType {
                    expected: "task token",
                    got: "JWT-SVID",
                })
            }
            _ => {
                return Err(TokenError::WrongTokenType {
                    expected: "task token",
                    got: "token of another type",
                })
            }
        }
        let kid = self.kid(&header)?;
        let key = self
            .local_bundle
            .key(kid)
            .ok_or_else(|| TokenError::UnknownKid {
                trust_domain: self.cfg.trust_domain.to_string(),
            })?;
        let claims: Value = jws::verify(token, &header, key)?;
        let iss = claim_str(&claims, "iss")?;
        if iss != self.warden_id().as_str() {
            // Another Warden's task token names its trust domain in `iss`: say so.
            return Err(match SpiffeId::parse(iss) {
                Ok(id) if id.trust_domain() != self.cfg.trust_domain => {
                    TokenError::WrongTrustDomain {
                        expected: self.cfg.trust_domain.to_string(),
                        got: id.trust_domain().to_string(),
                    }
                }
                _ => TokenError::WrongIssuer {
                    expected: self.warden_id().to_string(),
                },
            });
        }
        check_audience(&claims, &self.cfg.trust_domain.id_string())?;
        check_times(&claims, self.now(), self.cfg.clock_skew_secs, true)?;
        let claims: TaskClaims =
            serde_json::from_value(claims).map_err(|_| TokenError::BadClaim("task claims"))?;
        if claims.act.depth() > self.cfg.max_delegation_depth {
            return Err(TokenError::BadClaim("act"));
        }
        let row = self
            .store
            .get_token(&claims.jti)
            .map_err(|e| TokenError::Unavailable(e.to_string()))?
            .ok_or(TokenError::UnknownToken)?;
        if row.kind != "task" || row.task_id.as_deref() != Some(claims.txn.as_str()) {
            return Err(TokenError::UnknownToken);
        }
        self.check_task_token_revocation(&claims, &row.lease)?;
        Ok(ValidatedTaskToken {
            claims,
            lease: row.lease,
            digest: jws::token_digest(token),
        })
    }

    fn check_task_token_revocation(
        &self,
        claims: &TaskClaims,
        lease: &str,
    ) -> Result<(), TokenError> {
        self.check_revocation(
            &RevocationQuery {
                lease_paths: secrets::ancestors(lease),
                jti: Some(claims.jti.clone()),
                agents: claims.act.chain().iter().map(|a| a.to_string()).collect(),
                issued_at: claims.iat,
            },
            RevokedBy::Token,
        )
    }

    /// The task ended (`POST /v1/tasks/{id}/end`): everything it holds stops working. Returns
    /// whether the identity service knew the task; the revocation is recorded either way.
    pub fn end_task(&self, task: &TaskId) -> Result<bool, IdentityError> {
        let known = self.store.end_task(task.as_str(), self.now())?;
        self.revoke(
            RevokeTarget::Task(task.clone()),
            RevocationReason::TaskEnded,
        )?;
        Ok(known)
    }

    // ---- delegation -----------------------------------------------------------------------

    /// Checks a `POST /v1/token` request and builds the hop for policy. Delegation rules
    /// (scope narrowing, depth, `may_act`) are enforced here; policy may still refuse the hop.
    pub fn prepare_exchange(
        &self,
        req: &TokenExchangeRequest,
    ) -> Result<PreparedExchange, ExchangeError> {
        if req.grant_type.as_deref() != Some(GRANT_TYPE_TOKEN_EXCHANGE) {
            return Err(ExchangeError::UnsupportedGrantType);
        }
        let subject = req
            .subject_token
            .as_deref()
            .filter(|t| !t.is_empty())
            .ok_or(ExchangeError::InvalidRequest("subject_token is required"))?;
        match req.subject_token_type.as_deref() {
            Some(TOKEN_TYPE_TXN) | Some(TOKEN_TYPE_JWT) => {}
            None => {
                return Err(ExchangeError::InvalidRequest(
                    "subject_token_type is required",
                ))
            }
            Some(_) => {
                return Err(ExchangeError::InvalidRequest(
                    "subject_token_type must be urn:ietf:params:oauth:token-type:txn_token",
                ))
            }
        }
        // Delegation needs a delegate: an exchange without an actor would be impersonation.
        let actor = req.actor_token.as_deref().filter(|t| !t.is_empty()).ok_or(
            ExchangeError::InvalidRequest("actor_token (the delegate's JWT-SVID) is required"),
        )?;
        match req.actor_token_type.as_deref() {
            Some(TOKEN_TYPE_JWT) => {}
            None => {
                return Err(ExchangeError::InvalidRequest(
                    "actor_token_type is required with actor_token",
                ))
            }
            Some(_) => {
                return Err(ExchangeError::InvalidRequest(
                    "actor_token_type must be urn:ietf:params:oauth:token-type:jwt",
                ))
            }
        }
        match req.requested_token_type.as_deref() {
            None | Some(TOKEN_TYPE_TXN) => {}
            Some(_) => {
                return Err(ExchangeError::InvalidRequest(
                    "only txn_token can be requested",
                ))
            }
        }
        if req.resource.is_some() {
            return Err(ExchangeError::InvalidTarget);
        }
        if let Some(aud) = req.audience.as_deref() {
            if aud != self.cfg.trust_domain.id_string() {
                return Err(ExchangeError::InvalidTarget);
            }
        }
        let requested = match req.scope.as_deref() {
            Some(s) => RequestedScope::parse(s).map_err(ExchangeError::BadScope)?,
            None => RequestedScope::default(),
        };
        let parent = self
            .validate_task_token(subject)
            .map_err(ExchangeError::SubjectToken)?;
        let delegate = self
            .validate_svid(actor)
            .map_err(ExchangeError::ActorToken)?;
        let claims = parent.claims();
        let hop = DelegationHop {
            task_id: claims.txn.clone(),
            parent_jti: claims.jti.clone(),
            subject: claims.sub.clone(),
            from: claims.act.sub.clone(),
            to: delegate.spiffe_id().clone(),
            prior_chain: claims.act.chain().into_iter().cloned().collect(),
            depth: claims.act.depth() + 1,
            max_depth: self.cfg.max_delegation_depth,
            parent_scope: claims.tctx.scope.clone(),
            child_scope: claims.tctx.scope.with_requested(&requested),
            may_act: claims.may_act.as_ref().map(|m| m.sub.clone()),
        };
        let violation = if hop.may_act.as_ref().is_some_and(|m| m != &hop.to) {
            Some(DelegationError::NotMayAct {
                actor: hop.to.clone(),
            })
        } else if hop.depth > hop.max_depth {
            Some(DelegationError::TooDeep {
                depth: hop.depth,
                max: hop.max_depth,
            })
        } else if let Err(w) = hop.child_scope.validate() {
            return Err(ExchangeError::BadScope(w));
        } else {
            hop.parent_scope
                .check_narrows(&hop.child_scope)
                .err()
                .map(DelegationError::ScopeWidened)
        };
        if let Some(violation) = violation {
            return Err(ExchangeError::Delegation {
                violation,
                hop: Box::new(hop),
            });
        }
        Ok(PreparedExchange {
            hop,
            parent,
            actor: delegate,
        })
    }

    /// Issues the child token of a prepared exchange (after policy allowed the hop).
    pub fn complete_exchange(
        &self,
        prepared: PreparedExchange,
    ) -> Result<TokenExchangeResponse, ExchangeError> {
        let PreparedExchange { hop, parent, actor } = prepared;
        // Time passed while policy decided: the parent or the delegate may have been revoked.
        self.check_task_token_revocation(parent.claims(), &parent.lease)
            .map_err(ExchangeError::SubjectToken)?;
        self.check_revocation(
            &RevocationQuery {
                agents: vec![actor.spiffe_id().to_string()],
                issued_at: actor.issued_at().unwrap_or(i64::MIN),
                jti: actor.jti().map(str::to_owned),
                ..Default::default()
            },
            RevokedBy::Token,
        )
        .map_err(ExchangeError::ActorToken)?;
        let now = self.now();
        let pc = parent.claims();
        let exp = pc.exp.min(now.saturating_add(self.cfg.task_token_ttl_secs));
        if exp <= now {
            return Err(ExchangeError::SubjectToken(TokenError::Expired {
                ago_secs: now - exp,
            }));
        }
        let jti = random_id().map_err(|e| ExchangeError::Unavailable(e.to_string()))?;
        let claims = TaskClaims {
            iss: pc.iss.clone(),
            aud: pc.aud.clone(),
            sub: pc.sub.clone(),
            iat: now,
            exp,
            jti: jti.clone(),
            txn: pc.txn.clone(),
            scope: hop.child_scope.to_scope_string(),
            tctx: TaskContext {
                scope: hop.child_scope.clone(),
                deadline: pc.tctx.deadline,
                trigger: pc.tctx.trigger.clone(),
                parent_jti: Some(pc.jti.clone()),
            },
            act: Actor::nest(actor.spiffe_id().clone(), pc.act.clone()),
            may_act: None,
        };
        // The child's path extends the parent's, so revoking the parent revokes the child.
        let lease = format!("{}/{jti}", parent.lease);
        let scope = claims.scope.clone();
        let issued = self
            .issue_task_token(claims, lease)
            .map_err(|e| ExchangeError::Unavailable(e.to_string()))?;
        Ok(TokenExchangeResponse {
            access_token: issued.token,
            issued_token_type: TOKEN_TYPE_TXN,
            expires_in: exp - now,
            scope,
        })
    }

    /// `prepare_exchange` then `complete_exchange`, for callers without a per-hop policy.
    pub fn exchange(
        &self,
        req: &TokenExchangeRequest,
    ) -> Result<(TokenExchangeResponse, DelegationHop), ExchangeError> {
        let prepared = self.prepare_exchange(req)?;
        let hop = prepared.hop.clone();
        Ok((self.complete_exchange(prepared)?, hop))
    }

    // ---- revocation -----------------------------------------------------------------------

    /// Revokes a task, an agent, a token (and what was exchanged from it) or a lease. Persisted
    /// before it returns; every later validation refuses the credentials it covers.
    pub fn revoke(
        &self,
        target: RevokeTarget,
        reason: RevocationReason,
    ) -> Result<Revocation, IdentityError> {
        let at = self.now();
        let (kind, value) = match &target {
            RevokeTarget::Task(t) => ("lease", secrets::task_path(t)),
            RevokeTarget::Agent(a) => ("agent", a.to_string()),
            RevokeTarget::Lease(l) => ("lease", l.as_str().to_owned()),
            RevokeTarget::Token(jti) => {
                if jti.is_empty() || jti.len() > 256 || jti.chars().any(char::is_control) {
                    return Err(IdentityError::Invalid("not a token id".into()));
                }
                match self.store.get_token(jti)? {
                    Some(row) => ("lease", row.lease),
                    // Not issued here (a SPIRE SVID): refuse that id wherever it shows up.
                    None => ("jti", jti.clone()),
                }
            }
        };
        self.store.insert_revocation(&RevocationRow {
            kind: kind.into(),
            value,
            reason: reason.encode(),
            at,
        })?;
        Ok(Revocation { target, reason, at })
    }

    // ---- secrets --------------------------------------------------------------------------

    fn cipher(&self) -> Result<&SecretCipher, SecretError> {
        if let Some(c) = self.cipher.get() {
            return Ok(c);
        }
        let c = SecretCipher::load_or_create(&self.secrets_key)?;
        // A concurrent first use may have set it already; both loaded the same file.
        let _ = self.cipher.set(c);
        self.cipher
            .get()
            .ok_or_else(|| SecretError::Identity(IdentityError::Storage("cipher unset".into())))
    }

    fn secret_info(&self, row: &crate::store::SealedSecretRow) -> Result<SecretInfo, SecretError> {
        Ok(SecretInfo {
            name: SecretName::new(&row.name)?,
            upstreams: serde_json::from_str(&row.upstreams)
                .map_err(|e| IdentityError::Storage(format!("secret upstreams: {e}")))?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }

    /// `warden secret put NAME --upstream PATTERN…`: stores (or replaces) a secret, encrypted,
    /// usable only toward upstreams matching one of `upstreams` (globs; `*` for any).
    pub fn put_secret(
        &self,
        name: &SecretName,
        value: &SecretValue,
        upstreams: &[String],
    ) -> Result<SecretInfo, SecretError> {
        if upstreams.is_empty() {
            return Err(SecretError::NoUpstreams);
        }
        if upstreams
            .iter()
            .any(|u| u.is_empty() || u.len() > 512 || u.chars().any(char::is_control))
        {
            return Err(SecretError::BadUpstream);
        }
        let (nonce, ciphertext) = self.cipher()?.seal(name, value)?;
        let now = self.now();
        let created_at = self
            .store
            .get_secret(name.as_str())?
            .map_or(now, |r| r.created_at);
        let row = crate::store::SealedSecretRow {
            name: name.to_string(),
            nonce,
            ciphertext,
            upstreams: serde_json::to_string(upstreams)
                .map_err(|e| IdentityError::Storage(e.to_string()))?,
            created_at,
            updated_at: now,
        };
        self.store.put_secret(&row)?;
        self.secret_info(&row)
    }

    /// `warden secret list`: names and bindings, never values.
    pub fn list_secrets(&self) -> Result<Vec<SecretInfo>, SecretError> {
        self.store
            .list_secrets()?
            .iter()
            .map(|r| self.secret_info(r))
            .collect()
    }

    /// `warden secret rm NAME`. Outstanding leases stop resolving (the value is gone).
    pub fn remove_secret(&self, name: &SecretName) -> Result<bool, SecretError> {
        Ok(self.store.delete_secret(name.as_str())?)
    }

    /// A secret the gateway itself sends (a sink's HEC or bearer token), for `upstream`:
    /// refused unless the secret's upstream binding matches, exactly as for an agent's egress.
    /// No task or lease is involved: the operator configured the use in `warden.toml`.
    pub fn secret_for_gateway(
        &self,
        name: &SecretName,
        upstream: &str,
    ) -> Result<SecretValue, SecretError> {
        let sealed = self
            .store
            .get_secret(name.as_str())?
            .ok_or_else(|| SecretError::UnknownSecret(name.clone()))?;
        let info = self.secret_info(&sealed)?;
        if !info
            .upstreams
            .iter()
            .any(|p| warden_analysis::glob_match(p, upstream))
        {
            return Err(SecretError::UpstreamNotAllowed {
                secret: name.clone(),
            });
        }
        self.cipher()?.open(name, &sealed.nonce, &sealed.ciphertext)
    }

    /// Leases a secret to a task: the lease id is what the agent's egress names; the value
    /// stays here. The lease dies at `ttl` (default from config), with the holder's token,
    /// or when the task ends or is revoked, whichever comes first.
    pub fn lease_secret(
        &self,
        holder: &ValidatedTaskToken,
        name: &SecretName,
        ttl_secs: Option<i64>,
    ) -> Result<SecretLease, SecretError> {
        let ttl = ttl_secs.unwrap_or(self.cfg.secret_lease_ttl_secs);
        if ttl < 1 {
            return Err(
                IdentityError::Invalid("a lease's lifetime must be positive".into()).into(),
            );
        }
        if self.store.get_secret(name.as_str())?.is_none() {
            return Err(SecretError::UnknownSecret(name.clone()));
        }
        self.check_task_token_revocation(holder.claims(), &holder.lease)?;
        let now = self.now();
        let expires_at = now.saturating_add(ttl).min(holder.expires_at());
        if expires_at <= now {
            return Err(TokenError::Expired { ago_secs: 0 }.into());
        }
        let row = self.store.insert_lease(&NewLease {
            id_prefix: LeaseId::prefix(holder.task_id(), name),
            task_id: holder.task_id().to_string(),
            secret: name.to_string(),
            agent: holder.agent().to_string(),
            holder_jti: holder.jti().to_owned(),
            issued_at: now,
            expires_at,
        })?;
        Ok(SecretLease {
            id: LeaseId::from_store(row.id),
            secret: name.clone(),
            task_id: holder.task_id().clone(),
            agent: holder.agent().clone(),
            issued_at: now,
            expires_at,
        })
    }

    /// The value of a leased secret for one outgoing request to `upstream`, with the record
    /// of the access. Refused once the lease expired, the lease / its holder token / its task
    /// / its agent was revoked, the task ended, or `upstream` is outside the secret's binding.
    pub fn resolve_for_egress(
        &self,
        lease: &LeaseId,
        upstream: &str,
        tool: Option<&str>,
        referencer: &dyn SecretReferencer,
    ) -> Result<ResolvedSecret, SecretError> {
        let row = self
            .store
            .get_lease(lease.as_str())?
            .ok_or(SecretError::UnknownLease)?;
        let now = self.now();
        if row.expires_at <= now {
            return Err(SecretError::LeaseExpired {
                ago_secs: now - row.expires_at,
            });
        }
        let mut paths = secrets::ancestors(&row.id);
        if let Some(holder) = self.store.get_token(&row.holder_jti)? {
            paths.extend(secrets::ancestors(&holder.lease));
        }
        let hit = self.check_revocation(
            &RevocationQuery {
                lease_paths: paths,
                jti: Some(row.holder_jti.clone()),
                agents: vec![row.agent.clone()],
                issued_at: row.issued_at,
            },
            RevokedBy::Token,
        );
        match hit {
            Ok(()) => {}
            Err(TokenError::TaskEnded) => return Err(SecretError::TaskEnded),
            Err(TokenError::Revoked(by)) => return Err(SecretError::Revoked(by)),
            Err(other) => return Err(other.into()),
        }
        let name = SecretName::new(&row.secret)?;
        let sealed = self
            .store
            .get_secret(name.as_str())?
            .ok_or_else(|| SecretError::UnknownSecret(name.clone()))?;
        let info = self.secret_info(&sealed)?;
        if !info
            .upstreams
            .iter()
            .any(|p| warden_analysis::glob_match(p, upstream))
        {
            return Err(SecretError::UpstreamNotAllowed { secret: name });
        }
        let value = self
            .cipher()?
            .open(&name, &sealed.nonce, &sealed.ciphertext)?;
        let task_id = TaskId::new(row.task_id.clone())
            .map_err(|e| IdentityError::Storage(format!("lease task id: {e}")))?;
        let agent = SpiffeId::parse(&row.agent)
            .map_err(|e| IdentityError::Storage(format!("lease agent: {e}")))?;
        let access = SecretAccess {
            agent,
            task_id,
            tool: tool.map(|t| t.chars().filter(|c| !c.is_control()).take(256).collect()),
            upstream: upstream
                .chars()
                .filter(|c| !c.is_control())
                .take(512)
                .collect(),
            lease: lease.clone(),
            secret: name,
            reference: referencer.reference(value.expose()),
            at: now,
        };
        Ok(ResolvedSecret { value, access })
    }
}
