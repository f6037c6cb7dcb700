//! The file sink: lines appended to a local file and fsynced before the batch counts as
//! delivered (a log shipper can tail it). A re-sent batch after a crash appends its lines
//! again; readers dedupe by event id like any at-least-once consumer.

pub mod config;
#[cfg(test)]
mod integration_tests;
#[cfg(test)]
mod tests;

use std::io::Write as _;

use warden_core::StoredEvent;

use crate::encode;
use crate::sink::{SendError, SendFuture, Sink};
use config::FileConfig;

pub struct FileSink {
    config: FileConfig,
}

impl FileSink {
    pub fn new(config: FileConfig) -> Self {
        Self { config }
    }

    async fn append(&self, batch: &[StoredEvent]) -> Result<(), SendError> {
        let mut text = String::new();
        for line in encode::lines(self.config.format, batch) {
            text.push_str(&line);
            text.push('\n');
        }
        let path = self.config.path.clone();
        tokio::task::spawn_blocking(move || {
            let fail = |e: std::io::Error| {
                SendError::Transient(format!("cannot append to {}: {e}", path.display()))
            };
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(fail)?;
            f.write_all(text.as_bytes()).map_err(fail)?;
            f.sync_data().map_err(fail)
        })
        .await
        .map_err(|e| SendError::Transient(e.to_string()))?
    }
}

impl Sink for FileSink {
    fn send<'a>(&'a mut self, batch: &'a [StoredEvent]) -> SendFuture<'a> {
        Box::pin(self.append(batch))
    }
}
