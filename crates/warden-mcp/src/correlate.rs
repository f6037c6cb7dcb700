//! Matching responses to requests, progress notifications to the request that asked for them,
//! and cancellations to what they cancel, per connection.
//!
//! Each direction has its own id space (a client's request 1 and a server's request 1 are
//! different requests), so requests are keyed by the direction they travelled and their id's
//! JSON text. Memory is bounded: past `capacity` requests in flight the oldest is forgotten
//! (its response is then recorded uncorrelated, never dropped).

use std::collections::{HashMap, VecDeque};

use crate::envelope::{Direction, Frame, FrameKind};

/// What is remembered about a request until its response.
#[derive(Clone, Debug)]
pub struct InFlight<T> {
    pub method: String,
    /// Tool or prompt name, or resource URI.
    pub name: Option<String>,
    pub progress_token: Option<String>,
    /// The caller's own data (the gateway keeps its event ids here).
    pub data: T,
}

/// How a message relates to earlier ones.
#[derive(Clone, Debug)]
pub enum Link<T> {
    /// A new request (now remembered).
    Opened,
    /// A response to a remembered request (now forgotten).
    Answers(InFlight<T>),
    /// A progress notification about a remembered request.
    Progress(InFlight<T>),
    /// A cancellation of a remembered request.
    Cancels(InFlight<T>),
    /// Nothing known: a notification, or a response whose request was never seen.
    None,
}

#[derive(Debug)]
pub struct Correlator<T> {
    open: HashMap<(Direction, String), InFlight<T>>,
    order: VecDeque<(Direction, String)>,
    progress: HashMap<(Direction, String), String>,
    capacity: usize,
}

impl<T: Clone> Default for Correlator<T> {
    fn default() -> Self {
        Self::new(10_000)
    }
}

impl<T: Clone> Correlator<T> {
    pub fn new(capacity: usize) -> Self {
        Self {
            open: HashMap::new(),
            order: VecDeque::new(),
            progress: HashMap::new(),
            capacity: capacity.max(1),
        }
    }

    /// Requests in flight.
    pub fn len(&self) -> usize {
        self.open.len()
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    /// Looks at a message travelling `dir`; `data` is attached to it if it opens a request.
    pub fn see(&mut self, dir: Direction, frame: &Frame<'_>, data: T) -> Link<T> {
        match frame.kind() {
            FrameKind::Request => {
                let Some(id) = frame.id() else {
                    return Link::None;
                };
                let params = frame.call_params();
                let progress_token = params
                    ._meta
                    .as_ref()
                    .and_then(|m| m.progress_token)
                    .map(|t| t.get().to_owned());
                let key = (dir, id.to_owned());
                if let Some(t) = &progress_token {
                    self.progress.insert((dir, t.clone()), id.to_owned());
                }
                let entry = InFlight {
                    method: frame.method().unwrap_or_default().to_owned(),
                    name: params.target_name().map(str::to_owned),
                    progress_token,
                    data,
                };
                if self.open.insert(key.clone(), entry).is_none() {
                    self.order.push_back(key);
                }
                self.evict();
                Link::Opened
            }
            FrameKind::Result | FrameKind::Error => {
                // A response travels the opposite way to its request.
                let Some(id) = frame.id() else {
                    return Link::None;
                };
                let key = (dir.reverse(), id.to_owned());
                match self.open.remove(&key) {
                    Some(req) => {
                        if let Some(t) = &req.progress_token {
                            self.progress.remove(&(key.0, t.clone()));
                        }
                        Link::Answers(req)
                    }
                    None => Link::None,
                }
            }
            FrameKind::Notification => match frame.method() {
                Some("notifications/progress") => {
                    let Some(token) = frame.call_params().progress_token else {
                        return Link::None;
                    };
                    let from = dir.reverse();
                    self.progress
                        .get(&(from, token.get().to_owned()))
                        .and_then(|id| self.open.get(&(from, id.clone())))
                        .map(|r| Link::Progress(r.clone()))
                        .unwrap_or(Link::None)
                }
                Some("notifications/cancelled") => {
                    let Some(id) = frame.call_params().request_id else {
                        return Link::None;
                    };
                    // The sender cancels its own request: same direction.
                    self.open
                        .get(&(dir, id.get().to_owned()))
                        .map(|r| Link::Cancels(r.clone()))
                        .unwrap_or(Link::None)
                }
                _ => Link::None,
            },
        }
    }

    fn evict(&mut self) {
        while self.open.len() > self.capacity {
            let Some(key) = self.order.pop_front() else {
                break;
            };
            if let Some(old) = self.open.remove(&key) {
                if let Some(t) = old.progress_token {
                    self.progress.remove(&(key.0, t));
                }
            }
        }
        // Keys of answered requests linger in `order`; compact when it grows past twice the
        // live set so it stays bounded.
        if self.order.len() > self.capacity * 2 {
            let open = &self.open;
            self.order.retain(|k| open.contains_key(k));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::*;

    fn f(s: &str) -> Frame<'_> {
        Frame::parse(s).unwrap()
    }

    #[test]
    fn responses_progress_and_cancellations_find_their_request() {
        let mut c = Correlator::new(10);
        let req = r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"slow","_meta":{"progressToken":9}}}"#;
        assert!(matches!(c.see(ClientToServer, &f(req), 1u32), Link::Opened));
        let prog = r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":9,"progress":1}}"#;
        match c.see(ServerToClient, &f(prog), 0) {
            Link::Progress(r) => assert_eq!(r.name.as_deref(), Some("slow")),
            other => panic!("{other:?}"),
        }
        let cancel =
            r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}}"#;
        assert!(matches!(
            c.see(ClientToServer, &f(cancel), 0),
            Link::Cancels(_)
        ));
        let resp = r#"{"jsonrpc":"2.0","id":3,"result":{}}"#;
        match c.see(ServerToClient, &f(resp), 0) {
            Link::Answers(r) => {
                assert_eq!(r.method, "tools/call");
                assert_eq!(r.data, 1);
            }
            other => panic!("{other:?}"),
        }
        assert!(c.is_empty());
    }

    #[test]
    fn id_spaces_are_per_direction() {
        let mut c = Correlator::new(10);
        c.see(
            ServerToClient,
            &f(r#"{"jsonrpc":"2.0","id":1,"method":"sampling/createMessage"}"#),
            's',
        );
        c.see(
            ClientToServer,
            &f(r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#),
            'c',
        );
        match c.see(
            ClientToServer,
            &f(r#"{"jsonrpc":"2.0","id":1,"result":{}}"#),
            ' ',
        ) {
            Link::Answers(r) => assert_eq!(r.data, 's'),
            other => panic!("{other:?}"),
        }
        match c.see(
            ServerToClient,
            &f(r#"{"jsonrpc":"2.0","id":1,"result":{}}"#),
            ' ',
        ) {
            Link::Answers(r) => assert_eq!(r.data, 'c'),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn memory_is_bounded() {
        let mut c = Correlator::new(5);
        for i in 0..1000 {
            let m = format!(r#"{{"jsonrpc":"2.0","id":{i},"method":"ping"}}"#);
            c.see(ClientToServer, &f(&m), ());
        }
        assert_eq!(c.len(), 5);
        assert!(c.order.len() <= 10);
    }
}
