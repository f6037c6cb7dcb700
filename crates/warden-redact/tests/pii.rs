//! PII recognisers: valid values are found, invalid checksums are not, and
//! nothing is reported unless PII is enabled.

mod common;

use common::Rng;
use warden_redact::{PiiKind, PiiSet, ScanOptions, Scanner};

fn luhn_complete(prefix: &str, len: usize, r: &mut Rng) -> String {
    let mut digits: Vec<u8> = prefix.bytes().map(|b| b - b'0').collect();
    while digits.len() < len - 1 {
        digits.push(r.below(10) as u8);
    }
    // Check digit.
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
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
    digits.push(((10 - sum % 10) % 10) as u8);
    digits.iter().map(|d| (b'0' + d) as char).collect()
}

fn iban(country: &str, bban: &str) -> String {
    let rearranged = format!("{bban}{country}00");
    let mut rem: u32 = 0;
    for ch in rearranged.chars() {
        let v = ch.to_digit(36).unwrap();
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("{country}{:02}{bban}", 98 - rem)
}

fn scanner() -> &'static Scanner {
    static S: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    S.get_or_init(Scanner::new)
}

fn found(text: &str, kind: PiiKind) -> Vec<String> {
    let s = scanner();
    s.scan(text, &ScanOptions::default().with_pii(PiiSet::of(&[kind])))
        .into_iter()
        .filter(|m| m.rule_id == kind.rule_id())
        .map(|m| text[m.span].to_string())
        .collect()
}

fn group4(s: &str, sep: char) -> String {
    s.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(&sep.to_string())
}

#[test]
fn credit_cards() {
    let mut r = Rng::new(21);
    let valid = [
        luhn_complete("4", 16, &mut r),
        luhn_complete("51", 16, &mut r),
        luhn_complete("2221", 16, &mut r),
        luhn_complete("37", 15, &mut r),
        luhn_complete("6011", 16, &mut r),
        luhn_complete("3530", 16, &mut r),
    ];
    for card in &valid {
        assert_eq!(
            found(&format!("card: {card}, exp 12/29"), PiiKind::CreditCard),
            vec![card.clone()]
        );
        if card.len() == 16 {
            let spaced = group4(card, ' ');
            assert_eq!(
                found(&format!("pay with {spaced} now"), PiiKind::CreditCard),
                vec![spaced.clone()]
            );
            let dashed = group4(card, '-');
            assert_eq!(found(&dashed, PiiKind::CreditCard), vec![dashed.clone()]);
        }
        // One wrong digit breaks the checksum.
        let mut bad: Vec<u8> = card.bytes().collect();
        let last = bad.len() - 1;
        bad[last] = if bad[last] == b'9' {
            b'0'
        } else {
            bad[last] + 1
        };
        let bad = String::from_utf8(bad).unwrap();
        assert!(
            found(&format!("card: {bad}"), PiiKind::CreditCard).is_empty(),
            "{bad}"
        );
    }
    // Luhn-valid but unknown issuer / wrong length, and repeated digits.
    let unknown = luhn_complete("9", 16, &mut r);
    assert!(found(&unknown, PiiKind::CreditCard).is_empty());
    let amex_wrong_len = luhn_complete("37", 16, &mut r);
    assert!(found(&amex_wrong_len, PiiKind::CreditCard).is_empty());
    assert!(found("0000000000000000", PiiKind::CreditCard).is_empty());
    // Mixed separators are not a card.
    let c = &valid[0];
    let mixed = format!("{} {}-{} {}", &c[0..4], &c[4..8], &c[8..12], &c[12..16]);
    assert!(found(&mixed, PiiKind::CreditCard).is_empty());
}

#[test]
fn ibans() {
    let mut r = Rng::new(22);
    let gb = iban("GB", &format!("WEST{}", r.digits(14)));
    let de = iban("DE", &r.digits(18));
    let fr = iban("FR", &format!("{}{}", r.digits(10), r.upper_alnum(13)));
    for i in [&gb, &de, &fr] {
        assert_eq!(
            found(&format!("IBAN {i}."), PiiKind::Iban),
            vec![i.clone()],
            "{i}"
        );
        let spaced = group4(i, ' ');
        assert_eq!(
            found(&format!("IBAN: {spaced}"), PiiKind::Iban),
            vec![spaced.clone()]
        );
        // Swap two digits of the BBAN: mod-97 fails.
        let mut b: Vec<u8> = i.bytes().collect();
        let n = b.len();
        b.swap(n - 1, n - 2);
        if b[n - 1] != b[n - 2] {
            let bad = String::from_utf8(b).unwrap();
            assert!(found(&bad, PiiKind::Iban).is_empty(), "{bad}");
        }
    }
    // Wrong length for the country.
    let short = iban("GB", &format!("WEST{}", r.digits(13)));
    assert!(found(&short, PiiKind::Iban).is_empty());
}

#[test]
fn emails_phones_ssns() {
    assert_eq!(
        found("mail jane.doe+x@mail.example.co.uk today", PiiKind::Email),
        ["jane.doe+x@mail.example.co.uk"]
    );
    assert!(found("import x from 'lodash@4.17.21'", PiiKind::Email).is_empty());
    assert!(found("icon@2x.png", PiiKind::Email).is_empty());

    for p in [
        "+1 415 555 2671",
        "+44 20 7946 0958",
        "+4915112345678",
        "(415) 555-2671",
        "415-555-2671",
    ] {
        assert_eq!(
            found(&format!("call {p} please"), PiiKind::Phone),
            [p.to_string()],
            "{p}"
        );
    }
    for p in [
        "+12 34",
        "+1234567890123456789",
        "2024-01-15",
        "v1.2.3",
        "123-456-7890",
    ] {
        assert!(found(&format!("x {p} y"), PiiKind::Phone).is_empty(), "{p}");
    }

    assert_eq!(
        found("SSN 123-45-6789 on file", PiiKind::UsSsn),
        ["123-45-6789"]
    );
    for bad in [
        "000-12-3456",
        "666-12-3456",
        "912-34-5678",
        "123-00-4567",
        "123-45-0000",
        "078-05-1120",
    ] {
        assert!(found(bad, PiiKind::UsSsn).is_empty(), "{bad}");
    }
}

#[test]
fn pii_is_off_by_default() {
    let s = Scanner::new();
    let text =
        "jane@example.org 415-555-2671 123-45-6789 4111 1111 1111 1111 GB82WEST12345698765432";
    assert!(s.scan(text, &ScanOptions::default()).is_empty());
    assert_eq!(
        s.scan(text, &ScanOptions::default().with_pii(PiiSet::ALL))
            .len(),
        5
    );
}
