//! The configured sinks inside `warden serve`: one delivery loop per sink, started with the
//! gateway, stopped (cancelled, then awaited) before the store closes.

use std::fmt::Write as _;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use warden_store::{DataDir, Store};

use crate::config::SinksConfig;
use crate::delivery::status::SinkStats;
use crate::delivery::Runner;
use crate::registry;
use crate::secret::SecretResolver;

/// A running sink's name, type and live counters.
#[derive(Clone, Debug)]
pub struct SinkHandle {
    pub name: String,
    pub kind: &'static str,
    pub stats: Arc<SinkStats>,
}

pub struct SinkService {
    handles: Vec<SinkHandle>,
    cancel: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl SinkService {
    /// Builds and starts every configured sink. A sink that cannot be built (a secret that does
    /// not resolve, a state directory that cannot be written) stops the start with its reason;
    /// a destination that is merely down does not (its loop retries).
    pub async fn start(
        config: &SinksConfig,
        data: &DataDir,
        store: &Store,
        secrets: &dyn SecretResolver,
    ) -> Result<Self, String> {
        config.validate()?;
        let cancel = CancellationToken::new();
        let mut handles = Vec::new();
        let mut runners = Vec::new();
        for (name, sink) in &config.0 {
            let built = registry::build(name, &sink.kind, secrets).await?;
            let stats = Arc::new(SinkStats::default());
            let runner = Runner::new(
                name,
                built,
                data,
                sink.delivery.clone(),
                store.subscribe_appends(),
                stats.clone(),
            )
            .map_err(|e| format!("sinks.{name}: {e}"))?;
            tracing::info!(sink = %name, r#type = sink.kind.type_name(), destination = %sink.kind.destination(), "sink started");
            handles.push(SinkHandle {
                name: name.clone(),
                kind: sink.kind.type_name(),
                stats,
            });
            runners.push((name.clone(), runner));
        }
        let tasks = runners
            .into_iter()
            .map(|(name, runner)| {
                let cancel = cancel.clone();
                tokio::spawn(async move {
                    if let Err(e) = runner.run(cancel).await {
                        tracing::error!(sink = %name, error = %e, "sink stopped: events stay in the log and are delivered after a restart");
                    }
                })
            })
            .collect();
        Ok(Self {
            handles,
            cancel,
            tasks,
        })
    }

    /// A service with no sinks.
    pub fn none() -> Self {
        Self {
            handles: Vec::new(),
            cancel: CancellationToken::new(),
            tasks: Vec::new(),
        }
    }

    pub fn handles(&self) -> &[SinkHandle] {
        &self.handles
    }

    /// Stops every loop: in-flight sends are abandoned (they are re-sent on the next start,
    /// since the cursor only moves on acknowledgement).
    pub async fn stop(self) {
        self.cancel.cancel();
        for task in self.tasks {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }
}

/// (metric name, Prometheus type, help, value of one sink given the log size).
type Series = (
    &'static str,
    &'static str,
    &'static str,
    fn(&SinkStats, u64) -> u64,
);

/// Prometheus lines for `handles`: lag, deliveries, failures and dead letters per sink.
pub fn render_metrics(handles: &[SinkHandle], tree_size: u64, out: &mut String) {
    if handles.is_empty() {
        return;
    }
    let series: [Series; 4] = [
        (
            "warden_sink_lag_events",
            "gauge",
            "Events in the log the sink's destination has not acknowledged.",
            |s, size| size.saturating_sub(s.next_seq.load(Ordering::Relaxed)),
        ),
        (
            "warden_sink_delivered_total",
            "counter",
            "Events the sink's destination acknowledged.",
            |s, _| s.delivered.load(Ordering::Relaxed),
        ),
        (
            "warden_sink_failures_total",
            "counter",
            "Failed delivery attempts (destination down or refusing); retried.",
            |s, _| s.failures.load(Ordering::Relaxed),
        ),
        (
            "warden_sink_dead_letters_total",
            "counter",
            "Events the destination refused, kept in the sink's dead-letter spool.",
            |s, _| s.dead_letters.load(Ordering::Relaxed),
        ),
    ];
    for (metric, kind, help, value) in series {
        let _ = writeln!(out, "# HELP {metric} {help}\n# TYPE {metric} {kind}");
        for h in handles {
            let _ = writeln!(
                out,
                "{metric}{{sink=\"{}\",type=\"{}\"}} {}",
                h.name,
                h.kind,
                value(&h.stats, tree_size)
            );
        }
    }
}
