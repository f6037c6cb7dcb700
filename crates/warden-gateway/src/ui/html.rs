//! A small HTML builder that escapes by construction.
//!
//! Markup can only come from `&'static str` (tag names, attribute names, literal fragments
//! written in this crate); every runtime string goes through [`escape`]. So a value from an
//! event, an agent name or a query parameter can never become markup: there is no method that
//! takes a runtime string unescaped.

use std::fmt::Write as _;

/// An HTML document or fragment under construction.
#[derive(Default)]
pub struct Html(String);

/// One attribute: a static name and a runtime value (escaped when written).
pub type Attr<'a> = (&'static str, &'a str);

impl Html {
    pub fn with_capacity(n: usize) -> Self {
        Self(String::with_capacity(n))
    }

    /// Literal markup written in this crate.
    pub fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text content, escaped.
    pub fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.0, s);
        self
    }

    /// A number as text.
    pub fn num(&mut self, n: impl std::fmt::Display) -> &mut Self {
        let _ = write!(self.0, "{n}");
        self
    }

    /// `<tag attrs…>` … `</tag>`, the body written by `body`.
    pub fn el(
        &mut self,
        tag: &'static str,
        attrs: &[Attr<'_>],
        body: impl FnOnce(&mut Self),
    ) -> &mut Self {
        self.open(tag, attrs);
        body(self);
        self.close(tag)
    }

    /// `<tag attrs…>text</tag>`.
    pub fn leaf(&mut self, tag: &'static str, attrs: &[Attr<'_>], text: &str) -> &mut Self {
        self.el(tag, attrs, |h| {
            h.text(text);
        })
    }

    /// `<tag attrs…>` with no closing tag (void elements, or a close written later).
    pub fn open(&mut self, tag: &'static str, attrs: &[Attr<'_>]) -> &mut Self {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            escape_into(&mut self.0, value);
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    pub fn close(&mut self, tag: &'static str) -> &mut Self {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Appends a fragment built separately (already escaped by construction).
    pub fn append(&mut self, other: Html) -> &mut Self {
        self.0.push_str(&other.0);
        self
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Escapes text for element content and double-quoted attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Percent-encodes a value for a URL path segment or query value.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
