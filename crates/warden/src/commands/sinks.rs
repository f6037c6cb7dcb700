//! `warden sinks status`: how far each configured sink is behind the log, from the data
//! directory alone (works whether or not a gateway is running).

use std::io::Write as _;
use std::process::ExitCode;

use warden_gateway::Config;
use warden_sink::StatusReport;
use warden_store::{DataDir, Reader};

use crate::output::table;

pub fn status(dir: &DataDir, json: bool) -> Result<ExitCode, String> {
    let config = Config::load(&dir.config_path())?;
    let size = Reader::open(dir)
        .and_then(|r| r.tree_size())
        .map_err(|e| e.to_string())?;
    let report = StatusReport::collect(dir.root(), &config.sinks, size)?;
    if json {
        let mut out = std::io::stdout().lock();
        for s in &report {
            let line = serde_json::to_string(s).map_err(|e| e.to_string())?;
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if report.is_empty() {
        println!(
            "no sinks configured; add [sinks.NAME] tables to {} (see docs/sinks.md)",
            dir.config_path().display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = report
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.kind.clone(),
                s.destination.clone(),
                s.lag.to_string(),
                s.delivered_total.to_string(),
                s.failures_total.to_string(),
                s.dead_letters.to_string(),
                match (&s.last_error, s.retrying) {
                    (Some(e), true) => format!("retrying: {e}"),
                    (Some(e), false) => e.clone(),
                    (None, _) => "-".into(),
                },
            ]
        })
        .collect();
    table(
        &[
            "SINK",
            "TYPE",
            "DESTINATION",
            "LAG",
            "DELIVERED",
            "FAILURES",
            "DEAD LETTERS",
            "LAST ERROR",
        ],
        &rows,
    );
    Ok(ExitCode::SUCCESS)
}
