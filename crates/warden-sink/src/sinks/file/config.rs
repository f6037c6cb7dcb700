//! `type = "file"`: append events to a local file in any export format.

use std::path::PathBuf;

use serde::Deserialize;

use crate::encode::Format;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub path: PathBuf,
    /// `jsonl` (default), `ocsf`, `cef`, or `otlp` (OTLP/JSON, one request per batch).
    #[serde(default = "default_format")]
    pub format: Format,
}

fn default_format() -> Format {
    Format::Jsonl
}

impl FileConfig {
    pub fn validate(&self, name: &str) -> Result<(), String> {
        if self.path.as_os_str().is_empty() || self.path.is_dir() {
            return Err(format!("sinks.{name}.path must name a file"));
        }
        Ok(())
    }
}
