//! `2026-07-28` request metadata headers: `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name`
//! mirror the body so intermediaries can route without parsing it. A gateway that decides on
//! the body while something else routes on the headers must make sure the two agree: a
//! request whose headers disagree with its body is refused (400, JSON-RPC `-32020`).

use base64::Engine as _;

use crate::envelope::Frame;

/// JSON-RPC error code of a header/body mismatch (`HeaderMismatch`).
pub const HEADER_MISMATCH: i64 = -32020;

/// The header values a request arrived with (names are case-insensitive; the caller looks
/// them up).
#[derive(Clone, Debug, Default)]
pub struct RequestHeaders<'a> {
    pub protocol_version: Option<&'a str>,
    pub method: Option<&'a str>,
    pub name: Option<&'a str>,
}

/// What is wrong with a request's headers. The text is safe to send back: it names the
/// header, never quotes argument values beyond the method and tool name the client sent.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HeaderError {
    #[error("Header mismatch: required header {0} is missing")]
    Missing(&'static str),
    #[error("Header mismatch: {header} header value '{header_value}' does not match body value '{body_value}'")]
    Mismatch {
        header: &'static str,
        header_value: String,
        body_value: String,
    },
    #[error("Header mismatch: {0} header value is not valid (bad characters or base64)")]
    Malformed(&'static str),
}

/// Methods whose requests must carry `Mcp-Name`.
pub fn needs_name(method: &str) -> bool {
    matches!(method, "tools/call" | "resources/read" | "prompts/get")
}

/// Decodes a header value that may use the `=?base64?…?=` sentinel form; `None` when the
/// value is neither that form nor printable ASCII.
pub fn decode_value(v: &str) -> Option<String> {
    if let Some(inner) = v
        .strip_prefix("=?base64?")
        .and_then(|r| r.strip_suffix("?="))
    {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(inner)
            .ok()?;
        return String::from_utf8(bytes).ok();
    }
    v.bytes()
        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
        .then(|| v.to_owned())
}

/// Checks a stateless-era request's headers against its body. Only requests are checked: the
/// revision defines no header rules for notification POSTs.
pub fn validate(headers: &RequestHeaders<'_>, frame: &Frame<'_>) -> Result<(), HeaderError> {
    if !frame.is_request() {
        return Ok(());
    }
    let method = frame.method().unwrap_or_default();
    let params = frame.call_params();
    let header_version = headers
        .protocol_version
        .ok_or(HeaderError::Missing("MCP-Protocol-Version"))?;
    if let Some(body_version) = params
        ._meta
        .as_ref()
        .and_then(|m| m.protocol_version.as_deref())
    {
        if body_version != header_version {
            return Err(HeaderError::Mismatch {
                header: "MCP-Protocol-Version",
                header_value: header_version.to_owned(),
                body_value: body_version.to_owned(),
            });
        }
    }
    let header_method = headers.method.ok_or(HeaderError::Missing("Mcp-Method"))?;
    if header_method != method {
        return Err(HeaderError::Mismatch {
            header: "Mcp-Method",
            header_value: header_method.to_owned(),
            body_value: method.to_owned(),
        });
    }
    if needs_name(method) {
        let raw = headers.name.ok_or(HeaderError::Missing("Mcp-Name"))?;
        let decoded = decode_value(raw).ok_or(HeaderError::Malformed("Mcp-Name"))?;
        let body = params.target_name().unwrap_or_default();
        if decoded != body {
            return Err(HeaderError::Mismatch {
                header: "Mcp-Name",
                header_value: decoded,
                body_value: body.to_owned(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CALL: &str = r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_weather","arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#;

    fn hdrs<'a>(v: Option<&'a str>, m: Option<&'a str>, n: Option<&'a str>) -> RequestHeaders<'a> {
        RequestHeaders {
            protocol_version: v,
            method: m,
            name: n,
        }
    }

    #[test]
    fn agreeing_headers_pass() {
        let f = Frame::parse(CALL).unwrap();
        let h = hdrs(Some("2026-07-28"), Some("tools/call"), Some("get_weather"));
        assert_eq!(validate(&h, &f), Ok(()));
    }

    #[test]
    fn a_name_that_disagrees_is_refused() {
        let f = Frame::parse(CALL).unwrap();
        let h = hdrs(Some("2026-07-28"), Some("tools/call"), Some("list_files"));
        let err = validate(&h, &f).unwrap_err();
        assert!(matches!(
            err,
            HeaderError::Mismatch {
                header: "Mcp-Name",
                ..
            }
        ));
        assert!(err
            .to_string()
            .contains("does not match body value 'get_weather'"));
    }

    #[test]
    fn method_and_version_must_agree_and_be_present() {
        let f = Frame::parse(CALL).unwrap();
        assert!(matches!(
            validate(
                &hdrs(Some("2026-07-28"), Some("tools/list"), Some("get_weather")),
                &f
            ),
            Err(HeaderError::Mismatch {
                header: "Mcp-Method",
                ..
            })
        ));
        assert_eq!(
            validate(&hdrs(Some("2026-07-28"), None, Some("get_weather")), &f),
            Err(HeaderError::Missing("Mcp-Method"))
        );
        assert_eq!(
            validate(&hdrs(Some("2026-07-28"), Some("tools/call"), None), &f),
            Err(HeaderError::Missing("Mcp-Name"))
        );
        assert!(matches!(
            validate(
                &hdrs(Some("2025-11-25"), Some("tools/call"), Some("get_weather")),
                &f
            ),
            Err(HeaderError::Mismatch {
                header: "MCP-Protocol-Version",
                ..
            })
        ));
    }

    #[test]
    fn base64_sentinel_names_are_decoded_before_comparison() {
        let raw = r#"{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"file:///世界","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"#;
        let f = Frame::parse(raw).unwrap();
        let enc = format!(
            "=?base64?{}?=",
            base64::engine::general_purpose::STANDARD.encode("file:///世界")
        );
        let h = hdrs(Some("2026-07-28"), Some("resources/read"), Some(&enc));
        assert_eq!(validate(&h, &f), Ok(()));
        let bad = hdrs(
            Some("2026-07-28"),
            Some("resources/read"),
            Some("=?base64?!!?="),
        );
        assert_eq!(validate(&bad, &f), Err(HeaderError::Malformed("Mcp-Name")));
    }
}
