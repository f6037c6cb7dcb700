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
    store: Option<String>,
    exposure: crate::cli::ExposureArgs,
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
    if let Some(url) = store {
        config.store.url = Some(url);
        config.store_url()?;
    }
    if let (Some(cert), Some(key)) = (exposure.tls_cert, exposure.tls_key) {
        config.gateway.tls = Some(warden_gateway::listener::TlsFiles { cert, key });
    }
    if exposure.insecure_plaintext {
        config.gateway.insecure_plaintext = true;
    }
    for flag in &mcp_upstreams {
        config.mcp.add_flag(flag)?;
    }
    // The first admin's token is printed once, here; the gateway finds the account exists.
    let (_, first) = warden_gateway::review::bootstrap(
        dir.root(),
        &config.review,
        config.store_url()?.as_ref(),
    )?;
    if let Some(first) = first {
        eprintln!(
            "warden: created the first reviewer, admin. Its token (shown once):\n  {}\n  It is also in {} (mode 0600), so `warden approvals` and `warden reviewer` on this host use it. Add reviewers with `warden reviewer add NAME --role approver`.",
            first.token,
            first.file.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let mode = config.gateway.mode;
        let scheme = if config.gateway.tls.is_some() { "https" } else { "http" };
        let upstream_names: Vec<String> = config.mcp.upstreams.keys().cloned().collect();
        let server = tokio::spawn(warden_gateway::serve(
            ServeOptions { config, data: dir.clone(), on_ready: Some(tx) },
            shutdown_signal(),
        ));
        if let Ok(addr) = rx.await {
            eprintln!(
                "warden gateway listening on {scheme}://{addr} (mode {}, data {})\n  health: curl {scheme}://{addr}/healthz",
                mode.as_str(),
                dir.root().display()
            );
            for name in &upstream_names {
                eprintln!("  MCP upstream {name}: {scheme}://{addr}/mcp/{name}");
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
