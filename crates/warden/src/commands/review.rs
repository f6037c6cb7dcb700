//! `warden approvals` and `warden reviewer`: a reviewer's commands against a running gateway.
//!
//! They authenticate as a reviewer: `--token` (or `@FILE`), `$WARDEN_REVIEW_TOKEN`, else the
//! admin token `warden serve` wrote to `<data>/review-admin.token` (0600) at first start, so
//! the operator on the gateway's host needs no extra step. The gateway decides who may do
//! what; these commands only carry the token and print the answer.

use std::process::ExitCode;

use serde_json::{json, Value};
use warden_gateway::review::ADMIN_TOKEN_FILE;
use warden_store::DataDir;

use crate::cli::{ApprovalsCommand, ReviewAuth, ReviewerCommand};

/// The reviewer token to present.
fn token(auth: &ReviewAuth) -> Result<String, String> {
    if let Some(t) = auth.token.as_deref().filter(|t| !t.trim().is_empty()) {
        return match t.strip_prefix('@') {
            Some(path) => std::fs::read_to_string(path)
                .map(|s| s.trim().to_owned())
                .map_err(|e| format!("cannot read the reviewer token file {path}: {e}")),
            None => Ok(t.trim().to_owned()),
        };
    }
    let root = DataDir::resolve(auth.data.data.as_deref()).map_err(|e| e.to_string())?;
    let file = root.join(ADMIN_TOKEN_FILE);
    std::fs::read_to_string(&file)
        .map(|s| s.trim().to_owned())
        .map_err(|e| {
            format!(
                "no reviewer token: give --token (or WARDEN_REVIEW_TOKEN), or run on the gateway's host where {} holds the admin token ({e})",
                file.display()
            )
        })
}

struct Api {
    client: reqwest::blocking::Client,
    base: String,
    token: String,
}

impl Api {
    fn new(auth: &ReviewAuth) -> Result<Self, String> {
        Ok(Self {
            client: reqwest::blocking::Client::new(),
            base: auth.gateway.trim_end_matches('/').to_owned(),
            token: token(auth)?,
        })
    }

    /// Sends a request; the gateway's error message on failure.
    fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req
            .send()
            .map_err(|e| format!("cannot reach the Warden gateway at {}: {e}", self.base))?;
        let status = r.status();
        let v: Value = r.json().unwrap_or(Value::Null);
        if status.is_success() {
            Ok(v)
        } else {
            Err(v
                .get("error")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("the gateway answered {status}")))
        }
    }
}

pub fn approvals(action: ApprovalsCommand) -> Result<ExitCode, String> {
    match action {
        ApprovalsCommand::List { auth, json } => {
            let v = Api::new(&auth)?.send(reqwest::Method::GET, "/v1/approvals", None)?;
            let list = v["approvals"].as_array().cloned().unwrap_or_default();
            if json {
                for a in list {
                    println!("{a}");
                }
                return Ok(ExitCode::SUCCESS);
            }
            if list.is_empty() {
                println!("no approval requests");
            }
            for a in list {
                let s = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                let votes = a["votes"].as_array().map(|v| v.len()).unwrap_or(0);
                println!(
                    "{}  {:<9} {}/{}  {}  {}  {}  — {}",
                    s("id"),
                    s("state"),
                    votes,
                    a["required"].as_u64().unwrap_or(1),
                    s("agent"),
                    s("tool"),
                    s("session_id"),
                    s("reason")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ApprovalsCommand::Approve { id, reason, auth } => decide(&auth, &id, "approve", &reason),
        ApprovalsCommand::Deny { id, reason, auth } => decide(&auth, &id, "deny", &reason),
    }
}

fn decide(auth: &ReviewAuth, id: &str, verb: &str, reason: &str) -> Result<ExitCode, String> {
    let path = format!("/v1/approvals/{id}/{verb}");
    let v = Api::new(auth)?.send(
        reqwest::Method::POST,
        &path,
        Some(json!({"reason": reason})),
    )?;
    let state = v["state"].as_str().unwrap_or("");
    if state == "pending" {
        let votes = v["votes"].as_array().map(|v| v.len()).unwrap_or(0);
        println!(
            "{verb}d {id}: {votes} of {} approvals so far",
            v["required"].as_u64().unwrap_or(1)
        );
    } else {
        println!("{verb}d {id}: {state}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn reviewers(action: ReviewerCommand) -> Result<ExitCode, String> {
    use reqwest::Method;
    match action {
        ReviewerCommand::Add {
            name,
            role,
            agents,
            auth,
        } => {
            role.parse::<warden_gateway::review::Role>()?;
            let v = Api::new(&auth)?.send(
                Method::POST,
                "/v1/review/reviewers",
                Some(json!({"name": name, "role": role, "agents": agents})),
            )?;
            print_token(&v, &format!("added reviewer {name} ({role})"));
        }
        ReviewerCommand::List { auth, json } => {
            let v = Api::new(&auth)?.send(Method::GET, "/v1/review/reviewers", None)?;
            for r in v["reviewers"].as_array().cloned().unwrap_or_default() {
                if json {
                    println!("{r}");
                    continue;
                }
                let agents: Vec<&str> = r["agents"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                println!(
                    "{:<24} {:<9} {}",
                    r["name"].as_str().unwrap_or(""),
                    r["role"].as_str().unwrap_or(""),
                    agents.join(", ")
                );
            }
        }
        ReviewerCommand::Remove { name, auth } => {
            Api::new(&auth)?.send(
                Method::DELETE,
                &format!("/v1/review/reviewers/{name}"),
                None,
            )?;
            println!("removed reviewer {name}; its token and sessions no longer work");
        }
        ReviewerCommand::Rotate { name, auth } => {
            let v = Api::new(&auth)?.send(
                Method::POST,
                &format!("/v1/review/reviewers/{name}/rotate"),
                None,
            )?;
            print_token(
                &v,
                &format!("rotated reviewer {name}; the old token no longer works"),
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_token(v: &Value, what: &str) {
    eprintln!("{what}. Its token is shown once; keep it secret:");
    println!("{}", v["token"].as_str().unwrap_or(""));
}
