//! The webhook sink: each batch is one POST of a JSON array (event records or OCSF events).
//! A 2xx answer acknowledges the whole array; see [`crate::sinks::http`] for the rest.

pub mod config;
#[cfg(test)]
mod integration_tests;
#[cfg(test)]
mod tests;

use serde_json::Value;
use warden_core::StoredEvent;

use crate::encode::{ocsf, Format};
use crate::sink::{SendError, SendFuture, Sink};
use crate::sinks::http::HttpTransport;

pub struct JsonArraySink {
    http: HttpTransport,
    format: Format,
}

impl JsonArraySink {
    /// `format` is `Jsonl` (records) or `Ocsf`.
    pub fn new(http: HttpTransport, format: Format) -> Self {
        Self { http, format }
    }

    /// The request body for `batch`.
    pub fn body(format: Format, batch: &[StoredEvent]) -> Vec<u8> {
        let items: Vec<Value> = batch
            .iter()
            .map(|e| match format {
                Format::Ocsf => ocsf::encode(e),
                _ => e.to_json(),
            })
            .collect();
        serde_json::to_vec(&items).unwrap_or_default()
    }

    async fn post(&self, batch: &[StoredEvent]) -> Result<(), SendError> {
        let body = Self::body(self.format, batch);
        self.http.post("application/json", body).await.map(|_| ())
    }
}

impl Sink for JsonArraySink {
    fn send<'a>(&'a mut self, batch: &'a [StoredEvent]) -> SendFuture<'a> {
        Box::pin(self.post(batch))
    }
}
