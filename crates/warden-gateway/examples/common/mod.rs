//! What the proxy benchmarks share: each part of a run (the upstream, the gateway, the load
//! generator) is a process of its own, so that the gateway's cost is not mixed with the
//! client's or the upstream's, and the direct baseline uses the same load generator against
//! the same upstream process.
//!
//! The load generator starts the other parts by running its own executable with `--role NAME`
//! (and the role's flags). A part announces `listening ADDR` on its stdout once it accepts
//! connections, then serves until its stdin closes: when the load generator ends, however it
//! ends, its parts end with it. A part can also be started by hand (for example the gateway
//! under `valgrind --tool=callgrind`, stdin held open by `sleep infinity |`) and handed to the
//! load generator with `--gateway ADDR` / `--upstream ADDR`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use warden_gateway::{Config, ServeOptions, DEFAULT_CONFIG};

/// Worker threads of the gateway's runtime, as `warden serve` has them: one per core.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

pub fn runtime(workers: usize) -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// A part of the run in its own process; ends when dropped.
pub struct Part {
    child: Child,
    pub addr: SocketAddr,
}

impl Part {
    /// Runs this executable with `args` (`--role NAME …`) and waits for its address.
    pub fn start(args: &[String]) -> Result<Self, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = Command::new(exe)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("could not start {args:?}: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let addr = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|a| a.parse().ok())
            .ok_or_else(|| format!("{args:?} did not start (said {line:?})"))?;
        Ok(Self { child, addr })
    }
}

impl Part {
    /// CPU time the part has used so far, every thread, user and system (Linux; `None`
    /// elsewhere): what a figure per call is computed from, whatever else the machine runs.
    pub fn cpu_time(&self) -> Option<std::time::Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // Fields after the command name (which may hold spaces) start after the last ')'.
        let rest = stat.rsplit_once(')')?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // SAFETY: `sysconf` reads a constant of the C library and touches no memory of ours.
        let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
        let per_second = u64::try_from(per_second).ok().filter(|t| *t > 0)?;
        Some(std::time::Duration::from_micros(
            ticks * 1_000_000 / per_second,
        ))
    }
}

impl Drop for Part {
    fn drop(&mut self) {
        // Closing its stdin asks the part to stop (the gateway then closes its store cleanly).
        drop(self.child.stdin.take());
        for _ in 0..100 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Tells the starter where this part listens, then returns when its stdin closes.
pub async fn announce_until_stdin_closes(addr: SocketAddr) {
    println!("listening {addr}");
    let _ = std::io::stdout().flush();
    let _ = tokio::task::spawn_blocking(|| {
        let mut sink = [0u8; 64];
        let mut stdin = std::io::stdin();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
    })
    .await;
}

/// The gateway part: `warden_gateway::serve` with `config` (listening on a free loopback port)
/// and a fresh data directory, one worker per core; stops when stdin closes.
pub fn gateway(mut config: Config) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data = warden_store::DataDir::open_or_init(&tmp.path().join("data"), DEFAULT_CONFIG)
        .map_err(|e| e.to_string())?;
    config.gateway.listen = SocketAddr::from(([127, 0, 0, 1], 0));
    let rt = runtime(cores())?;
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(warden_gateway::serve(
        ServeOptions {
            config,
            data,
            on_ready: Some(ready_tx),
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    let addr = rt
        .block_on(ready_rx)
        .map_err(|_| "the gateway did not start".to_string())?;
    rt.block_on(announce_until_stdin_closes(addr));
    let _ = stop_tx.send(());
    rt.block_on(server).map_err(|e| e.to_string())?
}

/// An upstream part: serves `app` on a free loopback port with `workers` threads (no Nagle
/// delay on its connections), until stdin closes.
pub fn upstream(app: axum::Router, workers: usize) -> Result<(), String> {
    use axum::serve::ListenerExt as _;
    let rt = runtime(workers)?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        announce_until_stdin_closes(addr).await;
        Ok(())
    })
}

/// The machine's load average (first three fields of `/proc/loadavg`), for the summary.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    v[v.len() / 2]
}
