//! Simple globs: `*` matches any run of characters (including `/`), `?` one character.
//! Case-sensitive, no character classes: scope entries and overrides are tool names, hosts and
//! paths, and simple globs are what the task API promises.

/// Whether `pattern` matches all of `text`. A pattern for everything under a directory
/// (`/home/dev/app/docs/*`, `…/docs/**`) also matches the directory itself (searching or
/// listing `docs` is within a scope of `docs/**`).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    if let Some(dir) = pattern
        .strip_suffix("/**")
        .or_else(|| pattern.strip_suffix("/*"))
    {
        if !dir.is_empty() && !dir.contains(['*', '?']) && text.trim_end_matches('/') == dir {
            return true;
        }
    }
    glob_bytes(pattern, text)
}

fn glob_bytes(pattern: &str, text: &str) -> bool {
    let p = pattern.as_bytes();
    let t = text.as_bytes();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            while pi < p.len() && p[pi] == b'*' {
                pi += 1;
            }
            star = Some((pi, ti));
        } else if let Some((sp, st)) = star {
            pi = sp;
            ti = st + 1;
            star = Some((sp, st + 1));
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
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("mcp__github__get_*", "mcp__github__get_issue"));
        assert!(!glob_match(
            "mcp__github__get_*",
            "mcp__github__merge_pull_request"
        ));
        assert!(glob_match("*", "anything"));
        assert!(glob_match("*.example.com", "api.example.com"));
        assert!(!glob_match("*.example.com", "example.org"));
        assert!(glob_match("Read", "Read"));
        assert!(!glob_match("Read", "ReadX"));
        assert!(glob_match("/home/*/app/**", "/home/dev/app/src/x.rs"));
        assert!(glob_match("a?c", "abc"));
        // a directory scope covers the directory itself, not its siblings
        assert!(glob_match("/srv/site/content/**", "/srv/site/content"));
        assert!(glob_match("/srv/site/content/*", "/srv/site/content/"));
        assert!(!glob_match("/srv/site/content/**", "/srv/site/contentious"));
        assert!(!glob_match("/srv/site/content/**", "/srv/site"));
    }
}
