//! Unit tests of the UI's building blocks: escaping, summaries, secret references, charts.

use serde_json::json;

use super::describe;
use super::html::{url_encode, Html};

#[test]
fn runtime_text_never_becomes_markup() {
    let mut h = Html::default();
    let evil = "<script>alert(1)</script>\" onload=\"x' &";
    h.leaf("td", &[("title", evil)], evil);
    let out = h.into_string();
    assert!(!out.contains("<script>"), "{out}");
    assert!(!out.contains("\" onload"), "{out}");
    assert_eq!(
        out,
        "<td title=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x&#39; &amp;\">&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x&#39; &amp;</td>"
    );
}

#[test]
fn url_values_are_percent_encoded() {
    assert_eq!(url_encode("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
    assert_eq!(url_encode("sess-1_2.x~"), "sess-1_2.x~");
}

#[test]
fn secret_references_are_found_in_nested_bodies() {
    let body = json!({"tool_input": {"command": "curl -H 'Authorization: [REDACTED:github-pat:hmac-sha256:1:abcd]' x",
        "env": ["[REDACTED:aws-key:hmac-sha256:1:ef01]", "plain"]}});
    let mut refs = Vec::new();
    describe::secret_refs(&body, &mut refs);
    refs.sort();
    assert_eq!(
        refs,
        vec![
            ("aws-key".to_owned(), "hmac-sha256:1:ef01".to_owned()),
            ("github-pat".to_owned(), "hmac-sha256:1:abcd".to_owned())
        ]
    );
}

#[test]
fn cut_respects_character_boundaries() {
    let s = "ééééé";
    let c = describe::cut(s, 3);
    assert_eq!(c, "é…");
    assert_eq!(describe::cut("short", 10), "short");
}

#[test]
fn chart_draws_one_bar_per_bucket_and_alert_overlays() {
    let buckets = vec![
        warden_store::Bucket {
            start_ns: 0,
            events: 10,
            alerts: 0,
        },
        warden_store::Bucket {
            start_ns: 60_000_000_000,
            events: 5,
            alerts: 2,
        },
    ];
    let mut h = Html::default();
    super::chart::activity(&mut h, "t", &buckets, 60_000_000_000, (0, 120_000_000_000));
    let out = h.into_string();
    assert_eq!(out.matches("class=\"bar\"").count(), 2);
    assert_eq!(out.matches("class=\"bar-alert\"").count(), 1);
    assert!(out.contains("5 events, 2 alerts"));
    // Placed on the period's scale: the second bucket starts half way along the axis.
    assert!(out.contains("<rect x=\"360.0\""), "{out}");
}
