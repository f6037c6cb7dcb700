//! The one place a sink type becomes a running sink: its registration.
//!
//! Adding a sink = a folder under `sinks/`, a variant of [`SinkKind`], and one arm here.

use std::time::Duration;

use crate::config::SinkKind;
use crate::secret::SecretResolver;
use crate::sink::Sink;
use crate::sinks::http::HttpTransport;
use crate::sinks::{file, nats, ocsf_http, otlp, splunk_hec, syslog, webhook};

/// Builds sink `name` from its options, resolving its credential. Errors name the sink and what
/// to fix; they never hold a credential.
pub async fn build(
    name: &str,
    kind: &SinkKind,
    secrets: &dyn SecretResolver,
) -> Result<Box<dyn Sink>, String> {
    let fail = |e: String| format!("sinks.{name}: {e}");
    Ok(match kind {
        SinkKind::Nats(c) => {
            let token =
                crate::SecretRef::from_pair(name, c.token_secret.as_ref(), c.token_env.as_ref())?
                    .map(|t| t.resolve(secrets, &c.url))
                    .transpose()
                    .map_err(fail)?;
            Box::new(
                nats::NatsSink::connect(c.clone(), token)
                    .await
                    .map_err(fail)?,
            )
        }
        SinkKind::Otlp(c) => {
            let url = c.traces_url();
            let http = bearer(name, &url, c.timeout_ms, c.token(name)?, secrets)?;
            Box::new(otlp::OtlpSink::new(http))
        }
        SinkKind::OcsfHttp(c) => {
            let http = bearer(name, &c.url, c.timeout_ms, c.token(name)?, secrets)?;
            Box::new(ocsf_http::sink(http))
        }
        SinkKind::Webhook(c) => {
            let http = bearer(name, &c.url, c.timeout_ms, c.token(name)?, secrets)?;
            Box::new(webhook::JsonArraySink::new(http, c.format))
        }
        SinkKind::SplunkHec(c) => {
            let url = c.event_url();
            let token = c
                .token(name)?
                .ok_or_else(|| fail("a HEC token is required (token_secret or token_env)".into()))?
                .resolve(secrets, &url)
                .map_err(fail)?;
            let http = HttpTransport::new(
                &url,
                Duration::from_millis(c.timeout_ms),
                Some(("Splunk", &token)),
            )
            .map_err(fail)?;
            Box::new(splunk_hec::SplunkHecSink::new(http, c.clone()))
        }
        SinkKind::Syslog(c) => Box::new(syslog::SyslogSink::new(c.clone())),
        SinkKind::File(c) => Box::new(file::FileSink::new(c.clone())),
    })
}

/// An HTTP transport with an optional `Authorization: Bearer` credential.
fn bearer(
    name: &str,
    url: &str,
    timeout_ms: u64,
    token: Option<crate::SecretRef>,
    secrets: &dyn SecretResolver,
) -> Result<HttpTransport, String> {
    let fail = |e: String| format!("sinks.{name}: {e}");
    let token = token
        .map(|t| t.resolve(secrets, url))
        .transpose()
        .map_err(fail)?;
    HttpTransport::new(
        url,
        Duration::from_millis(timeout_ms),
        token.as_ref().map(|t| ("Bearer", t)),
    )
    .map_err(fail)
}
