use std::path::PathBuf;

/// Errors of the audit log. Messages name the file or the event involved and never include
/// event bodies (which may hold data a reviewer must not see in a log line).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("data directory {path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database value has an unexpected type: {0}")]
    Column(#[from] rusqlite::types::FromSqlError),
    #[error("event {0} is already recorded with different content")]
    DuplicateId(String),
    #[error("the audit log writer has stopped; events cannot be recorded")]
    WriterGone,
    #[error("no event with id {0}")]
    NoSuchEvent(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Postgres(#[from] warden_pg::PgError),
}

impl From<warden_pg::postgres::Error> for StoreError {
    fn from(e: warden_pg::postgres::Error) -> Self {
        StoreError::Postgres(warden_pg::PgError::Query(e))
    }
}
