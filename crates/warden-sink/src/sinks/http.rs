//! The HTTP transport the Splunk HEC, webhook, OCSF and OTLP sinks share: one client, one rule
//! for what a response means.
//!
//! 2xx is an acknowledgement. 400, 413 and 422 say the payload itself is unacceptable: the
//! events are refused (the delivery loop isolates them and dead-letters the culprits). Every
//! other answer (401/403 bad credentials, 404 wrong path, 408, 429, 5xx) and every network error
//! is about the destination, not the events: retried with backoff until it is fixed.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};

use crate::secret::Token;
use crate::sink::SendError;

#[derive(Clone, Debug)]
pub struct HttpTransport {
    client: reqwest::Client,
    url: reqwest::Url,
    auth: Option<HeaderValue>,
    /// Kept to scrub it from a receiver's error text, should one echo it back.
    token: Option<Token>,
}

impl HttpTransport {
    /// A transport posting to `url`; `auth` is the full `Authorization` value (scheme + token).
    pub fn new(url: &str, timeout: Duration, auth: Option<(&str, &Token)>) -> Result<Self, String> {
        let url = reqwest::Url::parse(url).map_err(|e| format!("{url:?} is not a URL: {e}"))?;
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("warden/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        let auth_token = auth.map(|(_, t)| t.clone());
        let auth = match auth {
            Some((scheme, token)) => {
                let mut v = HeaderValue::from_str(&format!("{scheme} {}", token.expose()))
                    .map_err(|_| "the token holds characters a header cannot carry".to_owned())?;
                v.set_sensitive(true);
                Some(v)
            }
            None => None,
        };
        Ok(Self {
            client,
            url,
            auth,
            token: auth_token,
        })
    }

    pub fn url(&self) -> &reqwest::Url {
        &self.url
    }

    /// POSTs `body`; `Ok` with the response body on 2xx.
    pub async fn post(
        &self,
        content_type: &'static str,
        body: Vec<u8>,
    ) -> Result<bytes::Bytes, SendError> {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Some(a) = &self.auth {
            headers.insert(AUTHORIZATION, a.clone());
        }
        let response = self
            .client
            .post(self.url.clone())
            .headers(headers)
            .body(body)
            .send()
            .await
            .map_err(|e| SendError::Transient(describe(&self.url, &e)))?;
        let status = response.status();
        // A bounded look at the body, for the reason; receivers' errors are short.
        let body = response.bytes().await.unwrap_or_default();
        if status.is_success() {
            return Ok(body);
        }
        let mut detail: String = String::from_utf8_lossy(&body[..body.len().min(300)])
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        if let Some(t) = &self.token {
            detail = detail.replace(t.expose(), "[token]");
        }
        let reason = format!("{} answered {status}: {detail}", host(&self.url));
        match status.as_u16() {
            400 | 413 | 422 => Err(SendError::Rejected(reason)),
            _ => Err(SendError::Transient(reason)),
        }
    }
}

/// The error without the URL's query or credentials (reqwest's Display includes the URL).
fn describe(url: &reqwest::Url, e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    let mut source = std::error::Error::source(e);
    let mut cause = String::new();
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    format!("{}: {what} ({cause})", host(url))
}

fn host(url: &reqwest::Url) -> String {
    format!(
        "{}://{}{}",
        url.scheme(),
        url.host_str().unwrap_or("?"),
        url.port().map(|p| format!(":{p}")).unwrap_or_default()
    )
}
