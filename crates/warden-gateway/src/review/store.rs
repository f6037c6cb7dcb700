//! Reviewer accounts and browser sessions in `<data>/review.db`, or in the fleet's PostgreSQL
//! ([`super::store_pg`]), where every gateway reads them directly: a reviewer added on one
//! gateway signs in on any other at once, and one removed is refused everywhere.
//!
//! Only SHA-256 digests of tokens and session ids are stored: a copy of the database grants
//! nothing. Tokens are 256 random bits, so a plain digest (no slow hash) is enough to make them
//! unrecoverable, and lookups stay a single indexed read.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Reviewer, Role};

/// Every reviewer token starts with this, so agent credentials are told apart at a glance.
pub const TOKEN_PREFIX: &str = "wrv_";
/// The file, in the data directory, holding the admin token created at first start (0600).
pub const ADMIN_TOKEN_FILE: &str = "review-admin.token";

/// A reviewer account as listed (never with its token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewerInfo {
    pub name: String,
    pub role: Role,
    /// Agents this reviewer owns: they cannot approve what these agents asked for.
    pub agents: Vec<String>,
    pub created_at: u64,
}

/// A server-side browser session.
#[derive(Clone, Debug)]
pub struct SessionInfo {
    pub reviewer: Reviewer,
    pub csrf: String,
}

/// The admin account created at first start.
#[derive(Debug)]
pub struct FirstAdmin {
    pub token: String,
    pub file: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("reviewer names are 1-64 letters, digits, '.', '-', '_' or '@'")]
    BadName,
    #[error(
        "a reviewer named {0:?} already exists; `warden reviewer rotate {0}` gives a new token"
    )]
    Exists(String),
    #[error("no reviewer named {0:?}; `warden reviewer list` shows them")]
    Unknown(String),
    #[error("{0:?} is the last admin: add another admin before removing or demoting it")]
    LastAdmin(String),
    #[error("the reviewer database failed: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("the reviewer database failed: {0}")]
    Pg(#[from] warden_pg::PgError),
    #[error("{0}")]
    Io(String),
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `sha256:<hex>` of a secret, as stored.
pub fn digest(secret: &str) -> String {
    let d = Sha256::digest(secret.as_bytes());
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in d {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// 256 random bits, base64url.
pub fn random_secret() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Io(format!("no randomness: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn new_token() -> Result<String, StoreError> {
    Ok(format!("{TOKEN_PREFIX}{}", random_secret()?))
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
}

/// A reviewer row: name and role.
pub type ReviewerRow = (String, String);

/// Storage of reviewer accounts and sessions (digests only). [`ReviewStore`] holds the rules
/// (names, tokens, the last admin); a backend only reads and writes rows.
pub trait ReviewDb: Send + Sync {
    fn count(&self) -> Result<i64, StoreError>;
    /// Inserts a reviewer and the agents it owns; `false` if the name is taken.
    fn insert(
        &self,
        name: &str,
        role: Role,
        token_digest: &str,
        created_at: i64,
        agents: &[String],
    ) -> Result<bool, StoreError>;
    /// `(name, role, created_at)` of every reviewer, by name.
    fn list(&self) -> Result<Vec<(String, String, i64)>, StoreError>;
    fn agents(&self, name: &str) -> Result<Vec<String>, StoreError>;
    /// Removes a reviewer, its agents and sessions, refusing the last admin.
    fn remove(&self, name: &str) -> Result<(), StoreError>;
    /// Sets a new token digest and ends the reviewer's sessions; `false` if unknown.
    fn rotate(&self, name: &str, token_digest: &str) -> Result<bool, StoreError>;
    fn by_token(&self, token_digest: &str) -> Result<Option<ReviewerRow>, StoreError>;
    /// Drops expired sessions and opens one.
    fn open_session(
        &self,
        id_digest: &str,
        name: &str,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError>;
    /// `(name, role, csrf)` of a live session.
    fn session(
        &self,
        id_digest: &str,
        now: i64,
    ) -> Result<Option<(String, String, String)>, StoreError>;
    fn close_session(&self, id_digest: &str) -> Result<(), StoreError>;
}

pub struct ReviewStore {
    db: Box<dyn ReviewDb>,
    session_ttl: Duration,
}

impl ReviewStore {
    /// Opens (creating) `<root>/review.db`.
    pub fn open(root: &Path, session_ttl: Duration) -> Result<Self, StoreError> {
        let conn = Connection::open(root.join("review.db"))?;
        Self::sqlite(conn, session_ttl)
    }

    /// A store that lives in memory (the embedded gateway, tests).
    pub fn in_memory(session_ttl: Duration) -> Result<Self, StoreError> {
        Self::sqlite(Connection::open_in_memory()?, session_ttl)
    }

    /// A store over any backend (the fleet's PostgreSQL: [`super::store_pg`]).
    pub fn with_backend(db: Box<dyn ReviewDb>, session_ttl: Duration) -> Self {
        Self { db, session_ttl }
    }

    fn sqlite(conn: Connection, session_ttl: Duration) -> Result<Self, StoreError> {
        Ok(Self::with_backend(
            Box::new(SqliteReviewDb::init(conn)?),
            session_ttl,
        ))
    }

    pub fn session_ttl(&self) -> Duration {
        self.session_ttl
    }

    /// Creates the first admin when there is no reviewer at all, writing its token to
    /// `<root>/review-admin.token` (0600). `None` when reviewers already exist.
    pub fn bootstrap_admin(&self, root: &Path) -> Result<Option<FirstAdmin>, StoreError> {
        if self.db.count()? > 0 {
            return Ok(None);
        }
        let file = root.join(ADMIN_TOKEN_FILE);
        let token = match self.add("admin", Role::Admin, &[]) {
            Ok(t) => t,
            // Another gateway of the fleet created it at the same moment.
            Err(StoreError::Exists(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let _ = std::fs::remove_file(&file);
        write_private(&file, token.as_bytes())
            .map_err(|e| StoreError::Io(format!("cannot write {}: {e}", file.display())))?;
        Ok(Some(FirstAdmin { token, file }))
    }

    /// Adds a reviewer; returns its token (shown once, never stored).
    pub fn add(&self, name: &str, role: Role, agents: &[String]) -> Result<String, StoreError> {
        if !valid_name(name) {
            return Err(StoreError::BadName);
        }
        let token = new_token()?;
        if !self
            .db
            .insert(name, role, &digest(&token), now_secs() as i64, agents)?
        {
            return Err(StoreError::Exists(name.to_owned()));
        }
        Ok(token)
    }

    pub fn list(&self) -> Result<Vec<ReviewerInfo>, StoreError> {
        let mut out = Vec::new();
        for (name, role, created_at) in self.db.list()? {
            out.push(ReviewerInfo {
                role: role.parse().unwrap_or(Role::Viewer),
                agents: self.db.agents(&name)?,
                name,
                created_at: created_at as u64,
            });
        }
        Ok(out)
    }

    /// The agents a reviewer owns.
    pub fn agents(&self, name: &str) -> Result<Vec<String>, StoreError> {
        self.db.agents(name)
    }

    /// Removes a reviewer and ends its sessions. The last admin cannot be removed.
    pub fn remove(&self, name: &str) -> Result<(), StoreError> {
        self.db.remove(name)
    }

    /// Gives a reviewer a new token; the old one and its sessions stop working at once.
    pub fn rotate(&self, name: &str) -> Result<String, StoreError> {
        let token = new_token()?;
        if !self.db.rotate(name, &digest(&token))? {
            return Err(StoreError::Unknown(name.to_owned()));
        }
        Ok(token)
    }

    /// The reviewer a token belongs to.
    pub fn by_token(&self, token: &str) -> Result<Option<Reviewer>, StoreError> {
        Ok(self.db.by_token(&digest(token))?.and_then(|(name, role)| {
            Some(Reviewer {
                name,
                role: role.parse().ok()?,
            })
        }))
    }

    /// Opens a session for a reviewer: `(session id, csrf token)`.
    pub fn open_session(&self, reviewer: &Reviewer) -> Result<(String, String), StoreError> {
        let id = random_secret()?;
        let csrf = random_secret()?;
        let now = now_secs() as i64;
        self.db.open_session(
            &digest(&id),
            &reviewer.name,
            &csrf,
            now,
            now + self.session_ttl.as_secs() as i64,
        )?;
        Ok((id, csrf))
    }

    /// A live session; the reviewer's current role (a demotion applies to open sessions).
    pub fn session(&self, id: &str) -> Result<Option<SessionInfo>, StoreError> {
        let row = self.db.session(&digest(id), now_secs() as i64)?;
        Ok(row.and_then(|(name, role, csrf)| {
            Some(SessionInfo {
                reviewer: Reviewer {
                    name,
                    role: role.parse().ok()?,
                },
                csrf,
            })
        }))
    }

    pub fn close_session(&self, id: &str) -> Result<(), StoreError> {
        self.db.close_session(&digest(id))
    }
}

/// `<data>/review.db` (or memory).
struct SqliteReviewDb {
    db: Mutex<Connection>,
}

impl SqliteReviewDb {
    fn init(conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE IF NOT EXISTS reviewers (
                 name TEXT PRIMARY KEY, role TEXT NOT NULL, token_digest TEXT NOT NULL UNIQUE,
                 created_at INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS reviewer_agents (
                 name TEXT NOT NULL REFERENCES reviewers(name) ON DELETE CASCADE,
                 agent TEXT NOT NULL, PRIMARY KEY (name, agent));
             CREATE TABLE IF NOT EXISTS sessions (
                 id_digest TEXT PRIMARY KEY, name TEXT NOT NULL, csrf TEXT NOT NULL,
                 expires_at INTEGER NOT NULL);
             PRAGMA foreign_keys=ON;",
        )?;
        Ok(Self {
            db: Mutex::new(conn),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        match self.db.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }
}

impl ReviewDb for SqliteReviewDb {
    fn count(&self) -> Result<i64, StoreError> {
        Ok(self
            .lock()
            .query_row("SELECT COUNT(*) FROM reviewers", [], |r| r.get(0))?)
    }

    fn insert(
        &self,
        name: &str,
        role: Role,
        token_digest: &str,
        created_at: i64,
        agents: &[String],
    ) -> Result<bool, StoreError> {
        let mut db = self.lock();
        let tx = db.transaction()?;
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO reviewers (name, role, token_digest, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, role.as_str(), token_digest, created_at],
        )?;
        if inserted == 0 {
            return Ok(false);
        }
        for agent in agents {
            tx.execute(
                "INSERT OR IGNORE INTO reviewer_agents (name, agent) VALUES (?1, ?2)",
                params![name, agent],
            )?;
        }
        tx.commit()?;
        Ok(true)
    }

    fn list(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        let db = self.lock();
        let mut stmt = db.prepare("SELECT name, role, created_at FROM reviewers ORDER BY name")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn agents(&self, name: &str) -> Result<Vec<String>, StoreError> {
        agents_of(&self.lock(), name)
    }

    fn remove(&self, name: &str) -> Result<(), StoreError> {
        let mut db = self.lock();
        let tx = db.transaction()?;
        let role: Option<String> = tx
            .query_row("SELECT role FROM reviewers WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        let role = role.ok_or_else(|| StoreError::Unknown(name.to_owned()))?;
        if role == Role::Admin.as_str() {
            let admins: i64 = tx.query_row(
                "SELECT COUNT(*) FROM reviewers WHERE role = 'admin'",
                [],
                |r| r.get(0),
            )?;
            if admins <= 1 {
                return Err(StoreError::LastAdmin(name.to_owned()));
            }
        }
        tx.execute("DELETE FROM reviewer_agents WHERE name = ?1", [name])?;
        tx.execute("DELETE FROM sessions WHERE name = ?1", [name])?;
        tx.execute("DELETE FROM reviewers WHERE name = ?1", [name])?;
        tx.commit()?;
        Ok(())
    }

    fn rotate(&self, name: &str, token_digest: &str) -> Result<bool, StoreError> {
        let mut db = self.lock();
        let tx = db.transaction()?;
        let n = tx.execute(
            "UPDATE reviewers SET token_digest = ?1 WHERE name = ?2",
            params![token_digest, name],
        )?;
        if n == 0 {
            return Ok(false);
        }
        tx.execute("DELETE FROM sessions WHERE name = ?1", [name])?;
        tx.commit()?;
        Ok(true)
    }

    fn by_token(&self, token_digest: &str) -> Result<Option<ReviewerRow>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT name, role FROM reviewers WHERE token_digest = ?1",
                [token_digest],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn open_session(
        &self,
        id_digest: &str,
        name: &str,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let db = self.lock();
        db.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?;
        db.execute(
            "INSERT INTO sessions (id_digest, name, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![id_digest, name, csrf, expires_at],
        )?;
        Ok(())
    }

    fn session(
        &self,
        id_digest: &str,
        now: i64,
    ) -> Result<Option<(String, String, String)>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT s.name, r.role, s.csrf FROM sessions s JOIN reviewers r ON r.name = s.name
                 WHERE s.id_digest = ?1 AND s.expires_at > ?2",
                params![id_digest, now],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    fn close_session(&self, id_digest: &str) -> Result<(), StoreError> {
        self.lock()
            .execute("DELETE FROM sessions WHERE id_digest = ?1", [id_digest])?;
        Ok(())
    }
}

fn agents_of(db: &Connection, name: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt =
        db.prepare("SELECT agent FROM reviewer_agents WHERE name = ?1 ORDER BY agent")?;
    let agents = stmt
        .query_map([name], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(agents)
}

pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}
