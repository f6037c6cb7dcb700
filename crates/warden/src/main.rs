//! `warden`: the command-line entry point. Each subcommand lives in `commands/`; this file only
//! parses arguments, sets up logging and maps errors to exit codes.

mod cli;
mod commands;
mod output;

use clap::Parser as _;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WARDEN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match commands::run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("warden: {message}");
            std::process::ExitCode::from(2)
        }
    }
}
