//! Fleet-wide notifications over PostgreSQL LISTEN/NOTIFY.
//!
//! Every Warden component notifies on one channel; the payload is `schema|topic|data`, and a
//! listener only delivers messages for the schema its own URL selects. A notification sent
//! inside a transaction is delivered when (and only if) it commits, so a listener never hears
//! of a revocation that was rolled back. Messages sent while a listener is disconnected are
//! lost, which is why the listener also calls back on every (re)connect and on a periodic tick:
//! the caller reloads its full state then, and stays correct without trusting delivery.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use postgres::fallible_iterator::FallibleIterator as _;
use postgres::{Client, GenericClient};

use crate::{PgError, PgUrl};

/// The one channel Warden notifies on.
pub const CHANNEL: &str = "warden";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub topic: String,
    pub payload: String,
}

/// Queues a notification for `topic`, delivered to every listener on this schema when the
/// caller's transaction commits (at once outside a transaction).
pub fn notify(client: &mut impl GenericClient, topic: &str, payload: &str) -> Result<(), PgError> {
    client.execute(
        "SELECT pg_notify('warden', current_schema() || '|' || $1 || '|' || $2)",
        &[&topic, &payload],
    )?;
    Ok(())
}

/// A thread listening for notifications; stops when dropped.
pub struct Listener {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listener").finish_non_exhaustive()
    }
}

/// How often the thread checks whether it should stop.
const POLL: Duration = Duration::from_millis(200);

impl Listener {
    /// Starts listening. `on_event` gets `Some(message)` per notification, and `None` once
    /// connected, after every reconnect and every `tick`: reload everything then.
    pub fn spawn(
        url: &PgUrl,
        tick: Duration,
        mut on_event: impl FnMut(Option<Notification>) + Send + 'static,
    ) -> Result<Self, PgError> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let url = url.clone();
        let (ready_tx, ready) = flume::bounded(1);
        let thread = std::thread::Builder::new()
            .name("warden-pg-listen".into())
            .spawn(move || {
                // Connect here: the synchronous client may not connect inside an async runtime.
                let mut conn = match subscribe(&url) {
                    Ok(c) => {
                        let _ = ready_tx.send(Ok(()));
                        Some(c)
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                while !flag.load(Ordering::Relaxed) {
                    let (client, schema) = match conn.as_mut() {
                        Some(c) => c,
                        None => match subscribe(&url) {
                            Ok(c) => conn.insert(c),
                            Err(e) => {
                                tracing::warn!(error = %e, "fleet notifications: reconnect failed; retrying");
                                std::thread::sleep(Duration::from_secs(1));
                                continue;
                            }
                        },
                    };
                    on_event(None);
                    if let Err(e) = pump(client, schema, tick, &flag, &mut on_event) {
                        tracing::warn!(error = %e, "fleet notifications: connection lost; reconnecting");
                        conn = None;
                    }
                }
            })
            .map_err(|e| PgError::Schema(format!("cannot start the listener thread: {e}")))?;
        ready.recv().map_err(|_| PgError::ThreadGone)??;
        Ok(Self {
            stop,
            thread: Some(thread),
        })
    }
}

fn subscribe(url: &PgUrl) -> Result<(Client, String), PgError> {
    let mut client = url.connect()?;
    client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
    let schema: String = client.query_one("SELECT current_schema()", &[])?.get(0);
    Ok((client, schema))
}

/// Delivers notifications until stopped (Ok) or the connection fails (Err).
fn pump(
    client: &mut Client,
    schema: &str,
    tick: Duration,
    stop: &AtomicBool,
    on_event: &mut impl FnMut(Option<Notification>),
) -> Result<(), PgError> {
    let mut last_tick = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        {
            let mut notes = client.notifications();
            let mut iter = notes.timeout_iter(POLL);
            while let Some(n) = iter.next()? {
                if let Some(note) = parse(schema, n.payload()) {
                    on_event(Some(note));
                }
            }
        }
        if client.is_closed() {
            return Err(PgError::Schema("the listening connection closed".into()));
        }
        if last_tick.elapsed() >= tick {
            last_tick = Instant::now();
            on_event(None);
        }
    }
    Ok(())
}

fn parse(schema: &str, payload: &str) -> Option<Notification> {
    let mut parts = payload.splitn(3, '|');
    let (s, topic, data) = (parts.next()?, parts.next()?, parts.next()?);
    (s == schema).then(|| Notification {
        topic: topic.to_owned(),
        payload: data.to_owned(),
    })
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod unit {
    use super::parse;

    #[test]
    fn payloads_of_other_schemas_are_ignored() {
        let n = parse("a", "a|revocation|lease:x|y").expect("own schema");
        assert_eq!(n.topic, "revocation");
        assert_eq!(n.payload, "lease:x|y");
        assert!(parse("a", "b|revocation|x").is_none());
        assert!(parse("a", "a|only-two").is_none());
    }
}
