//! `warden agent add | list | remove | join`, `warden run --agent NAME -- CMD…`,
//! `warden revoke --task | --agent | --token`, `warden secret put | list | rm`.
//!
//! These work on the data directory's identity database (`<data>/identity.db`), which a
//! running gateway reads too: a revocation written here takes effect on the gateway's next
//! validation. Tokens and secret values are never printed except where the command exists to
//! show them once (`agent join`), and secret values never come from the command line.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;
use warden_gateway::{Config, DEFAULT_CONFIG};
use warden_identity::{
    AgentName, IdentityService, NewAgent, Owner, RevocationReason, RevokeTarget, SecretName,
    SecretValue, SpawnEnv, SpiffeId, Tier,
};
use warden_store::DataDir;

use crate::output::table;

/// The identity service over the data directory (created on first use), configured by its
/// `warden.toml` `[identity]` section.
pub fn open(data: Option<&Path>) -> Result<IdentityService, String> {
    let root = DataDir::resolve(data).map_err(|e| e.to_string())?;
    let dir = DataDir::open_or_init(&root, DEFAULT_CONFIG).map_err(|e| e.to_string())?;
    let config = Config::load(&dir.config_path())?;
    match config.store_url()? {
        Some(url) => IdentityService::open_postgres(dir.root(), config.identity, &url),
        None => IdentityService::open(dir.root(), config.identity),
    }
    .map_err(|e| e.to_string())
}

fn agent_name(name: &str) -> Result<AgentName, String> {
    AgentName::new(name).map_err(|e| format!("invalid agent name {name:?}: {e}"))
}

pub fn agent_add(
    data: Option<&Path>,
    name: &str,
    owner: &str,
    tier: &str,
) -> Result<ExitCode, String> {
    let id = open(data)?;
    let tier: Tier = tier.parse().map_err(|e| format!("{e}"))?;
    let agent = id
        .add_agent(NewAgent {
            name: agent_name(name)?,
            owner: Owner::new(owner).map_err(|e| e.to_string())?,
            tier,
        })
        .map_err(|e| e.to_string())?;
    println!("{}", agent.id);
    Ok(ExitCode::SUCCESS)
}

pub fn agent_list(data: Option<&Path>, json: bool) -> Result<ExitCode, String> {
    let id = open(data)?;
    let agents = id.list_agents().map_err(|e| e.to_string())?;
    if json {
        for a in &agents {
            println!(
                "{}",
                json!({"name": a.name.to_string(), "id": a.id.to_string(), "owner": a.owner.as_str(), "tier": a.tier.as_str(), "created_at": a.created_at})
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if agents.is_empty() {
        println!(
            "no agents registered; add one with `warden agent add NAME --owner WHO --tier TIER`"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = agents
        .iter()
        .map(|a| {
            vec![
                a.name.to_string(),
                a.id.to_string(),
                a.owner.as_str().to_owned(),
                a.tier.as_str().to_owned(),
            ]
        })
        .collect();
    table(&["NAME", "ID", "OWNER", "TIER"], &rows);
    Ok(ExitCode::SUCCESS)
}

pub fn agent_remove(data: Option<&Path>, name: &str) -> Result<ExitCode, String> {
    let id = open(data)?;
    let agent = id
        .remove_agent(&agent_name(name)?)
        .map_err(|e| e.to_string())?;
    println!("removed {} (its credentials are revoked)", agent.id);
    Ok(ExitCode::SUCCESS)
}

pub fn agent_join(data: Option<&Path>, name: &str, ttl: Option<i64>) -> Result<ExitCode, String> {
    let id = open(data)?;
    let join = id
        .create_join_token(&agent_name(name)?, ttl)
        .map_err(|e| e.to_string())?;
    // Shown once, on stdout only: the operator hands it to the agent out of band.
    println!("{}", join.token.expose());
    eprintln!(
        "single-use join token for {}; redeem with POST /v1/svid before {} (Unix seconds)",
        join.agent, join.expires_at
    );
    Ok(ExitCode::SUCCESS)
}

pub struct RevokeOptions {
    pub task: Option<String>,
    pub agent: Option<String>,
    pub token: Option<String>,
}

pub fn revoke(data: Option<&Path>, o: RevokeOptions) -> Result<ExitCode, String> {
    let id = open(data)?;
    let target = match (o.task, o.agent, o.token) {
        (Some(t), None, None) => RevokeTarget::Task(
            warden_core::TaskId::new(t).map_err(|e| format!("invalid task id: {e}"))?,
        ),
        (None, Some(a), None) => {
            let spiffe = if a.starts_with("spiffe://") {
                SpiffeId::parse(&a).map_err(|e| format!("invalid agent id: {e}"))?
            } else {
                id.trust_domain().agent_id(&agent_name(&a)?)
            };
            RevokeTarget::Agent(spiffe)
        }
        (None, None, Some(jti)) => RevokeTarget::Token(jti),
        _ => return Err("give exactly one of --task ID, --agent NAME and --token JTI".into()),
    };
    let r = id
        .revoke(target, RevocationReason::Operator)
        .map_err(|e| e.to_string())?;
    let what = match &r.target {
        RevokeTarget::Task(t) => format!("task {t}"),
        RevokeTarget::Agent(a) => format!("agent {a}"),
        RevokeTarget::Token(j) => format!("token {j}"),
        RevokeTarget::Lease(l) => format!("lease {l}"),
    };
    println!("revoked {what}");
    Ok(ExitCode::SUCCESS)
}

pub fn secret_put(
    data: Option<&Path>,
    name: &str,
    upstreams: Vec<String>,
    from_env: Option<&str>,
) -> Result<ExitCode, String> {
    let name = SecretName::new(name).map_err(|e| e.to_string())?;
    let text = match from_env {
        Some(var) => std::env::var(var)
            .map_err(|_| format!("environment variable {var} is not set (or not UTF-8)"))?,
        None => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .map_err(|e| format!("cannot read the secret from stdin: {e}"))?;
            text.trim_end_matches(['\n', '\r']).to_owned()
        }
    };
    if text.is_empty() {
        return Err(
            "the secret is empty: pipe it on stdin or name a variable with --from-env".into(),
        );
    }
    let value = SecretValue::from_string(text).map_err(|e| e.to_string())?;
    let id = open(data)?;
    let info = id
        .put_secret(&name, &value, &upstreams)
        .map_err(|e| e.to_string())?;
    println!("stored {} for {}", info.name, info.upstreams.join(", "));
    Ok(ExitCode::SUCCESS)
}

pub fn secret_list(data: Option<&Path>, json: bool) -> Result<ExitCode, String> {
    let id = open(data)?;
    let secrets = id.list_secrets().map_err(|e| e.to_string())?;
    if json {
        for s in &secrets {
            println!("{}", serde_json::to_string(s).map_err(|e| e.to_string())?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if secrets.is_empty() {
        println!(
            "no secrets stored; add one with `warden secret put NAME --upstream HOST < value`"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = secrets
        .iter()
        .map(|s| vec![s.name.to_string(), s.upstreams.join(", ")])
        .collect();
    table(&["NAME", "UPSTREAMS"], &rows);
    Ok(ExitCode::SUCCESS)
}

pub fn secret_rm(data: Option<&Path>, name: &str) -> Result<ExitCode, String> {
    let id = open(data)?;
    let name = SecretName::new(name).map_err(|e| e.to_string())?;
    if id.remove_secret(&name).map_err(|e| e.to_string())? {
        println!("removed {name}");
        Ok(ExitCode::SUCCESS)
    } else {
        Err(format!("no secret named {name}"))
    }
}

pub struct RunOptions {
    pub agent: String,
    pub gateway: String,
    pub objective: Option<String>,
    pub tools: Option<Vec<String>>,
    pub servers: Option<Vec<String>>,
    pub resources: Option<Vec<String>>,
    pub destinations: Option<Vec<String>>,
    pub deadline: Option<String>,
    pub may_act: Option<String>,
    pub command: Vec<String>,
}

/// Spawn attestation: an SVID for the agent, a task when `--objective` is given (declared on
/// the gateway with the SVID, so the gateway knows its scope and issues its task token), the
/// credentials and `WARDEN_GATEWAY` in the child's environment; the task ends (and its
/// credentials with it) when the child exits.
pub fn run(data: Option<&Path>, o: RunOptions) -> Result<ExitCode, String> {
    let Some((program, args)) = o.command.split_first() else {
        return Err("give the command to run after --".into());
    };
    let id = open(data)?;
    let gateway = o.gateway.trim_end_matches('/').to_owned();
    let env = id
        .spawn_env(&agent_name(&o.agent)?, &gateway, None)
        .map_err(|e| e.to_string())?;
    let mut task: Option<(String, String)> = None;
    if let Some(objective) = &o.objective {
        let mut scope = serde_json::Map::new();
        for (k, v) in [
            ("tools", &o.tools),
            ("servers", &o.servers),
            ("resources", &o.resources),
            ("destinations", &o.destinations),
        ] {
            if let Some(list) = v {
                scope.insert(k.into(), json!(list));
            }
        }
        let body = json!({"objective": objective, "scope": scope, "deadline": o.deadline, "may_act": o.may_act, "trigger": "user"});
        let v = post_with_bearer(
            &format!("{gateway}/v1/tasks"),
            env.svid.token.expose(),
            &body,
        )?;
        let (Some(task_id), Some(token)) = (v["task_id"].as_str(), v["task_token"].as_str()) else {
            return Err("the gateway declared the task but issued no task token (is identity enabled on it?)".into());
        };
        task = Some((task_id.to_owned(), token.to_owned()));
    }
    let mut cmd = std::process::Command::new(program);
    cmd.args(args);
    env.apply(&mut cmd);
    if let Some((task_id, token)) = &task {
        cmd.env(SpawnEnv::TASK_ID, task_id);
        cmd.env(SpawnEnv::TASK_TOKEN, token);
        eprintln!("warden: {} runs task {task_id}", env.svid.spiffe_id);
    }
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"));
    if let Some((task_id, _)) = &task {
        let ended =
            crate::commands::task::post(&format!("{gateway}/v1/tasks/{task_id}/end"), &json!({}));
        if let Err(e) = ended {
            eprintln!("warden: task {task_id} could not be ended on the gateway ({e}); revoke it with `warden revoke --task {task_id}`");
        }
    }
    let status = status?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(1)),
        None => ExitCode::from(1),
    })
}

fn post_with_bearer(
    url: &str,
    bearer: &str,
    body: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let resp = client
        .post(url)
        .bearer_auth(bearer)
        .json(body)
        .send()
        .map_err(|e| format!("cannot reach the gateway ({e}); is `warden serve` running?"))?;
    let status = resp.status();
    let v: serde_json::Value = resp
        .json()
        .map_err(|e| format!("the gateway answered {status} without JSON: {e}"))?;
    if status.is_success() {
        Ok(v)
    } else {
        Err(format!(
            "the gateway refused ({status}): {}",
            v["error"].as_str().unwrap_or("no reason given")
        ))
    }
}
