//! The OCSF-over-HTTP sink: the webhook transport with the OCSF encoding fixed, for collectors
//! that ingest OCSF (a security data lake's HTTP endpoint, a pipeline's OCSF input).

pub mod config;
#[cfg(test)]
mod integration_tests;
#[cfg(test)]
mod tests;

use crate::encode::Format;
use crate::sinks::http::HttpTransport;
use crate::sinks::webhook::JsonArraySink;

pub fn sink(http: HttpTransport) -> JsonArraySink {
    JsonArraySink::new(http, Format::Ocsf)
}
