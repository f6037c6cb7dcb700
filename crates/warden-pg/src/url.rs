//! A validated PostgreSQL connection URL.
//!
//! Parsed once at the boundary (CLI flag or config); printed only in redacted form (no
//! password), so it can appear in logs and error messages.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use postgres::config::Host;
use postgres::{Client, NoTls};

use crate::PgError;

#[derive(Clone)]
pub struct PgUrl {
    config: postgres::Config,
}

impl FromStr for PgUrl {
    type Err = PgError;

    fn from_str(text: &str) -> Result<Self, PgError> {
        if !crate::is_postgres_url(text) {
            return Err(PgError::Url(
                "a PostgreSQL store is named by a URL starting postgres:// (e.g. postgres://warden@127.0.0.1:5432/warden)".into(),
            ));
        }
        let mut config = postgres::Config::from_str(text).map_err(|e| {
            PgError::Url(format!(
                "the PostgreSQL URL does not parse ({e}); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
            ))
        })?;
        if config.get_hosts().is_empty() {
            return Err(PgError::Url("the PostgreSQL URL names no host".into()));
        }
        if config.get_dbname().is_none() {
            return Err(PgError::Url(
                "the PostgreSQL URL names no database (…/DATABASE)".into(),
            ));
        }
        if config.get_user().is_none() {
            config.user("postgres");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        if config.get_application_name().is_none() {
            config.application_name("warden");
        }
        Ok(Self { config })
    }
}

impl PgUrl {
    /// Opens a connection (plain TCP or a Unix socket; TLS is not offered yet, so keep the
    /// database on loopback or a private network).
    pub fn connect(&self) -> Result<Client, PgError> {
        self.config.connect(NoTls).map_err(|e| PgError::Connect {
            url: self.to_string(),
            reason: e.to_string(),
        })
    }

    pub fn config(&self) -> &postgres::Config {
        &self.config
    }
}

impl fmt::Display for PgUrl {
    /// `postgres://user@host:port/db`, never the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let user = self.config.get_user().unwrap_or("postgres");
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(Host::Unix(p)) => p.display().to_string(),
            None => String::new(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let db = self.config.get_dbname().unwrap_or("");
        write!(f, "postgres://{user}@{host}:{port}/{db}")
    }
}

impl fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PgUrl({self})")
    }
}
