//! The one relay for every streamed answer a proxy passes on (MCP Streamable HTTP SSE, model
//! API SSE): each chunk goes to the client before anything reads it, then to an [`Observer`]
//! that records it.
//!
//! Why one helper: the order "send, let the connection write, then read" is what keeps the
//! proxies' added latency per chunk small, and the ends (upstream done, upstream cut off,
//! client gone) must be handled alike everywhere. The channel to the client is bounded: a
//! slow client or a slow observer slows the reading of the upstream (back-pressure), never
//! drops a chunk.

use std::future::Future;

use axum::body::Body;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;

/// Chunks in flight between the relay task and the client's connection.
const IN_FLIGHT: usize = 64;

/// How a relayed stream ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// The upstream finished its answer.
    Complete,
    /// The upstream's answer broke off (the client was sent the error).
    CutOff,
    /// The client went away (the upstream request is dropped with the relay).
    ClientGone,
}

/// What reads a relayed stream, chunk by chunk, after the client was sent each chunk.
pub(crate) trait Observer: Send + 'static {
    /// A chunk the client has already been sent.
    fn chunk(&mut self, chunk: &Bytes) -> impl Future<Output = ()> + Send;
    /// The stream is over; the client's side is already closed.
    fn end(self, how: End) -> impl Future<Output = ()> + Send;
}

/// Whether an answer is an SSE stream (relayed chunk by chunk) rather than one body.
pub(crate) fn is_event_stream(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/event-stream"))
}

/// The sending half a relay writes the client's body into.
pub(crate) type BodyTx = mpsc::Sender<Result<Bytes, std::io::Error>>;

/// A body the caller writes into (its own chunks, then possibly a [`pump`]).
pub(crate) fn channel_body() -> (BodyTx, Body) {
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(IN_FLIGHT);
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    (tx, Body::from_stream(stream))
}

/// Relays `upstream` to a new body in a task of its own, `observer` reading along.
pub(crate) fn relay<S, E, O>(upstream: S, observer: O) -> Body
where
    S: Stream<Item = Result<Bytes, E>> + Send + Unpin + 'static,
    E: std::error::Error + Send + Sync + 'static,
    O: Observer,
{
    let (tx, body) = channel_body();
    tokio::spawn(pump(upstream, tx, observer));
    body
}

/// Sends each chunk of `upstream` into `tx`, then hands it to `observer`; ends the observer
/// when the upstream ends, breaks off, or the client goes away (even while the upstream is
/// quiet, as a long-lived listen stream is).
pub(crate) async fn pump<S, E, O>(mut upstream: S, tx: BodyTx, mut observer: O)
where
    S: Stream<Item = Result<Bytes, E>> + Send + Unpin,
    E: std::error::Error + Send + Sync + 'static,
    O: Observer,
{
    let how = loop {
        let next = tokio::select! {
            next = upstream.next() => next,
            _ = tx.closed() => break End::ClientGone,
        };
        let chunk = match next {
            None => break End::Complete,
            Some(Ok(chunk)) => chunk,
            Some(Err(e)) => {
                let _ = tx.send(Err(std::io::Error::other(e))).await;
                break End::CutOff;
            }
        };
        if tx.send(Ok(chunk.clone())).await.is_err() {
            break End::ClientGone;
        }
        // Let the connection write the chunk before this task reads it.
        tokio::task::yield_now().await;
        observer.chunk(&chunk).await;
    };
    drop(tx);
    // Likewise the end of the body, before the observer's closing work.
    tokio::task::yield_now().await;
    observer.end(how).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Seen(Arc<Mutex<(Vec<Bytes>, Option<End>)>>);

    impl Observer for Seen {
        async fn chunk(&mut self, chunk: &Bytes) {
            self.0.lock().unwrap().0.push(chunk.clone());
        }
        async fn end(self, how: End) {
            self.0.lock().unwrap().1 = Some(how);
        }
    }

    async fn collect(body: Body) -> (Vec<u8>, bool) {
        let mut s = body.into_data_stream();
        let mut out = Vec::new();
        while let Some(next) = s.next().await {
            match next {
                Ok(b) => out.extend_from_slice(&b),
                Err(_) => return (out, false),
            }
        }
        (out, true)
    }

    #[tokio::test]
    async fn chunks_reach_the_client_unchanged_and_the_observer_in_order() {
        let parts = ["data: 1\n\n", "data: ", "2\n\n"];
        let upstream = futures_util::stream::iter(
            parts.map(|p| Ok::<_, std::io::Error>(Bytes::from_static(p.as_bytes()))),
        );
        let seen = Seen::default();
        let (bytes, ok) = collect(relay(upstream, seen.clone())).await;
        assert!(ok);
        assert_eq!(bytes, parts.concat().as_bytes());
        // The observer ends after the body does; wait for it.
        for _ in 0..100 {
            if seen.0.lock().unwrap().1.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let g = seen.0.lock().unwrap();
        assert_eq!(g.1, Some(End::Complete));
        let got: Vec<&[u8]> = g.0.iter().map(|b| b.as_ref()).collect();
        assert_eq!(got, parts.map(str::as_bytes).to_vec());
    }

    #[tokio::test]
    async fn a_broken_upstream_reaches_the_client_as_an_error() {
        let upstream = futures_util::stream::iter(vec![
            Ok(Bytes::from_static(b"data: 1\n\n")),
            Err(std::io::Error::other("reset")),
        ]);
        let seen = Seen::default();
        let (bytes, ok) = collect(relay(upstream, seen.clone())).await;
        assert!(!ok, "the client must see the cut, not a clean end");
        assert_eq!(bytes, b"data: 1\n\n");
        for _ in 0..100 {
            if seen.0.lock().unwrap().1.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(seen.0.lock().unwrap().1, Some(End::CutOff));
    }

    #[tokio::test]
    async fn a_departed_client_ends_the_relay_while_the_upstream_is_quiet() {
        let upstream = futures_util::stream::pending::<Result<Bytes, std::io::Error>>();
        let seen = Seen::default();
        let body = relay(upstream, seen.clone());
        drop(body);
        for _ in 0..200 {
            if seen.0.lock().unwrap().1.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(seen.0.lock().unwrap().1, Some(End::ClientGone));
    }
}
