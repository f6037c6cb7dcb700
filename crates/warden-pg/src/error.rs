//! Errors of the PostgreSQL plumbing. Messages name the server by its redacted URL and never
//! carry a password.

#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("{0}")]
    Url(String),
    #[error("cannot connect to PostgreSQL at {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("PostgreSQL error: {0}")]
    Query(#[from] postgres::Error),
    #[error("{0}")]
    Schema(String),
    #[error("the PostgreSQL connection thread has stopped")]
    ThreadGone,
}

impl PgError {
    /// The SQLSTATE of a server error, if this is one (e.g. `23505` for a unique violation).
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            PgError::Query(e) => e.code().map(|c| c.code()),
            _ => None,
        }
    }
}
