//! The facts `analyze_call` produces, and the inputs that steer it (annotations, overrides).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::secrets::{BuiltinSecrets, SecretCheck};

/// What a call does to the world, coarsely.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Only reads (local files, listings, searches, plain fetches of a page).
    Read,
    /// Changes local or remote state (writes, edits, deletes, merges, grants).
    Write,
    /// Sends data or value to someone else (email, message, upload, POST, payment, query-carrying GET).
    Egress,
    /// Runs code (a shell command, a script, a subagent).
    Execute,
    /// Nothing told us.
    #[default]
    Unknown,
}

impl Effect {
    pub fn as_str(&self) -> &'static str {
        match self {
            Effect::Read => "read",
            Effect::Write => "write",
            Effect::Egress => "egress",
            Effect::Execute => "execute",
            Effect::Unknown => "unknown",
        }
    }

    /// Rank used to merge the effects of several commands: the strongest wins.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Effect::Unknown => 0,
            Effect::Read => 1,
            Effect::Write => 2,
            Effect::Execute => 3,
            Effect::Egress => 4,
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which source decided the effect (recorded so a reviewer knows how much to trust it).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EffectSource {
    /// MCP tool annotations (`readOnlyHint`, `destructiveHint`, `openWorldHint`).
    Annotation,
    /// The tool's name (a known tool, or a verb in an MCP tool's name).
    Name,
    /// The arguments (a recipient, an account, a URL; a parsed shell command).
    Arguments,
    /// A per-tool override in configuration.
    Config,
    /// Nothing decided; the effect is `unknown`.
    #[default]
    Default,
}

impl EffectSource {
    pub fn as_str(&self) -> &'static str {
        match self {
            EffectSource::Annotation => "annotation",
            EffectSource::Name => "name",
            EffectSource::Arguments => "arguments",
            EffectSource::Config => "config",
            EffectSource::Default => "default",
        }
    }
}

/// A risk-relevant fact about a call. Serialized as the exact snake_case strings policy uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    CredentialStoreRead,
    SecretInArguments,
    DangerousCommand,
    RemoteCode,
    PrivilegeEscalation,
    OversightTamper,
    Egress,
    SideEffect,
    Destructive,
    OutsideWorkspace,
}

impl Flag {
    pub const ALL: &'static [Flag] = &[
        Flag::CredentialStoreRead,
        Flag::SecretInArguments,
        Flag::DangerousCommand,
        Flag::RemoteCode,
        Flag::PrivilegeEscalation,
        Flag::OversightTamper,
        Flag::Egress,
        Flag::SideEffect,
        Flag::Destructive,
        Flag::OutsideWorkspace,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Flag::CredentialStoreRead => "credential_store_read",
            Flag::SecretInArguments => "secret_in_arguments",
            Flag::DangerousCommand => "dangerous_command",
            Flag::RemoteCode => "remote_code",
            Flag::PrivilegeEscalation => "privilege_escalation",
            Flag::OversightTamper => "oversight_tamper",
            Flag::Egress => "egress",
            Flag::SideEffect => "side_effect",
            Flag::Destructive => "destructive",
            Flag::OutsideWorkspace => "outside_workspace",
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a call acts on. Every set is sorted and deduplicated; hosts, emails and domains are
/// lowercase; paths are normalized (absolute when the session's cwd is known, `~` expanded when
/// the home directory is known).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Targets {
    pub hosts: BTreeSet<String>,
    pub urls: BTreeSet<String>,
    pub emails: BTreeSet<String>,
    pub email_domains: BTreeSet<String>,
    /// IBANs (spaces removed, uppercase) and account-like numbers.
    pub accounts: BTreeSet<String>,
    pub paths: BTreeSet<String>,
    pub usernames: BTreeSet<String>,
    /// Program names of a shell command (`curl`, `sh`, …).
    pub commands: BTreeSet<String>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty()
            && self.urls.is_empty()
            && self.emails.is_empty()
            && self.accounts.is_empty()
            && self.paths.is_empty()
            && self.usernames.is_empty()
            && self.commands.is_empty()
    }

    /// Destinations: where data, value or rights go (hosts, emails, accounts, usernames).
    pub fn destinations(&self) -> impl Iterator<Item = &String> {
        self.hosts
            .iter()
            .chain(self.emails.iter())
            .chain(self.accounts.iter())
            .chain(self.usernames.iter())
    }
}

/// Facts about one call: its effect, who decided it, what it acts on and its risk flags.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionFacts {
    pub effect: Effect,
    pub effect_source: EffectSource,
    pub targets: Targets,
    pub flags: BTreeSet<Flag>,
    /// Paths the call reads the content of (subset of `targets.paths`).
    pub read_paths: BTreeSet<String>,
    /// Paths the call writes, edits or deletes (subset of `targets.paths`).
    pub write_paths: BTreeSet<String>,
    /// Short human reasons for the flags (never secret values), e.g. `reads credential store ~/.aws/credentials`.
    pub reasons: Vec<String>,
    /// A shell call's command line, whitespace collapsed (for provenance: a command copied
    /// from untrusted text). Not serialized: records keep the redacted arguments instead.
    #[serde(skip)]
    pub command_line: Option<String>,
}

impl ActionFacts {
    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    /// The reasons recorded for a flag (prefixed by the flag name).
    pub fn reasons_for(&self, flag: Flag) -> impl Iterator<Item = &str> {
        let prefix = flag.as_str();
        self.reasons.iter().filter_map(move |r| {
            r.strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix(": "))
        })
    }

    pub(crate) fn flag(&mut self, flag: Flag, reason: impl Into<String>) {
        self.flags.insert(flag);
        if self.reasons.len() < 32 {
            let r = format!("{}: {}", flag.as_str(), reason.into());
            if !self.reasons.contains(&r) {
                self.reasons.push(r);
            }
        }
    }
}

/// MCP tool annotations as a server declares them in `tools/list` (all hints; untrusted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ToolAnnotations {
    pub title: Option<String>,
    pub read_only_hint: Option<bool>,
    pub destructive_hint: Option<bool>,
    pub idempotent_hint: Option<bool>,
    pub open_world_hint: Option<bool>,
}

/// Per-tool configuration that overrides what the analysis infers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ToolOverride {
    /// Force the effect (recorded with `effect_source = config`).
    pub effect: Option<Effect>,
    /// Flags to add.
    pub flags: Vec<Flag>,
}

/// Configuration overrides. Keys of `tools` are tool names as the agent reports them, with
/// simple `*` globs (`mcp__bank__*`). An operator's override is authoritative: it wins over
/// annotations and names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Overrides {
    pub tools: BTreeMap<String, ToolOverride>,
    /// Hosts (or URL prefixes) of MCP servers that must only be reached through the gateway;
    /// calling one directly is `oversight_tamper`.
    pub mcp_upstreams: Vec<String>,
    /// Extra credential-store path globs (matched against normalized paths).
    pub credential_paths: Vec<String>,
}

impl Overrides {
    pub fn for_tool(&self, name: &str) -> Option<&ToolOverride> {
        if let Some(o) = self.tools.get(name) {
            return Some(o);
        }
        self.tools
            .iter()
            .filter(|(k, _)| k.contains('*') && crate::glob::glob_match(k, name))
            .max_by_key(|(k, _)| k.len())
            .map(|(_, v)| v)
    }
}

static BUILTIN_SECRETS: BuiltinSecrets = BuiltinSecrets;

/// The session context a call is analyzed in.
#[derive(Clone, Copy)]
pub struct CallContext<'a> {
    /// The session's working directory (the workspace root for `outside_workspace`).
    pub cwd: Option<&'a str>,
    /// The user's home directory (guessed from `cwd` when absent).
    pub home: Option<&'a str>,
    /// The secret scanner for `secret_in_arguments`.
    pub secrets: &'a dyn SecretCheck,
}

impl Default for CallContext<'_> {
    fn default() -> Self {
        Self {
            cwd: None,
            home: None,
            secrets: &BUILTIN_SECRETS,
        }
    }
}

impl<'a> CallContext<'a> {
    pub fn with_cwd(cwd: &'a str) -> Self {
        Self {
            cwd: Some(cwd),
            ..Self::default()
        }
    }
}

impl fmt::Debug for CallContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallContext")
            .field("cwd", &self.cwd)
            .field("home", &self.home)
            .finish_non_exhaustive()
    }
}
