//! `warden eval`: see `warden_gateway::eval`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use warden_gateway::{Config, Mode};

pub fn run(
    paths: &[PathBuf],
    mode: &str,
    config: Option<&Path>,
    json: bool,
    strict: bool,
) -> Result<ExitCode, String> {
    let mode: Mode = mode.parse()?;
    let config = match config {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let report = runtime.block_on(warden_gateway::eval::run(paths, mode, &config))?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", warden_gateway::eval::render(&report));
    }
    let failed = report.scenarios.iter().any(|r| !r.passed());
    Ok(if strict && failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
