//! Server-Sent Events framing, observed from the side.
//!
//! The proxy forwards an SSE stream chunk by chunk exactly as it arrives; [`SseReader`] is fed
//! the same chunks and reports each complete event (its `data`, `id` and `event` fields) so the
//! messages in it can be recorded and inspected. It never produces bytes for the stream.
//! Line endings may be `\n`, `\r\n` or `\r` (the SSE grammar allows all three).

/// One complete event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event` field (`message` when absent, per the SSE spec).
    pub event: Option<String>,
    /// The `id` field, used for `Last-Event-ID` resumption.
    pub id: Option<String>,
    /// The `data` lines joined with `\n`.
    pub data: String,
}

/// Incremental parser. Memory is bounded: an event larger than `max_event` is skipped and
/// counted in [`SseReader::oversized`] (it is still forwarded; it just is not inspected).
#[derive(Debug)]
pub struct SseReader {
    line: Vec<u8>,
    current: SseEvent,
    has_data: bool,
    size: usize,
    skipping: bool,
    /// The previous chunk ended in `\r`: a `\n` starting the next chunk belongs to it.
    after_cr: bool,
    max_event: usize,
    pub oversized: u64,
}

impl Default for SseReader {
    fn default() -> Self {
        Self::new(16 * 1024 * 1024)
    }
}

impl SseReader {
    pub fn new(max_event: usize) -> Self {
        Self {
            line: Vec::new(),
            current: SseEvent::default(),
            has_data: false,
            size: 0,
            skipping: false,
            after_cr: false,
            max_event,
            oversized: 0,
        }
    }

    /// Feeds a chunk; returns the events it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        let mut out = Vec::new();
        let mut rest = chunk;
        if self.after_cr {
            if let Some(b'\n') = rest.first() {
                rest = &rest[1..];
            }
            self.after_cr = false;
        }
        while let Some(pos) = memchr::memchr2(b'\n', b'\r', rest) {
            self.push_bytes(&rest[..pos]);
            let line = std::mem::take(&mut self.line);
            self.end_line(&line, &mut out);
            if rest[pos] == b'\r' {
                match rest.get(pos + 1) {
                    Some(b'\n') => rest = &rest[pos + 2..],
                    Some(_) => rest = &rest[pos + 1..],
                    None => {
                        self.after_cr = true;
                        rest = &[];
                    }
                }
            } else {
                rest = &rest[pos + 1..];
            }
        }
        self.push_bytes(rest);
        out
    }

    fn push_bytes(&mut self, b: &[u8]) {
        if self.skipping {
            return;
        }
        self.size += b.len();
        if self.size > self.max_event {
            self.skipping = true;
            self.line.clear();
            return;
        }
        self.line.extend_from_slice(b);
    }

    fn end_line(&mut self, line: &[u8], out: &mut Vec<SseEvent>) {
        if line.is_empty() && !self.skipping {
            // Blank line: dispatch.
            if self.has_data {
                out.push(std::mem::take(&mut self.current));
            } else {
                self.current = SseEvent::default();
            }
            self.has_data = false;
            self.size = 0;
            return;
        }
        if self.skipping {
            if line.is_empty() {
                self.oversized += 1;
                self.skipping = false;
                self.current = SseEvent::default();
                self.has_data = false;
                self.size = 0;
            }
            return;
        }
        if line[0] == b':' {
            return; // comment / keep-alive
        }
        let text = String::from_utf8_lossy(line);
        // Invalid UTF-8 decodes to U+FFFD, three bytes for each bad byte: what the event keeps
        // can outgrow the raw bytes counted so far, so the growth counts against the bound too.
        self.size += text.len().saturating_sub(line.len());
        if self.size > self.max_event {
            self.skipping = true;
            return;
        }
        let (field, value) = match text.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (text.as_ref(), ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.current.data.push('\n');
                }
                self.current.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.current.id = Some(value.to_owned()),
            "event" => self.current.event = Some(value.to_owned()),
            _ => {}
        }
    }
}

/// One message framed as an SSE `message` event (for messages Warden relays whole or writes
/// itself); a message with newlines becomes several `data:` lines, as the grammar requires.
pub fn frame_event(message: &str) -> String {
    let mut out = String::with_capacity(message.len() + 24);
    out.push_str("event: message\n");
    for line in message.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_across_chunks_and_line_endings() {
        let stream = b"id: 1\r\nevent: message\r\ndata: {\"a\":1}\r\n\r\n: keepalive\n\ndata: x\ndata: y\rid: 2\r\r";
        for split in 0..stream.len() {
            let mut r = SseReader::default();
            let mut got = r.feed(&stream[..split]);
            got.extend(r.feed(&stream[split..]));
            assert_eq!(got.len(), 2, "split at {split}");
            assert_eq!(got[0].id.as_deref(), Some("1"));
            assert_eq!(got[0].event.as_deref(), Some("message"));
            assert_eq!(got[0].data, "{\"a\":1}");
            assert_eq!(got[1].data, "x\ny");
            assert_eq!(got[1].id.as_deref(), Some("2"));
        }
    }

    #[test]
    fn framed_events_read_back_as_the_message() {
        let msg = "{\"a\":\n1}";
        let mut r = SseReader::default();
        let got = r.feed(frame_event(msg).as_bytes());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].data, msg);
    }

    #[test]
    fn an_event_without_data_is_not_dispatched() {
        let mut r = SseReader::default();
        assert!(r.feed(b"id: 5\n\n").is_empty());
    }

    #[test]
    fn oversized_events_are_skipped_not_buffered() {
        let mut r = SseReader::new(16);
        let big = format!("data: {}\n\ndata: ok\n\n", "x".repeat(100));
        let got = r.feed(big.as_bytes());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].data, "ok");
        assert_eq!(r.oversized, 1);
    }

    /// Found by the `sse` fuzz target: ten invalid bytes fit a 16-byte bound raw but decode to
    /// thirty bytes of U+FFFD, which were kept.
    #[test]
    fn invalid_utf8_counts_against_the_bound_as_decoded() {
        let mut stream = b"data: ".to_vec();
        stream.extend_from_slice(&[0xff; 10]);
        stream.extend_from_slice(b"\n\ndata: ok\n\n");
        let mut r = SseReader::new(16);
        let got = r.feed(&stream);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].data, "ok");
        assert_eq!(r.oversized, 1);
    }
}
