//! A minimal built-in secret check behind a trait, so the real scanner (`warden-redact`, with
//! hundreds of rules) can be plugged in without touching the analysis or the detectors.

use std::sync::LazyLock;

use regex::Regex;

/// One secret found in a text. Carries offsets and a fingerprint, never the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretMatch {
    /// Rule name, e.g. `aws_access_key_id`.
    pub kind: &'static str,
    /// Byte range of the secret value in the scanned text.
    pub start: usize,
    pub end: usize,
    /// A 64-bit FNV-1a fingerprint of the value, for deduplication (not a secure hash).
    pub fingerprint: u64,
}

/// Finds secrets in text.
pub trait SecretCheck: Send + Sync {
    fn find(&self, text: &str) -> Vec<SecretMatch>;

    fn contains_secret(&self, text: &str) -> bool {
        !self.find(text).is_empty()
    }
}

/// The built-in patterns: AWS access key ids, GitHub tokens, OpenAI/Anthropic/Stripe keys, Slack
/// tokens, Google API keys, JWTs, private-key PEM headers, credentials in URLs, and generic
/// `password=`-style assignments of high-entropy values.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuiltinSecrets;

struct Rule {
    kind: &'static str,
    re: Regex,
    /// Capture group holding the value (0 = whole match).
    group: usize,
    /// Apply the entropy / placeholder filter.
    generic: bool,
}

fn rule(kind: &'static str, re: &str, group: usize, generic: bool) -> Option<Rule> {
    // ASCII word boundaries keep every rule on the lazy DFA, whatever the text
    let re = re.replace(r"\b", r"(?-u:\b)");
    Regex::new(&re).ok().map(|re| Rule {
        kind,
        re,
        group,
        generic,
    })
}

/// One pass over the text tells which rules can match at all (most texts hold no secret).
/// Built over bytes with ASCII word boundaries so it stays on the lazy DFA for any text.
static PREFILTER: LazyLock<Option<regex::bytes::RegexSet>> = LazyLock::new(|| {
    regex::bytes::RegexSetBuilder::new(RULES.iter().map(|r| r.re.as_str()))
        .unicode(false)
        .build()
        .ok()
});

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    [
        rule("aws_access_key_id", r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b", 0, false),
        rule(
            "github_token",
            r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})",
            0,
            false,
        ),
        rule("anthropic_key", r"\bsk-ant-[A-Za-z0-9_\-]{20,}", 0, false),
        rule(
            "openai_key",
            r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}",
            0,
            false,
        ),
        rule("stripe_key", r"\b[rs]k_live_[0-9A-Za-z]{16,}", 0, false),
        rule("slack_token", r"\bxox[abposr]-[0-9A-Za-z\-]{10,}", 0, false),
        rule(
            "slack_webhook",
            r"hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+",
            0,
            false,
        ),
        rule("google_api_key", r"\bAIza[0-9A-Za-z_\-]{35}", 0, false),
        rule(
            "jwt",
            r"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}",
            0,
            false,
        ),
        rule(
            "private_key",
            r"-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----",
            0,
            false,
        ),
        // Docker / container registry `auths`: base64 of `user:password` (checked on decode)
        rule(
            "registry_auth",
            r#"["']auth\\?["']\s*:\s*\\?["']([A-Za-z0-9+/]{16,}={0,2})\\?["']"#,
            1,
            false,
        ),
        rule(
            "url_credentials",
            r"\b[a-zA-Z][a-zA-Z0-9+.\-]{1,15}://[^/\s:@'\x22]{1,64}:([^/\s:@'\x22]{6,128})@",
            1,
            true,
        ),
        // PostgreSQL password file lines: `host:port:database:user:password`
        rule(
            "pgpass_password",
            r"(?m)^[A-Za-z0-9_.\-*]+:(?:[0-9]{2,5}|\*):[^:\s]+:[^:\s]+:([^:\s]{8,128})$",
            1,
            true,
        ),
        // `.netrc` entries: `machine HOST login USER password SECRET`
        rule(
            "netrc_password",
            r"\bmachine\s+\S+\s+login\s+\S+\s+password\s+(\S{6,128})",
            1,
            true,
        ),
        // an HTTP `Authorization: Bearer …` credential as logs and dumps carry it
        rule(
            "bearer_token",
            r"\bBearer\s+([A-Za-z0-9_\-.~+/]{24,}=*)",
            1,
            true,
        ),
        rule(
            "generic_secret",
            r#"(?i)(?:password|passwd|pwd|secret|token|api[_\-]?key|apikey|access[_\-]?key|private[_\-]?key|client[_\-]?secret|credential)[a-z0-9_\-]{0,24}["']?\s*[:=]\s*["']?([^\s"',;`\\]{10,200})"#,
            1,
            true,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
});

/// FNV-1a, 64-bit.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut n = 0u32;
    for b in s.bytes() {
        counts[b as usize] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = f64::from(*c) / n;
            -p * p.log2()
        })
        .sum()
}

fn looks_like_placeholder(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    if v.starts_with('$')
        || v.starts_with('<')
        || v.starts_with('{')
        || v.starts_with('%')
        || v.contains("${")
        || v.contains("{{")
        || v.contains("***")
        || v.contains("xxxx")
        || v.contains("...")
    {
        return true;
    }
    const WORDS: &[&str] = &[
        "example",
        "changeme",
        "change_me",
        "placeholder",
        "your_",
        "your-",
        "yourpassword",
        "redacted",
        "dummy",
        "sample",
        "password",
        "secret",
        "process.env",
        "os.environ",
        "getenv",
        "hmac-sha256:",
        "env(",
        "none",
        "null",
        "undefined",
        "true",
        "false",
        "replace",
        "fake",
        "todo",
        "fill_in",
        "fill-in",
        "insert",
        "_test_",
        "test_key",
        "mock",
    ];
    WORDS.iter().any(|w| l.contains(w))
}

/// A base64 value that decodes to `user:password` with a non-trivial password.
fn basic_auth_pair(v: &str) -> bool {
    let Some(text) = crate::shell::decode_base64_text(v) else {
        return false;
    };
    let Some((user, pass)) = text.split_once(':') else {
        return false;
    };
    !user.is_empty()
        && pass.len() >= 6
        && !text.chars().any(|c| c.is_control() || c.is_whitespace())
        && !looks_like_placeholder(pass)
}

/// Whether a matched secret value is a documentation example or a placeholder rather than a
/// credential: a JWT with a readable signature, a vendor `EXAMPLE` key, or a token-shaped value
/// with next to no entropy (`ghp_XXXX…`). Applied to every scanner's matches.
pub fn example_value(v: &str) -> bool {
    (v.starts_with("eyJ") && v.matches('.').count() == 2 && readable_jwt_signature(v))
        || v.contains("EXAMPLE")
        || (v.len() >= 16 && entropy(v) < 2.5)
}

/// A JWT whose signature segment decodes to readable text (`example-signature`) was written
/// for documentation or tests: a real signature is random bytes.
fn readable_jwt_signature(jwt: &str) -> bool {
    use base64::Engine as _;
    let Some(sig) = jwt.rsplit('.').next() else {
        return false;
    };
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let body = &sig[..sig.len() / 4 * 4];
    engine.decode(body).is_ok_and(|b| {
        b.len() >= 6
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || b" -_.:".contains(c))
    })
}

fn plausible_generic(v: &str) -> bool {
    if v.len() < 10 || looks_like_placeholder(v) {
        return false;
    }
    // Code, not a value: calls, member access chains, paths.
    if v.contains('(') || v.contains("::") || v.starts_with('/') || v.starts_with("./") {
        return false;
    }
    let classes = [
        v.bytes().any(|b| b.is_ascii_lowercase()),
        v.bytes().any(|b| b.is_ascii_uppercase()),
        v.bytes().any(|b| b.is_ascii_digit()),
        v.bytes().any(|b| !b.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    classes >= 2 && entropy(v) >= 3.0
}

/// Credential-shaped values in a text already known to hold credentials (the output of a
/// keychain, a secrets manager, a credential file): tokens of 12 to 200 characters that mix
/// upper case, lower case and digits with high entropy, or long hex strings. Words, paths,
/// hostnames, UUIDs and identifiers of one case fail those tests, so a listing of names or
/// a config of regions yields nothing. Bounded: the first 64 KiB, at most 16 values.
pub fn credential_values(text: &str) -> Vec<SecretMatch> {
    let text = &text[..crate::analyze::floor_boundary(text, 64 * 1024)];
    let token_char = |c: char| c.is_ascii_alphanumeric() || "+/=_-.~".contains(c);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (token_char(c) && i < text.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                let v = text[s..i].trim_matches(|c| "=.-_".contains(c));
                let offset = s + text[s..i].find(v).unwrap_or(0);
                if credential_shaped(v) {
                    out.push(SecretMatch {
                        kind: "credential_value",
                        start: offset,
                        end: offset + v.len(),
                        fingerprint: fingerprint(v.as_bytes()),
                    });
                    if out.len() >= 16 {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn credential_shaped(v: &str) -> bool {
    if v.len() < 12
        || v.len() > 200
        || v.starts_with('/')
        || looks_like_placeholder(v)
        || example_value(v)
    {
        return false;
    }
    let lower = v.bytes().any(|b| b.is_ascii_lowercase());
    let upper = v.bytes().any(|b| b.is_ascii_uppercase());
    let digit = v.bytes().any(|b| b.is_ascii_digit());
    let long_hex = v.len() >= 32
        && v.bytes().all(|b| b.is_ascii_hexdigit())
        && digit
        && v.bytes().any(|b| b.is_ascii_alphabetic());
    ((lower && upper && digit) || long_hex) && entropy(v) >= 3.3
}

impl SecretCheck for BuiltinSecrets {
    fn find(&self, text: &str) -> Vec<SecretMatch> {
        let mut out: Vec<SecretMatch> = Vec::new();
        let candidates = PREFILTER.as_ref().map(|p| p.matches(text.as_bytes()));
        if candidates.as_ref().is_some_and(|c| !c.matched_any()) {
            return out;
        }
        for (i, r) in RULES.iter().enumerate() {
            if candidates.as_ref().is_some_and(|c| !c.matched(i)) {
                continue;
            }
            for caps in r.re.captures_iter(text) {
                let Some(m) = caps.get(r.group) else { continue };
                let v = m.as_str();
                if r.generic && !plausible_generic(v) {
                    continue;
                }
                if r.kind == "registry_auth" && !basic_auth_pair(v) {
                    continue;
                }
                if r.kind == "jwt" && readable_jwt_signature(v) {
                    continue;
                }
                // a vendor prefix followed by words (`xoxb-your-token`) is a template's slot
                if !matches!(
                    r.kind,
                    "private_key" | "jwt" | "registry_auth" | "aws_access_key_id"
                ) && looks_like_placeholder(v)
                {
                    continue;
                }
                // `ghp_XXXXXXXX…`: a token-shaped placeholder has next to no entropy
                if !matches!(r.kind, "private_key" | "registry_auth" | "url_credentials")
                    && entropy(v) < 2.5
                {
                    continue;
                }
                // vendors' documented example keys (AKIAIOSFODNN7EXAMPLE, …)
                if v.contains("EXAMPLE") || v.to_ascii_lowercase().contains("example") {
                    continue;
                }
                if out.iter().any(|o| o.start < m.end() && m.start() < o.end) {
                    continue; // already covered by a more specific rule
                }
                out.push(SecretMatch {
                    kind: r.kind,
                    start: m.start(),
                    end: m.end(),
                    fingerprint: fingerprint(v.as_bytes()),
                });
                if out.len() >= 64 {
                    return out;
                }
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &str) -> Vec<&'static str> {
        BuiltinSecrets.find(t).into_iter().map(|m| m.kind).collect()
    }

    #[test]
    fn finds_real_shaped_secrets() {
        assert_eq!(
            kinds("key AKIAQX7TZ4MBN2VH5RLP here"),
            ["aws_access_key_id"]
        );
        assert_eq!(
            kinds("token ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"),
            ["github_token"]
        );
        assert_eq!(
            kinds("OPENAI_API_KEY=sk-proj-Tq8vN3xLm2Pz7Rw5Ks9Yb4Hc6Jd1Fg0Ae3Uo8Ii2"),
            ["openai_key"]
        );
        assert_eq!(
            kinds("sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345"),
            ["anthropic_key"]
        );
        assert_eq!(kinds("xoxb-1234567890-abcdefghij"), ["slack_token"]);
        assert_eq!(
            kinds("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl"),
            ["private_key"]
        );
        assert_eq!(
            kinds("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCY4x9QzT2LmN"),
            ["generic_secret"]
        );
        assert_eq!(
            kinds("postgres://app:Zx8#kq2LmP9w@db:5432/app"),
            ["url_credentials"]
        );
        assert_eq!(
            kinds("STRIPE_KEY=sk_live_51Mz8QdLpR2vX9tN4cB7yK3wH6jF0aE5gU"),
            ["stripe_key"]
        );
    }

    #[test]
    fn registry_auth_pairs() {
        let t =
            r#"{"auths": {"ghcr.example.net": {"auth": "YnVpbGQtcm9ib3Q6VnE3clQybVc5eEtwNEx6"}}}"#;
        assert_eq!(kinds(t), ["registry_auth"]);
        // the same inside JSON-escaped text (a tool result serialized as a string)
        let t = r#"{\"auths\": {\"r.example.org\": {\"auth\": \"ZGVwbG95OlpyOGtMbTJRdzdYcA==\"}}}"#;
        assert_eq!(kinds(t), ["registry_auth"]);
        // base64 that is not a user:password pair, or an empty auth
        for t in [
            r#"{"auth": "iVBORw0KGgoAAAANSUhEUg=="}"#,
            r#"{"auth": "anVzdC1hLXBsYWluLWlkZW50aWZpZXItaGVyZQ=="}"#,
            r#"{"auth": ""}"#,
        ] {
            assert!(kinds(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn credential_values_in_a_store_output() {
        let vals = |t: &str| -> Vec<String> {
            credential_values(t)
                .into_iter()
                .map(|m| t[m.start..m.end].to_owned())
                .collect()
        };
        // keychain item data, a decrypted parameter, a decoded registry auth, a hex password
        assert_eq!(vals("data:\n\"8KkcqNENTNspGnKZ\"\n"), ["8KkcqNENTNspGnKZ"]);
        assert_eq!(
            vals("SG.8W2sOPS2HV1nBEuMCQEBlK.4c1aac926ddcfd38e11ffa151da808d09321b9d2"),
            ["SG.8W2sOPS2HV1nBEuMCQEBlK.4c1aac926ddcfd38e11ffa151da808d09321b9d2"]
        );
        assert_eq!(vals("ci-bot:czm5el6tZRSCSxrT\n"), ["czm5el6tZRSCSxrT"]);
        assert_eq!(
            vals("tomas    4008b4e3bb40108174a8db33b6618115da8d3acfe3ca192db94f"),
            ["4008b4e3bb40108174a8db33b6618115da8d3acfe3ca192db94f"]
        );
        // names, regions, ids, paths, hosts, UUIDs: nothing
        for t in [
            "[default]\nregion = eu-west-1\noutput = json\n",
            "Target: LegacyGeneric:target=git:https://dev.azure.com\nType: Generic\nUser: tomas@contoso.example",
            "ID                          TITLE\nxmw3e5hu2gnd7ehqnmmyruyzue  Stripe prod\n",
            "/Users/mika/Library/Keychains/login.keychain-db",
            "id 123e4567-e89b-12d3-a456-426614174000 name DatabasePassword",
            "api_key = <YOUR_API_KEY_HERE>",
        ] {
            assert!(vals(t).is_empty(), "{t}: {:?}", vals(t));
        }
    }

    #[test]
    fn prefilter_compiles() {
        assert!(PREFILTER.is_some());
    }

    #[test]
    fn netrc_entries_and_bearer_headers() {
        assert_eq!(
            kinds("machine git.corp.test login ana password Qw9!rT4zLp2x"),
            vec!["netrc_password"]
        );
        assert_eq!(
            kinds("\"POST /a\" 500 \"Bearer eyJhbGciOiJIUzI1NiJ9.Zk3pQ9sLx2Vb7Nq1Wc8Rt5Yh\""),
            vec!["bearer_token"]
        );
        assert!(kinds("machine example.test login you password <password>").is_empty());
        assert!(kinds("curl -H 'Authorization: Bearer $TOKEN' https://api.test").is_empty());
        assert!(kinds("SLACK_BOT_TOKEN=xoxb-your-token").is_empty());
    }

    #[test]
    fn ignores_placeholders_and_public_material() {
        assert!(kinds("password = \"changeme\"").is_empty());
        assert!(kinds("api_key: ${API_KEY}").is_empty());
        assert!(kinds("token: <your-token-here>").is_empty());
        assert!(kinds("-----BEGIN PUBLIC KEY-----").is_empty());
        assert!(kinds("-----BEGIN CERTIFICATE-----").is_empty());
        assert!(kinds("postgres://user:password@localhost/db").is_empty());
        assert!(kinds("let token = get_token(&config);").is_empty());
        assert!(kinds("max_tokens = 4096").is_empty());
        assert!(kinds("the risk-based key rotation").is_empty());
        assert!(kinds("AKIAIOSFODNN7EXAMPL").is_empty()); // too short
    }

    #[test]
    fn placeholders_and_documentation_tokens_are_not_secrets() {
        assert!(kinds("GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX").is_empty());
        assert!(kinds(
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIiwiZXhwIjoxMDAwfQ.ZXhhbXBsZS1zaWduYXR1cmU"
        )
        .is_empty());
        assert_eq!(
            kinds("db.internal:5432:orders:svc:Kx9!mPq2Lr7v"),
            ["pgpass_password"]
        );
    }
}
