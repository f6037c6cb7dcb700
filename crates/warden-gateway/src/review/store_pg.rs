//! Reviewer accounts and browser sessions in the fleet's PostgreSQL.
//!
//! Every gateway reads these rows on each reviewer request (one indexed read, as with
//! SQLite), so there is nothing to announce: a reviewer added, rotated or removed on one
//! gateway is in force on all of them at the next request. Tables carry a `review_` prefix:
//! they share the schema with the audit log.

use warden_pg::{Migration, PgThread, PgUrl};

use super::store::{ReviewDb, ReviewerRow, StoreError};
use super::Role;

const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: r#"
CREATE TABLE review_reviewers (
    name text PRIMARY KEY, role text NOT NULL, token_digest text NOT NULL UNIQUE,
    created_at bigint NOT NULL);
CREATE TABLE review_agents (
    name text NOT NULL REFERENCES review_reviewers(name) ON DELETE CASCADE,
    agent text NOT NULL, PRIMARY KEY (name, agent));
CREATE TABLE review_sessions (
    id_digest text PRIMARY KEY,
    name text NOT NULL REFERENCES review_reviewers(name) ON DELETE CASCADE,
    csrf text NOT NULL, expires_at bigint NOT NULL);
"#,
}];

pub struct PgReviewDb {
    pg: PgThread,
}

impl PgReviewDb {
    /// Connects and applies the migrations.
    pub fn open(url: &PgUrl) -> Result<Self, StoreError> {
        let pg = PgThread::start(url, "warden-review-pg")?;
        pg.call(|c| warden_pg::migrate(c, "review", MIGRATIONS).map(|_| ()))?;
        Ok(Self { pg })
    }
}

fn owned(s: &str) -> String {
    s.to_owned()
}

impl ReviewDb for PgReviewDb {
    fn count(&self) -> Result<i64, StoreError> {
        Ok(self.pg.call(|c| {
            Ok(c.query_one("SELECT COUNT(*) FROM review_reviewers", &[])?
                .get(0))
        })?)
    }

    fn insert(
        &self,
        name: &str,
        role: Role,
        token_digest: &str,
        created_at: i64,
        agents: &[String],
    ) -> Result<bool, StoreError> {
        let (name, digest, agents) = (owned(name), owned(token_digest), agents.to_vec());
        Ok(self.pg.call(move |c| {
            let mut tx = c.transaction()?;
            let n = tx.execute(
                "INSERT INTO review_reviewers (name, role, token_digest, created_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING",
                &[&name, &role.as_str(), &digest, &created_at],
            )?;
            if n == 0 {
                return Ok(false);
            }
            for agent in &agents {
                tx.execute(
                    "INSERT INTO review_agents (name, agent) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&name, agent],
                )?;
            }
            tx.commit()?;
            Ok(true)
        })?)
    }

    fn list(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        Ok(self.pg.call(|c| {
            Ok(c.query(
                "SELECT name, role, created_at FROM review_reviewers ORDER BY name",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
        })?)
    }

    fn agents(&self, name: &str) -> Result<Vec<String>, StoreError> {
        let name = owned(name);
        Ok(self.pg.call(move |c| {
            Ok(c.query(
                "SELECT agent FROM review_agents WHERE name = $1 ORDER BY agent",
                &[&name],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
        })?)
    }

    fn remove(&self, name: &str) -> Result<(), StoreError> {
        let name = owned(name);
        self.pg.call(move |c| {
            let mut tx = c.transaction()?;
            // Serialises removals, so two gateways cannot each remove one of the last two admins.
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':warden-review'))",
                &[],
            )?;
            let role: Option<String> = tx
                .query_opt(
                    "SELECT role FROM review_reviewers WHERE name = $1",
                    &[&name],
                )?
                .map(|r| r.get(0));
            let Some(role) = role else {
                return Ok(Err(StoreError::Unknown(name)));
            };
            if role == Role::Admin.as_str() {
                let admins: i64 = tx
                    .query_one(
                        "SELECT COUNT(*) FROM review_reviewers WHERE role = 'admin'",
                        &[],
                    )?
                    .get(0);
                if admins <= 1 {
                    return Ok(Err(StoreError::LastAdmin(name)));
                }
            }
            tx.execute("DELETE FROM review_reviewers WHERE name = $1", &[&name])?;
            tx.commit()?;
            Ok(Ok(()))
        })?
    }

    fn rotate(&self, name: &str, token_digest: &str) -> Result<bool, StoreError> {
        let (name, digest) = (owned(name), owned(token_digest));
        Ok(self.pg.call(move |c| {
            let mut tx = c.transaction()?;
            let n = tx.execute(
                "UPDATE review_reviewers SET token_digest = $1 WHERE name = $2",
                &[&digest, &name],
            )?;
            tx.execute("DELETE FROM review_sessions WHERE name = $1", &[&name])?;
            tx.commit()?;
            Ok(n > 0)
        })?)
    }

    fn by_token(&self, token_digest: &str) -> Result<Option<ReviewerRow>, StoreError> {
        let digest = owned(token_digest);
        Ok(self.pg.call(move |c| {
            Ok(c.query_opt(
                "SELECT name, role FROM review_reviewers WHERE token_digest = $1",
                &[&digest],
            )?
            .map(|r| (r.get(0), r.get(1))))
        })?)
    }

    fn open_session(
        &self,
        id_digest: &str,
        name: &str,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let (id, name, csrf) = (owned(id_digest), owned(name), owned(csrf));
        Ok(self.pg.call(move |c| {
            c.execute("DELETE FROM review_sessions WHERE expires_at <= $1", &[&now])?;
            c.execute(
                "INSERT INTO review_sessions (id_digest, name, csrf, expires_at) VALUES ($1, $2, $3, $4)",
                &[&id, &name, &csrf, &expires_at],
            )?;
            Ok(())
        })?)
    }

    fn session(
        &self,
        id_digest: &str,
        now: i64,
    ) -> Result<Option<(String, String, String)>, StoreError> {
        let id = owned(id_digest);
        Ok(self.pg.call(move |c| {
            Ok(c.query_opt(
                "SELECT s.name, r.role, s.csrf FROM review_sessions s
                 JOIN review_reviewers r ON r.name = s.name
                 WHERE s.id_digest = $1 AND s.expires_at > $2",
                &[&id, &now],
            )?
            .map(|r| (r.get(0), r.get(1), r.get(2))))
        })?)
    }

    fn close_session(&self, id_digest: &str) -> Result<(), StoreError> {
        let id = owned(id_digest);
        Ok(self.pg.call(move |c| {
            c.execute("DELETE FROM review_sessions WHERE id_digest = $1", &[&id])?;
            Ok(())
        })?)
    }
}
