//! The OTLP sink: a batch is one `ExportTraceServiceRequest` (protobuf over HTTP), a span per
//! event with GenAI semantic-convention attributes ([`crate::encode::otlp`]). A collector that
//! answers with `partial_success.rejected_spans` refused some spans: the batch counts as refused,
//! so the delivery loop re-sends its events one at a time and dead-letters the ones refused
//! alone (re-sent spans keep their ids, so a backend can dedupe them).

pub mod config;
#[cfg(test)]
mod integration_tests;
#[cfg(test)]
mod tests;

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceResponse;
use warden_core::StoredEvent;

use crate::encode::otlp;
use crate::sink::{SendError, SendFuture, Sink};
use crate::sinks::http::HttpTransport;

pub struct OtlpSink {
    http: HttpTransport,
}

impl OtlpSink {
    pub fn new(http: HttpTransport) -> Self {
        Self { http }
    }

    async fn export(&self, batch: &[StoredEvent]) -> Result<(), SendError> {
        let body = otlp::to_protobuf(&otlp::request(batch));
        let answer = self.http.post("application/x-protobuf", body).await?;
        if answer.is_empty() {
            return Ok(());
        }
        match prost::Message::decode(answer) {
            Ok(ExportTraceServiceResponse {
                partial_success: Some(p),
            }) if p.rejected_spans > 0 => Err(SendError::Rejected(format!(
                "the collector rejected {} span(s): {}",
                p.rejected_spans,
                p.error_message.chars().take(300).collect::<String>()
            ))),
            _ => Ok(()),
        }
    }
}

impl Sink for OtlpSink {
    fn send<'a>(&'a mut self, batch: &'a [StoredEvent]) -> SendFuture<'a> {
        Box::pin(self.export(batch))
    }
}
