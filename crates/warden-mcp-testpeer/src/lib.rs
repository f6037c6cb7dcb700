//! Real MCP test peers for Warden.
//!
//! Why: the MCP proxy (`warden-mcp`, `/mcp/NAME` routes in `warden-gateway`) is tested against
//! the real thing, not mocks: the official conformance suite, the reference npm servers and the
//! Python `mcp` client (DESIGN.md, "Real peers for tests"). This crate holds
//! - [`protocol`], [`http`], [`stdio`]: an upstream MCP server that passes every server scenario
//!   of the conformance suite in both spec eras, so a proxy in front of it can be held to the
//!   same pass list;
//! - [`peers`]: installs (via `scripts/peers.sh`) and locates the external peers;
//! - [`conformance`]: runs the suite against any URL and returns per-scenario results, so a proxy
//!   run can be compared with the direct baseline.

pub mod conformance;
pub mod http;
pub mod peers;
pub mod protocol;
pub mod stdio;
