//! One module per group of subcommands.

mod bench;
mod integrity;
mod read;
mod serve;

use std::path::Path;
use std::process::ExitCode;

use warden_store::DataDir;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Serve {
            data,
            listen,
            mode,
            config,
        } => serve::run(data.data.as_deref(), listen, mode, config),
        Command::Verify { data, key, json } => {
            integrity::verify(&open_existing(data.data.as_deref())?, key, json)
        }
        Command::Prove { data, event_id } => {
            integrity::prove(&open_existing(data.data.as_deref())?, &event_id)
        }
        Command::VerifyProof { proof, key } => integrity::verify_proof(&proof, &key),
        Command::Sessions { data, limit, json } => {
            read::sessions(&open_existing(data.data.as_deref())?, limit, json)
        }
        Command::Timeline {
            data,
            session,
            json,
        } => read::timeline(&open_existing(data.data.as_deref())?, &session, json),
        Command::Events {
            data,
            filter,
            limit,
            json,
        } => read::events(&open_existing(data.data.as_deref())?, &filter, limit, json),
        Command::Export {
            data,
            format,
            filter,
            output,
        } => read::export(
            &open_existing(data.data.as_deref())?,
            format,
            &filter,
            output.as_deref(),
        ),
        Command::Bench { which } => bench::run(which),
    }
}

/// The data directory for commands that only read: it must already exist.
fn open_existing(explicit: Option<&Path>) -> Result<DataDir, String> {
    let root = DataDir::resolve(explicit).map_err(|e| e.to_string())?;
    DataDir::open_existing(&root).map_err(|e| e.to_string())
}

/// Reads a key given as text or as `@FILE`.
fn key_text(arg: &str) -> Result<String, String> {
    match arg.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| format!("cannot read key file {path}: {e}"))
        }
        None => Ok(arg.to_owned()),
    }
}
