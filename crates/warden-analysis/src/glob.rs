//! Simple globs: `*` matches any run of characters (including `/`), `?` one character.
//! Case-sensitive, no character classes: scope entries and overrides are tool names, hosts and
//! paths, and simple globs are what the task API promises.

/// Whether `pattern` matches all of `text`.
pub fn glob_match(pattern: &str, text: &str) -> bool {
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
    }
}
