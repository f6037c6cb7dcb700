//! Administrator-equivalent grants written as code or configuration: a Kubernetes ClusterRole
//! allowing every verb on every resource or a binding to `cluster-admin`, a cloud policy
//! statement allowing every action on every resource, or a provider's administrator role
//! attached by name (AWS `AdministratorAccess`, GCP `roles/owner`, Azure `Owner`). The same
//! grant made through the CLI is an escalation; written into a manifest, Terraform, CDK or
//! Pulumi code it is applied later by a tool whose command line names none of it.

use std::sync::LazyLock;

use regex::Regex;

/// Patterns compiled once: (what the match grants, pattern).
static GRANTS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        (
            "binds a subject to cluster-admin",
            r"(?is)kind:\s*[\x22']?(?:Cluster)?RoleBinding\b.{0,600}?roleRef:.{0,160}?name:\s*[\x22']?cluster-admin\b",
        ),
        (
            "attaches an administrator policy (AdministratorAccess / IAMFullAccess)",
            r"(?-u:\b)(?:AdministratorAccess|IAMFullAccess)(?-u:\b)",
        ),
        (
            "grants a project-wide owner or administrator role",
            r"(?i)roles/(?:owner|editor|resourcemanager\.organizationAdmin|iam\.securityAdmin)(?-u:\b)",
        ),
        (
            "assigns the Owner or User Access Administrator role",
            r"(?i)role_?definition_?name[\x22']?\s*[:=]\s*[\x22'](?:owner|user access administrator)[\x22']",
        ),
    ]
    .into_iter()
    .filter_map(|(why, p)| Regex::new(p).ok().map(|r| (why, r)))
    .collect()
});

static CLUSTER_ROLE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?im)^\s*kind:\s*[\x22']?ClusterRole[\x22']?\s*$").ok());
/// `verbs: ["*"]`, `verbs:\n  - '*'`, `resources: [*]`.
static K8S_STAR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(verbs|resources):\s*(?:\[\s*)?(?:-\s*)?[\x22']?\*[\x22']?\s*[\],\n]").ok()
});
/// `"Action": "*"`, `actions: ['*']`, `actions = ["*"]` (and the same for resources).
static POLICY_STAR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)[\x22']?(actions?|resources?)[\x22']?\s*[:=]\s*\[?\s*[\x22']\*[\x22']").ok()
});

/// Files whose text describes rather than configures (a README quoting a policy).
pub(super) fn documentation(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    matches!(
        ext,
        "md" | "markdown" | "rst" | "txt" | "adoc" | "html" | "htm" | "org"
    )
}

/// What administrator-equivalent grant a configuration or code text makes, if any.
pub(super) fn admin_grant_in_code(text: &str) -> Option<&'static str> {
    let text = &text[..super::floor_boundary(text, 64 * 1024)];
    if let Some((why, _)) = GRANTS.iter().find(|(_, re)| re.is_match(text)) {
        return Some(why);
    }
    if cluster_role_allows_everything(text) {
        return Some("writes a ClusterRole allowing every verb on every resource");
    }
    if statement_allows_everything(text) {
        return Some("writes a policy allowing every action on every resource");
    }
    None
}

fn cluster_role_allows_everything(text: &str) -> bool {
    let (Some(kind), Some(star)) = (CLUSTER_ROLE.as_ref(), K8S_STAR.as_ref()) else {
        return false;
    };
    if !kind.is_match(text) {
        return false;
    }
    let keys: Vec<String> = star
        .captures_iter(text)
        .take(16)
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_ascii_lowercase()))
        .collect();
    keys.iter().any(|k| k == "verbs") && keys.iter().any(|k| k == "resources")
}

/// An `Allow` statement (not a `Deny`) with a wildcard action and a wildcard resource near it.
fn statement_allows_everything(text: &str) -> bool {
    let Some(star) = POLICY_STAR.as_ref() else {
        return false;
    };
    let mut actions = Vec::new();
    let mut resources = Vec::new();
    for c in star.captures_iter(text).take(32) {
        let (Some(key), Some(m)) = (c.get(1), c.get(0)) else {
            continue;
        };
        if key.as_str().to_ascii_lowercase().starts_with("action") {
            actions.push(m.start());
        } else {
            resources.push(m.start());
        }
    }
    actions.iter().any(|&a| {
        let lo = super::floor_boundary(text, a.saturating_sub(240));
        let hi = super::floor_boundary(text, a + 240);
        let window = text[lo..hi].to_ascii_lowercase();
        !window.contains("deny") && resources.iter().any(|&r| r.abs_diff(a) <= 240)
    })
}

#[cfg(test)]
mod tests {
    use super::admin_grant_in_code;

    #[test]
    fn cluster_wide_wildcards_and_admin_roles_are_grants() {
        let star =
            "kind: ClusterRole\nrules:\n- apiGroups: ['*']\n  resources: ['*']\n  verbs: ['*']\n";
        assert!(admin_grant_in_code(star).is_some());
        let block =
            "kind: ClusterRole\nrules:\n  - resources:\n      - \"*\"\n    verbs:\n      - \"*\"\n";
        assert!(admin_grant_in_code(block).is_some());
        let binding =
            "kind: ClusterRoleBinding\nroleRef:\n  kind: ClusterRole\n  name: cluster-admin\n";
        assert!(admin_grant_in_code(binding).is_some());
        let tf = "policy_arn = \"arn:aws:iam::aws:policy/AdministratorAccess\"";
        assert!(admin_grant_in_code(tf).is_some());
        let pulumi = "{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}";
        assert!(admin_grant_in_code(pulumi).is_some());
        let cdk = "new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })";
        assert!(admin_grant_in_code(cdk).is_some());
        assert!(admin_grant_in_code("role = \"roles/owner\"").is_some());
        assert!(admin_grant_in_code("role_definition_name = \"Owner\"").is_some());
    }

    #[test]
    fn scoped_grants_are_not() {
        let read =
            "kind: ClusterRole\nrules:\n- resources: [\"nodes\"]\n  verbs: [\"get\", \"list\"]\n";
        assert!(admin_grant_in_code(read).is_none());
        let ns = "kind: Role\nmetadata:\n  namespace: a\nrules:\n- resources: [\"*\"]\n  verbs: [\"*\"]\n";
        assert!(admin_grant_in_code(ns).is_none());
        let scoped = "actions = [\"sqs:SendMessage\"]\nresources = [\"*\"]";
        assert!(admin_grant_in_code(scoped).is_none());
        let deny = "{\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}";
        assert!(admin_grant_in_code(deny).is_none());
        assert!(admin_grant_in_code("fromAwsManagedPolicyName('ReadOnlyAccess')").is_none());
        assert!(admin_grant_in_code("role = \"roles/viewer\"").is_none());
    }
}
