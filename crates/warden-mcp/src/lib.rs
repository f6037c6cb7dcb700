//! Warden's view of the Model Context Protocol, independent of any transport or of the
//! gateway's pipeline.
//!
//! The rule this crate exists to keep: Warden sits on an MCP connection **without changing a
//! byte the two ends did not ask it to change**. So nothing here re-serializes a message on
//! its way through. [`envelope`] reads only the JSON-RPC envelope (id, method, and the params
//! policy needs, as raw JSON slices) out of the original bytes, and the transports forward
//! those bytes. Unknown fields, `_meta`, key order and whitespace survive by construction.
//!
//! What lives here:
//! - [`envelope`]: one JSON-RPC message (or a legacy batch) parsed into a borrowed view;
//! - [`era`] and [`headers`]: the two spec eras (`2025-11-25` and earlier: `initialize` and
//!   `Mcp-Session-Id`; `2026-07-28`: stateless, `Mcp-Method`/`Mcp-Name` headers that must
//!   agree with the body);
//! - [`sse`]: incremental Server-Sent Events framing, reporting each event's data without
//!   touching the stream;
//! - [`correlate`]: requests matched to responses, progress tokens and cancellations;
//! - [`manifest`] and [`pins`]: a server's tool manifest hashed per tool, pinned on first
//!   sight, diffed on every later sight, with quarantine until a reviewer approves;
//! - [`seal`]: the sealed `requestState` Warden hands a `2026-07-28` client when a call needs
//!   approval, bound to the call's argument digest, the policy version and an expiry;
//! - [`reply`]: the few messages Warden writes itself (a deny, an `input_required`).
//!
//! What must not live here: policy, detection, recording, HTTP servers or process spawning.

pub mod correlate;
pub mod envelope;
pub mod era;
pub mod headers;
pub mod manifest;
pub mod pins;
pub mod reply;
pub mod seal;
pub mod sse;

pub use envelope::{Direction, Frame, FrameKind, ParseError};
pub use era::Era;
