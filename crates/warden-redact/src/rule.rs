//! The rule type shared by built-in rules and rules loaded from files,
//! plus allowlists and the Shannon-entropy helper.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use regex_automata::meta;
use regex_automata::util::syntax;

use crate::error::{Error, Result};

/// Where, relative to a keyword hit, a rule's regex is run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Locality {
    /// The match starts exactly at a keyword hit (token prefixes such as
    /// `ghp_`); an anchored search of at most `max_len` bytes.
    Anchored { max_len: usize },
    /// The match contains a keyword hit somewhere; searched in the window
    /// `[hit - before, hit_end + after]` (merged per rule).
    Near { before: usize, after: usize },
    /// The whole text (rules loaded from files; rules without keywords).
    Anywhere,
}

/// How specific a rule is; used to pick one finding when matches overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Class {
    Pii = 1,
    Generic = 2,
    /// Provider rules that recognise the value by the key name next to it.
    Context = 3,
    /// Provider rules that recognise the token by its own format.
    Specific = 4,
    Known = 5,
}

/// How far a match extends past what the regex matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Extent {
    /// Exactly the regex match (or the secret group).
    Match,
    /// The regex matched a PEM/PGP `-----BEGIN ...-----` header: extend to
    /// the matching `-----END ...-----` line, or over the base64 body when
    /// the block is truncated.
    PemBlock,
}

/// What a validator sees: the whole text, the regex match and the secret.
pub(crate) struct MatchCtx<'a> {
    pub text: &'a [u8],
    pub whole: Range<usize>,
    pub secret: Range<usize>,
}

impl MatchCtx<'_> {
    pub fn secret(&self) -> &[u8] {
        &self.text[self.secret.clone()]
    }
    /// The bytes of the match before the secret (key name and operator).
    pub fn key_part(&self) -> &[u8] {
        &self.text[self.whole.start..self.secret.start.max(self.whole.start)]
    }
    /// Whether the secret is directly preceded by a quote character.
    pub fn quoted(&self) -> bool {
        self.secret.start > 0 && matches!(self.text[self.secret.start - 1], b'"' | b'\'' | b'`')
    }
}

pub(crate) type Validator = fn(&MatchCtx<'_>) -> bool;

/// A rule as written in configuration: id, description, regex (Rust `regex`
/// dialect; use [`crate::gitleaks`] for Go RE2 text) and options.
#[derive(Clone, Debug, Default)]
pub struct RuleSpec {
    /// Stable id (kebab-case by convention), used in references.
    pub id: String,
    /// Human description.
    pub description: String,
    /// The regex.
    pub regex: String,
    /// Capture group holding the secret; `None` = first non-empty group,
    /// or the whole match when the regex has no groups (gitleaks semantics).
    pub secret_group: Option<usize>,
    /// Minimum Shannon entropy (bits per byte) of the secret.
    pub entropy: Option<f64>,
    /// Keywords; the rule runs only if one occurs (case-insensitive).
    /// Empty = always runs.
    pub keywords: Vec<String>,
    /// Rule-specific allowlists.
    pub allowlists: Vec<AllowlistSpec>,
}

/// A compiled detection rule.
pub struct Rule {
    pub(crate) id: Arc<str>,
    pub(crate) description: String,
    pub(crate) pattern: String,
    pub(crate) regex: meta::Regex,
    pub(crate) groups: usize,
    pub(crate) secret_group: Option<usize>,
    pub(crate) entropy: Option<f64>,
    pub(crate) keywords: Vec<String>,
    pub(crate) allowlists: Vec<Allowlist>,
    pub(crate) locality: Locality,
    pub(crate) class: Class,
    pub(crate) validator: Option<Validator>,
    pub(crate) extent: Extent,
    /// The regex starts with `\b` before a word character: a keyword hit
    /// preceded by a word character cannot match (checked before searching).
    pub(crate) word_start: bool,
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("id", &&*self.id)
            .field("description", &self.description)
            .field("pattern", &self.pattern)
            .field("secret_group", &self.secret_group)
            .field("entropy", &self.entropy)
            .field("keywords", &self.keywords)
            .field("allowlists", &self.allowlists.len())
            .finish()
    }
}

impl Rule {
    /// Compile a rule written in the Rust `regex` dialect (Unicode-aware,
    /// like Go RE2). It runs on the whole text whenever one of its keywords
    /// occurs, or always when it has none.
    pub fn compile(spec: RuleSpec) -> Result<Rule> {
        validate_rule_id(&spec.id)?;
        let regex = compile_user_regex(&spec.id, &spec.regex)?;
        let groups = regex.captures_len().saturating_sub(1);
        if let Some(g) = spec.secret_group {
            if g > groups {
                return Err(Error::InvalidSecretGroup {
                    rule_id: spec.id,
                    group: g,
                    groups,
                });
            }
        }
        if let Some(e) = spec.entropy {
            if !(0.0..=8.0).contains(&e) {
                return Err(Error::InvalidEntropy {
                    rule_id: spec.id,
                    entropy: e,
                });
            }
        }
        let owner = format!("rule `{}`", spec.id);
        let allowlists = spec
            .allowlists
            .into_iter()
            .map(|a| Allowlist::compile(a, &owner))
            .collect::<Result<Vec<_>>>()?;
        Ok(Rule {
            id: Arc::from(spec.id),
            description: spec.description,
            pattern: spec.regex,
            regex,
            groups,
            secret_group: spec.secret_group.filter(|g| *g > 0),
            entropy: spec.entropy.filter(|e| *e > 0.0),
            keywords: normalize_keywords(spec.keywords),
            allowlists,
            locality: Locality::Anywhere,
            class: Class::Specific,
            validator: None,
            extent: Extent::Match,
            word_start: false,
        })
    }

    /// The rule id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The description.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// The regex text as given.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }
    /// Lower-cased keywords used by the prefilter.
    pub fn keywords(&self) -> &[String] {
        &self.keywords
    }
    /// Minimum Shannon entropy of the secret, if any.
    pub fn entropy(&self) -> Option<f64> {
        self.entropy
    }
    /// Whether this is one of the broad "assignment"-style rules that yield
    /// to a provider-specific rule when both match.
    pub fn is_generic(&self) -> bool {
        self.class == Class::Generic
    }
}

pub(crate) fn normalize_keywords(kws: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = kws
        .into_iter()
        .map(|k| k.to_ascii_lowercase())
        .filter(|k| !k.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

pub(crate) fn validate_rule_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidRuleId {
            rule_id: id.chars().take(80).collect(),
        })
    }
}

fn meta_config() -> meta::Config {
    meta::Config::new()
        .nfa_size_limit(Some(20 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
}

/// Compile a user regex: Unicode-aware, UTF-8 only (like Go RE2).
pub(crate) fn compile_user_regex(rule_id: &str, pattern: &str) -> Result<meta::Regex> {
    meta::Builder::new()
        .configure(meta_config())
        .build(pattern)
        .map_err(|e| Error::InvalidRegex {
            rule_id: rule_id.to_string(),
            message: e.to_string(),
        })
}

/// Compile a built-in regex: ASCII semantics for classes and `\b` (fast,
/// no Unicode word-boundary fallbacks), matching raw bytes. Matches are
/// snapped to UTF-8 boundaries by the scanner.
pub(crate) fn compile_builtin_regex(pattern: &str) -> std::result::Result<meta::Regex, String> {
    meta::Builder::new()
        .configure(meta_config().utf8_empty(false))
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .build(pattern)
        .map_err(|e| e.to_string())
}

/// How an allowlist combines its criteria.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Condition {
    /// Any criterion suppresses the finding (gitleaks default).
    #[default]
    Or,
    /// Every criterion given must hold.
    And,
}

/// What an allowlist regex is matched against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RegexTarget {
    /// The secret (gitleaks default).
    #[default]
    Secret,
    /// The whole regex match.
    Match,
    /// The line(s) containing the match.
    Line,
}

/// An allowlist as written in configuration.
#[derive(Clone, Debug, Default)]
pub struct AllowlistSpec {
    pub description: String,
    pub condition: Condition,
    pub regex_target: RegexTarget,
    /// Regexes (Rust dialect); a match suppresses the finding.
    pub regexes: Vec<String>,
    /// Case-insensitive substrings of the secret that suppress it.
    pub stopwords: Vec<String>,
    /// Criteria Warden cannot evaluate on text (gitleaks `paths`,
    /// `commits`): with `Or` they are ignored; with `And` their presence
    /// means the allowlist never applies.
    pub has_unevaluable_criteria: bool,
}

/// A compiled allowlist.
#[derive(Clone)]
pub struct Allowlist {
    condition: Condition,
    target: RegexTarget,
    regexes: Vec<regex::bytes::Regex>,
    stopwords: Vec<String>,
    unevaluable: bool,
}

impl fmt::Debug for Allowlist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Allowlist")
            .field("condition", &self.condition)
            .field("target", &self.target)
            .field("regexes", &self.regexes.len())
            .field("stopwords", &self.stopwords.len())
            .finish()
    }
}

impl Allowlist {
    /// Compile an allowlist; `owner` names it in errors ("rule `x`",
    /// "global allowlist").
    pub fn compile(spec: AllowlistSpec, owner: &str) -> Result<Allowlist> {
        let regexes = spec
            .regexes
            .iter()
            .map(|r| {
                regex::bytes::Regex::new(r).map_err(|e| Error::InvalidAllowlistRegex {
                    owner: owner.to_string(),
                    message: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Allowlist {
            condition: spec.condition,
            target: spec.regex_target,
            regexes,
            stopwords: spec
                .stopwords
                .into_iter()
                .map(|s| s.to_ascii_lowercase())
                .filter(|s| !s.is_empty())
                .collect(),
            unevaluable: spec.has_unevaluable_criteria,
        })
    }

    /// Whether this allowlist suppresses a finding.
    pub(crate) fn allows(&self, text: &[u8], whole: &Range<usize>, secret: &[u8]) -> bool {
        let target: &[u8] = match self.target {
            RegexTarget::Secret => secret,
            RegexTarget::Match => &text[whole.clone()],
            RegexTarget::Line => {
                let start = memchr::memrchr(b'\n', &text[..whole.start]).map_or(0, |i| i + 1);
                let end =
                    memchr::memchr(b'\n', &text[whole.end..]).map_or(text.len(), |i| whole.end + i);
                &text[start..end]
            }
        };
        let regex_hit = if self.regexes.is_empty() {
            None
        } else {
            Some(self.regexes.iter().any(|r| r.is_match(target)))
        };
        let stop_hit = if self.stopwords.is_empty() {
            None
        } else {
            let lower = secret.to_ascii_lowercase();
            Some(
                self.stopwords
                    .iter()
                    .any(|w| memchr::memmem::find(&lower, w.as_bytes()).is_some()),
            )
        };
        match self.condition {
            Condition::Or => regex_hit == Some(true) || stop_hit == Some(true),
            Condition::And => {
                if self.unevaluable || (regex_hit.is_none() && stop_hit.is_none()) {
                    return false;
                }
                regex_hit.unwrap_or(true) && stop_hit.unwrap_or(true)
            }
        }
    }
}

/// Shannon entropy of `data` in bits per byte (0 for empty input).
pub fn shannon_entropy(data: &[u8]) -> f64 {
    if data.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in data {
        counts[b as usize] += 1;
    }
    let n = data.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_bounds() {
        assert_eq!(shannon_entropy(b""), 0.0);
        assert_eq!(shannon_entropy(b"aaaa"), 0.0);
        assert!((shannon_entropy(b"abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn secret_group_checked() {
        let err = Rule::compile(RuleSpec {
            id: "x".into(),
            regex: "a(b)".into(),
            secret_group: Some(2),
            ..Default::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("secretGroup 2"));
    }

    #[test]
    fn bad_id_rejected() {
        assert!(validate_rule_id("a:b").is_err());
        assert!(validate_rule_id("").is_err());
        assert!(validate_rule_id("github-pat").is_ok());
    }
}
