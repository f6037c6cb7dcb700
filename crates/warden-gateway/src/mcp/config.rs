//! `[mcp.upstreams.NAME]`: the MCP servers the gateway fronts at `/mcp/NAME`.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct McpConfig {
    pub upstreams: BTreeMap<String, Upstream>,
}

/// One upstream: a Streamable HTTP server (`url`) or a stdio server the gateway starts
/// (`command`), one process per MCP session.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upstream {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub command: Option<Vec<String>>,
    /// Environment for a stdio upstream.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Headers Warden injects toward an HTTP upstream, with `{secret:NAME}` filled from a
    /// secret leased to the caller's task (`Authorization = "Bearer {secret:gh}"`).
    #[serde(default)]
    pub secret_headers: BTreeMap<String, String>,
}

impl Upstream {
    pub fn http(url: &str) -> Self {
        Self {
            url: Some(url.to_owned()),
            command: None,
            env: BTreeMap::new(),
            secret_headers: BTreeMap::new(),
        }
    }
}

/// Checks a name is usable in a URL path and as a tool prefix (`mcp__NAME__tool`).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !name.contains("__")
}

impl McpConfig {
    /// Validates names and that each upstream says exactly one of `url` and `command`.
    pub fn validate(&self) -> Result<(), String> {
        for (name, u) in &self.upstreams {
            if !valid_name(name) {
                return Err(format!(
                    "MCP upstream name {name:?} must be 1-64 letters, digits, '-' or '_' (no '__')"
                ));
            }
            match (&u.url, &u.command) {
                (Some(url), None) => {
                    if !(url.starts_with("http://") || url.starts_with("https://")) {
                        return Err(format!("MCP upstream {name}: url must start with http:// or https://"));
                    }
                }
                (None, Some(cmd)) if !cmd.is_empty() => {}
                _ => {
                    return Err(format!(
                        "MCP upstream {name}: give exactly one of url = \"http://…\" or command = [\"program\", \"arg\"…]"
                    ))
                }
            }
        }
        Ok(())
    }

    /// Parses `NAME=URL` (the `--mcp-upstream` flag).
    pub fn add_flag(&mut self, flag: &str) -> Result<(), String> {
        let (name, url) = flag
            .split_once('=')
            .ok_or_else(|| format!("--mcp-upstream takes NAME=URL, got {flag:?}"))?;
        self.upstreams.insert(name.to_owned(), Upstream::http(url));
        self.validate()
    }
}
