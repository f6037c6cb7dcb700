//! The identity store in PostgreSQL, shared by a fleet of gateways.
//!
//! Agents, join tokens, tasks, issued tokens, leases and sealed secrets are rows every gateway
//! reads and writes directly (atomic redemption and lease numbering are transactions, as in
//! SQLite). Revocations are checked on every request, so each gateway answers them from an
//! in-memory copy: a revocation is written and announced (NOTIFY, topic `revocation`) in one
//! transaction, every gateway listening fetches it within milliseconds of the commit, and a
//! periodic catch-up (every 500 ms, plus a full reload after any reconnect) bounds how long a
//! lost notification can go unnoticed. Tables carry an `id_` prefix: they share the schema
//! with the audit log.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use warden_pg::postgres::{Client, Row};
use warden_pg::{Listener, Migration, PgError, PgThread, PgUrl};

use crate::clock::UnixSecs;
use crate::error::IdentityError;
use crate::store::{
    AgentRow, IdentityStore, JoinRedeem, JoinTokenRow, LeaseRow, NewLease, RevocationQuery,
    RevocationRow, SealedSecretRow, TaskRow, TokenRow,
};

/// Notification topic: a revocation was recorded (payload: `kind` + US + `value`).
pub const TOPIC_REVOCATION: &str = "revocation";
/// How often revocations are re-read even without a notification.
const CATCH_UP: Duration = Duration::from_millis(500);

const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: r#"
CREATE TABLE id_agents (
    name text PRIMARY KEY, spiffe_id text NOT NULL, owner text NOT NULL, tier text NOT NULL,
    created_at bigint NOT NULL);
CREATE TABLE id_join_tokens (
    hash text PRIMARY KEY, agent text NOT NULL, created_at bigint NOT NULL,
    expires_at bigint NOT NULL, used_at bigint);
CREATE TABLE id_tasks (
    task_id text PRIMARY KEY, agent text NOT NULL, deadline bigint,
    created_at bigint NOT NULL, ended_at bigint);
CREATE TABLE id_tokens (
    jti text PRIMARY KEY, lease text NOT NULL, kind text NOT NULL, agent text NOT NULL,
    task_id text, issued_at bigint NOT NULL, expires_at bigint NOT NULL);
CREATE SEQUENCE id_revocations_seq;
CREATE TABLE id_revocations (
    kind text NOT NULL, value text NOT NULL, reason text NOT NULL, at bigint NOT NULL,
    rev_seq bigint NOT NULL DEFAULT nextval('id_revocations_seq'),
    PRIMARY KEY (kind, value));
CREATE INDEX id_revocations_rev_seq ON id_revocations (rev_seq);
CREATE TABLE id_secrets (
    name text PRIMARY KEY, nonce bytea NOT NULL, ciphertext bytea NOT NULL,
    upstreams text NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL);
CREATE TABLE id_leases (
    id text PRIMARY KEY, task_id text NOT NULL, secret text NOT NULL, seq bigint NOT NULL,
    agent text NOT NULL, holder_jti text NOT NULL, issued_at bigint NOT NULL,
    expires_at bigint NOT NULL, UNIQUE (task_id, secret, seq));
"#,
}];

/// Revocations known to this process, and the newest change read.
#[derive(Default)]
struct Revocations {
    rows: HashMap<(String, String), RevocationRow>,
    watermark: i64,
}

impl Revocations {
    fn apply(&mut self, rows: Vec<Row>) {
        for r in rows {
            let row = RevocationRow {
                kind: r.get(0),
                value: r.get(1),
                reason: r.get(2),
                at: r.get(3),
            };
            self.watermark = self.watermark.max(r.get(4));
            self.rows.insert((row.kind.clone(), row.value.clone()), row);
        }
    }
}

pub struct PgIdentityStore {
    /// Declared first so it stops before the connection it borrows from is closed.
    _listener: Listener,
    pg: Arc<PgThread>,
    revocations: Arc<RwLock<Revocations>>,
}

impl std::fmt::Debug for PgIdentityStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgIdentityStore").finish_non_exhaustive()
    }
}

fn storage(e: PgError) -> IdentityError {
    IdentityError::Storage(e.to_string())
}

const REVOCATION_COLUMNS: &str = "SELECT kind, value, reason, at, rev_seq FROM id_revocations";

impl PgIdentityStore {
    /// Connects, applies migrations, loads revocations and starts listening for new ones.
    pub fn open(url: &PgUrl) -> Result<Self, IdentityError> {
        let pg = Arc::new(PgThread::start(url, "warden-identity-pg").map_err(storage)?);
        pg.call(|c| warden_pg::migrate(c, "identity", MIGRATIONS).map(|_| ()))
            .map_err(storage)?;
        let revocations = Arc::new(RwLock::new(Revocations::default()));
        let (cache, conn) = (revocations.clone(), pg.clone());
        let listener = Listener::spawn(url, CATCH_UP, move |note| {
            if let Err(e) = refresh(&conn, &cache, note) {
                tracing::warn!(error = %e, "could not refresh revocations from PostgreSQL");
            }
        })
        .map_err(storage)?;
        // The listener's first callback loads everything; make sure that happened before the
        // first check, so a restarted gateway never answers from an empty copy.
        refresh(&pg, &revocations, None).map_err(storage)?;
        Ok(Self {
            _listener: listener,
            pg,
            revocations,
        })
    }
}

/// Brings the copy up to date: one row on a notification, everything since the watermark on
/// a tick, everything on (re)connect.
fn refresh(
    pg: &PgThread,
    cache: &RwLock<Revocations>,
    note: Option<warden_pg::Notification>,
) -> Result<(), PgError> {
    let since = match &note {
        Some(n) if n.topic != TOPIC_REVOCATION => return Ok(()),
        Some(_) => None,
        None => cache.read().ok().map(|c| c.watermark),
    };
    let rows = match note {
        Some(n) => {
            let (kind, value) = n.payload.split_once('\u{1f}').unwrap_or(("", ""));
            let (kind, value) = (kind.to_owned(), value.to_owned());
            pg.call(move |c| {
                Ok(c.query(
                    &format!("{REVOCATION_COLUMNS} WHERE kind = $1 AND value = $2"),
                    &[&kind, &value],
                )?)
            })?
        }
        None => {
            // Sequence numbers commit out of order; re-reading a margin below the watermark
            // catches a transaction that took an older number but committed later.
            let from = since.unwrap_or(0).saturating_sub(1_000);
            pg.call(move |c| {
                Ok(c.query(
                    &format!("{REVOCATION_COLUMNS} WHERE rev_seq > $1"),
                    &[&from],
                )?)
            })?
        }
    };
    if let Ok(mut c) = cache.write() {
        c.apply(rows);
    }
    Ok(())
}

fn agent_row(r: &Row) -> AgentRow {
    AgentRow {
        name: r.get(0),
        spiffe_id: r.get(1),
        owner: r.get(2),
        tier: r.get(3),
        created_at: r.get(4),
    }
}

fn secret_row(r: &Row) -> SealedSecretRow {
    SealedSecretRow {
        name: r.get(0),
        nonce: r.get(1),
        ciphertext: r.get(2),
        upstreams: r.get(3),
        created_at: r.get(4),
        updated_at: r.get(5),
    }
}

fn lease_row(r: &Row) -> LeaseRow {
    LeaseRow {
        id: r.get(0),
        task_id: r.get(1),
        secret: r.get(2),
        seq: r.get::<_, i64>(3).max(0) as u64,
        agent: r.get(4),
        holder_jti: r.get(5),
        issued_at: r.get(6),
        expires_at: r.get(7),
    }
}

impl PgIdentityStore {
    fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, PgError> + Send + 'static,
    ) -> Result<T, IdentityError> {
        self.pg.call(f).map_err(storage)
    }
}

impl IdentityStore for PgIdentityStore {
    fn insert_agent(&self, a: &AgentRow) -> Result<bool, IdentityError> {
        let a = a.clone();
        self.run(move |c| {
            Ok(c.execute(
                "INSERT INTO id_agents (name, spiffe_id, owner, tier, created_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                &[&a.name, &a.spiffe_id, &a.owner, &a.tier, &a.created_at],
            )? == 1)
        })
    }

    fn get_agent(&self, name: &str) -> Result<Option<AgentRow>, IdentityError> {
        let name = name.to_owned();
        self.run(move |c| {
            Ok(c.query_opt(
                "SELECT name, spiffe_id, owner, tier, created_at FROM id_agents WHERE name = $1",
                &[&name],
            )?
            .as_ref()
            .map(agent_row))
        })
    }

    fn list_agents(&self) -> Result<Vec<AgentRow>, IdentityError> {
        self.run(|c| {
            Ok(c.query(
                "SELECT name, spiffe_id, owner, tier, created_at FROM id_agents ORDER BY name",
                &[],
            )?
            .iter()
            .map(agent_row)
            .collect())
        })
    }

    fn delete_agent(&self, name: &str) -> Result<bool, IdentityError> {
        let name = name.to_owned();
        self.run(move |c| Ok(c.execute("DELETE FROM id_agents WHERE name = $1", &[&name])? == 1))
    }

    fn insert_join_token(&self, t: &JoinTokenRow) -> Result<(), IdentityError> {
        let t = t.clone();
        self.run(move |c| {
            c.execute(
                "INSERT INTO id_join_tokens (hash, agent, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                &[&t.hash, &t.agent, &t.created_at, &t.expires_at],
            )?;
            Ok(())
        })
    }

    fn redeem_join_token(&self, hash: &str, now: UnixSecs) -> Result<JoinRedeem, IdentityError> {
        let hash = hash.to_owned();
        self.run(move |c| {
            let mut tx = c.transaction()?;
            // FOR UPDATE: of two gateways redeeming one token, the second waits and sees it used.
            let row = tx.query_opt(
                "SELECT hash, agent, created_at, expires_at, used_at FROM id_join_tokens
                 WHERE hash = $1 FOR UPDATE",
                &[&hash],
            )?;
            let outcome = match row {
                None => JoinRedeem::Unknown,
                Some(r) if r.get::<_, Option<i64>>(4).is_some() => JoinRedeem::AlreadyUsed,
                Some(r) => {
                    let t = JoinTokenRow {
                        hash: r.get(0),
                        agent: r.get(1),
                        created_at: r.get(2),
                        expires_at: r.get(3),
                    };
                    if t.expires_at <= now {
                        JoinRedeem::Expired
                    } else {
                        tx.execute(
                            "UPDATE id_join_tokens SET used_at = $2 WHERE hash = $1 AND used_at IS NULL",
                            &[&hash, &now],
                        )?;
                        JoinRedeem::Redeemed(t)
                    }
                }
            };
            tx.commit()?;
            Ok(outcome)
        })
    }

    fn insert_task(&self, t: &TaskRow) -> Result<bool, IdentityError> {
        let t = t.clone();
        self.run(move |c| {
            Ok(c.execute(
                "INSERT INTO id_tasks (task_id, agent, deadline, created_at, ended_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                &[
                    &t.task_id,
                    &t.agent,
                    &t.deadline,
                    &t.created_at,
                    &t.ended_at,
                ],
            )? == 1)
        })
    }

    fn get_task(&self, task_id: &str) -> Result<Option<TaskRow>, IdentityError> {
        let id = task_id.to_owned();
        self.run(move |c| {
            Ok(c.query_opt(
                "SELECT task_id, agent, deadline, created_at, ended_at FROM id_tasks WHERE task_id = $1",
                &[&id],
            )?
            .map(|r| TaskRow {
                task_id: r.get(0),
                agent: r.get(1),
                deadline: r.get(2),
                created_at: r.get(3),
                ended_at: r.get(4),
            }))
        })
    }

    fn end_task(&self, task_id: &str, at: UnixSecs) -> Result<bool, IdentityError> {
        let id = task_id.to_owned();
        self.run(move |c| {
            Ok(c.execute(
                "UPDATE id_tasks SET ended_at = $2 WHERE task_id = $1 AND ended_at IS NULL",
                &[&id, &at],
            )? == 1)
        })
    }

    fn insert_token(&self, t: &TokenRow) -> Result<(), IdentityError> {
        let t = t.clone();
        self.run(move |c| {
            c.execute(
                "INSERT INTO id_tokens (jti, lease, kind, agent, task_id, issued_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &t.jti,
                    &t.lease,
                    &t.kind,
                    &t.agent,
                    &t.task_id,
                    &t.issued_at,
                    &t.expires_at,
                ],
            )?;
            Ok(())
        })
    }

    fn get_token(&self, jti: &str) -> Result<Option<TokenRow>, IdentityError> {
        let jti = jti.to_owned();
        self.run(move |c| {
            Ok(c.query_opt(
                "SELECT jti, lease, kind, agent, task_id, issued_at, expires_at FROM id_tokens WHERE jti = $1",
                &[&jti],
            )?
            .map(|r| TokenRow {
                jti: r.get(0),
                lease: r.get(1),
                kind: r.get(2),
                agent: r.get(3),
                task_id: r.get(4),
                issued_at: r.get(5),
                expires_at: r.get(6),
            }))
        })
    }

    fn insert_revocation(&self, r: &RevocationRow) -> Result<(), IdentityError> {
        let r = r.clone();
        let rows = self.run(move |c| {
            let mut tx = c.transaction()?;
            // As in SQLite: the first reason stays, `at` only moves forward; every change takes
            // a new sequence number so catch-up reads see it.
            let rows = tx.query(
                "INSERT INTO id_revocations (kind, value, reason, at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (kind, value) DO UPDATE SET
                   at = GREATEST(id_revocations.at, excluded.at),
                   rev_seq = nextval('id_revocations_seq')
                 RETURNING kind, value, reason, at, rev_seq",
                &[&r.kind, &r.value, &r.reason, &r.at],
            )?;
            warden_pg::notify(
                &mut tx,
                TOPIC_REVOCATION,
                &format!("{}\u{1f}{}", r.kind, r.value),
            )?;
            tx.commit()?;
            Ok(rows)
        })?;
        // Read-your-writes: this gateway enforces it before the notification comes back.
        if let Ok(mut c) = self.revocations.write() {
            c.apply(rows);
        }
        Ok(())
    }

    fn find_revocation(&self, q: &RevocationQuery) -> Result<Option<RevocationRow>, IdentityError> {
        let cache = self
            .revocations
            .read()
            .map_err(|_| IdentityError::Storage("revocation cache lock poisoned".into()))?;
        let mut found: Vec<&RevocationRow> = Vec::new();
        let get = |kind: &str, value: &str| cache.rows.get(&(kind.to_owned(), value.to_owned()));
        found.extend(q.lease_paths.iter().filter_map(|p| get("lease", p)));
        if let Some(jti) = &q.jti {
            found.extend(get("jti", jti));
        }
        found.extend(
            q.agents
                .iter()
                .filter_map(|a| get("agent", a))
                .filter(|r| r.at >= q.issued_at),
        );
        Ok(found
            .into_iter()
            .min_by(|a, b| (a.at, &a.kind).cmp(&(b.at, &b.kind)))
            .cloned())
    }

    fn put_secret(&self, s: &SealedSecretRow) -> Result<(), IdentityError> {
        let s = s.clone();
        self.run(move |c| {
            c.execute(
                "INSERT INTO id_secrets (name, nonce, ciphertext, upstreams, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (name) DO UPDATE SET nonce = excluded.nonce,
                   ciphertext = excluded.ciphertext, upstreams = excluded.upstreams,
                   updated_at = excluded.updated_at",
                &[&s.name, &s.nonce, &s.ciphertext, &s.upstreams, &s.created_at, &s.updated_at],
            )?;
            Ok(())
        })
    }

    fn get_secret(&self, name: &str) -> Result<Option<SealedSecretRow>, IdentityError> {
        let name = name.to_owned();
        self.run(move |c| {
            Ok(c.query_opt(
                "SELECT name, nonce, ciphertext, upstreams, created_at, updated_at FROM id_secrets WHERE name = $1",
                &[&name],
            )?
            .as_ref()
            .map(secret_row))
        })
    }

    fn list_secrets(&self) -> Result<Vec<SealedSecretRow>, IdentityError> {
        self.run(|c| {
            Ok(c.query(
                "SELECT name, nonce, ciphertext, upstreams, created_at, updated_at FROM id_secrets ORDER BY name",
                &[],
            )?
            .iter()
            .map(secret_row)
            .collect())
        })
    }

    fn delete_secret(&self, name: &str) -> Result<bool, IdentityError> {
        let name = name.to_owned();
        self.run(move |c| Ok(c.execute("DELETE FROM id_secrets WHERE name = $1", &[&name])? == 1))
    }

    fn insert_lease(&self, l: &NewLease) -> Result<LeaseRow, IdentityError> {
        let l = l.clone();
        self.run(move |c| {
            let mut tx = c.transaction()?;
            // Serialise numbering per (task, secret) across the fleet.
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':lease:' || $1 || ':' || $2))",
                &[&l.task_id, &l.secret],
            )?;
            let seq: i64 = tx
                .query_one(
                    "SELECT coalesce(max(seq), 0) + 1 FROM id_leases WHERE task_id = $1 AND secret = $2",
                    &[&l.task_id, &l.secret],
                )?
                .get(0);
            let id = format!("{}{seq}", l.id_prefix);
            let row = tx.query_one(
                "INSERT INTO id_leases (id, task_id, secret, seq, agent, holder_jti, issued_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 RETURNING id, task_id, secret, seq, agent, holder_jti, issued_at, expires_at",
                &[&id, &l.task_id, &l.secret, &seq, &l.agent, &l.holder_jti, &l.issued_at, &l.expires_at],
            )?;
            tx.commit()?;
            Ok(lease_row(&row))
        })
    }

    fn get_lease(&self, id: &str) -> Result<Option<LeaseRow>, IdentityError> {
        let id = id.to_owned();
        self.run(move |c| {
            Ok(c.query_opt(
                "SELECT id, task_id, secret, seq, agent, holder_jti, issued_at, expires_at FROM id_leases WHERE id = $1",
                &[&id],
            )?
            .as_ref()
            .map(lease_row))
        })
    }
}

#[cfg(test)]
#[path = "pg_store_tests.rs"]
mod tests;
