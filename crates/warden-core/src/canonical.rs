//! RFC 8785 JSON Canonicalization Scheme (JCS).
//!
//! Hashing an event means hashing bytes, and two honest parties must produce the same bytes for
//! the same JSON value. JCS fixes the three degrees of freedom JSON leaves open: object member
//! order (sorted by UTF-16 code units), number formatting (ECMAScript `Number.prototype.toString`
//! of the IEEE 754 double) and string escaping (the minimal set, lowercase `\u00xx`).
//!
//! Written here rather than taken from a crate because it sits on the ingest hot path: it writes
//! into a caller-owned buffer without intermediate allocations, and its rules are short enough to
//! check against the RFC's test vectors (see the tests below).

use serde_json::{Map, Number, Value};

/// Canonical bytes of `value`.
pub fn to_vec(value: &Value) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    write_value(&mut out, value);
    out
}

/// Canonical text of `value` (always valid UTF-8).
pub fn to_string(value: &Value) -> String {
    // `write_value` copies `str` input verbatim and adds only ASCII, so this never fails.
    String::from_utf8(to_vec(value)).unwrap_or_default()
}

/// Appends the canonical encoding of `value` to `out`.
pub fn write_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => write_object(out, map),
    }
}

fn write_object(out: &mut Vec<u8>, map: &Map<String, Value>) {
    // Always sort: whether serde_json's map keeps keys sorted depends on its `preserve_order`
    // feature, which any crate in the build can turn on (Cedar does), so the canonical form
    // must not rely on it. ASCII keys sort the same by bytes and by UTF-16 code units.
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    if entries.iter().all(|(k, _)| k.is_ascii()) {
        entries.sort_unstable_by(|(a, _), (b, _)| a.as_bytes().cmp(b.as_bytes()));
    } else {
        entries.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
    }
    out.push(b'{');
    for (i, (key, val)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_string(out, key);
        out.push(b':');
        write_value(out, val);
    }
    out.push(b'}');
}

/// Largest integer magnitude a double represents exactly; integers within it print as-is.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

fn write_number(out: &mut Vec<u8>, n: &Number) {
    if let Some(u) = n.as_u64() {
        if u <= MAX_SAFE_INTEGER {
            out.extend_from_slice(u.to_string().as_bytes());
            return;
        }
    } else if let Some(i) = n.as_i64() {
        if i.unsigned_abs() <= MAX_SAFE_INTEGER {
            out.extend_from_slice(i.to_string().as_bytes());
            return;
        }
    }
    // JCS numbers are IEEE 754 doubles: larger integers and all fractions take the
    // ECMAScript shortest round-trip form. serde_json never yields NaN or infinities.
    let f = n.as_f64().unwrap_or(0.0);
    if f == 0.0 {
        out.push(b'0'); // -0 serializes as 0
        return;
    }
    let mut buf = ryu_js::Buffer::new();
    out.extend_from_slice(buf.format_finite(f).as_bytes());
}

/// Writes a JSON string with JCS escaping: `"` `\` and control characters only.
pub fn write_string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x09 => b"\\t",
            0x0a => b"\\n",
            0x0c => b"\\f",
            0x0d => b"\\r",
            0x00..=0x1f => {
                out.extend_from_slice(&bytes[start..i]);
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 0xf) as usize]);
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(escape);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canon(text: &str) -> String {
        let v: Value = serde_json::from_str(text).expect("test input parses");
        to_string(&v)
    }

    #[test]
    fn rfc8785_section_3_2_2_example() {
        let input = r#"{
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        let expected = r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#;
        assert_eq!(canon(input), expected);
    }

    #[test]
    fn sorts_keys_by_utf16_code_units() {
        // RFC 8785 3.2.3: "\u20ac" (€) sorts before "\ud83d\ude00" (😀) in UTF-16 though the
        // emoji's code point is larger; and "\u00f6" after "\u0080".
        let input = r#"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#;
        let out = canon(input);
        let order: Vec<&str> = ["\\r", "\"1\"", "\u{80}", "ö", "€", "😀", "\u{fb33}"].to_vec();
        let mut last = 0;
        for needle in order {
            let pos = out.find(needle).expect("key present");
            assert!(pos >= last, "{needle} out of order in {out}");
            last = pos;
        }
    }

    #[test]
    fn numbers_follow_ecmascript() {
        assert_eq!(to_string(&json!(-0.0)), "0");
        assert_eq!(to_string(&json!(1.0)), "1");
        assert_eq!(to_string(&json!(-1)), "-1");
        assert_eq!(to_string(&json!(9007199254740991u64)), "9007199254740991");
        assert_eq!(to_string(&json!(9007199254740993u64)), "9007199254740992");
        assert_eq!(to_string(&json!(1e21)), "1e+21");
        assert_eq!(to_string(&json!(1e20)), "100000000000000000000");
        assert_eq!(to_string(&json!(5e-324)), "5e-324");
    }

    #[test]
    fn escapes_only_what_jcs_requires() {
        assert_eq!(
            to_string(&json!("a\u{1}b/\u{7f}é")),
            "\"a\\u0001b/\u{7f}é\""
        );
        assert_eq!(to_string(&json!("\u{8}\u{c}")), "\"\\b\\f\"");
    }

    #[test]
    fn canonical_output_reparses_to_the_same_value() {
        let v = json!({"z": [1, 2.5, "x"], "a": {"nested": null, "b": true}});
        let reparsed: Value = serde_json::from_slice(&to_vec(&v)).expect("reparse");
        assert_eq!(reparsed, v);
        assert_eq!(to_vec(&reparsed), to_vec(&v));
    }
}
