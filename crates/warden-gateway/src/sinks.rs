//! The gateway's side of the sinks (`warden-sink`): starting the configured sinks over the
//! gateway's store, with brokered credentials resolved through the identity service.

use std::sync::Arc;

use warden_identity::{IdentityService, SecretName};
use warden_sink::{SecretResolver, SinkService, SinksConfig};
use warden_store::{DataDir, Store};

/// Brokered secrets for sinks: the secret's upstream binding (`host:port` or `host` globs, as
/// for agents' egress) must allow the sink's destination.
struct Broker(Arc<IdentityService>);

impl SecretResolver for Broker {
    fn resolve(&self, name: &str, upstream: &str) -> Result<String, String> {
        let name = SecretName::new(name).map_err(|e| e.to_string())?;
        let mut candidates = Vec::new();
        if let Ok(url) = reqwest::Url::parse(upstream) {
            if let Some(host) = url.host_str() {
                if let Some(port) = url.port_or_known_default() {
                    candidates.push(format!("{host}:{port}"));
                }
                candidates.push(host.to_owned());
            }
        }
        if candidates.is_empty() {
            candidates.push(upstream.to_owned());
        }
        let mut last = None;
        for candidate in &candidates {
            match self.0.secret_for_gateway(&name, candidate) {
                Ok(v) => {
                    last = Some(Ok(v));
                    break;
                }
                Err(e) => last = Some(Err(e.to_string())),
            }
        }
        let value = last.unwrap_or_else(|| Err("no upstream to check".into()))?;
        value
            .expose_str()
            .map(str::to_owned)
            .ok_or_else(|| "the secret is not UTF-8 text".to_owned())
    }
}

/// Starts every `[sinks.NAME]`; an error (a secret that does not resolve, an unwritable state
/// directory) stops `warden serve` with the sink's name and the reason.
pub async fn start(
    config: &SinksConfig,
    data: &DataDir,
    store: &Store,
    identity: Arc<IdentityService>,
) -> Result<SinkService, String> {
    if config.0.is_empty() {
        return Ok(SinkService::none());
    }
    SinkService::start(config, data, store, &Broker(identity)).await
}
