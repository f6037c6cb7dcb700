//! A PostgreSQL connection on its own thread.
//!
//! The synchronous client drives its own small runtime and must not be called from inside an
//! async task; stores that are synchronous by design (like the identity store) send their
//! work here instead and wait for the answer, exactly as they would wait for SQLite. A broken
//! connection is re-opened on the next call.

use std::thread::JoinHandle;

use postgres::Client;

use crate::{PgError, PgUrl};

type Job = Box<dyn FnOnce(Result<&mut Client, PgError>) + Send>;

pub struct PgThread {
    tx: Option<flume::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for PgThread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgThread").finish_non_exhaustive()
    }
}

impl PgThread {
    /// Starts the thread and connects on it (the synchronous client may not even connect
    /// inside an async runtime); a bad URL or an unreachable server fails here.
    pub fn start(url: &PgUrl, name: &str) -> Result<Self, PgError> {
        let url = url.clone();
        let (tx, rx) = flume::bounded::<Job>(64);
        let (ready_tx, ready) = flume::bounded(1);
        let thread = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let mut client = match url.connect() {
                    Ok(c) => {
                        let _ = ready_tx.send(Ok(()));
                        Some(c)
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                for job in rx.iter() {
                    if client.as_ref().is_none_or(|c| c.is_closed()) {
                        client = None;
                        match url.connect() {
                            Ok(c) => client = Some(c),
                            Err(e) => {
                                job(Err(e));
                                continue;
                            }
                        }
                    }
                    if let Some(c) = client.as_mut() {
                        job(Ok(c));
                    }
                }
            })
            .map_err(|e| PgError::Schema(format!("cannot start a PostgreSQL thread: {e}")))?;
        ready.recv().map_err(|_| PgError::ThreadGone)??;
        Ok(Self {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Runs `f` on the connection and waits for its result.
    pub fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, PgError> + Send + 'static,
    ) -> Result<T, PgError> {
        let (done, result) = flume::bounded(1);
        let job: Job = Box::new(move |client| {
            let _ = done.send(client.and_then(f));
        });
        self.tx
            .as_ref()
            .ok_or(PgError::ThreadGone)?
            .send(job)
            .map_err(|_| PgError::ThreadGone)?;
        result.recv().map_err(|_| PgError::ThreadGone)?
    }
}

impl Drop for PgThread {
    fn drop(&mut self) {
        self.tx.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
