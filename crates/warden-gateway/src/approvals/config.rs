//! `[approvals]` in `warden.toml`: how long requests stay open, how many reviewers must agree,
//! who may decide what, how long a hook holds its answer, and the webhook told of each request.

use serde::Deserialize;

use crate::review::Role;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApprovalsConfig {
    /// Seconds a request stays open; expiry is a deny.
    pub ttl_secs: u64,
    /// Approvals from distinct reviewers a request needs, unless a rule says otherwise. Any
    /// deny wins at once.
    pub required: u32,
    /// Milliseconds a PreToolUse hook waits for the decision before answering deny with the
    /// request id. Must stay inside the agent's hook timeout (10 s as `warden install` sets
    /// it), the command form's `--timeout-ms` (5 s by default) and
    /// `gateway.request_timeout_ms`.
    pub hook_wait_ms: u64,
    /// The first rule matching a request's agent and tool sets its threshold and deciders.
    pub rules: Vec<ApprovalRule>,
    /// Told of every request opened and decided.
    pub webhook: Option<WebhookConfig>,
}

impl Default for ApprovalsConfig {
    fn default() -> Self {
        Self {
            ttl_secs: 900,
            required: 1,
            hook_wait_ms: 3000,
            rules: Vec::new(),
            webhook: None,
        }
    }
}

/// Who may decide which requests, and how many must agree.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApprovalRule {
    /// Agent ids (exact, or a prefix ending in `*`); empty matches every agent.
    pub agents: Vec<String>,
    /// Tool names (exact, or a prefix ending in `*`); empty matches every tool.
    pub tools: Vec<String>,
    /// Approvals from distinct reviewers needed (default: `approvals.required`).
    pub required: Option<u32>,
    /// Reviewer names who may decide; empty lets any reviewer with `min_role`.
    pub reviewers: Vec<String>,
    /// Lowest role that may decide (default approver; viewers never can).
    pub min_role: Option<Role>,
}

/// Where and how to notify.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// `http(s)://…` receiving a JSON POST per opening and decision.
    pub url: String,
    /// HMAC-SHA256 key for the `X-Warden-Signature` header. Without one the gateway creates
    /// `<data>/keys/approval-webhook.key` (0600) and uses its contents.
    #[serde(default)]
    pub secret: Option<String>,
    /// Delivery attempts (with backoff) before giving up on a notification.
    #[serde(default = "default_attempts")]
    pub attempts: u32,
    /// Per-attempt timeout, milliseconds.
    #[serde(default = "default_timeout")]
    pub timeout_ms: u64,
}

fn default_attempts() -> u32 {
    4
}

fn default_timeout() -> u64 {
    5000
}

fn matches(patterns: &[String], value: &str) -> bool {
    patterns.is_empty()
        || patterns.iter().any(|p| match p.strip_suffix('*') {
            Some(prefix) => value.starts_with(prefix),
            None => p == value,
        })
}

/// Who may decide a request and how many approvals it needs, fixed when it opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    pub required: u32,
    pub reviewers: Vec<String>,
    pub min_role: Role,
}

impl ApprovalsConfig {
    pub fn gate_for(&self, agent: &str, tool: &str) -> Gate {
        let rule = self
            .rules
            .iter()
            .find(|r| matches(&r.agents, agent) && matches(&r.tools, tool));
        Gate {
            required: rule.and_then(|r| r.required).unwrap_or(self.required),
            reviewers: rule.map(|r| r.reviewers.clone()).unwrap_or_default(),
            min_role: rule
                .and_then(|r| r.min_role)
                .unwrap_or(Role::Approver)
                .max(Role::Approver),
        }
    }

    pub fn validate(&self, request_timeout_ms: u64) -> Result<(), String> {
        if self.ttl_secs == 0 || self.ttl_secs > 7 * 24 * 3600 {
            return Err("approvals.ttl_secs must be between 1 and 604800 (7 days)".into());
        }
        if self.required == 0 || self.rules.iter().any(|r| r.required == Some(0)) {
            return Err("approvals.required (and every rule's required) must be at least 1".into());
        }
        if self.hook_wait_ms + 1000 > request_timeout_ms {
            return Err(
                "approvals.hook_wait_ms must be at least 1000 ms below gateway.request_timeout_ms"
                    .into(),
            );
        }
        if let Some(w) = &self.webhook {
            if !(w.url.starts_with("http://") || w.url.starts_with("https://")) {
                return Err("approvals.webhook.url must be an http:// or https:// URL".into());
            }
            if w.attempts == 0 || w.attempts > 20 {
                return Err("approvals.webhook.attempts must be between 1 and 20".into());
            }
        }
        Ok(())
    }
}
