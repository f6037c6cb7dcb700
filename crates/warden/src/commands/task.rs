//! `warden task start | end | list`.

use std::process::ExitCode;

use serde_json::{json, Value};
use warden_store::{DataDir, Reader};

use crate::output::{clip, table, time_ns};

pub struct StartOptions {
    pub gateway: String,
    pub objective: String,
    pub tools: Option<Vec<String>>,
    pub servers: Option<Vec<String>>,
    pub resources: Option<Vec<String>>,
    pub destinations: Option<Vec<String>>,
    pub session: Option<String>,
    pub deadline: Option<String>,
    pub trigger: Option<String>,
    pub json: bool,
}

pub fn start(o: StartOptions) -> Result<ExitCode, String> {
    let mut scope = serde_json::Map::new();
    for (k, v) in [
        ("tools", o.tools),
        ("servers", o.servers),
        ("resources", o.resources),
        ("destinations", o.destinations),
    ] {
        if let Some(list) = v {
            scope.insert(k.into(), json!(list));
        }
    }
    let body = json!({"objective": o.objective, "scope": scope, "session_id": o.session, "deadline": o.deadline, "trigger": o.trigger});
    let v = post(
        &format!("{}/v1/tasks", o.gateway.trim_end_matches('/')),
        &body,
    )?;
    if o.json {
        println!("{v}");
    } else {
        println!("{}", v["task_id"].as_str().unwrap_or_default());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn end(gateway: &str, task: &str) -> Result<ExitCode, String> {
    post(
        &format!("{}/v1/tasks/{task}/end", gateway.trim_end_matches('/')),
        &json!({}),
    )?;
    println!("ended {task}");
    Ok(ExitCode::SUCCESS)
}

pub fn list(dir: &DataDir, json: bool) -> Result<ExitCode, String> {
    let reader = Reader::open(dir).map_err(|e| e.to_string())?;
    let tasks = reader.tasks(200).map_err(|e| e.to_string())?;
    if json {
        for t in &tasks {
            println!("{}", serde_json::to_string(t).map_err(|e| e.to_string())?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = tasks
        .iter()
        .map(|t| {
            let state = if t.ended_ts_ns.is_some() {
                "ended"
            } else if t.implicit {
                "implicit"
            } else {
                "open"
            };
            vec![
                time_ns(t.created_ts_ns),
                clip(&t.task_id, 44),
                state.into(),
                clip(t.objective.as_deref().unwrap_or(""), 60),
            ]
        })
        .collect();
    if rows.is_empty() {
        println!("no tasks recorded yet");
    } else {
        table(&["CREATED (UTC)", "TASK", "STATE", "OBJECTIVE"], &rows);
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn post(url: &str, body: &Value) -> Result<Value, String> {
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let resp = client
        .post(url)
        .json(body)
        .send()
        .map_err(|e| format!("cannot reach the gateway ({e}); is `warden serve` running?"))?;
    let status = resp.status();
    let v: Value = resp
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
