//! One JSON-RPC 2.0 message, read as a borrowed view over its original bytes.
//!
//! Only the envelope is decoded: `id` and the payload members stay [`RawValue`] slices of the
//! input, so the transports can forward the input itself and the record can quote it exactly.
//! Members Warden does not know are skipped without being copied.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;

/// Which way a message travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// From the agent (MCP client) to the tool server.
    ClientToServer,
    /// From the tool server to the agent.
    ServerToClient,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::ClientToServer => "client_to_server",
            Direction::ServerToClient => "server_to_client",
        }
    }

    pub fn reverse(self) -> Self {
        match self {
            Direction::ClientToServer => Direction::ServerToClient,
            Direction::ServerToClient => Direction::ClientToServer,
        }
    }
}

/// What a message is, by the members it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameKind {
    /// `method` and `id`: expects a response.
    Request,
    /// `method`, no `id`.
    Notification,
    /// `result` and `id`.
    Result,
    /// `error` (with an `id`, or `null`/absent when the request could not be read).
    Error,
}

/// Why bytes are not a JSON-RPC message. The text never quotes the message (it may carry
/// secrets); it says where and what.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("not JSON ({0})")]
    NotJson(String),
    #[error("a JSON-RPC message must be an object (or, before 2025-06-18, a batch array)")]
    NotAnObject,
    #[error("\"jsonrpc\" must be \"2.0\"")]
    BadVersion,
    #[error("a message needs \"method\", \"result\" or \"error\"")]
    NoKind,
    #[error("\"id\" must be a string or an integer")]
    BadId,
    #[error("an empty batch is not a message")]
    EmptyBatch,
}

#[derive(Deserialize)]
struct Wire<'a> {
    #[serde(borrow, default)]
    jsonrpc: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    method: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    params: Option<&'a RawValue>,
    #[serde(borrow, default)]
    result: Option<&'a RawValue>,
    #[serde(borrow, default)]
    error: Option<&'a RawValue>,
}

/// A JSON-RPC message as a view over its bytes.
#[derive(Clone, Debug, yoke::Yokeable)]
pub struct Frame<'a> {
    raw: &'a str,
    kind: FrameKind,
    id: Option<&'a RawValue>,
    method: Option<Cow<'a, str>>,
    params: Option<&'a RawValue>,
    result: Option<&'a RawValue>,
    error: Option<&'a RawValue>,
}

impl<'a> Frame<'a> {
    /// Reads one message. `raw` is kept as the message's text (no copy).
    pub fn parse(raw: &'a str) -> Result<Self, ParseError> {
        let trimmed = raw.trim_start();
        if !trimmed.starts_with('{') {
            // Decode anyway so that invalid JSON is reported as such, not as "not an object".
            return match serde_json::from_str::<&RawValue>(raw) {
                Err(e) => Err(ParseError::NotJson(e.to_string())),
                Ok(_) => Err(ParseError::NotAnObject),
            };
        }
        let wire: Wire<'a> =
            serde_json::from_str(raw).map_err(|e| ParseError::NotJson(e.to_string()))?;
        if wire.jsonrpc.as_deref() != Some("2.0") {
            return Err(ParseError::BadVersion);
        }
        let id = wire.id.filter(|v| v.get() != "null");
        if let Some(id) = id {
            let t = id.get().as_bytes();
            let ok = matches!(t.first(), Some(b'"'))
                || t.iter().all(|b| b.is_ascii_digit() || *b == b'-');
            if !ok {
                return Err(ParseError::BadId);
            }
        }
        let kind = match (&wire.method, id, wire.result, wire.error) {
            (Some(_), Some(_), _, _) => FrameKind::Request,
            (Some(_), None, _, _) => FrameKind::Notification,
            (None, _, Some(_), _) => FrameKind::Result,
            (None, _, None, Some(_)) => FrameKind::Error,
            _ => return Err(ParseError::NoKind),
        };
        Ok(Frame {
            raw,
            kind,
            id,
            method: wire.method,
            params: wire.params,
            result: wire.result,
            error: wire.error,
        })
    }

    /// The message's original text.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    pub fn kind(&self) -> FrameKind {
        self.kind
    }

    pub fn is_request(&self) -> bool {
        self.kind == FrameKind::Request
    }

    pub fn is_response(&self) -> bool {
        matches!(self.kind, FrameKind::Result | FrameKind::Error)
    }

    /// The id as its JSON text (`7` or `"abc"`), so numbers and strings stay distinct.
    pub fn id(&self) -> Option<&'a str> {
        self.id.map(RawValue::get)
    }

    pub fn method(&self) -> Option<&str> {
        self.method.as_deref()
    }

    pub fn params(&self) -> Option<&'a RawValue> {
        self.params
    }

    pub fn result(&self) -> Option<&'a RawValue> {
        self.result
    }

    pub fn error(&self) -> Option<&'a RawValue> {
        self.error
    }

    /// The params members Warden reads (`name`, `uri`, `arguments`, `_meta`), decoded lazily.
    pub fn call_params(&self) -> CallParams<'a> {
        self.params
            .and_then(|p| serde_json::from_str::<CallParams<'a>>(p.get()).ok())
            .unwrap_or_default()
    }
}

/// A message read once and kept with its text, so that another task reads the same parse: the
/// HTTP proxy checks a request on its way and taps it off the request path without reading
/// it again.
pub struct OwnedFrame(yoke::Yoke<Frame<'static>, Arc<str>>);

impl OwnedFrame {
    /// Reads one message (see [`Frame::parse`]).
    pub fn parse(text: Arc<str>) -> Result<Self, ParseError> {
        yoke::Yoke::<Frame<'static>, Arc<str>>::try_attach_to_cart(text, |t: &str| Frame::parse(t))
            .map(Self)
    }

    pub fn frame(&self) -> &Frame<'_> {
        self.0.get()
    }
}

impl std::fmt::Debug for OwnedFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.frame().fmt(f)
    }
}

/// The members of a request's params that policy and correlation need. Strings borrow from
/// the message where they carry no escapes.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CallParams<'a> {
    /// Tool or prompt name.
    #[serde(borrow, default)]
    pub name: Option<Cow<'a, str>>,
    /// Resource URI.
    #[serde(borrow, default)]
    pub uri: Option<Cow<'a, str>>,
    /// Tool arguments (or prompt arguments), raw.
    #[serde(borrow, default)]
    pub arguments: Option<&'a RawValue>,
    /// `notifications/cancelled`: the request being cancelled.
    #[serde(borrow, default, rename = "requestId")]
    pub request_id: Option<&'a RawValue>,
    /// `notifications/progress`: the token the progress is about.
    #[serde(borrow, default, rename = "progressToken")]
    pub progress_token: Option<&'a RawValue>,
    /// MRTR: state a client hands back when it retries an `input_required` request.
    #[serde(borrow, default, rename = "requestState")]
    pub request_state: Option<Cow<'a, str>>,
    #[serde(borrow, default, rename = "inputResponses")]
    pub input_responses: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub _meta: Option<Meta<'a>>,
}

impl CallParams<'_> {
    /// The `Mcp-Name` source value: `params.name`, else `params.uri`.
    pub fn target_name(&self) -> Option<&str> {
        self.name.as_deref().or(self.uri.as_deref())
    }
}

/// The `_meta` members Warden reads.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Meta<'a> {
    #[serde(borrow, default, rename = "progressToken")]
    pub progress_token: Option<&'a RawValue>,
    /// W3C trace context carried by the client.
    #[serde(borrow, default)]
    pub traceparent: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub tracestate: Option<Cow<'a, str>>,
    /// `2026-07-28`: the request's protocol version.
    #[serde(borrow, default, rename = "io.modelcontextprotocol/protocolVersion")]
    pub protocol_version: Option<Cow<'a, str>>,
}

/// A W3C `traceparent` (`00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`), validated.
pub fn parse_traceparent(tp: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = tp.trim().split('-').collect();
    let [version, trace, span, flags] = parts.as_slice() else {
        return None;
    };
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(version, 2) || *version == "ff" || !hex(trace, 32) || !hex(span, 16) || !hex(flags, 2) {
        return None;
    }
    if trace.bytes().all(|b| b == b'0') || span.bytes().all(|b| b == b'0') {
        return None;
    }
    Some((trace.to_ascii_lowercase(), span.to_ascii_lowercase()))
}

/// Splits a message text into its messages: one object, or the members of a legacy batch.
/// Each item is the original text of that message.
pub fn split_batch(raw: &str) -> Result<Vec<&str>, ParseError> {
    if raw.trim_start().starts_with('[') {
        let items: Vec<&RawValue> =
            serde_json::from_str(raw).map_err(|e| ParseError::NotJson(e.to_string()))?;
        if items.is_empty() {
            return Err(ParseError::EmptyBatch);
        }
        Ok(items.into_iter().map(RawValue::get).collect())
    } else {
        Ok(vec![raw])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_request_without_touching_unknown_members() {
        let raw = r#"{"jsonrpc":"2.0","id":7,"method":"tools/call","x-vendor":{"a":[1,2]},"params":{"name":"echo","arguments":{"z":1,"a":2},"_meta":{"progressToken":"p1","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","custom":true}}}"#;
        let f = Frame::parse(raw).unwrap();
        assert_eq!(f.kind(), FrameKind::Request);
        assert_eq!(f.id(), Some("7"));
        assert_eq!(f.method(), Some("tools/call"));
        assert_eq!(f.raw(), raw);
        let p = f.call_params();
        assert_eq!(p.name.as_deref(), Some("echo"));
        assert_eq!(p.arguments.unwrap().get(), r#"{"z":1,"a":2}"#);
        let meta = p._meta.unwrap();
        assert_eq!(meta.progress_token.unwrap().get(), r#""p1""#);
        let (trace, span) = parse_traceparent(meta.traceparent.as_deref().unwrap()).unwrap();
        assert_eq!(trace, "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(span, "00f067aa0ba902b7");
    }

    #[test]
    fn an_owned_frame_is_the_same_reading_kept_with_its_text() {
        let raw = r#"{"jsonrpc":"2.0","id":"a1","method":"tools/call","params":{"name":"echo","arguments":{"x":1}}}"#;
        let owned = OwnedFrame::parse(Arc::from(raw)).unwrap();
        // It can move to another thread (the tap runs off the request path).
        let owned = std::thread::spawn(move || owned).join().unwrap();
        let f = owned.frame();
        assert_eq!(f.raw(), raw);
        assert_eq!(f.id(), Some(r#""a1""#));
        assert_eq!(f.method(), Some("tools/call"));
        assert_eq!(
            f.call_params().arguments.map(RawValue::get),
            Some(r#"{"x":1}"#)
        );
        assert_eq!(
            OwnedFrame::parse(Arc::from("[1")).err(),
            Frame::parse("[1").err()
        );
    }

    #[test]
    fn string_and_number_ids_stay_distinct() {
        let a = Frame::parse(r#"{"jsonrpc":"2.0","id":"7","result":{}}"#).unwrap();
        let b = Frame::parse(r#"{"jsonrpc":"2.0","id":7,"result":{}}"#).unwrap();
        assert_ne!(a.id(), b.id());
        assert_eq!(a.kind(), FrameKind::Result);
    }

    #[test]
    fn classifies_notifications_and_errors() {
        let n = Frame::parse(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).unwrap();
        assert_eq!(n.kind(), FrameKind::Notification);
        let e =
            Frame::parse(r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}"#)
                .unwrap();
        assert_eq!(e.kind(), FrameKind::Error);
        assert_eq!(e.id(), None);
    }

    #[test]
    fn rejects_what_is_not_json_rpc() {
        assert!(matches!(Frame::parse("{nope"), Err(ParseError::NotJson(_))));
        assert_eq!(Frame::parse("42").unwrap_err(), ParseError::NotAnObject);
        assert_eq!(
            Frame::parse(r#"{"jsonrpc":"1.0","method":"x"}"#).unwrap_err(),
            ParseError::BadVersion
        );
        assert_eq!(
            Frame::parse(r#"{"jsonrpc":"2.0","id":1}"#).unwrap_err(),
            ParseError::NoKind
        );
        assert_eq!(
            Frame::parse(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#).unwrap_err(),
            ParseError::BadId
        );
    }

    #[test]
    fn escaped_names_are_decoded() {
        let f = Frame::parse(
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a\u00e9b"}}"#,
        )
        .unwrap();
        assert_eq!(f.call_params().name.as_deref(), Some("aéb"));
    }

    #[test]
    fn batches_split_into_original_texts() {
        let raw = r#"[{"jsonrpc":"2.0","id":1,"method":"ping"} , {"jsonrpc":"2.0","method":"n"}]"#;
        let items = split_batch(raw).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0], r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#);
        assert_eq!(split_batch("[]").unwrap_err(), ParseError::EmptyBatch);
    }

    #[test]
    fn traceparent_is_validated() {
        assert!(
            parse_traceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01").is_none()
        );
        assert!(parse_traceparent("garbage").is_none());
        assert!(
            parse_traceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").is_none()
        );
    }
}
