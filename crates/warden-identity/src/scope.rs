//! The task scope model (tools, servers, resources, destinations) and the narrowing check a
//! delegation must pass.
//!
//! The JSON shape is the gateway's `Scope` (`POST /v1/tasks`): each list absent means "not
//! restricted", present means "only these", empty means "nothing". Entries are the globs of
//! `warden-analysis` (`*` any run of characters, `?` one character, `dir/**` also covers
//! `dir`), the same matcher the gateway uses for membership.
//!
//! Narrowing asks whether every name a child pattern matches is matched by some parent pattern.
//! The check here is sound but deliberately incomplete: it refuses a child pattern unless one
//! single parent pattern covers it (a union of parent patterns that together cover it is
//! refused too). A refusal costs the delegate a narrower request; an unsound "yes" would let a
//! child widen its parent's scope.

use serde::{Deserialize, Serialize};

/// Most entries in one scope list (the gateway's limit).
pub const MAX_SCOPE_ENTRIES: usize = 512;
/// Longest scope entry, in bytes.
pub const MAX_SCOPE_ENTRY_LEN: usize = 512;

/// One of the four scope lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeField {
    Tools,
    Servers,
    Resources,
    Destinations,
}

impl ScopeField {
    pub const ALL: [ScopeField; 4] = [
        ScopeField::Tools,
        ScopeField::Servers,
        ScopeField::Resources,
        ScopeField::Destinations,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            ScopeField::Tools => "tools",
            ScopeField::Servers => "servers",
            ScopeField::Resources => "resources",
            ScopeField::Destinations => "destinations",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// Why a scope is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("scope.{field} has more than {MAX_SCOPE_ENTRIES} entries")]
    TooMany { field: &'static str },
    #[error("scope.{field} has an entry that is empty, longer than {MAX_SCOPE_ENTRY_LEN} bytes, or contains control characters")]
    BadEntry { field: &'static str },
    #[error("scope parameter token {index} is not <field>:<pattern> with field tools, servers, resources or destinations")]
    BadToken { index: usize },
    #[error("a pattern that contains whitespace cannot be requested through the scope parameter")]
    Whitespace,
}

/// What a task (or a delegated hop of it) may touch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskScope {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destinations: Option<Vec<String>>,
}

/// A child scope entry no parent entry covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Widening {
    pub field: ScopeField,
    /// The child's entry (`None` when the child asks for an unrestricted list the parent
    /// restricts).
    pub entry: Option<String>,
}

impl std::fmt::Display for Widening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.entry {
            Some(e) => write!(
                f,
                "scope.{} entry {:?} is not within the parent's scope",
                self.field.as_str(),
                e.chars().take(80).collect::<String>()
            ),
            None => write!(
                f,
                "scope.{} is unrestricted but the parent restricts it",
                self.field.as_str()
            ),
        }
    }
}

impl TaskScope {
    /// Everything allowed.
    pub fn unrestricted() -> Self {
        Self::default()
    }

    pub fn field(&self, f: ScopeField) -> &Option<Vec<String>> {
        match f {
            ScopeField::Tools => &self.tools,
            ScopeField::Servers => &self.servers,
            ScopeField::Resources => &self.resources,
            ScopeField::Destinations => &self.destinations,
        }
    }

    fn field_mut(&mut self, f: ScopeField) -> &mut Option<Vec<String>> {
        match f {
            ScopeField::Tools => &mut self.tools,
            ScopeField::Servers => &mut self.servers,
            ScopeField::Resources => &mut self.resources,
            ScopeField::Destinations => &mut self.destinations,
        }
    }

    pub fn is_restricted(&self) -> bool {
        ScopeField::ALL.iter().any(|f| self.field(*f).is_some())
    }

    pub fn validate(&self) -> Result<(), ScopeError> {
        for f in ScopeField::ALL {
            if let Some(list) = self.field(f) {
                let field = f.as_str();
                if list.len() > MAX_SCOPE_ENTRIES {
                    return Err(ScopeError::TooMany { field });
                }
                if list.iter().any(|e| {
                    e.is_empty() || e.len() > MAX_SCOPE_ENTRY_LEN || e.chars().any(char::is_control)
                }) {
                    return Err(ScopeError::BadEntry { field });
                }
            }
        }
        Ok(())
    }

    /// Whether `name` is allowed in `field`: `None` when the field is unrestricted.
    pub fn allows(&self, field: ScopeField, name: &str) -> Option<bool> {
        self.field(field)
            .as_ref()
            .map(|l| l.iter().any(|p| warden_analysis::glob_match(p, name)))
    }

    /// `Ok` when `child` allows nothing `self` does not; else the first widening found.
    pub fn check_narrows(&self, child: &TaskScope) -> Result<(), Widening> {
        for field in ScopeField::ALL {
            let Some(parent) = self.field(field) else {
                continue;
            };
            let Some(child_list) = child.field(field) else {
                return Err(Widening { field, entry: None });
            };
            for entry in child_list {
                if !parent.iter().any(|p| pattern_covers(p, entry)) {
                    return Err(Widening {
                        field,
                        entry: Some(entry.clone()),
                    });
                }
            }
        }
        Ok(())
    }

    /// The scope a delegate asked for with the `scope` parameter, applied to `self`: fields
    /// the request names are replaced by its entries, fields it does not name are inherited.
    /// The result still has to pass `check_narrows` against `self`.
    pub fn with_requested(&self, requested: &RequestedScope) -> TaskScope {
        let mut out = self.clone();
        for (field, entries) in &requested.0 {
            *out.field_mut(*field) = Some(entries.clone());
        }
        out
    }

    /// The OAuth `scope` string of a token with this scope: one `<field>:<pattern>` token per
    /// entry, unrestricted fields omitted; `*` when nothing is restricted. Informational: the
    /// authoritative copy is the structured scope in `tctx`, which can also say "nothing".
    pub fn to_scope_string(&self) -> String {
        let mut tokens = Vec::new();
        for f in ScopeField::ALL {
            if let Some(list) = self.field(f) {
                for e in list {
                    // Whitespace would split the token; such entries live only in `tctx`.
                    if !e.chars().any(char::is_whitespace) {
                        tokens.push(format!("{}:{e}", f.as_str()));
                    }
                }
            }
        }
        if tokens.is_empty() && !self.is_restricted() {
            "*".to_owned()
        } else {
            tokens.join(" ")
        }
    }
}

/// The `scope` parameter of a token exchange: space-separated `<field>:<pattern>` tokens
/// (`tools:Read tools:mcp__github__get_* destinations:api.github.com`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestedScope(Vec<(ScopeField, Vec<String>)>);

impl RequestedScope {
    pub fn parse(s: &str) -> Result<Self, ScopeError> {
        let mut out: Vec<(ScopeField, Vec<String>)> = Vec::new();
        for (index, tok) in s.split_ascii_whitespace().enumerate() {
            let (f, pat) = tok.split_once(':').ok_or(ScopeError::BadToken { index })?;
            let field = ScopeField::parse(f).ok_or(ScopeError::BadToken { index })?;
            if pat.is_empty()
                || pat.len() > MAX_SCOPE_ENTRY_LEN
                || pat.chars().any(char::is_control)
            {
                return Err(ScopeError::BadEntry {
                    field: field.as_str(),
                });
            }
            match out.iter_mut().find(|(g, _)| *g == field) {
                Some((_, list)) => {
                    if list.len() >= MAX_SCOPE_ENTRIES {
                        return Err(ScopeError::TooMany {
                            field: field.as_str(),
                        });
                    }
                    list.push(pat.to_owned());
                }
                None => out.push((field, vec![pat.to_owned()])),
            }
        }
        Ok(Self(out))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether every name `child` matches is matched by `parent` (sound, not complete).
///
/// It matches `parent` against the text of `child` with wildcards treated as symbols: a parent
/// `*` may absorb anything of the child (literals and wildcards), a parent `?` only one child
/// literal or `?`, a parent literal only the same literal. Any such alignment maps every
/// expansion of the child onto an expansion of the parent, hence soundness.
pub fn pattern_covers(parent: &str, child: &str) -> bool {
    // `dir/**` and `dir/*` also match `dir` itself in warden-analysis; the child's extra name
    // must be covered as well.
    if let Some(dir) = child
        .strip_suffix("/**")
        .or_else(|| child.strip_suffix("/*"))
    {
        if !dir.is_empty() && !dir.contains(['*', '?']) && !warden_analysis::glob_match(parent, dir)
        {
            return false;
        }
    }
    // The same special case on the parent side: `dir/**` covers the literal `dir`.
    if !child.contains(['*', '?']) {
        return warden_analysis::glob_match(parent, child);
    }
    covers(parent.as_bytes(), child.as_bytes())
}

fn covers(p: &[u8], c: &[u8]) -> bool {
    // Iterative backtracking over the parent's stars, as in glob matching; the children's
    // wildcards are symbols with the restricted matching rules above.
    let (mut pi, mut ci) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ci < c.len() {
        let step = pi < p.len()
            && match p[pi] {
                b'*' => false,
                b'?' => c[ci] != b'*',
                lit => lit == c[ci] && c[ci] != b'*' && c[ci] != b'?',
            };
        if step {
            pi += 1;
            ci += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            while pi < p.len() && p[pi] == b'*' {
                pi += 1;
            }
            star = Some((pi, ci));
        } else if let Some((sp, sc)) = star {
            pi = sp;
            ci = sc + 1;
            star = Some((sp, sc + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &[&str]) -> Option<Vec<String>> {
        Some(v.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn pattern_coverage() {
        assert!(pattern_covers("mcp__github__*", "mcp__github__get_*"));
        assert!(pattern_covers(
            "mcp__github__get_*",
            "mcp__github__get_issue"
        ));
        assert!(pattern_covers("*", "anything*"));
        assert!(pattern_covers("a*", "a*b"));
        assert!(pattern_covers("a?", "a?"));
        assert!(pattern_covers("a?", "ab"));
        assert!(!pattern_covers("a?", "a*"), "? is one char, * is many");
        assert!(!pattern_covers("ab", "a?"));
        assert!(!pattern_covers("mcp__github__get_*", "mcp__github__*"));
        assert!(!pattern_covers("Read", "Re*"));
        assert!(pattern_covers("/srv/app/**", "/srv/app/docs/**"));
        assert!(pattern_covers("/srv/app/**", "/srv/app"));
        // The child `dir/**` also covers `dir`, which the parent does not.
        assert!(!pattern_covers("/srv/app/docs/x*", "/srv/app/docs/**"));
        assert!(pattern_covers("*.example.com", "api.example.com"));
        assert!(!pattern_covers("*.example.com", "*"));
    }

    #[test]
    fn narrowing_per_field() {
        let parent = TaskScope {
            tools: list(&["Read", "mcp__github__*"]),
            destinations: list(&["*.github.com"]),
            ..Default::default()
        };
        let narrower = TaskScope {
            tools: list(&["mcp__github__get_*"]),
            destinations: list(&["api.github.com"]),
            servers: list(&["github"]),
            ..Default::default()
        };
        assert_eq!(parent.check_narrows(&narrower), Ok(()));
        let wider = TaskScope {
            tools: list(&["Read", "Bash"]),
            destinations: list(&["api.github.com"]),
            ..Default::default()
        };
        let w = parent.check_narrows(&wider).expect_err("Bash is wider");
        assert_eq!(w.field, ScopeField::Tools);
        assert_eq!(w.entry.as_deref(), Some("Bash"));
        let unrestricted = TaskScope {
            tools: list(&["Read"]),
            ..Default::default()
        };
        let w = parent
            .check_narrows(&unrestricted)
            .expect_err("destinations dropped");
        assert_eq!((w.field, w.entry), (ScopeField::Destinations, None));
        // An unrestricted parent allows anything; an empty child list allows nothing.
        assert!(TaskScope::unrestricted().check_narrows(&wider).is_ok());
        let nothing = TaskScope {
            tools: list(&[]),
            destinations: list(&[]),
            ..Default::default()
        };
        assert!(parent.check_narrows(&nothing).is_ok());
    }

    #[test]
    fn requested_scope_replaces_named_fields_only() {
        let parent = TaskScope {
            tools: list(&["Read", "Grep"]),
            servers: list(&["github"]),
            ..Default::default()
        };
        let req = RequestedScope::parse("tools:Read  tools:Gr*").expect("parses");
        let child = parent.with_requested(&req);
        assert_eq!(child.tools, list(&["Read", "Gr*"]));
        assert_eq!(child.servers, list(&["github"]));
        assert!(
            parent.check_narrows(&child).is_err(),
            "Gr* is wider than Grep"
        );
        assert!(RequestedScope::parse("tool:Read").is_err());
        assert!(RequestedScope::parse("Read").is_err());
        assert!(RequestedScope::parse("tools:").is_err());
        assert!(RequestedScope::parse("").expect("empty").is_empty());
        assert_eq!(
            child.to_scope_string(),
            "tools:Read tools:Gr* servers:github"
        );
        assert_eq!(TaskScope::unrestricted().to_scope_string(), "*");
    }

    #[test]
    fn json_shape_matches_the_task_api() {
        let s: TaskScope =
            serde_json::from_str(r#"{"tools":["Read"],"destinations":[]}"#).expect("json");
        assert_eq!(s.tools, list(&["Read"]));
        assert_eq!(s.destinations, Some(vec![]));
        assert!(s.servers.is_none());
        assert!(serde_json::from_str::<TaskScope>(r#"{"tool":["Read"]}"#).is_err());
        assert!(TaskScope {
            tools: list(&[""]),
            ..Default::default()
        }
        .validate()
        .is_err());
    }
}
