//! Detector state: per session, per (root) task, per agent, per MCP server. Every collection
//! is capped; idle entries are dropped by `Engine::expire`.

use std::collections::VecDeque;
use std::sync::Arc;

use warden_analysis::IntentSignature;
use warden_core::{EventId, TaskId};

use crate::observation::Scope;

/// FNV-1a over lowercase ASCII (case-insensitive keys for provenance and dedupe).
pub(crate) fn key_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Push onto a bounded deque, dropping the oldest.
pub(crate) fn push_bounded<T>(q: &mut VecDeque<T>, v: T, cap: usize) {
    if cap == 0 {
        return;
    }
    while q.len() >= cap {
        q.pop_front();
    }
    q.push_back(v);
}

/// Insert into a bounded "seen" list; returns false when it was already there.
pub(crate) fn remember(list: &mut Vec<u64>, v: u64, cap: usize) -> bool {
    if list.contains(&v) {
        return false;
    }
    if list.len() >= cap {
        list.remove(0);
    }
    list.push(v);
    true
}

/// A recent call of the session, kept so decisions and results can be tied back to it.
#[derive(Debug)]
pub(crate) struct RecentCall {
    pub event: EventId,
    pub tool_use: u64,
    pub tool: u64,
    pub args: u64,
    pub sig: Option<Arc<IntentSignature>>,
    /// The call reads a file whose instructions are trusted (CLAUDE.md, AGENTS.md, …).
    pub trusted_instruction_file: bool,
    /// The call reads a file the user named in a prompt (its content is what the user pointed at).
    pub user_pointed: bool,
    /// The call reads local content (no MCP server, no network) or what the user named.
    pub local_read: bool,
    /// The call fetches content from outside (an MCP server, a page, an API) without changing
    /// anything: its result is third-party content (a web page, a mail, an issue, a document),
    /// not the repository and not the answer to the agent's own action.
    pub external_read: bool,
    /// When the call arrived.
    pub ts: i128,
    /// The in-session subagent that made it (hash; 0 for the main agent).
    pub lane: u64,
    /// Its result arrived (it ran).
    pub answered: bool,
    /// It is already on the task's refused list (a Warden deny or hold, or an unanswered call).
    pub refused: bool,
    /// A call an agent's own permission prompt stops (it acts, sends, deletes, grants or reads
    /// credentials): if no result comes before the agent's next call, it was refused.
    pub gated: bool,
    /// The call reads one shell script (hash of its file name): its result is the script's text.
    pub script: u64,
    /// The call reads a credential store: its result is the store's content.
    pub credential_store: bool,
}

#[derive(Debug, Default)]
pub(crate) struct LoopEntry {
    pub key: u64,
    pub lane: u64,
    pub ts: i128,
    pub event: Option<EventId>,
}

#[derive(Debug, Default)]
pub(crate) struct LoopState {
    pub history: VecDeque<LoopEntry>,
    /// `(key, level)` already alerted in the current streak (1 = alert, 2 = throttle).
    pub alerted: Vec<(u64, u8)>,
    /// `(lane, ts)` of the last progress per lane: only calls since then count.
    pub since: Vec<(u64, i128)>,
    /// `(call key, result hashes)`: the last distinct results of each call, digits aside.
    pub results: Vec<(u64, [u64; 4])>,
    /// `(call key, ts)`: when a call's result last changed; its repeats count from then.
    pub changed: Vec<(u64, i128)>,
}

/// A set of key hashes: exact while small (most sessions name a few dozen keys), then a fixed
/// 8192-bit Bloom filter. A Bloom false positive can only hide a provenance match (a missed
/// alert), never raise one.
#[derive(Debug, Default)]
pub(crate) struct KeySet {
    small: Vec<u64>,
    bits: Option<Box<[u64; 128]>>,
    /// Insertions so far (repeats included): callers cap a set by it.
    pub len: usize,
}

/// Keys held exactly before the set turns into a Bloom filter (256 bytes, a quarter of it).
const EXACT_KEYS: usize = 32;

impl KeySet {
    fn idx(h: u64, i: u32) -> usize {
        (h.rotate_left(i * 21).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 51) as usize
    }

    fn set_bits(bits: &mut [u64; 128], h: u64) {
        for i in 0..3 {
            let b = Self::idx(h, i);
            bits[b / 64] |= 1 << (b % 64);
        }
    }

    pub fn insert(&mut self, h: u64) {
        self.len += 1;
        if let Some(bits) = &mut self.bits {
            Self::set_bits(bits, h);
            return;
        }
        if self.small.contains(&h) {
            return;
        }
        if self.small.len() < EXACT_KEYS {
            self.small.push(h);
            return;
        }
        let mut bits = Box::new([0u64; 128]);
        for k in std::mem::take(&mut self.small).into_iter().chain([h]) {
            Self::set_bits(&mut bits, k);
        }
        self.bits = Some(bits);
    }

    pub fn contains(&self, h: u64) -> bool {
        match &self.bits {
            Some(bits) => (0..3).all(|i| {
                let b = Self::idx(h, i);
                bits[b / 64] & (1 << (b % 64)) != 0
            }),
            None => self.small.contains(&h),
        }
    }

    pub fn bytes(&self) -> usize {
        if self.bits.is_some() {
            1024
        } else {
            self.small.capacity() * 8
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct ProvenanceState {
    /// Keys named by the user or by trusted content.
    pub trusted: KeySet,
    /// Keys named by untrusted (instruction-carrying) content, with the event that named them.
    pub untrusted: Vec<(u64, EventId)>,
    /// Keys the user vouched for: named in a prompt, in a file the user pointed at, or the
    /// author of content the agent read (replying to a sender is traceable to the request).
    pub user: KeySet,
    /// Keys named in a prompt (to tell which files the user pointed at).
    pub prompt: KeySet,
    /// Keys named only by third-party content (tool results, resources), with the event.
    pub third_party: Vec<(u64, EventId)>,
    /// Keys whose first appearance in the session was third-party content fetched from outside
    /// (see `RecentCall::external_read`) that the user had not vouched for, with the event.
    pub external: Vec<(u64, EventId)>,
    /// Instruction-carrying passages (whitespace collapsed, bounded), for commands copied verbatim.
    pub untrusted_text: String,
    pub untrusted_text_events: Vec<EventId>,
    /// A prompt asked the agent to look a target up in what it reads: third-party content
    /// read afterwards vouches for its targets (except passages that redirect an action).
    pub lookup: bool,
    /// The latest prompt frames the work as being about attack text (injection test fixtures,
    /// jailbreak eval results, a CTF write-up): instructions found in what
    /// the user pointed at, or in local files and command output, are the material, not orders.
    pub adversarial: bool,
}

pub(crate) const MAX_TRUSTED: usize = 1500;
pub(crate) const MAX_UNTRUSTED: usize = 512;
pub(crate) const MAX_THIRD_PARTY: usize = 1024;
pub(crate) const MAX_UNTRUSTED_TEXT: usize = 16 * 1024;
pub(crate) const MAX_RECENT: usize = 32;

#[derive(Debug)]
pub(crate) struct SessionState {
    pub last_seen: i128,
    pub calls: u64,
    pub denies: u64,
    pub read_secret: bool,
    pub read_credential_store: bool,
    pub tainted: bool,
    pub taint_events: Vec<EventId>,
    pub recent: VecDeque<RecentCall>,
    pub loops: LoopState,
    pub prov: ProvenanceState,
    /// Fingerprints of secrets already reported.
    pub secrets_seen: Vec<u64>,
    /// Credential stores already reported.
    pub harvest_seen: Vec<u64>,
    /// Files of credential stores the agent read (hashes of normalized paths).
    pub credential_files_read: Vec<u64>,
    /// Injections already reported (by cue fingerprint).
    pub injection_seen: Vec<u64>,
    /// Process ids of monitoring processes (Warden, audit daemons) seen in tool results, with
    /// the result that showed them: a later `kill <pid>` of one is an oversight bypass.
    pub monitor_pids: Vec<(u32, EventId)>,
    /// Scripts whose text the agent read and that download-and-run code, open a shell to a
    /// remote host or destroy data: `(file name hash, the result that showed it, why)`.
    pub dangerous_scripts: Vec<(u64, EventId, String)>,
}

impl SessionState {
    pub fn new(now: i128) -> Self {
        Self {
            last_seen: now,
            calls: 0,
            denies: 0,
            read_secret: false,
            read_credential_store: false,
            tainted: false,
            taint_events: Vec::new(),
            recent: VecDeque::new(),
            loops: LoopState::default(),
            prov: ProvenanceState::default(),
            secrets_seen: Vec::new(),
            harvest_seen: Vec::new(),
            credential_files_read: Vec::new(),
            injection_seen: Vec::new(),
            monitor_pids: Vec::new(),
            dangerous_scripts: Vec::new(),
        }
    }

    /// Rough bytes held (for the benchmark's memory figure and for tests).
    pub fn approx_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.taint_events.capacity() * 16
            + self.recent.capacity() * std::mem::size_of::<RecentCall>()
            + self.loops.history.capacity() * std::mem::size_of::<LoopEntry>()
            + self.loops.alerted.capacity() * 16
            + self.loops.results.capacity() * 40
            + self.loops.changed.capacity() * 24
            + self.prov.trusted.bytes()
            + self.prov.untrusted.capacity() * 24
            + self.prov.user.bytes()
            + self.prov.prompt.bytes()
            + self.prov.third_party.capacity() * 24
            + self.prov.untrusted_text.capacity()
            + (self.secrets_seen.capacity()
                + self.harvest_seen.capacity()
                + self.credential_files_read.capacity()
                + self.injection_seen.capacity())
                * 8
            + self.monitor_pids.capacity() * 24
    }
}

/// A declared scope and the event that declared it.
#[derive(Debug)]
pub(crate) struct ScopeDecl {
    pub event: EventId,
    pub scope: Scope,
}

#[derive(Debug)]
pub(crate) struct Denied {
    pub call: EventId,
    pub decision: EventId,
    pub ts: i128,
    pub tool: u64,
    pub args: u64,
    pub sig: Arc<IntentSignature>,
    /// For a call held for approval: its tool-use id hash (dropped when its result arrives).
    pub pending_tool_use: Option<u64>,
}

#[derive(Debug)]
pub(crate) struct TaskState {
    pub last_seen: i128,
    /// The root task this one rolls up to (for delegated sub-tasks).
    pub root: Option<TaskId>,
    /// This task's declared scope and every ancestor's, outermost first.
    pub scopes: Vec<Arc<ScopeDecl>>,
    /// Sensitive sources read in this task: `(event, what)`.
    pub sensitive: Vec<(EventId, &'static str)>,
    /// Files known to hold bulk data (a data store or dump read, written or produced in this
    /// task, or a file written with personal records): `(path key hash, event)`.
    pub data_files: Vec<(u64, EventId)>,
    pub denied: VecDeque<Denied>,
    pub ended: Option<EventId>,
    pub revoked: bool,
    pub calls_total: u64,
    pub tokens: u64,
    pub spend_usd: f64,
    pub budget_alerted: u8,
    pub window: VecDeque<(i128, EventId)>,
    pub rate_alerted_at: Option<i128>,
    /// The sustained-rate window and when it last alerted.
    pub sustained: VecDeque<(i128, EventId)>,
    pub sustained_alerted_at: Option<i128>,
}

impl TaskState {
    pub fn new(now: i128) -> Self {
        Self {
            last_seen: now,
            root: None,
            scopes: Vec::new(),
            sensitive: Vec::new(),
            data_files: Vec::new(),
            denied: VecDeque::new(),
            ended: None,
            revoked: false,
            calls_total: 0,
            tokens: 0,
            spend_usd: 0.0,
            budget_alerted: 0,
            window: VecDeque::new(),
            rate_alerted_at: None,
            sustained: VecDeque::new(),
            sustained_alerted_at: None,
        }
    }
}

#[derive(Debug)]
pub(crate) struct AgentState {
    pub last_seen: i128,
    pub window: VecDeque<(i128, EventId)>,
    pub rate_alerted_at: Option<i128>,
    /// The sustained-rate window and when it last alerted.
    pub sustained: VecDeque<(i128, EventId)>,
    pub sustained_alerted_at: Option<i128>,
}

impl AgentState {
    pub fn new(now: i128) -> Self {
        Self {
            last_seen: now,
            window: VecDeque::new(),
            rate_alerted_at: None,
            sustained: VecDeque::new(),
            sustained_alerted_at: None,
        }
    }
}

/// A manifest as pinned: instructions hash, `(tool, hash)` sorted by name, the event.
pub(crate) type Manifest = (u64, Vec<(String, u64)>, EventId);

/// A server's pinned manifest.
#[derive(Debug)]
pub(crate) struct ServerPin {
    pub first_seen: i128,
    pub event: EventId,
    pub instructions: u64,
    pub tools: Vec<(String, u64)>,
    /// Hash of the last manifest that was reported as changed (so a changed list alerts once).
    pub last_alerted: Option<u64>,
    /// The latest manifest seen, for `approve_manifest`.
    pub latest: Option<Manifest>,
    /// Poisoned descriptions already reported (tool name + description hash).
    pub poisoned_seen: Vec<u64>,
    /// Pinning of this server is done by a persistent store that reports with
    /// `Observed::PinReport`; listings no longer re-pin here.
    pub external: bool,
}

#[cfg(test)]
mod tests {
    use super::KeySet;

    #[test]
    fn key_set_is_exact_while_small_and_keeps_every_key_once_a_bloom_filter() {
        let mut s = KeySet::default();
        assert!(!s.contains(1) && s.bytes() == 0);
        for k in 0..32u64 {
            s.insert(k * 7919);
            s.insert(k * 7919); // repeats count towards the cap, not the exact keys
        }
        assert_eq!(s.len, 64);
        assert!(s.bytes() <= 256);
        assert!((0..32u64).all(|k| s.contains(k * 7919)));
        assert!(!s.contains(5), "exact: no false positive");
        s.insert(u64::MAX);
        assert_eq!(s.bytes(), 1024);
        assert!((0..32u64).all(|k| s.contains(k * 7919)) && s.contains(u64::MAX));
    }
}
