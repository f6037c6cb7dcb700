//! Linking an MCP call to the hook event that announced it.
//!
//! Claude Code (and other agents with hooks) report MCP tool calls through their hooks too, as
//! `mcp__<server>__<tool>` with the same arguments, just before the client sends `tools/call`
//! on the MCP connection. When both are captured, the two records describe one action: the
//! MCP call joins the hook's session and names the hook's event as its parent, and detection
//! counts the action once.
//!
//! The server part of the name is the agent's configuration key, which need not equal the name
//! the MCP connection was given, so calls are matched on tool name and argument digest within
//! a short window. Memory is bounded.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use warden_core::{EventId, SessionId};

/// How long a hook-announced call waits for its MCP twin.
const WINDOW: Duration = Duration::from_secs(60);
const CAPACITY: usize = 4096;

/// The hook side of a linked call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HookCall {
    pub session: SessionId,
    pub event: EventId,
}

#[derive(Default)]
pub struct Links {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    by_key: HashMap<(String, String), VecDeque<(Instant, HookCall)>>,
    len: usize,
}

/// `mcp__<server>__<tool>` → `<tool>`.
pub fn tool_of(hook_tool: &str) -> Option<&str> {
    let rest = hook_tool.strip_prefix("mcp__")?;
    let (_, tool) = rest.split_once("__")?;
    (!tool.is_empty()).then_some(tool)
}

impl Links {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// Remembers a hook-gated MCP call (`args_digest` over its canonical arguments).
    pub fn announce(&self, tool: &str, args_digest: &str, call: HookCall) {
        let mut g = self.lock();
        if g.len >= CAPACITY {
            let now = Instant::now();
            g.by_key.retain(|_, q| {
                q.retain(|(t, _)| now.duration_since(*t) < WINDOW);
                !q.is_empty()
            });
            g.len = g.by_key.values().map(VecDeque::len).sum();
            if g.len >= CAPACITY {
                g.by_key.clear();
                g.len = 0;
            }
        }
        g.by_key
            .entry((tool.to_owned(), args_digest.to_owned()))
            .or_default()
            .push_back((Instant::now(), call));
        g.len += 1;
    }

    /// The hook call an MCP `tools/call` answers to, consumed (oldest first).
    pub fn claim(&self, tool: &str, args_digest: &str) -> Option<HookCall> {
        let mut g = self.lock();
        let key = (tool.to_owned(), args_digest.to_owned());
        let q = g.by_key.get_mut(&key)?;
        let now = Instant::now();
        let mut found = None;
        while let Some((t, call)) = q.pop_front() {
            if now.duration_since(t) < WINDOW {
                found = Some(call);
                break;
            }
        }
        let removed_empty = q.is_empty();
        if removed_empty {
            g.by_key.remove(&key);
        }
        g.len = g.len.saturating_sub(1);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(n: u8) -> HookCall {
        HookCall {
            session: SessionId::new(format!("s{n}")).unwrap(),
            event: EventId::from_parts(1, &[n; 10]),
        }
    }

    #[test]
    fn a_call_is_claimed_once_by_tool_and_arguments() {
        let l = Links::default();
        assert_eq!(tool_of("mcp__github__get_issue"), Some("get_issue"));
        assert_eq!(tool_of("Bash"), None);
        l.announce("get_issue", "sha256:a", call(1));
        l.announce("get_issue", "sha256:a", call(2));
        assert_eq!(l.claim("get_issue", "sha256:b"), None);
        assert_eq!(l.claim("get_issue", "sha256:a"), Some(call(1)));
        assert_eq!(l.claim("get_issue", "sha256:a"), Some(call(2)));
        assert_eq!(l.claim("get_issue", "sha256:a"), None);
    }
}
