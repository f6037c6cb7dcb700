//! The syslog sink: RFC 5424 messages carrying CEF (or the JSON record), over UDP or TCP.
//!
//! TCP uses RFC 6587 octet counting, so a message may hold any byte, and a batch counts as
//! delivered once written and flushed to the connection (syslog has no application-level
//! acknowledgement). A broken connection is dropped and re-opened on the next attempt; a send
//! cancelled mid-write drops the connection too, so the peer never sees half a frame followed
//! by a new one. Over UDP one datagram carries one message; a message too large for a
//! datagram is refused (dead-lettered) rather than truncated.

pub mod config;
#[cfg(test)]
mod integration_tests;
#[cfg(test)]
mod tests;

use tokio::io::AsyncWriteExt as _;
use tokio::net::{TcpStream, UdpSocket};
use warden_core::StoredEvent;

use crate::encode::{self, rfc5424};
use crate::sink::{SendError, SendFuture, Sink};
use config::{Protocol, SyslogConfig};

/// Largest UDP payload over IPv4.
const MAX_DATAGRAM: usize = 65_507;

pub struct SyslogSink {
    config: SyslogConfig,
    header: rfc5424::Header,
    tcp: Option<TcpStream>,
    udp: Option<UdpSocket>,
}

impl SyslogSink {
    pub fn new(config: SyslogConfig) -> Self {
        let header = rfc5424::Header {
            facility: config.facility,
            hostname: config.hostname.clone().unwrap_or_else(super::host_name),
            app_name: config.app_name.clone(),
            sd_id: config.sd_id.clone(),
        };
        Self {
            config,
            header,
            tcp: None,
            udp: None,
        }
    }

    /// The syslog message for one event.
    pub fn message(&self, e: &StoredEvent) -> String {
        let body = encode::line(self.config.format, e);
        rfc5424::encode(&self.header, e, &body)
    }

    async fn deliver(&mut self, batch: &[StoredEvent]) -> Result<(), SendError> {
        match self.config.protocol {
            Protocol::Tcp => self.deliver_tcp(batch).await,
            Protocol::Udp => self.deliver_udp(batch).await,
        }
    }

    async fn deliver_tcp(&mut self, batch: &[StoredEvent]) -> Result<(), SendError> {
        let mut frames = Vec::new();
        for e in batch {
            frames.extend_from_slice(&rfc5424::octet_counted(&self.message(e)));
        }
        // Taken out while writing: if this future is dropped mid-write the connection goes
        // with it, and the next attempt starts on a fresh one.
        let mut conn = match self.tcp.take() {
            Some(c) => c,
            None => TcpStream::connect(&self.config.address)
                .await
                .map_err(|e| transient(&self.config.address, "connect", &e))?,
        };
        conn.write_all(&frames)
            .await
            .map_err(|e| transient(&self.config.address, "write", &e))?;
        conn.flush()
            .await
            .map_err(|e| transient(&self.config.address, "flush", &e))?;
        self.tcp = Some(conn);
        Ok(())
    }

    async fn deliver_udp(&mut self, batch: &[StoredEvent]) -> Result<(), SendError> {
        let socket = match self.udp.take() {
            Some(s) => s,
            None => {
                let bind = if self.config.address.starts_with('[') {
                    "[::]:0"
                } else {
                    "0.0.0.0:0"
                };
                let s = UdpSocket::bind(bind)
                    .await
                    .map_err(|e| transient(&self.config.address, "bind", &e))?;
                s.connect(&self.config.address)
                    .await
                    .map_err(|e| transient(&self.config.address, "resolve", &e))?;
                s
            }
        };
        for e in batch {
            let msg = self.message(e);
            if msg.len() > MAX_DATAGRAM {
                self.udp = Some(socket);
                return Err(SendError::Rejected(format!(
                    "a {} byte message does not fit a UDP datagram; use protocol = \"tcp\"",
                    msg.len()
                )));
            }
            socket
                .send(msg.as_bytes())
                .await
                .map_err(|err| transient(&self.config.address, "send", &err))?;
        }
        self.udp = Some(socket);
        Ok(())
    }
}

fn transient(address: &str, what: &str, e: &std::io::Error) -> SendError {
    SendError::Transient(format!("syslog {address}: {what} failed ({e})"))
}

impl Sink for SyslogSink {
    fn send<'a>(&'a mut self, batch: &'a [StoredEvent]) -> SendFuture<'a> {
        Box::pin(self.deliver(batch))
    }
}
