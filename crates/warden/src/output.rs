//! Human output: aligned tables, times, one-line summaries of event bodies.

use serde_json::Value;
use time::OffsetDateTime;

/// Prints rows as a left-aligned table with a header; the last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<w$}  "));
            }
        }
        println!("{}", out.trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// `2026-11-21 04:35:35.123` (UTC) from Unix nanoseconds.
pub fn time_ns(ns: i64) -> String {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:3]"
    );
    OffsetDateTime::from_unix_timestamp_nanos(ns as i128)
        .ok()
        .and_then(|t| t.format(fmt).ok())
        .unwrap_or_else(|| ns.to_string())
}

/// A short, single-line description of an event body for tables.
pub fn summarize(body: Option<&Value>, width: usize) -> String {
    let Some(body) = body else {
        return "(body purged)".into();
    };
    let pick = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| body.get(*k).and_then(Value::as_str).map(str::to_owned))
    };
    let text = match (
        pick(&["tool_name", "tool", "method"]),
        pick(&["prompt", "text", "message", "summary"]),
    ) {
        (Some(tool), _) => {
            let args = body
                .get("tool_input")
                .or_else(|| body.get("arguments"))
                .map(|a| a.to_string());
            format!("{tool} {}", args.unwrap_or_default())
        }
        (None, Some(text)) => text,
        (None, None) => body.to_string(),
    };
    clip(&text.replace(['\n', '\r', '\t'], " "), width)
}

/// Cuts `s` to at most `width` characters, marking the cut.
pub fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
