//! Isolation for tests against a real PostgreSQL: each test gets a fresh schema in the test
//! database (selected through the URL's `search_path`), dropped when the guard goes away, so
//! parallel tests and repeated CI runs never see each other's rows or notifications.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::{PgError, PgUrl};

/// The server tests use: `$WARDEN_TEST_PG`, else the local test database.
pub fn base_url() -> String {
    std::env::var("WARDEN_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A schema that exists for the guard's lifetime.
pub struct TestSchema {
    pub name: String,
    /// The URL selecting this schema (pass it to `--store`).
    pub url: String,
    base: String,
}

impl TestSchema {
    pub fn create(label: &str) -> Result<Self, PgError> {
        Self::create_in(&base_url(), label)
    }

    /// A scratch schema in the database `base` names (benchmarks use it too).
    pub fn create_in(base: &str, label: &str) -> Result<Self, PgError> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let label: String = label
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(20)
            .collect::<String>()
            .to_ascii_lowercase();
        let name = format!(
            "wt_{label}_{}_{}_{nanos:x}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let admin: PgUrl = base.parse()?;
        admin
            .connect()?
            .batch_execute(&format!("CREATE SCHEMA {name}"))?;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{name}");
        Ok(Self {
            name,
            url,
            base: base.to_owned(),
        })
    }

    pub fn pg_url(&self) -> PgUrl {
        match self.url.parse() {
            Ok(u) => u,
            Err(e) => panic!("test URL does not parse: {e}"),
        }
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        if let Ok(admin) = self.base.parse::<PgUrl>() {
            if let Ok(mut c) = admin.connect() {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
            }
        }
    }
}
