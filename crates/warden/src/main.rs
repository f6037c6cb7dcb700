//! `warden`: the command-line entry point. Each subcommand lives in `commands/`; this file only
//! parses arguments, sets up logging and maps errors to exit codes.

mod cli;
mod commands;
mod output;

use clap::Parser as _;

/// The gateway allocates per message on many threads and frees on others; mimalloc's
/// thread-local heaps cost a fraction of glibc's arenas there (docs/mcp.md, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    if prints_a_listing(&cli.command) {
        end_quietly_on_closed_pipe();
    }
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

/// Commands whose job is to print: `warden events | head` should end the way `cat | head` does.
/// Proxies and servers keep Rust's default (a closed pipe is an error they handle, e.g. the stdio
/// wrapper stops its server first).
fn prints_a_listing(command: &cli::Command) -> bool {
    use cli::{Command, McpCommand};
    !matches!(
        command,
        Command::Serve { .. }
            | Command::Run { .. }
            | Command::Demo { .. }
            | Command::Hook { .. }
            | Command::Mcp {
                action: McpCommand::Wrap { .. } | McpCommand::EchoServer
            }
    )
}

#[cfg(unix)]
fn end_quietly_on_closed_pipe() {
    // SAFETY: called first thing in main, before any thread exists; restoring the default
    // disposition of SIGPIPE (which the Rust runtime sets to ignore) has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn end_quietly_on_closed_pipe() {}
