//! `warden serve`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use warden_gateway::{Config, Mode, ServeOptions, DEFAULT_CONFIG};
use warden_store::DataDir;

pub fn run(
    data: Option<&Path>,
    listen: Option<SocketAddr>,
    mode: Option<String>,
    config: Option<PathBuf>,
    mcp_upstreams: Vec<String>,
) -> Result<ExitCode, String> {
    let root = DataDir::resolve(data).map_err(|e| e.to_string())?;
    let dir = DataDir::open_or_init(&root, DEFAULT_CONFIG).map_err(|e| e.to_string())?;
    let config_path = config.unwrap_or_else(|| dir.config_path());
    let mut config = Config::load(&config_path)?;
    if let Some(addr) = listen {
        config.gateway.listen = addr;
    }
    if let Some(m) = mode {
        config.gateway.mode = m.parse::<Mode>()?;
    }
    for flag in &mcp_upstreams {
        config.mcp.add_flag(flag)?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let mode = config.gateway.mode;
        let upstream_names: Vec<String> = config.mcp.upstreams.keys().cloned().collect();
        let server = tokio::spawn(warden_gateway::serve(
            ServeOptions { config, data: dir.clone(), on_ready: Some(tx) },
            shutdown_signal(),
        ));
        if let Ok(addr) = rx.await {
            eprintln!(
                "warden gateway listening on http://{addr} (mode {}, data {})\n  health: curl http://{addr}/healthz",
                mode.as_str(),
                dir.root().display()
            );
            for name in &upstream_names {
                eprintln!("  MCP upstream {name}: http://{addr}/mcp/{name}");
            }
        }
        server.await.map_err(|e| e.to_string())?
    })?;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("warden: shutting down; draining requests and signing a final checkpoint");
}
