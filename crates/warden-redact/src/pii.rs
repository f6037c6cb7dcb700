//! PII recognisers with validation (checksums, number plans, area rules).
//! Off by default; enabled per call ([`crate::ScanOptions`]) or per JSON
//! field ([`crate::FieldPolicy`]).

use std::fmt;
use std::sync::Arc;

use crate::rule::{compile_builtin_regex, Class, Extent, Locality, MatchCtx, Rule, Validator};

/// One kind of PII.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PiiKind {
    /// Payment card numbers (Luhn + known IIN ranges and lengths).
    CreditCard,
    /// International bank account numbers (country length + mod-97).
    Iban,
    /// E-mail addresses.
    Email,
    /// Phone numbers (E.164 with `+`, or North American formats).
    Phone,
    /// US social security numbers (area/group/serial rules).
    UsSsn,
}

impl PiiKind {
    /// All kinds.
    pub const ALL: [PiiKind; 5] = [
        PiiKind::CreditCard,
        PiiKind::Iban,
        PiiKind::Email,
        PiiKind::Phone,
        PiiKind::UsSsn,
    ];

    /// The rule id used in findings and references.
    pub fn rule_id(self) -> &'static str {
        match self {
            PiiKind::CreditCard => "pii-credit-card",
            PiiKind::Iban => "pii-iban",
            PiiKind::Email => "pii-email",
            PiiKind::Phone => "pii-phone",
            PiiKind::UsSsn => "pii-us-ssn",
        }
    }

    fn bit(self) -> u8 {
        match self {
            PiiKind::CreditCard => 1,
            PiiKind::Iban => 2,
            PiiKind::Email => 4,
            PiiKind::Phone => 8,
            PiiKind::UsSsn => 16,
        }
    }
}

/// A set of [`PiiKind`]s (empty by default).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PiiSet(u8);

impl PiiSet {
    /// No PII recognisers.
    pub const NONE: PiiSet = PiiSet(0);
    /// Every PII recogniser.
    pub const ALL: PiiSet = PiiSet(31);

    /// A set of the given kinds.
    pub fn of(kinds: &[PiiKind]) -> PiiSet {
        kinds.iter().fold(PiiSet::NONE, |s, k| s.with(*k))
    }
    /// This set plus `kind`.
    #[must_use]
    pub fn with(self, kind: PiiKind) -> PiiSet {
        PiiSet(self.0 | kind.bit())
    }
    /// Whether `kind` is in the set.
    pub fn contains(self, kind: PiiKind) -> bool {
        self.0 & kind.bit() != 0
    }
    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Union of two sets.
    #[must_use]
    pub fn union(self, other: PiiSet) -> PiiSet {
        PiiSet(self.0 | other.0)
    }
}

impl fmt::Debug for PiiSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(PiiKind::ALL.iter().filter(|k| self.contains(**k)))
            .finish()
    }
}

pub(crate) fn pii_rules() -> Vec<(PiiKind, Rule)> {
    let mk = |kind: PiiKind, desc: &str, re: &str, v: Validator| {
        let regex = compile_builtin_regex(re)
            .unwrap_or_else(|e| panic!("built-in PII rule {} must compile: {e}", kind.rule_id()));
        let groups = regex.captures_len().saturating_sub(1);
        (
            kind,
            Rule {
                id: Arc::from(kind.rule_id()),
                description: desc.to_string(),
                pattern: re.to_string(),
                regex,
                groups,
                secret_group: None,
                entropy: None,
                keywords: Vec::new(),
                allowlists: Vec::new(),
                locality: Locality::Anywhere,
                class: Class::Pii,
                validator: Some(v),
                extent: Extent::Match,
                word_start: false,
            },
        )
    };
    vec![
        mk(
            PiiKind::CreditCard,
            "Payment card number (Luhn-valid, known IIN and length)",
            r"\b[0-9](?:[ \-]?[0-9]){11,18}\b",
            v_card,
        ),
        mk(
            PiiKind::Iban,
            "IBAN (country length and ISO 7064 mod-97 checksum)",
            r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b",
            v_iban,
        ),
        mk(
            PiiKind::Email,
            "E-mail address",
            r"\b[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b",
            v_email,
        ),
        mk(
            PiiKind::Phone,
            "Phone number (E.164 or North American)",
            r"(?:\+[1-9][0-9 .\-()]{6,22}[0-9]|(?:\([2-9][0-9]{2}\) ?|\b[2-9][0-9]{2}[ .\-])[2-9][0-9]{2}[ .\-][0-9]{4})\b",
            v_phone,
        ),
        mk(
            PiiKind::UsSsn,
            "US social security number (area/group/serial rules)",
            r"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b",
            v_ssn,
        ),
    ]
}

fn digits(v: &[u8]) -> Vec<u8> {
    v.iter()
        .filter(|b| b.is_ascii_digit())
        .map(|b| b - b'0')
        .collect()
}

/// Luhn (mod 10) check over decimal digits.
pub fn luhn_valid(digits: &[u8]) -> bool {
    if digits.len() < 2 {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn prefix_num(d: &[u8], n: usize) -> u32 {
    d.iter().take(n).fold(0, |acc, &x| acc * 10 + u32::from(x))
}

/// Known issuer ranges with their valid lengths.
pub fn card_network_matches(d: &[u8]) -> bool {
    let len = d.len();
    let p1 = prefix_num(d, 1);
    let p2 = prefix_num(d, 2);
    let p3 = prefix_num(d, 3);
    let p4 = prefix_num(d, 4);
    let p6 = prefix_num(d, 6);
    // Visa
    (p1 == 4 && matches!(len, 13 | 16 | 19))
        // Mastercard
        || ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16
        // American Express
        || (p2 == 34 || p2 == 37) && len == 15
        // Discover
        || (p4 == 6011 || p2 == 65 || (644..=649).contains(&p3) || (622126..=622925).contains(&p6))
            && (16..=19).contains(&len)
        // JCB
        || (3528..=3589).contains(&p4) && (16..=19).contains(&len)
        // Diners Club
        || ((300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39) && (14..=19).contains(&len)
        // UnionPay
        || p2 == 62 && (16..=19).contains(&len)
        // Maestro
        || (p2 == 50 || (56..=58).contains(&p2) || p4 == 6304 || p4 == 6759) && (12..=19).contains(&len)
}

fn v_card(c: &MatchCtx<'_>) -> bool {
    let s = c.secret();
    // Separators, if any, must be all spaces or all dashes, in groups of 3-6.
    let has_space = s.contains(&b' ');
    let has_dash = s.contains(&b'-');
    if has_space && has_dash {
        return false;
    }
    if has_space || has_dash {
        let sep = if has_space { b' ' } else { b'-' };
        if s.split(|&b| b == sep).any(|g| !(3..=6).contains(&g.len())) {
            return false;
        }
    }
    let d = digits(s);
    (13..=19).contains(&d.len())
        && d.iter().any(|&x| x != d[0])
        && card_network_matches(&d)
        && luhn_valid(&d)
}

/// IBAN lengths by country (ISO 13616 registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// IBAN validity: known country, its length, and mod-97 == 1.
pub fn iban_valid(iban: &[u8]) -> bool {
    let compact: Vec<u8> = iban.iter().copied().filter(|b| *b != b' ').collect();
    if compact.len() < 15 || !compact.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let Ok(country) = std::str::from_utf8(&compact[..2]) else {
        return false;
    };
    let Some(&(_, len)) = IBAN_LENGTHS.iter().find(|(c, _)| *c == country) else {
        return false;
    };
    if compact.len() != len {
        return false;
    }
    let rearranged = compact[4..].iter().chain(compact[..4].iter());
    let mut rem: u32 = 0;
    for &b in rearranged {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

fn v_iban(c: &MatchCtx<'_>) -> bool {
    iban_valid(c.secret())
}

fn v_email(c: &MatchCtx<'_>) -> bool {
    let s = c.secret();
    let Some(at) = s.iter().position(|&b| b == b'@') else {
        return false;
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with(b".")
        && !local.ends_with(b".")
        && memchr::memmem::find(local, b"..").is_none()
        && domain.len() <= 253
        // Code such as `pkg@1.2.3` or `user@localhost` is not an address.
        && domain.iter().any(u8::is_ascii_alphabetic)
        && !domain.rsplit(|&b| b == b'.').next().is_some_and(|tld| {
            // File extensions that look like TLDs in `name@2x.png`.
            matches!(tld, b"png" | b"jpg" | b"jpeg" | b"gif" | b"svg" | b"webp" | b"js" | b"ts" | b"css")
        })
}

fn v_phone(c: &MatchCtx<'_>) -> bool {
    let s = c.secret();
    let d = digits(s);
    if s.first() == Some(&b'+') {
        // E.164: at most 15 digits; at least 8 to be a callable number.
        if !(8..=15).contains(&d.len()) {
            return false;
        }
        // No runs of separators, balanced parentheses.
        let opens = s.iter().filter(|&&b| b == b'(').count();
        let closes = s.iter().filter(|&&b| b == b')').count();
        opens == closes
            && opens <= 1
            && !s
                .windows(2)
                .any(|w| matches!(w[0], b' ' | b'.' | b'-') && matches!(w[1], b' ' | b'.' | b'-'))
    } else {
        d.len() == 10
    }
}

fn v_ssn(c: &MatchCtx<'_>) -> bool {
    let d = digits(c.secret());
    if d.len() != 9 {
        return false;
    }
    let area = prefix_num(&d, 3);
    let group = prefix_num(&d[3..], 2);
    let serial = prefix_num(&d[5..], 4);
    let s = c.secret();
    // Numbers published in advertising that were never valid.
    if s == b"078-05-1120" || s == b"219-09-9999" {
        return false;
    }
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_iban() {
        assert!(luhn_valid(&digits(b"4111111111111111")));
        assert!(!luhn_valid(&digits(b"4111111111111112")));
        assert!(iban_valid(b"GB82WEST12345698765432"));
        assert!(iban_valid(b"DE89 3704 0044 0532 0130 00"));
        assert!(!iban_valid(b"GB82WEST12345698765433"));
        assert!(!iban_valid(b"XX82WEST12345698765432"));
    }
}
