//! A small deterministic mutator for the bounded fuzz run in the test suite: byte flips,
//! insertions, deletions, duplications, splices between corpus entries, and tokens that
//! parsers of JSON, SSE and tokens find hard (deep nesting, huge numbers, lone surrogates,
//! stray CRs, invalid UTF-8). Deterministic from its seed so a failure reproduces.
//!
//! Written by hand because the test suite runs on stable Rust, where libFuzzer's mutator
//! (cargo-fuzz) is not available; cargo-fuzz runs the same targets with its own mutator.

/// Largest input the mutator produces.
pub const MAX_LEN: usize = 64 * 1024;

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"\\",
    b"\\u0000",
    b"\\ud800",
    b"\\udfff\\ud800",
    b"\r",
    b"\n",
    b"\r\n",
    b"\n\n",
    b"data: ",
    b"event: ",
    b"id: ",
    b"retry: ",
    b":comment\n",
    b"1e999",
    b"-0",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"1.7976931348623157e309",
    b"0.0000000000000000000000000001",
    b"true",
    b"null",
    b"\"jsonrpc\":\"2.0\"",
    b"\"id\":1",
    b"\"method\":\"tools/call\"",
    b"\"params\":{}",
    b"\"result\":{}",
    b"\"error\":{}",
    b"\"hook_event_name\":\"PreToolUse\"",
    b"\"tool_name\":\"Bash\"",
    b"\"session_id\":\"s\"",
    b"\"tool_input\":{}",
    b"\xff",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\x00",
    b"eyJhbGciOiJub25lIn0.",
    b"eyJhbGciOiJFUzI1NiIsImtpZCI6IngifQ.",
    b"..",
    b"=",
    b"\x0a\x00",
    b"\x12\xff\xff\xff\xff\x0f",
    b"\x08\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01",
];

/// xorshift64*: enough randomness for mutation, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// A mutation of `input` (1–4 edits), sometimes spliced with `other`.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        edit(rng, &mut out, other);
    }
    out.truncate(MAX_LEN);
    out
}

fn edit(rng: &mut Rng, out: &mut Vec<u8>, other: &[u8]) {
    let len = out.len();
    match rng.below(9) {
        0 if len > 0 => {
            let i = rng.below(len);
            out[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            out[i] = rng.next_u64() as u8;
        }
        2 => {
            let i = rng.below(len + 1);
            out.insert(i, rng.next_u64() as u8);
        }
        3 if len > 0 => {
            let start = rng.below(len);
            let end = (start + 1 + rng.below(16)).min(len);
            out.drain(start..end);
        }
        4 if len > 0 => {
            let start = rng.below(len);
            let end = (start + 1 + rng.below(64)).min(len);
            let piece = out[start..end].to_vec();
            let at = rng.below(out.len() + 1);
            out.splice(at..at, piece);
        }
        5 | 6 => {
            let token = TOKENS[rng.below(TOKENS.len())];
            let at = rng.below(len + 1);
            out.splice(at..at, token.iter().copied());
        }
        7 if !other.is_empty() => {
            let cut = rng.below(len + 1);
            let from = rng.below(other.len());
            out.truncate(cut);
            out.extend_from_slice(&other[from..]);
        }
        _ => {
            // Deep nesting: the classic stack exhaustion.
            let depth = 1 + rng.below(4096);
            let open = if rng.below(2) == 0 { b'[' } else { b'{' };
            let at = rng.below(len + 1);
            let nest: Vec<u8> = std::iter::repeat_n(open, depth).collect();
            out.splice(at..at, nest);
        }
    }
}
