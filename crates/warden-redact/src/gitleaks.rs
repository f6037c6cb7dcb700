//! Loader for rule files in the gitleaks TOML format.
//!
//! Supported: `[[rules]]` with `id`, `description`, `regex`, `secretGroup`,
//! `entropy`, `keywords`, rule allowlists (`[[rules.allowlists]]` and the
//! older `[rules.allowlist]`) with `regexes`, `stopwords`, `condition`,
//! `regexTarget`; global `[allowlist]` / `[[allowlists]]`;
//! `[extend] useDefault/disabledRules`. A `[[rules]]` entry with an id but
//! no regex adds its allowlists to the rule of that id (built-in or loaded).
//!
//! Go RE2 regexes are translated where the dialects differ in meaning
//! (`\w`, `\d`, `\s`, `\b` are ASCII in RE2 and Unicode in Rust); syntax the
//! Rust `regex` crate does not accept is reported with the rule id.
//! Path- and commit-scoped criteria do not apply to text and are noted in
//! [`GitleaksConfig::skipped`].

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::rule::{Allowlist, AllowlistSpec, Condition, RegexTarget, Rule, RuleSpec};

/// A parsed gitleaks configuration, ready for [`crate::ScannerBuilder::gitleaks`].
#[derive(Debug, Default)]
pub struct GitleaksConfig {
    /// `title`, if any.
    pub title: Option<String>,
    /// `[extend] useDefault`.
    pub use_default: bool,
    /// `[extend] disabledRules`.
    pub disabled_rules: Vec<String>,
    /// Compiled rules.
    pub rules: Vec<Rule>,
    /// Global allowlists.
    pub allowlists: Vec<Allowlist>,
    /// Allowlists to add to an existing rule, by rule id.
    pub rule_allowlists: Vec<(String, Allowlist)>,
    /// Rules not loaded, with the reason (e.g. path-only rules).
    pub skipped: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfig {
    title: Option<String>,
    extend: Option<RawExtend>,
    #[serde(default)]
    rules: Vec<RawRule>,
    allowlist: Option<RawAllowlist>,
    #[serde(default)]
    allowlists: Vec<RawAllowlist>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawExtend {
    use_default: Option<bool>,
    #[serde(default)]
    disabled_rules: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRule {
    id: String,
    description: Option<String>,
    regex: Option<String>,
    secret_group: Option<i64>,
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    path: Option<String>,
    allowlist: Option<RawAllowlist>,
    #[serde(default)]
    allowlists: Vec<RawAllowlist>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAllowlist {
    condition: Option<String>,
    regex_target: Option<String>,
    description: Option<String>,
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    commits: Vec<String>,
}

/// Parse gitleaks TOML text.
pub fn parse_gitleaks_toml(src: &str) -> Result<GitleaksConfig> {
    parse_inner(src, None)
}

/// Read and parse a gitleaks TOML file.
pub fn load_gitleaks_file(path: impl AsRef<Path>) -> Result<GitleaksConfig> {
    let path = path.as_ref();
    let src = std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    parse_inner(&src, Some(path))
}

fn parse_inner(src: &str, path: Option<&Path>) -> Result<GitleaksConfig> {
    let raw: RawConfig = toml::from_str(src).map_err(|e| Error::RuleFile {
        path: path.map(Path::to_path_buf),
        message: e.to_string(),
    })?;
    let mut cfg = GitleaksConfig {
        title: raw.title,
        ..Default::default()
    };
    if let Some(ext) = raw.extend {
        cfg.use_default = ext.use_default.unwrap_or(false);
        cfg.disabled_rules = ext.disabled_rules;
    }
    for a in raw.allowlist.into_iter().chain(raw.allowlists) {
        cfg.allowlists.push(allowlist(a, "the global allowlist")?);
    }
    for r in raw.rules {
        let owner = format!("rule `{}`", r.id);
        let lists = r
            .allowlist
            .into_iter()
            .chain(r.allowlists)
            .map(|a| allowlist_spec(a, &owner))
            .collect::<Result<Vec<_>>>()?;
        let Some(regex) = r.regex else {
            if r.path.is_some() {
                cfg.skipped
                    .push((r.id, "path-only rule: Warden scans text, not files".into()));
            } else if lists.is_empty() {
                cfg.skipped.push((r.id, "no regex".into()));
            } else {
                for l in lists {
                    cfg.rule_allowlists
                        .push((r.id.clone(), Allowlist::compile(l, &owner)?));
                }
            }
            continue;
        };
        if r.path.is_some() {
            cfg.skipped.push((
                r.id,
                "path-scoped rule: Warden scans text without file paths".into(),
            ));
            continue;
        }
        let secret_group = match r.secret_group {
            None | Some(0) => None,
            Some(g) if g > 0 => Some(g as usize),
            Some(g) => {
                return Err(Error::InvalidSecretGroup {
                    rule_id: r.id,
                    group: g.unsigned_abs() as usize,
                    groups: 0,
                })
            }
        };
        let rule = Rule::compile(RuleSpec {
            description: r.description.unwrap_or_default(),
            regex: translate_go_regex(&regex),
            secret_group,
            entropy: r.entropy,
            keywords: r.keywords,
            allowlists: lists,
            id: r.id,
        })?;
        cfg.rules.push(rule);
    }
    Ok(cfg)
}

fn allowlist_spec(a: RawAllowlist, owner: &str) -> Result<AllowlistSpec> {
    let condition = match a
        .condition
        .as_deref()
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("") | Some("OR") => Condition::Or,
        Some("AND") => Condition::And,
        Some(other) => {
            return Err(Error::AllowlistField {
                owner: owner.to_string(),
                field: "condition",
                value: other.to_string(),
                expected: "OR, AND",
            })
        }
    };
    let regex_target = match a.regex_target.as_deref() {
        None | Some("") | Some("secret") => RegexTarget::Secret,
        Some("match") => RegexTarget::Match,
        Some("line") => RegexTarget::Line,
        Some(other) => {
            return Err(Error::AllowlistField {
                owner: owner.to_string(),
                field: "regexTarget",
                value: other.to_string(),
                expected: "secret, match, line",
            })
        }
    };
    Ok(AllowlistSpec {
        description: a.description.unwrap_or_default(),
        condition,
        regex_target,
        regexes: a.regexes.iter().map(|r| translate_go_regex(r)).collect(),
        stopwords: a.stopwords,
        has_unevaluable_criteria: !a.paths.is_empty() || !a.commits.is_empty(),
    })
}

fn allowlist(a: RawAllowlist, owner: &str) -> Result<Allowlist> {
    Allowlist::compile(allowlist_spec(a, owner)?, owner)
}

/// Rewrite Go RE2 perl classes and word boundaries to their ASCII meaning
/// in the Rust dialect. Everything else passes through unchanged.
pub fn translate_go_regex(re: &str) -> String {
    let chars: Vec<char> = re.chars().collect();
    let mut out = String::with_capacity(re.len() + 16);
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let n = chars[i + 1];
            if n == 'Q' {
                // \Q...\E: literal text.
                i += 2;
                while i < chars.len() && !(chars[i] == '\\' && chars.get(i + 1) == Some(&'E')) {
                    let ch = chars[i];
                    if ch.is_ascii_punctuation() || ch == ' ' {
                        out.push('\\');
                    }
                    out.push(ch);
                    i += 1;
                }
                i += 2;
                continue;
            }
            let rep: Option<&str> = if in_class {
                match n {
                    'w' => Some("0-9A-Za-z_"),
                    'd' => Some("0-9"),
                    's' => Some(r"\t\n\f\r "),
                    _ => None,
                }
            } else {
                match n {
                    'w' => Some("[0-9A-Za-z_]"),
                    'W' => Some("[^0-9A-Za-z_]"),
                    'd' => Some("[0-9]"),
                    'D' => Some("[^0-9]"),
                    's' => Some(r"[\t\n\f\r ]"),
                    'S' => Some(r"[^\t\n\f\r ]"),
                    'b' => Some(r"(?-u:\b)"),
                    'B' => Some(r"(?-u:\B)"),
                    _ => None,
                }
            };
            match rep {
                Some(r) => out.push_str(r),
                None => {
                    out.push(c);
                    out.push(n);
                }
            }
            i += 2;
            continue;
        }
        if !in_class && c == '[' {
            in_class = true;
            out.push(c);
            i += 1;
            if chars.get(i) == Some(&'^') {
                out.push('^');
                i += 1;
            }
            if chars.get(i) == Some(&']') {
                out.push_str(r"\]");
                i += 1;
            }
            continue;
        }
        if in_class && c == '[' && chars.get(i + 1) == Some(&':') {
            // POSIX class [:alpha:] inside a bracket expression.
            if let Some(len) = chars[i..].iter().collect::<String>().find(":]") {
                let end = i + chars[i..i + len].len() + 2;
                out.extend(&chars[i..end]);
                i = end;
                continue;
            }
        }
        if in_class && c == ']' {
            in_class = false;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation() {
        assert_eq!(translate_go_regex(r"\w+\b"), r"[0-9A-Za-z_]+(?-u:\b)");
        assert_eq!(translate_go_regex(r"[\w.-]{3}"), r"[0-9A-Za-z_.-]{3}");
        assert_eq!(translate_go_regex(r"[[:alpha:]\d]"), r"[[:alpha:]0-9]");
        assert_eq!(translate_go_regex(r"\Qa.b\E"), r"a\.b");
        assert_eq!(translate_go_regex(r"[]a]"), r"[\]a]");
    }

    #[test]
    fn bad_regex_names_rule() {
        let err = parse_gitleaks_toml(
            r#"
[[rules]]
id = "lookbehind"
regex = '''(?<=x)abc'''
"#,
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("lookbehind"), "{msg}");
    }
}
