//! SVG charts of activity and alerts over time, drawn on the server: no chart library, no
//! script, and the CSP needs nothing inline (colours come from classes in `ui.css`).

use warden_store::Bucket;

use super::html::Html;

const W: f64 = 720.0;
const H: f64 = 140.0;
const PAD: f64 = 24.0;

/// A bar chart of events per bucket over `[from_ns, to_ns)`, with the alerts of each bucket
/// drawn over it; one `<title>` per bar so hovering tells the exact counts.
pub(crate) fn activity(
    h: &mut Html,
    title: &str,
    buckets: &[Bucket],
    bucket_ns: i64,
    (from_ns, to_ns): (i64, i64),
) {
    let max = buckets.iter().map(|b| b.events).max().unwrap_or(0).max(1) as f64;
    let span = (to_ns - from_ns).max(1) as f64;
    let width = W - 2.0 * PAD;
    let bar_w = (bucket_ns as f64 / span * width).max(1.0);
    let view = format!("0 0 {W} {H}");
    h.el("figure", &[("class", "chart")], |h| {
        h.leaf("figcaption", &[], title);
        h.el(
            "svg",
            &[
                ("viewBox", &view),
                ("role", "img"),
                ("aria-label", title),
                ("class", "chart-svg"),
            ],
            |h| {
                let base = format!("{}", H - PAD);
                let right = format!("{}", W - PAD);
                h.open(
                    "line",
                    &[
                        ("x1", "24"),
                        ("y1", &base),
                        ("x2", &right),
                        ("y2", &base),
                        ("class", "axis"),
                    ],
                );
                h.close("line");
                for b in buckets {
                    let x = PAD + ((b.start_ns - from_ns) as f64 / span * width).max(0.0);
                    bar(h, x, bar_w, b.events as f64 / max, "bar", b, true);
                    if b.alerts > 0 {
                        bar(h, x, bar_w, b.alerts as f64 / max, "bar-alert", b, false);
                    }
                }
                label(h, 2.0, 14.0, &format!("{}", max as i64));
                label(h, 2.0, H - PAD, "0");
                label(h, PAD, H - 6.0, &super::fmt_ns(from_ns));
                label(h, W - 150.0, H - 6.0, &super::fmt_ns(to_ns));
            },
        );
        if buckets.is_empty() {
            h.leaf("p", &[("class", "muted")], "No events in this period.");
        }
    });
}

fn bar(h: &mut Html, x: f64, w: f64, frac: f64, class: &str, b: &Bucket, tip: bool) {
    let height = (frac * (H - 2.0 * PAD)).max(1.0);
    let y = H - PAD - height;
    let (xs, ys, ws, hs) = (
        format!("{x:.1}"),
        format!("{y:.1}"),
        format!("{:.1}", (w - 1.0).max(1.0)),
        format!("{height:.1}"),
    );
    h.el(
        "rect",
        &[
            ("x", &xs),
            ("y", &ys),
            ("width", &ws),
            ("height", &hs),
            ("class", class),
        ],
        |h| {
            if tip {
                let t = format!(
                    "{}: {} events, {} alerts",
                    super::fmt_ns(b.start_ns),
                    b.events,
                    b.alerts
                );
                h.leaf("title", &[], &t);
            }
        },
    );
}

fn label(h: &mut Html, x: f64, y: f64, text: &str) {
    let (xs, ys) = (format!("{x:.1}"), format!("{y:.1}"));
    h.leaf(
        "text",
        &[("x", &xs), ("y", &ys), ("class", "chart-label")],
        text,
    );
}

/// A bucket size giving about 48 bars over `span_ns`, rounded to a readable unit.
pub(crate) fn bucket_for(span_ns: i64) -> i64 {
    const MIN: i64 = 60_000_000_000;
    let units = [
        MIN,
        5 * MIN,
        15 * MIN,
        60 * MIN,
        6 * 60 * MIN,
        24 * 60 * MIN,
    ];
    let want = span_ns / 48;
    units
        .iter()
        .copied()
        .find(|u| *u >= want)
        .unwrap_or(24 * 60 * MIN)
}
