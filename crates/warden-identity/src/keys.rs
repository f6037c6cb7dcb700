//! Signing and verification keys: the built-in issuer's ES256 key, and trust bundles (JWKS) for
//! this and foreign trust domains.
//!
//! Every verification key carries the one algorithm it is pinned to, decided when the key is
//! loaded (from its type and curve), never from a token's header. That is what defeats
//! algorithm confusion: a token claiming `HS256` against an EC key, or `none`, never reaches a
//! signature check.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use p256::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};

use crate::error::IdentityError;
use crate::spiffe::TrustDomain;

/// The only algorithm the built-in issuer signs with.
pub const ISSUER_ALG: Algorithm = Algorithm::ES256;

/// The issuer's private key and its public JWK. Never printed.
pub struct IssuerKey {
    kid: String,
    encoding: EncodingKey,
    verify: VerifyKey,
    x: String,
    y: String,
}

impl std::fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuerKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl IssuerKey {
    /// A fresh random P-256 key.
    pub fn generate() -> Result<Self, IdentityError> {
        // Rejection sampling: a random 32-byte string is a valid scalar unless it is zero or
        // at least the group order, which happens with negligible probability.
        for _ in 0..8 {
            let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
            getrandom::fill(bytes.as_mut_slice())
                .map_err(|e| IdentityError::Signing(format!("no randomness: {e}")))?;
            if let Ok(secret) = p256::SecretKey::from_slice(bytes.as_slice()) {
                return Self::from_secret(&secret);
            }
        }
        Err(IdentityError::Signing(
            "could not draw a valid P-256 key".into(),
        ))
    }

    /// Loads the key from a PKCS#8 DER file, creating it (mode 0600) on first use.
    pub fn load_or_create(path: &Path) -> Result<Self, IdentityError> {
        let key_err = |reason: String| IdentityError::Key {
            path: path.display().to_string(),
            reason,
        };
        match fs::read(path) {
            Ok(der) => {
                let der = zeroize::Zeroizing::new(der);
                let secret = p256::SecretKey::from_pkcs8_der(&der)
                    .map_err(|_| key_err("not a PKCS#8 P-256 private key".into()))?;
                Self::from_secret(&secret)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate()?;
                let secret = key.secret_der()?;
                match write_private(path, &secret) {
                    Ok(()) => Ok(key),
                    // Another process created it first: use theirs, so both sign alike.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        Self::load_or_create(path)
                    }
                    Err(e) => Err(key_err(e.to_string())),
                }
            }
            Err(e) => Err(key_err(e.to_string())),
        }
    }

    fn secret_der(&self) -> Result<zeroize::Zeroizing<Vec<u8>>, IdentityError> {
        Ok(zeroize::Zeroizing::new(self.encoding.as_bytes().to_vec()))
    }

    fn from_secret(secret: &p256::SecretKey) -> Result<Self, IdentityError> {
        let der = secret
            .to_pkcs8_der()
            .map_err(|e| IdentityError::Signing(format!("cannot encode key: {e}")))?;
        let point = secret.public_key().to_encoded_point(false);
        let (Some(x), Some(y)) = (point.x(), point.y()) else {
            return Err(IdentityError::Signing("public key is the identity".into()));
        };
        let x = B64URL.encode(x);
        let y = B64URL.encode(y);
        let kid = ec_thumbprint("P-256", &x, &y);
        let decoding = DecodingKey::from_ec_components(&x, &y)
            .map_err(|e| IdentityError::Signing(e.to_string()))?;
        Ok(Self {
            verify: VerifyKey {
                kid: kid.clone(),
                alg: ISSUER_ALG,
                key: decoding,
            },
            kid,
            encoding: EncodingKey::from_ec_der(der.as_bytes()),
            x,
            y,
        })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub(crate) fn encoding(&self) -> &EncodingKey {
        &self.encoding
    }

    pub(crate) fn verify_key(&self) -> &VerifyKey {
        &self.verify
    }

    /// The public JWK, marked for JWT-SVID use as a SPIFFE bundle requires.
    pub fn public_jwk(&self) -> Value {
        json!({
            "kty": "EC",
            "crv": "P-256",
            "x": self.x,
            "y": self.y,
            "kid": self.kid,
            "use": "jwt-svid",
            "alg": "ES256",
        })
    }
}

/// RFC 7638 JWK thumbprint of an EC key: SHA-256 over the required members in lexicographic
/// order, no whitespace, base64url without padding.
pub fn ec_thumbprint(crv: &str, x: &str, y: &str) -> String {
    // Members are fixed ASCII (curve name, base64url), so no JSON escaping can differ.
    let canonical = format!(r#"{{"crv":"{crv}","kty":"EC","x":"{x}","y":"{y}"}}"#);
    B64URL.encode(Sha256::digest(canonical.as_bytes()))
}

fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(dir)?.permissions().mode();
            if mode & 0o077 != 0 {
                fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
            }
        }
    }
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(contents)?;
    f.sync_all()
}

/// Writes a new private file (0600), failing if it exists. Shared with the secret key.
pub(crate) fn create_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_private(path, contents)
}

/// A public key with the one algorithm it verifies.
pub struct VerifyKey {
    pub(crate) kid: String,
    pub(crate) alg: Algorithm,
    pub(crate) key: DecodingKey,
}

impl std::fmt::Debug for VerifyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyKey")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

/// The JWT-SVID keys of one trust domain, by key id.
#[derive(Debug)]
pub struct TrustBundle {
    trust_domain: TrustDomain,
    keys: BTreeMap<String, VerifyKey>,
    source: Option<PathBuf>,
}

#[derive(Deserialize)]
struct JwksDoc {
    keys: Vec<Value>,
}

#[derive(Deserialize)]
struct JwkDoc {
    kty: String,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default, rename = "use")]
    use_: Option<String>,
    #[serde(default)]
    alg: Option<String>,
    #[serde(default)]
    crv: Option<String>,
    #[serde(default)]
    x: Option<String>,
    #[serde(default)]
    y: Option<String>,
    #[serde(default)]
    n: Option<String>,
    #[serde(default)]
    e: Option<String>,
}

impl TrustBundle {
    /// The local bundle: the issuer's own key.
    pub(crate) fn local(trust_domain: TrustDomain, issuer: &IssuerKey) -> Self {
        let mut keys = BTreeMap::new();
        let v = issuer.verify_key();
        keys.insert(
            v.kid.clone(),
            VerifyKey {
                kid: v.kid.clone(),
                alg: v.alg,
                key: v.key.clone(),
            },
        );
        Self {
            trust_domain,
            keys,
            source: None,
        }
    }

    /// Parses a JWKS document (a SPIFFE bundle or a plain JWKS) for `trust_domain`.
    ///
    /// Keys marked for another use (`x509-svid`, `enc`) are skipped; a JWT-SVID key without a
    /// `kid`, of an unsupported type, or whose `alg` disagrees with its type refuses the whole
    /// bundle, since silently dropping a key would turn into confusing validation failures.
    pub fn from_jwks(trust_domain: TrustDomain, jwks: &str) -> Result<Self, IdentityError> {
        let bad = |reason: String| IdentityError::Bundle {
            trust_domain: trust_domain.to_string(),
            reason,
        };
        let doc: JwksDoc =
            serde_json::from_str(jwks).map_err(|e| bad(format!("not a JWKS document: {e}")))?;
        let mut keys = BTreeMap::new();
        for (i, raw) in doc.keys.into_iter().enumerate() {
            let jwk: JwkDoc = serde_json::from_value(raw)
                .map_err(|e| bad(format!("key {i} is not a JWK: {e}")))?;
            match jwk.use_.as_deref() {
                None | Some("jwt-svid") | Some("sig") => {}
                Some(_) => continue,
            }
            let kid = jwk
                .kid
                .clone()
                .filter(|k| !k.is_empty() && k.len() <= 256)
                .ok_or_else(|| bad(format!("key {i} has no kid")))?;
            let (alg, key) = pinned_key(&jwk).map_err(|r| bad(format!("key {i}: {r}")))?;
            if keys
                .insert(kid.clone(), VerifyKey { kid, alg, key })
                .is_some()
            {
                return Err(bad(format!("key {i} repeats a kid")));
            }
        }
        if keys.is_empty() {
            return Err(bad("the bundle holds no JWT-SVID key".into()));
        }
        Ok(Self {
            trust_domain,
            keys,
            source: None,
        })
    }

    /// Reads a JWKS file (as `spire-server bundle show -format spiffe` writes it).
    pub fn from_file(trust_domain: TrustDomain, path: &Path) -> Result<Self, IdentityError> {
        let text = fs::read_to_string(path).map_err(|e| IdentityError::Bundle {
            trust_domain: trust_domain.to_string(),
            reason: format!("cannot read {}: {e}", path.display()),
        })?;
        let mut b = Self::from_jwks(trust_domain, &text)?;
        b.source = Some(path.to_path_buf());
        Ok(b)
    }

    pub fn trust_domain(&self) -> &TrustDomain {
        &self.trust_domain
    }

    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    pub(crate) fn key(&self, kid: &str) -> Option<&VerifyKey> {
        self.keys.get(kid)
    }
}

/// The algorithm a JWK verifies, decided by its type and curve; a declared `alg` must agree.
fn pinned_key(jwk: &JwkDoc) -> Result<(Algorithm, DecodingKey), String> {
    let need = |v: &Option<String>, name: &str| {
        v.clone()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| format!("missing {name}"))
    };
    let (alg, allowed): (Algorithm, &[&str]) = match (jwk.kty.as_str(), jwk.crv.as_deref()) {
        ("EC", Some("P-256")) => (Algorithm::ES256, &["ES256"]),
        ("EC", Some("P-384")) => (Algorithm::ES384, &["ES384"]),
        ("OKP", Some("Ed25519")) => (Algorithm::EdDSA, &["EdDSA", "Ed25519"]),
        ("RSA", _) => {
            let alg = match jwk.alg.as_deref() {
                None | Some("RS256") => Algorithm::RS256,
                Some("RS384") => Algorithm::RS384,
                Some("RS512") => Algorithm::RS512,
                Some("PS256") => Algorithm::PS256,
                Some("PS384") => Algorithm::PS384,
                Some("PS512") => Algorithm::PS512,
                Some(_) => return Err("RSA key with an unsupported alg".into()),
            };
            let key = DecodingKey::from_rsa_components(&need(&jwk.n, "n")?, &need(&jwk.e, "e")?)
                .map_err(|e| format!("bad RSA key: {e}"))?;
            return Ok((alg, key));
        }
        _ => return Err("unsupported key type or curve".into()),
    };
    if let Some(declared) = jwk.alg.as_deref() {
        if !allowed.contains(&declared) {
            return Err("declared alg does not match the key type".into());
        }
    }
    let key = match alg {
        Algorithm::EdDSA => DecodingKey::from_ed_components(&need(&jwk.x, "x")?),
        _ => DecodingKey::from_ec_components(&need(&jwk.x, "x")?, &need(&jwk.y, "y")?),
    }
    .map_err(|e| format!("bad key coordinates: {e}"))?;
    Ok((alg, key))
}

/// The JWKS document for a set of bundles' public keys (only the local issuer's, today).
pub(crate) fn jwks_json(issuer: &IssuerKey, refresh_hint_secs: i64) -> Value {
    json!({
        "keys": [issuer.public_jwk()],
        "spiffe_refresh_hint": refresh_hint_secs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kid_is_the_rfc7638_thumbprint() {
        let key = IssuerKey::generate().expect("key");
        // Cross-check against jsonwebtoken's own thumbprint implementation.
        let jwk: jsonwebtoken::jwk::Jwk =
            serde_json::from_value(key.public_jwk()).expect("jwk parses");
        let theirs = jwk
            .thumbprint(jsonwebtoken::jwk::ThumbprintHash::SHA256)
            .expect("thumbprint");
        assert_eq!(key.kid(), theirs);
    }

    #[test]
    fn key_file_is_created_private_and_reloads_the_same() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("keys/svid-issuer.p8");
        let a = IssuerKey::load_or_create(&path).expect("create");
        let b = IssuerKey::load_or_create(&path).expect("load");
        assert_eq!(a.kid(), b.kid());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(!format!("{a:?}").contains(&B64URL.encode(a.encoding.as_bytes())));
    }

    #[test]
    fn bundles_pin_algorithms_and_refuse_bad_keys() {
        let key = IssuerKey::generate().expect("key");
        let td = TrustDomain::new("spire.example").expect("td");
        let jwks = jwks_json(&key, 300).to_string();
        let b = TrustBundle::from_jwks(td.clone(), &jwks).expect("bundle");
        assert_eq!(b.key(key.kid()).expect("kid").alg, Algorithm::ES256);
        // An EC key that claims HS256 is refused outright.
        let mut lying = key.public_jwk();
        lying["alg"] = json!("HS256");
        let doc = json!({"keys": [lying]}).to_string();
        assert!(TrustBundle::from_jwks(td.clone(), &doc).is_err());
        // Symmetric keys are not public keys: refused.
        let oct = json!({"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "x"}]}).to_string();
        assert!(TrustBundle::from_jwks(td.clone(), &oct).is_err());
        // X.509-SVID keys are skipped, leaving nothing.
        let x509 = json!({"keys": [{"kty": "EC", "crv": "P-256", "use": "x509-svid", "x5c": []}]});
        assert!(TrustBundle::from_jwks(td.clone(), &x509.to_string()).is_err());
        let mut no_kid = key.public_jwk();
        no_kid.as_object_mut().expect("object").remove("kid");
        let doc = json!({"keys": [no_kid]}).to_string();
        assert!(TrustBundle::from_jwks(td, &doc).is_err());
    }
}
