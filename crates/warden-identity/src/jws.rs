//! The checks every token goes through before its claims mean anything: shape, header,
//! algorithm, key id, signature. Claims checks (time, audience, issuer, revocation) are the
//! callers' (`svid`, `task_token`), who know which claims their token type requires.
//!
//! The header is read here, by hand, before `jsonwebtoken` sees the token, for two reasons:
//! `jsonwebtoken` cannot even parse `alg: none` (so it could not say *why* a token is refused),
//! and the algorithm must be decided by the key, not by the header — the header's `alg` is only
//! compared against the key's pinned algorithm.

use std::collections::HashSet;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine as _;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::error::TokenError;
use crate::keys::VerifyKey;

/// Tokens larger than this are refused before any decoding (a bound on attacker-driven work).
pub const MAX_TOKEN_LEN: usize = 16 * 1024;

/// `typ` of a JWT-SVID (SPIFFE JWT-SVID §2.2 allows `JWT` or `JOSE`; absent is tolerated).
pub(crate) const TYP_SVID: &str = "JWT";
/// `typ` of a transaction token (draft-ietf-oauth-transaction-tokens §4.2).
pub(crate) const TYP_TXN: &str = "txntoken+jwt";

/// The parts of a JOSE header the checks need.
#[derive(Debug)]
pub(crate) struct RawHeader {
    pub alg: &'static str,
    pub kid: Option<String>,
    pub typ: Option<String>,
}

/// Hex SHA-256 of a token: what the record keeps instead of the token itself.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn parts(token: &str) -> Result<[&str; 3], TokenError> {
    if token.trim().is_empty() {
        return Err(TokenError::Missing);
    }
    if token.len() > MAX_TOKEN_LEN {
        return Err(TokenError::Malformed);
    }
    let mut it = token.split('.');
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(h), Some(p), Some(s), None) if !h.is_empty() && !p.is_empty() => Ok([h, p, s]),
        _ => Err(TokenError::Malformed),
    }
}

fn decode_json(part: &str) -> Result<Value, TokenError> {
    let bytes = B64URL.decode(part).map_err(|_| TokenError::Malformed)?;
    let v: Value = serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)?;
    if v.is_object() {
        Ok(v)
    } else {
        Err(TokenError::Malformed)
    }
}

/// Asymmetric JWS algorithms, by their registered names (RFC 7518 §3.1, RFC 8037).
const ASYMMETRIC: &[&str] = &[
    "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA",
];
const SYMMETRIC: &[&str] = &["HS256", "HS384", "HS512"];

/// Reads and screens the header: refuses `none`, shared-secret algorithms and unknown ones
/// before any key is looked up.
pub(crate) fn read_header(token: &str) -> Result<RawHeader, TokenError> {
    let [h, _, _] = parts(token)?;
    let header = decode_json(h)?;
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .ok_or(TokenError::Malformed)?;
    if alg.eq_ignore_ascii_case("none") {
        return Err(TokenError::AlgNone);
    }
    if let Some(sym) = SYMMETRIC.iter().find(|a| **a == alg) {
        return Err(TokenError::SymmetricAlgorithm { alg: sym });
    }
    let alg = ASYMMETRIC
        .iter()
        .copied()
        .find(|a| *a == alg)
        .ok_or(TokenError::UnsupportedAlgorithm)?;
    // RFC 7515 §4.1.11: a recipient must refuse critical extensions it does not understand,
    // and we understand none.
    if header.get("crit").is_some() {
        return Err(TokenError::Malformed);
    }
    let text = |name: &str| -> Result<Option<String>, TokenError> {
        match header.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(TokenError::Malformed),
        }
    };
    // `jku`, `jwk`, `x5u`, `x5c` are ignored on purpose: keys come only from configured bundles.
    Ok(RawHeader {
        alg,
        kid: text("kid")?,
        typ: text("typ")?,
    })
}

/// The claims before the signature is checked. Only for choosing which bundle to verify with
/// (the subject's trust domain); nothing read here is trusted.
pub(crate) fn peek_claims(token: &str) -> Result<Value, TokenError> {
    let [_, p, _] = parts(token)?;
    decode_json(p)
}

fn alg_name(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::ES256 => "ES256",
        Algorithm::ES384 => "ES384",
        Algorithm::RS256 => "RS256",
        Algorithm::RS384 => "RS384",
        Algorithm::RS512 => "RS512",
        Algorithm::PS256 => "PS256",
        Algorithm::PS384 => "PS384",
        Algorithm::PS512 => "PS512",
        Algorithm::EdDSA => "EdDSA",
        // Never pinned to a key (keys.rs pins only the algorithms above); a name no header
        // can carry makes any such key unusable rather than permissive.
        _ => "unpinned",
    }
}

/// Verifies the signature with `key` under the algorithm the key is pinned to, then decodes
/// the claims. Temporal and audience checks are left to the caller's clock.
pub(crate) fn verify<T: DeserializeOwned>(
    token: &str,
    header: &RawHeader,
    key: &VerifyKey,
) -> Result<T, TokenError> {
    let expected = alg_name(key.alg);
    if header.alg != expected {
        return Err(TokenError::AlgorithmMismatch {
            expected,
            got: header.alg,
        });
    }
    let mut validation = Validation::new(key.alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims = HashSet::new();
    validation.leeway = 0;
    match jsonwebtoken::decode::<T>(token, &key.key, &validation) {
        Ok(data) => Ok(data.claims),
        Err(e) => Err(match e.kind() {
            ErrorKind::InvalidSignature => TokenError::BadSignature,
            ErrorKind::InvalidAlgorithm => TokenError::AlgorithmMismatch {
                expected,
                got: header.alg,
            },
            // Signed by the key but not the claims shape this token type needs.
            ErrorKind::Json(_) | ErrorKind::InvalidClaimFormat(_) => TokenError::BadClaim("claims"),
            _ => TokenError::Malformed,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(v: &str) -> String {
        B64URL.encode(v.as_bytes())
    }

    #[test]
    fn header_screening() {
        assert_eq!(read_header("").err(), Some(TokenError::Missing));
        assert_eq!(read_header("a.b").err(), Some(TokenError::Malformed));
        assert_eq!(read_header("a.b.c.d").err(), Some(TokenError::Malformed));
        let none = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64("{}"));
        assert_eq!(read_header(&none).err(), Some(TokenError::AlgNone));
        let none_upper = format!("{}.{}.", b64(r#"{"alg":"NONE"}"#), b64("{}"));
        assert_eq!(read_header(&none_upper).err(), Some(TokenError::AlgNone));
        let hs = format!("{}.{}.x", b64(r#"{"alg":"HS256","kid":"k"}"#), b64("{}"));
        assert_eq!(
            read_header(&hs).err(),
            Some(TokenError::SymmetricAlgorithm { alg: "HS256" })
        );
        let odd = format!("{}.{}.x", b64(r#"{"alg":"ES999"}"#), b64("{}"));
        assert_eq!(
            read_header(&odd).err(),
            Some(TokenError::UnsupportedAlgorithm)
        );
        let crit = format!(
            "{}.{}.x",
            b64(r#"{"alg":"ES256","crit":["b64"]}"#),
            b64("{}")
        );
        assert_eq!(read_header(&crit).err(), Some(TokenError::Malformed));
        let ok = format!(
            "{}.{}.x",
            b64(r#"{"alg":"ES256","kid":"k1","typ":"JWT"}"#),
            b64("{}")
        );
        let h = read_header(&ok).expect("ok");
        assert_eq!((h.alg, h.kid.as_deref()), ("ES256", Some("k1")));
        assert_eq!(
            read_header(&"a".repeat(MAX_TOKEN_LEN + 1)).err(),
            Some(TokenError::Malformed)
        );
    }

    #[test]
    fn digest_is_sha256_hex() {
        assert_eq!(
            token_digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
