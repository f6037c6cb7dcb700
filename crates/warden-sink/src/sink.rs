//! The one trait every sink implements: deliver a batch, say whether it was acknowledged.
//!
//! A sink only moves bytes. Reading the log, batching, retrying, the cursor and dead letters
//! are the delivery loop's job ([`crate::delivery`]), so every sink gets the same guarantees.

use std::future::Future;
use std::pin::Pin;

use warden_core::StoredEvent;

/// What a failed delivery means for the events in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The receiver is down, overloaded, or refused us for a reason that is not about these
    /// events (connection refused, timeout, 5xx, 429, bad credentials): retry later.
    #[error("{0}")]
    Transient(String),
    /// The receiver refused the events themselves (HTTP 400, a message too large): retrying
    /// the same bytes cannot succeed. The delivery loop isolates the refused event and puts it
    /// in the dead-letter spool.
    #[error("{0}")]
    Rejected(String),
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;

/// A destination for audit events.
pub trait Sink: Send {
    /// Delivers `batch` (in log order). `Ok` means the receiver acknowledged every event of
    /// it; anything short of that is an error, and the whole batch may be sent again.
    /// Dropping the future (shutdown) must leave the sink usable.
    fn send<'a>(&'a mut self, batch: &'a [StoredEvent]) -> SendFuture<'a>;
}
