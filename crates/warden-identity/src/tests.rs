//! End-to-end tests of the service on a real data directory and SQLite file. They live inside
//! the crate so forged tokens can be signed with the issuer's real key (`sign`), which is what
//! an attacker who found a signing oracle bug, or a misconfigured peer, would present.

use std::path::Path;
use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine as _;
use serde_json::{json, Value};
use warden_core::TaskId;

use crate::*;

const T0: i64 = 1_800_000_000;

struct Env {
    dir: tempfile::TempDir,
    clock: ManualClock,
    svc: IdentityService,
}

fn open(dir: &Path, clock: &ManualClock, cfg: IdentityConfig) -> IdentityService {
    IdentityService::open_with_clock(dir, cfg, Arc::new(clock.clone())).expect("service opens")
}

fn env_with(cfg: IdentityConfig) -> Env {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = ManualClock::new(T0);
    let svc = open(dir.path(), &clock, cfg);
    for name in ["alpha", "beta", "gamma", "delta"] {
        svc.add_agent(NewAgent {
            name: AgentName::new(name).expect("name"),
            owner: Owner::new("platform-team").expect("owner"),
            tier: Tier::Assistant,
        })
        .expect("agent added");
    }
    Env { dir, clock, svc }
}

fn env() -> Env {
    env_with(IdentityConfig::default())
}

fn name(s: &str) -> AgentName {
    AgentName::new(s).expect("name")
}

fn svid(svc: &IdentityService, agent: &str) -> String {
    svc.issue_svid(&name(agent))
        .expect("svid")
        .token
        .expose()
        .to_owned()
}

fn list(v: &[&str]) -> Option<Vec<String>> {
    Some(v.iter().map(|s| s.to_string()).collect())
}

fn start(svc: &IdentityService, agent: &str, task: &str, scope: TaskScope) -> IssuedTaskToken {
    let v = svc.validate_svid(&svid(svc, agent)).expect("svid valid");
    let mut s = TaskStart::new(TaskId::new(task).expect("task id"));
    s.scope = scope;
    svc.start_task(&v, s).expect("task starts")
}

fn b64(v: &Value) -> String {
    B64URL.encode(v.to_string().as_bytes())
}

fn parts(token: &str) -> (Value, Value) {
    let mut it = token.split('.');
    let h = B64URL.decode(it.next().expect("h")).expect("b64");
    let p = B64URL.decode(it.next().expect("p")).expect("b64");
    (
        serde_json::from_slice(&h).expect("json"),
        serde_json::from_slice(&p).expect("json"),
    )
}

fn exchange_req(subject: &str, actor: &str, scope: Option<&str>) -> TokenExchangeRequest {
    TokenExchangeRequest {
        grant_type: Some(GRANT_TYPE_TOKEN_EXCHANGE.into()),
        subject_token: Some(subject.into()),
        subject_token_type: Some(TOKEN_TYPE_TXN.into()),
        actor_token: Some(actor.into()),
        actor_token_type: Some(TOKEN_TYPE_JWT.into()),
        scope: scope.map(str::to_owned),
        ..Default::default()
    }
}

/// Asserts a refusal is the expected variant, maps to `alert`, and does not quote the token.
fn refused(err: TokenError, want: &TokenError, alert: Alert, token: &str) {
    assert_eq!(&err, want);
    assert_eq!(err.alert(), Some(alert), "{err}");
    let text = format!("{err} {err:?}");
    if token.len() > 20 {
        for part in token.split('.').filter(|p| p.len() > 8) {
            assert!(!text.contains(part), "error quotes the token: {text}");
        }
    }
}

// ---- 6. bad tokens ----------------------------------------------------------------------------

#[test]
fn missing_and_malformed_tokens() {
    let e = env();
    refused(
        e.svc.validate_svid("").expect_err("empty"),
        &TokenError::Missing,
        Alert::InvalidToken,
        "",
    );
    refused(
        e.svc.validate_task_token("   ").expect_err("blank"),
        &TokenError::Missing,
        Alert::InvalidToken,
        "",
    );
    for junk in ["abc", "a.b", "a.b.c.d", "!!.??.**"] {
        assert_eq!(
            e.svc.validate_svid(junk),
            Err(TokenError::Malformed),
            "{junk}"
        );
    }
}

#[test]
fn alg_none_is_refused() {
    let e = env();
    let good = svid(&e.svc, "alpha");
    let (_, claims) = parts(&good);
    for alg in ["none", "None"] {
        let forged = format!(
            "{}.{}.",
            b64(&json!({"alg": alg, "typ": "JWT"})),
            b64(&claims)
        );
        refused(
            e.svc.validate_svid(&forged).expect_err("none"),
            &TokenError::AlgNone,
            Alert::InvalidToken,
            &forged,
        );
    }
    let task = start(&e.svc, "alpha", "t-none", TaskScope::default());
    let (_, claims) = parts(task.token.expose());
    let forged = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "txntoken+jwt"})),
        b64(&claims)
    );
    assert_eq!(e.svc.validate_task_token(&forged), Err(TokenError::AlgNone));
}

#[test]
fn hs256_signed_with_the_public_key_is_refused() {
    // The classic key confusion: an attacker takes the published bundle and uses the public key
    // bytes as an HMAC secret, hoping the verifier takes the algorithm from the header.
    let e = env();
    let bundle = e.svc.bundle_jwks();
    let kid = bundle["keys"][0]["kid"].as_str().expect("kid").to_owned();
    let jwk = bundle["keys"][0].to_string();
    let (_, mut claims) = parts(&svid(&e.svc, "alpha"));
    claims["sub"] = json!("spiffe://warden.local/agent/beta");
    let x = B64URL
        .decode(bundle["keys"][0]["x"].as_str().expect("x"))
        .expect("x");
    let y = B64URL
        .decode(bundle["keys"][0]["y"].as_str().expect("y"))
        .expect("y");
    let mut sec1 = vec![4u8];
    sec1.extend_from_slice(&x);
    sec1.extend_from_slice(&y);
    for secret in [
        jwk.as_bytes().to_vec(),
        sec1,
        bundle.to_string().into_bytes(),
    ] {
        for (alg, name) in [
            (jsonwebtoken::Algorithm::HS256, "HS256"),
            (jsonwebtoken::Algorithm::HS512, "HS512"),
        ] {
            let mut h = jsonwebtoken::Header::new(alg);
            h.kid = Some(kid.clone());
            h.typ = Some("JWT".into());
            let forged = jsonwebtoken::encode(
                &h,
                &claims,
                &jsonwebtoken::EncodingKey::from_secret(&secret),
            )
            .expect("forge");
            refused(
                e.svc.validate_svid(&forged).expect_err("hs"),
                &TokenError::SymmetricAlgorithm { alg: name },
                Alert::InvalidToken,
                &forged,
            );
            h.typ = Some("txntoken+jwt".into());
            let forged = jsonwebtoken::encode(
                &h,
                &claims,
                &jsonwebtoken::EncodingKey::from_secret(&secret),
            )
            .expect("forge");
            assert_eq!(
                e.svc.validate_task_token(&forged),
                Err(TokenError::SymmetricAlgorithm { alg: name })
            );
        }
    }
    // Another asymmetric algorithm than the key's pinned one is refused before verification.
    let good = svid(&e.svc, "alpha");
    let (mut header, claims) = parts(&good);
    header["alg"] = json!("ES384");
    let sig = good.rsplit('.').next().expect("sig");
    let forged = format!("{}.{}.{sig}", b64(&header), b64(&claims));
    assert_eq!(
        e.svc.validate_svid(&forged),
        Err(TokenError::AlgorithmMismatch {
            expected: "ES256",
            got: "ES384"
        })
    );
}

#[test]
fn unknown_and_missing_kid() {
    let e = env();
    // Same trust domain, same agent name, another issuer key: its kid is not in our bundle.
    let other_dir = tempfile::tempdir().expect("tmp");
    let other = open(other_dir.path(), &e.clock, IdentityConfig::default());
    other
        .add_agent(NewAgent {
            name: name("alpha"),
            owner: Owner::new("mallory").expect("owner"),
            tier: Tier::Executor,
        })
        .expect("add");
    let foreign = svid(&other, "alpha");
    refused(
        e.svc.validate_svid(&foreign).expect_err("unknown kid"),
        &TokenError::UnknownKid {
            trust_domain: "warden.local".into(),
        },
        Alert::InvalidToken,
        &foreign,
    );
    let t = start(&other, "alpha", "t-other", TaskScope::default());
    assert!(matches!(
        e.svc.validate_task_token(t.token.expose()),
        Err(TokenError::UnknownKid { .. })
    ));
    // No kid at all.
    let good = svid(&e.svc, "alpha");
    let (mut header, claims) = parts(&good);
    header.as_object_mut().expect("obj").remove("kid");
    let sig = good.rsplit('.').next().expect("sig");
    let forged = format!("{}.{}.{sig}", b64(&header), b64(&claims));
    assert_eq!(e.svc.validate_svid(&forged), Err(TokenError::MissingKid));
}

#[test]
fn expired_and_not_yet_valid() {
    let e = env();
    let token = svid(&e.svc, "alpha");
    assert!(e.svc.validate_svid(&token).is_ok());
    e.clock.advance(MAX_SVID_TTL);
    refused(
        e.svc.validate_svid(&token).expect_err("expired"),
        &TokenError::Expired { ago_secs: 0 },
        Alert::InvalidToken,
        &token,
    );
    // Issued "in the future" relative to the verifier's clock, beyond the allowed skew.
    e.clock.set(T0 + 1000);
    let future = svid(&e.svc, "alpha");
    e.clock.set(T0 + 1000 - 31);
    let err = e.svc.validate_svid(&future).expect_err("not yet valid");
    assert_eq!(err, TokenError::NotYetValid { in_secs: 31 });
    assert_eq!(err.problem(), Some("expired"));
    // Within the skew it is fine.
    e.clock.set(T0 + 1000 - 29);
    assert!(e.svc.validate_svid(&future).is_ok());
    // Task tokens expire too, never later than the task's deadline.
    e.clock.set(T0);
    let v = e.svc.validate_svid(&svid(&e.svc, "alpha")).expect("svid");
    let mut s = TaskStart::new(TaskId::new("t-deadline").expect("id"));
    s.deadline = Some(T0 + 120);
    let task = e.svc.start_task(&v, s).expect("start");
    assert_eq!(task.claims.exp, T0 + 120);
    e.clock.set(T0 + 120);
    assert!(matches!(
        e.svc.validate_task_token(task.token.expose()),
        Err(TokenError::Expired { .. })
    ));
}

const MAX_SVID_TTL: i64 = crate::service::MAX_SVID_TTL_SECS;

#[test]
fn wrong_audience_wrong_trust_domain_and_lifetime() {
    let e = env();
    let base = json!({
        "sub": "spiffe://warden.local/agent/alpha",
        "aud": "spiffe://warden.local/warden",
        "iss": "spiffe://warden.local/warden",
        "iat": T0, "exp": T0 + 60, "jti": "forged-1",
    });
    let sign = |claims: &Value| e.svc.sign("JWT", claims).expect("sign");
    let mut c = base.clone();
    c["aud"] = json!("spiffe://warden.local/some-other-service");
    let t = sign(&c);
    refused(
        e.svc.validate_svid(&t).expect_err("aud"),
        &TokenError::WrongAudience {
            expected: "spiffe://warden.local/warden".into(),
        },
        Alert::InvalidToken,
        &t,
    );
    c["aud"] = json!(["spiffe://warden.local/warden", "spiffe://x/y"]);
    let err = e.svc.validate_svid(&sign(&c)).expect_err("two audiences");
    assert_eq!(err, TokenError::MultipleAudiences { count: 2 });
    assert_eq!(err.problem(), Some("wrong_audience"));
    // A subject in a trust domain we have no bundle for.
    let mut c = base.clone();
    c["sub"] = json!("spiffe://evil.example/agent/alpha");
    let err = e.svc.validate_svid(&sign(&c)).expect_err("foreign td");
    assert_eq!(err, TokenError::UntrustedTrustDomain("evil.example".into()));
    assert_eq!(err.problem(), Some("wrong_trust_domain"));
    // A subject that is no SPIFFE id.
    let mut c = base.clone();
    c["sub"] = json!("alice@example.com");
    assert!(matches!(
        e.svc.validate_svid(&sign(&c)),
        Err(TokenError::BadSubject(_))
    ));
    // Longer than 5 minutes, even when signed by us.
    let mut c = base.clone();
    c["exp"] = json!(T0 + 3600);
    assert_eq!(
        e.svc.validate_svid(&sign(&c)),
        Err(TokenError::LifetimeTooLong {
            lifetime_secs: 3600,
            max_secs: 300
        })
    );
    // A task token from another Warden's trust domain (same key material, say a copied data
    // dir) names that domain in `iss`.
    let task = start(&e.svc, "alpha", "t-td", TaskScope::default());
    let (_, mut claims) = parts(task.token.expose());
    claims["iss"] = json!("spiffe://other.example/warden");
    let t = e.svc.sign("txntoken+jwt", &claims).expect("sign");
    let err = e.svc.validate_task_token(&t).expect_err("td");
    assert_eq!(
        err,
        TokenError::WrongTrustDomain {
            expected: "warden.local".into(),
            got: "other.example".into()
        }
    );
    assert_eq!(err.alert(), Some(Alert::InvalidToken));
    claims["iss"] = json!("spiffe://warden.local/warden");
    claims["aud"] = json!("spiffe://other.example");
    let t = e.svc.sign("txntoken+jwt", &claims).expect("sign");
    assert!(matches!(
        e.svc.validate_task_token(&t),
        Err(TokenError::WrongAudience { .. })
    ));
}

#[test]
fn tampered_claims_fail_the_signature() {
    let e = env();
    let good = svid(&e.svc, "alpha");
    let (header, mut claims) = parts(&good);
    claims["sub"] = json!("spiffe://warden.local/agent/beta");
    let sig = good.rsplit('.').next().expect("sig");
    let forged = format!("{}.{}.{sig}", b64(&header), b64(&claims));
    refused(
        e.svc.validate_svid(&forged).expect_err("tampered"),
        &TokenError::BadSignature,
        Alert::InvalidToken,
        &forged,
    );
    // Widening the scope inside a task token.
    let task = start(
        &e.svc,
        "alpha",
        "t-tamper",
        TaskScope {
            tools: list(&["Read"]),
            ..Default::default()
        },
    );
    let tok = task.token.expose();
    let (header, mut claims) = parts(tok);
    claims["tctx"]["scope"]["tools"] = json!(["*"]);
    let sig = tok.rsplit('.').next().expect("sig");
    let forged = format!("{}.{}.{sig}", b64(&header), b64(&claims));
    assert_eq!(
        e.svc.validate_task_token(&forged),
        Err(TokenError::BadSignature)
    );
    // A flipped signature byte.
    let mut bytes = B64URL.decode(sig).expect("sig");
    bytes[10] ^= 1;
    let forged = format!(
        "{}.{}",
        tok.rsplit_once('.').expect("dot").0,
        B64URL.encode(bytes)
    );
    assert_eq!(
        e.svc.validate_task_token(&forged),
        Err(TokenError::BadSignature)
    );
}

#[test]
fn token_types_are_not_interchangeable() {
    let e = env();
    let s = svid(&e.svc, "alpha");
    assert!(matches!(
        e.svc.validate_task_token(&s),
        Err(TokenError::WrongTokenType { .. })
    ));
    let t = start(&e.svc, "alpha", "t-types", TaskScope::default());
    assert!(matches!(
        e.svc.validate_svid(t.token.expose()),
        Err(TokenError::WrongTokenType { .. })
    ));
}

#[test]
fn replay_after_task_end_is_revoked_credential_use() {
    let e = env();
    let task = start(&e.svc, "alpha", "t-end", TaskScope::default());
    let tok = task.token.expose().to_owned();
    assert!(e.svc.validate_task_token(&tok).is_ok());
    assert!(e
        .svc
        .end_task(&TaskId::new("t-end").expect("id"))
        .expect("end"));
    refused(
        e.svc.validate_task_token(&tok).expect_err("ended"),
        &TokenError::TaskEnded,
        Alert::RevokedCredentialUse,
        &tok,
    );
    assert_eq!(TokenError::TaskEnded.problem(), Some("revoked"));
}

#[test]
fn problems_use_the_detector_vocabulary() {
    // The names of warden-detect's TokenProblem (snake_case serde).
    let known = [
        "missing",
        "forged",
        "expired",
        "wrong_audience",
        "wrong_trust_domain",
        "replayed",
        "revoked",
        "delegation_widened",
        "delegation_too_deep",
        "not_may_act",
    ];
    let all = [
        TokenError::Missing,
        TokenError::Malformed,
        TokenError::AlgNone,
        TokenError::SymmetricAlgorithm { alg: "HS256" },
        TokenError::UnsupportedAlgorithm,
        TokenError::MissingKid,
        TokenError::UnknownKid {
            trust_domain: "x".into(),
        },
        TokenError::BadSignature,
        TokenError::Expired { ago_secs: 1 },
        TokenError::NotYetValid { in_secs: 1 },
        TokenError::WrongAudience {
            expected: "x".into(),
        },
        TokenError::WrongTrustDomain {
            expected: "a".into(),
            got: "b".into(),
        },
        TokenError::UntrustedTrustDomain("b".into()),
        TokenError::Revoked(RevokedBy::Agent),
        TokenError::TaskEnded,
        TokenError::UnknownToken,
    ];
    let mut codes = std::collections::HashSet::new();
    for err in &all {
        assert!(known.contains(&err.problem().expect("problem")), "{err:?}");
        assert!(codes.insert(err.code()), "codes are distinct");
    }
    for j in [
        JoinError::Unknown,
        JoinError::Expired,
        JoinError::AlreadyUsed,
        JoinError::AgentGone,
    ] {
        assert!(known.contains(&j.problem()));
    }
    assert_eq!(TokenError::Unavailable("db".into()).alert(), None);
}

// ---- 1. agents, SVIDs, bundle, attestation ------------------------------------------------------

#[test]
fn registry_add_list_remove() {
    let e = env();
    let names: Vec<String> = e
        .svc
        .list_agents()
        .expect("list")
        .into_iter()
        .map(|a| a.id.to_string())
        .collect();
    assert_eq!(names[0], "spiffe://warden.local/agent/alpha");
    assert_eq!(names.len(), 4);
    assert!(matches!(
        e.svc.add_agent(NewAgent {
            name: name("alpha"),
            owner: Owner::new("x").expect("owner"),
            tier: Tier::ReadOnly
        }),
        Err(IdentityError::AgentExists(_))
    ));
    let token = svid(&e.svc, "beta");
    let task = start(&e.svc, "beta", "t-removed", TaskScope::default());
    e.svc.remove_agent(&name("beta")).expect("removed");
    assert_eq!(e.svc.list_agents().expect("list").len(), 3);
    assert_eq!(
        e.svc.validate_svid(&token),
        Err(TokenError::Revoked(RevokedBy::Agent))
    );
    assert_eq!(
        e.svc.validate_task_token(task.token.expose()),
        Err(TokenError::Revoked(RevokedBy::Agent))
    );
    assert!(matches!(
        e.svc.issue_svid(&name("beta")),
        Err(IdentityError::UnknownAgent(_))
    ));
    // Registered again later, it gets working credentials; the old ones stay dead.
    e.clock.advance(1);
    e.svc
        .add_agent(NewAgent {
            name: name("beta"),
            owner: Owner::new("platform-team").expect("owner"),
            tier: Tier::ReadOnly,
        })
        .expect("re-add");
    assert!(e.svc.validate_svid(&svid(&e.svc, "beta")).is_ok());
    assert!(e.svc.validate_svid(&token).is_err());
}

#[test]
fn svids_are_jwt_svids() {
    let e = env();
    let issued = e.svc.issue_svid(&name("alpha")).expect("svid");
    let (header, claims) = parts(issued.token.expose());
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["typ"], "JWT");
    let kid = header["kid"].as_str().expect("kid always");
    assert_eq!(e.svc.bundle_jwks()["keys"][0]["kid"], kid);
    assert!(claims["aud"].is_string(), "exactly one audience");
    assert_eq!(claims["sub"], "spiffe://warden.local/agent/alpha");
    assert!(claims["exp"].as_i64().expect("exp") - claims["iat"].as_i64().expect("iat") <= 300);
    let v = e.svc.validate_svid(issued.token.expose()).expect("valid");
    assert!(v.is_local());
    assert_eq!(v.token_digest(), issued.token.digest());
    assert_eq!(v.token_digest().len(), 64);
    // Renewal: a fresh SVID for the same agent, while the current one is valid.
    e.clock.advance(200);
    let renewed = e.svc.renew_svid(issued.token.expose()).expect("renew");
    assert_ne!(renewed.jti, issued.jti);
    assert_eq!(renewed.expires_at, T0 + 200 + 300);
    e.clock.advance(200);
    assert!(e.svc.renew_svid(issued.token.expose()).is_err(), "expired");
    assert!(e.svc.validate_svid(renewed.token.expose()).is_ok());
    // The bundle is a SPIFFE JWKS.
    let b = e.svc.bundle_jwks();
    assert_eq!(b["keys"][0]["use"], "jwt-svid");
    assert_eq!(b["keys"][0]["kty"], "EC");
    assert!(b["keys"][0].get("d").is_none(), "no private part");
    // The config refuses a TTL above 5 minutes.
    let cfg = IdentityConfig {
        svid_ttl_secs: 301,
        ..Default::default()
    };
    assert!(cfg.validate().is_err());
}

#[test]
fn the_issuer_key_survives_restart() {
    let e = env();
    let token = svid(&e.svc, "alpha");
    let kid = e.svc.bundle_jwks()["keys"][0]["kid"].clone();
    let Env { dir, clock, svc } = e;
    drop(svc);
    let again = open(dir.path(), &clock, IdentityConfig::default());
    assert_eq!(again.bundle_jwks()["keys"][0]["kid"], kid);
    assert!(again.validate_svid(&token).is_ok());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let key = dir.path().join("keys/svid-issuer.p8");
        let mode = std::fs::metadata(key).expect("key").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn join_tokens_are_single_use() {
    let e = env();
    let jt = e.svc.create_join_token(&name("gamma"), None).expect("join");
    assert!(jt.token.expose().starts_with("wjt_"));
    assert!(!format!("{jt:?}").contains(jt.token.expose()));
    let svid = e.svc.redeem_join_token(jt.token.expose()).expect("redeem");
    assert_eq!(svid.spiffe_id.as_str(), "spiffe://warden.local/agent/gamma");
    assert!(e.svc.validate_svid(svid.token.expose()).is_ok());
    let again = e
        .svc
        .redeem_join_token(jt.token.expose())
        .expect_err("second use");
    assert!(matches!(again, IdentityError::Join(JoinError::AlreadyUsed)));
    assert_eq!(again.alert(), Some(Alert::InvalidToken));
    // Expired.
    let short = e
        .svc
        .create_join_token(&name("gamma"), Some(60))
        .expect("join");
    e.clock.advance(60);
    assert!(matches!(
        e.svc.redeem_join_token(short.token.expose()),
        Err(IdentityError::Join(JoinError::Expired))
    ));
    // Never issued.
    assert!(matches!(
        e.svc.redeem_join_token("wjt_not-a-real-token"),
        Err(IdentityError::Join(JoinError::Unknown))
    ));
    // Its agent removed before redemption.
    let orphan = e.svc.create_join_token(&name("delta"), None).expect("join");
    e.svc.remove_agent(&name("delta")).expect("remove");
    assert!(matches!(
        e.svc.redeem_join_token(orphan.token.expose()),
        Err(IdentityError::Join(JoinError::AgentGone))
    ));
    // Unregistered agents get none.
    assert!(e.svc.create_join_token(&name("nobody"), None).is_err());
    assert!(e
        .svc
        .create_join_token(&name("alpha"), Some(90_000))
        .is_err());
}

#[test]
fn spawn_env_carries_identity_and_task() {
    let e = env();
    let mut start = TaskStart::new(TaskId::new("t-spawn").expect("id"));
    start.scope.tools = list(&["Read"]);
    let env = e
        .svc
        .spawn_env(&name("alpha"), "http://127.0.0.1:7700", Some(start))
        .expect("spawn env");
    let vars: std::collections::HashMap<&str, &str> = env.vars().collect();
    assert_eq!(vars[SpawnEnv::URL], "http://127.0.0.1:7700");
    assert_eq!(
        vars[SpawnEnv::AGENT_ID],
        "spiffe://warden.local/agent/alpha"
    );
    assert_eq!(vars[SpawnEnv::TASK_ID], "t-spawn");
    assert!(e.svc.validate_svid(vars[SpawnEnv::SVID]).is_ok());
    let task = e
        .svc
        .validate_task_token(vars[SpawnEnv::TASK_TOKEN])
        .expect("task token");
    assert_eq!(task.scope().tools, list(&["Read"]));
    let dbg = format!("{env:?}");
    assert!(!dbg.contains(vars[SpawnEnv::SVID]));
    assert!(!dbg.contains(vars[SpawnEnv::TASK_TOKEN]));
    let mut cmd = std::process::Command::new("true");
    env.apply(&mut cmd);
    assert!(cmd.get_envs().count() >= 6);
    assert!(e
        .svc
        .spawn_env(&name("alpha"), "javascript:alert(1)", None)
        .is_err());
    assert!(e.svc.spawn_env(&name("alpha"), "http://x y", None).is_err());
}

#[test]
fn svids_from_a_foreign_spire_trust_domain() {
    let e = env();
    // A stand-in SPIRE server: another issuer for `spire.example`, with its bundle on disk.
    let spire_dir = tempfile::tempdir().expect("tmp");
    let spire = open(
        spire_dir.path(),
        &e.clock,
        IdentityConfig {
            trust_domain: TrustDomain::new("spire.example").expect("td"),
            ..Default::default()
        },
    );
    let bundle_path = spire_dir.path().join("bundle.jwks");
    std::fs::write(&bundle_path, spire.bundle_jwks().to_string()).expect("write bundle");
    let cfg = IdentityConfig {
        foreign_bundles: vec![ForeignBundle {
            trust_domain: TrustDomain::new("spire.example").expect("td"),
            path: bundle_path,
        }],
        ..Default::default()
    };
    let Env { dir, clock, svc } = e;
    drop(svc);
    let svc = open(dir.path(), &clock, cfg);
    assert_eq!(
        svc.foreign_trust_domains(),
        vec![TrustDomain::new("spire.example").expect("td")]
    );
    let spire_svid = |sub: &str, jti: &str| {
        spire
            .sign(
                "JWT",
                &json!({
                    "sub": sub,
                    "aud": ["spiffe://warden.local/warden"],
                    "iat": T0, "exp": T0 + 300, "jti": jti,
                }),
            )
            .expect("sign")
    };
    let tok = spire_svid("spiffe://spire.example/ns/prod/sa/builder", "spire-1");
    let v = svc.validate_svid(&tok).expect("foreign SVID accepted");
    assert!(!v.is_local());
    assert_eq!(v.spiffe_id().trust_domain_str(), "spire.example");
    // A foreign agent can start a task like a local one.
    let t = svc
        .start_task(&v, TaskStart::new(TaskId::new("t-spire").expect("id")))
        .expect("task");
    assert_eq!(t.claims.act.sub, *v.spiffe_id());
    // SPIRE's key cannot speak for our trust domain: that subject routes to our bundle.
    let impostor = spire_svid("spiffe://warden.local/agent/alpha", "spire-2");
    assert!(matches!(
        svc.validate_svid(&impostor),
        Err(TokenError::UnknownKid { .. })
    ));
    // Our key cannot speak for theirs.
    let ours = svc
        .sign(
            "JWT",
            &json!({"sub": "spiffe://spire.example/x", "aud": "spiffe://warden.local/warden",
                    "iat": T0, "exp": T0 + 60}),
        )
        .expect("sign");
    assert!(matches!(
        svc.validate_svid(&ours),
        Err(TokenError::UnknownKid { .. })
    ));
    // Foreign tokens are revocable by jti, and by agent.
    svc.revoke(
        RevokeTarget::Token("spire-1".into()),
        RevocationReason::Operator,
    )
    .expect("revoke");
    assert_eq!(
        svc.validate_svid(&tok),
        Err(TokenError::Revoked(RevokedBy::Token))
    );
    let tok3 = spire_svid("spiffe://spire.example/ns/prod/sa/builder", "spire-3");
    assert!(svc.validate_svid(&tok3).is_ok());
    svc.revoke(
        RevokeTarget::Agent(
            SpiffeId::parse("spiffe://spire.example/ns/prod/sa/builder").expect("id"),
        ),
        RevocationReason::Detector("exfil.secret_egress".into()),
    )
    .expect("revoke");
    assert_eq!(
        svc.validate_svid(&tok3),
        Err(TokenError::Revoked(RevokedBy::Agent))
    );
}

// ---- 2. task tokens -----------------------------------------------------------------------------

#[test]
fn task_tokens_are_transaction_tokens() {
    let e = env();
    let v = e.svc.validate_svid(&svid(&e.svc, "alpha")).expect("svid");
    let mut s = TaskStart::new(TaskId::new("t-shape").expect("id"));
    s.scope = TaskScope {
        tools: list(&["Read", "mcp__github__get_*"]),
        destinations: list(&["api.github.com"]),
        ..Default::default()
    };
    s.deadline = Some(T0 + 7200);
    s.subject = Some("user:alice".into());
    s.trigger = Some("user".into());
    let issued = e.svc.start_task(&v, s).expect("start");
    let (header, claims) = parts(issued.token.expose());
    assert_eq!(header["typ"], "txntoken+jwt");
    assert_eq!(header["alg"], "ES256");
    assert!(header["kid"].is_string());
    assert_eq!(claims["txn"], "t-shape");
    assert_eq!(claims["sub"], "user:alice");
    assert_eq!(
        claims["act"],
        json!({"sub": "spiffe://warden.local/agent/alpha"})
    );
    assert_eq!(claims["aud"], "spiffe://warden.local");
    assert_eq!(claims["iss"], "spiffe://warden.local/warden");
    assert_eq!(
        claims["scope"],
        "tools:Read tools:mcp__github__get_* destinations:api.github.com"
    );
    assert_eq!(
        claims["tctx"]["scope"]["tools"],
        json!(["Read", "mcp__github__get_*"])
    );
    assert_eq!(claims["iat"], T0);
    assert_eq!(
        claims["exp"],
        T0 + 3600,
        "capped by the token TTL below the deadline"
    );
    let t = e
        .svc
        .validate_task_token(issued.token.expose())
        .expect("valid");
    assert_eq!(t.task_id().as_str(), "t-shape");
    assert_eq!(t.agent().as_str(), "spiffe://warden.local/agent/alpha");
    assert_eq!(t.depth(), 0);
    assert_eq!(t.token_digest(), token_digest(issued.token.expose()));
    let mut draft = warden_core::Draft::new(
        warden_core::EventKind::ToolCall,
        warden_core::SessionId::new("s1").expect("session"),
        json!({}),
    );
    t.attribute(&mut draft);
    assert_eq!(draft.task_id.as_ref().map(|t| t.as_str()), Some("t-shape"));
    assert!(draft.delegation.is_empty());
    // One task, one start.
    let v = e.svc.validate_svid(&svid(&e.svc, "alpha")).expect("svid");
    assert!(matches!(
        e.svc
            .start_task(&v, TaskStart::new(TaskId::new("t-shape").expect("id"))),
        Err(IdentityError::TaskExists(_))
    ));
    let mut past = TaskStart::new(TaskId::new("t-past").expect("id"));
    past.deadline = Some(T0 - 1);
    assert!(e.svc.start_task(&v, past).is_err());
    // Bearer text stays out of Debug.
    assert!(!format!("{issued:?}").contains(issued.token.expose()));
}

// ---- 3. delegation ------------------------------------------------------------------------------

fn root_scope() -> TaskScope {
    TaskScope {
        tools: list(&["Read", "Grep", "mcp__github__*"]),
        destinations: list(&["*.github.com"]),
        ..Default::default()
    }
}

#[test]
fn delegation_chain_depth_one_to_three_narrows() {
    let e = env();
    let root = start(&e.svc, "alpha", "t-chain", root_scope());
    let (r1, hop1) = e
        .svc
        .exchange(&exchange_req(
            root.token.expose(),
            &svid(&e.svc, "beta"),
            Some("tools:Read tools:mcp__github__get_*"),
        ))
        .expect("hop 1");
    assert_eq!(hop1.depth, 1);
    assert_eq!(hop1.from.as_str(), "spiffe://warden.local/agent/alpha");
    assert_eq!(hop1.to.as_str(), "spiffe://warden.local/agent/beta");
    let json = serde_json::to_value(&r1).expect("json");
    assert_eq!(json["token_type"], "N_A");
    assert_eq!(json["issued_token_type"], TOKEN_TYPE_TXN);
    assert_eq!(
        json["scope"],
        "tools:Read tools:mcp__github__get_* destinations:*.github.com"
    );
    let (r2, hop2) = e
        .svc
        .exchange(&exchange_req(
            r1.access_token.expose(),
            &svid(&e.svc, "gamma"),
            Some("tools:Read"),
        ))
        .expect("hop 2");
    assert_eq!(hop2.depth, 2);
    let (r3, hop3) = e
        .svc
        .exchange(&exchange_req(
            r2.access_token.expose(),
            &svid(&e.svc, "delta"),
            Some("destinations:api.github.com"),
        ))
        .expect("hop 3");
    assert_eq!(hop3.depth, 3);
    let leaf = e
        .svc
        .validate_task_token(r3.access_token.expose())
        .expect("leaf valid");
    // RFC 8693 §4.1: the current actor outermost, earlier actors nested inside.
    let (_, claims) = parts(r3.access_token.expose());
    assert_eq!(
        claims["act"],
        json!({"sub": "spiffe://warden.local/agent/delta",
               "act": {"sub": "spiffe://warden.local/agent/gamma",
                       "act": {"sub": "spiffe://warden.local/agent/beta",
                               "act": {"sub": "spiffe://warden.local/agent/alpha"}}}})
    );
    assert_eq!(claims["txn"], "t-chain");
    assert_eq!(claims["sub"], "spiffe://warden.local/agent/alpha");
    assert_eq!(leaf.depth(), 3);
    assert_eq!(leaf.scope().tools, list(&["Read"]));
    assert_eq!(leaf.scope().destinations, list(&["api.github.com"]));
    let chain: Vec<String> = leaf.delegation().iter().map(|a| a.to_string()).collect();
    assert_eq!(
        chain,
        [
            "spiffe://warden.local/agent/alpha",
            "spiffe://warden.local/agent/beta",
            "spiffe://warden.local/agent/gamma",
            "spiffe://warden.local/agent/delta"
        ]
    );
    // Hop 4 is past the default limit of 3.
    let err = e
        .svc
        .exchange(&exchange_req(
            r3.access_token.expose(),
            &svid(&e.svc, "alpha"),
            None,
        ))
        .expect_err("too deep");
    assert!(matches!(
        err,
        ExchangeError::Delegation {
            violation: DelegationError::TooDeep { depth: 4, max: 3 },
            ..
        }
    ));
    assert_eq!(err.alert(), Some(Alert::DelegationViolation));
    assert_eq!(err.oauth().error, OAuthErrorCode::InvalidRequest);
    assert_eq!(err.hop().expect("hop").depth, 4);
}

#[test]
fn delegation_cannot_widen() {
    let e = env();
    let root = start(&e.svc, "alpha", "t-widen", root_scope());
    // Depth 1: a tool outside the parent's list.
    let err = e
        .svc
        .exchange(&exchange_req(
            root.token.expose(),
            &svid(&e.svc, "beta"),
            Some("tools:Read tools:Bash"),
        ))
        .expect_err("widens");
    match &err {
        ExchangeError::Delegation {
            violation: DelegationError::ScopeWidened(w),
            hop,
        } => {
            assert_eq!(w.field, ScopeField::Tools);
            assert_eq!(w.entry.as_deref(), Some("Bash"));
            assert_eq!(hop.to.as_str(), "spiffe://warden.local/agent/beta");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.alert(), Some(Alert::DelegationViolation));
    assert_eq!(err.oauth().error, OAuthErrorCode::InvalidScope);
    let body = serde_json::to_value(err.oauth()).expect("json");
    assert_eq!(body["error"], "invalid_scope");
    // A glob broader than the parent's.
    assert!(e
        .svc
        .exchange(&exchange_req(
            root.token.expose(),
            &svid(&e.svc, "beta"),
            Some("destinations:*"),
        ))
        .is_err());
    // Depth 2: narrowed once, then trying to get back what the middle hop dropped.
    let (r1, _) = e
        .svc
        .exchange(&exchange_req(
            root.token.expose(),
            &svid(&e.svc, "beta"),
            Some("tools:Read"),
        ))
        .expect("narrow");
    let err = e
        .svc
        .exchange(&exchange_req(
            r1.access_token.expose(),
            &svid(&e.svc, "gamma"),
            Some("tools:Grep"),
        ))
        .expect_err("re-widen");
    assert!(matches!(
        err,
        ExchangeError::Delegation {
            violation: DelegationError::ScopeWidened(_),
            ..
        }
    ));
    // Unrestricted parent lists stay open to the child; a child asking nothing inherits.
    let open_root = start(&e.svc, "alpha", "t-open", TaskScope::default());
    let (r, _) = e
        .svc
        .exchange(&exchange_req(
            open_root.token.expose(),
            &svid(&e.svc, "beta"),
            Some("tools:Anything"),
        ))
        .expect("narrowing an open scope");
    assert_eq!(r.scope, "tools:Anything");
}

#[test]
fn depth_limit_is_configurable() {
    let e = env_with(IdentityConfig {
        max_delegation_depth: 1,
        ..Default::default()
    });
    let root = start(&e.svc, "alpha", "t-depth", TaskScope::default());
    let (r1, _) = e
        .svc
        .exchange(&exchange_req(
            root.token.expose(),
            &svid(&e.svc, "beta"),
            None,
        ))
        .expect("hop 1");
    assert!(matches!(
        e.svc.exchange(&exchange_req(
            r1.access_token.expose(),
            &svid(&e.svc, "gamma"),
            None
        )),
        Err(ExchangeError::Delegation {
            violation: DelegationError::TooDeep { depth: 2, max: 1 },
            ..
        })
    ));
}

#[test]
fn may_act_restricts_the_delegate() {
    let e = env();
    let v = e.svc.validate_svid(&svid(&e.svc, "alpha")).expect("svid");
    let mut s = TaskStart::new(TaskId::new("t-mayact").expect("id"));
    s.may_act = Some(SpiffeId::parse("spiffe://warden.local/agent/beta").expect("id"));
    let root = e.svc.start_task(&v, s).expect("start");
    let (_, claims) = parts(root.token.expose());
    assert_eq!(
        claims["may_act"],
        json!({"sub": "spiffe://warden.local/agent/beta"})
    );
    let err = e
        .svc
        .exchange(&exchange_req(
            root.token.expose(),
            &svid(&e.svc, "gamma"),
            None,
        ))
        .expect_err("gamma may not act");
    assert!(matches!(
        err,
        ExchangeError::Delegation {
            violation: DelegationError::NotMayAct { .. },
            ..
        }
    ));
    assert_eq!(err.alert(), Some(Alert::DelegationViolation));
    if let ExchangeError::Delegation { violation, .. } = &err {
        assert_eq!(violation.problem(), "not_may_act");
    }
    let (r, hop) = e
        .svc
        .exchange(&exchange_req(
            root.token.expose(),
            &svid(&e.svc, "beta"),
            None,
        ))
        .expect("beta may act");
    assert_eq!(
        hop.may_act.as_ref().map(|m| m.as_str()),
        Some("spiffe://warden.local/agent/beta")
    );
    assert!(e.svc.validate_task_token(r.access_token.expose()).is_ok());
}

#[test]
fn exchange_requests_are_checked_per_rfc8693() {
    let e = env();
    let root = start(&e.svc, "alpha", "t-req", TaskScope::default());
    let actor = svid(&e.svc, "beta");
    let mut r = exchange_req(root.token.expose(), &actor, None);
    r.grant_type = Some("client_credentials".into());
    let err = e.svc.exchange(&r).expect_err("grant");
    assert_eq!(err.oauth().error, OAuthErrorCode::UnsupportedGrantType);
    let mut r = exchange_req(root.token.expose(), &actor, None);
    r.actor_token = None;
    assert_eq!(
        e.svc.exchange(&r).expect_err("actor").oauth().error,
        OAuthErrorCode::InvalidRequest
    );
    let mut r = exchange_req(root.token.expose(), &actor, None);
    r.subject_token_type = Some("urn:ietf:params:oauth:token-type:access_token".into());
    assert_eq!(
        e.svc.exchange(&r).expect_err("type").oauth().error,
        OAuthErrorCode::InvalidRequest
    );
    let mut r = exchange_req(root.token.expose(), &actor, None);
    r.audience = Some("https://elsewhere.example".into());
    assert_eq!(
        e.svc.exchange(&r).expect_err("aud").oauth().error,
        OAuthErrorCode::InvalidTarget
    );
    let mut r = exchange_req(root.token.expose(), &actor, None);
    r.requested_token_type = Some("urn:ietf:params:oauth:token-type:access_token".into());
    assert!(e.svc.exchange(&r).is_err());
    let r = exchange_req(root.token.expose(), &actor, Some("tool:Read"));
    assert_eq!(
        e.svc.exchange(&r).expect_err("scope").oauth().error,
        OAuthErrorCode::InvalidScope
    );
    // A bad subject token: invalid_request (RFC 8693 §2.2.2), alert from the token problem.
    let r = exchange_req("garbage", &actor, None);
    let err = e.svc.exchange(&r).expect_err("subject");
    assert_eq!(err.oauth().error, OAuthErrorCode::InvalidRequest);
    assert_eq!(err.alert(), Some(Alert::InvalidToken));
    // An SVID as the subject (an agent trying to mint a task from its identity alone).
    let r = exchange_req(&svid(&e.svc, "alpha"), &actor, None);
    assert!(matches!(
        e.svc.exchange(&r),
        Err(ExchangeError::SubjectToken(
            TokenError::WrongTokenType { .. }
        ))
    ));
    // The request's Debug shows digests, not tokens.
    let r = exchange_req(root.token.expose(), &actor, None);
    let dbg = format!("{r:?}");
    assert!(!dbg.contains(root.token.expose()) && !dbg.contains(&actor));
    // Prepared exchanges expose the hop before anything is issued.
    let prepared = e.svc.prepare_exchange(&r).expect("prepare");
    assert_eq!(prepared.hop().depth, 1);
    assert_eq!(prepared.parent().task_id().as_str(), "t-req");
    // Revoked while policy was deciding: refused at completion.
    e.svc
        .revoke(
            RevokeTarget::Task(TaskId::new("t-req").expect("id")),
            RevocationReason::Operator,
        )
        .expect("revoke");
    assert!(matches!(
        e.svc.complete_exchange(prepared),
        Err(ExchangeError::SubjectToken(TokenError::Revoked(
            RevokedBy::Task
        )))
    ));
}

// ---- 4. revocation ------------------------------------------------------------------------------

#[test]
fn revocation_cascades_and_takes_effect_on_next_validation() {
    let e = env();
    let root = start(&e.svc, "alpha", "t-rev", TaskScope::default());
    let (c1, _) = e
        .svc
        .exchange(&exchange_req(
            root.token.expose(),
            &svid(&e.svc, "beta"),
            None,
        ))
        .expect("hop 1");
    let (c2, _) = e
        .svc
        .exchange(&exchange_req(
            c1.access_token.expose(),
            &svid(&e.svc, "gamma"),
            None,
        ))
        .expect("hop 2");
    let c1_jti = e
        .svc
        .validate_task_token(c1.access_token.expose())
        .expect("c1")
        .jti()
        .to_owned();
    // Revoking the middle token kills it and what was exchanged from it, not its parent.
    e.svc
        .revoke(RevokeTarget::Token(c1_jti), RevocationReason::Operator)
        .expect("revoke");
    assert_eq!(
        e.svc.validate_task_token(c1.access_token.expose()),
        Err(TokenError::Revoked(RevokedBy::Token))
    );
    assert_eq!(
        e.svc.validate_task_token(c2.access_token.expose()),
        Err(TokenError::Revoked(RevokedBy::Token))
    );
    assert!(e.svc.validate_task_token(root.token.expose()).is_ok());
    // Revoking an agent kills every token it acts in, anywhere in the chain.
    let root2 = start(&e.svc, "alpha", "t-rev2", TaskScope::default());
    let (d1, _) = e
        .svc
        .exchange(&exchange_req(
            root2.token.expose(),
            &svid(&e.svc, "delta"),
            None,
        ))
        .expect("hop");
    let (d2, _) = e
        .svc
        .exchange(&exchange_req(
            d1.access_token.expose(),
            &svid(&e.svc, "beta"),
            None,
        ))
        .expect("hop");
    e.svc
        .revoke(
            RevokeTarget::Agent(SpiffeId::parse("spiffe://warden.local/agent/delta").expect("id")),
            RevocationReason::Detector("identity.delegation_violation".into()),
        )
        .expect("revoke agent");
    for t in [&d1, &d2] {
        let err = e
            .svc
            .validate_task_token(t.access_token.expose())
            .expect_err("delta in chain");
        assert_eq!(err, TokenError::Revoked(RevokedBy::Agent));
        assert_eq!(err.alert(), Some(Alert::RevokedCredentialUse));
    }
    assert!(e.svc.validate_task_token(root2.token.expose()).is_ok());
    // Revoking the task kills everything under it.
    e.svc
        .revoke(
            RevokeTarget::Task(TaskId::new("t-rev2").expect("id")),
            RevocationReason::Operator,
        )
        .expect("revoke task");
    assert_eq!(
        e.svc.validate_task_token(root2.token.expose()),
        Err(TokenError::Revoked(RevokedBy::Task))
    );
    // Unknown token ids for tokens we never issued are still recorded (foreign SVIDs).
    assert!(e
        .svc
        .revoke(RevokeTarget::Token("".into()), RevocationReason::Operator)
        .is_err());
}

#[test]
fn task_ids_with_slashes_do_not_collide() {
    // `task/a` must not be a prefix of task `a/b`'s leases.
    let e = env();
    let a = start(&e.svc, "alpha", "a", TaskScope::default());
    let ab = start(&e.svc, "alpha", "a/b", TaskScope::default());
    e.svc.end_task(&TaskId::new("a").expect("id")).expect("end");
    assert_eq!(
        e.svc.validate_task_token(a.token.expose()),
        Err(TokenError::TaskEnded)
    );
    assert!(e.svc.validate_task_token(ab.token.expose()).is_ok());
}

#[test]
fn revocation_survives_restart_and_is_seen_across_processes() {
    let e = env();
    let root = start(&e.svc, "alpha", "t-persist", TaskScope::default());
    let other_task = start(&e.svc, "alpha", "t-other-proc", TaskScope::default());
    let Env { dir, clock, svc } = e;
    // A second handle on the same data dir, as `warden revoke` would open while the gateway
    // runs: its revocation is visible to the gateway's next validation.
    let cli = open(dir.path(), &clock, IdentityConfig::default());
    cli.revoke(
        RevokeTarget::Task(TaskId::new("t-other-proc").expect("id")),
        RevocationReason::Operator,
    )
    .expect("cli revoke");
    drop(cli);
    assert_eq!(
        svc.validate_task_token(other_task.token.expose()),
        Err(TokenError::Revoked(RevokedBy::Task))
    );
    svc.end_task(&TaskId::new("t-persist").expect("id"))
        .expect("end");
    drop(svc);
    let svc = open(dir.path(), &clock, IdentityConfig::default());
    assert_eq!(
        svc.validate_task_token(root.token.expose()),
        Err(TokenError::TaskEnded)
    );
    assert_eq!(
        svc.validate_task_token(other_task.token.expose()),
        Err(TokenError::Revoked(RevokedBy::Task))
    );
}

// ---- 5. secret broker ---------------------------------------------------------------------------

const PLAINTEXT: &str = "sk-live-PLAINTEXT-MARKER-0123456789abcdef";

fn referencer(v: &[u8]) -> String {
    format!(
        "hmac-sha256:1:{}",
        &token_digest(&String::from_utf8_lossy(v))[..16]
    )
}

fn secret_setup(e: &Env) -> (ValidatedTaskToken, SecretLease) {
    let name = SecretName::new("openai-key").expect("name");
    e.svc
        .put_secret(
            &name,
            &SecretValue::from_string(PLAINTEXT.into()).expect("value"),
            &["api.openai.com".into()],
        )
        .expect("put");
    let task = start(&e.svc, "alpha", "t-secret", TaskScope::default());
    let holder = e
        .svc
        .validate_task_token(task.token.expose())
        .expect("holder");
    let lease = e
        .svc
        .lease_secret(&holder, &name, Some(600))
        .expect("lease");
    (holder, lease)
}

#[test]
fn leases_resolve_only_while_live() {
    let e = env();
    let (holder, lease) = secret_setup(&e);
    assert_eq!(lease.id.as_str(), "task/t-secret/secret/openai-key/1");
    assert_eq!(LeaseId::parse(lease.id.as_str()).expect("parses"), lease.id);
    let resolved = e
        .svc
        .resolve_for_egress(&lease.id, "api.openai.com", Some("llm"), &referencer)
        .expect("resolves");
    assert_eq!(resolved.value.expose_str(), Some(PLAINTEXT));
    let access = &resolved.access;
    assert_eq!(access.agent.as_str(), "spiffe://warden.local/agent/alpha");
    assert_eq!(access.task_id.as_str(), "t-secret");
    assert_eq!(access.lease, lease.id);
    assert_eq!(access.tool.as_deref(), Some("llm"));
    assert!(access.reference.starts_with("hmac-sha256:1:"));
    let record = serde_json::to_string(access).expect("json");
    assert!(!record.contains(PLAINTEXT));
    // Not to an upstream outside the secret's binding.
    assert!(matches!(
        e.svc
            .resolve_for_egress(&lease.id, "evil.example", None, &referencer),
        Err(SecretError::UpstreamNotAllowed { .. })
    ));
    // A second lease gets the next number; expiry stops it.
    let lease2 = e
        .svc
        .lease_secret(
            &holder,
            &SecretName::new("openai-key").expect("n"),
            Some(60),
        )
        .expect("lease 2");
    assert_eq!(lease2.id.as_str(), "task/t-secret/secret/openai-key/2");
    e.clock.advance(60);
    let err = e
        .svc
        .resolve_for_egress(&lease2.id, "api.openai.com", None, &referencer)
        .expect_err("expired");
    assert!(matches!(err, SecretError::LeaseExpired { ago_secs: 0 }));
    assert_eq!(err.alert(), Some(Alert::InvalidToken));
    // The first lease is still live; revoking it stops it.
    assert!(e
        .svc
        .resolve_for_egress(&lease.id, "api.openai.com", None, &referencer)
        .is_ok());
    e.svc
        .revoke(
            RevokeTarget::Lease(lease.id.clone()),
            RevocationReason::Operator,
        )
        .expect("revoke");
    let err = e
        .svc
        .resolve_for_egress(&lease.id, "api.openai.com", None, &referencer)
        .expect_err("revoked");
    assert!(matches!(err, SecretError::Revoked(RevokedBy::Lease)));
    assert_eq!(err.alert(), Some(Alert::RevokedCredentialUse));
    // Unknown leases.
    let ghost = LeaseId::parse("task/t-secret/secret/openai-key/99").expect("shape");
    assert!(matches!(
        e.svc
            .resolve_for_egress(&ghost, "api.openai.com", None, &referencer),
        Err(SecretError::UnknownLease)
    ));
    for bad in [
        "task/x/secret/a",
        "task//secret/a/1",
        "task/x/token/a/1",
        "task/x/secret/a/1x",
    ] {
        assert!(LeaseId::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn task_end_and_token_revocation_stop_leases() {
    let e = env();
    let (holder, lease) = secret_setup(&e);
    // Revoking the holder token stops its leases.
    e.svc
        .revoke(
            RevokeTarget::Token(holder.jti().to_owned()),
            RevocationReason::Detector("exfil.secret_egress".into()),
        )
        .expect("revoke");
    assert!(matches!(
        e.svc
            .resolve_for_egress(&lease.id, "api.openai.com", None, &referencer),
        Err(SecretError::Revoked(RevokedBy::Token))
    ));
    assert!(matches!(
        e.svc
            .lease_secret(&holder, &SecretName::new("openai-key").expect("n"), None),
        Err(SecretError::Token(TokenError::Revoked(RevokedBy::Token)))
    ));
    // A fresh task's lease dies with the task's end.
    let t2 = start(&e.svc, "alpha", "t-secret-2", TaskScope::default());
    let h2 = e.svc.validate_task_token(t2.token.expose()).expect("h2");
    let l2 = e
        .svc
        .lease_secret(&h2, &SecretName::new("openai-key").expect("n"), None)
        .expect("lease");
    assert!(l2.expires_at <= h2.expires_at());
    assert!(e
        .svc
        .resolve_for_egress(&l2.id, "api.openai.com", None, &referencer)
        .is_ok());
    e.svc
        .end_task(&TaskId::new("t-secret-2").expect("id"))
        .expect("end");
    assert!(matches!(
        e.svc
            .resolve_for_egress(&l2.id, "api.openai.com", None, &referencer),
        Err(SecretError::TaskEnded)
    ));
    // Removing the secret stops every lease on it.
    let t3 = start(&e.svc, "alpha", "t-secret-3", TaskScope::default());
    let h3 = e.svc.validate_task_token(t3.token.expose()).expect("h3");
    let name = SecretName::new("openai-key").expect("n");
    let l3 = e.svc.lease_secret(&h3, &name, None).expect("lease");
    assert!(e.svc.remove_secret(&name).expect("rm"));
    assert!(matches!(
        e.svc
            .resolve_for_egress(&l3.id, "api.openai.com", None, &referencer),
        Err(SecretError::UnknownSecret(_))
    ));
    assert!(matches!(
        e.svc.lease_secret(&h3, &name, None),
        Err(SecretError::UnknownSecret(_))
    ));
}

#[test]
fn secrets_never_print() {
    let e = env();
    let (_, lease) = secret_setup(&e);
    let value = SecretValue::from_string(PLAINTEXT.into()).expect("value");
    let resolved = e
        .svc
        .resolve_for_egress(&lease.id, "api.openai.com", None, &referencer)
        .expect("resolves");
    let mut texts = vec![
        format!("{value:?}"),
        format!("{resolved:?}"),
        format!("{:?}", resolved.access),
        format!("{:?}", e.svc),
        format!("{:?}", e.svc.list_secrets().expect("list")),
        serde_json::to_string(&e.svc.list_secrets().expect("list")).expect("json"),
    ];
    let errors: Vec<SecretError> = vec![
        e.svc
            .resolve_for_egress(&lease.id, "evil.example", None, &referencer)
            .expect_err("upstream"),
        SecretError::Crypto,
        SecretError::LeaseExpired { ago_secs: 1 },
    ];
    for err in &errors {
        texts.push(format!("{err} {err:?}"));
    }
    for t in &texts {
        assert!(!t.contains(PLAINTEXT), "secret leaked into {t}");
        assert!(!t.contains("PLAINTEXT-MARKER"), "secret leaked into {t}");
    }
    assert!(SecretValue::new(Vec::new()).is_err());
    assert!(matches!(
        e.svc
            .put_secret(&SecretName::new("x").expect("n"), &value, &[]),
        Err(SecretError::NoUpstreams)
    ));
}

#[test]
fn secrets_are_encrypted_at_rest() {
    let e = env();
    let (_, lease) = secret_setup(&e);
    e.svc
        .put_secret(
            &SecretName::new("db-password").expect("n"),
            &SecretValue::from_string("hunter2-DB-PASSWORD-MARKER".into()).expect("v"),
            &["postgres.internal:5432".into()],
        )
        .expect("put");
    let Env { dir, clock, svc } = e;
    drop(svc);
    // Every file of the data dir (the db, its WAL and shm, the keys) lacks the plaintexts.
    let mut seen = 0;
    for entry in walk(dir.path()) {
        let bytes = std::fs::read(&entry).expect("read");
        seen += 1;
        for needle in [
            PLAINTEXT.as_bytes(),
            b"hunter2-DB-PASSWORD-MARKER".as_slice(),
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "plaintext found in {}",
                entry.display()
            );
        }
    }
    assert!(seen >= 3, "db and key files were checked");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.path().join("keys/secrets.key"))
            .expect("key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // After a restart the values still decrypt.
    let svc = open(dir.path(), &clock, IdentityConfig::default());
    let r = svc
        .resolve_for_egress(&lease.id, "api.openai.com", None, &referencer)
        .expect("resolves after restart");
    assert_eq!(r.value.expose_str(), Some(PLAINTEXT));
    drop(svc);
    // A ciphertext moved onto another secret's row does not decrypt (name-bound AAD).
    let conn = rusqlite::Connection::open(dir.path().join("identity.db")).expect("db");
    conn.execute(
        "UPDATE secrets SET nonce = (SELECT nonce FROM secrets WHERE name = 'db-password'),
           ciphertext = (SELECT ciphertext FROM secrets WHERE name = 'db-password')
         WHERE name = 'openai-key'",
        [],
    )
    .expect("swap");
    drop(conn);
    let svc = open(dir.path(), &clock, IdentityConfig::default());
    assert!(matches!(
        svc.resolve_for_egress(&lease.id, "api.openai.com", None, &referencer),
        Err(SecretError::Crypto)
    ));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_service_can_be_shared_across_threads() {
    // The gateway holds one service behind an Arc in axum state.
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<IdentityService>();
    let e = env();
    let svc = Arc::new(e.svc);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let svc = Arc::clone(&svc);
            std::thread::spawn(move || {
                let t = svid(&svc, "alpha");
                svc.validate_svid(&t).is_ok()
            })
        })
        .collect();
    for h in handles {
        assert!(h.join().expect("thread"));
    }
}
