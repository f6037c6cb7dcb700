//! `warden-mcp-testpeer`: a conformance-complete upstream MCP server for Warden's proxy tests.
//!
//! `--listen 127.0.0.1:0` serves Streamable HTTP at `/mcp` and prints the bound address as the
//! first stdout line; `--stdio` speaks newline-framed JSON-RPC on stdin/stdout.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser, Debug)]
#[command(
    name = "warden-mcp-testpeer",
    about = "MCP test server implementing every conformance-suite server scenario"
)]
struct Args {
    /// Serve Streamable HTTP at /mcp on this address (port 0 picks one; the bound address is printed first).
    #[arg(long, conflicts_with = "stdio")]
    listen: Option<SocketAddr>,
    /// Serve newline-framed JSON-RPC on stdin/stdout.
    #[arg(long)]
    stdio: bool,
    /// Also accept this host name in Host/Origin (DNS-rebinding protection allows only loopback by default).
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let result = if args.stdio {
        warden_mcp_testpeer::stdio::serve().await
    } else if let Some(listen) = args.listen {
        run_http(listen, args.allow_host).await
    } else {
        eprintln!("warden-mcp-testpeer: give --listen 127.0.0.1:PORT (0 picks a port) or --stdio");
        return ExitCode::from(2);
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("warden-mcp-testpeer: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run_http(listen: SocketAddr, allowed_hosts: Vec<String>) -> std::io::Result<()> {
    use std::io::Write as _;
    let peer = warden_mcp_testpeer::http::spawn(
        listen,
        warden_mcp_testpeer::http::HttpOptions { allowed_hosts },
    )
    .await
    .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {listen}: {e}")))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", peer.addr)?;
    out.flush()?;
    drop(out);
    tokio::select! {
        r = peer.task => r.map_err(std::io::Error::other)?,
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}
