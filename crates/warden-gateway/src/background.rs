//! The background runtime: where the gateway records what it forwards.
//!
//! Forwarding runs on the server's runtime; everything that only records (MCP messages tapped
//! beside their requests in observe mode, the model-API recorder reading along a stream, the
//! prompt and output events of a model call, waiting for observe-mode batches to be durable)
//! runs here, on worker threads of its own at a lower scheduling priority. On a busy machine
//! the traffic is then scheduled first, and recording catches up in the gaps; its bounded
//! queues push back on the traffic if it ever falls too far behind, so nothing is dropped.

use std::future::Future;

use tokio::runtime::Handle;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A runtime on threads of its own, at lower priority; it stops when this is dropped.
pub(crate) struct Background {
    handle: Handle,
    /// Dropped with `Background`: ends the runtime's thread.
    _stop: oneshot::Sender<()>,
}

impl Background {
    /// Starts the runtime: one worker per core (at most 4). Where no thread can be started the
    /// caller's runtime is used instead (at the caller's priority).
    pub(crate) fn start() -> Self {
        let (stop, stopped) = oneshot::channel::<()>();
        let (handle_tx, handle_rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("warden-record".into())
            .spawn(move || {
                let workers = std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
                    .min(4);
                let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(workers)
                    .thread_name("warden-record")
                    .on_thread_start(warden_store::lower_thread_priority)
                    .enable_all()
                    .build()
                else {
                    return;
                };
                let _ = handle_tx.send(rt.handle().clone());
                rt.block_on(async {
                    let _ = stopped.await;
                });
            });
        let handle = match spawned {
            Ok(_) => handle_rx.recv().ok(),
            Err(_) => None,
        };
        let handle = handle.unwrap_or_else(Handle::current);
        Self {
            handle,
            _stop: stop,
        }
    }

    /// Runs `task` on the background runtime.
    pub(crate) fn spawn<F>(&self, task: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.handle.spawn(task)
    }

    pub(crate) fn handle(&self) -> &Handle {
        &self.handle
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn records_on_lower_priority_threads_of_its_own() {
        let background = Background::start();
        let ours = (std::thread::current().id(), warden_store::thread_nice());
        let theirs = background
            .spawn(async { (std::thread::current().id(), warden_store::thread_nice()) })
            .await
            .expect("task");
        assert_ne!(theirs.0, ours.0);
        assert_eq!(theirs.1, (ours.1 + 10).min(19));
    }
}
