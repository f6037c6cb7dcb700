//! The Splunk HEC sink: a batch is one POST of concatenated HEC event objects
//! (`{"time", "host", "source", "sourcetype", "index", "event"}`), authenticated with
//! `Authorization: Splunk <token>`. HEC answers 200 once it accepted the batch; a 400
//! ("invalid data format") refuses events, a 401/403 (bad token) or 503 (busy) is retried.

pub mod config;
#[cfg(test)]
mod integration_tests;
#[cfg(test)]
mod tests;

use serde_json::{json, Value};
use warden_core::StoredEvent;

use crate::encode::{ocsf, Format};
use crate::sink::{SendError, SendFuture, Sink};
use crate::sinks::http::HttpTransport;
use config::SplunkHecConfig;

pub struct SplunkHecSink {
    http: HttpTransport,
    config: SplunkHecConfig,
    host: String,
}

impl SplunkHecSink {
    pub fn new(http: HttpTransport, config: SplunkHecConfig) -> Self {
        Self {
            http,
            config,
            host: super::host_name(),
        }
    }

    /// The HEC payload for `batch`: one JSON object per event, back to back.
    pub fn body(config: &SplunkHecConfig, host: &str, batch: &[StoredEvent]) -> Vec<u8> {
        let mut out = Vec::with_capacity(batch.len() * 512);
        for e in batch {
            let event: Value = match config.format {
                Format::Ocsf => ocsf::encode(e),
                _ => e.to_json(),
            };
            let secs = e.envelope.meta.ts.unix_nanos() as f64 / 1e9;
            let mut wrapper = json!({
                "time": (secs * 1000.0).round() / 1000.0,
                "host": host,
                "source": config.source,
                "sourcetype": config.sourcetype(),
                "event": event,
            });
            if let Some(index) = &config.index {
                wrapper["index"] = json!(index);
            }
            if let Ok(bytes) = serde_json::to_vec(&wrapper) {
                out.extend_from_slice(&bytes);
            }
        }
        out
    }

    async fn post(&self, batch: &[StoredEvent]) -> Result<(), SendError> {
        let body = Self::body(&self.config, &self.host, batch);
        self.http.post("application/json", body).await.map(|_| ())
    }
}

impl Sink for SplunkHecSink {
    fn send<'a>(&'a mut self, batch: &'a [StoredEvent]) -> SendFuture<'a> {
        Box::pin(self.post(batch))
    }
}
