//! Persistence behind a trait: SQLite (`<data>/identity.db`) today, PostgreSQL later.
//!
//! The store holds facts, not policy: which agents exist, which join tokens are outstanding,
//! which tokens and leases were issued (by id, never the token text), which revocations are in
//! force, and the sealed (encrypted) secrets. Every decision is made by the service.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, params_from_iter, Connection, OptionalExtension as _};

use crate::clock::UnixSecs;
use crate::error::IdentityError;

/// A registered agent, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentRow {
    pub name: String,
    pub spiffe_id: String,
    pub owner: String,
    pub tier: String,
    pub created_at: UnixSecs,
}

/// An outstanding or spent join token, by the SHA-256 of its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinTokenRow {
    pub hash: String,
    pub agent: String,
    pub created_at: UnixSecs,
    pub expires_at: UnixSecs,
}

/// What redeeming a join token found. Spending is atomic: of two concurrent redemptions of the
/// same token, exactly one gets `Redeemed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JoinRedeem {
    Redeemed(JoinTokenRow),
    Unknown,
    Expired,
    AlreadyUsed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub task_id: String,
    pub agent: String,
    pub deadline: Option<UnixSecs>,
    pub created_at: UnixSecs,
    pub ended_at: Option<UnixSecs>,
}

/// An issued token (SVID or task token), by id. `lease` is its revocation path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub jti: String,
    pub lease: String,
    pub kind: String,
    pub agent: String,
    pub task_id: Option<String>,
    pub issued_at: UnixSecs,
    pub expires_at: UnixSecs,
}

/// A revocation in force. `kind` is `lease` (a path prefix), `agent` (a SPIFFE id; applies to
/// credentials issued at or before `at`) or `jti` (a token id, for tokens not issued here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationRow {
    pub kind: String,
    pub value: String,
    pub reason: String,
    pub at: UnixSecs,
}

/// Which revocations could refuse one credential.
#[derive(Debug, Clone, Default)]
pub struct RevocationQuery {
    /// Every ancestor path of the credential's lease(s), itself included.
    pub lease_paths: Vec<String>,
    pub jti: Option<String>,
    /// Every agent that acts in the credential (the whole delegation chain).
    pub agents: Vec<String>,
    /// When the credential was issued (agent revocations apply to older credentials).
    pub issued_at: UnixSecs,
}

/// A secret at rest: only the AEAD nonce and ciphertext, never the value.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedSecretRow {
    pub name: String,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
    /// JSON array of upstream globs the value may be sent to.
    pub upstreams: String,
    pub created_at: UnixSecs,
    pub updated_at: UnixSecs,
}

impl std::fmt::Debug for SealedSecretRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedSecretRow")
            .field("name", &self.name)
            .field("upstreams", &self.upstreams)
            .finish_non_exhaustive()
    }
}

/// A lease about to be issued; the store picks its sequence number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLease {
    pub id_prefix: String,
    pub task_id: String,
    pub secret: String,
    pub agent: String,
    pub holder_jti: String,
    pub issued_at: UnixSecs,
    pub expires_at: UnixSecs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseRow {
    pub id: String,
    pub task_id: String,
    pub secret: String,
    pub seq: u64,
    pub agent: String,
    pub holder_jti: String,
    pub issued_at: UnixSecs,
    pub expires_at: UnixSecs,
}

/// The storage boundary. Implementations must make `redeem_join_token` and `insert_lease`
/// atomic; everything else is single-row reads and writes.
pub trait IdentityStore: Send + Sync {
    fn insert_agent(&self, a: &AgentRow) -> Result<bool, IdentityError>;
    fn get_agent(&self, name: &str) -> Result<Option<AgentRow>, IdentityError>;
    fn list_agents(&self) -> Result<Vec<AgentRow>, IdentityError>;
    fn delete_agent(&self, name: &str) -> Result<bool, IdentityError>;

    fn insert_join_token(&self, t: &JoinTokenRow) -> Result<(), IdentityError>;
    fn redeem_join_token(&self, hash: &str, now: UnixSecs) -> Result<JoinRedeem, IdentityError>;

    fn insert_task(&self, t: &TaskRow) -> Result<bool, IdentityError>;
    fn get_task(&self, task_id: &str) -> Result<Option<TaskRow>, IdentityError>;
    fn end_task(&self, task_id: &str, at: UnixSecs) -> Result<bool, IdentityError>;

    fn insert_token(&self, t: &TokenRow) -> Result<(), IdentityError>;
    fn get_token(&self, jti: &str) -> Result<Option<TokenRow>, IdentityError>;

    fn insert_revocation(&self, r: &RevocationRow) -> Result<(), IdentityError>;
    /// The earliest revocation matching the query, if any.
    fn find_revocation(&self, q: &RevocationQuery) -> Result<Option<RevocationRow>, IdentityError>;

    fn put_secret(&self, s: &SealedSecretRow) -> Result<(), IdentityError>;
    fn get_secret(&self, name: &str) -> Result<Option<SealedSecretRow>, IdentityError>;
    fn list_secrets(&self) -> Result<Vec<SealedSecretRow>, IdentityError>;
    fn delete_secret(&self, name: &str) -> Result<bool, IdentityError>;

    /// Inserts a lease with the next sequence number for (task, secret), its id being
    /// `id_prefix` followed by that number.
    fn insert_lease(&self, l: &NewLease) -> Result<LeaseRow, IdentityError>;
    fn get_lease(&self, id: &str) -> Result<Option<LeaseRow>, IdentityError>;
}

/// The embedded SQLite backend.
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agents (
    name TEXT PRIMARY KEY, spiffe_id TEXT NOT NULL, owner TEXT NOT NULL, tier TEXT NOT NULL,
    created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS join_tokens (
    hash TEXT PRIMARY KEY, agent TEXT NOT NULL, created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, used_at INTEGER);
CREATE TABLE IF NOT EXISTS tasks (
    task_id TEXT PRIMARY KEY, agent TEXT NOT NULL, deadline INTEGER,
    created_at INTEGER NOT NULL, ended_at INTEGER);
CREATE TABLE IF NOT EXISTS tokens (
    jti TEXT PRIMARY KEY, lease TEXT NOT NULL, kind TEXT NOT NULL, agent TEXT NOT NULL,
    task_id TEXT, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS revocations (
    kind TEXT NOT NULL, value TEXT NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL,
    PRIMARY KEY (kind, value));
CREATE TABLE IF NOT EXISTS secrets (
    name TEXT PRIMARY KEY, nonce BLOB NOT NULL, ciphertext BLOB NOT NULL,
    upstreams TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS leases (
    id TEXT PRIMARY KEY, task_id TEXT NOT NULL, secret TEXT NOT NULL, seq INTEGER NOT NULL,
    agent TEXT NOT NULL, holder_jti TEXT NOT NULL, issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, UNIQUE (task_id, secret, seq));
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1');
"#;

impl SqliteStore {
    /// Opens (creating) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, IdentityError> {
        let conn = Connection::open(path)?;
        Self::init(conn)
    }

    /// A private in-memory database (tests, or a gateway that wants no persistence).
    pub fn in_memory() -> Result<Self, IdentityError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, IdentityError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL lets the CLI (`warden revoke`) write while the gateway reads; secure_delete
        // overwrites removed ciphertexts and token hashes instead of leaving them in free pages.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.execute_batch(SCHEMA)?;
        let version: String = conn.query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )?;
        if version != "1" {
            return Err(IdentityError::Storage(format!(
                "identity.db has schema version {version}; this build knows version 1"
            )));
        }
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> Result<std::sync::MutexGuard<'_, Connection>, IdentityError> {
        self.conn
            .lock()
            .map_err(|_| IdentityError::Storage("identity store lock poisoned".into()))
    }
}

fn agent_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AgentRow> {
    Ok(AgentRow {
        name: r.get(0)?,
        spiffe_id: r.get(1)?,
        owner: r.get(2)?,
        tier: r.get(3)?,
        created_at: r.get(4)?,
    })
}

fn secret_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SealedSecretRow> {
    Ok(SealedSecretRow {
        name: r.get(0)?,
        nonce: r.get(1)?,
        ciphertext: r.get(2)?,
        upstreams: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
    })
}

impl IdentityStore for SqliteStore {
    fn insert_agent(&self, a: &AgentRow) -> Result<bool, IdentityError> {
        let n = self.conn()?.execute(
            "INSERT OR IGNORE INTO agents (name, spiffe_id, owner, tier, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![a.name, a.spiffe_id, a.owner, a.tier, a.created_at],
        )?;
        Ok(n == 1)
    }

    fn get_agent(&self, name: &str) -> Result<Option<AgentRow>, IdentityError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT name, spiffe_id, owner, tier, created_at FROM agents WHERE name = ?1",
                [name],
                agent_row,
            )
            .optional()?)
    }

    fn list_agents(&self) -> Result<Vec<AgentRow>, IdentityError> {
        let conn = self.conn()?;
        let mut st = conn
            .prepare("SELECT name, spiffe_id, owner, tier, created_at FROM agents ORDER BY name")?;
        let rows = st.query_map([], agent_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn delete_agent(&self, name: &str) -> Result<bool, IdentityError> {
        Ok(self
            .conn()?
            .execute("DELETE FROM agents WHERE name = ?1", [name])?
            == 1)
    }

    fn insert_join_token(&self, t: &JoinTokenRow) -> Result<(), IdentityError> {
        self.conn()?.execute(
            "INSERT INTO join_tokens (hash, agent, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![t.hash, t.agent, t.created_at, t.expires_at],
        )?;
        Ok(())
    }

    fn redeem_join_token(&self, hash: &str, now: UnixSecs) -> Result<JoinRedeem, IdentityError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let row = tx
            .query_row(
                "SELECT hash, agent, created_at, expires_at, used_at FROM join_tokens WHERE hash = ?1",
                [hash],
                |r| {
                    Ok((
                        JoinTokenRow {
                            hash: r.get(0)?,
                            agent: r.get(1)?,
                            created_at: r.get(2)?,
                            expires_at: r.get(3)?,
                        },
                        r.get::<_, Option<i64>>(4)?,
                    ))
                },
            )
            .optional()?;
        let outcome = match row {
            None => JoinRedeem::Unknown,
            Some((_, Some(_))) => JoinRedeem::AlreadyUsed,
            Some((t, None)) if t.expires_at <= now => JoinRedeem::Expired,
            Some((t, None)) => {
                tx.execute(
                    "UPDATE join_tokens SET used_at = ?2 WHERE hash = ?1 AND used_at IS NULL",
                    params![hash, now],
                )?;
                JoinRedeem::Redeemed(t)
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    fn insert_task(&self, t: &TaskRow) -> Result<bool, IdentityError> {
        let n = self.conn()?.execute(
            "INSERT OR IGNORE INTO tasks (task_id, agent, deadline, created_at, ended_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![t.task_id, t.agent, t.deadline, t.created_at, t.ended_at],
        )?;
        Ok(n == 1)
    }

    fn get_task(&self, task_id: &str) -> Result<Option<TaskRow>, IdentityError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT task_id, agent, deadline, created_at, ended_at FROM tasks WHERE task_id = ?1",
                [task_id],
                |r| {
                    Ok(TaskRow {
                        task_id: r.get(0)?,
                        agent: r.get(1)?,
                        deadline: r.get(2)?,
                        created_at: r.get(3)?,
                        ended_at: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    fn end_task(&self, task_id: &str, at: UnixSecs) -> Result<bool, IdentityError> {
        Ok(self.conn()?.execute(
            "UPDATE tasks SET ended_at = ?2 WHERE task_id = ?1 AND ended_at IS NULL",
            params![task_id, at],
        )? == 1)
    }

    fn insert_token(&self, t: &TokenRow) -> Result<(), IdentityError> {
        self.conn()?.execute(
            "INSERT INTO tokens (jti, lease, kind, agent, task_id, issued_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                t.jti,
                t.lease,
                t.kind,
                t.agent,
                t.task_id,
                t.issued_at,
                t.expires_at
            ],
        )?;
        Ok(())
    }

    fn get_token(&self, jti: &str) -> Result<Option<TokenRow>, IdentityError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT jti, lease, kind, agent, task_id, issued_at, expires_at
                 FROM tokens WHERE jti = ?1",
                [jti],
                |r| {
                    Ok(TokenRow {
                        jti: r.get(0)?,
                        lease: r.get(1)?,
                        kind: r.get(2)?,
                        agent: r.get(3)?,
                        task_id: r.get(4)?,
                        issued_at: r.get(5)?,
                        expires_at: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    fn insert_revocation(&self, r: &RevocationRow) -> Result<(), IdentityError> {
        // A repeated revocation keeps its first reason but moves `at` forward, so revoking an
        // agent again also covers credentials issued since the first revocation.
        self.conn()?.execute(
            "INSERT INTO revocations (kind, value, reason, at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (kind, value) DO UPDATE SET at = max(at, excluded.at)",
            params![r.kind, r.value, r.reason, r.at],
        )?;
        Ok(())
    }

    fn find_revocation(&self, q: &RevocationQuery) -> Result<Option<RevocationRow>, IdentityError> {
        let mut sql = String::from("SELECT kind, value, reason, at FROM revocations WHERE 0");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if !q.lease_paths.is_empty() {
            sql.push_str(" OR (kind = 'lease' AND value IN (");
            for (i, p) in q.lease_paths.iter().enumerate() {
                sql.push_str(if i == 0 { "?" } else { ", ?" });
                args.push(p.clone().into());
            }
            sql.push_str("))");
        }
        if let Some(jti) = &q.jti {
            sql.push_str(" OR (kind = 'jti' AND value = ?)");
            args.push(jti.clone().into());
        }
        if !q.agents.is_empty() {
            sql.push_str(" OR (kind = 'agent' AND at >= ? AND value IN (");
            args.push(q.issued_at.into());
            for (i, a) in q.agents.iter().enumerate() {
                sql.push_str(if i == 0 { "?" } else { ", ?" });
                args.push(a.clone().into());
            }
            sql.push_str("))");
        }
        sql.push_str(" ORDER BY at, kind LIMIT 1");
        let conn = self.conn()?;
        let mut st = conn.prepare_cached(&sql)?;
        Ok(st
            .query_row(params_from_iter(args), |r| {
                Ok(RevocationRow {
                    kind: r.get(0)?,
                    value: r.get(1)?,
                    reason: r.get(2)?,
                    at: r.get(3)?,
                })
            })
            .optional()?)
    }

    fn put_secret(&self, s: &SealedSecretRow) -> Result<(), IdentityError> {
        self.conn()?.execute(
            "INSERT INTO secrets (name, nonce, ciphertext, upstreams, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (name) DO UPDATE SET nonce = excluded.nonce,
               ciphertext = excluded.ciphertext, upstreams = excluded.upstreams,
               updated_at = excluded.updated_at",
            params![
                s.name,
                s.nonce,
                s.ciphertext,
                s.upstreams,
                s.created_at,
                s.updated_at
            ],
        )?;
        Ok(())
    }

    fn get_secret(&self, name: &str) -> Result<Option<SealedSecretRow>, IdentityError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT name, nonce, ciphertext, upstreams, created_at, updated_at
                 FROM secrets WHERE name = ?1",
                [name],
                secret_row,
            )
            .optional()?)
    }

    fn list_secrets(&self) -> Result<Vec<SealedSecretRow>, IdentityError> {
        let conn = self.conn()?;
        let mut st = conn.prepare(
            "SELECT name, nonce, ciphertext, upstreams, created_at, updated_at
             FROM secrets ORDER BY name",
        )?;
        let rows = st.query_map([], secret_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn delete_secret(&self, name: &str) -> Result<bool, IdentityError> {
        Ok(self
            .conn()?
            .execute("DELETE FROM secrets WHERE name = ?1", [name])?
            == 1)
    }

    fn insert_lease(&self, l: &NewLease) -> Result<LeaseRow, IdentityError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let seq: i64 = tx.query_row(
            "SELECT coalesce(max(seq), 0) + 1 FROM leases WHERE task_id = ?1 AND secret = ?2",
            params![l.task_id, l.secret],
            |r| r.get(0),
        )?;
        // The id embeds the sequence number, which only this transaction knows.
        let id = format!("{}{seq}", l.id_prefix);
        tx.execute(
            "INSERT INTO leases (id, task_id, secret, seq, agent, holder_jti, issued_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                l.task_id,
                l.secret,
                seq,
                l.agent,
                l.holder_jti,
                l.issued_at,
                l.expires_at
            ],
        )?;
        tx.commit()?;
        Ok(LeaseRow {
            id,
            task_id: l.task_id.clone(),
            secret: l.secret.clone(),
            seq: u64::try_from(seq)
                .map_err(|_| IdentityError::Storage("negative lease sequence".into()))?,
            agent: l.agent.clone(),
            holder_jti: l.holder_jti.clone(),
            issued_at: l.issued_at,
            expires_at: l.expires_at,
        })
    }

    fn get_lease(&self, id: &str) -> Result<Option<LeaseRow>, IdentityError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT id, task_id, secret, seq, agent, holder_jti, issued_at, expires_at
                 FROM leases WHERE id = ?1",
                [id],
                |r| {
                    Ok(LeaseRow {
                        id: r.get(0)?,
                        task_id: r.get(1)?,
                        secret: r.get(2)?,
                        seq: r.get::<_, i64>(3)?.max(0) as u64,
                        agent: r.get(4)?,
                        holder_jti: r.get(5)?,
                        issued_at: r.get(6)?,
                        expires_at: r.get(7)?,
                    })
                },
            )
            .optional()?)
    }
}
