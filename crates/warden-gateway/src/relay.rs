//! The one relay for every streamed answer a proxy passes on (MCP Streamable HTTP SSE, model
//! API SSE): the client's connection reads the upstream directly, and each chunk it is sent is
//! copied to an [`Observer`] that records it in a task of its own.
//!
//! Why one helper: nothing that reads a stream may sit between the upstream and the client (a
//! task in between costs every chunk a wake-up, and the first byte most of all), and the ends
//! (upstream done, upstream cut off, client gone) must be handled alike everywhere. The queue
//! to the observer is bounded: a slow observer slows the reading of the upstream
//! (back-pressure), never drops a chunk.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;
use tokio_util::sync::PollSender;

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

/// Relays `upstream` to a new body, `observer` reading along in a task of its own on
/// `runtime` (the gateway's background runtime, so that reading along never competes with the
/// relay itself).
///
/// The client's connection polls the upstream itself (through [`Tee`]): a chunk reaches the
/// client with no task between the two connections, exactly as an unread stream would, and a
/// copy goes to the observer's bounded queue. When the observer is [`IN_FLIGHT`] chunks
/// behind, the upstream is not read until it catches up (back-pressure, never a dropped chunk).
pub(crate) fn relay<S, E, O>(upstream: S, observer: O, runtime: &tokio::runtime::Handle) -> Body
where
    S: Stream<Item = Result<Bytes, E>> + Send + Unpin + 'static,
    E: std::error::Error + Send + Sync + 'static,
    O: Observer,
{
    let (tx, rx) = mpsc::channel::<Seen>(IN_FLIGHT);
    runtime.spawn(observe(rx, observer));
    Body::from_stream(Tee {
        upstream,
        observer: PollSender::new(tx),
        done: false,
    })
}

/// What the observer's task is handed: a chunk the client was sent, or how the stream ended.
/// A queue that closes without an end means the client went away.
enum Seen {
    Chunk(Bytes),
    End(End),
}

/// The relayed body: each upstream chunk goes to the client and a copy to the observer.
struct Tee<S> {
    upstream: S,
    observer: PollSender<Seen>,
    /// The upstream ended or broke off (the observer was told).
    done: bool,
}

impl<S, E> Stream for Tee<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::error::Error + Send + Sync + 'static,
{
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        // A slot for what the upstream yields next, before reading it: the observer keeps up
        // or the upstream waits.
        let observed = match self.observer.poll_reserve(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(r) => r.is_ok(),
        };
        let next = match Pin::new(&mut self.upstream).poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(next) => next,
        };
        let (seen, item) = match next {
            Some(Ok(chunk)) => (Seen::Chunk(chunk.clone()), Some(Ok(chunk))),
            Some(Err(e)) => (Seen::End(End::CutOff), Some(Err(std::io::Error::other(e)))),
            None => (Seen::End(End::Complete), None),
        };
        if matches!(seen, Seen::End(_)) {
            self.done = true;
        }
        if observed {
            // The slot is reserved: this cannot fail for want of room. A gone observer (its
            // task ended) is no reason to stop the client's stream.
            let _ = self.observer.send_item(seen);
        }
        Poll::Ready(item)
    }
}

/// The observer's task: every chunk in order, then the end.
async fn observe<O: Observer>(mut rx: mpsc::Receiver<Seen>, mut observer: O) {
    let how = loop {
        match rx.recv().await {
            Some(Seen::Chunk(chunk)) => observer.chunk(&chunk).await,
            Some(Seen::End(how)) => break how,
            None => break End::ClientGone,
        }
    };
    observer.end(how).await;
}

/// For a body the gateway has already written to ([`channel_body`]): sends each chunk of
/// `upstream` into `tx`, then hands it to `observer`; ends the observer
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
        let (bytes, ok) = collect(relay(
            upstream,
            seen.clone(),
            &tokio::runtime::Handle::current(),
        ))
        .await;
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

    /// An observer that reads nothing until it is let go.
    #[derive(Clone)]
    struct Stalled {
        go: Arc<tokio::sync::Semaphore>,
        seen: Seen,
    }

    impl Observer for Stalled {
        async fn chunk(&mut self, chunk: &Bytes) {
            let _ = self.go.acquire().await;
            self.seen.chunk(chunk).await;
        }
        async fn end(self, how: End) {
            self.seen.end(how).await;
        }
    }

    #[tokio::test]
    async fn a_stalled_observer_holds_back_the_upstream_and_loses_nothing() {
        let read = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = read.clone();
        let upstream = futures_util::stream::iter(0..1000u32).map(move |i| {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, std::io::Error>(Bytes::from(format!("{i},")))
        });
        let go = Arc::new(tokio::sync::Semaphore::new(0));
        let observer = Stalled {
            go: go.clone(),
            seen: Seen::default(),
        };
        let client = tokio::spawn(collect(relay(
            upstream,
            observer.clone(),
            &tokio::runtime::Handle::current(),
        )));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let before = read.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            before <= IN_FLIGHT + 2,
            "{before} chunks read while the observer could take none"
        );
        go.add_permits(usize::MAX >> 4);
        let (bytes, ok) = client.await.unwrap();
        assert!(ok);
        let expected: String = (0..1000u32).map(|i| format!("{i},")).collect();
        assert_eq!(bytes, expected.as_bytes());
        for _ in 0..200 {
            if observer.seen.0.lock().unwrap().1.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let g = observer.seen.0.lock().unwrap();
        assert_eq!(g.1, Some(End::Complete));
        let got: Vec<u8> = g.0.iter().flat_map(|b| b.to_vec()).collect();
        assert_eq!(got, expected.as_bytes());
    }

    #[tokio::test]
    async fn a_broken_upstream_reaches_the_client_as_an_error() {
        let upstream = futures_util::stream::iter(vec![
            Ok(Bytes::from_static(b"data: 1\n\n")),
            Err(std::io::Error::other("reset")),
        ]);
        let seen = Seen::default();
        let (bytes, ok) = collect(relay(
            upstream,
            seen.clone(),
            &tokio::runtime::Handle::current(),
        ))
        .await;
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
        let body = relay(upstream, seen.clone(), &tokio::runtime::Handle::current());
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
