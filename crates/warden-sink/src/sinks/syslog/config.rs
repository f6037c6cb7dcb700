//! `type = "syslog"`: RFC 5424 messages over UDP or TCP, the body in CEF or JSON.

use serde::Deserialize;

use crate::encode::rfc5424::DEFAULT_SD_ID;
use crate::encode::Format;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// One datagram per event; no acknowledgement exists, so "sent" counts as delivered.
    Udp,
    /// RFC 6587 octet-counted frames on one connection; delivered once written and flushed.
    Tcp,
}

impl Protocol {
    pub fn as_str(&self) -> &'static str {
        match self {
            Protocol::Udp => "udp",
            Protocol::Tcp => "tcp",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyslogConfig {
    /// `host:port` of the syslog server.
    pub address: String,
    #[serde(default = "default_protocol")]
    pub protocol: Protocol,
    /// The message body: `cef` (default) or `jsonl` (the record).
    #[serde(default = "default_format")]
    pub format: Format,
    /// Facility code 0–23 (default 16, local0).
    #[serde(default = "default_facility")]
    pub facility: u8,
    #[serde(default = "default_app")]
    pub app_name: String,
    /// Default: this machine's name.
    pub hostname: Option<String>,
    /// Structured-data id (`name@<private enterprise number>`).
    #[serde(default = "default_sd_id")]
    pub sd_id: String,
}

fn default_protocol() -> Protocol {
    Protocol::Tcp
}

fn default_format() -> Format {
    Format::Cef
}

fn default_facility() -> u8 {
    16
}

fn default_app() -> String {
    "warden".into()
}

fn default_sd_id() -> String {
    DEFAULT_SD_ID.into()
}

impl SyslogConfig {
    pub fn validate(&self, name: &str) -> Result<(), String> {
        if self
            .address
            .rsplit_once(':')
            .and_then(|(_, p)| p.parse::<u16>().ok())
            .is_none()
        {
            return Err(format!(
                "sinks.{name}.address: {:?} must be host:port",
                self.address
            ));
        }
        if !matches!(self.format, Format::Cef | Format::Jsonl) {
            return Err(format!("sinks.{name}.format: syslog carries cef or jsonl"));
        }
        if self.facility > 23 {
            return Err(format!("sinks.{name}.facility must be 0-23"));
        }
        let sd_ok = self.sd_id.contains('@')
            && self.sd_id.len() <= 32
            && self
                .sd_id
                .chars()
                .all(|c| c.is_ascii_graphic() && !matches!(c, '=' | ']' | '"'));
        if !sd_ok {
            return Err(format!(
                "sinks.{name}.sd_id: {:?} must look like name@<enterprise number>",
                self.sd_id
            ));
        }
        Ok(())
    }
}
