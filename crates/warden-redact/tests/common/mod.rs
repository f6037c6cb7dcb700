//! Deterministic generators for fake, realistically shaped credentials.
//! Nothing here is a real secret: every value is produced at run time from
//! a fixed seed, so no literal in the repository looks like a live key.
#![allow(dead_code)]

use warden_redact::{KeyRing, Redactor, Scanner};

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn from(&mut self, alphabet: &str, n: usize) -> String {
        let a = alphabet.as_bytes();
        (0..n).map(|_| a[self.below(a.len())] as char).collect()
    }
    pub fn alnum(&mut self, n: usize) -> String {
        self.from(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            n,
        )
    }
    pub fn alpha(&mut self, n: usize) -> String {
        self.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", n)
    }
    pub fn upper_alnum(&mut self, n: usize) -> String {
        self.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n)
    }
    pub fn lower_alnum(&mut self, n: usize) -> String {
        self.from("abcdefghijklmnopqrstuvwxyz0123456789", n)
    }
    pub fn base32(&mut self, n: usize) -> String {
        self.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n)
    }
    pub fn hex(&mut self, n: usize) -> String {
        self.from("0123456789abcdef", n)
    }
    pub fn digits(&mut self, n: usize) -> String {
        let first = self.from("123456789", 1);
        first + &self.from("0123456789", n - 1)
    }
    pub fn b64(&mut self, n: usize) -> String {
        self.from(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            n,
        )
    }
    pub fn urlsafe(&mut self, n: usize) -> String {
        // End on an alphanumeric so the token boundary is unambiguous.
        let mut s = self.from(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
            n - 1,
        );
        s.push_str(&self.alnum(1));
        s
    }
    /// A realistic-looking password: letters, digits and a symbol.
    pub fn password(&mut self, n: usize) -> String {
        let mut s = self.alnum(n - 3);
        s.push_str(&self.digits(2));
        s.push_str(&self.from("!#%&*?", 1));
        s
    }
    /// A PEM body of `lines` 64-character base64 lines.
    pub fn pem_body(&mut self, lines: usize) -> String {
        let mut s = String::new();
        for _ in 0..lines {
            s.push_str(&self.b64(64));
            s.push('\n');
        }
        s.push_str(&self.b64(20));
        s.push_str("==\n");
        s
    }
}

pub fn redactor() -> Redactor {
    Redactor::new(Scanner::new(), KeyRing::new(1, [42u8; 32]))
}
