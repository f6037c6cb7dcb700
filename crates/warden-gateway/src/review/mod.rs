//! Reviewer access control: who may read the record and decide approvals.
//!
//! Humans who review are not agents. A reviewer presents a reviewer token
//! (`Authorization: Bearer wrv_…`) or a browser session cookie (`warden_session`) obtained by
//! logging in with one; agent credentials (task tokens, JWT-SVIDs, join tokens) are refused on
//! every review endpoint with their own error, and the attempt is recorded. Roles are ordered:
//! an admin can do what an approver can, an approver what a viewer can.
//!
//! - [`store`]: accounts and sessions in `<data>/review.db` (digests only), or [`store_pg`] in
//!   the fleet's PostgreSQL;
//! - [`auth`]: [`authenticate`], the role extractors, CSRF and origin checks;
//! - [`routes`]: login, logout, `me`, reviewer administration.

pub mod auth;
pub mod config;
pub mod routes;
pub mod store;
pub mod store_pg;
#[cfg(test)]
mod tests;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use auth::{
    authenticate, AuthError, RequireAdmin, RequireApprover, RequireViewer, SESSION_COOKIE,
};
pub use config::ReviewConfig;
pub use store::{FirstAdmin, ReviewStore, ReviewerInfo, ADMIN_TOKEN_FILE};

/// What a reviewer may do. Ordered: `Admin` ⊇ `Approver` ⊇ `Viewer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads alerts, events, sessions, tasks, approvals, pins.
    Viewer,
    /// Also decides approvals and approves MCP tool pins.
    Approver,
    /// Also manages reviewer accounts.
    Admin,
}

impl Role {
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Approver => "approver",
            Role::Admin => "admin",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "viewer" => Ok(Role::Viewer),
            "approver" => Ok(Role::Approver),
            "admin" => Ok(Role::Admin),
            other => Err(format!(
                "unknown role {other:?}; expected viewer, approver or admin"
            )),
        }
    }
}

/// An authenticated reviewer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reviewer {
    pub name: String,
    pub role: Role,
}

/// Opens the reviewer store of a data directory and creates the first admin if there is no
/// reviewer yet. `warden serve` calls this before starting to print the token once; the
/// gateway calls it again (a no-op then) so a gateway started any other way has an admin too.
///
/// With a fleet database (`store_url`) the accounts live there, shared by every gateway: only
/// the first gateway to start creates the admin (its token file is in that gateway's data
/// directory).
pub fn bootstrap(
    root: &Path,
    config: &ReviewConfig,
    store_url: Option<&warden_pg::PgUrl>,
) -> Result<(ReviewStore, Option<FirstAdmin>), String> {
    let store = match store_url {
        Some(url) => store_pg::PgReviewDb::open(url)
            .map(|db| ReviewStore::with_backend(Box::new(db), config.session_ttl()))
            .map_err(|e| format!("cannot open the reviewer store in PostgreSQL: {e}"))?,
        None => ReviewStore::open(root, config.session_ttl())
            .map_err(|e| format!("cannot open the reviewer store in {}: {e}", root.display()))?,
    };
    let first = store.bootstrap_admin(root).map_err(|e| e.to_string())?;
    Ok((store, first))
}
