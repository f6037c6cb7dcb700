//! Credentials a sink sends (a HEC token, a bearer token): named, never written in the config.
//!
//! A sink's config names where the value lives: a secret in Warden's broker (`token_secret`,
//! stored with `warden secret put NAME --upstream URL`, used only toward an upstream its binding
//! allows) or an environment variable (`token_env`). The value is resolved once when the sink
//! starts, held in a [`Token`] whose `Debug` shows nothing, and never logged or put in an error.

use std::fmt;

/// Where a credential comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretRef {
    /// A secret in the broker, by name.
    Broker(String),
    /// An environment variable, by name.
    Env(String),
}

impl SecretRef {
    /// The reference a config's `token_secret` / `token_env` pair describes; both set is an
    /// error, neither is `None`.
    pub fn from_pair(
        sink: &str,
        secret: Option<&String>,
        env: Option<&String>,
    ) -> Result<Option<Self>, String> {
        match (secret, env) {
            (Some(_), Some(_)) => Err(format!(
                "sinks.{sink}: set token_secret or token_env, not both"
            )),
            (Some(s), None) => Ok(Some(SecretRef::Broker(s.clone()))),
            (None, Some(e)) => Ok(Some(SecretRef::Env(e.clone()))),
            (None, None) => Ok(None),
        }
    }

    /// The value, for sending to `upstream`. Errors name the secret or variable, never a value.
    pub fn resolve(&self, resolver: &dyn SecretResolver, upstream: &str) -> Result<Token, String> {
        let value = match self {
            SecretRef::Broker(name) => resolver
                .resolve(name, upstream)
                .map_err(|e| format!("brokered secret {name:?}: {e}"))?,
            SecretRef::Env(var) => std::env::var(var)
                .map_err(|_| format!("environment variable {var:?} is not set (or not UTF-8)"))?,
        };
        if value.is_empty() || value.chars().any(char::is_control) {
            return Err(format!("{self:?} is empty or holds control characters"));
        }
        Ok(Token(value))
    }
}

/// Looks up brokered secrets; the gateway implements it over its identity service.
pub trait SecretResolver: Send + Sync {
    /// The value of secret `name`, if its binding allows sending it to `upstream`.
    fn resolve(&self, name: &str, upstream: &str) -> Result<String, String>;
}

/// A resolver for contexts without a broker (tests, tools): every brokered name is refused.
pub struct NoBroker;

impl SecretResolver for NoBroker {
    fn resolve(&self, _name: &str, _upstream: &str) -> Result<String, String> {
        Err("no secret broker is available here".into())
    }
}

/// A credential value. `Debug` hides it; [`Token::expose`] is the one way to read it.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}
