//! The NATS JetStream sink: one message per event, acknowledged by the stream.
//!
//! Each message carries the event id as `Nats-Msg-Id`, so JetStream's duplicate window drops
//! the re-sends at-least-once delivery can produce. A batch is published pipelined and counts
//! as delivered once every message's publish acknowledgement has arrived. No stream for the
//! subject, a timeout or a lost connection are retried (async-nats reconnects by itself); a
//! message larger than the server's `max_payload` is refused.

pub mod config;
#[cfg(test)]
mod integration_tests;
#[cfg(test)]
mod tests;

use std::time::Duration;

use async_nats::jetstream::{self, message::PublishMessage as Publish};
use warden_core::StoredEvent;

use crate::encode;
use crate::secret::Token;
use crate::sink::{SendError, SendFuture, Sink};
use config::NatsConfig;

pub struct NatsSink {
    config: NatsConfig,
    client: async_nats::Client,
    js: jetstream::Context,
}

impl NatsSink {
    /// Connects in the background: a server that is down at start-up is retried like any other
    /// outage, so `warden serve` starts regardless.
    pub async fn connect(config: NatsConfig, token: Option<Token>) -> Result<Self, String> {
        let mut options = async_nats::ConnectOptions::new()
            .name("warden-sink")
            .retry_on_initial_connect()
            .max_reconnects(None)
            .connection_timeout(Duration::from_secs(5));
        if let Some(t) = token {
            options = options.token(t.expose().to_owned());
        }
        let client = options
            .connect(config.url.as_str())
            .await
            .map_err(|e| format!("NATS {}: {e}", config.url))?;
        let mut js = jetstream::new(client.clone());
        js.set_timeout(Duration::from_millis(config.ack_timeout_ms));
        Ok(Self { config, client, js })
    }

    async fn publish(&self, batch: &[StoredEvent]) -> Result<(), SendError> {
        if self.client.connection_state() != async_nats::connection::State::Connected {
            return Err(SendError::Transient(format!(
                "NATS {}: not connected",
                self.config.url
            )));
        }
        let max = self.client.server_info().max_payload;
        let mut acks = Vec::with_capacity(batch.len());
        for e in batch {
            let payload = encode::line(self.config.format, e).into_bytes();
            if max > 0 && payload.len() > max {
                return Err(SendError::Rejected(format!(
                    "event of {} bytes exceeds the server's max_payload of {max}",
                    payload.len()
                )));
            }
            let subject = self.config.subject_for(e.envelope.meta.kind.as_str());
            let publish = Publish::build()
                .payload(payload.into())
                .message_id(e.envelope.meta.id.to_string());
            let ack = self
                .js
                .send_publish(subject, publish)
                .await
                .map_err(|err| SendError::Transient(format!("NATS publish: {err}")))?;
            acks.push(ack);
        }
        for ack in acks {
            ack.await
                .map_err(|err| SendError::Transient(format!("JetStream acknowledgement: {err}")))?;
        }
        Ok(())
    }
}

impl Sink for NatsSink {
    fn send<'a>(&'a mut self, batch: &'a [StoredEvent]) -> SendFuture<'a> {
        Box::pin(self.publish(batch))
    }
}
