//! `warden alerts`.

use std::process::ExitCode;

use warden_gateway::alerts::{list, AlertQuery};
use warden_store::DataDir;

use crate::output::{clip, table};

pub fn run(dir: &DataDir, query: &AlertQuery, json: bool) -> Result<ExitCode, String> {
    let reader = super::read::open_log(dir)?;
    let alerts = list(reader.as_ref(), query)?;
    if json {
        for a in &alerts {
            println!("{a}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    if alerts.is_empty() {
        println!("no matching alerts");
        return Ok(ExitCode::SUCCESS);
    }
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
    let rows: Vec<Vec<String>> = alerts
        .iter()
        .map(|a| {
            vec![
                clip(&text(&a["ts"]), 23),
                text(&a["severity"]),
                text(&a["rule"]),
                clip(&text(&a["session_id"]), 24),
                text(&a["response"]),
                clip(&text(&a["summary"]), 70),
            ]
        })
        .collect();
    table(
        &[
            "TIME (UTC)",
            "SEVERITY",
            "RULE",
            "SESSION",
            "RESPONSE",
            "SUMMARY",
        ],
        &rows,
    );
    Ok(ExitCode::SUCCESS)
}
