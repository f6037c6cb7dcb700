//! PostgreSQL plumbing shared by every Warden component that can keep its state in PostgreSQL
//! (the audit log in `warden-store`, the identity store in `warden-identity`).
//!
//! One place parses and redacts connection URLs, applies versioned migrations, runs a
//! connection on its own thread so synchronous stores can be called from async code, and
//! carries fleet-wide notifications (LISTEN/NOTIFY) scoped to the schema the URL selects, so
//! two deployments (or two tests) sharing one database never hear each other.

mod error;
mod listen;
mod migrate;
pub mod testing;
mod url;
mod worker;

pub use error::PgError;
pub use listen::{notify, Listener, Notification, CHANNEL};
pub use migrate::{migrate, Migration};
pub use url::PgUrl;
pub use worker::PgThread;

/// The client library, re-exported so every component uses the same version.
pub use postgres;

/// Whether `text` names a PostgreSQL store (`postgres://` or `postgresql://`).
pub fn is_postgres_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

#[cfg(test)]
mod tests;
