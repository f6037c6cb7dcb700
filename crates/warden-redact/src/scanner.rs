//! The layered scanner: known secrets, keyword-prefiltered rules, PII.
//!
//! One case-insensitive Aho-Corasick pass over the text finds every keyword
//! occurrence. Anchored rules then run an anchored search starting at the
//! hit; window rules run in merged windows around their hits; rules loaded
//! from files run on the whole text when any of their keywords occurred
//! (gitleaks semantics). Overlapping findings are resolved by specificity:
//! known secret > provider rule > generic rule > PII, then by length.

use std::collections::BTreeMap;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex, RwLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::{meta, Anchored, Input};

use crate::error::{Error, Result};
use crate::known::{Encoding, KnownSecret, KnownSet};
use crate::pii::{pii_rules, PiiKind, PiiSet};
use crate::rule::{
    compile_builtin_regex, shannon_entropy, Allowlist, Class, Extent, Locality, MatchCtx, Rule,
};

/// What to look for in one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScanOptions {
    /// Run the detection rules (built-in and loaded). Default: true.
    pub rules: bool,
    /// Match registered known secrets. Default: true.
    pub known_secrets: bool,
    /// PII recognisers to run. Default: none.
    pub pii: PiiSet,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            rules: true,
            known_secrets: true,
            pii: PiiSet::NONE,
        }
    }
}

impl ScanOptions {
    /// Rules and known secrets, no PII (the default).
    pub fn secrets() -> Self {
        Self::default()
    }
    /// Only registered known secrets (used for JSON object keys).
    pub fn known_only() -> Self {
        ScanOptions {
            rules: false,
            known_secrets: true,
            pii: PiiSet::NONE,
        }
    }
    /// These options plus the given PII recognisers.
    #[must_use]
    pub fn with_pii(mut self, pii: PiiSet) -> Self {
        self.pii = self.pii.union(pii);
        self
    }
}

/// A detection: which rule, where. Never carries the secret itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Rule id (`known-secret` for registered secrets, `pii-*` for PII).
    pub rule_id: String,
    /// Byte span of the secret in the scanned text.
    pub span: Range<usize>,
    /// Name of the known secret, for `known-secret` matches.
    pub known_secret: Option<String>,
    /// Encoding in which a known secret was found.
    pub encoding: Option<Encoding>,
}

/// Rejected anchored matches per rule and scan after which hits inside a
/// rejected match are skipped (bounds work on keyword-dense input).
const RETRY_BUDGET: u32 = 256;

/// Rule id of findings for registered known secrets.
pub const KNOWN_SECRET_RULE_ID: &str = "known-secret";

pub(crate) enum SecretSource {
    /// The secret is the bytes of the span.
    Text,
    /// The secret is a registered value (the span holds an encoding of it).
    Known(Arc<KnownSecret>, Encoding),
}

pub(crate) struct Candidate {
    pub rule: Arc<str>,
    pub span: Range<usize>,
    pub class: Class,
    pub source: SecretSource,
}

impl Candidate {
    pub(crate) fn to_match(&self) -> Match {
        let (known_secret, encoding) = match &self.source {
            SecretSource::Text => (None, None),
            SecretSource::Known(k, e) => (Some(k.name.to_string()), Some(*e)),
        };
        Match {
            rule_id: self.rule.to_string(),
            span: self.span.clone(),
            known_secret,
            encoding,
        }
    }
}

/// Secret/PII scanner. Cheap to share (`Send + Sync`); known secrets can be
/// registered and removed through `&self`.
pub struct Scanner {
    rules: Vec<Rule>,
    kw_ac: Option<AhoCorasick>,
    kw_targets: Vec<Vec<u32>>,
    always: Vec<u32>,
    global_allowlists: Vec<Allowlist>,
    pii: Vec<(PiiKind, Rule)>,
    known: RwLock<Arc<KnownSet>>,
    reference: meta::Regex,
    known_rule: Arc<str>,
    clean: Mutex<CleanTexts>,
}

/// Longest text [`CleanTexts`] remembers, and how many texts it holds at most (about 1 MiB).
const CLEAN_TEXT_MAX_LEN: usize = 256;
const CLEAN_TEXTS: usize = 4096;

/// Short texts recently found to hold nothing, per scan options. Recorded bodies repeat the
/// same strings call after call (policy reasons, tool and field names, ids), and scanning them
/// again was most of the cost of recording a call. Keyed by the exact text, so a text is
/// skipped only when it is byte for byte one already found clean; forgotten whenever the known
/// secrets change (a text clean before may hold a newly registered secret); bounded.
#[derive(Default)]
struct CleanTexts {
    /// Bumped on every change of the known secrets: a scan that began under an older set does
    /// not record its result.
    generation: u64,
    texts: HashMap<ScanOptions, HashSet<Box<str>>>,
    len: usize,
}

impl CleanTexts {
    fn forget_all(&mut self) {
        self.generation += 1;
        self.texts.clear();
        self.len = 0;
    }
}

impl fmt::Debug for Scanner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scanner")
            .field("rules", &self.rules.len())
            .field("keywords", &self.kw_targets.len())
            .field("known_secrets", &self.known_snapshot().names())
            .finish()
    }
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

/// Builds a [`Scanner`] from built-in rules, your own rules and gitleaks
/// rule files.
#[derive(Debug)]
pub struct ScannerBuilder {
    builtin: bool,
    rules: Vec<Rule>,
    allowlists: Vec<Allowlist>,
    rule_allowlists: Vec<(String, Allowlist)>,
    disabled: Vec<String>,
}

impl ScannerBuilder {
    /// Leave out the built-in rule set.
    pub fn without_builtin_rules(mut self) -> Self {
        self.builtin = false;
        self
    }
    /// Add a rule; a rule with a built-in rule's id replaces it.
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }
    /// Disable a rule by id.
    pub fn disable_rule(mut self, id: impl Into<String>) -> Self {
        self.disabled.push(id.into());
        self
    }
    /// Add an allowlist to the rule with id `rule_id` (built-in or added).
    pub fn rule_allowlist(mut self, rule_id: impl Into<String>, allowlist: Allowlist) -> Self {
        self.rule_allowlists.push((rule_id.into(), allowlist));
        self
    }
    /// Add a global allowlist (applies to every rule).
    pub fn allowlist(mut self, allowlist: Allowlist) -> Self {
        self.allowlists.push(allowlist);
        self
    }
    /// Add the rules, global allowlists and disabled rules of a gitleaks
    /// configuration. Built-in rules stay unless
    /// [`ScannerBuilder::without_builtin_rules`] is called.
    pub fn gitleaks(mut self, config: crate::gitleaks::GitleaksConfig) -> Self {
        self.rules.extend(config.rules);
        self.allowlists.extend(config.allowlists);
        self.rule_allowlists.extend(config.rule_allowlists);
        self.disabled.extend(config.disabled_rules);
        self
    }

    /// Build the scanner.
    pub fn build(self) -> Result<Scanner> {
        let mut seen: HashMap<String, ()> = HashMap::new();
        for r in &self.rules {
            if seen.insert(r.id.to_string(), ()).is_some() {
                return Err(Error::DuplicateRuleId {
                    rule_id: r.id.to_string(),
                });
            }
        }
        let mut rules: Vec<Rule> = Vec::new();
        if self.builtin {
            rules.extend(
                crate::rules::builtin_rules()
                    .into_iter()
                    .filter(|r| !seen.contains_key(&*r.id)),
            );
        }
        rules.extend(self.rules);
        rules.retain(|r| !self.disabled.iter().any(|d| d.as_str() == &*r.id));
        for (id, list) in self.rule_allowlists {
            match rules.iter_mut().find(|r| *r.id == *id) {
                Some(rule) => rule.allowlists.push(list),
                None if self.disabled.contains(&id) => {}
                None => return Err(Error::UnknownRule { rule_id: id }),
            }
        }
        Scanner::from_parts(rules, self.allowlists)
    }
}

impl Scanner {
    /// A scanner with the built-in rules.
    pub fn new() -> Scanner {
        Scanner::from_parts(crate::rules::builtin_rules(), Vec::new())
            .expect("the built-in keyword set always builds")
    }

    /// Start building a scanner (built-in rules included by default).
    pub fn builder() -> ScannerBuilder {
        ScannerBuilder {
            builtin: true,
            rules: Vec::new(),
            allowlists: Vec::new(),
            rule_allowlists: Vec::new(),
            disabled: Vec::new(),
        }
    }

    fn from_parts(rules: Vec<Rule>, global_allowlists: Vec<Allowlist>) -> Result<Scanner> {
        let mut kw_index: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut always = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            let i = u32::try_from(i).map_err(|_| Error::Prefilter {
                message: "too many rules".into(),
            })?;
            if r.keywords.is_empty() {
                always.push(i);
            }
            for k in &r.keywords {
                kw_index.entry(k.clone()).or_default().push(i);
            }
        }
        let keywords: Vec<&String> = kw_index.keys().collect();
        let kw_ac = if keywords.is_empty() {
            None
        } else {
            let build = |kind| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .kind(kind)
                    .build(&keywords)
            };
            Some(
                build(Some(AhoCorasickKind::DFA))
                    .or_else(|_| build(None))
                    .map_err(|e| Error::Prefilter {
                        message: e.to_string(),
                    })?,
            )
        };
        let kw_targets = kw_index.into_values().collect();
        let reference = compile_builtin_regex(
            r"\[REDACTED:[A-Za-z0-9._\-]{1,64}:hmac-sha256:[0-9]{1,10}:[0-9a-f]{64}\]",
        )
        .expect("the reference regex is valid");
        Ok(Scanner {
            rules,
            kw_ac,
            kw_targets,
            always,
            global_allowlists,
            pii: pii_rules(),
            known: RwLock::new(Arc::new(KnownSet::default())),
            reference,
            known_rule: Arc::from(KNOWN_SECRET_RULE_ID),
            clean: Mutex::default(),
        })
    }

    /// The rules in this scanner.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Register (or replace) a secret Warden brokers, matched exactly and in
    /// its common encodings. Values shorter than 8 bytes are refused.
    pub fn add_known_secret(&self, name: &str, value: impl AsRef<[u8]>) -> Result<()> {
        let mut guard = self.known.write().unwrap_or_else(|e| e.into_inner());
        let next = guard.with(name, value.as_ref())?;
        *guard = Arc::new(next);
        self.clean_texts().forget_all();
        Ok(())
    }

    /// Forget a known secret; returns whether it was registered.
    pub fn remove_known_secret(&self, name: &str) -> bool {
        let mut guard = self.known.write().unwrap_or_else(|e| e.into_inner());
        match guard.without(name) {
            Some(next) => {
                *guard = Arc::new(next);
                self.clean_texts().forget_all();
                true
            }
            None => false,
        }
    }

    /// Names of the registered known secrets.
    pub fn known_secret_names(&self) -> Vec<String> {
        self.known_snapshot().names()
    }

    /// Whether any known secret is registered (without listing them).
    pub fn has_known_secrets(&self) -> bool {
        self.known.read().unwrap_or_else(|e| e.into_inner()).len() > 0
    }

    fn known_snapshot(&self) -> Arc<KnownSet> {
        self.known.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Scan `text`; returns non-overlapping matches in text order.
    pub fn scan(&self, text: &str, opts: &ScanOptions) -> Vec<Match> {
        self.candidates(text, opts)
            .iter()
            .map(Candidate::to_match)
            .collect()
    }

    /// Byte spans of the references and `[DROPPED]` markers in `text`.
    pub(crate) fn marker_spans(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        self.protected_spans(text.as_bytes(), &mut out);
        out.sort_by_key(|r| r.start);
        out
    }

    /// Byte spans of existing `[REDACTED:...]` references and `[DROPPED]`
    /// markers (never redacted again).
    fn protected_spans(&self, hay: &[u8], out: &mut Vec<Range<usize>>) {
        // Built once: every string of every recorded body is searched for both.
        static REFERENCE: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new(b"[REDACTED:"));
        static DROPPED: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new(crate::redactor::DROPPED.as_bytes()));
        for start in REFERENCE.find_iter(hay) {
            let input = Input::new(hay)
                .span(start..hay.len().min(start + 160))
                .anchored(Anchored::Yes);
            if let Some(m) = self.reference.search(&input) {
                out.push(m.range());
            }
        }
        for start in DROPPED.find_iter(hay) {
            out.push(start..start + crate::redactor::DROPPED.len());
        }
    }

    fn clean_texts(&self) -> std::sync::MutexGuard<'_, CleanTexts> {
        self.clean.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn candidates(&self, text: &str, opts: &ScanOptions) -> Vec<Candidate> {
        if text.len() > CLEAN_TEXT_MAX_LEN {
            return self.scan_candidates(text, opts);
        }
        // The generation is read before the known secrets are: a change in between is seen.
        let generation = {
            let clean = self.clean_texts();
            if clean.texts.get(opts).is_some_and(|t| t.contains(text)) {
                return Vec::new();
            }
            clean.generation
        };
        let cands = self.scan_candidates(text, opts);
        if cands.is_empty() {
            let mut clean = self.clean_texts();
            if clean.generation == generation {
                if clean.len >= CLEAN_TEXTS {
                    clean.texts.clear();
                    clean.len = 0;
                }
                if clean.texts.entry(*opts).or_default().insert(text.into()) {
                    clean.len += 1;
                }
            }
        }
        cands
    }

    fn scan_candidates(&self, text: &str, opts: &ScanOptions) -> Vec<Candidate> {
        let hay = text.as_bytes();
        let mut cands: Vec<Candidate> = Vec::new();
        let mut protected = Vec::new();
        self.protected_spans(hay, &mut protected);

        if opts.known_secrets {
            let known = self.known_snapshot();
            if known.len() > 0 {
                let mut hits = Vec::new();
                known.find(hay, &mut hits);
                for h in hits {
                    let span = snap(text, h.start..h.end);
                    cands.push(Candidate {
                        rule: self.known_rule.clone(),
                        span,
                        class: Class::Known,
                        source: SecretSource::Known(h.secret, h.encoding),
                    });
                }
            }
        }

        if opts.rules {
            self.run_rules(text, &mut cands);
        }

        for (kind, rule) in &self.pii {
            if opts.pii.contains(*kind) {
                for m in rule.regex.find_iter(hay) {
                    let _ = self.accept(rule, text, m.range(), &mut cands);
                }
            }
        }

        resolve(cands, &protected, hay)
    }

    fn run_rules(&self, text: &str, cands: &mut Vec<Candidate>) {
        let hay = text.as_bytes();
        let n = self.rules.len();
        let mut anchored: Vec<(usize, u32)> = Vec::new();
        let mut windows: Vec<(u32, usize, usize)> = Vec::new();
        let mut triggered = vec![false; n];
        for &i in &self.always {
            triggered[i as usize] = true;
        }
        if let Some(ac) = &self.kw_ac {
            for m in ac.find_overlapping_iter(hay) {
                let word_before = m.start() > 0 && is_word(hay[m.start() - 1]);
                for &ri in &self.kw_targets[m.pattern().as_usize()] {
                    let rule = &self.rules[ri as usize];
                    match rule.locality {
                        Locality::Anchored { .. } if rule.word_start && word_before => {}
                        Locality::Anchored { .. } => anchored.push((m.start(), ri)),
                        Locality::Near { before, after } => windows.push((
                            ri,
                            m.start().saturating_sub(before),
                            hay.len().min(m.end() + after),
                        )),
                        Locality::Anywhere => triggered[ri as usize] = true,
                    }
                }
            }
        }

        // Anchored rules: one anchored search per (hit, rule).
        if !anchored.is_empty() {
            anchored.sort_unstable();
            anchored.dedup();
            // Hits inside an accepted match of the same rule are skipped.
            // After a rejected match only its key part is skipped, so a later
            // assignment inside a rejected value is still tried, up to a
            // budget per rule that bounds work on keyword-dense input.
            let mut skip_to = vec![0usize; n];
            let mut retries = vec![0u32; n];
            for &(pos, ri) in &anchored {
                let ri = ri as usize;
                if pos < skip_to[ri] {
                    continue;
                }
                let rule = &self.rules[ri];
                let Locality::Anchored { max_len } = rule.locality else {
                    continue;
                };
                let input = Input::new(hay)
                    .span(pos..hay.len().min(pos + max_len))
                    .anchored(Anchored::Yes);
                if let Some(m) = rule.regex.search(&input) {
                    let end = m.end().max(pos + 1);
                    skip_to[ri] = match self.accept(rule, text, m.range(), cands) {
                        Ok(()) => end,
                        Err(_) if retries[ri] >= RETRY_BUDGET => end,
                        Err(secret_start) => {
                            retries[ri] += 1;
                            secret_start.clamp(pos + 1, end)
                        }
                    };
                }
            }
        }

        // Window rules: merge windows per rule, search each once.
        if !windows.is_empty() {
            windows.sort_unstable();
            let mut i = 0;
            while i < windows.len() {
                let (ri, mut s, mut e) = windows[i];
                let mut j = i + 1;
                while j < windows.len() && windows[j].0 == ri && windows[j].1 <= e {
                    e = e.max(windows[j].2);
                    j += 1;
                }
                let rule = &self.rules[ri as usize];
                s = s.min(e);
                for m in rule.regex.find_iter(Input::new(hay).span(s..e)) {
                    let _ = self.accept(rule, text, m.range(), cands);
                }
                i = j;
            }
        }

        // Whole-text rules (loaded rules whose keyword occurred, and rules
        // without keywords).
        for (ri, rule) in self.rules.iter().enumerate() {
            if triggered[ri] && rule.locality == Locality::Anywhere {
                for m in rule.regex.find_iter(hay) {
                    let _ = self.accept(rule, text, m.range(), cands);
                }
            }
        }
    }

    /// Turn a regex match into a candidate if it passes the secret group,
    /// extent, validator, entropy and allowlist checks.
    /// Returns `Ok(())` when a candidate was added, `Err(secret_start)`
    /// (where the secret would have started) when the match was rejected.
    fn accept(
        &self,
        rule: &Rule,
        text: &str,
        whole: Range<usize>,
        cands: &mut Vec<Candidate>,
    ) -> std::result::Result<(), usize> {
        let hay = text.as_bytes();
        let mut secret = whole.clone();
        if rule.groups > 0 {
            let mut caps = rule.regex.create_captures();
            let input = Input::new(hay).span(whole.clone()).anchored(Anchored::Yes);
            rule.regex.search_captures(&input, &mut caps);
            if !caps.is_match() {
                return Err(whole.start);
            }
            let group = match rule.secret_group {
                Some(g) => caps.get_group(g),
                None => (1..=rule.groups)
                    .filter_map(|g| caps.get_group(g))
                    .find(|s| s.start < s.end),
            };
            match group {
                Some(span) => secret = span.range(),
                None if rule.secret_group.is_some() => return Err(whole.start),
                None => {}
            }
        }
        if rule.extent == Extent::PemBlock {
            match extend_pem(hay, whole.clone()) {
                Some(r) => secret = r,
                None => return Err(whole.start),
            }
        }
        let secret = snap(text, secret);
        if secret.is_empty() {
            return Err(secret.start);
        }
        let reject = Err(secret.start);
        let ctx = MatchCtx {
            text: hay,
            whole: whole.start.min(secret.start)..whole.end.max(secret.end),
            secret: secret.clone(),
        };
        if let Some(v) = rule.validator {
            if !v(&ctx) {
                return reject;
            }
        }
        if let Some(min) = rule.entropy {
            if shannon_entropy(ctx.secret()) < min {
                return reject;
            }
        }
        let secret_bytes = ctx.secret();
        if rule
            .allowlists
            .iter()
            .chain(self.global_allowlists.iter())
            .any(|a| a.allows(hay, &ctx.whole, secret_bytes))
        {
            return reject;
        }
        cands.push(Candidate {
            rule: rule.id.clone(),
            span: secret,
            class: rule.class,
            source: SecretSource::Text,
        });
        Ok(())
    }
}

/// Widen a byte range to UTF-8 character boundaries.
fn snap(text: &str, r: Range<usize>) -> Range<usize> {
    let mut s = r.start.min(text.len());
    let mut e = r.end.min(text.len());
    while s > 0 && !text.is_char_boundary(s) {
        s -= 1;
    }
    while e < text.len() && !text.is_char_boundary(e) {
        e += 1;
    }
    s..e
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_b64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// Length of a line break at `i`: a real CR/LF or a JSON-escaped `\n`/`\r`.
fn line_break_len(hay: &[u8], i: usize) -> usize {
    match hay.get(i) {
        Some(b'\n') | Some(b'\r') => 1,
        Some(b'\\') if matches!(hay.get(i + 1), Some(b'n') | Some(b'r')) => 2,
        _ => 0,
    }
}

/// Extend a PEM/PGP header match over its body and END line. `None` when
/// the body has fewer than 64 base64 characters (documentation stubs).
fn extend_pem(hay: &[u8], header: Range<usize>) -> Option<Range<usize>> {
    const ARMOR: [&[u8]; 5] = [
        b"Proc-Type:",
        b"DEK-Info:",
        b"Comment:",
        b"Version:",
        b"Hash:",
    ];
    let limit = hay.len().min(header.end + 64 * 1024);
    let mut e = header.end;
    let mut body_end = header.end;
    let mut b64 = 0usize;
    let is_sep = |i: usize| line_break_len(hay, i) > 0 || matches!(hay.get(i), Some(b' ' | b'\t'));
    loop {
        while e < limit && is_sep(e) {
            e += line_break_len(hay, e).max(1);
        }
        if e >= limit {
            break;
        }
        if hay[e..].starts_with(b"-----END ") {
            let after = e + 9;
            let close = memchr::memmem::find(&hay[after..hay.len().min(after + 64)], b"-----")
                .map(|j| after + j + 5);
            if b64 >= 64 {
                return Some(header.start..close.unwrap_or(after));
            }
            return None;
        }
        if ARMOR.iter().any(|a| hay[e..].starts_with(a)) {
            while e < limit && line_break_len(hay, e) == 0 {
                e += 1;
            }
            body_end = e;
            continue;
        }
        let line_start = e;
        while e < limit && is_b64(hay[e]) {
            e += 1;
        }
        if e == line_start {
            break;
        }
        b64 += e - line_start;
        body_end = e;
        if e < limit && !is_sep(e) {
            break;
        }
    }
    (b64 >= 64).then_some(header.start..body_end)
}

/// Pick non-overlapping candidates: most specific class first, then
/// longest. A less specific candidate that partly overlaps accepted ones
/// keeps its uncovered parts (so a generic match that swallowed a provider
/// token is still redacted around it); fragments without an alphanumeric
/// character are dropped.
fn resolve(mut cands: Vec<Candidate>, protected: &[Range<usize>], text: &[u8]) -> Vec<Candidate> {
    if cands.is_empty() {
        return cands;
    }
    cands.sort_by(|a, b| {
        b.class
            .cmp(&a.class)
            .then((b.span.end - b.span.start).cmp(&(a.span.end - a.span.start)))
            .then(a.span.start.cmp(&b.span.start))
    });
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    for p in protected {
        taken.insert(p.start, p.end);
    }
    let mut out = Vec::with_capacity(cands.len());
    for c in cands {
        let Range { start, end } = c.span;
        let overlapping: Vec<(usize, usize)> = taken
            .range(..end)
            .rev()
            .take_while(|(_, &e)| e > start)
            .map(|(&s, &e)| (s, e))
            .collect();
        // `take_while` on descending starts can stop early at a disjoint
        // interval; intervals in `taken` are disjoint, so any later one
        // would end before it starts and cannot overlap either.
        if overlapping.is_empty() {
            taken.insert(start, end);
            out.push(c);
            continue;
        }
        if matches!(c.source, SecretSource::Known(..)) {
            continue;
        }
        let mut cursor = start;
        let mut pieces = Vec::new();
        for (s, e) in overlapping.into_iter().rev() {
            if s > cursor {
                pieces.push(cursor..s);
            }
            cursor = cursor.max(e);
        }
        if cursor < end {
            pieces.push(cursor..end);
        }
        for piece in pieces {
            if text[piece.clone()].iter().any(u8::is_ascii_alphanumeric) {
                taken.insert(piece.start, piece.end);
                out.push(Candidate {
                    rule: c.rule.clone(),
                    span: piece,
                    class: c.class,
                    source: SecretSource::Text,
                });
            }
        }
    }
    out.sort_by_key(|c| c.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_found_clean_is_scanned_again_once_a_known_secret_is_added() {
        let scanner = Scanner::new();
        let text = "deploy with token zq8Xv2LmN4pR7tYw then report";
        let opts = ScanOptions::default();
        // Twice: the second answer comes from the texts remembered clean.
        assert!(scanner.candidates(text, &opts).is_empty());
        assert!(scanner.candidates(text, &opts).is_empty());
        scanner
            .add_known_secret("deploy", "zq8Xv2LmN4pR7tYw")
            .expect("registered");
        let found: Vec<&str> = scanner
            .candidates(text, &opts)
            .iter()
            .map(|c| &text[c.span.clone()])
            .collect();
        assert_eq!(found, ["zq8Xv2LmN4pR7tYw"]);
        assert!(scanner.remove_known_secret("deploy"));
        assert!(scanner.candidates(text, &opts).is_empty());
        // Other options are remembered apart: known secrets only, then everything.
        assert!(scanner
            .candidates(text, &ScanOptions::known_only())
            .is_empty());
        scanner
            .add_known_secret("deploy", "zq8Xv2LmN4pR7tYw")
            .expect("registered");
        assert_eq!(
            scanner.candidates(text, &ScanOptions::known_only()).len(),
            1
        );
    }

    #[test]
    fn pem_stub_is_not_a_finding() {
        let s = Scanner::new();
        let doc = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----";
        assert!(s.scan(doc, &ScanOptions::default()).is_empty());
    }

    #[test]
    fn snap_widens_to_char_boundaries() {
        let t = "aé b";
        assert_eq!(snap(t, 2..3), 1..3);
    }
}
