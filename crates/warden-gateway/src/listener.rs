//! How the gateway takes connections: plain HTTP on loopback, TLS (rustls) elsewhere, with
//! limits that hold against hostile clients.
//!
//! - Exposure: a non-loopback address is refused unless TLS is configured
//!   (`--tls-cert/--tls-key`) or plaintext is asked for explicitly (`--insecure-plaintext`):
//!   the gateway carries task tokens, secrets' references and approval decisions.
//! - Slow-loris: request headers must arrive within `header_timeout` and a TLS handshake within
//!   the same time; bodies are bounded by the router's request timeout.
//! - Memory: at most `max_connections` connections are served at once; further ones are
//!   closed at accept (counted), so a flood cannot grow the gateway without bound.
//!
//! Written on hyper directly (rather than `axum::serve`) because `axum::serve` offers neither
//! TLS nor a header-read timeout nor a connection cap.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde::Deserialize;
use tokio::net::TcpListener;

/// `[gateway.tls]`, or `--tls-cert/--tls-key`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsFiles {
    /// PEM certificate chain, leaf first.
    pub cert: PathBuf,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// Connection limits (`[gateway]`).
#[derive(Clone, Debug)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_connections: usize,
}

/// Connections closed at accept because `max_connections` were open.
#[derive(Debug, Default)]
pub struct ListenerStats {
    pub refused_connections: AtomicU64,
}

/// Refuses to expose the gateway beyond loopback without TLS, unless asked to explicitly.
pub fn check_exposure(
    addr: SocketAddr,
    tls: Option<&TlsFiles>,
    insecure_plaintext: bool,
) -> Result<(), String> {
    if addr.ip().is_loopback() || tls.is_some() || insecure_plaintext {
        return Ok(());
    }
    Err(format!(
        "refusing to listen on {addr} without TLS: beyond loopback the gateway carries task tokens and approval decisions. Give --tls-cert and --tls-key (or [gateway.tls] cert/key), or --insecure-plaintext if something else encrypts the traffic"
    ))
}

/// Loads a rustls server configuration from PEM files; errors name the file.
pub fn load_tls(files: &TlsFiles) -> Result<Arc<rustls::ServerConfig>, String> {
    use rustls::pki_types::pem::PemObject as _;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&files.cert)
        .map_err(|e| pem_error(&files.cert, "certificate", &e))?
        .collect::<Result<_, _>>()
        .map_err(|e| pem_error(&files.cert, "certificate", &e))?;
    if certs.is_empty() {
        return Err(format!(
            "{}: no PEM certificate found (expected -----BEGIN CERTIFICATE-----)",
            files.cert.display()
        ));
    }
    // The key's error never quotes the file's content.
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|e| pem_error(&files.key, "private key", &e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup failed: {e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            format!(
                "{} and {} do not make a usable TLS identity: {e}",
                files.cert.display(),
                files.key.display()
            )
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

fn pem_error(path: &Path, what: &str, e: &rustls::pki_types::pem::Error) -> String {
    use rustls::pki_types::pem::Error as E;
    let why = match e {
        E::Io(io) => io.to_string(),
        E::NoItemsFound => "no PEM item found".to_owned(),
        _ => "not a valid PEM file".to_owned(),
    };
    format!("cannot read the TLS {what} {}: {why}", path.display())
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets open requests finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<Arc<rustls::ServerConfig>>,
    limits: Limits,
    stats: Arc<ListenerStats>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(64 * 1024);
    tokio::pin!(shutdown);
    loop {
        let (tcp, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: back off rather than spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            stats.refused_connections.fetch_add(1, Ordering::Relaxed);
            drop(tcp);
            continue;
        };
        // Streams (SSE from model APIs and MCP servers) are relayed chunk by chunk: without
        // TCP_NODELAY each small write waits for the client's delayed ACK (up to 40 ms).
        let _ = tcp.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let builder = builder.clone();
        let watcher = graceful.watcher();
        let acceptor = acceptor.clone();
        let handshake_limit = limits.header_timeout;
        tokio::spawn(async move {
            let _permit = permit;
            match acceptor {
                None => {
                    let conn = builder.serve_connection(TokioIo::new(tcp), service);
                    let _ = watcher.watch(conn).await;
                }
                Some(acceptor) => {
                    let tls =
                        match tokio::time::timeout(handshake_limit, acceptor.accept(tcp)).await {
                            Ok(Ok(s)) => s,
                            Ok(Err(e)) => {
                                tracing::debug!(error = %e, "TLS handshake failed");
                                return;
                            }
                            Err(_) => return,
                        };
                    let conn = builder.serve_connection(TokioIo::new(tls), service);
                    let _ = watcher.watch(conn).await;
                }
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}
